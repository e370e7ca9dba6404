/* Vector fields and stream lines (Manim's ArrowVectorField, StreamLines):
 * the field's x and y components are expressions in x and y, evaluated at
 * each point of a grid (or along each integrated line). Where the field has
 * no value (an expression is not finite there) nothing is drawn, and the
 * rest of the object is: the NaN is the field's, not the object's. */
#include "spec/build_internal.h"
#include "core/rng.h"

#include <stdint.h>

/* Bounds on the work one object may ask for (the ranges alone allow a
 * million grid points). */
#define FIELD_MAX_ARROWS 20000
#define STREAM_MAX_LINES 20000
#define STREAM_MAX_STEPS 4000000.0 /* Euler steps of all the lines together */
/* A stream line is drawn in pieces of one colour each: a piece ends where
 * the gradient's colour at an anchor differs from the colour at its first
 * anchor by more than this in a channel. Measured on Manim's default grid
 * (bench/bench_fields, spec_fields): from 1/16 to 1/32 the largest step
 * between neighbouring pieces of (-y, x) falls from 0.069 to 0.038 for 13 %
 * more pieces (598 for 493 lines; the saddle (x, -y) 1861); 1/64 and 1/128
 * cost 23 % and 74 % more pieces for steps lines 1 to 2 px wide do not
 * show. Where the field changes fast a step is one Euler step's change
 * (0.1 at most for the saddle), whatever this is. */
#define STREAM_COLOR_STEP (1.0f / 32.0f)

/* ---- the field, its colours and its grid ---- */

typedef struct field {
    bctx *c;
    const lr_expr *x, *y;
    expr_env env;
    double saved[2]; /* the slots x and y, given back by field_close */
    bool single;     /* "color" (or "stroke_color") given: one colour */
    lr_color one;
    lr_color stops[8];
    int nstops;
    double lo, hi; /* the magnitudes of the first and last colours */
} field;

static const char *const default_colors[] = {"BLUE_E", "GREEN", "YELLOW", "RED"};

static lr_status field_open(bctx *c, const cJSON *o, const char *what, field *f)
{
    memset(f, 0, sizeof *f);
    f->c = c;
    const cJSON *jx = cJSON_GetObjectItemCaseSensitive(o, "x"), *jy = cJSON_GetObjectItemCaseSensitive(o, "y");
    const spec_expr *ex = jx ? spec_exprs_find(&c->sec->exprs, jx) : NULL;
    const spec_expr *ey = jy ? spec_exprs_find(&c->sec->exprs, jy) : NULL;
    if (!ex || !ey)
        return build_fail(c, what, LR_ERR_INVALID_ARG, "the field's x and y expressions were not compiled");
    f->x = ex->expr;
    f->y = ey->expr;
    f->env = build_env(c);
    f->saved[0] = c->vars[SPEC_SLOT_LOCAL];
    f->saved[1] = c->vars[SPEC_SLOT_LOCAL2];
    f->single = cJSON_GetObjectItemCaseSensitive(o, "color") || cJSON_GetObjectItemCaseSensitive(o, "stroke_color");
    f->one = build_style(c, o, false).stroke;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "colors");
    for (const cJSON *e = list ? list->child : NULL; e && f->nstops < 8; e = e->next)
        if (cJSON_IsString(e) && lr_color_parse(e->valuestring, &f->stops[f->nstops]))
            f->nstops++;
    if (f->nstops < 2) {
        f->nstops = 0;
        for (size_t i = 0; i < sizeof default_colors / sizeof default_colors[0]; i++)
            lr_color_parse(default_colors[i], &f->stops[f->nstops++]);
    }
    f->lo = build_num(c, o, "min_color_value", 0);
    f->hi = build_num(c, o, "max_color_value", 2);
    return LR_OK;
}

static void field_close(field *f)
{
    f->c->vars[SPEC_SLOT_LOCAL] = f->saved[0];
    f->c->vars[SPEC_SLOT_LOCAL2] = f->saved[1];
}

/* Whether the field stays the same while time and values change. */
static bool field_fixed(const field *f)
{
    return expr_reads_only(f->x, SPEC_SLOT_LOCAL, SPEC_SLOT_LOCAL2 + 1) &&
           expr_reads_only(f->y, SPEC_SLOT_LOCAL, SPEC_SLOT_LOCAL2 + 1);
}

/* The field at (x, y); false where it has no value. */
static bool field_at(field *f, double x, double y, double v[2])
{
    f->c->vars[SPEC_SLOT_LOCAL] = x;
    f->c->vars[SPEC_SLOT_LOCAL2] = y;
    v[0] = expr_eval(f->x, &f->env).x;
    v[1] = expr_eval(f->y, &f->env).x;
    return isfinite(v[0]) && isfinite(v[1]);
}

/* Manim's VectorField.pos_to_rgb: the magnitude clamped to [lo, hi], then
 * linearly between the two nearest colours (RGB components, as Manim's
 * interpolate). */
static lr_color field_color(const field *f, double mag)
{
    if (f->single)
        return f->one;
    double a;
    if (f->hi > f->lo)
        a = (fmin(fmax(mag, f->lo), f->hi) - f->lo) / (f->hi - f->lo);
    else
        a = mag >= f->hi ? 1 : 0;
    a *= f->nstops - 1;
    int i = (int)a;
    if (i > f->nstops - 1)
        i = f->nstops - 1;
    int j = i + 1 < f->nstops ? i + 1 : i;
    float u = (float)(a - i);
    lr_color p = f->stops[i], q = f->stops[j];
    return (lr_color){p.r + (q.r - p.r) * u, p.g + (q.g - p.g) * u, p.b + (q.b - p.b) * u, p.a + (q.a - p.a) * u};
}

typedef struct grid {
    double x0, x1, sx, y0, y1, sy;
    int nx, ny;
} grid;

/* [min, max, step] along x and y; like Manim, max is a grid point when the
 * step reaches it (Manim's np.arange(min, max + step, step), without the
 * point past max that arange adds when the step does not divide the range). */
static lr_status grid_of(bctx *c, const cJSON *o, const char *what, grid *g)
{
    double xr[3], yr[3];
    build_range(c, o, "x_range", -7, 7, 0.5, xr);
    build_range(c, o, "y_range", -4, 4, 0.5, yr);
    if (!(xr[2] > 0) || !(yr[2] > 0) || !(xr[1] >= xr[0]) || !(yr[1] >= yr[0]))
        return build_fail(c, what, LR_ERR_INVALID_ARG, "x_range and y_range need min <= max and a step > 0");
    *g = (grid){xr[0], xr[1], xr[2], yr[0], yr[1], yr[2], 0, 0};
    double nx = floor((xr[1] - xr[0]) / xr[2] + 1e-9) + 1, ny = floor((yr[1] - yr[0]) / yr[2] + 1e-9) + 1;
    if (nx * ny > FIELD_MAX_ARROWS) {
        char msg[160];
        snprintf(msg, sizeof msg, "x_range and y_range make %.0f x %.0f grid points, more than %d: take larger steps", nx,
                 ny, FIELD_MAX_ARROWS);
        return build_fail(c, what, LR_ERR_LIMIT, msg);
    }
    g->nx = (int)nx;
    g->ny = (int)ny;
    return LR_OK;
}

static lr_status add_path(bctx *c, lr_mobject *g, const lr_path *p, lr_style st, const char *what)
{
    lr_mobject *m = lr_mobject_create_path(p, st);
    if (!m || lr_mobject_add_child(g, m) != LR_OK) {
        lr_mobject_destroy(m);
        return build_fail(c, what, LR_ERR_NOMEM, "out of memory");
    }
    return LR_OK;
}

/* The error of a failed build: the one already said, or s. */
static lr_status failed(bctx *c, const char *what, lr_status s)
{
    if (c->err && c->err->status != LR_OK)
        return c->err->status;
    return build_fail(c, what, s, s == LR_ERR_NOMEM ? "out of memory" : "could not build its paths");
}

/* Hands the group over, or destroys it on failure. */
static lr_status finish(bctx *c, const char *what, lr_status s, lr_mobject *group, lr_mobject **out)
{
    if (s != LR_OK) {
        lr_mobject_destroy(group);
        return failed(c, what, s);
    }
    *out = group;
    return LR_OK;
}

/* ---- vector_field ---- */

/* One path per arrow, in Manim's order (x outer, y inner), so that Create
 * draws them one after another as Manim does and maps bend each. Batching
 * arrows of a colour into one path draws no faster (bench/bench_fields). */
lr_status build_vector_field(bctx *c, const cJSON *o, lr_mobject **out)
{
    *out = NULL;
    field f;
    grid g;
    lr_status s = field_open(c, o, "vector_field", &f);
    if (s == LR_OK)
        s = grid_of(c, o, "vector_field", &g);
    if (s != LR_OK)
        return s;
    lr_mobject *group = lr_mobject_create_group();
    if (!group)
        return build_fail(c, "vector_field", LR_ERR_NOMEM, "out of memory");
    lr_style base = build_style(c, o, false);
    /* Manim's Vector: stroke 6, at most 5 times the length; tip as long
     * and as wide as 0.35, at most a quarter of the length. */
    double width = cJSON_GetObjectItemCaseSensitive(o, "stroke_width") ? base.stroke_width : 0.06;
    bool scaled = cJSON_GetObjectItemCaseSensitive(o, "length_scale") != NULL;
    double scale = build_num(c, o, "length_scale", 1);
    lr_path p = {0};
    for (int i = 0; i < g.nx && s == LR_OK; i++)
        for (int j = 0; j < g.ny && s == LR_OK; j++) {
            double x = g.x0 + i * g.sx, y = g.y0 + j * g.sy, v[2];
            if (!field_at(&f, x, y, v))
                continue;
            double norm = hypot(v[0], v[1]);
            if (!(norm > 0))
                continue;
            double len = scaled ? norm * scale : 0.45 / (1 + exp(-norm));
            lr_vec2 foot = {(float)x, (float)y}, tip = {(float)(x + v[0] / norm * len), (float)(y + v[1] / norm * len)};
            if (!isfinite(tip.x) || !isfinite(tip.y))
                continue; /* longer than floats hold: nothing to draw */
            lr_path_clear(&p);
            s = build_arrow(&p, foot, tip, (float)fmin(0.35, 0.25 * len), false);
            lr_style st = base;
            st.stroke = field_color(&f, norm);
            st.fill = st.stroke;
            st.stroke_width = (float)fmin(width, 0.05 * len);
            if (s == LR_OK)
                s = add_path(c, group, &p, st, "vector_field");
        }
    lr_path_free(&p);
    field_close(&f);
    return finish(c, "vector_field", s, group, out);
}

/* ---- stream_lines ---- */

typedef struct stream_line {
    uint32_t first;   /* its first point in field_lines.pts: 3 ncurves + 1 points */
    uint32_t ncurves; /* one per anchor after the first */
    uint32_t first_piece, npieces;
    double duration; /* the seconds of flow between its first and last anchors */
    double phase;    /* where its flash is at time 0, a share of a pass */
} stream_line;

typedef struct stream_piece {
    uint32_t c0, ncurves; /* curves of its line */
    lr_color color;
} stream_piece;

/* The integrated lines of a stream_lines object, as smooth curves split
 * into pieces of one colour: built once when the field reads only x and y,
 * then only cut per frame (the flowing window). */
struct field_lines {
    lr_vec2 *pts;
    size_t npts, cap_pts;
    stream_line *lines;
    size_t nlines, cap_lines;
    stream_piece *pieces;
    size_t npieces, cap_pieces;
};

void build_field_free(struct field_lines *f)
{
    if (!f)
        return;
    free(f->pts);
    free(f->lines);
    free(f->pieces);
    free(f);
}

static bool colors_close(lr_color a, lr_color b)
{
    return fabsf(a.r - b.r) <= STREAM_COLOR_STEP && fabsf(a.g - b.g) <= STREAM_COLOR_STEP &&
           fabsf(a.b - b.b) <= STREAM_COLOR_STEP;
}

/* The point at half a piece's curves (a curve's middle or an anchor). */
static lr_vec2 piece_middle(const lr_vec2 *line_pts, uint32_t c0, uint32_t n)
{
    uint32_t k = c0 + n / 2;
    return n % 2 ? lr_cubic_point(&line_pts[3 * k], 0.5f) : line_pts[3 * k];
}

/* Appends a line through `a` (n anchors, mag: the field's magnitude there)
 * with its pieces. */
static lr_status add_line(field *f, struct field_lines *L, const lr_vec2 *a, const double *mag, uint32_t n,
                          double duration, double phase, lr_path *scratch)
{
    lr_path_clear(scratch);
    lr_status s = build_smooth_curve(scratch, a, NULL, (int)n);
    if (s != LR_OK)
        return s;
    uint32_t ncurves = n - 1;
    if (scratch->npoints != 3 * ncurves + 1)
        return LR_OK; /* not one run of curves: nothing to draw */
    while (L->npts + scratch->npoints > L->cap_pts) {
        lr_vec2 *p = lr_grow(L->pts, &L->cap_pts, L->npts + scratch->npoints - 1, sizeof *p, 1024);
        if (!p)
            return LR_ERR_NOMEM;
        L->pts = p;
    }
    stream_line *lines = lr_grow(L->lines, &L->cap_lines, L->nlines, sizeof *lines, 64);
    if (!lines)
        return LR_ERR_NOMEM;
    L->lines = lines;
    const lr_vec2 *pts = L->pts + L->npts;
    memcpy(L->pts + L->npts, scratch->points, scratch->npoints * sizeof *pts);
    stream_line *ln = &L->lines[L->nlines];
    *ln = (stream_line){(uint32_t)L->npts, ncurves, (uint32_t)L->npieces, 0, duration, phase};
    for (uint32_t i0 = 0; i0 < ncurves;) {
        uint32_t k = i0 + 1;
        if (f->single) {
            k = ncurves;
        } else {
            lr_color first = field_color(f, mag[i0]);
            while (k < ncurves && colors_close(first, field_color(f, mag[k + 1])))
                k++;
        }
        stream_piece *pc = lr_grow(L->pieces, &L->cap_pieces, L->npieces, sizeof *pc, 256);
        if (!pc)
            return LR_ERR_NOMEM;
        L->pieces = pc;
        /* Coloured by the field at its middle (Manim colours each point). */
        lr_vec2 mid = piece_middle(pts, i0, k - i0);
        double v[2];
        double m = field_at(f, mid.x, mid.y, v) ? hypot(v[0], v[1]) : mag[i0 + (k - i0) / 2];
        L->pieces[L->npieces++] = (stream_piece){i0, k - i0, field_color(f, m)};
        ln->npieces++;
        i0 = k;
    }
    L->npts += scratch->npoints;
    L->nlines++;
    return LR_OK;
}

/* Manim's StreamLines: starting points on the grid moved at random by up
 * to half the noise factor, Euler steps of dt while inside the ranges
 * padded by `padding`, for virtual_time, at most max_anchors_per_line
 * kept (every k-th point, as Manim's points[::k]). A line stops before a
 * point where the field has no value. */
static lr_status integrate(bctx *c, const cJSON *o, field *f, struct field_lines *L)
{
    grid g;
    lr_status s = grid_of(c, o, "stream_lines", &g);
    if (s != LR_OK)
        return s;
    double dt = build_num(c, o, "dt", 0.05), vt = build_num(c, o, "virtual_time", 3);
    double pad = build_num(c, o, "padding", 3);
    int max_anchors = (int)build_num(c, o, "max_anchors_per_line", 100), reps = (int)build_num(c, o, "n_repeats", 1);
    double noise = cJSON_GetObjectItemCaseSensitive(o, "noise_factor") ? build_num(c, o, "noise_factor", 0) : g.sy / 2;
    if (!(dt > 0) || !(vt > 0) || max_anchors < 2 || reps < 1)
        return build_fail(c, "stream_lines", LR_ERR_INVALID_ARG, "dt, virtual_time, max_anchors_per_line, n_repeats");
    double max_steps = ceil(vt / dt) + 1, nlines = (double)reps * g.nx * g.ny;
    if (nlines > STREAM_MAX_LINES || nlines * max_steps > STREAM_MAX_STEPS) {
        char msg[200];
        snprintf(msg, sizeof msg, "%.0f lines of %.0f steps each, more than %d lines or %.0f steps in all: take larger "
                                  "steps, a larger dt or a shorter virtual_time",
                 nlines, max_steps, STREAM_MAX_LINES, STREAM_MAX_STEPS);
        return build_fail(c, "stream_lines", LR_ERR_LIMIT, msg);
    }
    size_t cap = (size_t)max_steps + 1;
    lr_vec2 *p = malloc(cap * sizeof *p);
    double *mag = malloc(cap * sizeof *mag);
    lr_path scratch = {0};
    if (!p || !mag)
        s = LR_ERR_NOMEM;
    double bx0 = g.x0 - pad, bx1 = g.x1 + pad, by0 = g.y0 - pad, by1 = g.y1 + pad;
    uint64_t rng = 0;
    for (int r = 0; r < reps && s == LR_OK; r++)
        for (int i = 0; i < g.nx && s == LR_OK; i++)
            for (int j = 0; j < g.ny && s == LR_OK; j++) {
                /* Every line draws its three numbers, drawn or not, so that
                 * each line is the same whatever happens to the others. */
                double px = g.x0 + i * g.sx - noise / 2 + noise * lr_rng_unit(&rng);
                double py = g.y0 + j * g.sy - noise / 2 + noise * lr_rng_unit(&rng);
                double phase = lr_rng_unit(&rng), v[2];
                if (!field_at(f, px, py, v))
                    continue;
                size_t n = 0;
                p[n] = (lr_vec2){(float)px, (float)py};
                mag[n++] = hypot(v[0], v[1]);
                for (size_t k = 0; k + 1 < cap; k++) {
                    double qx = px + dt * v[0], qy = py + dt * v[1];
                    if (qx < bx0 || qx > bx1 || qy < by0 || qy > by1 || !field_at(f, qx, qy, v))
                        break;
                    px = qx;
                    py = qy;
                    p[n] = (lr_vec2){(float)px, (float)py};
                    mag[n++] = hypot(v[0], v[1]);
                }
                size_t step = n / (size_t)max_anchors > 1 ? n / (size_t)max_anchors : 1, na = 0;
                for (size_t k = 0; k < n; k += step, na++) {
                    p[na] = p[k];
                    mag[na] = mag[k];
                }
                bool moves = false;
                for (size_t k = 1; k < na && !moves; k++)
                    moves = fabsf(p[k].x - p[0].x) + fabsf(p[k].y - p[0].y) > 1e-6f;
                if (moves)
                    s = add_line(f, L, p, mag, (uint32_t)na, (double)(na - 1) * (double)step * dt, phase, &scratch);
            }
    free(p);
    free(mag);
    lr_path_free(&scratch);
    return s == LR_OK ? s : failed(c, "stream_lines", s);
}

/* The pieces of each line (all of it, or only its flowing window), one
 * group per line, in the order of the starting points. */
static lr_status draw_lines(bctx *c, const cJSON *o, const field *f, const struct field_lines *L, lr_mobject **out)
{
    lr_style base = build_style(c, o, false);
    if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
        base.stroke_width = 0.01f; /* Manim's StreamLines: 1 */
    bool flowing = cJSON_GetObjectItemCaseSensitive(o, "flow_speed") != NULL;
    double speed = build_num(c, o, "flow_speed", 1), width = build_num(c, o, "time_width", 0.3);
    double t = c->vars[SPEC_SLOT_TIME];
    lr_mobject *all = lr_mobject_create_group();
    lr_path whole = {0}, cut = {0};
    lr_status s = all ? LR_OK : LR_ERR_NOMEM;
    for (size_t i = 0; i < L->nlines && s == LR_OK; i++) {
        const stream_line *ln = &L->lines[i];
        double lo = 0, hi = ln->ncurves;
        if (flowing) {
            /* Manim's start_animation: a ShowPassingFlash of time_width
             * runs along the line, a pass in its duration / flow_speed,
             * each line from its own phase, round and round. */
            double alpha = ln->phase + t * speed / ln->duration;
            alpha -= floor(alpha);
            double upper = alpha * (1 + width), lower = upper - width;
            lo = fmax(lower, 0) * ln->ncurves;
            hi = fmin(upper, 1) * ln->ncurves;
        }
        lr_mobject *lg = lr_mobject_create_group();
        if (!lg || lr_mobject_add_child(all, lg) != LR_OK) {
            lr_mobject_destroy(lg);
            s = LR_ERR_NOMEM;
            break;
        }
        const lr_vec2 *pts = L->pts + ln->first;
        for (uint32_t k = 0; k < ln->npieces && s == LR_OK; k++) {
            const stream_piece *pc = &L->pieces[ln->first_piece + k];
            double a = fmax(lo, pc->c0), b = fmin(hi, pc->c0 + pc->ncurves);
            if (!(a < b))
                continue;
            lr_path_clear(&whole);
            s = lr_path_move_to(&whole, pts[3 * pc->c0]);
            for (uint32_t q = pc->c0; q < pc->c0 + pc->ncurves && s == LR_OK; q++)
                s = lr_path_cubic_to(&whole, pts[3 * q + 1], pts[3 * q + 2], pts[3 * q + 3]);
            const lr_path *drawn = &whole;
            if (s == LR_OK && (a > pc->c0 || b < pc->c0 + pc->ncurves)) {
                s = lr_path_partial(&cut, &whole, (float)((a - pc->c0) / pc->ncurves), (float)((b - pc->c0) / pc->ncurves));
                drawn = &cut;
            }
            lr_style st = base;
            st.stroke = f->single ? f->one : pc->color;
            if (s == LR_OK)
                s = add_path(c, lg, drawn, st, "stream_lines");
        }
    }
    lr_path_free(&whole);
    lr_path_free(&cut);
    return finish(c, "stream_lines", s, all, out);
}

lr_status build_stream_lines(bctx *c, const cJSON *o, bobj *self, lr_mobject **out)
{
    *out = NULL;
    field f;
    lr_status s = field_open(c, o, "stream_lines", &f);
    if (s != LR_OK)
        return s;
    /* Flowing lines are rebuilt at every frame; their shape changes only
     * when the field reads time or values. */
    struct field_lines *L = self ? self->field : NULL;
    if (!L || !field_fixed(&f)) {
        build_field_free(L);
        if (self)
            self->field = NULL;
        L = calloc(1, sizeof *L);
        s = L ? integrate(c, o, &f, L) : failed(c, "stream_lines", LR_ERR_NOMEM);
        if (s == LR_OK && self)
            self->field = L;
    }
    if (s == LR_OK)
        s = draw_lines(c, o, &f, L, out);
    field_close(&f);
    if (!self || self->field != L)
        build_field_free(L);
    return s;
}
