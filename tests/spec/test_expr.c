/* The expression language: the public x/t layer as it always was (values,
 * precedence, errors with columns), then the spec's typed language (numbers
 * and points, names through a resolver, queries, every built-in against
 * libm, limits), and random garbage that must never crash or leak. */
#include "lrtest.h"

#include "spec/spec_expr.h"

#include <stdlib.h>
#include <string.h>

#define BUILTINS                                                                                              \
    "constants: pi PI tau TAU e DEGREES ORIGIN UP DOWN LEFT RIGHT UL UR DL DR; functions: sin cos tan asin acos " \
    "atan atan2 sinh cosh tanh exp log ln log10 sqrt abs floor ceil round sign min max clamp mod hypot norm "     \
    "angle dist dot rotate lerp unit"

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
 * point slot p (2, 3), and objects dot, v1, graph, axes, many, bad with
 * their queries. Records every call. */
enum { H_DOT_CENTER = 10, H_DOT_X, H_V1_END, H_V1_START, H_SLOPE = 20, H_POINT, H_C2P, H_MANY, H_FAIL = 99 };

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
    const double vars[4] = {k, time, 5, -6};
    expr_env env = {vars, 4, test_query, &names};
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
    e = compile_typed("dot.x", EXPR_ANY);
    LRT_CHECK(!expr_is_constant(e));
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
                                         "dot(",  "unit(", "mod(",  "sqrt(",      " ",     "1e308",  "e"};
    const int ntok = (int)(sizeof tokens / sizeof tokens[0]);
    int compiled = 0, points = 0;
    for (int i = 0; i < 20000; i++) {
        char buf[256];
        size_t n = 0;
        int count = rand() % 12;
        for (int k = 0; k < count; k++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s", tokens[rand() % ntok]);
        lr_expr *g = NULL;
        if (expr_compile(buf, EXPR_ANY, &resolver, &g, NULL) != LR_OK)
            continue;
        compiled++;
        const double vars[4] = {1.5, -0.5, 1e300, 2};
        expr_env env = {vars, 4, test_query, &names};
        expr_value v = expr_eval(g, &env);
        LRT_CHECK_MSG((isfinite(v.x) && isfinite(v.y)) || (isnan(v.x) && isnan(v.y)), "\"%s\" = (%g, %g)", buf, v.x,
                      v.y);
        points += expr_result_type(g) == EXPR_POINT;
        lr_expr_destroy(g);
    }
    LRT_CHECK_MSG(compiled > 500 && points > 100, "%d compiled, %d points", compiled, points);
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
    return lrt_finish("spec_expr");
}
