/* Internal view of the scene tree, for the renderer, the animation engine and
 * the layout report. */
#ifndef LR_SCENE_INTERNAL_H
#define LR_SCENE_INTERNAL_H

#include <librender/lr_mesh.h>
#include <librender/lr_scene.h>

/* An image whose pixels the GPU computes (the spec's function_image):
 * `glsl` defines lr_fn(vec2 p), written from an expression by
 * librender/spec/expr_glsl.c; the renderer evaluates it at the point of
 * `domain` under each pixel (shaders/image/function.frag) and colours it:
 * a complex lr_fn (vec2) domain-coloured, a number (float) along `stops`. */
#define LR_IMAGE_FN_MAX_VARS 32
#define LR_IMAGE_FN_MAX_STOPS 8
typedef enum lr_image_fn_mode { LR_IMAGE_FN_DOMAIN = 0, LR_IMAGE_FN_GRADIENT } lr_image_fn_mode;
typedef struct lr_image_fn {
    char *glsl; /* owned */
    lr_image_fn_mode mode;
    float domain[4]; /* x0 y0 x1 y1: lr_fn's points at image_rect's corners (x0, y0) and (x1, y1) */
    float vars[LR_IMAGE_FN_MAX_VARS]; /* what lr_fn reads as u_vars: time and values, now */
    int nvars;
    lr_color stops[LR_IMAGE_FN_MAX_STOPS]; /* GRADIENT: from the value lo to the value hi */
    int nstops;
    float lo, hi;
    bool contours; /* DOMAIN: log-modulus bands */
} lr_image_fn;

/* A 3D affine map, row-major 3x4: p -> L p + t with L's rows m[0..2],
 * m[4..6], m[8..10] and t = (m[3], m[7], m[11]). */
typedef struct lr_map3 {
    float m[12];
} lr_map3;

lr_map3 lr_map3_identity(void);
/* A 2D map as meshes take it: x and y by t, z scaled by the square root of
 * its determinant (uniform scales scale z too, turns about z leave it). */
lr_map3 lr_map3_of_affine(lr_affine t);
/* `first`, then `then`. */
lr_map3 lr_map3_then(lr_map3 first, lr_map3 then);
/* false (out unchanged) when the map is flat. */
bool lr_map3_invert(lr_map3 a, lr_map3 *out);
lr_vec3 lr_map3_point(const lr_map3 *a, lr_vec3 p);
/* The map of normals: the cofactor matrix of a's linear part, which is
 * the inverse transpose times the determinant (so a normal turns as the
 * faces' cross products do), no translation. Apply it with
 * lr_map3_point. */
lr_map3 lr_map3_normals(const lr_map3 *a);
/* The cube root of the linear part's |determinant|: how sizes scale. */
float lr_map3_scale(const lr_map3 *a);
/* A mesh's own space to scene space: its 3D map, then the 2D transform
 * `to_scene` (which includes its own). */
lr_map3 lr_mesh_to_scene(const lr_mobject *m, lr_affine to_scene);
/* A 2D mobject (a path or a group of paths) added to `mesh` flat, as the
 * 3D layer draws it: fills triangulated by their fill rule, strokes as
 * polylines, each path's point (x, y) of the scene (its transforms and
 * opacities applied) at place (x, y, 0). Curves are flattened within
 * `tolerance` scene units. Each path is lifted LR_FLAT_LAYER_STEP more
 * along the plane's normal than the one before, starting at *layer (which
 * is advanced), so that what is drawn later is in front in the plane.
 * LR_ERR_UNSUPPORTED for images or meshes in the tree. */
#define LR_FLAT_LAYER_STEP 2e-5f
lr_status lr_mesh_add_flat(lr_mesh *mesh, const lr_mobject *m, const lr_map3 *place, float tolerance, float *layer);

struct lr_mobject {
    char *id;
    lr_mobject_kind kind;
    lr_path path;   /* PATH: in the mobject's own space */
    lr_style style; /* PATH */
    lr_image image; /* IMAGE: owned copy */
    lr_rect image_rect;
    uint32_t image_version; /* bumped whenever `image` changes, for GPU texture caches */
    lr_mesh *mesh;          /* MESH: owned */
    lr_image_fn *image_fn;  /* IMAGE computed by the GPU instead of from `image` (no pixels): owned */
    /* MESH: a 3D map of its points before `transform` (ApplyMatrix with a
     * 3x3 matrix); the identity for every other kind. */
    lr_map3 transform3;
    /* Manim's add_fixed_orientation_mobjects: drawn as in the frame but
     * moved, as a whole, so that its centre is where the 3D camera shows the
     * point (centre x, centre y, anchor_z). */
    bool fixed_orientation;
    float anchor_z;
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
    lr_camera3d camera3d;
};

/* A polyline of a mesh: points[first, first + count). */
typedef struct lr_mesh_line {
    uint32_t first, count;
    float width;
    lr_color color;
} lr_mesh_line;

typedef struct lr_mesh_dot {
    lr_vec3 center;
    float radius;
    lr_color color;
} lr_mesh_dot;

/* A triangle's outlined edges (bit k: from its vertex k to k + 1), drawn
 * on the triangle itself by the 3D layer: a grid's lines. */
typedef struct lr_mesh_edges {
    uint8_t mask;
    float width;
    lr_color color;
} lr_mesh_edges;

struct lr_mesh {
    lr_vec3 *points, *normals; /* vertices; a zero normal is computed when drawn */
    uint32_t nverts;
    size_t cap_verts;
    uint32_t *indices; /* 3 per triangle */
    lr_color *colors;  /* 1 per triangle */
    lr_mesh_edges *edges; /* 1 per triangle, or NULL: none outlined */
    uint32_t ntris;
    size_t cap_tris;
    lr_vec3 *line_points;
    uint32_t nline_points;
    size_t cap_line_points;
    lr_mesh_line *lines;
    size_t nlines, cap_lines;
    lr_mesh_dot *dots;
    size_t ndots, cap_dots;
    /* NULL, or per vertex the vertex it shares its place with (itself or
     * an earlier one, lr_mesh_weld): neighbours are found through it. */
    uint32_t *twin;
    bool unlit;
};

lr_mesh *lr_mesh_clone(const lr_mesh *mesh);
/* Makes dst what src is, reusing dst's buffers (no allocation once they
 * are large enough): animations put a mesh back and rewrite it per frame. */
lr_status lr_mesh_copy(lr_mesh *dst, const lr_mesh *src);

/* Where m and everything under it are in the 2D frame (scene units before
 * the 2D camera): meshes as the scene's 3D camera shows them. */
lr_rect lr_mobject_frame_bounds(const lr_scene *scene, const lr_mobject *m);

/* Whether m is a mesh or a group with one under it. */
bool lr_mobject_holds_mesh(const lr_mobject *m);

/* The camera's rotation R (row-major) of lr_camera3d_project. */
void lr_camera3d_rotation(const lr_camera3d *cam, float r[9]);
/* An IMAGE mobject whose pixels the GPU computes from `fn` (deep-copied)
 * over `rect` (scene units); NULL when memory runs out or fn has no glsl. */
lr_mobject *lr_mobject_create_image_fn(const lr_image_fn *fn, lr_rect rect);

/* One thing to draw, in final order. Pointers borrow from the scene, which
 * must outlive the list's use. */
typedef struct lr_draw_item {
    const lr_mobject *mobject;
    lr_mobject_kind kind; /* PATH, IMAGE or MESH */
    lr_affine transform;  /* own space -> scene space */
    float opacity;        /* product of the opacities down the tree */
} lr_draw_item;

typedef struct lr_draw_list {
    lr_draw_item *items;
    size_t count, cap;
} lr_draw_list;

/* Fills `list` (cleared first) with the visible path, image and mesh mobjects of
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
