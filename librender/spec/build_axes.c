/* What is drawn on axes and number lines (version 2), after Manim's
 * CoordinateSystem and NumberLine: an axis' ticks and numbers with their
 * configs (elongated ticks, numbers to include and exclude, LaTeX numbers,
 * decimal places, LogBase scaling), number lines and pointers, lines from
 * an axis to a point, graph labels, line graphs and Riemann rectangles;
 * and "in", points given in an axes' coordinates. Everything is computed in
 * scene coordinates from the axes as they are drawn now. */
#include "spec/build_internal.h"

#define AXIS_MAX_TICKS 2048
#define RIEMANN_MAX 5000 /* as validate.c: more rectangles raise dx */
#define SCREEN_BUFF 0.5f /* Manim's DEFAULT_MOBJECT_TO_EDGE_BUFFER, for shift_onto_screen */

/* ---- graphs, as their expressions say ---- */

const lr_expr *build_field_expr(bctx *c, const cJSON *o, const char *key, lr_expr **own, lr_error *e)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    const spec_expr *x = v ? spec_exprs_find(&c->sec->exprs, v) : NULL;
    *own = NULL;
    if (x)
        return x->expr;
    if (!cJSON_IsString(v) || lr_expr_compile(v->valuestring, own, e) != LR_OK)
        return NULL;
    return *own;
}

lr_status build_graph_open(bctx *c, const bobj *graph, const char *what, graph_fn *g)
{
    memset(g, 0, sizeof *g);
    g->c = c;
    g->graph = graph;
    if (graph)
        g->axes = build_find(c, str_or(graph->json, "axes", ""));
    const lr_mobject *leaf = graph ? first_path(graph->m) : NULL;
    if (!graph || !g->axes || !g->axes->is_axes || !g->axes->m)
        return build_fail(c, what, LR_ERR_INVALID_ARG, "no such graph");
    /* A graph is drawn in its axes' frame (build_curve); one that showed
     * nothing at its last build has no path, and then its axes' frame. */
    g->to_scene = lr_mobject_world_transform(leaf ? leaf : shape_of(g->axes));
    const axes_map *a = &g->axes->axes;
    double r[3];
    build_range(c, graph->json, "x_range", axes_value(a, 0, a->x0), axes_value(a, 0, a->x1), 0, r);
    g->lo = r[0];
    g->hi = r[1];
    lr_error e = {0};
    g->expr = build_field_expr(c, graph->json, "expr", &g->own, &e);
    if (!g->expr)
        return build_fail(c, what, e.status ? e.status : LR_ERR_INVALID_ARG, e.message[0] ? e.message : "bad graph");
    return LR_OK;
}

lr_status build_graphs_open(bctx *c, const cJSON *o, const char *what, graph_fn *g, graph_fn *b, bool *bounded)
{
    lr_status s = build_graph_open(c, build_find(c, str_or(o, "graph", "")), what, g);
    const bobj *other = build_find(c, str_or(o, "bounded_graph", ""));
    *bounded = other != NULL;
    if (s == LR_OK && other && (s = build_graph_open(c, other, what, b)) != LR_OK)
        build_graph_close(g);
    return s;
}

double build_graph_y(const graph_fn *g, double x)
{
    return g->own ? lr_expr_eval(g->own, x, 0) : build_eval_at(g->c, g->expr, x, 0).x;
}

lr_vec2 build_graph_c2p(const graph_fn *g, double x, double y)
{
    return lr_affine_apply(g->to_scene, axes_point(&g->axes->axes, x, y));
}

void build_graph_close(graph_fn *g)
{
    lr_expr_destroy(g->own);
    g->own = NULL;
}

static bool finite2(lr_vec2 p)
{
    return isfinite(p.x) && isfinite(p.y);
}

/* ---- "in": points in an axes' coordinates ---- */

lr_vec2 build_in_axes(bctx *c, const cJSON *o, const char *key, lr_vec2 p)
{
    const char *in = str_or(o, "in", NULL);
    if (!in || !vocab_is_coord(str_or(o, "type", ""), key))
        return p;
    const bobj *ax = build_find(c, in);
    if (!ax || !ax->is_axes || !ax->m)
        return p;
    lr_vec2 q = world_point(shape_of(ax), axes_point(&ax->axes, p.x, p.y));
    if (!finite2(q))
        c->nan_seen = true; /* off a log axis: nothing to show */
    return q;
}

/* ---- placing labels ---- */

static const lr_vec2 dir8[] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {-1, 1}, {1, -1}, {-1, -1}};

static lr_vec2 direction_of(const cJSON *o, const char *key, const vocab_enum *en, const char *fallback)
{
    const char *d = str_or(o, key, fallback);
    for (size_t i = 0; i < en->count && i < 8; i++)
        if (strcmp(d, en->values[i]) == 0)
            return dir8[i];
    return dir8[0];
}

/* Manim's next_to(point, direction, buff): the edge (or corner) of m that
 * faces the point lies buff from it along direction. */
static void next_to_point(lr_mobject *m, lr_vec2 p, lr_vec2 dir, float buff)
{
    lr_rect b = lr_mobject_bounds(m);
    if (lr_rect_is_empty(b))
        return;
    float w = (b.x1 - b.x0) * 0.5f, h = (b.y1 - b.y0) * 0.5f;
    move_center_to(m, (lr_vec2){p.x + dir.x * (buff + w), p.y + dir.y * (buff + h)});
}

/* Manim's shift_onto_screen: back inside the default frame, SCREEN_BUFF
 * from its edges. */
static void shift_onto_screen(bctx *c, lr_mobject *m)
{
    lr_layout l = lr_layout_get(c->orientation);
    float hx = l.frame_width * 0.5f - SCREEN_BUFF, hy = l.frame_height * 0.5f - SCREEN_BUFF;
    lr_rect b = world_bounds(m);
    if (lr_rect_is_empty(b))
        return;
    float dx = b.x1 > hx ? hx - b.x1 : b.x0 < -hx ? -hx - b.x0 : 0;
    float dy = b.y1 > hy ? hy - b.y1 : b.y0 < -hy ? -hy - b.y0 : 0;
    if (dx != 0 || dy != 0)
        transform_by(m, lr_affine_translate(dx, dy));
}

static lr_status adopt(bctx *c, lr_mobject *g, lr_mobject *child, const char *what)
{
    if (child && lr_mobject_add_child(g, child) == LR_OK)
        return LR_OK;
    lr_mobject_destroy(child);
    return build_fail(c, what, LR_ERR_NOMEM, "out of memory");
}

static lr_status adopt_path(bctx *c, lr_mobject *g, lr_path *p, lr_style st, const char *what)
{
    lr_mobject *m = lr_mobject_create_path(p, st);
    lr_path_free(p);
    return adopt(c, g, m, what);
}

/* ---- an axis' ticks and numbers ---- */

/* Manim's NumberLine keywords of one axis, with the defaults of where it is
 * (a number_line: Manim's; an axes: what version 1 drew). */
typedef struct axis_cfg {
    bool line; /* a number_line */
    bool ticks, numbers, tex, log, custom, manim_ticks, exclude_origin, tip;
    double tick_size, longer, font_size, buff, base;
    int decimals; /* -1: shortest, as %g */
    lr_vec2 dir;
    const cJSON *elongated, *include, *exclude;
} axis_cfg;

/* Where the field of an axis config is: its own config, then axis_config
 * (an axes), or the number_line itself. */
static const cJSON *cfg_item(const cJSON *o, int axis, const char *key)
{
    if (strcmp(str_or(o, "type", ""), "number_line") == 0)
        return cJSON_GetObjectItemCaseSensitive(o, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, axis ? "y_axis_config" : "x_axis_config"), key);
    return v ? v : cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "axis_config"), key);
}

static double cfg_num(bctx *c, const cJSON *o, int axis, const char *key, double fallback)
{
    const cJSON *v = cfg_item(o, axis, key);
    return v ? build_number_of(c, v, fallback) : fallback;
}

static bool cfg_bool(const cJSON *o, int axis, const char *key, bool fallback)
{
    const cJSON *v = cfg_item(o, axis, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

static const char *cfg_str(const cJSON *o, int axis, const char *key, const char *fallback)
{
    const cJSON *v = cfg_item(o, axis, key);
    return cJSON_IsString(v) ? v->valuestring : fallback;
}

/* Manim's _decimal_places_from_step: the digits after the point of the
 * step as written (here: as %g writes it). */
static int decimals_of_step(double step)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%g", step);
    const char *dot = strchr(buf, '.');
    return dot && !strchr(buf, 'e') ? (int)strlen(dot + 1) : 0;
}

void build_axes_scaling(bctx *c, const cJSON *o, axes_map *a)
{
    for (int axis = 0; axis < 2; axis++) {
        a->log[axis] = strcmp(cfg_str(o, axis, "scaling", "linear"), "log") == 0;
        a->base[axis] = cfg_num(c, o, axis, "base", 10);
        if (!(a->base[axis] > 1))
            a->log[axis] = false;
    }
}

static void axis_cfg_read(bctx *c, const cJSON *o, const axes_map *a, int axis, bool tips, double step, axis_cfg *k)
{
    memset(k, 0, sizeof *k);
    k->line = strcmp(str_or(o, "type", ""), "number_line") == 0;
    k->ticks = cfg_bool(o, axis, "include_ticks", true);
    k->tick_size = cfg_num(c, o, axis, "tick_size", k->line ? 0.1 : 0.07);
    k->longer = cfg_num(c, o, axis, "longer_tick_multiple", 2);
    k->elongated = cfg_item(o, axis, "numbers_with_elongated_ticks");
    k->include = cfg_item(o, axis, "numbers_to_include");
    k->exclude = cfg_item(o, axis, "numbers_to_exclude");
    k->numbers = cfg_bool(o, axis, "include_numbers", k->line ? false : bool_or(o, "include_numbers", false));
    k->log = a->log[axis];
    k->base = a->base[axis];
    k->custom = k->log && cfg_bool(o, axis, "custom_labels", true);
    const cJSON *dp = cfg_item(o, axis, "num_decimal_places");
    k->decimals = dp ? (int)build_number_of(c, dp, 0) : k->line || k->log ? decimals_of_step(step) : -1;
    k->tex = k->custom || strcmp(cfg_str(o, axis, "label_constructor", k->line ? "MathTex" : "Text"), "MathTex") == 0;
    k->font_size = cfg_num(c, o, axis, "font_size", k->tex || k->line ? 36 : 20);
    k->dir = dir8[3];
    const char *dir = cfg_str(o, axis, "label_direction", axis ? "left" : "down");
    for (size_t i = 0; i < vocab_directions.count; i++)
        if (strcmp(dir, vocab_directions.values[i]) == 0)
            k->dir = dir8[i];
    k->buff = cfg_num(c, o, axis, "line_to_number_buff", k->line ? 0.25 : 0.15);
    k->manim_ticks = k->line || k->log;
    k->exclude_origin = k->line && bool_or(o, "exclude_origin_tick", false);
    k->tip = tips;
}

/* np.arange(a, b, step): a + i step while below b. */
static size_t arange(double a, double b, double step, double sign, double *out, size_t n, size_t cap)
{
    double count = b > a ? ceil((b - a) / step) : 0;
    for (double i = 0; i < count && n < cap; i++)
        out[n++] = sign * (a + i * step);
    return n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The linear coordinates of the ticks: Manim's get_tick_range (a number
 * line, a log axis), or version 1's multiples of the step, without the one
 * where the other axis crosses (linear axes). */
static size_t tick_range(const axes_map *a, int axis, const axis_cfg *k, double step, double *u)
{
    double lo = axis ? a->y0 : a->x0, hi = axis ? a->y1 : a->x1;
    size_t n = 0;
    if (!k->manim_ticks) {
        double skip = axes_cross_linear(a, axis);
        for (double v = ceil(lo / step) * step; v <= hi + 1e-9 && n < AXIS_MAX_TICKS; v += step)
            if (fabs(v - skip) > 1e-9)
                u[n++] = v;
        return n;
    }
    if (!k->tip)
        hi += 1e-6;
    if ((lo < hi && hi < 0) || (hi > lo && lo > 0))
        return arange(lo, hi, step, 1, u, 0, AXIS_MAX_TICKS);
    double start = k->exclude_origin ? step : 0;
    n = arange(start, fabs(lo) + 1e-6, step, -1, u, 0, AXIS_MAX_TICKS);
    n = arange(start, hi, step, 1, u, n, AXIS_MAX_TICKS);
    qsort(u, n, sizeof *u, cmp_double);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || u[i] != u[m - 1])
            u[m++] = u[i];
    return m;
}

static bool listed(const cJSON *list, double v)
{
    for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e; e = e->next)
        if (cJSON_IsNumber(e) && fabs(e->valuedouble - v) <= 1e-9 * fmax(1, fabs(v)))
            return true;
    return false;
}

/* A number's label: "2", "-1.5" (with its decimals), or a power "10^{2}". */
static void number_text(const axis_cfg *k, double v, char *buf, size_t size)
{
    if (k->custom) {
        char base[32];
        snprintf(base, sizeof base, "%g", k->base);
        double e = log(v) / log(k->base);
        snprintf(buf, size, "%s^{%.*f}", base, k->decimals < 0 ? 0 : k->decimals, fabs(e) < 1e-12 ? 0.0 : e);
    } else if (k->decimals >= 0) {
        snprintf(buf, size, "%.*f", k->decimals, v);
        /* no "-0.0" */
        bool zero = true;
        for (const char *p = buf; *p; p++)
            zero &= *p == '-' || *p == '0' || *p == '.';
        if (zero && buf[0] == '-')
            memmove(buf, buf + 1, strlen(buf));
    } else {
        snprintf(buf, size, "%g", fabs(v) < 1e-12 ? 0.0 : v);
    }
}

lr_status build_axis_marks(bctx *c, const cJSON *o, const axes_map *a, int axis, bool tips, lr_color color,
                           lr_path *ticks, lr_mobject *group)
{
    double r[3];
    build_range(c, o, axis ? "y_range" : "x_range", axis ? a->y0 : a->x0, axis ? a->y1 : a->x1, 1, r);
    if (strcmp(str_or(o, "type", ""), "number_line") == 0)
        build_range(c, o, "x_range", a->x0, a->x1, 1, r);
    double step = r[2] > 0 ? r[2] : 1;
    axis_cfg k;
    axis_cfg_read(c, o, a, axis, tips, step, &k);
    double along = axes_cross_linear(a, 1 - axis);
    double lo = axis ? a->y0 : a->x0, hi = axis ? a->y1 : a->x1;
#define AXIS_AT(u) (axis ? axes_point_linear(a, along, (u)) : axes_point_linear(a, (u), along))
    lr_vec2 p0 = AXIS_AT(lo), p1 = AXIS_AT(hi);
    float len = hypotf(p1.x - p0.x, p1.y - p0.y);
    lr_vec2 d = len > 0 ? (lr_vec2){(p1.x - p0.x) / len, (p1.y - p0.y) / len} : (lr_vec2){1, 0};
    lr_vec2 nrm = axis ? (lr_vec2){d.y, -d.x} : (lr_vec2){-d.y, d.x};
    double *u = malloc(AXIS_MAX_TICKS * sizeof *u);
    if (!u)
        return build_fail(c, "axis", LR_ERR_NOMEM, "out of memory");
    size_t n = tick_range(a, axis, &k, step, u);
    lr_status s = LR_OK;
    for (size_t i = 0; k.ticks && i < n && s == LR_OK; i++) {
        double v = axes_value(a, axis, u[i]);
        float size = (float)(k.tick_size * (listed(k.elongated, v) ? k.longer : 1));
        lr_vec2 p = AXIS_AT(u[i]);
        s = lr_path_add_line(ticks, (lr_vec2){p.x - nrm.x * size, p.y - nrm.y * size},
                             (lr_vec2){p.x + nrm.x * size, p.y + nrm.y * size});
    }
    /* the numbers: those to include, else one at every tick */
    size_t nv = 0;
    double *vals = u; /* reused: values now */
    if (cJSON_IsArray(k.include)) {
        for (const cJSON *e = k.include->child; e && nv < AXIS_MAX_TICKS; e = e->next)
            vals[nv++] = build_number_of(c, e, NAN);
    } else if (k.numbers) {
        for (size_t i = 0; i < n; i++)
            vals[nv++] = axes_value(a, axis, u[i]);
    }
    double cross = axes_value(a, axis, axes_cross_linear(a, axis));
    enum { MAX_LABELS = 256 };
    char (*text)[40] = calloc(MAX_LABELS, sizeof *text);
    const char **srcs = calloc(MAX_LABELS, sizeof *srcs);
    lr_vec2 *at = calloc(MAX_LABELS, sizeof *at);
    bool *negative = calloc(MAX_LABELS, sizeof *negative);
    lr_mobject **outs = calloc(MAX_LABELS, sizeof *outs);
    if (!text || !srcs || !at || !negative || !outs)
        s = build_fail(c, "axis", LR_ERR_NOMEM, "out of memory");
    size_t nl = 0;
    for (size_t i = 0; s == LR_OK && i < nv && nl < MAX_LABELS; i++) {
        double v = vals[i];
        bool out = k.exclude ? listed(k.exclude, v) : !k.line && !k.log && fabs(v - cross) < 1e-9;
        lr_vec2 p = AXIS_AT(axes_linear(a, axis, v));
        if (out || !isfinite(v) || !finite2(p))
            continue;
        number_text(&k, v, text[nl], sizeof text[nl]);
        srcs[nl] = text[nl];
        negative[nl] = v < 0;
        at[nl++] = p;
    }
#undef AXIS_AT
    if (s == LR_OK && nl > 0 && k.tex)
        s = build_tex_many(c, srcs, nl, (float)k.font_size, color, outs);
    for (size_t i = 0; s == LR_OK && i < nl; i++) {
        if (!k.tex && (s = build_text(c, srcs[i], (float)k.font_size, color, &outs[i])) != LR_OK)
            break;
        next_to_point(outs[i], at[i], k.dir, (float)k.buff);
        /* Manim aligns a negative number by its digits, not its minus sign */
        if (k.tex && negative[i] && k.dir.x == 0 && outs[i]->nchildren > 1) {
            lr_rect mb = lr_mobject_bounds(outs[i]->children[0]);
            if (!lr_rect_is_empty(mb))
                transform_by(outs[i], lr_affine_translate(-(mb.x1 - mb.x0) * 0.5f, 0));
        }
        s = adopt(c, group, outs[i], "axis");
        outs[i] = NULL;
    }
    for (size_t i = 0; outs && i < nl; i++)
        lr_mobject_destroy(outs[i]);
    free(text);
    free(srcs);
    free(at);
    free(negative);
    free(outs);
    free(u);
    return s;
}

/* ---- number lines (Manim's NumberLine) ---- */

lr_status build_number_line(bctx *c, const cJSON *o, bobj *self, lr_mobject **out)
{
    double r[3];
    build_range(c, o, "x_range", -7, 7, 1, r);
    axes_map *a = &self->axes;
    memset(a, 0, sizeof *a);
    build_axes_scaling(c, o, a);
    a->log[1] = false;
    a->x0 = r[0];
    a->x1 = r[1];
    a->sx = build_num(c, o, "length", build_num(c, o, "unit_size", 1) * (r[1] - r[0])) / (r[1] - r[0]);
    a->sy = 1;
    /* Manim rotates the line and its ticks about its centre before adding
     * the numbers, which stay upright. */
    double rot = build_num(c, o, "rotation", 0) * DEG;
    if (rot != 0) {
        a->mapped = true;
        a->m[0] = cos(rot);
        a->m[1] = -sin(rot);
        a->m[2] = sin(rot);
        a->m[3] = cos(rot);
    }
    self->is_axes = true;
    lr_style st = build_style(c, o, false);
    if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
        st.stroke_width = 0.02f; /* Manim's NumberLine stroke_width 2 */
    lr_color color = st.stroke;
    color.a = 1;
    lr_mobject *g = lr_mobject_create_group(), *nums = lr_mobject_create_group();
    if (!g || !nums) {
        lr_mobject_destroy(g);
        lr_mobject_destroy(nums);
        return build_fail(c, "number_line", LR_ERR_NOMEM, "out of memory");
    }
    bool tip = bool_or(o, "include_tip", false);
    float th = (float)build_num(c, o, "tip_height", 0.35), tw = (float)build_num(c, o, "tip_width", 0.35);
    lr_vec2 p0 = axes_point_linear(a, r[0], 0), p1 = axes_point_linear(a, r[1], 0);
    float len = hypotf(p1.x - p0.x, p1.y - p0.y);
    lr_vec2 d = len > 0 ? (lr_vec2){(p1.x - p0.x) / len, (p1.y - p0.y) / len} : (lr_vec2){1, 0};
    if (tip && th > len)
        th = len;
    /* Manim's add_tip: the tip ends where the line did, which it shortens. */
    lr_path lines = {0}, head = {0};
    lr_status s = lr_path_add_line(&lines, p0, tip ? (lr_vec2){p1.x - d.x * th, p1.y - d.y * th} : p1);
    if (s == LR_OK)
        s = build_axis_marks(c, o, a, 0, tip, color, &lines, nums);
    if (s == LR_OK && tip)
        s = lr_path_add_arrow_tip(&head, p1, d, th, tw);
    /* the line and its ticks, its tip, then the numbers: Create's order */
    if (s == LR_OK)
        s = adopt_path(c, g, &lines, st, "number_line");
    lr_style hs = st;
    hs.fill = st.stroke;
    if (s == LR_OK && tip)
        s = adopt_path(c, g, &head, hs, "number_line");
    if (s == LR_OK)
        s = adopt(c, g, nums, "number_line");
    else
        lr_mobject_destroy(nums);
    lr_path_free(&lines);
    lr_path_free(&head);
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return s;
    }
    *out = g;
    return LR_OK;
}

/* ---- labels compiled ahead ---- */

static lr_color pointer_label_color(bctx *c, const cJSON *o)
{
    lr_color col = build_style(c, o, true).fill;
    col.a = 1;
    return col;
}

/* A graph label's colour: its own, else its graph's stroke as built. */
static lr_color graph_label_color(bctx *c, const cJSON *o, const cJSON *graph)
{
    lr_color col;
    if (!color_of(o, "color", &col))
        col = graph ? build_style(c, graph, false).stroke : lr_rgba(1, 1, 1, 1);
    col.a = 1;
    return col;
}

static const cJSON *object_json(bctx *c, const char *id)
{
    const cJSON *objects = cJSON_GetObjectItemCaseSensitive(c->sec->json, "objects");
    for (const cJSON *e = objects ? objects->child : NULL; e; e = e->next)
        if (strcmp(str_or(e, "id", ""), id) == 0)
            return e;
    return NULL;
}

bool build_axes_label_of(bctx *c, const cJSON *o, tex_pre *out)
{
    const char *type = str_or(o, "type", "");
    if (strcmp(type, "pointer") == 0 && str_or(o, "label", NULL)) {
        *out = (tex_pre){str_or(o, "label", ""), (float)build_num(c, o, "font_size", 48), pointer_label_color(c, o), NULL, NULL, NULL};
        return true;
    }
    if (strcmp(type, "graph_label") == 0) {
        *out = (tex_pre){str_or(o, "label", "f(x)"), (float)build_num(c, o, "font_size", 48),
                         graph_label_color(c, o, object_json(c, str_or(o, "graph", ""))), NULL, NULL, NULL};
        return true;
    }
    return false;
}

/* ---- pointers at a number ---- */

/* A filled triangle (or Manim's Vector) standing on one side of the number's
 * point, its tip buff from it, and a label beyond its tail. Its ends are
 * the tail and the tip (start and end). */
lr_status build_pointer(bctx *c, const cJSON *o, bobj *self, lr_mobject **out)
{
    const bobj *nl = build_find(c, str_or(o, "number_line", ""));
    if (!nl || !nl->is_axes || !nl->m)
        return build_fail(c, "pointer", LR_ERR_INVALID_ARG, "no such number_line");
    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return build_fail(c, "pointer", LR_ERR_NOMEM, "out of memory");
    *out = g;
    lr_vec2 at = world_point(shape_of(nl), axes_point(&nl->axes, build_num(c, o, "value", 0), 0));
    if (!finite2(at)) {
        c->nan_seen = true;
        return LR_OK;
    }
    lr_vec2 d = direction_of(o, "direction", &vocab_directions, "up");
    bool arrow = strcmp(str_or(o, "shape", "triangle"), "arrow") == 0;
    float len = (float)build_num(c, o, "length", arrow ? 1 : 0.25), buff = (float)build_num(c, o, "buff", 0.25);
    lr_vec2 tip = {at.x + d.x * buff, at.y + d.y * buff}, tail = {tip.x + d.x * len, tip.y + d.y * len};
    self->p0 = tail;
    self->p1 = tip;
    self->has_ends = true;
    lr_path p = {0};
    lr_status s;
    lr_style st = build_style(c, o, !arrow);
    if (arrow) {
        /* Manim's Vector: a tip of 0.35, at most a quarter of its length */
        s = build_arrow(&p, tail, tip, fminf(0.35f, 0.25f * len), false);
        if (!cJSON_GetObjectItemCaseSensitive(o, "fill_color"))
            st.fill = st.stroke;
        if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
            st.stroke_width = 0.06f; /* Vector's stroke 6 */
    } else {
        float half = len / sqrtf(3.0f); /* equilateral */
        lr_vec2 pts[3] = {tip, {tail.x - d.y * half, tail.y + d.x * half}, {tail.x + d.y * half, tail.y - d.x * half}};
        s = lr_path_add_polygon(&p, pts, 3);
    }
    if (s == LR_OK)
        s = adopt_path(c, g, &p, st, "pointer");
    lr_path_free(&p);
    const char *label = str_or(o, "label", NULL);
    if (s == LR_OK && label) {
        lr_mobject *t = NULL;
        s = build_tex(c, label, (float)build_num(c, o, "font_size", 48), pointer_label_color(c, o), NULL, &t);
        if (s == LR_OK) {
            next_to_point(t, tail, d, (float)build_num(c, o, "label_buff", 0.25));
            s = adopt(c, g, t, "pointer");
        }
    }
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        *out = NULL;
    }
    return s;
}

/* ---- lines from an axis to a point ---- */

/* Manim's DashedLine: n = max(2, ceil(length / dash_length * ratio))
 * dashes, the first at a and the last ending at b. */
static lr_status add_dashes(lr_path *p, lr_vec2 a, lr_vec2 b, double dash, double ratio)
{
    double len = hypot(b.x - a.x, b.y - a.y);
    if (ratio >= 1 || len <= 0)
        return lr_path_add_line(p, a, b);
    int n = (int)fmax(2, ceil(len / dash * ratio));
    if (n > 10000)
        n = 10000;
    double on = ratio / n, off = (1 - ratio) / (n - 1);
    lr_status s = LR_OK;
    for (int i = 0; i < n && s == LR_OK; i++) {
        double t0 = i * (on + off), t1 = t0 + on;
        s = lr_path_add_line(p, (lr_vec2){(float)(a.x + (b.x - a.x) * t0), (float)(a.y + (b.y - a.y) * t0)},
                             (lr_vec2){(float)(a.x + (b.x - a.x) * t1), (float)(a.y + (b.y - a.y) * t1)});
    }
    return s;
}

/* The orthogonal projection of p on the line through a and b (Manim's
 * get_projection of an axis). */
static lr_vec2 project(lr_vec2 p, lr_vec2 a, lr_vec2 b)
{
    double dx = b.x - a.x, dy = b.y - a.y, n = dx * dx + dy * dy;
    double t = n > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / n : 0;
    return (lr_vec2){(float)(a.x + t * dx), (float)(a.y + t * dy)};
}

/* vertical_line, horizontal_line, lines_to_point: from the x axis (the y
 * axis) to the graph's point at x, or to a point, dashed, stroke 2. */
lr_status build_axis_line(bctx *c, const cJSON *o, bobj *self, lr_mobject **out)
{
    const char *type = str_or(o, "type", "");
    const bobj *graph = build_find(c, str_or(o, "graph", ""));
    lr_affine w;
    const axes_map *a;
    lr_vec2 to;
    if (graph) {
        graph_fn g;
        lr_status s = build_graph_open(c, graph, type, &g);
        if (s != LR_OK)
            return s;
        double x = build_num(c, o, "x", 0);
        to = build_graph_c2p(&g, x, build_graph_y(&g, x));
        w = g.to_scene;
        a = &g.axes->axes;
        build_graph_close(&g);
    } else {
        const bobj *ax = build_find(c, str_or(o, "axes", str_or(o, "in", "")));
        if (!ax || !ax->is_axes || !ax->m)
            return build_fail(c, type, LR_ERR_INVALID_ARG, "no such axes");
        w = lr_mobject_world_transform(shape_of(ax));
        a = &ax->axes;
        to = build_vec(c, o, "point", (lr_vec2){0, 0});
    }
    lr_mobject *grp = lr_mobject_create_group();
    if (!grp)
        return build_fail(c, type, LR_ERR_NOMEM, "out of memory");
    *out = grp;
    if (!finite2(to)) {
        c->nan_seen = true;
        return LR_OK;
    }
    lr_style st = build_style(c, o, false);
    if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
        st.stroke_width = 0.02f; /* Manim's get_line_from_axis_to_point stroke_width 2 */
    double dash = build_num(c, o, "dash_length", 0.05), ratio = build_num(c, o, "dashed_ratio", 0.5);
    lr_status s = LR_OK;
    /* lines_to_point: horizontal, then vertical (Manim's VGroup) */
    for (int axis = 1; axis >= 0 && s == LR_OK; axis--) {
        if ((axis == 1 && strcmp(type, "vertical_line") == 0) || (axis == 0 && strcmp(type, "horizontal_line") == 0))
            continue;
        double along = axes_cross_linear(a, 1 - axis);
        lr_vec2 e0 = lr_affine_apply(w, axis ? axes_point_linear(a, along, a->y0) : axes_point_linear(a, a->x0, along));
        lr_vec2 e1 = lr_affine_apply(w, axis ? axes_point_linear(a, along, a->y1) : axes_point_linear(a, a->x1, along));
        lr_vec2 from = project(to, e0, e1);
        self->p0 = from;
        self->p1 = to;
        self->has_ends = strcmp(type, "lines_to_point") != 0;
        lr_path p = {0};
        s = add_dashes(&p, from, to, dash, ratio);
        if (s == LR_OK)
            s = adopt_path(c, grp, &p, st, type);
        lr_path_free(&p);
    }
    if (s != LR_OK) {
        lr_mobject_destroy(grp);
        *out = NULL;
    }
    return s;
}

/* ---- a graph's label (get_graph_label) ---- */

lr_status build_graph_label(bctx *c, const cJSON *o, lr_mobject **out)
{
    graph_fn g;
    lr_status s = build_graph_open(c, build_find(c, str_or(o, "graph", "")), "graph_label", &g);
    if (s != LR_OK)
        return s;
    lr_vec2 p = {NAN, NAN};
    if (cJSON_GetObjectItemCaseSensitive(o, "x_val")) {
        double x = build_num(c, o, "x_val", 0);
        p = build_graph_c2p(&g, x, build_graph_y(&g, x));
    } else {
        /* Manim: from the right end of the axes' range leftwards, the first
         * point below the top of the frame */
        const axes_map *a = &g.axes->axes;
        double top = lr_layout_get(c->orientation).frame_height * 0.5;
        for (int i = 0; i < 100; i++) {
            double x = axes_value(a, 0, a->x1 + (a->x0 - a->x1) * i / 99.0);
            p = build_graph_c2p(&g, x, build_graph_y(&g, x));
            if (finite2(p) && p.y < top)
                break;
        }
    }
    lr_color col = graph_label_color(c, o, g.graph->json);
    build_graph_close(&g);
    lr_mobject *grp = lr_mobject_create_group();
    if (!grp)
        return build_fail(c, "graph_label", LR_ERR_NOMEM, "out of memory");
    *out = grp;
    if (!finite2(p)) {
        c->nan_seen = true;
        return LR_OK;
    }
    lr_mobject *t = NULL;
    s = build_tex(c, str_or(o, "label", "f(x)"), (float)build_num(c, o, "font_size", 48), col, NULL, &t);
    if (s == LR_OK) {
        next_to_point(t, p, direction_of(o, "direction", &vocab_directions8, "right"), (float)build_num(c, o, "buff", 0.25));
        shift_onto_screen(c, t);
        s = adopt(c, grp, t, "graph_label");
    }
    if (s == LR_OK && bool_or(o, "dot", false)) {
        lr_path dp = {0};
        lr_style ds = lr_style_default();
        ds.fill = lr_rgba(1, 1, 1, 1); /* Manim's Dot, white */
        ds.stroke.a = 0;
        s = lr_path_add_circle(&dp, p, 0.08f);
        if (s == LR_OK)
            s = adopt_path(c, grp, &dp, ds, "graph_label");
        lr_path_free(&dp);
    }
    if (s != LR_OK) {
        lr_mobject_destroy(grp);
        *out = NULL;
    }
    return s;
}

/* ---- line graphs (plot_line_graph) ---- */

static size_t numbers_of(bctx *c, const cJSON *list, double *out, size_t cap)
{
    size_t n = 0;
    for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e && n < cap; e = e->next)
        out[n++] = build_number_of(c, e, NAN);
    return n;
}

lr_status build_line_graph(bctx *c, const cJSON *o, lr_mobject **out)
{
    const bobj *ax = build_find(c, str_or(o, "axes", ""));
    if (!ax || !ax->is_axes || !ax->m)
        return build_fail(c, "line_graph", LR_ERR_INVALID_ARG, "no such axes");
    double *xs = malloc(2 * SPEC_MAX_POINTS * sizeof *xs);
    lr_vec2 *v = malloc(SPEC_MAX_POINTS * sizeof *v);
    lr_mobject *g = lr_mobject_create_group();
    lr_status s = xs && v && g ? LR_OK : build_fail(c, "line_graph", LR_ERR_NOMEM, "out of memory");
    size_t n = 0;
    bool missing = false;
    if (s == LR_OK) {
        size_t nx = numbers_of(c, cJSON_GetObjectItemCaseSensitive(o, "x_values"), xs, SPEC_MAX_POINTS);
        size_t ny = numbers_of(c, cJSON_GetObjectItemCaseSensitive(o, "y_values"), xs + SPEC_MAX_POINTS, SPEC_MAX_POINTS);
        n = nx < ny ? nx : ny;
        for (size_t i = 0; i < n; i++) {
            v[i] = world_point(shape_of(ax), axes_point(&ax->axes, xs[i], xs[SPEC_MAX_POINTS + i]));
            missing |= !finite2(v[i]);
        }
    }
    if (missing)
        c->nan_seen = true; /* a vertex off a log axis, or a value with none */
    if (s == LR_OK && n > 0 && !missing) {
        lr_style st = build_style(c, o, false);
        lr_color col;
        if (color_of(o, "line_color", &col) || (!color_of(o, "stroke_color", &col) && !color_of(o, "color", &col) &&
                                                lr_color_parse("YELLOW", &col)))
            st.stroke = col;
        lr_path p = {0};
        s = n > 1 ? lr_path_add_polyline(&p, v, (uint32_t)n, false) : LR_OK;
        if (s == LR_OK && n > 1)
            s = adopt_path(c, g, &p, st, "line_graph");
        lr_path_free(&p);
        lr_style ds = lr_style_default();
        if (!color_of(o, "vertex_dot_color", &ds.fill))
            ds.fill = lr_rgba(1, 1, 1, 1);
        ds.stroke.a = 0;
        float radius = (float)build_num(c, o, "vertex_dot_radius", 0.08);
        for (size_t i = 0; s == LR_OK && bool_or(o, "add_vertex_dots", true) && i < n; i++) {
            lr_path dp = {0};
            s = lr_path_add_circle(&dp, v[i], radius);
            if (s == LR_OK)
                s = adopt_path(c, g, &dp, ds, "line_graph");
            lr_path_free(&dp);
        }
    }
    free(xs);
    free(v);
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return s;
    }
    *out = g;
    return LR_OK;
}

/* ---- Riemann rectangles (get_riemann_rectangles) ---- */

lr_status build_riemann(bctx *c, const cJSON *o, lr_mobject **out)
{
    graph_fn g, b;
    bool bounded;
    lr_status s = build_graphs_open(c, o, "riemann_rectangles", &g, &b, &bounded);
    if (s != LR_OK)
        return s;
    double r[3];
    build_range(c, o, "x_range", bounded ? fmax(g.lo, b.lo) : g.lo, bounded ? fmin(g.hi, b.hi) : g.hi, 0, r);
    double dx = build_num(c, o, "dx", 0.1);
    double wsf = build_num(c, o, "width_scale_factor", 1.001);
    /* np.arange(from, to, dx), without the rectangle past `to` that
     * floating point sometimes adds; at most RIEMANN_MAX (a finer dx is
     * raised to reach that many) */
    double count = dx > 0 && r[1] > r[0] ? ceil((r[1] - r[0]) / dx - 1e-9) : 0;
    if (count > RIEMANN_MAX) {
        count = RIEMANN_MAX;
        dx = (r[1] - r[0]) / RIEMANN_MAX;
    }
    size_t n = (size_t)count;
    lr_color stops[8];
    int k = 0;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "colors");
    for (const cJSON *e = list ? list->child : NULL; e && k < 8; e = e->next)
        if (cJSON_IsString(e) && lr_color_parse(e->valuestring, &stops[k]))
            k++;
    if (color_of(o, "color", &stops[0]))
        k = 1;
    if (k == 0) {
        lr_color_parse("BLUE", &stops[k++]);
        lr_color_parse("GREEN", &stops[k++]);
    }
    const char *sample = str_or(o, "input_sample_type", "left");
    double at = strcmp(sample, "right") == 0 ? 1 : strcmp(sample, "center") == 0 ? 0.5 : 0;
    bool signed_area = bool_or(o, "show_signed_area", true), blend = bool_or(o, "blend", false);
    lr_color stroke = lr_rgba(0, 0, 0, 1);
    color_of(o, "stroke_color", &stroke);
    float sw = (float)(build_num(c, o, "stroke_width", 1) / 100.0);
    float opacity = (float)build_num(c, o, "fill_opacity", 1);
    double base = axes_value(&g.axes->axes, 1, axes_cross_linear(&g.axes->axes, 1));
    lr_mobject *grp = lr_mobject_create_group();
    if (!grp)
        s = build_fail(c, "riemann_rectangles", LR_ERR_NOMEM, "out of memory");
    for (size_t i = 0; s == LR_OK && i < n; i++) {
        double x = r[0] + (double)i * dx, xs = x + at * dx, y = build_graph_y(&g, xs);
        double y0 = bounded ? build_graph_y(&b, x) : base;
        lr_vec2 top = build_graph_c2p(&g, xs, y), c0 = build_graph_c2p(&g, x, y0),
                c1 = build_graph_c2p(&g, x + wsf * dx, y0);
        if (!finite2(top) || !finite2(c0) || !finite2(c1))
            continue; /* the graph has no value there */
        /* Manim's Rectangle().replace(points, stretch=True): the box of the
         * two base corners and the graph's point */
        float x0 = fminf(fminf(c0.x, c1.x), top.x), x1 = fmaxf(fmaxf(c0.x, c1.x), top.x);
        float yb0 = fminf(fminf(c0.y, c1.y), top.y), yb1 = fmaxf(fmaxf(c0.y, c1.y), top.y);
        lr_color fill = build_color_gradient(stops, k, i, n);
        if (signed_area && y < y0)
            fill = (lr_color){1 - fill.r, 1 - fill.g, 1 - fill.b, fill.a}; /* Manim's invert_color */
        lr_style st = lr_style_default();
        st.fill = fill;
        st.fill.a *= opacity;
        st.stroke = blend ? fill : stroke;
        st.stroke_width = sw;
        lr_path p = {0};
        s = lr_path_add_rect(&p, (lr_vec2){(x0 + x1) * 0.5f, (yb0 + yb1) * 0.5f}, x1 - x0, yb1 - yb0);
        if (s == LR_OK)
            s = adopt_path(c, grp, &p, st, "riemann_rectangles");
        lr_path_free(&p);
    }
    build_graph_close(&g);
    if (bounded)
        build_graph_close(&b);
    if (s != LR_OK) {
        lr_mobject_destroy(grp);
        return s;
    }
    *out = grp;
    return LR_OK;
}
