/* Boolean operations on filled paths (lr_boolean.h), through GEOS's
 * reentrant C API. The paths of an operand are flattened into rings, and
 * the region they fill under their rules is found from them exactly: GEOS
 * nodes all the rings together (every crossing becomes a vertex of both
 * edges) and polygonizes them into faces; in every face each path has one
 * winding number, which a point inside the face tells, and a face is kept
 * when some path's rule fills it there (the operand is the union of what
 * its paths fill). Kept faces that share no edge already make a valid
 * multipolygon; GEOS merges the others. GEOS's overlay (OverlayNG, robust
 * with snapping fallbacks) then does the operation. Only the winding
 * number of a point against polygons is counted here; all clipping is
 * GEOS's.
 *
 * GEOS is opened when an operation first needs it (core/dynlib.h): linked,
 * binding its C++ library's symbols was part of every run's start-up. */
#include <geos_c.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librender/lr_boolean.h>

#include "core/dynlib.h"
#include "geometry/geometry_internal.h"

#define MAX_LINE_PIECES 4096u

uint32_t lr_cubic_line_count(const lr_vec2 c[4], float tolerance)
{
    if (!c || !(tolerance > 0))
        return 1;
    double ax = (double)c[0].x - 2.0 * c[1].x + c[2].x, ay = (double)c[0].y - 2.0 * c[1].y + c[2].y;
    double bx = (double)c[1].x - 2.0 * c[2].x + c[3].x, by = (double)c[1].y - 2.0 * c[2].y + c[3].y;
    double m = fmax(hypot(ax, ay), hypot(bx, by));
    /* |B''| <= 6 m, and a chord of a piece of parameter step 1/n is within
     * |B''|max / (8 n^2) of its curve. */
    double n = ceil(sqrt(0.75 * m / tolerance));
    if (!(n >= 1))
        return 1;
    return n > MAX_LINE_PIECES ? MAX_LINE_PIECES : (uint32_t)n;
}

/* ---- rings: flattened subpaths, in double --------------------------------- */

typedef struct rings {
    double *xy;      /* x, y pairs; each ring closed (its first point again at its end) */
    size_t n, cap;   /* points */
    size_t *start;   /* first point of each ring, and n at the end */
    size_t *path;    /* the operand's path each ring comes from */
    size_t nrings, cap_rings;
} rings;

static bool push_point(rings *r, double x, double y)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        double *xy = realloc(r->xy, cap * 2 * sizeof *xy);
        if (!xy)
            return false;
        r->xy = xy;
        r->cap = cap;
    }
    r->xy[2 * r->n] = x;
    r->xy[2 * r->n + 1] = y;
    r->n++;
    return true;
}

static bool begin_ring(rings *r, size_t path)
{
    if (r->nrings + 2 > r->cap_rings) {
        size_t cap = r->cap_rings ? r->cap_rings * 2 : 16;
        size_t *st = realloc(r->start, cap * sizeof *st);
        if (st)
            r->start = st;
        size_t *pa = st ? realloc(r->path, cap * sizeof *pa) : NULL;
        if (pa)
            r->path = pa;
        if (!st || !pa)
            return false;
        r->cap_rings = cap;
    }
    r->start[r->nrings] = r->n;
    r->path[r->nrings] = path;
    return true;
}

/* Ends the ring begun last: closed, kept when it has three corners. */
static bool end_ring(rings *r)
{
    size_t first = r->start[r->nrings];
    if (r->n - first < 3) {
        r->n = first; /* a point or a segment encloses nothing */
        return true;
    }
    double x0 = r->xy[2 * first], y0 = r->xy[2 * first + 1];
    if ((r->xy[2 * (r->n - 1)] != x0 || r->xy[2 * (r->n - 1) + 1] != y0) && !push_point(r, x0, y0))
        return false;
    r->nrings++;
    r->start[r->nrings] = r->n;
    return true;
}

static void rings_free(rings *r)
{
    free(r->xy);
    free(r->start);
    free(r->path);
    memset(r, 0, sizeof *r);
}

/* The subpaths of bp (path `index` of its operand) as rings: each cubic
 * cut into lr_cubic_line_count pieces after the transform. *segments
 * counts what the operand has so far, against LR_BOOLEAN_MAX_SEGMENTS. */
static lr_status flatten(const lr_boolean_path *bp, size_t index, float tolerance, rings *out, size_t *segments)
{
    const lr_path *p = bp->path;
    for (uint32_t s = 0; s < p->nsubpaths; s++) {
        const lr_subpath *sp = &p->subpaths[s];
        if (sp->ncurves == 0 || !lr_geom_subpath_valid(p, sp))
            continue;
        if (!begin_ring(out, index))
            return LR_ERR_NOMEM;
        for (uint32_t k = 0; k < sp->ncurves; k++) {
            lr_vec2 c[4];
            for (int j = 0; j < 4; j++) {
                c[j] = lr_affine_apply(bp->transform, p->points[sp->first + 3 * k + (uint32_t)j]);
                if (!lr_geom_finite2(c[j]))
                    return LR_ERR_INVALID_ARG;
            }
            uint32_t n = lr_cubic_line_count(c, tolerance);
            *segments += n;
            if (*segments > LR_BOOLEAN_MAX_SEGMENTS)
                return LR_ERR_LIMIT;
            if (k == 0 && !push_point(out, c[0].x, c[0].y))
                return LR_ERR_NOMEM;
            for (uint32_t i = 1; i <= n; i++) {
                lr_vec2 q = i == n ? c[3] : lr_cubic_point(c, (float)i / (float)n);
                size_t last = out->n - 1;
                if ((q.x != out->xy[2 * last] || q.y != out->xy[2 * last + 1]) && !push_point(out, q.x, q.y))
                    return LR_ERR_NOMEM;
            }
        }
        if (!end_ring(out))
            return LR_ERR_NOMEM;
    }
    return LR_OK;
}

/* Whether some path fills (x, y) under its rule: the winding number of
 * each path's rings about the point (Sunday's crossing rule: upward edges
 * with the point on their left count +1, downward ones with it on their
 * right -1), into w[path]. */
static bool filled_at(const rings *r, const lr_boolean_path *ps, size_t npaths, int *w, double x, double y)
{
    memset(w, 0, npaths * sizeof *w);
    for (size_t k = 0; k < r->nrings; k++)
        for (size_t i = r->start[k]; i + 1 < r->start[k + 1]; i++) {
            double x0 = r->xy[2 * i], y0 = r->xy[2 * i + 1], x1 = r->xy[2 * i + 2], y1 = r->xy[2 * i + 3];
            double left = (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0);
            if (y0 <= y) {
                if (y1 > y && left > 0)
                    w[r->path[k]]++;
            } else if (y1 <= y && left < 0) {
                w[r->path[k]]--;
            }
        }
    for (size_t p = 0; p < npaths; p++)
        if (ps[p].rule == LR_FILL_EVENODD ? (w[p] & 1) : w[p] != 0)
            return true;
    return false;
}

/* ---- GEOS ------------------------------------------------------------------- */

/* The GEOS functions used, as X(name). */
#define GEOS_FUNCTIONS(X) \
    X(GEOSContext_setErrorMessageHandler_r) \
    X(GEOSCoordSeq_copyFromBuffer_r) \
    X(GEOSCoordSeq_copyToBuffer_r) \
    X(GEOSCoordSeq_getSize_r) \
    X(GEOSCoordSeq_isCCW_r) \
    X(GEOSDifference_r) \
    X(GEOSGeomGetX_r) \
    X(GEOSGeomGetY_r) \
    X(GEOSGeomTypeId_r) \
    X(GEOSGeom_clone_r) \
    X(GEOSGeom_createCollection_r) \
    X(GEOSGeom_createEmptyPolygon_r) \
    X(GEOSGeom_createLineString_r) \
    X(GEOSGeom_destroy_r) \
    X(GEOSGeom_getCoordSeq_r) \
    X(GEOSGetExteriorRing_r) \
    X(GEOSGetGeometryN_r) \
    X(GEOSGetInteriorRingN_r) \
    X(GEOSGetNumGeometries_r) \
    X(GEOSGetNumInteriorRings_r) \
    X(GEOSIntersection_r) \
    X(GEOSNode_r) \
    X(GEOSPointOnSurface_r) \
    X(GEOSPolygonize_r) \
    X(GEOSSymDifference_r) \
    X(GEOSUnaryUnion_r) \
    X(GEOSUnion_r) \
    X(GEOS_finish_r) \
    X(GEOS_init_r) \
    X(GEOSisEmpty_r) \
    X(GEOSisValid_r)

/* The soname the header was built against, so the functions' types hold. */
#define GEOS_LIBRARY "libgeos_c.so." LR_DYNLIB_STRINGIFY(GEOS_CAPI_VERSION_MAJOR)

typedef struct geos_api {
    void *lib;
    GEOS_FUNCTIONS(LR_DYNLIB_MEMBER)
} geos_api;

#define GEOS_SYMBOL(name) LR_DYNLIB_SYMBOL(geos_api, name)
static const lr_dynlib_symbol geos_symbols[] = {GEOS_FUNCTIONS(GEOS_SYMBOL)};

typedef struct geos {
    GEOSContextHandle_t h;
    geos_api fn;
    char message[256];
} geos;

static void on_geos_error(const char *message, void *user)
{
    geos *g = user;
    if (!g->message[0])
        snprintf(g->message, sizeof g->message, "%s", message);
}

static lr_status geos_failed(geos *g, const char *what, lr_error *err)
{
    return lr_error_set(err, LR_ERR_INVALID_ARG, "GEOS could not %s: %s", what,
                        g->message[0] ? g->message : "no reason given");
}

static void destroy_all(geos *g, GEOSGeometry **parts, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (parts[i])
            g->fn.GEOSGeom_destroy_r(g->h, parts[i]);
}

/* The region the rings of an operand's paths fill, into *out. */
static lr_status region_of(geos *g, const rings *r, const lr_boolean_path *ps, size_t npaths, GEOSGeometry **out,
                           lr_error *err)
{
    *out = NULL;
    if (r->nrings == 0) {
        *out = g->fn.GEOSGeom_createEmptyPolygon_r(g->h);
        return *out ? LR_OK : geos_failed(g, "make an empty polygon", err);
    }
    GEOSGeometry **lines = calloc(r->nrings, sizeof *lines);
    if (!lines)
        return LR_ERR_NOMEM;
    for (size_t k = 0; k < r->nrings; k++) {
        size_t n = r->start[k + 1] - r->start[k];
        GEOSCoordSequence *seq = g->fn.GEOSCoordSeq_copyFromBuffer_r(g->h, r->xy + 2 * r->start[k], (unsigned)n, 0, 0);
        lines[k] = seq ? g->fn.GEOSGeom_createLineString_r(g->h, seq) : NULL;
        if (!lines[k]) {
            destroy_all(g, lines, k);
            free(lines);
            return geos_failed(g, "make a line string", err);
        }
    }
    GEOSGeometry *all = g->fn.GEOSGeom_createCollection_r(g->h, GEOS_MULTILINESTRING, lines, (unsigned)r->nrings);
    free(lines);
    if (!all)
        return geos_failed(g, "collect the rings", err);
    /* Every crossing a vertex, then the faces of the arrangement. */
    GEOSGeometry *noded = g->fn.GEOSNode_r(g->h, all);
    g->fn.GEOSGeom_destroy_r(g->h, all);
    if (!noded)
        return geos_failed(g, "node the outline", err);
    const GEOSGeometry *in[1] = {noded};
    GEOSGeometry *faces = g->fn.GEOSPolygonize_r(g->h, in, 1);
    g->fn.GEOSGeom_destroy_r(g->h, noded);
    if (!faces)
        return geos_failed(g, "find the outline's faces", err);
    int nfaces = g->fn.GEOSGetNumGeometries_r(g->h, faces);
    GEOSGeometry **kept = calloc(nfaces > 0 ? (size_t)nfaces : 1, sizeof *kept);
    int *w = calloc(npaths ? npaths : 1, sizeof *w);
    if (!kept || !w) {
        free(kept);
        free(w);
        g->fn.GEOSGeom_destroy_r(g->h, faces);
        return LR_ERR_NOMEM;
    }
    lr_status s = LR_OK;
    unsigned nkept = 0;
    for (int i = 0; i < nfaces && s == LR_OK; i++) {
        const GEOSGeometry *face = g->fn.GEOSGetGeometryN_r(g->h, faces, i);
        GEOSGeometry *inside = face ? g->fn.GEOSPointOnSurface_r(g->h, face) : NULL;
        double x, y;
        bool ok = inside && !g->fn.GEOSisEmpty_r(g->h, inside) && g->fn.GEOSGeomGetX_r(g->h, inside, &x) &&
                  g->fn.GEOSGeomGetY_r(g->h, inside, &y);
        if (inside)
            g->fn.GEOSGeom_destroy_r(g->h, inside);
        if (!ok || !filled_at(r, ps, npaths, w, x, y))
            continue; /* a face of no area, or one no path fills */
        kept[nkept] = g->fn.GEOSGeom_clone_r(g->h, face);
        if (!kept[nkept++])
            s = geos_failed(g, "copy a face", err);
    }
    free(w);
    g->fn.GEOSGeom_destroy_r(g->h, faces);
    if (s != LR_OK) {
        destroy_all(g, kept, nkept);
        free(kept);
        return s;
    }
    if (nkept <= 1) {
        *out = nkept ? kept[0] : g->fn.GEOSGeom_createEmptyPolygon_r(g->h);
        free(kept);
        return *out ? LR_OK : geos_failed(g, "make an empty polygon", err);
    }
    GEOSGeometry *set = g->fn.GEOSGeom_createCollection_r(g->h, GEOS_MULTIPOLYGON, kept, nkept);
    if (!set) {
        destroy_all(g, kept, nkept);
        free(kept);
        return geos_failed(g, "collect the faces", err);
    }
    free(kept);
    /* Faces of one arrangement never overlap: they are a valid
     * multipolygon unless two kept ones share an edge (loops of one
     * orientation overlapping, a pentagram's middle), which GEOS then
     * merges. Merging costs several times the operation itself. */
    if (g->fn.GEOSisValid_r(g->h, set) == 1) {
        *out = set;
        return LR_OK;
    }
    g->message[0] = 0;
    *out = g->fn.GEOSUnaryUnion_r(g->h, set);
    g->fn.GEOSGeom_destroy_r(g->h, set);
    return *out ? LR_OK : geos_failed(g, "merge the faces", err);
}

/* An operand: the region its paths fill, each under its own rule. */
static lr_status operand(geos *g, const lr_boolean_path *ps, size_t n, float tolerance, GEOSGeometry **out,
                         lr_error *err)
{
    *out = NULL;
    rings r = {0};
    size_t segments = 0;
    lr_status s = LR_OK;
    for (size_t i = 0; i < n && s == LR_OK; i++) {
        if (!ps[i].path) {
            s = lr_error_set(err, LR_ERR_INVALID_ARG, "lr_path_boolean: path %zu of an operand is NULL", i);
            break;
        }
        s = flatten(&ps[i], i, tolerance, &r, &segments);
        if (s == LR_ERR_LIMIT)
            lr_error_set(err, s, "an operand has more than %u straight segments once flattened (tolerance %g)",
                         LR_BOOLEAN_MAX_SEGMENTS, (double)tolerance);
        else if (s == LR_ERR_INVALID_ARG)
            lr_error_set(err, s, "path %zu of an operand has a point that is not finite", i);
        else if (s == LR_ERR_NOMEM)
            lr_error_set(err, s, "out of memory flattening an operand");
    }
    if (s == LR_OK)
        s = region_of(g, &r, ps, n, out, err);
    rings_free(&r);
    return s;
}

/* ---- back to a path ------------------------------------------------------------ */

/* A ring as a closed subpath of lines, counter-clockwise or not. */
static lr_status emit_ring(geos *g, const GEOSGeometry *ring, bool ccw, lr_path *out, lr_error *err)
{
    const GEOSCoordSequence *seq = g->fn.GEOSGeom_getCoordSeq_r(g->h, ring);
    unsigned n = 0;
    char is_ccw = 0;
    if (!seq || !g->fn.GEOSCoordSeq_getSize_r(g->h, seq, &n) || !g->fn.GEOSCoordSeq_isCCW_r(g->h, seq, &is_ccw))
        return geos_failed(g, "read a ring", err);
    if (n < 4)
        return LR_OK; /* closed: three corners and the first again */
    double *xy = malloc((size_t)n * 2 * sizeof *xy);
    if (!xy)
        return LR_ERR_NOMEM;
    if (!g->fn.GEOSCoordSeq_copyToBuffer_r(g->h, seq, xy, 0, 0)) {
        free(xy);
        return geos_failed(g, "read a ring", err);
    }
    bool flip = (is_ccw != 0) != ccw;
    unsigned m = n - 1; /* the last point is the first again */
    lr_status s = LR_OK;
    for (unsigned i = 0; i < m && s == LR_OK; i++) {
        unsigned k = flip ? (m - i) % m : i;
        lr_vec2 p = {(float)xy[2 * k], (float)xy[2 * k + 1]};
        s = i == 0 ? lr_geom_begin(out, p) : lr_path_line_to(out, p);
    }
    if (s == LR_OK)
        s = lr_path_close(out);
    free(xy);
    return s;
}

static lr_status emit(geos *g, const GEOSGeometry *geom, lr_path *out, lr_error *err, int depth)
{
    int type = g->fn.GEOSGeomTypeId_r(g->h, geom);
    if (type == GEOS_POLYGON) {
        if (g->fn.GEOSisEmpty_r(g->h, geom))
            return LR_OK;
        const GEOSGeometry *shell = g->fn.GEOSGetExteriorRing_r(g->h, geom);
        lr_status s = shell ? emit_ring(g, shell, true, out, err) : geos_failed(g, "read a polygon", err);
        int holes = g->fn.GEOSGetNumInteriorRings_r(g->h, geom);
        for (int i = 0; i < holes && s == LR_OK; i++) {
            const GEOSGeometry *hole = g->fn.GEOSGetInteriorRingN_r(g->h, geom, i);
            s = hole ? emit_ring(g, hole, false, out, err) : geos_failed(g, "read a hole", err);
        }
        return s;
    }
    if ((type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) && depth < 8) {
        int n = g->fn.GEOSGetNumGeometries_r(g->h, geom);
        lr_status s = LR_OK;
        for (int i = 0; i < n && s == LR_OK; i++) {
            const GEOSGeometry *part = g->fn.GEOSGetGeometryN_r(g->h, geom, i);
            s = part ? emit(g, part, out, err, depth + 1) : geos_failed(g, "read a part", err);
        }
        return s;
    }
    return LR_OK; /* lines and points where shapes only touch: no area */
}

lr_status lr_path_boolean(lr_path *out, lr_boolean_op op, const lr_boolean_path *a, size_t na,
                          const lr_boolean_path *b, size_t nb, float tolerance, lr_error *err)
{
    if (!out || (na && !a) || (nb && !b) || !(tolerance > 0) || !isfinite(tolerance) || op < LR_BOOLEAN_UNION ||
        op > LR_BOOLEAN_EXCLUSION)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_path_boolean: invalid arguments");
    geos g = {0};
    lr_status s = LR_DYNLIB_OPEN(GEOS_LIBRARY, geos_symbols, &g.fn,
                                 "a boolean operation (Union, Intersection, Difference, Exclusion)", err);
    if (s != LR_OK)
        return s;
    g.h = g.fn.GEOS_init_r();
    if (!g.h) {
        lr_dynlib_close(g.fn.lib);
        return lr_error_set(err, LR_ERR_NOMEM, "could not start GEOS");
    }
    g.fn.GEOSContext_setErrorMessageHandler_r(g.h, on_geos_error, &g);
    GEOSGeometry *ga = NULL, *gb = NULL, *res = NULL;
    s = operand(&g, a, na, tolerance, &ga, err);
    if (s == LR_OK)
        s = operand(&g, b, nb, tolerance, &gb, err);
    if (s == LR_OK) {
        switch (op) {
        case LR_BOOLEAN_UNION: res = g.fn.GEOSUnion_r(g.h, ga, gb); break;
        case LR_BOOLEAN_INTERSECTION: res = g.fn.GEOSIntersection_r(g.h, ga, gb); break;
        case LR_BOOLEAN_DIFFERENCE: res = g.fn.GEOSDifference_r(g.h, ga, gb); break;
        case LR_BOOLEAN_EXCLUSION: res = g.fn.GEOSSymDifference_r(g.h, ga, gb); break;
        }
        if (!res)
            s = geos_failed(&g, "combine the operands", err);
    }
    lr_path tmp = {0};
    if (s == LR_OK) {
        s = emit(&g, res, &tmp, err, 0);
        if (s == LR_OK)
            s = lr_path_append(out, &tmp, NULL);
        if (s == LR_ERR_NOMEM || s == LR_ERR_LIMIT)
            lr_error_set(err, s, s == LR_ERR_NOMEM ? "out of memory building the result" : "the result has too many points");
    }
    lr_path_free(&tmp);
    if (ga)
        g.fn.GEOSGeom_destroy_r(g.h, ga);
    if (gb)
        g.fn.GEOSGeom_destroy_r(g.h, gb);
    if (res)
        g.fn.GEOSGeom_destroy_r(g.h, res);
    g.fn.GEOS_finish_r(g.h);
    lr_dynlib_close(g.fn.lib);
    return s;
}
