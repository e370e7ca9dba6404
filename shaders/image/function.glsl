#version 330 core
// Function images (librender/gpu/function_image.c): what the operations of
// the scene spec's expressions mean, in float32, for the lr_fn that
// librender/spec/expr_glsl.c writes from an expression; then that lr_fn,
// then function.frag. Each helper gives what the C machine of
// librender/spec/expr.c gives where GLSL's built-in is undefined or
// differs: pow of a negative base, log and sqrt of a negative, atan(0, 0),
// NaN through min and max. Complex numbers are vec2 (re, im), with C99's
// branch cuts (along the negative reals, the sign of a zero imaginary part
// picking the side).

uniform float u_vars[LR_FN_MAX_VARS]; // time and the values lr_fn reads

float r_nan() { return uintBitsToFloat(0x7fc00000u); }
float r_inf() { return uintBitsToFloat(0x7f800000u); }
bool r_signbit(float x) { return (floatBitsToUint(x) & 0x80000000u) != 0u; }
bool r_finite(float x) { return !isnan(x) && !isinf(x); }

float r_pow(float a, float b)
{
    if (b == 0.0)
        return 1.0;
    if (a == 0.0)
        return b > 0.0 ? 0.0 : r_inf();
    float m = pow(abs(a), b);
    if (a > 0.0)
        return m;
    if (floor(b) != b)
        return r_nan();
    return mod(b, 2.0) == 1.0 ? -m : m;
}

float r_log(float a) { return a < 0.0 ? r_nan() : a == 0.0 ? -r_inf() : log(a); }
float r_log10(float a) { return r_log(a) * 0.434294482; }
float r_sqrt(float a) { return a < 0.0 ? r_nan() : sqrt(a); }
float r_asin(float a) { return abs(a) > 1.0 ? r_nan() : asin(a); }
float r_acos(float a) { return abs(a) > 1.0 ? r_nan() : acos(a); }
// tanh as (e^2x - 1)/(e^2x + 1) overflows to NaN; it is +-1 in float past 9.
float r_tanh(float a) { return tanh(clamp(a, -15.0, 15.0)); }
// NaN wins, as in expr.c's min_of and max_of.
float r_min(float a, float b) { return (a < b || isnan(a)) ? a : b; }
float r_max(float a, float b) { return (a > b || isnan(a)) ? a : b; }
// Floored: the sign of b, as Python's % (NaN for b = 0, as fmod).
float r_mod(float a, float b) { return a - b * floor(a / b); }

float r_atan2(float y, float x)
{
    if (x == 0.0 && y == 0.0) // C: atan2(+-0, +0) = +-0, atan2(+-0, -0) = +-pi
        return r_signbit(x) ? (r_signbit(y) ? -3.14159265 : 3.14159265) : y;
    return atan(y, x);
}

// Scaled, so that squares of large numbers do not overflow float32.
float r_hypot(float a, float b)
{
    float m = max(abs(a), abs(b));
    if (m == 0.0 || isinf(m))
        return m;
    a /= m;
    b /= m;
    return m * sqrt(a * a + b * b);
}

float r_dist(vec2 p, vec2 q) { return r_hypot(p.x - q.x, p.y - q.y); }

vec2 r_rotate(vec2 p, float a)
{
    float c = cos(a), s = sin(a);
    return vec2(p.x * c - p.y * s, p.x * s + p.y * c);
}

vec2 c_mul(vec2 a, vec2 b) { return vec2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }

// Smith's division: |b|^2 never formed, so it does not overflow float32
// where the quotient fits.
vec2 c_div(vec2 a, vec2 b)
{
    if (abs(b.x) >= abs(b.y)) {
        float r = b.y / b.x, d = b.x + b.y * r;
        return vec2(a.x + a.y * r, a.y - a.x * r) / d;
    }
    float r = b.x / b.y, d = b.x * r + b.y;
    return vec2(a.x * r + a.y, a.y * r - a.x) / d;
}

vec2 c_exp(vec2 z) { return exp(z.x) * vec2(cos(z.y), sin(z.y)); }
vec2 c_log(vec2 z) { return vec2(r_log(r_hypot(z.x, z.y)), r_atan2(z.y, z.x)); }

// The principal root, re >= 0; on the cut the sign of im picks the side.
vec2 c_sqrt(vec2 z)
{
    float r = r_hypot(z.x, z.y);
    if (r == 0.0)
        return vec2(0.0, z.y);
    float t = sqrt(0.5 * (r + abs(z.x)));
    if (z.x >= 0.0)
        return vec2(t, 0.5 * z.y / t);
    return vec2(0.5 * abs(z.y) / t, r_signbit(z.y) ? -t : t);
}

// exp(w log z) on the principal branch; 0^w as expr.c's cpow_principal.
vec2 c_pow(vec2 z, vec2 w)
{
    if (z.x == 0.0 && z.y == 0.0) {
        if (w.x == 0.0 && w.y == 0.0)
            return vec2(1.0, 0.0);
        return w.x > 0.0 ? vec2(0.0) : vec2(r_nan());
    }
    return c_exp(c_mul(w, c_log(z)));
}

vec2 c_sin(vec2 z) { return vec2(sin(z.x) * cosh(z.y), cos(z.x) * sinh(z.y)); }
vec2 c_cos(vec2 z) { return vec2(cos(z.x) * cosh(z.y), -sin(z.x) * sinh(z.y)); }
vec2 c_sinh(vec2 z) { return vec2(sinh(z.x) * cos(z.y), cosh(z.x) * sin(z.y)); }
vec2 c_cosh(vec2 z) { return vec2(cosh(z.x) * cos(z.y), sinh(z.x) * sin(z.y)); }

// (sinh 2x + i sin 2y) / (cosh 2x + cos 2y), which overflows past |x| = 15,
// where tanh is +-1 in float32.
vec2 c_tanh(vec2 z)
{
    if (abs(z.x) > 15.0)
        return vec2(sign(z.x), 0.0);
    float d = cosh(2.0 * z.x) + cos(2.0 * z.y);
    return vec2(sinh(2.0 * z.x), sin(2.0 * z.y)) / d;
}

// tan z = -i tanh(iz), as C99 defines ctan.
vec2 c_tan(vec2 z)
{
    vec2 t = c_tanh(vec2(-z.y, z.x));
    return vec2(t.y, -t.x);
}
