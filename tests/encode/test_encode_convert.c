/* The encoder's own RGBA -> yuv420p conversion against the BT.709 formula in
 * double precision, and against swscale with the same settings. */
#include "lrtest.h"

#include "encode/convert.h"

#include <stdbool.h>
#include <stdlib.h>

#include <libavutil/frame.h>
#include <libswscale/swscale.h>

#define W 64
#define H 48

static int round_u8(double x)
{
    return (int)(x + 0.5);
}

/* The converter this machine runs (AVX2 where there is one) gives the
 * portable loop's bytes: random pixels, the cube's corners in whole 2x2
 * blocks, widths with and without a tail past the vector loop's 16 pixels,
 * rows bottom-up (a negative stride, as read back from GL). */
static void check_same_as_portable(int w, int h, bool bottom_up)
{
    size_t row = (size_t)w * 4;
    uint8_t *rgba = malloc(row * (size_t)h);
    uint32_t seed = (uint32_t)(w * 131 + h);
    for (size_t i = 0; i < row * (size_t)h; i++) {
        seed = seed * 1664525u + 1013904223u;
        rgba[i] = (uint8_t)(seed >> 24);
    }
    for (int x = 0; x + 1 < w && x < 16; x += 2)
        for (int k = 0; k < 3; k++)
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++)
                    rgba[(size_t)dy * row + (size_t)(x + dx) * 4 + (size_t)k] = ((x / 2) >> k & 1) ? 255 : 0;
    const uint8_t *first = bottom_up ? rgba + row * (size_t)(h - 1) : rgba;
    ptrdiff_t stride = bottom_up ? -(ptrdiff_t)row : (ptrdiff_t)row;
    size_t luma = (size_t)w * (size_t)h, chroma = luma / 4;
    uint8_t *a = malloc(2 * (luma + 2 * chroma));
    uint8_t *b = a + luma + 2 * chroma;
    uint8_t *const pa[3] = {a, a + luma, a + luma + chroma}, *const pb[3] = {b, b + luma, b + luma + chroma};
    const int linesizes[3] = {w, w / 2, w / 2};
    lr_yuv420p_from_rgba(first, stride, w, h, pa, linesizes);
    lr_yuv420p_from_rgba_portable(first, stride, w, h, pb, linesizes);
    size_t diff = 0;
    for (size_t i = 0; i < luma + 2 * chroma; i++)
        diff += a[i] != b[i];
    LRT_CHECK_MSG(diff == 0, "%dx%d%s: %zu bytes differ from the portable converter", w, h,
                  bottom_up ? " bottom-up" : "", diff);
    free(a);
    free(rgba);
}

int main(void)
{
    uint8_t *rgba = malloc((size_t)W * H * 4);
    uint32_t seed = 7;
    for (int i = 0; i < W * H * 4; i++) {
        seed = seed * 1664525u + 1013904223u;
        rgba[i] = (uint8_t)(seed >> 24);
    }
    /* The corners of the RGB cube, where rounding and overflow would show. */
    const uint8_t corners[8][3] = {{0, 0, 0},     {255, 255, 255}, {255, 0, 0},   {0, 255, 0},
                                   {0, 0, 255},   {255, 255, 0},   {0, 255, 255}, {255, 0, 255}};
    for (int c = 0; c < 8; c++)
        for (int dy = 0; dy < 2; dy++)
            for (int dx = 0; dx < 2; dx++)
                for (int k = 0; k < 3; k++)
                    rgba[((size_t)dy * W + (size_t)(2 * c + dx)) * 4 + (size_t)k] = corners[c][k];

    uint8_t y[W * H], u[W * H / 4], v[W * H / 4];
    uint8_t *const planes[3] = {y, u, v};
    const int linesizes[3] = {W, W / 2, W / 2};
    lr_yuv420p_from_rgba(rgba, W * 4, W, H, planes, linesizes);

    int worst_y = 0, worst_c = 0;
    for (int j = 0; j < H; j++)
        for (int i = 0; i < W; i++) {
            const uint8_t *p = rgba + ((size_t)j * W + (size_t)i) * 4;
            double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
            int d = abs(round_u8(16 + l * 219.0 / 255.0) - y[j * W + i]);
            worst_y = d > worst_y ? d : worst_y;
        }
    for (int j = 0; j < H / 2; j++)
        for (int i = 0; i < W / 2; i++) {
            double r = 0, g = 0, b = 0;
            for (int dy = 0; dy < 2; dy++)
                for (int dx = 0; dx < 2; dx++) {
                    const uint8_t *p = rgba + ((size_t)(2 * j + dy) * W + (size_t)(2 * i + dx)) * 4;
                    r += p[0] / 4.0;
                    g += p[1] / 4.0;
                    b += p[2] / 4.0;
                }
            double l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            int du = abs(round_u8(128 + (b - l) / 1.8556 * 224.0 / 255.0) - u[j * (W / 2) + i]);
            int dv = abs(round_u8(128 + (r - l) / 1.5748 * 224.0 / 255.0) - v[j * (W / 2) + i]);
            worst_c = du > worst_c ? du : worst_c;
            worst_c = dv > worst_c ? dv : worst_c;
        }
    LRT_CHECK_MSG(worst_y <= 1, "luma differs by %d", worst_y);
    LRT_CHECK_MSG(worst_c <= 1, "chroma differs by %d", worst_c);
    /* Exact values at the cube's corners: black, white, pure blue. */
    LRT_CHECK(y[0] == 16 && u[0] == 128 && v[0] == 128);
    LRT_CHECK(y[2] == 235 && u[1] == 128 && v[1] == 128);
    LRT_CHECK(u[4] == 240);
    LRT_CHECK(v[2] == 240);

    /* swscale, set up as the encoder sets it up, agrees on luma. */
    struct SwsContext *sws =
        sws_getContext(W, H, AV_PIX_FMT_RGBA, W, H, AV_PIX_FMT_YUV420P, SWS_BILINEAR, NULL, NULL, NULL);
    const int *bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(sws, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
    AVFrame *f = av_frame_alloc();
    f->format = AV_PIX_FMT_YUV420P;
    f->width = W;
    f->height = H;
    LRT_CHECK(av_frame_get_buffer(f, 0) == 0);
    const uint8_t *src[1] = {rgba};
    const int src_stride[1] = {W * 4};
    sws_scale(sws, src, src_stride, 0, H, f->data, f->linesize);
    int worst_sws = 0;
    for (int j = 0; j < H; j++)
        for (int i = 0; i < W; i++) {
            int d = abs((int)f->data[0][j * f->linesize[0] + i] - (int)y[j * W + i]);
            worst_sws = d > worst_sws ? d : worst_sws;
        }
    LRT_CHECK_MSG(worst_sws <= 2, "swscale's luma differs by %d", worst_sws);
    av_frame_free(&f);
    sws_freeContext(sws);
    free(rgba);

    const int sizes[][2] = {{1920, 8}, {854, 6}, {62, 4}, {16, 2}, {2, 2}, {34, 10}};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        check_same_as_portable(sizes[i][0], sizes[i][1], false);
        check_same_as_portable(sizes[i][0], sizes[i][1], true);
    }
    return lrt_finish("encode_convert");
}
