/* Vector fields and stream lines (spec version 2), on numbers: the arrows
 * of (-y, x) are perpendicular to their position vectors, as long as
 * Manim's length rule says and coloured along the gradient by magnitude;
 * every stream line segment points along the field at its middle (2
 * degrees) for a rotation and a saddle, stays in the padded ranges, and is
 * coloured by the magnitude at its pieces' middles; the flowing window moves
 * along each line as Manim's ShowPassingFlash does, whatever order frames are
 * sought in; where the field has no value nothing is drawn; a field that
 * reads a value is integrated again as the value changes. */
#include "spec_check.h"

#include <stdlib.h>
#include <string.h>

#define DOC(objects, timeline)                                                                                       \
    "{\"version\": 2, \"meta\": {\"title\": \"f\"}, \"sections\": [{\"id\": \"s\", \"title\": \"Fields\", \"objects\": [" \
    objects "], \"timeline\": [" timeline "]}]}"

/* The object's shape: the group it was spec_built as (inside the container an
 * object rebuilt per frame stands in). */
static const lr_mobject *shape(const spec_built *b, const char *id, bool live)
{
    const lr_mobject *m = lr_scene_find(b->scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    if (m && live) {
        LRT_CHECK(m->nchildren == 1);
        m = m->nchildren == 1 ? m->children[0] : NULL;
    }
    return m;
}

static lr_color rgb(unsigned hex)
{
    return (lr_color){((hex >> 16) & 255) / 255.0f, ((hex >> 8) & 255) / 255.0f, (hex & 255) / 255.0f, 1};
}

/* Manim's DEFAULT_SCALAR_FIELD_COLORS (BLUE_E GREEN YELLOW RED) over [0, 2],
 * written out here, not read from the library. */
static lr_color gradient(double mag)
{
    const lr_color stops[4] = {rgb(0x236B8E), rgb(0x83C167), rgb(0xFFFF00), rgb(0xFC6255)};
    double a = fmin(fmax(mag, 0), 2) / 2 * 3;
    int i = a >= 3 ? 2 : (int)a;
    double u = a - i;
    lr_color p = stops[i], q = stops[i + 1];
    return (lr_color){(float)(p.r + (q.r - p.r) * u), (float)(p.g + (q.g - p.g) * u), (float)(p.b + (q.b - p.b) * u), 1};
}

static double color_diff(lr_color a, lr_color b)
{
    return fmax(fmax(fabs(a.r - b.r), fabs(a.g - b.g)), fabs(a.b - b.b));
}

static lr_vec2 apply(const lr_mobject *m, lr_vec2 p)
{
    return lr_affine_apply(lr_mobject_world_transform(m), p);
}

static double sigmoid(double x)
{
    return 1 / (1 + exp(-x));
}

/* ---- vector_field ---- */

/* An arrow's foot (its first point) and its tip (the point farthest from it). */
static void arrow_ends(const lr_mobject *a, lr_vec2 *foot, lr_vec2 *tip)
{
    *foot = apply(a, a->path.points[0]);
    *tip = *foot;
    for (uint32_t i = 0; i < a->path.npoints; i++) {
        lr_vec2 p = apply(a, a->path.points[i]);
        if (hypot(p.x - foot->x, p.y - foot->y) > hypot(tip->x - foot->x, tip->y - foot->y))
            *tip = p;
    }
}

static void check_rotation_arrows(void)
{
    spec_built b;
    if (!spec_built_open(DOC("{\"id\": \"f\", \"type\": \"vector_field\", \"x\": \"-y\", \"y\": \"x\", \"x_range\": [-3, 3, 0.5], "
                   "\"y_range\": [-2, 2]}",
                   "{\"add\": [\"f\"]}, {\"wait\": 1}"),
               &b))
        return;
    const lr_mobject *g = shape(&b, "f", false);
    /* 13 x 9 grid points (max included, y's step 0.5 by default), less
     * the origin, where the field is zero. */
    LRT_CHECK_MSG(g && g->nchildren == 13 * 9 - 1, "%zu arrows", g ? g->nchildren : 0);
    int at_known = 0;
    for (size_t i = 0; g && i < g->nchildren; i++) {
        const lr_mobject *a = g->children[i];
        LRT_CHECK(a->kind == LR_MOBJECT_PATH && a->path.npoints >= 4);
        if (a->kind != LR_MOBJECT_PATH || a->path.npoints < 4)
            continue;
        lr_vec2 foot, tip;
        arrow_ends(a, &foot, &tip);
        double r = hypot(foot.x, foot.y), len = hypot(tip.x - foot.x, tip.y - foot.y);
        double cosang = ((tip.x - foot.x) * foot.x + (tip.y - foot.y) * foot.y) / (len * r);
        LRT_CHECK_MSG(fabs(cosang) < 1e-4, "the arrow at (%g, %g) is %g from perpendicular", foot.x, foot.y, cosang);
        /* counter-clockwise: (-y, x) */
        LRT_CHECK((tip.x - foot.x) * -foot.y + (tip.y - foot.y) * foot.x > 0);
        LRT_CHECK_MSG(fabs(len - 0.45 * sigmoid(r)) < 1e-5, "at (%g, %g): length %.6f, Manim's %.6f", foot.x, foot.y, len,
                      0.45 * sigmoid(r));
        lr_style st = lr_mobject_get_style(a);
        LRT_CHECK_MSG(color_diff(st.stroke, gradient(r)) < 1e-5, "at (%g, %g): colour off by %g", foot.x, foot.y,
                      color_diff(st.stroke, gradient(r)));
        LRT_CHECK(color_diff(st.fill, st.stroke) == 0 && st.fill.a == 1); /* the tip, filled */
        /* Manim's Vector: 6 wide, at most 5 times the length. */
        LRT_CHECK_NEAR(st.stroke_width, fmin(0.06, 0.05 * len), 1e-6);
        /* Magnitudes 0.5, 1, 1.5, 2 on the x axis: between BLUE_E and
         * GREEN at 0.75, GREEN and YELLOW halfway, YELLOW and RED at 0.25,
         * RED. */
        static const struct {
            float x;
            unsigned a, b;
            double u;
        } known[] = {{0.5f, 0x236B8E, 0x83C167, 0.75}, {1.0f, 0x83C167, 0xFFFF00, 0.5},
                     {1.5f, 0xFFFF00, 0xFC6255, 0.25}, {2.0f, 0xFC6255, 0xFC6255, 0}};
        for (size_t k = 0; k < sizeof known / sizeof known[0]; k++)
            if (fabsf(foot.x - known[k].x) < 1e-6f && fabsf(foot.y) < 1e-6f) {
                lr_color p = rgb(known[k].a), q = rgb(known[k].b);
                double u = known[k].u;
                lr_color want = {(float)(p.r + (q.r - p.r) * u), (float)(p.g + (q.g - p.g) * u),
                                 (float)(p.b + (q.b - p.b) * u), 1};
                LRT_CHECK_MSG(color_diff(st.stroke, want) < 1e-6, "|v| = %g: colour off by %g", known[k].x,
                              color_diff(st.stroke, want));
                at_known++;
            }
    }
    LRT_CHECK(at_known == 4);
    spec_built_close(&b);

    /* length_scale, one colour, and a gradient of two colours over [1, 3]. */
    if (!spec_built_open(DOC("{\"id\": \"f\", \"type\": \"vector_field\", \"x\": \"-y\", \"y\": \"x\", \"x_range\": [-1, 1, 1], "
                   "\"y_range\": [-1, 1, 1], \"length_scale\": 0.3, \"color\": \"TEAL\"}, "
                   "{\"id\": \"h\", \"type\": \"vector_field\", \"x\": \"x\", \"y\": \"0\", \"x_range\": [0, 4, 1], "
                   "\"y_range\": [0, 1, 1], \"colors\": [\"RED\", \"BLUE\"], \"min_color_value\": 1, "
                   "\"max_color_value\": 3}",
                   "{\"add\": [\"f\", \"h\"]}, {\"wait\": 1}"),
               &b))
        return;
    g = shape(&b, "f", false);
    LRT_CHECK(g && g->nchildren == 8);
    for (size_t i = 0; g && i < g->nchildren; i++) {
        lr_vec2 foot, tip;
        arrow_ends(g->children[i], &foot, &tip);
        LRT_CHECK_NEAR(hypot(tip.x - foot.x, tip.y - foot.y), 0.3 * hypot(foot.x, foot.y), 1e-5);
        LRT_CHECK(color_diff(lr_mobject_get_style(g->children[i]).stroke, rgb(0x5CD0B3)) < 1e-6);
    }
    g = shape(&b, "h", false);
    LRT_CHECK(g && g->nchildren == 8); /* x = 1..4, y = 0 and 1 */
    for (size_t i = 0; g && i < g->nchildren; i++) {
        lr_vec2 foot, tip;
        arrow_ends(g->children[i], &foot, &tip);
        double u = fmin(fmax((foot.x - 1) / 2, 0), 1);
        lr_color p = rgb(0xFC6255), q = rgb(0x58C4DD);
        lr_color want = {(float)(p.r + (q.r - p.r) * u), (float)(p.g + (q.g - p.g) * u), (float)(p.b + (q.b - p.b) * u), 1};
        LRT_CHECK_MSG(color_diff(lr_mobject_get_style(g->children[i]).stroke, want) < 1e-6, "|v| = %g", foot.x);
    }
    spec_built_close(&b);
}

/* ---- stream_lines ---- */

static lr_vec2 cubic_at(const lr_vec2 *c, double t)
{
    double s = 1 - t;
    return (lr_vec2){(float)(s * s * s * c[0].x + 3 * s * s * t * c[1].x + 3 * s * t * t * c[2].x + t * t * t * c[3].x),
                     (float)(s * s * s * c[0].y + 3 * s * s * t * c[1].y + 3 * s * t * t * c[2].y + t * t * t * c[3].y)};
}

typedef void (*field_fn)(double x, double y, double v[2]);

static void rotation(double x, double y, double v[2])
{
    v[0] = -y;
    v[1] = x;
}

static void saddle(double x, double y, double v[2])
{
    v[0] = x;
    v[1] = -y;
}

typedef struct line_stats {
    size_t lines, pieces, curves;
    double worst_angle;     /* degrees */
    double worst_color;     /* a piece's colour against the gradient at its middle */
    double worst_step;      /* between consecutive pieces of a line */
    double worst_outside;   /* how far an anchor is out of the padded box */
    size_t lines_with_steps; /* lines of more than one piece */
} line_stats;

/* Every curve of every piece of every line: the tangent at its middle
 * against the field there; anchors against the box. */
static line_stats check_lines(const lr_mobject *g, field_fn f, const double box[4])
{
    line_stats s = {0};
    for (size_t i = 0; g && i < g->nchildren; i++) {
        const lr_mobject *line = g->children[i];
        s.lines++;
        s.lines_with_steps += line->nchildren > 1;
        for (size_t k = 0; k < line->nchildren; k++) {
            const lr_mobject *pc = line->children[k];
            if (pc->kind != LR_MOBJECT_PATH)
                continue;
            s.pieces++;
            const lr_path *p = &pc->path;
            LRT_CHECK(p->nsubpaths == 1);
            uint32_t n = p->nsubpaths ? p->subpaths[0].ncurves : 0;
            for (uint32_t q = 0; q < n; q++) {
                lr_vec2 c[4];
                for (int j = 0; j < 4; j++)
                    c[j] = apply(pc, p->points[p->subpaths[0].first + 3 * q + (uint32_t)j]);
                lr_vec2 mid = cubic_at(c, 0.5);
                double tx = 0.75 * (c[3].x - c[0].x + c[2].x - c[1].x), ty = 0.75 * (c[3].y - c[0].y + c[2].y - c[1].y);
                double v[2];
                f(mid.x, mid.y, v);
                double nv = hypot(v[0], v[1]), nt = hypot(tx, ty);
                s.curves++;
                if (nv > 1e-3 && nt > 1e-6) {
                    double ang = acos(fmin(1, (tx * v[0] + ty * v[1]) / (nv * nt))) * 180 / M_PI;
                    s.worst_angle = fmax(s.worst_angle, ang);
                }
                for (int j = 0; j < 4; j += 3) {
                    double out = fmax(fmax(box[0] - c[j].x, c[j].x - box[1]), fmax(box[2] - c[j].y, c[j].y - box[3]));
                    s.worst_outside = fmax(s.worst_outside, out);
                }
            }
            /* Coloured by the magnitude at the point half its curves along. */
            lr_vec2 m;
            const lr_vec2 *pts = p->points + (p->nsubpaths ? p->subpaths[0].first : 0);
            if (n % 2) {
                lr_vec2 c[4];
                for (int j = 0; j < 4; j++)
                    c[j] = apply(pc, pts[3 * (n / 2) + (uint32_t)j]);
                m = cubic_at(c, 0.5);
            } else {
                m = apply(pc, pts[3 * (n / 2)]);
            }
            double v[2];
            f(m.x, m.y, v);
            lr_color col = lr_mobject_get_style(pc).stroke;
            s.worst_color = fmax(s.worst_color, color_diff(col, gradient(hypot(v[0], v[1]))));
            if (k > 0)
                s.worst_step = fmax(s.worst_step, color_diff(col, lr_mobject_get_style(line->children[k - 1]).stroke));
        }
    }
    return s;
}

static void check_stream_directions(void)
{
    static const struct {
        const char *name, *x, *y;
        field_fn f;
    } fields[] = {{"rotation", "-y", "x", rotation}, {"saddle", "x", "-y", saddle}};
    for (size_t i = 0; i < 2; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 DOC("{\"id\": \"s\", \"type\": \"stream_lines\", \"x\": \"%s\", \"y\": \"%s\", \"x_range\": [-3, 3, 0.5], "
                     "\"y_range\": [-2, 2, 0.5], \"padding\": 1}",
                     "{\"add\": [\"s\"]}, {\"wait\": 1}"),
                 fields[i].x, fields[i].y);
        spec_built b;
        if (!spec_built_open(json, &b))
            continue;
        const lr_mobject *g = shape(&b, "s", false);
        const double box[4] = {-4, 4, -3, 3};
        line_stats st = check_lines(g, fields[i].f, box);
        /* One line per starting point: none leaves at once, none is still. */
        LRT_CHECK_MSG(st.lines == 13 * 9, "%s: %zu lines", fields[i].name, st.lines);
        LRT_CHECK(st.curves > st.lines * 5);
        LRT_CHECK_MSG(st.worst_angle < 2.0, "%s: a segment is %.3f degrees off the field", fields[i].name,
                      st.worst_angle);
        LRT_CHECK_MSG(st.worst_outside <= 0, "%s: an anchor %g outside the padded ranges", fields[i].name,
                      st.worst_outside);
        LRT_CHECK_MSG(st.worst_color < 1e-5, "%s: a piece's colour is off the gradient by %g", fields[i].name,
                      st.worst_color);
        /* The saddle's magnitude changes along its lines: several pieces,
         * in steps small enough to read as a gradient (a step is at most
         * the change over one Euler step, 0.1 where it is fastest). */
        if (fields[i].f == saddle)
            LRT_CHECK_MSG(st.lines_with_steps > st.lines / 3 && st.worst_step < 1.0 / 8, "%s: %zu of %zu lines in "
                          "pieces, a step of %g", fields[i].name, st.lines_with_steps, st.lines, st.worst_step);
        fprintf(stderr, "%s: %zu lines, %zu pieces, %zu curves; worst %.3f degrees, colour step %.4f\n", fields[i].name,
                st.lines, st.pieces, st.curves, st.worst_angle, st.worst_step);
        spec_built_close(&b);
    }
}

/* The flowing window of line i at the time sought: where its first and
 * last points are along the whole line (a share of its curves), found by
 * the nearest of dense samples. */
typedef struct line_samples {
    lr_vec2 *p;
    double *u;
    size_t n;
    uint32_t ncurves;
} line_samples;

static line_samples sample_line(const lr_mobject *line)
{
    line_samples s = {0};
    uint32_t total = 0;
    for (size_t k = 0; k < line->nchildren; k++)
        total += line->children[k]->path.nsubpaths ? line->children[k]->path.subpaths[0].ncurves : 0;
    s.ncurves = total;
    s.p = malloc((total * 64 + 1) * sizeof *s.p);
    s.u = malloc((total * 64 + 1) * sizeof *s.u);
    uint32_t done = 0;
    for (size_t k = 0; k < line->nchildren; k++) {
        const lr_mobject *pc = line->children[k];
        const lr_path *p = &pc->path;
        uint32_t n = p->nsubpaths ? p->subpaths[0].ncurves : 0;
        for (uint32_t q = 0; q < n; q++) {
            lr_vec2 c[4];
            for (int j = 0; j < 4; j++)
                c[j] = apply(pc, p->points[p->subpaths[0].first + 3 * q + (uint32_t)j]);
            for (int j = 0; j <= 64; j++) {
                s.p[s.n] = cubic_at(c, j / 64.0);
                s.u[s.n++] = (done + q + j / 64.0) / total;
                if (j == 64 && !(k + 1 == line->nchildren && q + 1 == n))
                    s.n--; /* the next curve starts there */
            }
        }
        done += n;
    }
    return s;
}

/* The share of the line nearest p, on the polyline through the samples. */
static double where_on(const line_samples *s, lr_vec2 p, double *dist)
{
    double best = INFINITY, at = 0;
    for (size_t i = 0; i + 1 < s->n; i++) {
        double dx = s->p[i + 1].x - s->p[i].x, dy = s->p[i + 1].y - s->p[i].y, l2 = dx * dx + dy * dy;
        double t = l2 > 0 ? ((p.x - s->p[i].x) * dx + (p.y - s->p[i].y) * dy) / l2 : 0;
        t = fmin(fmax(t, 0), 1);
        double d = hypot(p.x - (s->p[i].x + t * dx), p.y - (s->p[i].y + t * dy));
        if (d < best) {
            best = d;
            at = s->u[i] + t * (s->u[i + 1] - s->u[i]);
        }
    }
    *dist = best;
    return at;
}

/* The first and last points of what a line shows; false when it shows nothing. */
static bool window_ends(const lr_mobject *line, lr_vec2 *a, lr_vec2 *z)
{
    const lr_mobject *first = NULL, *last = NULL;
    for (size_t k = 0; k < line->nchildren; k++)
        if (line->children[k]->path.npoints > 1) {
            if (!first)
                first = line->children[k];
            last = line->children[k];
        }
    if (!first)
        return false;
    *a = apply(first, first->path.points[0]);
    *z = apply(last, last->path.points[last->path.npoints - 1]);
    return true;
}

/* Every point of what a line shows, for comparing two frames. */
static size_t flatten(const lr_mobject *g, lr_vec2 *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; g && i < g->nchildren; i++)
        for (size_t k = 0; k < g->children[i]->nchildren; k++) {
            const lr_mobject *pc = g->children[i]->children[k];
            for (uint32_t q = 0; q < pc->path.npoints && n < cap; q++)
                out[n++] = pc->path.points[q];
        }
    return n;
}

#define FLOW_OBJECT(extra)                                                                                             \
    "{\"id\": \"s\", \"type\": \"stream_lines\", \"x\": \"-y\", \"y\": \"x\", \"x_range\": [-3, 3, 1], \"y_range\": " \
    "[-2, 2, 1], \"padding\": 1" extra "}"

static void check_flow(void)
{
    spec_built still, flow;
    if (!spec_built_open(DOC(FLOW_OBJECT(""), "{\"add\": [\"s\"]}, {\"wait\": 10}"), &still))
        return;
    if (!spec_built_open(DOC(FLOW_OBJECT(", \"flow_speed\": 1.5, \"time_width\": 0.3"), "{\"add\": [\"s\"]}, {\"wait\": 10}"),
               &flow)) {
        spec_built_close(&still);
        return;
    }
    const lr_mobject *lines = shape(&still, "s", false);
    size_t nlines = lines ? lines->nchildren : 0;
    LRT_CHECK(nlines == 7 * 5);
    line_samples *samples = calloc(nlines ? nlines : 1, sizeof *samples);
    for (size_t i = 0; i < nlines; i++)
        samples[i] = sample_line(lines->children[i]);
    const double fs = 1.5, tw = 0.3, dt = 0.05;
    /* Seconds sought out of order; t2 - t1 = 0.2. */
    const double t1 = 4.3, t2 = 4.5;
    const double order[] = {t2, t1, 7.7, t2, t1};
    double lo[2][7 * 5], hi[2][7 * 5];
    bool shown[2][7 * 5] = {{0}};
    lr_vec2 *first[2] = {malloc(20000 * sizeof(lr_vec2)), malloc(20000 * sizeof(lr_vec2))};
    lr_vec2 *again = malloc(20000 * sizeof *again);
    size_t nfirst[2] = {0};
    int visits[2] = {0};
    lr_error err = {0};
    for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
        LRT_CHECK_OK(lr_timeline_seek(flow.tl, order[o], &err));
        const lr_mobject *g = shape(&flow, "s", true);
        LRT_CHECK(g && g->nchildren == nlines);
        if (!g || g->nchildren != nlines)
            break;
        int w = order[o] == t1 ? 0 : order[o] == t2 ? 1 : -1;
        if (w < 0)
            continue;
        /* The same frame, whatever was sought before it. */
        if (visits[w]++ == 0) {
            nfirst[w] = flatten(g, first[w], 20000);
        } else {
            size_t n = flatten(g, again, 20000);
            LRT_CHECK_MSG(n == nfirst[w] && memcmp(first[w], again, n * sizeof *again) == 0, "t = %g: %zu points, "
                          "%zu the first time", order[o], n, nfirst[w]);
        }
        for (size_t i = 0; i < nlines; i++) {
            lr_vec2 a, z;
            shown[w][i] = window_ends(g->children[i], &a, &z);
            if (!shown[w][i])
                continue;
            double da, dz;
            lo[w][i] = where_on(&samples[i], a, &da);
            hi[w][i] = where_on(&samples[i], z, &dz);
            LRT_CHECK_MSG(da < 1e-4 && dz < 1e-4, "line %zu: the window is %g, %g off the line", i, da, dz);
        }
    }
    /* Mid-section (both ends inside the line at both times, the same
     * pass): time_width long, and moved by Manim's ShowPassingFlash, a
     * pass of (1 + time_width) of the line in its duration / flow_speed. */
    int mid = 0;
    for (size_t i = 0; i < nlines; i++) {
        double duration = samples[i].ncurves * dt; /* one anchor per Euler step (fewer than 100) */
        double want = (1 + tw) * fs * (t2 - t1) / duration;
        if (!shown[0][i] || !shown[1][i] || lo[0][i] < 0.01 || hi[1][i] > 0.99 || lo[1][i] < lo[0][i])
            continue;
        mid++;
        LRT_CHECK_NEAR(hi[0][i] - lo[0][i], tw, 2e-3);
        LRT_CHECK_NEAR(hi[1][i] - lo[1][i], tw, 2e-3);
        LRT_CHECK_MSG(fabs((lo[1][i] - lo[0][i]) - want) < 2e-3, "line %zu: moved %.4f of its length in %g s, "
                      "expected %.4f", i, lo[1][i] - lo[0][i], t2 - t1, want);
    }
    LRT_CHECK_MSG(mid >= 5, "only %d lines flowing mid-section", mid);
    /* Each line its own phase: the windows are not all at one place. */
    double spread = 0;
    for (size_t i = 1; i < nlines; i++)
        if (shown[0][i] && shown[0][0])
            spread = fmax(spread, fabs(lo[0][i] - lo[0][0]));
    LRT_CHECK(spread > 0.2);
    for (size_t i = 0; i < nlines; i++) {
        free(samples[i].p);
        free(samples[i].u);
    }
    free(samples);
    free(first[0]);
    free(first[1]);
    free(again);
    spec_built_close(&still);
    spec_built_close(&flow);
}

static void check_nan_regions(void)
{
    spec_built b;
    /* sqrt(x) has no value left of the y axis, and is 0 on it. */
    if (!spec_built_open(DOC("{\"id\": \"f\", \"type\": \"vector_field\", \"x\": \"sqrt(x)\", \"y\": \"0\", \"x_range\": [-2, 2, "
                   "0.5], \"y_range\": [-1, 1, 0.5]}, "
                   "{\"id\": \"s\", \"type\": \"stream_lines\", \"x\": \"-y + 0*sqrt(4 - x^2 - y^2)\", "
                   "\"y\": \"x + 0*sqrt(4 - x^2 - y^2)\", \"x_range\": [-3, 3, 0.5], \"y_range\": [-3, 3, 0.5]}",
                   "{\"add\": [\"f\", \"s\"]}, {\"wait\": 1}"),
               &b))
        return;
    const lr_mobject *g = shape(&b, "f", false);
    LRT_CHECK_MSG(g && g->nchildren == 4 * 5, "%zu arrows", g ? g->nchildren : 0);
    for (size_t i = 0; g && i < g->nchildren; i++) {
        lr_vec2 foot, tip;
        arrow_ends(g->children[i], &foot, &tip);
        LRT_CHECK(foot.x > 0.4f);
    }
    g = shape(&b, "s", false);
    size_t drawn = 0, starts_inside = 0;
    for (double x = -3; x <= 3; x += 0.5)
        for (double y = -3; y <= 3; y += 0.5)
            starts_inside += hypot(x, y) < 2.2; /* jittered by up to 0.125 each way */
    double worst = 0;
    for (size_t i = 0; g && i < g->nchildren; i++) {
        const lr_mobject *line = g->children[i];
        drawn += line->nchildren > 0;
        for (size_t k = 0; k < line->nchildren; k++) {
            const lr_mobject *pc = line->children[k];
            for (uint32_t q = 0; q < pc->path.npoints; q += 3) {
                lr_vec2 p = apply(pc, pc->path.points[q]);
                worst = isfinite(p.x) && isfinite(p.y) ? fmax(worst, hypot(p.x, p.y)) : INFINITY;
            }
        }
    }
    LRT_CHECK_MSG(drawn > 20 && drawn <= starts_inside, "%zu lines drawn, %zu start near the disc", drawn, starts_inside);
    LRT_CHECK_MSG(worst <= 2.0 + 1e-6, "an anchor at radius %g, where the field has no value", worst);
    spec_built_close(&b);
}

/* A field that reads a value is integrated again when the value changes:
 * (k, 0) from k = 1 to k = 2; a line is Manim's ceil(virtual_time / dt) + 1
 * steps of dt long: 3.05 k. */
static void check_value_driven(void)
{
    spec_built b;
    if (!spec_built_open(DOC("{\"id\": \"k\", \"type\": \"value\", \"value\": 1}, "
                   "{\"id\": \"s\", \"type\": \"stream_lines\", \"x\": \"k\", \"y\": \"0\", \"x_range\": [-1, 1, 1], "
                   "\"y_range\": [-1, 1, 1], \"padding\": 10}",
                   "{\"add\": [\"s\"]}, {\"wait\": 1}, {\"play\": [{\"anim\": \"SetValue\", \"target\": \"k\", "
                   "\"value\": 2}]}, {\"wait\": 1}"),
               &b))
        return;
    const double at[] = {2.5, 0.5, 2.5};
    double widths[3] = {0};
    lr_error err = {0};
    for (size_t i = 0; i < 3; i++) {
        LRT_CHECK_OK(lr_timeline_seek(b.tl, at[i], &err));
        const lr_mobject *g = shape(&b, "s", true);
        for (size_t l = 0; g && l < g->nchildren; l++) {
            lr_vec2 a, z;
            if (window_ends(g->children[l], &a, &z))
                widths[i] = fmax(widths[i], z.x - a.x);
        }
    }
    LRT_CHECK_MSG(fabs(widths[1] - 3.05) < 1e-4, "k = 1: %g wide", widths[1]);
    LRT_CHECK_MSG(fabs(widths[0] - 6.1) < 1e-4, "k = 2: %g wide", widths[0]);
    LRT_CHECK(widths[0] == widths[2]);
    spec_built_close(&b);
}

int main(void)
{
    check_rotation_arrows();
    check_stream_directions();
    check_flow();
    check_nan_regions();
    check_value_driven();
    return lrt_finish("spec_fields");
}
