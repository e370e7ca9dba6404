/* Updaters (Manim's always_redraw / add_updater): they follow animated
 * mobjects in the middle of steps, run in the order added, compose with
 * shallow animations of their container, are suspended under a deep one,
 * are skipped by the cached states (the children they free are never
 * touched again: run this under the ASan build), may set the camera from a
 * value, give the same scene whatever the order of the seeks, and their
 * errors come out of the seek. */
#include "anim_util.h"

#include <math.h>

static const float EPS = 1e-4f;

static lr_vec2 centre(const lr_mobject *m)
{
    lr_rect r = lr_mobject_bounds(m);
    return (lr_vec2){rect_cx(r), rect_cy(r)};
}

static lr_mobject *make_line(lr_vec2 p, lr_vec2 q)
{
    lr_path path = {0};
    lr_path_add_line(&path, p, q);
    lr_mobject *m = lr_mobject_create_path(&path, lr_style_default());
    lr_path_free(&path);
    return m;
}

static void clear_children(lr_scene *scene, lr_mobject *c)
{
    while (lr_mobject_child_count(c) > 0)
        lr_mobject_destroy(lr_scene_remove(scene, lr_mobject_child(c, lr_mobject_child_count(c) - 1)));
}

static lr_vec2 first_point(const lr_mobject *m) { return lr_mobject_path_const(m)->points[0]; }
static lr_vec2 last_point(const lr_mobject *m)
{
    const lr_path *p = lr_mobject_path_const(m);
    return p->points[p->npoints - 1];
}

/* always_redraw(lambda: Line(a.get_center(), b.get_center())): a new line
 * at every call, the old one freed. */
typedef struct link {
    lr_scene *scene;
    const lr_mobject *a, *b;
    int calls;
} link;

static lr_status redraw_link(lr_mobject *c, double t, void *user, lr_error *err)
{
    (void)t;
    (void)err;
    link *l = user;
    clear_children(l->scene, c);
    lr_mobject *line = make_line(centre(l->a), centre(l->b));
    l->calls++;
    return line ? lr_mobject_add_child(c, line) : LR_ERR_NOMEM;
}

/* A small square at the midpoint of another updater's line: it must see
 * that line as it is at this time. */
typedef struct midpoint {
    lr_scene *scene;
    const lr_mobject *line_box;
} midpoint;

static lr_status redraw_midpoint(lr_mobject *c, double t, void *user, lr_error *err)
{
    (void)t;
    (void)err;
    midpoint *m = user;
    clear_children(m->scene, c);
    const lr_mobject *line = lr_mobject_child(m->line_box, 0);
    lr_vec2 p = first_point(line), q = last_point(line);
    return lr_mobject_add_child(c, make_square((lr_vec2){(p.x + q.x) * 0.5f, (p.y + q.y) * 0.5f}, 0.2f));
}

static void check_line(const lr_mobject *box, lr_vec2 p, lr_vec2 q, double t)
{
    LRT_CHECK_MSG(lr_mobject_child_count(box) == 1, "t=%g: %zu children", t, lr_mobject_child_count(box));
    if (lr_mobject_child_count(box) != 1)
        return;
    const lr_mobject *line = lr_mobject_child(box, 0);
    lr_vec2 a = first_point(line), b = last_point(line);
    LRT_CHECK_MSG(fabsf(a.x - p.x) < EPS && fabsf(a.y - p.y) < EPS && fabsf(b.x - q.x) < EPS && fabsf(b.y - q.y) < EPS,
                  "t=%g: line (%g,%g)-(%g,%g), expected (%g,%g)-(%g,%g)", t, a.x, a.y, b.x, b.y, p.x, p.y, q.x, q.y);
}

static void test_line_follows(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = make_circle((lr_vec2){-2, 0}, 0.1f), *b = make_circle((lr_vec2){2, 0}, 0.1f);
    lr_mobject *box = lr_mobject_create_group(), *mid = lr_mobject_create_group();
    lr_scene_add(scene, a);
    lr_scene_add(scene, b);
    lr_scene_add(scene, box);
    lr_scene_add(scene, mid);
    link l = {scene, a, b, 0};
    midpoint m = {scene, box};
    LRT_CHECK_OK(lr_timeline_add_updater(tl, box, redraw_link, &l, NULL));
    LRT_CHECK_OK(lr_timeline_add_updater(tl, mid, redraw_midpoint, &m, NULL));
    LRT_CHECK_OK(lr_timeline_play(tl,
                                  (lr_anim *[]){linear(lr_anim_shift(a, (lr_vec2){0, 2})),
                                                linear(lr_anim_shift(b, (lr_vec2){2, -2}))},
                                  2, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    lr_step_info info;
    LRT_CHECK_OK(lr_timeline_step_info(tl, 1, &info));
    LRT_CHECK(info.kind == LR_STEP_WAIT && !info.still); /* an updater may move things in a wait */
    const double times[] = {0.9, 0.5, 0.25, 1.5, 0.5, 0.0, 1.0, 2.0, 0.75};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        double t = times[i], s = t < 1 ? t : 1;
        int before = l.calls;
        LRT_CHECK_OK(lr_timeline_seek(tl, t, NULL));
        LRT_CHECK(l.calls > before);
        lr_vec2 pa = {-2, (float)(2 * s)}, pb = {(float)(2 + 2 * s), (float)(-2 * s)};
        check_line(box, pa, pb, t);
        /* The second updater ran after the first: it sees this line. */
        lr_vec2 c = centre(lr_mobject_child(mid, 0));
        LRT_CHECK_NEAR(c.x, (pa.x + pb.x) * 0.5, EPS);
        LRT_CHECK_NEAR(c.y, (pa.y + pb.y) * 0.5, EPS);
    }
    LRT_CHECK_OK(lr_timeline_seek_step_end(tl, 0, NULL));
    check_line(box, (lr_vec2){-2, 2}, (lr_vec2){4, -2}, 1.0);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);

    /* Without updaters a wait is still. */
    scene = lr_scene_create();
    tl = lr_timeline_create(scene);
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    LRT_CHECK_OK(lr_timeline_step_info(tl, 0, &info));
    LRT_CHECK(info.still);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* FadeIn with a shift moves and fades the container while its updater
 * keeps the line on the dots. */
static void test_shallow_composes(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = make_circle((lr_vec2){0, 0}, 0.1f), *b = make_circle((lr_vec2){2, 0}, 0.1f);
    lr_mobject *box = lr_mobject_create_group();
    lr_scene_add(scene, a);
    lr_scene_add(scene, b);
    link l = {scene, a, b, 0};
    LRT_CHECK_OK(lr_timeline_add_updater(tl, box, redraw_link, &l, NULL)); /* added to the scene, hidden */
    LRT_CHECK(lr_mobject_child(lr_scene_root(scene), 2) == box && !lr_mobject_get_visible(box));
    LRT_CHECK_OK(lr_timeline_play(tl,
                                  (lr_anim *[]){linear(lr_anim_fade_in(box, (lr_vec2){0, 1}, 1)),
                                                linear(lr_anim_shift(b, (lr_vec2){0, 2}))},
                                  2, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_rotate(box, (float)M_PI, &(lr_vec2){0, 0})), NULL));
    LRT_CHECK_OK(lr_timeline_remove(tl, box, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 0, NULL)); /* the FadeIn has begun */
    LRT_CHECK_NEAR(lr_mobject_get_opacity(box), 0.0, EPS);
    check_line(box, (lr_vec2){0, 0}, (lr_vec2){2, 0}, 0.0);
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK(lr_mobject_get_visible(box));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(box), 0.5, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_transform(box).f, -0.5, EPS);
    check_line(box, (lr_vec2){0, 0}, (lr_vec2){2, 1}, 0.5);
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.5, NULL)); /* half a turn about the origin, dot at (2, 2) */
    lr_affine t = lr_mobject_get_transform(box);
    LRT_CHECK_NEAR(t.a, 0.0, EPS);
    LRT_CHECK_NEAR(t.b, 1.0, EPS);
    check_line(box, (lr_vec2){0, 0}, (lr_vec2){2, 2}, 1.5);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL));
    LRT_CHECK(!lr_mobject_get_visible(box));
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* A Create of a group around the container suspends its updater for the
 * step: the Create draws the line as it was at the step's start. */
static void test_suspended_under_create(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *anchor = make_circle((lr_vec2){0, -2}, 0.1f), *dot = make_circle((lr_vec2){0, 0}, 0.1f);
    lr_mobject *g = lr_mobject_create_group(), *box = lr_mobject_create_group();
    lr_scene_add(scene, anchor);
    lr_scene_add(scene, dot);
    lr_mobject_add_child(g, box);
    lr_mobject_add_child(g, make_square((lr_vec2){3, 3}, 1));
    lr_scene_add(scene, g);
    link l = {scene, anchor, dot, 0};
    LRT_CHECK_OK(lr_timeline_add_updater(tl, box, redraw_link, &l, NULL));
    lr_anim *create = linear(lr_anim_create(g));
    LRT_CHECK_OK(lr_anim_set_lag_ratio(create, 0, NULL));
    LRT_CHECK_OK(lr_timeline_play(tl, (lr_anim *[]){create, linear(lr_anim_shift(dot, (lr_vec2){4, 0}))}, 2, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    /* Created directly, a container is suspended too; an unrelated Create
     * suspends nothing. */
    lr_mobject *other = make_square((lr_vec2){-3, 3}, 1);
    lr_scene_add(scene, other);
    LRT_CHECK_OK(lr_timeline_play(tl,
                                  (lr_anim *[]){linear(lr_anim_create(box)), linear(lr_anim_create(other)),
                                                linear(lr_anim_shift(dot, (lr_vec2){0, 2}))},
                                  3, NULL));
    LRT_CHECK_OK(lr_timeline_play(tl, (lr_anim *[]){linear(lr_anim_create(other)),
                                                     linear(lr_anim_shift(dot, (lr_vec2){0, 2}))},
                                  2, NULL));

    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK(lr_mobject_get_visible(g));
    check_line(box, (lr_vec2){0, -2}, (lr_vec2){0, -1}, 0.5); /* half of the line to (0, 0) */
    int calls = l.calls;
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.75, NULL));
    LRT_CHECK(l.calls == calls); /* not run inside the step */
    check_line(box, (lr_vec2){0, -2}, (lr_vec2){0, -0.5f}, 0.75);
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.5, NULL)); /* resumed in the wait */
    check_line(box, (lr_vec2){0, -2}, (lr_vec2){4, 0}, 1.5);
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.25, NULL));
    check_line(box, (lr_vec2){0, -2}, (lr_vec2){0, -1.5f}, 0.25);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL)); /* Create(box): from its shape at t = 2 */
    check_line(box, (lr_vec2){0, -2}, (lr_vec2){2, -1}, 2.5);
    LRT_CHECK_OK(lr_timeline_seek(tl, 3.5, NULL)); /* only `other` is created: it follows */
    check_line(box, (lr_vec2){0, -2}, (lr_vec2){4, 3}, 3.5);
    LRT_CHECK_OK(lr_timeline_seek(tl, 3.0, NULL));
    check_line(box, (lr_vec2){0, -2}, (lr_vec2){4, 2}, 3.0);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* Edits its one child in place and checks, at every call, that the child is
 * as it left it: a cached state that restored the child would show. */
typedef struct stamp {
    lr_vec2 last;
    bool have;
    int reverted, calls;
} stamp;

static lr_status stamp_update(lr_mobject *c, double t, void *user, lr_error *err)
{
    (void)err;
    stamp *s = user;
    if (lr_mobject_child_count(c) == 0 && lr_mobject_add_child(c, make_line((lr_vec2){0, 0}, (lr_vec2){0, 1})))
        return LR_ERR_NOMEM;
    lr_path *p = lr_mobject_path(lr_mobject_child(c, 0));
    if (s->have && (p->npoints == 0 || p->points[p->npoints - 1].x != s->last.x))
        s->reverted++;
    s->last = (lr_vec2){(float)t, 1};
    s->have = true;
    s->calls++;
    lr_path_clear(p);
    return lr_path_add_line(p, (lr_vec2){0, 0}, s->last);
}

static void test_cached_states_skip_children(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *box = lr_mobject_create_group(), *a = make_circle((lr_vec2){-1, 0}, 0.1f),
               *b = make_circle((lr_vec2){1, 0}, 0.1f), *line_box = lr_mobject_create_group();
    lr_scene_add(scene, box);
    lr_scene_add(scene, a);
    lr_scene_add(scene, b);
    lr_scene_add(scene, line_box);
    stamp s = {0};
    link l = {scene, a, b, 0};
    LRT_CHECK_OK(lr_timeline_add_updater(tl, box, stamp_update, &s, NULL));
    LRT_CHECK_OK(lr_timeline_add_updater(tl, line_box, redraw_link, &l, NULL));
    lr_mobject_props half = {.mask = LR_PROP_OPACITY | LR_PROP_STROKE, .opacity = 0.5f, .stroke = lr_rgba(1, 0, 0, 1)};
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_fade_in(box, (lr_vec2){1, 0}, 0.5f), NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    LRT_CHECK_OK(lr_timeline_set(tl, box, &half, NULL));
    LRT_CHECK_OK(lr_timeline_play(tl,
                                  (lr_anim *[]){lr_anim_shift(box, (lr_vec2){1, 0}), lr_anim_create(line_box),
                                                lr_anim_shift(b, (lr_vec2){0, 1})},
                                  3, NULL));
    LRT_CHECK_OK(lr_timeline_add(tl, line_box, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_indicate(line_box, 1.2f, lr_rgba(1, 1, 0, 1)), NULL));
    LRT_CHECK_OK(lr_timeline_remove(tl, box, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_uncreate(line_box), NULL));
    double d = lr_timeline_duration(tl);
    LRT_CHECK_NEAR(d, 5, 1e-12);
    srand(3);
    for (int i = 0; i < 300; i++) {
        double t = i < 150 ? d * i / 149.0 : d * rand() / RAND_MAX;
        if (i % 37 == 5) {
            size_t step = (size_t)rand() % lr_timeline_step_count(tl);
            LRT_CHECK_OK(lr_timeline_seek_step_end(tl, step, NULL));
            lr_step_info info;
            lr_timeline_step_info(tl, step, &info);
            t = info.end;
        } else {
            LRT_CHECK_OK(lr_timeline_seek(tl, t, NULL));
        }
        LRT_CHECK(lr_mobject_child_count(box) == 1 && lr_mobject_child_count(line_box) == 1);
        LRT_CHECK_NEAR(last_point(lr_mobject_child(box, 0)).x, t, 1e-5);
    }
    LRT_CHECK(s.calls > 300);
    LRT_CHECK_MSG(s.reverted == 0, "a cached state put back the updater's child %d times", s.reverted);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* A scene-level updater: the camera follows a value. */
typedef struct follow {
    lr_scene *scene;
    const lr_timeline *tl;
    size_t value;
    double last_t;
} follow;

static lr_status camera_from_value(lr_mobject *c, double t, void *user, lr_error *err)
{
    follow *f = user;
    if (c)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "expected no container");
    f->last_t = t;
    lr_scene_set_camera(f->scene, (lr_vec2){(float)lr_timeline_value_get(f->tl, f->value), 0}, 8);
    return LR_OK;
}

static float camera_x(lr_scene *scene)
{
    lr_vec2 c;
    float h;
    lr_scene_get_camera(scene, &c, &h);
    return c.x;
}

static void test_scene_updater_camera(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    size_t k;
    LRT_CHECK_OK(lr_timeline_value_add(tl, 0, 1, &k, NULL));
    follow f = {scene, tl, k, -1};
    LRT_CHECK_OK(lr_timeline_add_updater(tl, NULL, camera_from_value, &f, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 2, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_set_value(tl, k, 0), NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    const double times[] = {1.0, 2.5, 3.5, 0.0, 2.0, 3.0, 4.0, 1.25};
    const double want[] = {1.0, 1.0, 0.5, 0.0, 2.0, 0.0, 1.0, 1.25};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        LRT_CHECK_OK(lr_timeline_seek(tl, times[i], NULL));
        LRT_CHECK_NEAR(camera_x(scene), want[i], 1e-6);
        LRT_CHECK(f.last_t == times[i]); /* it ran last, at the time sought */
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* A square centred on a dot (a dynamic object); a Transform to it starts
 * from the shape it has when the Transform's step starts. */
typedef struct on_dot {
    lr_scene *scene;
    const lr_mobject *dot;
    const lr_timeline *tl;
    size_t side;
} on_dot;

static lr_status square_on_dot(lr_mobject *c, double t, void *user, lr_error *err)
{
    (void)t;
    (void)err;
    on_dot *o = user;
    clear_children(o->scene, c);
    double side = o->tl ? lr_timeline_value_get(o->tl, o->side) : 1.0;
    return lr_mobject_add_child(c, make_square(centre(o->dot), (float)side));
}

static void test_transform_to_dynamic(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *dot = make_circle((lr_vec2){0, 0}, 0.1f), *a = make_circle((lr_vec2){-3, 2}, 0.5f),
               *box = lr_mobject_create_group();
    lr_scene_add(scene, dot);
    lr_scene_add(scene, a);
    lr_scene_add(scene, box);
    on_dot o = {scene, dot, NULL, 0};
    LRT_CHECK_OK(lr_timeline_add_updater(tl, box, square_on_dot, &o, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_shift(dot, (lr_vec2){3, 0})), NULL));
    LRT_CHECK_OK(lr_timeline_play(tl, (lr_anim *[]){linear(lr_anim_transform(a, box)),
                                                     linear(lr_anim_shift(dot, (lr_vec2){0, 3}))},
                                  2, NULL));
    /* From elsewhere in the timeline too: the step's start state is not the
     * children the last seek left. */
    const double before[] = {1.0, 0.5, 2.0};
    for (size_t i = 0; i < sizeof before / sizeof before[0]; i++) {
        LRT_CHECK_OK(lr_timeline_seek(tl, before[i], NULL));
        LRT_CHECK_OK(lr_timeline_seek(tl, 2.0, NULL));
        lr_rect r = lr_mobject_bounds(a);
        LRT_CHECK_NEAR(rect_cx(r), 3, 1e-3); /* the square where the dot was at t = 1 */
        LRT_CHECK_NEAR(rect_cy(r), 0, 1e-3);
        LRT_CHECK_NEAR(rect_w(r), 1, 1e-3);
        LRT_CHECK_NEAR(rect_cy(lr_mobject_bounds(box)), 3, EPS); /* while the target itself followed */
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

static lr_status failing(lr_mobject *c, double t, void *user, lr_error *err)
{
    (void)c;
    bool *with_message = user;
    if (t <= 1.5)
        return LR_OK;
    if (*with_message)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "scene.json: objects[3].radius: negative at t = %g", t);
    return LR_ERR_INVALID_ARG;
}

static lr_status nothing(lr_mobject *c, double t, void *user, lr_error *err)
{
    (void)c;
    (void)t;
    (void)user;
    (void)err;
    return LR_OK;
}

/* Frees its children, then fails for t in [1, 1.5): what a Create of the
 * step before had saved of them must never be touched again. */
static lr_status flaky(lr_mobject *c, double t, void *user, lr_error *err)
{
    clear_children(user, c);
    if (t >= 1.0 && t < 1.5)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "flaky at t = %g", t);
    return lr_mobject_add_child(c, make_line((lr_vec2){0, 0}, (lr_vec2){2, 0}));
}

static void test_updater_errors(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    bool with_message = true;
    LRT_CHECK_OK(lr_timeline_add_updater(tl, NULL, failing, &with_message, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 2, NULL));
    lr_error err = {0};
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.25, &err));
    LRT_CHECK_STATUS(lr_timeline_seek(tl, 2.0, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strcmp(err.message, "scene.json: objects[3].radius: negative at t = 2") == 0);
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL)); /* the timeline still works */
    with_message = false;
    LRT_CHECK_STATUS(lr_timeline_seek(tl, 3.0, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "updater 0 failed at t = 3") != NULL);
    LRT_CHECK_STATUS(lr_timeline_seek_step_end(tl, 1, NULL), LR_ERR_INVALID_ARG);
    lr_timeline_destroy(tl);

    tl = lr_timeline_create(scene);
    lr_mobject *fbox = lr_mobject_create_group();
    LRT_CHECK_OK(lr_timeline_add_updater(tl, fbox, flaky, scene, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, linear(lr_anim_create(fbox)), NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK_STATUS(lr_timeline_seek(tl, 1.75, &err), LR_ERR_INVALID_ARG); /* fails at the boundary, t = 1 */
    LRT_CHECK(strcmp(err.message, "flaky at t = 1") == 0);
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    check_line(fbox, (lr_vec2){0, 0}, (lr_vec2){1, 0}, 0.5);
    lr_timeline_destroy(tl);

    /* What a container may not be. */
    tl = lr_timeline_create(scene);
    lr_mobject *path = make_square((lr_vec2){0, 0}, 1), *box = lr_mobject_create_group(),
               *inner = lr_mobject_create_group(), *outer = lr_mobject_create_group(),
               *counter = lr_mobject_create_group(), *shape = make_square((lr_vec2){1, 1}, 1);
    lr_scene_add(scene, path);
    lr_scene_add(scene, box);
    lr_mobject_add_child(outer, inner);
    lr_scene_add(scene, outer);
    lr_scene_add(scene, counter);
    LRT_CHECK_STATUS(lr_timeline_add_updater(NULL, box, nothing, NULL, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, box, NULL, NULL, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, path, nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "group") != NULL);
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, lr_scene_root(scene), nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "root") != NULL);
    lr_mobject *elsewhere = lr_mobject_create_group(), *child = lr_mobject_create_group();
    lr_mobject_add_child(elsewhere, child);
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, child, nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "another tree") != NULL);
    lr_mobject_destroy(elsewhere);
    LRT_CHECK_OK(lr_timeline_add_updater(tl, box, nothing, NULL, NULL));
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, box, nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "already") != NULL);
    /* Nesting, both ways. */
    LRT_CHECK_OK(lr_timeline_add_updater(tl, inner, nothing, NULL, NULL));
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, outer, nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "holds an updater's container") != NULL);
    lr_mobject *deeper = lr_mobject_create_group();
    lr_mobject_add_child(inner, deeper);
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, deeper, nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "inside an updater's container") != NULL);
    /* Counters: neither a container nor inside one, in either order. */
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_change_decimal(counter, digits, NULL, 0, 1), NULL));
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, counter, nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "ChangeDecimalToValue") != NULL);
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_change_decimal(box, digits, NULL, 0, 1), &err),
                     LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "updater") != NULL);
    lr_mobject *in_box = lr_mobject_create_group();
    lr_mobject_add_child(box, in_box);
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_change_decimal(in_box, digits, NULL, 0, 1), &err),
                     LR_ERR_INVALID_ARG);
    /* A step may not refer to a mobject inside a container ... */
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_fade_in(in_box, (lr_vec2){0, 0}, 1), &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "inside an updater's container") != NULL);
    LRT_CHECK_STATUS(lr_timeline_add(tl, in_box, &err), LR_ERR_INVALID_ARG);
    /* ... nor can a container be made around one a step refers to. */
    lr_mobject *g = lr_mobject_create_group(), *member = make_square((lr_vec2){0, 0}, 1);
    lr_mobject_add_child(g, member);
    lr_scene_add(scene, g);
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_fade_in(member, (lr_vec2){0, 0}, 1), NULL));
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, g, nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "refers to a mobject inside") != NULL);
    /* Transform: a container is no source (nor is a group around one), but a
     * target it may be. */
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_transform(box, shape), &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "cannot be morphed") != NULL);
    LRT_CHECK_STATUS(lr_timeline_play1(tl, lr_anim_transform(outer, shape), &err), LR_ERR_INVALID_ARG);
    size_t steps = lr_timeline_step_count(tl);
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_transform(shape, box), NULL));
    lr_mobject *morphed = lr_mobject_create_group();
    lr_scene_add(scene, morphed);
    lr_mobject_add_child(morphed, make_square((lr_vec2){0, 0}, 1));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_transform(morphed, shape), NULL));
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, morphed, nothing, NULL, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "morphed") != NULL);
    LRT_CHECK(lr_timeline_step_count(tl) == steps + 2);
    LRT_CHECK_OK(lr_timeline_seek(tl, lr_timeline_duration(tl), NULL));
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

/* A timeline with everything at once, built twice: one plays frame by
 * frame and then scrubs at random, the other jumps at random; at every time
 * both scenes (paths, transforms, styles, camera) and values are the same,
 * bit for bit. */
typedef struct show {
    lr_scene *scene;
    lr_timeline *tl;
    link l;
    on_dot o;
    follow f;
    size_t k, side;
} show;

static void build_show(show *s)
{
    s->scene = lr_scene_create();
    s->tl = lr_timeline_create(s->scene);
    lr_scene *scene = s->scene;
    lr_timeline *tl = s->tl;
    lr_mobject *a = make_circle((lr_vec2){-3, 0}, 0.1f), *b = make_circle((lr_vec2){3, 0}, 0.1f);
    lr_mobject *line_box = lr_mobject_create_group(), *sq_box = lr_mobject_create_group(),
               *g = lr_mobject_create_group(), *counter = lr_mobject_create_group();
    lr_mobject *c = make_circle((lr_vec2){0, 2}, 1);
    lr_scene_add(scene, a);
    lr_scene_add(scene, b);
    lr_mobject_add_child(g, sq_box);
    lr_mobject_add_child(g, make_square((lr_vec2){0, -3}, 0.5f));
    lr_scene_add(scene, g);
    lr_scene_add(scene, line_box);
    lr_scene_add(scene, counter);
    lr_scene_add(scene, c);
    LRT_CHECK_OK(lr_timeline_value_add(tl, 0, 0.25, &s->k, NULL));
    LRT_CHECK_OK(lr_timeline_value_add(tl, 1, 0, &s->side, NULL));
    s->l = (link){scene, a, b, 0};
    s->o = (on_dot){scene, a, tl, s->side};
    s->f = (follow){scene, tl, s->k, 0};
    LRT_CHECK_OK(lr_timeline_add_updater(tl, line_box, redraw_link, &s->l, NULL));
    LRT_CHECK_OK(lr_timeline_add_updater(tl, sq_box, square_on_dot, &s->o, NULL));
    LRT_CHECK_OK(lr_timeline_add_updater(tl, NULL, camera_from_value, &s->f, NULL));
    lr_anim *lag[3] = {lr_anim_shift(a, (lr_vec2){0, 2}), lr_anim_set_value(tl, s->side, 2), lr_anim_create(g)};
    LRT_CHECK_OK(lr_timeline_play(tl,
                                  (lr_anim *[]){lr_anim_lagged_start(lag, 3, 0.4),
                                                lr_anim_fade_in(line_box, (lr_vec2){0, 1}, 1),
                                                lr_anim_change_decimal(counter, digits, NULL, 0, 3)},
                                  3, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 0.7, NULL));
    LRT_CHECK_OK(lr_timeline_play(tl,
                                  (lr_anim *[]){lr_anim_succession((lr_anim *[]){lr_anim_wait(0.5),
                                                                                 lr_anim_set_value(tl, s->k, -2)},
                                                                   2),
                                                lr_anim_transform(c, sq_box), lr_anim_shift(b, (lr_vec2){-1, -1}),
                                                lr_anim_indicate(line_box, 1.2f, lr_rgba(1, 1, 0, 1))},
                                  4, NULL));
    LRT_CHECK_OK(lr_timeline_remove(tl, line_box, NULL));
    LRT_CHECK_OK(lr_timeline_play1(tl, lr_anim_rotating(g, 1.0f, NULL), NULL));
}

static void free_show(show *s)
{
    lr_timeline_destroy(s->tl);
    lr_scene_destroy(s->scene);
}

static void test_seek_order(void)
{
    show s1, s2;
    build_show(&s1);
    build_show(&s2);
    double d = lr_timeline_duration(s1.tl);
    LRT_CHECK(d > 8);
    enum { N = 41 };
    double times[N];
    for (int i = 0; i < N; i++)
        times[i] = d * i / (N - 1);
    times[7] = lr_timeline_duration(s1.tl) - 5.0; /* the start of the last step */
    for (int64_t f = 0; f < lr_timeline_frame_count(s1.tl, 15); f++)
        LRT_CHECK_OK(lr_timeline_seek_frame(s1.tl, f, 15, NULL));
    srand(11);
    for (int round = 0; round < 120; round++) {
        int i = rand() % N, j = rand() % N;
        LRT_CHECK_OK(lr_timeline_seek(s1.tl, times[j], NULL)); /* somewhere else first */
        LRT_CHECK_OK(lr_timeline_seek(s1.tl, times[i], NULL));
        LRT_CHECK_OK(lr_timeline_seek(s2.tl, times[i], NULL));
        state_buf x = scene_state(s1.scene), y = scene_state(s2.scene);
        LRT_CHECK_MSG(state_equal(&x, &y), "state at t=%g differs after other seeks", times[i]);
        for (size_t v = 0; v < 2; v++)
            LRT_CHECK(lr_timeline_value_get(s1.tl, v) == lr_timeline_value_get(s2.tl, v));
        free(x.v);
        free(y.v);
    }
    /* The square's side follows the SetValue inside the LaggedStart: it
     * runs from 0.4 s to 1.4 s of the 1.8 s step. */
    LRT_CHECK_OK(lr_timeline_seek(s1.tl, 0.9, NULL));
    LRT_CHECK_NEAR(lr_timeline_value_get(s1.tl, s1.side), 1.5, 1e-9);
    free_show(&s1);
    free_show(&s2);
}

/* A path updater (Manim's Graph edges): the line's points follow its
 * ends, the line itself stays an ordinary mobject (a ChangeColor of it
 * lasts, snapshots keep it), it keeps its shape while an animation redraws
 * it (Create) and follows again after; a wait with only path updaters is
 * still; a container around it is refused. */
typedef struct edge_ends {
    const lr_mobject *a, *b;
    int calls;
} edge_ends;

static lr_status follow_ends(lr_mobject *m, double t, void *user, lr_error *err)
{
    (void)t;
    (void)err;
    edge_ends *e = user;
    e->calls++;
    lr_path *p = lr_mobject_path(m);
    lr_path_clear(p);
    return lr_path_add_line(p, centre(e->a), centre(e->b));
}

static void test_path_updater(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = make_circle((lr_vec2){-2, 0}, 0.1f), *b = make_circle((lr_vec2){2, 0}, 0.1f);
    lr_mobject *line = make_line((lr_vec2){-2, 0}, (lr_vec2){2, 0});
    lr_mobject *around = lr_mobject_create_group();
    lr_scene_add(scene, a);
    lr_scene_add(scene, b);
    lr_mobject_add_child(around, line);
    lr_scene_add(scene, around);
    edge_ends e = {a, b, 0};
    LRT_CHECK_STATUS(lr_timeline_add_path_updater(tl, NULL, follow_ends, &e, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_OK(lr_timeline_add_path_updater(tl, line, follow_ends, &e, NULL));
    /* step 0: b goes up 2 while the line turns red; step 1: b goes back
     * down while Create redraws the line; step 2: a wait */
    lr_color red = {1, 0, 0, 1};
    LRT_CHECK_OK(lr_timeline_play(tl, (lr_anim *[]){linear(lr_anim_shift(b, (lr_vec2){0, 2})),
                                                    linear(lr_anim_change_color(line, red, LR_COLOR_STROKE))},
                                  2, NULL));
    LRT_CHECK_OK(lr_timeline_play(tl, (lr_anim *[]){linear(lr_anim_shift(b, (lr_vec2){0, -2})),
                                                    linear(lr_anim_create(line))},
                                  2, NULL));
    LRT_CHECK_OK(lr_timeline_wait(tl, 1, NULL));
    lr_step_info info;
    LRT_CHECK_OK(lr_timeline_step_info(tl, 2, &info));
    LRT_CHECK(info.still);
    /* ChangeColor is deep: the line keeps its start while it runs... */
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, NULL));
    LRT_CHECK_NEAR(last_point(line).y, 0, EPS);
    /* ...follows at the step's end, red... */
    LRT_CHECK_OK(lr_timeline_seek_step_end(tl, 0, NULL));
    LRT_CHECK(lr_mobject_path_const(line)->npoints > 0);
    LRT_CHECK_NEAR(last_point(line).y, 2, EPS);
    LRT_CHECK(lr_mobject_get_style(line).stroke.g < 0.01f);
    /* ...and Create, while b moves on, draws the line of its step's start */
    LRT_CHECK_OK(lr_timeline_seek(tl, 1.5, NULL));
    LRT_CHECK_NEAR(centre(b).y, 1, EPS);
    LRT_CHECK_NEAR(last_point(line).y, 1, EPS); /* half drawn: the middle of the line to (2, 2) */
    LRT_CHECK_NEAR(last_point(line).x, 0, EPS);
    LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, NULL));
    LRT_CHECK_NEAR(last_point(line).y, 0, EPS);
    LRT_CHECK_NEAR(last_point(line).x, 2, EPS);
    /* seeked back: the state of that time, red gone */
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.0, NULL));
    LRT_CHECK(lr_mobject_get_style(line).stroke.g > 0.9f);
    LRT_CHECK_NEAR(last_point(line).y, 0, EPS);
    /* a container around it would free it */
    LRT_CHECK_STATUS(lr_timeline_add_updater(tl, around, redraw_link, NULL, NULL), LR_ERR_INVALID_ARG);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
}

int main(void)
{
    test_line_follows();
    test_shallow_composes();
    test_suspended_under_create();
    test_cached_states_skip_children();
    test_scene_updater_camera();
    test_transform_to_dynamic();
    test_updater_errors();
    test_seek_order();
    test_path_updater();
    return lrt_finish("anim_updaters");
}
