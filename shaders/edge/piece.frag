// Stroke joins and caps (the record kinds after LR_KIND_SEGMENT), drawn with the segments'
// depth and colour passes (see segment.frag).

float piece_coverage(vec2 p)
{
    float w = v_half_width;
    int kind = int(v_b.z + 0.5);
    vec2 rel = p - v_a.xy;
    if (kind == LR_KIND_CAP_ROUND) // of a lone point
        return clamp(w + 0.5 - length(rel), 0.0, 1.0);
    if (kind == LR_KIND_CAP_SQUARE) {
        vec2 dir = v_a.zw;
        vec2 nrm = vec2(-dir.y, dir.x);
        return clamp(w + 0.5 - abs(dot(rel, dir)), 0.0, 1.0) * clamp(w + 0.5 - abs(dot(rel, nrm)), 0.0, 1.0);
    }
    // Bevel and miter fill the wedge on the outer side of the turn, between
    // the end of the incoming segment and the start of the outgoing one.
    vec2 a = v_a.zw, b = v_b.xy;
    if (dot(rel, a) < 0.0 || dot(rel, b) > 0.0)
        return 0.0;
    float sg = (a.x * b.y - a.y * b.x) >= 0.0 ? -1.0 : 1.0;
    vec2 na = sg * vec2(-a.y, a.x), nb = sg * vec2(-b.y, b.x);
    vec2 m = safe_normalize(na + nb, a);
    if (dot(rel, m) < 0.0)
        return 0.0;
    float cov = min(clamp(w + 0.5 - dot(rel, na), 0.0, 1.0), clamp(w + 0.5 - dot(rel, nb), 0.0, 1.0));
    if (kind == LR_KIND_JOIN_BEVEL)
        cov = min(cov, clamp(w * dot(na, m) + 0.5 - dot(rel, m), 0.0, 1.0));
    return cov;
}

void main()
{
    float cov = piece_coverage(gl_FragCoord.xy);
    if (cov < 1.0 / 512.0)
        discard;
    gl_FragDepth = slot_depth(1.0 - cov);
    o_color = v_color * cov;
}
