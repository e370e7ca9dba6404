/* Boolean operations (lr_path_boolean, GEOS): one operation on two
 * overlapping 64-segment circles (regular 64-gons), on two circles made of
 * cubics (flattened within 1e-3), all four operations, a rectangle less a
 * word of text; then a spec whose intersection follows a disc driven by a
 * value (rebuilt at every frame) against the same scene frozen: per frame,
 * the seek, and seek + draw + readback at 854x480. Rounds interleaved,
 * medians.
 *
 *   bench_boolops [--reps N] [--frames F] [--rounds R] */
#include <librender.h>

#include "bench_common.h"
#include "scene/scene_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds per call of op on a and b, over reps calls. */
static double per_op(lr_boolean_op op, const lr_boolean_path *a, size_t na, const lr_boolean_path *b, size_t nb, int reps,
                     uint32_t *points)
{
    lr_path out = {0};
    lr_error err = {0};
    double t0 = now_s();
    for (int i = 0; i < reps; i++) {
        lr_path_clear(&out);
        if (lr_path_boolean(&out, op, a, na, b, nb, 1e-3f, &err) != LR_OK) {
            fprintf(stderr, "bench_boolops: %s\n", err.message);
            lr_path_free(&out);
            return NAN;
        }
    }
    double t = (now_s() - t0) / reps;
    *points = out.npoints;
    lr_path_free(&out);
    return t;
}

static char *moving_spec(bool driven, double seconds)
{
    char *buf = malloc(2048);
    snprintf(buf, 2048,
             "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": \"s\", \"title\": \"B\", "
             "\"objects\": [{\"id\": \"k\", \"type\": \"value\", \"value\": 1.3}, "
             "{\"id\": \"sq\", \"type\": \"square\", \"side_length\": 2.4, \"position\": [3.5, -0.5]}, "
             "{\"id\": \"disc\", \"type\": \"circle\", \"radius\": 0.8, \"position\": [%s, -0.5]}, "
             "{\"id\": \"both\", \"type\": \"intersection\", \"shapes\": [\"sq\", \"disc\"], \"fill_opacity\": 0.8}], "
             "\"timeline\": [{\"add\": [\"sq\", \"disc\", \"both\"]}, {\"play\": [{\"anim\": \"SetValue\", \"target\": "
             "\"k\", \"value\": 5.7}], \"run_time\": %g, \"rate_func\": \"linear\"}]}]}",
             driven ? "\"k\"" : "3", seconds);
    return buf;
}

int main(int argc, char **argv)
{
    int reps = 200, frames = 60, rounds = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--reps"))
            reps = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--frames"))
            frames = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[i + 1]);
    }
    if (reps < 1 || frames < 1 || rounds < 1 || rounds > 64) {
        fprintf(stderr, "usage: bench_boolops [--reps N] [--frames F] [--rounds R<=64]\n");
        return 2;
    }
    lr_path g1 = {0}, g2 = {0}, c1 = {0}, c2 = {0}, rect = {0};
    lr_path_add_regular_polygon(&g1, (lr_vec2){-0.5f, 0}, 1, 64, 0);
    lr_path_add_regular_polygon(&g2, (lr_vec2){0.5f, 0}, 1, 64, 0);
    lr_path_add_circle(&c1, (lr_vec2){-0.5f, 0}, 1);
    lr_path_add_circle(&c2, (lr_vec2){0.5f, 0}, 1);
    lr_path_add_rect(&rect, (lr_vec2){0, 0}, 6, 1.5f);
    lr_boolean_path pg1 = {&g1, LR_FILL_NONZERO, lr_affine_identity()}, pg2 = {&g2, LR_FILL_NONZERO, lr_affine_identity()};
    lr_boolean_path pc1 = {&c1, LR_FILL_NONZERO, lr_affine_identity()}, pc2 = {&c2, LR_FILL_NONZERO, lr_affine_identity()};
    lr_boolean_path prect = {&rect, LR_FILL_NONZERO, lr_affine_identity()};

    /* The glyphs of a word, each a path of the text's mobject. */
    lr_text_context *text = NULL;
    lr_error err = {0};
    lr_mobject *word = NULL;
    lr_boolean_path glyphs[64];
    size_t nglyphs = 0;
    lr_text_style ts = lr_text_style_default();
    ts.font_size = 72;
    if (lr_text_context_create(&text, &err) == LR_OK && lr_text_create(text, "Boolean", &ts, &word, &err) == LR_OK) {
        for (size_t i = 0; i < word->nchildren && nglyphs < 64; i++)
            if (word->children[i]->kind == LR_MOBJECT_PATH)
                glyphs[nglyphs++] = (lr_boolean_path){&word->children[i]->path, word->children[i]->style.fill_rule,
                                                      lr_mobject_world_transform(word->children[i])};
    } else {
        fprintf(stderr, "bench_boolops: no text: %s\n", err.message);
    }

    static const char *const op_names[4] = {"union", "intersection", "difference", "exclusion"};
    double t64[4][64], tcubic[4][64], ttext[64], seek[2][64], frame[2][64];
    uint32_t p64[4] = {0}, pcubic[4] = {0}, ptext = 0;
    bench_run run[2] = {{0}};
    char *json[2];
    for (int k = 0; k < 2; k++) {
        json[k] = moving_spec(k == 0, frames / 15.0);
        if (!bench_open("bench_boolops", json[k], &run[k]))
            return 1;
    }
    lr_context *ctx = NULL, *full = NULL;
    if (!bench_contexts("bench_boolops", 854, 480, &ctx, &full))
        return 1;
    lr_image img = {0};
    for (int r = 0; r < rounds; r++) {
        for (int o = 0; o < 4; o++) {
            t64[o][r] = per_op((lr_boolean_op)o, &pg1, 1, &pg2, 1, reps, &p64[o]);
            tcubic[o][r] = per_op((lr_boolean_op)o, &pc1, 1, &pc2, 1, reps, &pcubic[o]);
        }
        ttext[r] = nglyphs ? per_op(LR_BOOLEAN_DIFFERENCE, &prect, 1, glyphs, nglyphs, reps / 10 + 1, &ptext) : NAN;
        for (int k = 0; k < 2; k++) {
            seek[k][r] = bench_per_frame("bench_boolops", &run[k], ctx, frames, false, &img);
            frame[k][r] = bench_per_frame("bench_boolops", &run[k], ctx, frames, true, &img);
        }
        fprintf(stderr, "round %d/%d\n", r + 1, rounds);
    }
    printf("bench_boolops: median of %d interleaved rounds, %d calls each\n", rounds, reps);
    printf("  %-14s %26s %34s\n", "one operation", "two 64-gons", "two circles of cubics (1e-3)");
    for (int o = 0; o < 4; o++)
        printf("  %-14s %14.1f us (%4u points) %20.1f us (%4u points)\n", op_names[o], median(t64[o], rounds) * 1e6,
               p64[o], median(tcubic[o], rounds) * 1e6, pcubic[o]);
    if (nglyphs)
        printf("  a 6 x 1.5 rectangle less \"Boolean\" (%zu glyphs, 72): %.2f ms (%u points)\n", nglyphs,
               median(ttext, rounds) * 1e3, ptext);
    printf("  an intersection following a disc, 854x480, %d frames   seek      seek + draw + read\n", frames);
    static const char *const names[2] = {"driven", "frozen"};
    for (int k = 0; k < 2; k++)
        printf("  %-14s %40.3f ms %12.3f ms\n", names[k], median(seek[k], rounds) * 1e3, median(frame[k], rounds) * 1e3);
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_context_destroy(full);
    for (int k = 0; k < 2; k++) {
        bench_close(&run[k]);
        free(json[k]);
    }
    lr_mobject_destroy(word);
    lr_text_context_destroy(text);
    lr_path_free(&g1);
    lr_path_free(&g2);
    lr_path_free(&c1);
    lr_path_free(&c2);
    lr_path_free(&rect);
    return 0;
}
