/* 3D sections (version 2): the camera, held in timeline values that
 * MoveCamera animates and ambient_rotation drifts, and set on the scene by
 * an updater that also evaluates its expressions; three_d_axes, surface,
 * sphere, Manim's solids (cube, prism, cylinder, cone, torus), and line,
 * dot, arrow, vector and parametric_curve in 3D, as meshes (lr_mesh.h).
 * Angles are the spec's degrees until they reach the library. */
#include "spec/build_internal.h"

#include <librender/lr_mesh.h>

#define PI_D 3.14159265358979323846

static const char *const camera_keys[CAMERA_PARAMS] = {"phi", "theta", "gamma", "zoom", "focal_distance"};
static const double camera_defaults[CAMERA_PARAMS] = {0, -90, 0, 1, 20};

bool build_in_3d(const bctx *c, const cJSON *o)
{
    const vocab_type *t = vocab_find_type(str_or(o, "type", ""));
    if (!c->camera || !t)
        return false;
    return (t->flags & VT_3D) || ((t->flags & VT_IN_3D) && !bool_or(o, "fixed_in_frame", false));
}

/* [x, y] or [x, y, z] (items may be expressions), or one expression of a
 * point in the plane z = 0. */
lr_vec3 build_point3(bctx *c, const cJSON *v, lr_vec3 fallback)
{
    if (!v)
        return fallback;
    if (cJSON_IsString(v) || cJSON_GetArraySize(v) == 2) {
        lr_vec2 p = build_point(c, v);
        return (lr_vec3){p.x, p.y, 0};
    }
    lr_vec3 p = fallback;
    if (cJSON_GetArraySize(v) == 3) {
        p.x = (float)build_number_of(c, v->child, 0);
        p.y = (float)build_number_of(c, v->child->next, 0);
        p.z = (float)build_number_of(c, v->child->next->next, 0);
    }
    return p;
}

/* ---- the camera ---- */

/* The camera at the time c->vars hold: expressions evaluated, the rest from
 * the timeline's values (or, before the timeline, as written). */
static lr_camera3d camera_now(bctx *c)
{
    double v[CAMERA_PARAMS];
    for (int k = 0; k < CAMERA_PARAMS; k++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(c->camera, camera_keys[k]);
        if (cJSON_IsString(f) || !c->tl)
            v[k] = build_number_of(c, f, camera_defaults[k]);
        else
            v[k] = lr_timeline_value_get(c->tl, c->camera_values[k]);
    }
    lr_camera3d cam = lr_camera3d_default();
    cam.phi = (float)(v[0] * DEG);
    cam.theta = (float)(v[1] * DEG);
    cam.gamma = (float)(v[2] * DEG);
    cam.zoom = (float)v[3];
    cam.focal_distance = (float)v[4];
    cam.light = build_point3(c, cJSON_GetObjectItemCaseSensitive(c->camera, "light"), cam.light);
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(c->camera, "position");
    if (at)
        cam.position = build_point(c, at);
    return cam;
}

static lr_status camera_update(lr_mobject *none, double t, void *user, lr_error *err)
{
    (void)none;
    (void)err;
    bctx *c = user;
    build_live_set_time(c, t);
    c->nan_seen = false;
    lr_camera3d cam = camera_now(c);
    /* An expression with no value, or out of the camera's range (a zoom
     * of 0), keeps the camera as it was. */
    if (!c->nan_seen)
        lr_scene_set_camera3d(c->scene, &cam);
    return LR_OK;
}

static bool has_string_item(const cJSON *v)
{
    if (cJSON_IsString(v))
        return true;
    for (const cJSON *e = cJSON_IsArray(v) ? v->child : NULL; e; e = e->next)
        if (cJSON_IsString(e))
            return true;
    return false;
}

lr_status build_camera_start(bctx *c)
{
    if (!c->camera)
        return LR_OK;
    for (int k = 0; k < CAMERA_PARAMS; k++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(c->camera, camera_keys[k]);
        c->camera_turns |= cJSON_IsString(f);
        if (lr_timeline_value_add(c->tl, build_number_of(c, f, camera_defaults[k]), 0, &c->camera_values[k], c->err) !=
            LR_OK)
            return c->err->status;
    }
    c->camera_turns |= has_string_item(cJSON_GetObjectItemCaseSensitive(c->camera, "light")) ||
                       has_string_item(cJSON_GetObjectItemCaseSensitive(c->camera, "position"));
    c->nan_seen = false;
    lr_camera3d cam = camera_now(c);
    if (c->nan_seen || lr_scene_set_camera3d(c->scene, &cam) != LR_OK)
        return build_fail(c, "camera", LR_ERR_SPEC, "the camera has no valid value at the section's start");
    return LR_OK;
}

lr_status build_camera_finish(bctx *c)
{
    if (!c->camera || !c->camera_turns)
        return LR_OK;
    return lr_timeline_add_updater(c->tl, NULL, camera_update, c, c->err);
}

lr_anim *build_camera_turn(bctx *c, const cJSON *a, lr_anim *move)
{
    if (!move || !c->camera)
        return move;
    lr_anim *parts[1 + CAMERA_PARAMS];
    size_t n = 0;
    parts[n++] = move;
    for (int k = 0; k < CAMERA_PARAMS; k++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(a, camera_keys[k]);
        if (!cJSON_IsNumber(f))
            continue;
        lr_anim *set = lr_anim_set_value(c->tl, c->camera_values[k], f->valuedouble);
        if (!set) {
            for (size_t i = 0; i < n; i++)
                lr_anim_destroy(parts[i]);
            return NULL;
        }
        parts[n++] = set;
    }
    if (n == 1)
        return move;
    c->camera_turns = true;
    /* Manim's move_camera: every tracker moves together, smoothly unless
     * told otherwise. */
    return build_group_together(parts, n);
}

lr_status build_ambient_rotation(bctx *c, const cJSON *step)
{
    const char *about = str_or(step, "about", "theta");
    int k = strcmp(about, "phi") == 0 ? 0 : strcmp(about, "gamma") == 0 ? 2 : 1;
    c->camera_turns = true;
    return lr_timeline_value_set_rate(c->tl, c->camera_values[k], build_num(c, step, "ambient_rotation", 0), c->err);
}

/* ---- shapes ---- */

static lr_status mesh_object(bctx *c, const char *what, lr_mesh *mesh, lr_status s, lr_mobject **out)
{
    lr_mobject *m = s == LR_OK ? lr_mobject_create_mesh(mesh) : NULL;
    lr_mesh_destroy(mesh);
    if (!m)
        return build_fail(c, what, s == LR_OK ? LR_ERR_NOMEM : s, "could not build the 3D object");
    *out = m;
    return LR_OK;
}

/* Faces that meet along an edge but are shaded apart (a cube's, a rim's)
 * are made one surface there, so no outline runs inside the solid. */
static lr_status weld(lr_mesh *m, lr_status s)
{
    if (s != LR_OK)
        return s;
    lr_vec3 lo, hi;
    lr_mesh_bounds(m, &lo, &hi);
    float size = fmaxf(hi.x - lo.x, fmaxf(hi.y - lo.y, hi.z - lo.z));
    return lr_mesh_weld(m, 1e-5f * (1.0f + (lo.x <= hi.x ? size : 0.0f)));
}

typedef struct axes3 {
    double r[3][3]; /* ranges: min, max, step */
    double s[3];    /* scene units per axis unit */
} axes3;

static lr_vec3 axes3_point(const axes3 *a, double x, double y, double z)
{
    double p[3] = {x, y, z};
    float q[3];
    for (int i = 0; i < 3; i++)
        q[i] = (float)((p[i] - (a->r[i][0] + a->r[i][1]) * 0.5) * a->s[i]);
    return (lr_vec3){q[0], q[1], q[2]};
}

static void axes3_of(bctx *c, const cJSON *o, axes3 *a)
{
    static const char *const ranges[3] = {"x_range", "y_range", "z_range"};
    static const char *const lengths[3] = {"x_length", "y_length", "z_length"};
    static const double lo[3] = {-6, -5, -4}, length[3] = {10.5, 10.5, 6.5};
    for (int i = 0; i < 3; i++) {
        build_range(c, o, ranges[i], lo[i], -lo[i], 1, a->r[i]);
        double w = a->r[i][1] - a->r[i][0];
        a->s[i] = w > 0 ? build_num(c, o, lengths[i], length[i]) / w : 1;
    }
}

/* A cone along `dir` (unit) from its base centre, lit, with a base. */
static lr_status add_cone(lr_mesh *m, lr_vec3 base, lr_vec3 dir, float length, float radius, lr_color color)
{
    enum { N = 24 };
    /* Two unit vectors across dir. */
    lr_vec3 u = fabsf(dir.z) < 0.9f ? (lr_vec3){-dir.y, dir.x, 0} : (lr_vec3){0, -dir.z, dir.y};
    float lu = sqrtf(u.x * u.x + u.y * u.y + u.z * u.z);
    u = (lr_vec3){u.x / lu, u.y / lu, u.z / lu};
    lr_vec3 w = {dir.y * u.z - dir.z * u.y, dir.z * u.x - dir.x * u.z, dir.x * u.y - dir.y * u.x};
    lr_vec3 pts[3 * N + 1], nrm[3 * N + 1];
    lr_vec3 apex = {base.x + dir.x * length, base.y + dir.y * length, base.z + dir.z * length};
    float slope = radius / length;
    for (int i = 0; i < N; i++) {
        float a = 2.0f * 3.14159265f * (float)i / N, ca = cosf(a), sa = sinf(a);
        lr_vec3 r = {u.x * ca + w.x * sa, u.y * ca + w.y * sa, u.z * ca + w.z * sa};
        lr_vec3 rim = {base.x + r.x * radius, base.y + r.y * radius, base.z + r.z * radius};
        lr_vec3 side = {r.x + dir.x * slope, r.y + dir.y * slope, r.z + dir.z * slope};
        pts[i] = rim; /* the side's rim */
        nrm[i] = side;
        pts[N + i] = apex; /* one apex per face, with its face's normal */
        nrm[N + i] = side;
        pts[2 * N + i] = rim; /* the base's rim */
        nrm[2 * N + i] = (lr_vec3){-dir.x, -dir.y, -dir.z};
    }
    pts[3 * N] = base;
    nrm[3 * N] = (lr_vec3){-dir.x, -dir.y, -dir.z};
    uint32_t first;
    lr_status s = lr_mesh_add_vertices(m, pts, nrm, 3 * N + 1, &first);
    uint32_t idx[2 * N * 3];
    lr_color cols[2 * N];
    for (uint32_t i = 0; i < N; i++) {
        uint32_t j = (i + 1) % N;
        uint32_t *t = idx + 6 * i;
        t[0] = first + i, t[1] = first + j, t[2] = first + N + i;
        t[3] = first + 2 * N + j, t[4] = first + 2 * N + i, t[5] = first + 3 * N;
        cols[2 * i] = cols[2 * i + 1] = color;
    }
    return s == LR_OK ? lr_mesh_add_triangles(m, idx, 2 * N, cols) : s;
}

/* Manim's ThreeDAxes: three number lines through the origin (or their
 * ranges' starts), ticks every step (x's along y, y's and z's along x),
 * cones at the positive ends. */
/* Manim's ThreeDAxes.get_{x,y,z}_axis_label: a MathTex next_to the edge
 * of the axis (with its tip and ticks) by SMALL_BUFF, x's and y's to the
 * up-right of their ends (y's then turned 90 degrees about OUT), z's to the
 * right of its top, then turned 90 degrees about RIGHT to stand in the
 * xz-plane; flat in the mesh of the axes. */
static lr_status axis_label(bctx *c, const cJSON *o, const axes3 *a, const double *origin, float reach, float tick,
                            int axis, lr_mesh *m)
{
    static const char *const keys[3] = {"x_label", "y_label", "z_label"};
    const char *src = str_or(o, keys[axis], NULL);
    if (!src || !src[0])
        return LR_OK;
    lr_mobject *lm = NULL;
    lr_status s = build_tex(c, src, 48, lr_rgba(1, 1, 1, 1), NULL, &lm);
    if (s != LR_OK)
        return s;
    lr_rect b = lr_mobject_bounds(lm);
    const float buff = 0.1f;
    double q[3] = {origin[0], origin[1], origin[2]};
    q[axis] = a->r[axis][1];
    lr_vec3 end = axes3_point(a, q[0], q[1], q[2]), o3 = axes3_point(a, origin[0], origin[1], origin[2]);
    float w = b.x1 - b.x0, h = b.y1 - b.y0;
    lr_vec3 at, turn = {0, 0, 1};
    float angle = 0;
    if (axis == 0) {
        at = (lr_vec3){end.x + reach + buff + w / 2, o3.y + tick + buff + h / 2, o3.z};
    } else if (axis == 1) {
        at = (lr_vec3){o3.x + tick + buff + w / 2, end.y + reach + buff + h / 2, o3.z};
        angle = (float)(PI_D / 2);
    } else {
        at = (lr_vec3){o3.x + buff + w / 2, o3.y, end.z + reach};
        turn = (lr_vec3){1, 0, 0};
        angle = (float)(PI_D / 2);
    }
    lr_vec3 lc = {(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2, 0};
    lr_map3 place = build_turn_about(turn, angle, lc);
    place.m[3] += at.x - lc.x;
    place.m[7] += at.y - lc.y;
    place.m[11] += at.z - lc.z;
    float layer = 0;
    s = lr_rect_is_empty(b) ? LR_OK : lr_mesh_add_flat(m, lm, &place, 0.0007f, &layer);
    lr_mobject_destroy(lm);
    return s;
}

static lr_status three_d_axes(bctx *c, const cJSON *o, lr_mobject **out)
{
    axes3 a;
    axes3_of(c, o, &a);
    lr_style st = build_style(c, o, false);
    float width = cJSON_GetObjectItemCaseSensitive(o, "stroke_width") ? st.stroke_width : 0.025f;
    lr_color color = st.stroke;
    bool tips = bool_or(o, "tips", true);
    double origin[3];
    for (int i = 0; i < 3; i++)
        origin[i] = a.r[i][0] <= 0 && 0 <= a.r[i][1] ? 0 : a.r[i][0];
    lr_mesh *m = lr_mesh_create();
    lr_status s = m ? LR_OK : LR_ERR_NOMEM;
    const float tick = 0.07f, tip = 0.2f, reach = tips ? 0.3f : 0.0f;
    for (int axis = 0; axis < 3 && s == LR_OK; axis++) {
        double p0[3] = {origin[0], origin[1], origin[2]}, p1[3] = {origin[0], origin[1], origin[2]};
        p0[axis] = a.r[axis][0];
        p1[axis] = a.r[axis][1];
        lr_vec3 e[2] = {axes3_point(&a, p0[0], p0[1], p0[2]), axes3_point(&a, p1[0], p1[1], p1[2])};
        float *end = axis == 0 ? &e[1].x : axis == 1 ? &e[1].y : &e[1].z;
        *end += reach;
        lr_vec3 dir = {axis == 0 ? 1.0f : 0.0f, axis == 1 ? 1.0f : 0.0f, axis == 2 ? 1.0f : 0.0f};
        lr_vec3 tip_base = e[1];
        if (tips) {
            *end -= tip;
            tip_base = e[1];
        }
        s = lr_mesh_add_polyline(m, e, 2, width, color);
        if (s == LR_OK && tips)
            s = add_cone(m, tip_base, dir, tip, tip * 0.4f, color);
        double step = a.r[axis][2];
        for (double v = ceil(a.r[axis][0] / step - 1e-9) * step; s == LR_OK && v <= a.r[axis][1] + 1e-9; v += step) {
            if (fabs(v - origin[axis]) < 1e-9)
                continue;
            double q[3] = {origin[0], origin[1], origin[2]};
            q[axis] = v;
            lr_vec3 p = axes3_point(&a, q[0], q[1], q[2]);
            lr_vec3 t[2] = {p, p};
            if (axis == 0) {
                t[0].y -= tick;
                t[1].y += tick;
            } else {
                t[0].x -= tick;
                t[1].x += tick;
            }
            s = lr_mesh_add_polyline(m, t, 2, width, color);
        }
    }
    s = mesh_object(c, "three_d_axes", m, weld(m, s), out);
    if (s != LR_OK || !(str_or(o, "x_label", NULL) || str_or(o, "y_label", NULL) || str_or(o, "z_label", NULL)))
        return s;
    /* The labels, unlit (the axes' cones are lit), beside them in a group. */
    lr_mesh *lm = lr_mesh_create();
    s = lm ? LR_OK : LR_ERR_NOMEM;
    lr_mesh_set_lit(lm, false);
    for (int axis = 0; axis < 3 && s == LR_OK; axis++)
        s = axis_label(c, o, &a, origin, reach, tick, axis, lm);
    lr_mobject *labels = NULL, *g = NULL;
    s = mesh_object(c, "three_d_axes", lm, s, &labels);
    if (s == LR_OK && (!(g = lr_mobject_create_group()) || lr_mobject_add_child(g, *out) != LR_OK)) {
        lr_mobject_destroy(g);
        g = NULL;
        s = build_fail(c, "three_d_axes", LR_ERR_NOMEM, "out of memory");
    }
    if (s != LR_OK) {
        lr_mobject_destroy(labels);
        lr_mobject_destroy(*out);
        *out = NULL;
        return s;
    }
    *out = g;
    if (lr_mobject_add_child(g, labels) != LR_OK) {
        lr_mobject_destroy(labels);
        lr_mobject_destroy(g);
        *out = NULL;
        return build_fail(c, "three_d_axes", LR_ERR_NOMEM, "out of memory");
    }
    return LR_OK;
}

/* How an object's faces look unless the spec says otherwise: Manim's
 * Surface (a BLUE_D / BLUE_E checkerboard, opaque, LIGHT_GREY outlines
 * 0.5 wide), its Cone (BLUE_D alone) and its Cube (BLUE at 0.75, none). */
typedef struct faces_look {
    const char *color; /* the one colour, or the checkerboard's first */
    bool checker;
    double opacity, stroke_width;
    const char *stroke_color;
} faces_look;

static const faces_look surface_look = {"BLUE_D", true, 1, 0.5, "LIGHT_GREY"};
static const faces_look cone_look = {"BLUE_D", false, 1, 0.5, "LIGHT_GREY"};
static const faces_look cube_look = {"BLUE", false, 0.75, 0, "WHITE"};

/* The faces' colours: the checkerboard unless one colour is asked for. */
static size_t face_palette(bctx *c, const cJSON *o, const faces_look *look, lr_color out[8])
{
    const cJSON *cb = cJSON_GetObjectItemCaseSensitive(o, "checkerboard_colors");
    size_t n = 0;
    for (const cJSON *e = cb ? cb->child : NULL; e && n < 8; e = e->next)
        if (lr_color_parse(e->valuestring, &out[n]))
            n++;
    if (!cb) {
        lr_color one;
        if (color_of(o, "fill_color", &one) || color_of(o, "color", &one)) {
            out[n++] = one;
        } else {
            lr_color_parse(look->color, &out[n++]);
            if (look->checker)
                lr_color_parse("BLUE_E", &out[n++]);
        }
    }
    float alpha = (float)build_num(c, o, "fill_opacity", look->opacity);
    for (size_t i = 0; i < n; i++)
        out[i].a = alpha;
    return n;
}

static void resolution_of(const cJSON *o, int def_u, int def_v, int *nu, int *nv)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "resolution");
    *nu = def_u;
    *nv = def_v;
    if (cJSON_IsNumber(r)) {
        *nu = *nv = (int)r->valuedouble;
    } else if (cJSON_GetArraySize(r) == 2) {
        *nu = (int)r->child->valuedouble;
        *nv = (int)r->child->next->valuedouble;
    }
}

/* A grid of (nu + 1) x (nv + 1) points as Manim's Surface lays its faces
 * out: u along a row, face (i, j) coloured (i + j) mod the colours, all in
 * `one` when given, or each its own of `by_face`; outlined as the spec
 * says unless `plain`. */
static lr_status add_faces(bctx *c, const cJSON *o, const faces_look *look, lr_mesh *m, const lr_vec3 *pts, int nu,
                           int nv, const lr_color *one, const lr_color *by_face, bool plain)
{
    lr_color palette[8];
    size_t ncolors = one ? 1 : face_palette(c, o, look, palette);
    if (one)
        palette[0] = *one;
    lr_color *faces = malloc(sizeof *faces * (size_t)nu * (size_t)nv);
    if (!faces)
        return LR_ERR_NOMEM;
    for (int j = 0; j < nv; j++)
        for (int i = 0; i < nu; i++)
            faces[j * nu + i] = by_face ? by_face[j * nu + i] : palette[(size_t)(i + j) % ncolors];
    lr_color line = {0.73f, 0.73f, 0.73f, 1};
    lr_color_parse(look->stroke_color, &line);
    /* Manim's set_fill_by_value colours each face's outline as its fill:
     * none to see, unless a stroke colour is asked for. */
    bool outlined = color_of(o, "stroke_color", &line) || !by_face;
    float width = plain || !outlined ? 0.0f : (float)(build_num(c, o, "stroke_width", look->stroke_width) / 100.0);
    lr_status s = lr_mesh_add_grid(m, pts, nu, nv, faces, width, line);
    free(faces);
    return s;
}

static lr_status grid_object(bctx *c, const cJSON *o, const char *what, lr_vec3 *pts, int nu, int nv,
                             lr_mobject **out)
{
    lr_mesh *m = lr_mesh_create();
    lr_status s = m ? add_faces(c, o, &surface_look, m, pts, nu, nv, NULL, NULL, false) : LR_ERR_NOMEM;
    return mesh_object(c, what, m, s, out);
}

/* Manim's set_fill_by_value: each face's colour from its value along an
 * axis, between the colours of the pivots round it (linear in RGB), the
 * first below the first pivot and the last above the last. The value is
 * that of the face's centre (the mean of its corners; Manim takes the
 * point halfway round its outline, a corner). Pivots not given spread
 * evenly over the axes' range, or the surface's own. */
static lr_status faces_by_value(bctx *c, const cJSON *o, const axes3 *a, int along, const double *vals, int nu, int nv,
                                lr_color *out)
{
    const cJSON *scale = cJSON_GetObjectItemCaseSensitive(o, "colorscale");
    lr_color colors[8];
    double pivots[8];
    int n = 0;
    for (const cJSON *e = scale ? scale->child : NULL; e && n < 8; e = e->next)
        if (cJSON_IsString(e) && lr_color_parse(e->valuestring, &colors[n]))
            n++;
    if (n < 2)
        return build_fail(c, str_or(o, "id", "surface"), LR_ERR_SPEC, "a colorscale needs two colours or more");
    double lo = INFINITY, hi = -INFINITY;
    if (a) {
        lo = a->r[along][0];
        hi = a->r[along][1];
    } else {
        for (size_t i = 0; i < (size_t)(nu + 1) * (size_t)(nv + 1); i++) {
            lo = fmin(lo, vals[i]);
            hi = fmax(hi, vals[i]);
        }
    }
    for (int k = 0; k < n; k++)
        pivots[k] = lo + (hi - lo) * k / (n - 1);
    const cJSON *given = cJSON_GetObjectItemCaseSensitive(o, "colorscale_pivots");
    int k = 0;
    for (const cJSON *e = given ? given->child : NULL; e && k < n; e = e->next, k++)
        pivots[k] = build_number_of(c, e, pivots[k]);
    float alpha = (float)build_num(c, o, "fill_opacity", 1);
    size_t cols = (size_t)nu + 1;
    for (int j = 0; j < nv; j++)
        for (int i = 0; i < nu; i++) {
            size_t p = (size_t)j * cols + (size_t)i;
            double v = 0.25 * (vals[p] + vals[p + 1] + vals[p + cols] + vals[p + cols + 1]);
            lr_color col = colors[0];
            if (v >= pivots[n - 1])
                col = colors[n - 1];
            else
                for (int q = 1; q < n; q++)
                    if (v < pivots[q]) {
                        float t = v > pivots[q - 1] ? (float)((v - pivots[q - 1]) / (pivots[q] - pivots[q - 1])) : 0;
                        lr_color x = colors[q - 1], y = colors[q];
                        col = (lr_color){x.r + (y.r - x.r) * t, x.g + (y.g - x.g) * t, x.b + (y.b - x.b) * t, 1};
                        break;
                    }
            col.a = alpha;
            out[j * nu + i] = col;
        }
    return LR_OK;
}

static lr_status surface(bctx *c, const cJSON *o, lr_mobject **out)
{
    int nu, nv;
    resolution_of(o, 32, 32, &nu, &nv);
    double ur[3], vr[3];
    build_range(c, o, "u_range", 0, 1, 1, ur);
    build_range(c, o, "v_range", 0, 1, 1, vr);
    const spec_expr *ex[3];
    static const char *const keys[3] = {"x", "y", "z"};
    for (int i = 0; i < 3; i++) {
        ex[i] = spec_exprs_find(&c->sec->exprs, cJSON_GetObjectItemCaseSensitive(o, keys[i]));
        if (!ex[i])
            return build_fail(c, str_or(o, "id", "surface"), LR_ERR_SPEC, "an expression was not compiled");
    }
    axes3 a;
    const bobj *ax = build_find(c, str_or(o, "axes", ""));
    if (ax)
        axes3_of(c, ax->json, &a);
    size_t npts = (size_t)(nu + 1) * (size_t)(nv + 1);
    lr_vec3 *pts = malloc(sizeof *pts * npts);
    double *vals = malloc(sizeof *vals * npts);
    if (!pts || !vals) {
        free(pts);
        free(vals);
        return build_fail(c, "surface", LR_ERR_NOMEM, "out of memory");
    }
    const char *axis = str_or(o, "colorscale_axis", "z");
    int along = axis[0] == 'x' ? 0 : axis[0] == 'y' ? 1 : 2;
    for (int j = 0; j <= nv; j++)
        for (int i = 0; i <= nu; i++) {
            double u = ur[0] + (ur[1] - ur[0]) * i / nu, v = vr[0] + (vr[1] - vr[0]) * j / nv;
            double p[3];
            for (int k = 0; k < 3; k++)
                p[k] = build_eval_at(c, ex[k]->expr, u, v).x;
            if (!isfinite(p[0]) || !isfinite(p[1]) || !isfinite(p[2])) {
                free(pts);
                free(vals);
                char why[160];
                snprintf(why, sizeof why, "the surface has no finite point at u = %g, v = %g", u, v);
                return build_fail(c, str_or(o, "id", "surface"), LR_ERR_SPEC, why);
            }
            pts[j * (nu + 1) + i] = ax ? axes3_point(&a, p[0], p[1], p[2])
                                       : (lr_vec3){(float)p[0], (float)p[1], (float)p[2]};
            vals[j * (nu + 1) + i] = p[along];
        }
    lr_color *by_value = NULL;
    lr_status s = LR_OK;
    if (cJSON_GetObjectItemCaseSensitive(o, "colorscale")) {
        by_value = malloc(sizeof *by_value * (size_t)nu * (size_t)nv);
        s = by_value ? faces_by_value(c, o, ax ? &a : NULL, along, vals, nu, nv, by_value) : LR_ERR_NOMEM;
    }
    lr_mesh *m = s == LR_OK ? lr_mesh_create() : NULL;
    if (s == LR_OK)
        s = m ? add_faces(c, o, &surface_look, m, pts, nu, nv, NULL, by_value, false) : LR_ERR_NOMEM;
    free(pts);
    free(vals);
    free(by_value);
    return mesh_object(c, "surface", m, s, out);
}

/* Manim's Sphere: radius (cos u sin v, sin u sin v, -cos v) + centre, u
 * round the z axis, v from the south pole. */
static lr_status sphere(bctx *c, const cJSON *o, lr_mobject **out)
{
    int nu, nv;
    resolution_of(o, 24, 12, &nu, &nv);
    lr_vec3 ctr = build_point3(c, cJSON_GetObjectItemCaseSensitive(o, "center"), (lr_vec3){0, 0, 0});
    float r = (float)build_num(c, o, "radius", 1);
    lr_vec3 *pts = malloc(sizeof *pts * (size_t)(nu + 1) * (size_t)(nv + 1));
    if (!pts)
        return build_fail(c, "sphere", LR_ERR_NOMEM, "out of memory");
    for (int j = 0; j <= nv; j++)
        for (int i = 0; i <= nu; i++) {
            double u = 2 * PI_D * i / nu, v = PI_D * j / nv;
            pts[j * (nu + 1) + i] = (lr_vec3){ctr.x + r * (float)(cos(u) * sin(v)),
                                               ctr.y + r * (float)(sin(u) * sin(v)), ctr.z - r * (float)cos(v)};
        }
    lr_status s = grid_object(c, o, "sphere", pts, nu, nv, out);
    free(pts);
    return s;
}

/* ---- Manim's solids (three_dimensions.py) ---- */

/* Where a solid built about the origin along z goes: turned so that z
 * points along `dir` (Manim's _rotate_to_direction: theta about y, then
 * phi about z), then moved to `at`. */
typedef struct placement3 {
    double r[9];
    lr_vec3 at;
} placement3;

static placement3 placement_of(lr_vec3 dir, lr_vec3 at)
{
    double x = dir.x, y = dir.y, z = dir.z, len = sqrt(x * x + y * y + z * z);
    double th = len > 0 ? acos(fmax(-1.0, fmin(1.0, z / len))) : 0, ph = x == 0 && y == 0 ? 0 : atan2(y, x);
    double ct = cos(th), st = sin(th), cp = cos(ph), sp = sin(ph);
    return (placement3){{cp * ct, -sp, cp * st, sp * ct, cp, sp * st, -st, 0, ct}, at};
}

static lr_vec3 placed(const placement3 *p, double x, double y, double z)
{
    const double *r = p->r;
    return (lr_vec3){(float)(p->at.x + r[0] * x + r[1] * y + r[2] * z),
                     (float)(p->at.y + r[3] * x + r[4] * y + r[5] * z),
                     (float)(p->at.z + r[6] * x + r[7] * y + r[8] * z)};
}

/* A disc closing a ring of nv + 1 points (its first and last the same)
 * about `centre`: a grid whose second row is one point. */
static lr_status add_disc(bctx *c, const cJSON *o, lr_mesh *m, const lr_vec3 *ring, int nv, lr_vec3 centre,
                          lr_color color)
{
    lr_vec3 *pts = malloc(sizeof *pts * 2 * (size_t)(nv + 1));
    if (!pts)
        return LR_ERR_NOMEM;
    for (int i = 0; i <= nv; i++) {
        pts[i] = ring[i];
        pts[nv + 1 + i] = centre;
    }
    lr_status s = add_faces(c, o, &surface_look, m, pts, nv, 1, &color, NULL, true);
    free(pts);
    return s;
}

/* Manim's Cylinder: (r cos v, r sin v, u), u from -h/2 to h/2 in nu faces,
 * v round in nv, with discs at its ends (Manim's fill colour: the first
 * face colour here); all in `one` when given. */
static lr_status add_cylinder(bctx *c, const cJSON *o, lr_mesh *m, const placement3 *pl, double r, double h, int nu,
                              int nv, bool ends, const lr_color *one, bool plain)
{
    size_t cols = (size_t)nv + 1;
    lr_vec3 *pts = malloc(sizeof *pts * cols * (size_t)(nu + 1));
    if (!pts)
        return LR_ERR_NOMEM;
    for (int j = 0; j <= nu; j++)
        for (int i = 0; i <= nv; i++) {
            double a = 2 * PI_D * i / nv;
            pts[(size_t)j * cols + (size_t)i] = placed(pl, r * cos(a), r * sin(a), -h / 2 + h * j / nu);
        }
    lr_color first;
    if (one)
        first = *one;
    else {
        lr_color palette[8];
        face_palette(c, o, &surface_look, palette);
        first = palette[0];
    }
    lr_status s = add_faces(c, o, &surface_look, m, pts, nv, nu, one, NULL, plain);
    if (s == LR_OK && ends)
        s = add_disc(c, o, m, pts, nv, placed(pl, 0, 0, -h / 2), first);
    if (s == LR_OK && ends)
        s = add_disc(c, o, m, pts + (size_t)nu * cols, nv, placed(pl, 0, 0, h / 2), first);
    free(pts);
    return s;
}

static lr_vec3 field3(bctx *c, const cJSON *o, const char *key, lr_vec3 fallback)
{
    return build_point3(c, cJSON_GetObjectItemCaseSensitive(o, key), fallback);
}

/* Manim's Cube and Prism: six squares, each shaded flat. */
static lr_status box(bctx *c, const cJSON *o, const double size[3], lr_mobject **out)
{
    lr_vec3 ctr = field3(c, o, "center", (lr_vec3){0, 0, 0});
    lr_mesh *m = lr_mesh_create();
    lr_status s = m ? LR_OK : LR_ERR_NOMEM;
    for (int f = 0; f < 6 && s == LR_OK; f++) {
        int a = f / 2, b = (a + 1) % 3, d = (a + 2) % 3;
        lr_vec3 pts[4];
        for (int k = 0; k < 4; k++) {
            double p[3];
            p[a] = (f % 2 ? 0.5 : -0.5) * size[a];
            p[b] = (k % 2 ? 0.5 : -0.5) * size[b];
            p[d] = (k / 2 ? 0.5 : -0.5) * size[d];
            pts[k] = (lr_vec3){ctr.x + (float)p[0], ctr.y + (float)p[1], ctr.z + (float)p[2]};
        }
        s = add_faces(c, o, &cube_look, m, pts, 1, 1, NULL, NULL, false);
    }
    return mesh_object(c, str_or(o, "type", "cube"), m, weld(m, s), out);
}

static lr_status cylinder(bctx *c, const cJSON *o, lr_mobject **out)
{
    int nu, nv;
    resolution_of(o, 24, 24, &nu, &nv);
    lr_vec3 dir = field3(c, o, "direction", (lr_vec3){0, 0, 1});
    placement3 pl = placement_of(dir, field3(c, o, "center", (lr_vec3){0, 0, 0}));
    lr_mesh *m = lr_mesh_create();
    lr_status s = m ? add_cylinder(c, o, m, &pl, build_num(c, o, "radius", 1), build_num(c, o, "height", 2), nu, nv,
                                   bool_or(o, "show_ends", true), NULL, false)
                    : LR_ERR_NOMEM;
    return mesh_object(c, "cylinder", m, weld(m, s), out);
}

/* Manim's Cone: u from the apex (the origin) down the side to the rim, v
 * round; theta = pi - atan(r / h), so that the base is at -h. Rows of the
 * grid are u: the apex row shrinks to a point. */
static lr_status cone(bctx *c, const cJSON *o, lr_mobject **out)
{
    int nu, nv;
    resolution_of(o, 32, 32, &nu, &nv);
    double r = build_num(c, o, "base_radius", 1), h = build_num(c, o, "height", 1);
    double slant = sqrt(r * r + h * h), th = PI_D - atan(r / h);
    lr_vec3 dir = field3(c, o, "direction", (lr_vec3){0, 0, 1});
    placement3 pl = placement_of(dir, field3(c, o, "apex", (lr_vec3){0, 0, 0}));
    size_t cols = (size_t)nv + 1;
    lr_vec3 *pts = malloc(sizeof *pts * cols * (size_t)(nu + 1));
    lr_mesh *m = pts ? lr_mesh_create() : NULL;
    lr_status s = m ? LR_OK : LR_ERR_NOMEM;
    for (int j = 0; s == LR_OK && j <= nu; j++)
        for (int i = 0; i <= nv; i++) {
            double u = slant * j / nu, a = 2 * PI_D * i / nv;
            pts[(size_t)j * cols + (size_t)i] = placed(&pl, u * sin(th) * cos(a), u * sin(th) * sin(a), u * cos(th));
        }
    if (s == LR_OK)
        s = add_faces(c, o, &cone_look, m, pts, nv, nu, NULL, NULL, false);
    if (s == LR_OK && bool_or(o, "show_base", false)) {
        lr_color palette[8];
        face_palette(c, o, &cone_look, palette);
        s = add_disc(c, o, m, pts + (size_t)nu * cols, nv, placed(&pl, 0, 0, -h), palette[0]);
    }
    free(pts);
    return mesh_object(c, "cone", m, weld(m, s), out);
}

/* Manim's Torus: (R - r cos v) (cos u, sin u, 0) - r sin v OUT. */
static lr_status torus(bctx *c, const cJSON *o, lr_mobject **out)
{
    int nu, nv;
    resolution_of(o, 24, 24, &nu, &nv);
    double big = build_num(c, o, "major_radius", 3), small = build_num(c, o, "minor_radius", 1);
    placement3 pl = placement_of((lr_vec3){0, 0, 1}, field3(c, o, "center", (lr_vec3){0, 0, 0}));
    size_t cols = (size_t)nu + 1;
    lr_vec3 *pts = malloc(sizeof *pts * cols * (size_t)(nv + 1));
    if (!pts)
        return build_fail(c, "torus", LR_ERR_NOMEM, "out of memory");
    for (int j = 0; j <= nv; j++)
        for (int i = 0; i <= nu; i++) {
            double u = 2 * PI_D * i / nu, v = 2 * PI_D * j / nv, w = big - small * cos(v);
            pts[(size_t)j * cols + (size_t)i] = placed(&pl, w * cos(u), w * sin(u), -small * sin(v));
        }
    lr_status s = grid_object(c, o, "torus", pts, nu, nv, out);
    free(pts);
    return s;
}

/* Manim's Arrow3D: a cylinder `thickness` in radius (Line3D, resolution
 * [2, 24], its ends closed) up to a cone `tip_length` high and
 * `base_radius` wide whose apex is the end; one colour, lit, no outlines. */
static lr_status arrow3(bctx *c, const cJSON *o, bobj *b, bool vector, lr_mobject **out)
{
    lr_style st = build_style(c, o, false);
    lr_vec3 p0 = field3(c, o, "start", vector ? (lr_vec3){0, 0, 0} : (lr_vec3){-1, 0, 0});
    lr_vec3 p1 = field3(c, o, "end", (lr_vec3){1, 0, 0});
    b->p0 = (lr_vec2){p0.x, p0.y};
    b->p1 = (lr_vec2){p1.x, p1.y};
    lr_vec3 v = {p1.x - p0.x, p1.y - p0.y, p1.z - p0.z};
    double len = sqrt((double)v.x * v.x + (double)v.y * v.y + (double)v.z * v.z);
    if (!(len > 0))
        return build_fail(c, str_or(o, "id", "arrow"), LR_ERR_SPEC, "the arrow starts where it ends");
    lr_vec3 dir = {(float)(v.x / len), (float)(v.y / len), (float)(v.z / len)};
    double tip = fmin(build_num(c, o, "tip_length", 0.3), 0.5 * len), shaft = len - tip;
    lr_vec3 base = {(float)(p0.x + dir.x * shaft), (float)(p0.y + dir.y * shaft), (float)(p0.z + dir.z * shaft)};
    lr_vec3 mid = {(p0.x + base.x) / 2, (p0.y + base.y) / 2, (p0.z + base.z) / 2};
    placement3 pl = placement_of(dir, mid);
    lr_mesh *m = lr_mesh_create();
    lr_status s = m ? LR_OK : LR_ERR_NOMEM;
    if (s == LR_OK && st.stroke.a > 0) {
        s = add_cylinder(c, o, m, &pl, build_num(c, o, "thickness", 0.02), shaft, 2, 24, true, &st.stroke, true);
        if (s == LR_OK)
            s = add_cone(m, base, dir, (float)tip, (float)build_num(c, o, "base_radius", 0.08), st.stroke);
    }
    return mesh_object(c, str_or(o, "type", "arrow"), m, weld(m, s), out);
}

/* ---- what expressions read of 3D objects ---- */

/* The mesh under b and its map to the scene now. */
static const lr_mesh *mesh_now(const bobj *b, lr_map3 *to_scene)
{
    const lr_mobject *mo = shape_of(b);
    const lr_mesh *m = mo ? lr_mobject_mesh_const(mo) : NULL;
    if (m)
        *to_scene = lr_mesh_to_scene(mo, lr_mobject_world_transform(mo));
    return m;
}

static double seg3(const lr_mesh *m, const lr_map3 *t, uint32_t i, lr_vec3 *a, lr_vec3 *b)
{
    *a = lr_map3_point(t, m->line_points[i - 1]);
    *b = lr_map3_point(t, m->line_points[i]);
    return sqrt(pow(b->x - a->x, 2) + pow(b->y - a->y, 2) + pow(b->z - a->z, 2));
}

/* A point of the polylines a proportion p of their length along (all of
 * them as one curve, as Manim's point_from_proportion of its path). */
static bool polyline_at(const lr_mesh *m, const lr_map3 *t, double p, lr_vec3 *out)
{
    if (m->nlines == 0)
        return false;
    lr_vec3 a, b;
    double total = 0, run = 0;
    for (size_t k = 0; k < m->nlines; k++)
        for (uint32_t i = m->lines[k].first + 1; i < m->lines[k].first + m->lines[k].count; i++)
            total += seg3(m, t, i, &a, &b);
    double want = fmin(fmax(p, 0), 1) * total;
    for (size_t k = 0; k < m->nlines; k++)
        for (uint32_t i = m->lines[k].first + 1; i < m->lines[k].first + m->lines[k].count; i++) {
            double l = seg3(m, t, i, &a, &b);
            if (run + l >= want && l > 0) {
                float f = (float)((want - run) / l);
                *out = (lr_vec3){a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f, a.z + (b.z - a.z) * f};
                return true;
            }
            run += l;
        }
    const lr_mesh_line *last = &m->lines[m->nlines - 1];
    *out = lr_map3_point(t, m->line_points[last->first + last->count - 1]);
    return true;
}

bool build_query3(bctx *c, const bobj *b, spec_query q, const expr_value *args, int nargs, expr_value *out)
{
    lr_map3 t;
    const lr_mesh *m = mesh_now(b, &t);
    if (!m)
        return false;
    /* The camera as it is at this time: the scene's may not have been
     * turned yet this frame (its updater runs after the objects'). */
    lr_camera3d cam = c->camera ? camera_now(c) : lr_scene_get_camera3d(c->scene);
    /* The box of its points in the scene, as Manim's get_center. */
    lr_vec3 lo = {INFINITY, INFINITY, INFINITY}, hi = {-INFINITY, -INFINITY, -INFINITY};
    for (int pass = 0; pass < 3; pass++) {
        const lr_vec3 *pts = pass == 0 ? m->points : pass == 1 ? m->line_points : NULL;
        size_t n = pass == 0 ? m->nverts : pass == 1 ? m->nline_points : m->ndots;
        for (size_t i = 0; i < n; i++) {
            lr_vec3 p = lr_map3_point(&t, pts ? pts[i] : m->dots[i].center);
            lo = (lr_vec3){fminf(lo.x, p.x), fminf(lo.y, p.y), fminf(lo.z, p.z)};
            hi = (lr_vec3){fmaxf(hi.x, p.x), fmaxf(hi.y, p.y), fmaxf(hi.z, p.z)};
        }
    }
    if (!(lo.x <= hi.x))
        return false;
    lr_vec3 mid = {(lo.x + hi.x) / 2, (lo.y + hi.y) / 2, (lo.z + hi.z) / 2}, p = mid;
    lr_rect r = lr_mobject_frame_bounds(c->scene, b->m);
    lr_vec2 rc = {(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2};
    switch (q) {
    case SQ_X: out->x = mid.x; return true;
    case SQ_Y: out->x = mid.y; return true;
    case SQ_Z: out->x = mid.z; return true;
    case SQ_WIDTH: out->x = r.x1 - r.x0; return isfinite(out->x);
    case SQ_HEIGHT: out->x = r.y1 - r.y0; return isfinite(out->x);
    case SQ_LEFT: *out = (expr_value){r.x0, rc.y}; return isfinite(r.x0) && isfinite(rc.y);
    case SQ_RIGHT: *out = (expr_value){r.x1, rc.y}; return isfinite(r.x1) && isfinite(rc.y);
    case SQ_TOP: *out = (expr_value){rc.x, r.y1}; return isfinite(r.y1) && isfinite(rc.x);
    case SQ_BOTTOM: *out = (expr_value){rc.x, r.y0}; return isfinite(r.y0) && isfinite(rc.x);
    case SQ_CENTER: break;
    case SQ_START:
    case SQ_END: {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(b->json, q == SQ_START ? "start" : "end");
        bool vector = strcmp(str_or(b->json, "type", ""), "vector") == 0;
        if (m->nlines > 0 && !e) {
            const lr_mesh_line *ln = &m->lines[q == SQ_START ? 0 : m->nlines - 1];
            p = lr_map3_point(&t, m->line_points[q == SQ_START ? ln->first : ln->first + ln->count - 1]);
        } else {
            /* A line's or an arrow's ends as written, where its map takes them now. */
            lr_vec3 dflt = q == SQ_END ? (lr_vec3){1, 0, 0} : vector ? (lr_vec3){0, 0, 0} : (lr_vec3){-1, 0, 0};
            p = lr_map3_point(&t, build_point3(c, e, dflt));
        }
        break;
    }
    case SQ_PFP:
        if (nargs < 1 || !polyline_at(m, &t, args[0].x, &p))
            return false;
        break;
    case SQ_C2P: {
        if (nargs < 3 || strcmp(str_or(b->json, "type", ""), "three_d_axes") != 0)
            return false;
        axes3 a;
        axes3_of(c, b->json, &a);
        p = lr_map3_point(&t, axes3_point(&a, args[0].x, args[1].x, args[2].x));
        break;
    }
    default: return false;
    }
    /* A point: where the camera draws it in the frame, so that what is
     * fixed in the frame can follow it. */
    lr_vec3 f = lr_camera3d_project(&cam, p);
    *out = (expr_value){f.x, f.y};
    return isfinite(f.x) && isfinite(f.y);
}

lr_anim *build_grow_arrow3(bctx *c, const cJSON *a, lr_mobject *m)
{
    const bobj *b = build_find(c, str_or(a, "target", ""));
    if (!b || !build_in_3d(c, b->json))
        return NULL;
    bool vector = strcmp(str_or(b->json, "type", ""), "vector") == 0;
    return lr_anim_grow_from_point3(m, field3(c, b->json, "start", vector ? (lr_vec3){0, 0, 0} : (lr_vec3){-1, 0, 0}));
}

/* A curve (x(t), y(t), z(t)) in scene coordinates or those of 3D axes,
 * sampled as 2D curves are (GRAPH_SAMPLES pieces), broken where it has no
 * finite point. */
static lr_status curve3(bctx *c, const cJSON *o, lr_mobject **out)
{
    static const char *const keys[3] = {"x", "y", "z"};
    const spec_expr *ex[3];
    for (int k = 0; k < 3; k++) {
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, keys[k]);
        ex[k] = f ? spec_exprs_find(&c->sec->exprs, f) : NULL;
        if (f && !ex[k])
            return build_fail(c, str_or(o, "id", "parametric_curve"), LR_ERR_SPEC, "an expression was not compiled");
    }
    double r[3];
    build_range(c, o, "t_range", 0, 1, 0, r);
    axes3 a;
    const bobj *ax = build_find(c, str_or(o, "axes", ""));
    if (ax)
        axes3_of(c, ax->json, &a);
    lr_style st = build_style(c, o, false);
    lr_vec3 pts[GRAPH_SAMPLES + 1];
    size_t n = 0;
    lr_mesh *m = lr_mesh_create();
    lr_status s = m ? LR_OK : LR_ERR_NOMEM;
    for (int i = 0; s == LR_OK && i <= GRAPH_SAMPLES + 1; i++) {
        double t = r[0] + (r[1] - r[0]) * i / GRAPH_SAMPLES, p[3] = {0, 0, 0};
        bool ok = i <= GRAPH_SAMPLES;
        for (int k = 0; ok && k < 3; k++) {
            p[k] = ex[k] ? build_eval_at(c, ex[k]->expr, t, 0).x : 0;
            ok = isfinite(p[k]);
        }
        if (ok) {
            pts[n++] = ax ? axes3_point(&a, p[0], p[1], p[2]) : (lr_vec3){(float)p[0], (float)p[1], (float)p[2]};
            continue;
        }
        if (n >= 2 && st.stroke.a > 0 && st.stroke_width > 0)
            s = lr_mesh_add_polyline(m, pts, n, st.stroke_width, st.stroke);
        n = 0;
    }
    return mesh_object(c, "parametric_curve", m, s, out);
}

lr_status build_3d_content(bctx *c, const cJSON *o, bobj *b, lr_mobject **out)
{
    const char *type = str_or(o, "type", "");
    *out = NULL;
    if (strcmp(type, "three_d_axes") == 0)
        return three_d_axes(c, o, out);
    if (strcmp(type, "surface") == 0)
        return surface(c, o, out);
    if (strcmp(type, "sphere") == 0)
        return sphere(c, o, out);
    if (strcmp(type, "cube") == 0) {
        double a = build_num(c, o, "side_length", 2), size[3] = {a, a, a};
        return box(c, o, size, out);
    }
    if (strcmp(type, "prism") == 0) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "dimensions");
        double size[3] = {3, 2, 1};
        int k = 0;
        for (const cJSON *e = d ? d->child : NULL; e && k < 3; e = e->next, k++)
            size[k] = build_number_of(c, e, size[k]);
        return box(c, o, size, out);
    }
    if (strcmp(type, "cylinder") == 0)
        return cylinder(c, o, out);
    if (strcmp(type, "cone") == 0)
        return cone(c, o, out);
    if (strcmp(type, "torus") == 0)
        return torus(c, o, out);
    if (strcmp(type, "arrow") == 0 || strcmp(type, "vector") == 0)
        return arrow3(c, o, b, type[0] == 'v', out);
    if (strcmp(type, "parametric_curve") == 0)
        return curve3(c, o, out);
    lr_mesh *m = lr_mesh_create();
    lr_status s = m ? LR_OK : LR_ERR_NOMEM;
    if (s == LR_OK && strcmp(type, "line") == 0) {
        lr_style st = build_style(c, o, false);
        lr_vec3 e[2] = {build_point3(c, cJSON_GetObjectItemCaseSensitive(o, "start"), (lr_vec3){-1, 0, 0}),
                        build_point3(c, cJSON_GetObjectItemCaseSensitive(o, "end"), (lr_vec3){1, 0, 0})};
        b->p0 = (lr_vec2){e[0].x, e[0].y};
        b->p1 = (lr_vec2){e[1].x, e[1].y};
        if (st.stroke.a > 0 && st.stroke_width > 0)
            s = lr_mesh_add_polyline(m, e, 2, st.stroke_width, st.stroke);
    } else if (s == LR_OK && strcmp(type, "dot") == 0) {
        lr_style st = build_style(c, o, true);
        lr_vec3 p = build_point3(c, cJSON_GetObjectItemCaseSensitive(o, "point"), (lr_vec3){0, 0, 0});
        if (st.fill.a > 0)
            s = lr_mesh_add_dot(m, p, (float)build_num(c, o, "radius", 0.08), st.fill);
    }
    return mesh_object(c, type, m, s, out);
}
