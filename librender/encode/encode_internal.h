/* Shared by the encoder and the clip joiner: an MP4 muxer that writes to a
 * temporary file beside the final one and renames it only when complete. */
#ifndef LR_ENCODE_INTERNAL_H
#define LR_ENCODE_INTERNAL_H

#include <librender/lr_encoder.h>

#include <librender/lr_audio.h>

#include <stdatomic.h>

#include <libavformat/avformat.h>

/* Opens an MP4 (or any file libavformat reads) and finds its video stream;
 * the errors name `path`. */
lr_status lr_video_input_open(const char *path, AVFormatContext **in, int *stream, lr_error *err);

/* "<path>.part-<pid>", malloc'd (NULL when out of memory). */
char *lr_part_path_make(const char *path);

/* A muxer of libavformat's `format` ("mp4", "mov", "webm", whatever the
 * extension) writing to `part`; `path` is only named in messages. */
lr_status lr_mux_create(const char *path, const char *part, const char *format, AVFormatContext **out, lr_error *err);
/* The container clips of this codec are written in (lr_encoder's rule). */
const char *lr_mux_format_for(enum AVCodecID codec);

/* Writes the header, asking for the index at the front (+faststart). */
lr_status lr_mux_start(AVFormatContext *mux, const char *path, lr_error *err);

/* Trailer, flush, close, rename `part` to `path`; frees *mux. On failure the
 * part file is removed and nothing is left under `path`. */
lr_status lr_mux_commit(AVFormatContext **mux, const char *path, const char *part, lr_error *err);
/* lr_mux_commit but the rename: `part` is complete when this returns LR_OK. */
lr_status lr_mux_finish(AVFormatContext **mux, const char *path, const char *part, lr_error *err);

/* Closes and frees *mux (NULL allowed) and removes `part`. */
void lr_mux_discard(AVFormatContext **mux, const char *part);

/* A stream encoded ahead of muxing: its parameters and every packet in
 * decoding order, timestamps in `time_base`. */
typedef struct lr_packet_track {
    AVCodecParameters *par;
    AVRational time_base;
    AVPacket **packets;
    size_t count, cap;
    const char *language; /* stream metadata, or NULL */
} lr_packet_track;

void lr_packet_track_free(lr_packet_track *t);

/* AAC-LC, mono, LR_AUDIO_RATE, 96 kb/s: the first `samples` samples of `pcm`
 * (silence past its end). Gives LR_ERR_CANCELLED soon after *stop is set
 * (`stop` may be NULL). */
lr_status lr_packet_track_aac(const lr_pcm *pcm, int64_t samples, const atomic_bool *stop, lr_packet_track *out,
                              lr_error *err);

/* The same with another libavcodec encoder of mono float samples at
 * LR_AUDIO_RATE ("libopus" for WebM). */
lr_status lr_packet_track_audio(const lr_pcm *pcm, int64_t samples, const char *encoder, const atomic_bool *stop,
                                lr_packet_track *out, lr_error *err);

/* mov_text subtitles, one packet per cue (cues that end before they start
 * are left out). */
lr_status lr_packet_track_cues(const lr_cue *cues, size_t n, lr_packet_track *out, lr_error *err);

/* What a join may be asked besides joining; every member is optional. */
typedef struct lr_join_hooks {
    /* Asked before each clip, every 256 packets and last before the rename:
     * false cancels the join (LR_ERR_CANCELLED, nothing left written). */
    bool (*go_on)(void *user);
    /* Called when the file is complete under its temporary name, just
     * before the rename: what must reach its final name before the video
     * does (its subtitles) goes there now. A failure discards the video. */
    lr_status (*before_rename)(void *user, lr_error *err);
    void *user;
} lr_join_hooks;

/* Joins MP4 clips' video streams (lr_video_concat's rules) and adds each
 * of `tracks`, interleaved by time, in one pass; written atomically.
 * `hooks` may be NULL. */
lr_status lr_mux_join(const char *const *inputs, size_t n, const lr_packet_track *const *tracks, size_t ntracks,
                      const char *output, const lr_join_hooks *hooks, lr_error *err);

/* Routes FFmpeg's log through lr_log (encode/log.c); called before each
 * use of FFmpeg, installs the router once. */
void lr_log_route_ffmpeg(void);

/* A GIF at `output` from video clips (of one size and rate, any codec FFmpeg
 * decodes), played one after another: one palette made from all their
 * frames, looping for ever; written atomically. */
lr_status lr_gif_write(const char *const *clips, size_t n, const char *output, lr_error *err);

/* FFmpeg's text for an AVERROR code, in `buf`. */
const char *lr_averror_text(int code, char *buf, size_t size);

#endif
