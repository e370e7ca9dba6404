/* A narrated MP4: the video stream of a finished file copied packet by
 * packet, an AAC track encoded from PCM alongside it, and an optional
 * mov_text subtitle track. Audio is encoded as the video is copied, so the
 * interleaving queue stays short whatever the length. */
#include "encode/encode_internal.h"

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

typedef struct amux {
    const char *output;
    AVFormatContext *out;
    AVCodecContext *aenc, *senc;
    AVStream *vst, *ast, *sst;
    AVFrame *frame;
    AVPacket *pkt;
    const lr_pcm *track;
    int64_t next_sample; /* the first sample not yet sent to the encoder */
    lr_error *err;
} amux;

static lr_status write_packets(amux *m, AVCodecContext *enc, AVStream *st)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    int ret;
    while ((ret = avcodec_receive_packet(enc, m->pkt)) >= 0) {
        av_packet_rescale_ts(m->pkt, enc->time_base, st->time_base);
        m->pkt->stream_index = st->index;
        ret = av_interleaved_write_frame(m->out, m->pkt);
        if (ret < 0)
            return lr_error_set(m->err, LR_ERR_IO, "%s: cannot write audio (%s)", m->output,
                                lr_averror_text(ret, why, sizeof why));
    }
    if (ret != AVERROR(EAGAIN) && ret != AVERROR_EOF)
        return lr_error_set(m->err, LR_ERR_ENCODER, "%s: the AAC encoder failed (%s)", m->output,
                            lr_averror_text(ret, why, sizeof why));
    return LR_OK;
}

/* Encodes the track in whole frames up to sample `until` (silence past its
 * end); with `last`, the short frame that ends the track too (the encoder
 * takes a short frame only at the very end). */
static lr_status encode_until(amux *m, int64_t until, bool last)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    int fs = m->aenc->frame_size > 0 ? m->aenc->frame_size : 1024;
    while (m->next_sample < until) {
        int n = until - m->next_sample < fs ? (int)(until - m->next_sample) : fs;
        if (n < fs && !last)
            return LR_OK;
        av_frame_unref(m->frame);
        m->frame->format = AV_SAMPLE_FMT_FLTP;
        m->frame->sample_rate = LR_AUDIO_RATE;
        m->frame->nb_samples = n;
        av_channel_layout_default(&m->frame->ch_layout, 1);
        int ret = av_frame_get_buffer(m->frame, 0);
        if (ret < 0)
            return lr_error_set(m->err, LR_ERR_NOMEM, "out of memory");
        float *dst = (float *)m->frame->data[0];
        for (int i = 0; i < n; i++) {
            int64_t k = m->next_sample + i;
            dst[i] = k < (int64_t)m->track->count ? m->track->samples[k] : 0.0f;
        }
        m->frame->pts = m->next_sample;
        m->next_sample += n;
        ret = avcodec_send_frame(m->aenc, m->frame);
        if (ret < 0)
            return lr_error_set(m->err, LR_ERR_ENCODER, "%s: the AAC encoder refused a frame (%s)", m->output,
                                lr_averror_text(ret, why, sizeof why));
        lr_status s = write_packets(m, m->aenc, m->ast);
        if (s != LR_OK)
            return s;
    }
    return LR_OK;
}

/* Opens `enc` and gives stream `st` its parameters and time base; `what`
 * names the encoder in the error. */
static lr_status open_stream_encoder(amux *m, AVCodecContext *enc, const AVCodec *codec, AVStream *st,
                                     const char *what)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    int ret = avcodec_open2(enc, codec, NULL);
    if (ret >= 0)
        ret = avcodec_parameters_from_context(st->codecpar, enc);
    if (ret < 0)
        return lr_error_set(m->err, LR_ERR_ENCODER, "%s: cannot open the %s encoder (%s)", m->output, what,
                            lr_averror_text(ret, why, sizeof why));
    st->time_base = enc->time_base;
    return LR_OK;
}

static lr_status open_audio(amux *m)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("aac");
    if (!codec)
        return lr_error_set(m->err, LR_ERR_UNSUPPORTED, "libavcodec has no native aac encoder");
    m->aenc = avcodec_alloc_context3(codec);
    m->ast = avformat_new_stream(m->out, NULL);
    if (!m->aenc || !m->ast)
        return lr_error_set(m->err, LR_ERR_NOMEM, "out of memory");
    m->aenc->sample_fmt = AV_SAMPLE_FMT_FLTP;
    m->aenc->sample_rate = LR_AUDIO_RATE;
    av_channel_layout_default(&m->aenc->ch_layout, 1);
    m->aenc->bit_rate = 96000;
    m->aenc->time_base = (AVRational){1, LR_AUDIO_RATE};
    if (m->out->oformat->flags & AVFMT_GLOBALHEADER)
        m->aenc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    return open_stream_encoder(m, m->aenc, codec, m->ast, "AAC");
}

static lr_status open_subtitles(amux *m)
{
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_MOV_TEXT);
    if (!codec)
        return lr_error_set(m->err, LR_ERR_UNSUPPORTED, "libavcodec has no mov_text encoder");
    m->senc = avcodec_alloc_context3(codec);
    m->sst = avformat_new_stream(m->out, NULL);
    if (!m->senc || !m->sst)
        return lr_error_set(m->err, LR_ERR_NOMEM, "out of memory");
    m->senc->time_base = (AVRational){1, 1000};
    m->senc->subtitle_header = av_malloc(sizeof ass_header);
    if (!m->senc->subtitle_header)
        return lr_error_set(m->err, LR_ERR_NOMEM, "out of memory");
    memcpy(m->senc->subtitle_header, ass_header, sizeof ass_header);
    m->senc->subtitle_header_size = (int)sizeof ass_header - 1;
    lr_status s = open_stream_encoder(m, m->senc, codec, m->sst, "mov_text");
    if (s == LR_OK)
        av_dict_set(&m->sst->metadata, "language", "und", 0);
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

static lr_status write_cues(amux *m, const lr_cue *cues, size_t n)
{
    uint8_t buf[8192];
    for (size_t i = 0; i < n; i++) {
        int64_t start = llround(cues[i].start * 1000), end = llround(cues[i].end * 1000);
        if (end <= start)
            continue;
        char *ev = ass_event(cues[i].text ? cues[i].text : "");
        if (!ev)
            return lr_error_set(m->err, LR_ERR_NOMEM, "out of memory");
        AVSubtitleRect rect = {0};
        AVSubtitleRect *rects[1] = {&rect};
        rect.type = SUBTITLE_ASS;
        rect.ass = ev;
        AVSubtitle sub = {0};
        sub.num_rects = 1;
        sub.rects = rects;
        sub.end_display_time = (uint32_t)(end - start);
        sub.pts = av_rescale_q(start, (AVRational){1, 1000}, AV_TIME_BASE_Q);
        int size = avcodec_encode_subtitle(m->senc, buf, sizeof buf, &sub);
        free(ev);
        if (size < 0)
            return lr_error_set(m->err, LR_ERR_ENCODER, "%s: cannot encode subtitle %zu", m->output, i + 1);
        av_packet_unref(m->pkt);
        if (av_new_packet(m->pkt, size) < 0)
            return lr_error_set(m->err, LR_ERR_NOMEM, "out of memory");
        memcpy(m->pkt->data, buf, (size_t)size);
        m->pkt->pts = m->pkt->dts = start;
        m->pkt->duration = end - start;
        m->pkt->stream_index = m->sst->index;
        av_packet_rescale_ts(m->pkt, m->senc->time_base, m->sst->time_base);
        int ret = av_interleaved_write_frame(m->out, m->pkt);
        if (ret < 0)
            return lr_error_set(m->err, LR_ERR_IO, "%s: cannot write subtitles", m->output);
    }
    return LR_OK;
}

lr_status lr_audio_mux(const char *video, const lr_pcm *track, const lr_cue *cues, size_t ncues, const char *output,
                       lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    if (!video || !track || !output || (ncues && !cues))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_audio_mux: bad arguments");
    if (track->count && track->rate != LR_AUDIO_RATE)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_audio_mux: the track is at %d Hz, expected %d", track->rate,
                            LR_AUDIO_RATE);
    AVFormatContext *in = NULL;
    int ret = avformat_open_input(&in, video, NULL, NULL);
    if (ret < 0)
        return lr_error_set(err, LR_ERR_IO, "%s: cannot open video (%s)", video, lr_averror_text(ret, why, sizeof why));
    int vidx = avformat_find_stream_info(in, NULL);
    if (vidx >= 0)
        vidx = av_find_best_stream(in, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (vidx < 0) {
        avformat_close_input(&in);
        return lr_error_set(err, LR_ERR_ENCODER, "%s: no video stream", video);
    }
    AVStream *ist = in->streams[vidx];
    amux m = {.output = output, .track = track, .err = err};
    char *part = lr_part_path_make(output);
    lr_status s = part ? lr_mux_create(output, part, &m.out, err) : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK) {
        m.vst = avformat_new_stream(m.out, NULL);
        if (!m.vst || avcodec_parameters_copy(m.vst->codecpar, ist->codecpar) < 0)
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    if (s == LR_OK) {
        m.vst->codecpar->codec_tag = 0;
        m.vst->time_base = ist->time_base;
        m.vst->avg_frame_rate = ist->avg_frame_rate;
        m.vst->r_frame_rate = ist->r_frame_rate;
        m.frame = av_frame_alloc();
        m.pkt = av_packet_alloc();
        if (!m.frame || !m.pkt)
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    if (s == LR_OK)
        s = open_audio(&m);
    if (s == LR_OK && ncues)
        s = open_subtitles(&m);
    if (s == LR_OK)
        s = lr_mux_start(m.out, output, err);
    if (s == LR_OK && ncues)
        s = write_cues(&m, cues, ncues);

    /* Copy the video; before each packet, encode the audio up to its time. */
    int64_t start = ist->start_time != AV_NOPTS_VALUE ? ist->start_time : 0;
    int64_t video_end = 0; /* in the input's time base, from its start */
    AVPacket *vp = av_packet_alloc();
    if (s == LR_OK && !vp)
        s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    while (s == LR_OK) {
        ret = av_read_frame(in, vp);
        if (ret == AVERROR_EOF)
            break;
        if (ret < 0) {
            s = lr_error_set(err, LR_ERR_IO, "%s: cannot read (%s)", video, lr_averror_text(ret, why, sizeof why));
            break;
        }
        if (vp->stream_index != vidx) {
            av_packet_unref(vp);
            continue;
        }
        if (vp->pts != AV_NOPTS_VALUE && vp->pts - start + vp->duration > video_end)
            video_end = vp->pts - start + vp->duration;
        if (vp->dts != AV_NOPTS_VALUE)
            s = encode_until(&m, av_rescale_q(vp->dts - start, ist->time_base, (AVRational){1, LR_AUDIO_RATE}), false);
        vp->pts = vp->pts != AV_NOPTS_VALUE ? vp->pts - start : vp->pts;
        vp->dts = vp->dts != AV_NOPTS_VALUE ? vp->dts - start : vp->dts;
        av_packet_rescale_ts(vp, ist->time_base, m.vst->time_base);
        vp->stream_index = m.vst->index;
        vp->pos = -1;
        if (s == LR_OK && (ret = av_interleaved_write_frame(m.out, vp)) < 0)
            s = lr_error_set(err, LR_ERR_IO, "%s: cannot write (%s)", output, lr_averror_text(ret, why, sizeof why));
        av_packet_unref(vp);
    }
    av_packet_free(&vp);
    /* The audio lasts exactly as long as the video: pad or cut, then drain. */
    int64_t total = av_rescale_q_rnd(video_end, ist->time_base, (AVRational){1, LR_AUDIO_RATE}, AV_ROUND_NEAR_INF);
    if (s == LR_OK)
        s = encode_until(&m, total, true);
    if (s == LR_OK) {
        ret = avcodec_send_frame(m.aenc, NULL);
        s = ret < 0 ? lr_error_set(err, LR_ERR_ENCODER, "%s: cannot flush the AAC encoder", output)
                    : write_packets(&m, m.aenc, m.ast);
    }
    if (s == LR_OK)
        s = lr_mux_commit(&m.out, output, part, err);
    else
        lr_mux_discard(&m.out, part);
    av_frame_free(&m.frame);
    av_packet_free(&m.pkt);
    avcodec_free_context(&m.aenc);
    avcodec_free_context(&m.senc);
    avformat_close_input(&in);
    free(part);
    return s;
}
