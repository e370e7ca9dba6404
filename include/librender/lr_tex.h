/* librender: LaTeX formulas as vector mobjects.
 *
 * A formula is compiled by the real TeX (latex, then dvisvgm --no-fonts
 * --exact-bbox) and imported as a group with one path child per glyph or
 * rule, in TeX's output order, so Write draws it glyph by glyph.
 *
 * Formulas are treated as untrusted (they come from an LLM): each run
 * happens in a private temporary directory, with shell escape off, TeX's
 * paranoid file access (openin_any=p, openout_any=p, no TEXMFOUTPUT), a
 * time limit after which the whole process group is killed, and a refusal
 * of control sequences that reach files or the shell (\write, \input,
 * \openin, \csname, ...). A formula TeX rejects gives LR_ERR_TEX with TeX's
 * own error line and its "l.N ..." context, short enough to hand back to
 * an LLM.
 *
 * Results are cached on disk, keyed by a hash of the whole document
 * (preamble, formula, colours): the same formula again starts no process.
 *
 * Size convention (as lr_text.h, Manim's SCALE_FACTOR_PER_FONT_POINT =
 * 1/960): at font_size 48 one TeX point is 0.05 scene units, so the 10 pt
 * em of the document is 0.5 units and a capital letter about 0.34 units
 * high, like Manim's MathTex. The result is centred on the origin.
 */
#ifndef LR_TEX_H
#define LR_TEX_H

#include "lr_scene.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_tex_context lr_tex_context;

typedef struct lr_tex_config {
    /* The disk cache: NULL for $XDG_CACHE_HOME/c2v/tex (or ~/.cache/c2v/tex),
     * "" for no disk cache. */
    const char *cache_dir;
    /* Lines added to the preamble after the default packages (amsmath,
     * amssymb, amsfonts, bm, color); NULL for none. Trusted: not checked. */
    const char *preamble;
    /* Wall-clock limit per process, in seconds; default 10. */
    double timeout_s;
    /* Program names (looked up on PATH) or paths; NULL for "latex" and
     * "dvisvgm". */
    const char *latex;
    const char *dvisvgm;
} lr_tex_config;

LR_API lr_tex_config lr_tex_config_default(void);

/* `config` may be NULL for the defaults; its strings are copied. */
LR_API lr_status lr_tex_context_create(lr_tex_context **out, const lr_tex_config *config, lr_error *err);
LR_API void lr_tex_context_destroy(lr_tex_context *ctx);

typedef enum lr_tex_mode {
    LR_TEX_MATH = 0, /* the source is the body of an align* (as Manim's MathTex) */
    LR_TEX_TEXT      /* the source is paragraph text, $...$ for math (as Tex) */
} lr_tex_mode;

/* ---- formulas in parts (Manim's MathTex with several tex_strings) ------ */

/* A part of a formula: bytes [start, start + len) of its source. */
typedef struct lr_tex_span {
    size_t start, len;
} lr_tex_span;

/* Cuts a formula into parts as Manim's MathTex does: first at its {{ ... }}
 * groups (a "{{" at the start or after a space opens one; "}}" at the
 * group's own brace depth closes it), then at every occurrence of the
 * `isolate` strings (substrings_to_isolate), each group and each stretch of
 * text between them a part. An occurrence counts only where it starts and
 * ends between TeX's tokens, outside \begin{...} names and colour
 * arguments, and not right after ^, _ or a command that takes the next
 * token as its argument (\frac, \hat, \left, \mathbb, ...); at one place
 * the longest string wins, then the first listed. Parts are trimmed of
 * spaces; blank ones are dropped. Writes at most `cap` spans and returns how
 * many parts there are. */
LR_API size_t lr_tex_split(const char *source, const char *const *isolate, size_t nisolate, lr_tex_span *spans,
                           size_t cap);

/* The key a part is matched by (TransformMatchingTex, a colour, a name):
 * its TeX without spaces, except one between two letters ("a^2 + b" and
 * "a^2+b" have the same key). Writes at most `size` bytes, NUL included;
 * returns the key's length. */
LR_API size_t lr_tex_part_key(const char *tex, size_t len, char *out, size_t size);

/* Colours every occurrence of `substring` in the source (as Manim's
 * tex_to_color_map). The substring must be balanced TeX on its own
 * ("x^2", "\\pi", not "{x"). Earlier entries win at the same position. */
typedef struct lr_tex_color {
    const char *substring;
    lr_color color;
} lr_tex_color;

typedef struct lr_tex_style {
    float font_size; /* default 48 */
    lr_color color;  /* default white */
    lr_tex_mode mode;
    const lr_tex_color *colors;
    size_t ncolors;
    /* A formula in parts (nparts > 0; for one formula, not a batch): spans
     * of the source in order, not overlapping, as lr_tex_split gives. The
     * result is a group of nparts groups, one per part, each holding the
     * glyphs and rules TeX made of that part, in TeX's output order. Bytes
     * outside every part (the braces of {{ }} groups) are read as spaces.
     * Each part is marked in the DVI by a colour of its own, pushed on the
     * colour stack (which TeX's grouping does not touch, so a part may start
     * inside braces and end outside them), and the glyphs are sorted by that
     * colour, then painted; the formula's own \color and \textcolor colour
     * nothing there (they would push and pop on the same stack). In parts,
     * `colors` colour the parts whose key (lr_tex_part_key) is the
     * substring's, instead of every occurrence. Glyphs TeX sets out of
     * reading order (limits above an operator whose subscript a part starts
     * in) can land in a neighbour. */
    const lr_tex_span *parts;
    size_t nparts;
} lr_tex_style;

LR_API lr_tex_style lr_tex_style_default(void);

/* Compiles `source` and builds its glyphs into a new group owned by the
 * caller. `style` may be NULL for the defaults. Without latex or dvisvgm
 * installed, returns LR_ERR_UNSUPPORTED naming the Debian packages. */
LR_API lr_status lr_tex_create(lr_tex_context *ctx, const char *source, const lr_tex_style *style,
                               lr_mobject **out, lr_error *err);

/* Like lr_tex_create for `count` formulas sharing one style, with a single
 * TeX run for all those not in the cache (a TeX run costs about 0.3 s; a
 * page more costs little). outs[i] receives formula i's group. On error
 * every outs[i] is NULL and the message starts with "formula N:" naming
 * the first formula that failed. Each formula is compiled in its own TeX
 * group, so definitions do not leak from one to the next; \global and its
 * relatives are refused for that reason. */
LR_API lr_status lr_tex_create_batch(lr_tex_context *ctx, const char *const *sources, size_t count,
                                     const lr_tex_style *style, lr_mobject **outs, lr_error *err);


/* One formula of lr_tex_create_many; `style` NULL means the defaults. */
typedef struct lr_tex_request {
    const char *source;
    const lr_tex_style *style;
} lr_tex_request;

/* As lr_tex_create_batch, with a style per formula: everything not in the
 * cache still shares one TeX run, whatever the sizes, colours, modes and
 * colour maps (a scene spec builder collects all formulas of a section this
 * way). */
LR_API lr_status lr_tex_create_many(lr_tex_context *ctx, const lr_tex_request *reqs, size_t count,
                                    lr_mobject **outs, lr_error *err);

typedef struct lr_tex_stats {
    uint64_t tex_runs;    /* latex processes started */
    uint64_t cache_hits;  /* formulas served from the disk cache */
    uint64_t failures;    /* formulas that ended in an error */
} lr_tex_stats;

LR_API lr_tex_stats lr_tex_context_stats(const lr_tex_context *ctx);

#ifdef __cplusplus
}
#endif
#endif
