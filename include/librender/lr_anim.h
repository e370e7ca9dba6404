/* librender: animations, rate functions and the timeline, modelled on Manim's
 * Python API (Create, Write, FadeIn, Transform, LaggedStart, ...).
 *
 * An lr_anim describes how some mobjects of a scene change over its run time.
 * Animations are gathered into an lr_timeline, a sequence of steps (play,
 * wait, add, remove, set). lr_timeline_seek(tl, t) puts the scene into its
 * exact state at time t, whatever the order of the seeks: the encoder renders
 * frame k at time k/fps and the preview scrubs back and forth. A timeline
 * may also hold values (Manim's ValueTracker) and updaters (always_redraw,
 * add_updater) that rebuild mobjects from them at every seek; see the
 * timeline section below.
 *
 * Ownership:
 *  - An lr_anim belongs to its creator until it is handed to a group
 *    constructor (lr_anim_group, ...) or to lr_timeline_play, which take it
 *    over, even when they fail.
 *  - Animations never own mobjects. Every mobject an animation refers to must
 *    be in the timeline's scene when the animation is played; a mobject with
 *    no parent is added to the scene root at that moment (the scene owns it
 *    from then on), hidden until an animation or an add step introduces it.
 *  - Helper shapes some animations draw (the frame of Circumscribe, the lines
 *    of Flash, the spot of FocusOn) are created by lr_timeline_play, added
 *    hidden to the scene root and owned by the scene.
 *
 * Visibility: a mobject that appears for the first time in the timeline in
 * an introducing animation (Create, Write, DrawBorderThenFill, FadeIn, Grow*,
 * SpinInFromNothing, the target of any transform) or in an add step is
 * hidden from time 0 and shown when that animation starts or at that step
 * (a Transform target stays hidden). Uncreate, FadeOut, the source of
 * ReplacementTransform / TransformMatchingShapes and remove steps hide it at
 * their end. The scene tree keeps its shape: removing hides, it does not
 * detach.
 *
 * Angles are radians, counter-clockwise; points and vectors are in scene
 * coordinates (Manim's: the frame is 8 units high, y up). Times in seconds.
 */
#ifndef LR_ANIM_H
#define LR_ANIM_H

#include "lr_mesh.h"
#include "lr_scene.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- rate functions (Manim's exact formulas) ---------------------------- */

typedef enum lr_rate_func {
    LR_RATE_DEFAULT = 0, /* the animation's own default (as in Manim); smooth when evaluated */
    LR_RATE_LINEAR,
    LR_RATE_SMOOTH,
    LR_RATE_RUSH_INTO,
    LR_RATE_RUSH_FROM,
    LR_RATE_THERE_AND_BACK,
    LR_RATE_THERE_AND_BACK_WITH_PAUSE,
    LR_RATE_EASE_IN_CUBIC,
    LR_RATE_EASE_OUT_CUBIC,
    LR_RATE_EASE_IN_OUT_CUBIC,
    LR_RATE_DOUBLE_SMOOTH,
    LR_RATE_WIGGLE,
    LR_RATE_COUNT_
} lr_rate_func;

/* f(t) with t clamped to [0, 1] first (Manim's unit_interval). */
LR_API double lr_rate_eval(lr_rate_func f, double t);
/* By Manim's name: "linear", "smooth", "rush_into", "rush_from",
 * "there_and_back", "there_and_back_with_pause", "ease_in_cubic",
 * "ease_out_cubic", "ease_in_out_cubic", "double_smooth", "wiggle".
 * Returns false (and leaves *out alone) for an unknown name. */
LR_API bool lr_rate_func_parse(const char *name, lr_rate_func *out);
/* The name lr_rate_func_parse accepts; "default" for LR_RATE_DEFAULT. */
LR_API const char *lr_rate_func_name(lr_rate_func f);

/* ---- animations --------------------------------------------------------- */

typedef struct lr_anim lr_anim;

/* Every constructor returns a new animation with Manim's defaults for
 * run_time, rate_func and lag_ratio, or NULL when an argument is invalid (a
 * NULL mobject, a non-finite number) or memory runs out. */

/* Create: draws the outline of each path from its start (partial curves),
 * with lag_ratio 1 over the paths of a group. */
LR_API lr_anim *lr_anim_create(lr_mobject *m);
/* Uncreate: Create backwards; hides m at the end. */
LR_API lr_anim *lr_anim_uncreate(lr_mobject *m);
/* DrawBorderThenFill: first half draws each path's outline (in its stroke
 * colour, or its fill colour when it has no stroke) with no fill, second
 * half fades to the real style. run_time 2, rate double_smooth. */
LR_API lr_anim *lr_anim_draw_border_then_fill(lr_mobject *m);
/* Write: DrawBorderThenFill glyph by glyph: linear, lag_ratio
 * min(4 / n, 0.2) over the n paths, run_time 1 (2 when n >= 15). */
LR_API lr_anim *lr_anim_write(lr_mobject *m);
/* FadeIn: opacity 0 -> its own; starts displaced by -shift and scaled by
 * `scale` about its centre (shift {0,0}, scale 1: a plain fade). */
LR_API lr_anim *lr_anim_fade_in(lr_mobject *m, lr_vec2 shift, float scale);
/* FadeOut: opacity -> 0 while moving by +shift and scaling by `scale`;
 * hides m at the end. */
LR_API lr_anim *lr_anim_fade_out(lr_mobject *m, lr_vec2 shift, float scale);
/* GrowFromCenter / GrowFromPoint: from a point (scaled by 0) to its shape. */
LR_API lr_anim *lr_anim_grow_from_center(lr_mobject *m);
LR_API lr_anim *lr_anim_grow_from_point(lr_mobject *m, lr_vec2 point);
/* GrowFromPoint about a point in 3D: a mesh mobject (a 3D arrow's start,
 * Manim's GrowArrow of an Arrow3D) grows from it along all three axes;
 * anything else as lr_anim_grow_from_point with its x and y. */
LR_API lr_anim *lr_anim_grow_from_point3(lr_mobject *m, lr_vec3 point);
/* GrowArrow: grows from the first point of m's first path. */
LR_API lr_anim *lr_anim_grow_arrow(lr_mobject *m);
/* SpinInFromNothing: grows from its centre while turning by `angle`
 * (Manim's default is pi/2), points moving along arcs. */
LR_API lr_anim *lr_anim_spin_in_from_nothing(lr_mobject *m, float angle);

/* Transform: source morphs into the shape, style and opacity of target (as
 * the target is when the step starts). The paths of both are listed depth
 * first; the shorter list is padded with degenerate paths at its centre (a
 * group source receives the extra children, hidden, when the animation is
 * played); each pair is aligned with lr_path_align_pair and interpolated.
 * When the source is a single path and the target a group, the target's paths
 * are merged into one. Transforms under the source are baked into its paths
 * (the source's own and its descendants' transforms become identity). The
 * target is only read: like an introduced mobject, it is hidden from time 0
 * when no earlier step referred to it, and Transform never shows it. */
LR_API lr_anim *lr_anim_transform(lr_mobject *source, lr_mobject *target);
/* ReplacementTransform: Transform, then source hidden and target shown. */
LR_API lr_anim *lr_anim_replacement_transform(lr_mobject *source, lr_mobject *target);
/* TransformMatchingShapes: paths of source and target with the same shape
 * (same curves up to a translation) morph into each other; the others fade
 * out (source) or in (target). At the end source is hidden, target shown. */
LR_API lr_anim *lr_anim_transform_matching_shapes(lr_mobject *source, lr_mobject *target);

/* A part of a mobject for lr_anim_transform_matching_parts: a mobject under
 * it and the key it is matched by (a formula part's TeX). */
typedef struct lr_anim_part {
    lr_mobject *m;
    const char *key;
} lr_anim_part;

/* TransformMatchingTex (Manim's): source and target are cut into parts,
 * each with a key. The paths of the source's parts whose key the target
 * has morph into the target's parts of that key, in order (when one side
 * has more paths of a key, the other's are shared out among them). The
 * source's other paths (those of parts the target has no key of, and those
 * in no part) fade out while moving by the offset from their centre to the
 * centre of the target's unmatched paths, which fade in where they are, as
 * Manim's FadeOut(target_position=) and FadeIn; with
 * `transform_mismatches` the unmatched paths morph into each other instead.
 * At the end source is hidden, target shown. Keys are compared when the
 * animation is made and not kept; the part mobjects must stay under source
 * and target. */
LR_API lr_anim *lr_anim_transform_matching_parts(lr_mobject *source, const lr_anim_part *source_parts,
                                                 size_t nsource, lr_mobject *target,
                                                 const lr_anim_part *target_parts, size_t ntarget,
                                                 bool transform_mismatches);

/* Moves m so that its bounding-box centre lands on `point`. */
LR_API lr_anim *lr_anim_move_to(lr_mobject *m, lr_vec2 point);
LR_API lr_anim *lr_anim_shift(lr_mobject *m, lr_vec2 offset);
/* Scales about `about` (NULL: m's centre when the step starts). */
LR_API lr_anim *lr_anim_scale(lr_mobject *m, float factor, const lr_vec2 *about);
/* Rotates by `angle` about `about` (NULL: m's centre); the angle itself is
 * interpolated, so points move along arcs. */
LR_API lr_anim *lr_anim_rotate(lr_mobject *m, float angle, const lr_vec2 *about);
/* Rotating: Rotate with Manim's Rotating defaults, run_time 5 and rate
 * linear (Manim's angle is 2 pi, one turn; `about` NULL: m's centre). */
LR_API lr_anim *lr_anim_rotating(lr_mobject *m, float angle, const lr_vec2 *about);

/* Which colours ChangeColor changes (bit flags). */
enum { LR_COLOR_FILL = 1, LR_COLOR_STROKE = 2, LR_COLOR_BOTH = 3 };
/* ChangeColor: every path's fill and/or stroke colour moves to `color`
 * (r, g, b only: each keeps its own alpha). */
LR_API lr_anim *lr_anim_change_color(lr_mobject *m, lr_color color, int which);

/* Indicate: scales by `scale_factor` (Manim: 1.2) about its centre and turns
 * `color` (Manim: YELLOW), then back; rate there_and_back. */
LR_API lr_anim *lr_anim_indicate(lr_mobject *m, float scale_factor, lr_color color);
/* Circumscribe: a rectangle `buff` (Manim: 0.1) outside m's bounds passes
 * round it as a flash (ShowPassingFlash, time_width 0.3). */
LR_API lr_anim *lr_anim_circumscribe(lr_mobject *m, lr_color color, float buff);
/* Flash: 12 short lines burst out from the centre of `at` (or from `point`
 * when `at` is NULL). */
LR_API lr_anim *lr_anim_flash(lr_mobject *at, lr_vec2 point, lr_color color);
/* FocusOn: a large translucent grey spot shrinks onto the centre of `at` (or
 * `point`); run_time 2; the spot is hidden at the end. */
LR_API lr_anim *lr_anim_focus_on(lr_mobject *at, lr_vec2 point);
/* Wiggle: scales up to 1.1 and back while rocking 6 times by 0.01 turn;
 * run_time 2. */
LR_API lr_anim *lr_anim_wiggle(lr_mobject *m);
/* MoveAlongPath: m's centre follows `path` (scene coordinates, copied) from
 * proportion 0 to 1, spread over its curves as Manim does. */
LR_API lr_anim *lr_anim_move_along_path(lr_mobject *m, const lr_path *path);

/* Maps of the plane: Manim's ApplyMatrix, ApplyFunction,
 * ApplyPointwiseFunction and ApplyComplexFunction, each a Transform of m to
 * its image with every point mapped. The map is in scene coordinates,
 * whatever the transforms of m, its ancestors and its descendants: as
 * Transform does, the transforms under m are baked into its paths (m's own
 * and its descendants' become identity, their opacities move into the
 * paths) and the tree keeps its shape. Every point of every path under m
 * (deep) moves on the straight segment from where it is when the step
 * starts to its image, by the rate function's proportion; at the end the
 * paths are the images. Style and visibility are untouched (m is not
 * introduced: like a Transform source, a fresh m stays hidden until a step
 * shows it). An image (LR_MOBJECT_IMAGE) under m follows the map with its
 * box: exactly under ApplyMatrix; under ApplyFunction, through the affine
 * map that takes three corners of its box to their images when the fourth
 * corner and the centre fit it within LR_MAP_TOLERANCE (a map that is
 * affine there), otherwise moved so that its centre goes to the centre's
 * image (a drawn image cannot bend). As for a Transform source, nothing
 * under m may be rebuilt by the timeline (an updater's container, a
 * ChangeDecimalToValue counter): lr_timeline_play refuses it. */

/* ApplyFunction's subdivision (`nonlinear`): each curve is split into
 * equal pieces until the image of every piece (lr_path_map_smooth: the
 * cubic through the images of its ends, tangent to the mapped curve there)
 * is within LR_MAP_TOLERANCE scene units of the mapped curve
 * (lr_path_map_pieces; 1/70 of a pixel at 1080p), at most
 * LR_MAP_MAX_PIECES pieces per curve. Past LR_MAP_MAX_POINTS points over
 * all the paths of the animation, every curve's pieces beyond the first
 * shrink in proportion: the anchors stay exact images, the curves between
 * them coarser (no failure). Measured, z -> z^2 on a unit circle (4
 * curves): 8 pieces per curve, 5e-5 from the mapped curve; Manim's 50
 * pieces with mapped handles are 9e-5 from it; a straight line stays one
 * curve (its image is a parabola, exact). */
#define LR_MAP_TOLERANCE 1e-4f
#define LR_MAP_MAX_PIECES 64u
#define LR_MAP_MAX_POINTS (1u << 20)

/* ApplyFunction (ApplyPointwiseFunction, ApplyComplexFunction with z as
 * (x, y)): `map` takes a scene point to its image; it is called when the
 * step begins (at every seek that begins the step, never per frame), so it
 * must give the same image for the same point, and `user` must outlive the
 * timeline. `nonlinear` false: every control point is mapped as it is
 * (exact for an affine map, Manim's apply_function); true: the paths are
 * first subdivided as above and each handle follows the map's derivative
 * at its anchor (Manim's prepare_for_nonlinear_transform, with images
 * that are smooth wherever the source is). A map that gives a non-finite
 * point makes the seek that begins the step fail (LR_ERR_INVALID_ARG,
 * naming the point). run_time 1 (Manim's ApplyFunction; its
 * ApplyPointwiseFunction is 3 s), rate smooth. Manim's ApplyComplexFunction
 * moves points along arcs of angle arg f(1); here they go straight. NULL
 * map: NULL. */
LR_API lr_anim *lr_anim_apply_function(lr_mobject *m, lr_point_map map, void *user, bool nonlinear);
/* ApplyMatrix: p -> M (p - about) + about, with M = [[a, b], [c, d]] given
 * row-major as matrix[] = {a, b, c, d} and `about` NULL for the origin
 * (Manim's default about_point ORIGIN). Exact: a path's image under an
 * affine map is the path of its mapped control points, so nothing is
 * subdivided. run_time 3 (Manim's), rate smooth. Non-finite entries: NULL. */
LR_API lr_anim *lr_anim_apply_matrix(lr_mobject *m, const double matrix[4], const lr_vec2 *about);
/* ApplyMatrix with a 3x3 matrix (row-major, 9 entries): p -> M (p - about)
 * + about in 3D, `about` NULL for the origin. Meshes (lr_mesh.h) under m
 * take it whole, their vertices on straight paths and their normals by the
 * inverse transpose, through their 3D map (no vertex is rewritten); paths
 * take its upper left 2x2 block (their plane z = 0 seen from above). A 2x2
 * matrix (lr_anim_apply_matrix) is this with z left alone, as Manim pads
 * it. ApplyFunction does not move meshes. run_time 3, rate smooth.
 * Non-finite entries: NULL. */
LR_API lr_anim *lr_anim_apply_matrix3(lr_mobject *m, const double matrix[9], const lr_vec3 *about);
/* ApplyMatrix's matrix, e.g. from an lr_anim_on_begin hook, where it is
 * read when the animation begins. Ignored for other animations and for
 * non-finite entries. */
LR_API void lr_anim_set_matrix(lr_anim *a, const double matrix[4]);
/* The same with a 3x3 matrix, and the about point when not NULL. */
LR_API void lr_anim_set_matrix3(lr_anim *a, const double matrix[9], const lr_vec3 *about);

/* Builds the mobject that shows `value` (e.g. text from the text module).
 * Returns a new mobject (ownership passes to the caller) or NULL. */
typedef lr_mobject *(*lr_value_builder)(double value, void *user);
/* ChangeDecimalToValue: `container` (a GROUP) holds one child, rebuilt with
 * make(v, user) as v goes from `from` to `to`. The timeline calls make when
 * a seek needs another value, so `user` must outlive the timeline. Within
 * the same step, other animations on the container may change only its own
 * transform and opacity (FadeIn, Shift, ...), not its children. */
LR_API lr_anim *lr_anim_change_decimal(lr_mobject *container, lr_value_builder make, void *user, double from,
                                       double to);

/* MovingCamera: pans the scene camera to `center` and zooms to show
 * `frame_height` units vertically (lr_scene_set_camera). */
LR_API lr_anim *lr_anim_camera_move(lr_vec2 center, float frame_height);

/* Wait: nothing happens for `seconds` (finite, >= 0; NULL otherwise). As an
 * animation it puts a delay inside a step: Succession(Wait(d), FadeIn(m))
 * fades m in after d seconds. Rate linear. */
LR_API lr_anim *lr_anim_wait(double seconds);

/* Groups take ownership of the n animations in `anims` (even on failure;
 * the array itself stays the caller's).
 * AnimationGroup: child i starts when child i-1 is `lag_ratio` through
 * (0: all together). Its run_time is that of the longest timing unless set. */
LR_API lr_anim *lr_anim_group(lr_anim *const *anims, size_t n, double lag_ratio);
/* Succession: one after the other (lag_ratio 1). */
LR_API lr_anim *lr_anim_succession(lr_anim *const *anims, size_t n);
/* LaggedStart: AnimationGroup with lag_ratio (Manim's default 0.05). */
LR_API lr_anim *lr_anim_lagged_start(lr_anim *const *anims, size_t n, double lag_ratio);

/* Parameters that depend on the scene when the animation begins (a MoveTo
 * to where another mobject has got to, a SetValue to a value read then):
 * fn(a, t, user) is called as `a` begins, at t seconds from the timeline's
 * start, after the animations and updaters before it have set the scene,
 * and may set them with the two calls below. Leaf animations only; `user`
 * must outlive the timeline. */
typedef void (*lr_anim_begin_fn)(lr_anim *a, double t, void *user);
LR_API void lr_anim_on_begin(lr_anim *a, lr_anim_begin_fn fn, void *user);
/* The animation's point or vector: MoveTo's point, Shift's offset,
 * GrowFromPoint's point, FadeIn/FadeOut's shift, MoveCamera's centre, the
 * about point of Scale, Rotate and ApplyMatrix (when one was given);
 * ApplyMatrix's matrix: lr_anim_set_matrix. */
LR_API void lr_anim_set_point(lr_anim *a, lr_vec2 point);
/* The animation's amount: Scale's factor (> 0), Rotate's angle (radians),
 * FadeIn/FadeOut's scale, MoveCamera's frame height, SetValue's and
 * ChangeDecimalToValue's target. Non-finite values are ignored. */
LR_API void lr_anim_set_amount(lr_anim *a, double amount);

/* Only for an animation that was never handed over. */
LR_API void lr_anim_destroy(lr_anim *a);

/* Seconds; 0 is allowed (the end state at once). NaN, infinite or negative:
 * LR_ERR_INVALID_ARG. A group's children keep their relative timing. */
LR_API lr_status lr_anim_set_run_time(lr_anim *a, double seconds, lr_error *err);
LR_API double lr_anim_get_run_time(const lr_anim *a);
LR_API lr_status lr_anim_set_rate_func(lr_anim *a, lr_rate_func f, lr_error *err);
/* How far each sub-path (or a group's child) is through before the next
 * starts: 0 all together, 1 one after another. Non-finite or negative:
 * LR_ERR_INVALID_ARG. */
LR_API lr_status lr_anim_set_lag_ratio(lr_anim *a, double lag_ratio, lr_error *err);

/* ---- timeline ----------------------------------------------------------- */

typedef struct lr_timeline lr_timeline;

/* A timeline plays on `scene`, which must outlive it. Build all the steps,
 * then seek. Adding a step after a seek first puts the scene back into its
 * state at time 0 (and drops cached states). */
LR_API lr_timeline *lr_timeline_create(lr_scene *scene);
/* Leaves the scene as the last seek left it. */
LR_API void lr_timeline_destroy(lr_timeline *tl);

/* play: the animations run together from the step's start; the step lasts
 * the longest run_time. Takes ownership of the animations, even on failure.
 * Fails with LR_ERR_INVALID_ARG (and a message) when a mobject belongs to
 * another tree or an animation is NULL. */
LR_API lr_status lr_timeline_play(lr_timeline *tl, lr_anim *const *anims, size_t n, lr_error *err);
/* Same for a single animation. */
LR_API lr_status lr_timeline_play1(lr_timeline *tl, lr_anim *anim, lr_error *err);
/* No animation runs for `seconds` (>= 0, finite); values drift and
 * updaters run as in any step. */
LR_API lr_status lr_timeline_wait(lr_timeline *tl, double seconds, lr_error *err);
/* Instant steps (zero duration): add shows m (adding it to the scene root if
 * it has no parent), remove hides it. */
LR_API lr_status lr_timeline_add(lr_timeline *tl, lr_mobject *m, lr_error *err);
LR_API lr_status lr_timeline_remove(lr_timeline *tl, lr_mobject *m, lr_error *err);

/* What a set step changes (bit flags in lr_mobject_props.mask). */
enum {
    LR_PROP_OPACITY = 1,      /* the mobject's own opacity */
    LR_PROP_FILL = 2,         /* fill colour of every path under it */
    LR_PROP_STROKE = 4,       /* stroke colour of every path under it */
    LR_PROP_STROKE_WIDTH = 8, /* stroke width of every path under it */
    LR_PROP_Z_INDEX = 16,
    LR_PROP_VISIBLE = 32
};
typedef struct lr_mobject_props {
    unsigned mask;
    float opacity;
    lr_color fill, stroke;
    float stroke_width;
    float z_index;
    bool visible;
} lr_mobject_props;
/* An instant change of style (e.g. highlighting lecture line i). */
LR_API lr_status lr_timeline_set(lr_timeline *tl, lr_mobject *m, const lr_mobject_props *props, lr_error *err);

/* RATE: lr_timeline_value_set_rate. */
typedef enum lr_step_kind { LR_STEP_PLAY = 0, LR_STEP_WAIT, LR_STEP_ADD, LR_STEP_REMOVE, LR_STEP_SET, LR_STEP_RATE } lr_step_kind;
typedef struct lr_step_info {
    lr_step_kind kind;
    double start, end; /* seconds from the timeline's start */
    /* Nothing in the scene changes during the step: a wait step of a
     * timeline without updaters (an updater may move things in a wait),
     * path updaters aside (they follow what the others move). */
    bool still;
} lr_step_info;

/* The sum of the step durations. */
LR_API double lr_timeline_duration(const lr_timeline *tl);
LR_API size_t lr_timeline_step_count(const lr_timeline *tl);
/* LR_ERR_INVALID_ARG when index >= lr_timeline_step_count. */
LR_API lr_status lr_timeline_step_info(const lr_timeline *tl, size_t index, lr_step_info *out);

/* Puts the scene into its exact state at time t (clamped to [0, duration]):
 * restores a cached state at the start of t's step (computing the states of
 * earlier step boundaries once, lazily), applies that step's animations and
 * runs the updaters. At a step boundary the later step has begun (instant
 * steps at t have taken effect). Between seeks the scene must not be edited
 * by anyone else. NaN: LR_ERR_INVALID_ARG; an updater's error comes out with
 * its status and message. */
LR_API lr_status lr_timeline_seek(lr_timeline *tl, double t, lr_error *err);
/* The state right after step `index` and before anything later: the scene
 * the layout report checks at the end of a play step. (A seek to the step's
 * end time would show the next step begun, e.g. a FadeIn at opacity 0.)
 * LR_ERR_INVALID_ARG when index >= lr_timeline_step_count. */
LR_API lr_status lr_timeline_seek_step_end(lr_timeline *tl, size_t index, lr_error *err);
/* Frames of a video at `fps`: ceil(duration * fps), at least 1. */
LR_API int64_t lr_timeline_frame_count(const lr_timeline *tl, double fps);
/* The same rule for a duration in seconds, for callers that know a
 * section's duration before building its timeline (0 for a bad fps). */
LR_API int64_t lr_frame_count(double duration, double fps);
/* lr_timeline_seek(tl, frame / fps). */
LR_API lr_status lr_timeline_seek_frame(lr_timeline *tl, int64_t frame, double fps, lr_error *err);

/* ---- values (Manim's ValueTracker) -------------------------------------- */

/* A value is a number the timeline owns, numbered 0, 1, ... in the order
 * added (*out gets the number). A value with rate r drifts by r per second
 * from time 0 (Manim's dt updater, increment_value(r * dt)), except while a
 * SetValue on it runs: SetValue goes from the value at its own start to its
 * `to`, and once it ends the value drifts on from `to`. Like the rest of the
 * timeline's state, a value is a function of the time alone: cached states
 * capture it and a seek to t gives the same value whatever came before.
 * Non-finite numbers: LR_ERR_INVALID_ARG. Adding a value after a seek first
 * puts the scene back into its state at time 0. */
LR_API lr_status lr_timeline_value_add(lr_timeline *tl, double initial, double rate_per_second, size_t *out,
                                       lr_error *err);
/* An instant step: from here on the value drifts at `rate_per_second`
 * (Manim's begin_ambient_camera_rotation adds such an updater to a camera
 * tracker; 0 stops it, as stop_ambient_camera_rotation). A SetValue that
 * ends later drifts on at the rate in force then. LR_ERR_INVALID_ARG for an
 * unknown value or a rate that is not finite. */
LR_API lr_status lr_timeline_value_set_rate(lr_timeline *tl, size_t value, double rate_per_second, lr_error *err);
LR_API size_t lr_timeline_value_count(const lr_timeline *tl);
/* The value at the time of the last seek (`initial` before the first one);
 * inside an updater, at the time being sought. NaN for an unknown value. */
LR_API double lr_timeline_value_get(const lr_timeline *tl, size_t value);
/* SetValue, Manim's tracker.animate.set_value(to): the value moves from what
 * it is at the animation's start to `to` with the animation's rate function
 * (run_time 1, rate smooth). It may sit in groups like any animation; under
 * a group with a rate function its start and end are the moments that
 * group's clock reaches them. Played only on `tl`; two SetValue on one value
 * may not overlap in time within a step. NULL when tl is NULL, the value
 * unknown or `to` not finite. */
LR_API lr_anim *lr_anim_set_value(const lr_timeline *tl, size_t value, double to);

/* ---- updaters (Manim's always_redraw and add_updater) ------------------- */

/* Puts what the updater owns into its state at time t (seconds from the
 * timeline's start). On failure returns a status, and a message through
 * lr_error_set(err, ...) (err is never NULL) that the seek passes on. */
typedef lr_status (*lr_update_fn)(lr_mobject *container, double t, void *user, lr_error *err);

/* Registers fn(container, t, user, err) as an updater.
 *  - container, a GROUP in the timeline's scene (one with no parent is
 *    added to the scene root, hidden until a step introduces it): the
 *    updater owns its children. It may destroy and recreate them or edit
 *    them in place, and sets them wholly from t, the values and the scene
 *    (a deep animation of an earlier step may have left them edited).
 *    Cached states skip them. The container node itself (transform,
 *    opacity, visibility) belongs to the timeline like any node, so FadeIn,
 *    FadeOut, Shift, MoveTo, Scale, Rotate and add/remove steps on the
 *    container compose with its updating.
 *  - container NULL: a scene-level updater. It may set the camera or any
 *    node outside the updaters' containers, and must write the same things
 *    at every call (a function of t and of what it reads): nothing puts
 *    them back between two seeks inside one step.
 *  - When: at the end of every seek, in the order added, after the step's
 *    animations and values are applied; at a step boundary before its state
 *    is cached; and when a seek begins a step, at the step's start before
 *    its animations begin (and at the start of each animation that starts
 *    later), so that a begin that reads an updated mobject (a Transform to
 *    it) sees it at that time. An updater may read any mobject (bounds,
 *    transforms, paths; the containers of earlier updaters are up to date)
 *    and lr_timeline_value_get.
 *  - Suspended: in a play step with an animation that edits the paths under
 *    its mobject (Create, Uncreate, Write, DrawBorderThenFill, Transform,
 *    ReplacementTransform, TransformMatchingShapes, ChangeColor, Indicate)
 *    on the container or a group around it, or a TransformMatchingShapes to
 *    it, the container's updater runs only at the step's start: the
 *    animation works on that fixed shape, as Manim suspends the updaters of
 *    an animated mobject. It runs again from the step's end.
 *  - Refused (LR_ERR_INVALID_ARG, with a message): a container that is the
 *    scene root, not a group, already updated, a ChangeDecimalToValue
 *    counter, inside or around another updater's container or a counter
 *    (nesting is not supported: the outer updater would free the inner
 *    container), holding a mobject a step refers to, or the source of a
 *    Transform or the mobject of a map (ApplyMatrix, ApplyFunction), or
 *    inside one. Later steps are refused the same way: an animation or
 *    add/remove/set of a mobject inside a container, a Transform whose
 *    source or a map whose mobject is or holds one (a Transform *to* a
 *    container is fine), a ChangeDecimalToValue on or inside one.
 *  - `user` must outlive the timeline. Adding an updater after a seek first
 *    puts the scene back into its state at time 0.
 * The updater calls are the only per-frame work updaters add. */
LR_API lr_status lr_timeline_add_updater(lr_timeline *tl, lr_mobject *container, lr_update_fn fn, void *user,
                                         lr_error *err);

/* A path updater (Manim's updater that keeps a Graph's edges on its
 * vertices): fn(m, t, user, err) rewrites the points of the paths under m
 * from what it reads of the scene, wholly at each call; their styles,
 * transforms and visibility stay the timeline's. Unlike a container, m
 * stays an ordinary node: cached states keep it, and steps may refer to it
 * and animate it (a Transform or a map may take it as a source). It runs
 * when the other updaters run, in the order added, and is suspended as a
 * container's updater is: in a play step with an animation that edits the
 * paths of m, of a mobject inside it or of a group around it (Create,
 * Indicate, ChangeColor, Transform, a map, ...), it runs only at the step's
 * start, so that the animation works on that shape, and again from the
 * step's end. m must be in the timeline's scene, not its root, and outside
 * every updater's container (a container made later may not hold it
 * either); `user` must outlive the timeline. */
LR_API lr_status lr_timeline_add_path_updater(lr_timeline *tl, lr_mobject *m, lr_update_fn fn, void *user,
                                              lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
