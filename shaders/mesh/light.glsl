// Lambert shading from a point light, on both sides of a surface: the
// normal is turned toward the eye first.
uniform vec3 u_light;
uniform vec3 u_eye;
uniform float u_ambient;

vec3 shade(vec3 rgb, vec3 pos, vec3 normal)
{
    vec3 n = normalize(normal);
    n = dot(n, u_eye - pos) < 0.0 ? -n : n;
    float diffuse = max(dot(n, normalize(u_light - pos)), 0.0);
    return rgb * (u_ambient + (1.0 - u_ambient) * diffuse);
}
