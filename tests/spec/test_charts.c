/* Bar charts and tables in the spec (version 2), checked on numbers: a
 * bar's top at its value in the chart's coordinates (its c2p, and the
 * lengths the spec gives), bars' x positions and widths, names under or
 * over them, the gradient of colours, Manim's default y range; in the
 * middle of a ChangeBarValues each top at the interpolated value (after
 * the chart has moved, through 0, with fewer values than bars); a chart
 * that follows a value; a table's entries centred in their grid cells
 * with the lines in the middle of the gaps; rows, columns, cells and
 * labels as parts that hold exactly their entries; a MathTable in one TeX
 * run; and the validator's errors with their JSON paths. */
#include "spec_check.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static lr_vec2 center_of(spec_built *b, const char *id)
{
    lr_mobject *m = lr_scene_find(b->scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    lr_rect r = m ? spec_world_box(m) : lr_rect_empty();
    return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f};
}

/* The shape of object id as spec_built: its mobject, or the one child of the
 * container of an object rebuilt at every frame. */
static lr_mobject *shape(spec_built *b, const char *id, bool live)
{
    lr_mobject *m = lr_scene_find(b->scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    if (m && live)
        m = m->nchildren == 1 ? m->children[0] : NULL;
    LRT_CHECK_MSG(m && m->nchildren == 3, "%s: expected three parts", id);
    return m && m->nchildren == 3 ? m : NULL;
}

/* The chart's frame, from dots at its c2p(0, 0) and c2p(1, 1). */
typedef struct frame {
    lr_vec2 o;
    double sx, sy;
} frame;

static frame frame_of(spec_built *b)
{
    lr_vec2 o = center_of(b, "o"), u = center_of(b, "u");
    return (frame){o, u.x - o.x, u.y - o.y};
}

#define DOTS                                                                                                    \
    ", {'id': 'o', 'type': 'dot', 'point': 'c.c2p(0, 0)', 'radius': 0.01}, {'id': 'u', 'type': 'dot', 'point': " \
    "'c.c2p(1, 1)', 'radius': 0.01}"
#define SPEC(objects, timeline)                                                                                 \
    "{'version': 2, 'meta': {'quality': 'l'}, 'sections': [{'id': 's', 'title': 't', 'objects': [" objects     \
    "], 'timeline': [" timeline "]}]}"

/* Bars where the spec puts them: x spacing x_length / n, width bar_width
 * of that, height the value times y_length / the y range, on the x axis,
 * up or down; names centred under them (over a bar that goes down). */
static void check_geometry(void)
{
    spec_built b;
    if (!spec_built_open(SPEC("{'id': 'c', 'type': 'bar_chart', 'values': [2, -1, 3, 0], 'bar_names': ['a', 'b', 'c', 'd'], "
                    "'y_range': [-2, 4, 1], 'x_length': 6, 'y_length': 3, 'bar_width': 0.5, 'position': [1, -0.5]}" DOTS,
                    "{'add': ['c', 'o', 'u']}, {'wait': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    frame f = frame_of(&b);
    LRT_CHECK_NEAR(f.sx, 6.0 / 4, 1e-4); /* x range [0, 4] over 6 */
    LRT_CHECK_NEAR(f.sy, 3.0 / 6, 1e-4); /* y range [-2, 4] over 3 */
    lr_vec2 mid = center_of(&b, "c");
    LRT_CHECK_NEAR(mid.x, 1, 1e-4);
    LRT_CHECK_NEAR(mid.y, -0.5, 1e-4);
    lr_mobject *c = shape(&b, "c", false);
    if (!c) {
        spec_built_close(&b);
        return;
    }
    lr_mobject *bars = c->children[0], *axes = c->children[1], *names = c->children[2];
    /* The axes' lines: the y axis from y = -2 to 4, the x axis 0 to 4. */
    lr_rect lines = spec_world_box(axes->children[0]);
    LRT_CHECK_NEAR(lines.y1 - lines.y0, 3, 1e-4);
    LRT_CHECK_NEAR(lines.y0, f.o.y - 2 * f.sy, 1e-4);
    LRT_CHECK_NEAR(lines.x1, f.o.x + 4 * f.sx, 1e-4);
    const double v[4] = {2, -1, 3, 0};
    LRT_CHECK(bars->nchildren == 4 && names->nchildren == 4);
    for (size_t i = 0; i < 4 && i < bars->nchildren; i++) {
        lr_rect r = spec_world_box(bars->children[i]);
        double cx = f.o.x + (i + 0.5) * 1.5;
        LRT_CHECK_NEAR((r.x0 + r.x1) / 2, cx, 1e-4);
        LRT_CHECK_NEAR(r.x1 - r.x0, 0.5 * 1.5, 1e-4);
        LRT_CHECK_NEAR(r.y1 - r.y0, fabs(v[i]) * 0.5, 1e-4);
        LRT_CHECK_NEAR(v[i] >= 0 ? r.y0 : r.y1, f.o.y, 1e-4);
        LRT_CHECK_NEAR(v[i] >= 0 ? r.y1 : r.y0, f.o.y + v[i] * f.sy, 1e-4);
        if (i < names->nchildren) {
            lr_rect n = spec_world_box(names->children[i]);
            LRT_CHECK_NEAR((n.x0 + n.x1) / 2, cx, 1e-4);
            if (v[i] < 0)
                LRT_CHECK_NEAR(n.y0, f.o.y + 0.25, 1e-4);
            else
                LRT_CHECK_NEAR(n.y1, f.o.y - 0.25, 1e-4);
        }
    }
    spec_built_close(&b);
}

static bool same_rgb(lr_color a, lr_color b, double eps)
{
    return fabs(a.r - b.r) <= eps && fabs(a.g - b.g) <= eps && fabs(a.b - b.b) <= eps;
}

/* bar_colors as Manim's set_color_by_gradient, the fill at
 * bar_fill_opacity and the outline bar_stroke_width wide; Manim's default
 * colours; the default y range from the values, with Manim's step. */
static void check_colors_and_defaults(void)
{
    spec_built b;
    if (!spec_built_open(SPEC("{'id': 'c', 'type': 'bar_chart', 'values': [2, 5, -1], 'bar_colors': ['RED', 'BLUE'], "
                    "'bar_fill_opacity': 0.4, 'bar_stroke_width': 6}, {'id': 'd', 'type': 'bar_chart', 'values': [1, 2, "
                    "3, 4, 5]}" DOTS,
                    "{'add': ['c', 'd', 'o', 'u']}, {'wait': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    lr_mobject *c = shape(&b, "c", false), *d = shape(&b, "d", false);
    lr_color red, blue;
    lr_color_parse("RED", &red);
    lr_color_parse("BLUE", &blue);
    lr_color half = {(red.r + blue.r) / 2, (red.g + blue.g) / 2, (red.b + blue.b) / 2, 1};
    const lr_color want[3] = {red, half, blue};
    for (size_t i = 0; c && i < 3; i++) {
        lr_style st = c->children[0]->children[i]->style;
        LRT_CHECK_MSG(same_rgb(st.fill, want[i], 1e-5) && same_rgb(st.stroke, want[i], 1e-5), "bar %zu's colour", i);
        LRT_CHECK_NEAR(st.fill.a, 0.4, 1e-5);
        LRT_CHECK_NEAR(st.stroke.a, 1, 1e-5);
        LRT_CHECK_NEAR(st.stroke_width, 0.06, 1e-6);
    }
    static const char *const manim[5] = {"#003f5c", "#58508d", "#bc5090", "#ff6361", "#ffa600"};
    for (size_t i = 0; d && i < 5; i++) {
        lr_color m;
        lr_color_parse(manim[i], &m);
        LRT_CHECK_MSG(same_rgb(d->children[0]->children[i]->style.fill, m, 1e-5), "default colour %zu", i);
        LRT_CHECK_NEAR(d->children[0]->children[i]->style.fill.a, 0.7, 1e-5);
    }
    /* No y_range: [-1, 5] over Manim's y_length 4; x_length the 3 values. */
    frame f = frame_of(&b);
    LRT_CHECK_NEAR(f.sx, 1, 1e-4);
    LRT_CHECK_NEAR(f.sy, 4.0 / 6, 1e-4);
    if (c) {
        lr_rect lines = spec_world_box(c->children[1]->children[0]);
        LRT_CHECK_NEAR(lines.y1 - lines.y0, 4, 1e-4);
        /* Numbers at Manim's step round(5 / 4, 2) = 1.25: 1.25, 2.50,
         * 3.75, 5.00 (0, where the x axis crosses, has none). */
        LRT_CHECK_MSG(c->children[1]->nchildren == 1 + 4, "%zu numbers on the y axis", c->children[1]->nchildren - 1);
        lr_rect top = spec_world_box(c->children[1]->children[4]);
        LRT_CHECK_NEAR((top.y0 + top.y1) / 2, f.o.y + 5 * f.sy, 1e-3);
    }
    spec_built_close(&b);
}

/* The value bar i shows: the height of its top over the axis, in the
 * chart's units. */
static double bar_value(spec_built *b, frame f, size_t i, bool *down_ok)
{
    lr_mobject *c = shape(b, "c", false);
    if (!c || i >= c->children[0]->nchildren)
        return NAN;
    lr_rect r = spec_world_box(c->children[0]->children[i]);
    /* One end on the axis, the other at the value. */
    bool base_low = fabs(r.y0 - f.o.y) < 1e-4, base_high = fabs(r.y1 - f.o.y) < 1e-4;
    *down_ok = base_low || base_high;
    return base_low ? (r.y1 - f.o.y) / f.sy : (r.y0 - f.o.y) / f.sy;
}

/* ChangeBarValues after the chart has moved: each top on the straight
 * way from its value to the new one (linear, then smooth), a bar through
 * 0 to the other side, a bar from 0, fewer values than bars; sought out
 * of order; its colour back to the gradient as Manim's update_colors. */
static void check_change_bar_values(void)
{
    spec_built b;
    if (!spec_built_open(SPEC("{'id': 'c', 'type': 'bar_chart', 'values': [2, 3, 0], 'y_range': [-4, 4, 1], 'x_length': 3, "
                    "'y_length': 4}" DOTS,
                    "{'play': [{'anim': 'FadeIn', 'target': 'c'}, {'anim': 'FadeIn', 'target': 'o'}, {'anim': 'FadeIn', "
                    "'target': 'u'}]},"
                    "{'play': [{'anim': 'Shift', 'target': 'c', 'by': [1, 0.5]}, {'anim': 'ChangeColor', 'target': "
                    "'c.bar(1)', 'color': 'RED'}]},"
                    "{'play': [{'anim': 'ChangeBarValues', 'target': 'c', 'values': [-2, 1, 3], 'rate_func': "
                    "'linear'}], 'run_time': 2},"
                    "{'play': [{'anim': 'ChangeBarValues', 'target': 'c', 'values': [4]}]}, {'wait': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    frame f0 = frame_of(&b);
    lr_mobject *c = shape(&b, "c", false);
    lr_color gradient1 = c ? c->children[0]->children[1]->style.fill : (lr_color){0};
    static const struct {
        double t, v[3];
    } at[] = {
        {3.5, {-1, 1.5, 2.25}}, /* linear, 3/4 of the way: bar 0 past 0, downwards */
        {2.5, {1, 2.5, 0.75}},  /* 1/4 */
        {4.5, {1, 1, 3}},       /* smooth at 1/2; bars 1 and 2 keep theirs */
        {5.5, {4, 1, 3}},
        {1.5, {2, 3, 0}}, /* while it moves */
    };
    for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
        spec_check_seek(b.tl, at[k].t);
        frame f = frame_of(&b);
        if (at[k].t >= 2) {
            LRT_CHECK_NEAR(f.o.x, f0.o.x + 1, 1e-4);
            LRT_CHECK_NEAR(f.o.y, f0.o.y + 0.5, 1e-4);
        }
        for (size_t i = 0; i < 3; i++) {
            bool on_axis = false;
            double v = bar_value(&b, f, i, &on_axis);
            LRT_CHECK_MSG(on_axis, "t = %g: bar %zu is off the axis", at[k].t, i);
            LRT_CHECK_MSG(fabs(v - at[k].v[i]) < 1e-3, "t = %g: bar %zu shows %g, expected %g", at[k].t, i, v,
                          at[k].v[i]);
        }
    }
    /* Red while changed, the gradient's again after ChangeBarValues. */
    spec_check_seek(b.tl, 1.99);
    c = shape(&b, "c", false);
    lr_color red;
    lr_color_parse("RED", &red);
    if (c)
        LRT_CHECK(same_rgb(c->children[0]->children[1]->style.fill, red, 1e-3));
    spec_check_seek(b.tl, 5.5);
    c = shape(&b, "c", false);
    if (c)
        LRT_CHECK(same_rgb(c->children[0]->children[1]->style.fill, gradient1, 1e-4));
    spec_built_close(&b);
}

/* A chart whose values read a value: rebuilt at every frame, each bar at
 * its expression's value then. */
static void check_driven(void)
{
    spec_built b;
    if (!spec_built_open(SPEC("{'id': 'k', 'type': 'value', 'value': 1}, {'id': 'c', 'type': 'bar_chart', 'values': ['k', "
                    "'2*k', 1, '-k'], 'y_range': [-4, 6], 'x_length': 4, 'y_length': 5}" DOTS,
                    "{'add': ['c', 'o', 'u']}, {'play': [{'anim': 'SetValue', 'target': 'k', 'value': 3, 'rate_func': "
                    "'linear'}], 'run_time': 2}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    const double times[] = {1.5, 0.5, 2, 1};
    for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
        spec_check_seek(b.tl, times[k]);
        frame f = frame_of(&b);
        LRT_CHECK_NEAR(f.sy, 0.5, 1e-4);
        double kv = 1 + times[k];
        const double want[4] = {kv, 2 * kv, 1, -kv};
        lr_mobject *c = shape(&b, "c", true);
        for (size_t i = 0; c && i < 4; i++) {
            lr_rect r = spec_world_box(c->children[0]->children[i]);
            double v = want[i] >= 0 ? (r.y1 - f.o.y) / f.sy : (r.y0 - f.o.y) / f.sy;
            LRT_CHECK_MSG(fabs(v - want[i]) < 1e-3, "t = %g: bar %zu at %g, expected %g", times[k], i, v, want[i]);
        }
    }
    spec_built_close(&b);
}

static int by_value(const void *a, const void *b)
{
    double d = *(const double *)a - *(const double *)b;
    return d < 0 ? -1 : d > 0;
}

/* A table's lines: x of the vertical ones, y of the horizontal ones,
 * sorted; each spans the whole table. */
static size_t line_positions(lr_mobject *lines, bool vertical, double *at, lr_rect *span)
{
    size_t n = 0;
    *span = lr_rect_empty();
    for (size_t i = 0; i < lines->nchildren; i++) {
        lr_rect r = spec_world_box(lines->children[i]);
        at[n++] = vertical ? (r.x0 + r.x1) / 2 : (r.y0 + r.y1) / 2;
        *span = lr_rect_union(*span, r);
    }
    qsort(at, n, sizeof *at, by_value);
    return n;
}

/* Manim's Table: columns as wide as their widest entry and rows as tall
 * as their tallest plus the buffs, every entry centred between the lines
 * around its cell, lines in the middle of the gaps, the whole centred
 * where it is placed; with and without the outer lines. */
static void check_table_grid(void)
{
    spec_built b;
    if (!spec_built_open(SPEC("{'id': 't', 'type': 'table', 'entries': [['a', 'wide entry', 'b'], ['cc', 'd', 'tall\\nentry']], "
                    "'row_labels': ['R1', 'R2'], 'col_labels': ['C1', 'C2', 'C3'], 'include_outer_lines': true, 'h_buff': "
                    "1, 'v_buff': 0.5, 'font_size': 36, 'position': [0.5, 0]},"
                    "{'id': 'n', 'type': 'table', 'entries': [[1, 2], [3, 4]], 'position': [0, -2]}",
                    "{'add': ['t', 'n']}, {'wait': 1}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    spec_check_seek(b.tl, 0.5);
    lr_mobject *t = shape(&b, "t", false);
    if (t) {
        lr_mobject *entries = t->children[0];
        enum { R = 3, C = 4 };
        LRT_CHECK(entries->nchildren == R * C);
        double xs[16], ys[16];
        lr_rect hspan, vspan;
        size_t nh = line_positions(t->children[1], false, ys, &hspan);
        size_t nv = line_positions(t->children[2], true, xs, &vspan);
        LRT_CHECK_MSG(nh == R + 1 && nv == C + 1, "%zu horizontal and %zu vertical lines", nh, nv);
        double w[C] = {0}, h[R] = {0};
        for (size_t k = 0; k < entries->nchildren; k++) {
            lr_rect r = spec_world_box(entries->children[k]);
            if (k == 0) {
                LRT_CHECK_MSG(lr_rect_is_empty(r), "the corner is empty");
                continue;
            }
            w[k % C] = fmax(w[k % C], r.x1 - r.x0);
            h[k / C] = fmax(h[k / C], r.y1 - r.y0);
            if (nh == R + 1 && nv == C + 1) {
                size_t i = k / C, j = k % C;
                /* ys ascending: row i lies between ys[R - 1 - i] and ys[R - i] */
                LRT_CHECK_MSG(fabs((r.x0 + r.x1) / 2 - (xs[j] + xs[j + 1]) / 2) < 1e-4, "cell (%zu, %zu) off centre in x",
                              i, j);
                LRT_CHECK_MSG(fabs((r.y0 + r.y1) / 2 - (ys[R - 1 - i] + ys[R - i]) / 2) < 1e-4,
                              "cell (%zu, %zu) off centre in y", i, j);
            }
        }
        for (size_t j = 0; nv == C + 1 && j < C; j++)
            LRT_CHECK_NEAR(xs[j + 1] - xs[j], w[j] + 1, 1e-4);
        for (size_t i = 0; nh == R + 1 && i < R; i++)
            LRT_CHECK_NEAR(ys[R - i] - ys[R - 1 - i], h[i] + 0.5, 1e-4);
        /* Every line spans the table, from the outer line to the outer line. */
        for (size_t i = 0; i < t->children[1]->nchildren && nv == C + 1; i++) {
            lr_rect r = spec_world_box(t->children[1]->children[i]);
            LRT_CHECK_NEAR(r.x0, xs[0], 1e-4);
            LRT_CHECK_NEAR(r.x1, xs[C], 1e-4);
        }
        lr_vec2 mid = center_of(&b, "t");
        LRT_CHECK_NEAR(mid.x, 0.5, 1e-4);
        LRT_CHECK_NEAR(mid.y, 0, 1e-4);
        /* The text's colour and Manim's 4 wide lines. */
        LRT_CHECK_NEAR(t->children[1]->children[0]->style.stroke_width, 0.04, 1e-6);
    }
    /* Without labels and outer lines: one line between the two rows, one
     * between the two columns; numbers as text. */
    lr_mobject *n = shape(&b, "n", false);
    if (n) {
        LRT_CHECK(n->children[0]->nchildren == 4);
        LRT_CHECK(n->children[1]->nchildren == 1 && n->children[2]->nchildren == 1);
        lr_rect e00 = spec_world_box(n->children[0]->children[0]), e11 = spec_world_box(n->children[0]->children[3]);
        lr_rect hl = spec_world_box(n->children[1]->children[0]), vl = spec_world_box(n->children[2]->children[0]);
        LRT_CHECK(hl.y0 < e00.y0 && hl.y0 > e11.y1);
        LRT_CHECK(vl.x0 > e00.x1 && vl.x0 < e11.x0);
        /* It spans both columns, the gap between them and half a gap each side. */
        double w0 = 0, w1 = 0;
        for (size_t k = 0; k < 4; k++) {
            lr_rect r = spec_world_box(n->children[0]->children[k]);
            if (k % 2 == 0)
                w0 = fmax(w0, r.x1 - r.x0);
            else
                w1 = fmax(w1, r.x1 - r.x0);
        }
        LRT_CHECK_NEAR(hl.x1 - hl.x0, w0 + w1 + 2 * 1.3, 1e-4);
    }
    spec_built_close(&b);
}

/* The colour of entry k of table id now. */
static lr_color entry_color(spec_built *b, const char *id, size_t k)
{
    lr_mobject *t = shape(b, id, false);
    if (!t || k >= t->children[0]->nchildren)
        return (lr_color){-1, -1, -1, -1};
    const lr_mobject *m = t->children[0]->children[k];
    while (m && m->kind != LR_MOBJECT_PATH)
        m = m->nchildren ? m->children[0] : NULL;
    return m ? m->style.fill : (lr_color){-1, -1, -1, -1};
}

/* Parts hold exactly their entries: after ChangeColor of t.row(1), only
 * row 1's entries are red; then column 2, one cell, the labels; a bar. */
static void check_parts(void)
{
    spec_built b;
    if (!spec_built_open(SPEC("{'id': 't', 'type': 'table', 'entries': [['a', 'b', 'c'], ['d', 'e', 'f']], 'row_labels': ['x', "
                    "'y'], 'col_labels': ['p', 'q', 'r'], 'top_left_entry': 'o'},"
                    "{'id': 'c', 'type': 'bar_chart', 'values': [1, 2, 3], 'bar_names': ['a', 'b', 'c']}",
                    "{'add': ['t', 'c']},"
                    "{'play': [{'anim': 'ChangeColor', 'target': 't.row(1)', 'color': 'RED'}, {'anim': 'ChangeColor', "
                    "'target': 'c.bar(1)', 'color': 'RED'}]},"
                    "{'play': [{'anim': 'ChangeColor', 'target': 't.column(2)', 'color': 'BLUE'}]},"
                    "{'play': [{'anim': 'ChangeColor', 'target': 't.cell(2, 3)', 'color': 'GREEN'}]},"
                    "{'play': [{'anim': 'ChangeColor', 'target': 't.row_labels', 'color': 'YELLOW'}, {'anim': "
                    "'ChangeColor', 'target': 't.col_labels', 'color': 'PURPLE'}]}"),
               &b)) {
        spec_built_close(&b);
        return;
    }
    enum { R = 3, C = 4 };
    lr_color white = {1, 1, 1, 1}, red, blue, green, yellow, purple;
    lr_color_parse("RED", &red);
    lr_color_parse("BLUE", &blue);
    lr_color_parse("GREEN", &green);
    lr_color_parse("YELLOW", &yellow);
    lr_color_parse("PURPLE", &purple);
    for (int step = 1; step <= 4; step++) {
        spec_check_seek(b.tl, step); /* play step `step` lasts [step - 1, step] */
        for (size_t k = 0; k < R * C; k++) {
            size_t i = k / C, j = k % C;
            lr_color want = white;
            if (i == 1)
                want = red;
            if (step >= 2 && j == 2)
                want = blue;
            if (step >= 3 && i == 2 && j == 3)
                want = green;
            if (step >= 4 && j == 0 && i >= 1)
                want = yellow;
            if (step >= 4 && i == 0 && j >= 1)
                want = purple;
            lr_color got = entry_color(&b, "t", k);
            LRT_CHECK_MSG(same_rgb(got, want, 2e-3), "after step %d, entry (%zu, %zu) is (%g, %g, %g)", step, i, j,
                          got.r, got.g, got.b);
        }
    }
    lr_mobject *c = shape(&b, "c", false);
    for (size_t i = 0; c && i < 3; i++) {
        bool is_red = same_rgb(c->children[0]->children[i]->style.fill, red, 2e-3);
        LRT_CHECK_MSG(is_red == (i == 1), "bar %zu %s red", i, is_red ? "is" : "is not");
    }
    spec_built_close(&b);
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1300];
        snprintf(path, sizeof path, "%.1000s/%.255s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

/* A MathTable's entries, numbers and labels in one TeX run, each cell a
 * formula with glyphs; its column is a part like a Table's. */
static void check_math_table(void)
{
    char dir[] = "/tmp/c2v-test-charts-XXXXXX";
    if (!mkdtemp(dir)) {
        LRT_CHECK(!"mkdtemp");
        return;
    }
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = dir;
    lr_tex_context *tex = NULL;
    lr_error err = {0};
    if (lr_tex_context_create(&tex, &cfg, &err) != LR_OK) {
        fprintf(stderr, "no TeX, the math table not tested: %s\n", err.message);
        rmdir(dir);
        return;
    }
    spec_built b = {0};
    b.spec = spec_check_load(SPEC("{'id': 'm', 'type': 'math_table', 'entries': [['x^2', 1], ['\\\\frac{1}{2}', 4]], "
                       "'row_labels': ['a', 'b'], 'col_labels': ['f', 'g'], 'top_left_entry': '\\\\times'}",
                       "{'add': ['m']}, {'play': [{'anim': 'ChangeColor', 'target': 'm.column(1)', 'color': 'RED'}]}"));
    if (b.spec) {
        lr_spec_set_contexts(b.spec, NULL, tex);
        LRT_CHECK_MSG(lr_spec_build_section(b.spec, 0, &b.scene, &b.tl, &err) == LR_OK, "%s", err.message);
    }
    lr_tex_stats st = lr_tex_context_stats(tex);
    LRT_CHECK_MSG(st.tex_runs == 1, "%llu TeX runs for the table's 9 formulas", (unsigned long long)st.tex_runs);
    if (b.scene) {
        spec_check_seek(b.tl, 1);
        lr_mobject *m = shape(&b, "m", false);
        lr_color red;
        lr_color_parse("RED", &red);
        for (size_t k = 0; m && k < 9 && k < m->children[0]->nchildren; k++) {
            LRT_CHECK_MSG(!lr_rect_is_empty(lr_mobject_bounds(m->children[0]->children[k])), "cell %zu is empty", k);
            LRT_CHECK_MSG(same_rgb(entry_color(&b, "m", k), red, 2e-3) == (k % 3 == 1), "cell %zu's colour", k);
        }
    }
    spec_built_close(&b);
    lr_tex_context_destroy(tex);
    remove_dir(dir);
}

#define CHART "{'id': 'c', 'type': 'bar_chart', 'values': [1, 2, 3], 'bar_names': ['a', 'b', 'c']}"
#define TABLE                                                                                                   \
    "{'id': 't', 'type': 'table', 'entries': [['a', 'b', 'c'], ['d', 'e', 'f']], 'row_labels': ['x', 'y'], "     \
    "'col_labels': ['p', 'q', 'r']}"
#define PLAY(anim, target, more) "{'play': [{'anim': '" anim "', 'target': '" target "'" more "}]}"

static void check_errors(void)
{
    /* Names, one per value; a y range the values can give. */
    spec_check_error(SPEC("{'id': 'c', 'type': 'bar_chart', 'values': [1, 2, 3], 'bar_names': ['a', 'b']}", "{'wait': 1}"),
                 "sections[0].objects[0].bar_names", "expected 3 names, one per value, found 2");
    spec_check_error(SPEC("{'id': 'k', 'type': 'value'}, {'id': 'c', 'type': 'bar_chart', 'values': ['k', 1]}", "{'wait': 1}"),
                 "sections[0].objects[1].values", "give the chart a \"y_range\"");
    spec_check_error(SPEC("{'id': 'c', 'type': 'bar_chart', 'values': [0, 0]}", "{'wait': 1}"),
                 "sections[0].objects[0].values", "every value is 0");
    spec_check_error(SPEC("{'id': 'c', 'type': 'bar_chart', 'values': [1, true]}", "{'wait': 1}"),
                 "sections[0].objects[0].values[1]", "expected a number");
    /* Labels, one per row and per column; a corner only between both. */
    spec_check_error(SPEC("{'id': 't', 'type': 'table', 'entries': [['a', 'b']], 'row_labels': ['x', 'y']}", "{'wait': 1}"),
                 "sections[0].objects[0].row_labels", "expected 1 row labels, one per row of entries, found 2");
    spec_check_error(SPEC("{'id': 't', 'type': 'table', 'entries': [['a', 'b']], 'col_labels': ['x']}", "{'wait': 1}"),
                 "sections[0].objects[0].col_labels", "expected 2 column labels");
    spec_check_error(SPEC("{'id': 't', 'type': 'table', 'entries': [['a']], 'col_labels': ['x'], 'top_left_entry': 'o'}",
                      "{'wait': 1}"),
                 "sections[0].objects[0].top_left_entry", "give both \"row_labels\" and \"col_labels\"");
    spec_check_error(SPEC("{'id': 't', 'type': 'table', 'entries': [['a', 'b'], ['c']]}", "{'wait': 1}"),
                 "sections[0].objects[0].entries[1]", "every row needs 2 entries");
    spec_check_error(SPEC("{'id': 't', 'type': 'math_table', 'entries': [['a', '\\\\input{x}']]}", "{'wait': 1}"),
                 "sections[0].objects[0].entries[0][1]", "input");
    /* Parts that do not exist. */
    spec_check_error(SPEC(CHART, "{'add': ['c']}, " PLAY("Indicate", "c.bar(3)", "")),
                 "sections[0].timeline[1].play[0].target", "has 3 bars (indices from 0): there is no c.bar(3)");
    spec_check_error(SPEC("{'id': 'c', 'type': 'bar_chart', 'values': [1, 2]}", "{'add': ['c']}, " PLAY("FadeOut", "c.bar_names", "")),
                 "sections[0].timeline[1].play[0].target", "has no bar_names");
    spec_check_error(SPEC(CHART, "{'add': ['c']}, " PLAY("Indicate", "c.bars(1)", "")),
                 "sections[0].timeline[1].play[0].target", "c.bars takes 0 indexes, found 1");
    spec_check_error(SPEC(TABLE, "{'add': ['t']}, " PLAY("Indicate", "t.cell(3, 0)", "")),
                 "sections[0].timeline[1].play[0].target",
                 "t has 3 rows and 4 columns, labels included (indices from 0): there is no t.cell(3, 0)");
    spec_check_error(SPEC(TABLE, "{'add': ['t']}, " PLAY("Indicate", "t.column(4)", "")),
                 "sections[0].timeline[1].play[0].target", "there is no t.column(4)");
    spec_check_error(SPEC(TABLE, "{'add': ['t']}, " PLAY("Indicate", "t.cell(0, 0)", "")),
                 "sections[0].timeline[1].play[0].target", "the empty corner");
    spec_check_error(SPEC("{'id': 't', 'type': 'table', 'entries': [['a']]}", "{'add': ['t']}, " PLAY("Indicate", "t.row_labels", "")),
                 "sections[0].timeline[1].play[0].target", "the table \"t\" has no row_labels");
    spec_check_error(SPEC(TABLE, "{'add': ['t']}, " PLAY("Indicate", "t.bar(0)", "")),
                 "sections[0].timeline[1].play[0].target", "a table has no part \"bar\" (its parts: cell, row, column");
    /* ChangeBarValues: on a whole chart, no more values than bars. */
    spec_check_error(SPEC("{'id': 'q', 'type': 'circle'}", "{'add': ['q']}, " PLAY("ChangeBarValues", "q", ", 'values': [1]")),
                 "sections[0].timeline[1].play[0].target", "ChangeBarValues needs a bar_chart; \"q\" is a circle");
    spec_check_error(SPEC(CHART, "{'add': ['c']}, " PLAY("ChangeBarValues", "c.bar(1)", ", 'values': [1]")),
                 "sections[0].timeline[1].play[0].target", "target \"c\"");
    spec_check_error(SPEC(CHART, "{'add': ['c']}, " PLAY("ChangeBarValues", "c", ", 'values': [1, 2, 3, 4]")),
                 "sections[0].timeline[1].play[0].values", "has 3 bars, found 4 values");
    spec_check_error(SPEC(CHART, PLAY("ChangeBarValues", "c", ", 'values': [1]")), "sections[0].timeline[0].play[0].target",
                 "not on screen");
    /* What is rebuilt at every frame has no lasting bars or parts. */
    spec_check_error(SPEC("{'id': 'k', 'type': 'value'}, {'id': 'c', 'type': 'bar_chart', 'values': ['k', 1], 'y_range': "
                      "[0, 2]}",
                      "{'add': ['c']}, " PLAY("ChangeBarValues", "c", ", 'values': [2, 2]")),
                 "sections[0].timeline[1].play[0]", "ChangeBarValues moves the bars of \"c\", which is rebuilt");
    spec_check_error(SPEC("{'id': 'k', 'type': 'value', 'value': 30}, {'id': 't', 'type': 'table', 'entries': [['a']], "
                      "'font_size': 'k'}",
                      "{'add': ['t']}, " PLAY("Indicate", "t.cell(0, 0)", "")),
                 "sections[0].timeline[1].play[0].target", "\"t.cell(0, 0)\" is a part of \"t\", which is rebuilt");
    /* Version 1 has none of it. */
    spec_check_error("{'version': 1, 'sections': [{'id': 's', 'title': 't', 'objects': [" CHART "], 'timeline': [{'wait': "
                 "1}]}]}",
                 "sections[0].objects[0].type", "version 2");
}

int main(void)
{
    check_geometry();
    check_colors_and_defaults();
    check_change_bar_values();
    check_driven();
    check_table_grid();
    check_parts();
    check_math_table();
    check_errors();
    return lrt_finish("spec_charts");
}
