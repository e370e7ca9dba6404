#version 330 core
// An image as a parallelogram: corners are the mapped (x0,y0) (x1,y0)
// (x0,y1) (x1,y1) of its rectangle, in pixels; y0 is the image's bottom.
uniform vec2 u_corners[4];
uniform vec2 u_viewport;
out vec2 v_uv;

void main()
{
    vec2 pos = u_corners[gl_VertexID];
    // Image rows are stored top-down: texture row 0 is the top edge.
    v_uv = vec2(float(gl_VertexID & 1), 1.0 - float(gl_VertexID >> 1));
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
