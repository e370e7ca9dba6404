/* What the benchmarks that time rounds of frames share: a monotonic
 * clock, the median of the rounds, a spec's first section built, and the
 * two contexts they draw with. */
#ifndef BENCH_COMMON_H
#define BENCH_COMMON_H

#include <librender.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sorts v. */
static inline double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, bench_cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

typedef struct bench_run {
    lr_spec *spec;
    lr_scene *scene;
    lr_timeline *tl;
} bench_run;

static inline bool bench_open(const char *name, const char *json, bench_run *r)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_error err = {0};
    bool ok = lr_spec_load_string(json, "bench.json", NULL, &r->spec, errs) == LR_OK &&
              lr_spec_build_section(r->spec, 0, &r->scene, &r->tl, &err) == LR_OK;
    if (!ok)
        fprintf(stderr, "%s: %s%s\n", name, lr_spec_errors_joined(errs), err.message);
    lr_spec_errors_destroy(errs);
    return ok;
}

static inline void bench_close(bench_run *r)
{
    lr_timeline_destroy(r->tl);
    lr_scene_destroy(r->scene);
    lr_spec_destroy(r->spec);
    *r = (bench_run){0};
}

/* Seconds per frame over `frames` frames at 15 fps: seeks alone, or seeks
 * with drawing and readback; NaN (and a message naming `name`) on failure. */
static inline double bench_per_frame(const char *name, bench_run *r, lr_context *ctx, int frames, bool draw,
                                     lr_image *img)
{
    lr_error err = {0};
    double t0 = now_s();
    for (int f = 0; f < frames; f++) {
        if (lr_timeline_seek_frame(r->tl, f, 15, &err) != LR_OK ||
            (draw && lr_context_render(ctx, r->scene, img, &err) != LR_OK)) {
            fprintf(stderr, "%s: %s\n", name, err.message);
            return NAN;
        }
    }
    return (now_s() - t0) / frames;
}

/* A context that draws as the renderer does (a still bottom layer kept
 * from the frame before) and one that draws every path (full_redraw). */
static inline bool bench_contexts(const char *name, int width, int height, lr_context **ctx, lr_context **full)
{
    lr_context_desc desc = lr_context_desc_default(width, height);
    lr_error err = {0};
    lr_status s = lr_context_create(&desc, ctx, &err);
    desc.full_redraw = true;
    if (s == LR_OK)
        s = lr_context_create(&desc, full, &err);
    if (s != LR_OK)
        fprintf(stderr, "%s: %s\n", name, err.message);
    return s == LR_OK;
}

#endif
