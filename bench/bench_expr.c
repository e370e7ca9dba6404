/* The expression machine on the per-frame path: nanoseconds per evaluation
 * of typical spec expressions (a value, a point built from a query and a
 * rotation, a method query), with a trivial query callback, of complex maps
 * as ApplyComplexFunction samples them (z is the pair k, time), and the
 * public x/t layer that function graphs sample through. Each expression runs
 * `--iters` times (default 5,000,000) with its variables changing every
 * call; the figure is the best of `--repeat` rounds (default 5), which is
 * the least disturbed by other programs on the machine.
 *
 *   bench_expr [--iters N] [--repeat R]
 *
 * Figures to stdout, one line per expression. */
#include "spec/spec_expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* k and time (slots 0, 1), z = k + time i (the same slots); v1.end,
 * dot.center, axes.c2p(x, y) */
static bool resolve(void *user, const expr_ref *ref, expr_binding *out, char *msg, size_t size)
{
    if (!ref->member && (strcmp(ref->name, "k") == 0 || strcmp(ref->name, "time") == 0)) {
        *out = (expr_binding){EXPR_BIND_VARIABLE, EXPR_NUMBER, ref->name[0] == 'k' ? 0 : 1, 0, {0}};
        return true;
    }
    if (!ref->member && strcmp(ref->name, "z") == 0) {
        *out = (expr_binding){EXPR_BIND_VARIABLE, EXPR_COMPLEX, 0, 0, {0}};
        return true;
    }
    if (ref->member && strcmp(ref->member, "c2p") == 0) {
        *out = (expr_binding){EXPR_BIND_QUERY, EXPR_POINT, 2, 2, {EXPR_NUMBER, EXPR_NUMBER}};
        return true;
    }
    if (ref->member && (strcmp(ref->member, "end") == 0 || strcmp(ref->member, "center") == 0)) {
        *out = (expr_binding){EXPR_BIND_QUERY, EXPR_POINT, ref->member[0] == 'e' ? 0 : 1, 0, {0}};
        return true;
    }
    snprintf(msg, size, "no name \"%s\"", ref->name);
    return false;
}

/* As cheap as a query can be: a stored point, or a scaled pair. */
static bool query(void *user, int handle, const expr_value *args, int nargs, expr_value *out)
{
    const expr_value *points = user;
    if (handle == 2)
        *out = (expr_value){0.5 * args[0].x + 1, 0.5 * args[1].x - 1};
    else
        *out = points[handle];
    return true;
}

int main(int argc, char **argv)
{
    long iters = 5000000;
    int repeat = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--iters") == 0 && i + 1 < argc)
            iters = atol(argv[++i]);
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_expr [--iters N] [--repeat R]\n");
            return 2;
        }
    }
    if (iters < 1 || repeat < 1) {
        fprintf(stderr, "bench_expr: --iters and --repeat must be positive\n");
        return 2;
    }
    static const char *const texts[] = {
        "1 + 0.2*k",
        "v1.end + rotate([0.5, 0], 2*time)",
        "axes.c2p(k, k^2)",
        "(dot.center - v1.end).x * cos(time) + lerp(1, 2, clamp(k, 0, 1))",
        "z^2 + 1",
        "exp(i*z)",
        "(z - 1)/(z + 1)",
    };
    const expr_resolver r = {resolve, NULL};
    expr_value points[2] = {{3, 4}, {1, 2}};
    double sink = 0;
    printf("expression                                                            ns/eval\n");
    for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
        lr_expr *e;
        lr_error err = {0};
        if (expr_compile(texts[t], EXPR_ANY, &r, &e, &err) != LR_OK) {
            fprintf(stderr, "bench_expr: \"%s\": %s\n", texts[t], err.message);
            return 1;
        }
        double best = 1e30;
        for (int rep = 0; rep < repeat; rep++) {
            double vars[2] = {0.25, 0};
            expr_env env = {vars, 2, query, points};
            double t0 = now_s();
            for (long i = 0; i < iters; i++) {
                vars[0] += 1e-7;
                vars[1] += 1e-6;
                expr_value v = expr_eval(e, &env);
                sink += v.x + v.y;
            }
            double dt = now_s() - t0;
            if (dt < best)
                best = dt;
        }
        printf("%-68s %7.1f\n", texts[t], best / (double)iters * 1e9);
        lr_expr_destroy(e);
    }
    /* the public layer, as function graphs sample it */
    static const char *const public_texts[] = {"x^2 + sin(x)", "0.5*exp(-t/2)*cos(3t)"};
    for (size_t t = 0; t < sizeof public_texts / sizeof public_texts[0]; t++) {
        lr_expr *e;
        lr_error err = {0};
        if (lr_expr_compile(public_texts[t], &e, &err) != LR_OK) {
            fprintf(stderr, "bench_expr: \"%s\": %s\n", public_texts[t], err.message);
            return 1;
        }
        double best = 1e30;
        for (int rep = 0; rep < repeat; rep++) {
            double x = 0.25, tt = 0, t0 = now_s();
            for (long i = 0; i < iters; i++) {
                x += 1e-7;
                tt += 1e-6;
                sink += lr_expr_eval(e, x, tt);
            }
            double dt = now_s() - t0;
            if (dt < best)
                best = dt;
        }
        char label[80];
        snprintf(label, sizeof label, "lr_expr_eval: %s", public_texts[t]);
        printf("%-68s %7.1f\n", label, best / (double)iters * 1e9);
        lr_expr_destroy(e);
    }
    fprintf(stderr, "(checksum %g)\n", sink);
    return 0;
}
