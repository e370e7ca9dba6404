/* The timeline: steps, lazily cached scene states at step boundaries, and
 * seeking. A seek restores the snapshot at the start of its step and applies
 * only that step; seeks inside the step that is already prepared only put
 * back what the step's animations touched, so playing frame after frame
 * costs one step's work per frame. */
#include "anim/anim_internal.h"
#include "core/grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- counters (ChangeDecimalToValue) ------------------------------------ */

bool timeline_is_counter(const lr_timeline *tl, const lr_mobject *m)
{
    for (size_t i = 0; i < tl->ncounters; i++)
        if (tl->counters[i].container == m)
            return true;
    return false;
}

static bool skip_counter(const lr_mobject *m, const void *user) { return timeline_is_counter(user, m); }

lr_status timeline_counter_set(lr_timeline *tl, size_t counter, double value, bool force, lr_error *err)
{
    tl_counter *c = &tl->counters[counter];
    if (!force && c->built == value)
        return LR_OK;
    lr_mobject *shown = c->make(value, c->user);
    if (!shown)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "ChangeDecimalToValue: the builder returned no mobject for %g",
                            value);
    lr_mobject *box = c->container;
    for (size_t i = 0; i < box->nchildren; i++) {
        box->children[i]->parent = NULL;
        lr_mobject_destroy(box->children[i]);
    }
    box->nchildren = 0;
    lr_status st = lr_mobject_add_child(box, shown);
    if (st != LR_OK) {
        lr_mobject_destroy(shown);
        return lr_error_set(err, st, "ChangeDecimalToValue: could not attach the new value");
    }
    c->built = value;
    return LR_OK;
}

/* ---- snapshots ---------------------------------------------------------- */

static void snapshot_free(tl_snapshot *s)
{
    anim_state_free(&s->nodes);
    free(s->counter_values);
    memset(s, 0, sizeof *s);
}

static lr_status snapshot_capture(lr_timeline *tl, tl_snapshot *s)
{
    anim_state_clear(&s->nodes);
    lr_status st = anim_state_capture(&s->nodes, tl->scene->root, true, skip_counter, tl);
    if (st != LR_OK)
        return st;
    double *values = realloc(s->counter_values, (tl->ncounters ? tl->ncounters : 1) * sizeof *values);
    if (!values)
        return LR_ERR_NOMEM;
    s->counter_values = values;
    for (size_t i = 0; i < tl->ncounters; i++)
        values[i] = tl->counters[i].built;
    lr_scene_get_camera(tl->scene, &s->camera_center, &s->frame_height);
    s->valid = true;
    return LR_OK;
}

static void unprepare(lr_timeline *tl)
{
    if (tl->prepared >= 0) {
        tl_step *step = &tl->steps[tl->prepared];
        for (size_t i = 0; i < step->nleaves; i++)
            anim_end(step->leaves[i]);
    }
    tl->prepared = -1;
}

/* Puts the whole scene into the snapshot's state. */
static lr_status snapshot_restore(lr_timeline *tl, const tl_snapshot *s, lr_error *err)
{
    unprepare(tl);
    lr_status st = anim_state_restore(&s->nodes);
    if (st != LR_OK)
        return lr_error_set(err, st, "timeline: out of memory restoring a snapshot");
    lr_scene_set_camera(tl->scene, s->camera_center, s->frame_height);
    /* Rebuilt every time: animations of other steps may have edited them. */
    for (size_t i = 0; i < tl->ncounters; i++) {
        st = timeline_counter_set(tl, i, s->counter_values[i], true, err);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

static void drop_snapshots(lr_timeline *tl)
{
    for (size_t i = 0; i < tl->nsnaps; i++)
        snapshot_free(&tl->snaps[i]);
    free(tl->snaps);
    tl->snaps = NULL;
    tl->nsnaps = 0;
}

/* Steps are being added: go back to time 0 and forget the cached states. */
static lr_status reset_to_start(lr_timeline *tl, lr_error *err)
{
    if (!tl->seeked)
        return LR_OK;
    lr_status st = LR_OK;
    if (tl->nsnaps > 0 && tl->snaps[0].valid)
        st = snapshot_restore(tl, &tl->snaps[0], err);
    unprepare(tl);
    drop_snapshots(tl);
    tl->seeked = false;
    return st;
}

/* ---- lifetime ----------------------------------------------------------- */

lr_timeline *lr_timeline_create(lr_scene *scene)
{
    if (!scene)
        return NULL;
    lr_timeline *tl = calloc(1, sizeof *tl);
    if (!tl)
        return NULL;
    tl->scene = scene;
    tl->prepared = -1;
    return tl;
}

void lr_timeline_destroy(lr_timeline *tl)
{
    if (!tl)
        return;
    unprepare(tl);
    drop_snapshots(tl);
    for (size_t i = 0; i < tl->nsteps; i++) {
        lr_anim_destroy(tl->steps[i].root);
        free(tl->steps[i].leaves);
    }
    free(tl->steps);
    free(tl->counters);
    free(tl->mentioned);
    free(tl);
}

/* ---- building ----------------------------------------------------------- */

static bool is_mentioned(const lr_timeline *tl, const lr_mobject *m)
{
    for (size_t i = 0; i < tl->nmentioned; i++)
        if (tl->mentioned[i] == m)
            return true;
    return false;
}

static lr_status mention(lr_timeline *tl, lr_mobject *m)
{
    if (is_mentioned(tl, m))
        return LR_OK;
    void *grown = lr_grow(tl->mentioned, &tl->cap_mentioned, tl->nmentioned, sizeof *tl->mentioned, 8);
    if (!grown)
        return LR_ERR_NOMEM;
    tl->mentioned = grown;
    tl->mentioned[tl->nmentioned++] = m;
    return LR_OK;
}

static bool is_under(const lr_mobject *m, const lr_mobject *ancestor)
{
    for (; m; m = m->parent)
        if (m == ancestor)
            return true;
    return false;
}

static bool contains_counter(const lr_timeline *tl, const lr_mobject *m)
{
    for (size_t i = 0; i < tl->ncounters; i++)
        if (is_under(tl->counters[i].container, m))
            return true;
    return false;
}

static bool inside_counter(const lr_timeline *tl, const lr_mobject *m)
{
    for (size_t i = 0; i < tl->ncounters; i++)
        if (m != tl->counters[i].container && is_under(m, tl->counters[i].container))
            return true;
    return false;
}

/* Makes sure m is in the scene. `introduce`: m is first shown by this step,
 * so it is hidden until then if the timeline has not referred to it yet. */
static lr_status adopt(lr_timeline *tl, lr_mobject *m, bool introduce, const char *what, lr_error *err)
{
    lr_mobject *top = m;
    while (top->parent)
        top = top->parent;
    bool fresh = false;
    if (top != tl->scene->root) {
        if (m->parent)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the mobject%s%s belongs to another tree, not to the scene",
                                what, m->id ? " " : "", m->id ? m->id : "");
        lr_status st = lr_scene_add(tl->scene, m);
        if (st != LR_OK)
            return lr_error_set(err, st, "%s: could not add the mobject to the scene", what);
        fresh = true;
    }
    if (inside_counter(tl, m))
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "%s: the mobject is inside a ChangeDecimalToValue container, whose children are rebuilt",
                            what);
    if (fresh || (introduce && !is_mentioned(tl, m)))
        m->visible = false;
    if (mention(tl, m) != LR_OK)
        return lr_error_set(err, LR_ERR_NOMEM, "%s: out of memory", what);
    return LR_OK;
}

static lr_status push_step(lr_timeline *tl, tl_step step, lr_error *err)
{
    void *grown = lr_grow(tl->steps, &tl->cap_steps, tl->nsteps, sizeof *tl->steps, 8);
    if (!grown)
        return lr_error_set(err, LR_ERR_NOMEM, "timeline: out of memory adding a step");
    tl->steps = grown;
    step.start = tl->duration;
    tl->steps[tl->nsteps++] = step;
    tl->duration += step.duration;
    return LR_OK;
}

typedef struct leaf_list {
    lr_anim **items;
    size_t count, cap;
} leaf_list;

/* Lists the leaf animations with their start in step time, taking group rate
 * functions as linear (they only order the begins). */
static lr_status flatten(lr_anim *a, double start, double scale, leaf_list *out)
{
    if (a->kind != ANIM_GROUP) {
        void *grown = lr_grow(out->items, &out->cap, out->count, sizeof *out->items, 8);
        if (!grown)
            return LR_ERR_NOMEM;
        out->items = grown;
        a->abs_start = start;
        out->items[out->count++] = a;
        return LR_OK;
    }
    double s = a->max_end > 0 ? scale * a->run_time / a->max_end : 0;
    for (size_t i = 0; i < a->nchildren; i++) {
        lr_status st = flatten(a->children[i], start + a->starts[i] * s, s, out);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

static int by_start(const void *x, const void *y)
{
    const lr_anim *a = *(lr_anim *const *)x, *b = *(lr_anim *const *)y;
    if (a->abs_start != b->abs_start)
        return a->abs_start < b->abs_start ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static lr_status register_counter(lr_timeline *tl, lr_anim *a, lr_error *err)
{
    if (a->m == tl->scene->root)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "ChangeDecimalToValue: the scene root cannot be a counter");
    for (size_t k = 0; k < tl->nsteps; k++) {
        for (size_t j = 0; j < tl->steps[k].nleaves; j++) {
            const lr_anim *o = tl->steps[k].leaves[j];
            if (anim_is_transform(o) && (is_under(a->m, o->m) || is_under(a->m, o->target)))
                return lr_error_set(err, LR_ERR_INVALID_ARG,
                                    "ChangeDecimalToValue: the container was morphed by an earlier Transform");
        }
    }
    for (size_t i = 0; i < tl->ncounters; i++) {
        if (tl->counters[i].container == a->m) {
            a->counter = i;
            return LR_OK;
        }
    }
    for (size_t i = 0; i < tl->nmentioned; i++)
        if (tl->mentioned[i] != a->m && is_under(tl->mentioned[i], a->m))
            return lr_error_set(err, LR_ERR_INVALID_ARG,
                                "ChangeDecimalToValue: another step refers to a mobject inside the container");
    void *grown = lr_grow(tl->counters, &tl->cap_counters, tl->ncounters, sizeof *tl->counters, 8);
    if (!grown)
        return lr_error_set(err, LR_ERR_NOMEM, "timeline: out of memory");
    tl->counters = grown;
    /* NaN never equals a value, so the first restore builds the children. */
    tl->counters[tl->ncounters] = (tl_counter){a->m, a->make, a->user, a->from, NAN};
    a->counter = tl->ncounters++;
    return LR_OK;
}

static lr_mobject *helper_path(lr_timeline *tl, lr_style style, lr_status *st)
{
    lr_mobject *h = lr_mobject_create_path(NULL, style);
    *st = h ? lr_scene_add(tl->scene, h) : LR_ERR_NOMEM;
    if (*st != LR_OK) {
        lr_mobject_destroy(h);
        return NULL;
    }
    h->visible = false;
    return h;
}

/* What playing one leaf animation needs from the scene before time 0. */
static lr_status prepare_leaf(lr_timeline *tl, lr_anim *a, lr_error *err)
{
    const char *const what = "play";
    lr_status st = LR_OK;
    if (a->m && (st = adopt(tl, a->m, anim_introduces(a), what, err)) != LR_OK)
        return st;
    if (a->target && (st = adopt(tl, a->target, anim_is_transform(a), what, err)) != LR_OK)
        return st;
    if (anim_is_transform(a) && (contains_counter(tl, a->m) || contains_counter(tl, a->target)))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "Transform: a ChangeDecimalToValue container cannot be morphed");
    lr_style none = lr_style_default();
    none.stroke.a = 0;
    switch (a->kind) {
    case ANIM_CHANGE_DECIMAL:
        return register_counter(tl, a, err);
    case ANIM_TRANSFORM:
    case ANIM_REPLACEMENT_TRANSFORM: {
        if (a->m->kind != LR_MOBJECT_GROUP || a->npads > 0)
            return LR_OK;
        size_t have = anim_count_paths(a->m), want = anim_count_paths(a->target);
        if (want <= have)
            return LR_OK;
        a->pads = calloc(want - have, sizeof *a->pads);
        if (!a->pads)
            return lr_error_set(err, LR_ERR_NOMEM, "Transform: out of memory");
        for (size_t i = have; i < want; i++) {
            lr_mobject *p = lr_mobject_create_path(NULL, none);
            if (!p || lr_mobject_add_child(a->m, p) != LR_OK) {
                lr_mobject_destroy(p);
                return lr_error_set(err, LR_ERR_NOMEM, "Transform: out of memory");
            }
            p->visible = false;
            a->pads[a->npads++] = p;
        }
        return LR_OK;
    }
    case ANIM_CIRCUMSCRIBE:
        a->helper = helper_path(tl, none, &st);
        break;
    case ANIM_FOCUS_ON: {
        lr_style s = none;
        s.fill = (lr_color){0.533f, 0.533f, 0.533f, 1.0f}; /* Manim's GREY */
        a->helper = helper_path(tl, s, &st);
        if (a->helper)
            st = lr_path_add_circle(&a->helper->path, (lr_vec2){0, 0}, 1.0f);
        break;
    }
    case ANIM_FLASH: {
        lr_mobject *g = lr_mobject_create_group();
        st = g ? lr_scene_add(tl->scene, g) : LR_ERR_NOMEM;
        if (st != LR_OK) {
            lr_mobject_destroy(g);
            break;
        }
        g->visible = false;
        a->helper = g;
        for (int i = 0; st == LR_OK && i < 12; i++) {
            lr_mobject *line = lr_mobject_create_path(NULL, lr_style_default());
            st = line ? lr_mobject_add_child(g, line) : LR_ERR_NOMEM;
            if (st != LR_OK)
                lr_mobject_destroy(line);
        }
        break;
    }
    default:
        break;
    }
    if (st != LR_OK)
        return lr_error_set(err, st, "play: could not create the animation's helper shape");
    return LR_OK;
}

static void number_leaves(lr_anim *a, size_t *next)
{
    if (a->kind != ANIM_GROUP) {
        a->order = (*next)++;
        return;
    }
    for (size_t i = 0; i < a->nchildren; i++)
        number_leaves(a->children[i], next);
}

lr_status lr_timeline_play(lr_timeline *tl, lr_anim *const *anims, size_t n, lr_error *err)
{
    lr_status st = tl ? reset_to_start(tl, err) : LR_OK;
    /* lr_anim_group takes the animations over, even when it fails. */
    lr_anim *root = lr_anim_group(anims, n, 0.0);
    if (!tl || st != LR_OK || !root) {
        lr_anim_destroy(root);
        if (st != LR_OK)
            return st;
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "play: %s", tl ? "an animation is missing (NULL) or was handed over twice" : "no timeline");
    }
    size_t next = 0;
    number_leaves(root, &next);
    leaf_list leaves = {0};
    st = flatten(root, 0.0, 1.0, &leaves);
    if (st != LR_OK) {
        st = lr_error_set(err, st, "play: out of memory");
        goto fail;
    }
    qsort(leaves.items, leaves.count, sizeof *leaves.items, by_start);
    for (size_t i = 0; i < leaves.count; i++) {
        st = prepare_leaf(tl, leaves.items[i], err);
        if (st != LR_OK)
            goto fail;
    }
    /* A counter that changes in this step must not have its children
     * edited by another animation of the step: they are rebuilt each frame. */
    for (size_t i = 0; i < leaves.count; i++) {
        lr_anim *c = leaves.items[i];
        if (c->kind != ANIM_CHANGE_DECIMAL)
            continue;
        for (size_t j = 0; j < leaves.count; j++) {
            lr_anim *o = leaves.items[j];
            if (o == c || !o->m)
                continue;
            if (o->kind == ANIM_CHANGE_DECIMAL && o->m == c->m) {
                st = lr_error_set(err, LR_ERR_INVALID_ARG, "play: two ChangeDecimalToValue on one container in a step");
                goto fail;
            }
            if (anim_is_deep(o) && is_under(c->m, o->m)) {
                st = lr_error_set(err, LR_ERR_INVALID_ARG,
                                  "play: an animation edits the paths of a number that ChangeDecimalToValue rebuilds");
                goto fail;
            }
        }
    }
    st = push_step(tl, (tl_step){.kind = LR_STEP_PLAY, .duration = root->run_time, .root = root,
                                 .leaves = leaves.items, .nleaves = leaves.count},
                   err);
    if (st != LR_OK)
        goto fail;
    return LR_OK;
fail:
    free(leaves.items);
    lr_anim_destroy(root);
    return st;
}

lr_status lr_timeline_play1(lr_timeline *tl, lr_anim *anim, lr_error *err)
{
    return lr_timeline_play(tl, &anim, 1, err);
}

lr_status lr_timeline_wait(lr_timeline *tl, double seconds, lr_error *err)
{
    if (!tl)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "wait: no timeline");
    if (!isfinite(seconds) || seconds < 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "wait: expected a duration >= 0 seconds, got %g", seconds);
    lr_status st = reset_to_start(tl, err);
    if (st != LR_OK)
        return st;
    return push_step(tl, (tl_step){.kind = LR_STEP_WAIT, .duration = seconds}, err);
}

static lr_status instant(lr_timeline *tl, lr_step_kind kind, lr_mobject *m, const lr_mobject_props *props,
                         const char *what, lr_error *err)
{
    if (!tl || !m)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: no %s", what, tl ? "mobject" : "timeline");
    if (props && ((props->mask & LR_PROP_OPACITY) && !isfinite(props->opacity)))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: opacity must be a finite number", what);
    if (props && ((props->mask & LR_PROP_STROKE_WIDTH) && (!isfinite(props->stroke_width) || props->stroke_width < 0)))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: stroke_width must be a finite number >= 0", what);
    lr_status st = reset_to_start(tl, err);
    if (st == LR_OK)
        st = adopt(tl, m, kind == LR_STEP_ADD, what, err);
    if (st != LR_OK)
        return st;
    tl_step step = {.kind = kind, .m = m};
    if (props)
        step.props = *props;
    return push_step(tl, step, err);
}

lr_status lr_timeline_add(lr_timeline *tl, lr_mobject *m, lr_error *err)
{
    return instant(tl, LR_STEP_ADD, m, NULL, "add", err);
}

lr_status lr_timeline_remove(lr_timeline *tl, lr_mobject *m, lr_error *err)
{
    return instant(tl, LR_STEP_REMOVE, m, NULL, "remove", err);
}

lr_status lr_timeline_set(lr_timeline *tl, lr_mobject *m, const lr_mobject_props *props, lr_error *err)
{
    if (!props)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "set: no properties");
    return instant(tl, LR_STEP_SET, m, props, "set", err);
}

/* ---- queries ------------------------------------------------------------ */

double lr_timeline_duration(const lr_timeline *tl) { return tl ? tl->duration : 0.0; }
size_t lr_timeline_step_count(const lr_timeline *tl) { return tl ? tl->nsteps : 0; }

lr_status lr_timeline_step_info(const lr_timeline *tl, size_t index, lr_step_info *out)
{
    if (!tl || !out || index >= tl->nsteps)
        return LR_ERR_INVALID_ARG;
    const tl_step *s = &tl->steps[index];
    *out = (lr_step_info){s->kind, s->start, s->start + s->duration};
    return LR_OK;
}

/* ---- playing ------------------------------------------------------------ */

static void set_props(lr_mobject *m, const lr_mobject_props *p)
{
    if (m->kind == LR_MOBJECT_PATH) {
        if (p->mask & LR_PROP_FILL)
            m->style.fill = p->fill;
        if (p->mask & LR_PROP_STROKE)
            m->style.stroke = p->stroke;
        if (p->mask & LR_PROP_STROKE_WIDTH)
            m->style.stroke_width = p->stroke_width;
    }
    for (size_t i = 0; i < m->nchildren; i++)
        set_props(m->children[i], p);
}

static lr_status apply_instant(const tl_step *s)
{
    lr_mobject *m = s->m;
    switch (s->kind) {
    case LR_STEP_ADD:
        m->visible = true;
        break;
    case LR_STEP_REMOVE:
        m->visible = false;
        break;
    case LR_STEP_SET:
        set_props(m, &s->props);
        if (s->props.mask & LR_PROP_OPACITY)
            lr_mobject_set_opacity(m, s->props.opacity);
        if (s->props.mask & LR_PROP_Z_INDEX)
            m->z_index = s->props.z_index;
        if (s->props.mask & LR_PROP_VISIBLE)
            m->visible = s->props.visible;
        break;
    default:
        break;
    }
    return LR_OK;
}

/* Applies the begun leaves of `a` that have started, at progress alpha of
 * `a`. While a step is being prepared, the later leaves have not begun. */
static lr_status eval(lr_anim *a, lr_timeline *tl, double alpha, lr_error *err)
{
    if (a->kind != ANIM_GROUP)
        return a->begun ? anim_apply(a, tl, alpha, err) : LR_OK;
    double gt = lr_rate_eval(a->rate, alpha) * a->max_end;
    for (size_t i = 0; i < a->nchildren; i++) {
        if (gt < a->starts[i])
            continue;
        double len = a->ends[i] - a->starts[i];
        double ca = len > 0 ? (gt - a->starts[i]) / len : 1.0;
        lr_status st = eval(a->children[i], tl, ca > 1.0 ? 1.0 : ca, err);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

static double step_alpha(const tl_step *s, double tau) { return s->duration > 0 ? tau / s->duration : 1.0; }

/* Begins the step's animations in order, each from the state the earlier
 * ones give the scene at its start. The scene holds the step's start state. */
static lr_status prepare(lr_timeline *tl, size_t k, lr_error *err)
{
    tl_step *s = &tl->steps[k];
    tl->prepared = (long)k;
    for (size_t j = 0; j < s->nleaves; j++) {
        lr_anim *a = s->leaves[j];
        lr_status st = LR_OK;
        if (j > 0)
            st = eval(s->root, tl, step_alpha(s, a->abs_start), err);
        if (st == LR_OK)
            st = anim_begin(a, tl, err);
        if (st != LR_OK) {
            unprepare(tl);
            return st;
        }
    }
    return LR_OK;
}

/* Puts back what the prepared step touched, latest begun first, so that the
 * earliest saved state (the step's start) wins. */
static lr_status restore_touched(lr_timeline *tl, size_t k, lr_error *err)
{
    tl_step *s = &tl->steps[k];
    for (size_t j = s->nleaves; j-- > 0;) {
        lr_status st = anim_restore(s->leaves[j], tl, err);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

/* The scene at step k's time tau, from snapshot k. */
static lr_status play_step(lr_timeline *tl, size_t k, double tau, lr_error *err)
{
    tl_step *s = &tl->steps[k];
    lr_status st;
    if (tl->prepared != (long)k) {
        st = snapshot_restore(tl, &tl->snaps[k], err);
        if (st == LR_OK)
            st = prepare(tl, k, err);
    } else {
        st = LR_OK;
    }
    if (st == LR_OK)
        st = restore_touched(tl, k, err);
    if (st == LR_OK)
        st = eval(s->root, tl, step_alpha(s, tau), err);
    return st;
}

static lr_status ensure_snapshot(lr_timeline *tl, size_t i, lr_error *err)
{
    if (!tl->snaps) {
        tl->snaps = calloc(tl->nsteps + 1, sizeof *tl->snaps);
        if (!tl->snaps)
            return lr_error_set(err, LR_ERR_NOMEM, "timeline: out of memory");
        tl->nsnaps = tl->nsteps + 1;
        /* Time 0 is the scene as the steps were built on it. */
        for (size_t c = 0; c < tl->ncounters; c++) {
            lr_status st = timeline_counter_set(tl, c, tl->counters[c].value0, true, err);
            if (st != LR_OK)
                return st;
        }
        lr_status st = snapshot_capture(tl, &tl->snaps[0]);
        if (st != LR_OK)
            return lr_error_set(err, st, "timeline: out of memory");
    }
    size_t j = i;
    while (!tl->snaps[j].valid)
        j--;
    for (; j < i; j++) {
        tl_step *s = &tl->steps[j];
        lr_status st;
        if (s->kind == LR_STEP_PLAY) {
            st = play_step(tl, j, s->duration, err);
        } else {
            st = snapshot_restore(tl, &tl->snaps[j], err);
            if (st == LR_OK)
                st = apply_instant(s);
        }
        if (st == LR_OK && (st = snapshot_capture(tl, &tl->snaps[j + 1])) != LR_OK)
            st = lr_error_set(err, st, "timeline: out of memory");
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

lr_status lr_timeline_seek(lr_timeline *tl, double t, lr_error *err)
{
    if (!tl)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "seek: no timeline");
    if (isnan(t))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "seek: time is NaN");
    if (t < 0)
        t = 0;
    if (t > tl->duration)
        t = tl->duration;
    tl->seeked = true;
    size_t k = tl->nsteps;
    for (size_t i = 0; i < tl->nsteps; i++) {
        if (tl->steps[i].start > t)
            break;
        k = i;
    }
    if (k < tl->nsteps && tl->steps[k].kind == LR_STEP_PLAY && tl->steps[k].duration > 0) {
        lr_status st = ensure_snapshot(tl, k, err);
        return st != LR_OK ? st : play_step(tl, k, t - tl->steps[k].start, err);
    }
    size_t snap = k < tl->nsteps ? k + 1 : tl->nsteps;
    lr_status st = ensure_snapshot(tl, snap, err);
    return st != LR_OK ? st : snapshot_restore(tl, &tl->snaps[snap], err);
}

lr_status lr_timeline_seek_step_end(lr_timeline *tl, size_t index, lr_error *err)
{
    if (!tl || index >= tl->nsteps)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "seek_step_end: no step %zu (the timeline has %zu)", index,
                            tl ? tl->nsteps : 0);
    tl->seeked = true;
    lr_status st = ensure_snapshot(tl, index + 1, err);
    return st != LR_OK ? st : snapshot_restore(tl, &tl->snaps[index + 1], err);
}

int64_t lr_timeline_frame_count(const lr_timeline *tl, double fps)
{
    return tl ? lr_frame_count(tl->duration, fps) : 0;
}

int64_t lr_frame_count(double duration, double fps)
{
    if (!isfinite(fps) || fps <= 0)
        return 0;
    double n = ceil(duration * fps - 1e-9);
    if (n < 1)
        return 1;
    return n > 9e15 ? (int64_t)9e15 : (int64_t)n;
}

lr_status lr_timeline_seek_frame(lr_timeline *tl, int64_t frame, double fps, lr_error *err)
{
    if (!isfinite(fps) || fps <= 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "seek_frame: fps must be > 0, got %g", fps);
    if (frame < 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "seek_frame: negative frame %lld", (long long)frame);
    return lr_timeline_seek(tl, (double)frame / fps, err);
}
