/* Shapes whose loops wind in opposite directions, drawn through llvmpipe:
 * filled as Manim fills them (Cairo's default rule, nonzero), a figure
 * eight whose two loops cancel in the signed area included. */
#include "lrtest.h"
#include "scene/scene_internal.h"

#include <stdlib.h>
#include <string.h>

#define W 854
#define H 480

#define SPEC(objects, timeline)                                                                                    \
    "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": \"s\", \"title\": \"t\", "           \
    "\"objects\": [" objects "], \"timeline\": [" timeline "]}]}"

static lr_spec *load_json(const char *json, const char *assets)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = lr_spec_load_string(json, "boolops.json", assets, &spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    return spec;
}

static bool build(lr_spec *spec, lr_scene **scene, lr_timeline **tl)
{
    lr_error err = {0};
    lr_status s = spec ? lr_spec_build_section(spec, 0, scene, tl, &err) : LR_ERR_INVALID_ARG;
    LRT_CHECK_MSG(s == LR_OK, "build: %s", err.message);
    return s == LR_OK;
}

static void seek(lr_timeline *tl, double t)
{
    lr_error err = {0};
    LRT_CHECK_MSG(lr_timeline_seek(tl, t, &err) == LR_OK, "seek %g: %s", t, err.message);
}

static void destroy(lr_spec *spec, lr_scene *scene, lr_timeline *tl)
{
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* ---- pixels ---- */

/* The pixel of scene point p at 854x480 (8 units high, centred). */
static const uint8_t *pixel_at(const lr_image *img, lr_vec2 p)
{
    float scale = (float)H / 8.0f;
    int x = (int)((p.x + (float)W / scale * 0.5f) * scale), y = (int)((4.0f - p.y) * scale);
    return lrt_pixel(img, x < 0 ? 0 : x >= W ? W - 1 : x, y < 0 ? 0 : y >= H ? H - 1 : y);
}

/* Renders the spec's section at t; false (nothing drawn) without a GL context. */
static bool render(lr_context *ctx, const char *json, const char *assets, double t, lr_image *img)
{
    lr_spec *spec = load_json(json, assets);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (!build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return false;
    }
    seek(tl, t);
    lr_error err = {0};
    lr_status s = lr_context_render(ctx, scene, img, &err);
    LRT_CHECK_MSG(s == LR_OK, "render: %s", err.message);
    destroy(spec, scene, tl);
    return s == LR_OK;
}

static bool is_color(const uint8_t *px, int r, int g, int b)
{
    return abs(px[0] - r) <= 12 && abs(px[1] - g) <= 12 && abs(px[2] - b) <= 12;
}

static void check_pixel(const lr_image *img, lr_vec2 p, int r, int g, int b, const char *what)
{
    const uint8_t *px = pixel_at(img, p);
    LRT_CHECK_MSG(is_color(px, r, g, b), "%s at (%g, %g): %d %d %d, expected %d %d %d", what, p.x, p.y, px[0], px[1],
                  px[2], r, g, b);
}

/* A bow tie (a polygon crossing itself: one loop counter-clockwise, one
 * clockwise, signed area 0), a figure eight of curves in one SVG subpath
 * (its loops opposite too), a ring of two squares of opposite winding in
 * an SVG and an annulus: every loop is filled, every hole is background,
 * as under Cairo's nonzero rule. */
static void check_opposite_windings(lr_context *ctx)
{
    char dir[1024], file[1100];
    lrt_build_path(dir, sizeof dir, "tests/spec");
    snprintf(file, sizeof file, "%s/boolops_eight.svg", dir);
    FILE *f = fopen(file, "w");
    LRT_CHECK_MSG(f != NULL, "cannot write %s", file);
    if (!f)
        return;
    /* Right loop clockwise on screen, left loop counter-clockwise. */
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" viewBox=\"0 0 200 100\">"
          "<path d=\"M100 50 C 100 0, 150 0, 150 50 C 150 100, 100 100, 100 50 C 100 0, 50 0, 50 50 "
          "C 50 100, 100 100, 100 50 Z\" fill=\"#ffff00\"/></svg>",
          f);
    fclose(f);
    snprintf(file, sizeof file, "%s/boolops_ring.svg", dir);
    f = fopen(file, "w");
    LRT_CHECK_MSG(f != NULL, "cannot write %s", file);
    if (!f)
        return;
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\" viewBox=\"0 0 100 100\">"
          "<path d=\"M0 0 L100 0 L100 100 L0 100 Z M25 25 L25 75 L75 75 L75 25 Z\" fill=\"#00ff00\"/></svg>",
          f);
    fclose(f);
    static const char json[] = SPEC(
        "{\"id\": \"tie\", \"type\": \"polygon\", \"points\": [[-6, -1], [-4, 1], [-4, -1], [-6, 1]], "
        "\"fill_color\": \"#0000ff\", \"fill_opacity\": 1, \"stroke_width\": 0},"
        "{\"id\": \"eight\", \"type\": \"svg\", \"file\": \"boolops_eight.svg\", \"width\": 4, \"position\": [-1, 0]},"
        "{\"id\": \"ring\", \"type\": \"svg\", \"file\": \"boolops_ring.svg\", \"width\": 2, \"position\": [2.5, 0]},"
        "{\"id\": \"ann\", \"type\": \"annulus\", \"inner_radius\": 0.4, \"outer_radius\": 0.9, "
        "\"fill_color\": \"#ff0000\", \"fill_opacity\": 1, \"stroke_width\": 0, \"position\": [5, 0]}",
        "{\"add\": [\"tie\", \"eight\", \"ring\", \"ann\"]}, {\"wait\": 1}");
    lr_image img = {0};
    if (!render(ctx, json, dir, 0.5, &img))
        return;
    check_pixel(&img, (lr_vec2){-5.6f, 0}, 0, 0, 255, "the bow tie's left loop");
    check_pixel(&img, (lr_vec2){-4.4f, 0}, 0, 0, 255, "the bow tie's right loop");
    check_pixel(&img, (lr_vec2){-5.0f, 0.6f}, 0, 0, 0, "above the bow tie's crossing");
    check_pixel(&img, (lr_vec2){-2.0f, 0}, 255, 255, 0, "the figure eight's left loop");
    check_pixel(&img, (lr_vec2){0.0f, 0}, 255, 255, 0, "the figure eight's right loop");
    check_pixel(&img, (lr_vec2){-1.0f, 0.9f}, 0, 0, 0, "above the figure eight's crossing");
    check_pixel(&img, (lr_vec2){2.5f, 0}, 0, 0, 0, "the ring's hole");
    check_pixel(&img, (lr_vec2){1.75f, 0}, 0, 255, 0, "the ring");
    check_pixel(&img, (lr_vec2){5, 0}, 0, 0, 0, "the annulus' hole");
    check_pixel(&img, (lr_vec2){5.65f, 0}, 255, 0, 0, "the annulus");
    lr_image_free(&img);
}

int main(void)
{
    lr_context_desc desc = lr_context_desc_default(W, H);
    lr_context *ctx = NULL;
    lr_error err = {0};
    if (lr_context_create(&desc, &ctx, &err) != LR_OK) {
        fprintf(stderr, "no OpenGL context, nothing drawn: %s\n", err.message);
        LRT_CHECK(err.status == LR_ERR_NO_CONTEXT);
    }
    if (ctx)
        check_opposite_windings(ctx);
    lr_context_destroy(ctx);
    return lrt_finish("spec_boolops");
}
