// Shared by the edge fragment shaders (fringe.frag, segment.frag,
// piece.frag), which are compiled after lines.glsl or curves.glsl (the
// #version line, and LR_LINES for records that are straight) and this
// text. They are separate programs, not one with branches, because
// llvmpipe executes both sides of a branch even when every pixel takes the
// same side: a never-taken branch still costs its full price.
//
// Coverage drives depth: a depth-tested pass writes a depth that orders
// candidates (nearest edge, largest coverage), and the pass after it blends
// only the winner (depth EQUAL). Each pass's depths live in a slot below
// every earlier slot, so the depth buffer is not cleared between paths, nor
// between frames.
flat in vec4 v_a; // record texels, see edge.vert
flat in vec4 v_b;
flat in vec4 v_tangents;
flat in vec4 v_color;       // the path's, premultiplied, opacity applied
flat in float v_half_width; // pixels
flat in float v_winding;    // fills: the winding of boundary pixels inside (+1, -1), 0 under even-odd
uniform float u_depth_base;
uniform float u_depth_scale;
out vec4 o_color;

#ifdef LR_LINES
// Straight records (the control point on the chord): distance to the
// chord, and the parameter of the closest point.
vec2 quad_distance(vec2 pos, vec2 A, vec2 B, vec2 C)
{
    vec2 chord = C - A;
    float cc = dot(chord, chord);
    float t = cc > 1e-12 ? clamp(dot(pos - A, chord) / cc, 0.0, 1.0) : 0.0;
    return vec2(length(A + chord * t - pos), t);
}
#else
// Distance from pos to the quadratic Bezier (A, B, C), and the parameter of
// the closest point: Newton steps on d/dt |B(t) - pos|^2 from the projection
// onto the chord (clamped to the ends). The CPU splits
// quadratics until each turns by at most 40 degrees, where this converges
// to the closest point wherever a pixel can be covered. (A closed-form cubic
// solve costs pow, acos, sin and cos on every fragment: five times slower
// on llvmpipe, which runs both sides of every branch.)
vec2 quad_distance(vec2 pos, vec2 A, vec2 B, vec2 C)
{
    vec2 a = B - A;
    vec2 b = A - 2.0 * B + C;
    vec2 c = a * 2.0;
    vec2 d = A - pos;
    vec2 chord = C - A;
    float cc = dot(chord, chord);
    float t = cc > 1e-12 ? clamp(dot(pos - A, chord) / cc, 0.0, 1.0) : 0.5;
    for (int i = 0; i < 2; i++) {
        vec2 q = d + (c + b * t) * t;
        vec2 dq = c + 2.0 * b * t;
        float fp = dot(dq, dq) + 2.0 * dot(q, b);
        t = fp > 1e-9 ? clamp(t - dot(q, dq) / fp, 0.0, 1.0) : t;
    }
    return vec2(length(d + (c + b * t) * t), t);
}
#endif

vec2 safe_normalize(vec2 v, vec2 fallback)
{
    float l = dot(v, v);
    return l > 1e-12 ? v * inversesqrt(l) : fallback;
}

// The depth of a candidate whose key (distance, or 1 - coverage) is k, in
// [0, 1). The key is rounded down to 1/512 first: 1/512 of the slot's 0.9
// is some 7 steps of the 24-bit depth, more than the rounding of the slot's
// base and of the sum can move a value, so which of two candidates is
// nearer (or that they tie) does not depend on the slot the pass got. That
// is what lets a frame begin with whatever slot the one before left: a
// frame that redraws only its top (layer.c) gives the bytes a full redraw
// gives.
float slot_depth(float k)
{
    return u_depth_base + floor(k * 512.0) * (1.0 / 512.0) * u_depth_scale;
}
