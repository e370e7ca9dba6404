/* Vector fields and stream lines (spec version 2) at 854x480, on Manim's
 * default grid (x -7..7, y -4..4, step 0.5: 29 x 17 points):
 * - the build (load + lr_spec_build_section) of an ArrowVectorField of
 *   (-y, x), of still stream lines of (-y, x) and of a saddle (x, -y), of
 *   flowing ones, and of flowing ones whose field reads time;
 * - per frame: the seek (the updater that cuts each line's flowing window,
 *   or integrates the lines again when the field reads time) and seek +
 *   draw + readback; still objects drawn whole (every path, full_redraw);
 * - the same arrows and line pieces merged into one path per colour (RGB
 *   quantised to 5 bits), drawn whole: whether batching by colour would
 *   draw faster than one path per arrow or piece.
 * Rounds interleaved; medians.
 *
 *   bench_fields [--frames F] [--rounds R] */
#include <librender.h>

#include "bench_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *make_spec(const char *object)
{
    static const char head[] = "{\"version\": 2, \"meta\": {\"title\": \"b\", \"quality\": \"l\"}, \"sections\": [{\"id\": "
                               "\"s\", \"title\": \"Fields\", \"objects\": [";
    static const char tail[] = "], \"timeline\": [{\"add\": [\"f\"]}, {\"wait\": 60}]}]}";
    size_t n = strlen(head) + strlen(object) + strlen(tail) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s%s", head, object, tail);
    return s;
}

typedef struct run {
    const char *name;
    char *json;
    bool flowing;
    bench_run b;
} run;

/* Seconds per frame over `frames` frames at 15 fps (from 1 s in), after
 * one frame not counted (what the first draw of a scene sets up). */
static double per_frame(lr_timeline *tl, lr_scene *scene, lr_context *ctx, int frames, bool draw, lr_image *img)
{
    lr_error err = {0};
    if (tl)
        lr_timeline_seek_frame(tl, 14, 15, &err);
    if (draw)
        lr_context_render(ctx, scene, img, &err);
    double t0 = now_s();
    for (int f = 0; f < frames; f++) {
        if (tl)
            lr_timeline_seek_frame(tl, 15 + f, 15, &err);
        if (draw)
            lr_context_render(ctx, scene, img, &err);
    }
    return (now_s() - t0) / frames;
}

/* ---- the same paths merged by colour ---- */

typedef struct bucket {
    unsigned key;
    lr_path path;
    lr_style style;
} bucket;

typedef struct merge {
    bucket *b;
    size_t n, cap;
    size_t leaves;
} merge;

static unsigned quantise(lr_color c)
{
    return (unsigned)lrintf(c.r * 31) << 10 | (unsigned)lrintf(c.g * 31) << 5 | (unsigned)lrintf(c.b * 31);
}

static void collect(const lr_mobject *m, lr_affine parent, merge *mg)
{
    lr_affine w = lr_affine_then(lr_mobject_get_transform(m), parent);
    if (lr_mobject_get_kind(m) == LR_MOBJECT_PATH) {
        lr_style st = lr_mobject_get_style(m);
        unsigned key = quantise(st.stroke);
        size_t i = 0;
        while (i < mg->n && mg->b[i].key != key)
            i++;
        if (i == mg->n) {
            if (mg->n == mg->cap) {
                mg->cap = mg->cap ? 2 * mg->cap : 64;
                mg->b = realloc(mg->b, mg->cap * sizeof *mg->b);
            }
            mg->b[mg->n++] = (bucket){key, {0}, st};
        }
        lr_path_append(&mg->b[i].path, lr_mobject_path_const(m), &w);
        mg->leaves++;
    }
    for (size_t i = 0; i < lr_mobject_child_count(m); i++)
        collect(lr_mobject_child(m, i), w, mg);
}

/* A scene of one path per colour holding what `id` draws now. */
static lr_scene *merged_scene(lr_scene *scene, const char *id, size_t *leaves, size_t *buckets)
{
    merge mg = {0};
    const lr_mobject *m = lr_scene_find(scene, id);
    if (m)
        collect(m, lr_affine_identity(), &mg);
    lr_scene *out = lr_scene_create();
    lr_scene_set_background(out, lr_scene_get_background(scene));
    for (size_t i = 0; i < mg.n; i++) {
        lr_scene_add(out, lr_mobject_create_path(&mg.b[i].path, mg.b[i].style));
        lr_path_free(&mg.b[i].path);
    }
    *leaves = mg.leaves;
    *buckets = mg.n;
    free(mg.b);
    return out;
}

#define MAX_ROUNDS 64

int main(int argc, char **argv)
{
    int frames = 60, rounds = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--frames"))
            frames = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[i + 1]);
    }
    if (frames < 1 || rounds < 1 || rounds > MAX_ROUNDS) {
        fprintf(stderr, "usage: bench_fields [--frames F] [--rounds R<=%d]\n", MAX_ROUNDS);
        return 2;
    }
    run runs[] = {
        {"vector_field (-y, x)", make_spec("{\"id\": \"f\", \"type\": \"vector_field\", \"x\": \"-y\", \"y\": \"x\"}"),
         false, {0}},
        {"stream_lines (-y, x)", make_spec("{\"id\": \"f\", \"type\": \"stream_lines\", \"x\": \"-y\", \"y\": \"x\"}"),
         false, {0}},
        {"stream_lines (x, -y)", make_spec("{\"id\": \"f\", \"type\": \"stream_lines\", \"x\": \"x\", \"y\": \"-y\"}"),
         false, {0}},
        {"  flowing", make_spec("{\"id\": \"f\", \"type\": \"stream_lines\", \"x\": \"-y\", \"y\": \"x\", "
                                "\"flow_speed\": 1}"),
         true, {0}},
        {"  flowing, reads time",
         make_spec("{\"id\": \"f\", \"type\": \"stream_lines\", \"x\": \"-y * (1 + 0.2*sin(time))\", \"y\": \"x\", "
                   "\"flow_speed\": 1}"),
         true, {0}},
    };
    enum { NRUNS = sizeof runs / sizeof runs[0] };
    lr_context *ctx = NULL, *full = NULL;
    if (!bench_contexts("bench_fields", 854, 480, &ctx, &full))
        return 1;
    lr_image img = {0};
    double build[NRUNS][MAX_ROUNDS], seek[NRUNS][MAX_ROUNDS], frame[NRUNS][MAX_ROUNDS], merged[NRUNS][MAX_ROUNDS];
    size_t leaves[NRUNS] = {0}, buckets[NRUNS] = {0}, items[NRUNS] = {0};
    for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < NRUNS; k++) {
            double t0 = now_s();
            if (!bench_open("bench_fields", runs[k].json, &runs[k].b))
                return 1;
            build[k][r] = now_s() - t0;
            const lr_mobject *f = lr_scene_find(runs[k].b.scene, "f");
            if (f && runs[k].flowing && lr_mobject_child_count(f) == 1)
                f = lr_mobject_child(f, 0); /* the container an updater refills */
            items[k] = f ? lr_mobject_child_count(f) : 0;
            lr_context *c = runs[k].flowing ? ctx : full;
            seek[k][r] = runs[k].flowing ? per_frame(runs[k].b.tl, runs[k].b.scene, c, frames, false, &img) : 0;
            frame[k][r] = per_frame(runs[k].b.tl, runs[k].b.scene, c, frames, true, &img);
            lr_scene *m = merged_scene(runs[k].b.scene, "f", &leaves[k], &buckets[k]);
            merged[k][r] = per_frame(NULL, m, full, frames, true, &img);
            lr_scene_destroy(m);
            bench_close(&runs[k].b);
        }
        fprintf(stderr, "round %d/%d\n", r + 1, rounds);
    }
    printf("bench_fields: Manim's default grid (29 x 17 points) at 854x480, %d frames, median of %d interleaved rounds\n",
           frames, rounds);
    printf("  %-24s %7s %9s %9s %12s %7s %10s %8s\n", "", "arrows", "build", "seek", "seek+draw", "paths", "by colour",
           "paths");
    printf("  %-24s %7s\n", "", "/lines");
    for (int k = 0; k < NRUNS; k++)
        printf("  %-24s %7zu %6.2f ms %6.3f ms %9.2f ms %7zu %7.2f ms %8zu\n", runs[k].name, items[k],
               median(build[k], rounds) * 1e3, median(seek[k], rounds) * 1e3, median(frame[k], rounds) * 1e3, leaves[k],
               median(merged[k], rounds) * 1e3, buckets[k]);
    printf("  (still objects drawn whole at every frame; flowing ones as the renderer draws them; \"by colour\": the\n"
           "   paths of the last frame merged into one per colour, drawn whole)\n");
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_context_destroy(full);
    for (int k = 0; k < NRUNS; k++)
        free(runs[k].json);
    return 0;
}
