/* The compiled form of an expression (internal to the expression
 * compiler, expr.c, and what translates it, expr_glsl.c): a postfix program
 * of typed operations on a stack of doubles, one entry for a number, two
 * for a point or a complex number (x below y, re below im). Each operation
 * is specialised to its operand types when the parser emits it, and parts
 * made of constants only are already computed (folded) by then. */
#ifndef LR_SPEC_EXPR_OPS_H
#define LR_SPEC_EXPR_OPS_H

#include "spec/spec_expr.h"

#include <stdint.h>

#define EXPR_MAX_STACK 256

/* z^n for a constant integer n up to this size is a product of squares
 * (z^2 is z*z, exactly); larger or other exponents go through exp(w log z). */
#define EXPR_MAX_INT_POWER 64

typedef enum op_code {
    OP_NONE = 0, /* in the typing tables: no such operation */
    OP_SAME, /* in the function table: the operands are the result (complex(p), point(z)); never emitted */
    OP_NUM,
    OP_VAR,
    OP_PVAR, /* two slots: a point or a complex number */
    OP_QUERY,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_POW,
    OP_SQUARE,
    OP_NEG,
    OP_PADD,
    OP_PSUB,
    OP_PMULN,
    OP_NMULP,
    OP_PDIVN,
    OP_PNEG,
    OP_GETX,
    OP_GETY,
    OP_SIN,
    OP_COS,
    OP_TAN,
    OP_ASIN,
    OP_ACOS,
    OP_ATAN,
    OP_SINH,
    OP_COSH,
    OP_TANH,
    OP_EXP,
    OP_LOG,
    OP_LOG10,
    OP_SQRT,
    OP_ABS,
    OP_FLOOR,
    OP_CEIL,
    OP_ROUND,
    OP_SIGN,
    OP_ATAN2,
    OP_MIN,
    OP_MAX,
    OP_MOD,
    OP_HYPOT,
    OP_CLAMP,
    OP_LERP,
    OP_NORM,
    OP_ANGLE,
    OP_DIST,
    OP_DOT,
    OP_ROTATE,
    OP_PLERP,
    OP_UNIT,
    /* complex numbers (the pair ops above serve them where the arithmetic is
     * the same: z + w is OP_PADD, 2z is OP_NMULP, z/2 is OP_PDIVN, -z is OP_PNEG) */
    OP_NCADD, /* number + complex, and so on: C99's mixed arithmetic (Annex G) */
    OP_CNADD,
    OP_NCSUB,
    OP_CNSUB,
    OP_CMUL,
    OP_CDIV,
    OP_NCDIV,
    OP_CPOW,
    OP_NCPOW,
    OP_CPOWN,
    OP_CPOWI, /* z^n, n a constant integer in index */
    OP_CSQUARE,
    OP_CEXP,
    OP_CLOG,
    OP_CSQRT,
    OP_CSIN,
    OP_CCOS,
    OP_CTAN,
    OP_CSINH,
    OP_CCOSH,
    OP_CTANH,
    OP_CONJ,
    OP_ARGN, /* arg of a number: 0 or pi */
    OP_ZERO  /* im of a number */
} op_code;

typedef struct op {
    uint8_t code;
    uint8_t type;  /* OP_QUERY: the result type */
    uint8_t n;     /* OP_QUERY: the argument count */
    uint8_t width; /* OP_QUERY: the stack entries the arguments take */
    int32_t index; /* OP_VAR, OP_PVAR: the slot; OP_QUERY: the handle; OP_CPOWI: the exponent */
    union {
        double v;           /* OP_NUM */
        uint32_t pair_args; /* OP_QUERY: bit i set when argument i takes two entries */
    } u;
} op;

struct lr_expr {
    op *ops;
    size_t nops;
    expr_type type;
    int nslots;   /* 1 + the highest variable slot read */
    int nvarrefs; /* variable occurrences */
    int nqueries;
    bool uses_x, uses_t; /* for lr_expr_uses */
};

#endif
