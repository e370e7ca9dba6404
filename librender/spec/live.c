/* Version 2's values that move: expressions evaluated at the time being
 * drawn, what they read of other objects (spec_query), and the timeline's
 * updaters that rebuild an object, follow with the camera, or set an
 * animation's parameters as it begins; and the sampling of traced paths. */
#include "spec/build_internal.h"

/* ---- numbers and points, which version 2 may write as expressions ---- */

static bool build_query(void *user, int handle, const expr_value *args, int nargs, expr_value *out);

static expr_value build_eval(bctx *c, const cJSON *node, bool *found)
{
    const spec_expr *x = spec_exprs_find(&c->sec->exprs, node);
    *found = x != NULL;
    if (!x)
        return (expr_value){NAN, NAN};
    expr_env env = {c->vars, (int)(SPEC_SLOT_VALUES + c->sec->nvalues), build_query, c};
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
double build_number_of(bctx *c, const cJSON *v, double fallback)
{
    if (cJSON_IsNumber(v))
        return v->valuedouble;
    bool found = false;
    double x = cJSON_IsString(v) ? build_eval(c, v, &found).x : NAN;
    return found ? x : fallback;
}

double build_num(bctx *c, const cJSON *o, const char *key, double fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return v ? build_number_of(c, v, fallback) : fallback;
}

/* [x, y] (items may be expressions), or one expression of a point. */
lr_vec2 build_point(bctx *c, const cJSON *v)
{
    lr_vec2 p = {0, 0};
    if (cJSON_IsString(v)) {
        bool found;
        expr_value r = build_eval(c, v, &found);
        return (lr_vec2){(float)r.x, (float)r.y};
    }
    if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2) {
        p.x = (float)build_number_of(c, v->child, 0);
        p.y = (float)build_number_of(c, v->child->next, 0);
    }
    return p;
}

/* An object's point field: with "in", in those axes' coordinates (the
 * fallback too: a vector from the axes' origin). */
lr_vec2 build_vec(bctx *c, const cJSON *o, const char *key, lr_vec2 fallback)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return build_in_axes(c, o, key, v ? build_point(c, v) : fallback);
}

/* [min, max] or [min, max, step]; a graph's bounds may be expressions. */
void build_range(bctx *c, const cJSON *o, const char *key, double def0, double def1, double def_step, double r[3])
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    r[0] = def0;
    r[1] = def1;
    r[2] = def_step;
    int i = 0;
    for (const cJSON *e = v ? v->child : NULL; e && i < 3; e = e->next, i++)
        r[i] = build_number_of(c, e, r[i]);
}

/* What expressions are evaluated with now: the slots and the queries of
 * objects (a field's builder sets its own x and y slots in c->vars). */
expr_env build_env(bctx *c)
{
    return (expr_env){c->vars, (int)(SPEC_SLOT_VALUES + c->sec->nvalues), build_query, c};
}

expr_value build_eval_at(bctx *c, const lr_expr *e, double x, double y)
{
    double saved[2] = {c->vars[SPEC_SLOT_LOCAL], c->vars[SPEC_SLOT_LOCAL2]};
    c->vars[SPEC_SLOT_LOCAL] = x;
    c->vars[SPEC_SLOT_LOCAL2] = y;
    expr_env env = build_env(c);
    expr_value r = expr_eval(e, &env);
    c->vars[SPEC_SLOT_LOCAL] = saved[0];
    c->vars[SPEC_SLOT_LOCAL2] = saved[1];
    return r;
}

static double graph_y(bctx *c, const bobj *graph, double x)
{
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(graph->json, "expr");
    const spec_expr *e = ex ? spec_exprs_find(&c->sec->exprs, ex) : NULL;
    return e ? build_eval_at(c, e->expr, x, 0).x : NAN;
}

static bool build_query(void *user, int handle, const expr_value *args, int nargs, expr_value *out)
{
    bctx *c = user;
    int name = handle / SQ_COUNT;
    spec_query q = (spec_query)(handle % SQ_COUNT);
    const bobj *b = name >= 0 && (size_t)name < c->sec->nnames ? c->named[name] : NULL;
    if (!b || !b->m)
        return false;
    if (build_in_3d(c, b->json))
        return build_query3(c, b, q, args, nargs, out);
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
    case SQ_Z: out->x = 0; break;
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
        const bobj *ax = build_find(c, str_or(b->json, "axes", ""));
        if (!ax || !ax->is_axes || nargs < 1 || !leaf)
            return false;
        double x = args[0].x;
        if (q == SQ_SLOPE) {
            double lo = axes_value(&ax->axes, 0, ax->axes.x0), hi = axes_value(&ax->axes, 0, ax->axes.x1), rr[3];
            build_range(c, b->json, "x_range", lo, hi, 0, rr);
            double h = (rr[1] - rr[0]) * 1e-4, a = fmax(rr[0], x - h), z = fmin(rr[1], x + h);
            out->x = z > a ? (graph_y(c, b, z) - graph_y(c, b, a)) / (z - a) : NAN;
        } else {
            lr_vec2 p = world_point(leaf, axes_point(&ax->axes, x, graph_y(c, b, x)));
            *out = (expr_value){p.x, p.y};
        }
        break;
    }
    case SQ_C2P:
    case SQ_N2P: {
        if (!b->is_axes || nargs < (q == SQ_C2P ? 2 : 1))
            return false;
        lr_vec2 p = world_point(shape_of(b), axes_point(&b->axes, args[0].x, q == SQ_C2P ? args[1].x : 0));
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


void build_free_live(bctx *c)
{
    for (size_t i = 0; i < c->nobjs; i++) {
        if (c->objs[i].trace) {
            free(c->objs[i].trace->points);
            free(c->objs[i].trace);
        }
        build_field_free(c->objs[i].field);
        build_graph_free(c->objs[i].graph);
    }
    for (size_t i = 0; i < c->nlive; i++)
        lr_mobject_destroy(c->live[i].base);
    free(c->live);
    free(c->moves);
    build_release_images(c);
    while (c->live_anims) {
        struct live_anim *next = c->live_anims->next;
        free(c->live_anims);
        c->live_anims = next;
    }
    build_free_maps(c);
    build_free_bar_jobs(c);
    free(c);
}

void build_release(spec_resources *res)
{
    lr_text_context_destroy(res->own_text);
    lr_tex_context_destroy(res->own_tex);
    lr_code_context_destroy(res->own_code);
    res->own_text = NULL;
    res->own_tex = NULL;
    res->own_code = NULL;
    for (bctx *c = res->live, *next; c; c = next) {
        next = c->next_live;
        build_free_live(c);
    }
    res->live = NULL;
}


/* Whether a field's value changes with time: an expression (or a point with
 * one) that reads something. */
bool build_changes(const bctx *c, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        const spec_expr *x = spec_exprs_find(&c->sec->exprs, v);
        return x && !expr_is_constant(x->expr);
    }
    for (const cJSON *e = cJSON_IsArray(v) ? v->child : NULL; e; e = e->next)
        if (build_changes(c, e))
            return true;
    return false;
}

/* Sets the parameters of an animation from its expressions, at t. */
static void anim_at_begin(lr_anim *a, double t, void *user)
{
    live_anim *la = user;
    bctx *c = la->c;
    const cJSON *j = la->json;
    build_live_set_time(c, t);
    const char *name = str_or(j, "anim", "");
    static const char *const point_field[][2] = {{"MoveTo", "position"}, {"Shift", "by"}, {"GrowFromPoint", "point"},
                                                 {"FadeIn", "shift"},     {"FadeOut", "shift"}, {"Scale", "about_point"},
                                                 {"Rotate", "about_point"}, {"Rotating", "about_point"},
                                                 {"MoveCamera", "center"}};
    for (size_t i = 0; i < sizeof point_field / sizeof point_field[0]; i++)
        if (strcmp(name, point_field[i][0]) == 0 && cJSON_GetObjectItemCaseSensitive(j, point_field[i][1]) &&
            !(strcmp(name, "MoveCamera") == 0 && c->camera_follows))
            lr_anim_set_point(a, build_vec(c, j, point_field[i][1], (lr_vec2){0, 0}));
    static const char *const amount_field[][2] = {{"SetValue", "value"},  {"ChangeDecimalToValue", "value"},
                                                  {"Scale", "factor"},    {"FadeIn", "scale"},
                                                  {"FadeOut", "scale"},   {"MoveCamera", "height"}};
    for (size_t i = 0; i < sizeof amount_field / sizeof amount_field[0]; i++)
        if (strcmp(name, amount_field[i][0]) == 0 && cJSON_GetObjectItemCaseSensitive(j, amount_field[i][1]))
            lr_anim_set_amount(a, build_num(c, j, amount_field[i][1], 0));
    if ((strcmp(name, "Rotate") == 0 || strcmp(name, "Rotating") == 0) && cJSON_GetObjectItemCaseSensitive(j, "degrees"))
        lr_anim_set_amount(a, build_num(c, j, "degrees", 0) * DEG);
}

/* Attaches anim_at_begin to an animation whose fields read what changes. */
lr_status build_watch_anim(bctx *c, lr_anim *r, const cJSON *a)
{
    if (vocab_is_map(str_or(a, "anim", "")) || strcmp(str_or(a, "anim", ""), "ChangeBarValues") == 0)
        return LR_OK; /* they read their own as they begin (build_maps.c, build_charts.c) */
    bool live = false;
    for (const cJSON *f = a->child; f && !live; f = f->next)
        live = build_changes(c, f);
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

/* The camera follows a MoveCamera's center that is an expression: while
 * the animation runs it goes from where it was towards where the center is
 * now, then stays on it, until the next MoveCamera. The animation itself
 * moves to a fixed target T, so while it runs the camera at t is the
 * animation's plus alpha(t) * (center(t) - T), and center(t) after. */
lr_status build_follow_camera(lr_mobject *none, double t, void *user, lr_error *err)
{
    (void)none;
    (void)err;
    bctx *c = user;
    const camera_move *mv = NULL;
    for (size_t i = 0; i < c->nmoves && c->moves[i].start <= t; i++)
        mv = &c->moves[i];
    if (!mv || !mv->follow)
        return LR_OK;
    build_live_set_time(c, t);
    c->nan_seen = false;
    lr_vec2 want = build_point(c, mv->follow);
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
lr_status build_note_camera_move(bctx *c, const cJSON *a, double start, double duration, lr_rate_func rate)
{
    camera_move *moves = lr_grow(c->moves, &c->cap_moves, c->nmoves, sizeof *c->moves, 4);
    if (!moves)
        return build_fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
    c->moves = moves;
    const cJSON *center = cJSON_GetObjectItemCaseSensitive(a, "center");
    bool follow = center && build_changes(c, center);
    c->moves[c->nmoves++] = (camera_move){start, duration, rate, follow ? center : NULL, c->camera_center};
    c->camera_follows |= follow;
    return LR_OK;
}

/* ---- per frame (version 2) ---- */

/* The time and the values expressions read, at t. */
void build_live_set_time(bctx *c, double t)
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
lr_status build_live_update(lr_mobject *container, double t, void *user, lr_error *err)
{
    live_obj *lo = user;
    bctx *c = lo->c;
    bobj *b = &c->objs[lo->index];
    build_live_set_time(c, t);
    c->err = err;
    c->cur = b->json;
    c->nan_seen = false;
    lr_mobject *m = NULL;
    lr_status s;
    if (lo->base) {
        m = lr_mobject_clone(lo->base);
        s = m ? LR_OK : build_fail(c, b->id, LR_ERR_NOMEM, "out of memory");
    } else {
        s = build_content(c, b->json, b, &m);
    }
    if (s != LR_OK)
        return s;
    if ((s = build_place_shape(c, b->json, &m)) != LR_OK) {
        lr_mobject_destroy(m);
        return s;
    }
    if (c->nan_seen) {
        /* An expression has no value at t (sqrt of a negative, a point off
         * a graph's range): the object shows nothing until it has one. */
        lr_mobject_destroy(m);
        m = lr_mobject_create_group();
        if (!m)
            return build_fail(c, b->id, LR_ERR_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < container->nchildren; i++) {
        container->children[i]->parent = NULL;
        lr_mobject_destroy(container->children[i]);
    }
    container->nchildren = 0;
    if (lr_mobject_add_child(container, m) != LR_OK) {
        lr_mobject_destroy(m);
        return build_fail(c, b->id, LR_ERR_NOMEM, "out of memory");
    }
    return LR_OK;
}

/* The section's values become the timeline's (in declaration order, so a
 * value's index is its slot), and every object that changes its updater. */
lr_status build_add_values_and_updaters(bctx *c)
{
    for (size_t i = 0; i < c->sec->nnames; i++) {
        const spec_name *n = &c->sec->names[i];
        size_t index;
        if (n->value >= 0 &&
            lr_timeline_value_add(c->tl, build_num(c, n->json, "value", 0), build_num(c, n->json, "rate", 0), &index, c->err) !=
                LR_OK)
            return c->err->status;
    }
    for (size_t i = 0; i < c->nlive; i++)
        if (lr_timeline_add_updater(c->tl, c->objs[c->live[i].index].m, build_live_update, &c->live[i], c->err) != LR_OK)
            return c->err->status;
    return LR_OK;
}

/* Samples where every traced path's point is at TRACE_HZ over the whole
 * section, on a second build of it (its own scene and timeline, seeked in
 * order): the path at any frame is then drawn from the samples, however
 * the frames are sought, split among workers or scrubbed. */
lr_status build_sample_traces(bctx *c, const lr_section_timing *timing, lr_error *err)
{
    bool any = false;
    for (size_t i = 0; i < c->nobjs; i++)
        any |= strcmp(c->objs[i].type, "traced_path") == 0;
    if (!any)
        return LR_OK;
    bctx *sh = NULL;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_status s = build_section(c->spec, c->index, timing, true, NULL, &sh, &scene, &tl, err);
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
        build_live_set_time(sh, t);
        for (size_t i = 0; s == LR_OK && i < c->nobjs; i++) {
            bobj *b = &c->objs[i];
            if (b->trace)
                b->trace->points[b->trace->count++] = build_vec(sh, b->json, "point", (lr_vec2){0, 0});
        }
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    build_free_live(sh);
    return s;
}
