/* Shapes appended to a path as new subpaths. */
#include <math.h>
#include <stdlib.h>

#include "geometry/geometry_internal.h"

/* Shapes go in whole or not at all: a failure halfway (a limit, an overflow
 * to infinity) must not leave a stray piece behind in the caller's path. */
typedef struct path_mark {
    uint32_t npoints, nsubpaths;
} path_mark;

static path_mark mark(const lr_path *path)
{
    return path ? (path_mark){path->npoints, path->nsubpaths} : (path_mark){0, 0};
}

static lr_status undo(lr_path *path, path_mark m, lr_status s)
{
    if (s != LR_OK && path) {
        path->npoints = m.npoints;
        path->nsubpaths = m.nsubpaths;
    }
    return s;
}

lr_status lr_path_add_line(lr_path *path, lr_vec2 a, lr_vec2 b)
{
    const path_mark m0 = mark(path);
    if (!path || !lr_geom_finite2(a) || !lr_geom_finite2(b))
        return LR_ERR_INVALID_ARG;
    lr_status s = lr_geom_grow(path, 4, 1);
    if (s == LR_OK)
        s = lr_geom_begin(path, a);
    if (s == LR_OK)
        s = lr_path_line_to(path, b);
    return undo(path, m0, s);
}

lr_status lr_path_add_ellipse(lr_path *path, lr_vec2 center, float rx, float ry)
{
    const path_mark m0 = mark(path);
    if (!path || !lr_geom_finite2(center) || !lr_geom_finite(rx) || !lr_geom_finite(ry) || rx < 0 || ry < 0)
        return LR_ERR_INVALID_ARG;
    /* Manim's circles start at angle 0 and run counter-clockwise; Create and
     * Transform depend on that start point. */
    lr_vec2 start = {center.x + rx, center.y};
    lr_status s = lr_geom_grow(path, 13, 1);
    if (s == LR_OK)
        s = lr_geom_begin(path, start);
    if (s == LR_OK)
        s = lr_geom_arc_curves(path, center, rx, ry, 0.0, 2.0 * M_PI, &start);
    if (s == LR_OK)
        s = lr_path_close(path);
    return undo(path, m0, s);
}

lr_status lr_path_add_circle(lr_path *path, lr_vec2 center, float radius)
{
    return lr_path_add_ellipse(path, center, radius, radius);
}

lr_status lr_path_add_rect(lr_path *path, lr_vec2 center, float width, float height)
{
    if (!path || !lr_geom_finite2(center) || !lr_geom_finite(width) || !lr_geom_finite(height) || width < 0 ||
        height < 0)
        return LR_ERR_INVALID_ARG;
    float hw = width * 0.5f, hh = height * 0.5f;
    /* Manim's Rectangle starts at the upper-right corner and runs
     * counter-clockwise. */
    lr_vec2 v[4] = {{center.x + hw, center.y + hh},
                    {center.x - hw, center.y + hh},
                    {center.x - hw, center.y - hh},
                    {center.x + hw, center.y - hh}};
    return lr_path_add_polygon(path, v, 4);
}

lr_status lr_path_add_polyline(lr_path *path, const lr_vec2 *pts, uint32_t n, bool closed)
{
    const path_mark m0 = mark(path);
    if (!path || (!pts && n > 0) || n == 0)
        return LR_ERR_INVALID_ARG;
    if (n > LR_GEOM_MAX_VERTICES)
        return LR_ERR_LIMIT;
    for (uint32_t i = 0; i < n; i++)
        if (!lr_geom_finite2(pts[i]))
            return LR_ERR_INVALID_ARG;
    lr_status s = lr_geom_grow(path, 3 * n + 1, 1);
    if (s != LR_OK)
        return undo(path, m0, s);
    s = lr_geom_begin(path, pts[0]);
    for (uint32_t i = 1; i < n && s == LR_OK; i++)
        s = lr_path_line_to(path, pts[i]);
    if (s == LR_OK && closed)
        s = lr_path_close(path);
    return undo(path, m0, s);
}

lr_status lr_path_add_polygon(lr_path *path, const lr_vec2 *pts, uint32_t n)
{
    return lr_path_add_polyline(path, pts, n, true);
}

static bool finite_nonneg(float v)
{
    return isfinite(v) && v >= 0;
}

lr_status lr_path_add_regular_polygon(lr_path *path, lr_vec2 center, float radius, uint32_t n, float start_angle)
{
    if (!path || !lr_geom_finite2(center) || !finite_nonneg(radius) || !isfinite(start_angle) || n < 3)
        return LR_ERR_INVALID_ARG;
    if (n > LR_GEOM_MAX_VERTICES)
        return LR_ERR_LIMIT;
    lr_vec2 *v = malloc((size_t)n * sizeof *v);
    if (!v)
        return LR_ERR_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        double a = start_angle + 2.0 * M_PI * i / n;
        v[i] = (lr_vec2){(float)(center.x + radius * cos(a)), (float)(center.y + radius * sin(a))};
    }
    lr_status s = lr_path_add_polygon(path, v, n);
    free(v);
    return s;
}

lr_status lr_path_add_star(lr_path *path, lr_vec2 center, float outer_radius, float inner_radius, uint32_t points,
                           float start_angle)
{
    if (!path || !lr_geom_finite2(center) || !finite_nonneg(outer_radius) || !finite_nonneg(inner_radius) ||
        !isfinite(start_angle) || points < 2)
        return LR_ERR_INVALID_ARG;
    if (points > LR_GEOM_MAX_VERTICES / 2)
        return LR_ERR_LIMIT;
    uint32_t n = 2 * points;
    lr_vec2 *v = malloc((size_t)n * sizeof *v);
    if (!v)
        return LR_ERR_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        double a = start_angle + M_PI * i / points;
        double r = (i & 1) ? inner_radius : outer_radius;
        v[i] = (lr_vec2){(float)(center.x + r * cos(a)), (float)(center.y + r * sin(a))};
    }
    lr_status s = lr_path_add_polygon(path, v, n);
    free(v);
    return s;
}

lr_status lr_path_add_rounded_rect(lr_path *path, lr_vec2 center, float width, float height, float corner_radius)
{
    const path_mark m0 = mark(path);
    if (!path || !lr_geom_finite2(center) || !finite_nonneg(width) || !finite_nonneg(height) ||
        !finite_nonneg(corner_radius))
        return LR_ERR_INVALID_ARG;
    float r = corner_radius;
    if (r > 0.5f * width)
        r = 0.5f * width;
    if (r > 0.5f * height)
        r = 0.5f * height;
    if (r <= 0)
        return lr_path_add_rect(path, center, width, height);
    float x0 = center.x - 0.5f * width, x1 = center.x + 0.5f * width;
    float y0 = center.y - 0.5f * height, y1 = center.y + 0.5f * height;
    lr_status s = lr_geom_grow(path, 25, 1);
    lr_vec2 start = {x1, y1 - r};
    /* Counter-clockwise from the right edge's top, like Manim's
     * RoundedRectangle (a rectangle with its corners arced). Edges that
     * vanish (r equal to a half side) are skipped. */
    if (s == LR_OK)
        s = lr_geom_begin(path, start);
    if (s == LR_OK)
        s = lr_geom_arc_curves(path, (lr_vec2){x1 - r, y1 - r}, r, r, 0.0, M_PI / 2, NULL);
    if (s == LR_OK && x1 - r > x0 + r)
        s = lr_path_line_to(path, (lr_vec2){x0 + r, y1});
    if (s == LR_OK)
        s = lr_geom_arc_curves(path, (lr_vec2){x0 + r, y1 - r}, r, r, M_PI / 2, M_PI / 2, NULL);
    if (s == LR_OK && y1 - r > y0 + r)
        s = lr_path_line_to(path, (lr_vec2){x0, y0 + r});
    if (s == LR_OK)
        s = lr_geom_arc_curves(path, (lr_vec2){x0 + r, y0 + r}, r, r, M_PI, M_PI / 2, NULL);
    if (s == LR_OK && x1 - r > x0 + r)
        s = lr_path_line_to(path, (lr_vec2){x1 - r, y0});
    if (s == LR_OK)
        s = lr_geom_arc_curves(path, (lr_vec2){x1 - r, y0 + r}, r, r, 1.5 * M_PI, M_PI / 2,
                               y1 - r > y0 + r ? NULL : &start);
    if (s == LR_OK)
        s = lr_path_close(path);
    return undo(path, m0, s);
}

lr_status lr_path_add_arc(lr_path *path, lr_vec2 center, float radius, float start_angle, float sweep)
{
    const path_mark m0 = mark(path);
    if (!path || !lr_geom_finite2(center) || !finite_nonneg(radius) || !isfinite(start_angle) || !isfinite(sweep))
        return LR_ERR_INVALID_ARG;
    if (fabs(sweep) > LR_GEOM_MAX_TURNS * 2.0 * M_PI)
        return LR_ERR_LIMIT;
    lr_vec2 p = {(float)(center.x + radius * cos(start_angle)), (float)(center.y + radius * sin(start_angle))};
    lr_status s = lr_geom_begin(path, p);
    if (s == LR_OK && sweep != 0)
        s = lr_geom_arc_curves(path, center, radius, radius, start_angle, sweep, NULL);
    return undo(path, m0, s);
}

lr_status lr_path_add_annulus(lr_path *path, lr_vec2 center, float inner_radius, float outer_radius)
{
    const path_mark m0 = mark(path);
    if (!path || !lr_geom_finite2(center) || !finite_nonneg(inner_radius) || !finite_nonneg(outer_radius) ||
        inner_radius > outer_radius)
        return LR_ERR_INVALID_ARG;
    lr_status s = lr_path_add_circle(path, center, outer_radius);
    if (s != LR_OK || inner_radius <= 0)
        return undo(path, m0, s);
    uint32_t second = path->nsubpaths;
    s = lr_path_add_circle(path, center, inner_radius);
    if (s != LR_OK)
        return undo(path, m0, s);
    /* Reverse just the inner circle: a clockwise hole. */
    const lr_subpath *sp = &path->subpaths[second];
    for (uint32_t i = sp->first, j = sp->first + 3 * sp->ncurves; i < j; i++, j--) {
        lr_vec2 t = path->points[i];
        path->points[i] = path->points[j];
        path->points[j] = t;
    }
    return LR_OK;
}

lr_status lr_path_add_sector(lr_path *path, lr_vec2 center, float inner_radius, float outer_radius,
                             float start_angle, float sweep)
{
    const path_mark m0 = mark(path);
    if (!path || !lr_geom_finite2(center) || !finite_nonneg(inner_radius) || !finite_nonneg(outer_radius) ||
        inner_radius > outer_radius || !isfinite(start_angle) || !isfinite(sweep))
        return LR_ERR_INVALID_ARG;
    double sw = sweep > 2 * M_PI ? 2 * M_PI : sweep < -2 * M_PI ? -2 * M_PI : sweep;
    double a1 = start_angle + sw;
    lr_vec2 o0 = {(float)(center.x + outer_radius * cos(start_angle)),
                  (float)(center.y + outer_radius * sin(start_angle))};
    lr_vec2 i1 = {(float)(center.x + inner_radius * cos(a1)), (float)(center.y + inner_radius * sin(a1))};
    lr_status s = lr_geom_begin(path, inner_radius > 0 ? o0 : center);
    if (s == LR_OK && inner_radius <= 0)
        s = lr_path_line_to(path, o0);
    if (s == LR_OK && sw != 0)
        s = lr_geom_arc_curves(path, center, outer_radius, outer_radius, start_angle, sw, NULL);
    if (s == LR_OK)
        s = lr_path_line_to(path, inner_radius > 0 ? i1 : center);
    if (s == LR_OK && inner_radius > 0 && sw != 0)
        s = lr_geom_arc_curves(path, center, inner_radius, inner_radius, a1, -sw, NULL);
    if (s == LR_OK)
        s = lr_path_close(path);
    return undo(path, m0, s);
}

lr_status lr_path_add_arrow_tip(lr_path *path, lr_vec2 tip, lr_vec2 direction, float length, float width)
{
    if (!path || !lr_geom_finite2(tip) || !lr_geom_finite2(direction) || !finite_nonneg(length) ||
        !finite_nonneg(width))
        return LR_ERR_INVALID_ARG;
    double dl = hypot(direction.x, direction.y);
    if (!(dl > 0) || !isfinite(dl))
        return LR_ERR_INVALID_ARG;
    double dx = direction.x / dl, dy = direction.y / dl;
    double bx = tip.x - dx * length, by = tip.y - dy * length;
    double hw = 0.5 * width;
    lr_vec2 v[3] = {tip, {(float)(bx - dy * hw), (float)(by + dx * hw)}, {(float)(bx + dy * hw), (float)(by - dx * hw)}};
    return lr_path_add_polygon(path, v, 3);
}

/* Fits n dashes (and n-1 gaps for open ones, n for closed) into `length`
 * exactly, the nearest count to the requested pattern, so that open lines
 * begin and end with a dash. *n is 0 when there is nothing to draw. */
static lr_status dash_fit(double length, double dash, double gap, bool closed, uint32_t *n, double *scale)
{
    *n = 0;
    *scale = 1;
    if (!(length > 0))
        return LR_OK;
    double period = dash + gap;
    double want = closed ? length / period : (length + gap) / period;
    if (!isfinite(want) || want > LR_GEOM_MAX_DASHES)
        return LR_ERR_LIMIT;
    uint32_t k = (uint32_t)floor(want + 0.5);
    if (k < 1)
        k = 1;
    double used = closed ? k * period : k * dash + (k - 1) * gap;
    *n = k;
    *scale = length / used;
    return LR_OK;
}

static bool dash_args_ok(float dash, float gap)
{
    return isfinite(dash) && isfinite(gap) && dash > 0 && gap >= 0;
}

lr_status lr_path_add_dashed_line(lr_path *path, lr_vec2 a, lr_vec2 b, float dash, float gap)
{
    const path_mark m0 = mark(path);
    if (!path || !lr_geom_finite2(a) || !lr_geom_finite2(b) || !dash_args_ok(dash, gap))
        return LR_ERR_INVALID_ARG;
    double dx = (double)b.x - a.x, dy = (double)b.y - a.y, len = hypot(dx, dy);
    uint32_t n;
    double sc;
    lr_status s = dash_fit(len, dash, gap, false, &n, &sc);
    if (s != LR_OK || n == 0)
        return undo(path, m0, s);
    s = lr_geom_grow(path, 4 * n, n);
    double period = (dash + gap) * sc;
    for (uint32_t i = 0; s == LR_OK && i < n; i++) {
        double t0 = i * period / len, t1 = (i * period + dash * sc) / len;
        if (t1 > 1 || i == n - 1)
            t1 = 1;
        s = lr_path_add_line(path, (lr_vec2){(float)(a.x + dx * t0), (float)(a.y + dy * t0)},
                             (lr_vec2){(float)(a.x + dx * t1), (float)(a.y + dy * t1)});
    }
    return undo(path, m0, s);
}

/* Arc-length parametrisation of one subpath: a table of cumulative lengths
 * at SAMPLES steps per curve, inverted piecewise linearly. */
#define SAMPLES 16

typedef struct arc_table {
    const lr_vec2 *pts; /* the subpath's first point */
    uint32_t ncurves;
    double *cum; /* ncurves * SAMPLES + 1 cumulative lengths */
} arc_table;

static lr_status arc_table_build(arc_table *t, const lr_vec2 *pts, uint32_t ncurves)
{
    t->pts = pts;
    t->ncurves = ncurves;
    t->cum = malloc(((size_t)ncurves * SAMPLES + 1) * sizeof *t->cum);
    if (!t->cum)
        return LR_ERR_NOMEM;
    t->cum[0] = 0;
    for (uint32_t i = 0; i < ncurves; i++) {
        const lr_vec2 *c = &pts[3 * i];
        for (int j = 0; j < SAMPLES; j++) {
            lr_vec2 piece[4];
            lr_geom_subcurve(c, (double)j / SAMPLES, (double)(j + 1) / SAMPLES, piece);
            size_t k = (size_t)i * SAMPLES + j;
            t->cum[k + 1] = t->cum[k] + lr_geom_cubic_length(piece, 1e-5);
        }
    }
    return LR_OK;
}

/* The global parameter (curve index + t) at arc length s. */
static double arc_table_param(const arc_table *t, double s)
{
    size_t n = (size_t)t->ncurves * SAMPLES;
    if (s <= 0)
        return 0;
    if (s >= t->cum[n])
        return t->ncurves;
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->cum[mid] <= s)
            lo = mid;
        else
            hi = mid;
    }
    double seg = t->cum[lo + 1] - t->cum[lo];
    double f = seg > 0 ? (s - t->cum[lo]) / seg : 0;
    return ((double)lo + f) / SAMPLES;
}

/* Appends the part of the subpath between global parameters u0 < u1. */
static lr_status add_param_range(lr_path *path, const arc_table *t, double u0, double u1)
{
    uint32_t i0 = (uint32_t)u0, i1 = (uint32_t)ceil(u1);
    if (i1 > t->ncurves)
        i1 = t->ncurves;
    bool started = false;
    lr_status s = LR_OK;
    for (uint32_t i = i0; s == LR_OK && i < i1; i++) {
        double a = u0 - i, b = u1 - i;
        a = a < 0 ? 0 : a;
        b = b > 1 ? 1 : b;
        if (b <= a)
            continue;
        lr_vec2 piece[4];
        lr_geom_subcurve(&t->pts[3 * i], a, b, piece);
        if (!started)
            s = lr_geom_begin(path, piece[0]);
        started = true;
        if (s == LR_OK)
            s = lr_path_cubic_to(path, piece[1], piece[2], piece[3]);
    }
    return s;
}

lr_status lr_path_add_dashed(lr_path *path, const lr_path *src, float dash, float gap)
{
    const path_mark m0 = mark(path);
    if (!path || !src || path == src || !dash_args_ok(dash, gap))
        return LR_ERR_INVALID_ARG;
    for (uint32_t k = 0; k < src->npoints; k++)
        if (!lr_geom_finite2(src->points[k]))
            return LR_ERR_INVALID_ARG;
    uint32_t total = 0;
    lr_status s = LR_OK;
    for (uint32_t si = 0; s == LR_OK && si < src->nsubpaths; si++) {
        const lr_subpath *sp = &src->subpaths[si];
        if (sp->ncurves == 0 || !lr_geom_subpath_valid(src, sp))
            continue;
        arc_table t;
        s = arc_table_build(&t, &src->points[sp->first], sp->ncurves);
        if (s != LR_OK)
            break;
        double len = t.cum[(size_t)sp->ncurves * SAMPLES];
        uint32_t n;
        double sc;
        s = dash_fit(len, dash, gap, sp->closed, &n, &sc);
        if (s == LR_OK && n > LR_GEOM_MAX_DASHES - total)
            s = LR_ERR_LIMIT;
        total += n;
        double period = (dash + gap) * sc;
        for (uint32_t i = 0; s == LR_OK && i < n; i++) {
            double s0 = i * period, s1 = s0 + dash * sc;
            if (!sp->closed && i == n - 1)
                s1 = len;
            s = add_param_range(path, &t, arc_table_param(&t, s0), arc_table_param(&t, s1));
        }
        free(t.cum);
    }
    return undo(path, m0, s);
}
