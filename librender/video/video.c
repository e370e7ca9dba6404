/* Spec -> frames -> encoder. The GL context and the encoder never meet: this
 * module reads each frame back and hands the pixels to the encoder thread.
 * For video, frames are read through a ring of pixel buffers: frame k is
 * drawn while frames k-1 and k-2 are still being copied, and a frame is
 * handed on (straight from the mapped buffer) only when its copy is done, so
 * the GL thread neither stalls on the copy nor flips or copies rows itself.
 * When the encoder takes YUV (x264: yuv420p, VAAPI: NV12), a real GPU
 * converts each frame before the copy, which then moves 1.5 bytes a pixel,
 * not 4, and leaves the encoder thread nothing to convert; NVENC takes RGBA
 * as is. On llvmpipe the encoder thread converts (cheaper there).
 * Sections render at once in worker threads (lr_video_options.jobs), each
 * with its own context, ring and encoder, in parts when that keeps the
 * workers busy to the end; the clips are joined in order. */
#include <librender/lr_video.h>
#include <librender/lr_anim.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/grow.h"
#include "encode/encode_internal.h"
#include "video/clip_cache.h"
#include "video/narrate.h"
#include "video/output.h"

lr_video_options lr_video_options_default(void)
{
    lr_video_options o;
    memset(&o, 0, sizeof o);
    o.backend = LR_BACKEND_AUTO;
    o.codec = LR_CODEC_H264;
    return o;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* What one render needs, whatever the frames are written to. Workers
 * (below) may render sections at the same time: what they share is behind
 * `lock`, and so is everything that reaches the spec's lazily filled text
 * and TeX contexts (building a section, seeking its timeline). */
typedef struct render_job {
    const lr_spec *spec;
    lr_video_options *opt;
    int width, height, fps;
    size_t first, last; /* sections [first, last) */
    int encoder_threads; /* for each encoder (0: the encoder's choice) */
    int64_t total_frames, done_frames, frames_drawn;
    double started;
    video_narration *narration; /* NULL unless opt->narrate (narrate.c) */
    video_output out;           /* lr_video_render's format, clip codec, audio (output.c) */
    pthread_mutex_t lock;
    bool stop; /* a worker failed: the others cancel */
    /* Held while the first clip opens its encoder; then the encoder it
     * chose, which later clips open by name (render_clip). */
    pthread_mutex_t choose_lock;
    char chosen_encoder[64];
    bool report_pending; /* chosen ahead (the clip cache's probe): the first clip still writes the report */
    lr_video_stages stages; /* under `lock`; copied to opt->stages at the end */
} render_job;

/* Adds the time since *t0 to a stage of the job and moves *t0 on. */
static void stage_add(render_job *job, double *stage, double *t0)
{
    double t = now_s();
    pthread_mutex_lock(&job->lock);
    *stage += t - *t0;
    pthread_mutex_unlock(&job->lock);
    *t0 = t;
}

/* One GL context and what travels with it: a thread's share of a job. */
typedef struct render_worker {
    render_job *job;
    lr_context *ctx;
    lr_readback *ring; /* NULL: synchronous lr_context_read into `frame` */
    lr_readback_format ring_format;
    int ring_in_flight;  /* frames begun on the ring before the oldest goes out */
    int64_t ring_frames; /* frames begun on the ring so far (its next view.index) */
    lr_image frame;
    /* The last frame that went to the sink, sent again while the timeline
     * waits (a copy: the ring's buffers are reused). */
    uint8_t *still;
    size_t still_cap;
    lr_frame_view still_view;
    bool still_valid;
    int64_t section_stills; /* still frames sent in this section so far */
    int64_t clip_sent;      /* frames the sink has had from this run so far (not counting repeats) */
    int64_t frames_drawn;   /* added to the job's when the worker is freed */
    int64_t frames_unchanged; /* drawn frames found equal to the one before, not read back */
    int64_t frames_repeated;  /* frames the sink had as repeats */
} render_worker;

/* Receives each frame of a section in order: `frame` a frame's pixels,
 * `repeat` (NULL: not offered) the frame before it once more, `lend`
 * (NULL: not offered) RGBA pixels it may read until it calls release(user). */
typedef struct frame_sink {
    lr_status (*frame)(void *data, const lr_frame_view *frame, lr_error *err);
    lr_status (*repeat)(void *data, lr_error *err);
    lr_status (*lend)(void *data, const lr_frame_view *frame, void (*release)(void *), void *user, lr_error *err);
    void *data;
} frame_sink;

static lr_status job_init(render_job *job, const lr_spec *spec, lr_video_options *opt, lr_error *err)
{
    memset(job, 0, sizeof *job);
    pthread_mutex_init(&job->lock, NULL);
    pthread_mutex_init(&job->choose_lock, NULL);
    job->spec = spec;
    job->opt = opt;
    lr_spec_meta meta = lr_spec_get_meta(spec);
    job->width = opt->width > 0 ? opt->width : meta.width;
    job->height = opt->height > 0 ? opt->height : meta.height;
    job->fps = opt->fps > 0 ? opt->fps : meta.fps;
    if (job->width <= 0 || job->height <= 0 || job->fps <= 0 || job->fps > 240)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "invalid video size %dx%d at %d fps", job->width, job->height,
                            job->fps);
    job->first = 0;
    job->last = lr_spec_section_count(spec);
    if (opt->section_id) {
        lr_status s = lr_spec_section_find(spec, opt->section_id, &job->first, err);
        if (s != LR_OK)
            return s;
        job->last = job->first + 1;
    }
    if (opt->narrate) {
        lr_status s = video_narration_create(spec, opt, job->first, job->last, &job->narration, err);
        if (s != LR_OK)
            return s;
    }
    for (size_t i = job->first; i < job->last; i++)
        job->total_frames += lr_frame_count(video_narration_duration(job->narration, spec, i), job->fps);
    job->started = now_s();
    return LR_OK;
}

static void job_free(render_job *job)
{
    video_narration_destroy(job->narration);
    job->opt->frames_drawn = job->frames_drawn;
    job->opt->stages = job->stages;
    pthread_mutex_destroy(&job->lock);
    pthread_mutex_destroy(&job->choose_lock);
}

static lr_status job_context(render_job *job, lr_context **ctx, lr_error *err)
{
    lr_context_desc desc = lr_context_desc_default(job->width, job->height);
    desc.backend = job->opt->backend;
    desc.samples = job->opt->samples;
    double t0 = now_s();
    lr_status s = lr_context_create(&desc, ctx, err);
    stage_add(job, &job->stages.context_s, &t0);
    return s;
}

/* A worker with a context of its own, or with `ready` (made on another
 * thread and released there). */
static lr_status worker_init_with(render_worker *w, render_job *job, lr_context *ready, lr_error *err)
{
    memset(w, 0, sizeof *w);
    w->job = job;
    if (ready) {
        w->ctx = ready;
        return LR_OK;
    }
    return job_context(job, &w->ctx, err);
}

static lr_status worker_init(render_worker *w, render_job *job, lr_error *err)
{
    return worker_init_with(w, job, NULL, err);
}

static void worker_free(render_worker *w)
{
    double t0 = now_s();
    lr_readback_destroy(w->ring);
    lr_context_destroy(w->ctx);
    lr_image_free(&w->frame);
    free(w->still);
    if (w->job) {
        pthread_mutex_lock(&w->job->lock);
        w->job->frames_drawn += w->frames_drawn;
        w->job->stages.frames_unchanged += w->frames_unchanged;
        w->job->stages.frames_repeated += w->frames_repeated;
        w->job->stages.context_s += now_s() - t0;
        pthread_mutex_unlock(&w->job->lock);
    }
}

/* A transparent render: the background keeps its colour but not its
 * alpha; the readback straightens the premultiplied colour it leaves. */
static void see_through(lr_scene *scene)
{
    lr_color bg = lr_scene_get_background(scene);
    bg.a = 0;
    lr_scene_set_background(scene, bg);
}

static lr_status build_section(render_job *job, size_t index, lr_scene **scene, lr_timeline **tl, lr_error *err)
{
    pthread_mutex_lock(&job->lock);
    lr_status s = lr_spec_build_section_timed(job->spec, index, video_narration_timing(job->narration, index), scene,
                                              tl, err);
    pthread_mutex_unlock(&job->lock);
    if (s == LR_OK && job->opt->transparent)
        see_through(*scene);
    return s;
}

/* True when frames k-1 and k both fall inside one still step (a wait with
 * no updater to move things): nothing moves between them, so frame k is
 * frame k-1 again. `cursor` walks the steps forward as k grows.
 * (Zero-length steps cannot sit between two frames of one wait step: steps
 * follow one another.) */
static bool frame_is_still(const lr_timeline *tl, size_t *cursor, int64_t k, int fps)
{
    if (k <= 0)
        return false;
    double t0 = (double)(k - 1) / fps, t1 = (double)k / fps; /* as lr_timeline_seek_frame */
    size_t n = lr_timeline_step_count(tl);
    lr_step_info info;
    while (*cursor < n && lr_timeline_step_info(tl, *cursor, &info) == LR_OK && info.end <= t0)
        (*cursor)++;
    if (*cursor >= n || lr_timeline_step_info(tl, *cursor, &info) != LR_OK)
        return false;
    return info.still && info.start <= t0 && t1 < info.end;
}

/* Keeps a copy of `v` as the still frame. Planes may share rows (the YUV
 * ring lays U and V side by side, each half a row), so what is copied is
 * the one span of memory from the lowest byte of any plane to the end of
 * the last row of any plane, and the planes keep their offsets in it. */
static lr_status still_keep(render_worker *worker, const lr_frame_view *v, lr_error *err)
{
    int w = v->width, h = v->height, cw = (v->width + 1) / 2, ch = (v->height + 1) / 2;
    int rows[3] = {h, 0, 0}, row_bytes[3] = {4 * w, 0, 0}, nplanes = 1;
    if (v->format == LR_READBACK_YUV420P) {
        rows[1] = rows[2] = ch;
        row_bytes[0] = w;
        row_bytes[1] = row_bytes[2] = cw;
        nplanes = 3;
    } else if (v->format == LR_READBACK_NV12) {
        rows[1] = ch;
        row_bytes[0] = w;
        row_bytes[1] = 2 * cw;
        nplanes = 2;
    }
    const uint8_t *lo = NULL, *hi = NULL;
    for (int i = 0; i < nplanes; i++) {
        /* A negative stride walks rows bottom-up from planes[i]. */
        ptrdiff_t last = (ptrdiff_t)v->strides[i] * (rows[i] - 1);
        const uint8_t *first_byte = v->planes[i] + (last < 0 ? last : 0);
        const uint8_t *end = v->planes[i] + (last > 0 ? last : 0) + row_bytes[i];
        lo = !lo || first_byte < lo ? first_byte : lo;
        hi = !hi || end > hi ? end : hi;
    }
    size_t size = (size_t)(hi - lo);
    if (size > worker->still_cap) {
        uint8_t *p = realloc(worker->still, size);
        if (!p)
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory for a still frame");
        worker->still = p;
        worker->still_cap = size;
    }
    memcpy(worker->still, lo, size);
    worker->still_view = *v;
    for (int i = 0; i < nplanes; i++)
        worker->still_view.planes[i] = worker->still + (v->planes[i] - lo);
    worker->still_view.pixels = worker->still_view.planes[0];
    worker->still_valid = true;
    return LR_OK;
}

static bool report_progress_locked(render_job *job, size_t section, int64_t frame, int64_t frames, bool done,
                                   bool joining)
{
    double elapsed = now_s() - job->started;
    lr_video_progress p = {
        .section = section - job->first,
        .sections = job->last - job->first,
        .section_id = lr_spec_section_id(job->spec, section),
        .frame = frame,
        .frames = frames,
        .total_frame = job->done_frames,
        .total_frames = job->total_frames,
        .fps = elapsed > 0 ? (double)job->done_frames / elapsed : 0,
        .done = done,
        .joining = joining,
    };
    p.eta_s = p.fps > 0 ? (double)(job->total_frames - job->done_frames) / p.fps : 0;
    return job->opt->progress(&p, job->opt->user);
}

/* Counts a frame done (none when `frame` is 0) and tells the caller's
 * progress function, one worker at a time. False: stop rendering; once the
 * function has said so (or a worker failed), it is not called again. */
static bool report_progress(render_job *job, size_t section, int64_t frame, int64_t frames, bool done)
{
    pthread_mutex_lock(&job->lock);
    if (frame > 0)
        job->done_frames++;
    bool go_on = !job->stop;
    if (go_on && job->opt->progress)
        go_on = report_progress_locked(job, section, frame, frames, done, false);
    job->stop = !go_on;
    pthread_mutex_unlock(&job->lock);
    return go_on;
}

/* The oldest frame of the ring to the sink. The ring numbers frames over
 * the whole job; `first` is the number of this section's frame 0, so that a
 * failure names the frame that failed, not the one just drawn. */
static lr_status ring_pop(render_worker *w, int64_t first, const char *id, const frame_sink *sink, bool keep,
                          lr_error *err)
{
    lr_readback *ring = w->ring;
    lr_frame_view v;
    lr_status s = lr_readback_map(ring, &v, err);
    if (s != LR_OK)
        return s; /* the message names the frame already */
    /* An RGBA frame goes to an encoder as it lies in the mapped buffer,
     * which the encoder thread gives back once it has converted it. */
    void *loan = sink->lend && !keep && v.format == LR_READBACK_RGBA ? lr_readback_lend(ring) : NULL;
    if (loan) {
        s = sink->lend(sink->data, &v, lr_readback_give_back, loan, err);
    } else {
        s = sink->frame(sink->data, &v, err);
        if (s == LR_OK && keep)
            s = still_keep(w, &v, err);
        lr_readback_release(ring);
    }
    w->clip_sent += s == LR_OK;
    if (s != LR_OK && err) {
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err->message);
        /* Still frames are not begun on the ring; the ring was drained
         * before each run of them, so all so far came before this one. */
        lr_error_set(err, s, "section \"%s\", frame %lld: %s", id, (long long)(v.index - first + w->section_stills),
                     why);
    }
    return s;
}

static lr_frame_view image_view(const lr_image *img, int64_t index)
{
    return (lr_frame_view){.format = LR_READBACK_RGBA,
                           .pixels = img->pixels,
                           .width = img->width,
                           .height = img->height,
                           .stride = img->stride,
                           .planes = {img->pixels},
                           .strides = {img->stride},
                           .index = index};
}

/* The first of a run of frames equal to the one before (a wait, or a frame
 * the context found unchanged): the ring is drained, in order. A sink that
 * can repeat its last frame is then told to, for each frame of the run;
 * for another, a copy of the frame before is kept and sent again. Only a
 * frame this clip has had can be repeated. */
static lr_status still_begin(render_worker *w, int64_t first, const char *id, const frame_sink *sink, lr_error *err)
{
    lr_status s = LR_OK;
    if (!w->ring) {
        /* The synchronous frame stays in w->frame until the next read. */
        w->still_view = image_view(&w->frame, 0);
        w->still_valid = w->frame.pixels != NULL && w->clip_sent > 0;
        return LR_OK;
    }
    while (s == LR_OK && lr_readback_pending(w->ring) > 0)
        s = ring_pop(w, first, id, sink, !sink->repeat && lr_readback_pending(w->ring) == 1, err);
    if (sink->repeat)
        w->still_valid = w->clip_sent > 0;
    return s;
}

/* Seeks to frame k and draws it; *unchanged: the context found it equal
 * to the frame it drew before, and drew nothing. */
static lr_status draw_frame(render_worker *w, lr_scene *scene, lr_timeline *tl, int64_t k, bool *unchanged,
                            lr_error *err)
{
    render_job *job = w->job;
    pthread_mutex_lock(&job->lock);
    lr_status s = lr_timeline_seek_frame(tl, k, job->fps, err);
    pthread_mutex_unlock(&job->lock);
    if (s == LR_OK)
        s = lr_context_draw(w->ctx, scene, err);
    *unchanged = s == LR_OK && lr_context_last_timing(w->ctx).unchanged;
    if (s == LR_OK && !*unchanged)
        w->frames_drawn++;
    return s;
}

/* The frame just drawn to the sink: begun on the ring (the oldest frame
 * leaving first), or read at once. */
static lr_status frame_out(render_worker *w, int64_t k, int64_t first, const char *id, const frame_sink *sink,
                           lr_error *err)
{
    lr_status s = LR_OK;
    if (w->ring) {
        /* The oldest frame out, then this one in: the ring never has more
         * than ring_in_flight frames in flight. */
        if (lr_readback_pending(w->ring) >= w->ring_in_flight)
            s = ring_pop(w, first, id, sink, false, err);
        if (s == LR_OK && (s = lr_readback_begin(w->ring, err)) == LR_OK)
            w->ring_frames++;
        return s;
    }
    s = lr_context_read(w->ctx, &w->frame, err);
    if (s == LR_OK) {
        lr_frame_view v = image_view(&w->frame, k);
        s = sink->frame(sink->data, &v, err);
        w->clip_sent += s == LR_OK;
    }
    return s;
}

/* Frames [from, to) of section `index` (to < 0: to its end) to the sink. */
static lr_status render_section(render_worker *w, size_t index, int64_t from, int64_t to, const frame_sink *sink,
                                lr_error *err)
{
    render_job *job = w->job;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    const char *id = lr_spec_section_id(job->spec, index);
    double t0 = now_s();
    lr_status s = build_section(job, index, &scene, &tl, err);
    stage_add(job, &job->stages.build_s, &t0);
    if (s != LR_OK) {
        /* The builder's messages give the JSON path ("spec.json:
         * sections[1].objects[3]: ..."): the section is named already. */
        if (err && strstr(err->message, ": sections["))
            return s;
        char why[sizeof err->message];
        snprintf(why, sizeof why, "%s", err ? err->message : lr_strerror(s));
        return lr_error_set(err, s, "section \"%s\": %s", id, why);
    }
    int64_t frames = lr_timeline_frame_count(tl, job->fps);
    int64_t end = to < 0 || to > frames ? frames : to;
    /* The ring's number for this section's frame 0 (as if it had begun
     * there): ring_pop names frames of the section. */
    int64_t first = w->ring_frames - from;
    size_t cursor = 0;
    w->still_valid = false;
    w->section_stills = 0;
    w->clip_sent = 0;
    for (int64_t k = from; s == LR_OK && k < end; k++) {
        /* Inside a wait nothing moves: the frame is not even drawn. Other
         * frames are drawn, and one the context finds unchanged (every
         * animation of the step has ended) is not read back either. */
        bool still = frame_is_still(tl, &cursor, k, job->fps), drawn = false, unchanged = false;
        if (!still) {
            s = draw_frame(w, scene, tl, k, &unchanged, err);
            drawn = true;
            still = unchanged;
        }
        if (s == LR_OK && still && !w->still_valid)
            s = still_begin(w, first, id, sink, err);
        if (s == LR_OK && still && w->still_valid) {
            w->section_stills++;
            w->frames_unchanged += unchanged;
            w->still_view.index = k;
            s = sink->repeat ? sink->repeat(sink->data, err) : sink->frame(sink->data, &w->still_view, err);
            w->frames_repeated += sink->repeat != NULL;
        } else if (s == LR_OK) {
            w->still_valid = false;
            if (!drawn)
                s = draw_frame(w, scene, tl, k, &unchanged, err);
            if (s == LR_OK && unchanged)
                w->frames_drawn++; /* not drawn, but read back as if it had been */
            if (s == LR_OK)
                s = frame_out(w, k, first, id, sink, err);
        }
        /* The last frames of the run leave before it ends: its scene is
         * destroyed below, and the clip is closed after. */
        while (s == LR_OK && w->ring && k + 1 == end && lr_readback_pending(w->ring) > 0)
            s = ring_pop(w, first, id, sink, false, err);
        if (s == LR_OK && !report_progress(job, index, k + 1, frames, false))
            s = lr_error_set(err, LR_ERR_CANCELLED, "render cancelled");
        if (s != LR_OK && err && strncmp(err->message, "section", 7) != 0) {
            char why[sizeof err->message];
            snprintf(why, sizeof why, "%s", err->message);
            lr_error_set(err, s, "section \"%s\", frame %lld: %s", id, (long long)k, why);
        }
    }
    if (s != LR_OK && w->ring) {
        /* Frames still pending are dropped, but keep their numbers: the
         * ring's index counts every begin. */
        lr_readback_reset(w->ring);
    }
    stage_add(job, &job->stages.frames_s, &t0);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    stage_add(job, &job->stages.build_s, &t0);
    return s;
}

/* ---- MP4 ------------------------------------------------------------------ */

static lr_status push_frame(void *enc, const lr_frame_view *frame, lr_error *err)
{
    if (frame->format == LR_READBACK_RGBA)
        return lr_encoder_push_rgba(enc, frame->pixels, frame->stride, err);
    return lr_encoder_push_yuv(enc, frame->planes, frame->strides, err);
}

static lr_status push_repeat(void *enc, lr_error *err)
{
    return lr_encoder_push_repeat(enc, err);
}

static lr_status push_lent(void *enc, const lr_frame_view *frame, void (*release)(void *), void *user, lr_error *err)
{
    return lr_encoder_lend_rgba(enc, frame->pixels, frame->stride, release, user, err);
}

/* How every clip of the job is encoded. */
static lr_encoder_desc clip_desc(const render_job *job, const char *path)
{
    lr_encoder_desc desc = lr_encoder_desc_default(path, job->width, job->height, job->fps);
    desc.codec = job->out.codec;
    desc.alpha = job->out.alpha;
    desc.quality = job->opt->quality;
    desc.preset = job->opt->preset;
    desc.options = job->opt->encoder_options;
    desc.every_frame = job->opt->every_frame;
    desc.threads = job->encoder_threads;
    return desc;
}

/* Frames [from, to) of section `index` into the clip at `path`. */
static lr_status render_clip(render_worker *w, size_t index, int64_t from, int64_t to, const char *path,
                             lr_error *err)
{
    render_job *job = w->job;
    lr_encoder_desc desc = clip_desc(job, path);
    /* The first clip chooses the encoder; the others ask for it by name,
     * once it is known. Trying NVENC costs a CUDA context each time: on the
     * H100, where the driver then refuses the session, the 480p example in
     * 17 clips (4 workers) took 8.3 s, its 1080p60 render 10.6 s where 5
     * clips had taken 7.0 s. */
    pthread_mutex_lock(&job->choose_lock);
    bool choosing = job->chosen_encoder[0] == '\0';
    if (!choosing)
        pthread_mutex_unlock(&job->choose_lock);
    desc.encoder = choosing ? job->opt->encoder : job->chosen_encoder;
    lr_encoder *enc;
    double t0 = now_s();
    lr_status s = lr_encoder_open(&desc, &enc, err);
    if (choosing) {
        if (s == LR_OK)
            snprintf(job->chosen_encoder, sizeof job->chosen_encoder, "%s", lr_encoder_name(enc));
        pthread_mutex_unlock(&job->choose_lock);
    }
    if (s != LR_OK)
        return s;
    /* Frames in the form the encoder takes with the least work: converted
     * on the GPU for x264 (yuv420p) and VAAPI (NV12), RGBA for NVENC. */
    lr_frame_format input = LR_FRAME_RGBA;
    lr_video_readback mode = job->opt->readback;
    if (mode == LR_VIDEO_READBACK_AUTO)
        mode = lr_context_is_software(w->ctx) ? LR_VIDEO_READBACK_RGBA : LR_VIDEO_READBACK_YUV;
    if (job->out.alpha && mode == LR_VIDEO_READBACK_YUV)
        mode = LR_VIDEO_READBACK_RGBA; /* the YUV pass drops alpha */
    if (mode == LR_VIDEO_READBACK_YUV)
        input = lr_encoder_native_input(enc);
    if (input != LR_FRAME_RGBA)
        s = lr_encoder_set_input(enc, input, err);
    lr_readback_format format = input == LR_FRAME_YUV420P ? LR_READBACK_YUV420P
                                : input == LR_FRAME_NV12  ? LR_READBACK_NV12
                                                          : LR_READBACK_RGBA;
    if (s == LR_OK && w->ring && w->ring_format != format) {
        lr_readback_destroy(w->ring);
        w->ring = NULL;
        w->ring_frames = 0;
    }
    if (s == LR_OK && !w->ring && job->opt->readback != LR_VIDEO_READBACK_SYNC) {
        /* A GPU copies frames while it draws the next ones: three in
         * flight. On llvmpipe, where the same threads draw and copy, a
         * second frame in flight was no faster (bench/vs_manim, 480p and
         * 1080p) and held 8.3 MB more at 1080p: one.
         * RGBA frames are also lent to the encoder thread until it has
         * converted them (ring_pop): one buffer more, so that the next
         * frame goes into a buffer given back a frame ago and not into the
         * one just lent, which would wait for the encoder. */
        w->ring_in_flight = lr_context_is_software(w->ctx) ? 1 : 3;
        int lent = format == LR_READBACK_RGBA ? 1 : 0;
        s = lr_readback_create(w->ctx, w->ring_in_flight + lent, format, &w->ring, err); /* 2 at least: its minimum */
        w->ring_format = format;
    }
    if (s != LR_OK) {
        lr_encoder_abort(enc);
        return s;
    }
    pthread_mutex_lock(&job->lock);
    if (choosing || job->report_pending) /* the report that says why */
        snprintf(job->opt->encoder_report, sizeof job->opt->encoder_report, "%s", lr_encoder_report(enc));
    job->report_pending = false;
    pthread_mutex_unlock(&job->lock);
    stage_add(job, &job->stages.encoder_open_s, &t0);
    frame_sink sink = {push_frame, push_repeat, push_lent, enc};
    s = render_section(w, index, from, to, &sink, err);
    if (s != LR_OK) {
        lr_encoder_abort(enc);
        return s;
    }
    t0 = now_s();
    lr_encoder_stats stats;
    s = lr_encoder_finish(enc, &stats, err);
    pthread_mutex_lock(&job->lock);
    job->stages.frames_held += s == LR_OK ? stats.held : 0;
    pthread_mutex_unlock(&job->lock);
    stage_add(job, &job->stages.encoder_finish_s, &t0);
    return s;
}

static bool isalnum_ascii(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The clip of section `index` ("02-squares.mp4"), or with part_from >= 0 of
 * its part that begins at that frame ("02-squares.f000130.mp4"); `ext` is
 * the clips' extension (video_output.clip_ext). */
static void clip_path(char *buf, size_t size, const char *dir, size_t index, const char *id, int64_t part_from,
                      const char *ext)
{
    snprintf(buf, size, "%s/%02zu-", dir, index + 1);
    size_t used = strlen(buf);
    /* Section ids come from the spec: keep only filename-safe characters. */
    for (const char *p = id; *p && used + 13 < size; p++)
        buf[used++] = (isalnum_ascii(*p) || *p == '-' || *p == '_') ? *p : '_';
    if (part_from >= 0)
        snprintf(buf + used, size - used, ".f%06lld%s", (long long)part_from, ext);
    else
        snprintf(buf + used, size - used, "%s", ext);
}

/* A run of frames of one section, rendered into one clip. */
typedef struct clip_part {
    size_t section;
    int64_t from, to; /* frames [from, to) */
    bool whole;       /* the whole section: its clip is the section's clip */
    char *path;
} clip_part;

/* Sections rendered at once, each worker with its own GL context and
 * encoder: on a software rasteriser one context keeps about one core busy
 * (llvmpipe's triangle setup and rasterisation take turns), and on a GPU the
 * encoders are the bottleneck. Work is handed out in parts: a worker takes
 * the next frames of the section in turn, about 1/(2n) of the frames left
 * (n workers) but at least one key-frame interval (2 s), and never leaves a
 * shorter tail; so the workers finish together instead of one rendering the
 * last section alone. The parts are joined in order, like sections. */
typedef struct clip_pool {
    render_job *job;
    const char *dir;
    size_t workers;
    size_t section;         /* the section handed out next */
    int64_t next_frame;     /* and its next frame */
    int64_t section_frames; /* its length */
    int64_t frames_left;    /* of all sections, not yet handed out */
    clip_part *parts;       /* handed out so far (and the cached sections'); in playing order once sorted */
    size_t nparts, cap;
    lr_status status; /* the first failure */
    lr_error err;
    /* The clip cache (NULL: none): each section's key, and whether its
     * clip came from the cache (then it is not handed out); indexed from
     * the job's first section. */
    clip_cache *cache;
    clip_key *keys;
    bool *cached;
    int64_t cached_frames;
    /* The context render_clips made to see what draws, for the first
     * worker to take. */
    lr_context *ready_ctx;
} clip_pool;

static int64_t section_frame_count(const render_job *job, size_t index)
{
    return lr_frame_count(video_narration_duration(job->narration, job->spec, index), job->fps);
}

static bool pool_cached(const clip_pool *pool, size_t section)
{
    return pool->cached && pool->cached[section - pool->job->first];
}

/* Hands out section `section` next, or the first after it that is not
 * cached. */
static void pool_enter_section(clip_pool *pool, size_t section)
{
    render_job *job = pool->job;
    while (section < job->last && pool_cached(pool, section))
        section++;
    pool->section = section;
    pool->next_frame = 0;
    pool->section_frames = section < job->last ? section_frame_count(job, section) : 0;
}

/* The next part into pool->parts[*taken] (SIZE_MAX: none left), under the
 * job's lock. */
static lr_status pool_take_locked(clip_pool *pool, size_t *taken, lr_error *err)
{
    render_job *job = pool->job;
    *taken = SIZE_MAX;
    if (job->stop || pool->section >= job->last)
        return LR_OK;
    int64_t left = pool->section_frames - pool->next_frame;
    int64_t size = left;
    if (pool->workers > 1) {
        int64_t least = 2 * (int64_t)job->fps, shares = 2 * (int64_t)pool->workers;
        int64_t share = (pool->frames_left + shares - 1) / shares;
        size = share < least ? least : share;
        if (left - size < least)
            size = left;
    }
    clip_part *grown = lr_grow(pool->parts, &pool->cap, pool->nparts, sizeof *grown, 16);
    if (!grown)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    pool->parts = grown;
    clip_part *part = &pool->parts[pool->nparts];
    part->section = pool->section;
    part->from = pool->next_frame;
    part->to = pool->next_frame + size;
    part->whole = part->from == 0 && size == pool->section_frames;
    char path[4200];
    clip_path(path, sizeof path, pool->dir, part->section, lr_spec_section_id(job->spec, part->section),
              part->whole ? -1 : part->from, job->out.clip_ext);
    if (!(part->path = strdup(path)))
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    *taken = pool->nparts++;
    pool->next_frame += size;
    pool->frames_left -= size;
    if (pool->next_frame >= pool->section_frames)
        pool_enter_section(pool, pool->section + 1);
    return LR_OK;
}

static void pool_fail(clip_pool *pool, lr_status s, const lr_error *err)
{
    pthread_mutex_lock(&pool->job->lock);
    if (pool->status == LR_OK) {
        pool->status = s;
        pool->err = *err;
        pool->job->stop = true;
    }
    pthread_mutex_unlock(&pool->job->lock);
}

static void *clip_worker(void *arg)
{
    clip_pool *pool = arg;
    render_job *job = pool->job;
    render_worker w;
    lr_error err = {0};
    pthread_mutex_lock(&job->lock);
    lr_context *ready = pool->ready_ctx;
    pool->ready_ctx = NULL;
    pthread_mutex_unlock(&job->lock);
    lr_status s = worker_init_with(&w, job, ready, &err);
    while (s == LR_OK) {
        size_t taken;
        pthread_mutex_lock(&job->lock);
        s = pool_take_locked(pool, &taken, &err);
        /* A copy: the array may grow while this part renders. */
        clip_part part = s == LR_OK && taken != SIZE_MAX ? pool->parts[taken] : (clip_part){0};
        pthread_mutex_unlock(&job->lock);
        if (s != LR_OK || taken == SIZE_MAX)
            break;
        s = render_clip(&w, part.section, part.from, part.to, part.path, &err);
    }
    if (s != LR_OK)
        pool_fail(pool, s, &err);
    worker_free(&w);
    return NULL;
}

/* Seconds of video each worker beyond the first needs on a software
 * rasteriser (render_clips). */
#define SOFTWARE_SECONDS_PER_WORKER 20

/* The backend lr_context_create will use, as far as it is GLFW: asked for,
 * or AUTO with LR_BACKEND=glfw in the environment. */
static bool backend_is_glfw(lr_backend backend)
{
    const char *env = getenv("LR_BACKEND");
    if (backend == LR_BACKEND_AUTO && env && *env)
        lr_backend_parse(env, &backend);
    return backend == LR_BACKEND_GLFW;
}

static size_t worker_count(const lr_video_options *opt)
{
    if (backend_is_glfw(opt->backend))
        return 1; /* GLFW is one library per process: one window at a time */
    long n = opt->jobs;
    if (n <= 0) {
        n = sysconf(_SC_NPROCESSORS_ONLN);
        n = n < 1 ? 1 : n > 4 ? 4 : n;
    }
    return (size_t)n;
}

static int part_order(const void *a, const void *b)
{
    const clip_part *x = a, *y = b;
    if (x->section != y->section)
        return x->section < y->section ? -1 : 1;
    return (x->from > y->from) - (x->from < y->from);
}

static lr_status render_clips(clip_pool *pool, lr_error *err)
{
    render_job *job = pool->job;
    double t0 = now_s();
    pool->workers = worker_count(job->opt);
    pool->frames_left = job->total_frames - pool->cached_frames;
    pool_enter_section(pool, job->first);
    /* More workers than frames to share would only open contexts; with
     * every section cached, none is needed. */
    int64_t least = 2 * (int64_t)job->fps;
    if ((int64_t)pool->workers > pool->frames_left / least + 1)
        pool->workers = (size_t)(pool->frames_left / least + 1);
    if (pool->frames_left == 0)
        pool->workers = 0;
    if (pool->workers > 1 && job->opt->jobs <= 0) {
        /* On a software rasteriser the workers share the cores with its
         * threads and the encoders': a second one pays for its context,
         * its encoders' memory (page faults) and the parts' key frames
         * before it saves anything. bench/vs_manim's 10 s at 480p15, 2
         * cores, load 12: one worker 0.905 s CPU, 209 MiB, 60,950 B at
         * 53.9 dB; two (four parts) 1.042 s, 277 MiB, 67,594 B at 52.8 dB,
         * and slower in wall time too. The whole 55.6 s example gained
         * 12 % of wall time from a second worker (at 12 % more CPU). */
        lr_status s = job_context(job, &pool->ready_ctx, err);
        if (s != LR_OK)
            return s;
        int64_t per_worker = SOFTWARE_SECONDS_PER_WORKER * (int64_t)job->fps;
        size_t by_length = (size_t)(1 + pool->frames_left / per_worker);
        if (lr_context_is_software(pool->ready_ctx) && by_length < pool->workers)
            pool->workers = by_length;
        if (pool->workers > 1)
            lr_context_release_current(pool->ready_ctx); /* a worker thread takes it */
    }
    size_t n = pool->workers;
    /* The workers share the cores: each encoder gets x264's own rule (1.5
     * threads a core) applied to its share of them, not to all of them.
     * With all of them, on 2 cores and 2 workers, the whole 480p15 example
     * took 15.1 CPU ms a frame against 12.0 with one thread an encoder. */
    job->stages.workers = (int)n;
    long cores = sysconf(_SC_NPROCESSORS_ONLN), share = n > 1 ? 3 * cores / (2 * (long)n) : 0;
    if (n > 1)
        job->encoder_threads = share > 1 ? (int)share : 1;
    if (n == 1) {
        clip_worker(pool);
    } else if (n > 1) {
        pthread_t *threads = calloc(n, sizeof *threads);
        if (!threads)
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        size_t started = 0;
        for (; started < n; started++)
            if (pthread_create(&threads[started], NULL, clip_worker, pool) != 0)
                break;
        if (started == 0)
            clip_worker(pool); /* no thread to be had: render here */
        for (size_t i = 0; i < started; i++)
            pthread_join(threads[i], NULL);
        free(threads);
    }
    lr_context_destroy(pool->ready_ctx); /* taken by a worker, unless none ran */
    pool->ready_ctx = NULL;
    job->stages.workers_s = now_s() - t0;
    job->opt->clips_encoded = 0;
    for (size_t i = 0; i < pool->nparts; i++)
        job->opt->clips_encoded += !pool_cached(pool, pool->parts[i].section);
    /* Workers hand parts out in playing order, but the cached sections'
     * were added first. */
    if (pool->nparts > 1) /* parts is NULL when none was made (qsort's NULL is UB even for 0) */
        qsort(pool->parts, pool->nparts, sizeof *pool->parts, part_order);
    if (pool->status != LR_OK && err)
        *err = pool->err;
    return pool->status;
}

/* The clips, in playing order, into `output`: joined with the narration
 * when there is one, or made into a GIF. */
static bool join_go_on(void *user);

static lr_status join_final(render_job *job, const char *const *inputs, size_t n, const char *output, lr_error *err)
{
    if (job->out.format == LR_VIDEO_FORMAT_GIF)
        return lr_gif_write(inputs, n, output, err);
    lr_join_hooks hooks = {join_go_on, NULL, job};
    return job->narration ? video_narration_finish(job->narration, inputs, n, output, &hooks, err)
                          : lr_mux_join(inputs, n, NULL, 0, output, &hooks, err);
}

/* Asked while the clips are joined: the caller may still cancel. */
static bool join_go_on(void *user)
{
    render_job *job = user;
    pthread_mutex_lock(&job->lock);
    bool go_on = !job->stop;
    if (go_on && job->opt->progress) {
        int64_t frames = section_frame_count(job, job->last - 1);
        go_on = report_progress_locked(job, job->last - 1, frames, frames, false, true);
    }
    job->stop = !go_on;
    pthread_mutex_unlock(&job->lock);
    return go_on;
}

/* ---- the clip cache ------------------------------------------------------- */

/* Everything besides the spec that changes the clips' bytes. The encoder is
 * the one that will run ("auto" may open NVENC on one machine and x264 on
 * another); the readback path is not (its frames are the same bytes). */
static void cache_options(const render_job *job, char *buf, size_t size)
{
    const lr_video_options *o = job->opt;
    snprintf(buf, size,
             "%dx%d@%d codec=%d alpha=%d quality=%d preset=%s encoder=%s samples=%d options=%s every_frame=%d",
             job->width, job->height, job->fps, (int)job->out.codec, job->out.alpha, o->quality,
             o->preset ? o->preset : "-", job->chosen_encoder, o->samples,
             o->encoder_options ? o->encoder_options : "-", o->every_frame);
}

/* Opens the encoder the clips will use once, to know it (and so key the
 * clips by it); later clips then open it by name. */
static lr_status cache_probe_encoder(clip_pool *pool, lr_error *err)
{
    render_job *job = pool->job;
    char path[4200];
    snprintf(path, sizeof path, "%s/encoder-probe%s", pool->dir, job->out.clip_ext);
    lr_encoder_desc desc = clip_desc(job, path);
    desc.encoder = job->opt->encoder;
    lr_encoder *enc;
    lr_status s = lr_encoder_open(&desc, &enc, err);
    if (s != LR_OK)
        return s;
    snprintf(job->chosen_encoder, sizeof job->chosen_encoder, "%s", lr_encoder_name(enc));
    job->report_pending = true;
    lr_encoder_abort(enc);
    return LR_OK;
}

/* Opens the cache, keys every section (building it: its outlines are part
 * of the key) and takes the clips the cache has into the clips' folder. */
static lr_status cache_prepare(clip_pool *pool, lr_error *err)
{
    render_job *job = pool->job;
    const lr_video_options *o = job->opt;
    size_t n = job->last - job->first;
    lr_status s = clip_cache_open(o->cache_dir, o->cache_max_bytes, &pool->cache, err);
    if (s == LR_OK && o->cache_flush)
        clip_cache_flush(pool->cache);
    if (s == LR_OK && !((pool->keys = calloc(n, sizeof *pool->keys)) && (pool->cached = calloc(n, sizeof(bool)))))
        s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK)
        s = cache_probe_encoder(pool, err);
    char options[512];
    cache_options(job, options, sizeof options);
    for (size_t i = job->first; s == LR_OK && i < job->last; i++) {
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        s = build_section(job, i, &scene, &tl, err);
        if (s == LR_OK)
            s = clip_key_make(job->spec, i, options, video_narration_timing(job->narration, i), scene,
                              &pool->keys[i - job->first], err);
        lr_timeline_destroy(tl);
        lr_scene_destroy(scene);
        if (s != LR_OK)
            break;
        char path[4200];
        clip_path(path, sizeof path, pool->dir, i, lr_spec_section_id(job->spec, i), -1, job->out.clip_ext);
        if (!clip_cache_fetch(pool->cache, &pool->keys[i - job->first], job->out.clip_ext, path))
            continue;
        clip_part *grown = lr_grow(pool->parts, &pool->cap, pool->nparts, sizeof *grown, 16);
        char *copy = grown ? strdup(path) : NULL;
        if (!copy) {
            remove(path);
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
            break;
        }
        pool->parts = grown;
        int64_t frames = section_frame_count(job, i);
        pool->parts[pool->nparts++] = (clip_part){.section = i, .from = 0, .to = frames, .whole = true, .path = copy};
        pool->cached[i - job->first] = true;
        pool->cached_frames += frames;
    }
    /* The cached sections' frames are done already, as far as progress
     * goes. */
    job->done_frames += pool->cached_frames;
    return s;
}

/* A section clip just made goes into the cache (a failure there costs a
 * later render time, not this one its video). */
static void cache_keep(clip_pool *pool, size_t section, const char *path)
{
    if (!pool->cache || pool_cached(pool, section))
        return;
    lr_error ignored;
    clip_cache_store(pool->cache, &pool->keys[section - pool->job->first], pool->job->out.clip_ext, path, &ignored);
}

static void cache_finish(clip_pool *pool)
{
    render_job *job = pool->job;
    size_t cached = 0;
    for (size_t i = job->first; pool->cached && i < job->last; i++)
        cached += pool_cached(pool, i);
    job->opt->sections_cached = (int64_t)cached;
    job->opt->sections_encoded = (int64_t)(job->last - job->first - cached);
    if (pool->cache)
        clip_cache_trim(pool->cache);
    clip_cache_close(pool->cache);
    free(pool->keys);
    free(pool->cached);
}

/* The parts joined into `output`, with the narration when there is one.
 * With `keep`, the parts of a split section are first joined into the
 * section's clip (what keep_clips promises), and the video is joined from
 * the section clips. */
static lr_status join_clips(clip_pool *pool, const char *output, bool keep, lr_error *err)
{
    const char **inputs = calloc(pool->nparts ? pool->nparts : 1, sizeof *inputs);
    char **joined = calloc(pool->nparts ? pool->nparts : 1, sizeof *joined);
    size_t n = 0;
    lr_status s = inputs && joined ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    for (size_t i = 0, j; s == LR_OK && i < pool->nparts; i = j) {
        const clip_part *part = &pool->parts[i];
        for (j = i; j < pool->nparts && pool->parts[j].section == part->section; j++)
            inputs[n + j - i] = pool->parts[j].path;
        /* The cache keeps whole sections: a split one is joined first. */
        if ((!keep && !pool->cache) || j - i == 1) {
            if (j - i == 1)
                cache_keep(pool, part->section, part->path);
            n += j - i;
            continue;
        }
        char path[4200];
        clip_path(path, sizeof path, pool->dir, part->section, lr_spec_section_id(pool->job->spec, part->section),
                  -1, pool->job->out.clip_ext);
        s = lr_video_concat(inputs + n, j - i, path, err);
        if (s == LR_OK && !(joined[n] = strdup(path)))
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        if (s == LR_OK)
            inputs[n] = joined[n];
        if (s == LR_OK)
            cache_keep(pool, part->section, path);
        n++;
    }
    if (s == LR_OK)
        s = join_final(pool->job, inputs, n, output, err);
    for (size_t i = 0; joined && i < pool->nparts; i++)
        free(joined[i]);
    free(joined);
    free(inputs);
    return s;
}

/* Removes every clip file except, with `keep`, the section clips. */
static void pool_free(clip_pool *pool, bool keep)
{
    for (size_t i = 0; i < pool->nparts; i++) {
        const clip_part *part = &pool->parts[i];
        if (!keep || !part->whole)
            remove(part->path);
        if (!keep && !part->whole && part->from == 0) {
            char path[4200]; /* the split section's joined clip, if one was made */
            clip_path(path, sizeof path, pool->dir, part->section,
                      lr_spec_section_id(pool->job->spec, part->section), -1, pool->job->out.clip_ext);
            remove(path);
        }
        free(part->path);
    }
    free(pool->parts);
}

/* A failure the clips' encoder or joiner named by a file inside `inner` (the
 * clips' folder, or the temporary clip) is told about the output the caller
 * asked for: "<inner>/01-a.mp4: encoder ..." becomes "<output>: encoder ...". */
static void error_names_output(lr_error *err, const char *inner, const char *output)
{
    size_t n = strlen(inner);
    if (!err || strncmp(err->message, inner, n) != 0)
        return;
    const char *rest = err->message + n;
    if (*rest == '/')
        rest += strcspn(rest, ":");
    if (*rest != ':')
        return;
    char why[sizeof err->message];
    snprintf(why, sizeof why, "%s", rest);
    lr_error_set(err, err->status, "%s%s", output, why);
}

/* The output's folder must be there: otherwise the first thing to fail would
 * be the clips' folder beside it, a name the caller never gave. */
static lr_status output_folder_check(const char *output, lr_error *err)
{
    const char *slash = strrchr(output, '/');
    if (!slash || slash == output)
        return LR_OK;
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", (int)(slash - output), output);
    struct stat st;
    if (stat(dir, &st) != 0)
        return lr_error_set(err, LR_ERR_IO, "%s: cannot be written: its folder %s %s", output, dir,
                            errno == ENOENT ? "does not exist" : strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return lr_error_set(err, LR_ERR_IO, "%s: cannot be written: %s is not a folder", output, dir);
    return LR_OK;
}

/* ---- the output's lock, and what killed renders left -------------------- */

/* "<output>.lock", locked (flock) while a render writes `output`, holding
 * its pid for the message of a render refused meanwhile. */
typedef struct output_lock {
    int fd;
    char *path;
} output_lock;

static lr_status output_lock_take(const char *output, output_lock *lk, lr_error *err)
{
    lk->fd = -1;
    size_t n = strlen(output) + 8;
    if (!(lk->path = malloc(n)))
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    snprintf(lk->path, n, "%s.lock", output);
    /* A render that finishes removes the file while it holds the lock; one
     * that opened it just before then locks a file no longer there, which
     * keeps no one out: the name must still lead to what was locked. */
    for (int attempt = 0; attempt < 16; attempt++) {
        int fd = open(lk->path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0)
            return lr_error_set(err, LR_ERR_IO, "%s: cannot create the lock file %s (%s)", output, lk->path,
                                strerror(errno));
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            if (e == ENOLCK || e == EINVAL || e == EOPNOTSUPP) { /* no locks on this file system */
                close(fd);
                return LR_OK;
            }
            char pid[24] = "";
            ssize_t got = pread(fd, pid, sizeof pid - 1, 0);
            pid[got > 0 ? got : 0] = 0;
            pid[strcspn(pid, "\n")] = 0;
            close(fd);
            if (e == EWOULDBLOCK)
                return lr_error_set(err, LR_ERR_IO,
                                    "%s: another render (pid %s) is writing this file; wait for it to end or choose "
                                    "another output",
                                    output, pid[0] ? pid : "unknown");
            return lr_error_set(err, LR_ERR_IO, "%s: cannot lock %s (%s)", output, lk->path, strerror(e));
        }
        struct stat held, named;
        if (fstat(fd, &held) == 0 && stat(lk->path, &named) == 0 && held.st_dev == named.st_dev &&
            held.st_ino == named.st_ino) {
            char pid[24];
            int len = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)len, 0) != len) {
                /* only the other render's message would miss the pid */
            }
            lk->fd = fd;
            return LR_OK;
        }
        close(fd);
    }
    return lr_error_set(err, LR_ERR_IO, "%s: cannot take the lock %s: it keeps being replaced", output, lk->path);
}

static void output_lock_release(output_lock *lk)
{
    if (lk->fd >= 0) {
        unlink(lk->path); /* before the unlock: see output_lock_take */
        close(lk->fd);
    }
    free(lk->path);
    lk->path = NULL;
    lk->fd = -1;
}

/* Whether `name` is `prefix` + `mark` + the pid of a process that is gone
 * ("out.mp4" ".part-" "1234"): what a render killed (SIGKILL, a crash, a
 * power cut) before it could clean up leaves under such names. */
static bool stale_name(const char *name, const char *prefix, const char *mark)
{
    size_t pl = strlen(prefix), ml = strlen(mark);
    if (strncmp(name, prefix, pl) != 0 || strncmp(name + pl, mark, ml) != 0)
        return false;
    const char *digits = name + pl + ml;
    char *end;
    errno = 0;
    long pid = strtol(digits, &end, 10);
    if (end == digits || *digits < '0' || *digits > '9' || pid <= 0 || errno)
        return false;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Removes the plain files of folder `name` (in `dir`), then the folder. */
static void remove_folder(int dir, const char *name)
{
    int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        return;
    }
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
    unlinkat(dir, name, AT_REMOVEDIR);
}

/* What killed renders of `output` left beside it: clip folders, temporary
 * videos and subtitle files, and temporary clips in the kept clips' folder.
 * Run while holding the output's lock. */
static void remove_stale(const char *output)
{
    const char *slash = strrchr(output, '/');
    char dir[4096], base[1024], vtt[1100], srt[1100];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - output) + 1 : 1, slash ? output : ".");
    snprintf(base, sizeof base, "%s", slash ? slash + 1 : output);
    video_subtitle_path(vtt, sizeof vtt, base, ".vtt");
    video_subtitle_path(srt, sizeof srt, base, ".srt");
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (stale_name(e->d_name, base, ".sections-"))
            remove_folder(dirfd(d), e->d_name);
        else if (stale_name(e->d_name, base, ".part-") || stale_name(e->d_name, base, ".video-") ||
                 stale_name(e->d_name, vtt, ".part-") || stale_name(e->d_name, srt, ".part-"))
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
    /* The kept clips' folder is shared by every render that keeps them:
     * only temporary clips of the dead go. */
    char kept[4200];
    snprintf(kept, sizeof kept, "%s.sections", output);
    int kd = open(kept, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *k = kd >= 0 ? fdopendir(kd) : NULL;
    if (!k && kd >= 0)
        close(kd);
    for (struct dirent *e; k && (e = readdir(k));) {
        const char *part = strstr(e->d_name, ".part-");
        char clip[512];
        if (part && (size_t)(part - e->d_name) < sizeof clip) {
            snprintf(clip, sizeof clip, "%.*s", (int)(part - e->d_name), e->d_name);
            if (stale_name(e->d_name, clip, ".part-"))
                unlinkat(dirfd(k), e->d_name, 0);
        }
    }
    if (k)
        closedir(k);
}

/* The folder the clips go to: "<output>.sections" when they are kept, else
 * one of this render's own, "<output>.sections-<pid>-XXXXXX". */
static lr_status clips_folder(const char *output, bool keep, char *dir, size_t size, lr_error *err)
{
    int w = keep ? snprintf(dir, size, "%s.sections", output)
                 : snprintf(dir, size, "%s.sections-%ld-XXXXXX", output, (long)getpid());
    if (w < 0 || (size_t)w >= size)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the output path is too long", output);
    if (keep ? mkdir(dir, 0755) != 0 && errno != EEXIST : !mkdtemp(dir))
        return lr_error_set(err, LR_ERR_IO, "%s: cannot create folder (%s)", dir, strerror(errno));
    if (!keep)
        chmod(dir, 0755); /* mkdtemp's 0700, as mkdir would have made it */
    return LR_OK;
}

lr_status lr_video_render(const lr_spec *spec, const char *output, lr_video_options *opt, lr_error *err)
{
    if (!spec || !output || !opt)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_video_render: no spec, output or options");
    opt->clips_encoded = 0;
    opt->sections_encoded = opt->sections_cached = 0;
    memset(&opt->stages, 0, sizeof opt->stages);
    double t_start = now_s();
    video_output plan;
    lr_status s = video_output_plan(output, opt, &plan, err);
    if (s == LR_OK)
        s = output_folder_check(output, err);
    if (s != LR_OK)
        return s;
    output_lock lock;
    s = output_lock_take(output, &lock, err);
    if (s != LR_OK) {
        free(lock.path);
        return s;
    }
    remove_stale(output);
    render_job job;
    s = job_init(&job, spec, opt, err);
    job.out = plan;
    if (s != LR_OK) {
        job_free(&job);
        output_lock_release(&lock);
        return s;
    }
    /* With narration, the track is encoded while the frames are drawn and
     * joined with the video-only clips at the end (narrate.c). */
    if (job.narration)
        s = video_narration_start(job.narration, job.fps, plan.audio, err);
    double t0 = now_s();
    job.stages.plan_s = t0 - t_start;
    if (s == LR_OK && opt->section_id) {
        /* The one clip is the output, unless it must still be joined with
         * the narration or made into a GIF. */
        char silent[4200];
        snprintf(silent, sizeof silent, "%s.video-%ld%s", output, (long)getpid(), plan.clip_ext);
        bool via_clip = job.narration || plan.format == LR_VIDEO_FORMAT_GIF;
        const char *clip = via_clip ? silent : output;
        render_worker w;
        job.stages.workers = 1;
        s = worker_init(&w, &job, err);
        if (s == LR_OK)
            s = render_clip(&w, job.first, 0, -1, clip, err);
        worker_free(&w);
        opt->clips_encoded = opt->sections_encoded = s == LR_OK;
        job.stages.workers_s = now_s() - t0;
        t0 = now_s();
        if (s == LR_OK && via_clip)
            s = join_final(&job, &clip, 1, output, err);
        job.stages.join_s = now_s() - t0;
        if (via_clip)
            remove(silent);
        if (s != LR_OK)
            error_names_output(err, silent, output);
    } else if (s == LR_OK) {
        char dir[4096];
        s = clips_folder(output, opt->keep_clips, dir, sizeof dir, err);
        clip_pool pool = {.job = &job, .dir = dir};
        if (s == LR_OK && opt->cache)
            s = cache_prepare(&pool, err);
        job.stages.cache_s = now_s() - t0;
        if (s == LR_OK)
            s = render_clips(&pool, err);
        t0 = now_s();
        if (s == LR_OK)
            s = join_clips(&pool, output, opt->keep_clips, err);
        cache_finish(&pool);
        pool_free(&pool, opt->keep_clips && s == LR_OK);
        if (!opt->keep_clips)
            rmdir(dir);
        job.stages.join_s = now_s() - t0;
        if (s != LR_OK)
            error_names_output(err, dir, output);
    }
    if (s == LR_OK)
        report_progress(&job, job.last - 1, 0, 0, true);
    job.stages.total_s = now_s() - t_start;
    job.stages.frames = job.total_frames;
    job_free(&job);
    output_lock_release(&lock);
    return s;
}

/* ---- PNG ------------------------------------------------------------------ */

typedef struct png_sink {
    const char *pattern;
    int64_t next; /* frame number across sections */
} png_sink;

static lr_status write_png(void *data, const lr_frame_view *frame, lr_error *err)
{
    png_sink *sink = data;
    char path[4096];
    snprintf(path, sizeof path, sink->pattern, (int)sink->next++);
    /* Synchronous readback: the view is an lr_image's, rows top-down. */
    lr_image img = {frame->width, frame->height, frame->stride, (uint8_t *)frame->pixels};
    return lr_image_write_png(&img, path, err);
}

/* A pattern with exactly one integer conversion, since it goes to snprintf. */
static bool pattern_ok(const char *pattern)
{
    int conversions = 0;
    for (const char *p = pattern; *p; p++) {
        if (*p != '%')
            continue;
        if (p[1] == '%') {
            p++;
            continue;
        }
        p++;
        while (*p >= '0' && *p <= '9')
            p++;
        if (*p != 'd')
            return false;
        conversions++;
    }
    return conversions == 1;
}

lr_status lr_video_render_png_sequence(const lr_spec *spec, const char *pattern, lr_video_options *opt, lr_error *err)
{
    if (!spec || !pattern || !opt)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_video_render_png_sequence: no spec, pattern or options");
    if (!pattern_ok(pattern))
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "frame pattern \"%s\" must hold exactly one %%d conversion (like frames/%%05d.png)",
                            pattern);
    render_job job;
    render_worker w = {0};
    lr_status s = job_init(&job, spec, opt, err);
    if (s == LR_OK)
        s = worker_init(&w, &job, err);
    png_sink pngs = {pattern, 0};
    frame_sink sink = {write_png, NULL, NULL, &pngs};
    for (size_t i = job.first; s == LR_OK && i < job.last; i++)
        s = render_section(&w, i, 0, -1, &sink, err);
    if (s == LR_OK)
        report_progress(&job, job.last - 1, 0, 0, true);
    worker_free(&w);
    job_free(&job);
    return s;
}

lr_status lr_video_render_frame(const lr_spec *spec, double t, const lr_video_options *opt, lr_image *out,
                                lr_error *err)
{
    if (!spec || !opt || !out || !isfinite(t) || t < 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_video_render_frame: bad arguments (time %g)", t);
    lr_video_options local_opt = *opt; /* the job writes its counts back */
    render_job job;
    render_worker w = {0};
    lr_status s = job_init(&job, spec, &local_opt, err);
    if (s == LR_OK)
        s = worker_init(&w, &job, err);
    /* The section showing time t: sections last whole frames in the video. */
    size_t index = job.first;
    double local = t;
    for (; s == LR_OK && index + 1 < job.last; index++) {
        double length = (double)lr_frame_count(video_narration_duration(job.narration, spec, index), job.fps) / job.fps;
        if (local < length)
            break;
        local -= length;
    }
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (s == LR_OK)
        s = build_section(&job, index, &scene, &tl, err);
    if (s == LR_OK)
        s = lr_timeline_seek(tl, local, err);
    if (s == LR_OK)
        s = lr_context_render(w.ctx, scene, out, err);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    worker_free(&w);
    job_free(&job);
    return s;
}
