/* Files: opening an input file that a spec (or a download) names, and
 * reading and writing c2v's own (work directories, caches). */
#ifndef LR_CORE_FILE_H
#define LR_CORE_FILE_H

#include <librender/lr_base.h>

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

/* Opens `path` for reading when it is a regular file, and refuses anything
 * else -- a FIFO, a device, a socket, a folder -- with a message naming the
 * file and what it is. A FIFO with no writer would block open() forever, and
 * a device may never end: the type is checked before the open, and again on
 * the descriptor, which is opened non-blocking (then made blocking again).
 * `st` (optional) gets the file's stat. The caller fcloses *out. */
lr_status lr_file_open_regular(const char *path, FILE **out, struct stat *st, lr_error *err);

/* The whole of a regular file of at most `max` bytes, malloc'd and
 * NUL-terminated (`size`, optional, gets its length): LR_ERR_IO when it
 * cannot be opened or read, LR_ERR_LIMIT when it is larger or not a
 * regular file. Meant for files c2v itself wrote (work directories, caches). */
lr_status lr_file_read_all(const char *path, size_t max, char **out, size_t *size);

/* Writes `data` to a new file (mode 0600) and closes it; false on any
 * failure. */
bool lr_file_write_all(const char *path, const char *data, size_t size);
/* Writes `data` to `fd` and closes it. */
bool lr_file_write_fd(int fd, const char *data, size_t size);

/* Makes `dir` and its missing parents (mode 0700). */
bool lr_file_make_dirs(const char *dir);

#endif
