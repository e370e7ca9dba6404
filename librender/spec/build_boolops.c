/* Manim's boolean operations (version 2): union, intersection, difference
 * and exclusion, each a new shape, the region its operands fill combined by
 * lr_path_boolean (GEOS). An operand is every path under its object, each
 * under its own fill rule, as it is at the frame being built (its
 * placement and what animations did to it); the validator makes the result
 * an object rebuilt per frame when an operand is rebuilt or an animation
 * moves or reshapes it, which is Manim's always_redraw(lambda:
 * Intersection(a, b)). The operands stay as they are, as in Manim. */
#include "spec/build_internal.h"

#include <librender/lr_boolean.h>

/* Curves become chords within this many scene units (0.14 px at 1080p,
 * 0.27 px at 4K); divided by the object's own scale when it enlarges. */
#define BOOLEAN_TOLERANCE 1e-3

typedef struct operand_paths {
    lr_boolean_path *items;
    size_t count, cap;
} operand_paths;

/* Every path under m, mapped to the scene. */
static bool add_paths(operand_paths *ops, const lr_mobject *m, int depth)
{
    if (m->kind == LR_MOBJECT_PATH && m->path.nsubpaths > 0) {
        lr_boolean_path *items = lr_grow(ops->items, &ops->cap, ops->count, sizeof *ops->items, 8);
        if (!items)
            return false;
        ops->items = items;
        ops->items[ops->count++] = (lr_boolean_path){&m->path, m->style.fill_rule, lr_mobject_world_transform(m)};
    }
    for (size_t i = 0; i < m->nchildren && depth < 64; i++)
        if (!add_paths(ops, m->children[i], depth + 1))
            return false;
    return true;
}

/* The paths of operand `id` appended to ops. */
static lr_status operand_of(bctx *c, const char *id, operand_paths *ops)
{
    const bobj *b = build_find(c, id);
    if (!b || !b->m)
        return build_fail(c, id, LR_ERR_INVALID_ARG, "no such shape");
    return add_paths(ops, b->m, 0) ? LR_OK : build_fail(c, id, LR_ERR_NOMEM, "out of memory");
}

/* out = a op b, a failure named by the object being built. */
static lr_status apply(bctx *c, lr_boolean_op op, const operand_paths *a, const operand_paths *b, float tol,
                       lr_path *out)
{
    lr_error err = {0};
    lr_status s = lr_path_boolean(out, op, a->items, a->count, b ? b->items : NULL, b ? b->count : 0, tol, &err);
    return s == LR_OK ? s : build_fail(c, str_or(c->cur, "id", ""), s, err.message);
}

lr_status build_boolean(bctx *c, const cJSON *o, const char *type, lr_path *out)
{
    float scale = (float)build_num(c, o, "scale", 1);
    float tol = (float)(BOOLEAN_TOLERANCE / fmax(1.0, scale));
    operand_paths a = {0}, b = {0};
    lr_status s = LR_OK;
    if (type[0] == 'u') {
        /* Every path of every shape in one operand: their union. */
        const cJSON *shapes = cJSON_GetObjectItemCaseSensitive(o, "shapes");
        for (const cJSON *e = shapes ? shapes->child : NULL; e && s == LR_OK; e = e->next)
            s = operand_of(c, e->valuestring, &a);
        if (s == LR_OK)
            s = apply(c, LR_BOOLEAN_UNION, &a, NULL, tol, out);
    } else if (type[0] == 'i') {
        /* The first two, then what is left cut down by each next one, as
         * Manim folds them. */
        const cJSON *shapes = cJSON_GetObjectItemCaseSensitive(o, "shapes");
        const cJSON *e = shapes ? shapes->child : NULL;
        if (e && e->next && (s = operand_of(c, e->valuestring, &a)) == LR_OK &&
            (s = operand_of(c, e->next->valuestring, &b)) == LR_OK)
            s = apply(c, LR_BOOLEAN_INTERSECTION, &a, &b, tol, out);
        for (e = e && e->next ? e->next->next : NULL; e && s == LR_OK; e = e->next) {
            lr_path r = *out;
            *out = (lr_path){0};
            lr_boolean_path so_far = {&r, LR_FILL_NONZERO, lr_affine_identity()};
            operand_paths left = {&so_far, 1, 1};
            b.count = 0;
            if ((s = operand_of(c, e->valuestring, &b)) == LR_OK)
                s = apply(c, LR_BOOLEAN_INTERSECTION, &left, &b, tol, out);
            lr_path_free(&r);
        }
    } else {
        if ((s = operand_of(c, str_or(o, "subject", ""), &a)) == LR_OK &&
            (s = operand_of(c, str_or(o, "clip", ""), &b)) == LR_OK)
            s = apply(c, type[0] == 'd' ? LR_BOOLEAN_DIFFERENCE : LR_BOOLEAN_EXCLUSION, &a, &b, tol, out);
    }
    free(a.items);
    free(b.items);
    if (s != LR_OK)
        lr_path_free(out);
    return s;
}
