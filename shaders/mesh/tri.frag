#version 330 core
in vec3 v_pos;
in vec3 v_normal;
flat in vec4 v_color;
flat in float v_lit;
noperspective in vec3 v_bary; // pixels to each outlined side
flat in vec4 v_line_color;
flat in float v_line_hw;
out vec4 o_color;

vec3 shade(vec3 rgb, vec3 pos, vec3 normal);

void main()
{
    vec3 rgb = v_lit > 0.5 ? shade(v_color.rgb, v_pos, v_normal) : v_color.rgb;
    vec4 face = vec4(rgb * v_color.a, v_color.a);
    // A grid's lines lie on the sides of its faces: each face draws its half
    // of the line, at the distance in pixels to the side (linear on screen,
    // from the heights mesh3d.c gives its corners), with the 2D renderer's
    // stroke coverage.
    float cov = clamp(v_line_hw + 0.5 - min(v_bary.x, min(v_bary.y, v_bary.z)), 0.0, 1.0) * step(0.25, v_line_hw);
    o_color = v_line_color * cov + face * (1.0 - cov * v_line_color.a);
}
