/* A LaTeX formula drawn by the GPU backend: against a reference image,
 * and its inked pixels where its bounds say. */
#include "lrtest.h"

#include <sys/stat.h>

#define W 480
#define H 270

int main(void)
{
    lr_error err;
    lr_context_desc desc = lr_context_desc_default(W, H);
    lr_context *gl = NULL;
    if (lr_context_create(&desc, &gl, &err) != LR_OK) {
        fprintf(stderr, "no GL context: %s\n", err.message);
        LRT_CHECK(0);
        return lrt_finish("tex_render");
    }
    char cache[1024];
    lrt_build_path(cache, sizeof cache, "tests/tex/cache_render");
    mkdir(cache, 0700);
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = cache;
    lr_tex_context *tc = NULL;
    LRT_CHECK_OK(lr_tex_context_create(&tc, &cfg, &err));
    lr_tex_style st = lr_tex_style_default();
    st.font_size = 72;
    lr_tex_color colors[] = {{"\\sqrt{x^2+y^2}", {0.345f, 0.769f, 0.867f, 1}}}; /* BLUE_C */
    st.colors = colors;
    st.ncolors = 1;
    lr_mobject *m = NULL;
    if (tc)
        LRT_CHECK_OK(lr_tex_create(tc, "\\frac{a}{b} + \\sqrt{x^2+y^2} = \\int_0^1 f(t)\\,dt", &st, &m, &err));
    if (m) {
        lr_rect b = lr_mobject_bounds(m);
        lr_scene *scene = lr_scene_create();
        lr_scene_add(scene, m);
        lr_image img = {0};
        LRT_CHECK_OK(lr_context_render(gl, scene, &img, &err));
        if (img.pixels) {
            lrt_check_image(&img, "tex/ref/tex_formula.png", 48, W * H / 200);
            int x0 = W, y0 = H, x1 = -1, y1 = -1;
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    const uint8_t *p = lrt_pixel(&img, x, y);
                    if (p[0] > 100 || p[1] > 100 || p[2] > 100) {
                        x0 = x < x0 ? x : x0;
                        x1 = x > x1 ? x : x1;
                        y0 = y < y0 ? y : y0;
                        y1 = y > y1 ? y : y1;
                    }
                }
            float ppu = (float)H / 8.0f;
            LRT_CHECK_NEAR(x0, W / 2.0f + b.x0 * ppu, 2.0);
            LRT_CHECK_NEAR(x1 + 1, W / 2.0f + b.x1 * ppu, 2.0);
            LRT_CHECK_NEAR(y0, H / 2.0f - b.y1 * ppu, 2.0);
            LRT_CHECK_NEAR(y1 + 1, H / 2.0f - b.y0 * ppu, 2.0);
            lr_image_free(&img);
        }
        lr_scene_destroy(scene);
    }
    lr_tex_context_destroy(tc);
    lr_context_destroy(gl);
    return lrt_finish("tex_render");
}
