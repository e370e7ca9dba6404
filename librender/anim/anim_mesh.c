/* What Create, Write, Transform and ChangeColor do to meshes (3D objects).
 * A mesh has no Bézier outline to draw partially or to align point for
 * point, so these work on its parts: Create shows its polylines growing
 * along their length and its triangles one after another (Manim's Create
 * of a Surface, a VGroup of faces created with lag_ratio 1, each from its
 * own sub-alpha), Transform moves each vertex, colour and line point to its
 * counterpart in the target mesh, ChangeColor blends every part's colour.
 * As every apply in anim.c, each writes the mesh afresh from the copies
 * taken when the animation begins. */
#include "anim/anim_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static lr_color color_mix(lr_color p, lr_color q, float t)
{
    return (lr_color){p.r + (q.r - p.r) * t, p.g + (q.g - p.g) * t, p.b + (q.b - p.b) * t, p.a + (q.a - p.a) * t};
}

static lr_vec3 mix3(lr_vec3 p, lr_vec3 q, float t)
{
    return (lr_vec3){p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t, p.z + (q.z - p.z) * t};
}

static float len3(lr_vec3 a, lr_vec3 b)
{
    float dx = b.x - a.x, dy = b.y - a.y, dz = b.z - a.z;
    return sqrtf(dx * dx + dy * dy + dz * dz);
}

/* ---- Create ------------------------------------------------------------- */

size_t anim_mesh_units(const lr_anim *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nmeshes; i++) {
        const lr_mesh *m = a->meshes[i].ma;
        n += m ? m->nlines + m->ntris + m->ndots : 0;
    }
    return n;
}

lr_status anim_mesh_begin_copies(lr_anim *a)
{
    for (size_t i = 0; i < a->nmeshes; i++) {
        a->meshes[i].ma = lr_mesh_clone(a->meshes[i].m->mesh);
        if (!a->meshes[i].ma)
            return LR_ERR_NOMEM;
    }
    return LR_OK;
}

/* The first `s` of a polyline's length, written over dst[0..): the count
 * kept (0 when too little of it shows). dst may be src (it only shrinks). */
static uint32_t polyline_partial(lr_vec3 *dst, const lr_vec3 *src, uint32_t n, float s)
{
    if (!(s > 0.0f) || n < 2)
        return 0;
    float total = 0.0f;
    for (uint32_t k = 1; k < n; k++)
        total += len3(src[k - 1], src[k]);
    if (s >= 1.0f || !(total > 0.0f)) {
        memmove(dst, src, n * sizeof *src);
        return n;
    }
    float want = s * total, run = 0.0f;
    lr_vec3 first = src[0];
    for (uint32_t k = 1; k < n; k++) {
        float l = len3(src[k - 1], src[k]);
        if (run + l >= want) {
            lr_vec3 end = mix3(src[k - 1], src[k], l > 0.0f ? (want - run) / l : 1.0f);
            memmove(dst, src, k * sizeof *src);
            dst[0] = first;
            dst[k] = end;
            return k + 1;
        }
        run += l;
    }
    memmove(dst, src, n * sizeof *src);
    return n;
}

lr_status anim_mesh_apply_partial(lr_anim *a, double alpha, size_t index, size_t total, anim_sub_alpha_fn sub)
{
    for (size_t i = 0; i < a->nmeshes; i++) {
        const lr_mesh *src = a->meshes[i].ma;
        lr_mesh *dst = a->meshes[i].m->mesh;
        if (!src || !dst)
            continue;
        lr_status st = lr_mesh_copy(dst, src);
        if (st != LR_OK)
            return st;
        /* Lines first (a curve, an axis), each growing from its start. */
        uint32_t kept = 0;
        size_t nl = 0;
        for (size_t k = 0; k < src->nlines; k++) {
            lr_mesh_line ln = src->lines[k];
            float s = sub(a, alpha, index++, total);
            uint32_t c = polyline_partial(dst->line_points + kept, src->line_points + ln.first, ln.count, s);
            if (c >= 2) {
                ln.first = kept;
                ln.count = c;
                dst->lines[nl++] = ln;
                kept += c;
            }
        }
        dst->nlines = nl;
        dst->nline_points = kept;
        /* Triangles one after another, each fading in over its own share
         * (Manim traces a face's outline and fills it as it goes; a
         * triangle has no outline of its own to trace here). A hidden one
         * is transparent: its neighbours get their outline there. */
        for (uint32_t t = 0; t < src->ntris; t++) {
            float s = sub(a, alpha, index++, total);
            s = fminf(fmaxf(s, 0.0f), 1.0f);
            dst->colors[t].a = src->colors[t].a * s;
            if (dst->edges)
                dst->edges[t].color.a = src->edges[t].color.a * s;
        }
        for (size_t k = 0; k < src->ndots; k++) {
            float s = sub(a, alpha, index++, total);
            dst->dots[k].color.a = src->dots[k].color.a * fminf(fmaxf(s, 0.0f), 1.0f);
        }
    }
    return LR_OK;
}

/* ---- ChangeColor -------------------------------------------------------- */

void anim_mesh_apply_color(lr_anim *a, float r)
{
    for (size_t i = 0; i < a->nmeshes; i++) {
        const lr_mesh *src = a->meshes[i].ma;
        lr_mesh *dst = a->meshes[i].m->mesh;
        if (!src || !dst || lr_mesh_copy(dst, src) != LR_OK)
            continue;
        lr_color c = a->color;
        bool fill = (a->which & LR_COLOR_FILL) != 0, stroke = (a->which & LR_COLOR_STROKE) != 0;
        for (uint32_t t = 0; fill && t < src->ntris; t++) {
            c.a = src->colors[t].a;
            dst->colors[t] = color_mix(src->colors[t], c, r);
        }
        for (uint32_t t = 0; stroke && src->edges && t < src->ntris; t++) {
            c.a = src->edges[t].color.a;
            dst->edges[t].color = color_mix(src->edges[t].color, c, r);
        }
        for (size_t k = 0; stroke && k < src->nlines; k++) {
            c.a = src->lines[k].color.a;
            dst->lines[k].color = color_mix(src->lines[k].color, c, r);
        }
        for (size_t k = 0; fill && k < src->ndots; k++) {
            c.a = src->dots[k].color.a;
            dst->dots[k].color = color_mix(src->dots[k].color, c, r);
        }
    }
}

/* ---- Transform ---------------------------------------------------------- */

/* A copy of m with its points under `map` (normals by its cofactors). */
static lr_mesh *mesh_mapped(const lr_mesh *m, const lr_map3 *map)
{
    lr_mesh *out = lr_mesh_clone(m);
    if (!out)
        return NULL;
    lr_map3 nmap = lr_map3_normals(map);
    for (uint32_t i = 0; i < out->nverts; i++) {
        out->points[i] = lr_map3_point(map, out->points[i]);
        out->normals[i] = lr_map3_point(&nmap, out->normals[i]);
    }
    for (uint32_t i = 0; i < out->nline_points; i++)
        out->line_points[i] = lr_map3_point(map, out->line_points[i]);
    for (size_t i = 0; i < out->ndots; i++)
        out->dots[i].center = lr_map3_point(map, out->dots[i].center);
    return out;
}

/* src appended to dst, every alpha times `alpha`. */
static lr_status mesh_append(lr_mesh *dst, const lr_mesh *src, float alpha)
{
    uint32_t base = 0, first_tri = dst->ntris;
    lr_status st = lr_mesh_add_vertices(dst, src->points, src->normals, src->nverts, &base);
    uint32_t *idx = src->ntris ? malloc(3 * (size_t)src->ntris * sizeof *idx) : NULL;
    lr_color *col = src->ntris ? malloc(src->ntris * sizeof *col) : NULL;
    if (st == LR_OK && src->ntris && (!idx || !col))
        st = LR_ERR_NOMEM;
    for (uint32_t t = 0; st == LR_OK && t < src->ntris; t++) {
        for (int k = 0; k < 3; k++)
            idx[3 * t + k] = src->indices[3 * t + k] + base;
        col[t] = src->colors[t];
        col[t].a *= alpha;
    }
    if (st == LR_OK)
        st = lr_mesh_add_triangles(dst, idx, src->ntris, col);
    free(idx);
    free(col);
    if (st == LR_OK && src->edges && src->ntris) {
        if (!dst->edges && !(dst->edges = calloc(dst->cap_tris, sizeof *dst->edges)))
            st = LR_ERR_NOMEM;
        for (uint32_t t = 0; st == LR_OK && t < src->ntris; t++) {
            dst->edges[first_tri + t] = src->edges[t];
            dst->edges[first_tri + t].color.a *= alpha;
        }
    }
    if (st == LR_OK && src->twin && src->nverts) {
        if (!dst->twin) {
            dst->twin = malloc(dst->cap_verts * sizeof *dst->twin);
            for (uint32_t v = 0; dst->twin && v < dst->nverts; v++)
                dst->twin[v] = v;
        }
        if (!dst->twin)
            st = LR_ERR_NOMEM;
        for (uint32_t v = 0; st == LR_OK && v < src->nverts; v++)
            dst->twin[base + v] = src->twin[v] + base;
    }
    for (size_t k = 0; st == LR_OK && k < src->nlines; k++) {
        lr_mesh_line ln = src->lines[k];
        ln.color.a *= alpha;
        st = lr_mesh_add_polyline(dst, src->line_points + ln.first, ln.count, ln.width, ln.color);
    }
    for (size_t k = 0; st == LR_OK && k < src->ndots; k++) {
        lr_mesh_dot d = src->dots[k];
        d.color.a *= alpha;
        st = lr_mesh_add_dot(dst, d.center, d.radius, d.color);
    }
    return st;
}

/* m's polyline k resampled to counts[k] points, evenly by index as
 * Manim's align_points subdivides a curve's pieces, so that two curves
 * sampled differently (a line into a helix) morph point for point. */
static lr_status lines_resampled(lr_mesh *m, const uint32_t *counts)
{
    size_t total = 0;
    for (size_t k = 0; k < m->nlines; k++)
        total += counts[k];
    lr_vec3 *pts = total ? malloc(total * sizeof *pts) : NULL;
    if (total && !pts)
        return LR_ERR_NOMEM;
    uint32_t at = 0;
    for (size_t k = 0; k < m->nlines; k++) {
        lr_mesh_line *ln = &m->lines[k];
        const lr_vec3 *p = m->line_points + ln->first;
        uint32_t n = counts[k];
        for (uint32_t i = 0; i < n; i++) {
            double s = n > 1 ? (double)i * (ln->count - 1) / (n - 1) : 0.0;
            uint32_t j = (uint32_t)s;
            if (j + 1 >= ln->count)
                j = ln->count >= 2 ? ln->count - 2 : 0;
            float f = ln->count >= 2 ? (float)(s - j) : 0.0f;
            pts[at + i] = ln->count >= 2 ? mix3(p[j], p[j + 1], f) : p[0];
        }
        ln->first = at;
        ln->count = n;
        at += n;
    }
    free(m->line_points);
    m->line_points = pts;
    m->nline_points = at;
    m->cap_line_points = total;
    return LR_OK;
}

/* Both meshes' polylines at the larger of their two counts. */
static lr_status lines_aligned(lr_mesh *a, lr_mesh *b)
{
    uint32_t *counts = a->nlines ? malloc(a->nlines * sizeof *counts) : NULL;
    if (a->nlines && !counts)
        return LR_ERR_NOMEM;
    for (size_t k = 0; k < a->nlines; k++)
        counts[k] = a->lines[k].count > b->lines[k].count ? a->lines[k].count : b->lines[k].count;
    lr_status st = lines_resampled(a, counts);
    if (st == LR_OK)
        st = lines_resampled(b, counts);
    free(counts);
    return st;
}

/* Whether a and b have the same triangles on the same vertices and the
 * same number of lines and dots: then they morph point for point. */
static bool same_topology(const lr_mesh *a, const lr_mesh *b)
{
    return a->nverts == b->nverts && a->ntris == b->ntris && a->nlines == b->nlines && a->ndots == b->ndots &&
           (a->ntris == 0 || memcmp(a->indices, b->indices, 3 * (size_t)a->ntris * sizeof *a->indices) == 0);
}

lr_status anim_mesh_begin_transform(lr_anim *a, const anim_leaf *targets, size_t ntargets)
{
    lr_status st = LR_OK;
    for (size_t i = 0; st == LR_OK && i < a->nmeshes; i++) {
        anim_leaf *l = &a->meshes[i];
        /* Both in the source's parent space, where the source is baked. */
        lr_map3 to_a = lr_map3_then(l->m->transform3, lr_map3_of_affine(l->to_space));
        l->ma = mesh_mapped(l->m->mesh, &to_a);
        if (!l->ma)
            return LR_ERR_NOMEM;
        l->ob = 0.0f;
        if (i >= ntargets) {
            /* More source meshes than target ones: this one fades out. */
            l->fade = true;
            continue;
        }
        const anim_leaf *t = &targets[i];
        lr_map3 to_b = lr_map3_then(t->m->transform3, lr_map3_of_affine(t->to_space));
        l->mb = mesh_mapped(t->m->mesh, &to_b);
        l->ob = t->oa;
        if (!l->mb)
            return LR_ERR_NOMEM;
        /* The last source mesh takes the target's remaining ones. */
        for (size_t j = i + 1; st == LR_OK && i + 1 == a->nmeshes && j < ntargets; j++) {
            lr_map3 to_j = lr_map3_then(targets[j].m->transform3, lr_map3_of_affine(targets[j].to_space));
            lr_mesh *more = mesh_mapped(targets[j].m->mesh, &to_j);
            st = more ? mesh_append(l->mb, more, 1.0f) : LR_ERR_NOMEM;
            lr_mesh_destroy(more);
        }
        bool lines_match = l->ma->nlines == l->mb->nlines;
        for (size_t k = 0; lines_match && k < l->ma->nlines; k++)
            lines_match = l->mb->lines[k].count >= 2;
        if (st == LR_OK && same_topology(l->ma, l->mb) && lines_match)
            st = lines_aligned(l->ma, l->mb);
        else
            l->fade = true;
    }
    return st;
}

static lr_status mesh_mix(lr_mesh *dst, const lr_mesh *a, const lr_mesh *b, float r)
{
    lr_status st = lr_mesh_copy(dst, a);
    if (st != LR_OK)
        return st;
    for (uint32_t i = 0; i < a->nverts; i++) {
        dst->points[i] = mix3(a->points[i], b->points[i], r);
        dst->normals[i] = mix3(a->normals[i], b->normals[i], r);
    }
    for (uint32_t t = 0; t < a->ntris; t++)
        dst->colors[t] = color_mix(a->colors[t], b->colors[t], r);
    if (dst->edges || b->edges) {
        if (!dst->edges && !(dst->edges = calloc(dst->cap_tris, sizeof *dst->edges)))
            return LR_ERR_NOMEM;
        for (uint32_t t = 0; t < a->ntris; t++) {
            lr_mesh_edges ea = a->edges ? a->edges[t] : (lr_mesh_edges){0}, eb = b->edges ? b->edges[t] : (lr_mesh_edges){0};
            /* An edge only one side has fades in or out in its colour. */
            if (!ea.mask) {
                ea = eb;
                ea.color.a = 0.0f;
            } else if (!eb.mask) {
                eb = ea;
                eb.color.a = 0.0f;
            }
            dst->edges[t] = (lr_mesh_edges){(uint8_t)(ea.mask | eb.mask), ea.width + (eb.width - ea.width) * r,
                                            color_mix(ea.color, eb.color, r)};
        }
    }
    for (uint32_t i = 0; i < a->nline_points; i++)
        dst->line_points[i] = mix3(a->line_points[i], b->line_points[i], r);
    for (size_t k = 0; k < a->nlines; k++) {
        dst->lines[k].width = a->lines[k].width + (b->lines[k].width - a->lines[k].width) * r;
        dst->lines[k].color = color_mix(a->lines[k].color, b->lines[k].color, r);
    }
    for (size_t k = 0; k < a->ndots; k++) {
        dst->dots[k].center = mix3(a->dots[k].center, b->dots[k].center, r);
        dst->dots[k].radius = a->dots[k].radius + (b->dots[k].radius - a->dots[k].radius) * r;
        dst->dots[k].color = color_mix(a->dots[k].color, b->dots[k].color, r);
    }
    if (r >= 1.0f)
        dst->unlit = b->unlit;
    return LR_OK;
}

lr_status anim_mesh_apply_transform(lr_anim *a, float r, bool at_end)
{
    for (size_t i = 0; i < a->nmeshes; i++) {
        anim_leaf *l = &a->meshes[i];
        lr_mesh *dst = l->m->mesh;
        if (!dst || !l->ma)
            continue;
        lr_status st;
        l->m->transform = lr_affine_identity();
        l->m->transform3 = lr_map3_identity();
        l->m->opacity = 1.0f;
        if (!l->fade) {
            st = mesh_mix(dst, l->ma, l->mb, r);
        } else if (at_end && l->mb) {
            st = lr_mesh_copy(dst, l->mb);
        } else {
            /* Meshes that do not match point for point cross-fade. */
            lr_mesh empty = {0};
            st = lr_mesh_copy(dst, &empty);
            if (st == LR_OK)
                st = mesh_append(dst, l->ma, 1.0f - r);
            if (st == LR_OK && l->mb)
                st = mesh_append(dst, l->mb, r);
        }
        if (st != LR_OK)
            return st;
        /* Opacities as the paths': the source's into the target's. */
        float oa = l->oa, ob = l->mb ? l->ob : l->oa;
        l->m->opacity = oa + (ob - oa) * r;
    }
    return LR_OK;
}
