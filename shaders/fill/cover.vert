#version 330 core
// One rectangle per path of a batch (vertices 6i to 6i + 5: path
// u_first_path + i), as two triangles: texel u_box of the path's entry in the
// path table (LR_PATH_FILL_BOX or LR_PATH_STROKE_BOX; zero when the path has
// none), in the fill colour.
uniform samplerBuffer u_paths;
uniform int u_first_path;
uniform int u_box;
uniform vec2 u_viewport;
flat out vec4 v_color;

void main()
{
    int entry = LR_PATH_TEXELS * (u_first_path + gl_VertexID / 6);
    int v = gl_VertexID % 6;
    v = v < 3 ? v : v - 2;
    vec4 rect = texelFetch(u_paths, entry + u_box);
    v_color = texelFetch(u_paths, entry + LR_PATH_FILL_COLOR);
    vec2 corner = vec2(float(v & 1), float(v >> 1));
    vec2 pos = mix(rect.xy, rect.zw, corner);
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
