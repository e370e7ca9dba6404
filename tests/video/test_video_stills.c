/* Frames that equal the one before cost the encoder a repeat, not a
 * readback, a copy and a conversion: a 4 s wait (frames not even drawn)
 * and the end of a step whose animations have all ended (drawn, found
 * unchanged by the context: tests/video/long_wait.json, 6 s at 15 fps).
 * The MP4 still has every frame at its time, each the picture
 * lr_video_render_frame gives at k / fps; one worker, two workers (the
 * section in parts) and synchronous readback write the same frames; the
 * PNG sequence (a sink that cannot repeat) gets the same pictures. */
#include "enc_util.h"

#include <librender/lr_video.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 854
#define H 480
#define FPS 15
#define FRAMES 90
/* Drawn: frames 0-8 (the fade and the Create) and 78-89 (the Shift);
 * found unchanged: 9-18 (the Create has ended, the Wait animation holds
 * the step to 1.2 s, and frame 18 opens the wait); not drawn: 19-77 (the
 * wait). */
#define DRAWN 21
#define UNCHANGED 10

static char work[256];

static bool same_rgb(const uint8_t *a, const uint8_t *b)
{
    return memcmp(a, b, (size_t)W * H * 3) == 0;
}

static void render(const lr_spec *spec, const char *name, int jobs, lr_video_readback readback, char *path,
                   size_t size)
{
    snprintf(path, size, "%s/%s", work, name);
    lr_video_options o = lr_video_options_default();
    o.encoder = "x264";
    o.jobs = jobs;
    o.readback = readback;
    lr_error err;
    LRT_CHECK_OK(lr_video_render(spec, path, &o, &err));
    /* Two workers render the section in three parts of 30 frames (2 s
     * each, the least a part has): the first frames of the second and the
     * third fall inside the wait, with no frame before them in their clip
     * to repeat, and are drawn. */
    int drawn = jobs == 2 ? DRAWN + 2 : DRAWN;
    LRT_CHECK_MSG(o.frames_drawn == drawn, "%s: %lld frames drawn, expected %d", name, (long long)o.frames_drawn,
                  drawn);
    LRT_CHECK_MSG(o.stages.frames_unchanged == UNCHANGED, "%s: %lld frames found unchanged, expected %d", name,
                  (long long)o.stages.frames_unchanged, UNCHANGED);
    /* The rest reached the encoder as repeats: neither copied nor converted. */
    LRT_CHECK_MSG(o.stages.frames_repeated == FRAMES - drawn, "%s: %lld repeats, expected %d", name,
                  (long long)o.stages.frames_repeated, FRAMES - drawn);
    enc_probe p;
    LRT_CHECK(enc_probe_file(path, &p));
    LRT_CHECK_MSG(p.frames == FRAMES, "%s: %ld frames", name, p.frames);
    LRT_CHECK_MSG(strcmp(p.frame_rate, "15/1") == 0, "%s: frame rate %s", name, p.frame_rate);
    LRT_CHECK_NEAR(p.stream_duration, (double)FRAMES / FPS, 1e-6);
    LRT_CHECK_NEAR(p.format_duration, (double)FRAMES / FPS, 1e-6);
    char why[256] = "";
    LRT_CHECK_MSG(enc_check_timestamps(path, FPS, FRAMES, why, sizeof why), "%s: %s", name, why);
}

int main(void)
{
    char tmpl[] = "/tmp/test_video_stills.XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(work, sizeof work, "%s", tmpl);
    char spec_path[512];
    lrt_source_path(spec_path, sizeof spec_path, "tests/video/long_wait.json");
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    LRT_CHECK_OK(lr_spec_load_file(spec_path, &spec, errs));
    if (!spec) {
        fprintf(stderr, "%s\n", lr_spec_errors_joined(errs));
        lr_spec_errors_destroy(errs);
        return lrt_finish("video_stills");
    }
    char one[320], two[320], sync[320];
    render(spec, "one.mp4", 1, LR_VIDEO_READBACK_AUTO, one, sizeof one);
    render(spec, "two.mp4", 2, LR_VIDEO_READBACK_AUTO, two, sizeof two);
    render(spec, "sync.mp4", 1, LR_VIDEO_READBACK_SYNC, sync, sizeof sync);

    /* The PNG sequence: the frames before are copied and written again. */
    char pattern[320];
    snprintf(pattern, sizeof pattern, "%s/f%%03d.png", work);
    lr_video_options po = lr_video_options_default();
    lr_error err;
    LRT_CHECK_OK(lr_video_render_png_sequence(spec, pattern, &po, &err));
    LRT_CHECK_MSG(po.frames_drawn == DRAWN, "png: %lld frames drawn", (long long)po.frames_drawn);

    /* Around each change: the last frame drawn before the still run, its
     * first frames, inside the wait, its last, the first drawn after. */
    const int indices[] = {0, 8, 9, 10, 17, 18, 19, 50, 77, 78, 89};
    uint8_t *a = malloc((size_t)W * H * 3), *b = malloc((size_t)W * H * 3), *c = malloc((size_t)W * H * 3);
    lr_image still = {0}, png = {0};
    for (size_t i = 0; a && b && c && i < sizeof indices / sizeof indices[0]; i++) {
        int k = indices[i];
        bool ok = enc_decode_frame(one, k, W, H, a) && enc_decode_frame(two, k, W, H, b) &&
                  enc_decode_frame(sync, k, W, H, c);
        LRT_CHECK_MSG(ok, "cannot decode frame %d", k);
        if (!ok)
            continue;
        LRT_CHECK_MSG(same_rgb(a, c), "frame %d: the ring's video differs from synchronous readback's", k);
        /* Parts are separate encodes: within the loss, not bit for bit. */
        lr_video_options so = lr_video_options_default();
        LRT_CHECK_OK(lr_video_render_frame(spec, (double)k / FPS, &so, &still, &err));
        double e = enc_mean_abs_error(still.pixels, a, W, H), e2 = enc_mean_abs_error(still.pixels, b, W, H);
        printf("  frame %d: mean abs error against the still %.2f (one worker), %.2f (two)\n", k, e, e2);
        LRT_CHECK_MSG(e < 3.0 && e2 < 3.0, "frame %d: mean abs error %.2f / %.2f against the still", k, e, e2);
        /* The frames that move are told apart from their neighbours. */
        if (k == 8 || k == 78) {
            lr_image other = {0};
            LRT_CHECK_OK(lr_video_render_frame(spec, (double)(k + 1) / FPS, &so, &other, &err));
            double en = enc_mean_abs_error(other.pixels, a, W, H);
            LRT_CHECK_MSG(en > e, "frame %d looks like frame %d (%.2f vs %.2f)", k, k + 1, en, e);
            lr_image_free(&other);
        }
        /* The PNG of frame k is the still at k / fps, byte for byte. */
        char png_path[400];
        snprintf(png_path, sizeof png_path, pattern, k);
        lr_image_free(&png);
        LRT_CHECK_OK(lr_image_load(&png, png_path, &err));
        bool same = png.width == still.width && png.height == still.height;
        for (int r = 0; same && r < png.height; r++)
            same = memcmp(png.pixels + (size_t)r * (size_t)png.stride,
                          still.pixels + (size_t)r * (size_t)still.stride, 4 * (size_t)png.width) == 0;
        LRT_CHECK_MSG(same, "frame %d: the PNG differs from the still", k);
    }
    lr_image_free(&still);
    lr_image_free(&png);
    free(a);
    free(b);
    free(c);
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", work);
    return lrt_finish("video_stills");
}
