#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *kind_of(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a plain file";
}

static lr_status refuse(const char *path, mode_t mode, lr_error *err)
{
    return lr_error_set(err, LR_ERR_IO, "%s is %s, not a regular file", path, kind_of(mode));
}

lr_status lr_file_open_regular(const char *path, FILE **out, struct stat *st, lr_error *err)
{
    *out = NULL;
    if (!path)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "no file name");
    struct stat sb;
    /* A socket cannot be opened at all, and a device's open may have
     * effects: look before opening. */
    if (stat(path, &sb) != 0)
        return lr_error_set(err, LR_ERR_IO, "%s: %s", path, strerror(errno));
    if (!S_ISREG(sb.st_mode))
        return refuse(path, sb.st_mode, err);
    /* The name may have been swapped for a FIFO since: O_NONBLOCK keeps the
     * open from waiting for a writer, and fstat tells what was opened. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return lr_error_set(err, LR_ERR_IO, "%s: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        int e = errno;
        close(fd);
        return S_ISREG(sb.st_mode) ? lr_error_set(err, LR_ERR_IO, "%s: %s", path, strerror(e))
                                   : refuse(path, sb.st_mode, err);
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        return lr_error_set(err, LR_ERR_NOMEM, "%s: %s", path, strerror(e));
    }
    if (st)
        *st = sb;
    *out = f;
    return LR_OK;
}

lr_status lr_file_read_all(const char *path, size_t max, char **out, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return LR_ERR_IO;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size > (uint64_t)max) {
        fclose(f);
        return LR_ERR_LIMIT;
    }
    size_t n = (size_t)sb.st_size;
    char *buf = malloc(n + 1);
    if (!buf) {
        fclose(f);
        return LR_ERR_NOMEM;
    }
    size_t got = fread(buf, 1, n, f);
    fclose(f);
    if (got != n) {
        free(buf);
        return LR_ERR_IO;
    }
    buf[n] = '\0';
    *out = buf;
    if (size)
        *size = n;
    return LR_OK;
}

bool lr_file_write_fd(int fd, const char *data, size_t size)
{
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            return false;
        }
        done += (size_t)w;
    }
    return close(fd) == 0;
}

bool lr_file_write_all(const char *path, const char *data, size_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    return fd >= 0 && lr_file_write_fd(fd, data, size);
}

bool lr_file_make_dirs(const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0700) != 0 && errno != EEXIST)
                return false;
            buf[i] = c;
        }
    }
    struct stat sb;
    return stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
}
