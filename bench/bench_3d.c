/* The 3D layer on its benchmark scene: a 64 x 64 checkerboard surface
 * with its faces' outlines, on 3D axes, under a camera that orbits
 * (ambient_rotation), 1920x1080 at 60 fps, 4 s.
 *   render   seek + draw, waiting for the GPU: frames per second
 *   +read    the same and glReadPixels
 *   mp4      lr_video_render of the whole clip (render and libx264), wall
 *            time against the clip's duration
 * Each of render/+read runs `--rounds` times over every frame (default 3),
 * median printed; a second line draws the surface alone without its
 * outlines (stroke_width 0), the figure the pieces cost is told from.
 *
 *   bench_3d [--rounds N] [--frames N] [--no-mp4]
 *
 * Progress to stderr, figures to stdout. */
#include "bench_common.h"

#include <librender/lr_video.h>

#include <string.h>
#include <unistd.h>

static const char *spec_json(bool outlines)
{
    static char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"version\": 2, \"meta\": {\"quality\": \"h\"}, \"sections\": [{\"id\": \"orbit\", \"title\": \"A "
             "surface\", \"camera\": {\"phi\": 65, \"theta\": -60},"
             "\"objects\": [{\"id\": \"ax\", \"type\": \"three_d_axes\"},"
             "{\"id\": \"s\", \"type\": \"surface\", \"x\": \"u\", \"y\": \"v\", \"z\": \"2*exp(-(u^2 + v^2) / 2)\", "
             "\"u_range\": [-3, 3], \"v_range\": [-3, 3], \"resolution\": 64%s}],"
             "\"timeline\": [{\"add\": [\"ax\", \"s\"]}, {\"ambient_rotation\": 30}, {\"wait\": 4}]}]}",
             outlines ? "" : ", \"stroke_width\": 0");
    return buf;
}

/* CPU time of the whole process (llvmpipe's threads too): less shaken by
 * other work on the machine than wall time. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double round_ms(lr_context *ctx, bench_run *r, int64_t frames, bool read, lr_image *img, double *cpu_ms)
{
    lr_error err = {0};
    double t0 = now_s(), c0 = cpu_s();
    for (int64_t f = 0; f < frames; f++) {
        if (lr_timeline_seek_frame(r->tl, f, 60, &err) != LR_OK || lr_context_draw(ctx, r->scene, &err) != LR_OK ||
            (read && lr_context_read(ctx, img, &err) != LR_OK)) {
            fprintf(stderr, "bench_3d: %s\n", err.message);
            exit(1);
        }
    }
    *cpu_ms = (cpu_s() - c0) * 1e3 / (double)frames;
    return (now_s() - t0) * 1e3 / (double)frames;
}

static void stage(const char *what, bool outlines, int rounds, int64_t limit)
{
    bench_run r = {0};
    if (!bench_open("bench_3d", spec_json(outlines), &r))
        exit(1);
    lr_context_desc desc = lr_context_desc_default(1920, 1080);
    lr_context *ctx = NULL;
    lr_error err = {0};
    if (lr_context_create(&desc, &ctx, &err) != LR_OK) {
        fprintf(stderr, "bench_3d: %s\n", err.message);
        exit(1);
    }
    lr_context_enable_timing(ctx, true);
    int64_t frames = lr_timeline_frame_count(r.tl, 60);
    if (limit > 0 && limit < frames)
        frames = limit;
    lr_image img = {0};
    double render[32], read[32], cpu[32];
    for (int k = 0; k < rounds; k++) {
        render[k] = round_ms(ctx, &r, frames, false, &img, &cpu[k]);
        double unused;
        read[k] = round_ms(ctx, &r, frames, true, &img, &unused);
    }
    lr_frame_timing t = lr_context_last_timing(ctx);
    double mr = median(render, rounds), md = median(read, rounds), mc = median(cpu, rounds);
    printf("1920x1080 %-22s %4lld frames  render %6.2f ms/frame %5.1f fps (%6.2f CPU ms/frame)  +read %6.2f ms/frame "
           "%5.1f fps  (%u draws; last frame: build %.2f, upload %.2f, draw %.2f ms)\n",
           what, (long long)frames, mr, 1e3 / mr, mc, md, 1e3 / md, t.draw_calls, t.build_ms, t.upload_ms, t.draw_ms);
    fprintf(stderr, "%s\n", lr_context_renderer(ctx));
    lr_image_free(&img);
    lr_context_destroy(ctx);
    bench_close(&r);
}

static void mp4(void)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    if (lr_spec_load_string(spec_json(true), "bench.json", NULL, &spec, errs) != LR_OK) {
        fprintf(stderr, "bench_3d: %s\n", lr_spec_errors_joined(errs));
        exit(1);
    }
    lr_spec_errors_destroy(errs);
    char path[64];
    snprintf(path, sizeof path, "/tmp/bench_3d-%d.mp4", (int)getpid());
    lr_video_options vo = lr_video_options_default();
    lr_error err = {0};
    double t0 = now_s();
    lr_status s = lr_video_render(spec, path, &vo, &err);
    double wall = now_s() - t0;
    remove(path);
    if (s != LR_OK) {
        fprintf(stderr, "bench_3d: %s\n", err.message);
        exit(1);
    }
    double duration = lr_spec_section_duration(spec, 0);
    int64_t frames = lr_frame_count(duration, 60);
    printf("1920x1080 mp4 (render + encode)  %4lld frames  %.2f s for %.2f s of video (%.2f of its duration), "
           "%.1f fps; %s\n",
           (long long)frames, wall, duration, wall / duration, (double)frames / wall, vo.encoder_report);
    lr_spec_destroy(spec);
}

int main(int argc, char **argv)
{
    int rounds = 3;
    int64_t frames = 0;
    bool with_mp4 = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc)
            rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--frames") == 0 && i + 1 < argc)
            frames = atoll(argv[++i]);
        else if (strcmp(argv[i], "--no-mp4") == 0)
            with_mp4 = false;
        else {
            fprintf(stderr, "usage: bench_3d [--rounds N] [--frames N] [--no-mp4]\n");
            return 2;
        }
    }
    if (rounds < 1 || rounds > 32)
        rounds = 3;
    stage("64x64 surface + axes", true, rounds, frames);
    stage("the same, no outlines", false, rounds, frames);
    if (with_mp4)
        mp4();
    return 0;
}
