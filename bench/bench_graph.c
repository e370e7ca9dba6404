/* Graphs (spec version 2): what the layouts cost to build, and what the
 * edges that follow their vertices cost per frame. A layered network of
 * N vertices in L layers, every vertex joined to every vertex of the next
 * layer; per frame, seek and seek + draw + readback at 854x480 while one
 * vertex of each layer moves (every edge's updater rewrites it), and the
 * same graph still. Then load + build of a section with the graph laid out
 * by each layout. Rounds interleaved, medians.
 *
 *   bench_graph [--layers L] [--width W] [--frames F] [--rounds R] */
#include <librender.h>

#include "bench_common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Layers of `width` vertices, all edges between neighbouring layers;
 * `moving`: a Shift of the first vertex of each layer over the section. */
static char *graph_spec(int layers, int width, const char *layout, bool moving, double seconds)
{
    size_t cap = 4096 + (size_t)(layers * width) * (size_t)(64 + width * 24);
    char *buf = malloc(cap);
    size_t at = (size_t)snprintf(buf, cap, "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": "
                                           "\"s\", \"title\": \"G\", \"objects\": [{\"id\": \"g\", \"type\": \"graph\", "
                                           "\"layout\": \"%s\", \"vertices\": [",
                                 layout);
    for (int v = 0; v < layers * width; v++)
        at += (size_t)snprintf(buf + at, cap - at, "%s%d", v ? ", " : "", v);
    at += (size_t)snprintf(buf + at, cap - at, "], \"edges\": [");
    bool first = true;
    for (int l = 0; l + 1 < layers; l++)
        for (int a = 0; a < width; a++)
            for (int b = 0; b < width; b++) {
                at += (size_t)snprintf(buf + at, cap - at, "%s[%d, %d]", first ? "" : ", ", l * width + a,
                                       (l + 1) * width + b);
                first = false;
            }
    at += (size_t)snprintf(buf + at, cap - at, "]");
    if (!strcmp(layout, "partite") || !strcmp(layout, "sugiyama")) {
        at += (size_t)snprintf(buf + at, cap - at, ", \"partitions\": [");
        for (int l = 0; l < layers; l++) {
            at += (size_t)snprintf(buf + at, cap - at, "%s[", l ? ", " : "");
            for (int a = 0; a < width; a++)
                at += (size_t)snprintf(buf + at, cap - at, "%s%d", a ? ", " : "", l * width + a);
            at += (size_t)snprintf(buf + at, cap - at, "]");
        }
        at += (size_t)snprintf(buf + at, cap - at, "]");
    }
    at += (size_t)snprintf(buf + at, cap - at, ", \"vertex_config\": {\"radius\": 0.1}}], \"timeline\": [{\"add\": "
                                               "[\"g\"]}, {\"play\": [");
    for (int l = 0; moving && l < layers; l++)
        at += (size_t)snprintf(buf + at, cap - at, "%s{\"anim\": \"Shift\", \"target\": \"g.vertex(%d)\", \"by\": [0.5, "
                                                   "0.5]}",
                               l ? ", " : "", l * width);
    if (!moving)
        at += (size_t)snprintf(buf + at, cap - at, "{\"anim\": \"Wait\"}");
    snprintf(buf + at, cap - at, "], \"run_time\": %g}]}]}", seconds);
    return buf;
}

static double per_frame(bench_run *r, lr_context *ctx, int frames, bool draw, lr_image *img)
{
    lr_error err = {0};
    double t0 = now_s();
    for (int f = 0; f < frames; f++) {
        if (lr_timeline_seek_frame(r->tl, f, 15, &err) != LR_OK ||
            (draw && lr_context_render(ctx, r->scene, img, &err) != LR_OK)) {
            fprintf(stderr, "bench_graph: %s\n", err.message);
            return NAN;
        }
    }
    return (now_s() - t0) / frames;
}

int main(int argc, char **argv)
{
    int layers = 4, width = 4, frames = 150, rounds = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--layers"))
            layers = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--width"))
            width = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--frames"))
            frames = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--rounds"))
            rounds = atoi(argv[i + 1]);
    }
    if (layers < 2 || width < 1 || layers * width > 128 || (layers - 1) * width * width > 512 || frames < 1 ||
        rounds < 1 || rounds > 64) {
        fprintf(stderr, "usage: bench_graph [--layers L>=2] [--width W] (L W <= 128 vertices, (L-1) W^2 <= 512 "
                        "edges) [--frames F] [--rounds R<=64]\n");
        return 2;
    }
    static const char *const layouts[] = {"partite", "circular", "spring", "kamada_kawai", "sugiyama"};
    enum { NLAYOUTS = sizeof layouts / sizeof layouts[0] };
    static const char *const names[2] = {"vertices moving", "still"};
    bench_run run[2] = {{0}};
    char *json[2];
    for (int k = 0; k < 2; k++) {
        json[k] = graph_spec(layers, width, "partite", k == 0, frames / 15.0);
        if (!bench_open("bench_graph", json[k], &run[k]))
            return 1;
    }
    char *lj[NLAYOUTS];
    for (int k = 0; k < NLAYOUTS; k++)
        lj[k] = graph_spec(layers, width, layouts[k], false, 1);
    lr_context *ctx = NULL, *full = NULL;
    if (!bench_contexts("bench_graph", 854, 480, &ctx, &full))
        return 1;
    lr_image img = {0};
    double seek[2][64], frame[2][64], build[NLAYOUTS][64];
    for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < 2; k++) {
            seek[k][r] = per_frame(&run[k], ctx, frames, false, &img);
            frame[k][r] = per_frame(&run[k], ctx, frames, true, &img);
        }
        for (int k = 0; k < NLAYOUTS; k++) {
            bench_run t = {0};
            double t0 = now_s();
            if (!bench_open("bench_graph", lj[k], &t))
                return 1;
            build[k][r] = now_s() - t0;
            bench_close(&t);
        }
        fprintf(stderr, "round %d/%d\n", r + 1, rounds);
    }
    int edges = (layers - 1) * width * width;
    printf("bench_graph: %d vertices in %d layers, %d edges, at 854x480, %d frames, median of %d interleaved rounds\n",
           layers * width, layers, edges, frames, rounds);
    printf("  %-18s %12s %20s\n", "per frame", "seek", "seek + draw + read");
    for (int k = 0; k < 2; k++)
        printf("  %-18s %9.3f ms %17.3f ms\n", names[k], median(seek[k], rounds) * 1e3, median(frame[k], rounds) * 1e3);
    printf("  load + build, by layout:");
    for (int k = 0; k < NLAYOUTS; k++)
        printf(" %s %.2f ms%s", layouts[k], median(build[k], rounds) * 1e3, k + 1 < NLAYOUTS ? "," : "\n");
    lr_image_free(&img);
    lr_context_destroy(ctx);
    lr_context_destroy(full);
    for (int k = 0; k < 2; k++) {
        bench_close(&run[k]);
        free(json[k]);
    }
    for (int k = 0; k < NLAYOUTS; k++)
        free(lj[k]);
    return 0;
}
