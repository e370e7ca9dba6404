/* c2v-render --timings FILE: where a render's time went, as JSON, for
 * bench/vs_manim and anyone comparing runs. Times are seconds; `main_at`
 * and `written_at` are CLOCK_MONOTONIC readings, so that a parent that
 * read the same clock before starting the process can tell its start-up
 * (exec to main) and its exit (the file written to the process reaped). */
#ifndef C2V_RENDER_TIMINGS_H
#define C2V_RENDER_TIMINGS_H

#include <librender/lr_video.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct cli_timings {
    double main_at;       /* monotonic, at main's start */
    double spec_load_s;   /* the spec read and validated */
    double render_s;      /* lr_video_render (or the frames' call) */
    double spec_free_s;   /* lr_spec_destroy */
} cli_timings;

double timings_now(void);

/* The render's stages as one line on `out` (-v). */
void timings_print(FILE *out, const cli_timings *t, const lr_video_options *vo);

/* The JSON file; false with errno when it cannot be written. */
bool timings_write(const char *path, const cli_timings *t, const lr_video_options *vo);

#endif
