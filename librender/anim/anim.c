/* What each animation does: construction with Manim's defaults, the data
 * captured when its step begins, and the state it gives the scene at a given
 * progress alpha in [0, 1]. Every apply writes absolute values computed from
 * the begin data, so applying at any alpha in any order is deterministic. */
#include "anim/anim_internal.h"
#include "core/grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAU_F 6.28318530717958647692f

/* ---- node states -------------------------------------------------------- */

static lr_status state_push(anim_state_list *list, lr_mobject *m)
{
    if (list->count == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        anim_node_state *items = realloc(list->items, cap * sizeof *items);
        if (!items)
            return LR_ERR_NOMEM;
        memset(items + list->cap, 0, (cap - list->cap) * sizeof *items);
        list->items = items;
        list->cap = cap;
    }
    anim_node_state *s = &list->items[list->count];
    s->m = m;
    s->style = m->style;
    s->transform = m->transform;
    s->transform3 = m->transform3;
    s->opacity = m->opacity;
    s->z_index = m->z_index;
    s->visible = m->visible;
    if (m->kind == LR_MOBJECT_PATH) {
        lr_status st = lr_path_copy(&s->path, &m->path);
        if (st != LR_OK)
            return st;
    } else {
        lr_path_clear(&s->path);
    }
    if (m->kind == LR_MOBJECT_MESH && m->mesh) {
        if (!s->mesh && !(s->mesh = lr_mesh_create()))
            return LR_ERR_NOMEM;
        lr_status st = lr_mesh_copy(s->mesh, m->mesh);
        if (st != LR_OK)
            return st;
    }
    list->count++;
    return LR_OK;
}

lr_status anim_state_capture(anim_state_list *list, lr_mobject *m, bool deep, anim_skip_fn skip, const void *user)
{
    lr_status st = state_push(list, m);
    if (st != LR_OK || !deep || (skip && skip(m, user)))
        return st;
    for (size_t i = 0; i < m->nchildren; i++) {
        st = anim_state_capture(list, m->children[i], true, skip, user);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

lr_status anim_state_restore(const anim_state_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        const anim_node_state *s = &list->items[i];
        lr_mobject *m = s->m;
        m->style = s->style;
        m->transform = s->transform;
        m->transform3 = s->transform3;
        m->opacity = s->opacity;
        m->z_index = s->z_index;
        m->visible = s->visible;
        if (m->kind == LR_MOBJECT_PATH) {
            lr_status st = lr_path_copy(&m->path, &s->path);
            if (st != LR_OK)
                return st;
        }
        if (m->kind == LR_MOBJECT_MESH && m->mesh && s->mesh) {
            lr_status st = lr_mesh_copy(m->mesh, s->mesh);
            if (st != LR_OK)
                return st;
        }
    }
    return LR_OK;
}

/* Keeps the path buffers: a step's states are captured again and again. */
void anim_state_clear(anim_state_list *list) { list->count = 0; }

void anim_state_free(anim_state_list *list)
{
    for (size_t i = 0; i < list->cap; i++) {
        lr_path_free(&list->items[i].path);
        lr_mesh_destroy(list->items[i].mesh);
    }
    free(list->items);
    memset(list, 0, sizeof *list);
}

/* ---- small geometry ----------------------------------------------------- */

static lr_affine affine_lerp(lr_affine p, lr_affine q, float t)
{
    return (lr_affine){p.a + (q.a - p.a) * t, p.b + (q.b - p.b) * t, p.c + (q.c - p.c) * t,
                       p.d + (q.d - p.d) * t, p.e + (q.e - p.e) * t, p.f + (q.f - p.f) * t};
}

static lr_affine affine_about(lr_affine linear, lr_vec2 c)
{
    lr_affine m = lr_affine_then(lr_affine_translate(-c.x, -c.y), linear);
    return lr_affine_then(m, lr_affine_translate(c.x, c.y));
}

static lr_color color_lerp(lr_color p, lr_color q, float t)
{
    return (lr_color){p.r + (q.r - p.r) * t, p.g + (q.g - p.g) * t, p.b + (q.b - p.b) * t, p.a + (q.a - p.a) * t};
}

static lr_style style_lerp(lr_style p, lr_style q, float t)
{
    lr_style s = t < 1.0f ? p : q;
    s.fill = color_lerp(p.fill, q.fill, t);
    s.stroke = color_lerp(p.stroke, q.stroke, t);
    s.stroke_width = p.stroke_width + (q.stroke_width - p.stroke_width) * t;
    return s;
}

static lr_affine parent_world(const lr_mobject *m)
{
    return m->parent ? lr_mobject_world_transform(m->parent) : lr_affine_identity();
}

static lr_affine inverse_or_identity(lr_affine m)
{
    lr_affine inv;
    return lr_affine_invert(m, &inv) ? inv : lr_affine_identity();
}

/* Scene point -> m's parent space. */
static lr_vec2 to_parent_point(const lr_mobject *m, lr_vec2 p)
{
    return lr_affine_apply(inverse_or_identity(parent_world(m)), p);
}

static lr_vec2 to_parent_vec(const lr_mobject *m, lr_vec2 v)
{
    lr_affine inv = inverse_or_identity(parent_world(m));
    return (lr_vec2){inv.a * v.x + inv.c * v.y, inv.b * v.x + inv.d * v.y};
}

static lr_vec2 rect_center(lr_rect r) { return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f}; }

/* Bounding-box centre of m in its parent's space. */
static lr_vec2 center_in_parent(const lr_mobject *m)
{
    lr_rect r = lr_mobject_bounds(m);
    if (lr_rect_is_empty(r))
        return (lr_vec2){m->transform.e, m->transform.f};
    return rect_center(r);
}

static lr_vec2 center_in_scene(const lr_mobject *m)
{
    return lr_affine_apply(parent_world(m), center_in_parent(m));
}

static lr_status path_degenerate(lr_path *p, lr_vec2 at)
{
    lr_path_clear(p);
    lr_status st = lr_path_move_to(p, at);
    if (st == LR_OK)
        st = lr_path_cubic_to(p, at, at, at);
    return st;
}

static lr_path *leaf_path(lr_mobject *m) { return &m->path; }

/* ---- leaves ------------------------------------------------------------- */

size_t anim_count_paths(const lr_mobject *m)
{
    if (m->kind == LR_MOBJECT_PATH)
        return 1;
    size_t n = 0;
    for (size_t i = 0; i < m->nchildren; i++)
        n += anim_count_paths(m->children[i]);
    return n;
}

typedef struct leaf_ref {
    lr_mobject *m;
    lr_affine to_space; /* own space -> the space the animation works in */
    float opacity;      /* relative to the animated mobject, included */
} leaf_ref;

typedef struct leaf_refs {
    leaf_ref *items;
    size_t count, cap;
} leaf_refs;

/* `hidden_zero`: a hidden node's leaves count as transparent (a morph must
 * not show them); else opacities are products whatever the visibility, which
 * stays with the nodes (a map keeps what a later step reveals). */
static lr_status refs_collect(leaf_refs *out, lr_mobject *m, lr_affine parent_to_space, float opacity,
                              bool hidden_zero)
{
    lr_affine to_space = lr_affine_then(m->transform, parent_to_space);
    float o = opacity * m->opacity;
    if (m->kind == LR_MOBJECT_PATH) {
        leaf_ref *items = lr_grow(out->items, &out->cap, out->count, sizeof *items, 8);
        if (!items)
            return LR_ERR_NOMEM;
        out->items = items;
        out->items[out->count++] = (leaf_ref){m, to_space, o};
        return LR_OK;
    }
    for (size_t i = 0; i < m->nchildren; i++) {
        lr_mobject *c = m->children[i];
        lr_status st = refs_collect(out, c, to_space, c->visible || !hidden_zero ? o : 0.0f, hidden_zero);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

static void leaves_free(lr_anim *a)
{
    free(a->images);
    a->images = NULL;
    a->nimages = 0;
    for (size_t i = 0; i < a->nmeshes; i++) {
        lr_mesh_destroy(a->meshes[i].ma);
        lr_mesh_destroy(a->meshes[i].mb);
    }
    free(a->meshes);
    a->meshes = NULL;
    a->nmeshes = 0;
    for (size_t i = 0; i < a->nleaves; i++) {
        lr_path_free(&a->leaves[i].a);
        lr_path_free(&a->leaves[i].b);
    }
    free(a->leaves);
    a->leaves = NULL;
    a->nleaves = 0;
}

static lr_status leaves_alloc(lr_anim *a, size_t n)
{
    leaves_free(a);
    if (n == 0)
        return LR_OK;
    a->leaves = calloc(n, sizeof *a->leaves);
    if (!a->leaves)
        return LR_ERR_NOMEM;
    a->nleaves = n;
    return LR_OK;
}

/* Leaves of m in their own spaces, with their start paths and styles. */
static lr_status leaves_from(lr_anim *a, lr_mobject *m)
{
    leaf_refs refs = {0};
    lr_status st = refs_collect(&refs, m, lr_affine_identity(), 1.0f, true);
    if (st == LR_OK)
        st = leaves_alloc(a, refs.count);
    for (size_t i = 0; st == LR_OK && i < refs.count; i++) {
        anim_leaf *l = &a->leaves[i];
        l->m = refs.items[i].m;
        l->sa = l->sb = l->m->style;
        l->oa = l->ob = l->m->opacity;
        st = lr_path_copy(&l->a, &l->m->path);
    }
    free(refs.items);
    return st;
}

/* Manim's Animation.get_sub_alpha, with the rate function applied. */
static float sub_alpha(const lr_anim *a, double alpha, size_t index, size_t count, lr_rate_func rate)
{
    double full = (double)(count > 0 ? count - 1 : 0) * a->lag_ratio + 1.0;
    return (float)lr_rate_eval(rate, alpha * full - (double)index * a->lag_ratio);
}

static float mesh_sub_alpha(const lr_anim *a, double alpha, size_t index, size_t count)
{
    return sub_alpha(a, alpha, index, count, a->rate);
}

/* ---- construction ------------------------------------------------------- */

lr_anim *anim_new(anim_kind kind, lr_mobject *m)
{
    lr_anim *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->kind = kind;
    a->m = m;
    a->run_time = 1.0;
    a->rate = LR_RATE_SMOOTH;
    a->f = 1.0f;
    return a;
}

static lr_anim *anim_on(anim_kind kind, lr_mobject *m)
{
    return m ? anim_new(kind, m) : NULL;
}

static bool finite2(lr_vec2 v) { return isfinite(v.x) && isfinite(v.y); }

lr_anim *lr_anim_create(lr_mobject *m)
{
    lr_anim *a = anim_on(ANIM_CREATE, m);
    if (a)
        a->lag_ratio = 1.0;
    return a;
}

lr_anim *lr_anim_uncreate(lr_mobject *m)
{
    lr_anim *a = anim_on(ANIM_UNCREATE, m);
    if (a)
        a->lag_ratio = 1.0;
    return a;
}

lr_anim *lr_anim_draw_border_then_fill(lr_mobject *m)
{
    lr_anim *a = anim_on(ANIM_DRAW_BORDER_THEN_FILL, m);
    if (a) {
        a->run_time = 2.0;
        a->rate = LR_RATE_DOUBLE_SMOOTH;
    }
    return a;
}

lr_anim *lr_anim_write(lr_mobject *m)
{
    lr_anim *a = anim_on(ANIM_WRITE, m);
    if (a) {
        double n = (double)anim_count_paths(m);
        a->run_time = n < 15 ? 1.0 : 2.0;
        a->lag_ratio = fmin(4.0 / fmax(1.0, n), 0.2);
        a->rate = LR_RATE_LINEAR;
    }
    return a;
}

static lr_anim *fade(anim_kind kind, lr_mobject *m, lr_vec2 shift, float scale)
{
    if (!finite2(shift) || !isfinite(scale))
        return NULL;
    lr_anim *a = anim_on(kind, m);
    if (a) {
        a->vec = shift;
        a->f = scale;
    }
    return a;
}

lr_anim *lr_anim_fade_in(lr_mobject *m, lr_vec2 shift, float scale) { return fade(ANIM_FADE_IN, m, shift, scale); }
lr_anim *lr_anim_fade_out(lr_mobject *m, lr_vec2 shift, float scale) { return fade(ANIM_FADE_OUT, m, shift, scale); }
lr_anim *lr_anim_grow_from_center(lr_mobject *m) { return anim_on(ANIM_GROW_FROM_CENTER, m); }
lr_anim *lr_anim_grow_arrow(lr_mobject *m) { return anim_on(ANIM_GROW_ARROW, m); }

lr_anim *lr_anim_grow_from_point(lr_mobject *m, lr_vec2 point)
{
    if (!finite2(point))
        return NULL;
    lr_anim *a = anim_on(ANIM_GROW_FROM_POINT, m);
    if (a)
        a->vec = point;
    return a;
}

lr_anim *lr_anim_grow_from_point3(lr_mobject *m, lr_vec3 point)
{
    if (!finite2((lr_vec2){point.x, point.y}) || !isfinite(point.z))
        return NULL;
    lr_anim *a = anim_on(ANIM_GROW_FROM_POINT, m);
    if (a) {
        a->vec = (lr_vec2){point.x, point.y};
        a->vec3 = point;
        a->has_vec3 = true;
    }
    return a;
}

lr_anim *lr_anim_spin_in_from_nothing(lr_mobject *m, float angle)
{
    if (!isfinite(angle))
        return NULL;
    lr_anim *a = anim_on(ANIM_SPIN_IN, m);
    if (a)
        a->f = angle;
    return a;
}

static lr_anim *transform(anim_kind kind, lr_mobject *source, lr_mobject *target)
{
    if (!source || !target || source == target)
        return NULL;
    lr_anim *a = anim_new(kind, source);
    if (a)
        a->target = target;
    return a;
}

lr_anim *lr_anim_transform(lr_mobject *s, lr_mobject *t) { return transform(ANIM_TRANSFORM, s, t); }
lr_anim *lr_anim_replacement_transform(lr_mobject *s, lr_mobject *t)
{
    return transform(ANIM_REPLACEMENT_TRANSFORM, s, t);
}
lr_anim *lr_anim_transform_matching_shapes(lr_mobject *s, lr_mobject *t)
{
    return transform(ANIM_TRANSFORM_MATCHING, s, t);
}

lr_anim *lr_anim_transform_matching_parts(lr_mobject *source, const lr_anim_part *source_parts, size_t nsource,
                                          lr_mobject *target, const lr_anim_part *target_parts, size_t ntarget,
                                          bool transform_mismatches)
{
    if ((nsource && !source_parts) || (ntarget && !target_parts))
        return NULL;
    for (size_t i = 0; i < nsource + ntarget; i++) {
        const lr_anim_part *p = i < nsource ? &source_parts[i] : &target_parts[i - nsource];
        if (!p->m || !p->key)
            return NULL;
    }
    lr_anim *a = transform(ANIM_TRANSFORM_MATCHING, source, target);
    if (!a)
        return NULL;
    size_t n = nsource + ntarget;
    a->parts = malloc((n ? n : 1) * sizeof *a->parts);
    a->part_class = malloc((n ? n : 1) * sizeof *a->part_class);
    if (!a->parts || !a->part_class) {
        lr_anim_destroy(a);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const lr_anim_part *p = i < nsource ? &source_parts[i] : &target_parts[i - nsource];
        a->parts[i] = p->m;
        a->part_class[i] = (int)i;
        for (size_t j = 0; j < i; j++) {
            const lr_anim_part *q = j < nsource ? &source_parts[j] : &target_parts[j - nsource];
            if (strcmp(p->key, q->key) == 0) {
                a->part_class[i] = a->part_class[j];
                break;
            }
        }
    }
    a->nsource_parts = nsource;
    a->nparts = n;
    a->mismatches = transform_mismatches;
    return a;
}

lr_anim *lr_anim_move_to(lr_mobject *m, lr_vec2 point)
{
    if (!finite2(point))
        return NULL;
    lr_anim *a = anim_on(ANIM_MOVE_TO, m);
    if (a)
        a->vec = point;
    return a;
}

lr_anim *lr_anim_shift(lr_mobject *m, lr_vec2 offset)
{
    if (!finite2(offset))
        return NULL;
    lr_anim *a = anim_on(ANIM_SHIFT, m);
    if (a)
        a->vec = offset;
    return a;
}

static lr_anim *about_anim(anim_kind kind, lr_mobject *m, float f, const lr_vec2 *about)
{
    if (!isfinite(f) || (about && !finite2(*about)))
        return NULL;
    lr_anim *a = anim_on(kind, m);
    if (a) {
        a->f = f;
        a->has_about = about != NULL;
        if (about)
            a->vec = *about;
    }
    return a;
}

lr_anim *lr_anim_scale(lr_mobject *m, float factor, const lr_vec2 *about)
{
    return about_anim(ANIM_SCALE, m, factor, about);
}

lr_anim *lr_anim_rotate(lr_mobject *m, float angle, const lr_vec2 *about)
{
    return about_anim(ANIM_ROTATE, m, angle, about);
}

lr_anim *lr_anim_rotating(lr_mobject *m, float angle, const lr_vec2 *about)
{
    lr_anim *a = about_anim(ANIM_ROTATE, m, angle, about);
    if (a) {
        a->run_time = 5.0;
        a->rate = LR_RATE_LINEAR;
    }
    return a;
}

static bool color_ok(lr_color c) { return isfinite(c.r) && isfinite(c.g) && isfinite(c.b) && isfinite(c.a); }

lr_anim *lr_anim_change_color(lr_mobject *m, lr_color color, int which)
{
    if (!color_ok(color) || (which & LR_COLOR_BOTH) == 0)
        return NULL;
    lr_anim *a = anim_on(ANIM_CHANGE_COLOR, m);
    if (a) {
        a->color = color;
        a->which = which & LR_COLOR_BOTH;
    }
    return a;
}

lr_anim *lr_anim_indicate(lr_mobject *m, float scale_factor, lr_color color)
{
    if (!isfinite(scale_factor) || !color_ok(color))
        return NULL;
    lr_anim *a = anim_on(ANIM_INDICATE, m);
    if (a) {
        a->f = scale_factor;
        a->color = color;
        a->rate = LR_RATE_THERE_AND_BACK;
    }
    return a;
}

lr_anim *lr_anim_circumscribe(lr_mobject *m, lr_color color, float buff)
{
    if (!isfinite(buff) || !color_ok(color))
        return NULL;
    lr_anim *a = anim_on(ANIM_CIRCUMSCRIBE, m);
    if (a) {
        a->f = buff;
        a->color = color;
    }
    return a;
}

lr_anim *lr_anim_flash(lr_mobject *at, lr_vec2 point, lr_color color)
{
    if (!finite2(point) || !color_ok(color))
        return NULL;
    lr_anim *a = anim_new(ANIM_FLASH, NULL);
    if (a) {
        a->target = at;
        a->vec = point;
        a->color = color;
    }
    return a;
}

lr_anim *lr_anim_focus_on(lr_mobject *at, lr_vec2 point)
{
    if (!finite2(point))
        return NULL;
    lr_anim *a = anim_new(ANIM_FOCUS_ON, NULL);
    if (a) {
        a->target = at;
        a->vec = point;
        a->run_time = 2.0;
    }
    return a;
}

lr_anim *lr_anim_wiggle(lr_mobject *m)
{
    lr_anim *a = anim_on(ANIM_WIGGLE, m);
    if (a)
        a->run_time = 2.0;
    return a;
}

lr_anim *lr_anim_move_along_path(lr_mobject *m, const lr_path *path)
{
    if (!m || !path || lr_path_curve_count(path) == 0)
        return NULL;
    for (uint32_t i = 0; i < path->npoints; i++)
        if (!finite2(path->points[i]))
            return NULL;
    lr_anim *a = anim_new(ANIM_MOVE_ALONG_PATH, m);
    if (a && lr_path_copy(&a->path, path) != LR_OK) {
        lr_anim_destroy(a);
        return NULL;
    }
    return a;
}

lr_anim *lr_anim_apply_function(lr_mobject *m, lr_point_map map, void *user, bool nonlinear)
{
    if (!map)
        return NULL;
    lr_anim *a = anim_on(ANIM_APPLY_FUNCTION, m);
    if (a) {
        a->map = map;
        a->user = user;
        a->nonlinear = nonlinear;
    }
    return a;
}

static bool matrix_ok(const double *matrix, size_t n)
{
    for (size_t i = 0; matrix && i < n; i++)
        if (!isfinite(matrix[i]))
            return false;
    return matrix != NULL;
}

/* Manim's ApplyMatrix.initialize_matrix: a 2x2 matrix leaves z alone. */
static void pad_matrix(const double m2[4], double m3[9])
{
    const double r[9] = {m2[0], m2[1], 0, m2[2], m2[3], 0, 0, 0, 1};
    memcpy(m3, r, sizeof r);
}

lr_anim *lr_anim_apply_matrix(lr_mobject *m, const double matrix[4], const lr_vec2 *about)
{
    if (!matrix_ok(matrix, 4) || (about && !finite2(*about)))
        return NULL;
    double m3[9];
    pad_matrix(matrix, m3);
    lr_vec3 a3 = about ? (lr_vec3){about->x, about->y, 0} : (lr_vec3){0, 0, 0};
    return lr_anim_apply_matrix3(m, m3, about ? &a3 : NULL);
}

lr_anim *lr_anim_apply_matrix3(lr_mobject *m, const double matrix[9], const lr_vec3 *about)
{
    if (!matrix_ok(matrix, 9) || (about && !(isfinite(about->x) && isfinite(about->y) && isfinite(about->z))))
        return NULL;
    lr_anim *a = anim_on(ANIM_APPLY_MATRIX, m);
    if (a) {
        memcpy(a->matrix, matrix, sizeof a->matrix);
        a->has_about = about != NULL;
        if (about) {
            a->vec = (lr_vec2){about->x, about->y};
            a->about_z = about->z;
        }
        a->run_time = 3.0; /* Manim's ApplyPointwiseFunction */
    }
    return a;
}

void lr_anim_set_matrix(lr_anim *a, const double matrix[4])
{
    double m3[9];
    if (matrix_ok(matrix, 4)) {
        pad_matrix(matrix, m3);
        lr_anim_set_matrix3(a, m3, NULL);
    }
}

void lr_anim_set_matrix3(lr_anim *a, const double matrix[9], const lr_vec3 *about)
{
    if (!a || a->kind != ANIM_APPLY_MATRIX || !matrix_ok(matrix, 9) ||
        (about && !(isfinite(about->x) && isfinite(about->y) && isfinite(about->z))))
        return;
    memcpy(a->matrix, matrix, sizeof a->matrix);
    if (about) {
        a->has_about = true;
        a->vec = (lr_vec2){about->x, about->y};
        a->about_z = about->z;
    }
}

lr_anim *lr_anim_change_decimal(lr_mobject *container, lr_value_builder make, void *user, double from, double to)
{
    if (!container || container->kind != LR_MOBJECT_GROUP || !make || !isfinite(from) || !isfinite(to))
        return NULL;
    lr_anim *a = anim_new(ANIM_CHANGE_DECIMAL, container);
    if (a) {
        a->make = make;
        a->user = user;
        a->from = from;
        a->to = to;
    }
    return a;
}

lr_anim *lr_anim_camera_move(lr_vec2 center, float frame_height)
{
    if (!finite2(center) || !isfinite(frame_height) || frame_height <= 0)
        return NULL;
    lr_anim *a = anim_new(ANIM_CAMERA, NULL);
    if (a) {
        a->vec = center;
        a->f = frame_height;
    }
    return a;
}

lr_anim *lr_anim_wait(double seconds)
{
    if (!isfinite(seconds) || seconds < 0)
        return NULL;
    lr_anim *a = anim_new(ANIM_WAIT, NULL);
    if (a) {
        a->run_time = seconds;
        a->rate = LR_RATE_LINEAR;
    }
    return a;
}

lr_anim *lr_anim_set_value(const lr_timeline *tl, size_t value, double to)
{
    if (!tl || value >= tl->nvalues || !isfinite(to))
        return NULL;
    lr_anim *a = anim_new(ANIM_SET_VALUE, NULL);
    if (a) {
        a->value = value;
        a->values_of = tl;
        a->to = to;
    }
    return a;
}

void anim_group_layout(lr_anim *g)
{
    double t = 0, max_end = 0;
    for (size_t i = 0; i < g->nchildren; i++) {
        g->starts[i] = t;
        g->ends[i] = t + g->children[i]->run_time;
        t = g->starts[i] + (g->ends[i] - g->starts[i]) * g->lag_ratio;
        if (g->ends[i] > max_end)
            max_end = g->ends[i];
    }
    g->max_end = max_end;
    if (!g->run_time_set)
        g->run_time = max_end;
}

/* An animation may be handed over once: a repeat or one that a group
 * already owns would be freed twice. */
static bool first_free_use(lr_anim *const *anims, size_t i)
{
    if (!anims[i] || anims[i]->owned)
        return false;
    for (size_t j = 0; j < i; j++)
        if (anims[j] == anims[i])
            return false;
    return true;
}

lr_anim *lr_anim_group(lr_anim *const *anims, size_t n, double lag_ratio)
{
    bool ok = (anims || n == 0) && isfinite(lag_ratio) && lag_ratio >= 0;
    for (size_t i = 0; ok && i < n; i++)
        ok = first_free_use(anims, i);
    lr_anim *g = ok ? anim_new(ANIM_GROUP, NULL) : NULL;
    if (g && n > 0) {
        g->children = malloc(n * sizeof *g->children);
        g->starts = malloc(n * sizeof *g->starts);
        g->ends = malloc(n * sizeof *g->ends);
        if (!g->children || !g->starts || !g->ends) {
            lr_anim_destroy(g);
            g = NULL;
        }
    }
    if (!g) {
        /* Taken over even on failure, each one once. */
        bool *drop = n && anims ? calloc(n, sizeof *drop) : NULL;
        for (size_t i = 0; drop && i < n; i++)
            drop[i] = first_free_use(anims, i);
        for (size_t i = 0; drop && i < n; i++)
            if (drop[i])
                lr_anim_destroy(anims[i]);
        free(drop);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        g->children[i] = anims[i];
        anims[i]->owned = true;
    }
    g->nchildren = n;
    g->lag_ratio = lag_ratio;
    g->rate = LR_RATE_LINEAR;
    anim_group_layout(g);
    return g;
}

lr_anim *lr_anim_succession(lr_anim *const *anims, size_t n) { return lr_anim_group(anims, n, 1.0); }

lr_anim *lr_anim_lagged_start(lr_anim *const *anims, size_t n, double lag_ratio)
{
    return lr_anim_group(anims, n, lag_ratio);
}

void anim_end(lr_anim *a)
{
    anim_state_free(&a->saved);
    leaves_free(a);
    a->begun = false;
}

void lr_anim_destroy(lr_anim *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->nchildren; i++)
        lr_anim_destroy(a->children[i]);
    free(a->children);
    free(a->starts);
    free(a->ends);
    free(a->pads);
    free(a->parts);
    free(a->part_class);
    lr_path_free(&a->path);
    anim_end(a);
    free(a);
}

lr_status lr_anim_set_run_time(lr_anim *a, double seconds, lr_error *err)
{
    if (!a)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "run_time: no animation");
    if (!isfinite(seconds) || seconds < 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "run_time: expected a finite number >= 0, got %g", seconds);
    a->run_time = seconds;
    a->run_time_set = true;
    return LR_OK;
}

double lr_anim_get_run_time(const lr_anim *a) { return a ? a->run_time : 0.0; }

lr_status lr_anim_set_rate_func(lr_anim *a, lr_rate_func f, lr_error *err)
{
    if (!a)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "rate_func: no animation");
    if ((int)f < 0 || f >= LR_RATE_COUNT_)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "rate_func: unknown rate function %d", (int)f);
    if (f != LR_RATE_DEFAULT)
        a->rate = f;
    return LR_OK;
}

lr_status lr_anim_set_lag_ratio(lr_anim *a, double lag_ratio, lr_error *err)
{
    if (!a)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lag_ratio: no animation");
    if (!isfinite(lag_ratio) || lag_ratio < 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lag_ratio: expected a finite number >= 0, got %g", lag_ratio);
    a->lag_ratio = lag_ratio;
    if (a->kind == ANIM_GROUP)
        anim_group_layout(a);
    return LR_OK;
}

/* ---- parameters read when the animation begins --------------------------- */

void lr_anim_on_begin(lr_anim *a, lr_anim_begin_fn fn, void *user)
{
    if (!a || a->kind == ANIM_GROUP)
        return;
    a->on_begin = fn;
    a->on_begin_user = user;
}

void lr_anim_set_point(lr_anim *a, lr_vec2 point)
{
    if (a && isfinite(point.x) && isfinite(point.y))
        a->vec = point;
}

void lr_anim_set_amount(lr_anim *a, double amount)
{
    if (!a || !isfinite(amount))
        return;
    if (a->kind == ANIM_SET_VALUE || a->kind == ANIM_CHANGE_DECIMAL)
        a->to = amount;
    else if (a->kind != ANIM_SCALE || amount > 0)
        a->f = (float)amount;
}

/* ---- roles -------------------------------------------------------------- */

bool anim_introduces(const lr_anim *a)
{
    switch (a->kind) {
    case ANIM_CREATE:
    case ANIM_DRAW_BORDER_THEN_FILL:
    case ANIM_WRITE:
    case ANIM_FADE_IN:
    case ANIM_GROW_FROM_CENTER:
    case ANIM_GROW_FROM_POINT:
    case ANIM_GROW_ARROW:
    case ANIM_SPIN_IN:
        return true;
    default:
        return false;
    }
}

bool anim_is_transform(const lr_anim *a)
{
    return a->kind == ANIM_TRANSFORM || a->kind == ANIM_REPLACEMENT_TRANSFORM || a->kind == ANIM_TRANSFORM_MATCHING;
}

bool anim_bakes(const lr_anim *a)
{
    return anim_is_transform(a) || a->kind == ANIM_APPLY_MATRIX || a->kind == ANIM_APPLY_FUNCTION;
}

const char *anim_name(const lr_anim *a)
{
    switch (a->kind) {
    case ANIM_REPLACEMENT_TRANSFORM:
        return "ReplacementTransform";
    case ANIM_TRANSFORM_MATCHING:
        return a->parts ? "TransformMatchingTex" : "TransformMatchingShapes";
    case ANIM_APPLY_MATRIX:
        return "ApplyMatrix";
    case ANIM_APPLY_FUNCTION:
        return "ApplyFunction";
    default:
        return "Transform";
    }
}

bool anim_is_deep(const lr_anim *a)
{
    switch (a->kind) {
    case ANIM_APPLY_MATRIX:
    case ANIM_APPLY_FUNCTION:
    case ANIM_CREATE:
    case ANIM_UNCREATE:
    case ANIM_DRAW_BORDER_THEN_FILL:
    case ANIM_WRITE:
    case ANIM_TRANSFORM:
    case ANIM_REPLACEMENT_TRANSFORM:
    case ANIM_TRANSFORM_MATCHING:
    case ANIM_CHANGE_COLOR:
    case ANIM_INDICATE:
        return true;
    default:
        return false;
    }
}

/* ---- begin -------------------------------------------------------------- */

/* The outline DrawBorderThenFill draws first: no fill, a thin stroke in the
 * stroke colour, or in the fill colour for a shape with no stroke. */
static lr_style outline_style(lr_style s)
{
    lr_style o = s;
    bool has_stroke = s.stroke_width > 0 && s.stroke.a > 0;
    if (!has_stroke)
        o.stroke = (lr_color){s.fill.r, s.fill.g, s.fill.b, s.fill.a > 0 ? 1.0f : 0.0f};
    o.stroke_width = 0.02f;
    o.fill.a = 0;
    return o;
}

/* Same shape up to a translation (Manim hashes points minus the centre). */
static bool same_shape(const lr_path *p, const lr_path *q)
{
    if (p->nsubpaths != q->nsubpaths || p->npoints != q->npoints)
        return false;
    for (uint32_t i = 0; i < p->nsubpaths; i++)
        if (p->subpaths[i].ncurves != q->subpaths[i].ncurves)
            return false;
    lr_rect rp = lr_path_bounds(p), rq = lr_path_bounds(q);
    if (lr_rect_is_empty(rp) || lr_rect_is_empty(rq))
        return false;
    lr_vec2 cp = rect_center(rp), cq = rect_center(rq);
    float size = fmaxf(fmaxf(rp.x1 - rp.x0, rp.y1 - rp.y0), 1e-3f);
    float eps = 1e-3f * size;
    for (uint32_t i = 0; i < p->npoints; i++) {
        if (fabsf((p->points[i].x - cp.x) - (q->points[i].x - cq.x)) > eps ||
            fabsf((p->points[i].y - cp.y) - (q->points[i].y - cq.y)) > eps)
            return false;
    }
    return true;
}

/* Pairs leaf i of the source with its end path (in the source parent's
 * space) and aligns the two. */
static lr_status pair_align(anim_leaf *l, lr_vec2 fallback)
{
    lr_status st = LR_OK;
    if (lr_path_curve_count(&l->a) == 0 && lr_path_curve_count(&l->b) == 0) {
        st = path_degenerate(&l->a, fallback);
        if (st == LR_OK)
            st = path_degenerate(&l->b, fallback);
    } else if (lr_path_curve_count(&l->a) == 0) {
        lr_rect r = lr_path_bounds(&l->b);
        st = path_degenerate(&l->a, lr_rect_is_empty(r) ? fallback : rect_center(r));
    } else if (lr_path_curve_count(&l->b) == 0) {
        lr_rect r = lr_path_bounds(&l->a);
        st = path_degenerate(&l->b, lr_rect_is_empty(r) ? fallback : rect_center(r));
    }
    if (st == LR_OK)
        st = lr_path_align_pair(&l->a, &l->b);
    return st;
}

static bool is_pad(const lr_anim *a, const lr_mobject *m)
{
    for (size_t i = 0; i < a->npads; i++)
        if (a->pads[i] == m)
            return true;
    return false;
}

/* Images have no points to morph: they stay where they are and fade out. */
/* The nodes of one kind under m (images, meshes), with their map to m's
 * parent's space and their opacity there, appended to *items. */
static lr_status kind_collect(anim_leaf **items, size_t *n, lr_mobject_kind kind, lr_mobject *m,
                              lr_affine parent_to_space, float opacity, bool hidden_zero)
{
    lr_affine to_space = lr_affine_then(m->transform, parent_to_space);
    float o = opacity * m->opacity;
    if (m->kind == kind) {
        anim_leaf *grown = realloc(*items, (*n + 1) * sizeof *grown);
        if (!grown)
            return LR_ERR_NOMEM;
        *items = grown;
        memset(&grown[*n], 0, sizeof *grown);
        grown[*n].m = m;
        grown[*n].to_space = to_space;
        grown[*n].oa = o;
        (*n)++;
    }
    for (size_t i = 0; i < m->nchildren; i++) {
        lr_mobject *c = m->children[i];
        lr_status st = kind_collect(items, n, kind, c, to_space, c->visible || !hidden_zero ? o : 0.0f, hidden_zero);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

static lr_status images_collect(lr_anim *a, lr_mobject *m, lr_affine parent_to_space, float opacity,
                                bool hidden_zero)
{
    return kind_collect(&a->images, &a->nimages, LR_MOBJECT_IMAGE, m, parent_to_space, opacity, hidden_zero);
}

/* The class of the part a leaf is under (parts[from..to)), or -1. */
static int leaf_class(const lr_anim *a, const lr_mobject *m, size_t from, size_t to)
{
    for (; m; m = m->parent)
        for (size_t k = from; k < to; k++)
            if (a->parts[k] == m)
                return a->part_class[k];
    return -1;
}

/* Shares target leaves s_to[0..nt) out among source leaves s_from[0..ns)
 * in order: each source leaf becomes one target leaf, or a run of them. */
static void share_out(const size_t *s_from, size_t ns, const size_t *s_to, size_t nt, size_t *firsts, size_t *lasts,
                      bool *used, size_t *owner)
{
    if (ns == 0 || nt == 0)
        return;
    for (size_t j = 0; j < ns; j++) {
        size_t f = j * nt / ns, l = ns >= nt ? f + 1 : (j + 1) * nt / ns;
        /* s_to increases: [first, last) spans the run, owner[] says which
         * leaves in it are this one's */
        firsts[s_from[j]] = s_to[f];
        lasts[s_from[j]] = s_to[l - 1] + 1;
        for (size_t k = f; k < l; k++) {
            used[s_to[k]] = true;
            if (!owner[s_to[k]])
                owner[s_to[k]] = s_from[j] + 1;
        }
    }
}

/* TransformMatchingTex's pairing: leaves of parts with the same key, in
 * order; the rest fade (fade_by: from the centre of the source's unmatched
 * leaves to the target's) or, with transform_mismatches, pair up too. */
static lr_status match_parts(lr_anim *a, const leaf_refs *sr, const leaf_refs *tr, size_t *firsts, size_t *lasts,
                             bool *used, size_t *owner, lr_vec2 *fade_by)
{
    int *sc = malloc((sr->count ? sr->count : 1) * sizeof *sc), *tc = malloc((tr->count ? tr->count : 1) * sizeof *tc);
    size_t *s_idx = malloc((sr->count ? sr->count : 1) * sizeof *s_idx);
    size_t *t_idx = malloc((tr->count ? tr->count : 1) * sizeof *t_idx);
    if (!sc || !tc || !s_idx || !t_idx) {
        free(sc);
        free(tc);
        free(s_idx);
        free(t_idx);
        return LR_ERR_NOMEM;
    }
    for (size_t i = 0; i < sr->count; i++)
        sc[i] = is_pad(a, sr->items[i].m) ? -1 : leaf_class(a, sr->items[i].m, 0, a->nsource_parts);
    for (size_t j = 0; j < tr->count; j++)
        tc[j] = leaf_class(a, tr->items[j].m, a->nsource_parts, a->nparts);
    for (size_t p = 0; p < a->nsource_parts; p++) {
        int cls = a->part_class[p];
        bool seen = false;
        for (size_t q = 0; q < p && !seen; q++)
            seen = a->part_class[q] == cls;
        if (seen)
            continue; /* each key once */
        size_t ns = 0, nt = 0;
        for (size_t i = 0; i < sr->count; i++)
            if (sc[i] == cls)
                s_idx[ns++] = i;
        for (size_t j = 0; j < tr->count; j++)
            if (tc[j] == cls)
                t_idx[nt++] = j;
        share_out(s_idx, ns, t_idx, nt, firsts, lasts, used, owner);
    }
    /* What matched nothing, on either side. */
    size_t ns = 0, nt = 0;
    lr_rect sb = lr_rect_empty(), tb = lr_rect_empty();
    for (size_t i = 0; i < sr->count; i++)
        if (firsts[i] == lasts[i] && !is_pad(a, sr->items[i].m)) {
            s_idx[ns++] = i;
            sb = lr_rect_union(sb, lr_path_bounds_transformed(&sr->items[i].m->path, sr->items[i].to_space));
        }
    for (size_t j = 0; j < tr->count; j++)
        if (!used[j]) {
            t_idx[nt++] = j;
            tb = lr_rect_union(tb, lr_path_bounds_transformed(&tr->items[j].m->path, tr->items[j].to_space));
        }
    if (a->mismatches)
        share_out(s_idx, ns, t_idx, nt, firsts, lasts, used, owner);
    else if (!lr_rect_is_empty(sb) && !lr_rect_is_empty(tb))
        *fade_by = (lr_vec2){rect_center(tb).x - rect_center(sb).x, rect_center(tb).y - rect_center(sb).y};
    free(sc);
    free(tc);
    free(s_idx);
    free(t_idx);
    return LR_OK;
}

static lr_status begin_transform(lr_anim *a, lr_error *err)
{
    lr_mobject *src = a->m, *tgt = a->target;
    lr_affine wp = parent_world(src);
    lr_affine to_p = lr_affine_then(parent_world(tgt), inverse_or_identity(wp));
    leaf_refs sr = {0}, tr = {0};
    lr_status st = refs_collect(&sr, src, lr_affine_identity(), 1.0f, true);
    if (st == LR_OK)
        st = refs_collect(&tr, tgt, to_p, 1.0f, true);
    if (st == LR_OK)
        st = leaves_alloc(a, sr.count);
    if (st == LR_OK)
        st = images_collect(a, src, lr_affine_identity(), 1.0f, true);
    lr_rect sb = lr_rect_transform(lr_mobject_bounds(tgt), to_p);
    lr_vec2 src_c = center_in_parent(src);
    lr_vec2 tgt_c = lr_rect_is_empty(sb) ? src_c : rect_center(sb);
    bool *used = NULL;
    size_t *firsts = NULL, *lasts = NULL, *owner = NULL;
    lr_vec2 fade_by = {0, 0};
    if (st == LR_OK && a->kind == ANIM_TRANSFORM_MATCHING) {
        used = calloc(tr.count ? tr.count : 1, sizeof *used);
        owner = calloc(tr.count ? tr.count : 1, sizeof *owner);
        firsts = calloc(sr.count ? sr.count : 1, sizeof *firsts);
        lasts = calloc(sr.count ? sr.count : 1, sizeof *lasts);
        if (!used || !owner || !firsts || !lasts)
            st = LR_ERR_NOMEM;
        else if (a->parts)
            st = match_parts(a, &sr, &tr, firsts, lasts, used, owner, &fade_by);
    }
    for (size_t i = 0; st == LR_OK && i < sr.count; i++) {
        anim_leaf *l = &a->leaves[i];
        l->m = sr.items[i].m;
        l->sa = l->m->style;
        l->oa = sr.items[i].opacity;
        bool pad = is_pad(a, l->m);
        if (pad) {
            st = path_degenerate(&l->a, src_c);
            l->oa = 0;
            l->shown = true;
        } else {
            st = lr_path_append(&l->a, &l->m->path, &sr.items[i].to_space);
        }
        /* Which target leaves this source leaf becomes. */
        size_t first = 0, last = 0; /* [first, last) */
        if (a->kind == ANIM_TRANSFORM_MATCHING && a->parts) {
            first = firsts[i];
            last = lasts[i];
        } else if (a->kind == ANIM_TRANSFORM_MATCHING) {
            for (size_t j = 0; st == LR_OK && !pad && j < tr.count; j++) {
                if (used[j])
                    continue;
                lr_path tp = {0};
                st = lr_path_append(&tp, &tr.items[j].m->path, &tr.items[j].to_space);
                bool match = st == LR_OK && same_shape(&l->a, &tp);
                lr_path_free(&tp);
                if (match) {
                    used[j] = true;
                    first = j;
                    last = j + 1;
                    break;
                }
            }
        } else if (i < tr.count) {
            first = i;
            last = (i + 1 == sr.count) ? tr.count : i + 1; /* the last source leaf takes the rest */
        }
        for (size_t j = first; st == LR_OK && j < last; j++)
            if (!a->parts || j == first || owner[j] == i + 1)
                st = lr_path_append(&l->b, &tr.items[j].m->path, &tr.items[j].to_space);
        if (st != LR_OK)
            break;
        if (first < last) {
            l->sb = tr.items[first].m->style;
            l->ob = tr.items[first].opacity;
            if (pad)
                l->sa = l->sb;
            st = pair_align(l, tgt_c);
        } else if (a->kind == ANIM_TRANSFORM_MATCHING) {
            /* Unmatched: fades out in place (TransformMatchingTex: on its
             * way to where the unmatched new parts are). */
            l->sb = l->sa;
            l->ob = 0;
            st = lr_path_copy(&l->b, &l->a);
            lr_path_transform(&l->b, lr_affine_translate(fade_by.x, fade_by.y));
        } else {
            l->sb = l->sa;
            l->ob = 0;
            st = path_degenerate(&l->b, tgt_c);
            if (st == LR_OK)
                st = pair_align(l, tgt_c);
        }
    }
    if (st == LR_OK && a->kind == ANIM_TRANSFORM_MATCHING) {
        /* The target's own paths follow the source's: the unmatched ones fade
         * in where they are, the matched ones stay hidden until the end. */
        anim_leaf *more = realloc(a->leaves, (sr.count + tr.count) * sizeof *more);
        if (!more && sr.count + tr.count > 0) {
            st = LR_ERR_NOMEM;
        } else {
            a->leaves = more;
            for (size_t j = 0; j < tr.count; j++) {
                anim_leaf *l = &a->leaves[sr.count + j];
                memset(l, 0, sizeof *l);
                l->m = tr.items[j].m;
                l->oa = 0;
                l->ob = l->m->opacity;
                l->shown = !used[j];
            }
            a->nleaves = sr.count + tr.count;
            a->nsource = sr.count;
        }
    }
    if (st == LR_OK && a->kind != ANIM_TRANSFORM_MATCHING) {
        /* Meshes morph into the target's meshes, in the source's parent's
         * space as its paths. */
        anim_leaf *tm = NULL;
        size_t ntm = 0;
        st = kind_collect(&a->meshes, &a->nmeshes, LR_MOBJECT_MESH, src, lr_affine_identity(), 1.0f, true);
        if (st == LR_OK)
            st = kind_collect(&tm, &ntm, LR_MOBJECT_MESH, tgt, to_p, 1.0f, true);
        if (st == LR_OK)
            st = anim_mesh_begin_transform(a, tm, ntm);
        free(tm);
    }
    free(used);
    free(owner);
    free(firsts);
    free(lasts);
    free(sr.items);
    free(tr.items);
    if (st != LR_OK)
        return lr_error_set(err, st, "Transform: aligning the paths failed");
    return LR_OK;
}

/* ---- maps of the plane (ApplyMatrix, ApplyFunction) ---------------------- */

/* The map in the mobject's parent space, where its baked paths live. */
typedef struct map_ctx {
    lr_point_map map;
    void *user;
    lr_affine to_scene, from_scene;
    bool bad; /* an image was not finite; `bad_at` (scene) is the first */
    lr_vec2 bad_at;
} map_ctx;

static lr_vec2 map_in_parent(lr_vec2 p, void *user)
{
    map_ctx *c = user;
    lr_vec2 s = lr_affine_apply(c->to_scene, p);
    lr_vec2 q = c->map(s, c->user);
    if (!finite2(q)) {
        if (!c->bad)
            c->bad_at = s;
        c->bad = true;
        return q;
    }
    return lr_affine_apply(c->from_scene, q);
}

/* ApplyMatrix in scene space: p -> M (p - about) + about; on paths (the
 * plane z = 0) its upper left 2x2 block. */
static lr_affine matrix_affine(const lr_anim *a)
{
    const double *m = a->matrix;
    lr_vec2 o = a->has_about ? a->vec : (lr_vec2){0, 0};
    return (lr_affine){(float)m[0], (float)m[3], (float)m[1], (float)m[4],
                       (float)(o.x - (m[0] * o.x + m[1] * o.y)), (float)(o.y - (m[3] * o.x + m[4] * o.y))};
}

/* The same in 3D, r of the way from the identity to it: every point moves
 * along the straight line to its image (Manim's straight_path). */
static lr_map3 matrix_map3(const lr_anim *a, float r)
{
    const double *m = a->matrix;
    double o[3] = {a->has_about ? a->vec.x : 0, a->has_about ? a->vec.y : 0, a->has_about ? a->about_z : 0};
    lr_map3 t;
    for (int i = 0; i < 3; i++) {
        double shift = o[i];
        for (int j = 0; j < 3; j++) {
            double l = (1.0 - r) * (i == j) + r * m[3 * i + j];
            t.m[4 * i + j] = (float)l;
            shift -= l * o[j];
        }
        t.m[4 * i + 3] = (float)shift;
    }
    return t;
}


/* The largest stretch of the linear part: a scene tolerance divided by it
 * is a tolerance in the parent's space that is at least as strict. */
static double linear_norm(lr_affine m)
{
    double a = m.a, b = m.b, c = m.c, d = m.d;
    double s = a * a + b * b + c * c + d * d, det = a * d - b * c;
    return sqrt(0.5 * (s + sqrt(fmax(0.0, s * s - 4.0 * det * det))));
}

/* Splits the leaves' curves for a nonlinear map: each as lr_path_map_pieces
 * asks, then, if the whole exceeds LR_MAP_MAX_POINTS, every curve's extra
 * pieces shrink in proportion (each keeps at least itself). */
static lr_status subdivide_for_map(lr_anim *a, map_ctx *ctx, float tolerance)
{
    size_t ncurves = 0;
    uint64_t nsub = 0;
    for (size_t i = 0; i < a->nleaves; i++) {
        ncurves += lr_path_curve_count(&a->leaves[i].a);
        nsub += a->leaves[i].a.nsubpaths;
    }
    uint32_t *pieces = malloc((ncurves ? ncurves : 1) * sizeof *pieces);
    if (!pieces)
        return LR_ERR_NOMEM;
    lr_status st = LR_OK;
    uint64_t extra = 0;
    for (size_t i = 0, off = 0; st == LR_OK && i < a->nleaves; i++) {
        const lr_path *p = &a->leaves[i].a;
        st = lr_path_map_pieces(p, map_in_parent, ctx, tolerance, LR_MAP_MAX_PIECES, pieces + off);
        off += lr_path_curve_count(p);
    }
    for (size_t k = 0; st == LR_OK && k < ncurves; k++)
        extra += pieces[k] - 1;
    uint64_t base = nsub + 3ull * ncurves;
    if (st == LR_OK && extra > 0 && base + 3 * extra > LR_MAP_MAX_POINTS) {
        uint64_t room = base < LR_MAP_MAX_POINTS ? (LR_MAP_MAX_POINTS - base) / 3 : 0;
        for (size_t k = 0; k < ncurves; k++)
            pieces[k] = 1 + (uint32_t)((uint64_t)(pieces[k] - 1) * room / extra);
    }
    for (size_t i = 0, off = 0; st == LR_OK && i < a->nleaves; i++) {
        lr_path *p = &a->leaves[i].a;
        size_t n = lr_path_curve_count(p);
        st = lr_path_subdivide_each(p, p, pieces + off);
        off += n;
    }
    free(pieces);
    /* Samples between the anchors do not count: only the images kept do. */
    ctx->bad = false;
    return st;
}

/* The affine map an image follows: the map itself when it is affine;
 * otherwise the one through the images of three corners of its box when
 * the fourth corner and the centre fit it within `tolerance`, else a
 * translation of its centre to the centre's image. */
static lr_affine image_map(const anim_leaf *l, map_ctx *ctx, double tolerance)
{
    lr_rect r = l->m->image_rect;
    lr_vec2 p[5] = {{r.x0, r.y0}, {r.x1, r.y0}, {r.x0, r.y1}, {r.x1, r.y1}, rect_center(r)};
    lr_vec2 q[5];
    for (int i = 0; i < 5; i++) {
        p[i] = lr_affine_apply(l->to_space, p[i]);
        q[i] = map_in_parent(p[i], ctx);
    }
    lr_affine shift = lr_affine_translate(q[4].x - p[4].x, q[4].y - p[4].y);
    lr_affine from = {p[1].x - p[0].x, p[1].y - p[0].y, p[2].x - p[0].x, p[2].y - p[0].y, p[0].x, p[0].y};
    lr_affine to = {q[1].x - q[0].x, q[1].y - q[0].y, q[2].x - q[0].x, q[2].y - q[0].y, q[0].x, q[0].y};
    lr_affine inv;
    if (!lr_affine_invert(from, &inv))
        return shift;
    lr_affine fit = lr_affine_then(inv, to);
    for (int i = 3; i < 5; i++) {
        lr_vec2 f = lr_affine_apply(fit, p[i]);
        if (!(hypot(f.x - q[i].x, f.y - q[i].y) <= tolerance))
            return shift;
    }
    return fit;
}

static lr_status begin_map(lr_anim *a, lr_error *err)
{
    const char *what = anim_name(a);
    lr_mobject *m = a->m;
    map_ctx ctx = {a->map, a->user, parent_world(m), lr_affine_identity(), false, {0, 0}};
    ctx.from_scene = inverse_or_identity(ctx.to_scene);
    bool affine = a->kind == ANIM_APPLY_MATRIX;
    /* The map in the parent's space: first to the scene, map, back. */
    lr_affine g = affine ? lr_affine_then(lr_affine_then(ctx.to_scene, matrix_affine(a)), ctx.from_scene)
                         : lr_affine_identity();
    double norm = linear_norm(ctx.to_scene);
    float tolerance = norm > 0 ? (float)(LR_MAP_TOLERANCE / norm) : 0.0f;
    if (!(tolerance > 0) || !isfinite(tolerance))
        tolerance = LR_MAP_TOLERANCE; /* a degenerate parent: nothing of it shows */

    leaf_refs refs = {0};
    lr_status st = refs_collect(&refs, m, lr_affine_identity(), 1.0f, false);
    if (st == LR_OK)
        st = leaves_alloc(a, refs.count);
    if (st == LR_OK)
        st = images_collect(a, m, lr_affine_identity(), 1.0f, false);
    if (st == LR_OK)
        st = kind_collect(&a->meshes, &a->nmeshes, LR_MOBJECT_MESH, m, lr_affine_identity(), 1.0f, false);
    /* A mesh lives on in the parent's space, its own transforms baked into
     * its 3D map: p -> P^-1 T_r P S X0 p, with P the parent's map to the
     * scene, S its own to the parent's and X0 its 3D map as it begins. */
    lr_map3 from3 = lr_map3_identity();
    lr_map3_invert(lr_map3_of_affine(ctx.to_scene), &from3);
    for (size_t i = 0; st == LR_OK && i < a->nmeshes; i++) {
        anim_leaf *l = &a->meshes[i];
        l->to_scene3 = lr_map3_then(l->m->transform3, lr_map3_of_affine(lr_affine_then(l->to_space, ctx.to_scene)));
        l->from_scene3 = from3;
    }
    for (size_t i = 0; st == LR_OK && i < refs.count; i++) {
        anim_leaf *l = &a->leaves[i];
        l->m = refs.items[i].m;
        l->sa = l->sb = l->m->style;
        l->oa = l->ob = refs.items[i].opacity;
        st = lr_path_append(&l->a, &l->m->path, &refs.items[i].to_space);
    }
    free(refs.items);
    if (st == LR_OK && !affine && a->nonlinear)
        st = subdivide_for_map(a, &ctx, tolerance);
    for (size_t i = 0; st == LR_OK && i < a->nleaves; i++) {
        anim_leaf *l = &a->leaves[i];
        if (affine) {
            lr_path_clear(&l->b);
            st = lr_path_append(&l->b, &l->a, &g);
            for (uint32_t k = 0; st == LR_OK && k < l->b.npoints; k++)
                if (!finite2(l->b.points[k]))
                    return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the image of a point is too large", what);
        } else {
            st = a->nonlinear ? lr_path_map_smooth(&l->b, &l->a, map_in_parent, &ctx)
                              : lr_path_map_points(&l->b, &l->a, map_in_parent, &ctx);
        }
    }
    for (size_t i = 0; st == LR_OK && i < a->nimages; i++) {
        anim_leaf *l = &a->images[i];
        l->to_end = lr_affine_then(l->to_space, affine ? g : image_map(l, &ctx, tolerance));
    }
    if (ctx.bad)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the map gives no finite point for (%g, %g)", what,
                            (double)ctx.bad_at.x, (double)ctx.bad_at.y);
    if (st != LR_OK)
        return lr_error_set(err, st, "%s: could not prepare the paths (%s)", what, lr_strerror(st));
    return LR_OK;
}

static lr_status begin_helper_lines(lr_anim *a)
{
    lr_vec2 c = a->target ? center_in_scene(a->target) : a->vec;
    const float radius = 0.1f, length = 0.2f;
    lr_status st = LR_OK;
    size_t n = a->helper->nchildren;
    for (size_t i = 0; st == LR_OK && i < n; i++) {
        float ang = TAU_F * (float)i / (float)n;
        lr_vec2 d = {cosf(ang), sinf(ang)};
        lr_mobject *line = a->helper->children[i];
        lr_path_clear(&line->path);
        st = lr_path_add_line(&line->path, (lr_vec2){c.x + d.x * radius, c.y + d.y * radius},
                              (lr_vec2){c.x + d.x * (radius + length), c.y + d.y * (radius + length)});
    }
    return st;
}

/* The meshes under m, each with a copy of itself as it begins. */
static lr_status meshes_from(lr_anim *a, lr_mobject *m)
{
    lr_status st = kind_collect(&a->meshes, &a->nmeshes, LR_MOBJECT_MESH, m, lr_affine_identity(), 1.0f, true);
    return st == LR_OK ? anim_mesh_begin_copies(a) : st;
}

/* GrowFromPoint of a mesh about a point in 3D (GrowArrow of a 3D arrow):
 * its 3D map scales about the point in the scene, so z shrinks there too
 * (the 2D transform would take z to 0). */
static lr_status begin_grow3(lr_anim *a)
{
    a->meshes = calloc(1, sizeof *a->meshes);
    if (!a->meshes)
        return LR_ERR_NOMEM;
    a->nmeshes = 1;
    anim_leaf *l = &a->meshes[0];
    l->m = a->m;
    lr_map3 w = lr_map3_of_affine(lr_mobject_world_transform(a->m));
    l->to_scene3 = lr_map3_then(a->m->transform3, w);
    l->from_scene3 = lr_map3_identity();
    lr_map3_invert(w, &l->from_scene3);
    return LR_OK;
}

lr_status anim_begin(lr_anim *a, lr_timeline *tl, lr_error *err)
{
    anim_end(a);
    /* Parameters that depend on the scene at this moment are set now,
     * before anything is read. */
    if (a->on_begin)
        a->on_begin(a, a->begin_time, a->on_begin_user);
    lr_status st = LR_OK;
    /* Remember what this animation changes, to put it back before each apply. */
    if (a->m)
        st = anim_state_capture(&a->saved, a->m, anim_is_deep(a), NULL, NULL);
    if (st == LR_OK && a->helper)
        st = anim_state_capture(&a->saved, a->helper, true, NULL, NULL);
    if (st == LR_OK && a->target && anim_is_transform(a))
        st = anim_state_capture(&a->saved, a->target, a->kind == ANIM_TRANSFORM_MATCHING, NULL, NULL);
    if (st != LR_OK)
        return lr_error_set(err, st, "animation: out of memory saving the state");
    a->begun = true;

    lr_mobject *m = a->m;
    if (m) {
        a->t0 = m->transform;
        a->o0 = m->opacity;
        a->c0 = center_in_parent(m);
    }
    switch (a->kind) {
    case ANIM_CREATE:
    case ANIM_UNCREATE:
        st = leaves_from(a, m);
        if (st == LR_OK)
            st = meshes_from(a, m);
        break;
    case ANIM_DRAW_BORDER_THEN_FILL:
    case ANIM_WRITE:
        st = leaves_from(a, m);
        for (size_t i = 0; st == LR_OK && i < a->nleaves; i++)
            a->leaves[i].sb = outline_style(a->leaves[i].sa);
        if (st == LR_OK)
            st = meshes_from(a, m);
        break;
    case ANIM_FADE_IN:
    case ANIM_FADE_OUT: {
        float dir = a->kind == ANIM_FADE_IN ? -1.0f : 1.0f;
        lr_vec2 d = to_parent_vec(m, a->vec);
        lr_affine away = lr_affine_then(a->t0, affine_about(lr_affine_scale(a->f, a->f), a->c0));
        a->t1 = lr_affine_then(away, lr_affine_translate(dir * d.x, dir * d.y));
        break;
    }
    case ANIM_GROW_FROM_CENTER:
    case ANIM_GROW_FROM_POINT:
    case ANIM_GROW_ARROW:
    case ANIM_SPIN_IN: {
        lr_vec2 q = a->c0;
        if (a->kind == ANIM_GROW_FROM_POINT) {
            q = to_parent_point(m, a->vec);
        } else if (a->kind == ANIM_GROW_ARROW) {
            leaf_refs r = {0};
            st = refs_collect(&r, m, lr_affine_identity(), 1.0f, true);
            for (size_t i = 0; st == LR_OK && i < r.count; i++) {
                if (r.items[i].m->path.npoints > 0) {
                    q = lr_affine_apply(r.items[i].to_space, r.items[i].m->path.points[0]);
                    break;
                }
            }
            free(r.items);
        }
        a->c1 = q;
        a->t1 = (lr_affine){0, 0, 0, 0, q.x, q.y};
        if (a->has_vec3 && m->kind == LR_MOBJECT_MESH)
            st = begin_grow3(a);
        break;
    }
    case ANIM_TRANSFORM:
    case ANIM_REPLACEMENT_TRANSFORM:
    case ANIM_TRANSFORM_MATCHING:
        return begin_transform(a, err);
    case ANIM_APPLY_MATRIX:
    case ANIM_APPLY_FUNCTION:
        return begin_map(a, err);
    case ANIM_MOVE_TO: {
        lr_vec2 p = to_parent_point(m, a->vec);
        a->t1 = lr_affine_then(a->t0, lr_affine_translate(p.x - a->c0.x, p.y - a->c0.y));
        break;
    }
    case ANIM_SHIFT: {
        lr_vec2 d = to_parent_vec(m, a->vec);
        a->t1 = lr_affine_then(a->t0, lr_affine_translate(d.x, d.y));
        break;
    }
    case ANIM_SCALE:
    case ANIM_ROTATE:
        a->c1 = a->has_about ? to_parent_point(m, a->vec) : a->c0;
        a->t1 = lr_affine_then(a->t0, affine_about(lr_affine_scale(a->f, a->f), a->c1));
        break;
    case ANIM_CHANGE_COLOR:
    case ANIM_INDICATE:
        st = leaves_from(a, m);
        if (st == LR_OK && a->kind == ANIM_CHANGE_COLOR)
            st = meshes_from(a, m);
        a->t1 = lr_affine_then(a->t0, affine_about(lr_affine_scale(a->f, a->f), a->c0));
        break;
    case ANIM_CIRCUMSCRIBE: {
        lr_rect r = lr_rect_transform(lr_mobject_bounds(m), parent_world(m));
        if (lr_rect_is_empty(r))
            r = (lr_rect){0, 0, 0, 0};
        float b = a->f;
        lr_vec2 pts[4] = {{r.x1 + b, r.y1 + b}, {r.x0 - b, r.y1 + b}, {r.x0 - b, r.y0 - b}, {r.x1 + b, r.y0 - b}};
        lr_path_free(&a->path);
        st = lr_path_add_polygon(&a->path, pts, 4);
        break;
    }
    case ANIM_FLASH:
        st = begin_helper_lines(a);
        if (st == LR_OK)
            st = leaves_from(a, a->helper);
        break;
    case ANIM_FOCUS_ON: {
        float h;
        lr_scene_get_camera(tl->scene, &a->c0, &h);
        a->h0 = h * 0.5f * (1.0f + 16.0f / 9.0f); /* Manim: frame_x_radius + frame_y_radius */
        a->c1 = a->target ? center_in_scene(a->target) : a->vec;
        break;
    }
    case ANIM_WIGGLE:
    case ANIM_MOVE_ALONG_PATH:
        break;
    case ANIM_CHANGE_DECIMAL:
        a->value0 = tl->counters[a->counter].built;
        break;
    case ANIM_CAMERA:
        lr_scene_get_camera(tl->scene, &a->c0, &a->h0);
        break;
    case ANIM_SET_VALUE:
        a->value0 = tl->values[a->value].cur;
        break;
    case ANIM_WAIT:
    case ANIM_GROUP:
        break;
    }
    if (st != LR_OK)
        return lr_error_set(err, st, "animation: could not prepare its paths");
    return LR_OK;
}

lr_status anim_restore(lr_anim *a, lr_timeline *tl, lr_error *err)
{
    lr_status st = anim_state_restore(&a->saved);
    if (st != LR_OK)
        return lr_error_set(err, st, "animation: out of memory restoring the state");
    if (a->kind == ANIM_CAMERA)
        lr_scene_set_camera(tl->scene, a->c0, a->h0);
    if (a->kind == ANIM_CHANGE_DECIMAL)
        return timeline_counter_set(tl, a->counter, a->value0, false, err);
    return LR_OK;
}

/* ---- apply -------------------------------------------------------------- */

/* ShowPassingFlash: the visible window of the outline at alpha. */
static lr_status passing_flash(lr_path *dst, const lr_path *src, float alpha, float time_width)
{
    float upper = alpha * (1.0f + time_width);
    float lower = upper - time_width;
    upper = fminf(upper, 1.0f);
    lower = fmaxf(lower, 0.0f);
    if (lower >= upper) {
        lr_path_clear(dst);
        return LR_OK;
    }
    return lr_path_partial(dst, src, lower, upper);
}

/* Bake: everything under the source now lives in its parent's space, its
 * opacity in its leaves. */
static void bake_source(lr_anim *a)
{
    lr_mobject *src = a->m;
    src->transform = lr_affine_identity();
    src->opacity = 1.0f;
    for (size_t i = 0; i < a->saved.count; i++) {
        lr_mobject *n = a->saved.items[i].m;
        bool under_src = false;
        for (lr_mobject *p = n; p; p = p->parent)
            if (p == src) {
                under_src = true;
                break;
            }
        if (under_src && n->kind == LR_MOBJECT_GROUP) {
            n->transform = lr_affine_identity();
            n->opacity = 1.0f;
        }
    }
}

/* Every point from the start path to its image (the paths and images were
 * baked into the parent's space at begin): no allocation once the paths
 * have grown to the subdivided size in the first frame. */
static lr_status apply_map(lr_anim *a, float r)
{
    bake_source(a);
    for (size_t i = 0; i < a->nimages; i++) {
        anim_leaf *l = &a->images[i];
        l->m->transform = affine_lerp(l->to_space, l->to_end, r);
        l->m->opacity = l->oa;
    }
    /* ApplyFunction does not bend meshes: they stay where they were. */
    lr_map3 t = a->kind == ANIM_APPLY_MATRIX ? matrix_map3(a, r) : lr_map3_identity();
    for (size_t i = 0; i < a->nmeshes; i++) {
        anim_leaf *l = &a->meshes[i];
        l->m->transform = lr_affine_identity();
        l->m->transform3 = lr_map3_then(lr_map3_then(l->to_scene3, t), l->from_scene3);
        l->m->opacity = l->oa;
    }
    for (size_t i = 0; i < a->nleaves; i++) {
        anim_leaf *l = &a->leaves[i];
        lr_status st = lr_path_interpolate(&l->m->path, &l->a, &l->b, r);
        if (st != LR_OK)
            return st;
        l->m->transform = lr_affine_identity();
        l->m->opacity = l->oa;
    }
    return LR_OK;
}

static lr_status apply_transform(lr_anim *a, float r, bool at_end)
{
    lr_mobject *src = a->m;
    bake_source(a);
    size_t nsrc = a->kind == ANIM_TRANSFORM_MATCHING ? a->nsource : a->nleaves;
    for (size_t i = 0; i < a->nimages; i++) {
        a->images[i].m->transform = a->images[i].to_space;
        a->images[i].m->opacity = a->images[i].oa * (1.0f - r);
    }
    for (size_t i = 0; i < nsrc; i++) {
        anim_leaf *l = &a->leaves[i];
        lr_status st = lr_path_interpolate(&l->m->path, &l->a, &l->b, r);
        if (st != LR_OK)
            return st;
        l->m->transform = lr_affine_identity();
        l->m->style = style_lerp(l->sa, l->sb, r);
        l->m->opacity = l->oa + (l->ob - l->oa) * r;
        if (l->shown)
            l->m->visible = true;
    }
    lr_status ms = anim_mesh_apply_transform(a, r, at_end);
    if (ms != LR_OK)
        return ms;
    if (a->kind == ANIM_TRANSFORM_MATCHING) {
        a->target->visible = true;
        for (size_t i = nsrc; i < a->nleaves; i++) {
            anim_leaf *l = &a->leaves[i];
            if (at_end) {
                l->m->opacity = l->ob;
            } else if (l->shown) {
                l->m->opacity = l->ob * r;
            } else {
                l->m->visible = false;
            }
        }
    }
    if (at_end && a->kind != ANIM_TRANSFORM) {
        src->visible = false;
        a->target->visible = true;
    }
    return LR_OK;
}

lr_status anim_apply(lr_anim *a, lr_timeline *tl, double alpha, lr_error *err)
{
    lr_mobject *m = a->m;
    bool at_end = alpha >= 1.0;
    float r = (float)lr_rate_eval(a->rate, alpha);
    lr_status st = LR_OK;
    if (anim_introduces(a))
        m->visible = true;
    switch (a->kind) {
    case ANIM_CREATE:
    case ANIM_UNCREATE: {
        /* Uncreate is Create played backwards. */
        double al = a->kind == ANIM_CREATE ? alpha : 1.0 - alpha;
        size_t total = a->nleaves + anim_mesh_units(a);
        for (size_t i = 0; st == LR_OK && i < a->nleaves; i++) {
            float s = sub_alpha(a, al, i, total, a->rate);
            st = lr_path_partial(leaf_path(a->leaves[i].m), &a->leaves[i].a, 0.0f, s);
        }
        if (st == LR_OK)
            st = anim_mesh_apply_partial(a, al, a->nleaves, total, mesh_sub_alpha);
        if (a->kind == ANIM_UNCREATE && at_end)
            m->visible = false;
        break;
    }
    case ANIM_DRAW_BORDER_THEN_FILL:
    case ANIM_WRITE: {
        /* Meshes have no outline apart from their fill: they come in as
         * under Create. */
        size_t total = a->nleaves + anim_mesh_units(a);
        for (size_t i = 0; st == LR_OK && i < a->nleaves; i++) {
            anim_leaf *l = &a->leaves[i];
            float s = sub_alpha(a, alpha, i, total, a->rate);
            if (s < 0.5f) {
                st = lr_path_partial(&l->m->path, &l->a, 0.0f, 2.0f * s);
                l->m->style = l->sb;
            } else {
                st = lr_path_copy(&l->m->path, &l->a);
                l->m->style = style_lerp(l->sb, l->sa, 2.0f * s - 1.0f);
            }
        }
        if (st == LR_OK)
            st = anim_mesh_apply_partial(a, alpha, a->nleaves, total, mesh_sub_alpha);
        break;
    }
    case ANIM_FADE_IN:
        m->opacity = a->o0 * r;
        m->transform = affine_lerp(a->t1, a->t0, r);
        break;
    case ANIM_FADE_OUT:
        m->opacity = a->o0 * (1.0f - r);
        m->transform = affine_lerp(a->t0, a->t1, r);
        if (at_end)
            m->visible = false;
        break;
    case ANIM_GROW_FROM_CENTER:
    case ANIM_GROW_FROM_POINT:
    case ANIM_GROW_ARROW:
        if (a->has_vec3 && a->nmeshes == 1) {
            lr_vec3 p = a->vec3;
            lr_map3 s = {{r, 0, 0, p.x * (1 - r), 0, r, 0, p.y * (1 - r), 0, 0, r, p.z * (1 - r)}};
            const anim_leaf *l = &a->meshes[0];
            m->transform3 = lr_map3_then(lr_map3_then(l->to_scene3, s), l->from_scene3);
            break;
        }
        m->transform = affine_lerp(a->t1, a->t0, r);
        break;
    case ANIM_SPIN_IN: {
        float th = a->f;
        if (fabsf(th) < 1e-6f) {
            m->transform = affine_lerp(a->t1, a->t0, r);
            break;
        }
        /* Manim's path_along_arc with every start point at the centre c:
         * p(r) = c + (I - R(r th)) K (p1 - c), K = (I + J / tan(th/2)) / 2. */
        float k = 0.5f / tanf(th * 0.5f);
        lr_affine K = {0.5f, k, -k, 0.5f, 0, 0};
        lr_affine R = lr_affine_rotate(r * th);
        lr_affine IR = {1.0f - R.a, -R.b, -R.c, 1.0f - R.d, 0, 0};
        lr_affine L = lr_affine_then(K, IR);
        m->transform = lr_affine_then(a->t0, affine_about(L, a->c1));
        if (at_end)
            m->transform = a->t0;
        break;
    }
    case ANIM_TRANSFORM:
    case ANIM_REPLACEMENT_TRANSFORM:
    case ANIM_TRANSFORM_MATCHING:
        st = apply_transform(a, r, at_end);
        break;
    case ANIM_APPLY_MATRIX:
    case ANIM_APPLY_FUNCTION:
        st = apply_map(a, r);
        break;
    case ANIM_MOVE_TO:
    case ANIM_SHIFT:
    case ANIM_SCALE:
        m->transform = affine_lerp(a->t0, a->t1, r);
        break;
    case ANIM_ROTATE:
        m->transform = lr_affine_then(a->t0, affine_about(lr_affine_rotate(r * a->f), a->c1));
        break;
    case ANIM_CHANGE_COLOR:
    case ANIM_INDICATE:
        for (size_t i = 0; i < a->nleaves; i++) {
            anim_leaf *l = &a->leaves[i];
            lr_style s = l->sa;
            lr_color f = a->color, k = a->color;
            f.a = s.fill.a;
            k.a = s.stroke.a;
            if (a->kind == ANIM_INDICATE || (a->which & LR_COLOR_FILL))
                s.fill = color_lerp(s.fill, f, r);
            if (a->kind == ANIM_INDICATE || (a->which & LR_COLOR_STROKE))
                s.stroke = color_lerp(s.stroke, k, r);
            l->m->style = s;
        }
        if (a->kind == ANIM_CHANGE_COLOR)
            anim_mesh_apply_color(a, r);
        if (a->kind == ANIM_INDICATE)
            m->transform = affine_lerp(a->t0, a->t1, r);
        break;
    case ANIM_CIRCUMSCRIBE: {
        lr_mobject *h = a->helper;
        h->style.stroke = a->color;
        h->style.stroke_width = 0.04f;
        h->style.fill.a = 0;
        st = passing_flash(&h->path, &a->path, r, 0.3f);
        h->visible = !at_end;
        break;
    }
    case ANIM_FLASH: {
        lr_mobject *h = a->helper;
        h->visible = !at_end;
        for (size_t i = 0; st == LR_OK && i < a->nleaves; i++) {
            lr_mobject *line = a->leaves[i].m;
            st = passing_flash(&line->path, &a->leaves[i].a, r, 1.0f);
            line->style.stroke = a->color;
            line->style.stroke_width = 0.03f;
        }
        break;
    }
    case ANIM_FOCUS_ON: {
        lr_mobject *h = a->helper;
        float rad = a->h0 * (1.0f - r);
        lr_vec2 c = {a->c0.x + (a->c1.x - a->c0.x) * r, a->c0.y + (a->c1.y - a->c0.y) * r};
        h->transform = lr_affine_then(lr_affine_scale(rad, rad), lr_affine_translate(c.x, c.y));
        h->opacity = 0.2f * r;
        h->visible = !at_end;
        break;
    }
    case ANIM_WIGGLE: {
        float s = 1.0f + 0.1f * (float)lr_rate_eval(LR_RATE_THERE_AND_BACK, r);
        /* Manim's wiggle(t, wiggles=6), scaled by rotation_angle 0.01 turn. */
        float w = (float)(lr_rate_eval(LR_RATE_THERE_AND_BACK, r) * sin(6.0 * M_PI * r));
        lr_affine sc = affine_about(lr_affine_scale(s, s), a->c0);
        lr_affine ro = affine_about(lr_affine_rotate(w * 0.01f * TAU_F), a->c0);
        m->transform = lr_affine_then(lr_affine_then(a->t0, sc), ro);
        break;
    }
    case ANIM_MOVE_ALONG_PATH: {
        lr_vec2 p = to_parent_point(m, lr_path_point_from_proportion(&a->path, r));
        m->transform = lr_affine_then(a->t0, lr_affine_translate(p.x - a->c0.x, p.y - a->c0.y));
        break;
    }
    case ANIM_CHANGE_DECIMAL: {
        double v = at_end ? a->to : a->from + (a->to - a->from) * (double)r;
        return timeline_counter_set(tl, a->counter, v, false, err);
    }
    case ANIM_CAMERA: {
        lr_vec2 c = {a->c0.x + (a->vec.x - a->c0.x) * r, a->c0.y + (a->vec.y - a->c0.y) * r};
        lr_scene_set_camera(tl->scene, c, a->h0 + (a->f - a->h0) * r);
        break;
    }
    case ANIM_SET_VALUE:
        /* In double precision: r was rounded to float for the geometry. */
        timeline_value_apply(tl, a, alpha, lr_rate_eval(a->rate, alpha));
        break;
    case ANIM_WAIT:
    case ANIM_GROUP:
        break;
    }
    if (st != LR_OK)
        return lr_error_set(err, st, "animation: path operation failed");
    return LR_OK;
}
