/* The progress display of c2v-render: a bar on a terminal, plain lines in a
 * log. */
#ifndef C2V_RENDER_PROGRESS_H
#define C2V_RENDER_PROGRESS_H

#include <librender/lr_video.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct progress_display {
    FILE *out;
    bool tty;
    double last_line_at; /* seconds, for plain lines */
    bool said_all;       /* a plain line has shown every frame done (100 %) */
    double started;
    bool joining; /* the join has been announced */
} progress_display;

void progress_init(progress_display *d, FILE *out);
void progress_show(progress_display *d, const lr_video_progress *p);
/* Ends the bar's line on a terminal; says how long it took when `ok`. */
void progress_finish(progress_display *d, bool ok);

#endif
