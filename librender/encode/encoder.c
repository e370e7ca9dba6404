/* The video encoder: a bounded queue of pooled frames feeding one encoder
 * thread, which converts colours (when needed), encodes and muxes. */
#include "encode/convert.h"
#include "encode/encode_internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libavcodec/avcodec.h>
#include <libavutil/hwcontext.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>

#define QUEUE_DEFAULT 6
/* Frames coded at a clip's start before repeats are held, and at its end
 * when the encoder has not said its delay yet: more than any encoder here
 * delays decoding by (x264: 1, 2 with a B-frame pyramid; x265: 2). */
#define HOLD_LEAD 4
#define QUEUE_MIN 2
#define QUEUE_MAX 32
#define SIDE_MAX 16384
#define KEY_FRAME_INTERVAL 250
/* libx264 unless the caller names a preset: chosen on flat-colour animation
 * (bench/vs_manim, docs/encoding.md "x264 for flat-colour animation") for
 * a file no bigger and no worse (SSIM, PSNR against the lossless frames)
 * than Manim's settings (medium, crf 23) make of the same frames, at the
 * least CPU: superfast's analysis; no psychovisual tuning (tune ssim:
 * psy-rd off, aq-mode 2), which only spends bits on flat colour; the
 * macroblock tree, which halves the size at 60 fps where frames repeat
 * their neighbours, over a look-ahead of 20 frames up to 1280x720 and of
 * 8 above (each frame it holds costs some 6 MB at 1080p: 10 frames made
 * the 1080p60 peak 303.6 MiB, 8 290.0, for a file still smaller and
 * better than Manim's settings make now that repeats are held; at 480p15
 * 10 frames fell short of Manim's SSIM); chroma 3 steps finer, for the
 * coloured edges on black that 4:2:0 loses first; no B-frame pyramid,
 * which held one frame more in memory (1080p60 peak 329 -> 304 MiB) and
 * made the file neither smaller nor better; B-frames placed without the
 * look-ahead's trial encodes (b-adapt 0: always superfast's 3), which cost
 * CPU and chose no better here (1080p60 CPU A/B 0.964, wall 0.967, file
 * 186,381 -> 186,461 B, SSIM 0.999860 -> 0.999859; 480p15 49,763 ->
 * 49,280 B, SSIM 0.999848 -> 0.999866); no scene-cut detection
 * (scenecut 0), whose look-ahead analysis never placed a key frame in
 * bench/vs_manim, examples/pythagorean.json or axes_riemann.json (the
 * same files within 11 bytes) and cost 1080p60 CPU A/B 0.974, wall 0.960
 * (sections start clips, so each has its key frame anyway). Above
 * 1280x720 its threads share each frame by slices instead of each holding
 * frames of their own: at 1080p60 the peak resident memory of
 * bench/vs_manim fell 423 -> 359 MiB at the same CPU and wall time (7
 * interleaved pairs), for a file 6 % bigger that is still smaller and
 * better than Manim's settings make (docs/encoding.md, "Memory at 1080p"). */
#define X264_PRESET "superfast"
#define X264_TUNE "ssim"
#define X264_PARAMS "mbtree=1:chroma-qp-offset=-3:b-pyramid=none:b-adapt=0:scenecut=0:rc-lookahead="
#define X264_LARGE(w, h) ((long)(w) * (h) > 1280L * 720)
#define X264_LOOKAHEAD(w, h) (X264_LARGE(w, h) ? 8 : 20)
/* Added to the level of every message a codec context logs while it is
 * tried: errors land at AV_LOG_VERBOSE, so the default level prints nothing
 * (the reasons reach the caller through lr_error and the report instead). */
#define QUIET_LOG_OFFSET (AV_LOG_VERBOSE - AV_LOG_ERROR)

typedef enum route {
    ROUTE_DIRECT,  /* the pushed frame goes to the encoder as it is */
    ROUTE_CONVERT, /* convert.c or swscale into `conv`, which goes to the encoder */
    ROUTE_VAAPI    /* (swscale into NV12, then) upload to a VA surface */
} route;

/* A frame lent by the caller (lr_encoder_lend_rgba): read in place, then
 * handed back with release(user). */
typedef struct slot_loan {
    const uint8_t *pixels;
    int stride;
    void (*release)(void *user); /* NULL: the slot holds no loan */
    void *user;
} slot_loan;

/* What each lr_video_codec is made with, and written in. */
typedef struct codec_family {
    const char *name;      /* for messages */
    const char *container; /* libavformat's muxer */
    const char *software;  /* the encoder "auto" ends with */
    const char *nvenc, *vaapi; /* tried first by "auto"; NULL: none */
} codec_family;

static const codec_family families[] = {
    [LR_CODEC_H264] = {"H.264", "mp4", "libx264", "h264_nvenc", "h264_vaapi"},
    [LR_CODEC_HEVC] = {"HEVC", "mp4", "libx265", "hevc_nvenc", "hevc_vaapi"},
    [LR_CODEC_VP9] = {"VP9", "webm", "libvpx-vp9", NULL, NULL},
    [LR_CODEC_PRORES] = {"ProRes 4444", "mov", "prores_ks", NULL, NULL},
    [LR_CODEC_QTRLE] = {"QuickTime Animation", "mov", "qtrle", NULL, NULL},
};

struct lr_encoder {
    char *path, *part;
    int width, height, fps;
    bool alpha;
    lr_frame_format input;
    enum AVPixelFormat in_fmt;

    AVCodecContext *codec;
    AVFormatContext *mux;
    AVStream *stream;
    AVBufferRef *hw_device, *hw_frames;
    route route;
    bool own_convert; /* RGBA -> yuv420p by convert.c rather than swscale */
    struct SwsContext *sws;
    AVFrame *conv; /* encoder thread only */
    AVFrame *hw;   /* encoder thread only */
    /* Repeats are held (not every_frame): the encoder gets nothing new and
     * the frame before lasts longer. The file's frames stay at k / fps; a
     * few are coded anyway at its start and its end (frame_encode,
     * hold_close). */
    bool hold;
    bool holding;  /* encoder thread: the last frames were held */
    int64_t hold_from; /* encoder thread: the first frame of that hold */
    int64_t first_dts; /* encoder thread: the first packet's, in frames (AV_NOPTS_VALUE before it) */
    AVFrame *held; /* encoder thread: a reference to the frame held, for frames sent as pushed (ROUTE_DIRECT,
                      and VAAPI from NV12); `conv` holds it on the converting routes */
    AVPacket *pkt; /* encoder thread only */

    /* The ring of pooled frames. The caller fills slot (head + count) % n
     * outside the lock; the encoder thread drains slot head and then moves
     * head and count together, which leaves that slot index unchanged. */
    AVFrame **slots;
    bool *repeats; /* per slot: a repeat of the frame before (ROUTE_CONVERT: `conv` is sent again) */
    slot_loan *loans; /* per slot: lent pixels instead of the slot's own (ROUTE_CONVERT) */
    int nslots;
    int last_slot; /* caller thread: the slot it filled last */
    pthread_mutex_t lock;
    pthread_cond_t slot_free, slot_ready;
    int head, count;     /* guarded by lock */
    bool closing;        /* guarded by lock: finish asked for the end */
    bool cancelled;      /* guarded by lock: abort asked to stop now */
    bool drained;        /* guarded by lock: the encoder thread takes no more frames */
    lr_status failure;   /* guarded by lock: set once by the encoder thread */
    char failure_msg[sizeof(((lr_error *)0)->message)];
    pthread_t thread;
    bool thread_running;

    int64_t pushed;  /* caller thread */
    int64_t repeated; /* caller thread */
    int64_t encoded; /* encoder thread, read after join: frames taken, held ones too (the next frame's pts) */
    int64_t held_frames; /* encoder thread, read after join: repeats held, not coded */
    double convert_s, encode_s, wait_s, t_open;

    char name[64];
    char report[1024];
    size_t report_choice; /* length of the report's first part: which encoder and why */
    char note[160];       /* a remark for the report's end (an ignored preset) */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Appends printf-style text to a fixed buffer, truncating quietly. */
static void buf_append(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void buf_append(char *buf, size_t size, const char *fmt, ...)
{
    size_t len = strlen(buf);
    if (len + 1 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, size - len, fmt, ap);
    va_end(ap);
}

lr_encoder_desc lr_encoder_desc_default(const char *path, int width, int height, int fps)
{
    lr_encoder_desc d = {0};
    d.path = path;
    d.width = width;
    d.height = height;
    d.fps = fps;
    d.encoder = "auto";
    d.codec = LR_CODEC_H264;
    d.input = LR_FRAME_RGBA;
    return d;
}

/* ---- choosing an encoder ------------------------------------------------ */

static bool name_has(const char *name, const char *part)
{
    return strstr(name, part) != NULL;
}

static bool codec_supports(const AVCodec *codec, enum AVPixelFormat fmt)
{
    if (!codec->pix_fmts)
        return false;
    for (const enum AVPixelFormat *p = codec->pix_fmts; *p != AV_PIX_FMT_NONE; p++)
        if (*p == fmt)
            return true;
    return false;
}

/* FFmpeg explains an NVENC failure only in its log ("Cannot load
 * libcuda.so.1"); the return code is a bare -1. Ask the loader the same
 * question to give the caller the reason without hooking the global logger. */
static void explain_nvenc(char *why, size_t size, const char *averr)
{
    const char *libs[] = {"libcuda.so.1", "libnvidia-encode.so.1"};
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        void *h = dlopen(libs[i], RTLD_LAZY | RTLD_LOCAL);
        if (!h) {
            snprintf(why, size, "Cannot load %s (no NVIDIA driver with NVENC here)", libs[i]);
            return;
        }
        dlclose(h);
    }
    snprintf(why, size, "the NVIDIA driver refused an NVENC session (%s; data-centre GPUs such as H100 have no NVENC)",
             averr);
}

/* Presets are strings for x264/x265 but named constants for NVENC ("p1".."p7");
 * an x264 name is checked against the constants first, because a failed
 * av_opt_set logs through the encoder's private class, which our log level
 * offset does not reach. */
static bool preset_set(AVCodecContext *c, const char *preset)
{
    const AVOption *o = av_opt_find(c->priv_data, "preset", NULL, 0, 0);
    if (!o)
        return false;
    if (o->type != AV_OPT_TYPE_STRING && !(o->unit && av_opt_find(c->priv_data, preset, o->unit, 0, 0)))
        return false;
    return av_opt_set(c->priv_data, "preset", preset, 0) >= 0;
}

static void set_colour_tags(AVCodecContext *c, bool nvenc)
{
    /* Tagged BT.709 limited range, which is what the conversion produces, so
     * that players do not guess BT.601 for small frames. An encoder that
     * stores RGB (QuickTime Animation) keeps the frames' full-range RGB. */
    const AVPixFmtDescriptor *pd = av_pix_fmt_desc_get(c->pix_fmt);
    bool rgb = pd && (pd->flags & AV_PIX_FMT_FLAG_RGB);
    c->color_range = rgb && !nvenc ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
    c->colorspace = rgb && !nvenc ? AVCOL_SPC_RGB : AVCOL_SPC_BT709;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
    /* NVENC converts RGB input with the BT.601 matrix and FFmpeg's wrapper
     * writes that into the stream's VUI: the container must say the same. */
    if (rgb && nvenc)
        c->colorspace = AVCOL_SPC_BT470BG;
}

/* The encoder's format for frames that keep their alpha, in order of
 * preference, or AV_PIX_FMT_NONE when it has none. */
static enum AVPixelFormat alpha_format(const AVCodec *codec)
{
    static const enum AVPixelFormat with_alpha[] = {AV_PIX_FMT_YUVA444P10LE, AV_PIX_FMT_ARGB, AV_PIX_FMT_RGBA,
                                                    AV_PIX_FMT_YUVA420P};
    for (size_t i = 0; i < sizeof with_alpha / sizeof with_alpha[0]; i++)
        if (codec_supports(codec, with_alpha[i]))
            return with_alpha[i];
    return AV_PIX_FMT_NONE;
}

/* The format converted frames take when the encoder cannot have them as
 * pushed: 4:2:0 where it can, else ProRes 4444's 4:4:4 or RGB. */
static enum AVPixelFormat converted_format(const AVCodec *codec)
{
    static const enum AVPixelFormat order[] = {AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV444P10LE, AV_PIX_FMT_RGB24};
    if (!codec->pix_fmts)
        return AV_PIX_FMT_YUV420P;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        if (codec_supports(codec, order[i]))
            return order[i];
    return codec->pix_fmts[0];
}

/* Options of the encoders that are not x264-like. */
static void codec_specific_options(AVCodecContext *c, const char *name, int quality)
{
    if (strcmp(name, "libvpx-vp9") == 0) {
        /* libvpx's defaults (good quality, cpu-used 0) run at about a frame
         * a second here; cpu-used 5 with row threads is close to x264's
         * veryfast (docs/encoding.md). Constant quality: crf with no bit
         * rate cap. */
        av_opt_set(c->priv_data, "deadline", "good", 0);
        av_opt_set_int(c->priv_data, "cpu-used", 5, 0);
        av_opt_set_int(c->priv_data, "row-mt", 1, 0);
        av_opt_set_int(c->priv_data, "crf", quality > 0 ? quality : 32, 0);
        c->bit_rate = 0;
    } else if (strcmp(name, "prores_ks") == 0) {
        av_opt_set(c->priv_data, "profile", "4444", 0);
        av_opt_set(c->priv_data, "vendor", "apl0", 0);
    }
}

/* The encoder's pixel format that frames pushed as `input` have already, so
 * they go straight through (NVENC reads RGBA memory as RGB0, x264 reads
 * NV12), or AV_PIX_FMT_NONE. */
static enum AVPixelFormat direct_format(const AVCodec *codec, lr_frame_format input)
{
    enum AVPixelFormat direct[2] = {AV_PIX_FMT_NONE, AV_PIX_FMT_NONE};
    switch (input) {
    case LR_FRAME_RGBA:
        direct[0] = AV_PIX_FMT_RGB0;
        direct[1] = AV_PIX_FMT_RGBA;
        break;
    case LR_FRAME_YUV420P: direct[0] = AV_PIX_FMT_YUV420P; break;
    case LR_FRAME_NV12: direct[0] = AV_PIX_FMT_NV12; break;
    }
    for (int i = 0; i < 2; i++)
        if (direct[i] != AV_PIX_FMT_NONE && codec_supports(codec, direct[i]))
            return direct[i];
    return AV_PIX_FMT_NONE;
}

/* The caller's options ("key=value:key=value") on the codec context and
 * its private options; false with the reason when one is malformed, not
 * known to this encoder or refused. */
static bool options_set(AVCodecContext *c, const char *options, char *why, size_t why_size)
{
    char averr[AV_ERROR_MAX_STRING_SIZE];
    AVDictionary *dict = NULL;
    int ret = av_dict_parse_string(&dict, options, "=", ":", 0);
    if (ret < 0) {
        snprintf(why, why_size, "encoder options \"%s\": expected key=value:key=value", options);
        av_dict_free(&dict);
        return false;
    }
    const AVDictionaryEntry *e = NULL;
    while ((e = av_dict_get(dict, "", e, AV_DICT_IGNORE_SUFFIX))) {
        ret = av_opt_set(c, e->key, e->value, AV_OPT_SEARCH_CHILDREN);
        if (ret < 0) {
            snprintf(why, why_size, "%s option %s=%s: %s", ret == AVERROR_OPTION_NOT_FOUND ? "no" : "bad", e->key,
                     e->value, lr_averror_text(ret, averr, sizeof averr));
            av_dict_free(&dict);
            return false;
        }
    }
    av_dict_free(&dict);
    return true;
}

/* Configures and opens `codec` for `enc`. On failure, writes the reason to
 * `why` and leaves enc->codec / hw buffers NULL. */
static bool codec_try_open(lr_encoder *enc, const AVCodec *codec, const lr_encoder_desc *d, char *why, size_t why_size,
                           char *note, size_t note_size)
{
    char averr[AV_ERROR_MAX_STRING_SIZE];
    AVCodecContext *c = avcodec_alloc_context3(codec);
    if (!c) {
        snprintf(why, why_size, "out of memory");
        return false;
    }
    c->log_level_offset = QUIET_LOG_OFFSET;
    c->width = enc->width;
    c->height = enc->height;
    c->time_base = (AVRational){1, enc->fps};
    c->framerate = (AVRational){enc->fps, 1};
    c->sample_aspect_ratio = (AVRational){1, 1};
    /* A key frame at least every 250 frames (x264's own default, and
     * Manim's): on flat-colour animation a key frame costs as much as
     * dozens of others (bench/vs_manim at 1080p60: 2 s intervals made the
     * file 20 % bigger), and every clip, section or part, starts with one. */
    c->gop_size = KEY_FRAME_INTERVAL;
    c->thread_count = d->threads > 0 ? d->threads : 0;
    c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER; /* MP4 keeps SPS/PPS in the header */

    const char *name = codec->name;
    bool is_vaapi = codec_supports(codec, AV_PIX_FMT_VAAPI);
    if (enc->alpha) {
        c->pix_fmt = alpha_format(codec);
        if (c->pix_fmt == AV_PIX_FMT_NONE) {
            snprintf(why, why_size, "it keeps no alpha (ProRes 4444 and QuickTime Animation do)");
            goto fail;
        }
        enc->route = c->pix_fmt == AV_PIX_FMT_RGBA ? ROUTE_DIRECT : ROUTE_CONVERT;
    } else if (is_vaapi) {
        int ret = av_hwdevice_ctx_create(&enc->hw_device, AV_HWDEVICE_TYPE_VAAPI, NULL, NULL, 0);
        if (ret < 0) {
            snprintf(why, why_size, "no VA-API device could be opened (%s)", lr_averror_text(ret, averr, sizeof averr));
            goto fail;
        }
        enc->hw_frames = av_hwframe_ctx_alloc(enc->hw_device);
        if (!enc->hw_frames) {
            snprintf(why, why_size, "out of memory");
            goto fail;
        }
        AVHWFramesContext *fc = (AVHWFramesContext *)enc->hw_frames->data;
        fc->format = AV_PIX_FMT_VAAPI;
        fc->sw_format = AV_PIX_FMT_NV12;
        fc->width = enc->width;
        fc->height = enc->height;
        fc->initial_pool_size = 16;
        ret = av_hwframe_ctx_init(enc->hw_frames);
        if (ret < 0) {
            snprintf(why, why_size, "cannot create NV12 VA surfaces (%s)", lr_averror_text(ret, averr, sizeof averr));
            goto fail;
        }
        c->pix_fmt = AV_PIX_FMT_VAAPI;
        c->hw_frames_ctx = av_buffer_ref(enc->hw_frames);
        enc->route = ROUTE_VAAPI;
    } else {
        c->pix_fmt = direct_format(codec, enc->input);
        if (c->pix_fmt != AV_PIX_FMT_NONE) {
            enc->route = ROUTE_DIRECT;
        } else {
            enc->route = ROUTE_CONVERT;
            c->pix_fmt = converted_format(codec);
        }
    }
    set_colour_tags(c, name_has(name, "nvenc"));

    bool x26x = strcmp(name, "libx264") == 0 || strcmp(name, "libx265") == 0;
    bool x264_defaults = strcmp(name, "libx264") == 0 && !d->preset;
    const char *preset = d->preset ? d->preset : x264_defaults ? X264_PRESET : (x26x ? "veryfast" : NULL);
    if (preset && !preset_set(c, preset))
        snprintf(note, note_size, "; preset \"%s\" not known to %s, its default used", preset, name);
    if (x264_defaults) {
        av_opt_set(c->priv_data, "tune", X264_TUNE, 0);
        char params[128];
        snprintf(params, sizeof params, "%s%d%s", X264_PARAMS, X264_LOOKAHEAD(enc->width, enc->height),
                 X264_LARGE(enc->width, enc->height) ? ":sliced-threads=1" : "");
        av_opt_set(c->priv_data, "x264-params", params, 0);
    }
    if (strcmp(name, "libx265") == 0)
        av_opt_set(c->priv_data, "x265-params", "log-level=none", 0); /* x265 prints on its own */
    codec_specific_options(c, name, d->quality);
    if (d->quality > 0 && strcmp(name, "libvpx-vp9") != 0) {
        if (name_has(name, "nvenc")) {
            av_opt_set(c->priv_data, "rc", "vbr", 0);
            av_opt_set_int(c->priv_data, "cq", d->quality, 0);
        } else if (is_vaapi) {
            av_opt_set(c->priv_data, "rc_mode", "CQP", 0);
            c->global_quality = d->quality;
        } else if (av_opt_set_int(c->priv_data, "crf", d->quality, 0) < 0) {
            c->global_quality = d->quality;
            c->flags |= AV_CODEC_FLAG_QSCALE;
        }
    }

    if (d->options && d->options[0] && !options_set(c, d->options, why, why_size))
        goto fail;
    int ret = avcodec_open2(c, codec, NULL);
    if (ret < 0) {
        lr_averror_text(ret, averr, sizeof averr);
        if (name_has(name, "nvenc"))
            explain_nvenc(why, why_size, averr);
        else
            snprintf(why, why_size, "%s", averr);
        goto fail;
    }
    /* Open: from now on its messages keep their own levels, so lr_log's
     * level decides (x264's statistics at close are "info"). */
    c->log_level_offset = 0;
    enc->codec = c;
    return true;

fail:
    avcodec_free_context(&c);
    av_buffer_unref(&enc->hw_frames);
    av_buffer_unref(&enc->hw_device);
    return false;
}

/* Opens the encoder the description asks for, filling enc->codec and the
 * report line. */
static lr_status encoder_choose(lr_encoder *enc, const lr_encoder_desc *d, lr_error *err)
{
    const char *want = d->encoder && d->encoder[0] ? d->encoder : "auto";
    const codec_family *fam = &families[d->codec];
    const char *family = fam->name;
    const char *candidates[4] = {0};
    size_t ncand = 0;
    bool automatic = strcmp(want, "auto") == 0;
    bool x26x_name = strcmp(want, "x264") == 0 || strcmp(want, "x265") == 0;
    if (automatic) {
        /* Hardware encoders keep no alpha: with it, only the software one. */
        if (fam->nvenc && !d->alpha)
            candidates[ncand++] = fam->nvenc;
        if (fam->vaapi && !d->alpha)
            candidates[ncand++] = fam->vaapi;
        candidates[ncand++] = fam->software;
    } else if (strcmp(want, "nvenc") == 0 || strcmp(want, "vaapi") == 0) {
        const char *hw = want[0] == 'n' ? fam->nvenc : fam->vaapi;
        if (!hw)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: there is no %s encoder for %s", enc->path, want,
                                family);
        candidates[ncand++] = hw;
    } else if (x26x_name) {
        const char *lib = strcmp(want, "x264") == 0 ? "libx264" : "libx265";
        if (strcmp(fam->software, lib) != 0)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: encoder \"%s\" does not make %s (set the codec to match)",
                                enc->path, want, family);
        candidates[ncand++] = lib;
    } else {
        candidates[ncand++] = want;
    }

    char skipped[768] = "";
    char note[160] = "";
    for (size_t i = 0; i < ncand; i++) {
        const AVCodec *codec = avcodec_find_encoder_by_name(candidates[i]);
        char why[256] = "";
        if (!codec || !av_codec_is_encoder(codec)) {
            snprintf(why, sizeof why, "not in this FFmpeg build");
        } else if (codec->type != AVMEDIA_TYPE_VIDEO) {
            snprintf(why, sizeof why, "not a video encoder");
        } else if (codec_try_open(enc, codec, d, why, sizeof why, note, sizeof note)) {
            snprintf(enc->name, sizeof enc->name, "%s", codec->name);
            if (automatic)
                snprintf(enc->report, sizeof enc->report, "%s (auto%s%s)", codec->name, skipped[0] ? ": " : "",
                         skipped);
            else
                snprintf(enc->report, sizeof enc->report, "%s (requested as \"%s\")", codec->name, want);
            enc->report_choice = strlen(enc->report);
            snprintf(enc->note, sizeof enc->note, "%s", note);
            return LR_OK;
        }
        buf_append(skipped, sizeof skipped, "%s%s skipped: %s", skipped[0] ? "; " : "", candidates[i], why);
        note[0] = '\0';
    }
    if (automatic)
        return lr_error_set(err, LR_ERR_ENCODER, "%s: no %s encoder could be opened (%s)", enc->path, family, skipped);
    /* Only one candidate: its reason is the whole story. */
    const char *why = strstr(skipped, "skipped: ");
    return lr_error_set(err, LR_ERR_ENCODER, "%s: encoder \"%s\" (%s) cannot be used: %s", enc->path, want,
                        candidates[0], why ? why + 9 : skipped);
}

/* The report's second part: the path frames take, for the current input. */
static void report_route(lr_encoder *enc)
{
    enc->report[enc->report_choice] = '\0';
    const char *route_text = enc->route == ROUTE_DIRECT ? "frames go to the encoder as pushed"
                             : enc->route == ROUTE_VAAPI
                                 ? (enc->in_fmt == AV_PIX_FMT_NV12 ? "uploaded to VA surfaces as pushed"
                                                                   : "converted to NV12 and uploaded to VA surfaces")
                             : enc->own_convert ? "BT.709 conversion in the encoder thread"
                                                : "colours converted by swscale in the encoder thread";
    buf_append(enc->report, sizeof enc->report, "; %s in, %s out, %s%s", av_get_pix_fmt_name(enc->in_fmt),
               av_get_pix_fmt_name(enc->codec->pix_fmt), route_text, enc->note);
}

/* ---- the encoder thread ------------------------------------------------- */

static void fail_set(lr_encoder *enc, lr_status status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail_set(lr_encoder *enc, lr_status status, const char *fmt, ...)
{
    pthread_mutex_lock(&enc->lock);
    if (enc->failure == LR_OK) {
        enc->failure = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(enc->failure_msg, sizeof enc->failure_msg, fmt, ap);
        va_end(ap);
    }
    pthread_cond_broadcast(&enc->slot_free);
    pthread_mutex_unlock(&enc->lock);
}

/* Moves every packet the encoder has ready into the file. */
static bool packets_drain(lr_encoder *enc)
{
    char averr[AV_ERROR_MAX_STRING_SIZE];
    for (;;) {
        int ret = avcodec_receive_packet(enc->codec, enc->pkt);
        if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
            return true;
        if (ret < 0) {
            fail_set(enc, LR_ERR_ENCODER, "%s: %s failed to encode (%s)", enc->path, enc->name,
                     lr_averror_text(ret, averr, sizeof averr));
            return false;
        }
        /* Without a duration the last frame lasts 0 and the MP4's frame rate
         * and length come out wrong. */
        if (enc->pkt->duration == 0)
            enc->pkt->duration = 1;
        if (enc->first_dts == AV_NOPTS_VALUE)
            enc->first_dts = enc->pkt->dts != AV_NOPTS_VALUE ? enc->pkt->dts : enc->pkt->pts;
        av_packet_rescale_ts(enc->pkt, enc->codec->time_base, enc->stream->time_base);
        enc->pkt->stream_index = enc->stream->index;
        ret = av_interleaved_write_frame(enc->mux, enc->pkt);
        if (ret < 0) {
            fail_set(enc, LR_ERR_IO, "%s: cannot write video data to %s (%s)", enc->path, enc->part,
                     lr_averror_text(ret, averr, sizeof averr));
            return false;
        }
    }
}

/* Gives a loan back (once). */
static void loan_end(slot_loan *loan)
{
    if (loan->release)
        loan->release(loan->user);
    loan->release = NULL;
}

static bool frame_send(lr_encoder *enc, AVFrame *frame, int64_t pts, double t0);

/* Frames go through `conv` (converted there), or are sent as pushed. */
static bool converts(const lr_encoder *enc)
{
    return enc->route == ROUTE_CONVERT || (enc->route == ROUTE_VAAPI && enc->in_fmt != AV_PIX_FMT_NV12);
}

/* Holds a repeat: nothing goes to the encoder, its clock moves on. `conv`
 * keeps a converted frame until the next one is converted; a frame sent as
 * pushed is kept by reference (the slot has it copied from the one before,
 * lr_encoder_push_repeat). */
static bool frame_hold(lr_encoder *enc, AVFrame *slot)
{
    if (!enc->holding) {
        if (!converts(enc) && av_frame_ref(enc->held, slot) < 0) {
            fail_set(enc, LR_ERR_NOMEM, "%s: out of memory for frame %lld", enc->path, (long long)enc->encoded);
            return false;
        }
        enc->hold_from = enc->encoded;
    }
    enc->holding = true;
    enc->held_frames++;
    enc->encoded++;
    return true;
}

/* A hold that ends the file ends with frames coded again, so that the
 * file lasts to its end: an MP4 track lasts to the decoding time of its
 * last frame plus a frame, and the encoder's decoding times are its
 * frames' times in order, `delay` frames late: has_b_frames (x264: 1), or
 * where an encoder says 0 (libx265 does, and decodes 2 late), as far as
 * its first packet's decoding time is before 0, and before any packet
 * HOLD_LEAD - 1. The last delay + 1 frames of the hold are coded. */
static bool hold_close(lr_encoder *enc)
{
    if (!enc->holding)
        return true;
    enc->holding = false;
    int64_t delay = enc->codec->has_b_frames;
    if (delay == 0)
        delay = enc->first_dts == AV_NOPTS_VALUE ? HOLD_LEAD - 1 : enc->first_dts < 0 ? -enc->first_dts : 0;
    int64_t coded = delay + 1;
    if (coded > enc->encoded - enc->hold_from)
        coded = enc->encoded - enc->hold_from;
    bool ok = true;
    for (int64_t pts = enc->encoded - coded; ok && pts < enc->encoded; pts++)
        ok = frame_send(enc, converts(enc) ? enc->conv : enc->held, pts, now_s());
    enc->held_frames -= coded;
    av_frame_unref(enc->held);
    return ok;
}

/* `repeat`: the slot holds nothing (converting routes: `conv` still holds
 * the frame before, converted) or a copy of the frame before; it is held,
 * or goes to the encoder again. `loan`: the pixels are the caller's,
 * converted from where they are and given back at once. */
static bool frame_encode(lr_encoder *enc, AVFrame *slot, bool repeat, slot_loan *loan)
{
    char averr[AV_ERROR_MAX_STRING_SIZE];
    double t0 = now_s();
    AVFrame *frame = slot;
    int ret = 0;
    /* A file's first HOLD_LEAD frames are coded: the encoder's first
     * decoding time is the first frame's time less the time to its delay-th
     * next, and a clip joined after another (concat.c) must begin at most
     * that many frames before its start. */
    int64_t coded = enc->encoded - enc->held_frames;
    if (repeat && enc->hold && coded >= HOLD_LEAD && coded > enc->codec->has_b_frames)
        return frame_hold(enc, slot);
    if (enc->holding) {
        enc->holding = false;
        av_frame_unref(enc->held);
    }
    if (repeat && converts(enc)) {
        frame = enc->conv;
    } else if (converts(enc)) {
        const uint8_t *src[4] = {slot->data[0]};
        int src_stride[4] = {slot->linesize[0]};
        if (loan->release) {
            src[0] = loan->pixels;
            src_stride[0] = loan->stride;
        }
        ret = av_frame_make_writable(enc->conv);
        if (ret >= 0 && enc->own_convert)
            lr_yuv420p_from_rgba(src[0], src_stride[0], enc->width, enc->height, enc->conv->data,
                                 enc->conv->linesize);
        else if (ret >= 0)
            sws_scale(enc->sws, src, src_stride, 0, enc->height, enc->conv->data, enc->conv->linesize);
        frame = enc->conv;
    }
    loan_end(loan);
    if (ret < 0) {
        fail_set(enc, LR_ERR_ENCODER, "%s: cannot prepare frame %lld for %s (%s)", enc->path, (long long)enc->encoded,
                 enc->name, lr_averror_text(ret, averr, sizeof averr));
        return false;
    }
    bool ok = frame_send(enc, frame, enc->encoded, t0);
    enc->encoded++;
    return ok;
}

/* `frame` (converted already) to the encoder as frame `pts`, its packets to
 * the file. */
static bool frame_send(lr_encoder *enc, AVFrame *frame, int64_t pts, double t0)
{
    char averr[AV_ERROR_MAX_STRING_SIZE];
    int ret = 0;
    if (enc->route == ROUTE_VAAPI) {
        av_frame_unref(enc->hw);
        ret = av_hwframe_get_buffer(enc->hw_frames, enc->hw, 0);
        if (ret >= 0)
            ret = av_hwframe_transfer_data(enc->hw, frame, 0);
        frame = enc->hw;
    }
    if (ret < 0) {
        fail_set(enc, LR_ERR_ENCODER, "%s: cannot upload frame %lld for %s (%s)", enc->path, (long long)pts,
                 enc->name, lr_averror_text(ret, averr, sizeof averr));
        return false;
    }
    frame->pts = pts;
    frame->pkt_duration = 1;
    /* Some encoders (ProRes) write the frame's colour tags, not the
     * context's, into every frame header. */
    frame->color_range = enc->codec->color_range;
    frame->colorspace = enc->codec->colorspace;
    frame->color_primaries = enc->codec->color_primaries;
    frame->color_trc = enc->codec->color_trc;
    double t1 = now_s();
    enc->convert_s += t1 - t0;
    ret = avcodec_send_frame(enc->codec, frame);
    if (enc->route == ROUTE_VAAPI)
        av_frame_unref(enc->hw);
    if (ret < 0) {
        fail_set(enc, LR_ERR_ENCODER, "%s: %s refused frame %lld (%s)", enc->path, enc->name, (long long)pts,
                 lr_averror_text(ret, averr, sizeof averr));
        return false;
    }
    bool ok = packets_drain(enc);
    enc->encode_s += now_s() - t1;
    return ok;
}

static void *encoder_thread(void *arg)
{
    lr_encoder *enc = arg;
    for (;;) {
        pthread_mutex_lock(&enc->lock);
        while (enc->count == 0 && !enc->closing && !enc->cancelled)
            pthread_cond_wait(&enc->slot_ready, &enc->lock);
        bool stop = enc->cancelled || enc->count == 0;
        int index = enc->head;
        AVFrame *slot = stop ? NULL : enc->slots[index];
        bool repeat = !stop && enc->repeats[index];
        pthread_mutex_unlock(&enc->lock);
        if (stop)
            break;
        bool ok = frame_encode(enc, slot, repeat, &enc->loans[index]);
        pthread_mutex_lock(&enc->lock);
        enc->head = (enc->head + 1) % enc->nslots;
        enc->count--;
        pthread_cond_signal(&enc->slot_free);
        pthread_mutex_unlock(&enc->lock);
        if (!ok)
            break;
    }
    /* Frames lent and not encoded (a failure, an abort) go back now: their
     * lender may be waiting for them before it pushes again, and learns of
     * the failure only then. Later loans are refused (lr_encoder_lend_rgba). */
    pthread_mutex_lock(&enc->lock);
    enc->drained = true;
    for (int i = 0; i < enc->count; i++)
        loan_end(&enc->loans[(enc->head + i) % enc->nslots]);
    bool flush = !enc->cancelled && enc->failure == LR_OK;
    pthread_mutex_unlock(&enc->lock);
    if (flush && hold_close(enc)) {
        double t0 = now_s();
        char averr[AV_ERROR_MAX_STRING_SIZE];
        int ret = avcodec_send_frame(enc->codec, NULL);
        if (ret < 0)
            fail_set(enc, LR_ERR_ENCODER, "%s: %s cannot flush (%s)", enc->path, enc->name,
                     lr_averror_text(ret, averr, sizeof averr));
        else
            packets_drain(enc);
        enc->encode_s += now_s() - t0;
    }
    return NULL;
}

/* ---- open, push, finish ------------------------------------------------- */

static void encoder_free(lr_encoder *enc)
{
    for (int i = 0; enc->loans && i < enc->nslots; i++)
        loan_end(&enc->loans[i]); /* none is left once the thread has run; this is for when it never did */
    if (enc->slots) {
        for (int i = 0; i < enc->nslots; i++)
            av_frame_free(&enc->slots[i]);
        free(enc->slots);
    }
    free(enc->repeats);
    free(enc->loans);
    pthread_cond_destroy(&enc->slot_ready);
    pthread_cond_destroy(&enc->slot_free);
    pthread_mutex_destroy(&enc->lock);
    av_frame_free(&enc->conv);
    av_frame_free(&enc->held);
    av_frame_free(&enc->hw);
    av_packet_free(&enc->pkt);
    sws_freeContext(enc->sws);
    avcodec_free_context(&enc->codec);
    av_buffer_unref(&enc->hw_frames);
    av_buffer_unref(&enc->hw_device);
    lr_mux_discard(&enc->mux, NULL);
    free(enc->part);
    free(enc->path);
    free(enc);
}

/* With `buffer`, its planes too; else only what a buffer is made from. */
static AVFrame *frame_new(enum AVPixelFormat fmt, int width, int height, bool buffer)
{
    AVFrame *f = av_frame_alloc();
    if (!f)
        return NULL;
    f->format = fmt;
    f->width = width;
    f->height = height;
    if (buffer && av_frame_get_buffer(f, 0) < 0)
        av_frame_free(&f);
    return f;
}

/* The pooled frames and the conversion for the current input format. */
static lr_status frames_setup(lr_encoder *enc, lr_error *err)
{
    /* Sent as is, a frame must carry the encoder's format (RGB0 for NVENC has
     * the memory layout of RGBA). */
    enum AVPixelFormat slot_fmt = enc->route == ROUTE_DIRECT ? enc->codec->pix_fmt : enc->in_fmt;
    /* Converted frames may come lent (lr_encoder_lend_rgba): their slots get
     * a buffer only when a frame is copied into them. */
    bool shells = enc->route == ROUTE_CONVERT;
    for (int i = 0; i < enc->nslots; i++)
        if (!(enc->slots[i] = frame_new(slot_fmt, enc->width, enc->height, !shells)))
            return lr_error_set(err, LR_ERR_NOMEM, "%s: out of memory for %d queued frames", enc->path, enc->nslots);
    enc->own_convert = enc->route == ROUTE_CONVERT && enc->in_fmt == AV_PIX_FMT_RGBA &&
                       enc->codec->pix_fmt == AV_PIX_FMT_YUV420P;
    if (converts(enc)) {
        enum AVPixelFormat target = enc->route == ROUTE_VAAPI ? AV_PIX_FMT_NV12 : enc->codec->pix_fmt;
        enc->conv = frame_new(target, enc->width, enc->height, true);
        if (!enc->own_convert)
            enc->sws = sws_getContext(enc->width, enc->height, enc->in_fmt, enc->width, enc->height, target,
                                      SWS_BILINEAR, NULL, NULL, NULL);
        if (!enc->conv || (!enc->own_convert && !enc->sws))
            return lr_error_set(err, LR_ERR_ENCODER, "%s: cannot set up the %s to %s conversion", enc->path,
                                av_get_pix_fmt_name(enc->in_fmt), av_get_pix_fmt_name(target));
        if (enc->sws) {
            /* RGB is full range; the video is BT.709 limited range, as tagged. */
            const int *bt709 = sws_getCoefficients(SWS_CS_ITU709);
            sws_setColorspaceDetails(enc->sws, bt709, enc->in_fmt == AV_PIX_FMT_RGBA, bt709, 0, 0, 1 << 16,
                                     1 << 16);
        }
    }
    report_route(enc);
    return LR_OK;
}

static void frames_free(lr_encoder *enc)
{
    for (int i = 0; enc->slots && i < enc->nslots; i++)
        av_frame_free(&enc->slots[i]);
    av_frame_free(&enc->conv);
    sws_freeContext(enc->sws);
    enc->sws = NULL;
}

static lr_status desc_check(const lr_encoder_desc *d, lr_error *err)
{
    if (!d || !d->path || !d->path[0])
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_encoder_open: no description or no path");
    if (d->width <= 0 || d->height <= 0 || d->width > SIDE_MAX || d->height > SIDE_MAX || d->width % 2 ||
        d->height % 2)
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "%s: frame size %dx%d: expected even width and height from 2 to %d (4:2:0 chroma)",
                            d->path, d->width, d->height, SIDE_MAX);
    if (d->fps <= 0 || d->fps > 1000)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: fps %d: expected 1 to 1000", d->path, d->fps);
    if ((unsigned)d->codec >= sizeof families / sizeof families[0])
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: unknown codec %d", d->path, (int)d->codec);
    if (d->alpha && d->input != LR_FRAME_RGBA)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: alpha is kept only from RGBA input", d->path);
    if (d->alpha && d->codec != LR_CODEC_PRORES && d->codec != LR_CODEC_QTRLE)
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "%s: %s keeps no alpha: use ProRes 4444 or QuickTime Animation (a .mov)", d->path,
                            families[d->codec].name);
    if (d->input != LR_FRAME_RGBA && d->input != LR_FRAME_YUV420P && d->input != LR_FRAME_NV12)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: unknown input format %d", d->path, (int)d->input);
    if (d->quality < 0 || d->quality > 63)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: quality %d: expected 0 (default) to 63", d->path,
                            d->quality);
    if (d->threads < 0 || d->queue_depth < 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: threads and queue_depth must not be negative", d->path);
    return LR_OK;
}

lr_status lr_encoder_open(const lr_encoder_desc *desc, lr_encoder **out, lr_error *err)
{
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_encoder_open: no output pointer");
    *out = NULL;
    lr_status st = desc_check(desc, err);
    if (st != LR_OK)
        return st;
    lr_log_route_ffmpeg();

    lr_encoder *enc = calloc(1, sizeof *enc);
    if (!enc)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    pthread_mutex_init(&enc->lock, NULL);
    pthread_cond_init(&enc->slot_free, NULL);
    pthread_cond_init(&enc->slot_ready, NULL);
    enc->t_open = now_s();
    enc->width = desc->width;
    enc->height = desc->height;
    enc->fps = desc->fps;
    enc->alpha = desc->alpha;
    enc->input = desc->input;
    enc->in_fmt = desc->input == LR_FRAME_RGBA      ? AV_PIX_FMT_RGBA
                  : desc->input == LR_FRAME_YUV420P ? AV_PIX_FMT_YUV420P
                                                    : AV_PIX_FMT_NV12;
    size_t plen = strlen(desc->path) + 1;
    enc->path = malloc(plen);
    enc->part = lr_part_path_make(desc->path);
    enc->pkt = av_packet_alloc();
    enc->first_dts = AV_NOPTS_VALUE;
    enc->held = av_frame_alloc();
    /* Editing formats keep every frame: an editor cuts anywhere. */
    enc->hold = !desc->every_frame && desc->codec != LR_CODEC_PRORES && desc->codec != LR_CODEC_QTRLE;
    enc->nslots = desc->queue_depth == 0 ? QUEUE_DEFAULT
                  : desc->queue_depth < QUEUE_MIN ? QUEUE_MIN
                  : desc->queue_depth > QUEUE_MAX ? QUEUE_MAX
                                                  : desc->queue_depth;
    enc->slots = calloc((size_t)enc->nslots, sizeof *enc->slots);
    enc->repeats = calloc((size_t)enc->nslots, sizeof *enc->repeats);
    enc->loans = calloc((size_t)enc->nslots, sizeof *enc->loans);
    if (!enc->path || !enc->part || !enc->pkt || !enc->held || !enc->slots || !enc->repeats || !enc->loans) {
        encoder_free(enc);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    memcpy(enc->path, desc->path, plen);

    /* The codec opens before the file exists, so an encoder that cannot open
     * leaves nothing behind. */
    st = encoder_choose(enc, desc, err);
    if (st != LR_OK) {
        encoder_free(enc);
        return st;
    }

    st = frames_setup(enc, err);
    if (st != LR_OK) {
        encoder_free(enc);
        return st;
    }
    if (enc->route == ROUTE_VAAPI && !(enc->hw = av_frame_alloc())) {
        encoder_free(enc);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }

    st = lr_mux_create(enc->path, enc->part, families[desc->codec].container, &enc->mux, err);
    if (st != LR_OK) {
        encoder_free(enc);
        return st;
    }
    enc->stream = avformat_new_stream(enc->mux, NULL);
    int ret = enc->stream ? avcodec_parameters_from_context(enc->stream->codecpar, enc->codec) : AVERROR(ENOMEM);
    if (ret >= 0) {
        enc->stream->time_base = enc->codec->time_base;
        enc->stream->avg_frame_rate = enc->codec->framerate;
        enc->stream->r_frame_rate = enc->codec->framerate;
        st = lr_mux_start(enc->mux, enc->path, err);
    } else {
        st = lr_error_set(err, LR_ERR_NOMEM, "%s: cannot add the video stream", enc->path);
    }
    if (st == LR_OK && pthread_create(&enc->thread, NULL, encoder_thread, enc) != 0)
        st = lr_error_set(err, LR_ERR_NOMEM, "%s: cannot start the encoder thread", enc->path);
    if (st != LR_OK) {
        lr_mux_discard(&enc->mux, enc->part);
        encoder_free(enc);
        return st;
    }
    enc->thread_running = true;
    *out = enc;
    return LR_OK;
}

/* Waits for a free pooled frame (the caller's only wait); with `write`,
 * makes sure it has a buffer (made at the first write: frames that are
 * only lent never need one) that the encoder holds no reference to any
 * more. */
static lr_status slot_acquire(lr_encoder *enc, AVFrame **slot, bool write, lr_error *err)
{
    double t0 = now_s();
    pthread_mutex_lock(&enc->lock);
    while (enc->count == enc->nslots && enc->failure == LR_OK)
        pthread_cond_wait(&enc->slot_free, &enc->lock);
    if (enc->failure != LR_OK) {
        lr_status st = lr_error_set(err, enc->failure, "%s", enc->failure_msg);
        pthread_mutex_unlock(&enc->lock);
        return st;
    }
    int index = (enc->head + enc->count) % enc->nslots;
    *slot = enc->slots[index];
    pthread_mutex_unlock(&enc->lock);
    enc->wait_s += now_s() - t0;
    enc->repeats[index] = false;
    enc->loans[index].release = NULL;
    /* Only copies when an encoder kept a reference to a frame sent as is. */
    int ret = !write ? 0 : (*slot)->buf[0] ? av_frame_make_writable(*slot) : av_frame_get_buffer(*slot, 0);
    if (ret < 0)
        return lr_error_set(err, LR_ERR_NOMEM, "%s: out of memory for a frame", enc->path);
    return LR_OK;
}

static void slot_release(lr_encoder *enc)
{
    pthread_mutex_lock(&enc->lock);
    enc->last_slot = (enc->head + enc->count) % enc->nslots;
    enc->count++;
    pthread_cond_signal(&enc->slot_ready);
    pthread_mutex_unlock(&enc->lock);
    enc->pushed++;
}

static void plane_copy(uint8_t *dst, int dst_stride, const uint8_t *src, int src_stride, size_t row_bytes, int rows)
{
    for (int y = 0; y < rows; y++)
        memcpy(dst + (ptrdiff_t)y * dst_stride, src + (ptrdiff_t)y * src_stride, row_bytes);
}

lr_status lr_encoder_push_rgba(lr_encoder *enc, const uint8_t *pixels, int stride, lr_error *err)
{
    if (!enc || !pixels)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_encoder_push_rgba: no encoder or no pixels");
    if (enc->input != LR_FRAME_RGBA)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the encoder was opened for YUV input: use lr_encoder_push_yuv",
                            enc->path);
    size_t row = (size_t)enc->width * 4u;
    if ((size_t)(stride < 0 ? -(ptrdiff_t)stride : stride) < row)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: stride %d is shorter than a row of %zu bytes", enc->path,
                            stride, row);
    AVFrame *slot;
    lr_status st = slot_acquire(enc, &slot, true, err);
    if (st != LR_OK)
        return st;
    plane_copy(slot->data[0], slot->linesize[0], pixels, stride, row, enc->height);
    slot_release(enc);
    return LR_OK;
}

lr_status lr_encoder_lend_rgba(lr_encoder *enc, const uint8_t *pixels, int stride, void (*release)(void *user),
                               void *user, lr_error *err)
{
    if (!release)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_encoder_lend_rgba: no release function");
    lr_status st = LR_OK;
    if (!enc || !pixels || enc->input != LR_FRAME_RGBA || enc->route != ROUTE_CONVERT) {
        /* Nothing to lend to (or taken as is, NVENC, or uploaded, VAAPI):
         * copied now like any push. */
        st = lr_encoder_push_rgba(enc, pixels, stride, err);
        release(user);
        return st;
    }
    size_t row = (size_t)enc->width * 4u;
    if ((size_t)(stride < 0 ? -(ptrdiff_t)stride : stride) < row) {
        release(user);
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: stride %d is shorter than a row of %zu bytes", enc->path,
                            stride, row);
    }
    AVFrame *slot;
    st = slot_acquire(enc, &slot, false, err);
    if (st != LR_OK) {
        release(user);
        return st;
    }
    /* Queued in the same hold of the lock that checks the encoder thread
     * still takes frames: one that has stopped has given back every loan
     * it saw, and sees no more. */
    pthread_mutex_lock(&enc->lock);
    bool refused = enc->drained;
    if (!refused) {
        int index = (enc->head + enc->count) % enc->nslots;
        enc->loans[index] = (slot_loan){pixels, stride, release, user};
        enc->last_slot = index;
        enc->count++;
        pthread_cond_signal(&enc->slot_ready);
    } else {
        st = enc->failure != LR_OK ? lr_error_set(err, enc->failure, "%s", enc->failure_msg)
                                   : lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the encoder is closing", enc->path);
    }
    pthread_mutex_unlock(&enc->lock);
    if (refused) {
        release(user);
        return st;
    }
    enc->pushed++;
    return LR_OK;
}

lr_status lr_encoder_push_yuv(lr_encoder *enc, const uint8_t *const planes[], const int strides[], lr_error *err)
{
    if (!enc || !planes || !strides)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_encoder_push_yuv: no encoder, planes or strides");
    if (enc->input == LR_FRAME_RGBA)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the encoder was opened for RGBA input: use lr_encoder_push_rgba",
                            enc->path);
    int nplanes = enc->input == LR_FRAME_YUV420P ? 3 : 2;
    size_t rows[3] = {(size_t)enc->width, (size_t)enc->width / 2, (size_t)enc->width / 2};
    if (nplanes == 2)
        rows[1] = (size_t)enc->width; /* interleaved U and V */
    for (int i = 0; i < nplanes; i++)
        if (!planes[i] || strides[i] < 0 || (size_t)strides[i] < rows[i])
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: plane %d is missing or its stride %d is under %zu bytes",
                                enc->path, i, strides[i], rows[i]);
    AVFrame *slot;
    lr_status st = slot_acquire(enc, &slot, true, err);
    if (st != LR_OK)
        return st;
    for (int i = 0; i < nplanes; i++)
        plane_copy(slot->data[i], slot->linesize[i], planes[i], strides[i], rows[i],
                   i == 0 ? enc->height : enc->height / 2);
    slot_release(enc);
    return LR_OK;
}

lr_status lr_encoder_push_repeat(lr_encoder *enc, lr_error *err)
{
    if (!enc)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_encoder_push_repeat: no encoder");
    if (enc->pushed == 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: no frame pushed yet to repeat", enc->path);
    /* Converted frames stay in `conv` until the next one is converted: the
     * encoder thread sends that again, or holds it. Frames sent as pushed
     * (YUV) are copied from the slot filled last, which the caller alone
     * writes and the encoder thread at most reads. */
    bool marker = converts(enc);
    AVFrame *slot;
    lr_status st = slot_acquire(enc, &slot, !marker, err);
    if (st != LR_OK)
        return st;
    if (!marker && av_frame_copy(slot, enc->slots[enc->last_slot]) < 0)
        return lr_error_set(err, LR_ERR_ENCODER, "%s: cannot repeat frame %lld", enc->path, (long long)enc->pushed - 1);
    pthread_mutex_lock(&enc->lock);
    enc->repeats[(enc->head + enc->count) % enc->nslots] = true;
    pthread_mutex_unlock(&enc->lock);
    slot_release(enc);
    enc->repeated++;
    return LR_OK;
}

/* Tells the encoder thread to stop (after the queue when `drain`, else now)
 * and waits for it. */
static void thread_stop(lr_encoder *enc, bool drain)
{
    if (!enc->thread_running)
        return;
    pthread_mutex_lock(&enc->lock);
    if (drain)
        enc->closing = true;
    else
        enc->cancelled = true;
    pthread_cond_broadcast(&enc->slot_ready);
    pthread_mutex_unlock(&enc->lock);
    pthread_join(enc->thread, NULL);
    enc->thread_running = false;
}

lr_status lr_encoder_finish(lr_encoder *enc, lr_encoder_stats *stats, lr_error *err)
{
    if (!enc)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_encoder_finish: no encoder");
    thread_stop(enc, true);
    lr_status st = enc->failure;
    if (st == LR_OK && enc->encoded == 0) {
        st = LR_ERR_INVALID_ARG;
        snprintf(enc->failure_msg, sizeof enc->failure_msg, "%s: no frames were pushed, no video written", enc->path);
    }
    if (st != LR_OK) {
        lr_error_set(err, st, "%s", enc->failure_msg);
        lr_mux_discard(&enc->mux, enc->part);
    } else {
        st = lr_mux_commit(&enc->mux, enc->path, enc->part, err);
    }
    if (stats) {
        stats->frames = st == LR_OK ? enc->encoded : 0;
        stats->convert_s = enc->convert_s;
        stats->encode_s = enc->encode_s;
        stats->wait_s = enc->wait_s;
        stats->total_s = now_s() - enc->t_open;
        stats->repeated = enc->repeated;
        stats->held = enc->held_frames;
    }
    encoder_free(enc);
    return st;
}

void lr_encoder_abort(lr_encoder *enc)
{
    if (!enc)
        return;
    thread_stop(enc, false);
    lr_mux_discard(&enc->mux, enc->part);
    encoder_free(enc);
}

const char *lr_encoder_name(const lr_encoder *enc)
{
    return enc ? enc->name : "";
}

const char *lr_encoder_report(const lr_encoder *enc)
{
    return enc ? enc->report : "";
}

int64_t lr_encoder_frames_written(const lr_encoder *enc)
{
    return enc ? enc->pushed : 0;
}

lr_frame_format lr_encoder_native_input(const lr_encoder *enc)
{
    if (!enc)
        return LR_FRAME_RGBA;
    /* The codec context was opened with its pixel format: frames in that
     * format (VAAPI: the surfaces' NV12) need no conversion. */
    if (enc->route == ROUTE_VAAPI)
        return LR_FRAME_NV12;
    switch (enc->codec->pix_fmt) {
    case AV_PIX_FMT_YUV420P: return LR_FRAME_YUV420P;
    case AV_PIX_FMT_NV12: return LR_FRAME_NV12;
    default: return LR_FRAME_RGBA;
    }
}

lr_status lr_encoder_set_input(lr_encoder *enc, lr_frame_format input, lr_error *err)
{
    if (!enc)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_encoder_set_input: no encoder");
    if (input != LR_FRAME_RGBA && input != LR_FRAME_YUV420P && input != LR_FRAME_NV12)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: unknown input format %d", enc->path, (int)input);
    if (input == enc->input)
        return LR_OK;
    if (enc->alpha)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the encoder keeps alpha: its input stays RGBA", enc->path);
    if (enc->pushed > 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the input format can change only before the first frame",
                            enc->path);
    /* The container's colour tags were written with the header: RGB sent as
     * is to NVENC is tagged BT.601 (the driver's matrix), the rest BT.709,
     * so a change between the two would make the tag lie. */
    bool rgb_direct = enc->route == ROUTE_DIRECT && enc->input == LR_FRAME_RGBA;
    /* The codec is open: only its own pixel format goes through as is. */
    enum AVPixelFormat direct = direct_format(enc->codec->codec, input);
    if (direct != enc->codec->pix_fmt)
        direct = AV_PIX_FMT_NONE;
    bool to_rgb_direct = enc->route != ROUTE_VAAPI && input == LR_FRAME_RGBA && direct != AV_PIX_FMT_NONE;
    if (rgb_direct || to_rgb_direct)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: %s cannot switch from %s input to %s after opening",
                            enc->path, enc->name, av_get_pix_fmt_name(enc->in_fmt),
                            input == LR_FRAME_RGBA ? "rgba" : input == LR_FRAME_YUV420P ? "yuv420p" : "nv12");
    /* No frame was pushed, so the encoder thread holds no slot: it touches
     * slots only after a push hands one over under the lock. */
    frames_free(enc);
    enc->input = input;
    enc->in_fmt = input == LR_FRAME_RGBA ? AV_PIX_FMT_RGBA : input == LR_FRAME_YUV420P ? AV_PIX_FMT_YUV420P
                                                                                      : AV_PIX_FMT_NV12;
    if (enc->route != ROUTE_VAAPI)
        enc->route = direct != AV_PIX_FMT_NONE ? ROUTE_DIRECT : ROUTE_CONVERT;
    return frames_setup(enc, err);
}
