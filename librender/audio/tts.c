/* The TTS handle: an engine behind a vtable, plus what every engine needs
 * after it (48 kHz, silence trimmed). */
#include "audio/audio_internal.h"

#include <stdlib.h>
#include <string.h>

struct lr_tts {
    const lr_tts_engine *engine;
    void *state;
};

/* Below this (about -54 dBFS) a sample counts as silence when trimming, so
 * that speech starts at sample 0 and lands exactly on its highlight. */
#define TTS_SILENCE 0.002f

lr_tts_desc lr_tts_desc_default(void)
{
    lr_tts_desc d;
    memset(&d, 0, sizeof d);
    d.engine = "espeak";
    d.voice = "en-us";
    d.rate_wpm = 160;
    d.timeout_s = 120;
    return d;
}

lr_status lr_tts_create_custom(const lr_tts_engine *engine, void *state, lr_tts **out, lr_error *err)
{
    if (out)
        *out = NULL;
    if (!engine || !engine->synthesize || !out) {
        if (engine && engine->destroy)
            engine->destroy(state);
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tts_create_custom: no engine or no synthesize function");
    }
    lr_tts *t = calloc(1, sizeof *t);
    if (!t) {
        if (engine->destroy)
            engine->destroy(state);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    t->engine = engine;
    t->state = state;
    *out = t;
    return LR_OK;
}

lr_status lr_tts_create(const lr_tts_desc *desc, lr_tts **out, lr_error *err)
{
    lr_tts_desc d = desc ? *desc : lr_tts_desc_default();
    if (out)
        *out = NULL;
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tts_create: no output handle");
    if (d.rate_wpm == 0)
        d.rate_wpm = 160;
    if (d.rate_wpm < 80 || d.rate_wpm > 450)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "speech rate %d words per minute: expected 80..450", d.rate_wpm);
    if (!d.voice || !d.voice[0])
        d.voice = "en-us";
    if (d.timeout_s <= 0)
        d.timeout_s = 120;
    const lr_tts_engine *engine = NULL;
    void *state = NULL;
    lr_status s;
    if (!d.engine || strcmp(d.engine, "espeak") == 0 || strcmp(d.engine, "espeak-ng") == 0)
        s = lr_tts_espeak_open(&d, &engine, &state, err);
    else if (strcmp(d.engine, "command") == 0)
        s = lr_tts_command_open(&d, &engine, &state, err);
    else
        s = lr_error_set(err, LR_ERR_INVALID_ARG, "unknown TTS engine \"%s\": expected espeak or command", d.engine);
    if (s != LR_OK)
        return s;
    return lr_tts_create_custom(engine, state, out, err);
}

void lr_tts_destroy(lr_tts *tts)
{
    if (!tts)
        return;
    if (tts->engine->destroy)
        tts->engine->destroy(tts->state);
    free(tts);
}

const char *lr_tts_name(const lr_tts *tts)
{
    return tts && tts->engine->name ? tts->engine->name : "";
}

lr_status lr_tts_synthesize(lr_tts *tts, const char *text, lr_pcm *out, lr_error *err)
{
    if (!tts || !text || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tts_synthesize: bad arguments");
    out->samples = NULL;
    out->count = 0;
    out->rate = LR_AUDIO_RATE;
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (!*p)
        return LR_OK;
    lr_pcm raw = {NULL, 0, 0};
    lr_status s = tts->engine->synthesize(tts->state, text, &raw, err);
    if (s == LR_OK && raw.count > 0 && raw.rate <= 0)
        s = lr_error_set(err, LR_ERR_INVALID_ARG, "TTS engine %s returned audio without a sample rate",
                         lr_tts_name(tts));
    if (s == LR_OK && raw.count > 0)
        s = lr_pcm_resample(&raw, LR_AUDIO_RATE, out, err);
    lr_pcm_free(&raw);
    if (s == LR_OK)
        lr_pcm_trim(out, TTS_SILENCE);
    return s;
}
