/* LaTeX: real formulas compile into plausible glyph groups, colours come
 * back, the disk cache spares TeX runs, and hostile formulas end in clear
 * errors (both at the filter and inside TeX's own sandbox). */
#include "lrtest.h"
#include "tex/tex_internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static lr_tex_context *ctx;

static void clear_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    char path[1400];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%.1000s/%.255s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static lr_mobject *tex(const char *src, const lr_tex_style *style)
{
    lr_mobject *m = NULL;
    lr_error err = {0};
    lr_status st = lr_tex_create(ctx, src, style, &m, &err);
    LRT_CHECK_MSG(st == LR_OK, "\"%s\": %s", src, err.message);
    return m;
}

static void test_formulas(void)
{
    static const struct {
        const char *src;
        size_t min_children, max_children;
        float min_h, max_h;
    } cases[] = {
        {"\\frac{a}{b}", 3, 3, 0.5f, 1.0f},                                   /* a, bar, b */
        {"\\sum_{i=1}^{n} i^2", 7, 7, 0.8f, 1.6f},                            /* sum i = 1 n i 2 */
        {"\\int_0^1 x\\,dx", 6, 6, 0.8f, 1.8f},                               /* int 0 1 x d x */
        {"\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}", 6, 10, 0.8f, 1.6f}, /* parens in pieces or not */
        {"\\sqrt{2}", 3, 3, 0.4f, 0.9f},                                      /* radical, rule, 2 */
        {"x", 1, 1, 0.18f, 0.25f},                                            /* x-height 4.3 pt */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lr_mobject *m = tex(cases[i].src, NULL);
        if (!m)
            continue;
        size_t n = lr_mobject_child_count(m);
        lr_rect b = lr_mobject_bounds(m);
        float h = b.y1 - b.y0;
        LRT_CHECK_MSG(n >= cases[i].min_children && n <= cases[i].max_children, "\"%s\": %zu glyphs", cases[i].src,
                      n);
        LRT_CHECK_MSG(h >= cases[i].min_h && h <= cases[i].max_h, "\"%s\": height %g", cases[i].src, (double)h);
        LRT_CHECK_NEAR(b.x0 + b.x1, 0.0, 1e-3);
        LRT_CHECK_NEAR(b.y0 + b.y1, 0.0, 1e-3);
        for (size_t k = 0; k < n; k++) {
            lr_style s = lr_mobject_get_style(lr_mobject_child(m, k));
            LRT_CHECK(s.fill.r == 1 && s.fill.g == 1 && s.fill.b == 1 && s.fill.a == 1);
        }
        lr_mobject_destroy(m);
    }

    /* font_size scales everything */
    lr_tex_style big = lr_tex_style_default();
    big.font_size = 96;
    lr_mobject *a = tex("x", NULL), *b = tex("x", &big);
    if (a && b)
        LRT_CHECK_NEAR((lr_mobject_bounds(b).y1 - lr_mobject_bounds(b).y0) /
                           (lr_mobject_bounds(a).y1 - lr_mobject_bounds(a).y0),
                       2.0, 1e-3);
    lr_mobject_destroy(a);
    lr_mobject_destroy(b);

    /* text mode */
    lr_tex_style text = lr_tex_style_default();
    text.mode = LR_TEX_TEXT;
    lr_mobject *t = tex("Area $x^2$", &text);
    if (t) {
        LRT_CHECK(lr_mobject_child_count(t) == 6);
        lr_mobject_destroy(t);
    }
}

static void test_colors(void)
{
    lr_tex_style st = lr_tex_style_default();
    lr_tex_color map[] = {{"c^2", {1, 0, 0, 1}}, {"+", {0, 0, 1, 1}}};
    st.colors = map;
    st.ncolors = 2;
    lr_mobject *m = tex("a^2 + b^2 = c^2", &st);
    if (!m)
        return;
    size_t n = lr_mobject_child_count(m);
    LRT_CHECK(n == 8);
    if (n == 8) {
        for (size_t i = 0; i < n; i++) {
            lr_color c = lr_mobject_get_style(lr_mobject_child(m, i)).fill;
            if (i >= 6)
                LRT_CHECK_MSG(c.r > 0.99f && c.g < 0.01f && c.b < 0.01f, "glyph %zu not red", i);
            else if (i == 2)
                LRT_CHECK_MSG(c.b > 0.99f && c.r < 0.01f, "plus not blue");
            else
                LRT_CHECK_MSG(c.r > 0.99f && c.g > 0.99f && c.b > 0.99f, "glyph %zu not white", i);
        }
        /* the coloured + keeps its binary-operator spacing: the gap before
         * it matches the gap after it */
        lr_rect a2 = lr_mobject_bounds(lr_mobject_child(m, 1));
        lr_rect plus = lr_mobject_bounds(lr_mobject_child(m, 2));
        lr_rect bb = lr_mobject_bounds(lr_mobject_child(m, 3));
        LRT_CHECK(plus.x0 - a2.x1 > 0.05f && bb.x0 - plus.x1 > 0.05f);
    }
    lr_mobject_destroy(m);

    /* A colour substring inside a control sequence's name is not coloured
     * there: "d" in \end{pmatrix} (it broke the document), "eta" in \beta
     * and \eta (it made TeX read \b). Only the matrix entry d is green. */
    lr_tex_color inside[] = {{"d", {0, 1, 0, 1}}, {"eta", {1, 0, 0, 1}}};
    st.colors = inside;
    st.ncolors = 2;
    m = tex("\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix} + \\beta + \\eta", &st);
    if (!m)
        return;
    size_t green = 0, red = 0;
    for (size_t i = 0; i < lr_mobject_child_count(m); i++) {
        lr_color c = lr_mobject_get_style(lr_mobject_child(m, i)).fill;
        green += c.g > 0.99f && c.r < 0.01f;
        red += c.r > 0.99f && c.g < 0.01f;
    }
    LRT_CHECK_MSG(green == 1 && red == 0, "%zu green and %zu red glyphs, expected 1 and 0", green, red);
    lr_mobject_destroy(m);
}

static void test_cache(const char *cache_dir)
{
    lr_tex_stats before = lr_tex_context_stats(ctx);
    lr_mobject *m = tex("e^{i\\pi} + 1 = 0", NULL);
    lr_tex_stats mid = lr_tex_context_stats(ctx);
    LRT_CHECK(mid.tex_runs == before.tex_runs + 1);
    lr_mobject *again = tex("e^{i\\pi} + 1 = 0", NULL);
    lr_tex_stats after = lr_tex_context_stats(ctx);
    LRT_CHECK_MSG(after.tex_runs == mid.tex_runs, "a cached formula started TeX");
    LRT_CHECK(after.cache_hits == mid.cache_hits + 1);
    if (m && again) {
        LRT_CHECK(lr_mobject_child_count(m) == lr_mobject_child_count(again));
        lr_rect a = lr_mobject_bounds(m), b = lr_mobject_bounds(again);
        LRT_CHECK_NEAR(a.x1 - a.x0, b.x1 - b.x0, 1e-6);
    }
    lr_mobject_destroy(m);
    lr_mobject_destroy(again);

    /* a new context on the same directory hits too; colour and size are
     * applied after the cache, so they do not miss */
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = cache_dir;
    lr_tex_context *c2 = NULL;
    lr_error err;
    LRT_CHECK_OK(lr_tex_context_create(&c2, &cfg, &err));
    if (c2) {
        lr_tex_style st = lr_tex_style_default();
        st.font_size = 30;
        st.color = lr_rgba(1, 1, 0, 1);
        lr_mobject *m2 = NULL;
        LRT_CHECK_OK(lr_tex_create(c2, "e^{i\\pi} + 1 = 0", &st, &m2, &err));
        lr_tex_stats s = lr_tex_context_stats(c2);
        LRT_CHECK(s.tex_runs == 0 && s.cache_hits == 1);
        if (m2 && lr_mobject_child_count(m2) > 0)
            LRT_CHECK(lr_mobject_get_style(lr_mobject_child(m2, 0)).fill.b == 0);
        lr_mobject_destroy(m2);
        lr_tex_context_destroy(c2);
    }

    /* the hash is FNV-1a 64: check a published test vector */
    LRT_CHECK(lr_tex_hash("a", 1, 0) == 0xaf63dc4c8601ec8cull);
}

static void expect_tex_error(const char *src, const char *needle, double max_s)
{
    lr_mobject *m = NULL;
    lr_error err = {0};
    double t0 = now_s();
    lr_status st = lr_tex_create(ctx, src, NULL, &m, &err);
    double dt = now_s() - t0;
    LRT_CHECK_MSG(st == LR_ERR_TEX, "\"%s\" gave %s", src, lr_strerror(st));
    LRT_CHECK(m == NULL);
    LRT_CHECK_MSG(strstr(err.message, needle) != NULL, "\"%s\": message \"%s\" lacks \"%s\"", src, err.message,
                  needle);
    LRT_CHECK_MSG(dt < max_s, "\"%s\" took %.1f s", src, dt);
    lr_mobject_destroy(m);
}

static void test_errors_and_sandbox(void)
{
    /* The formula filter. */
    unlink("/tmp/c2v-tex-pwned");
    expect_tex_error("\\write18{touch /tmp/c2v-tex-pwned}", "\\write", 1.0);
    expect_tex_error("\\immediate\\write18{touch /tmp/c2v-tex-pwned}", "\\immediate", 1.0);
    expect_tex_error("\\input{/etc/passwd}", "\\input", 1.0);
    expect_tex_error("\\csname input\\endcsname{/etc/passwd}", "\\csname", 1.0);
    expect_tex_error("^^5cinput{/etc/passwd}", "^^", 1.0);
    LRT_CHECK(access("/tmp/c2v-tex-pwned", F_OK) != 0);
    /* "\\" is a line break, not a backslash before "write" */
    lr_mobject *ok = tex("a \\\\ write", NULL);
    lr_mobject_destroy(ok);

    /* Definitions never pass the filter; an endless loop written without
     * it is stopped by the time limit (2 s in this test). */
    expect_tex_error("\\def\\x{\\x}\\x", "\\def is not allowed", 1.0);
    char *svg = NULL;
    size_t n = 0;
    lr_error err = {0};
    double t0 = now_s();
    lr_status st = lr_tex_compile_document(
        ctx, "\\documentclass{article}\\begin{document}\\def\\x{\\x}\\x\\end{document}\n", &svg, &n, &err);
    LRT_CHECK_MSG(st == LR_ERR_TEX && strstr(err.message, "did not finish"), "endless loop: %s", err.message);
    LRT_CHECK_MSG(now_s() - t0 < 6.0, "the endless loop took %.1f s", now_s() - t0);
    free(svg);
    svg = NULL;

    /* TeX's own error, short and exact. */
    lr_mobject *m = NULL;
    LRT_CHECK_STATUS(lr_tex_create(ctx, "\\frac{a}{b^c^d}", NULL, &m, &err), LR_ERR_TEX);
    LRT_CHECK_MSG(strstr(err.message, "! Double superscript.") == err.message, "message: %s", err.message);
    LRT_CHECK_MSG(strstr(err.message, "\nl.") != NULL && strstr(err.message, "b^c^") != NULL, "message: %s",
                  err.message);
    LRT_CHECK(strlen(err.message) < 400);
    printf("error for an invalid formula:\n%s\n", err.message);
    LRT_CHECK_STATUS(lr_tex_create(ctx, "\\frac{a}{b", NULL, &m, &err), LR_ERR_TEX);
    LRT_CHECK(err.message[0] == '!');

    /* Inside TeX, without the filter: shell escape is off, and paranoid
     * file access refuses absolute paths for reading and writing. */
    unlink("/tmp/c2v-tex-pwned");
    unlink("/tmp/c2v-tex-written.tex");
    st = lr_tex_compile_document(
        ctx,
        "\\documentclass{article}\\begin{document}\\immediate\\write18{touch /tmp/c2v-tex-pwned}x\\end{document}\n",
        &svg, &n, &err);
    LRT_CHECK(st == LR_ERR_TEX && strstr(err.message, "shell") != NULL);
    LRT_CHECK(access("/tmp/c2v-tex-pwned", F_OK) != 0);
    free(svg);
    svg = NULL;
    st = lr_tex_compile_document(ctx, "\\documentclass{article}\\begin{document}\\input{/etc/passwd}\\end{document}\n",
                                 &svg, &n, &err);
    LRT_CHECK_MSG(st == LR_ERR_TEX && err.message[0] == '!', "\\input inside TeX: %s", err.message);
    LRT_CHECK(strstr(err.message, "root:") == NULL);
    free(svg);
    svg = NULL;
    st = lr_tex_compile_document(ctx,
                                 "\\documentclass{article}\\begin{document}\\newwrite\\f"
                                 "\\immediate\\openout\\f=/tmp/c2v-tex-written.tex\\immediate\\write\\f{x}"
                                 "\\immediate\\closeout\\f x\\end{document}\n",
                                 &svg, &n, &err);
    LRT_CHECK_MSG(access("/tmp/c2v-tex-written.tex", F_OK) != 0, "TeX wrote outside its directory (%s)",
                  lr_strerror(st));
    free(svg);

    /* Without TeX installed, the error names the packages. */
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = "";
    cfg.latex = "c2v-no-such-latex";
    lr_tex_context *none = NULL;
    LRT_CHECK_OK(lr_tex_context_create(&none, &cfg, &err));
    if (none) {
        LRT_CHECK_STATUS(lr_tex_create(none, "x", NULL, &m, &err), LR_ERR_UNSUPPORTED);
        LRT_CHECK(strstr(err.message, "texlive-latex-base") && strstr(err.message, "dvisvgm"));
        lr_tex_context_destroy(none);
    }
}

static void test_batch(void)
{
    static const char *const srcs[] = {"\\alpha + \\beta", "\\frac{1}{n}", "\\sqrt[3]{x}", "\\vec{v}",
                                       "\\gamma_1"};
    lr_mobject *outs[5];
    lr_error err = {0};
    lr_tex_stats before = lr_tex_context_stats(ctx);
    LRT_CHECK_OK(lr_tex_create_batch(ctx, srcs, 5, NULL, outs, &err));
    lr_tex_stats after = lr_tex_context_stats(ctx);
    LRT_CHECK_MSG(after.tex_runs == before.tex_runs + 1, "5 formulas took %llu TeX runs",
                  (unsigned long long)(after.tex_runs - before.tex_runs));
    static const size_t glyphs[] = {3, 3, 4, 2, 2};
    for (int i = 0; i < 5; i++) {
        LRT_CHECK(outs[i] != NULL);
        if (outs[i])
            LRT_CHECK_MSG(lr_mobject_child_count(outs[i]) == glyphs[i], "\"%s\": %zu glyphs", srcs[i],
                          lr_mobject_child_count(outs[i]));
        lr_mobject_destroy(outs[i]);
    }
    /* now all cached: no run at all */
    LRT_CHECK_OK(lr_tex_create_batch(ctx, srcs, 5, NULL, outs, &err));
    LRT_CHECK(lr_tex_context_stats(ctx).tex_runs == after.tex_runs);
    for (int i = 0; i < 5; i++)
        lr_mobject_destroy(outs[i]);

    /* a bad formula in a batch is named */
    static const char *const bad[] = {"a", "b", "\\frac{c}{d^e^f}", "d"};
    lr_mobject *bouts[4];
    LRT_CHECK_STATUS(lr_tex_create_batch(ctx, bad, 4, NULL, bouts, &err), LR_ERR_TEX);
    LRT_CHECK_MSG(strncmp(err.message, "formula 3: ! Double superscript.", 32) == 0, "message: %s", err.message);
    for (int i = 0; i < 4; i++)
        LRT_CHECK(bouts[i] == NULL);

    /* one formula's definitions do not reach the next: the filter refuses
     * them, and the group each formula gets holds without it */
    static const char *const leak[] = {"\\renewcommand{\\pi}{WWW}\\pi", "\\pi"};
    lr_mobject *louts[2] = {NULL, NULL};
    LRT_CHECK_STATUS(lr_tex_create_batch(ctx, leak, 2, NULL, louts, &err), LR_ERR_TEX);
    LRT_CHECK_MSG(strstr(err.message, "formula 1: tex: \\renewcommand is not allowed"), "%s", err.message);
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = "";
    lr_tex_context *unfiltered = NULL;
    LRT_CHECK_OK(lr_tex_context_create(&unfiltered, &cfg, &err));
    lr_tex_disable_layers(unfiltered, LR_TEX_LAYER_FILTER);
    LRT_CHECK_OK(lr_tex_create_batch(unfiltered, leak, 2, NULL, louts, &err));
    lr_tex_context_destroy(unfiltered);
    if (louts[0] && louts[1]) {
        LRT_CHECK(lr_mobject_child_count(louts[0]) == 3);
        LRT_CHECK(lr_mobject_child_count(louts[1]) == 1);
    }
    lr_mobject_destroy(louts[0]);
    lr_mobject_destroy(louts[1]);
    expect_tex_error("\\global\\def\\pi{x}", "\\global", 1.0);
    expect_tex_error("x\\endgroup\\def\\pi{x}\\begingroup", "\\endgroup", 1.0);
}

int main(void)
{
    char cache_dir[1024];
    lrt_build_path(cache_dir, sizeof cache_dir, "tests/tex/cache");
    mkdir(cache_dir, 0700);
    clear_dir(cache_dir);
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = cache_dir;
    cfg.timeout_s = 2.0;
    lr_error err;
    LRT_CHECK_OK(lr_tex_context_create(&ctx, &cfg, &err));
    if (!ctx)
        return lrt_finish("tex_formulas");
    test_formulas();
    test_colors();
    test_cache(cache_dir);
    test_errors_and_sandbox();
    test_batch();
    lr_tex_context_destroy(ctx);
    return lrt_finish("tex_formulas");
}
