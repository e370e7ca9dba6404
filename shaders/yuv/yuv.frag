// (After yuv/opaque.glsl or yuv/straight.glsl, which hold the #version line
// and say whether to straighten alpha.)
// The finished frame (premultiplied RGBA8, GL rows bottom-up) to 4:2:0
// BT.709 limited range, one output byte per fragment, with the integer
// arithmetic of librender/encode/convert.c, so the GPU and the CPU paths
// give the same bytes.
//
// The target is width x height*3/2 bytes, read back row 0 first:
//   rows 0 .. h-1        Y of image row r (image rows top-down)
//   rows h .. h+h/2-1    chroma row j: U in x < w/2, V in x >= w/2
//                        (u_nv12: U at even x, V at odd x, NV12's order)
uniform sampler2D u_frame;
uniform ivec2 u_size;         // the frame: w, h (both even)
uniform int u_nv12;
out vec4 o_color;

// RGB 0..255 at image pixel p (top-down rows).
ivec3 rgb_at(ivec2 p)
{
    vec4 c = texelFetch(u_frame, ivec2(p.x, u_size.y - 1 - p.y), 0);
    ivec4 v = ivec4(round(c * 255.0));
#if LR_STRAIGHTEN
    // A see-through background: straight alpha, as lr_context_read gives.
    // A separate program, because integer division is slow in llvmpipe
    // even on lanes that skip it.
    if (v.a > 0 && v.a < 255)
        v.rgb = min((v.rgb * 255 + v.a / 2) / v.a, ivec3(255));
#endif
    return v.rgb;
}

void main()
{
    ivec2 f = ivec2(gl_FragCoord.xy);
    int w = u_size.x, h = u_size.y;
    int value;
    if (f.y < h) {
        ivec3 c = rgb_at(f);
        value = (11966 * c.r + 40254 * c.g + 4064 * c.b + (16 << 16) + (1 << 15)) >> 16;
    } else {
        int j = f.y - h;
        bool is_v;
        int cx;
        if (u_nv12 != 0) {
            cx = f.x >> 1;
            is_v = (f.x & 1) == 1;
        } else {
            is_v = f.x >= w / 2;
            cx = is_v ? f.x - w / 2 : f.x;
        }
        ivec3 s = rgb_at(ivec2(2 * cx, 2 * j)) + rgb_at(ivec2(2 * cx + 1, 2 * j)) +
                  rgb_at(ivec2(2 * cx, 2 * j + 1)) + rgb_at(ivec2(2 * cx + 1, 2 * j + 1));
        // The sums are never negative: the offset of 128 outweighs the most
        // negative term.
        if (is_v)
            value = (28785 * s.r - 26145 * s.g - 2640 * s.b + (128 << 18) + (1 << 17)) >> 18;
        else
            value = (-6596 * s.r - 22189 * s.g + 28785 * s.b + (128 << 18) + (1 << 17)) >> 18;
    }
    o_color = vec4(float(value) / 255.0, 0.0, 0.0, 1.0);
}
