/* The live preview: plays a scene spec in a window and reloads it when the
 * file changes. Edit the JSON in another window and watch.
 *
 *   preview examples/spec_minimal.json
 *   preview lesson.json --seconds 5     (quits after 5 s, prints the frame rate)
 *
 * Keys: space, arrows, shift+arrows, Home/End, g, b, s, h, q (h lists them). */
#include <librender.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s SCENE.json [--seconds N]\n", argv[0]);
        return 2;
    }
    double seconds = argc >= 4 && strcmp(argv[2], "--seconds") == 0 ? atof(argv[3]) : 0;

    lr_preview_options opt = lr_preview_options_default();
    lr_preview *pv;
    lr_error err;
    if (lr_preview_create(argv[1], &opt, &pv, &err) != LR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    lr_status s = LR_OK;
    if (seconds <= 0) {
        s = lr_preview_run(pv, &err);
    } else {
        /* A timed run for measuring: frames shown per second of wall time
         * while playing (below the spec's rate, frames were dropped). */
        double start = now_s(), end = start + seconds;
        int64_t last = -1, shown = 0;
        while (s == LR_OK && !lr_preview_should_close(pv) && now_s() < end && !lr_preview_paused(pv)) {
            s = lr_preview_step(pv, &err);
            if (lr_preview_frame(pv) != last) {
                last = lr_preview_frame(pv);
                shown++;
            }
        }
        double elapsed = now_s() - start;
        printf("played %.2f of %.2f s in %.2f s: %.1f frames/s shown (the spec asks %d)\n", lr_preview_time(pv),
               lr_preview_duration(pv), elapsed, (double)shown / elapsed, lr_preview_fps(pv));
    }
    if (s != LR_OK)
        fprintf(stderr, "%s\n", err.message);
    lr_preview_destroy(pv);
    return s == LR_OK ? 0 : 1;
}
