/* Values that move (spec version 2), looked at where a wrong design shows:
 * in the middle of steps, in frames sought out of order. The tangent
 * touches the curve at the dot; a traced path passes through the points
 * the traced dot went through; an angle's arc sweeps the angle between its
 * lines at that moment; a following camera is on the dot; expressions read
 * as an animation begins; per-animation run times and delays; and the load
 * errors of names that do not exist or go round in a circle. */
#include "spec_check.h"

#include <stdlib.h>
#include <string.h>

static lr_spec *load_example(const char *name)
{
    char path[4096];
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = lr_spec_load_file(lrt_source_path(path, sizeof path, name), &spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s: %s", name, lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    return spec;
}

static double dist_to_segment(lr_vec2 p, lr_vec2 a, lr_vec2 b)
{
    double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(p.x - (a.x + t * dx), p.y - (a.y + t * dy));
}

/* The distance from p to the polyline through pts (a path's points, its
 * Bézier controls included: close enough to the curve for sampled graphs). */
static double dist_to_points(lr_vec2 p, const lr_vec2 *pts, size_t n)
{
    double best = INFINITY;
    for (size_t i = 0; i + 1 < n; i++)
        best = fmin(best, dist_to_segment(p, pts[i], pts[i + 1]));
    return best;
}

#define MAX_PTS 20000

static void check_tangent(void)
{
    lr_spec *spec = load_example("examples/values_tangent.json");
    if (!spec)
        return;
    lr_spec_meta meta = lr_spec_get_meta(spec);
    double unit_px = meta.height / 8.0, px = 1.0 / unit_px;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_spec_build_section(spec, 0, &scene, &tl, &err));
    if (!tl) {
        fprintf(stderr, "%s\n", err.message);
        lr_spec_destroy(spec);
        return;
    }
    lr_vec2 *pts = malloc(MAX_PTS * sizeof *pts);
    /* k goes from -2 to 2 over [4, 8] s: in the middle of that step, and
     * sought out of order. */
    const double times[] = {5.3, 4.6, 7.1, 5.3, 9.2};
    lr_vec2 first = {0, 0};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        LRT_CHECK_OK(lr_timeline_seek(tl, times[i], &err));
        lr_vec2 dot = spec_center_of(scene, "d");
        if (i == 0)
            first = dot;
        if (i == 3) {
            LRT_CHECK_NEAR(dot.x, first.x, 1e-5); /* the same frame, whatever came before */
            LRT_CHECK_NEAR(dot.y, first.y, 1e-5);
        }
        size_t ng = spec_scene_points(lr_scene_find(scene, "f"), pts, 0, MAX_PTS);
        LRT_CHECK_MSG(dist_to_points(dot, pts, ng) < px, "t = %g: the dot is %.2f px off the curve", times[i],
                      dist_to_points(dot, pts, ng) * unit_px);
        size_t nt = spec_scene_points(lr_scene_find(scene, "tan"), pts, 0, MAX_PTS);
        LRT_CHECK(nt == 4);
        if (nt == 4) {
            lr_vec2 a = pts[0], b = pts[3];
            LRT_CHECK_MSG(dist_to_segment(dot, a, b) < px, "t = %g: the tangent passes %.2f px from the dot",
                          times[i], dist_to_segment(dot, a, b) * unit_px);
            lr_vec2 mid = {(a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f};
            LRT_CHECK_NEAR(hypot(mid.x - dot.x, mid.y - dot.y) * unit_px, 0, 1);
            /* Touching, not crossing: the curve's own direction at the dot. */
            size_t n2 = spec_scene_points(lr_scene_find(scene, "f"), pts, 0, MAX_PTS);
            size_t near = 0;
            for (size_t k = 1; k < n2; k++)
                if (hypot(pts[k].x - dot.x, pts[k].y - dot.y) < hypot(pts[near].x - dot.x, pts[near].y - dot.y))
                    near = k;
            if (near > 0 && near + 1 < n2) {
                double curve = atan2(pts[near + 1].y - pts[near - 1].y, pts[near + 1].x - pts[near - 1].x);
                double line = atan2(b.y - a.y, b.x - a.x);
                double d = fabs(remainder(curve - line, M_PI));
                LRT_CHECK_MSG(d < 2 * M_PI / 180, "t = %g: tangent and curve differ by %.2f degrees", times[i],
                              d * 180 / M_PI);
            }
        }
    }
    /* The dot moved: the frame at 7.1 s is not the one at 4.6 s. */
    LRT_CHECK_OK(lr_timeline_seek(tl, 4.6, &err));
    lr_vec2 early = spec_center_of(scene, "d");
    LRT_CHECK_OK(lr_timeline_seek(tl, 7.1, &err));
    lr_vec2 late = spec_center_of(scene, "d");
    LRT_CHECK(late.x - early.x > 1.0);

    /* And in pixels: the yellow dot drawn where the curve is. */
    lr_context_desc desc = lr_context_desc_default(meta.width, meta.height);
    lr_context *ctx = NULL;
    if (lr_context_create(&desc, &ctx, &err) == LR_OK) {
        LRT_CHECK_OK(lr_timeline_seek(tl, 5.3, &err));
        lr_image frame = {0};
        LRT_CHECK_OK(lr_context_render(ctx, scene, &frame, &err));
        lr_vec2 dot = spec_center_of(scene, "d");
        double ex = (dot.x + 8.0 * meta.width / meta.height * 0.5) * unit_px, ey = (4.0 - dot.y) * unit_px;
        /* Yellow near where the dot should be (the current lecture line is
         * yellow too, far from it). */
        double sx = 0, sy = 0, count = 0;
        for (int y = (int)ey - 30; y < (int)ey + 30; y++)
            for (int x = (int)ex - 30; x < (int)ex + 30; x++) {
                if (x < 0 || y < 0 || x >= frame.width || y >= frame.height)
                    continue;
                const uint8_t *p = lrt_pixel(&frame, x, y);
                if (p[0] > 200 && p[1] > 200 && p[2] < 90) {
                    sx += x + 0.5;
                    sy += y + 0.5;
                    count++;
                }
            }
        LRT_CHECK_MSG(count > 20, "the dot is not drawn (%g yellow pixels)", count);
        if (count > 0)
            LRT_CHECK_MSG(hypot(sx / count - ex, sy / count - ey) < 1.0, "the dot is drawn %.2f px from (%.1f, %.1f)",
                          hypot(sx / count - ex, sy / count - ey), ex, ey);
        lr_image_free(&frame);
        lr_context_destroy(ctx);
    } else {
        LRT_CHECK_MSG(0, "no GL context: %s", err.message);
    }
    free(pts);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* The pen of examples/values_epicycles.json at time t: x moves right at
 * 0.5 a second from -1; y is the tip of four vectors turning at 1, 3, 5, 7
 * times w = 1.2 t. */
static lr_vec2 pen_at(double t)
{
    double w = 1.2 * t;
    return (lr_vec2){(float)(-1 + 0.5 * t), (float)(1.273 * sin(w) + 0.424 * sin(3 * w) + 0.255 * sin(5 * w) +
                                                    0.182 * sin(7 * w))};
}

static void check_traced_path(void)
{
    lr_spec *spec = load_example("examples/values_epicycles.json");
    if (!spec)
        return;
    lr_spec_meta meta = lr_spec_get_meta(spec);
    double unit_px = meta.height / 8.0;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_spec_build_section(spec, 0, &scene, &tl, &err));
    lr_vec2 *pts = malloc(MAX_PTS * sizeof *pts);
    const double at[] = {8.05, 2.5, 8.05};
    size_t counts[3] = {0};
    for (size_t i = 0; tl && i < 3; i++) {
        LRT_CHECK_OK(lr_timeline_seek(tl, at[i], &err));
        LRT_CHECK_NEAR(hypot(spec_center_of(scene, "pen").x - pen_at(at[i]).x, spec_center_of(scene, "pen").y - pen_at(at[i]).y),
                       0, 1e-3);
        size_t n = spec_scene_points(lr_scene_find(scene, "wave"), pts, 0, MAX_PTS);
        counts[i] = n;
        /* It passes through where the pen was at earlier times, and not
         * through where it will be. */
        for (double tau = 0.3; tau < at[i]; tau += 0.77) {
            double d = dist_to_points(pen_at(tau), pts, n) * unit_px;
            LRT_CHECK_MSG(d < 1.0, "t = %g: the trace passes %.2f px from the pen at %g s", at[i], d, tau);
        }
        if (at[i] + 1 < 10)
            LRT_CHECK(dist_to_points(pen_at(at[i] + 1), pts, n) * unit_px > 5);
        LRT_CHECK(n >= 2 && hypot(pts[n - 1].x - pen_at(at[i]).x, pts[n - 1].y - pen_at(at[i]).y) < 1e-3);
    }
    LRT_CHECK(counts[0] == counts[2] && counts[1] < counts[0]);
    free(pts);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* The angle an arc sweeps, from its first and last points about `vertex`. */
static double arc_sweep_degrees(lr_scene *scene, const char *id, lr_vec2 vertex)
{
    lr_mobject *g = lr_scene_find(scene, id);
    const lr_mobject *arc = g;
    while (arc && arc->kind != LR_MOBJECT_PATH)
        arc = arc->nchildren ? arc->children[0] : NULL;
    if (!arc || arc->path.npoints < 2)
        return NAN;
    lr_affine w = lr_mobject_world_transform(arc);
    lr_vec2 a = lr_affine_apply(w, arc->path.points[0]), b = lr_affine_apply(w, arc->path.points[arc->path.npoints - 1]);
    double sweep = atan2(b.y - vertex.y, b.x - vertex.x) - atan2(a.y - vertex.y, a.x - vertex.x);
    while (sweep < 0)
        sweep += 2 * M_PI;
    return sweep * 180 / M_PI;
}

static double line_angle(lr_scene *scene, const char *id)
{
    const lr_mobject *m = lr_scene_find(scene, id);
    while (m && m->kind != LR_MOBJECT_PATH)
        m = m->nchildren ? m->children[0] : NULL;
    if (!m || m->path.npoints < 2)
        return NAN;
    lr_affine w = lr_mobject_world_transform(m);
    lr_vec2 a = lr_affine_apply(w, m->path.points[0]), b = lr_affine_apply(w, m->path.points[m->path.npoints - 1]);
    return atan2(b.y - a.y, b.x - a.x) * 180 / M_PI;
}

static void check_angle(void)
{
    lr_spec *spec = load_example("examples/values_angle.json");
    if (!spec)
        return;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_spec_build_section(spec, 0, &scene, &tl, &err));
    /* theta goes 20 -> 135 over [2, 5] s; then the base turns -30 degrees
     * about the vertex over [5, 6.5] s. */
    const double at[] = {3.1, 2.4, 4.6, 5.7, 7.2};
    for (size_t i = 0; tl && i < sizeof at / sizeof at[0]; i++) {
        LRT_CHECK_OK(lr_timeline_seek(tl, at[i], &err));
        double between = line_angle(scene, "arm") - line_angle(scene, "base");
        while (between < 0)
            between += 360;
        double sweep = arc_sweep_degrees(scene, "arc", (lr_vec2){1.5f, -1.5f});
        LRT_CHECK_MSG(fabs(sweep - between) < 0.5, "t = %g: the arc sweeps %.2f degrees, the lines make %.2f", at[i],
                      sweep, between);
        if (at[i] > 2.2 && at[i] < 4.8)
            LRT_CHECK(between > 21 && between < 134); /* mid-step, not an end state */
    }
    LRT_CHECK_OK(lr_timeline_seek(tl, 7.2, &err));
    LRT_CHECK_NEAR(arc_sweep_degrees(scene, "arc", (lr_vec2){1.5f, -1.5f}), 165, 0.5);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

static void check_camera(void)
{
    lr_spec *spec = load_example("examples/values_camera.json");
    if (!spec)
        return;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_spec_build_section(spec, 0, &scene, &tl, &err));
    const double at[] = {4.3, 2.2, 6.9};
    for (size_t i = 0; tl && i < 3; i++) {
        LRT_CHECK_OK(lr_timeline_seek(tl, at[i], &err));
        lr_vec2 cam, dot = spec_center_of(scene, "d");
        float h;
        lr_scene_get_camera(scene, &cam, &h);
        LRT_CHECK_NEAR(hypot(cam.x - dot.x, cam.y - dot.y), 0, 1e-3);
        LRT_CHECK_NEAR(h, 4, 1e-4);
    }
    /* Half way through the first MoveCamera it zooms in on its way to the
     * dot; half way back to a fixed centre it has left the dot; then it is
     * there. */
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, &err));
    lr_vec2 cam, dot = spec_center_of(scene, "d");
    float h;
    lr_scene_get_camera(scene, &cam, &h);
    LRT_CHECK(h > 4.2 && h < 7.8);
    /* on its way from the origin to the dot: between them, on the line */
    double to_dot = hypot(cam.x - dot.x, cam.y - dot.y), from_origin = hypot(cam.x, cam.y);
    LRT_CHECK(to_dot > 0 && from_origin > 0);
    LRT_CHECK_NEAR(to_dot + from_origin, hypot(dot.x, dot.y), 1e-4);
    LRT_CHECK_OK(lr_timeline_seek(tl, 7.75, &err));
    lr_scene_get_camera(scene, &cam, &h);
    dot = spec_center_of(scene, "d");
    LRT_CHECK(fabs(cam.x - dot.x) > 0.5 && fabs(cam.x - 6) > 0.5 && h > 4.2 && h < 7.8);
    LRT_CHECK_OK(lr_timeline_seek(tl, 9, &err));
    lr_scene_get_camera(scene, &cam, &h);
    LRT_CHECK_NEAR(cam.x, 6, 1e-4);
    LRT_CHECK_NEAR(h, 8, 1e-4);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* SetValue to "k + 1" reads k as it begins; a delayed FadeIn inside a
 * longer step starts late; a value with a rate drifts. */
static void check_timing_and_begin(void)
{
    lr_spec *spec = spec_check_load(
        "{\"version\": 2, \"meta\": {\"title\": \"t\", \"quality\": \"l\"}, \"sections\": [{\"id\": \"s\", \"title\": \"T\","
        " \"objects\": [{\"id\": \"k\", \"type\": \"value\", \"value\": 0},"
        "  {\"id\": \"r\", \"type\": \"value\", \"value\": 1, \"rate\": 0.5},"
        "  {\"id\": \"d\", \"type\": \"dot\", \"point\": [\"k\", \"r\"]},"
        "  {\"id\": \"sq\", \"type\": \"square\", \"side_length\": 1, \"position\": [-3, 0]}],"
        " \"timeline\": [{\"add\": [\"d\"]},"
        "  {\"play\": [{\"anim\": \"SetValue\", \"target\": \"k\", \"value\": \"k + 1\"}]},"
        "  {\"play\": [{\"anim\": \"SetValue\", \"target\": \"k\", \"value\": \"k + 1\", \"run_time\": 3},"
        "             {\"anim\": \"FadeIn\", \"target\": \"sq\", \"delay\": 1, \"run_time\": 1}]},"
        "  {\"wait\": 1}]}]}");
    if (!spec)
        return;
    LRT_CHECK_NEAR(lr_spec_section_duration(spec, 0), 5, 1e-9);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_spec_build_section(spec, 0, &scene, &tl, &err));
    if (tl) {
        LRT_CHECK_NEAR(lr_timeline_duration(tl), 5, 1e-9);
        LRT_CHECK_OK(lr_timeline_seek(tl, 4.5, &err));
        LRT_CHECK_NEAR(spec_center_of(scene, "d").x, 2, 1e-4); /* 0 + 1 + 1 */
        /* r drifts except while nothing animates it: 1 + 0.5 t */
        LRT_CHECK_NEAR(spec_center_of(scene, "d").y, 1 + 0.5 * 4.5, 1e-4);
        lr_mobject *sq = lr_scene_find(scene, "sq");
        LRT_CHECK_OK(lr_timeline_seek(tl, 1.5, &err)); /* 0.5 s into the step: the FadeIn waits until 1 s */
        LRT_CHECK(sq && (!sq->visible || sq->opacity < 1e-3));
        LRT_CHECK_OK(lr_timeline_seek(tl, 2.5, &err));
        LRT_CHECK(sq && sq->visible && sq->opacity > 0.05 && sq->opacity < 0.95);
        LRT_CHECK_OK(lr_timeline_seek(tl, 3.5, &err));
        LRT_CHECK(sq && sq->visible && sq->opacity > 0.999);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* Each document must fail to load with exactly this first message. */
static void expect_error(const char *json, const char *message)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = lr_spec_load_string(json, "v.json", NULL, &spec, errs);
    LRT_CHECK_MSG(s == LR_ERR_SPEC, "loaded: %s", json);
    const char *m = lr_spec_errors_message(errs, 0);
    LRT_CHECK_MSG(m && strcmp(m, message) == 0, "\n  got      %s\n  expected %s", m ? m : "(none)", message);
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
}

#define DOC(version, objects)                                                                                   \
    "{\"version\": " version ", \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": [" objects "], "  \
    "\"timeline\": [{\"wait\": 1}]}]}"

static void check_load_errors(void)
{
    expect_error(DOC("2", "{\"id\": \"c\", \"type\": \"circle\", \"radius\": \"1 + c.width\"}"),
                 "v.json: sections[0].objects[0].radius: bad expression \"1 + c.width\": column 5: \"c\" is the object "
                 "being defined: an object cannot depend on itself");
    expect_error(DOC("2", "{\"id\": \"k\", \"type\": \"value\"}, {\"id\": \"c\", \"type\": \"circle\", \"radius\": \"kk\"}"),
                 "v.json: sections[0].objects[1].radius: bad expression \"kk\": column 1: unknown name \"kk\" (did you "
                 "mean \"k\"? names here: time, k, and objects' properties such as dot.center)");
    expect_error(DOC("2", "{\"id\": \"a\", \"type\": \"dot\", \"point\": \"b.center\"}, {\"id\": \"b\", \"type\": \"dot\"}"),
                 "v.json: sections[0].objects[0].point: bad expression \"b.center\": column 1: \"b\" is declared after "
                 "this object; declare it first (expressions may only read earlier objects)");
    expect_error(DOC("2", "{\"id\": \"a\", \"type\": \"dot\"}, {\"id\": \"b\", \"type\": \"dot\", \"point\": \"a.slope(1)\"}"),
                 "v.json: sections[0].objects[1].point: bad expression \"a.slope(1)\": column 1: \"a\" is a dot; "
                 "slope(...) is a property of: function_graph");
    expect_error(DOC("2", "{\"id\": \"a\", \"type\": \"dot\"}, {\"id\": \"b\", \"type\": \"circle\", \"radius\": \"a.center\"}"),
                 "v.json: sections[0].objects[1].radius: bad expression \"a.center\": column 1: \"a.center\" is a point, "
                 "expected a number");
    expect_error(DOC("1", "{\"id\": \"a\", \"type\": \"dot\", \"point\": \"[1, 2]\"}"),
                 "v.json: sections[0].objects[0].point: expected a point [x, y], found the string \"[1, 2]\" "
                 "(expressions are new in version 2 of the spec: write \"version\": 2 to use them)");
    expect_error(DOC("1", "{\"id\": \"k\", \"type\": \"value\"}"),
                 "v.json: sections[0].objects[0].type: the object type is new in version 2 of the spec; this document "
                 "says \"version\": 1 (write \"version\": 2)");
    expect_error(DOC("2", "{\"id\": \"k\", \"type\": \"value\", \"at\": \"A1\"}"),
                 "v.json: sections[0].objects[0].at: unknown field \"at\" in a value (expected one of: value, rate, id, "
                 "type)");
    expect_error("{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": [{\"id\": \"k\", "
                 "\"type\": \"value\"}], \"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"k\"}]}]}]}",
                 "v.json: sections[0].timeline[0].play[0].target: \"k\" is a value: it is never on screen; animate it "
                 "with SetValue");
    expect_error("{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": [{\"id\": \"k\", "
                 "\"type\": \"value\"}, {\"id\": \"a\", \"type\": \"dot\"}, {\"id\": \"g\", \"type\": \"group\", "
                 "\"children\": [\"a\"], \"position\": [\"k\", 0]}], \"timeline\": [{\"add\": [\"g\"]}]}]}",
                 "v.json: sections[0].objects[2]: the group \"g\" is placed by what changes (an expression or an object "
                 "that moves); give the expressions to its children instead");
    expect_error("{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": [{\"id\": \"k\", "
                 "\"type\": \"value\"}, {\"id\": \"n\", \"type\": \"decimal\", \"value\": \"k\"}], \"timeline\": "
                 "[{\"add\": [\"n\"]}, {\"play\": [{\"anim\": \"ChangeDecimalToValue\", \"target\": \"n\", "
                 "\"value\": 3}]}]}]}",
                 "v.json: sections[0].timeline[1].play[0].target: the decimal \"n\" shows the expression \"k\"; change "
                 "what it reads (SetValue a value) instead of the number");
}

/* Manim's Rotating: a whole turn unless told, at a steady (linear) pace,
 * whatever the step's rate; a quarter of the time is a quarter of the angle
 * (the gallery's PointMovingOnShapes and RotationUpdater). */
static void check_rotating(void)
{
    static const char *const specs[] = {
        "{'version': 2, 'sections': [{'id': 's', 'title': 'T', 'objects': [{'id': 'd', 'type': 'dot', 'point': [1, 0]}],"
        " 'timeline': [{'add': ['d']}, {'play': [{'anim': 'Rotating', 'target': 'd', 'about_point': [2, 0]}],"
        " 'run_time': 2}]}]}",
        "{'version': 2, 'sections': [{'id': 's', 'title': 'T', 'objects': [{'id': 'd', 'type': 'dot', 'point': [1, 0]}],"
        " 'timeline': [{'add': ['d']}, {'play': [{'anim': 'Rotating', 'target': 'd', 'degrees': 180,"
        " 'about_point': [2, 0]}], 'run_time': 2}]}]}"};
    static const double quarter_degrees[] = {90, 45};
    for (size_t i = 0; i < 2; i++) {
        spec_built b;
        if (!spec_built_open(specs[i], &b))
            continue;
        spec_check_seek(b.tl, 0.5);
        lr_vec2 c = spec_center_of(b.scene, "d");
        double a = quarter_degrees[i] * M_PI / 180;
        LRT_CHECK_NEAR(c.x, 2 - cos(a), 1e-3);
        LRT_CHECK_NEAR(c.y, -sin(a), 1e-3);
        spec_built_close(&b);
    }
}

int main(void)
{
    check_tangent();
    check_traced_path();
    check_angle();
    check_camera();
    check_timing_and_begin();
    check_load_errors();
    check_rotating();
    return lrt_finish("spec_values");
}
