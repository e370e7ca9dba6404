#version 330 core
// A function image (librender/gpu/function_image.c): the parallelogram its
// rectangle maps to, grown by u_grow pixels past every side so that the
// side's pixels can be antialiased (function.frag ramps the coverage).
uniform vec2 u_corners[4]; // pixels: the rectangle's (x0,y0) (x1,y0) (x0,y1) (x1,y1), mapped
uniform vec2 u_viewport;
uniform float u_grow;
out vec2 v_uv;   // 0..1 across the rectangle, beyond on the grown rim
out vec2 v_size; // pixels between the sides u = 0 and u = 1, and between v = 0 and v = 1

void main()
{
    vec2 o = u_corners[0], a = u_corners[1] - o, b = u_corners[2] - o;
    float area = abs(a.x * b.y - a.y * b.x);
    vec2 size = vec2(area / max(length(b), 1e-6), area / max(length(a), 1e-6));
    vec2 grow = u_grow / max(size, vec2(1e-6));
    vec2 uv = mix(-grow, 1.0 + grow, vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)));
    v_uv = uv;
    v_size = size;
    gl_Position = vec4((o + uv.x * a + uv.y * b) / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
