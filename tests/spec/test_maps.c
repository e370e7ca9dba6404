/* Maps of the plane in the spec (version 2), checked on numbers: after an
 * ApplyMatrix every point of a grid is its image (and mid-step on the
 * straight path to it), with what is drawn on the plane going along; a
 * plane whose matrix reads a value shows that matrix's image at each time;
 * z -> z^2 keeps the unit circle on the unit circle, curve by curve; a
 * function's image of a line is smooth and on the curve; a matrix read as
 * the step begins; and the errors of maps on what cannot carry them. */
#include "spec_check.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PTS 40000

static size_t points_of(lr_scene *scene, const char *id, lr_vec2 *pts)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    return m ? spec_scene_points(m, pts, 0, MAX_PTS) : 0;
}

/* The cubic curves under m, in scene space, 4 points each. */
static size_t scene_curves(const lr_mobject *m, lr_vec2 (*cv)[4], size_t n, size_t cap)
{
    if (m->kind == LR_MOBJECT_PATH) {
        lr_affine w = lr_mobject_world_transform(m);
        for (uint32_t s = 0; s < m->path.nsubpaths; s++) {
            const lr_subpath *sp = &m->path.subpaths[s];
            for (uint32_t k = 0; k < sp->ncurves && n < cap; k++, n++)
                for (int q = 0; q < 4; q++)
                    cv[n][q] = lr_affine_apply(w, m->path.points[sp->first + 3 * k + (uint32_t)q]);
        }
    }
    for (size_t i = 0; i < m->nchildren; i++)
        n = scene_curves(m->children[i], cv, n, cap);
    return n;
}

static lr_vec2 center_of(lr_scene *scene, const char *id)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    lr_rect r = m ? lr_rect_transform(lr_mobject_bounds(m), m->parent ? lr_mobject_world_transform(m->parent)
                                                                      : lr_affine_identity())
                  : lr_rect_empty();
    return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f};
}

/* The plane's frame, from dots drawn on it at (0, 0) and (1, 1): origin and
 * scene units per plane unit. */
typedef struct frame {
    lr_vec2 o;
    double sx, sy;
} frame;

static frame frame_of(lr_scene *scene)
{
    lr_vec2 o = center_of(scene, "o"), u = center_of(scene, "u");
    return (frame){o, u.x - o.x, u.y - o.y};
}

/* Scene point of plane point (x, y) under M. */
static lr_vec2 image(frame f, const double m[4], double x, double y)
{
    return (lr_vec2){(float)(f.o.x + f.sx * (m[0] * x + m[1] * y)), (float)(f.o.y + f.sy * (m[2] * x + m[3] * y))};
}

static lr_vec2 to_plane(frame f, lr_vec2 p)
{
    return (lr_vec2){(float)((p.x - f.o.x) / f.sx), (float)((p.y - f.o.y) / f.sy)};
}

/* How far, in the plane's coordinates, the points of an arrow near its apex
 * reach from it: the size of its tip. */
static double tip_size(frame f, const lr_vec2 *pts, size_t n, lr_vec2 apex)
{
    lr_vec2 a = to_plane(f, apex);
    double reach = 0;
    for (size_t i = 0; i < n; i++) {
        lr_vec2 q = to_plane(f, pts[i]);
        double d = hypot(q.x - a.x, q.y - a.y);
        if (d < 0.6)
            reach = fmax(reach, d);
    }
    return reach;
}

#define GRID                                                                                                     \
    "{\"id\": \"plane\", \"type\": \"number_plane\", \"x_range\": [-3, 3, 1], \"y_range\": [-2, 2, 1], "         \
    "\"faded_line_ratio\": 2, \"x_length\": 4.5, \"y_length\": 2, \"position\": [1.5, -1]},"                                                                                  \
    "{\"id\": \"o\", \"type\": \"dot\", \"point\": [0, 0], \"plane\": \"plane\"},"                               \
    "{\"id\": \"u\", \"type\": \"dot\", \"point\": [1, 1], \"plane\": \"plane\"},"                               \
    "{\"id\": \"ih\", \"type\": \"i_hat\", \"plane\": \"plane\"},"                                               \
    "{\"id\": \"v\", \"type\": \"vector\", \"end\": [2, 1], \"plane\": \"plane\"},"                              \
    "{\"id\": \"later\", \"type\": \"dot\", \"point\": [-1, 1], \"plane\": \"plane\"},"                          \
    "{\"id\": \"lv\", \"type\": \"vector\", \"end\": [-1, 1], \"plane\": \"plane\"},"                            \
    "{\"id\": \"free\", \"type\": \"dot\", \"point\": [5, 3]}"

/* ApplyMatrix [[1, 1], [0, 1]] (a shear) on the plane over [1, 3] s,
 * linear: every grid point goes to M p on a straight line, the dots, the
 * basis vector and the vector go along, one brought in afterwards appears
 * where the plane took it, and an object off the plane stays. */
static void check_apply_matrix(void)
{
    static const char json[] =
        "{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": [" GRID "],"
        "\"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"plane\"}, {\"anim\": \"FadeIn\", \"target\": "
        "\"o\"}, {\"anim\": \"FadeIn\", \"target\": \"u\"}, {\"anim\": \"FadeIn\", \"target\": \"ih\"}, {\"anim\": "
        "\"FadeIn\", \"target\": \"v\"}, {\"anim\": \"FadeIn\", \"target\": \"free\"}]},"
        "{\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"plane\", \"matrix\": [[1, 1], [0, 1]], \"rate_func\": "
        "\"linear\"}], \"run_time\": 2},"
        "{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"later\"}, {\"anim\": \"FadeIn\", \"target\": \"lv\"}]}]}]}";
    lr_spec *spec = spec_check_load(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!spec || !spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    lr_vec2 *before = malloc(MAX_PTS * sizeof *before), *now = malloc(MAX_PTS * sizeof *now);
    spec_check_seek(tl, 0.99);
    frame f = frame_of(scene);
    /* Placed and scaled: its coordinates are not the scene's. */
    LRT_CHECK_NEAR(f.sx, 0.75, 1e-5);
    LRT_CHECK_NEAR(f.sy, 0.5, 1e-5);
    LRT_CHECK_NEAR(f.o.x, 1.5, 1e-5);
    LRT_CHECK_NEAR(f.o.y, -1, 1e-5);
    size_t n = points_of(scene, "plane", before);
    LRT_CHECK(n > 50);
    lr_vec2 free0 = center_of(scene, "free");
    lr_vec2 *vbefore = malloc(MAX_PTS * sizeof *vbefore);
    size_t nvb = points_of(scene, "v", vbefore);
    static const double shear[4] = {1, 1, 0, 1}, identity[4] = {1, 0, 0, 1};
    /* In the middle of the step (sought out of order), then at its end. */
    const double times[] = {2.5, 1.5, 3.2, 2.0};
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
        spec_check_seek(tl, times[k]);
        double a = times[k] >= 3 ? 1 : (times[k] - 1) / 2;
        size_t m = points_of(scene, "plane", now);
        LRT_CHECK_MSG(m == n, "t = %g: %zu points, %zu before (a linear map cuts nothing)", times[k], m, n);
        double worst = 0;
        for (size_t i = 0; i < n && i < m; i++) {
            lr_vec2 p = to_plane(f, before[i]);
            lr_vec2 end = image(f, shear, p.x, p.y);
            double ex = before[i].x + a * (end.x - before[i].x), ey = before[i].y + a * (end.y - before[i].y);
            worst = fmax(worst, hypot(now[i].x - ex, now[i].y - ey));
        }
        LRT_CHECK_MSG(worst < 1e-5, "t = %g: a grid point is %.2g from its place on the way to M p", times[k], worst);
        double mid[4];
        for (int q = 0; q < 4; q++)
            mid[q] = identity[q] + a * (shear[q] - identity[q]);
        lr_vec2 u = center_of(scene, "u"), want = image(f, mid, 1, 1);
        LRT_CHECK_MSG(hypot(u.x - want.x, u.y - want.y) < 1e-5, "t = %g: the dot at (1, 1) is at (%g, %g), not (%g, %g)",
                      times[k], u.x, u.y, want.x, want.y);
        lr_vec2 fr = center_of(scene, "free");
        LRT_CHECK_NEAR(fr.x, free0.x, 1e-6);
        LRT_CHECK_NEAR(fr.y, free0.y, 1e-6);
    }
    /* After: the vector's tip is at M (2, 1) = (3, 1), the basis vector's at
     * M (1, 0) = (1, 0), and a dot brought in later at M (-1, 1) = (0, 1). */
    spec_check_seek(tl, 4.5);
    size_t nv = points_of(scene, "v", now);
    double best = INFINITY;
    lr_vec2 tip = image(f, shear, 2, 1);
    for (size_t i = 0; i < nv; i++)
        best = fmin(best, hypot(now[i].x - tip.x, now[i].y - tip.y));
    LRT_CHECK_MSG(best < 1e-4, "the vector's tip is %.2g from M (2, 1)", best);
    /* Rebuilt at its new ends as Manim's LinearTransformationScene moves
     * vectors: its tip (in the plane's coordinates, where it was built) is
     * as long and wide as before, not sheared with the grid. */
    double tip_after = tip_size(f, now, nv, image(f, shear, 2, 1)), tip_before = tip_size(f, vbefore, nvb, image(f, identity, 2, 1));
    LRT_CHECK_MSG(tip_before > 0.1 && fabs(tip_after - tip_before) < 1e-4,
                  "the vector's tip reaches %.4g from its apex after the map, %.4g before", tip_after, tip_before);
    lr_vec2 lv_tip = image(f, shear, -1, 1);
    size_t nl = points_of(scene, "lv", now);
    double lbest = INFINITY;
    for (size_t i = 0; i < nl; i++)
        lbest = fmin(lbest, hypot(now[i].x - lv_tip.x, now[i].y - lv_tip.y));
    LRT_CHECK_MSG(lbest < 1e-4, "a vector brought in after the map has its tip %.2g from M (-1, 1)", lbest);
    lr_mobject *lvm = lr_scene_find(scene, "lv");
    LRT_CHECK_MSG(lvm && lvm->visible && lvm->opacity > 0.99, "the vector brought in after the map is not shown");
    lr_rect ib = lr_rect_empty();
    size_t ni = points_of(scene, "ih", now);
    for (size_t i = 0; i < ni; i++)
        ib = lr_rect_union(ib, (lr_rect){now[i].x, now[i].y, now[i].x, now[i].y});
    lr_vec2 ih_tip = image(f, shear, 1, 0);
    LRT_CHECK_NEAR(ib.x1, ih_tip.x, 1e-4);
    lr_vec2 later = center_of(scene, "later"), want = image(f, shear, -1, 1);
    LRT_CHECK_MSG(hypot(later.x - want.x, later.y - want.y) < 1e-5, "the dot brought in later is at (%g, %g), not (%g, %g)",
                  later.x, later.y, want.x, want.y);
    free(before);
    free(now);
    free(vbefore);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* A plane whose matrix reads a value: at each time the grid is the image
 * of the plane under the matrix of the value then, and what is on the
 * plane follows. */
static void check_driven_matrix(void)
{
    static const char json[] =
        "{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": ["
        "{\"id\": \"s\", \"type\": \"value\", \"value\": 0},"
        "{\"id\": \"plane\", \"type\": \"number_plane\", \"x_range\": [-3, 3, 1], \"y_range\": [-2, 2, 1], "
        "\"matrix\": [[\"1 + s\", \"s\"], [0, 1]]},"
        "{\"id\": \"o\", \"type\": \"dot\", \"point\": [0, 0], \"plane\": \"plane\"},"
        "{\"id\": \"u\", \"type\": \"dot\", \"point\": [1, 1], \"plane\": \"plane\"}],"
        "\"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"plane\"}, {\"anim\": \"FadeIn\", \"target\": "
        "\"o\"}, {\"anim\": \"FadeIn\", \"target\": \"u\"}]},"
        "{\"play\": [{\"anim\": \"SetValue\", \"target\": \"s\", \"value\": 1, \"rate_func\": \"linear\"}], "
        "\"run_time\": 2}]}]}";
    lr_spec *spec = spec_check_load(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!spec || !spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    lr_vec2 *base = malloc(MAX_PTS * sizeof *base), *now = malloc(MAX_PTS * sizeof *now);
    spec_check_seek(tl, 0.5);
    frame f = frame_of(scene);
    size_t n = points_of(scene, "plane", base);
    LRT_CHECK(n > 50);
    const double times[] = {2.5, 1.25, 2.0, 3.5};
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
        spec_check_seek(tl, times[k]);
        double s = times[k] >= 3 ? 1 : (times[k] - 1) / 2;
        double m[4] = {1 + s, s, 0, 1};
        size_t got = points_of(scene, "plane", now);
        LRT_CHECK(got == n);
        double worst = 0;
        for (size_t i = 0; i < n && i < got; i++) {
            lr_vec2 p = to_plane(f, base[i]), want = image(f, m, p.x, p.y);
            worst = fmax(worst, hypot(now[i].x - want.x, now[i].y - want.y));
        }
        LRT_CHECK_MSG(worst < 1e-5, "t = %g (s = %g): a grid point is %.2g from M(s) p", times[k], s, worst);
        lr_vec2 u = center_of(scene, "u"), want = image(f, m, 1, 1);
        LRT_CHECK_MSG(hypot(u.x - want.x, u.y - want.y) < 1e-5, "t = %g: the dot at (1, 1) is off M(s) (1, 1)",
                      times[k]);
    }
    free(base);
    free(now);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* z -> z^2 on a complex plane: the unit circle drawn on it stays on the
 * unit circle (at the quarter points of every curve, not only at anchors),
 * and the circle of radius 0.5 goes to the one of radius 0.25. */
static void check_complex_square(void)
{
    static const char json[] =
        "{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": ["
        "{\"id\": \"cp\", \"type\": \"complex_plane\", \"x_range\": [-2, 2, 1], \"y_range\": [-2, 2, 1], "
        "\"include_numbers\": false, \"x_length\": 3, \"y_length\": 3, \"position\": [-2, 0.5]},"
        "{\"id\": \"o\", \"type\": \"dot\", \"point\": [0, 0], \"plane\": \"cp\"},"
        "{\"id\": \"u\", \"type\": \"dot\", \"point\": [1, 1], \"plane\": \"cp\"},"
        "{\"id\": \"c1\", \"type\": \"circle\", \"radius\": 1, \"plane\": \"cp\"},"
        "{\"id\": \"c2\", \"type\": \"circle\", \"radius\": 0.5, \"plane\": \"cp\"}],"
        "\"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"cp\"}, {\"anim\": \"FadeIn\", \"target\": "
        "\"c1\"}, {\"anim\": \"FadeIn\", \"target\": \"c2\"}, {\"anim\": \"FadeIn\", \"target\": \"o\"}, {\"anim\": "
        "\"FadeIn\", \"target\": \"u\"}]},"
        "{\"play\": [{\"anim\": \"ApplyComplexFunction\", \"target\": \"cp\", \"f\": \"z^2\"}], \"run_time\": 2}]}]}";
    lr_spec *spec = spec_check_load(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!spec || !spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    lr_vec2(*cv)[4] = malloc(MAX_PTS * sizeof *cv);
    const char *ids[] = {"c1", "c2"};
    const double radius[] = {1, 0.5};
    double off[2] = {0, 0};
    /* How far the drawn circles themselves are from the circles (four
     * cubics approximate a circle): |z^2| = |z|^2 doubles that, relatively. */
    spec_check_seek(tl, 0.5);
    frame f = frame_of(scene);
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            spec_check_seek(tl, 3.5);
        for (int which = 0; which < 2; which++) {
            lr_mobject *m = lr_scene_find(scene, ids[which]);
            size_t n = m ? scene_curves(m, cv, 0, MAX_PTS) : 0;
            LRT_CHECK_MSG(n >= 4, "%s: %zu curves", ids[which], n);
            double r = pass ? radius[which] * radius[which] : radius[which], worst = 0;
            for (size_t i = 0; i < n; i++)
                for (int q = 0; q <= 4; q++) {
                    lr_vec2 p = to_plane(f, lr_cubic_point(cv[i], (float)q / 4));
                    worst = fmax(worst, fabs(hypot(p.x, p.y) - r));
                }
            if (pass == 0) {
                off[which] = worst;
                continue;
            }
            /* The map's own bound (LR_MAP_TOLERANCE, scene units) on top. */
            double bound = 2 * radius[which] * off[which] + LR_MAP_TOLERANCE / fmin(f.sx, f.sy);
            LRT_CHECK_MSG(worst < bound, "%s: a point of z^2's image is %.2g off the circle of radius %g (bound %.2g)",
                          ids[which], worst, r, bound);
        }
    }
    /* The dot at 1 + i went to (1 + i)^2 = 2i: its bounds' centre is off
     * f(centre) by about its radius squared (z^2 is not affine). */
    lr_vec2 u = to_plane(f, center_of(scene, "u"));
    LRT_CHECK_NEAR(u.x, 0, 1e-2);
    LRT_CHECK_NEAR(u.y, 2, 1e-2);
    free(cv);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* ApplyFunction on a free line (scene coordinates): (x, y) -> (x, y + sin x)
 * bends it onto the sine, smoothly and cut finer; then an ApplyMatrix whose matrix is
 * written with a value, read as the step begins (a quarter turn about a
 * point). */
static void check_function_and_begin(void)
{
    static const char json[] =
        "{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": ["
        "{\"id\": \"a\", \"type\": \"value\", \"value\": 0},"
        "{\"id\": \"l\", \"type\": \"line\", \"start\": [-2, 0], \"end\": [2, 0]},"
        "{\"id\": \"d\", \"type\": \"dot\", \"point\": [3, 0]}],"
        "\"timeline\": [{\"play\": [{\"anim\": \"Create\", \"target\": \"l\"}, {\"anim\": \"FadeIn\", \"target\": "
        "\"d\"}]},"
        "{\"play\": [{\"anim\": \"ApplyFunction\", \"target\": \"l\", \"x\": \"x\", \"y\": \"y + sin(x)\"}, "
        "{\"anim\": \"SetValue\", \"target\": \"a\", \"value\": \"PI/2\"}]},"
        "{\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"d\", \"matrix\": [[\"cos(a)\", \"-sin(a)\"], "
        "[\"sin(a)\", \"cos(a)\"]], \"about_point\": [2, 0]}]}]}]}";
    lr_spec *spec = spec_check_load(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!spec || !spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    lr_vec2(*cv)[4] = malloc(MAX_PTS * sizeof *cv);
    spec_check_seek(tl, 2.5);
    lr_mobject *l = lr_scene_find(scene, "l");
    size_t n = l ? scene_curves(l, cv, 0, MAX_PTS) : 0;
    LRT_CHECK_MSG(n > 1, "the line was not cut before a curved map (%zu curves)", n);
    double worst = 0, kink = 0;
    for (size_t i = 0; i < n; i++) {
        for (int q = 0; q <= 4; q++) {
            lr_vec2 p = lr_cubic_point(cv[i], (float)q / 4);
            worst = fmax(worst, fabs(p.y - sin(p.x)));
        }
        if (i + 1 < n) {
            double a0 = atan2(cv[i][3].y - cv[i][2].y, cv[i][3].x - cv[i][2].x);
            double a1 = atan2(cv[i + 1][1].y - cv[i + 1][0].y, cv[i + 1][1].x - cv[i + 1][0].x);
            kink = fmax(kink, fabs(remainder(a1 - a0, 2 * M_PI)));
        }
    }
    LRT_CHECK_MSG(worst < 1e-4, "the line's image is %.2g off the sine", worst);
    LRT_CHECK_MSG(kink < 1 * M_PI / 180, "the image turns %.2f degrees at a joint", kink * 180 / M_PI);
    /* The dot at (3, 0) turned a quarter about (2, 0): (2, 1). */
    spec_check_seek(tl, 3.5);
    lr_vec2 d = center_of(scene, "d");
    LRT_CHECK_NEAR(d.x, 2, 1e-5);
    LRT_CHECK_NEAR(d.y, 1, 1e-5);
    free(cv);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

#define SPEC(objects, timeline) \
    "{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": [" objects "], \"timeline\": [" timeline "]}]}"
#define PLANE "{\"id\": \"p\", \"type\": \"number_plane\"}"
#define SHOW(id) "{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"" id "\"}]}"

static void check_errors(void)
{
    /* An object on the plane rebuilt per frame cannot be carried. */
    spec_check_error(SPEC(PLANE ", {\"id\": \"k\", \"type\": \"value\"}, {\"id\": \"v\", \"type\": \"vector\", \"end\": "
                            "[\"k\", 1], \"plane\": \"p\"}",
                      SHOW("p") ", " SHOW("v") ", {\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"p\", \"matrix\": "
                                              "[[2, 0], [0, 1]]}]}"),
                 "timeline[2].play[0]", "ApplyMatrix moves \"v\", which is rebuilt at every frame");
    /* Nor a plane whose matrix reads a value. */
    spec_check_error(SPEC("{\"id\": \"k\", \"type\": \"value\"}, {\"id\": \"p\", \"type\": \"number_plane\", \"matrix\": "
                      "[[\"k\", 0], [0, 1]]}",
                      SHOW("p") ", {\"play\": [{\"anim\": \"ApplyFunction\", \"target\": \"p\", \"x\": \"x\", \"y\": "
                                "\"y\"}]}"),
                 "timeline[1].play[0]", "ApplyFunction moves \"p\"");
    /* What reads c2p of a mapped plane would not follow it. */
    spec_check_error(SPEC(PLANE ", {\"id\": \"d\", \"type\": \"dot\", \"point\": \"p.c2p(1, 1)\"}",
                      SHOW("p") ", " SHOW("d") ", {\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"p\", \"matrix\": "
                                              "[[2, 0], [0, 1]]}]}"),
                 "objects[1]", "reads p.c2p, but ApplyMatrix moves \"p\"");
    /* f is complex: z plus a point is a type error, w is no name. */
    spec_check_error(SPEC(PLANE, SHOW("p") ", {\"play\": [{\"anim\": \"ApplyComplexFunction\", \"target\": \"p\", \"f\": "
                                       "\"z + p.center\"}]}"),
                 "play[0].f", "cannot add a complex number and a point");
    spec_check_error(SPEC(PLANE, SHOW("p") ", {\"play\": [{\"anim\": \"ApplyComplexFunction\", \"target\": \"p\", \"f\": "
                                       "\"w^2\"}]}"),
                 "play[0].f", "unknown name \"w\"");
    /* A matrix is 2 x 2, and the map needs its target on screen. */
    spec_check_error(SPEC(PLANE, SHOW("p") ", {\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"p\", \"matrix\": "
                                       "[[1, 2, 3], [0, 1]]}]}"),
                 "play[0].matrix", "a 2x2 matrix");
    spec_check_error(SPEC(PLANE, "{\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"p\", \"matrix\": [[1, 0], [0, 1]]}]}"),
                 "play[0].target", "not on screen");
    /* Version 1 has no maps. */
    char *msg = spec_check_errors("{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": [" PLANE "], \"timeline\": [" SHOW("p")
                            ", {\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"p\", \"matrix\": [[1, 0], [0, "
                            "1]]}]}]}]}");
    LRT_CHECK_MSG(msg && strstr(msg, "version 2") != NULL, "%s", msg ? msg : "");
    free(msg);
}

int main(void)
{
    check_apply_matrix();
    check_driven_matrix();
    check_complex_square();
    check_function_and_begin();
    check_errors();
    return lrt_finish("spec_maps");
}
