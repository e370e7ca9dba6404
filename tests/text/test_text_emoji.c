/* Colour emoji: with a colour emoji font installed (Debian's
 * fonts-noto-color-emoji, in build.sh) an emoji is drawn from the font's
 * colour bitmap as an image, and the frame has its colours (saturated
 * pixels where white text has none); with no such font (a fontconfig
 * configuration that knows only DejaVu) the text still builds and a warning
 * says why the emoji is a box, once per context. */
#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

#define GRIN "\xf0\x9f\x98\x80" /* U+1F600 */
#define W 640
#define H 360

typedef struct warnings {
    int count;
    char last[512];
} warnings;

static void collect(lr_log_level level, const char *source, const char *message, void *user)
{
    warnings *w = user;
    if (level == LR_LOG_WARNING && strcmp(source, "librender") == 0) {
        w->count++;
        snprintf(w->last, sizeof w->last, "%s", message);
    }
}

static int saturated_pixels(const lr_image *img)
{
    int n = 0;
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            const uint8_t *p = lrt_pixel(img, x, y);
            int hi = p[0] > p[1] ? (p[0] > p[2] ? p[0] : p[2]) : (p[1] > p[2] ? p[1] : p[2]);
            int lo = p[0] < p[1] ? (p[0] < p[2] ? p[0] : p[2]) : (p[1] < p[2] ? p[1] : p[2]);
            n += hi > 150 && hi - lo > 100;
        }
    return n;
}

static void with_colour_font(warnings *w)
{
    lr_error err = {0};
    lr_text_context *tc = NULL;
    LRT_CHECK_OK(lr_text_context_create(&tc, &err));
    lr_text_style st = lr_text_style_default();
    st.font_size = 96;
    lr_text_glyph *g = NULL;
    size_t n = 0;
    LRT_CHECK_OK(lr_text_shape(tc, "A" GRIN, &st, &g, &n, &err));
    const char *font = n == 2 ? lr_text_context_font_name(tc, g[1].font) : NULL;
    free(g);
    /* fontconfig's own answer, not librender's, says whether one is there. */
    FILE *p = popen("fc-list ':color=True:charset=1f600' family 2>/dev/null", "r");
    char line[256] = "";
    bool installed = p && fgets(line, sizeof line, p) != NULL;
    if (p)
        pclose(p);
    if (!installed) {
        printf("no colour emoji font installed: only the warning is checked\n");
        lr_text_context_destroy(tc);
        return;
    }
    LRT_CHECK_MSG(font && strstr(font, "Color Emoji"), "fontconfig has %s but the emoji went to %s", line,
                  font ? font : "?");
    lr_mobject *text = NULL;
    LRT_CHECK_OK(lr_text_create(tc, "A" GRIN, &st, &text, &err));
    LRT_CHECK(text && lr_mobject_child_count(text) == 2);
    if (text && lr_mobject_child_count(text) == 2) {
        LRT_CHECK(lr_mobject_get_kind(lr_mobject_child(text, 0)) == LR_MOBJECT_PATH);
        LRT_CHECK(lr_mobject_get_kind(lr_mobject_child(text, 1)) == LR_MOBJECT_IMAGE);
        /* About an em high (96 pt: 1 unit), to the right of the A. */
        lr_rect e = lr_mobject_bounds(lr_mobject_child(text, 1)), a = lr_mobject_bounds(lr_mobject_child(text, 0));
        LRT_CHECK_MSG(e.y1 - e.y0 > 0.8f && e.y1 - e.y0 < 1.4f, "emoji %.2f high", e.y1 - e.y0);
        LRT_CHECK(e.x0 >= a.x1 - 0.05f);
    }
    LRT_CHECK_MSG(w->count == 0, "a warning with the font installed: %s", w->last);

    lr_context_desc desc = lr_context_desc_default(W, H);
    lr_context *gl = NULL;
    if (lr_context_create(&desc, &gl, &err) != LR_OK) {
        LRT_CHECK_MSG(0, "no GL context: %s", err.message);
    } else {
        lr_scene *scene = lr_scene_create();
        lr_scene_add(scene, text);
        text = NULL;
        lr_image img = {0};
        LRT_CHECK_OK(lr_context_render(gl, scene, &img, &err));
        int colourful = saturated_pixels(&img);
        printf("%d saturated pixels\n", colourful);
        LRT_CHECK_MSG(colourful > 600, "only %d saturated pixels: the emoji is not in colour", colourful);
        /* White text alone has none: the check can fail. */
        lr_mobject_destroy(lr_scene_remove(scene, lr_mobject_child(lr_scene_root(scene), 0)));
        lr_mobject *plain = NULL;
        LRT_CHECK_OK(lr_text_create(tc, "A", &st, &plain, &err));
        lr_scene_add(scene, plain);
        LRT_CHECK_OK(lr_context_render(gl, scene, &img, &err));
        LRT_CHECK_MSG(saturated_pixels(&img) < 20, "white text has %d saturated pixels", saturated_pixels(&img));
        lr_image_free(&img);
        lr_scene_destroy(scene);
        lr_context_destroy(gl);
    }
    lr_mobject_destroy(text);
    lr_text_context_destroy(tc);
}

static void without_colour_font(warnings *w)
{
    char conf[1024], cache[1024];
    lrt_build_path(conf, sizeof conf, "tests/text/dejavu-only-fonts.conf");
    lrt_build_path(cache, sizeof cache, "tests/text/fc-cache");
    FILE *f = fopen(conf, "w");
    LRT_CHECK(f != NULL);
    if (!f)
        return;
    fprintf(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n"
               "<dir>/usr/share/fonts/truetype/dejavu</dir>\n<cachedir>%s</cachedir>\n</fontconfig>\n",
            cache);
    fclose(f);
    setenv("FONTCONFIG_FILE", conf, 1);
    lr_error err = {0};
    lr_text_context *tc = NULL;
    LRT_CHECK_OK(lr_text_context_create(&tc, &err));
    lr_text_style st = lr_text_style_default();
    lr_mobject *text = NULL;
    *w = (warnings){0};
    LRT_CHECK_OK(lr_text_create(tc, "ok " GRIN, &st, &text, &err));
    LRT_CHECK_MSG(w->count == 1, "%d warnings", w->count);
    LRT_CHECK_MSG(strstr(w->last, "no colour emoji font") && strstr(w->last, "U+1F600") &&
                      strstr(w->last, "fonts-noto-color-emoji"),
                  "warning: \"%s\"", w->last);
    lr_mobject_destroy(text);
    text = NULL;
    LRT_CHECK_OK(lr_text_create(tc, GRIN GRIN, &st, &text, &err));
    LRT_CHECK_MSG(w->count == 1, "warned again: %d", w->count); /* once per context */
    lr_mobject_destroy(text);
    lr_text_context_destroy(tc);
    unsetenv("FONTCONFIG_FILE");
}

int main(void)
{
    warnings w = {0};
    lr_log_set_callback(collect, &w);
    with_colour_font(&w);
    without_colour_font(&w);
    lr_log_set_callback(NULL, NULL);
    return lrt_finish("text_emoji");
}
