/* 3D sections in the spec (version 2): the camera as written, turned by
 * MoveCamera (mid-step too), by ambient_rotation (rate x time, held while a
 * MoveCamera of that angle runs) and by expressions; the light driven by a
 * value; 3D objects built as meshes where the camera puts them (rendered);
 * 2D objects fixed in the frame; and the load errors, with their paths. */
#include "lrtest.h"
#include "scene/scene_internal.h"

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

static void test_errors(void)
{
    expect_error(SECTION("\"camera\": {},", "{\"id\": \"c\", \"type\": \"circle\"}", "{\"wait\": 1}"),
                 "sections[0].objects[0]", "add \"fixed_in_frame\": true");
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
    expect_error(SECTION("\"camera\": {},", "{\"id\": \"l\", \"type\": \"line\", \"start\": [0, 0, 1], \"end\": [1, 0], "
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
                         "{\"play\": [{\"anim\": \"Create\", \"target\": \"b\"}]}"),
                 "sections[0].timeline[0].play[0].target", "bring it in with FadeIn");
    expect_error(SECTION("\"camera\": {},",
                         "{\"id\": \"b\", \"type\": \"sphere\"}, {\"id\": \"g\", \"type\": \"group\", \"children\": "
                         "[\"b\"]}",
                         "{\"play\": [{\"anim\": \"Write\", \"target\": \"g\"}]}"),
                 "sections[0].timeline[0].play[0].target", "holds what is drawn in 3D");
    expect_error(SECTION("\"camera\": {},",
                         "{\"id\": \"b\", \"type\": \"sphere\"}, {\"id\": \"t\", \"type\": \"text\", \"text\": \"a\", "
                         "\"fixed_in_frame\": true, \"next_to\": {\"id\": \"b\"}}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[1].next_to.id", "is drawn in 3D");
    expect_error(SECTION("\"camera\": {},",
                         "{\"id\": \"b\", \"type\": \"dot\", \"point\": [0, 0, 1]}, {\"id\": \"t\", \"type\": "
                         "\"dot\", \"point\": \"b.center\"}",
                         "{\"wait\": 1}"),
                 "sections[0].objects[1].point", "cannot read 3D objects yet");
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
    test_errors();
    return lrt_finish("spec_three_d");
}
