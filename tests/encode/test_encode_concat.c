/* Joining clips by packet copy: the result has every frame, in order, and
 * lasts exactly the sum of the clips. An audio track and subtitles added to
 * a video (lr_audio_mux) last exactly as long as it. */
#include "enc_util.h"

#include <librender/lr_audio.h>

#include <math.h>
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

/* The decoded audio of `path`, mono float at LR_AUDIO_RATE (malloc'd). */
static float *decode_audio(const char *path, size_t *count)
{
    char cmd[2300];
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -i '%s' -map 0:a -f f32le -ac 1 -ar 48000 -", path);
    FILE *p = popen(cmd, "r");
    size_t cap = 1 << 16, n = 0;
    float *s = malloc(cap * sizeof *s);
    while (p && s) {
        if (n == cap) {
            float *t = realloc(s, 2 * cap * sizeof *s);
            if (!t)
                break;
            s = t;
            cap *= 2;
        }
        size_t got = fread(s + n, sizeof *s, cap - n, p);
        if (got == 0)
            break;
        n += got;
    }
    if (p)
        pclose(p);
    *count = n;
    return s;
}

static double rms_between(const float *s, size_t count, double t0, double t1)
{
    size_t a = (size_t)(t0 * LR_AUDIO_RATE), b = (size_t)(t1 * LR_AUDIO_RATE);
    double sum = 0;
    for (size_t i = a; i < b && i < count; i++)
        sum += (double)s[i] * s[i];
    return b > a ? sqrt(sum / (double)(b - a)) : 0;
}

static int count_lines(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    int n = 0, c;
    while (p && (c = fgetc(p)) != EOF)
        n += c == '\n';
    if (p)
        pclose(p);
    return n;
}

/* A 2 s tone and two cues over the 3 s video: the track is padded to 3 s. */
static void test_audio_mux(const char *video, const char *out)
{
    lr_error err = {0};
    lr_pcm tone = {malloc(2 * LR_AUDIO_RATE * sizeof(float)), 2 * LR_AUDIO_RATE, LR_AUDIO_RATE};
    for (size_t i = 0; tone.samples && i < tone.count; i++)
        tone.samples[i] = 0.5f * (float)sin(2 * M_PI * 440.0 * (double)i / LR_AUDIO_RATE);
    const lr_cue cues[2] = {{0.0, 1.0, "first {line}"}, {1.5, 2.5, "second"}};
    LRT_CHECK_OK(lr_audio_mux(video, &tone, cues, 2, out, &err));
    LRT_CHECK(!enc_part_exists(out));
    enc_probe p;
    LRT_CHECK(enc_probe_file(out, &p) && p.frames == 45);
    char why[256] = "";
    LRT_CHECK_MSG(enc_check_timestamps(out, FPS, 45, why, sizeof why), "with audio: %s", why);
    size_t n = 0;
    float *s = decode_audio(out, &n);
    /* FFmpeg 5.1 writes up to one AAC frame (1024 samples) past the trim. */
    LRT_CHECK_MSG(s && n >= 3 * LR_AUDIO_RATE && n <= 3 * LR_AUDIO_RATE + 1024, "%zu samples decoded", n);
    double tone_rms = rms_between(s, n, 0.1, 1.9), tail_rms = rms_between(s, n, 2.1, 2.9);
    LRT_CHECK_MSG(fabs(tone_rms - 0.3536) < 0.03, "tone rms %.4f, expected 0.354", tone_rms);
    LRT_CHECK_MSG(tail_rms < 1e-3, "padding rms %.5f, expected silence", tail_rms);
    free(s);
    char cmd[2300];
    snprintf(cmd, sizeof cmd, "ffmpeg -v error -i '%s' -map 0:s -f srt - | grep -e '-->' -e 'first (line)'", out);
    int subs = count_lines(cmd);
    LRT_CHECK_MSG(subs == 3, "%d lines of two cues and the first one's text, expected 3", subs);
    snprintf(cmd, sizeof cmd, "ffprobe -v error -show_entries stream=codec_name -of csv=p=0 '%s'", out);
    int streams = count_lines(cmd);
    LRT_CHECK_MSG(streams == 3, "%d streams, expected video, audio and subtitles", streams);

    /* Without cues: no subtitle stream. A missing video: a clear error, and
     * the output already there is left as it was. */
    LRT_CHECK_OK(lr_audio_mux(video, &tone, NULL, 0, out, &err));
    LRT_CHECK_MSG(count_lines(cmd) == 2, "expected video and audio streams only");
    LRT_CHECK_STATUS(lr_audio_mux("no-such-video.mp4", &tone, NULL, 0, out, &err), LR_ERR_IO);
    LRT_CHECK(strstr(err.message, "no-such-video.mp4") != NULL);
    LRT_CHECK(count_lines(cmd) == 2 && !enc_part_exists(out));
    lr_pcm_free(&tone);
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
    char av[1024];
    clip_path(av, sizeof av, "joined_av.mp4");
    test_audio_mux(out, av);

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
