/* Tracks encoded ahead of muxing (docs/audio.md): an AAC track from PCM and
 * a mov_text subtitle track from cues, each held as packets, so that a
 * narrated render encodes its audio while the frames are drawn and the
 * final file is written in one pass of packet copies (concat.c). */
#include "encode/encode_internal.h"

#include "core/grow.h"

#include <librender/lr_audio.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>

/* The style block mov_text's encoder parses its cues against (it reads ASS
 * events); the same defaults FFmpeg gives an SRT it converts. */
static const char ass_header[] =
    "[Script Info]\n"
    "ScriptType: v4.00+\n"
    "PlayResX: 384\n"
    "PlayResY: 288\n"
    "\n"
    "[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, "
    "MarginV, Encoding\n"
    "Style: Default,Arial,16,&Hffffff,&Hffffff,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n"
    "\n"
    "[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n";

void lr_packet_track_free(lr_packet_track *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++)
        av_packet_free(&t->packets[i]);
    free(t->packets);
    avcodec_parameters_free(&t->par);
    memset(t, 0, sizeof *t);
}

/* Takes the packet's data (leaves `pkt` blank). */
static lr_status track_append(lr_packet_track *t, AVPacket *pkt, lr_error *err)
{
    AVPacket **p = lr_grow(t->packets, &t->cap, t->count, sizeof *p, 256);
    if (!p)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory (%zu packets)", t->count + 1);
    t->packets = p;
    AVPacket *copy = av_packet_alloc();
    if (!copy)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    av_packet_move_ref(copy, pkt);
    t->packets[t->count++] = copy;
    return LR_OK;
}

/* The stream parameters of an opened encoder, and its time base. */
static lr_status track_start(lr_packet_track *t, const AVCodecContext *enc, lr_error *err)
{
    t->par = avcodec_parameters_alloc();
    if (!t->par || avcodec_parameters_from_context(t->par, enc) < 0)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    t->time_base = enc->time_base;
    return LR_OK;
}

static lr_status drain(AVCodecContext *enc, AVPacket *pkt, lr_packet_track *t, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    int ret;
    while ((ret = avcodec_receive_packet(enc, pkt)) >= 0) {
        lr_status s = track_append(t, pkt, err);
        if (s != LR_OK)
            return s;
    }
    if (ret != AVERROR(EAGAIN) && ret != AVERROR_EOF)
        return lr_error_set(err, LR_ERR_ENCODER, "the %s encoder failed (%s)", enc->codec->name,
                            lr_averror_text(ret, why, sizeof why));
    return LR_OK;
}

static lr_status open_encoder(AVCodecContext *enc, const AVCodec *codec, const char *what, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    int ret = avcodec_open2(enc, codec, NULL);
    if (ret < 0)
        return lr_error_set(err, LR_ERR_ENCODER, "cannot open the %s encoder (%s)", what,
                            lr_averror_text(ret, why, sizeof why));
    return LR_OK;
}

/* Sends samples [from, from + n) of the track (silence past its end). */
static lr_status send_samples(AVCodecContext *enc, AVFrame *frame, const lr_pcm *pcm, int64_t from, int n,
                              lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    av_frame_unref(frame);
    frame->format = enc->sample_fmt; /* mono float, planar or not: the same layout */
    frame->sample_rate = LR_AUDIO_RATE;
    frame->nb_samples = n;
    av_channel_layout_default(&frame->ch_layout, 1);
    if (av_frame_get_buffer(frame, 0) < 0)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    float *dst = (float *)frame->data[0];
    for (int i = 0; i < n; i++) {
        int64_t k = from + i;
        dst[i] = k < (int64_t)pcm->count ? pcm->samples[k] : 0.0f;
    }
    frame->pts = from;
    int ret = avcodec_send_frame(enc, frame);
    if (ret < 0)
        return lr_error_set(err, LR_ERR_ENCODER, "the %s encoder refused a frame (%s)", enc->codec->name,
                            lr_averror_text(ret, why, sizeof why));
    return LR_OK;
}

/* Mono float, planar or interleaved (one channel: the same bytes), or
 * AV_SAMPLE_FMT_NONE. */
static enum AVSampleFormat float_format(const AVCodec *codec)
{
    for (const enum AVSampleFormat *f = codec->sample_fmts; f && *f != AV_SAMPLE_FMT_NONE; f++)
        if (*f == AV_SAMPLE_FMT_FLTP || *f == AV_SAMPLE_FMT_FLT)
            return *f;
    return AV_SAMPLE_FMT_NONE;
}

lr_status lr_packet_track_aac(const lr_pcm *pcm, int64_t samples, const atomic_bool *stop, lr_packet_track *out,
                              lr_error *err)
{
    return lr_packet_track_audio(pcm, samples, "aac", stop, out, err);
}

lr_status lr_packet_track_audio(const lr_pcm *pcm, int64_t samples, const char *encoder, const atomic_bool *stop,
                                lr_packet_track *out, lr_error *err)
{
    memset(out, 0, sizeof *out);
    lr_log_route_ffmpeg();
    if (pcm->count && pcm->rate != LR_AUDIO_RATE)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "the audio track is at %d Hz, expected %d", pcm->rate,
                            LR_AUDIO_RATE);
    const AVCodec *codec = avcodec_find_encoder_by_name(encoder);
    if (!codec)
        return lr_error_set(err, LR_ERR_UNSUPPORTED, "libavcodec has no %s encoder", encoder);
    enum AVSampleFormat fmt = float_format(codec);
    if (fmt == AV_SAMPLE_FMT_NONE)
        return lr_error_set(err, LR_ERR_UNSUPPORTED, "the %s encoder takes no float samples", encoder);
    AVCodecContext *enc = avcodec_alloc_context3(codec);
    AVFrame *frame = av_frame_alloc();
    AVPacket *pkt = av_packet_alloc();
    lr_status s = enc && frame && pkt ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK) {
        enc->sample_fmt = fmt;
        enc->sample_rate = LR_AUDIO_RATE;
        av_channel_layout_default(&enc->ch_layout, 1);
        enc->bit_rate = 96000;
        enc->time_base = (AVRational){1, LR_AUDIO_RATE};
        /* MP4 keeps the decoder configuration in the sample description,
         * WebM in the track's CodecPrivate. */
        enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        s = open_encoder(enc, codec, codec->name, err);
    }
    if (s == LR_OK)
        s = track_start(out, enc, err);
    /* Whole frames, then the short frame that ends the track (the encoder
     * takes a short frame only at the very end), then the flush. */
    int fs = s == LR_OK && enc->frame_size > 0 ? enc->frame_size : 1024;
    for (int64_t at = 0; s == LR_OK && at < samples; at += fs) {
        if (stop && atomic_load(stop))
            s = lr_error_set(err, LR_ERR_CANCELLED, "audio encoding cancelled");
        if (s == LR_OK)
            s = send_samples(enc, frame, pcm, at, samples - at < fs ? (int)(samples - at) : fs, err);
        if (s == LR_OK)
            s = drain(enc, pkt, out, err);
    }
    if (s == LR_OK)
        s = avcodec_send_frame(enc, NULL) < 0
                ? lr_error_set(err, LR_ERR_ENCODER, "cannot flush the %s encoder", codec->name)
                : drain(enc, pkt, out, err);
    if (s != LR_OK)
        lr_packet_track_free(out);
    av_packet_free(&pkt);
    av_frame_free(&frame);
    avcodec_free_context(&enc);
    return s;
}

/* The cue text as an ASS event line: braces and backslashes would be read
 * as override codes, line breaks as the end of the event. */
static char *ass_event(const char *text)
{
    static const char prefix[] = "0,0,Default,,0,0,0,,";
    size_t n = strlen(text);
    char *s = malloc(sizeof prefix + n);
    if (!s)
        return NULL;
    memcpy(s, prefix, sizeof prefix - 1);
    char *d = s + sizeof prefix - 1;
    for (const char *p = text; *p; p++)
        *d++ = *p == '{' ? '(' : *p == '}' ? ')' : *p == '\\' ? '/' : (*p == '\n' || *p == '\r') ? ' ' : *p;
    *d = 0;
    return s;
}

static lr_status encode_cue(AVCodecContext *enc, const lr_cue *cue, size_t index, AVPacket *pkt, lr_packet_track *t,
                            lr_error *err)
{
    uint8_t buf[8192];
    int64_t start = llround(cue->start * 1000), end = llround(cue->end * 1000);
    if (end <= start)
        return LR_OK;
    char *ev = ass_event(cue->text ? cue->text : "");
    if (!ev)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    AVSubtitleRect rect = {0};
    AVSubtitleRect *rects[1] = {&rect};
    rect.type = SUBTITLE_ASS;
    rect.ass = ev;
    AVSubtitle sub = {0};
    sub.num_rects = 1;
    sub.rects = rects;
    sub.end_display_time = (uint32_t)(end - start);
    sub.pts = av_rescale_q(start, (AVRational){1, 1000}, AV_TIME_BASE_Q);
    int size = avcodec_encode_subtitle(enc, buf, sizeof buf, &sub);
    free(ev);
    if (size < 0)
        return lr_error_set(err, LR_ERR_ENCODER, "cannot encode subtitle %zu", index + 1);
    av_packet_unref(pkt);
    if (av_new_packet(pkt, size) < 0)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    memcpy(pkt->data, buf, (size_t)size);
    pkt->pts = pkt->dts = start;
    pkt->duration = end - start;
    return track_append(t, pkt, err);
}

lr_status lr_packet_track_cues(const lr_cue *cues, size_t n, lr_packet_track *out, lr_error *err)
{
    memset(out, 0, sizeof *out);
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_MOV_TEXT);
    if (!codec)
        return lr_error_set(err, LR_ERR_UNSUPPORTED, "libavcodec has no mov_text encoder");
    AVCodecContext *enc = avcodec_alloc_context3(codec);
    AVPacket *pkt = av_packet_alloc();
    lr_status s = enc && pkt ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK) {
        enc->time_base = (AVRational){1, 1000};
        enc->subtitle_header = av_malloc(sizeof ass_header);
        if (!enc->subtitle_header)
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    if (s == LR_OK) {
        memcpy(enc->subtitle_header, ass_header, sizeof ass_header);
        enc->subtitle_header_size = (int)sizeof ass_header - 1;
        s = open_encoder(enc, codec, "mov_text", err);
    }
    if (s == LR_OK)
        s = track_start(out, enc, err);
    out->language = "und";
    for (size_t i = 0; s == LR_OK && i < n; i++)
        s = encode_cue(enc, &cues[i], i, pkt, out, err);
    if (s != LR_OK)
        lr_packet_track_free(out);
    av_packet_free(&pkt);
    avcodec_free_context(&enc);
    return s;
}

/* Samples of audio as long as the video stream of `path` (an MP4). */
static lr_status video_samples(const char *path, int64_t *samples, lr_error *err)
{
    AVFormatContext *in;
    int v;
    lr_status s = lr_video_input_open(path, &in, &v, err);
    if (s != LR_OK)
        return s;
    if (in->streams[v]->duration == AV_NOPTS_VALUE)
        s = lr_error_set(err, LR_ERR_ENCODER, "%s: the video stream has no duration", path);
    else
        *samples = av_rescale_q_rnd(in->streams[v]->duration, in->streams[v]->time_base, (AVRational){1, LR_AUDIO_RATE},
                                    AV_ROUND_NEAR_INF);
    avformat_close_input(&in);
    return s;
}

lr_status lr_audio_mux(const char *video, const lr_pcm *track, const lr_cue *cues, size_t ncues, const char *output,
                       lr_error *err)
{
    if (!video || !track || !output || (ncues && !cues))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_audio_mux: bad arguments");
    /* The audio lasts exactly as long as the video: padded or cut. */
    int64_t samples = 0;
    lr_status s = video_samples(video, &samples, err);
    lr_packet_track aac = {0}, subs = {0};
    if (s == LR_OK)
        s = lr_packet_track_aac(track, samples, NULL, &aac, err);
    if (s == LR_OK && ncues)
        s = lr_packet_track_cues(cues, ncues, &subs, err);
    const lr_packet_track *tracks[2] = {&aac, &subs};
    if (s == LR_OK)
        s = lr_mux_join(&video, 1, tracks, ncues ? 2 : 1, output, NULL, err);
    lr_packet_track_free(&aac);
    lr_packet_track_free(&subs);
    return s;
}
