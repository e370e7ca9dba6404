/* Paths under maps of the plane: exact subdivision, point-by-point and
 * smooth images, and the subdivision that keeps a smooth image within a
 * tolerance. Compared with the maps evaluated on the source curves. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lrtest.h"

#define PI 3.14159265358979323846

static lr_vec2 square_z(lr_vec2 p, void *user)
{
    (void)user;
    return (lr_vec2){p.x * p.x - p.y * p.y, 2 * p.x * p.y};
}

static lr_vec2 exp_z(lr_vec2 p, void *user)
{
    (void)user;
    double e = exp(p.x);
    return (lr_vec2){(float)(e * cos(p.y)), (float)(e * sin(p.y))};
}

/* An affine map: the matrix [[1, 0.5], [-0.25, 2]], then (3, -1). */
static lr_vec2 shear(lr_vec2 p, void *user)
{
    (void)user;
    return (lr_vec2){p.x + 0.5f * p.y + 3, -0.25f * p.x + 2 * p.y - 1};
}

/* Jumps at x = 0.1: no number of pieces follows it. */
static lr_vec2 step_up(lr_vec2 p, void *user)
{
    (void)user;
    return (lr_vec2){p.x, p.x > 0.1f ? p.y + 1 : p.y};
}

static lr_vec2 broken(lr_vec2 p, void *user)
{
    (void)user;
    return p.x > 0.5f ? (lr_vec2){NAN, 0} : p;
}

static const lr_vec2 *curve_at(const lr_path *p, uint32_t index)
{
    for (uint32_t s = 0; s < p->nsubpaths; s++) {
        if (index < p->subpaths[s].ncurves)
            return &p->points[p->subpaths[s].first + 3 * index];
        index -= p->subpaths[s].ncurves;
    }
    return NULL;
}

static double dist(lr_vec2 a, lr_vec2 b) { return hypot((double)a.x - b.x, (double)a.y - b.y); }

/* Worst distance between curve i of `img` and the map of curve i of
 * `src` at the same parameter, 33 samples a curve. */
static double image_error(const lr_path *src, const lr_path *img, lr_point_map map)
{
    double worst = 0;
    uint32_t n = lr_path_curve_count(src);
    for (uint32_t i = 0; i < n; i++) {
        const lr_vec2 *c = curve_at(src, i), *q = curve_at(img, i);
        for (int k = 0; k <= 32; k++) {
            float t = (float)k / 32;
            worst = fmax(worst, dist(lr_cubic_point(q, t), map(lr_cubic_point(c, t), NULL)));
        }
    }
    return worst;
}

/* Largest angle (degrees) between the tangents that meet at a joint of
 * consecutive curves inside a subpath. */
static double worst_joint(const lr_path *p)
{
    double worst = 0;
    for (uint32_t s = 0; s < p->nsubpaths; s++) {
        const lr_subpath *sp = &p->subpaths[s];
        for (uint32_t i = 1; i < sp->ncurves; i++) {
            const lr_vec2 *a = &p->points[sp->first + 3 * (i - 1)], *b = &p->points[sp->first + 3 * i];
            double ax = (double)a[3].x - a[2].x, ay = (double)a[3].y - a[2].y;
            double bx = (double)b[1].x - b[0].x, by = (double)b[1].y - b[0].y;
            double ang = fabs(atan2(ax * by - ay * bx, ax * bx + ay * by)) * 180 / PI;
            worst = fmax(worst, ang);
        }
    }
    return worst;
}

static void test_subdivide(void)
{
    lr_path c = {0}, d = {0};
    LRT_CHECK_OK(lr_path_add_circle(&c, (lr_vec2){1, 2}, 1.5f));
    LRT_CHECK_OK(lr_path_add_line(&c, (lr_vec2){-3, 0}, (lr_vec2){-1, 1}));
    LRT_CHECK_OK(lr_path_move_to(&c, (lr_vec2){7, 7})); /* a lone point */
    LRT_CHECK_OK(lr_path_subdivide(&d, &c, 3));
    LRT_CHECK(d.nsubpaths == 3 && lr_path_curve_count(&d) == 15);
    LRT_CHECK(d.subpaths[0].closed && !d.subpaths[1].closed && d.subpaths[2].ncurves == 0);
    LRT_CHECK(d.points[d.npoints - 1].x == 7 && d.points[d.npoints - 1].y == 7);
    /* The same shape: piece j of curve i at t is curve i at (j + t) / 3. */
    double worst = 0;
    for (uint32_t i = 0; i < 5; i++) {
        for (uint32_t j = 0; j < 3; j++) {
            for (int k = 0; k <= 8; k++) {
                float t = (float)k / 8;
                lr_vec2 a = lr_cubic_point(curve_at(&d, 3 * i + j), t);
                lr_vec2 b = lr_cubic_point(curve_at(&c, i), ((float)j + t) / 3);
                worst = fmax(worst, dist(a, b));
            }
        }
    }
    LRT_CHECK_MSG(worst < 2e-6, "subdivided curve off the source by %g", worst);
    /* Ends of the source curves are kept bit for bit; the closed circle
     * still closes. */
    LRT_CHECK(memcmp(&d.points[0], &c.points[0], sizeof c.points[0]) == 0);
    LRT_CHECK(memcmp(&d.points[36], &c.points[12], sizeof c.points[0]) == 0);
    /* In place, and with a count per curve. */
    lr_path e = {0};
    LRT_CHECK_OK(lr_path_copy(&e, &c));
    LRT_CHECK_OK(lr_path_subdivide(&e, &e, 3));
    LRT_CHECK(e.npoints == d.npoints && memcmp(e.points, d.points, d.npoints * sizeof *d.points) == 0);
    uint32_t each[5] = {1, 2, 3, 4, 5};
    LRT_CHECK_OK(lr_path_subdivide_each(&e, &c, each));
    LRT_CHECK(lr_path_curve_count(&e) == 15 && e.subpaths[0].ncurves == 10 && e.subpaths[1].ncurves == 5);
    LRT_CHECK(dist(lr_cubic_point(curve_at(&e, 3), 0.5f), lr_cubic_point(curve_at(&c, 2), 1.0f / 6)) < 2e-6);
    /* Refusals: no pieces, more points than a path may hold. */
    LRT_CHECK_STATUS(lr_path_subdivide(&e, &c, 0), LR_ERR_INVALID_ARG);
    each[4] = 0;
    LRT_CHECK_STATUS(lr_path_subdivide_each(&e, &c, each), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_subdivide(&e, &c, 1u << 24), LR_ERR_LIMIT);
    lr_path_free(&c);
    lr_path_free(&d);
    lr_path_free(&e);
}

static void test_map_points_and_smooth(void)
{
    lr_path c = {0}, img = {0}, ref = {0};
    LRT_CHECK_OK(lr_path_add_circle(&c, (lr_vec2){0.5f, -1}, 2));
    LRT_CHECK_OK(lr_path_add_rect(&c, (lr_vec2){-2, 1}, 1, 3));
    /* An affine map: both are the transformed path. */
    LRT_CHECK_OK(lr_path_copy(&ref, &c));
    lr_path_transform(&ref, (lr_affine){1, -0.25f, 0.5f, 2, 3, -1});
    LRT_CHECK_OK(lr_path_map_points(&img, &c, shear, NULL));
    double worst = 0;
    for (uint32_t i = 0; i < c.npoints; i++)
        worst = fmax(worst, dist(img.points[i], ref.points[i]));
    LRT_CHECK_MSG(worst < 1e-5, "map_points off the affine image by %g", worst);
    LRT_CHECK_OK(lr_path_map_smooth(&img, &c, shear, NULL));
    worst = 0;
    for (uint32_t i = 0; i < c.npoints; i++)
        worst = fmax(worst, dist(img.points[i], ref.points[i]));
    LRT_CHECK_MSG(worst < 1e-5, "map_smooth off the affine image by %g", worst);
    LRT_CHECK(img.nsubpaths == 2 && img.subpaths[0].closed && img.subpaths[1].closed);

    /* z^2 takes a straight line to a parabola, which a cubic holds exactly:
     * the smooth image is it, the point-by-point one is far from it. */
    lr_path line = {0};
    LRT_CHECK_OK(lr_path_add_line(&line, (lr_vec2){-2, 1}, (lr_vec2){2, 1}));
    LRT_CHECK_OK(lr_path_map_smooth(&img, &line, square_z, NULL));
    LRT_CHECK_MSG(image_error(&line, &img, square_z) < 1e-5, "z^2 of a line off the parabola by %g",
                  image_error(&line, &img, square_z));
    LRT_CHECK_OK(lr_path_map_points(&img, &line, square_z, NULL));
    LRT_CHECK(image_error(&line, &img, square_z) > 0.5);

    /* Where the source is smooth, so is the smooth image: a circle cut in 8
     * under exp keeps its joints within a hundredth of a degree; mapping
     * the control points bends every joint. */
    lr_path cut = {0}, circle = {0};
    LRT_CHECK_OK(lr_path_add_circle(&circle, (lr_vec2){0.5f, -1}, 2));
    LRT_CHECK_OK(lr_path_subdivide(&cut, &circle, 2));
    LRT_CHECK_OK(lr_path_map_smooth(&img, &cut, exp_z, NULL));
    LRT_CHECK_MSG(worst_joint(&img) < 0.01, "smooth image has a joint of %g degrees", worst_joint(&img));
    LRT_CHECK_OK(lr_path_map_points(&img, &cut, exp_z, NULL));
    LRT_CHECK_MSG(worst_joint(&img) > 5, "mapped control points bend joints by only %g degrees",
                  worst_joint(&img));
    /* Hermite error falls as h^4: halving the pieces' size divides it by
     * about 16. */
    LRT_CHECK_OK(lr_path_subdivide(&cut, &line, 8));
    LRT_CHECK_OK(lr_path_map_smooth(&img, &cut, exp_z, NULL));
    double e8 = image_error(&cut, &img, exp_z);
    LRT_CHECK_OK(lr_path_subdivide(&cut, &line, 16));
    LRT_CHECK_OK(lr_path_map_smooth(&img, &cut, exp_z, NULL));
    double e16 = image_error(&cut, &img, exp_z);
    LRT_CHECK_MSG(e8 / e16 > 10 && e8 / e16 < 25, "error ratio %g (8 pieces %g, 16 pieces %g)", e8 / e16, e8, e16);

    /* In place; and a map that is not finite is an error, the path cleared. */
    LRT_CHECK_OK(lr_path_copy(&img, &c));
    LRT_CHECK_OK(lr_path_map_smooth(&img, &img, shear, NULL));
    LRT_CHECK(dist(img.points[4], ref.points[4]) < 1e-5);
    LRT_CHECK_STATUS(lr_path_map_smooth(&img, &c, broken, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK(img.npoints == 0);
    LRT_CHECK_STATUS(lr_path_map_points(&img, &c, broken, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_map_points(&img, &c, NULL, NULL), LR_ERR_INVALID_ARG);
    lr_path_free(&c);
    lr_path_free(&img);
    lr_path_free(&ref);
    lr_path_free(&line);
    lr_path_free(&cut);
    lr_path_free(&circle);
}

static uint32_t sum(const uint32_t *v, uint32_t n)
{
    uint32_t s = 0;
    for (uint32_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static void test_map_pieces(void)
{
    lr_path c = {0}, cut = {0}, img = {0};
    LRT_CHECK_OK(lr_path_add_circle(&c, (lr_vec2){0, 0}, 1));
    uint32_t pieces[64];
    /* z^2 on the unit circle: each quarter is cut until its image is within
     * the tolerance, checked here at 33 points a piece. */
    const float tols[3] = {1e-2f, 1e-3f, 1e-4f};
    uint32_t last = 0;
    for (int k = 0; k < 3; k++) {
        LRT_CHECK_OK(lr_path_map_pieces(&c, square_z, NULL, tols[k], 64, pieces));
        LRT_CHECK_OK(lr_path_subdivide_each(&cut, &c, pieces));
        LRT_CHECK_OK(lr_path_map_smooth(&img, &cut, square_z, NULL));
        double e = image_error(&cut, &img, square_z);
        LRT_CHECK_MSG(e <= tols[k], "tolerance %g: %u pieces, error %g", tols[k], sum(pieces, 4), e);
        /* Not wastefully many: the fourth-power fall says about 1.8 times
         * the pieces for a tenth of the error. */
        LRT_CHECK(sum(pieces, 4) > last && (last == 0 || sum(pieces, 4) <= 3 * last));
        last = sum(pieces, 4);
    }
    LRT_CHECK(pieces[0] == pieces[1] && pieces[1] == pieces[2] && pieces[2] == pieces[3]); /* symmetric */
    /* An affine map and a line under z^2 need no cut. */
    LRT_CHECK_OK(lr_path_map_pieces(&c, shear, NULL, 1e-4f, 64, pieces));
    LRT_CHECK(sum(pieces, 4) == 4);
    lr_path line = {0};
    LRT_CHECK_OK(lr_path_add_line(&line, (lr_vec2){-3, 0.5f}, (lr_vec2){3, -1}));
    LRT_CHECK_OK(lr_path_map_pieces(&line, square_z, NULL, 1e-4f, 64, pieces));
    LRT_CHECK(pieces[0] == 1);
    /* A map that jumps never converges: the cap holds. */
    LRT_CHECK_OK(lr_path_map_pieces(&line, step_up, NULL, 1e-4f, 40, pieces));
    LRT_CHECK(pieces[0] == 40);
    /* Far from the origin the tolerance grows with the image (float
     * rounding): exp on x up to 6 (images near 400) still converges. */
    lr_path far = {0};
    LRT_CHECK_OK(lr_path_add_line(&far, (lr_vec2){2, 0.3f}, (lr_vec2){6, 0.5f}));
    LRT_CHECK_OK(lr_path_map_pieces(&far, exp_z, NULL, 1e-4f, 64, pieces));
    LRT_CHECK_MSG(pieces[0] < 64, "exp far out: %u pieces", pieces[0]);
    /* Not finite: one piece, and the smooth map reports it. */
    LRT_CHECK_OK(lr_path_map_pieces(&c, broken, NULL, 1e-4f, 64, pieces));
    LRT_CHECK(pieces[0] == 1);
    LRT_CHECK_STATUS(lr_path_map_pieces(&c, square_z, NULL, 0, 64, pieces), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_map_pieces(&c, square_z, NULL, NAN, 64, pieces), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_map_pieces(&c, square_z, NULL, 1e-4f, 0, pieces), LR_ERR_INVALID_ARG);
    lr_path_free(&c);
    lr_path_free(&cut);
    lr_path_free(&img);
    lr_path_free(&line);
    lr_path_free(&far);
}

int main(void)
{
    test_subdivide();
    test_map_points_and_smooth();
    test_map_pieces();
    return lrt_finish("geometry_map");
}
