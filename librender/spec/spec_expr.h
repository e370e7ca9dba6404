/* The expression language of the scene spec, as the loader and the builder
 * see it (internal to the spec module). The public lr_expr_* API of
 * lr_spec.h is a thin layer over this one that knows only the names x and t.
 *
 * An expression has a type known when it is compiled: a number, a point of
 * the plane, or a complex number. Every value is two doubles; a number is in
 * x (y is 0), a complex number has its real part in x and its imaginary part
 * in y. A number becomes a complex number wherever one is expected or mixed
 * with one (2 + i, exp(1) where a complex result is asked); a point never
 * does by itself: complex(p) and point(z) convert, so that adding a point
 * to a complex number stays an error.
 * Which names exist is the caller's business: every identifier that is not
 * a built-in constant or function, and every `name.member` and
 * `name.method(args)`, goes to a resolver, once per occurrence, which binds
 * it to a variable slot or to a query handle (or refuses it, with a message
 * that the compiler prefixes with the column). Evaluation runs a small stack
 * program: no allocation, no string work, a bounded number of steps.
 *
 *   expr_resolver r = {my_resolve, my_state};
 *   lr_expr *e;
 *   if (expr_compile("1 + 0.2*k", EXPR_NUMBER, &r, &e, &err) != LR_OK) ...
 *   expr_env env = {slots, nslots, my_query, my_state};
 *   double radius = expr_eval(e, &env).x;
 *   lr_expr_destroy(e);
 *
 * docs/scene-spec.md ("Expressions") is the language reference. */
#ifndef LR_SPEC_EXPR_H
#define LR_SPEC_EXPR_H

#include <librender/lr_spec.h>

/* Compile-time bounds (LR_EXPR_MAX_LENGTH and LR_EXPR_MAX_DEPTH also hold). */
#define EXPR_MAX_ARGS 16    /* arguments of one call (function or query) */
#define EXPR_MAX_QUERIES 32 /* query occurrences in one expression */
#define EXPR_MAX_NAME 64    /* characters of an identifier or a member name */

/* Value types. The operators and functions are typed per operand type
 * (tables in expr.c). */
typedef enum expr_type {
    EXPR_NUMBER = 0,
    EXPR_POINT,
    EXPR_COMPLEX, /* re in x, im in y (ApplyComplexFunction's f) */
    EXPR_TYPE_COUNT,
    /* Only as the expected type of expr_compile: any type is accepted, and
     * the caller reads which with expr_result_type. */
    EXPR_ANY = EXPR_TYPE_COUNT
} expr_type;

typedef struct expr_value {
    double x, y;
} expr_value;

/* "number", "point", "complex" (for messages). */
const char *expr_type_name(expr_type type);

/* ---- names ----------------------------------------------------------------- */

/* What the resolver is asked about: `name` alone (k, time), `name.member`
 * (dot.center), or `name.member(...)` with `call` set (graph.slope(k)). The
 * strings are NUL-terminated copies, valid during the call. A bare name is
 * never a call: `k(x+1)` is k times (x+1). `p.x` is asked as name "p",
 * member "x" too: for a point variable at slots i, i + 1 bind it to the
 * number at slot i (and `p.y` to slot i + 1). */
typedef struct expr_ref {
    const char *name;
    const char *member; /* NULL for a bare name */
    bool call;
    int column; /* 1-based, where the name starts */
} expr_ref;

typedef enum expr_binding_kind {
    EXPR_BIND_VARIABLE, /* a slot of expr_env.vars: a number at index; a point (x, y) or a complex
                         * number (re, im) at index and index + 1 */
    EXPR_BIND_QUERY     /* expr_env.query(user, index, args, nargs, out) at evaluation */
} expr_binding_kind;

typedef struct expr_binding {
    expr_binding_kind kind;
    expr_type type; /* of the result */
    int index;      /* the slot, or the query's handle (any int the caller likes) */
    int nargs;      /* a query's arguments, 0..EXPR_MAX_ARGS; a variable takes none */
    expr_type args[EXPR_MAX_ARGS]; /* a number given for a complex argument arrives as (x, 0) */
} expr_binding;

/* Fills `out` and returns true, or writes why not into msg (`msg_size`
 * bytes, at least 256) and returns false: `no object "dott" (did you mean
 * "dot"?)`. Called once per occurrence, left to right, so it can record
 * dependencies. `out` starts zeroed. */
typedef bool (*expr_resolve_fn)(void *user, const expr_ref *ref, expr_binding *out, char *msg, size_t msg_size);

typedef struct expr_resolver {
    expr_resolve_fn resolve; /* NULL: no names at all */
    void *user;
} expr_resolver;

/* Whether `name` is a built-in constant (pi, e, i, UP, ...) or function (sin,
 * dot, ...). Constants always win over the resolver. A function name is
 * the function only where "(" follows it; `dot.center` still reaches the
 * resolver as name "dot", member "center", so an object may be called
 * "dot" and queried, but a bare `dot` is an error ("expected \"(\""). */
bool expr_is_builtin_name(const char *name);
/* The built-in name nearest to `name` (a small edit distance), or NULL:
 * for a resolver's did-you-mean ("sine" -> "sin"). */
const char *expr_builtin_suggest(const char *name);
/* "constants: pi PI ...; functions: sin cos ..." (for messages and the
 * generated reference). */
void expr_list_builtins(char *buf, size_t size);

/* ---- compiling and evaluating ------------------------------------------------ */

/* Compiles `text`; the whole expression must have type `expected` (or
 * EXPR_ANY). With EXPR_COMPLEX a number is accepted too and its result is
 * complex (the map z -> 2 is 2 + 0i); a point is not (point(...) and
 * complex(...) convert). Errors are LR_ERR_SPEC "column N: ..." (syntax, types, names,
 * nesting), LR_ERR_LIMIT (longer than LR_EXPR_MAX_LENGTH), LR_ERR_INVALID_ARG
 * (NULL arguments, a binding out of range), LR_ERR_NOMEM. Destroy the result
 * with lr_expr_destroy. */
lr_status expr_compile(const char *text, expr_type expected, const expr_resolver *resolver, lr_expr **out,
                       lr_error *err);

expr_type expr_result_type(const lr_expr *e);
/* expr_result_type(e) == EXPR_COMPLEX: expr_eval gives re in x, im in y. */
bool expr_is_complex(const lr_expr *e);
/* No variables and no queries: the value never changes (and expr_eval
 * accepts a NULL env). */
bool expr_is_constant(const lr_expr *e);
/* No queries, and every variable it reads is in slots [first_slot,
 * end_slot): whether a field in x and y alone stays the same while time
 * and values change. */
bool expr_reads_only(const lr_expr *e, int first_slot, int end_slot);

typedef bool (*expr_query_fn)(void *user, int handle, const expr_value *args, int nargs, expr_value *out);

typedef struct expr_env {
    const double *vars; /* the slots the resolver bound */
    int nvars;          /* fewer than the expression uses: the result is NaN */
    expr_query_fn query;
    void *user;
} expr_env;

/* The value, or NaN in x and y where a query fails (returns false) or the
 * result is not finite (a number: x; a point or a complex number: either
 * part). `out` of a query starts as {0, 0}; a number query sets x, a
 * complex one x = re and y = im. */
expr_value expr_eval(const lr_expr *e, const expr_env *env);

/* ---- on the GPU --------------------------------------------------------------- */

/* Slots one expression translated for the GPU may read besides its point. */
#define EXPR_GLSL_MAX_VARS 32

typedef struct expr_glsl {
    char *text; /* malloc'd: "float lr_fn(vec2 p) {...}", or vec2 for a point or a complex number */
    int nvars;  /* the uniform u_vars[j] must hold the variable at slot slots[j] */
    int slots[EXPR_GLSL_MAX_VARS];
} expr_glsl;

/* The GLSL function computing e at the point p, where slot x_slot is p.x
 * and x_slot + 1 is p.y (a complex or point variable at x_slot is p), and
 * every other variable a uniform float u_vars[EXPR_GLSL_MAX_VARS]. It calls
 * the helpers of shaders/image/function.glsl, which give every operation
 * the meaning expr_eval gives it, in float32. Refused: a query
 * (LR_ERR_UNSUPPORTED: the GPU cannot ask about objects per pixel) and
 * more than EXPR_GLSL_MAX_VARS other slots (LR_ERR_LIMIT), with a message
 * to follow "the expression ...: ". Free out->text. */
lr_status expr_to_glsl(const lr_expr *e, int x_slot, expr_glsl *out, lr_error *err);

#endif
