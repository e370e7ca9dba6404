#version 330 core
uniform sampler2D u_tex; // premultiplied at upload, so filtering does not darken edges
uniform float u_opacity;
in vec2 v_uv;
out vec4 o_color;

void main()
{
    o_color = texture(u_tex, v_uv) * u_opacity;
}
