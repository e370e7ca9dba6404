/* espeak-ng, opened as a library when the first narration is spoken
 * (core/dynlib.h): linked, it and its audio-device libraries (PulseAudio,
 * ALSA, D-Bus) cost every run ~10 ms of start-up.
 *
 * The text is narration from a spec (an LLM wrote it), so it is spoken as
 * plain text only: no espeakSSML (no <audio src=...>, <voice>, <prosody>),
 * no espeakPHONEMES ([[...]] phoneme input), no audio device (synchronous
 * output to our callback), and the control character that starts
 * espeak-ng's embedded commands (\001 followed by 80S for speed, Vname to
 * load another voice by name, ...) is replaced, since espeak-ng obeys it
 * whatever the flags.
 *
 * espeak-ng keeps one synthesiser per process (voice, rate and the output
 * callback are process-wide), so handles take a lock around each line and
 * set their own voice and rate every time. The lock and the one-time
 * initialisation (with the table of the library's functions it opens) are
 * the only process-wide state here, and exist because the library has them. */
#include "audio/audio_internal.h"
#include "core/dynlib.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <espeak-ng/speak_lib.h>

#define ESPEAK_FUNCTIONS(X)                                                                                        \
    X(espeak_Initialize)                                                                                           \
    X(espeak_SetSynthCallback)                                                                                     \
    X(espeak_SetVoiceByName)                                                                                       \
    X(espeak_SetParameter)                                                                                         \
    X(espeak_Synth)                                                                                                \
    X(espeak_Synchronize)

typedef struct espeak_api {
    void *lib;
    ESPEAK_FUNCTIONS(LR_DYNLIB_MEMBER)
} espeak_api;

#define ESPEAK_SYMBOL(name) LR_DYNLIB_SYMBOL(espeak_api, name)
static const lr_dynlib_symbol espeak_symbols[] = {ESPEAK_FUNCTIONS(ESPEAK_SYMBOL)};

typedef struct espeak_state {
    char voice[64];
    int rate_wpm;
} espeak_state;

typedef struct espeak_sink {
    lr_pcm pcm;
    size_t cap;
    lr_status status;
    lr_error *err;
} espeak_sink;

static pthread_mutex_t espeak_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t espeak_once = PTHREAD_ONCE_INIT;
static int espeak_rate; /* the sample rate espeak_Initialize reported; <= 0 on failure */
static espeak_api espeak_fn; /* written once, by espeak_start */
/* Why espeak_start could not open the library, if it could not. */
static char espeak_failure[sizeof((lr_error *)0)->message];

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    espeak_sink *sink = events ? events->user_data : NULL;
    if (!sink || sink->status != LR_OK)
        return 1; /* stop */
    float buf[1024];
    for (int done = 0; wav && done < n;) {
        int k = n - done < 1024 ? n - done : 1024;
        for (int i = 0; i < k; i++)
            buf[i] = (float)wav[done + i] / 32768.0f;
        sink->status = lr_pcm_append(&sink->pcm, &sink->cap, buf, (size_t)k, sink->err);
        if (sink->status != LR_OK)
            return 1;
        done += k;
    }
    return 0;
}

static void espeak_start(void)
{
    lr_error err = {0};
    if (LR_DYNLIB_OPEN(LR_ESPEAK_LIBRARY, espeak_symbols, &espeak_fn, "narration with espeak-ng", &err) != LR_OK) {
        snprintf(espeak_failure, sizeof espeak_failure, "%s", err.message);
        espeak_rate = 0;
        return;
    }
    espeak_rate = espeak_fn.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
    if (espeak_rate > 0)
        espeak_fn.espeak_SetSynthCallback(on_samples);
}

/* A copy of `text` with every control character but tab and line breaks
 * turned into a space: what espeak-ng gets cannot command it. */
static char *plain_text(const char *text)
{
    size_t n = strlen(text);
    char *t = malloc(n + 1);
    if (!t)
        return NULL;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = (unsigned char)text[i];
        t[i] = (c && c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f ? ' ' : (char)c;
    }
    return t;
}

static lr_status espeak_synth(void *state, const char *text, lr_pcm *out, lr_error *err)
{
    espeak_state *e = state;
    char *plain = plain_text(text);
    if (!plain)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    espeak_sink sink = {{NULL, 0, 0}, 0, LR_OK, err};
    pthread_mutex_lock(&espeak_lock);
    lr_status s = LR_OK;
    if (espeak_fn.espeak_SetVoiceByName(e->voice) != EE_OK)
        s = lr_error_set(err, LR_ERR_INVALID_ARG, "espeak-ng has no voice \"%s\" (espeak-ng --voices lists them)",
                         e->voice);
    if (s == LR_OK)
        espeak_fn.espeak_SetParameter(espeakRATE, e->rate_wpm, 0);
    if (s == LR_OK) {
        sink.pcm.rate = espeak_rate;
        espeak_ERROR r =
            espeak_fn.espeak_Synth(plain, strlen(plain) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, &sink);
        if (r == EE_OK)
            r = espeak_fn.espeak_Synchronize();
        if (sink.status != LR_OK)
            s = sink.status;
        else if (r != EE_OK)
            s = lr_error_set(err, LR_ERR_INVALID_ARG, "espeak-ng could not speak the text (error %d)", (int)r);
    }
    pthread_mutex_unlock(&espeak_lock);
    free(plain);
    if (s != LR_OK) {
        lr_pcm_free(&sink.pcm);
        return s;
    }
    *out = sink.pcm;
    return LR_OK;
}

static void espeak_destroy(void *state)
{
    free(state);
}

static const lr_tts_engine espeak_engine = {"espeak-ng", espeak_synth, espeak_destroy};

lr_status lr_tts_espeak_open(const lr_tts_desc *desc, const lr_tts_engine **engine, void **state, lr_error *err)
{
    if (strlen(desc->voice) >= sizeof((espeak_state *)0)->voice)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "espeak-ng voice name \"%.40s...\" is too long", desc->voice);
    pthread_once(&espeak_once, espeak_start);
    if (espeak_failure[0])
        return lr_error_set(err, LR_ERR_UNSUPPORTED, "%s", espeak_failure);
    if (espeak_rate <= 0)
        return lr_error_set(err, LR_ERR_UNSUPPORTED,
                            "espeak-ng did not start (are the Debian packages espeak-ng-data and libespeak-ng1 "
                            "installed?)");
    /* Check the voice now, so a typo fails before any rendering. */
    pthread_mutex_lock(&espeak_lock);
    espeak_ERROR r = espeak_fn.espeak_SetVoiceByName(desc->voice);
    pthread_mutex_unlock(&espeak_lock);
    if (r != EE_OK)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "espeak-ng has no voice \"%s\" (espeak-ng --voices lists them)",
                            desc->voice);
    espeak_state *e = calloc(1, sizeof *e);
    if (!e)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    snprintf(e->voice, sizeof e->voice, "%s", desc->voice);
    e->rate_wpm = desc->rate_wpm;
    *engine = &espeak_engine;
    *state = e;
    return LR_OK;
}
