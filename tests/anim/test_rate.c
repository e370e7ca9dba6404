/* Rate functions against values computed from Manim's formulas
 * (manim/utils/rate_functions.py) independently of the library. */
#include "lrtest.h"

#include <string.h>

int main(void)
{
    const double eps = 1e-9;
    static const struct {
        lr_rate_func f;
        const char *name;
        double at0, at_half, at1;
        double x, fx; /* a known interior value */
    } cases[] = {
        {LR_RATE_LINEAR, "linear", 0, 0.5, 1, 0.3, 0.3},
        {LR_RATE_SMOOTH, "smooth", 0, 0.5, 1, 0.25, 0.07010371654510815},
        {LR_RATE_RUSH_INTO, "rush_into", 0, 0.1402074330902163, 1, 0.5, 0.1402074330902163},
        {LR_RATE_RUSH_FROM, "rush_from", 0, 0.8597925669097839, 1, 0.5, 0.8597925669097839},
        {LR_RATE_THERE_AND_BACK, "there_and_back", 0, 1, 0, 0.1, 0.041285659785796076},
        {LR_RATE_THERE_AND_BACK_WITH_PAUSE, "there_and_back_with_pause", 0, 1, 0, 0.9, 0.11403653008945541},
        {LR_RATE_EASE_IN_CUBIC, "ease_in_cubic", 0, 0.125, 1, 0.2, 0.008},
        {LR_RATE_EASE_OUT_CUBIC, "ease_out_cubic", 0, 0.875, 1, 0.2, 0.488},
        {LR_RATE_EASE_IN_OUT_CUBIC, "ease_in_out_cubic", 0, 0.5, 1, 0.25, 0.0625},
        {LR_RATE_DOUBLE_SMOOTH, "double_smooth", 0, 0.5, 1, 0.25, 0.25},
        {LR_RATE_WIGGLE, "wiggle", 0, 0, 0, 0.1, 0.02426710195325536},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lr_rate_func f = cases[i].f;
        LRT_CHECK_NEAR(lr_rate_eval(f, 0.0), cases[i].at0, eps);
        LRT_CHECK_NEAR(lr_rate_eval(f, 0.5), cases[i].at_half, eps);
        LRT_CHECK_NEAR(lr_rate_eval(f, 1.0), cases[i].at1, 1e-6);
        LRT_CHECK_NEAR(lr_rate_eval(f, cases[i].x), cases[i].fx, 1e-9);
        /* Manim's unit_interval: outside [0, 1] is clamped. */
        LRT_CHECK_NEAR(lr_rate_eval(f, -3.0), lr_rate_eval(f, 0.0), eps);
        LRT_CHECK_NEAR(lr_rate_eval(f, 7.0), lr_rate_eval(f, 1.0), eps);
        lr_rate_func parsed = LR_RATE_DEFAULT;
        LRT_CHECK_MSG(lr_rate_func_parse(cases[i].name, &parsed) && parsed == f, "%s", cases[i].name);
        LRT_CHECK(strcmp(lr_rate_func_name(f), cases[i].name) == 0);
    }
    /* Symmetries that hold by construction. */
    for (double t = 0.05; t < 1.0; t += 0.1) {
        LRT_CHECK_NEAR(lr_rate_eval(LR_RATE_SMOOTH, t) + lr_rate_eval(LR_RATE_SMOOTH, 1 - t), 1.0, 1e-9);
        LRT_CHECK_NEAR(lr_rate_eval(LR_RATE_THERE_AND_BACK, t), lr_rate_eval(LR_RATE_THERE_AND_BACK, 1 - t), 1e-9);
        LRT_CHECK(lr_rate_eval(LR_RATE_SMOOTH, t) <= lr_rate_eval(LR_RATE_SMOOTH, t + 0.05) + 1e-12);
    }
    LRT_CHECK_NEAR(lr_rate_eval(LR_RATE_THERE_AND_BACK_WITH_PAUSE, 0.45), 1.0, eps);
    LRT_CHECK_NEAR(lr_rate_eval(LR_RATE_DEFAULT, 0.25), lr_rate_eval(LR_RATE_SMOOTH, 0.25), eps);
    LRT_CHECK_NEAR(lr_rate_eval(LR_RATE_SMOOTH, NAN), 0.0, eps);

    lr_rate_func keep = LR_RATE_WIGGLE;
    LRT_CHECK(!lr_rate_func_parse("Smooth", &keep));
    LRT_CHECK(!lr_rate_func_parse("bogus", &keep));
    LRT_CHECK(!lr_rate_func_parse("default", &keep));
    LRT_CHECK(!lr_rate_func_parse(NULL, &keep));
    LRT_CHECK(keep == LR_RATE_WIGGLE);
    return lrt_finish("anim_rate");
}
