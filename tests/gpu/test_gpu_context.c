/* Contexts: backend choice and its errors, framebuffer size and MSAA,
 * readback orientation and alpha, images, and the cubic -> quadratic split. */
#include "gpu_test_util.h"

#include <string.h>

static void test_backend_names(void)
{
    lr_backend b;
    const lr_backend all[] = {LR_BACKEND_AUTO, LR_BACKEND_EGL_DEVICE, LR_BACKEND_EGL_SURFACELESS, LR_BACKEND_GLFW};
    for (int i = 0; i < 4; i++) {
        LRT_CHECK(lr_backend_parse(lr_backend_name(all[i]), &b));
        LRT_CHECK(b == all[i]);
    }
    LRT_CHECK(!lr_backend_parse("nonsense", &b));
    LRT_CHECK(!lr_backend_parse(NULL, &b));
}

static void test_backend_env(void)
{
    lr_context_desc d = lr_context_desc_default(32, 32);
    lr_context *ctx = NULL;
    lr_error err;

    setenv("LR_BACKEND", "nonsense", 1);
    LRT_CHECK_STATUS(lr_context_create(&d, &ctx, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(ctx == NULL);
    LRT_CHECK_MSG(strstr(err.message, "nonsense") && strstr(err.message, "egl-surfaceless"), "message: %s",
                  err.message);

    setenv("LR_BACKEND", "egl-surfaceless", 1);
    LRT_CHECK_OK(lr_context_create(&d, &ctx, &err));
    if (ctx) {
        LRT_CHECK(lr_context_backend(ctx) == LR_BACKEND_EGL_SURFACELESS);
        LRT_CHECK(strlen(lr_context_renderer(ctx)) > 0);
        LRT_CHECK(strlen(lr_context_gl_version(ctx)) > 0);
        lr_context_destroy(ctx);
        ctx = NULL;
    }
    unsetenv("LR_BACKEND");

    /* An explicit backend overrides the environment; when it fails the
     * message names it and says why. */
    setenv("LR_BACKEND", "nonsense", 1);
    d.backend = LR_BACKEND_EGL_DEVICE;
    lr_status s = lr_context_create(&d, &ctx, &err);
    if (s == LR_OK) {
        printf("egl-device works here: %s\n", lr_context_renderer(ctx));
        LRT_CHECK(lr_context_backend(ctx) == LR_BACKEND_EGL_DEVICE);
        lr_context_destroy(ctx);
        ctx = NULL;
    } else {
        LRT_CHECK(s == LR_ERR_NO_CONTEXT);
        LRT_CHECK_MSG(strstr(err.message, "egl-device:") != NULL, "message: %s", err.message);
        printf("egl-device fails as expected here: %s\n", err.message);
    }
    unsetenv("LR_BACKEND");

    /* GLFW without a display fails cleanly, naming itself. */
    if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY")) {
        d.backend = LR_BACKEND_GLFW;
        LRT_CHECK_STATUS(lr_context_create(&d, &ctx, &err), LR_ERR_NO_CONTEXT);
        LRT_CHECK_MSG(strstr(err.message, "glfw:") != NULL, "message: %s", err.message);
    }

    d = lr_context_desc_default(0, 10);
    LRT_CHECK_STATUS(lr_context_create(&d, &ctx, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_context_create(NULL, &ctx, NULL), LR_ERR_INVALID_ARG);
}

/* A red square in the middle, on a background. */
static lr_scene *square_scene(lr_color bg)
{
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, bg);
    lr_path p = {0};
    lr_path_move_to(&p, (lr_vec2){-2, -2});
    lr_path_line_to(&p, (lr_vec2){2, -2});
    lr_path_line_to(&p, (lr_vec2){2, 2});
    lr_path_line_to(&p, (lr_vec2){-2, 2});
    lr_path_close(&p);
    gt_add(sc, &p, gt_fill_style(lr_rgba(1, 0, 0, 1)));
    lr_path_free(&p);
    return sc;
}

static void test_frame(void)
{
    lr_context *ctx = gt_context(80, 60);
    LRT_CHECK(ctx != NULL);
    if (!ctx)
        return;
    lr_error err;
    lr_image img = {0};
    lr_scene *sc = square_scene(lr_rgba(0, 0, 1, 1));
    lr_context_enable_timing(ctx, true);
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    LRT_CHECK(img.width == 80 && img.height == 60);
    GT_CHECK_RGB(lrt_pixel(&img, 40, 30), 255, 0, 0, 0);
    LRT_CHECK(lrt_pixel(&img, 40, 30)[3] == 255);
    GT_CHECK_RGB(lrt_pixel(&img, 2, 2), 0, 0, 255, 0);
    LRT_CHECK(lrt_pixel(&img, 2, 2)[3] == 255);
    /* The square spans 30 pixels (4 units of 8 over 60 pixels) exactly:
     * pixel edges, so its area is exact too. */
    LRT_CHECK_NEAR(gt_channel_sum(&img, 0), 30.0 * 30.0, 0.5);
    lr_frame_timing t = lr_context_last_timing(ctx);
    LRT_CHECK(t.paths == 1);
    LRT_CHECK(t.draw_calls >= 5);
    LRT_CHECK(t.read_ms >= 0.0 && t.draw_ms >= 0.0);

    /* Resize: the next frame has the new size and the same picture. */
    LRT_CHECK_OK(lr_context_resize(ctx, 40, 30, &err));
    int w = 0, h = 0;
    lr_context_size(ctx, &w, &h);
    LRT_CHECK(w == 40 && h == 30);
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    LRT_CHECK(img.width == 40 && img.height == 30);
    /* Here the edges run through pixel centres: each corner pixel gets the
     * half coverage of its nearest edge where a quarter is exact. */
    LRT_CHECK_NEAR(gt_channel_sum(&img, 0), 15.0 * 15.0, 1.5);
    LRT_CHECK_STATUS(lr_context_resize(ctx, -1, 30, &err), LR_ERR_INVALID_ARG);
    lr_scene_destroy(sc);

    /* A transparent background reads back straight alpha. */
    sc = square_scene(lr_rgba(0, 0, 0, 0));
    lr_mobject_set_opacity(lr_mobject_child(lr_scene_root(sc), 0), 0.5f);
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    LRT_CHECK(lrt_pixel(&img, 1, 1)[3] == 0);
    const uint8_t *c = lrt_pixel(&img, 20, 15);
    LRT_CHECK_MSG(c[0] == 255 && abs(c[3] - 128) <= 1, "centre (%d,%d,%d,%d)", c[0], c[1], c[2], c[3]);
    lr_scene_destroy(sc);
    lr_image_free(&img);
    lr_context_destroy(ctx);
}

static void test_two_contexts(void)
{
    /* Each call makes its own context current: interleaved use works. */
    lr_context *a = gt_context(40, 30), *b = gt_context(80, 60);
    LRT_CHECK(a && b);
    if (a && b) {
        lr_scene *red = square_scene(lr_rgba(0, 0, 1, 1));
        lr_image ia = {0}, ib = {0};
        lr_error err;
        for (int i = 0; i < 2; i++) {
            LRT_CHECK_OK(lr_context_render(a, red, &ia, &err));
            LRT_CHECK_OK(lr_context_render(b, red, &ib, &err));
        }
        LRT_CHECK(ia.width == 40 && ib.width == 80);
        GT_CHECK_RGB(lrt_pixel(&ia, 20, 15), 255, 0, 0, 0);
        GT_CHECK_RGB(lrt_pixel(&ib, 40, 30), 255, 0, 0, 0);
        GT_CHECK_RGB(lrt_pixel(&ib, 1, 1), 0, 0, 255, 0);
        lr_context_destroy(a);
        a = NULL;
        LRT_CHECK_OK(lr_context_render(b, red, &ib, &err));
        GT_CHECK_RGB(lrt_pixel(&ib, 40, 30), 255, 0, 0, 0);
        lr_image_free(&ia);
        lr_image_free(&ib);
        lr_scene_destroy(red);
    }
    lr_context_destroy(a);
    lr_context_destroy(b);
}

static void test_msaa(void)
{
    lr_context_desc d = lr_context_desc_default(64, 48);
    d.samples = 4096; /* more than any GL gives (llvmpipe 8, NVIDIA up to 64): clamped */
    lr_context *ctx = NULL;
    lr_error err;
    LRT_CHECK_OK(lr_context_create(&d, &ctx, &err));
    if (!ctx)
        return;
    int s = lr_context_samples(ctx);
    LRT_CHECK(s >= 1 && s < 4096);
    printf("4096 samples requested, %d used\n", s);
    lr_scene *sc = square_scene(lr_rgba(0, 0, 0, 1));
    lr_image img = {0};
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    GT_CHECK_RGB(lrt_pixel(&img, 32, 24), 255, 0, 0, 0);
    GT_CHECK_RGB(lrt_pixel(&img, 1, 1), 0, 0, 0, 0);
    LRT_CHECK_NEAR(gt_channel_sum(&img, 0), 24.0 * 24.0, 1.0);
    lr_image_free(&img);
    lr_scene_destroy(sc);
    lr_context_destroy(ctx);
}

static void test_image(void)
{
    lr_context *ctx = gt_context(64, 64);
    if (!ctx)
        return;
    /* 2x2 image: red green / blue white (top row first). */
    lr_image src = {0};
    lr_image_alloc(&src, 2, 2);
    const uint8_t texels[4][4] = {{255, 0, 0, 255}, {0, 255, 0, 255}, {0, 0, 255, 255}, {255, 255, 255, 255}};
    for (int i = 0; i < 4; i++)
        memcpy(src.pixels + (size_t)(i / 2) * (size_t)src.stride + (size_t)(i % 2) * 4u, texels[i], 4);
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_mobject *m = lr_mobject_create_image(&src, (lr_rect){-2, -2, 2, 2});
    lr_scene_add(sc, m);
    lr_image img = {0};
    lr_error err;
    for (int frame = 0; frame < 2; frame++) { /* the second frame uses the cached texture */
        LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.5f, 1.5f), 255, 0, 0, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, 1.5f, 1.5f), 0, 255, 0, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.5f, -1.5f), 0, 0, 255, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, 1.5f, -1.5f), 255, 255, 255, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, 3.5f, 0.0f), 0, 0, 0, 0);
    }
    lr_mobject_set_opacity(m, 0.5f);
    LRT_CHECK_OK(lr_context_render(ctx, sc, &img, &err));
    GT_CHECK_RGB(gt_scene_pixel(&img, 1.5f, -1.5f), 128, 128, 128, 2);
    lr_image_free(&img);
    lr_image_free(&src);
    lr_scene_destroy(sc);
    lr_context_destroy(ctx);
}

/* Largest distance from points of the cubic to the quadratics, sampled. */
static float max_split_error(const lr_vec2 c[4], const lr_quad *q, uint32_t n)
{
    float worst = 0.0f;
    for (int i = 0; i <= 200; i++) {
        lr_vec2 p = lr_cubic_point(c, (float)i / 200.0f);
        float best = 1e30f;
        for (uint32_t k = 0; k < n; k++) {
            for (int j = 0; j <= 2000; j++) {
                float t = (float)j / 2000.0f, u = 1.0f - t;
                float x = u * u * q[k].p0.x + 2 * u * t * q[k].c.x + t * t * q[k].p1.x;
                float y = u * u * q[k].p0.y + 2 * u * t * q[k].c.y + t * t * q[k].p1.y;
                float d = hypotf(x - p.x, y - p.y);
                if (d < best)
                    best = d;
            }
        }
        if (best > worst)
            worst = best;
    }
    return worst;
}

static void test_cubic_to_quads(void)
{
    lr_vec2 line[4] = {{0, 0}, {1, 0}, {2, 0}, {3, 0}};
    LRT_CHECK(lr_cubic_quad_count(line, 0.1f) == 1);
    lr_vec2 s[4] = {{0, 0}, {300, 400}, {-100, 400}, {200, 0}};
    uint32_t coarse = lr_cubic_quad_count(s, 1.0f), fine = lr_cubic_quad_count(s, 0.1f);
    LRT_CHECK(coarse >= 2 && fine > coarse);
    lr_quad q[64];
    uint32_t n = 0;
    LRT_CHECK(lr_cubic_to_quads(s, 0.1f, q, &n, 64));
    LRT_CHECK(n == fine);
    /* Joints are shared exactly and the ends are the cubic's. */
    LRT_CHECK(q[0].p0.x == 0.0f && q[0].p0.y == 0.0f && q[n - 1].p1.x == 200.0f && q[n - 1].p1.y == 0.0f);
    for (uint32_t i = 1; i < n; i++)
        LRT_CHECK(q[i].p0.x == q[i - 1].p1.x && q[i].p0.y == q[i - 1].p1.y);
    float e = max_split_error(s, q, n);
    LRT_CHECK_MSG(e <= 0.1f + 0.01f, "error %g px at tolerance 0.1", (double)e);
    /* Too little room: reports failure instead of overflowing. */
    uint32_t m = 0;
    LRT_CHECK(!lr_cubic_to_quads(s, 0.1f, q, &m, 1));
    LRT_CHECK(m == 1);
}

int main(void)
{
    test_backend_names();
    test_backend_env();
    test_frame();
    test_two_contexts();
    test_msaa();
    test_image();
    test_cubic_to_quads();
    return lrt_finish("test_gpu_context");
}
