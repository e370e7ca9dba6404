/* librender: speech, audio tracks and subtitles for narrated videos.
 *
 * A text-to-speech handle turns a lecture line into mono PCM at 48 kHz. The
 * engine behind it is a small vtable, so a better one can replace the default:
 * espeak-ng (linked as a library) and "command" (any program that writes a
 * WAV file: a local neural TTS, or a script that calls an HTTP TTS API) are
 * built in, and lr_tts_create_custom takes any other.
 *
 *   lr_tts_desc d = lr_tts_desc_default();
 *   d.voice = "cmn";                       // Mandarin
 *   lr_tts *tts;
 *   if (lr_tts_create(&d, &tts, &err) != LR_OK) ...
 *   lr_pcm speech = {0};
 *   lr_tts_synthesize(tts, "勾股定理", &speech, &err);
 *   ...
 *   lr_pcm_free(&speech);
 *   lr_tts_destroy(tts);
 *
 * docs/audio.md describes the engines, the timing rule, the loudness target
 * and the subtitle files.
 */
#ifndef LR_AUDIO_H
#define LR_AUDIO_H

#include "lr_base.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LR_AUDIO_RATE 48000 /* the sample rate of every track librender writes */

/* Mono PCM, float samples in [-1, 1]. The caller owns `samples`. */
typedef struct lr_pcm {
    float *samples;
    size_t count;
    int rate;
} lr_pcm;

LR_API void lr_pcm_free(lr_pcm *pcm);
/* Seconds of sound. */
LR_API double lr_pcm_duration(const lr_pcm *pcm);
/* Converts to `rate` (libswresample); `out` may be `in`. */
LR_API lr_status lr_pcm_resample(const lr_pcm *in, int rate, lr_pcm *out, lr_error *err);
/* Decodes any audio file libavformat reads (WAV, FLAC, MP3, the audio track
 * of an MP4), downmixed to mono at `rate`. */
LR_API lr_status lr_pcm_load(const char *path, int rate, lr_pcm *out, lr_error *err);
/* Drops leading and trailing samples quieter than `threshold` (linear). */
LR_API void lr_pcm_trim(lr_pcm *pcm, float threshold);
/* Integrated loudness in LUFS (EBU R128 / ITU-R BS.1770-4 gating, measured
 * with libebur128); -HUGE_VAL for silence. */
LR_API lr_status lr_pcm_loudness(const lr_pcm *pcm, double *lufs, lr_error *err);
/* Scales to `target_lufs` integrated; a look-ahead limiter keeps every
 * sample at or below `max_peak_db` dBFS (the gain is re-measured after it).
 * Silence is left as it is. `gain_db` (optional) gets the gain applied
 * before limiting. */
LR_API lr_status lr_pcm_normalize(lr_pcm *pcm, double target_lufs, double max_peak_db, double *gain_db,
                                  lr_error *err);

/* ---- text to speech ------------------------------------------------------- */

/* An engine: `synthesize` writes mono PCM at any rate into *out (the handle
 * resamples to 48 kHz and trims silence); `destroy` frees `state`. */
typedef struct lr_tts_engine {
    const char *name;
    lr_status (*synthesize)(void *state, const char *text, lr_pcm *out, lr_error *err);
    void (*destroy)(void *state);
} lr_tts_engine;

typedef struct lr_tts_desc {
    const char *engine;  /* "espeak" (default, NULL) or "command" */
    const char *voice;   /* espeak-ng voice: "en-us" (default), "cmn", "yue", ... */
    int rate_wpm;        /* words per minute, 80..450; 0: 160 */
    /* "command" engine: run through /bin/sh -c with the text on stdin and the
     * WAV path to write as "$1"; C2V_TTS_VOICE and C2V_TTS_RATE are set in
     * its environment. Example: espeak-ng -v "$C2V_TTS_VOICE" --stdin -w "$1" */
    const char *command;
    int timeout_s;       /* "command": seconds per line before it is killed; 0: 120 */
} lr_tts_desc;

typedef struct lr_tts lr_tts;

LR_API lr_tts_desc lr_tts_desc_default(void);
LR_API lr_status lr_tts_create(const lr_tts_desc *desc, lr_tts **out, lr_error *err);
/* Wraps any engine; the handle takes `state` (destroyed with the handle, or
 * at once when creation fails). */
LR_API lr_status lr_tts_create_custom(const lr_tts_engine *engine, void *state, lr_tts **out, lr_error *err);
LR_API void lr_tts_destroy(lr_tts *tts);
LR_API const char *lr_tts_name(const lr_tts *tts);
/* Speech for `text` (UTF-8), mono at LR_AUDIO_RATE, leading and trailing
 * silence trimmed. Empty text gives an empty buffer. */
LR_API lr_status lr_tts_synthesize(lr_tts *tts, const char *text, lr_pcm *out, lr_error *err);

/* ---- subtitles -------------------------------------------------------------- */

typedef struct lr_cue {
    double start, end; /* seconds from the start of the video */
    const char *text;
} lr_cue;

/* WebVTT and SubRip files, written under a temporary name and renamed. */
LR_API lr_status lr_subtitles_write_vtt(const char *path, const lr_cue *cues, size_t n, lr_error *err);
LR_API lr_status lr_subtitles_write_srt(const char *path, const lr_cue *cues, size_t n, lr_error *err);

/* ---- muxing --------------------------------------------------------------- */

/* Copies the video stream of `video` (an MP4) into `output`, adds `track`
 * (mono, LR_AUDIO_RATE) encoded as AAC by libavcodec's native encoder, and,
 * when cues are given, a soft subtitle track (mov_text). The audio is padded
 * with silence or cut to the video's length. `output` appears only when
 * complete. */
LR_API lr_status lr_audio_mux(const char *video, const lr_pcm *track, const lr_cue *cues, size_t ncues,
                              const char *output, lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
