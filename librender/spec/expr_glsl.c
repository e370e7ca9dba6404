/* An expression as GLSL, so that the GPU computes it at every pixel
 * (function_image): the postfix program the parser emitted is walked once
 * with a stack of GLSL operands, and every operation becomes one statement
 * assigning a temporary, so the text grows with the program, never with
 * the number of times a value is used. The names the statements call
 * (r_pow, c_mul, ...) are defined in shaders/image/function.glsl with the
 * meaning the C machine of expr.c gives them; the operation table below is
 * a switch over every op_code with no default, so that a new operation
 * cannot be added to the language without the compiler asking for its GLSL
 * here. What the GPU cannot do (a query of another object) is refused with
 * a message for the validator. Constants are already folded by the parser. */
#include "spec/expr_ops.h"

#include "core/grow.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One stack entry: a GLSL float operand (a temporary, a component of one,
 * a uniform, a literal). */
typedef struct operand {
    char s[40];
} operand;

typedef struct gen {
    operand stack[EXPR_MAX_STACK];
    int depth;
    int temps;
    int x_slot;
    char *buf;
    size_t len, cap;
    expr_glsl *out;
    lr_error *err;
    lr_status status;
} gen;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void put(gen *g, const char *fmt, ...)
{
    if (g->status != LR_OK)
        return;
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = vsnprintf(g->buf ? g->buf + g->len : NULL, g->buf ? g->cap - g->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            g->status = lr_error_set(g->err, LR_ERR_INVALID_ARG, "formatting GLSL failed");
            return;
        }
        if (g->buf && g->len + (size_t)n < g->cap) {
            g->len += (size_t)n;
            return;
        }
        char *b = lr_grow(g->buf, &g->cap, g->len + (size_t)n + 1, 1, 1024);
        if (!b) {
            g->status = lr_error_set(g->err, LR_ERR_NOMEM, "out of memory writing GLSL");
            return;
        }
        g->buf = b;
    }
}

static bool fail(gen *g, lr_status s, const char *msg)
{
    if (g->status == LR_OK)
        g->status = lr_error_set(g->err, s, "%s", msg);
    return false;
}

static bool push(gen *g, const char *s)
{
    if (g->depth >= EXPR_MAX_STACK)
        return fail(g, LR_ERR_INVALID_ARG, "expression program deeper than its stack");
    snprintf(g->stack[g->depth++].s, sizeof g->stack[0].s, "%s", s);
    return true;
}

/* The top entry, removed (programs from the parser never underflow; a
 * malformed one is refused rather than read out of bounds). */
static bool pop(gen *g, operand *out)
{
    if (g->depth <= 0)
        return fail(g, LR_ERR_INVALID_ARG, "expression program pops an empty stack");
    *out = g->stack[--g->depth];
    return true;
}

/* The top two entries as one vec2 operand: a temporary's .x and .y are the
 * temporary itself, p.x and p.y the point p. */
static bool pop_pair(gen *g, operand *out)
{
    operand x, y;
    if (!pop(g, &y) || !pop(g, &x))
        return false;
    size_t n = strlen(x.s);
    if (n > 2 && strcmp(x.s + n - 2, ".x") == 0 && strlen(y.s) == n && strncmp(x.s, y.s, n - 2) == 0 &&
        strcmp(y.s + n - 2, ".y") == 0) {
        snprintf(out->s, sizeof out->s, "%.*s", (int)(n - 2), x.s);
        return true;
    }
    /* Two operands of up to 39 characters do not fit one: make a temporary. */
    int t = g->temps++;
    put(g, "    vec2 t%d = vec2(%s, %s);\n", t, x.s, y.s);
    snprintf(out->s, sizeof out->s, "t%d", t);
    return g->status == LR_OK;
}

/* A number as a GLSL float literal: the float the GPU will hold, printed
 * to round-trip (9 significant digits), with a point so that GLSL reads a
 * float; what float32 cannot hold becomes an infinity, as it would there. */
static void literal(double v, operand *out)
{
    float f = (float)v;
    if (isnan(f)) {
        snprintf(out->s, sizeof out->s, "r_nan()");
        return;
    }
    if (isinf(f)) {
        snprintf(out->s, sizeof out->s, f > 0 ? "r_inf()" : "(-r_inf())");
        return;
    }
    char num[32];
    snprintf(num, sizeof num, "%.9g", (double)f);
    if (!strpbrk(num, ".e"))
        strcat(num, ".0");
    snprintf(out->s, sizeof out->s, num[0] == '-' ? "(%s)" : "%s", num);
}

/* A variable slot: p's coordinates, or a uniform holding time or a value. */
static bool variable(gen *g, int slot, operand *out)
{
    if (slot == g->x_slot || slot == g->x_slot + 1) {
        snprintf(out->s, sizeof out->s, slot == g->x_slot ? "p.x" : "p.y");
        return true;
    }
    expr_glsl *o = g->out;
    int j = 0;
    while (j < o->nvars && o->slots[j] != slot)
        j++;
    if (j == o->nvars) {
        if (o->nvars == EXPR_GLSL_MAX_VARS) {
            char msg[160];
            snprintf(msg, sizeof msg, "it reads more than %d values (and time): the GPU gets at most that many",
                     EXPR_GLSL_MAX_VARS);
            return fail(g, LR_ERR_LIMIT, msg);
        }
        o->slots[o->nvars++] = slot;
    }
    snprintf(out->s, sizeof out->s, "u_vars[%d]", j);
    return true;
}

/* A statement `float tN = <expr>;` (or vec2), and its result on the stack. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool assign(gen *g, bool pair, const char *fmt, ...)
{
    char expr[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(expr, sizeof expr, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof expr)
        return fail(g, LR_ERR_INVALID_ARG, "a GLSL statement too long");
    int t = g->temps++;
    put(g, "    %s t%d = %s;\n", pair ? "vec2" : "float", t, expr);
    char name[24];
    if (!pair) {
        snprintf(name, sizeof name, "t%d", t);
        return push(g, name);
    }
    snprintf(name, sizeof name, "t%d.x", t);
    push(g, name);
    snprintf(name, sizeof name, "t%d.y", t);
    return push(g, name);
}

/* f(a) or f(a, b) of numbers, or of pairs (z, w) with a pair as result. */
static bool call(gen *g, const char *f, int n, bool pair)
{
    operand a, b;
    if (n == 2 && !(pair ? pop_pair(g, &b) : pop(g, &b)))
        return false;
    if (!(pair ? pop_pair(g, &a) : pop(g, &a)))
        return false;
    return n == 2 ? assign(g, pair, "%s(%s, %s)", f, a.s, b.s) : assign(g, pair, "%s(%s)", f, a.s);
}

/* a + b and the like, of numbers or of pairs. */
static bool infix(gen *g, const char *sign, bool pair)
{
    operand a, b;
    if (!(pair ? pop_pair(g, &b) && pop_pair(g, &a) : pop(g, &b) && pop(g, &a)))
        return false;
    return assign(g, pair, "%s %s %s", a.s, sign, b.s);
}

/* z^n for a constant integer n: the products of cpow_int, in its order. */
static bool power_int(gen *g, int n)
{
    operand z;
    if (!pop_pair(g, &z))
        return false;
    if (n == 0)
        return assign(g, true, "vec2(1.0, 0.0)");
    unsigned m = n < 0 ? 0u - (unsigned)n : (unsigned)n;
    char p[sizeof z.s], s[sizeof z.s];
    snprintf(p, sizeof p, "%s", z.s);
    for (; !(m & 1u); m >>= 1) {
        int t = g->temps++;
        put(g, "    vec2 t%d = c_mul(%s, %s);\n", t, p, p);
        snprintf(p, sizeof p, "t%d", t);
    }
    snprintf(s, sizeof s, "%s", p);
    for (m >>= 1; m; m >>= 1) {
        int t = g->temps++;
        put(g, "    vec2 t%d = c_mul(%s, %s);\n", t, p, p);
        snprintf(p, sizeof p, "t%d", t);
        if (m & 1u) {
            t = g->temps++;
            put(g, "    vec2 t%d = c_mul(%s, %s);\n", t, s, p);
            snprintf(s, sizeof s, "t%d", t);
        }
    }
    if (n < 0)
        return assign(g, true, "c_div(vec2(1.0, 0.0), %s)", s);
    return assign(g, true, "%s", s);
}

static bool translate(gen *g, const op *o)
{
    operand a, b, c, x, y;
    switch ((op_code)o->code) {
    case OP_NONE:
    case OP_SAME: return true;
    case OP_NUM: literal(o->u.v, &a); return push(g, a.s);
    case OP_VAR: return variable(g, o->index, &a) && push(g, a.s);
    case OP_PVAR:
        return variable(g, o->index, &a) && variable(g, o->index + 1, &b) && push(g, a.s) && push(g, b.s);
    case OP_QUERY:
        return fail(g, LR_ERR_UNSUPPORTED,
                    "it reads what an object is now (a property such as dot.center or axes.c2p(...)), which the "
                    "GPU cannot compute per pixel: read a value instead, or the point itself (z, or x and y)");
    /* numbers: (a b) -> r */
    case OP_ADD: return infix(g, "+", false);
    case OP_SUB: return infix(g, "-", false);
    case OP_MUL: return infix(g, "*", false);
    case OP_DIV: return infix(g, "/", false);
    case OP_POW: return call(g, "r_pow", 2, false);
    case OP_SQUARE: return pop(g, &a) && assign(g, false, "%s * %s", a.s, a.s);
    case OP_ATAN2: return call(g, "r_atan2", 2, false);
    case OP_MIN: return call(g, "r_min", 2, false);
    case OP_MAX: return call(g, "r_max", 2, false);
    case OP_MOD: return call(g, "r_mod", 2, false);
    case OP_HYPOT: return call(g, "r_hypot", 2, false);
    /* (a b c) -> r */
    case OP_CLAMP: return pop(g, &c) && pop(g, &b) && pop(g, &a) && assign(g, false, "r_min(r_max(%s, %s), %s)", a.s, b.s, c.s);
    case OP_LERP: return pop(g, &c) && pop(g, &b) && pop(g, &a) && assign(g, false, "(1.0 - %s) * %s + %s * %s", c.s, a.s, c.s, b.s);
    /* (a) -> r */
    case OP_NEG: return pop(g, &a) && assign(g, false, "-%s", a.s);
    case OP_SIN: return call(g, "sin", 1, false);
    case OP_COS: return call(g, "cos", 1, false);
    case OP_TAN: return call(g, "tan", 1, false);
    case OP_ASIN: return call(g, "r_asin", 1, false);
    case OP_ACOS: return call(g, "r_acos", 1, false);
    case OP_ATAN: return call(g, "atan", 1, false);
    case OP_SINH: return call(g, "sinh", 1, false);
    case OP_COSH: return call(g, "cosh", 1, false);
    case OP_TANH: return call(g, "r_tanh", 1, false);
    case OP_EXP: return call(g, "exp", 1, false);
    case OP_LOG: return call(g, "r_log", 1, false);
    case OP_LOG10: return call(g, "r_log10", 1, false);
    case OP_SQRT: return call(g, "r_sqrt", 1, false);
    case OP_ABS: return call(g, "abs", 1, false);
    case OP_FLOOR: return call(g, "floor", 1, false);
    case OP_CEIL: return call(g, "ceil", 1, false);
    case OP_ROUND: return call(g, "roundEven", 1, false); /* half to even, as nearbyint */
    case OP_SIGN: return call(g, "sign", 1, false);
    /* points: (p q) -> r, (p n) -> r, (n p) -> r */
    case OP_PADD: return infix(g, "+", true);
    case OP_PSUB: return infix(g, "-", true);
    case OP_PMULN: return pop(g, &b) && pop_pair(g, &a) && assign(g, true, "%s * %s", a.s, b.s);
    case OP_PDIVN: return pop(g, &b) && pop_pair(g, &a) && assign(g, true, "%s / %s", a.s, b.s);
    case OP_ROTATE: return pop(g, &b) && pop_pair(g, &a) && assign(g, true, "r_rotate(%s, %s)", a.s, b.s);
    case OP_NMULP: return pop_pair(g, &b) && pop(g, &a) && assign(g, true, "%s * %s", a.s, b.s);
    case OP_PNEG: return pop_pair(g, &a) && assign(g, true, "-%s", a.s);
    /* (x y) -> x or y: no code */
    case OP_GETX: return pop(g, &y) && pop(g, &x) && push(g, x.s);
    case OP_GETY: return pop(g, &y) && pop(g, &x) && push(g, y.s);
    case OP_NORM: return pop(g, &y) && pop(g, &x) && assign(g, false, "r_hypot(%s, %s)", x.s, y.s);
    case OP_ANGLE: return pop(g, &y) && pop(g, &x) && assign(g, false, "r_atan2(%s, %s)", y.s, x.s);
    case OP_DIST: return pop_pair(g, &b) && pop_pair(g, &a) && assign(g, false, "r_dist(%s, %s)", a.s, b.s);
    case OP_DOT: return pop_pair(g, &b) && pop_pair(g, &a) && assign(g, false, "dot(%s, %s)", a.s, b.s);
    case OP_PLERP:
        return pop(g, &c) && pop_pair(g, &b) && pop_pair(g, &a) &&
               assign(g, true, "(1.0 - %s) * %s + %s * %s", c.s, a.s, c.s, b.s);
    case OP_UNIT: return pop(g, &a) && assign(g, true, "vec2(cos(%s), sin(%s))", a.s, a.s);
    /* complex numbers, C99's mixed forms: (n z) -> r, (z n) -> r */
    case OP_NCADD: return pop(g, &y) && pop(g, &x) && pop(g, &a) && assign(g, true, "vec2(%s + %s, %s)", a.s, x.s, y.s);
    case OP_NCSUB: return pop(g, &y) && pop(g, &x) && pop(g, &a) && assign(g, true, "vec2(%s - %s, -%s)", a.s, x.s, y.s);
    case OP_NCDIV: return pop_pair(g, &b) && pop(g, &a) && assign(g, true, "c_div(vec2(%s, 0.0), %s)", a.s, b.s);
    case OP_NCPOW: return pop_pair(g, &b) && pop(g, &a) && assign(g, true, "c_pow(vec2(%s, 0.0), %s)", a.s, b.s);
    case OP_CNADD: return pop(g, &a) && pop(g, &y) && pop(g, &x) && assign(g, true, "vec2(%s + %s, %s)", x.s, a.s, y.s);
    case OP_CNSUB: return pop(g, &a) && pop(g, &y) && pop(g, &x) && assign(g, true, "vec2(%s - %s, %s)", x.s, a.s, y.s);
    case OP_CPOWN: return pop(g, &b) && pop_pair(g, &a) && assign(g, true, "c_pow(%s, vec2(%s, 0.0))", a.s, b.s);
    /* (z w) -> r */
    case OP_CMUL: return call(g, "c_mul", 2, true);
    case OP_CDIV: return call(g, "c_div", 2, true);
    case OP_CPOW: return call(g, "c_pow", 2, true);
    /* (z) -> r */
    case OP_CPOWI: return power_int(g, o->index);
    case OP_CSQUARE: return pop_pair(g, &a) && assign(g, true, "c_mul(%s, %s)", a.s, a.s);
    case OP_CEXP: return call(g, "c_exp", 1, true);
    case OP_CLOG: return call(g, "c_log", 1, true);
    case OP_CSQRT: return call(g, "c_sqrt", 1, true);
    case OP_CSIN: return call(g, "c_sin", 1, true);
    case OP_CCOS: return call(g, "c_cos", 1, true);
    case OP_CTAN: return call(g, "c_tan", 1, true);
    case OP_CSINH: return call(g, "c_sinh", 1, true);
    case OP_CCOSH: return call(g, "c_cosh", 1, true);
    case OP_CTANH: return call(g, "c_tanh", 1, true);
    case OP_CONJ: return pop(g, &y) && pop(g, &x) && assign(g, true, "vec2(%s, -%s)", x.s, y.s);
    /* (a) -> r: a number as a + 0i */
    case OP_ARGN: return pop(g, &a) && assign(g, false, "r_atan2(0.0, %s)", a.s);
    case OP_ZERO: return pop(g, &a) && push(g, "0.0");
    }
    return fail(g, LR_ERR_INVALID_ARG, "unknown operation in an expression program");
}

lr_status expr_to_glsl(const lr_expr *e, int x_slot, expr_glsl *out, lr_error *err)
{
    if (!e || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "expr_to_glsl: NULL argument");
    memset(out, 0, sizeof *out);
    gen *g = calloc(1, sizeof *g);
    if (!g)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory writing GLSL");
    g->x_slot = x_slot;
    g->out = out;
    g->err = err;
    bool pair = e->type != EXPR_NUMBER;
    put(g, "%s lr_fn(vec2 p)\n{\n", pair ? "vec2" : "float");
    for (size_t i = 0; i < e->nops && g->status == LR_OK; i++)
        translate(g, &e->ops[i]);
    operand r = {""};
    if (g->status == LR_OK && (pair ? pop_pair(g, &r) : pop(g, &r)) && g->depth != 0)
        fail(g, LR_ERR_INVALID_ARG, "expression program leaves more than its value on the stack");
    put(g, "    return %s;\n}\n", r.s);
    lr_status s = g->status;
    if (s == LR_OK)
        out->text = g->buf;
    else
        free(g->buf);
    free(g);
    if (s != LR_OK)
        memset(out, 0, sizeof *out);
    return s;
}
