#version 330 core
in vec2 v_uv;

void main()
{
    // u^2 - v > 0 is the control point's side of the curve: not enclosed.
    if (v_uv.x * v_uv.x - v_uv.y > 0.0)
        discard;
}
