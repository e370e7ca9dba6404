/* Internal to librender/tex: the sandboxed compiler, reachable by tests so
 * the sandbox itself (not only the formula filter) can be exercised. */
#ifndef LR_TEX_INTERNAL_H
#define LR_TEX_INTERNAL_H

#include <librender/lr_tex.h>

/* FNV-1a, 64 bits: the cache key of a document. */
uint64_t lr_tex_hash(const void *data, size_t size, uint64_t seed);

/* Compiles a complete LaTeX document to SVG text (malloc'd, NUL-terminated)
 * in a fresh private directory, with the sandbox described in lr_tex.h but
 * without the formula filter and without the cache. */
lr_status lr_tex_compile_document(lr_tex_context *ctx, const char *document, char **svg, size_t *svg_size,
                                  lr_error *err);

/* Returns the name of the first forbidden control sequence in `source`
 * (\write, \input, ...), or NULL when there is none. */
const char *lr_tex_forbidden(const char *source);

#endif
