/* Graph layouts (graph_layout.h says which are whose). The arithmetic ones
 * follow networkx 2.8's formulas as Manim calls them: circular, shell,
 * multipartite, spiral, then rescale_layout (centre on the mean, the
 * largest coordinate to `scale`); the igraph ones are scaled the way Manim
 * scales what networkx returns for them. igraph (with BLAS, LAPACK and
 * gfortran) is opened when a layout needs it (core/dynlib.h), not linked. */
#include "graph/graph_layout.h"
#include "core/dynlib.h"
#include "core/rng.h"

#include <igraph.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* networkx's rescale_layout: subtract the mean, then the largest
 * coordinate, in x or y, becomes `scale`. */
static void rescale(double (*pos)[2], size_t n, double scale)
{
    double mx = 0, my = 0, lim = 0;
    for (size_t i = 0; i < n; i++) {
        mx += pos[i][0];
        my += pos[i][1];
    }
    mx /= (double)n;
    my /= (double)n;
    for (size_t i = 0; i < n; i++) {
        pos[i][0] -= mx;
        pos[i][1] -= my;
        lim = fmax(lim, fmax(fabs(pos[i][0]), fabs(pos[i][1])));
    }
    if (lim > 0)
        for (size_t i = 0; i < n; i++) {
            pos[i][0] *= scale / lim;
            pos[i][1] *= scale / lim;
        }
}

/* Manim's _tree_layout scaling: centred on the box of the positions, then
 * the larger of its width and height is 2 scale (or spacing_x, spacing_y
 * per unit of the layout: siblings and levels are 1 apart). */
static void fit_box(double (*pos)[2], size_t n, const graph_layout_in *in)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        x0 = fmin(x0, pos[i][0]);
        x1 = fmax(x1, pos[i][0]);
        y0 = fmin(y0, pos[i][1]);
        y1 = fmax(y1, pos[i][1]);
    }
    double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, w = x1 - x0, h = y1 - y0;
    double sx = 1, sy = 1;
    if (in->spacing) {
        sx = in->spacing_x;
        sy = in->spacing_y;
    } else if (w > 0 || h > 0) {
        sx = sy = 2 * in->scale / fmax(w, h);
    }
    for (size_t i = 0; i < n; i++) {
        pos[i][0] = (pos[i][0] - cx) * sx;
        pos[i][1] = (pos[i][1] - cy) * sy;
    }
}

static void circular(double (*pos)[2], size_t n, double scale)
{
    for (size_t k = 0; k < n; k++) {
        double th = 2 * PI * (double)k / (double)n;
        pos[k][0] = cos(th);
        pos[k][1] = sin(th);
    }
    rescale(pos, n, scale);
}

/* networkx shell_layout: shell s of radius (s + 1) scale / shells (the
 * first 0 when it holds one vertex), starting at angle (s + 1) pi / shells.
 * It is not rescaled. */
static void shell(const graph_layout_in *in, double (*pos)[2])
{
    size_t nshells = in->ngroups ? in->ngroups : 1;
    double bump = in->scale / (double)nshells, rotate = PI / (double)nshells;
    size_t first = in->ngroups ? in->group_sizes[0] : in->nvertices;
    double radius = first == 1 ? 0 : bump, theta0 = rotate;
    for (size_t s = 0; s < nshells; s++) {
        size_t len = in->ngroups ? in->group_sizes[s] : in->nvertices;
        for (size_t j = 0; j < len; j++) {
            int v = in->ngroups ? in->groups[s][j] : (int)j;
            double th = 2 * PI * (double)j / (double)len + theta0;
            pos[v][0] = radius * cos(th);
            pos[v][1] = radius * sin(th);
        }
        radius += bump;
        theta0 += rotate;
    }
}

/* networkx multipartite_layout: partition i is the column x = i - (w - 1)/2,
 * its vertices y = (h - 1)/2 - j from the top in the order given (networkx
 * 2.8 puts them so for partitions listed in the graph's order), then
 * rescaled over all the vertices; the vertices in no partition make the
 * last column (Manim's _partite_layout). */
static lr_status partite(const graph_layout_in *in, double (*pos)[2], lr_error *err)
{
    size_t n = in->nvertices;
    char *placed = calloc(n, 1);
    if (!placed)
        return lr_error_set(err, LR_ERR_NOMEM, "graph layout: out of memory");
    size_t rest = n;
    for (size_t g = 0; g < in->ngroups; g++)
        for (size_t j = 0; j < in->group_sizes[g]; j++) {
            int v = in->groups[g][j];
            if (v >= 0 && (size_t)v < n && !placed[v]) {
                placed[v] = 1;
                rest--;
            }
        }
    size_t width = in->ngroups + (rest > 0);
    for (size_t g = 0; g < width; g++) {
        bool extra = g == in->ngroups;
        size_t h = extra ? rest : in->group_sizes[g];
        double x = (double)g - (double)(width - 1) / 2;
        size_t j = 0;
        for (size_t k = 0; k < (extra ? n : h); k++) {
            int v = extra ? (int)k : in->groups[g][k];
            if (extra && placed[v])
                continue;
            double y = (double)(h - 1) / 2 - (double)j++;
            pos[v][0] = in->horizontal ? y : x;
            pos[v][1] = in->horizontal ? x : y;
        }
    }
    free(placed);
    /* networkx swaps x and y after rescaling, which rescaling does not mind. */
    rescale(pos, n, in->scale);
    return LR_OK;
}

static void spiral(const graph_layout_in *in, double (*pos)[2])
{
    for (size_t k = 0; k < in->nvertices; k++) {
        double d = (double)k, a = in->resolution * d;
        pos[k][0] = d * cos(a);
        pos[k][1] = d * sin(a);
    }
    rescale(pos, in->nvertices, in->scale);
}

static void grid(const graph_layout_in *in, double (*pos)[2])
{
    size_t n = in->nvertices;
    size_t cols = in->columns > 0 ? (size_t)in->columns : (size_t)ceil(sqrt((double)n) - 1e-9);
    if (cols < 1)
        cols = 1;
    for (size_t k = 0; k < n; k++) {
        pos[k][0] = (double)(k % cols);
        pos[k][1] = -(double)(k / cols);
    }
    rescale(pos, n, in->scale);
}

/* Manim's _random_layout: 2 scale (u - 1/2) for u uniform in [0, 1). */
static void random_layout(const graph_layout_in *in, double (*pos)[2])
{
    uint64_t st = in->seed;
    for (size_t k = 0; k < in->nvertices; k++) {
        pos[k][0] = 2 * in->scale * (lr_rng_unit(&st) - 0.5);
        pos[k][1] = 2 * in->scale * (lr_rng_unit(&st) - 0.5);
    }
}

bool graph_is_tree(size_t n, const int (*edges)[2], size_t nedges, int root, size_t *unreached)
{
    if (unreached)
        *unreached = 0;
    if (root < 0 || (size_t)root >= n)
        return false;
    /* Union-find: a tree is n - 1 edges that join everything. */
    int *parent = malloc(sizeof *parent * (n ? n : 1));
    if (!parent)
        return false;
    for (size_t i = 0; i < n; i++)
        parent[i] = (int)i;
    bool cycle = false;
    for (size_t e = 0; e < nedges; e++) {
        int a = edges[e][0], b = edges[e][1];
        while (parent[a] != a)
            a = parent[a] = parent[parent[a]];
        while (parent[b] != b)
            b = parent[b] = parent[parent[b]];
        if (a == b)
            cycle = true;
        else
            parent[a] = b;
    }
    int r = root;
    while (parent[r] != r)
        r = parent[r];
    size_t away = 0;
    for (size_t i = 0; i < n; i++) {
        int a = (int)i;
        while (parent[a] != a)
            a = parent[a];
        away += a != r;
    }
    free(parent);
    if (unreached)
        *unreached = away;
    return !cycle && away == 0 && nedges + 1 == n;
}

/* ---- igraph ---- */

/* igraph 0.10 as Debian builds it is not thread-safe (IGRAPH_THREAD_SAFE
 * 0): its error handlers, its stack of what to free on an error and its
 * default random number generator are process globals. Sections are built
 * on several threads (lr_video_render's workers, the agent's), so every
 * call into igraph holds this lock, and puts back what it changed before
 * letting go: the error and warning handlers (ignore: errors come back as
 * codes, never abort or print) and the default generator, which the spring
 * layout seeds with the spec's seed for the one call (igraph jitters
 * coincident vertices with it). The only state this module keeps. */
static pthread_mutex_t igraph_lock = PTHREAD_MUTEX_INITIALIZER;

/* What is used of igraph, as X(name): functions, and the generator type. */
#define IGRAPH_FUNCTIONS(X) \
    X(igraph_create) \
    X(igraph_destroy) \
    X(igraph_layout_fruchterman_reingold) \
    X(igraph_layout_kamada_kawai) \
    X(igraph_layout_reingold_tilford) \
    X(igraph_layout_sugiyama) \
    X(igraph_matrix_destroy) \
    X(igraph_matrix_init) \
    X(igraph_matrix_nrow) \
    X(igraph_rng_default) \
    X(igraph_rng_destroy) \
    X(igraph_rng_init) \
    X(igraph_rng_seed) \
    X(igraph_rng_set_default) \
    X(igraph_set_error_handler) \
    X(igraph_set_warning_handler) \
    X(igraph_strerror) \
    X(igraph_vector_int_destroy) \
    X(igraph_vector_int_init) \
    X(igraph_error_handler_ignore) \
    X(igraph_warning_handler_ignore) \
    X(igraph_rngtype_pcg32)

typedef struct igraph_api {
    void *lib;
    IGRAPH_FUNCTIONS(LR_DYNLIB_MEMBER)
} igraph_api;

#define IGRAPH_SYMBOL(name) LR_DYNLIB_SYMBOL(igraph_api, name)
static const lr_dynlib_symbol igraph_symbols[] = {IGRAPH_FUNCTIONS(IGRAPH_SYMBOL)};

typedef struct igraph_guard {
    igraph_api fn;
    igraph_error_handler_t *errors;
    igraph_warning_handler_t *warnings;
    igraph_rng_t saved, mine;
    bool own_rng;
} igraph_guard;

static lr_status guard_begin(igraph_guard *g, uint64_t seed, bool rng, lr_error *err)
{
    lr_status s = LR_DYNLIB_OPEN(LR_IGRAPH_LIBRARY, igraph_symbols, &g->fn,
                                 "a graph layout (spring, kamada_kawai, tree, sugiyama)", err);
    if (s != LR_OK)
        return s;
    pthread_mutex_lock(&igraph_lock);
    g->errors = g->fn.igraph_set_error_handler(g->fn.igraph_error_handler_ignore);
    g->warnings = g->fn.igraph_set_warning_handler(g->fn.igraph_warning_handler_ignore);
    g->own_rng = false;
    if (!rng)
        return LR_OK;
    if (g->fn.igraph_rng_init(&g->mine, g->fn.igraph_rngtype_pcg32) != IGRAPH_SUCCESS) {
        g->fn.igraph_set_error_handler(g->errors);
        g->fn.igraph_set_warning_handler(g->warnings);
        pthread_mutex_unlock(&igraph_lock);
        lr_dynlib_close(g->fn.lib);
        return lr_error_set(err, LR_ERR_NOMEM, "graph layout: igraph could not make a random number generator");
    }
    g->fn.igraph_rng_seed(&g->mine, (igraph_uint_t)seed);
    g->saved = *g->fn.igraph_rng_default();
    g->fn.igraph_rng_set_default(&g->mine);
    g->own_rng = true;
    return LR_OK;
}

static void guard_end(igraph_guard *g)
{
    if (g->own_rng) {
        g->fn.igraph_rng_set_default(&g->saved);
        g->fn.igraph_rng_destroy(&g->mine);
    }
    g->fn.igraph_set_error_handler(g->errors);
    g->fn.igraph_set_warning_handler(g->warnings);
    pthread_mutex_unlock(&igraph_lock);
    lr_dynlib_close(g->fn.lib);
}

static lr_status igraph_failed(const igraph_api *fn, igraph_error_t e, const char *what, lr_error *err)
{
    return lr_error_set(err, e == IGRAPH_ENOMEM ? LR_ERR_NOMEM : LR_ERR_INVALID_ARG, "graph layout: igraph's %s: %s",
                        what, fn->igraph_strerror(e));
}

/* Positions from igraph: the kind's algorithm on the graph, res n x 2. */
static igraph_error_t run_igraph(const igraph_api *fn, const graph_layout_in *in, igraph_matrix_t *res)
{
    igraph_integer_t n = (igraph_integer_t)in->nvertices;
    igraph_vector_int_t ev;
    igraph_t g;
    igraph_error_t e = fn->igraph_vector_int_init(&ev, (igraph_integer_t)(2 * in->nedges));
    if (e != IGRAPH_SUCCESS)
        return e;
    for (size_t i = 0; i < in->nedges; i++) {
        VECTOR(ev)[2 * i] = in->edges[i][0];
        VECTOR(ev)[2 * i + 1] = in->edges[i][1];
    }
    e = fn->igraph_create(&g, &ev, n, in->directed);
    fn->igraph_vector_int_destroy(&ev);
    if (e != IGRAPH_SUCCESS)
        return e;
    switch (in->kind) {
    case GRAPH_LAYOUT_SPRING: {
        /* Started from our own uniform positions in igraph's default box
         * ([-sqrt(n)/2, sqrt(n)/2]^2), so that only the jitter of
         * coincident vertices draws on igraph's generator. */
        uint64_t st = in->seed;
        double half = sqrt((double)n) / 2;
        for (igraph_integer_t i = 0; i < n; i++) {
            MATRIX(*res, i, 0) = half * (2 * lr_rng_unit(&st) - 1);
            MATRIX(*res, i, 1) = half * (2 * lr_rng_unit(&st) - 1);
        }
        e = fn->igraph_layout_fruchterman_reingold(&g, res, true, in->iterations, sqrt((double)n) / 10,
                                               IGRAPH_LAYOUT_NOGRID, NULL, NULL, NULL, NULL, NULL);
        break;
    }
    case GRAPH_LAYOUT_KAMADA_KAWAI:
        /* From the unit circle, as networkx starts it; igraph's defaults
         * otherwise (50 n iterations, kkconst n). */
        e = fn->igraph_layout_kamada_kawai(&g, res, false, 50 * n, 0, (igraph_real_t)n, NULL, NULL, NULL, NULL, NULL);
        break;
    case GRAPH_LAYOUT_TREE: {
        igraph_vector_int_t roots;
        e = fn->igraph_vector_int_init(&roots, 1);
        if (e != IGRAPH_SUCCESS)
            break;
        VECTOR(roots)[0] = in->root;
        e = fn->igraph_layout_reingold_tilford(&g, res, IGRAPH_ALL, &roots, NULL);
        fn->igraph_vector_int_destroy(&roots);
        break;
    }
    case GRAPH_LAYOUT_SUGIYAMA: {
        igraph_vector_int_t layers;
        bool given = in->ngroups > 0;
        e = fn->igraph_vector_int_init(&layers, given ? n : 0);
        if (e != IGRAPH_SUCCESS)
            break;
        if (given) {
            /* Vertices in no layer go below the last one. */
            for (igraph_integer_t i = 0; i < n; i++)
                VECTOR(layers)[i] = (igraph_integer_t)in->ngroups;
            for (size_t l = 0; l < in->ngroups; l++)
                for (size_t j = 0; j < in->group_sizes[l]; j++)
                    VECTOR(layers)[in->groups[l][j]] = (igraph_integer_t)l;
        }
        e = fn->igraph_layout_sugiyama(&g, res, NULL, NULL, given ? &layers : NULL, 1, 1, 100, NULL);
        fn->igraph_vector_int_destroy(&layers);
        break;
    }
    default:
        e = IGRAPH_EINVAL;
        break;
    }
    fn->igraph_destroy(&g);
    return e;
}

static lr_status with_igraph(const graph_layout_in *in, double (*pos)[2], lr_error *err)
{
    static const char *const names[] = {[GRAPH_LAYOUT_SPRING] = "Fruchterman-Reingold layout",
                                        [GRAPH_LAYOUT_KAMADA_KAWAI] = "Kamada-Kawai layout",
                                        [GRAPH_LAYOUT_TREE] = "Reingold-Tilford layout",
                                        [GRAPH_LAYOUT_SUGIYAMA] = "Sugiyama layout"};
    igraph_guard g;
    lr_status s = guard_begin(&g, in->seed, in->kind == GRAPH_LAYOUT_SPRING, err);
    if (s != LR_OK)
        return s;
    const igraph_api *fn = &g.fn;
    igraph_matrix_t res;
    igraph_error_t e = fn->igraph_matrix_init(&res, (igraph_integer_t)in->nvertices, 2);
    if (e == IGRAPH_SUCCESS) {
        e = run_igraph(fn, in, &res);
        if (e == IGRAPH_SUCCESS && fn->igraph_matrix_nrow(&res) < (igraph_integer_t)in->nvertices)
            e = IGRAPH_FAILURE;
        for (size_t i = 0; e == IGRAPH_SUCCESS && i < in->nvertices; i++) {
            pos[i][0] = MATRIX(res, (igraph_integer_t)i, 0);
            pos[i][1] = MATRIX(res, (igraph_integer_t)i, 1);
        }
        fn->igraph_matrix_destroy(&res);
    }
    if (e != IGRAPH_SUCCESS)
        s = igraph_failed(fn, e, names[in->kind], err);
    guard_end(&g);
    if (s != LR_OK)
        return s;
    for (size_t i = 0; i < in->nvertices; i++)
        if (!isfinite(pos[i][0]) || !isfinite(pos[i][1]))
            return lr_error_set(err, LR_ERR_INVALID_ARG, "graph layout: igraph's %s gave no position to vertex %zu",
                                names[in->kind], i);
    return LR_OK;
}

lr_status graph_layout(const graph_layout_in *in, double (*pos)[2], lr_error *err)
{
    size_t n = in->nvertices;
    if (n == 0)
        return LR_OK;
    if (!(in->scale > 0) || !isfinite(in->scale))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "graph layout: the scale must be > 0");
    for (size_t e = 0; e < in->nedges; e++)
        if (in->edges[e][0] < 0 || (size_t)in->edges[e][0] >= n || in->edges[e][1] < 0 || (size_t)in->edges[e][1] >= n)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "graph layout: edge %zu joins no vertex", e);
    if (n == 1) { /* every networkx layout puts a lone vertex at the centre */
        pos[0][0] = pos[0][1] = 0;
        return LR_OK;
    }
    switch (in->kind) {
    case GRAPH_LAYOUT_CIRCULAR: circular(pos, n, in->scale); return LR_OK;
    case GRAPH_LAYOUT_SHELL: shell(in, pos); return LR_OK;
    case GRAPH_LAYOUT_PARTITE: return partite(in, pos, err);
    case GRAPH_LAYOUT_SPIRAL: spiral(in, pos); return LR_OK;
    case GRAPH_LAYOUT_GRID: grid(in, pos); return LR_OK;
    case GRAPH_LAYOUT_RANDOM: random_layout(in, pos); return LR_OK;
    case GRAPH_LAYOUT_SPRING:
    case GRAPH_LAYOUT_KAMADA_KAWAI: {
        if (in->kind == GRAPH_LAYOUT_SPRING && in->iterations <= 0)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "graph layout: iterations must be > 0");
        lr_status s = with_igraph(in, pos, err);
        if (s == LR_OK)
            rescale(pos, n, in->scale);
        return s;
    }
    case GRAPH_LAYOUT_TREE:
    case GRAPH_LAYOUT_SUGIYAMA: {
        if (in->kind == GRAPH_LAYOUT_TREE && !graph_is_tree(n, in->edges, in->nedges, in->root, NULL))
            return lr_error_set(err, LR_ERR_INVALID_ARG, "graph layout: the tree layout needs a tree with that root");
        lr_status s = with_igraph(in, pos, err);
        if (s != LR_OK)
            return s;
        /* igraph's levels grow downwards in y: Manim's "down" puts the
         * root on top. */
        for (size_t i = 0; i < n; i++)
            pos[i][1] = in->up ? pos[i][1] : -pos[i][1];
        fit_box(pos, n, in);
        return LR_OK;
    }
    }
    return lr_error_set(err, LR_ERR_INVALID_ARG, "graph layout: unknown layout");
}
