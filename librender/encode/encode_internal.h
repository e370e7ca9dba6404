/* Shared by the encoder and the clip joiner: an MP4 muxer that writes to a
 * temporary file beside the final one and renames it only when complete. */
#ifndef LR_ENCODE_INTERNAL_H
#define LR_ENCODE_INTERNAL_H

#include <librender/lr_encoder.h>

#include <libavformat/avformat.h>

/* "<path>.part-<pid>", malloc'd (NULL when out of memory). */
char *lr_part_path_make(const char *path);

/* An MP4 muxer (whatever the extension) writing to `part`; `path` is only
 * named in messages. */
lr_status lr_mux_create(const char *path, const char *part, AVFormatContext **out, lr_error *err);

/* Writes the header, asking for the index at the front (+faststart). */
lr_status lr_mux_start(AVFormatContext *mux, const char *path, lr_error *err);

/* Trailer, flush, close, rename `part` to `path`; frees *mux. On failure the
 * part file is removed and nothing is left under `path`. */
lr_status lr_mux_commit(AVFormatContext **mux, const char *path, const char *part, lr_error *err);

/* Closes and frees *mux (NULL allowed) and removes `part`. */
void lr_mux_discard(AVFormatContext **mux, const char *part);

/* FFmpeg's text for an AVERROR code, in `buf`. */
const char *lr_averror_text(int code, char *buf, size_t size);

#endif
