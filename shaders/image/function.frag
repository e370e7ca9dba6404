// The pixels of a function image: the point of the function's plane under
// the pixel's centre, lr_fn there (written from the spec's expression by
// librender/spec/expr_glsl.c; function.glsl comes first), coloured, and the
// coverage of the region's edge. LR_FN_COMPLEX: lr_fn is complex and
// domain-coloured, else it is a number coloured along a gradient. Colours
// are premultiplied; where lr_fn has no value (not finite: a pole, the log
// of 0, sqrt of a negative number) the pixel is left as it was.
uniform vec4 u_domain;  // the point at v_uv (0, 0) and at (1, 1)
uniform float u_opacity;
uniform vec4 u_stops[LR_FN_MAX_STOPS]; // the gradient, straight RGBA
uniform int u_nstops;
uniform vec2 u_range;   // the values of the first and the last stop
uniform bool u_contours; // log-modulus bands in the domain colouring
in vec2 v_uv;
in vec2 v_size;
out vec4 o_color;

// Pure hue: 0 red, 1/3 green, 2/3 blue (turns).
vec3 lr_hue(float turns)
{
    return clamp(abs(fract(turns + vec3(0.0, 2.0, 1.0) / 3.0) * 6.0 - 3.0) - 1.0, 0.0, 1.0);
}

// fract(x) averaged over [x - w/2, x + w/2] (its integral is floor(x)/2 +
// fract(x)^2/2): the jump at each band's edge antialiased over the pixel's
// footprint w.
float lr_fract_aa(float x, float w)
{
    w = max(w, 1e-4);
    float a = x - 0.5 * w, b = x + 0.5 * w;
    float fa = fract(a), fb = fract(b);
    return (0.5 * (floor(b) - floor(a)) + 0.5 * (fb * fb - fa * fa)) / w;
}

// Hue arg f (red on the positive reals), lightness 2/pi atan|f|: black at
// the zeros, the pure hue where |f| = 1, white towards the poles; with
// contours, every band from |f| = 2^n to 2^(n+1) shades from 0.6 of that to
// all of it.
vec4 lr_domain_color(vec2 f)
{
    float m = r_hypot(f.x, f.y);
    vec3 hue = lr_hue(r_atan2(f.y, f.x) * 0.159154943);
    float l = 0.636619772 * atan(m);
    vec3 rgb = l + (hue - 0.5) * (1.0 - abs(2.0 * l - 1.0));
    float bands = log2(max(m, 1e-30));
    float w = fwidth(bands); // outside the branch: derivatives need all four pixels of the quad
    if (u_contours)
        rgb *= mix(0.6, 1.0, lr_fract_aa(bands, w));
    return vec4(rgb, 1.0);
}

// As the CPU colours a field (build_fields.c, field_color): the value
// clamped to the range, then linearly between the two nearest stops.
vec4 lr_gradient(float v)
{
    float a = u_range.y > u_range.x ? clamp((v - u_range.x) / (u_range.y - u_range.x), 0.0, 1.0)
                                    : (v >= u_range.y ? 1.0 : 0.0);
    a *= float(u_nstops - 1);
    int i = min(int(a), u_nstops - 1);
    int j = min(i + 1, u_nstops - 1);
    vec4 c = mix(u_stops[i], u_stops[j], a - float(i));
    return vec4(c.rgb * c.a, c.a);
}

void main()
{
    // The edge's coverage: the distance to each side in pixels, ramped as
    // a fill's fringe (0.5 on the edge itself).
    vec2 d = min(v_uv, 1.0 - v_uv) * v_size;
    float cover = clamp(0.5 + d.x, 0.0, 1.0) * clamp(0.5 + d.y, 0.0, 1.0);
    vec2 p = mix(u_domain.xy, u_domain.zw, clamp(v_uv, 0.0, 1.0));
#ifdef LR_FN_COMPLEX
    vec2 f = lr_fn(p);
    bool ok = r_finite(f.x) && r_finite(f.y);
    vec4 c = lr_domain_color(f);
#else
    float f = lr_fn(p);
    bool ok = r_finite(f);
    vec4 c = lr_gradient(f);
#endif
    o_color = ok ? c * (cover * u_opacity) : vec4(0.0);
}
