/* The animation engine without a GPU: a square is drawn, turns into a circle
 * and fades out; the program prints the scene's state as the timeline is
 * sought every quarter second, as an encoder would seek frame k at k/fps. */
#include <librender.h>

#include <stdio.h>

int main(void)
{
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_path p = {0};
    lr_path_add_rect(&p, (lr_vec2){-2, 0}, 2, 2);
    lr_mobject *square = lr_mobject_create_path(&p, lr_style_default());
    lr_path_clear(&p);
    lr_path_add_circle(&p, (lr_vec2){2, 0}, 1);
    lr_mobject *circle = lr_mobject_create_path(&p, lr_style_default());
    lr_path_free(&p);

    lr_error err = {0};
    if (lr_timeline_play1(tl, lr_anim_create(square), &err) != LR_OK ||
        lr_timeline_play1(tl, lr_anim_replacement_transform(square, circle), &err) != LR_OK ||
        lr_timeline_wait(tl, 0.5, &err) != LR_OK ||
        lr_timeline_play1(tl, lr_anim_fade_out(circle, (lr_vec2){0, 1}, 1), &err) != LR_OK) {
        fprintf(stderr, "animation: %s\n", err.message);
        return 1;
    }
    printf("duration %.2f s, %zu steps\n", lr_timeline_duration(tl), lr_timeline_step_count(tl));
    for (double t = 0; t <= lr_timeline_duration(tl) + 1e-9; t += 0.25) {
        lr_timeline_seek(tl, t, NULL);
        lr_mobject *shown = lr_mobject_get_visible(square) ? square : circle;
        lr_rect r = lr_mobject_bounds(shown);
        printf("t=%.2f %-6s visible=%d opacity=%.2f ", t, shown == square ? "square" : "circle",
               lr_mobject_get_visible(shown), lr_mobject_get_opacity(shown));
        if (lr_rect_is_empty(r))
            printf("nothing drawn yet\n");
        else
            printf("bounds x [%.2f, %.2f] y [%.2f, %.2f]\n", r.x0, r.x1, r.y0, r.y1);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    return 0;
}
