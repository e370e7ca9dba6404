/* librender's log inside the library (include/librender/lr_log.h): FFmpeg's
 * lines (encode/log.c) and librender's own warnings go out through here. */
#ifndef LR_CORE_LOG_H
#define LR_CORE_LOG_H

#include <librender/lr_log.h>

/* Whether a line at `level` would be delivered at all. */
bool lr_log_enabled(lr_log_level level);
/* One line (no newline) to the callback, or to stderr as "[source] line". */
void lr_log_line(lr_log_level level, const char *source, const char *line);
void lr_log_printf(lr_log_level level, const char *source, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
