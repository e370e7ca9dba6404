#version 330 core
// Stencil pass of a fill: per quadratic (six vertices), a fan triangle
// (pivot, p0, p1) and the curve's hull triangle (p0, c, p1). Both add their
// orientation to the stencil; the fragment shader trims the hull triangle to
// the region between the chord and the curve (Loop-Blinn).
// The pivot is the record's path's (see edge.vert for the path table).
uniform samplerBuffer u_records; // 2 texels per quadratic: (p0, c) (p1, kind + (path << LR_RECORD_PATH_SHIFT), flags)
uniform samplerBuffer u_paths;
uniform int u_first;
uniform vec2 u_viewport;
out vec2 v_uv;

void main()
{
    int r = u_first + gl_VertexID / 6;
    vec4 a = texelFetch(u_records, 2 * r);
    vec4 b = texelFetch(u_records, 2 * r + 1);
    int path = int(b.z + 0.5) >> LR_RECORD_PATH_SHIFT;
    vec2 pivot = texelFetch(u_paths, LR_PATH_TEXELS * path + LR_PATH_STYLE).xy;
    int v = gl_VertexID % 6;
    vec2 pos;
    if (v < 3) {
        pos = v == 0 ? pivot : (v == 1 ? a.xy : b.xy);
        v_uv = vec2(0.0, 1.0); // always inside
    } else {
        pos = v == 3 ? a.xy : (v == 4 ? a.zw : b.xy);
        v_uv = v == 3 ? vec2(0.0, 0.0) : (v == 4 ? vec2(0.5, 0.0) : vec2(1.0, 1.0));
    }
    gl_Position = vec4(pos / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
