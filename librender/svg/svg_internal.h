/* Internal to librender/svg: the path-data and transform parsers, shared
 * with the document loader and reachable by tests. */
#ifndef LR_SVG_INTERNAL_H
#define LR_SVG_INTERNAL_H

#include <librender/lr_svg.h>

/* Reads one SVG number at *s (skipping leading whitespace and one comma),
 * without strtod, so the result never depends on the C locale and "inf",
 * "nan" or hex are refused. Advances *s past it on success. */
bool lr_svg_scan_number(const char **s, double *out);

/* lr_svg_parse_path_data with a cap on commands: *commands is increased by
 * the number parsed, and the parse fails with LR_ERR_LIMIT past `max`. */
lr_status lr_svg_path_parse_limited(const char *d, lr_path *out, uint32_t max, uint32_t *commands,
                                    lr_error *err);

/* Appends the elliptical arc from `from` to `to` (SVG's A command, radii
 * already non-negative, angle in degrees) as cubics. `from` must be the
 * path's current point. */
lr_status lr_svg_arc_to(lr_path *path, double x0, double y0, double rx, double ry, double angle_deg,
                        bool large_arc, bool sweep, double x, double y);

#endif
