/* LaTeX through the real TeX: latex -> DVI -> dvisvgm -> SVG -> paths.
 *
 * A formula is untrusted, and three layers stand between it and the
 * machine, each enough on its own against what is known (docs/hardening.md):
 *  1. the formula filter (filter.c), an allowlist of math commands;
 *  2. dvisvgm with the specials that reach files or Ghostscript turned off;
 *  3. latex and dvisvgm in a bubblewrap sandbox: new mount, user, PID,
 *     network, IPC and UTS namespaces, the system's TeX files read-only, no
 *     shell, the private work directory the only writable place.
 * Under all of them, every process runs without a shell, with a scrubbed
 * environment that turns on kpathsea's paranoid file access, no inherited
 * file descriptors, rlimits, and a wall-clock limit enforced by killing
 * its process group. */
#include "tex/tex_internal.h"

#include <librender/lr_svg.h>

#include "core/cache.h"
#include "core/file.h"
#include "core/sandbox.h"
#include "scene/scene_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEX_PACKAGES "texlive-latex-base texlive-fonts-recommended dvisvgm"
#define TEX_MAX_SVG ((size_t)16 << 20)
#define TEX_MAX_SOURCE 65536
/* Cache entries carry this in their key: bump it when the document
 * template or the dvisvgm options change. */
#define TEX_CACHE_VERSION "c2v-tex-2"

/* dvisvgm's special handlers that are turned off (layer 2): ps hands the
 * special to Ghostscript in-process (file access and %pipe% commands), pdf
 * reads font map files, dvisvgm embeds raw SVG and image references. Left
 * on: color (tex_to_color_map needs it) and bgcolor, em, html, papersize,
 * tpic, which only draw or set metadata. dvisvgm 3.0.3 (Debian 12) reads a
 * --no-specials list of 16 characters or more from freed memory and then
 * disables nothing at all, so the list stays under 16 characters
 * (LR_TEX_NO_SPECIALS, tex_internal.h). test_tex_layers checks that every
 * handler `dvisvgm --list-specials` names is off or one of these. */
#define TEX_NO_SPECIALS "--no-specials=" LR_TEX_NO_SPECIALS

/* What latex and dvisvgm see in the sandbox besides the libraries, all
 * read-only: /usr/share (the TeX tree, fonts, Ghostscript's resources) and
 * TeX's configuration. */
static const char *const tex_binds[] = {"/usr/share", "/usr/local/share/texmf", "/etc/texmf", "/var/lib/texmf",
                                        NULL};

/* kpathsea's paranoid file access. TEXMFOUTPUT is left out on purpose:
 * with it, paranoid mode would let TeX write to that directory too. */
static const char *const tex_env[] = {"openin_any=p",       "openout_any=p",  "shell_escape=f",
                                      "max_print_line=1000", "error_line=254", "half_error_line=238",
                                      NULL};

struct lr_tex_context {
    char *cache_dir; /* NULL: no disk cache */
    char *preamble;
    char *latex, *dvisvgm;
    double timeout_s;
    unsigned off;       /* LR_TEX_LAYER_* bits a test turned off */
    lr_sandbox sandbox; /* probed with latex --version */
    lr_tex_stats stats;
};

uint64_t lr_tex_hash(const void *data, size_t size, uint64_t seed)
{
    return lr_hash64(data, size, seed);
}

lr_tex_config lr_tex_config_default(void)
{
    lr_tex_config c;
    memset(&c, 0, sizeof c);
    c.timeout_s = 10.0;
    return c;
}

lr_tex_style lr_tex_style_default(void)
{
    lr_tex_style s;
    memset(&s, 0, sizeof s);
    s.font_size = 48.0f;
    s.color = lr_rgba(1, 1, 1, 1);
    s.mode = LR_TEX_MATH;
    return s;
}

lr_status lr_tex_context_create(lr_tex_context **out, const lr_tex_config *config, lr_error *err)
{
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tex_context_create: out is NULL");
    *out = NULL;
    lr_tex_config cfg = config ? *config : lr_tex_config_default();
    lr_tex_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    ctx->timeout_s = cfg.timeout_s > 0 ? cfg.timeout_s : 10.0;
    ctx->latex = strdup(cfg.latex ? cfg.latex : "latex");
    ctx->dvisvgm = strdup(cfg.dvisvgm ? cfg.dvisvgm : "dvisvgm");
    ctx->preamble = strdup(cfg.preamble ? cfg.preamble : "");
    bool ok = lr_sandbox_init(&ctx->sandbox, tex_binds) == LR_OK && ctx->latex && ctx->dvisvgm && ctx->preamble;
    if (ok && !cfg.cache_dir) {
        char buf[4096];
        lr_cache_default_dir("tex", buf, sizeof buf);
        if (buf[0])
            ok = (ctx->cache_dir = strdup(buf)) != NULL;
    } else if (ok && cfg.cache_dir[0]) {
        ok = (ctx->cache_dir = strdup(cfg.cache_dir)) != NULL;
    }
    if (!ok) {
        lr_tex_context_destroy(ctx);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    *out = ctx;
    return LR_OK;
}

void lr_tex_context_destroy(lr_tex_context *ctx)
{
    if (!ctx)
        return;
    free(ctx->cache_dir);
    free(ctx->preamble);
    free(ctx->latex);
    free(ctx->dvisvgm);
    lr_sandbox_fini(&ctx->sandbox);
    free(ctx);
}

void lr_tex_disable_layers(lr_tex_context *ctx, unsigned layers)
{
    if (ctx)
        ctx->off |= layers;
}

lr_status lr_tex_set_bwrap(lr_tex_context *ctx, const char *bwrap)
{
    return ctx ? lr_sandbox_set_bwrap(&ctx->sandbox, bwrap) : LR_ERR_NOMEM;
}

lr_tex_stats lr_tex_context_stats(const lr_tex_context *ctx)
{
    lr_tex_stats s = {0, 0, 0};
    return ctx ? ctx->stats : s;
}

/* latex --version probes the sandbox (about 10 ms). */
static char *const tex_probe_argv[] = {"latex", "--version", NULL};

/* The bwrap to run programs with in this context, or NULL when the
 * sandbox is off (a test) or cannot be made (said once on stderr). */
static const char *sandbox_for(lr_tex_context *ctx, const char *latex_exe, const char *dir, char *bwrap_exe,
                               size_t size)
{
    if (ctx->off & LR_TEX_LAYER_SANDBOX)
        return NULL;
    return lr_sandbox_for(&ctx->sandbox, latex_exe, tex_probe_argv, dir, bwrap_exe, size,
                          "tex: warning: LaTeX runs without its sandbox: %s; the formula allowlist and dvisvgm "
                          "without PostScript still hold (docs/hardening.md)");
}

/* Runs a program as latex and dvisvgm run. */
static lr_run_result run_tex_program(const char *bwrap, const char *exe, char *const argv[], const char *dir,
                                     double timeout_s, int *exit_code)
{
    lr_run_spec rs = {bwrap, tex_binds, dir, NULL, tex_env, timeout_s};
    return lr_run_program(&rs, exe, argv, exit_code);
}

#define NO_LATEX "LaTeX is not installed (no \"%s\" found on PATH); install the Debian packages " TEX_PACKAGES
#define NO_DVISVGM "dvisvgm is not installed (no \"%s\" found on PATH); install the Debian packages " TEX_PACKAGES

bool lr_tex_sandboxed(lr_tex_context *ctx, char *why, size_t why_size)
{
    if (why && why_size)
        why[0] = '\0';
    if (!ctx)
        return false;
    if (ctx->sandbox.state < 0) {
        char latex_exe[4096], dir[4096];
        if (!lr_find_program(ctx->latex, latex_exe, sizeof latex_exe)) {
            if (why && why_size)
                snprintf(why, why_size, "no \"%s\" on PATH", ctx->latex);
            return false;
        }
        if (lr_work_dir_make(dir, sizeof dir, "c2v-tex", NULL) != LR_OK)
            return false;
        lr_sandbox_probe(&ctx->sandbox, latex_exe, tex_probe_argv, dir);
        lr_work_dir_remove(dir);
    }
    if (why && why_size && ctx->sandbox.state != 1)
        snprintf(why, why_size, "%s", ctx->sandbox.why);
    return ctx->sandbox.state == 1;
}

lr_status lr_tex_run_program(lr_tex_context *ctx, const char *exe, char *const argv[], const char *dir,
                             double timeout_s, int *exit_code, lr_error *err)
{
    char latex_exe[4096], bwrap_exe[4096];
    if (!ctx || !exe || !argv || !argv[0] || !dir || !exit_code)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tex_run_program: NULL argument");
    if (!lr_find_program(ctx->latex, latex_exe, sizeof latex_exe))
        return lr_error_set(err, LR_ERR_UNSUPPORTED, NO_LATEX, ctx->latex);
    const char *bwrap = sandbox_for(ctx, latex_exe, dir, bwrap_exe, sizeof bwrap_exe);
    lr_run_result rr = run_tex_program(bwrap, exe, argv, dir, timeout_s, exit_code);
    if (rr == LR_RUN_TIMED_OUT)
        return lr_error_set(err, LR_ERR_TEX, "%s did not finish within %g s and was stopped", exe, timeout_s);
    if (rr == LR_RUN_FAILED)
        return lr_error_set(err, LR_ERR_TEX, "cannot start %s", exe);
    return LR_OK;
}

/* The first "! ..." line of a TeX log, the context lines TeX shows under
 * it (where the offending token is, e.g. "<argument> \\foo"), and the
 * "l.N ..." line with its continuation. */
static void tex_error_summary(const char *log, char *out, size_t size)
{
    out[0] = '\0';
    const char *bang = NULL;
    for (const char *p = log; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
        if (p[0] == '!' && p[1] == ' ') {
            bang = p;
            break;
        }
    if (!bang)
        return;
    size_t used = 0;
    bool after_l = false;
    const char *p = bang;
    for (int lines = 0; p && *p && lines < 10 && used + 1 < size; lines++) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\r'))
            len--;
        bool is_l = p[0] == 'l' && p[1] == '.' && p[2] >= '0' && p[2] <= '9';
        if ((after_l && len == 0) || strncmp(p, "Here is how much", 16) == 0)
            break;
        /* LaTeX's advice to a person at a terminal is noise to an LLM. */
        static const char *const noise[] = {"See the LaTeX manual", "Type  H <return>", "Type X to quit",
                                            "or enter new name", " ...", "! Emergency stop.", "<read *>",
                                            "<*>", NULL};
        bool skip = false;
        for (int k = 0; noise[k] && p != bang; k++)
            if (strncmp(p, noise[k], strlen(noise[k])) == 0 && (len == strlen(noise[k]) || noise[k][0] != ' '))
                skip = true;
        if (len > 0 && !skip)
            used += (size_t)snprintf(out + used, size - used, "%s%.*s", used ? "\n" : "", (int)(len > 200 ? 200 : len), p);
        if (used >= size)
            break;
        if (after_l)
            break; /* the line after "l.N" is the rest of the source line */
        after_l = is_l;
        p = eol ? eol + 1 : NULL;
    }
}

/* Compiles `document` (npages pages) and returns each page's SVG. */
static lr_status compile_pages(lr_tex_context *ctx, const char *document, size_t npages, double timeout_s,
                               char **svgs, size_t *sizes, lr_error *err)
{
    for (size_t i = 0; i < npages; i++)
        svgs[i] = NULL;
    char latex_exe[4096], dvisvgm_exe[4096];
    if (!lr_find_program(ctx->latex, latex_exe, sizeof latex_exe))
        return lr_error_set(err, LR_ERR_UNSUPPORTED, NO_LATEX, ctx->latex);
    if (!lr_find_program(ctx->dvisvgm, dvisvgm_exe, sizeof dvisvgm_exe))
        return lr_error_set(err, LR_ERR_UNSUPPORTED, NO_DVISVGM, ctx->dvisvgm);
    char dir[4096], bwrap_exe[4096];
    lr_status st = lr_work_dir_make(dir, sizeof dir, "c2v-tex", err);
    if (st != LR_OK)
        return st;
    const char *bwrap = sandbox_for(ctx, latex_exe, dir, bwrap_exe, sizeof bwrap_exe);

    char path[4200];
    snprintf(path, sizeof path, "%s/formula.tex", dir);
    if (!lr_file_write_all(path, document, strlen(document))) {
        st = lr_error_set(err, LR_ERR_IO, "cannot write %s", path);
        goto done;
    }

    char *latex_argv[] = {"latex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "formula.tex",
                          NULL};
    int code = -1;
    ctx->stats.tex_runs++;
    lr_run_result rr = run_tex_program(bwrap, latex_exe, latex_argv, dir, timeout_s, &code);
    char *log = NULL;
    snprintf(path, sizeof path, "%s/formula.log", dir);
    lr_file_read_all(path, (size_t)4 << 20, &log, NULL);
    if (rr == LR_RUN_TIMED_OUT) {
        st = lr_error_set(err, LR_ERR_TEX, "LaTeX did not finish within %g s (an endless macro loop?) and was stopped",
                          timeout_s);
    } else if (rr == LR_RUN_FAILED) {
        st = lr_error_set(err, LR_ERR_TEX, "cannot start %s", latex_exe);
    } else if (log && strstr(log, "runsystem(")) {
        /* -no-shell-escape already refused it; still, a formula that tries
         * to run a command is not one to render. */
        st = lr_error_set(err, LR_ERR_TEX, "the formula tried to run a shell command (\\write18), which is disabled");
    } else if (code != 0) {
        char summary[800];
        tex_error_summary(log ? log : "", summary, sizeof summary);
        if (summary[0])
            st = lr_error_set(err, LR_ERR_TEX, "%s", summary);
        else
            st = lr_error_set(err, LR_ERR_TEX, "latex failed with exit status %d and no error line in its log", code);
    }
    free(log);
    if (st != LR_OK)
        goto done;

    char *dvisvgm_argv[] = {"dvisvgm", "--no-fonts", "--exact-bbox", "--page=1-", "--output=page-%p.svg",
                            TEX_NO_SPECIALS, "formula.dvi", NULL};
    if (ctx->off & LR_TEX_LAYER_SPECIALS) {
        dvisvgm_argv[5] = "formula.dvi";
        dvisvgm_argv[6] = NULL;
    }
    rr = run_tex_program(bwrap, dvisvgm_exe, dvisvgm_argv, dir, timeout_s, &code);
    if (rr != LR_RUN_EXITED || code != 0) {
        char *out = NULL;
        snprintf(path, sizeof path, "%s/output.txt", dir);
        lr_file_read_all(path, 1 << 16, &out, NULL);
        const char *msg = out ? out : "";
        const char *e = strstr(msg, "ERROR");
        st = lr_error_set(err, LR_ERR_TEX, "dvisvgm %s: %.300s", rr == LR_RUN_TIMED_OUT ? "timed out" : "failed",
                          e ? e : msg);
        free(out);
        goto done;
    }
    /* dvisvgm pads %p with zeros to the digits of the page count. */
    int digits = 1;
    for (size_t n = npages; n >= 10; n /= 10)
        digits++;
    for (size_t i = 0; i < npages && st == LR_OK; i++) {
        int plen = snprintf(path, sizeof path, "%s/page-%0*zu.svg", dir, digits, i + 1);
        lr_status rs = plen > 0 && (size_t)plen < sizeof path ? lr_file_read_all(path, TEX_MAX_SVG, &svgs[i], &sizes[i])
                                                              : LR_ERR_IO;
        if (rs != LR_OK)
            st = lr_error_set(err, rs == LR_ERR_NOMEM ? LR_ERR_NOMEM : LR_ERR_TEX,
                              "dvisvgm wrote no usable page %zu of %zu", i + 1, npages);
    }
    if (st == LR_OK) {
        /* One page more than expected means the formulas did not map one to
         * a page, and the pages cannot be trusted to match them. */
        int plen = snprintf(path, sizeof path, "%s/page-%0*zu.svg", dir, digits, npages + 1);
        if (plen > 0 && (size_t)plen < sizeof path && access(path, F_OK) == 0)
            st = lr_error_set(err, LR_ERR_TEX, "LaTeX produced more pages than formulas");
    }
    if (st != LR_OK)
        for (size_t i = 0; i < npages; i++) {
            free(svgs[i]);
            svgs[i] = NULL;
        }
done:
    lr_work_dir_remove(dir);
    return st;
}

lr_status lr_tex_compile_document(lr_tex_context *ctx, const char *document, char **svg, size_t *svg_size,
                                  lr_error *err)
{
    return compile_pages(ctx, document, 1, ctx->timeout_s, svg, svg_size, err);
}

/* ---- formulas ----------------------------------------------------------- */

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n, bool *ok)
{
    if (!*ok)
        return;
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 1024;
        while (*len + n + 1 > c)
            c *= 2;
        char *b = realloc(*buf, c);
        if (!b) {
            *ok = false;
            return;
        }
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

static void append_str(char **buf, size_t *len, size_t *cap, const char *s, bool *ok)
{
    append(buf, len, cap, s, strlen(s), ok);
}

static void append_head(const lr_tex_context *ctx, char **doc, size_t *len, size_t *cap, bool *ok)
{
    append_str(doc, len, cap,
               "\\documentclass{article}\n"
               "\\usepackage{amsmath}\n\\usepackage{amssymb}\n\\usepackage{amsfonts}\n"
               "\\usepackage{bm}\n\\usepackage{color}\n",
               ok);
    append_str(doc, len, cap, ctx->preamble, ok);
    append_str(doc, len, cap, "\n\\pagestyle{empty}\n\\begin{document}\n", ok);
}

/* The colour that marks part k in the DVI (lr_tex_request): a red no
 * formula is likely to ask for, and k in green and blue. */
#define TEX_PART_TAG 90
#define TEX_MAX_PARTS 65536

/* The brace depth before each byte of `s` (real braces: not \{ or \}). */
static int *brace_depths(const char *s, size_t n)
{
    bool *boundary = malloc(n + 1);
    int *depth = malloc((n + 1) * sizeof *depth);
    if (!boundary || !depth) {
        free(boundary);
        free(depth);
        return NULL;
    }
    lr_tex_mark_boundaries(s, n, boundary);
    int d = 0;
    for (size_t i = 0; i <= n; i++) {
        depth[i] = d;
        if (i < n && boundary[i])
            d += s[i] == '{' ? 1 : s[i] == '}' ? -1 : 0;
    }
    free(boundary);
    return depth;
}

/* A formula in parts: each part's glyphs between a push and a pop of its own
 * colour. The colour stack is the DVI's, not TeX's groups', so a part may
 * start inside braces and end outside them ("\sqrt{" + "a^2"). TeX sets a
 * fraction's rule after its numerator and a root's sign before its body, so
 * a part that leaves groups open ("\frac{") stays on the stack under the
 * parts inside them, and is popped only where the reading is back at its
 * own depth: the rule is then drawn in its colour. The formula's own \color
 * would push and pop on the same stack (its pop at a group's end would take
 * a part's colour away): in parts it colours nothing. */
static void append_parts(const lr_tex_request *f, char **doc, size_t *len, size_t *cap, bool *ok)
{
    const char *source = f->source;
    const lr_tex_style *sty = f->style;
    size_t n = strlen(source);
    int *depth = brace_depths(source, n);
    int *open = malloc((sty->nparts + 1) * sizeof *open); /* depths of the parts left on the stack */
    size_t nopen = 0;
    if (!depth || !open)
        *ok = false;
    append_str(doc, len, cap,
               "\\expandafter\\let\\csname set@color\\endcsname\\relax"
               "\\expandafter\\let\\csname reset@color\\endcsname\\relax\n",
               ok);
    size_t at = 0;
    for (size_t k = 0; k < sty->nparts && *ok; k++) {
        const lr_tex_span *part = &sty->parts[k];
        for (; at < part->start; at++) /* the braces of {{ }}: spaces */
            append(doc, len, cap, strchr(" \t\n\r", source[at]) ? &source[at] : " ", 1, ok);
        size_t lead = 0;
        while (lead < part->len && strchr("{} \t\n\r", source[at + lead]))
            lead++;
        if (lead == part->len) { /* only braces: no glyph to mark */
            append(doc, len, cap, source + at, part->len, ok);
            at += part->len;
            continue;
        }
        /* A part that begins by closing and opening groups ("}{b}" after
         * "\frac{a") starts its colour inside the next one, so what TeX
         * draws between them stays the enclosing part's. Not before ^ or _,
         * which would lose their nucleus. */
        if (source[at + lead] == '^' || source[at + lead] == '_' || (lead > 0 && source[at + lead - 1] == '}'))
            lead = 0;
        append(doc, len, cap, source + at, lead, ok);
        int d = depth[at + lead];
        for (; nopen > 0 && open[nopen - 1] >= d; nopen--)
            append_str(doc, len, cap, "\\special{color pop}", ok);
        char push[96];
        int w = snprintf(push, sizeof push, "\\special{color push rgb %.6f %.6f %.6f}", (TEX_PART_TAG + 0.25) / 255.0,
                         ((double)(k >> 8) + 0.25) / 255.0, ((double)(k & 0xff) + 0.25) / 255.0);
        append(doc, len, cap, push, (size_t)w, ok);
        append(doc, len, cap, source + at + lead, part->len - lead, ok);
        at += part->len;
        if (depth[at] > d)
            open[nopen++] = d;
        else
            append_str(doc, len, cap, "\\special{color pop}", ok);
    }
    for (; *ok && nopen > 0; nopen--)
        append_str(doc, len, cap, "\\special{color pop}", ok);
    for (; *ok && source[at]; at++)
        append(doc, len, cap, strchr(" \t\n\r", source[at]) ? &source[at] : " ", 1, ok);
    free(depth);
    free(open);
}

/* One formula's part of a document. The group keeps definitions made by
 * one formula from reaching the next when several share a TeX run, so a
 * page in a batch is what the formula alone would give (and the cache,
 * keyed by the formula alone, stays right). A colour group opens and
 * closes only between TeX's tokens: inside a name ("eta" in \beta) it
 * would make TeX read another name than the filter saw. */
static void append_body(const lr_tex_request *f, char **doc, size_t *len, size_t *cap, bool *ok)
{
    const char *source = f->source;
    const lr_tex_style *style = f->style;
    append_str(doc, len, cap, style->mode == LR_TEX_MATH ? "\\begingroup\n\\begin{align*}\n" : "\\begingroup\n", ok);
    if (f->style->nparts > 0) {
        append_parts(f, doc, len, cap, ok);
        append_str(doc, len, cap, style->mode == LR_TEX_MATH ? "\n\\end{align*}\n\\endgroup\n" : "\n\\endgroup\n", ok);
        return;
    }
    size_t source_len = strlen(source);
    bool *boundary = style->ncolors ? malloc(source_len + 1) : NULL;
    if (style->ncolors && !boundary)
        *ok = false;
    if (boundary)
        lr_tex_mark_boundaries(source, source_len, boundary);
    for (const char *p = source; *p && *ok;) {
        const lr_tex_color *hit = NULL;
        size_t hit_len = 0;
        for (size_t i = 0; i < style->ncolors; i++) {
            const char *s = style->colors[i].substring;
            size_t n = s ? strlen(s) : 0;
            size_t at = (size_t)(p - source);
            if (n && strncmp(p, s, n) == 0 && boundary[at] && boundary[at + n]) {
                hit = &style->colors[i];
                hit_len = n;
                break;
            }
        }
        if (!hit) {
            append(doc, len, cap, p, 1, ok);
            p++;
            continue;
        }
        /* \begingroup, unlike braces, makes no math atom, so colouring a
         * "+" keeps its spacing as a binary operator. */
        char pre[160];
        int n = snprintf(pre, sizeof pre, "\\begingroup\\color[rgb]{%.4f,%.4f,%.4f}", (double)hit->color.r,
                         (double)hit->color.g, (double)hit->color.b);
        append(doc, len, cap, pre, (size_t)n, ok);
        append(doc, len, cap, p, hit_len, ok);
        append_str(doc, len, cap, "\\endgroup ", ok);
        p += hit_len;
    }
    free(boundary);
    append_str(doc, len, cap, style->mode == LR_TEX_MATH ? "\n\\end{align*}\n\\endgroup\n" : "\n\\endgroup\n", ok);
}

/* The document for `count` formulas, one per page (mode, colours and parts
 * shape the page; size and colour are applied to the SVG afterwards). */
static char *build_document(const lr_tex_context *ctx, const lr_tex_request *const *fs, size_t count)
{
    char *doc = NULL;
    size_t len = 0, cap = 0;
    bool ok = true;
    append_head(ctx, &doc, &len, &cap, &ok);
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            append_str(&doc, &len, &cap, "\\newpage\n", &ok);
        append_body(fs[i], &doc, &len, &cap, &ok);
    }
    append_str(&doc, &len, &cap, "\\end{document}\n", &ok);
    if (!ok) {
        free(doc);
        return NULL;
    }
    return doc;
}

static lr_status check_formula(lr_tex_context *ctx, const lr_tex_request *f, lr_error *err)
{
    const char *source = f->source;
    const lr_tex_style *sty = f->style;
    if (!source)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "tex: NULL formula");
    size_t len = strlen(source);
    if (len > TEX_MAX_SOURCE)
        return lr_error_set(err, LR_ERR_LIMIT, "tex: formula of %zu bytes is longer than %d", len, TEX_MAX_SOURCE);
    if (f->style->nparts > 0 && !f->style->parts)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "tex: nparts without parts");
    if (f->style->nparts > TEX_MAX_PARTS)
        return lr_error_set(err, LR_ERR_LIMIT, "tex: %zu parts, at most %d", f->style->nparts, TEX_MAX_PARTS);
    for (size_t k = 0, end = 0; k < f->style->nparts; k++) {
        const lr_tex_span *p = &f->style->parts[k];
        if (p->len == 0 || p->start < end || p->start > len || p->len > len - p->start)
            return lr_error_set(err, LR_ERR_INVALID_ARG,
                                "tex: part %zu (bytes %zu..%zu) is empty, out of the formula or before part %zu's end",
                                k, p->start, p->start + p->len, k ? k - 1 : 0);
        end = p->start + p->len;
    }
    if (ctx->off & LR_TEX_LAYER_FILTER)
        return LR_OK;
    char why[600];
    const char *bad = lr_tex_forbidden(source, why, sizeof why);
    for (size_t i = 0; !bad && i < sty->ncolors; i++)
        if (sty->colors[i].substring)
            bad = lr_tex_forbidden(sty->colors[i].substring, why, sizeof why);
    if (bad) {
        ctx->stats.failures++;
        return lr_error_set(err, LR_ERR_TEX, "tex: %s", why);
    }
    return LR_OK;
}

static uint64_t formula_key(const lr_tex_context *ctx, const lr_tex_request *f, bool *ok)
{
    char *doc = build_document(ctx, &f, 1);
    if (!doc) {
        *ok = false;
        return 0;
    }
    uint64_t key = lr_tex_hash(TEX_CACHE_VERSION, sizeof TEX_CACHE_VERSION, 0);
    key = lr_tex_hash(doc, strlen(doc), key);
    free(doc);
    return key;
}

/* The part glyph `m` is marked as, or -1 (a colour of the formula's own, or
 * none). */
static long part_of(const lr_mobject *m, size_t nparts)
{
    lr_color f = m->style.fill;
    long r = lroundf(f.r * 255.0f), g = lroundf(f.g * 255.0f), b = lroundf(f.b * 255.0f);
    if (f.a <= 0 || r != TEX_PART_TAG)
        return -1;
    long k = g * 256 + b;
    return k < (long)nparts ? k : -1;
}

static bool same_key(const char *a, const char *b)
{
    char ka[256], kb[256];
    size_t na = lr_tex_part_key(a, strlen(a), ka, sizeof ka), nb = lr_tex_part_key(b, strlen(b), kb, sizeof kb);
    return na == nb && na < sizeof ka && strcmp(ka, kb) == 0;
}

/* The glyphs of a formula in parts, sorted into a group per part by the
 * colour that marks them, and painted: a part's colour from the style's
 * colours (by key), else the style's colour. */
static lr_status group_parts(const lr_tex_request *f, lr_mobject *flat, lr_mobject **out)
{
    const lr_tex_style *sty = f->style;
    lr_mobject *g = lr_mobject_create_group();
    bool ok = g != NULL;
    lr_color *paint = calloc(f->style->nparts, sizeof *paint);
    ok = ok && paint;
    for (size_t k = 0; ok && k < f->style->nparts; k++) {
        lr_mobject *part = lr_mobject_create_group();
        ok = part && lr_mobject_add_child(g, part) == LR_OK;
        if (!ok) {
            lr_mobject_destroy(part);
            break;
        }
        paint[k] = sty->color;
        char *tex = strndup(f->source + f->style->parts[k].start, f->style->parts[k].len);
        ok = tex != NULL;
        for (size_t i = 0; ok && i < sty->ncolors; i++)
            if (sty->colors[i].substring && same_key(tex, sty->colors[i].substring)) {
                paint[k] = sty->colors[i].color;
                break;
            }
        free(tex);
    }
    /* A glyph with no mark (none is expected: every byte that can make one
     * is in a part, and the formula's own \color is off) joins the part of
     * the glyph before it, or after it for the first ones. */
    long last = -1;
    for (size_t i = 0; ok && i < flat->nchildren && last < 0; i++)
        last = part_of(flat->children[i], f->style->nparts);
    for (size_t i = 0; ok && i < flat->nchildren; i++) {
        lr_mobject *c = flat->children[i];
        long k = part_of(c, f->style->nparts);
        if (k >= 0) {
            last = k;
            lr_color p = paint[k];
            c->style.fill = p;
            if (c->style.stroke.a > 0)
                c->style.stroke = p;
        }
        if (last < 0)
            last = 0; /* no glyph is marked: all in the first part */
        c->parent = NULL;
        flat->children[i] = NULL;
        if (lr_mobject_add_child(g->children[last], c) != LR_OK) {
            lr_mobject_destroy(c);
            ok = false;
        }
    }
    free(paint);
    if (ok) {
        flat->nchildren = 0;
        g->transform = flat->transform;
        g->opacity = flat->opacity;
    }
    lr_mobject_destroy(flat);
    if (!ok) {
        lr_mobject_destroy(g);
        return LR_ERR_NOMEM;
    }
    *out = g;
    return LR_OK;
}

static lr_status svg_to_mobject(lr_tex_context *ctx, uint64_t key, const char *svg, size_t size,
                                const lr_tex_request *f, lr_mobject **out, lr_error *err)
{
    const lr_tex_style *sty = f->style;
    lr_svg_options opt = lr_svg_options_default();
    opt.height = 0;
    /* dvisvgm's user unit is the TeX point; the loader turns the pt-sized
     * width/height into CSS px (96/72 per pt), which this undoes. */
    opt.scale = sty->font_size / 960.0f * 0.75f;
    opt.center = true;
    opt.current_color = sty->color;
    opt.default_fill = sty->color;
    lr_status st = lr_svg_load_memory(svg, size, &opt, out, NULL, err);
    if (st == LR_OK && f->style->nparts > 0 && (st = group_parts(f, *out, out)) != LR_OK) {
        *out = NULL;
        return lr_error_set(err, st, "out of memory");
    }
    if (st != LR_OK) {
        ctx->stats.failures++;
        if (ctx->cache_dir) { /* a cached file that does not load is not worth keeping */
            char path[4200];
            lr_cache_path(ctx->cache_dir, key, "svg", path, sizeof path);
            unlink(path);
        }
    }
    return st;
}

lr_status lr_tex_create_batch(lr_tex_context *ctx, const char *const *sources, size_t count,
                              const lr_tex_style *style, lr_mobject **outs, lr_error *err)
{
    if (!ctx || (count && (!sources || !outs)))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tex_create_batch: NULL argument");
    if (count > 1 && style && style->nparts > 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tex_create_batch: parts belong to one formula");
    lr_tex_request *reqs = malloc((count ? count : 1) * sizeof *reqs);
    if (!reqs)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < count; i++)
        reqs[i] = (lr_tex_request){.source = sources[i], .style = style};
    lr_status st = lr_tex_create_many(ctx, reqs, count, outs, err);
    free(reqs);
    return st;
}

lr_status lr_tex_create_many(lr_tex_context *ctx, const lr_tex_request *reqs, size_t count, lr_mobject **outs,
                             lr_error *err)
{
    if (!ctx || (count && (!reqs || !outs)))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tex_create_many: NULL argument");
    for (size_t i = 0; i < count; i++)
        outs[i] = NULL;
    if (count == 0)
        return LR_OK;
    lr_tex_style *stys = malloc(count * sizeof *stys);
    lr_tex_request *fs = malloc(count * sizeof *fs);
    if (!stys || !fs) {
        free(stys);
        free(fs);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    lr_status st = LR_OK;
    for (size_t i = 0; i < count && st == LR_OK; i++) {
        stys[i] = reqs[i].style ? *reqs[i].style : lr_tex_style_default();
        fs[i] = reqs[i];
        fs[i].style = &stys[i];
        if (!(stys[i].font_size > 0))
            st = lr_error_set(err, LR_ERR_INVALID_ARG, "tex: font_size must be positive");
        else
            st = check_formula(ctx, &fs[i], err);
        if (st != LR_OK && count > 1 && err) {
            char tmp[sizeof err->message];
            snprintf(tmp, sizeof tmp, "formula %zu: %.900s", i + 1, err->message);
            memcpy(err->message, tmp, sizeof tmp);
        }
    }
    if (st != LR_OK) {
        free(stys);
        free(fs);
        return st;
    }
    uint64_t *keys = calloc(count, sizeof *keys);
    char **svgs = calloc(count, sizeof *svgs);
    size_t *sizes = calloc(count, sizeof *sizes);
    const lr_tex_request **missing = calloc(count, sizeof *missing);
    size_t *missing_index = calloc(count, sizeof *missing_index);
    char **page_svgs = calloc(count, sizeof *page_svgs);
    size_t *page_sizes = calloc(count, sizeof *page_sizes);
    size_t nmissing = 0;
    bool ok = keys && svgs && sizes && missing && missing_index && page_svgs && page_sizes;
    for (size_t i = 0; ok && i < count; i++) {
        keys[i] = formula_key(ctx, &fs[i], &ok);
        if (ok && ctx->cache_dir) {
            if (lr_cache_load(ctx->cache_dir, keys[i], "svg", TEX_MAX_SVG, &svgs[i], &sizes[i]) == LR_OK) {
                ctx->stats.cache_hits++;
                continue;
            }
        }
        if (ok) {
            missing[nmissing] = &fs[i];
            missing_index[nmissing++] = i;
        }
    }
    if (!ok) {
        st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (nmissing > 0) {
        /* One TeX run for everything not cached; if it fails, each formula
         * alone, so the error names the formula that broke. */
        char *doc = build_document(ctx, missing, nmissing);
        if (!doc) {
            st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
            goto done;
        }
        lr_error batch_err;
        lr_status bs = compile_pages(ctx, doc, nmissing, ctx->timeout_s * (nmissing > 1 ? 2.0 : 1.0), page_svgs,
                                     page_sizes, &batch_err);
        free(doc);
        if (bs == LR_OK) {
            for (size_t k = 0; k < nmissing; k++) {
                size_t i = missing_index[k];
                svgs[i] = page_svgs[k];
                sizes[i] = page_sizes[k];
                page_svgs[k] = NULL;
                lr_cache_store(ctx->cache_dir, keys[i], "svg", svgs[i], sizes[i]);
            }
        } else if (nmissing == 1 || bs == LR_ERR_UNSUPPORTED || bs == LR_ERR_NOMEM || bs == LR_ERR_IO) {
            ctx->stats.failures++;
            if (err)
                *err = batch_err;
            st = bs;
            goto done;
        } else {
            for (size_t k = 0; k < nmissing && st == LR_OK; k++) {
                size_t i = missing_index[k];
                doc = build_document(ctx, &missing[k], 1);
                if (!doc) {
                    st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
                    break;
                }
                st = compile_pages(ctx, doc, 1, ctx->timeout_s, &svgs[i], &sizes[i], err);
                free(doc);
                if (st == LR_OK) {
                    lr_cache_store(ctx->cache_dir, keys[i], "svg", svgs[i], sizes[i]);
                } else {
                    ctx->stats.failures++;
                    if (count > 1 && err) {
                        char tmp[sizeof err->message];
                        snprintf(tmp, sizeof tmp, "formula %zu: %.900s", i + 1, err->message);
                        memcpy(err->message, tmp, sizeof tmp);
                    }
                }
            }
            if (st != LR_OK)
                goto done;
        }
    }
    for (size_t i = 0; i < count && st == LR_OK; i++)
        st = svg_to_mobject(ctx, keys[i], svgs[i], sizes[i], &fs[i], &outs[i], err);
done:
    if (st != LR_OK)
        for (size_t i = 0; i < count; i++) {
            lr_mobject_destroy(outs[i]);
            outs[i] = NULL;
        }
    for (size_t i = 0; i < count; i++) {
        if (svgs)
            free(svgs[i]);
        if (page_svgs)
            free(page_svgs[i]);
    }
    free(keys);
    free(svgs);
    free(sizes);
    free(missing);
    free(stys);
    free(fs);
    free(missing_index);
    free(page_svgs);
    free(page_sizes);
    return st;
}

lr_status lr_tex_create(lr_tex_context *ctx, const char *source, const lr_tex_style *style, lr_mobject **out,
                        lr_error *err)
{
    if (!ctx || !source || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_tex_create: NULL argument");
    return lr_tex_create_batch(ctx, &source, 1, style, out, err);
}
