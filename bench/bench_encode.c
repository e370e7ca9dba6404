/* Encoder throughput at 854x480 and 1920x1080 with libx264's ultrafast and
 * veryfast presets, two ways:
 *  - rgba: RGBA frames -> BT.709 yuv420p conversion in the encoder thread ->
 *    libx264 -> MP4: the frame rate a renderer handing RGBA gets, and the
 *    conversion cost per frame (lr_encoder_stats.convert_s);
 *  - yuv:  frames converted beforehand (as a GPU pass would) -> libx264 ->
 *    MP4: the encoder's own frame rate, without conversion.
 * Frame rates are frames / wall time from open to the end of finish. First,
 * the conversion alone on one thread: librender's own against swscale.
 *
 *   bench_encode [frames] [threads]     (defaults: 120 frames, threads auto) */
#include <librender.h>

#include "encode/convert.h"

#include <libavutil/frame.h>
#include <libswscale/swscale.h>
#include <time.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DISTINCT 8

/* A moving bar and a gradient, so that motion search has work to do. */
static void frame_fill(uint8_t *px, int w, int h, int k)
{
    for (int y = 0; y < h; y++) {
        uint8_t *row = px + (size_t)y * (size_t)w * 4;
        for (int x = 0; x < w; x++) {
            uint8_t *p = row + (size_t)x * 4;
            bool bar = ((x + k * 16) / 64) % 4 == 0 && y > h / 4 && y < h * 3 / 4;
            p[0] = bar ? 240 : (uint8_t)(x * 255 / w);
            p[1] = bar ? 200 : (uint8_t)(y * 255 / h);
            p[2] = bar ? 40 : 90;
            p[3] = 255;
        }
    }
}

/* BT.709 limited range, 4:2:0 by taking the top-left pixel's chroma: good
 * enough to feed the encoder realistic planes. */
static void frame_to_yuv(const uint8_t *px, int w, int h, uint8_t *yuv)
{
    uint8_t *py = yuv, *pu = yuv + (size_t)w * (size_t)h, *pv = pu + (size_t)w * (size_t)h / 4;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            const uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;
            int r = p[0], g = p[1], b = p[2];
            py[(size_t)y * (size_t)w + (size_t)x] = (uint8_t)(16 + (47 * r + 157 * g + 16 * b) / 256);
            if (!(x & 1) && !(y & 1)) {
                size_t k = (size_t)(y / 2) * (size_t)(w / 2) + (size_t)(x / 2);
                pu[k] = (uint8_t)(128 + (-26 * r - 87 * g + 112 * b) / 256);
                pv[k] = (uint8_t)(128 + (112 * r - 102 * g - 10 * b) / 256);
            }
        }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bench_convert(int w, int h, int reps)
{
    size_t size = (size_t)w * (size_t)h * 4;
    uint8_t *px = malloc(size);
    AVFrame *f = av_frame_alloc();
    if (!px || !f)
        return;
    frame_fill(px, w, h, 3);
    f->format = AV_PIX_FMT_YUV420P;
    f->width = w;
    f->height = h;
    if (av_frame_get_buffer(f, 0) < 0)
        return;
    double t0 = now_s();
    for (int i = 0; i < reps; i++)
        lr_yuv420p_from_rgba(px, w * 4, w, h, f->data, f->linesize);
    double own = (now_s() - t0) / reps;
    struct SwsContext *sws =
        sws_getContext(w, h, AV_PIX_FMT_RGBA, w, h, AV_PIX_FMT_YUV420P, SWS_BILINEAR, NULL, NULL, NULL);
    const int *bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(sws, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
    const uint8_t *src[1] = {px};
    const int stride[1] = {w * 4};
    t0 = now_s();
    for (int i = 0; i < reps; i++)
        sws_scale(sws, src, stride, 0, h, f->data, f->linesize);
    double sw = (now_s() - t0) / reps;
    printf("%4dx%-5d RGBA -> yuv420p: librender %.2f ms/frame, swscale (bilinear) %.2f ms/frame\n", w, h, own * 1e3,
           sw * 1e3);
    sws_freeContext(sws);
    av_frame_free(&f);
    free(px);
}

static int bench_one(int w, int h, const char *preset, bool yuv, int frames, int threads)
{
    size_t size = (size_t)w * (size_t)h * 4, ysize = (size_t)w * (size_t)h * 3 / 2;
    uint8_t *px = malloc(size * DISTINCT);
    uint8_t *planes = malloc(ysize * DISTINCT);
    if (!px || !planes) {
        free(px);
        free(planes);
        return 1;
    }
    for (int k = 0; k < DISTINCT; k++) {
        frame_fill(px + size * (size_t)k, w, h, k);
        frame_to_yuv(px + size * (size_t)k, w, h, planes + ysize * (size_t)k);
    }
    char path[256];
    snprintf(path, sizeof path, "/tmp/bench_encode_%ld.mp4", (long)getpid());
    lr_encoder_desc d = lr_encoder_desc_default(path, w, h, 30);
    d.encoder = "x264";
    d.preset = preset;
    d.threads = threads;
    d.input = yuv ? LR_FRAME_YUV420P : LR_FRAME_RGBA;
    lr_encoder *enc;
    lr_error err;
    if (lr_encoder_open(&d, &enc, &err) != LR_OK) {
        fprintf(stderr, "%s\n", err.message);
        free(px);
        free(planes);
        return 1;
    }
    for (int k = 0; k < frames; k++) {
        lr_status st;
        if (yuv) {
            const uint8_t *y = planes + ysize * (size_t)(k % DISTINCT);
            const uint8_t *p[3] = {y, y + (size_t)w * (size_t)h, y + (size_t)w * (size_t)h * 5 / 4};
            const int strides[3] = {w, w / 2, w / 2};
            st = lr_encoder_push_yuv(enc, p, strides, &err);
        } else {
            st = lr_encoder_push_rgba(enc, px + size * (size_t)(k % DISTINCT), w * 4, &err);
        }
        if (st != LR_OK) {
            fprintf(stderr, "%s\n", err.message);
            lr_encoder_abort(enc);
            free(px);
            free(planes);
            return 1;
        }
    }
    lr_encoder_stats s;
    if (lr_encoder_finish(enc, &s, &err) != LR_OK) {
        fprintf(stderr, "%s\n", err.message);
        free(px);
        free(planes);
        return 1;
    }
    FILE *f = fopen(path, "rb");
    long bytes = 0;
    if (f) {
        fseek(f, 0, SEEK_END);
        bytes = ftell(f);
        fclose(f);
    }
    remove(path);
    printf("%4dx%-5d %-9s %-4s %7.1f fps | convert %6.2f ms/frame | caller blocked %5.1f%% | %7.1f KiB\n", w, h,
           preset, yuv ? "yuv" : "rgba", (double)s.frames / s.total_s, s.convert_s * 1e3 / (double)s.frames,
           100.0 * s.wait_s / s.total_s, (double)bytes / 1024.0);
    free(px);
    free(planes);
    return 0;
}

int main(int argc, char **argv)
{
    int frames = argc > 1 ? atoi(argv[1]) : 120;
    int threads = argc > 2 ? atoi(argv[2]) : 0;
    if (frames <= 0)
        frames = 120;
    printf("bench_encode: %d frames each at 30 fps, libx264, threads %s; rgba = conversion in the encoder thread, yuv = none\n", frames,
           threads ? argv[2] : "auto");
    const int sizes[2][2] = {{854, 480}, {1920, 1080}};
    const char *presets[2] = {"ultrafast", "veryfast"};
    for (int i = 0; i < 2; i++)
        bench_convert(sizes[i][0], sizes[i][1], 30);
    int failed = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            for (int yuv = 0; yuv < 2; yuv++)
                failed |= bench_one(sizes[i][0], sizes[i][1], presets[j], yuv, frames, threads);
    return failed;
}
