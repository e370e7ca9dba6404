#version 330 core
uniform sampler2D u_layer; // premultiplied, the frame's size
out vec4 o_color;

void main()
{
    o_color = texelFetch(u_layer, ivec2(gl_FragCoord.xy), 0);
}
