/* The expression language: compile anything, through the public x/t layer
 * and through the typed compiler with a resolver that knows a few values,
 * queries and methods (as a spec section would), and evaluate what compiles
 * at a few points (including awkward ones). A typed result must be finite
 * or NaN in both coordinates; anything else aborts. */
#include "fuzz_util.h"

#include <math.h>
#include <stdio.h>

#include "librender/lr_spec.h"
#include "spec/spec_expr.h"

/* values k, time (slots 0, 1), a point p (2, 3) and a complex number z
 * (4, 5); dot.center, dot.x, v1.end, graph.slope(n), graph.point(n),
 * axes.c2p(n, n), many.f(16 numbers), cq.f(complex) (a complex query),
 * bad.q (a query that fails) */
static const struct {
    const char *name, *member;
    expr_binding b;
} known[] = {
    {"k", NULL, {EXPR_BIND_VARIABLE, EXPR_NUMBER, 0, 0, {0}}},
    {"time", NULL, {EXPR_BIND_VARIABLE, EXPR_NUMBER, 1, 0, {0}}},
    {"p", NULL, {EXPR_BIND_VARIABLE, EXPR_POINT, 2, 0, {0}}},
    {"z", NULL, {EXPR_BIND_VARIABLE, EXPR_COMPLEX, 4, 0, {0}}},
    {"cq", "f", {EXPR_BIND_QUERY, EXPR_COMPLEX, 8, 1, {EXPR_COMPLEX}}},
    {"dot", "center", {EXPR_BIND_QUERY, EXPR_POINT, 0, 0, {0}}},
    {"dot", "x", {EXPR_BIND_QUERY, EXPR_NUMBER, 1, 0, {0}}},
    {"v1", "end", {EXPR_BIND_QUERY, EXPR_POINT, 2, 0, {0}}},
    {"graph", "slope", {EXPR_BIND_QUERY, EXPR_NUMBER, 3, 1, {EXPR_NUMBER}}},
    {"graph", "point", {EXPR_BIND_QUERY, EXPR_POINT, 4, 1, {EXPR_NUMBER}}},
    {"axes", "c2p", {EXPR_BIND_QUERY, EXPR_POINT, 5, 2, {EXPR_NUMBER, EXPR_NUMBER}}},
    {"many", "f", {EXPR_BIND_QUERY, EXPR_NUMBER, 6, EXPR_MAX_ARGS, {0}}},
    {"bad", "q", {EXPR_BIND_QUERY, EXPR_NUMBER, 7, 0, {0}}},
};

static bool resolve(void *user, const expr_ref *ref, expr_binding *out, char *msg, size_t size)
{
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        bool same_member = known[i].member ? ref->member && strcmp(known[i].member, ref->member) == 0 : !ref->member;
        if (strcmp(known[i].name, ref->name) == 0 && same_member) {
            *out = known[i].b;
            return true;
        }
    }
    snprintf(msg, size, "no name \"%s\"", ref->name);
    return false;
}

/* Queries return awkward values too: the typed result must still come out
 * finite or NaN. */
static bool query(void *user, int handle, const expr_value *args, int nargs, expr_value *out)
{
    double sum = 0;
    for (int i = 0; i < nargs; i++)
        sum += args[i].x;
    switch (handle) {
    case 0: *out = (expr_value){1, 2}; return true;
    case 1: out->x = INFINITY; return true;
    case 2: *out = (expr_value){-1e308, NAN}; return true;
    case 7: return false;
    case 8: *out = (expr_value){args[0].y, args[0].x * 1e300}; return true;
    default: *out = (expr_value){sum, sum * sum}; return true;
    }
}

static void check_value(expr_value v)
{
    if (!((isfinite(v.x) && isfinite(v.y)) || (isnan(v.x) && isnan(v.y))))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    static const double xs[] = {0.0, 1.0, -2.5, 1e308, -1e-308, INFINITY};
    lr_expr *e = NULL;
    lr_error err = {0};
    if (lr_expr_compile(text, &e, &err) == LR_OK) {
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
            (void)lr_expr_eval(e, xs[i], xs[(i + 1) % 6]);
        (void)lr_expr_eval(e, NAN, NAN);
        (void)lr_expr_uses(e, 'x');
        (void)lr_expr_uses(e, 't');
        lr_expr_destroy(e);
    }

    expr_resolver r = {resolve, NULL};
    static const expr_type wants[] = {EXPR_ANY, EXPR_NUMBER, EXPR_POINT, EXPR_COMPLEX};
    for (size_t w = 0; w < sizeof wants / sizeof wants[0]; w++) {
        if (expr_compile(text, wants[w], &r, &e, &err) != LR_OK)
            continue;
        if (wants[w] != EXPR_ANY && expr_result_type(e) != wants[w])
            abort();
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
            const double vars[6] = {xs[i], xs[(i + 1) % 6], xs[(i + 2) % 6], xs[(i + 3) % 6], xs[(i + 4) % 6],
                                    xs[(i + 5) % 6]};
            expr_env env = {vars, 6, query, NULL};
            check_value(expr_eval(e, &env));
        }
        if (expr_is_constant(e))
            check_value(expr_eval(e, NULL));
        lr_expr_destroy(e);
    }
    free(text);
    return 0;
}
