/* A fault at an exact moment, for tests/hardening/test_faults.sh: preloaded
 * (LD_PRELOAD) into c2v-render, it raises a signal in the process when a
 * file whose path contains a given text is opened or renamed into place,
 * just before the call goes on. So a test can interrupt the final join
 * (SIGINT when the joined video's temporary file is opened), kill a render
 * between two renames (SIGKILL before one), or hold it still (SIGSTOP)
 * while a second render starts -- every time at the same point, however
 * fast the machine.
 *
 *   C2V_FAULT_OPEN=TEXT:SIGNAL    on open() of a path containing TEXT
 *   C2V_FAULT_RENAME=TEXT:SIGNAL  on rename() to a path ending with TEXT
 *
 * Each fires once per process. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

static atomic_bool open_fired, rename_fired;

/* Raises the signal of `var` ("TEXT:SIGNAL") when `path` matches TEXT. */
static void maybe_fire(const char *var, const char *path, bool suffix, atomic_bool *fired)
{
    const char *spec = getenv(var);
    const char *colon = spec ? strrchr(spec, ':') : NULL;
    if (!colon || !path || atomic_load(fired))
        return;
    size_t n = (size_t)(colon - spec), len = strlen(path);
    bool match = suffix ? len >= n && memcmp(path + len - n, spec, n) == 0 : memmem(path, len, spec, n) != NULL;
    if (match && !atomic_exchange(fired, true))
        raise(atoi(colon + 1));
}

static int open_with(const char *name, const char *path, int flags, va_list ap)
{
    mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
    maybe_fire("C2V_FAULT_OPEN", path, false, &open_fired);
    int (*real)(const char *, int, ...);
    *(void **)&real = dlsym(RTLD_NEXT, name); /* POSIX's way from dlsym to a function */
    return real(path, flags, mode);
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = open_with("open", path, flags, ap);
    va_end(ap);
    return fd;
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    int fd = open_with("open64", path, flags, ap);
    va_end(ap);
    return fd;
}

int rename(const char *from, const char *to)
{
    maybe_fire("C2V_FAULT_RENAME", to, true, &rename_fired);
    int (*real)(const char *, const char *);
    *(void **)&real = dlsym(RTLD_NEXT, "rename");
    return real(from, to);
}
