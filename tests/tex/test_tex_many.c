/* lr_tex_create_many: formulas with different sizes, colours, modes and
 * colour maps share one TeX run, each comes out as it would alone, and a
 * bad request is named by its position. */
#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

static bool same_shape(const lr_mobject *a, const lr_mobject *b)
{
    if (lr_mobject_child_count(a) != lr_mobject_child_count(b) || lr_mobject_child_count(a) == 0)
        return false;
    lr_rect ra = lr_mobject_bounds(a), rb = lr_mobject_bounds(b);
    return fabsf(ra.x0 - rb.x0) < 1e-4f && fabsf(ra.x1 - rb.x1) < 1e-4f && fabsf(ra.y0 - rb.y0) < 1e-4f &&
           fabsf(ra.y1 - rb.y1) < 1e-4f;
}

int main(void)
{
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = ""; /* every formula compiled: runs are counted exactly */
    lr_tex_context *ctx = NULL;
    lr_error err = {0};
    if (lr_tex_context_create(&ctx, &cfg, &err) != LR_OK) {
        fprintf(stderr, "no TeX: %s\n", err.message);
        LRT_CHECK(err.status == LR_ERR_UNSUPPORTED);
        return lrt_finish("tex_many");
    }
    lr_tex_style big = lr_tex_style_default(), red = big, text = big, mapped = big;
    big.font_size = 96;
    red.color = lr_rgba(1, 0, 0, 1);
    text.mode = LR_TEX_TEXT;
    lr_tex_color map[1] = {{"b", {0, 1, 0, 1}}};
    mapped.colors = map;
    mapped.ncolors = 1;
    lr_tex_request reqs[5] = {{"\\frac{a}{b}", &big},
                              {"\\frac{a}{b}", &red},
                              {"area $x^2$", &text},
                              {"a+b", &mapped},
                              {"\\sqrt{x}", NULL}};
    lr_mobject *outs[5] = {0};
    LRT_CHECK_MSG(lr_tex_create_many(ctx, reqs, 5, outs, &err) == LR_OK, "%s", err.message);
    LRT_CHECK(lr_tex_context_stats(ctx).tex_runs == 1);

    /* each alone, one run each */
    for (int i = 0; i < 5; i++) {
        lr_mobject *m = NULL;
        LRT_CHECK_MSG(lr_tex_create(ctx, reqs[i].source, reqs[i].style, &m, &err) == LR_OK, "%s", err.message);
        LRT_CHECK_MSG(outs[i] && m && same_shape(outs[i], m), "formula %d differs from its batch page", i);
        lr_mobject_destroy(m);
    }
    LRT_CHECK(lr_tex_context_stats(ctx).tex_runs == 6);
    if (outs[0] && outs[1]) {
        lr_rect a = lr_mobject_bounds(outs[0]), b = lr_mobject_bounds(outs[1]);
        LRT_CHECK_NEAR((a.x1 - a.x0) / (b.x1 - b.x0), 2.0, 0.01);
        LRT_CHECK(lr_mobject_get_style(lr_mobject_child(outs[1], 0)).fill.r == 1 &&
                  lr_mobject_get_style(lr_mobject_child(outs[1], 0)).fill.g == 0);
        LRT_CHECK(lr_mobject_get_style(lr_mobject_child(outs[0], 0)).fill.g == 1);
    }
    if (outs[3]) {
        /* "a+b" with b green: the last glyph only */
        size_t n = lr_mobject_child_count(outs[3]);
        LRT_CHECK(n == 3);
        if (n == 3) {
            LRT_CHECK(lr_mobject_get_style(lr_mobject_child(outs[3], 2)).fill.r < 0.01f);
            LRT_CHECK(lr_mobject_get_style(lr_mobject_child(outs[3], 0)).fill.r > 0.99f);
        }
    }
    for (int i = 0; i < 5; i++)
        lr_mobject_destroy(outs[i]);

    /* refused before any run: a forbidden command, a bad size */
    lr_tex_style zero = lr_tex_style_default();
    zero.font_size = 0;
    lr_tex_request bad[3] = {{"x", NULL}, {"y", &zero}, {"z", NULL}};
    LRT_CHECK_STATUS(lr_tex_create_many(ctx, bad, 3, outs, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strncmp(err.message, "formula 2:", 10) == 0, "%s", err.message);
    LRT_CHECK(outs[0] == NULL && outs[1] == NULL && outs[2] == NULL);
    lr_tex_request evil[2] = {{"x", NULL}, {"\\input{/etc/passwd}", NULL}};
    LRT_CHECK_STATUS(lr_tex_create_many(ctx, evil, 2, outs, &err), LR_ERR_TEX);
    LRT_CHECK_MSG(strncmp(err.message, "formula 2:", 10) == 0 && strstr(err.message, "input"), "%s", err.message);
    LRT_CHECK(lr_tex_context_stats(ctx).tex_runs == 6);
    /* nothing to do */
    LRT_CHECK_OK(lr_tex_create_many(ctx, NULL, 0, NULL, &err));
    LRT_CHECK_STATUS(lr_tex_create_many(ctx, NULL, 2, outs, &err), LR_ERR_INVALID_ARG);
    lr_tex_context_destroy(ctx);
    return lrt_finish("tex_many");
}
