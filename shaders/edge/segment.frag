// Stroke segments (record kind 0): coverage clamp(w + 0.5 - d) from the
// distance d to the quadratic, cut at the ends as the record's flags say.
// With colour writes off this is the depth pass (depth = f(1 - coverage):
// each pixel keeps its largest coverage); then the colour pass blends the
// winner once (depth EQUAL, stencil marks ties).

float segment_coverage(vec2 p)
{
    float w = v_half_width;
    vec2 p0 = v_a.xy, c = v_a.zw, p1 = v_b.xy;
    vec2 dt = quad_distance(p, p0, c, p1);
    float cov = clamp(w + 0.5 - dt.x, 0.0, 1.0);
    float s0 = dot(p - p0, v_tangents.xy);
    float s1 = dot(p1 - p, v_tangents.zw);
    int flags = int(v_b.w + 0.5);
    int start_end = flags & 3, end_end = (flags >> 2) & 3;
    // End types: 0 meets a bevel or miter join: cut hard, exactly where
    // the join begins; 1 a butt cap: cut softly (antialiased); 2 round
    // (a round join or cap): not cut, the distance to the end point
    // rounds it.
    if (start_end == 1) {
        if (dt.y < 0.5)
            cov *= clamp(s0 + 0.5, 0.0, 1.0);
    } else if (start_end == 0 && dt.y <= 0.0 && s0 < 0.0) {
        cov = 0.0;
    }
    if (end_end == 1) {
        if (dt.y > 0.5)
            cov *= clamp(s1 + 0.5, 0.0, 1.0);
    } else if (end_end == 0 && dt.y >= 1.0 && s1 < 0.0) {
        cov = 0.0;
    }
    return cov;
}

void main()
{
    float cov = segment_coverage(gl_FragCoord.xy);
    if (cov < 1.0 / 512.0)
        discard;
    gl_FragDepth = slot_depth(1.0 - cov);
    o_color = v_color * cov;
}
