#version 330 core
// A segment of a polyline: coverage from the exact distance to the segment
// (round ends), cut at the bisectors it shares with its neighbours so that
// each pixel of a joint is drawn by one segment only.
flat in vec4 v_a;     // ends p0, p1 in pixels
flat in vec4 v_b;     // cut normals at p0 and p1 (zero: no cut)
flat in vec4 v_c;     // x: half width in pixels
flat in vec4 v_color; // premultiplied
// The colour pass draws every pixel the line touches; the depth pass
// (colour writes off) only its core, so that translucent surfaces drawn
// later stay behind a line in front of them without a dark rim.
uniform float u_min_coverage;
out vec4 o_color;

void main()
{
    vec2 p = gl_FragCoord.xy, p0 = v_a.xy, p1 = v_a.zw, d = p1 - p0;
    if (dot(p - p0, v_b.xy) < 0.0 || dot(p - p1, v_b.zw) < 0.0)
        discard;
    float t = clamp(dot(p - p0, d) / max(dot(d, d), 1e-12), 0.0, 1.0);
    float cov = clamp(v_c.x + 0.5 - length(p - p0 - t * d), 0.0, 1.0);
    if (cov <= u_min_coverage)
        discard;
    o_color = v_color * cov;
}
