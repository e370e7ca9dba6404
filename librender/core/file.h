/* Opening an input file that a spec (or a download) names. */
#ifndef LR_CORE_FILE_H
#define LR_CORE_FILE_H

#include <librender/lr_base.h>

#include <stdio.h>
#include <sys/stat.h>

/* Opens `path` for reading when it is a regular file, and refuses anything
 * else -- a FIFO, a device, a socket, a folder -- with a message naming the
 * file and what it is. A FIFO with no writer would block open() forever, and
 * a device may never end: the type is checked before the open, and again on
 * the descriptor, which is opened non-blocking (then made blocking again).
 * `st` (optional) gets the file's stat. The caller fcloses *out. */
lr_status lr_file_open_regular(const char *path, FILE **out, struct stat *st, lr_error *err);

#endif
