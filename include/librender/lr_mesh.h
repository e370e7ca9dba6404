/* librender: 3D geometry and the 3D camera.
 *
 * A mesh holds triangles (surfaces and solids), polylines and dots in 3D
 * scene space, Manim's: x right, y up, z out of the screen, in the same
 * units as the 2D scene (the frame is 8 units high). A mesh mobject
 * (lr_mobject_create_mesh) sits in the scene tree like a path: its
 * transform, opacity, visibility and z-index apply, the transform acting on
 * x and y (z is scaled by the square root of its determinant, so uniform
 * scales scale z too and rotations about z leave it alone).
 *
 * Every mesh of a frame is drawn together, depth-correct, through the
 * scene's 3D camera (lr_scene_set_camera3d), into a layer that takes the
 * place of the first mesh in the drawing order; paths and images draw
 * around it as they always do. Triangles are lit by a point light (Lambert)
 * unless the mesh is unlit; polylines and dots are never lit.
 * docs/three-d.md says how each part is drawn and what it costs.
 */
#ifndef LR_MESH_H
#define LR_MESH_H

#include "lr_scene.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_vec3 {
    float x, y, z;
} lr_vec3;

/* ---- the camera ---------------------------------------------------------- */

/* Manim's ThreeDCamera. Angles in radians. A point p is seen as
 * R (p - center) with R = Rz(gamma) Rx(-phi) Rz(-theta - 90 deg), then
 * x and y are multiplied by zoom * d / (d - z) (d the focal distance) and
 * land in the 2D frame, where the scene's 2D camera (lr_scene_set_camera)
 * maps them to pixels as it maps paths. The default, Manim's ThreeDScene
 * start (phi 0, theta -90 deg), is the 2D view: (x, y, 0) lands where the
 * 2D point (x, y) does. */
typedef struct lr_camera3d {
    float phi;            /* polar angle: from the z axis (0 looks down at the xy-plane) */
    float theta;          /* azimuth: about the z axis */
    float gamma;          /* about the line of sight */
    float zoom;           /* > 0 */
    float focal_distance; /* > 0: from the camera to `center`; larger is flatter */
    lr_vec3 center;       /* the point looked at (Manim's frame_center) */
    /* Where `center` is drawn in the 2D frame (default 0, 0, its middle):
     * the whole 3D view moved in the frame, e.g. beside a column of text.
     * Not Manim's (its ThreeDCamera always draws frame_center in the
     * middle). */
    lr_vec2 position;
    lr_vec3 light;        /* the point light's position */
    float ambient;        /* share of a lit colour that faces away from the light keep, 0..1 */
} lr_camera3d;

/* phi 0, theta -90 deg, gamma 0, zoom 1, focal distance 20, centre 0,
 * light at Manim's 9 DOWN + 7 LEFT + 10 OUT, ambient 0.35. */
LR_API lr_camera3d lr_camera3d_default(void);
/* Where p lands in the 2D frame (x, y, scene units, before the 2D camera;
 * `position` added)
 * and its height toward the camera (z: larger is nearer). Points at or
 * behind the camera (d - z <= 0) give non-finite x and y. */
LR_API lr_vec3 lr_camera3d_project(const lr_camera3d *cam, lr_vec3 p);
/* Where the camera is in the scene. */
LR_API lr_vec3 lr_camera3d_eye(const lr_camera3d *cam);
/* LR_ERR_INVALID_ARG (the camera unchanged) for a zoom or focal distance
 * that is not > 0, an ambient outside 0..1 or a value that is not finite. */
LR_API lr_status lr_scene_set_camera3d(lr_scene *scene, const lr_camera3d *cam);
LR_API lr_camera3d lr_scene_get_camera3d(const lr_scene *scene);

/* ---- meshes -------------------------------------------------------------- */

typedef struct lr_mesh lr_mesh;

LR_API lr_mesh *lr_mesh_create(void);
LR_API void lr_mesh_destroy(lr_mesh *mesh);

/* Vertices, shared by triangles; *first (may be NULL) gets the index of
 * the first one added. `normals` may be NULL: a vertex whose normal is
 * zero gets, when drawn, the area-weighted sum of the normals of the
 * triangles around it (a smooth surface). */
LR_API lr_status lr_mesh_add_vertices(lr_mesh *mesh, const lr_vec3 *points, const lr_vec3 *normals, size_t n,
                                      uint32_t *first);
/* Triangles of vertex indices (3 per triangle), each in its own colour
 * (straight RGBA; colors[i] for triangle i). Either side faces the
 * camera: surfaces are two-sided. LR_ERR_INVALID_ARG for an index past the
 * vertices, a non-finite colour. */
LR_API lr_status lr_mesh_add_triangles(lr_mesh *mesh, const uint32_t *indices, size_t ntriangles,
                                       const lr_color *colors);
/* A polyline through n >= 2 points, `width` scene units wide on screen
 * (Manim's stroke width 4 is 0.04), antialiased, hidden where triangles
 * are nearer. */
LR_API lr_status lr_mesh_add_polyline(lr_mesh *mesh, const lr_vec3 *points, size_t n, float width, lr_color color);
/* A disc of `radius` scene units facing the camera at `center` (its size
 * follows the perspective). */
LR_API lr_status lr_mesh_add_dot(lr_mesh *mesh, lr_vec3 center, float radius, lr_color color);
/* A grid surface: (nu + 1) x (nv + 1) points, row j = v index holding
 * points[j * (nu + 1) + i]; face (i, j) in face_colors[j * nu + i], two
 * triangles each, smooth normals from the grid. With line_width > 0 and
 * line_color's alpha > 0, the faces' sides are outlined (Manim's face
 * strokes), drawn on the faces themselves: hidden where they are. */
LR_API lr_status lr_mesh_add_grid(lr_mesh *mesh, const lr_vec3 *points, int nu, int nv, const lr_color *face_colors,
                                  float line_width, lr_color line_color);
/* Vertices that sit where an earlier vertex is (within `tolerance` scene
 * units) become one point with two normals: a crease, as along a cube's
 * edges or a cylinder's rim. The triangles on either side are then
 * neighbours: no outline is drawn along it unless it is a silhouette, and
 * each side keeps its own shading. For the vertices there are now; run it
 * again after adding more. LR_ERR_INVALID_ARG for a negative tolerance. */
LR_API lr_status lr_mesh_weld(lr_mesh *mesh, float tolerance);
/* Lit (default) or drawn in the triangles' own colours. */
LR_API void lr_mesh_set_lit(lr_mesh *mesh, bool lit);
LR_API size_t lr_mesh_vertex_count(const lr_mesh *mesh);
LR_API size_t lr_mesh_triangle_count(const lr_mesh *mesh);
LR_API size_t lr_mesh_polyline_count(const lr_mesh *mesh);
LR_API size_t lr_mesh_dot_count(const lr_mesh *mesh);
/* Bounds of the points (vertices, polyline points, dot centres). Empty
 * (x0 > x1) when there are none. */
LR_API void lr_mesh_bounds(const lr_mesh *mesh, lr_vec3 *lo, lr_vec3 *hi);

/* A mesh mobject; `mesh` is copied (NULL for an empty one). */
LR_API lr_mobject *lr_mobject_create_mesh(const lr_mesh *mesh);
/* The mesh of a mesh mobject (owned by it; edit it in place), else NULL. */
LR_API lr_mesh *lr_mobject_mesh(lr_mobject *m);
LR_API const lr_mesh *lr_mobject_mesh_const(const lr_mobject *m);

#ifdef __cplusplus
}
#endif
#endif
