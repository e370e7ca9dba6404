/* The codecs besides H.264/HEVC: VP9 in WebM, ProRes 4444 and QuickTime
 * Animation in MOV, with and without alpha. What was written is decoded with
 * ffprobe/ffmpeg: the codec, the container, the pixel format (ProRes decodes
 * to 12 bits a sample whatever it was encoded from), the frame count, the
 * colours, and the alpha of see-through pixels. */
#include "enc_util.h"

#include "encode/encode_internal.h"

#include <stdlib.h>
#include <string.h>

#define W 320
#define H 240
#define FPS 15
#define FRAMES 20

static void out_path(char *buf, size_t size, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/encode/%s", name);
    lrt_build_path(buf, size, rel);
    remove(buf);
}

/* One line of ffprobe about the first video stream or the format. */
static void probe_entry(const char *path, const char *entry, char *out, size_t size)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "ffprobe -v error -select_streams v:0 -show_entries %s -of default=nw=1:nk=1 '%s'",
             entry, path);
    out[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (!p)
        return;
    if (!fgets(out, (int)size, p))
        out[0] = '\0';
    out[strcspn(out, "\r\n")] = '\0';
    pclose(p);
}

/* Frame `index` decoded to RGBA. */
static bool decode_rgba(const char *path, int index, uint8_t *rgba)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd,
             "ffmpeg -v error -nostdin -i '%s' -vf 'select=eq(n\\,%d)' -frames:v 1 -f rawvideo -pix_fmt rgba -", path,
             index);
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    size_t want = (size_t)W * H * 4u, got = fread(rgba, 1, want, p);
    return pclose(p) == 0 && got == want;
}

static void check_codec(lr_video_codec codec, const char *file, const char *codec_name, const char *pix_fmt,
                        const char *format_name, double max_error)
{
    char path[1024];
    out_path(path, sizeof path, file);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.codec = codec;
    lr_error err = {0};
    char report[1024] = "";
    lr_status s = enc_write_clip(&d, 0, FRAMES, report, sizeof report, &err);
    LRT_CHECK_MSG(s == LR_OK, "%s: %s", file, err.message);
    if (s != LR_OK)
        return;
    printf("%s: %s\n", file, report);
    enc_probe pr;
    LRT_CHECK(enc_probe_file(path, &pr));
    LRT_CHECK_MSG(strcmp(pr.codec, codec_name) == 0, "%s: codec %s, expected %s", file, pr.codec, codec_name);
    LRT_CHECK_MSG(strcmp(pr.pix_fmt, pix_fmt) == 0, "%s: pixel format %s, expected %s", file, pr.pix_fmt, pix_fmt);
    LRT_CHECK_MSG(pr.frames == FRAMES, "%s: %ld frames", file, pr.frames);
    LRT_CHECK_NEAR(pr.format_duration, (double)FRAMES / FPS, 0.002);
    char fmt[256];
    probe_entry(path, "format=format_name", fmt, sizeof fmt);
    LRT_CHECK_MSG(strcmp(fmt, format_name) == 0, "%s: container %s, expected %s", file, fmt, format_name);
    uint8_t *src = malloc((size_t)W * H * 4), *rgb = malloc((size_t)W * H * 3);
    enc_frame_make(src, W, H, 7);
    LRT_CHECK(enc_decode_frame(path, 7, W, H, rgb));
    double e = enc_mean_abs_error(src, rgb, W, H);
    LRT_CHECK_MSG(e <= max_error, "%s: frame 7 differs by %.2f on average (at most %.2f)", file, e, max_error);
    free(src);
    free(rgb);
}

/* Left third see-through, middle third half opaque red, right third opaque. */
static void alpha_frame(uint8_t *rgba, int k)
{
    enc_frame_make(rgba, W, H, k);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint8_t *p = rgba + ((size_t)y * W + (size_t)x) * 4;
            if (x < W / 3)
                p[0] = p[1] = p[2] = p[3] = 0;
            else if (x < 2 * W / 3)
                p[0] = 255, p[1] = p[2] = 0, p[3] = 128;
        }
}

static void check_alpha(lr_video_codec codec, const char *encoder, const char *file, const char *pix_fmt,
                        int max_alpha_error)
{
    char path[1024];
    out_path(path, sizeof path, file);
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.codec = codec;
    d.encoder = encoder;
    d.alpha = true;
    lr_encoder *enc;
    lr_error err = {0};
    lr_status s = lr_encoder_open(&d, &enc, &err);
    LRT_CHECK_MSG(s == LR_OK, "%s: %s", file, err.message);
    if (s != LR_OK)
        return;
    LRT_CHECK(lr_encoder_native_input(enc) == LR_FRAME_RGBA);
    LRT_CHECK_STATUS(lr_encoder_set_input(enc, LR_FRAME_YUV420P, &err), LR_ERR_INVALID_ARG);
    uint8_t *px = malloc((size_t)W * H * 4), *back = malloc((size_t)W * H * 4);
    for (int k = 0; k < FRAMES && s == LR_OK; k++) {
        alpha_frame(px, k);
        s = lr_encoder_push_rgba(enc, px, W * 4, &err);
    }
    LRT_CHECK_OK(s == LR_OK ? lr_encoder_finish(enc, NULL, &err) : s);
    enc_probe pr;
    LRT_CHECK(enc_probe_file(path, &pr));
    LRT_CHECK_MSG(strcmp(pr.pix_fmt, pix_fmt) == 0, "%s: pixel format %s, expected %s", file, pr.pix_fmt, pix_fmt);
    LRT_CHECK(pr.frames == FRAMES);
    alpha_frame(px, 5);
    LRT_CHECK(decode_rgba(path, 5, back));
    const uint8_t *clear = back + ((size_t)(H / 2) * W + 10) * 4;
    const uint8_t *half = back + ((size_t)(H / 2) * W + W / 2) * 4;
    const uint8_t *solid = back + ((size_t)10 * W + W - 10) * 4;
    LRT_CHECK_MSG(clear[3] == 0, "%s: see-through pixel has alpha %d", file, clear[3]);
    LRT_CHECK_MSG(abs(half[3] - 128) <= max_alpha_error && half[0] > 240, "%s: half-opaque red is %d %d %d / %d",
                  file, half[0], half[1], half[2], half[3]);
    LRT_CHECK_MSG(solid[3] == 255, "%s: opaque pixel has alpha %d", file, solid[3]);
    free(px);
    free(back);
}

static void check_refusals(void)
{
    char path[1024];
    out_path(path, sizeof path, "alpha.mp4");
    lr_encoder_desc d = lr_encoder_desc_default(path, W, H, FPS);
    d.alpha = true;
    lr_encoder *enc = NULL;
    lr_error err = {0};
    LRT_CHECK_STATUS(lr_encoder_open(&d, &enc, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "keeps no alpha") != NULL, "%s", err.message);
    LRT_CHECK(!enc && !enc_file_exists(path));
    d = lr_encoder_desc_default(path, W, H, FPS);
    d.codec = LR_CODEC_VP9;
    d.encoder = "nvenc";
    LRT_CHECK_STATUS(lr_encoder_open(&d, &enc, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "no nvenc encoder for VP9") != NULL, "%s", err.message);
}

/* Two clips of `codec` one after the other: frames [0, n1) and [n1, n1 + n2). */
static void two_clips(lr_video_codec codec, const char *name_a, const char *name_b, int n1, int n2, char *a, char *b,
                      size_t size)
{
    out_path(a, size, name_a);
    out_path(b, size, name_b);
    lr_encoder_desc d = lr_encoder_desc_default(a, W, H, FPS);
    d.codec = codec;
    lr_error err = {0};
    LRT_CHECK_OK(enc_write_clip(&d, 0, n1, NULL, 0, &err));
    d.path = b;
    LRT_CHECK_OK(enc_write_clip(&d, n1, n2, NULL, 0, &err));
}

/* MOV clips join like MP4 ones, and keep ProRes's tag. */
static void check_join(void)
{
    char a[1024], b[1024], out[1024];
    two_clips(LR_CODEC_PRORES, "join_a.mov", "join_b.mov", 10, 12, a, b, sizeof a);
    out_path(out, sizeof out, "joined.mov");
    lr_error err = {0};
    const char *inputs[2] = {a, b};
    LRT_CHECK_OK(lr_video_concat(inputs, 2, out, &err));
    enc_probe pr;
    LRT_CHECK(enc_probe_file(out, &pr));
    LRT_CHECK(pr.frames == 22 && strcmp(pr.codec, "prores") == 0);
    char tag[64];
    probe_entry(out, "stream=codec_tag_string", tag, sizeof tag);
    LRT_CHECK_MSG(strcmp(tag, "ap4h") == 0, "joined ProRes tagged \"%s\"", tag);
}

/* GIF from two lossless clips: one palette, every frame, looping for ever
 * (the NETSCAPE2.0 block with a loop count of 0), colours near the source. */
static void check_gif(void)
{
    char a[1024], b[1024], out[1024];
    two_clips(LR_CODEC_QTRLE, "gif_a.mov", "gif_b.mov", 9, 11, a, b, sizeof a);
    out_path(out, sizeof out, "clips.gif");
    lr_error err = {0};
    const char *inputs[2] = {a, b};
    lr_status s = lr_gif_write(inputs, 2, out, &err);
    LRT_CHECK_MSG(s == LR_OK, "%s", err.message);
    enc_probe pr;
    LRT_CHECK(enc_probe_file(out, &pr));
    LRT_CHECK_MSG(strcmp(pr.codec, "gif") == 0 && pr.frames == 20, "%s, %ld frames", pr.codec, pr.frames);
    LRT_CHECK_NEAR(pr.format_duration, 20.0 / FPS, 0.011); /* delays are whole hundredths */
    FILE *f = fopen(out, "rb");
    unsigned char buf[4096];
    size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
    if (f)
        fclose(f);
    bool loops = false;
    for (size_t i = 0; i + 16 < n && !loops; i++)
        loops = memcmp(buf + i, "NETSCAPE2.0", 11) == 0 && buf[i + 11] == 3 && buf[i + 12] == 1 &&
                buf[i + 13] == 0 && buf[i + 14] == 0;
    LRT_CHECK_MSG(loops, "no NETSCAPE2.0 block with loop count 0 in the first %zu bytes", n);
    uint8_t *src = malloc((size_t)W * H * 4), *rgb = malloc((size_t)W * H * 3);
    enc_frame_make(src, W, H, 12);
    LRT_CHECK(enc_decode_frame(out, 12, W, H, rgb));
    double e = enc_mean_abs_error(src, rgb, W, H);
    LRT_CHECK_MSG(e <= 6.0, "GIF frame 12 differs by %.2f on average", e);
    free(src);
    free(rgb);
}

int main(void)
{
    check_codec(LR_CODEC_VP9, "vp9.webm", "vp9", "yuv420p", "matroska,webm", 8.0);
    check_codec(LR_CODEC_PRORES, "prores.mov", "prores", "yuv444p12le", "mov,mp4,m4a,3gp,3g2,mj2", 3.0);
    check_codec(LR_CODEC_QTRLE, "qtrle.mov", "qtrle", "rgb24", "mov,mp4,m4a,3gp,3g2,mj2", 0.0);
    check_alpha(LR_CODEC_PRORES, NULL, "prores_alpha.mov", "yuva444p12le", 2);
    check_alpha(LR_CODEC_QTRLE, NULL, "qtrle_alpha.mov", "argb", 0);
    check_refusals();
    check_join();
    check_gif();
    return lrt_finish("encode_formats");
}
