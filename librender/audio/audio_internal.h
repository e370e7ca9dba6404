/* The built-in TTS engines, shared by tts.c and their own files. */
#ifndef LR_AUDIO_INTERNAL_H
#define LR_AUDIO_INTERNAL_H

#include <librender/lr_audio.h>

/* Each fills *engine and *state from the description. */
lr_status lr_tts_espeak_open(const lr_tts_desc *desc, const lr_tts_engine **engine, void **state, lr_error *err);
lr_status lr_tts_command_open(const lr_tts_desc *desc, const lr_tts_engine **engine, void **state, lr_error *err);

/* Appends `n` samples to a growing PCM buffer (capacity in *cap). */
lr_status lr_pcm_append(lr_pcm *pcm, size_t *cap, const float *samples, size_t n, lr_error *err);

#endif
