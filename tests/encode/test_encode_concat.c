/* Joining clips by packet copy: the result has every frame, in order, and
 * lasts exactly the sum of the clips. */
#include "enc_util.h"

#include <stdlib.h>
#include <string.h>

#define W 320
#define H 240
#define FPS 15

static void clip_path(char *buf, size_t size, const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/encode/%s", name);
    lrt_build_path(buf, size, rel);
    remove(buf);
}

int main(void)
{
    char a[1024], b[1024], c[1024], out[1024], odd[1024];
    clip_path(a, sizeof a, "clip_a.mp4");
    clip_path(b, sizeof b, "clip_b.mp4");
    clip_path(c, sizeof c, "clip_c.mp4");
    clip_path(out, sizeof out, "joined.mp4");
    clip_path(odd, sizeof odd, "clip_odd.mp4");
    lr_error err = {0};
    /* 15 + 20 + 10 frames: 1 s + 4/3 s + 2/3 s = 3 s. */
    const int first[3] = {0, 15, 35}, count[3] = {15, 20, 10};
    const char *paths[3] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        lr_encoder_desc d = lr_encoder_desc_default(paths[i], W, H, FPS);
        d.encoder = "x264";
        LRT_CHECK_OK(enc_write_clip(&d, first[i], count[i], NULL, 0, &err));
    }
    LRT_CHECK_OK(lr_video_concat(paths, 3, out, &err));
    LRT_CHECK(!enc_part_exists(out));
    enc_probe p;
    LRT_CHECK(enc_probe_file(out, &p));
    LRT_CHECK(strcmp(p.codec, "h264") == 0 && p.width == W && p.height == H);
    LRT_CHECK_MSG(p.frames == 45, "%ld frames", p.frames);
    LRT_CHECK_NEAR(p.stream_duration, 3.0, 1e-6);
    LRT_CHECK_NEAR(p.format_duration, 3.0, 1e-6);
    LRT_CHECK_MSG(strcmp(p.frame_rate, "15/1") == 0, "frame rate %s", p.frame_rate);
    char why[256] = "";
    LRT_CHECK_MSG(enc_check_timestamps(out, FPS, 45, why, sizeof why), "joined: %s", why);

    /* Frames either side of each seam are the right ones. */
    uint8_t *src = malloc((size_t)W * H * 4), *dec = malloc((size_t)W * H * 3);
    const int idx[] = {0, 14, 15, 34, 35, 44};
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++) {
        bool ok = enc_decode_frame(out, idx[i], W, H, dec);
        LRT_CHECK_MSG(ok, "cannot decode frame %d", idx[i]);
        if (!ok)
            continue;
        enc_frame_make(src, W, H, idx[i]);
        double e = enc_mean_abs_error(src, dec, W, H);
        LRT_CHECK_MSG(e < 4.0, "joined frame %d: mean abs error %.2f", idx[i], e);
    }
    free(src);
    free(dec);

    /* One clip alone is a copy of it. */
    LRT_CHECK_OK(lr_video_concat(paths + 1, 1, out, &err));
    LRT_CHECK(enc_probe_file(out, &p) && p.frames == 20);
    LRT_CHECK_NEAR(p.stream_duration, 20.0 / FPS, 1e-6);

    /* A clip of another size cannot be joined by copy: a clear error, and the
     * previous output is left as it was. */
    lr_encoder_desc d = lr_encoder_desc_default(odd, 160, 120, FPS);
    LRT_CHECK_OK(enc_write_clip(&d, 0, 5, NULL, 0, &err));
    const char *mixed[2] = {a, odd};
    LRT_CHECK_STATUS(lr_video_concat(mixed, 2, out, &err), LR_ERR_INVALID_ARG);
    printf("mixed: %s\n", err.message);
    LRT_CHECK(strstr(err.message, odd) != NULL);
    LRT_CHECK(!enc_part_exists(out));
    LRT_CHECK(enc_probe_file(out, &p) && p.frames == 20);

    /* A missing clip. */
    char missing[1024];
    clip_path(missing, sizeof missing, "missing.mp4");
    const char *with_missing[2] = {a, missing};
    LRT_CHECK_STATUS(lr_video_concat(with_missing, 2, out, &err), LR_ERR_IO);
    LRT_CHECK(strstr(err.message, "missing.mp4") != NULL);
    LRT_CHECK_STATUS(lr_video_concat(NULL, 0, out, &err), LR_ERR_INVALID_ARG);
    return lrt_finish("encode_concat");
}
