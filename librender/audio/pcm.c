/* Mono float PCM: resampling and decoding through libswresample and
 * libavformat, loudness through libebur128. */
#include "audio/audio_internal.h"
#include "encode/encode_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <ebur128.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>

void lr_pcm_free(lr_pcm *pcm)
{
    if (!pcm)
        return;
    free(pcm->samples);
    pcm->samples = NULL;
    pcm->count = 0;
}

double lr_pcm_duration(const lr_pcm *pcm)
{
    return pcm && pcm->rate > 0 ? (double)pcm->count / pcm->rate : 0.0;
}

lr_status lr_pcm_append(lr_pcm *pcm, size_t *cap, const float *samples, size_t n, lr_error *err)
{
    if (pcm->count + n > *cap) {
        size_t want = *cap ? *cap : 4096;
        while (want < pcm->count + n)
            want *= 2;
        float *p = realloc(pcm->samples, want * sizeof *p);
        if (!p)
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory (%zu audio samples)", want);
        pcm->samples = p;
        *cap = want;
    }
    if (n)
        memcpy(pcm->samples + pcm->count, samples, n * sizeof *samples);
    pcm->count += n;
    return LR_OK;
}

/* A resampler from mono-or-any input to mono float at `rate`. */
static lr_status swr_make(const AVChannelLayout *in_layout, enum AVSampleFormat in_fmt, int in_rate, int rate,
                          SwrContext **out, lr_error *err)
{
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    SwrContext *swr = NULL;
    AVChannelLayout in = *in_layout; /* the API takes a non-const pointer it only reads */
    int ret = swr_alloc_set_opts2(&swr, &mono, AV_SAMPLE_FMT_FLT, rate, &in, in_fmt, in_rate, 0, NULL);
    if (ret >= 0)
        ret = swr_init(swr);
    if (ret < 0) {
        swr_free(&swr);
        return lr_error_set(err, LR_ERR_INVALID_ARG, "cannot resample %d Hz to %d Hz (libswresample error %d)", in_rate,
                            rate, ret);
    }
    *out = swr;
    return LR_OK;
}

/* Converts `n` input samples (NULL, 0: flush) and appends the result. */
static lr_status swr_feed(SwrContext *swr, const uint8_t **in, int n, lr_pcm *out, size_t *cap, lr_error *err)
{
    int room = swr_get_out_samples(swr, n);
    if (room <= 0)
        return LR_OK;
    float *buf = malloc((size_t)room * sizeof *buf);
    if (!buf)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    uint8_t *planes[1] = {(uint8_t *)buf};
    int got = swr_convert(swr, planes, room, in, n);
    lr_status s = got < 0 ? lr_error_set(err, LR_ERR_INVALID_ARG, "resampling failed (libswresample error %d)", got)
                          : lr_pcm_append(out, cap, buf, (size_t)got, err);
    free(buf);
    return s;
}

lr_status lr_pcm_resample(const lr_pcm *in, int rate, lr_pcm *out, lr_error *err)
{
    if (!in || !out || in->rate <= 0 || rate <= 0 || rate > 384000)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_pcm_resample: bad arguments (rate %d -> %d)",
                            in ? in->rate : 0, rate);
    lr_pcm res = {NULL, 0, rate};
    size_t cap = 0;
    if (in->rate == rate) {
        lr_status s = lr_pcm_append(&res, &cap, in->samples, in->count, err);
        if (s != LR_OK)
            return s;
    } else if (in->count > 0) {
        AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
        SwrContext *swr;
        lr_status s = swr_make(&mono, AV_SAMPLE_FMT_FLT, in->rate, rate, &swr, err);
        if (s != LR_OK)
            return s;
        /* In pieces, so that the int sample counts of the API never overflow. */
        for (size_t done = 0; s == LR_OK && done < in->count;) {
            size_t n = in->count - done < 1u << 20 ? in->count - done : 1u << 20;
            const uint8_t *planes[1] = {(const uint8_t *)(in->samples + done)};
            s = swr_feed(swr, planes, (int)n, &res, &cap, err);
            done += n;
        }
        if (s == LR_OK)
            s = swr_feed(swr, NULL, 0, &res, &cap, err);
        swr_free(&swr);
        if (s != LR_OK) {
            lr_pcm_free(&res);
            return s;
        }
    }
    if (out == in)
        lr_pcm_free(out);
    *out = res;
    return LR_OK;
}

lr_status lr_pcm_load(const char *path, int rate, lr_pcm *out, lr_error *err)
{
    char why[AV_ERROR_MAX_STRING_SIZE];
    if (!path || !out || rate <= 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_pcm_load: bad arguments");
    AVFormatContext *in = NULL;
    lr_log_route_ffmpeg();
    int ret = avformat_open_input(&in, path, NULL, NULL);
    if (ret < 0)
        return lr_error_set(err, LR_ERR_IO, "%s: cannot open audio (%s)", path,
                            av_strerror(ret, why, sizeof why) < 0 ? "unknown error" : why);
    lr_status s = LR_OK;
    const AVCodec *codec = NULL;
    int stream = avformat_find_stream_info(in, NULL);
    if (stream >= 0)
        stream = av_find_best_stream(in, AVMEDIA_TYPE_AUDIO, -1, -1, &codec, 0);
    if (stream < 0 || !codec)
        s = lr_error_set(err, LR_ERR_INVALID_ARG, "%s: no audio stream that can be decoded", path);
    AVCodecContext *dec = NULL;
    if (s == LR_OK) {
        dec = avcodec_alloc_context3(codec);
        if (!dec || avcodec_parameters_to_context(dec, in->streams[stream]->codecpar) < 0 ||
            avcodec_open2(dec, codec, NULL) < 0)
            s = lr_error_set(err, LR_ERR_INVALID_ARG, "%s: cannot open the %s decoder", path, codec->name);
    }
    SwrContext *swr = NULL;
    if (s == LR_OK)
        s = swr_make(&dec->ch_layout, dec->sample_fmt, dec->sample_rate, rate, &swr, err);
    lr_pcm res = {NULL, 0, rate};
    size_t cap = 0;
    AVPacket *pkt = av_packet_alloc();
    AVFrame *frame = av_frame_alloc();
    if (s == LR_OK && (!pkt || !frame))
        s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    bool draining = false;
    while (s == LR_OK) {
        if (!draining) {
            ret = av_read_frame(in, pkt);
            if (ret == AVERROR_EOF) {
                draining = true;
                ret = avcodec_send_packet(dec, NULL);
            } else if (ret < 0) {
                s = lr_error_set(err, LR_ERR_IO, "%s: cannot read (error %d)", path, ret);
                break;
            } else {
                ret = pkt->stream_index == stream ? avcodec_send_packet(dec, pkt) : 0;
                av_packet_unref(pkt);
            }
            if (ret < 0 && ret != AVERROR(EAGAIN)) {
                s = lr_error_set(err, LR_ERR_INVALID_ARG, "%s: undecodable audio (error %d)", path, ret);
                break;
            }
        }
        while (s == LR_OK && (ret = avcodec_receive_frame(dec, frame)) >= 0) {
            s = swr_feed(swr, (const uint8_t **)frame->extended_data, frame->nb_samples, &res, &cap, err);
            av_frame_unref(frame);
        }
        if (ret == AVERROR_EOF)
            break;
        if (s == LR_OK && ret != AVERROR(EAGAIN)) {
            s = lr_error_set(err, LR_ERR_INVALID_ARG, "%s: undecodable audio (error %d)", path, ret);
            break;
        }
    }
    if (s == LR_OK)
        s = swr_feed(swr, NULL, 0, &res, &cap, err);
    av_frame_free(&frame);
    av_packet_free(&pkt);
    swr_free(&swr);
    avcodec_free_context(&dec);
    avformat_close_input(&in);
    if (s != LR_OK) {
        lr_pcm_free(&res);
        return s;
    }
    *out = res;
    return LR_OK;
}

void lr_pcm_trim(lr_pcm *pcm, float threshold)
{
    if (!pcm || !pcm->samples)
        return;
    size_t a = 0, b = pcm->count;
    while (a < b && fabsf(pcm->samples[a]) < threshold)
        a++;
    while (b > a && fabsf(pcm->samples[b - 1]) < threshold)
        b--;
    if (a > 0)
        memmove(pcm->samples, pcm->samples + a, (b - a) * sizeof *pcm->samples);
    pcm->count = b - a;
}

lr_status lr_pcm_loudness(const lr_pcm *pcm, double *lufs, lr_error *err)
{
    if (!pcm || !lufs || pcm->rate <= 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_pcm_loudness: bad arguments");
    *lufs = -HUGE_VAL;
    if (pcm->count == 0)
        return LR_OK;
    ebur128_state *st = ebur128_init(1, (unsigned long)pcm->rate, EBUR128_MODE_I);
    if (!st)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory (loudness meter)");
    int ret = ebur128_add_frames_float(st, pcm->samples, pcm->count);
    double v = -HUGE_VAL;
    if (ret == EBUR128_SUCCESS)
        ret = ebur128_loudness_global(st, &v);
    ebur128_destroy(&st);
    if (ret != EBUR128_SUCCESS)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "loudness measurement failed (libebur128 error %d)", ret);
    *lufs = v;
    return LR_OK;
}

/* A look-ahead peak limiter: the gain ramps down over 2 ms before a sample
 * that would pass `ceiling` and recovers over about 80 ms after it, so no
 * sample passes the ceiling and nothing clicks. */
static lr_status limit_peaks(lr_pcm *pcm, float ceiling, lr_error *err)
{
    float *g = malloc((pcm->count ? pcm->count : 1) * sizeof *g);
    if (!g)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory (limiter)");
    float attack = 1.0f / (0.002f * (float)pcm->rate);
    float release = 1.0f - expf(-1.0f / (0.08f * (float)pcm->rate));
    float next = 1.0f;
    for (size_t i = pcm->count; i-- > 0;) {
        float a = fabsf(pcm->samples[i]);
        float need = a > ceiling ? ceiling / a : 1.0f;
        next = fminf(need, next + attack);
        g[i] = next;
    }
    float cur = 1.0f;
    for (size_t i = 0; i < pcm->count; i++) {
        cur = fminf(g[i], cur + (1.0f - cur) * release);
        pcm->samples[i] *= cur;
    }
    free(g);
    return LR_OK;
}

lr_status lr_pcm_normalize(lr_pcm *pcm, double target_lufs, double max_peak_db, double *gain_db, lr_error *err)
{
    if (gain_db)
        *gain_db = 0;
    float ceiling = (float)pow(10.0, max_peak_db / 20);
    double total = 0;
    /* Gain, limit, measure again: limiting lowers the loudness a little, so a
     * second pass makes it up (speech ends within about 0.5 LU of the target). */
    for (int pass = 0; pass < 6; pass++) {
        double lufs;
        lr_status s = lr_pcm_loudness(pcm, &lufs, err);
        if (s != LR_OK)
            return s;
        if (!isfinite(lufs))
            return LR_OK; /* silence: nothing to scale */
        double g = target_lufs - lufs;
        if (pass > 0 && fabs(g) < 0.1)
            break;
        float k = (float)pow(10.0, g / 20);
        float peak = 0;
        for (size_t i = 0; i < pcm->count; i++) {
            pcm->samples[i] *= k;
            peak = fmaxf(peak, fabsf(pcm->samples[i]));
        }
        total += g;
        if (peak > ceiling && (s = limit_peaks(pcm, ceiling, err)) != LR_OK)
            return s;
    }
    if (gain_db)
        *gain_db = total;
    return LR_OK;
}
