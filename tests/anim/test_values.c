/* Values (Manim's ValueTracker): drift at a rate, SetValue inside groups
 * (from the value at its own start, drift suspended while it runs, under a
 * warped group clock), values as pure functions of time whatever the order
 * of the seeks; Wait as an animation; Rotating's defaults. */
#include "anim_util.h"

#include <math.h>

static const float EPS = 1e-4f;

static double value_at(lr_timeline *tl, size_t v, double t)
{
    LRT_CHECK_OK(lr_timeline_seek(tl, t, NULL));
    return lr_timeline_value_get(tl, v);
}

/* k starts at 1 and drifts by 0.5 per second. Step 0: wait 2 s. Step 1
 * (4 s, t = 2..6): LaggedStart(Shift 4 s, SetValue(k, 10) 1 s linear) with
 * lag 0.25, so the SetValue runs at t = 3..4. Step 2: wait 2 s. */
static lr_timeline *build_drift(lr_scene *scene, size_t *k, lr_mobject **dot)
{
    lr_timeline *tl = lr_timeline_create(scene);
    LRT_CHECK_OK(lr_timeline_value_add(tl, 1.0, 0.5, k, NULL));
    *dot = make_circle((lr_vec2){0, 0}, 0.1f);
    lr_scene_add(scene, *dot);
    LRT_CHECK_OK(lr_timeline_wait(tl, 2.0, NULL));
    lr_anim *shift = linear(lr_anim_shift(*dot, (lr_vec2){4, 0}));
    LRT_CHECK_OK(lr_anim_set_run_time(shift, 4.0, NULL));
    lr_anim *set = linear(lr_anim_set_value(tl, *k, 10.0));
    LRT_CHECK(set != NULL);
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_lagged_start((lr_anim *[]){shift, set}, 2, 0.25), NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 2.0, NULL));
    return tl;
}

static void test_drift_and_set_value(void)
{
    lr_scene *scene = lr_scene_create();
    size_t k;
    lr_mobject *dot;
    lr_timeline *tl = build_drift(scene, &k, &dot);
    LRT_CHECK(k == 0 && lr_timeline_value_count(tl) == 1);
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 8.0, 1e-12);
    LRT_CHECK_NEAR(lr_timeline_value_get(tl, k), 1.0, 0); /* before any seek */
    /* Drift in the first wait and into the play step before SetValue starts. */
    LRT_CHECK_NEAR(value_at(tl, k, 0.0), 1.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, k, 1.0), 1.5, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, k, 2.0), 2.0, 1e-12); /* boundary */
    LRT_CHECK_NEAR(value_at(tl, k, 2.5), 2.25, 1e-12);
    /* SetValue starts at t = 3 from the drifted 2.5; its drift is suspended. */
    LRT_CHECK_NEAR(value_at(tl, k, 3.0), 2.5, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, k, 3.5), 2.5 + 7.5 * 0.5, 1e-12);
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(dot)), 1.5, EPS); /* the Shift runs beside it */
    LRT_CHECK_NEAR(value_at(tl, k, 4.0), 10.0, 1e-12);
    /* Then it drifts again from 10, inside the step and after it. */
    LRT_CHECK_NEAR(value_at(tl, k, 5.0), 10.5, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, k, 6.0), 11.0, 1e-12); /* boundary */
    LRT_CHECK_NEAR(value_at(tl, k, 7.0), 11.5, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, k, 8.0), 12.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, k, 100.0), 12.0, 1e-12); /* clamped */
    LRT_CHECK_OK(lr_timeline_seek_step_end(tl, 1, NULL));
    LRT_CHECK_NEAR(lr_timeline_value_get(tl, k), 11.0, 1e-12);
    LRT_CHECK_OK(lr_timeline_seek_step_end(tl, 0, NULL));
    LRT_CHECK_NEAR(lr_timeline_value_get(tl, k), 2.0, 1e-12);

    /* Any order of seeks gives the same values, bit for bit, as a timeline
     * that jumps straight there. */
    enum { N = 97 };
    double times[N], seq[N];
    for (int i = 0; i < N; i++) {
        times[i] = 8.0 * i / (N - 1);
        seq[i] = value_at(tl, k, times[i]);
    }
    srand(7);
    for (int round = 0; round < 3 * N; round++) {
        int i = rand() % N;
        double v = value_at(tl, k, times[i]);
        LRT_CHECK_MSG(v == seq[i], "t=%g: %.17g after random seeks, %.17g in order", times[i], v, seq[i]);
    }
    for (int i = 0; i < N; i += 8) {
        lr_scene *s2 = lr_scene_create();
        size_t k2;
        lr_mobject *d2;
        lr_timeline *t2 = build_drift(s2, &k2, &d2);
        double v = value_at(t2, k2, times[i]);
        LRT_CHECK_MSG(v == seq[i], "t=%g: %.17g on a fresh timeline, %.17g", times[i], v, seq[i]);
        lr_timeline_destroy(t2);
        lr_scene_destroy(s2);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* SetValue's defaults are Manim's .animate: run_time 1, rate smooth; one
 * after another in a Succession, each from where the last one left. */
static void test_defaults_and_succession(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    size_t a, b;
    LRT_CHECK_OK(lr_timeline_value_add(tl, 0.0, 0.0, &a, NULL));
    LRT_CHECK_OK(lr_timeline_value_add(tl, 5.0, 1.0, &b, NULL));
    LRT_CHECK(b == 1);
    lr_anim *s = lr_anim_set_value(tl, a, 4.0);
    LRT_CHECK_NEAR(lr_anim_get_run_time(s), 1.0, 0);
    LRT_CHECK_OK(lr_timeline_play1(tl, s, NULL));
    lr_anim *seq[2] = {linear(lr_anim_set_value(tl, b, 0.0)), linear(lr_anim_set_value(tl, b, 2.0))};
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_succession(seq, 2), NULL));
    LRT_CHECK_NEAR(value_at(tl, a, 0.25), 4.0 * lr_rate_eval(LR_RATE_SMOOTH, 0.25), 1e-9);
    LRT_CHECK(fabs(lr_timeline_value_get(tl, a) - 1.0) > 0.1); /* smooth, not linear */
    LRT_CHECK_NEAR(value_at(tl, a, 1.0), 4.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, a, 2.5), 4.0, 1e-12); /* no rate: it stays */
    /* b drifts to 6 during step 0, then 6 -> 0 (t = 1..2), then 0 -> 2. */
    LRT_CHECK_NEAR(value_at(tl, b, 1.0), 6.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, b, 1.5), 3.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, b, 2.0), 0.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, b, 2.5), 1.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, b, 3.0), 2.0, 1e-12);
    /* The later SetValue decides, whatever the order of the group's
     * children: here the early one (0.5 s, to 8) comes second. */
    lr_anim *late = lr_anim_succession((lr_anim *[]){lr_anim_wait(1.0), linear(lr_anim_set_value(tl, b, -4.0))}, 2);
    lr_anim *early = linear(lr_anim_set_value(tl, b, 8.0));
    LRT_CHECK_OK(lr_anim_set_run_time(early, 0.5, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_group((lr_anim *[]){late, early}, 2, 0), NULL));
    LRT_CHECK_NEAR(value_at(tl, b, 3.25), 5.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, b, 3.75), 8.25, 1e-12); /* drifting from 8 */
    LRT_CHECK_NEAR(value_at(tl, b, 4.0), 8.5, 1e-12);   /* the late one starts from there */
    LRT_CHECK_NEAR(value_at(tl, b, 4.5), 2.25, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, b, 5.0), -4.0, 1e-12);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);

    /* Inside a group with its own clock (ease_in_cubic over 2 s), the
     * SetValue after a 1 s Wait starts when that clock reaches 1 s: at
     * t = 2 * cbrt(0.5) = 1.587. The value drifts (rate 1) until then. */
    scene = lr_scene_create();
    tl = lr_timeline_create(scene);
    size_t v;
    LRT_CHECK_OK(lr_timeline_value_add(tl, 0.0, 1.0, &v, NULL));
    lr_anim *g = lr_anim_succession((lr_anim *[]){lr_anim_wait(1.0), linear(lr_anim_set_value(tl, v, 5.0))}, 2);
    LRT_CHECK_OK(lr_anim_set_rate_func(g, LR_RATE_EASE_IN_CUBIC, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, g, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1.0, NULL));
    double ts = 2.0 * cbrt(0.5);
    LRT_CHECK_NEAR(value_at(tl, v, 1.0), 1.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, v, ts - 1e-6), ts, 1e-5);
    LRT_CHECK_NEAR(value_at(tl, v, ts + 1e-6), ts, 1e-4); /* continuous */
    double gt = 2.0 * pow(1.8 / 2.0, 3.0); /* the group's clock at t = 1.8 */
    LRT_CHECK_NEAR(value_at(tl, v, 1.8), ts + (5.0 - ts) * (gt - 1.0), 1e-6);
    LRT_CHECK_NEAR(value_at(tl, v, 2.0), 5.0, 1e-9);
    LRT_CHECK_NEAR(value_at(tl, v, 2.5), 5.5, 1e-9); /* drifting from 5 since t = 2 */
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

static void test_value_errors(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene), *other = lr_timeline_create(scene);
    lr_error err = {0};
    size_t v = 99;
    LRT_CHECK_STATUS(lr_timeline_value_add(tl, NAN, 0, &v, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "finite") != NULL && v == 99);
    LRT_CHECK_STATUS(lr_timeline_value_add(tl, 0, INFINITY, &v, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_value_add(NULL, 0, 0, &v, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_OK(lr_timeline_value_add(tl, 2, 0, &v, NULL));
    LRT_CHECK(isnan(lr_timeline_value_get(tl, 1)) && isnan(lr_timeline_value_get(NULL, 0)));
    LRT_CHECK(lr_anim_set_value(tl, 1, 0) == NULL);
    LRT_CHECK(lr_anim_set_value(tl, v, NAN) == NULL);
    LRT_CHECK(lr_anim_set_value(NULL, v, 0) == NULL);
    /* Two SetValue on one value at once: which would win? Refused. */
    lr_anim *both[2] = {lr_anim_set_value(tl, v, 1), lr_anim_set_value(tl, v, 3)};
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_group(both, 2, 0), &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "overlap") != NULL);
    lr_anim *lag[2] = {lr_anim_set_value(tl, v, 1), lr_anim_set_value(tl, v, 3)};
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_lagged_start(lag, 2, 0.5), NULL), LR_ERR_INVALID_ARG);
    /* A value of another timeline. */
    size_t w;
    LRT_CHECK_OK(lr_timeline_value_add(other, 0, 0, &w, NULL));
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_set_value(other, w, 1), &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "another timeline") != NULL);
    LRT_CHECK(lr_timeline_step_count(tl) == 0);
    /* Adding a value after a seek starts again from time 0. */
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_set_value(tl, v, 4)), NULL));
    LRT_CHECK_NEAR(value_at(tl, v, 0.5), 3.0, 1e-12);
    size_t u;
    LRT_CHECK_OK(lr_timeline_value_add(tl, 7, 1, &u, NULL));
    LRT_CHECK_NEAR(lr_timeline_value_get(tl, v), 2.0, 0);
    LRT_CHECK_NEAR(value_at(tl, u, 0.5), 7.5, 1e-12);
    LRT_CHECK_NEAR(lr_timeline_value_get(tl, v), 3.0, 1e-12);
    lr_timeline_destroy(tl);
    lr_timeline_destroy(other);
    lr_scene_destroy(scene);
}

/* Wait as an animation: a delay inside a step. */
static void test_wait_anim(void)
{
    LRT_CHECK(lr_anim_wait(-1) == NULL);
    LRT_CHECK(lr_anim_wait(NAN) == NULL);
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = make_square((lr_vec2){0, 0}, 1), *b = make_square((lr_vec2){3, 0}, 1);
    lr_anim *w = lr_anim_wait(1.5);
    LRT_CHECK_NEAR(lr_anim_get_run_time(w), 1.5, 0);
    lr_anim *late = lr_anim_succession((lr_anim *[]){w, linear(lr_anim_fade_in(a, (lr_vec2){0, 0}, 1))}, 2);
    LRT_CHECK_NEAR(lr_anim_get_run_time(late), 2.5, 1e-12);
    lr_anim *beside = linear(lr_anim_fade_in(b, (lr_vec2){0, 0}, 1));
    LRT_CHECK_OK(lr_timeline_play(tl, (lr_anim *[]){late, beside}, 2, NULL));
    /* A Wait alone makes a step of its length in which nothing happens. */
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_wait(2.0), NULL));
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 4.5, 1e-12);
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK(!lr_mobject_get_visible(a)); /* not yet introduced */
    LRT_CHECK_NEAR(lr_mobject_get_opacity(b), 0.5, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.4, NULL));
    LRT_CHECK(!lr_mobject_get_visible(a));
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.0, NULL));
    LRT_CHECK(lr_mobject_get_visible(a));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(a), 0.5, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 3.5, NULL));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(a), 1.0, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(b), 1.0, EPS);
    lr_step_info info;
    LRT_CHECK_OK(lr_timeline_step_info(tl, 1, &info));
    LRT_CHECK(info.kind == LR_STEP_PLAY && !info.still);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* Rotating: run_time 5 and linear, so a quarter of the time is a quarter of
 * the angle; points move along arcs about `about`. */
static void test_rotating(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *m = make_square((lr_vec2){2, 0}, 0.5f);
    lr_scene_add(scene, m);
    lr_vec2 origin = {0, 0};
    lr_anim *r = lr_anim_rotating(m, 2.0f * (float)M_PI, &origin);
    LRT_CHECK(r != NULL);
    LRT_CHECK_NEAR(lr_anim_get_run_time(r), 5.0, 0);
    LRT_CHECK_OK(lr_timeline_play1(tl, r, NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.25, NULL));
    lr_rect b = lr_mobject_bounds(m);
    LRT_CHECK_NEAR(rect_cx(b), 0.0, 1e-4);
    LRT_CHECK_NEAR(rect_cy(b), 2.0, 1e-4);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL));
    b = lr_mobject_bounds(m);
    LRT_CHECK_NEAR(rect_cx(b), -2.0, 1e-4);
    LRT_CHECK_NEAR(rect_cy(b), 0.0, 1e-4);
    LRT_CHECK_OK(lr_timeline_seek(tl, 5.0, NULL));
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(m)), 2.0, 1e-4);
    LRT_CHECK(lr_anim_rotating(m, NAN, NULL) == NULL);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* Rate steps (Manim's begin/stop_ambient_camera_rotation): v starts at 0
 * still; wait 1; rate 2; wait 2; SetValue(v, 10) 1 s linear while the rate
 * is 2; rate -1; wait 2; rate 0; wait 1. */
static void test_rate_steps(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    size_t v;
    LRT_CHECK_OK(lr_timeline_value_add(tl, 0.0, 0.0, &v, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1.0, NULL));
    LRT_CHECK_OK(lr_timeline_value_set_rate(tl, v, 2.0, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 2.0, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_set_value(tl, v, 10.0)), NULL));
    LRT_CHECK_OK(lr_timeline_value_set_rate(tl, v, -1.0, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 2.0, NULL));
    LRT_CHECK_OK(lr_timeline_value_set_rate(tl, v, 0.0, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1.0, NULL));
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 7.0, 1e-12);
    lr_step_info info;
    LRT_CHECK_OK(lr_timeline_step_info(tl, 1, &info));
    LRT_CHECK(info.kind == LR_STEP_RATE && info.start == 1.0 && info.end == 1.0);
    /* Out of order: each time on its own. */
    static const double t[] = {6.5, 0.5, 2.0, 3.5, 1.0, 5.0, 3.0, 7.0, 4.0, 0.0};
    static const double want[] = {8.0, 0.0, 2.0, 7.0, 0.0, 9.0, 4.0, 8.0, 10.0, 0.0};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        LRT_CHECK_MSG(fabs(value_at(tl, v, t[i]) - want[i]) < 1e-12, "at %g: %g, expected %g", t[i],
                      lr_timeline_value_get(tl, v), want[i]);
    LRT_CHECK_STATUS(lr_timeline_value_set_rate(tl, 5, 1.0, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_value_set_rate(tl, v, NAN, NULL), LR_ERR_INVALID_ARG);
    /* A step added after seeking starts again from time 0's rates. */
    LRT_CHECK_OK(lr_timeline_wait(tl, 1.0, NULL));
    LRT_CHECK_NEAR(value_at(tl, v, 8.0), 8.0, 1e-12);
    LRT_CHECK_NEAR(value_at(tl, v, 0.5), 0.0, 1e-12);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

int main(void)
{
    test_drift_and_set_value();
    test_rate_steps();
    test_defaults_and_succession();
    test_value_errors();
    test_wait_anim();
    test_rotating();
    return lrt_finish("anim_values");
}
