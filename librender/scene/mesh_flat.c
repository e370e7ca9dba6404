/* 2D mobjects placed in 3D: a tree of paths turned into a flat mesh (its
 * fills triangulated, its strokes polylines) so that the 3D layer draws it
 * through the camera, depth-tested against every other mesh and with the
 * outline ramps of its triangles' boundary edges (docs/three-d.md, "2D
 * objects in 3D"). Triangulation is GLU's tessellator: it takes Manim's
 * fill rules over overlapping subpaths (glyphs, holes) and shares the
 * vertices of neighbouring triangles, which the outline finder needs. */
#include "scene/scene_internal.h"

#include <GL/glu.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef CALLBACK
#define CALLBACK
#endif

typedef struct flat_tess {
    double (*coords)[3]; /* the flattened outline, then points GLU made where edges cross */
    size_t n, cap;
    uint32_t *tris; /* indices into coords */
    size_t ntris, cap_tris;
    bool failed;
} flat_tess;

static bool push_coord(flat_tess *t, double x, double y)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 256;
        void *p = realloc(t->coords, cap * sizeof *t->coords);
        if (!p)
            return false;
        t->coords = p;
        t->cap = cap;
    }
    t->coords[t->n][0] = x;
    t->coords[t->n][1] = y;
    t->coords[t->n][2] = 0.0;
    t->n++;
    return true;
}

static void CALLBACK on_vertex(void *vertex, void *data)
{
    flat_tess *t = data;
    if (t->ntris == t->cap_tris) {
        size_t cap = t->cap_tris ? 2 * t->cap_tris : 768;
        void *p = realloc(t->tris, cap * sizeof *t->tris);
        if (!p) {
            t->failed = true;
            return;
        }
        t->tris = p;
        t->cap_tris = cap;
    }
    t->tris[t->ntris++] = (uint32_t)((uintptr_t)vertex - 1u);
}

/* Edges crossing (a self-intersecting outline): a new point there. Its
 * coordinates are copied out of GLU's array, so growing ours is safe. */
static void CALLBACK on_combine(GLdouble coords[3], void *neighbours[4], GLfloat weights[4], void **out, void *data)
{
    (void)neighbours;
    (void)weights;
    flat_tess *t = data;
    if (t->n >= UINT32_MAX - 1u || !push_coord(t, coords[0], coords[1])) {
        t->failed = true;
        *out = (void *)(uintptr_t)1u;
        return;
    }
    *out = (void *)(uintptr_t)t->n;
}

static void CALLBACK on_edge_flag(GLboolean flag, void *data)
{
    /* Registered only so that GLU gives plain triangles (no fans or strips). */
    (void)flag;
    (void)data;
}

static void CALLBACK on_error(GLenum code, void *data)
{
    (void)code;
    ((flat_tess *)data)->failed = true;
}

/* How many chords keep a cubic within `tol` of its curve: the chord error
 * of n even steps is at most max|B''| / (8 n^2), and |B''| <= 6 times the
 * larger second difference of the control points. */
static int cubic_steps(const lr_vec2 *p, float tol)
{
    float ax = p[0].x - 2 * p[1].x + p[2].x, ay = p[0].y - 2 * p[1].y + p[2].y;
    float bx = p[1].x - 2 * p[2].x + p[3].x, by = p[1].y - 2 * p[2].y + p[3].y;
    float m = fmaxf(sqrtf(ax * ax + ay * ay), sqrtf(bx * bx + by * by));
    float n = ceilf(sqrtf(6.0f * m / (8.0f * tol)));
    return !(n >= 1.0f) ? 1 : n > 256.0f ? 256 : (int)n;
}

static lr_vec2 cubic_at(const lr_vec2 *p, float t)
{
    float u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    return (lr_vec2){a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x, a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y};
}

/* The flattened subpath s of `path` under `to`, appended to t->coords
 * (the first point once, no repeated end for closed ones). */
static bool flatten_subpath(flat_tess *t, const lr_path *path, uint32_t s, lr_affine to, float tol)
{
    const lr_subpath *sp = &path->subpaths[s];
    if ((size_t)sp->first + 3u * (size_t)sp->ncurves >= (size_t)path->npoints)
        return true; /* malformed: nothing */
    lr_vec2 start = lr_affine_apply(to, path->points[sp->first]);
    if (!push_coord(t, start.x, start.y))
        return false;
    for (uint32_t c = 0; c < sp->ncurves; c++) {
        lr_vec2 q[4];
        for (int k = 0; k < 4; k++)
            q[k] = lr_affine_apply(to, path->points[sp->first + 3u * c + (uint32_t)k]);
        int n = cubic_steps(q, tol);
        for (int i = 1; i <= n; i++) {
            lr_vec2 v = i == n ? q[3] : cubic_at(q, (float)i / (float)n);
            const double *last = t->coords[t->n - 1];
            if (v.x == last[0] && v.y == last[1])
                continue;
            if (!push_coord(t, v.x, v.y))
                return false;
        }
    }
    return true;
}

static lr_color with_opacity(lr_color c, float opacity)
{
    c.a *= opacity;
    return c;
}

/* One path mobject: fill, then stroke, lifted by `lift` along the plane's
 * normal so that what is drawn later is in front of what it overlaps in
 * the same plane (the depth test would otherwise pick either). */
static lr_status add_path(lr_mesh *mesh, const lr_mobject *m, lr_affine to, float opacity, const lr_map3 *place,
                          lr_vec3 lift, float tol, flat_tess *t)
{
    const lr_path *path = &m->path;
    const lr_style *st = &m->style;
    lr_color fill = with_opacity(st->fill, opacity), stroke = with_opacity(st->stroke, opacity);
    bool want_fill = fill.a > 0.0f && path->nsubpaths > 0;
    bool want_stroke = stroke.a > 0.0f && st->stroke_width > 0.0f && path->nsubpaths > 0;
    lr_status s = LR_OK;
    lr_vec3 *pts = NULL;
    if (want_fill) {
        t->n = t->ntris = 0;
        t->failed = false;
        size_t *starts = malloc(sizeof *starts * (path->nsubpaths + 1u));
        if (!starts)
            return LR_ERR_NOMEM;
        for (uint32_t k = 0; k < path->nsubpaths && s == LR_OK; k++) {
            starts[k] = t->n;
            if (!flatten_subpath(t, path, k, to, tol))
                s = LR_ERR_NOMEM;
        }
        starts[path->nsubpaths] = t->n;
        GLUtesselator *g = s == LR_OK ? gluNewTess() : NULL;
        if (s == LR_OK && !g)
            s = LR_ERR_NOMEM;
        if (g) {
            gluTessProperty(g, GLU_TESS_WINDING_RULE,
                            st->fill_rule == LR_FILL_EVENODD ? GLU_TESS_WINDING_ODD : GLU_TESS_WINDING_NONZERO);
            gluTessNormal(g, 0, 0, 1);
            gluTessCallback(g, GLU_TESS_VERTEX_DATA, (void(CALLBACK *)(void))on_vertex);
            gluTessCallback(g, GLU_TESS_COMBINE_DATA, (void(CALLBACK *)(void))on_combine);
            gluTessCallback(g, GLU_TESS_EDGE_FLAG_DATA, (void(CALLBACK *)(void))on_edge_flag);
            gluTessCallback(g, GLU_TESS_ERROR_DATA, (void(CALLBACK *)(void))on_error);
            /* GLU keeps pointers to the coordinates until the polygon ends,
             * and combine may grow the array: give it a copy that stays. */
            size_t nin = t->n;
            double(*in)[3] = malloc(sizeof *in * (nin ? nin : 1));
            if (!in) {
                s = LR_ERR_NOMEM;
            } else {
                memcpy(in, t->coords, sizeof *in * nin);
                gluTessBeginPolygon(g, t);
                for (uint32_t k = 0; k < path->nsubpaths; k++) {
                    if (starts[k + 1] - starts[k] < 2)
                        continue;
                    gluTessBeginContour(g);
                    for (size_t i = starts[k]; i < starts[k + 1]; i++)
                        gluTessVertex(g, in[i], (void *)(uintptr_t)(i + 1u));
                    gluTessEndContour(g);
                }
                gluTessEndPolygon(g);
                free(in);
            }
            gluDeleteTess(g);
            if (t->failed && s == LR_OK)
                s = LR_ERR_NOMEM;
        }
        free(starts);
        size_t ntri = t->ntris / 3;
        if (s == LR_OK && ntri) {
            pts = malloc(sizeof *pts * t->n);
            lr_color *colors = malloc(sizeof *colors * ntri);
            uint32_t first = 0;
            if (!pts || !colors)
                s = LR_ERR_NOMEM;
            for (size_t i = 0; s == LR_OK && i < t->n; i++) {
                lr_vec3 p = lr_map3_point(place, (lr_vec3){(float)t->coords[i][0], (float)t->coords[i][1], 0});
                pts[i] = (lr_vec3){p.x + lift.x, p.y + lift.y, p.z + lift.z};
            }
            for (size_t i = 0; s == LR_OK && i < ntri; i++)
                colors[i] = fill;
            if (s == LR_OK)
                s = lr_mesh_add_vertices(mesh, pts, NULL, t->n, &first);
            for (size_t i = 0; s == LR_OK && i < t->ntris; i++)
                t->tris[i] += first;
            if (s == LR_OK)
                s = lr_mesh_add_triangles(mesh, t->tris, ntri, colors);
            free(colors);
            free(pts);
            pts = NULL;
        }
    }
    for (uint32_t k = 0; want_stroke && s == LR_OK && k < path->nsubpaths; k++) {
        t->n = 0;
        if (!flatten_subpath(t, path, k, to, tol))
            return LR_ERR_NOMEM;
        bool closed = path->subpaths[k].closed && t->n > 2;
        size_t n = t->n + (closed ? 1 : 0);
        if (n < 2)
            continue;
        pts = malloc(sizeof *pts * n);
        if (!pts)
            return LR_ERR_NOMEM;
        for (size_t i = 0; i < n; i++) {
            const double *c = t->coords[i % t->n];
            lr_vec3 p = lr_map3_point(place, (lr_vec3){(float)c[0], (float)c[1], 0});
            pts[i] = (lr_vec3){p.x + lift.x, p.y + lift.y, p.z + lift.z};
        }
        s = lr_mesh_add_polyline(mesh, pts, n, st->stroke_width, stroke);
        free(pts);
    }
    return s;
}

static lr_status add_tree(lr_mesh *mesh, const lr_mobject *m, lr_affine to, float opacity, const lr_map3 *place,
                          lr_vec3 normal, float tol, float *layer, flat_tess *t)
{
    if (!m->visible)
        return LR_OK;
    to = lr_affine_then(m->transform, to);
    opacity *= m->opacity;
    lr_status s = LR_OK;
    if (m->kind == LR_MOBJECT_PATH) {
        lr_vec3 lift = {normal.x * *layer, normal.y * *layer, normal.z * *layer};
        *layer += LR_FLAT_LAYER_STEP;
        s = add_path(mesh, m, to, opacity, place, lift, tol, t);
    } else if (m->kind != LR_MOBJECT_GROUP) {
        return LR_ERR_UNSUPPORTED;
    }
    for (size_t i = 0; s == LR_OK && i < m->nchildren; i++)
        s = add_tree(mesh, m->children[i], to, opacity, place, normal, tol, layer, t);
    return s;
}

lr_status lr_mesh_add_flat(lr_mesh *mesh, const lr_mobject *m, const lr_map3 *place, float tolerance, float *layer)
{
    if (!mesh || !m || !place || !layer || !(tolerance > 0.0f))
        return LR_ERR_INVALID_ARG;
    lr_map3 nm = lr_map3_normals(place);
    lr_vec3 n = lr_map3_point(&nm, (lr_vec3){0, 0, 1});
    float len = sqrtf(n.x * n.x + n.y * n.y + n.z * n.z);
    if (!(len > 0.0f))
        return LR_ERR_INVALID_ARG; /* a plane squashed to a line */
    n = (lr_vec3){n.x / len, n.y / len, n.z / len};
    flat_tess t = {0};
    lr_status s = add_tree(mesh, m, lr_affine_identity(), 1.0f, place, n, tolerance, layer, &t);
    free(t.coords);
    free(t.tris);
    return s;
}
