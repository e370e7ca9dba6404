/* FFmpeg's log lines routed through lr_log (include/librender/lr_log.h).
 * FFmpeg has one log callback per process, so the routing is process-wide
 * too; it is the one piece of global mutable state in librender, and it is
 * guarded: the level is atomic, the callback and its user pointer change
 * under a lock. */
#include "encode/encode_internal.h"

#include <librender/lr_log.h>

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include <libavutil/log.h>

static pthread_once_t route_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t route_lock = PTHREAD_MUTEX_INITIALIZER;
static lr_log_fn route_fn;    /* guarded by route_lock; NULL: stderr */
static void *route_user;      /* guarded by route_lock */
static atomic_int route_level = LR_LOG_WARNING;

static lr_log_level level_from_av(int level)
{
    if (level <= AV_LOG_ERROR)
        return LR_LOG_ERROR;
    if (level <= AV_LOG_WARNING)
        return LR_LOG_WARNING;
    if (level <= AV_LOG_INFO)
        return LR_LOG_INFO;
    if (level <= AV_LOG_VERBOSE)
        return LR_LOG_VERBOSE;
    return LR_LOG_DEBUG;
}

static const char *source_of(void *avcl)
{
    const AVClass *cls = avcl ? *(const AVClass **)avcl : NULL;
    const char *name = cls && cls->item_name ? cls->item_name(avcl) : NULL;
    return name && name[0] ? name : "ffmpeg";
}

/* A line may come in pieces (calls without a newline): each thread gathers
 * its own until the newline, then delivers it once. */
typedef struct pending_line {
    char text[1024];
    size_t used;
    lr_log_level level;
    char source[64];
} pending_line;

static _Thread_local pending_line pending;

static void deliver(const pending_line *p)
{
    pthread_mutex_lock(&route_lock);
    lr_log_fn fn = route_fn;
    void *user = route_user;
    pthread_mutex_unlock(&route_lock);
    if (fn)
        fn(p->level, p->source, p->text, user);
    else
        fprintf(stderr, "[%s] %s\n", p->source, p->text);
}

static void route(void *avcl, int level, const char *fmt, va_list vl)
{
    if (level < 0 || level > av_log_get_level())
        return; /* AV_LOG_QUIET, or below what the application asked of FFmpeg */
    lr_log_level l = level_from_av(level);
    if ((int)l > atomic_load(&route_level))
        return;
    pending_line *p = &pending;
    if (p->used == 0) {
        p->level = l;
        snprintf(p->source, sizeof p->source, "%s", source_of(avcl));
    }
    int n = vsnprintf(p->text + p->used, sizeof p->text - p->used, fmt, vl);
    if (n < 0)
        return;
    p->used += (size_t)n < sizeof p->text - p->used ? (size_t)n : sizeof p->text - 1 - p->used;
    bool full = p->used + 1 >= sizeof p->text;
    if (!full && (p->used == 0 || p->text[p->used - 1] != '\n'))
        return;
    while (p->used > 0 && (p->text[p->used - 1] == '\n' || p->text[p->used - 1] == '\r'))
        p->text[--p->used] = '\0';
    if (p->used > 0)
        deliver(p);
    p->used = 0;
    p->text[0] = '\0';
}

static void install(void)
{
    av_log_set_callback(route);
}

void lr_log_route_ffmpeg(void)
{
    pthread_once(&route_once, install);
}

void lr_log_set_callback(lr_log_fn fn, void *user)
{
    lr_log_route_ffmpeg();
    pthread_mutex_lock(&route_lock);
    route_fn = fn;
    route_user = user;
    pthread_mutex_unlock(&route_lock);
}

void lr_log_set_level(lr_log_level level)
{
    lr_log_route_ffmpeg();
    if (level < LR_LOG_QUIET)
        level = LR_LOG_QUIET;
    if (level > LR_LOG_DEBUG)
        level = LR_LOG_DEBUG;
    atomic_store(&route_level, (int)level);
}

lr_log_level lr_log_get_level(void)
{
    return (lr_log_level)atomic_load(&route_level);
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
