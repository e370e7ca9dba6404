/* What the LaTeX sandbox costs: formulas compiled cold (no disk cache),
 * each in its own TeX run (latex + dvisvgm, two sandboxed processes) and
 * all of them in one batch run. Run by hand, interleaved with the sandbox
 * off:
 *   bench_tex [N]               N formulas one by one, then as one batch
 *   bench_tex [N] --no-sandbox  the same with bubblewrap turned off
 * Prints milliseconds per formula for each mode. */
#include <librender.h>

#include "tex/tex_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static const char *const formulas[] = {
    "a^2 + b^2 = c^2",
    "\\frac{a}{b} + \\frac{c}{d} = \\frac{ad + bc}{bd}",
    "\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}",
    "\\int_0^1 x^2\\,dx = \\frac{1}{3}",
    "e^{i\\pi} + 1 = 0",
    "\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1",
    "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
    "\\binom{n}{k} = \\frac{n!}{k!(n-k)!}",
};
#define NFORMULAS (sizeof formulas / sizeof formulas[0])

int main(int argc, char **argv)
{
    size_t n = NFORMULAS;
    bool sandbox = true;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--no-sandbox") == 0)
            sandbox = false;
        else if (atoi(argv[i]) > 0)
            n = (size_t)atoi(argv[i]);
    }
    if (n > NFORMULAS)
        n = NFORMULAS;
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = "";
    lr_tex_context *ctx = NULL;
    lr_error err = {0};
    if (lr_tex_context_create(&ctx, &cfg, &err) != LR_OK) {
        fprintf(stderr, "bench_tex: %s\n", err.message);
        return 1;
    }
    if (!sandbox)
        lr_tex_disable_layers(ctx, LR_TEX_LAYER_SANDBOX);
    char why[300];
    bool on = lr_tex_sandboxed(ctx, why, sizeof why) && sandbox;
    double t0 = now_ms();
    for (size_t i = 0; i < n; i++) {
        lr_mobject *m = NULL;
        if (lr_tex_create(ctx, formulas[i], NULL, &m, &err) != LR_OK) {
            fprintf(stderr, "bench_tex: %s\n", err.message);
            return 1;
        }
        lr_mobject_destroy(m);
    }
    double t1 = now_ms();
    lr_mobject *outs[NFORMULAS];
    if (lr_tex_create_batch(ctx, formulas, n, NULL, outs, &err) != LR_OK) {
        fprintf(stderr, "bench_tex: %s\n", err.message);
        return 1;
    }
    double t2 = now_ms();
    for (size_t i = 0; i < n; i++)
        lr_mobject_destroy(outs[i]);
    printf("sandbox %s%s%s: %zu formulas one by one %.1f ms each; one batch %.1f ms in all (%.1f each)\n",
           on ? "on" : "off", on || !sandbox ? "" : " ", on || !sandbox ? "" : why, n, (t1 - t0) / (double)n,
           t2 - t1, (t2 - t1) / (double)n);
    lr_tex_context_destroy(ctx);
    return 0;
}
