/* The 3D layer: every mesh of a frame (lr_mesh.h) drawn with a depth
 * buffer into a target of its own, then laid over the frame at the place
 * of the first mesh in the drawing order. docs/three-d.md has the design
 * and the figures.
 *
 * Triangles are projected on the GPU (shaders/mesh/tri.vert) and lit there;
 * polylines, dots and the antialiased outsides of silhouette edges are laid
 * out on the CPU as screen-space quads with their perspective depth
 * (shaders/mesh/quad.vert). Passes, each over the layer's box only:
 *   1. opaque triangles, depth written;
 *   2. polylines and dots, blended, then again into the depth buffer where
 *      they cover at least half a pixel (lines 2 px wide and more);
 *   3. the opaque triangles' silhouette and boundary edges' ramps
 *      (coverage 0.5 - d, d the signed distance to the edge; the triangles
 *      stop half a pixel inside it);
 *   4. translucent triangles, far to near by their centres, depth tested
 *      but not written, then their edges' ramps;
 *   5. the layer over the frame. */
#include "gpu/gpu_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LR_3D_MAX_TRIANGLES (4u << 20)
#define LR_3D_MAX_QUADS (4u << 20)
/* Lines and edges are drawn this far (scene units) nearer than the surface
 * they lie on, so that the surface does not hide them. */
#define LR_3D_LINE_BIAS 0.02f
#define NO_NEIGHBOUR UINT32_MAX
enum { Q_EDGES, Q_THIN, Q_WIDE, Q_DOTS, Q_TRANSLUCENT_EDGES, NLISTS };
#define MANY_NEIGHBOURS (UINT32_MAX - 1)

typedef struct tri_vertex {
    float pos[3];
    float normal[3];
    uint8_t color[4]; /* straight alpha, opacity applied */
    float lit;
    float offset[2]; /* pixels: pulls an outline vertex in (build_edges) */
    /* The triangle's outlined sides: per side, the distance in pixels to
     * it (0 on it, the triangle's height over it at the vertex across),
     * interpolated in screen space, where it is linear; NO_LINE for a side
     * not outlined. Their colour (premultiplied) and half width in pixels. */
    float bary[3];
    uint8_t line_color[4];
    float line_hw;
} tri_vertex;

/* a, b, c per piece:
 *   segment: a = ends (pixels), b = cut normals at the ends, c.x = half width
 *   edge:    a = outward unit normal, offset, lit; b = surface point, pixels along; c = its normal, length
 *   dot:     a = centre (pixels), radius (pixels) */
typedef struct quad_vertex {
    float pos[3]; /* pixels; the eye distance until the frame's depth range is known, then z_ndc */
    float a[4], b[4], c[4];
    uint8_t color[4];
} quad_vertex;

typedef struct tri_key {
    float depth; /* eye distance of the centre */
    uint32_t index;
} tri_key;

typedef struct adjacency {
    uint64_t hash;
    uint32_t nverts, ntris;
    uint32_t *neighbour; /* 3 per triangle: across edge k (vertices k and k+1) */
    bool used;
} adjacency;

typedef struct lr_gpu_3d_prog {
    GLuint id;
    GLint rot, center, focal, zoom, frame, depth, light, ambient, viewport, min_coverage, box, layer;
} lr_gpu_3d_prog;

/* The view of a frame: camera, 2D mapping, eye. */
typedef struct view3d {
    lr_camera3d cam;
    float rot[9];
    lr_vec3 eye;
    float k, cx, cy, half_w, half_h;
} view3d;

/* A triangle side's distance when it has no line: far past any line's width. */
#define NO_LINE 1e6f

typedef struct proj {
    float x, y, e; /* pixels; distance from the eye along the view axis */
} proj;

struct lr_gpu_3d {
    GLuint fbo, color_tex, depth_rb;
    int width, height;
    lr_gpu_3d_prog tri, edge, line, dot, composite;
    GLuint tri_vao, tri_vbo, quad_vao, quad_vbo, quad_ebo;
    size_t tri_vbo_size, quad_vbo_size, ebo_quads;

    lr_draw_item *items;
    size_t nitems, cap_items;

    tri_vertex *opaque, *translucent, *sorted;
    size_t nopaque, ntranslucent, cap_opaque, cap_translucent, cap_sorted;
    tri_key *keys;
    size_t cap_keys;
    /* Quads by list, in drawing order: opaque edges, segments under 2 px
     * wide, wider ones, dots, translucent edges. */
    quad_vertex *quads[NLISTS];
    size_t nquads[NLISTS], cap_quads[NLISTS];
    quad_vertex *all_quads;
    size_t cap_all_quads;

    lr_vec3 *world, *normals; /* one mesh's vertices */
    proj *projected;
    float (*shrink)[3]; /* per vertex: the sum of its outline edges' outward normals (pixels), and their count */
    size_t cap_shrink;
    uint8_t *facing; /* per triangle: 1 front, 0 back; 2 not drawn (transparent), 3 not drawn (no area) */
    size_t cap_world, cap_normals, cap_projected, cap_facing;
    proj *line_proj;
    size_t cap_line_proj;

    adjacency *adj;
    size_t nadj, cap_adj;

    view3d view;
    float e_min, e_max; /* eye distances of every point drawn */
    float box[4];       /* pixel box of the layer */
    bool behind;        /* a point at or behind the eye: the box is the whole frame */
    float near_e, far_e;
};

/* ---- programs --------------------------------------------------------------- */

static void locate(GladGLContext *gl, lr_gpu_3d_prog *p)
{
    p->rot = gl->GetUniformLocation(p->id, "u_rot");
    p->center = gl->GetUniformLocation(p->id, "u_center");
    p->focal = gl->GetUniformLocation(p->id, "u_focal");
    p->zoom = gl->GetUniformLocation(p->id, "u_zoom");
    p->frame = gl->GetUniformLocation(p->id, "u_frame");
    p->depth = gl->GetUniformLocation(p->id, "u_depth");
    p->light = gl->GetUniformLocation(p->id, "u_light");
    p->ambient = gl->GetUniformLocation(p->id, "u_ambient");
    p->viewport = gl->GetUniformLocation(p->id, "u_viewport");
    p->min_coverage = gl->GetUniformLocation(p->id, "u_min_coverage");
    p->box = gl->GetUniformLocation(p->id, "u_box");
    p->layer = gl->GetUniformLocation(p->id, "u_layer");
}

static lr_status link(GladGLContext *gl, const char *vs, const char *fs, bool lit, lr_gpu_3d_prog *p, lr_error *err)
{
    const char *parts[2] = {fs, "mesh/light.glsl"};
    lr_status s = lr_gpu_program_link(gl, vs, parts, lit ? 2 : 1, &p->id, err);
    if (s == LR_OK)
        locate(gl, p);
    return s;
}

static void vertex_attrib(GladGLContext *gl, GLuint loc, GLint n, GLenum type, bool normalized, size_t stride,
                          size_t offset)
{
    gl->EnableVertexAttribArray(loc);
    gl->VertexAttribPointer(loc, n, type, normalized ? GL_TRUE : GL_FALSE, (GLsizei)stride, (const void *)offset);
}

static lr_status init(lr_context *ctx, lr_error *err)
{
    lr_gpu_3d *T = calloc(1, sizeof *T);
    if (!T)
        return lr_error_set(err, LR_ERR_NOMEM, "3D layer: out of memory");
    ctx->three_d = T;
    GladGLContext *gl = &ctx->gl;
    lr_status s = link(gl, "mesh/tri.vert", "mesh/tri.frag", true, &T->tri, err);
    if (s == LR_OK)
        s = link(gl, "mesh/quad.vert", "mesh/edge.frag", true, &T->edge, err);
    if (s == LR_OK)
        s = link(gl, "mesh/quad.vert", "mesh/line.frag", false, &T->line, err);
    if (s == LR_OK)
        s = link(gl, "mesh/quad.vert", "mesh/dot.frag", false, &T->dot, err);
    if (s == LR_OK)
        s = link(gl, "mesh/composite.vert", "mesh/composite.frag", false, &T->composite, err);
    if (s != LR_OK)
        return s;

    gl->GenVertexArrays(1, &T->tri_vao);
    gl->GenBuffers(1, &T->tri_vbo);
    gl->BindVertexArray(T->tri_vao);
    gl->BindBuffer(GL_ARRAY_BUFFER, T->tri_vbo);
    vertex_attrib(gl, 0, 3, GL_FLOAT, false, sizeof(tri_vertex), offsetof(tri_vertex, pos));
    vertex_attrib(gl, 1, 3, GL_FLOAT, false, sizeof(tri_vertex), offsetof(tri_vertex, normal));
    vertex_attrib(gl, 2, 4, GL_UNSIGNED_BYTE, true, sizeof(tri_vertex), offsetof(tri_vertex, color));
    vertex_attrib(gl, 3, 1, GL_FLOAT, false, sizeof(tri_vertex), offsetof(tri_vertex, lit));
    vertex_attrib(gl, 4, 2, GL_FLOAT, false, sizeof(tri_vertex), offsetof(tri_vertex, offset));
    vertex_attrib(gl, 5, 3, GL_FLOAT, false, sizeof(tri_vertex), offsetof(tri_vertex, bary));
    vertex_attrib(gl, 6, 4, GL_UNSIGNED_BYTE, true, sizeof(tri_vertex), offsetof(tri_vertex, line_color));
    vertex_attrib(gl, 7, 1, GL_FLOAT, false, sizeof(tri_vertex), offsetof(tri_vertex, line_hw));

    gl->GenVertexArrays(1, &T->quad_vao);
    gl->GenBuffers(1, &T->quad_vbo);
    gl->GenBuffers(1, &T->quad_ebo);
    gl->BindVertexArray(T->quad_vao);
    gl->BindBuffer(GL_ARRAY_BUFFER, T->quad_vbo);
    gl->BindBuffer(GL_ELEMENT_ARRAY_BUFFER, T->quad_ebo);
    vertex_attrib(gl, 0, 3, GL_FLOAT, false, sizeof(quad_vertex), offsetof(quad_vertex, pos));
    vertex_attrib(gl, 1, 4, GL_FLOAT, false, sizeof(quad_vertex), offsetof(quad_vertex, a));
    vertex_attrib(gl, 2, 4, GL_FLOAT, false, sizeof(quad_vertex), offsetof(quad_vertex, b));
    vertex_attrib(gl, 3, 4, GL_FLOAT, false, sizeof(quad_vertex), offsetof(quad_vertex, c));
    vertex_attrib(gl, 4, 4, GL_UNSIGNED_BYTE, true, sizeof(quad_vertex), offsetof(quad_vertex, color));
    gl->BindVertexArray(ctx->vao);
    gl->BindBuffer(GL_ARRAY_BUFFER, 0);

    GLenum e = gl->GetError();
    if (e != GL_NO_ERROR)
        return lr_error_set(err, LR_ERR_GL, "setting up the 3D layer failed (GL error 0x%x)", (unsigned)e);
    return LR_OK;
}

void lr_gpu_3d_destroy(lr_context *ctx)
{
    lr_gpu_3d *T = ctx->three_d;
    if (!T)
        return;
    GladGLContext *gl = &ctx->gl;
    if (gl->DeleteProgram) {
        lr_gpu_3d_prog *progs[5] = {&T->tri, &T->edge, &T->line, &T->dot, &T->composite};
        for (int i = 0; i < 5; i++)
            gl->DeleteProgram(progs[i]->id);
        gl->DeleteVertexArrays(1, &T->tri_vao);
        gl->DeleteVertexArrays(1, &T->quad_vao);
        GLuint bufs[3] = {T->tri_vbo, T->quad_vbo, T->quad_ebo};
        gl->DeleteBuffers(3, bufs);
        gl->DeleteFramebuffers(1, &T->fbo);
        gl->DeleteTextures(1, &T->color_tex);
        gl->DeleteRenderbuffers(1, &T->depth_rb);
    }
    free(T->items);
    free(T->opaque);
    free(T->translucent);
    free(T->sorted);
    free(T->keys);
    for (int i = 0; i < NLISTS; i++)
        free(T->quads[i]);
    free(T->all_quads);
    free(T->world);
    free(T->normals);
    free(T->projected);
    free(T->shrink);
    free(T->facing);
    free(T->line_proj);
    for (size_t i = 0; i < T->nadj; i++)
        free(T->adj[i].neighbour);
    free(T->adj);
    free(T);
    ctx->three_d = NULL;
}

/* ---- the frame's items ------------------------------------------------------ */

void lr_gpu_3d_begin(lr_context *ctx)
{
    if (ctx->three_d)
        ctx->three_d->nitems = 0;
}

lr_status lr_gpu_3d_add(lr_context *ctx, const lr_draw_item *item, lr_error *err)
{
    if (!ctx->three_d) {
        lr_status s = init(ctx, err);
        if (s != LR_OK) {
            lr_gpu_3d_destroy(ctx);
            return s;
        }
    }
    lr_gpu_3d *T = ctx->three_d;
    if (!lr_gpu_grow((void **)&T->items, &T->cap_items, T->nitems + 1, sizeof *T->items))
        return lr_error_set(err, LR_ERR_NOMEM, "3D layer: out of memory");
    T->items[T->nitems++] = *item;
    return LR_OK;
}

/* ---- adjacency, cached by topology ------------------------------------------- */

/* A vertex as neighbours know it: where it was welded, its twin. */
static uint32_t place_of(const lr_mesh *m, uint32_t v) { return m->twin ? m->twin[v] : v; }

static uint64_t topology_hash(const lr_mesh *m)
{
    uint64_t h = 1469598103934665603ull;
    const uint32_t *idx = m->indices;
    for (size_t i = 0; i < 3 * (size_t)m->ntris; i++) {
        h ^= place_of(m, idx[i]);
        h *= 1099511628211ull;
    }
    return h;
}

typedef struct edge_ref {
    uint64_t key; /* lo << 32 | hi */
    uint32_t slot; /* 3 * triangle + k */
} edge_ref;

static int edge_cmp(const void *a, const void *b)
{
    uint64_t x = ((const edge_ref *)a)->key, y = ((const edge_ref *)b)->key;
    return x < y ? -1 : x > y;
}

/* Which triangle lies across each edge: NO_NEIGHBOUR on the boundary,
 * MANY_NEIGHBOURS where more than two share it. */
static const uint32_t *adjacency_of(lr_gpu_3d *T, const lr_mesh *m)
{
    uint64_t h = topology_hash(m);
    for (size_t i = 0; i < T->nadj; i++) {
        adjacency *a = &T->adj[i];
        if (a->hash == h && a->nverts == m->nverts && a->ntris == m->ntris) {
            a->used = true;
            return a->neighbour;
        }
    }
    size_t n = 3 * (size_t)m->ntris;
    edge_ref *refs = malloc(n * sizeof *refs);
    uint32_t *nb = malloc(n * sizeof *nb);
    if (!refs || !nb || !lr_gpu_grow((void **)&T->adj, &T->cap_adj, T->nadj + 1, sizeof *T->adj)) {
        free(refs);
        free(nb);
        return NULL;
    }
    for (size_t t = 0; t < m->ntris; t++)
        for (int k = 0; k < 3; k++) {
            uint32_t a = place_of(m, m->indices[3 * t + (size_t)k]);
            uint32_t b = place_of(m, m->indices[3 * t + (size_t)(k + 1) % 3]);
            uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
            refs[3 * t + (size_t)k] = (edge_ref){(uint64_t)lo << 32 | hi, (uint32_t)(3 * t + (size_t)k)};
        }
    qsort(refs, n, sizeof *refs, edge_cmp);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && refs[j].key == refs[i].key)
            j++;
        for (size_t k = i; k < j; k++)
            nb[refs[k].slot] = j - i == 1   ? NO_NEIGHBOUR
                               : j - i == 2 ? refs[k == i ? i + 1 : i].slot / 3
                                            : MANY_NEIGHBOURS;
        i = j;
    }
    free(refs);
    T->adj[T->nadj++] = (adjacency){h, m->nverts, m->ntris, nb, true};
    return nb;
}

static void trim_adjacency(lr_gpu_3d *T)
{
    size_t k = 0;
    for (size_t i = 0; i < T->nadj; i++) {
        if (T->adj[i].used) {
            T->adj[i].used = false;
            T->adj[k++] = T->adj[i];
        } else {
            free(T->adj[i].neighbour);
        }
    }
    T->nadj = k;
}

/* ---- geometry ------------------------------------------------------------------ */

static lr_vec3 sub3(lr_vec3 a, lr_vec3 b) { return (lr_vec3){a.x - b.x, a.y - b.y, a.z - b.z}; }
static float dot3(lr_vec3 a, lr_vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static lr_vec3 cross3(lr_vec3 a, lr_vec3 b)
{
    return (lr_vec3){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
static lr_vec3 add3(lr_vec3 a, lr_vec3 b) { return (lr_vec3){a.x + b.x, a.y + b.y, a.z + b.z}; }

static proj project(const view3d *v, lr_vec3 p)
{
    const float *r = v->rot;
    lr_vec3 d = sub3(p, v->cam.center);
    float qx = r[0] * d.x + r[1] * d.y + r[2] * d.z;
    float qy = r[3] * d.x + r[4] * d.y + r[5] * d.z;
    float qz = r[6] * d.x + r[7] * d.y + r[8] * d.z;
    float e = v->cam.focal_distance - qz;
    float f = e > 0.0f ? v->cam.zoom * v->cam.focal_distance / e : 0.0f;
    return (proj){v->half_w + (qx * f - v->cx) * v->k, v->half_h + (qy * f - v->cy) * v->k, e};
}

static void to_rgba8(lr_color c, float alpha, bool premultiply, uint8_t out[4])
{
    float a = fminf(fmaxf(c.a * alpha, 0.0f), 1.0f);
    float m = premultiply ? a : 1.0f;
    float rgb[3] = {c.r, c.g, c.b};
    for (int i = 0; i < 3; i++)
        out[i] = (uint8_t)lrintf(fminf(fmaxf(rgb[i], 0.0f), 1.0f) * m * 255.0f);
    out[3] = (uint8_t)lrintf(a * 255.0f);
}

static void note_point(lr_gpu_3d *T, proj p, float reach)
{
    if (!(p.e > 0.0f) || !isfinite(p.x) || !isfinite(p.y)) {
        T->behind = true;
        return;
    }
    T->e_min = fminf(T->e_min, p.e);
    T->e_max = fmaxf(T->e_max, p.e);
    T->box[0] = fminf(T->box[0], p.x - reach);
    T->box[1] = fminf(T->box[1], p.y - reach);
    T->box[2] = fmaxf(T->box[2], p.x + reach);
    T->box[3] = fmaxf(T->box[3], p.y + reach);
}

/* A point close enough to the eye (or behind it) that its screen position
 * means nothing: pieces through it are not drawn. */
static bool too_near(const lr_gpu_3d *T, float e) { return !(e > 1e-3f * T->view.cam.focal_distance); }

static size_t all_quads(const lr_gpu_3d *T)
{
    size_t n = 0;
    for (int l = 0; l < NLISTS; l++)
        n += T->nquads[l];
    return n;
}

static quad_vertex *push_quad(lr_gpu_3d *T, int list)
{
    if (all_quads(T) >= LR_3D_MAX_QUADS ||
        !lr_gpu_grow((void **)&T->quads[list], &T->cap_quads[list], 4 * (T->nquads[list] + 1), sizeof(quad_vertex)))
        return NULL;
    quad_vertex *q = T->quads[list] + 4 * T->nquads[list]++;
    memset(q, 0, 4 * sizeof *q);
    return q;
}

/* The corners of a quad around the segment p0 p1 (pixels), `along` beyond
 * its ends and `across` to each side (across_in on the inner side, for
 * edges), with eye distances e0, e1 extrapolated to the corners: 1 / e is
 * what is linear along the segment on screen. */
static void quad_corners(quad_vertex *q, proj p0, proj p1, float along, float across_out, float across_in,
                         lr_vec2 nrm)
{
    float dx = p1.x - p0.x, dy = p1.y - p0.y, len = sqrtf(dx * dx + dy * dy);
    float ux = len > 1e-6f ? dx / len : 1.0f, uy = len > 1e-6f ? dy / len : 0.0f;
    float t0 = len > 1e-6f ? -along / len : 0.0f, t1 = 1.0f - t0;
    float i0 = 1.0f / p0.e, i1 = 1.0f / p1.e;
    float e_start = 1.0f / (i0 + (i1 - i0) * t0), e_end = 1.0f / (i0 + (i1 - i0) * t1);
    if (!(e_start > 0.0f) || !isfinite(e_start))
        e_start = p0.e;
    if (!(e_end > 0.0f) || !isfinite(e_end))
        e_end = p1.e;
    float sx = p0.x - ux * along, sy = p0.y - uy * along, ex = p1.x + ux * along, ey = p1.y + uy * along;
    float corners[4][3] = {{sx + nrm.x * across_out, sy + nrm.y * across_out, e_start},
                           {ex + nrm.x * across_out, ey + nrm.y * across_out, e_end},
                           {sx - nrm.x * across_in, sy - nrm.y * across_in, e_start},
                           {ex - nrm.x * across_in, ey - nrm.y * across_in, e_end}};
    for (int i = 0; i < 4; i++)
        memcpy(q[i].pos, corners[i], sizeof corners[i]);
}

/* A vertex normal for a triangle with face normal fn: on the side of the
 * face that the eye sees, so that a surface is lit on both sides and the
 * shading runs on smoothly up to the outline (a normal turned by its
 * interpolated direction alone would flip just inside the silhouette). */
static lr_vec3 oriented(lr_vec3 n, lr_vec3 fn, bool front)
{
    if (!(dot3(n, n) > 0.0f))
        n = fn;
    bool along = dot3(n, fn) >= 0.0f;
    return along == front ? n : (lr_vec3){-n.x, -n.y, -n.z};
}

/* ---- one mesh ---------------------------------------------------------------- */

/* One mesh's vertices in scene space and on screen, its normals, and which
 * side of each triangle the eye sees. */
static lr_status prepare_mesh(lr_gpu_3d *T, const lr_draw_item *item, const lr_map3 *map)
{
    const lr_mesh *m = item->mobject->mesh;
    const view3d *v = &T->view;
    uint32_t nv = m->nverts;
    if (!lr_gpu_grow((void **)&T->world, &T->cap_world, nv, sizeof *T->world) ||
        !lr_gpu_grow((void **)&T->normals, &T->cap_normals, nv, sizeof *T->normals) ||
        !lr_gpu_grow((void **)&T->projected, &T->cap_projected, nv, sizeof *T->projected) ||
        !lr_gpu_grow((void **)&T->shrink, &T->cap_shrink, nv, sizeof *T->shrink) ||
        !lr_gpu_grow((void **)&T->facing, &T->cap_facing, m->ntris, 1))
        return LR_ERR_NOMEM;
    lr_map3 nmap = lr_map3_normals(map);
    for (uint32_t i = 0; i < nv; i++) {
        T->world[i] = lr_map3_point(map, m->points[i]);
        lr_vec3 n = m->normals[i];
        T->normals[i] = n.x != 0.0f || n.y != 0.0f || n.z != 0.0f ? lr_map3_point(&nmap, n) : (lr_vec3){0, 0, 0};
        T->projected[i] = project(v, T->world[i]);
        T->shrink[i][0] = T->shrink[i][1] = T->shrink[i][2] = 0.0f;
    }
    /* Vertices without a normal get the area-weighted sum of their faces'. */
    for (uint32_t t = 0; t < m->ntris; t++) {
        const uint32_t *ix = m->indices + 3 * (size_t)t;
        lr_vec3 fn = cross3(sub3(T->world[ix[1]], T->world[ix[0]]), sub3(T->world[ix[2]], T->world[ix[0]]));
        for (int k = 0; k < 3; k++) {
            const lr_vec3 given = m->normals[ix[k]];
            if (given.x == 0.0f && given.y == 0.0f && given.z == 0.0f)
                T->normals[ix[k]] = add3(T->normals[ix[k]], fn);
        }
    }
    for (uint32_t t = 0; t < m->ntris; t++) {
        const uint32_t *ix = m->indices + 3 * (size_t)t;
        lr_vec3 w0 = T->world[ix[0]];
        lr_vec3 fn = cross3(sub3(T->world[ix[1]], w0), sub3(T->world[ix[2]], w0));
        if (!(dot3(fn, fn) > 0.0f))
            T->facing[t] = 3;
        else if (!(m->colors[t].a * item->opacity > 0.0f))
            T->facing[t] = 2;
        else
            T->facing[t] = dot3(fn, sub3(v->eye, w0)) >= 0.0f ? 1 : 0;
    }
    return LR_OK;
}

/* The antialiased outline, where it is: between a triangle that faces the
 * eye and one that does not, or where a triangle has no neighbour. As in
 * the 2D renderer's fill fringe, pixels within half a pixel of the edge get
 * coverage 0.5 - d (d signed, outward): a quad over both sides, drawn from
 * the front triangle after every opaque one, and the triangles pulled in
 * by half a pixel there (emit_triangles) so that the quad alone covers
 * the band, over whatever is behind. */
static lr_status build_edges(lr_gpu_3d *T, const lr_draw_item *item)
{
    const lr_mesh *m = item->mobject->mesh;
    const uint32_t *nb = adjacency_of(T, m);
    if (!nb)
        return LR_ERR_NOMEM;
    for (uint32_t t = 0; t < m->ntris; t++) {
        if (T->facing[t] >= 2)
            continue;
        const uint32_t *ix = m->indices + 3 * (size_t)t;
        lr_vec3 w0 = T->world[ix[0]];
        lr_vec3 fn = cross3(sub3(T->world[ix[1]], w0), sub3(T->world[ix[2]], w0));
        for (int k = 0; k < 3; k++) {
            uint32_t u = nb[3 * (size_t)t + (size_t)k];
            /* A neighbour of no area (at a sphere's pole, a cone's apex)
             * hides no outline: the surface goes on across it. */
            if (u == MANY_NEIGHBOURS || (u != NO_NEIGHBOUR && T->facing[u] == 3))
                continue;
            bool outline = u == NO_NEIGHBOUR || T->facing[u] == 2 || (T->facing[t] == 1 && T->facing[u] == 0);
            if (!outline)
                continue;
            uint32_t i0 = ix[k], i1 = ix[(k + 1) % 3], i2 = ix[(k + 2) % 3];
            proj p0 = T->projected[i0], p1 = T->projected[i1], p2 = T->projected[i2];
            if (too_near(T, p0.e) || too_near(T, p1.e) || too_near(T, p2.e))
                continue;
            float dx = p1.x - p0.x, dy = p1.y - p0.y, len = sqrtf(dx * dx + dy * dy);
            if (!(len > 1e-4f))
                continue;
            lr_vec2 n = {-dy / len, dx / len};
            if (n.x * (p2.x - p0.x) + n.y * (p2.y - p0.y) > 0.0f)
                n = (lr_vec2){-n.x, -n.y}; /* away from the triangle */
            /* By place: the twins of a crease move together, or the
             * faces on its two sides would part at the outline. */
            for (int e = 0; e < 2; e++) {
                float *acc = T->shrink[place_of(m, e ? i1 : i0)];
                acc[0] += n.x;
                acc[1] += n.y;
                acc[2] += 1.0f;
            }
            lr_color col = m->colors[t];
            bool opaque = col.a * item->opacity >= 0.999f;
            quad_vertex *q = push_quad(T, opaque ? Q_EDGES : Q_TRANSLUCENT_EDGES);
            if (!q)
                return LR_ERR_NOMEM;
            p0.e -= LR_3D_LINE_BIAS;
            p1.e -= LR_3D_LINE_BIAS;
            quad_corners(q, p0, p1, 0.75f, 0.75f, 0.75f, n);
            float off = -(n.x * p0.x + n.y * p0.y);
            for (int c = 0; c < 4; c++) {
                lr_vec3 w = T->world[c & 1 ? i1 : i0];
                lr_vec3 nn = oriented(T->normals[c & 1 ? i1 : i0], fn, T->facing[t] == 1);
                float a[4] = {n.x, n.y, off, m->unlit ? 0.0f : 1.0f};
                float b[4] = {w.x, w.y, w.z, c & 1 ? len + 0.75f : -0.75f}, cc[4] = {nn.x, nn.y, nn.z, len};
                memcpy(q[c].a, a, sizeof a);
                memcpy(q[c].b, b, sizeof b);
                memcpy(q[c].c, cc, sizeof cc);
                to_rgba8(col, item->opacity, false, q[c].color);
            }
        }
    }
    return LR_OK;
}

static lr_status emit_triangles(lr_gpu_3d *T, const lr_draw_item *item)
{
    const lr_mesh *m = item->mobject->mesh;
    float lit = m->unlit ? 0.0f : 1.0f;
    float k_px = T->view.k;
    for (uint32_t t = 0; t < m->ntris; t++) {
        if (T->facing[t] >= 2)
            continue;
        const uint32_t *ix = m->indices + 3 * (size_t)t;
        lr_color col = m->colors[t];
        float alpha = col.a * item->opacity;
        lr_vec3 w0 = T->world[ix[0]];
        lr_vec3 fn = cross3(sub3(T->world[ix[1]], w0), sub3(T->world[ix[2]], w0));
        bool front = T->facing[t] == 1, opaque = alpha >= 0.999f;
        tri_vertex **arr = opaque ? &T->opaque : &T->translucent;
        size_t *count = opaque ? &T->nopaque : &T->ntranslucent;
        size_t *cap = opaque ? &T->cap_opaque : &T->cap_translucent;
        if ((T->nopaque + T->ntranslucent) / 3 >= LR_3D_MAX_TRIANGLES)
            return LR_ERR_LIMIT;
        if (!lr_gpu_grow((void **)arr, cap, *count + 3, sizeof(tri_vertex)))
            return LR_ERR_NOMEM;
        tri_vertex *tv = *arr + *count;
        *count += 3;
        /* The grid's lines: each outlined side's height over it on screen,
         * known here from the projected corners, so that the fragment
         * shader reads its distance to the side instead of working it out
         * from screen derivatives per pixel. A triangle reaching behind
         * the eye has no such heights: its lines are left out. */
        const lr_mesh_edges *e = m->edges ? &m->edges[t] : NULL;
        float height[3] = {NO_LINE, NO_LINE, NO_LINE}, line_hw = 0.0f;
        uint8_t line_rgba[4] = {0, 0, 0, 0};
        const proj *q0 = &T->projected[ix[0]], *q1 = &T->projected[ix[1]], *q2 = &T->projected[ix[2]];
        if (e && e->mask && !too_near(T, q0->e) && !too_near(T, q1->e) && !too_near(T, q2->e)) {
            const proj *q[3] = {q0, q1, q2};
            float area2 = fabsf((q1->x - q0->x) * (q2->y - q0->y) - (q1->y - q0->y) * (q2->x - q0->x));
            for (int sd = 0; sd < 3; sd++) {
                if (!(e->mask >> sd & 1))
                    continue;
                float dx = q[(sd + 1) % 3]->x - q[sd]->x, dy = q[(sd + 1) % 3]->y - q[sd]->y;
                float len = sqrtf(dx * dx + dy * dy);
                height[sd] = len > 1e-6f ? area2 / len : 0.0f;
            }
            /* Under a pixel wide: a pixel wide and fainter, as strokes. */
            float hw = e->width * k_px * 0.5f, scale = hw < 0.5f ? hw / 0.5f : 1.0f;
            line_hw = fmaxf(hw, 0.5f);
            to_rgba8(e->color, item->opacity * scale, true, line_rgba);
        }
        uint8_t face_rgba[4];
        to_rgba8(col, item->opacity, false, face_rgba);
        for (int k = 0; k < 3; k++) {
            lr_vec3 p = T->world[ix[k]], n = oriented(T->normals[ix[k]], fn, front);
            /* Half a pixel in from the outline edges through this vertex:
             * along their mean outward normal, 0.5 / cos(half the turn). */
            const float *acc = T->shrink[place_of(m, ix[k])];
            float ox = 0.0f, oy = 0.0f, l = sqrtf(acc[0] * acc[0] + acc[1] * acc[1]);
            if (acc[2] > 0.0f && l > 1e-6f) {
                float reach = fminf(0.5f * acc[2] / l, 1.5f);
                ox = -acc[0] / l * reach;
                oy = -acc[1] / l * reach;
            }
            tv[k] = (tri_vertex){{p.x, p.y, p.z}, {n.x, n.y, n.z}, {0}, lit, {ox, oy}, {0, 0, 0}, {0}, line_hw};
            memcpy(tv[k].color, face_rgba, sizeof face_rgba);
            memcpy(tv[k].line_color, line_rgba, sizeof line_rgba);
            /* Side s (vertex s to s + 1) is where coordinate s + 2 (that of
             * the vertex across from it) is 0. */
            for (int sd = 0; sd < 3; sd++)
                tv[k].bary[(sd + 2) % 3] = height[sd] == NO_LINE ? NO_LINE : k == (sd + 2) % 3 ? height[sd] : 0.0f;
            note_point(T, T->projected[ix[k]], 2.0f);
        }
    }
    return LR_OK;
}

static lr_vec2 unit2(float x, float y)
{
    float l = sqrtf(x * x + y * y);
    return l > 1e-6f ? (lr_vec2){x / l, y / l} : (lr_vec2){0, 0};
}

static lr_status build_lines(lr_gpu_3d *T, const lr_draw_item *item, const lr_map3 *map)
{
    const lr_mesh *m = item->mobject->mesh;
    const view3d *v = &T->view;
    if (!lr_gpu_grow((void **)&T->line_proj, &T->cap_line_proj, m->nline_points, sizeof *T->line_proj))
        return LR_ERR_NOMEM;
    for (uint32_t i = 0; i < m->nline_points; i++)
        T->line_proj[i] = project(v, lr_map3_point(map, m->line_points[i]));
    for (size_t l = 0; l < m->nlines; l++) {
        const lr_mesh_line *ln = &m->lines[l];
        const proj *P = T->line_proj + ln->first;
        float hw = ln->width * v->k * 0.5f, scale = 1.0f;
        /* Under a pixel wide, a line is drawn a pixel wide and fainter, as
         * the 2D renderer draws thin strokes. */
        if (hw < 0.5f) {
            scale = hw / 0.5f;
            hw = 0.5f;
        }
        for (uint32_t i = 0; i < ln->count; i++)
            note_point(T, P[i], hw + 2.0f);
        for (uint32_t i = 0; i + 1 < ln->count; i++) {
            proj a = P[i], b = P[i + 1];
            if (too_near(T, a.e) || too_near(T, b.e))
                continue;
            lr_vec2 u = unit2(b.x - a.x, b.y - a.y);
            lr_vec2 cut0 = {0, 0}, cut1 = {0, 0};
            if (i > 0 && !too_near(T, P[i - 1].e)) {
                lr_vec2 up = unit2(a.x - P[i - 1].x, a.y - P[i - 1].y);
                cut0 = unit2(up.x + u.x, up.y + u.y);
            }
            if (i + 2 < ln->count && !too_near(T, P[i + 2].e)) {
                lr_vec2 un = unit2(P[i + 2].x - b.x, P[i + 2].y - b.y);
                lr_vec2 s = unit2(u.x + un.x, u.y + un.y);
                cut1 = (lr_vec2){-s.x, -s.y};
            }
            /* Only a line's core goes into the depth buffer, and a thin
             * line has almost none: it skips that pass. */
            quad_vertex *q = push_quad(T, hw < 1.0f ? Q_THIN : Q_WIDE);
            if (!q)
                return LR_ERR_NOMEM;
            a.e -= LR_3D_LINE_BIAS;
            b.e -= LR_3D_LINE_BIAS;
            quad_corners(q, a, b, hw + 1.0f, hw + 1.0f, hw + 1.0f, (lr_vec2){-u.y, u.x});
            for (int c = 0; c < 4; c++) {
                float qa[4] = {a.x, a.y, b.x, b.y}, qb[4] = {cut0.x, cut0.y, cut1.x, cut1.y}, qc[4] = {hw, 0, 0, 0};
                memcpy(q[c].a, qa, sizeof qa);
                memcpy(q[c].b, qb, sizeof qb);
                memcpy(q[c].c, qc, sizeof qc);
                to_rgba8(ln->color, item->opacity * scale, true, q[c].color);
            }
        }
    }
    return LR_OK;
}

static lr_status build_dots(lr_gpu_3d *T, const lr_draw_item *item, const lr_map3 *map)
{
    const lr_mesh *m = item->mobject->mesh;
    const view3d *v = &T->view;
    float zs = lr_map3_scale(map);
    for (size_t i = 0; i < m->ndots; i++) {
        const lr_mesh_dot *d = &m->dots[i];
        proj p = project(v, lr_map3_point(map, d->center));
        float r = d->radius * zs;
        if (too_near(T, p.e - r))
            continue;
        float rp = r * v->cam.zoom * v->cam.focal_distance / p.e * v->k;
        note_point(T, p, rp + 2.0f);
        quad_vertex *q = push_quad(T, Q_DOTS);
        if (!q)
            return LR_ERR_NOMEM;
        /* Its depth is its nearest point's: a dot on a surface shows. */
        float e = p.e - r - LR_3D_LINE_BIAS;
        float reach = rp + 1.0f;
        float corners[4][2] = {{p.x - reach, p.y - reach}, {p.x + reach, p.y - reach}, {p.x - reach, p.y + reach},
                               {p.x + reach, p.y + reach}};
        for (int c = 0; c < 4; c++) {
            float pos[3] = {corners[c][0], corners[c][1], e}, a[4] = {p.x, p.y, rp, 0};
            memcpy(q[c].pos, pos, sizeof pos);
            memcpy(q[c].a, a, sizeof a);
            to_rgba8(d->color, item->opacity, true, q[c].color);
        }
    }
    return LR_OK;
}

/* ---- the frame ------------------------------------------------------------------- */

static int key_cmp(const void *a, const void *b)
{
    float x = ((const tri_key *)a)->depth, y = ((const tri_key *)b)->depth;
    return x > y ? -1 : x < y; /* far first */
}

lr_status lr_gpu_3d_build(lr_context *ctx, const lr_scene *scene, bool *any)
{
    lr_gpu_3d *T = ctx->three_d;
    *any = false;
    if (!T || T->nitems == 0)
        return LR_OK;
    view3d *v = &T->view;
    v->cam = scene->camera3d;
    lr_camera3d_rotation(&v->cam, v->rot);
    v->eye = lr_camera3d_eye(&v->cam);
    float fh = scene->frame_height > 0.0f ? scene->frame_height : 8.0f;
    v->k = (float)ctx->height / fh;
    /* The 3D view's place in the frame moves it as the 2D camera would,
     * the other way. */
    v->cx = scene->camera_center.x - v->cam.position.x;
    v->cy = scene->camera_center.y - v->cam.position.y;
    v->half_w = (float)ctx->width * 0.5f;
    v->half_h = (float)ctx->height * 0.5f;
    T->nopaque = T->ntranslucent = 0;
    memset(T->nquads, 0, sizeof T->nquads);
    T->e_min = INFINITY;
    T->e_max = -INFINITY;
    T->box[0] = T->box[1] = INFINITY;
    T->box[2] = T->box[3] = -INFINITY;
    T->behind = false;

    lr_status s = LR_OK;
    for (size_t i = 0; i < T->nitems && s == LR_OK; i++) {
        const lr_draw_item *item = &T->items[i];
        if (!item->mobject->mesh)
            continue;
        lr_map3 map = lr_mesh_to_scene(item->mobject, item->transform);
        s = prepare_mesh(T, item, &map);
        if (s == LR_OK && item->mobject->mesh->ntris)
            s = build_edges(T, item);
        if (s == LR_OK)
            s = emit_triangles(T, item);
        if (s == LR_OK)
            s = build_lines(T, item, &map);
        if (s == LR_OK)
            s = build_dots(T, item, &map);
    }
    trim_adjacency(T);
    if (s != LR_OK)
        return s;
    size_t nq = all_quads(T);
    if (T->nopaque + T->ntranslucent == 0 && nq == 0)
        return LR_OK;

    /* The depth range: every point drawn, with room for the line bias. */
    float d = v->cam.focal_distance;
    T->near_e = fmaxf(T->e_min - 1.0f, 1e-3f * d);
    T->far_e = fmaxf(T->e_max + 1.0f, T->near_e * 1.01f + 1e-3f);
    float n_ = T->near_e, f_ = T->far_e;
    float A = (f_ + n_) / (f_ - n_), B = 2.0f * f_ * n_ / (f_ - n_);

    /* Translucent triangles far to near, by the eye distance of their centres. */
    size_t ntt = T->ntranslucent / 3;
    if (!lr_gpu_grow((void **)&T->keys, &T->cap_keys, ntt, sizeof *T->keys) ||
        !lr_gpu_grow((void **)&T->sorted, &T->cap_sorted, T->nopaque + T->ntranslucent, sizeof *T->sorted) ||
        !lr_gpu_grow((void **)&T->all_quads, &T->cap_all_quads, 4 * nq, sizeof *T->all_quads))
        return LR_ERR_NOMEM;
    for (size_t t = 0; t < ntt; t++) {
        lr_vec3 c = {0, 0, 0};
        for (int k = 0; k < 3; k++) {
            const float *p = T->translucent[3 * t + (size_t)k].pos;
            c = add3(c, (lr_vec3){p[0], p[1], p[2]});
        }
        c = (lr_vec3){c.x / 3.0f, c.y / 3.0f, c.z / 3.0f};
        T->keys[t] = (tri_key){project(v, c).e, (uint32_t)t};
    }
    if (ntt)
        qsort(T->keys, ntt, sizeof *T->keys, key_cmp);
    if (T->nopaque)
        memcpy(T->sorted, T->opaque, T->nopaque * sizeof *T->sorted);
    for (size_t t = 0; t < ntt; t++)
        memcpy(T->sorted + T->nopaque + 3 * t, T->translucent + 3 * (size_t)T->keys[t].index, 3 * sizeof *T->sorted);

    size_t at = 0;
    for (int l = 0; l < NLISTS; l++) {
        if (T->nquads[l])
            memcpy(T->all_quads + at, T->quads[l], 4 * T->nquads[l] * sizeof *T->all_quads);
        at += 4 * T->nquads[l];
    }
    for (size_t i = 0; i < at; i++) {
        float e = fmaxf(T->all_quads[i].pos[2], n_);
        T->all_quads[i].pos[2] = A - B / e;
    }
    if (T->behind || !(T->box[0] <= T->box[2])) {
        T->box[0] = T->box[1] = 0.0f;
        T->box[2] = (float)ctx->width;
        T->box[3] = (float)ctx->height;
    }
    T->box[0] = fmaxf(floorf(T->box[0]), 0.0f);
    T->box[1] = fmaxf(floorf(T->box[1]), 0.0f);
    T->box[2] = fminf(ceilf(T->box[2]), (float)ctx->width);
    T->box[3] = fminf(ceilf(T->box[3]), (float)ctx->height);
    *any = T->box[0] < T->box[2] && T->box[1] < T->box[3];
    return LR_OK;
}

/* ---- drawing ------------------------------------------------------------------------ */

static lr_status target(lr_context *ctx, lr_error *err)
{
    lr_gpu_3d *T = ctx->three_d;
    if (T->fbo && T->width == ctx->width && T->height == ctx->height)
        return LR_OK;
    GladGLContext *gl = &ctx->gl;
    gl->DeleteFramebuffers(1, &T->fbo);
    gl->DeleteTextures(1, &T->color_tex);
    gl->DeleteRenderbuffers(1, &T->depth_rb);
    gl->GenTextures(1, &T->color_tex);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_IMAGE);
    gl->BindTexture(GL_TEXTURE_2D, T->color_tex);
    gl->TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, ctx->width, ctx->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    gl->ActiveTexture(GL_TEXTURE0);
    gl->GenRenderbuffers(1, &T->depth_rb);
    gl->BindRenderbuffer(GL_RENDERBUFFER, T->depth_rb);
    gl->RenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, ctx->width, ctx->height);
    gl->GenFramebuffers(1, &T->fbo);
    gl->BindFramebuffer(GL_FRAMEBUFFER, T->fbo);
    gl->FramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, T->color_tex, 0);
    gl->FramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, T->depth_rb);
    GLenum st = gl->CheckFramebufferStatus(GL_FRAMEBUFFER);
    if (st != GL_FRAMEBUFFER_COMPLETE)
        return lr_error_set(err, LR_ERR_GL, "the 3D layer's framebuffer %dx%d is incomplete (0x%x)", ctx->width,
                            ctx->height, (unsigned)st);
    T->width = ctx->width;
    T->height = ctx->height;
    return LR_OK;
}

static void upload(GladGLContext *gl, GLenum kind, GLuint buffer, size_t *size, const void *data, size_t bytes)
{
    gl->BindBuffer(kind, buffer);
    if (*size < bytes || *size == 0) {
        size_t n = *size ? *size : 65536;
        while (n < bytes)
            n *= 2;
        *size = n;
    }
    gl->BufferData(kind, (GLsizeiptr)*size, NULL, GL_STREAM_DRAW);
    if (bytes)
        gl->BufferSubData(kind, 0, (GLsizeiptr)bytes, data);
}

/* The element buffer: quad q is vertices 4q .. 4q + 3 as two triangles. */
static bool quad_indices(lr_context *ctx, size_t nquads)
{
    lr_gpu_3d *T = ctx->three_d;
    if (nquads <= T->ebo_quads)
        return true;
    size_t n = T->ebo_quads ? T->ebo_quads : 4096;
    while (n < nquads)
        n *= 2;
    uint32_t *idx = malloc(n * 6 * sizeof *idx);
    if (!idx)
        return false;
    static const uint32_t pattern[6] = {0, 1, 2, 2, 1, 3};
    for (size_t q = 0; q < n; q++)
        for (int k = 0; k < 6; k++)
            idx[6 * q + (size_t)k] = (uint32_t)(4 * q) + pattern[k];
    ctx->gl.BufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(n * 6 * sizeof *idx), idx, GL_STATIC_DRAW);
    free(idx);
    T->ebo_quads = n;
    return true;
}

static void camera_uniforms(lr_context *ctx, const lr_gpu_3d_prog *p)
{
    GladGLContext *gl = &ctx->gl;
    const lr_gpu_3d *T = ctx->three_d;
    const view3d *v = &T->view;
    float n_ = T->near_e, f_ = T->far_e;
    gl->UseProgram(p->id);
    gl->UniformMatrix3fv(p->rot, 1, GL_TRUE, v->rot);
    gl->Uniform3f(p->center, v->cam.center.x, v->cam.center.y, v->cam.center.z);
    gl->Uniform1f(p->focal, v->cam.focal_distance);
    gl->Uniform1f(p->zoom, v->cam.zoom);
    gl->Uniform4f(p->frame, 2.0f * v->k / (float)ctx->width, 2.0f * v->k / (float)ctx->height, v->cx, v->cy);
    gl->Uniform2f(p->depth, (f_ + n_) / (f_ - n_), 2.0f * f_ * n_ / (f_ - n_));
    gl->Uniform3f(p->light, v->cam.light.x, v->cam.light.y, v->cam.light.z);
    gl->Uniform1f(p->ambient, v->cam.ambient);
    gl->Uniform2f(p->viewport, (float)ctx->width, (float)ctx->height);
}

static void draw_quads(lr_context *ctx, const lr_gpu_3d_prog *p, size_t first, size_t count, float min_coverage)
{
    if (count == 0)
        return;
    GladGLContext *gl = &ctx->gl;
    gl->UseProgram(p->id);
    gl->Uniform1f(p->min_coverage, min_coverage);
    gl->DrawElements(GL_TRIANGLES, (GLsizei)(6 * count), GL_UNSIGNED_INT, (const void *)(6 * first * sizeof(uint32_t)));
    ctx->timing.draw_calls++;
}

lr_status lr_gpu_3d_draw(lr_context *ctx, lr_error *err)
{
    lr_gpu_3d *T = ctx->three_d;
    GladGLContext *gl = &ctx->gl;
    lr_status s = target(ctx, err);
    if (s != LR_OK)
        return s;
    size_t ntri = T->nopaque + T->ntranslucent;
    size_t nq = all_quads(T);

    gl->BindVertexArray(T->quad_vao);
    if (!quad_indices(ctx, nq))
        return lr_error_set(err, LR_ERR_NOMEM, "3D layer: out of memory");
    upload(gl, GL_ARRAY_BUFFER, T->quad_vbo, &T->quad_vbo_size, T->all_quads, 4 * nq * sizeof *T->all_quads);
    gl->BindVertexArray(T->tri_vao);
    upload(gl, GL_ARRAY_BUFFER, T->tri_vbo, &T->tri_vbo_size, T->sorted, ntri * sizeof *T->sorted);

    GLint x0 = (GLint)T->box[0], y0 = (GLint)T->box[1];
    GLsizei bw = (GLsizei)(T->box[2] - T->box[0]), bh = (GLsizei)(T->box[3] - T->box[1]);
    gl->BindFramebuffer(GL_FRAMEBUFFER, T->fbo);
    gl->Viewport(0, 0, ctx->width, ctx->height);
    gl->Enable(GL_SCISSOR_TEST);
    gl->Scissor(x0, y0, bw, bh);
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->DepthMask(GL_TRUE);
    gl->ClearColor(0, 0, 0, 0);
    gl->ClearDepth(1.0);
    gl->Clear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    gl->Disable(GL_STENCIL_TEST);
    gl->Enable(GL_DEPTH_TEST);
    gl->Enable(GL_BLEND);
    gl->BlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    lr_gpu_3d_prog *progs[4] = {&T->tri, &T->edge, &T->line, &T->dot};
    for (int i = 0; i < 4; i++)
        camera_uniforms(ctx, progs[i]);

    /* 1. Opaque triangles. */
    gl->DepthFunc(GL_LESS);
    if (T->nopaque) {
        gl->UseProgram(T->tri.id);
        gl->DrawArrays(GL_TRIANGLES, 0, (GLsizei)T->nopaque);
        ctx->timing.draw_calls++;
    }
    /* 2. Lines and dots, then the depth of their cores: an outline ramp
     *    behind a line, or a translucent surface, then stays behind it. */
    gl->BindVertexArray(T->quad_vao);
    gl->DepthFunc(GL_LEQUAL);
    gl->DepthMask(GL_FALSE);
    size_t first[NLISTS + 1] = {0};
    for (int l = 0; l < NLISTS; l++)
        first[l + 1] = first[l] + T->nquads[l];
    draw_quads(ctx, &T->line, first[Q_THIN], first[Q_DOTS] - first[Q_THIN], 0.0f);
    draw_quads(ctx, &T->dot, first[Q_DOTS], T->nquads[Q_DOTS], 0.0f);
    if ((T->nquads[Q_EDGES] || T->ntranslucent) && (T->nquads[Q_WIDE] || T->nquads[Q_DOTS])) {
        gl->ColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
        gl->DepthMask(GL_TRUE);
        draw_quads(ctx, &T->line, first[Q_WIDE], T->nquads[Q_WIDE], 0.5f);
        draw_quads(ctx, &T->dot, first[Q_DOTS], T->nquads[Q_DOTS], 0.5f);
        gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
        gl->DepthMask(GL_FALSE);
    }
    /* 3. The opaque triangles' outline ramps, over what is behind them. */
    draw_quads(ctx, &T->edge, first[Q_EDGES], T->nquads[Q_EDGES], 0.0f);
    /* 4. Translucent triangles, far to near, and their outlines. */
    if (T->ntranslucent) {
        gl->BindVertexArray(T->tri_vao);
        gl->DepthFunc(GL_LESS);
        gl->UseProgram(T->tri.id);
        gl->DrawArrays(GL_TRIANGLES, (GLint)T->nopaque, (GLsizei)T->ntranslucent);
        ctx->timing.draw_calls++;
        gl->BindVertexArray(T->quad_vao);
        gl->DepthFunc(GL_LEQUAL);
        draw_quads(ctx, &T->edge, first[Q_TRANSLUCENT_EDGES], T->nquads[Q_TRANSLUCENT_EDGES], 0.0f);
    }

    /* 5. The layer over the frame. */
    gl->Disable(GL_DEPTH_TEST);
    gl->DepthMask(GL_TRUE);
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    gl->BindVertexArray(ctx->vao);
    gl->UseProgram(T->composite.id);
    gl->Uniform4f(T->composite.box, T->box[0], T->box[1], T->box[2], T->box[3]);
    gl->Uniform2f(T->composite.viewport, (float)ctx->width, (float)ctx->height);
    gl->Uniform1i(T->composite.layer, LR_UNIT_IMAGE);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_IMAGE);
    gl->BindTexture(GL_TEXTURE_2D, T->color_tex);
    gl->ActiveTexture(GL_TEXTURE0);
    gl->DrawArrays(GL_TRIANGLES, 0, 6);
    ctx->timing.draw_calls++;
    gl->Disable(GL_SCISSOR_TEST);
    GLenum e = gl->GetError();
    if (e != GL_NO_ERROR)
        return lr_error_set(err, LR_ERR_GL, "drawing the 3D layer failed (GL error 0x%x)", (unsigned)e);
    return LR_OK;
}
