/* Joining clips: packets are copied, only their timestamps move. Tracks
 * encoded ahead (audio, subtitles) are interleaved with the video as it is
 * copied, so a narrated video is written in one pass. */
#include "encode/encode_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>

/* A track being added: its output stream and the next packet to write. */
typedef struct extra {
    const lr_packet_track *track;
    AVStream *st;
    size_t next;
} extra;

typedef struct clip {
    AVFormatContext *in;
    int stream;
} clip;

/* Packet copy is only valid when a decoder set up for the first clip can
 * decode them all: same codec, size, pixel format and parameter sets. */
static bool params_match(const AVCodecParameters *a, const AVCodecParameters *b)
{
    return a->codec_id == b->codec_id && a->width == b->width && a->height == b->height && a->format == b->format &&
           a->extradata_size == b->extradata_size &&
           (a->extradata_size == 0 || memcmp(a->extradata, b->extradata, (size_t)a->extradata_size) == 0);
}

/* Writes the tracks' packets whose decoding time is at or before `upto`
 * (in `tb`); INT64_MAX writes the rest. */
static lr_status write_extras(AVFormatContext *mux, const char *out_path, extra *extras, size_t n, int64_t upto,
                              AVRational tb, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    AVPacket *pkt = NULL;
    lr_status st = LR_OK;
    for (size_t i = 0; i < n && st == LR_OK; i++) {
        extra *x = &extras[i];
        while (x->next < x->track->count && st == LR_OK) {
            const AVPacket *src = x->track->packets[x->next];
            int64_t t = src->dts != AV_NOPTS_VALUE ? src->dts : src->pts;
            if (upto != INT64_MAX && av_compare_ts(t, x->track->time_base, upto, tb) > 0)
                break;
            if (!pkt && !(pkt = av_packet_alloc()))
                return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
            if (av_packet_ref(pkt, src) < 0) {
                st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
                break;
            }
            av_packet_rescale_ts(pkt, x->track->time_base, x->st->time_base);
            pkt->stream_index = x->st->index;
            int ret = av_interleaved_write_frame(mux, pkt);
            if (ret < 0)
                st = lr_error_set(err, LR_ERR_IO, "%s: cannot write (%s)", out_path,
                                  lr_averror_text(ret, why, sizeof why));
            x->next++;
        }
    }
    av_packet_free(&pkt);
    return st;
}

/* Copies every packet of clip `c` to the output stream, shifted so that the
 * clip starts at *offset (in the output time base); advances *offset by the
 * clip's length. */
static bool join_goes_on(const lr_join_hooks *hooks)
{
    return !hooks || !hooks->go_on || hooks->go_on(hooks->user);
}

static lr_status join_cancelled(const char *out_path, lr_error *err)
{
    return lr_error_set(err, LR_ERR_CANCELLED, "%s: joining the clips was cancelled", out_path);
}

static lr_status clip_copy(const char *path, const char *out_path, clip *c, AVFormatContext *mux, AVStream *ost,
                           int64_t *offset, extra *extras, size_t nextras, const lr_join_hooks *hooks, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    AVStream *ist = c->in->streams[c->stream];
    int64_t start = ist->start_time != AV_NOPTS_VALUE ? av_rescale_q(ist->start_time, ist->time_base, ost->time_base)
                                                      : 0;
    int64_t end = *offset;
    AVPacket *pkt = av_packet_alloc();
    if (!pkt)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    lr_status st = LR_OK;
    for (unsigned k = 1;; k++) {
        if (k % 256 == 0 && !join_goes_on(hooks)) {
            st = join_cancelled(out_path, err);
            break;
        }
        int ret = av_read_frame(c->in, pkt);
        if (ret == AVERROR_EOF)
            break;
        if (ret < 0) {
            st = lr_error_set(err, LR_ERR_IO, "%s: cannot read (%s)", path, lr_averror_text(ret, why, sizeof why));
            break;
        }
        if (pkt->stream_index != c->stream) {
            av_packet_unref(pkt);
            continue;
        }
        av_packet_rescale_ts(pkt, ist->time_base, ost->time_base);
        if (pkt->pts == AV_NOPTS_VALUE || pkt->duration <= 0) {
            av_packet_unref(pkt);
            st = lr_error_set(err, LR_ERR_ENCODER, "%s: a packet has no timestamp or duration: cannot join", path);
            break;
        }
        pkt->pts += *offset - start;
        if (pkt->dts != AV_NOPTS_VALUE)
            pkt->dts += *offset - start;
        if (pkt->pts + pkt->duration > end)
            end = pkt->pts + pkt->duration;
        pkt->stream_index = ost->index;
        pkt->pos = -1;
        /* The other tracks first, up to this packet's time: the muxer's
         * interleaving queue then holds a packet or two, not the whole video. */
        int64_t upto = pkt->dts != AV_NOPTS_VALUE ? pkt->dts : pkt->pts;
        st = write_extras(mux, out_path, extras, nextras, upto, ost->time_base, err);
        if (st != LR_OK) {
            av_packet_unref(pkt);
            break;
        }
        ret = av_interleaved_write_frame(mux, pkt);
        if (ret < 0) {
            st = lr_error_set(err, LR_ERR_IO, "%s: cannot write (%s)", out_path, lr_averror_text(ret, why, sizeof why));
            break;
        }
    }
    av_packet_free(&pkt);
    *offset = end;
    return st;
}

lr_status lr_mux_join(const char *const *inputs, size_t n, const lr_packet_track *const *tracks, size_t ntracks,
                      const char *output, const lr_join_hooks *hooks, lr_error *err)
{
    if (!inputs || n == 0 || !output || !output[0] || (ntracks && !tracks))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "joining clips: no inputs or no output");
    for (size_t i = 0; i < n; i++)
        if (!inputs[i])
            return lr_error_set(err, LR_ERR_INVALID_ARG, "joining clips: input %zu is NULL", i);

    clip first;
    lr_status st = lr_video_input_open(inputs[0], &first.in, &first.stream, err);
    if (st != LR_OK)
        return st;
    AVStream *ist0 = first.in->streams[first.stream];

    char *part = lr_part_path_make(output);
    extra *extras = calloc(ntracks ? ntracks : 1, sizeof *extras);
    AVFormatContext *mux = NULL;
    AVStream *ost = NULL;
    if (!part || !extras)
        st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (st == LR_OK)
        st = lr_mux_create(output, part, lr_mux_format_for(ist0->codecpar->codec_id), &mux, err);
    if (st == LR_OK) {
        ost = avformat_new_stream(mux, NULL);
        if (!ost || avcodec_parameters_copy(ost->codecpar, ist0->codecpar) < 0)
            st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    if (st == LR_OK) {
        /* The MP4 muxer picks its own tag; a MOV keeps the clip's, which
         * says the ProRes profile (ap4h) the muxer cannot know. */
        if (strcmp(mux->oformat->name, "mov") != 0)
            ost->codecpar->codec_tag = 0;
        ost->time_base = ist0->time_base;
        ost->avg_frame_rate = ist0->avg_frame_rate;
        ost->r_frame_rate = ist0->r_frame_rate;
    }
    for (size_t i = 0; i < ntracks && st == LR_OK; i++) {
        extra *x = &extras[i];
        x->track = tracks[i];
        x->st = avformat_new_stream(mux, NULL);
        if (!x->st || !x->track->par || avcodec_parameters_copy(x->st->codecpar, x->track->par) < 0) {
            st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
            break;
        }
        x->st->codecpar->codec_tag = 0;
        x->st->time_base = x->track->time_base;
        if (x->track->language)
            av_dict_set(&x->st->metadata, "language", x->track->language, 0);
    }
    if (st == LR_OK)
        st = lr_mux_start(mux, output, err);

    int64_t offset = 0;
    for (size_t i = 0; i < n && st == LR_OK; i++) {
        clip c = first;
        if (!join_goes_on(hooks)) {
            st = join_cancelled(output, err);
            break;
        }
        if (i > 0) {
            st = lr_video_input_open(inputs[i], &c.in, &c.stream, err);
            if (st != LR_OK)
                break;
            if (!params_match(ist0->codecpar, c.in->streams[c.stream]->codecpar)) {
                const AVCodecParameters *p = c.in->streams[c.stream]->codecpar;
                st = lr_error_set(err, LR_ERR_INVALID_ARG,
                                  "%s: codec parameters (%dx%d, codec %d, headers) differ from %s (%dx%d, codec %d): "
                                  "clips joined without re-encoding must be written with the same description",
                                  inputs[i], p->width, p->height, (int)p->codec_id, inputs[0], ist0->codecpar->width,
                                  ist0->codecpar->height, (int)ist0->codecpar->codec_id);
                avformat_close_input(&c.in);
                break;
            }
        }
        st = clip_copy(inputs[i], output, &c, mux, ost, &offset, extras, ntracks, hooks, err);
        if (i > 0)
            avformat_close_input(&c.in);
    }
    /* ost->time_base may have been changed by the muxer at header time; the
     * copy rescaled to whatever it holds, so the offsets stay exact. */
    if (st == LR_OK)
        st = write_extras(mux, output, extras, ntracks, INT64_MAX, ost->time_base, err);
    if (st == LR_OK)
        st = lr_mux_finish(&mux, output, part, err);
    else
        lr_mux_discard(&mux, part);
    /* The last word before the video takes its name. */
    if (st == LR_OK && !join_goes_on(hooks))
        st = join_cancelled(output, err);
    if (st == LR_OK && hooks && hooks->before_rename)
        st = hooks->before_rename(hooks->user, err);
    if (st == LR_OK && rename(part, output) != 0) {
        int e = errno;
        st = lr_error_set(err, LR_ERR_IO, "%s: cannot rename %s to it (%s)", output, part, strerror(e));
    }
    if (st != LR_OK && part)
        remove(part);
    avformat_close_input(&first.in);
    free(extras);
    free(part);
    return st;
}

lr_status lr_video_concat(const char *const *inputs, size_t n, const char *output, lr_error *err)
{
    return lr_mux_join(inputs, n, NULL, 0, output, NULL, err);
}
