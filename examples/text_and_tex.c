/* Text and LaTeX as mobjects, built from C and drawn to a PNG:
 *   text_and_tex OUT.png
 * Text is shaped with HarfBuzz from the system's fonts (fallbacks for
 * Chinese, Hebrew, emoji); the formula is compiled by latex + dvisvgm in a
 * sandbox, and cached. Both are groups of glyph paths, centred on the
 * origin; here one is moved up and the other down. */
#include <librender.h>

#include <stdio.h>

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "text_and_tex.png";
    lr_error err;
    lr_text_context *text;
    lr_tex_context *tex;
    if (lr_text_context_create(&text, &err) != LR_OK || lr_tex_context_create(&tex, NULL, &err) != LR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    lr_scene *scene = lr_scene_create();

    lr_text_style ts = lr_text_style_default();
    ts.font_size = 60;
    ts.color = lr_rgba(1, 1, 1, 1);
    lr_mobject *hello = NULL;
    lr_status s = lr_text_create(text, "Hello, \xe4\xb8\x96\xe7\x95\x8c", &ts, &hello, &err); /* "Hello, 世界" */
    if (s == LR_OK) {
        lr_mobject_set_transform(hello, lr_affine_translate(0, 1.5f));
        lr_scene_add(scene, hello);
    }

    lr_tex_style xs = lr_tex_style_default();
    xs.font_size = 72;
    xs.color = lr_rgba(0.99f, 0.77f, 0.26f, 1); /* Manim's YELLOW */
    lr_mobject *euler = NULL;
    if (s == LR_OK)
        s = lr_tex_create(tex, "e^{i\\pi} + 1 = 0", &xs, &euler, &err);
    if (s == LR_OK) {
        lr_mobject_set_transform(euler, lr_affine_translate(0, -1.0f));
        lr_scene_add(scene, euler);
    }

    lr_context_desc desc = lr_context_desc_default(854, 480);
    lr_context *ctx = NULL;
    lr_image img = {0};
    if (s == LR_OK)
        s = lr_context_create(&desc, &ctx, &err);
    if (s == LR_OK)
        s = lr_context_render(ctx, scene, &img, &err);
    if (s == LR_OK)
        s = lr_image_write_png(&img, out, &err);
    if (s == LR_OK)
        printf("%s: %zu glyphs of text, %zu of the formula\n", out, lr_mobject_child_count(hello),
               lr_mobject_child_count(euler));
    else
        fprintf(stderr, "%s\n", err.message);
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_scene_destroy(scene);
    lr_tex_context_destroy(tex);
    lr_text_context_destroy(text);
    return s == LR_OK ? 0 : 1;
}
