/* GIF from clips (c2v-render's .gif, Manim's --format gif): two passes over
 * the decoded frames, first through libavfilter's palettegen, which makes
 * one 256-colour palette from every frame's colours, then through
 * paletteuse with that palette (error diffusion, only the changed rectangle
 * of each frame) into FFmpeg's GIF encoder and muxer, looping forever.
 * Decoding the clips twice keeps memory to a frame or two whatever the
 * length; they are lossless (QuickTime Animation), so the palette is made
 * from the frames as drawn.
 *
 * libavfilter is opened here, when a GIF is written (core/dynlib.h): linked,
 * Debian's cost every c2v-render run tens of milliseconds of start-up for
 * its forty libraries (flite, rubberband, libplacebo, ...). */
#include "core/dynlib.h"
#include "encode/encode_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavutil/macros.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>

/* The libavfilter functions used, as X(name); each becomes a member of
 * filter_api typed from the header's own prototype. */
#define FILTER_FUNCTIONS(X)                                                                                        \
    X(avfilter_graph_alloc)                                                                                        \
    X(avfilter_graph_parse2)                                                                                       \
    X(avfilter_graph_config)                                                                                       \
    X(avfilter_graph_get_filter)                                                                                   \
    X(avfilter_graph_free)                                                                                         \
    X(avfilter_inout_free)                                                                                         \
    X(av_buffersrc_add_frame)                                                                                      \
    X(av_buffersrc_add_frame_flags)                                                                                \
    X(av_buffersink_get_frame)

/* The soname the headers were built against, so the functions' types hold. */
#define FILTER_LIBRARY "libavfilter.so." AV_STRINGIFY(LIBAVFILTER_VERSION_MAJOR)

typedef struct filter_api {
    void *lib;
    FILTER_FUNCTIONS(LR_DYNLIB_MEMBER)
} filter_api;

#define FILTER_SYMBOL(name) LR_DYNLIB_SYMBOL(filter_api, name)
static const lr_dynlib_symbol filter_symbols[] = {FILTER_FUNCTIONS(FILTER_SYMBOL)};

/* The clips' frames one after another. */
typedef struct frame_source {
    const char *const *clips;
    size_t n, next;
    AVFormatContext *in;
    int stream;
    AVCodecContext *dec;
    AVPacket *pkt;
    bool draining; /* the open clip is read: its decoder is being flushed */
} frame_source;

static void source_close(frame_source *src)
{
    avcodec_free_context(&src->dec);
    avformat_close_input(&src->in);
    src->draining = false;
}

static lr_status source_open_next(frame_source *src, lr_error *err)
{
    const char *path = src->clips[src->next++];
    lr_status s = lr_video_input_open(path, &src->in, &src->stream, err);
    if (s != LR_OK)
        return s;
    const AVCodecParameters *par = src->in->streams[src->stream]->codecpar;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    src->dec = codec ? avcodec_alloc_context3(codec) : NULL;
    if (!src->dec || avcodec_parameters_to_context(src->dec, par) < 0 || avcodec_open2(src->dec, codec, NULL) < 0)
        return lr_error_set(err, LR_ERR_ENCODER, "%s: cannot decode its video", path);
    return LR_OK;
}

/* The next frame into `out`; *done when every clip is through. */
static lr_status source_next(frame_source *src, AVFrame *out, bool *done, lr_error *err)
{
    *done = false;
    for (;;) {
        if (!src->dec) {
            if (src->next == src->n) {
                *done = true;
                return LR_OK;
            }
            lr_status s = source_open_next(src, err);
            if (s != LR_OK)
                return s;
        }
        int ret = avcodec_receive_frame(src->dec, out);
        if (ret >= 0)
            return LR_OK;
        if (ret == AVERROR_EOF) {
            source_close(src);
            continue;
        }
        if (ret != AVERROR(EAGAIN))
            return lr_error_set(err, LR_ERR_ENCODER, "%s: cannot decode a frame", src->clips[src->next - 1]);
        if (src->draining)
            continue;
        ret = av_read_frame(src->in, src->pkt);
        if (ret == AVERROR_EOF) {
            src->draining = true;
            avcodec_send_packet(src->dec, NULL);
            continue;
        }
        if (ret < 0)
            return lr_error_set(err, LR_ERR_IO, "%s: cannot read", src->clips[src->next - 1]);
        if (src->pkt->stream_index == src->stream)
            ret = avcodec_send_packet(src->dec, src->pkt);
        av_packet_unref(src->pkt);
        if (ret < 0)
            return lr_error_set(err, LR_ERR_ENCODER, "%s: cannot decode a packet", src->clips[src->next - 1]);
    }
}

/* A configured graph from `desc`, whose filters named buffer@in (and
 * buffer@pal) and buffersink@out are looked up by the caller. */
static lr_status graph_make(const filter_api *fa, const char *desc, AVFilterGraph **out, const char *output,
                            lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    AVFilterGraph *g = fa->avfilter_graph_alloc();
    if (!g)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    AVFilterInOut *ins = NULL, *outs = NULL;
    int ret = fa->avfilter_graph_parse2(g, desc, &ins, &outs);
    fa->avfilter_inout_free(&ins);
    fa->avfilter_inout_free(&outs);
    if (ret >= 0)
        ret = fa->avfilter_graph_config(g, NULL);
    if (ret < 0) {
        fa->avfilter_graph_free(&g);
        return lr_error_set(err, LR_ERR_ENCODER, "%s: cannot set up the GIF palette filters (%s)", output,
                            lr_averror_text(ret, why, sizeof why));
    }
    *out = g;
    return LR_OK;
}

/* Every frame into `in`, each frame the sink gives to `take` (NULL: the
 * last one kept in *last, pass 1's palette). */
typedef lr_status (*frame_take)(void *user, AVFrame *frame, lr_error *err);

static lr_status run_frames(const filter_api *fa, frame_source *src, AVFilterContext *in, AVFilterContext *sink,
                            frame_take take, void *user, AVFrame **last, const char *output, lr_error *err)
{
    AVFrame *f = av_frame_alloc(), *o = av_frame_alloc();
    lr_status s = f && o ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    int64_t k = 0;
    bool done = false;
    while (s == LR_OK) {
        if (!done) {
            s = source_next(src, f, &done, err);
            if (s != LR_OK)
                break;
            if (!done) {
                f->pts = k++; /* constant rate: the clips' own times are not needed */
                f->pict_type = AV_PICTURE_TYPE_NONE;
            }
            if (fa->av_buffersrc_add_frame_flags(in, done ? NULL : f, 0) < 0) {
                s = lr_error_set(err, LR_ERR_ENCODER, "%s: the palette filter refused frame %lld", output,
                                 (long long)k);
                break;
            }
        }
        int ret;
        while ((ret = fa->av_buffersink_get_frame(sink, o)) >= 0 && s == LR_OK) {
            if (take) {
                s = take(user, o, err);
                av_frame_unref(o);
            } else {
                av_frame_free(last);
                *last = av_frame_clone(o);
                av_frame_unref(o);
            }
        }
        if (ret == AVERROR_EOF)
            break;
        if (ret != AVERROR(EAGAIN) && s == LR_OK)
            s = lr_error_set(err, LR_ERR_ENCODER, "%s: the palette filters failed", output);
    }
    av_frame_free(&f);
    av_frame_free(&o);
    return s;
}

typedef struct gif_out {
    AVCodecContext *enc;
    AVFormatContext *mux;
    AVStream *st;
    AVPacket *pkt;
    const char *output;
} gif_out;

static lr_status gif_drain(gif_out *g, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    int ret;
    while ((ret = avcodec_receive_packet(g->enc, g->pkt)) >= 0) {
        if (g->pkt->duration == 0)
            g->pkt->duration = 1;
        av_packet_rescale_ts(g->pkt, g->enc->time_base, g->st->time_base);
        g->pkt->stream_index = g->st->index;
        ret = av_interleaved_write_frame(g->mux, g->pkt);
        if (ret < 0)
            return lr_error_set(err, LR_ERR_IO, "%s: cannot write (%s)", g->output,
                                lr_averror_text(ret, why, sizeof why));
    }
    if (ret != AVERROR(EAGAIN) && ret != AVERROR_EOF)
        return lr_error_set(err, LR_ERR_ENCODER, "%s: the GIF encoder failed (%s)", g->output,
                            lr_averror_text(ret, why, sizeof why));
    return LR_OK;
}

static lr_status gif_take(void *user, AVFrame *frame, lr_error *err)
{
    gif_out *g = user;
    if (avcodec_send_frame(g->enc, frame) < 0)
        return lr_error_set(err, LR_ERR_ENCODER, "%s: the GIF encoder refused a frame", g->output);
    return gif_drain(g, err);
}

static lr_status gif_open(gif_out *g, const char *part, int w, int h, int fps, lr_error *err)
{
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_GIF);
    if (!codec)
        return lr_error_set(err, LR_ERR_UNSUPPORTED, "%s: this FFmpeg has no GIF encoder", g->output);
    g->enc = avcodec_alloc_context3(codec);
    g->pkt = av_packet_alloc();
    if (!g->enc || !g->pkt)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    g->enc->width = w;
    g->enc->height = h;
    g->enc->pix_fmt = AV_PIX_FMT_PAL8;
    g->enc->time_base = (AVRational){1, fps};
    g->enc->framerate = (AVRational){fps, 1};
    if (avcodec_open2(g->enc, codec, NULL) < 0)
        return lr_error_set(err, LR_ERR_ENCODER, "%s: cannot open the GIF encoder", g->output);
    lr_status s = lr_mux_create(g->output, part, "gif", &g->mux, err);
    if (s != LR_OK)
        return s;
    av_opt_set_int(g->mux->priv_data, "loop", 0, 0); /* 0: for ever */
    g->st = avformat_new_stream(g->mux, NULL);
    if (!g->st || avcodec_parameters_from_context(g->st->codecpar, g->enc) < 0)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    g->st->time_base = (AVRational){1, 100}; /* GIF counts delays in hundredths of a second */
    g->st->avg_frame_rate = g->enc->framerate;
    return lr_mux_start(g->mux, g->output, err);
}

lr_status lr_gif_write(const char *const *clips, size_t n, const char *output, lr_error *err)
{
    if (!clips || n == 0 || !output)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "GIF: no clips or no output");
    lr_log_route_ffmpeg();
    /* The size, pixel format and rate come from the first clip. */
    AVFormatContext *probe = NULL;
    int vs = 0;
    lr_status s = lr_video_input_open(clips[0], &probe, &vs, err);
    if (s != LR_OK)
        return s;
    const AVCodecParameters *par = probe->streams[vs]->codecpar;
    AVRational rate = probe->streams[vs]->avg_frame_rate;
    int w = par->width, h = par->height, fps = rate.den > 0 ? (int)((rate.num + rate.den / 2) / rate.den) : 0;
    const char *pix = av_get_pix_fmt_name((enum AVPixelFormat)par->format);
    char pixname[32];
    snprintf(pixname, sizeof pixname, "%s", pix ? pix : "rgb24");
    avformat_close_input(&probe);
    if (w <= 0 || h <= 0 || fps <= 0)
        return lr_error_set(err, LR_ERR_ENCODER, "%s: no frame size or rate", clips[0]);

    char desc[1024];
    char src_args[256];
    snprintf(src_args, sizeof src_args, "video_size=%dx%d:pix_fmt=%s:time_base=1/%d:pixel_aspect=1/1", w, h, pixname,
             fps);
    frame_source src = {.clips = clips, .n = n, .pkt = av_packet_alloc()};
    if (!src.pkt)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    filter_api api;
    const filter_api *fa = &api;
    char needed_for[512];
    snprintf(needed_for, sizeof needed_for, "%s: a GIF", output);
    s = LR_DYNLIB_OPEN(FILTER_LIBRARY, filter_symbols, &api, needed_for, err);
    if (s != LR_OK) {
        av_packet_free(&src.pkt);
        return s;
    }

    /* Pass 1: the palette. */
    AVFilterGraph *g1 = NULL;
    AVFrame *palette = NULL;
    snprintf(desc, sizeof desc, "buffer@in=%s,palettegen=stats_mode=full,buffersink@out", src_args);
    s = graph_make(fa, desc, &g1, output, err);
    if (s == LR_OK)
        s = run_frames(fa, &src, fa->avfilter_graph_get_filter(g1, "buffer@in"),
                       fa->avfilter_graph_get_filter(g1, "buffersink@out"), NULL, NULL, &palette, output, err);
    fa->avfilter_graph_free(&g1);
    source_close(&src);
    if (s == LR_OK && !palette)
        s = lr_error_set(err, LR_ERR_ENCODER, "%s: no palette was made", output);

    /* Pass 2: the frames in that palette, encoded. */
    AVFilterGraph *g2 = NULL;
    char *part = s == LR_OK ? lr_part_path_make(output) : NULL;
    gif_out out = {.output = output};
    if (s == LR_OK && !part)
        s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK) {
        const char *pal_fmt = av_get_pix_fmt_name((enum AVPixelFormat)palette->format);
        snprintf(desc, sizeof desc,
                 "buffer@in=%s[v];buffer@pal=video_size=%dx%d:pix_fmt=%s:time_base=1/%d:pixel_aspect=1/1[p];"
                 "[v][p]paletteuse=dither=sierra2_4a:diff_mode=rectangle,buffersink@out",
                 src_args, palette->width, palette->height, pal_fmt ? pal_fmt : "bgra", fps);
        s = graph_make(fa, desc, &g2, output, err);
    }
    if (s == LR_OK) {
        AVFilterContext *pal_in = fa->avfilter_graph_get_filter(g2, "buffer@pal");
        palette->pts = 0;
        if (fa->av_buffersrc_add_frame(pal_in, palette) < 0 || fa->av_buffersrc_add_frame(pal_in, NULL) < 0)
            s = lr_error_set(err, LR_ERR_ENCODER, "%s: the palette filter refused the palette", output);
    }
    if (s == LR_OK)
        s = gif_open(&out, part, w, h, fps, err);
    src.next = 0;
    if (s == LR_OK)
        s = run_frames(fa, &src, fa->avfilter_graph_get_filter(g2, "buffer@in"),
                       fa->avfilter_graph_get_filter(g2, "buffersink@out"), gif_take, &out, NULL, output, err);
    if (s == LR_OK)
        s = avcodec_send_frame(out.enc, NULL) < 0 ? lr_error_set(err, LR_ERR_ENCODER, "%s: cannot flush", output)
                                                  : gif_drain(&out, err);
    if (s == LR_OK)
        s = lr_mux_commit(&out.mux, output, part, err);
    else if (part)
        lr_mux_discard(&out.mux, part);
    source_close(&src);
    av_packet_free(&src.pkt);
    fa->avfilter_graph_free(&g2);
    lr_dynlib_close(api.lib);
    av_frame_free(&palette);
    avcodec_free_context(&out.enc);
    av_packet_free(&out.pkt);
    lr_mux_discard(&out.mux, NULL);
    free(part);
    return s;
}
