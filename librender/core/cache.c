#include "core/cache.h"
#include "core/file.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

uint64_t lr_hash64(const void *data, size_t size, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ull ^ seed;
    for (size_t i = 0; i < size; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

void lr_cache_default_dir(const char *sub, char *out, size_t size)
{
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(out, size, "%s/c2v/%s", xdg, sub);
    else if (home && home[0] == '/')
        snprintf(out, size, "%s/.cache/c2v/%s", home, sub);
    else if (size)
        out[0] = '\0'; /* nowhere sensible: run without a disk cache */
}

void lr_cache_path(const char *dir, uint64_t key, const char *ext, char *out, size_t size)
{
    snprintf(out, size, "%s/%016llx.%s", dir, (unsigned long long)key, ext);
}

lr_status lr_cache_load(const char *dir, uint64_t key, const char *ext, size_t max, char **data, size_t *size)
{
    char path[4200];
    if (!dir || !dir[0])
        return LR_ERR_IO;
    lr_cache_path(dir, key, ext, path, sizeof path);
    return lr_file_read_all(path, max, data, size);
}

void lr_cache_store(const char *dir, uint64_t key, const char *ext, const char *data, size_t size)
{
    if (!dir || !dir[0] || !lr_file_make_dirs(dir))
        return;
    char path[4200], tmp_path[4400];
    lr_cache_path(dir, key, ext, path, sizeof path);
    /* The cache may be shared by processes on several machines (a
     * cluster's home folder), where process ids repeat: mkstemps makes the
     * temporary name with O_EXCL, so no two writers ever share it. */
    int n = snprintf(tmp_path, sizeof tmp_path, "%s.XXXXXX.tmp", path);
    if (n < 0 || (size_t)n >= sizeof tmp_path)
        return;
    int fd = mkstemps(tmp_path, 4);
    if (fd < 0)
        return;
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC); /* programs are started on other threads */
    if (lr_file_write_fd(fd, data, size) && rename(tmp_path, path) == 0)
        return;
    unlink(tmp_path);
}
