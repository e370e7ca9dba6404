/* The log's one piece of process-wide state (FFmpeg's logger, which it
 * serves, is one per process): the level is atomic, the callback and its
 * user pointer change under a lock. */
#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static lr_log_fn log_fn; /* guarded by log_lock; NULL: stderr */
static void *log_user;   /* guarded by log_lock */
static atomic_int log_level = LR_LOG_WARNING;

void lr_log_set_callback(lr_log_fn fn, void *user)
{
    pthread_mutex_lock(&log_lock);
    log_fn = fn;
    log_user = user;
    pthread_mutex_unlock(&log_lock);
}

void lr_log_set_level(lr_log_level level)
{
    if (level < LR_LOG_QUIET)
        level = LR_LOG_QUIET;
    if (level > LR_LOG_DEBUG)
        level = LR_LOG_DEBUG;
    atomic_store(&log_level, (int)level);
}

lr_log_level lr_log_get_level(void)
{
    return (lr_log_level)atomic_load(&log_level);
}

const char *lr_log_level_name(lr_log_level level)
{
    switch (level) {
    case LR_LOG_QUIET: return "quiet";
    case LR_LOG_ERROR: return "error";
    case LR_LOG_WARNING: return "warning";
    case LR_LOG_INFO: return "info";
    case LR_LOG_VERBOSE: return "verbose";
    case LR_LOG_DEBUG: return "debug";
    }
    return "unknown";
}

bool lr_log_enabled(lr_log_level level)
{
    return level >= LR_LOG_ERROR && (int)level <= atomic_load(&log_level);
}

void lr_log_line(lr_log_level level, const char *source, const char *line)
{
    if (!lr_log_enabled(level))
        return;
    pthread_mutex_lock(&log_lock);
    lr_log_fn fn = log_fn;
    void *user = log_user;
    pthread_mutex_unlock(&log_lock);
    if (fn)
        fn(level, source, line, user);
    else
        fprintf(stderr, "[%s] %s\n", source, line);
}

void lr_log_printf(lr_log_level level, const char *source, const char *fmt, ...)
{
    if (!lr_log_enabled(level))
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    lr_log_line(level, source, line);
}
