/* lr_path_boolean (GEOS) on paths: each operand filled under its own rule
 * (nested loops of one orientation, a pentagram, a bow tie), curves
 * flattened within the tolerance, holes kept and oriented, results that
 * fill the same under both rules, operands of several paths (the union of
 * what each fills), folding results into the next call, empty operands,
 * and its errors. */
#include <math.h>
#include <string.h>

#include "lrtest.h"

#define PI 3.14159265358979323846

/* The signed area of all subpaths: what a result fills (its loops never
 * cross, holes wind the other way). */
static double area(const lr_path *p)
{
    return lr_path_signed_area(p);
}

/* Winding number of the result's polygons about q. */
static int winding(const lr_path *p, lr_vec2 q)
{
    return lrt_polygon_winding(p, lr_affine_identity(), q);
}

static lr_boolean_path op(const lr_path *p, lr_fill_rule rule)
{
    return (lr_boolean_path){p, rule, lr_affine_identity()};
}

static void square(lr_path *p, float cx, float cy, float side, bool clockwise)
{
    lr_path q = {0};
    lr_path_add_rect(&q, (lr_vec2){cx, cy}, side, side);
    if (clockwise)
        lr_path_reverse(&q);
    lr_path_append(p, &q, NULL);
    lr_path_free(&q);
}

/* Two nested squares of one orientation: nonzero fills the big one whole
 * (winding 2 inside the small), even-odd leaves the small one a hole. */
static void test_rules(void)
{
    lr_path nested = {0}, out = {0};
    square(&nested, 0, 0, 2, false);
    square(&nested, 0, 0, 1, false);
    LRT_CHECK_NEAR(area(&nested), 5.0, 1e-5); /* both loops counted: not what either rule fills */
    lr_boolean_path a = op(&nested, LR_FILL_NONZERO);
    lr_error err = {0};
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &a, 1, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), 4.0, 1e-5);
    LRT_CHECK(winding(&out, (lr_vec2){0, 0}) == 1);
    lr_path_clear(&out);
    a.rule = LR_FILL_EVENODD;
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &a, 1, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), 3.0, 1e-5);
    LRT_CHECK(winding(&out, (lr_vec2){0, 0}) == 0);
    LRT_CHECK(winding(&out, (lr_vec2){0.75f, 0}) == 1);
    /* The ring: an outer loop counter-clockwise, the hole clockwise. */
    LRT_CHECK(out.nsubpaths == 2);
    if (out.nsubpaths == 2) {
        lr_path one = {0};
        for (uint32_t s = 0; s < 2; s++) {
            lr_path_clear(&one);
            lr_subpath sp = out.subpaths[s];
            lr_path_reserve(&one, 3 * sp.ncurves + 1, 1);
            memcpy(one.points, out.points + sp.first, (3 * sp.ncurves + 1) * sizeof *one.points);
            one.npoints = 3 * sp.ncurves + 1;
            one.subpaths[0] = (lr_subpath){0, sp.ncurves, true};
            one.nsubpaths = 1;
            double ar = area(&one);
            LRT_CHECK_MSG(fabs(ar - 4.0) < 1e-5 || fabs(ar + 1.0) < 1e-5, "loop %u has signed area %g", s, ar);
            LRT_CHECK(sp.closed);
        }
        lr_path_free(&one);
    }
    lr_path_free(&nested);

    /* A pentagram drawn as one crossing loop: nonzero fills its middle
     * pentagon (winding 2), even-odd does not. */
    lr_vec2 v[5];
    for (int i = 0; i < 5; i++) {
        double t = PI / 2 + i * 4 * PI / 5;
        v[i] = (lr_vec2){(float)cos(t), (float)sin(t)};
    }
    lr_path star = {0};
    lr_path_add_polygon(&star, v, 5);
    double r_in = sin(PI / 10) / cos(PI / 5); /* inner corner radius */
    double pentagon = 2.5 * r_in * r_in * sin(2 * PI / 5);
    double outer = 5 * 0.5 * 1.0 * r_in * sin(PI / 5) * 2; /* the five points: 10 triangles centre-tip-corner */
    lr_boolean_path s = op(&star, LR_FILL_NONZERO);
    lr_path_clear(&out);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &s, 1, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), outer, 1e-4);
    LRT_CHECK(winding(&out, (lr_vec2){0, 0}) == 1);
    s.rule = LR_FILL_EVENODD;
    lr_path_clear(&out);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &s, 1, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), outer - pentagon, 1e-4);
    LRT_CHECK(winding(&out, (lr_vec2){0, 0}) == 0);
    lr_path_free(&star);

    /* A bow tie: its loops wind opposite ways and both are filled. */
    lr_path tie = {0};
    lr_path_add_polygon(&tie, (lr_vec2[]){{-1, -1}, {1, 1}, {1, -1}, {-1, 1}}, 4);
    LRT_CHECK_NEAR(area(&tie), 0.0, 1e-6);
    lr_boolean_path t = op(&tie, LR_FILL_NONZERO);
    lr_path_clear(&out);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &t, 1, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), 2.0, 1e-5);
    LRT_CHECK(winding(&out, (lr_vec2){-0.7f, 0}) == 1 && winding(&out, (lr_vec2){0.7f, 0}) == 1);
    LRT_CHECK(winding(&out, (lr_vec2){0, 0.7f}) == 0);
    lr_path_free(&tie);
    lr_path_free(&out);
}

/* Two unit circles 1 apart; each op against the exact area, within what
 * chords of 1e-3 can lose (a segment of sagitta s loses 2/3 s per unit of
 * chord). */
static void test_circles(void)
{
    lr_path c1 = {0}, c2 = {0};
    lr_path_add_circle(&c1, (lr_vec2){-0.5f, 0}, 1);
    lr_path_add_circle(&c2, (lr_vec2){0.5f, 0}, 1);
    double lens = 2 * acos(0.5) - 0.5 * sqrt(3.0), disc = PI;
    struct {
        lr_boolean_op op;
        double want;
        int in[4]; /* windings at (0, 0), (-1.2, 0), (1.2, 0), (0, 1.5) */
    } cases[] = {
        {LR_BOOLEAN_UNION, 2 * disc - lens, {1, 1, 1, 0}},
        {LR_BOOLEAN_INTERSECTION, lens, {1, 0, 0, 0}},
        {LR_BOOLEAN_DIFFERENCE, disc - lens, {0, 1, 0, 0}},
        {LR_BOOLEAN_EXCLUSION, 2 * disc - 2 * lens, {0, 1, 1, 0}},
    };
    const lr_vec2 probes[4] = {{0, 0}, {-1.2f, 0}, {1.2f, 0}, {0, 1.5f}};
    lr_boolean_path a = op(&c1, LR_FILL_NONZERO), b = op(&c2, LR_FILL_NONZERO);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lr_path out = {0};
        lr_error err = {0};
        LRT_CHECK_OK(lr_path_boolean(&out, cases[i].op, &a, 1, &b, 1, 1e-3f, &err));
        double got = area(&out);
        LRT_CHECK_MSG(fabs(got - cases[i].want) < 6e-3 && got <= cases[i].want + 2e-4,
                      "op %zu: area %.6f, exact %.6f", i, got, cases[i].want);
        for (int k = 0; k < 4; k++)
            LRT_CHECK_MSG(winding(&out, probes[k]) == cases[i].in[k], "op %zu: winding %d at (%g, %g), expected %d", i,
                          winding(&out, probes[k]), probes[k].x, probes[k].y, cases[i].in[k]);
        /* Every point within the tolerance of one of the circles. */
        double worst = 0;
        for (uint32_t p = 0; p < out.npoints; p++) {
            double d1 = fabs(hypot(out.points[p].x + 0.5, out.points[p].y) - 1);
            double d2 = fabs(hypot(out.points[p].x - 0.5, out.points[p].y) - 1);
            worst = fmax(worst, fmin(d1, d2));
        }
        LRT_CHECK_MSG(worst < 1.1e-3, "op %zu: a point %g off the circles", i, worst);
        /* Tighter tolerance, closer area: what is left is the cubics'
         * own departure from the circle (at most 2.7e-4 of the radius,
         * outwards). */
        lr_path fine = {0};
        LRT_CHECK_OK(lr_path_boolean(&fine, cases[i].op, &a, 1, &b, 1, 1e-5f, &err));
        LRT_CHECK_MSG(fabs(area(&fine) - cases[i].want) < 1.5e-3 && fabs(area(&fine) - cases[i].want) < fabs(got - cases[i].want),
                      "op %zu at 1e-5: area %.7f, exact %.7f", i, area(&fine), cases[i].want);
        LRT_CHECK(fine.npoints > out.npoints);
        lr_path_free(&fine);
        lr_path_free(&out);
    }
    /* Transforms: c1 moved onto c2 by its transform, the difference is empty. */
    lr_boolean_path moved = {&c1, LR_FILL_NONZERO, lr_affine_translate(1, 0)};
    lr_path out = {0};
    lr_error err = {0};
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_DIFFERENCE, &moved, 1, &b, 1, 1e-3f, &err));
    LRT_CHECK_MSG(fabs(area(&out)) < 1e-4, "a circle less itself: area %g", area(&out));
    lr_path_free(&out);
    /* A result folds into the next call (Manim's Intersection of three). */
    lr_path r = {0}, c3 = {0};
    lr_path_add_circle(&c3, (lr_vec2){0, 0.5f}, 1);
    LRT_CHECK_OK(lr_path_boolean(&r, LR_BOOLEAN_INTERSECTION, &a, 1, &b, 1, 1e-4f, &err));
    lr_boolean_path rr = op(&r, LR_FILL_EVENODD), cc = op(&c3, LR_FILL_NONZERO);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_INTERSECTION, &rr, 1, &cc, 1, 1e-4f, &err));
    LRT_CHECK(area(&out) > 0.1 && area(&out) < area(&r) - 0.1);
    LRT_CHECK(winding(&out, (lr_vec2){0, 0.3f}) == 1 && winding(&out, (lr_vec2){0, -0.6f}) == 0);
    lr_path_free(&out);
    lr_path_free(&r);
    lr_path_free(&c3);
    lr_path_free(&c1);
    lr_path_free(&c2);
}

/* An operand of several paths is the union of what each fills: two
 * overlapping squares of opposite orientation, as two paths, cover their
 * overlap (as one path under nonzero their windings there cancel). */
static void test_paths_of_an_operand(void)
{
    lr_path p = {0}, q = {0}, both = {0}, out = {0};
    square(&p, 0, 0, 2, false);
    square(&q, 1, 1, 2, true);
    square(&both, 0, 0, 2, false);
    square(&both, 1, 1, 2, true);
    lr_boolean_path two[2] = {op(&p, LR_FILL_NONZERO), op(&q, LR_FILL_NONZERO)};
    lr_error err = {0};
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, two, 2, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), 7, 1e-5);
    LRT_CHECK(winding(&out, (lr_vec2){0.5f, 0.5f}) == 1);
    lr_path_clear(&out);
    lr_boolean_path one = op(&both, LR_FILL_NONZERO);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &one, 1, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), 6, 1e-5);
    LRT_CHECK(winding(&out, (lr_vec2){0.5f, 0.5f}) == 0);
    /* Paths under different rules in one operand. */
    lr_path nested = {0};
    square(&nested, 5, 0, 2, false);
    square(&nested, 5, 0, 1, false);
    lr_boolean_path mixed[2] = {op(&p, LR_FILL_NONZERO), op(&nested, LR_FILL_EVENODD)};
    lr_path_clear(&out);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, mixed, 2, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), 4 + 3, 1e-5);
    LRT_CHECK(winding(&out, (lr_vec2){5, 0}) == 0 && winding(&out, (lr_vec2){0, 0}) == 1);
    lr_path_free(&nested);
    lr_path_free(&p);
    lr_path_free(&q);
    lr_path_free(&both);
    lr_path_free(&out);
}

static void test_edges(void)
{
    lr_path sq = {0}, out = {0};
    square(&sq, 0, 0, 2, false);
    lr_boolean_path a = op(&sq, LR_FILL_NONZERO);
    lr_error err = {0};
    /* An empty operand: the union is the other, the intersection nothing. */
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &a, 1, NULL, 0, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), 4, 1e-6);
    lr_path_clear(&out);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_INTERSECTION, &a, 1, NULL, 0, 1e-3f, &err));
    LRT_CHECK(out.nsubpaths == 0);
    /* Squares that only touch along an edge: no area in common. */
    lr_path sq2 = {0};
    square(&sq2, 2, 0, 2, true);
    lr_boolean_path b = op(&sq2, LR_FILL_NONZERO);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_INTERSECTION, &a, 1, &b, 1, 1e-3f, &err));
    LRT_CHECK(out.nsubpaths == 0);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &a, 1, &b, 1, 1e-3f, &err));
    LRT_CHECK_NEAR(area(&out), 8, 1e-5);
    LRT_CHECK(out.nsubpaths == 1); /* one rectangle: the shared edge is gone */
    /* What was in out stays on failure; bad arguments are refused. */
    uint32_t before = out.npoints;
    LRT_CHECK_STATUS(lr_path_boolean(&out, LR_BOOLEAN_UNION, &a, 1, NULL, 0, 0, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_boolean(&out, (lr_boolean_op)9, &a, 1, NULL, 0, 1e-3f, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_path_boolean(NULL, LR_BOOLEAN_UNION, &a, 1, NULL, 0, 1e-3f, &err), LR_ERR_INVALID_ARG);
    lr_path bad = {0};
    lr_path_add_polygon(&bad, (lr_vec2[]){{0, 0}, {1, 0}, {0, 1}}, 3);
    bad.points[1].x = NAN;
    lr_boolean_path nan = op(&bad, LR_FILL_NONZERO);
    LRT_CHECK_STATUS(lr_path_boolean(&out, LR_BOOLEAN_UNION, &nan, 1, NULL, 0, 1e-3f, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "not finite") != NULL);
    /* Ten circles cut as finely as a 1e-9 tolerance asks (4096 chords a
     * quarter) are past the limit. */
    lr_path big = {0};
    for (int i = 0; i < 10; i++)
        lr_path_add_circle(&big, (lr_vec2){(float)i, 0}, 100);
    lr_boolean_path huge = op(&big, LR_FILL_NONZERO);
    err = (lr_error){0};
    LRT_CHECK_STATUS(lr_path_boolean(&out, LR_BOOLEAN_UNION, &huge, 1, NULL, 0, 1e-9f, &err), LR_ERR_LIMIT);
    LRT_CHECK(strstr(err.message, "segments") != NULL);
    LRT_CHECK(out.npoints == before);
    lr_path_free(&big);
    lr_path_free(&bad);
    lr_path_free(&sq2);
    lr_path_free(&sq);
    lr_path_free(&out);
}

/* Wang's bound: the count keeps every chord within tolerance, and halving
 * the tolerance cuts about sqrt(2) times finer. */
static void test_line_count(void)
{
    lr_path c = {0};
    lr_path_add_circle(&c, (lr_vec2){0, 0}, 1);
    uint32_t total = 0;
    double worst = 0;
    for (uint32_t k = 0; k < c.subpaths[0].ncurves; k++) {
        const lr_vec2 *cub = c.points + 3 * k;
        uint32_t n = lr_cubic_line_count(cub, 1e-3f);
        total += n;
        for (uint32_t i = 0; i < n; i++) {
            lr_vec2 a = lr_cubic_point(cub, (float)i / n), b = lr_cubic_point(cub, (float)(i + 1) / n);
            for (int j = 1; j < 8; j++) {
                float t = ((float)i + j / 8.0f) / n;
                lr_vec2 p = lr_cubic_point(cub, t);
                double dx = b.x - a.x, dy = b.y - a.y, len = hypot(dx, dy);
                double d = fabs((p.x - a.x) * dy - (p.y - a.y) * dx) / len;
                worst = fmax(worst, d);
            }
        }
    }
    LRT_CHECK_MSG(worst <= 1e-3, "a chord %g from its curve", worst);
    LRT_CHECK_MSG(total >= 40 && total <= 120, "%u chords for a unit circle at 1e-3", total);
    lr_vec2 line[4] = {{0, 0}, {1.0f / 3, 0}, {2.0f / 3, 0}, {1, 0}};
    LRT_CHECK(lr_cubic_line_count(line, 1e-6f) == 1);
    LRT_CHECK(lr_cubic_line_count(c.points, 0) == 1);
    lr_path_free(&c);
}

int main(void)
{
    test_rules();
    test_circles();
    test_paths_of_an_operand();
    test_edges();
    test_line_count();
    return lrt_finish("geometry_boolean");
}
