/* The expression language: the public x/t layer as it always was (values,
 * precedence, errors with columns), then the spec's typed language (numbers,
 * points and complex numbers, names through a resolver, queries, every
 * built-in against libm and C99's <complex.h>, limits), and random garbage
 * that must never crash or leak. */
#include "lrtest.h"

#include "spec/spec_expr.h"

#include <complex.h>
#include <stdlib.h>
#include <string.h>

#define BUILTINS                                                                                              \
    "constants: pi PI tau TAU e i DEGREES ORIGIN UP DOWN LEFT RIGHT UL UR DL DR; functions: sin cos tan asin "  \
    "acos atan atan2 sinh cosh tanh exp log ln log10 sqrt abs floor ceil round sign min max clamp mod hypot "    \
    "norm angle dist dot rotate lerp unit re im conj arg complex point"

static double eval(const char *text, double x, double t)
{
    lr_expr *e = NULL;
    lr_error err = {0};
    lr_status s = lr_expr_compile(text, &e, &err);
    LRT_CHECK_MSG(s == LR_OK, "\"%s\": %s", text, err.message);
    double v = e ? lr_expr_eval(e, x, t) : NAN;
    lr_expr_destroy(e);
    return v;
}

static void check_error(const char *text, const char *message)
{
    lr_expr *e = NULL;
    lr_error err = {0};
    lr_status s = lr_expr_compile(text, &e, &err);
    LRT_CHECK_MSG(s != LR_OK && e == NULL, "\"%s\" compiled", text);
    LRT_CHECK_MSG(strcmp(err.message, message) == 0, "\"%s\": got \"%s\", expected \"%s\"", text, err.message,
                  message);
    lr_expr_destroy(e);
}

/* ---- the typed language ------------------------------------------------------ */

/* The names a spec section might have: values k and time (slots 0, 1), a
 * point slot p (2, 3), complex slots z (4, 5) and w (6, 7), and objects dot,
 * v1, graph, axes, many, cq, bad with their queries. Records every call. */
enum {
    H_DOT_CENTER = 10,
    H_DOT_X,
    H_V1_END,
    H_V1_START,
    H_SLOPE = 20,
    H_POINT,
    H_C2P,
    H_MANY,
    H_CSQUARE,
    H_CMUL,
    H_FAIL = 99
};

typedef struct test_names {
    int calls;
    expr_ref last;
    char last_name[80], last_member[80];
    int query_calls;
    int last_handle, last_nargs;
    expr_value last_args[EXPR_MAX_ARGS];
} test_names;

static bool test_resolve(void *user, const expr_ref *ref, expr_binding *out, char *msg, size_t size)
{
    test_names *tn = user;
    tn->calls++;
    tn->last = *ref;
    snprintf(tn->last_name, sizeof tn->last_name, "%s", ref->name);
    snprintf(tn->last_member, sizeof tn->last_member, "%s", ref->member ? ref->member : "");
    static const struct {
        const char *name, *member;
        expr_binding b;
    } table[] = {
        {"k", NULL, {EXPR_BIND_VARIABLE, EXPR_NUMBER, 0, 0, {0}}},
        {"time", NULL, {EXPR_BIND_VARIABLE, EXPR_NUMBER, 1, 0, {0}}},
        {"p", NULL, {EXPR_BIND_VARIABLE, EXPR_POINT, 2, 0, {0}}},
        {"z", NULL, {EXPR_BIND_VARIABLE, EXPR_COMPLEX, 4, 0, {0}}},
        {"w", NULL, {EXPR_BIND_VARIABLE, EXPR_COMPLEX, 6, 0, {0}}},
        {"cq", "square", {EXPR_BIND_QUERY, EXPR_COMPLEX, H_CSQUARE, 1, {EXPR_COMPLEX}}},
        {"cq", "mul", {EXPR_BIND_QUERY, EXPR_COMPLEX, H_CMUL, 3, {EXPR_COMPLEX, EXPR_NUMBER, EXPR_COMPLEX}}},
        {"dot", "center", {EXPR_BIND_QUERY, EXPR_POINT, H_DOT_CENTER, 0, {0}}},
        {"dot", "x", {EXPR_BIND_QUERY, EXPR_NUMBER, H_DOT_X, 0, {0}}},
        {"v1", "end", {EXPR_BIND_QUERY, EXPR_POINT, H_V1_END, 0, {0}}},
        {"v1", "start", {EXPR_BIND_QUERY, EXPR_POINT, H_V1_START, 0, {0}}},
        {"graph", "slope", {EXPR_BIND_QUERY, EXPR_NUMBER, H_SLOPE, 1, {EXPR_NUMBER}}},
        {"graph", "point", {EXPR_BIND_QUERY, EXPR_POINT, H_POINT, 1, {EXPR_NUMBER}}},
        {"axes", "c2p", {EXPR_BIND_QUERY, EXPR_POINT, H_C2P, 2, {EXPR_NUMBER, EXPR_NUMBER}}},
        {"many", "f", {EXPR_BIND_QUERY, EXPR_NUMBER, H_MANY, EXPR_MAX_ARGS, {0}}},
        {"bad", "q", {EXPR_BIND_QUERY, EXPR_NUMBER, H_FAIL, 0, {0}}},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].name, ref->name) != 0)
            continue;
        if (!table[i].member != !ref->member || (ref->member && strcmp(table[i].member, ref->member) != 0))
            continue;
        *out = table[i].b;
        return true;
    }
    if (strcmp(ref->name, "dott") == 0)
        snprintf(msg, size, "no object \"dott\" (did you mean \"dot\"?)");
    else if (strcmp(ref->name, "dot") == 0 && ref->member)
        snprintf(msg, size, "\"dot\" has no member \"%s\"", ref->member);
    else if (strcmp(ref->name, "silent") != 0) /* "silent": no message, the compiler's own */
        snprintf(msg, size, "no value \"%s\"", ref->name);
    return false;
}

static bool test_query(void *user, int handle, const expr_value *args, int nargs, expr_value *out)
{
    test_names *tn = user;
    tn->query_calls++;
    tn->last_handle = handle;
    tn->last_nargs = nargs;
    memcpy(tn->last_args, args, sizeof *args * (size_t)nargs);
    LRT_CHECK(out->x == 0 && out->y == 0);
    switch (handle) {
    case H_DOT_CENTER: *out = (expr_value){1, 2}; return true;
    case H_DOT_X: out->x = 1; out->y = 99; return true; /* y of a number is dropped */
    case H_V1_END: *out = (expr_value){3, 4}; return true;
    case H_V1_START: *out = (expr_value){1, 1}; return true;
    case H_SLOPE: out->x = 2 * args[0].x; return true; /* the graph of x^2 */
    case H_POINT: *out = (expr_value){args[0].x, args[0].x * args[0].x}; return true;
    case H_C2P: *out = (expr_value){0.5 * args[0].x + 1, 0.5 * args[1].x - 1}; return true;
    case H_MANY:
        for (int i = 0; i < nargs; i++)
            out->x += args[i].x;
        return true;
    case H_CSQUARE: /* z^2 + 1 */
        *out = (expr_value){args[0].x * args[0].x - args[0].y * args[0].y + 1, 2 * args[0].x * args[0].y};
        return true;
    case H_CMUL: /* z * n * w */
        *out = (expr_value){args[1].x * (args[0].x * args[2].x - args[0].y * args[2].y),
                            args[1].x * (args[0].x * args[2].y + args[0].y * args[2].x)};
        return true;
    default: return false;
    }
}

static test_names names;
static const expr_resolver resolver = {test_resolve, &names};

static lr_expr *compile_typed(const char *text, expr_type want)
{
    lr_expr *e = NULL;
    lr_error err = {0};
    lr_status s = expr_compile(text, want, &resolver, &e, &err);
    LRT_CHECK_MSG(s == LR_OK, "\"%s\": %s", text, err.message);
    return e;
}

/* The value with k, time and p = (px, py). */
static expr_value eval_typed_at(const char *text, expr_type want, double k, double time)
{
    lr_expr *e = compile_typed(text, want);
    const double vars[8] = {k, time, 5, -6, 0.5, -1.5, 2, 1};
    expr_env env = {vars, 8, test_query, &names};
    expr_value v = e ? expr_eval(e, &env) : (expr_value){NAN, NAN};
    LRT_CHECK_MSG(!e || want == EXPR_ANY || expr_result_type(e) == want, "\"%s\": type %s", text,
                  expr_type_name(expr_result_type(e)));
    lr_expr_destroy(e);
    return v;
}

static double num(const char *text, double k)
{
    expr_value v = eval_typed_at(text, EXPR_NUMBER, k, 0);
    LRT_CHECK_MSG(v.y == 0 || isnan(v.y), "\"%s\": a number with y = %g", text, v.y);
    return v.x;
}

#define CHECK_POINT(text, k, time, ex, ey)                                                                    \
    do {                                                                                                      \
        expr_value v_ = eval_typed_at(text, EXPR_POINT, k, time);                                             \
        LRT_CHECK_MSG(fabs(v_.x - (ex)) < 1e-12 && fabs(v_.y - (ey)) < 1e-12, "\"%s\" = (%.15g, %.15g), expected " \
                      "(%.15g, %.15g)", text, v_.x, v_.y, (double)(ex), (double)(ey));                        \
    } while (0)

static void check_typed_error(const char *text, expr_type want, const char *message)
{
    lr_expr *e = NULL;
    lr_error err = {0};
    lr_status s = expr_compile(text, want, &resolver, &e, &err);
    LRT_CHECK_MSG(s == LR_ERR_SPEC && e == NULL, "\"%s\" gave %s", text, lr_strerror(s));
    LRT_CHECK_MSG(strcmp(err.message, message) == 0, "\"%s\": got \"%s\", expected \"%s\"", text, err.message,
                  message);
    lr_expr_destroy(e);
}

static void test_spec_examples(void)
{
    /* the forms the issue names */
    LRT_CHECK_NEAR(num("1 + 0.2*k", 2), 1.4, 1e-15);
    CHECK_POINT("[k, sin(k)]", 0.5, 0, 0.5, sin(0.5));
    CHECK_POINT("dot.center", 0, 0, 1, 2);
    CHECK_POINT("v1.end + rotate([0.5, 0], 2*time)", 0, M_PI / 4, 3 + 0.5 * cos(M_PI / 2), 4.5);
    LRT_CHECK_NEAR(num("graph.slope(k)", 3), 6, 1e-15);
    LRT_CHECK(names.last_handle == H_SLOPE && names.last_nargs == 1 && names.last_args[0].x == 3);
    CHECK_POINT("axes.c2p(k, k^2)", 2, 0, 2, 1);
    LRT_CHECK(names.last_handle == H_C2P && names.last_nargs == 2 && names.last_args[1].x == 4);
    LRT_CHECK_NEAR(num("k", 0.75), 0.75, 0);

    /* .x / .y of point values; queries inside queries */
    LRT_CHECK_NEAR(num("(v1.end - v1.start).x", 0), 2, 0);
    LRT_CHECK_NEAR(num("(v1.end - v1.start).y", 0), 3, 0);
    LRT_CHECK_NEAR(num("[k, 2k].y", 4), 8, 0);
    LRT_CHECK_NEAR(num("graph.point(3).y", 0), 9, 0);
    LRT_CHECK_NEAR(num("dot.center.y - dot.x", 0), 1, 0);
    LRT_CHECK_NEAR(num("UP.y + DOWN.y + LEFT.x", 0), -1, 0);
    LRT_CHECK_NEAR(num("graph.slope(graph.slope(k))", 1), 4, 0);
    CHECK_POINT("axes.c2p(graph.point(k).x, graph.slope(k))", 2, 0, 2, 1);
    CHECK_POINT("p", 0, 0, 5, -6);

    /* point arithmetic */
    CHECK_POINT("[1, 2] + [3, 4]", 0, 0, 4, 6);
    CHECK_POINT("[1, 2] - [3, 5]", 0, 0, -2, -3);
    CHECK_POINT("[1, 2] * 3", 0, 0, 3, 6);
    CHECK_POINT("3 * [1, 2]", 0, 0, 3, 6);
    CHECK_POINT("[1, 2] / 4", 0, 0, 0.25, 0.5);
    CHECK_POINT("-[1, 2]", 0, 0, -1, -2);
    CHECK_POINT("--p", 0, 0, 5, -6);
    CHECK_POINT("2p", 0, 0, 10, -12);
    CHECK_POINT("2 UP + 3RIGHT", 0, 0, 3, 2);
    CHECK_POINT("k[1, 2]", 2, 0, 2, 4);
    CHECK_POINT("(p)(2)", 0, 0, 10, -12);
    CHECK_POINT("UP k", 7, 0, 0, 7);
    CHECK_POINT("dot.center - p/2 + k UL", 1, 0, 1 - 2.5 - 1, 2 + 3 + 1);

    /* the resolver sees each occurrence once, left to right, with its column */
    names.calls = 0;
    lr_expr *e = compile_typed("time + graph.slope(k)", EXPR_NUMBER);
    LRT_CHECK(names.calls == 3);
    LRT_CHECK(strcmp(names.last_name, "k") == 0 && names.last.column == 20 && !names.last.call);
    LRT_CHECK(!expr_is_constant(e));
    lr_expr_destroy(e);
    names.calls = 0;
    e = compile_typed("  graph.slope (1)", EXPR_NUMBER);
    LRT_CHECK(names.calls == 1 && names.last.column == 3 && names.last.call);
    LRT_CHECK(strcmp(names.last_name, "graph") == 0 && strcmp(names.last_member, "slope") == 0);
    lr_expr_destroy(e);
    names.calls = 0;
    e = compile_typed("2*pi + sin(1) - e^2 + UP.y", EXPR_NUMBER);
    LRT_CHECK(names.calls == 0 && expr_is_constant(e)); /* built-ins never reach the resolver */
    LRT_CHECK_NEAR(expr_eval(e, NULL).x, 2 * M_PI + sin(1) - M_E * M_E + 1, 1e-12);
    lr_expr_destroy(e);
    e = compile_typed("UL * 2", EXPR_ANY);
    LRT_CHECK(expr_is_constant(e) && expr_result_type(e) == EXPR_POINT);
    LRT_CHECK(expr_eval(e, NULL).x == -2 && expr_eval(e, NULL).y == 2);
    lr_expr_destroy(e);
    /* constant parts are computed when compiling: the values must be the
     * ones evaluation gives (the same expression with k for the constant) */
    static const char *const folds[][2] = {
        {"3^0.5 * sin(3) - 1/7", "k^0.5 * sin(3) - 1/7"},
        {"-(3^2) + 30 DEGREES", "-(k^2) + 30 DEGREES"},
        {"mod(-3, 2.5) + clamp(3, 0, 1)", "mod(-k, 2.5) + clamp(k, 0, 1)"},
        {"(rotate([3, 1], 2) / 3).y", "(rotate([k, 1], 2) / k).y"},
        {"lerp(UL, [3, 2], 0.25).x * norm(3 DR)", "lerp(UL, [k, 2], 0.25).x * norm(k DR)"},
    };
    for (size_t i = 0; i < sizeof folds / sizeof folds[0]; i++) {
        double folded = num(folds[i][0], 0), evaluated = num(folds[i][1], 3);
        LRT_CHECK_MSG(folded == evaluated, "\"%s\" = %.17g, \"%s\" = %.17g", folds[i][0], folded, folds[i][1],
                      evaluated);
    }
    e = compile_typed("k", EXPR_ANY);
    LRT_CHECK(expr_result_type(e) == EXPR_NUMBER);
    LRT_CHECK(isnan(expr_eval(e, NULL).x) && isnan(expr_eval(e, NULL).y)); /* no env for a variable */
    expr_env short_env = {(const double[]){1}, 0, NULL, NULL};
    LRT_CHECK(isnan(expr_eval(e, &short_env).x));
    short_env.nvars = 1;
    LRT_CHECK(expr_eval(e, &short_env).x == 1);
    lr_expr_destroy(e);
    /* what a field in x and y alone may read: slots 2, 3 here (p), no query */
    e = compile_typed("dot(p, p) * 2", EXPR_NUMBER);
    LRT_CHECK(expr_reads_only(e, 2, 4) && !expr_reads_only(e, 2, 3) && !expr_reads_only(e, 3, 4));
    lr_expr_destroy(e);
    e = compile_typed("norm(p) + time", EXPR_NUMBER);
    LRT_CHECK(!expr_reads_only(e, 2, 4) && expr_reads_only(e, 1, 4) && !expr_reads_only(e, 1, 3));
    lr_expr_destroy(e);
    e = compile_typed("dot.x", EXPR_ANY);
    LRT_CHECK(!expr_is_constant(e) && !expr_reads_only(e, 0, 100));
    LRT_CHECK(isnan(expr_eval(e, &short_env).x)); /* a query and no query callback */
    LRT_CHECK(isnan(lr_expr_eval(e, 0, 0)));       /* the public layer has no queries */
    lr_expr_destroy(e);

    /* a failed query, a result that is not finite: NaN in x and y */
    expr_value v = eval_typed_at("[1, bad.q]", EXPR_POINT, 0, 0);
    LRT_CHECK(isnan(v.x) && isnan(v.y));
    v = eval_typed_at("[1, 1/(k - 2)]", EXPR_POINT, 2, 0);
    LRT_CHECK(isnan(v.x) && isnan(v.y));
    v = eval_typed_at("1/(k - 2)", EXPR_NUMBER, 2, 0);
    LRT_CHECK(isnan(v.x) && isnan(v.y));
    v = eval_typed_at("exp(1000) - exp(1000)", EXPR_NUMBER, 0, 0);
    LRT_CHECK(isnan(v.x));
    LRT_CHECK_NEAR(num("1/(1/(k-2))", 2), 0, 0); /* inf on the way is fine */
    LRT_CHECK_NEAR(num("k(1)", 3), 3, 0);        /* a bare name is never a call */
    LRT_CHECK_NEAR(num("dot(p, dot.center)", 0), 5 - 12, 0); /* "dot(" is the function */
    LRT_CHECK_NEAR(num("many.f(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16)", 0), 136, 0);
}

static void test_typed_errors(void)
{
    check_typed_error("1 + dot.center", EXPR_NUMBER, "column 3: cannot add a number and a point");
    check_typed_error("dot.center", EXPR_NUMBER, "column 1: \"dot.center\" is a point, expected a number");
    check_typed_error("  k + 1 ", EXPR_POINT, "column 3: \"k + 1\" is a number, expected a point");
    check_typed_error("abs(sin(dot.center))", EXPR_NUMBER,
                      "column 9: \"dot.center\" is a point, expected a number (argument 1 of \"sin\")");
    check_typed_error("dot.center - 1", EXPR_POINT, "column 12: cannot subtract a number from a point");
    check_typed_error("1 - dot.center", EXPR_POINT, "column 3: cannot subtract a point from a number");
    check_typed_error("p + 1", EXPR_POINT, "column 3: cannot add a point and a number");
    check_typed_error("dot.center * v1.end", EXPR_POINT, "column 12: cannot multiply a point by a point");
    check_typed_error("p p", EXPR_POINT, "column 3: cannot multiply a point by a point");
    check_typed_error("1 / p", EXPR_POINT, "column 3: cannot divide a number by a point");
    check_typed_error("p / p", EXPR_POINT, "column 3: cannot divide a point by a point");
    check_typed_error("p ^ 2", EXPR_POINT, "column 3: cannot raise a point to the power of a number");
    check_typed_error("2 ** p", EXPR_NUMBER, "column 3: cannot raise a number to the power of a point");
    check_typed_error("[k, -k]^1", EXPR_POINT, "column 8: cannot raise a point to the power of a number");
    check_typed_error("[1, p]", EXPR_POINT, "column 5: \"p\" is a point, expected a number (the y of a point)");
    check_typed_error("[UP, 1]", EXPR_POINT, "column 2: \"UP\" is a point, expected a number (the x of a point)");
    check_typed_error("(k).x", EXPR_NUMBER, "column 4: \".x\" needs a point, and \"(k)\" is a number");
    check_typed_error("e.x", EXPR_NUMBER, "column 2: \".x\" needs a point, and \"e\" is a number");
    check_typed_error("[1, 2].z", EXPR_NUMBER, "column 7: a point has no member \"z\" (it has .x and .y)");
    check_typed_error("atan2(1)", EXPR_NUMBER, "column 1: \"atan2\" takes 2 arguments, got 1");
    check_typed_error("sin(1, 2)", EXPR_NUMBER, "column 1: \"sin\" takes 1 argument, got 2");
    check_typed_error("sin()", EXPR_NUMBER, "column 1: \"sin\" takes 1 argument, got 0");
    check_typed_error("max(1; 2)", EXPR_NUMBER, "column 6: expected \",\" or \")\" after argument 1 of \"max\"");
    check_typed_error("norm(1)", EXPR_NUMBER,
                      "column 6: \"1\" is a number, expected a point (argument 1 of \"norm\")");
    check_typed_error("rotate(p, p)", EXPR_POINT,
                      "column 11: \"p\" is a point, expected a number (argument 2 of \"rotate\")");
    check_typed_error("lerp(1, p, 0.5)", EXPR_NUMBER,
                      "column 1: \"lerp\" takes (number, number, number) or (point, point, number), got "
                      "(number, point, number)");
    check_typed_error("lerp(1, 2)", EXPR_NUMBER,
                      "column 1: \"lerp\" takes (number, number, number) or (point, point, number), got "
                      "(number, number)");
    check_typed_error("graph.slope(p)", EXPR_NUMBER,
                      "column 13: \"p\" is a point, expected a number (argument 1 of \"graph.slope\")");
    check_typed_error("graph.slope + 1", EXPR_NUMBER,
                      "column 1: \"graph.slope\" takes 1 argument: write graph.slope(...)");
    check_typed_error("axes.c2p(1)", EXPR_POINT, "column 1: \"axes.c2p\" takes 2 arguments, got 1");
    check_typed_error("dot.x(1)", EXPR_NUMBER, "column 1: \"dot.x\" takes 0 arguments, got 1");
    check_typed_error("1 + time(2) + p.q(3)", EXPR_NUMBER, "column 15: no value \"p\"");
    check_typed_error("graph.slope(k", EXPR_NUMBER,
                      "column 14: expected \")\" after the argument of \"graph.slope\"");

    /* the resolver's message passes through with the column */
    check_typed_error("dott.center", EXPR_POINT, "column 1: no object \"dott\" (did you mean \"dot\"?)");
    check_typed_error("2 + dot.centre.x", EXPR_NUMBER, "column 5: \"dot\" has no member \"centre\"");
    check_typed_error("kk * 2", EXPR_NUMBER, "column 1: no value \"kk\"");
    check_typed_error("silent.name", EXPR_NUMBER, "column 1: unknown name \"silent.name\"");
    check_typed_error("dot + 1", EXPR_NUMBER, "column 5: expected \"(\" after the function \"dot\"");

    /* point literals */
    check_typed_error("[1, 2", EXPR_POINT, "column 6: expected \"]\" to close the \"[\" at column 1");
    check_typed_error("[1 2]", EXPR_POINT, "column 5: expected \",\" between the coordinates of the \"[\" at column 1");
    check_typed_error("[1, 2, 3]", EXPR_POINT,
                      "column 6: a point has two coordinates: expected \"]\" to close the \"[\" at column 1");
    check_typed_error("1 ]", EXPR_NUMBER, "column 3: unmatched \"]\"");
    check_typed_error("[]", EXPR_POINT, "column 2: unexpected \"]\", expected a number, a name or \"(\"");

    /* no resolver: every name is unknown */
    lr_expr *e = NULL;
    lr_error err = {0};
    LRT_CHECK_STATUS(expr_compile("1 + k", EXPR_NUMBER, NULL, &e, &err), LR_ERR_SPEC);
    LRT_CHECK_MSG(strcmp(err.message, "column 5: unknown name \"k\"") == 0, "%s", err.message);
    LRT_CHECK_OK(expr_compile("2 UP", EXPR_POINT, NULL, &e, &err));
    lr_expr_destroy(e);
    LRT_CHECK_STATUS(expr_compile("1", (expr_type)7, NULL, &e, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(expr_compile(NULL, EXPR_NUMBER, NULL, &e, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(expr_compile("1", EXPR_NUMBER, NULL, NULL, &err), LR_ERR_INVALID_ARG);
}

/* A resolver that binds everything out of range. */
static bool wild_resolve(void *user, const expr_ref *ref, expr_binding *out, char *msg, size_t size)
{
    *out = (expr_binding){EXPR_BIND_QUERY, EXPR_NUMBER, 0, *(int *)user, {0}};
    return true;
}

static void test_builtins(void)
{
    /* numbers, against libm, at a few points each */
    static const double xs[] = {-2.5, -1, -0.3, 0, 0.4, 1, 2.5, 7};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double a = xs[i], b = xs[(i + 3) % 8], c = xs[(i + 5) % 8];
        char text[64];
#define ONE(f, ref)                                                                      \
    do {                                                                                 \
        snprintf(text, sizeof text, "%s(x)", f);                                         \
        double got_ = eval(text, a, 0), want_ = (ref);                                   \
        LRT_CHECK_MSG(got_ == want_ || (isnan(got_) && isnan(want_)), "%s at %g: %.17g, expected %.17g", f, a, \
                      got_, want_);                                                      \
    } while (0)
        ONE("sin", sin(a));
        ONE("cos", cos(a));
        ONE("tan", tan(a));
        ONE("asin", asin(a));
        ONE("acos", acos(a));
        ONE("atan", atan(a));
        ONE("sinh", sinh(a));
        ONE("cosh", cosh(a));
        ONE("tanh", tanh(a));
        ONE("exp", exp(a));
        ONE("log", log(a));
        ONE("ln", log(a));
        ONE("log10", log10(a));
        ONE("sqrt", sqrt(a));
        ONE("abs", fabs(a));
        ONE("floor", floor(a));
        ONE("ceil", ceil(a));
        ONE("round", nearbyint(a));
        ONE("sign", a > 0 ? 1.0 : a < 0 ? -1.0 : 0.0);
#undef ONE
        lr_expr *e = compile_typed("[atan2(k, time), hypot(k, time)]", EXPR_POINT);
        expr_env env = {(const double[]){a, b}, 2, NULL, NULL};
        expr_value v = expr_eval(e, &env);
        LRT_CHECK(v.x == atan2(a, b) && v.y == hypot(a, b));
        lr_expr_destroy(e);
        e = compile_typed("[min(k, time), max(k, time)]", EXPR_POINT);
        v = expr_eval(e, &env);
        LRT_CHECK(v.x == fmin(a, b) && v.y == fmax(a, b));
        lr_expr_destroy(e);
        e = compile_typed("clamp(k, time, time + 1)", EXPR_NUMBER);
        LRT_CHECK(expr_eval(e, &env).x == fmin(fmax(a, b), b + 1));
        lr_expr_destroy(e);
        e = compile_typed("lerp(k, time, 0.3)", EXPR_NUMBER);
        LRT_CHECK(expr_eval(e, &env).x == 0.7 * a + 0.3 * b);
        lr_expr_destroy(e);
        e = compile_typed("unit(k)", EXPR_POINT);
        v = expr_eval(e, &env);
        LRT_CHECK(v.x == cos(a) && v.y == sin(a));
        lr_expr_destroy(e);
        /* points (p = (5, -6)) */
        e = compile_typed("[norm([k, time]), angle([k, time])]", EXPR_POINT);
        v = expr_eval(e, &env);
        LRT_CHECK(v.x == hypot(a, b) && v.y == atan2(b, a));
        lr_expr_destroy(e);
        e = compile_typed("[dist([k, time], [1, 2]), dot([k, time], [3, -1])]", EXPR_POINT);
        v = expr_eval(e, &env);
        LRT_CHECK(v.x == hypot(a - 1, b - 2) && v.y == 3 * a - b);
        lr_expr_destroy(e);
        e = compile_typed("rotate([k, time], 0.7)", EXPR_POINT);
        v = expr_eval(e, &env);
        LRT_CHECK(v.x == a * cos(0.7) - b * sin(0.7) && v.y == a * sin(0.7) + b * cos(0.7));
        lr_expr_destroy(e);
        e = compile_typed("lerp([k, time], [time, 1], 0.25)", EXPR_POINT);
        v = expr_eval(e, &env);
        LRT_CHECK(v.x == 0.75 * a + 0.25 * b && v.y == 0.75 * b + 0.25);
        lr_expr_destroy(e);
        snprintf(text, sizeof text, "mod(%.17g, %.17g)", a, c);
        double m = eval(text, 0, 0);
        LRT_CHECK_MSG(c == 0 ? isnan(m) : fabs(m - (a - c * floor(a / c))) < 1e-12, "%s = %g", text, m);
    }
    /* the edges a Manim (Python) user expects */
    LRT_CHECK(eval("round(2.5)", 0, 0) == 2 && eval("round(3.5)", 0, 0) == 4 && eval("round(-2.5)", 0, 0) == -2);
    LRT_CHECK(eval("mod(-1, 3)", 0, 0) == 2 && eval("mod(1, -3)", 0, 0) == -2 && eval("mod(7.5, 2)", 0, 0) == 1.5);
    LRT_CHECK(isnan(eval("mod(1, 0)", 0, 0)));
    LRT_CHECK(eval("sign(-3) + sign(0) + 10 sign(2)", 0, 0) == 9);
    LRT_CHECK(isnan(eval("min(sqrt(-1), 1)", 0, 0)) && isnan(eval("max(1, sqrt(-1))", 0, 0)));
    LRT_CHECK(eval("clamp(5, 0, 1)", 0, 0) == 1 && eval("clamp(-1, 0, 1)", 0, 0) == 0);
    LRT_CHECK(eval("atan2(1, 0)", 0, 0) == M_PI / 2); /* atan2(y, x) */
    LRT_CHECK(eval("angle([-1, 0])", 0, 0) == M_PI && eval("angle(DOWN)", 0, 0) == -M_PI / 2);
    CHECK_POINT("rotate(RIGHT, pi/2)", 0, 0, cos(M_PI / 2), 1);
    CHECK_POINT("unit(pi)", 0, 0, -1, sin(M_PI));
    CHECK_POINT("lerp(ORIGIN, [2, 4], 0.25)", 0, 0, 0.5, 1);
    LRT_CHECK_NEAR(eval("norm([3, 4]) + dist(UP, DOWN)", 0, 0), 7, 0);

    /* constants */
    static const struct {
        const char *name;
        double x, y;
    } consts[] = {{"pi", M_PI, 0},  {"PI", M_PI, 0},       {"tau", 2 * M_PI, 0},   {"TAU", 2 * M_PI, 0},
                  {"e", M_E, 0},    {"DEGREES", M_PI / 180, 0}, {"ORIGIN", 0, 0}, {"UP", 0, 1},
                  {"DOWN", 0, -1},  {"LEFT", -1, 0},       {"RIGHT", 1, 0},        {"UL", -1, 1},
                  {"UR", 1, 1},     {"DL", -1, -1},        {"DR", 1, -1}};
    for (size_t i = 0; i < sizeof consts / sizeof consts[0]; i++) {
        lr_expr *e = compile_typed(consts[i].name, EXPR_ANY);
        expr_value v = expr_eval(e, NULL);
        LRT_CHECK_MSG(v.x == consts[i].x && v.y == consts[i].y, "%s = (%g, %g)", consts[i].name, v.x, v.y);
        LRT_CHECK(expr_is_builtin_name(consts[i].name));
        lr_expr_destroy(e);
    }
    LRT_CHECK_NEAR(eval("180 DEGREES", 0, 0), M_PI, 1e-15);
    LRT_CHECK(expr_is_builtin_name("dot") && expr_is_builtin_name("log10") && expr_is_builtin_name("lerp"));
    LRT_CHECK(!expr_is_builtin_name("x") && !expr_is_builtin_name("time") && !expr_is_builtin_name("k"));
    LRT_CHECK(!expr_is_builtin_name("Pi") && !expr_is_builtin_name(NULL));
    LRT_CHECK(expr_builtin_suggest("sine") && strcmp(expr_builtin_suggest("sine"), "sin") == 0);
    LRT_CHECK(expr_builtin_suggest("clmap") && strcmp(expr_builtin_suggest("clmap"), "clamp") == 0);
    LRT_CHECK(expr_builtin_suggest("zzzzzz") == NULL);
    LRT_CHECK(strcmp(expr_type_name(EXPR_POINT), "point") == 0 && strcmp(expr_type_name(EXPR_NUMBER), "number") == 0);
}

static void test_typed_limits(void)
{
    char text[LR_EXPR_MAX_LENGTH + 1];
    lr_error err = {0};
    lr_expr *e = NULL;
    /* 32 queries, then one more */
    size_t n = 0;
    for (int i = 0; i < EXPR_MAX_QUERIES; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "%sdot.x", i ? "+" : "");
    LRT_CHECK_NEAR(num(text, 0), EXPR_MAX_QUERIES, 0);
    snprintf(text + n, sizeof text - n, "+dot.x");
    LRT_CHECK_STATUS(expr_compile(text, EXPR_NUMBER, &resolver, &e, &err), LR_ERR_SPEC);
    LRT_CHECK_MSG(strcmp(err.message, "column 193: more than 32 queries in one expression") == 0, "%s", err.message);
    /* 16 arguments, then 17 */
    LRT_CHECK_STATUS(expr_compile("many.f(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17)", EXPR_NUMBER, &resolver, &e,
                                  &err),
                     LR_ERR_SPEC);
    LRT_CHECK_MSG(strcmp(err.message, "column 47: more than 16 arguments in the call of \"many.f\"") == 0, "%s",
                  err.message);
    LRT_CHECK_STATUS(expr_compile("max(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17)", EXPR_NUMBER, NULL, &e, &err),
                     LR_ERR_SPEC);
    /* calls nested inside calls: each level holds 15 values on the stack
     * while the next is evaluated; 17 levels fit in the 256-entry stack,
     * 18 do not (and the compiler says so rather than overflow) */
    for (int levels = 17; levels <= 18; levels++) {
        n = 0;
        for (int l = 0; l < levels; l++)
            n += (size_t)snprintf(text + n, sizeof text - n, "many.f(1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,");
        n += (size_t)snprintf(text + n, sizeof text - n, "1");
        for (int l = 0; l < levels; l++)
            text[n++] = ')';
        text[n] = 0;
        lr_status s = expr_compile(text, EXPR_NUMBER, &resolver, &e, &err);
        if (levels == 17) {
            LRT_CHECK_MSG(s == LR_OK, "%s", err.message);
            const double vars[2] = {0, 0};
            expr_env env = {vars, 2, test_query, &names};
            LRT_CHECK_NEAR(expr_eval(e, &env).x, 15 * levels + 1, 0);
            lr_expr_destroy(e);
        } else {
            LRT_CHECK_STATUS(s, LR_ERR_SPEC);
            LRT_CHECK_MSG(strstr(err.message, "expression too complex") != NULL, "%s", err.message);
        }
    }
    /* nesting through calls and point literals */
    n = 0;
    for (int l = 0; l < 40; l++)
        n += (size_t)snprintf(text + n, sizeof text - n, "sin(");
    n += (size_t)snprintf(text + n, sizeof text - n, "1");
    for (int l = 0; l < 40; l++)
        text[n++] = ')';
    text[n] = 0;
    LRT_CHECK_STATUS(expr_compile(text, EXPR_NUMBER, NULL, &e, &err), LR_ERR_SPEC);
    LRT_CHECK_MSG(strstr(err.message, "nested too deeply (more than 64 levels)") != NULL, "%s", err.message);
    n = 0;
    for (int l = 0; l < 40; l++)
        n += (size_t)snprintf(text + n, sizeof text - n, "[[1, 2].x, ");
    n += (size_t)snprintf(text + n, sizeof text - n, "1");
    for (int l = 0; l < 40; l++)
        n += (size_t)snprintf(text + n, sizeof text - n, "].y");
    LRT_CHECK_STATUS(expr_compile(text, EXPR_NUMBER, NULL, &e, &err), LR_ERR_SPEC);
    LRT_CHECK_MSG(strstr(err.message, "nested too deeply") != NULL, "%s", err.message);
    /* names up to 64 characters */
    memset(text, 'a', 65);
    text[65] = 0;
    LRT_CHECK_STATUS(expr_compile(text, EXPR_NUMBER, &resolver, &e, &err), LR_ERR_SPEC);
    LRT_CHECK_MSG(strcmp(err.message, "column 1: name longer than 64 characters") == 0, "%s", err.message);
    text[64] = 0;
    LRT_CHECK_STATUS(expr_compile(text, EXPR_NUMBER, &resolver, &e, &err), LR_ERR_SPEC);
    LRT_CHECK_MSG(strstr(err.message, "column 1: no value \"aaaa") != NULL, "%s", err.message);
    /* a resolver that binds out of range is the caller's bug, not the spec's */
    int wild = EXPR_MAX_ARGS + 1;
    expr_resolver wr = {wild_resolve, &wild};
    LRT_CHECK_STATUS(expr_compile("q", EXPR_NUMBER, &wr, &e, &err), LR_ERR_INVALID_ARG);
    wild = 0;
    LRT_CHECK_OK(expr_compile("q", EXPR_NUMBER, &wr, &e, &err));
    lr_expr_destroy(e);
}

/* Random token soup through the typed compiler: whatever compiles
 * evaluates to something finite or to NaN in both coordinates. */
static void test_typed_garbage(void)
{
    static const char *const tokens[] = {"k",     "time", "p",      "dot.center", "dot.x", "v1.end", "graph.slope(",
                                         "axes.c2p(", "bad.q", "[",   "]",          ",",     "(",      ")",
                                         ".x",    ".y",   "+",      "-",          "*",     "/",      "^",
                                         "2",     "0.5",  "UP",     "pi",         "rotate(", "lerp(", "norm(",
                                         "dot(",  "unit(", "mod(",  "sqrt(",      " ",     "1e308",  "e",
                                         "z",     "w",    "i",      "2i",         "conj(", "exp(",   "log(",
                                         "arg(",  "re(",  "complex(", "point(",   "cq.square(", "-0"};
    const int ntok = (int)(sizeof tokens / sizeof tokens[0]);
    int compiled = 0, points = 0, complexes = 0;
    for (int i = 0; i < 40000; i++) {
        char buf[256];
        size_t n = 0;
        int count = rand() % 12;
        for (int k = 0; k < count; k++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", tokens[rand() % ntok]);
        lr_expr *g = NULL;
        if (expr_compile(buf, EXPR_ANY, &resolver, &g, NULL) != LR_OK)
            continue;
        compiled++;
        const double vars[8] = {1.5, -0.5, 1e300, 2, -1, -0.0, 0, 1e-300};
        expr_env env = {vars, 8, test_query, &names};
        expr_value v = expr_eval(g, &env);
        LRT_CHECK_MSG((isfinite(v.x) && isfinite(v.y)) || (isnan(v.x) && isnan(v.y)), "\"%s\" = (%g, %g)", buf, v.x,
                      v.y);
        points += expr_result_type(g) == EXPR_POINT;
        complexes += expr_is_complex(g);
        lr_expr_destroy(g);
    }
    LRT_CHECK_MSG(compiled > 500 && points > 100 && complexes > 100, "%d compiled, %d points, %d complex", compiled,
                  points, complexes);
}

/* ---- complex numbers ------------------------------------------------------------- */

/* A double complex from its parts, keeping infinities and signed zeros
 * (C11 lays it out as two doubles; clang has no CMPLX). */
static double complex mk(double re, double im)
{
    const double v[2] = {re, im};
    double complex z;
    memcpy(&z, v, sizeof z);
    return z;
}

/* Points of the plane for z and w: the axes, both sides of the negative real
 * axis (the branch cut of log, sqrt and powers: -4 + 0i and -4 - 0i, and
 * just above and below), signed zeros, tiny and large parts, overflow. */
static const double cpoints[][2] = {
    {0, 0},     {-0.0, 0},  {0, -0.0},   {1, 0},       {-1, 0},     {0, 1},    {0, -1},       {2, 3},
    {-2.5, 0.5}, {0.3, -1.7}, {-4, 0},   {-4, -0.0},   {-0.5, 1e-300}, {-0.5, -1e-300}, {1e-3, 1e3}, {-7, -2},
    {0.7, 0.7}, {3, -0.0},  {1e-310, 0}, {40, 1},      {800, 0.5},  {-1e-8, 2}, {1e154, 1e154}, {-3, 4},
};
#define NCPOINTS (sizeof cpoints / sizeof cpoints[0])
static const double ks[] = {-2, -0.5, 0, 0.5, 3};

/* Evaluates e with z, w and k. */
static expr_value eval_zwk(const lr_expr *e, double complex z, double complex w, double k)
{
    const double vars[8] = {k, 0, 5, -6, creal(z), cimag(z), creal(w), cimag(w)};
    expr_env env = {vars, 8, test_query, &names};
    return expr_eval(e, &env);
}

/* Equal, with the sign of a zero; or both NaN. */
static bool same_double(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return a == b && signbit(a) == signbit(b);
}

/* `got` is `want` (exactly with tol 0, else within tol relative to |want|),
 * or NaN in both parts where `want` is not finite. */
static bool same_complex(expr_value got, double complex want, double tol)
{
    if (!isfinite(creal(want)) || !isfinite(cimag(want)))
        return isnan(got.x) && isnan(got.y);
    if (tol == 0)
        return same_double(got.x, creal(want)) && same_double(got.y, cimag(want));
    double scale = fmax(1, cabs(want));
    return fabs(got.x - creal(want)) <= tol * scale && fabs(got.y - cimag(want)) <= tol * scale;
}

typedef double complex (*cref)(double complex z, double complex w, double k);

/* What the language promises for 0^w; elsewhere C99's cpow. */
static double complex ref_pow(double complex z, double complex w)
{
    if (z == 0)
        return w == 0 ? 1 : creal(w) > 0 ? 0 : mk(NAN, NAN);
    return cpow(z, w);
}

static double complex r_add(double complex z, double complex w, double k) { return z + w; }
static double complex r_sub(double complex z, double complex w, double k) { return z - w; }
static double complex r_mul(double complex z, double complex w, double k) { return z * w; }
static double complex r_div(double complex z, double complex w, double k) { return z / w; }
static double complex r_neg(double complex z, double complex w, double k) { return -z; }
static double complex r_pow(double complex z, double complex w, double k) { return ref_pow(z, w); }
static double complex r_kadd(double complex z, double complex w, double k) { return k + z; }
static double complex r_addk(double complex z, double complex w, double k) { return z + k; }
static double complex r_ksub(double complex z, double complex w, double k) { return k - z; }
static double complex r_subk(double complex z, double complex w, double k) { return z - k; }
static double complex r_kmul(double complex z, double complex w, double k) { return k * z; }
static double complex r_mulk(double complex z, double complex w, double k) { return z * k; }
static double complex r_kdiv(double complex z, double complex w, double k) { return k / z; }
static double complex r_divk(double complex z, double complex w, double k) { return z / k; }
static double complex r_kpow(double complex z, double complex w, double k) { return ref_pow(k, z); }
static double complex r_powk(double complex z, double complex w, double k) { return ref_pow(z, k); }
static double complex r_exp(double complex z, double complex w, double k) { return cexp(z); }
static double complex r_log(double complex z, double complex w, double k) { return clog(z); }
static double complex r_sqrt(double complex z, double complex w, double k) { return csqrt(z); }
static double complex r_sin(double complex z, double complex w, double k) { return csin(z); }
static double complex r_cos(double complex z, double complex w, double k) { return ccos(z); }
static double complex r_tan(double complex z, double complex w, double k) { return ctan(z); }
static double complex r_sinh(double complex z, double complex w, double k) { return csinh(z); }
static double complex r_cosh(double complex z, double complex w, double k) { return ccosh(z); }
static double complex r_tanh(double complex z, double complex w, double k) { return ctanh(z); }
static double complex r_conj(double complex z, double complex w, double k) { return conj(z); }
static double complex r_re(double complex z, double complex w, double k) { return creal(z); }
static double complex r_im(double complex z, double complex w, double k) { return cimag(z); }
static double complex r_abs(double complex z, double complex w, double k) { return cabs(z); }
static double complex r_arg(double complex z, double complex w, double k) { return carg(z); }
/* the number forms: k as k + 0i */
static double complex r_kexp(double complex z, double complex w, double k) { return cexp(k); }
static double complex r_klog(double complex z, double complex w, double k) { return clog(k); }
static double complex r_ksqrt(double complex z, double complex w, double k) { return csqrt(k); }
static double complex r_karg(double complex z, double complex w, double k) { return carg(k); }
static double complex r_kre(double complex z, double complex w, double k) { return k; }
static double complex r_kim(double complex z, double complex w, double k) { return 0; }
static double complex r_kabs(double complex z, double complex w, double k) { return fabs(k); }

/* Every operator and function against C99 at every pair of points: the
 * arithmetic and the functions are exactly C's (the machine calls libm's
 * complex functions and multiplies as C does where the product is finite),
 * the general power agrees with cpow to rounding. */
static void test_complex_against_c99(void)
{
    static const struct {
        const char *text;
        expr_type type; /* of the result */
        cref ref;
        double tol;
    } cases[] = {
        {"z + w", EXPR_COMPLEX, r_add, 0},       {"z - w", EXPR_COMPLEX, r_sub, 0},
        {"z * w", EXPR_COMPLEX, r_mul, 0},       {"z w", EXPR_COMPLEX, r_mul, 0},
        {"(z)(w)", EXPR_COMPLEX, r_mul, 0},      {"z / w", EXPR_COMPLEX, r_div, 0},
        {"-z", EXPR_COMPLEX, r_neg, 0},          {"z^w", EXPR_COMPLEX, r_pow, 1e-13},
        {"z**w", EXPR_COMPLEX, r_pow, 1e-13},    {"k + z", EXPR_COMPLEX, r_kadd, 0},
        {"z + k", EXPR_COMPLEX, r_addk, 0},      {"k - z", EXPR_COMPLEX, r_ksub, 0},
        {"z - k", EXPR_COMPLEX, r_subk, 0},      {"k * z", EXPR_COMPLEX, r_kmul, 0},
        {"k z", EXPR_COMPLEX, r_kmul, 0},        {"z * k", EXPR_COMPLEX, r_mulk, 0},
        {"k / z", EXPR_COMPLEX, r_kdiv, 0},      {"z / k", EXPR_COMPLEX, r_divk, 0},
        {"k^z", EXPR_COMPLEX, r_kpow, 1e-13},    {"z^k", EXPR_COMPLEX, r_powk, 1e-13},
        {"exp(z)", EXPR_COMPLEX, r_exp, 0},      {"log(z)", EXPR_COMPLEX, r_log, 0},
        {"ln(z)", EXPR_COMPLEX, r_log, 0},       {"sqrt(z)", EXPR_COMPLEX, r_sqrt, 0},
        {"sin(z)", EXPR_COMPLEX, r_sin, 0},      {"cos(z)", EXPR_COMPLEX, r_cos, 0},
        {"tan(z)", EXPR_COMPLEX, r_tan, 0},      {"sinh(z)", EXPR_COMPLEX, r_sinh, 0},
        {"cosh(z)", EXPR_COMPLEX, r_cosh, 0},    {"tanh(z)", EXPR_COMPLEX, r_tanh, 0},
        {"conj(z)", EXPR_COMPLEX, r_conj, 0},    {"re(z)", EXPR_NUMBER, r_re, 0},
        {"im(z)", EXPR_NUMBER, r_im, 0},         {"abs(z)", EXPR_NUMBER, r_abs, 0},
        {"arg(z)", EXPR_NUMBER, r_arg, 0},       {"complex(re(z), im(z))", EXPR_COMPLEX, r_add, -1},
        {"point(z)", EXPR_POINT, r_add, -1},     {"complex(point(z))", EXPR_COMPLEX, r_add, -1},
        /* numbers where a complex number is taken, and the number forms */
        {"exp(complex(k))", EXPR_COMPLEX, r_kexp, 0},  {"log(k + 0i)", EXPR_COMPLEX, r_klog, 0},
        {"sqrt(complex(k, 0))", EXPR_COMPLEX, r_ksqrt, 0}, {"arg(k)", EXPR_NUMBER, r_karg, 0},
        {"re(k)", EXPR_NUMBER, r_kre, 0},        {"im(k)", EXPR_NUMBER, r_kim, 0},
        {"conj(k)", EXPR_NUMBER, r_kre, 0},      {"abs(k)", EXPR_NUMBER, r_kabs, 0},
        {"cq.square(k) - 1", EXPR_COMPLEX, r_kim, -2},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        lr_expr *e = compile_typed(cases[c].text, EXPR_ANY);
        if (!e)
            continue;
        LRT_CHECK_MSG(expr_result_type(e) == cases[c].type, "\"%s\" is a %s", cases[c].text,
                      expr_type_name(expr_result_type(e)));
        LRT_CHECK(expr_is_complex(e) == (cases[c].type == EXPR_COMPLEX));
        int failures = 0;
        for (size_t i = 0; i < NCPOINTS; i++) {
            for (size_t j = 0; j < NCPOINTS; j++) {
                for (size_t m = 0; m < sizeof ks / sizeof ks[0]; m++) {
                    double complex z = mk(cpoints[i][0], cpoints[i][1]), w = mk(cpoints[j][0], cpoints[j][1]);
                    double k = ks[m];
                    expr_value v = eval_zwk(e, z, w, k);
                    double complex want;
                    if (cases[c].tol == -1) /* conversions: z itself */
                        want = z;
                    else if (cases[c].tol == -2) /* cq.square(k) - 1: (k + 0i)^2 */
                        want = mk(k * k, 2 * k * 0.0);
                    else
                        want = cases[c].ref(z, w, k);
                    if (cases[c].type == EXPR_NUMBER)
                        want = mk(creal(want), 0);
                    if (!same_complex(v, want, cases[c].tol < 0 ? 0 : cases[c].tol) && failures++ < 3)
                        LRT_CHECK_MSG(false, "\"%s\" at z = %g%+gi, w = %g%+gi, k = %g: %.17g%+.17gi, expected "
                                      "%.17g%+.17gi", cases[c].text, creal(z), cimag(z), creal(w), cimag(w), k, v.x,
                                      v.y, creal(want), cimag(want));
                }
            }
        }
        lr_expr_destroy(e);
    }

    /* values known without C: the imaginary unit, Euler, the branch cuts
     * (the negative real axis; as in C, a zero imaginary part's sign picks
     * the side, and a number is x + 0i, so it sits on the upper side) */
    const struct { /* not static: the parts are computed */
        const char *text;
        double re, im, tol;
    } known[] = {
        {"i", 0, 1, 0},                   {"i*i", -1, 0, 0},                 {"i^2", -1, 0, 0},
        {"3i", 0, 3, 0},                  {"2 i z", 3, 1, 0},                {"2z + 1", 2, -3, 0},
        {"i(2 + i)", -1, 2, 0},           {"(1 + i)^8", 16, 0, 0},           {"(1 + 2i)^-1", 0.2, -0.4, 1e-16},
        {"exp(i*pi)", -1, 0, 1e-15},      {"e^(i*pi)", -1, 0, 1e-15},        {"exp(i pi/2)", 0, 1, 1e-15},
        {"log(-1 + 0i)", 0, M_PI, 0},     {"log(conj(-1 + 0i))", 0, -M_PI, 0}, {"log(i)", 0, M_PI / 2, 0},
        {"log(complex(-4))", log(4), M_PI, 1e-15}, {"sqrt(complex(-4))", 0, 2, 0}, {"sqrt(-4 + 0i)", 0, 2, 0},
        {"sqrt(conj(complex(-4)))", 0, -2, 0}, {"sqrt(-4 - 0i)", 0, -2, 0}, {"sqrt(-(4 + 0i))", 0, -2, 0},
        {"sqrt(-4 + 1e-300i)", 0, 2, 1e-15}, {"sqrt(-4 - 1e-300i)", 0, -2, 1e-15}, {"sqrt(i)", M_SQRT1_2, M_SQRT1_2, 1e-15},
        {"i^i", exp(-M_PI / 2), 0, 1e-15}, {"(-1 + 0i)^0.5", 0, 1, 1e-15},   {"complex(-8)^(1/3)", 1, sqrt(3), 1e-15},
        {"0^0", 1, 0, 0},                 {"(0i)^0", 1, 0, 0},               {"(0i)^(1 + i)", 0, 0, 0},
        {"(0i)^0.5", 0, 0, 0},            {"sin(z)^2 + cos(z)^2", 1, 0, 1e-14}, {"exp(log(z))", 0.5, -1.5, 1e-15},
        {"sqrt(z)^2", 0.5, -1.5, 1e-15},  {"abs(z) exp(i arg(z))", 0.5, -1.5, 1e-15}, {"z conj(z)", 2.5, 0, 0},
        {"(z - 1)/(z + 1)", 1.0 / 3, -2.0 / 3, 1e-15},
        {"cq.square(z)", 0.25 - 2.25 + 1, -1.5, 0}, {"cq.square(2)", 5, 0, 0}, {"complex(2, 3)", 2, 3, 0},
        {"complex([2, 3])", 2, 3, 0},     {"complex(2)", 2, 0, 0},           {"complex(z)", 0.5, -1.5, 0},
        {"2", 2, 0, 0},                   {"exp(1)", M_E, 0, 0},             {"re(z) + im(z) i", 0.5, -1.5, 0},
        {"tan(i)", 0, tanh(1), 1e-15},    {"cosh(i pi)", -1, 0, 1e-15},      {"sinh(i pi/2)", 0, 1, 1e-15},
        {"tanh(z)", creal(ctanh(mk(0.5, -1.5))), cimag(ctanh(mk(0.5, -1.5))), 1e-15}, /* gcc folds with MPC */
    };
    for (size_t c = 0; c < sizeof known / sizeof known[0]; c++) {
        expr_value v = eval_typed_at(known[c].text, EXPR_COMPLEX, 0, 0);
        LRT_CHECK_MSG(same_complex(v, mk(known[c].re, known[c].im), known[c].tol) ||
                          (known[c].tol == 0 && v.x == known[c].re && v.y == known[c].im),
                      "\"%s\" = %.17g%+.17gi, expected %.17g%+.17gi", known[c].text, v.x, v.y, known[c].re,
                      known[c].im);
    }
    static const struct {
        const char *text;
        double v;
    } numbers[] = {
        {"abs(3 + 4i)", 5},    {"arg(-1)", M_PI},       {"arg(-i)", -M_PI / 2}, {"arg(conj(complex(-1)))", -M_PI},
        {"arg(2)", 0},         {"arg(-2)", M_PI},       {"re(2 - 3i)", 2},      {"im(2 - 3i)", -3},
        {"re(7)", 7},          {"im(7)", 0},            {"conj(7)", 7},         {"abs(-7)", 7},
        {"exp(1)", M_E},       {"sqrt(16)", 4},         {"re(z) + im(z)", -1},  {"abs(z)^2", 0.5 * 0.5 + 1.5 * 1.5},
        {"point(2 i).y", 2},   {"point(3).x", 3},       {"point(3).y", 0},      {"point([1, 2]).y", 2},
    };
    for (size_t c = 0; c < sizeof numbers / sizeof numbers[0]; c++) {
        double got = num(numbers[c].text, 0);
        LRT_CHECK_MSG(fabs(got - numbers[c].v) <= 1e-15 * fmax(1, fabs(numbers[c].v)), "\"%s\" = %.17g, expected %.17g",
                      numbers[c].text, got, numbers[c].v);
    }
    /* numbers stay numbers: the complex forms are taken only for complex
     * arguments, so sqrt(-1) is still NaN and abs(-2) a number */
    lr_expr *e = compile_typed("sqrt(-1)", EXPR_ANY);
    LRT_CHECK(expr_result_type(e) == EXPR_NUMBER && isnan(expr_eval(e, NULL).x));
    lr_expr_destroy(e);
    expr_value v = eval_typed_at("sqrt(-4) + log(-1) + (-8)^(1/3)", EXPR_COMPLEX, 0, 0); /* still numbers inside */
    LRT_CHECK(isnan(v.x) && isnan(v.y));
    static const char *const still_numbers[] = {"exp(k)", "sin(k) + cos(k)", "abs(-2)", "log(2)", "re(k) + arg(k)",
                                                "conj(k)", "im(k)", "2^k", "k^2"};
    for (size_t c = 0; c < sizeof still_numbers / sizeof still_numbers[0]; c++) {
        e = compile_typed(still_numbers[c], EXPR_ANY);
        LRT_CHECK_MSG(expr_result_type(e) == EXPR_NUMBER && !expr_is_complex(e), "\"%s\" is a %s", still_numbers[c],
                      expr_type_name(expr_result_type(e)));
        lr_expr_destroy(e);
    }
    /* expected complex: a number's result is complex too (x + 0i) */
    e = compile_typed("k + 1", EXPR_COMPLEX);
    LRT_CHECK(expr_is_complex(e) && expr_result_type(e) == EXPR_COMPLEX);
    v = eval_zwk(e, 0, 0, 2);
    LRT_CHECK(v.x == 3 && v.y == 0 && !signbit(v.y));
    lr_expr_destroy(e);
    e = compile_typed("z", EXPR_ANY);
    LRT_CHECK(expr_result_type(e) == EXPR_COMPLEX && !expr_is_constant(e));
    LRT_CHECK(isnan(expr_eval(e, &(expr_env){(const double[]){1, 2, 3, 4, 5}, 5, NULL, NULL}).x)); /* z needs 6 slots */
    LRT_CHECK(expr_eval(e, &(expr_env){(const double[]){1, 2, 3, 4, 5, 6}, 6, NULL, NULL}).y == 6);
    lr_expr_destroy(e);
    LRT_CHECK(expr_is_builtin_name("i") && expr_is_builtin_name("conj") && expr_is_builtin_name("complex"));
    LRT_CHECK(!expr_is_builtin_name("z") && !expr_is_builtin_name("I") && !expr_is_complex(NULL));
    LRT_CHECK(strcmp(expr_type_name(EXPR_COMPLEX), "complex") == 0);
    /* a complex query's arguments: a number arrives as (x, 0) */
    num("re(cq.square(k))", 3);
    LRT_CHECK(names.last_handle == H_CSQUARE && names.last_args[0].x == 3 && names.last_args[0].y == 0);
    /* the public layer has numbers only */
    check_error("x + i", "column 1: \"x + i\" is a complex number, expected a number");
    LRT_CHECK_NEAR(eval("abs(x) + re(x) + im(x) + arg(-1)", -2, 0), M_PI, 1e-15);
}

/* z^n for a constant integer n is a product of squares: exact for small
 * integer parts (Gaussian integers), z^2 is z*z for any z, and z^-n is
 * 1 / z^n. */
static void test_complex_powers(void)
{
    static const long long gauss[][2] = {{1, 2}, {-3, 1}, {2, -2}, {0, 1}, {-1, 0}, {5, 7}, {-4, -3}, {0, 0}};
    for (size_t g = 0; g < sizeof gauss / sizeof gauss[0]; g++) {
        long long a = gauss[g][0], b = gauss[g][1], pr = 1, pi = 0;
        for (int n = 0; n <= 9; n++) {
            char text[64];
            snprintf(text, sizeof text, "(%lld + %lld i)^%d", a, b, n); /* folded when compiled */
            expr_value v = eval_typed_at(text, EXPR_COMPLEX, 0, 0);
            LRT_CHECK_MSG(v.x == (double)pr && v.y == (double)pi, "%s = %.17g%+.17gi, expected %lld%+lldi", text, v.x,
                          v.y, pr, pi);
            snprintf(text, sizeof text, "z^%d", n); /* evaluated */
            lr_expr *e = compile_typed(text, EXPR_COMPLEX);
            v = eval_zwk(e, mk((double)a, (double)b), 0, 0);
            LRT_CHECK_MSG(v.x == (double)pr && v.y == (double)pi, "%s at %lld%+lldi = %.17g%+.17gi", text, a, b, v.x,
                          v.y);
            lr_expr_destroy(e);
            long long t = pr * a - pi * b;
            pi = pr * b + pi * a;
            pr = t;
        }
    }
    lr_expr *sq = compile_typed("z^2", EXPR_COMPLEX), *pw = compile_typed("z^(-3)", EXPR_COMPLEX),
            *gen = compile_typed("z^k", EXPR_COMPLEX), *half = compile_typed("z^0.5", EXPR_COMPLEX),
            *big = compile_typed("z^65", EXPR_COMPLEX);
    for (size_t i = 0; i < NCPOINTS; i++) {
        double complex z = mk(cpoints[i][0], cpoints[i][1]);
        if (cabs(z) > 1e100)
            continue;
        LRT_CHECK_MSG(same_complex(eval_zwk(sq, z, 0, 0), z * z, 0), "z^2 at %g%+gi", creal(z), cimag(z));
        double complex z3 = z * z * z;
        LRT_CHECK_MSG(same_complex(eval_zwk(pw, z, 0, 0), 1 / z3, 1e-15), "z^-3 at %g%+gi", creal(z), cimag(z));
        /* a variable exponent goes through exp(w log z), even when it is 2 */
        LRT_CHECK_MSG(same_complex(eval_zwk(gen, z, 0, 2), ref_pow(z, 2), 1e-13), "z^k at %g%+gi", creal(z), cimag(z));
        LRT_CHECK_MSG(same_complex(eval_zwk(half, z, 0, 0), csqrt(z), 1e-15), "z^0.5 at %g%+gi", creal(z), cimag(z));
        LRT_CHECK_MSG(same_complex(eval_zwk(big, z, 0, 0), ref_pow(z, 65), 1e-12), "z^65 at %g%+gi", creal(z),
                      cimag(z));
    }
    lr_expr_destroy(sq);
    lr_expr_destroy(pw);
    lr_expr_destroy(gen);
    lr_expr_destroy(half);
    lr_expr_destroy(big);
}

static void test_complex_errors(void)
{
    check_typed_error("p + z", EXPR_ANY,
                      "column 3: cannot add a point and a complex number: complex(p) turns a point p into a complex "
                      "number");
    check_typed_error("z - p", EXPR_ANY,
                      "column 3: cannot subtract a point from a complex number: point(z) turns a complex number z "
                      "into a point");
    check_typed_error("i * UP", EXPR_ANY,
                      "column 3: cannot multiply a complex number by a point: point(z) turns a complex number z into "
                      "a point");
    check_typed_error("p i", EXPR_ANY,
                      "column 3: cannot multiply a point by a complex number: complex(p) turns a point p into a "
                      "complex number");
    check_typed_error("z / p", EXPR_ANY,
                      "column 3: cannot divide a complex number by a point: point(z) turns a complex number z into a "
                      "point");
    check_typed_error("p^z", EXPR_ANY,
                      "column 2: cannot raise a point to the power of a complex number: complex(p) turns a point p "
                      "into a complex number");
    check_typed_error("2 ^ p", EXPR_COMPLEX, "column 3: cannot raise a number to the power of a point");
    check_typed_error("z", EXPR_NUMBER, "column 1: \"z\" is a complex number, expected a number");
    check_typed_error(" 2 + i", EXPR_POINT,
                      "column 2: \"2 + i\" is a complex number, expected a point: point(z) turns a complex number z "
                      "into a point");
    check_typed_error("p", EXPR_COMPLEX,
                      "column 1: \"p\" is a point, expected a complex number: complex(p) turns a point p into a "
                      "complex number");
    check_typed_error("arg(p)", EXPR_NUMBER,
                      "column 5: \"p\" is a point, expected a complex number (argument 1 of \"arg\"): complex(p) "
                      "turns a point p into a complex number");
    check_typed_error("exp(UP)", EXPR_ANY,
                      "column 5: \"UP\" is a point, expected a number (argument 1 of \"exp\")");
    check_typed_error("floor(z)", EXPR_NUMBER,
                      "column 7: \"z\" is a complex number, expected a number (argument 1 of \"floor\")");
    check_typed_error("norm(2i)", EXPR_NUMBER,
                      "column 6: \"2i\" is a complex number, expected a point (argument 1 of \"norm\"): point(z) "
                      "turns a complex number z into a point");
    check_typed_error("atan2(z, 1)", EXPR_NUMBER,
                      "column 7: \"z\" is a complex number, expected a number (argument 1 of \"atan2\")");
    check_typed_error("[1, z]", EXPR_POINT,
                      "column 5: \"z\" is a complex number, expected a number (the y of a point)");
    check_typed_error("(z).x", EXPR_NUMBER,
                      "column 4: \".x\" needs a point, and \"(z)\" is a complex number (re(z) and im(z) are its parts)");
    check_typed_error("i.y", EXPR_NUMBER,
                      "column 2: \".y\" needs a point, and \"i\" is a complex number (re(z) and im(z) are its parts)");
    check_typed_error("lerp(z, w, 0.5)", EXPR_COMPLEX,
                      "column 1: \"lerp\" takes (number, number, number) or (point, point, number), got "
                      "(complex, complex, number)");
    check_typed_error("complex(1, 2, 3)", EXPR_COMPLEX,
                      "column 1: \"complex\" takes (point) or (complex) or (number, number), got (number, number, "
                      "number)");
    check_typed_error("conj(z, z)", EXPR_COMPLEX, "column 1: \"conj\" takes 1 argument, got 2");
    check_typed_error("cq.square(p)", EXPR_COMPLEX,
                      "column 11: \"p\" is a point, expected a complex number (argument 1 of \"cq.square\"): "
                      "complex(p) turns a point p into a complex number");
    check_typed_error("z < 1", EXPR_COMPLEX, "column 3: unexpected \"<\", expected an operator (+ - * / ^)");
}

/* Constant parts of complex expressions are computed when compiling, to
 * the values evaluation gives. */
static void test_complex_folding(void)
{
    static const struct {
        const char *folded, *evaluated;
        double zr, zi;
    } folds[] = {
        {"(2 + 3i)^2 * exp(i*pi/3) / (1 - 2i)", "z^2 * exp(i*pi/3) / (1 - 2i)", 2, 3},
        {"sqrt(-4 + 3i) + log(2 - i)^3 - cos(1 + i)/sinh(2i)", "sqrt(z) + log(z + 6 - 4i)^3 - cos(z + 5 - 2i)/sinh(2i)",
         -4, 3},
        {"abs(3 + 4i) + arg(-1 - i) + 2^(1 + i) + i^0.5 - (3 + 4i)^(0.5 - i)",
         "abs(z) + arg(z - 4 - 5i) + 2^(z - 2 - 3i) + i^0.5 - z^(0.5 - i)", 3, 4},
        {"conj(1 - 2i) * tan(1 - 2i) + tanh(1 - 2i)/cosh(1 - 2i) - 3/(1 - 2i) + (1 - 2i)^-2",
         "conj(z) * tan(z) + tanh(z)/cosh(z) - 3/z + z^-2", 1, -2},
        {"re(2 - i) + im(2 - i) i + complex(2 - 0.5, re(i)) - (-(2 - i))", "re(z) + im(z) i + complex(re(z) - 0.5, re(i)) - (-z)",
         2, -1},
    };
    for (size_t c = 0; c < sizeof folds / sizeof folds[0]; c++) {
        lr_expr *a = compile_typed(folds[c].folded, EXPR_COMPLEX), *b = compile_typed(folds[c].evaluated, EXPR_COMPLEX);
        LRT_CHECK(expr_is_constant(a) && !expr_is_constant(b));
        expr_value va = expr_eval(a, NULL), vb = eval_zwk(b, mk(folds[c].zr, folds[c].zi), 0, 0);
        LRT_CHECK_MSG(va.x == vb.x && va.y == vb.y && isfinite(va.x), "\"%s\" = %.17g%+.17gi, \"%s\" = %.17g%+.17gi",
                      folds[c].folded, va.x, va.y, folds[c].evaluated, vb.x, vb.y);
        lr_expr_destroy(a);
        lr_expr_destroy(b);
    }
    lr_expr *e = compile_typed("point(complex([1, 2]) * i) + [1, 1]", EXPR_POINT);
    LRT_CHECK(expr_is_constant(e) && expr_eval(e, NULL).x == -1 && expr_eval(e, NULL).y == 2);
    lr_expr_destroy(e);
    expr_value v;
    /* a promoted number argument keeps its place among the others */
    v = eval_typed_at("cq.mul(3, 2, z)", EXPR_COMPLEX, 0, 0); /* 3 * 2 * (0.5 - 1.5i) */
    LRT_CHECK_MSG(v.x == 3 && v.y == -9, "%g%+gi", v.x, v.y);
    LRT_CHECK(names.last_nargs == 3 && names.last_args[0].x == 3 && names.last_args[0].y == 0 &&
              names.last_args[1].x == 2 && names.last_args[2].x == 0.5 && names.last_args[2].y == -1.5);
    v = eval_typed_at("cq.mul(k, k + 1, k - 1) + cq.mul(i, time, 2)", EXPR_COMPLEX, 3, 5); /* 3*4*2 + 10i */
    LRT_CHECK_MSG(v.x == 24 && v.y == 10, "%g%+gi", v.x, v.y);
    e = compile_typed("cq.square(k + 1) + cq.square(2 k) + complex(k, time)", EXPR_COMPLEX);
    v = eval_typed_at("cq.square(k + 1) + cq.square(2 k) + complex(k, time)", EXPR_COMPLEX, 2, 7);
    LRT_CHECK(v.x == 10 + 17 + 2 && v.y == 7);
    lr_expr_destroy(e);
}

int main(void)
{
    /* values and precedence */
    LRT_CHECK_NEAR(eval("1 + 2 * 3", 0, 0), 7, 1e-12);
    LRT_CHECK_NEAR(eval("(1 + 2) * 3", 0, 0), 9, 1e-12);
    LRT_CHECK_NEAR(eval("2^3^2", 0, 0), 512, 1e-9);
    LRT_CHECK_NEAR(eval("2**3**2", 0, 0), 512, 1e-9);
    LRT_CHECK_NEAR(eval("-x^2", 3, 0), -9, 1e-12);
    LRT_CHECK_NEAR(eval("(-x)^2", 3, 0), 9, 1e-12);
    LRT_CHECK_NEAR(eval("2^-1", 0, 0), 0.5, 1e-12);
    LRT_CHECK_NEAR(eval("8 / 4 / 2", 0, 0), 1, 1e-12);
    LRT_CHECK_NEAR(eval("10 - 4 - 3", 0, 0), 3, 1e-12);
    LRT_CHECK_NEAR(eval("--x", 2, 0), 2, 1e-12);
    LRT_CHECK_NEAR(eval("+x", 2, 0), 2, 1e-12);
    LRT_CHECK_NEAR(eval("2x + 1", 4, 0), 9, 1e-12);
    LRT_CHECK_NEAR(eval("2(x+1)", 4, 0), 10, 1e-12);
    LRT_CHECK_NEAR(eval("(x-1)(x+1)", 3, 0), 8, 1e-12);
    LRT_CHECK_NEAR(eval("2 sin(pi/2)", 0, 0), 2, 1e-12);
    LRT_CHECK_NEAR(eval("1.5e2 + .5", 0, 0), 150.5, 1e-12);
    LRT_CHECK_NEAR(eval("2e", 0, 0), 2 * M_E, 1e-12);
    LRT_CHECK_NEAR(eval("sin(x)^2 + cos(x)^2", 0.7, 0), 1, 1e-12);
    LRT_CHECK_NEAR(eval("tan(pi/4)", 0, 0), 1, 1e-12);
    LRT_CHECK_NEAR(eval("asin(1) + acos(1) + atan(1)", 0, 0), M_PI / 2 + M_PI / 4, 1e-12);
    LRT_CHECK_NEAR(eval("exp(1) - e", 0, 0), 0, 1e-12);
    LRT_CHECK_NEAR(eval("log(e^2) + ln(e)", 0, 0), 3, 1e-12);
    LRT_CHECK_NEAR(eval("sqrt(16) + abs(-3) + floor(2.7)", 0, 0), 9, 1e-12);
    LRT_CHECK_NEAR(eval("PI + TAU - 3*pi", 0, 0), 0, 1e-12);
    LRT_CHECK_NEAR(eval("cos(t) * x", 2, M_PI), -2, 1e-12);
    LRT_CHECK(isnan(eval("sqrt(-1)", 0, 0)));
    LRT_CHECK(isinf(eval("1/0", 0, 0)));
    LRT_CHECK_NEAR(eval("sinh(x)", 0.5, 0), sinh(0.5), 1e-15);
    LRT_CHECK_NEAR(eval("x(x+1)", 3, 0), 12, 1e-12);   /* a name before "(" multiplies */
    LRT_CHECK_NEAR(eval("2e3x", 2, 0), 4000, 1e-9);
    LRT_CHECK_NEAR(eval("2e-1", 0, 0), 0.2, 1e-15);
    LRT_CHECK_NEAR(eval("e e", 0, 0), M_E * M_E, 1e-12);
    LRT_CHECK_NEAR(eval("UP.y + (x*RIGHT).x", 3, 0), 4, 1e-12);

    /* variables */
    lr_expr *e = NULL;
    LRT_CHECK_OK(lr_expr_compile("t^2 + 1", &e, NULL));
    LRT_CHECK(lr_expr_uses(e, 't') && !lr_expr_uses(e, 'x'));
    for (int i = 0; i < 100; i++)
        LRT_CHECK_NEAR(lr_expr_eval(e, 0, i * 0.1), (i * 0.1) * (i * 0.1) + 1, 1e-9);
    lr_expr_destroy(e);

    /* errors name the column */
    check_error("", "column 1: empty expression");
    check_error("   ", "column 4: empty expression");
    check_error("1 +", "column 4: unexpected end of expression, expected a number, a name or \"(\"");
    check_error("sinhh(x)", "column 1: unknown name \"sinhh\" (variables: x, t; " BUILTINS ")");
    check_error("x + y", "column 5: unknown name \"y\" (variables: x, t; " BUILTINS ")");
    check_error("(x + 1", "column 7: expected \")\" to close the \"(\" at column 1");
    check_error("x + 1)", "column 6: unmatched \")\"");
    check_error("sin x", "column 5: expected \"(\" after the function \"sin\"");
    check_error("sin(x", "column 6: expected \")\" after the argument of \"sin\"");
    check_error("x $ 2", "column 3: unexpected \"$\", expected an operator (+ - * / ^)");
    check_error("2 * * 3", "column 5: unexpected \"*\", expected a number, a name or \"(\"");
    check_error(".", "column 1: malformed number");
    check_error("np.sin(x)", "column 1: unknown name \"np\" (variables: x, t; " BUILTINS ")");
    check_error("x.y", "column 1: \"x\" is a number: it has no member \"y\"");
    check_error("UP", "column 1: \"UP\" is a point, expected a number");
    check_error("[x, t]", "column 1: \"[x, t]\" is a point, expected a number");

    /* limits */
    char deep[400];
    memset(deep, '(', 100);
    deep[100] = 'x';
    memset(deep + 101, ')', 100);
    deep[201] = 0;
    lr_error err = {0};
    LRT_CHECK_STATUS(lr_expr_compile(deep, &e, &err), LR_ERR_SPEC);
    LRT_CHECK_MSG(strstr(err.message, "nested too deeply") != NULL, "%s", err.message);
    memset(deep, '-', 300);
    deep[300] = 'x';
    deep[301] = 0;
    LRT_CHECK_STATUS(lr_expr_compile(deep, &e, &err), LR_ERR_SPEC);
    char *longtext = malloc(2001);
    for (int i = 0; i < 2000; i++)
        longtext[i] = i % 2 ? '+' : '1';
    longtext[1999] = '1';
    longtext[2000] = 0;
    LRT_CHECK_STATUS(lr_expr_compile(longtext, &e, &err), LR_ERR_LIMIT);
    longtext[999] = 0; /* 1+1+...+1 just within the limit: 500 terms */
    LRT_CHECK_NEAR(eval(longtext, 0, 0), 500, 1e-9);
    free(longtext);

    /* garbage: any bytes compile or fail cleanly (ASan / UBSan watch) */
    static const char alphabet[] = "0123456789.eExtpisncoqrabflg()+-*/^ \t,$#\x01\xff";
    srand(12345);
    int compiled = 0;
    for (int i = 0; i < 20000; i++) {
        char buf[64];
        int n = rand() % 63;
        for (int k = 0; k < n; k++)
            buf[k] = alphabet[rand() % (int)(sizeof alphabet - 1)];
        buf[n] = 0;
        lr_expr *g = NULL;
        if (lr_expr_compile(buf, &g, NULL) == LR_OK) {
            compiled++;
            (void)lr_expr_eval(g, 1.5, -0.5);
        }
        lr_expr_destroy(g);
    }
    LRT_CHECK(compiled > 0);

    test_spec_examples();
    test_typed_errors();
    test_builtins();
    test_typed_limits();
    test_typed_garbage();
    test_complex_against_c99();
    test_complex_powers();
    test_complex_errors();
    test_complex_folding();
    return lrt_finish("spec_expr");
}
