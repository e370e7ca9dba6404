#version 330 core
// The antialiased band of a silhouette or boundary edge: the pixels within
// half a pixel of it get the triangle's shaded colour at coverage 0.5 - d,
// d their signed distance to the edge (outward), as the 2D renderer's fill
// fringe; the triangles themselves stop half a pixel inside the edge.
flat in vec4 v_a;  // the edge line: unit normal (outward) and offset; w: lit
in vec3 v_bs;      // the point of the surface
in vec3 v_cs;      // its normal
flat in vec4 v_color; // straight alpha here, opacity applied
out vec4 o_color;

vec3 shade(vec3 rgb, vec3 pos, vec3 normal);

void main()
{
    float d = dot(v_a.xy, gl_FragCoord.xy) + v_a.z;
    if (d < -0.5 || d >= 0.5)
        discard;
    vec3 rgb = v_a.w > 0.5 ? shade(v_color.rgb, v_bs, v_cs) : v_color.rgb;
    float a = v_color.a * (0.5 - d);
    o_color = vec4(rgb * a, a);
}
