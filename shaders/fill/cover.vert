#version 330 core
// A pixel rectangle (x0, y0, x1, y1) as a 4-vertex triangle strip.
uniform vec4 u_rect;
uniform vec2 u_viewport;

void main()
{
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1));
    vec2 pos = mix(u_rect.xy, u_rect.zw, corner);
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
