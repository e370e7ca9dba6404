/* librender: the video encoder. It takes frames in memory (RGBA, or YUV that
 * the caller has already converted) and writes an MP4 file; it knows nothing
 * of OpenGL.
 *
 *   lr_encoder_desc desc = lr_encoder_desc_default("out.mp4", 1920, 1080, 30);
 *   lr_encoder *enc;
 *   lr_error err;
 *   if (lr_encoder_open(&desc, &enc, &err) != LR_OK) { puts(err.message); ... }
 *   puts(lr_encoder_report(enc));      // which encoder runs, and why
 *   for (...) {
 *       if (lr_encoder_push_rgba(enc, img.pixels, img.stride, &err) != LR_OK) {
 *           lr_encoder_abort(enc);     // removes the partial file
 *           ...
 *       }
 *   }
 *   lr_encoder_finish(enc, NULL, &err); // flush, close, rename; frees enc
 *
 * Frames go through a bounded queue to an encoder thread, so the caller's
 * thread only copies each frame into a pooled buffer; it blocks only while the
 * queue is full. Frame k is shown at time k / fps exactly; the file lasts
 * frames / fps.
 *
 * The container follows the codec, whatever the extension: MP4 for H.264
 * and HEVC, WebM for VP9, QuickTime (MOV) for ProRes and QuickTime
 * Animation.
 *
 * The file is written as "<path>.part-<pid>" in the same folder and renamed to
 * `path` only once it is complete and closed, so `path` never names a partial
 * video, even when the process is killed (the .part file is then left behind).
 *
 * One encoder is used from one thread at a time.
 *
 * FFmpeg's own log lines go through lr_log (lr_log.h): by default only its
 * warnings and errors reach stderr; lr_log_set_callback routes them, and
 * lr_log_set_level silences or widens them. While encoders are tried (the
 * "auto" choice), their failures are kept out of the log: the report and
 * the error say why instead.
 */
#ifndef LR_ENCODER_H
#define LR_ENCODER_H

#include "lr_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lr_video_codec {
    LR_CODEC_H264 = 0, /* MP4; "auto" tries h264_nvenc, h264_vaapi, libx264 */
    LR_CODEC_HEVC,     /* MP4; "auto" tries hevc_nvenc, hevc_vaapi, libx265 */
    LR_CODEC_VP9,      /* WebM; libvpx-vp9, yuv420p */
    LR_CODEC_PRORES,   /* MOV; prores_ks, ProRes 4444: yuv444p10le, or yuva444p10le with alpha */
    LR_CODEC_QTRLE     /* MOV; QuickTime Animation (lossless RLE): rgb24, or argb with alpha */
} lr_video_codec;

/* The layout of the frames the caller pushes. */
typedef enum lr_frame_format {
    LR_FRAME_RGBA = 0, /* 4 bytes per pixel, R G B A, straight alpha; alpha is ignored unless
                          lr_encoder_desc.alpha (use lr_encoder_push_rgba) */
    LR_FRAME_YUV420P,  /* 3 planes Y, U, V; chroma halved both ways (lr_encoder_push_yuv) */
    LR_FRAME_NV12      /* 2 planes Y, interleaved UV; chroma halved both ways (lr_encoder_push_yuv) */
} lr_frame_format;

typedef struct lr_encoder_desc {
    const char *path;     /* the final file (its container follows the codec, whatever the extension) */
    int width, height;    /* pixels; both even (4:2:0 chroma) */
    int fps;              /* frames per second, constant */
    /* "auto" (or NULL), "nvenc", "vaapi", "x264", "x265", or any libavcodec
     * encoder name ("libx264", "h264_nvenc", "libsvtav1", ...). An encoder
     * named explicitly that cannot open is an error; "auto" takes the first
     * that opens. */
    const char *encoder;
    lr_video_codec codec; /* for "auto", "nvenc" and "vaapi" */
    int quality;          /* CRF-like, lower is better: x264/x265 crf, NVENC cq, VAAPI qp; 0 = encoder default */
    const char *preset;   /* encoder preset ("ultrafast" .. "veryslow" for x264/x265); NULL: for x264 librender's
                             settings for flat-colour animation (superfast, tune ssim, mbtree over a look-
                             ahead of 20 frames, 8 above 1280x720, chroma-qp-offset -3,
                             no B-frame pyramid, B-frames without adaptive placement, no
                             scene-cut detection), for x265
                             "veryfast" */
    int threads;          /* encoder threads; 0 = the encoder decides */
    lr_frame_format input;
    int queue_depth;      /* frames buffered between caller and encoder thread; 0 = 6, clamped to 2..32 */
    /* Keep the frames' alpha (RGBA input only): ProRes 4444 with its alpha
     * plane or QuickTime Animation argb. Other codecs: LR_ERR_INVALID_ARG. */
    bool alpha;
    /* More libavcodec options of the encoder, "key=value:key=value", set
     * after librender's own (so they win): the encoder's private options
     * (x264: "qp=0" for lossless, "tune=animation", "x264-params=ref=2")
     * and the codec context's ("bf=0", "refs=2"). NULL: none. An encoder
     * that does not know one of them is not used (named, it is
     * LR_ERR_ENCODER saying which option). */
    const char *options;
    /* Code every frame, repeats too (lr_encoder_push_repeat): a file of
     * fps frames a second, for editors that want one. Otherwise a repeat
     * is held: the frame before it lasts longer, every frame of the file
     * is still at a multiple of 1 / fps, and the file as long; ProRes and
     * QuickTime Animation, formats for editing, always code every frame. */
    bool every_frame;
} lr_encoder_desc;

/* H.264, "auto", input RGBA, default quality and queue. `path` is not copied
 * here (lr_encoder_open copies it). */
LR_API lr_encoder_desc lr_encoder_desc_default(const char *path, int width, int height, int fps);

typedef struct lr_encoder lr_encoder;

/* Chooses and opens the encoder, creates the temporary file, writes the MP4
 * header and starts the encoder thread. On failure no file is left behind and
 * *out is NULL. Errors: LR_ERR_INVALID_ARG (bad description), LR_ERR_ENCODER
 * (no encoder could be opened; the message has FFmpeg's reason for each),
 * LR_ERR_IO (the file cannot be created). */
LR_API lr_status lr_encoder_open(const lr_encoder_desc *desc, lr_encoder **out, lr_error *err);

/* Copies one RGBA frame (width*height pixels, `stride` bytes between rows,
 * rows top to bottom) into the queue and returns. A negative stride reads
 * bottom-up rows (glReadPixels order): pass a pointer to the top image row,
 * which is the last row in memory, and -stride. Blocks while the queue is full. A failure of the
 * encoder thread (a write error, disk full) is returned by the next push or by
 * finish; after any error, call lr_encoder_abort. */
LR_API lr_status lr_encoder_push_rgba(lr_encoder *enc, const uint8_t *pixels, int stride, lr_error *err);

/* lr_encoder_push_rgba without the copy: the pixels are lent. They must
 * stay as they are until release(user) is called, once: by the encoder
 * thread as soon as it has converted them (before it encodes), or by this
 * call when they are copied after all (an encoder that takes RGBA as it is,
 * or uploads it) or refused, or by finish and abort for frames not reached.
 * A ring of read-back buffers lends its mapped frames this way
 * (lr_readback_lend), and the queue then holds no pixels of its own. */
LR_API lr_status lr_encoder_lend_rgba(lr_encoder *enc, const uint8_t *pixels, int stride,
                                      void (*release)(void *user), void *user, lr_error *err);

/* The same for LR_FRAME_YUV420P (planes[0..2], strides[0..2]) or LR_FRAME_NV12
 * (planes[0..1], strides[0..1]) input. */
LR_API lr_status lr_encoder_push_yuv(lr_encoder *enc, const uint8_t *const planes[], const int strides[],
                                     lr_error *err);

/* The next frame is the one pushed before it, once more: nothing is copied
 * or converted. Held (the frame before lasts one frame longer, and the
 * encoder codes nothing) unless the encoder codes every frame
 * (lr_encoder_desc.every_frame), which codes it as a frame of its own, at
 * its own time. LR_ERR_INVALID_ARG before the first frame. */
LR_API lr_status lr_encoder_push_repeat(lr_encoder *enc, lr_error *err);

/* Where the time went, measured in the encoder thread (and, for wait_s, in the
 * caller's thread). */
typedef struct lr_encoder_stats {
    int64_t frames;     /* frames of the video: its length in frames (held ones included) */
    double convert_s;   /* colour conversion (and hardware upload) */
    double encode_s;    /* encoding and muxing */
    double wait_s;      /* time pushes spent blocked on a full queue */
    double total_s;     /* open to the end of finish */
    int64_t repeated;   /* frames pushed with lr_encoder_push_repeat */
    int64_t held;       /* of those, held: not in the file, the frame before lasts longer */
} lr_encoder_stats;

/* Flushes the encoder, writes the MP4 trailer (with the index moved to the
 * front, +faststart), closes and renames the file to its final name, and
 * frees `enc`, whether it succeeds or not. On failure the temporary file is
 * removed and nothing is left under the final name. `stats` may be NULL. */
LR_API lr_status lr_encoder_finish(lr_encoder *enc, lr_encoder_stats *stats, lr_error *err);

/* Stops the encoder thread, removes the temporary file and frees `enc`.
 * NULL is allowed. */
LR_API void lr_encoder_abort(lr_encoder *enc);

/* The input that reaches this encoder with the fewest copies and no CPU
 * colour conversion: LR_FRAME_RGBA for encoders that take RGB as it is
 * (NVENC, as RGB0), LR_FRAME_NV12 for VAAPI (uploaded to a surface as it is),
 * LR_FRAME_YUV420P for software encoders (x264, x265), which would otherwise
 * convert RGBA in the encoder thread. A renderer that can produce it (the
 * GPU's YUV pass, lr_readback_create) switches with lr_encoder_set_input. */
LR_API lr_frame_format lr_encoder_native_input(const lr_encoder *enc);

/* Changes the format of the frames the caller will push; only before the
 * first push. Refused (LR_ERR_INVALID_ARG) where it would change the colour
 * matrix the file was tagged with at open: to or from RGB that an encoder
 * takes as it is (NVENC). The report says the new path. */
LR_API lr_status lr_encoder_set_input(lr_encoder *enc, lr_frame_format input, lr_error *err);

/* The libavcodec name of the encoder that runs ("libx264", "h264_nvenc"...). */
LR_API const char *lr_encoder_name(const lr_encoder *enc);

/* One line: which encoder runs and why the ones before it were passed over,
 * e.g. "libx264 (auto; h264_nvenc skipped: Cannot load libcuda.so.1 ...;
 * h264_vaapi skipped: no VA-API device ...)". Valid until finish/abort. */
LR_API const char *lr_encoder_report(const lr_encoder *enc);

/* Frames accepted by the push functions so far; after a successful finish
 * they are all in the file. */
LR_API int64_t lr_encoder_frames_written(const lr_encoder *enc);

/* Joins MP4 clips with the same codec parameters (as written by lr_encoder
 * with the same description) into one MP4 by copying packets, without
 * re-encoding. Each clip's timestamps are offset by the durations of the clips
 * before it, so the result lasts exactly the sum. Written atomically like
 * lr_encoder's output (+faststart, temporary file, rename). */
LR_API lr_status lr_video_concat(const char *const *inputs, size_t n, const char *output, lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
