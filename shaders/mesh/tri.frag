#version 330 core
in vec3 v_pos;
in vec3 v_normal;
flat in vec4 v_color;
flat in float v_lit;
out vec4 o_color;

vec3 shade(vec3 rgb, vec3 pos, vec3 normal);

void main()
{
    vec3 rgb = v_lit > 0.5 ? shade(v_color.rgb, v_pos, v_normal) : v_color.rgb;
    o_color = vec4(rgb * v_color.a, v_color.a);
}
