/* 2D objects placed in 3D (version 2): in a section with a camera, a 2D
 * object that is not fixed in the frame lives in the plane z = 0 where its
 * 2D placement puts it (Manim's ThreeDScene: every mobject is in 3D space
 * unless added with add_fixed_in_frame_mobjects), turned about an axis by
 * `rotation` and `rotation_axis` (Manim's rotate(angle, axis)) and moved
 * by a 3D `position`. It is drawn as a flat mesh (lr_mesh_add_flat), seen
 * through the camera and depth-tested against the 3D objects. */
#include "spec/build_internal.h"

#include <librender/lr_mesh.h>

/* Fine enough that a curve's chords stay within a tenth of a pixel at
 * 1080p and zoom 1 (8 units over 1080 pixels). */
#define FLAT_TOLERANCE 0.0007f

bool build_flat_in_3d(const bctx *c, const cJSON *o)
{
    const char *type = str_or(o, "type", "");
    const vocab_type *t = vocab_find_type(type);
    if (!c->camera || !t || (t->flags & (VT_3D | VT_BARE)) || strcmp(type, "group") == 0)
        return false;
    return !build_in_3d(c, o) && !bool_or(o, "fixed_in_frame", false) && !bool_or(o, "fixed_orientation", false);
}

void build_fix_orientation(bctx *c, const cJSON *o, lr_mobject *m)
{
    if (!c->camera || !bool_or(o, "fixed_orientation", false))
        return;
    const cJSON *pos = cJSON_GetObjectItemCaseSensitive(o, "position");
    if (pos && cJSON_GetArraySize(pos) == 3) {
        lr_vec3 to = build_point3(c, pos, (lr_vec3){0, 0, 0});
        lr_rect b = world_bounds(m);
        if (!lr_rect_is_empty(b))
            transform_by(m, lr_affine_translate(to.x - (b.x0 + b.x1) * 0.5f, to.y - (b.y0 + b.y1) * 0.5f));
        m->anchor_z = to.z;
    }
    m->fixed_orientation = true;
}

lr_status build_place_shape(bctx *c, const cJSON *o, lr_mobject **m)
{
    build_place_content(c, o, *m);
    build_fix_orientation(c, o, *m);
    return build_flat_in_3d(c, o) ? build_flatten_3d(c, o, m) : LR_OK;
}

lr_map3 build_turn_about(lr_vec3 a, float angle, lr_vec3 p)
{
    float cs = cosf(angle), sn = sinf(angle), k = 1 - cs;
    float r[9] = {cs + a.x * a.x * k,       a.x * a.y * k - a.z * sn, a.x * a.z * k + a.y * sn,
                  a.y * a.x * k + a.z * sn, cs + a.y * a.y * k,       a.y * a.z * k - a.x * sn,
                  a.z * a.x * k - a.y * sn, a.z * a.y * k + a.x * sn, cs + a.z * a.z * k};
    lr_map3 m = {{r[0], r[1], r[2], 0, r[3], r[4], r[5], 0, r[6], r[7], r[8], 0}};
    for (int i = 0; i < 3; i++)
        m.m[4 * i + 3] = (&p.x)[i] - (r[3 * i] * p.x + r[3 * i + 1] * p.y + r[3 * i + 2] * p.z);
    return m;
}

lr_status build_flatten_3d(bctx *c, const cJSON *o, lr_mobject **m)
{
    lr_rect b = lr_mobject_bounds(*m);
    lr_vec3 centre = lr_rect_is_empty(b) ? (lr_vec3){0, 0, 0}
                                         : (lr_vec3){(b.x0 + b.x1) * 0.5f, (b.y0 + b.y1) * 0.5f, 0};
    lr_map3 place = lr_map3_identity();
    const cJSON *axis = cJSON_GetObjectItemCaseSensitive(o, "rotation_axis");
    const cJSON *pos = cJSON_GetObjectItemCaseSensitive(o, "position");
    /* In the plane z = 0 it keeps its placement as its 2D transform, so
     * that what is built on it (a graph on axes, through their world
     * transform) finds it as in 2D; turned or lifted, it is baked in. */
    bool in_plane = !axis && !(pos && cJSON_GetArraySize(pos) == 3);
    lr_affine kept = (*m)->transform;
    if (in_plane)
        (*m)->transform = lr_affine_identity();
    if (axis) {
        lr_vec3 a = build_point3(c, axis, (lr_vec3){0, 0, 1});
        float len = sqrtf(a.x * a.x + a.y * a.y + a.z * a.z);
        if (len > 0)
            place = build_turn_about((lr_vec3){a.x / len, a.y / len, a.z / len},
                                     (float)(build_num(c, o, "rotation", 0) * DEG), centre);
    }
    if (pos && cJSON_GetArraySize(pos) == 3) {
        lr_vec3 to = build_point3(c, pos, centre);
        place.m[3] += to.x - centre.x;
        place.m[7] += to.y - centre.y;
        place.m[11] += to.z - centre.z;
    }
    lr_mesh *mesh = lr_mesh_create();
    if (!mesh)
        return build_fail(c, str_or(o, "id", ""), LR_ERR_NOMEM, "out of memory");
    lr_mesh_set_lit(mesh, false); /* Manim shades 2D mobjects in 3D only with shade_in_3d */
    /* Each object starts above the layers of those declared before it, so
     * that what is declared later is drawn in front in a shared plane. */
    float layer = (float)c->nobjs * 64 * LR_FLAT_LAYER_STEP;
    /* chords within the tolerance once the kept transform has scaled them */
    float det = fabsf(kept.a * kept.d - kept.b * kept.c), tol = FLAT_TOLERANCE;
    if (in_plane && det > 1e-12f)
        tol /= fmaxf(sqrtf(det), 1e-3f);
    lr_status s = lr_mesh_add_flat(mesh, *m, &place, tol, &layer);
    lr_mobject *flat = s == LR_OK ? lr_mobject_create_mesh(mesh) : NULL;
    lr_mesh_destroy(mesh);
    (*m)->transform = kept;
    if (flat && in_plane)
        lr_mobject_set_transform(flat, kept);
    if (s == LR_ERR_UNSUPPORTED)
        return build_fail(c, str_or(o, "id", ""), s, "holds an image, which cannot be placed in 3D: add \"fixed_in_frame\": true");
    if (!flat)
        return build_fail(c, str_or(o, "id", ""), s == LR_OK ? LR_ERR_NOMEM : s, "placing it in 3D failed");
    lr_mobject_set_z_index(flat, lr_mobject_get_z_index(*m));
    lr_mobject_destroy(*m);
    *m = flat;
    return LR_OK;
}
