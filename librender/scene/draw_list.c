#include "scene/scene_internal.h"
#include "core/grow.h"

#include <librender/lr_mesh.h>

#include <math.h>
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

static lr_status collect(const lr_mobject *m, lr_affine parent, float parent_opacity, const lr_camera3d *cam,
                         lr_draw_list *list)
{
    if (!m->visible)
        return LR_OK;
    lr_affine t = lr_affine_then(m->transform, parent);
    if (m->fixed_orientation && cam) {
        /* Its centre follows the camera's picture of its 3D point; its
         * shape stays as in the frame (Manim's transform_points_pre_display
         * for fixed-orientation mobjects). */
        lr_rect b = lr_mobject_bounds_under(m, parent);
        if (!lr_rect_is_empty(b)) {
            lr_vec2 c = {(b.x0 + b.x1) * 0.5f, (b.y0 + b.y1) * 0.5f};
            lr_vec3 p = lr_camera3d_project(cam, (lr_vec3){c.x, c.y, m->anchor_z});
            if (isfinite(p.x) && isfinite(p.y))
                t = lr_affine_then(t, lr_affine_translate(p.x - c.x, p.y - c.y));
        }
    }
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
        s = collect(order[i], t, opacity, cam, list);
    free(order);
    return s;
}

lr_status lr_mobject_collect(const lr_mobject *m, lr_affine parent, float parent_opacity, lr_draw_list *list)
{
    return collect(m, parent, parent_opacity, NULL, list);
}

lr_status lr_scene_collect(const lr_scene *scene, lr_draw_list *list)
{
    list->count = 0;
    return collect(scene->root, lr_affine_identity(), 1.0f, &scene->camera3d, list);
}

void lr_draw_list_free(lr_draw_list *list)
{
    free(list->items);
    *list = (lr_draw_list){0};
}
