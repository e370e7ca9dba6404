#include "scene/scene_internal.h"
#include "core/grow.h"

#include <stdlib.h>
#include <string.h>

lr_style lr_style_default(void)
{
    return (lr_style){
        .fill = {1, 1, 1, 0},
        .stroke = {1, 1, 1, 1},
        .stroke_width = 0.04f,
        .join = LR_JOIN_MITER,
        .cap = LR_CAP_BUTT,
        .fill_rule = LR_FILL_NONZERO,
        .miter_limit = 4.0f,
    };
}

static lr_mobject *mobject_new(lr_mobject_kind kind)
{
    lr_mobject *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->kind = kind;
    m->style = lr_style_default();
    m->transform = lr_affine_identity();
    m->transform3 = lr_map3_identity();
    m->opacity = 1.0f;
    m->visible = true;
    return m;
}

lr_mobject *lr_mobject_create_path(const lr_path *path, lr_style style)
{
    lr_mobject *m = mobject_new(LR_MOBJECT_PATH);
    if (!m)
        return NULL;
    m->style = style;
    if (path && lr_path_copy(&m->path, path) != LR_OK) {
        free(m);
        return NULL;
    }
    return m;
}

static lr_status image_copy(lr_image *dst, const lr_image *src)
{
    lr_status s = lr_image_alloc(dst, src->width, src->height);
    if (s != LR_OK)
        return s;
    for (int y = 0; y < src->height; y++)
        memcpy(dst->pixels + (size_t)y * (size_t)dst->stride, src->pixels + (size_t)y * (size_t)src->stride,
               (size_t)src->width * 4u);
    return LR_OK;
}

lr_mobject *lr_mobject_create_image(const lr_image *image, lr_rect rect)
{
    if (!image || !image->pixels)
        return NULL;
    lr_mobject *m = mobject_new(LR_MOBJECT_IMAGE);
    if (!m)
        return NULL;
    if (image_copy(&m->image, image) != LR_OK) {
        free(m);
        return NULL;
    }
    m->image_rect = rect;
    m->image_version = 1;
    return m;
}

static lr_image_fn *image_fn_copy(const lr_image_fn *fn)
{
    lr_image_fn *c = malloc(sizeof *c);
    size_t n = fn->glsl ? strlen(fn->glsl) + 1 : 0;
    char *glsl = n ? malloc(n) : NULL;
    if (!c || !glsl) {
        free(c);
        free(glsl);
        return NULL;
    }
    *c = *fn;
    memcpy(glsl, fn->glsl, n);
    c->glsl = glsl;
    return c;
}

static void image_fn_free(lr_image_fn *fn)
{
    if (fn)
        free(fn->glsl);
    free(fn);
}

lr_mobject *lr_mobject_create_image_fn(const lr_image_fn *fn, lr_rect rect)
{
    if (!fn || !fn->glsl)
        return NULL;
    lr_mobject *m = mobject_new(LR_MOBJECT_IMAGE);
    if (!m)
        return NULL;
    if (!(m->image_fn = image_fn_copy(fn))) {
        free(m);
        return NULL;
    }
    m->image_rect = rect;
    m->image_version = 1;
    return m;
}

lr_mobject *lr_mobject_create_group(void) { return mobject_new(LR_MOBJECT_GROUP); }

lr_mobject *lr_mobject_create_mesh(const lr_mesh *mesh)
{
    lr_mobject *m = mobject_new(LR_MOBJECT_MESH);
    if (!m)
        return NULL;
    m->mesh = mesh ? lr_mesh_clone(mesh) : lr_mesh_create();
    if (!m->mesh) {
        free(m);
        return NULL;
    }
    return m;
}

lr_mesh *lr_mobject_mesh(lr_mobject *m) { return m && m->kind == LR_MOBJECT_MESH ? m->mesh : NULL; }
const lr_mesh *lr_mobject_mesh_const(const lr_mobject *m) { return m && m->kind == LR_MOBJECT_MESH ? m->mesh : NULL; }

lr_mobject *lr_mobject_clone(const lr_mobject *src)
{
    if (!src)
        return NULL;
    lr_mobject *m = mobject_new(src->kind);
    if (!m)
        return NULL;
    m->style = src->style;
    m->image_rect = src->image_rect;
    m->image_version = src->image_version;
    m->transform = src->transform;
    m->transform3 = src->transform3;
    m->fixed_orientation = src->fixed_orientation;
    m->anchor_z = src->anchor_z;
    m->opacity = src->opacity;
    m->z_index = src->z_index;
    m->visible = src->visible;
    if ((src->id && lr_mobject_set_id(m, src->id) != LR_OK) || lr_path_copy(&m->path, &src->path) != LR_OK ||
        (src->image.pixels && image_copy(&m->image, &src->image) != LR_OK) ||
        (src->mesh && !(m->mesh = lr_mesh_clone(src->mesh))) ||
        (src->image_fn && !(m->image_fn = image_fn_copy(src->image_fn)))) {
        lr_mobject_destroy(m);
        return NULL;
    }
    for (size_t i = 0; i < src->nchildren; i++) {
        lr_mobject *child = lr_mobject_clone(src->children[i]);
        if (!child || lr_mobject_add_child(m, child) != LR_OK) {
            lr_mobject_destroy(child);
            lr_mobject_destroy(m);
            return NULL;
        }
    }
    return m;
}

void lr_mobject_destroy(lr_mobject *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nchildren; i++)
        lr_mobject_destroy(m->children[i]);
    free(m->children);
    free(m->id);
    lr_path_free(&m->path);
    lr_image_free(&m->image);
    lr_mesh_destroy(m->mesh);
    image_fn_free(m->image_fn);
    free(m);
}

lr_mobject_kind lr_mobject_get_kind(const lr_mobject *m) { return m->kind; }

lr_status lr_mobject_set_id(lr_mobject *m, const char *id)
{
    char *copy = NULL;
    if (id) {
        size_t n = strlen(id) + 1;
        copy = malloc(n);
        if (!copy)
            return LR_ERR_NOMEM;
        memcpy(copy, id, n);
    }
    free(m->id);
    m->id = copy;
    return LR_OK;
}

const char *lr_mobject_get_id(const lr_mobject *m) { return m->id; }

lr_status lr_mobject_add_child(lr_mobject *group, lr_mobject *child)
{
    if (!group || !child || group->kind != LR_MOBJECT_GROUP || child->parent || child == group)
        return LR_ERR_INVALID_ARG;
    lr_mobject **children = lr_grow(group->children, &group->cap_children, group->nchildren, sizeof *children, 4);
    if (!children)
        return LR_ERR_NOMEM;
    group->children = children;
    group->children[group->nchildren++] = child;
    child->parent = group;
    return LR_OK;
}

size_t lr_mobject_child_count(const lr_mobject *m) { return m->nchildren; }
lr_mobject *lr_mobject_child(const lr_mobject *m, size_t i) { return i < m->nchildren ? m->children[i] : NULL; }

lr_path *lr_mobject_path(lr_mobject *m) { return m->kind == LR_MOBJECT_PATH ? &m->path : NULL; }
const lr_path *lr_mobject_path_const(const lr_mobject *m) { return m->kind == LR_MOBJECT_PATH ? &m->path : NULL; }
void lr_mobject_set_style(lr_mobject *m, lr_style style) { m->style = style; }
lr_style lr_mobject_get_style(const lr_mobject *m) { return m->style; }

void lr_mobject_set_style_recursive(lr_mobject *m, lr_style style)
{
    m->style = style;
    for (size_t i = 0; i < m->nchildren; i++)
        lr_mobject_set_style_recursive(m->children[i], style);
}

void lr_mobject_set_transform(lr_mobject *m, lr_affine t) { m->transform = t; }
lr_affine lr_mobject_get_transform(const lr_mobject *m) { return m->transform; }
void lr_mobject_set_opacity(lr_mobject *m, float o) { m->opacity = o < 0 ? 0 : o > 1 ? 1 : o; }
float lr_mobject_get_opacity(const lr_mobject *m) { return m->opacity; }
void lr_mobject_set_z_index(lr_mobject *m, float z) { m->z_index = z; }
float lr_mobject_get_z_index(const lr_mobject *m) { return m->z_index; }
void lr_mobject_set_visible(lr_mobject *m, bool v) { m->visible = v; }
bool lr_mobject_get_visible(const lr_mobject *m) { return m->visible; }

static lr_rect bounds_in(const lr_mobject *m, lr_affine to_parent)
{
    lr_affine own = lr_affine_then(m->transform, to_parent);
    switch (m->kind) {
    case LR_MOBJECT_PATH:
        return lr_path_bounds_transformed(&m->path, own);
    case LR_MOBJECT_IMAGE:
        return lr_rect_transform(m->image_rect, own);
    case LR_MOBJECT_MESH: {
        /* The box of the points' x and y: what moving, scaling and turning
         * about its centre (in the xy-plane) go by. */
        lr_vec3 lo, hi;
        lr_mesh_bounds(m->mesh, &lo, &hi);
        if (!(lo.x <= hi.x))
            return lr_rect_empty();
        /* Under a 3D map, the box of its corners' images. */
        lr_rect r = lr_rect_empty();
        for (int k = 0; k < 8; k++) {
            lr_vec3 p = lr_map3_point(&m->transform3, (lr_vec3){k & 1 ? hi.x : lo.x, k & 2 ? hi.y : lo.y,
                                                               k & 4 ? hi.z : lo.z});
            r = lr_rect_add_point(r, (lr_vec2){p.x, p.y});
        }
        return lr_rect_transform(r, own);
    }
    case LR_MOBJECT_GROUP:
        break;
    }
    lr_rect r = lr_rect_empty();
    for (size_t i = 0; i < m->nchildren; i++)
        r = lr_rect_union(r, bounds_in(m->children[i], own));
    return r;
}

lr_rect lr_mobject_bounds(const lr_mobject *m) { return bounds_in(m, lr_affine_identity()); }
lr_rect lr_mobject_bounds_under(const lr_mobject *m, lr_affine after) { return bounds_in(m, after); }

lr_affine lr_mobject_world_transform(const lr_mobject *m)
{
    lr_affine t = lr_affine_identity();
    for (; m; m = m->parent)
        t = lr_affine_then(t, m->transform);
    return t;
}

/* ---- scene ---------------------------------------------------------------- */

lr_scene *lr_scene_create(void)
{
    lr_scene *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->root = lr_mobject_create_group();
    if (!s->root) {
        free(s);
        return NULL;
    }
    s->background = (lr_color){0, 0, 0, 1};
    s->frame_height = 8.0f;
    s->camera3d = lr_camera3d_default();
    return s;
}

void lr_scene_destroy(lr_scene *s)
{
    if (!s)
        return;
    lr_mobject_destroy(s->root);
    free(s);
}

lr_status lr_scene_add(lr_scene *s, lr_mobject *m) { return lr_mobject_add_child(s->root, m); }

lr_mobject *lr_scene_remove(lr_scene *s, lr_mobject *m)
{
    if (!s || !m || !m->parent || m == s->root)
        return NULL;
    lr_mobject *p = m->parent;
    for (size_t i = 0; i < p->nchildren; i++) {
        if (p->children[i] == m) {
            memmove(&p->children[i], &p->children[i + 1], (p->nchildren - i - 1) * sizeof *p->children);
            p->nchildren--;
            m->parent = NULL;
            return m;
        }
    }
    return NULL;
}

static lr_mobject *find_in(lr_mobject *m, const char *id)
{
    if (m->id && strcmp(m->id, id) == 0)
        return m;
    for (size_t i = 0; i < m->nchildren; i++) {
        lr_mobject *found = find_in(m->children[i], id);
        if (found)
            return found;
    }
    return NULL;
}

lr_mobject *lr_scene_find(const lr_scene *s, const char *id) { return id ? find_in(s->root, id) : NULL; }
lr_mobject *lr_scene_root(lr_scene *s) { return s->root; }
void lr_scene_set_background(lr_scene *s, lr_color c) { s->background = c; }
lr_color lr_scene_get_background(const lr_scene *s) { return s->background; }

void lr_scene_set_camera(lr_scene *s, lr_vec2 center, float frame_height)
{
    s->camera_center = center;
    s->frame_height = frame_height > 0 ? frame_height : 8.0f;
}

void lr_scene_get_camera(const lr_scene *s, lr_vec2 *center, float *frame_height)
{
    if (center)
        *center = s->camera_center;
    if (frame_height)
        *frame_height = s->frame_height;
}
