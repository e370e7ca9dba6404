/* A program outside the tree: it sees only the installed librender. */
#include <librender.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "outside.png";
    lr_scene *scene = lr_scene_create();
    lr_path circle = {0};
    lr_path_add_circle(&circle, (lr_vec2){0, 0}, 2.0f);
    lr_style style = lr_style_default();
    style.fill = (lr_color){1, 0, 0, 1};
    lr_scene_add(scene, lr_mobject_create_path(&circle, style));
    lr_path_free(&circle);
    lr_context_desc desc = lr_context_desc_default(160, 90);
    lr_context *ctx;
    lr_error err;
    if (lr_context_create(&desc, &ctx, &err) != LR_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    lr_image img = {0};
    lr_status s = lr_context_render(ctx, scene, &img, &err);
    /* The centre is red: the library really drew. */
    const uint8_t *c = img.pixels + (size_t)45 * (size_t)img.stride + 80 * 4;
    int ok = s == LR_OK && c[0] > 250 && c[1] < 5 && lr_image_write_png(&img, out, &err) == LR_OK;
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_scene_destroy(scene);
    printf("%s\n", ok ? "drew a red circle" : "failed");
    return ok ? 0 : 1;
}
