/* lr_video_render's frame loop through the PBO readback ring, with the
 * GPU's YUV pass (the default for x264) and with RGBA frames: the MP4 it
 * writes holds the very frames the synchronous readback gives (decoded
 * frames identical: the GPU pass computes the bytes of the CPU converter),
 * at the right times (against lr_video_render_frame,
 * across the section boundary, inside waits (where the frame before is sent
 * again, not drawn) and at the last frame, where the ring drains),
 * a render cancelled half-way leaves no file under the final name, two
 * workers rendering the sections at once write the same video, and a long
 * section split into parts between them joins seamlessly. */
#include "enc_util.h"

#include <librender/lr_video.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define W 854
#define H 480
#define FPS 15
#define FRAMES 39 /* 1.0 s + 1.6 s at 15 fps */

static char work[256];

static void path_in_work(char *buf, size_t size, const char *name)
{
    snprintf(buf, size, "%s/%s", work, name);
}

/* libx264 at its fastest, with `jobs` workers (0: one per core). */
static lr_video_options x264_options(int jobs)
{
    lr_video_options o = lr_video_options_default();
    o.encoder = "x264";
    o.preset = "ultrafast";
    o.jobs = jobs;
    return o;
}

static void ring_equals_sync(const lr_spec *spec)
{
    char ring_mp4[320], rgba_mp4[320], sync_mp4[320];
    path_in_work(ring_mp4, sizeof ring_mp4, "ring.mp4");
    path_in_work(rgba_mp4, sizeof rgba_mp4, "rgba.mp4");
    path_in_work(sync_mp4, sizeof sync_mp4, "sync.mp4");
    lr_error err;
    lr_video_options o = x264_options(0);
    o.readback = LR_VIDEO_READBACK_YUV;
    LRT_CHECK_OK(lr_video_render(spec, ring_mp4, &o, &err));
    /* Frames inside a wait are the frame before, sent again: 5 of section
     * one's 15 (its wait covers frames 9-14) and 8 of section two's 24
     * (frames 15-23). Frames 14, 37 and 38 below are such frames. */
    LRT_CHECK_MSG(o.frames_drawn == FRAMES - 13, "%lld frames drawn", (long long)o.frames_drawn);
    /* The GPU converted: the encoder took yuv420p as it came. */
    LRT_CHECK_MSG(strstr(o.encoder_report, "yuv420p in, yuv420p out, frames go to the encoder as pushed") != NULL,
                  "report: %s", o.encoder_report);
    o.readback = LR_VIDEO_READBACK_RGBA;
    LRT_CHECK_OK(lr_video_render(spec, rgba_mp4, &o, &err));
    LRT_CHECK_MSG(strstr(o.encoder_report, "rgba in, yuv420p out, BT.709 conversion") != NULL, "report: %s",
                  o.encoder_report);
    LRT_CHECK(o.frames_drawn == FRAMES - 13);
    o.readback = LR_VIDEO_READBACK_SYNC;
    LRT_CHECK_OK(lr_video_render(spec, sync_mp4, &o, &err));
    LRT_CHECK(o.frames_drawn == FRAMES - 13);
    /* The default: the PBO ring, converted where it is cheaper. */
    char auto_mp4[320];
    path_in_work(auto_mp4, sizeof auto_mp4, "auto.mp4");
    o.readback = LR_VIDEO_READBACK_AUTO;
    LRT_CHECK_OK(lr_video_render(spec, auto_mp4, &o, &err));
    enc_probe pa;
    LRT_CHECK(enc_probe_file(auto_mp4, &pa) && pa.frames == FRAMES);
    remove(auto_mp4);

    enc_probe p;
    LRT_CHECK(enc_probe_file(ring_mp4, &p));
    LRT_CHECK_MSG(strcmp(p.codec, "h264") == 0 && strcmp(p.pix_fmt, "yuv420p") == 0, "%s %s", p.codec, p.pix_fmt);
    LRT_CHECK(p.width == W && p.height == H);
    LRT_CHECK_MSG(p.frames == FRAMES, "%ld frames", p.frames);
    LRT_CHECK_NEAR(p.format_duration, (double)FRAMES / FPS, 1e-6);

    /* First, last of section one, first of section two, middle, last: the
     * frames the ring holds back longest; 8-10: the last frame of a play
     * step, the first of its wait (drawn) and the first repeated one. */
    const int indices[] = {0, 8, 9, 10, 14, 15, 27, 37, 38};
    size_t n = sizeof indices / sizeof indices[0];
    uint8_t *a = malloc((size_t)W * H * 3), *b = malloc((size_t)W * H * 3), *c = malloc((size_t)W * H * 3);
    lr_image still = {0};
    for (size_t i = 0; a && b && c && i < n; i++) {
        int k = indices[i];
        bool ok = enc_decode_frame(ring_mp4, k, W, H, a) && enc_decode_frame(sync_mp4, k, W, H, b) &&
                  enc_decode_frame(rgba_mp4, k, W, H, c);
        LRT_CHECK_MSG(ok, "cannot decode frame %d", k);
        if (!ok)
            continue;
        LRT_CHECK_MSG(memcmp(a, b, (size_t)W * H * 3) == 0,
                      "frame %d: the video of the GPU YUV ring differs from sync readback's", k);
        LRT_CHECK_MSG(memcmp(c, b, (size_t)W * H * 3) == 0,
                      "frame %d: the video of the RGBA ring differs from sync readback's", k);
        /* The frame shown at k/fps, rendered alone, within the encoder's
         * loss (the tolerance of the encoder tests). */
        lr_video_options so = lr_video_options_default();
        LRT_CHECK_OK(lr_video_render_frame(spec, (double)k / FPS, &so, &still, &err));
        double e = enc_mean_abs_error(still.pixels, a, W, H);
        printf("  frame %d: mean abs error against the still %.2f\n", k, e);
        LRT_CHECK_MSG(e < 3.0, "frame %d: mean abs error %.2f against the still", k, e);
        /* ...and the neighbour in time is further away: the frame is the
         * right one, not just a similar one. */
        if (k == 14 || k == 27) {
            lr_image other = {0};
            LRT_CHECK_OK(lr_video_render_frame(spec, (double)(k + 1) / FPS, &so, &other, &err));
            double e2 = enc_mean_abs_error(other.pixels, a, W, H);
            LRT_CHECK_MSG(e2 > e, "frame %d looks like frame %d (%.2f vs %.2f)", k, k + 1, e2, e);
            lr_image_free(&other);
        }
    }
    lr_image_free(&still);
    free(a);
    free(b);
    free(c);
    remove(ring_mp4);
    remove(rgba_mp4);
    remove(sync_mp4);
}

typedef struct cancel_state {
    int64_t at, calls;
} cancel_state;

static bool cancel_at(const lr_video_progress *p, void *user)
{
    cancel_state *c = user;
    c->calls++;
    return p->done || p->total_frame < c->at;
}

static void cancel_leaves_nothing(const lr_spec *spec)
{
    char out[320];
    path_in_work(out, sizeof out, "cancelled.mp4");
    cancel_state c = {20, 0}; /* in the second section, with frames in the ring */
    lr_video_options o = x264_options(1); /* sections one after the other: frame 20 is the second's */
    o.progress = cancel_at;
    o.user = &c;
    lr_error err;
    LRT_CHECK_STATUS(lr_video_render(spec, out, &o, &err), LR_ERR_CANCELLED);
    LRT_CHECK_MSG(strstr(err.message, "second") != NULL, "message: %s", err.message);
    LRT_CHECK(c.calls == 20);
    LRT_CHECK(!enc_file_exists(out));
    char clip[400];
    snprintf(clip, sizeof clip, "%s.sections/02-second.mp4", out);
    LRT_CHECK(!enc_file_exists(clip));
    LRT_CHECK(!enc_part_exists(clip));
}

/* Both sections at once, each with its own context and encoder: the video
 * is the one a single worker writes, frame for frame; cancelling stops
 * both workers, calls the progress function no more, and leaves no file. */
static void parallel_sections(const lr_spec *spec)
{
    char one_mp4[320], two_mp4[320];
    path_in_work(one_mp4, sizeof one_mp4, "one.mp4");
    path_in_work(two_mp4, sizeof two_mp4, "two.mp4");
    lr_error err;
    lr_video_options o = x264_options(1);
    LRT_CHECK_OK(lr_video_render(spec, one_mp4, &o, &err));
    o.jobs = 2;
    LRT_CHECK_OK(lr_video_render(spec, two_mp4, &o, &err));
    LRT_CHECK_MSG(o.frames_drawn == FRAMES - 13, "%lld frames drawn", (long long)o.frames_drawn);
    enc_probe p;
    LRT_CHECK(enc_probe_file(two_mp4, &p) && p.frames == FRAMES);
    uint8_t *a = malloc((size_t)W * H * 3), *b = malloc((size_t)W * H * 3);
    for (int k = 0; a && b && k < FRAMES; k += 3) {
        bool ok = enc_decode_frame(one_mp4, k, W, H, a) && enc_decode_frame(two_mp4, k, W, H, b);
        LRT_CHECK_MSG(ok && memcmp(a, b, (size_t)W * H * 3) == 0, "frame %d differs between 1 and 2 workers", k);
    }
    free(a);
    free(b);
    remove(one_mp4);
    remove(two_mp4);

    char out[320];
    path_in_work(out, sizeof out, "cancelled2.mp4");
    cancel_state c = {10, 0};
    o.progress = cancel_at;
    o.user = &c;
    LRT_CHECK_STATUS(lr_video_render(spec, out, &o, &err), LR_ERR_CANCELLED);
    LRT_CHECK_MSG(c.calls == 10, "progress called %lld times", (long long)c.calls);
    LRT_CHECK(!enc_file_exists(out));
    const char *clips[] = {"01-first.mp4", "02-second.mp4"};
    for (int i = 0; i < 2; i++) {
        char clip[400];
        snprintf(clip, sizeof clip, "%s.sections/%s", out, clips[i]);
        LRT_CHECK_MSG(!enc_file_exists(clip) && !enc_part_exists(clip), "%s left behind", clip);
    }
}

static double mean_rgb_diff(const uint8_t *a, const uint8_t *b)
{
    double sum = 0;
    for (size_t i = 0; i < (size_t)W * H * 3; i++)
        sum += abs((int)a[i] - (int)b[i]);
    return sum / ((double)W * H * 3);
}

/* A 6 s section and a 1 s one under two workers: the long one is split
 * into parts ([0,30) [30,60) [60,90): at least 2 s each, about a quarter
 * of the frames left), the parts join into the video one worker writes
 * (each decoded frame is its counterpart, closer to it than to its
 * neighbours in time, across the joins), keep_clips still leaves one clip
 * per section, and a cancel leaves no part behind. */
static void parts_match_one_worker(const lr_spec *spec)
{
    enum { LONG_FRAMES = 90, ALL_FRAMES = 105 };
    char one_mp4[320], parts_mp4[320];
    path_in_work(one_mp4, sizeof one_mp4, "long1.mp4");
    path_in_work(parts_mp4, sizeof parts_mp4, "long2.mp4");
    lr_error err;
    lr_video_options o = x264_options(1);
    o.quality = 12; /* close to lossless: the frames' differences are the animation's */
    LRT_CHECK_OK(lr_video_render(spec, one_mp4, &o, &err));
    LRT_CHECK_MSG(o.clips_encoded == 2, "one worker: %lld clips", (long long)o.clips_encoded);
    o.jobs = 2;
    o.keep_clips = true;
    LRT_CHECK_OK(lr_video_render(spec, parts_mp4, &o, &err));
    LRT_CHECK_MSG(o.clips_encoded == 4, "two workers: %lld clips", (long long)o.clips_encoded);
    /* The first clip chose the encoder and says why; the others opened
     * "libx264" by name and say nothing. */
    const char *chosen = "libx264 (requested as \"x264\");";
    LRT_CHECK_MSG(strncmp(o.encoder_report, chosen, strlen(chosen)) == 0, "report: %s", o.encoder_report);
    enc_probe p;
    LRT_CHECK(enc_probe_file(parts_mp4, &p));
    LRT_CHECK_MSG(p.frames == ALL_FRAMES, "%ld frames", p.frames);
    LRT_CHECK_NEAR(p.format_duration, (double)ALL_FRAMES / FPS, 1e-6);
    char why[256] = "";
    LRT_CHECK_MSG(enc_check_timestamps(parts_mp4, FPS, ALL_FRAMES, why, sizeof why), "%s", why);

    /* The kept clips: one per section, the long one joined from its parts. */
    char clip[400];
    snprintf(clip, sizeof clip, "%s.sections/01-long.mp4", parts_mp4);
    enc_probe pc;
    LRT_CHECK_MSG(enc_probe_file(clip, &pc) && pc.frames == LONG_FRAMES, "%s: %ld frames", clip, pc.frames);
    const int part_starts[] = {30, 60};
    for (int i = 0; i < 2; i++) {
        snprintf(clip, sizeof clip, "%s.sections/01-long.f%06d.mp4", parts_mp4, part_starts[i]);
        LRT_CHECK_MSG(!enc_file_exists(clip), "%s left behind", clip);
    }

    const int indices[] = {0, 29, 30, 31, 59, 60, 61, 89};
    uint8_t *a = malloc((size_t)W * H * 3), *b = malloc((size_t)W * H * 3), *c = malloc((size_t)W * H * 3);
    for (size_t i = 0; a && b && c && i < sizeof indices / sizeof indices[0]; i++) {
        int k = indices[i];
        bool ok = enc_decode_frame(parts_mp4, k, W, H, a) && enc_decode_frame(one_mp4, k, W, H, b);
        LRT_CHECK_MSG(ok, "cannot decode frame %d", k);
        if (!ok)
            continue;
        double same = mean_rgb_diff(a, b);
        LRT_CHECK_MSG(same < 1.0, "frame %d: mean difference %.2f from one worker's", k, same);
        for (int d = -1; d <= 1; d += 2) {
            if (k + d < 0 || k + d >= LONG_FRAMES || !enc_decode_frame(one_mp4, k + d, W, H, c))
                continue;
            double next = mean_rgb_diff(a, c);
            printf("  parts, frame %d: %.2f from one worker's frame, %.2f from its frame %d\n", k, same, next, k + d);
            LRT_CHECK_MSG(next > 2 * same, "frame %d looks like one worker's frame %d (%.2f vs %.2f)", k, k + d,
                          next, same);
        }
    }
    free(a);
    free(b);
    free(c);
    remove(one_mp4);
    remove(parts_mp4);
    snprintf(clip, sizeof clip, "%s.sections/01-long.mp4", parts_mp4);
    remove(clip);
    snprintf(clip, sizeof clip, "%s.sections/02-short.mp4", parts_mp4);
    remove(clip);
    snprintf(clip, sizeof clip, "%s.sections", parts_mp4);
    rmdir(clip);

    /* Cancelled while both workers hold a part of the long section. */
    char out[320];
    path_in_work(out, sizeof out, "long-cancelled.mp4");
    cancel_state cs = {40, 0};
    o.keep_clips = false;
    o.progress = cancel_at;
    o.user = &cs;
    LRT_CHECK_STATUS(lr_video_render(spec, out, &o, &err), LR_ERR_CANCELLED);
    LRT_CHECK(!enc_file_exists(out));
    snprintf(clip, sizeof clip, "%s.sections", out);
    LRT_CHECK_MSG(access(clip, F_OK) != 0, "%s left behind", clip);
}

int main(void)
{
    char tmpl[] = "/tmp/test_video_ring.XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(work, sizeof work, "%s", tmpl);
    char spec_path[512];
    lrt_source_path(spec_path, sizeof spec_path, "tests/video/two_sections.json");
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    LRT_CHECK_OK(lr_spec_load_file(spec_path, &spec, errs));
    if (spec) {
        ring_equals_sync(spec);
        cancel_leaves_nothing(spec);
        parallel_sections(spec);
    } else {
        fprintf(stderr, "%s\n", lr_spec_errors_joined(errs));
    }
    lr_spec_destroy(spec);
    lrt_source_path(spec_path, sizeof spec_path, "tests/video/long_section.json");
    spec = NULL;
    LRT_CHECK_OK(lr_spec_load_file(spec_path, &spec, errs));
    if (spec)
        parts_match_one_worker(spec);
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", work);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", work);
    return lrt_finish("test_video_ring");
}
