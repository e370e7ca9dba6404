/* What lr_video_render writes for an output: its format, the codec of its
 * clips and the audio encoder of its narration (output.c). */
#ifndef LR_VIDEO_OUTPUT_H
#define LR_VIDEO_OUTPUT_H

#include <librender/lr_video.h>

typedef struct video_output {
    lr_video_format format;
    lr_video_codec codec; /* the clips'; a GIF's are lossless QTRLE, made into the GIF at the end */
    bool alpha;           /* the frames keep their alpha (transparent) */
    const char *clip_ext; /* ".mp4", ".webm", ".mov" */
    const char *audio;    /* the narration's libavcodec encoder */
} video_output;

/* The plan for `output` under `opt`; LR_ERR_INVALID_ARG, naming the output,
 * for a format that cannot do what the options ask (alpha in an MP4,
 * narration in a GIF, HEVC in a WebM). */
lr_status video_output_plan(const char *output, const lr_video_options *opt, video_output *out, lr_error *err);

#endif
