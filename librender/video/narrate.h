/* Narration for lr_video_render: speech for every lecture line, section
 * timing fitted to it, and the finished track, subtitles and mux. */
#ifndef LR_VIDEO_NARRATE_H
#define LR_VIDEO_NARRATE_H

#include <librender/lr_audio.h>
#include <librender/lr_video.h>

typedef struct video_narration video_narration;
struct lr_join_hooks;

/* Speaks the lines of sections [first, last) and fits their timing. */
lr_status video_narration_create(const lr_spec *spec, const lr_video_options *opt, size_t first, size_t last,
                                 video_narration **out, lr_error *err);
void video_narration_destroy(video_narration *n);
/* The fitted timing of a section (NULL for no narration: the spec's own). */
const lr_section_timing *video_narration_timing(const video_narration *n, size_t section);
/* The section's length: fitted, or the spec's when `n` is NULL. */
double video_narration_duration(const video_narration *n, const lr_spec *spec, size_t section);
/* Mixes, normalises and encodes the track for sections [first, last) at
 * `fps` with libavcodec's `audio_encoder` ("aac", "libopus") on a thread of
 * its own, while the frames are drawn. */
lr_status video_narration_start(video_narration *n, int fps, const char *audio_encoder, lr_error *err);
/* Waits for the track, joins the video-only clips `videos` with it (and the
 * soft subtitles, when asked) into `output`, and writes the subtitle files
 * beside it (<output without .mp4/.webm/.mov>.vtt and .srt), renamed into
 * place just before the video. `hooks` (optional) may cancel the join. */
/* `output` with its video extension (.mp4, .webm, .mov, any case) replaced
 * by `ext` (".vtt"): where its subtitles go. */
void video_subtitle_path(char *buf, size_t size, const char *output, const char *ext);
lr_status video_narration_finish(video_narration *n, const char *const *videos, size_t nvideos, const char *output,
                                 const struct lr_join_hooks *hooks, lr_error *err);

#endif
