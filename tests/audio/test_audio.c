/* librender/audio and the narration timing: speech engines, resampling,
 * loudness, subtitles, and lines fitted to their speech. */
#include "lrtest.h"

#include <librender/lr_audio.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static double rms(const float *s, size_t n)
{
    double acc = 0;
    for (size_t i = 0; i < n; i++)
        acc += (double)s[i] * s[i];
    return n ? sqrt(acc / (double)n) : 0;
}

static lr_pcm sine(int rate, double seconds, double freq, float amp)
{
    lr_pcm p = {NULL, (size_t)(rate * seconds), rate};
    p.samples = malloc(p.count * sizeof *p.samples);
    for (size_t i = 0; i < p.count; i++)
        p.samples[i] = amp * (float)sin(2 * M_PI * freq * (double)i / rate);
    return p;
}

static size_t rising_zero_crossings(const lr_pcm *p)
{
    size_t n = 0;
    for (size_t i = 1; i < p->count; i++)
        n += p->samples[i - 1] < 0 && p->samples[i] >= 0;
    return n;
}

static void test_espeak(void)
{
    lr_error err = {0};
    lr_tts *tts = NULL;
    lr_tts_desc d = lr_tts_desc_default();
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    if (!tts)
        return;
    LRT_CHECK(strcmp(lr_tts_name(tts), "espeak-ng") == 0);
    lr_pcm p = {0};
    LRT_CHECK_OK(lr_tts_synthesize(tts, "The square on the hypotenuse", &p, &err));
    LRT_CHECK(p.rate == LR_AUDIO_RATE);
    double d1 = lr_pcm_duration(&p);
    LRT_CHECK_MSG(d1 > 0.8 && d1 < 4.0, "speech lasts %g s", d1);
    LRT_CHECK_MSG(rms(p.samples, p.count) > 0.01, "speech rms %g", rms(p.samples, p.count));
    /* Trimmed: sound from the first sample on. */
    LRT_CHECK(p.count > 0 && fabsf(p.samples[0]) >= 0.002f);
    lr_pcm_free(&p);
    /* Empty text: no sound, no error. */
    LRT_CHECK_OK(lr_tts_synthesize(tts, "  \n", &p, &err));
    LRT_CHECK(p.count == 0);
    lr_tts_destroy(tts);

    /* A faster rate speaks the same words in less time. */
    d.rate_wpm = 320;
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    LRT_CHECK_OK(lr_tts_synthesize(tts, "The square on the hypotenuse", &p, &err));
    LRT_CHECK_MSG(lr_pcm_duration(&p) < d1 * 0.8, "320 wpm %g s vs 160 wpm %g s", lr_pcm_duration(&p), d1);
    lr_pcm_free(&p);
    lr_tts_destroy(tts);

    /* CJK voices: Mandarin and Cantonese. */
    const char *voices[] = {"cmn", "yue"};
    for (int v = 0; v < 2; v++) {
        d = lr_tts_desc_default();
        d.voice = voices[v];
        tts = NULL;
        LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
        if (!tts)
            continue;
        LRT_CHECK_OK(lr_tts_synthesize(tts, "勾股定理：直角三角形两条直角边的平方和等于斜边的平方。", &p, &err));
        LRT_CHECK_MSG(lr_pcm_duration(&p) > 1.5 && rms(p.samples, p.count) > 0.01, "%s: %g s", voices[v],
                      lr_pcm_duration(&p));
        lr_pcm_free(&p);
        lr_tts_destroy(tts);
    }

    /* Errors name what is wrong. */
    d = lr_tts_desc_default();
    d.voice = "no-such-voice";
    LRT_CHECK_STATUS(lr_tts_create(&d, &tts, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(tts == NULL && strstr(err.message, "no-such-voice"));
    d = lr_tts_desc_default();
    d.rate_wpm = 5;
    LRT_CHECK_STATUS(lr_tts_create(&d, &tts, &err), LR_ERR_INVALID_ARG);
    d = lr_tts_desc_default();
    d.engine = "festival";
    LRT_CHECK_STATUS(lr_tts_create(&d, &tts, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK(strstr(err.message, "festival") != NULL);
}

static void test_command(void)
{
    lr_error err = {0};
    lr_tts *tts = NULL;
    lr_tts_desc d = lr_tts_desc_default();
    d.engine = "command";
    /* The espeak-ng program, as any WAV-writing program would be used. The
     * text is on stdin, so shell characters in it are only words. */
    d.command = "espeak-ng -v \"$C2V_TTS_VOICE\" -s \"$C2V_TTS_RATE\" --stdin -w \"$1\"";
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    if (!tts)
        return;
    LRT_CHECK(strcmp(lr_tts_name(tts), "command") == 0);
    lr_pcm p = {0};
    LRT_CHECK_OK(lr_tts_synthesize(tts, "Hello; $(touch injected) `id` world", &p, &err));
    LRT_CHECK(p.rate == LR_AUDIO_RATE && lr_pcm_duration(&p) > 0.5 && rms(p.samples, p.count) > 0.01);
    LRT_CHECK(access("injected", F_OK) != 0);
    lr_pcm_free(&p);
    lr_tts_destroy(tts);

    d.command = "echo 'voice server unreachable' >&2; exit 3";
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    LRT_CHECK_STATUS(lr_tts_synthesize(tts, "x", &p, &err), LR_ERR_IO);
    LRT_CHECK_MSG(strstr(err.message, "exit status 3") && strstr(err.message, "voice server unreachable"), "%s",
                  err.message);
    lr_tts_destroy(tts);

    d.command = "true";
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    LRT_CHECK_STATUS(lr_tts_synthesize(tts, "x", &p, &err), LR_ERR_IO);
    LRT_CHECK(strstr(err.message, "wrote no audio") != NULL);
    lr_tts_destroy(tts);

    d.command = "sleep 5";
    d.timeout_s = 1;
    LRT_CHECK_OK(lr_tts_create(&d, &tts, &err));
    LRT_CHECK_STATUS(lr_tts_synthesize(tts, "x", &p, &err), LR_ERR_IO);
    LRT_CHECK(strstr(err.message, "limit") != NULL);
    lr_tts_destroy(tts);

    d.command = NULL;
    LRT_CHECK_STATUS(lr_tts_create(&d, &tts, &err), LR_ERR_INVALID_ARG);
}

/* A custom engine: a 16 kHz tone per character, to show the interface is
 * all an engine needs. */
static lr_status tone_synth(void *state, const char *text, lr_pcm *out, lr_error *err)
{
    (void)err;
    int *calls = state;
    (*calls)++;
    *out = sine(16000, 0.1 * (double)strlen(text), 500, 0.5f);
    return LR_OK;
}

static void tone_destroy(void *state)
{
    *(int *)state = -1;
}

static void test_custom(void)
{
    static const lr_tts_engine tone = {"tone", tone_synth, tone_destroy};
    int calls = 0;
    lr_error err = {0};
    lr_tts *tts = NULL;
    LRT_CHECK_OK(lr_tts_create_custom(&tone, &calls, &tts, &err));
    lr_pcm p = {0};
    LRT_CHECK_OK(lr_tts_synthesize(tts, "abcde", &p, &err));
    LRT_CHECK(calls == 1 && strcmp(lr_tts_name(tts), "tone") == 0);
    LRT_CHECK(p.rate == LR_AUDIO_RATE);
    LRT_CHECK_NEAR(lr_pcm_duration(&p), 0.5, 0.01);
    LRT_CHECK_NEAR((double)rising_zero_crossings(&p), 250, 3);
    lr_pcm_free(&p);
    lr_tts_destroy(tts);
    LRT_CHECK(calls == -1);
}

static void test_resample_loudness(void)
{
    lr_error err = {0};
    lr_pcm a = sine(22050, 1.0, 440, 0.5f), b = {0};
    LRT_CHECK_OK(lr_pcm_resample(&a, 48000, &b, &err));
    LRT_CHECK_NEAR((double)b.count, 48000, 4);
    LRT_CHECK_NEAR((double)rising_zero_crossings(&b), 440, 2);
    LRT_CHECK_NEAR(rms(b.samples + 1000, 40000), 0.5 / sqrt(2), 0.01);
    lr_pcm_free(&a);
    lr_pcm_free(&b);

    /* BS.1770: a 1 kHz sine at full scale in one channel reads -3.01 LUFS. */
    lr_pcm s = sine(48000, 5.0, 1000, 0.1f);
    double lufs;
    LRT_CHECK_OK(lr_pcm_loudness(&s, &lufs, &err));
    LRT_CHECK_NEAR(lufs, -3.01 - 20, 0.1);
    double gain;
    LRT_CHECK_OK(lr_pcm_normalize(&s, -16, -1, &gain, &err));
    LRT_CHECK_NEAR(gain, 7.0, 0.1);
    LRT_CHECK_OK(lr_pcm_loudness(&s, &lufs, &err));
    LRT_CHECK_NEAR(lufs, -16, 0.1);
    lr_pcm_free(&s);

    /* Peaky sound: the limiter holds the ceiling and the level still lands. */
    lr_pcm k = sine(48000, 4.0, 300, 0.05f);
    for (size_t i = 0; i < k.count; i += 4800)
        k.samples[i] = 0.9f; /* clicks ten times a second */
    LRT_CHECK_OK(lr_pcm_normalize(&k, -14, -1, NULL, &err));
    float peak = 0;
    for (size_t i = 0; i < k.count; i++)
        peak = fmaxf(peak, fabsf(k.samples[i]));
    LRT_CHECK_MSG(20 * log10(peak) <= -1.0 + 1e-3, "peak %g dBFS", 20 * log10(peak));
    LRT_CHECK_OK(lr_pcm_loudness(&k, &lufs, &err));
    LRT_CHECK_NEAR(lufs, -14, 0.6);
    lr_pcm_free(&k);

    /* Silence stays silence. */
    lr_pcm z = {calloc(48000, sizeof(float)), 48000, 48000};
    LRT_CHECK_OK(lr_pcm_normalize(&z, -16, -1, &gain, &err));
    LRT_CHECK(gain == 0 && rms(z.samples, z.count) == 0);
    lr_pcm_free(&z);
}

static void test_subtitles(void)
{
    lr_error err = {0};
    lr_cue cues[] = {{0.0, 1.5, "One <b> & two"}, {61.25, 3725.0421, "line\nbreak"}};
    LRT_CHECK_OK(lr_subtitles_write_vtt("subs.vtt", cues, 2, &err));
    LRT_CHECK_OK(lr_subtitles_write_srt("subs.srt", cues, 2, &err));
    char *vtt = lrt_read_file("subs.vtt", NULL), *srt = lrt_read_file("subs.srt", NULL);
    LRT_CHECK(vtt && strcmp(vtt, "WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nOne &lt;b&gt; &amp; two\n\n"
                                 "00:01:01.250 --> 01:02:05.042\nline break\n\n") == 0);
    LRT_CHECK(srt && strcmp(srt, "1\n00:00:00,000 --> 00:00:01,500\nOne <b> & two\n\n"
                                 "2\n00:01:01,250 --> 01:02:05,042\nline break\n\n") == 0);
    free(vtt);
    free(srt);
    LRT_CHECK_STATUS(lr_subtitles_write_vtt("no/such/folder/x.vtt", cues, 2, &err), LR_ERR_IO);
}

/* Line 0 on a 0.5 s step then 0.5 s wait; line 1 on a 2 s step; line 2
 * highlighted by a step of its own, then 1 s; an add step before line 0. */
static const char timing_spec[] =
    "{\"version\": 1, \"meta\": {\"title\": \"t\", \"quality\": \"l\"}, \"sections\": [{\"id\": \"s\", \"title\": "
    "\"T\", \"lecture_lines\": [\"a\", \"b\", \"c\", \"never\"], \"objects\": [{\"id\": \"c1\", \"type\": \"circle\", "
    "\"radius\": 0.5, \"at\": \"C3\"}, {\"id\": \"c2\", \"type\": \"square\", \"side_length\": 1, \"at\": \"C5\"}], "
    "\"timeline\": [{\"add\": [\"c1\"]}, {\"wait\": 0.25}, {\"play\": [{\"anim\": \"Shift\", \"target\": \"c1\", "
    "\"by\": [2, 0]}], \"run_time\": 0.5, \"rate_func\": \"linear\", \"line\": 0}, {\"wait\": 0.5}, {\"play\": [{\"anim\": \"Create\", \"target\": \"c2\"}], \"run_time\": 2, "
    "\"line\": 1}, {\"highlight_line\": 2}, {\"wait\": 1}, {\"highlight_line\": 0}, {\"wait\": 0.5}]}]}";

static void test_timing(void)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    LRT_CHECK_OK(lr_spec_load_string(timing_spec, "timing.json", NULL, &spec, errs));
    if (!spec) {
        fputs(lr_spec_errors_joined(errs), stderr);
        lr_spec_errors_destroy(errs);
        return;
    }
    LRT_CHECK_NEAR(lr_spec_section_duration(spec, 0), 4.75, 1e-9);
    lr_error err = {0};
    for (int fit = 0; fit < 2; fit++) {
        lr_section_timing t = {.fit = fit ? LR_SPEECH_STRETCH : LR_SPEECH_WAIT};
        t.need[0] = 2.5; /* longer than its 1 s stretch */
        t.need[1] = 1.0; /* shorter than its 2 s */
        t.need[2] = 1.5; /* longer than its 1 s */
        t.need[3] = 9.0; /* never highlighted: no effect */
        LRT_CHECK_OK(lr_spec_section_timing(spec, 0, &t, &err));
        LRT_CHECK_NEAR(t.start[0], 0.25, 1e-9);
        LRT_CHECK_NEAR(t.end[0], 2.75, 1e-9);
        LRT_CHECK_NEAR(t.start[1], 2.75, 1e-9);
        LRT_CHECK_NEAR(t.end[1], 4.75, 1e-9);
        LRT_CHECK_NEAR(t.start[2], 4.75, 1e-9);
        LRT_CHECK_NEAR(t.end[2], 6.25, 1e-9);
        LRT_CHECK(t.start[3] == -1 && t.end[3] == -1);
        LRT_CHECK_NEAR(t.duration, 6.75, 1e-9); /* the re-highlight of line 0 is not spoken again */

        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        LRT_CHECK_OK(lr_spec_build_section_timed(spec, 0, &t, &scene, &tl, &err));
        if (!tl)
            continue;
        LRT_CHECK_NEAR(lr_timeline_duration(tl), t.duration, 1e-6);
        /* Each line lights up exactly when the timing says. */
        for (int l = 0; l < 3; l++) {
            char id[8];
            snprintf(id, sizeof id, "line%d", l);
            lr_mobject *m = lr_scene_find(scene, id);
            LRT_CHECK(m != NULL);
            if (!m)
                continue;
            LRT_CHECK_OK(lr_timeline_seek(tl, t.start[l] + 1e-6, &err));
            LRT_CHECK_MSG(lr_mobject_get_opacity(m) > 0.99, "fit %d line %d at %g", fit, l, t.start[l]);
            LRT_CHECK_OK(lr_timeline_seek(tl, t.start[l] - 0.01, &err));
            LRT_CHECK_MSG(lr_mobject_get_opacity(m) < 0.9, "fit %d line %d before %g", fit, l, t.start[l]);
        }
        /* Line 0's stretch (0.5 s Shift + 0.5 s wait) must last 2.5 s. With
         * a wait the Shift is done after its own 0.5 s; stretched, it runs
         * 1.25 s, so 0.5 s in it has gone 0.4 of the way. */
        lr_mobject *c1 = lr_scene_find(scene, "c1");
        LRT_CHECK_OK(lr_timeline_seek(tl, 0.25, &err));
        float x0 = c1 ? (lr_mobject_bounds(c1).x0 + lr_mobject_bounds(c1).x1) / 2 : 0;
        LRT_CHECK_OK(lr_timeline_seek(tl, 0.25 + 0.5, &err));
        float x1 = c1 ? (lr_mobject_bounds(c1).x0 + lr_mobject_bounds(c1).x1) / 2 : 0;
        LRT_CHECK_NEAR(x1 - x0, fit ? 0.8 : 2.0, 1e-3);
        lr_timeline_destroy(tl);
        lr_scene_destroy(scene);
    }
    /* A need of 0 everywhere: the spec's own timing. */
    lr_section_timing t0 = {0};
    LRT_CHECK_OK(lr_spec_section_timing(spec, 0, &t0, &err));
    LRT_CHECK_NEAR(t0.duration, 4.75, 1e-9);
    lr_section_timing bad = {0};
    bad.need[1] = NAN;
    LRT_CHECK_STATUS(lr_spec_section_timing(spec, 0, &bad, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_spec_section_timing(spec, 3, &t0, &err), LR_ERR_INVALID_ARG);
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
}

int main(void)
{
    test_espeak();
    test_command();
    test_custom();
    test_resample_loudness();
    test_subtitles();
    test_timing();
    return lrt_finish("audio");
}
