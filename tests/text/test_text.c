/* Text: shaping (ligatures, kerning, fallback for CJK), sizes, multi-line
 * alignment, colours per substring, styles, and the outline cache. */
#include "text_check.h"

#include <stdlib.h>
#include <string.h>

static lr_text_context *ctx;

static void test_latin(void)
{
    lr_text_style st = lr_text_style_default();
    lr_mobject *m = text_check_create(ctx, "Hello", &st);
    if (!m)
        return;
    LRT_CHECK(lr_mobject_get_kind(m) == LR_MOBJECT_GROUP);
    LRT_CHECK(lr_mobject_child_count(m) == 5);
    lr_rect b = lr_mobject_bounds(m);
    float w = b.x1 - b.x0, h = b.y1 - b.y0;
    /* centred on the origin */
    LRT_CHECK_NEAR(b.x0 + b.x1, 0.0, 1e-4);
    LRT_CHECK_NEAR(b.y0 + b.y1, 0.0, 1e-4);
    /* DejaVu Sans at em 0.5: 'l' is 0.76 em high, "Hello" advances 2.53 em */
    LRT_CHECK_MSG(h > 0.36f && h < 0.40f, "height %g", (double)h);
    LRT_CHECK_MSG(w > 1.15f && w < 1.27f, "width %g", (double)w);
    for (size_t i = 0; i < lr_mobject_child_count(m); i++) {
        lr_mobject *c = lr_mobject_child(m, i);
        LRT_CHECK(lr_mobject_get_kind(c) == LR_MOBJECT_PATH);
        LRT_CHECK(lr_mobject_get_id(c) == NULL);
        lr_style s = lr_mobject_get_style(c);
        LRT_CHECK(s.fill.r == 1 && s.fill.g == 1 && s.fill.b == 1 && s.fill.a == 1);
        LRT_CHECK(s.stroke.a == 0 || s.stroke_width == 0);
        LRT_CHECK(lr_path_curve_count(lr_mobject_path_const(c)) > 0);
    }
    /* reading order: each glyph starts right of the one before */
    for (size_t i = 1; i < lr_mobject_child_count(m); i++)
        LRT_CHECK(lr_mobject_bounds(lr_mobject_child(m, i)).x0 > lr_mobject_bounds(lr_mobject_child(m, i - 1)).x0);
    /* The capital H: 0.729 em (1493/2048) of 0.5 units. */
    lr_rect hb = lr_mobject_bounds(lr_mobject_child(m, 0));
    LRT_CHECK_NEAR(hb.y1 - hb.y0, 0.5 * 1493.0 / 2048.0, 1e-3);
    lr_mobject_destroy(m);

    /* font_size scales linearly; spaces make no child */
    st.font_size = 96;
    m = text_check_create(ctx, "Hello world", &st);
    if (m) {
        LRT_CHECK(lr_mobject_child_count(m) == 10);
        lr_rect b2 = lr_mobject_bounds(lr_mobject_child(m, 0));
        LRT_CHECK_NEAR(b2.y1 - b2.y0, 1493.0 / 2048.0, 1e-3);
        lr_mobject_destroy(m);
    }
}

static void test_ligature_and_kerning(void)
{
    lr_text_style st = lr_text_style_default();
    lr_text_glyph *g = NULL;
    size_t n = text_check_shape(ctx, "fi", &st, &g);
    LRT_CHECK_MSG(n == 1, "\"fi\" shaped into %zu glyphs (expected the ligature)", n);
    free(g);

    lr_text_glyph *av = NULL, *aa = NULL;
    size_t nav = text_check_shape(ctx, "AV", &st, &av), naa = text_check_shape(ctx, "AA", &st, &aa);
    LRT_CHECK(nav == 2 && naa == 2);
    if (nav == 2 && naa == 2) {
        LRT_CHECK_MSG(av[0].advance < aa[0].advance - 0.005f, "A before V advances %g, before A %g",
                      (double)av[0].advance, (double)aa[0].advance);
        LRT_CHECK(av[1].origin.x < aa[1].origin.x);
    }
    free(av);
    free(aa);

    /* a combining accent stays with its base and is not a missing glyph */
    n = text_check_shape(ctx, "e\xcc\x81", &st, &g);
    LRT_CHECK(n >= 1 && n <= 2);
    for (size_t i = 0; i < n; i++)
        LRT_CHECK(g[i].glyph_id != 0);
    free(g);
}

static void test_cjk_fallback(void)
{
    lr_text_style st = lr_text_style_default();
    lr_text_glyph *g = NULL;
    const char *s = "A\xe5\x8b\xbe\xe8\x82\xa1\xe5\xae\x9a\xe7\x90\x86"; /* "A勾股定理" */
    size_t n = text_check_shape(ctx, s, &st, &g);
    LRT_CHECK(n == 5);
    if (n == 5) {
        for (size_t i = 0; i < n; i++)
            LRT_CHECK_MSG(g[i].glyph_id != 0, "glyph %zu is .notdef", i);
        const char *latin = lr_text_context_font_name(ctx, g[0].font);
        const char *han = lr_text_context_font_name(ctx, g[1].font);
        LRT_CHECK(latin && strstr(latin, "DejaVu Sans") != NULL);
        LRT_CHECK_MSG(han && (strstr(han, "WenQuanYi") || strstr(han, "Noto") || strstr(han, "CJK")),
                      "fallback font %s", han ? han : "(none)");
        LRT_CHECK(g[1].font != g[0].font);
        for (size_t i = 2; i < n; i++)
            LRT_CHECK(g[i].font == g[1].font);
        /* clusters are byte offsets of the characters */
        LRT_CHECK(g[1].cluster == 1 && g[2].cluster == 4 && g[4].cluster == 10);
    }
    free(g);
    lr_mobject *m = text_check_create(ctx, s, &st);
    if (m) {
        LRT_CHECK(lr_mobject_child_count(m) == 5);
        lr_rect b = lr_mobject_bounds(lr_mobject_child(m, 2));
        LRT_CHECK(b.x1 - b.x0 > 0.3f && b.y1 - b.y0 > 0.3f); /* a full-width Han glyph at em 0.5 */
        lr_mobject_destroy(m);
    }
}

static void test_lines_and_alignment(void)
{
    lr_text_style st = lr_text_style_default();
    const char *s = "ab\nlonger line\nx";
    for (int a = 0; a < 3; a++) {
        st.align = (lr_text_align)a;
        lr_text_glyph *g = NULL;
        size_t n = text_check_shape(ctx, s, &st, &g);
        LRT_CHECK(n == 2 + 11 + 1);
        if (n != 14) {
            free(g);
            continue;
        }
        /* per line: left edge, right edge of the pen */
        float left[3] = {1e9f, 1e9f, 1e9f}, right[3] = {-1e9f, -1e9f, -1e9f}, base[3] = {0, 0, 0};
        for (size_t i = 0; i < n; i++) {
            uint32_t l = g[i].line;
            LRT_CHECK(l < 3);
            if (l >= 3)
                continue;
            left[l] = fminf(left[l], g[i].origin.x);
            right[l] = fmaxf(right[l], g[i].origin.x + g[i].advance);
            base[l] = g[i].origin.y;
        }
        for (int l = 0; l < 3; l++) {
            if (a == LR_TEXT_ALIGN_LEFT)
                LRT_CHECK_NEAR(left[l], 0.0, 1e-5);
            else if (a == LR_TEXT_ALIGN_RIGHT)
                LRT_CHECK_NEAR(right[l], 0.0, 1e-5);
            else
                LRT_CHECK_NEAR(left[l] + right[l], 0.0, 1e-5);
        }
        /* DejaVu Sans line height: (ascender - descender) = 2384/2048 em */
        LRT_CHECK_NEAR(base[0] - base[1], 0.5 * 2384.0 / 2048.0, 2e-3);
        LRT_CHECK_NEAR(base[1] - base[2], 0.5 * 2384.0 / 2048.0, 2e-3);
        free(g);
    }
    st.align = LR_TEXT_ALIGN_LEFT;
    st.line_spacing = 1.5f;
    lr_text_glyph *g = NULL;
    size_t n = text_check_shape(ctx, "a\nb", &st, &g);
    if (n == 2)
        LRT_CHECK_NEAR(g[0].origin.y - g[1].origin.y, 1.5 * 0.5 * 2384.0 / 2048.0, 2e-3);
    free(g);

    /* The built group: the lines stack downwards and the block is centred. */
    st.line_spacing = 1;
    st.align = LR_TEXT_ALIGN_CENTER;
    lr_mobject *m = text_check_create(ctx, "ab\nlonger line", &st);
    if (m) {
        lr_rect b = lr_mobject_bounds(m);
        LRT_CHECK_NEAR(b.x0 + b.x1, 0.0, 1e-4);
        LRT_CHECK_NEAR(b.y0 + b.y1, 0.0, 1e-4);
        lr_rect first = lr_mobject_bounds(lr_mobject_child(m, 0));
        lr_rect last = lr_mobject_bounds(lr_mobject_child(m, lr_mobject_child_count(m) - 1));
        LRT_CHECK(first.y0 > last.y1);
        lr_mobject_destroy(m);
    }
}

static void test_colors_and_styles(void)
{
    lr_text_style st = lr_text_style_default();
    lr_text_span spans[2] = {{"c^2", 0, 0, {1, 0, 0, 1}}, {NULL, 0, 1, {0, 1, 0, 1}}};
    st.spans = spans;
    st.nspans = 2;
    lr_mobject *m = text_check_create(ctx, "a^2+c^2", &st);
    if (m) {
        LRT_CHECK(lr_mobject_child_count(m) == 7);
        if (lr_mobject_child_count(m) == 7) {
            LRT_CHECK(lr_mobject_get_style(lr_mobject_child(m, 0)).fill.g == 1); /* bytes [0,1) green */
            LRT_CHECK(lr_mobject_get_style(lr_mobject_child(m, 0)).fill.r == 0);
            LRT_CHECK(lr_mobject_get_style(lr_mobject_child(m, 1)).fill.b == 1); /* default white */
            for (size_t i = 4; i < 7; i++)
                LRT_CHECK(lr_mobject_get_style(lr_mobject_child(m, i)).fill.g == 0);
        }
        lr_mobject_destroy(m);
    }

    lr_text_style plain = lr_text_style_default(), bold = plain, italic = plain;
    bold.bold = true;
    italic.italic = true;
    lr_text_glyph *g = NULL;
    size_t n = text_check_shape(ctx, "m", &bold, &g);
    LRT_CHECK(n == 1 && strstr(lr_text_context_font_name(ctx, g[0].font), "Bold") != NULL);
    free(g);
    n = text_check_shape(ctx, "m", &italic, &g);
    LRT_CHECK(n == 1 && strstr(lr_text_context_font_name(ctx, g[0].font), "Oblique") != NULL);
    free(g);
    plain.family = italic.family = "serif";
    n = text_check_shape(ctx, "m", &italic, &g);
    LRT_CHECK(n == 1 && strstr(lr_text_context_font_name(ctx, g[0].font), "DejaVu Serif Italic") != NULL);
    free(g);
    plain.family = "mono";
    n = text_check_shape(ctx, "m", &plain, &g);
    LRT_CHECK(n == 1 && strstr(lr_text_context_font_name(ctx, g[0].font), "Mono") != NULL);
    free(g);

    /* A family without an italic face is slanted synthetically: a vertical
     * stroke leans, so its ink gets wider. */
    lr_text_style r = lr_text_style_default(), i2 = r;
    r.family = i2.family = "WenQuanYi Micro Hei";
    i2.italic = true;
    lr_mobject *mr = text_check_create(ctx, "l", &r), *mi = text_check_create(ctx, "l", &i2);
    if (mr && mi) {
        lr_rect br = lr_mobject_bounds(mr), bi = lr_mobject_bounds(mi);
        LRT_CHECK_MSG((bi.x1 - bi.x0) > (br.x1 - br.x0) + 0.05f, "upright %g, slanted %g", (double)(br.x1 - br.x0),
                      (double)(bi.x1 - bi.x0));
    }
    lr_mobject_destroy(mr);
    lr_mobject_destroy(mi);
}

static void test_cache_and_errors(void)
{
    lr_text_context *c2 = NULL;
    lr_error err;
    LRT_CHECK_OK(lr_text_context_create(&c2, &err));
    if (!c2)
        return;
    lr_text_style st = lr_text_style_default();
    lr_mobject *m = NULL;
    LRT_CHECK_OK(lr_text_create(c2, "abcabc", &st, &m, &err));
    lr_mobject_destroy(m);
    lr_text_stats s = lr_text_context_stats(c2);
    LRT_CHECK(s.glyph_misses == 3 && s.glyph_hits == 3);
    st.font_size = 20; /* outlines are cached in font units: any size hits */
    LRT_CHECK_OK(lr_text_create(c2, "cab", &st, &m, &err));
    lr_mobject_destroy(m);
    s = lr_text_context_stats(c2);
    LRT_CHECK_MSG(s.glyph_misses == 3 && s.glyph_hits == 6, "hits %llu misses %llu", (unsigned long long)s.glyph_hits,
                  (unsigned long long)s.glyph_misses);
    LRT_CHECK(s.faces == 1);

    LRT_CHECK_STATUS(lr_text_create(c2, "bad \xff utf8", &st, &m, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "UTF-8") != NULL && m == NULL);
    st.font_size = 0;
    LRT_CHECK_STATUS(lr_text_create(c2, "x", &st, &m, &err), LR_ERR_INVALID_ARG);
    st = lr_text_style_default();
    LRT_CHECK_OK(lr_text_create(c2, "", &st, &m, &err));
    LRT_CHECK(m && lr_mobject_child_count(m) == 0);
    lr_mobject_destroy(m);
    lr_text_context_destroy(c2);
}

int main(void)
{
    lr_error err;
    LRT_CHECK_OK(lr_text_context_create(&ctx, &err));
    if (!ctx)
        return lrt_finish("text_layout");
    test_latin();
    test_ligature_and_kerning();
    test_cjk_fallback();
    test_lines_and_alignment();
    test_colors_and_styles();
    test_cache_and_errors();
    lr_text_context_destroy(ctx);
    return lrt_finish("text_layout");
}
