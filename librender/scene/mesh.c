/* 3D geometry (lr_mesh.h): meshes as plain arrays, and the camera's
 * projection, written as Manim's ThreeDCamera.project_points so that the
 * GPU's vertex shader (shaders/mesh/project.glsl) and this agree. */
#include "scene/scene_internal.h"
#include "core/grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI_F 3.14159265358979323846f

/* ---- the camera ------------------------------------------------------------ */

lr_camera3d lr_camera3d_default(void)
{
    return (lr_camera3d){
        .phi = 0.0f,
        .theta = -PI_F / 2.0f,
        .gamma = 0.0f,
        .zoom = 1.0f,
        .focal_distance = 20.0f,
        .center = {0, 0, 0},
        .light = {-7.0f, -9.0f, 10.0f},
        .ambient = 0.35f,
    };
}

static void mat3_mul(const float a[9], const float b[9], float out[9])
{
    float r[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
    memcpy(out, r, sizeof r);
}

/* Manim's generate_rotation_matrix: Rz(gamma) . Rx(-phi) . Rz(-theta - 90 deg). */
void lr_camera3d_rotation(const lr_camera3d *cam, float r[9])
{
    float a = -cam->theta - PI_F / 2.0f, ca = cosf(a), sa = sinf(a);
    float cp = cosf(-cam->phi), sp = sinf(-cam->phi);
    float cg = cosf(cam->gamma), sg = sinf(cam->gamma);
    const float rz_theta[9] = {ca, -sa, 0, sa, ca, 0, 0, 0, 1};
    const float rx_phi[9] = {1, 0, 0, 0, cp, -sp, 0, sp, cp};
    const float rz_gamma[9] = {cg, -sg, 0, sg, cg, 0, 0, 0, 1};
    float t[9];
    mat3_mul(rx_phi, rz_theta, t);
    mat3_mul(rz_gamma, t, r);
}

lr_vec3 lr_camera3d_project(const lr_camera3d *cam, lr_vec3 p)
{
    float r[9];
    lr_camera3d_rotation(cam, r);
    float x = p.x - cam->center.x, y = p.y - cam->center.y, z = p.z - cam->center.z;
    lr_vec3 q = {r[0] * x + r[1] * y + r[2] * z, r[3] * x + r[4] * y + r[5] * z, r[6] * x + r[7] * y + r[8] * z};
    float d = cam->focal_distance;
    float e = d - q.z;
    if (!(e > 0.0f))
        return (lr_vec3){INFINITY, INFINITY, q.z};
    float f = cam->zoom * d / e;
    return (lr_vec3){q.x * f + cam->position.x, q.y * f + cam->position.y, q.z};
}

lr_vec3 lr_camera3d_eye(const lr_camera3d *cam)
{
    /* R is orthonormal: the eye, at (0, 0, d) in view space, is R^T (0, 0, d). */
    float r[9];
    lr_camera3d_rotation(cam, r);
    float d = cam->focal_distance;
    return (lr_vec3){cam->center.x + r[6] * d, cam->center.y + r[7] * d, cam->center.z + r[8] * d};
}

static bool finite3(lr_vec3 v) { return isfinite(v.x) && isfinite(v.y) && isfinite(v.z); }

lr_status lr_scene_set_camera3d(lr_scene *scene, const lr_camera3d *cam)
{
    if (!scene || !cam)
        return LR_ERR_INVALID_ARG;
    bool ok = isfinite(cam->phi) && isfinite(cam->theta) && isfinite(cam->gamma) && cam->zoom > 0.0f &&
              isfinite(cam->zoom) && cam->focal_distance > 0.0f && isfinite(cam->focal_distance) &&
              finite3(cam->center) && finite3(cam->light) && cam->ambient >= 0.0f && cam->ambient <= 1.0f &&
              isfinite(cam->position.x) && isfinite(cam->position.y);
    if (!ok)
        return LR_ERR_INVALID_ARG;
    scene->camera3d = *cam;
    return LR_OK;
}

lr_camera3d lr_scene_get_camera3d(const lr_scene *scene) { return scene->camera3d; }

/* ---- 3D affine maps ---------------------------------------------------------- */

lr_map3 lr_map3_identity(void) { return (lr_map3){{1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0}}; }

lr_map3 lr_map3_of_affine(lr_affine t)
{
    float zs = sqrtf(fabsf(t.a * t.d - t.b * t.c));
    return (lr_map3){{t.a, t.c, 0, t.e, t.b, t.d, 0, t.f, 0, 0, zs, 0}};
}

lr_map3 lr_map3_then(lr_map3 first, lr_map3 then)
{
    const float *a = then.m, *b = first.m;
    lr_map3 r;
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++)
            r.m[4 * i + j] = a[4 * i] * b[j] + a[4 * i + 1] * b[4 + j] + a[4 * i + 2] * b[8 + j];
        r.m[4 * i + 3] += a[4 * i + 3];
    }
    return r;
}

/* The cofactors of the linear part: C[i][j], row-major. */
static void cofactors(const float *m, float c[9])
{
#define L(i, j) m[4 * (i) + (j)]
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) {
            int i1 = (i + 1) % 3, i2 = (i + 2) % 3, j1 = (j + 1) % 3, j2 = (j + 2) % 3;
            c[3 * i + j] = L(i1, j1) * L(i2, j2) - L(i1, j2) * L(i2, j1);
        }
#undef L
}

static float det3(const float *m, const float c[9]) { return m[0] * c[0] + m[1] * c[1] + m[2] * c[2]; }

bool lr_map3_invert(lr_map3 a, lr_map3 *out)
{
    float c[9];
    cofactors(a.m, c);
    float det = det3(a.m, c);
    if (!(fabsf(det) > 1e-12f) || !isfinite(det))
        return false;
    lr_map3 r;
    /* The inverse is the transposed cofactors over the determinant. */
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            r.m[4 * i + j] = c[3 * j + i] / det;
    for (int i = 0; i < 3; i++)
        r.m[4 * i + 3] = -(r.m[4 * i] * a.m[3] + r.m[4 * i + 1] * a.m[7] + r.m[4 * i + 2] * a.m[11]);
    *out = r;
    return true;
}

lr_vec3 lr_map3_point(const lr_map3 *a, lr_vec3 p)
{
    const float *m = a->m;
    return (lr_vec3){m[0] * p.x + m[1] * p.y + m[2] * p.z + m[3], m[4] * p.x + m[5] * p.y + m[6] * p.z + m[7],
                     m[8] * p.x + m[9] * p.y + m[10] * p.z + m[11]};
}

lr_map3 lr_map3_normals(const lr_map3 *a)
{
    float c[9];
    cofactors(a->m, c);
    return (lr_map3){{c[0], c[1], c[2], 0, c[3], c[4], c[5], 0, c[6], c[7], c[8], 0}};
}

float lr_map3_scale(const lr_map3 *a)
{
    float c[9];
    cofactors(a->m, c);
    return cbrtf(fabsf(det3(a->m, c)));
}

lr_map3 lr_mesh_to_scene(const lr_mobject *m, lr_affine to_scene)
{
    return lr_map3_then(m->transform3, lr_map3_of_affine(to_scene));
}

/* ---- meshes ---------------------------------------------------------------- */

lr_mesh *lr_mesh_create(void) { return calloc(1, sizeof(lr_mesh)); }

void lr_mesh_destroy(lr_mesh *m)
{
    if (!m)
        return;
    free(m->points);
    free(m->normals);
    free(m->indices);
    free(m->colors);
    free(m->edges);
    free(m->line_points);
    free(m->lines);
    free(m->dots);
    free(m->twin);
    free(m);
}

/* Room for `more` items after `count` in each of the arrays sharing `cap`. */
static bool reserve(void **a, void **b, size_t elem_a, size_t elem_b, size_t *cap, size_t count, size_t more)
{
    if (more > UINT32_MAX - count)
        return false;
    size_t need = count + more;
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *na = realloc(*a, n * elem_a);
    if (!na)
        return false;
    *a = na;
    if (b) {
        void *nb = realloc(*b, n * elem_b);
        if (!nb)
            return false; /* *a is larger than needed, which is harmless */
        *b = nb;
    }
    *cap = n;
    return true;
}

static bool finite_color(lr_color c) { return isfinite(c.r) && isfinite(c.g) && isfinite(c.b) && isfinite(c.a); }

lr_status lr_mesh_add_vertices(lr_mesh *m, const lr_vec3 *points, const lr_vec3 *normals, size_t n, uint32_t *first)
{
    if (!m || (!points && n))
        return LR_ERR_INVALID_ARG;
    for (size_t i = 0; i < n; i++)
        if (!finite3(points[i]) || (normals && !finite3(normals[i])))
            return LR_ERR_INVALID_ARG;
    if (!reserve((void **)&m->points, (void **)&m->normals, sizeof *m->points, sizeof *m->normals, &m->cap_verts,
                 m->nverts, n))
        return LR_ERR_NOMEM;
    if (m->twin) {
        uint32_t *tw = realloc(m->twin, m->cap_verts * sizeof *tw);
        if (!tw)
            return LR_ERR_NOMEM;
        m->twin = tw;
        for (size_t i = 0; i < n; i++)
            tw[m->nverts + i] = m->nverts + (uint32_t)i; /* each its own until welded */
    }
    if (first)
        *first = m->nverts;
    if (n == 0)
        return LR_OK;
    memcpy(m->points + m->nverts, points, n * sizeof *points);
    if (normals)
        memcpy(m->normals + m->nverts, normals, n * sizeof *normals);
    else
        memset(m->normals + m->nverts, 0, n * sizeof *m->normals);
    m->nverts += (uint32_t)n;
    return LR_OK;
}

lr_status lr_mesh_add_triangles(lr_mesh *m, const uint32_t *indices, size_t n, const lr_color *colors)
{
    if (!m || (n && (!indices || !colors)))
        return LR_ERR_INVALID_ARG;
    for (size_t i = 0; i < 3 * n; i++)
        if (indices[i] >= m->nverts)
            return LR_ERR_INVALID_ARG;
    for (size_t i = 0; i < n; i++)
        if (!finite_color(colors[i]))
            return LR_ERR_INVALID_ARG;
    if (n == 0)
        return LR_OK;
    if (n > UINT32_MAX / 3 ||
        !reserve((void **)&m->colors, NULL, sizeof *m->colors, 0, &m->cap_tris, m->ntris, n))
        return LR_ERR_NOMEM;
    /* The index array follows the colours' capacity, three to a triangle. */
    uint32_t *idx = realloc(m->indices, m->cap_tris * 3 * sizeof *idx);
    if (!idx)
        return LR_ERR_NOMEM;
    m->indices = idx;
    if (m->edges) {
        lr_mesh_edges *e = realloc(m->edges, m->cap_tris * sizeof *e);
        if (!e)
            return LR_ERR_NOMEM;
        m->edges = e;
        memset(m->edges + m->ntris, 0, n * sizeof *e);
    }
    memcpy(m->indices + 3 * (size_t)m->ntris, indices, 3 * n * sizeof *indices);
    memcpy(m->colors + m->ntris, colors, n * sizeof *colors);
    m->ntris += (uint32_t)n;
    return LR_OK;
}

lr_status lr_mesh_add_polyline(lr_mesh *m, const lr_vec3 *points, size_t n, float width, lr_color color)
{
    if (!m || !points || n < 2 || !(width > 0.0f) || !isfinite(width) || !finite_color(color))
        return LR_ERR_INVALID_ARG;
    for (size_t i = 0; i < n; i++)
        if (!finite3(points[i]))
            return LR_ERR_INVALID_ARG;
    if (!reserve((void **)&m->line_points, NULL, sizeof *m->line_points, 0, &m->cap_line_points, m->nline_points, n))
        return LR_ERR_NOMEM;
    lr_mesh_line *lines = lr_grow(m->lines, &m->cap_lines, m->nlines, sizeof *lines, 8);
    if (!lines)
        return LR_ERR_NOMEM;
    m->lines = lines;
    m->lines[m->nlines++] = (lr_mesh_line){m->nline_points, (uint32_t)n, width, color};
    memcpy(m->line_points + m->nline_points, points, n * sizeof *points);
    m->nline_points += (uint32_t)n;
    return LR_OK;
}

lr_status lr_mesh_add_dot(lr_mesh *m, lr_vec3 center, float radius, lr_color color)
{
    if (!m || !finite3(center) || !(radius > 0.0f) || !isfinite(radius) || !finite_color(color))
        return LR_ERR_INVALID_ARG;
    lr_mesh_dot *dots = lr_grow(m->dots, &m->cap_dots, m->ndots, sizeof *dots, 8);
    if (!dots)
        return LR_ERR_NOMEM;
    m->dots = dots;
    m->dots[m->ndots++] = (lr_mesh_dot){center, radius, color};
    return LR_OK;
}

static lr_vec3 sub3(lr_vec3 a, lr_vec3 b) { return (lr_vec3){a.x - b.x, a.y - b.y, a.z - b.z}; }

static lr_vec3 cross3(lr_vec3 a, lr_vec3 b)
{
    return (lr_vec3){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}

static float dist3(lr_vec3 a, lr_vec3 b)
{
    lr_vec3 d = sub3(a, b);
    return sqrtf(d.x * d.x + d.y * d.y + d.z * d.z);
}

/* How a grid's points become vertices: a grid that closes on itself (a
 * sphere's seam, where u = 2 pi meets u = 0) and rows that shrink to a point
 * (its poles) share vertices, so that normals and outlines (the renderer
 * finds neighbours by shared vertices) run on across them. */
typedef struct grid_shape {
    size_t cols, rows;
    bool wrap_u, wrap_v;
    bool *pole; /* per row: all its points are one */
} grid_shape;

static void grid_shape_of(grid_shape *g, const lr_vec3 *pts)
{
    lr_vec3 lo = {INFINITY, INFINITY, INFINITY}, hi = {-INFINITY, -INFINITY, -INFINITY};
    size_t n = g->cols * g->rows;
    for (size_t i = 0; i < n; i++) {
        lo = (lr_vec3){fminf(lo.x, pts[i].x), fminf(lo.y, pts[i].y), fminf(lo.z, pts[i].z)};
        hi = (lr_vec3){fmaxf(hi.x, pts[i].x), fmaxf(hi.y, pts[i].y), fmaxf(hi.z, pts[i].z)};
    }
    float eps = 1e-5f * fmaxf(dist3(lo, hi), 1e-6f);
    g->wrap_u = g->cols > 2;
    for (size_t j = 0; j < g->rows && g->wrap_u; j++)
        g->wrap_u = dist3(pts[j * g->cols], pts[j * g->cols + g->cols - 1]) <= eps;
    g->wrap_v = g->rows > 2;
    for (size_t i = 0; i < g->cols && g->wrap_v; i++)
        g->wrap_v = dist3(pts[i], pts[(g->rows - 1) * g->cols + i]) <= eps;
    for (size_t j = 0; j < g->rows; j++) {
        g->pole[j] = true;
        for (size_t i = 1; i < g->cols && g->pole[j]; i++)
            g->pole[j] = dist3(pts[j * g->cols], pts[j * g->cols + i]) <= eps;
    }
}

/* The vertex of grid point (i, j): -1 when it is another point's. */
static long grid_own(const grid_shape *g, size_t i, size_t j)
{
    if ((g->wrap_u && i == g->cols - 1) || (g->wrap_v && j == g->rows - 1) || (g->pole[j] && i > 0))
        return -1;
    return (long)(j * g->cols + i);
}

/* The grid point whose vertex (i, j) uses. */
static size_t grid_home(const grid_shape *g, size_t i, size_t j)
{
    if (g->wrap_u && i == g->cols - 1)
        i = 0;
    if (g->wrap_v && j == g->rows - 1)
        j = 0;
    if (g->pole[j])
        i = 0;
    return j * g->cols + i;
}

lr_status lr_mesh_add_grid(lr_mesh *m, const lr_vec3 *points, int nu, int nv, const lr_color *face_colors,
                           float line_width, lr_color line_color)
{
    if (!m || !points || !face_colors || nu < 1 || nv < 1 || nu > 4096 || nv > 4096)
        return LR_ERR_INVALID_ARG;
    size_t cols = (size_t)nu + 1, rows = (size_t)nv + 1, n = cols * rows;
    for (size_t i = 0; i < n; i++)
        if (!finite3(points[i]))
            return LR_ERR_INVALID_ARG;
    grid_shape g = {cols, rows, false, false, calloc(rows, sizeof(bool))};
    uint32_t *vertex = malloc(n * sizeof *vertex); /* grid point -> vertex index */
    lr_vec3 *own = malloc(n * sizeof *own), *normals = malloc(n * sizeof *normals);
    uint32_t *idx = malloc((size_t)nu * (size_t)nv * 6 * sizeof *idx);
    lr_color *colors = malloc((size_t)nu * (size_t)nv * 2 * sizeof *colors);
    lr_status s = g.pole && vertex && own && normals && idx && colors ? LR_OK : LR_ERR_NOMEM;
    if (s == LR_OK)
        grid_shape_of(&g, points);
    /* Normals from central differences of the grid (one-sided at its
     * edges, across the seam where it closes): a smooth surface even where
     * triangles are long and thin. Zero at a pole: computed from the
     * triangles around it when drawn. */
    uint32_t count = 0;
    for (size_t j = 0; s == LR_OK && j < rows; j++)
        for (size_t i = 0; i < cols; i++) {
            if (grid_own(&g, i, j) < 0)
                continue;
            size_t ip = i + 1 < cols ? i + 1 : g.wrap_u ? 1 : i, im = i > 0 ? i - 1 : g.wrap_u ? cols - 2 : i;
            size_t jp = j + 1 < rows ? j + 1 : g.wrap_v ? 1 : j, jm = j > 0 ? j - 1 : g.wrap_v ? rows - 2 : j;
            lr_vec3 du = sub3(points[j * cols + ip], points[j * cols + im]);
            lr_vec3 dv = sub3(points[jp * cols + i], points[jm * cols + i]);
            own[count] = points[j * cols + i];
            normals[count] = g.pole[j] ? (lr_vec3){0, 0, 0} : cross3(du, dv);
            vertex[j * cols + i] = count++;
        }
    uint32_t base = 0;
    if (s == LR_OK)
        s = lr_mesh_add_vertices(m, own, normals, count, &base);
    /* A point's home comes before it: shared vertices are known by then. */
    for (size_t k = 0; s == LR_OK && k < n; k++)
        vertex[k] = grid_own(&g, k % cols, k / cols) >= 0 ? base + vertex[k] : vertex[grid_home(&g, k % cols, k / cols)];
    for (size_t j = 0; s == LR_OK && j < (size_t)nv; j++)
        for (size_t i = 0; i < (size_t)nu; i++) {
            uint32_t a = vertex[j * cols + i], b = vertex[j * cols + i + 1], c = vertex[(j + 1) * cols + i],
                     d = vertex[(j + 1) * cols + i + 1];
            size_t f = j * (size_t)nu + i;
            uint32_t *t = idx + 6 * f;
            t[0] = a, t[1] = b, t[2] = d, t[3] = a, t[4] = d, t[5] = c;
            colors[2 * f] = colors[2 * f + 1] = face_colors[f];
        }
    uint32_t first_tri = m->ntris;
    if (s == LR_OK)
        s = lr_mesh_add_triangles(m, idx, (size_t)nu * (size_t)nv * 2, colors);
    if (s == LR_OK && line_width > 0.0f && line_color.a > 0.0f && isfinite(line_width) && finite_color(line_color)) {
        if (!m->edges) {
            m->edges = calloc(m->cap_tris, sizeof *m->edges);
            if (!m->edges)
                s = LR_ERR_NOMEM;
        }
        /* The faces' sides, not the diagonals: (a, b, d) has a-b and b-d,
         * (a, d, c) has d-c and c-a. */
        for (uint32_t t = first_tri; s == LR_OK && t < m->ntris; t++)
            m->edges[t] = (lr_mesh_edges){(t - first_tri) % 2 ? 0x6 : 0x3, line_width, line_color};
    }
    free(g.pole);
    free(vertex);
    free(own);
    free(normals);
    free(idx);
    free(colors);
    return s;
}

typedef struct weld_key {
    float x;
    uint32_t index;
} weld_key;

static int weld_cmp(const void *a, const void *b)
{
    const weld_key *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return p->index < q->index ? -1 : p->index > q->index;
}

static uint32_t weld_root(uint32_t *tw, uint32_t i)
{
    while (tw[i] != i) {
        tw[i] = tw[tw[i]]; /* halves the path */
        i = tw[i];
    }
    return i;
}

lr_status lr_mesh_weld(lr_mesh *m, float tolerance)
{
    if (!m || !(tolerance >= 0.0f) || !isfinite(tolerance))
        return LR_ERR_INVALID_ARG;
    uint32_t n = m->nverts;
    if (n == 0)
        return LR_OK;
    weld_key *keys = malloc(n * sizeof *keys);
    uint32_t *tw = m->twin ? m->twin : malloc(m->cap_verts * sizeof *tw);
    if (!keys || !tw) {
        free(keys);
        if (tw != m->twin)
            free(tw);
        return LR_ERR_NOMEM;
    }
    m->twin = tw;
    for (uint32_t i = 0; i < n; i++) {
        keys[i] = (weld_key){m->points[i].x, i};
        tw[i] = i;
    }
    /* Sorted by x, each vertex looks back over those within the tolerance
     * in x; vertices at one place join one set (union-find), whose
     * earliest vertex they all name. */
    qsort(keys, n, sizeof *keys, weld_cmp);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = keys[k].index;
        for (uint32_t q = k; q-- > 0 && keys[k].x - keys[q].x <= tolerance;) {
            uint32_t j = keys[q].index;
            if (dist3(m->points[i], m->points[j]) > tolerance)
                continue;
            uint32_t ri = weld_root(tw, i), rj = weld_root(tw, j);
            if (ri < rj)
                tw[rj] = ri;
            else
                tw[ri] = rj;
        }
    }
    for (uint32_t i = 0; i < n; i++)
        tw[i] = weld_root(tw, i);
    free(keys);
    return LR_OK;
}

void lr_mesh_set_lit(lr_mesh *m, bool lit)
{
    if (m)
        m->unlit = !lit;
}

size_t lr_mesh_vertex_count(const lr_mesh *m) { return m ? m->nverts : 0; }
size_t lr_mesh_triangle_count(const lr_mesh *m) { return m ? m->ntris : 0; }
size_t lr_mesh_polyline_count(const lr_mesh *m) { return m ? m->nlines : 0; }
size_t lr_mesh_dot_count(const lr_mesh *m) { return m ? m->ndots : 0; }

static void grow_box(lr_vec3 *lo, lr_vec3 *hi, lr_vec3 p)
{
    lo->x = fminf(lo->x, p.x);
    lo->y = fminf(lo->y, p.y);
    lo->z = fminf(lo->z, p.z);
    hi->x = fmaxf(hi->x, p.x);
    hi->y = fmaxf(hi->y, p.y);
    hi->z = fmaxf(hi->z, p.z);
}

void lr_mesh_bounds(const lr_mesh *m, lr_vec3 *lo, lr_vec3 *hi)
{
    lr_vec3 a = {INFINITY, INFINITY, INFINITY}, b = {-INFINITY, -INFINITY, -INFINITY};
    for (uint32_t i = 0; m && i < m->nverts; i++)
        grow_box(&a, &b, m->points[i]);
    for (uint32_t i = 0; m && i < m->nline_points; i++)
        grow_box(&a, &b, m->line_points[i]);
    for (size_t i = 0; m && i < m->ndots; i++) {
        lr_vec3 c = m->dots[i].center;
        float r = m->dots[i].radius;
        grow_box(&a, &b, (lr_vec3){c.x - r, c.y - r, c.z - r});
        grow_box(&a, &b, (lr_vec3){c.x + r, c.y + r, c.z + r});
    }
    if (lo)
        *lo = a;
    if (hi)
        *hi = b;
}

static void *dup(const void *src, size_t bytes, bool *ok)
{
    if (!bytes || !src)
        return NULL;
    void *p = malloc(bytes);
    if (p)
        memcpy(p, src, bytes);
    else
        *ok = false;
    return p;
}

lr_mesh *lr_mesh_clone(const lr_mesh *src)
{
    lr_mesh *m = lr_mesh_create();
    if (!m || !src)
        return m;
    bool ok = true;
    m->points = dup(src->points, src->nverts * sizeof *src->points, &ok);
    m->normals = dup(src->normals, src->nverts * sizeof *src->normals, &ok);
    m->nverts = src->nverts;
    m->cap_verts = src->nverts;
    m->indices = dup(src->indices, 3 * (size_t)src->ntris * sizeof *src->indices, &ok);
    m->colors = dup(src->colors, src->ntris * sizeof *src->colors, &ok);
    m->edges = dup(src->edges, src->ntris * sizeof *src->edges, &ok);
    m->ntris = src->ntris;
    m->cap_tris = src->ntris;
    m->line_points = dup(src->line_points, src->nline_points * sizeof *src->line_points, &ok);
    m->nline_points = src->nline_points;
    m->cap_line_points = src->nline_points;
    m->lines = dup(src->lines, src->nlines * sizeof *src->lines, &ok);
    m->nlines = m->cap_lines = src->nlines;
    m->dots = dup(src->dots, src->ndots * sizeof *src->dots, &ok);
    m->ndots = m->cap_dots = src->ndots;
    m->twin = dup(src->twin, src->nverts * sizeof *src->twin, &ok);
    m->unlit = src->unlit;
    if (!ok) {
        lr_mesh_destroy(m);
        return NULL;
    }
    return m;
}

/* dst's array of n items of `elem` bytes, at least *cap long (the larger
 * of the two is kept, so later copies of smaller meshes do not shrink it). */
static bool fit(void **dst, size_t n, size_t cap, size_t elem)
{
    if (!n || !cap)
        return true;
    void *p = realloc(*dst, cap * elem);
    if (!p)
        return false;
    *dst = p;
    return true;
}

lr_status lr_mesh_copy(lr_mesh *dst, const lr_mesh *src)
{
    if (!dst || !src)
        return LR_ERR_INVALID_ARG;
    if (dst == src)
        return LR_OK;
    size_t cv = dst->cap_verts > src->nverts ? dst->cap_verts : src->nverts;
    size_t ct = dst->cap_tris > src->ntris ? dst->cap_tris : src->ntris;
    size_t cl = dst->cap_line_points > src->nline_points ? dst->cap_line_points : src->nline_points;
    size_t cn = dst->cap_lines > src->nlines ? dst->cap_lines : src->nlines;
    size_t cd = dst->cap_dots > src->ndots ? dst->cap_dots : src->ndots;
    /* Arrays sharing a capacity (points, normals and twins; colours,
     * indices and edges) are all grown to it, as the add functions expect. */
    bool ok = fit((void **)&dst->points, src->nverts, cv, sizeof *dst->points) &&
              fit((void **)&dst->normals, src->nverts, cv, sizeof *dst->normals) &&
              (!src->twin || fit((void **)&dst->twin, src->nverts, cv, sizeof *dst->twin)) &&
              fit((void **)&dst->colors, src->ntris, ct, sizeof *dst->colors) &&
              fit((void **)&dst->indices, src->ntris, 3 * ct, sizeof *dst->indices) &&
              (!src->edges || fit((void **)&dst->edges, src->ntris, ct, sizeof *dst->edges)) &&
              fit((void **)&dst->line_points, src->nline_points, cl, sizeof *dst->line_points) &&
              fit((void **)&dst->lines, src->nlines, cn, sizeof *dst->lines) &&
              fit((void **)&dst->dots, src->ndots, cd, sizeof *dst->dots);
    if (!ok)
        return LR_ERR_NOMEM;
    if (src->nverts)
        dst->cap_verts = cv;
    if (src->ntris)
        dst->cap_tris = ct;
    if (src->nline_points)
        dst->cap_line_points = cl;
    if (src->nlines)
        dst->cap_lines = cn;
    if (src->ndots)
        dst->cap_dots = cd;
    if (!src->twin || !src->nverts) {
        free(dst->twin);
        dst->twin = NULL;
    }
    if (!src->edges || !src->ntris) {
        free(dst->edges);
        dst->edges = NULL;
    }
    if (src->nverts) {
        memcpy(dst->points, src->points, src->nverts * sizeof *src->points);
        memcpy(dst->normals, src->normals, src->nverts * sizeof *src->normals);
        if (src->twin)
            memcpy(dst->twin, src->twin, src->nverts * sizeof *src->twin);
    }
    if (src->ntris) {
        memcpy(dst->colors, src->colors, src->ntris * sizeof *src->colors);
        memcpy(dst->indices, src->indices, 3 * (size_t)src->ntris * sizeof *src->indices);
        if (src->edges)
            memcpy(dst->edges, src->edges, src->ntris * sizeof *src->edges);
    }
    if (src->nline_points)
        memcpy(dst->line_points, src->line_points, src->nline_points * sizeof *src->line_points);
    if (src->nlines)
        memcpy(dst->lines, src->lines, src->nlines * sizeof *src->lines);
    if (src->ndots)
        memcpy(dst->dots, src->dots, src->ndots * sizeof *src->dots);
    dst->nverts = src->nverts;
    dst->ntris = src->ntris;
    dst->nline_points = src->nline_points;
    dst->nlines = src->nlines;
    dst->ndots = src->ndots;
    dst->unlit = src->unlit;
    return LR_OK;
}

/* ---- where a subtree is in the frame ------------------------------------------- */

bool lr_mobject_holds_mesh(const lr_mobject *m)
{
    if (m->kind == LR_MOBJECT_MESH)
        return true;
    for (size_t i = 0; i < m->nchildren; i++)
        if (lr_mobject_holds_mesh(m->children[i]))
            return true;
    return false;
}

static lr_rect add3_projected(lr_rect r, const lr_camera3d *cam, const lr_map3 *t, lr_vec3 p)
{
    lr_vec3 q = lr_camera3d_project(cam, lr_map3_point(t, p));
    return isfinite(q.x) && isfinite(q.y) ? lr_rect_add_point(r, (lr_vec2){q.x, q.y}) : r;
}

static lr_rect frame_bounds_in(const lr_scene *scene, const lr_mobject *m, lr_affine to_scene)
{
    lr_affine own = lr_affine_then(m->transform, to_scene);
    if (m->kind == LR_MOBJECT_MESH && m->mesh) {
        const lr_mesh *me = m->mesh;
        const lr_camera3d *cam = &scene->camera3d;
        lr_map3 t = lr_mesh_to_scene(m, own);
        float zs = lr_map3_scale(&t);
        lr_rect r = lr_rect_empty();
        for (uint32_t i = 0; i < me->nverts; i++)
            r = add3_projected(r, cam, &t, me->points[i]);
        for (uint32_t i = 0; i < me->nline_points; i++)
            r = add3_projected(r, cam, &t, me->line_points[i]);
        for (size_t i = 0; i < me->ndots; i++) {
            /* The disc faces the camera: its centre's image, grown by its radius. */
            lr_vec3 c = lr_map3_point(&t, me->dots[i].center);
            float d = me->dots[i].radius * zs;
            lr_map3 id = lr_map3_identity();
            r = add3_projected(r, cam, &id, (lr_vec3){c.x - d, c.y - d, c.z});
            r = add3_projected(r, cam, &id, (lr_vec3){c.x + d, c.y + d, c.z});
        }
        return r;
    }
    if (m->kind != LR_MOBJECT_GROUP) {
        lr_rect b = lr_mobject_bounds(m); /* in its parent's space */
        return lr_rect_is_empty(b) ? b : lr_rect_transform(b, to_scene);
    }
    lr_rect r = lr_rect_empty();
    for (size_t i = 0; i < m->nchildren; i++)
        r = lr_rect_union(r, frame_bounds_in(scene, m->children[i], own));
    return r;
}

lr_rect lr_mobject_frame_bounds(const lr_scene *scene, const lr_mobject *m)
{
    lr_affine parent = m->parent ? lr_mobject_world_transform(m->parent) : lr_affine_identity();
    return frame_bounds_in(scene, m, parent);
}
