/* Paths under maps of the plane: exact subdivision, the image of a path
 * point by point, and its image as a smooth curve (each curve replaced by
 * the cubic Hermite interpolant of the mapped curve), with the subdivision
 * that keeps that image within a tolerance. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geometry/geometry_internal.h"

/* Past this distance from the origin an absolute tolerance would be below
 * float rounding: the tolerance grows with the image's size. */
#define MAP_RELATIVE_FLOOR 1e-5

typedef struct vec2d {
    double x, y;
} vec2d;

static vec2d to_d(lr_vec2 p) { return (vec2d){p.x, p.y}; }
static lr_vec2 to_f(vec2d p) { return (lr_vec2){(float)p.x, (float)p.y}; }

static lr_vec2 map_at(lr_point_map map, void *user, vec2d p) { return map(to_f(p), user); }

/* dst = src with curve i split into pieces[i] pieces (NULL: `uniform`). */
static lr_status subdivide(lr_path *dst, const lr_path *src, const uint32_t *pieces, uint32_t uniform)
{
    uint64_t total = 0;
    uint32_t k = 0;
    for (uint32_t s = 0; s < src->nsubpaths; s++) {
        const lr_subpath *sp = &src->subpaths[s];
        if (!lr_geom_subpath_valid(src, sp)) {
            k += sp->ncurves;
            continue;
        }
        total += 1;
        for (uint32_t i = 0; i < sp->ncurves; i++, k++) {
            uint32_t n = pieces ? pieces[k] : uniform;
            if (n == 0)
                return LR_ERR_INVALID_ARG;
            total += 3ull * n;
        }
    }
    if (total > LR_GEOM_MAX_POINTS)
        return LR_ERR_LIMIT;
    lr_path out = {0};
    lr_status st = lr_path_reserve(&out, (uint32_t)total, src->nsubpaths);
    k = 0;
    for (uint32_t s = 0; st == LR_OK && s < src->nsubpaths; s++) {
        const lr_subpath *sp = &src->subpaths[s];
        if (!lr_geom_subpath_valid(src, sp)) {
            k += sp->ncurves;
            continue;
        }
        lr_subpath *o = &out.subpaths[out.nsubpaths++];
        *o = (lr_subpath){out.npoints, 0, sp->closed};
        out.points[out.npoints++] = src->points[sp->first];
        for (uint32_t i = 0; i < sp->ncurves; i++, k++) {
            const lr_vec2 *c = &src->points[sp->first + 3 * i];
            uint32_t n = pieces ? pieces[k] : uniform;
            for (uint32_t j = 0; j < n; j++) {
                lr_vec2 piece[4];
                lr_geom_subcurve(c, (double)j / n, (double)(j + 1) / n, piece);
                out.points[out.npoints++] = piece[1];
                out.points[out.npoints++] = piece[2];
                out.points[out.npoints++] = piece[3];
            }
            o->ncurves += n;
        }
    }
    if (st == LR_OK)
        st = lr_path_copy(dst, &out);
    lr_path_free(&out);
    return st;
}

lr_status lr_path_subdivide(lr_path *dst, const lr_path *src, uint32_t pieces_per_curve)
{
    if (!dst || !src || pieces_per_curve == 0)
        return LR_ERR_INVALID_ARG;
    return subdivide(dst, src, NULL, pieces_per_curve);
}

lr_status lr_path_subdivide_each(lr_path *dst, const lr_path *src, const uint32_t *pieces)
{
    if (!dst || !src || (!pieces && lr_path_curve_count(src) > 0))
        return LR_ERR_INVALID_ARG;
    return subdivide(dst, src, pieces, 1);
}

lr_status lr_path_map_points(lr_path *dst, const lr_path *src, lr_point_map map, void *user)
{
    if (!dst || !src || !map)
        return LR_ERR_INVALID_ARG;
    lr_status st = lr_path_copy(dst, src);
    for (uint32_t i = 0; st == LR_OK && i < dst->npoints; i++) {
        dst->points[i] = map(dst->points[i], user);
        if (!lr_geom_finite2(dst->points[i]))
            st = LR_ERR_INVALID_ARG;
    }
    if (st != LR_OK)
        lr_path_clear(dst);
    return st;
}

/* The image of cubic c as the Hermite interpolant of map(c(t)): the ends
 * mapped, and each handle moved along the map's derivative at its end,
 * D map(c0) (c1 - c0), by a central difference over half the handle. The
 * difference is symmetric, so the two handles that meet at a smooth joint
 * (collinear, opposite) get exactly opposite derivatives: the image is as
 * smooth there as the source. A zero handle stays zero. */
static void hermite_image(const lr_vec2 c[4], lr_point_map map, void *user, lr_vec2 q[4])
{
    vec2d p0 = to_d(c[0]), p1 = to_d(c[1]), p2 = to_d(c[2]), p3 = to_d(c[3]);
    vec2d u = {0.5 * (p1.x - p0.x), 0.5 * (p1.y - p0.y)};
    vec2d v = {0.5 * (p3.x - p2.x), 0.5 * (p3.y - p2.y)};
    q[0] = map(c[0], user);
    q[3] = map(c[3], user);
    lr_vec2 a = map_at(map, user, (vec2d){p0.x + u.x, p0.y + u.y});
    lr_vec2 b = map_at(map, user, (vec2d){p0.x - u.x, p0.y - u.y});
    q[1] = to_f((vec2d){(double)q[0].x + ((double)a.x - b.x), (double)q[0].y + ((double)a.y - b.y)});
    a = map_at(map, user, (vec2d){p3.x + v.x, p3.y + v.y});
    b = map_at(map, user, (vec2d){p3.x - v.x, p3.y - v.y});
    q[2] = to_f((vec2d){(double)q[3].x - ((double)a.x - b.x), (double)q[3].y - ((double)a.y - b.y)});
}

static bool finite4(const lr_vec2 q[4])
{
    return lr_geom_finite2(q[0]) && lr_geom_finite2(q[1]) && lr_geom_finite2(q[2]) && lr_geom_finite2(q[3]);
}

static lr_status map_smooth(lr_path *dst, const lr_path *src, lr_point_map map, void *user)
{
    /* Points outside any curve (lone points, stray ones) are mapped as
     * they are; then every curve gets its Hermite handles. */
    lr_status st = lr_path_map_points(dst, src, map, user);
    for (uint32_t s = 0; st == LR_OK && s < src->nsubpaths; s++) {
        const lr_subpath *sp = &src->subpaths[s];
        if (!lr_geom_subpath_valid(src, sp))
            continue;
        for (uint32_t i = 0; i < sp->ncurves; i++) {
            uint32_t k = sp->first + 3 * i;
            lr_vec2 q[4];
            hermite_image(&src->points[k], map, user, q);
            if (!finite4(q)) {
                st = LR_ERR_INVALID_ARG;
                break;
            }
            dst->points[k + 1] = q[1];
            dst->points[k + 2] = q[2];
        }
    }
    if (st != LR_OK)
        lr_path_clear(dst);
    return st;
}

lr_status lr_path_map_smooth(lr_path *dst, const lr_path *src, lr_point_map map, void *user)
{
    if (!dst || !src || !map)
        return LR_ERR_INVALID_ARG;
    if (dst != src)
        return map_smooth(dst, src, map, user);
    lr_path tmp = {0};
    lr_status st = lr_path_copy(&tmp, src);
    if (st == LR_OK)
        st = map_smooth(dst, &tmp, map, user);
    lr_path_free(&tmp);
    return st;
}

static vec2d cubic_d(const lr_vec2 c[4], double t)
{
    double u = 1.0 - t, b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
    return (vec2d){b0 * c[0].x + b1 * c[1].x + b2 * c[2].x + b3 * c[3].x,
                   b0 * c[0].y + b1 * c[1].y + b2 * c[2].y + b3 * c[3].y};
}

/* The worst ratio of error to tolerance over the pieces of curve c split in
 * n: the error of a piece's Hermite image, sampled at a quarter, half and
 * three quarters of it, against the map of the piece there (the
 * interpolation error t^2 (1-t)^2 f''''/4! peaks at the half). NaN when the
 * map is not finite there. */
static double piece_error(const lr_vec2 c[4], uint32_t n, lr_point_map map, void *user, double tolerance)
{
    static const double ts[3] = {0.25, 0.5, 0.75};
    double worst = 0;
    for (uint32_t j = 0; j < n; j++) {
        lr_vec2 sub[4], q[4];
        lr_geom_subcurve(c, (double)j / n, (double)(j + 1) / n, sub);
        hermite_image(sub, map, user, q);
        for (int k = 0; k < 3; k++) {
            vec2d b = cubic_d(q, ts[k]);
            lr_vec2 f = map_at(map, user, cubic_d(sub, ts[k]));
            double e = hypot(b.x - f.x, b.y - f.y);
            double tol = fmax(tolerance, MAP_RELATIVE_FLOOR * hypot(f.x, f.y));
            if (!isfinite(e))
                return NAN;
            worst = fmax(worst, e / tol);
        }
    }
    return worst;
}

/* Error falls as n^-4 once the pieces are small: the count is guessed from
 * the error of the last try, then checked. */
static uint32_t pieces_for(const lr_vec2 c[4], lr_point_map map, void *user, double tolerance, uint32_t max_pieces)
{
    uint32_t n = 1;
    for (;;) {
        double r = piece_error(c, n, map, user, tolerance);
        if (!(r > 1.0) || n >= max_pieces)
            return n; /* within tolerance, at the cap, or not finite (the map reports it) */
        double guess = ceil((double)n * pow(r, 0.25) * 1.1);
        uint32_t next = guess >= (double)max_pieces ? max_pieces : (uint32_t)guess;
        n = next > n ? next : n + 1;
    }
}

lr_status lr_path_map_pieces(const lr_path *src, lr_point_map map, void *user, float tolerance, uint32_t max_pieces,
                             uint32_t *pieces)
{
    if (!src || !map || !(tolerance > 0) || !isfinite(tolerance) || max_pieces == 0 ||
        (!pieces && lr_path_curve_count(src) > 0))
        return LR_ERR_INVALID_ARG;
    uint32_t k = 0;
    for (uint32_t s = 0; s < src->nsubpaths; s++) {
        const lr_subpath *sp = &src->subpaths[s];
        bool valid = lr_geom_subpath_valid(src, sp);
        for (uint32_t i = 0; i < sp->ncurves; i++, k++)
            pieces[k] = valid ? pieces_for(&src->points[sp->first + 3 * i], map, user, tolerance, max_pieces) : 1;
    }
    return LR_OK;
}
