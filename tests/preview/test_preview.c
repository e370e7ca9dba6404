/* The preview window under Xvfb: its frame against the headless render,
 * keys, overlays, saving, hot reload and a bad reload; a 3D section. */
#include "lrtest.h"

#include <librender/lr_preview.h>
#include <librender/lr_video.h>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define W 320
#define H 180

static const char spec_good[] =
    "{\"version\": 1, \"meta\": {\"width\": 320, \"height\": 180, \"fps\": 10},\n"
    " \"sections\": [\n"
    "  {\"id\": \"one\", \"title\": \"One\", \"lecture_lines\": [\"a line\"],\n"
    "   \"objects\": [{\"id\": \"c\", \"type\": \"circle\", \"radius\": 1.2, \"at\": \"C3\", \"color\": \"%s\",\n"
    "                 \"fill_color\": \"%s\", \"fill_opacity\": 1},\n"
    "                {\"id\": \"s\", \"type\": \"square\", \"side_length\": 1.6, \"at\": \"C4\", \"color\": \"GREEN\"}],\n"
    "   \"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"c\"}, {\"anim\": \"Create\", \"target\": \"s\"}],\n"
    "                  \"run_time\": 1}, {\"wait\": 0.5}]},\n"
    "  {\"id\": \"two\", \"title\": \"Two\",\n"
    "   \"objects\": [{\"id\": \"d\", \"type\": \"dot\", \"radius\": 0.5, \"at\": \"D2\", \"color\": \"YELLOW\"},\n"
    "                {\"id\": \"img\", \"type\": \"image\", \"file\": \"preview_asset.png\", \"width\": 2, \"height\": 2,\n"
    "                 \"at\": \"D5\"}],\n"
    "   \"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"d\"}, {\"anim\": \"FadeIn\", \"target\": \"img\"}],\n"
    "                  \"run_time\": 1}]}\n"
    " ]}\n";

static void write_spec(const char *path, const char *color)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    if (color)
        fprintf(f, spec_good, color, color);
    else /* an unknown object type and a misspelt field */
        fputs("{\"version\": 1, \"meta\": {\"width\": 320, \"height\": 180, \"fps\": 10}, \"sections\": [{\"id\": "
              "\"one\", \"title\": \"One\", \"objects\": [{\"id\": \"c\", \"type\": \"circel\"}], \"timeline\": "
              "[{\"wiat\": 1}]}]}\n",
              f);
    fclose(f);
}

/* A 3D section: axes and a checkerboard sphere under an ambient rotation,
 * so that the frame depends on time through the camera, the depth buffer
 * and the lighting; phi is the field a reload changes. */
static const char spec_3d[] =
    "{\"version\": 2, \"meta\": {\"width\": 320, \"height\": 180, \"fps\": 10},\n"
    " \"sections\": [{\"id\": \"solid\", \"title\": \"Solid\", \"camera\": {\"phi\": %d, \"theta\": -60},\n"
    "   \"objects\": [{\"id\": \"axes\", \"type\": \"three_d_axes\"},\n"
    "                {\"id\": \"ball\", \"type\": \"sphere\", \"radius\": 1.5, \"resolution\": [16, 8]}],\n"
    "   \"timeline\": [{\"add\": [\"axes\", \"ball\"]}, {\"ambient_rotation\": 40}, {\"wait\": 2}]}]}\n";

static void write_spec_3d(const char *path, int phi)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(1);
    }
    fprintf(f, spec_3d, phi);
    fclose(f);
}

/* An 8x8 image of one colour: the asset the spec shows in section two. */
static void write_asset(const char *path, uint8_t r, uint8_t g, uint8_t b)
{
    lr_image img = {0};
    if (lr_image_alloc(&img, 8, 8) != LR_OK)
        exit(1);
    for (int i = 0; i < 64; i++) {
        img.pixels[i * 4 + 0] = r;
        img.pixels[i * 4 + 1] = g;
        img.pixels[i * 4 + 2] = b;
        img.pixels[i * 4 + 3] = 255;
    }
    lr_image_write_png(&img, path, NULL);
    lr_image_free(&img);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Pixels (in rows [y0, y1)) where some channel differs by more than tol. */
static long count_diff(const lr_image *a, const lr_image *b, int tol, int y0, int y1)
{
    if (a->width != b->width || a->height != b->height)
        return -1;
    long n = 0;
    for (int y = y0; y < y1 && y < a->height; y++)
        for (int x = 0; x < a->width; x++) {
            const uint8_t *p = lrt_pixel(a, x, y), *q = lrt_pixel(b, x, y);
            for (int c = 0; c < 3; c++)
                if (abs((int)p[c] - (int)q[c]) > tol) {
                    n++;
                    break;
                }
        }
    return n;
}

static long count_red(const lr_image *img)
{
    long n = 0;
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            const uint8_t *p = lrt_pixel(img, x, y);
            if (p[0] > 200 && p[1] < 90 && p[2] < 90)
                n++;
        }
    return n;
}

static void step(lr_preview *pv)
{
    lr_error err;
    lr_status s = lr_preview_step(pv, &err);
    LRT_CHECK_MSG(s == LR_OK, "step: %s", err.message);
}

/* Steps until cond() holds or about `ms` pass. */
#define STEP_UNTIL(pv, cond, ms)                                                                   \
    do {                                                                                           \
        for (int i_ = 0; i_ < (ms) / 20 && !(cond); i_++) {                                        \
            sleep_ms(20);                                                                          \
            step(pv);                                                                              \
        }                                                                                          \
    } while (0)

static lr_status headless(const char *path, double t, lr_image *out)
{
    lr_spec *spec = NULL;
    lr_error err;
    /* With libglvnd, an EGL context cannot be made current on a thread
     * that holds a GLX one: release the window's (the preview takes it
     * back at its next call). */
    glfwMakeContextCurrent(NULL);
    lr_status s = lr_spec_load_file(path, &spec, NULL);
    if (s != LR_OK)
        return s;
    lr_video_options vo = lr_video_options_default();
    s = lr_video_render_frame(spec, t, &vo, out, &err);
    if (s != LR_OK)
        fprintf(stderr, "headless render: %s\n", err.message);
    lr_spec_destroy(spec);
    return s;
}

/* The preview of a 3D section is the headless frame too, while the camera
 * turns and after a reload that tilts it. */
static void check_3d(const char *dir, const lr_preview_options *opt)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/preview_3d.json", dir);
    write_spec_3d(path, 70);
    lr_preview *pv = NULL;
    lr_error err;
    lr_status s = lr_preview_create(path, opt, &pv, &err);
    LRT_CHECK_MSG(s == LR_OK, "create (3D): %s", err.message);
    if (s != LR_OK)
        return;
    lr_image frame = {0}, frame2 = {0}, ref = {0}, shot = {0};
    /* Two times while it turns: each the headless frame, and not the same. */
    lr_preview_seek(pv, 0.5);
    step(pv);
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    LRT_CHECK_OK(headless(path, 0.5, &ref));
    long d = count_diff(&frame, &ref, 2, 0, H);
    LRT_CHECK_MSG(d == 0, "3D preview frame at 0.5 s differs from the headless render in %ld pixels", d);
    LRT_CHECK_OK(lr_preview_capture(pv, &shot, &err));
    unsigned ov = lr_preview_overlays(pv);
    d = count_diff(&shot, &ref, 3, 0, (ov & LR_PREVIEW_OVERLAY_SCRUB) ? H * 3 / 4 : H);
    LRT_CHECK_MSG(d >= 0 && d <= W * H / 200, "3D window differs from the headless render in %ld pixels", d);
    lr_preview_seek(pv, 1.5);
    step(pv);
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame2, &err));
    d = count_diff(&frame, &frame2, 20, 0, H);
    LRT_CHECK_MSG(d > 300, "the camera's turn changed only %ld pixels", d);
    LRT_CHECK_OK(headless(path, 1.5, &ref));
    d = count_diff(&frame2, &ref, 2, 0, H);
    LRT_CHECK_MSG(d == 0, "3D preview frame at 1.5 s differs from the headless render in %ld pixels", d);
    /* A reload that tilts the camera. */
    sleep_ms(20);
    write_spec_3d(path, 30);
    STEP_UNTIL(pv, lr_preview_reload_count(pv) >= 1, 3000);
    LRT_CHECK(lr_preview_reload_count(pv) == 1 && lr_preview_error_count(pv) == 0);
    step(pv);
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    d = count_diff(&frame, &frame2, 20, 0, H);
    LRT_CHECK_MSG(d > 300, "the reload's tilt changed only %ld pixels", d);
    LRT_CHECK_OK(headless(path, 1.5, &ref));
    d = count_diff(&frame, &ref, 2, 0, H);
    LRT_CHECK_MSG(d == 0, "reloaded 3D frame differs from the headless render in %ld pixels", d);
    lr_image_free(&frame);
    lr_image_free(&frame2);
    lr_image_free(&ref);
    lr_image_free(&shot);
    lr_preview_destroy(pv);
}

int main(void)
{
    char spec_path[4096], dir[4096];
    lrt_build_path(dir, sizeof dir, "tests/preview");
    lrt_build_path(spec_path, sizeof spec_path, "tests/preview/preview_test.json");
    char asset_path[4096];
    lrt_build_path(asset_path, sizeof asset_path, "tests/preview/preview_asset.png");
    write_asset(asset_path, 255, 0, 255);
    write_spec(spec_path, "BLUE");

    lr_preview_options opt = lr_preview_options_default();
    opt.start_paused = true;
    opt.vsync = false;
    opt.window_width = W;
    opt.window_height = H;
    opt.poll_interval_s = 0.05;
    opt.save_dir = dir;
    lr_preview *pv = NULL;
    lr_error err;
    lr_status s = lr_preview_create(spec_path, &opt, &pv, &err);
    LRT_CHECK_MSG(s == LR_OK, "create: %s", err.message);
    if (s != LR_OK)
        return lrt_finish("test_preview");

    /* Two sections: 15 frames and 10 frames at 10 fps. */
    step(pv);
    LRT_CHECK(lr_preview_paused(pv));
    LRT_CHECK(lr_preview_frame(pv) == 0);
    LRT_CHECK_NEAR(lr_preview_duration(pv), 2.5, 1e-9);
    LRT_CHECK(lr_preview_fps(pv) == 10);
    int vx, vy, vw, vh;
    lr_preview_viewport(pv, &vx, &vy, &vw, &vh);
    LRT_CHECK_MSG(vw == W && vh == H && vx == 0 && vy == 0, "viewport %d,%d %dx%d", vx, vy, vw, vh);

    /* A paused preview shows exactly the headless frame. */
    lr_preview_seek(pv, 0.7);
    step(pv);
    LRT_CHECK(lr_preview_frame(pv) == 7);
    lr_image frame = {0}, ref = {0}, shot = {0}, shot2 = {0};
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    LRT_CHECK_OK(headless(spec_path, 0.7, &ref));
    LRT_CHECK(frame.width == W && frame.height == H);
    long d = count_diff(&frame, &ref, 2, 0, H);
    LRT_CHECK_MSG(d == 0, "preview frame differs from the headless render in %ld pixels", d);
    /* The window: the same picture (the scrub bar is away from the cursor). */
    LRT_CHECK_OK(lr_preview_capture(pv, &shot, &err));
    LRT_CHECK(shot.width == W && shot.height == H);
    unsigned ov = lr_preview_overlays(pv);
    d = count_diff(&shot, &ref, 3, 0, (ov & LR_PREVIEW_OVERLAY_SCRUB) ? H * 3 / 4 : H);
    LRT_CHECK_MSG(d >= 0 && d <= W * H / 200, "window differs from the headless render in %ld pixels", d);

    /* Playing follows the clock. */
    lr_preview_press(pv, LR_PREVIEW_KEY_SPACE, 0);
    LRT_CHECK(!lr_preview_paused(pv));
    step(pv);
    double t0 = lr_preview_time(pv);
    sleep_ms(250);
    step(pv);
    double played = lr_preview_time(pv) - t0;
    LRT_CHECK_MSG(played >= 0.2 && played < 1.0, "played %.3f s in 0.25 s", played);
    lr_preview_press(pv, LR_PREVIEW_KEY_SPACE, 0);
    LRT_CHECK(lr_preview_paused(pv));

    /* Frame and section keys. */
    lr_preview_seek(pv, 0.5);
    lr_preview_press(pv, LR_PREVIEW_KEY_RIGHT, 0);
    LRT_CHECK(lr_preview_frame(pv) == 6);
    lr_preview_press(pv, LR_PREVIEW_KEY_LEFT, 0);
    lr_preview_press(pv, LR_PREVIEW_KEY_LEFT, 0);
    LRT_CHECK(lr_preview_frame(pv) == 4);
    lr_preview_press(pv, LR_PREVIEW_KEY_RIGHT, LR_PREVIEW_MOD_SHIFT);
    LRT_CHECK(lr_preview_section(pv) == 1 && lr_preview_frame(pv) == 15);
    lr_preview_press(pv, LR_PREVIEW_KEY_RIGHT, LR_PREVIEW_MOD_SHIFT);
    LRT_CHECK(lr_preview_frame(pv) == 15);
    lr_preview_press(pv, LR_PREVIEW_KEY_END, 0);
    LRT_CHECK(lr_preview_frame(pv) == 24);
    lr_preview_press(pv, LR_PREVIEW_KEY_RIGHT, 0);
    LRT_CHECK(lr_preview_frame(pv) == 24);
    lr_preview_press(pv, LR_PREVIEW_KEY_LEFT, LR_PREVIEW_MOD_SHIFT);
    LRT_CHECK(lr_preview_section(pv) == 0 && lr_preview_frame(pv) == 0);
    lr_preview_press(pv, LR_PREVIEW_KEY_END, 0);
    lr_preview_press(pv, LR_PREVIEW_KEY_HOME, 0);
    LRT_CHECK(lr_preview_frame(pv) == 0);
    /* The second section's frame matches the headless render too. */
    lr_preview_seek(pv, 2.0);
    step(pv);
    LRT_CHECK(lr_preview_section(pv) == 1 && lr_preview_frame(pv) == 20);
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    LRT_CHECK_OK(headless(spec_path, 2.0, &ref));
    d = count_diff(&frame, &ref, 2, 0, H);
    LRT_CHECK_MSG(d == 0, "section two differs from the headless render in %ld pixels", d);

    /* Overlays change the window, never the frame. */
    lr_preview_seek(pv, 1.2);
    step(pv);
    LRT_CHECK_OK(lr_preview_capture(pv, &shot, &err));
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    lr_preview_press(pv, LR_PREVIEW_KEY_G, 0);
    step(pv);
    LRT_CHECK(lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_GRID);
    LRT_CHECK_OK(lr_preview_capture(pv, &shot2, &err));
    if (getenv("LRT_PREVIEW_SHOTS")) {
        char p[4200];
        snprintf(p, sizeof p, "%s/grid.png", dir);
        lr_image_write_png(&shot2, p, NULL);
    }
    d = count_diff(&shot, &shot2, 20, 0, H);
    LRT_CHECK_MSG(d > 1000, "the grid changed only %ld pixels", d);
    lr_image frame2 = {0};
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame2, &err));
    lr_preview_press(pv, LR_PREVIEW_KEY_G, 0);
    step(pv);
    LRT_CHECK_OK(lr_preview_capture(pv, &shot2, &err));
    d = count_diff(&shot, &shot2, 0, 0, H);
    LRT_CHECK_MSG(d == 0, "grid off: %ld pixels differ from before", d);
    LRT_CHECK_MSG(count_diff(&frame, &frame2, 0, 0, H) == 0, "the grid changed the frame");

    /* Boxes: the circle and the square overlap, so both are drawn red. */
    long red_before = count_red(&shot);
    lr_preview_press(pv, LR_PREVIEW_KEY_B, 0);
    step(pv);
    LRT_CHECK_OK(lr_preview_capture(pv, &shot2, &err));
    long red_after = count_red(&shot2);
    LRT_CHECK_MSG(red_after > red_before + 100, "red pixels %ld -> %ld with boxes", red_before, red_after);
    if (getenv("LRT_PREVIEW_SHOTS")) {
        char p[4200];
        snprintf(p, sizeof p, "%s/boxes.png", dir);
        lr_image_write_png(&shot2, p, NULL);
    }
    lr_preview_press(pv, LR_PREVIEW_KEY_B, 0);
    lr_preview_press(pv, LR_PREVIEW_KEY_H, 0);
    step(pv);
    LRT_CHECK_OK(lr_preview_capture(pv, &shot2, &err));
    d = count_diff(&shot, &shot2, 20, 0, H);
    LRT_CHECK_MSG(d > 2000, "the help changed only %ld pixels", d);
    if (getenv("LRT_PREVIEW_SHOTS")) {
        char p[4200];
        snprintf(p, sizeof p, "%s/help.png", dir);
        lr_image_write_png(&shot2, p, NULL);
    }
    lr_preview_press(pv, LR_PREVIEW_KEY_H, 0);
    step(pv);

    /* s saves the frame: the headless pixels. */
    lr_preview_press(pv, LR_PREVIEW_KEY_S, 0);
    char saved[4200];
    snprintf(saved, sizeof saved, "%s/preview_test-00012.png", dir);
    lr_image png = {0};
    LRT_CHECK_OK(lr_image_load(&png, saved, &err));
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    d = count_diff(&png, &frame, 0, 0, H);
    LRT_CHECK_MSG(d == 0, "saved PNG differs in %ld pixels", d);
    lr_image_free(&png);

    /* Hot reload: the circle turns red, the time stays. */
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    sleep_ms(20);
    write_spec(spec_path, "RED");
    STEP_UNTIL(pv, lr_preview_reload_count(pv) >= 1, 3000);
    LRT_CHECK(lr_preview_reload_count(pv) == 1);
    LRT_CHECK(lr_preview_error_count(pv) == 0);
    LRT_CHECK(lr_preview_frame(pv) == 12);
    step(pv);
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame2, &err));
    d = count_diff(&frame, &frame2, 20, 0, H);
    LRT_CHECK_MSG(d > 500, "reload changed only %ld pixels", d);
    LRT_CHECK_OK(headless(spec_path, 1.2, &ref));
    d = count_diff(&frame2, &ref, 2, 0, H);
    LRT_CHECK_MSG(d == 0, "reloaded frame differs from the headless render in %ld pixels", d);
    LRT_CHECK_OK(lr_preview_capture(pv, &shot, &err));

    /* A broken spec: errors reported, the last good frame stays. */
    write_spec(spec_path, NULL);
    STEP_UNTIL(pv, lr_preview_error_count(pv) > 0, 3000);
    LRT_CHECK(lr_preview_error_count(pv) >= 2);
    LRT_CHECK(lr_preview_reload_count(pv) == 1);
    const char *msg = lr_preview_error_message(pv, 0);
    LRT_CHECK_MSG(msg && strstr(msg, "circel"), "first error: %s", msg ? msg : "(none)");
    LRT_CHECK(lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_ERRORS);
    step(pv);
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    d = count_diff(&frame, &frame2, 0, 0, H);
    LRT_CHECK_MSG(d == 0, "the frame changed in %ld pixels after a bad reload", d);
    LRT_CHECK_OK(lr_preview_capture(pv, &shot2, &err));
    long top = count_diff(&shot, &shot2, 20, 0, H / 4);
    long bottom = count_diff(&shot, &shot2, 0, H / 2, H * 3 / 4);
    LRT_CHECK_MSG(top > 500, "the error overlay changed only %ld pixels at the top", top);
    LRT_CHECK_MSG(bottom == 0, "the error overlay changed %ld pixels in the lower half", bottom);
    if (getenv("LRT_PREVIEW_SHOTS")) {
        char p[4200];
        snprintf(p, sizeof p, "%s/errors.png", dir);
        lr_image_write_png(&shot2, p, NULL);
    }

    /* Fixed again: errors gone. */
    write_spec(spec_path, "BLUE");
    STEP_UNTIL(pv, lr_preview_reload_count(pv) >= 2, 3000);
    LRT_CHECK(lr_preview_reload_count(pv) == 2);
    LRT_CHECK(lr_preview_error_count(pv) == 0);
    LRT_CHECK(!(lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_ERRORS));

    /* An asset the spec names changes: reloaded too. */
    lr_preview_seek(pv, 2.0);
    step(pv);
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame, &err));
    sleep_ms(20);
    write_asset(asset_path, 0, 255, 0);
    STEP_UNTIL(pv, lr_preview_reload_count(pv) >= 3, 3000);
    LRT_CHECK(lr_preview_reload_count(pv) == 3);
    LRT_CHECK(lr_preview_frame(pv) == 20);
    step(pv);
    LRT_CHECK_OK(lr_preview_frame_image(pv, &frame2, &err));
    d = count_diff(&frame, &frame2, 20, 0, H);
    LRT_CHECK_MSG(d > 200, "the new asset changed only %ld pixels", d);

    /* One real key through the X server, when xdotool is there. */
    if (system("command -v xdotool >/dev/null 2>&1") == 0) {
        step(pv);
        unsigned before = lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_GRID;
        int rc = system("xdotool search --name 'preview_test.json' windowactivate --sync key g >/dev/null 2>&1 || "
                        "xdotool search --name 'preview_test.json' windowfocus --sync key g >/dev/null 2>&1");
        STEP_UNTIL(pv, (lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_GRID) != before, 2000);
        LRT_CHECK_MSG((lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_GRID) != before,
                      "xdotool key g (rc %d) did not toggle the grid", rc);
        /* A window of another shape: the frame is letterboxed, not stretched. */
        rc = system("xdotool search --name 'preview_test.json' windowsize --sync 400 300 >/dev/null 2>&1");
        STEP_UNTIL(pv, (lr_preview_viewport(pv, NULL, NULL, &vw, NULL), vw == 400), 2000);
        lr_preview_viewport(pv, &vx, &vy, &vw, &vh);
        LRT_CHECK_MSG(vx == 0 && vy == 37 && vw == 400 && vh == 225, "resized (rc %d): viewport %d,%d %dx%d", rc, vx,
                      vy, vw, vh);
        step(pv);
        LRT_CHECK_OK(lr_preview_capture(pv, &shot2, &err));
        LRT_CHECK(shot2.width == 400 && shot2.height == 300);
        if (shot2.height == 300) {
            const uint8_t *bar = lrt_pixel(&shot2, 200, 10), *inside = lrt_pixel(&shot2, 200, 150);
            LRT_CHECK_MSG(bar[0] == bar[1] && bar[0] > 20 && bar[0] < 40, "letterbox bar %d", bar[0]);
            LRT_CHECK_MSG(inside[0] != bar[0] || inside[2] != bar[2], "no frame inside the letterbox");
        }
        /* A click in the middle of the bottom strip scrubs to the middle. */
        lr_preview_seek(pv, 0);
        rc = system("w=$(xdotool search --name 'preview_test.json' | head -1); "
                    "xdotool mousemove --window $w --sync 200 252 click 1 >/dev/null 2>&1");
        STEP_UNTIL(pv, lr_preview_frame(pv) != 0, 2000);
        LRT_CHECK_MSG(llabs(lr_preview_frame(pv) - 12) <= 1, "click (rc %d) scrubbed to frame %lld", rc,
                      (long long)lr_preview_frame(pv));
        LRT_CHECK(lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_SCRUB);
        rc = system("w=$(xdotool search --name 'preview_test.json' | head -1); "
                    "xdotool mousemove --window $w --sync 200 100 >/dev/null 2>&1");
        STEP_UNTIL(pv, !(lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_SCRUB), 2000);
        LRT_CHECK_MSG(!(lr_preview_overlays(pv) & LR_PREVIEW_OVERLAY_SCRUB), "scrub bar still shown (rc %d)", rc);
    } else {
        fprintf(stderr, "xdotool not found: the real key press is not tested\n");
    }

    LRT_CHECK(!lr_preview_should_close(pv));
    lr_preview_press(pv, LR_PREVIEW_KEY_Q, 0);
    LRT_CHECK(lr_preview_should_close(pv));

    lr_image_free(&frame);
    lr_image_free(&frame2);
    lr_image_free(&ref);
    lr_image_free(&shot);
    lr_image_free(&shot2);
    lr_preview_destroy(pv);
    check_3d(dir, &opt);
    return lrt_finish("test_preview");
}
