/* 2D objects placed in 3D (version 2): in a section with a camera, a 2D
 * object that is not fixed in the frame lies in the plane z = 0 (or where
 * rotation_axis and a 3D position put it) and is seen through the camera,
 * depth-tested against the 3D objects. Rendered through llvmpipe: at
 * phi 0 a square lands where the 2D square does, tilted its corners land
 * where the camera projects them, turned and moved it stands where Manim's
 * rotate and move_to put it, and a circle in z = 0 around a sphere hides
 * the sphere's lower half and is hidden by its upper half. */
#include "spec_check.h"

#include <librender/lr_context.h>
#include <librender/lr_mesh.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RW 854
#define RH 480
#define RK (RH / 8.0) /* pixels per unit */

static double px_x(double x) { return RW / 2.0 + x * RK; }
static double px_y(double y) { return RH / 2.0 - y * RK; }

/* A section (camera, or none for 2D) with these objects, all added. */
static char *section(const char *camera, const char *objects, const char *ids)
{
    char *json = malloc(4096);
    snprintf(json, 4096,
             "{'version': 2, 'meta': {'quality': 'l', 'background': '#000000'}, 'sections': [{'id': 's', "
             "'title': 'T', %s%s%s 'objects': [%s], 'timeline': [{'add': [%s]}, {'wait': 1}]}]}",
             camera ? "'camera': " : "", camera ? camera : "", camera ? "," : "", objects, ids);
    return json;
}

static bool render_at(const char *json, double t, lr_image *img, lr_camera3d *cam);

/* The section's frame at 0.5 s, and its camera. */
static bool render(const char *json, lr_image *img, lr_camera3d *cam) { return render_at(json, 0.5, img, cam); }

static bool render_at(const char *json, double t, lr_image *img, lr_camera3d *cam)
{
    spec_built b;
    if (!spec_built_open(json, &b))
        return false;
    lr_context_desc d = lr_context_desc_default(RW, RH);
    lr_context *ctx = NULL;
    lr_error err = {0};
    spec_check_seek(b.tl, t);
    bool ok = lr_context_create(&d, &ctx, &err) == LR_OK && lr_context_render(ctx, b.scene, img, &err) == LR_OK;
    LRT_CHECK_MSG(ok, "render: %s", err.message);
    if (cam)
        *cam = lr_scene_get_camera3d(b.scene);
    lr_context_destroy(ctx);
    spec_built_close(&b);
    return ok;
}

static int redness(const lr_image *img, int x, int y)
{
    const uint8_t *px = lrt_pixel(img, x, y);
    return (int)px[0] - (int)px[1];
}

/* The box of the pixels redder than 127 (half covered), [x0, x1) x [y0, y1). */
static void red_box(const lr_image *img, int box[4])
{
    box[0] = img->width, box[1] = img->height, box[2] = box[3] = 0;
    for (int j = 0; j < img->height; j++)
        for (int i = 0; i < img->width; i++)
            if (redness(img, i, j) > 127) {
                box[0] = i < box[0] ? i : box[0];
                box[1] = j < box[1] ? j : box[1];
                box[2] = i + 1 > box[2] ? i + 1 : box[2];
                box[3] = j + 1 > box[3] ? j + 1 : box[3];
            }
}

/* The ink against the box of points p as cam projects them, within 1 px. */
static void check_projected(const lr_image *img, const lr_camera3d *cam, const lr_vec3 *p, int n, const char *what)
{
    double want[4] = {1e9, 1e9, -1e9, -1e9};
    for (int i = 0; i < n; i++) {
        lr_vec3 q = lr_camera3d_project(cam, p[i]);
        want[0] = fmin(want[0], px_x(q.x));
        want[2] = fmax(want[2], px_x(q.x));
        want[1] = fmin(want[1], px_y(q.y));
        want[3] = fmax(want[3], px_y(q.y));
    }
    int k[4];
    red_box(img, k);
    LRT_CHECK_MSG(fabs(k[0] - want[0]) <= 1 && fabs(k[1] - want[1]) <= 1 && fabs(k[2] - want[2]) <= 1 &&
                      fabs(k[3] - want[3]) <= 1,
                  "%s: ink [%d, %d] x [%d, %d], expected [%.1f, %.1f] x [%.1f, %.1f]", what, k[0], k[2], k[1], k[3],
                  want[0], want[2], want[1], want[3]);
}

#define SQUARE "{'id': 'sq', 'type': 'square', 'side_length': 2, 'fill_color': '#ff0000', 'fill_opacity': 1, " \
               "'stroke_width': 0, 'position': [1, 0.5]}"

/* Seen from above (ThreeDScene's start), the square in z = 0 is the 2D
 * square: the same box (1 px) and nearly the same pixels. */
static void test_top_view(void)
{
    char *flat = section("{'phi': 0}", SQUARE, "'sq'"), *two = section(NULL, SQUARE, "'sq'");
    lr_image a = {0}, b = {0};
    lr_camera3d cam;
    if (render(flat, &a, &cam) && render(two, &b, NULL)) {
        lr_vec3 c[4] = {{0, -0.5f, 0}, {2, -0.5f, 0}, {2, 1.5f, 0}, {0, 1.5f, 0}};
        check_projected(&a, &cam, c, 4, "phi 0");
        check_projected(&b, &cam, c, 4, "the 2D square");
        int off = 0;
        for (int j = 0; j < RH; j++)
            for (int i = 0; i < RW; i++)
                off += abs(redness(&a, i, j) - redness(&b, i, j)) > 64;
        LRT_CHECK_MSG(off <= 8, "%d pixels differ from the 2D square by more than 64", off);
    }
    lr_image_free(&a);
    lr_image_free(&b);
    free(flat);
    free(two);
}

/* Objects built on flat ones stay in the plane with them: a graph on axes
 * moved to (1, 0.5), seen from above, is the 2D graph (same box, 1 px). */
static void test_graph_on_axes(void)
{
    const char *objects = "{'id': 'ax', 'type': 'axes', 'x_range': [-3, 3, 1], 'y_range': [-2, 2, 1], 'x_length': 6, "
                          "'y_length': 4, 'color': '#000000', 'position': [1, 0.5]}, {'id': 'g', 'type': 'function_graph', "
                          "'axes': 'ax', 'expr': 'sin(x)', 'color': '#ff0000', 'stroke_width': 6}";
    char *flat = section("{'phi': 0}", objects, "'ax', 'g'"), *two = section(NULL, objects, "'ax', 'g'");
    lr_image a = {0}, b = {0};
    if (render(flat, &a, NULL) && render(two, &b, NULL)) {
        int ka[4], kb[4];
        red_box(&a, ka);
        red_box(&b, kb);
        LRT_CHECK_MSG(abs(ka[0] - kb[0]) <= 1 && abs(ka[1] - kb[1]) <= 1 && abs(ka[2] - kb[2]) <= 1 &&
                          abs(ka[3] - kb[3]) <= 1 && kb[2] - kb[0] > 300,
                      "graph in 3D [%d, %d] x [%d, %d], in 2D [%d, %d] x [%d, %d]", ka[0], ka[2], ka[1], ka[3], kb[0],
                      kb[2], kb[1], kb[3]);
    }
    lr_image_free(&a);
    lr_image_free(&b);
    free(flat);
    free(two);
}

/* Tilted (phi 60, theta -60, perspective), the corners of the square in
 * z = 0 land where the camera projects them. */
static void test_tilted(void)
{
    char *json = section("{'phi': 60, 'theta': -60, 'focal_distance': 10}", SQUARE, "'sq'");
    lr_image img = {0};
    lr_camera3d cam;
    if (render(json, &img, &cam)) {
        lr_vec3 c[4] = {{0, -0.5f, 0}, {2, -0.5f, 0}, {2, 1.5f, 0}, {0, 1.5f, 0}};
        check_projected(&img, &cam, c, 4, "phi 60");
        /* the ink is the projected quadrilateral, not its box: the middles
         * of the box's sides outside it are dark */
        lr_vec3 q = lr_camera3d_project(&cam, (lr_vec3){1, 0.5f, 0});
        LRT_CHECK_MSG(redness(&img, (int)px_x(q.x), (int)px_y(q.y)) > 200, "the square's centre is not red");
    }
    lr_image_free(&img);
    free(json);
}

/* Manim's square.rotate(90 deg, axis=RIGHT).move_to([0, 0, 1]) seen from
 * the side (phi 90: the xz-plane faces the camera): it stands up, a square
 * from z = 0 to 2. */
static void test_turned(void)
{
    char *json = section("{'phi': 90, 'theta': -90, 'focal_distance': 1000}",
                         "{'id': 'sq', 'type': 'square', 'side_length': 2, 'fill_color': '#ff0000', 'fill_opacity': 1, "
                         "'stroke_width': 0, 'rotation': 90, 'rotation_axis': [1, 0, 0], 'position': [-1, 0, 1]}",
                         "'sq'");
    lr_image img = {0};
    lr_camera3d cam;
    if (render(json, &img, &cam)) {
        lr_vec3 c[4] = {{-2, 0, 0}, {0, 0, 0}, {0, 0, 2}, {-2, 0, 2}};
        check_projected(&img, &cam, c, 4, "turned about x and moved up");
    }
    lr_image_free(&img);
    free(json);
}

/* A red disc in z = 0 through a blue sphere: from above at phi 60, the
 * sphere's top is in front of the disc, the disc in front of the sphere's
 * bottom, whatever the order they are declared in. */
static void test_depth(void)
{
    const char *disc = "{'id': 'c', 'type': 'circle', 'radius': 2, 'fill_color': '#ff0000', 'fill_opacity': 1, "
                       "'stroke_width': 0}";
    const char *ball = "{'id': 'b', 'type': 'sphere', 'radius': 1, 'color': '#0000ff', 'stroke_width': 0}";
    for (int order = 0; order < 2; order++) {
        char objects[512];
        snprintf(objects, sizeof objects, "%s, %s", order ? ball : disc, order ? disc : ball);
        char *json = section("{'phi': 60, 'theta': -90}", objects, "'c', 'b'");
        lr_image img = {0};
        lr_camera3d cam;
        if (render(json, &img, &cam)) {
            lr_vec3 top = lr_camera3d_project(&cam, (lr_vec3){0, 0, 1});
            lr_vec3 under = lr_camera3d_project(&cam, (lr_vec3){0, -0.6f, -0.7f});
            lr_vec3 rim = lr_camera3d_project(&cam, (lr_vec3){1.6f, 0, 0});
            int tx = (int)px_x(top.x), ty = (int)px_y(top.y) + 3; /* just inside the sphere's top */
            const uint8_t *px = lrt_pixel(&img, tx, ty);
            LRT_CHECK_MSG(px[2] > 100 && px[0] < 40,
                          "order %d: the sphere's top is hidden by the disc", order);
            LRT_CHECK_MSG(redness(&img, (int)px_x(under.x), (int)px_y(under.y)) > 200,
                          "order %d: the sphere's bottom shows through the disc", order);
            LRT_CHECK_MSG(redness(&img, (int)px_x(rim.x), (int)px_y(rim.y)) > 200, "order %d: no disc beside the sphere",
                          order);
        }
        lr_image_free(&img);
        free(json);
    }
}

/* The box of the white pixels (> 127) in columns [cx0, cx1) and rows [0, rows). */
static void white_box(const lr_image *img, int cx0, int cx1, int rows, int box[4])
{
    box[0] = img->width, box[1] = img->height, box[2] = box[3] = 0;
    for (int j = 0; j < img->height && j < rows; j++)
        for (int i = cx0 < 0 ? 0 : cx0; i < cx1 && i < img->width; i++)
            if (lrt_pixel(img, i, j)[1] > 127) {
                box[0] = i < box[0] ? i : box[0];
                box[1] = j < box[1] ? j : box[1];
                box[2] = i + 1 > box[2] ? i + 1 : box[2];
                box[3] = j + 1 > box[3] ? j + 1 : box[3];
            }
}

/* Manim's get_x_axis_label and get_z_axis_label: x's up and right of the
 * x axis's end (its tip 0.3 beyond x = 5.25) by SMALL_BUFF, above the
 * ticks (0.07); z's right of the z axis's top (3.25 + 0.3), standing in the
 * xz-plane: seen from the side it is upright. */
static void test_axis_labels(void)
{
    const char *axes = "{'id': 'ax', 'type': 'three_d_axes', 'x_label': 'x', 'z_label': 'z'}";
    char *top = section("{'phi': 0}", axes, "'ax'");
    char *side = section("{'phi': 90, 'theta': -90, 'focal_distance': 1000}", axes, "'ax'");
    lr_image a = {0}, b = {0};
    int k[4];
    if (render(top, &a, NULL)) {
        white_box(&a, (int)px_x(5.58), RW, RH, k);
        LRT_CHECK_MSG(fabs(k[0] - px_x(5.65)) <= 1 && fabs(k[3] - px_y(0.17)) <= 1,
                      "x label's ink from column %d, down to row %d; expected %.1f, %.1f", k[0], k[3], px_x(5.65),
                      px_y(0.17));
        LRT_CHECK_MSG(k[2] - k[0] >= 8 && k[3] - k[1] >= 6, "x label is %d x %d pixels", k[2] - k[0], k[3] - k[1]);
    }
    if (render(side, &b, NULL)) {
        white_box(&b, (int)px_x(0.09) + 1, (int)px_x(1.0), (int)px_y(1.0), k);
        double mid = (k[1] + k[3]) / 2.0;
        LRT_CHECK_MSG(fabs(k[0] - px_x(0.1)) <= 1 && fabs(mid - px_y(3.55)) <= 1.5 && k[3] - k[1] >= 6,
                      "z label's ink from column %d, rows %d..%d; expected from %.1f, centred on %.1f", k[0], k[1], k[3],
                      px_x(0.1), px_y(3.55));
    }
    lr_image_free(&a);
    lr_image_free(&b);
    free(top);
    free(side);
}

/* Manim's add_fixed_orientation_mobjects: a red label at (2, 0, 1) while
 * the camera turns (theta -90 + 90 t): at each time its ink is the same
 * upright box (1 px), centred where the camera shows (2, 0, 1) then. */
static void test_fixed_orientation(void)
{
    char *json = section("{'phi': 60, 'theta': '-90 + 90*time'}",
                         "{'id': 'l', 'type': 'text', 'text': 'AB', 'color': '#ff0000', 'fixed_orientation': true, "
                         "'position': [2, 0, 1]}",
                         "'l'");
    int first[4] = {0};
    for (int i = 0; i < 3; i++) {
        double t = 0.1 + 0.4 * i;
        lr_image img = {0};
        lr_camera3d cam;
        if (render_at(json, t, &img, &cam)) {
            int k[4];
            red_box(&img, k);
            lr_vec3 q = lr_camera3d_project(&cam, (lr_vec3){2, 0, 1});
            double cx = (k[0] + k[2]) / 2.0, cy = (k[1] + k[3]) / 2.0;
            LRT_CHECK_MSG(fabs(cx - px_x(q.x)) <= 1.5 && fabs(cy - px_y(q.y)) <= 1.5,
                          "t %.1f: label centred at (%.1f, %.1f), the camera shows its point at (%.1f, %.1f)", t, cx, cy,
                          px_x(q.x), px_y(q.y));
            if (i == 0)
                memcpy(first, k, sizeof first);
            LRT_CHECK_MSG(abs((k[2] - k[0]) - (first[2] - first[0])) <= 1 && abs((k[3] - k[1]) - (first[3] - first[1])) <= 1,
                          "t %.1f: label %d x %d, at first %d x %d", t, k[2] - k[0], k[3] - k[1], first[2] - first[0],
                          first[3] - first[1]);
            LRT_CHECK_MSG(k[2] - k[0] > 2 * (k[3] - k[1]) / 1.5, "t %.1f: label %d x %d is not upright text", t,
                          k[2] - k[0], k[3] - k[1]);
        }
        lr_image_free(&img);
    }
    free(json);
}

static void test_errors(void)
{
    char *json = section(NULL, "{'id': 'sq', 'type': 'square', 'rotation': 90, 'rotation_axis': [1, 0, 0]}", "'sq'");
    spec_check_error(json, "objects[0].rotation_axis", "placed in 3D");
    free(json);
    json = section("{'phi': 60}", "{'id': 'sq', 'type': 'square', 'rotation': 90, 'rotation_axis': [0, 0, 0]}", "'sq'");
    spec_check_error(json, "objects[0].rotation_axis", "no direction");
    free(json);
    json = section("{'phi': 60}", "{'id': 'sq', 'type': 'square', 'fixed_in_frame': true, 'rotation_axis': [1, 0, 0]}",
                   "'sq'");
    spec_check_error(json, "objects[0].rotation_axis", "placed in 3D");
    free(json);
    json = section(NULL, "{'id': 'sq', 'type': 'square', 'position': [0, 0, 1]}", "'sq'");
    spec_check_error(json, "objects[0].position", "[x, y, z]");
    free(json);
    json = section(NULL, "{'id': 'l', 'type': 'text', 'text': 'a', 'fixed_orientation': true}", "'l'");
    spec_check_error(json, "objects[0].fixed_orientation", "camera");
    free(json);
    json = section("{'phi': 60}", "{'id': 'l', 'type': 'sphere', 'fixed_orientation': true}", "'l'");
    spec_check_error(json, "objects[0].fixed_orientation", "2D object");
    free(json);
    json = section("{'phi': 60}", "{'id': 'l', 'type': 'text', 'text': 'a', 'fixed_orientation': true, 'fixed_in_frame': true}", "'l'");
    spec_check_error(json, "objects[0].fixed_orientation", "not fixed_in_frame");
    free(json);
}

/* A flat object animates as a mesh (Create of 3D objects): created, it
 * ends as the square that is simply added. */
static void test_created(void)
{
    char *json = section("{'phi': 60, 'theta': -60}", SQUARE, "");
    char *steps = strstr(json, "{'add': []}");
    lr_image a = {0}, b = {0};
    LRT_CHECK(steps != NULL);
    if (steps) {
        char *full = malloc(4096);
        snprintf(full, 4096, "%.*s{'play': [{'anim': 'Create', 'target': 'sq'}], 'run_time': 0.25}%s",
                 (int)(steps - json), json, steps + strlen("{'add': []}"));
        char *added = section("{'phi': 60, 'theta': -60}", SQUARE, "'sq'");
        if (render(full, &a, NULL) && render(added, &b, NULL)) {
            int ka[4], kb[4];
            red_box(&a, ka);
            red_box(&b, kb);
            LRT_CHECK_MSG(abs(ka[0] - kb[0]) <= 1 && abs(ka[1] - kb[1]) <= 1 && abs(ka[2] - kb[2]) <= 1 &&
                              abs(ka[3] - kb[3]) <= 1 && kb[2] > kb[0],
                          "created [%d, %d] x [%d, %d], added [%d, %d] x [%d, %d]", ka[0], ka[2], ka[1], ka[3], kb[0],
                          kb[2], kb[1], kb[3]);
        }
        free(added);
        free(full);
    }
    lr_image_free(&a);
    lr_image_free(&b);
    free(json);
}

int main(void)
{
    test_top_view();
    test_graph_on_axes();
    test_tilted();
    test_turned();
    test_depth();
    test_axis_labels();
    test_fixed_orientation();
    test_errors();
    test_created();
    return lrt_finish("spec_flat3d");
}
