/* Editing paths for animation: reverse, partial, alignment, interpolation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "geometry/geometry_internal.h"

void lr_path_reverse(lr_path *path)
{
    if (!path)
        return;
    for (uint32_t s = 0; s < path->nsubpaths; s++) {
        const lr_subpath *sp = &path->subpaths[s];
        if (!lr_geom_subpath_valid(path, sp))
            continue;
        uint32_t i = sp->first, j = sp->first + 3 * sp->ncurves;
        for (; i < j; i++, j--) {
            lr_vec2 t = path->points[i];
            path->points[i] = path->points[j];
            path->points[j] = t;
        }
    }
}

/* Appends out[1..3] of a curve to the current subpath of dst. */
static lr_status push_curve(lr_path *dst, const lr_vec2 c[4])
{
    lr_status s = lr_geom_grow(dst, 3, 0);
    if (s != LR_OK)
        return s;
    for (int j = 1; j < 4; j++)
        dst->points[dst->npoints++] = c[j];
    dst->subpaths[dst->nsubpaths - 1].ncurves++;
    return LR_OK;
}

static lr_status partial_into(lr_path *dst, const lr_path *src, double a, double b)
{
    lr_path_clear(dst);
    double n = (double)lr_path_curve_count(src);
    double lo = a * n, hi = b * n;
    double g0 = 0;
    for (uint32_t s = 0; s < src->nsubpaths; s++) {
        const lr_subpath *sp = &src->subpaths[s];
        double g1 = g0 + sp->ncurves;
        double from = fmax(lo, g0), to = fmin(hi, g1);
        if (sp->ncurves == 0 || from >= to || !lr_geom_subpath_valid(src, sp)) {
            g0 = g1;
            continue;
        }
        uint32_t i0 = (uint32_t)(from - g0), i1 = (uint32_t)ceil(to - g0);
        if (i1 > sp->ncurves)
            i1 = sp->ncurves;
        bool started = false;
        for (uint32_t i = i0; i < i1; i++) {
            const lr_vec2 *c = &src->points[sp->first + 3 * i];
            double t0 = from - g0 - i, t1 = to - g0 - i;
            t0 = t0 < 0 ? 0 : t0;
            t1 = t1 > 1 ? 1 : t1;
            if (t1 <= t0)
                continue;
            lr_vec2 piece[4];
            lr_geom_subcurve(c, t0, t1, piece);
            lr_status st = LR_OK;
            if (!started)
                st = lr_geom_begin(dst, piece[0]);
            started = true;
            if (st == LR_OK)
                st = push_curve(dst, piece);
            if (st != LR_OK)
                return st;
        }
        if (started && from <= g0 && to >= g1)
            dst->subpaths[dst->nsubpaths - 1].closed = sp->closed;
        g0 = g1;
    }
    return LR_OK;
}

lr_status lr_path_partial(lr_path *dst, const lr_path *src, float a, float b)
{
    if (!dst || !src || isnan(a) || isnan(b))
        return LR_ERR_INVALID_ARG;
    a = a < 0 ? 0 : a > 1 ? 1 : a;
    b = b < 0 ? 0 : b > 1 ? 1 : b;
    if (a <= 0 && b >= 1)
        return lr_path_copy(dst, src);
    if (dst != src)
        return partial_into(dst, src, a, b);
    lr_path tmp = {0};
    lr_status s = partial_into(&tmp, src, a, b);
    if (s == LR_OK)
        s = lr_path_copy(dst, &tmp);
    lr_path_free(&tmp);
    return s;
}

/* A cheap length estimate that is only used to decide which curves to
 * split: the mean of chord and control polygon. */
static double rough_length(const lr_vec2 *c)
{
    double chord = hypot((double)c[3].x - c[0].x, (double)c[3].y - c[0].y);
    double poly = hypot((double)c[1].x - c[0].x, (double)c[1].y - c[0].y) +
                  hypot((double)c[2].x - c[1].x, (double)c[2].y - c[1].y) +
                  hypot((double)c[3].x - c[2].x, (double)c[3].y - c[2].y);
    return 0.5 * (chord + poly);
}

typedef struct piece_share {
    double rem;
    uint32_t index;
} piece_share;

static int share_cmp(const void *pa, const void *pb)
{
    const piece_share *a = pa, *b = pb;
    if (a->rem != b->rem)
        return a->rem < b->rem ? 1 : -1;
    return a->index < b->index ? -1 : a->index > b->index ? 1 : 0;
}

/* How many pieces each of the n curves splits into to make `target` curves:
 * proportional to length (longest curves split most), every curve at least
 * one piece, largest remainders first. */
static lr_status split_counts(const lr_vec2 *pts, uint32_t n, uint32_t target, uint32_t *pieces)
{
    piece_share *sh = malloc((size_t)n * sizeof *sh);
    if (!sh)
        return LR_ERR_NOMEM;
    double total = 0;
    for (uint32_t i = 0; i < n; i++) {
        double l = rough_length(&pts[3 * i]);
        sh[i].rem = isfinite(l) ? l : 0;
        total += sh[i].rem;
    }
    uint32_t extra = target - n, used = 0;
    for (uint32_t i = 0; i < n; i++) {
        double want = total > 0 ? extra * (sh[i].rem / total) : (double)extra / n;
        uint32_t k = (uint32_t)floor(want);
        if (k > extra - used)
            k = extra - used;
        pieces[i] = 1 + k;
        used += k;
        sh[i].rem = want - k;
        sh[i].index = i;
    }
    qsort(sh, n, sizeof *sh, share_cmp);
    for (uint32_t i = 0; used < extra; i = (i + 1) % n, used++)
        pieces[sh[i].index]++;
    free(sh);
    return LR_OK;
}

static lr_status align_subpath(lr_path *out, const lr_path *path, const lr_subpath *sp, uint32_t target)
{
    lr_vec2 start = path->points[sp->first];
    lr_status s = lr_geom_begin(out, start);
    if (s != LR_OK)
        return s;
    out->subpaths[out->nsubpaths - 1].closed = sp->closed;
    if (target == 0)
        return LR_OK;
    s = lr_geom_grow(out, 3 * target, 0);
    if (s != LR_OK)
        return s;
    if (sp->ncurves == 0) {
        for (uint32_t i = 0; i < 3 * target; i++)
            out->points[out->npoints++] = start;
        out->subpaths[out->nsubpaths - 1].ncurves = target;
        return LR_OK;
    }
    uint32_t *pieces = malloc((size_t)sp->ncurves * sizeof *pieces);
    if (!pieces)
        return LR_ERR_NOMEM;
    s = split_counts(&path->points[sp->first], sp->ncurves, target, pieces);
    for (uint32_t i = 0; s == LR_OK && i < sp->ncurves; i++) {
        const lr_vec2 *c = &path->points[sp->first + 3 * i];
        for (uint32_t j = 0; s == LR_OK && j < pieces[i]; j++) {
            lr_vec2 piece[4];
            lr_geom_subcurve(c, (double)j / pieces[i], (double)(j + 1) / pieces[i], piece);
            s = push_curve(out, piece);
        }
    }
    free(pieces);
    return s;
}

lr_status lr_path_align_to(lr_path *path, uint32_t nsubpaths, const uint32_t *curves_per_subpath)
{
    if (!path || (nsubpaths > 0 && !curves_per_subpath) || nsubpaths < path->nsubpaths)
        return LR_ERR_INVALID_ARG;
    uint64_t total = 0;
    for (uint32_t i = 0; i < nsubpaths; i++) {
        if (i < path->nsubpaths) {
            const lr_subpath *sp = &path->subpaths[i];
            if (curves_per_subpath[i] < sp->ncurves || !lr_geom_subpath_valid(path, sp))
                return LR_ERR_INVALID_ARG;
        }
        total += 3ull * curves_per_subpath[i] + 1;
    }
    if (total > LR_GEOM_MAX_POINTS)
        return LR_ERR_LIMIT;
    lr_path out = {0};
    lr_status s = lr_path_reserve(&out, (uint32_t)total, nsubpaths);
    for (uint32_t i = 0; s == LR_OK && i < path->nsubpaths; i++)
        s = align_subpath(&out, path, &path->subpaths[i], curves_per_subpath[i]);
    /* Missing subpaths grow out of the last point, as in Manim. */
    lr_vec2 anchor = path->npoints ? path->points[path->npoints - 1] : (lr_vec2){0, 0};
    lr_subpath lone = {0, 0, false};
    lr_path one = {&anchor, 1, 1, &lone, 1, 1};
    for (uint32_t i = path->nsubpaths; s == LR_OK && i < nsubpaths; i++)
        s = align_subpath(&out, &one, &lone, curves_per_subpath[i]);
    if (s != LR_OK) {
        lr_path_free(&out);
        return s;
    }
    lr_path_free(path);
    *path = out;
    return LR_OK;
}

lr_status lr_path_align_pair(lr_path *a, lr_path *b)
{
    if (!a || !b || a == b)
        return a && a == b ? LR_OK : LR_ERR_INVALID_ARG;
    uint32_t n = a->nsubpaths > b->nsubpaths ? a->nsubpaths : b->nsubpaths;
    if (n == 0)
        return LR_OK;
    uint32_t *counts = malloc((size_t)n * sizeof *counts);
    if (!counts)
        return LR_ERR_NOMEM;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t ca = i < a->nsubpaths ? a->subpaths[i].ncurves : 0;
        uint32_t cb = i < b->nsubpaths ? b->subpaths[i].ncurves : 0;
        counts[i] = ca > cb ? ca : cb;
    }
    lr_status s = lr_path_align_to(a, n, counts);
    if (s == LR_OK)
        s = lr_path_align_to(b, n, counts);
    free(counts);
    return s;
}

lr_status lr_path_interpolate(lr_path *out, const lr_path *a, const lr_path *b, float t)
{
    if (!out || !a || !b || !isfinite(t) || a->npoints != b->npoints || a->nsubpaths != b->nsubpaths)
        return LR_ERR_INVALID_ARG;
    for (uint32_t i = 0; i < a->nsubpaths; i++)
        if (a->subpaths[i].first != b->subpaths[i].first || a->subpaths[i].ncurves != b->subpaths[i].ncurves)
            return LR_ERR_INVALID_ARG;
    lr_status s = lr_path_reserve(out, a->npoints, a->nsubpaths);
    if (s != LR_OK)
        return s;
    for (uint32_t i = 0; i < a->nsubpaths; i++) {
        lr_subpath sp = a->subpaths[i];
        /* Joining the ends of a shape that is only closed on one side would
         * draw a join where there is no corner. */
        sp.closed = t <= 0 ? a->subpaths[i].closed
                  : t >= 1 ? b->subpaths[i].closed
                           : a->subpaths[i].closed && b->subpaths[i].closed;
        out->subpaths[i] = sp;
    }
    for (uint32_t i = 0; i < a->npoints; i++) {
        lr_vec2 p = a->points[i], q = b->points[i];
        out->points[i] = t == 0 ? p : t == 1 ? q : (lr_vec2){p.x + (q.x - p.x) * t, p.y + (q.y - p.y) * t};
    }
    out->npoints = a->npoints;
    out->nsubpaths = a->nsubpaths;
    return LR_OK;
}
