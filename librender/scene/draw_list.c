#include "scene/scene_internal.h"
#include "core/grow.h"

#include <stdlib.h>

static lr_status push(lr_draw_list *list, lr_draw_item item)
{
    lr_draw_item *items = lr_grow(list->items, &list->cap, list->count, sizeof *items, 64);
    if (!items)
        return LR_ERR_NOMEM;
    list->items = items;
    list->items[list->count++] = item;
    return LR_OK;
}

/* Children in draw order: a stable insertion sort by z-index, since sibling
 * lists are short and usually already sorted. */
static lr_status sorted_children(const lr_mobject *m, const lr_mobject ***out)
{
    const lr_mobject **order = malloc(m->nchildren * sizeof *order);
    if (!order)
        return LR_ERR_NOMEM;
    for (size_t i = 0; i < m->nchildren; i++) {
        const lr_mobject *c = m->children[i];
        size_t j = i;
        while (j > 0 && order[j - 1]->z_index > c->z_index) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = c;
    }
    *out = order;
    return LR_OK;
}

lr_status lr_mobject_collect(const lr_mobject *m, lr_affine parent, float parent_opacity, lr_draw_list *list)
{
    if (!m->visible)
        return LR_OK;
    lr_affine t = lr_affine_then(m->transform, parent);
    float opacity = parent_opacity * m->opacity;
    if (opacity <= 0.0f)
        return LR_OK;
    if (m->kind != LR_MOBJECT_GROUP)
        return push(list, (lr_draw_item){m, m->kind, t, opacity});
    if (m->nchildren == 0)
        return LR_OK;
    const lr_mobject **order = NULL;
    lr_status s = sorted_children(m, &order);
    for (size_t i = 0; s == LR_OK && i < m->nchildren; i++)
        s = lr_mobject_collect(order[i], t, opacity, list);
    free(order);
    return s;
}

lr_status lr_scene_collect(const lr_scene *scene, lr_draw_list *list)
{
    list->count = 0;
    return lr_mobject_collect(scene->root, lr_affine_identity(), 1.0f, list);
}

void lr_draw_list_free(lr_draw_list *list)
{
    free(list->items);
    *list = (lr_draw_list){0};
}
