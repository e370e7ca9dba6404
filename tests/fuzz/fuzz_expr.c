/* The expression evaluator of function graphs: compile anything, and
 * evaluate what compiles at a few points (including awkward ones). */
#include "fuzz_util.h"

#include <math.h>

#include "librender/lr_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    lr_expr *e = NULL;
    lr_error err = {0};
    if (lr_expr_compile(text, &e, &err) == LR_OK) {
        static const double xs[] = {0.0, 1.0, -2.5, 1e308, -1e-308, INFINITY};
        for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
            (void)lr_expr_eval(e, xs[i], xs[(i + 1) % 6]);
        (void)lr_expr_eval(e, NAN, NAN);
        (void)lr_expr_uses(e, 'x');
        (void)lr_expr_uses(e, 't');
        lr_expr_destroy(e);
    }
    free(text);
    return 0;
}
