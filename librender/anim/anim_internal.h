/* Internal view of animations and timelines, shared by anim.c (what each
 * animation does) and timeline.c (steps, snapshots, seeking). */
#ifndef LR_ANIM_INTERNAL_H
#define LR_ANIM_INTERNAL_H

#include <librender/lr_anim.h>

#include "scene/scene_internal.h"

typedef enum anim_kind {
    ANIM_CREATE,
    ANIM_UNCREATE,
    ANIM_DRAW_BORDER_THEN_FILL,
    ANIM_WRITE,
    ANIM_FADE_IN,
    ANIM_FADE_OUT,
    ANIM_GROW_FROM_CENTER,
    ANIM_GROW_FROM_POINT,
    ANIM_GROW_ARROW,
    ANIM_SPIN_IN,
    ANIM_TRANSFORM,
    ANIM_REPLACEMENT_TRANSFORM,
    ANIM_TRANSFORM_MATCHING,
    ANIM_MOVE_TO,
    ANIM_SHIFT,
    ANIM_SCALE,
    ANIM_ROTATE,
    ANIM_CHANGE_COLOR,
    ANIM_INDICATE,
    ANIM_CIRCUMSCRIBE,
    ANIM_FLASH,
    ANIM_FOCUS_ON,
    ANIM_WIGGLE,
    ANIM_MOVE_ALONG_PATH,
    ANIM_APPLY_MATRIX,
    ANIM_APPLY_FUNCTION,
    ANIM_CHANGE_DECIMAL,
    ANIM_CAMERA,
    ANIM_SET_VALUE,
    ANIM_WAIT,
    ANIM_GROUP
} anim_kind;

/* The state of one node that animations change, to put it back. */
typedef struct anim_node_state {
    lr_mobject *m;
    lr_path path; /* PATH nodes only */
    lr_mesh *mesh; /* MESH nodes only (owned, kept between captures): Create and Transform rewrite it */
    lr_style style;
    lr_affine transform;
    lr_map3 transform3;
    float opacity, z_index;
    bool visible;
} anim_node_state;

typedef struct anim_state_list {
    anim_node_state *items;
    size_t count, cap;
} anim_state_list;

/* Tells a capture not to descend below m (a counter's rebuilt children). */
typedef bool (*anim_skip_fn)(const lr_mobject *m, const void *user);

lr_status anim_state_capture(anim_state_list *list, lr_mobject *m, bool deep, anim_skip_fn skip, const void *user);
lr_status anim_state_restore(const anim_state_list *list);
void anim_state_clear(anim_state_list *list);
void anim_state_free(anim_state_list *list);

/* One path under an animated mobject, with what the animation needs of it. */
typedef struct anim_leaf {
    lr_mobject *m;
    lr_path a, b;   /* start and end paths (meaning depends on the kind) */
    lr_style sa, sb; /* start and end styles */
    float oa, ob;   /* start and end opacities */
    bool shown;     /* made visible while animating (padding, matched) */
    lr_affine to_space; /* images under a transform source: own -> source parent */
    lr_affine to_end;   /* images under a mapped mobject: to_space, then the map */
    /* Meshes under ApplyMatrix: own space -> scene as it begins, and scene
     * -> the mapped mobject's parent, where they then live. */
    lr_map3 to_scene3, from_scene3;
    /* Meshes under Create, Transform, ChangeColor: the mesh as it begins
     * and, for a Transform, the one it becomes (in the space it is drawn
     * in then), both owned. */
    lr_mesh *ma, *mb;
    bool fade; /* Transform: ma and mb do not match point for point: cross-faded */
} anim_leaf;

struct lr_anim {
    anim_kind kind;
    lr_mobject *m;      /* the animated mobject (source of transforms) */
    lr_mobject *target; /* transform target; Flash/FocusOn: `at` */
    double run_time, lag_ratio;
    lr_rate_func rate;
    bool run_time_set; /* groups: run_time given instead of computed */
    bool owned;        /* handed to a group: no one else may take it */

    lr_vec2 vec; /* shift, point, camera centre */
    lr_vec3 vec3; /* GrowFromPoint in 3D (has_vec3) */
    bool has_vec3;
    float f;     /* scale, angle, buff, frame height */
    lr_color color;
    int which;
    bool has_about;
    lr_path path; /* MoveAlongPath, scene space */
    lr_value_builder make;
    void *user;        /* make's or map's */
    lr_point_map map;  /* ApplyFunction */
    bool nonlinear;    /* ApplyFunction: subdivide first */
    double matrix[9];  /* ApplyMatrix, row-major 3x3 (a 2x2 one with z kept) */
    float about_z;     /* ApplyMatrix: z of its about point (vec: x, y) */
    double from, to;
    size_t counter; /* index of the timeline counter (ChangeDecimal) */
    size_t value;   /* SetValue: index of the timeline value */
    const lr_timeline *values_of; /* SetValue: the timeline that owns it */

    lr_anim **children; /* groups */
    size_t nchildren;
    double *starts, *ends, max_end;

    lr_mobject *helper; /* owned by the scene; created by lr_timeline_play */
    lr_mobject **pads;  /* children added to a transform source */
    size_t npads;

    /* Set when the step is flattened. */
    size_t order;
    double abs_start;
    double begin_time; /* seconds from the timeline's start, when it begins */
    lr_anim_begin_fn on_begin;
    void *on_begin_user;
    double abs_end;  /* SetValue: when it ends (step time) */
    bool warped;     /* under a group whose rate function is not linear */

    /* Begin data, valid while its step is prepared. */
    bool begun;
    anim_state_list saved;
    anim_leaf *leaves;
    size_t nleaves;
    size_t nsource; /* TransformMatchingShapes: leaves[nsource..] are the target's */
    /* TransformMatchingTex: parts[0..nsource_parts) under the source, the
     * rest under the target; part_class[i] equal for equal keys. */
    lr_mobject **parts;
    int *part_class;
    size_t nsource_parts, nparts;
    bool mismatches; /* transform_mismatches */
    anim_leaf *images; /* image mobjects under a transform source: they fade out */
    size_t nimages;
    anim_leaf *meshes; /* mesh mobjects under a map */
    size_t nmeshes;
    lr_affine t0, t1;
    lr_vec2 c0, c1;
    float o0, h0;
    double value0;
};

typedef struct tl_counter {
    lr_mobject *container;
    lr_value_builder make;
    void *user;
    double value0; /* at time 0 */
    double built;  /* the value the current children show */
} tl_counter;

/* A value (ValueTracker). `cur` is its value at the time being sought. */
typedef struct tl_value {
    double initial, initial_rate;
    double rate; /* at the time being sought: rate steps change it */
    double cur;
    const lr_anim *owner; /* the latest-starting SetValue applied this seek */
} tl_value;

typedef struct tl_updater {
    lr_mobject *container; /* NULL: scene-level */
    lr_update_fn fn;
    void *user;
    bool suspended; /* in the prepared step (a deep animation works on it) */
    lr_mobject *paths; /* a path updater's mobject (scene-level, suspended as a container's is), else NULL */
} tl_updater;

typedef struct tl_step {
    lr_step_kind kind;
    double start, duration;
    lr_anim *root;    /* PLAY: a group of the played animations */
    lr_anim **leaves; /* PLAY: leaf animations in the order they begin */
    size_t nleaves;
    lr_mobject *m; /* ADD, REMOVE, SET */
    lr_mobject_props props;
    size_t value; /* RATE: the value whose rate becomes `rate` */
    double rate;
} tl_step;

typedef struct tl_snapshot {
    bool valid;
    anim_state_list nodes;
    lr_vec2 camera_center;
    float frame_height;
    double *counter_values;
    double *values;
    double *rates;
} tl_snapshot;

struct lr_timeline {
    lr_scene *scene;
    tl_step *steps;
    size_t nsteps, cap_steps;
    double duration;
    tl_counter *counters;
    size_t ncounters, cap_counters;
    tl_value *values;
    size_t nvalues, cap_values;
    double tau; /* the step time values are at (SetValue's drift after its end) */
    tl_updater *updaters;
    size_t nupdaters, cap_updaters;
    /* Containers whose children the timeline rebuilds (counters and
     * updaters' containers): cached states skip below them and no step may
     * refer to a mobject inside them. */
    lr_mobject **rebuilt;
    size_t nrebuilt, cap_rebuilt;
    lr_mobject **mentioned; /* every mobject a step referred to */
    size_t nmentioned, cap_mentioned;
    tl_snapshot *snaps; /* nsteps + 1 when allocated */
    size_t nsnaps;
    long prepared; /* the play or wait step whose begin data is valid, or -1 */
    bool seeked;
};

/* anim.c */
/* Leaf animations only. */
lr_status anim_begin(lr_anim *a, lr_timeline *tl, lr_error *err);
lr_status anim_apply(lr_anim *a, lr_timeline *tl, double alpha, lr_error *err);
lr_status anim_restore(lr_anim *a, lr_timeline *tl, lr_error *err);
void anim_end(lr_anim *a);
/* Recomputes a group's child timings and run_time. */
void anim_group_layout(lr_anim *g);
/* Which role an animation gives the mobjects it refers to. */
bool anim_introduces(const lr_anim *a);
/* Transform, ReplacementTransform, TransformMatchingShapes. */
bool anim_is_transform(const lr_anim *a);
/* Whether the animation changes the nodes under m (not just m itself). */
bool anim_is_deep(const lr_anim *a);
/* Transforms and maps: the transforms under m are baked into its paths,
 * so nothing under m may be rebuilt by the timeline. */
bool anim_bakes(const lr_anim *a);
/* Manim's name of the animation, for messages. */
const char *anim_name(const lr_anim *a);
lr_anim *anim_new(anim_kind kind, lr_mobject *m);
/* Path mobjects under m, depth first (m itself when it is one). */
size_t anim_count_paths(const lr_mobject *m);

/* anim_mesh.c: meshes (a->meshes) under Create and its kin, Transform and
 * ChangeColor. The sub-alpha of part `index` of `count` (Manim's
 * get_sub_alpha with the rate applied). */
typedef float (*anim_sub_alpha_fn)(const lr_anim *a, double alpha, size_t index, size_t count);
/* ma := a copy of each mesh as it begins. */
lr_status anim_mesh_begin_copies(lr_anim *a);
/* How many parts Create shows one after another: polylines, triangles, dots. */
size_t anim_mesh_units(const lr_anim *a);
/* Parts from `index` on, of `total` in the animation. */
lr_status anim_mesh_apply_partial(lr_anim *a, double alpha, size_t index, size_t total, anim_sub_alpha_fn sub);
void anim_mesh_apply_color(lr_anim *a, float r);
/* targets: the target's meshes, to_space from their space to the source's
 * parent's; each source mesh takes the one at its place. */
lr_status anim_mesh_begin_transform(lr_anim *a, const anim_leaf *targets, size_t ntargets);
lr_status anim_mesh_apply_transform(lr_anim *a, float r, bool at_end);

/* timeline.c */
lr_status timeline_counter_set(lr_timeline *tl, size_t counter, double value, bool force, lr_error *err);
/* SetValue at its progress alpha (rate function applied: r). */
void timeline_value_apply(lr_timeline *tl, const lr_anim *a, double alpha, double r);

#endif
