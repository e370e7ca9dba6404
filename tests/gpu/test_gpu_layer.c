/* Frames started from the previous frame's unchanged bottom layer
 * (librender/gpu/layer.c) against full redraws: every frame of a small
 * animation must be the same image, byte for byte, whether the bottom was
 * reused or drawn. The sequence moves a shape on top (the bottom is
 * reused), changes a shape at the bottom, the background and one in the
 * middle (less or nothing is reused), repeats a frame (all of it is, and
 * it is found unchanged: nothing is drawn, the framebuffer still holds
 * it), has an image in the middle (the reuse stops under it, and no frame
 * with an image is ever "unchanged"), and runs with MSAA and across a
 * resize. */
#include "gpu_test_util.h"

#include <string.h>

#define SQUARES 24

typedef struct animation {
    lr_scene *scene;
    lr_mobject *squares[SQUARES];
    lr_mobject *ring;   /* translucent, stroked, in the middle */
    lr_mobject *top;    /* moves */
    lr_image picture;
} animation;

static lr_mobject *square(lr_vec2 c, float half, lr_style st)
{
    lr_vec2 pts[4] = {{c.x - half, c.y - half}, {c.x + half, c.y - half}, {c.x + half, c.y + half},
                      {c.x - half, c.y + half}};
    lr_path p = {0};
    gt_polygon(&p, pts, 4);
    lr_mobject *m = lr_mobject_create_path(&p, st);
    lr_path_free(&p);
    return m;
}

static void animation_build(animation *a, bool with_image)
{
    memset(a, 0, sizeof *a);
    a->scene = lr_scene_create();
    lr_scene_set_background(a->scene, lr_rgba(0.1f, 0.1f, 0.12f, 1));
    for (int i = 0; i < SQUARES; i++) {
        lr_style st = lr_style_default();
        st.fill = lr_rgba((float)(i % 6) / 5.0f, (float)(i / 6) / 3.0f, 0.5f, i % 3 == 0 ? 0.6f : 1.0f);
        st.stroke = lr_rgba(1, 1, 1, 1);
        st.stroke_width = i % 2 ? 0.04f : 0.0f;
        a->squares[i] = square((lr_vec2){-5.0f + 2.0f * (float)(i % 6), -3.0f + 2.0f * (float)(i / 6)}, 0.7f, st);
        lr_scene_add(a->scene, a->squares[i]);
    }
    if (with_image) {
        /* A 4x4 checker, drawn over the middle of the frame. */
        LRT_CHECK(lr_image_alloc(&a->picture, 4, 4) == LR_OK);
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 4; x++) {
                uint8_t *px = a->picture.pixels + (size_t)y * (size_t)a->picture.stride + 4 * (size_t)x;
                px[0] = px[1] = px[2] = (uint8_t)((x + y) % 2 ? 230 : 40);
                px[3] = 255;
            }
        lr_scene_add(a->scene, lr_mobject_create_image(&a->picture, (lr_rect){-1.0f, -1.0f, 2.0f, 2.0f}));
    }
    lr_path p = {0};
    gt_circle(&p, (lr_vec2){0.0f, 0.0f}, 2.5f, false);
    lr_style ring = gt_stroke_style(lr_rgba(1.0f, 0.8f, 0.2f, 0.7f), 0.15f, LR_JOIN_ROUND, LR_CAP_ROUND);
    a->ring = lr_mobject_create_path(&p, ring);
    lr_scene_add(a->scene, a->ring);
    lr_path_free(&p);
    gt_circle(&p, (lr_vec2){0.0f, 0.0f}, 0.9f, false);
    lr_style top = lr_style_default();
    top.fill = lr_rgba(0.2f, 0.9f, 0.4f, 0.8f);
    top.stroke = lr_rgba(0, 0, 0, 1);
    top.stroke_width = 0.06f;
    a->top = lr_mobject_create_path(&p, top);
    lr_scene_add(a->scene, a->top);
    lr_path_free(&p);
}

static void animation_free(animation *a)
{
    lr_scene_destroy(a->scene);
    lr_image_free(&a->picture);
}

/* Frame f of the animation: what changes from frame f - 1, and how many
 * paths the frame should take from the kept layer. A frame keeps the
 * bottom it shares with the one before; the next frame starts from it if
 * its own bottom is still the same. So the first frame after a change
 * below the top draws everything (and keeps the new bottom), and a change
 * in the middle is redrawn from the bottom once. A frame the same as the
 * one before is not drawn at all: all its paths count as reused. */
enum { MOVE, BOTTOM, SAME, BACKGROUND, MIDDLE };
enum { NONE = 0, SQUARES_ONLY = SQUARES, UNDER_TOP = SQUARES + 1, ALL = SQUARES + 2 };
static const struct {
    int change, reused;
} script[] = {{MOVE, NONE},   {MOVE, NONE},       {MOVE, UNDER_TOP},  {BOTTOM, NONE},
              {MOVE, NONE},   {SAME, ALL},        {SAME, ALL},        {BACKGROUND, NONE},
              {MOVE, NONE},   {MIDDLE, NONE},     {MOVE, SQUARES_ONLY}, {MOVE, UNDER_TOP}};
#define FRAMES (int)(sizeof script / sizeof script[0])

static void animation_step(animation *a, int f)
{
    switch (script[f].change) {
    case MOVE:
        lr_mobject_set_transform(a->top, lr_affine_translate((float)f * 0.37f - 2.0f, 0.2f * (float)(f % 3)));
        break;
    case BOTTOM: {
        lr_style st = lr_mobject_get_style(a->squares[0]);
        st.fill = lr_rgba(0.9f, 0.1f, 0.1f, 1);
        lr_mobject_set_style(a->squares[0], st);
        break;
    }
    case BACKGROUND:
        lr_scene_set_background(a->scene, lr_rgba(0.05f, 0.05f, 0.2f, 1));
        break;
    case MIDDLE:
        lr_mobject_set_opacity(a->ring, 0.4f);
        break;
    default:
        break;
    }
}

/* Renders the script through `reusing` and `redrawing`: every frame the
 * same, and `reusing` taking from its kept layer what the script says (up
 * to `most` paths: an image stops the reuse under it). Returns the paths
 * reused over all frames. */
static unsigned run(lr_context *reusing, lr_context *redrawing, bool with_image, int most, const char *what)
{
    animation a;
    animation_build(&a, with_image);
    lr_image x = {0}, y = {0};
    lr_error err;
    unsigned reused = 0;
    for (int f = 0; f < FRAMES; f++) {
        animation_step(&a, f);
        LRT_CHECK_OK(lr_context_render(reusing, a.scene, &x, &err));
        lr_frame_timing t = lr_context_last_timing(reusing);
        LRT_CHECK_OK(lr_context_render(redrawing, a.scene, &y, &err));
        LRT_CHECK(lr_context_last_timing(redrawing).reused_paths == 0);
        LRT_CHECK_MSG(!lr_context_last_timing(redrawing).unchanged, "%s, frame %d: a full redraw found unchanged",
                      what, f);
        bool unchanged = script[f].change == SAME && !with_image;
        LRT_CHECK_MSG(t.unchanged == unchanged, "%s, frame %d: %s", what, f,
                      unchanged ? "the same as the frame before, not found unchanged" : "found unchanged");
        bool same = x.width == y.width && x.height == y.height && x.pixels && y.pixels;
        for (int r = 0; same && r < x.height; r++)
            same = memcmp(x.pixels + (size_t)r * (size_t)x.stride, y.pixels + (size_t)r * (size_t)y.stride,
                          4 * (size_t)x.width) == 0;
        LRT_CHECK_MSG(same, "%s, frame %d (%u paths reused): differs from the full redraw", what, f, t.reused_paths);
        int want = script[f].reused < most ? script[f].reused : most;
        if (with_image && script[f].change == MIDDLE)
            want = SQUARES_ONLY; /* the layer was kept under the image, so under the ring too */
        LRT_CHECK_MSG((int)t.reused_paths == want, "%s, frame %d: %u paths reused, expected %d", what, f,
                      t.reused_paths, want);
        reused += t.reused_paths;
    }
    lr_image_free(&x);
    lr_image_free(&y);
    animation_free(&a);
    return reused;
}

/* Both contexts draw the scene; the frames must be the same bytes.
 * Returns the paths the reusing one took from its kept layer. */
static unsigned render_both(lr_context *reusing, lr_context *redrawing, lr_scene *sc, lr_image *x, lr_image *y,
                            const char *what, int f)
{
    lr_error err;
    LRT_CHECK_OK(lr_context_render(reusing, sc, x, &err));
    unsigned reused = lr_context_last_timing(reusing).reused_paths;
    LRT_CHECK_OK(lr_context_render(redrawing, sc, y, &err));
    bool same = x->pixels && y->pixels && x->stride == y->stride &&
                memcmp(x->pixels, y->pixels, (size_t)x->stride * (size_t)x->height) == 0;
    LRT_CHECK_MSG(same, "%s, frame %d (%u paths reused): differs from the full redraw", what, f, reused);
    return reused;
}

/* A row of squares that never moves beside a circle that moves at every
 * frame, apart from it: batches join paths that do not overlap, but not
 * across the paths that are changing, so once the squares have settled
 * (layer.c, SETTLED frames) they stay in the kept layer while the circle
 * moves. Then the circle stops and a square added above it moves: the
 * break under the circle stays while the one under the new square comes,
 * so the row is never drawn again. Every frame is the full redraw's. */
static void test_settled_beside_moving(lr_context *reusing, lr_context *redrawing)
{
    enum { ROW = 6, MOVES = 30, SETTLED_BY = 18, NEXT = 30 };
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_style st = lr_style_default();
    st.fill = lr_rgba(0.3f, 0.6f, 1.0f, 1.0f);
    for (int i = 0; i < ROW; i++)
        lr_scene_add(sc, square((lr_vec2){-6.0f + 0.8f * (float)i, 3.0f}, 0.3f, st));
    lr_path p = {0};
    gt_circle(&p, (lr_vec2){0.0f, 0.0f}, 0.5f, false);
    lr_mobject *dot = lr_mobject_create_path(&p, st);
    lr_path_free(&p);
    lr_scene_add(sc, dot);
    lr_image x = {0}, y = {0};
    int reused_late = 0;
    for (int f = 0; f < MOVES; f++) {
        lr_mobject_set_transform(dot, lr_affine_translate(2.0f + 0.1f * (float)f, -1.0f));
        unsigned reused = render_both(reusing, redrawing, sc, &x, &y, "settled row", f);
        if (f >= SETTLED_BY) {
            LRT_CHECK_MSG(reused == ROW, "settled row, frame %d: %u paths reused, expected the row's %d", f, reused,
                          ROW);
            reused_late += reused == ROW;
        }
    }
    printf("settled row beside a moving circle: reused in %d of the last %d frames\n", reused_late,
           MOVES - SETTLED_BY);
    lr_mobject *next = square((lr_vec2){0.0f, -3.0f}, 0.4f, st);
    lr_scene_add(sc, next);
    int row_kept = 0;
    for (int f = 0; f < NEXT; f++) {
        lr_mobject_set_transform(next, lr_affine_translate(-3.0f + 0.2f * (float)f, 0.0f));
        unsigned reused = render_both(reusing, redrawing, sc, &x, &y, "next step", f);
        LRT_CHECK_MSG(reused >= ROW, "next step, frame %d: %u paths reused, the row's %d at least", f, reused, ROW);
        row_kept += reused >= ROW;
    }
    printf("then a square above moving: the row reused in %d of %d frames\n", row_kept, NEXT);
    lr_image_free(&x);
    lr_image_free(&y);
    lr_scene_destroy(sc);
}

static lr_context *context(int w, int h, int samples, bool full_redraw)
{
    lr_context_desc d = lr_context_desc_default(w, h);
    d.samples = samples;
    d.full_redraw = full_redraw;
    lr_context *ctx = NULL;
    lr_error err;
    if (lr_context_create(&d, &ctx, &err) != LR_OK)
        fprintf(stderr, "cannot create a context: %s\n", err.message);
    return ctx;
}

int main(void)
{
    lr_context *reusing = context(640, 360, 0, false), *redrawing = context(640, 360, 0, true);
    LRT_CHECK(reusing && redrawing);
    if (!reusing || !redrawing)
        return lrt_finish("test_gpu_layer");
    test_settled_beside_moving(reusing, redrawing);
    unsigned total = run(reusing, redrawing, false, ALL, "paths only");
    printf("paths only: %u paths reused over %d frames\n", total, FRAMES);
    /* An image over the squares: nothing at or above it is reused. */
    total = run(reusing, redrawing, true, SQUARES_ONLY, "with an image");
    printf("with an image: %u paths reused\n", total);

    /* A new size: the kept layer is made again, and frames still match. */
    lr_error err;
    LRT_CHECK_OK(lr_context_resize(reusing, 480, 270, &err));
    LRT_CHECK_OK(lr_context_resize(redrawing, 480, 270, &err));
    run(reusing, redrawing, false, ALL, "after a resize");
    lr_context_destroy(reusing);
    lr_context_destroy(redrawing);

    /* MSAA: the kept layer is multisampled like the frame. */
    reusing = context(640, 360, 4, false);
    redrawing = context(640, 360, 4, true);
    LRT_CHECK(reusing && redrawing);
    if (reusing && redrawing)
        run(reusing, redrawing, false, ALL, "4x MSAA");
    lr_context_destroy(reusing);
    lr_context_destroy(redrawing);
    return lrt_finish("test_gpu_layer");
}
