#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
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
