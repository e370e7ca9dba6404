/* The readback ring: frames read through pixel buffer objects are the frames
 * lr_context_read gives, byte for byte, in the order they were drawn, through
 * many turns of the ring, with MSAA and with a see-through background; the
 * GPU's YUV pass gives the bytes of the encoder's own converter (yuv420p and
 * NV12), through the ring too; and
 * the misuses (full ring, nothing pending, double map, resized context) are
 * errors, not corruption. */
#include "gpu_test_util.h"

#include "encode/convert.h"

#include <pthread.h>
#include <string.h>
#include <time.h>

#define W 70
#define H 46
#define FRAMES 11 /* several turns of a ring of 3 */

/* Frame k: a disc moving right over a background whose colour encodes k, so
 * that frames cannot be confused with each other. */
static lr_scene *frame_scene(int k, float bg_alpha)
{
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba((float)k / 16.0f, 0.2f, 1.0f - (float)k / 16.0f, bg_alpha));
    lr_path p = {0};
    gt_circle(&p, (lr_vec2){-5.0f + (float)k * 0.9f, 0.3f}, 1.7f, false);
    lr_style st = gt_fill_style(lr_rgba(1.0f, 0.8f, 0.1f, 0.7f));
    gt_add(sc, &p, st);
    lr_path_free(&p);
    return sc;
}

/* The view's rows against an lr_image, row by row (the view may run
 * bottom-up with a negative stride). */
static bool view_equals(const lr_frame_view *v, const lr_image *img, int *first_bad_row)
{
    if (v->width != img->width || v->height != img->height)
        return false;
    for (int y = 0; y < v->height; y++) {
        const uint8_t *a = v->pixels + (ptrdiff_t)y * v->stride;
        if (memcmp(a, img->pixels + (size_t)y * (size_t)img->stride, (size_t)v->width * 4u) != 0) {
            *first_bad_row = y;
            return false;
        }
    }
    return true;
}

/* Draws FRAMES frames; each goes into the ring and is also read
 * synchronously as the reference; frames leave the ring oldest first. */
static void ring_matches_sync(int samples, float bg_alpha, int depth)
{
    lr_context_desc d = lr_context_desc_default(W, H);
    d.samples = samples;
    lr_context *ctx = NULL;
    lr_error err;
    LRT_CHECK_OK(lr_context_create(&d, &ctx, &err));
    if (!ctx)
        return;
    lr_readback *rb = NULL;
    LRT_CHECK_OK(lr_readback_create(ctx, depth, LR_READBACK_RGBA, &rb, &err));
    if (!rb) {
        lr_context_destroy(ctx);
        return;
    }
    lr_image ref[FRAMES];
    memset(ref, 0, sizeof ref);
    int64_t next_out = 0;
    int mismatches = 0, out_of_order = 0, max_pending = 0;
    for (int k = 0; k < FRAMES + 3; k++) {
        if (k < FRAMES) {
            lr_scene *sc = frame_scene(k, bg_alpha);
            LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
            /* Oldest out before this one goes in, as the video loop does. */
            if (lr_readback_full(rb)) {
                lr_frame_view v;
                LRT_CHECK_OK(lr_readback_map(rb, &v, &err));
                int bad = -1;
                if (v.index != next_out)
                    out_of_order++;
                else if (!view_equals(&v, &ref[v.index], &bad))
                    mismatches++;
                next_out++;
                lr_readback_release(rb);
            }
            LRT_CHECK_OK(lr_readback_begin(rb, &err));
            LRT_CHECK_OK(lr_context_read(ctx, &ref[k], &err));
            lr_scene_destroy(sc);
            if (lr_readback_pending(rb) > max_pending)
                max_pending = lr_readback_pending(rb);
        } else {
            while (lr_readback_pending(rb) > 0) {
                lr_frame_view v;
                LRT_CHECK_OK(lr_readback_map(rb, &v, &err));
                int bad = -1;
                if (v.index != next_out)
                    out_of_order++;
                else if (!view_equals(&v, &ref[v.index], &bad))
                    mismatches++;
                next_out++;
                lr_readback_release(rb);
            }
        }
    }
    int want_depth = depth == 0 ? 3 : depth;
    LRT_CHECK_MSG(next_out == FRAMES, "%lld frames out of %d in", (long long)next_out, FRAMES);
    LRT_CHECK_MSG(out_of_order == 0, "%d frames out of order", out_of_order);
    LRT_CHECK_MSG(mismatches == 0, "%d frames differ from lr_context_read (samples %d, alpha %.1f)", mismatches,
                  samples, (double)bg_alpha);
    LRT_CHECK_MSG(max_pending == want_depth, "at most %d frames were in flight, expected %d", max_pending,
                  want_depth);
    /* The frames differ from each other: equality above means something. */
    LRT_CHECK(memcmp(ref[0].pixels, ref[FRAMES - 1].pixels, (size_t)W * H * 4u) != 0);
    for (int k = 0; k < FRAMES; k++)
        lr_image_free(&ref[k]);
    lr_readback_destroy(rb);
    lr_context_destroy(ctx);
}

/* The view's layout: top row first with a negative stride for an opaque
 * frame, so it can go to lr_encoder_push_rgba with no flip. */
static void view_layout(void)
{
    lr_context *ctx = gt_context(W, H);
    LRT_CHECK(ctx != NULL);
    if (!ctx)
        return;
    lr_error err;
    lr_readback *rb = NULL;
    LRT_CHECK_OK(lr_readback_create(ctx, 2, LR_READBACK_RGBA, &rb, &err));
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    /* A bar along the top edge only: y up in scene units, so +4 is the top. */
    lr_path p = {0};
    lr_vec2 pts[4] = {{-20, 4}, {20, 4}, {20, 3}, {-20, 3}};
    gt_polygon(&p, pts, 4);
    gt_add(sc, &p, gt_fill_style(lr_rgba(1, 1, 1, 1)));
    lr_path_free(&p);
    LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
    LRT_CHECK_OK(lr_readback_begin(rb, &err));
    lr_frame_view v;
    LRT_CHECK_OK(lr_readback_map(rb, &v, &err));
    LRT_CHECK(v.width == W && v.height == H && v.index == 0);
    LRT_CHECK_MSG(v.stride == -W * 4, "stride %d", v.stride);
    LRT_CHECK_MSG(v.pixels[0] == 255, "top-left pixel %d: the bar is on top", v.pixels[0]);
    LRT_CHECK_MSG(v.pixels[(ptrdiff_t)(H - 1) * v.stride] == 0, "bottom-left pixel %d",
                  v.pixels[(ptrdiff_t)(H - 1) * v.stride]);
    /* A second map before the release is refused. */
    lr_frame_view v2;
    LRT_CHECK_STATUS(lr_readback_map(rb, &v2, &err), LR_ERR_INVALID_ARG);
    lr_readback_release(rb);
    LRT_CHECK(lr_readback_pending(rb) == 0);
    lr_scene_destroy(sc);
    lr_readback_destroy(rb);
    lr_context_destroy(ctx);
}

/* The YUV ring against librender/encode/convert.c applied to the synchronous
 * RGBA frame: byte for byte (the shader does the same integer arithmetic). */
static void yuv_matches_cpu(int samples, float bg_alpha, bool nv12)
{
    enum { YW = 70, YH = 46 }; /* even, and a chroma row (35) that is not a multiple of 4 */
    lr_context_desc d = lr_context_desc_default(YW, YH);
    d.samples = samples;
    lr_context *ctx = NULL;
    lr_error err;
    LRT_CHECK_OK(lr_context_create(&d, &ctx, &err));
    if (!ctx)
        return;
    lr_readback *rb = NULL;
    LRT_CHECK_OK(lr_readback_create(ctx, 2, nv12 ? LR_READBACK_NV12 : LR_READBACK_YUV420P, &rb, &err));
    uint8_t *y = malloc(YW * YH), *u = malloc(YW * YH / 4), *v = malloc(YW * YH / 4);
    lr_image ref = {0};
    int bad_frames = 0;
    for (int k = 0; rb && y && u && v && k < 5; k++) {
        lr_scene *sc = frame_scene(k * 3, bg_alpha);
        LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
        LRT_CHECK_OK(lr_readback_begin(rb, &err));
        LRT_CHECK_OK(lr_context_read(ctx, &ref, &err));
        uint8_t *planes[3] = {y, u, v};
        const int lines[3] = {YW, YW / 2, YW / 2};
        lr_yuv420p_from_rgba(ref.pixels, ref.stride, YW, YH, planes, lines);
        lr_frame_view fv;
        LRT_CHECK_OK(lr_readback_map(rb, &fv, &err));
        LRT_CHECK(fv.format == (nv12 ? LR_READBACK_NV12 : LR_READBACK_YUV420P) && fv.index == k);
        int diff = 0, worst = 0;
        for (int r = 0; r < YH; r++)
            for (int x = 0; x < YW; x++) {
                int dv = abs(fv.planes[0][r * fv.strides[0] + x] - y[r * YW + x]);
                diff += dv != 0;
                worst = dv > worst ? dv : worst;
            }
        for (int r = 0; r < YH / 2; r++)
            for (int x = 0; x < YW / 2; x++) {
                int gu = nv12 ? fv.planes[1][r * fv.strides[1] + 2 * x] : fv.planes[1][r * fv.strides[1] + x];
                int gv = nv12 ? fv.planes[1][r * fv.strides[1] + 2 * x + 1] : fv.planes[2][r * fv.strides[2] + x];
                int du = abs(gu - u[r * (YW / 2) + x]), dv = abs(gv - v[r * (YW / 2) + x]);
                diff += (du != 0) + (dv != 0);
                worst = du > worst ? du : worst;
                worst = dv > worst ? dv : worst;
            }
        if (diff)
            bad_frames++;
        LRT_CHECK_MSG(diff == 0, "frame %d (%s, samples %d, alpha %.1f): %d bytes differ from convert.c, by up to %d",
                      k, nv12 ? "nv12" : "yuv420p", samples, (double)bg_alpha, diff, worst);
        lr_readback_release(rb);
        lr_scene_destroy(sc);
    }
    (void)bad_frames;
    /* The planes are not constant: the comparison above means something. */
    int varied = 0;
    for (int i = 1; y && i < YW * YH; i++)
        varied += y[i] != y[0];
    LRT_CHECK_MSG(varied > 100, "only %d luma bytes differ from the first", varied);
    free(y);
    free(u);
    free(v);
    lr_image_free(&ref);
    lr_readback_destroy(rb);
    /* 4:2:0 needs even sizes. */
    LRT_CHECK_OK(lr_context_resize(ctx, YW + 1, YH, &err));
    LRT_CHECK_STATUS(lr_readback_create(ctx, 0, LR_READBACK_YUV420P, &rb, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "even") != NULL, "message: %s", err.message);
    lr_context_destroy(ctx);
}

static void misuse(void)
{
    lr_context *ctx = gt_context(W, H);
    LRT_CHECK(ctx != NULL);
    if (!ctx)
        return;
    lr_error err;
    lr_readback *rb = NULL;
    LRT_CHECK_STATUS(lr_readback_create(NULL, 0, LR_READBACK_RGBA, &rb, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_OK(lr_readback_create(ctx, 1, LR_READBACK_RGBA, &rb, &err)); /* clamped to 2 */
    lr_frame_view v;
    LRT_CHECK_STATUS(lr_readback_map(rb, &v, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "no frame pending") != NULL);
    lr_scene *sc = frame_scene(1, 1.0f);
    LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
    LRT_CHECK_OK(lr_readback_begin(rb, &err));
    LRT_CHECK_OK(lr_readback_begin(rb, &err));
    LRT_CHECK(lr_readback_full(rb));
    LRT_CHECK_STATUS(lr_readback_begin(rb, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "full") != NULL, "message: %s", err.message);
    /* Reset forgets pending frames; the ring works again after it. */
    lr_readback_reset(rb);
    LRT_CHECK(lr_readback_pending(rb) == 0);
    LRT_CHECK_OK(lr_readback_begin(rb, &err));
    LRT_CHECK_OK(lr_readback_map(rb, &v, &err));
    LRT_CHECK(v.index == 2); /* numbering goes on: two were begun before */
    lr_readback_release(rb);
    /* After a resize the ring no longer fits the frame. */
    LRT_CHECK_OK(lr_context_resize(ctx, W + 2, H, &err));
    LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
    LRT_CHECK_STATUS(lr_readback_begin(rb, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "resized") != NULL, "message: %s", err.message);
    /* Destroying with a frame pending is fine (no leak under ASan). */
    lr_readback_destroy(rb);
    LRT_CHECK_OK(lr_readback_create(ctx, 0, LR_READBACK_RGBA, &rb, &err));
    LRT_CHECK_OK(lr_readback_begin(rb, &err));
    lr_readback_destroy(rb);
    lr_readback_destroy(NULL);
    lr_scene_destroy(sc);
    lr_context_destroy(ctx);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *give_back_later(void *loan)
{
    struct timespec pause = {0, 150 * 1000 * 1000};
    nanosleep(&pause, NULL);
    lr_readback_give_back(loan);
    return NULL;
}

/* Lent frames (lr_readback_lend): the view stays valid while the ring goes
 * on, begin waits for a lent buffer it comes round to until another thread
 * gives it back, destroy waits for an outstanding loan, and a see-through
 * frame (straightened in a copy) cannot be lent. */
static void lent_frames(void)
{
    lr_context *ctx = gt_context(W, H);
    LRT_CHECK(ctx != NULL);
    if (!ctx)
        return;
    lr_error err;
    lr_readback *rb = NULL;
    LRT_CHECK_OK(lr_readback_create(ctx, 3, LR_READBACK_RGBA, &rb, &err));
    lr_image ref[6];
    memset(ref, 0, sizeof ref);
    for (int k = 0; k < 3; k++) {
        lr_scene *sc = frame_scene(k, 1.0f);
        LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
        LRT_CHECK_OK(lr_readback_begin(rb, &err));
        LRT_CHECK_OK(lr_context_read(ctx, &ref[k], &err));
        lr_scene_destroy(sc);
    }
    lr_frame_view v0, v1, v2;
    int bad = -1;
    LRT_CHECK_OK(lr_readback_map(rb, &v0, &err));
    void *loan0 = lr_readback_lend(rb);
    LRT_CHECK(loan0 != NULL);
    LRT_CHECK(lr_readback_pending(rb) == 2 && !lr_readback_full(rb));
    /* Frame 3 goes to the buffer frame 0 is lent in: begin waits for it. */
    lr_scene *sc = frame_scene(3, 1.0f);
    LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
    LRT_CHECK_MSG(view_equals(&v0, &ref[0], &bad), "lent frame 0 changed by drawing (row %d)", bad);
    pthread_t t;
    LRT_CHECK(pthread_create(&t, NULL, give_back_later, loan0) == 0);
    double t0 = now_s();
    LRT_CHECK_OK(lr_readback_begin(rb, &err));
    double waited = now_s() - t0;
    pthread_join(t, NULL);
    LRT_CHECK_MSG(waited > 0.1, "begin waited %.3f s for the lent buffer", waited);
    LRT_CHECK_OK(lr_context_read(ctx, &ref[3], &err));
    lr_scene_destroy(sc);
    /* Frame 1 released, frame 2 lent: frame 4 reuses frame 1's buffer (the
     * ring goes round in order), and frame 2's stays as it was. */
    LRT_CHECK_OK(lr_readback_map(rb, &v1, &err));
    LRT_CHECK(v1.index == 1 && view_equals(&v1, &ref[1], &bad));
    lr_readback_release(rb);
    LRT_CHECK_OK(lr_readback_map(rb, &v2, &err));
    LRT_CHECK(v2.index == 2 && view_equals(&v2, &ref[2], &bad));
    void *loan2 = lr_readback_lend(rb);
    LRT_CHECK(loan2 != NULL);
    sc = frame_scene(4, 1.0f);
    LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
    LRT_CHECK_OK(lr_readback_begin(rb, &err)); /* had it waited for frame 2's loan, it would have failed */
    lr_scene_destroy(sc);
    LRT_CHECK_MSG(view_equals(&v2, &ref[2], &bad), "lent frame 2 overwritten (row %d)", bad);
    lr_readback_give_back(loan2);
    /* The frames still come out whole and in order. */
    lr_frame_view v;
    LRT_CHECK_OK(lr_readback_map(rb, &v, &err));
    LRT_CHECK(v.index == 3 && view_equals(&v, &ref[3], &bad));
    /* Destroy waits for a frame still lent. */
    void *loan3 = lr_readback_lend(rb);
    LRT_CHECK(loan3 != NULL);
    LRT_CHECK(pthread_create(&t, NULL, give_back_later, loan3) == 0);
    t0 = now_s();
    lr_readback_destroy(rb);
    waited = now_s() - t0;
    pthread_join(t, NULL);
    LRT_CHECK_MSG(waited > 0.1, "destroy waited %.3f s for the lent buffer", waited);
    /* A see-through frame is a straightened copy: not lent, released. */
    LRT_CHECK_OK(lr_readback_create(ctx, 2, LR_READBACK_RGBA, &rb, &err));
    sc = frame_scene(5, 0.5f);
    LRT_CHECK_OK(lr_context_draw(ctx, sc, &err));
    LRT_CHECK_OK(lr_readback_begin(rb, &err));
    LRT_CHECK_OK(lr_readback_map(rb, &v, &err));
    LRT_CHECK(lr_readback_lend(rb) == NULL);
    lr_readback_release(rb);
    LRT_CHECK(lr_readback_pending(rb) == 0);
    LRT_CHECK(lr_readback_lend(rb) == NULL); /* nothing mapped */
    lr_scene_destroy(sc);
    lr_readback_destroy(rb);
    for (int k = 0; k < 6; k++)
        lr_image_free(&ref[k]);
    lr_context_destroy(ctx);
}

int main(void)
{
    ring_matches_sync(0, 1.0f, 0);
    ring_matches_sync(0, 1.0f, 5);
    ring_matches_sync(4, 1.0f, 0);    /* MSAA: resolved before the copy */
    ring_matches_sync(0, 0.5f, 3);    /* see-through: straight alpha, as lr_context_read */
    view_layout();
    yuv_matches_cpu(0, 1.0f, false);
    yuv_matches_cpu(0, 1.0f, true);
    yuv_matches_cpu(4, 1.0f, false); /* MSAA: the pass samples the resolved frame */
    yuv_matches_cpu(0, 0.5f, false); /* see-through: straightened in the shader, as lr_context_read does */
    misuse();
    lent_frames();
    return lrt_finish("test_gpu_readback");
}
