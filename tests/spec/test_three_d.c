/* 3D sections in the spec (version 2): the camera as written, turned by
 * MoveCamera (mid-step too), by ambient_rotation (rate x time, held while a
 * MoveCamera of that angle runs) and by expressions; the light driven by a
 * value; 3D objects built as meshes where the camera puts them (rendered);
 * 2D objects fixed in the frame; and the load errors, with their paths. */
#include "lrtest.h"
#include <librender/lr_layout.h>
#include "scene/scene_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEG (3.14159265358979 / 180.0)

static lr_spec *load_json(const char *json)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = lr_spec_load_string(json, "three_d.json", NULL, &spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    return spec;
}

static char *load_errors(const char *json)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = lr_spec_load_string(json, "three_d.json", NULL, &spec, errs);
    LRT_CHECK_MSG(s != LR_OK, "loaded: %s", json);
    char *msg = strdup(lr_spec_errors_joined(errs));
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
    return msg;
}

static void expect_error(const char *json, const char *path, const char *words)
{
    char *msg = load_errors(json);
    LRT_CHECK_MSG(strstr(msg, path) != NULL && strstr(msg, words) != NULL, "expected \"%s\" at %s, got: %s", words,
                  path, msg);
    free(msg);
}

/* A spec's first section, loaded and built. */
typedef struct built {
    lr_spec *spec;
    lr_scene *scene;
    lr_timeline *tl;
} built;

static bool open_section(const char *json, built *b)
{
    *b = (built){load_json(json), NULL, NULL};
    lr_error err = {0};
    lr_status s = b->spec ? lr_spec_build_section(b->spec, 0, &b->scene, &b->tl, &err) : LR_ERR_SPEC;
    LRT_CHECK_MSG(s == LR_OK, "build: %s", err.message);
    if (s != LR_OK)
        lr_spec_destroy(b->spec);
    return s == LR_OK;
}

static void close_section(built *b)
{
    lr_timeline_destroy(b->tl);
    lr_scene_destroy(b->scene);
    lr_spec_destroy(b->spec);
}

static lr_camera3d camera_at(lr_scene *scene, lr_timeline *tl, double t)
{
    lr_error err = {0};
    LRT_CHECK_MSG(lr_timeline_seek(tl, t, &err) == LR_OK, "seek %g: %s", t, err.message);
    return lr_scene_get_camera3d(scene);
}

#define SECTION(camera, objects, timeline)                                                                       \
    "{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"T\", " camera "\"objects\": [" objects        \
    "], \"timeline\": [" timeline "]}]}"

/* The camera as written, then a MoveCamera, an ambient rotation that a
 * MoveCamera of theta holds while it runs, and a stop. */
static void test_camera_motion(void)
{
    const char *json = SECTION("\"camera\": {\"phi\": 60, \"theta\": -45, \"zoom\": 1.5, \"focal_distance\": 12},",
                               "{\"id\": \"ball\", \"type\": \"sphere\", \"radius\": 1}",
                               "{\"add\": [\"ball\"]},"
                               "{\"play\": [{\"anim\": \"MoveCamera\", \"phi\": 80, \"zoom\": 1}], \"run_time\": 2},"
                               "{\"ambient_rotation\": 10},"
                               "{\"wait\": 3},"
                               "{\"play\": [{\"anim\": \"MoveCamera\", \"theta\": 0, \"rate_func\": \"linear\"}], "
                               "\"run_time\": 1},"
                               "{\"wait\": 2},"
                               "{\"ambient_rotation\": 0},"
                               "{\"wait\": 1}");
    built b;
    if (!open_section(json, &b))
        return;
    lr_scene *scene = b.scene;
    lr_timeline *tl = b.tl;
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 9.0, 1e-9);
    lr_camera3d c = camera_at(scene, tl, 0);
    LRT_CHECK_NEAR(c.phi, 60 * DEG, 1e-5);
    LRT_CHECK_NEAR(c.theta, -45 * DEG, 1e-5);
    LRT_CHECK_NEAR(c.gamma, 0, 1e-6);
    LRT_CHECK_NEAR(c.zoom, 1.5, 1e-6);
    LRT_CHECK_NEAR(c.focal_distance, 12, 1e-5);
    /* Halfway through a smooth MoveCamera: halfway there. */
    c = camera_at(scene, tl, 1.0);
    LRT_CHECK_NEAR(c.phi, 70 * DEG, 1e-5);
    LRT_CHECK_NEAR(c.zoom, 1.25, 1e-5);
    LRT_CHECK_NEAR(c.theta, -45 * DEG, 1e-5);
    c = camera_at(scene, tl, 2.0);
    LRT_CHECK_NEAR(c.phi, 80 * DEG, 1e-5);
    /* Turned by rate x time from t = 2. */
    for (double t = 2.0; t <= 5.0; t += 0.75) {
        c = camera_at(scene, tl, t);
        LRT_CHECK_NEAR(c.theta, (-45 + 10 * (t - 2)) * DEG, 1e-5);
        LRT_CHECK_NEAR(c.phi, 80 * DEG, 1e-5);
    }
    /* A MoveCamera of theta from -15 to 0 holds it (linear), then it turns on from 0. */
    c = camera_at(scene, tl, 5.5);
    LRT_CHECK_NEAR(c.theta, -7.5 * DEG, 1e-5);
    c = camera_at(scene, tl, 7.0);
    LRT_CHECK_NEAR(c.theta, 10 * DEG, 1e-5);
    c = camera_at(scene, tl, 8.5);
    LRT_CHECK_NEAR(c.theta, 20 * DEG, 1e-5);
    /* Sought backwards: the same. */
    c = camera_at(scene, tl, 3.0);
    LRT_CHECK_NEAR(c.theta, -35 * DEG, 1e-5);
    close_section(&b);
}

/* Expressions of time and values: the camera follows them, and so does the light. */
static void test_camera_expressions(void)
{
    const char *json = SECTION("\"camera\": {\"phi\": \"30 + 20*k\", \"theta\": \"-90 + 10*time\", "
                               "\"light\": [\"6*cos(k)\", \"6*sin(k)\", 4]},",
                               "{\"id\": \"k\", \"type\": \"value\", \"value\": 0},"
                               "{\"id\": \"ball\", \"type\": \"sphere\"}",
                               "{\"add\": [\"ball\"]},"
                               "{\"play\": [{\"anim\": \"SetValue\", \"target\": \"k\", \"value\": 2, \"rate_func\": "
                               "\"linear\"}], \"run_time\": 2}");
    built b;
    if (!open_section(json, &b))
        return;
    lr_scene *scene = b.scene;
    lr_timeline *tl = b.tl;
    lr_camera3d c = camera_at(scene, tl, 0.5);
    LRT_CHECK_NEAR(c.phi, 40 * DEG, 1e-5);
    LRT_CHECK_NEAR(c.theta, -85 * DEG, 1e-5);
    LRT_CHECK_NEAR(c.light.x, 6 * cos(0.5), 1e-5);
    LRT_CHECK_NEAR(c.light.y, 6 * sin(0.5), 1e-5);
    LRT_CHECK_NEAR(c.light.z, 4, 1e-6);
    c = camera_at(scene, tl, 2.0);
    LRT_CHECK_NEAR(c.phi, 70 * DEG, 1e-5);
    LRT_CHECK_NEAR(c.theta, -70 * DEG, 1e-5);
    LRT_CHECK_NEAR(c.light.x, 6 * cos(2.0), 1e-5);
    close_section(&b);
}

/* What is built: meshes for the 3D objects (a line and a dot with z), a
 * 2D tex fixed in the frame; the rendered dot where Manim's camera puts it. */
static void test_objects(void)
{
    const char *json =
        "{\"version\": 2, \"meta\": {\"quality\": \"l\", \"background\": \"#000000\"}, \"sections\": [{\"id\": \"s\", "
        "\"title\": \"Parts\", \"camera\": {\"phi\": 60, \"theta\": -30},"
        "\"objects\": ["
        "{\"id\": \"ax\", \"type\": \"three_d_axes\", \"x_range\": [-3, 3, 1], \"y_range\": [-3, 3, 1], "
        "\"z_range\": [-2, 2, 1], \"x_length\": 6, \"y_length\": 6, \"z_length\": 4},"
        "{\"id\": \"surf\", \"type\": \"surface\", \"axes\": \"ax\", \"x\": \"u\", \"y\": \"v\", \"z\": \"u*v/4\", "
        "\"u_range\": [-2, 2], \"v_range\": [-2, 2], \"resolution\": [8, 6]},"
        "{\"id\": \"ball\", \"type\": \"sphere\", \"center\": [1, 2, 3], \"radius\": 0.5, \"resolution\": 10},"
        "{\"id\": \"seg\", \"type\": \"line\", \"start\": [0, 0, 0], \"end\": [1, 1, 1]},"
        "{\"id\": \"d\", \"type\": \"dot\", \"point\": [2, -1, 1.5], \"radius\": 0.1, \"color\": \"#ff0000\"},"
        "{\"id\": \"label\", \"type\": \"tex\", \"tex\": \"x\", \"fixed_in_frame\": true, \"position\": [5, 3]},"
        "{\"id\": \"ring\", \"type\": \"circle\", \"fixed_in_frame\": true}"
        "], \"timeline\": [{\"add\": [\"d\"]}, {\"wait\": 1}]}]}";
    built b;
    if (!open_section(json, &b))
        return;
    lr_scene *scene = b.scene;
    lr_timeline *tl = b.tl;
    const lr_mesh *surf = lr_mobject_mesh_const(lr_scene_find(scene, "surf"));
    LRT_CHECK(surf && lr_mesh_triangle_count(surf) == 8 * 6 * 2 && lr_mesh_vertex_count(surf) == 9 * 7);
    /* The faces' outlines (stroke 0.5): their sides, not the diagonals, drawn on the faces. */
    LRT_CHECK(surf && lr_mesh_polyline_count(surf) == 0 && surf->edges && surf->edges[0].mask == 0x3 &&
              surf->edges[1].mask == 0x6 && fabsf(surf->edges[0].width - 0.005f) < 1e-6f);
    if (surf) {
        /* (u, v) = (2, 2): z = 1 in the axes' coordinates, 1 unit each. */
        lr_vec3 lo, hi;
        lr_mesh_bounds(surf, &lo, &hi);
        LRT_CHECK_NEAR(hi.x, 2, 1e-5);
        LRT_CHECK_NEAR(hi.z, 1, 1e-5);
        LRT_CHECK_NEAR(lo.z, -1, 1e-5);
    }
    const lr_mesh *ball = lr_mobject_mesh_const(lr_scene_find(scene, "ball"));
    LRT_CHECK(ball != NULL);
    if (ball) {
        lr_vec3 lo, hi;
        lr_mesh_bounds(ball, &lo, &hi);
        LRT_CHECK_NEAR(hi.z, 3.5, 1e-5);
        LRT_CHECK_NEAR(lo.z, 2.5, 1e-5);
        LRT_CHECK(lr_mesh_triangle_count(ball) == 10 * 10 * 2);
    }
    const lr_mesh *seg = lr_mobject_mesh_const(lr_scene_find(scene, "seg"));
    LRT_CHECK(seg && lr_mesh_polyline_count(seg) == 1);
    const lr_mesh *axes = lr_mobject_mesh_const(lr_scene_find(scene, "ax"));
    /* 3 axes, 6 + 6 + 4 ticks (none at the origin), 3 cones */
    LRT_CHECK(axes && lr_mesh_polyline_count(axes) == 3 + 6 + 6 + 4 && lr_mesh_triangle_count(axes) == 3 * 48);
    LRT_CHECK(lr_mobject_get_kind(lr_scene_find(scene, "ring")) == LR_MOBJECT_PATH);

    /* Rendered: the title and the red dot are on screen; the dot lands
     * where the camera puts (2, -1, 1.5). */
    lr_context_desc d = lr_context_desc_default(854, 480);
    lr_context *ctx = NULL;
    lr_error err = {0};
    lr_image img = {0};
    LRT_CHECK_OK(lr_context_create(&d, &ctx, &err));
    if (ctx) {
        LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, &err));
        if (lr_context_render(ctx, scene, &img, &err) == LR_OK) {
            double sw = 0, sx = 0, sy = 0;
            for (int j = 0; j < img.height; j++)
                for (int i = 0; i < img.width; i++) {
                    const uint8_t *px = lrt_pixel(&img, i, j);
                    double w = px[0] - px[1];
                    sw += w;
                    sx += w * (i + 0.5);
                    sy += w * (j + 0.5);
                }
            lr_camera3d cam = lr_scene_get_camera3d(scene);
            lr_vec3 want = lr_camera3d_project(&cam, (lr_vec3){2, -1, 1.5f});
            double k = 480 / 8.0;
            LRT_CHECK_NEAR((sx / sw - 427) / k, want.x, 1.0 / k);
            LRT_CHECK_NEAR((240 - sy / sw) / k, want.y, 1.0 / k);
            LRT_CHECK_NEAR(sw / 255.0, 3.14159 * 0.1 * 0.1 * k * k * 20 / (20 - want.z) * 20 / (20 - want.z), 15);
        }
        lr_image_free(&img);
        lr_context_destroy(ctx);
    }
    close_section(&b);
}

/* ---- solids, arrows and curves, rendered ---- */

#define RW 854
#define RH 480
#define RK (RH / 8.0) /* pixels per unit */

/* The pixels where red ink is (r - g above `thr`: the title is white):
 * their box, in pixel edges, and their coverage summed along the row or
 * column through a point. */
typedef struct ink {
    int x0, y0, x1, y1; /* first and one past the last column and row */
    const lr_image *img;
    int thr;
} ink;

static int redness(const lr_image *img, int x, int y)
{
    const uint8_t *px = lrt_pixel(img, x, y);
    return (int)px[0] - (int)px[1];
}

static ink red_ink(const lr_image *img, int thr)
{
    ink k = {img->width, img->height, 0, 0, img, thr};
    for (int j = 0; j < img->height; j++)
        for (int i = 0; i < img->width; i++)
            if (redness(img, i, j) > thr) {
                k.x0 = i < k.x0 ? i : k.x0;
                k.y0 = j < k.y0 ? j : k.y0;
                k.x1 = i + 1 > k.x1 ? i + 1 : k.x1;
                k.y1 = j + 1 > k.y1 ? j + 1 : k.y1;
            }
    return k;
}

/* Where scene point (x, y) of the 2D frame is in pixels. */
static double px_x(double x) { return RW / 2.0 + x * RK; }
static double px_y(double y) { return RH / 2.0 - y * RK; }

/* Renders the section at time t; false (and a failed check) if it cannot. */
static bool render_section(built *b, double t, lr_image *img)
{
    lr_context_desc d = lr_context_desc_default(RW, RH);
    lr_context *ctx = NULL;
    lr_error err = {0};
    bool ok = lr_context_create(&d, &ctx, &err) == LR_OK && lr_timeline_seek(b->tl, t, &err) == LR_OK &&
              lr_context_render(ctx, b->scene, img, &err) == LR_OK;
    LRT_CHECK_MSG(ok, "render: %s", err.message);
    lr_context_destroy(ctx);
    return ok;
}

/* The box of points as the section's camera shows them, in pixels. */
static void projected_box(lr_scene *scene, const lr_vec3 *p, int n, double box[4])
{
    lr_camera3d cam = lr_scene_get_camera3d(scene);
    box[0] = box[1] = 1e9;
    box[2] = box[3] = -1e9;
    for (int i = 0; i < n; i++) {
        lr_vec3 q = lr_camera3d_project(&cam, p[i]);
        box[0] = fmin(box[0], px_x(q.x));
        box[2] = fmax(box[2], px_x(q.x));
        box[1] = fmin(box[1], px_y(q.y));
        box[3] = fmax(box[3], px_y(q.y));
    }
}

static void check_box(const ink *k, const double want[4], double tol, const char *what)
{
    LRT_CHECK_MSG(fabs(k->x0 - want[0]) <= tol && fabs(k->x1 - want[2]) <= tol && fabs(k->y0 - want[1]) <= tol &&
                      fabs(k->y1 - want[3]) <= tol,
                  "%s: ink [%d, %d] x [%d, %d], expected [%.1f, %.1f] x [%.1f, %.1f]", what, k->x0, k->x1, k->y0,
                  k->y1, want[0], want[2], want[1], want[3]);
}

/* One solid alone, red, in a section with the given camera. */
#define SOLO(camera, object)                                                                                     \
    "{\"version\": 2, \"meta\": {\"quality\": \"l\", \"background\": \"#000000\"}, \"sections\": [{\"id\": \"s\", " \
    "\"title\": \"T\", \"camera\": " camera ", \"objects\": [" object "], \"timeline\": [{\"add\": [\"x\"]}, "         \
    "{\"wait\": 1}]}]}"
/* Seen from the side (the y axis towards the eye), nearly without perspective. */
#define SIDE "{\"phi\": 90, \"theta\": -90, \"focal_distance\": 1000}"

/* A section rendered at 0.5 s, with its red ink. */
typedef struct solo {
    built b;
    lr_image img;
    ink k;
} solo;

static bool solo_open(const char *json, solo *s)
{
    s->img = (lr_image){0};
    if (!open_section(json, &s->b))
        return false;
    if (!render_section(&s->b, 0.5, &s->img)) {
        close_section(&s->b);
        return false;
    }
    s->k = red_ink(&s->img, 25);
    return true;
}

static void solo_close(solo *s)
{
    lr_image_free(&s->img);
    close_section(&s->b);
}

/* The ink's box against [x0, x1] x [y0, y1] in scene units, within a pixel. */
static void check_units(const ink *k, double x0, double y0, double x1, double y1, const char *what)
{
    double want[4] = {px_x(x0), px_y(y1), px_x(x1), px_y(y0)};
    check_box(k, want, 1.0, what);
}

/* Pixels down column x redder than thr. */
static int column_count(const lr_image *img, int x, int thr)
{
    int n = 0;
    for (int j = 0; j < img->height; j++)
        n += redness(img, x, j) > thr;
    return n;
}

/* Coverage of red down column x: a line's width in pixels there. */
static double column_width(const lr_image *img, int x)
{
    double w = 0;
    for (int j = 0; j < img->height; j++) {
        int r = redness(img, x, j);
        w += r > 0 ? r : 0;
    }
    return w / 255.0;
}

/* The camera's "position": the origin, and all the 3D view with it, is
 * drawn there in the frame; what is fixed in the frame stays. */
static void test_camera_position(void)
{
    solo so;
    if (!solo_open(SOLO("{\"phi\": 60, \"theta\": -30, \"position\": [3.5, -0.5]}",
                          "{\"id\": \"x\", \"type\": \"dot\", \"point\": [0, 0, 0], \"radius\": 0.2, \"color\": "
                          "\"#ff0000\"}"),
                     &so))
        return;
    double sw = 0, sx = 0, sy = 0;
    for (int j = 0; j < so.img.height; j++)
        for (int i = 0; i < so.img.width; i++) {
            double w = redness(&so.img, i, j);
            sw += w > 0 ? w : 0;
            sx += w > 0 ? w * (i + 0.5) : 0;
            sy += w > 0 ? w * (j + 0.5) : 0;
        }
    LRT_CHECK_NEAR(sx / sw, px_x(3.5), 1.0);
    LRT_CHECK_NEAR(sy / sw, px_y(-0.5), 1.0);
    lr_camera3d cam = lr_scene_get_camera3d(so.b.scene);
    lr_vec3 q = lr_camera3d_project(&cam, (lr_vec3){0, 0, 0});
    LRT_CHECK_NEAR(q.x, 3.5, 1e-6);
    LRT_CHECK_NEAR(q.y, -0.5, 1e-6);
    /* The title, fixed in the frame, is where it always is: white ink at the top middle. */
    int white = 0;
    for (int j = 0; j < RH / 6; j++)
        for (int i = RW / 2 - 40; i < RW / 2 + 40; i++)
            white += lrt_pixel(&so.img, i, j)[1] > 128;
    LRT_CHECK(white > 20);
    solo_close(&so);
}

/* The layout report of a 3D section: the 3D view is one picture (vectors
 * from one origin and axes do not overlap each other as problems), placed
 * in the grid by the camera's position (nothing over the lecture lines),
 * while a formula fixed in the frame over it does overlap it. */
static void test_layout_report(void)
{
    const char *json =
        "{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"lecture_lines\": [\"one\", \"two\"], "
        "\"camera\": {\"phi\": 65, \"theta\": -40, \"zoom\": 0.8, \"position\": [3.5, -0.8]}, \"objects\": ["
        "{\"id\": \"ax\", \"type\": \"three_d_axes\", \"x_range\": [-2, 2], \"y_range\": [-2, 2], \"z_range\": [-2, "
        "2], "
        "\"x_length\": 4, \"y_length\": 4, \"z_length\": 4},"
        "{\"id\": \"a\", \"type\": \"vector\", \"end\": [1.5, 0, 0.5]}, {\"id\": \"b\", \"type\": \"vector\", "
        "\"end\": [0, 1.5, 0.5]},"
        "{\"id\": \"t\", \"type\": \"tex\", \"tex\": \"x\", \"fixed_in_frame\": true, \"position\": [3.5, -0.8]}],"
        "\"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"ax\"}, {\"anim\": \"FadeIn\", \"target\": "
        "\"a\"}, "
        "{\"anim\": \"FadeIn\", \"target\": \"b\"}, {\"anim\": \"FadeIn\", \"target\": \"t\"}]}, {\"wait\": 1}]}]}";
    lr_spec *spec = load_json(json);
    if (!spec)
        return;
    lr_layout_options opt = {0};
    lr_layout_report rep = {0};
    lr_error err = {0};
    LRT_CHECK_OK(lr_spec_layout_report(spec, 0, 0, &opt, &rep, &err));
    bool among_3d = false, with_tex = false, over_lecture = false;
    for (size_t i = 0; i < rep.nproblems; i++) {
        const lr_layout_problem *p = &rep.problems[i];
        const char *x = rep.objects[p->item].id, *y = p->kind == LR_PROBLEM_OVERLAP ? rep.objects[p->other].id : "";
        if (p->kind == LR_PROBLEM_OVERLAP && strcmp(x, "t") != 0 && strcmp(y, "t") != 0)
            among_3d = true;
        if (p->kind == LR_PROBLEM_OVERLAP && (strcmp(x, "t") == 0 || strcmp(y, "t") == 0))
            with_tex = true;
        over_lecture |= p->kind == LR_PROBLEM_OVER_LECTURE;
    }
    LRT_CHECK_MSG(!among_3d && with_tex && !over_lecture, "3D overlaps %d, with the tex %d, over the lecture %d",
                  among_3d, with_tex, over_lecture);
    LRT_CHECK(strcmp(lr_spec_section_object_attached(spec, 0, 1), "(3D camera)") == 0);
    LRT_CHECK(lr_spec_section_object_attached(spec, 0, 3) == NULL);
    lr_layout_report_free(&rep);
    lr_spec_destroy(spec);
}

/* A box's corners where the camera puts them (perspective, oblique): the
 * cube's and the prism's silhouettes, within a pixel. */
static void test_boxes(void)
{
    struct {
        const char *json;
        lr_vec3 c, half;
    } cases[] = {
        {SOLO("{\"phi\": 60, \"theta\": -30}", "{\"id\": \"x\", \"type\": \"cube\", \"center\": [0.5, -0.3, 0.2], "
                                            "\"side_length\": 2, \"color\": \"#ff0000\", \"fill_opacity\": 1}"),
         {0.5f, -0.3f, 0.2f}, {1, 1, 1}},
        {SOLO("{\"phi\": 70, \"theta\": 20, \"focal_distance\": 10}",
              "{\"id\": \"x\", \"type\": \"prism\", \"dimensions\": [3, 2, 1], \"color\": \"#ff0000\"}"),
         {0, 0, 0}, {1.5f, 1, 0.5f}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        solo so;
        if (!solo_open(cases[i].json, &so))
            continue;
        lr_vec3 p[8];
        for (int k = 0; k < 8; k++)
            p[k] = (lr_vec3){cases[i].c.x + (k & 1 ? 1 : -1) * cases[i].half.x,
                             cases[i].c.y + (k & 2 ? 1 : -1) * cases[i].half.y,
                             cases[i].c.z + (k & 4 ? 1 : -1) * cases[i].half.z};
        double want[4];
        projected_box(so.b.scene, p, 8, want);
        /* Half covered on the darkest face (ambient 0.35): sharp corners
         * leave fringes of a little coverage beyond them. */
        ink k = red_ink(&so.img, 48);
        check_box(&k, want, 1.0, i ? "prism" : "cube");
        const lr_mesh *m = lr_mobject_mesh_const(lr_scene_find(so.b.scene, "x"));
        /* Six faces of two triangles, flat: 4 vertices each, welded into 8 places. */
        LRT_CHECK(m && lr_mesh_triangle_count(m) == 12 && lr_mesh_vertex_count(m) == 24 && m->twin);
        int places = 0;
        for (uint32_t v = 0; m && m->twin && v < m->nverts; v++)
            places += m->twin[v] == v;
        LRT_CHECK_MSG(places == 8, "%d places", places);
        solo_close(&so);
    }
}

/* A cylinder from the side: as wide as its diameter and as high as its
 * height, along z or along x; its ends closed. */
static void test_cylinder(void)
{
    solo so;
    if (solo_open(SOLO(SIDE, "{\"id\": \"x\", \"type\": \"cylinder\", \"radius\": 1.5, \"height\": 2, "
                             "\"center\": [0.5, 0, 0.25], \"checkerboard_colors\": [\"#ff0000\", \"#e00000\"]}"),
                  &so)) {
        check_units(&so.k, 0.5 - 1.5, 0.25 - 1, 0.5 + 1.5, 0.25 + 1, "cylinder along z");
        const lr_mesh *m = lr_mobject_mesh_const(lr_scene_find(so.b.scene, "x"));
        /* 24 x 24 faces of the side, 24 of each end */
        LRT_CHECK(m && lr_mesh_triangle_count(m) == (24 * 24 + 2 * 24) * 2);
        solo_close(&so);
    }
    if (solo_open(SOLO(SIDE, "{\"id\": \"x\", \"type\": \"cylinder\", \"radius\": 1.5, \"height\": 2, "
                             "\"direction\": [1, 0, 0], \"color\": \"#ff0000\"}"),
                  &so)) {
        check_units(&so.k, -1, -1.5, 1, 1.5, "cylinder along x");
        solo_close(&so);
    }
    /* Seen from above, the closed end is a disc: red at its centre (not
     * the inside of a tube). */
    if (solo_open(SOLO("{}", "{\"id\": \"x\", \"type\": \"cylinder\", \"radius\": 1.5, \"color\": \"#ff0000\"}"),
                  &so)) {
        LRT_CHECK(redness(&so.img, RW / 2, RH / 2) > 60);
        solo_close(&so);
    }
}

/* A cone from the side, apex up and apex along x. */
static void test_cone(void)
{
    solo so;
    if (solo_open(SOLO(SIDE, "{\"id\": \"x\", \"type\": \"cone\", \"apex\": [0, 0, 1.5], \"height\": 2, "
                             "\"base_radius\": 1, \"color\": \"#ff0000\"}"),
                  &so)) {
        check_units(&so.k, -1, -0.5, 1, 1.5, "cone up");
        /* Narrow at the top: at half its height, half its base. */
        int row = (int)px_y(0.5), w = 0;
        for (int i = 0; i < RW; i++)
            w += redness(&so.img, i, row) > 25;
        LRT_CHECK_NEAR(w, RK, 2);
        solo_close(&so);
    }
    if (solo_open(SOLO(SIDE, "{\"id\": \"x\", \"type\": \"cone\", \"apex\": [1, 0, 0], \"height\": 2.5, "
                             "\"base_radius\": 0.5, \"direction\": [1, 0, 0], \"color\": \"#ff0000\"}"),
                  &so)) {
        LRT_CHECK_NEAR(so.k.x0, px_x(-1.5), 1.0);
        LRT_CHECK_NEAR(so.k.y0, px_y(0.5), 1.0);
        LRT_CHECK_NEAR(so.k.y1, px_y(-0.5), 1.0);
        /* The apex is a point: 0.1 before it the cone is 2 x 0.02 wide,
         * and nothing is past it. */
        LRT_CHECK_NEAR(column_count(&so.img, (int)px_x(0.9), 25), 0.04 * RK, 1.0);
        LRT_CHECK(column_count(&so.img, (int)px_x(1.03), 0) == 0);
        solo_close(&so);
    }
}

/* A torus from above: its hole shows the background, its tube is red, and
 * it is as wide as 2 (R + r). */
static void test_torus(void)
{
    solo so;
    if (!solo_open(SOLO("{}", "{\"id\": \"x\", \"type\": \"torus\", \"major_radius\": 2, \"minor_radius\": 0.5, "
                              "\"checkerboard_colors\": [\"#ff0000\", \"#e00000\"]}"),
                   &so))
        return;
    const uint8_t *mid = lrt_pixel(&so.img, RW / 2, RH / 2);
    LRT_CHECK_MSG(mid[0] < 8 && mid[1] < 8 && mid[2] < 8, "the hole: %d %d %d", mid[0], mid[1], mid[2]);
    LRT_CHECK(redness(&so.img, (int)px_x(1.4), RH / 2) < 8);
    LRT_CHECK(redness(&so.img, (int)px_x(2), RH / 2) > 60);
    LRT_CHECK(redness(&so.img, RW / 2, (int)px_y(-2)) > 60);
    check_units(&so.k, -2.5, -2.5, 2.5, 2.5, "torus");
    solo_close(&so);
}

/* A 3D arrow from above: from its start to its apex, a thin shaft and a
 * wider cone; a vector from the origin. */
static void test_arrow(void)
{
    solo so;
    if (solo_open(SOLO("{\"light\": [0, 0, 30]}", "{\"id\": \"x\", \"type\": \"arrow\", \"start\": [-2, 0.5, 0], "
                                                   "\"end\": [2, 0.5, 0], \"color\": \"#ff0000\"}"),
                    &so)) {
        LRT_CHECK_NEAR(so.k.x0, px_x(-2), 1.0);
        LRT_CHECK_NEAR(so.k.x1, px_x(2), 1.0);
        /* The shaft is 2 x 0.02 wide (lit from above: its coverage counts
         * at a little under full red), the tip's base 2 x 0.08. */
        LRT_CHECK_NEAR(column_width(&so.img, (int)px_x(0)), 0.04 * RK, 0.8);
        /* Its sides face away from the light: counted, not summed. */
        LRT_CHECK_NEAR(column_count(&so.img, (int)px_x(2 - 0.3 + 0.02), 10), 0.16 * RK * (0.28 / 0.3), 1.5);
        LRT_CHECK(column_count(&so.img, (int)px_x(0), 10) <= 4);
        solo_close(&so);
    }
    if (solo_open(SOLO(SIDE, "{\"id\": \"x\", \"type\": \"vector\", \"end\": [1, 0, 2], \"color\": \"#ff0000\"}"),
                    &so)) {
        LRT_CHECK_NEAR(so.k.y1, px_y(0), 2.0);
        LRT_CHECK_NEAR(so.k.y0, px_y(2), 1.5);
        LRT_CHECK_NEAR(so.k.x1, px_x(1), 1.5);
        LRT_CHECK_NEAR(so.k.x0, px_x(0), 2.0);
        solo_close(&so);
    }
}

/* A helix (cos t, sin t, t / 4) from the side: up by z as it goes round;
 * seen from above it would be a circle. */
static void test_curve(void)
{
    solo so;
    if (!solo_open(SOLO(SIDE, "{\"id\": \"x\", \"type\": \"parametric_curve\", \"x\": \"1.5*cos(t)\", "
                                "\"y\": \"1.5*sin(t)\", \"z\": \"t/4 - 1.5\", \"t_range\": [0, 12.566], "
                                "\"color\": \"#ff0000\"}"),
                     &so))
        return;
    const lr_mesh *m = lr_mobject_mesh_const(lr_scene_find(so.b.scene, "x"));
    LRT_CHECK(m && lr_mesh_polyline_count(m) == 1 && m->nline_points == 201);
    if (m && m->nline_points == 201)
        LRT_CHECK_NEAR(m->line_points[100].z, 6.283 / 4 - 1.5, 1e-3);
    double want[4] = {px_x(-1.5), px_y(12.566 / 4 - 1.5), px_x(1.5), px_y(-1.5)};
    check_box(&so.k, want, 2.5, "helix"); /* its ends' round caps add a line's half width */
    /* At t = pi / 2 (x = 0, z = pi / 8 - 1.5) the curve crosses the middle. */
    int hits = 0;
    for (int j = (int)px_y(3.1416 / 8 - 1.5) - 2; j <= (int)px_y(3.1416 / 8 - 1.5) + 2; j++)
        hits += redness(&so.img, RW / 2, j) > 25;
    LRT_CHECK(hits > 0);
    solo_close(&so);
}

/* ---- ApplyMatrix in 3D ---- */

static void mat_apply(const double m[9], const double p[3], double out[3])
{
    for (int i = 0; i < 3; i++)
        out[i] = m[3 * i] * p[0] + m[3 * i + 1] * p[1] + m[3 * i + 2] * p[2];
}

/* Where the vertices of mesh object `id` are in the scene now. */
static int scene_points(lr_scene *scene, const char *id, lr_vec3 *out, int cap)
{
    lr_mobject *mo = lr_scene_find(scene, id);
    const lr_mesh *m = lr_mobject_mesh_const(mo);
    if (!m)
        return 0;
    lr_map3 t = lr_mesh_to_scene(mo, lr_mobject_world_transform(mo));
    int n = (int)m->nverts < cap ? (int)m->nverts : cap;
    for (int i = 0; i < n; i++)
        out[i] = lr_map3_point(&t, m->points[i]);
    return n;
}

/* The unit cube [0, 1]^3 under M: at the end each corner is M p, halfway
 * through a smooth ApplyMatrix p + (M p - p) / 2 (a straight path), also
 * sought backwards; the ink where the camera puts those corners; a face's
 * shade from its normal by the inverse transpose. */
static void test_apply_matrix(void)
{
    static const double M[9] = {1, 0.8, 0, 0, 1, 0, 0, 0.6, 1.5};
    const char *json =
        SOLO("{\"phi\": 60, \"theta\": -30, \"light\": [-3, -8, 9]}",
             "{\"id\": \"x\", \"type\": \"cube\", \"side_length\": 1, \"center\": [0.5, 0.5, 0.5], "
             "\"color\": \"#ff0000\", \"fill_opacity\": 1}");
    /* the same cube, then the map over 2 s and a wait */
    char spec[2048];
    snprintf(spec, sizeof spec, "%.*s{\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"x\", \"matrix\": [[1, 0.8, "
                                "0], "
             "[0, 1, 0], [0, 0.6, 1.5]]}], \"run_time\": 2}, {\"wait\": 1}]}]}",
             (int)(strstr(json, "{\"wait\": 1}") - json), json);
    built b;
    if (!open_section(spec, &b))
        return;
    LRT_CHECK_NEAR(lr_timeline_duration(b.tl), 3.0, 1e-9);
    double times[4] = {2.5, 1.0, 0.0, 1.0}, r_of[4] = {1, 0.5, 0, 0.5};
    for (int k = 0; k < 4; k++) {
        lr_error err = {0};
        LRT_CHECK_OK(lr_timeline_seek(b.tl, times[k], &err));
        lr_vec3 pts[24];
        int n = scene_points(b.scene, "x", pts, 24);
        LRT_CHECK(n == 24);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            /* the vertex's corner of the unit cube, rounded from where it
             * was built */
            const lr_mesh *m = lr_mobject_mesh_const(lr_scene_find(b.scene, "x"));
            double p[3] = {m->points[i].x, m->points[i].y, m->points[i].z}, q[3];
            mat_apply(M, p, q);
            double r = r_of[k];
            double want[3] = {p[0] + r * (q[0] - p[0]), p[1] + r * (q[1] - p[1]), p[2] + r * (q[2] - p[2])};
            worst = fmax(worst, fabs(pts[i].x - want[0]) + fabs(pts[i].y - want[1]) + fabs(pts[i].z - want[2]));
        }
        LRT_CHECK_MSG(worst < 1e-5, "t = %g: a vertex is %g from p + r (M p - p)", times[k], worst);
    }
    /* Rendered, at the end and halfway: the ink is the box of the mapped
     * corners as the camera shows them, within a pixel. */
    for (int k = 0; k < 2; k++) {
        lr_image img = {0};
        double r = k ? 0.5 : 1.0;
        if (!render_section(&b, k ? 1.0 : 2.5, &img))
            continue;
        lr_vec3 c[8];
        for (int i = 0; i < 8; i++) {
            double p[3] = {i & 1, (i >> 1) & 1, (i >> 2) & 1}, q[3];
            mat_apply(M, p, q);
            c[i] = (lr_vec3){(float)(p[0] + r * (q[0] - p[0])), (float)(p[1] + r * (q[1] - p[1])),
                             (float)(p[2] + r * (q[2] - p[2]))};
        }
        double want[4];
        projected_box(b.scene, c, 8, want);
        ink kk = red_ink(&img, 48);
        check_box(&kk, want, 1.0, k ? "cube halfway" : "cube mapped");
        if (k == 0) {
            /* The top face (z = 1, normal z) at its centre: lit by its
             * normal M^-T z, not by M z. */
            lr_camera3d cam = lr_scene_get_camera3d(b.scene);
            double top[3] = {0.5, 0.5, 1}, ct[3];
            mat_apply(M, top, ct);
            /* M^-T z: the third row of M^-1, i.e. the cross product of M's first two columns */
            double u[3] = {M[0], M[3], M[6]}, v[3] = {M[1], M[4], M[7]};
            double nr[3] = {u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]};
            double nw[3] = {M[2], M[5], M[8]}; /* M z, the wrong one */
            lr_vec3 eye = lr_camera3d_eye(&cam);
            double shade[2];
            for (int w = 0; w < 2; w++) {
                double *nn = w ? nw : nr, len = sqrt(nn[0] * nn[0] + nn[1] * nn[1] + nn[2] * nn[2]);
                double e[3] = {eye.x - ct[0], eye.y - ct[1], eye.z - ct[2]};
                double sgn = nn[0] * e[0] + nn[1] * e[1] + nn[2] * e[2] < 0 ? -1 : 1;
                double l[3] = {cam.light.x - ct[0], cam.light.y - ct[1], cam.light.z - ct[2]};
                double ll = sqrt(l[0] * l[0] + l[1] * l[1] + l[2] * l[2]);
                double d = sgn * (nn[0] * l[0] + nn[1] * l[1] + nn[2] * l[2]) / (len * ll);
                shade[w] = 255 * (cam.ambient + (1 - cam.ambient) * fmax(0, d));
            }
            lr_vec3 q = lr_camera3d_project(&cam, (lr_vec3){(float)ct[0], (float)ct[1], (float)ct[2]});
            int red = lrt_pixel(&img, (int)px_x(q.x), (int)px_y(q.y))[0];
            LRT_CHECK_MSG(fabs(red - shade[0]) <= 4, "top face red %d, expected %.1f (M z would give %.1f)", red,
                          shade[0], shade[1]);
            LRT_CHECK(fabs(shade[0] - shade[1]) > 12); /* the check can tell them apart */
        }
        lr_image_free(&img);
    }
    close_section(&b);
}

/* A 2x2 matrix on a group of 3D objects about a point [x, y, z] leaves z
 * alone; on three_d_axes it carries the surface drawn on them. */
static void test_apply_matrix_groups(void)
{
    const char *json = SECTION(
        "\"camera\": {\"phi\": 70},",
        "{\"id\": \"ax\", \"type\": \"three_d_axes\", \"x_range\": [-2, 2, 1], \"y_range\": [-2, 2, 1], "
        "\"z_range\": [-2, 2, 1], \"x_length\": 4, \"y_length\": 4, \"z_length\": 4},"
        "{\"id\": \"sf\", \"type\": \"surface\", \"axes\": \"ax\", \"x\": \"u\", \"y\": \"v\", \"z\": \"1\", "
        "\"resolution\": 2},"
        "{\"id\": \"a\", \"type\": \"dot\", \"point\": [1, 0, 2]},"
        "{\"id\": \"b\", \"type\": \"cube\", \"side_length\": 0.5, \"center\": [0, 1, 0]},"
        "{\"id\": \"g\", \"type\": \"group\", \"children\": [\"a\", \"b\"]}",
        "{\"add\": [\"ax\", \"sf\", \"g\"]},"
        "{\"play\": [{\"anim\": \"Shift\", \"target\": \"g\", \"by\": [1, 0]}]},"
        "{\"play\": [{\"anim\": \"ApplyMatrix\", \"target\": \"g\", \"matrix\": [[0, -1], [1, 0]], "
        "\"about_point\": [1, 0, 5]},"
        "{\"anim\": \"ApplyMatrix\", \"target\": \"ax\", \"matrix\": [[1, 0, 0], [0, 1, 0], [0, 0, 2]]}]}");
    built b;
    if (!open_section(json, &b))
        return;
    lr_error err = {0};
    LRT_CHECK_OK(lr_timeline_seek(b.tl, lr_timeline_duration(b.tl), &err));
    /* The dot: (1, 0, 2) shifted to (2, 0, 2), turned a quarter about (1, 0): (1, 1, 2). */
    lr_mobject *dot = lr_scene_find(b.scene, "a");
    const lr_mesh *dm = lr_mobject_mesh_const(dot);
    if (dm && dm->ndots == 1) {
        lr_map3 t = lr_mesh_to_scene(dot, lr_mobject_world_transform(dot));
        lr_vec3 p = lr_map3_point(&t, dm->dots[0].center);
        LRT_CHECK_NEAR(p.x, 1, 1e-5);
        LRT_CHECK_NEAR(p.y, 1, 1e-5);
        LRT_CHECK_NEAR(p.z, 2, 1e-5);
    }
    /* The cube's centre: (0, 1, 0) shifted to (1, 1, 0), turned a quarter about (1, 0) (z kept): (0, 0, 0). */
    lr_vec3 pts[24];
    int n = scene_points(b.scene, "b", pts, 24);
    double cx = 0, cy = 0, cz = 0;
    for (int i = 0; i < n; i++) {
        cx += pts[i].x / n;
        cy += pts[i].y / n;
        cz += pts[i].z / n;
    }
    LRT_CHECK(n == 24);
    LRT_CHECK_NEAR(cx, 0, 1e-5);
    LRT_CHECK_NEAR(cy, 0, 1e-5);
    LRT_CHECK_NEAR(cz, 0, 1e-5);
    /* The surface at z = 1 went with its axes to z = 2. */
    n = scene_points(b.scene, "sf", pts, 24);
    LRT_CHECK(n == 9);
    for (int i = 0; i < n; i++)
        LRT_CHECK_NEAR(pts[i].z, 2, 1e-5);
    close_section(&b);
}

/* ---- surfaces coloured by value ---- */

/* The faces of z = 2 - u over u (and x) in [0, 2], in four faces along u:
 * blue to red by z, or by x, between the pivots (the surface's own range,
 * given ones, the axes'), then rendered: red on the left, blue on the
 * right. */
static void test_fill_by_value(void)
{
    struct {
        const char *extra;
        double lo, hi; /* the pivots' values */
        bool by_x;
    } cases[] = {
        {"", 0, 2, false},
        {", \"colorscale_pivots\": [0.6, 1.3]", 0.6, 1.3, false},
        {", \"axes\": \"ax\"", -2, 2, false},
        {", \"colorscale_axis\": \"x\", \"axes\": \"ax\"", -3, 3, true},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char objs[1024];
        snprintf(objs, sizeof objs,
                 "{\"id\": \"ax\", \"type\": \"three_d_axes\", \"x_range\": [-3, 3], \"y_range\": [-3, 3], "
                 "\"z_range\": [-2, 2], \"x_length\": 6, \"y_length\": 6, \"z_length\": 4},"
                 "{\"id\": \"x\", \"type\": \"surface\", \"x\": \"u\", \"y\": \"v\", \"z\": \"2 - u\", \"u_range\": "
                 "[0, 2], "
                 "\"resolution\": [4, 1], \"colorscale\": [\"#0000ff\", \"#ff0000\"]%s}",
                 cases[k].extra);
        char json[2048];
        snprintf(json, sizeof json,
                 "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": \"s\", \"title\": \"T\", "
                 "\"camera\": {}, \"objects\": [%s], \"timeline\": [{\"add\": [\"x\"]}, {\"wait\": 1}]}]}",
                 objs);
        built b;
        if (!open_section(json, &b))
            continue;
        const lr_mesh *m = lr_mobject_mesh_const(lr_scene_find(b.scene, "x"));
        LRT_CHECK(m && lr_mesh_triangle_count(m) == 8);
        for (int f = 0; m && f < 4 && lr_mesh_triangle_count(m) == 8; f++) {
            double x = (f + 0.5) * 0.5, v = cases[k].by_x ? x : 2 - x; /* the face's centre */
            double t = fmin(1, fmax(0, (v - cases[k].lo) / (cases[k].hi - cases[k].lo)));
            lr_color c = m->colors[2 * f];
            LRT_CHECK_MSG(fabs(c.r - t) < 1e-4 && fabs(c.b - (1 - t)) < 1e-4 && c.g == 0 && c.a == 1,
                          "case %zu face %d: (%g, %g, %g), expected red %g", k, f, c.r, c.g, c.b, t);
            LRT_CHECK(m->colors[2 * f + 1].r == c.r);
        }
        /* Manim colours the faces' outlines as the faces: none drawn. */
        LRT_CHECK(m && (!m->edges || m->edges[0].width == 0 || m->edges[0].mask == 0));
        if (k == 0) {
            lr_image img = {0};
            if (render_section(&b, 0.5, &img)) {
                const uint8_t *left = lrt_pixel(&img, (int)px_x(0.2), (int)px_y(0.5));
                const uint8_t *right = lrt_pixel(&img, (int)px_x(1.8), (int)px_y(0.5));
                LRT_CHECK_MSG(left[0] > 2 * left[2] + 20 && right[2] > 2 * right[0] + 20,
                              "left (%d, %d, %d), right (%d, %d, %d)", left[0], left[1], left[2], right[0], right[1],
                              right[2]);
            }
            lr_image_free(&img);
        }
        close_section(&b);
    }
}

static void test_errors(void)
{
    expect_error(SECTION("", "{\"id\": \"c\", \"type\": \"circle\", \"rotation_axis\": [1, 0, 0]}", "{\"wait\": 1}"),
                 "sections[0].objects[0].rotation_axis", "placed in 3D");
    expect_error(SECTION("", "{\"id\": \"b\", \"type\": \"sphere\"}", "{\"wait\": 1}"), "sections[0].objects[0].type",
                 "needs a section with a \"camera\"");
    expect_error(SECTION("", "{\"id\": \"t\", \"type\": \"text\", \"text\": \"a\", \"fixed_in_frame\": true}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[0].fixed_in_frame", "for a section with a \"camera\"");
    expect_error(SECTION("\"camera\": {},", "{\"id\": \"b\", \"type\": \"sphere\", \"fixed_in_frame\": true}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[0].fixed_in_frame", "cannot be fixed in the frame");
    expect_error(SECTION("", "{\"id\": \"l\", \"type\": \"line\", \"start\": [0, 0, 1], \"end\": [1, 0]}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[0].start", "[x, y, z] is for objects drawn in 3D");
    expect_error(SECTION("\"camera\": {},", "{\"id\": \"l\", \"type\": \"line\", \"start\": [0, 0, 1], \"end\": [1, "
                                            "0], "
                                            "\"position\": [1, 1]}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[0].position", "placed by its points");
    expect_error(SECTION("", "{\"id\": \"d\", \"type\": \"dot\"}",
                         "{\"add\": [\"d\"]}, {\"play\": [{\"anim\": \"MoveCamera\", \"phi\": 30}]}"),
                 "sections[0].timeline[1].play[0].phi", "give the section a \"camera\"");
    expect_error(SECTION("\"camera\": {\"theta\": \"10*time\"},", "{\"id\": \"d\", \"type\": \"dot\"}",
                         "{\"add\": [\"d\"]}, {\"play\": [{\"anim\": \"MoveCamera\", \"theta\": 30}]}"),
                 "sections[0].timeline[1].play[0].theta", "is an expression");
    expect_error(SECTION("\"camera\": {\"theta\": \"10*time\"},", "{\"id\": \"d\", \"type\": \"dot\"}",
                         "{\"ambient_rotation\": 5}, {\"wait\": 1}"),
                 "sections[0].timeline[0].ambient_rotation", "ambient_rotation cannot turn it");
    expect_error(SECTION("", "{\"id\": \"d\", \"type\": \"dot\"}", "{\"ambient_rotation\": 5}, {\"wait\": 1}"),
                 "sections[0].timeline[0].ambient_rotation", "give the section a \"camera\"");
    expect_error(SECTION("\"camera\": {},", "{\"id\": \"b\", \"type\": \"sphere\"}",
                         "{\"add\": [\"b\"]}, {\"play\": [{\"anim\": \"Indicate\", \"target\": \"b\"}]}"),
                 "sections[0].timeline[1].play[0].target", "Indicate works on 2D shapes");
    expect_error(SECTION("\"camera\": {},",
                         "{\"id\": \"b\", \"type\": \"sphere\"}, {\"id\": \"g\", \"type\": \"group\", \"children\": "
                         "[\"b\"]}",
                         "{\"add\": [\"g\"]}, {\"play\": [{\"anim\": \"Wiggle\", \"target\": \"g\"}]}"),
                 "sections[0].timeline[1].play[0].target", "holds what is drawn in 3D");
    expect_error(SECTION("\"camera\": {},",
                         "{\"id\": \"b\", \"type\": \"sphere\"}, {\"id\": \"t\", \"type\": \"text\", \"text\": \"a\", "
                         "\"fixed_in_frame\": true, \"next_to\": {\"id\": \"b\"}}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[1].next_to.id", "is drawn in 3D");
    expect_error(SECTION("\"camera\": {},",
                         "{\"id\": \"b\", \"type\": \"dot\", \"point\": [0, 0, 1]}, {\"id\": \"t\", \"type\": "
                         "\"dot\", \"point\": \"b.center\"}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[1].point", "reads its 3D place as [b.x, b.y, b.z]");
    expect_error(SECTION("\"camera\": {},",
                         "{\"id\": \"b\", \"type\": \"sphere\"}, {\"id\": \"r\", \"type\": "
                         "\"surrounding_rectangle\", \"target\": \"b\", \"fixed_in_frame\": true}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[1].target", "marks and braces fit 2D objects only");
    expect_error(SECTION("\"camera\": {},",
                         "{\"id\": \"b\", \"type\": \"sphere\"}, {\"id\": \"r\", \"type\": "
                         "\"brace\", \"target\": \"b\", \"fixed_in_frame\": true}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[1].target", "marks and braces fit 2D objects only");
    expect_error(SECTION("\"camera\": {\"zoom\": \"q\"},", "{\"id\": \"b\", \"type\": \"sphere\"}", "{\"wait\": 1}"),
                 "sections[0].camera.zoom", "\"q\"");
    expect_error(SECTION("\"camera\": {},", "{\"id\": \"s\", \"type\": \"surface\", \"x\": \"u\", \"y\": \"t\", "
                                            "\"z\": \"0\", \"resolution\": [4, 300]}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[0].resolution[1]", "300");
    expect_error(SECTION("\"camera\": {},", "{\"id\": \"s\", \"type\": \"surface\", \"x\": \"u\", \"y\": \"t\", "
                                            "\"z\": \"0\"}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[0].y", "\"t\"");
    expect_error(SECTION("\"camera\": {},", "{\"id\": \"d\", \"type\": \"dot\"}",
                         "{\"add\": [\"d\"]}, {\"play\": [{\"anim\": \"MoveCamera\", \"phi\": 30}, {\"anim\": "
                         "\"MoveCamera\", \"theta\": 30}]}"),
                 "sections[0].timeline[1].play[1]", "one MoveCamera that turns");
    /* The solids', 3D arrows' and curves' fields, ApplyMatrix in 3D and colour scales. */
    static const struct {
        const char *json, *path, *words;
    } more[] = {
        {SECTION("", "{\"id\": \"a\", \"type\": \"arrow\", \"start\": [0, 0], \"end\": [1, 0], \"thickness\": 0.1}",
            "{\"wait\": 1}"),
         "sections[0].objects[0].thickness", "for an arrow drawn in 3D"},
        {SECTION("", "{\"id\": \"p\", \"type\": \"parametric_curve\", \"x\": \"t\", \"y\": \"t\", \"z\": \"t\", "
                     "\"t_range\": [0, 1]}", "{\"wait\": 1}"),
         "sections[0].objects[0].z", "drawn in 3D"},
        {SECTION("\"camera\": {},", "{\"id\": \"p\", \"type\": \"prism\", \"dimensions\": [1, 0, 2]}", "{\"wait\": 1}"),
         "sections[0].objects[0].dimensions", "more than 0"},
        {SECTION("\"camera\": {},", "{\"id\": \"p\", \"type\": \"cylinder\", \"direction\": [0, 0, 0]}", "{\"wait\": "
                                                                                                         "1}"),
         "sections[0].objects[0].direction", "points nowhere"},
        {SECTION("\"camera\": {},", "{\"id\": \"a\", \"type\": \"arrow\", \"start\": [1, 2, 3], \"end\": [1, 2, 3]}",
            "{\"wait\": 1}"),
         "sections[0].objects[0].end", "starts where it ends"},
        {SECTION("\"camera\": {},", "{\"id\": \"a\", \"type\": \"vector\", \"end\": [0, 0]}", "{\"wait\": 1}"),
         "sections[0].objects[0].end", "starts where it ends"},
        {SECTION("\"camera\": {},", "{\"id\": \"ax\", \"type\": \"axes\", \"x_range\": [0, 1], \"y_range\": [0, 1], "
                                    "\"fixed_in_frame\": true}, {\"id\": \"p\", \"type\": \"parametric_curve\", "
                                    "\"x\": \"t\", \"y\": \"t\", \"t_range\": [0, 1], \"axes\": \"ax\"}", "{\"wait\": "
                                                                                                          "1}"),
         "sections[0].objects[1].axes", "goes on three_d_axes"},
        {SECTION("\"camera\": {},", "{\"id\": \"ax\", \"type\": \"three_d_axes\"}, {\"id\": \"p\", \"type\": "
                                    "\"parametric_curve\", \"x\": \"t\", \"y\": \"t\", \"t_range\": [0, 1], \"axes\": "
                                    "\"ax\", \"fixed_in_frame\": true}", "{\"wait\": 1}"),
         "sections[0].objects[1].axes", "fixed in the frame goes on 2D axes"},
        {SECTION("\"camera\": {},", "{\"id\": \"t\", \"type\": \"torus\", \"resolution\": [0, 4]}", "{\"wait\": 1}"),
         "sections[0].objects[0].resolution[0]", "0"},
        {SECTION("", "{\"id\": \"c\", \"type\": \"circle\"}", "{\"add\": [\"c\"]}, {\"play\": [{\"anim\": "
                                                              "\"ApplyMatrix\", \"target\": \"c\", \"matrix\": [[1, "
                                                              "0, 0], [0, 1, 0], [0, 0, 1]]}]}"),
         "sections[0].timeline[1].play[0].matrix", "a 3x3 matrix maps objects drawn in 3D"},
        {SECTION("", "{\"id\": \"c\", \"type\": \"circle\"}", "{\"add\": [\"c\"]}, {\"play\": [{\"anim\": "
                                                              "\"ApplyMatrix\", \"target\": \"c\", \"matrix\": [[1, "
                                                              "0], [0, 1]], \"about_point\": [0, 0, 1]}]}"),
         "sections[0].timeline[1].play[0].about_point", "[x, y, z] is for objects drawn in 3D"},
        {SECTION("\"camera\": {},", "{\"id\": \"c\", \"type\": \"cube\"}", "{\"add\": [\"c\"]}, {\"play\": "
                                                                           "[{\"anim\": \"ApplyMatrix\", \"target\": "
                                                                           "\"c\", \"matrix\": [[1, 0, 0], [0, 1, "
                                                                           "0]]}]}"),
         "sections[0].timeline[1].play[0].matrix", "or 3x3 for objects drawn in 3D"},
        {SECTION("\"camera\": {},", "{\"id\": \"c\", \"type\": \"cube\"}", "{\"add\": [\"c\"]}, {\"play\": "
                                                                           "[{\"anim\": \"ApplyFunction\", "
                                                                           "\"target\": \"c\", \"x\": \"x\", \"y\": "
                                                                           "\"y\"}]}"),
         "sections[0].timeline[1].play[0].target", "Rotating and ApplyMatrix for now"},
        {SECTION("\"camera\": {},", "{\"id\": \"s\", \"type\": \"surface\", \"x\": \"u\", \"y\": \"v\", \"z\": \"0\", "
                                    "\"colorscale\": [\"RED\", \"BLUE\"], \"colorscale_pivots\": [0, 1, 2]}",
                                        "{\"wait\": 1}"),
         "sections[0].objects[0].colorscale_pivots", "expected 2 pivots"},
        {SECTION("\"camera\": {},", "{\"id\": \"s\", \"type\": \"surface\", \"x\": \"u\", \"y\": \"v\", \"z\": \"0\", "
                                    "\"colorscale\": [\"RED\", \"BLUE\"], \"colorscale_pivots\": [1, 1]}",
                                        "{\"wait\": 1}"),
         "sections[0].objects[0].colorscale_pivots", "increase"},
        {SECTION("\"camera\": {},", "{\"id\": \"s\", \"type\": \"surface\", \"x\": \"u\", \"y\": \"v\", \"z\": \"0\", "
                                    "\"colorscale_axis\": \"x\"}", "{\"wait\": 1}"),
         "sections[0].objects[0].colorscale_axis", "goes with a \"colorscale\""},
    };
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        expect_error(more[i].json, more[i].path, more[i].words);
    /* Version 1 has no camera. */
    expect_error("{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"camera\": {}, \"timeline\": "
                 "[{\"wait\": 1}]}]}",
                 "sections[0].camera", "new in version 2");
}

int main(void)
{
    test_camera_motion();
    test_camera_expressions();
    test_objects();
    test_camera_position();
    test_layout_report();
    test_boxes();
    test_cylinder();
    test_cone();
    test_torus();
    test_arrow();
    test_curve();
    test_apply_matrix();
    test_apply_matrix_groups();
    test_fill_by_value();
    test_errors();
    return lrt_finish("spec_three_d");
}
