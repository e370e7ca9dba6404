/* Code listings (version 2): Manim's Code. Pygments (librender/code)
 * colours the code; each line is set with the text module, glyph by glyph
 * in its token's colour, on baselines 0.75 * (1 + line_spacing) em apart
 * (Manim's Paragraph: Pango at 96 dpi on Cairo's points). The mobject is
 * a group of four, in drawing order: the background (a rounded rectangle,
 * with the window's dots), the bands of the highlighted lines, the line
 * numbers (a group per line), the code (a group per line). */
#include "spec/build_internal.h"

#include "text/text_internal.h"

#define CODE_FONT "DejaVu Sans Mono" /* what fontconfig's "Monospace", Manim's, is on Debian */
#define CODE_NUMBER_BUFF 0.25f      /* Manim's next_to buff (DEFAULT_MOBJECT_TO_MOBJECT_BUFFER) */
#define CODE_DOT_RADIUS 0.1f
#define CODE_DOT_GAP 0.1f

/* Children of a code object's mobject (its parts). */
enum { CODE_BACKGROUND, CODE_HIGHLIGHTS, CODE_NUMBERS, CODE_LINES, CODE_CHILDREN };

static lr_status code_context(bctx *c, lr_code_context **out)
{
    if (!c->spec->res->code) {
        lr_error e = {0};
        lr_code_config cfg = lr_code_config_default();
        if (lr_code_context_create(&c->spec->res->own_code, &cfg, &e) != LR_OK)
            return build_fail(c, "code", e.status ? e.status : LR_ERR_NOMEM, e.message);
        c->spec->res->code = c->spec->res->own_code;
        c->spec->res->release = build_release;
    }
    *out = c->spec->res->code;
    return LR_OK;
}

/* A number of a V_STRUCT field (background_config.buff), or `fallback`. */
static double sub_num(const cJSON *o, const char *sub, const char *key, double fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, sub), key);
    return cJSON_IsNumber(v) ? v->valuedouble : fallback;
}

typedef struct code_layout {
    lr_text_context *text;
    lr_text_style style;
    float pitch;          /* baseline to baseline */
    float top, bottom;    /* above and below a baseline: Manim's "pA" and digits */
    float suffix_left;    /* from a line's pen end to where Manim's " pA1" starts its ink */
} code_layout;

/* `utf8` set with its baseline starting at (x, y), or right-aligned on
 * `right` when `right_align`. */
static lr_status set_line(bctx *c, code_layout *L, const char *utf8, const lr_text_span *spans, size_t nspans,
                          lr_color color, float x, float y, bool right_align, float *pen_end, lr_mobject **out)
{
    lr_text_style st = L->style;
    st.spans = spans;
    st.nspans = nspans;
    st.color = color;
    lr_text_placement where;
    lr_error e = {0};
    if (lr_text_create_placed(L->text, utf8, &st, out, &where, &e) != LR_OK)
        return build_fail(c, "code", e.status ? e.status : LR_ERR_FONT, e.message);
    float dx = x - where.origin.x;
    if (right_align) {
        lr_rect r = lr_mobject_bounds(*out);
        dx = x - (lr_rect_is_empty(r) ? where.pen_end : r.x1);
    }
    lr_mobject_set_transform(*out, lr_affine_translate(dx, y - where.origin.y));
    if (pen_end)
        *pen_end = where.pen_end + dx;
    return LR_OK;
}

/* The ink of `utf8` about its baseline start (a reference for the box). */
static lr_status measure(bctx *c, code_layout *L, const char *utf8, lr_rect *ink)
{
    lr_mobject *m = NULL;
    lr_status s = set_line(c, L, utf8, NULL, 0, lr_rgba(1, 1, 1, 1), 0, 0, false, NULL, &m);
    if (s == LR_OK)
        *ink = lr_mobject_bounds(m);
    lr_mobject_destroy(m);
    return s;
}

static lr_status add(bctx *c, lr_mobject *group, lr_mobject *child)
{
    if (child && lr_mobject_add_child(group, child) == LR_OK)
        return LR_OK;
    lr_mobject_destroy(child);
    return build_fail(c, "code", LR_ERR_NOMEM, "out of memory");
}

static lr_status path_failed(bctx *c, lr_path *p, lr_status s)
{
    lr_path_free(p);
    return build_fail(c, "code", s, "could not build its background");
}

static lr_status add_shape(bctx *c, lr_mobject *group, lr_path *p, lr_style st)
{
    lr_mobject *m = lr_mobject_create_path(p, st);
    lr_path_free(p);
    return add(c, group, m);
}

/* The code's lines, each a group of its glyphs in their tokens' colours,
 * line k's baseline at y = -k * pitch from x = 0. */
static lr_status set_code(bctx *c, code_layout *L, const lr_code_highlighted *h, lr_mobject *lines,
                          float *first_end, float *last_end)
{
    lr_text_span *spans = malloc((h->nspans ? h->nspans : 1) * sizeof *spans);
    char *buf = malloc(h->len + 1);
    lr_status s = spans && buf ? LR_OK : build_fail(c, "code", LR_ERR_NOMEM, "out of memory");
    size_t k = 0, next_span = 0;
    for (size_t a = 0; s == LR_OK && a <= h->len; k++) {
        size_t b = a;
        while (b < h->len && h->text[b] != '\n')
            b++;
        memcpy(buf, h->text + a, b - a);
        buf[b - a] = '\0';
        size_t n = 0;
        while (next_span < h->nspans && h->spans[next_span].start + h->spans[next_span].len <= a)
            next_span++;
        for (size_t i = next_span; i < h->nspans && h->spans[i].start < b; i++) {
            size_t s0 = h->spans[i].start > a ? h->spans[i].start : a;
            size_t s1 = h->spans[i].start + h->spans[i].len < b ? h->spans[i].start + h->spans[i].len : b;
            if (s1 > s0)
                spans[n++] = (lr_text_span){NULL, s0 - a, s1 - a, h->spans[i].color};
        }
        lr_mobject *line = NULL;
        float end = 0;
        s = set_line(c, L, buf, spans, n, h->palette.foreground, 0, -(float)k * L->pitch, false, &end, &line);
        if (s == LR_OK)
            s = add(c, lines, line);
        if (k == 0)
            *first_end = end;
        *last_end = end;
        a = b + 1;
    }
    free(spans);
    free(buf);
    return s;
}

/* Manim's background: a SurroundingRectangle of the code and the window's
 * dots, `buff` out; the dots (#ff5f56, #ffbd2e, #27c93f, radius 0.1, 0.1
 * apart) above the code's top left, moved 0.1 up and left once the
 * rectangle is made. Returns the rectangle's box. */
static lr_status set_background(bctx *c, const cJSON *o, const lr_code_highlighted *h, lr_rect box, bool window,
                                lr_mobject *bg, lr_rect *out)
{
    float buff = (float)sub_num(o, "background_config", "buff", 0.3);
    lr_rect r = box;
    float dots_left = box.x0 - 0.1f, dots_bottom = box.y1 + CODE_DOT_GAP;
    if (window) {
        float dots_right = dots_left + 6 * CODE_DOT_RADIUS;
        r = lr_rect_union(r, (lr_rect){dots_left, dots_bottom, dots_right, dots_bottom + 2 * CODE_DOT_RADIUS});
    }
    r = (lr_rect){r.x0 - buff, r.y0 - buff, r.x1 + buff, r.y1 + buff};
    *out = r;
    const cJSON *conf = cJSON_GetObjectItemCaseSensitive(o, "background_config");
    lr_style st = lr_style_default();
    st.fill = h->palette.background;
    color_of(conf, "fill_color", &st.fill);
    st.fill.a = (float)sub_num(o, "background_config", "fill_opacity", 1);
    st.stroke = lr_rgba(1, 1, 1, 1);
    color_of(conf, "stroke_color", &st.stroke);
    st.stroke_width = (float)(sub_num(o, "background_config", "stroke_width", 1) / 100.0);
    if (st.stroke_width <= 0)
        st.stroke.a = 0;
    st.join = LR_JOIN_ROUND;
    lr_path p = {0};
    float radius = fminf((float)sub_num(o, "background_config", "corner_radius", 0.2),
                         0.5f * fminf(r.x1 - r.x0, r.y1 - r.y0));
    lr_status s = lr_path_add_rounded_rect(&p, rect_center(r), r.x1 - r.x0, r.y1 - r.y0, radius);
    s = s == LR_OK ? add_shape(c, bg, &p, st) : path_failed(c, &p, s);
    static const char *const dot_colors[] = {"#ff5f56", "#ffbd2e", "#27c93f"};
    for (int i = 0; window && s == LR_OK && i < 3; i++) {
        lr_style ds = lr_style_default();
        lr_color_parse(dot_colors[i], &ds.fill);
        ds.stroke.a = 0;
        ds.stroke_width = 0;
        lr_vec2 at = {dots_left - 0.1f + CODE_DOT_RADIUS + (float)i * (2 * CODE_DOT_RADIUS + CODE_DOT_GAP),
                      dots_bottom + 0.1f + CODE_DOT_RADIUS};
        lr_path d = {0};
        s = lr_path_add_circle(&d, at, CODE_DOT_RADIUS);
        s = s == LR_OK ? add_shape(c, bg, &d, ds) : path_failed(c, &d, s);
    }
    return s;
}

lr_status build_code(bctx *c, const cJSON *o, bobj *b, lr_mobject **out)
{
    lr_code_context *cc = NULL;
    lr_status s = code_context(c, &cc);
    if (s != LR_OK)
        return s;
    if ((s = build_ensure_text(c)) != LR_OK)
        return s;
    lr_code_highlighted h;
    lr_error e = {0};
    const char *style = str_or(o, "formatter_style", LR_CODE_DEFAULT_STYLE);
    if (lr_code_highlight(cc, str_or(o, "code", ""), str_or(o, "language", ""), style,
                          (int)build_num(c, o, "tab_width", 4), &h, &e) != LR_OK)
        return build_fail(c, "code", e.status ? e.status : LR_ERR_IO, e.message);

    code_layout L = {0};
    L.text = c->spec->res->text;
    L.style = lr_text_style_default();
    L.style.family = str_or(cJSON_GetObjectItemCaseSensitive(o, "paragraph_config"), "font", CODE_FONT);
    L.style.font_size = (float)sub_num(o, "paragraph_config", "font_size", 24);
    float em = L.style.font_size / 96.0f;
    L.pitch = 0.75f * (1.0f + (float)sub_num(o, "paragraph_config", "line_spacing", 0.5)) * em;
    int from = (int)build_num(c, o, "line_numbers_from", 1);
    bool numbers = bool_or(o, "add_line_numbers", true);
    bool window = strcmp(str_or(o, "background", "rectangle"), "window") == 0;

    /* Manim normalises the code's height with " pA" and the first line's
     * number set after the first and last lines: the box reaches from the
     * p's descender below the last baseline to the tallest of A and the
     * digits above the first, and (as that suffix is squeezed to nothing at
     * its left) to where it would start after the shorter of the two. */
    char suffix[32];
    snprintf(suffix, sizeof suffix, " pA%d", from);
    lr_rect ref = lr_rect_empty();
    s = measure(c, &L, suffix, &ref);
    L.top = ref.y1;
    L.bottom = ref.y0;
    L.suffix_left = ref.x0;

    lr_mobject *m = lr_mobject_create_group();
    lr_mobject *parts[CODE_CHILDREN] = {0};
    for (int i = 0; i < CODE_CHILDREN && s == LR_OK; i++)
        if (!m || !(parts[i] = lr_mobject_create_group()) || lr_mobject_add_child(m, parts[i]) != LR_OK) {
            lr_mobject_destroy(parts[i]);
            s = build_fail(c, "code", LR_ERR_NOMEM, "out of memory");
        }
    float first_end = 0, last_end = 0;
    if (s == LR_OK)
        s = set_code(c, &L, &h, parts[CODE_LINES], &first_end, &last_end);
    size_t nlines = parts[CODE_LINES] ? parts[CODE_LINES]->nchildren : 0;
    lr_rect code_ink = s == LR_OK ? lr_mobject_bounds(parts[CODE_LINES]) : lr_rect_empty();
    float left = lr_rect_is_empty(code_ink) ? 0 : code_ink.x0;
    for (size_t k = 0; numbers && s == LR_OK && k < nlines; k++) {
        char digits[24];
        snprintf(digits, sizeof digits, "%lld", (long long)from + (long long)k);
        lr_mobject *num = NULL;
        s = set_line(c, &L, digits, NULL, 0, h.palette.line_number, left - CODE_NUMBER_BUFF, -(float)k * L.pitch,
                     true, NULL, &num);
        if (s == LR_OK)
            s = add(c, parts[CODE_NUMBERS], num);
    }
    lr_rect box = lr_rect_empty();
    if (s == LR_OK) {
        box = lr_rect_union(lr_mobject_bounds(parts[CODE_LINES]), lr_mobject_bounds(parts[CODE_NUMBERS]));
        float align_x = fminf(first_end, last_end) + L.suffix_left;
        float y_top = L.top, y_bottom = -(float)(nlines - 1) * L.pitch + L.bottom;
        box = lr_rect_union(box, (lr_rect){align_x, y_bottom, align_x, y_top});
    }
    lr_rect bg = box;
    if (s == LR_OK)
        s = set_background(c, o, &h, box, window, parts[CODE_BACKGROUND], &bg);

    /* Bands behind highlighted lines: a baseline pitch high, centred on the
     * line's A-to-p extent, across the background inside its outline. */
    const cJSON *hl = cJSON_GetObjectItemCaseSensitive(o, "highlight_lines");
    lr_style band = lr_style_default();
    band.fill = h.palette.highlight;
    color_of(o, "highlight_color", &band.fill);
    band.fill.a = (float)build_num(c, o, "highlight_opacity", 1);
    band.stroke.a = 0;
    band.stroke_width = 0;
    float inset = (float)(sub_num(o, "background_config", "stroke_width", 1) / 100.0);
    for (const cJSON *e2 = hl ? hl->child : NULL; s == LR_OK && e2; e2 = e2->next) {
        int line = e2->valueint - 1;
        if (line < 0 || (size_t)line >= nlines)
            continue;
        float mid = -(float)line * L.pitch + 0.5f * (L.top + L.bottom);
        lr_path p = {0};
        s = lr_path_add_rect(&p, (lr_vec2){0.5f * (bg.x0 + bg.x1), mid}, bg.x1 - bg.x0 - 2 * inset, L.pitch);
        s = s == LR_OK ? add_shape(c, parts[CODE_HIGHLIGHTS], &p, band) : path_failed(c, &p, s);
    }
    lr_code_highlighted_free(&h);
    if (s != LR_OK) {
        lr_mobject_destroy(m);
        return s;
    }
    /* Centred on its bounding box, as every built object. */
    lr_rect all = lr_mobject_bounds(m);
    if (!lr_rect_is_empty(all))
        lr_mobject_set_transform(m, lr_affine_translate(-0.5f * (all.x0 + all.x1), -0.5f * (all.y0 + all.y1)));
    b->rows = (int)nlines;
    *out = m;
    return LR_OK;
}

size_t build_code_parts(lr_mobject *shape, const vocab_part_ref *pr, lr_mobject **out, size_t cap)
{
    if (cap == 0 || shape->nchildren != CODE_CHILDREN)
        return 0;
    static const struct {
        const char *name;
        int child;
    } whole[] = {{"background", CODE_BACKGROUND},
                 {"highlights", CODE_HIGHLIGHTS},
                 {"line_numbers", CODE_NUMBERS},
                 {"code_lines", CODE_LINES}};
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        if (strcmp(pr->name, whole[i].name) == 0) {
            out[0] = shape->children[whole[i].child];
            return 1;
        }
    lr_mobject *group = shape->children[strcmp(pr->name, "line_number") == 0 ? CODE_NUMBERS : CODE_LINES];
    if (pr->nargs != 1 || pr->args[0] < 0 || (size_t)pr->args[0] >= group->nchildren)
        return 0;
    out[0] = group->children[pr->args[0]];
    return 1;
}
