/* Charts and tables (version 2): Manim's BarChart, Table and MathTable,
 * their parts as animation targets, and ChangeBarValues. */
#include "spec/build_internal.h"

#define CHART_BARS_MAX 64     /* vocab.c's CHART_MAX_BARS */
#define TABLE_SIDE_MAX 13     /* 12 rows or columns and a label */
#define NAME_FONT_SIZE 24     /* Manim's BarChart x_axis_config font_size */
#define NUMBER_FONT_SIZE 20   /* the axes' numbers (build_axes) */
#define NAME_BUFF 0.25f       /* Manim's line_to_number_buff, MED_SMALL_BUFF */
#define NUMBER_BUFF 0.15f     /* as build_axes */

/* Bar i of height v on the chart's axes: its two corners on the x axis
 * first, then the two at v, closed back to the first. The same four
 * curves whatever v (0 too), so that a Transform between two bars moves
 * the base not at all and the top in a straight line. */
static lr_status bar_path(lr_path *p, const axes_map *a, int i, double width, double v)
{
    double x0 = i + 0.5 - width / 2, x1 = i + 0.5 + width / 2;
    lr_vec2 pts[5] = {axes_point(a, x0, 0), axes_point(a, x1, 0), axes_point(a, x1, v), axes_point(a, x0, v),
                      axes_point(a, x0, 0)};
    return lr_path_add_polyline(p, pts, 5, true);
}

static lr_status add_or_fail(bctx *c, lr_mobject *parent, lr_mobject *child)
{
    if (child && lr_mobject_add_child(parent, child) == LR_OK)
        return LR_OK;
    lr_mobject_destroy(child);
    return build_fail(c, "chart", LR_ERR_NOMEM, "out of memory");
}

/* Manim's NumberLine._decimal_places_from_step: as many decimals as the
 * step has. */
static int decimals_of(double step)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.10g", step);
    const char *dot = strchr(buf, '.');
    return dot && !strchr(buf, 'e') ? (int)strlen(dot + 1) : 0;
}

/* The y axis' numbers at its ticks, but where the x axis crosses (Manim's
 * y_axis.add_numbers() with numbers_to_exclude [0]). */
static lr_status add_y_numbers(bctx *c, const axes_map *a, const double yr[3], double ox, double oy, lr_color color,
                               lr_mobject *into)
{
    int places = decimals_of(yr[2]);
    long k0 = (long)ceil(yr[0] / yr[2] - 1e-9), k1 = (long)floor(yr[1] / yr[2] + 1e-9);
    lr_status s = LR_OK;
    for (long k = k0; k <= k1 && s == LR_OK; k++) {
        double v = (double)k * yr[2];
        if (fabs(v - oy) < 1e-9 * fmax(1, fabs(yr[2])))
            continue;
        char buf[48];
        snprintf(buf, sizeof buf, "%.*f", places, fabs(v) < 1e-12 ? 0.0 : v);
        lr_mobject *t = NULL;
        if ((s = build_text(c, buf, NUMBER_FONT_SIZE, color, &t)) != LR_OK)
            break;
        lr_rect tb = lr_mobject_bounds(t);
        lr_vec2 p = axes_point(a, ox, v);
        move_center_to(t, (lr_vec2){p.x - NUMBER_BUFF - (tb.x1 - tb.x0) * 0.5f, p.y});
        s = add_or_fail(c, into, t);
    }
    return s;
}

/* The axes of a chart: build_axes on the fields an Axes of Manim's
 * BarChart gets (x_range [0, n, 1], no tips), in the chart's style. */
static lr_status chart_axes(bctx *c, const cJSON *o, bobj *b, int n, const double yr[3], double xlen, double ylen,
                            lr_mobject **out)
{
    cJSON *ax = cJSON_CreateObject();
    const double xr[3] = {0, n, 1};
    bool ok = ax && cJSON_AddItemToObject(ax, "x_range", cJSON_CreateDoubleArray(xr, 3)) &&
              cJSON_AddItemToObject(ax, "y_range", cJSON_CreateDoubleArray(yr, 3)) &&
              cJSON_AddNumberToObject(ax, "x_length", xlen) && cJSON_AddNumberToObject(ax, "y_length", ylen) &&
              cJSON_AddFalseToObject(ax, "tips");
    /* Style fields evaluated now: an expression is found by its own node. */
    if (ok && cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
        ok = cJSON_AddNumberToObject(ax, "stroke_width", build_num(c, o, "stroke_width", 4)) != NULL;
    static const char *const colors[] = {"color", "stroke_color"};
    for (size_t i = 0; ok && i < 2; i++)
        if (str_or(o, colors[i], NULL))
            ok = cJSON_AddStringToObject(ax, colors[i], str_or(o, colors[i], "")) != NULL;
    lr_status s = ok ? build_axes(c, ax, b, false, out) : build_fail(c, "chart", LR_ERR_NOMEM, "out of memory");
    cJSON_Delete(ax);
    return s;
}

lr_status build_bar_chart(bctx *c, const cJSON *o, bobj *b, lr_mobject **out)
{
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(o, "values");
    double v[CHART_BARS_MAX];
    int n = 0;
    double lo = 0, hi = 0, top = -INFINITY;
    for (const cJSON *e = values ? values->child : NULL; e && n < CHART_BARS_MAX; e = e->next, n++) {
        v[n] = build_number_of(c, e, 0);
        if (!isfinite(v[n]))
            v[n] = 0;
        lo = fmin(lo, v[n]);
        hi = fmax(hi, v[n]);
        top = fmax(top, v[n]);
    }
    if (n == 0)
        return build_fail(c, "bar_chart", LR_ERR_INVALID_ARG, "no values");
    /* Manim's defaults: y_length frame height - 4, x_length the number of
     * values up to the frame width - 2, and the y range from the values. */
    double ylen = build_num(c, o, "y_length", 4);
    double frame_width = c->orientation == LR_PORTRAIT ? 8.0 * 9 / 16 : 8.0 * 16 / 9;
    double xlen = build_num(c, o, "x_length", fmin(n, frame_width - 2));
    double yr[3];
    build_range(c, o, "y_range", lo, hi, round(top / ylen * 100) / 100, yr);
    if (!(yr[1] > yr[0]))
        yr[1] = yr[0] + 1;
    /* Manim's step from the highest value can be 0 or make thousands of
     * ticks (all values negative, or a deep negative one): one tick per
     * scene unit instead. */
    if (!(yr[2] > 0) || (yr[1] - yr[0]) / yr[2] > 100)
        yr[2] = (yr[1] - yr[0]) / ylen;

    lr_mobject *g = lr_mobject_create_group(), *bars = lr_mobject_create_group(), *names = lr_mobject_create_group();
    lr_mobject *axes = NULL;
    lr_status s = g && bars && names ? LR_OK : build_fail(c, "bar_chart", LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK) {
        s = add_or_fail(c, g, bars);
        bars = NULL;
    }
    if (s == LR_OK)
        s = chart_axes(c, o, b, n, yr, xlen, ylen, &axes);
    if (s == LR_OK) {
        s = add_or_fail(c, g, axes);
        if (s == LR_OK)
            s = add_or_fail(c, g, names);
        names = NULL;
    }
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        lr_mobject_destroy(bars);
        lr_mobject_destroy(names);
        return s;
    }
    bars = g->children[0];
    names = g->children[2];
    const axes_map *a = &b->axes;
    double ox = 0, oy = yr[0] <= 0 && 0 <= yr[1] ? 0 : yr[0];

    lr_color stops[16];
    int nstops = 0;
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(o, "bar_colors");
    for (const cJSON *e = cols ? cols->child : NULL; e && nstops < 16; e = e->next)
        if (cJSON_IsString(e) && lr_color_parse(e->valuestring, &stops[nstops]))
            nstops++;
    static const char *const manim_colors[] = {"#003f5c", "#58508d", "#bc5090", "#ff6361", "#ffa600"};
    for (size_t i = 0; nstops == 0 && i < 5; i++)
        lr_color_parse(manim_colors[i], &stops[i]);
    if (nstops == 0)
        nstops = 5;
    double width = build_num(c, o, "bar_width", 0.6);
    float opacity = (float)build_num(c, o, "bar_fill_opacity", 0.7);
    float stroke = (float)(build_num(c, o, "bar_stroke_width", 3) / 100.0);
    for (int i = 0; i < n && s == LR_OK; i++) {
        lr_path p = {0};
        s = bar_path(&p, a, i, width, v[i]);
        lr_style st = lr_style_default();
        st.stroke = st.fill = build_color_gradient(stops, nstops, (size_t)i, (size_t)n);
        st.fill.a *= opacity;
        st.stroke_width = stroke;
        lr_mobject *bar = s == LR_OK ? lr_mobject_create_path(&p, st) : NULL;
        lr_path_free(&p);
        s = add_or_fail(c, bars, bar);
    }

    lr_color label = build_style(c, o, false).stroke;
    label.a = 1;
    const cJSON *bar_names = cJSON_GetObjectItemCaseSensitive(o, "bar_names");
    int i = 0;
    for (const cJSON *e = bar_names ? bar_names->child : NULL; e && i < n && s == LR_OK; e = e->next, i++) {
        /* Under the axis, or above it for a bar that goes down. */
        lr_mobject *t = NULL;
        if ((s = build_text(c, cJSON_IsString(e) ? e->valuestring : "", NAME_FONT_SIZE, label, &t)) != LR_OK)
            break;
        lr_rect tb = lr_mobject_bounds(t);
        lr_vec2 p = axes_point(a, i + 0.5, oy);
        float half = (tb.y1 - tb.y0) * 0.5f;
        move_center_to(t, (lr_vec2){p.x, v[i] < 0 ? p.y + NAME_BUFF + half : p.y - NAME_BUFF - half});
        s = add_or_fail(c, names, t);
    }
    if (s == LR_OK)
        s = add_y_numbers(c, a, yr, ox, oy, label, axes);
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return s;
    }
    b->rows = n;
    b->cols = 1;
    *out = g;
    return LR_OK;
}

/* ---- ChangeBarValues ---- */

/* One bar's Transform to the bar of its new value, whose shape is set as
 * it begins, in the chart's place then (it may have moved). */
typedef struct bar_job {
    bctx *c;
    const bobj *chart;
    const cJSON *value; /* the new value: a number, or an expression read as it begins */
    int bar;
    double width;
    lr_mobject *source; /* the bar */
    lr_mobject *target; /* hidden, in the scene's root: scene coordinates */
    struct bar_job *next;
} bar_job;

static void bar_job_begin(lr_anim *a, double t, void *user)
{
    (void)a;
    bar_job *j = user;
    build_live_set_time(j->c, t);
    double v = build_number_of(j->c, j->value, 0);
    lr_path p = {0};
    if (isfinite(v) && bar_path(&p, &j->chart->axes, j->bar, j->width, v) == LR_OK) {
        lr_path_transform(&p, lr_mobject_world_transform(shape_of(j->chart)));
    } else {
        /* No value now: the bar keeps the shape it has. */
        lr_path_free(&p);
        lr_affine w = lr_mobject_world_transform(j->source);
        if (lr_path_append(&p, &j->source->path, &w) != LR_OK)
            lr_path_free(&p);
    }
    lr_path_free(&j->target->path);
    j->target->path = p;
}

void build_free_bar_jobs(bctx *c)
{
    while (c->bar_jobs) {
        bar_job *next = c->bar_jobs->next;
        free(c->bar_jobs);
        c->bar_jobs = next;
    }
}

lr_anim *build_change_bar_values(bctx *c, const cJSON *a, lr_status *st)
{
    const bobj *b = build_find(c, str_or(a, "target", ""));
    const lr_mobject *shape = b ? shape_of(b) : NULL;
    if (!b || strcmp(b->type, "bar_chart") != 0 || !shape || shape->nchildren < 1)
        return NULL;
    lr_mobject *bars = shape->children[0];
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(a, "values");
    lr_anim *each[CHART_BARS_MAX];
    size_t k = 0;
    double width = build_num(c, b->json, "bar_width", 0.6);
    for (const cJSON *e = values ? values->child : NULL; e && k < bars->nchildren && *st == LR_OK; e = e->next) {
        lr_mobject *bar = bars->children[k];
        bar_job *j = calloc(1, sizeof *j);
        lr_path empty = {0};
        lr_mobject *target = j ? lr_mobject_create_path(&empty, lr_mobject_get_style(bar)) : NULL;
        if (target) {
            lr_mobject_set_visible(target, false);
            if (lr_scene_add(c->scene, target) != LR_OK) {
                lr_mobject_destroy(target);
                target = NULL;
            }
        }
        lr_anim *r = target ? lr_anim_transform(bar, target) : NULL;
        if (!r) {
            free(j);
            *st = build_fail(c, "ChangeBarValues", LR_ERR_NOMEM, "out of memory");
            break;
        }
        *j = (bar_job){c, b, e, (int)k, width, bar, target, c->bar_jobs};
        c->bar_jobs = j;
        lr_anim_on_begin(r, bar_job_begin, j);
        /* The group's clock carries the rate (Transform's smooth unless
         * given): the bars on it go linearly, together. */
        lr_anim_set_rate_func(r, LR_RATE_LINEAR, NULL);
        each[k++] = r;
    }
    if (*st != LR_OK) {
        for (size_t i = 0; i < k; i++)
            lr_anim_destroy(each[i]);
        return NULL;
    }
    lr_anim *g = lr_anim_group(each, k, 0);
    if (g)
        lr_anim_set_rate_func(g, LR_RATE_SMOOTH, NULL);
    return g;
}

/* ---- tables (Manim's Table and MathTable) ---- */

/* The source of each cell of the grid, labels included (NULL: the empty
 * corner); numbers written with %g into `numbers`. */
static int table_sources(const cJSON *o, const char **srcs, char (*numbers)[32], int *rows, int *cols)
{
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(o, "entries");
    const cJSON *rl = cJSON_GetObjectItemCaseSensitive(o, "row_labels");
    const cJSON *cl = cJSON_GetObjectItemCaseSensitive(o, "col_labels");
    int nr = cJSON_GetArraySize(cells), nc = cells && cells->child ? cJSON_GetArraySize(cells->child) : 0;
    int R = nr + (cl != NULL), C = nc + (rl != NULL);
    if (nr < 1 || nc < 1 || R > TABLE_SIDE_MAX || C > TABLE_SIDE_MAX)
        return -1;
    for (int k = 0; k < R * C; k++)
        srcs[k] = NULL;
    int i = cl ? 1 : 0;
    const cJSON *label = rl ? rl->child : NULL;
    for (const cJSON *row = cells->child; row && i < R; row = row->next, i++) {
        int j = 0;
        if (rl) {
            srcs[i * C + j++] = cJSON_IsString(label) ? label->valuestring : "";
            label = label ? label->next : NULL;
        }
        for (const cJSON *e = row->child; e && j < C; e = e->next, j++) {
            if (cJSON_IsString(e)) {
                srcs[i * C + j] = e->valuestring;
            } else {
                snprintf(numbers[i * C + j], sizeof numbers[0], "%g", e->valuedouble);
                srcs[i * C + j] = numbers[i * C + j];
            }
        }
    }
    int j = rl ? 1 : 0;
    for (const cJSON *e = cl ? cl->child : NULL; e && j < C; e = e->next, j++)
        srcs[j] = cJSON_IsString(e) ? e->valuestring : "";
    if (cl && rl)
        srcs[0] = str_or(o, "top_left_entry", NULL);
    *rows = R;
    *cols = C;
    return R * C;
}

/* Adds a line from a to b, in the lines' style, to `into`. */
static lr_status table_line(bctx *c, lr_mobject *into, lr_vec2 a, lr_vec2 b, lr_style st)
{
    lr_path p = {0};
    lr_status s = lr_path_add_line(&p, a, b);
    lr_mobject *m = s == LR_OK ? lr_mobject_create_path(&p, st) : NULL;
    lr_path_free(&p);
    return add_or_fail(c, into, m);
}

lr_status build_table(bctx *c, const cJSON *o, bobj *b, bool math, lr_mobject **out)
{
    enum { N = TABLE_SIDE_MAX * TABLE_SIDE_MAX };
    const char *srcs[N];
    char numbers[N][32];
    int R = 0, C = 0;
    int k = table_sources(o, srcs, numbers, &R, &C);
    if (k < 0)
        return build_fail(c, "table", LR_ERR_INVALID_ARG, "no entries");
    lr_color color = lr_rgba(1, 1, 1, 1);
    color_of(o, "color", &color);
    float font_size = (float)build_num(c, o, "font_size", 48);
    lr_mobject *cells[N] = {0};
    lr_status s = LR_OK;
    if (math) {
        /* One LaTeX run for all of them (those not compiled ahead). */
        const char *list[N];
        int where[N], n = 0;
        for (int i = 0; i < k; i++)
            if (srcs[i]) {
                where[n] = i;
                list[n++] = srcs[i];
            }
        lr_mobject *built[N] = {0};
        s = build_tex_many(c, list, (size_t)n, font_size, color, built);
        for (int i = 0; s == LR_OK && i < n; i++)
            cells[where[i]] = built[i];
    } else {
        for (int i = 0; i < k && s == LR_OK; i++)
            if (srcs[i])
                s = build_text(c, srcs[i][0] ? srcs[i] : " ", font_size, color, &cells[i]);
    }
    /* The empty corner holds an empty group, so that cell (i, j) is child
     * i * C + j. */
    for (int i = 0; i < k && s == LR_OK; i++)
        if (!srcs[i] && !(cells[i] = lr_mobject_create_group()))
            s = build_fail(c, "table", LR_ERR_NOMEM, "out of memory");
    lr_mobject *g = s == LR_OK ? lr_mobject_create_group() : NULL;
    lr_mobject *parts[3] = {NULL, NULL, NULL};
    for (int i = 0; g && i < 3; i++)
        if (add_or_fail(c, g, lr_mobject_create_group()) == LR_OK)
            parts[i] = g->children[i];
    if (s == LR_OK && (!g || !parts[2]))
        s = build_fail(c, "table", LR_ERR_NOMEM, "out of memory");
    for (int i = 0; i < k; i++) {
        if (s == LR_OK && lr_mobject_add_child(parts[0], cells[i]) != LR_OK)
            s = build_fail(c, "table", LR_ERR_NOMEM, "out of memory");
        if (!g || cells[i]->parent != parts[0])
            lr_mobject_destroy(cells[i]);
    }
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return s;
    }
    /* Manim's arrange_in_grid: each column as wide as its widest entry,
     * each row as tall as its tallest, h_buff and v_buff between, every
     * entry centred in its cell; then the whole centred. */
    double hb = build_num(c, o, "h_buff", 1.3), vb = build_num(c, o, "v_buff", 0.8);
    double w[TABLE_SIDE_MAX] = {0}, h[TABLE_SIDE_MAX] = {0};
    lr_rect box[N];
    for (int i = 0; i < k; i++) {
        box[i] = lr_mobject_bounds(cells[i]);
        if (lr_rect_is_empty(box[i]))
            continue;
        w[i % C] = fmax(w[i % C], box[i].x1 - box[i].x0);
        h[i / C] = fmax(h[i / C], box[i].y1 - box[i].y0);
    }
    double x0[TABLE_SIDE_MAX], y1[TABLE_SIDE_MAX]; /* each column's left, each row's top */
    double width = -hb, height = -vb;
    for (int j = 0; j < C; j++) {
        x0[j] = width + hb;
        width = x0[j] + w[j];
    }
    for (int i = 0; i < R; i++) {
        y1[i] = -(height + vb);
        height = -y1[i] + h[i];
    }
    double dx = -width / 2, dy = height / 2; /* centred */
    for (int i = 0; i < k; i++)
        if (!lr_rect_is_empty(box[i])) {
            lr_vec2 at = rect_center(box[i]);
            transform_by(cells[i], lr_affine_translate((float)(dx + x0[i % C] + w[i % C] / 2 - at.x),
                                                       (float)(dy + y1[i / C] - h[i / C] / 2 - at.y)));
        }
    /* Lines in the middle of the gaps, and (outer) half a gap outside,
     * spanning the table and half a gap each side: outer ones first, as
     * Manim adds them. */
    lr_style ls = lr_style_default();
    ls.stroke = color;
    color_of(o, "line_color", &ls.stroke);
    ls.fill.a = 0;
    ls.stroke_width = (float)(build_num(c, o, "line_width", 4) / 100.0);
    float left = (float)(dx - hb / 2), right = (float)(dx + width + hb / 2);
    float top = (float)(dy + vb / 2), bottom = (float)(dy - height - vb / 2);
    bool outer = bool_or(o, "include_outer_lines", false), inner = bool_or(o, "include_inner_lines", true);
    for (int pass = 0; pass < 2 && s == LR_OK; pass++) {
        bool across = pass == 0;
        int n = across ? R : C;
        double at[TABLE_SIDE_MAX + 1];
        int m = 0;
        if (outer) {
            at[m++] = across ? top : left;
            at[m++] = across ? bottom : right;
        }
        for (int q = 0; inner && q + 1 < n; q++)
            at[m++] = across ? dy + y1[q] - h[q] - vb / 2 : dx + x0[q] + w[q] + hb / 2;
        for (int q = 0; q < m && s == LR_OK; q++)
            s = across ? table_line(c, parts[1], (lr_vec2){left, (float)at[q]}, (lr_vec2){right, (float)at[q]}, ls)
                       : table_line(c, parts[2], (lr_vec2){(float)at[q], bottom}, (lr_vec2){(float)at[q], top}, ls);
    }
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return s;
    }
    b->rows = R;
    b->cols = C;
    *out = g;
    return LR_OK;
}

/* ---- parts ---- */

static bool is_empty_group(const lr_mobject *m)
{
    return m->kind == LR_MOBJECT_GROUP && m->nchildren == 0;
}

size_t build_chart_parts(const bobj *b, lr_mobject *shape, const vocab_part_ref *pr, lr_mobject **out, size_t cap)
{
    if (cap == 0 || shape->nchildren < 3)
        return 0;
    if (strcmp(b->type, "bar_chart") == 0) {
        lr_mobject *bars = shape->children[0];
        if (strcmp(pr->name, "bar") == 0) {
            if ((size_t)pr->args[0] >= bars->nchildren)
                return 0;
            out[0] = bars->children[pr->args[0]];
        } else {
            out[0] = strcmp(pr->name, "bars") == 0 ? bars
                     : strcmp(pr->name, "axes") == 0 ? shape->children[1]
                                                     : shape->children[2];
        }
        return 1;
    }
    lr_mobject *entries = shape->children[0];
    if (strcmp(pr->name, "entries") == 0 || strcmp(pr->name, "horizontal_lines") == 0 ||
        strcmp(pr->name, "vertical_lines") == 0) {
        out[0] = pr->name[0] == 'e' ? entries : shape->children[pr->name[0] == 'h' ? 1 : 2];
        return 1;
    }
    bool rl = cJSON_GetObjectItemCaseSensitive(b->json, "row_labels") != NULL;
    bool cl = cJSON_GetObjectItemCaseSensitive(b->json, "col_labels") != NULL;
    size_t n = 0;
    for (int i = 0; i < b->rows; i++)
        for (int j = 0; j < b->cols; j++) {
            const char *name = pr->name;
            bool in = strcmp(name, "row") == 0          ? i == pr->args[0]
                      : strcmp(name, "column") == 0     ? j == pr->args[0]
                      : strcmp(name, "row_labels") == 0 ? rl && j == 0 && i >= (cl ? 1 : 0)
                      : strcmp(name, "col_labels") == 0 ? cl && i == 0 && j >= (rl ? 1 : 0)
                                                        : i == pr->args[0] && j == pr->args[1];
            size_t k = (size_t)(i * b->cols + j);
            if (in && n < cap && k < entries->nchildren && !is_empty_group(entries->children[k]))
                out[n++] = entries->children[k];
        }
    return n;
}
