/* librender: ready-made shape mobjects with Manim's defaults.
 *
 * Each constructor builds the geometry of the lr_path_add_* function of the
 * same name (see lr_path.h) and wraps it in a new path mobject, or a group
 * for arrows. The caller owns the result (lr_mobject_destroy, or hand it to
 * lr_scene_add / lr_mobject_add_child). On failure they return NULL and, when
 * `err` is not NULL, say why: LR_ERR_INVALID_ARG for NaN, infinite or
 * negative sizes and too few vertices, LR_ERR_LIMIT for more than 10000
 * vertices or dashes, LR_ERR_NOMEM.
 *
 * Styles: pass lr_style_default() (a white stroke 0.04 units wide, like
 * Manim's VMobject) or lr_shape_style_filled() for a solid shape. Angles are
 * radians, counter-clockwise from +x. Closed shapes run counter-clockwise
 * from the point Manim starts them at, so that Create draws them the same
 * way.
 */
#ifndef LR_SHAPES_H
#define LR_SHAPES_H

#include "lr_scene.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LR_DOT_RADIUS 0.08f          /* Manim's DEFAULT_DOT_RADIUS */
#define LR_ARROW_TIP_LENGTH 0.35f    /* Manim's DEFAULT_ARROW_TIP_LENGTH */
#define LR_ARROW_BUFF 0.25f          /* Manim's Arrow buff (MED_SMALL_BUFF) */
#define LR_DASH_LENGTH 0.05f         /* Manim's DEFAULT_DASH_LENGTH */

/* A filled shape without outline, as Manim's Dot. */
LR_API lr_style lr_shape_style_filled(lr_color fill);

LR_API lr_mobject *lr_shape_line(lr_vec2 a, lr_vec2 b, lr_style style, lr_error *err);
LR_API lr_mobject *lr_shape_polyline(const lr_vec2 *pts, uint32_t n, lr_style style, lr_error *err);
LR_API lr_mobject *lr_shape_polygon(const lr_vec2 *pts, uint32_t n, lr_style style, lr_error *err);
/* Manim's RegularPolygon uses start_angle pi/2 for odd n, 0 for even n. */
LR_API lr_mobject *lr_shape_regular_polygon(lr_vec2 center, float radius, uint32_t n, float start_angle,
                                            lr_style style, lr_error *err);
/* `points` outer vertices alternating with inner ones; Manim's Star points
 * up (start_angle pi/2). */
LR_API lr_mobject *lr_shape_star(lr_vec2 center, float outer_radius, float inner_radius, uint32_t points,
                                 float start_angle, lr_style style, lr_error *err);
LR_API lr_mobject *lr_shape_rectangle(lr_vec2 center, float width, float height, lr_style style, lr_error *err);
/* The corner radius is clamped to half the shorter side. */
LR_API lr_mobject *lr_shape_rounded_rectangle(lr_vec2 center, float width, float height, float corner_radius,
                                              lr_style style, lr_error *err);
LR_API lr_mobject *lr_shape_circle(lr_vec2 center, float radius, lr_style style, lr_error *err);
LR_API lr_mobject *lr_shape_ellipse(lr_vec2 center, float rx, float ry, lr_style style, lr_error *err);
LR_API lr_mobject *lr_shape_arc(lr_vec2 center, float radius, float start_angle, float sweep, lr_style style,
                                lr_error *err);
LR_API lr_mobject *lr_shape_annulus(lr_vec2 center, float inner_radius, float outer_radius, lr_style style,
                                    lr_error *err);
/* A pie slice, or a slice of a ring when inner_radius > 0. */
LR_API lr_mobject *lr_shape_sector(lr_vec2 center, float inner_radius, float outer_radius, float start_angle,
                                   float sweep, lr_style style, lr_error *err);
/* A disc; radius <= 0 means LR_DOT_RADIUS. Use lr_shape_style_filled. */
LR_API lr_mobject *lr_shape_dot(lr_vec2 center, float radius, lr_style style, lr_error *err);
/* `dash` <= 0 means LR_DASH_LENGTH; `gap` < 0 means equal to the dash. The
 * pattern is stretched slightly so that both ends are dashes. */
LR_API lr_mobject *lr_shape_dashed_line(lr_vec2 a, lr_vec2 b, float dash, float gap, lr_style style,
                                        lr_error *err);

/* Arrow geometry. Zero-initialised fields are not defaults: start from
 * lr_arrow_opts_default(). */
typedef struct lr_arrow_opts {
    float tip_length;      /* LR_ARROW_TIP_LENGTH */
    float tip_width;       /* base width of the tip; LR_ARROW_TIP_LENGTH */
    float buff;            /* trimmed off both ends; LR_ARROW_BUFF */
    float max_tip_ratio;   /* tip length at most this share of the arrow; 0.25 */
    float max_stroke_ratio; /* stroke width at most this times the length; 0.05
                             * (Manim's max_stroke_width_to_length_ratio 5) */
} lr_arrow_opts;

LR_API lr_arrow_opts lr_arrow_opts_default(void);

/* A group of two children: the stroked shaft (child 0, a path with `style`)
 * and a tip filled with the stroke colour (child 1). The shaft stops at the
 * tip's base. `opts` NULL means lr_arrow_opts_default(). */
LR_API lr_mobject *lr_shape_arrow(lr_vec2 start, lr_vec2 end, const lr_arrow_opts *opts, lr_style style,
                                  lr_error *err);
/* Tips at both ends: children shaft, end tip, start tip. */
LR_API lr_mobject *lr_shape_double_arrow(lr_vec2 start, lr_vec2 end, const lr_arrow_opts *opts, lr_style style,
                                         lr_error *err);
/* An arrow from the origin to `direction`, without buff (Manim's Vector). */
LR_API lr_mobject *lr_shape_vector(lr_vec2 direction, lr_style style, lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
