/* Every animation at the start, the middle and the end of its step, checked
 * numerically: visibility, opacity, bounds, transforms, path lengths. Rates
 * are set to linear where that makes the expected values plain. */
#include "anim_util.h"

#include <math.h>

static const float EPS = 1e-4f;

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

static float path_len(const lr_mobject *m) { return lr_path_length(lr_mobject_path_const(m), 1e-4f); }

static void test_create_uncreate(void)
{
    fixture f = fx_new();
    lr_mobject *sq = make_square((lr_vec2){0, 0}, 2);
    LRT_CHECK_OK(lr_scene_add(f.scene, sq));
    LRT_CHECK_OK(lr_timeline_wait(f.tl, 1.0, NULL));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_create(sq)), NULL));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_uncreate(sq)), NULL));
    LRT_CHECK_NEAR(lr_timeline_duration(f.tl), 3.0, 1e-9);
    seek(&f, 0.5);
    LRT_CHECK(!lr_mobject_get_visible(sq)); /* introduced by Create at t=1 */
    seek(&f, 1.0);
    LRT_CHECK(lr_mobject_get_visible(sq));
    LRT_CHECK_NEAR(path_len(sq), 0.0, 1e-3);
    seek(&f, 1.5);
    LRT_CHECK_NEAR(path_len(sq), 4.0, 1e-3);
    LRT_CHECK_NEAR(lr_path_curve_count(lr_mobject_path_const(sq)), 2, 0);
    seek(&f, 1.999999);
    LRT_CHECK_NEAR(path_len(sq), 8.0, 1e-3);
    seek(&f, 2.5); /* Uncreate halfway */
    LRT_CHECK(lr_mobject_get_visible(sq));
    LRT_CHECK_NEAR(path_len(sq), 4.0, 1e-3);
    seek(&f, 3.0);
    LRT_CHECK(!lr_mobject_get_visible(sq));
    seek(&f, 2.0);
    LRT_CHECK_NEAR(path_len(sq), 8.0, 1e-3);
    LRT_CHECK(lr_mobject_get_visible(sq));
    fx_free(&f);
}

static void test_create_lag(void)
{
    fixture f = fx_new();
    lr_mobject *g = lr_mobject_create_group();
    lr_mobject *a = make_square((lr_vec2){-2, 0}, 2), *b = make_square((lr_vec2){2, 0}, 2);
    lr_mobject_add_child(g, a);
    lr_mobject_add_child(g, b);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_create(g)), NULL)); /* g has no parent: adopted */
    LRT_CHECK(lr_scene_find(f.scene, "x") == NULL);
    LRT_CHECK(lr_mobject_child_count(lr_scene_root(f.scene)) == 1);
    /* lag_ratio 1 over 2 paths: a runs in [0, .5], b in [.5, 1]. */
    seek(&f, 0.25);
    LRT_CHECK_NEAR(path_len(a), 4.0, 1e-3);
    LRT_CHECK_NEAR(path_len(b), 0.0, 1e-3);
    seek(&f, 0.75);
    LRT_CHECK_NEAR(path_len(a), 8.0, 1e-3);
    LRT_CHECK_NEAR(path_len(b), 4.0, 1e-3);
    seek(&f, 0.1);
    LRT_CHECK_NEAR(path_len(a), 8.0 * 0.2, 1e-3);
    fx_free(&f);
}

static void test_draw_border_then_fill_and_write(void)
{
    fixture f = fx_new();
    lr_mobject *sq = make_rect((lr_vec2){0, 0}, 2, 2, lr_rgba(0, 0, 0, 0), lr_rgba(1, 0, 0, 1));
    lr_style orig = lr_mobject_get_style(sq);
    lr_anim *d = linear(lr_anim_draw_border_then_fill(sq));
    LRT_CHECK_NEAR(lr_anim_get_run_time(d), 2.0, 0);
    LRT_CHECK_OK(lr_anim_set_run_time(d, 1.0, NULL));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, d, NULL));
    seek(&f, 0.25);
    lr_style s = lr_mobject_get_style(sq);
    LRT_CHECK_NEAR(s.fill.a, 0.0, EPS);
    LRT_CHECK_NEAR(s.stroke.r, 1.0, EPS); /* outline in the fill colour */
    LRT_CHECK_NEAR(s.stroke.a, 1.0, EPS);
    LRT_CHECK_NEAR(s.stroke_width, 0.02, EPS);
    LRT_CHECK_NEAR(path_len(sq), 4.0, 1e-3);
    seek(&f, 0.75);
    s = lr_mobject_get_style(sq);
    LRT_CHECK_NEAR(path_len(sq), 8.0, 1e-3);
    LRT_CHECK_NEAR(s.fill.a, 0.5, EPS);
    LRT_CHECK_NEAR(s.stroke_width, 0.01 + 0.5 * orig.stroke_width, EPS);
    seek(&f, 1.0);
    s = lr_mobject_get_style(sq);
    LRT_CHECK_NEAR(s.fill.a, 1.0, EPS);
    LRT_CHECK_NEAR(s.stroke.a, 0.0, EPS);
    LRT_CHECK_NEAR(s.stroke_width, orig.stroke_width, EPS);
    fx_free(&f);

    /* Write over three "glyphs": lag_ratio min(4/3, 0.2) = 0.2, linear, 1 s. */
    f = fx_new();
    lr_mobject *g = lr_mobject_create_group(), *glyph[3];
    for (int i = 0; i < 3; i++) {
        glyph[i] = make_rect((lr_vec2){(float)i * 3, 0}, 2, 2, lr_rgba(0, 0, 0, 0), lr_rgba(1, 1, 1, 1));
        lr_mobject_add_child(g, glyph[i]);
    }
    lr_anim *w = lr_anim_write(g);
    LRT_CHECK_NEAR(lr_anim_get_run_time(w), 1.0, 0);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, w, NULL));
    seek(&f, 0.5); /* 0.5 * 1.4 = 0.7: glyph sub-alphas 0.7, 0.5, 0.3 */
    LRT_CHECK_NEAR(path_len(glyph[0]), 8.0, 1e-3);
    LRT_CHECK_NEAR(lr_mobject_get_style(glyph[0]).fill.a, 0.4, EPS);
    LRT_CHECK_NEAR(path_len(glyph[1]), 8.0, 1e-3);
    LRT_CHECK_NEAR(lr_mobject_get_style(glyph[1]).fill.a, 0.0, EPS);
    LRT_CHECK_NEAR(path_len(glyph[2]), 8.0 * 0.6, 1e-3);
    LRT_CHECK_NEAR(lr_mobject_get_style(glyph[2]).fill.a, 0.0, EPS);
    seek(&f, 1.0);
    for (int i = 0; i < 3; i++)
        LRT_CHECK_NEAR(lr_mobject_get_style(glyph[i]).fill.a, 1.0, EPS);
    fx_free(&f);

    /* 15 paths or more: Write takes 2 s. */
    lr_mobject *many = lr_mobject_create_group();
    for (int i = 0; i < 15; i++)
        lr_mobject_add_child(many, make_square((lr_vec2){(float)i, 0}, 0.5f));
    lr_anim *w2 = lr_anim_write(many);
    LRT_CHECK_NEAR(lr_anim_get_run_time(w2), 2.0, 0);
    lr_anim_destroy(w2);
    lr_mobject_destroy(many);
}

static void test_fades(void)
{
    fixture f = fx_new();
    lr_mobject *sq = make_square((lr_vec2){0, 0}, 2);
    lr_mobject_set_opacity(sq, 0.8f);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_fade_in(sq, (lr_vec2){1, 0}, 1.0f)), NULL));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_fade_out(sq, (lr_vec2){0, 2}, 0.5f)), NULL));
    seek(&f, 0);
    LRT_CHECK(lr_mobject_get_visible(sq));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(sq), 0.0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(sq)), -1.0, EPS);
    seek(&f, 0.5);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(sq), 0.4, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(sq)), -0.5, EPS);
    seek(&f, 1.0); /* FadeOut starts */
    LRT_CHECK_NEAR(lr_mobject_get_opacity(sq), 0.8, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(sq)), 0.0, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(sq)), 2.0, EPS);
    seek(&f, 1.5);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(sq), 0.4, EPS);
    LRT_CHECK_NEAR(rect_cy(scene_bounds(sq)), 1.0, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(sq)), 1.5, EPS);
    seek(&f, 2.0);
    LRT_CHECK(!lr_mobject_get_visible(sq));
    LRT_CHECK_NEAR(rect_cy(scene_bounds(sq)), 2.0, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(sq)), 1.0, EPS);
    fx_free(&f);

    /* FadeIn with a scale starts scaled about the centre. */
    f = fx_new();
    sq = make_square((lr_vec2){1, 1}, 2);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_fade_in(sq, (lr_vec2){0, 0}, 2.0f)), NULL));
    seek(&f, 0);
    LRT_CHECK_NEAR(rect_w(scene_bounds(sq)), 4.0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(sq)), 1.0, EPS);
    seek(&f, 0.5);
    LRT_CHECK_NEAR(rect_w(scene_bounds(sq)), 3.0, EPS);
    seek(&f, 1);
    LRT_CHECK_NEAR(rect_w(scene_bounds(sq)), 2.0, EPS);
    fx_free(&f);
}

static void test_grow(void)
{
    fixture f = fx_new();
    lr_mobject *a = make_square((lr_vec2){1, 1}, 2), *b = make_square((lr_vec2){0, 0}, 2);
    lr_path arrow_path = {0};
    lr_path_add_line(&arrow_path, (lr_vec2){-1, 0}, (lr_vec2){1, 0});
    lr_mobject *arrow = lr_mobject_create_path(&arrow_path, lr_style_default());
    lr_path_free(&arrow_path);
    lr_anim *anims[3] = {linear(lr_anim_grow_from_center(a)), linear(lr_anim_grow_from_point(b, (lr_vec2){2, 0})),
                         linear(lr_anim_grow_arrow(arrow))};
    LRT_CHECK_OK(lr_timeline_play(f.tl, anims, 3, NULL));
    seek(&f, 0);
    LRT_CHECK(lr_mobject_get_visible(a) && lr_mobject_get_visible(b) && lr_mobject_get_visible(arrow));
    LRT_CHECK_NEAR(rect_w(scene_bounds(a)), 0.0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(a)), 1.0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(b)), 2.0, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(arrow)), 0.0, EPS);
    seek(&f, 0.5);
    LRT_CHECK_NEAR(rect_w(scene_bounds(a)), 1.0, EPS);
    LRT_CHECK_NEAR(rect_cy(scene_bounds(a)), 1.0, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(b)), 1.0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(b)), 1.0, EPS);
    LRT_CHECK_NEAR(scene_bounds(arrow).x0, -1.0, EPS);
    LRT_CHECK_NEAR(scene_bounds(arrow).x1, 0.0, EPS);
    seek(&f, 1);
    LRT_CHECK_NEAR(rect_w(scene_bounds(a)), 2.0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(b)), 0.0, EPS);
    LRT_CHECK_NEAR(scene_bounds(arrow).x1, 1.0, EPS);
    fx_free(&f);

    /* SpinInFromNothing: from a point, turning on the way, ends in place. */
    f = fx_new();
    lr_mobject *s = make_square((lr_vec2){1, 1}, 2);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_spin_in_from_nothing(s, (float)M_PI / 2)), NULL));
    seek(&f, 0);
    LRT_CHECK_NEAR(rect_w(scene_bounds(s)), 0.0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(s)), 1.0, EPS);
    seek(&f, 0.5);
    lr_affine t = lr_mobject_get_transform(s);
    LRT_CHECK(fabsf(t.b) > 0.1f); /* rotated, not just scaled */
    LRT_CHECK(rect_w(scene_bounds(s)) > 0.5f && rect_w(scene_bounds(s)) < 2.9f);
    seek(&f, 0.999);
    LRT_CHECK_NEAR(rect_w(scene_bounds(s)), 2.0, 0.02);
    seek(&f, 1);
    t = lr_mobject_get_transform(s);
    LRT_CHECK_NEAR(t.a, 1, EPS);
    LRT_CHECK_NEAR(t.b, 0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(s)), 1.0, EPS);
    fx_free(&f);
}

static void test_transform_square_circle(void)
{
    fixture f = fx_new();
    lr_mobject *sq = make_rect((lr_vec2){0, 0}, 2, 2, lr_rgba(0, 0, 1, 1), lr_rgba(0, 0, 1, 0));
    lr_mobject *ci = make_circle((lr_vec2){3, 0}, 1);
    lr_style cs = lr_mobject_get_style(ci);
    cs.stroke = lr_rgba(1, 0, 0, 1);
    cs.stroke_width = 0.08f;
    lr_mobject_set_style(ci, cs);
    lr_mobject_set_opacity(ci, 0.5f);
    LRT_CHECK_OK(lr_scene_add(f.scene, sq));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_transform(sq, ci)), NULL));
    LRT_CHECK(!lr_mobject_get_visible(ci)); /* the target is only read */

    /* The expected mid path, computed independently. */
    lr_path pa = {0}, pb = {0}, mid = {0};
    lr_path_copy(&pa, lr_mobject_path_const(sq));
    lr_path_copy(&pb, lr_mobject_path_const(ci));
    LRT_CHECK_OK(lr_path_align_pair(&pa, &pb));
    LRT_CHECK_OK(lr_path_interpolate(&mid, &pa, &pb, 0.5f));

    seek(&f, 0);
    lr_rect r = scene_bounds(sq);
    LRT_CHECK_NEAR(r.x0, -1, EPS);
    LRT_CHECK_NEAR(r.x1, 1, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_style(sq).stroke.b, 1.0, EPS);
    seek(&f, 0.5);
    const lr_path *p = lr_mobject_path_const(sq);
    LRT_CHECK(p->npoints == mid.npoints);
    float maxd = 0;
    for (uint32_t i = 0; i < p->npoints && i < mid.npoints; i++)
        maxd = fmaxf(maxd, fabsf(p->points[i].x - mid.points[i].x) + fabsf(p->points[i].y - mid.points[i].y));
    LRT_CHECK_NEAR(maxd, 0.0, 1e-5);
    r = scene_bounds(sq);
    LRT_CHECK_NEAR(rect_cx(r), 1.5, 1e-3);
    lr_style s = lr_mobject_get_style(sq);
    LRT_CHECK_NEAR(s.stroke.r, 0.5, EPS);
    LRT_CHECK_NEAR(s.stroke.b, 0.5, EPS);
    LRT_CHECK_NEAR(s.stroke_width, 0.06, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(sq), 0.75, EPS);
    seek(&f, 1);
    r = scene_bounds(sq);
    LRT_CHECK_NEAR(r.x0, 2, 1e-3);
    LRT_CHECK_NEAR(r.x1, 4, 1e-3);
    LRT_CHECK_NEAR(r.y1, 1, 1e-3);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(sq), 0.5, EPS);
    LRT_CHECK_NEAR(lr_path_length(lr_mobject_path_const(sq), 1e-4f), 2 * M_PI, 0.01);
    LRT_CHECK(lr_mobject_get_visible(sq));
    LRT_CHECK(!lr_mobject_get_visible(ci));
    lr_path_free(&pa);
    lr_path_free(&pb);
    lr_path_free(&mid);
    fx_free(&f);
}

static void test_transform_groups(void)
{
    /* 2 paths -> 3 paths: the source gets a third child, grown from its centre. */
    fixture f = fx_new();
    lr_mobject *src = lr_mobject_create_group(), *dst = lr_mobject_create_group();
    lr_mobject_add_child(src, make_square((lr_vec2){-1, 0}, 1));
    lr_mobject_add_child(src, make_square((lr_vec2){1, 0}, 1));
    for (int i = 0; i < 3; i++)
        lr_mobject_add_child(dst, make_circle((lr_vec2){(float)i * 2 - 2, 3}, 0.5f));
    lr_mobject_set_transform(src, lr_affine_translate(0, -1)); /* baked during the transform */
    LRT_CHECK_OK(lr_scene_add(f.scene, src));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_replacement_transform(src, dst)), NULL));
    LRT_CHECK(lr_mobject_child_count(src) == 3);
    seek(&f, 0);
    LRT_CHECK_NEAR(rect_cy(scene_bounds(src)), -1.0, EPS);
    LRT_CHECK(!lr_mobject_get_visible(dst));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_mobject_child(src, 2)), 0.0, EPS);
    seek(&f, 0.5);
    LRT_CHECK_NEAR(rect_cy(scene_bounds(src)), 1.0, 1e-3);
    LRT_CHECK(lr_mobject_get_visible(lr_mobject_child(src, 2)));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_mobject_child(src, 2)), 0.5, EPS);
    seek(&f, 1);
    lr_rect rs = scene_bounds(src), rd = scene_bounds(dst);
    LRT_CHECK_NEAR(rs.x0, rd.x0, 1e-3);
    LRT_CHECK_NEAR(rs.x1, rd.x1, 1e-3);
    LRT_CHECK_NEAR(rs.y0, rd.y0, 1e-3);
    LRT_CHECK(!lr_mobject_get_visible(src));
    LRT_CHECK(lr_mobject_get_visible(dst));
    fx_free(&f);

    /* 3 paths -> 1: the extra source paths shrink into the target's centre and vanish. */
    f = fx_new();
    src = lr_mobject_create_group();
    for (int i = 0; i < 3; i++)
        lr_mobject_add_child(src, make_square((lr_vec2){(float)i * 2, 0}, 1));
    lr_mobject *one = make_circle((lr_vec2){0, 2}, 1);
    LRT_CHECK_OK(lr_scene_add(f.scene, src));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_transform(src, one), NULL));
    LRT_CHECK(lr_mobject_child_count(src) == 3);
    seek(&f, 1);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_mobject_child(src, 1)), 0.0, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_mobject_child(src, 0)), 1.0, EPS);
    lr_rect r1 = lr_mobject_bounds(lr_mobject_child(src, 1));
    LRT_CHECK_NEAR(rect_w(r1), 0.0, 1e-3);
    LRT_CHECK_NEAR(rect_cy(r1), 2.0, 1e-3);
    LRT_CHECK_NEAR(rect_cy(lr_mobject_bounds(lr_mobject_child(src, 0))), 2.0, 1e-3);
    fx_free(&f);

    /* One path -> a group of two: the targets are merged into the one path. */
    f = fx_new();
    lr_mobject *single = make_square((lr_vec2){0, 0}, 1);
    lr_mobject *two = lr_mobject_create_group();
    lr_mobject_add_child(two, make_square((lr_vec2){-3, 0}, 1));
    lr_mobject_add_child(two, make_square((lr_vec2){3, 0}, 1));
    LRT_CHECK_OK(lr_scene_add(f.scene, single));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, lr_anim_transform(single, two), NULL));
    seek(&f, 1);
    lr_rect r = scene_bounds(single);
    LRT_CHECK_NEAR(r.x0, -3.5, 1e-3);
    LRT_CHECK_NEAR(r.x1, 3.5, 1e-3);
    LRT_CHECK(lr_mobject_path_const(single)->nsubpaths >= 2);
    fx_free(&f);
}

static void test_transform_with_image(void)
{
    fixture f = fx_new();
    lr_image img = {0};
    LRT_CHECK_OK(lr_image_alloc(&img, 2, 2));
    lr_mobject *pic = lr_mobject_create_image(&img, (lr_rect){0, 0, 1, 1});
    lr_image_free(&img);
    lr_mobject *g = lr_mobject_create_group();
    lr_mobject_add_child(g, pic);
    lr_mobject_add_child(g, make_square((lr_vec2){-2, 0}, 1));
    lr_mobject_set_transform(g, lr_affine_translate(1, 1));
    lr_scene_add(f.scene, g);
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_transform(g, make_circle((lr_vec2){3, 3}, 1))), NULL));
    seek(&f, 0.5);
    lr_affine w = lr_affine_then(lr_mobject_get_transform(pic), lr_mobject_get_transform(g));
    lr_rect r = lr_rect_transform((lr_rect){0, 0, 1, 1}, w);
    LRT_CHECK_NEAR(r.x0, 1, EPS); /* the image stays where it was */
    LRT_CHECK_NEAR(r.y1, 2, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(pic), 0.5, EPS);
    seek(&f, 1);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(pic), 0.0, EPS);
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(lr_mobject_child(g, 1))), 3, 1e-3);
    fx_free(&f);
}

static void test_matching_shapes(void)
{
    fixture f = fx_new();
    lr_mobject *src = lr_mobject_create_group(), *dst = lr_mobject_create_group();
    lr_mobject *s_sq = make_square((lr_vec2){-2, 0}, 1), *s_ci = make_circle((lr_vec2){0, 0}, 0.5f);
    lr_mobject *d_sq = make_square((lr_vec2){2, 1}, 1);
    lr_path tri = {0};
    lr_vec2 pts[3] = {{0, -2}, {1, -2}, {0.5f, -1}};
    lr_path_add_polygon(&tri, pts, 3);
    lr_mobject *d_tri = lr_mobject_create_path(&tri, lr_style_default());
    lr_path_free(&tri);
    lr_mobject_add_child(src, s_sq);
    lr_mobject_add_child(src, s_ci);
    lr_mobject_add_child(dst, d_tri);
    lr_mobject_add_child(dst, d_sq);
    LRT_CHECK_OK(lr_scene_add(f.scene, src));
    LRT_CHECK_OK(lr_timeline_play1(f.tl, linear(lr_anim_transform_matching_shapes(src, dst)), NULL));
    seek(&f, 0);
    LRT_CHECK(!lr_mobject_get_visible(d_sq));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(d_tri), 0.0, EPS);
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(s_sq)), -2, 1e-3);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(s_ci), 1.0, EPS);
    seek(&f, 0.5);
    LRT_CHECK(lr_mobject_get_visible(dst));
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(s_sq)), 0, 1e-3); /* matched: moving */
    LRT_CHECK_NEAR(rect_cy(lr_mobject_bounds(s_sq)), 0.5, 1e-3);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(s_ci), 0.5, EPS); /* unmatched: fading out in place */
    LRT_CHECK_NEAR(rect_cx(lr_mobject_bounds(s_ci)), 0, 1e-3);
    LRT_CHECK(!lr_mobject_get_visible(d_sq));                /* drawn by the source meanwhile */
    LRT_CHECK_NEAR(lr_mobject_get_opacity(d_tri), 0.5, EPS); /* unmatched: fading in */
    seek(&f, 1);
    LRT_CHECK(!lr_mobject_get_visible(src));
    LRT_CHECK(lr_mobject_get_visible(dst) && lr_mobject_get_visible(d_sq));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(d_tri), 1.0, EPS);
    fx_free(&f);
}

static void test_moves(void)
{
    fixture f = fx_new();
    lr_mobject *a = make_square((lr_vec2){0, 0}, 2), *b = make_square((lr_vec2){0, 0}, 2),
               *c = make_square((lr_vec2){1, 1}, 2), *d = make_square((lr_vec2){0, 0}, 2);
    for (lr_mobject **m = (lr_mobject *[]){a, b, c, d, NULL}; *m; m++)
        LRT_CHECK_OK(lr_scene_add(f.scene, *m));
    lr_anim *anims[4] = {linear(lr_anim_move_to(a, (lr_vec2){3, 1})), linear(lr_anim_shift(b, (lr_vec2){2, 0})),
                         linear(lr_anim_scale(c, 2.0f, NULL)),
                         linear(lr_anim_rotate(d, (float)M_PI / 2, NULL))};
    LRT_CHECK_OK(lr_timeline_play(f.tl, anims, 4, NULL));
    seek(&f, 0);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(a)), 0, EPS);
    LRT_CHECK(lr_mobject_get_visible(a)); /* not introduced: visible from the start */
    seek(&f, 0.5);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(a)), 1.5, EPS);
    LRT_CHECK_NEAR(rect_cy(scene_bounds(a)), 0.5, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(b)), 1.0, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(c)), 3.0, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(c)), 1.0, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_transform(d).a, cosf((float)M_PI / 4), EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(d)), 2 * sqrtf(2), 1e-3);
    seek(&f, 1);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(a)), 3, EPS);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(b)), 2, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(c)), 4, EPS);
    LRT_CHECK_NEAR(lr_mobject_get_transform(d).b, 1.0, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(d)), 2, 1e-3);
    fx_free(&f);

    /* MoveAlongPath and Wiggle. */
    f = fx_new();
    lr_mobject *m = make_square((lr_vec2){0, 0}, 1), *w = make_square((lr_vec2){5, 0}, 1);
    lr_scene_add(f.scene, m);
    lr_scene_add(f.scene, w);
    lr_path line = {0};
    lr_path_add_line(&line, (lr_vec2){0, 2}, (lr_vec2){4, 2});
    lr_anim *both[2] = {linear(lr_anim_move_along_path(m, &line)), lr_anim_wiggle(w)};
    lr_path_free(&line);
    LRT_CHECK_NEAR(lr_anim_get_run_time(both[1]), 2.0, 0);
    LRT_CHECK_OK(lr_anim_set_run_time(both[1], 1.0, NULL));
    LRT_CHECK_OK(lr_timeline_play(f.tl, both, 2, NULL));
    seek(&f, 0.25);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(m)), 1, EPS);
    LRT_CHECK_NEAR(rect_cy(scene_bounds(m)), 2, EPS);
    seek(&f, 0.5);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(m)), 2, EPS);
    /* smooth(0.5) = 0.5: fully scaled to 1.1, and sin(6 pi 0.5) = 0: no turn. */
    LRT_CHECK_NEAR(rect_w(scene_bounds(w)), 1.1, 1e-3);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(w)), 5, EPS);
    seek(&f, 0.4);
    LRT_CHECK(fabsf(lr_mobject_get_transform(w).b) > 1e-4f);
    seek(&f, 1);
    LRT_CHECK_NEAR(rect_cx(scene_bounds(m)), 4, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(w)), 1, 1e-4);
    LRT_CHECK_NEAR(lr_mobject_get_transform(w).b, 0, 1e-5);
    fx_free(&f);
}

static void test_colors_and_indications(void)
{
    fixture f = fx_new();
    lr_mobject *a = make_rect((lr_vec2){0, 0}, 2, 2, lr_rgba(0, 0, 1, 1), lr_rgba(0, 0, 1, 0.5f));
    lr_mobject *b = make_square((lr_vec2){4, 0}, 2);
    lr_scene_add(f.scene, a);
    lr_scene_add(f.scene, b);
    lr_anim *anims[2] = {linear(lr_anim_change_color(a, lr_rgba(1, 0, 0, 1), LR_COLOR_FILL)),
                         lr_anim_indicate(b, 1.2f, lr_rgba(1, 1, 0, 1))};
    LRT_CHECK_OK(lr_timeline_play(f.tl, anims, 2, NULL));
    seek(&f, 0.5);
    lr_style s = lr_mobject_get_style(a);
    LRT_CHECK_NEAR(s.fill.r, 0.5, EPS);
    LRT_CHECK_NEAR(s.fill.b, 0.5, EPS);
    LRT_CHECK_NEAR(s.fill.a, 0.5, EPS);  /* keeps its alpha */
    LRT_CHECK_NEAR(s.stroke.b, 1.0, EPS); /* fill only */
    LRT_CHECK_NEAR(rect_w(scene_bounds(b)), 2.4, 1e-3); /* there_and_back peaks halfway */
    LRT_CHECK_NEAR(lr_mobject_get_style(b).stroke.b, 0.0, EPS);
    seek(&f, 0.25); /* there_and_back(0.25) = 0.5 */
    LRT_CHECK_NEAR(rect_w(scene_bounds(b)), 2.2, 1e-3);
    seek(&f, 1);
    LRT_CHECK_NEAR(lr_mobject_get_style(a).fill.r, 1.0, EPS);
    LRT_CHECK_NEAR(rect_w(scene_bounds(b)), 2.0, 1e-4);
    LRT_CHECK_NEAR(lr_mobject_get_style(b).stroke.b, 1.0, 1e-4);
    fx_free(&f);

    /* Circumscribe, Flash and FocusOn draw helper shapes of their own. */
    f = fx_new();
    lr_mobject *t = make_square((lr_vec2){0, 0}, 2);
    lr_scene_add(f.scene, t);
    size_t before = lr_mobject_child_count(lr_scene_root(f.scene));
    lr_anim *h[3] = {linear(lr_anim_circumscribe(t, lr_rgba(1, 1, 0, 1), 0.1f)),
                     linear(lr_anim_flash(NULL, (lr_vec2){3, 3}, lr_rgba(1, 1, 0, 1))),
                     linear(lr_anim_focus_on(t, (lr_vec2){0, 0}))};
    LRT_CHECK_NEAR(lr_anim_get_run_time(h[2]), 2.0, 0);
    lr_anim_set_run_time(h[2], 1.0, NULL);
    LRT_CHECK_OK(lr_timeline_play(f.tl, h, 3, NULL));
    lr_mobject *root = lr_scene_root(f.scene);
    LRT_CHECK(lr_mobject_child_count(root) == before + 3);
    lr_mobject *frame = lr_mobject_child(root, before), *flash = lr_mobject_child(root, before + 1),
               *spot = lr_mobject_child(root, before + 2);
    LRT_CHECK(!lr_mobject_get_visible(frame) && !lr_mobject_get_visible(flash) && !lr_mobject_get_visible(spot));
    seek(&f, 0.5);
    LRT_CHECK(lr_mobject_get_visible(frame));
    /* window [0.35, 0.65] of a 4.4 x 4.4 frame: 30% of its length. */
    LRT_CHECK_NEAR(lr_path_length(lr_mobject_path_const(frame), 1e-4f), 0.3 * 4 * 2.2, 1e-3);
    lr_rect fr = lr_mobject_bounds(frame);
    LRT_CHECK(fr.x0 >= -1.1f - EPS && fr.x1 <= 1.1f + EPS && fr.y0 >= -1.1f - EPS && fr.y1 <= 1.1f + EPS);
    LRT_CHECK(lr_mobject_get_visible(flash) && lr_mobject_child_count(flash) == 12);
    lr_rect lr0 = lr_mobject_bounds(lr_mobject_child(flash, 0)); /* the line to the right, whole at alpha .5 */
    LRT_CHECK_NEAR(lr0.x0, 3.1, 1e-4);
    LRT_CHECK_NEAR(lr0.x1, 3.3, 1e-4);
    LRT_CHECK_NEAR(lr0.y0, 3.0, 1e-4);
    LRT_CHECK(lr_mobject_get_visible(spot));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(spot), 0.1, EPS);
    LRT_CHECK_NEAR(rect_w(lr_mobject_bounds(spot)), 4.0 * (1 + 16.0 / 9.0) * 0.5 * 2, 1e-2);
    seek(&f, 0.9);
    lr0 = lr_mobject_bounds(lr_mobject_child(flash, 0)); /* window [0.8, 1] */
    LRT_CHECK_NEAR(lr0.x0, 3.26, 1e-4);
    seek(&f, 1);
    LRT_CHECK(!lr_mobject_get_visible(frame) && !lr_mobject_get_visible(flash) && !lr_mobject_get_visible(spot));
    fx_free(&f);
}

static lr_mobject *make_number(double value, void *user)
{
    int *calls = user;
    (*calls)++;
    return make_square((lr_vec2){0, 0}, (float)value + 1.0f);
}

static void test_decimal_and_camera(void)
{
    fixture f = fx_new();
    int calls = 0;
    lr_mobject *box = lr_mobject_create_group();
    lr_scene_add(f.scene, box);
    lr_anim *anims[2] = {linear(lr_anim_change_decimal(box, make_number, &calls, 0.0, 4.0)),
                         linear(lr_anim_camera_move((lr_vec2){2, 1}, 4.0f))};
    LRT_CHECK_OK(lr_timeline_play(f.tl, anims, 2, NULL));
    LRT_CHECK_OK(lr_timeline_wait(f.tl, 1.0, NULL));
    seek(&f, 0);
    LRT_CHECK(lr_mobject_child_count(box) == 1);
    LRT_CHECK_NEAR(rect_w(lr_mobject_bounds(box)), 1.0, EPS);
    seek(&f, 0.5);
    LRT_CHECK(lr_mobject_child_count(box) == 1);
    LRT_CHECK_NEAR(rect_w(lr_mobject_bounds(box)), 3.0, EPS);
    lr_vec2 c;
    float h;
    lr_scene_get_camera(f.scene, &c, &h);
    LRT_CHECK_NEAR(c.x, 1.0, EPS);
    LRT_CHECK_NEAR(c.y, 0.5, EPS);
    LRT_CHECK_NEAR(h, 6.0, EPS);
    seek(&f, 1.5);
    LRT_CHECK_NEAR(rect_w(lr_mobject_bounds(box)), 5.0, EPS);
    lr_scene_get_camera(f.scene, &c, &h);
    LRT_CHECK_NEAR(c.x, 2.0, EPS);
    LRT_CHECK_NEAR(h, 4.0, EPS);
    int before = calls;
    seek(&f, 0.5); /* back again: rebuilt for the earlier value */
    LRT_CHECK(calls > before);
    LRT_CHECK_NEAR(rect_w(lr_mobject_bounds(box)), 3.0, EPS);
    lr_scene_get_camera(f.scene, &c, &h);
    LRT_CHECK_NEAR(h, 6.0, EPS);
    fx_free(&f);
}

int main(void)
{
    test_create_uncreate();
    test_create_lag();
    test_draw_border_then_fill_and_write();
    test_fades();
    test_grow();
    test_transform_square_circle();
    test_transform_groups();
    test_matching_shapes();
    test_transform_with_image();
    test_moves();
    test_colors_and_indications();
    test_decimal_and_camera();
    return lrt_finish("anim_animations");
}
