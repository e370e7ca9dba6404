/* Source code highlighted by Pygments (Debian's python3-pygments), the
 * highlighter Manim's Code uses: which runs of the code take which colour,
 * and the colours of a style (its background, its highlighted-line colour,
 * its line numbers'). No lexer is written here.
 *
 * The code, its language and its style come from a spec an LLM wrote, so
 * Pygments runs as latex does (core/sandbox.h): /usr/bin/python3 -I -B -m
 * pygments in bubblewrap (the libraries read-only, no network, no other
 * program, the private work directory the only writable place), no shell,
 * the code on standard input, a wall-clock limit; the language and the style
 * must be on the allowlists below, so nothing else reaches its command line.
 * Its HTML output (inline colours, -O noclasses,nowrap) is read with expat.
 *
 * Results are cached on disk by a hash of Pygments' version (the
 * interpreter and pygments/__init__.py), the command line and the input:
 * the same code again starts no Python. */
#ifndef LR_CODE_H
#define LR_CODE_H

#include <librender/lr_base.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The languages a spec may name: Pygments lexer names (aliases of Pygments
 * 2.14). One list, read by the vocabulary (spec/vocab.c) and checked again
 * here before a command line is made. */
#define LR_CODE_LANGUAGES                                                                                      \
    "bash", "c", "clojure", "console", "coq", "cpp", "csharp", "css", "cuda", "dart", "diff", "docker",       \
        "elixir", "erlang", "fortran", "glsl", "go", "haskell", "html", "ini", "java", "javascript", "json",    \
        "julia", "kotlin", "latex", "lean", "lisp", "lua", "make", "markdown", "matlab", "nasm", "ocaml",       \
        "perl", "php", "powershell", "prolog", "python", "r", "racket", "ruby", "rust", "scala",       \
        "scheme", "solidity", "sql", "swift", "text", "toml", "typescript", "verilog", "vhdl", "xml", "yaml",  \
        "zig"

/* Pygments styles a spec may name; "vim" is Manim's default. */
#define LR_CODE_STYLES                                                                                         \
    "default", "dracula", "emacs", "friendly", "fruity", "github-dark", "gruvbox-dark", "gruvbox-light",       \
        "manni", "material", "monokai", "native", "nord", "one-dark", "paraiso-dark", "paraiso-light",         \
        "solarized-dark", "solarized-light", "tango", "vim", "vs", "xcode", "zenburn"

#define LR_CODE_DEFAULT_STYLE "vim"

/* Longest code accepted, in bytes, before anything runs. */
#define LR_CODE_MAX_SOURCE 65536

bool lr_code_language_allowed(const char *language);
bool lr_code_style_allowed(const char *style);

/* The code as Manim hands it to Pygments and Pygments lexes it: line breaks
 * \r\n and \r made \n, tabs expanded to tab_width columns (Python's
 * str.expandtabs: columns counted in characters, from each line's start),
 * leading and trailing line breaks dropped (the lexer's stripnl). malloc'd;
 * NULL when out of memory. */
char *lr_code_prepare(const char *code, int tab_width);

/* The lines of prepared code (1 + its line breaks). */
size_t lr_code_line_count(const char *prepared);

/* The byte offset of the first character the code may not hold (a control
 * character other than the line break, DEL, U+0080..U+009F, U+FEFF), or
 * SIZE_MAX when there is none; `line` and `column` (from 1, optional) say
 * where. The code must be valid UTF-8. */
size_t lr_code_bad_char(const char *prepared, size_t *line, size_t *column);

typedef struct lr_code_context lr_code_context;

typedef struct lr_code_config {
    /* NULL: $XDG_CACHE_HOME/c2v/code (or ~/.cache/c2v/code); "": no disk cache. */
    const char *cache_dir;
    /* The interpreter that has Debian's python3-pygments; NULL:
     * /usr/bin/python3 (a python3 on PATH, from pyenv or a virtual
     * environment, may not have it). */
    const char *python;
    double timeout_s; /* per process; default 10 */
} lr_code_config;

lr_code_config lr_code_config_default(void);
/* `config` may be NULL; its strings are copied. */
lr_status lr_code_context_create(lr_code_context **out, const lr_code_config *config, lr_error *err);
void lr_code_context_destroy(lr_code_context *ctx);

/* Tests only: the bubblewrap program to use ("bwrap" on PATH by default),
 * and whether the programs run inside the sandbox (probed once). */
lr_status lr_code_set_bwrap(lr_code_context *ctx, const char *bwrap);
bool lr_code_sandboxed(lr_code_context *ctx);

/* A run of the code in one colour: bytes [start, start + len) of its text. */
typedef struct lr_code_span {
    size_t start, len;
    lr_color color;
} lr_code_span;

/* What a Pygments style paints with. */
typedef struct lr_code_palette {
    lr_color foreground;  /* style_for_token(Text)'s colour; black when it has none (Manim's) */
    lr_color background;  /* background_color */
    lr_color highlight;   /* highlight_color: the background of Pygments' hl_lines */
    lr_color line_number; /* line_number_color; the foreground where it is "inherit" */
} lr_code_palette;

typedef struct lr_code_highlighted {
    char *text; /* the prepared code (lr_code_prepare), NUL-terminated */
    size_t len;
    /* The runs Pygments coloured, in order and not overlapping; what no
     * run covers is in the foreground colour. */
    lr_code_span *spans;
    size_t nspans;
    lr_code_palette palette;
} lr_code_highlighted;

/* Highlights `code` (prepared here with tab_width) as Pygments' HTML
 * formatter colours it in `style`, as Manim's Code does: every run with a
 * colour of its own; the palette from the style. Three Python runs the
 * first time a style is used (the code, then the style through the HTML
 * and SVG formatters), one for more code in a style already seen, none
 * for what is cached. Errors: LR_ERR_INVALID_ARG (a language or style off
 * the allowlists, a character the code may not hold), LR_ERR_LIMIT (too
 * long), LR_ERR_UNSUPPORTED (no interpreter), LR_ERR_IO (Pygments failed,
 * timed out, or wrote what does not match the code), each with a message. */
lr_status lr_code_highlight(lr_code_context *ctx, const char *code, const char *language, const char *style,
                            int tab_width, lr_code_highlighted *out, lr_error *err);
void lr_code_highlighted_free(lr_code_highlighted *h);

typedef struct lr_code_stats {
    uint64_t runs;       /* Python processes started (the sandbox's probe not counted) */
    uint64_t cache_hits; /* outputs served from the disk cache */
    uint64_t failures;   /* highlightings that ended in an error */
} lr_code_stats;

lr_code_stats lr_code_context_stats(const lr_code_context *ctx);

#endif
