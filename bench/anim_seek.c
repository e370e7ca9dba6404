/* Cost of lr_timeline_seek: playing frame after frame (what the encoder
 * does) and scrubbing to random times (what the preview does), on a scene of
 * text-like groups: `glyphs` paths of 4 circles' worth of curves each. */
#include <librender.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static lr_mobject *word(int glyphs, float y)
{
    lr_mobject *g = lr_mobject_create_group();
    for (int i = 0; i < glyphs; i++) {
        lr_path p = {0};
        for (int k = 0; k < 4; k++)
            lr_path_add_circle(&p, (lr_vec2){(float)i * 0.3f - 6.0f + 0.05f * (float)k, y}, 0.1f);
        lr_style s = lr_style_default();
        s.fill = lr_rgba(1, 1, 1, 1);
        lr_mobject_add_child(g, lr_mobject_create_path(&p, s));
        lr_path_free(&p);
    }
    return g;
}

int main(int argc, char **argv)
{
    int glyphs = argc > 1 ? atoi(argv[1]) : 200;
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    lr_mobject *a = word(glyphs, 1), *b = word(glyphs, -1), *c = word(glyphs / 2, -2.5f);
    lr_timeline_play1(tl, lr_anim_write(a), NULL);
    lr_timeline_play(tl, (lr_anim *[]){lr_anim_create(b), lr_anim_fade_in(c, (lr_vec2){0, 1}, 1)}, 2, NULL);
    lr_timeline_play1(tl, lr_anim_transform(a, c), NULL);
    lr_timeline_wait(tl, 1, NULL);
    lr_timeline_play1(tl, lr_anim_indicate(b, 1.2f, lr_rgba(1, 1, 0, 1)), NULL);
    double fps = 60;
    int64_t frames = lr_timeline_frame_count(tl, fps);

    double t0 = now();
    for (int64_t k = 0; k < frames; k++)
        if (lr_timeline_seek_frame(tl, k, fps, NULL) != LR_OK)
            return 1;
    double first = now() - t0;
    t0 = now();
    for (int64_t k = 0; k < frames; k++)
        lr_timeline_seek_frame(tl, k, fps, NULL);
    double second = now() - t0;
    srand(1);
    int jumps = 200;
    t0 = now();
    for (int i = 0; i < jumps; i++)
        lr_timeline_seek(tl, lr_timeline_duration(tl) * rand() / RAND_MAX, NULL);
    double random = now() - t0;

    printf("anim_seek: %d glyph paths x 3 groups (%d curves), %.1f s timeline, %lld frames at %.0f fps\n", glyphs,
           (glyphs * 2 + glyphs / 2) * 16, lr_timeline_duration(tl), (long long)frames, fps);
    printf("  sequential, first pass (computes snapshots): %.3f ms/frame\n", first * 1e3 / (double)frames);
    printf("  sequential, second pass:                     %.3f ms/frame\n", second * 1e3 / (double)frames);
    printf("  random seeks:                                %.3f ms/seek\n", random * 1e3 / jumps);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    return 0;
}
