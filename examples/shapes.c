/* The shape constructors: a gallery of Manim's basic shapes drawn to
 * shapes.png (a headless GL context is needed for the picture; without one
 * the program still prints each shape's bounds). */
#include <librender.h>

#include <math.h>
#include <stdio.h>

static void add(lr_scene *scene, const char *name, lr_mobject *m, lr_error *err)
{
    if (!m) {
        fprintf(stderr, "%s: %s\n", name, err->message);
        return;
    }
    lr_rect r = lr_mobject_bounds(m);
    printf("%-18s x [%6.2f, %6.2f] y [%6.2f, %6.2f]\n", name, r.x0, r.x1, r.y0, r.y1);
    lr_scene_add(scene, m);
}

int main(void)
{
    const float pi = 3.14159265f;
    lr_scene *scene = lr_scene_create();
    lr_error err = {0};
    lr_style white = lr_style_default();
    lr_style blue = white;
    blue.stroke = lr_rgba(0.35f, 0.77f, 0.87f, 1); /* BLUE_C */
    blue.fill = lr_rgba(0.35f, 0.77f, 0.87f, 0.5f);
    lr_style yellow = lr_shape_style_filled(lr_rgba(1, 1, 0, 1));
    lr_style yellow_line = white;
    yellow_line.stroke = lr_rgba(1, 1, 0, 1);

    add(scene, "circle", lr_shape_circle((lr_vec2){-5, 2}, 1, blue, &err), &err);
    add(scene, "square", lr_shape_rectangle((lr_vec2){-2.5f, 2}, 2, 2, white, &err), &err);
    add(scene, "rounded rectangle", lr_shape_rounded_rectangle((lr_vec2){0.5f, 2}, 2.5f, 1.5f, 0.3f, blue, &err),
        &err);
    add(scene, "star", lr_shape_star((lr_vec2){3.5f, 2}, 1, 0.4f, 5, pi / 2, yellow, &err), &err);
    add(scene, "hexagon", lr_shape_regular_polygon((lr_vec2){5.8f, 2}, 0.9f, 6, 0, white, &err), &err);
    add(scene, "ellipse", lr_shape_ellipse((lr_vec2){-5, -0.5f}, 1.2f, 0.6f, white, &err), &err);
    add(scene, "annulus", lr_shape_annulus((lr_vec2){-2.5f, -0.5f}, 0.5f, 1, blue, &err), &err);
    add(scene, "sector", lr_shape_sector((lr_vec2){0, -0.8f}, 0, 1.2f, pi / 6, 2 * pi / 3, yellow, &err), &err);
    add(scene, "ring slice", lr_shape_sector((lr_vec2){2.5f, -1}, 0.6f, 1.2f, 0, pi, blue, &err), &err);
    add(scene, "arc", lr_shape_arc((lr_vec2){5.5f, -0.5f}, 0.9f, 0, 1.5f * pi, white, &err), &err);
    add(scene, "dot", lr_shape_dot((lr_vec2){5.5f, -0.5f}, 0, yellow, &err), &err);
    add(scene, "arrow", lr_shape_arrow((lr_vec2){-6.5f, -3}, (lr_vec2){-3.5f, -2.5f}, NULL, white, &err), &err);
    add(scene, "double arrow", lr_shape_double_arrow((lr_vec2){-3, -3}, (lr_vec2){0, -3}, NULL, blue, &err), &err);
    add(scene, "vector", lr_shape_vector((lr_vec2){1, 1}, yellow_line, &err), &err);
    add(scene, "dashed line", lr_shape_dashed_line((lr_vec2){1, -3.2f}, (lr_vec2){6.5f, -2.4f}, 0, -1, white, &err),
        &err);

    lr_context *ctx = NULL;
    lr_context_desc desc = lr_context_desc_default(960, 540);
    lr_image img = {0};
    int rc = 0;
    if (lr_context_create(&desc, &ctx, &err) != LR_OK) {
        printf("no GL context (%s): bounds only\n", err.message);
    } else if (lr_context_render(ctx, scene, &img, &err) != LR_OK ||
               lr_image_write_png(&img, "shapes.png", &err) != LR_OK) {
        fprintf(stderr, "shapes: %s\n", err.message);
        rc = 1;
    } else {
        printf("wrote shapes.png\n");
    }
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_scene_destroy(scene);
    return rc;
}
