#include "encode/encode_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libavutil/dict.h>
#include <libavutil/error.h>

const char *lr_averror_text(int code, char *buf, size_t size)
{
    if (av_strerror(code, buf, size) < 0)
        snprintf(buf, size, "FFmpeg error %d", code);
    return buf;
}

lr_status lr_video_input_open(const char *path, AVFormatContext **in, int *stream, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    *in = NULL;
    lr_log_route_ffmpeg();
    int ret = avformat_open_input(in, path, NULL, NULL);
    if (ret < 0)
        return lr_error_set(err, LR_ERR_IO, "%s: cannot open (%s)", path, lr_averror_text(ret, why, sizeof why));
    ret = avformat_find_stream_info(*in, NULL);
    if (ret >= 0)
        ret = av_find_best_stream(*in, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
    if (ret < 0) {
        avformat_close_input(in);
        return lr_error_set(err, LR_ERR_ENCODER, "%s: no video stream (%s)", path,
                            lr_averror_text(ret, why, sizeof why));
    }
    *stream = ret;
    return LR_OK;
}

char *lr_part_path_make(const char *path)
{
    size_t n = strlen(path) + 32;
    char *part = malloc(n);
    if (part)
        snprintf(part, n, "%s.part-%ld", path, (long)getpid());
    return part;
}

const char *lr_mux_format_for(enum AVCodecID codec)
{
    switch (codec) {
    case AV_CODEC_ID_VP9: return "webm";
    case AV_CODEC_ID_PRORES:
    case AV_CODEC_ID_QTRLE: return "mov";
    default: return "mp4";
    }
}

lr_status lr_mux_create(const char *path, const char *part, const char *format, AVFormatContext **out, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    *out = NULL;
    AVFormatContext *mux = NULL;
    lr_log_route_ffmpeg();
    int ret = avformat_alloc_output_context2(&mux, NULL, format, part);
    if (ret < 0 || !mux)
        return lr_error_set(err, LR_ERR_ENCODER, "%s: cannot set up the %s muxer (%s)", path, format,
                            lr_averror_text(ret, why, sizeof why));
    ret = avio_open(&mux->pb, part, AVIO_FLAG_WRITE);
    if (ret < 0) {
        avformat_free_context(mux);
        return lr_error_set(err, LR_ERR_IO, "%s: cannot create the temporary file %s (%s)", path, part,
                            lr_averror_text(ret, why, sizeof why));
    }
    *out = mux;
    return LR_OK;
}

lr_status lr_mux_start(AVFormatContext *mux, const char *path, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    AVDictionary *opts = NULL;
    /* MP4 and MOV: the index at the front; WebM writes its cues itself. */
    if (strcmp(mux->oformat->name, "mp4") == 0 || strcmp(mux->oformat->name, "mov") == 0)
        av_dict_set(&opts, "movflags", "+faststart", 0);
    int ret = avformat_write_header(mux, &opts);
    av_dict_free(&opts);
    if (ret < 0)
        return lr_error_set(err, ret == AVERROR(ENOSPC) || ret == AVERROR(EFBIG) || ret == AVERROR(EIO) ? LR_ERR_IO
                                                                                                         : LR_ERR_ENCODER,
                            "%s: cannot write the %s header (%s)", path, mux->oformat->name,
                            lr_averror_text(ret, why, sizeof why));
    return LR_OK;
}

void lr_mux_discard(AVFormatContext **mux, const char *part)
{
    if (mux && *mux) {
        if ((*mux)->pb)
            avio_closep(&(*mux)->pb);
        avformat_free_context(*mux);
        *mux = NULL;
    }
    if (part)
        remove(part);
}

lr_status lr_mux_finish(AVFormatContext **mux, const char *path, const char *part, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    AVFormatContext *m = *mux;
    int ret = av_write_trailer(m);
    if (ret >= 0) {
        /* avio_close drops a failed final flush on the floor: flush first and
         * look at the error ourselves, or a full disk would go unnoticed. */
        avio_flush(m->pb);
        if (m->pb->error < 0)
            ret = m->pb->error;
    }
    if (ret >= 0)
        ret = avio_closep(&m->pb);
    if (ret < 0) {
        lr_mux_discard(mux, part);
        return lr_error_set(err, LR_ERR_IO, "%s: cannot finish the video file (%s)", path,
                            lr_averror_text(ret, why, sizeof why));
    }
    avformat_free_context(m);
    *mux = NULL;
    return LR_OK;
}

lr_status lr_mux_commit(AVFormatContext **mux, const char *path, const char *part, lr_error *err)
{
    lr_status s = lr_mux_finish(mux, path, part, err);
    if (s != LR_OK)
        return s;
    if (rename(part, path) != 0) {
        int e = errno;
        remove(part);
        return lr_error_set(err, LR_ERR_IO, "%s: cannot rename %s to it (%s)", path, part, strerror(e));
    }
    return LR_OK;
}
