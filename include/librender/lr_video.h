/* librender: a whole scene spec to video, PNG frames or a single picture.
 * This is the one call most programs need: it creates the GL context, builds
 * each section, plays its timeline frame by frame and streams the frames to
 * the encoder.
 *
 *   lr_video_options opt = lr_video_options_default();
 *   opt.progress = print_progress;
 *   if (lr_video_render(spec, "lesson.mp4", &opt, &err) != LR_OK) ...
 *
 * Each section is rendered to its own clip, in a folder of this render's own
 * ("<output>.sections-<pid>-XXXXXX/NN-<id>.mp4"; "<output>.sections/" with
 * keep_clips), then the clips are joined in order into `output`. A section
 * that fails ends the render with an error naming it; no shorter video is
 * ever written under the final name. While it runs, the render holds
 * "<output>.lock": a second render of the same output is refused (it would
 * otherwise replace files under the first). What a killed render left
 * beside the output (names that carry the pid of a process that is gone) is
 * removed by the next render of it.
 *
 * What is written follows the output's extension, as Manim's --format:
 * .mp4 (H.264 or HEVC, AAC narration), .webm (VP9, Opus narration), .mov
 * (ProRes 4444, or QuickTime Animation with encoder "qtrle"; AAC narration;
 * with `transparent`, the background is see-through and the frames keep
 * their alpha) and .gif (one palette from every frame, looping, silent). Any
 * other extension is LR_ERR_INVALID_ARG, naming those four.
 */
#ifndef LR_VIDEO_H
#define LR_VIDEO_H

#include "lr_context.h"
#include "lr_encoder.h"
#include "lr_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_video_progress {
    size_t section;       /* index of the section being rendered */
    size_t sections;      /* sections to render */
    const char *section_id;
    int64_t frame;        /* frames done in this section */
    int64_t frames;       /* frames in this section */
    int64_t total_frame;  /* frames done overall */
    int64_t total_frames; /* frames overall */
    double fps;           /* frames per second so far */
    double eta_s;         /* seconds left, estimated */
    bool done;            /* last call: everything finished */
    bool joining;         /* every frame is done: the clips are being joined into the video */
} lr_video_progress;

/* Called after every frame, and while the clips are joined; return false to
 * cancel (LR_ERR_CANCELLED: nothing is left under the output's name). */
typedef bool (*lr_video_progress_fn)(const lr_video_progress *progress, void *user);

/* How frames travel from the GPU to the encoder (see docs/encoding.md). */
typedef enum lr_video_readback {
    LR_VIDEO_READBACK_AUTO = 0, /* LR_VIDEO_READBACK_YUV on a real GPU; RGBA on a software rasteriser
                                   (llvmpipe), where the shader pass costs more CPU than the encoder
                                   thread's converter */
    LR_VIDEO_READBACK_YUV,      /* a PBO ring; converted on the GPU when the encoder takes YUV (x264:
                                   yuv420p, VAAPI: NV12), RGBA otherwise (NVENC takes it as RGB0) */
    LR_VIDEO_READBACK_RGBA,     /* a PBO ring of RGBA frames; the encoder thread converts colours */
    LR_VIDEO_READBACK_SYNC      /* lr_context_read per frame (the GPU waits): for comparisons */
} lr_video_readback;

typedef enum lr_video_format {
    LR_VIDEO_FORMAT_AUTO = 0, /* from the output's extension */
    LR_VIDEO_FORMAT_MP4,
    LR_VIDEO_FORMAT_WEBM,
    LR_VIDEO_FORMAT_MOV,
    LR_VIDEO_FORMAT_GIF
} lr_video_format;

/* The format of a file name by its extension (any case); LR_ERR_INVALID_ARG
 * with a message naming the path and the extensions there are otherwise. */
LR_API lr_status lr_video_format_from_path(const char *path, lr_video_format *out, lr_error *err);
/* "mp4", "webm", "mov", "gif" ("auto" for LR_VIDEO_FORMAT_AUTO). */
LR_API const char *lr_video_format_name(lr_video_format format);

/* Where lr_video_render's time went, in seconds of wall time. The stages
 * the workers run (contexts, builds, encoders, frames) are summed over the
 * workers, so with several of them they may add up to more than
 * `workers_s`, the wall time from the first worker's start to the last
 * one's end. */
typedef struct lr_video_stages {
    double plan_s;           /* output checked and locked, stale files removed, narration spoken */
    double cache_s;          /* the clips' folder made; the clip cache: encoder probe, each section built
                                once for its key, hits taken */
    double context_s;        /* GL contexts created (EGL, shaders compiled) and destroyed */
    double build_s;          /* sections built for their frames (text and formulas, from the caches) */
    double encoder_open_s;   /* encoders opened (one per clip), readback rings made */
    double frames_s;         /* frames drawn, read back and handed to the encoders */
    double encoder_finish_s; /* encoders drained, trailers written, clips renamed */
    double workers_s;        /* wall time of the workers, together */
    double join_s;           /* clips joined into the output, renamed */
    double total_s;          /* the whole call */
    int workers;             /* workers that ran */
    int64_t frames;          /* frames in the video */
    int64_t frames_unchanged; /* drawn, found equal to the frame before (every animation of the step had
                                 ended): not read back */
    int64_t frames_held;      /* of the repeats, those held (not coded: the frame before lasts longer) */
    int64_t frames_repeated;  /* frames (inside waits, or unchanged) the encoders had as repeats of the
                                 frame before (lr_encoder_push_repeat): not copied or converted */
} lr_video_stages;

typedef struct lr_video_options {
    int width, height, fps;  /* 0: the spec's */
    lr_backend backend;      /* LR_BACKEND_AUTO */
    int samples;             /* MSAA samples, 0: none */
    lr_video_readback readback; /* LR_VIDEO_READBACK_AUTO */
    const char *encoder;     /* "auto" (NULL), "nvenc", "vaapi", "x264", or an encoder name */
    lr_video_codec codec;    /* H.264 (HEVC for .mp4; QTRLE for .mov; else the format's own) */
    lr_video_format format;  /* LR_VIDEO_FORMAT_AUTO: from the output's extension */
    /* A see-through background (alpha 0) and frames that keep their alpha:
     * .mov only (ProRes 4444 yuva444p10le, QuickTime Animation argb); PNGs
     * from lr_video_render_frame keep it too. */
    bool transparent;
    int quality;             /* 0: the encoder's default */
    const char *preset;      /* NULL: the encoder's default */
    const char *encoder_options; /* lr_encoder_desc.options: "key=value:..." (NULL: none) */
    bool every_frame;        /* lr_encoder_desc.every_frame: code repeated frames (waits, ends of steps)
                                too, rather than hold the frame before */
    const char *section_id;  /* render only this section (NULL: all, joined) */
    bool keep_clips;         /* keep the per-section clips after joining */
    int jobs;                /* workers rendering sections (or parts of them) at once, each with its
                                own GL context and encoder (0: one per core, at most 4) */
    lr_video_progress_fn progress;
    void *user;
    /* ---- narration (docs/audio.md); off unless `narrate` is set ---- */
    bool narrate;              /* speak the lecture lines: timing fitted to speech, an audio track (AAC,
                                  Opus in WebM; a GIF has none: LR_ERR_INVALID_ARG), subtitles */
    const char *tts_engine;    /* "espeak" (NULL) or "command" */
    const char *voice;         /* espeak-ng voice (NULL: "en-us"; "cmn", "yue", ...) */
    int speech_rate;           /* words per minute (0: 160) */
    const char *tts_command;   /* the "command" engine's program (lr_tts_desc.command) */
    lr_speech_fit speech_fit;  /* speech longer than its steps: add a wait (default) or stretch them */
    double loudness_lufs;      /* integrated loudness target (0: -16 LUFS) */
    bool subtitle_track;       /* also a soft subtitle track (mov_text) in the MP4 or MOV */
    /* ---- the clip cache (docs/encoding.md); off unless `cache` is set ----
     * A section's clip is kept under a hash of what makes it (the program,
     * these options, the section's JSON and the spec's top level, its
     * assets' bytes, its fitted timing, its built scene with every formula's
     * and text's outlines); a later render with the same hash takes the
     * clip instead of encoding it. Used by full renders (not section_id). */
    bool cache;
    const char *cache_dir;   /* NULL: $XDG_CACHE_HOME/c2v/clips (or ~/.cache/c2v/clips) */
    int64_t cache_max_bytes; /* the folder's bound, least recently used out first (0: 2 GiB) */
    bool cache_flush;        /* empty the cache before rendering */
    /* Filled in by lr_video_render: sections encoded, and taken from the
     * cache. */
    int64_t sections_encoded, sections_cached;
    /* Filled in by lr_video_render: which encoder ran and why (one line). */
    char encoder_report[512];
    /* Filled in by lr_video_render and lr_video_render_png_sequence: frames
     * drawn. Inside a wait nothing moves, so those frames are the frame
     * before sent again, not drawn. */
    int64_t frames_drawn;
    /* Filled in by lr_video_render: clips encoded and joined. With several
     * jobs a section may be rendered in parts (each at least 2 s), so that
     * no worker waits while another renders the last section alone. */
    int64_t clips_encoded;
    /* Filled in by lr_video_render: where the time went. */
    lr_video_stages stages;
} lr_video_options;

LR_API lr_video_options lr_video_options_default(void);

/* Renders the spec (or one section) to an MP4 at `output`. */
LR_API lr_status lr_video_render(const lr_spec *spec, const char *output, lr_video_options *opt, lr_error *err);

/* Renders the frame shown at `t` seconds from the start of the whole video
 * (or of the section named in opt->section_id) into `out`. */
LR_API lr_status lr_video_render_frame(const lr_spec *spec, double t, const lr_video_options *opt, lr_image *out,
                                       lr_error *err);

/* Writes every frame as a PNG: `pattern` is a printf pattern with one integer
 * conversion for the frame number ("frames/%05d.png"). */
LR_API lr_status lr_video_render_png_sequence(const lr_spec *spec, const char *pattern, lr_video_options *opt,
                                              lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
