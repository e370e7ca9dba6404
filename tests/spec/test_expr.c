/* The expression evaluator: values, precedence, errors with columns, and
 * random garbage that must never crash or leak. */
#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

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
    check_error("sinh(x)", "column 1: unknown name \"sinh\" (variables: x, t; constants: pi, e; functions: sin cos "
                           "tan asin acos atan exp log ln sqrt abs floor)");
    check_error("x + y", "column 5: unknown name \"y\" (variables: x, t; constants: pi, e; functions: sin cos tan "
                         "asin acos atan exp log ln sqrt abs floor)");
    check_error("(x + 1", "column 7: expected \")\" to close the \"(\" at column 1");
    check_error("x + 1)", "column 6: unmatched \")\"");
    check_error("sin x", "column 5: expected \"(\" after the function \"sin\"");
    check_error("sin(x", "column 6: expected \")\" after the argument of \"sin\"");
    check_error("x $ 2", "column 3: unexpected \"$\", expected an operator (+ - * / ^)");
    check_error("2 * * 3", "column 5: unexpected \"*\", expected a number, a name or \"(\"");
    check_error(".", "column 1: malformed number");
    check_error("np.sin(x)", "column 1: unknown name \"np\" (variables: x, t; constants: pi, e; functions: sin cos "
                             "tan asin acos atan exp log ln sqrt abs floor)");

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
    return lrt_finish("spec_expr");
}
