/* The shapes of the object types: each built from its fields evaluated
 * now (live.c), before placement (build.c). */
#include "spec/build_internal.h"

#include <librender/lr_svg.h>

#include <errno.h>

/* ---- styles ---- */

/* Filled by default: text-like objects and dots; outlined: everything else. */
lr_style build_style(bctx *c, const cJSON *o, bool filled)
{
    lr_style s = lr_style_default();
    lr_color color = lr_rgba(1, 1, 1, 1), col;
    if (color_of(o, "color", &col))
        color = col;
    s.stroke = color;
    s.stroke_width = (float)(build_num(c, o, "stroke_width", 4.0) / 100.0);
    s.join = LR_JOIN_ROUND;
    s.cap = LR_CAP_ROUND;
    if (filled) {
        s.fill = color;
        s.stroke.a = 0;
    } else {
        s.fill = color;
        s.fill.a = 0;
    }
    if (color_of(o, "stroke_color", &col)) {
        s.stroke = col;
        if (s.stroke_width <= 0)
            s.stroke_width = 0.04f;
    }
    if (color_of(o, "fill_color", &col)) {
        float a = s.fill.a;
        s.fill = col;
        s.fill.a = a > 0 ? a : 1.0f;
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "fill_opacity"))
        s.fill.a = (float)build_num(c, o, "fill_opacity", s.fill.a);
    return s;
}

lr_color build_color_gradient(const lr_color *stops, int nstops, size_t i, size_t n)
{
    if (nstops == 1 || n < 1)
        return stops[0];
    double alpha = n > 1 ? (double)(nstops - 1) * (double)i / (double)(n - 1) : 0;
    int k = (int)alpha;
    double f = alpha - k;
    if (i + 1 == n) {
        k = nstops - 2;
        f = 1;
    }
    lr_color a = stops[k], b = stops[k + 1];
    return (lr_color){(float)(a.r + (b.r - a.r) * f), (float)(a.g + (b.g - a.g) * f), (float)(a.b + (b.b - a.b) * f),
                      (float)(a.a + (b.a - a.a) * f)};
}

/* ---- shapes ---- */

lr_status build_path_mobject(bctx *c, const cJSON *o, lr_path *path, bool filled, lr_mobject **out)
{
    lr_mobject *m = lr_mobject_create_path(path, build_style(c, o, filled));
    lr_path_free(path);
    if (!m)
        return build_fail(c, "building a shape", LR_ERR_NOMEM, "out of memory");
    *out = m;
    return LR_OK;
}

lr_status build_arrow(lr_path *p, lr_vec2 a, lr_vec2 b, float tip, bool both)
{
    lr_vec2 d = {b.x - a.x, b.y - a.y};
    float len = sqrtf(d.x * d.x + d.y * d.y);
    if (len <= 0)
        return lr_path_add_line(p, a, b);
    if (tip > len * 0.5f)
        tip = len * 0.5f;
    lr_vec2 u = {d.x / len, d.y / len};
    lr_vec2 a2 = both ? (lr_vec2){a.x + u.x * tip, a.y + u.y * tip} : a;
    lr_vec2 b2 = {b.x - u.x * tip, b.y - u.y * tip};
    lr_status s = lr_path_add_line(p, a2, b2);
    if (s == LR_OK)
        s = lr_path_add_arrow_tip(p, b, u, tip, tip);
    if (s == LR_OK && both)
        s = lr_path_add_arrow_tip(p, a, (lr_vec2){-u.x, -u.y}, tip, tip);
    return s;
}

lr_status build_smooth_curve(lr_path *p, const lr_vec2 *pts, const bool *ok, int n)
{
    lr_status s = LR_OK;
    int i = 0;
    while (i < n && s == LR_OK) {
        while (i < n && ok && !ok[i])
            i++;
        int j = i;
        while (j < n && (!ok || ok[j]))
            j++;
        if (j - i >= 2) {
            s = lr_path_move_to(p, pts[i]);
            for (int k = i; k < j - 1 && s == LR_OK; k++) {
                lr_vec2 p0 = pts[k > i ? k - 1 : k], p1 = pts[k], p2 = pts[k + 1], p3 = pts[k + 2 < j ? k + 2 : k + 1];
                lr_vec2 c1 = {p1.x + (p2.x - p0.x) / 6.0f, p1.y + (p2.y - p0.y) / 6.0f};
                lr_vec2 c2 = {p2.x - (p3.x - p1.x) / 6.0f, p2.y - (p3.y - p1.y) / 6.0f};
                s = lr_path_cubic_to(p, c1, c2, p2);
            }
        }
        i = j;
    }
    return s;
}

lr_status build_text(bctx *c, const char *utf8, float font_size, lr_color color, lr_mobject **out)
{
    return build_text_styled(c, utf8, font_size, color, NULL, out);
}

/* The text context: the lent one, or one of the spec's own. */
lr_status build_ensure_text(bctx *c)
{
    if (!c->spec->res->text) {
        lr_error e = {0};
        if (lr_text_context_create(&c->spec->res->own_text, &e) != LR_OK)
            return build_fail(c, "text", e.status ? e.status : LR_ERR_FONT, e.message);
        c->spec->res->text = c->spec->res->own_text;
        c->spec->res->release = build_release;
    }
    return LR_OK;
}

/* `o`, when not NULL, is a text object whose font, wrapping, alignment,
 * spacing, bold and italic apply. */
lr_status build_text_styled(bctx *c, const char *utf8, float font_size, lr_color color, const cJSON *o,
                                   lr_mobject **out)
{
    lr_status s0 = build_ensure_text(c);
    if (s0 != LR_OK)
        return s0;
    lr_text_style st = lr_text_style_default();
    st.font_size = font_size;
    st.color = color;
    if (o) {
        static const char *const aligns[] = {"left", "center", "right"};
        const char *align = str_or(o, "align", "left");
        for (int i = 0; i < 3; i++)
            if (strcmp(align, aligns[i]) == 0)
                st.align = (lr_text_align)i;
        st.family = str_or(o, "font", NULL);
        st.max_width = (float)build_num(c, o, "max_width", 0);
        st.line_spacing = (float)build_num(c, o, "line_spacing", 1);
        st.bold = bool_or(o, "bold", false);
        st.italic = bool_or(o, "italic", false);
    }
    lr_error e = {0};
    if (lr_text_create(c->spec->res->text, utf8, &st, out, &e) != LR_OK)
        return build_fail(c, "text", e.status ? e.status : LR_ERR_FONT, e.message);
    return LR_OK;
}

lr_status build_ensure_tex(bctx *c)
{
    if (!c->spec->res->tex) {
        lr_error e = {0};
        lr_tex_config cfg = lr_tex_config_default();
        if (lr_tex_context_create(&c->spec->res->own_tex, &cfg, &e) != LR_OK)
            return build_fail(c, "tex", e.status ? e.status : LR_ERR_UNSUPPORTED, e.message);
        c->spec->res->tex = c->spec->res->own_tex;
        c->spec->res->release = build_release;
    }
    return LR_OK;
}


/* The style of a formula; `colors` holds TEX_MAX_COLORS entries. */
lr_tex_style build_tex_style(float font_size, lr_color color, const cJSON *map, lr_tex_color *colors)
{
    lr_tex_style st = lr_tex_style_default();
    st.font_size = font_size;
    st.color = color;
    size_t n = 0;
    for (const cJSON *e = map ? map->child : NULL; e && n < TEX_MAX_COLORS; e = e->next)
        if (cJSON_IsString(e) && lr_color_parse(e->valuestring, &colors[n].color))
            colors[n++].substring = e->string;
    st.colors = colors;
    st.ncolors = n;
    return st;
}


static bool same_color(lr_color a, lr_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* A formula compiled ahead by build_prefetch_tex, taken (once). */
static lr_mobject *take_prefetched(bctx *c, const char *src, float font_size, lr_color color, const cJSON *map,
                                   const cJSON *obj)
{
    for (size_t i = 0; i < c->npre; i++) {
        tex_pre *p = &c->pre[i];
        if (p->m && p->map == map && p->obj == obj && p->font_size == font_size && same_color(p->color, color) &&
            strcmp(p->src, src) == 0) {
            lr_mobject *m = p->m;
            p->m = NULL;
            return m;
        }
    }
    return NULL;
}

lr_status build_tex(bctx *c, const char *src, float font_size, lr_color color, const cJSON *map,
                           lr_mobject **out)
{
    if ((*out = take_prefetched(c, src, font_size, color, map, NULL)) != NULL)
        return LR_OK;
    lr_status s = build_ensure_tex(c);
    if (s != LR_OK)
        return s;
    lr_tex_color colors[TEX_MAX_COLORS];
    lr_tex_style st = build_tex_style(font_size, color, map, colors);
    lr_error e = {0};
    if (lr_tex_create(c->spec->res->tex, src, &st, out, &e) != LR_OK)
        return build_fail(c, "tex", e.status ? e.status : LR_ERR_TEX, e.message);
    return LR_OK;
}

size_t build_tex_parts(const bctx *c, const cJSON *o, lr_tex_span *spans)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(c->spec->root, "version");
    size_t n = spec_tex_parts(o, cJSON_IsNumber(v) ? v->valueint : 1, spans, SPEC_MAX_TEX_PARTS);
    return n >= 2 && n <= SPEC_MAX_TEX_PARTS ? n : 0;
}

lr_status build_tex_object(bctx *c, const cJSON *o, float font_size, lr_color color, lr_mobject **out)
{
    const char *src = str_or(o, "tex", "");
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(o, "tex_to_color_map");
    lr_tex_span spans[SPEC_MAX_TEX_PARTS];
    size_t n = build_tex_parts(c, o, spans);
    if (n == 0)
        return build_tex(c, src, font_size, color, map, out);
    if ((*out = take_prefetched(c, src, font_size, color, map, o)) != NULL)
        return LR_OK;
    lr_status s = build_ensure_tex(c);
    if (s != LR_OK)
        return s;
    lr_tex_color colors[TEX_MAX_COLORS];
    lr_tex_style st = build_tex_style(font_size, color, map, colors);
    st.parts = spans;
    st.nparts = n;
    lr_error e = {0};
    if (lr_tex_create(c->spec->res->tex, src, &st, out, &e) != LR_OK)
        return build_fail(c, "tex", e.status ? e.status : LR_ERR_TEX, e.message);
    return LR_OK;
}

/* n formulas of one size and colour: the prefetched ones, and the rest in
 * one LaTeX run. outs[] is all set on success, all NULL on failure. */
lr_status build_tex_many(bctx *c, const char *const *srcs, size_t n, float font_size, lr_color color,
                         lr_mobject **outs)
{
    const char **rest = malloc((n ? n : 1) * sizeof *rest);
    size_t *where = malloc((n ? n : 1) * sizeof *where);
    lr_mobject **built = calloc(n ? n : 1, sizeof *built);
    lr_status s = rest && where && built ? LR_OK : build_fail(c, "tex", LR_ERR_NOMEM, "out of memory");
    size_t k = 0;
    for (size_t i = 0; s == LR_OK && i < n; i++)
        if (!(outs[i] = take_prefetched(c, srcs[i], font_size, color, NULL, NULL))) {
            rest[k] = srcs[i];
            where[k++] = i;
        }
    if (s == LR_OK && k > 0 && (s = build_ensure_tex(c)) == LR_OK) {
        lr_tex_style st = lr_tex_style_default();
        st.font_size = font_size;
        st.color = color;
        lr_error e = {0};
        if (lr_tex_create_batch(c->spec->res->tex, rest, k, &st, built, &e) != LR_OK)
            s = build_fail(c, "tex", e.status ? e.status : LR_ERR_TEX, e.message);
        for (size_t j = 0; s == LR_OK && j < k; j++)
            outs[where[j]] = built[j];
    }
    if (s != LR_OK)
        for (size_t i = 0; i < n; i++) {
            lr_mobject_destroy(outs[i]);
            outs[i] = NULL;
        }
    free(rest);
    free(where);
    free(built);
    return s;
}

lr_mobject *build_decimal_make(double value, void *user)
{
    spec_decimal *d = user;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", d->decimals, value);
    lr_text_style st = lr_text_style_default();
    st.font_size = d->font_size;
    st.color = d->color;
    lr_mobject *m = NULL;
    if (lr_text_create(d->text, buf, &st, &m, NULL) != LR_OK)
        return NULL;
    /* Numbers grow to the right of where they start, as a counter next to
     * a label should; the text module centres them. */
    lr_rect b = lr_mobject_bounds(m);
    if (!lr_rect_is_empty(b))
        lr_mobject_set_transform(m, lr_affine_then(lr_mobject_get_transform(m), lr_affine_translate(-b.x0, 0)));
    return m;
}

/* "2", "-1", "i", "-i", "2i" (LaTeX): a complex plane's coordinate. */
void complex_label(char *buf, size_t size, double v, bool imaginary)
{
    if (!imaginary)
        snprintf(buf, size, "%g", v);
    else if (v == 1 || v == -1)
        snprintf(buf, size, "%si", v < 0 ? "-" : "");
    else
        snprintf(buf, size, "%gi", v);
}

/* Manim's ComplexPlane.add_coordinates: 1, 2, ... and i, 2i, ... below
 * and right of their points, compiled in one LaTeX run. */
static lr_status add_complex_labels(bctx *c, const axes_map *a, const double xr[3], const double yr[3], lr_color color,
                                    lr_mobject *g)
{
    enum { MAX_LABELS = 128 };
    char text[MAX_LABELS][24];
    const char *src[MAX_LABELS];
    lr_vec2 at[MAX_LABELS];
    size_t n = 0;
    for (int axis = 0; axis < 2; axis++) {
        const double *r = axis ? yr : xr;
        long k0 = (long)ceil(r[0] / r[2] - 1e-9), k1 = (long)floor(r[1] / r[2] + 1e-9);
        for (long k = k0; k <= k1 && n < MAX_LABELS; k++) {
            double v = (double)k * r[2];
            if (fabs(v) < 1e-9)
                continue;
            complex_label(text[n], sizeof text[n], v, axis == 1);
            src[n] = text[n];
            at[n++] = axis ? axes_point(a, 0, v) : axes_point(a, v, 0);
        }
    }
    lr_status s = build_ensure_tex(c);
    if (s != LR_OK || n == 0)
        return s;
    lr_tex_style st = lr_tex_style_default();
    st.font_size = COMPLEX_LABEL_SIZE;
    st.color = color;
    lr_mobject *outs[MAX_LABELS] = {0};
    lr_error e = {0};
    if (lr_tex_create_batch(c->spec->res->tex, src, n, &st, outs, &e) != LR_OK)
        return build_fail(c, "complex_plane", e.status ? e.status : LR_ERR_TEX, e.message);
    for (size_t i = 0; i < n; i++) {
        lr_rect tb = lr_mobject_bounds(outs[i]);
        move_center_to(outs[i], (lr_vec2){at[i].x + 0.1f + (tb.x1 - tb.x0) * 0.5f, at[i].y - 0.1f - (tb.y1 - tb.y0) * 0.5f});
        if (s == LR_OK && lr_mobject_add_child(g, outs[i]) != LR_OK)
            s = build_fail(c, "complex_plane", LR_ERR_NOMEM, "out of memory");
        if (outs[i]->parent != g)
            lr_mobject_destroy(outs[i]);
    }
    return s;
}

lr_status build_axes(bctx *c, const cJSON *o, bobj *self, bool plane, lr_mobject **out)
{
    double xr[3], yr[3];
    build_range(c, o, "x_range", plane ? -7 : -5, plane ? 7 : 5, 1, xr);
    build_range(c, o, "y_range", plane ? -4 : -3, plane ? 4 : 3, 1, yr);
    axes_map *a = &self->axes;
    a->x0 = xr[0];
    a->x1 = xr[1];
    a->y0 = yr[0];
    a->y1 = yr[1];
    a->sx = build_num(c, o, "x_length", xr[1] - xr[0]) / (xr[1] - xr[0]);
    a->sy = build_num(c, o, "y_length", yr[1] - yr[0]) / (yr[1] - yr[0]);
    a->mapped = false;
    a->log[0] = a->log[1] = false;
    if (!plane)
        build_axes_scaling(c, o, a);
    self->is_axes = true;
    const cJSON *matrix = cJSON_GetObjectItemCaseSensitive(o, "matrix");
    if (plane && matrix) {
        /* The plane as shown is M's image of itself about its origin. */
        a->o = axes_point(a, 0, 0);
        int k = 0;
        for (const cJSON *row = matrix->child; row; row = row->next)
            for (const cJSON *e = row->child; e && k < 4; e = e->next, k++)
                a->m[k] = build_number_of(c, e, k == 0 || k == 3 ? 1 : 0);
        a->mapped = !(a->m[0] == 1 && a->m[1] == 0 && a->m[2] == 0 && a->m[3] == 1);
    }

    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return build_fail(c, "axes", LR_ERR_NOMEM, "out of memory");
    lr_style axis_style = build_style(c, o, false);
    if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
        axis_style.stroke_width = 0.025f;
    lr_status s = LR_OK;
    if (plane) {
        /* Manim's NumberPlane: a line every step / faded_line_ratio, every
         * ratio-th one in the line style, the others faded (half as wide,
         * half as opaque). */
        lr_path main = {0}, faded = {0};
        int ratio = (int)build_num(c, o, "faded_line_ratio", 1);
        for (int axis = 0; axis < 2 && s == LR_OK; axis++) {
            const double *r = axis ? yr : xr, *other = axis ? xr : yr;
            double step = r[2] / (ratio > 0 ? ratio : 1);
            long k0 = (long)ceil(r[0] / step - 1e-9), k1 = (long)floor(r[1] / step + 1e-9);
            for (long k = k0; k <= k1 && s == LR_OK; k++) {
                double v = (double)k * step;
                lr_path *into = ratio > 1 && k % ratio != 0 ? &faded : &main;
                s = axis ? lr_path_add_line(into, axes_point(a, other[0], v), axes_point(a, other[1], v))
                         : lr_path_add_line(into, axes_point(a, v, other[0]), axes_point(a, v, other[1]));
            }
        }
        lr_style gs = lr_style_default();
        lr_color_parse("BLUE_D", &gs.stroke);
        color_of(o, "line_color", &gs.stroke);
        gs.stroke.a = (float)build_num(c, o, "line_opacity", 1);
        gs.stroke_width = (float)(build_num(c, o, "line_width", 1.5) / 100.0);
        lr_style fs = gs;
        fs.stroke.a *= 0.5f;
        fs.stroke_width *= 0.5f;
        lr_mobject *fm = s == LR_OK && faded.npoints ? lr_mobject_create_path(&faded, fs) : NULL;
        lr_mobject *gm = s == LR_OK ? lr_mobject_create_path(&main, gs) : NULL;
        lr_path_free(&main);
        lr_path_free(&faded);
        if (!gm || (fm && lr_mobject_add_child(g, fm) != LR_OK) || lr_mobject_add_child(g, gm) != LR_OK) {
            if (fm && fm->parent != g)
                lr_mobject_destroy(fm);
            lr_mobject_destroy(gm);
            lr_mobject_destroy(g);
            return build_fail(c, "number_plane", LR_ERR_NOMEM, "out of memory");
        }
    }
    /* The axes cross at 0 when 0 is in range, else at the range's start
     * (linear coordinates: a log axis' exponents). */
    double ox = axes_cross_linear(a, 0), oy = axes_cross_linear(a, 1);
    bool tips = !plane && bool_or(o, "tips", true);
    float tip = 0.2f;
    lr_path lines = {0}, heads = {0};
    /* Tips stand beyond the last tick, so that they never hide its label. */
    float reach = tips ? 0.3f : 0.0f;
    lr_vec2 xe = axes_point_linear(a, xr[1], oy), ye = axes_point_linear(a, ox, yr[1]);
    xe.x += reach;
    ye.y += reach;
    s = lr_path_add_line(&lines, axes_point_linear(a, xr[0], oy), tips ? (lr_vec2){xe.x - tip, xe.y} : xe);
    if (s == LR_OK)
        s = lr_path_add_line(&lines, axes_point_linear(a, ox, yr[0]), tips ? (lr_vec2){ye.x, ye.y - tip} : ye);
    lr_color label_color = axis_style.stroke;
    label_color.a = 1;
    /* Ticks and numbers of each axis, as its configs say (build_axes.c);
     * numbers first into their own group, drawn after the lines. */
    lr_mobject *numbers = !plane ? lr_mobject_create_group() : NULL;
    if (!plane && !numbers)
        s = LR_ERR_NOMEM;
    for (int axis = 0; !plane && axis < 2 && s == LR_OK; axis++)
        s = build_axis_marks(c, o, a, axis, tips, label_color, &lines, numbers);
    if (s == LR_OK && tips)
        s = lr_path_add_arrow_tip(&heads, xe, (lr_vec2){1, 0}, tip, tip);
    if (s == LR_OK && tips)
        s = lr_path_add_arrow_tip(&heads, ye, (lr_vec2){0, 1}, tip, tip);
    lr_mobject *lm = s == LR_OK ? lr_mobject_create_path(&lines, axis_style) : NULL;
    lr_style hs = axis_style;
    hs.fill = hs.stroke;
    lr_mobject *hm = s == LR_OK && tips ? lr_mobject_create_path(&heads, hs) : NULL;
    lr_path_free(&lines);
    lr_path_free(&heads);
    if (!lm || lr_mobject_add_child(g, lm) != LR_OK || (hm && lr_mobject_add_child(g, hm) != LR_OK)) {
        lr_mobject_destroy(lm);
        lr_mobject_destroy(hm);
        lr_mobject_destroy(numbers);
        lr_mobject_destroy(g);
        return build_fail(c, "axes", s != LR_OK ? s : LR_ERR_NOMEM, "could not build the axes");
    }
    /* The numbers as the children of the axes they always were. */
    for (size_t i = 0; numbers && i < numbers->nchildren && s == LR_OK; i++) {
        lr_mobject *t = numbers->children[i];
        t->parent = NULL;
        numbers->children[i] = NULL;
        if (lr_mobject_add_child(g, t) != LR_OK) {
            lr_mobject_destroy(t);
            s = build_fail(c, "axes", LR_ERR_NOMEM, "out of memory");
        }
    }
    if (numbers) {
        size_t keep = 0;
        for (size_t i = 0; i < numbers->nchildren; i++)
            if (numbers->children[i])
                numbers->children[keep++] = numbers->children[i];
        numbers->nchildren = keep;
        lr_mobject_destroy(numbers);
    }
    if (plane && strcmp(str_or(o, "type", ""), "complex_plane") == 0 && bool_or(o, "include_numbers", true))
        s = add_complex_labels(c, a, xr, yr, label_color, g);
    for (int axis = 0; axis < 2 && s == LR_OK; axis++) {
        const char *label = str_or(o, axis ? "y_label" : "x_label", NULL);
        if (!label)
            continue;
        lr_mobject *t = NULL;
        s = build_tex(c, label, 36, label_color, NULL, &t);
        if (s != LR_OK)
            break;
        lr_rect tb = lr_mobject_bounds(t);
        float w = tb.x1 - tb.x0, h = tb.y1 - tb.y0;
        move_center_to(t, axis ? (lr_vec2){ye.x + 0.2f + w * 0.5f, ye.y - h * 0.5f}
                               : (lr_vec2){xe.x - w * 0.5f, xe.y + 0.2f + h * 0.5f});
        if (lr_mobject_add_child(g, t) != LR_OK) {
            lr_mobject_destroy(t);
            s = build_fail(c, "axes", LR_ERR_NOMEM, "out of memory");
        }
    }
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return s;
    }
    *out = g;
    return LR_OK;
}

lr_status build_curve(bctx *c, const cJSON *o, bool parametric, lr_mobject **out)
{
    const bobj *ax = NULL;
    const char *ax_id = str_or(o, "axes", NULL);
    if (ax_id)
        ax = build_find(c, ax_id);
    /* Version 2's expressions (which may read values and objects) are the
     * validator's; version 1's are compiled here. */
    lr_expr *own_x = NULL, *own_y = NULL;
    lr_error e = {0};
    const lr_expr *ex = build_field_expr(c, o, parametric ? "x" : "expr", &own_x, &e);
    const lr_expr *ey = ex && parametric ? build_field_expr(c, o, "y", &own_y, &e) : NULL;
    if (!ex || (parametric && !ey)) {
        lr_expr_destroy(own_x);
        return build_fail(c, "curve", e.status ? e.status : LR_ERR_INVALID_ARG, e.message);
    }
    double r[3];
    const axes_map *a = ax && ax->is_axes ? &ax->axes : NULL;
    if (parametric)
        build_range(c, o, "t_range", 0, 1, 0, r);
    else
        build_range(c, o, "x_range", a ? axes_value(a, 0, a->x0) : -1, a ? axes_value(a, 0, a->x1) : 1, 0, r);
    lr_vec2 pts[GRAPH_SAMPLES + 1];
    bool ok[GRAPH_SAMPLES + 1];
    /* Far off the axes (asymptotes) the curve is cut, in the y axis' linear units. */
    double span = a ? a->y1 - a->y0 : 0;
    for (int i = 0; i <= GRAPH_SAMPLES; i++) {
        double u = r[0] + (r[1] - r[0]) * i / GRAPH_SAMPLES;
        double x = parametric ? (own_x ? lr_expr_eval(own_x, 0, u) : build_eval_at(c, ex, u, 0).x) : u;
        double y = parametric ? (own_y ? lr_expr_eval(own_y, 0, u) : build_eval_at(c, ey, u, 0).x)
                              : (own_x ? lr_expr_eval(own_x, u, 0) : build_eval_at(c, ex, u, 0).x);
        double ly = a ? axes_linear(a, 1, y) : y;
        pts[i] = a ? axes_point(a, x, y) : (lr_vec2){(float)x, (float)y};
        ok[i] = isfinite(pts[i].x) && isfinite(pts[i].y) && (!a || (ly >= a->y0 - span && ly <= a->y1 + span));
    }
    lr_expr_destroy(own_x);
    lr_expr_destroy(own_y);
    lr_path p = {0};
    lr_status s = build_smooth_curve(&p, pts, ok, GRAPH_SAMPLES + 1);
    if (s != LR_OK) {
        lr_path_free(&p);
        return build_fail(c, "curve", s, "could not build the curve");
    }
    s = build_path_mobject(c, o, &p, false, out);
    if (s == LR_OK && ax)
        lr_mobject_set_transform(*out, lr_mobject_world_transform(shape_of(ax)));
    return s;
}

/* ---- tangent lines and areas, in the coordinates of a graph's axes ---- */

/* The slope of the graph at x in axis units: a central difference, one-sided
 * at the ends of the range (where the graph stops). */
static double graph_slope(const graph_fn *g, double x)
{
    double h = (g->hi - g->lo) * 1e-4;
    double a = fmax(g->lo, x - h), b = fmin(g->hi, x + h);
    return (build_graph_y(g, b) - build_graph_y(g, a)) / (b - a);
}

lr_status build_tangent(bctx *c, const cJSON *o, lr_mobject **out)
{
    graph_fn g;
    lr_status s = build_graph_open(c, build_find(c, str_or(o, "graph", "")), "tangent_line", &g);
    if (s != LR_OK)
        return s;
    double x = build_num(c, o, "x", 0), y = build_graph_y(&g, x), m = graph_slope(&g, x);
    build_graph_close(&g);
    if (!isfinite(y) || !isfinite(m))
        return build_fail(c, "tangent_line", LR_ERR_INVALID_ARG, "the graph has no tangent there");
    /* Direction in the axes' scene frame, where a unit of x and a unit of
     * y may have different lengths; "length" is in scene units. */
    const axes_map *a = &g.axes->axes;
    double dx = a->sx, dy = a->sy * m, n = sqrt(dx * dx + dy * dy), half = build_num(c, o, "length", 2) * 0.5;
    lr_vec2 p = axes_point(a, x, y);
    lr_vec2 u = {(float)(dx / n * half), (float)(dy / n * half)};
    lr_path path = {0};
    s = lr_path_add_line(&path, (lr_vec2){p.x - u.x, p.y - u.y}, (lr_vec2){p.x + u.x, p.y + u.y});
    if (s != LR_OK) {
        lr_path_free(&path);
        return build_fail(c, "tangent_line", s, "could not build the line");
    }
    s = build_path_mobject(c, o, &path, false, out);
    if (s == LR_OK)
        lr_mobject_set_transform(*out, lr_mobject_world_transform(shape_of(g.axes)));
    return s;
}

/* The region between the graph and the x axis over [from, to], as one
 * closed polygon: along the curve, then back along the axis; or, with a
 * bounded graph (Manim's get_area), back along that graph, over the part of
 * [from, to] where both are drawn. */
lr_status build_area(bctx *c, const cJSON *o, lr_mobject **out)
{
    graph_fn g, b;
    bool bounded;
    lr_status s = build_graphs_open(c, o, "area_under_curve", &g, &b, &bounded);
    if (s != LR_OK)
        return s;
    double r[3];
    build_range(c, o, "x_range", g.lo, g.hi, 0, r);
    if (bounded) {
        r[0] = fmax(r[0], b.lo);
        r[1] = fmin(r[1], b.hi);
    }
    const axes_map *a = &g.axes->axes;
    /* The base is where the x axis is drawn; values far off the axes are
     * clipped as the graph is (asymptotes), in the y axis' linear units. */
    double base = axes_value(a, 1, axes_cross_linear(a, 1)), span = a->y1 - a->y0;
    double lo = axes_value(a, 1, a->y0 - span), hi = axes_value(a, 1, a->y1 + span);
    lr_vec2 pts[2 * GRAPH_SAMPLES + 4];
    int n = 0;
    if (!bounded)
        pts[n++] = axes_point(a, r[0], base);
    for (int pass = 0; pass < (bounded ? 2 : 1); pass++)
        for (int i = 0; i <= GRAPH_SAMPLES; i++) {
            double x = pass ? r[1] + (r[0] - r[1]) * i / GRAPH_SAMPLES : r[0] + (r[1] - r[0]) * i / GRAPH_SAMPLES;
            double y = build_graph_y(pass ? &b : &g, x);
            y = isfinite(y) ? fmin(fmax(y, lo), hi) : base;
            pts[n++] = axes_point(a, x, y);
        }
    if (!bounded)
        pts[n++] = axes_point(a, r[1], base);
    build_graph_close(&g);
    if (bounded)
        build_graph_close(&b);
    lr_path path = {0};
    s = r[1] > r[0] ? lr_path_add_polygon(&path, pts, (uint32_t)n) : LR_OK;
    if (s != LR_OK) {
        lr_path_free(&path);
        return build_fail(c, "area_under_curve", s, "could not build the area");
    }
    /* Manim's get_area: a filled region at 0.3 opacity, blue by default,
     * with no outline. */
    lr_style st = build_style(c, o, true);
    lr_color color;
    if (!color_of(o, "color", &color) && !color_of(o, "fill_color", &color))
        lr_color_parse("BLUE", &color);
    st.fill = color;
    st.fill.a = (float)build_num(c, o, "fill_opacity", 0.3);
    lr_mobject *m = lr_mobject_create_path(&path, st);
    lr_path_free(&path);
    if (!m)
        return build_fail(c, "area_under_curve", LR_ERR_NOMEM, "out of memory");
    lr_mobject_set_transform(m, lr_mobject_world_transform(shape_of(g.axes)));
    *out = m;
    return LR_OK;
}

/* ---- traced paths (Manim's TracedPath) ---- */

/* Straight pieces through the samples since the path came on screen (or
 * for its dissipating_time), ending at the point now; older pieces fainter
 * when it dissipates. */
lr_status build_trace(bctx *c, const cJSON *o, const bobj *b, lr_mobject **out)
{
    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return build_fail(c, "traced_path", LR_ERR_NOMEM, "out of memory");
    *out = g;
    double t = c->vars[SPEC_SLOT_TIME];
    const trace_samples *tr = b->trace;
    if (!tr || c->shadow)
        return LR_OK;
    double from = fmax(b->shown_at, 0), fade = build_num(c, o, "dissipating_time", 0);
    if (fade > 0)
        from = fmax(from, t - fade);
    size_t k0 = (size_t)ceil(from * TRACE_HZ - 1e-9), k1 = (size_t)floor(t * TRACE_HZ + 1e-9);
    if (k1 >= tr->count)
        k1 = tr->count ? tr->count - 1 : 0;
    lr_vec2 now = build_vec(c, o, "point", (lr_vec2){0, 0});
    if (!tr->count || k0 > k1 || c->nan_seen)
        return LR_OK;
    size_t n = k1 - k0 + 2;
    lr_vec2 *pts = malloc(n * sizeof *pts);
    if (!pts)
        return build_fail(c, "traced_path", LR_ERR_NOMEM, "out of memory");
    memcpy(pts, tr->points + k0, (n - 1) * sizeof *pts);
    pts[n - 1] = now;
    lr_style st = build_style(c, o, false);
    int pieces = fade > 0 ? 8 : 1;
    lr_status s = LR_OK;
    for (int i = 0; i < pieces && s == LR_OK; i++) {
        size_t a = (n - 1) * (size_t)i / (size_t)pieces, z = (n - 1) * (size_t)(i + 1) / (size_t)pieces;
        if (z <= a)
            continue;
        lr_path p = {0};
        s = lr_path_add_polyline(&p, pts + a, (uint32_t)(z - a + 1), false);
        lr_style ps = st;
        ps.stroke.a *= (float)(i + 1) / (float)pieces;
        lr_mobject *m = s == LR_OK ? lr_mobject_create_path(&p, ps) : NULL;
        lr_path_free(&p);
        if (!m || lr_mobject_add_child(g, m) != LR_OK) {
            lr_mobject_destroy(m);
            s = build_fail(c, "traced_path", LR_ERR_NOMEM, "out of memory");
        }
    }
    free(pts);
    return s;
}

/* ---- angles (Manim's Angle) ---- */


/* A line-like object's ends in scene coordinates. */
static bool line_ends(const bobj *b, lr_vec2 *start, lr_vec2 *end)
{
    const lr_mobject *leaf = b ? first_path(b->m) : NULL;
    if (!leaf || !b->has_ends)
        return false;
    *start = world_point(leaf, b->p0);
    *end = world_point(leaf, b->p1);
    return true;
}

static lr_vec2 unit_of(lr_vec2 v)
{
    float n = hypotf(v.x, v.y);
    return n > 0 ? (lr_vec2){v.x / n, v.y / n} : (lr_vec2){NAN, NAN};
}

/* The arc from the first line's direction counter-clockwise to the
 * second's, about where they cross, as Manim's Angle computes it
 * (quadrant, other_angle, elbow); or from the ray vertex-A to the ray
 * vertex-B of three points (Angle.from_three_points). */
lr_status build_angle(bctx *c, const cJSON *o, lr_mobject **out)
{
    lr_vec2 vertex, d1, d2;
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(o, "lines");
    if (lines) {
        lr_vec2 a1, b1, a2, b2;
        const bobj *l1 = build_find(c, cJSON_IsString(lines->child) ? lines->child->valuestring : "");
        const bobj *l2 = lines->child ? build_find(c, cJSON_IsString(lines->child->next) ? lines->child->next->valuestring : "")
                                      : NULL;
        if (!line_ends(l1, &a1, &b1) || !line_ends(l2, &a2, &b2))
            return build_fail(c, "angle", LR_ERR_INVALID_ARG, "no such lines");
        lr_vec2 r = {b1.x - a1.x, b1.y - a1.y}, q = {b2.x - a2.x, b2.y - a2.y};
        float den = r.x * q.y - r.y * q.x;
        float sp = den != 0 ? ((a2.x - a1.x) * q.y - (a2.y - a1.y) * q.x) / den : NAN;
        vertex = (lr_vec2){a1.x + sp * r.x, a1.y + sp * r.y};
        d1 = unit_of(r);
        d2 = unit_of(q);
    } else {
        const cJSON *pts = cJSON_GetObjectItemCaseSensitive(o, "points");
        lr_vec2 a = build_in_axes(c, o, "points", build_point(c, pts->child)),
                v = build_in_axes(c, o, "points", build_point(c, pts->child->next)),
                b = build_in_axes(c, o, "points", build_point(c, pts->child->next->next));
        vertex = v;
        d1 = unit_of((lr_vec2){a.x - v.x, a.y - v.y});
        d2 = unit_of((lr_vec2){b.x - v.x, b.y - v.y});
    }
    lr_vec2 quadrant = build_vec(c, o, "quadrant", (lr_vec2){1, 1});
    d1 = (lr_vec2){d1.x * quadrant.x, d1.y * quadrant.x};
    d2 = (lr_vec2){d2.x * quadrant.y, d2.y * quadrant.y};
    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return build_fail(c, "angle", LR_ERR_NOMEM, "out of memory");
    if (!isfinite(vertex.x) || !isfinite(vertex.y) || !isfinite(d1.x) || !isfinite(d2.x)) {
        /* Parallel lines, or a point on the vertex: no angle to show. */
        c->nan_seen = true;
        *out = g;
        return LR_OK;
    }
    float radius = (float)build_num(c, o, "radius", 0.5);
    double a1 = atan2(d1.y, d1.x), a2 = atan2(d2.y, d2.x), sweep;
    if (!bool_or(o, "other_angle", false))
        sweep = a2 > a1 ? a2 - a1 : 2 * M_PI - (a1 - a2);
    else
        sweep = a2 < a1 ? a2 - a1 : -2 * M_PI + (a2 - a1);
    lr_path p = {0};
    lr_status s;
    if (bool_or(o, "elbow", false)) {
        lr_vec2 pts[3] = {{vertex.x + radius * d1.x, vertex.y + radius * d1.y},
                          {vertex.x + radius * (d1.x + d2.x), vertex.y + radius * (d1.y + d2.y)},
                          {vertex.x + radius * d2.x, vertex.y + radius * d2.y}};
        s = lr_path_add_polyline(&p, pts, 3, false);
    } else {
        s = lr_path_add_arc(&p, vertex, radius, (float)a1, (float)sweep);
    }
    lr_mobject *arc = NULL;
    if (s == LR_OK)
        s = build_path_mobject(c, o, &p, false, &arc);
    else
        lr_path_free(&p);
    if (s != LR_OK || lr_mobject_add_child(g, arc) != LR_OK) {
        lr_mobject_destroy(arc);
        lr_mobject_destroy(g);
        return s != LR_OK ? s : build_fail(c, "angle", LR_ERR_NOMEM, "out of memory");
    }
    const char *label = str_or(o, "label", NULL);
    if (label) {
        lr_color col = build_style(c, o, false).stroke;
        col.a = 1;
        lr_mobject *t = NULL;
        s = build_tex(c, label, ANGLE_LABEL_SIZE, col, NULL, &t);
        if (s != LR_OK) {
            lr_mobject_destroy(g);
            return s;
        }
        double mid = a1 + sweep * 0.5, at = radius + build_num(c, o, "label_buff", 0.25);
        move_center_to(t, (lr_vec2){vertex.x + (float)(at * cos(mid)), vertex.y + (float)(at * sin(mid))});
        if (lr_mobject_add_child(g, t) != LR_OK) {
            lr_mobject_destroy(t);
            lr_mobject_destroy(g);
            return build_fail(c, "angle", LR_ERR_NOMEM, "out of memory");
        }
    }
    *out = g;
    return LR_OK;
}

/* The asset file of object `o`, resolved: the name was checked when loading,
 * but a symbolic link inside the folder could still lead out of it, so the
 * resolved paths are compared. *real (the caller frees it) is the file to
 * open; on failure `why` says what is wrong, naming the file. */
static lr_status resolve_asset(const bctx *c, const cJSON *o, char **real, char *why, size_t why_size)
{
    *real = NULL;
    char path[4400];
    const char *refused = NULL;
    if (!spec_asset_path(c->spec->asset_dir, str_or(o, "file", ""), path, sizeof path, &refused)) {
        snprintf(why, why_size, "%s", refused);
        return LR_ERR_INVALID_ARG;
    }
    char *real_dir = realpath(c->spec->asset_dir, NULL);
    char *real_file = real_dir ? realpath(path, NULL) : NULL;
    int why_not = errno; /* realpath's, when real_file is NULL */
    size_t dl = real_dir ? strlen(real_dir) : 0;
    bool inside = real_dir && real_file && strncmp(real_file, real_dir, dl) == 0 &&
                  (real_file[dl] == '/' || (dl == 1 && real_dir[0] == '/'));
    const char *problem = !real_dir                         ? "the asset folder does not exist"
                          : !real_file && why_not == ENOENT ? "no such file in the asset folder"
                          : !real_file                      ? strerror(why_not)
                          : !inside ? "the file lies outside the asset folder (through a link?)"
                                    : NULL;
    lr_status s = !real_dir || !real_file ? LR_ERR_IO : inside ? LR_OK : LR_ERR_INVALID_ARG;
    if (problem)
        snprintf(why, why_size, "%.700s: %s", path, problem);
    free(real_dir);
    if (s == LR_OK)
        *real = real_file;
    else
        free(real_file);
    return s;
}

/* One image file of a section: decoded once, however many objects show
 * it, and scaled down to the most any of them can show. */
typedef struct image_entry {
    char *real;         /* the resolved path: the key */
    int width, height;  /* from the header */
    int want_w, want_h; /* pixels worth keeping (see image_want) */
    lr_image img;       /* once decoded */
} image_entry;

/* The spec's size for an image object of `iw` x `ih` pixels: width and
 * height in scene units, the missing one from the image's aspect, 2 units
 * high when neither is given. */
static void image_box(bctx *c, const cJSON *o, int iw, int ih, float *w, float *h)
{
    float aspect = ih > 0 ? (float)iw / (float)ih : 1.0f;
    *w = (float)build_num(c, o, "width", 0);
    *h = (float)build_num(c, o, "height", 0);
    if (*w <= 0 && *h <= 0)
        *h = 2.0f;
    if (*w <= 0)
        *w = *h * aspect;
    if (*h <= 0)
        *h = *w / aspect;
}

/* The pixels worth keeping of an image shown in a box of w x h scene units:
 * twice the box's size in pixels at the largest frame c2v renders (quality
 * k, 3840 pixels on the long side, or the spec's own size when larger), so
 * that a zoom or a scale-up of 2x stays sharp, but never more than that
 * frame, and never more than the image has. */
static void image_want(const bctx *c, float w, float h, int iw, int ih, int *ww, int *wh)
{
    lr_layout l = lr_layout_get(c->orientation);
    int meta_long = c->spec->meta.width > c->spec->meta.height ? c->spec->meta.width : c->spec->meta.height;
    double per_unit = (meta_long > 3840 ? meta_long : 3840) / fmax(l.frame_width, l.frame_height);
    double fw = l.frame_width * per_unit, fh = l.frame_height * per_unit;
    double tw = fmin(fmin(2.0 * w * per_unit, fw), iw), th = fmin(fmin(2.0 * h * per_unit, fh), ih);
    *ww = tw >= 1 ? (int)ceil(tw) : 1;
    *wh = th >= 1 ? (int)ceil(th) : 1;
}

static image_entry *image_find(bctx *c, const char *real)
{
    for (size_t i = 0; i < c->nimages; i++)
        if (strcmp(c->images[i].real, real) == 0)
            return &c->images[i];
    return NULL;
}

/* Every image file the section's objects show (inline group children
 * included), from its header, with the most pixels any object can show of
 * it. Files that fail here are left out: their objects fail when built,
 * with the reason. */
void build_collect_images(bctx *c, const cJSON *objects, int depth)
{
    for (const cJSON *o = cJSON_IsArray(objects) ? objects->child : NULL; o && depth <= SPEC_MAX_DEPTH; o = o->next) {
        const char *type = str_or(o, "type", "");
        if (strcmp(type, "group") == 0)
            build_collect_images(c, cJSON_GetObjectItemCaseSensitive(o, "children"), depth + 1);
        if (strcmp(type, "image") != 0 || c->nimages >= SPEC_MAX_OBJECTS)
            continue;
        char why[512], *real;
        int iw, ih;
        if (resolve_asset(c, o, &real, why, sizeof why) != LR_OK)
            continue;
        if (lr_image_info(real, &iw, &ih, NULL) != LR_OK) {
            free(real);
            continue;
        }
        float w, h;
        int ww, wh;
        image_box(c, o, iw, ih, &w, &h);
        image_want(c, w, h, iw, ih, &ww, &wh);
        image_entry *e = image_find(c, real);
        if (e) {
            free(real);
            e->want_w = ww > e->want_w ? ww : e->want_w;
            e->want_h = wh > e->want_h ? wh : e->want_h;
            continue;
        }
        if (!c->images && !(c->images = calloc(SPEC_MAX_OBJECTS, sizeof *c->images))) {
            free(real);
            return;
        }
        c->images[c->nimages++] = (image_entry){real, iw, ih, ww, wh, {0}};
    }
}

void build_release_images(bctx *c)
{
    for (size_t i = 0; i < c->nimages; i++) {
        free(c->images[i].real);
        lr_image_free(&c->images[i].img);
    }
    free(c->images);
    c->images = NULL;
    c->nimages = 0;
}

/* The decoded (and scaled down) pixels of the image at `real`, counted
 * against the section's budget the first time. */
static lr_status image_pixels(bctx *c, const char *real, const lr_image **out)
{
    image_entry *e = image_find(c, real);
    char why[1024];
    lr_error ie = {0};
    if (!e) { /* collect_images could not read its header: say why */
        int iw, ih;
        if (lr_image_info(real, &iw, &ih, &ie) == LR_OK)
            lr_error_set(&ie, LR_ERR_IMAGE, "%s: the image could not be read ahead", real);
        return build_fail_field(c, "file", ie.status, ie.message);
    }
    if (!e->img.pixels) {
        int64_t px = (int64_t)e->width * e->height;
        if (c->image_decoded + px > SPEC_MAX_IMAGE_PIXELS) {
            snprintf(why, sizeof why,
                     "%s: its %dx%d pixels would bring the images this section decodes to %.1f Mi pixels, more "
                     "than the limit of %d Mi",
                     real, e->width, e->height, (double)(c->image_decoded + px) / (1 << 20), SPEC_MAX_IMAGE_PIXELS >> 20);
            return build_fail_field(c, "file", LR_ERR_LIMIT, why);
        }
        c->image_decoded += px;
        lr_image full = {0};
        if (lr_image_load(&full, real, &ie) != LR_OK)
            return build_fail_field(c, "file", ie.status ? ie.status : LR_ERR_IMAGE, ie.message);
        if (e->want_w < full.width || e->want_h < full.height) {
            lr_status s = lr_image_resize(&full, e->want_w < full.width ? e->want_w : full.width,
                                          e->want_h < full.height ? e->want_h : full.height, &e->img, &ie);
            lr_image_free(&full);
            if (s != LR_OK)
                return build_fail_field(c, "file", s, ie.message);
        } else {
            e->img = full;
        }
    }
    *out = &e->img;
    return LR_OK;
}

lr_status build_asset(bctx *c, const cJSON *o, bool svg, lr_mobject **out)
{
    char why[1024], *real;
    lr_status s = resolve_asset(c, o, &real, why, sizeof why);
    if (s != LR_OK)
        return build_fail_field(c, "file", s, why);
    float w = (float)build_num(c, o, "width", 0), h = (float)build_num(c, o, "height", 0);
    lr_error e = {0};
    if (svg) {
        lr_svg_options opt = lr_svg_options_default();
        opt.center = true;
        if (h > 0)
            opt.height = h;
        lr_color col;
        if (color_of(o, "color", &col))
            opt.current_color = col;
        lr_mobject *m = NULL;
        s = lr_svg_load_file(real, &opt, &m, NULL, &e);
        free(real);
        if (s != LR_OK)
            return build_fail_field(c, "file", e.status ? e.status : LR_ERR_SVG, e.message);
        lr_rect b = lr_mobject_bounds(m);
        if (w > 0 && h <= 0 && b.x1 > b.x0)
            scale_about_center(m, w / (b.x1 - b.x0), 0);
        if (w > 0 && h > 0 && b.x1 > b.x0) {
            /* Both: the drawing fills that box, stretched as an image is
             * (the load already gave it the height). */
            lr_vec2 ctr = rect_center(b);
            lr_affine a = lr_affine_translate(-ctr.x, -ctr.y);
            a = lr_affine_then(a, lr_affine_scale(w / (b.x1 - b.x0), 1));
            transform_by(m, lr_affine_then(a, lr_affine_translate(ctr.x, ctr.y)));
        }
        *out = m;
        return LR_OK;
    }
    const lr_image *img = NULL;
    s = image_pixels(c, real, &img);
    image_entry *entry = image_find(c, real);
    free(real);
    if (s != LR_OK)
        return s;
    /* Each object keeps its own copy of the (scaled-down) pixels; an object
     * rebuilt at every frame (once the timeline exists) replaces its copy. */
    int64_t kept = (int64_t)img->width * img->height;
    if (!c->tl && c->image_kept + kept > SPEC_MAX_IMAGE_PIXELS) {
        snprintf(why, sizeof why,
                 "with this one, the image objects of the section keep %.1f Mi pixels, more than the limit of %d Mi",
                 (double)(c->image_kept + kept) / (1 << 20), SPEC_MAX_IMAGE_PIXELS >> 20);
        return build_fail_field(c, "file", LR_ERR_LIMIT, why);
    }
    if (!c->tl)
        c->image_kept += kept;
    image_box(c, o, entry->width, entry->height, &w, &h);
    lr_mobject *m = lr_mobject_create_image(img, (lr_rect){-w * 0.5f, -h * 0.5f, w * 0.5f, h * 0.5f});
    if (!m)
        return build_fail(c, "image", LR_ERR_NOMEM, "out of memory");
    *out = m;
    return LR_OK;
}

/* ---- matrices (Manim's Matrix) ---- */

#define BRACKET_BUFF 0.25f /* Manim's MED_SMALL_BUFF, bracket_h_buff and bracket_v_buff */
#define MATRIX_MAX_CELLS 64

/* A bracket spanning [y0, y1] at x, opening to the right (side 1) or the
 * left (side -1): a square bracket with serifs, a round one, a bar. */
static lr_status add_bracket(lr_path *p, const char *kind, float x, float y0, float y1, float side)
{
    float h = y1 - y0, serif = 0.12f;
    if (strcmp(kind, "round") == 0) {
        /* a shallow arc: its chord the bracket's height */
        float sag = fminf(0.18f, h * 0.1f), r = (h * h / 4 + sag * sag) / (2 * sag);
        float half = asinf(fminf(1.0f, h / (2 * r)));
        lr_vec2 centre = {x + side * (r - sag) * 1.0f, (y0 + y1) * 0.5f};
        float start = side > 0 ? (float)M_PI - half : -half;
        return lr_path_add_arc(p, centre, r, start, 2 * half);
    }
    if (strcmp(kind, "vertical") == 0)
        return lr_path_add_line(p, (lr_vec2){x, y0}, (lr_vec2){x, y1});
    lr_vec2 pts[4] = {{x + side * serif, y1}, {x, y1}, {x, y0}, {x + side * serif, y0}};
    return lr_path_add_polyline(p, pts, 4, false);
}

lr_status build_matrix(bctx *c, const cJSON *o, bobj *b, lr_mobject **out)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "entries");
    int nr = cJSON_GetArraySize(rows), nc = rows && rows->child ? cJSON_GetArraySize(rows->child) : 0;
    if (nr * nc > MATRIX_MAX_CELLS || nr < 1 || nc < 1)
        return build_fail(c, "matrix", LR_ERR_INVALID_ARG, "no entries");
    char numbers[MATRIX_MAX_CELLS][32];
    const char *srcs[MATRIX_MAX_CELLS];
    int k = 0;
    for (const cJSON *row = rows->child; row; row = row->next)
        for (const cJSON *e = row->child; e && k < MATRIX_MAX_CELLS; e = e->next, k++) {
            if (cJSON_IsString(e)) {
                srcs[k] = e->valuestring;
            } else {
                snprintf(numbers[k], sizeof numbers[k], "%g", e->valuedouble);
                srcs[k] = numbers[k];
            }
        }
    lr_color color = lr_rgba(1, 1, 1, 1);
    color_of(o, "color", &color);
    lr_mobject *cells[MATRIX_MAX_CELLS] = {0};
    lr_status s = build_tex_many(c, srcs, (size_t)k, (float)build_num(c, o, "font_size", 48), color, cells);
    if (s != LR_OK)
        return s;
    lr_mobject *g = lr_mobject_create_group(), *entries = lr_mobject_create_group(), *brackets = lr_mobject_create_group();
    if (!g || !entries || !brackets || lr_mobject_add_child(g, entries) != LR_OK ||
        lr_mobject_add_child(g, brackets) != LR_OK) {
        lr_mobject_destroy(g);
        if (!g || entries->parent != g)
            lr_mobject_destroy(entries);
        if (!g || brackets->parent != g)
            lr_mobject_destroy(brackets);
        for (int i = 0; i < k; i++)
            lr_mobject_destroy(cells[i]);
        return build_fail(c, "matrix", LR_ERR_NOMEM, "out of memory");
    }
    /* Manim: entry (i, j)'s lower right corner at (j h_buff, -i v_buff). */
    float hb = (float)build_num(c, o, "h_buff", 1.3), vb = (float)build_num(c, o, "v_buff", 0.8);
    for (int i = 0; i < k; i++) {
        lr_rect r = lr_mobject_bounds(cells[i]);
        if (!lr_rect_is_empty(r))
            transform_by(cells[i], lr_affine_translate((float)(i % nc) * hb - r.x1, -(float)(i / nc) * vb - r.y0));
        if (s == LR_OK && lr_mobject_add_child(entries, cells[i]) != LR_OK)
            s = build_fail(c, "matrix", LR_ERR_NOMEM, "out of memory");
        if (cells[i]->parent != entries)
            lr_mobject_destroy(cells[i]);
    }
    lr_rect box = lr_mobject_bounds(entries);
    const char *kind = str_or(o, "bracket", "square");
    if (s == LR_OK && strcmp(kind, "none") != 0 && !lr_rect_is_empty(box)) {
        lr_path p = {0};
        float y0 = box.y0 - BRACKET_BUFF, y1 = box.y1 + BRACKET_BUFF;
        s = add_bracket(&p, kind, box.x0 - BRACKET_BUFF, y0, y1, 1);
        if (s == LR_OK)
            s = add_bracket(&p, kind, box.x1 + BRACKET_BUFF, y0, y1, -1);
        lr_style st = lr_style_default();
        st.stroke = color;
        st.fill.a = 0;
        st.stroke_width = 0.03f;
        lr_mobject *bm = s == LR_OK ? lr_mobject_create_path(&p, st) : NULL;
        lr_path_free(&p);
        if (!bm || lr_mobject_add_child(brackets, bm) != LR_OK) {
            lr_mobject_destroy(bm);
            s = build_fail(c, "matrix", LR_ERR_NOMEM, "out of memory");
        }
    }
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return s;
    }
    move_center_to(g, (lr_vec2){0, 0});
    b->rows = nr;
    b->cols = nc;
    *out = g;
    return LR_OK;
}
