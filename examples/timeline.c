/* A timeline built in C, drawn and encoded frame by frame:
 *   timeline OUT.mp4
 * A square is drawn (Create) and becomes a circle (Transform); then a value
 * (Manim's ValueTracker) goes from -4 to 4 and an updater puts a dot at
 * x = the value at every frame; the circle fades out. */
#include <librender.h>

#include <stdio.h>

enum { W = 854, H = 480, FPS = 15 };

typedef struct tracker {
    lr_timeline *tl;
    size_t value;
} tracker;

/* The updater: the dot (the container's one child) sits at the value. */
static lr_status follow(lr_mobject *container, double t, void *user, lr_error *err)
{
    (void)t;
    (void)err;
    const tracker *k = user;
    float x = (float)lr_timeline_value_get(k->tl, k->value);
    lr_mobject_set_transform(lr_mobject_child(container, 0), lr_affine_translate(x, 0));
    return LR_OK;
}

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "timeline.mp4";
    lr_error err = {0};
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_style blue = lr_style_default();
    blue.stroke = lr_rgba(0.35f, 0.77f, 0.87f, 1);
    blue.fill = lr_rgba(0.35f, 0.77f, 0.87f, 0.5f);
    lr_mobject *square = lr_shape_rectangle((lr_vec2){0, 1}, 2, 2, blue, &err);
    lr_mobject *circle = lr_shape_circle((lr_vec2){0, 1}, 1, blue, &err);
    lr_mobject *dot = lr_shape_dot((lr_vec2){0, -2}, 0.15f, lr_shape_style_filled(lr_rgba(1, 1, 0, 1)), &err);
    lr_mobject *holder = lr_mobject_create_group();
    lr_mobject_add_child(holder, dot);

    tracker k = {tl, 0};
    lr_status s = lr_timeline_value_add(tl, -4, 0, &k.value, &err);
    if (s == LR_OK)
        s = lr_timeline_play1(tl, lr_anim_create(square), &err);                        /* 0 - 1 s */
    if (s == LR_OK)
        s = lr_timeline_play1(tl, lr_anim_replacement_transform(square, circle), &err); /* 1 - 2 s */
    if (s == LR_OK)
        s = lr_timeline_add_updater(tl, holder, follow, &k, &err);
    if (s == LR_OK)
        s = lr_timeline_add(tl, holder, &err);
    lr_anim *sweep = s == LR_OK ? lr_anim_set_value(tl, k.value, 4) : NULL;             /* 2 - 4 s */
    if (s == LR_OK && (s = lr_anim_set_run_time(sweep, 2, &err)) == LR_OK)
        s = lr_timeline_play1(tl, sweep, &err);
    if (s == LR_OK)
        s = lr_timeline_play1(tl, lr_anim_fade_out(circle, (lr_vec2){0, 0}, 1), &err); /* 4 - 5 s */

    lr_context_desc desc = lr_context_desc_default(W, H);
    lr_context *ctx = NULL;
    lr_encoder *enc = NULL;
    lr_encoder_desc ed = lr_encoder_desc_default(out, W, H, FPS);
    if (s == LR_OK)
        s = lr_context_create(&desc, &ctx, &err);
    if (s == LR_OK)
        s = lr_encoder_open(&ed, &enc, &err);
    int64_t frames = lr_timeline_frame_count(tl, FPS);
    lr_image img = {0};
    for (int64_t f = 0; s == LR_OK && f < frames; f++) {
        s = lr_timeline_seek_frame(tl, f, FPS, &err);
        if (s == LR_OK && f % FPS == 0)
            printf("t=%.1f value=%.2f\n", (double)f / FPS, lr_timeline_value_get(tl, k.value));
        if (s == LR_OK)
            s = lr_context_render(ctx, scene, &img, &err);
        if (s == LR_OK)
            s = lr_encoder_push_rgba(enc, img.pixels, img.stride, &err);
    }
    if (s == LR_OK)
        s = lr_encoder_finish(enc, NULL, &err);
    else
        lr_encoder_abort(enc);
    if (s == LR_OK)
        printf("%s: %lld frames, %.1f s\n", out, (long long)frames, lr_timeline_duration(tl));
    else
        fprintf(stderr, "%s\n", err.message);
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    return s == LR_OK ? 0 : 1;
}
