/* Writes synthetic clips and checks them with ffprobe and ffmpeg: codec,
 * pixel format, size, frame count, exact duration, and decoded pixels. */
#include "enc_util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define W 320
#define H 240
#define FPS 15
#define N 45

/* Decodes a few frames and compares them with the frames that were pushed. */
static void check_pixels(const char *path, const int *indices, int count, double max_error)
{
    uint8_t *src = malloc((size_t)W * H * 4), *dec = malloc((size_t)W * H * 3);
    for (int i = 0; i < count; i++) {
        bool ok = enc_decode_frame(path, indices[i], W, H, dec);
        LRT_CHECK_MSG(ok, "%s: cannot decode frame %d", path, indices[i]);
        if (!ok)
            continue;
        enc_frame_make(src, W, H, indices[i]);
        double e = enc_mean_abs_error(src, dec, W, H);
        printf("  %s frame %d: mean abs error %.2f\n", strrchr(path, '/') + 1, indices[i], e);
        LRT_CHECK_MSG(e < max_error, "%s frame %d: mean abs error %.2f (limit %.1f)", path, indices[i], e, max_error);
        /* A neighbour frame must differ more: the frames are the right ones, in order. */
        if (indices[i] + 1 < N) {
            enc_frame_make(src, W, H, indices[i] + 1);
            double e_next = enc_mean_abs_error(src, dec, W, H);
            LRT_CHECK_MSG(e_next > e, "%s frame %d looks like frame %d (%.2f vs %.2f)", path, indices[i],
                          indices[i] + 1, e_next, e);
        }
    }
    free(src);
    free(dec);
}

static void check_probe(const char *path, const char *codec, int frames)
{
    enc_probe p;
    bool ok = enc_probe_file(path, &p);
    LRT_CHECK_MSG(ok, "ffprobe failed on %s", path);
    LRT_CHECK_MSG(strcmp(p.codec, codec) == 0, "%s: codec %s, expected %s", path, p.codec, codec);
    LRT_CHECK_MSG(strcmp(p.pix_fmt, "yuv420p") == 0, "%s: pix_fmt %s", path, p.pix_fmt);
    LRT_CHECK(p.width == W && p.height == H);
    LRT_CHECK_MSG(p.frames == frames, "%s: %ld frames, expected %d", path, p.frames, frames);
    LRT_CHECK_MSG(strcmp(p.frame_rate, "15/1") == 0, "%s: frame rate %s", path, p.frame_rate);
    LRT_CHECK_NEAR(p.stream_duration, (double)frames / FPS, 1e-6);
    LRT_CHECK_NEAR(p.format_duration, (double)frames / FPS, 1e-6);
    char why[256] = "";
    LRT_CHECK_MSG(enc_check_timestamps(path, FPS, frames, why, sizeof why), "%s: %s", path, why);
}

static void test_h264_auto(void)
{
    char path[1024], report[1024];
    lrt_build_path(path, sizeof path, "tests/encode/h264_auto.mp4");
    remove(path);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    lr_error err = {0};
    LRT_CHECK_OK(enc_write_clip(&d, 0, N, report, sizeof report, &err));
    printf("auto: %s\n", report);
    LRT_CHECK(!enc_part_exists(path));
    /* With no NVIDIA driver or VA device here, auto must fall back and say why. */
    if (strncmp(report, "libx264", 7) == 0) {
        LRT_CHECK_MSG(strstr(report, "h264_nvenc skipped: ") != NULL, "report: %s", report);
        LRT_CHECK_MSG(strstr(report, "h264_vaapi skipped: ") != NULL, "report: %s", report);
    }
    LRT_CHECK(strchr(report, '\n') == NULL);
    check_probe(path, "h264", N);
    int idx[] = {0, 1, 22, 44};
    check_pixels(path, idx, 4, 4.0);
}

static void test_hevc(void)
{
    char path[1024], report[1024];
    lrt_build_path(path, sizeof path, "tests/encode/hevc.mp4");
    remove(path);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.codec = LR_CODEC_HEVC; /* "auto": hevc_nvenc, hevc_vaapi, libx265 */
    d.preset = "ultrafast";
    lr_error err = {0};
    LRT_CHECK_OK(enc_write_clip(&d, 0, 30, report, sizeof report, &err));
    printf("hevc: %s\n", report);
    if (strncmp(report, "libx265", 7) == 0) {
        LRT_CHECK_MSG(strstr(report, "hevc_nvenc skipped: ") != NULL, "report: %s", report);
        LRT_CHECK_MSG(strstr(report, "hevc_vaapi skipped: ") != NULL, "report: %s", report);
    } else {
        LRT_CHECK_MSG(strstr(report, "hevc") != NULL, "report: %s", report);
    }
    check_probe(path, "hevc", 30);
    int idx[] = {3, 29};
    check_pixels(path, idx, 2, 4.0);
}

/* The caller converts (as a GPU pass would) and hands YUV planes in: the
 * encoder must not convert again. BT.709 limited range, as the tags say. */
static void rgba_to_yuv(const uint8_t *rgba, uint8_t *y, uint8_t *u, uint8_t *v, int uv_step)
{
    for (int j = 0; j < H; j++)
        for (int i = 0; i < W; i++) {
            const uint8_t *p = rgba + ((size_t)j * W + (size_t)i) * 4;
            double yy = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
            y[(size_t)j * W + (size_t)i] = (uint8_t)(16.5 + yy * 219.0 / 255.0);
            if (i % 2 == 0 && j % 2 == 0) {
                double cb = (p[2] - yy) / 1.8556, cr = (p[0] - yy) / 1.5748;
                size_t k = (size_t)(j / 2) * (size_t)(W / 2 * uv_step) + (size_t)(i / 2 * uv_step);
                u[k] = (uint8_t)(128.5 + cb * 224.0 / 255.0);
                v[k] = (uint8_t)(128.5 + cr * 224.0 / 255.0);
            }
        }
}

static void test_yuv_input(lr_frame_format format, const char *name)
{
    char path[1024], report[1024];
    snprintf(report, sizeof report, "tests/encode/input_%s.mp4", name);
    lrt_build_path(path, sizeof path, report);
    remove(path);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.encoder = "x264";
    d.input = format;
    lr_error err = {0};
    lr_encoder *enc = NULL;
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    if (!enc)
        return;
    printf("%s: %s\n", name, lr_encoder_report(enc));
    LRT_CHECK(strstr(lr_encoder_report(enc), "swscale") == NULL);
    uint8_t *rgba = malloc((size_t)W * H * 4), *y = malloc((size_t)W * H), *uv = malloc((size_t)W * H / 2);
    LRT_CHECK_STATUS(lr_encoder_push_rgba(enc, rgba, W * 4, &err), LR_ERR_INVALID_ARG);
    for (int k = 0; k < N; k++) {
        enc_frame_make(rgba, W, H, k);
        if (format == LR_FRAME_NV12) {
            rgba_to_yuv(rgba, y, uv, uv + 1, 2);
            const uint8_t *planes[2] = {y, uv};
            const int strides[2] = {W, W};
            LRT_CHECK_OK(lr_encoder_push_yuv(enc, planes, strides, &err));
        } else {
            rgba_to_yuv(rgba, y, uv, uv + W * H / 4, 1);
            const uint8_t *planes[3] = {y, uv, uv + W * H / 4};
            const int strides[3] = {W, W / 2, W / 2};
            LRT_CHECK_OK(lr_encoder_push_yuv(enc, planes, strides, &err));
        }
    }
    LRT_CHECK(lr_encoder_frames_written(enc) == N);
    lr_encoder_stats stats;
    LRT_CHECK_OK(lr_encoder_finish(enc, &stats, &err));
    LRT_CHECK(stats.frames == N);
    LRT_CHECK(stats.convert_s < 0.05); /* no conversion: only timestamps are set */
    check_probe(path, "h264", N);
    int idx[] = {5, 40};
    check_pixels(path, idx, 2, 4.0);
    free(rgba);
    free(y);
    free(uv);
}

/* Bottom-up rows with a negative stride, as glReadPixels gives them. */
static void test_bottom_up(void)
{
    char path[1024];
    lrt_build_path(path, sizeof path, "tests/encode/bottom_up.mp4");
    remove(path);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.queue_depth = 2;
    lr_error err = {0};
    lr_encoder *enc = NULL;
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    if (!enc)
        return;
    uint8_t *top_down = malloc((size_t)W * H * 4), *flipped = malloc((size_t)W * H * 4);
    for (int k = 0; k < N; k++) {
        enc_frame_make(top_down, W, H, k);
        for (int j = 0; j < H; j++)
            memcpy(flipped + (size_t)(H - 1 - j) * W * 4, top_down + (size_t)j * W * 4, (size_t)W * 4);
        LRT_CHECK_OK(lr_encoder_push_rgba(enc, flipped + (size_t)(H - 1) * W * 4, -W * 4, &err));
    }
    lr_encoder_stats stats;
    LRT_CHECK_OK(lr_encoder_finish(enc, &stats, &err));
    printf("bottom-up, queue 2: convert %.1f ms/frame, encode %.1f ms/frame, waited %.1f ms in all\n",
           stats.convert_s * 1e3 / N, stats.encode_s * 1e3 / N, stats.wait_s * 1e3);
    check_probe(path, "h264", N);
    int idx[] = {10};
    check_pixels(path, idx, 1, 4.0);
    free(top_down);
    free(flipped);
}

/* Frames 10..29 pushed as repeats of frame 9 and 40..44 as repeats of
 * frame 39 (a hold that ends the file), with a queue of 2 so that the
 * slots come round while repeats wait: the video still shows 45 frames,
 * each at its time, those 20 frame 9's picture and the last 5 frame 39's.
 * Held (the default), the repeats are not in the file but the last two,
 * coded so that the MP4 lasts to its end (x264 decodes one frame late:
 * B-frames without a pyramid); with every_frame all 45 are. Through the
 * converting route (RGBA, the repeat is a marker) and a direct one (YUV,
 * the repeat is a copy of the slot filled last). x265 decodes two frames
 * late and does not say so (has_b_frames 0): its file must last 3.0 s too. */
static void test_repeats(lr_frame_format format, bool every_frame, lr_video_codec codec, const char *name)
{
    bool hevc = codec == LR_CODEC_HEVC;
    char path[1024], file[128];
    snprintf(file, sizeof file, "tests/encode/repeats_%s%s.mp4", name, every_frame ? "_every" : "");
    lrt_build_path(path, sizeof path, file);
    remove(path);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.encoder = hevc ? "x265" : "x264";
    d.codec = codec;
    d.input = format;
    d.queue_depth = 2;
    d.every_frame = every_frame;
    lr_error err = {0};
    lr_encoder *enc = NULL;
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    if (!enc)
        return;
    LRT_CHECK_STATUS(lr_encoder_push_repeat(enc, &err), LR_ERR_INVALID_ARG); /* nothing to repeat yet */
    uint8_t *rgba = malloc((size_t)W * H * 4), *y = malloc((size_t)W * H), *uv = malloc((size_t)W * H / 2);
    for (int k = 0; k < N; k++) {
        if ((k >= 10 && k < 30) || k >= 40) {
            LRT_CHECK_OK(lr_encoder_push_repeat(enc, &err));
            continue;
        }
        enc_frame_make(rgba, W, H, k);
        if (format == LR_FRAME_RGBA) {
            LRT_CHECK_OK(lr_encoder_push_rgba(enc, rgba, W * 4, &err));
        } else {
            rgba_to_yuv(rgba, y, uv, uv + W * H / 4, 1);
            const uint8_t *planes[3] = {y, uv, uv + W * H / 4};
            const int strides[3] = {W, W / 2, W / 2};
            LRT_CHECK_OK(lr_encoder_push_yuv(enc, planes, strides, &err));
        }
    }
    LRT_CHECK(lr_encoder_frames_written(enc) == N);
    lr_encoder_stats stats;
    LRT_CHECK_OK(lr_encoder_finish(enc, &stats, &err));
    LRT_CHECK_MSG(stats.repeated == 25, "%s: %lld repeats", name, (long long)stats.repeated);
    /* x265: the 20, and of the last 5 those before its last delay + 1 (its
     * delay of 2 known from its first packet, or the most, 3). */
    long held = every_frame ? 0 : 20 + 3;
    if (hevc) {
        LRT_CHECK_MSG(stats.held == 21 || stats.held == 22, "%s: %lld held, expected 21 or 22", name,
                      (long long)stats.held);
        held = (long)stats.held;
    }
    LRT_CHECK_MSG(stats.held == held, "%s: %lld held, expected %ld", name, (long long)stats.held, held);
    LRT_CHECK(stats.frames == N);
    check_probe(path, hevc ? "hevc" : "h264", N);
    enc_probe p;
    LRT_CHECK(enc_probe_file(path, &p));
    LRT_CHECK_MSG(p.coded == N - held, "%s: %ld frames in the file, expected %ld", name, p.coded, N - held);
    /* Decoded at their times, frames 10, 20 and 29 are frame 9 (and not
     * frame 10 as made), 40 and 44 frame 39. */
    uint8_t *dec = malloc((size_t)W * H * 3);
    const int shown[][2] = {{9, 9}, {10, 9}, {20, 9}, {29, 9}, {40, 39}, {44, 39}};
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        int at = shown[i][0], was = shown[i][1];
        LRT_CHECK(enc_decode_frame(path, at, W, H, dec));
        enc_frame_make(rgba, W, H, was);
        double e = enc_mean_abs_error(rgba, dec, W, H);
        enc_frame_make(rgba, W, H, was + 1);
        double e_next = enc_mean_abs_error(rgba, dec, W, H);
        printf("  %s frame %d: %.2f from frame %d, %.2f from frame %d\n", name, at, e, was, e_next, was + 1);
        LRT_CHECK_MSG(e < 4.0 && e_next > e, "%s frame %d: %.2f from frame %d, %.2f from frame %d", name, at, e, was,
                      e_next, was + 1);
    }
    free(dec);
    int after[] = {30, 39};
    check_pixels(path, after, 2, 4.0);
    free(rgba);
    free(y);
    free(uv);
}

/* Frames lent from a pool of three buffers (lr_encoder_lend_rgba, as the
 * readback ring lends its mapped frames): each is given back once, the
 * producer overwrites a buffer as soon as it is back, and the file still
 * has every frame right; lent frames not reached are given back by abort;
 * lending to an encoder that takes no RGBA is refused and given back. */
typedef struct lend_pool {
    uint8_t *buf[3];
    bool busy[3];
    int released;
    pthread_mutex_t lock;
    pthread_cond_t back;
} lend_pool;

typedef struct lend_ticket {
    lend_pool *pool;
    int index;
} lend_ticket;

static void lend_release(void *user)
{
    lend_ticket *t = user;
    pthread_mutex_lock(&t->pool->lock);
    t->pool->busy[t->index] = false;
    t->pool->released++;
    pthread_cond_signal(&t->pool->back);
    pthread_mutex_unlock(&t->pool->lock);
}

static void test_lend(void)
{
    char path[1024];
    lrt_build_path(path, sizeof path, "tests/encode/lent.mp4");
    remove(path);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.encoder = "x264";
    d.queue_depth = 2;
    lr_error err = {0};
    lr_encoder *enc = NULL;
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    if (!enc)
        return;
    lend_pool pool = {.released = 0};
    pthread_mutex_init(&pool.lock, NULL);
    pthread_cond_init(&pool.back, NULL);
    lend_ticket tickets[3];
    for (int i = 0; i < 3; i++) {
        pool.buf[i] = malloc((size_t)W * H * 4);
        tickets[i] = (lend_ticket){&pool, i};
    }
    for (int k = 0; k < N; k++) {
        pthread_mutex_lock(&pool.lock);
        int i = -1;
        while (i < 0) {
            for (int j = 0; j < 3 && i < 0; j++)
                if (!pool.busy[j])
                    i = j;
            if (i < 0)
                pthread_cond_wait(&pool.back, &pool.lock);
        }
        pool.busy[i] = true;
        pthread_mutex_unlock(&pool.lock);
        enc_frame_make(pool.buf[i], W, H, k); /* overwrites a frame the encoder gave back */
        if (k >= 20 && k < 25) {
            LRT_CHECK_OK(lr_encoder_push_repeat(enc, &err)); /* the lent frame 19, once more */
            lend_release(&tickets[i]);
            continue;
        }
        LRT_CHECK_OK(lr_encoder_lend_rgba(enc, pool.buf[i], W * 4, lend_release, &tickets[i], &err));
    }
    lr_encoder_stats stats;
    LRT_CHECK_OK(lr_encoder_finish(enc, &stats, &err));
    LRT_CHECK_MSG(pool.released == N, "%d of %d lent frames given back", pool.released, N);
    check_probe(path, "h264", N);
    int idx[] = {0, 19, 30, 44};
    check_pixels(path, idx, 4, 4.0);
    uint8_t *dec = malloc((size_t)W * H * 3);
    LRT_CHECK(enc_decode_frame(path, 22, W, H, dec));
    enc_frame_make(pool.buf[0], W, H, 19);
    LRT_CHECK_MSG(enc_mean_abs_error(pool.buf[0], dec, W, H) < 4.0, "frame 22 is not frame 19 repeated");
    free(dec);

    /* Lent and not encoded: given back by abort, which leaves no file. */
    char aborted[1024];
    lrt_build_path(aborted, sizeof aborted, "tests/encode/lent_aborted.mp4");
    remove(aborted);
    d.path = aborted;
    d.queue_depth = 8;
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    pool.released = 0;
    for (int k = 0; enc && k < 3; k++)
        LRT_CHECK_OK(lr_encoder_lend_rgba(enc, pool.buf[k], W * 4, lend_release, &tickets[k], &err));
    lr_encoder_abort(enc);
    LRT_CHECK_MSG(pool.released == 3, "abort gave back %d of 3 lent frames", pool.released);
    LRT_CHECK(!enc_file_exists(aborted) && !enc_part_exists(aborted));

    /* An encoder that takes YUV: refused, and given back all the same. */
    d.input = LR_FRAME_YUV420P;
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    pool.released = 0;
    if (enc)
        LRT_CHECK_STATUS(lr_encoder_lend_rgba(enc, pool.buf[0], W * 4, lend_release, &tickets[0], &err),
                         LR_ERR_INVALID_ARG);
    LRT_CHECK(pool.released == 1);
    lr_encoder_abort(enc);
    for (int i = 0; i < 3; i++)
        free(pool.buf[i]);
    pthread_cond_destroy(&pool.back);
    pthread_mutex_destroy(&pool.lock);
}

int main(void)
{
    test_h264_auto();
    test_hevc();
    test_yuv_input(LR_FRAME_YUV420P, "yuv420p");
    test_yuv_input(LR_FRAME_NV12, "nv12");
    test_bottom_up();
    test_repeats(LR_FRAME_RGBA, false, LR_CODEC_H264, "rgba");
    test_repeats(LR_FRAME_YUV420P, false, LR_CODEC_H264, "yuv420p");
    test_repeats(LR_FRAME_RGBA, true, LR_CODEC_H264, "rgba");
    test_repeats(LR_FRAME_YUV420P, true, LR_CODEC_H264, "yuv420p");
    test_repeats(LR_FRAME_RGBA, false, LR_CODEC_HEVC, "rgba_hevc");
    test_lend();
    return lrt_finish("encode_video");
}
