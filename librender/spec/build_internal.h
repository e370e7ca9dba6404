/* What the builder's three files share: build.c (a section: objects built
 * and placed, the layout, the timeline), build_objects.c (each object
 * type's shape) and live.c (expressions evaluated now, what they read of
 * objects, and the updaters that rebuild what changes at every frame). */
#ifndef LR_SPEC_BUILD_INTERNAL_H
#define LR_SPEC_BUILD_INTERNAL_H

#include "code/code.h"
#include "core/grow.h"
#include "spec/spec_expr.h"
#include "spec/spec_internal.h"
#include "spec/vocab.h"
#include "scene/scene_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEG (3.14159265358979323846 / 180.0)
#define CAMERA_PARAMS 5 /* phi, theta, gamma, zoom, focal_distance */
#define GRAPH_SAMPLES 200

typedef struct axes_map {
    double x0, x1, y0, y1; /* ranges, in linear coordinates: exponents on a log axis */
    double sx, sy;         /* scene units per linear unit */
    /* A plane's matrix (version 2): its points are M's image about the
     * plane's origin `o` (in the coordinates its mobject is built in). */
    bool mapped;
    double m[4]; /* row-major: x' = m[0] x + m[1] y */
    lr_vec2 o;
    /* Manim's LogBase (version 2): the coordinate v of a log axis stands at
     * log_base(v) of its linear range. */
    bool log[2];
    double base[2];
} axes_map;

typedef struct bobj {
    const char *id;
    const char *type;
    const cJSON *json;
    lr_mobject *m;
    bool in_group;
    bool in_scene; /* handed to the scene, which owns it now */
    bool is_axes;
    axes_map axes;
    double value; /* decimal: its value at the step being compiled */
    spec_decimal *decimal;
    /* Line-likes: the ends as built, in the coordinates of the path that
     * holds them (start and end queries map them to the scene). */
    lr_vec2 p0, p1;
    bool has_ends;
    int name; /* its index among the section's names (spec_name), or -1 */
    double shown_at; /* when the timeline first brings it in (s), -1 before it is known */
    bool live;       /* m is the container an updater refills (SN_DYNAMIC) */
    int rows, cols;  /* a matrix's entries (its parts: shape_of(b) -> {entries, brackets}), a table's
                        grid with its labels, a bar chart's bars (rows) */
    struct trace_samples *trace; /* traced_path: where its point has been */
    struct field_lines *field;   /* stream_lines: its lines, integrated once when the field reads only x and y */
    struct graph_built *graph;   /* graph, digraph: its vertices, edges and their mobjects (build_graph.c) */
} bobj;

/* Where a traced path's point was at regular times, sampled on a second
 * build of the section (build_sample_traces), so that any frame can be drawn
 * in any order: the path at t is the samples up to t and the point at t. */
typedef struct trace_samples {
    lr_vec2 *points; /* at k / TRACE_HZ seconds */
    size_t count;
} trace_samples;

#define TRACE_HZ 60.0

typedef struct bctx bctx;
struct live_obj;
typedef struct map_job map_job;

struct bctx {
    const lr_spec *spec;
    const spec_section *sec;
    size_t index;
    lr_orientation orientation;
    lr_scene *scene;
    lr_timeline *tl;
    lr_error *err;
    bobj objs[SPEC_MAX_OBJECTS + 1 + LR_LAYOUT_MAX_LINES];
    size_t nobjs;
    lr_mobject *lines[LR_LAYOUT_MAX_LINES];
    int current_line;
    lr_vec2 camera_center;
    float camera_height;
    struct tex_pre *pre; /* formulas compiled ahead, in one TeX run */
    size_t npre;
    /* Narration timing (timing.c): this step's run_time/wait factor. */
    double step_scale;
    /* Expressions (version 2) are evaluated with these slots: the time,
     * a graph's x or a curve's t, then the section's values. */
    double vars[SPEC_SLOT_VALUES + SPEC_MAX_OBJECTS];
    bobj *named[SPEC_MAX_OBJECTS + 1 + LR_LAYOUT_MAX_LINES]; /* by spec_name index, once built */
    bool nan_seen; /* an expression had no value: the object shows nothing */
    /* Objects rebuilt per frame (version 2), each an updater of the
     * timeline; the state then outlives the build, in spec->res->live. */
    struct live_obj *live;
    size_t nlive, cap_live;
    double live_time; /* the time vars[] hold, NAN before the first update */
    struct live_anim *live_anims;
    map_job *map_jobs; /* the maps' parameters, read as they begin (build_maps.c) */
    struct bar_job *bar_jobs; /* ChangeBarValues' bars, shaped as they begin (build_charts.c) */
    bool graph_updaters;      /* graphs' edges follow their vertices (build_graph.c): this state outlives the build */
    struct camera_move *moves;
    size_t nmoves, cap_moves;
    bool camera_follows;
    bctx *next_live;
    bool shadow; /* the second build that only samples traced paths */
    const cJSON *cur; /* the object being built, for the JSON path of failures */
    struct image_entry *images; /* each image file decoded once (see build_collect_images) */
    size_t nimages;
    int64_t image_decoded, image_kept; /* pixels, against SPEC_MAX_IMAGE_PIXELS */
    lr_spec_errors *check; /* lr_spec_check: failures of objects are listed here, and building goes on */
    /* A 3D section (version 2, build_three_d.c): its "camera", the
     * timeline values of phi, theta, gamma, zoom and focal distance, and
     * whether anything turns it (then an updater sets it per frame). */
    const cJSON *camera;
    size_t camera_values[CAMERA_PARAMS];
    bool camera_turns;
};

/* An animation whose parameters are expressions read as it begins. */
typedef struct live_anim {
    bctx *c;
    const cJSON *json;
    struct live_anim *next;
} live_anim;

/* A MoveCamera of a step, for the camera that follows an expression. */
struct camera_move {
    double start, duration;
    lr_rate_func rate;
    const cJSON *follow; /* its center when that is an expression of what changes, else NULL */
    lr_vec2 target;      /* the center the animation itself moves to */
};
typedef struct camera_move camera_move;

/* An object rebuilt at every frame, in its container. */
typedef struct live_obj {
    bctx *c;
    size_t index;     /* in c->objs */
    lr_mobject *base; /* SN_FOLLOWS: the shape, built once and unplaced; placed again per frame */
} live_obj;


#define TEX_MAX_COLORS 64
#define ANGLE_LABEL_SIZE 36
#define COMPLEX_LABEL_SIZE 24 /* Manim's NumberPlane axis_config font_size */

/* A formula compiled ahead of its object (see build_prefetch_tex). */
typedef struct tex_pre {
    const char *src;
    float font_size;
    lr_color color;
    const cJSON *map; /* the object's tex_to_color_map node, or NULL */
    lr_mobject *m;    /* NULL once taken */
    const cJSON *obj; /* a tex object compiled in parts (version 2), else NULL */
} tex_pre;

/* ---- small readers of validated JSON ---- */

static inline bool bool_or(const cJSON *o, const char *key, bool fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

static inline const char *str_or(const cJSON *o, const char *key, const char *fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : fallback;
}

static inline bool color_of(const cJSON *o, const char *key, lr_color *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && lr_color_parse(v->valuestring, out);
}

/* Bounds in scene space, whatever the mobject's parents. */
static inline lr_rect world_bounds(const lr_mobject *m)
{
    lr_rect r = lr_mobject_bounds(m);
    if (m->parent)
        r = lr_rect_transform(r, lr_mobject_world_transform(m->parent));
    return r;
}

static inline lr_vec2 rect_center(lr_rect r)
{
    return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f};
}

/* Applies `m` after the mobject's own transform. */
static inline void transform_by(lr_mobject *mob, lr_affine m)
{
    lr_mobject_set_transform(mob, lr_affine_then(lr_mobject_get_transform(mob), m));
}

static inline void move_center_to(lr_mobject *m, lr_vec2 target)
{
    lr_rect b = lr_mobject_bounds(m);
    if (lr_rect_is_empty(b))
        return;
    lr_vec2 c = rect_center(b);
    transform_by(m, lr_affine_translate(target.x - c.x, target.y - c.y));
}

static inline void scale_about_center(lr_mobject *m, float s, float radians)
{
    lr_rect b = lr_mobject_bounds(m);
    if (lr_rect_is_empty(b))
        return;
    lr_vec2 c = rect_center(b);
    lr_affine a = lr_affine_translate(-c.x, -c.y);
    a = lr_affine_then(a, lr_affine_scale(s, s));
    a = lr_affine_then(a, lr_affine_rotate(radians));
    a = lr_affine_then(a, lr_affine_translate(c.x, c.y));
    transform_by(m, a);
}

/* A coordinate of axis 0 (x) or 1 (y) in the axis' linear units, and back. */
static inline double axes_linear(const axes_map *a, int axis, double v)
{
    return !a->log[axis] ? v : v > 0 ? log(v) / log(a->base[axis]) : NAN;
}

static inline double axes_value(const axes_map *a, int axis, double u)
{
    return a->log[axis] ? pow(a->base[axis], u) : u;
}

/* Where the other axis crosses axis `axis`, in its linear units: at 0 when
 * 0 is in range, else at the range's start (a log axis: its start). */
static inline double axes_cross_linear(const axes_map *a, int axis)
{
    double lo = axis ? a->y0 : a->x0, hi = axis ? a->y1 : a->x1;
    return !a->log[axis] && lo <= 0 && 0 <= hi ? 0 : lo;
}

/* The point of linear coordinates (u, v), in the coordinates the axes'
 * mobject is built in. */
static inline lr_vec2 axes_point_linear(const axes_map *a, double u, double v)
{
    lr_vec2 p = {(float)((u - (a->x0 + a->x1) * 0.5) * a->sx), (float)((v - (a->y0 + a->y1) * 0.5) * a->sy)};
    if (!a->mapped)
        return p;
    double dx = p.x - a->o.x, dy = p.y - a->o.y;
    return (lr_vec2){(float)(a->o.x + a->m[0] * dx + a->m[1] * dy), (float)(a->o.y + a->m[2] * dx + a->m[3] * dy)};
}

/* The point of coordinates (x, y) (Manim's c2p before the axes' placement):
 * NaN where a log axis has no such coordinate. */
static inline lr_vec2 axes_point(const axes_map *a, double x, double y)
{
    return axes_point_linear(a, axes_linear(a, 0, x), axes_linear(a, 1, y));
}

/* axes_point as an affine map: what an object on a plane ("plane") is
 * transformed by, before the plane's own transform. */
static inline lr_affine axes_affine(const axes_map *a)
{
    lr_affine r = {(float)a->sx, 0, 0, (float)a->sy, (float)(-(a->x0 + a->x1) * 0.5 * a->sx),
                   (float)(-(a->y0 + a->y1) * 0.5 * a->sy)};
    if (!a->mapped)
        return r;
    lr_affine m = {(float)a->m[0], (float)a->m[2], (float)a->m[1], (float)a->m[3], 0, 0};
    r = lr_affine_then(r, lr_affine_translate(-a->o.x, -a->o.y));
    r = lr_affine_then(r, m);
    return lr_affine_then(r, lr_affine_translate(a->o.x, a->o.y));
}

/* The mobject that holds an object's shape as built (with its placement):
 * m itself, or the one child of its container when it is rebuilt per frame. */
static inline const lr_mobject *shape_of(const bobj *b)
{
    return b->live && b->m && b->m->nchildren == 1 ? b->m->children[0] : b->m;
}

/* ---- what expressions read of objects (spec_query) ---- */

/* The first path under m (m itself when it is one). */
static inline const lr_mobject *first_path(const lr_mobject *m)
{
    if (!m || m->kind == LR_MOBJECT_PATH)
        return m;
    for (size_t i = 0; i < m->nchildren; i++) {
        const lr_mobject *p = first_path(m->children[i]);
        if (p)
            return p;
    }
    return NULL;
}

static inline lr_vec2 world_point(const lr_mobject *m, lr_vec2 p)
{
    return lr_affine_apply(lr_mobject_world_transform(m), p);
}


/* build.c: the section, objects placed, the timeline */
lr_status build_content(bctx *c, const cJSON *o, bobj *b, lr_mobject **out);
lr_status build_fail(bctx *c, const char *what, lr_status status, const char *detail);
lr_status build_fail_field(bctx *c, const char *field, lr_status status, const char *detail);
bobj *build_find(bctx *c, const char *id);
void build_place_content(bctx *c, const cJSON *o, lr_mobject *m);
lr_status build_section(const lr_spec *spec, size_t index, const lr_section_timing *timing, bool shadow,
                        lr_spec_errors *check, bctx **out, lr_scene **scene, lr_timeline **timeline, lr_error *err);
void build_prefetch_tex(bctx *c, const cJSON *objects);
/* The mobjects a target names (an object, or the mobjects of its part:
 * m.row(1)), at most cap; 0 when it names nothing built. */
size_t build_targets_of(bctx *c, const char *ref, lr_mobject **out, size_t cap);

/* build_objects.c: the shapes of the object types */
lr_status build_angle(bctx *c, const cJSON *o, lr_mobject **out);
lr_status build_area(bctx *c, const cJSON *o, lr_mobject **out);
lr_status build_arrow(lr_path *p, lr_vec2 a, lr_vec2 b, float tip, bool both);
lr_status build_asset(bctx *c, const cJSON *o, bool svg, lr_mobject **out);
void build_collect_images(bctx *c, const cJSON *objects, int depth);
void build_release_images(bctx *c);
lr_status build_axes(bctx *c, const cJSON *o, bobj *self, bool plane, lr_mobject **out);
void complex_label(char *buf, size_t size, double v, bool imaginary);
lr_status build_curve(bctx *c, const cJSON *o, bool parametric, lr_mobject **out);
lr_mobject *build_decimal_make(double value, void *user);
lr_status build_ensure_tex(bctx *c);
lr_status build_ensure_text(bctx *c);
/* Catmull-Rom through the samples, as cubics; a new subpath after each run
 * of samples that are not ok (ok NULL: all are). */
lr_status build_smooth_curve(lr_path *p, const lr_vec2 *pts, const bool *ok, int n);
lr_status build_path_mobject(bctx *c, const cJSON *o, lr_path *path, bool filled, lr_mobject **out);
lr_style build_style(bctx *c, const cJSON *o, bool filled);
/* Manim's color_gradient: colour i of n spread evenly over the stops, the last
 * one the last stop (a bar chart's bars, Riemann rectangles). */
lr_color build_color_gradient(const lr_color *stops, int nstops, size_t i, size_t n);
lr_status build_tangent(bctx *c, const cJSON *o, lr_mobject **out);
lr_status build_tex(bctx *c, const char *src, float font_size, lr_color color, const cJSON *map, lr_mobject **out);
lr_tex_style build_tex_style(float font_size, lr_color color, const cJSON *map, lr_tex_color *colors);
/* A tex object's formula: in parts (its spans, up to SPEC_MAX_TEX_PARTS,
 * in `spans`) when it has two or more (version 2), else whole. */
lr_status build_tex_object(bctx *c, const cJSON *o, float font_size, lr_color color, lr_mobject **out);
/* How many parts build_tex_object cuts o into (0: it is built whole), with
 * their spans. */
size_t build_tex_parts(const bctx *c, const cJSON *o, lr_tex_span *spans);
lr_status build_text(bctx *c, const char *utf8, float font_size, lr_color color, lr_mobject **out);
lr_status build_tex_many(bctx *c, const char *const *srcs, size_t n, float font_size, lr_color color,
                         lr_mobject **outs);
lr_status build_matrix(bctx *c, const cJSON *o, bobj *b, lr_mobject **out);
lr_status build_text_styled(bctx *c, const char *utf8, float font_size, lr_color color, const cJSON *o,
                            lr_mobject **out);
lr_status build_trace(bctx *c, const cJSON *o, const bobj *b, lr_mobject **out);

/* build_axes.c: what is drawn on axes and number lines (version 2) */

/* A function graph's y(x): the validator's expression (version 2, which
 * may read values and objects) or one compiled here (version 1). */
typedef struct graph_fn {
    bctx *c;
    const bobj *graph, *axes;
    const lr_expr *expr;
    lr_expr *own;
    double lo, hi;  /* its x range */
    lr_affine to_scene; /* the graph's axes coordinates (axes_point) to the scene, as the graph is drawn */
} graph_fn;
lr_status build_graph_open(bctx *c, const bobj *graph, const char *what, graph_fn *g);
double build_graph_y(const graph_fn *g, double x);
/* An object's "graph", and its "bounded_graph" when it has one (*bounded). */
lr_status build_graphs_open(bctx *c, const cJSON *o, const char *what, graph_fn *g, graph_fn *b, bool *bounded);
/* The scene point of the graph's axes coordinates (x, y). */
lr_vec2 build_graph_c2p(const graph_fn *g, double x, double y);
void build_graph_close(graph_fn *g);
/* The expression of a field: the validator's (version 2) or compiled here
 * in x and t (version 1, into *own). NULL when neither compiles. */
const lr_expr *build_field_expr(bctx *c, const cJSON *o, const char *key, lr_expr **own, lr_error *e);

/* The ticks and numbers of one axis of an axes (build_axes): the x axis is
 * 0, the y axis 1; `a` is already log-scaled as its configs say. */
void build_axes_scaling(bctx *c, const cJSON *o, axes_map *a);
lr_status build_axis_marks(bctx *c, const cJSON *o, const axes_map *a, int axis, bool tips, lr_color color,
                           lr_path *ticks, lr_mobject *group);
/* A point field of o, given in the axes of its "in" when it has one. */
lr_vec2 build_in_axes(bctx *c, const cJSON *o, const char *key, lr_vec2 p);
lr_status build_number_line(bctx *c, const cJSON *o, bobj *self, lr_mobject **out);
/* The formula a graph_label or a pointer will ask build_tex for, so that
 * build_prefetch_tex compiles it with the section's others. */
bool build_axes_label_of(bctx *c, const cJSON *o, tex_pre *out);
lr_status build_pointer(bctx *c, const cJSON *o, bobj *self, lr_mobject **out);
lr_status build_axis_line(bctx *c, const cJSON *o, bobj *self, lr_mobject **out);
lr_status build_graph_label(bctx *c, const cJSON *o, lr_mobject **out);
lr_status build_line_graph(bctx *c, const cJSON *o, lr_mobject **out);
lr_status build_riemann(bctx *c, const cJSON *o, lr_mobject **out);

/* build_maps.c: ApplyMatrix, ApplyFunction, ApplyComplexFunction */
lr_anim *build_map_anim(bctx *c, const cJSON *a, lr_mobject *m, lr_status *st);
/* Animations that move together as one (the parts of a map or of a camera
 * turn): each linear, the group smooth (or the rate the spec sets on it),
 * so every part is the same fraction of the way at a time. Takes the k
 * animations; one is returned as it is. */
lr_anim *build_group_together(lr_anim *const *each, size_t k);
void build_free_maps(bctx *c);

/* build_marks.c: braces, and what marks an object or part (version 2):
 * surrounding and background rectangles, underlines, crosses */
bool build_is_mark(const char *type);
lr_status build_mark(bctx *c, const cJSON *o, const char *type, lr_mobject **out);
/* Background rectangles drawn just below their targets, function images
 * just below their planes (before the timeline is made). */
void build_order_marks(bctx *c);

/* build_boolops.c: union, intersection, difference, exclusion (version 2):
 * the result's outline in scene space, into out (empty on entry) */
lr_status build_boolean(bctx *c, const cJSON *o, const char *type, lr_path *out);

/* build_charts.c: bar charts, tables, their parts, ChangeBarValues */
lr_status build_bar_chart(bctx *c, const cJSON *o, bobj *b, lr_mobject **out);
lr_status build_table(bctx *c, const cJSON *o, bobj *b, bool math, lr_mobject **out);
/* The mobjects of a part of a bar chart or a table (shape: shape_of(b)). */
size_t build_chart_parts(const bobj *b, lr_mobject *shape, const vocab_part_ref *pr, lr_mobject **out, size_t cap);
lr_anim *build_change_bar_values(bctx *c, const cJSON *a, lr_status *st);
void build_free_bar_jobs(bctx *c);

/* build_graph.c: graphs and digraphs, their parts, their edges' updaters */
lr_status build_graph(bctx *c, const cJSON *o, bobj *b, lr_mobject **out);
size_t build_graph_parts(const bobj *b, const vocab_part_ref *pr, lr_mobject **out, size_t cap);
/* A path updater per edge of each graph built once, so that edges follow
 * their vertices (before the objects' updaters, which may read edges). */
lr_status build_add_graph_updaters(bctx *c);
void build_graph_free(struct graph_built *g);

/* build_code.c: code listings (Manim's Code) and their parts */
lr_status build_code(bctx *c, const cJSON *o, bobj *b, lr_mobject **out);
/* The mobject of a part of a code object (shape: shape_of(b)). */
size_t build_code_parts(lr_mobject *shape, const vocab_part_ref *pr, lr_mobject **out, size_t cap);

/* build_fields.c: vector fields and stream lines */
lr_status build_vector_field(bctx *c, const cJSON *o, lr_mobject **out);
lr_status build_stream_lines(bctx *c, const cJSON *o, bobj *self, lr_mobject **out);
void build_field_free(struct field_lines *f);

/* build_three_d.c: 3D sections: the camera and the 3D objects */
bool build_in_3d(const bctx *c, const cJSON *o);
/* build_flat3d.c: a 2D object in a section with a camera, not fixed in the
 * frame, is placed in 3D: *m (built and placed in 2D) is replaced by its
 * flat mesh, turned by rotation_axis and moved by a 3D position. */
bool build_flat_in_3d(const bctx *c, const cJSON *o);
lr_status build_flatten_3d(bctx *c, const cJSON *o, lr_mobject **m);
/* fixed_orientation: m drawn in the frame, its centre following the
 * camera's picture of its 3D position (lr_mobject.fixed_orientation). */
void build_fix_orientation(bctx *c, const cJSON *o, lr_mobject *m);
/* The placement a shape takes when built and at each live update: its 2D
 * place (build_place_content), then fixed_orientation, then, for a 2D
 * object in 3D, its flat mesh in its stead (*m replaced). *m, detached from
 * any container, is the caller's to destroy on failure too. */
lr_status build_place_shape(bctx *c, const cJSON *o, lr_mobject **m);
/* Rodrigues: a turn by `angle` radians about the unit axis a through p. */
lr_map3 build_turn_about(lr_vec3 a, float angle, lr_vec3 p);
/* [x, y] (z 0) or [x, y, z], items may be expressions; or one expression
 * of a point in the plane z = 0. */
lr_vec3 build_point3(bctx *c, const cJSON *v, lr_vec3 fallback);
lr_status build_3d_content(bctx *c, const cJSON *o, bobj *b, lr_mobject **out);
lr_status build_camera_start(bctx *c);  /* after the timeline's values */
lr_status build_camera_finish(bctx *c); /* after the steps */
/* MoveCamera's 2D move with the turns of its 3D fields, together. */
lr_anim *build_camera_turn(bctx *c, const cJSON *a, lr_anim *move);
/* GrowArrow of an arrow or vector drawn in 3D: from its start, in 3D
 * (Manim's GrowArrow of an Arrow3D); NULL for a 2D one. */
lr_anim *build_grow_arrow3(bctx *c, const cJSON *a, lr_mobject *m);
/* What an expression reads of an object drawn in 3D: x, y, z of its 3D
 * box's centre (Manim's get_x, get_y, get_z); points (center, start, end,
 * point_from_proportion, three_d_axes' c2p(x, y, z)) and the box's sides,
 * width and height where the camera draws them in the frame. */
bool build_query3(bctx *c, const bobj *b, spec_query q, const expr_value *args, int nargs, expr_value *out);
lr_status build_ambient_rotation(bctx *c, const cJSON *step);

/* build_function_image.c: images the GPU computes from an expression */
lr_status build_function_image(bctx *c, const cJSON *o, lr_mobject **out);

/* live.c: expressions evaluated now, what they read of objects, what
 * changes per frame */
lr_status build_add_values_and_updaters(bctx *c);
expr_env build_env(bctx *c);
bool build_changes(const bctx *c, const cJSON *v);
void build_free_live(bctx *c);
lr_status build_live_update(lr_mobject *container, double t, void *user, lr_error *err);
lr_status build_note_camera_move(bctx *c, const cJSON *a, double start, double duration, lr_rate_func rate);
double build_num(bctx *c, const cJSON *o, const char *key, double fallback);
/* e's value with its own variables (x and y, or z = x + iy) at (x, y). */
expr_value build_eval_at(bctx *c, const lr_expr *e, double x, double y);
/* Sets the time and the values expressions read to theirs at t. */
void build_live_set_time(bctx *c, double t);
double build_number_of(bctx *c, const cJSON *v, double fallback);
lr_vec2 build_point(bctx *c, const cJSON *v);
void build_range(bctx *c, const cJSON *o, const char *key, double def0, double def1, double def_step, double r[3]);
void build_release(spec_resources *res);
lr_status build_sample_traces(bctx *c, const lr_section_timing *timing, lr_error *err);
lr_vec2 build_vec(bctx *c, const cJSON *o, const char *key, lr_vec2 fallback);
lr_status build_watch_anim(bctx *c, lr_anim *r, const cJSON *a);
lr_status build_follow_camera(lr_mobject *none, double t, void *user, lr_error *err);

#endif
