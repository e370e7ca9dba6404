// Lambert shading from a point light. Normals come turned to the side of
// their triangle that the eye sees (librender/gpu/mesh3d.c, oriented), so
// a surface is lit on both sides.
uniform vec3 u_light;
uniform float u_ambient;

vec3 shade(vec3 rgb, vec3 pos, vec3 normal)
{
    vec3 n = normalize(normal);
    float diffuse = max(dot(n, normalize(u_light - pos)), 0.0);
    return rgb * (u_ambient + (1.0 - u_ambient) * diffuse);
}
