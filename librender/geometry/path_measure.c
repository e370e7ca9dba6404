/* Measuring paths: points by proportion, arc length, signed area. */
#include <math.h>

#include "geometry/geometry_internal.h"

/* Finds global curve `index` of `path`; false when out of range. */
static bool find_curve(const lr_path *path, uint32_t index, lr_vec2 c[4])
{
    for (uint32_t s = 0; s < path->nsubpaths; s++) {
        const lr_subpath *sp = &path->subpaths[s];
        if (index < sp->ncurves) {
            if (!lr_geom_subpath_valid(path, sp))
                return false;
            uint32_t k = sp->first + 3 * index;
            for (int j = 0; j < 4; j++)
                c[j] = path->points[k + j];
            return true;
        }
        index -= sp->ncurves;
    }
    return false;
}

lr_vec2 lr_path_point_from_proportion(const lr_path *path, float proportion)
{
    if (!path || path->npoints == 0)
        return (lr_vec2){0, 0};
    uint32_t n = lr_path_curve_count(path);
    if (n == 0 || !(proportion > 0))
        return path->points[0];
    if (proportion >= 1)
        return path->points[path->npoints - 1];
    double x = (double)proportion * n;
    uint32_t index = (uint32_t)x;
    if (index >= n)
        index = n - 1;
    lr_vec2 c[4];
    if (!find_curve(path, index, c))
        return path->points[path->npoints - 1];
    return lr_cubic_point(c, (float)(x - index));
}

/* Arc length is the integral of |B'(t)|: five-point Gauss-Legendre on an
 * interval, halved where the two halves disagree with the whole by more
 * than the tolerance. Smooth pieces converge in a level or two; the depth
 * cap bounds the work near cusps, and the relative floor bounds it for
 * lengths so large that an absolute tolerance is below rounding. */
typedef struct cubic_d {
    double d[6]; /* B'(t) / 3 = (1-t)^2 d0 + 2(1-t)t d1 + t^2 d2, (x, y) pairs */
} cubic_d;

static double speed(const cubic_d *c, double t)
{
    double u = 1 - t, a = u * u, b = 2 * u * t, e = t * t;
    double x = a * c->d[0] + b * c->d[2] + e * c->d[4];
    double y = a * c->d[1] + b * c->d[3] + e * c->d[5];
    return 3.0 * hypot(x, y);
}

static double gauss5(const cubic_d *c, double t0, double t1)
{
    static const double x[5] = {0.0, -0.5384693101056831, 0.5384693101056831, -0.9061798459386640,
                                0.9061798459386640};
    static const double w[5] = {0.5688888888888889, 0.4786286704993665, 0.4786286704993665, 0.2369268850561891,
                                0.2369268850561891};
    double h = 0.5 * (t1 - t0), m = 0.5 * (t0 + t1), sum = 0;
    for (int i = 0; i < 5; i++)
        sum += w[i] * speed(c, m + h * x[i]);
    return h * sum;
}

static double length_rec(const cubic_d *c, double t0, double t1, double whole, double tol, int depth)
{
    double m = 0.5 * (t0 + t1);
    double l = gauss5(c, t0, m), r = gauss5(c, m, t1);
    double diff = fabs(l + r - whole);
    if (!isfinite(whole) || diff <= tol || diff <= 1e-12 * (l + r) || depth >= 20)
        return l + r;
    return length_rec(c, t0, m, l, tol * 0.5, depth + 1) + length_rec(c, m, t1, r, tol * 0.5, depth + 1);
}

double lr_geom_cubic_length(const lr_vec2 p[4], double tolerance)
{
    if (!(tolerance > 0))
        tolerance = 1e-4;
    cubic_d c;
    for (int i = 0; i < 3; i++) {
        c.d[2 * i] = (double)p[i + 1].x - p[i].x;
        c.d[2 * i + 1] = (double)p[i + 1].y - p[i].y;
    }
    return length_rec(&c, 0, 1, gauss5(&c, 0, 1), tolerance, 0);
}

float lr_path_length(const lr_path *path, float tolerance)
{
    if (!path)
        return 0;
    uint32_t n = lr_path_curve_count(path);
    if (n == 0)
        return 0;
    double tol = tolerance > 0 && isfinite(tolerance) ? tolerance : 1e-4;
    double per = tol / n;
    double total = 0;
    for (uint32_t s = 0; s < path->nsubpaths; s++) {
        const lr_subpath *sp = &path->subpaths[s];
        if (!lr_geom_subpath_valid(path, sp))
            continue;
        for (uint32_t i = 0; i < sp->ncurves; i++) {
            uint32_t k = sp->first + 3 * i;
            total += lr_geom_cubic_length(&path->points[k], per);
        }
    }
    return (float)total;
}

/* 1/2 * integral of (x y' - y x') over a cubic. The integrand is a degree-5
 * polynomial, so three-point Gauss-Legendre quadrature is exact. */
static double cubic_area(const lr_vec2 c[4])
{
    static const double nodes[3] = {-0.7745966692414834, 0.0, 0.7745966692414834};
    static const double weights[3] = {0.5555555555555556, 0.8888888888888888, 0.5555555555555556};
    double sum = 0;
    for (int i = 0; i < 3; i++) {
        double t = 0.5 * (nodes[i] + 1.0), u = 1 - t;
        double b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
        double d0 = -3 * u * u, d1 = 3 * u * u - 6 * u * t, d2 = 6 * u * t - 3 * t * t, d3 = 3 * t * t;
        double x = b0 * c[0].x + b1 * c[1].x + b2 * c[2].x + b3 * c[3].x;
        double y = b0 * c[0].y + b1 * c[1].y + b2 * c[2].y + b3 * c[3].y;
        double dx = d0 * c[0].x + d1 * c[1].x + d2 * c[2].x + d3 * c[3].x;
        double dy = d0 * c[0].y + d1 * c[1].y + d2 * c[2].y + d3 * c[3].y;
        sum += weights[i] * 0.5 * (x * dy - y * dx);
    }
    return 0.5 * sum; /* the map from [-1, 1] to [0, 1] halves lengths */
}

float lr_path_signed_area(const lr_path *path)
{
    if (!path)
        return 0;
    double area = 0;
    for (uint32_t s = 0; s < path->nsubpaths; s++) {
        const lr_subpath *sp = &path->subpaths[s];
        if (sp->ncurves == 0 || !lr_geom_subpath_valid(path, sp))
            continue;
        for (uint32_t i = 0; i < sp->ncurves; i++)
            area += cubic_area(&path->points[sp->first + 3 * i]);
        /* Fills close open subpaths with a straight line; so does the area. */
        lr_vec2 a = path->points[sp->first + 3 * sp->ncurves], b = path->points[sp->first];
        area += 0.5 * ((double)a.x * b.y - (double)b.x * a.y);
    }
    return (float)area;
}
