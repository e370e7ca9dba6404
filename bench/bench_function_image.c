/* Function images (spec version 2) filling a 1920x1080 frame, the cost of
 * a frame where the GPU computes every pixel again (the expression reads
 * time, so the image is redrawn at every frame): domain colourings of
 * z^2 - 0.5 e^(it) without and with contours, of a heavier rational
 * function of sin z, and a gradient of sin(x - t) cos(y); against a frame
 * with no image (clear and readback) and a still image (kept in the bottom
 * layer, not drawn again). Per frame: the seek (the image rebuilt: its
 * GLSL written again, its uniforms set), the draw waited for, and the
 * readback; CPU time of the process per frame (llvmpipe's threads
 * included); and the first frame of each, which compiles the program.
 * Rounds interleaved; medians.
 *
 *   bench_function_image [--frames F] [--rounds R] [--width W --height H] */
#include <librender.h>

#include "bench_common.h"

#include <string.h>
#include <sys/resource.h>

typedef struct run {
    const char *name;
    const char *object; /* NULL: no image */
    bench_run b;
    lr_context *ctx;
    double first_ms;
    double seek[64], draw[64], read[64], cpu[64];
} run;

static double cpu_s(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_utime.tv_sec + (double)u.ru_stime.tv_sec +
           1e-6 * ((double)u.ru_utime.tv_usec + (double)u.ru_stime.tv_usec);
}

static char *make_spec(const char *object, int w, int h)
{
    char *s = malloc(2048);
    if (!s)
        return NULL;
    snprintf(s, 2048,
             "{\"version\": 2, \"meta\": {\"title\": \"b\", \"width\": %d, \"height\": %d}, \"sections\": [{\"id\": "
             "\"s\", \"title\": \"Function images\", \"objects\": [%s], \"timeline\": [%s{\"wait\": 60}]}]}",
             w, h, object ? object : "", object ? "{\"add\": [\"f\"]}, " : "");
    return s;
}

int main(int argc, char **argv)
{
    int frames = 30, rounds = 5, w = 1920, h = 1080;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--frames"))
            frames = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--width"))
            w = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--height"))
            h = atoi(argv[i + 1]);
    }
    if (rounds < 1 || rounds > 64 || frames < 1) {
        fprintf(stderr, "bench_function_image: --rounds 1..64, --frames >= 1\n");
        return 2;
    }
    run runs[] = {
        {.name = "no image (clear + readback)"},
        {.name = "still z^2 - 1 (kept layer)", .object = "{\"id\": \"f\", \"type\": \"function_image\", \"f\": \"z^2 - 1\"}"},
        {.name = "z^2 - 0.5 e^(it)", .object = "{\"id\": \"f\", \"type\": \"function_image\", \"f\": \"z^2 - 0.5 exp(i time)\"}"},
        {.name = "z^2 - 0.5 e^(it), contours", .object =
         "{\"id\": \"f\", \"type\": \"function_image\", \"f\": \"z^2 - 0.5 exp(i time)\", \"contours\": true}"},
        {.name = "(sin z + it/5)/(z^3 - 1), contours", .object =
         "{\"id\": \"f\", \"type\": \"function_image\", \"f\": \"(sin(z) + 0.2 i time)/(z^3 - 1)\", \"contours\": true}"},
        {.name = "gradient sin(x - t) cos(y)", .object =
         "{\"id\": \"f\", \"type\": \"function_image\", \"expr\": \"sin(x - time) cos(y)\", \"min_color_value\": -1}"},
    };
    const size_t n = sizeof runs / sizeof runs[0];
    lr_error err = {0};
    for (size_t i = 0; i < n; i++) {
        char *json = make_spec(runs[i].object, w, h);
        lr_context_desc desc = lr_context_desc_default(w, h);
        if (!json || !bench_open(runs[i].name, json, &runs[i].b) ||
            lr_context_create(&desc, &runs[i].ctx, &err) != LR_OK) {
            fprintf(stderr, "bench_function_image: %s: %s\n", runs[i].name, err.message);
            free(json);
            return 1;
        }
        free(json);
        lr_context_enable_timing(runs[i].ctx, true);
    }
    printf("%dx%d, %s, %d frames x %d rounds (medians)\n", w, h, lr_context_renderer(runs[0].ctx), frames, rounds);
    lr_image img = {0};
    for (size_t i = 0; i < n; i++) {
        double t0 = now_s();
        lr_timeline_seek(runs[i].b.tl, 0.5, &err);
        lr_context_render(runs[i].ctx, runs[i].b.scene, &img, &err);
        runs[i].first_ms = (now_s() - t0) * 1e3;
    }
    for (int r = 0; r < rounds; r++) {
        for (size_t i = 0; i < n; i++) {
            run *u = &runs[i];
            double seek = 0, draw = 0, read = 0, c0 = cpu_s();
            for (int f = 0; f < frames; f++) {
                double a = now_s();
                lr_timeline_seek_frame(u->b.tl, 30 + r * frames + f, 30, &err);
                double b = now_s();
                lr_context_draw(u->ctx, u->b.scene, &err);
                double c = now_s();
                lr_context_read(u->ctx, &img, &err);
                double d = now_s();
                seek += b - a;
                draw += c - b;
                read += d - c;
            }
            u->seek[r] = seek / frames * 1e3;
            u->draw[r] = draw / frames * 1e3;
            u->read[r] = read / frames * 1e3;
            u->cpu[r] = (cpu_s() - c0) / frames * 1e3;
        }
    }
    printf("%-36s %9s %9s %9s %9s %9s %11s\n", "", "seek ms", "draw ms", "read ms", "frame ms", "CPU ms", "1st frame ms");
    for (size_t i = 0; i < n; i++) {
        run *u = &runs[i];
        double s = median(u->seek, rounds), d = median(u->draw, rounds), rd = median(u->read, rounds);
        printf("%-36s %9.3f %9.2f %9.2f %9.2f %9.2f %11.1f\n", u->name, s, d, rd, s + d + rd, median(u->cpu, rounds),
               u->first_ms);
    }
    lr_image_free(&img);
    for (size_t i = 0; i < n; i++) {
        bench_close(&runs[i].b);
        lr_context_destroy(runs[i].ctx);
    }
    return 0;
}
