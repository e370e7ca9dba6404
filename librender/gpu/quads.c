/* Cubic -> quadratic approximation for the GPU path renderer.
 *
 * A single quadratic with control point (3(c1 + c2) - p0 - p3) / 4 differs
 * from the cubic by at most sqrt(3)/36 * |p3 - 3 c2 + 3 c1 - p0|, and that
 * third difference shrinks with the cube of the parameter interval. So
 * splitting into n equal parameter pieces gives an error bound divided by
 * n^3, and n follows in closed form: no recursion, and the count is known
 * before anything is written. */
#include <librender/lr_path.h>

#include <math.h>

/* Beyond this the cubic is absurdly large for the tolerance (or not finite);
 * the bound keeps buffers predictable. */
#define LR_MAX_QUADS_PER_CUBIC 256u

uint32_t lr_cubic_quad_count(const lr_vec2 c[4], float tolerance)
{
    float dx = c[3].x - 3.0f * c[2].x + 3.0f * c[1].x - c[0].x;
    float dy = c[3].y - 3.0f * c[2].y + 3.0f * c[1].y - c[0].y;
    float err = 0.0481125224f * sqrtf(dx * dx + dy * dy); /* sqrt(3) / 36 */
    if (!(tolerance > 0.0f))
        tolerance = 1e-3f;
    if (!(err <= tolerance * 1e9f)) /* also catches NaN */
        return LR_MAX_QUADS_PER_CUBIC;
    float n = ceilf(cbrtf(err / tolerance));
    if (n < 1.0f)
        return 1;
    if (n > (float)LR_MAX_QUADS_PER_CUBIC)
        return LR_MAX_QUADS_PER_CUBIC;
    return (uint32_t)n;
}

static lr_vec2 lerp2(lr_vec2 a, lr_vec2 b, float t)
{
    return (lr_vec2){a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

/* The control points of the part of cubic `c` between t0 and t1. */
static void cubic_segment(const lr_vec2 c[4], float t0, float t1, lr_vec2 out[4])
{
    /* Split at t1, keep the head, then split the head at t0 / t1. */
    lr_vec2 ab = lerp2(c[0], c[1], t1), bc = lerp2(c[1], c[2], t1), cd = lerp2(c[2], c[3], t1);
    lr_vec2 abc = lerp2(ab, bc, t1), bcd = lerp2(bc, cd, t1);
    lr_vec2 head[4] = {c[0], ab, abc, lerp2(abc, bcd, t1)};
    float s = t1 > 0.0f ? t0 / t1 : 0.0f;
    ab = lerp2(head[0], head[1], s);
    bc = lerp2(head[1], head[2], s);
    cd = lerp2(head[2], head[3], s);
    abc = lerp2(ab, bc, s);
    bcd = lerp2(bc, cd, s);
    out[0] = lerp2(abc, bcd, s);
    out[1] = bcd;
    out[2] = cd;
    out[3] = head[3];
}

bool lr_cubic_to_quads(const lr_vec2 c[4], float tolerance, lr_quad *out, uint32_t *count, uint32_t cap)
{
    uint32_t n = lr_cubic_quad_count(c, tolerance);
    lr_vec2 prev = c[0];
    for (uint32_t i = 0; i < n; i++) {
        if (*count >= cap)
            return false;
        lr_vec2 s[4];
        float t0 = (float)i / (float)n, t1 = (float)(i + 1) / (float)n;
        cubic_segment(c, t0, t1, s);
        lr_quad q;
        /* Pin the joints to exact shared values so that consecutive quads
         * meet without float gaps. */
        q.p0 = prev;
        q.p1 = (i + 1 == n) ? c[3] : s[3];
        q.c.x = (3.0f * (s[1].x + s[2].x) - s[0].x - s[3].x) * 0.25f;
        q.c.y = (3.0f * (s[1].y + s[2].y) - s[0].y - s[3].y) * 0.25f;
        out[(*count)++] = q;
        prev = q.p1;
    }
    return true;
}
