/* FFmpeg's log lines routed through librender's log (core/log.c,
 * include/librender/lr_log.h): one callback for the process, as FFmpeg has. */
#include "encode/encode_internal.h"

#include "core/log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libavutil/log.h>

static pthread_once_t route_once = PTHREAD_ONCE_INIT;

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

static void route(void *avcl, int level, const char *fmt, va_list vl)
{
    if (level < 0 || level > av_log_get_level())
        return; /* AV_LOG_QUIET, or below what the application asked of FFmpeg */
    lr_log_level l = level_from_av(level);
    if (!lr_log_enabled(l))
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
        lr_log_line(p->level, p->source, p->text);
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
