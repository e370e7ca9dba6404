/* Text: wrapping to a width (at spaces, between CJK characters, never
 * before closing punctuation), alignment and spacing of wrapped lines, and
 * synthetic bold for a family without a bold face, measured by ink area. */
#include "text_check.h"

#include <stdlib.h>
#include <string.h>

static lr_text_context *ctx;

static bool is_space_at(const char *s, uint32_t cluster)
{
    return s[cluster] == ' ';
}

typedef struct line_span {
    float x0, x1; /* pen extent without trailing spaces */
    float y;      /* baseline */
    size_t first; /* first glyph */
    int count;
} line_span;

/* The extent of each line, from the glyphs' pens. */
static int line_spans(const char *s, const lr_text_glyph *g, size_t n, line_span *out, int max)
{
    int nl = 0;
    for (size_t i = 0; i < n; i++) {
        int l = (int)g[i].line;
        if (l >= max)
            return -1;
        while (nl <= l) {
            out[nl] = (line_span){INFINITY, -INFINITY, NAN, 0, 0};
            nl++;
        }
        line_span *sp = &out[l];
        if (sp->count == 0) {
            sp->first = i;
            sp->y = g[i].origin.y;
        }
        sp->count++;
        if (!is_space_at(s, g[i].cluster)) {
            sp->x0 = fminf(sp->x0, g[i].origin.x);
            sp->x1 = fmaxf(sp->x1, g[i].origin.x + g[i].advance);
        }
    }
    return nl;
}

static void test_wrap_words(void)
{
    const char *text = "the quick brown fox jumps over the lazy dog and keeps running far away";
    lr_text_style st = lr_text_style_default();
    lr_text_glyph *g = NULL;
    size_t n = text_check_shape(ctx, text, &st, &g);
    /* one line unwrapped: how wide it is */
    float full = n ? g[n - 1].origin.x + g[n - 1].advance : 0;
    free(g);
    LRT_CHECK(full > 6.0f);

    float width = 3.0f;
    st.max_width = width;
    n = text_check_shape(ctx, text, &st, &g);
    line_span ls[32];
    int nl = line_spans(text, g, n, ls, 32);
    LRT_CHECK_MSG(nl >= (int)ceilf(full / width) && nl <= (int)ceilf(full / width) + 2, "%d lines for %g / %g", nl,
                  (double)full, (double)width);
    float step = 0;
    for (int l = 0; l < nl; l++) {
        /* fits, starts at the left edge, breaks at a word boundary */
        LRT_CHECK_MSG(ls[l].x1 - ls[l].x0 <= width + 1e-4f, "line %d is %g wide", l, (double)(ls[l].x1 - ls[l].x0));
        LRT_CHECK_NEAR(ls[l].x0, 0.0, 1e-4);
        if (l > 0) {
            uint32_t c = g[ls[l].first].cluster;
            LRT_CHECK_MSG(c > 0 && text[c - 1] == ' ' && text[c] != ' ', "line %d starts inside a word at %u", l, c);
            /* greedy: the first word of this line did not fit on the one before */
            const char *w = text + c;
            size_t wl = strcspn(w, " ");
            float word_end = 0;
            for (size_t i = ls[l].first; i < n && g[i].cluster < c + wl; i++)
                word_end = g[i].origin.x + g[i].advance;
            float space = g[ls[l].first - 1].advance; /* the space before it */
            LRT_CHECK_MSG((ls[l - 1].x1 - ls[l - 1].x0) + space + word_end > width, "line %d: \"%.*s\" would fit above",
                          l, (int)wl, w);
            if (l == 1)
                step = ls[0].y - ls[1].y;
            else
                LRT_CHECK_NEAR(ls[l - 1].y - ls[l].y, step, 1e-5);
        }
    }
    free(g);

    /* the wrapped lines are as far apart as lines broken by '\n' */
    lr_text_style plain = lr_text_style_default();
    n = text_check_shape(ctx, "the\nquick", &plain, &g);
    float nl_step = n ? g[0].origin.y - g[n - 1].origin.y : 0;
    free(g);
    LRT_CHECK_NEAR(step, nl_step, 1e-5);
    LRT_CHECK(step > 0.4f);

    /* line_spacing scales the step of wrapped lines too */
    st.line_spacing = 1.5f;
    n = text_check_shape(ctx, text, &st, &g);
    nl = line_spans(text, g, n, ls, 32);
    LRT_CHECK(nl >= 2 && fabsf((ls[0].y - ls[1].y) - 1.5f * step) < 1e-4f);
    free(g);

    /* centred and right-aligned lines are aligned each on its own width */
    st.line_spacing = 1;
    for (int a = 1; a <= 2; a++) {
        st.align = (lr_text_align)a;
        n = text_check_shape(ctx, text, &st, &g);
        nl = line_spans(text, g, n, ls, 32);
        LRT_CHECK(nl >= 3);
        for (int l = 0; l < nl; l++) {
            if (a == LR_TEXT_ALIGN_CENTER)
                LRT_CHECK_NEAR(ls[l].x0 + ls[l].x1, 0.0, 1e-4);
            else
                LRT_CHECK_NEAR(ls[l].x1, 0.0, 1e-4);
        }
        free(g);
    }

    /* an explicit break still breaks, and each part wraps on its own */
    st.align = LR_TEXT_ALIGN_LEFT;
    n = text_check_shape(ctx, "short\nthe quick brown fox jumps over the lazy dog", &st, &g);
    nl = line_spans("short\nthe quick brown fox jumps over the lazy dog", g, n, ls, 32);
    LRT_CHECK(nl >= 3 && ls[0].count == 5);
    free(g);

    /* a word longer than the width stays whole, on its own line */
    st.max_width = 0.5f;
    n = text_check_shape(ctx, "incomprehensibilities", &st, &g);
    nl = line_spans("incomprehensibilities", g, n, ls, 32);
    LRT_CHECK(nl == 1 && ls[0].x1 - ls[0].x0 > 0.5f);
    free(g);
    n = text_check_shape(ctx, "a incomprehensibilities b", &st, &g);
    nl = line_spans("a incomprehensibilities b", g, n, ls, 32);
    LRT_CHECK_MSG(nl == 3 && ls[1].count == 22, "%d lines", nl);
    free(g);

    /* the mobject is as wide as its widest line, inked */
    st.max_width = 2.5f;
    lr_mobject *m = text_check_create(ctx, text, &st);
    if (m) {
        lr_rect b = lr_mobject_bounds(m);
        LRT_CHECK_MSG(b.x1 - b.x0 <= 2.5f + 0.05f && b.x1 - b.x0 > 1.5f, "width %g", (double)(b.x1 - b.x0));
        LRT_CHECK(b.y1 - b.y0 > 3 * step);
    }
    lr_mobject_destroy(m);

    st.max_width = -1;
    lr_error err = {0};
    LRT_CHECK_STATUS(lr_text_shape(ctx, text, &st, &g, &n, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "max_width") != NULL);
    st.max_width = NAN;
    LRT_CHECK_STATUS(lr_text_create(ctx, text, &st, &m, &err), LR_ERR_INVALID_ARG);
}

/* Chinese has no spaces: lines break between characters, but never put
 * a comma or full stop at the start of a line. */
static void test_wrap_cjk(void)
{
    const char *text = "直角三角形的两条直角边的平方和，等于斜边的平方。这就是勾股定理，也叫毕达哥拉斯定理。";
    lr_text_style st = lr_text_style_default();
    lr_text_glyph *g = NULL;
    size_t n = text_check_shape(ctx, text, &st, &g);
    float full = n ? g[n - 1].origin.x + g[n - 1].advance : 0;
    free(g);
    for (float width = 1.0f; width <= 4.0f; width += 0.37f) {
        st.max_width = width;
        n = text_check_shape(ctx, text, &st, &g);
        line_span ls[64];
        int nl = line_spans(text, g, n, ls, 64);
        LRT_CHECK_MSG(nl >= (int)ceilf(full / width), "%d lines at width %g", nl, (double)width);
        int prev_line = -1;
        for (size_t i = 0; i < n; i++) {
            if ((int)g[i].line == prev_line)
                continue;
            prev_line = (int)g[i].line;
            const char *at = text + g[i].cluster;
            LRT_CHECK_MSG(strncmp(at, "，", strlen("，")) != 0 && strncmp(at, "。", strlen("。")) != 0,
                          "line %u starts with punctuation at width %g", g[i].line, (double)width);
        }
        for (int l = 0; l < nl; l++) {
            /* a line may pass the width only by the punctuation kept on it */
            LRT_CHECK_MSG(ls[l].x1 - ls[l].x0 <= width + 0.55f, "line %d is %g wide at %g", l,
                          (double)(ls[l].x1 - ls[l].x0), (double)width);
        }
        free(g);
    }
}

/* |signed area| summed over the glyph paths: the ink of the text. */
static double ink(const lr_mobject *m)
{
    double a = 0;
    for (size_t i = 0; i < lr_mobject_child_count(m); i++)
        a += fabs(lr_path_signed_area(lr_mobject_path_const(lr_mobject_child((lr_mobject *)m, i))));
    return a;
}

static void test_synthetic_bold(void)
{
    const char *text = "lil 中文 Hi";
    lr_text_style regular = lr_text_style_default(), bold = regular, italic = regular;
    regular.family = bold.family = italic.family = "WenQuanYi Micro Hei";
    bold.bold = true;
    italic.italic = true;
    lr_text_glyph *g = NULL;
    size_t n = text_check_shape(ctx, "l", &bold, &g);
    /* the family has no bold face: its regular face is emboldened */
    LRT_CHECK(n == 1 && strstr(lr_text_context_font_name(ctx, g[0].font), "WenQuanYi") != NULL);
    free(g);

    lr_mobject *r = text_check_create(ctx, text, &regular), *b = text_check_create(ctx, text, &bold);
    lr_mobject *i = text_check_create(ctx, text, &italic);
    lr_mobject *r2 = text_check_create(ctx, text, &regular); /* after bold: the cache keeps them apart */
    if (r && b && i && r2) {
        double ir = ink(r), ib = ink(b), ii = ink(i);
        LRT_CHECK_MSG(ib > ir * 1.15, "bold ink %g, regular %g", ib, ir);
        LRT_CHECK_NEAR(ink(r2), ir, ir * 1e-6);
        /* a shear keeps the area; the slant shows in the bounds */
        LRT_CHECK_NEAR(ii, ir, ir * 1e-3);
        lr_rect br = lr_mobject_bounds(r), bi = lr_mobject_bounds(i), bb = lr_mobject_bounds(b);
        LRT_CHECK(bi.x1 - bi.x0 > br.x1 - br.x0 + 0.02f);
        /* bold advances grow with the outlines: 11 glyphs of em / 24 */
        float em = 48.0f / 96.0f;
        LRT_CHECK_MSG(bb.x1 - bb.x0 > br.x1 - br.x0 + 8 * em / 24, "bold %g, regular %g", (double)(bb.x1 - bb.x0),
                      (double)(br.x1 - br.x0));
        /* bold and italic together: emboldened and slanted */
        lr_text_style both = bold;
        both.italic = true;
        lr_mobject *bi2 = text_check_create(ctx, text, &both);
        if (bi2) {
            LRT_CHECK_NEAR(ink(bi2), ib, ib * 1e-3);
            lr_rect rb = lr_mobject_bounds(bi2);
            LRT_CHECK(rb.x1 - rb.x0 > bb.x1 - bb.x0 + 0.02f);
        }
        lr_mobject_destroy(bi2);
    }
    lr_mobject_destroy(r);
    lr_mobject_destroy(b);
    lr_mobject_destroy(i);
    lr_mobject_destroy(r2);

    /* a family with a real bold face uses it: heavier too, not faked */
    lr_text_style dr = lr_text_style_default(), db = dr;
    db.bold = true;
    lr_mobject *mr = text_check_create(ctx, "lil Hi", &dr), *mb = text_check_create(ctx, "lil Hi", &db);
    if (mr && mb)
        LRT_CHECK_MSG(ink(mb) > ink(mr) * 1.15, "DejaVu bold %g, regular %g", ink(mb), ink(mr));
    lr_mobject_destroy(mr);
    lr_mobject_destroy(mb);
}

int main(void)
{
    lr_error err;
    LRT_CHECK_OK(lr_text_context_create(&ctx, &err));
    if (!ctx)
        return lrt_finish("text_wrap");
    test_wrap_words();
    test_wrap_cjk();
    test_synthetic_bold();
    lr_text_context_destroy(ctx);
    return lrt_finish("text_wrap");
}
