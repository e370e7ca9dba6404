/* Internal to librender/tex: the formula filter (filter.c) and the
 * sandboxed compiler (tex.c), reachable by the spec validator and by tests,
 * so each layer of defence can be exercised on its own. */
#ifndef LR_TEX_INTERNAL_H
#define LR_TEX_INTERNAL_H

#include <librender/lr_tex.h>

#include <stdbool.h>

/* FNV-1a, 64 bits: the cache key of a document. */
uint64_t lr_tex_hash(const void *data, size_t size, uint64_t seed);

/* ---- layer 1: the formula filter (filter.c) ---------------------------- */

/* Checks `source` against the formula allowlist, reading it as TeX would.
 * Returns NULL when every control sequence and environment in it is
 * allowed; otherwise writes what is refused, naming it ("\special is not
 * allowed in a formula: ..."), into `why` (`why_size` bytes) and returns
 * `why`. (It used to return the name of the first denylisted command; the
 * denylist is gone.) */
const char *lr_tex_forbidden(const char *source, char *why, size_t why_size);

/* Whether the control sequence \NAME (a word of letters, or one other
 * character) and the environment NAME are on the allowlist. */
bool lr_tex_allowed_command(const char *name, size_t len);
bool lr_tex_allowed_environment(const char *name, size_t len);

/* The tables are sorted for bsearch (checked by a test). */
bool lr_tex_allowlist_sorted(void);

/* boundary[i] (len + 1 entries) says whether a colour group may open or
 * close before byte i of `source`: false strictly inside a control
 * sequence (between the backslash and the end of its name) or a ^^ pair. */
void lr_tex_mark_boundaries(const char *source, size_t len, bool *boundary);

/* parts.c: whether its table of commands that take an argument is sorted
 * for bsearch (checked by a test). */
bool lr_tex_parts_table_sorted(void);

/* ---- the compiler, layers 2 and 3 (tex.c) -------------------------------- */

/* Compiles a complete LaTeX document to SVG text (malloc'd, NUL-terminated)
 * in a fresh private directory, with the sandbox described in lr_tex.h but
 * without the formula filter and without the cache. */
lr_status lr_tex_compile_document(lr_tex_context *ctx, const char *document, char **svg, size_t *svg_size,
                                  lr_error *err);

/* dvisvgm's special handlers turned off (layer 2), for --no-specials=;
 * tex.c says why these and why the list must stay under 16 characters. */
#define LR_TEX_NO_SPECIALS "ps,pdf,dvisvgm"

/* The layers of defence, for lr_tex_disable_layers. */
enum {
    LR_TEX_LAYER_FILTER = 1u,   /* the allowlist, before anything runs */
    LR_TEX_LAYER_SPECIALS = 2u, /* dvisvgm without PostScript and other file-reaching specials */
    LR_TEX_LAYER_SANDBOX = 4u   /* latex and dvisvgm inside bubblewrap */
};

/* Tests only: turns the given layers off in this context, so that a test
 * can show each remaining layer holding by itself. */
void lr_tex_disable_layers(lr_tex_context *ctx, unsigned layers);

/* Tests only: the bubblewrap program to use ("bwrap" on PATH by default). */
lr_status lr_tex_set_bwrap(lr_tex_context *ctx, const char *bwrap);

/* Whether latex and dvisvgm run inside the sandbox in this context. The
 * first call probes it (once per context); when it cannot be made, `why`
 * (may be NULL) says why, and the first compile says so on stderr. */
bool lr_tex_sandboxed(lr_tex_context *ctx, char *why, size_t why_size);

/* Runs `exe` (a path) with `argv` in `dir` exactly as latex and dvisvgm
 * run: in the sandbox when it can be made, with the scrubbed environment,
 * the rlimits and the wall-clock limit; stdout and stderr go to
 * dir/output.txt. For tests of the sandbox itself. */
lr_status lr_tex_run_program(lr_tex_context *ctx, const char *exe, char *const argv[], const char *dir,
                             double timeout_s, int *exit_code, lr_error *err);

#endif
