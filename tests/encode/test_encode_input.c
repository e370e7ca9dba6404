/* Choosing the input format after opening: lr_encoder_native_input says what
 * an encoder takes without CPU conversion, and lr_encoder_set_input switches
 * to it before the first frame, so a renderer that converts on the GPU hands
 * yuv420p to x264 as it is. The result is the same video. */
#include "enc_util.h"

#include "encode/convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define W 320
#define H 240
#define FPS 15
#define N 20

static void yuv_input_after_open(const char *dir)
{
    char path[512], ref[512];
    snprintf(path, sizeof path, "%s/switched.mp4", dir);
    snprintf(ref, sizeof ref, "%s/rgba.mp4", dir);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.encoder = "x264";
    d.preset = "ultrafast";
    lr_encoder *enc = NULL;
    lr_error err;
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    if (!enc)
        return;
    LRT_CHECK(lr_encoder_native_input(enc) == LR_FRAME_YUV420P);
    LRT_CHECK_MSG(strstr(lr_encoder_report(enc), "rgba in, yuv420p out, BT.709 conversion") != NULL, "%s",
                  lr_encoder_report(enc));
    LRT_CHECK_OK(lr_encoder_set_input(enc, LR_FRAME_YUV420P, &err));
    LRT_CHECK_MSG(strstr(lr_encoder_report(enc), "libx264 (requested as \"x264\"); yuv420p in, yuv420p out, frames go "
                                                 "to the encoder as pushed") != NULL,
                  "%s", lr_encoder_report(enc));
    uint8_t *rgba = malloc((size_t)W * H * 4), *y = malloc((size_t)W * H), *u = malloc((size_t)W * H / 4),
            *v = malloc((size_t)W * H / 4);
    LRT_CHECK_STATUS(lr_encoder_push_rgba(enc, rgba, W * 4, &err), LR_ERR_INVALID_ARG);
    for (int k = 0; rgba && y && u && v && k < N; k++) {
        enc_frame_make(rgba, W, H, k);
        uint8_t *planes[3] = {y, u, v};
        const int lines[3] = {W, W / 2, W / 2};
        lr_yuv420p_from_rgba(rgba, W * 4, W, H, planes, lines);
        const uint8_t *const cp[3] = {y, u, v};
        LRT_CHECK_OK(lr_encoder_push_yuv(enc, cp, lines, &err));
    }
    /* After the first frame the format is fixed. */
    LRT_CHECK_STATUS(lr_encoder_set_input(enc, LR_FRAME_RGBA, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "before the first frame") != NULL, "%s", err.message);
    LRT_CHECK_OK(lr_encoder_finish(enc, NULL, &err));

    /* The same frames pushed as RGBA and converted in the encoder thread
     * give the same decoded pictures: the conversion is the same code. */
    lr_encoder_desc rd = d;
    rd.path = ref;
    LRT_CHECK_OK(enc_write_clip(&rd, 0, N, NULL, 0, &err));
    enc_probe p;
    LRT_CHECK(enc_probe_file(path, &p));
    LRT_CHECK(p.frames == N && p.width == W && p.height == H && strcmp(p.pix_fmt, "yuv420p") == 0);
    uint8_t *a = malloc((size_t)W * H * 3), *b = malloc((size_t)W * H * 3);
    const int idx[] = {0, 7, N - 1};
    for (int i = 0; a && b && i < 3; i++) {
        bool ok = enc_decode_frame(path, idx[i], W, H, a) && enc_decode_frame(ref, idx[i], W, H, b);
        LRT_CHECK(ok);
        LRT_CHECK_MSG(ok && memcmp(a, b, (size_t)W * H * 3) == 0, "frame %d differs", idx[i]);
    }
    free(a);
    free(b);
    free(rgba);
    free(y);
    free(u);
    free(v);
    remove(path);
    remove(ref);
}

static void nv12_and_refusals(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/nv12.mp4", dir);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.encoder = "x264";
    d.preset = "ultrafast";
    d.input = LR_FRAME_YUV420P;
    lr_encoder *enc = NULL;
    lr_error err;
    LRT_CHECK_OK(lr_encoder_open(&d, &enc, &err));
    if (!enc)
        return;
    LRT_CHECK_STATUS(lr_encoder_set_input(enc, (lr_frame_format)42, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_encoder_set_input(NULL, LR_FRAME_NV12, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(lr_encoder_native_input(enc) == LR_FRAME_YUV420P);
    /* x264 was opened for yuv420p: NV12 is converted to it, not sent as is. */
    LRT_CHECK_OK(lr_encoder_set_input(enc, LR_FRAME_NV12, &err));
    LRT_CHECK_MSG(strstr(lr_encoder_report(enc), "nv12 in, yuv420p out, colours converted by swscale") != NULL, "%s",
                  lr_encoder_report(enc));
    /* ...and back to RGBA, converted in the encoder thread (same BT.709 tag). */
    LRT_CHECK_OK(lr_encoder_set_input(enc, LR_FRAME_RGBA, &err));
    LRT_CHECK_MSG(strstr(lr_encoder_report(enc), "rgba in, yuv420p out") != NULL, "%s", lr_encoder_report(enc));
    uint8_t *rgba = malloc((size_t)W * H * 4);
    for (int k = 0; rgba && k < 3; k++) {
        enc_frame_make(rgba, W, H, k);
        LRT_CHECK_OK(lr_encoder_push_rgba(enc, rgba, W * 4, &err));
    }
    free(rgba);
    LRT_CHECK_OK(lr_encoder_finish(enc, NULL, &err));
    enc_probe p;
    LRT_CHECK(enc_probe_file(path, &p) && p.frames == 3);
    remove(path);
    LRT_CHECK(lr_encoder_native_input(NULL) == LR_FRAME_RGBA);
}

int main(void)
{
    char dir[] = "/tmp/test_encode_input.XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    yuv_input_after_open(dir);
    nv12_and_refusals(dir);
    rmdir(dir);
    return lrt_finish("encode_input");
}
