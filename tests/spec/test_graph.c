/* Graphs in the spec (version 2, Manim's Graph and DiGraph), checked on
 * numbers: each layout's positions at their known values (circular on the
 * circle of radius layout_scale, partite columns as networkx 2.8 computes
 * them, tree levels and sibling spacing, shell radii and angles, grid
 * rows, sugiyama layers, explicit positions), the force-directed layouts
 * deterministic, distinct, within the scale and uncrossed on a planar
 * cycle, whatever threads build them; an edge's ends on its vertices
 * (centres in a graph, boundaries in a digraph, the tip's point on the
 * target's) while a vertex moves, in the middle of the animation and at
 * its end, seeked in any order, and kept as they were while an animation
 * redraws the edge; labels in LabeledDots; per-vertex and per-edge
 * settings; parts as targets; and the validator's errors with their JSON
 * paths. */
#include "spec_check.h"
#include "graph/graph_layout.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

typedef spec_built built;

static bool build(const char *text, built *b) { return spec_built_open(text, b); }
static void done(built *b) { spec_built_close(b); }
static void seek(built *b, double t) { spec_check_seek(b->tl, t); }
static lr_rect world_box(const lr_mobject *m) { return spec_world_box(m); }
static lr_vec2 center_of(built *b, const char *id) { return spec_center_of(b->scene, id); }

static lr_mobject *find(built *b, const char *id)
{
    lr_mobject *m = lr_scene_find(b->scene, id);
    LRT_CHECK_MSG(m != NULL, "no mobject %s", id);
    return m;
}

static lr_vec2 vertex_at(built *b, const char *g, const char *v)
{
    char id[96];
    snprintf(id, sizeof id, "%s.vertex(%s)", g, v);
    return center_of(b, id);
}

static double dist(lr_vec2 a, lr_vec2 b) { return hypot((double)a.x - b.x, (double)a.y - b.y); }

#define SPEC(objects, timeline)                                                                                 \
    "{'version': 2, 'meta': {'quality': 'l'}, 'sections': [{'id': 's', 'title': 't', 'objects': [" objects     \
    "], 'timeline': [" timeline "]}]}"
#define SHOW(id) "{'add': ['" id "']}, {'wait': 1}"

/* ---- layouts ---- */

static void check_circular(void)
{
    built b;
    if (build(SPEC("{'id': 'g', 'type': 'graph', 'vertices': [1, 2, 3, 4, 5, 6], 'edges': [[1, 2], [2, 3]], "
                   "'layout': 'circular', 'layout_scale': 3}",
                   SHOW("g")),
              &b)) {
        seek(&b, 0.5);
        for (int k = 0; k < 6; k++) {
            char v[8];
            snprintf(v, sizeof v, "%d", k + 1);
            lr_vec2 p = vertex_at(&b, "g", v);
            LRT_CHECK_NEAR(p.x, 3 * cos(2 * PI * k / 6), 1e-4);
            LRT_CHECK_NEAR(p.y, 3 * sin(2 * PI * k / 6), 1e-4);
        }
    }
    done(&b);
    /* Default scale 2, and placed: the whole graph's box centred at the
     * position, the vertices where the layout has them around it. */
    if (build(SPEC("{'id': 'g', 'type': 'graph', 'vertices': ['a', 'b', 'c', 'd'], 'layout': 'circular', "
                   "'position': [1, -1]}",
                   SHOW("g")),
              &b)) {
        seek(&b, 0.5);
        lr_vec2 c = center_of(&b, "g");
        LRT_CHECK_NEAR(c.x, 1, 1e-4);
        LRT_CHECK_NEAR(c.y, -1, 1e-4);
        LRT_CHECK_NEAR(vertex_at(&b, "g", "a").x, 1 + 2, 1e-4);
        LRT_CHECK_NEAR(vertex_at(&b, "g", "b").y, -1 + 2, 1e-4);
        LRT_CHECK_NEAR(vertex_at(&b, "g", "c").x, 1 - 2, 1e-4);
        /* a Dot of Manim's default radius */
        lr_rect r = world_box(find(&b, "g.vertex(a)"));
        LRT_CHECK_NEAR(r.x1 - r.x0, 0.16, 1e-4);
    }
    done(&b);
}

/* networkx 2.8's multipartite_layout of partitions [[1, 2, 3], [4, 5, 6, 7],
 * [8, 9]] at scale 2, as printed by networkx itself: columns at
 * -1.18518519, 0.14814815, 1.48148148 (the mean of all x taken off), rows
 * 4/3 apart, the first vertex of each column on top. */
static void check_partite(void)
{
    static const double want[9][2] = {{-1.18518519, 1.33333333}, {-1.18518519, 0},         {-1.18518519, -1.33333333},
                                      {0.14814815, 2},           {0.14814815, 0.66666667}, {0.14814815, -0.66666667},
                                      {0.14814815, -2},          {1.48148148, 0.66666667}, {1.48148148, -0.66666667}};
    built b;
    if (build(SPEC("{'id': 'g', 'type': 'graph', 'vertices': [1, 2, 3, 4, 5, 6, 7, 8, 9], 'layout': 'partite', "
                   "'partitions': [[1, 2, 3], [4, 5, 6, 7], [8, 9]]}",
                   SHOW("g")),
              &b)) {
        seek(&b, 0.5);
        for (int k = 0; k < 9; k++) {
            char v[8];
            snprintf(v, sizeof v, "%d", k + 1);
            lr_vec2 p = vertex_at(&b, "g", v);
            LRT_CHECK_NEAR(p.x, want[k][0], 1e-5);
            LRT_CHECK_NEAR(p.y, want[k][1], 1e-5);
        }
    }
    done(&b);
    /* Partitions in layout_config (Manim takes either); vertices in none
     * make a last column; align horizontal makes rows. */
    if (build(SPEC("{'id': 'g', 'type': 'graph', 'vertices': [0, 1, 2, 3], 'edges': [[0, 2], [0, 3], [1, 2]], "
                   "'layout': 'partite', 'layout_config': {'partitions': [[0, 1]]}}, "
                   "{'id': 'h', 'type': 'graph', 'vertices': [0, 1, 2], 'layout': 'partite', 'partitions': [[0], [1, "
                   "2]], 'layout_config': {'align': 'horizontal'}, 'position': [0, 0]}",
                   SHOW("g") ", " SHOW("h")),
              &b)) {
        seek(&b, 0.5);
        lr_vec2 p0 = vertex_at(&b, "g", "0"), p1 = vertex_at(&b, "g", "1"), p2 = vertex_at(&b, "g", "2"),
                p3 = vertex_at(&b, "g", "3");
        LRT_CHECK_NEAR(p0.x, p1.x, 1e-5);
        LRT_CHECK_NEAR(p2.x, p3.x, 1e-5);
        LRT_CHECK(p2.x > p0.x + 1);
        LRT_CHECK(p0.y > p1.y && p2.y > p3.y);
        /* x: 0, 0, 1, 1 less the mean 1/2, y: +-1/2: scaled by 2 / 0.5 */
        LRT_CHECK_NEAR(p0.x, -2, 1e-5);
        LRT_CHECK_NEAR(p0.y, 2, 1e-5);
        lr_vec2 h0 = vertex_at(&b, "h", "0"), h1 = vertex_at(&b, "h", "1"), h2 = vertex_at(&b, "h", "2");
        LRT_CHECK_NEAR(h1.y, h2.y, 1e-5);
        LRT_CHECK(h1.y > h0.y + 0.5);
    }
    done(&b);
}

/* Reingold-Tilford from igraph, scaled as Manim's tree layout: levels of
 * one y each, going down from the root, siblings equally spaced, a parent
 * centred over its children, the larger side of the box 2 scale; with
 * vertex_spacing, siblings and levels that far apart. */
static void check_tree(void)
{
    built b;
    if (build(SPEC("{'id': 'g', 'type': 'graph', 'vertices': [1, 2, 3, 4, 5, 6, 7], 'edges': [[1, 2], [1, 3], [2, 4], "
                   "[2, 5], [3, 6], [3, 7]], 'layout': 'tree', 'root_vertex': 1}, "
                   "{'id': 'h', 'type': 'graph', 'vertices': ['r', 'a', 'b', 'c'], 'edges': [['r', 'a'], ['r', 'b'], "
                   "['b', 'c']], 'layout': 'tree', 'layout_config': {'root_vertex': 'r', 'vertex_spacing': [1.5, 0.75], "
                   "'orientation': 'up'}}",
                   SHOW("g") ", " SHOW("h")),
              &b)) {
        seek(&b, 0.5);
        lr_vec2 p[8];
        for (int k = 1; k <= 7; k++) {
            char v[8];
            snprintf(v, sizeof v, "%d", k);
            p[k] = vertex_at(&b, "g", v);
        }
        LRT_CHECK_NEAR(p[2].y, p[3].y, 1e-5);
        for (int k = 5; k <= 7; k++)
            LRT_CHECK_NEAR(p[k].y, p[4].y, 1e-5);
        LRT_CHECK(p[1].y > p[2].y && p[2].y > p[4].y);
        LRT_CHECK_NEAR(p[1].y - p[2].y, p[2].y - p[4].y, 1e-5);
        LRT_CHECK_NEAR(p[1].x, (p[2].x + p[3].x) / 2, 1e-5);
        LRT_CHECK_NEAR(p[2].x, (p[4].x + p[5].x) / 2, 1e-5);
        LRT_CHECK_NEAR(p[5].x - p[4].x, p[7].x - p[6].x, 1e-5);
        LRT_CHECK(p[4].x < p[5].x && p[5].x < p[6].x && p[6].x < p[7].x);
        /* four leaves a unit apart: width 3, height 2 -> 2 * 2 / 3 per unit */
        LRT_CHECK_NEAR(p[7].x - p[4].x, 4, 1e-4);
        LRT_CHECK_NEAR(p[1].y - p[4].y, 2 * 4.0 / 3, 1e-4);
        LRT_CHECK_NEAR(p[1].x, 0, 1e-4);
        lr_vec2 r = vertex_at(&b, "h", "r"), a = vertex_at(&b, "h", "a"), bb = vertex_at(&b, "h", "b"),
                c = vertex_at(&b, "h", "c");
        LRT_CHECK_NEAR(bb.x - a.x, 1.5, 1e-4);
        LRT_CHECK_NEAR(a.y - r.y, 0.75, 1e-4); /* up: the root at the bottom */
        LRT_CHECK_NEAR(c.y - bb.y, 0.75, 1e-4);
    }
    done(&b);
}

/* networkx's shell_layout: shell s of radius (s + 1) scale / shells, its
 * first vertex at angle (s + 1) pi / shells, the others evenly after it. */
static void check_shell_grid_spiral(void)
{
    built b;
    if (build(SPEC("{'id': 'g', 'type': 'graph', 'vertices': [1, 2, 3, 4, 5, 6, 7, 8, 9], 'layout': 'shell', "
                   "'layout_config': {'nlist': [[1, 2, 3], [4, 5, 6, 7, 8, 9]]}}, "
                   "{'id': 'q', 'type': 'graph', 'vertices': [1, 2, 3, 4], 'layout': 'grid', 'layout_scale': 1.5}, "
                   "{'id': 'z', 'type': 'graph', 'vertices': [0, 1, 2], 'layout': 'spiral', 'layout_config': "
                   "{'resolution': 1}}",
                   SHOW("g") ", " SHOW("q") ", " SHOW("z")),
              &b)) {
        seek(&b, 0.5);
        for (int k = 0; k < 9; k++) {
            char v[8];
            snprintf(v, sizeof v, "%d", k + 1);
            bool outer = k >= 3;
            double r = outer ? 2 : 1, th = outer ? PI + 2 * PI * (k - 3) / 6 : PI / 2 + 2 * PI * k / 3;
            lr_vec2 p = vertex_at(&b, "g", v);
            LRT_CHECK_NEAR(p.x, r * cos(th), 1e-4);
            LRT_CHECK_NEAR(p.y, r * sin(th), 1e-4);
        }
        /* rows of two from the top, rescaled: the corners of [-1.5, 1.5]^2 */
        lr_vec2 q1 = vertex_at(&b, "q", "1"), q4 = vertex_at(&b, "q", "4");
        LRT_CHECK_NEAR(q1.x, -1.5, 1e-5);
        LRT_CHECK_NEAR(q1.y, 1.5, 1e-5);
        LRT_CHECK_NEAR(q4.x, 1.5, 1e-5);
        LRT_CHECK_NEAR(q4.y, -1.5, 1e-5);
        /* spiral: vertex k at k (cos k, sin k), less the mean, rescaled */
        double raw[3][2] = {{0, 0}, {cos(1), sin(1)}, {2 * cos(2), 2 * sin(2)}}, mx = 0, my = 0, lim = 0;
        for (int k = 0; k < 3; k++) {
            mx += raw[k][0] / 3;
            my += raw[k][1] / 3;
        }
        for (int k = 0; k < 3; k++)
            lim = fmax(lim, fmax(fabs(raw[k][0] - mx), fabs(raw[k][1] - my)));
        lr_vec2 z2 = vertex_at(&b, "z", "2");
        LRT_CHECK_NEAR(z2.x, (raw[2][0] - mx) * 2 / lim, 1e-4);
        LRT_CHECK_NEAR(z2.y, (raw[2][1] - my) * 2 / lim, 1e-4);
    }
    done(&b);
}

static void check_positions_and_sugiyama(void)
{
    built b;
    if (build(SPEC("{'id': 'g', 'type': 'graph', 'vertices': [1, 'x'], 'edges': [[1, 'x']], 'layout': {'1': [-2, "
                   "0.5], 'x': [1, 1.5]}}, "
                   "{'id': 'd', 'type': 'digraph', 'vertices': ['a', 'b', 'c', 'd'], 'edges': [['a', 'b'], ['a', 'c'], "
                   "['b', 'd'], ['c', 'd']], 'layout': 'sugiyama', 'partitions': [['a'], ['b', 'c'], ['d']]}",
                   SHOW("g") ", " SHOW("d")),
              &b)) {
        seek(&b, 0.5);
        lr_vec2 p = vertex_at(&b, "g", "1"), x = vertex_at(&b, "g", "x");
        LRT_CHECK_NEAR(p.x, -2, 1e-5);
        LRT_CHECK_NEAR(p.y, 0.5, 1e-5);
        LRT_CHECK_NEAR(x.x, 1, 1e-5);
        LRT_CHECK_NEAR(x.y, 1.5, 1e-5);
        lr_vec2 a = vertex_at(&b, "d", "a"), bb = vertex_at(&b, "d", "b"), c = vertex_at(&b, "d", "c"),
                d = vertex_at(&b, "d", "d");
        LRT_CHECK_NEAR(bb.y, c.y, 1e-5);
        LRT_CHECK(a.y > bb.y + 0.1 && bb.y > d.y + 0.1);
        LRT_CHECK(fabs(bb.x - c.x) > 0.5);
        LRT_CHECK_NEAR(a.y - bb.y, bb.y - d.y, 1e-4);
    }
    done(&b);
}

/* Whether segments p0-p1 and q0-q1 cross (properly). */
static bool crosses(lr_vec2 p0, lr_vec2 p1, lr_vec2 q0, lr_vec2 q1)
{
    double d1 = (p1.x - p0.x) * (q0.y - p0.y) - (p1.y - p0.y) * (q0.x - p0.x);
    double d2 = (p1.x - p0.x) * (q1.y - p0.y) - (p1.y - p0.y) * (q1.x - p0.x);
    double d3 = (q1.x - q0.x) * (p0.y - q0.y) - (q1.y - q0.y) * (p0.x - q0.x);
    double d4 = (q1.x - q0.x) * (p1.y - q0.y) - (q1.y - q0.y) * (p1.x - q0.x);
    return d1 * d2 < 0 && d3 * d4 < 0;
}

#define RING "'vertices': [1, 2, 3, 4, 5, 6], 'edges': [[1, 2], [2, 3], [3, 4], [4, 5], [5, 6], [6, 1]]"

/* The positions of a 6-ring's vertices laid out by `layout` (and its config). */
static bool ring_positions(const char *layout_fields, lr_vec2 *out)
{
    char spec[1024];
    snprintf(spec, sizeof spec,
             SPEC("{'id': 'g', 'type': 'graph', " RING ", %s}", SHOW("g")), layout_fields);
    built b;
    bool ok = build(spec, &b);
    if (ok) {
        seek(&b, 0.5);
        for (int k = 0; k < 6; k++) {
            char v[8];
            snprintf(v, sizeof v, "%d", k + 1);
            out[k] = vertex_at(&b, "g", v);
        }
    }
    done(&b);
    return ok;
}

/* Spring (Fruchterman-Reingold) and Kamada-Kawai from igraph, rescaled as
 * networkx does: the same spec gives the same positions, the vertices are
 * apart and within [-scale, scale] with one coordinate at it, a ring comes
 * out uncrossed; Kamada-Kawai's ring is regular (its distances are the
 * graph's); another seed moves the spring layout; random stays in its box. */
static void check_force_directed(void)
{
    static const char *const layouts[] = {"'layout': 'spring'", "'layout': 'kamada_kawai'",
                                          "'layout': 'random', 'layout_config': {'seed': 7}"};
    for (int l = 0; l < 3; l++) {
        lr_vec2 a[6], b[6];
        if (!ring_positions(layouts[l], a) || !ring_positions(layouts[l], b))
            continue;
        double lim = 0, closest = 1e9;
        for (int i = 0; i < 6; i++) {
            LRT_CHECK_MSG(a[i].x == b[i].x && a[i].y == b[i].y, "%s: vertex %d at (%g, %g), then (%g, %g)",
                          layouts[l], i + 1, a[i].x, a[i].y, b[i].x, b[i].y);
            lim = fmax(lim, fmax(fabs(a[i].x), fabs(a[i].y)));
            for (int j = 0; j < i; j++)
                closest = fmin(closest, dist(a[i], a[j]));
        }
        LRT_CHECK_MSG(lim <= 2 + 1e-4, "%s: a vertex at %g, past the scale 2", layouts[l], lim);
        if (l < 2) {
            LRT_CHECK_NEAR(lim, 2, 1e-4);
            LRT_CHECK_MSG(closest > 0.5, "%s: two vertices %g apart", layouts[l], closest);
            for (int i = 0; i < 6; i++)
                for (int j = i + 2; j < 6; j++)
                    if (!(i == 0 && j == 5))
                        LRT_CHECK_MSG(!crosses(a[i], a[(i + 1) % 6], a[j], a[(j + 1) % 6]), "%s: edges %d-%d and %d-%d cross",
                                      layouts[l], i + 1, (i + 1) % 6 + 1, j + 1, (j + 1) % 6 + 1);
        }
        if (l == 1) {
            double e0 = dist(a[0], a[1]);
            for (int i = 1; i < 6; i++)
                LRT_CHECK_NEAR(dist(a[i], a[(i + 1) % 6]) / e0, 1, 0.02);
        }
    }
    lr_vec2 s1[6], s2[6];
    if (ring_positions("'layout': 'spring'", s1) && ring_positions("'layout': 'spring', 'layout_config': {'seed': 2}", s2)) {
        double moved = 0;
        for (int i = 0; i < 6; i++)
            moved = fmax(moved, dist(s1[i], s2[i]));
        LRT_CHECK_MSG(moved > 0.1, "another seed left the spring layout where it was (%g)", moved);
    }
}

/* igraph is a process global: layouts from several threads at once give
 * what one thread alone gives (graph_layout holds a lock around it). */
typedef struct layout_job {
    graph_layout_kind kind;
    double pos[12][2];
    lr_status status;
} layout_job;

static const int petersen[15][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {4, 0}, {0, 5}, {1, 6},  {2, 7},
                                    {3, 8}, {4, 9}, {5, 7}, {7, 9}, {9, 6}, {6, 8}, {8, 5}};

static void run_layout(layout_job *j)
{
    graph_layout_in in = {.kind = j->kind, .nvertices = 10, .edges = petersen, .nedges = 15, .scale = 2,
                          .iterations = 500, .seed = 3, .root = -1};
    lr_error err = {0};
    j->status = graph_layout(&in, j->pos, &err);
}

static void *layout_thread(void *user)
{
    layout_job *jobs = user;
    for (int round = 0; round < 20; round++)
        for (int k = 0; k < 2; k++)
            run_layout(&jobs[2 * round + k]);
    return NULL;
}

static void check_threads(void)
{
    layout_job alone[2] = {{.kind = GRAPH_LAYOUT_SPRING}, {.kind = GRAPH_LAYOUT_KAMADA_KAWAI}};
    run_layout(&alone[0]);
    run_layout(&alone[1]);
    LRT_CHECK_OK(alone[0].status);
    LRT_CHECK_OK(alone[1].status);
    enum { THREADS = 4 };
    static layout_job jobs[THREADS][40];
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        for (int k = 0; k < 40; k++)
            jobs[i][k].kind = k % 2 ? GRAPH_LAYOUT_KAMADA_KAWAI : GRAPH_LAYOUT_SPRING;
        LRT_CHECK(pthread_create(&t[i], NULL, layout_thread, jobs[i]) == 0);
    }
    for (int i = 0; i < THREADS; i++)
        pthread_join(t[i], NULL);
    int differ = 0;
    for (int i = 0; i < THREADS; i++)
        for (int k = 0; k < 40; k++)
            differ += jobs[i][k].status != LR_OK || memcmp(jobs[i][k].pos, alone[k % 2].pos, sizeof alone[0].pos) != 0;
    LRT_CHECK_MSG(differ == 0, "%d of %d layouts on %d threads differ from one thread's", differ, THREADS * 40, THREADS);
    /* A graph that is not a tree is refused, not laid out. */
    graph_layout_in in = {.kind = GRAPH_LAYOUT_TREE, .nvertices = 10, .edges = petersen, .nedges = 15, .scale = 2,
                          .root = 0};
    double pos[10][2];
    lr_error err = {0};
    LRT_CHECK_STATUS(graph_layout(&in, pos, &err), LR_ERR_INVALID_ARG);
}

/* ---- edges follow vertices ---- */

/* The ends of an edge's first subpath (its line) in scene space. */
static void edge_ends(built *b, const char *id, lr_vec2 *s, lr_vec2 *e)
{
    lr_mobject *m = find(b, id);
    *s = *e = (lr_vec2){NAN, NAN};
    if (!m || m->path.nsubpaths == 0)
        return;
    lr_affine w = lr_mobject_world_transform(m);
    const lr_subpath *sp = &m->path.subpaths[0];
    *s = lr_affine_apply(w, m->path.points[sp->first]);
    *e = lr_affine_apply(w, m->path.points[sp->first + 3 * sp->ncurves]);
}

/* The point of an edge's path farthest along u (a digraph's tip). */
static lr_vec2 farthest(built *b, const char *id, lr_vec2 u)
{
    lr_mobject *m = find(b, id);
    lr_vec2 best = {NAN, NAN};
    double d = -1e9;
    if (!m)
        return best;
    lr_affine w = lr_mobject_world_transform(m);
    for (uint32_t i = 0; i < m->path.npoints; i++) {
        lr_vec2 p = lr_affine_apply(w, m->path.points[i]);
        if (p.x * u.x + p.y * u.y > d) {
            d = p.x * u.x + p.y * u.y;
            best = p;
        }
    }
    return best;
}

#define MOVING                                                                                                  \
    "{'id': 'g', 'type': 'graph', 'vertices': [1, 2, 3], 'edges': [[1, 2], [2, 3]], 'layout': {'1': [-2, 0], "   \
    "'2': [0, 0], '3': [2, 0]}, 'vertex_config': {'radius': 0.3}}"

/* Manim's Graph: an edge from the centre of one vertex to the centre of
 * the other, wherever a Shift or a MoveTo takes them, at every frame. */
static void check_follow(void)
{
    built b;
    if (build(SPEC(MOVING, "{'add': ['g']}, {'play': [{'anim': 'Shift', 'target': 'g.vertex(2)', 'by': [1, 2]}], "
                           "'run_time': 2, 'rate_func': 'linear'}, {'play': [{'anim': 'MoveTo', 'target': "
                           "'g.vertex(3)', 'position': [3, -1]}, {'anim': 'Shift', 'target': 'g', 'by': [0, 1]}], "
                           "'run_time': 1, 'rate_func': 'linear'}, {'wait': 1}"),
              &b)) {
        /* seeked out of order: each frame is a function of its time */
        static const double times[] = {1.0, 2.0, 0.5, 2.5, 3.5, 1.0};
        for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
            double t = times[k];
            seek(&b, t);
            double r = fmin(t / 2, 1), q = fmin(fmax(t - 2, 0), 1);
            lr_vec2 v1 = vertex_at(&b, "g", "1"), v2 = vertex_at(&b, "g", "2"), v3 = vertex_at(&b, "g", "3");
            LRT_CHECK_NEAR(v2.x, r, 1e-4);
            LRT_CHECK_NEAR(v2.y, 2 * r + q, 1e-4);
            LRT_CHECK_NEAR(v3.x, 2 + q, 1e-4);
            LRT_CHECK_NEAR(v3.y, -q + q, 1e-4); /* MoveTo (3, -1) while the graph goes up by 1 */
            lr_vec2 s, e;
            edge_ends(&b, "g.edge(1, 2)", &s, &e);
            LRT_CHECK_MSG(dist(s, v1) < 1e-4 && dist(e, v2) < 1e-4, "t = %g: edge (1, 2) from (%g, %g) to (%g, %g), "
                          "vertices at (%g, %g) and (%g, %g)", t, s.x, s.y, e.x, e.y, v1.x, v1.y, v2.x, v2.y);
            edge_ends(&b, "g.edge(2, 3)", &s, &e);
            LRT_CHECK_MSG(dist(s, v2) < 1e-4 && dist(e, v3) < 1e-4, "t = %g: edge (2, 3) from (%g, %g) to (%g, %g)",
                          t, s.x, s.y, e.x, e.y);
        }
        /* Drawn under the vertices. */
        lr_mobject *edges = find(&b, "g.edge(1, 2)");
        LRT_CHECK(edges && edges->parent && edges->parent->z_index < 0);
    }
    done(&b);
}

/* Manim's DiGraph: each edge from the boundary of its first vertex to the
 * boundary of its second, the tip's point on it, as a vertex moves. */
static void check_digraph(void)
{
    built b;
    if (build(SPEC("{'id': 'g', 'type': 'digraph', 'vertices': [1, 2], 'edges': [[1, 2]], 'layout': {'1': [-2, 0], "
                   "'2': [1, 0]}, 'vertex_config': {'radius': 0.25, '2': {'radius': 0.5}}, 'edge_config': "
                   "{'tip_config': {'tip_length': 0.3, 'tip_width': 0.2}}}",
                   "{'add': ['g']}, {'play': [{'anim': 'MoveTo', 'target': 'g.vertex(2)', 'position': [1, 3]}], "
                   "'run_time': 2}, {'wait': 1}"),
              &b)) {
        static const double times[] = {0.5, 1.0, 1.6, 2.0, 2.5};
        for (size_t k = 0; k < sizeof times / sizeof times[0]; k++) {
            seek(&b, times[k]);
            lr_vec2 c1 = vertex_at(&b, "g", "1"), c2 = vertex_at(&b, "g", "2");
            double len = dist(c1, c2);
            lr_vec2 u = {(float)((c2.x - c1.x) / len), (float)((c2.y - c1.y) / len)};
            lr_vec2 s, e;
            edge_ends(&b, "g.edge(1, 2)", &s, &e);
            lr_vec2 tip = farthest(&b, "g.edge(1, 2)", u);
            LRT_CHECK_NEAR(dist(s, c1), 0.25, 1e-4);
            LRT_CHECK_NEAR(dist(tip, c2), 0.5, 1e-4);
            LRT_CHECK_NEAR((s.x - c1.x) * u.y - (s.y - c1.y) * u.x, 0, 1e-4); /* towards the other */
            LRT_CHECK_NEAR((tip.x - c2.x) * u.y - (tip.y - c2.y) * u.x, 0, 1e-4);
            LRT_CHECK_NEAR(dist(e, tip), 0.3, 1e-4); /* the line ends at the tip's base */
        }
        /* the vertex went where MoveTo takes it */
        LRT_CHECK_NEAR(vertex_at(&b, "g", "2").y, 3, 1e-4);
    }
    done(&b);
}

/* While an animation redraws an edge (Indicate, Create), its updater waits
 * (Manim suspends an animated mobject's updaters): the edge keeps the shape
 * it had when the step began, and joins its vertex again at the end. Other
 * animations of the edge (FadeOut, ChangeColor after) keep what they do. */
static void check_suspended(void)
{
    built b;
    if (build(SPEC(MOVING, "{'add': ['g']}, {'play': [{'anim': 'Shift', 'target': 'g.vertex(2)', 'by': [0, 1]}, "
                           "{'anim': 'ChangeColor', 'target': 'g.edge(1, 2)', 'color': 'RED'}], 'run_time': 2, "
                           "'rate_func': 'linear'}, {'play': [{'anim': 'Shift', 'target': 'g.vertex(2)', 'by': [0, "
                           "-1]}], 'run_time': 1, 'rate_func': 'linear'}"),
              &b)) {
        seek(&b, 1.0);
        lr_vec2 s, e;
        edge_ends(&b, "g.edge(1, 2)", &s, &e);
        LRT_CHECK_NEAR(e.x, 0, 1e-4); /* as the step began */
        LRT_CHECK_NEAR(e.y, 0, 1e-4);
        LRT_CHECK_NEAR(vertex_at(&b, "g", "2").y, 0.5, 1e-4);
        edge_ends(&b, "g.edge(2, 3)", &s, &e); /* no animation on it: it follows */
        LRT_CHECK_NEAR(s.y, 0.5, 1e-4);
        seek(&b, 2.0);
        edge_ends(&b, "g.edge(1, 2)", &s, &e);
        LRT_CHECK_NEAR(e.y, 1, 1e-4);
        seek(&b, 2.5); /* red, and following again */
        edge_ends(&b, "g.edge(1, 2)", &s, &e);
        LRT_CHECK_NEAR(e.y, 0.5, 1e-4);
        lr_mobject *edge = find(&b, "g.edge(1, 2)");
        LRT_CHECK(edge && edge->style.stroke.r > 0.9f && edge->style.stroke.g < 0.5f);
    }
    done(&b);
}

/* ---- drawing and parts ---- */

static void check_labels_and_configs(void)
{
    built b;
    if (build(SPEC("{'id': 'g', 'type': 'graph', 'vertices': [1, 2, 'x'], 'edges': [[1, 2], [2, 'x']], 'layout': "
                   "{'1': [0, 0], '2': [2, 0], 'x': [4, 0]}, 'labels': {'1': 'a', '2': '\\\\beta'}, 'color': 'BLUE', "
                   "'vertex_config': {'fill_color': 'GREEN', 'x': {'radius': 0.4, 'fill_color': 'RED'}}, 'edge_config': "
                   "{'stroke_width': 2, '(2, x)': {'color': 'YELLOW', 'stroke_width': 8}}}",
                   SHOW("g")),
              &b)) {
        seek(&b, 0.5);
        lr_mobject *v1 = find(&b, "g.vertex(1)"), *vx = find(&b, "g.vertex(x)");
        /* a LabeledDot: the dot, then its label centred on it, black */
        LRT_CHECK(v1 && v1->kind == LR_MOBJECT_GROUP && v1->nchildren == 2);
        if (v1 && v1->nchildren == 2) {
            lr_rect label = world_box(v1->children[1]), dot = world_box(v1->children[0]);
            double diag = hypot(label.x1 - label.x0, label.y1 - label.y0);
            LRT_CHECK_NEAR((dot.x1 - dot.x0) / 2, 0.1 + diag / 2, 1e-4);
            LRT_CHECK_NEAR((label.x0 + label.x1) / 2, 0, 1e-4);
            LRT_CHECK_NEAR((label.y0 + label.y1) / 2, 0, 1e-4);
            lr_mobject *glyph = v1->children[1];
            while (glyph && glyph->kind == LR_MOBJECT_GROUP && glyph->nchildren)
                glyph = glyph->children[0];
            LRT_CHECK(glyph && glyph->style.fill.r < 0.1f && glyph->style.fill.g < 0.1f && glyph->style.fill.a > 0.9f);
            lr_mobject *d = v1->children[0];
            lr_color green;
            lr_color_parse("GREEN", &green);
            LRT_CHECK_NEAR(d->style.fill.g, green.g, 1e-4); /* fill_color over the graph's BLUE */
        }
        /* x: its own radius and colour, no label */
        LRT_CHECK(vx && vx->kind == LR_MOBJECT_PATH);
        if (vx) {
            lr_rect r = world_box(vx);
            LRT_CHECK_NEAR(r.x1 - r.x0, 0.8, 1e-4);
            lr_color red;
            lr_color_parse("RED", &red);
            LRT_CHECK_NEAR(vx->style.fill.r, red.r, 1e-4);
        }
        lr_mobject *e12 = find(&b, "g.edge(1, 2)"), *e2x = find(&b, "g.edge(2, x)");
        lr_color blue, yellow;
        lr_color_parse("BLUE", &blue);
        lr_color_parse("YELLOW", &yellow);
        LRT_CHECK(e12 && fabsf(e12->style.stroke.b - blue.b) < 1e-4f && fabsf(e12->style.stroke_width - 0.02f) < 1e-6f);
        LRT_CHECK(e2x && fabsf(e2x->style.stroke.r - yellow.r) < 1e-4f && fabsf(e2x->style.stroke_width - 0.08f) < 1e-6f);
    }
    done(&b);
}

static void check_parts(void)
{
    built b;
    if (build(SPEC(MOVING, "{'add': ['g']}, {'play': [{'anim': 'FadeOut', 'target': 'g.vertex(3)'}, {'anim': "
                           "'ChangeColor', 'target': 'g.edges', 'color': 'RED'}]}, {'play': [{'anim': 'Indicate', "
                           "'target': 'g.vertices'}, {'anim': 'Wiggle', 'target': 'g.edge(2, 1)'}]}"),
              &b)) {
        seek(&b, 1.0);
        lr_mobject *v3 = find(&b, "g.vertex(3)"), *v1 = find(&b, "g.vertex(1)");
        LRT_CHECK(v3 && !v3->visible);
        LRT_CHECK(v1 && v1->visible);
        lr_mobject *e = find(&b, "g.edge(2, 3)");
        LRT_CHECK(e && e->style.stroke.r > 0.9f && e->style.stroke.g < 0.5f);
        seek(&b, 1.5); /* Indicate grows the vertices 1.2 times about their centre, the edges follow */
        lr_rect r = world_box(find(&b, "g.vertex(1)"));
        LRT_CHECK_NEAR(r.x1 - r.x0, 0.72, 1e-4);
        LRT_CHECK_NEAR((r.x0 + r.x1) / 2, -2.4, 1e-4);
        lr_vec2 s, e2;
        edge_ends(&b, "g.edge(1, 2)", &s, &e2);
        LRT_CHECK_NEAR(s.x, -2.4, 1e-4);
    }
    done(&b);
}

/* ---- the validator ---- */

#define expect_error spec_check_error

#define O "sections[0].objects[0]"
#define G(fields) "{'id': 'g', 'type': 'graph', 'vertices': [1, 2, 3], " fields "}"
#define D(fields) "{'id': 'g', 'type': 'digraph', 'vertices': ['a', 'b', 'c'], " fields "}"
#define PLAY(anim, target) "{'add': ['g']}, {'play': [{'anim': '" anim "', 'target': '" target "'}]}"

static void check_errors(void)
{
    /* vertices: each once, named as parts can name them */
    expect_error(SPEC(G("'edges': [], 'layout': 'circular'") ", {'id': 'h', 'type': 'graph', 'vertices': [1, '1']}",
                      "{'wait': 1}"),
                 "sections[0].objects[1].vertices[1]", "vertex \"1\" is listed twice (first at vertices[0])");
    expect_error(SPEC("{'id': 'g', 'type': 'graph', 'vertices': ['a(b)', 1.5]}", "{'wait': 1}"), O ".vertices[0]",
                 "has no , ( ) [ ]");
    expect_error(SPEC("{'id': 'g', 'type': 'graph', 'vertices': ['a(b)', 1.5]}", "{'wait': 1}"), O ".vertices[1]",
                 "whole number");
    expect_error(SPEC("{'id': 'g', 'type': 'graph', 'vertices': []}", "{'wait': 1}"), O ".vertices", "1 to 128 vertices");
    /* edges: between vertices of the graph, each once, no loops */
    expect_error(SPEC(D("'edges': [['a', 'bb']]"), "{'wait': 1}"), O ".edges[0][1]",
                 "no vertex \"bb\" in the graph (did you mean \"b\"? its vertices: a, b, c)");
    expect_error(SPEC(G("'edges': [[1, 7]]"), "{'wait': 1}"), O ".edges[0][1]", "no vertex \"7\" in the graph (its vertices: 1, 2, 3)");
    expect_error(SPEC(G("'edges': [[1, 2], [2, 1]]"), "{'wait': 1}"), O ".edges[1]", "listed twice");
    expect_error(SPEC(G("'edges': [[2, 2]]"), "{'wait': 1}"), O ".edges[0]", "to itself");
    expect_error(SPEC(G("'edges': [[1, 2, 3]]"), "{'wait': 1}"), O ".edges[0]", "an edge [u, v]: two vertices");
    /* a digraph's two directions are two edges */
    built b;
    if (build(SPEC(D("'edges': [['a', 'b'], ['b', 'a']], 'layout': 'circular'"), SHOW("g")), &b)) {
        seek(&b, 0.5);
        lr_vec2 s1, e1, s2, e2;
        edge_ends(&b, "g.edge(a, b)", &s1, &e1);
        edge_ends(&b, "g.edge(b, a)", &s2, &e2);
        lr_vec2 va = vertex_at(&b, "g", "a"), vb = vertex_at(&b, "g", "b");
        LRT_CHECK(dist(s1, va) < dist(s1, vb) && dist(e1, vb) < dist(e1, va));
        LRT_CHECK(dist(s2, vb) < dist(s2, va) && dist(e2, va) < dist(e2, vb));
    }
    done(&b);
    /* layouts and their settings */
    expect_error(SPEC(G("'layout': 'spectral'"), "{'wait': 1}"), O ".layout", "unknown layout \"spectral\"");
    expect_error(SPEC(G("'layout': 'partite'"), "{'wait': 1}"), O ".layout", "the partite layout needs \"partitions\"");
    expect_error(SPEC(G("'layout': 'partite', 'partitions': [[1, 2], [2, 4]]"), "{'wait': 1}"), O ".partitions[1][0]",
                 "vertex \"2\" is already in partition 0");
    expect_error(SPEC(G("'layout': 'partite', 'partitions': [[1, 2], [2, 4]]"), "{'wait': 1}"), O ".partitions[1][1]",
                 "no vertex \"4\"");
    expect_error(SPEC(G("'layout': 'partite', 'partitions': [[1]], 'layout_config': {'partitions': [[2]]}"), "{'wait': 1}"),
                 O ".partitions", "given twice");
    expect_error(SPEC(G("'layout': 'circular', 'partitions': [[1]]"), "{'wait': 1}"), O ".partitions",
                 "\"partitions\" is for the partite and sugiyama layouts; this graph's layout is \"circular\"");
    expect_error(SPEC(G("'layout_config': {'nlist': [[1]]}"), "{'wait': 1}"), O ".layout_config.nlist",
                 "is for the shell layout; this graph's layout is \"spring\"");
    expect_error(SPEC(G("'layout': 'shell', 'layout_config': {'nlist': [[1], [3]]}"), "{'wait': 1}"),
                 O ".layout_config.nlist", "1 vertex is in no shell: 2");
    expect_error(SPEC(G("'layout': 'tree', 'edges': [[1, 2], [2, 3]]"), "{'wait': 1}"), O ".layout",
                 "the tree layout needs a \"root_vertex\"");
    expect_error(SPEC(G("'layout': 'tree', 'root_vertex': 4, 'edges': [[1, 2], [2, 3]]"), "{'wait': 1}"),
                 O ".root_vertex", "no vertex \"4\"");
    expect_error(SPEC(G("'layout': 'tree', 'root_vertex': 1, 'edges': [[1, 2], [2, 3], [3, 1]]"), "{'wait': 1}"),
                 O ".layout", "needs a tree: 3 vertices and 3 edges");
    expect_error(SPEC("{'id': 'g', 'type': 'graph', 'vertices': [1, 2, 3, 4], 'edges': [[1, 2], [2, 3], [3, 1]], "
                      "'layout': 'tree', 'root_vertex': 4}",
                      "{'wait': 1}"),
                 O ".layout", "3 of the vertices cannot be reached from the root \"4\"");
    expect_error(SPEC(G("'layout': 'tree', 'root_vertex': 1, 'edges': [[1, 2], [1, 3]], 'layout_config': "
                        "{'vertex_spacing': [1, 0]}"),
                      "{'wait': 1}"),
                 O ".layout_config.vertex_spacing", "two distances > 0");
    expect_error(SPEC(G("'layout': {'1': [0, 0], '2': [1, 0], '5': [1, 1]}"), "{'wait': 1}"), O ".layout.5",
                 "no vertex \"5\"");
    expect_error(SPEC(G("'layout': {'1': [0, 0], '2': [1, 0]}"), "{'wait': 1}"), O ".layout", "no position for 3");
    expect_error(SPEC(G("'layout': {'1': [0, 0], '2': [1, 0], '3': [1, 1]}, 'layout_config': {'seed': 2}"), "{'wait': 1}"),
                 O ".layout_config.seed", "placed by their positions");
    /* labels and configs name vertices and edges */
    expect_error(SPEC(G("'labels': {'4': 'x'}"), "{'wait': 1}"), O ".labels.4", "no vertex \"4\"");
    expect_error(SPEC(G("'labels': 'yes'"), "{'wait': 1}"), O ".labels", "true, false, or LaTeX labels");
    expect_error(SPEC(G("'vertex_config': {'radius': 0.1, 'raduis': 0.2}"), "{'wait': 1}"), O ".vertex_config.raduis",
                 "did you mean \"radius\"");
    expect_error(SPEC(D("'vertex_config': {'d': {'radius': 0.2}}"), "{'wait': 1}"), O ".vertex_config.d", "no vertex \"d\"");
    expect_error(SPEC(D("'vertex_config': {'a': {'radiuss': 0.2}}"), "{'wait': 1}"), O ".vertex_config.a.radiuss",
                 "did you mean \"radius\"");
    expect_error(SPEC(D("'edges': [['a', 'b']], 'edge_config': {'b, a': {'color': 'RED'}}"), "{'wait': 1}"),
                 O ".edge_config.b, a", "the digraph's edge goes from \"a\" to \"b\"");
    expect_error(SPEC(G("'edges': [[1, 2]], 'edge_config': {'(1, 3)': {'color': 'RED'}}"), "{'wait': 1}"),
                 O ".edge_config.(1, 3)", "the graph has no edge between \"1\" and \"3\" (its edges: (1, 2))");
    expect_error(SPEC(G("'edges': [[1, 2]], 'edge_config': {'tip_config': {'tip_length': 0.1}}"), "{'wait': 1}"),
                 O ".edge_config.tip_config", "unknown field \"tip_config\" in edge_config: arrow tips are a digraph's");
    /* parts */
    expect_error(SPEC(D("'edges': [['a', 'b']]"), PLAY("Indicate", "g.vertex(d)")), "sections[0].timeline[1].play[0].target",
                 "no vertex \"d\" in the graph");
    expect_error(SPEC(D("'edges': [['a', 'b']]"), PLAY("Indicate", "g.edge(b, a)")), "sections[0].timeline[1].play[0].target",
                 "the digraph's edge goes from \"a\" to \"b\"");
    expect_error(SPEC(G("'edges': [[1, 2]]"), PLAY("Indicate", "g.edge(1, 3)")), "sections[0].timeline[1].play[0].target",
                 "no edge between \"1\" and \"3\"");
    expect_error(SPEC(G("'edges': [[1, 2]]"), PLAY("Indicate", "g.edge(1)")), "sections[0].timeline[1].play[0].target",
                 "g.edge takes two vertices");
    expect_error(SPEC(G("'edges': [[1, 2]]"), PLAY("Indicate", "g.node(1)")), "sections[0].timeline[1].play[0].target",
                 "a graph has no part \"node\"");
    /* what is rebuilt at every frame has no lasting parts */
    expect_error(SPEC("{'id': 'k', 'type': 'value', 'value': 1}, {'id': 'g', 'type': 'graph', 'vertices': [1, 2], "
                      "'stroke_width': 'k'}",
                      PLAY("Indicate", "g.vertex(1)")),
                 "sections[0].timeline[1].play[0].target", "\"g.vertex(1)\" is a part of \"g\", which is rebuilt");
    /* Version 1 has no graphs. */
    expect_error("{'version': 1, 'sections': [{'id': 's', 'title': 't', 'objects': [" G("'edges': []") "], "
                 "'timeline': [{'wait': 1}]}]}",
                 O ".type", "version 2");
}

/* A graph rebuilt at every frame (its stroke width reads a value) keeps its
 * layout and draws its edges where the vertices are. */
static void check_rebuilt(void)
{
    built b;
    if (build(SPEC("{'id': 'k', 'type': 'value', 'value': 2}, {'id': 'g', 'type': 'graph', " RING ", 'layout': "
                   "'spring', 'stroke_width': 'k'}",
                   "{'add': ['g']}, {'play': [{'anim': 'SetValue', 'target': 'k', 'value': 8}]}"),
              &b)) {
        lr_vec2 a[6], c[6];
        seek(&b, 0.2);
        for (int i = 0; i < 6; i++) {
            char v[8];
            snprintf(v, sizeof v, "%d", i + 1);
            a[i] = vertex_at(&b, "g", v);
        }
        seek(&b, 0.8);
        for (int i = 0; i < 6; i++) {
            char v[8];
            snprintf(v, sizeof v, "%d", i + 1);
            c[i] = vertex_at(&b, "g", v);
            LRT_CHECK(dist(a[i], c[i]) < 1e-5);
        }
        lr_vec2 s, e;
        edge_ends(&b, "g.edge(1, 2)", &s, &e);
        LRT_CHECK(dist(s, c[0]) < 1e-4 && dist(e, c[1]) < 1e-4);
        lr_mobject *edge = find(&b, "g.edge(1, 2)");
        LRT_CHECK(edge && edge->style.stroke_width > 0.05f);
    }
    done(&b);
}

int main(void)
{
    check_circular();
    check_partite();
    check_tree();
    check_shell_grid_spiral();
    check_positions_and_sugiyama();
    check_force_directed();
    check_threads();
    check_follow();
    check_digraph();
    check_suspended();
    check_labels_and_configs();
    check_parts();
    check_errors();
    check_rebuilt();
    return lrt_finish("spec_graph");
}
