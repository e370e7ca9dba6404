/* One scene at several frame sizes and aspect ratios: the frame is 8 units
 * high whatever the size, shapes keep their areas, and a frame rendered at
 * twice the size and halved matches the small one. */
#include "gpu_test_util.h"

static lr_scene *make_scene(void)
{
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_path p = {0};
    gt_circle(&p, (lr_vec2){-1.0f, 0.3f}, 1.1f, false);
    gt_add(sc, &p, gt_fill_style(lr_rgba(1, 0, 0, 1)));
    lr_path_free(&p);
    const lr_vec2 box[4] = {{0.4f, -1.5f}, {2.0f, -1.5f}, {2.0f, 1.0f}, {0.4f, 1.0f}};
    gt_polygon(&p, box, 4);
    gt_add(sc, &p, gt_stroke_style(lr_rgba(0, 1, 0, 1), 0.1f, LR_JOIN_MITER, LR_CAP_BUTT));
    lr_path_free(&p);
    return sc;
}

static void check_size(lr_context *ctx, lr_scene *sc, int w, int h, lr_image *img)
{
    lr_error err;
    LRT_CHECK_OK(lr_context_resize(ctx, w, h, &err));
    LRT_CHECK_OK(lr_context_render(ctx, sc, img, &err));
    LRT_CHECK(img->width == w && img->height == h);
    double k = (double)h / 8.0;
    double circle = 3.14159265 * 1.1 * 1.1 * 1.000271 * k * k;
    double frame = 2.0 * 0.1 * (1.6 + 2.5) * k * k;
    double r = gt_channel_sum(img, 0), g = gt_channel_sum(img, 1);
    LRT_CHECK_MSG(fabs(r - circle) / circle < 0.003, "%dx%d: circle %.1f px, expected %.1f", w, h, r, circle);
    LRT_CHECK_MSG(fabs(g - frame) / frame < 0.01, "%dx%d: outline %.1f px, expected %.1f", w, h, g, frame);
    /* The circle stays round: as wide as it is high. */
    const uint8_t *centre = gt_scene_pixel(img, -1.0f, 0.3f);
    LRT_CHECK(centre[0] == 255);
    int row = (int)floor(h * 0.5 - 0.3 * k), col = (int)floor(w * 0.5 - 1.0 * k);
    double across = 0.0, down = 0.0;
    for (int x = 0; x < w; x++)
        across += lrt_pixel(img, x, row)[0] / 255.0;
    for (int y = 0; y < h; y++)
        down += lrt_pixel(img, col, y)[0] / 255.0;
    LRT_CHECK_MSG(fabs(across - down) < 1.5, "%dx%d: circle %.1f px wide, %.1f px high", w, h, across, down);
}

int main(void)
{
    lr_context *ctx = gt_context(854, 480);
    LRT_CHECK(ctx != NULL);
    if (!ctx)
        return lrt_finish("test_gpu_resolution");
    lr_scene *sc = make_scene();
    lr_image small = {0}, big = {0};
    const int sizes[4][2] = {{1920, 1080}, {1080, 1920}, {3840, 2160}, {854, 480}};
    for (int i = 0; i < 4; i++)
        check_size(ctx, sc, sizes[i][0], sizes[i][1], &big);

    /* 960x540 against 1920x1080 halved by 2x2 box filtering. */
    lr_error err;
    LRT_CHECK_OK(lr_context_resize(ctx, 960, 540, &err));
    LRT_CHECK_OK(lr_context_render(ctx, sc, &small, &err));
    LRT_CHECK_OK(lr_context_resize(ctx, 1920, 1080, &err));
    LRT_CHECK_OK(lr_context_render(ctx, sc, &big, &err));
    double total = 0.0;
    int worst = 0;
    for (int y = 0; y < 540; y++) {
        for (int x = 0; x < 960; x++) {
            for (int c = 0; c < 2; c++) {
                int s = lrt_pixel(&big, 2 * x, 2 * y)[c] + lrt_pixel(&big, 2 * x + 1, 2 * y)[c] +
                        lrt_pixel(&big, 2 * x, 2 * y + 1)[c] + lrt_pixel(&big, 2 * x + 1, 2 * y + 1)[c];
                int d = abs((s + 2) / 4 - lrt_pixel(&small, x, y)[c]);
                total += d;
                if (d > worst)
                    worst = d;
            }
        }
    }
    double mean = total / (960.0 * 540.0 * 2.0);
    printf("960x540 vs 1920x1080 halved: mean difference %.4f, worst %d\n", mean, worst);
    LRT_CHECK_MSG(worst <= 48, "worst pixel difference %d", worst);
    LRT_CHECK_MSG(mean < 0.05, "mean difference %.4f", mean);
    lr_image_free(&small);
    lr_image_free(&big);
    lr_scene_destroy(sc);
    lr_context_destroy(ctx);
    return lrt_finish("test_gpu_resolution");
}
