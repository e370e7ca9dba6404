/* Cost of lr_timeline_seek: playing frame after frame (what the encoder
 * does) and scrubbing to random times (what the preview does), on a scene of
 * text-like groups: `glyphs` paths of 4 circles' worth of curves each.
 *
 *   anim_seek [glyphs] [updaters]
 *
 * `updaters` > 0 adds that many always_redraw-style updaters, each freeing
 * its line and building a new one from a drifting value at every seek. */
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

typedef struct redraw {
    lr_scene *scene;
    const lr_timeline *tl;
    size_t value;
    float x;
    long calls;
} redraw;

static lr_status redraw_line(lr_mobject *box, double t, void *user, lr_error *err)
{
    (void)t;
    redraw *r = user;
    if (lr_mobject_child_count(box) > 0)
        lr_mobject_destroy(lr_scene_remove(r->scene, lr_mobject_child(box, 0)));
    float y = (float)lr_timeline_value_get(r->tl, r->value);
    lr_path p = {0};
    lr_status st = lr_path_add_line(&p, (lr_vec2){r->x, y}, (lr_vec2){r->x + 0.05f, y + 1});
    lr_mobject *line = st == LR_OK ? lr_mobject_create_path(&p, lr_style_default()) : NULL;
    lr_path_free(&p);
    if (!line || lr_mobject_add_child(box, line) != LR_OK) {
        lr_mobject_destroy(line);
        return lr_error_set(err, LR_ERR_NOMEM, "anim_seek: out of memory");
    }
    r->calls++;
    return LR_OK;
}

int main(int argc, char **argv)
{
    int glyphs = argc > 1 ? atoi(argv[1]) : 200;
    int nupdaters = argc > 2 ? atoi(argv[2]) : 0;
    lr_scene *scene = lr_scene_create();
    lr_timeline *tl = lr_timeline_create(scene);
    redraw *redraws = calloc(nupdaters > 0 ? (size_t)nupdaters : 1, sizeof *redraws);
    size_t value = 0;
    if (nupdaters > 0 && lr_timeline_value_add(tl, -3, 0.5, &value, NULL) != LR_OK)
        return 1;
    for (int i = 0; i < nupdaters; i++) {
        redraws[i] = (redraw){scene, tl, value, (float)i * 0.1f - 5.0f, 0};
        lr_mobject *box = lr_mobject_create_group();
        lr_scene_add(scene, box);
        if (lr_timeline_add_updater(tl, box, redraw_line, &redraws[i], NULL) != LR_OK)
            return 1;
    }
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
    if (nupdaters > 0) {
        long calls = 0;
        for (int i = 0; i < nupdaters; i++)
            calls += redraws[i].calls;
        printf("  with %d updaters: %.1f updater calls per seek\n", nupdaters,
               (double)calls / (double)(2 * frames + jumps));
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    free(redraws);
    return 0;
}
