/* Output formats by extension (Manim's --format): which codec the clips
 * are encoded with, which audio encoder the narration takes, and what a
 * format refuses. */
#include "video/output.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *ext;
    lr_video_format format;
} extensions[] = {
    {".mp4", LR_VIDEO_FORMAT_MP4},
    {".webm", LR_VIDEO_FORMAT_WEBM},
    {".mov", LR_VIDEO_FORMAT_MOV},
    {".gif", LR_VIDEO_FORMAT_GIF},
};

const char *lr_video_format_name(lr_video_format format)
{
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
        if (extensions[i].format == format)
            return extensions[i].ext + 1;
    return "auto";
}

lr_status lr_video_format_from_path(const char *path, lr_video_format *out, lr_error *err)
{
    if (!path || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_video_format_from_path: no path");
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash + 1 : path, '.');
    for (size_t i = 0; dot && i < sizeof extensions / sizeof extensions[0]; i++)
        if (strcasecmp(dot, extensions[i].ext) == 0) {
            *out = extensions[i].format;
            return LR_OK;
        }
    return lr_error_set(err, LR_ERR_INVALID_ARG,
                        "%s: %s%s%s cannot be written; the formats are .mp4 (H.264/HEVC), .webm (VP9), .mov "
                        "(ProRes 4444, alpha with transparent) and .gif",
                        path, dot ? "the extension \"" : "no extension", dot ? dot : "", dot ? "\"" : "");
}

lr_status video_output_plan(const char *output, const lr_video_options *opt, video_output *out, lr_error *err)
{
    memset(out, 0, sizeof *out);
    lr_video_format f = opt->format;
    if (f == LR_VIDEO_FORMAT_AUTO) {
        lr_status s = lr_video_format_from_path(output, &f, err);
        if (s != LR_OK)
            return s;
    }
    out->format = f;
    out->audio = "aac";
    out->alpha = opt->transparent;
    /* H.264 is the options' default (0): it asks for nothing in particular
     * outside an MP4. */
    bool other_codec = opt->codec != LR_CODEC_H264;
    switch (f) {
    case LR_VIDEO_FORMAT_MP4:
        out->codec = opt->codec;
        out->clip_ext = ".mp4";
        if (opt->codec != LR_CODEC_H264 && opt->codec != LR_CODEC_HEVC)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: an MP4 holds H.264 or HEVC here", output);
        break;
    case LR_VIDEO_FORMAT_WEBM:
        out->codec = LR_CODEC_VP9;
        out->clip_ext = ".webm";
        out->audio = "libopus";
        if (other_codec && opt->codec != LR_CODEC_VP9)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: a WebM is written with VP9", output);
        break;
    case LR_VIDEO_FORMAT_MOV: {
        bool qtrle = opt->codec == LR_CODEC_QTRLE || (opt->encoder && strcmp(opt->encoder, "qtrle") == 0);
        out->codec = qtrle ? LR_CODEC_QTRLE : LR_CODEC_PRORES;
        out->clip_ext = ".mov";
        if (other_codec && opt->codec != LR_CODEC_PRORES && opt->codec != LR_CODEC_QTRLE)
            return lr_error_set(err, LR_ERR_INVALID_ARG,
                                "%s: a MOV is written with ProRes 4444 or QuickTime Animation (qtrle)", output);
        break;
    }
    case LR_VIDEO_FORMAT_GIF:
        out->codec = LR_CODEC_QTRLE; /* lossless clips: the palette sees the frames as drawn */
        out->clip_ext = ".mov";
        if (opt->narrate)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: a GIF has no sound: render it without narration",
                                output);
        if (other_codec)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: a GIF takes no codec choice", output);
        break;
    default:
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: unknown format %d", output, (int)f);
    }
    if (opt->transparent && f != LR_VIDEO_FORMAT_MOV)
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "%s: a %s keeps no alpha: a transparent render is written as a .mov (ProRes 4444)",
                            output, lr_video_format_name(f));
    if (opt->subtitle_track && f != LR_VIDEO_FORMAT_MP4 && f != LR_VIDEO_FORMAT_MOV)
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "%s: a soft subtitle track (mov_text) goes into an .mp4 or .mov; the .vtt and .srt "
                            "files beside the video serve the others",
                            output);
    return LR_OK;
}
