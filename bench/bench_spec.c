/* A whole scene spec through the video pipeline, stage by stage, at the two
 * sizes issue 4 sets targets for (854x480@15 and 1920x1080@60):
 *   render   seek + draw, waiting for the GPU (the renderer alone)
 *   +read    seek + draw + readback (sync: glReadPixels into memory; rgba: a
 *            PBO ring of RGBA frames; yuv: the GPU's YUV pass, then a PBO
 *            ring of yuv420p frames)
 *   +encode  the same frames pushed to the encoder (libx264 by default)
 *   mp4      wall time of lr_video_render for the whole video (all sections,
 *            clips joined), against the video's own duration
 * Frames per second and milliseconds per frame for each stage, and the
 * encoder's own split (conversion, encoding, time the GL thread waited).
 *
 *   bench_spec [spec.json] [--frames N] [--encoder E] [--readback auto|sync|rgba|yuv]
 *              [--size 480|1080|all] [--mp4 all|480|none] [--jobs N] [--preset P]
 *              [--mp4-only] [--full-redraw]
 *
 * --preset P: the encoder's preset (default: librender's, veryfast for x264).
 * --jobs N: workers of the mp4 stage (lr_video_options.jobs;
 * default 0, one per core up to 4). --mp4-only: only the mp4 stage (a cold
 * start: text and formulas are built by it, as in c2v-render).
 * --full-redraw: the render/+read/+encode stages draw every path of every
 * frame (lr_context_desc.full_redraw), for comparison with the default,
 * which starts a frame from the previous one's unchanged bottom layer.
 * --frames N limits each of the stages render/+read/+encode to the first N
 * frames of the video (default: all); the mp4 stage always renders the whole
 * video. --readback yuv converts on the GPU where the encoder takes YUV
 * (x264); auto (the default) is what lr_video_render does: yuv on a real
 * GPU, rgba on llvmpipe. Progress goes to
 * stderr, figures to stdout. */
#include <librender.h>
#include <librender/lr_video.h>

#include <libavutil/log.h>

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of the whole process (every thread: llvmpipe's, the encoder's):
 * less sensitive than wall time to other programs on a shared machine. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef enum stage { STAGE_RENDER, STAGE_READ, STAGE_ENCODE } stage;
static const char *const stage_names[] = {"render", "+read", "+encode"};

typedef struct options {
    const char *spec_path, *encoder, *preset;
    int64_t max_frames; /* 0: all */
    lr_video_readback readback;
    bool size480, size1080;
    bool mp4_480, mp4_1080;
    bool mp4_only;
    bool full_redraw;
    int jobs;
} options;

typedef struct result {
    int64_t frames;
    double wall_s, cpu_s;
    double build_ms, upload_ms, draw_ms, read_ms; /* sums */
    double paths, reused_paths, records, draw_calls; /* sums */
    lr_encoder_stats enc;
    char encoder_report[1024];
} result;

static void timing_add(result *r, const lr_context *ctx, bool read)
{
    lr_frame_timing t = lr_context_last_timing(ctx);
    r->build_ms += t.build_ms;
    r->upload_ms += t.upload_ms;
    r->draw_ms += t.draw_ms;
    r->paths += t.paths;
    r->reused_paths += t.reused_paths;
    r->records += t.quads;
    r->draw_calls += t.draw_calls;
    if (read)
        r->read_ms += t.read_ms;
}

/* Hands one read frame on: to the encoder, or nowhere. */
static lr_status frame_consume(lr_encoder *enc, const uint8_t *top_row, int stride, lr_error *err)
{
    return enc ? lr_encoder_push_rgba(enc, top_row, stride, err) : LR_OK;
}

static lr_status ring_pop(lr_readback *rb, lr_encoder *enc, result *r, lr_error *err)
{
    double t0 = now_s();
    lr_frame_view v;
    lr_status s = lr_readback_map(rb, &v, err);
    r->read_ms += (now_s() - t0) * 1e3;
    if (s != LR_OK)
        return s;
    if (v.format == LR_READBACK_RGBA)
        s = frame_consume(enc, v.pixels, v.stride, err);
    else if (enc)
        s = lr_encoder_push_yuv(enc, v.planes, v.strides, err);
    lr_readback_release(rb);
    return s;
}

static lr_status run_stage(const options *o, const lr_spec *spec, int w, int h, int fps, stage st, result *r,
                           lr_error *err)
{
    memset(r, 0, sizeof *r);
    bool tty = isatty(fileno(stderr));
    lr_context_desc cd = lr_context_desc_default(w, h);
    cd.full_redraw = o->full_redraw;
    lr_context *ctx = NULL;
    lr_status s = lr_context_create(&cd, &ctx, err);
    if (s != LR_OK)
        return s;
    /* Rendering alone must wait for the GPU or it measures command
     * submission; with readback, the read itself waits. */
    lr_context_enable_timing(ctx, st == STAGE_RENDER);
    lr_encoder *enc = NULL;
    if (st == STAGE_ENCODE) {
        char path[64];
        snprintf(path, sizeof path, "/tmp/bench_spec-%d.mp4", (int)getpid());
        lr_encoder_desc ed = lr_encoder_desc_default(path, w, h, fps);
        ed.encoder = o->encoder;
        ed.preset = o->preset;
        s = lr_encoder_open(&ed, &enc, err);
        if (s != LR_OK) {
            lr_context_destroy(ctx);
            return s;
        }
        snprintf(r->encoder_report, sizeof r->encoder_report, "%s", lr_encoder_report(enc));
    }
    lr_readback *rb = NULL;
    lr_video_readback mode = o->readback;
    if (mode == LR_VIDEO_READBACK_AUTO)
        mode = lr_context_is_software(ctx) ? LR_VIDEO_READBACK_RGBA : LR_VIDEO_READBACK_YUV;
    lr_readback_format format = mode == LR_VIDEO_READBACK_YUV ? LR_READBACK_YUV420P : LR_READBACK_RGBA;
    if (enc && mode == LR_VIDEO_READBACK_YUV) {
        lr_frame_format in = lr_encoder_native_input(enc);
        format = in == LR_FRAME_YUV420P ? LR_READBACK_YUV420P : in == LR_FRAME_NV12 ? LR_READBACK_NV12
                                                                                    : LR_READBACK_RGBA;
        if (in != LR_FRAME_RGBA && (s = lr_encoder_set_input(enc, in, err)) == LR_OK)
            snprintf(r->encoder_report, sizeof r->encoder_report, "%s", lr_encoder_report(enc));
    }
    if (s == LR_OK && st != STAGE_RENDER && o->readback != LR_VIDEO_READBACK_SYNC)
        s = lr_readback_create(ctx, 0, format, &rb, err);
    if (s != LR_OK) {
        lr_encoder_abort(enc);
        lr_context_destroy(ctx);
        return s;
    }
    lr_image img = {0};
    double t0 = now_s(), c0 = cpu_s();
    size_t nsec = lr_spec_section_count(spec);
    for (size_t i = 0; s == LR_OK && i < nsec && (!o->max_frames || r->frames < o->max_frames); i++) {
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        s = lr_spec_build_section(spec, i, &scene, &tl, err);
        int64_t n = s == LR_OK ? lr_timeline_frame_count(tl, fps) : 0;
        for (int64_t k = 0; s == LR_OK && k < n && (!o->max_frames || r->frames < o->max_frames); k++) {
            s = lr_timeline_seek_frame(tl, k, fps, err);
            if (s == LR_OK)
                s = lr_context_draw(ctx, scene, err);
            if (s != LR_OK)
                break;
            if (st == STAGE_RENDER) {
                timing_add(r, ctx, false);
            } else if (rb) {
                timing_add(r, ctx, false);
                if (lr_readback_full(rb))
                    s = ring_pop(rb, enc, r, err);
                if (s == LR_OK)
                    s = lr_readback_begin(rb, err);
            } else {
                s = lr_context_read(ctx, &img, err);
                timing_add(r, ctx, true);
                if (s == LR_OK)
                    s = frame_consume(enc, img.pixels, img.stride, err);
            }
            r->frames++;
            /* A line kept up to date on a terminal, a plain line now and
             * then in a log. */
            if (r->frames % (tty ? 30 : 300) == 0)
                fprintf(stderr, tty ? "\r  %dx%d %-8s frame %lld" : "  %dx%d %-8s frame %lld\n", w, h, stage_names[st],
                        (long long)r->frames);
        }
        lr_timeline_destroy(tl);
        lr_scene_destroy(scene);
    }
    while (s == LR_OK && rb && lr_readback_pending(rb) > 0)
        s = ring_pop(rb, enc, r, err);
    lr_readback_destroy(rb);
    if (enc) {
        if (s == LR_OK) {
            s = lr_encoder_finish(enc, &r->enc, err);
            char path[64];
            snprintf(path, sizeof path, "/tmp/bench_spec-%d.mp4", (int)getpid());
            remove(path);
        } else {
            lr_encoder_abort(enc);
        }
    }
    r->wall_s = now_s() - t0;
    r->cpu_s = cpu_s() - c0;
    if (tty)
        fprintf(stderr, "\r%60s\r", "");
    lr_image_free(&img);
    lr_context_destroy(ctx);
    return s;
}

static void result_print(int w, int h, int fps, stage st, const result *r)
{
    double n = r->frames > 0 ? (double)r->frames : 1;
    printf("%4dx%-4d@%-2d %-8s %6lld frames %8.1f fps %8.2f ms/frame %7.2f cpu ms/frame  (build %.2f upload %.2f draw %.2f read %.2f ms",
           w, h, fps, stage_names[st], (long long)r->frames, r->wall_s > 0 ? (double)r->frames / r->wall_s : 0,
           r->wall_s * 1e3 / n, r->cpu_s * 1e3 / n, r->build_ms / n, r->upload_ms / n, r->draw_ms / n, r->read_ms / n);
    if (st == STAGE_ENCODE)
        printf("; encoder thread: convert %.2f encode %.2f ms, GL thread waited %.2f ms", r->enc.convert_s * 1e3 / n,
               r->enc.encode_s * 1e3 / n, r->enc.wait_s * 1e3 / n);
    printf(")\n");
    if (st == STAGE_RENDER)
        printf("%13s per frame: %.0f paths drawn, %.0f reused from the previous frame, %.0f edge records built, "
               "%.0f draw calls\n",
               "", r->paths / n, r->reused_paths / n, r->records / n, r->draw_calls / n);
    if (st == STAGE_ENCODE && r->encoder_report[0])
        printf("%13s encoder: %s\n", "", r->encoder_report);
}

static lr_status run_mp4(const options *o, const lr_spec *spec, int w, int h, int fps, lr_error *err)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/bench_spec-%d-whole.mp4", (int)getpid());
    lr_video_options vo = lr_video_options_default();
    vo.width = w;
    vo.height = h;
    vo.fps = fps;
    vo.encoder = o->encoder;
    vo.preset = o->preset;
    vo.readback = o->readback;
    vo.jobs = o->jobs;
    double t0 = now_s(), c0 = cpu_s();
    lr_status s = lr_video_render(spec, path, &vo, err);
    double wall = now_s() - t0, cpu = cpu_s() - c0;
    remove(path);
    if (s != LR_OK)
        return s;
    double duration = 0;
    int64_t frames = 0;
    for (size_t i = 0; i < lr_spec_section_count(spec); i++)
        frames += lr_frame_count(lr_spec_section_duration(spec, i), fps);
    duration = (double)frames / fps;
    printf("%4dx%-4d@%-2d mp4      %6lld frames %8.1f fps %8.2f ms/frame %7.2f cpu ms/frame  whole video %.2f s "
           "for %.2f s of video (%.3f of its duration), %lld clips joined\n",
           w, h, fps, (long long)frames, (double)frames / wall, wall * 1e3 / (double)frames,
           cpu * 1e3 / (double)frames, wall, duration, wall / duration, (long long)vo.clips_encoded);
    return LR_OK;
}

static int usage(void)
{
    fprintf(stderr, "usage: bench_spec [spec.json] [--frames N] [--encoder E] [--readback auto|sync|rgba|yuv]\n"
                    "                  [--size 480|1080|all] [--mp4 all|480|none] [--jobs N]\n"
                    "                  [--preset P] [--mp4-only] [--full-redraw]\n");
    return 2;
}

int main(int argc, char **argv)
{
    /* The process's memory policy c2v-render sets (docs/encoding.md, "Memory"). */
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    options o = {.spec_path = "examples/pythagorean.json", .encoder = "x264", .readback = LR_VIDEO_READBACK_AUTO,
                 .size480 = true, .size1080 = true, .mp4_480 = true, .mp4_1080 = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--frames") && v) {
            o.max_frames = atoll(v);
            i++;
        } else if (!strcmp(a, "--encoder") && v) {
            o.encoder = v;
            i++;
        } else if (!strcmp(a, "--readback") && v) {
            if (!strcmp(v, "auto")) {
                o.readback = LR_VIDEO_READBACK_AUTO;
            } else if (!strcmp(v, "yuv")) {
                o.readback = LR_VIDEO_READBACK_YUV;
            } else if (!strcmp(v, "rgba")) {
                o.readback = LR_VIDEO_READBACK_RGBA;
            } else if (!strcmp(v, "sync")) {
                o.readback = LR_VIDEO_READBACK_SYNC;
            } else {
                return usage();
            }
            i++;
        } else if (!strcmp(a, "--size") && v) {
            o.size480 = !strcmp(v, "480") || !strcmp(v, "all");
            o.size1080 = !strcmp(v, "1080") || !strcmp(v, "all");
            i++;
        } else if (!strcmp(a, "--mp4") && v) {
            o.mp4_480 = !strcmp(v, "480") || !strcmp(v, "all");
            o.mp4_1080 = !strcmp(v, "all");
            i++;
        } else if (!strcmp(a, "--preset") && v) {
            o.preset = v;
            i++;
        } else if (!strcmp(a, "--mp4-only")) {
            o.mp4_only = true;
        } else if (!strcmp(a, "--full-redraw")) {
            o.full_redraw = true;
        } else if (!strcmp(a, "--jobs") && v) {
            o.jobs = atoi(v);
            i++;
        } else if (a[0] != '-') {
            o.spec_path = a;
        } else {
            return usage();
        }
    }
    av_log_set_level(AV_LOG_WARNING); /* not the muxer's faststart note */
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    if (lr_spec_load_file(o.spec_path, &spec, errs) != LR_OK) {
        fprintf(stderr, "bench_spec: %s:\n%s\n", o.spec_path, lr_spec_errors_joined(errs));
        lr_spec_errors_destroy(errs);
        return 1;
    }
    lr_spec_errors_destroy(errs);

    struct {
        int w, h, fps;
        bool on, mp4;
    } sizes[] = {{854, 480, 15, o.size480, o.mp4_480}, {1920, 1080, 60, o.size1080, o.mp4_1080}};
    double load[3] = {0, 0, 0};
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) {
        if (fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
            load[0] = -1;
        fclose(la);
    }
    printf("bench_spec %s: readback %s, encoder %s%s; load average %.2f\n", o.spec_path,
           o.readback == LR_VIDEO_READBACK_AUTO   ? "auto"
           : o.readback == LR_VIDEO_READBACK_YUV  ? "yuv"
           : o.readback == LR_VIDEO_READBACK_RGBA ? "rgba"
                                                  : "sync",
           o.encoder, o.max_frames ? " (stages limited by --frames)" : "", load[0]);
    lr_error err = {0};
    int rc = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0] && rc == 0; z++) {
        if (!sizes[z].on)
            continue;
        for (int st = STAGE_RENDER; st <= STAGE_ENCODE && rc == 0 && !o.mp4_only; st++) {
            result r;
            if (run_stage(&o, spec, sizes[z].w, sizes[z].h, sizes[z].fps, (stage)st, &r, &err) != LR_OK)
                rc = 1;
            else
                result_print(sizes[z].w, sizes[z].h, sizes[z].fps, (stage)st, &r);
            fflush(stdout);
        }
        if (rc == 0 && sizes[z].mp4 && run_mp4(&o, spec, sizes[z].w, sizes[z].h, sizes[z].fps, &err) != LR_OK)
            rc = 1;
        fflush(stdout);
    }
    if (rc)
        fprintf(stderr, "bench_spec: %s\n", err.message);
    lr_spec_destroy(spec);
    return rc;
}
