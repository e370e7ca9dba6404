/* Batches (librender/gpu/renderer.c): consecutive paths drawn by the same
 * draw calls must look exactly as if drawn one by one. Each case is a
 * situation where a wrong batching rule shows: disjoint shapes of different
 * colours and windings, alike translucent shapes that overlap, a fill whose
 * neighbour's stroke it must cover, and rows of alike translucent "glyphs"
 * whose boxes touch. */
#include "gpu_test_util.h"

static lr_frame_timing render(lr_context *ctx, lr_scene *sc, lr_image *img)
{
    lr_error err;
    lr_context_enable_timing(ctx, true);
    LRT_CHECK_OK(lr_context_render(ctx, sc, img, &err));
    return lr_context_last_timing(ctx);
}

static void square(lr_scene *sc, lr_vec2 c, float half, bool cw, lr_style st)
{
    lr_vec2 pts[4] = {{c.x - half, c.y - half}, {c.x + half, c.y - half}, {c.x + half, c.y + half},
                      {c.x - half, c.y + half}};
    if (cw) {
        lr_vec2 t = pts[1];
        pts[1] = pts[3];
        pts[3] = t;
    }
    lr_path p = {0};
    gt_polygon(&p, pts, 4);
    gt_add(sc, &p, st);
    lr_path_free(&p);
}

static void test_disjoint_shapes(lr_context *ctx)
{
    /* 96 squares, every colour different, every other one clockwise: few
     * draw calls, and each square keeps its own colour and antialiasing. */
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    for (int i = 0; i < 96; i++) {
        lr_vec2 c = {-5.5f + (float)(i % 12), -3.5f + (float)(i / 12)};
        lr_color col = lr_rgba((float)(i % 12) / 11.0f, (float)(i / 12) / 7.0f, 0.6f, 1.0f);
        square(sc, c, 0.3f + 0.25f / 60.0f, i % 2 == 1, gt_fill_style(col));
    }
    lr_image img = {0};
    lr_frame_timing t = render(ctx, sc, &img);
    LRT_CHECK_MSG(t.paths == 96, "%u paths drawn", t.paths);
    /* Windings alternate, so fills batch by winding: still far fewer than
     * the 96 x 2 draws of one path at a time. */
    LRT_CHECK_MSG(t.draw_calls <= 48, "%u draw calls for 96 squares", t.draw_calls);
    for (int i = 0; i < 96; i++) {
        float x = -5.5f + (float)(i % 12), y = -3.5f + (float)(i / 12);
        const uint8_t *px = gt_scene_pixel(&img, x, y);
        int r = (int)lrintf(255.0f * (float)(i % 12) / 11.0f), g = (int)lrintf(255.0f * (float)(i / 12) / 7.0f);
        GT_CHECK_RGB(px, r, g, 153, 1);
    }
    /* 96 squares 36.5 px wide at 60 px per unit, edges a quarter pixel off
     * the grid: 1332.25 px each, antialiased (not a missing ramp, not a
     * doubled one). Blue 0.6 is 153 exactly: 0.5 (127.5) rounds to 128 on
     * llvmpipe and to 127 on NVIDIA. */
    double blue = gt_channel_sum(&img, 2) / (153.0 / 255.0);
    LRT_CHECK_MSG(fabs(blue - 96 * 1332.25) < 96 * 1332.25 * 0.003, "blue sum %.1f, expected %.1f", blue,
                  96 * 1332.25);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_translucent_overlap(lr_context *ctx)
{
    /* A Venn diagram: two alike translucent circles. Their overlap is drawn
     * twice (1 - 0.5 * 0.5 = 0.75 of the colour), not once. */
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_path p = {0};
    gt_circle(&p, (lr_vec2){-0.8f, 0.0f}, 1.5f, false);
    gt_add(sc, &p, gt_fill_style(lr_rgba(0, 0, 1, 0.5f)));
    lr_path_free(&p);
    gt_circle(&p, (lr_vec2){0.8f, 0.0f}, 1.5f, false);
    gt_add(sc, &p, gt_fill_style(lr_rgba(0, 0, 1, 0.5f)));
    lr_path_free(&p);
    lr_image img = {0};
    render(ctx, sc, &img);
    GT_CHECK_RGB(gt_scene_pixel(&img, -1.8f, 0.0f), 0, 0, 128, 2);
    GT_CHECK_RGB(gt_scene_pixel(&img, 0.0f, 0.0f), 0, 0, 191, 2);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_fill_covers_earlier_stroke(lr_context *ctx)
{
    /* Two alike squares with fill and stroke, the second over the first's
     * right edge: its fill hides that part of the first one's stroke, as it
     * does when they are drawn one after the other. */
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_style st = lr_style_default();
    st.fill = lr_rgba(0, 0, 1, 1);
    st.stroke = lr_rgba(1, 1, 0, 1);
    st.stroke_width = 0.1f;
    square(sc, (lr_vec2){-0.5f, 0.0f}, 1.0f, false, st);
    square(sc, (lr_vec2){0.5f, 0.2f}, 1.0f, false, st);
    lr_image img = {0};
    render(ctx, sc, &img);
    /* The first square's right edge, x = 0.5, inside the second square. */
    GT_CHECK_RGB(gt_scene_pixel(&img, 0.5f, 0.0f), 0, 0, 255, 0);
    /* The second square's left edge, x = -0.5, over the first's fill. */
    GT_CHECK_RGB(gt_scene_pixel(&img, -0.5f, 0.5f), 255, 255, 0, 0);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_dimmed_glyph_row(lr_context *ctx)
{
    /* A row of alike translucent shapes 1 px apart, like the glyphs of a
     * dimmed lecture line: their boxes overlap, their bodies do not, so
     * they share one batch, and each is exactly the colour at 0.45. */
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    const float k = 60.0f; /* pixels per unit at 960x480 */
    float half = 5.0f / k, step = 11.0f / k;
    for (int i = 0; i < 40; i++)
        square(sc, (lr_vec2){-6.0f + (float)i * step, 0.0f}, half, false, gt_fill_style(lr_rgba(1, 1, 1, 0.45f)));
    lr_image img = {0};
    lr_frame_timing t = render(ctx, sc, &img);
    LRT_CHECK_MSG(t.draw_calls <= 8, "%u draw calls for 40 alike shapes", t.draw_calls);
    for (int i = 0; i < 40; i++)
        GT_CHECK_RGB(gt_scene_pixel(&img, -6.0f + (float)i * step, 0.0f), 115, 115, 115, 1);
    /* The 1 px gaps between them stay dark. */
    const uint8_t *gap = gt_scene_pixel(&img, -6.0f + 0.5f * step, 0.0f);
    LRT_CHECK_MSG(gap[0] <= 2, "gap pixel %d", gap[0]);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

int main(void)
{
    lr_context *ctx = gt_context(960, 480);
    LRT_CHECK(ctx != NULL);
    if (ctx) {
        test_disjoint_shapes(ctx);
        test_translucent_overlap(ctx);
        test_fill_covers_earlier_stroke(ctx);
        test_dimmed_glyph_row(ctx);
        lr_context_destroy(ctx);
    }
    return lrt_finish("test_gpu_batch");
}
