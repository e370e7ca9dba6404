/* librender: basic types shared by every part of the API.
 *
 * Conventions, once for the whole library:
 *  - Every fallible function returns an lr_status. Where a human-readable
 *    reason helps (a file name, what was tried), it also takes an optional
 *    `lr_error *err` as its last argument; pass NULL when you only want the
 *    status.
 *  - Scene coordinates are Manim's: the frame is 8 units high, its width
 *    follows the aspect ratio, the origin is the centre and y points up.
 *  - Colours are straight (not premultiplied) RGBA floats in 0..1.
 *  - Whoever creates an object destroys it; functions never keep pointers to
 *    caller memory unless their documentation says they take ownership.
 */
#ifndef LR_BASE_H
#define LR_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LR_API __attribute__((visibility("default")))
#else
#define LR_API
#endif

#define LR_VERSION_MAJOR 0
#define LR_VERSION_MINOR 1
#define LR_VERSION_PATCH 0

typedef enum lr_status {
    LR_OK = 0,
    LR_ERR_NOMEM,          /* an allocation failed */
    LR_ERR_INVALID_ARG,    /* a caller passed something the API forbids */
    LR_ERR_IO,             /* a file could not be read or written */
    LR_ERR_NO_CONTEXT,     /* no OpenGL 3.3 core context could be created */
    LR_ERR_GL,             /* the GL driver reported an error */
    LR_ERR_SPEC,           /* a scene spec failed to parse or validate */
    LR_ERR_ENCODER,        /* the video encoder or muxer failed */
    LR_ERR_FONT,           /* a font could not be found or read */
    LR_ERR_TEX,            /* LaTeX or dvisvgm failed */
    LR_ERR_SVG,            /* an SVG document is malformed */
    LR_ERR_IMAGE,          /* an image could not be decoded */
    LR_ERR_LIMIT,          /* input exceeds a documented resource limit */
    LR_ERR_UNSUPPORTED,    /* the feature is not available on this system */
    LR_ERR_CANCELLED       /* the caller asked to stop */
} lr_status;

/* A static, never-NULL English description of a status code. */
LR_API const char *lr_strerror(lr_status status);

/* The library's version, "MAJOR.MINOR.PATCH" (the project's). */
LR_API const char *lr_version(void);

/* Optional detail for a failure: the status and a message that names what
 * went wrong (the file, the path in a document, what was tried). */
typedef struct lr_error {
    lr_status status;
    char message[1024];
} lr_error;

/* Records `status` and a printf-style message in `err` (which may be NULL) and
 * returns `status`, so that `return lr_error_set(err, LR_ERR_IO, "...")` reads
 * naturally. */
LR_API lr_status lr_error_set(lr_error *err, lr_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

typedef struct lr_vec2 {
    float x, y;
} lr_vec2;

typedef struct lr_color {
    float r, g, b, a;
} lr_color;

/* An axis-aligned box. An empty box has x0 > x1. */
typedef struct lr_rect {
    float x0, y0, x1, y1;
} lr_rect;

/* A 2D affine map in SVG/cairo order:
 *   x' = a*x + c*y + e
 *   y' = b*x + d*y + f */
typedef struct lr_affine {
    float a, b, c, d, e, f;
} lr_affine;

LR_API lr_affine lr_affine_identity(void);
LR_API lr_affine lr_affine_translate(float tx, float ty);
LR_API lr_affine lr_affine_scale(float sx, float sy);
LR_API lr_affine lr_affine_rotate(float radians);
/* The map that applies `first`, then `then`. */
LR_API lr_affine lr_affine_then(lr_affine first, lr_affine then);
LR_API lr_vec2 lr_affine_apply(lr_affine m, lr_vec2 p);
/* Returns false (and leaves *out alone) when `m` is singular. */
LR_API bool lr_affine_invert(lr_affine m, lr_affine *out);

LR_API lr_rect lr_rect_empty(void);
LR_API bool lr_rect_is_empty(lr_rect r);
LR_API lr_rect lr_rect_union(lr_rect a, lr_rect b);
LR_API lr_rect lr_rect_intersect(lr_rect a, lr_rect b);
LR_API lr_rect lr_rect_add_point(lr_rect r, lr_vec2 p);
LR_API float lr_rect_area(lr_rect r);
/* The bounding box of `r` mapped through `m`. */
LR_API lr_rect lr_rect_transform(lr_rect r, lr_affine m);

/* A colour from "#rgb", "#rrggbb", "#rrggbbaa" or a name (Manim's palette:
 * "WHITE", "BLUE_C", "yellow", ...; case-insensitive). */
LR_API bool lr_color_parse(const char *text, lr_color *out);
/* The i-th colour name lr_color_parse knows (Manim's palette and a few CSS
 * names, upper case; parsing ignores case), or NULL past the last. */
LR_API const char *lr_color_name(size_t index);
LR_API lr_color lr_rgba(float r, float g, float b, float a);

/* An 8-bit RGBA image, rows top to bottom, `stride` bytes per row. The image
 * owns `pixels` when it was made by lr_image_alloc. */
typedef struct lr_image {
    int width, height, stride;
    uint8_t *pixels;
} lr_image;

/* Images are refused, from their header and before anything is decoded,
 * past either limit: 16384 pixels a side, 64 Mi pixels in all (256 MiB as
 * RGBA; a 16384x16384 PNG of a few hundred KB would take 1 GiB). */
#define LR_IMAGE_MAX_SIDE 16384
#define LR_IMAGE_MAX_PIXELS (64 << 20)

LR_API lr_status lr_image_alloc(lr_image *img, int width, int height);
LR_API void lr_image_free(lr_image *img);
LR_API lr_status lr_image_write_png(const lr_image *img, const char *path, lr_error *err);
/* Decodes a PNG or JPEG file into RGBA (caller frees with lr_image_free).
 * Only a regular file is opened (a FIFO or a device is refused, never
 * waited on). */
LR_API lr_status lr_image_load(lr_image *img, const char *path, lr_error *err);
/* The size of a PNG or JPEG from its header alone, refused as lr_image_load
 * would refuse it (not a regular file, not an image, past the limits). */
LR_API lr_status lr_image_info(const char *path, int *width, int *height, lr_error *err);
/* `src` scaled down to width x height (sRGB-aware, alpha-weighted) into
 * `out`, which the caller frees. */
LR_API lr_status lr_image_resize(const lr_image *src, int width, int height, lr_image *out, lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
