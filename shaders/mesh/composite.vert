#version 330 core
// The finished 3D layer over its box of the frame (pixels).
uniform vec4 u_box;
uniform vec2 u_viewport;

void main()
{
    int v = gl_VertexID < 3 ? gl_VertexID : gl_VertexID - 2;
    vec2 pos = mix(u_box.xy, u_box.zw, vec2(float(v & 1), float(v >> 1)));
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
