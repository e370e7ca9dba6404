/* Building paths and exact bounds. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geometry/geometry_internal.h"

bool lr_geom_finite(double v)
{
    return isfinite(v) != 0;
}

bool lr_geom_subpath_valid(const lr_path *path, const lr_subpath *sp)
{
    return (uint64_t)sp->first + 3ull * sp->ncurves < path->npoints;
}

bool lr_geom_finite2(lr_vec2 p)
{
    return isfinite(p.x) && isfinite(p.y);
}

void lr_path_free(lr_path *path)
{
    if (!path)
        return;
    free(path->points);
    free(path->subpaths);
    memset(path, 0, sizeof *path);
}

void lr_path_clear(lr_path *path)
{
    if (!path)
        return;
    path->npoints = 0;
    path->nsubpaths = 0;
}

static lr_status grow_array(void **arr, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap)
        return LR_OK;
    if (need > LR_GEOM_MAX_POINTS)
        return LR_ERR_LIMIT;
    uint32_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap = ncap > LR_GEOM_MAX_POINTS / 2 ? LR_GEOM_MAX_POINTS : ncap * 2;
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (!p)
        return LR_ERR_NOMEM;
    *arr = p;
    *cap = ncap;
    return LR_OK;
}

lr_status lr_path_reserve(lr_path *path, uint32_t npoints, uint32_t nsubpaths)
{
    if (!path)
        return LR_ERR_INVALID_ARG;
    lr_status s = grow_array((void **)&path->points, &path->cap_points, npoints, sizeof *path->points);
    if (s != LR_OK)
        return s;
    return grow_array((void **)&path->subpaths, &path->cap_subpaths, nsubpaths, sizeof *path->subpaths);
}

lr_status lr_geom_grow(lr_path *path, uint32_t more_points, uint32_t more_subpaths)
{
    if (more_points > LR_GEOM_MAX_POINTS - path->npoints || more_subpaths > LR_GEOM_MAX_POINTS - path->nsubpaths)
        return LR_ERR_LIMIT;
    return lr_path_reserve(path, path->npoints + more_points, path->nsubpaths + more_subpaths);
}

lr_status lr_path_copy(lr_path *dst, const lr_path *src)
{
    if (!dst || !src)
        return LR_ERR_INVALID_ARG;
    if (dst == src)
        return LR_OK;
    lr_status s = lr_path_reserve(dst, src->npoints, src->nsubpaths);
    if (s != LR_OK)
        return s;
    if (src->npoints)
        memcpy(dst->points, src->points, (size_t)src->npoints * sizeof *src->points);
    if (src->nsubpaths)
        memcpy(dst->subpaths, src->subpaths, (size_t)src->nsubpaths * sizeof *src->subpaths);
    dst->npoints = src->npoints;
    dst->nsubpaths = src->nsubpaths;
    return LR_OK;
}

lr_status lr_geom_begin(lr_path *path, lr_vec2 p)
{
    if (!path || !lr_geom_finite2(p))
        return LR_ERR_INVALID_ARG;
    lr_status s = lr_geom_grow(path, 1, 1);
    if (s != LR_OK)
        return s;
    path->subpaths[path->nsubpaths++] = (lr_subpath){path->npoints, 0, false};
    path->points[path->npoints++] = p;
    return LR_OK;
}

lr_status lr_path_move_to(lr_path *path, lr_vec2 p)
{
    if (!path || !lr_geom_finite2(p))
        return LR_ERR_INVALID_ARG;
    if (path->nsubpaths > 0) {
        lr_subpath *last = &path->subpaths[path->nsubpaths - 1];
        /* A move right after a move would leave a stray dot behind. */
        if (last->ncurves == 0 && !last->closed && last->first == path->npoints - 1) {
            path->points[last->first] = p;
            return LR_OK;
        }
    }
    return lr_geom_begin(path, p);
}

/* The subpath that the next curve extends. After a close, drawing goes on
 * from the closed subpath's start in a new subpath, as in SVG. */
static lr_status current_subpath(lr_path *path)
{
    if (!path || path->nsubpaths == 0)
        return LR_ERR_INVALID_ARG;
    const lr_subpath *last = &path->subpaths[path->nsubpaths - 1];
    if (last->closed)
        return lr_path_move_to(path, path->points[last->first]);
    return LR_OK;
}

lr_status lr_path_cubic_to(lr_path *path, lr_vec2 c1, lr_vec2 c2, lr_vec2 p)
{
    if (!path || !lr_geom_finite2(c1) || !lr_geom_finite2(c2) || !lr_geom_finite2(p))
        return LR_ERR_INVALID_ARG;
    lr_status s = current_subpath(path);
    if (s != LR_OK)
        return s;
    s = lr_geom_grow(path, 3, 0);
    if (s != LR_OK)
        return s;
    path->points[path->npoints++] = c1;
    path->points[path->npoints++] = c2;
    path->points[path->npoints++] = p;
    path->subpaths[path->nsubpaths - 1].ncurves++;
    return LR_OK;
}

static lr_vec2 last_point(const lr_path *path)
{
    return path->points[path->npoints - 1];
}

lr_status lr_path_line_to(lr_path *path, lr_vec2 p)
{
    lr_status s = current_subpath(path);
    if (s != LR_OK)
        return s;
    lr_vec2 a = last_point(path);
    lr_vec2 c1 = {a.x + (p.x - a.x) / 3.0f, a.y + (p.y - a.y) / 3.0f};
    lr_vec2 c2 = {a.x + (p.x - a.x) * (2.0f / 3.0f), a.y + (p.y - a.y) * (2.0f / 3.0f)};
    return lr_path_cubic_to(path, c1, c2, p);
}

lr_status lr_path_quad_to(lr_path *path, lr_vec2 c, lr_vec2 p)
{
    lr_status s = current_subpath(path);
    if (s != LR_OK)
        return s;
    lr_vec2 a = last_point(path);
    lr_vec2 c1 = {a.x + (c.x - a.x) * (2.0f / 3.0f), a.y + (c.y - a.y) * (2.0f / 3.0f)};
    lr_vec2 c2 = {p.x + (c.x - p.x) * (2.0f / 3.0f), p.y + (c.y - p.y) * (2.0f / 3.0f)};
    return lr_path_cubic_to(path, c1, c2, p);
}

lr_status lr_geom_arc_curves(lr_path *path, lr_vec2 center, float rx, float ry, double start, double sweep,
                             const lr_vec2 *end)
{
    if (!lr_geom_finite2(center) || !lr_geom_finite(rx) || !lr_geom_finite(ry) || !lr_geom_finite(start) ||
        !lr_geom_finite(sweep))
        return LR_ERR_INVALID_ARG;
    if (fabs(sweep) > LR_GEOM_MAX_TURNS * 2.0 * M_PI)
        return LR_ERR_LIMIT;
    /* The tolerance keeps a float quarter turn (slightly above pi/2) one
     * curve. */
    int n = (int)ceil(fabs(sweep) / (M_PI / 2.0) - 1e-6);
    if (n < 1)
        n = 1;
    lr_status s = lr_geom_grow(path, 3u * (uint32_t)n, 0);
    if (s != LR_OK)
        return s;
    double theta = sweep / n;
    double k = 4.0 / 3.0 * tan(theta / 4.0);
    for (int i = 0; i < n; i++) {
        double a0 = start + theta * i, a1 = start + theta * (i + 1);
        double c0 = cos(a0), s0 = sin(a0), c1 = cos(a1), s1 = sin(a1);
        lr_vec2 p1 = {(float)(center.x + rx * c1), (float)(center.y + ry * s1)};
        if (i == n - 1 && end)
            p1 = *end;
        lr_vec2 h0 = {(float)(center.x + rx * (c0 - k * s0)), (float)(center.y + ry * (s0 + k * c0))};
        lr_vec2 h1 = {(float)(center.x + rx * (c1 + k * s1)), (float)(center.y + ry * (s1 - k * c1))};
        s = lr_path_cubic_to(path, h0, h1, p1);
        if (s != LR_OK)
            return s;
    }
    return LR_OK;
}

lr_status lr_path_arc_to(lr_path *path, lr_vec2 center, float angle)
{
    if (!path || !lr_geom_finite2(center) || !lr_geom_finite(angle))
        return LR_ERR_INVALID_ARG;
    lr_status s = current_subpath(path);
    if (s != LR_OK)
        return s;
    lr_vec2 p = last_point(path);
    double dx = (double)p.x - center.x, dy = (double)p.y - center.y;
    double r = sqrt(dx * dx + dy * dy);
    if (r == 0.0 || angle == 0.0f)
        return LR_OK; /* nothing to sweep: a zero-radius arc is its centre */
    uint32_t np = path->npoints, nc = path->subpaths[path->nsubpaths - 1].ncurves;
    s = lr_geom_arc_curves(path, center, (float)r, (float)r, atan2(dy, dx), angle, NULL);
    if (s != LR_OK) {
        /* All or nothing: drop the curves added before the failure. */
        path->npoints = np;
        path->subpaths[path->nsubpaths - 1].ncurves = nc;
    }
    return s;
}

lr_status lr_path_close(lr_path *path)
{
    if (!path || path->nsubpaths == 0)
        return LR_ERR_INVALID_ARG;
    lr_subpath *last = &path->subpaths[path->nsubpaths - 1];
    if (last->closed)
        return LR_OK;
    lr_vec2 a = path->points[last->first], b = last_point(path);
    if (last->ncurves > 0 && (a.x != b.x || a.y != b.y)) {
        lr_status s = lr_path_line_to(path, a);
        if (s != LR_OK)
            return s;
        last = &path->subpaths[path->nsubpaths - 1];
    }
    last->closed = true;
    return LR_OK;
}

lr_status lr_path_append(lr_path *dst, const lr_path *src, const lr_affine *m)
{
    if (!dst || !src)
        return LR_ERR_INVALID_ARG;
    if (src->npoints == 0)
        return LR_OK;
    /* Appending a path to itself reads what it writes: grow first, then copy
     * from the (possibly moved) original range. */
    uint32_t np = src->npoints, ns = src->nsubpaths;
    lr_status s = lr_geom_grow(dst, np, ns);
    if (s != LR_OK)
        return s;
    uint32_t base = dst->npoints;
    for (uint32_t i = 0; i < np; i++) {
        lr_vec2 p = src->points[i];
        dst->points[base + i] = m ? lr_affine_apply(*m, p) : p;
    }
    uint32_t sbase = dst->nsubpaths;
    for (uint32_t i = 0; i < ns; i++) {
        lr_subpath sp = src->subpaths[i];
        sp.first += base;
        dst->subpaths[sbase + i] = sp;
    }
    dst->npoints += np;
    dst->nsubpaths += ns;
    return LR_OK;
}

void lr_path_transform(lr_path *path, lr_affine m)
{
    if (!path)
        return;
    for (uint32_t i = 0; i < path->npoints; i++)
        path->points[i] = lr_affine_apply(m, path->points[i]);
}

uint32_t lr_path_curve_count(const lr_path *path)
{
    uint32_t n = 0;
    if (!path)
        return 0;
    for (uint32_t i = 0; i < path->nsubpaths; i++)
        n += path->subpaths[i].ncurves;
    return n;
}

lr_vec2 lr_cubic_point(const lr_vec2 c[4], float t)
{
    double u = 1.0 - t, tt = t;
    double b0 = u * u * u, b1 = 3 * u * u * tt, b2 = 3 * u * tt * tt, b3 = tt * tt * tt;
    return (lr_vec2){(float)(b0 * c[0].x + b1 * c[1].x + b2 * c[2].x + b3 * c[3].x),
                     (float)(b0 * c[0].y + b1 * c[1].y + b2 * c[2].y + b3 * c[3].y)};
}

/* Extremes of one coordinate of a cubic over t in [0, 1], from the roots of
 * its derivative 3(a t^2 + b t + c). */
static void cubic_extent(double p0, double p1, double p2, double p3, double *lo, double *hi)
{
    double a = -p0 + 3 * p1 - 3 * p2 + p3, b = 2 * (p0 - 2 * p1 + p2), c = p1 - p0;
    double roots[2];
    int nr = 0;
    double scale = fabs(a) + fabs(b) + fabs(c);
    if (fabs(a) <= 1e-12 * scale) {
        if (fabs(b) > 1e-12 * scale)
            roots[nr++] = -c / b;
    } else {
        double disc = b * b - 4 * a * c;
        if (disc >= 0) {
            /* The numerically stable pair of quadratic roots. */
            double q = -0.5 * (b + copysign(sqrt(disc), b));
            roots[nr++] = q / a;
            if (q != 0)
                roots[nr++] = c / q;
        }
    }
    *lo = fmin(p0, p3);
    *hi = fmax(p0, p3);
    for (int i = 0; i < nr; i++) {
        double t = roots[i];
        if (!(t > 0 && t < 1))
            continue;
        double u = 1 - t;
        double v = u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

static lr_rect bounds_of(const lr_path *path, const lr_affine *m)
{
    lr_rect r = lr_rect_empty();
    if (!path)
        return r;
    for (uint32_t s = 0; s < path->nsubpaths; s++) {
        const lr_subpath *sp = &path->subpaths[s];
        if (!lr_geom_subpath_valid(path, sp))
            continue;
        lr_vec2 p0 = path->points[sp->first];
        if (m)
            p0 = lr_affine_apply(*m, p0);
        r = lr_rect_add_point(r, p0);
        for (uint32_t i = 0; i < sp->ncurves; i++) {
            uint32_t k = sp->first + 3 * i;
            if (k + 3 >= path->npoints)
                break;
            lr_vec2 c[4];
            for (int j = 0; j < 4; j++)
                c[j] = m ? lr_affine_apply(*m, path->points[k + j]) : path->points[k + j];
            double lo, hi;
            cubic_extent(c[0].x, c[1].x, c[2].x, c[3].x, &lo, &hi);
            r = lr_rect_add_point(r, (lr_vec2){(float)lo, c[0].y});
            r = lr_rect_add_point(r, (lr_vec2){(float)hi, c[0].y});
            cubic_extent(c[0].y, c[1].y, c[2].y, c[3].y, &lo, &hi);
            r = lr_rect_add_point(r, (lr_vec2){c[0].x, (float)lo});
            r = lr_rect_add_point(r, (lr_vec2){c[0].x, (float)hi});
        }
    }
    return r;
}

lr_rect lr_path_bounds(const lr_path *path)
{
    return bounds_of(path, NULL);
}

lr_rect lr_path_bounds_transformed(const lr_path *path, lr_affine m)
{
    return bounds_of(path, &m);
}

/* De Casteljau in double: sub-curves of sub-curves keep their accuracy. */
static void split_d(const double c[8], double t, double left[8], double right[8])
{
    for (int k = 0; k < 2; k++) {
        double p0 = c[k], p1 = c[2 + k], p2 = c[4 + k], p3 = c[6 + k];
        double p01 = p0 + (p1 - p0) * t, p12 = p1 + (p2 - p1) * t, p23 = p2 + (p3 - p2) * t;
        double p012 = p01 + (p12 - p01) * t, p123 = p12 + (p23 - p12) * t;
        double mid = p012 + (p123 - p012) * t;
        left[k] = p0, left[2 + k] = p01, left[4 + k] = p012, left[6 + k] = mid;
        right[k] = mid, right[2 + k] = p123, right[4 + k] = p23, right[6 + k] = p3;
    }
}

void lr_geom_subcurve(const lr_vec2 c[4], double t0, double t1, lr_vec2 out[4])
{
    double d[8], l[8], r[8];
    for (int i = 0; i < 4; i++)
        d[2 * i] = c[i].x, d[2 * i + 1] = c[i].y;
    t0 = t0 < 0 ? 0 : t0 > 1 ? 1 : t0;
    t1 = t1 < t0 ? t0 : t1 > 1 ? 1 : t1;
    if (t1 < 1) {
        split_d(d, t1, l, r);
        memcpy(d, l, sizeof d);
    }
    if (t0 > 0) {
        double u = t1 > 0 ? t0 / t1 : 0;
        split_d(d, u, l, r);
        memcpy(d, r, sizeof d);
    }
    for (int i = 0; i < 4; i++)
        out[i] = (lr_vec2){(float)d[2 * i], (float)d[2 * i + 1]};
    /* Exact end points, so that consecutive pieces meet without cracks. */
    if (t0 == 0)
        out[0] = c[0];
    if (t1 == 1)
        out[3] = c[3];
}
