/* Narration: lines -> speech -> fitted timing -> one 48 kHz track, mixed
 * sample-exactly against the video's frames, loudness-normalised, encoded
 * as AAC while the frames are drawn, muxed with the clips and subtitles
 * (docs/audio.md). */
#include "video/narrate.h"

#include "encode/encode_internal.h"

#include <errno.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Silence after each line's speech before the next line may start. */
#define SPEECH_GAP_S 0.25
/* Fades on every speech clip and at every section boundary: no clicks. */
#define FADE_S 0.005
#define DEFAULT_LUFS -16.0
/* Sample-peak ceiling before AAC: the encoder overshoots espeak-ng's bright
 * speech by up to about 2 dB, and the decoded track must not clip. */
#define MAX_PEAK_DB -3.0

struct video_narration {
    size_t first, last;
    lr_section_timing *timing;  /* per section in [first, last) */
    lr_pcm *speech;             /* [(section - first) * LR_LAYOUT_MAX_LINES + line] */
    const char **text;          /* the same layout; borrowed from the spec */
    double lufs;
    bool subtitle_track;
    /* The track's own thread (video_narration_start) and what it leaves. */
    pthread_t thread;
    bool started;
    atomic_bool stop;
    int fps;
    const char *audio_encoder; /* "aac", "libopus" */
    lr_status status;
    lr_error error;
    lr_packet_track aac;
    lr_cue *cues;
    size_t ncues;
};

static size_t slot(const video_narration *n, size_t section, size_t line)
{
    return (section - n->first) * LR_LAYOUT_MAX_LINES + line;
}

void video_narration_destroy(video_narration *n)
{
    if (!n)
        return;
    if (n->started) {
        atomic_store(&n->stop, true);
        pthread_join(n->thread, NULL);
    }
    lr_packet_track_free(&n->aac);
    free(n->cues);
    size_t count = (n->last - n->first) * LR_LAYOUT_MAX_LINES;
    for (size_t i = 0; n->speech && i < count; i++)
        lr_pcm_free(&n->speech[i]);
    free(n->speech);
    free(n->text);
    free(n->timing);
    free(n);
}

lr_status video_narration_create(const lr_spec *spec, const lr_video_options *opt, size_t first, size_t last,
                                 video_narration **out, lr_error *err)
{
    *out = NULL;
    video_narration *n = calloc(1, sizeof *n);
    size_t sections = last - first;
    if (n) {
        n->first = first;
        n->last = last;
        n->timing = calloc(sections ? sections : 1, sizeof *n->timing);
        n->speech = calloc(sections * LR_LAYOUT_MAX_LINES + 1, sizeof *n->speech);
        n->text = calloc(sections * LR_LAYOUT_MAX_LINES + 1, sizeof *n->text);
    }
    if (!n || !n->timing || !n->speech || !n->text) {
        video_narration_destroy(n);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    n->lufs = opt->loudness_lufs != 0 ? opt->loudness_lufs : DEFAULT_LUFS;
    n->subtitle_track = opt->subtitle_track;
    if (!isfinite(n->lufs) || n->lufs < -70 || n->lufs > -5) {
        video_narration_destroy(n);
        return lr_error_set(err, LR_ERR_INVALID_ARG, "loudness target %g LUFS: expected -70..-5", n->lufs);
    }
    lr_tts_desc d = lr_tts_desc_default();
    if (opt->tts_engine)
        d.engine = opt->tts_engine;
    if (opt->voice)
        d.voice = opt->voice;
    if (opt->speech_rate)
        d.rate_wpm = opt->speech_rate;
    d.command = opt->tts_command;
    lr_tts *tts;
    lr_status s = lr_tts_create(&d, &tts, err);
    for (size_t i = first; s == LR_OK && i < last; i++) {
        lr_section_timing *t = &n->timing[i - first];
        t->fit = opt->speech_fit;
        for (size_t l = 0; s == LR_OK && l < lr_spec_section_line_count(spec, i); l++) {
            const char *text = lr_spec_section_narration(spec, i, l);
            if (!text)
                text = lr_spec_section_line(spec, i, l);
            n->text[slot(n, i, l)] = text;
            lr_pcm *p = &n->speech[slot(n, i, l)];
            s = lr_tts_synthesize(tts, text ? text : "", p, err);
            if (s != LR_OK) {
                char why[sizeof err->message];
                snprintf(why, sizeof why, "%s", err ? err->message : lr_strerror(s));
                s = lr_error_set(err, s, "section \"%s\", lecture line %zu: speech: %s", lr_spec_section_id(spec, i),
                                 l, why);
            } else if (p->count > 0) {
                t->need[l] = lr_pcm_duration(p) + SPEECH_GAP_S;
            }
        }
        if (s == LR_OK)
            s = lr_spec_section_timing(spec, i, t, err);
    }
    lr_tts_destroy(tts);
    if (s != LR_OK) {
        video_narration_destroy(n);
        return s;
    }
    *out = n;
    return LR_OK;
}

const lr_section_timing *video_narration_timing(const video_narration *n, size_t section)
{
    return n && section >= n->first && section < n->last ? &n->timing[section - n->first] : NULL;
}

double video_narration_duration(const video_narration *n, const lr_spec *spec, size_t section)
{
    const lr_section_timing *t = video_narration_timing(n, section);
    return t ? t->duration : lr_spec_section_duration(spec, section);
}

/* Sample index of the start of frame `frame` (exact when fps divides 48000). */
static int64_t frame_sample(int64_t frame, int fps)
{
    return (frame * LR_AUDIO_RATE + fps / 2) / fps;
}

static void fade(float *s, size_t count, size_t len, bool in)
{
    if (len > count)
        len = count;
    for (size_t i = 0; i < len; i++) {
        float g = (float)(i + 0.5) / (float)len;
        if (in)
            s[i] *= g;
        else
            s[count - 1 - i] *= g;
    }
}

/* Replaces the video's extension (.mp4, .webm, .mov, any case) at the end
 * of `output` with `ext`. */
void video_subtitle_path(char *buf, size_t size, const char *output, const char *ext)
{
    static const char *const video_ext[] = {".mp4", ".webm", ".mov"};
    size_t n = strlen(output);
    for (size_t i = 0; i < sizeof video_ext / sizeof video_ext[0]; i++) {
        size_t e = strlen(video_ext[i]);
        if (n > e && strcasecmp(output + n - e, video_ext[i]) == 0) {
            n -= e;
            break;
        }
    }
    snprintf(buf, size, "%.*s%s", (int)n, output, ext);
}

/* Mixes the speech into one track of exactly the video's length (sample
 * `frame_sample(frames)`), with a cue for each line spoken. */
static lr_status mix_track(video_narration *n, lr_pcm *track, lr_error *err)
{
    int fps = n->fps;
    int64_t frames = 0;
    for (size_t i = n->first; i < n->last; i++)
        frames += lr_frame_count(n->timing[i - n->first].duration, fps);
    *track = (lr_pcm){NULL, (size_t)frame_sample(frames, fps), LR_AUDIO_RATE};
    track->samples = calloc(track->count ? track->count : 1, sizeof *track->samples);
    n->cues = calloc((n->last - n->first) * LR_LAYOUT_MAX_LINES + 1, sizeof *n->cues);
    if (!track->samples || !n->cues)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory (%zu audio samples)", track->count);
    size_t fade_len = (size_t)(FADE_S * LR_AUDIO_RATE);
    int64_t frame0 = 0;
    for (size_t i = n->first; i < n->last; i++) {
        const lr_section_timing *t = &n->timing[i - n->first];
        int64_t nframes = lr_frame_count(t->duration, fps);
        int64_t a = frame_sample(frame0, fps), b = frame_sample(frame0 + nframes, fps);
        for (size_t l = 0; l < LR_LAYOUT_MAX_LINES; l++) {
            const lr_pcm *p = &n->speech[slot(n, i, l)];
            if (p->count == 0 || t->start[l] < 0)
                continue; /* silent, or never the current line */
            /* The highlight first shows on the first frame at or after
             * start[l]: speech and cue start with that frame. */
            int64_t hf = frame0 + (int64_t)ceil(t->start[l] * fps - 1e-6);
            int64_t at = frame_sample(hf, fps);
            size_t len = at < b ? (size_t)(b - at) : 0;
            if (len > p->count)
                len = p->count;
            float *dst = track->samples + at;
            for (size_t k = 0; k < len; k++)
                dst[k] += p->samples[k];
            fade(dst, len, fade_len, true);
            fade(dst, len, fade_len, false);
            lr_cue *cue = &n->cues[n->ncues++];
            cue->start = (double)hf / fps;
            cue->end = (double)hf / fps + (double)len / LR_AUDIO_RATE;
            cue->text = n->text[slot(n, i, l)];
        }
        /* Each section starts and ends at zero, whatever is joined to it. */
        fade(track->samples + a, (size_t)(b - a), fade_len, true);
        fade(track->samples + a, (size_t)(b - a), fade_len, false);
        frame0 += nframes;
    }
    return LR_OK;
}

static void *prepare_track(void *arg)
{
    video_narration *n = arg;
    lr_pcm track = {0};
    lr_status s = mix_track(n, &track, &n->error);
    if (s == LR_OK)
        s = lr_pcm_normalize(&track, n->lufs, MAX_PEAK_DB, NULL, &n->error);
    if (s == LR_OK)
        s = lr_packet_track_audio(&track, (int64_t)track.count, n->audio_encoder, &n->stop, &n->aac, &n->error);
    lr_pcm_free(&track);
    n->status = s;
    return NULL;
}

lr_status video_narration_start(video_narration *n, int fps, const char *audio_encoder, lr_error *err)
{
    n->fps = fps;
    n->audio_encoder = audio_encoder;
    atomic_init(&n->stop, false);
    int e = pthread_create(&n->thread, NULL, prepare_track, n);
    if (e != 0)
        return lr_error_set(err, LR_ERR_NOMEM, "cannot start the audio thread (%s)", strerror(e));
    n->started = true;
    return LR_OK;
}

/* The subtitle files, written under temporary names before the video is
 * joined and renamed into place just before it (subs_rename): a video
 * never sits beside an older run's subtitles. */
typedef struct subs_files {
    const lr_join_hooks *caller;
    char vtt[4200], srt[4200], vtt_tmp[4300], srt_tmp[4300];
} subs_files;

static bool subs_go_on(void *user)
{
    const subs_files *f = user;
    return !f->caller || !f->caller->go_on || f->caller->go_on(f->caller->user);
}

static lr_status subs_rename(void *user, lr_error *err)
{
    subs_files *f = user;
    const char *from[2] = {f->vtt_tmp, f->srt_tmp}, *to[2] = {f->vtt, f->srt};
    for (int i = 0; i < 2; i++)
        if (rename(from[i], to[i]) != 0)
            return lr_error_set(err, LR_ERR_IO, "%s: cannot rename %s to it (%s)", to[i], from[i], strerror(errno));
    return LR_OK;
}

lr_status video_narration_finish(video_narration *n, const char *const *videos, size_t nvideos, const char *output,
                                 const lr_join_hooks *hooks, lr_error *err)
{
    if (!n->started)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "narration: the audio track was never started");
    pthread_join(n->thread, NULL);
    n->started = false;
    if (n->status != LR_OK)
        return lr_error_set(err, n->status, "%s: narration audio: %s", output, n->error.message);
    subs_files *f = calloc(1, sizeof *f);
    if (!f)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    f->caller = hooks;
    video_subtitle_path(f->vtt, sizeof f->vtt, output, ".vtt");
    video_subtitle_path(f->srt, sizeof f->srt, output, ".srt");
    snprintf(f->vtt_tmp, sizeof f->vtt_tmp, "%s.part-%ld", f->vtt, (long)getpid());
    snprintf(f->srt_tmp, sizeof f->srt_tmp, "%s.part-%ld", f->srt, (long)getpid());
    lr_status s = lr_subtitles_write_vtt(f->vtt_tmp, n->cues, n->ncues, err);
    if (s == LR_OK)
        s = lr_subtitles_write_srt(f->srt_tmp, n->cues, n->ncues, err);
    lr_packet_track subs = {0};
    if (s == LR_OK && n->subtitle_track)
        s = lr_packet_track_cues(n->cues, n->ncues, &subs, err);
    const lr_packet_track *tracks[2] = {&n->aac, &subs};
    lr_join_hooks mine = {subs_go_on, subs_rename, f};
    if (s == LR_OK)
        s = lr_mux_join(videos, nvideos, tracks, n->subtitle_track ? 2 : 1, output, &mine, err);
    lr_packet_track_free(&subs);
    remove(f->vtt_tmp); /* gone already, unless something failed */
    remove(f->srt_tmp);
    free(f);
    return s;
}
