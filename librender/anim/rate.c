/* Rate functions, with the formulas and default parameters of Manim
 * (manim/utils/rate_functions.py), so that timings match Manim's videos. */
#include <librender/lr_anim.h>

#include <math.h>
#include <string.h>

static double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

static double clamp01(double t) { return t < 0.0 ? 0.0 : t > 1.0 ? 1.0 : t; }

static double smooth(double t)
{
    const double inflection = 10.0;
    double error = sigmoid(-inflection / 2.0);
    return clamp01((sigmoid(inflection * (t - 0.5)) - error) / (1.0 - 2.0 * error));
}

static double there_and_back(double t) { return smooth(t < 0.5 ? 2.0 * t : 2.0 * (1.0 - t)); }

static double there_and_back_with_pause(double t)
{
    const double pause_ratio = 1.0 / 3.0;
    double a = 1.0 / pause_ratio;
    if (t < 0.5 - pause_ratio / 2.0)
        return smooth(a * t);
    if (t < 0.5 + pause_ratio / 2.0)
        return 1.0;
    return smooth(a - a * t);
}

double lr_rate_eval(lr_rate_func f, double t)
{
    if (isnan(t))
        t = 0.0;
    t = clamp01(t);
    switch (f) {
    case LR_RATE_LINEAR:
        return t;
    case LR_RATE_DEFAULT:
    case LR_RATE_SMOOTH:
    case LR_RATE_COUNT_:
        return smooth(t);
    case LR_RATE_RUSH_INTO:
        return 2.0 * smooth(t / 2.0);
    case LR_RATE_RUSH_FROM:
        return 2.0 * smooth(t / 2.0 + 0.5) - 1.0;
    case LR_RATE_THERE_AND_BACK:
        return there_and_back(t);
    case LR_RATE_THERE_AND_BACK_WITH_PAUSE:
        return there_and_back_with_pause(t);
    case LR_RATE_EASE_IN_CUBIC:
        return t * t * t;
    case LR_RATE_EASE_OUT_CUBIC:
        return 1.0 - pow(1.0 - t, 3.0);
    case LR_RATE_EASE_IN_OUT_CUBIC:
        return t < 0.5 ? 4.0 * t * t * t : 1.0 - pow(-2.0 * t + 2.0, 3.0) / 2.0;
    case LR_RATE_DOUBLE_SMOOTH:
        return t < 0.5 ? 0.5 * smooth(2.0 * t) : 0.5 * (1.0 + smooth(2.0 * t - 1.0));
    case LR_RATE_WIGGLE:
        return there_and_back(t) * sin(2.0 * M_PI * t);
    }
    return smooth(t);
}

static const char *const rate_names[LR_RATE_COUNT_] = {
    "default",       "linear",         "smooth",         "rush_into",
    "rush_from",     "there_and_back", "there_and_back_with_pause",
    "ease_in_cubic", "ease_out_cubic", "ease_in_out_cubic",
    "double_smooth", "wiggle",
};

bool lr_rate_func_parse(const char *name, lr_rate_func *out)
{
    if (!name)
        return false;
    for (int i = 1; i < LR_RATE_COUNT_; i++) {
        if (strcmp(name, rate_names[i]) == 0) {
            if (out)
                *out = (lr_rate_func)i;
            return true;
        }
    }
    return false;
}

const char *lr_rate_func_name(lr_rate_func f)
{
    return (f >= 0 && f < LR_RATE_COUNT_) ? rate_names[f] : "unknown";
}
