#version 330 core
in vec3 v_pos;
in vec3 v_normal;
flat in vec4 v_color;
flat in float v_lit;
in vec3 v_bary;
flat in vec4 v_line_color;
flat in float v_line_hw;
out vec4 o_color;

vec3 shade(vec3 rgb, vec3 pos, vec3 normal);

void main()
{
    vec3 rgb = v_lit > 0.5 ? shade(v_color.rgb, v_pos, v_normal) : v_color.rgb;
    vec4 face = vec4(rgb * v_color.a, v_color.a);
    // A grid's lines lie on the sides of its faces: each face draws its half
    // of the line, at the distance in pixels to the side (the coordinate
    // over its screen gradient), with the 2D renderer's stroke coverage.
    vec3 d = v_bary / max(sqrt(dFdx(v_bary) * dFdx(v_bary) + dFdy(v_bary) * dFdy(v_bary)), vec3(1e-6));
    float cov = clamp(v_line_hw + 0.5 - min(d.x, min(d.y, d.z)), 0.0, 1.0) * step(0.25, v_line_hw);
    o_color = v_line_color * cov + face * (1.0 - cov * v_line_color.a);
}
