#version 330 core
// The antialiased band of a silhouette or boundary edge: the pixels within
// half a pixel of it get the triangle's shaded colour at coverage 0.5 - d,
// d their signed distance to the edge (outward), as the 2D renderer's fill
// fringe; the triangles themselves stop half a pixel inside the edge.
// Along the edge the band fades out over the half pixel each side of its
// ends (a box filter across the end), so that it does not reach past a
// corner, and two edges meeting in a line add up to about one.
flat in vec4 v_a;  // the edge line: unit normal (outward) and offset; w: lit
flat in vec4 v_c;  // w: the edge's length in pixels
in vec3 v_bs;      // the point of the surface
in vec3 v_cs;      // its normal
in float v_along;  // pixels along the edge from its first end
flat in vec4 v_color; // straight alpha here, opacity applied
out vec4 o_color;

vec3 shade(vec3 rgb, vec3 pos, vec3 normal);

void main()
{
    float d = dot(v_a.xy, gl_FragCoord.xy) + v_a.z;
    if (d < -0.5 || d >= 0.5)
        discard;
    vec3 rgb = v_a.w > 0.5 ? shade(v_color.rgb, v_bs, v_cs) : v_color.rgb;
    float past = max(-v_along, v_along - v_c.w);
    float a = v_color.a * (0.5 - d) * clamp(0.5 - past, 0.0, 1.0);
    o_color = vec4(rgb * a, a);
}
