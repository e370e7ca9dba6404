/* Helpers for the encoder tests: synthetic frames, and ffprobe / ffmpeg run
 * through popen to look at what was written. */
#ifndef ENC_UTIL_H
#define ENC_UTIL_H

#include "lrtest.h"

#include <stdbool.h>
#include <stdint.h>

/* Frame k of the synthetic clip: a background whose colour depends on k, a
 * vertical gradient band, and a yellow square that moves 4 px a frame. */
void enc_frame_make(uint8_t *rgba, int width, int height, int k);

/* What ffprobe says about the first video stream. `frames` are the frames
 * shown at the stream's frame rate (decoded through FFmpeg's fps filter: a
 * held frame counts for every frame time it lasts), `coded` those in the
 * file (its packets, counted without decoding them again). Returns false
 * when ffprobe or ffmpeg fails. */
typedef struct enc_probe {
    char codec[32];
    char pix_fmt[32];
    int width, height;
    long frames, coded;
    double stream_duration, format_duration;
    char frame_rate[32];
} enc_probe;
bool enc_probe_file(const char *path, enc_probe *out);

/* Reads every video packet's pts and duration with ffprobe and checks that,
 * sorted, each starts at a multiple of 1 / fps, later than the one before,
 * and lasts exactly 1 / fps (a held frame shows until the next), the first
 * at 0 and the last at (frames - 1) / fps: a video `frames` long. Writes
 * what is wrong to `why`. */
bool enc_check_timestamps(const char *path, int fps, int frames, char *why, size_t why_size);

/* Decodes the frame shown at time index / fps (fps: the stream's frame rate)
 * of `path` to RGB (width*height*3 bytes) with the ffmpeg program. */
bool enc_decode_frame(const char *path, int index, int width, int height, uint8_t *rgb);

/* Mean absolute difference per channel between an RGBA and an RGB image. */
double enc_mean_abs_error(const uint8_t *rgba, const uint8_t *rgb, int width, int height);

bool enc_file_exists(const char *path);
/* True when any file in the folder of `path` starts with "<basename>.part". */
bool enc_part_exists(const char *path);

/* Encodes `frames` synthetic frames (numbered from `first`) to `path`. */
lr_status enc_write_clip(const lr_encoder_desc *desc, int first, int frames, char *report, size_t report_size,
                         lr_error *err);

#endif
