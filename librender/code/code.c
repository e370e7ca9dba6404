/* Pygments as an outside program (code.h): run sandboxed, read with
 * expat, cached. */
#include "code/code.h"

#include "core/cache.h"
#include "core/file.h"
#include "core/sandbox.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CODE_PYTHON "/usr/bin/python3"
#define CODE_PACKAGE "python3-pygments"
#define CODE_MAX_OUTPUT ((size_t)16 << 20)
/* Cache entries carry this in their key: bump it when the command lines
 * change meaning. */
#define CODE_CACHE_VERSION "c2v-code-1"
/* Where Debian's python3-pygments keeps its version, under the
 * interpreter's prefix (/usr): read into the cache key. */
#define CODE_PYGMENTS_INIT "/lib/python3/dist-packages/pygments/__init__.py"

static const char *const code_languages[] = {LR_CODE_LANGUAGES};
static const char *const code_styles[] = {LR_CODE_STYLES};

/* The interpreter sees nothing but the libraries (the standard library and
 * dist-packages are under /usr/lib) and itself: no /usr/share, /etc, /home,
 * nor /usr/local, so no package installed outside Debian's can stand in
 * for Pygments. */
static const char *const code_binds[] = {NULL};

/* -I: no PYTHON* variables, no user site, no script folder on the path;
 * -B: no bytecode written. The probe starts nothing of Pygments. */
static char *const code_probe_argv[] = {"python3", "-I", "--version", NULL};

struct lr_code_context {
    char *cache_dir; /* NULL: no disk cache */
    char *python;
    double timeout_s;
    lr_sandbox sandbox;
    bool have_tool_key;
    uint64_t tool_key; /* what Pygments is installed: part of every cache key */
    lr_code_stats stats;
};

static bool in_list(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

bool lr_code_language_allowed(const char *language)
{
    return in_list(language, code_languages, sizeof code_languages / sizeof code_languages[0]);
}

bool lr_code_style_allowed(const char *style)
{
    return in_list(style, code_styles, sizeof code_styles / sizeof code_styles[0]);
}

/* ---- the code as Pygments lexes it -------------------------------------- */

char *lr_code_prepare(const char *code, int tab_width)
{
    if (!code)
        return NULL;
    if (tab_width < 0)
        tab_width = 0;
    size_t n = strlen(code), tabs = 0;
    for (size_t i = 0; i < n; i++)
        tabs += code[i] == '\t';
    if (tabs > (SIZE_MAX - n - 1) / ((size_t)tab_width + 1))
        return NULL;
    char *out = malloc(n + tabs * (size_t)tab_width + 1);
    if (!out)
        return NULL;
    size_t o = 0, column = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = code[i];
        if (ch == '\r') {
            if (code[i + 1] == '\n')
                continue; /* the \n that follows ends the line */
            ch = '\n';
        }
        if (ch == '\n') {
            out[o++] = '\n';
            column = 0;
        } else if (ch == '\t') {
            size_t to = tab_width ? (column / (size_t)tab_width + 1) * (size_t)tab_width : column;
            for (; column < to; column++)
                out[o++] = ' ';
        } else {
            out[o++] = ch;
            column += ((unsigned char)ch & 0xC0) != 0x80; /* characters, not bytes */
        }
    }
    size_t a = 0, b = o;
    while (a < b && out[a] == '\n')
        a++;
    while (b > a && out[b - 1] == '\n')
        b--;
    memmove(out, out + a, b - a);
    out[b - a] = '\0';
    return out;
}

size_t lr_code_line_count(const char *prepared)
{
    size_t n = 1;
    for (const char *p = prepared; p && *p; p++)
        n += *p == '\n';
    return n;
}

size_t lr_code_bad_char(const char *prepared, size_t *line, size_t *column)
{
    size_t l = 1, col = 1;
    const unsigned char *s = (const unsigned char *)prepared;
    for (size_t i = 0; s[i]; i++) {
        unsigned c = s[i];
        bool bad = (c < 0x20 && c != '\n') || c == 0x7f;
        if (c == 0xC2 && s[i + 1] >= 0x80 && s[i + 1] <= 0x9F)
            bad = true; /* U+0080..U+009F */
        if (c == 0xEF && s[i + 1] == 0xBB && s[i + 2] == 0xBF)
            bad = true; /* U+FEFF, which Pygments drops */
        if (bad) {
            if (line)
                *line = l;
            if (column)
                *column = col;
            return i;
        }
        if (c == '\n') {
            l++;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            col++;
        }
    }
    return SIZE_MAX;
}

/* ---- the context -------------------------------------------------------- */

lr_code_config lr_code_config_default(void)
{
    lr_code_config c;
    memset(&c, 0, sizeof c);
    c.timeout_s = 10.0;
    return c;
}

lr_status lr_code_context_create(lr_code_context **out, const lr_code_config *config, lr_error *err)
{
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_code_context_create: out is NULL");
    *out = NULL;
    lr_code_config cfg = config ? *config : lr_code_config_default();
    lr_code_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    ctx->timeout_s = cfg.timeout_s > 0 ? cfg.timeout_s : 10.0;
    ctx->python = strdup(cfg.python ? cfg.python : CODE_PYTHON);
    bool ok = lr_sandbox_init(&ctx->sandbox, code_binds) == LR_OK && ctx->python;
    char buf[4096];
    if (ok && !cfg.cache_dir)
        lr_cache_default_dir("code", buf, sizeof buf);
    else
        snprintf(buf, sizeof buf, "%s", ok ? cfg.cache_dir : "");
    if (ok && buf[0])
        ok = (ctx->cache_dir = strdup(buf)) != NULL;
    if (!ok) {
        lr_code_context_destroy(ctx);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    *out = ctx;
    return LR_OK;
}

void lr_code_context_destroy(lr_code_context *ctx)
{
    if (!ctx)
        return;
    free(ctx->cache_dir);
    free(ctx->python);
    lr_sandbox_fini(&ctx->sandbox);
    free(ctx);
}

lr_status lr_code_set_bwrap(lr_code_context *ctx, const char *bwrap)
{
    return ctx ? lr_sandbox_set_bwrap(&ctx->sandbox, bwrap) : LR_ERR_INVALID_ARG;
}

bool lr_code_sandboxed(lr_code_context *ctx)
{
    if (!ctx)
        return false;
    char exe[4096], dir[4096];
    if (ctx->sandbox.state < 0 && lr_find_program(ctx->python, exe, sizeof exe) &&
        lr_work_dir_make(dir, sizeof dir, "c2v-code", NULL) == LR_OK) {
        lr_sandbox_probe(&ctx->sandbox, exe, code_probe_argv, dir);
        lr_work_dir_remove(dir);
    }
    return ctx->sandbox.state == 1;
}

lr_code_stats lr_code_context_stats(const lr_code_context *ctx)
{
    lr_code_stats s = {0, 0, 0};
    return ctx ? ctx->stats : s;
}

/* What Pygments is installed, without starting Python: the interpreter
 * (its real path, size and time) and Debian's pygments/__init__.py, which
 * holds __version__. An upgrade of either makes new cache keys. */
static uint64_t tool_key(lr_code_context *ctx, const char *exe)
{
    if (ctx->have_tool_key)
        return ctx->tool_key;
    uint64_t k = lr_hash64(CODE_CACHE_VERSION, sizeof CODE_CACHE_VERSION, 0);
    char real[4096];
    struct stat sb;
    if (realpath(exe, real) && stat(real, &sb) == 0) {
        long long facts[2] = {(long long)sb.st_size, (long long)sb.st_mtime};
        k = lr_hash64(real, strlen(real), k);
        k = lr_hash64(facts, sizeof facts, k);
        char *slash = strrchr(real, '/');
        if (slash)
            *slash = '\0';
        slash = strrchr(real, '/'); /* from PREFIX/bin to PREFIX */
        char init[4200], *text = NULL;
        size_t size = 0;
        if (slash) {
            *slash = '\0';
            snprintf(init, sizeof init, "%s%s", real, CODE_PYGMENTS_INIT);
            if (lr_file_read_all(init, 1 << 20, &text, &size) == LR_OK)
                k = lr_hash64(text, size, k);
            free(text);
        }
    }
    ctx->tool_key = k;
    ctx->have_tool_key = true;
    return k;
}

/* ---- one run of Pygments, cached ---------------------------------------- */

/* Pygments' output for `input` with these arguments (after "-m pygments"),
 * from the cache or from a run; `ext` names the cache entry's kind. */
static lr_status pygments_output(lr_code_context *ctx, char *const *args, const char *input, const char *ext,
                                 char **out, size_t *out_size, lr_error *err)
{
    *out = NULL;
    char exe[4096];
    if (!lr_find_program(ctx->python, exe, sizeof exe))
        return lr_error_set(err, LR_ERR_UNSUPPORTED,
                            "the code highlighter is not installed (no %s); install the Debian package " CODE_PACKAGE,
                            ctx->python);
    uint64_t key = tool_key(ctx, exe);
    for (size_t i = 0; args[i]; i++)
        key = lr_hash64(args[i], strlen(args[i]) + 1, key);
    key = lr_hash64(input, strlen(input), key);
    if (ctx->cache_dir && lr_cache_load(ctx->cache_dir, key, ext, CODE_MAX_OUTPUT, out, out_size) == LR_OK) {
        ctx->stats.cache_hits++;
        return LR_OK;
    }

    char dir[4096], bwrap_exe[4096], path[4200];
    lr_status st = lr_work_dir_make(dir, sizeof dir, "c2v-code", err);
    if (st != LR_OK)
        return st;
    const char *bwrap = lr_sandbox_for(&ctx->sandbox, exe, code_probe_argv, dir, bwrap_exe, sizeof bwrap_exe,
                                       "code: warning: Pygments runs without its sandbox: %s; the language and "
                                       "style allowlists and the time limit still hold (docs/hardening.md)");
    snprintf(path, sizeof path, "%s/input.txt", dir);
    char *argv[24];
    size_t n = 0;
    argv[n++] = "python3";
    argv[n++] = "-I";
    argv[n++] = "-B";
    argv[n++] = "-m";
    argv[n++] = "pygments";
    for (size_t i = 0; args[i] && n + 3 < sizeof argv / sizeof argv[0]; i++)
        argv[n++] = args[i];
    argv[n++] = "-o";
    argv[n++] = "output.out";
    argv[n] = NULL;
    if (!lr_file_write_all(path, input, strlen(input))) {
        st = lr_error_set(err, LR_ERR_IO, "cannot write %s", path);
        goto done;
    }
    lr_run_spec rs = {bwrap, code_binds, dir, "input.txt", NULL, ctx->timeout_s};
    int code = -1;
    ctx->stats.runs++;
    lr_run_result rr = lr_run_program(&rs, exe, argv, &code);
    char line[256];
    lr_run_output_line(dir, true, line, sizeof line);
    if (rr == LR_RUN_TIMED_OUT) {
        st = lr_error_set(err, LR_ERR_IO, "the code highlighter (Pygments) did not finish within %g s and was stopped",
                          ctx->timeout_s);
    } else if (rr == LR_RUN_FAILED) {
        st = lr_error_set(err, LR_ERR_IO, "cannot start the code highlighter (%s)", exe);
    } else if (code != 0) {
        bool missing = strstr(line, "No module named") != NULL;
        st = lr_error_set(err, LR_ERR_IO, "the code highlighter (Pygments) failed with exit status %d: %s%s", code,
                          line[0] ? line : "no message",
                          missing ? "; install the Debian package " CODE_PACKAGE : "");
    } else {
        snprintf(path, sizeof path, "%s/output.out", dir);
        lr_status rs2 = lr_file_read_all(path, CODE_MAX_OUTPUT, out, out_size);
        if (rs2 != LR_OK)
            st = lr_error_set(err, rs2 == LR_ERR_NOMEM ? LR_ERR_NOMEM : LR_ERR_IO,
                              rs2 == LR_ERR_LIMIT ? "the code highlighter wrote more than %zu bytes"
                                                  : "the code highlighter wrote no output",
                              CODE_MAX_OUTPUT);
    }
    if (st == LR_OK)
        lr_cache_store(ctx->cache_dir, key, ext, *out, *out_size);
done:
    lr_work_dir_remove(dir);
    return st;
}

/* ---- reading Pygments' output ------------------------------------------- */

/* The value of `property` in an inline style ("color: #cd00cd; font-weight:
 * bold"), copied to `out`; false when it is not there. */
static bool style_property(const char *style, const char *property, char *out, size_t size)
{
    size_t plen = strlen(property);
    for (const char *p = style; p && *p;) {
        while (*p == ' ' || *p == ';')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *colon = memchr(p, ':', len);
        if (colon && (size_t)(colon - p) == plen && strncmp(p, property, plen) == 0) {
            const char *v = colon + 1;
            while (*v == ' ')
                v++;
            size_t vlen = len - (size_t)(v - p);
            while (vlen > 0 && v[vlen - 1] == ' ')
                vlen--;
            snprintf(out, size, "%.*s", (int)vlen, v);
            return true;
        }
        p += len;
    }
    return false;
}

#define READ_MAX_DEPTH 64

/* What an element says about a colour: nothing, a colour, or "inherit". */
typedef struct ink {
    bool set, inherit;
    lr_color color;
} ink;

typedef enum read_mode {
    READ_CODE,       /* the code through the HTML formatter: its text and coloured runs */
    READ_STYLE_HTML, /* "x" with line number 1, highlighted: the background, hl and line number colours */
    READ_STYLE_SVG   /* "x" through the SVG formatter: the Text token's colour */
} read_mode;

typedef struct reader {
    read_mode mode;
    XML_Parser parser;
    ink color[READ_MAX_DEPTH], back[READ_MAX_DEPTH]; /* per open element: its colour, its background */
    int depth;
    char *text;
    size_t len, cap;
    lr_code_span *spans;
    size_t nspans, cap_spans;
    bool failed;
    const char *why;
    ink background; /* the div's "background" */
    ink x_color;    /* the colour "x" is drawn in (SVG) */
    ink x_back;     /* a background behind "x": the hl_lines colour */
    ink number;     /* the colour of the line number "1" */
} reader;

static void fail(reader *r, const char *why)
{
    if (!r->failed) {
        r->failed = true;
        r->why = why;
    }
    XML_StopParser(r->parser, XML_FALSE);
}

static ink parse_ink(const char *value)
{
    ink k = {false, false, {0, 0, 0, 1}};
    if (strcasecmp(value, "inherit") == 0)
        k.set = k.inherit = true;
    else if (value[0] == '#' && lr_color_parse(value, &k.color) && k.color.a > 0)
        k.set = true;
    return k;
}

static void on_start(void *user, const XML_Char *name, const XML_Char **attrs)
{
    reader *r = user;
    if (r->depth + 1 >= READ_MAX_DEPTH) {
        fail(r, "elements nested too deep");
        return;
    }
    ink color = {false, false, {0, 0, 0, 1}}, back = color;
    char value[64];
    for (size_t i = 0; attrs[i] && attrs[i + 1]; i += 2) {
        if (r->mode == READ_STYLE_SVG) {
            if (strcmp(attrs[i], "fill") == 0)
                color = parse_ink(attrs[i + 1]);
            continue;
        }
        if (strcmp(attrs[i], "style") != 0)
            continue;
        if (style_property(attrs[i + 1], "color", value, sizeof value))
            color = parse_ink(value);
        if (style_property(attrs[i + 1], "background-color", value, sizeof value))
            back = parse_ink(value);
        if (strcmp(name, "div") == 0 && style_property(attrs[i + 1], "background", value, sizeof value))
            r->background = parse_ink(value);
    }
    r->depth++;
    r->color[r->depth] = color;
    r->back[r->depth] = back;
}

static void on_end(void *user, const XML_Char *name)
{
    (void)name;
    reader *r = user;
    if (r->depth > 0)
        r->depth--;
}

/* The innermost colour (or background) on the stack: "inherit" when no
 * element sets one. */
static ink innermost(const reader *r, const ink *stack)
{
    for (int d = r->depth; d > 0; d--)
        if (stack[d].set)
            return stack[d];
    ink none = {true, true, {0, 0, 0, 1}};
    return none;
}

static bool same_color(lr_color a, lr_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static void on_text(void *user, const XML_Char *s, int len)
{
    reader *r = user;
    if (len <= 0 || r->failed)
        return;
    if (r->len + (size_t)len + 1 > CODE_MAX_OUTPUT) {
        fail(r, "too much text");
        return;
    }
    if (r->len + (size_t)len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 1024;
        while (cap < r->len + (size_t)len + 1)
            cap *= 2;
        char *t = realloc(r->text, cap);
        if (!t) {
            fail(r, "out of memory");
            return;
        }
        r->text = t;
        r->cap = cap;
    }
    ink k = innermost(r, r->color);
    if (r->mode != READ_CODE) {
        if (s[0] == 'x' && !r->x_color.set) {
            r->x_color = k;
            r->x_back = innermost(r, r->back);
        }
        if (len == 1 && s[0] == '1' && !r->number.set)
            r->number = k;
        return;
    }
    if (!k.inherit) {
        lr_code_span *last = r->nspans ? &r->spans[r->nspans - 1] : NULL;
        if (last && last->start + last->len == r->len && same_color(last->color, k.color)) {
            last->len += (size_t)len;
        } else {
            if (r->nspans == r->cap_spans) {
                size_t cap = r->cap_spans ? r->cap_spans * 2 : 64;
                lr_code_span *sp = realloc(r->spans, cap * sizeof *sp);
                if (!sp) {
                    fail(r, "out of memory");
                    return;
                }
                r->spans = sp;
                r->cap_spans = cap;
            }
            r->spans[r->nspans++] = (lr_code_span){r->len, (size_t)len, k.color};
        }
    }
    memcpy(r->text + r->len, s, (size_t)len);
    r->len += (size_t)len;
    r->text[r->len] = '\0';
}

/* An entity declared inside the output (never in Pygments'): refused, so
 * that no "billion laughs" can expand. */
static void on_entity(void *user, const XML_Char *name, int pe, const XML_Char *value, int vlen, const XML_Char *base,
                      const XML_Char *system_id, const XML_Char *public_id, const XML_Char *notation)
{
    (void)name, (void)pe, (void)value, (void)vlen, (void)base, (void)system_id, (void)public_id, (void)notation;
    fail(user, "it declares an entity");
}

/* Reads `data` (wrapped in a root element when `wrap`, for HTML that is a
 * fragment) into `r`. */
static lr_status read_output(reader *r, const char *data, size_t size, bool wrap, lr_error *err)
{
    r->parser = XML_ParserCreate("UTF-8");
    if (!r->parser)
        return lr_error_set(err, LR_ERR_NOMEM, "cannot create an XML parser");
    XML_SetUserData(r->parser, r);
    XML_SetElementHandler(r->parser, on_start, on_end);
    XML_SetCharacterDataHandler(r->parser, on_text);
    XML_SetEntityDeclHandler(r->parser, on_entity);
    XML_SetParamEntityParsing(r->parser, XML_PARAM_ENTITY_PARSING_NEVER);
    bool ok = (!wrap || XML_Parse(r->parser, "<c2v>", 5, XML_FALSE) == XML_STATUS_OK) &&
              XML_Parse(r->parser, data, (int)size, XML_FALSE) == XML_STATUS_OK &&
              (!wrap || XML_Parse(r->parser, "</c2v>", 6, XML_FALSE) == XML_STATUS_OK) &&
              XML_Parse(r->parser, "", 0, XML_TRUE) == XML_STATUS_OK;
    lr_status st = LR_OK;
    if (r->failed)
        st = lr_error_set(err, strcmp(r->why, "out of memory") == 0 ? LR_ERR_NOMEM : LR_ERR_IO,
                          "the code highlighter's output cannot be read: %s", r->why);
    else if (!ok)
        st = lr_error_set(err, LR_ERR_IO, "the code highlighter's output is not well-formed at line %lu: %s",
                          (unsigned long)XML_GetCurrentLineNumber(r->parser),
                          XML_ErrorString(XML_GetErrorCode(r->parser)));
    XML_ParserFree(r->parser);
    r->parser = NULL;
    return st;
}

static void reader_free(reader *r)
{
    free(r->text);
    free(r->spans);
}

/* The palette of `style`: the text lexer's one line "x" with a line number
 * and that line highlighted, through the HTML formatter (the background,
 * the hl_lines colour, the line number's colour) and the SVG formatter,
 * which, unlike the HTML one, colours plain Text tokens (the foreground:
 * Manim's Paragraph colour). */
static lr_status style_palette(lr_code_context *ctx, const char *style, lr_code_palette *p, lr_error *err)
{
    char html_opts[160], svg_opts[160];
    snprintf(html_opts, sizeof html_opts, "noclasses,linenos=inline,hl_lines=1,encoding=utf-8,style=%s", style);
    snprintf(svg_opts, sizeof svg_opts, "encoding=utf-8,style=%s", style);
    char *html_args[] = {"-l", "text", "-f", "html", "-O", html_opts, NULL};
    char *svg_args[] = {"-l", "text", "-f", "svg", "-O", svg_opts, NULL};
    char *out = NULL;
    size_t size = 0;
    reader h = {.mode = READ_STYLE_HTML}, s = {.mode = READ_STYLE_SVG};
    lr_status st = pygments_output(ctx, html_args, "x\n", "style.html", &out, &size, err);
    if (st == LR_OK)
        st = read_output(&h, out, size, true, err);
    free(out);
    out = NULL;
    if (st == LR_OK)
        st = pygments_output(ctx, svg_args, "x\n", "style.svg", &out, &size, err);
    if (st == LR_OK)
        st = read_output(&s, out, size, false, err);
    free(out);
    if (st == LR_OK && (!h.background.set || h.background.inherit || !h.number.set || !s.x_color.set))
        st = lr_error_set(err, LR_ERR_IO, "the code highlighter's output for the style \"%s\" has no %s", style,
                          !h.background.set || h.background.inherit ? "background colour" : "line number or text");
    if (st == LR_OK) {
        /* Manim: the Text token's colour, black where the style has none. */
        p->foreground = s.x_color.inherit ? (lr_color){0, 0, 0, 1} : s.x_color.color;
        p->background = h.background.color;
        p->line_number = h.number.inherit ? p->foreground : h.number.color;
        p->highlight = h.x_back.inherit ? p->background : h.x_back.color;
    }
    reader_free(&h);
    reader_free(&s);
    return st;
}

lr_status lr_code_highlight(lr_code_context *ctx, const char *code, const char *language, const char *style,
                            int tab_width, lr_code_highlighted *out, lr_error *err)
{
    if (!ctx || !code || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_code_highlight: NULL argument");
    memset(out, 0, sizeof *out);
    if (!style)
        style = LR_CODE_DEFAULT_STYLE;
    /* The allowlists again, whatever the caller checked: these names go on
     * Pygments' command line. */
    if (!lr_code_language_allowed(language))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "code: \"%.64s\" is not a language on the allowlist",
                            language ? language : "(none)");
    if (!lr_code_style_allowed(style))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "code: \"%.64s\" is not a style on the allowlist", style);
    if (strlen(code) > LR_CODE_MAX_SOURCE)
        return lr_error_set(err, LR_ERR_LIMIT, "code: %zu bytes, more than the limit of %d", strlen(code),
                            LR_CODE_MAX_SOURCE);
    char *text = lr_code_prepare(code, tab_width);
    if (!text)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    size_t line = 0, column = 0;
    if (lr_code_bad_char(text, &line, &column) != SIZE_MAX) {
        free(text);
        return lr_error_set(err, LR_ERR_INVALID_ARG, "code: a control character at line %zu, column %zu", line,
                            column);
    }
    size_t len = strlen(text);
    /* The input ends with a line break, as Pygments' ensurenl would make it;
     * stripnl is off, so the output's text is exactly the input's. */
    char *input = malloc(len + 2);
    lr_status st = input ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    char opts[200];
    snprintf(opts, sizeof opts, "noclasses,nowrap,stripnl=False,encoding=utf-8,style=%s", style);
    char *args[] = {"-l", (char *)language, "-f", "html", "-O", opts, NULL};
    char *html = NULL;
    size_t size = 0;
    reader r = {.mode = READ_CODE};
    if (st == LR_OK) {
        memcpy(input, text, len);
        memcpy(input + len, "\n", 2);
        st = pygments_output(ctx, args, input, "html", &html, &size, err);
    }
    if (st == LR_OK)
        st = read_output(&r, html, size, true, err);
    if (st == LR_OK && (r.len != len + 1 || memcmp(r.text ? r.text : "", input, len + 1) != 0))
        st = lr_error_set(err, LR_ERR_IO, "the code highlighter's output does not hold the code as given");
    if (st == LR_OK)
        st = style_palette(ctx, style, &out->palette, err);
    if (st == LR_OK) {
        /* The final line break is no part of the code. */
        while (r.nspans > 0 && r.spans[r.nspans - 1].start >= len)
            r.nspans--;
        if (r.nspans > 0 && r.spans[r.nspans - 1].start + r.spans[r.nspans - 1].len > len)
            r.spans[r.nspans - 1].len = len - r.spans[r.nspans - 1].start;
        out->text = text;
        out->len = len;
        out->spans = r.spans;
        out->nspans = r.nspans;
        r.spans = NULL;
        text = NULL;
    } else {
        ctx->stats.failures++;
    }
    free(text);
    free(input);
    free(html);
    reader_free(&r);
    return st;
}

void lr_code_highlighted_free(lr_code_highlighted *h)
{
    if (!h)
        return;
    free(h->text);
    free(h->spans);
    memset(h, 0, sizeof *h);
}
