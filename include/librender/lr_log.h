/* librender: where FFmpeg's log lines (and librender's own warnings) go.
 *
 * librender encodes and joins video with FFmpeg, whose libraries log on their
 * own (a muxer's warning, x264's statistics when an encoder closes). Those
 * lines are routed through librender, as are librender's own warnings (no
 * colour emoji font, source "librender"): each complete line goes to the
 * callback set here, or, with none set, to stderr as "[source] message".
 * Lines above the level are dropped before any formatting, and so are lines
 * above FFmpeg's own av_log_get_level(), so an application that lowered
 * FFmpeg's level with av_log_set_level keeps what it chose.
 *
 *   static void to_my_log(lr_log_level level, const char *source, const char *message, void *user)
 *   {
 *       my_log(level <= LR_LOG_WARNING ? MY_WARN : MY_INFO, "%s: %s", source, message);
 *   }
 *   lr_log_set_callback(to_my_log, NULL);
 *   lr_log_set_level(LR_LOG_INFO);
 *
 * The default level is LR_LOG_WARNING: FFmpeg's informational chatter never
 * reaches stderr, its warnings and errors do. (The reasons for librender's
 * own failures come back through lr_error either way.)
 *
 * FFmpeg's logger is one per process, so this setting is too: the only
 * process-wide state librender has. librender installs its router with
 * av_log_set_callback the first time it uses FFmpeg; an application that
 * installs its own FFmpeg callback after that takes FFmpeg's lines back. The callback may be called from
 * several threads at once (each encoder has a thread): it must be
 * thread-safe. Set it before rendering.
 */
#ifndef LR_LOG_H
#define LR_LOG_H

#include "lr_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lr_log_level {
    LR_LOG_QUIET = -1, /* as a level: nothing at all */
    LR_LOG_ERROR = 0,  /* FFmpeg's panic, fatal and error */
    LR_LOG_WARNING,
    LR_LOG_INFO,
    LR_LOG_VERBOSE,
    LR_LOG_DEBUG /* FFmpeg's debug and trace */
} lr_log_level;

/* `source` names what logged ("libx264", "mp4", "ffmpeg" when FFmpeg does
 * not say); `message` is one line, without its newline. Both are valid
 * only during the call. */
typedef void (*lr_log_fn)(lr_log_level level, const char *source, const char *message, void *user);

/* NULL restores the default (stderr). */
LR_API void lr_log_set_callback(lr_log_fn fn, void *user);
/* Lines at or below `level` are delivered; LR_LOG_QUIET delivers none. */
LR_API void lr_log_set_level(lr_log_level level);
LR_API lr_log_level lr_log_get_level(void);
/* "error", "warning", "info", "verbose", "debug" ("quiet" for LR_LOG_QUIET). */
LR_API const char *lr_log_level_name(lr_log_level level);

#ifdef __cplusplus
}
#endif
#endif
