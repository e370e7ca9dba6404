/* librender: vector paths made of cubic Bézier curves, and the shapes built
 * from them.
 *
 * A path is plain data: an array of points and an array of subpaths. A
 * subpath of n curves owns 3n+1 consecutive points starting at `first`:
 *   p0 c0a c0b p1 c1a c1b p2 ... pn
 * so curve i is points[first+3i .. first+3i+3], and consecutive curves share
 * their end points. A closed subpath ends where it starts (pn == p0); the
 * `closed` flag tells strokes to join the ends instead of capping them.
 * A subpath with zero curves is a lone point (it draws a dot only when its
 * stroke has round caps).
 *
 * Paths grow with realloc and own their arrays: lr_path_free releases them.
 * A zero-initialised lr_path is a valid empty path.
 */
#ifndef LR_PATH_H
#define LR_PATH_H

#include "lr_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_subpath {
    uint32_t first;   /* index of the subpath's first point */
    uint32_t ncurves; /* number of cubic curves */
    bool closed;
} lr_subpath;

typedef struct lr_path {
    lr_vec2 *points;
    uint32_t npoints, cap_points;
    lr_subpath *subpaths;
    uint32_t nsubpaths, cap_subpaths;
} lr_path;

/* ---- building --------------------------------------------------------- */

LR_API void lr_path_free(lr_path *path);
LR_API void lr_path_clear(lr_path *path); /* keeps the memory */
LR_API lr_status lr_path_copy(lr_path *dst, const lr_path *src);
LR_API lr_status lr_path_reserve(lr_path *path, uint32_t npoints, uint32_t nsubpaths);

LR_API lr_status lr_path_move_to(lr_path *path, lr_vec2 p);
LR_API lr_status lr_path_line_to(lr_path *path, lr_vec2 p);
LR_API lr_status lr_path_quad_to(lr_path *path, lr_vec2 c, lr_vec2 p);
LR_API lr_status lr_path_cubic_to(lr_path *path, lr_vec2 c1, lr_vec2 c2, lr_vec2 p);
/* Circular arc from the current point around `center`, sweeping `angle`
 * radians (positive is counter-clockwise), as cubics of at most 90 degrees. */
LR_API lr_status lr_path_arc_to(lr_path *path, lr_vec2 center, float angle);
/* Closes the current subpath with a line back to its start if needed. */
LR_API lr_status lr_path_close(lr_path *path);
/* Appends every subpath of `src`, mapped through `m` (NULL for identity). */
LR_API lr_status lr_path_append(lr_path *dst, const lr_path *src, const lr_affine *m);
LR_API void lr_path_transform(lr_path *path, lr_affine m);
/* Reverses the direction of every subpath (keeps their order). */
LR_API void lr_path_reverse(lr_path *path);

/* ---- measuring -------------------------------------------------------- */

LR_API uint32_t lr_path_curve_count(const lr_path *path);
/* Exact bounds of the curves (not of their control points). */
LR_API lr_rect lr_path_bounds(const lr_path *path);
/* Bounds after mapping through `m`, exact for the mapped curves. */
LR_API lr_rect lr_path_bounds_transformed(const lr_path *path, lr_affine m);
/* Point on a cubic at parameter t in [0, 1]. */
LR_API lr_vec2 lr_cubic_point(const lr_vec2 cubic[4], float t);
/* Point at `proportion` (0..1) of the path, spread evenly over its curves
 * as Manim's point_from_proportion does (by curve count, not arc length). */
LR_API lr_vec2 lr_path_point_from_proportion(const lr_path *path, float proportion);
/* Total arc length, to within `tolerance` scene units. */
LR_API float lr_path_length(const lr_path *path, float tolerance);
/* Signed area enclosed by the subpaths (positive counter-clockwise). */
LR_API float lr_path_signed_area(const lr_path *path);

/* ---- editing for animation --------------------------------------------- */

/* dst = the part of src between proportions a and b (0 <= a <= b <= 1) of its
 * curves, as Manim's pointwise_become_partial: used by Create and Write. */
LR_API lr_status lr_path_partial(lr_path *dst, const lr_path *src, float a, float b);
/* Splits curves of `path` until it has `nsubpaths` subpaths with exactly the
 * curve counts in `curves_per_subpath` (adding degenerate subpaths where
 * needed), without changing its shape. Used by Transform to align two paths. */
LR_API lr_status lr_path_align_to(lr_path *path, uint32_t nsubpaths, const uint32_t *curves_per_subpath);
/* Makes `a` and `b` point-compatible (same subpath count, same curve count
 * per subpath) by subdividing the side with fewer. */
LR_API lr_status lr_path_align_pair(lr_path *a, lr_path *b);
/* out = (1-t) a + t b, for point-compatible paths. */
LR_API lr_status lr_path_interpolate(lr_path *out, const lr_path *a, const lr_path *b, float t);

/* ---- maps of the plane -------------------------------------------------- */

/* A map of the plane: the image of point p. `user` is the caller's. A map
 * that returns a non-finite point makes the calls below fail. */
typedef lr_vec2 (*lr_point_map)(lr_vec2 p, void *user);

/* dst = src with every curve split into `pieces_per_curve` pieces of equal
 * parameter span: exact de Casteljau splits (in double), so the shape, the
 * subpaths and their closed flags stay; malformed subpaths are dropped.
 * dst may be src. 0 pieces: LR_ERR_INVALID_ARG; past the path size limit
 * (2^26 points): LR_ERR_LIMIT. */
LR_API lr_status lr_path_subdivide(lr_path *dst, const lr_path *src, uint32_t pieces_per_curve);
/* The same with a count per curve: pieces[i] >= 1 for the i-th curve of
 * src in subpath order (lr_path_curve_count(src) entries). */
LR_API lr_status lr_path_subdivide_each(lr_path *dst, const lr_path *src, const uint32_t *pieces);
/* dst = src with every point, anchors and handles, replaced by its image
 * (Manim's apply_function): exact for an affine map; a curved map bends
 * only what the control points show. LR_ERR_INVALID_ARG (dst cleared) when
 * an image is not finite. dst may be src. */
LR_API lr_status lr_path_map_points(lr_path *dst, const lr_path *src, lr_point_map map, void *user);
/* dst = the image of src as a smooth curve: each anchor replaced by its
 * image, each handle h of anchor p by map(p) + D map(p) (h - p), the
 * map's derivative taken by a central difference over half the handle.
 * Each curve becomes the cubic Hermite interpolant of the mapped curve
 * (same ends, same end tangents), whose error falls as the fourth power of
 * the curve's size, and a joint where src is smooth (collinear handles) is
 * smooth in dst. Exact for affine maps (up to rounding) and for maps of
 * degree 2 on straight lines (z^2 takes a line to a parabola). Subdivide
 * first (lr_path_map_pieces) for the image to follow a curved map.
 * LR_ERR_INVALID_ARG (dst cleared) when an image is not finite. dst may be
 * src. */
LR_API lr_status lr_path_map_smooth(lr_path *dst, const lr_path *src, lr_point_map map, void *user);
/* How many pieces each curve of src needs (into pieces[i], as for
 * lr_path_subdivide_each) for lr_path_map_smooth of the subdivided path to
 * stay within `tolerance` (> 0) of the mapped curve: the fewest found by
 * trying counts (from the error's fourth-power fall) whose pieces' images
 * are within tolerance at a quarter, half and three quarters of each piece,
 * compared with the map of the same point of the source. The tolerance
 * grows to 1e-5 of an image point's distance from the origin where that is
 * larger (float rounding). A curve that needs more than `max_pieces` (>= 1)
 * gets max_pieces (a map that jumps never converges); one where the map is
 * not finite gets 1 (lr_path_map_smooth then reports it). Costs about 9
 * evaluations of the map per piece tried. */
LR_API lr_status lr_path_map_pieces(const lr_path *src, lr_point_map map, void *user, float tolerance,
                                    uint32_t max_pieces, uint32_t *pieces);

/* ---- shapes (appended to `path` as new subpaths) ------------------------ */

LR_API lr_status lr_path_add_line(lr_path *path, lr_vec2 a, lr_vec2 b);
LR_API lr_status lr_path_add_polyline(lr_path *path, const lr_vec2 *pts, uint32_t n, bool closed);
LR_API lr_status lr_path_add_polygon(lr_path *path, const lr_vec2 *pts, uint32_t n);
/* First vertex at angle `start_angle` (radians) from +x. */
LR_API lr_status lr_path_add_regular_polygon(lr_path *path, lr_vec2 center, float radius, uint32_t n,
                                             float start_angle);
LR_API lr_status lr_path_add_star(lr_path *path, lr_vec2 center, float outer_radius, float inner_radius,
                                  uint32_t points, float start_angle);
LR_API lr_status lr_path_add_rect(lr_path *path, lr_vec2 center, float width, float height);
LR_API lr_status lr_path_add_rounded_rect(lr_path *path, lr_vec2 center, float width, float height,
                                          float corner_radius);
LR_API lr_status lr_path_add_circle(lr_path *path, lr_vec2 center, float radius);
LR_API lr_status lr_path_add_ellipse(lr_path *path, lr_vec2 center, float rx, float ry);
/* Open arc; angles in radians, counter-clockwise from +x. */
LR_API lr_status lr_path_add_arc(lr_path *path, lr_vec2 center, float radius, float start_angle, float sweep);
/* Ring: outer circle counter-clockwise, inner clockwise (a hole under both
 * fill rules). */
LR_API lr_status lr_path_add_annulus(lr_path *path, lr_vec2 center, float inner_radius, float outer_radius);
/* Pie slice (or a slice of a ring when inner_radius > 0). */
LR_API lr_status lr_path_add_sector(lr_path *path, lr_vec2 center, float inner_radius, float outer_radius,
                                    float start_angle, float sweep);
/* An arrow-head triangle whose tip is at `tip`, pointing along `direction`. */
LR_API lr_status lr_path_add_arrow_tip(lr_path *path, lr_vec2 tip, lr_vec2 direction, float length, float width);
/* Dashes along a segment: `dash` units drawn, `gap` skipped. */
LR_API lr_status lr_path_add_dashed_line(lr_path *path, lr_vec2 a, lr_vec2 b, float dash, float gap);
/* Dashes along any path, measured by arc length. */
LR_API lr_status lr_path_add_dashed(lr_path *path, const lr_path *src, float dash, float gap);

/* ---- flattening for the GPU ------------------------------------------- */

/* A quadratic Bézier segment: p0, control, p1. */
typedef struct lr_quad {
    lr_vec2 p0, c, p1;
} lr_quad;

/* Approximates cubic `c` with quadratics whose distance from it is at most
 * `tolerance`, appending them to out[*count .. cap). Returns false when `cap`
 * is too small (the approximation is then incomplete). */
LR_API bool lr_cubic_to_quads(const lr_vec2 c[4], float tolerance, lr_quad *out, uint32_t *count, uint32_t cap);
/* How many quadratics lr_cubic_to_quads will produce for `c` at `tolerance`. */
LR_API uint32_t lr_cubic_quad_count(const lr_vec2 c[4], float tolerance);

#ifdef __cplusplus
}
#endif
#endif
