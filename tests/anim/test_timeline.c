/* Timeline: durations and step times, LaggedStart / Succession / group
 * timing, add / remove / set steps, seek determinism, frames, and the
 * errors untrusted input must get instead of a crash. */
#include "anim_util.h"

#include <math.h>

static const float EPS = 1e-4f;

static void test_duration_and_steps(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = make_square((lr_vec2){0, 0}, 1);
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_create(a), NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 2.0, NULL));
    LRT_CHECK_OK(lr_timeline_remove(tl, a, NULL));
    lr_anim *s = lr_anim_shift(a, (lr_vec2){1, 0});
    LRT_CHECK_OK(lr_anim_set_run_time(s, 0.5, NULL));
    lr_anim *longer = lr_anim_fade_out(a, (lr_vec2){0, 0}, 1);
    LRT_CHECK_OK(lr_anim_set_run_time(longer, 1.5, NULL));
    LRT_CHECK_OK(lr_timeline_play(tl, (lr_anim *[]){s, longer}, 2, NULL));
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 1 + 2 + 0 + 1.5, 1e-12);
    LRT_CHECK(lr_timeline_step_count(tl) == 4);
    lr_step_info info;
    double sum = 0;
    const lr_step_kind kinds[4] = {LR_STEP_PLAY, LR_STEP_WAIT, LR_STEP_REMOVE, LR_STEP_PLAY};
    for (size_t i = 0; i < 4; i++) {
        LRT_CHECK_OK(lr_timeline_step_info(tl, i, &info));
        LRT_CHECK(info.kind == kinds[i]);
        LRT_CHECK_NEAR(info.start, sum, 1e-12);
        sum = info.end;
    }
    LRT_CHECK_NEAR(sum, lr_timeline_duration(tl), 1e-12);
    LRT_CHECK_STATUS(lr_timeline_step_info(tl, 4, &info), LR_ERR_INVALID_ARG);

    /* The end of step 0 (Create done), before the wait. */
    LRT_CHECK_OK(lr_timeline_seek_step_end(tl, 0, NULL));
    LRT_CHECK(lr_mobject_get_visible(a));
    LRT_CHECK_NEAR(lr_path_length(lr_mobject_path_const(a), 1e-4f), 4.0, 1e-3);
    LRT_CHECK_OK(lr_timeline_seek_step_end(tl, 3, NULL));
    LRT_CHECK(!lr_mobject_get_visible(a));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(a), 0.0, EPS);
    LRT_CHECK_STATUS(lr_timeline_seek_step_end(tl, 4, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_seek_step_end(NULL, 0, NULL), LR_ERR_INVALID_ARG);
    /* The remove step at t=3 hides it. */
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.9, NULL));
    LRT_CHECK(lr_mobject_get_visible(a));
    LRT_CHECK_OK(lr_timeline_seek(tl, 3.0, NULL));
    LRT_CHECK(!lr_mobject_get_visible(a));
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

static void test_lagged_start_and_succession(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *m[3];
    lr_anim *fades[3];
    for (int i = 0; i < 3; i++) {
        m[i] = make_square((lr_vec2){(float)i * 2, 0}, 1);
        fades[i] = linear(lr_anim_fade_in(m[i], (lr_vec2){0, 0}, 1));
    }
    lr_anim *lag = lr_anim_lagged_start(fades, 3, 0.5);
    LRT_CHECK_NEAR(lr_anim_get_run_time(lag), 2.0, 1e-12); /* starts 0, .5, 1 */
    LRT_CHECK_OK(lr_timeline_play1(tl, lag, NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.25, NULL));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(m[0]), 0.25, EPS);
    LRT_CHECK(!lr_mobject_get_visible(m[1]));
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.75, NULL));
    LRT_CHECK(lr_mobject_get_visible(m[1]));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(m[1]), 0.25, EPS);
    LRT_CHECK(!lr_mobject_get_visible(m[2]));
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.5, NULL));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(m[0]), 1.0, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(m[1]), 1.0, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(m[2]), 0.5, EPS);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);

    /* Succession: the second animation starts from the state the first left. */
    scene = lr_scene_create();
    tl = lr_timeline_create(scene);
    lr_mobject *a = make_square((lr_vec2){0, 0}, 1);
    lr_anim *seq[3] = {linear(lr_anim_fade_in(a, (lr_vec2){0, 0}, 1)), linear(lr_anim_shift(a, (lr_vec2){2, 0})),
                       linear(lr_anim_move_to(a, (lr_vec2){0, 3}))};
    lr_anim *succ = lr_anim_succession(seq, 3);
    LRT_CHECK_NEAR(lr_anim_get_run_time(succ), 3.0, 1e-12);
    LRT_CHECK_OK(lr_timeline_play1(tl, succ, NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(a), 0.5, EPS);
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(a)), 0, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.5, NULL));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(a), 1.0, EPS);
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(a)), 1, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL));
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(a)), 1, EPS); /* from (2,0) towards (0,3) */
    LRT_CHECK_NEAR(rect_cy(lr_mobject_bounds(a)), 1.5, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 3, NULL));
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(a)), 0, EPS);
    LRT_CHECK_NEAR(rect_cy(lr_mobject_bounds(a)), 3, EPS);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);

    /* An AnimationGroup given a run_time stretches its children. */
    scene = lr_scene_create();
    tl = lr_timeline_create(scene);
    lr_mobject *b = make_square((lr_vec2){0, 0}, 1), *c = make_square((lr_vec2){0, 0}, 1);
    lr_scene_add(scene, b);
    lr_scene_add(scene, c);
    lr_anim *pair[2] = {linear(lr_anim_shift(b, (lr_vec2){4, 0})), linear(lr_anim_shift(c, (lr_vec2){4, 0}))};
    lr_anim_set_run_time(pair[1], 2.0, NULL);
    lr_anim *grp = lr_anim_group(pair, 2, 0.0);
    LRT_CHECK_NEAR(lr_anim_get_run_time(grp), 2.0, 1e-12);
    LRT_CHECK_OK(lr_anim_set_run_time(grp, 4.0, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, grp, NULL));
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 4.0, 1e-12);
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.0, NULL));
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(b)), 2, EPS);
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(c)), 1, EPS);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

static void test_step_end_and_targets(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = make_square((lr_vec2){0, 0}, 1), *b = make_square((lr_vec2){2, 0}, 1),
               *t = make_circle((lr_vec2){0, 2}, 1);
    lr_scene_add(scene, a);
    lr_scene_add(scene, b);
    lr_scene_add(scene, t); /* declared up front, as a spec does */
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_create(a), NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_fade_in(b, (lr_vec2){0, 0}, 1), NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_transform(a, t), NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.0, NULL)); /* step 1 has begun */
    LRT_CHECK(lr_mobject_get_visible(b));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(b), 0.0, EPS);
    LRT_CHECK_OK(lr_timeline_seek_step_end(tl, 0, NULL)); /* it has not */
    LRT_CHECK(!lr_mobject_get_visible(b));
    LRT_CHECK(lr_mobject_get_visible(a));
    for (double time = 0; time <= 3.0; time += 0.5) {
        LRT_CHECK_OK(lr_timeline_seek(tl, time, NULL));
        LRT_CHECK(!lr_mobject_get_visible(t)); /* a Transform target is only read */
    }
    LRT_CHECK_NEAR(rect_cy(lr_mobject_bounds(a)), 2, 1e-3);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

static void test_add_remove_set(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *line = make_square((lr_vec2){0, 0}, 1);
    LRT_CHECK_OK(lr_mobject_set_id(line, "line1"));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    LRT_CHECK_OK(lr_timeline_add(tl, line, NULL));
    LRT_CHECK(lr_scene_find(scene, "line1") == line);
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    lr_mobject_props hl = {.mask = LR_PROP_STROKE | LR_PROP_OPACITY, .stroke = lr_rgba(1, 1, 0, 1), .opacity = 0.5f};
    LRT_CHECK_OK(lr_timeline_set(tl, lr_scene_find(scene, "line1"), &hl, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    LRT_CHECK_OK(lr_timeline_remove(tl, line, NULL));
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 3, 1e-12);
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK(!lr_mobject_get_visible(line));
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.0, NULL)); /* the add at t=1 has taken effect */
    LRT_CHECK(lr_mobject_get_visible(line));
    LRT_CHECK_NEAR(lr_mobject_get_style(line).stroke.b, 1.0, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL));
    LRT_CHECK_NEAR(lr_mobject_get_style(line).stroke.b, 0.0, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(line), 0.5, EPS);
    LRT_CHECK(lr_mobject_get_visible(line));
    LRT_CHECK_OK(lr_timeline_seek(tl, 3.0, NULL));
    LRT_CHECK(!lr_mobject_get_visible(line));
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.5, NULL));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(line), 1.0, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_style(line).stroke.b, 1.0, EPS);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* A timeline using most animations, built identically twice. */
static lr_timeline *build_show(lr_scene *scene)
{
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *sq = make_square((lr_vec2){-2, 0}, 2), *ci = make_circle((lr_vec2){2, 0}, 1);
    lr_mobject *word = lr_mobject_create_group();
    for (int i = 0; i < 5; i++)
        lr_mobject_add_child(word, make_rect((lr_vec2){(float)i * 0.6f - 1.2f, 2.5f}, 0.4f, 0.6f, lr_rgba(0, 0, 0, 0),
                                             lr_rgba(1, 1, 1, 1)));
    lr_timeline_play1(tl, lr_anim_create(sq), NULL);
    lr_timeline_play1(tl, lr_anim_write(word), NULL);
    lr_timeline_play(tl, (lr_anim *[]){lr_anim_transform(sq, ci), lr_anim_indicate(word, 1.2f, lr_rgba(1, 1, 0, 1))},
                     2, NULL);
    lr_timeline_wait(tl, 0.5, NULL);
    lr_timeline_play1(tl, lr_anim_camera_move((lr_vec2){1, 0}, 6), NULL);
    lr_timeline_play1(tl,
                      lr_anim_lagged_start((lr_anim *[]){lr_anim_shift(sq, (lr_vec2){0, -2}),
                                                         lr_anim_rotate(word, 1.0f, NULL),
                                                         lr_anim_fade_out(word, (lr_vec2){0, 1}, 1)},
                                           3, 0.3),
                      NULL);
    return tl;
}

static void test_seek_determinism(void)
{
    lr_scene *s1 = lr_scene_create(), *s2 = lr_scene_create();
    lr_timeline *t1 = build_show(s1), *t2 = build_show(s2);
    double d = lr_timeline_duration(t1);
    LRT_CHECK(d > 5);
    LRT_CHECK_NEAR(lr_timeline_duration(t2), d, 0);
    const double times[] = {0.3, 1.7, 2.2, 3.4, 4.1, 4.6, 5.0, d - 0.01, d};
    size_t nt = sizeof times / sizeof times[0];
    /* t1 goes forwards frame by frame, then scrubs; t2 jumps straight there. */
    for (int64_t k = 0; k < lr_timeline_frame_count(t1, 30); k++)
        LRT_CHECK_OK(lr_timeline_seek_frame(t1, k, 30, NULL));
    for (size_t i = 0; i < nt; i++) {
        size_t j = nt - 1 - i;
        LRT_CHECK_OK(lr_timeline_seek(t1, times[(i * 5) % nt], NULL));
        LRT_CHECK_OK(lr_timeline_seek(t1, times[j], NULL));
        LRT_CHECK_OK(lr_timeline_seek(t2, times[j], NULL));
        state_buf a = scene_state(s1), b = scene_state(s2);
        LRT_CHECK_MSG(state_equal(&a, &b), "state at t=%g differs after other seeks", times[j]);
        free(a.v);
        free(b.v);
    }
    /* t1, t2, back to t1: identical. */
    LRT_CHECK_OK(lr_timeline_seek(t1, 2.2, NULL));
    state_buf first = scene_state(s1);
    LRT_CHECK_OK(lr_timeline_seek(t1, 4.6, NULL));
    state_buf other = scene_state(s1);
    LRT_CHECK(!state_equal(&first, &other));
    LRT_CHECK_OK(lr_timeline_seek(t1, 2.2, NULL));
    state_buf again = scene_state(s1);
    LRT_CHECK(state_equal(&first, &again));
    free(first.v);
    free(other.v);
    free(again.v);

    /* Frame k is time k / fps. */
    LRT_CHECK_OK(lr_timeline_seek_frame(t1, 51, 30, NULL));
    state_buf fa = scene_state(s1);
    LRT_CHECK_OK(lr_timeline_seek(t2, 51.0 / 30.0, NULL));
    state_buf fb = scene_state(s2);
    LRT_CHECK(state_equal(&fa, &fb));
    free(fa.v);
    free(fb.v);
    LRT_CHECK(lr_timeline_frame_count(t1, 30) == (int64_t)ceil(d * 30 - 1e-9));
    lr_timeline_destroy(t1);
    lr_timeline_destroy(t2);
    lr_scene_destroy(s1);
    lr_scene_destroy(s2);

    lr_scene *s = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(s);
    LRT_CHECK(lr_timeline_frame_count(tl, 30) == 1);
    LRT_CHECK_OK(lr_timeline_wait(tl, 2.0, NULL));
    LRT_CHECK(lr_timeline_frame_count(tl, 30) == 60);
    LRT_CHECK(lr_timeline_frame_count(tl, 0) == 0);
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.0, NULL));
    /* Adding after a seek goes back to time 0 first. */
    lr_mobject *late = make_square((lr_vec2){0, 0}, 1);
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_fade_in(late, (lr_vec2){0, 0}, 1)), NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(late), 0.5, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.0, NULL));
    LRT_CHECK(!lr_mobject_get_visible(late));
    lr_timeline_destroy(tl);
    lr_scene_destroy(s);
}

static void test_errors(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = make_square((lr_vec2){0, 0}, 1);
    lr_scene_add(scene, a);
    lr_error err = {0};
    lr_anim *f = lr_anim_fade_in(a, (lr_vec2){0, 0}, 1);
    LRT_CHECK_STATUS(lr_anim_set_run_time(f, NAN, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(err.status == LR_ERR_INVALID_ARG && strstr(err.message, "run_time") != NULL);
    LRT_CHECK_STATUS(lr_anim_set_run_time(f, -1, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_anim_set_run_time(f, INFINITY, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_anim_set_lag_ratio(f, NAN, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_anim_set_lag_ratio(f, -0.5, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_anim_set_rate_func(f, (lr_rate_func)99, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_NEAR(lr_anim_get_run_time(f), 1.0, 0);
    LRT_CHECK_STATUS(lr_anim_set_run_time(NULL, 1, NULL), LR_ERR_INVALID_ARG);
    lr_anim_destroy(f);

    /* An unknown id resolves to NULL: constructors refuse it, play reports it. */
    LRT_CHECK(lr_anim_fade_in(lr_scene_find(scene, "nope"), (lr_vec2){0, 0}, 1) == NULL);
    LRT_CHECK(lr_anim_transform(a, NULL) == NULL);
    LRT_CHECK(lr_anim_shift(a, (lr_vec2){NAN, 0}) == NULL);
    LRT_CHECK(lr_anim_camera_move((lr_vec2){0, 0}, -1) == NULL);
    LRT_CHECK(lr_anim_change_decimal(a, NULL, NULL, 0, 1) == NULL);
    LRT_CHECK(lr_anim_move_along_path(a, &(lr_path){0}) == NULL);
    LRT_CHECK_STATUS(lr_timeline_play1(tl, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(lr_anim_group((lr_anim *[]){lr_anim_shift(a, (lr_vec2){1, 0}), NULL}, 2, 0) == NULL);
    LRT_CHECK(lr_anim_group((lr_anim *[]){lr_anim_shift(a, (lr_vec2){1, 0})}, 1, NAN) == NULL);
    LRT_CHECK_STATUS(lr_timeline_wait(tl, NAN, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_wait(tl, -2, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_add(tl, NULL, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_set(tl, a, NULL, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_seek(tl, NAN, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_seek_frame(tl, 1, 0, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_seek_frame(tl, -1, 30, NULL), LR_ERR_INVALID_ARG);

    /* An animation handed over twice is refused, not freed twice. */
    lr_anim *once = lr_anim_shift(a, (lr_vec2){1, 0});
    LRT_CHECK(lr_anim_group((lr_anim *[]){once, once}, 2, 0) == NULL); /* destroyed once */
    once = lr_anim_shift(a, (lr_vec2){1, 0});
    LRT_CHECK_OK(lr_timeline_play1(tl, once, NULL));
    LRT_CHECK_STATUS(lr_timeline_play1(tl, once, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(lr_timeline_step_count(tl) == 1);
    LRT_CHECK_STATUS(lr_timeline_play(tl, (lr_anim *[]){lr_anim_change_decimal(lr_scene_root(scene), digits, NULL, 0, 1)},
                                      1, &err),
                     LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "root") != NULL);

    /* A mobject of another tree. */
    lr_mobject *other = lr_mobject_create_group(), *child = make_square((lr_vec2){0, 0}, 1);
    lr_mobject_add_child(other, child);
    err.message[0] = 0;
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_shift(child, (lr_vec2){1, 0}), &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "another tree") != NULL);
    lr_mobject_destroy(other);

    /* A NULL animation in a list (a constructor refused its arguments). */
    lr_mobject *box = lr_mobject_create_group();
    lr_scene_add(scene, box);
    LRT_CHECK_STATUS(lr_timeline_play(tl,
                                      (lr_anim *[]){lr_anim_change_decimal(box, NULL, NULL, 0, 1),
                                                    lr_anim_create(box)},
                                      2, NULL),
                     LR_ERR_INVALID_ARG);
    LRT_CHECK(lr_timeline_step_count(tl) == 1);
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 1, 0);
    LRT_CHECK_OK(lr_timeline_seek(tl, 5, NULL));
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(a)), 1, EPS);
    lr_timeline *empty = lr_timeline_create(scene);
    LRT_CHECK_OK(lr_timeline_seek(empty, 5, NULL)); /* no steps: fine */
    LRT_CHECK(lr_timeline_create(NULL) == NULL);
    lr_timeline_destroy(empty);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

static void test_counter_conflict(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *box = lr_mobject_create_group();
    lr_scene_add(scene, box);
    lr_error err = {0};
    LRT_CHECK_STATUS(
        lr_timeline_play(tl, (lr_anim *[]){lr_anim_change_decimal(box, digits, NULL, 0, 1), lr_anim_write(box)}, 2, &err),
        LR_ERR_INVALID_ARG);
    /* In separate steps it is fine: Write the number, then count. */
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_fade_in(box, (lr_vec2){0, 0}, 1), NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_change_decimal(box, digits, NULL, 0, 1), NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_write(box), NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL));
    LRT_CHECK_NEAR(rect_w(lr_mobject_bounds(box)), 2.0, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK_NEAR(rect_w(lr_mobject_bounds(box)), 1.0, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 3, NULL));
    LRT_CHECK_NEAR(rect_w(lr_mobject_bounds(box)), 2.0, EPS);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* Animations on mobjects under transformed groups work in scene units. */
static void test_nested_spaces(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *g = lr_mobject_create_group(), *h = lr_mobject_create_group();
    lr_mobject_set_transform(g, lr_affine_then(lr_affine_scale(2, 2), lr_affine_translate(1, 0)));
    lr_mobject_set_transform(h, lr_affine_translate(0, 3));
    lr_mobject *a = make_square((lr_vec2){0, 0}, 1), *b = make_circle((lr_vec2){0, 0}, 1);
    lr_mobject_add_child(g, a);
    lr_mobject_add_child(h, b);
    lr_scene_add(scene, g);
    lr_scene_add(scene, h);
    /* a is 2 x 2 in scene units, centred at (1, 0); b is centred at (0, 3). */
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_shift(a, (lr_vec2){2, 0})), NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_move_to(a, (lr_vec2){-3, -1})), NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_transform(a, b)), NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 1, NULL));
    lr_affine w = lr_affine_then(lr_mobject_get_transform(a), lr_mobject_get_transform(g));
    lr_rect r = lr_path_bounds_transformed(lr_mobject_path_const(a), w);
    LRT_CHECK_NEAR(rect_cx(r), 3, EPS);
    LRT_CHECK_NEAR(rect_w(r), 2, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2, NULL));
    w = lr_affine_then(lr_mobject_get_transform(a), lr_mobject_get_transform(g));
    r = lr_path_bounds_transformed(lr_mobject_path_const(a), w);
    LRT_CHECK_NEAR(rect_cx(r), -3, EPS);
    LRT_CHECK_NEAR(rect_cy(r), -1, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 3, NULL)); /* a now looks like b, in scene units */
    w = lr_affine_then(lr_mobject_get_transform(a), lr_mobject_get_transform(g));
    r = lr_path_bounds_transformed(lr_mobject_path_const(a), w);
    LRT_CHECK_NEAR(rect_cx(r), 0, 1e-3);
    LRT_CHECK_NEAR(rect_cy(r), 3, 1e-3);
    LRT_CHECK_NEAR(rect_w(r), 2, 1e-3);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* Transform A -> B, then A -> C; a Succession inside a group whose other
 * child starts at once; and a group with its own rate function. */
static void test_chains(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = make_square((lr_vec2){0, 0}, 2), *b = make_circle((lr_vec2){4, 0}, 1),
               *c = make_rect((lr_vec2){-4, 0}, 1, 3, lr_rgba(1, 1, 1, 1), lr_rgba(0, 0, 0, 0)),
               *d = make_square((lr_vec2){0, 3}, 1);
    lr_scene_add(scene, a);
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_create(a), NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_transform(a, b), NULL));
    lr_anim *inner[2] = {linear(lr_anim_transform(a, c)), linear(lr_anim_shift(a, (lr_vec2){0, -1}))};
    lr_anim *outer[2] = {lr_anim_succession(inner, 2), linear(lr_anim_fade_in(d, (lr_vec2){0, 0}, 1))};
    lr_anim_set_run_time(outer[1], 2.0, NULL);
    LRT_CHECK_OK(lr_timeline_play(tl, outer, 2, NULL));
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 4, 1e-12);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2, NULL));
    lr_rect r = lr_mobject_bounds(a);
    LRT_CHECK_NEAR(rect_cx(r), 4, 1e-3);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(d), 0, EPS);
    LRT_CHECK(lr_mobject_get_visible(d));
    LRT_CHECK_OK(lr_timeline_seek(tl, 3, NULL));
    r = lr_mobject_bounds(a);
    LRT_CHECK_NEAR(rect_cx(r), -4, 1e-3);
    LRT_CHECK_NEAR(rect_h(r), 3, 1e-3);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(d), 0.5, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 3.5, NULL)); /* the shift began from c's place */
    r = lr_mobject_bounds(a);
    LRT_CHECK_NEAR(rect_cx(r), -4, 1e-3);
    LRT_CHECK_NEAR(rect_cy(r), -0.5, 1e-3);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL));
    r = lr_mobject_bounds(a);
    LRT_CHECK_NEAR(rect_cx(r), 0, 1e-3);
    LRT_CHECK_NEAR(rect_cy(r), 0, 1e-3);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);

    /* A group's rate function warps its children's clock. */
    scene = lr_scene_create();
    tl = lr_timeline_create(scene);
    lr_mobject *e = make_square((lr_vec2){0, 0}, 1);
    lr_scene_add(scene, e);
    lr_anim *g = lr_anim_group((lr_anim *[]){linear(lr_anim_shift(e, (lr_vec2){1, 0}))}, 1, 0);
    LRT_CHECK_OK(lr_anim_set_rate_func(g, LR_RATE_EASE_IN_CUBIC, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, g, NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(e)), 0.125, EPS);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* lag_ratio 0 on Create: every path at once; Create halfway keeps half the
 * curves. */
static void test_lag_zero(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *g = lr_mobject_create_group(), *p[3];
    for (int i = 0; i < 3; i++) {
        p[i] = make_square((lr_vec2){(float)i * 2, 0}, 1);
        lr_mobject_add_child(g, p[i]);
    }
    lr_anim *c = linear(lr_anim_create(g));
    LRT_CHECK_OK(lr_anim_set_lag_ratio(c, 0, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, c, NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    for (int i = 0; i < 3; i++) {
        LRT_CHECK_NEAR(lr_path_length(lr_mobject_path_const(p[i]), 1e-4f), 2.0, 1e-3);
        LRT_CHECK(lr_path_curve_count(lr_mobject_path_const(p[i])) == 2);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

int main(void)
{
    test_nested_spaces();
    test_chains();
    test_lag_zero();
    test_duration_and_steps();
    test_lagged_start_and_succession();
    test_add_remove_set();
    test_step_end_and_targets();
    test_seek_determinism();
    test_errors();
    test_counter_conflict();
    return lrt_finish("anim_timeline");
}
