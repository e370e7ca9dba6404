/* Cost of the maps of the plane on a number-plane-like grid of lines: what
 * a seek that begins an ApplyFunction (nonlinear) or ApplyMatrix step costs
 * (subdivision and images included), and what a frame inside the step
 * costs (the interpolation).
 *
 *   bench_maps [lines_per_direction] [repeats]
 *
 * The grid has that many vertical and horizontal lines (default 20 x 20)
 * over [-8, 8] x [-4.5, 4.5], one curve each, as Manim's NumberPlane. */
#include <librender.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct counter {
    long calls;
} counter;

static lr_vec2 square_z(lr_vec2 p, void *user)
{
    ((counter *)user)->calls++;
    return (lr_vec2){p.x * p.x - p.y * p.y, 2 * p.x * p.y};
}

/* 3Blue1Brown's nonlinear example: p + (sin y, sin x). */
static lr_vec2 wave(lr_vec2 p, void *user)
{
    ((counter *)user)->calls++;
    return (lr_vec2){p.x + sinf(p.y), p.y + sinf(p.x)};
}

static lr_vec2 exp_z(lr_vec2 p, void *user)
{
    ((counter *)user)->calls++;
    double e = exp(p.x * 0.5);
    return (lr_vec2){(float)(e * cos(p.y)), (float)(e * sin(p.y))};
}

static lr_mobject *grid(int n)
{
    lr_mobject *g = lr_mobject_create_group();
    for (int i = 0; i < n; i++) {
        float x = -8 + 16.0f * (float)i / (float)(n - 1), y = -4.5f + 9.0f * (float)i / (float)(n - 1);
        lr_path p = {0};
        lr_path_add_line(&p, (lr_vec2){x, -4.5f}, (lr_vec2){x, 4.5f});
        lr_mobject_add_child(g, lr_mobject_create_path(&p, lr_style_default()));
        lr_path_clear(&p);
        lr_path_add_line(&p, (lr_vec2){-8, y}, (lr_vec2){8, y});
        lr_mobject_add_child(g, lr_mobject_create_path(&p, lr_style_default()));
        lr_path_free(&p);
    }
    return g;
}

static size_t curves_under(const lr_mobject *m)
{
    const lr_path *p = lr_mobject_path_const(m);
    size_t n = p ? lr_path_curve_count(p) : 0;
    for (size_t i = 0; i < lr_mobject_child_count(m); i++)
        n += curves_under(lr_mobject_child(m, i));
    return n;
}

/* Worst distance, over 33 points a curve, between the end paths under m
 * and the map of the start paths (same tree, same curve counts). */
static double worst_error(const lr_mobject *start, const lr_mobject *end, lr_point_map map, void *user)
{
    double worst = 0;
    const lr_path *a = lr_mobject_path_const(start), *b = lr_mobject_path_const(end);
    for (uint32_t s = 0; a && s < a->nsubpaths; s++) {
        for (uint32_t i = 0; i < a->subpaths[s].ncurves; i++) {
            const lr_vec2 *c = &a->points[a->subpaths[s].first + 3 * i], *q = &b->points[b->subpaths[s].first + 3 * i];
            for (int k = 0; k <= 32; k++) {
                lr_vec2 p = lr_cubic_point(q, (float)k / 32), f = map(lr_cubic_point(c, (float)k / 32), user);
                worst = fmax(worst, hypot((double)p.x - f.x, (double)p.y - f.y));
            }
        }
    }
    for (size_t i = 0; i < lr_mobject_child_count(start); i++)
        worst = fmax(worst, worst_error(lr_mobject_child(start, i), lr_mobject_child(end, i), map, user));
    return worst;
}

static int run(const char *name, int lines, int repeats, lr_point_map map, bool matrix)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *g = grid(lines);
    lr_scene_add(scene, g);
    counter calls = {0};
    const double shear[4] = {1, 1, 0, 1};
    lr_anim *a = matrix ? lr_anim_apply_matrix(g, shear, NULL) : lr_anim_apply_function(g, map, &calls, true);
    lr_anim_set_run_time(a, 2, NULL);
    if (lr_timeline_wait(tl, 1, NULL) != LR_OK || lr_timeline_play1(tl, a, NULL) != LR_OK)
        return 1;
    size_t source = curves_under(g);
    /* A seek that begins the step: alternate with the wait before it. */
    double begin = 0, rest = 0;
    for (int i = 0; i < repeats; i++) {
        double t0 = now();
        if (lr_timeline_seek(tl, 0.5, NULL) != LR_OK)
            return 1;
        double t1 = now();
        calls.calls = 0;
        if (lr_timeline_seek(tl, 1.5, NULL) != LR_OK)
            return 1;
        double t2 = now();
        rest += t1 - t0;
        begin += t2 - t1;
    }
    long per_begin = calls.calls;
    size_t shown = curves_under(g);
    /* Frames inside the prepared step, 60 fps. */
    double fps = 60, f0 = now();
    int frames = 0;
    for (int r = 0; r < repeats; r++)
        for (int k = 61; k < 180; k++, frames++)
            if (lr_timeline_seek_frame(tl, k, fps, NULL) != LR_OK)
                return 1;
    double frame = (now() - f0) / frames;
    double error = 0;
    if (!matrix) {
        lr_timeline_seek(tl, 1.0, NULL); /* the step begun: the subdivided source */
        lr_mobject *start = lr_mobject_clone(g);
        lr_timeline_seek(tl, 3.0, NULL);
        error = start ? worst_error(start, g, map, &calls) : NAN;
        lr_mobject_destroy(start);
    }
    printf("%-22s %3zu curves -> %5zu (error %.2g), %6ld map calls; seek that begins: %6.3f ms (a seek of the "
           "wait: %.3f ms); frame: %.4f ms\n",
           name, source, shown, error, per_begin, begin * 1e3 / repeats, rest * 1e3 / repeats, frame * 1e3);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    return 0;
}

int main(int argc, char **argv)
{
    int lines = argc > 1 ? atoi(argv[1]) : 20;
    int repeats = argc > 2 ? atoi(argv[2]) : 20;
    if (lines < 2 || repeats < 1)
        return 2;
    printf("bench_maps: %d x %d lines, %d repeats\n", lines, lines, repeats);
    int st = run("ApplyMatrix (shear)", lines, repeats, NULL, true);
    st |= run("ApplyFunction z^2", lines, repeats, square_z, false);
    st |= run("ApplyFunction wave", lines, repeats, wave, false);
    st |= run("ApplyFunction exp(z/2)", lines, repeats, exp_z, false);
    return st;
}
