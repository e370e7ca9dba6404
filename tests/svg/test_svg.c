/* SVG: the path-data and transform parsers with exact numbers, documents
 * with shapes, styles, <use> and viewBox, and hostile input. */
#include "lrtest.h"
#include "svg/svg_internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

/* On-curve point k of subpath s. */
static lr_vec2 on(const lr_path *p, uint32_t s, uint32_t k)
{
    return p->points[p->subpaths[s].first + 3 * k];
}

static void check_pt(lr_vec2 p, float x, float y, const char *what)
{
    LRT_CHECK_MSG(fabsf(p.x - x) < 1e-3f && fabsf(p.y - y) < 1e-3f, "%s: got (%g, %g), expected (%g, %g)", what,
                  (double)p.x, (double)p.y, (double)x, (double)y);
}

static void test_path_commands(void)
{
    lr_path p = {0};
    lr_error err;
    LRT_CHECK_OK(lr_svg_parse_path_data("M10 20L30 40H50V60C1 2 3 4 5 6S7 8 9 10Q11 12 13 14T15 16Z", &p, &err));
    LRT_CHECK(p.nsubpaths == 1);
    if (p.nsubpaths == 1) {
        LRT_CHECK(p.subpaths[0].closed);
        check_pt(on(&p, 0, 0), 10, 20, "M");
        check_pt(on(&p, 0, 1), 30, 40, "L");
        check_pt(on(&p, 0, 2), 50, 40, "H");
        check_pt(on(&p, 0, 3), 50, 60, "V");
        check_pt(on(&p, 0, 4), 5, 6, "C");
        /* S reflects C's second control (3,4) about (5,6): (7,8). */
        check_pt(p.points[p.subpaths[0].first + 3 * 4 + 1], 7, 8, "S control");
        check_pt(on(&p, 0, 5), 9, 10, "S");
        check_pt(on(&p, 0, 6), 13, 14, "Q");
        check_pt(on(&p, 0, 7), 15, 16, "T");
        /* T's implied control is Q's (11,12) reflected about (13,14) =
         * (15,16); as a cubic its first control is p0 + 2/3 (q - p0). */
        check_pt(p.points[p.subpaths[0].first + 3 * 6 + 1], 13 + 2.0f / 3 * 2, 14 + 2.0f / 3 * 2, "T control");
        check_pt(on(&p, 0, p.subpaths[0].ncurves), 10, 20, "Z back to start");
    }
    lr_path_free(&p);

    /* Relative forms and implicit repeats. */
    LRT_CHECK_OK(lr_svg_parse_path_data("m10 20 5 5l1 1h2v3c0 0 1 1 2 2s1 1 2 2q1 1 2 2t2 2z m1 1 h1", &p, &err));
    LRT_CHECK(p.nsubpaths == 2);
    if (p.nsubpaths == 2) {
        check_pt(on(&p, 0, 1), 15, 25, "implicit relative l after m");
        check_pt(on(&p, 0, 2), 16, 26, "l");
        check_pt(on(&p, 0, 3), 18, 26, "h");
        check_pt(on(&p, 0, 4), 18, 29, "v");
        check_pt(on(&p, 0, 5), 20, 31, "c");
        check_pt(on(&p, 0, 6), 22, 33, "s");
        check_pt(on(&p, 0, 7), 24, 35, "q");
        check_pt(on(&p, 0, 8), 26, 37, "t");
        /* after z the current point is the subpath start (10,20) */
        check_pt(on(&p, 1, 0), 11, 21, "m after z");
        check_pt(on(&p, 1, 1), 12, 21, "h");
    }
    lr_path_free(&p);

    /* Packed numbers as dvisvgm writes them. */
    LRT_CHECK_OK(lr_svg_parse_path_data("M8.07-3.20L.5.5l-1-1e1H1e-1", &p, &err));
    if (p.nsubpaths == 1 && p.subpaths[0].ncurves == 3) {
        check_pt(on(&p, 0, 0), 8.07f, -3.2f, "packed M");
        check_pt(on(&p, 0, 1), 0.5f, 0.5f, "packed .5.5");
        check_pt(on(&p, 0, 2), -0.5f, -9.5f, "exponent");
        check_pt(on(&p, 0, 3), 0.1f, -9.5f, "negative exponent");
    } else {
        LRT_CHECK_MSG(0, "packed path: %u subpaths", p.nsubpaths);
    }
    lr_path_free(&p);
}

static void test_arcs(void)
{
    lr_path p = {0};
    lr_error err;
    /* Half circle of radius 10 around (10,0); sweep 1 goes through y = -10. */
    LRT_CHECK_OK(lr_svg_parse_path_data("M0 0A10 10 0 0 1 20 0", &p, &err));
    LRT_CHECK(p.nsubpaths == 1 && p.subpaths[0].ncurves == 2);
    if (p.nsubpaths == 1 && p.subpaths[0].ncurves == 2) {
        check_pt(on(&p, 0, 1), 10, -10, "arc middle");
        check_pt(on(&p, 0, 2), 20, 0, "arc end");
        /* the cubic's midpoint stays on the circle */
        lr_vec2 c[4] = {p.points[0], p.points[1], p.points[2], p.points[3]};
        lr_vec2 m = lr_cubic_point(c, 0.5f);
        LRT_CHECK_NEAR(hypotf(m.x - 10, m.y), 10.0, 0.01);
    }
    lr_path_free(&p);

    /* Same arc with packed flags and relative end point. */
    LRT_CHECK_OK(lr_svg_parse_path_data("M0 0a10 10 0 0120 0", &p, &err));
    if (p.nsubpaths == 1 && p.subpaths[0].ncurves == 2) {
        check_pt(on(&p, 0, 1), 10, -10, "packed flags middle");
        check_pt(on(&p, 0, 2), 20, 0, "packed flags end");
    } else {
        LRT_CHECK_MSG(0, "packed-flag arc did not parse into 2 curves");
    }
    lr_path_free(&p);

    /* Large arc: three quarters of the circle through (0,0) and (10,10). */
    LRT_CHECK_OK(lr_svg_parse_path_data("M0 0A10 10 0 1 0 10 10", &p, &err));
    LRT_CHECK(p.nsubpaths == 1 && p.subpaths[0].ncurves == 3);
    if (p.nsubpaths == 1) {
        float worst0 = 0, worst1 = 0; /* distance errors for both candidate centres */
        for (uint32_t k = 0; k <= p.subpaths[0].ncurves; k++) {
            lr_vec2 q = on(&p, 0, k);
            worst0 = fmaxf(worst0, fabsf(hypotf(q.x - 10, q.y) - 10));
            worst1 = fmaxf(worst1, fabsf(hypotf(q.x, q.y - 10) - 10));
        }
        LRT_CHECK(fminf(worst0, worst1) < 1e-3f);
        check_pt(on(&p, 0, 3), 10, 10, "large arc end");
    }
    lr_path_free(&p);

    /* Radii too small are scaled up (F.6.6): a half circle of radius 5. */
    LRT_CHECK_OK(lr_svg_parse_path_data("M0 0A1 1 0 0 0 10 0", &p, &err));
    if (p.nsubpaths == 1 && p.subpaths[0].ncurves == 2)
        check_pt(on(&p, 0, 1), 5, 5, "scaled radii middle");
    else
        LRT_CHECK_MSG(0, "scaled arc has %u subpaths", p.nsubpaths);
    lr_path_free(&p);

    /* Rotated ellipse: 30 degrees, rx 20, ry 10, from one end of the major
     * axis to the other. */
    float c30 = cosf(3.14159265f / 6), s30 = sinf(3.14159265f / 6);
    char d[128];
    snprintf(d, sizeof d, "M%f %fA20 10 30 0 1 %f %f", (double)(-20 * c30), (double)(-20 * s30), (double)(20 * c30),
             (double)(20 * s30));
    LRT_CHECK_OK(lr_svg_parse_path_data(d, &p, &err));
    if (p.nsubpaths == 1 && p.subpaths[0].ncurves == 2) {
        /* the middle point is an end of the minor axis (the centre of a
         * half ellipse is ill-conditioned: a sqrt of a near-zero term) */
        lr_vec2 m = on(&p, 0, 1);
        LRT_CHECK_NEAR(hypotf(m.x, m.y), 10.0, 1e-2);
    } else {
        LRT_CHECK_MSG(0, "rotated arc has %u subpaths", p.nsubpaths);
    }
    lr_path_free(&p);

    /* A zero radius is a straight line. */
    LRT_CHECK_OK(lr_svg_parse_path_data("M0 0A0 5 0 0 1 10 0", &p, &err));
    LRT_CHECK(p.nsubpaths == 1 && p.subpaths[0].ncurves == 1);
    lr_path_free(&p);
}

static void test_path_errors(void)
{
    static const char *const bad[] = {"L10 10", "M10", "M0 0 X 1", "M0 0L1", "M0 0A1 1 0 2 1 5 5", "5 5",
                                      "M0 0Z 1 1", "M inf 0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lr_path p = {0};
        lr_error err = {0};
        lr_status st = lr_svg_parse_path_data(bad[i], &p, &err);
        LRT_CHECK_MSG(st == LR_ERR_SVG, "\"%s\" gave %s", bad[i], lr_strerror(st));
        LRT_CHECK_MSG(strstr(err.message, "path data") != NULL, "message: %s", err.message);
        lr_path_free(&p);
    }
    lr_path p = {0};
    uint32_t used = 0;
    lr_error err;
    LRT_CHECK_STATUS(lr_svg_path_parse_limited("M0 0L1 1L2 2L3 3L4 4", &p, 3, &used, &err), LR_ERR_LIMIT);
    lr_path_free(&p);
}

static void check_map(const char *t, float x, float y, float ex, float ey)
{
    lr_affine m;
    lr_error err;
    LRT_CHECK_OK(lr_svg_parse_transform(t, &m, &err));
    lr_vec2 q = lr_affine_apply(m, (lr_vec2){x, y});
    LRT_CHECK_MSG(fabsf(q.x - ex) < 1e-4f && fabsf(q.y - ey) < 1e-4f, "%s maps (%g,%g) to (%g,%g), expected (%g,%g)",
                  t, (double)x, (double)y, (double)q.x, (double)q.y, (double)ex, (double)ey);
}

static void test_transforms(void)
{
    check_map("translate(10 20)", 1, 1, 11, 21);
    check_map("translate(10)", 1, 1, 11, 1);
    check_map("scale(2)", 1, 3, 2, 6);
    check_map("scale(2,-1)", 1, 3, 2, -3);
    check_map("rotate(90)", 1, 0, 0, 1);
    check_map("rotate(90 10 10)", 20, 10, 10, 20);
    check_map("skewX(45)", 0, 1, 1, 1);
    check_map("skewY(45)", 1, 0, 1, 1);
    check_map("matrix(1 2 3 4 5 6)", 1, 1, 9, 12);
    check_map("translate(10) scale(2)", 1, 1, 12, 2); /* the rightmost applies first */
    check_map("scale(2),translate(10)", 1, 1, 22, 2);
    check_map("  ", 3, 4, 3, 4);
    lr_affine m;
    lr_error err;
    LRT_CHECK_STATUS(lr_svg_parse_transform("rotate(1 2)", &m, &err), LR_ERR_SVG);
    LRT_CHECK_STATUS(lr_svg_parse_transform("foo(1)", &m, &err), LR_ERR_SVG);
    LRT_CHECK_STATUS(lr_svg_parse_transform("translate(1", &m, &err), LR_ERR_SVG);
}

static lr_svg_options raw_options(void)
{
    lr_svg_options o = lr_svg_options_default();
    o.height = 0;
    o.scale = 1;
    o.center = false;
    return o;
}

static lr_mobject *load(const char *doc, const lr_svg_options *o, lr_svg_warnings *w)
{
    lr_mobject *m = NULL;
    lr_error err = {0};
    lr_status st = lr_svg_load_memory(doc, strlen(doc), o, &m, w, &err);
    LRT_CHECK_MSG(st == LR_OK, "load failed: %s", err.message);
    return m;
}

static void check_rect(lr_rect r, float x0, float y0, float x1, float y1, const char *what)
{
    LRT_CHECK_MSG(fabsf(r.x0 - x0) < 1e-3f && fabsf(r.y0 - y0) < 1e-3f && fabsf(r.x1 - x1) < 1e-3f &&
                      fabsf(r.y1 - y1) < 1e-3f,
                  "%s: bounds (%g %g %g %g), expected (%g %g %g %g)", what, (double)r.x0, (double)r.y0, (double)r.x1,
                  (double)r.y1, (double)x0, (double)y0, (double)x1, (double)y1);
}

static bool color_is(lr_color c, float r, float g, float b, float a)
{
    return fabsf(c.r - r) < 0.01f && fabsf(c.g - g) < 0.01f && fabsf(c.b - b) < 0.01f && fabsf(c.a - a) < 0.01f;
}

static void test_shapes(void)
{
    static const char doc[] =
        "<svg xmlns='http://www.w3.org/2000/svg'>"
        "<rect x='10' y='20' width='30' height='40'/>"
        "<rect x='0' y='0' width='10' height='10' rx='2'/>"
        "<circle cx='50' cy='50' r='5'/>"
        "<ellipse cx='0' cy='0' rx='4' ry='2'/>"
        "<line x1='1' y1='2' x2='3' y2='4' stroke='black'/>"
        "<polyline points='0,0 10,0 10,10'/>"
        "<polygon points='0 0, 5 0 5 5'/>"
        "<rect width='0' height='5'/>"
        "</svg>";
    lr_svg_options o = raw_options();
    lr_mobject *m = load(doc, &o, NULL);
    if (!m)
        return;
    LRT_CHECK(lr_mobject_child_count(m) == 7);
    if (lr_mobject_child_count(m) == 7) {
        /* y flips into scene space */
        check_rect(lr_mobject_bounds(lr_mobject_child(m, 0)), 10, -60, 40, -20, "rect");
        check_rect(lr_mobject_bounds(lr_mobject_child(m, 1)), 0, -10, 10, 0, "rounded rect");
        LRT_CHECK(lr_path_curve_count(lr_mobject_path_const(lr_mobject_child(m, 1))) == 8);
        check_rect(lr_mobject_bounds(lr_mobject_child(m, 2)), 45, -55, 55, -45, "circle");
        check_rect(lr_mobject_bounds(lr_mobject_child(m, 3)), -4, -2, 4, 2, "ellipse");
        check_rect(lr_mobject_bounds(lr_mobject_child(m, 4)), 1, -4, 3, -2, "line");
        check_rect(lr_mobject_bounds(lr_mobject_child(m, 5)), 0, -10, 10, 0, "polyline");
        LRT_CHECK(!lr_mobject_path_const(lr_mobject_child(m, 5))->subpaths[0].closed);
        LRT_CHECK(lr_mobject_path_const(lr_mobject_child(m, 6))->subpaths[0].closed);
        lr_style ls = lr_mobject_get_style(lr_mobject_child(m, 4));
        LRT_CHECK(color_is(ls.stroke, 0, 0, 0, 1));
        LRT_CHECK_NEAR(ls.stroke_width, 1.0, 1e-5);
        lr_style rs = lr_mobject_get_style(lr_mobject_child(m, 0));
        LRT_CHECK(color_is(rs.fill, 0, 0, 0, 1)); /* SVG's initial fill */
        LRT_CHECK(rs.stroke.a == 0.0f || rs.stroke_width == 0.0f);
    }
    lr_mobject_destroy(m);
}

static void test_structure_and_style(void)
{
    static const char doc[] =
        "<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink'>"
        "<use xlink:href='#sq' x='100'/>"                              /* forward reference */
        "<g transform='translate(10 0)' fill='#00ff00'>"
        "  <g transform='scale(2)'><rect width='1' height='1'/></g>"   /* nested, inherited fill */
        "</g>"
        "<rect width='1' height='1' style='fill: #ff0000; stroke:blue ;stroke-width:2'/>"
        "<g opacity='0.5'><rect width='1' height='1' fill-opacity='.5' fill='white'/></g>"
        "<rect width='1' height='1' fill='currentColor' color='#0000ff'/>"
        "<rect width='1' height='1' fill='none' stroke='rgb(255,0,0)'/>"
        "<rect width='1' height='1' display='none'/>"
        "<rect width='1' height='1' style='display:none'/>"
        "<path d='M0 0L4 0L4 4Z' fill-rule='evenodd' stroke-linejoin='round' stroke-linecap='square'/>"
        "<defs><rect id='sq' width='2' height='2' fill='#123456'/></defs>"
        "</svg>";
    lr_svg_options o = raw_options();
    lr_svg_warnings w = {0};
    lr_mobject *m = load(doc, &o, &w);
    if (!m)
        return;
    LRT_CHECK_MSG(lr_mobject_child_count(m) == 7, "%zu children", lr_mobject_child_count(m));
    if (lr_mobject_child_count(m) == 7) {
        check_rect(lr_mobject_bounds(lr_mobject_child(m, 0)), 100, -2, 102, 0, "use x=100");
        LRT_CHECK(color_is(lr_mobject_get_style(lr_mobject_child(m, 0)).fill, 0x12 / 255.f, 0x34 / 255.f,
                           0x56 / 255.f, 1));
        check_rect(lr_mobject_bounds(lr_mobject_child(m, 1)), 10, -2, 12, 0, "nested transforms");
        LRT_CHECK(color_is(lr_mobject_get_style(lr_mobject_child(m, 1)).fill, 0, 1, 0, 1));
        lr_style s2 = lr_mobject_get_style(lr_mobject_child(m, 2));
        LRT_CHECK(color_is(s2.fill, 1, 0, 0, 1));
        LRT_CHECK(color_is(s2.stroke, 0, 0, 1, 1));
        LRT_CHECK_NEAR(s2.stroke_width, 2.0, 1e-5);
        LRT_CHECK(color_is(lr_mobject_get_style(lr_mobject_child(m, 3)).fill, 1, 1, 1, 0.25f));
        LRT_CHECK(color_is(lr_mobject_get_style(lr_mobject_child(m, 4)).fill, 0, 0, 1, 1));
        lr_style s5 = lr_mobject_get_style(lr_mobject_child(m, 5));
        LRT_CHECK(s5.fill.a == 0.0f);
        LRT_CHECK(color_is(s5.stroke, 1, 0, 0, 1));
        lr_style s6 = lr_mobject_get_style(lr_mobject_child(m, 6));
        LRT_CHECK(s6.fill_rule == LR_FILL_EVENODD && s6.join == LR_JOIN_ROUND && s6.cap == LR_CAP_SQUARE);
    }
    LRT_CHECK(w.count == 0);
    lr_svg_warnings_free(&w);
    lr_mobject_destroy(m);
}

static void test_viewbox_and_size(void)
{
    static const char doc[] = "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100' viewBox='10 0 20 10'>"
                              "<rect x='10' width='20' height='10' stroke='black' stroke-width='1'/></svg>";
    lr_svg_options o = raw_options();
    lr_mobject *m = load(doc, &o, NULL);
    if (m) {
        check_rect(lr_mobject_bounds(m), 0, -100, 200, 0, "viewBox to 200x100");
        LRT_CHECK_NEAR(lr_mobject_get_style(lr_mobject_child(m, 0)).stroke_width, 10.0, 1e-4);
        lr_mobject_destroy(m);
    }
    /* Default options: 2 units high, centred. */
    m = load(doc, NULL, NULL);
    if (m) {
        check_rect(lr_mobject_bounds(m), -2, -1, 2, 1, "height 2, centred");
        LRT_CHECK_NEAR(lr_mobject_get_style(lr_mobject_child(m, 0)).stroke_width, 0.2, 1e-4);
        lr_mobject_destroy(m);
    }
    /* Units: 72pt is 96 px. */
    m = load("<svg xmlns='http://www.w3.org/2000/svg'><rect width='72pt' height='1in'/></svg>", &o, NULL);
    if (m) {
        check_rect(lr_mobject_bounds(m), 0, -96, 96, 0, "pt and in");
        lr_mobject_destroy(m);
    }
}

static void test_unsupported(void)
{
    static const char doc[] =
        "<svg xmlns='http://www.w3.org/2000/svg'>"
        "<defs><linearGradient id='g'><stop offset='0' stop-color='#ff8000'/><stop offset='1' stop-color='blue'/>"
        "</linearGradient><filter id='f'/></defs>"
        "<rect width='1' height='1' fill='url(#g)'/>"
        "<rect width='1' height='1' fill='url(#missing) #00ff00'/>"
        "<rect width='1' height='1' filter='url(#f)'/>"
        "<text x='0' y='0'>hello</text>"
        "<image href='x.png' width='1' height='1'/>"
        "</svg>";
    lr_svg_options o = raw_options();
    lr_svg_warnings w = {0};
    lr_mobject *m = load(doc, &o, &w);
    if (!m)
        return;
    LRT_CHECK(lr_mobject_child_count(m) == 3);
    if (lr_mobject_child_count(m) == 3) {
        LRT_CHECK(color_is(lr_mobject_get_style(lr_mobject_child(m, 0)).fill, 1, 0x80 / 255.f, 0, 1));
        LRT_CHECK(color_is(lr_mobject_get_style(lr_mobject_child(m, 1)).fill, 0, 1, 0, 1));
    }
    LRT_CHECK_MSG(w.count == 5, "%zu warnings", w.count);
    bool text = false, filter = false;
    for (size_t i = 0; i < w.count; i++) {
        text |= strstr(w.messages[i], "<text>") != NULL;
        filter |= strstr(w.messages[i], "filter") != NULL;
    }
    LRT_CHECK(text && filter);
    lr_svg_warnings_free(&w);
    LRT_CHECK(w.count == 0 && w.messages == NULL);
    lr_mobject_destroy(m);
}

static void expect_error(const char *doc, const lr_svg_options *o, lr_status expected, const char *needle)
{
    lr_mobject *m = NULL;
    lr_error err = {0};
    lr_status st = lr_svg_load_memory(doc, strlen(doc), o, &m, NULL, &err);
    LRT_CHECK_MSG(st == expected, "\"%.40s...\" gave %s (%s)", doc, lr_strerror(st), err.message);
    LRT_CHECK(m == NULL);
    if (needle)
        LRT_CHECK_MSG(strstr(err.message, needle) != NULL, "message \"%s\" lacks \"%s\"", err.message, needle);
    lr_mobject_destroy(m);
}

static void test_malformed_and_limits(void)
{
    expect_error("<svg><rect></svg>", NULL, LR_ERR_SVG, "line 1");
    expect_error("<svg xmlns='http://www.w3.org/2000/svg'><rect x='1' y='2'", NULL, LR_ERR_SVG, "malformed");
    expect_error("<svg><path d='M0 0L1 1'/></sv", NULL, LR_ERR_SVG, NULL);
    expect_error("", NULL, LR_ERR_SVG, NULL);
    expect_error("<html><body/></html>", NULL, LR_ERR_SVG, "expected <svg>");
    expect_error("\x89PNG\r\n\x1a\n", NULL, LR_ERR_SVG, NULL);
    expect_error("<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>"
                 "<svg>&b;</svg>",
                 NULL, LR_ERR_SVG, "entity");

    /* nesting deeper than the cap */
    char deep[4096] = "<svg>";
    for (int i = 0; i < 100; i++)
        strcat(deep, "<g>");
    for (int i = 0; i < 100; i++)
        strcat(deep, "</g>");
    strcat(deep, "</svg>");
    expect_error(deep, NULL, LR_ERR_LIMIT, "nested");

    lr_svg_options o = lr_svg_options_default();
    o.max_elements = 10;
    char many[4096] = "<svg>";
    for (int i = 0; i < 20; i++)
        strcat(many, "<rect width='1' height='1'/>");
    strcat(many, "</svg>");
    expect_error(many, &o, LR_ERR_LIMIT, "too many elements");

    o = lr_svg_options_default();
    o.max_path_commands = 5;
    expect_error("<svg><path d='M0 0L1 1L2 2L3 3L4 4L5 5L6 6'/></svg>", &o, LR_ERR_LIMIT, "commands");

    o = lr_svg_options_default();
    o.max_bytes = 16;
    expect_error("<svg><rect width='1' height='1'/></svg>", &o, LR_ERR_LIMIT, "limit");

    /* <use> that refers to itself */
    expect_error("<svg><use id='a' href='#a'/></svg>", NULL, LR_ERR_LIMIT, "<use>");

    /* <use> of <use> of ...: ten copies per level, eight levels deep,
     * would be 10^8 shapes from a 1 KB file */
    char bomb[4096] = "<svg><defs><rect id='l0' width='1' height='1'/>";
    for (int level = 1; level <= 8; level++) {
        char g[400];
        int n = snprintf(g, sizeof g, "<g id='l%d'>", level);
        for (int k = 0; k < 10; k++)
            n += snprintf(g + n, sizeof g - (size_t)n, "<use href='#l%d'/>", level - 1);
        snprintf(g + n, sizeof g - (size_t)n, "</g>");
        strcat(bomb, g);
    }
    strcat(bomb, "</defs><use href='#l8'/></svg>");
    o = lr_svg_options_default();
    o.max_elements = 1000; /* the cap on expansion follows the element cap */
    expect_error(bomb, &o, LR_ERR_LIMIT, "expand");
    expect_error(bomb, NULL, LR_ERR_LIMIT, "expand");

    /* duplicate ids: the first one wins */
    lr_svg_options raw = raw_options();
    lr_mobject *dup = load("<svg><defs><rect id='r' width='1' height='1'/><rect id='r' width='5' height='5'/></defs>"
                           "<use href='#r'/></svg>",
                           &raw, NULL);
    if (dup) {
        check_rect(lr_mobject_bounds(dup), 0, -1, 1, 0, "first duplicate id");
        lr_mobject_destroy(dup);
    }

    /* a broken path is drawn up to the error, with a warning */
    lr_svg_warnings w = {0};
    lr_mobject *m = load("<svg><path d='M0 0L10 0L10 10 oops'/></svg>", NULL, &w);
    if (m) {
        LRT_CHECK(lr_mobject_child_count(m) == 1);
        LRT_CHECK(w.count == 1);
        lr_mobject_destroy(m);
    }
    lr_svg_warnings_free(&w);

    lr_error err;
    m = NULL;
    LRT_CHECK_STATUS(lr_svg_load_file("/nonexistent/icon.svg", NULL, &m, NULL, &err), LR_ERR_IO);
    LRT_CHECK(strstr(err.message, "/nonexistent/icon.svg") != NULL);
}

/* Every icon of the installed Adwaita theme loads, as a robustness sweep
 * over real-world files. */
static void test_icon_theme(void)
{
    static const char *const dirs[] = {"actions", "apps", "categories", "devices", "emblems", "mimetypes",
                                       "places", "status", "legacy"};
    int loaded = 0, failed = 0;
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char dir[256];
        snprintf(dir, sizeof dir, "/usr/share/icons/Adwaita/scalable/%s", dirs[d]);
        DIR *h = opendir(dir);
        if (!h)
            continue;
        struct dirent *e;
        while ((e = readdir(h)) != NULL) {
            size_t n = strlen(e->d_name);
            if (n < 5 || strcmp(e->d_name + n - 4, ".svg") != 0)
                continue;
            char path[600];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            lr_mobject *m = NULL;
            lr_error err;
            lr_svg_warnings w = {0};
            if (lr_svg_load_file(path, NULL, &m, &w, &err) == LR_OK && lr_mobject_child_count(m) > 0) {
                loaded++;
                lr_rect b = lr_mobject_bounds(m);
                if (fabsf((b.y1 - b.y0) - 2.0f) > 1e-3f) {
                    failed++;
                    fprintf(stderr, "%s: height %g\n", path, (double)(b.y1 - b.y0));
                }
            } else {
                failed++;
                fprintf(stderr, "%s: %s\n", path, m ? "no shapes" : err.message);
            }
            lr_svg_warnings_free(&w);
            lr_mobject_destroy(m);
        }
        closedir(h);
    }
    printf("Adwaita icons: %d loaded, %d failed\n", loaded, failed);
    if (loaded + failed > 0)
        LRT_CHECK(failed == 0);
}

int main(void)
{
    test_path_commands();
    test_arcs();
    test_path_errors();
    test_transforms();
    test_shapes();
    test_structure_and_style();
    test_viewbox_and_size();
    test_unsupported();
    test_malformed_and_limits();
    test_icon_theme();
    return lrt_finish("svg_parse");
}
