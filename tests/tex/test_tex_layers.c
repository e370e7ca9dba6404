/* Layers 1 and 2 of the LaTeX defences, each on its own (layer 3, the
 * sandbox, is test_tex_sandbox.c). The exploits of issue 15, as one `tex`
 * object could run them through \special{ps: ...}:
 *   pipe:  Ghostscript runs `touch MARKER` through %pipe% (a shell command);
 *   write: it writes a file at an absolute path outside the work folder;
 *   read:  it reads a private file and draws one bar per byte.
 * First with every layer off, to show the exploits work here (otherwise
 * the rest would prove nothing); then with only the filter on, then with
 * only dvisvgm's specials off: each layer alone must stop all three.
 * Last, without bubblewrap the compiler says so once and layers 1 and 2
 * still hold. */
#include "tex_hostile.h"

#include <fcntl.h>
#include <sys/stat.h>

static char marker[1024], outside[1024], secret[1024];

static lr_tex_context *context(unsigned off)
{
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = "";
    lr_tex_context *ctx = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_tex_context_create(&ctx, &cfg, &err));
    if (ctx)
        lr_tex_disable_layers(ctx, off);
    return ctx;
}

/* The document's SVG, or NULL when it did not compile. */
static char *compile_document(lr_tex_context *ctx, const char *doc)
{
    char *svg = NULL;
    size_t n = 0;
    lr_error err = {0};
    if (lr_tex_compile_document(ctx, doc, &svg, &n, &err) != LR_OK) {
        printf("  (the document did not compile: %.200s)\n", err.message);
        return NULL;
    }
    return svg;
}

/* Runs the three exploits as whole documents (the filter never sees a
 * document) with the layers `off` turned off; `works` says whether they
 * must succeed (every layer off) or fail. */
static void document_exploits(unsigned off, bool works, const char *what)
{
    lr_tex_context *ctx = context(off);
    if (!ctx)
        return;
    char doc[4096];
    unlink(marker);
    exploit_document(EXPLOIT_PIPE, marker, doc, sizeof doc);
    free(compile_document(ctx, doc));
    LRT_CHECK_MSG(file_exists(marker) == works, "%s: the shell command %s", what, works ? "did not run" : "ran");
    unlink(marker);

    unlink(outside);
    exploit_document(EXPLOIT_WRITE, outside, doc, sizeof doc);
    free(compile_document(ctx, doc));
    LRT_CHECK_MSG(file_exists(outside) == works, "%s: the file outside %s", what,
                  works ? "was not written" : "was written");
    unlink(outside);

    char *none = compile_document(ctx, "\\documentclass{article}\\pagestyle{empty}\\begin{document}x\\end{document}\n");
    exploit_document(EXPLOIT_READ, secret, doc, sizeof doc);
    char *read = compile_document(ctx, doc);
    size_t base = none ? count_paths(none) : 0, got = read ? count_paths(read) : 0;
    printf("%s: the read exploit drew %zu paths, %zu without the special\n", what, got, base);
    if (works)
        LRT_CHECK_MSG(none && read && got == base + 6, "%s: the private file's 6 bytes were not drawn", what);
    else
        LRT_CHECK_MSG(!read || got == base, "%s: the private file was drawn (%zu paths, %zu without it)", what, got,
                      base);
    free(none);
    free(read);
    lr_tex_context_destroy(ctx);
}

typedef enum outcome { RUNS, REFUSED, BLOCKED } outcome;

/* The exploit as a formula, the way a spec or an LLM would give it: it
 * runs, the filter refuses it, or it reaches dvisvgm and does nothing. */
static void formula_exploits(unsigned off, outcome expect, const char *what)
{
    lr_tex_context *ctx = context(off);
    if (!ctx)
        return;
    char ps[3000], formula[3200];
    exploit_ps(EXPLOIT_PIPE, marker, ps, sizeof ps);
    const char *forms[] = {"x \\begin{special}{ps: %s}\\end{special}", "x \\csname special\\endcsname{ps: %s}",
                           "x \\special{ps: %s}", "x \\begin {special} {ps: %s}\\end {special}"};
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
        snprintf(formula, sizeof formula, forms[i], ps);
        unlink(marker);
        lr_mobject *m = NULL;
        lr_error err = {0};
        lr_status st = lr_tex_create(ctx, formula, NULL, &m, &err);
        if (expect == RUNS) {
            LRT_CHECK_MSG(file_exists(marker), "%s: form %zu did not run the command (%s)", what, i, err.message);
        } else {
            if (expect == REFUSED)
                LRT_CHECK_MSG(st == LR_ERR_TEX && strstr(err.message, "is not allowed in a formula"),
                              "%s: form %zu: %s", what, i, err.message);
            else
                LRT_CHECK_MSG(st == LR_OK, "%s: form %zu did not compile: %s", what, i, err.message);
            LRT_CHECK_MSG(!file_exists(marker), "%s: form %zu ran the command", what, i);
        }
        lr_mobject_destroy(m);
        unlink(marker);
    }
    lr_tex_context_destroy(ctx);
}

/* Every handler this dvisvgm has is turned off or known to reach no file
 * and run nothing; the list dodges dvisvgm 3.0.3's bug with 16 characters
 * or more (see tex.c). */
static void test_special_handlers(void)
{
    LRT_CHECK(strlen(LR_TEX_NO_SPECIALS) < 16);
    FILE *p = popen("dvisvgm --list-specials 2>/dev/null", "r");
    LRT_CHECK(p != NULL);
    if (!p)
        return;
    static const char *const harmless[] = {"color", "bgcolor", "em", "html", "papersize", "tpic", NULL};
    char line[256];
    int handlers = 0;
    bool saw_ps = false;
    while (fgets(line, sizeof line, p)) {
        char name[64] = "";
        if (sscanf(line, "%63s", name) != 1)
            continue;
        handlers++;
        bool known = false;
        for (int i = 0; harmless[i]; i++)
            known = known || strcmp(name, harmless[i]) == 0;
        char list[64];
        snprintf(list, sizeof list, ",%s,", LR_TEX_NO_SPECIALS);
        char key[70];
        snprintf(key, sizeof key, ",%s,", name);
        bool off = strstr(list, key) != NULL;
        saw_ps = saw_ps || strcmp(name, "ps") == 0;
        LRT_CHECK_MSG(known || off, "dvisvgm has a special handler \"%s\" that is neither off nor known harmless",
                      name);
    }
    pclose(p);
    LRT_CHECK_MSG(handlers >= 5 && saw_ps, "dvisvgm --list-specials listed %d handlers", handlers);
}

/* Without bubblewrap: said once on stderr, formulas still compile, and
 * layers 1 and 2 still stop the exploits. */
static void test_without_sandbox(void)
{
    lr_tex_context *ctx = context(0);
    if (!ctx)
        return;
    LRT_CHECK_OK(lr_tex_set_bwrap(ctx, "c2v-no-such-bwrap"));
    char why[300];
    LRT_CHECK(!lr_tex_sandboxed(ctx, why, sizeof why));
    LRT_CHECK_MSG(strstr(why, "bubblewrap is not installed"), "why: %s", why);
    char err_path[1024];
    lrt_build_path(err_path, sizeof err_path, "tests/tex/layers-stderr.txt");
    fflush(stderr);
    int saved = dup(2);
    int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    lr_mobject *a = NULL, *b = NULL, *evil = NULL;
    lr_error err = {0};
    lr_status sa = lr_tex_create(ctx, "a^2", NULL, &a, &err);
    lr_status sb = lr_tex_create(ctx, "b^2", NULL, &b, &err);
    char doc[4096];
    unlink(marker);
    exploit_document(EXPLOIT_PIPE, marker, doc, sizeof doc);
    free(compile_document(ctx, doc));
    lr_status se = lr_tex_create(ctx, "x\\begin{special}{ps: 1 0 0 setrgbcolor}\\end{special}", NULL, &evil, &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    LRT_CHECK(sa == LR_OK && sb == LR_OK && a && b);
    LRT_CHECK(se == LR_ERR_TEX && evil == NULL);
    LRT_CHECK_MSG(!file_exists(marker), "without the sandbox, dvisvgm ran PostScript");
    lr_mobject_destroy(a);
    lr_mobject_destroy(b);
    FILE *f = fopen(err_path, "rb");
    char text[4096] = "";
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = 0;
    if (f)
        fclose(f);
    const char *first = strstr(text, "LaTeX runs without its sandbox");
    LRT_CHECK_MSG(first && !strstr(first + 1, "LaTeX runs without its sandbox"),
                  "expected the warning exactly once on stderr, got: %s", text);
    LRT_CHECK(strstr(text, "bubblewrap is not installed") != NULL);
    lr_tex_context_destroy(ctx);
}

int main(void)
{
    lrt_build_path(marker, sizeof marker, "tests/tex/layers-marker");
    lrt_build_path(outside, sizeof outside, "tests/tex/layers-outside.txt");
    lrt_build_path(secret, sizeof secret, "tests/tex/layers-secret.txt");
    write_text(secret, "SECRET");
    chmod(secret, 0600);

    const unsigned all = LR_TEX_LAYER_FILTER | LR_TEX_LAYER_SPECIALS | LR_TEX_LAYER_SANDBOX;
    /* every layer off: the exploits work (the control) */
    document_exploits(all, true, "no layer");
    formula_exploits(all, RUNS, "no layer, as a formula");
    /* layer 1 alone: the formula filter */
    formula_exploits(all & ~LR_TEX_LAYER_FILTER, REFUSED, "the filter alone");
    /* layer 2 alone: dvisvgm without the dangerous specials */
    document_exploits(all & ~LR_TEX_LAYER_SPECIALS, false, "specials off alone");
    formula_exploits(all & ~LR_TEX_LAYER_SPECIALS, BLOCKED, "specials off alone, as a formula");
    test_special_handlers();
    test_without_sandbox();
    unlink(secret);
    return lrt_finish("tex_layers");
}
