/* Objects bound to a function graph: a tangent line and the area under the
 * curve land where the axes put the graph's points, the tangent's slope is
 * the graph's derivative, the validator names the field of an impossible
 * request, and the drawn frame shows both. */
#include "lrtest.h"
#include "scene/scene_internal.h"

#include <stdlib.h>
#include <string.h>

/* Axes left where the builder makes them (no placement field) are centred
 * on the middle of their ranges: with x in [-4, 4] over 8 units and y in
 * [-1, 8] over 9 units, the point (x, y) lands at (x, y - 3.5). A second
 * pair of axes squeezes x to half a unit per unit. */
static const char *spec_json =
    "{\"version\": 1, \"meta\": {\"title\": \"graphs\", \"quality\": \"l\"},"
    " \"sections\": [{\"id\": \"s\", \"title\": \"Graphs\","
    "  \"objects\": ["
    "   {\"id\": \"ax\", \"type\": \"axes\", \"x_range\": [-4, 4, 1], \"y_range\": [-1, 8, 1],"
    "    \"x_length\": 8, \"y_length\": 9, \"tips\": false},"
    "   {\"id\": \"g\", \"type\": \"function_graph\", \"axes\": \"ax\", \"expr\": \"x^2\", \"x_range\": [-2.5, 2.5]},"
    "   {\"id\": \"t\", \"type\": \"tangent_line\", \"graph\": \"g\", \"x\": 1.5, \"length\": 3, \"color\": \"YELLOW\"},"
    "   {\"id\": \"a\", \"type\": \"area_under_curve\", \"graph\": \"g\", \"x_range\": [0, 2]},"
    "   {\"id\": \"ax2\", \"type\": \"axes\", \"x_range\": [-4, 4], \"y_range\": [-2, 2], \"x_length\": 4, \"y_length\": 4},"
    "   {\"id\": \"g2\", \"type\": \"function_graph\", \"axes\": \"ax2\", \"expr\": \"sin(x)\"},"
    "   {\"id\": \"t2\", \"type\": \"tangent_line\", \"graph\": \"g2\", \"x\": 0.5},"
    "   {\"id\": \"t3\", \"type\": \"tangent_line\", \"graph\": \"g2\", \"x\": 4}"
    "  ],"
    "  \"timeline\": [{\"add\": [\"ax\", \"g\", \"t\", \"a\"]}, {\"wait\": 1}]}]}";

static lr_spec *load_string(const char *json, lr_spec_errors *errs)
{
    lr_spec *spec = NULL;
    lr_spec_load_string(json, "graphs.json", NULL, &spec, errs);
    return spec;
}

/* The numeric derivative, computed here on its own: a wide central
 * difference of the same expression. */
static double derivative(const char *expr, double x)
{
    lr_expr *e = NULL;
    if (lr_expr_compile(expr, &e, NULL) != LR_OK)
        return NAN;
    double h = 1e-3, d = (lr_expr_eval(e, x + h, 0) - lr_expr_eval(e, x - h, 0)) / (2 * h);
    lr_expr_destroy(e);
    return d;
}

static void check_line(lr_scene *scene, const char *id, lr_vec2 at, double slope, double length)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m != NULL, "no %s", id);
    if (!m)
        return;
    const lr_path *p = lr_mobject_path_const(m);
    LRT_CHECK(p->nsubpaths == 1 && p->npoints == 4);
    if (p->npoints < 4)
        return;
    lr_affine w = lr_mobject_world_transform(m);
    lr_vec2 a = lr_affine_apply(w, p->points[0]), b = lr_affine_apply(w, p->points[3]);
    LRT_CHECK_NEAR((a.x + b.x) * 0.5, at.x, 1e-4);
    LRT_CHECK_NEAR((a.y + b.y) * 0.5, at.y, 1e-4);
    LRT_CHECK_NEAR((b.y - a.y) / (b.x - a.x), slope, 1e-3 * fmax(1.0, fabs(slope)));
    LRT_CHECK_NEAR(hypot(b.x - a.x, b.y - a.y), length, 1e-4);
}

static void test_build(void)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = load_string(spec_json, errs);
    LRT_CHECK_MSG(spec != NULL, "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    if (!spec)
        return;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    if (scene) {
        /* y = x^2 at 1.5: the point (1.5, 2.25), slope 3, 3 units long. */
        double d = derivative("x^2", 1.5);
        LRT_CHECK_NEAR(d, 3.0, 1e-6);
        check_line(scene, "t", (lr_vec2){1.5f, 2.25f - 3.5f}, d, 3.0);
        /* sin on axes with half a unit per x unit: slope in the scene is
         * cos(0.5) * (1 / 0.5); the default length is 2. */
        check_line(scene, "t2", (lr_vec2){0.25f, sinf(0.5f)}, derivative("sin(x)", 0.5) * 2.0, 2.0);
        /* At the end of the range the slope is one-sided, still cos(4). */
        check_line(scene, "t3", (lr_vec2){2.0f, sinf(4.0f)}, derivative("sin(x)", 4.0) * 2.0, 2.0);
        LRT_CHECK_NEAR(lr_mobject_get_style(lr_scene_find(scene, "t")).stroke.r, 0xFF / 255.0, 0.01);

        lr_mobject *a = lr_scene_find(scene, "a");
        LRT_CHECK(a != NULL);
        if (a) {
            const lr_path *p = lr_mobject_path_const(a);
            LRT_CHECK(p->nsubpaths == 1 && p->subpaths[0].closed);
            lr_rect r = lr_rect_transform(lr_path_bounds(p), lr_mobject_world_transform(a));
            /* from x = 0 to 2, from the x axis (y = 0) up to 2^2 */
            LRT_CHECK_NEAR(r.x0, 0.0, 1e-4);
            LRT_CHECK_NEAR(r.x1, 2.0, 1e-4);
            LRT_CHECK_NEAR(r.y0, 0.0 - 3.5, 1e-4);
            LRT_CHECK_NEAR(r.y1, 4.0 - 3.5, 1e-4);
            /* its area is the integral of x^2 over [0, 2], 8/3 */
            LRT_CHECK_NEAR(fabs(lr_path_signed_area(p)), 8.0 / 3.0, 1e-3);
            lr_style st = lr_mobject_get_style(a);
            LRT_CHECK_NEAR(st.fill.a, 0.3, 1e-6);
            LRT_CHECK(st.stroke.a == 0 || st.stroke_width == 0);
        }
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* `object` replaces the tangent line of a small spec; the loader must fail
 * with one error at `path` whose message contains `needle`. */
static void expect_error(const char *object, const char *path, const char *needle)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": ["
             "{\"id\": \"ax\", \"type\": \"axes\", \"x_range\": [-3, 3], \"y_range\": [-3, 3]},"
             "{\"id\": \"g\", \"type\": \"function_graph\", \"axes\": \"ax\", \"expr\": \"1/x\"},"
             "{\"id\": \"c\", \"type\": \"circle\"}, %s],"
             "\"timeline\": [{\"wait\": 1}]}]}",
             object);
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = load_string(json, errs);
    LRT_CHECK_MSG(spec == NULL, "accepted %s", object);
    bool found = false;
    for (size_t i = 0; i < lr_spec_errors_count(errs); i++)
        if (strcmp(lr_spec_errors_path(errs, i), path) == 0 && strstr(lr_spec_errors_message(errs, i), needle))
            found = true;
    LRT_CHECK_MSG(found && lr_spec_errors_count(errs) == 1, "%s: expected one error at %s with \"%s\", got: %s",
                  object, path, needle, lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    lr_spec_destroy(spec);
}

static void test_validation(void)
{
    const char *p = "sections[0].objects[3]";
    char path[128];
    snprintf(path, sizeof path, "%s.x", p);
    expect_error("{\"id\": \"t\", \"type\": \"tangent_line\", \"graph\": \"g\", \"x\": 7}", path,
                 "outside the x range [-3, 3]");
    expect_error("{\"id\": \"t\", \"type\": \"tangent_line\", \"graph\": \"g\", \"x\": 0}", path,
                 "no finite value at x = 0");
    snprintf(path, sizeof path, "%s.graph", p);
    expect_error("{\"id\": \"t\", \"type\": \"tangent_line\", \"graph\": \"c\", \"x\": 1}", path,
                 "expected one of: function_graph");
    expect_error("{\"id\": \"t\", \"type\": \"area_under_curve\", \"graph\": \"gg\", \"x_range\": [1, 2]}", path,
                 "did you mean \"g\"");
    snprintf(path, sizeof path, "%s", p);
    expect_error("{\"id\": \"t\", \"type\": \"tangent_line\", \"x\": 1}", path, "missing field \"graph\"");
    snprintf(path, sizeof path, "%s.x_range", p);
    expect_error("{\"id\": \"t\", \"type\": \"area_under_curve\", \"graph\": \"g\", \"x_range\": [-1, 1]}", path,
                 "no finite value at x = 0");
    expect_error("{\"id\": \"t\", \"type\": \"area_under_curve\", \"graph\": \"g\", \"x_range\": [1, 5]}", path,
                 "outside the x range");
    expect_error("{\"id\": \"t\", \"type\": \"area_under_curve\", \"graph\": \"g\", \"x_range\": [2, 1]}", path,
                 "min < max");
    snprintf(path, sizeof path, "%s.at", p);
    expect_error("{\"id\": \"t\", \"type\": \"tangent_line\", \"graph\": \"g\", \"x\": 1, \"at\": \"B2\"}", path,
                 "placed by what it belongs to");
    snprintf(path, sizeof path, "%s.length", p);
    expect_error("{\"id\": \"t\", \"type\": \"tangent_line\", \"graph\": \"g\", \"x\": 1, \"length\": -1}", path,
                 "");
}

/* Scene point -> pixel at 854x480 (default camera: 8 units high). */
static const uint8_t *pixel_at(const lr_image *img, float x, float y)
{
    float scale = (float)img->height / 8.0f;
    int px = (int)((x + (float)img->width / scale * 0.5f) * scale);
    int py = (int)((4.0f - y) * scale);
    return lrt_pixel(img, px, py);
}

static void test_pixels(void)
{
    lr_spec *spec = load_string(spec_json, NULL);
    LRT_CHECK(spec != NULL);
    if (!spec)
        return;
    lr_context_desc desc = lr_context_desc_default(854, 480);
    lr_context *ctx = NULL;
    lr_error err = {0};
    if (lr_context_create(&desc, &ctx, &err) != LR_OK) {
        fprintf(stderr, "no OpenGL context, nothing drawn: %s\n", err.message);
        LRT_CHECK(err.status == LR_ERR_NO_CONTEXT);
        lr_spec_destroy(spec);
        return;
    }
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_image img = {0};
    LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    if (tl && lr_timeline_seek(tl, 0.5, &err) == LR_OK)
        LRT_CHECK_MSG(lr_context_render(ctx, scene, &img, &err) == LR_OK, "%s", err.message);
    if (img.pixels) {
        /* inside the area, under the curve at x = 1.5 (y up to 2.25):
         * BLUE #58C4DD at 0.3 over black */
        const uint8_t *in = pixel_at(&img, 1.5f, 1.0f - 3.5f);
        LRT_CHECK_MSG(abs(in[0] - 26) <= 8 && abs(in[1] - 59) <= 8 && abs(in[2] - 66) <= 8, "area %d %d %d",
                      in[0], in[1], in[2]);
        /* above the curve at x = 1 (y = 1 there), still inside [0, 2]: empty */
        const uint8_t *out = pixel_at(&img, 1.0f, 1.6f - 3.5f);
        LRT_CHECK_MSG(out[0] < 10 && out[1] < 10 && out[2] < 10, "above %d %d %d", out[0], out[1], out[2]);
        /* left of x = 0 under the curve: not part of the area */
        const uint8_t *left = pixel_at(&img, -1.0f, 0.5f - 3.5f);
        LRT_CHECK_MSG(left[0] < 10 && left[1] < 10 && left[2] < 10, "left %d %d %d", left[0], left[1], left[2]);
        /* the tangent, YELLOW (#FFFF00), one unit along it from the point of
         * contact: (1.5, 2.25) + (1, 3) / sqrt(10) */
        float k = 1.0f / sqrtf(10.0f);
        const uint8_t *on = pixel_at(&img, 1.5f + k, 2.25f + 3 * k - 3.5f);
        LRT_CHECK_MSG(on[0] > 200 && on[1] > 200 && on[2] < 80, "tangent %d %d %d", on[0], on[1], on[2]);
        /* and not beyond its 3 units (1.5 each way) */
        const uint8_t *past = pixel_at(&img, 1.5f + 1.8f * k, 2.25f + 5.4f * k - 3.5f);
        LRT_CHECK_MSG(!(past[0] > 200 && past[1] > 200 && past[2] < 80), "past the end %d %d %d", past[0], past[1],
                      past[2]);
    }
    lr_image_free(&img);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_context_destroy(ctx);
    lr_spec_destroy(spec);
}

int main(void)
{
    test_build();
    test_validation();
    test_pixels();
    return lrt_finish("spec_graph_objects");
}
