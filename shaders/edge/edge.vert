#version 330 core
// Edge pieces, six vertices each (two triangles: the quad covering the
// piece's coverage footprint), the record pulled by gl_VertexID / 6. Not
// instanced: llvmpipe runs its vertex pipeline (with an allocation) once per
// instance: a fifth of a 480p frame's CPU time went there.
// A record is two texels, in pixel coordinates:
//   LR_KIND_SEGMENT:  (p0, c) (p1, 0, flags)   flags: how the start (bits 0-1)
//                     and the end (bits 2-3) finish, see edge.frag
//   LR_KIND_JOIN_BEVEL / LR_KIND_JOIN_MITER:
//                     (V, a) (b, kind, miter ratio)  a, b: unit directions of
//                     travel into and out of the vertex V
//   LR_KIND_CAP_ROUND (of a lone point) / LR_KIND_CAP_SQUARE:
//                     (V, d) (0, 0, kind, 0)  d: unit direction away from the path
// The kind is stored as kind + (path << LR_RECORD_PATH_SHIFT): the record's
// index in the path table (u_paths, LR_PATH_TEXELS texels per path: fill
// colour, stroke colour, (pivot, stroke half width, boundary winding), fill
// box, stroke box), which is how one draw serves every path of a batch.
// The LR_ numbers are #defines from the library (renderer.c).
// Fills use segments only, with half width 0 (the antialiased fringe).
// Fragment shaders: fringe.frag (fills), segment.frag, piece.frag (strokes).
uniform samplerBuffer u_records;
uniform samplerBuffer u_paths;
uniform int u_first;
uniform int u_role; // the path's colour texel: LR_PATH_FILL_COLOR (a fill's fringe) or LR_PATH_STROKE_COLOR
uniform vec2 u_viewport;
uniform float u_expand;
flat out vec4 v_a;
flat out vec4 v_b; // with the plain kind in z
flat out vec4 v_tangents; // segments: unit directions of travel at the start (xy) and end (zw)
flat out vec4 v_color;
flat out float v_half_width;
flat out float v_winding; // fills: +1, -1, or 0 under even-odd

void main()
{
    int r = u_first + gl_VertexID / 6;
    int v = gl_VertexID % 6;
    v = v < 3 ? v : v - 2; // 0 1 2, 1 2 3: the strip's two triangles
    vec4 a = texelFetch(u_records, 2 * r);
    vec4 b = texelFetch(u_records, 2 * r + 1);
    int code = int(b.z + 0.5);
    int kind = code & ((1 << LR_RECORD_PATH_SHIFT) - 1), path = code >> LR_RECORD_PATH_SHIFT;
    v_color = texelFetch(u_paths, LR_PATH_TEXELS * path + u_role);
    vec4 style = texelFetch(u_paths, LR_PATH_TEXELS * path + LR_PATH_STYLE);
    float half_width = u_role == LR_PATH_STROKE_COLOR ? style.z : 0.0;
    v_half_width = half_width;
    v_winding = style.w;
    vec2 corner = vec2(float(v & 1), float(v >> 1));
    // Coverage is sampled at pixel centres and ends half a pixel beyond the
    // outline; u_expand is that half pixel plus a margin (more under MSAA,
    // where a pixel's samples reach further than its centre).
    float e = half_width + u_expand;
    vec2 pos;
    if (kind == LR_KIND_SEGMENT) {
        // A box aligned with the chord: tight for lines and gentle curves.
        vec2 p0 = a.xy, c = a.zw, p1 = b.xy;
        vec2 u = p1 - p0;
        if (dot(u, u) < 1e-12)
            u = c - p0;
        u = dot(u, u) < 1e-12 ? vec2(1.0, 0.0) : normalize(u);
        vec2 n = vec2(-u.y, u.x);
        vec2 cu = vec2(dot(c - p0, u), dot(c - p0, n));
        vec2 pu = vec2(dot(p1 - p0, u), dot(p1 - p0, n));
        vec2 lo = min(vec2(0.0), min(cu, pu)) - e;
        vec2 hi = max(vec2(0.0), max(cu, pu)) + e;
        vec2 l = mix(lo, hi, corner);
        pos = p0 + u * l.x + n * l.y;
        vec2 t0 = c - p0, t1 = p1 - c;
        v_tangents = vec4(dot(t0, t0) > 1e-12 ? normalize(t0) : u, dot(t1, t1) > 1e-12 ? normalize(t1) : u);
    } else {
        float h = e;
        if (kind == LR_KIND_JOIN_MITER)
            h = half_width * b.w + u_expand;
        else if (kind == LR_KIND_CAP_SQUARE)
            h = half_width * 1.415 + u_expand;
        pos = a.xy + (corner * 2.0 - 1.0) * h;
        v_tangents = vec4(0.0);
    }
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
    v_a = a;
    v_b = vec4(b.xy, float(kind), b.w);
}
