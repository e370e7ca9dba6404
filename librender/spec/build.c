/* Building a validated section: the teaching layout (title, lecture lines),
 * every object as mobjects, placement on the anchor grid, and the timeline.
 * The validator has checked every field, type and reference, so this file
 * reads the JSON without re-checking; what can still fail is the outside
 * world (fonts, LaTeX, asset files) and memory. */
#include "core/grow.h"
#include "spec/spec_expr.h"
#include "spec/spec_internal.h"
#include "spec/vocab.h"
#include "scene/scene_internal.h"

#include <librender/lr_svg.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEG (3.14159265358979323846 / 180.0)
#define GRAPH_SAMPLES 200

typedef struct axes_map {
    double x0, x1, y0, y1; /* ranges */
    double sx, sy;         /* scene units per axis unit */
} axes_map;

typedef struct bobj {
    const char *id;
    const char *type;
    const cJSON *json;
    lr_mobject *m;
    bool in_group;
    bool in_scene; /* handed to the scene, which owns it now */
    bool is_axes;
    axes_map axes;
    double value; /* decimal: its value at the step being compiled */
    spec_decimal *decimal;
    /* Line-likes: the ends as built, in the coordinates of the path that
     * holds them (start and end queries map them to the scene). */
    lr_vec2 p0, p1;
    bool has_ends;
    int name; /* its index among the section's names (spec_name), or -1 */
    double shown_at; /* when the timeline first brings it in (s), -1 before it is known */
    struct trace_samples *trace; /* traced_path: where its point has been */
} bobj;

/* Where a traced path's point was at regular times, sampled on a second
 * build of the section (sample_traces), so that any frame can be drawn
 * in any order: the path at t is the samples up to t and the point at t. */
typedef struct trace_samples {
    lr_vec2 *points; /* at k / TRACE_HZ seconds */
    size_t count;
} trace_samples;

#define TRACE_HZ 60.0

typedef struct bctx bctx;
struct live_obj;

struct bctx {
    const lr_spec *spec;
    const spec_section *sec;
    size_t index;
    lr_orientation orientation;
    lr_scene *scene;
    lr_timeline *tl;
    lr_error *err;
    bobj objs[SPEC_MAX_OBJECTS + 1 + LR_LAYOUT_MAX_LINES];
    size_t nobjs;
    lr_mobject *lines[LR_LAYOUT_MAX_LINES];
    int current_line;
    lr_vec2 camera_center;
    float camera_height;
    struct tex_pre *pre; /* formulas compiled ahead, in one TeX run */
    size_t npre;
    /* Narration timing (timing.c): this step's run_time/wait factor. */
    double step_scale;
    /* Expressions (version 2) are evaluated with these slots: the time,
     * a graph's x or a curve's t, then the section's values. */
    double vars[SPEC_SLOT_VALUES + SPEC_MAX_OBJECTS];
    bobj *named[SPEC_MAX_OBJECTS + 1 + LR_LAYOUT_MAX_LINES]; /* by spec_name index, once built */
    bool nan_seen; /* an expression had no value: the object shows nothing */
    /* Objects rebuilt per frame (version 2), each an updater of the
     * timeline; the state then outlives the build, in spec->res->live. */
    struct live_obj *live;
    size_t nlive, cap_live;
    double live_time; /* the time vars[] hold, NAN before the first update */
    struct live_anim *live_anims;
    struct camera_move *moves;
    size_t nmoves, cap_moves;
    bool camera_follows;
    bctx *next_live;
    bool shadow; /* the second build that only samples traced paths */
};

/* An animation whose parameters are expressions read as it begins. */
typedef struct live_anim {
    bctx *c;
    const cJSON *json;
    struct live_anim *next;
} live_anim;

/* A MoveCamera of a step, for the camera that follows an expression. */
struct camera_move {
    double start, duration;
    lr_rate_func rate;
    const cJSON *follow; /* its center when that is an expression of what changes, else NULL */
    lr_vec2 target;      /* the center the animation itself moves to */
};
typedef struct camera_move camera_move;

/* An object rebuilt at every frame, in its container. */
typedef struct live_obj {
    bctx *c;
    size_t index;     /* in c->objs */
    lr_mobject *base; /* SN_FOLLOWS: the shape, built once and unplaced; placed again per frame */
} live_obj;

/* ---- small readers of validated JSON ---- */

static bool bool_or(const cJSON *o, const char *key, bool fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : fallback;
}

static const char *str_or(const cJSON *o, const char *key, const char *fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : fallback;
}

/* ---- numbers and points, which version 2 may write as expressions ---- */

static bool query_object(void *user, int handle, const expr_value *args, int nargs, expr_value *out);

static expr_value eval_node(bctx *c, const cJSON *node, bool *found)
{
    const spec_expr *x = spec_exprs_find(&c->sec->exprs, node);
    *found = x != NULL;
    if (!x)
        return (expr_value){NAN, NAN};
    expr_env env = {c->vars, (int)(SPEC_SLOT_VALUES + c->sec->nvalues), query_object, c};
    expr_value r = expr_eval(x->expr, &env);
    if (!isfinite(r.x) || !isfinite(r.y)) {
        c->nan_seen = true;
        return r;
    }
    /* A value past the field's range is clamped into it, as the
     * validator would have refused it written as a number. */
    r.x = fmin(fmax(r.x, x->min), x->max);
    r.y = fmin(fmax(r.y, x->min), x->max);
    return r;
}

/* A number, or an expression's value now. */
static double number_of(bctx *c, const cJSON *v, double fallback)
{
    if (cJSON_IsNumber(v))
        return v->valuedouble;
    bool found = false;
    double x = cJSON_IsString(v) ? eval_node(c, v, &found).x : NAN;
    return found ? x : fallback;
}

static double bnum(bctx *c, const cJSON *o, const char *key, double fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return v ? number_of(c, v, fallback) : fallback;
}

/* [x, y] (items may be expressions), or one expression of a point. */
static lr_vec2 bpoint(bctx *c, const cJSON *v)
{
    lr_vec2 p = {0, 0};
    if (cJSON_IsString(v)) {
        bool found;
        expr_value r = eval_node(c, v, &found);
        return (lr_vec2){(float)r.x, (float)r.y};
    }
    if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2) {
        p.x = (float)number_of(c, v->child, 0);
        p.y = (float)number_of(c, v->child->next, 0);
    }
    return p;
}

static lr_vec2 bvec(bctx *c, const cJSON *o, const char *key, lr_vec2 fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return v ? bpoint(c, v) : fallback;
}

static bool color_of(const cJSON *o, const char *key, lr_color *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && lr_color_parse(v->valuestring, out);
}

/* [min, max] or [min, max, step]; a graph's bounds may be expressions. */
static void brange(bctx *c, const cJSON *o, const char *key, double def0, double def1, double def_step, double r[3])
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    r[0] = def0;
    r[1] = def1;
    r[2] = def_step;
    int i = 0;
    for (const cJSON *e = v ? v->child : NULL; e && i < 3; e = e->next, i++)
        r[i] = number_of(c, e, r[i]);
}

static lr_status fail(bctx *c, const char *what, lr_status status, const char *detail)
{
    return lr_error_set(c->err, status, "%s: sections[%zu] (%s): %s: %s", c->spec->name, c->index, c->sec->id, what,
                        detail);
}

static bobj *find(bctx *c, const char *id)
{
    for (size_t i = 0; i < c->nobjs; i++)
        if (strcmp(c->objs[i].id, id) == 0)
            return &c->objs[i];
    return NULL;
}

/* Bounds in scene space, whatever the mobject's parents. */
static lr_rect world_bounds(const lr_mobject *m)
{
    lr_rect r = lr_mobject_bounds(m);
    if (m->parent)
        r = lr_rect_transform(r, lr_mobject_world_transform(m->parent));
    return r;
}

static lr_vec2 rect_center(lr_rect r)
{
    return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f};
}

/* Applies `m` after the mobject's own transform. */
static void transform_by(lr_mobject *mob, lr_affine m)
{
    lr_mobject_set_transform(mob, lr_affine_then(lr_mobject_get_transform(mob), m));
}

static void move_center_to(lr_mobject *m, lr_vec2 target)
{
    lr_rect b = lr_mobject_bounds(m);
    if (lr_rect_is_empty(b))
        return;
    lr_vec2 c = rect_center(b);
    transform_by(m, lr_affine_translate(target.x - c.x, target.y - c.y));
}

static void scale_about_center(lr_mobject *m, float s, float radians)
{
    lr_rect b = lr_mobject_bounds(m);
    if (lr_rect_is_empty(b))
        return;
    lr_vec2 c = rect_center(b);
    lr_affine a = lr_affine_translate(-c.x, -c.y);
    a = lr_affine_then(a, lr_affine_scale(s, s));
    a = lr_affine_then(a, lr_affine_rotate(radians));
    a = lr_affine_then(a, lr_affine_translate(c.x, c.y));
    transform_by(m, a);
}

/* ---- styles ---- */

/* Filled by default: text-like objects and dots; outlined: everything else. */
static lr_style style_of(bctx *c, const cJSON *o, bool filled)
{
    lr_style s = lr_style_default();
    lr_color color = lr_rgba(1, 1, 1, 1), col;
    if (color_of(o, "color", &col))
        color = col;
    s.stroke = color;
    s.stroke_width = (float)(bnum(c, o, "stroke_width", 4.0) / 100.0);
    s.join = LR_JOIN_ROUND;
    s.cap = LR_CAP_ROUND;
    if (filled) {
        s.fill = color;
        s.stroke.a = 0;
    } else {
        s.fill = color;
        s.fill.a = 0;
    }
    if (color_of(o, "stroke_color", &col)) {
        s.stroke = col;
        if (s.stroke_width <= 0)
            s.stroke_width = 0.04f;
    }
    if (color_of(o, "fill_color", &col)) {
        float a = s.fill.a;
        s.fill = col;
        s.fill.a = a > 0 ? a : 1.0f;
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "fill_opacity"))
        s.fill.a = (float)bnum(c, o, "fill_opacity", s.fill.a);
    return s;
}

/* ---- shapes ---- */

static lr_status path_mobject(bctx *c, const cJSON *o, lr_path *path, bool filled, lr_mobject **out)
{
    lr_mobject *m = lr_mobject_create_path(path, style_of(c, o, filled));
    lr_path_free(path);
    if (!m)
        return fail(c, "building a shape", LR_ERR_NOMEM, "out of memory");
    *out = m;
    return LR_OK;
}

static lr_status add_arrow(lr_path *p, lr_vec2 a, lr_vec2 b, float tip, bool both)
{
    lr_vec2 d = {b.x - a.x, b.y - a.y};
    float len = sqrtf(d.x * d.x + d.y * d.y);
    if (len <= 0)
        return lr_path_add_line(p, a, b);
    if (tip > len * 0.5f)
        tip = len * 0.5f;
    lr_vec2 u = {d.x / len, d.y / len};
    lr_vec2 a2 = both ? (lr_vec2){a.x + u.x * tip, a.y + u.y * tip} : a;
    lr_vec2 b2 = {b.x - u.x * tip, b.y - u.y * tip};
    lr_status s = lr_path_add_line(p, a2, b2);
    if (s == LR_OK)
        s = lr_path_add_arrow_tip(p, b, u, tip, tip);
    if (s == LR_OK && both)
        s = lr_path_add_arrow_tip(p, a, (lr_vec2){-u.x, -u.y}, tip, tip);
    return s;
}

/* Catmull-Rom through the samples, as cubics; breaks where a sample is not
 * finite or leaves the box `clip` by far (asymptotes). */
static lr_status add_smooth_curve(lr_path *p, const lr_vec2 *pts, const bool *ok, int n)
{
    lr_status s = LR_OK;
    int i = 0;
    while (i < n && s == LR_OK) {
        while (i < n && !ok[i])
            i++;
        int j = i;
        while (j < n && ok[j])
            j++;
        if (j - i >= 2) {
            s = lr_path_move_to(p, pts[i]);
            for (int k = i; k < j - 1 && s == LR_OK; k++) {
                lr_vec2 p0 = pts[k > i ? k - 1 : k], p1 = pts[k], p2 = pts[k + 1], p3 = pts[k + 2 < j ? k + 2 : k + 1];
                lr_vec2 c1 = {p1.x + (p2.x - p0.x) / 6.0f, p1.y + (p2.y - p0.y) / 6.0f};
                lr_vec2 c2 = {p2.x - (p3.x - p1.x) / 6.0f, p2.y - (p3.y - p1.y) / 6.0f};
                s = lr_path_cubic_to(p, c1, c2, p2);
            }
        }
        i = j;
    }
    return s;
}

static lr_vec2 axes_point(const axes_map *a, double x, double y)
{
    return (lr_vec2){(float)((x - (a->x0 + a->x1) * 0.5) * a->sx), (float)((y - (a->y0 + a->y1) * 0.5) * a->sy)};
}

static lr_status build_object(bctx *c, const cJSON *o, lr_mobject **out);

/* ---- what expressions read of objects (spec_query) ---- */

/* The first path under m (m itself when it is one). */
static const lr_mobject *first_path(const lr_mobject *m)
{
    if (!m || m->kind == LR_MOBJECT_PATH)
        return m;
    for (size_t i = 0; i < m->nchildren; i++) {
        const lr_mobject *p = first_path(m->children[i]);
        if (p)
            return p;
    }
    return NULL;
}

static lr_vec2 world_point(const lr_mobject *m, lr_vec2 p)
{
    return lr_affine_apply(lr_mobject_world_transform(m), p);
}

/* A function graph's y at x, with the graph's expression (version 2: it
 * may read values and time too). */
static double graph_y(bctx *c, const bobj *graph, double x)
{
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(graph->json, "expr");
    const spec_expr *e = ex ? spec_exprs_find(&c->sec->exprs, ex) : NULL;
    if (!e)
        return NAN;
    double saved = c->vars[SPEC_SLOT_LOCAL];
    c->vars[SPEC_SLOT_LOCAL] = x;
    expr_env env = {c->vars, (int)(SPEC_SLOT_VALUES + c->sec->nvalues), query_object, c};
    double y = expr_eval(e->expr, &env).x;
    c->vars[SPEC_SLOT_LOCAL] = saved;
    return y;
}

static bool query_object(void *user, int handle, const expr_value *args, int nargs, expr_value *out)
{
    bctx *c = user;
    int name = handle / SQ_COUNT;
    spec_query q = (spec_query)(handle % SQ_COUNT);
    const bobj *b = name >= 0 && (size_t)name < c->sec->nnames ? c->named[name] : NULL;
    if (!b || !b->m)
        return false;
    lr_rect r = world_bounds(b->m);
    lr_vec2 mid = rect_center(r);
    const lr_mobject *leaf = first_path(b->m);
    switch (q) {
    case SQ_CENTER: *out = (expr_value){mid.x, mid.y}; break;
    case SQ_LEFT: *out = (expr_value){r.x0, mid.y}; break;
    case SQ_RIGHT: *out = (expr_value){r.x1, mid.y}; break;
    case SQ_TOP: *out = (expr_value){mid.x, r.y1}; break;
    case SQ_BOTTOM: *out = (expr_value){mid.x, r.y0}; break;
    case SQ_X: out->x = mid.x; break;
    case SQ_Y: out->x = mid.y; break;
    case SQ_WIDTH: out->x = r.x1 - r.x0; break;
    case SQ_HEIGHT: out->x = r.y1 - r.y0; break;
    case SQ_START:
    case SQ_END: {
        if (!leaf)
            return false;
        lr_vec2 p;
        if (b->has_ends) {
            p = q == SQ_START ? b->p0 : b->p1;
        } else {
            const lr_path *path = &leaf->path;
            if (path->npoints == 0)
                return false;
            p = q == SQ_START ? path->points[0] : path->points[path->npoints - 1];
        }
        p = world_point(leaf, p);
        *out = (expr_value){p.x, p.y};
        break;
    }
    case SQ_POINT:
    case SQ_SLOPE: {
        const bobj *ax = find(c, str_or(b->json, "axes", ""));
        if (!ax || !ax->is_axes || nargs < 1 || !leaf)
            return false;
        double x = args[0].x;
        if (q == SQ_SLOPE) {
            double lo = ax->axes.x0, hi = ax->axes.x1, rr[3];
            brange(c, b->json, "x_range", lo, hi, 0, rr);
            double h = (rr[1] - rr[0]) * 1e-4, a = fmax(rr[0], x - h), z = fmin(rr[1], x + h);
            out->x = z > a ? (graph_y(c, b, z) - graph_y(c, b, a)) / (z - a) : NAN;
        } else {
            lr_vec2 p = world_point(leaf, axes_point(&ax->axes, x, graph_y(c, b, x)));
            *out = (expr_value){p.x, p.y};
        }
        break;
    }
    case SQ_C2P: {
        if (!b->is_axes || nargs < 2)
            return false;
        lr_vec2 p = world_point(b->m, axes_point(&b->axes, args[0].x, args[1].x));
        *out = (expr_value){p.x, p.y};
        break;
    }
    case SQ_PFP: {
        if (!leaf || nargs < 1 || leaf->path.npoints == 0)
            return false;
        float t = (float)fmin(fmax(args[0].x, 0), 1);
        lr_vec2 p = world_point(leaf, lr_path_point_from_proportion(&leaf->path, t));
        *out = (expr_value){p.x, p.y};
        break;
    }
    case SQ_COUNT: return false;
    }
    return isfinite(out->x) && isfinite(out->y);
}


static void free_live(bctx *c)
{
    for (size_t i = 0; i < c->nobjs; i++)
        if (c->objs[i].trace) {
            free(c->objs[i].trace->points);
            free(c->objs[i].trace);
        }
    for (size_t i = 0; i < c->nlive; i++)
        lr_mobject_destroy(c->live[i].base);
    free(c->live);
    free(c->moves);
    while (c->live_anims) {
        struct live_anim *next = c->live_anims->next;
        free(c->live_anims);
        c->live_anims = next;
    }
    free(c);
}

static void release_contexts(spec_resources *res)
{
    lr_text_context_destroy(res->own_text);
    lr_tex_context_destroy(res->own_tex);
    res->own_text = NULL;
    res->own_tex = NULL;
    for (bctx *c = res->live, *next; c; c = next) {
        next = c->next_live;
        free_live(c);
    }
    res->live = NULL;
}

static lr_status build_text_styled(bctx *c, const char *utf8, float font_size, lr_color color, const cJSON *o,
                                   lr_mobject **out);

static lr_status build_text(bctx *c, const char *utf8, float font_size, lr_color color, lr_mobject **out)
{
    return build_text_styled(c, utf8, font_size, color, NULL, out);
}

/* `o`, when not NULL, is a text object whose font, wrapping, alignment,
 * spacing, bold and italic apply. */
static lr_status build_text_styled(bctx *c, const char *utf8, float font_size, lr_color color, const cJSON *o,
                                   lr_mobject **out)
{
    if (!c->spec->res->text) {
        lr_error e = {0};
        if (lr_text_context_create(&c->spec->res->own_text, &e) != LR_OK)
            return fail(c, "text", e.status ? e.status : LR_ERR_FONT, e.message);
        c->spec->res->text = c->spec->res->own_text;
        c->spec->res->release = release_contexts;
    }
    lr_text_style st = lr_text_style_default();
    st.font_size = font_size;
    st.color = color;
    if (o) {
        static const char *const aligns[] = {"left", "center", "right"};
        const char *align = str_or(o, "align", "left");
        for (int i = 0; i < 3; i++)
            if (strcmp(align, aligns[i]) == 0)
                st.align = (lr_text_align)i;
        st.family = str_or(o, "font", NULL);
        st.max_width = (float)bnum(c, o, "max_width", 0);
        st.line_spacing = (float)bnum(c, o, "line_spacing", 1);
        st.bold = bool_or(o, "bold", false);
        st.italic = bool_or(o, "italic", false);
    }
    lr_error e = {0};
    if (lr_text_create(c->spec->res->text, utf8, &st, out, &e) != LR_OK)
        return fail(c, "text", e.status ? e.status : LR_ERR_FONT, e.message);
    return LR_OK;
}

static lr_status ensure_tex(bctx *c)
{
    if (!c->spec->res->tex) {
        lr_error e = {0};
        lr_tex_config cfg = lr_tex_config_default();
        if (lr_tex_context_create(&c->spec->res->own_tex, &cfg, &e) != LR_OK)
            return fail(c, "tex", e.status ? e.status : LR_ERR_UNSUPPORTED, e.message);
        c->spec->res->tex = c->spec->res->own_tex;
        c->spec->res->release = release_contexts;
    }
    return LR_OK;
}

#define TEX_MAX_COLORS 64

/* The style of a formula; `colors` holds TEX_MAX_COLORS entries. */
static lr_tex_style tex_style_of(float font_size, lr_color color, const cJSON *map, lr_tex_color *colors)
{
    lr_tex_style st = lr_tex_style_default();
    st.font_size = font_size;
    st.color = color;
    size_t n = 0;
    for (const cJSON *e = map ? map->child : NULL; e && n < TEX_MAX_COLORS; e = e->next)
        if (cJSON_IsString(e) && lr_color_parse(e->valuestring, &colors[n].color))
            colors[n++].substring = e->string;
    st.colors = colors;
    st.ncolors = n;
    return st;
}

/* A formula compiled ahead of its object (see prefetch_tex). */
typedef struct tex_pre {
    const char *src;
    float font_size;
    lr_color color;
    const cJSON *map; /* the object's tex_to_color_map node, or NULL */
    lr_mobject *m;    /* NULL once taken */
} tex_pre;

static bool same_color(lr_color a, lr_color b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

static lr_status build_tex(bctx *c, const char *src, float font_size, lr_color color, const cJSON *map,
                           lr_mobject **out)
{
    for (size_t i = 0; i < c->npre; i++) {
        tex_pre *p = &c->pre[i];
        if (p->m && p->map == map && p->font_size == font_size && same_color(p->color, color) &&
            strcmp(p->src, src) == 0) {
            *out = p->m;
            p->m = NULL;
            return LR_OK;
        }
    }
    lr_status s = ensure_tex(c);
    if (s != LR_OK)
        return s;
    lr_tex_color colors[TEX_MAX_COLORS];
    lr_tex_style st = tex_style_of(font_size, color, map, colors);
    lr_error e = {0};
    if (lr_tex_create(c->spec->res->tex, src, &st, out, &e) != LR_OK)
        return fail(c, "tex", e.status ? e.status : LR_ERR_TEX, e.message);
    return LR_OK;
}

static lr_mobject *decimal_make(double value, void *user)
{
    spec_decimal *d = user;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*f", d->decimals, value);
    lr_text_style st = lr_text_style_default();
    st.font_size = d->font_size;
    st.color = d->color;
    lr_mobject *m = NULL;
    if (lr_text_create(d->text, buf, &st, &m, NULL) != LR_OK)
        return NULL;
    /* Numbers grow to the right of where they start, as a counter next to
     * a label should; the text module centres them. */
    lr_rect b = lr_mobject_bounds(m);
    if (!lr_rect_is_empty(b))
        lr_mobject_set_transform(m, lr_affine_then(lr_mobject_get_transform(m), lr_affine_translate(-b.x0, 0)));
    return m;
}

static lr_status build_axes(bctx *c, const cJSON *o, bobj *self, bool plane, lr_mobject **out)
{
    double xr[3], yr[3];
    brange(c, o, "x_range", plane ? -7 : -5, plane ? 7 : 5, 1, xr);
    brange(c, o, "y_range", plane ? -4 : -3, plane ? 4 : 3, 1, yr);
    axes_map *a = &self->axes;
    a->x0 = xr[0];
    a->x1 = xr[1];
    a->y0 = yr[0];
    a->y1 = yr[1];
    a->sx = bnum(c, o, "x_length", xr[1] - xr[0]) / (xr[1] - xr[0]);
    a->sy = bnum(c, o, "y_length", yr[1] - yr[0]) / (yr[1] - yr[0]);
    self->is_axes = true;

    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return fail(c, "axes", LR_ERR_NOMEM, "out of memory");
    lr_style axis_style = style_of(c, o, false);
    if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
        axis_style.stroke_width = 0.025f;
    lr_status s = LR_OK;
    if (plane) {
        lr_path grid = {0};
        for (double x = ceil(xr[0] / xr[2]) * xr[2]; x <= xr[1] + 1e-9 && s == LR_OK; x += xr[2])
            s = lr_path_add_line(&grid, axes_point(a, x, yr[0]), axes_point(a, x, yr[1]));
        for (double y = ceil(yr[0] / yr[2]) * yr[2]; y <= yr[1] + 1e-9 && s == LR_OK; y += yr[2])
            s = lr_path_add_line(&grid, axes_point(a, xr[0], y), axes_point(a, xr[1], y));
        lr_style gs = lr_style_default();
        lr_color_parse("BLUE_D", &gs.stroke);
        gs.stroke_width = 0.015f;
        lr_mobject *gm = s == LR_OK ? lr_mobject_create_path(&grid, gs) : NULL;
        lr_path_free(&grid);
        if (!gm || lr_mobject_add_child(g, gm) != LR_OK) {
            lr_mobject_destroy(gm);
            lr_mobject_destroy(g);
            return fail(c, "number_plane", LR_ERR_NOMEM, "out of memory");
        }
    }
    /* The axes cross at 0 when 0 is in range, else at the range's start. */
    double ox = xr[0] <= 0 && 0 <= xr[1] ? 0 : xr[0];
    double oy = yr[0] <= 0 && 0 <= yr[1] ? 0 : yr[0];
    bool tips = !plane && bool_or(o, "tips", true);
    float tip = 0.2f;
    lr_path lines = {0}, heads = {0};
    /* Tips stand beyond the last tick, so that they never hide its label. */
    float reach = tips ? 0.3f : 0.0f;
    lr_vec2 xe = axes_point(a, xr[1], oy), ye = axes_point(a, ox, yr[1]);
    xe.x += reach;
    ye.y += reach;
    s = lr_path_add_line(&lines, axes_point(a, xr[0], oy), tips ? (lr_vec2){xe.x - tip, xe.y} : xe);
    if (s == LR_OK)
        s = lr_path_add_line(&lines, axes_point(a, ox, yr[0]), tips ? (lr_vec2){ye.x, ye.y - tip} : ye);
    float tick = 0.07f;
    for (double x = ceil(xr[0] / xr[2]) * xr[2]; !plane && x <= xr[1] + 1e-9 && s == LR_OK; x += xr[2]) {
        lr_vec2 p = axes_point(a, x, oy);
        if (fabs(x - ox) > 1e-9)
            s = lr_path_add_line(&lines, (lr_vec2){p.x, p.y - tick}, (lr_vec2){p.x, p.y + tick});
    }
    for (double y = ceil(yr[0] / yr[2]) * yr[2]; !plane && y <= yr[1] + 1e-9 && s == LR_OK; y += yr[2]) {
        lr_vec2 p = axes_point(a, ox, y);
        if (fabs(y - oy) > 1e-9)
            s = lr_path_add_line(&lines, (lr_vec2){p.x - tick, p.y}, (lr_vec2){p.x + tick, p.y});
    }
    if (s == LR_OK && tips)
        s = lr_path_add_arrow_tip(&heads, xe, (lr_vec2){1, 0}, tip, tip);
    if (s == LR_OK && tips)
        s = lr_path_add_arrow_tip(&heads, ye, (lr_vec2){0, 1}, tip, tip);
    lr_mobject *lm = s == LR_OK ? lr_mobject_create_path(&lines, axis_style) : NULL;
    lr_style hs = axis_style;
    hs.fill = hs.stroke;
    lr_mobject *hm = s == LR_OK && tips ? lr_mobject_create_path(&heads, hs) : NULL;
    lr_path_free(&lines);
    lr_path_free(&heads);
    if (!lm || lr_mobject_add_child(g, lm) != LR_OK || (hm && lr_mobject_add_child(g, hm) != LR_OK)) {
        lr_mobject_destroy(lm);
        lr_mobject_destroy(hm);
        lr_mobject_destroy(g);
        return fail(c, "axes", s != LR_OK ? s : LR_ERR_NOMEM, "could not build the axes");
    }
    lr_color label_color = axis_style.stroke;
    label_color.a = 1;
    if (!plane && bool_or(o, "include_numbers", false)) {
        for (int axis = 0; axis < 2 && s == LR_OK; axis++) {
            double *r = axis ? yr : xr;
            for (double v = ceil(r[0] / r[2]) * r[2]; v <= r[1] + 1e-9 && s == LR_OK; v += r[2]) {
                if (fabs(v - (axis ? oy : ox)) < 1e-9)
                    continue;
                char buf[32];
                snprintf(buf, sizeof buf, "%g", fabs(v) < 1e-12 ? 0.0 : v);
                lr_mobject *t = NULL;
                s = build_text(c, buf, 20, label_color, &t);
                if (s != LR_OK)
                    break;
                lr_vec2 p = axis ? axes_point(a, ox, v) : axes_point(a, v, oy);
                lr_rect tb = lr_mobject_bounds(t);
                float w = tb.x1 - tb.x0, h = tb.y1 - tb.y0;
                move_center_to(t, axis ? (lr_vec2){p.x - 0.15f - w * 0.5f, p.y} : (lr_vec2){p.x, p.y - 0.15f - h * 0.5f});
                if (lr_mobject_add_child(g, t) != LR_OK) {
                    lr_mobject_destroy(t);
                    s = fail(c, "axes", LR_ERR_NOMEM, "out of memory");
                }
            }
        }
    }
    for (int axis = 0; axis < 2 && s == LR_OK; axis++) {
        const char *label = str_or(o, axis ? "y_label" : "x_label", NULL);
        if (!label)
            continue;
        lr_mobject *t = NULL;
        s = build_tex(c, label, 36, label_color, NULL, &t);
        if (s != LR_OK)
            break;
        lr_rect tb = lr_mobject_bounds(t);
        float w = tb.x1 - tb.x0, h = tb.y1 - tb.y0;
        move_center_to(t, axis ? (lr_vec2){ye.x + 0.2f + w * 0.5f, ye.y - h * 0.5f}
                               : (lr_vec2){xe.x - w * 0.5f, xe.y + 0.2f + h * 0.5f});
        if (lr_mobject_add_child(g, t) != LR_OK) {
            lr_mobject_destroy(t);
            s = fail(c, "axes", LR_ERR_NOMEM, "out of memory");
        }
    }
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return s;
    }
    *out = g;
    return LR_OK;
}

static lr_status build_curve(bctx *c, const cJSON *o, bool parametric, lr_mobject **out)
{
    const bobj *ax = NULL;
    const char *ax_id = str_or(o, "axes", NULL);
    if (ax_id)
        ax = find(c, ax_id);
    lr_expr *ex = NULL, *ey = NULL;
    lr_error e = {0};
    lr_status s = lr_expr_compile(str_or(o, parametric ? "x" : "expr", "0"), &ex, &e);
    if (s == LR_OK && parametric)
        s = lr_expr_compile(str_or(o, "y", "0"), &ey, &e);
    if (s != LR_OK) {
        lr_expr_destroy(ex);
        return fail(c, "curve", s, e.message);
    }
    double r[3];
    if (parametric)
        brange(c, o, "t_range", 0, 1, 0, r);
    else
        brange(c, o, "x_range", ax ? ax->axes.x0 : -1, ax ? ax->axes.x1 : 1, 0, r);
    lr_vec2 pts[GRAPH_SAMPLES + 1];
    bool ok[GRAPH_SAMPLES + 1];
    double ymin = ax ? ax->axes.y0 : -1e6, ymax = ax ? ax->axes.y1 : 1e6, span = ymax - ymin;
    for (int i = 0; i <= GRAPH_SAMPLES; i++) {
        double u = r[0] + (r[1] - r[0]) * i / GRAPH_SAMPLES;
        double x = parametric ? lr_expr_eval(ex, 0, u) : u;
        double y = parametric ? lr_expr_eval(ey, 0, u) : lr_expr_eval(ex, u, 0);
        ok[i] = isfinite(x) && isfinite(y) && (!ax || (y >= ymin - span && y <= ymax + span));
        pts[i] = ax ? axes_point(&ax->axes, x, y) : (lr_vec2){(float)x, (float)y};
    }
    lr_expr_destroy(ex);
    lr_expr_destroy(ey);
    lr_path p = {0};
    s = add_smooth_curve(&p, pts, ok, GRAPH_SAMPLES + 1);
    if (s != LR_OK) {
        lr_path_free(&p);
        return fail(c, "curve", s, "could not build the curve");
    }
    s = path_mobject(c, o, &p, false, out);
    if (s == LR_OK && ax)
        lr_mobject_set_transform(*out, lr_mobject_world_transform(ax->m));
    return s;
}

/* ---- tangent lines and areas, in the coordinates of a graph's axes ---- */

typedef struct graph_ref {
    const bobj *axes;
    lr_expr *expr;
    double lo, hi; /* the graph's x range */
} graph_ref;

static lr_status graph_ref_of(bctx *c, const cJSON *o, const char *what, graph_ref *g)
{
    memset(g, 0, sizeof *g);
    const bobj *graph = find(c, str_or(o, "graph", ""));
    if (graph)
        g->axes = find(c, str_or(graph->json, "axes", ""));
    if (!graph || !g->axes || !g->axes->is_axes)
        return fail(c, what, LR_ERR_INVALID_ARG, "no such graph");
    double r[3];
    brange(c, graph->json, "x_range", g->axes->axes.x0, g->axes->axes.x1, 0, r);
    g->lo = r[0];
    g->hi = r[1];
    lr_error e = {0};
    if (lr_expr_compile(str_or(graph->json, "expr", "0"), &g->expr, &e) != LR_OK)
        return fail(c, what, e.status ? e.status : LR_ERR_INVALID_ARG, e.message);
    return LR_OK;
}

/* The slope of the graph at x in axis units: a central difference, one-sided
 * at the ends of the range (where the graph stops). */
static double graph_slope(const graph_ref *g, double x)
{
    double h = (g->hi - g->lo) * 1e-4;
    double a = fmax(g->lo, x - h), b = fmin(g->hi, x + h);
    return (lr_expr_eval(g->expr, b, 0) - lr_expr_eval(g->expr, a, 0)) / (b - a);
}

static lr_status build_tangent(bctx *c, const cJSON *o, lr_mobject **out)
{
    graph_ref g;
    lr_status s = graph_ref_of(c, o, "tangent_line", &g);
    if (s != LR_OK)
        return s;
    double x = bnum(c, o, "x", 0), y = lr_expr_eval(g.expr, x, 0), m = graph_slope(&g, x);
    lr_expr_destroy(g.expr);
    if (!isfinite(y) || !isfinite(m))
        return fail(c, "tangent_line", LR_ERR_INVALID_ARG, "the graph has no tangent there");
    /* Direction in the axes' scene frame, where a unit of x and a unit of
     * y may have different lengths; "length" is in scene units. */
    const axes_map *a = &g.axes->axes;
    double dx = a->sx, dy = a->sy * m, n = sqrt(dx * dx + dy * dy), half = bnum(c, o, "length", 2) * 0.5;
    lr_vec2 p = axes_point(a, x, y);
    lr_vec2 u = {(float)(dx / n * half), (float)(dy / n * half)};
    lr_path path = {0};
    s = lr_path_add_line(&path, (lr_vec2){p.x - u.x, p.y - u.y}, (lr_vec2){p.x + u.x, p.y + u.y});
    if (s != LR_OK) {
        lr_path_free(&path);
        return fail(c, "tangent_line", s, "could not build the line");
    }
    s = path_mobject(c, o, &path, false, out);
    if (s == LR_OK)
        lr_mobject_set_transform(*out, lr_mobject_world_transform(g.axes->m));
    return s;
}

/* The region between the graph and the x axis over [from, to], as one
 * closed polygon: along the curve, then back along the axis. */
static lr_status build_area(bctx *c, const cJSON *o, lr_mobject **out)
{
    graph_ref g;
    lr_status s = graph_ref_of(c, o, "area_under_curve", &g);
    if (s != LR_OK)
        return s;
    double r[3];
    brange(c, o, "x_range", g.lo, g.hi, 0, r);
    const axes_map *a = &g.axes->axes;
    /* The base is where the x axis is drawn; values far off the axes are
     * clipped as the graph is (asymptotes). */
    double base = a->y0 <= 0 && 0 <= a->y1 ? 0 : a->y0, span = a->y1 - a->y0;
    lr_vec2 pts[GRAPH_SAMPLES + 3];
    int n = 0;
    pts[n++] = axes_point(a, r[0], base);
    for (int i = 0; i <= GRAPH_SAMPLES; i++) {
        double x = r[0] + (r[1] - r[0]) * i / GRAPH_SAMPLES, y = lr_expr_eval(g.expr, x, 0);
        y = isfinite(y) ? fmin(fmax(y, a->y0 - span), a->y1 + span) : base;
        pts[n++] = axes_point(a, x, y);
    }
    pts[n++] = axes_point(a, r[1], base);
    lr_expr_destroy(g.expr);
    lr_path path = {0};
    s = lr_path_add_polygon(&path, pts, (uint32_t)n);
    if (s != LR_OK) {
        lr_path_free(&path);
        return fail(c, "area_under_curve", s, "could not build the area");
    }
    /* Manim's get_area: a filled region at 0.3 opacity, blue by default,
     * with no outline. */
    lr_style st = style_of(c, o, true);
    lr_color color;
    if (!color_of(o, "color", &color) && !color_of(o, "fill_color", &color))
        lr_color_parse("BLUE", &color);
    st.fill = color;
    st.fill.a = (float)bnum(c, o, "fill_opacity", 0.3);
    lr_mobject *m = lr_mobject_create_path(&path, st);
    lr_path_free(&path);
    if (!m)
        return fail(c, "area_under_curve", LR_ERR_NOMEM, "out of memory");
    lr_mobject_set_transform(m, lr_mobject_world_transform(g.axes->m));
    *out = m;
    return LR_OK;
}

#define BRACE_HALF_SAMPLES 40

/* The outline of a curly brace spanning x in [0, w] below y = 0, its point
 * at (w / 2, -h): a filled shape, as Manim's Brace (a tapered glyph, not a
 * stroked curve). Each half's centre line (an end curling down into a bar,
 * the bar, a bend into the point) is sampled and offset to both sides by a
 * thickness that is zero at the ends and the point and `thick` in between;
 * the point is reached at 45 degrees so the two sides meet without
 * crossing. */
static lr_status add_brace_outline(lr_path *p, float w, float h, float thick)
{
    float q = fminf(h, w * 0.25f), k = q * 0.35f;
    lr_vec2 hook[4] = {{0, 0}, {0, -h * 0.5f}, {q * 0.5f, -h * 0.5f}, {q, -h * 0.5f}};
    lr_vec2 bend[4] = {{w * 0.5f - q, -h * 0.5f}, {w * 0.5f - q * 0.45f, -h * 0.5f}, {w * 0.5f - k, -h + k},
                       {w * 0.5f, -h}};
    /* the left half: hook, bar, bend */
    lr_vec2 half[BRACE_HALF_SAMPLES + 1];
    int n = 0, nh = BRACE_HALF_SAMPLES * 3 / 8, nb = BRACE_HALF_SAMPLES / 4;
    for (int i = 0; i < nh; i++)
        half[n++] = lr_cubic_point(hook, (float)i / (float)nh);
    for (int i = 0; i < nb; i++) {
        float t = (float)i / (float)nb;
        half[n++] = (lr_vec2){q + (w * 0.5f - 2 * q) * t, -h * 0.5f};
    }
    int nc = BRACE_HALF_SAMPLES - n;
    for (int i = 0; i <= nc; i++)
        half[n++] = lr_cubic_point(bend, (float)i / (float)nc);
    /* the whole centre line, left end to right end through the point */
    int m = 2 * n - 1;
    lr_vec2 c[2 * BRACE_HALF_SAMPLES + 1];
    float u[2 * BRACE_HALF_SAMPLES + 1]; /* 0 at the ends, 1 at the point, by length */
    float len[BRACE_HALF_SAMPLES + 1];
    len[0] = 0;
    for (int i = 1; i < n; i++)
        len[i] = len[i - 1] + hypotf(half[i].x - half[i - 1].x, half[i].y - half[i - 1].y);
    for (int i = 0; i < n; i++) {
        c[i] = half[i];
        c[m - 1 - i] = (lr_vec2){w - half[i].x, half[i].y};
        u[i] = u[m - 1 - i] = len[n - 1] > 0 ? len[i] / len[n - 1] : 0;
    }
    lr_vec2 outline[4 * BRACE_HALF_SAMPLES + 2];
    for (int i = 0; i < m; i++) {
        lr_vec2 a = c[i > 0 ? i - 1 : i], b = c[i < m - 1 ? i + 1 : i];
        float dx = b.x - a.x, dy = b.y - a.y, dl = hypotf(dx, dy);
        lr_vec2 nrm = dl > 0 ? (lr_vec2){-dy / dl, dx / dl} : (lr_vec2){0, 1};
        float t = thick * 0.5f * sqrtf(fmaxf(0.0f, sinf(3.14159265f * fminf(fmaxf(u[i], 0), 1))));
        outline[i] = (lr_vec2){c[i].x + nrm.x * t, c[i].y + nrm.y * t};
        outline[2 * m - 1 - i] = (lr_vec2){c[i].x - nrm.x * t, c[i].y - nrm.y * t};
    }
    return lr_path_add_polygon(p, outline, (uint32_t)(2 * m));
}

/* A brace along the bottom of `r` (then turned for other sides). */
static lr_status build_brace(bctx *c, const cJSON *o, lr_mobject **out)
{
    const bobj *target = find(c, str_or(o, "target", ""));
    lr_rect r = target ? world_bounds(target->m) : lr_rect_empty();
    if (lr_rect_is_empty(r))
        r = (lr_rect){-0.5f, -0.5f, 0.5f, 0.5f};
    const char *dir = str_or(o, "direction", "down");
    float buff = (float)bnum(c, o, "buff", 0.1);
    bool vertical = strcmp(dir, "left") == 0 || strcmp(dir, "right") == 0;
    float w = vertical ? r.y1 - r.y0 : r.x1 - r.x0;
    float h = 0.2f;
    lr_path p = {0};
    lr_status s = add_brace_outline(&p, w, h, (float)bnum(c, o, "stroke_width", 5) / 100.0f);
    if (s != LR_OK) {
        lr_path_free(&p);
        return fail(c, "brace", s, "could not build the brace");
    }
    /* Local frame: the brace hangs below y = 0 from x = 0 to w; map it onto
     * the chosen side of the target. */
    lr_affine m;
    if (strcmp(dir, "up") == 0)
        m = (lr_affine){1, 0, 0, -1, r.x0, r.y1 + buff};
    else if (strcmp(dir, "left") == 0)
        m = (lr_affine){0, 1, 1, 0, r.x0 - buff, r.y0};
    else if (strcmp(dir, "right") == 0)
        m = (lr_affine){0, 1, -1, 0, r.x1 + buff, r.y0};
    else
        m = (lr_affine){1, 0, 0, 1, r.x0, r.y0 - buff};
    lr_path_transform(&p, m);
    lr_mobject *bm = NULL;
    s = path_mobject(c, o, &p, true, &bm);
    if (s != LR_OK)
        return s;
    /* The outline is the shape: no stroke around it. */
    lr_style bs = lr_mobject_get_style(bm);
    bs.stroke.a = 0;
    bs.stroke_width = 0;
    lr_mobject_set_style(bm, bs);
    lr_mobject *g = lr_mobject_create_group();
    if (!g || lr_mobject_add_child(g, bm) != LR_OK) {
        lr_mobject_destroy(bm);
        lr_mobject_destroy(g);
        return fail(c, "brace", LR_ERR_NOMEM, "out of memory");
    }
    const char *label = str_or(o, "label", NULL);
    if (label) {
        lr_mobject *t = NULL;
        s = build_tex(c, label, 40, style_of(c, o, false).stroke, NULL, &t);
        if (s != LR_OK) {
            lr_mobject_destroy(g);
            return s;
        }
        lr_rect tb = lr_mobject_bounds(t);
        float tw = (tb.x1 - tb.x0) * 0.5f, th = (tb.y1 - tb.y0) * 0.5f;
        lr_vec2 tip = lr_affine_apply(m, (lr_vec2){w * 0.5f, -h - 0.15f});
        lr_vec2 at = tip;
        if (strcmp(dir, "up") == 0)
            at.y += th;
        else if (strcmp(dir, "left") == 0)
            at.x -= tw;
        else if (strcmp(dir, "right") == 0)
            at.x += tw;
        else
            at.y -= th;
        move_center_to(t, at);
        if (lr_mobject_add_child(g, t) != LR_OK) {
            lr_mobject_destroy(t);
            lr_mobject_destroy(g);
            return fail(c, "brace", LR_ERR_NOMEM, "out of memory");
        }
    }
    *out = g;
    return LR_OK;
}

/* ---- traced paths (Manim's TracedPath) ---- */

/* Straight pieces through the samples since the path came on screen (or
 * for its dissipating_time), ending at the point now; older pieces fainter
 * when it dissipates. */
static lr_status build_trace(bctx *c, const cJSON *o, const bobj *b, lr_mobject **out)
{
    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return fail(c, "traced_path", LR_ERR_NOMEM, "out of memory");
    *out = g;
    double t = c->vars[SPEC_SLOT_TIME];
    const trace_samples *tr = b->trace;
    if (!tr || c->shadow)
        return LR_OK;
    double from = fmax(b->shown_at, 0), fade = bnum(c, o, "dissipating_time", 0);
    if (fade > 0)
        from = fmax(from, t - fade);
    size_t k0 = (size_t)ceil(from * TRACE_HZ - 1e-9), k1 = (size_t)floor(t * TRACE_HZ + 1e-9);
    if (k1 >= tr->count)
        k1 = tr->count ? tr->count - 1 : 0;
    lr_vec2 now = bvec(c, o, "point", (lr_vec2){0, 0});
    if (!tr->count || k0 > k1 || c->nan_seen)
        return LR_OK;
    size_t n = k1 - k0 + 2;
    lr_vec2 *pts = malloc(n * sizeof *pts);
    if (!pts)
        return fail(c, "traced_path", LR_ERR_NOMEM, "out of memory");
    memcpy(pts, tr->points + k0, (n - 1) * sizeof *pts);
    pts[n - 1] = now;
    lr_style st = style_of(c, o, false);
    int pieces = fade > 0 ? 8 : 1;
    lr_status s = LR_OK;
    for (int i = 0; i < pieces && s == LR_OK; i++) {
        size_t a = (n - 1) * (size_t)i / (size_t)pieces, z = (n - 1) * (size_t)(i + 1) / (size_t)pieces;
        if (z <= a)
            continue;
        lr_path p = {0};
        s = lr_path_add_polyline(&p, pts + a, (uint32_t)(z - a + 1), false);
        lr_style ps = st;
        ps.stroke.a *= (float)(i + 1) / (float)pieces;
        lr_mobject *m = s == LR_OK ? lr_mobject_create_path(&p, ps) : NULL;
        lr_path_free(&p);
        if (!m || lr_mobject_add_child(g, m) != LR_OK) {
            lr_mobject_destroy(m);
            s = fail(c, "traced_path", LR_ERR_NOMEM, "out of memory");
        }
    }
    free(pts);
    return s;
}

/* ---- angles (Manim's Angle) ---- */

#define ANGLE_LABEL_SIZE 36

/* A line-like object's ends in scene coordinates. */
static bool line_ends(const bobj *b, lr_vec2 *start, lr_vec2 *end)
{
    const lr_mobject *leaf = b ? first_path(b->m) : NULL;
    if (!leaf || !b->has_ends)
        return false;
    *start = world_point(leaf, b->p0);
    *end = world_point(leaf, b->p1);
    return true;
}

static lr_vec2 unit_of(lr_vec2 v)
{
    float n = hypotf(v.x, v.y);
    return n > 0 ? (lr_vec2){v.x / n, v.y / n} : (lr_vec2){NAN, NAN};
}

/* The arc from the first line's direction counter-clockwise to the
 * second's, about where they cross, as Manim's Angle computes it
 * (quadrant, other_angle, elbow); or from the ray vertex-A to the ray
 * vertex-B of three points (Angle.from_three_points). */
static lr_status build_angle(bctx *c, const cJSON *o, lr_mobject **out)
{
    lr_vec2 vertex, d1, d2;
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(o, "lines");
    if (lines) {
        lr_vec2 a1, b1, a2, b2;
        const bobj *l1 = find(c, cJSON_IsString(lines->child) ? lines->child->valuestring : "");
        const bobj *l2 = lines->child ? find(c, cJSON_IsString(lines->child->next) ? lines->child->next->valuestring : "")
                                      : NULL;
        if (!line_ends(l1, &a1, &b1) || !line_ends(l2, &a2, &b2))
            return fail(c, "angle", LR_ERR_INVALID_ARG, "no such lines");
        lr_vec2 r = {b1.x - a1.x, b1.y - a1.y}, q = {b2.x - a2.x, b2.y - a2.y};
        float den = r.x * q.y - r.y * q.x;
        float sp = den != 0 ? ((a2.x - a1.x) * q.y - (a2.y - a1.y) * q.x) / den : NAN;
        vertex = (lr_vec2){a1.x + sp * r.x, a1.y + sp * r.y};
        d1 = unit_of(r);
        d2 = unit_of(q);
    } else {
        const cJSON *pts = cJSON_GetObjectItemCaseSensitive(o, "points");
        lr_vec2 a = bpoint(c, pts->child), v = bpoint(c, pts->child->next), b = bpoint(c, pts->child->next->next);
        vertex = v;
        d1 = unit_of((lr_vec2){a.x - v.x, a.y - v.y});
        d2 = unit_of((lr_vec2){b.x - v.x, b.y - v.y});
    }
    lr_vec2 quadrant = bvec(c, o, "quadrant", (lr_vec2){1, 1});
    d1 = (lr_vec2){d1.x * quadrant.x, d1.y * quadrant.x};
    d2 = (lr_vec2){d2.x * quadrant.y, d2.y * quadrant.y};
    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return fail(c, "angle", LR_ERR_NOMEM, "out of memory");
    if (!isfinite(vertex.x) || !isfinite(vertex.y) || !isfinite(d1.x) || !isfinite(d2.x)) {
        /* Parallel lines, or a point on the vertex: no angle to show. */
        c->nan_seen = true;
        *out = g;
        return LR_OK;
    }
    float radius = (float)bnum(c, o, "radius", 0.5);
    double a1 = atan2(d1.y, d1.x), a2 = atan2(d2.y, d2.x), sweep;
    if (!bool_or(o, "other_angle", false))
        sweep = a2 > a1 ? a2 - a1 : 2 * M_PI - (a1 - a2);
    else
        sweep = a2 < a1 ? a2 - a1 : -2 * M_PI + (a2 - a1);
    lr_path p = {0};
    lr_status s;
    if (bool_or(o, "elbow", false)) {
        lr_vec2 pts[3] = {{vertex.x + radius * d1.x, vertex.y + radius * d1.y},
                          {vertex.x + radius * (d1.x + d2.x), vertex.y + radius * (d1.y + d2.y)},
                          {vertex.x + radius * d2.x, vertex.y + radius * d2.y}};
        s = lr_path_add_polyline(&p, pts, 3, false);
    } else {
        s = lr_path_add_arc(&p, vertex, radius, (float)a1, (float)sweep);
    }
    lr_mobject *arc = NULL;
    if (s == LR_OK)
        s = path_mobject(c, o, &p, false, &arc);
    else
        lr_path_free(&p);
    if (s != LR_OK || lr_mobject_add_child(g, arc) != LR_OK) {
        lr_mobject_destroy(arc);
        lr_mobject_destroy(g);
        return s != LR_OK ? s : fail(c, "angle", LR_ERR_NOMEM, "out of memory");
    }
    const char *label = str_or(o, "label", NULL);
    if (label) {
        lr_color col = style_of(c, o, false).stroke;
        col.a = 1;
        lr_mobject *t = NULL;
        s = build_tex(c, label, ANGLE_LABEL_SIZE, col, NULL, &t);
        if (s != LR_OK) {
            lr_mobject_destroy(g);
            return s;
        }
        double mid = a1 + sweep * 0.5, at = radius + bnum(c, o, "label_buff", 0.25);
        move_center_to(t, (lr_vec2){vertex.x + (float)(at * cos(mid)), vertex.y + (float)(at * sin(mid))});
        if (lr_mobject_add_child(g, t) != LR_OK) {
            lr_mobject_destroy(t);
            lr_mobject_destroy(g);
            return fail(c, "angle", LR_ERR_NOMEM, "out of memory");
        }
    }
    *out = g;
    return LR_OK;
}

static lr_status build_asset(bctx *c, const cJSON *o, bool svg, lr_mobject **out)
{
    char path[4400];
    const char *why = NULL;
    if (!spec_asset_path(c->spec->asset_dir, str_or(o, "file", ""), path, sizeof path, &why))
        return fail(c, "asset", LR_ERR_INVALID_ARG, why);
    /* The names were checked when loading; a symbolic link inside the
     * folder could still lead out of it, so compare the resolved paths. */
    char *real_dir = realpath(c->spec->asset_dir, NULL);
    char *real_file = realpath(path, NULL);
    size_t dl = real_dir ? strlen(real_dir) : 0;
    bool inside = real_dir && real_file && strncmp(real_file, real_dir, dl) == 0 &&
                  (real_file[dl] == '/' || (dl == 1 && real_dir[0] == '/'));
    bool no_dir = !real_dir, missing = real_dir && !real_file;
    free(real_dir);
    free(real_file);
    if (no_dir)
        return fail(c, path, LR_ERR_IO, "the asset folder does not exist");
    if (missing)
        return fail(c, path, LR_ERR_IO, "no such file in the asset folder");
    if (!inside)
        return fail(c, path, LR_ERR_INVALID_ARG, "the file lies outside the asset folder (through a link?)");
    float w = (float)bnum(c, o, "width", 0), h = (float)bnum(c, o, "height", 0);
    lr_error e = {0};
    if (svg) {
        lr_svg_options opt = lr_svg_options_default();
        opt.center = true;
        if (h > 0)
            opt.height = h;
        lr_color col;
        if (color_of(o, "color", &col))
            opt.current_color = col;
        lr_mobject *m = NULL;
        if (lr_svg_load_file(path, &opt, &m, NULL, &e) != LR_OK)
            return fail(c, path, e.status ? e.status : LR_ERR_SVG, e.message);
        lr_rect b = lr_mobject_bounds(m);
        if (w > 0 && h <= 0 && b.x1 > b.x0)
            scale_about_center(m, w / (b.x1 - b.x0), 0);
        if (w > 0 && h > 0 && b.x1 > b.x0) {
            /* Both: the drawing fills that box, stretched as an image is
             * (the load already gave it the height). */
            lr_vec2 ctr = rect_center(b);
            lr_affine a = lr_affine_translate(-ctr.x, -ctr.y);
            a = lr_affine_then(a, lr_affine_scale(w / (b.x1 - b.x0), 1));
            transform_by(m, lr_affine_then(a, lr_affine_translate(ctr.x, ctr.y)));
        }
        *out = m;
        return LR_OK;
    }
    lr_image img = {0};
    if (lr_image_load(&img, path, &e) != LR_OK)
        return fail(c, path, e.status ? e.status : LR_ERR_IMAGE, e.message);
    float aspect = img.height > 0 ? (float)img.width / (float)img.height : 1.0f;
    if (w <= 0 && h <= 0)
        h = 2.0f;
    if (w <= 0)
        w = h * aspect;
    if (h <= 0)
        h = w / aspect;
    lr_mobject *m = lr_mobject_create_image(&img, (lr_rect){-w * 0.5f, -h * 0.5f, w * 0.5f, h * 0.5f});
    lr_image_free(&img);
    if (!m)
        return fail(c, "image", LR_ERR_NOMEM, "out of memory");
    *out = m;
    return LR_OK;
}

static lr_status build_group(bctx *c, const cJSON *o, lr_mobject **out)
{
    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return fail(c, "group", LR_ERR_NOMEM, "out of memory");
    const cJSON *children = cJSON_GetObjectItemCaseSensitive(o, "children");
    lr_status s = LR_OK;
    for (const cJSON *e = children ? children->child : NULL; e && s == LR_OK; e = e->next) {
        lr_mobject *child = NULL;
        if (cJSON_IsString(e)) {
            bobj *b = find(c, e->valuestring);
            if (b && !b->in_group)
                child = b->m;
        } else {
            s = build_object(c, e, &child);
            if (s == LR_OK)
                c->objs[c->nobjs - 1].in_group = true;
        }
        if (s == LR_OK && child && lr_mobject_add_child(g, child) != LR_OK)
            s = fail(c, "group", LR_ERR_NOMEM, "out of memory");
    }
    /* Mark the children taken by id only once the group stands, so that a
     * failure leaves them to the caller's clean-up. */
    for (const cJSON *e = children ? children->child : NULL; s == LR_OK && e; e = e->next) {
        bobj *b = cJSON_IsString(e) ? find(c, e->valuestring) : NULL;
        if (b)
            b->in_group = true;
    }
    const char *arrange = str_or(o, "arrange", NULL);
    if (s == LR_OK && arrange && lr_mobject_child_count(g) > 0) {
        lr_rect before = lr_mobject_bounds(g);
        float buff = (float)bnum(c, o, "buff", 0.25);
        bool horizontal = strcmp(arrange, "right") == 0 || strcmp(arrange, "left") == 0;
        float sign = strcmp(arrange, "left") == 0 || strcmp(arrange, "down") == 0 ? -1.0f : 1.0f;
        float cursor = 0;
        for (size_t i = 0; i < lr_mobject_child_count(g); i++) {
            lr_mobject *ch = lr_mobject_child(g, i);
            lr_rect b = lr_mobject_bounds(ch);
            if (lr_rect_is_empty(b))
                continue;
            float size = horizontal ? b.x1 - b.x0 : b.y1 - b.y0;
            float mid = cursor + sign * size * 0.5f;
            move_center_to(ch, horizontal ? (lr_vec2){mid, 0} : (lr_vec2){0, mid});
            cursor += sign * (size + buff);
        }
        if (!lr_rect_is_empty(before))
            move_center_to(g, rect_center(before));
    }
    if (s != LR_OK) {
        /* Children taken by id belong to their registry entries, which the
         * caller cleans up: detach them (through the internal view, since a
         * loose group has no scene to remove from) before destroying the
         * group with its inline children. */
        size_t keep = 0;
        for (size_t i = 0; i < g->nchildren; i++) {
            lr_mobject *ch = g->children[i];
            bool by_id = false;
            for (size_t k = 0; k < c->nobjs; k++)
                by_id |= c->objs[k].m == ch && !c->objs[k].in_group;
            if (by_id)
                ch->parent = NULL;
            else
                g->children[keep++] = ch;
        }
        g->nchildren = keep;
        lr_mobject_destroy(g);
        return s;
    }
    *out = g;
    return LR_OK;
}

static void place(bctx *c, const cJSON *o, lr_mobject *m)
{
    double sc = bnum(c, o, "scale", 1), rot = bnum(c, o, "rotation", 0);
    if (sc != 1 || rot != 0)
        scale_about_center(m, (float)sc, (float)(rot * DEG));
    lr_rect box;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "at")) &&
        lr_layout_anchor_rect(c->orientation, v->valuestring, &box, NULL) == LR_OK) {
        move_center_to(m, rect_center(box));
    } else if ((v = cJSON_GetObjectItemCaseSensitive(o, "area")) && cJSON_GetArraySize(v) == 2 &&
               lr_layout_area_rect(c->orientation, v->child->valuestring, v->child->next->valuestring, &box, NULL) ==
                   LR_OK) {
        lr_rect b = lr_mobject_bounds(m);
        if (!lr_rect_is_empty(b)) {
            float w = b.x1 - b.x0, h = b.y1 - b.y0;
            float s = 1e9f;
            if (w > 1e-6f)
                s = fminf(s, 0.9f * (box.x1 - box.x0) / w);
            if (h > 1e-6f)
                s = fminf(s, 0.9f * (box.y1 - box.y0) / h);
            if (s < 1e8f)
                scale_about_center(m, s, 0);
        }
        move_center_to(m, rect_center(box));
    } else if ((v = cJSON_GetObjectItemCaseSensitive(o, "position"))) {
        move_center_to(m, bpoint(c, v));
    } else if ((v = cJSON_GetObjectItemCaseSensitive(o, "next_to"))) {
        const bobj *t = find(c, str_or(v, "id", ""));
        lr_rect b = lr_mobject_bounds(m);
        if (t && !lr_rect_is_empty(b)) {
            lr_rect tb = world_bounds(t->m);
            const char *dir = str_or(v, "direction", "right");
            float buff = (float)bnum(c, v, "buff", 0.25);
            float w = (b.x1 - b.x0) * 0.5f, h = (b.y1 - b.y0) * 0.5f;
            lr_vec2 tc = rect_center(tb), at = tc;
            if (strcmp(dir, "right") == 0)
                at.x = tb.x1 + buff + w;
            else if (strcmp(dir, "left") == 0)
                at.x = tb.x0 - buff - w;
            else if (strcmp(dir, "up") == 0)
                at.y = tb.y1 + buff + h;
            else
                at.y = tb.y0 - buff - h;
            move_center_to(m, at);
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "align_to"))) {
        const bobj *t = find(c, str_or(v, "id", ""));
        lr_rect b = lr_mobject_bounds(m);
        if (t && !lr_rect_is_empty(b)) {
            lr_rect tb = world_bounds(t->m);
            const char *edge = str_or(v, "edge", "left");
            float dx = 0, dy = 0;
            if (strcmp(edge, "left") == 0)
                dx = tb.x0 - b.x0;
            else if (strcmp(edge, "right") == 0)
                dx = tb.x1 - b.x1;
            else if (strcmp(edge, "up") == 0)
                dy = tb.y1 - b.y1;
            else
                dy = tb.y0 - b.y0;
            transform_by(m, lr_affine_translate(dx, dy));
        }
    }
}

static void set_ends(bobj *b, lr_vec2 start, lr_vec2 end)
{
    b->p0 = start;
    b->p1 = end;
    b->has_ends = true;
}

/* Makes b findable by the queries of later expressions. */
static void register_name(bctx *c, bobj *b)
{
    b->name = -1;
    for (size_t i = 0; i < c->sec->nnames; i++)
        if (strcmp(c->sec->names[i].id, b->id) == 0) {
            b->name = (int)i;
            c->named[i] = b;
            return;
        }
}

/* The object's shape, from its fields evaluated now, before placement:
 * what build_object wraps and places, and what an updater rebuilds at
 * every frame. b is its registry entry (axes keep their coordinate map,
 * line-likes their ends). */
static lr_status build_content(bctx *c, const cJSON *o, bobj *b, lr_mobject **out)
{
    const char *type = str_or(o, "type", "");
    const char *id = str_or(o, "id", "");
    lr_path p = {0};
    lr_status s = LR_OK;
    lr_mobject *m = NULL;
    lr_color color = lr_rgba(1, 1, 1, 1);
    color_of(o, "color", &color);
    float font_size = (float)bnum(c, o, "font_size", 48);
    *out = NULL;

    if (strcmp(type, "line") == 0) {
        set_ends(b, bvec(c, o, "start", (lr_vec2){-1, 0}), bvec(c, o, "end", (lr_vec2){1, 0}));
        s = lr_path_add_line(&p, b->p0, b->p1);
    } else if (strcmp(type, "dashed_line") == 0) {
        float dash = (float)bnum(c, o, "dash_length", 0.05);
        set_ends(b, bvec(c, o, "start", (lr_vec2){-1, 0}), bvec(c, o, "end", (lr_vec2){1, 0}));
        s = lr_path_add_dashed_line(&p, b->p0, b->p1, dash, dash);
    } else if (strcmp(type, "polyline") == 0 || strcmp(type, "polygon") == 0) {
        const cJSON *pts = cJSON_GetObjectItemCaseSensitive(o, "points");
        uint32_t n = (uint32_t)cJSON_GetArraySize(pts);
        lr_vec2 *v = malloc(sizeof *v * (n ? n : 1));
        if (!v)
            s = LR_ERR_NOMEM;
        uint32_t i = 0;
        for (const cJSON *e = pts ? pts->child : NULL; v && e && i < n; e = e->next)
            v[i++] = bpoint(c, e);
        if (s == LR_OK)
            s = type[4] == 'g' ? lr_path_add_polygon(&p, v, n) : lr_path_add_polyline(&p, v, n, false);
        free(v);
    } else if (strcmp(type, "regular_polygon") == 0) {
        int n = (int)bnum(c, o, "n", 6);
        s = lr_path_add_regular_polygon(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "radius", 1), (uint32_t)n,
                                        (float)(90 * DEG));
    } else if (strcmp(type, "star") == 0) {
        s = lr_path_add_star(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "outer_radius", 1),
                             (float)bnum(c, o, "inner_radius", 0.382), (uint32_t)bnum(c, o, "n", 5), (float)(90 * DEG));
    } else if (strcmp(type, "rectangle") == 0) {
        s = lr_path_add_rect(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "width", 4), (float)bnum(c, o, "height", 2));
    } else if (strcmp(type, "square") == 0) {
        float side = (float)bnum(c, o, "side_length", 2);
        s = lr_path_add_rect(&p, (lr_vec2){0, 0}, side, side);
    } else if (strcmp(type, "rounded_rectangle") == 0) {
        s = lr_path_add_rounded_rect(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "width", 4), (float)bnum(c, o, "height", 2),
                                     (float)bnum(c, o, "corner_radius", 0.5));
    } else if (strcmp(type, "circle") == 0) {
        s = lr_path_add_circle(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "radius", 1));
    } else if (strcmp(type, "ellipse") == 0) {
        s = lr_path_add_ellipse(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "width", 2) * 0.5f,
                                (float)bnum(c, o, "height", 1) * 0.5f);
    } else if (strcmp(type, "arc") == 0) {
        s = lr_path_add_arc(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "radius", 1), (float)(bnum(c, o, "start_angle", 0) * DEG),
                            (float)(bnum(c, o, "angle", 90) * DEG));
    } else if (strcmp(type, "annulus") == 0) {
        s = lr_path_add_annulus(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "inner_radius", 1),
                                (float)bnum(c, o, "outer_radius", 2));
    } else if (strcmp(type, "sector") == 0) {
        s = lr_path_add_sector(&p, (lr_vec2){0, 0}, (float)bnum(c, o, "inner_radius", 0),
                               (float)bnum(c, o, "outer_radius", 1), (float)(bnum(c, o, "start_angle", 0) * DEG),
                               (float)(bnum(c, o, "angle", 90) * DEG));
    } else if (strcmp(type, "dot") == 0) {
        s = lr_path_add_circle(&p, bvec(c, o, "point", (lr_vec2){0, 0}), (float)bnum(c, o, "radius", 0.08));
    } else if (strcmp(type, "arrow") == 0 || strcmp(type, "double_arrow") == 0 || strcmp(type, "vector") == 0) {
        set_ends(b, bvec(c, o, "start", (lr_vec2){0, 0}), bvec(c, o, "end", (lr_vec2){1, 0}));
        s = add_arrow(&p, b->p0, b->p1, (float)bnum(c, o, "tip_length", 0.35), type[0] == 'd');
    } else if (strcmp(type, "text") == 0) {
        s = build_text_styled(c, str_or(o, "text", ""), font_size, color, o, &m);
    } else if (strcmp(type, "tex") == 0) {
        s = build_tex(c, str_or(o, "tex", ""), font_size, color, cJSON_GetObjectItemCaseSensitive(o, "tex_to_color_map"),
                      &m);
    } else if (strcmp(type, "decimal") == 0) {
        /* Rebuilt per frame (a value that is an expression), it keeps its
         * first parameters' block. */
        bool fresh = !b->decimal;
        spec_decimal *d = fresh ? calloc(1, sizeof *d) : b->decimal;
        s = d ? build_text(c, "0", font_size, color, &m) : LR_ERR_NOMEM;
        if (s == LR_OK) {
            lr_mobject_destroy(m);
            m = NULL;
            d->text = c->spec->res->text;
            d->font_size = font_size;
            d->decimals = (int)bnum(c, o, "decimals", 2);
            d->color = color;
            if (fresh) {
                d->next = c->spec->res->decimals;
                c->spec->res->decimals = d;
            }
            b->decimal = d;
            b->value = bnum(c, o, "value", 0);
            lr_mobject *digits = decimal_make(b->value, d);
            m = lr_mobject_create_group();
            if (!digits || !m || lr_mobject_add_child(m, digits) != LR_OK) {
                lr_mobject_destroy(digits);
                lr_mobject_destroy(m);
                m = NULL;
                s = fail(c, id, LR_ERR_FONT, "could not build the number");
            }
        } else if (fresh) {
            free(d);
        }
    } else if (strcmp(type, "axes") == 0 || strcmp(type, "number_plane") == 0) {
        s = build_axes(c, o, b, type[0] == 'n', &m);
    } else if (strcmp(type, "function_graph") == 0 || strcmp(type, "parametric_curve") == 0) {
        s = build_curve(c, o, type[0] == 'p', &m);
    } else if (strcmp(type, "brace") == 0) {
        s = build_brace(c, o, &m);
    } else if (strcmp(type, "angle") == 0) {
        s = build_angle(c, o, &m);
    } else if (strcmp(type, "traced_path") == 0) {
        s = build_trace(c, o, b, &m);
    } else if (strcmp(type, "tangent_line") == 0) {
        s = build_tangent(c, o, &m);
    } else if (strcmp(type, "area_under_curve") == 0) {
        s = build_area(c, o, &m);
    } else if (strcmp(type, "svg") == 0 || strcmp(type, "image") == 0) {
        s = build_asset(c, o, type[0] == 's', &m);
    } else {
        s = fail(c, id, LR_ERR_UNSUPPORTED, "unknown object type");
    }
    bool is_path = p.npoints > 0 || (!m && s == LR_OK);
    if (s == LR_OK && is_path) {
        bool filled = strcmp(type, "dot") == 0;
        s = path_mobject(c, o, &p, filled, &m);
        if (s == LR_OK && (strcmp(type, "arrow") == 0 || strcmp(type, "double_arrow") == 0 ||
                           strcmp(type, "vector") == 0)) {
            /* The tips are filled in the stroke's colour. */
            lr_style st = lr_mobject_get_style(m);
            if (!cJSON_GetObjectItemCaseSensitive(o, "fill_color")) {
                st.fill = st.stroke;
                lr_mobject_set_style(m, st);
            }
        }
    } else {
        lr_path_free(&p);
    }
    if (s != LR_OK) {
        lr_mobject_destroy(m);
        if (c->err && c->err->status == LR_OK)
            fail(c, id, s, "could not build the object");
        /* Name the object when the message does not (a TeX error, say), so
         * whoever repairs the spec knows which one. */
        char quoted[SPEC_MAX_ID + 3], field[SPEC_MAX_ID + 5];
        snprintf(quoted, sizeof quoted, "\"%s\"", id);
        snprintf(field, sizeof field, ": %s: ", id);
        if (c->err && id[0] && c->err->message[0] && !strstr(c->err->message, quoted) &&
            !strstr(c->err->message, field)) {
            size_t l = strlen(c->err->message);
            if (l + strlen(quoted) + 12 < sizeof c->err->message)
                snprintf(c->err->message + l, sizeof c->err->message - l, " (object %s)", quoted);
        }
        return c->err ? c->err->status : s;
    }
    *out = m;
    return LR_OK;
}

/* Placement, opacity and drawing order of a shape built by build_content. */
static void place_content(bctx *c, const cJSON *o, lr_mobject *m)
{
    const char *type = str_or(o, "type", "");
    const vocab_type *vt = vocab_find_type(type);
    if (vt && (vt->flags & VT_PLACED) && !(strcmp(type, "parametric_curve") == 0 && cJSON_GetObjectItemCaseSensitive(o, "axes")))
        place(c, o, m);
    if (cJSON_GetObjectItemCaseSensitive(o, "opacity"))
        lr_mobject_set_opacity(m, (float)bnum(c, o, "opacity", 1));
    lr_mobject_set_z_index(m, (float)bnum(c, o, "z_index", 0));
}

static const spec_name *name_of(const bctx *c, const char *id)
{
    for (size_t i = 0; i < c->sec->nnames; i++)
        if (strcmp(c->sec->names[i].id, id) == 0)
            return &c->sec->names[i];
    return NULL;
}

/* Builds one object, places it and registers it. An object that changes
 * (SN_DYNAMIC) stands in a container group that its updater refills at
 * every frame (live_update). */
static lr_status build_object(bctx *c, const cJSON *o, lr_mobject **out)
{
    const char *type = str_or(o, "type", "");
    const char *id = str_or(o, "id", "");
    if (c->nobjs >= sizeof c->objs / sizeof c->objs[0])
        return fail(c, id, LR_ERR_LIMIT, "too many objects");
    bobj *b = &c->objs[c->nobjs];
    memset(b, 0, sizeof *b);
    b->id = id;
    b->type = type;
    b->json = o;
    b->shown_at = -1;
    lr_status s;
    lr_mobject *m = NULL;
    if (strcmp(type, "group") == 0) {
        s = build_group(c, o, &m);
        b = &c->objs[c->nobjs]; /* children took slots; this one is next */
        memset(b, 0, sizeof *b);
        b->id = id;
        b->type = type;
        b->json = o;
        b->shown_at = -1;
        if (s != LR_OK)
            return s;
    } else {
        s = build_content(c, o, b, &m);
        if (s != LR_OK)
            return s;
    }
    const spec_name *nm = name_of(c, id);
    lr_mobject *shown = m;
    if (nm && (nm->flags & SN_DYNAMIC) && c->nlive < c->cap_live) {
        live_obj *lo = &c->live[c->nlive];
        *lo = (live_obj){c, c->nobjs, NULL};
        if (nm->flags & SN_FOLLOWS)
            lo->base = lr_mobject_clone(m);
        shown = lr_mobject_create_group();
        if (!shown || ((nm->flags & SN_FOLLOWS) && !lo->base) || lr_mobject_add_child(shown, m) != LR_OK) {
            lr_mobject_destroy(shown);
            lr_mobject_destroy(m);
            lr_mobject_destroy(lo->base);
            return fail(c, id, LR_ERR_NOMEM, "out of memory");
        }
        c->nlive++;
    }
    if (lr_mobject_set_id(shown, id) != LR_OK) {
        lr_mobject_destroy(shown);
        return fail(c, id, LR_ERR_NOMEM, "out of memory");
    }
    place_content(c, o, m);
    if (shown != m)
        lr_mobject_set_z_index(shown, lr_mobject_get_z_index(m));
    b->m = shown;
    register_name(c, b);
    c->nobjs++;
    *out = shown;
    return LR_OK;
}

/* ---- teaching layout ---- */

static const lr_color dim_line = {1, 1, 1, 1};
#define LINE_DIM_OPACITY 0.45f

static lr_status fit_text_into(bctx *c, const char *text, float font_size, lr_rect box, bool left, const char *id,
                               lr_mobject **out)
{
    lr_mobject *m = NULL;
    lr_status s = build_text(c, text[0] ? text : " ", font_size, dim_line, &m);
    if (s != LR_OK)
        return s;
    lr_rect b = lr_mobject_bounds(m);
    if (!lr_rect_is_empty(b)) {
        float w = b.x1 - b.x0, h = b.y1 - b.y0;
        float sc = 1;
        if (w > box.x1 - box.x0)
            sc = (box.x1 - box.x0) / w;
        if (h * sc > (box.y1 - box.y0) * 0.8f)
            sc = (box.y1 - box.y0) * 0.8f / h;
        if (sc < 1)
            scale_about_center(m, sc, 0);
        b = lr_mobject_bounds(m);
        float cx = left ? box.x0 + (b.x1 - b.x0) * 0.5f : (box.x0 + box.x1) * 0.5f;
        move_center_to(m, (lr_vec2){cx, (box.y0 + box.y1) * 0.5f});
    }
    if (lr_mobject_set_id(m, id) != LR_OK || lr_scene_add(c->scene, m) != LR_OK) {
        lr_mobject_destroy(m);
        return fail(c, id, LR_ERR_NOMEM, "out of memory");
    }
    *out = m;
    return LR_OK;
}

static lr_status build_layout(bctx *c)
{
    lr_layout l = lr_layout_get(c->orientation);
    lr_mobject *title = NULL;
    bool portrait = c->orientation == LR_PORTRAIT;
    lr_status s = fit_text_into(c, c->sec->title ? c->sec->title : "", portrait ? 34 : 44, l.title, false, "title",
                                &title);
    static const char *const ids[LR_LAYOUT_MAX_LINES] = {"line0", "line1", "line2", "line3", "line4", "line5"};
    for (size_t i = 0; s == LR_OK && i < c->sec->nlines; i++) {
        lr_rect box = lr_layout_line_rect(c->orientation, (int)i);
        s = fit_text_into(c, c->sec->lines[i].text, portrait ? 22 : 30, box, true, ids[i], &c->lines[i]);
        if (s == LR_OK)
            lr_mobject_set_opacity(c->lines[i], LINE_DIM_OPACITY);
    }
    for (size_t i = 0; s == LR_OK && i < c->sec->nlines; i++) {
        bobj *b = &c->objs[c->nobjs++];
        memset(b, 0, sizeof *b);
        b->id = ids[i];
        b->type = "text";
        b->m = c->lines[i];
        register_name(c, b);
    }
    if (s == LR_OK) {
        bobj *b = &c->objs[c->nobjs++];
        memset(b, 0, sizeof *b);
        b->id = "title";
        b->type = "text";
        b->m = title;
        register_name(c, b);
    }
    return s;
}

/* ---- timeline ---- */

static lr_status highlight(bctx *c, int line)
{
    if (line < 0 || (size_t)line >= c->sec->nlines || line == c->current_line)
        return LR_OK;
    lr_mobject_props props = {0};
    lr_status s = LR_OK;
    if (c->current_line >= 0) {
        props.mask = LR_PROP_OPACITY | LR_PROP_FILL;
        props.opacity = LINE_DIM_OPACITY;
        props.fill = dim_line;
        s = lr_timeline_set(c->tl, c->lines[c->current_line], &props, c->err);
    }
    if (s == LR_OK) {
        props.mask = LR_PROP_OPACITY | LR_PROP_FILL;
        props.opacity = 1;
        lr_color_parse("YELLOW", &props.fill);
        s = lr_timeline_set(c->tl, c->lines[line], &props, c->err);
    }
    c->current_line = line;
    return s;
}

static lr_mobject *target_of(bctx *c, const cJSON *a, const char *key)
{
    const bobj *b = find(c, str_or(a, key, ""));
    return b ? b->m : NULL;
}

static void live_set_time(bctx *c, double t);

/* Whether a field's value changes with time: an expression (or a point with
 * one) that reads something. */
static bool changes(const bctx *c, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        const spec_expr *x = spec_exprs_find(&c->sec->exprs, v);
        return x && !expr_is_constant(x->expr);
    }
    for (const cJSON *e = cJSON_IsArray(v) ? v->child : NULL; e; e = e->next)
        if (changes(c, e))
            return true;
    return false;
}

/* Sets the parameters of an animation from its expressions, at t. */
static void anim_at_begin(lr_anim *a, double t, void *user)
{
    live_anim *la = user;
    bctx *c = la->c;
    const cJSON *j = la->json;
    live_set_time(c, t);
    const char *name = str_or(j, "anim", "");
    static const char *const point_field[][2] = {{"MoveTo", "position"}, {"Shift", "by"}, {"GrowFromPoint", "point"},
                                                 {"FadeIn", "shift"},     {"FadeOut", "shift"}, {"Scale", "about_point"},
                                                 {"Rotate", "about_point"}, {"Rotating", "about_point"},
                                                 {"MoveCamera", "center"}};
    for (size_t i = 0; i < sizeof point_field / sizeof point_field[0]; i++)
        if (strcmp(name, point_field[i][0]) == 0 && cJSON_GetObjectItemCaseSensitive(j, point_field[i][1]) &&
            !(strcmp(name, "MoveCamera") == 0 && c->camera_follows))
            lr_anim_set_point(a, bvec(c, j, point_field[i][1], (lr_vec2){0, 0}));
    static const char *const amount_field[][2] = {{"SetValue", "value"},  {"ChangeDecimalToValue", "value"},
                                                  {"Scale", "factor"},    {"FadeIn", "scale"},
                                                  {"FadeOut", "scale"},   {"MoveCamera", "height"}};
    for (size_t i = 0; i < sizeof amount_field / sizeof amount_field[0]; i++)
        if (strcmp(name, amount_field[i][0]) == 0 && cJSON_GetObjectItemCaseSensitive(j, amount_field[i][1]))
            lr_anim_set_amount(a, bnum(c, j, amount_field[i][1], 0));
    if ((strcmp(name, "Rotate") == 0 || strcmp(name, "Rotating") == 0) && cJSON_GetObjectItemCaseSensitive(j, "degrees"))
        lr_anim_set_amount(a, bnum(c, j, "degrees", 0) * DEG);
}

/* Attaches anim_at_begin to an animation whose fields read what changes. */
static lr_status watch_anim(bctx *c, lr_anim *r, const cJSON *a)
{
    bool live = false;
    for (const cJSON *f = a->child; f && !live; f = f->next)
        live = changes(c, f);
    if (!live)
        return LR_OK;
    live_anim *la = malloc(sizeof *la);
    if (!la)
        return LR_ERR_NOMEM;
    *la = (live_anim){c, a, c->live_anims};
    c->live_anims = la;
    lr_anim_on_begin(r, anim_at_begin, la);
    return LR_OK;
}

static lr_anim *compile_anim(bctx *c, const cJSON *a, double inherited, lr_status *st);
static void time_anim(bctx *c, lr_anim *r, const cJSON *a, double inherited);

/* `inherited`: the run_time (already fitted to narration) of children that
 * set none, when the composite's duration comes from its children (some
 * set their own, version 2); 0 when the composite is scaled as a whole. */
static lr_anim *compile_composite(bctx *c, const cJSON *a, const char *name, double inherited, lr_status *st)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(a, "animations");
    size_t n = (size_t)cJSON_GetArraySize(list);
    lr_anim **anims = calloc(n ? n : 1, sizeof *anims);
    if (!anims) {
        *st = LR_ERR_NOMEM;
        return NULL;
    }
    size_t k = 0;
    for (const cJSON *e = list ? list->child : NULL; e && *st == LR_OK; e = e->next) {
        anims[k] = compile_anim(c, e, inherited, st);
        if (anims[k])
            time_anim(c, anims[k++], e, inherited);
    }
    lr_anim *g = NULL;
    if (*st == LR_OK) {
        if (strcmp(name, "Succession") == 0)
            g = lr_anim_succession(anims, k);
        else if (strcmp(name, "LaggedStart") == 0)
            g = lr_anim_lagged_start(anims, k, bnum(c, a, "lag_ratio", 0.05));
        else
            g = lr_anim_group(anims, k, bnum(c, a, "lag_ratio", 0));
        k = 0; /* the group took them, even on failure */
    }
    for (size_t i = 0; i < k; i++)
        lr_anim_destroy(anims[i]);
    free(anims);
    return g;
}

/* The run time of an animation compiled with `inherited` (see
 * compile_composite): its own (version 2), else its children's layout, else
 * `inherited`; 0 leaves the constructor's own (a child of a composite that
 * is scaled as a whole). Durations follow spec_anim_seconds, so the
 * timeline lasts what the validator counted. */
static void time_anim(bctx *c, lr_anim *r, const cJSON *a, double inherited)
{
    const cJSON *rt = cJSON_GetObjectItemCaseSensitive(a, "run_time");
    if (cJSON_IsNumber(rt))
        lr_anim_set_run_time(r, rt->valuedouble * c->step_scale, NULL);
    else if (inherited > 0 && !spec_anims_set_run_time(cJSON_GetObjectItemCaseSensitive(a, "animations")))
        lr_anim_set_run_time(r, inherited, NULL);
}

static lr_anim *compile_anim(bctx *c, const cJSON *a, double inherited, lr_status *st)
{
    const char *name = str_or(a, "anim", "");
    lr_mobject *m = target_of(c, a, "target");
    lr_color color, yellow;
    lr_color_parse("YELLOW", &yellow);
    if (!color_of(a, "color", &color))
        color = yellow;
    lr_anim *r = NULL;
    if (strcmp(name, "AnimationGroup") == 0 || strcmp(name, "Succession") == 0 || strcmp(name, "LaggedStart") == 0)
        r = compile_composite(c, a, name,
                              spec_anims_set_run_time(cJSON_GetObjectItemCaseSensitive(a, "animations")) ? inherited
                                                                                                          : 0,
                              st);
    else if (strcmp(name, "SetValue") == 0) {
        const spec_name *n = name_of(c, str_or(a, "target", ""));
        if (n && n->value >= 0)
            r = lr_anim_set_value(c->tl, (size_t)n->value, bnum(c, a, "value", 0));
    } else if (strcmp(name, "Wait") == 0)
        r = lr_anim_wait(inherited > 0 ? inherited : 1.0);
    else if (strcmp(name, "MoveCamera") == 0) {
        lr_vec2 center = bvec(c, a, "center", c->camera_center);
        float h = (float)bnum(c, a, "height", c->camera_height);
        c->camera_center = center;
        c->camera_height = h;
        r = lr_anim_camera_move(center, h);
    } else if (!m)
        r = NULL;
    else if (strcmp(name, "Create") == 0)
        r = lr_anim_create(m);
    else if (strcmp(name, "Uncreate") == 0)
        r = lr_anim_uncreate(m);
    else if (strcmp(name, "Write") == 0)
        r = lr_anim_write(m);
    else if (strcmp(name, "DrawBorderThenFill") == 0)
        r = lr_anim_draw_border_then_fill(m);
    else if (strcmp(name, "FadeIn") == 0)
        r = lr_anim_fade_in(m, bvec(c, a, "shift", (lr_vec2){0, 0}), (float)bnum(c, a, "scale", 1));
    else if (strcmp(name, "FadeOut") == 0)
        r = lr_anim_fade_out(m, bvec(c, a, "shift", (lr_vec2){0, 0}), (float)bnum(c, a, "scale", 1));
    else if (strcmp(name, "GrowFromCenter") == 0)
        r = lr_anim_grow_from_center(m);
    else if (strcmp(name, "GrowFromPoint") == 0)
        r = lr_anim_grow_from_point(m, bvec(c, a, "point", (lr_vec2){0, 0}));
    else if (strcmp(name, "GrowArrow") == 0)
        r = lr_anim_grow_arrow(m);
    else if (strcmp(name, "SpinInFromNothing") == 0)
        r = lr_anim_spin_in_from_nothing(m, (float)(90 * DEG));
    else if (strcmp(name, "Transform") == 0)
        r = lr_anim_transform(m, target_of(c, a, "to"));
    else if (strcmp(name, "ReplacementTransform") == 0)
        r = lr_anim_replacement_transform(m, target_of(c, a, "to"));
    else if (strcmp(name, "TransformMatchingShapes") == 0)
        r = lr_anim_transform_matching_shapes(m, target_of(c, a, "to"));
    else if (strcmp(name, "MoveTo") == 0) {
        lr_vec2 p = bvec(c, a, "position", (lr_vec2){0, 0});
        lr_rect box;
        const char *at = str_or(a, "at", NULL);
        if (at && lr_layout_anchor_rect(c->orientation, at, &box, NULL) == LR_OK)
            p = rect_center(box);
        r = lr_anim_move_to(m, p);
    } else if (strcmp(name, "Shift") == 0)
        r = lr_anim_shift(m, bvec(c, a, "by", (lr_vec2){0, 0}));
    else if (strcmp(name, "Scale") == 0) {
        lr_vec2 about = bvec(c, a, "about_point", (lr_vec2){0, 0});
        r = lr_anim_scale(m, (float)bnum(c, a, "factor", 1),
                          cJSON_GetObjectItemCaseSensitive(a, "about_point") ? &about : NULL);
    } else if (strcmp(name, "Rotate") == 0 || strcmp(name, "Rotating") == 0) {
        lr_vec2 about = bvec(c, a, "about_point", (lr_vec2){0, 0});
        bool steady = name[6] == 'i';
        r = lr_anim_rotate(m, (float)(bnum(c, a, "degrees", steady ? 360 : 0) * DEG),
                           cJSON_GetObjectItemCaseSensitive(a, "about_point") ? &about : NULL);
        /* Manim's Rotating turns at a steady pace: rate linear. */
        if (r && steady)
            lr_anim_set_rate_func(r, LR_RATE_LINEAR, NULL);
    }
    else if (strcmp(name, "ChangeColor") == 0)
        r = lr_anim_change_color(m, color, LR_COLOR_BOTH);
    else if (strcmp(name, "Indicate") == 0)
        r = lr_anim_indicate(m, (float)bnum(c, a, "scale_factor", 1.2), color);
    else if (strcmp(name, "Circumscribe") == 0)
        r = lr_anim_circumscribe(m, color, 0.1f);
    else if (strcmp(name, "Flash") == 0)
        r = lr_anim_flash(m, (lr_vec2){0, 0}, color);
    else if (strcmp(name, "FocusOn") == 0)
        r = lr_anim_focus_on(m, (lr_vec2){0, 0});
    else if (strcmp(name, "Wiggle") == 0)
        r = lr_anim_wiggle(m);
    else if (strcmp(name, "MoveAlongPath") == 0) {
        lr_mobject *pm = target_of(c, a, "path");
        lr_path path = {0};
        const lr_path *src = pm ? lr_mobject_path_const(pm) : NULL;
        if (src && lr_path_append(&path, src, NULL) == LR_OK) {
            lr_path_transform(&path, lr_mobject_world_transform(pm));
            r = lr_anim_move_along_path(m, &path);
        }
        lr_path_free(&path);
    } else if (strcmp(name, "ChangeDecimalToValue") == 0) {
        bobj *b = find(c, str_or(a, "target", ""));
        double to = bnum(c, a, "value", 0);
        if (b && b->decimal) {
            r = lr_anim_change_decimal(m, decimal_make, b->decimal, b->value, to);
            b->value = to;
        }
    }
    if (!r && *st == LR_OK)
        *st = lr_error_set(c->err, LR_ERR_INVALID_ARG, "%s: sections[%zu] (%s): could not create the animation %s",
                           c->spec->name, c->index, c->sec->id, name);
    if (r) {
        lr_rate_func f;
        const char *rate = str_or(a, "rate_func", NULL);
        if (rate && lr_rate_func_parse(rate, &f))
            lr_anim_set_rate_func(r, f, NULL);
        if (watch_anim(c, r, a) != LR_OK && *st == LR_OK)
            *st = fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
    }
    return r;
}

/* The camera follows a MoveCamera's center that is an expression: while
 * the animation runs it goes from where it was towards where the center is
 * now, then stays on it, until the next MoveCamera. The animation itself
 * moves to a fixed target T, so while it runs the camera at t is the
 * animation's plus alpha(t) * (center(t) - T), and center(t) after. */
static lr_status follow_camera(lr_mobject *none, double t, void *user, lr_error *err)
{
    (void)none;
    (void)err;
    bctx *c = user;
    const camera_move *mv = NULL;
    for (size_t i = 0; i < c->nmoves && c->moves[i].start <= t; i++)
        mv = &c->moves[i];
    if (!mv || !mv->follow)
        return LR_OK;
    live_set_time(c, t);
    c->nan_seen = false;
    lr_vec2 want = bpoint(c, mv->follow);
    if (c->nan_seen)
        return LR_OK;
    lr_vec2 center;
    float height;
    lr_scene_get_camera(c->scene, &center, &height);
    if (mv->duration > 0 && t < mv->start + mv->duration) {
        double alpha = lr_rate_eval(mv->rate, (t - mv->start) / mv->duration);
        center.x += (float)alpha * (want.x - mv->target.x);
        center.y += (float)alpha * (want.y - mv->target.y);
    } else {
        /* Once it has arrived it stays on the point, whatever the camera
         * held at the step's start (the snapshot keeps where it followed). */
        center = want;
    }
    lr_scene_set_camera(c->scene, center, height);
    return LR_OK;
}

/* Notes a top-level MoveCamera starting `start` s into the timeline. */
static lr_status note_camera_move(bctx *c, const cJSON *a, double start, double duration, lr_rate_func rate)
{
    camera_move *moves = lr_grow(c->moves, &c->cap_moves, c->nmoves, sizeof *c->moves, 4);
    if (!moves)
        return fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
    c->moves = moves;
    const cJSON *center = cJSON_GetObjectItemCaseSensitive(a, "center");
    bool follow = center && changes(c, center);
    c->moves[c->nmoves++] = (camera_move){start, duration, rate, follow ? center : NULL, c->camera_center};
    c->camera_follows |= follow;
    return LR_OK;
}

/* When an object first comes on screen (a traced path starts tracing then). */
static void note_shown(bctx *c, const char *id, double t)
{
    bobj *b = find(c, id);
    if (b && b->shown_at < 0)
        b->shown_at = t;
}

static lr_status compile_step(bctx *c, const cJSON *step)
{
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(step, "line");
    lr_status s = LR_OK;
    if (cJSON_IsNumber(line))
        s = highlight(c, (int)line->valuedouble);
    if (s != LR_OK)
        return s;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(step, "play"))) {
        size_t n = (size_t)cJSON_GetArraySize(v);
        lr_anim **anims = calloc(n ? n : 1, sizeof *anims);
        if (!anims)
            return fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
        double run_time = bnum(c, step, "run_time", 1.0) * c->step_scale;
        const char *rate = str_or(step, "rate_func", NULL);
        lr_rate_func f = LR_RATE_DEFAULT;
        if (rate)
            lr_rate_func_parse(rate, &f);
        const cJSON *lag = cJSON_GetObjectItemCaseSensitive(step, "lag_ratio");
        size_t k = 0;
        for (const cJSON *e = v->child; e && s == LR_OK; e = e->next) {
            lr_anim *an = compile_anim(c, e, run_time, &s);
            if (!an)
                break;
            time_anim(c, an, e, run_time);
            if (rate && !cJSON_GetObjectItemCaseSensitive(e, "rate_func"))
                lr_anim_set_rate_func(an, f, NULL);
            if (cJSON_IsNumber(lag))
                lr_anim_set_lag_ratio(an, lag->valuedouble, NULL);
            double delay = bnum(c, e, "delay", 0) * c->step_scale;
            if (delay > 0) {
                /* Manim's Succession(Wait(delay), anim). */
                lr_anim *pair[2] = {lr_anim_wait(delay), an};
                an = pair[0] ? lr_anim_succession(pair, 2) : NULL;
                if (!pair[0])
                    lr_anim_destroy(pair[1]);
                if (!an) {
                    s = fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
                    break;
                }
            }
            const vocab_anim *va = vocab_find_anim(str_or(e, "anim", ""));
            if (va && (va->role == VR_INTRO || va->role == VR_REPLACE))
                note_shown(c, str_or(e, va->role == VR_INTRO ? "target" : "to", ""),
                           lr_timeline_duration(c->tl) + delay);
            if (strcmp(str_or(e, "anim", ""), "MoveCamera") == 0) {
                lr_rate_func cr = LR_RATE_DEFAULT;
                if (!lr_rate_func_parse(str_or(e, "rate_func", ""), &cr))
                    cr = f;
                s = note_camera_move(c, e, lr_timeline_duration(c->tl) + delay, lr_anim_get_run_time(an) - delay, cr);
            }
            anims[k++] = an;
        }
        if (s == LR_OK) {
            s = lr_timeline_play(c->tl, anims, k, c->err); /* takes the animations, even on failure */
        } else {
            for (size_t i = 0; i < k; i++)
                lr_anim_destroy(anims[i]);
        }
        free(anims);
        return s;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(step, "wait")))
        return lr_timeline_wait(c->tl, v->valuedouble * c->step_scale, c->err);
    if ((v = cJSON_GetObjectItemCaseSensitive(step, "highlight_line")))
        return highlight(c, (int)v->valuedouble);
    bool add = (v = cJSON_GetObjectItemCaseSensitive(step, "add")) != NULL;
    if (!add)
        v = cJSON_GetObjectItemCaseSensitive(step, "remove");
    for (const cJSON *e = v ? v->child : NULL; e && s == LR_OK; e = e->next) {
        bobj *b = find(c, e->valuestring);
        if (add)
            note_shown(c, e->valuestring, lr_timeline_duration(c->tl));
        if (b)
            s = add ? lr_timeline_add(c->tl, b->m, c->err) : lr_timeline_remove(c->tl, b->m, c->err);
    }
    return s;
}

/* ---- formulas, compiled together ---- */

#define TEX_PRE_MAX (3 * SPEC_MAX_OBJECTS)

/* Every formula the section's objects will ask build_tex for, with the
 * same size, colour and colour map: tex objects, axes labels and brace
 * labels, inline group children included. */
static void collect_tex(bctx *c, const cJSON *objects, int depth)
{
    for (const cJSON *o = objects ? objects->child : NULL; o && depth <= SPEC_MAX_DEPTH; o = o->next) {
        if (!cJSON_IsObject(o))
            continue;
        const char *type = str_or(o, "type", "");
        lr_color color = lr_rgba(1, 1, 1, 1);
        color_of(o, "color", &color);
        lr_color label = style_of(c, o, false).stroke;
        label.a = 1;
        tex_pre want[2];
        int n = 0;
        if (strcmp(type, "tex") == 0) {
            want[n++] = (tex_pre){str_or(o, "tex", ""), (float)bnum(c, o, "font_size", 48), color,
                                  cJSON_GetObjectItemCaseSensitive(o, "tex_to_color_map"), NULL};
        } else if (strcmp(type, "axes") == 0) {
            for (int axis = 0; axis < 2; axis++) {
                const char *l = str_or(o, axis ? "y_label" : "x_label", NULL);
                if (l)
                    want[n++] = (tex_pre){l, 36, label, NULL, NULL};
            }
        } else if (strcmp(type, "brace") == 0 || strcmp(type, "angle") == 0) {
            const char *l = str_or(o, "label", NULL);
            if (l)
                want[n++] = type[0] == 'b' ? (tex_pre){l, 40, style_of(c, o, false).stroke, NULL, NULL}
                                           : (tex_pre){l, ANGLE_LABEL_SIZE, label, NULL, NULL};
        } else if (strcmp(type, "group") == 0) {
            collect_tex(c, cJSON_GetObjectItemCaseSensitive(o, "children"), depth + 1);
        }
        for (int i = 0; i < n && c->npre < TEX_PRE_MAX; i++)
            c->pre[c->npre++] = want[i];
    }
}

/* One TeX run for all the section's formulas not in the cache, instead of
 * one per formula (a run costs 0.3 s or more, a page more little). When
 * the run fails, nothing is kept: each object then compiles its own
 * formula and the error names it. */
static void prefetch_tex(bctx *c, const cJSON *objects)
{
    c->pre = calloc(TEX_PRE_MAX, sizeof *c->pre);
    if (!c->pre)
        return;
    collect_tex(c, objects, 0);
    if (c->npre < 2 || ensure_tex(c) != LR_OK) {
        c->npre = 0;
        if (c->err)
            c->err->status = LR_OK; /* ensure_tex's error comes again from the object */
        return;
    }
    lr_tex_request *reqs = calloc(c->npre, sizeof *reqs);
    lr_tex_style *styles = calloc(c->npre, sizeof *styles);
    lr_tex_color *colors = calloc(c->npre * TEX_MAX_COLORS, sizeof *colors);
    lr_mobject **outs = calloc(c->npre, sizeof *outs);
    bool ok = reqs && styles && colors && outs;
    for (size_t i = 0; ok && i < c->npre; i++) {
        styles[i] = tex_style_of(c->pre[i].font_size, c->pre[i].color, c->pre[i].map, colors + i * TEX_MAX_COLORS);
        reqs[i] = (lr_tex_request){c->pre[i].src, &styles[i]};
    }
    lr_error e = {0};
    if (ok && lr_tex_create_many(c->spec->res->tex, reqs, c->npre, outs, &e) == LR_OK) {
        for (size_t i = 0; i < c->npre; i++)
            c->pre[i].m = outs[i];
    } else {
        c->npre = 0;
    }
    free(reqs);
    free(styles);
    free(colors);
    free(outs);
}

static void release_prefetched(bctx *c)
{
    for (size_t i = 0; i < c->npre; i++)
        lr_mobject_destroy(c->pre[i].m);
    free(c->pre);
    c->pre = NULL;
    c->npre = 0;
}

/* ---- per frame (version 2) ---- */

/* The time and the values expressions read, at t. */
static void live_set_time(bctx *c, double t)
{
    if (c->live_time == t)
        return;
    c->live_time = t;
    c->vars[SPEC_SLOT_TIME] = t;
    for (size_t i = 0; i < c->sec->nvalues; i++)
        c->vars[SPEC_SLOT_VALUES + i] = lr_timeline_value_get(c->tl, i);
}

/* The timeline's updater of an object that changes: its shape at t (or,
 * when only its placement changes, its shape as built, placed again), in
 * place of the one before. Objects are updated in the order they are
 * declared, so what one reads of an earlier object is already at t. */
static lr_status live_update(lr_mobject *container, double t, void *user, lr_error *err)
{
    live_obj *lo = user;
    bctx *c = lo->c;
    bobj *b = &c->objs[lo->index];
    live_set_time(c, t);
    c->err = err;
    c->nan_seen = false;
    lr_mobject *m = NULL;
    lr_status s;
    if (lo->base) {
        m = lr_mobject_clone(lo->base);
        s = m ? LR_OK : fail(c, b->id, LR_ERR_NOMEM, "out of memory");
    } else {
        s = build_content(c, b->json, b, &m);
    }
    if (s != LR_OK)
        return s;
    place_content(c, b->json, m);
    if (c->nan_seen) {
        /* An expression has no value at t (sqrt of a negative, a point off
         * a graph's range): the object shows nothing until it has one. */
        lr_mobject_destroy(m);
        m = lr_mobject_create_group();
        if (!m)
            return fail(c, b->id, LR_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < container->nchildren; i++) {
        container->children[i]->parent = NULL;
        lr_mobject_destroy(container->children[i]);
    }
    container->nchildren = 0;
    if (lr_mobject_add_child(container, m) != LR_OK) {
        lr_mobject_destroy(m);
        return fail(c, b->id, LR_ERR_NOMEM, "out of memory");
    }
    return LR_OK;
}

/* The section's values become the timeline's (in declaration order, so a
 * value's index is its slot), and every object that changes its updater. */
static lr_status add_values_and_updaters(bctx *c)
{
    for (size_t i = 0; i < c->sec->nnames; i++) {
        const spec_name *n = &c->sec->names[i];
        size_t index;
        if (n->value >= 0 &&
            lr_timeline_value_add(c->tl, bnum(c, n->json, "value", 0), bnum(c, n->json, "rate", 0), &index, c->err) !=
                LR_OK)
            return c->err->status;
    }
    for (size_t i = 0; i < c->nlive; i++)
        if (lr_timeline_add_updater(c->tl, c->objs[c->live[i].index].m, live_update, &c->live[i], c->err) != LR_OK)
            return c->err->status;
    return LR_OK;
}

lr_status lr_spec_build_section(const lr_spec *spec, size_t index, lr_scene **scene, lr_timeline **timeline,
                                lr_error *err)
{
    return lr_spec_build_section_timed(spec, index, NULL, scene, timeline, err);
}

/* Builds the section into a new scene and timeline; *out is the state its
 * updaters read (the caller keeps or frees it). A shadow build only serves
 * sample_traces. */
static lr_status build_section(const lr_spec *spec, size_t index, const lr_section_timing *timing, bool shadow,
                               bctx **out, lr_scene **scene, lr_timeline **timeline, lr_error *err)
{
    bctx *c = calloc(1, sizeof *c);
    if (!c)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    c->shadow = shadow;
    c->spec = spec;
    c->sec = &spec->sections[index];
    c->index = index;
    c->orientation = spec->meta.orientation;
    c->err = err;
    c->current_line = -1;
    c->camera_height = 8;
    /* The scene as built is the section's start: time 0, values as declared. */
    c->live_time = NAN;
    for (size_t i = 0; i < c->sec->nnames; i++) {
        if (c->sec->names[i].value >= 0)
            c->vars[SPEC_SLOT_VALUES + c->sec->names[i].value] = bnum(c, c->sec->names[i].json, "value", 0);
        c->cap_live += (c->sec->names[i].flags & SN_DYNAMIC) != 0;
    }
    /* Updaters keep pointers into it: sized once. */
    c->live = c->cap_live ? calloc(c->cap_live, sizeof *c->live) : NULL;
    c->scene = lr_scene_create();
    lr_status s = c->scene && (c->live || !c->cap_live) ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK) {
        lr_scene_set_background(c->scene, spec->meta.background);
        s = build_layout(c);
    }
    const cJSON *objects = cJSON_GetObjectItemCaseSensitive(c->sec->json, "objects");
    if (s == LR_OK)
        prefetch_tex(c, objects);
    for (const cJSON *o = objects ? objects->child : NULL; o && s == LR_OK; o = o->next) {
        lr_mobject *m = NULL;
        if (strcmp(str_or(o, "type", ""), "value") != 0) /* never drawn: the timeline holds it */
            s = build_object(c, o, &m);
    }
    /* Top-level objects join the scene hidden; the timeline shows them. */
    for (size_t i = 0; i < c->nobjs && s == LR_OK; i++) {
        bobj *b = &c->objs[i];
        if (b->json && !b->in_group) {
            lr_mobject_set_visible(b->m, false);
            if (lr_scene_add(c->scene, b->m) != LR_OK)
                s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
            else
                b->in_scene = true;
        }
    }
    if (s == LR_OK) {
        c->tl = lr_timeline_create(c->scene);
        if (!c->tl)
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    if (s == LR_OK)
        s = add_values_and_updaters(c);
    /* ---- narration timing: steps fitted to speech (timing.c) ---- */
    lr_section_timing fitted;
    spec_timing_plan plan = {0};
    double expected = c->sec->duration;
    if (s == LR_OK && timing) {
        fitted = *timing;
        s = spec_timing_plan_make(spec, index, &fitted, &plan, err);
        expected = fitted.duration;
    }
    size_t k = 0;
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(c->sec->json, "timeline");
    for (const cJSON *e = steps ? steps->child : NULL; e && s == LR_OK; e = e->next, k++) {
        c->step_scale = plan.scale && k < plan.nsteps ? plan.scale[k] : 1.0;
        if (plan.wait_before && k <= plan.nsteps && plan.wait_before[k] > 0)
            s = lr_timeline_wait(c->tl, plan.wait_before[k], err);
        if (s == LR_OK)
            s = compile_step(c, e);
    }
    if (s == LR_OK && plan.wait_before && k <= plan.nsteps && plan.wait_before[k] > 0)
        s = lr_timeline_wait(c->tl, plan.wait_before[k], err);
    /* After the objects' updaters, so that it reads where they are at t. */
    if (s == LR_OK && c->camera_follows)
        s = lr_timeline_add_updater(c->tl, NULL, follow_camera, c, err);
    spec_timing_plan_free(&plan);
    /* ---- end narration timing ---- */
    if (s == LR_OK && fabs(lr_timeline_duration(c->tl) - expected) > (timing ? 1e-6 : 1e-9))
        s = lr_error_set(err, LR_ERR_INVALID_ARG, "%s: sections[%zu] (%s): the timeline lasts %g s, the spec says %g s",
                         spec->name, index, c->sec->id, lr_timeline_duration(c->tl), expected);
    if (s != LR_OK) {
        /* Objects not yet handed to the scene (or to a group in it). */
        for (size_t i = 0; i < c->nobjs; i++)
            if (c->objs[i].json && !c->objs[i].in_group && !c->objs[i].in_scene)
                lr_mobject_destroy(c->objs[i].m);
        lr_timeline_destroy(c->tl);
        lr_scene_destroy(c->scene);
        release_prefetched(c);
        free_live(c);
        return s;
    }
    *scene = c->scene;
    *timeline = c->tl;
    release_prefetched(c);
    *out = c;
    return LR_OK;
}

/* Samples where every traced path's point is at TRACE_HZ over the whole
 * section, on a second build of it (its own scene and timeline, seeked in
 * order): the path at any frame is then drawn from the samples, however
 * the frames are sought, split among workers or scrubbed. */
static lr_status sample_traces(bctx *c, const lr_section_timing *timing, lr_error *err)
{
    bool any = false;
    for (size_t i = 0; i < c->nobjs; i++)
        any |= strcmp(c->objs[i].type, "traced_path") == 0;
    if (!any)
        return LR_OK;
    bctx *sh = NULL;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_status s = build_section(c->spec, c->index, timing, true, &sh, &scene, &tl, err);
    if (s != LR_OK)
        return s;
    size_t n = (size_t)floor(lr_timeline_duration(tl) * TRACE_HZ + 1e-9) + 1;
    for (size_t i = 0; s == LR_OK && i < c->nobjs; i++) {
        bobj *b = &c->objs[i];
        if (strcmp(b->type, "traced_path") != 0)
            continue;
        b->trace = calloc(1, sizeof *b->trace);
        if (b->trace)
            b->trace->points = malloc(n * sizeof *b->trace->points);
        if (!b->trace || !b->trace->points)
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory sampling the traced path \"%s\"", b->id);
    }
    for (size_t k = 0; s == LR_OK && k < n; k++) {
        double t = (double)k / TRACE_HZ;
        s = lr_timeline_seek(tl, t, err);
        live_set_time(sh, t);
        for (size_t i = 0; s == LR_OK && i < c->nobjs; i++) {
            bobj *b = &c->objs[i];
            if (b->trace)
                b->trace->points[b->trace->count++] = bvec(sh, b->json, "point", (lr_vec2){0, 0});
        }
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    free_live(sh);
    return s;
}

lr_status lr_spec_build_section_timed(const lr_spec *spec, size_t index, const lr_section_timing *timing,
                                      lr_scene **scene, lr_timeline **timeline, lr_error *err)
{
    if (!spec || !scene || !timeline || index >= spec->nsections)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_spec_build_section: no such section %zu", index);
    *scene = NULL;
    *timeline = NULL;
    lr_error local = {0};
    if (!err)
        err = &local;
    err->status = LR_OK;
    bctx *c = NULL;
    lr_status s = build_section(spec, index, timing, false, &c, scene, timeline, err);
    if (s == LR_OK)
        s = sample_traces(c, timing, err);
    if (s != LR_OK) {
        if (c) {
            lr_timeline_destroy(*timeline);
            lr_scene_destroy(*scene);
            free_live(c);
            *scene = NULL;
            *timeline = NULL;
        }
        return s;
    }
    if (c->nlive > 0 || c->live_anims || c->camera_follows) {
        /* The timeline's updaters read this state while it seeks: it stays
         * with the spec, which must outlive the timeline anyway. */
        c->err = NULL;
        c->next_live = spec->res->live;
        spec->res->live = c;
        spec->res->release = release_contexts;
    } else {
        free_live(c);
    }
    return LR_OK;
}
