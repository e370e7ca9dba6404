/* Objects driven by values (spec version 2) against the same scene frozen:
 * N dots and N segments on circles, every one placed by expressions of a
 * value that a SetValue moves for the whole section, each segment from a
 * dot to the next (2N objects rebuilt per frame), and the same objects at
 * their start positions written as numbers. Per frame: the seek (the
 * updaters' work), and seek + draw + readback, at 854x480; rounds
 * interleaved; medians and the ratio driven / frozen. The frozen scene is
 * drawn twice: as the renderer draws it (every frame starts from the
 * previous one's unchanged bottom layer: a still scene costs almost
 * nothing), and with every path drawn (full_redraw), the fair measure of
 * what moving costs beyond drawing the same paths.
 *
 *   bench_values [--objects N] [--frames F] [--rounds R] */
#include <librender.h>

#include "bench_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void append(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
    }
    memcpy(*buf + *len, s, n + 1);
    *len += n;
}

/* Dot i on a circle of radius 1 + i / n, at angle k + 2 pi i / n; segment i
 * from dot i to dot i + 1. Frozen: the same at k = 0, as numbers. */
static char *make_spec(int n, bool driven, double seconds)
{
    char *buf = NULL, item[512];
    size_t len = 0, cap = 0;
    append(&buf, &len, &cap, "{\"version\": 2, \"meta\": {\"title\": \"b\", \"quality\": \"l\"}, \"sections\": [{\"id\": "
                             "\"s\", \"title\": \"Values\", \"objects\": [{\"id\": \"k\", \"type\": \"value\", \"value\": 0}");
    for (int i = 0; i < n; i++) {
        double r = 1 + 2.0 * i / n, a = 2 * M_PI * i / n;
        if (driven)
            snprintf(item, sizeof item,
                     ", {\"id\": \"d%d\", \"type\": \"dot\", \"point\": \"%.4f*unit(k + %.4f)\", \"color\": \"YELLOW\"}", i,
                     r, a);
        else
            snprintf(item, sizeof item, ", {\"id\": \"d%d\", \"type\": \"dot\", \"point\": [%.4f, %.4f], \"color\": \"YELLOW\"}",
                     i, r * cos(a), r * sin(a));
        append(&buf, &len, &cap, item);
    }
    for (int i = 0; i + 1 < n; i++) {
        if (driven)
            snprintf(item, sizeof item,
                     ", {\"id\": \"l%d\", \"type\": \"line\", \"start\": \"d%d.center\", \"end\": \"d%d.center\"}", i, i,
                     i + 1);
        else {
            double r0 = 1 + 2.0 * i / n, a0 = 2 * M_PI * i / n, r1 = 1 + 2.0 * (i + 1) / n, a1 = 2 * M_PI * (i + 1) / n;
            snprintf(item, sizeof item, ", {\"id\": \"l%d\", \"type\": \"line\", \"start\": [%.4f, %.4f], \"end\": [%.4f, %.4f]}",
                     i, r0 * cos(a0), r0 * sin(a0), r1 * cos(a1), r1 * sin(a1));
        }
        append(&buf, &len, &cap, item);
    }
    append(&buf, &len, &cap, "], \"timeline\": [{\"add\": [");
    for (int i = 0; i < n; i++) {
        snprintf(item, sizeof item, "%s\"d%d\"%s", i ? ", " : "", i, i + 1 < n ? ", " : "");
        append(&buf, &len, &cap, item);
        if (i + 1 < n) {
            snprintf(item, sizeof item, "\"l%d\"", i);
            append(&buf, &len, &cap, item);
        }
    }
    snprintf(item, sizeof item, "]}, {\"play\": [{\"anim\": \"SetValue\", \"target\": \"k\", \"value\": 6.283, "
                                "\"rate_func\": \"linear\"}], \"run_time\": %g}]}]}",
             seconds);
    append(&buf, &len, &cap, item);
    return buf;
}

/* Seconds per frame over `frames` frames at 15 fps: seeks alone, or seeks
 * and drawing (with readback). */
static double per_frame(bench_run *r, lr_context *ctx, int frames, bool draw, lr_image *img)
{
    lr_error err = {0};
    double t0 = now_s();
    for (int f = 0; f < frames; f++) {
        lr_timeline_seek_frame(r->tl, f, 15, &err);
        if (draw)
            lr_context_render(ctx, r->scene, img, &err);
    }
    return (now_s() - t0) / frames;
}

int main(int argc, char **argv)
{
    int n = 25, frames = 150, rounds = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--objects"))
            n = atoi(argv[i + 1]) / 2;
        else if (!strcmp(argv[i], "--frames"))
            frames = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[i + 1]);
    }
    if (n < 2 || frames < 1 || rounds < 1 || rounds > 64) {
        fprintf(stderr, "usage: bench_values [--objects N>=4] [--frames F] [--rounds R<=64]\n");
        return 2;
    }
    char *driven_json = make_spec(n, true, frames / 15.0), *frozen_json = make_spec(n, false, frames / 15.0);
    bench_run driven = {0}, frozen = {0};
    if (!bench_open("bench_values", driven_json, &driven) || !bench_open("bench_values", frozen_json, &frozen))
        return 1;
    lr_context *ctx = NULL, *full = NULL;
    if (!bench_contexts("bench_values", 854, 480, &ctx, &full))
        return 1;
    lr_image img = {0};
    double seek[2][64], frame[2][64], whole[64];
    for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 2; k++) {
            bench_run *which = k ? &frozen : &driven;
            seek[k][r] = per_frame(which, ctx, frames, false, &img);
            frame[k][r] = per_frame(which, ctx, frames, true, &img);
        }
        whole[r] = per_frame(&frozen, full, frames, true, &img);
        fprintf(stderr, "round %d/%d\n", r + 1, rounds);
    }
    double sd = median(seek[0], rounds), sf = median(seek[1], rounds);
    double fd = median(frame[0], rounds), ff = median(frame[1], rounds), fw = median(whole, rounds);
    printf("bench_values: %d objects (%d dots, %d lines) at 854x480, %d frames, median of %d interleaved rounds\n",
           2 * n - 1, n, n - 1, frames, rounds);
    printf("  %-26s %10s %10s %8s\n", "per frame", "driven", "frozen", "ratio");
    printf("  %-26s %8.3f ms %8.3f ms %7.2fx\n", "seek (updaters)", sd * 1e3, sf * 1e3, sf > 0 ? sd / sf : 0);
    printf("  %-26s %8.3f ms %8.3f ms %7.2fx\n", "seek + draw + readback", fd * 1e3, ff * 1e3, ff > 0 ? fd / ff : 0);
    printf("  %-26s %8.3f ms %8.3f ms %7.2fx\n", "  frozen drawn whole", fd * 1e3, fw * 1e3, fw > 0 ? fd / fw : 0);
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_context_destroy(full);
    bench_close(&driven);
    bench_close(&frozen);
    free(driven_json);
    free(frozen_json);
    return 0;
}
