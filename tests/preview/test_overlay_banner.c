/* The preview's error banner, built and drawn headless: a LaTeX error over
 * several lines, a line with no space to break at, a line of wide glyphs
 * and more errors than the banner holds all stay inside the banner's box;
 * below it the overlay is see-through (alpha 0) everywhere. */
#include "lrtest.h"

#include "preview/preview_internal.h"

#include <stdlib.h>
#include <string.h>

#define W 854
#define H 480

/* Rows from the top that the banner covers at column x (alpha > 0). */
static int banner_bottom(const lr_image *img, int x)
{
    int y = 0;
    while (y < img->height && lrt_pixel(img, x, y)[3] > 0)
        y++;
    return y - 1;
}

static long drawn_below(const lr_image *img, int from_row)
{
    long n = 0;
    for (int y = from_row; y < img->height; y++)
        for (int x = 0; x < img->width; x++)
            n += lrt_pixel(img, x, y)[3] > 0;
    return n;
}

static void check_banner(lr_context *gl, lr_text_context *tc, char **errors, size_t nerrors, const char *what)
{
    lr_preview pv;
    memset(&pv, 0, sizeof pv);
    pv.width = W;
    pv.height = H;
    pv.orientation = LR_LANDSCAPE;
    pv.overlays = LR_PREVIEW_OVERLAY_ERRORS;
    pv.text = tc;
    pv.errors = errors;
    pv.nerrors = nerrors;
    lr_error err = {0};
    LRT_CHECK_OK(lr_preview_overlay_build(&pv, &err));
    if (!pv.overlay_scene)
        return;
    lr_image img = {0};
    LRT_CHECK_OK(lr_context_render(gl, pv.overlay_scene, &img, &err));
    int bottom = banner_bottom(&img, 1);
    LRT_CHECK_MSG(bottom > 20 && bottom < H / 2, "%s: the banner ends at row %d", what, bottom);
    long spill = drawn_below(&img, bottom + 1);
    LRT_CHECK_MSG(spill == 0, "%s: %ld pixels drawn below the banner (row %d)", what, spill, bottom);
    /* Text inside the banner, not just its box: light pixels in it. */
    long text = 0;
    for (int y = 0; y <= bottom; y++)
        for (int x = 4; x < W - 4; x++)
            text += lrt_pixel(&img, x, y)[1] > 150;
    LRT_CHECK_MSG(text > 500, "%s: only %ld text pixels in the banner", what, text);
    if (getenv("LRT_PREVIEW_SHOTS")) {
        char path[256];
        snprintf(path, sizeof path, "banner-%s.png", what);
        lr_image_write_png(&img, path, NULL);
    }
    lr_image_free(&img);
    lr_scene_destroy(pv.overlay_scene);
}

int main(void)
{
    lr_error err = {0};
    lr_context_desc desc = lr_context_desc_default(W, H);
    lr_context *gl = NULL;
    lr_text_context *tc = NULL;
    if (lr_context_create(&desc, &gl, &err) != LR_OK || lr_text_context_create(&tc, &err) != LR_OK) {
        LRT_CHECK_MSG(0, "%s", err.message);
        lr_context_destroy(gl);
        return lrt_finish("preview_banner");
    }
    char tex[] = "scene.json: sections[2].objects[4] (eq): LaTeX error: ! Undefined control sequence.\n"
                 "l.7 a^2 + b^2 = \\cee\n"
                 "                    ^2\n"
                 "(in the formula \"a^2 + b^2 = \\cee^2\")";
    char *one[] = {tex};
    check_banner(gl, tc, one, 1, "latex");

    char unbroken[400], wide[200], *many[12];
    memset(unbroken, 'x', sizeof unbroken - 1);
    unbroken[sizeof unbroken - 1] = '\0';
    memset(wide, 'W', sizeof wide - 1);
    wide[sizeof wide - 1] = '\0';
    char *mixed[] = {unbroken, wide, tex};
    check_banner(gl, tc, mixed, 3, "long");
    for (size_t i = 0; i < 12; i++)
        many[i] = tex;
    check_banner(gl, tc, many, 12, "many");

    lr_text_context_destroy(tc);
    lr_context_destroy(gl);
    return lrt_finish("preview_banner");
}
