/* Graphs (version 2): Manim's Graph and DiGraph. A graph is a group of two
 * groups, its vertices (Dots, or a Dot and its label: LabeledDot) and its
 * edges (a Line each, or an arrow in a digraph), drawn below the vertices
 * as Manim's z_index -1 puts them. Vertices and edges are parts
 * (g.vertex(v), g.edge(u, v)). Each edge has a path updater of the
 * timeline (Manim's Graph.update_edges): at every frame its ends go back
 * to its vertices wherever animations have taken them, in the coordinates
 * of the edge itself, so that what moves, scales or fades the edge (or the
 * graph) composes with it. */
#include "spec/build_internal.h"
#include "graph/graph_layout.h"

#define LABEL_FONT_SIZE 48 /* Manim's MathTex */
#define LABEL_BUFF 0.1f    /* LabeledDot's SMALL_BUFF */
#define DOT_RADIUS 0.08f   /* DEFAULT_DOT_RADIUS */

/* What a path updater keeps an edge's ends on. */
typedef struct graph_edge {
    lr_mobject *path, *from, *to;
    lr_mobject *vertices, *edges; /* the groups they sit in */
    bool directed;
    float tip_length, tip_width;
} graph_edge;

struct graph_built {
    size_t nvertices, nedges;
    spec_vertex_name *names;
    int (*pairs)[2];
    double (*pos)[2]; /* the layout's positions, kept for a graph rebuilt at every frame */
    lr_mobject **vertex, **edge;
    lr_mobject *vgroup, *egroup;
    graph_edge *jobs;
    bool directed;
};

void build_graph_free(struct graph_built *g)
{
    if (!g)
        return;
    free(g->names);
    free(g->pairs);
    free(g->pos);
    free(g->vertex);
    free(g->edge);
    free(g->jobs);
    free(g);
}

/* ---- reading the spec ---- */

static const cJSON *item(const cJSON *o, const char *key) { return cJSON_GetObjectItemCaseSensitive(o, key); }

/* A key of the graph's layout_config, else of the graph (Manim's
 * change_layout lets layout_config win). */
static const cJSON *layout_setting(const cJSON *o, const char *key)
{
    const cJSON *cfg = item(o, "layout_config");
    const cJSON *v = cJSON_IsObject(cfg) ? item(cfg, key) : NULL;
    return v ? v : item(o, key);
}

static int vertex_index(const struct graph_built *g, const cJSON *v)
{
    spec_vertex_name name;
    return spec_vertex_of(v, name, NULL) ? spec_vertex_find(g->names, g->nvertices, name) : -1;
}

/* Lists of vertices as index arrays (partitions, shells); *count lists. */
static lr_status vertex_lists(const struct graph_built *g, const cJSON *lists, int ***out, size_t **sizes, size_t *count)
{
    *count = 0;
    *out = NULL;
    *sizes = NULL;
    size_t n = cJSON_IsArray(lists) ? (size_t)cJSON_GetArraySize(lists) : 0;
    if (n == 0)
        return LR_OK;
    int **l = calloc(n, sizeof *l);
    size_t *sz = calloc(n, sizeof *sz);
    if (!l || !sz) {
        free(l);
        free(sz);
        return LR_ERR_NOMEM;
    }
    size_t i = 0;
    for (const cJSON *e = lists->child; e; e = e->next, i++) {
        l[i] = malloc(sizeof **l * ((size_t)cJSON_GetArraySize(e) + 1));
        if (!l[i])
            break;
        for (const cJSON *x = e->child; x; x = x->next) {
            int k = vertex_index(g, x);
            if (k >= 0)
                l[i][sz[i]++] = k;
        }
    }
    *out = l;
    *sizes = sz;
    *count = i;
    return i == n ? LR_OK : LR_ERR_NOMEM;
}

static void free_lists(int **l, size_t n)
{
    for (size_t i = 0; l && i < n; i++)
        free(l[i]);
    free(l);
}

static lr_status place_vertices(bctx *c, const cJSON *o, struct graph_built *g)
{
    const cJSON *layout = item(o, "layout");
    if (cJSON_IsObject(layout)) {
        for (const cJSON *e = layout->child; e; e = e->next) {
            spec_vertex_name name;
            int k = spec_vertex_text(e->string, strlen(e->string), name) ? spec_vertex_find(g->names, g->nvertices, name)
                                                                         : -1;
            if (k >= 0 && cJSON_GetArraySize(e) == 2) {
                g->pos[k][0] = e->child->valuedouble;
                g->pos[k][1] = e->child->next->valuedouble;
            }
        }
        return LR_OK;
    }
    static const struct {
        const char *name;
        graph_layout_kind kind;
    } kinds[] = {{"spring", GRAPH_LAYOUT_SPRING}, {"circular", GRAPH_LAYOUT_CIRCULAR},
                 {"kamada_kawai", GRAPH_LAYOUT_KAMADA_KAWAI}, {"partite", GRAPH_LAYOUT_PARTITE},
                 {"tree", GRAPH_LAYOUT_TREE}, {"shell", GRAPH_LAYOUT_SHELL}, {"random", GRAPH_LAYOUT_RANDOM},
                 {"spiral", GRAPH_LAYOUT_SPIRAL}, {"grid", GRAPH_LAYOUT_GRID}, {"sugiyama", GRAPH_LAYOUT_SUGIYAMA}};
    const char *name = cJSON_IsString(layout) ? layout->valuestring : "spring";
    graph_layout_in in = {.nvertices = g->nvertices,
                          .edges = (const int(*)[2])g->pairs,
                          .nedges = g->nedges,
                          .directed = g->directed,
                          .scale = build_num(c, o, "layout_scale", 2),
                          .root = -1,
                          .iterations = 500,
                          .resolution = 0.35,
                          .seed = 1};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(name, kinds[i].name) == 0)
            in.kind = kinds[i].kind;
    const cJSON *v;
    if ((v = layout_setting(o, "seed")) && cJSON_IsNumber(v))
        in.seed = (uint64_t)v->valuedouble;
    if ((v = layout_setting(o, "iterations")) && cJSON_IsNumber(v))
        in.iterations = v->valueint;
    if ((v = layout_setting(o, "resolution")) && cJSON_IsNumber(v))
        in.resolution = v->valuedouble;
    if ((v = layout_setting(o, "columns")) && cJSON_IsNumber(v))
        in.columns = v->valueint;
    if ((v = layout_setting(o, "root_vertex")))
        in.root = vertex_index(g, v);
    in.up = strcmp(str_or(item(o, "layout_config"), "orientation", "down"), "up") == 0;
    in.horizontal = strcmp(str_or(item(o, "layout_config"), "align", "vertical"), "horizontal") == 0;
    if ((v = layout_setting(o, "vertex_spacing")) && cJSON_GetArraySize(v) == 2) {
        in.spacing = true;
        in.spacing_x = v->child->valuedouble;
        in.spacing_y = v->child->next->valuedouble;
    }
    int **lists = NULL;
    size_t *sizes = NULL, nlists = 0;
    const cJSON *groups = in.kind == GRAPH_LAYOUT_SHELL ? layout_setting(o, "nlist") : layout_setting(o, "partitions");
    lr_status s = LR_OK;
    if (in.kind == GRAPH_LAYOUT_SHELL || in.kind == GRAPH_LAYOUT_PARTITE || in.kind == GRAPH_LAYOUT_SUGIYAMA)
        s = vertex_lists(g, groups, &lists, &sizes, &nlists);
    if (s != LR_OK) {
        free_lists(lists, nlists);
        free(sizes);
        return build_fail(c, "graph", LR_ERR_NOMEM, "out of memory");
    }
    in.groups = (const int *const *)lists;
    in.group_sizes = sizes;
    in.ngroups = nlists;
    lr_error e = {0};
    s = graph_layout(&in, g->pos, &e);
    free_lists(lists, nlists);
    free(sizes);
    return s == LR_OK ? LR_OK : build_fail_field(c, "layout", s, e.message);
}

/* ---- drawing ---- */

/* The settings of one vertex or edge: its own key in the config, else the
 * config's, else the fallback. */
static const cJSON *config_value(const cJSON *config, const cJSON *own, const char *key)
{
    const cJSON *v = own ? item(own, key) : NULL;
    return v ? v : config ? item(config, key) : NULL;
}

static const cJSON *own_config(const cJSON *config, const char *a, const char *b, bool edge, bool directed)
{
    for (const cJSON *e = cJSON_IsObject(config) ? config->child : NULL; e; e = e->next) {
        spec_vertex_name x, y;
        if (!cJSON_IsObject(e))
            continue;
        if (!edge && spec_vertex_text(e->string, strlen(e->string), x) && strcmp(x, a) == 0)
            return e;
        if (edge && spec_edge_text(e->string, x, y) &&
            ((strcmp(x, a) == 0 && strcmp(y, b) == 0) || (!directed && strcmp(x, b) == 0 && strcmp(y, a) == 0)))
            return e;
    }
    return NULL;
}

static lr_color color_or(const cJSON *v, lr_color fallback)
{
    lr_color c;
    return cJSON_IsString(v) && lr_color_parse(v->valuestring, &c) ? c : fallback;
}

static double number_or(const cJSON *v, double fallback) { return cJSON_IsNumber(v) ? v->valuedouble : fallback; }

/* The half extent of a box, centred at the origin with half sizes (hx,
 * hy), along the unit vector u: on the ellipse inscribed in it, which for
 * a Dot's box is the dot. */
static float reach(float hx, float hy, lr_vec2 u)
{
    if (hx <= 0 || hy <= 0)
        return 0;
    float q = (u.x / hx) * (u.x / hx) + (u.y / hy) * (u.y / hy);
    return q > 0 ? 1.0f / sqrtf(q) : 0;
}

/* The edge's path from where its vertices are now, in the edge's own
 * space: centre to centre (Manim's Graph), or boundary to boundary with a
 * tip at the second (DiGraph, whose Line starts and ends on the vertices'
 * boundaries). Written over p, whose memory stays; false, p untouched,
 * when the edge's space is degenerate (scaled to nothing) or a vertex has
 * no shape. */
static bool edge_path(const graph_edge *j, lr_path *p, lr_status *st)
{
    lr_affine to_graph = lr_affine_then(j->path->transform, j->edges->transform), inv;
    if (!lr_affine_invert(to_graph, &inv))
        return false;
    lr_affine from = lr_affine_then(j->vertices->transform, inv);
    lr_rect ra = lr_mobject_bounds_under(j->from, from), rb = lr_mobject_bounds_under(j->to, from);
    if (lr_rect_is_empty(ra) || lr_rect_is_empty(rb))
        return false;
    lr_vec2 a = rect_center(ra), b = rect_center(rb);
    lr_path_clear(p);
    float dx = b.x - a.x, dy = b.y - a.y, len = hypotf(dx, dy);
    if (!j->directed || len <= 0) {
        *st = lr_path_add_line(p, a, b);
        return true;
    }
    lr_vec2 u = {dx / len, dy / len};
    float sa = reach((ra.x1 - ra.x0) * 0.5f, (ra.y1 - ra.y0) * 0.5f, u);
    float sb = reach((rb.x1 - rb.x0) * 0.5f, (rb.y1 - rb.y0) * 0.5f, u);
    float d = len - sa - sb;
    if (d <= 1e-6f) { /* the vertices overlap: a point between them */
        lr_vec2 m = {a.x + u.x * (sa + d * 0.5f), a.y + u.y * (sa + d * 0.5f)};
        *st = lr_path_add_line(p, m, m);
        return true;
    }
    lr_vec2 s = {a.x + u.x * sa, a.y + u.y * sa}, e = {b.x - u.x * sb, b.y - u.y * sb};
    float tip = fminf(j->tip_length, d * 0.5f), width = j->tip_width * tip / j->tip_length;
    lr_vec2 base = {e.x - u.x * tip, e.y - u.y * tip};
    *st = lr_path_add_line(p, s, base);
    if (*st == LR_OK)
        *st = lr_path_add_arrow_tip(p, e, u, tip, width);
    return true;
}

static lr_status edge_follow(lr_mobject *m, double t, void *user, lr_error *err)
{
    (void)t;
    graph_edge *j = user;
    lr_status s = LR_OK;
    if (m != j->path)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "graph: an edge's updater got another mobject");
    edge_path(j, &m->path, &s);
    return s == LR_OK ? LR_OK : lr_error_set(err, s, "graph: out of memory moving an edge");
}

static lr_status set_part_id(lr_mobject *m, const char *id, const char *part, const char *a, const char *b)
{
    char buf[SPEC_MAX_ID + 2 * GRAPH_MAX_NAME + 24];
    if (b)
        snprintf(buf, sizeof buf, "%s.%s(%s, %s)", id, part, a, b);
    else
        snprintf(buf, sizeof buf, "%s.%s(%s)", id, part, a);
    return lr_mobject_set_id(m, buf);
}

/* The vertices: a Dot each, with its label over it when it has one (a
 * LabeledDot, whose radius fits the label). */
static lr_status build_vertices(bctx *c, const cJSON *o, const char *id, struct graph_built *g, lr_color base)
{
    const cJSON *config = item(o, "vertex_config"), *labels = item(o, "labels");
    lr_color label_color = color_or(item(o, "label_fill_color"), lr_rgba(0, 0, 0, 1));
    const char **srcs = calloc(g->nvertices, sizeof *srcs);
    lr_mobject **tex = calloc(g->nvertices, sizeof *tex);
    size_t *which = calloc(g->nvertices, sizeof *which);
    lr_status s = srcs && tex && which ? LR_OK : LR_ERR_NOMEM;
    size_t nlabels = 0;
    for (size_t i = 0; s == LR_OK && i < g->nvertices; i++) {
        const char *src = cJSON_IsTrue(labels) ? g->names[i] : NULL;
        for (const cJSON *e = cJSON_IsObject(labels) ? labels->child : NULL; e && !src; e = e->next) {
            spec_vertex_name name;
            if (cJSON_IsString(e) && spec_vertex_text(e->string, strlen(e->string), name) &&
                strcmp(name, g->names[i]) == 0)
                src = e->valuestring;
        }
        if (src) {
            which[nlabels] = i;
            srcs[nlabels++] = src;
        }
    }
    /* All the labels in one TeX run. */
    lr_mobject **built = nlabels ? calloc(nlabels, sizeof *built) : NULL;
    if (s == LR_OK && nlabels && !built)
        s = LR_ERR_NOMEM;
    if (s == LR_OK && nlabels && (s = build_tex_many(c, srcs, nlabels, LABEL_FONT_SIZE, label_color, built)) == LR_OK)
        for (size_t k = 0; k < nlabels; k++)
            tex[which[k]] = built[k];
    free(built);
    for (size_t i = 0; s == LR_OK && i < g->nvertices; i++) {
        const cJSON *own = own_config(config, g->names[i], NULL, false, false);
        lr_vec2 at = {(float)g->pos[i][0], (float)g->pos[i][1]};
        lr_color color = color_or(config_value(config, own, "color"), base);
        lr_style st = lr_style_default();
        st.fill = color_or(config_value(config, own, "fill_color"), color);
        st.fill.a = (float)number_or(config_value(config, own, "fill_opacity"), 1);
        st.stroke = color_or(config_value(config, own, "stroke_color"), color);
        st.stroke_width = (float)(number_or(config_value(config, own, "stroke_width"), 0) / 100.0);
        float radius = DOT_RADIUS;
        if (tex[i]) {
            lr_rect r = lr_mobject_bounds(tex[i]);
            radius = LABEL_BUFF + 0.5f * hypotf(r.x1 - r.x0, r.y1 - r.y0);
        }
        radius = (float)number_or(config_value(config, own, "radius"), radius);
        lr_path p = {0};
        s = lr_path_add_circle(&p, at, radius);
        lr_mobject *dot = s == LR_OK ? lr_mobject_create_path(&p, st) : NULL, *v = dot;
        lr_path_free(&p);
        if (dot && tex[i]) {
            /* dot and label in a group; what is not handed over is freed below */
            v = lr_mobject_create_group();
            move_center_to(tex[i], at);
            if (v && lr_mobject_add_child(v, dot) == LR_OK) {
                dot = NULL;
                if (lr_mobject_add_child(v, tex[i]) == LR_OK)
                    tex[i] = NULL;
                else {
                    lr_mobject_destroy(v);
                    v = NULL;
                }
            } else {
                lr_mobject_destroy(v);
                v = NULL;
            }
        }
        if (!v || lr_mobject_add_child(g->vgroup, v) != LR_OK) {
            lr_mobject_destroy(v);
            if (dot != v)
                lr_mobject_destroy(dot);
            s = LR_ERR_NOMEM;
            break;
        }
        g->vertex[i] = v;
        s = set_part_id(v, id, "vertex", g->names[i], NULL);
    }
    for (size_t i = 0; tex && i < g->nvertices; i++)
        lr_mobject_destroy(tex[i]);
    free(srcs);
    free(tex);
    free(which);
    if (s == LR_ERR_NOMEM)
        return build_fail(c, id, s, "out of memory");
    return s;
}

static lr_status build_edges(bctx *c, const cJSON *o, const char *id, struct graph_built *g, lr_color base,
                             float base_width)
{
    const cJSON *config = item(o, "edge_config");
    for (size_t k = 0; k < g->nedges; k++) {
        int a = g->pairs[k][0], b = g->pairs[k][1];
        const cJSON *own = own_config(config, g->names[a], g->names[b], true, g->directed);
        lr_style st = lr_style_default();
        st.stroke = color_or(config_value(config, own, "stroke_color"), color_or(config_value(config, own, "color"), base));
        st.stroke.a = (float)number_or(config_value(config, own, "stroke_opacity"), 1) * st.stroke.a;
        st.stroke_width = (float)(number_or(config_value(config, own, "stroke_width"), base_width * 100) / 100.0);
        st.join = LR_JOIN_ROUND;
        st.cap = LR_CAP_ROUND;
        /* A digraph's tips are filled in the line's colour; a Line has no fill. */
        st.fill = st.stroke;
        if (!g->directed)
            st.fill.a = 0;
        const cJSON *tip = config_value(config, own, "tip_config");
        g->jobs[k] = (graph_edge){NULL, g->vertex[a], g->vertex[b], g->vgroup, g->egroup, g->directed,
                                  (float)number_or(item(tip, "tip_length"), 0.35),
                                  (float)number_or(item(tip, "tip_width"), 0.35)};
        lr_mobject *e = lr_mobject_create_path(NULL, st);
        if (!e || lr_mobject_add_child(g->egroup, e) != LR_OK) {
            lr_mobject_destroy(e);
            return build_fail(c, id, LR_ERR_NOMEM, "out of memory");
        }
        g->jobs[k].path = g->edge[k] = e;
        lr_error err = {0};
        lr_status s = edge_follow(e, 0, &g->jobs[k], &err);
        if (s == LR_OK)
            s = set_part_id(e, id, "edge", g->names[a], g->names[b]);
        if (s != LR_OK)
            return build_fail(c, id, s, "out of memory");
    }
    return LR_OK;
}

lr_status build_graph(bctx *c, const cJSON *o, bobj *b, lr_mobject **out)
{
    const char *id = str_or(o, "id", "");
    double (*kept)[2] = NULL;
    if (b->graph) { /* rebuilt at every frame: the layout stays */
        kept = b->graph->pos;
        b->graph->pos = NULL;
        build_graph_free(b->graph);
        b->graph = NULL;
    }
    bool laid = kept != NULL;
    struct graph_built *g = calloc(1, sizeof *g);
    const cJSON *vertices = item(o, "vertices"), *edges = item(o, "edges");
    size_t n = (size_t)cJSON_GetArraySize(vertices), ne = (size_t)cJSON_GetArraySize(edges);
    if (g) {
        g->directed = strcmp(str_or(o, "type", ""), "digraph") == 0;
        g->names = calloc(n ? n : 1, sizeof *g->names);
        g->pairs = calloc(ne ? ne : 1, sizeof *g->pairs);
        g->pos = kept ? kept : calloc(n ? n : 1, sizeof *g->pos);
        g->vertex = calloc(n ? n : 1, sizeof *g->vertex);
        g->edge = calloc(ne ? ne : 1, sizeof *g->edge);
        g->jobs = calloc(ne ? ne : 1, sizeof *g->jobs);
        kept = NULL;
    }
    free(kept);
    if (!g || !g->names || !g->pairs || !g->pos || !g->vertex || !g->edge || !g->jobs) {
        build_graph_free(g);
        return build_fail(c, id, LR_ERR_NOMEM, "out of memory");
    }
    g->nvertices = spec_graph_names(o, g->names);
    for (const cJSON *e = cJSON_IsArray(edges) ? edges->child : NULL; e; e = e->next) {
        if (cJSON_GetArraySize(e) != 2 || g->nedges >= ne)
            continue;
        g->pairs[g->nedges][0] = vertex_index(g, e->child);
        g->pairs[g->nedges][1] = vertex_index(g, e->child->next);
        if (g->pairs[g->nedges][0] >= 0 && g->pairs[g->nedges][1] >= 0)
            g->nedges++;
    }
    lr_status s = laid ? LR_OK : place_vertices(c, o, g);
    /* The graph's colour and stroke width are its vertices' and edges'
     * unless their configs say otherwise. */
    lr_color base = color_or(item(o, "color"), lr_rgba(1, 1, 1, 1));
    float width = (float)(build_num(c, o, "stroke_width", 4) / 100.0);
    lr_mobject *m = s == LR_OK ? lr_mobject_create_group() : NULL;
    g->vgroup = m ? lr_mobject_create_group() : NULL;
    g->egroup = g->vgroup ? lr_mobject_create_group() : NULL;
    if (s == LR_OK && (!g->egroup || lr_mobject_add_child(m, g->vgroup) != LR_OK)) {
        lr_mobject_destroy(g->vgroup);
        lr_mobject_destroy(g->egroup);
        s = build_fail(c, id, LR_ERR_NOMEM, "out of memory");
    } else if (s == LR_OK && lr_mobject_add_child(m, g->egroup) != LR_OK) {
        lr_mobject_destroy(g->egroup);
        s = build_fail(c, id, LR_ERR_NOMEM, "out of memory");
    }
    if (s == LR_OK) {
        /* Vertices first, as Manim adds them (Create draws them first);
         * the edges underneath. */
        lr_mobject_set_z_index(g->egroup, -1);
        s = build_vertices(c, o, id, g, base);
    }
    if (s == LR_OK)
        s = build_edges(c, o, id, g, color_or(item(o, "stroke_color"), base), width);
    if (s != LR_OK) {
        lr_mobject_destroy(m);
        build_graph_free(g);
        return s;
    }
    b->graph = g;
    *out = m;
    return LR_OK;
}

/* The mobjects of a part: g.vertex(v), g.edge(u, v), g.vertices, g.edges. */
size_t build_graph_parts(const bobj *b, const vocab_part_ref *pr, lr_mobject **out, size_t cap)
{
    const struct graph_built *g = b->graph;
    if (!g || cap == 0)
        return 0;
    if (strcmp(pr->name, "vertices") == 0 || strcmp(pr->name, "edges") == 0) {
        out[0] = pr->name[0] == 'v' ? g->vgroup : g->egroup;
        return 1;
    }
    bool edge = strcmp(pr->name, "edge") == 0;
    spec_vertex_name a, z;
    if (pr->by_tex ? !(edge ? spec_edge_text(pr->tex, a, z) : spec_vertex_text(pr->tex, strlen(pr->tex), a))
                   : pr->nargs != (edge ? 2 : 1))
        return 0;
    if (!pr->by_tex) {
        snprintf(a, sizeof a, "%d", pr->args[0]);
        snprintf(z, sizeof z, "%d", pr->args[1]);
    }
    int ka = spec_vertex_find(g->names, g->nvertices, a);
    if (!edge) {
        out[0] = ka >= 0 ? g->vertex[ka] : NULL;
        return ka >= 0;
    }
    int kz = spec_vertex_find(g->names, g->nvertices, z);
    for (size_t k = 0; ka >= 0 && kz >= 0 && k < g->nedges; k++)
        if ((g->pairs[k][0] == ka && g->pairs[k][1] == kz) ||
            (!g->directed && g->pairs[k][0] == kz && g->pairs[k][1] == ka)) {
            out[0] = g->edge[k];
            return 1;
        }
    return 0;
}

/* Every edge of a graph built once gets its updater; a graph rebuilt at
 * every frame (SN_DYNAMIC) has new edges at each, already where they go. */
lr_status build_add_graph_updaters(bctx *c)
{
    for (size_t i = 0; i < c->nobjs; i++) {
        struct graph_built *g = c->objs[i].graph;
        if (!g || c->objs[i].live)
            continue;
        for (size_t k = 0; k < g->nedges; k++)
            if (lr_timeline_add_path_updater(c->tl, g->edge[k], edge_follow, &g->jobs[k], c->err) != LR_OK)
                return c->err->status;
        c->graph_updaters = true;
    }
    return LR_OK;
}
