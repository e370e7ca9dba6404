/* Animations of 3D objects (meshes) in the spec: Create of a 3D curve
 * shows the first part of its length (and where the camera puts its end),
 * Create of a surface brings its faces in one after another (a frame
 * mid-Create covers part of the surface, rendered), Uncreate takes them
 * away, Transform moves every vertex of a surface halfway at alpha 1/2
 * (plane into paraboloid) and curves sampled differently into each other,
 * ReplacementTransform ends on the target, ChangeColor reaches its colour,
 * GrowArrow grows a 3D vector from its start along z too; expressions
 * read 3D objects (fixed dots follow them while the camera turns); sought
 * backwards, meshes are what they were; and the load errors of what stays
 * refused, with their paths. */
#include "spec_check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SEC(camera, objects, timeline)                                                                            \
    "{'version': 2, 'sections': [{'id': 's', 'title': 'T', 'camera': " camera ", 'objects': [" objects "], 'timeline': [" timeline \
    "]}]}"

static lr_mobject *find(lr_scene *scene, const char *id)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m && lr_mobject_mesh_const(m), "no mesh object %s", id);
    return m && lr_mobject_mesh_const(m) ? m : NULL;
}

static uint32_t triangles_of(lr_scene *scene, const char *id)
{
    lr_mobject *mo = find(scene, id);
    return mo ? (uint32_t)lr_mesh_triangle_count(lr_mobject_mesh_const(mo)) : 0;
}

/* Mesh object id's vertices (or line points) in the scene now. */
static int scene_points3(lr_scene *scene, const char *id, bool lines, lr_vec3 *out, int cap)
{
    lr_mobject *mo = find(scene, id);
    if (!mo)
        return 0;
    const lr_mesh *m = lr_mobject_mesh_const(mo);
    lr_map3 t = lr_mesh_to_scene(mo, lr_mobject_world_transform(mo));
    uint32_t n = lines ? m->nline_points : m->nverts;
    const lr_vec3 *p = lines ? m->line_points : m->points;
    int k = (int)n < cap ? (int)n : cap;
    for (int i = 0; i < k; i++)
        out[i] = lr_map3_point(&t, p[i]);
    return k;
}

static double length_of(const lr_vec3 *p, int n)
{
    double l = 0;
    for (int i = 1; i < n; i++)
        l += sqrt(pow(p[i].x - p[i - 1].x, 2) + pow(p[i].y - p[i - 1].y, 2) + pow(p[i].z - p[i - 1].z, 2));
    return l;
}

#define HELIX                                                                                                      \
    "{'id': 'h', 'type': 'parametric_curve', 'x': 'cos(t)', 'y': 'sin(t)', 'z': 't/4', 't_range': [0, 12.566], " \
    "'color': '#ff0000'}"

/* A helix of length 4 pi sqrt(1 + 1/16) drawn by a linear Create: at 1/2
 * its polyline is half that long, ends on the helix where half its length
 * is (t = 2 pi: (1, 0, pi/2)), and the camera shows that end there. */
static void test_create_curve(void)
{
    spec_built b;
    if (!spec_built_open(SEC("{'phi': 60, 'theta': -30}", HELIX,
                             "{'play': [{'anim': 'Create', 'target': 'h', 'rate_func': 'linear'}], 'run_time': 2}"),
                         &b))
        return;
    static lr_vec3 full[400], half[400];
    int nf = scene_points3(b.scene, "h", true, full, 400);
    double L = length_of(full, nf);
    LRT_CHECK_NEAR(L, 12.566 * sqrt(1 + 1.0 / 16), 2e-3 * L);
    spec_check_seek(b.tl, 1.0);
    int nh = scene_points3(b.scene, "h", true, half, 400);
    LRT_CHECK(nh > 2 && nh < nf);
    LRT_CHECK_NEAR(length_of(half, nh), L / 2, 1e-4 * L);
    lr_vec3 end = half[nh > 0 ? nh - 1 : 0];
    LRT_CHECK_NEAR(end.x, 1.0, 2e-3);
    LRT_CHECK_NEAR(end.y, 0.0, 2e-3);
    LRT_CHECK_NEAR(end.z, 6.2832 / 4, 2e-3);
    lr_camera3d cam = lr_scene_get_camera3d(b.scene);
    lr_vec3 want = lr_camera3d_project(&cam, (lr_vec3){1, 0, (float)(6.2832 / 4)});
    lr_vec3 got = lr_camera3d_project(&cam, end);
    LRT_CHECK_NEAR(got.x, want.x, 3e-3);
    LRT_CHECK_NEAR(got.y, want.y, 3e-3);
    /* A quarter of the way: a quarter of the length. */
    spec_check_seek(b.tl, 0.5);
    nh = scene_points3(b.scene, "h", true, half, 400);
    LRT_CHECK_NEAR(length_of(half, nh), L / 4, 1e-4 * L);
    /* At the end and sought back to the start: whole again, then nothing. */
    spec_check_seek(b.tl, 2.0);
    LRT_CHECK(scene_points3(b.scene, "h", true, half, 400) == nf);
    spec_check_seek(b.tl, 0.0);
    LRT_CHECK(lr_mesh_polyline_count(lr_mobject_mesh_const(find(b.scene, "h"))) == 0);
    spec_built_close(&b);
}

#define PLANE(id, z, color)                                                                                          \
    "{'id': '" id "', 'type': 'surface', 'x': 'u', 'y': 'v', 'z': '" z "', 'u_range': [-1, 1], 'v_range': [-1, 1], " \
    "'resolution': 8, 'color': '" color "', 'fill_opacity': 1}"

/* The faces' alphas of mesh object id: how many are shown, and how many
 * are partly shown. */
static void face_alphas(lr_scene *scene, const char *id, int *shown, int *partial)
{
    const lr_mesh *m = lr_mobject_mesh_const(find(scene, id));
    *shown = *partial = 0;
    for (uint32_t t = 0; m && t < m->ntris; t++) {
        *shown += m->colors[t].a >= 0.999f;
        *partial += m->colors[t].a > 0.001f && m->colors[t].a < 0.999f;
    }
}

static int red_pixels(const lr_image *img, int *top, int *bottom)
{
    int n = 0;
    *top = *bottom = 0;
    for (int j = 0; j < img->height; j++)
        for (int i = 0; i < img->width; i++) {
            const uint8_t *p = lrt_pixel(img, i, j);
            if (p[0] > 60 && p[0] > p[1] + 40) {
                n++;
                *(j < img->height / 2 ? top : bottom) += 1;
            }
        }
    return n;
}

static bool render(spec_built *b, double t, lr_image *img)
{
    lr_context_desc d = lr_context_desc_default(854, 480);
    lr_context *ctx = NULL;
    lr_error err = {0};
    spec_check_seek(b->tl, t);
    bool ok = lr_context_create(&d, &ctx, &err) == LR_OK && lr_context_render(ctx, b->scene, img, &err) == LR_OK;
    LRT_CHECK_MSG(ok, "render: %s", err.message);
    lr_context_destroy(ctx);
    return ok;
}

/* A plane seen from above, created linearly over 2 s: faces come in one
 * after another (128 triangles, at most one of them partly in at a time),
 * half of them at 1 s; the rendered frame then covers about half of the
 * plane, on the side its first rows are (v from -1: the bottom). */
static void test_create_surface(void)
{
    spec_built b;
    if (!spec_built_open(SEC("{'phi': 0}", PLANE("p", "0", "#ff0000"),
                             "{'play': [{'anim': 'Create', 'target': 'p', 'rate_func': 'linear'}], 'run_time': 2}, "
                             "{'play': [{'anim': 'Uncreate', 'target': 'p'}]}"),
                         &b))
        return;
    int shown, partial, top, bottom;
    spec_check_seek(b.tl, 2.0);
    face_alphas(b.scene, "p", &shown, &partial);
    LRT_CHECK(shown == 128 && partial == 0);
    lr_image img = {0};
    int full = 0, mid = 0;
    if (render(&b, 2.0, &img))
        full = red_pixels(&img, &top, &bottom);
    lr_image_free(&img);
    spec_check_seek(b.tl, 1.0);
    face_alphas(b.scene, "p", &shown, &partial);
    LRT_CHECK_MSG(shown >= 63 && shown <= 64 && partial <= 1, "shown %d, partly %d", shown, partial);
    spec_check_seek(b.tl, 0.5);
    face_alphas(b.scene, "p", &shown, &partial);
    LRT_CHECK_MSG(shown >= 31 && shown <= 32 && partial <= 1, "shown %d, partly %d", shown, partial);
    if (render(&b, 1.0, &img))
        mid = red_pixels(&img, &top, &bottom);
    lr_image_free(&img);
    LRT_CHECK_MSG(full > 10000, "the plane covers %d pixels", full);
    LRT_CHECK_MSG(fabs(mid - full / 2.0) < 0.05 * full, "half created: %d of %d pixels", mid, full);
    LRT_CHECK_MSG(bottom > 0.95 * mid, "the first rows are at the bottom: %d of %d", bottom, mid);
    /* Uncreate: gone at its end, hidden. */
    spec_check_seek(b.tl, 3.0);
    LRT_CHECK(!lr_scene_find(b.scene, "p")->visible);
    spec_check_seek(b.tl, 2.5);
    face_alphas(b.scene, "p", &shown, &partial);
    LRT_CHECK_MSG(shown >= 63 && shown <= 64, "Uncreate halfway: %d shown", shown);
    spec_built_close(&b);
}

/* A plane into a paraboloid of the same resolution, linearly: at 1/2 every
 * vertex is halfway between its two places (1e-6), at the end on the
 * paraboloid; the colours blend alike; sought back, the plane again. */
static void test_transform_surface(const char *anim)
{
    char json[1024];
    snprintf(json, sizeof json,
             SEC("{'phi': 60, 'theta': -30}", PLANE("p", "0", "#ff0000") ", " PLANE("q", "u^2 + v^2", "#0000ff"),
                 "{'add': ['p']}, {'play': [{'anim': '%s', 'target': 'p', 'to': 'q', 'rate_func': 'linear'}], "
                 "'run_time': 2}, {'wait': 1}"),
             anim);
    spec_built b;
    if (!spec_built_open(json, &b))
        return;
    static lr_vec3 pa[200], pb[200], mid[200];
    int na = scene_points3(b.scene, "p", false, pa, 200), nb = scene_points3(b.scene, "q", false, pb, 200);
    LRT_CHECK(na == 81 && nb == 81);
    spec_check_seek(b.tl, 1.0);
    int nm = scene_points3(b.scene, "p", false, mid, 200);
    LRT_CHECK(nm == na);
    double worst = 0;
    for (int i = 0; i < nm && i < nb; i++) {
        worst = fmax(worst, fabs(mid[i].x - (pa[i].x + pb[i].x) / 2));
        worst = fmax(worst, fabs(mid[i].y - (pa[i].y + pb[i].y) / 2));
        worst = fmax(worst, fabs(mid[i].z - (pa[i].z + pb[i].z) / 2));
    }
    LRT_CHECK_MSG(worst < 1e-6, "%s: %g from halfway", anim, worst);
    /* The vertex at (u, v) = (1, 1) is at z = 1 halfway, from 0 to 2. */
    LRT_CHECK_NEAR(mid[80].z, 1.0, 1e-6);
    const lr_mesh *m = lr_mobject_mesh_const(find(b.scene, "p"));
    LRT_CHECK(m && fabsf(m->colors[0].r - 0.5f) < 1e-6f && fabsf(m->colors[0].b - 0.5f) < 1e-6f);
    spec_check_seek(b.tl, 2.0);
    bool replaced = strcmp(anim, "ReplacementTransform") == 0;
    const char *shows = replaced ? "q" : "p";
    LRT_CHECK(lr_scene_find(b.scene, "p")->visible == !replaced && lr_scene_find(b.scene, "q")->visible == replaced);
    scene_points3(b.scene, shows, false, mid, 200);
    worst = 0;
    for (int i = 0; i < nb; i++)
        worst = fmax(worst, fabs(mid[i].z - pb[i].z));
    LRT_CHECK_MSG(worst < 1e-6, "%s: the end is %g off the paraboloid", anim, worst);
    /* Sought back from the next step: the mesh is put back as it was
     * before the morph began, then morphed again. */
    spec_check_seek(b.tl, 2.5);
    spec_check_seek(b.tl, 1.0);
    scene_points3(b.scene, "p", false, mid, 200);
    worst = 0;
    for (int i = 0; i < na; i++)
        worst = fmax(worst, fabs(mid[i].z - (pa[i].z + pb[i].z) / 2));
    LRT_CHECK_MSG(worst < 1e-6, "%s: sought back, %g off halfway", anim, worst);
    spec_check_seek(b.tl, 0.0);
    scene_points3(b.scene, "p", false, mid, 200);
    worst = 0;
    for (int i = 0; i < na; i++)
        worst = fmax(worst, fabs(mid[i].z - pa[i].z));
    LRT_CHECK_MSG(worst < 1e-6, "%s: sought back, %g off the plane", anim, worst);
    spec_built_close(&b);
}

/* A 3D line (2 points) into a helix (201): both are taken to 201 points,
 * evenly by index as Manim aligns curves, so halfway point i is between
 * the line's point at i / 200 of its length and the helix's point i, and
 * at the end the source is the whole helix. */
static void test_transform_curves(void)
{
    spec_built b;
    if (!spec_built_open(SEC("{'phi': 60}", "{'id': 'c', 'type': 'line', 'start': [-2, 0, 1], 'end': [2, 0, 1]}, " HELIX,
                             "{'add': ['c']}, {'play': [{'anim': 'Transform', 'target': 'c', 'to': 'h', "
                             "'rate_func': 'linear'}], 'run_time': 2}"),
                         &b))
        return;
    static lr_vec3 ph[400], mid[400];
    int nh = scene_points3(b.scene, "h", true, ph, 400);
    spec_check_seek(b.tl, 1.0);
    int nm = scene_points3(b.scene, "c", true, mid, 400);
    LRT_CHECK_MSG(nm == nh && nh == 201, "%d points halfway, %d on the helix", nm, nh);
    double worst = 0;
    for (int i = 0; i < nm && i < nh; i++) {
        double f = (double)i / (nh - 1);
        double want[3] = {(-2 + 4 * f + ph[i].x) / 2, ph[i].y / 2, (1 + ph[i].z) / 2};
        worst = fmax(worst, fabs(mid[i].x - want[0]) + fabs(mid[i].y - want[1]) + fabs(mid[i].z - want[2]));
    }
    LRT_CHECK_MSG(worst < 1e-5, "curves halfway: %g off", worst);
    spec_check_seek(b.tl, 2.0);
    nm = scene_points3(b.scene, "c", true, mid, 400);
    worst = 0;
    for (int i = 0; i < nm && i < nh; i++)
        worst = fmax(worst, fabs(mid[i].x - ph[i].x) + fabs(mid[i].y - ph[i].y) + fabs(mid[i].z - ph[i].z));
    LRT_CHECK_MSG(nm == nh && worst < 1e-5, "at the end: %d points, %g off the helix", nm, worst);
    spec_built_close(&b);
}

/* A sphere into a cube (no face for face match): both drawn halfway, each
 * at half its opacity; at the end the source is the cube. */
static void test_transform_cross_fade(void)
{
    spec_built b;
    if (!spec_built_open(SEC("{'phi': 60}",
                             "{'id': 'a', 'type': 'sphere', 'resolution': [8, 8], 'fill_opacity': 1}, "
                             "{'id': 'k', 'type': 'cube', 'fill_opacity': 1}",
                             "{'add': ['a']}, {'play': [{'anim': 'Transform', 'target': 'a', 'to': 'k', "
                             "'rate_func': 'linear'}]}"),
                         &b))
        return;
    uint32_t na = triangles_of(b.scene, "a"), nk = triangles_of(b.scene, "k");
    spec_check_seek(b.tl, 0.5);
    const lr_mesh *m = lr_mobject_mesh_const(find(b.scene, "a"));
    LRT_CHECK_MSG(m && m->ntris == na + nk, "halfway %u triangles, %u + %u", m ? m->ntris : 0, na, nk);
    int off = 0;
    for (uint32_t t = 0; m && t < m->ntris; t++)
        off += fabsf(m->colors[t].a - 0.5f) > 1e-6f;
    LRT_CHECK_MSG(off == 0, "%d triangles not at half their opacity", off);
    spec_check_seek(b.tl, 1.0);
    m = lr_mobject_mesh_const(find(b.scene, "a"));
    LRT_CHECK(m && m->ntris == nk && m->nverts == lr_mobject_mesh_const(find(b.scene, "k"))->nverts);
    spec_built_close(&b);
}

/* ChangeColor of a checkerboard surface and of a cube: every face reaches
 * the colour, alpha kept; halfway between. */
static void test_change_color(void)
{
    spec_built b;
    if (!spec_built_open(SEC("{'phi': 60}",
                             "{'id': 's', 'type': 'surface', 'x': 'u', 'y': 'v', 'z': 'u*v', 'resolution': 4, "
                             "'checkerboard_colors': ['#ff0000', '#00ff00'], 'fill_opacity': 0.5}, "
                             "{'id': 'k', 'type': 'cube', 'color': '#ffffff'}",
                             "{'add': ['s', 'k']}, {'play': [{'anim': 'ChangeColor', 'target': 's', 'color': "
                             "'#0000ff', 'rate_func': 'linear'}, {'anim': 'ChangeColor', 'target': 'k', 'color': "
                             "'#000000'}]}"),
                         &b))
        return;
    spec_check_seek(b.tl, 1.0);
    const lr_mesh *s = lr_mobject_mesh_const(find(b.scene, "s")), *k = lr_mobject_mesh_const(find(b.scene, "k"));
    int off = 0;
    for (uint32_t t = 0; s && t < s->ntris; t++)
        off += fabsf(s->colors[t].r) > 1e-6f || fabsf(s->colors[t].g) > 1e-6f || fabsf(s->colors[t].b - 1) > 1e-6f ||
               fabsf(s->colors[t].a - 0.5f) > 1e-6f;
    for (uint32_t t = 0; s && s->edges && t < s->ntris; t++)
        off += s->edges[t].mask && fabsf(s->edges[t].color.b - 1) > 1e-6f;
    for (uint32_t t = 0; k && t < k->ntris; t++)
        off += fabsf(k->colors[t].r) + fabsf(k->colors[t].g) + fabsf(k->colors[t].b) > 1e-6f ||
               fabsf(k->colors[t].a - 0.75f) > 1e-6f;
    LRT_CHECK_MSG(s && k && s->ntris == 32 && off == 0, "%d faces not in the colour", off);
    spec_check_seek(b.tl, 0.5);
    LRT_CHECK(s && fabsf(s->colors[0].r - 0.5f) < 1e-6f && fabsf(s->colors[0].b - 0.5f) < 1e-6f);
    spec_built_close(&b);
}

/* GrowArrow of a vector from (1, 0, 1) to (1, 0, 3): halfway (smooth) it
 * reaches z = 2, its tail at its start. */
static void test_grow_arrow(void)
{
    spec_built b;
    if (!spec_built_open(SEC("{'phi': 60}", "{'id': 'a', 'type': 'vector', 'start': [1, 0, 1], 'end': [1, 0, 3]}",
                             "{'play': [{'anim': 'GrowArrow', 'target': 'a'}]}"),
                         &b))
        return;
    static lr_vec3 p[2000];
    spec_check_seek(b.tl, 0.5);
    int n = scene_points3(b.scene, "a", false, p, 2000);
    double z0 = 1e9, z1 = -1e9, x0 = 1e9, x1 = -1e9;
    for (int i = 0; i < n; i++) {
        z0 = fmin(z0, p[i].z), z1 = fmax(z1, p[i].z);
        x0 = fmin(x0, p[i].x), x1 = fmax(x1, p[i].x);
    }
    LRT_CHECK(n > 0);
    LRT_CHECK_NEAR(z0, 1.0, 1e-5);
    LRT_CHECK_NEAR(z1, 2.0, 1e-5);
    LRT_CHECK_NEAR((x0 + x1) / 2, 1.0, 1e-5); /* about its axis, not the origin */
    spec_check_seek(b.tl, 1.0);
    n = scene_points3(b.scene, "a", false, p, 2000);
    z1 = -1e9;
    for (int i = 0; i < n; i++)
        z1 = fmax(z1, p[i].z);
    LRT_CHECK_NEAR(z1, 3.0, 1e-5);
    spec_built_close(&b);
}

/* Expressions that read 3D objects: a dot fixed in the frame at a cube's
 * centre is where the camera draws that centre, while the camera turns and mid-Shift; x,
 * y and z are the 3D centre's (after a Shift too); three_d_axes' c2p(x,
 * y, z) and a helix's point_from_proportion are drawn where the camera
 * shows those points. */
static void test_queries(void)
{
    spec_built b;
    if (!spec_built_open(
            SEC("{'phi': 60, 'theta': -30}",
                "{'id': 'k', 'type': 'cube', 'side_length': 1, 'center': [1, 0.5, 2]}, "
                "{'id': 'ax', 'type': 'three_d_axes'}, " HELIX ", "
                "{'id': 'd', 'type': 'dot', 'point': 'k.center', 'fixed_in_frame': true}, "
                "{'id': 'e', 'type': 'dot', 'point': ['k.z', 'k.x'], 'fixed_in_frame': true}, "
                "{'id': 'f', 'type': 'dot', 'point': 'ax.c2p(1, 2, 3)', 'fixed_in_frame': true}, "
                "{'id': 'g', 'type': 'dot', 'point': 'h.point_from_proportion(0.5)', 'fixed_in_frame': true}",
                "{'add': ['k', 'ax', 'h', 'd', 'e', 'f', 'g']}, {'ambient_rotation': 30}, {'wait': 1}, "
                "{'play': [{'anim': 'Shift', 'target': 'k', 'by': [1, 0]}]}, {'wait': 1}"),
            &b))
        return;
    const double c2p[3] = {1 * 10.5 / 12, 2 * 10.5 / 10, 3 * 6.5 / 8};
    for (int i = 0; i < 4; i++) {
        double t = i == 0 ? 0.0 : i == 1 ? 0.7 : i == 2 ? 1.5 : 2.5;
        spec_check_seek(b.tl, t);
        lr_camera3d cam = lr_scene_get_camera3d(b.scene);
        double kx = t > 2 ? 2 : t > 1 ? 1.5 : 1; /* the Shift is smooth: halfway at 1.5 s */
        lr_vec3 want = lr_camera3d_project(&cam, (lr_vec3){(float)kx, 0.5f, 2});
        lr_vec2 got = spec_center_of(b.scene, "d");
        LRT_CHECK_MSG(fabs(got.x - want.x) < 1e-4 && fabs(got.y - want.y) < 1e-4,
                      "t = %g: the dot at (%g, %g), the centre drawn at (%g, %g)", t, got.x, got.y, want.x, want.y);
        got = spec_center_of(b.scene, "e");
        LRT_CHECK_MSG(fabs(got.x - 2) < 1e-4 && fabs(got.y - kx) < 1e-4, "t = %g: (z, x) read (%g, %g)", t, got.x,
                      got.y);
        want = lr_camera3d_project(&cam, (lr_vec3){(float)c2p[0], (float)c2p[1], (float)c2p[2]});
        got = spec_center_of(b.scene, "f");
        LRT_CHECK_MSG(fabs(got.x - want.x) < 1e-4 && fabs(got.y - want.y) < 1e-4, "t = %g: c2p at (%g, %g), not (%g, %g)",
                      t, got.x, got.y, want.x, want.y);
        want = lr_camera3d_project(&cam, (lr_vec3){1, 0, (float)(6.2832 / 4)});
        got = spec_center_of(b.scene, "g");
        LRT_CHECK_MSG(fabs(got.x - want.x) < 2e-3 && fabs(got.y - want.y) < 2e-3,
                      "t = %g: halfway along the helix at (%g, %g), not (%g, %g)", t, got.x, got.y, want.x, want.y);
    }
    spec_built_close(&b);
}

static void test_errors(void)
{
    static const struct {
        const char *objects, *add, *play, *path, *words;
    } cases[] = {
        {PLANE("p", "0", "#ff0000") ", {'id': 'c', 'type': 'circle', 'fixed_in_frame': true}", "'p', 'c'",
         "{'anim': 'Transform', 'target': 'p', 'to': 'c'}", "timeline[1].play[0].to", "morphs 3D objects into 3D"},
        {PLANE("p", "0", "#ff0000") ", {'id': 'c', 'type': 'circle', 'fixed_in_frame': true}", "'c'",
         "{'anim': 'ReplacementTransform', 'target': 'c', 'to': 'p'}", "timeline[1].play[0].to", "\"c\" is not drawn in 3D"},
        {"{'id': 'b', 'type': 'sphere'}", "", "{'anim': 'GrowArrow', 'target': 'b'}", "timeline[1].play[0].target",
         "GrowArrow grows a 3D arrow"},
        {"{'id': 'b', 'type': 'sphere'}", "'b'", "{'anim': 'Indicate', 'target': 'b'}", "timeline[1].play[0].target",
         "works on 2D shapes"},
        {"{'id': 'b', 'type': 'sphere'}, {'id': 'd', 'type': 'dot', 'point': 'b.start', 'fixed_in_frame': true}",
         "'b'", "{'anim': 'FadeIn', 'target': 'd'}", "objects[1].point", "start is read of a 3D line"},
        {"{'id': 'ax', 'type': 'three_d_axes'}, {'id': 'd', 'type': 'dot', 'point': 'ax.c2p(1, 2)', "
         "'fixed_in_frame': true}",
         "'ax'", "{'anim': 'FadeIn', 'target': 'd'}", "objects[1].point", "3 arguments"},
        {"{'id': 'b', 'type': 'sphere'}, {'id': 'gr', 'type': 'group', 'children': ['b']}, {'id': 'd', 'type': "
         "'dot', 'point': 'gr.center', 'fixed_in_frame': true}",
         "'gr'", "{'anim': 'FadeIn', 'target': 'd'}", "objects[2].point", "read its 3D objects one by one"},
        {"{'id': 'b', 'type': 'sphere'}, {'id': 'd', 'type': 'dot', 'point': 'b.center'}", "'b'",
         "{'anim': 'FadeIn', 'target': 'd'}", "objects[1].point", "reads its 3D place as [b.x, b.y, b.z]"},
        {"{'id': 'b', 'type': 'sphere'}, {'id': 'd', 'type': 'cube'}", "'b'",
         "{'anim': 'TransformMatchingShapes', 'target': 'b', 'to': 'd'}", "timeline[1].play[0].target",
         "works on 2D shapes"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{'version': 2, 'sections': [{'id': 's', 'title': 'T', 'camera': {'phi': 60}, 'objects': [%s], 'timeline': "
                 "[{'add': [%s]}, {'play': [%s]}]}]}",
                 cases[i].objects, cases[i].add, cases[i].play);
        spec_check_error(json, cases[i].path, cases[i].words);
    }
}

int main(void)
{
    test_create_curve();
    test_create_surface();
    test_transform_surface("Transform");
    test_transform_surface("ReplacementTransform");
    test_transform_curves();
    test_transform_cross_fade();
    test_change_color();
    test_grow_arrow();
    test_queries();
    test_errors();
    return lrt_finish("spec_three_d_anim");
}
