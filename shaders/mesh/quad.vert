#version 330 core
// Screen-space pieces of the 3D layer (polyline segments, silhouette edges,
// dots), laid out on the CPU in pixels with their perspective depth: a
// straight segment projects to a straight segment along which z_ndc is
// linear, so a quad around it interpolates depth exactly. What a, b and c
// hold depends on the piece (librender/gpu/mesh3d.c, lr_gpu_quad_vertex).
layout(location = 0) in vec3 a_pos; // pixel x, y; z_ndc
layout(location = 1) in vec4 a_a;
layout(location = 2) in vec4 a_b;
layout(location = 3) in vec4 a_c;
layout(location = 4) in vec4 a_color; // premultiplied
uniform vec2 u_viewport;
flat out vec4 v_a;
flat out vec4 v_b;
flat out vec4 v_c;
out vec3 v_bs; // b and c interpolated: a silhouette edge's point and normal
out vec3 v_cs;
out float v_along; // b.w interpolated: an edge's pixels along it from its first end
flat out vec4 v_color;

void main()
{
    gl_Position = vec4(a_pos.xy / u_viewport * 2.0 - 1.0, a_pos.z, 1.0);
    v_a = a_a;
    v_b = a_b;
    v_c = a_c;
    v_bs = a_b.xyz;
    v_cs = a_c.xyz;
    v_along = a_b.w;
    v_color = a_color;
}
