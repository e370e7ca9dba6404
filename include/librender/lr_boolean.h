/* librender: boolean operations on filled paths (Manim's Union,
 * Intersection, Difference and Exclusion), through GEOS.
 *
 * An operand is the region that one or more paths fill, each under its own
 * fill rule and mapped by its own transform (a text's glyphs, an SVG's
 * paths): the union of what each path fills. Curves are flattened to
 * polygons first, each cubic cut into equal parameter steps, as many as
 * Wang's formula says keep every chord within `tolerance` of its curve
 * (in the coordinates after the transform), so the result is made of
 * straight segments within `tolerance` of the exact region (Manim's
 * skia-pathops keeps curves). The result is appended to `out` as closed
 * subpaths of lines: each outer boundary counter-clockwise, each hole
 * clockwise, so it fills the same under both fill rules; subpaths never
 * cross or overlap. Open subpaths count as closed by a straight line, as a
 * fill closes them.
 *
 * Every call runs in a GEOS context of its own (GEOS_init_r): nothing is
 * shared between calls or threads.
 */
#ifndef LR_BOOLEAN_H
#define LR_BOOLEAN_H

#include "lr_scene.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lr_boolean_op {
    LR_BOOLEAN_UNION = 0,    /* covered by a or b */
    LR_BOOLEAN_INTERSECTION, /* covered by both */
    LR_BOOLEAN_DIFFERENCE,   /* covered by a and not b (Manim's subject and clip) */
    LR_BOOLEAN_EXCLUSION     /* covered by exactly one (xor) */
} lr_boolean_op;

/* One path of an operand, with the rule it fills by and the map of its
 * points into the space the operation runs in. */
typedef struct lr_boolean_path {
    const lr_path *path;
    lr_fill_rule rule;
    lr_affine transform;
} lr_boolean_path;

/* At most this many straight segments in one operand once flattened:
 * LR_ERR_LIMIT past it. */
#define LR_BOOLEAN_MAX_SEGMENTS (1u << 17)

/* out += (the union of a[0..na)) op (the union of b[0..nb)). An operand of
 * no paths is empty. tolerance > 0. Errors: LR_ERR_INVALID_ARG (bad
 * arguments, points that are not finite), LR_ERR_LIMIT (too many
 * segments), LR_ERR_NOMEM; GEOS failing on the geometry (its message is in
 * err) is LR_ERR_INVALID_ARG too. `out` is unchanged on failure. */
LR_API lr_status lr_path_boolean(lr_path *out, lr_boolean_op op, const lr_boolean_path *a, size_t na,
                                 const lr_boolean_path *b, size_t nb, float tolerance, lr_error *err);

/* How many straight pieces of equal parameter step keep cubic c within
 * `tolerance` of its chords (Wang's formula: sqrt(3/4 max|second
 * difference| / tolerance)), at least 1, at most 4096. */
LR_API uint32_t lr_cubic_line_count(const lr_vec2 c[4], float tolerance);

#ifdef __cplusplus
}
#endif
#endif
