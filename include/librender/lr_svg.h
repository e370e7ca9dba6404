/* librender: SVG documents as vector mobjects.
 *
 * lr_svg_load_file / lr_svg_load_memory turn an SVG document into a group
 * with one path child per drawn shape (path, rect, circle, ellipse, line,
 * polyline, polygon, and each shape reached through <use>), in document
 * order, with the fill and stroke the document gives them. Transforms are
 * applied to the points, so every child is a plain Bézier path that can be
 * drawn, written, or morphed like any other shape.
 *
 * Supported: path data with every command (arcs become cubics), the basic
 * shapes, <g>/<svg>/<symbol>/<use> with nested transforms, fill, stroke,
 * stroke-width, opacity, fill-opacity, stroke-opacity, fill-rule,
 * stroke-linejoin/-linecap/-miterlimit, style="" declarations, viewBox with
 * width/height, currentColor, display="none".
 *
 * Not supported, skipped with a warning (never an error): gradients and
 * patterns (the shape is painted with the paint's fallback colour or the
 * gradient's first stop), filters, masks, clip paths, markers, text, images,
 * CSS style sheets. Group opacity is multiplied into the children's colours
 * (exact only where children do not overlap).
 *
 * Documents are treated as untrusted: the size, the element count, the
 * nesting depth, the number of path commands and the depth of <use>
 * references are capped, entity declarations are refused, and malformed or
 * truncated XML gives LR_ERR_SVG naming the line and column.
 */
#ifndef LR_SVG_H
#define LR_SVG_H

#include "lr_scene.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_svg_options {
    /* > 0: scale uniformly so the drawing is this many scene units high
     * (Manim's SVGMobject default is 2). 0: use `scale` instead. */
    float height;
    /* Scene units per SVG user unit when `height` is 0. */
    float scale;
    /* Move the centre of the drawing's bounds to the origin. */
    bool center;
    /* The value of currentColor, and the fill of shapes that set none (the
     * SVG initial value is black for both). */
    lr_color current_color;
    lr_color default_fill;
    /* Resource caps; 0 means the default given in brackets. */
    size_t max_bytes;            /* [8 MiB] */
    uint32_t max_elements;       /* [100000] */
    uint32_t max_depth;          /* [64] */
    uint32_t max_path_commands;  /* [1000000], over the whole document */
} lr_svg_options;

/* height 2, centred, black current colour and default fill, default caps. */
LR_API lr_svg_options lr_svg_options_default(void);

/* Messages about what was skipped, each listed once. Owned by the struct;
 * release with lr_svg_warnings_free. */
typedef struct lr_svg_warnings {
    char **messages;
    size_t count;
} lr_svg_warnings;

LR_API void lr_svg_warnings_free(lr_svg_warnings *warnings);

/* Loads an SVG document. `options` may be NULL for the defaults; `warnings`
 * may be NULL. On success *out is a new group owned by the caller. */
LR_API lr_status lr_svg_load_file(const char *path, const lr_svg_options *options, lr_mobject **out,
                                  lr_svg_warnings *warnings, lr_error *err);
LR_API lr_status lr_svg_load_memory(const char *data, size_t size, const lr_svg_options *options,
                                    lr_mobject **out, lr_svg_warnings *warnings, lr_error *err);

/* Parses SVG path data ("M0 0L10 5a5 5 0 1 1 10 0z" ...) and appends it to
 * `out` in the document's own coordinates (y down), arcs as cubics. */
LR_API lr_status lr_svg_parse_path_data(const char *d, lr_path *out, lr_error *err);
/* Parses an SVG transform list ("translate(10) rotate(45 5 5) ..."). */
LR_API lr_status lr_svg_parse_transform(const char *text, lr_affine *out, lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
