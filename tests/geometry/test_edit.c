/* Editing paths for animation: partial, alignment, interpolation. */
#include <math.h>
#include <string.h>

#include "lrtest.h"

#define PI 3.14159265358979323846

static bool same_point(lr_vec2 a, lr_vec2 b, double eps)
{
    return fabs(a.x - b.x) <= eps && fabs(a.y - b.y) <= eps;
}

static void test_partial(void)
{
    lr_path c = {0}, d = {0};
    LRT_CHECK_OK(lr_path_add_circle(&c, (lr_vec2){0, 0}, 1));
    /* The whole thing is a copy, closed flag included. */
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0, 1));
    LRT_CHECK(d.npoints == c.npoints && d.subpaths[0].closed);
    /* First half: two quarter arcs from (1,0) to (-1,0), open. */
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0, 0.5f));
    LRT_CHECK(d.nsubpaths == 1 && d.subpaths[0].ncurves == 2 && !d.subpaths[0].closed);
    LRT_CHECK(same_point(d.points[0], (lr_vec2){1, 0}, 1e-6));
    LRT_CHECK(same_point(d.points[d.npoints - 1], (lr_vec2){-1, 0}, 1e-6));
    LRT_CHECK(memcmp(d.points, c.points, 7 * sizeof *d.points) == 0);
    /* 0..0.125: half of the first curve, ending at 45 degrees (the arc's
     * midpoint by parameter is its midpoint by angle, by symmetry). */
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0, 0.125f));
    LRT_CHECK(d.subpaths[0].ncurves == 1);
    LRT_CHECK(same_point(d.points[3], (lr_vec2){(float)cos(PI / 4), (float)sin(PI / 4)}, 3e-4));
    /* A middle piece, 0.1..0.6 spans curves 0..2 (cut at both ends). */
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0.1f, 0.6f));
    LRT_CHECK(d.subpaths[0].ncurves == 3);
    lr_vec2 p0 = lr_path_point_from_proportion(&c, 0.1f), p1 = lr_path_point_from_proportion(&c, 0.6f);
    LRT_CHECK(same_point(d.points[0], p0, 1e-5));
    LRT_CHECK(same_point(d.points[d.npoints - 1], p1, 1e-5));
    /* Every point of the piece stays on the circle. */
    double worst = 0;
    for (int i = 0; i <= 100; i++) {
        lr_vec2 q = lr_path_point_from_proportion(&d, i / 100.0f);
        worst = fmax(worst, fabs(hypot(q.x, q.y) - 1));
    }
    LRT_CHECK_MSG(worst < 3e-4, "partial off circle by %g", worst);
    /* Empty ranges give an empty path; reversed / out of range clamps. */
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0.3f, 0.3f));
    LRT_CHECK(d.npoints == 0 && d.nsubpaths == 0);
    LRT_CHECK_OK(lr_path_partial(&d, &c, -5, 0));
    LRT_CHECK(d.npoints == 0);
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0.75f, 7));
    LRT_CHECK(d.subpaths[0].ncurves == 1 && same_point(d.points[3], (lr_vec2){1, 0}, 1e-6));
    LRT_CHECK_STATUS(lr_path_partial(&d, &c, NAN, 1), LR_ERR_INVALID_ARG);
    /* Two subpaths: 0..0.5 of (circle + square) is exactly the circle (4 of
     * 8 curves), 0.5..1 exactly the square. */
    LRT_CHECK_OK(lr_path_add_rect(&c, (lr_vec2){5, 0}, 2, 2));
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0, 0.5f));
    LRT_CHECK(d.nsubpaths == 1 && d.subpaths[0].ncurves == 4 && d.subpaths[0].closed);
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0.5f, 1));
    LRT_CHECK(d.nsubpaths == 1 && d.subpaths[0].ncurves == 4 && d.subpaths[0].closed);
    LRT_CHECK(same_point(d.points[0], (lr_vec2){6, 1}, 1e-6));
    LRT_CHECK_OK(lr_path_partial(&d, &c, 0.25f, 0.75f));
    LRT_CHECK(d.nsubpaths == 2 && d.subpaths[0].ncurves == 2 && d.subpaths[1].ncurves == 2);
    LRT_CHECK(!d.subpaths[0].closed && !d.subpaths[1].closed);
    /* In place (dst == src). */
    LRT_CHECK_OK(lr_path_partial(&c, &c, 0, 0.5f));
    LRT_CHECK(c.nsubpaths == 1 && c.subpaths[0].ncurves == 4);
    lr_path_free(&c);
    lr_path_free(&d);
}

static void test_align_interpolate(void)
{
    lr_path sq = {0}, ci = {0}, sq0 = {0}, ci0 = {0}, out = {0};
    LRT_CHECK_OK(lr_path_add_rect(&sq, (lr_vec2){0, 0}, 2, 2));
    LRT_CHECK_OK(lr_path_add_circle(&ci, (lr_vec2){0, 0}, 1));
    /* Give the circle more curves than the square: 8 vs 4. */
    LRT_CHECK_OK(lr_path_align_to(&ci, 1, (const uint32_t[]){8}));
    LRT_CHECK(ci.subpaths[0].ncurves == 8 && ci.npoints == 25 && ci.subpaths[0].closed);
    LRT_CHECK_STATUS(lr_path_align_to(&ci, 1, (const uint32_t[]){4}), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_align_to(&ci, 0, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_OK(lr_path_copy(&sq0, &sq));
    LRT_CHECK_OK(lr_path_copy(&ci0, &ci));
    float area_sq = lr_path_signed_area(&sq);
    lr_rect b_sq = lr_path_bounds(&sq);

    LRT_CHECK_OK(lr_path_align_pair(&sq, &ci));
    LRT_CHECK(sq.npoints == ci.npoints && sq.nsubpaths == ci.nsubpaths);
    LRT_CHECK(sq.subpaths[0].ncurves == 8);
    /* The side with more curves is unchanged. */
    LRT_CHECK(ci.npoints == ci0.npoints && memcmp(ci.points, ci0.points, ci.npoints * sizeof *ci.points) == 0);
    /* Subdividing keeps the square's shape: same area, bounds and corners. */
    LRT_CHECK_NEAR(lr_path_signed_area(&sq), area_sq, 1e-5);
    lr_rect b2 = lr_path_bounds(&sq);
    LRT_CHECK(b2.x0 == b_sq.x0 && b2.y1 == b_sq.y1);
    for (int k = 0; k < 4; k++) {
        bool found = false;
        for (uint32_t i = 0; i < sq.npoints; i += 3)
            found |= same_point(sq.points[i], sq0.points[3 * k], 0);
        LRT_CHECK_MSG(found, "corner %d lost", k);
    }
    /* Equal sides split evenly: each side into 2. */
    LRT_CHECK(same_point(sq.points[3], (lr_vec2){0, 1}, 1e-6));
    LRT_CHECK(sq.subpaths[0].closed);

    LRT_CHECK_OK(lr_path_interpolate(&out, &sq, &ci, 0));
    LRT_CHECK(out.npoints == sq.npoints && memcmp(out.points, sq.points, sq.npoints * sizeof *sq.points) == 0);
    LRT_CHECK_OK(lr_path_interpolate(&out, &sq, &ci, 1));
    LRT_CHECK(memcmp(out.points, ci.points, ci.npoints * sizeof *ci.points) == 0);
    LRT_CHECK_OK(lr_path_interpolate(&out, &sq, &ci, 0.5f));
    bool mid = true;
    for (uint32_t i = 0; i < out.npoints; i++) {
        lr_vec2 m = {(sq.points[i].x + ci.points[i].x) / 2, (sq.points[i].y + ci.points[i].y) / 2};
        mid &= same_point(out.points[i], m, 1e-6);
    }
    LRT_CHECK(mid);
    LRT_CHECK(out.subpaths[0].closed);
    /* Midway it is still a counter-clockwise blob no larger than the
     * square (the square starts at its corner, the circle at angle 0, so the
     * blend turns a little and is not a superellipse: 3.06 measured). */
    float am = lr_path_signed_area(&out);
    LRT_CHECK_MSG(am > 2.5f && am < 4.0f, "midway area %g", am);
    LRT_CHECK(same_point(out.points[0], (lr_vec2){1, 0.5f}, 1e-6));
    /* In place into a. */
    LRT_CHECK_OK(lr_path_interpolate(&sq, &sq, &ci, 1));
    LRT_CHECK(memcmp(sq.points, ci.points, ci.npoints * sizeof *ci.points) == 0);
    LRT_CHECK_STATUS(lr_path_interpolate(&out, &sq0, &ci, 0.5f), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_interpolate(&out, &ci, &ci, NAN), LR_ERR_INVALID_ARG);

    /* Different subpath counts: an annulus (2) into a dot (1). The dot side
     * grows a degenerate subpath at its last point. */
    lr_path ring = {0}, dot = {0};
    LRT_CHECK_OK(lr_path_add_annulus(&ring, (lr_vec2){0, 0}, 1, 2));
    LRT_CHECK(ring.nsubpaths == 2);
    LRT_CHECK_OK(lr_path_move_to(&dot, (lr_vec2){3, 3}));
    LRT_CHECK_OK(lr_path_line_to(&dot, (lr_vec2){4, 3}));
    LRT_CHECK_OK(lr_path_align_pair(&ring, &dot));
    LRT_CHECK(ring.nsubpaths == 2 && dot.nsubpaths == 2 && ring.npoints == dot.npoints);
    LRT_CHECK(dot.subpaths[0].ncurves == 4 && dot.subpaths[1].ncurves == 4);
    bool degenerate = true;
    for (uint32_t i = dot.subpaths[1].first; i < dot.npoints; i++)
        degenerate &= same_point(dot.points[i], (lr_vec2){4, 3}, 0);
    LRT_CHECK(degenerate);
    LRT_CHECK_NEAR(lr_path_length(&dot, 1e-4f), 1.0, 1e-4);
    LRT_CHECK_OK(lr_path_interpolate(&out, &ring, &dot, 0.5f));
    LRT_CHECK(out.nsubpaths == 2);
    /* Aligning with an empty path: the empty side becomes points. */
    lr_path empty = {0};
    LRT_CHECK_OK(lr_path_align_pair(&empty, &ring));
    LRT_CHECK(empty.npoints == ring.npoints);
    LRT_CHECK(lr_rect_area(lr_path_bounds(&empty)) == 0);
    LRT_CHECK_STATUS(lr_path_align_to(&empty, 1, (const uint32_t[]){1u << 30}), LR_ERR_INVALID_ARG);

    lr_path_free(&empty);
    lr_path_free(&ring);
    lr_path_free(&dot);
    lr_path_free(&sq);
    lr_path_free(&ci);
    lr_path_free(&sq0);
    lr_path_free(&ci0);
    lr_path_free(&out);
}

static void test_limits(void)
{
    lr_path big = {0};
    LRT_CHECK_OK(lr_path_add_circle(&big, (lr_vec2){0, 0}, 1));
    LRT_CHECK_STATUS(lr_path_align_to(&big, 1, (const uint32_t[]){1u << 30}), LR_ERR_LIMIT);
    LRT_CHECK(big.subpaths[0].ncurves == 4); /* untouched on failure */
    LRT_CHECK_STATUS(lr_path_align_to(&big, 2, (const uint32_t[]){4, 0xffffffffu}), LR_ERR_LIMIT);
    /* Long but allowed: a circle split into 5000 curves keeps its shape. */
    LRT_CHECK_OK(lr_path_align_to(&big, 1, (const uint32_t[]){5000}));
    LRT_CHECK(big.subpaths[0].ncurves == 5000);
    LRT_CHECK_NEAR(lr_path_signed_area(&big), PI, PI * 1e-3);
    lr_path_free(&big);

    /* A hand-filled path whose subpath claims far more curves than it has
     * points (3 * n wraps around in 32 bits): ignored or refused, never
     * read past the end (ASan would catch it). */
    lr_vec2 pts[4] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    lr_subpath bad_sp[2] = {{0, 1, false}, {1, 0x55555556u, false}};
    lr_path bad = {pts, 4, 4, bad_sp, 2, 2};
    lr_rect r = lr_path_bounds(&bad);
    LRT_CHECK(r.x0 == 0 && r.x1 <= 1);
    LRT_CHECK(isfinite(lr_path_length(&bad, 1e-3f)));
    LRT_CHECK(isfinite(lr_path_signed_area(&bad)));
    lr_vec2 q = lr_path_point_from_proportion(&bad, 0.9f);
    LRT_CHECK(isfinite(q.x) && isfinite(q.y));
    lr_path out = {0}, copy = {0};
    LRT_CHECK_OK(lr_path_partial(&out, &bad, 0, 0.5f));
    LRT_CHECK_OK(lr_path_copy(&copy, &bad));
    LRT_CHECK_STATUS(lr_path_align_to(&copy, 2, (const uint32_t[]){1, 0x55555556u}), LR_ERR_INVALID_ARG);
    lr_path_reverse(&copy);
    LRT_CHECK(copy.points[0].x == 0 && copy.points[0].y == 1 && copy.points[3].y == 0); /* valid one reversed */
    LRT_CHECK_OK(lr_path_add_dashed(&out, &bad, 0.1f, 0.1f));
    lr_path_free(&out);
    lr_path_free(&copy);
}

int main(void)
{
    test_partial();
    test_align_interpolate();
    test_limits();
    return lrt_finish("geometry_edit");
}
