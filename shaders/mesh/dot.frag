#version 330 core
// A disc facing the camera.
flat in vec4 v_a;     // centre in pixels, radius in pixels
flat in vec4 v_color; // premultiplied
uniform float u_min_coverage;
out vec4 o_color;

void main()
{
    float cov = clamp(v_a.z + 0.5 - length(gl_FragCoord.xy - v_a.xy), 0.0, 1.0);
    if (cov <= u_min_coverage)
        discard;
    o_color = v_color * cov;
}
