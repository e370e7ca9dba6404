/* The expression evaluator: a recursive-descent parser that emits a postfix
 * program, and a stack machine that runs it. Programs are tiny and run once
 * per sample point, so the machine works on a fixed local stack whose size
 * the compiler has proved sufficient. */
#include <librender/lr_spec.h>

#include "core/grow.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPR_MAX_STACK 256

typedef enum op_code {
    OP_CONST,
    OP_X,
    OP_T,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_POW,
    OP_NEG,
    OP_FUNC
} op_code;

typedef enum func_id {
    F_SIN,
    F_COS,
    F_TAN,
    F_ASIN,
    F_ACOS,
    F_ATAN,
    F_EXP,
    F_LOG,
    F_LN,
    F_SQRT,
    F_ABS,
    F_FLOOR,
    F_COUNT
} func_id;

static const char *const func_names[F_COUNT] = {"sin", "cos", "tan",  "asin", "acos", "atan",
                                                "exp", "log", "ln",   "sqrt", "abs",  "floor"};

typedef struct op {
    op_code code;
    int func;
    double value;
} op;

struct lr_expr {
    op *ops;
    size_t nops;
    bool uses_x, uses_t;
};

typedef struct parser {
    const char *src;
    size_t pos;
    int depth;
    op *ops;
    size_t nops, cap;
    int stack, max_stack;
    bool uses_x, uses_t;
    lr_error *err;
    lr_status status;
} parser;

static lr_status fail(parser *p, size_t column0, const char *fmt, const char *detail)
{
    if (p->status == LR_OK) {
        char msg[256];
        snprintf(msg, sizeof msg, fmt, detail ? detail : "");
        p->status = lr_error_set(p->err, LR_ERR_SPEC, "column %zu: %s", column0 + 1, msg);
    }
    return p->status;
}

static void skip_space(parser *p)
{
    while (p->src[p->pos] == ' ' || p->src[p->pos] == '\t' || p->src[p->pos] == '\n' || p->src[p->pos] == '\r')
        p->pos++;
}

static lr_status emit(parser *p, op_code code, int func, double value)
{
    if (p->status != LR_OK)
        return p->status;
    op *ops = lr_grow(p->ops, &p->cap, p->nops, sizeof *ops, 16);
    if (!ops)
        return p->status = lr_error_set(p->err, LR_ERR_NOMEM, "out of memory compiling an expression");
    p->ops = ops;
    p->ops[p->nops++] = (op){code, func, value};
    switch (code) {
    case OP_CONST:
    case OP_X:
    case OP_T: p->stack++; break;
    case OP_ADD:
    case OP_SUB:
    case OP_MUL:
    case OP_DIV:
    case OP_POW: p->stack--; break;
    case OP_NEG:
    case OP_FUNC: break;
    }
    if (p->stack > p->max_stack)
        p->max_stack = p->stack;
    if (p->max_stack > EXPR_MAX_STACK)
        return fail(p, p->pos, "expression too complex%s", "");
    return LR_OK;
}

static lr_status parse_sum(parser *p);
static lr_status parse_unary(parser *p);

static bool starts_operand(char c)
{
    return isdigit((unsigned char)c) || c == '.' || isalpha((unsigned char)c) || c == '_' || c == '(';
}

static lr_status parse_number(parser *p)
{
    size_t start = p->pos;
    const char *s = p->src;
    size_t i = start;
    bool digits = false;
    while (isdigit((unsigned char)s[i])) {
        i++;
        digits = true;
    }
    if (s[i] == '.') {
        i++;
        while (isdigit((unsigned char)s[i])) {
            i++;
            digits = true;
        }
    }
    if (!digits)
        return fail(p, start, "malformed number%s", "");
    /* An exponent only when digits follow, so that "2e" reads as 2 times e. */
    if (s[i] == 'e' || s[i] == 'E') {
        size_t j = i + 1;
        if (s[j] == '+' || s[j] == '-')
            j++;
        if (isdigit((unsigned char)s[j])) {
            while (isdigit((unsigned char)s[j]))
                j++;
            i = j;
        }
    }
    char buf[64];
    size_t len = i - start;
    if (len >= sizeof buf)
        return fail(p, start, "number too long%s", "");
    memcpy(buf, s + start, len);
    buf[len] = 0;
    p->pos = i;
    return emit(p, OP_CONST, 0, strtod(buf, NULL));
}

static lr_status parse_primary(parser *p)
{
    skip_space(p);
    size_t start = p->pos;
    char c = p->src[p->pos];
    if (c == '(') {
        p->pos++;
        if (parse_sum(p) != LR_OK)
            return p->status;
        skip_space(p);
        if (p->src[p->pos] != ')') {
            char open_col[24];
            snprintf(open_col, sizeof open_col, "%zu", start + 1);
            return fail(p, p->pos, "expected \")\" to close the \"(\" at column %s", open_col);
        }
        p->pos++;
        return LR_OK;
    }
    if (isdigit((unsigned char)c) || c == '.')
        return parse_number(p);
    if (isalpha((unsigned char)c) || c == '_') {
        size_t end = start;
        while (isalnum((unsigned char)p->src[end]) || p->src[end] == '_')
            end++;
        size_t len = end - start;
        char name[32];
        if (len >= sizeof name)
            return fail(p, start, "unknown name (too long)%s", "");
        memcpy(name, p->src + start, len);
        name[len] = 0;
        p->pos = end;
        if (strcmp(name, "x") == 0) {
            p->uses_x = true;
            return emit(p, OP_X, 0, 0);
        }
        if (strcmp(name, "t") == 0) {
            p->uses_t = true;
            return emit(p, OP_T, 0, 0);
        }
        if (strcmp(name, "pi") == 0 || strcmp(name, "PI") == 0)
            return emit(p, OP_CONST, 0, M_PI);
        if (strcmp(name, "tau") == 0 || strcmp(name, "TAU") == 0)
            return emit(p, OP_CONST, 0, 2.0 * M_PI);
        if (strcmp(name, "e") == 0)
            return emit(p, OP_CONST, 0, M_E);
        for (int f = 0; f < F_COUNT; f++) {
            if (strcmp(name, func_names[f]) != 0)
                continue;
            skip_space(p);
            if (p->src[p->pos] != '(')
                return fail(p, p->pos, "expected \"(\" after the function \"%s\"", func_names[f]);
            p->pos++;
            if (parse_sum(p) != LR_OK)
                return p->status;
            skip_space(p);
            if (p->src[p->pos] != ')')
                return fail(p, p->pos, "expected \")\" after the argument of \"%s\"", func_names[f]);
            p->pos++;
            return emit(p, OP_FUNC, f, 0);
        }
        return fail(p, start,
                    "unknown name \"%s\" (variables: x, t; constants: pi, e; functions: sin cos tan asin "
                    "acos atan exp log ln sqrt abs floor)",
                    name);
    }
    if (c == 0)
        return fail(p, start, "unexpected end of expression, expected a number, a name or \"(\"%s", "");
    char found[2] = {c, 0};
    if (!isprint((unsigned char)c))
        found[0] = '?';
    return fail(p, start, "unexpected \"%s\", expected a number, a name or \"(\"", found);
}

/* power := primary (('^' | '**') unary)?   -- right-associative, and the
 * exponent may carry its own sign (2^-1). */
static lr_status parse_power(parser *p)
{
    if (parse_primary(p) != LR_OK)
        return p->status;
    skip_space(p);
    const char *s = p->src + p->pos;
    if (s[0] == '^' || (s[0] == '*' && s[1] == '*')) {
        p->pos += s[0] == '^' ? 1 : 2;
        if (parse_unary(p) != LR_OK)
            return p->status;
        return emit(p, OP_POW, 0, 0);
    }
    return LR_OK;
}

static lr_status parse_unary(parser *p)
{
    skip_space(p);
    if (++p->depth > LR_EXPR_MAX_DEPTH)
        return fail(p, p->pos, "expression nested too deeply (more than %s levels)", "64");
    char c = p->src[p->pos];
    lr_status s;
    if (c == '-' || c == '+') {
        p->pos++;
        s = parse_unary(p);
        if (s == LR_OK && c == '-')
            s = emit(p, OP_NEG, 0, 0);
    } else {
        s = parse_power(p);
    }
    p->depth--;
    return s;
}

static lr_status parse_product(parser *p)
{
    if (parse_unary(p) != LR_OK)
        return p->status;
    for (;;) {
        skip_space(p);
        const char *s = p->src + p->pos;
        if ((s[0] == '*' && s[1] != '*') || s[0] == '/') {
            p->pos++;
            if (parse_unary(p) != LR_OK)
                return p->status;
            if (emit(p, s[0] == '*' ? OP_MUL : OP_DIV, 0, 0) != LR_OK)
                return p->status;
        } else if (starts_operand(s[0])) {
            /* Implicit multiplication: "2x", "3(x+1)", "2 sin(x)". */
            if (parse_power(p) != LR_OK)
                return p->status;
            if (emit(p, OP_MUL, 0, 0) != LR_OK)
                return p->status;
        } else {
            return LR_OK;
        }
    }
}

static lr_status parse_sum(parser *p)
{
    if (++p->depth > LR_EXPR_MAX_DEPTH)
        return fail(p, p->pos, "expression nested too deeply (more than %s levels)", "64");
    if (parse_product(p) != LR_OK)
        return p->status;
    for (;;) {
        skip_space(p);
        char c = p->src[p->pos];
        if (c != '+' && c != '-')
            break;
        p->pos++;
        if (parse_product(p) != LR_OK)
            return p->status;
        if (emit(p, c == '+' ? OP_ADD : OP_SUB, 0, 0) != LR_OK)
            return p->status;
    }
    p->depth--;
    return LR_OK;
}

lr_status lr_expr_compile(const char *text, lr_expr **out, lr_error *err)
{
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_expr_compile: out is NULL");
    *out = NULL;
    if (!text)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_expr_compile: text is NULL");
    size_t len = strnlen(text, LR_EXPR_MAX_LENGTH + 1);
    if (len > LR_EXPR_MAX_LENGTH)
        return lr_error_set(err, LR_ERR_LIMIT, "expression longer than %d characters", LR_EXPR_MAX_LENGTH);
    parser p = {.src = text, .err = err, .status = LR_OK};
    skip_space(&p);
    if (p.src[p.pos] == 0) {
        fail(&p, p.pos, "empty expression%s", "");
    } else if (parse_sum(&p) == LR_OK) {
        skip_space(&p);
        if (p.src[p.pos] == ')')
            fail(&p, p.pos, "unmatched \")\"%s", "");
        else if (p.src[p.pos] != 0) {
            char found[2] = {p.src[p.pos], 0};
            if (!isprint((unsigned char)found[0]))
                found[0] = '?';
            fail(&p, p.pos, "unexpected \"%s\", expected an operator (+ - * / ^)", found);
        }
    }
    if (p.status != LR_OK) {
        free(p.ops);
        return p.status;
    }
    lr_expr *e = malloc(sizeof *e);
    if (!e) {
        free(p.ops);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory compiling an expression");
    }
    e->ops = p.ops;
    e->nops = p.nops;
    e->uses_x = p.uses_x;
    e->uses_t = p.uses_t;
    *out = e;
    return LR_OK;
}

void lr_expr_destroy(lr_expr *expr)
{
    if (!expr)
        return;
    free(expr->ops);
    free(expr);
}

bool lr_expr_uses(const lr_expr *expr, char variable)
{
    if (!expr)
        return false;
    return variable == 'x' ? expr->uses_x : variable == 't' ? expr->uses_t : false;
}

static double apply_func(int f, double a)
{
    switch ((func_id)f) {
    case F_SIN: return sin(a);
    case F_COS: return cos(a);
    case F_TAN: return tan(a);
    case F_ASIN: return asin(a);
    case F_ACOS: return acos(a);
    case F_ATAN: return atan(a);
    case F_EXP: return exp(a);
    case F_LOG:
    case F_LN: return log(a);
    case F_SQRT: return sqrt(a);
    case F_ABS: return fabs(a);
    case F_FLOOR: return floor(a);
    case F_COUNT: break;
    }
    return NAN;
}

double lr_expr_eval(const lr_expr *expr, double x, double t)
{
    if (!expr)
        return NAN;
    double st[EXPR_MAX_STACK + 1];
    int sp = 0;
    for (size_t i = 0; i < expr->nops; i++) {
        const op *o = &expr->ops[i];
        switch (o->code) {
        case OP_CONST: st[sp++] = o->value; break;
        case OP_X: st[sp++] = x; break;
        case OP_T: st[sp++] = t; break;
        case OP_ADD: sp--; st[sp - 1] += st[sp]; break;
        case OP_SUB: sp--; st[sp - 1] -= st[sp]; break;
        case OP_MUL: sp--; st[sp - 1] *= st[sp]; break;
        case OP_DIV: sp--; st[sp - 1] /= st[sp]; break;
        case OP_POW: sp--; st[sp - 1] = pow(st[sp - 1], st[sp]); break;
        case OP_NEG: st[sp - 1] = -st[sp - 1]; break;
        case OP_FUNC: st[sp - 1] = apply_func(o->func, st[sp - 1]); break;
        }
    }
    return sp == 1 ? st[0] : NAN;
}
