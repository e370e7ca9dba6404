#version 330 core
// Triangles of the 3D layer, in scene space, seen through Manim's
// ThreeDCamera (librender/scene/mesh.c, lr_camera3d_project): q = R (p - c),
// x and y times zoom * d / (d - q.z), then the 2D camera to pixels. The clip
// coordinates stay affine in p, so that depth interpolates exactly across a
// triangle: w = (d - q.z) / d, and z_ndc = A - B / (d - q.z) is the usual
// perspective depth between the frame's near and far distances.
layout(location = 0) in vec3 a_pos;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec4 a_color; // straight alpha, opacity applied
layout(location = 3) in float a_lit;
layout(location = 4) in vec2 a_offset; // pixels: outline vertices pulled in by half a pixel
layout(location = 5) in vec3 a_bary;   // per side: pixels to it if outlined (0 on it), else far
layout(location = 6) in vec4 a_line_color; // premultiplied
layout(location = 7) in float a_line_hw;   // pixels
uniform mat3 u_rot;
uniform vec3 u_center;
uniform float u_focal, u_zoom;
uniform vec4 u_frame; // 2k / width, 2k / height, the 2D camera's centre
uniform vec2 u_depth; // A, B
uniform vec2 u_viewport;
out vec3 v_pos;
out vec3 v_normal;
flat out vec4 v_color;
flat out float v_lit;
noperspective out vec3 v_bary;
flat out vec4 v_line_color;
flat out float v_line_hw;

void main()
{
    vec3 q = u_rot * (a_pos - u_center);
    float e = u_focal - q.z;
    float w = e / u_focal;
    gl_Position = vec4(u_frame.x * (q.x * u_zoom - u_frame.z * w), u_frame.y * (q.y * u_zoom - u_frame.w * w),
                       (u_depth.x * e - u_depth.y) / u_focal, w);
    gl_Position.xy += a_offset * 2.0 / u_viewport * w;
    v_pos = a_pos;
    v_normal = a_normal;
    v_color = a_color;
    v_lit = a_lit;
    v_bary = a_bary;
    v_line_color = a_line_color;
    v_line_hw = a_line_hw;
}
