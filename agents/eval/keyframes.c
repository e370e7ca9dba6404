/* Key frames of a finished MP4, decoded with libavformat/libavcodec: one
 * seek per frame (backwards to a key frame, then decode forwards to the
 * wanted time), scaled to RGBA with swscale. */
#include <stdlib.h>
#include <string.h>

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libswscale/swscale.h>

#include "c2v_eval.h"

static c2v_status av_fail(c2v_error *err, const char *path, const char *what, int code)
{
    char msg[AV_ERROR_MAX_STRING_SIZE] = "";
    av_strerror(code, msg, sizeof msg);
    return c2v_error_set(err, C2V_ERR_IO, "%s: %s: %s", path, what, msg);
}

c2v_status c2v_video_key_frames(const char *path, size_t count, int max_width, lr_image **frames, size_t *n,
                                double *duration, c2v_error *err)
{
    *frames = NULL;
    *n = 0;
    if (duration)
        *duration = 0;
    if (!path || count == 0 || count > 256)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "key frames: bad arguments (1..256 frames)");
    AVFormatContext *fmt = NULL;
    AVCodecContext *dec = NULL;
    AVPacket *pkt = NULL;
    AVFrame *frame = NULL;
    struct SwsContext *sws = NULL;
    lr_image *out = NULL;
    size_t got = 0;
    c2v_status st = C2V_OK;
    int rc = avformat_open_input(&fmt, path, NULL, NULL);
    if (rc < 0)
        return av_fail(err, path, "cannot open", rc);
    if ((rc = avformat_find_stream_info(fmt, NULL)) < 0) {
        st = av_fail(err, path, "no stream information", rc);
        goto done;
    }
    const AVCodec *codec = NULL;
    int si = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (si < 0 || !codec) {
        st = c2v_error_set(err, C2V_ERR_IO, "%s: no decodable video stream", path);
        goto done;
    }
    AVStream *vs = fmt->streams[si];
    double len = vs->duration > 0 ? (double)vs->duration * av_q2d(vs->time_base)
                 : fmt->duration > 0 ? (double)fmt->duration / AV_TIME_BASE
                                     : 0;
    if (duration)
        *duration = len;
    if (!(dec = avcodec_alloc_context3(codec)) || avcodec_parameters_to_context(dec, vs->codecpar) < 0 ||
        (rc = avcodec_open2(dec, codec, NULL)) < 0) {
        st = c2v_error_set(err, C2V_ERR_IO, "%s: cannot open the %s decoder", path, codec->name);
        goto done;
    }
    if (dec->width <= 0 || dec->height <= 0 || dec->width > 8192 || dec->height > 8192) {
        st = c2v_error_set(err, C2V_ERR_IO, "%s: unusable frame size %dx%d", path, dec->width, dec->height);
        goto done;
    }
    int ow = dec->width, oh = dec->height;
    if (max_width > 0 && ow > max_width) {
        oh = (int)(((long)oh * max_width + ow / 2) / ow);
        ow = max_width;
    }
    ow &= ~1;
    oh = oh < 2 ? 2 : oh & ~1;
    pkt = av_packet_alloc();
    frame = av_frame_alloc();
    out = calloc(count, sizeof *out);
    if (!pkt || !frame || !out) {
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < count && !st; i++) {
        double t = len > 0 ? len * ((double)i + 0.5) / (double)count : 0;
        int64_t ts = (int64_t)(t / av_q2d(vs->time_base));
        if (vs->start_time != AV_NOPTS_VALUE)
            ts += vs->start_time;
        av_seek_frame(fmt, si, ts, AVSEEK_FLAG_BACKWARD);
        avcodec_flush_buffers(dec);
        bool have = false, eof = false;
        while (!have && !st) {
            rc = eof ? AVERROR_EOF : av_read_frame(fmt, pkt);
            if (rc < 0) {
                eof = true;
                avcodec_send_packet(dec, NULL); /* drain */
            } else if (pkt->stream_index != si) {
                av_packet_unref(pkt);
                continue;
            } else {
                avcodec_send_packet(dec, pkt);
                av_packet_unref(pkt);
            }
            for (;;) {
                rc = avcodec_receive_frame(dec, frame);
                if (rc < 0)
                    break;
                int64_t pts = frame->best_effort_timestamp;
                /* The first frame at or after the wanted time; at the end of
                 * the stream, the last frame there is. */
                if (pts == AV_NOPTS_VALUE || pts >= ts || eof) {
                    sws = sws_getCachedContext(sws, frame->width, frame->height, frame->format, ow, oh,
                                               AV_PIX_FMT_RGBA, SWS_BILINEAR, NULL, NULL, NULL);
                    if (!sws || lr_image_alloc(&out[got], ow, oh) != LR_OK) {
                        st = c2v_error_set(err, C2V_ERR_NOMEM, "%s: cannot convert frames", path);
                        break;
                    }
                    uint8_t *dst[4] = {out[got].pixels};
                    int dst_stride[4] = {out[got].stride};
                    sws_scale(sws, (const uint8_t *const *)frame->data, frame->linesize, 0, frame->height, dst,
                              dst_stride);
                    got++;
                    have = true;
                    av_frame_unref(frame);
                    break;
                }
                av_frame_unref(frame);
            }
            if (eof && !have && rc == AVERROR_EOF) {
                st = c2v_error_set(err, C2V_ERR_IO, "%s: no frame at %.2f s", path, t);
                break;
            }
        }
    }
done:
    sws_freeContext(sws);
    av_frame_free(&frame);
    av_packet_free(&pkt);
    avcodec_free_context(&dec);
    avformat_close_input(&fmt);
    if (st) {
        for (size_t i = 0; i < got; i++)
            lr_image_free(&out[i]);
        free(out);
        return st;
    }
    *frames = out;
    *n = got;
    return C2V_OK;
}
