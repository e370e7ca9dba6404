/* Fills: fill rules, holes, translucent overlap, antialiasing accuracy and
 * small shapes, against numbers and a reference image. */
#include "gpu_test_util.h"

static void test_red_square_and_edges(lr_context *ctx)
{
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    /* At 160x120 a unit is 15 px; the square's left edge at x = -1.5 units
     * falls at pixel 80 - 22.5 = 57.5: the middle of pixel column 57. */
    lr_path p = {0};
    lr_path_move_to(&p, (lr_vec2){-1.5f, -1});
    lr_path_line_to(&p, (lr_vec2){1, -1});
    lr_path_line_to(&p, (lr_vec2){1, 1});
    lr_path_line_to(&p, (lr_vec2){-1.5f, 1});
    lr_path_close(&p);
    gt_add(sc, &p, gt_fill_style(lr_rgba(1, 0, 0, 1)));
    lr_path_free(&p);
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    GT_CHECK_RGB(lrt_pixel(&img, 70, 60), 255, 0, 0, 0);
    GT_CHECK_RGB(lrt_pixel(&img, 56, 60), 0, 0, 0, 0);
    GT_CHECK_RGB(lrt_pixel(&img, 58, 60), 255, 0, 0, 0);
    int edge = lrt_pixel(&img, 57, 60)[0];
    LRT_CHECK_MSG(edge >= 120 && edge <= 136, "half-covered edge pixel is %d, expected about 128", edge);
    /* 37.5 x 30 px */
    LRT_CHECK_NEAR(gt_channel_sum(&img, 0), 37.5 * 30.0, 1.0);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_circle_area(lr_context *ctx)
{
    /* Coverage sums match the exact area: antialiasing neither grows nor
     * shrinks shapes. */
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_path p = {0};
    gt_circle(&p, (lr_vec2){0.13f, -0.07f}, 2.5f, false);
    gt_add(sc, &p, gt_fill_style(lr_rgba(1, 1, 1, 1)));
    lr_path_free(&p);
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    double r_px = 2.5 * 15.0;
    double area = 3.14159265358979 * r_px * r_px * 1.000271; /* the 4-cubic circle bulges 0.027% */
    double got = gt_channel_sum(&img, 0);
    LRT_CHECK_MSG(fabs(got - area) / area < 0.002, "circle area %.1f px, expected %.1f", got, area);
    lr_image_free(&img);
    lr_scene_destroy(sc);

    /* A bar 3 px wide and 60 px long at an angle keeps its area too. */
    sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    const float k = 15.0f, w = 3.0f / k, l = 60.0f / k, c = cosf(0.4f), s = sinf(0.4f);
    const lr_vec2 bar[4] = {{-l / 2 * c + w / 2 * s, -l / 2 * s - w / 2 * c},
                            {l / 2 * c + w / 2 * s, l / 2 * s - w / 2 * c},
                            {l / 2 * c - w / 2 * s, l / 2 * s + w / 2 * c},
                            {-l / 2 * c - w / 2 * s, -l / 2 * s + w / 2 * c}};
    gt_polygon(&p, bar, 4);
    gt_add(sc, &p, gt_fill_style(lr_rgba(1, 1, 1, 1)));
    lr_path_free(&p);
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    got = gt_channel_sum(&img, 0);
    LRT_CHECK_MSG(fabs(got - 180.0) < 180.0 * 0.02, "bar area %.1f px, expected 180", got);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_rules_ring_overlap(lr_context *ctx)
{
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0.1f, 0.1f, 0.1f, 1));
    lr_path p = {0};
    /* Star, nonzero (left) and even-odd (right). */
    gt_pentagram(&p, (lr_vec2){-3.5f, 1.8f}, 1.6f);
    gt_add(sc, &p, gt_fill_style(lr_rgba(1, 0.8f, 0, 1)));
    lr_path_free(&p);
    gt_pentagram(&p, (lr_vec2){0.0f, 1.8f}, 1.6f);
    lr_style eo = gt_fill_style(lr_rgba(1, 0.8f, 0, 1));
    eo.fill_rule = LR_FILL_EVENODD;
    gt_add(sc, &p, eo);
    lr_path_free(&p);
    /* A ring: outer circle counter-clockwise, inner clockwise. */
    gt_circle(&p, (lr_vec2){3.6f, 1.8f}, 1.5f, false);
    gt_circle(&p, (lr_vec2){3.6f, 1.8f}, 0.8f, true);
    gt_add(sc, &p, gt_fill_style(lr_rgba(0.3f, 0.6f, 1, 1)));
    lr_path_free(&p);
    /* Three translucent discs overlapping. */
    const lr_color cols[3] = {{1, 0, 0, 0.5f}, {0, 1, 0, 0.5f}, {0, 0, 1, 0.5f}};
    const lr_vec2 ctr[3] = {{-3.0f, -2.0f}, {-2.2f, -2.0f}, {-2.6f, -1.3f}};
    for (int i = 0; i < 3; i++) {
        gt_circle(&p, ctr[i], 0.9f, false);
        gt_add(sc, &p, gt_fill_style(cols[i]));
        lr_path_free(&p);
    }
    /* Small shapes: a thin sliver 0.5 px wide, and glyph-sized dots. */
    lr_path_move_to(&p, (lr_vec2){0.0f, -3.0f});
    lr_path_line_to(&p, (lr_vec2){3.0f, -1.0f});
    lr_path_line_to(&p, (lr_vec2){3.0f, -1.0f + 0.5f / 30.0f});
    lr_path_close(&p);
    gt_add(sc, &p, gt_fill_style(lr_rgba(1, 1, 1, 1)));
    lr_path_free(&p);
    for (int i = 0; i < 6; i++) {
        gt_circle(&p, (lr_vec2){4.0f + 0.35f * (float)i, -2.5f}, 0.02f + 0.02f * (float)i, false);
        gt_add(sc, &p, gt_fill_style(lr_rgba(1, 1, 1, 1)));
        lr_path_free(&p);
    }
    /* Two squares sharing an edge: no crack between them. */
    const lr_vec2 sq[2][4] = {{{0.5f, -2.8f}, {1.5f, -2.8f}, {1.5f, -1.8f}, {0.5f, -1.8f}},
                              {{1.5f, -2.8f}, {2.5f, -2.8f}, {2.5f, -1.8f}, {1.5f, -1.8f}}};
    for (int i = 0; i < 2; i++) {
        gt_polygon(&p, sq[i], 4);
        gt_add(sc, &p, gt_fill_style(lr_rgba(0.9f, 0.3f, 0.5f, 1)));
        lr_path_free(&p);
    }

    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    /* Star centres: filled under nonzero (winding 2), a hole under even-odd. */
    GT_CHECK_RGB(gt_scene_pixel(&img, -3.5f, 1.8f), 255, 204, 0, 1);
    GT_CHECK_RGB(gt_scene_pixel(&img, 0.0f, 1.8f), 26, 26, 26, 1);
    /* Star arms are filled under both. */
    GT_CHECK_RGB(gt_scene_pixel(&img, -3.5f, 1.8f + 1.3f), 255, 204, 0, 1);
    GT_CHECK_RGB(gt_scene_pixel(&img, 0.0f, 1.8f + 1.3f), 255, 204, 0, 1);
    /* Ring: the hole shows the background, the band is blue. */
    GT_CHECK_RGB(gt_scene_pixel(&img, 3.6f, 1.8f), 26, 26, 26, 1);
    GT_CHECK_RGB(gt_scene_pixel(&img, 3.6f + 1.15f, 1.8f), 77, 153, 255, 1);
    /* Translucent overlap: red over the background, then green over that. */
    GT_CHECK_RGB(gt_scene_pixel(&img, -3.6f, -2.2f), 140, 13, 13, 2);
    GT_CHECK_RGB(gt_scene_pixel(&img, -2.6f, -2.3f), 70, 134, 6, 2);
    /* The shared edge of the two squares: both opaque and alike, they are
     * drawn as their union, with no conflation seam (separately, the edge
     * pixels read ~181 red instead of 230). */
    const uint8_t *seam = gt_scene_pixel(&img, 1.5f, -2.3f);
    LRT_CHECK_MSG(seam[0] >= 228, "seam pixel red %d", seam[0]);
    lrt_check_image(&img, "gpu/ref/fill_shapes.png", 2, 20);
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_many_paths(lr_context *ctx)
{
    /* 2400 filled and stroked paths use 4800 depth slots: more than one
     * depth buffer's worth, so the renderer must clear and start over
     * without losing a shape. */
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    const int cols = 60, rows = 40;
    const float cell = 8.0f / (float)rows, side = cell * 0.5f;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            lr_path p = {0};
            lr_vec2 ctr = {((float)c - (float)cols / 2 + 0.5f) * cell, ((float)r - (float)rows / 2 + 0.5f) * cell};
            const lr_vec2 sq[4] = {{ctr.x - side / 2, ctr.y - side / 2}, {ctr.x + side / 2, ctr.y - side / 2},
                                   {ctr.x + side / 2, ctr.y + side / 2}, {ctr.x - side / 2, ctr.y + side / 2}};
            gt_polygon(&p, sq, 4);
            lr_style st = gt_fill_style(lr_rgba(1, 0, 0, 1));
            st.stroke = lr_rgba(0, 1, 0, 0.5f);
            st.stroke_width = side * 0.4f;
            gt_add(sc, &p, st);
            lr_path_free(&p);
        }
    }
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    /* Each square's red shows where the translucent stroke does not cover
     * it: side - width inside, half the stroke's coverage on the band. */
    double k = img.height / 8.0, w = side * 0.4, inner = (side - w) * (side - w);
    double band = (side * side) - inner;
    double expect = cols * rows * (inner + 0.5 * band) * k * k;
    double got = gt_channel_sum(&img, 0);
    LRT_CHECK_MSG(fabs(got - expect) / expect < 0.01, "red %.1f, expected %.1f", got, expect);
    const uint8_t *first = gt_scene_pixel(&img, -29.5f * cell, -19.5f * cell);
    const uint8_t *last = gt_scene_pixel(&img, 29.5f * cell, 19.5f * cell);
    GT_CHECK_RGB(first, 255, 0, 0, 0);
    GT_CHECK_RGB(last, 255, 0, 0, 0);
    lr_frame_timing t = lr_context_last_timing(ctx);
    LRT_CHECK(t.paths == (uint32_t)(cols * rows));
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

static void test_degenerate(lr_context *ctx)
{
    /* Nothing here may crash or draw: empty paths, a lone point filled,
     * a zero-area sliver, a shape scaled to nothing, a NaN transform. */
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_style st = gt_fill_style(lr_rgba(1, 1, 1, 1));
    lr_path p = {0};
    gt_add(sc, &p, st);
    lr_path_move_to(&p, (lr_vec2){1, 1});
    gt_add(sc, &p, st);
    lr_path_free(&p);
    lr_path_move_to(&p, (lr_vec2){-1, -1});
    lr_path_line_to(&p, (lr_vec2){1, 1});
    lr_path_line_to(&p, (lr_vec2){-1, -1});
    lr_path_close(&p);
    gt_add(sc, &p, st);
    lr_path_free(&p);
    gt_circle(&p, (lr_vec2){0, 0}, 1.0f, false);
    lr_mobject *tiny = lr_mobject_create_path(&p, st);
    lr_mobject_set_transform(tiny, lr_affine_scale(0.0f, 0.0f));
    lr_scene_add(sc, tiny);
    lr_mobject *bad = lr_mobject_create_path(&p, st);
    lr_mobject_set_transform(bad, lr_affine_scale(NAN, 1.0f));
    lr_scene_add(sc, bad);
    lr_path_free(&p);
    lr_image img = {0};
    lr_error err;
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    LRT_CHECK_MSG(gt_channel_sum(&img, 0) < 1.0, "degenerate shapes drew %.2f px", gt_channel_sum(&img, 0));
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

int main(void)
{
    lr_context *ctx = gt_context(160, 120);
    LRT_CHECK(ctx != NULL);
    if (ctx) {
        test_red_square_and_edges(ctx);
        test_circle_area(ctx);
        test_degenerate(ctx);
        LRT_CHECK_OK(lr_context_resize(ctx, 480, 270, NULL));
        test_rules_ring_overlap(ctx);
        /* Large enough that corner pixels (nearest-edge coverage) do not
         * dominate the small squares' areas. */
        LRT_CHECK_OK(lr_context_resize(ctx, 1920, 1080, NULL));
        test_many_paths(ctx);
        lr_context_destroy(ctx);
    }
    return lrt_finish("test_gpu_fill");
}
