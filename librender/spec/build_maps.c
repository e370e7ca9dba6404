/* Maps of the plane (version 2): ApplyMatrix, ApplyFunction and
 * ApplyComplexFunction. On a plane or axes, or on an object drawn on one,
 * the map is in that plane's coordinates, and a map of the plane carries
 * what is drawn on it ("plane" or "axes"), so that one ApplyMatrix moves
 * the grid, the basis vectors and the vectors together, as Manim's
 * LinearTransformationScene moves its transformable mobjects. The frame is
 * where the plane was placed, without its own "matrix": maps then compose
 * with it as matrices do (M after M0). ApplyMatrix of what is drawn in 3D
 * is a 3x3 matrix (or a 2x2 one leaving z) in scene coordinates, as
 * Manim's, carrying what is drawn on 3D axes with them. */
#include "spec/build_internal.h"

typedef enum map_kind { MAP_MATRIX, MAP_FUNCTION, MAP_COMPLEX } map_kind;

/* A vector carried by a map of a plane: rebuilt at its mapped ends, its tip
 * as it was (Manim's LinearTransformationScene moves its vectors with
 * get_vector_movement, Vector(func(v.get_end())), not pointwise, so tips
 * keep their shape under any matrix). */
typedef struct map_vector {
    lr_mobject *src, *target; /* target: the scene's, hidden, nameless */
    float tip;
    map_job *job;
    struct map_vector *next;
} map_vector;

struct map_job {
    bctx *c;
    map_vector *vectors;
    const cJSON *json;
    map_kind kind;
    lr_affine to_plane, from_plane; /* scene <-> the plane's coordinates (identity off a plane) */
    double m[4];                    /* MAP_MATRIX, read when the animation begins */
    lr_vec2 about;
    const lr_expr *x, *y, *f;
    struct map_job *next;
};

static lr_vec2 map_point(lr_vec2 q, void *user)
{
    map_job *j = user;
    lr_vec2 p = lr_affine_apply(j->to_plane, q), r;
    switch (j->kind) {
    case MAP_MATRIX: {
        double dx = p.x - j->about.x, dy = p.y - j->about.y;
        r = (lr_vec2){(float)(j->about.x + j->m[0] * dx + j->m[1] * dy),
                      (float)(j->about.y + j->m[2] * dx + j->m[3] * dy)};
        break;
    }
    case MAP_FUNCTION:
        r = (lr_vec2){(float)build_eval_at(j->c, j->x, p.x, p.y).x, (float)build_eval_at(j->c, j->y, p.x, p.y).x};
        break;
    case MAP_COMPLEX: {
        expr_value z = build_eval_at(j->c, j->f, p.x, p.y);
        r = (lr_vec2){(float)z.x, (float)z.y};
        break;
    }
    }
    return lr_affine_apply(j->from_plane, r);
}

/* What a map reads as it begins: the time and values its expressions see,
 * and a matrix or about point written as expressions. */
static void map_at_begin(lr_anim *a, double t, void *user)
{
    (void)a;
    map_job *j = user;
    bctx *c = j->c;
    build_live_set_time(c, t);
    if (j->kind != MAP_MATRIX)
        return;
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(j->json, "matrix");
    int k = 0;
    for (const cJSON *row = rows ? rows->child : NULL; row; row = row->next)
        for (const cJSON *e = row->child; e && k < 4; e = e->next, k++)
            j->m[k] = build_number_of(c, e, k == 0 || k == 3 ? 1 : 0);
    j->about = build_vec(c, j->json, "about_point", (lr_vec2){0, 0});
}

/* A 3D ApplyMatrix reads its matrix (a 2x2 one padded, Manim's
 * initialize_matrix) and about point as it begins. */
static void map3_at_begin(lr_anim *a, double t, void *user)
{
    map_job *j = user;
    bctx *c = j->c;
    build_live_set_time(c, t);
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(j->json, "matrix");
    double m[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    int i = 0;
    for (const cJSON *row = rows ? rows->child : NULL; row && i < 3; row = row->next, i++) {
        int k = 0;
        for (const cJSON *e = row->child; e && k < 3; e = e->next, k++)
            m[3 * i + k] = build_number_of(c, e, i == k ? 1 : 0);
    }
    lr_vec3 about = build_point3(c, cJSON_GetObjectItemCaseSensitive(j->json, "about_point"), (lr_vec3){0, 0, 0});
    lr_anim_set_matrix3(a, m, &about);
}

/* The vector's tail and tip now, in the scene: its path's first point and
 * the point farthest from it (the tip's apex), as build_arrow lays it out
 * and as a Transform to the last rebuild leaves it. */
static void vector_ends(const lr_mobject *v, lr_vec2 *tail, lr_vec2 *tip)
{
    const lr_path *p = &v->path;
    lr_affine w = lr_mobject_world_transform(v);
    uint32_t far = 0;
    float best = -1;
    for (uint32_t i = 0; i < p->npoints; i++) {
        float dx = p->points[i].x - p->points[0].x, dy = p->points[i].y - p->points[0].y;
        if (dx * dx + dy * dy > best) {
            best = dx * dx + dy * dy;
            far = i;
        }
    }
    *tail = lr_affine_apply(w, p->points[0]);
    *tip = lr_affine_apply(w, p->points[far]);
}

static void vector_at_begin(lr_anim *a, double t, void *user)
{
    map_vector *v = user;
    map_job *j = v->job;
    map_at_begin(a, t, j);
    lr_vec2 tail, tip;
    vector_ends(v->src, &tail, &tip);
    lr_vec2 p0 = lr_affine_apply(j->to_plane, map_point(tail, j));
    lr_vec2 p1 = lr_affine_apply(j->to_plane, map_point(tip, j));
    lr_path path = {0};
    if (build_arrow(&path, p0, p1, v->tip, false) == LR_OK) {
        lr_path_transform(&path, j->from_plane);
        lr_path_free(&v->target->path);
        v->target->path = path;
    } else {
        lr_path_free(&path);
    }
}

/* A Transform of a carried vector into its rebuild, or NULL (out of
 * memory). */
static lr_anim *vector_anim(map_job *j, const bobj *b)
{
    map_vector *v = calloc(1, sizeof *v);
    lr_mobject *target = v ? lr_mobject_clone(b->m) : NULL;
    if (target) {
        free(target->id); /* lr_scene_find finds the vector, not this */
        target->id = NULL;
        target->transform = lr_affine_identity();
        target->visible = false;
    }
    if (!target || lr_scene_add(j->c->scene, target) != LR_OK) {
        lr_mobject_destroy(target);
        free(v);
        return NULL;
    }
    lr_anim *r = lr_anim_transform(b->m, target);
    if (!r) {
        free(v);
        return NULL;
    }
    bool basis = strcmp(b->type, "i_hat") == 0 || strcmp(b->type, "j_hat") == 0;
    *v = (map_vector){b->m, target, (float)build_num(j->c, b->json, "tip_length", basis ? 0.25 : 0.35), j, j->vectors};
    j->vectors = v;
    lr_anim_on_begin(r, vector_at_begin, v);
    return r;
}

static bool is_vector(const bobj *b)
{
    static const char *const types[] = {"vector", "arrow", "i_hat", "j_hat"};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (strcmp(b->type, types[i]) == 0)
            return b->m && b->m->kind == LR_MOBJECT_PATH && !b->live;
    return false;
}

/* The plane whose coordinates a map of `b` is in: b itself when it is a
 * plane or axes, else the one it is drawn on, else NULL (the scene's). */
static const bobj *frame_of(bctx *c, const bobj *b)
{
    if (!b)
        return NULL;
    if (b->is_axes)
        return b;
    const bobj *p = build_find(c, str_or(b->json, "plane", ""));
    if (!p)
        p = build_find(c, str_or(b->json, "axes", ""));
    return p && p->is_axes && p->m ? p : NULL;
}

/* Whether an ancestor of m is among the first n of list. */
static bool held_by(const lr_mobject *m, lr_mobject *const *list, size_t n)
{
    for (const lr_mobject *p = m->parent; p; p = p->parent)
        for (size_t i = 0; i < n; i++)
            if (list[i] == p)
                return true;
    return false;
}

lr_anim *build_group_together(lr_anim *const *each, size_t k)
{
    if (k == 1)
        return each[0];
    for (size_t i = 0; i < k; i++)
        lr_anim_set_rate_func(each[i], LR_RATE_LINEAR, NULL);
    lr_anim *g = lr_anim_group(each, k, 0);
    if (g)
        lr_anim_set_rate_func(g, LR_RATE_SMOOTH, NULL);
    return g;
}

/* ApplyMatrix in 3D: the target and what is on it (3D axes). */
static lr_anim *map3_anim(map_job *j, const bobj *target, lr_mobject *m, lr_status *st)
{
    bctx *c = j->c;
    lr_mobject *moved[SPEC_MAX_OBJECTS + 1];
    size_t n = 0;
    moved[n++] = m;
    for (size_t i = 0; target && target->m == m && i < c->nobjs; i++) {
        const bobj *b = &c->objs[i];
        if (b != target && b->m && strcmp(str_or(b->json, "axes", ""), target->id) == 0)
            moved[n++] = b->m;
    }
    lr_anim *each[SPEC_MAX_OBJECTS + 1];
    size_t k = 0;
    static const double identity[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
    for (size_t i = 0; i < n; i++) {
        if (held_by(moved[i], moved, n))
            continue; /* its group carries it */
        each[k] = lr_anim_apply_matrix3(moved[i], identity, NULL);
        if (!each[k]) {
            for (size_t q = 0; q < k; q++)
                lr_anim_destroy(each[q]);
            *st = build_fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
            return NULL;
        }
        lr_anim_on_begin(each[k], map3_at_begin, j);
        k++;
    }
    return build_group_together(each, k);
}

lr_anim *build_map_anim(bctx *c, const cJSON *a, lr_mobject *m, lr_status *st)
{
    const char *name = str_or(a, "anim", "");
    map_job *j = calloc(1, sizeof *j);
    if (!j) {
        *st = build_fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
        return NULL;
    }
    *j = (map_job){.c = c, .json = a, .to_plane = lr_affine_identity(), .from_plane = lr_affine_identity(),
                   .m = {1, 0, 0, 1}, .next = c->map_jobs};
    c->map_jobs = j;
    j->kind = strcmp(name, "ApplyMatrix") == 0 ? MAP_MATRIX : strcmp(name, "ApplyFunction") == 0 ? MAP_FUNCTION
                                                                                                  : MAP_COMPLEX;
    const spec_expr *x = spec_exprs_find(&c->sec->exprs, cJSON_GetObjectItemCaseSensitive(a, "x"));
    const spec_expr *y = spec_exprs_find(&c->sec->exprs, cJSON_GetObjectItemCaseSensitive(a, "y"));
    const spec_expr *f = spec_exprs_find(&c->sec->exprs, cJSON_GetObjectItemCaseSensitive(a, "f"));
    j->x = x ? x->expr : NULL;
    j->y = y ? y->expr : NULL;
    j->f = f ? f->expr : NULL;
    if ((j->kind == MAP_FUNCTION && (!j->x || !j->y)) || (j->kind == MAP_COMPLEX && !j->f))
        return NULL; /* not validated: compile_on reports it */

    bobj *target = build_find(c, str_or(a, "target", ""));
    if (j->kind == MAP_MATRIX && lr_mobject_holds_mesh(m))
        return map3_anim(j, target, m, st);
    const bobj *plane = target && target->m == m ? frame_of(c, target) : NULL;
    if (plane) {
        axes_map base = plane->axes;
        base.mapped = false;
        j->from_plane = lr_affine_then(axes_affine(&base), lr_mobject_world_transform(shape_of(plane)));
        if (!lr_affine_invert(j->from_plane, &j->to_plane)) {
            *st = build_fail(c, plane->id, LR_ERR_INVALID_ARG, "the plane is flat: its coordinates have no inverse");
            return NULL;
        }
    }
    /* The target, and on a plane what is drawn on it. */
    lr_mobject *moved[SPEC_MAX_OBJECTS + 1];
    const bobj *whose[SPEC_MAX_OBJECTS + 1];
    size_t n = 0;
    whose[n] = target && target->m == m ? target : NULL;
    moved[n++] = m;
    for (size_t i = 0; target && target->is_axes && target->m == m && i < c->nobjs; i++) {
        const bobj *b = &c->objs[i];
        if (b != target && b->m && (strcmp(str_or(b->json, "plane", ""), target->id) == 0 ||
                                    strcmp(str_or(b->json, "axes", ""), target->id) == 0)) {
            whose[n] = b;
            moved[n++] = b->m;
        }
    }
    lr_anim *each[SPEC_MAX_OBJECTS + 1];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (held_by(moved[i], moved, n))
            continue; /* its group carries it */
        bool rebuilt = plane && whose[i] && is_vector(whose[i]);
        each[k] = rebuilt ? vector_anim(j, whose[i]) : lr_anim_apply_function(moved[i], map_point, j, j->kind != MAP_MATRIX);
        if (!each[k]) {
            for (size_t q = 0; q < k; q++)
                lr_anim_destroy(each[q]);
            *st = build_fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
            return NULL;
        }
        if (!rebuilt)
            lr_anim_on_begin(each[k], map_at_begin, j);
        k++;
    }
    return build_group_together(each, k);
}

void build_free_maps(bctx *c)
{
    while (c->map_jobs) {
        map_job *next = c->map_jobs->next;
        while (c->map_jobs->vectors) {
            map_vector *v = c->map_jobs->vectors;
            c->map_jobs->vectors = v->next;
            free(v);
        }
        free(c->map_jobs);
        c->map_jobs = next;
    }
}
