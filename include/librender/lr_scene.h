/* librender: mobjects (vector objects with a style and a transform), groups,
 * and the scene that holds them.
 *
 * A mobject is a node: a path with a style, an image, or a group of
 * children. Each node has an affine transform to its parent's space, an
 * opacity that multiplies down the tree, and a z-index; siblings draw in
 * increasing z-index, ties in insertion order, and a group's children draw
 * together at the group's place in its parent's order.
 *
 * Transforms move points; they never change stroke widths (as in Manim,
 * scaling a shape keeps its outline's width).
 *
 * Ownership: lr_mobject_add_child and lr_scene_add take ownership of the
 * child; destroying a group or a scene destroys everything under it.
 */
#ifndef LR_SCENE_H
#define LR_SCENE_H

#include "lr_path.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lr_line_join { LR_JOIN_MITER = 0, LR_JOIN_ROUND, LR_JOIN_BEVEL } lr_line_join;
typedef enum lr_line_cap { LR_CAP_BUTT = 0, LR_CAP_ROUND, LR_CAP_SQUARE } lr_line_cap;
typedef enum lr_fill_rule { LR_FILL_NONZERO = 0, LR_FILL_EVENODD } lr_fill_rule;

typedef struct lr_style {
    lr_color fill;      /* alpha 0: no fill */
    lr_color stroke;    /* alpha 0 or width 0: no stroke */
    float stroke_width; /* in scene units (Manim's stroke_width 4 is 0.04) */
    lr_line_join join;
    lr_line_cap cap;
    lr_fill_rule fill_rule;
    float miter_limit; /* as in SVG: miter length / stroke width; default 4 */
} lr_style;

/* No fill, a white stroke 0.04 units wide, miter joins, butt caps. */
LR_API lr_style lr_style_default(void);

/* MESH: 3D triangles, polylines and dots (lr_mesh.h). */
typedef enum lr_mobject_kind { LR_MOBJECT_PATH = 0, LR_MOBJECT_IMAGE, LR_MOBJECT_GROUP, LR_MOBJECT_MESH } lr_mobject_kind;

typedef struct lr_mobject lr_mobject;

/* A path mobject; `path` is copied (NULL for an empty path). */
LR_API lr_mobject *lr_mobject_create_path(const lr_path *path, lr_style style);
/* An image mobject drawn in the box `rect` (scene units); `image` is copied. */
LR_API lr_mobject *lr_mobject_create_image(const lr_image *image, lr_rect rect);
LR_API lr_mobject *lr_mobject_create_group(void);
/* A deep copy, children included. */
LR_API lr_mobject *lr_mobject_clone(const lr_mobject *m);
LR_API void lr_mobject_destroy(lr_mobject *m);

LR_API lr_mobject_kind lr_mobject_get_kind(const lr_mobject *m);
/* An id is a name to find the mobject by (lr_scene_find); copied. */
LR_API lr_status lr_mobject_set_id(lr_mobject *m, const char *id);
LR_API const char *lr_mobject_get_id(const lr_mobject *m);

LR_API lr_status lr_mobject_add_child(lr_mobject *group, lr_mobject *child);
LR_API size_t lr_mobject_child_count(const lr_mobject *m);
LR_API lr_mobject *lr_mobject_child(const lr_mobject *m, size_t index);

/* The path in the mobject's own space; NULL unless the kind is PATH. The
 * mobject owns it; edit it in place to animate. */
LR_API lr_path *lr_mobject_path(lr_mobject *m);
LR_API const lr_path *lr_mobject_path_const(const lr_mobject *m);
LR_API void lr_mobject_set_style(lr_mobject *m, lr_style style);
LR_API lr_style lr_mobject_get_style(const lr_mobject *m);
/* Sets the style of m and of every path under it. */
LR_API void lr_mobject_set_style_recursive(lr_mobject *m, lr_style style);
LR_API void lr_mobject_set_transform(lr_mobject *m, lr_affine transform);
LR_API lr_affine lr_mobject_get_transform(const lr_mobject *m);
LR_API void lr_mobject_set_opacity(lr_mobject *m, float opacity);
LR_API float lr_mobject_get_opacity(const lr_mobject *m);
LR_API void lr_mobject_set_z_index(lr_mobject *m, float z);
LR_API float lr_mobject_get_z_index(const lr_mobject *m);
LR_API void lr_mobject_set_visible(lr_mobject *m, bool visible);
LR_API bool lr_mobject_get_visible(const lr_mobject *m);

/* Exact bounds of everything under m, in the space of m's parent (that is,
 * with m's own transform applied). Empty for an empty group. */
LR_API lr_rect lr_mobject_bounds(const lr_mobject *m);

/* ---- scene -------------------------------------------------------------- */

typedef struct lr_scene lr_scene;

LR_API lr_scene *lr_scene_create(void);
LR_API void lr_scene_destroy(lr_scene *scene);
LR_API lr_status lr_scene_add(lr_scene *scene, lr_mobject *m);
/* Detaches m (anywhere in the tree) and returns it to the caller, or NULL. */
LR_API lr_mobject *lr_scene_remove(lr_scene *scene, lr_mobject *m);
/* The mobject with this id, searched depth-first, or NULL. */
LR_API lr_mobject *lr_scene_find(const lr_scene *scene, const char *id);
LR_API lr_mobject *lr_scene_root(lr_scene *scene);
LR_API void lr_scene_set_background(lr_scene *scene, lr_color color);
LR_API lr_color lr_scene_get_background(const lr_scene *scene);
/* The camera: the centre of the frame and its height in scene units
 * (8 by default). Panning and zooming change these. */
LR_API void lr_scene_set_camera(lr_scene *scene, lr_vec2 center, float frame_height);
LR_API void lr_scene_get_camera(const lr_scene *scene, lr_vec2 *center, float *frame_height);

#ifdef __cplusplus
}
#endif
#endif
