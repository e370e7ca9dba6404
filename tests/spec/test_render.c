/* A built section drawn by the GPU path: objects appear at the pixels the
 * anchor grid promises, in the spec's colours, and the whole frame matches
 * a reference that a person has looked at. */
#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

#define W 854
#define H 480

/* Scene point -> pixel (default camera: 8 units high, centred). */
static void to_pixel(lr_vec2 p, int *x, int *y)
{
    float scale = (float)H / 8.0f;
    *x = (int)((p.x + (float)W / scale * 0.5f) * scale);
    *y = (int)((4.0f - p.y) * scale);
}

static const uint8_t *pixel_at(const lr_image *img, lr_vec2 p)
{
    int x, y;
    to_pixel(p, &x, &y);
    return lrt_pixel(img, x, y);
}

int main(void)
{
    char path[1024];
    lr_spec *spec = NULL;
    lr_spec_errors *errs = lr_spec_errors_create();
    LRT_CHECK_OK(lr_spec_load_file(lrt_source_path(path, sizeof path, "examples/spec_minimal.json"), &spec, errs));
    lr_spec_errors_destroy(errs);
    if (!spec)
        return lrt_finish("spec_render");
    lr_spec_meta meta = lr_spec_get_meta(spec);
    LRT_CHECK(meta.width == W && meta.height == H);

    lr_context_desc desc = lr_context_desc_default(W, H);
    lr_context *ctx = NULL;
    lr_error err = {0};
    if (lr_context_create(&desc, &ctx, &err) != LR_OK) {
        fprintf(stderr, "no OpenGL context, nothing drawn: %s\n", err.message);
        LRT_CHECK(err.status == LR_ERR_NO_CONTEXT);
        lr_spec_destroy(spec);
        return lrt_finish("spec_render");
    }
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    lr_image img = {0};
    if (scene && tl) {
        /* t = 2: the circle is drawn, the square has grown, and the third
         * step (line 2, the transform, the caption fading in) has just begun */
        LRT_CHECK_OK(lr_timeline_seek(tl, 2.0, &err));
        LRT_CHECK_MSG(lr_context_render(ctx, scene, &img, &err) == LR_OK, "%s", err.message);
    }
    if (img.pixels) {
        /* the circle's fill at B2's centre: BLUE (#58C4DD) at half opacity
         * over black */
        const uint8_t *c = pixel_at(&img, (lr_vec2){2.0f, 1.0f});
        LRT_CHECK_MSG(abs(c[0] - 0x58 / 2) <= 8 && abs(c[1] - 0xC4 / 2) <= 8 && abs(c[2] - 0xDD / 2) <= 8,
                      "circle fill %d %d %d", c[0], c[1], c[2]);
        /* the square at B5 is an outline: black inside, orange on its edge */
        const uint8_t *s = pixel_at(&img, (lr_vec2){5.0f, 1.0f});
        LRT_CHECK_MSG(s[0] < 10 && s[1] < 10 && s[2] < 10, "square inside %d %d %d", s[0], s[1], s[2]);
        const uint8_t *e = pixel_at(&img, (lr_vec2){5.8f, 1.0f});
        LRT_CHECK_MSG(e[0] > 200 && e[1] > 100 && e[1] < 160 && e[2] < 80, "square edge %d %d %d", e[0], e[1], e[2]);
        /* nothing yet where the caption will be (E1..E6) */
        const uint8_t *k = pixel_at(&img, (lr_vec2){3.5f, -2.0f});
        LRT_CHECK(k[0] < 10 && k[1] < 10 && k[2] < 10);
        /* the current lecture line (2) is yellow, line 1 dimmed white */
        int yellow = 0, grey = 0;
        lr_rect l1 = lr_layout_line_rect(LR_LANDSCAPE, 2), l0 = lr_layout_line_rect(LR_LANDSCAPE, 1);
        int x0, y0, x1, y1;
        to_pixel((lr_vec2){l1.x0, l1.y1}, &x0, &y0);
        to_pixel((lr_vec2){l1.x1, l1.y0}, &x1, &y1);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++) {
                const uint8_t *p = lrt_pixel(&img, x, y);
                yellow += p[0] > 200 && p[1] > 200 && p[2] < 60;
            }
        to_pixel((lr_vec2){l0.x0, l0.y1}, &x0, &y0);
        to_pixel((lr_vec2){l0.x1, l0.y0}, &x1, &y1);
        for (int y = y0; y < y1; y++)
            for (int x = x0; x < x1; x++) {
                const uint8_t *p = lrt_pixel(&img, x, y);
                grey += p[0] > 80 && p[0] < 140 && abs(p[0] - p[2]) < 8;
            }
        LRT_CHECK_MSG(yellow > 100 && grey > 100, "yellow %d, grey %d", yellow, grey);
        lrt_check_image(&img, "spec/ref/minimal_t2.png", 24, W * H / 200);
    }
    lr_image_free(&img);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_context_destroy(ctx);
    lr_spec_destroy(spec);
    return lrt_finish("spec_render");
}
