/* Marks in the spec (version 2), checked on numbers: a box round a part of
 * a matrix surrounds that part's glyphs only (its bounds are the part's
 * ± buff, not the matrix's), a background rectangle is the part's box in
 * the background colour drawn just below the matrix, an underline and a
 * cross sit on the bounds; marks follow a target mid-Shift and a target
 * rebuilt per frame, and are not rebuilt when nothing moves their target;
 * a brace between two points spans exactly those points, facing away as
 * Manim's BraceBetweenPoints, and a brace takes a direction vector; and
 * the validator's errors for bad references to parts, with their paths. */
#include "spec_check.h"

#include <stdlib.h>
#include <string.h>

#define EPS 1e-4

static void destroy(lr_spec *spec, lr_scene *scene, lr_timeline *tl)
{
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* Exact scene bounds of m. */
static lr_rect bounds(const lr_mobject *m)
{
    return m ? lr_mobject_bounds_under(m, m->parent ? lr_mobject_world_transform(m->parent) : lr_affine_identity())
             : lr_rect_empty();
}

static lr_mobject *find(lr_scene *scene, const char *id)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    return m;
}

static lr_rect bounds_of(lr_scene *scene, const char *id)
{
    return bounds(find(scene, id));
}

static lr_rect grow(lr_rect r, float by)
{
    return (lr_rect){r.x0 - by, r.y0 - by, r.x1 + by, r.y1 + by};
}

static void check_rect(lr_rect got, lr_rect want, const char *what)
{
    bool ok = fabsf(got.x0 - want.x0) <= EPS && fabsf(got.y0 - want.y0) <= EPS && fabsf(got.x1 - want.x1) <= EPS &&
              fabsf(got.y1 - want.y1) <= EPS;
    LRT_CHECK_MSG(ok, "%s: [%g, %g]-[%g, %g], expected [%g, %g]-[%g, %g]", what, got.x0, got.y0, got.x1, got.y1,
                  want.x0, want.y0, want.x1, want.y1);
}

/* The first path under m. */
static const lr_mobject *path_under(const lr_mobject *m)
{
    if (!m || m->kind == LR_MOBJECT_PATH)
        return m;
    for (size_t i = 0; i < m->nchildren; i++) {
        const lr_mobject *p = path_under(m->children[i]);
        if (p)
            return p;
    }
    return NULL;
}

/* Point i of the first path under the object, in scene space. */
static lr_vec2 point_of(lr_scene *scene, const char *id, uint32_t i)
{
    const lr_mobject *p = path_under(find(scene, id));
    LRT_CHECK_MSG(p && p->path.npoints > i, "%s has no point %u", id, i);
    return p && p->path.npoints > i ? lr_affine_apply(lr_mobject_world_transform(p), p->path.points[i])
                                    : (lr_vec2){NAN, NAN};
}

/* Whether the first path under the object passes through q (a vertex). */
static bool has_vertex(lr_scene *scene, const char *id, lr_vec2 q, double eps)
{
    const lr_mobject *p = path_under(lr_scene_find(scene, id));
    if (!p)
        return false;
    lr_affine w = lr_mobject_world_transform(p);
    for (uint32_t i = 0; i < p->path.npoints; i++) {
        lr_vec2 v = lr_affine_apply(w, p->path.points[i]);
        if (fabs(v.x - q.x) <= eps && fabs(v.y - q.y) <= eps)
            return true;
    }
    return false;
}

/* The extent of the first path under the object along the unit vector u. */
static void extent_along(lr_scene *scene, const char *id, lr_vec2 u, double *lo, double *hi)
{
    const lr_mobject *p = path_under(lr_scene_find(scene, id));
    *lo = INFINITY;
    *hi = -INFINITY;
    if (!p)
        return;
    lr_affine w = lr_mobject_world_transform(p);
    for (uint32_t i = 0; i < p->path.npoints; i++) {
        lr_vec2 v = lr_affine_apply(w, p->path.points[i]);
        double d = v.x * u.x + v.y * u.y;
        *lo = fmin(*lo, d);
        *hi = fmax(*hi, d);
    }
}

static bool same_color(lr_color a, const char *name, float alpha)
{
    lr_color b;
    lr_color_parse(name, &b);
    return fabsf(a.r - b.r) < 1e-3f && fabsf(a.g - b.g) < 1e-3f && fabsf(a.b - b.b) < 1e-3f && fabsf(a.a - alpha) < 1e-3f;
}

static size_t root_index(lr_scene *scene, const lr_mobject *m)
{
    lr_mobject *root = lr_scene_root(scene);
    for (size_t i = 0; i < root->nchildren; i++)
        if (root->children[i] == m)
            return i;
    return (size_t)-1;
}

#define SPEC(objects, timeline)                                                                                    \
    "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": \"s\", \"title\": \"t\", "           \
    "\"objects\": [" objects "], \"timeline\": [" timeline "]}]}"

/* Parts of a matrix: each mark is fitted to the glyphs of its part. */
static void check_parts(void)
{
    static const char json[] = SPEC(
        "{\"id\": \"m\", \"type\": \"matrix\", \"entries\": [[1, 22], [333, 4]], \"position\": [1, 0]},"
        "{\"id\": \"box\", \"type\": \"surrounding_rectangle\", \"target\": \"m.entry(0, 1)\"},"
        "{\"id\": \"rowbox\", \"type\": \"surrounding_rectangle\", \"target\": \"m.row(1)\", \"buff\": 0.2},"
        "{\"id\": \"colbox\", \"type\": \"surrounding_rectangle\", \"target\": \"m.column(0)\", \"corner_radius\": 0.1, "
        "\"color\": \"BLUE\"},"
        "{\"id\": \"whole\", \"type\": \"surrounding_rectangle\", \"target\": \"m\"},"
        "{\"id\": \"bg\", \"type\": \"background_rectangle\", \"target\": \"m.entry(1, 0)\"},"
        "{\"id\": \"ul\", \"type\": \"underline\", \"target\": \"m.row(0)\"},"
        "{\"id\": \"x\", \"type\": \"cross\", \"target\": \"m.entry(1, 1)\"},"
        "{\"id\": \"x2\", \"type\": \"cross\", \"target\": \"m.entry(1, 1)\", \"scale_factor\": 1.5, \"color\": \"GREEN\"}",
        "{\"play\": [{\"anim\": \"Write\", \"target\": \"m\"}]}, {\"add\": [\"box\", \"rowbox\", \"colbox\", \"whole\", "
        "\"bg\", \"ul\", \"x\", \"x2\"]}, {\"wait\": 1}");
    lr_spec *spec = spec_check_load(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    spec_check_seek(tl, 1.5);
    lr_mobject *m = find(scene, "m");
    /* The matrix as built: {entries, brackets}, entries row by row. */
    LRT_CHECK(m && m->nchildren == 2 && m->children[0]->nchildren == 4);
    if (!m || m->nchildren != 2 || m->children[0]->nchildren != 4) {
        destroy(spec, scene, tl);
        return;
    }
    lr_mobject **e = m->children[0]->children;
    lr_rect e01 = bounds(e[1]), all = bounds(m);
    check_rect(bounds_of(scene, "box"), grow(e01, 0.1f), "the box round m.entry(0, 1)");
    lr_rect box = bounds_of(scene, "box");
    LRT_CHECK_MSG(box.x1 - box.x0 < (all.x1 - all.x0) * 0.5f, "the entry's box is %g wide, the matrix %g",
                  box.x1 - box.x0, all.x1 - all.x0);
    check_rect(bounds_of(scene, "rowbox"), grow(lr_rect_union(bounds(e[2]), bounds(e[3])), 0.2f), "m.row(1)'s box");
    check_rect(bounds_of(scene, "colbox"), grow(lr_rect_union(bounds(e[0]), bounds(e[2])), 0.1f), "m.column(0)'s box");
    check_rect(bounds_of(scene, "whole"), grow(all, 0.1f), "the matrix's box");
    /* Manim's SurroundingRectangle: YELLOW, stroke 4, no fill. */
    lr_mobject *bm = find(scene, "box");
    LRT_CHECK_MSG(bm && bm->kind == LR_MOBJECT_PATH, "a box round a matrix nothing moves is built once");
    if (bm && bm->kind == LR_MOBJECT_PATH) {
        LRT_CHECK(same_color(bm->style.stroke, "YELLOW", 1) && bm->style.fill.a == 0);
        LRT_CHECK_NEAR(bm->style.stroke_width, 0.04, 1e-6);
    }
    const lr_mobject *cb = path_under(find(scene, "colbox"));
    LRT_CHECK(cb && same_color(cb->style.stroke, "BLUE", 1));
    /* BackgroundRectangle: buff 0, the background at 0.75, no stroke, drawn
     * just below the matrix although declared after it. */
    lr_mobject *bg = find(scene, "bg");
    check_rect(bounds(bg), bounds(e[2]), "the background rectangle of m.entry(1, 0)");
    if (bg && bg->kind == LR_MOBJECT_PATH) {
        LRT_CHECK_MSG(same_color(bg->style.fill, "BLACK", 0.75f), "fill %g %g %g %g", bg->style.fill.r,
                      bg->style.fill.g, bg->style.fill.b, bg->style.fill.a);
        LRT_CHECK(bg->style.stroke_width == 0);
    }
    LRT_CHECK_MSG(root_index(scene, bg) + 1 == root_index(scene, m), "background at %zu, matrix at %zu",
                  root_index(scene, bg), root_index(scene, m));
    /* Underline: the row's width, 0.1 below it. */
    lr_rect r0 = lr_rect_union(bounds(e[0]), bounds(e[1]));
    lr_vec2 a = point_of(scene, "ul", 0), b = point_of(scene, "ul", 3);
    LRT_CHECK_NEAR(a.x, r0.x0, EPS);
    LRT_CHECK_NEAR(b.x, r0.x1, EPS);
    LRT_CHECK_NEAR(a.y, r0.y0 - 0.1, EPS);
    LRT_CHECK_NEAR(b.y, r0.y0 - 0.1, EPS);
    /* Cross: two RED lines, stroke 6, corner to corner of the entry's box. */
    lr_rect e11 = bounds(e[3]);
    lr_mobject *x = find(scene, "x");
    LRT_CHECK(x && x->nchildren == 2);
    if (x && x->nchildren == 2) {
        const lr_mobject *l0 = x->children[0], *l1 = x->children[1];
        lr_affine w0 = lr_mobject_world_transform(l0), w1 = lr_mobject_world_transform(l1);
        lr_vec2 p[4] = {lr_affine_apply(w0, l0->path.points[0]), lr_affine_apply(w0, l0->path.points[3]),
                        lr_affine_apply(w1, l1->path.points[0]), lr_affine_apply(w1, l1->path.points[3])};
        lr_vec2 want[4] = {{e11.x0, e11.y1}, {e11.x1, e11.y0}, {e11.x1, e11.y1}, {e11.x0, e11.y0}};
        for (int i = 0; i < 4; i++) {
            LRT_CHECK_NEAR(p[i].x, want[i].x, EPS);
            LRT_CHECK_NEAR(p[i].y, want[i].y, EPS);
        }
        LRT_CHECK(same_color(l0->style.stroke, "RED", 1) && same_color(l1->style.stroke, "RED", 1));
        LRT_CHECK_NEAR(l0->style.stroke_width, 0.06, 1e-6);
    }
    /* scale_factor 1.5 about the centre, and its own colour. */
    lr_vec2 mid = {(e11.x0 + e11.x1) * 0.5f, (e11.y0 + e11.y1) * 0.5f};
    float hw = (e11.x1 - e11.x0) * 0.75f, hh = (e11.y1 - e11.y0) * 0.75f;
    check_rect(bounds_of(scene, "x2"), (lr_rect){mid.x - hw, mid.y - hh, mid.x + hw, mid.y + hh},
               "the cross scaled by 1.5");
    const lr_mobject *x2 = path_under(find(scene, "x2"));
    LRT_CHECK(x2 && same_color(x2->style.stroke, "GREEN", 1));
    destroy(spec, scene, tl);
}

/* A box, an underline, a cross and a brace follow a circle that a Shift
 * moves, mid-step and after; a box round a dot that only fades in is
 * built once. */
static void check_follow_shift(void)
{
    static const char json[] = SPEC(
        "{\"id\": \"c\", \"type\": \"circle\", \"radius\": 0.5, \"position\": [-2, 0]},"
        "{\"id\": \"d\", \"type\": \"dot\", \"point\": [0, -2]},"
        "{\"id\": \"box\", \"type\": \"surrounding_rectangle\", \"target\": \"c\", \"buff\": 0.25},"
        "{\"id\": \"ul\", \"type\": \"underline\", \"target\": \"c\"},"
        "{\"id\": \"x\", \"type\": \"cross\", \"target\": \"c\"},"
        "{\"id\": \"br\", \"type\": \"brace\", \"target\": \"c\", \"direction\": \"up\"},"
        "{\"id\": \"still\", \"type\": \"surrounding_rectangle\", \"target\": \"d\"}",
        "{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"d\"}]}, {\"add\": [\"c\", \"box\", \"ul\", \"x\", \"br\", "
        "\"still\"]}, {\"play\": [{\"anim\": \"Shift\", \"target\": \"c\", \"by\": [4, 1], \"rate_func\": "
        "\"linear\"}], \"run_time\": 2}, {\"wait\": 1}");
    lr_spec *spec = spec_check_load(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    static const double times[] = {1.5, 2.0, 3.0, 3.5};
    static const float shifted[] = {0.25f, 0.5f, 1.0f, 1.0f};
    for (int k = 0; k < 4; k++) {
        spec_check_seek(tl, times[k]);
        lr_rect c = bounds_of(scene, "c");
        lr_vec2 want = {-2 + 4 * shifted[k], shifted[k]};
        LRT_CHECK_NEAR((c.x0 + c.x1) * 0.5, want.x, 1e-4);
        LRT_CHECK_NEAR((c.y0 + c.y1) * 0.5, want.y, 1e-4);
        char what[64];
        snprintf(what, sizeof what, "the box at %g s", times[k]);
        check_rect(bounds_of(scene, "box"), grow(c, 0.25f), what);
        snprintf(what, sizeof what, "the cross at %g s", times[k]);
        check_rect(bounds_of(scene, "x"), c, what);
        lr_vec2 u0 = point_of(scene, "ul", 0);
        LRT_CHECK_NEAR(u0.x, c.x0, EPS);
        LRT_CHECK_NEAR(u0.y, c.y0 - 0.1, EPS);
        /* The brace hangs 0.1 above, from the left end of the top. */
        lr_vec2 b0 = point_of(scene, "br", 0);
        LRT_CHECK_NEAR(b0.x, c.x0, EPS);
        LRT_CHECK_NEAR(b0.y, c.y1 + 0.1, EPS);
    }
    lr_mobject *box = find(scene, "box"), *still = find(scene, "still");
    LRT_CHECK_MSG(box && box->kind == LR_MOBJECT_GROUP, "a box whose target moves is rebuilt per frame");
    LRT_CHECK_MSG(still && still->kind == LR_MOBJECT_PATH, "a box whose target only fades in is built once");
    check_rect(bounds(still), grow(bounds_of(scene, "d"), 0.1f), "the box round the dot");
    destroy(spec, scene, tl);
}

/* A target rebuilt per frame (a dot at a value's x): its box follows while
 * the value moves and after. */
static void check_follow_rebuilt(void)
{
    static const char json[] = SPEC(
        "{\"id\": \"k\", \"type\": \"value\", \"value\": 0},"
        "{\"id\": \"d\", \"type\": \"dot\", \"point\": [\"k\", \"k / 2\"], \"radius\": 0.2},"
        "{\"id\": \"box\", \"type\": \"surrounding_rectangle\", \"target\": \"d\"},"
        "{\"id\": \"bg\", \"type\": \"background_rectangle\", \"target\": \"d\", \"buff\": 0.3, \"color\": \"BLUE\", "
        "\"fill_opacity\": 0.5}",
        "{\"add\": [\"d\", \"bg\", \"box\"]}, {\"play\": [{\"anim\": \"SetValue\", \"target\": \"k\", \"value\": 3, "
        "\"rate_func\": \"linear\"}], \"run_time\": 2}, {\"wait\": 1}");
    lr_spec *spec = spec_check_load(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    static const double times[] = {0.5, 1.0, 2.0, 2.5};
    static const float values[] = {0.75f, 1.5f, 3.0f, 3.0f};
    for (int k = 0; k < 4; k++) {
        spec_check_seek(tl, times[k]);
        lr_rect d = bounds_of(scene, "d");
        LRT_CHECK_NEAR((d.x0 + d.x1) * 0.5, values[k], 1e-4);
        LRT_CHECK_NEAR((d.y0 + d.y1) * 0.5, values[k] * 0.5, 1e-4);
        char what[64];
        snprintf(what, sizeof what, "the box at %g s", times[k]);
        check_rect(bounds_of(scene, "box"), grow(d, 0.1f), what);
        snprintf(what, sizeof what, "the background at %g s", times[k]);
        check_rect(bounds_of(scene, "bg"), grow(d, 0.3f), what);
    }
    const lr_mobject *bg = path_under(find(scene, "bg"));
    LRT_CHECK(bg && same_color(bg->style.fill, "BLUE", 0.5f));
    destroy(spec, scene, tl);
}

/* Braces between points of a triangle, with the default direction
 * (dy, -dx) of A to B, span exactly A to B, buff off the segment on that
 * side; a point that is an expression follows; a direction vector. */
static void check_brace_points(void)
{
    static const char json[] = SPEC(
        "{\"id\": \"tri\", \"type\": \"polygon\", \"points\": [[-2, -1], [2, -1], [2, 2]]},"
        "{\"id\": \"ab\", \"type\": \"brace\", \"points\": [[-2, -1], [2, -1]]},"
        "{\"id\": \"ca\", \"type\": \"brace\", \"points\": [[2, 2], [-2, -1]], \"label\": \"c\"},"
        "{\"id\": \"q\", \"type\": \"dot\", \"point\": [2, 1]},"
        "{\"id\": \"qb\", \"type\": \"brace\", \"points\": [[-2, 1], \"q.center\"], \"buff\": 0.2},"
        "{\"id\": \"sq\", \"type\": \"square\", \"side_length\": 2, \"position\": [0, 0]},"
        "{\"id\": \"diag\", \"type\": \"brace\", \"target\": \"sq\", \"direction\": [1, 1]},"
        "{\"id\": \"left\", \"type\": \"brace\", \"target\": \"sq\", \"direction\": \"left\"}",
        "{\"add\": [\"tri\", \"ab\", \"ca\", \"q\", \"qb\", \"sq\", \"diag\", \"left\"]}, {\"play\": [{\"anim\": "
        "\"Shift\", \"target\": \"q\", \"by\": [1, 0], \"rate_func\": \"linear\"}], \"run_time\": 2}, {\"wait\": 1}");
    lr_spec *spec = spec_check_load(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    spec_check_seek(tl, 0.5);
    /* A to B left to right: below, from (-2, -1.1) to (2, -1.1). */
    LRT_CHECK_MSG(has_vertex(scene, "ab", (lr_vec2){-2, -1.1f}, EPS), "ab does not start at A + 0.1 down");
    LRT_CHECK_MSG(has_vertex(scene, "ab", (lr_vec2){2, -1.1f}, EPS), "ab does not end at B + 0.1 down");
    double lo, hi;
    extent_along(scene, "ab", (lr_vec2){1, 0}, &lo, &hi);
    LRT_CHECK_NEAR(lo, -2, 0.01);
    LRT_CHECK_NEAR(hi, 2, 0.01);
    extent_along(scene, "ab", (lr_vec2){0, 1}, &lo, &hi);
    LRT_CHECK_MSG(hi <= -1.1 + EPS && lo < -1.25, "ab spans y [%g, %g]", lo, hi);
    /* C to A: d = (dy, -dx) / 5 = (-0.6, 0.8), away from the triangle's B. */
    lr_vec2 d = {-0.6f, 0.8f}, u = {0.8f, 0.6f};
    LRT_CHECK_MSG(has_vertex(scene, "ca", (lr_vec2){2 - 0.06f, 2 + 0.08f}, 2e-4), "ca does not reach C + 0.1 d");
    LRT_CHECK_MSG(has_vertex(scene, "ca", (lr_vec2){-2 - 0.06f, -1 + 0.08f}, 2e-4), "ca does not reach A + 0.1 d");
    extent_along(scene, "ca", u, &lo, &hi);
    LRT_CHECK_NEAR(hi - lo, 5, 0.01); /* |CA| */
    LRT_CHECK_NEAR(lo, -2.2, 0.01);
    extent_along(scene, "ca", d, &lo, &hi);
    LRT_CHECK_MSG(lo >= 0.5 - 2e-4 && hi > 0.65, "ca spans [%g, %g] along d (the segment is at 0.4)", lo, hi);
    /* Its label beyond the tip, on the middle of CA. */
    lr_mobject *ca = find(scene, "ca");
    if (ca && ca->nchildren == 2) {
        lr_rect lb = bounds(ca->children[1]);
        lr_vec2 c = {(lb.x0 + lb.x1) * 0.5f, (lb.y0 + lb.y1) * 0.5f};
        LRT_CHECK_NEAR(c.x * u.x + c.y * u.y, 0.3, 1e-3);
        LRT_CHECK_MSG(c.x * d.x + c.y * d.y > hi + 0.1, "the label is at %g along d", c.x * d.x + c.y * d.y);
    } else {
        LRT_CHECK_MSG(false, "the brace ca has no label");
    }
    /* A brace to a dot that moves follows it. */
    LRT_CHECK_MSG(has_vertex(scene, "qb", (lr_vec2){2.25f, 0.8f}, EPS), "qb mid-Shift does not end at q + 0.2 down");
    spec_check_seek(tl, 2.5);
    LRT_CHECK_MSG(has_vertex(scene, "qb", (lr_vec2){3, 0.8f}, EPS), "qb after the Shift does not end at q + 0.2 down");
    LRT_CHECK_MSG(has_vertex(scene, "qb", (lr_vec2){-2, 0.8f}, EPS), "qb does not start at its fixed point");
    /* Direction [1, 1] on the square: along (1, -1)/sqrt 2 over the square's
     * extent that way (2 sqrt 2), sqrt 2 + 0.1 out. */
    float r2 = sqrtf(2.0f), out = r2 + 0.1f;
    lr_vec2 dd = {r2 / 2, r2 / 2}, du = {r2 / 2, -r2 / 2};
    lr_vec2 s0 = point_of(scene, "diag", 0);
    LRT_CHECK_NEAR(s0.x, -r2 * du.x + out * dd.x, 1e-4);
    LRT_CHECK_NEAR(s0.y, -r2 * du.y + out * dd.y, 1e-4);
    LRT_CHECK_MSG(has_vertex(scene, "diag", (lr_vec2){r2 * du.x + out * dd.x, r2 * du.y + out * dd.y}, 1e-4),
                  "the [1, 1] brace does not end at the square's far corner's projection");
    extent_along(scene, "diag", dd, &lo, &hi);
    LRT_CHECK_MSG(lo >= out - 1e-4 && hi > out + 0.15, "the [1, 1] brace spans [%g, %g] out", lo, hi);
    /* "left" as version 1 drew it: from (-1.1, -1) up the left side. */
    lr_vec2 l0 = point_of(scene, "left", 0);
    LRT_CHECK_NEAR(l0.x, -1.1, 1e-5);
    LRT_CHECK_NEAR(l0.y, -1, 1e-5);
    extent_along(scene, "left", (lr_vec2){0, 1}, &lo, &hi);
    LRT_CHECK_NEAR(lo, -1, 0.01);
    LRT_CHECK_NEAR(hi, 1, 0.01);
    destroy(spec, scene, tl);
}

/* Version 1's brace reads its target once; version 2's follows it. */
static void check_brace_versions(void)
{
    for (int version = 1; version <= 2; version++) {
        char json[800];
        snprintf(json, sizeof json,
                 "{\"version\": %d, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": ["
                 "{\"id\": \"c\", \"type\": \"circle\", \"radius\": 0.5},"
                 "{\"id\": \"br\", \"type\": \"brace\", \"target\": \"c\"}], \"timeline\": [{\"add\": [\"c\", "
                 "\"br\"]}, {\"play\": [{\"anim\": \"Shift\", \"target\": \"c\", \"by\": [2, 0]}]}]}]}",
                 version);
        lr_spec *spec = spec_check_load(json);
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        if (!spec_check_build(spec, &scene, &tl)) {
            lr_spec_destroy(spec);
            continue;
        }
        spec_check_seek(tl, 1);
        lr_vec2 b0 = point_of(scene, "br", 0);
        LRT_CHECK_MSG(fabsf(b0.x - (version == 1 ? -0.5f : 1.5f)) < 1e-4f, "version %d: the brace starts at x = %g",
                      version, b0.x);
        destroy(spec, scene, tl);
    }
}

#define MATRIX "{\"id\": \"m\", \"type\": \"matrix\", \"entries\": [[1, 2], [3, 4]]}, {\"id\": \"c\", \"type\": \"circle\"}"
#define WAIT "{\"wait\": 1}"
#define OBJ "sections[0].objects[2]"

static void check_errors(void)
{
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"surrounding_rectangle\", \"target\": \"m.entry(2, 0)\"}", WAIT),
                 OBJ ".target", "m has 2 rows and 2 columns (indices from 0): there is no m.entry(2, 0)");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"underline\", \"target\": \"m.column(2)\"}", WAIT),
                 OBJ ".target", "there is no m.column(2)");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"cross\", \"target\": \"m.entry(0)\"}", WAIT), OBJ ".target",
                 "m.entry takes 2 indexes, found 1");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"surrounding_rectangle\", \"target\": \"m.rows(1)\"}", WAIT),
                 OBJ ".target", "a matrix has no part \"rows\" (did you mean \"row\"?");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"background_rectangle\", \"target\": \"c.row(0)\"}", WAIT),
                 OBJ ".target", "a circle has no part \"row\" (it has no parts)");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"brace\", \"target\": \"n.row(0)\"}", WAIT), OBJ ".target",
                 "no object \"n\"");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"surrounding_rectangle\", \"target\": \"later\"}, "
                             "{\"id\": \"later\", \"type\": \"dot\"}",
                      WAIT),
                 OBJ ".target", "declared after this one");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"k\", \"type\": \"value\"}, {\"id\": \"b\", \"type\": \"cross\", \"target\": \"k\"}",
                      WAIT),
                 "sections[0].objects[3].target", "\"k\" is a value, not something drawn");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"surrounding_rectangle\"}", WAIT), OBJ,
                 "missing field \"target\"");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"brace\", \"target\": \"c\", \"points\": [[0, 0], [1, 0]]}", WAIT),
                 OBJ, "a brace needs exactly one of \"target\"");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"brace\"}", WAIT), OBJ, "a brace needs exactly one of");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"brace\", \"points\": [[1, 2], [1, 2]]}", WAIT), OBJ ".points",
                 "the two points are the same");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"brace\", \"target\": \"c\", \"direction\": [0, 0]}", WAIT),
                 OBJ ".direction", "found the vector [0, 0]");
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"surrounding_rectangle\", \"target\": \"c\", \"at\": \"B2\"}",
                      WAIT),
                 OBJ ".at", "is placed by what it belongs to");
    /* A box that follows is rebuilt per frame: it cannot be morphed (the
     * builder would refuse it; said at load, with the animation's path). */
    spec_check_error(SPEC(MATRIX ", {\"id\": \"b\", \"type\": \"surrounding_rectangle\", \"target\": \"c\"}, "
                             "{\"id\": \"b2\", \"type\": \"surrounding_rectangle\", \"target\": \"m\"}",
                      "{\"add\": [\"c\", \"m\", \"b\"]}, {\"play\": [{\"anim\": \"Shift\", \"target\": \"c\", "
                      "\"by\": [1, 0]}]}, {\"play\": [{\"anim\": \"ReplacementTransform\", \"target\": \"b\", "
                      "\"to\": \"b2\"}]}"),
                 "sections[0].timeline[2].play[0].target", "ReplacementTransform morphs \"b\", which is rebuilt");
    /* Version 1: parts, direction vectors and the new types are refused. */
    static const char v1[] = "{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": ["
                             "{\"id\": \"c\", \"type\": \"circle\"}, %s], \"timeline\": [{\"wait\": 1}]}]}";
    static const char *const v1_cases[][3] = {
        {"{\"id\": \"b\", \"type\": \"brace\", \"target\": \"c\", \"direction\": [1, 1]}", "sections[0].objects[1].direction",
         "new in version 2"},
        {"{\"id\": \"b\", \"type\": \"brace\", \"target\": \"c.row(0)\"}", "sections[0].objects[1].target", "new in version 2"},
        {"{\"id\": \"b\", \"type\": \"surrounding_rectangle\", \"target\": \"c\"}", "sections[0].objects[1].type",
         "new in version 2"},
        {"{\"id\": \"b\", \"type\": \"brace\", \"points\": [[0, 0], [1, 0]]}", "sections[0].objects[1].points",
         "new in version 2"},
    };
    for (size_t i = 0; i < sizeof v1_cases / sizeof v1_cases[0]; i++) {
        char json[600];
        snprintf(json, sizeof json, v1, v1_cases[i][0]);
        spec_check_error(json, v1_cases[i][1], v1_cases[i][2]);
    }
}

int main(void)
{
    check_parts();
    check_follow_shift();
    check_follow_rebuilt();
    check_brace_points();
    check_brace_versions();
    check_errors();
    return lrt_finish("spec_marks");
}
