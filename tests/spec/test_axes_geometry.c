/* What is drawn on axes (version 2), checked on numbers in scene
 * coordinates against c2p of axes placed away from the origin and scaled
 * unevenly: a Riemann rectangle's corner on the curve (left, right and
 * midpoint sums, the signed area's inverted colour, dx driven by a value),
 * the ends of lines from the axis to a graph, the area between two graphs
 * bounded by both, a line graph's vertices, points "in" an axes against a
 * shape drawn on a plane, a graph's label, log-scale ticks at the powers,
 * a number line's ticks and a pointer at n2p(value) in the middle of a
 * SetValue; and the validator's errors with their paths. The specs are
 * written with ' for " to stay readable. */
#include "spec_check.h"

#include <stdlib.h>
#include <string.h>

#define MAX_PTS 8000

static lr_mobject *find(spec_built *b, const char *id)
{
    lr_mobject *m = lr_scene_find(b->scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    return m;
}

/* The shape of an object: the one child of the container an object rebuilt
 * per frame stands in. */
static const lr_mobject *shape(spec_built *b, const char *id, bool live)
{
    const lr_mobject *m = find(b, id);
    return m && live && m->nchildren == 1 ? m->children[0] : m;
}

static lr_rect bounds_of(const lr_mobject *m)
{
    return m ? lr_rect_transform(lr_mobject_bounds(m), m->parent ? lr_mobject_world_transform(m->parent)
                                                                  : lr_affine_identity())
             : lr_rect_empty();
}

static lr_vec2 center_of(spec_built *b, const char *id)
{
    lr_rect r = bounds_of(find(b, id));
    return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f};
}

/* The anchors of the paths under m (not their handles), in scene space. */
static size_t scene_points(const lr_mobject *m, lr_vec2 *pts, size_t n, size_t cap)
{
    if (m && m->kind == LR_MOBJECT_PATH) {
        lr_affine w = lr_mobject_world_transform(m);
        for (uint32_t s = 0; s < m->path.nsubpaths; s++) {
            const lr_subpath *sp = &m->path.subpaths[s];
            for (uint32_t k = 0; k <= sp->ncurves && n < cap; k++)
                pts[n++] = lr_affine_apply(w, m->path.points[sp->first + 3 * k]);
        }
    }
    for (size_t i = 0; m && i < m->nchildren; i++)
        n = scene_points(m->children[i], pts, n, cap);
    return n;
}

static double dist(lr_vec2 a, lr_vec2 b)
{
    return hypot(a.x - b.x, a.y - b.y);
}

/* The axes' frame, read from dots at c2p(0, 0) and c2p(1, 1). */
typedef struct frame {
    lr_vec2 o;
    double sx, sy;
} frame;

static frame frame_of(spec_built *b, const char *o, const char *u)
{
    lr_vec2 p = center_of(b, o), q = center_of(b, u);
    return (frame){p, q.x - p.x, q.y - p.y};
}

static lr_vec2 c2p(frame f, double x, double y)
{
    return (lr_vec2){(float)(f.o.x + f.sx * x), (float)(f.o.y + f.sy * y)};
}

static double fx(double x)
{
    return x * x / 2 - 1;
}

static double gx(double x)
{
    return 0.5 * x - 1.5;
}

/* Axes of 1.2 by 0.5 scene units per unit, their origin at (1.6, 0.5). */
#define AXES                                                                                                     \
    "{'id': 'ax', 'type': 'axes', 'x_range': [-1, 4, 1], 'y_range': [-2, 6, 1], 'x_length': 6, 'y_length': 4, "   \
    "'position': [1, -0.5]},"                                                                                    \
    "{'id': 'o', 'type': 'dot', 'point': 'ax.c2p(0, 0)'}, {'id': 'u', 'type': 'dot', 'point': 'ax.c2p(1, 1)'},"   \
    "{'id': 'f', 'type': 'function_graph', 'axes': 'ax', 'expr': 'x^2/2 - 1'},"                                  \
    "{'id': 'g', 'type': 'function_graph', 'axes': 'ax', 'expr': '0.5*x - 1.5', 'x_range': [-0.5, 3.5]}"
#define SECTION(objects, timeline)                                                                               \
    "{'version': 2, 'sections': [{'id': 's', 'title': 't', 'objects': [" objects "], 'timeline': [" timeline "]}]}"

/* Each sample type: the rectangle over [x, x + 1.001 dx] reaches from the
 * axis to the graph's height at its sample point, and the graph's point
 * there is on its far edge; the left sum's corner is the graph's point. */
static void check_riemann(void)
{
    spec_built b;
    if (!spec_built_open(SECTION(AXES ",{'id': 'rl', 'type': 'riemann_rectangles', 'graph': 'f', 'x_range': [-0.5, 3.5], 'dx': 0.5},"
                            "{'id': 'rr', 'type': 'riemann_rectangles', 'graph': 'f', 'x_range': [-0.5, 3.5], 'dx': 0.5, "
                            "'input_sample_type': 'right'},"
                            "{'id': 'rc', 'type': 'riemann_rectangles', 'graph': 'f', 'x_range': [-0.5, 3.5], 'dx': 0.5, "
                            "'input_sample_type': 'center'},"
                            "{'id': 'rb', 'type': 'riemann_rectangles', 'graph': 'f', 'bounded_graph': 'g', 'x_range': [0, 3], "
                            "'dx': 1, 'show_signed_area': false}",
                       "{'add': ['ax', 'o', 'u', 'f', 'g', 'rl', 'rr', 'rc', 'rb']}, {'wait': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    frame fr = frame_of(&b, "o", "u");
    LRT_CHECK_NEAR(fr.sx, 1.2, 1e-5);
    LRT_CHECK_NEAR(fr.sy, 0.5, 1e-5);
    static const char *const ids[] = {"rl", "rr", "rc"};
    const double at[] = {0, 1, 0.5}, dx = 0.5;
    lr_color blue, green;
    lr_color_parse("BLUE", &blue);
    lr_color_parse("GREEN", &green);
    for (int k = 0; k < 3; k++) {
        const lr_mobject *m = shape(&b, ids[k], false);
        LRT_CHECK_MSG(m && m->nchildren == 8, "%s: %zu rectangles, expected 8 over [-0.5, 3.5] by 0.5", ids[k],
                      m ? m->nchildren : 0);
        for (size_t i = 0; m && i < m->nchildren; i++) {
            lr_rect r = bounds_of(m->children[i]);
            double x = -0.5 + dx * (double)i, xs = x + at[k] * dx, y = fx(xs);
            lr_vec2 base = c2p(fr, x, 0), far = c2p(fr, x + 1.001 * dx, y), on = c2p(fr, xs, y);
            LRT_CHECK_MSG(fabs(r.x0 - base.x) < 1e-4 && fabs(r.x1 - far.x) < 1e-4, "%s[%zu]: x %g..%g, expected %g..%g",
                          ids[k], i, r.x0, r.x1, base.x, far.x);
            double top = y >= 0 ? r.y1 : r.y0, bottom = y >= 0 ? r.y0 : r.y1;
            LRT_CHECK_MSG(fabs(top - on.y) < 1e-4 && fabs(bottom - base.y) < 1e-4,
                          "%s[%zu]: y %g..%g, expected the axis %g and the graph %g", ids[k], i, r.y0, r.y1, base.y, on.y);
            LRT_CHECK_MSG(on.x >= r.x0 - 1e-4 && on.x <= r.x1 + 1e-4, "%s[%zu]: the graph's point is off the edge",
                          ids[k], i);
            if (k == 0)
                LRT_CHECK_MSG(fabs(r.x0 - on.x) < 1e-4, "rl[%zu]: the left corner is %g from the curve", i,
                              fabs(r.x0 - on.x));
            if (k == 1)
                LRT_CHECK_NEAR(r.x1 - on.x, 0.001 * dx * fr.sx, 1e-4);
            /* the gradient BLUE..GREEN; below the axis, inverted */
            lr_color fill = lr_mobject_get_style(m->children[i]).fill;
            double t = (double)i / 7;
            double want_r = blue.r + (green.r - blue.r) * t;
            LRT_CHECK_MSG(fabs(fill.r - (y < 0 ? 1 - want_r : want_r)) < 1e-3, "%s[%zu]: red %g, expected %g%s", ids[k],
                          i, fill.r, y < 0 ? 1 - want_r : want_r, y < 0 ? " (inverted: below the axis)" : "");
        }
    }
    /* Bounded: from g at the rectangle's left x (Manim's) to f at it. */
    const lr_mobject *m = shape(&b, "rb", false);
    LRT_CHECK(m && m->nchildren == 3);
    for (size_t i = 0; m && i < m->nchildren; i++) {
        lr_rect r = bounds_of(m->children[i]);
        double x = (double)i;
        LRT_CHECK_NEAR(r.y1, c2p(fr, x, fx(x)).y, 1e-4);
        LRT_CHECK_NEAR(r.y0, c2p(fr, x, gx(x)).y, 1e-4);
    }
    spec_built_close(&b);
}

/* dx read from a value: the rectangles are rebuilt as it moves. */
static void check_riemann_driven(void)
{
    spec_built b;
    if (!spec_built_open(SECTION(AXES ",{'id': 'k', 'type': 'value', 'value': 1},"
                            "{'id': 'r', 'type': 'riemann_rectangles', 'graph': 'f', 'x_range': [0, 2], 'dx': 'k'}",
                       "{'add': ['ax', 'o', 'u', 'f', 'r']},"
                       "{'play': [{'anim': 'SetValue', 'target': 'k', 'value': 0.25, 'rate_func': 'linear'}], 'run_time': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    const double times[] = {0.5, 1.0, 0.0};
    const size_t want[] = {4, 8, 2}; /* dx 0.625, 0.25, 1 */
    for (int i = 0; i < 3; i++) {
        spec_check_seek(b.tl, times[i]);
        const lr_mobject *m = shape(&b, "r", true);
        LRT_CHECK_MSG(m && m->nchildren == want[i], "t = %g: %zu rectangles, expected %zu", times[i],
                      m ? m->nchildren : 0, want[i]);
        frame fr = frame_of(&b, "o", "u");
        double dx = 1 - 0.75 * times[i];
        for (size_t j = 0; m && j < m->nchildren; j++) {
            lr_rect r = bounds_of(m->children[j]);
            lr_vec2 corner = c2p(fr, dx * (double)j, fx(dx * (double)j));
            double y = fx(dx * (double)j);
            LRT_CHECK_MSG(fabs(r.x0 - corner.x) < 1e-4 && fabs((y >= 0 ? r.y1 : r.y0) - corner.y) < 1e-4,
                          "t = %g: rectangle %zu's corner is off the curve", times[i], j);
        }
    }
    spec_built_close(&b);
}

/* The first and last points of a child's path. */
static void ends_of(const lr_mobject *m, lr_vec2 *first, lr_vec2 *last)
{
    static lr_vec2 pts[MAX_PTS];
    size_t n = scene_points(m, pts, 0, MAX_PTS);
    *first = n ? pts[0] : (lr_vec2){NAN, NAN};
    *last = n ? pts[n - 1] : (lr_vec2){NAN, NAN};
}

static void check_ends(const char *what, const lr_mobject *m, lr_vec2 from, lr_vec2 to)
{
    lr_vec2 a, z;
    ends_of(m, &a, &z);
    LRT_CHECK_MSG(dist(a, from) < 1e-4 && dist(z, to) < 1e-4, "%s: from (%g, %g) to (%g, %g), expected (%g, %g) to (%g, %g)",
                  what, a.x, a.y, z.x, z.y, from.x, from.y, to.x, to.y);
}

/* Lines from an axis: to the graph at x, or to a point in the axes'
 * coordinates; the area between f and g; a line graph; "in" points. */
static void check_lines_and_areas(void)
{
    spec_built b;
    if (!spec_built_open(SECTION(AXES ",{'id': 'vl', 'type': 'vertical_line', 'graph': 'f', 'x': 2.5},"
                            "{'id': 'hl', 'type': 'horizontal_line', 'graph': 'f', 'x': 2.5},"
                            "{'id': 'lp', 'type': 'lines_to_point', 'in': 'ax', 'point': [1, 3]},"
                            "{'id': 'va', 'type': 'vertical_line', 'axes': 'ax', 'point': 'ax.c2p(-0.5, 4)', 'dashed_ratio': 1},"
                            "{'id': 'd0', 'type': 'dot', 'point': 'vl.start'}, {'id': 'd1', 'type': 'dot', 'point': 'vl.end'},"
                            "{'id': 'ab', 'type': 'area_under_curve', 'graph': 'f', 'bounded_graph': 'g', 'x_range': [-1, 3]},"
                            "{'id': 'lg', 'type': 'line_graph', 'axes': 'ax', 'x_values': [0, 1, 2], 'y_values': [1, -1, 'f.point(2).y - f.point(2).y + 2']},"
                            "{'id': 'din', 'type': 'dot', 'in': 'ax', 'point': [2, 3], 'radius': 0.1},"
                            "{'id': 'pin', 'type': 'polygon', 'in': 'ax', 'points': [[0, 0], [1, 0], [1, 1]]},"
                            "{'id': 'cin', 'type': 'circle', 'in': 'ax', 'position': [3, 1], 'radius': 0.3}",
                       "{'add': ['ax', 'o', 'u', 'f', 'g', 'vl', 'hl', 'lp', 'va', 'd0', 'd1', 'ab', 'lg', 'din', 'pin', 'cin']}, "
                       "{'wait': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    frame fr = frame_of(&b, "o", "u");
    lr_vec2 top = c2p(fr, 2.5, fx(2.5));
    check_ends("vertical_line", shape(&b, "vl", false), c2p(fr, 2.5, 0), top);
    check_ends("horizontal_line", shape(&b, "hl", false), c2p(fr, 0, fx(2.5)), top);
    LRT_CHECK_MSG(dist(center_of(&b, "d0"), c2p(fr, 2.5, 0)) < 1e-4, "vl.start is not (2.5, 0)");
    LRT_CHECK_MSG(dist(center_of(&b, "d1"), top) < 1e-4, "vl.end is not (2.5, f(2.5))");
    const lr_mobject *lp = shape(&b, "lp", false);
    LRT_CHECK(lp && lp->nchildren == 2);
    if (lp && lp->nchildren == 2) {
        check_ends("lines_to_point's horizontal", lp->children[0], c2p(fr, 0, 3), c2p(fr, 1, 3));
        check_ends("lines_to_point's vertical", lp->children[1], c2p(fr, 1, 0), c2p(fr, 1, 3));
    }
    check_ends("a solid vertical_line to a point", shape(&b, "va", false), c2p(fr, -0.5, 0), c2p(fr, -0.5, 4));
    /* dashed: Manim's count, max(2, ceil(length / 0.05 * 0.5)) dashes */
    const lr_mobject *vl = shape(&b, "vl", false);
    const lr_mobject *dash = vl && vl->nchildren ? vl->children[0] : NULL;
    double len = fx(2.5) * fr.sy;
    LRT_CHECK_MSG(dash && dash->path.nsubpaths == (uint32_t)ceil(len / 0.05 * 0.5), "%u dashes over %g, expected %g",
                  dash ? dash->path.nsubpaths : 0, len, ceil(len / 0.05 * 0.5));

    /* The area between the graphs: every vertex on f or on g, over [-0.5, 3]
     * (where both are drawn), with both ends' heights. */
    static lr_vec2 pts[MAX_PTS];
    size_t n = scene_points(shape(&b, "ab", false), pts, 0, MAX_PTS);
    LRT_CHECK(n > 100);
    double worst = 0, xmin = 1e9, xmax = -1e9;
    bool f_end = false, g_end = false;
    for (size_t i = 0; i < n; i++) {
        double x = (pts[i].x - fr.o.x) / fr.sx, y = (pts[i].y - fr.o.y) / fr.sy;
        worst = fmax(worst, fmin(fabs(y - fx(x)), fabs(y - gx(x))));
        xmin = fmin(xmin, x);
        xmax = fmax(xmax, x);
        f_end |= fabs(x + 0.5) < 1e-4 && fabs(y - fx(-0.5)) < 1e-4;
        g_end |= fabs(x + 0.5) < 1e-4 && fabs(y - gx(-0.5)) < 1e-4;
    }
    LRT_CHECK_MSG(worst < 1e-3, "a vertex of the area is %g from both graphs", worst);
    LRT_CHECK_NEAR(xmin, -0.5, 1e-4);
    LRT_CHECK_NEAR(xmax, 3, 1e-4);
    LRT_CHECK_MSG(f_end && g_end, "the area does not start at f(-0.5) and g(-0.5)");

    /* The line graph's corners at c2p, and a dot at each. */
    const lr_mobject *lg = shape(&b, "lg", false);
    LRT_CHECK(lg && lg->nchildren == 4);
    const double ys[] = {1, -1, 2};
    n = lg && lg->nchildren ? scene_points(lg->children[0], pts, 0, MAX_PTS) : 0;
    for (int i = 0; i < 3; i++) {
        double best = 1e9;
        for (size_t k = 0; k < n; k++)
            best = fmin(best, dist(pts[k], c2p(fr, i, ys[i])));
        LRT_CHECK_MSG(best < 1e-4, "line_graph: no vertex at (%d, %g)", i, ys[i]);
        if (lg && lg->nchildren == 4) {
            lr_rect r = bounds_of(lg->children[1 + i]);
            LRT_CHECK_MSG(dist((lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f}, c2p(fr, i, ys[i])) < 1e-4,
                          "line_graph: dot %d is off its vertex", i);
        }
    }

    /* "in": the points through c2p, the sizes in scene units. */
    lr_vec2 d = center_of(&b, "din");
    LRT_CHECK_MSG(dist(d, c2p(fr, 2, 3)) < 1e-4, "the dot in ax is at (%g, %g), not c2p(2, 3)", d.x, d.y);
    lr_rect dr = bounds_of(find(&b, "din"));
    LRT_CHECK_NEAR(dr.x1 - dr.x0, 0.2, 1e-3);
    LRT_CHECK_NEAR(dr.y1 - dr.y0, 0.2, 1e-3);
    lr_rect pr = bounds_of(find(&b, "pin"));
    LRT_CHECK_NEAR(pr.x0, c2p(fr, 0, 0).x, 1e-4);
    LRT_CHECK_NEAR(pr.x1, c2p(fr, 1, 0).x, 1e-4);
    LRT_CHECK_NEAR(pr.y1, c2p(fr, 1, 1).y, 1e-4);
    lr_rect cr = bounds_of(find(&b, "cin"));
    LRT_CHECK_NEAR((cr.x0 + cr.x1) * 0.5, c2p(fr, 3, 1).x, 1e-4);
    LRT_CHECK_NEAR(cr.x1 - cr.x0, 0.6, 1e-3);
    spec_built_close(&b);
}

/* "in" maps points only, "plane" the whole object: the same dot on a plane
 * of 2 scene units per unit is twice as wide drawn on it. And "in" follows
 * axes that an animation moves. */
static void check_in_and_plane(void)
{
    spec_built b;
    if (!spec_built_open(SECTION("{'id': 'np', 'type': 'number_plane', 'x_range': [-2, 2, 1], 'y_range': [-1, 1, 1], "
                       "'x_length': 8, 'y_length': 4},"
                       "{'id': 'a', 'type': 'dot', 'in': 'np', 'point': [1, 0.5], 'radius': 0.1},"
                       "{'id': 'p', 'type': 'dot', 'plane': 'np', 'point': [1, 0.5], 'radius': 0.1}",
                       "{'add': ['np', 'a', 'p']}, {'play': [{'anim': 'Shift', 'target': 'np', 'by': [0, 1], "
                       "'rate_func': 'linear'}], 'run_time': 2}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0);
    lr_vec2 ca = center_of(&b, "a"), cp = center_of(&b, "p");
    LRT_CHECK_MSG(dist(ca, (lr_vec2){2, 1}) < 1e-4 && dist(cp, (lr_vec2){2, 1}) < 1e-4, "in (%g, %g), plane (%g, %g)",
                  ca.x, ca.y, cp.x, cp.y);
    lr_rect ra = bounds_of(find(&b, "a")), rp = bounds_of(find(&b, "p"));
    LRT_CHECK_NEAR(ra.x1 - ra.x0, 0.2, 1e-3);
    LRT_CHECK_NEAR(rp.x1 - rp.x0, 0.4, 1e-3);
    spec_check_seek(b.tl, 1);
    ca = center_of(&b, "a");
    LRT_CHECK_MSG(dist(ca, (lr_vec2){2, 1.5}) < 1e-4, "half-way through the Shift the dot in np is at (%g, %g)", ca.x,
                  ca.y);
    spec_built_close(&b);
}

/* A graph's label beside the point at x_val, in the graph's colour. */
static void check_graph_label(void)
{
    spec_built b;
    if (!spec_built_open(SECTION(AXES ",{'id': 'h', 'type': 'function_graph', 'axes': 'ax', 'expr': 'x', 'color': 'RED'},"
                            "{'id': 'l', 'type': 'graph_label', 'graph': 'h', 'label': 'h(x)', 'x_val': 2, 'dot': true}",
                       "{'add': ['ax', 'o', 'u', 'h', 'l']}, {'wait': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    frame fr = frame_of(&b, "o", "u");
    lr_vec2 p = c2p(fr, 2, 2);
    const lr_mobject *m = shape(&b, "l", false);
    LRT_CHECK(m && m->nchildren == 2);
    if (m && m->nchildren == 2) {
        lr_rect t = bounds_of(m->children[0]), d = bounds_of(m->children[1]);
        LRT_CHECK_NEAR(t.x0, p.x + 0.25, 1e-3);
        LRT_CHECK_NEAR((t.y0 + t.y1) * 0.5, p.y, 1e-3);
        LRT_CHECK_NEAR((d.x0 + d.x1) * 0.5, p.x, 1e-4);
        LRT_CHECK_NEAR((d.y0 + d.y1) * 0.5, p.y, 1e-4);
        lr_color red;
        lr_color_parse("RED", &red);
        static lr_vec2 pts[MAX_PTS];
        const lr_mobject *glyph = m->children[0];
        while (glyph && glyph->kind != LR_MOBJECT_PATH && glyph->nchildren)
            glyph = glyph->children[0];
        LRT_CHECK_MSG(glyph && scene_points(glyph, pts, 0, MAX_PTS) > 0 && fabs(lr_mobject_get_style(glyph).fill.r - red.r) < 1e-3,
                      "the label is not in the graph's colour");
    }
    spec_built_close(&b);
}

/* Ticks of a y axis (short horizontal segments at x = ax), sorted by y. */
static size_t y_ticks(const lr_mobject *m, float ax, double *ys, size_t cap)
{
    size_t n = 0;
    if (m && m->kind == LR_MOBJECT_PATH) {
        lr_affine w = lr_mobject_world_transform(m);
        for (uint32_t s = 0; s < m->path.nsubpaths && n < cap; s++) {
            const lr_subpath *sp = &m->path.subpaths[s];
            lr_vec2 a = lr_affine_apply(w, m->path.points[sp->first]);
            lr_vec2 z = lr_affine_apply(w, m->path.points[sp->first + 3 * sp->ncurves]);
            if (fabs(a.y - z.y) < 1e-5 && fabs(z.x - a.x) < 0.5 && fabs((a.x + z.x) * 0.5f - ax) < 1e-4)
                ys[n++] = a.y;
        }
    }
    for (size_t i = 0; m && i < m->nchildren; i++)
        n += y_ticks(m->children[i], ax, ys + n, cap - n);
    return n;
}

/* Manim's LogBase: y_range [-1, 3] spans 0.1 to 1000, a tick at each power
 * (the one where the x axis crosses too), and c2p(x, 100) at exponent 2: a
 * dot "in" the axes there and the graph of 10^x at 2. */
static void check_log_axes(void)
{
    spec_built b;
    if (!spec_built_open(SECTION("{'id': 'lx', 'type': 'axes', 'x_range': [0, 4, 1], 'y_range': [-1, 3, 1], 'x_length': 4, "
                       "'y_length': 2, 'tips': false, 'position': [-2, 0], 'y_axis_config': {'scaling': 'log'}},"
                       "{'id': 'ex', 'type': 'function_graph', 'axes': 'lx', 'expr': '10^x', 'x_range': [0, 2.9]},"
                       "{'id': 'lo', 'type': 'dot', 'point': 'lx.c2p(0, 0.1)'},"
                       "{'id': 'z', 'type': 'dot', 'in': 'lx', 'point': [1, 1]},"
                       "{'id': 'd', 'type': 'dot', 'in': 'lx', 'point': [1, 100]},"
                       "{'id': 'q', 'type': 'dot', 'point': 'ex.point(2)'}",
                       "{'add': ['lx', 'ex', 'lo', 'z', 'd', 'q']}, {'wait': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    lr_vec2 lo = center_of(&b, "lo"), z = center_of(&b, "z"), d = center_of(&b, "d"), q = center_of(&b, "q");
    /* a power of ten per 0.5 scene units, 10^0 one step above 10^-1 */
    LRT_CHECK_NEAR(d.y - z.y, 1.0, 1e-4);
    LRT_CHECK_NEAR(z.y - lo.y, 0.5, 1e-4);
    LRT_CHECK_NEAR(z.x - lo.x, 1.0, 1e-4);
    LRT_CHECK_NEAR(q.y, d.y, 1e-3);
    LRT_CHECK_NEAR(q.x, lo.x + 2, 1e-3);
    double ys[64];
    size_t n = y_ticks(find(&b, "lx"), lo.x, ys, 64);
    LRT_CHECK_MSG(n == 5, "%zu y ticks on [-1, 3] (tips off), expected 5: 0.1, 1, 10, 100, 1000", n);
    for (int k = -1; k <= 3; k++) {
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found |= fabs(ys[i] - (lo.y + (k + 1) * 0.5)) < 1e-4;
        LRT_CHECK_MSG(found, "no tick at 10^%d (y = %g)", k, lo.y + (k + 1) * 0.5);
    }
    spec_built_close(&b);
}

/* Subpaths of a number line's line path: the line, then one per tick. */
static void tick_lengths(spec_built *b, const char *id, double *lens, size_t *n)
{
    const lr_mobject *m = shape(b, id, false);
    const lr_mobject *line = m && m->nchildren ? m->children[0] : NULL;
    *n = 0;
    for (uint32_t s = 1; line && s < line->path.nsubpaths; s++) {
        const lr_subpath *sp = &line->path.subpaths[s];
        lr_vec2 a = line->path.points[sp->first], z = line->path.points[sp->first + 3 * sp->ncurves];
        lens[(*n)++] = dist(a, z);
    }
}

/* A number line's ticks as Manim's get_tick_range (without the last one
 * under a tip), an elongated tick, n2p along a rotated line, and a pointer
 * at n2p(v) while v moves. */
static void check_number_line(void)
{
    spec_built b;
    if (!spec_built_open(SECTION("{'id': 'v', 'type': 'value', 'value': -3},"
                       "{'id': 'nl', 'type': 'number_line', 'x_range': [-5, 5, 1], 'length': 8, 'position': [0.5, -1], "
                       "'numbers_with_elongated_ticks': [0, 2]},"
                       "{'id': 'nt', 'type': 'number_line', 'x_range': [-5, 5, 1], 'include_tip': true, 'position': [0, 2]},"
                       "{'id': 'nr', 'type': 'number_line', 'x_range': [0, 4, 1], 'unit_size': 0.5, 'rotation': 90, "
                       "'position': [-4, 0]},"
                       "{'id': 'p', 'type': 'pointer', 'number_line': 'nl', 'value': 'v'},"
                       "{'id': 'pa', 'type': 'pointer', 'number_line': 'nl', 'value': 'v', 'shape': 'arrow', 'direction': 'down', 'buff': 0.1},"
                       "{'id': 'tip', 'type': 'dot', 'point': 'p.end'},"
                       "{'id': 'at', 'type': 'dot', 'point': 'nl.n2p(v)'},"
                       "{'id': 'r2', 'type': 'dot', 'point': 'nr.n2p(3)'}",
                       "{'add': ['nl', 'nt', 'nr', 'p', 'pa', 'tip', 'at', 'r2']},"
                       "{'play': [{'anim': 'SetValue', 'target': 'v', 'value': 4, 'rate_func': 'linear'}], 'run_time': 2}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    double lens[64];
    size_t n;
    tick_lengths(&b, "nl", lens, &n);
    LRT_CHECK_MSG(n == 11, "%zu ticks on [-5, 5], expected 11", n);
    for (size_t i = 0; i < n && n == 11; i++)
        LRT_CHECK_NEAR(lens[i], (i == 5 || i == 7) ? 0.4 : 0.2, 1e-4);
    tick_lengths(&b, "nt", lens, &n);
    LRT_CHECK_MSG(n == 10, "%zu ticks on [-5, 5] under a tip, expected 10 (Manim's: none at 5)", n);
    /* rotated a quarter turn about its centre (-4, 0): 3 is 0.5 above it */
    lr_vec2 r2 = center_of(&b, "r2");
    LRT_CHECK_MSG(dist(r2, (lr_vec2){-4, 0.5}) < 1e-4, "nr.n2p(3) is (%g, %g), expected (-4, 0.5)", r2.x, r2.y);
    const double times[] = {0.5, 1.7, 2.5, 0.25};
    for (int i = 0; i < 4; i++) {
        spec_check_seek(b.tl, times[i]);
        double v = times[i] >= 2 ? 4 : -3 + 7 * times[i] / 2;
        lr_vec2 want = {(float)(0.5 + 0.8 * v), -1};
        lr_vec2 at = center_of(&b, "at"), tip = center_of(&b, "tip");
        LRT_CHECK_MSG(dist(at, want) < 1e-4, "t = %g: n2p(%g) is (%g, %g), expected (%g, %g)", times[i], v, at.x, at.y,
                      want.x, want.y);
        LRT_CHECK_MSG(dist(tip, (lr_vec2){want.x, want.y + 0.25f}) < 1e-4, "t = %g: the pointer's tip is at (%g, %g)",
                      times[i], tip.x, tip.y);
        /* the triangle: its lowest point is the tip, 0.25 above n2p(v) */
        lr_rect pr = bounds_of(shape(&b, "p", true));
        LRT_CHECK_NEAR(pr.y0, want.y + 0.25, 1e-4);
        LRT_CHECK_NEAR((pr.x0 + pr.x1) * 0.5, want.x, 1e-4);
        LRT_CHECK_NEAR(pr.y1, want.y + 0.5, 1e-4);
        /* the arrow below: its tip 0.1 under the point, 1 long */
        lr_rect ar = bounds_of(shape(&b, "pa", true));
        LRT_CHECK_NEAR(ar.y1, want.y - 0.1, 1e-3);
        LRT_CHECK_NEAR(ar.y0, want.y - 1.1, 0.05);
    }
    spec_built_close(&b);
}

#define ADD "{'add': ['ax']}, {'wait': 1}"

static void check_errors(void)
{
    spec_check_error(SECTION(AXES ",{'id': 'c', 'type': 'circle', 'in': 'ax'}", ADD), "objects[5].in",
                 "a circle has no points of its own");
    spec_check_error(SECTION("{'id': 'np', 'type': 'number_plane'}, {'id': 'd', 'type': 'dot', 'in': 'np', 'plane': 'np'}",
                         "{'add': ['np']}"),
                 "objects[1].in", "give one of \"in\"");
    spec_check_error(SECTION(AXES ",{'id': 'v', 'type': 'vertical_line', 'graph': 'f'}", ADD), "objects[5]",
                 "needs a graph and x");
    spec_check_error(SECTION(AXES ",{'id': 'v', 'type': 'horizontal_line', 'point': [1, 2]}", ADD), "objects[5]",
                 "needs a graph and x");
    spec_check_error(SECTION(AXES ",{'id': 'l', 'type': 'line_graph', 'axes': 'ax', 'x_values': [0, 1], 'y_values': [1]}", ADD),
                 "objects[5].y_values", "1 y_values for 2 x_values");
    spec_check_error(SECTION(AXES ",{'id': 'r', 'type': 'riemann_rectangles', 'graph': 'f', 'dx': 0.0001}", ADD),
                 "objects[5].dx", "more than 5000");
    spec_check_error(SECTION(AXES ",{'id': 'r', 'type': 'riemann_rectangles', 'graph': 'f', 'input_sample_type': 'middle'}",
                         ADD),
                 "objects[5].input_sample_type", "unknown input sample type \"middle\"");
    spec_check_error(SECTION(AXES ",{'id': 'b2', 'type': 'axes', 'x_range': [0, 1], 'y_range': [0, 1]},"
                              "{'id': 'h', 'type': 'function_graph', 'axes': 'b2', 'expr': 'x'},"
                              "{'id': 'a', 'type': 'area_under_curve', 'graph': 'f', 'bounded_graph': 'h', 'x_range': [0, 1]}",
                         ADD),
                 "objects[7].bounded_graph", "other axes");
    spec_check_error(SECTION(AXES ",{'id': 'h', 'type': 'function_graph', 'axes': 'ax', 'expr': 'x', 'x_range': [3.6, 4]},"
                              "{'id': 'a', 'type': 'area_under_curve', 'graph': 'g', 'bounded_graph': 'h', 'x_range': [0, 1]}",
                         ADD),
                 "objects[6].bounded_graph", "do not meet");
    spec_check_error(SECTION("{'id': 'la', 'type': 'axes', 'x_range': [0, 4], 'y_range': [-1, 3], "
                         "'y_axis_config': {'scaling': 'log', 'numbers_to_include': [10, 0]}}",
                         "{'add': ['la']}"),
                 "objects[0].y_axis_config.numbers_to_include[1]", "0 is not on a log axis");
    spec_check_error(SECTION("{'id': 'la', 'type': 'axes', 'x_range': [0, 4], 'y_range': [-1, 3], "
                         "'axis_config': {'scaling': 'log'}}",
                         "{'add': ['la']}, {'play': [{'anim': 'ApplyMatrix', 'target': 'la', 'matrix': [[1, 1], [0, 1]]}]}"),
                 "timeline[1].play[0].target", "log-scaled");
    spec_check_error(SECTION("{'id': 'n', 'type': 'number_line'}, {'id': 'p', 'type': 'pointer', 'number_line': 'n', 'value': 'w'}",
                         "{'add': ['n', 'p']}"),
                 "objects[1].value", "unknown name \"w\"");
    spec_check_error(SECTION("{'id': 'n', 'type': 'number_line', 'x_range': [0, 4], 'scaling': 'log2'}", "{'add': ['n']}"),
                 "objects[0].scaling", "unknown scaling \"log2\"");
    spec_check_error(SECTION(AXES ",{'id': 'd', 'type': 'dot', 'point': 'ax.n2p(1)'}", ADD), "objects[5].point",
                 "n2p(...) is a property of: number_line");
    /* a point in a mapped plane's coordinates would not follow the map */
    spec_check_error(SECTION("{'id': 'np', 'type': 'number_plane'}, {'id': 'd', 'type': 'dot', 'in': 'np', 'point': [1, 1]}",
                         "{'add': ['np', 'd']}, {'play': [{'anim': 'ApplyMatrix', 'target': 'np', 'matrix': [[1, 1], [0, 1]]}]}"),
                 "objects[1]", "(\"in\"), but ApplyMatrix moves \"np\"");
    /* a dot drawn in 3D reads [x, y, z] of the scene: "in" is for one fixed in the frame */
    const char *in_3d = "{'version': 2, 'sections': [{'id': 's', 'title': 't', 'camera': {'phi': 70}, 'objects': ["
                        "{'id': 'ax', 'type': 'axes', 'x_range': [0, 4], 'y_range': [0, 4], 'fixed_in_frame': true},"
                        "{'id': 'd', 'type': 'dot', 'in': 'ax', 'point': [2, 3]%s}], 'timeline': [{'add': ['ax', 'd']}, {'wait': 1}]}]}";
    char in_spec[512];
    snprintf(in_spec, sizeof in_spec, in_3d, "");
    spec_check_error(in_spec, "sections[0].objects[1].in", "a dot drawn in 3D takes [x, y, z] points of the scene");
    snprintf(in_spec, sizeof in_spec, in_3d, ", 'fixed_in_frame': true");
    lr_spec_destroy(spec_check_load(in_spec));
    /* version 1 has none of it */
    spec_check_error("{'version': 1, 'sections': [{'id': 's', 'title': 't', 'objects': ["
                     "{'id': 'n', 'type': 'number_line'}], 'timeline': [{'add': ['n']}]}]}",
                     "objects[0].type", "new in version 2");
}

int main(void)
{
    check_riemann();
    check_riemann_driven();
    check_lines_and_areas();
    check_in_and_plane();
    check_graph_label();
    check_log_axes();
    check_number_line();
    check_errors();
    return lrt_finish("spec_axes_geometry");
}
