/* Strokes: every join and cap, areas against geometry, translucent
 * strokes without double blending, dots and hairlines. */
#include "gpu_test_util.h"

/* 480x270: a unit is 33.75 px. */
#define K 33.75f

static double render_sum(lr_context *ctx, lr_scene *sc)
{
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    double s = gt_channel_sum(&img, 0);
    lr_image_free(&img);
    return s;
}

static lr_scene *black_scene(void)
{
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    return sc;
}

static void test_cap_areas(lr_context *ctx)
{
    const float len = 4.0f, w = 0.4f;
    const lr_line_cap caps[3] = {LR_CAP_BUTT, LR_CAP_SQUARE, LR_CAP_ROUND};
    const double expect[3] = {len * w, (len + w) * w, len * w + 3.14159265 * w * w / 4.0};
    for (int i = 0; i < 3; i++) {
        lr_scene *sc = black_scene();
        lr_path p = {0};
        /* A slanted line, so that edges do not sit on pixel boundaries. */
        float c = cosf(0.3f), s = sinf(0.3f);
        lr_path_move_to(&p, (lr_vec2){-len / 2 * c, -len / 2 * s});
        lr_path_line_to(&p, (lr_vec2){len / 2 * c, len / 2 * s});
        gt_add(sc, &p, gt_stroke_style(lr_rgba(1, 1, 1, 1), w, LR_JOIN_MITER, caps[i]));
        lr_path_free(&p);
        double got = render_sum(ctx, sc) / (double)(K * K);
        LRT_CHECK_MSG(fabs(got - expect[i]) / expect[i] < 0.01, "cap %d: area %.4f units^2, expected %.4f", i, got,
                      expect[i]);
        lr_scene_destroy(sc);
    }
}

static void test_joins(lr_context *ctx)
{
    const float w = 0.8f; /* 27 px */
    const lr_line_join joins[3] = {LR_JOIN_MITER, LR_JOIN_ROUND, LR_JOIN_BEVEL};
    /* Along the outer diagonal of a right-angle corner, from the vertex:
     * bevel reaches 0.354 w, round 0.5 w, miter 0.707 w. */
    const bool covered_045[3] = {true, true, false};
    const bool covered_060[3] = {true, false, false};
    for (int i = 0; i < 3; i++) {
        lr_scene *sc = black_scene();
        lr_path p = {0};
        lr_path_move_to(&p, (lr_vec2){-2, -1});
        lr_path_line_to(&p, (lr_vec2){1, -1});
        lr_path_line_to(&p, (lr_vec2){1, 2});
        gt_add(sc, &p, gt_stroke_style(lr_rgba(1, 1, 1, 1), w, joins[i], LR_CAP_BUTT));
        lr_path_free(&p);
        lr_image img = {0};
        lr_error err;
        LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
        float d45 = 0.45f * w / sqrtf(2.0f), d60 = 0.60f * w / sqrtf(2.0f);
        int a = gt_scene_pixel(&img, 1 + d45, -1 - d45)[0];
        int b = gt_scene_pixel(&img, 1 + d60, -1 - d60)[0];
        LRT_CHECK_MSG(covered_045[i] ? a == 255 : a == 0, "join %d at 0.45w: %d", i, a);
        LRT_CHECK_MSG(covered_060[i] ? b == 255 : b == 0, "join %d at 0.60w: %d", i, b);
        /* The inside of the corner and the body are fully covered. */
        LRT_CHECK(gt_scene_pixel(&img, 1 - 0.3f, -1 + 0.3f)[0] == 255);
        LRT_CHECK(gt_scene_pixel(&img, -1, -1)[0] == 255);
        lr_image_free(&img);
        lr_scene_destroy(sc);
    }

    /* A 20-degree spike: its miter (5.8 widths) exceeds the limit of 4, so
     * the join falls back to a bevel and nothing shows beyond the vertex. */
    lr_scene *sc = black_scene();
    lr_path p = {0};
    float half = 10.0f * GT_PI / 180.0f;
    lr_path_move_to(&p, (lr_vec2){-3 * cosf(half), -3 * sinf(half)});
    lr_path_line_to(&p, (lr_vec2){0, 0});
    lr_path_line_to(&p, (lr_vec2){-3 * cosf(half), 3 * sinf(half)});
    lr_style st = gt_stroke_style(lr_rgba(1, 1, 1, 1), 0.2f, LR_JOIN_MITER, LR_CAP_BUTT);
    gt_add(sc, &p, st);
    lr_path_free(&p);
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    LRT_CHECK(gt_scene_pixel(&img, 0.15f, 0.0f)[0] == 0);
    lr_scene_destroy(sc);
    /* With a limit of 10 the miter tip reaches 0.58 units. */
    sc = black_scene();
    lr_path_move_to(&p, (lr_vec2){-3 * cosf(half), -3 * sinf(half)});
    lr_path_line_to(&p, (lr_vec2){0, 0});
    lr_path_line_to(&p, (lr_vec2){-3 * cosf(half), 3 * sinf(half)});
    st.miter_limit = 10.0f;
    gt_add(sc, &p, st);
    lr_path_free(&p);
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    LRT_CHECK(gt_scene_pixel(&img, 0.15f, 0.0f)[0] == 255);
    LRT_CHECK(gt_scene_pixel(&img, 0.75f, 0.0f)[0] == 0);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_translucent_overlap(lr_context *ctx)
{
    /* One path crossing itself, with sharp and smooth joints: every covered
     * pixel blends once, so crossings are no darker than the body. */
    lr_scene *sc = black_scene();
    lr_path p = {0};
    lr_path_move_to(&p, (lr_vec2){-2, -2});
    lr_path_line_to(&p, (lr_vec2){2, 2});
    lr_path_line_to(&p, (lr_vec2){2, -2});
    lr_path_cubic_to(&p, (lr_vec2){-1, 1}, (lr_vec2){-3, 1}, (lr_vec2){-2, 2});
    gt_add(sc, &p, gt_stroke_style(lr_rgba(1, 1, 1, 0.5f), 0.3f, LR_JOIN_ROUND, LR_CAP_ROUND));
    lr_path_free(&p);
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    int body = gt_scene_pixel(&img, -1.0f, -1.0f)[0];
    LRT_CHECK_MSG(abs(body - 128) <= 1, "body %d", body);
    int cross = gt_scene_pixel(&img, 0.0f, 0.0f)[0];
    LRT_CHECK_MSG(abs(cross - body) <= 1, "crossing %d vs body %d", cross, body);
    int corner = gt_scene_pixel(&img, 2.0f, 2.0f)[0];
    LRT_CHECK_MSG(abs(corner - body) <= 1, "corner %d vs body %d", corner, body);
    /* Nothing in the frame is brighter than one layer. */
    int brightest = 0;
    for (int y = 0; y < img.height; y++)
        for (int x = 0; x < img.width; x++)
            if (lrt_pixel(&img, x, y)[0] > brightest)
                brightest = lrt_pixel(&img, x, y)[0];
    LRT_CHECK_MSG(brightest <= 129, "brightest pixel %d", brightest);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_dots_and_hairlines(lr_context *ctx)
{
    lr_scene *sc = black_scene();
    lr_path p = {0};
    lr_path_move_to(&p, (lr_vec2){-1, 0}); /* a lone point */
    gt_add(sc, &p, gt_stroke_style(lr_rgba(1, 1, 1, 1), 0.3f, LR_JOIN_MITER, LR_CAP_ROUND));
    lr_path_free(&p);
    lr_path_move_to(&p, (lr_vec2){1, 0});
    gt_add(sc, &p, gt_stroke_style(lr_rgba(1, 1, 1, 1), 0.3f, LR_JOIN_MITER, LR_CAP_BUTT));
    lr_path_free(&p);
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    LRT_CHECK(gt_scene_pixel(&img, -1, 0)[0] == 255);
    LRT_CHECK(gt_scene_pixel(&img, 1, 0)[0] == 0);
    double dot = gt_channel_sum(&img, 0) / (double)(K * K);
    LRT_CHECK_MSG(fabs(dot - 3.14159265 * 0.15 * 0.15) < 0.002, "dot area %.4f", dot);
    lr_image_free(&img);
    lr_scene_destroy(sc);

    /* A hairline 0.3 px wide keeps its ink: total coverage = length x width. */
    sc = black_scene();
    lr_path_move_to(&p, (lr_vec2){-3, -1});
    lr_path_line_to(&p, (lr_vec2){3, 1});
    gt_add(sc, &p, gt_stroke_style(lr_rgba(1, 1, 1, 1), 0.3f / K, LR_JOIN_MITER, LR_CAP_BUTT));
    lr_path_free(&p);
    double ink = render_sum(ctx, sc);
    double expect = sqrt(40.0) * K * 0.3;
    LRT_CHECK_MSG(fabs(ink - expect) / expect < 0.03, "hairline ink %.1f px, expected %.1f", ink, expect);
    lr_scene_destroy(sc);
}

static void test_reference(lr_context *ctx)
{
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0.1f, 0.1f, 0.12f, 1));
    const lr_line_join joins[3] = {LR_JOIN_MITER, LR_JOIN_ROUND, LR_JOIN_BEVEL};
    const lr_line_cap caps[3] = {LR_CAP_BUTT, LR_CAP_ROUND, LR_CAP_SQUARE};
    const lr_color cols[3] = {{1, 0.4f, 0.3f, 1}, {0.4f, 0.9f, 0.4f, 1}, {0.4f, 0.6f, 1, 0.7f}};
    for (int i = 0; i < 3; i++) {
        float x = -5.5f + 3.8f * (float)i;
        lr_path p = {0};
        lr_path_move_to(&p, (lr_vec2){x, 0.5f});
        lr_path_line_to(&p, (lr_vec2){x + 1.0f, 3.0f});
        lr_path_line_to(&p, (lr_vec2){x + 2.0f, 0.7f});
        lr_path_line_to(&p, (lr_vec2){x + 3.0f, 2.6f});
        gt_add(sc, &p, gt_stroke_style(cols[i], 0.35f, joins[i], caps[i]));
        lr_path_free(&p);
        /* A closed curvy shape with a tight curve, and a thin open curve. */
        lr_path_move_to(&p, (lr_vec2){x, -1.0f});
        lr_path_cubic_to(&p, (lr_vec2){x + 3.5f, -0.2f}, (lr_vec2){x - 0.5f, -3.8f}, (lr_vec2){x + 3.0f, -3.0f});
        lr_path_line_to(&p, (lr_vec2){x + 0.5f, -2.2f});
        lr_path_close(&p);
        gt_add(sc, &p, gt_stroke_style(cols[i], 0.15f, joins[i], caps[i]));
        lr_path_free(&p);
        lr_path_move_to(&p, (lr_vec2){x, -3.6f});
        lr_path_cubic_to(&p, (lr_vec2){x + 1.0f, -2.6f}, (lr_vec2){x + 2.0f, -4.6f}, (lr_vec2){x + 3.0f, -3.6f});
        gt_add(sc, &p, gt_stroke_style(lr_rgba(1, 1, 1, 1), 0.02f, joins[i], caps[i]));
        lr_path_free(&p);
    }
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    lrt_check_image(&img, "gpu/ref/stroke_joins_caps.png", 2, 20);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

int main(void)
{
    lr_context *ctx = gt_context(480, 270);
    LRT_CHECK(ctx != NULL);
    if (ctx) {
        test_cap_areas(ctx);
        test_joins(ctx);
        test_translucent_overlap(ctx);
        test_dots_and_hairlines(ctx);
        test_reference(ctx);
        lr_context_destroy(ctx);
    }
    return lrt_finish("test_gpu_stroke");
}
