/* Shape builders and shape mobjects: geometry, defaults, refusals. */
#include <math.h>

#include "lrtest.h"

#define PI 3.14159265358979323846

static void check_rect(lr_rect r, double x0, double y0, double x1, double y1, double eps, const char *what)
{
    LRT_CHECK_MSG(fabs(r.x0 - x0) <= eps && fabs(r.y0 - y0) <= eps && fabs(r.x1 - x1) <= eps &&
                      fabs(r.y1 - y1) <= eps,
                  "%s: (%g %g %g %g) expected (%g %g %g %g)", what, r.x0, r.y0, r.x1, r.y1, x0, y0, x1, y1);
}

static void test_path_shapes(void)
{
    lr_path p = {0};
    /* Star: 5 points up, outer 2, inner 1: top at y=2, bottom outer points
     * at angle 90+144 degrees, inner vertices never outside. */
    LRT_CHECK_OK(lr_path_add_star(&p, (lr_vec2){0, 0}, 2, 1, 5, (float)(PI / 2)));
    LRT_CHECK(p.subpaths[0].ncurves == 10 && p.subpaths[0].closed);
    double ymin = 2 * sin(PI / 2 + 2 * 2 * PI / 5), xmax = 2 * cos(PI / 2 - 2 * PI / 5);
    check_rect(lr_path_bounds(&p), -xmax, ymin, xmax, 2, 1e-5, "star");
    LRT_CHECK(lr_path_signed_area(&p) > 0);
    lr_path_clear(&p);

    /* Regular hexagon from angle 0: x in [-r, r], y in +-r sqrt(3)/2. */
    LRT_CHECK_OK(lr_path_add_regular_polygon(&p, (lr_vec2){1, 1}, 2, 6, 0));
    check_rect(lr_path_bounds(&p), -1, 1 - sqrt(3), 3, 1 + sqrt(3), 1e-5, "hexagon");
    LRT_CHECK_NEAR(lr_path_signed_area(&p), 3 * sqrt(3) / 2 * 4, 1e-4);
    lr_path_clear(&p);

    /* Rounded rect: exact box, area w h - (4 - pi) r^2. */
    LRT_CHECK_OK(lr_path_add_rounded_rect(&p, (lr_vec2){0, 0}, 4, 2, 0.5f));
    check_rect(lr_path_bounds(&p), -2, -1, 2, 1, 1e-5, "rounded rect");
    LRT_CHECK_NEAR(lr_path_signed_area(&p), 8 - (4 - PI) * 0.25, 1e-3);
    LRT_CHECK(p.subpaths[0].closed && p.subpaths[0].ncurves == 8);
    lr_path_clear(&p);
    /* A radius larger than half the short side makes a stadium. */
    LRT_CHECK_OK(lr_path_add_rounded_rect(&p, (lr_vec2){0, 0}, 4, 2, 5));
    check_rect(lr_path_bounds(&p), -2, -1, 2, 1, 1e-5, "stadium");
    LRT_CHECK(p.subpaths[0].ncurves == 6);
    LRT_CHECK_NEAR(lr_path_signed_area(&p), 2 * 2 + PI, 2e-3);
    lr_path_clear(&p);

    /* Annulus: area pi (R^2 - r^2): the hole runs clockwise. */
    LRT_CHECK_OK(lr_path_add_annulus(&p, (lr_vec2){0, 0}, 1, 2));
    LRT_CHECK(p.nsubpaths == 2);
    LRT_CHECK_NEAR(lr_path_signed_area(&p), PI * 3, PI * 3 * 1e-3);
    check_rect(lr_path_bounds(&p), -2, -2, 2, 2, 1e-5, "annulus");
    lr_path_clear(&p);

    /* Sector: a quarter pie and a quarter ring. */
    LRT_CHECK_OK(lr_path_add_sector(&p, (lr_vec2){0, 0}, 0, 2, 0, (float)(PI / 2)));
    check_rect(lr_path_bounds(&p), 0, 0, 2, 2, 1e-5, "pie");
    LRT_CHECK_NEAR(lr_path_signed_area(&p), PI, PI * 1e-3);
    lr_path_clear(&p);
    LRT_CHECK_OK(lr_path_add_sector(&p, (lr_vec2){0, 0}, 1, 2, (float)(PI / 2), (float)(PI / 2)));
    check_rect(lr_path_bounds(&p), -2, 0, 0, 2, 1e-5, "ring slice");
    LRT_CHECK_NEAR(lr_path_signed_area(&p), PI * 3 / 4, 1e-2);
    LRT_CHECK(p.subpaths[0].closed);
    lr_path_clear(&p);

    /* Arc: 3/4 turn from angle 0 is open and has 3 curves. */
    LRT_CHECK_OK(lr_path_add_arc(&p, (lr_vec2){0, 0}, 1, 0, (float)(1.5 * PI)));
    LRT_CHECK(p.subpaths[0].ncurves == 3 && !p.subpaths[0].closed);
    check_rect(lr_path_bounds(&p), -1, -1, 1, 1, 3e-4, "arc");
    LRT_CHECK_NEAR(lr_path_length(&p, 1e-5f), 1.5 * PI, 1e-3);
    lr_path_clear(&p);

    /* Arrow tip pointing +x at (1,0): base at x = 1 - 0.5, counter-clockwise. */
    LRT_CHECK_OK(lr_path_add_arrow_tip(&p, (lr_vec2){1, 0}, (lr_vec2){2, 0}, 0.5f, 0.4f));
    check_rect(lr_path_bounds(&p), 0.5, -0.2, 1, 0.2, 1e-6, "tip");
    LRT_CHECK_NEAR(lr_path_signed_area(&p), 0.5 * 0.5 * 0.4, 1e-6);
    LRT_CHECK_STATUS(lr_path_add_arrow_tip(&p, (lr_vec2){1, 0}, (lr_vec2){0, 0}, 0.5f, 0.4f), LR_ERR_INVALID_ARG);
    lr_path_clear(&p);

    /* Dashed line: length 10, dash 1, gap 1 -> 5 or 6 dashes that start and
     * end at the ends. (10 + 1) / 2 = 5.5 rounds to 6. */
    LRT_CHECK_OK(lr_path_add_dashed_line(&p, (lr_vec2){0, 0}, (lr_vec2){10, 0}, 1, 1));
    LRT_CHECK(p.nsubpaths == 6);
    check_rect(lr_path_bounds(&p), 0, 0, 10, 0, 1e-5, "dashes");
    /* Drawn share ~ half of the length. */
    LRT_CHECK_NEAR(lr_path_length(&p, 1e-5f), 6 * 10.0 / (6 + 5), 1e-4);
    lr_path_clear(&p);
    LRT_CHECK_OK(lr_path_add_dashed_line(&p, (lr_vec2){0, 0}, (lr_vec2){3, 4}, 0.4f, 0.6f));
    LRT_CHECK(p.nsubpaths == 6); /* (5 + 0.6) / 1 = 5.6 */
    lr_path_clear(&p);
    LRT_CHECK_OK(lr_path_add_dashed_line(&p, (lr_vec2){0, 0}, (lr_vec2){0, 0}, 0.5f, 0.5f));
    LRT_CHECK(p.nsubpaths == 0);
    /* Dashes along a circle of circumference 2 pi: 2 pi / (0.2 + 0.2) =
     * 15.7 -> 16 dashes, 16 gaps (closed), half drawn. */
    lr_path circle = {0};
    LRT_CHECK_OK(lr_path_add_circle(&circle, (lr_vec2){0, 0}, 1));
    LRT_CHECK_OK(lr_path_add_dashed(&p, &circle, 0.2f, 0.2f));
    LRT_CHECK(p.nsubpaths == 16);
    LRT_CHECK_NEAR(lr_path_length(&p, 1e-5f), PI, 2e-3);
    bool on_circle = true;
    for (uint32_t s = 0; s < p.nsubpaths; s++)
        for (uint32_t i = 0; i <= p.subpaths[s].ncurves; i++) {
            lr_vec2 q = p.points[p.subpaths[s].first + 3 * i];
            on_circle &= fabs(hypot(q.x, q.y) - 1) < 3e-4;
        }
    LRT_CHECK(on_circle);
    LRT_CHECK_STATUS(lr_path_add_dashed(&p, &p, 0.2f, 0.2f), LR_ERR_INVALID_ARG);
    /* Huge coordinates: arc length stays finite work, no endless split. */
    lr_path huge = {0};
    LRT_CHECK_OK(lr_path_add_circle(&huge, (lr_vec2){1e30f, 0}, 1e30f));
    LRT_CHECK_NEAR(lr_path_length(&huge, 1e-6f) / 1e30, 2 * PI, 2 * PI * 3e-4);
    lr_path_clear(&p);
    LRT_CHECK_STATUS(lr_path_add_dashed(&p, &huge, 1, 1), LR_ERR_LIMIT);
    LRT_CHECK(p.npoints == 0);
    lr_path_free(&huge);
    lr_path_free(&circle);
    lr_path_free(&p);
}

static void test_refusals(void)
{
    lr_path p = {0};
    lr_vec2 tri[3] = {{0, 0}, {1, 0}, {0, 1}};
    LRT_CHECK_STATUS(lr_path_add_regular_polygon(&p, (lr_vec2){0, 0}, 1, 100000, 0), LR_ERR_LIMIT);
    LRT_CHECK_STATUS(lr_path_add_regular_polygon(&p, (lr_vec2){0, 0}, 1, 0xffffffffu, 0), LR_ERR_LIMIT);
    LRT_CHECK_STATUS(lr_path_add_regular_polygon(&p, (lr_vec2){0, 0}, 1, 2, 0), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_regular_polygon(&p, (lr_vec2){0, 0}, NAN, 5, 0), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_star(&p, (lr_vec2){0, 0}, 1, 0.5f, 0x80000000u, 0), LR_ERR_LIMIT);
    LRT_CHECK_STATUS(lr_path_add_star(&p, (lr_vec2){0, 0}, 1, 0.5f, 1, 0), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_star(&p, (lr_vec2){0, 0}, 1, NAN, 5, 0), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_polygon(&p, tri, 0), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_polygon(&p, NULL, 3), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_polyline(&p, tri, 20000, false), LR_ERR_LIMIT);
    tri[1].x = NAN;
    LRT_CHECK_STATUS(lr_path_add_polygon(&p, tri, 3), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_circle(&p, (lr_vec2){NAN, 0}, 1), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_circle(&p, (lr_vec2){0, 0}, -1), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_circle(&p, (lr_vec2){0, 0}, INFINITY), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_rect(&p, (lr_vec2){0, 0}, NAN, 1), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_rounded_rect(&p, (lr_vec2){0, 0}, 1, 1, NAN), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_annulus(&p, (lr_vec2){0, 0}, 2, 1), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_sector(&p, (lr_vec2){0, 0}, 0, 1, 0, NAN), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_arc(&p, (lr_vec2){0, 0}, 1, 0, 1e9f), LR_ERR_LIMIT);
    LRT_CHECK_STATUS(lr_path_add_dashed_line(&p, (lr_vec2){0, 0}, (lr_vec2){1e6f, 0}, 1e-3f, 1e-3f),
                     LR_ERR_LIMIT);
    LRT_CHECK_STATUS(lr_path_add_dashed_line(&p, (lr_vec2){0, 0}, (lr_vec2){1, 0}, 0, 1), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_dashed_line(&p, (lr_vec2){0, 0}, (lr_vec2){1, 0}, 1, -1), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_dashed_line(&p, (lr_vec2){0, 0}, (lr_vec2){3e38f, 3e38f}, 1, 1), LR_ERR_LIMIT);
    /* Overflow to infinity half-way through a shape: all or nothing. */
    LRT_CHECK_STATUS(lr_path_add_circle(&p, (lr_vec2){3e38f, 0}, 3e38f), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_rounded_rect(&p, (lr_vec2){3e38f, 0}, 3e38f, 1, 0.5f), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_add_sector(&p, (lr_vec2){0, 0}, 0, 3.4e38f, 0.3f, 6), LR_ERR_INVALID_ARG);
    /* Nothing was added by any refused call. */
    LRT_CHECK(p.npoints == 0 && p.nsubpaths == 0);
    /* Zero sizes are fine: degenerate but valid. */
    LRT_CHECK_OK(lr_path_add_circle(&p, (lr_vec2){1, 1}, 0));
    LRT_CHECK_OK(lr_path_add_rect(&p, (lr_vec2){1, 1}, 0, 0));
    LRT_CHECK_OK(lr_path_add_rounded_rect(&p, (lr_vec2){1, 1}, 0, 0, 0));
    lr_rect r = lr_path_bounds(&p);
    LRT_CHECK(r.x0 == 1 && r.x1 == 1 && r.y0 == 1 && r.y1 == 1);
    LRT_CHECK(lr_path_signed_area(&p) == 0);
    lr_path_free(&p);
}

static void test_mobjects(void)
{
    lr_error err = {0};
    lr_style st = lr_style_default();
    lr_mobject *m = lr_shape_circle((lr_vec2){1, 0}, 2, st, &err);
    LRT_CHECK(m != NULL && lr_mobject_get_kind(m) == LR_MOBJECT_PATH);
    check_rect(lr_mobject_bounds(m), -1, -2, 3, 2, 1e-5, "circle mobject");
    LRT_CHECK_NEAR(lr_mobject_get_style(m).stroke_width, 0.04, 1e-7);
    lr_mobject_destroy(m);

    m = lr_shape_star((lr_vec2){0, 0}, 1, 0.4f, 5, (float)(PI / 2), st, NULL);
    LRT_CHECK(m && lr_mobject_bounds(m).y1 == 1.0f);
    lr_mobject_destroy(m);
    m = lr_shape_rounded_rectangle((lr_vec2){0, 0}, 3, 1, 0.2f, st, NULL);
    check_rect(lr_mobject_bounds(m), -1.5, -0.5, 1.5, 0.5, 1e-5, "rounded rect mobject");
    lr_mobject_destroy(m);

    m = lr_shape_dot((lr_vec2){2, 2}, 0, lr_shape_style_filled(lr_rgba(1, 1, 0, 1)), NULL);
    check_rect(lr_mobject_bounds(m), 2 - LR_DOT_RADIUS, 2 - LR_DOT_RADIUS, 2 + LR_DOT_RADIUS, 2 + LR_DOT_RADIUS,
               1e-6, "dot");
    LRT_CHECK(lr_mobject_get_style(m).fill.a == 1 && lr_mobject_get_style(m).stroke_width == 0);
    lr_mobject_destroy(m);

    /* Arrow (0,0)->(4,0), Manim defaults: buff 0.25 each end, tip 0.35. */
    m = lr_shape_arrow((lr_vec2){0, 0}, (lr_vec2){4, 0}, NULL, st, &err);
    LRT_CHECK(m && lr_mobject_get_kind(m) == LR_MOBJECT_GROUP && lr_mobject_child_count(m) == 2);
    check_rect(lr_mobject_bounds(m), 0.25, -0.175, 3.75, 0.175, 1e-5, "arrow");
    lr_mobject *shaft = lr_mobject_child(m, 0), *tip = lr_mobject_child(m, 1);
    check_rect(lr_mobject_bounds(shaft), 0.25, 0, 3.4, 0, 1e-5, "shaft");
    check_rect(lr_mobject_bounds(tip), 3.4, -0.175, 3.75, 0.175, 1e-5, "arrow tip");
    LRT_CHECK(lr_mobject_get_style(tip).fill.a == 1 && lr_mobject_get_style(tip).stroke_width == 0);
    LRT_CHECK(lr_mobject_get_style(shaft).fill.a == 0 && lr_mobject_get_style(shaft).stroke_width == 0.04f);
    lr_mobject_destroy(m);
    /* A short arrow: the tip shrinks to 25% of its length, the stroke thins. */
    lr_arrow_opts o = lr_arrow_opts_default();
    o.buff = 0;
    m = lr_shape_arrow((lr_vec2){0, 0}, (lr_vec2){0, 0.4f}, &o, st, NULL);
    tip = lr_mobject_child(m, 1);
    check_rect(lr_mobject_bounds(tip), -0.05, 0.3, 0.05, 0.4, 1e-6, "short tip");
    LRT_CHECK_NEAR(lr_mobject_get_style(lr_mobject_child(m, 0)).stroke_width, 0.02, 1e-7);
    lr_mobject_destroy(m);
    /* Double arrow and vector. */
    m = lr_shape_double_arrow((lr_vec2){-2, 1}, (lr_vec2){2, 1}, &o, st, NULL);
    LRT_CHECK(m && lr_mobject_child_count(m) == 3);
    check_rect(lr_mobject_bounds(lr_mobject_child(m, 0)), -1.65, 1, 1.65, 1, 1e-5, "double shaft");
    check_rect(lr_mobject_bounds(m), -2, 0.825, 2, 1.175, 1e-5, "double arrow");
    lr_mobject_destroy(m);
    m = lr_shape_vector((lr_vec2){0, 2}, st, NULL);
    check_rect(lr_mobject_bounds(m), -0.175, 0, 0.175, 2, 1e-5, "vector");
    lr_mobject_destroy(m);
    /* Zero-length arrow: a group with a dot-sized shaft, no crash. */
    m = lr_shape_arrow((lr_vec2){1, 1}, (lr_vec2){1, 1}, NULL, st, NULL);
    LRT_CHECK(m != NULL && lr_mobject_child_count(m) == 1);
    lr_mobject_destroy(m);

    m = lr_shape_dashed_line((lr_vec2){0, 0}, (lr_vec2){1, 0}, 0, -1, st, NULL);
    LRT_CHECK(m && lr_mobject_path_const(m)->nsubpaths == 10);
    lr_mobject_destroy(m);
    m = lr_shape_sector((lr_vec2){0, 0}, 0, 1, 0, (float)PI, st, NULL);
    check_rect(lr_mobject_bounds(m), -1, 0, 1, 1, 1e-5, "half disc");
    lr_mobject_destroy(m);
    m = lr_shape_annulus((lr_vec2){0, 0}, 0.5f, 1, st, NULL);
    LRT_CHECK(m && lr_mobject_path_const(m)->nsubpaths == 2);
    lr_mobject_destroy(m);
    lr_vec2 pts[3] = {{0, 0}, {1, 2}, {2, 0}};
    m = lr_shape_polyline(pts, 3, st, NULL);
    LRT_CHECK(m && !lr_mobject_path_const(m)->subpaths[0].closed);
    lr_mobject_destroy(m);
    m = lr_shape_polygon(pts, 3, st, NULL);
    LRT_CHECK(m && lr_mobject_path_const(m)->subpaths[0].closed);
    lr_mobject_destroy(m);
    m = lr_shape_line((lr_vec2){0, 0}, (lr_vec2){1, 1}, st, NULL);
    check_rect(lr_mobject_bounds(m), 0, 0, 1, 1, 0, "line");
    lr_mobject_destroy(m);
    m = lr_shape_ellipse((lr_vec2){0, 0}, 2, 1, st, NULL);
    check_rect(lr_mobject_bounds(m), -2, -1, 2, 1, 1e-5, "ellipse");
    lr_mobject_destroy(m);
    m = lr_shape_arc((lr_vec2){0, 0}, 1, 0, (float)(PI / 2), st, NULL);
    check_rect(lr_mobject_bounds(m), 0, 0, 1, 1, 1e-5, "arc");
    lr_mobject_destroy(m);
    m = lr_shape_rectangle((lr_vec2){0, 0}, 2, 1, st, NULL);
    check_rect(lr_mobject_bounds(m), -1, -0.5, 1, 0.5, 0, "rectangle");
    lr_mobject_destroy(m);
    m = lr_shape_regular_polygon((lr_vec2){0, 0}, 1, 4, 0, st, NULL);
    check_rect(lr_mobject_bounds(m), -1, -1, 1, 1, 1e-6, "diamond");
    lr_mobject_destroy(m);

    /* Refusals come back as NULL with the reason. */
    err.status = LR_OK;
    LRT_CHECK(lr_shape_regular_polygon((lr_vec2){0, 0}, 1, 1000000, 0, st, &err) == NULL);
    LRT_CHECK(err.status == LR_ERR_LIMIT && err.message[0] != '\0');
    LRT_CHECK(lr_shape_star((lr_vec2){0, 0}, 1, 0.5f, 6000, 0, st, &err) == NULL);
    LRT_CHECK(err.status == LR_ERR_LIMIT);
    LRT_CHECK(lr_shape_circle((lr_vec2){0, 0}, NAN, st, &err) == NULL);
    LRT_CHECK(err.status == LR_ERR_INVALID_ARG);
    LRT_CHECK(lr_shape_dot((lr_vec2){0, 0}, NAN, st, &err) == NULL);
    LRT_CHECK(lr_shape_arrow((lr_vec2){0, NAN}, (lr_vec2){1, 1}, NULL, st, &err) == NULL);
    LRT_CHECK(err.status == LR_ERR_INVALID_ARG);
    o = lr_arrow_opts_default();
    o.tip_length = -1;
    LRT_CHECK(lr_shape_arrow((lr_vec2){0, 0}, (lr_vec2){1, 1}, &o, st, &err) == NULL);
    LRT_CHECK(lr_shape_arrow((lr_vec2){-3e38f, 0}, (lr_vec2){3e38f, 0}, NULL, st, &err) == NULL);
    LRT_CHECK(lr_shape_dashed_line((lr_vec2){0, 0}, (lr_vec2){1000, 0}, 0.01f, 0.01f, st, &err) == NULL);
    LRT_CHECK(err.status == LR_ERR_LIMIT);
    LRT_CHECK(lr_shape_polygon(NULL, 5, st, NULL) == NULL);
}

int main(void)
{
    test_path_shapes();
    test_refusals();
    test_mobjects();
    return lrt_finish("geometry_shapes");
}
