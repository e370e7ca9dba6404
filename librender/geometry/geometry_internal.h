/* Helpers shared by the files of the geometry module. */
#ifndef LR_GEOMETRY_INTERNAL_H
#define LR_GEOMETRY_INTERNAL_H

#include <librender/lr_path.h>

/* Input comes from LLM-written specs: counts and sizes are capped so that a
 * silly number fails with LR_ERR_LIMIT instead of exhausting memory. */
#define LR_GEOM_MAX_POINTS (1u << 26)
#define LR_GEOM_MAX_VERTICES 10000u /* polygon, star, polyline vertices */
#define LR_GEOM_MAX_DASHES 10000u
/* An arc sweeping more than this many full turns is refused. */
#define LR_GEOM_MAX_TURNS 64.0

/* Makes room for `more_points` points and `more_subpaths` subpaths. */
lr_status lr_geom_grow(lr_path *path, uint32_t more_points, uint32_t more_subpaths);
/* Appends the curves of a circular/elliptic arc to the current subpath,
 * whose last point must already be the arc's start. `end` (optional) is the
 * exact end point, used to snap full turns shut despite rounding. */
lr_status lr_geom_arc_curves(lr_path *path, lr_vec2 center, float rx, float ry, double start, double sweep,
                             const lr_vec2 *end);
/* Starts a new subpath at p, even right after a lone point (shapes must not
 * swallow a previous shape's dot the way move_to does). */
lr_status lr_geom_begin(lr_path *path, lr_vec2 p);
/* The part of cubic c between parameters t0 <= t1. */
void lr_geom_subcurve(const lr_vec2 c[4], double t0, double t1, lr_vec2 out[4]);
/* Arc length of one cubic to within `tolerance`. */
double lr_geom_cubic_length(const lr_vec2 c[4], double tolerance);
/* False for a malformed subpath (lr_path is plain data that callers may
 * fill by hand) whose curves run past the points. */
bool lr_geom_subpath_valid(const lr_path *path, const lr_subpath *sp);
bool lr_geom_finite2(lr_vec2 p);
bool lr_geom_finite(double v);

#endif
