// The antialiased fringe of a fill: coverage from the distance d to the
// nearest edge, 0.5 - d for pixel centres outside the fill (u_sign -1) and
// 0.5 + d inside (u_sign +1). The stencil picks the pixels of each pass; the
// depth pass (colour writes off) stores d so that the nearest edge wins.
uniform float u_sign;

void main()
{
    vec2 p = gl_FragCoord.xy;
    vec2 A = v_a.xy, B = v_a.zw, C = v_b.xy;
    vec2 dt = quad_distance(p, A, B, C);
    float d = dt.x;
    // Beyond half a pixel the coverage is 0 outside and 1 inside, which the
    // cover pass gives.
    if (d > 0.5)
        discard;
    // Under nonzero, an edge inside the fill (winding 1 on one side, 2 on the
    // other) is no boundary: crossing it from winding w leads to w - 1 from
    // its left, w + 1 from its right. A pixel centre on the edge itself
    // counts as on the boundary.
    float t = dt.y;
    vec2 tangent = 2.0 * (B - A) + 2.0 * (A - 2.0 * B + C) * t;
    vec2 r = p - (A + (2.0 * (B - A) + (A - 2.0 * B + C) * t) * t);
    float side = tangent.x * r.y - tangent.y * r.x;
    bool boundary = v_winding == 0.0 || d < 1e-4 || (v_winding > 0.0 ? side > 0.0 : side < 0.0);
    // Ties go to edges that are no boundary: where two shapes of one batch
    // share an edge (opposite directions, same distance), the pixel is
    // inside their union, not on its rim.
    gl_FragDepth = slot_depth(d + (boundary ? 1.0 / 64.0 : 0.0));
    float cov = clamp(0.5 + u_sign * d, 0.0, 1.0);
    if (u_sign > 0.0 && !boundary)
        cov = 1.0;
    o_color = v_color * cov;
}
