/* librender/graph: where the vertices of a graph go, Manim's Graph layouts
 * (manim/mobject/graph.py), in its terms: positions within [-scale, scale]
 * as networkx's layouts and Manim's own tree layout scale them. Knows no
 * JSON. The real algorithms (Fruchterman-Reingold, Kamada-Kawai,
 * Reingold-Tilford, Sugiyama) are igraph's; circular, shell, partite,
 * spiral, grid and random are the arithmetic of networkx 2.8 (Debian 12)
 * that Manim calls. Every layout is a function of its input: the same
 * graph and parameters give the same positions, in any thread. */
#ifndef LR_GRAPH_LAYOUT_H
#define LR_GRAPH_LAYOUT_H

#include <librender/lr_base.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum graph_layout_kind {
    GRAPH_LAYOUT_SPRING,       /* networkx spring_layout: Fruchterman-Reingold (igraph) */
    GRAPH_LAYOUT_CIRCULAR,     /* vertex k at scale (cos 2 pi k / n, sin 2 pi k / n) */
    GRAPH_LAYOUT_KAMADA_KAWAI, /* from the circular layout, as networkx (igraph) */
    GRAPH_LAYOUT_PARTITE,      /* networkx multipartite_layout: a column per partition */
    GRAPH_LAYOUT_TREE,         /* Reingold-Tilford (igraph), scaled as Manim's _tree_layout */
    GRAPH_LAYOUT_SHELL,        /* networkx shell_layout: concentric circles */
    GRAPH_LAYOUT_RANDOM,       /* Manim's _random_layout: uniform in [-scale, scale]^2 */
    GRAPH_LAYOUT_SPIRAL,       /* networkx spiral_layout (not equidistant) */
    GRAPH_LAYOUT_GRID,         /* rows of `columns` vertices, top to bottom (not in Manim) */
    GRAPH_LAYOUT_SUGIYAMA,     /* layers top to bottom, crossings reduced (igraph; not in Manim) */
} graph_layout_kind;

/* What a layout needs. Vertices are 0..nvertices-1, edges index pairs
 * (from, to). `groups` (partite: partitions, a column each; sugiyama: its
 * layers, a row each; shell: the shells) list vertex indices, each vertex
 * at most once; partite puts the vertices in no group in a last column
 * (Manim's rule), sugiyama lets igraph layer them all when there are no
 * groups, and shell takes one shell of every vertex when there are none
 * (else every vertex must be in one). */
typedef struct graph_layout_in {
    graph_layout_kind kind;
    size_t nvertices;
    const int (*edges)[2];
    size_t nedges;
    bool directed;
    double scale; /* Manim's layout_scale: > 0 */
    const int *const *groups;
    const size_t *group_sizes;
    size_t ngroups;
    int root;              /* tree: the root vertex */
    bool up;               /* tree, sugiyama: the root (layer 0) at the bottom */
    bool spacing;          /* tree, sugiyama: spacing_x/y between siblings and layers instead of fitting `scale` */
    double spacing_x, spacing_y;
    bool horizontal;       /* partite: networkx's align="horizontal" (x and y swapped) */
    uint64_t seed;         /* spring (its initial positions), random */
    int iterations;        /* spring: > 0 */
    double resolution;     /* spiral: the angle between two vertices, radians */
    int columns;           /* grid: > 0, or 0 for ceil(sqrt(n)) */
} graph_layout_in;

/* Fills pos[i] (nvertices of them) with the position of vertex i.
 * LR_ERR_INVALID_ARG for a tree layout of a graph that is not a tree with
 * that root, or an input out of its ranges, and when igraph fails (its
 * message in err); LR_ERR_NOMEM. */
lr_status graph_layout(const graph_layout_in *in, double (*pos)[2], lr_error *err);

/* Whether the undirected graph is a tree (connected, nvertices - 1 edges);
 * when it is not, *unreached (if not NULL) gets the number of vertices the
 * root does not reach. */
bool graph_is_tree(size_t nvertices, const int (*edges)[2], size_t nedges, int root, size_t *unreached);

#endif
