/* Bar charts (spec version 2), three ways to move the same N bars over a
 * section: values that read a value a SetValue moves (the chart rebuilt at
 * every frame: axes, numbers and names included), a ChangeBarValues (each
 * bar a Transform, nothing rebuilt), and the chart frozen. Per frame: the
 * seek, and seek + draw + readback at 854x480; rounds interleaved, medians.
 * Then the build of a section holding a 12 x 12 text table with labels.
 *
 *   bench_charts [--bars N] [--frames F] [--rounds R] */
#include <librender.h>

#include "bench_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DRIVEN, CHANGED, FROZEN };

/* Bar i: (i + 1) (1 + k) / n with k from 0 to 1, or the same by
 * ChangeBarValues, or fixed at k = 0. */
static char *chart_spec(int n, int how, double seconds)
{
    size_t cap = 1024 + (size_t)n * 128; /* every snprintf below fits */
    char *buf = malloc(cap);
    size_t at = (size_t)snprintf(buf, cap, "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": "
                                           "\"s\", \"title\": \"Bars\", \"objects\": [{\"id\": \"k\", \"type\": "
                                           "\"value\"}, {\"id\": \"c\", \"type\": \"bar_chart\", \"y_range\": [0, 2, "
                                           "0.5], \"values\": [");
    for (int i = 0; i < n; i++)
        at += how == DRIVEN ? (size_t)snprintf(buf + at, cap - at, "%s\"%g*(1 + k)\"", i ? ", " : "", (i + 1.0) / n)
                            : (size_t)snprintf(buf + at, cap - at, "%s%g", i ? ", " : "", (i + 1.0) / n);
    at += (size_t)snprintf(buf + at, cap - at, "], \"bar_names\": [");
    for (int i = 0; i < n; i++)
        at += (size_t)snprintf(buf + at, cap - at, "%s\"%d\"", i ? ", " : "", i);
    at += (size_t)snprintf(buf + at, cap - at, "]}], \"timeline\": [{\"add\": [\"c\"]}, {\"play\": [");
    if (how == CHANGED) {
        at += (size_t)snprintf(buf + at, cap - at, "{\"anim\": \"ChangeBarValues\", \"target\": \"c\", \"values\": [");
        for (int i = 0; i < n; i++)
            at += (size_t)snprintf(buf + at, cap - at, "%s%g", i ? ", " : "", 2 * (i + 1.0) / n);
        at += (size_t)snprintf(buf + at, cap - at, "]}");
    } else {
        at += (size_t)snprintf(buf + at, cap - at, "{\"anim\": \"SetValue\", \"target\": \"k\", \"value\": 1}");
    }
    snprintf(buf + at, cap - at, "], \"run_time\": %g, \"rate_func\": \"linear\"}]}]}", seconds);
    return buf;
}

static char *table_spec(void)
{
    size_t cap = 8192, at = 0;
    char *buf = malloc(cap);
    at += (size_t)snprintf(buf + at, cap - at, "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": "
                                               "\"s\", \"title\": \"T\", \"objects\": [{\"id\": \"t\", \"type\": \"table\", "
                                               "\"scale\": 0.2, \"entries\": [");
    for (int i = 0; i < 12; i++) {
        at += (size_t)snprintf(buf + at, cap - at, "%s[", i ? ", " : "");
        for (int j = 0; j < 12; j++)
            at += (size_t)snprintf(buf + at, cap - at, "%s%d", j ? ", " : "", (i + 1) * (j + 1));
        at += (size_t)snprintf(buf + at, cap - at, "]");
    }
    at += (size_t)snprintf(buf + at, cap - at, "], \"row_labels\": [");
    for (int i = 0; i < 12; i++)
        at += (size_t)snprintf(buf + at, cap - at, "%s\"r%d\"", i ? ", " : "", i + 1);
    at += (size_t)snprintf(buf + at, cap - at, "], \"col_labels\": [");
    for (int i = 0; i < 12; i++)
        at += (size_t)snprintf(buf + at, cap - at, "%s\"c%d\"", i ? ", " : "", i + 1);
    snprintf(buf + at, cap - at, "]}], \"timeline\": [{\"add\": [\"t\"]}, {\"wait\": 1}]}]}");
    return buf;
}

int main(int argc, char **argv)
{
    int n = 11, frames = 150, rounds = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--bars"))
            n = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--frames"))
            frames = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[i + 1]);
    }
    if (n < 1 || n > 64 || frames < 1 || rounds < 1 || rounds > 64) {
        fprintf(stderr, "usage: bench_charts [--bars 1..64] [--frames F] [--rounds R<=64]\n");
        return 2;
    }
    static const char *const names[3] = {"values driven", "ChangeBarValues", "frozen"};
    bench_run run[3] = {{0}};
    char *json[3];
    for (int k = 0; k < 3; k++) {
        json[k] = chart_spec(n, k, frames / 15.0);
        if (!bench_open("bench_charts", json[k], &run[k]))
            return 1;
    }
    lr_context *ctx = NULL, *full = NULL;
    if (!bench_contexts("bench_charts", 854, 480, &ctx, &full))
        return 1;
    lr_image img = {0};
    double seek[3][64], frame[3][64], build[64];
    char *tj = table_spec();
    for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 3; k++) {
            seek[k][r] = bench_per_frame("bench_charts", &run[k], ctx, frames, false, &img);
            frame[k][r] = bench_per_frame("bench_charts", &run[k], ctx, frames, true, &img);
        }
        bench_run t = {0};
        double t0 = now_s();
        if (!bench_open("bench_charts", tj, &t))
            return 1;
        build[r] = now_s() - t0;
        bench_close(&t);
        fprintf(stderr, "round %d/%d\n", r + 1, rounds);
    }
    printf("bench_charts: %d bars at 854x480, %d frames, median of %d interleaved rounds\n", n, frames, rounds);
    printf("  %-18s %12s %20s\n", "per frame", "seek", "seek + draw + read");
    for (int k = 0; k < 3; k++)
        printf("  %-18s %9.3f ms %17.3f ms\n", names[k], median(seek[k], rounds) * 1e3, median(frame[k], rounds) * 1e3);
    printf("  12 x 12 text table with labels: load + build %.1f ms\n", median(build, rounds) * 1e3);
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_context_destroy(full);
    for (int k = 0; k < 3; k++) {
        bench_close(&run[k]);
        free(json[k]);
    }
    free(tj);
    return 0;
}
