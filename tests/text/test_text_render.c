/* Text drawn by the GPU backend: Latin and Chinese against a reference
 * image, and the inked pixels where the glyph bounds say they are. */
#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

#define W 480
#define H 270

/* The box of pixels brighter than `threshold` in any channel. */
static bool ink_box(const lr_image *img, int threshold, int *x0, int *y0, int *x1, int *y1)
{
    *x0 = img->width;
    *y0 = img->height;
    *x1 = -1;
    *y1 = -1;
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            const uint8_t *p = lrt_pixel(img, x, y);
            if (p[0] > threshold || p[1] > threshold || p[2] > threshold) {
                if (x < *x0)
                    *x0 = x;
                if (x > *x1)
                    *x1 = x;
                if (y < *y0)
                    *y0 = y;
                if (y > *y1)
                    *y1 = y;
            }
        }
    return *x1 >= 0;
}

int main(void)
{
    lr_error err;
    lr_context_desc desc = lr_context_desc_default(W, H);
    lr_context *gl = NULL;
    if (lr_context_create(&desc, &gl, &err) != LR_OK) {
        fprintf(stderr, "no GL context: %s\n", err.message);
        LRT_CHECK(0);
        return lrt_finish("text_render");
    }
    lr_text_context *tc = NULL;
    LRT_CHECK_OK(lr_text_context_create(&tc, &err));

    lr_scene *scene = lr_scene_create();
    lr_text_style st = lr_text_style_default();
    lr_mobject *latin = NULL, *cjk = NULL;
    LRT_CHECK_OK(lr_text_create(tc, "Hello, world!", &st, &latin, &err));
    lr_text_span span = {"a\xc2\xb2+b\xc2\xb2", 0, 0, {1, 1, 0, 1}};
    st.spans = &span;
    st.nspans = 1;
    LRT_CHECK_OK(lr_text_create(tc, "\xe5\x8b\xbe\xe8\x82\xa1\xe5\xae\x9a\xe7\x90\x86 a\xc2\xb2+b\xc2\xb2=c\xc2\xb2", &st,
                                &cjk, &err));
    if (!latin || !cjk) {
        lr_mobject_destroy(latin);
        lr_mobject_destroy(cjk);
        lr_scene_destroy(scene);
        lr_text_context_destroy(tc);
        lr_context_destroy(gl);
        return lrt_finish("text_render");
    }
    lr_mobject_set_transform(latin, lr_affine_translate(0, 1));
    lr_mobject_set_transform(cjk, lr_affine_translate(0, -1));
    lr_rect bl = lr_mobject_bounds(latin);
    lr_scene_add(scene, latin);
    lr_scene_add(scene, cjk);

    lr_image img = {0};
    LRT_CHECK_OK(lr_context_render(gl, scene, &img, &err));
    if (img.pixels) {
        lrt_check_image(&img, "text/ref/text_latin_cjk.png", 48, W * H / 200);

        /* The Latin line alone: its inked box matches its bounds. Scene to
         * pixels: 8 units span H pixels, origin in the middle, y down. */
        float ppu = (float)H / 8.0f;
        int x0, y0, x1, y1;
        lr_image top = img;
        top.height = H / 2 - 10; /* the Latin line sits in the upper half */
        if (ink_box(&top, 100, &x0, &y0, &x1, &y1)) {
            LRT_CHECK_NEAR(x0, W / 2.0f + bl.x0 * ppu, 2.0);
            LRT_CHECK_NEAR(x1 + 1, W / 2.0f + bl.x1 * ppu, 2.0);
            LRT_CHECK_NEAR(y0, H / 2.0f - bl.y1 * ppu, 2.0);
            LRT_CHECK_NEAR(y1 + 1, H / 2.0f - bl.y0 * ppu, 2.0);
        } else {
            LRT_CHECK_MSG(0, "no ink in the upper half");
        }
        /* the highlighted term is yellow: some pixel has red and green high
         * and blue low */
        int yellow = 0;
        for (int y = H / 2; y < H; y++)
            for (int x = 0; x < W; x++) {
                const uint8_t *p = lrt_pixel(&img, x, y);
                yellow += p[0] > 100 && abs(p[0] - p[1]) < 8 && p[2] < 40;
            }
        LRT_CHECK_MSG(yellow > 60, "%d yellow pixels", yellow);
        lr_image_free(&img);
    }
    lr_scene_destroy(scene);
    lr_text_context_destroy(tc);
    lr_context_destroy(gl);
    return lrt_finish("text_render");
}
