/* librender: text as vector mobjects.
 *
 * Fonts are found with fontconfig, shaped with HarfBuzz (kerning,
 * ligatures, combining marks) and outlined with FreeType; each glyph
 * becomes one path child of a group, in reading order, so Write draws the
 * text glyph by glyph and Transform can morph it like any shape. Characters
 * the chosen font lacks (Chinese in DejaVu Sans, say) are shaped with a
 * fallback font that fontconfig says covers them, so no missing-glyph boxes
 * appear.
 *
 * A line may mix directions: FriBidi gives each character its level (the
 * line's own direction from its first strong character), runs are shaped
 * in their direction and placed in visual order, so a Hebrew or Arabic
 * word in a Latin line reads right to left between its neighbours. Glyphs
 * (and the group's children) stay in reading order.
 *
 * Emoji (U+1F000..U+1FAFF) take a colour font first (Debian's
 * fonts-noto-color-emoji: colour bitmaps): such a glyph becomes an image
 * child in its own colours, not a path. With no colour font for one, it is
 * drawn from an outline font that has it or as a missing-glyph box, and a
 * warning goes to lr_log (once per context).
 *
 * Size convention (Manim's SCALE_FACTOR_PER_FONT_POINT = 1/960, shared with
 * lr_tex.h): the em of a font is font_size / 96 scene units, so the default
 * font_size 48 gives an em of 0.5 units, a capital of DejaVu Sans about 0.36
 * units high, and LaTeX at the same font_size (10 pt em) the same em.
 *
 * The result is centred on the origin (by its ink bounds), filled with the
 * style's colour, with no stroke; spaces make no child.
 *
 * Outlines are cached per (font face, glyph) in the context, in font units,
 * so every size and colour reuses them. A context is not thread-safe; use
 * one per thread.
 */
#ifndef LR_TEXT_H
#define LR_TEXT_H

#include "lr_scene.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_text_context lr_text_context;

typedef enum lr_text_align { LR_TEXT_ALIGN_LEFT = 0, LR_TEXT_ALIGN_CENTER, LR_TEXT_ALIGN_RIGHT } lr_text_align;

/* Colours part of the text: every occurrence of `substring` when it is not
 * NULL, else the bytes [start, end) of the UTF-8 string. Later entries win
 * where they overlap. */
typedef struct lr_text_span {
    const char *substring;
    size_t start, end;
    lr_color color;
} lr_text_span;

typedef struct lr_text_style {
    /* "sans" (DejaVu Sans here), "serif", "mono", or any fontconfig family
     * name; NULL means "sans". */
    const char *family;
    float font_size;    /* Manim's font_size; default 48 */
    /* Faked when the family has no such face: italic is slanted, bold is
     * emboldened (outlines grown by 1/24 em, advances widened to match), so
     * bold and italic always look different from regular. */
    bool bold, italic;
    lr_color color;     /* default white */
    lr_text_align align;
    float line_spacing; /* multiple of the font's line height; default 1 */
    /* Wraps lines longer than this (scene units) at spaces and between CJK
     * characters (not before closing or after opening punctuation); a word
     * longer than the width stays whole. Trailing spaces hang past the
     * width and do not count for alignment. 0: no wrapping. */
    float max_width;
    const lr_text_span *spans;
    size_t nspans;
} lr_text_style;

LR_API lr_text_style lr_text_style_default(void);

typedef struct lr_text_stats {
    uint64_t glyph_hits;   /* outlines served from the cache */
    uint64_t glyph_misses; /* outlines read from a font */
    uint32_t faces;        /* font faces opened */
} lr_text_stats;

LR_API lr_status lr_text_context_create(lr_text_context **out, lr_error *err);
LR_API void lr_text_context_destroy(lr_text_context *ctx);
LR_API lr_text_stats lr_text_context_stats(const lr_text_context *ctx);

/* Builds the glyph paths (and colour emoji images) of `utf8` ('\n' breaks
 * lines) into a new group owned by the caller. */
LR_API lr_status lr_text_create(lr_text_context *ctx, const char *utf8, const lr_text_style *style,
                                lr_mobject **out, lr_error *err);

/* One shaped glyph, for layout and inspection. Positions are in scene
 * units before centring: the first baseline is y = 0 and a left-aligned
 * line starts at x = 0. */
typedef struct lr_text_glyph {
    uint32_t glyph_id; /* in its font; 0 would be the missing-glyph box */
    uint32_t cluster;  /* byte offset of its first character in the text */
    uint32_t font;     /* index for lr_text_context_font_name */
    uint32_t line;     /* the line drawn on, after wrapping */
    lr_vec2 origin;
    float advance;
} lr_text_glyph;

/* Shapes without building paths. *glyphs is malloc'd; free it with free().
 * Empty glyphs (spaces) are included. */
LR_API lr_status lr_text_shape(lr_text_context *ctx, const char *utf8, const lr_text_style *style,
                               lr_text_glyph **glyphs, size_t *count, lr_error *err);
/* The family and style of a face the context opened ("DejaVu Sans Book"),
 * or NULL for an unknown index. Valid until the context is destroyed. */
LR_API const char *lr_text_context_font_name(const lr_text_context *ctx, uint32_t font);

#ifdef __cplusplus
}
#endif
#endif
