/* Maps of the plane (ApplyMatrix, ApplyFunction) checked on numbers, in
 * scene coordinates: every point at its image at the end and on the
 * straight segment to it mid-step, through the transforms of groups; z^2 on
 * circles and lines; seeks in any order; the subdivision cap; images. */
#include "anim_util.h"

#include <math.h>

#define PI 3.14159265358979323846

typedef struct fixture {
    lr_scene *scene;
    lr_timeline *tl;
} fixture;

static fixture fx_new(void)
{
    fixture f;
    f.scene = lr_scene_create();
    f.tl = lr_timeline_create(f.scene);
    return f;
}

static void fx_free(fixture *f)
{
    lr_timeline_destroy(f->tl);
    lr_scene_destroy(f->scene);
}

static void seek(fixture *f, double t) { LRT_CHECK_OK(lr_timeline_seek(f->tl, t, NULL)); }

/* Every path point under m in scene coordinates, depth first; `parent` is
 * the map from m's parent's space to the scene. */
typedef struct points {
    lr_vec2 *v;
    size_t n, cap;
} points;

static void pts_push(points *p, lr_vec2 q)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 256;
        p->v = realloc(p->v, p->cap * sizeof *p->v);
    }
    p->v[p->n++] = q;
}

static void collect(points *out, const lr_mobject *m, lr_affine parent)
{
    lr_affine w = lr_affine_then(lr_mobject_get_transform(m), parent);
    const lr_path *p = lr_mobject_path_const(m);
    for (uint32_t i = 0; p && i < p->npoints; i++)
        pts_push(out, lr_affine_apply(w, p->points[i]));
    for (size_t i = 0; i < lr_mobject_child_count(m); i++)
        collect(out, lr_mobject_child(m, i), w);
}

static points scene_points(const lr_mobject *m, lr_affine parent)
{
    points p = {0};
    collect(&p, m, parent);
    return p;
}

static lr_vec2 mat_apply(const double m[4], lr_vec2 about, lr_vec2 p)
{
    double x = p.x - about.x, y = p.y - about.y;
    return (lr_vec2){(float)(m[0] * x + m[1] * y + about.x), (float)(m[2] * x + m[3] * y + about.y)};
}

static double dist(lr_vec2 a, lr_vec2 b) { return hypot((double)a.x - b.x, (double)a.y - b.y); }

static lr_mobject *line_mob(lr_vec2 a, lr_vec2 b)
{
    lr_path p = {0};
    lr_path_add_line(&p, a, b);
    lr_mobject *m = lr_mobject_create_path(&p, lr_style_default());
    lr_path_free(&p);
    return m;
}

/* A grid of lines: a group with a transform, holding a group of vertical
 * lines with its own transform and horizontal lines with theirs. Returns
 * the grid; *outer (its parent) has a transform too. */
static lr_mobject *grid(lr_scene *scene, lr_mobject **outer, lr_affine *outer_t)
{
    lr_mobject *o = lr_mobject_create_group(), *g = lr_mobject_create_group(), *v = lr_mobject_create_group();
    lr_scene_add(scene, o);
    lr_mobject_add_child(o, g);
    lr_mobject_add_child(g, v);
    for (int i = -3; i <= 3; i++) {
        lr_mobject_add_child(v, line_mob((lr_vec2){(float)i, -3}, (lr_vec2){(float)i, 3}));
        lr_mobject *h = line_mob((lr_vec2){-3, (float)i}, (lr_vec2){3, (float)i});
        lr_mobject_set_transform(h, lr_affine_translate(0.1f * (float)i, 0.05f));
        lr_mobject_add_child(g, h);
    }
    *outer_t = lr_affine_then(lr_affine_scale(0.8f, 0.8f), lr_affine_translate(0.5f, -0.25f));
    lr_mobject_set_transform(o, *outer_t);
    lr_mobject_set_transform(g, lr_affine_then(lr_affine_rotate(0.3f), lr_affine_translate(-1, 0.5f)));
    lr_mobject_set_transform(v, lr_affine_then(lr_affine_scale(1.2f, 0.9f), lr_affine_translate(0.2f, 0)));
    *outer = o;
    return g;
}

static void test_apply_matrix_grid(void)
{
    fixture f = fx_new();
    lr_mobject *outer;
    lr_affine outer_t;
    lr_mobject *g = grid(f.scene, &outer, &outer_t);
    lr_mobject_set_opacity(g, 0.5f);
    const double M[4] = {1, 1, 0, 1}; /* a shear */
    const lr_vec2 origin = {0, 0};
    points before = scene_points(g, outer_t);
    lr_anim *a = lr_anim_apply_matrix(g, M, NULL);
    LRT_CHECK(a && lr_anim_get_run_time(a) == 3.0);
    /* A line hidden now and shown after the map keeps its opacity. */
    lr_mobject *hidden = lr_mobject_child(g, 1);
    lr_mobject_set_visible(hidden, false);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, a, NULL));
    LRT_CHECK_OK(lr_timeline_wait(f.tl, 1, NULL));
    LRT_CHECK_OK(lr_timeline_add(f.tl, hidden, NULL));
    size_t nchildren = lr_mobject_child_count(g);

    seek(&f, 3.5);
    points end = scene_points(g, outer_t);
    LRT_CHECK(end.n == before.n);
    double worst = 0;
    for (size_t i = 0; i < before.n && i < end.n; i++)
        worst = fmax(worst, dist(end.v[i], mat_apply(M, origin, before.v[i])));
    LRT_CHECK_MSG(worst < 1e-5, "after ApplyMatrix a point is %g from M p", worst);
    /* The tree keeps its shape; the transforms under g are baked. */
    LRT_CHECK(lr_mobject_child_count(g) == nchildren);
    lr_affine id = lr_affine_identity(), t = lr_mobject_get_transform(lr_mobject_child(g, 0));
    LRT_CHECK(memcmp(&t, &id, sizeof t) == 0);
    LRT_CHECK(lr_mobject_get_visible(g));
    /* Opacity moved into the leaves: what is drawn is the same. */
    LRT_CHECK_NEAR(lr_mobject_get_opacity(g), 1.0, 0);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_mobject_child(g, 1)), 0.5, 1e-6);

    LRT_CHECK(!lr_mobject_get_visible(hidden));
    seek(&f, 4);
    LRT_CHECK(lr_mobject_get_visible(hidden));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(g) * lr_mobject_get_opacity(hidden), 0.5, 1e-6);

    /* Mid-step, each point is on the straight segment to its image, at the
     * rate function's proportion (smooth, 0.4 of the way in time). */
    for (int k = 1; k <= 5; k++) {
        double tt = 3.0 * k / 6.0;
        seek(&f, tt);
        double r = lr_rate_eval(LR_RATE_SMOOTH, tt / 3.0);
        points mid = scene_points(g, outer_t);
        worst = 0;
        for (size_t i = 0; i < before.n && i < mid.n; i++) {
            lr_vec2 p = before.v[i], q = mat_apply(M, origin, p);
            lr_vec2 want = {(float)(p.x + (q.x - p.x) * r), (float)(p.y + (q.y - p.y) * r)};
            worst = fmax(worst, dist(mid.v[i], want));
        }
        LRT_CHECK_MSG(mid.n == before.n && worst < 1e-5, "at t = %g a point is %g off its segment", tt, worst);
        free(mid.v);
    }
    /* At the start nothing has moved. */
    seek(&f, 0);
    points start = scene_points(g, outer_t);
    worst = 0;
    for (size_t i = 0; i < before.n && i < start.n; i++)
        worst = fmax(worst, dist(start.v[i], before.v[i]));
    LRT_CHECK(worst < 1e-5);
    free(start.v);
    free(before.v);
    free(end.v);
    fx_free(&f);
}

static void test_about_point_and_set_matrix(void)
{
    fixture f = fx_new();
    lr_mobject *sq = make_square((lr_vec2){2, 1}, 1);
    lr_scene_add(f.scene, sq);
    lr_mobject_set_transform(sq, lr_affine_rotate(0.2f));
    const double rot[4] = {0, -1, 1, 0};
    const lr_vec2 about = {1, 2};
    points before = scene_points(sq, lr_affine_identity());
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_matrix(sq, rot, &about), NULL));
    seek(&f, 3);
    points end = scene_points(sq, lr_affine_identity());
    double worst = 0, from_origin = 0;
    for (size_t i = 0; i < before.n; i++) {
        worst = fmax(worst, dist(end.v[i], mat_apply(rot, about, before.v[i])));
        from_origin = fmax(from_origin, dist(end.v[i], mat_apply(rot, (lr_vec2){0, 0}, before.v[i])));
    }
    LRT_CHECK_MSG(worst < 1e-5, "about (1, 2): off by %g", worst);
    LRT_CHECK(from_origin > 1); /* the about point matters */
    free(before.v);
    free(end.v);
    fx_free(&f);

    /* lr_anim_set_matrix replaces the matrix (as a begin hook would). */
    f = fx_new();
    sq = make_square((lr_vec2){0, 0}, 2);
    lr_scene_add(f.scene, sq);
    const double one[4] = {1, 0, 0, 1}, twice[4] = {2, 0, 0, 0.5};
    lr_anim *a = lr_anim_apply_matrix(sq, one, NULL);
    lr_anim_set_matrix(a, twice);
    lr_anim_set_matrix(a, (double[4]){NAN, 0, 0, 1}); /* ignored */
    LRT_CHECK_OK(lr_timeline_play1(f.tl, a, NULL));
    seek(&f, 3);
    lr_rect r = lr_mobject_bounds(sq);
    LRT_CHECK_NEAR(rect_w(r), 4, 1e-5);
    LRT_CHECK_NEAR(rect_h(r), 1, 1e-5);
    fx_free(&f);

    /* Refusals at construction. */
    LRT_CHECK(lr_anim_apply_matrix(NULL, one, NULL) == NULL);
    LRT_CHECK(lr_anim_apply_matrix(sq, NULL, NULL) == NULL);
    LRT_CHECK(lr_anim_apply_matrix(sq, (double[4]){1, INFINITY, 0, 1}, NULL) == NULL);
    LRT_CHECK(lr_anim_apply_matrix(sq, one, &(lr_vec2){NAN, 0}) == NULL);
    LRT_CHECK(lr_anim_apply_function(sq, NULL, NULL, true) == NULL);
}

/* A begin hook: the matrix turns by the value's angle as it is when the
 * step begins, about (1, 0). */
typedef struct turn_by {
    const lr_timeline *tl;
    size_t value;
    int calls;
} turn_by;

static void turn_matrix(lr_anim *a, double t, void *user)
{
    (void)t;
    turn_by *b = user;
    double th = lr_timeline_value_get(b->tl, b->value);
    lr_anim_set_matrix(a, (double[4]){cos(th), -sin(th), sin(th), cos(th)});
    lr_anim_set_point(a, (lr_vec2){1, 0});
    b->calls++;
}

static void test_matrix_from_begin_hook(void)
{
    fixture f = fx_new();
    lr_mobject *sq = make_square((lr_vec2){2, 1}, 1);
    lr_scene_add(f.scene, sq);
    size_t v;
    LRT_CHECK_OK(lr_timeline_value_add(f.tl, 0, 0.5, &v, NULL)); /* 0.5 rad a second */
    turn_by b = {f.tl, v, 0};
    LRT_CHECK_OK(lr_timeline_wait(f.tl, 2, NULL));
    lr_anim *a = lr_anim_apply_matrix(sq, (double[4]){1, 0, 0, 1}, &(lr_vec2){0, 0});
    lr_anim_on_begin(a, turn_matrix, &b);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, a, NULL));
    points before = scene_points(sq, lr_affine_identity());
    const double th = 1.0; /* the value at 2 s */
    const double R[4] = {cos(th), -sin(th), sin(th), cos(th)};
    const double at[] = {5.0, 1.0, 3.5, 5.0, 2.5};
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        seek(&f, at[k]);
        double r = at[k] <= 2 ? 0 : lr_rate_eval(LR_RATE_SMOOTH, (at[k] - 2) / 3);
        points now = scene_points(sq, lr_affine_identity());
        double worst = 0;
        for (size_t i = 0; i < before.n && i < now.n; i++) {
            lr_vec2 p = before.v[i], q = mat_apply(R, (lr_vec2){1, 0}, p);
            lr_vec2 want = {(float)(p.x + (q.x - p.x) * r), (float)(p.y + (q.y - p.y) * r)};
            worst = fmax(worst, dist(now.v[i], want));
        }
        LRT_CHECK_MSG(worst < 1e-5, "t = %g: %g from the turn read at the step's start", at[k], worst);
        free(now.v);
    }
    LRT_CHECK(b.calls >= 1);
    free(before.v);
    fx_free(&f);
}

static lr_vec2 square_z(lr_vec2 p, void *user)
{
    int *calls = user;
    if (calls)
        (*calls)++;
    return (lr_vec2){p.x * p.x - p.y * p.y, 2 * p.x * p.y};
}

/* A circle of 16 arcs: within 1e-7 of the unit circle, so that its image
 * can be held to the unit circle at 1e-4 (lr_path_add_circle's 4 arcs are
 * 2.7e-4 off it, and z^2 doubles that). */
static lr_mobject *fine_circle(void)
{
    lr_path p = {0};
    lr_path_move_to(&p, (lr_vec2){1, 0});
    for (int i = 0; i < 16; i++)
        lr_path_arc_to(&p, (lr_vec2){0, 0}, (float)(PI / 8));
    lr_path_close(&p);
    lr_mobject *m = lr_mobject_create_path(&p, lr_style_default());
    lr_path_free(&p);
    return m;
}

/* Worst | |B(t)| - 1 | over the pieces of a path at t = 1/4, 1/2, 3/4. */
static double off_unit_circle(const lr_path *p, uint32_t *curves)
{
    double worst = 0;
    *curves = 0;
    for (uint32_t s = 0; s < p->nsubpaths; s++) {
        for (uint32_t i = 0; i < p->subpaths[s].ncurves; i++, (*curves)++) {
            const lr_vec2 *c = &p->points[p->subpaths[s].first + 3 * i];
            for (int k = 1; k <= 3; k++) {
                lr_vec2 q = lr_cubic_point(c, 0.25f * (float)k);
                worst = fmax(worst, fabs(hypot(q.x, q.y) - 1));
            }
        }
    }
    return worst;
}

static void test_square_on_circles(void)
{
    /* Nonlinear: the unit circle goes to the unit circle, between the
     * anchors too; mapping only the control points does not. */
    for (int nonlinear = 1; nonlinear >= 0; nonlinear--) {
        fixture f = fx_new();
        lr_mobject *c = fine_circle();
        lr_scene_add(f.scene, c);
        LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_function(c, square_z, NULL, nonlinear), NULL));
        seek(&f, 1);
        uint32_t curves;
        double off = off_unit_circle(lr_mobject_path_const(c), &curves);
        if (nonlinear)
            LRT_CHECK_MSG(off < 1e-4 && curves > 16, "z^2 of the unit circle: %u curves, %g off", curves, off);
        else
            LRT_CHECK_MSG(off > 1e-3 && curves <= 17, "control points only: %u curves, %g off", curves, off);
        fx_free(&f);
    }

    /* lr_path_add_circle, in a group that scales and moves it (the map is
     * in scene coordinates): each piece's midpoint at the end is z^2 of the
     * same piece's midpoint at the start (the subdivided source). */
    fixture f = fx_new();
    lr_mobject *outer = lr_mobject_create_group(), *c = make_circle((lr_vec2){0, 0}, 0.5f);
    lr_scene_add(f.scene, outer);
    lr_mobject_add_child(outer, c);
    lr_affine w = lr_affine_then(lr_affine_scale(2, 2), lr_affine_translate(0.25f, 0));
    lr_mobject_set_transform(outer, w);
    int calls = 0;
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_function(c, square_z, &calls, true), NULL));
    seek(&f, 0);
    lr_path start = {0};
    LRT_CHECK_OK(lr_path_copy(&start, lr_mobject_path_const(c)));
    LRT_CHECK(lr_path_curve_count(&start) > 4); /* subdivided */
    int calls_at_begin = calls;
    seek(&f, 1);
    const lr_path *end = lr_mobject_path_const(c);
    LRT_CHECK(end->npoints == start.npoints);
    double worst = 0;
    for (uint32_t i = 0; i + 3 < start.npoints && end->npoints == start.npoints; i += 3) {
        lr_vec2 s = lr_affine_apply(w, lr_cubic_point(&start.points[i], 0.5f));
        lr_vec2 e = lr_affine_apply(w, lr_cubic_point(&end->points[i], 0.5f));
        worst = fmax(worst, dist(e, square_z(s, NULL)));
    }
    LRT_CHECK_MSG(worst < 1e-4, "midpoints off z^2 by %g", worst);
    /* The map runs when the step begins, not per frame. */
    for (int k = 0; k < 10; k++)
        seek(&f, 0.1 * k);
    LRT_CHECK(calls == calls_at_begin);
    lr_path_free(&start);
    fx_free(&f);
}

/* Largest angle (degrees) between the tangents meeting at the joints of a
 * path's curves. */
static double worst_joint(const lr_path *p)
{
    double worst = 0;
    for (uint32_t s = 0; s < p->nsubpaths; s++) {
        for (uint32_t i = 1; i < p->subpaths[s].ncurves; i++) {
            const lr_vec2 *a = &p->points[p->subpaths[s].first + 3 * (i - 1)], *b = a + 3;
            double ax = (double)a[3].x - a[2].x, ay = (double)a[3].y - a[2].y;
            double bx = (double)b[1].x - b[0].x, by = (double)b[1].y - b[0].y;
            worst = fmax(worst, fabs(atan2(ax * by - ay * bx, ax * bx + ay * by)) * 180 / PI);
        }
    }
    return worst;
}

static lr_vec2 exp_z(lr_vec2 p, void *user)
{
    (void)user;
    double e = exp(p.x);
    return (lr_vec2){(float)(e * cos(p.y)), (float)(e * sin(p.y))};
}

static void test_lines_stay_smooth(void)
{
    /* A straight line drawn as 4 collinear segments: under z^2 its image is
     * the parabola (x^2 - 1, 2x), smooth at the joints; mapping only the
     * control points puts kinks there. Under exp (which needs many pieces)
     * it stays smooth as well. */
    const lr_vec2 pts[5] = {{-2, 1}, {-1, 1}, {0, 1}, {1, 1}, {2, 1}};
    struct {
        lr_point_map map;
        bool nonlinear;
    } cases[3] = {{square_z, true}, {square_z, false}, {exp_z, true}};
    for (int k = 0; k < 3; k++) {
        fixture f = fx_new();
        lr_path p = {0};
        lr_path_add_polyline(&p, pts, 5, false);
        lr_mobject *line = lr_mobject_create_path(&p, lr_style_default());
        lr_path_free(&p);
        lr_scene_add(f.scene, line);
        LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_function(line, cases[k].map, NULL, cases[k].nonlinear),
                                       NULL));
        seek(&f, 1);
        const lr_path *img = lr_mobject_path_const(line);
        double joint = worst_joint(img);
        if (cases[k].nonlinear)
            LRT_CHECK_MSG(joint < 1, "case %d: a joint of %g degrees", k, joint);
        else
            LRT_CHECK_MSG(joint > 5, "case %d: control points only, joints of just %g degrees", k, joint);
        if (k == 0) {
            /* On the parabola between the anchors too. */
            double worst = 0;
            for (uint32_t i = 0; i + 3 < img->npoints; i += 3) {
                for (int j = 0; j <= 8; j++) {
                    lr_vec2 q = lr_cubic_point(&img->points[i], (float)j / 8);
                    double x = q.y / 2; /* the parabola's parameter */
                    worst = fmax(worst, fabs(q.x - (x * x - 1)));
                }
            }
            LRT_CHECK_MSG(worst < 1e-4, "z^2 of a line off the parabola by %g", worst);
            LRT_CHECK(lr_path_curve_count(img) == 4); /* degree 2 on lines: exact without cuts */
        }
        if (k == 2)
            LRT_CHECK(lr_path_curve_count(img) > 8);
        fx_free(&f);
    }
}

static lr_vec2 wave(lr_vec2 p, void *user)
{
    (void)user;
    return (lr_vec2){p.x + 0.3f * sinf(p.y * 2), p.y + 0.3f * sinf(p.x * 2)};
}

static void test_any_seek_order(void)
{
    fixture f = fx_new();
    lr_mobject *outer;
    lr_affine outer_t;
    lr_mobject *g = grid(f.scene, &outer, &outer_t);
    lr_mobject *c = make_circle((lr_vec2){2, 2}, 0.7f);
    lr_scene_add(f.scene, c);
    const double M[4] = {0.8, -0.6, 0.6, 0.8};
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_matrix(g, M, &(lr_vec2){1, 0}), NULL));
    LRT_CHECK_OK(lr_timeline_play(f.tl,
                                  (lr_anim *[]){lr_anim_apply_function(g, wave, NULL, true),
                                                lr_anim_apply_function(c, square_z, NULL, true)},
                                  2, NULL));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_shift(g, (lr_vec2){1, 0}), NULL));
    enum { N = 24 };
    double times[N];
    state_buf ref[N];
    double dur = lr_timeline_duration(f.tl);
    for (int i = 0; i < N; i++) {
        times[i] = dur * i / (N - 1);
        seek(&f, times[i]);
        ref[i] = scene_state(f.scene);
    }
    srand(7);
    int same = 0;
    for (int k = 0; k < 3 * N; k++) {
        int i = rand() % N;
        seek(&f, times[i]);
        state_buf s = scene_state(f.scene);
        same += state_equal(&s, &ref[i]);
        free(s.v);
    }
    LRT_CHECK_MSG(same == 3 * N, "%d of %d random seeks gave the same state", same, 3 * N);
    /* The end of the map step is what the next one starts from. */
    LRT_CHECK_OK(lr_timeline_seek_step_end(f.tl, 1, NULL));
    state_buf s = scene_state(f.scene);
    seek(&f, 4.0);
    state_buf t = scene_state(f.scene);
    LRT_CHECK(state_equal(&s, &t));
    free(s.v);
    free(t.v);
    for (int i = 0; i < N; i++)
        free(ref[i].v);
    fx_free(&f);
}

static void test_inside_a_group(void)
{
    /* One child of a moved group is mapped; its sibling and the group are
     * left alone. */
    fixture f = fx_new();
    lr_mobject *g = lr_mobject_create_group();
    lr_mobject *a = make_square((lr_vec2){-1, 0}, 1), *b = make_square((lr_vec2){1, 0}, 1);
    lr_mobject_add_child(g, a);
    lr_mobject_add_child(g, b);
    lr_scene_add(f.scene, g);
    lr_affine gt = lr_affine_then(lr_affine_rotate(0.5f), lr_affine_translate(2, 1));
    lr_mobject_set_transform(g, gt);
    points pa = scene_points(a, gt), pb = scene_points(b, gt);
    const double M[4] = {2, 0, 0, 2};
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_matrix(a, M, NULL), NULL));
    seek(&f, 3);
    points qa = scene_points(a, gt), qb = scene_points(b, gt);
    double worst = 0, moved = 0;
    for (size_t i = 0; i < pa.n; i++)
        worst = fmax(worst, dist(qa.v[i], mat_apply(M, (lr_vec2){0, 0}, pa.v[i])));
    for (size_t i = 0; i < pb.n; i++)
        moved = fmax(moved, dist(qb.v[i], pb.v[i]));
    LRT_CHECK_MSG(worst < 1e-5, "mapped child off by %g", worst);
    LRT_CHECK(moved == 0);
    lr_affine t = lr_mobject_get_transform(g);
    LRT_CHECK(memcmp(&t, &gt, sizeof t) == 0);
    free(pa.v);
    free(pb.v);
    free(qa.v);
    free(qb.v);
    fx_free(&f);
}

static lr_vec2 ripple(lr_vec2 p, void *user)
{
    (void)user;
    return (lr_vec2){p.x, p.y + 0.5f * sinf(40 * p.x)};
}

static void test_subdivision_cap(void)
{
    /* 2 paths of 3000 curves 2 units long each, under a ripple of 6 waves a
     * unit: each curve asks for the 64 pieces of the cap, 1.15 million
     * points in all, over LR_MAP_MAX_POINTS: the pieces shrink to fit, the
     * anchors still exact images. */
    fixture f = fx_new();
    lr_mobject *g = lr_mobject_create_group();
    lr_scene_add(f.scene, g);
    uint32_t source_curves = 0;
    for (int k = 0; k < 2; k++) {
        lr_path p = {0};
        for (int i = 0; i < 3000; i++)
            lr_path_add_line(&p, (lr_vec2){-1, (float)i * 1e-3f + (float)k}, (lr_vec2){1, (float)i * 1e-3f + (float)k});
        source_curves += lr_path_curve_count(&p);
        lr_mobject_add_child(g, lr_mobject_create_path(&p, lr_style_default()));
        lr_path_free(&p);
    }
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_function(g, ripple, NULL, true), NULL));
    seek(&f, 0);
    lr_path start[2] = {{0}, {0}};
    size_t total = 0;
    uint32_t curves = 0;
    for (int k = 0; k < 2; k++) {
        LRT_CHECK_OK(lr_path_copy(&start[k], lr_mobject_path_const(lr_mobject_child(g, (size_t)k))));
        total += start[k].npoints;
        curves += lr_path_curve_count(&start[k]);
    }
    LRT_CHECK_MSG(total <= LR_MAP_MAX_POINTS && curves > 10 * source_curves, "%zu points, %u curves", total, curves);
    seek(&f, 1);
    double worst = 0;
    for (int k = 0; k < 2; k++) {
        const lr_path *e = lr_mobject_path_const(lr_mobject_child(g, (size_t)k));
        LRT_CHECK(e->npoints == start[k].npoints);
        for (uint32_t sp = 0; sp < e->nsubpaths && e->npoints == start[k].npoints; sp++) {
            const lr_subpath *q = &e->subpaths[sp];
            for (uint32_t i = q->first; i <= q->first + 3 * q->ncurves; i += 3)
                worst = fmax(worst, dist(e->points[i], ripple(start[k].points[i], NULL)));
        }
        lr_path_free(&start[k]);
    }
    LRT_CHECK_MSG(worst < 1e-5, "anchors off their images by %g", worst);
    fx_free(&f);
}

static lr_vec2 shear(lr_vec2 p, void *user)
{
    (void)user;
    return (lr_vec2){p.x - 0.5f * p.y + 1, p.y};
}

static void test_images_follow(void)
{
    lr_image img = {0};
    LRT_CHECK_OK(lr_image_alloc(&img, 4, 4));
    memset(img.pixels, 255, (size_t)img.stride * 4);
    const lr_rect box = {1, 1, 3, 2};
    /* ApplyMatrix, or ApplyFunction with an affine map: the box's corners
     * go to their images; a curved map moves it with its centre. */
    for (int kind = 0; kind < 4; kind++) {
        fixture f = fx_new();
        lr_mobject *g = lr_mobject_create_group(), *im = lr_mobject_create_image(&img, box);
        lr_mobject_add_child(g, im);
        lr_mobject_add_child(g, make_square((lr_vec2){0, 0}, 1));
        lr_scene_add(f.scene, g);
        lr_affine gt = lr_affine_translate(0.5f, 0.5f);
        lr_mobject_set_transform(g, gt);
        const double M[4] = {1, 0.5, 0, 1};
        lr_anim *a = kind == 0 ? lr_anim_apply_matrix(g, M, NULL)
                   : kind == 1 ? lr_anim_apply_function(g, wave, NULL, true)
                   : kind == 2 ? lr_anim_apply_function(g, square_z, NULL, false)
                               : lr_anim_apply_function(g, shear, NULL, true);
        LRT_CHECK_OK(lr_timeline_play1(f.tl, a, NULL));
        seek(&f, lr_timeline_duration(f.tl));
        lr_affine t = lr_mobject_get_transform(im);
        lr_vec2 corners[4] = {{1, 1}, {3, 1}, {1, 2}, {3, 2}};
        double worst = 0;
        for (int i = 0; i < 4; i++) {
            lr_vec2 p = lr_affine_apply(gt, corners[i]);
            lr_vec2 want = kind == 0 ? mat_apply(M, (lr_vec2){0, 0}, p) : shear(p, NULL);
            if (kind == 1 || kind == 2) {
                /* Not affine there: moved with its centre's image. */
                lr_vec2 c = {2.5f, 2.0f};
                lr_vec2 fc = kind == 1 ? wave(c, NULL) : square_z(c, NULL);
                want = (lr_vec2){p.x + fc.x - c.x, p.y + fc.y - c.y};
            }
            worst = fmax(worst, dist(lr_affine_apply(t, corners[i]), want));
        }
        LRT_CHECK_MSG(worst < 1e-5, "image corners (case %d) off by %g", kind, worst);
        fx_free(&f);
    }
    lr_image_free(&img);
}

static lr_vec2 pole(lr_vec2 p, void *user)
{
    (void)user;
    double r = (double)p.x * p.x + (double)p.y * p.y;
    return (lr_vec2){(float)(p.x / r), (float)(-p.y / r)}; /* 1/z */
}

static lr_status nothing(lr_mobject *c, double t, void *user, lr_error *err)
{
    (void)c, (void)t, (void)user, (void)err;
    return LR_OK;
}

static void test_errors_and_frames(void)
{
    /* 1/z on a line through 0: the seek that begins the step says where. */
    fixture f = fx_new();
    lr_mobject *l = line_mob((lr_vec2){0, 0}, (lr_vec2){1, 0});
    lr_scene_add(f.scene, l);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_function(l, pole, NULL, false), NULL));
    lr_error err = {0};
    LRT_CHECK_STATUS(lr_timeline_seek(f.tl, 0.5, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "ApplyFunction") && strstr(err.message, "finite"), "%s", err.message);
    fx_free(&f);

    /* Nothing under the mapped mobject may be rebuilt by the timeline. */
    f = fx_new();
    lr_mobject *g = lr_mobject_create_group(), *box = lr_mobject_create_group();
    lr_mobject_add_child(g, box);
    lr_scene_add(f.scene, g);
    LRT_CHECK_OK(lr_timeline_add_updater(f.tl, box, nothing, NULL, NULL));
    LRT_CHECK_STATUS(lr_timeline_play1(f.tl, lr_anim_apply_matrix(g, (double[4]){1, 0, 0, 1}, NULL), &err),
                     LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "ApplyMatrix") != NULL, "%s", err.message);
    fx_free(&f);

    /* Frame after frame in the step: the paths keep their buffers (the
     * interpolation allocates nothing once they have grown). */
    f = fx_new();
    lr_mobject *c = make_circle((lr_vec2){0.3f, 0.2f}, 1);
    lr_scene_add(f.scene, c);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_apply_function(c, exp_z, NULL, true), NULL));
    seek(&f, 0.01);
    const lr_vec2 *buf = lr_mobject_path_const(c)->points;
    bool kept = true;
    for (int k = 2; k < 60; k++) {
        seek(&f, k / 60.0);
        kept = kept && lr_mobject_path_const(c)->points == buf;
    }
    LRT_CHECK(kept);
    fx_free(&f);
}

int main(void)
{
    test_apply_matrix_grid();
    test_about_point_and_set_matrix();
    test_matrix_from_begin_hook();
    test_square_on_circles();
    test_lines_stay_smooth();
    test_any_seek_order();
    test_inside_a_group();
    test_subdivision_cap();
    test_images_follow();
    test_errors_and_frames();
    return lrt_finish("anim_maps");
}
