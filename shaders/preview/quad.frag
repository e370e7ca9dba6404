#version 330 core
// Copies the rendered frame (or the overlay) into the window.
uniform sampler2D u_tex;
in vec2 v_uv;
out vec4 o_color;
void main() { o_color = texture(u_tex, v_uv); }
