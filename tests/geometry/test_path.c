/* Building, bounds, measurement of cubic Bezier paths. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "lrtest.h"

#define PI 3.14159265358979323846

static void check_rect(lr_rect r, float x0, float y0, float x1, float y1, double eps, const char *what)
{
    LRT_CHECK_MSG(fabs(r.x0 - x0) <= eps, "%s x0 %g vs %g", what, r.x0, x0);
    LRT_CHECK_MSG(fabs(r.y0 - y0) <= eps, "%s y0 %g vs %g", what, r.y0, y0);
    LRT_CHECK_MSG(fabs(r.x1 - x1) <= eps, "%s x1 %g vs %g", what, r.x1, x1);
    LRT_CHECK_MSG(fabs(r.y1 - y1) <= eps, "%s y1 %g vs %g", what, r.y1, y1);
}

static void test_building(void)
{
    lr_path p = {0};
    /* Drawing needs a current point. */
    LRT_CHECK_STATUS(lr_path_line_to(&p, (lr_vec2){1, 0}), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_close(&p), LR_ERR_INVALID_ARG);
    LRT_CHECK_OK(lr_path_move_to(&p, (lr_vec2){5, 5}));
    LRT_CHECK_OK(lr_path_move_to(&p, (lr_vec2){0, 0})); /* replaces the lone point */
    LRT_CHECK(p.nsubpaths == 1 && p.npoints == 1);
    LRT_CHECK(p.points[0].x == 0 && p.points[0].y == 0);
    LRT_CHECK_OK(lr_path_line_to(&p, (lr_vec2){3, 0}));
    LRT_CHECK(p.npoints == 4 && p.subpaths[0].ncurves == 1);
    LRT_CHECK_NEAR(p.points[1].x, 1.0, 1e-6);
    LRT_CHECK_NEAR(p.points[2].x, 2.0, 1e-6);
    /* Quadratic (0,0) (ctrl 3,3) -> degree elevated. */
    LRT_CHECK_OK(lr_path_quad_to(&p, (lr_vec2){3, 3}, (lr_vec2){0, 3}));
    LRT_CHECK(p.npoints == 7);
    LRT_CHECK_NEAR(p.points[4].x, 3.0, 1e-6);
    LRT_CHECK_NEAR(p.points[4].y, 2.0, 1e-6);
    LRT_CHECK_NEAR(p.points[5].x, 2.0, 1e-6);
    LRT_CHECK_NEAR(p.points[5].y, 3.0, 1e-6);
    LRT_CHECK_OK(lr_path_close(&p));
    LRT_CHECK(p.subpaths[0].closed && p.subpaths[0].ncurves == 3);
    LRT_CHECK(p.points[p.npoints - 1].x == 0 && p.points[p.npoints - 1].y == 0);
    LRT_CHECK(lr_path_curve_count(&p) == 3);
    /* Closing twice adds nothing. */
    LRT_CHECK_OK(lr_path_close(&p));
    LRT_CHECK(lr_path_curve_count(&p) == 3);
    /* Drawing after a close starts a new subpath at the closed one's start. */
    LRT_CHECK_OK(lr_path_line_to(&p, (lr_vec2){-1, 0}));
    LRT_CHECK(p.nsubpaths == 2 && p.subpaths[1].ncurves == 1);
    LRT_CHECK(p.points[p.subpaths[1].first].x == 0);
    /* NaN is refused and leaves the path alone. */
    uint32_t np = p.npoints;
    LRT_CHECK_STATUS(lr_path_line_to(&p, (lr_vec2){NAN, 0}), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_move_to(&p, (lr_vec2){0, INFINITY}), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_cubic_to(&p, (lr_vec2){0, 0}, (lr_vec2){NAN, 0}, (lr_vec2){0, 0}), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_arc_to(&p, (lr_vec2){0, 0}, NAN), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_arc_to(&p, (lr_vec2){0, 0}, 1e30f), LR_ERR_LIMIT);
    LRT_CHECK(p.npoints == np);

    /* Copy, append with a transform, append to itself. */
    lr_path q = {0};
    LRT_CHECK_OK(lr_path_copy(&q, &p));
    LRT_CHECK(q.npoints == p.npoints && q.nsubpaths == p.nsubpaths);
    LRT_CHECK(memcmp(q.points, p.points, p.npoints * sizeof *p.points) == 0);
    lr_affine t = lr_affine_translate(10, 0);
    LRT_CHECK_OK(lr_path_append(&q, &p, &t));
    LRT_CHECK(q.nsubpaths == 2 * p.nsubpaths && q.npoints == 2 * p.npoints);
    LRT_CHECK(q.subpaths[2].first == p.npoints);
    LRT_CHECK_NEAR(q.points[p.npoints + 1].x, p.points[1].x + 10, 1e-5);
    LRT_CHECK_OK(lr_path_append(&q, &q, NULL));
    LRT_CHECK(q.nsubpaths == 4 * p.nsubpaths && q.npoints == 4 * p.npoints);
    LRT_CHECK(q.subpaths[5].first == q.subpaths[1].first + 2 * p.npoints);
    lr_path_transform(&q, lr_affine_scale(2, 2));
    LRT_CHECK_NEAR(q.points[1].x, 2.0, 1e-6);
    lr_path_clear(&q);
    LRT_CHECK(q.npoints == 0 && q.nsubpaths == 0 && q.cap_points > 0);
    LRT_CHECK(lr_rect_is_empty(lr_path_bounds(&q)));
    lr_path_free(&q);
    LRT_CHECK(q.points == NULL && q.cap_points == 0);
    lr_path_free(&p);

    /* arc_to: a quarter turn from (1,0) about the origin ends at (0,1). */
    LRT_CHECK_OK(lr_path_move_to(&p, (lr_vec2){1, 0}));
    LRT_CHECK_OK(lr_path_arc_to(&p, (lr_vec2){0, 0}, (float)(PI / 2)));
    LRT_CHECK(p.subpaths[0].ncurves == 1);
    LRT_CHECK_NEAR(p.points[3].x, 0.0, 1e-6);
    LRT_CHECK_NEAR(p.points[3].y, 1.0, 1e-6);
    /* The standard handle length 4/3 tan(pi/8). */
    LRT_CHECK_NEAR(p.points[1].y, 4.0 / 3.0 * tan(PI / 8), 1e-6);
    /* 200 degrees clockwise: three curves of at most 90 degrees. */
    LRT_CHECK_OK(lr_path_arc_to(&p, (lr_vec2){0, 0}, (float)(-200 * PI / 180)));
    LRT_CHECK(p.subpaths[0].ncurves == 4);
    lr_vec2 end = p.points[p.npoints - 1];
    LRT_CHECK_NEAR(end.x, cos(PI / 2 - 200 * PI / 180), 1e-5);
    LRT_CHECK_NEAR(end.y, sin(PI / 2 - 200 * PI / 180), 1e-5);
    lr_path_free(&p);
}

static void test_bounds(void)
{
    lr_path p = {0};
    LRT_CHECK(lr_rect_is_empty(lr_path_bounds(&p)));
    LRT_CHECK(lr_rect_is_empty(lr_path_bounds(NULL)));
    LRT_CHECK_OK(lr_path_add_circle(&p, (lr_vec2){1, 2}, 3));
    LRT_CHECK(p.nsubpaths == 1 && p.subpaths[0].ncurves == 4 && p.subpaths[0].closed);
    /* Circle starts at angle 0. */
    LRT_CHECK_NEAR(p.points[0].x, 4.0, 1e-6);
    LRT_CHECK_NEAR(p.points[0].y, 2.0, 1e-6);
    LRT_CHECK(p.points[12].x == p.points[0].x && p.points[12].y == p.points[0].y);
    /* Exact bounds touch the circle, unlike the control points (which
     * reach out to r * (1 + k) ~ 1.55 r at the handles' corners). */
    check_rect(lr_path_bounds(&p), -2, -1, 4, 5, 1e-5, "circle");
    /* Rotating a circle about its centre keeps its bounds (to the cubic
     * approximation's error, 2.7e-4 relative). */
    lr_affine rot = lr_affine_then(lr_affine_translate(-1, -2),
                                   lr_affine_then(lr_affine_rotate(0.3f), lr_affine_translate(1, 2)));
    check_rect(lr_path_bounds_transformed(&p, rot), -2, -1, 4, 5, 3 * 3e-4, "rotated circle");
    lr_path_clear(&p);

    /* An ellipse rx=2, ry=1 rotated by 30 degrees: half-widths are
     * sqrt(a^2 cos^2 + b^2 sin^2) and sqrt(a^2 sin^2 + b^2 cos^2). */
    LRT_CHECK_OK(lr_path_add_ellipse(&p, (lr_vec2){0, 0}, 2, 1));
    double th = PI / 6, hx = sqrt(4 * cos(th) * cos(th) + sin(th) * sin(th));
    double hy = sqrt(4 * sin(th) * sin(th) + cos(th) * cos(th));
    lr_rect r = lr_path_bounds_transformed(&p, lr_affine_rotate((float)th));
    check_rect(r, (float)-hx, (float)-hy, (float)hx, (float)hy, 2 * 3e-4 * 2, "rotated ellipse");
    /* Same after transforming the points in place. */
    lr_path_transform(&p, lr_affine_rotate((float)th));
    lr_rect r2 = lr_path_bounds(&p);
    check_rect(r2, r.x0, r.y0, r.x1, r.y1, 1e-5, "transformed ellipse");
    lr_path_clear(&p);

    /* A cubic whose extreme is not at a control point:
     * (0,0) (0,3) (3,3) (3,0) peaks at y = 2.25 at t = 0.5. */
    LRT_CHECK_OK(lr_path_move_to(&p, (lr_vec2){0, 0}));
    LRT_CHECK_OK(lr_path_cubic_to(&p, (lr_vec2){0, 3}, (lr_vec2){3, 3}, (lr_vec2){3, 0}));
    check_rect(lr_path_bounds(&p), 0, 0, 3, 2.25f, 1e-6, "arch");
    /* An S curve overshooting in x: (0,0) (4,0) (-1,1) (3,1). x'(t)=0 in
     * (0,1): check against dense sampling. */
    lr_path_clear(&p);
    lr_vec2 s[4] = {{0, 0}, {4, 0}, {-1, 1}, {3, 1}};
    LRT_CHECK_OK(lr_path_move_to(&p, s[0]));
    LRT_CHECK_OK(lr_path_cubic_to(&p, s[1], s[2], s[3]));
    lr_rect sampled = lr_rect_empty();
    for (int i = 0; i <= 100000; i++)
        sampled = lr_rect_add_point(sampled, lr_cubic_point(s, i / 100000.0f));
    r = lr_path_bounds(&p);
    check_rect(r, sampled.x0, sampled.y0, sampled.x1, sampled.y1, 1e-5, "S curve");
    /* Tighter than the control points' box. */
    LRT_CHECK(r.x1 < 3.5f && r.x0 > -0.5f);
    /* Translated and scaled. */
    r = lr_path_bounds_transformed(&p, lr_affine_then(lr_affine_scale(2, -1), lr_affine_translate(1, 1)));
    check_rect(r, 2 * sampled.x0 + 1, 1 - sampled.y1, 2 * sampled.x1 + 1, 1 - sampled.y0, 1e-5, "S mapped");
    /* A lone point counts. */
    LRT_CHECK_OK(lr_path_move_to(&p, (lr_vec2){10, -5}));
    r = lr_path_bounds(&p);
    LRT_CHECK(r.x1 == 10 && r.y0 == -5);
    lr_path_free(&p);
}

static void test_points_length_area(void)
{
    lr_path p = {0};
    const float R = 2.5f;
    LRT_CHECK_OK(lr_path_add_circle(&p, (lr_vec2){1, -1}, R));
    double worst = 0;
    for (int i = 0; i <= 400; i++) {
        lr_vec2 q = lr_path_point_from_proportion(&p, i / 400.0f);
        double d = hypot(q.x - 1.0, q.y + 1.0);
        worst = fmax(worst, fabs(d - R) / R);
    }
    LRT_CHECK_MSG(worst < 3e-4, "circle radius error %g", worst);
    LRT_CHECK(worst > 1e-5); /* it is an approximation: the measure is real */
    lr_vec2 a = lr_path_point_from_proportion(&p, 0);
    lr_vec2 h = lr_path_point_from_proportion(&p, 0.5f);
    lr_vec2 e = lr_path_point_from_proportion(&p, 1);
    lr_vec2 qq = lr_path_point_from_proportion(&p, 0.25f);
    LRT_CHECK_NEAR(a.x, 1 + R, 1e-5);
    LRT_CHECK_NEAR(a.y, -1, 1e-5);
    LRT_CHECK_NEAR(h.x, 1 - R, 1e-5);
    LRT_CHECK_NEAR(h.y, -1, 1e-5);
    LRT_CHECK_NEAR(qq.x, 1, 1e-5);
    LRT_CHECK_NEAR(qq.y, -1 + R, 1e-5);
    LRT_CHECK(e.x == a.x && e.y == a.y);
    lr_vec2 nan_p = lr_path_point_from_proportion(&p, NAN);
    LRT_CHECK(nan_p.x == a.x && nan_p.y == a.y);

    /* Arc length: 2 pi r, to the approximation's error. */
    float len = lr_path_length(&p, 1e-5f);
    LRT_CHECK_NEAR(len, 2 * PI * R, 2 * PI * R * 3e-4);
    /* A straight line is exact. */
    lr_path line = {0};
    LRT_CHECK_OK(lr_path_add_line(&line, (lr_vec2){0, 0}, (lr_vec2){3, 4}));
    LRT_CHECK_NEAR(lr_path_length(&line, 1e-4f), 5.0, 1e-5);
    /* The arch (0,0)(0,3)(3,3)(3,0): compare with a fine polyline. */
    lr_path arch = {0};
    lr_vec2 c[4] = {{0, 0}, {0, 3}, {3, 3}, {3, 0}};
    LRT_CHECK_OK(lr_path_move_to(&arch, c[0]));
    LRT_CHECK_OK(lr_path_cubic_to(&arch, c[1], c[2], c[3]));
    double poly = 0;
    lr_vec2 prev = c[0];
    for (int i = 1; i <= 200000; i++) {
        lr_vec2 q = lr_cubic_point(c, i / 200000.0f);
        poly += hypot(q.x - prev.x, q.y - prev.y);
        prev = q;
    }
    LRT_CHECK_NEAR(lr_path_length(&arch, 1e-4f), poly, 2e-4);
    LRT_CHECK(lr_path_length(NULL, 1) == 0);

    /* Signed area: pi r^2, positive counter-clockwise. */
    double area = lr_path_signed_area(&p);
    LRT_CHECK_MSG(fabs(area - PI * R * R) / (PI * R * R) < 1e-3, "circle area %g", area);
    lr_path_reverse(&p);
    LRT_CHECK_NEAR(lr_path_signed_area(&p), -area, 1e-4);
    /* Reversal keeps the point set, swapped end to end. */
    LRT_CHECK_NEAR(lr_path_point_from_proportion(&p, 0.25f).y, -1 - R, 1e-5);
    lr_path_reverse(&p);
    LRT_CHECK_NEAR(lr_path_point_from_proportion(&p, 0.25f).y, -1 + R, 1e-5);
    /* Rectangle 3 x 2: area 6, exactly. */
    lr_path rect = {0};
    LRT_CHECK_OK(lr_path_add_rect(&rect, (lr_vec2){5, 5}, 3, 2));
    LRT_CHECK_NEAR(lr_path_signed_area(&rect), 6.0, 1e-5);
    /* The arch closed by the fill's implicit chord: y = 9t(1-t),
     * dx = 18t(1-t) dt, area = 162 * integral t^2 (1-t)^2 = 5.4; it runs
     * left to right above its chord, so clockwise: negative. */
    LRT_CHECK_NEAR(lr_path_signed_area(&arch), -5.4, 1e-5);
    lr_path_free(&arch);
    lr_path_free(&line);
    lr_path_free(&rect);
    lr_path_free(&p);
}

int main(void)
{
    test_building();
    test_bounds();
    test_points_length_area();
    return lrt_finish("geometry_path");
}
