/* Internal view of the scene tree, for the renderer, the animation engine and
 * the layout report. */
#ifndef LR_SCENE_INTERNAL_H
#define LR_SCENE_INTERNAL_H

#include <librender/lr_scene.h>

struct lr_mobject {
    char *id;
    lr_mobject_kind kind;
    lr_path path;   /* PATH: in the mobject's own space */
    lr_style style; /* PATH */
    lr_image image; /* IMAGE: owned copy */
    lr_rect image_rect;
    uint32_t image_version; /* bumped whenever `image` changes, for GPU texture caches */
    lr_affine transform;    /* own space -> parent space */
    float opacity;
    float z_index;
    bool visible;
    lr_mobject *parent;
    lr_mobject **children;
    size_t nchildren, cap_children;
};

struct lr_scene {
    lr_mobject *root; /* a group */
    lr_color background;
    lr_vec2 camera_center;
    float frame_height;
};

/* One thing to draw, in final order. Pointers borrow from the scene, which
 * must outlive the list's use. */
typedef struct lr_draw_item {
    const lr_mobject *mobject;
    lr_mobject_kind kind; /* PATH or IMAGE */
    lr_affine transform;  /* own space -> scene space */
    float opacity;        /* product of the opacities down the tree */
} lr_draw_item;

typedef struct lr_draw_list {
    lr_draw_item *items;
    size_t count, cap;
} lr_draw_list;

/* Fills `list` (cleared first) with the visible path and image mobjects of
 * the scene, in drawing order: siblings by z-index, ties in insertion order. */
lr_status lr_scene_collect(const lr_scene *scene, lr_draw_list *list);
/* Same for one subtree, with `parent` the map from its parent's space to
 * scene space. */
lr_status lr_mobject_collect(const lr_mobject *m, lr_affine parent, float parent_opacity, lr_draw_list *list);
void lr_draw_list_free(lr_draw_list *list);

/* Map from the mobject's own space to scene space (its ancestors' transforms
 * applied). */
lr_affine lr_mobject_world_transform(const lr_mobject *m);
/* Exact bounds of everything under m with m's own transform and then
 * `after` applied (after = the parent's world transform: tight scene
 * bounds, however the ancestors turn it). */
lr_rect lr_mobject_bounds_under(const lr_mobject *m, lr_affine after);

#endif
