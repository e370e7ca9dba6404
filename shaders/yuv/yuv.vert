#version 330 core
// One triangle that covers the whole target (vertices 0, 1, 2 with no
// buffer): the YUV pass runs the fragment shader once per output byte.
void main()
{
    vec2 p = vec2(float((gl_VertexID & 1) * 4 - 1), float((gl_VertexID >> 1) * 4 - 1));
    gl_Position = vec4(p, 0.0, 1.0);
}
