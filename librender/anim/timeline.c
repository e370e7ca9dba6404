/* The timeline: steps, values, updaters, lazily cached scene states at step
 * boundaries, and seeking. A seek restores the snapshot at the start of its
 * step and applies only that step; seeks inside the step that is already
 * prepared only put back what the step's animations touched, so playing
 * frame after frame costs one step's work per frame (plus the updaters).
 *
 * Values are functions of the time: at step time tau a value is its
 * snapshot value plus rate * tau, unless a SetValue of the step has begun
 * (the latest-starting one decides). A rate is part of the state, which
 * instant rate steps change. Updaters own the children of their
 * containers, which snapshots skip as they skip counters': both are
 * "rebuilt" containers, and no step may refer to anything inside one. */
#include "anim/anim_internal.h"
#include "core/grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static lr_status reset_to_start(lr_timeline *tl, lr_error *err);
static lr_status push_step(lr_timeline *tl, tl_step step, lr_error *err);

/* ---- rebuilt containers: counters (ChangeDecimalToValue) and updaters' -- */

static bool is_under(const lr_mobject *m, const lr_mobject *ancestor)
{
    for (; m; m = m->parent)
        if (m == ancestor)
            return true;
    return false;
}

static bool is_counter(const lr_timeline *tl, const lr_mobject *m)
{
    for (size_t i = 0; i < tl->ncounters; i++)
        if (tl->counters[i].container == m)
            return true;
    return false;
}

static bool is_rebuilt(const lr_timeline *tl, const lr_mobject *m)
{
    for (size_t i = 0; i < tl->nrebuilt; i++)
        if (tl->rebuilt[i] == m)
            return true;
    return false;
}

static bool skip_rebuilt(const lr_mobject *m, const void *user) { return is_rebuilt(user, m); }

/* The rebuilt container that m is strictly inside, or NULL. */
static const lr_mobject *rebuilt_around(const lr_timeline *tl, const lr_mobject *m)
{
    for (size_t i = 0; i < tl->nrebuilt; i++)
        if (m != tl->rebuilt[i] && is_under(m, tl->rebuilt[i]))
            return tl->rebuilt[i];
    return NULL;
}

/* A rebuilt container that is m or lies under m, other than `except`. */
static const lr_mobject *rebuilt_within(const lr_timeline *tl, const lr_mobject *m, const lr_mobject *except)
{
    for (size_t i = 0; i < tl->nrebuilt; i++)
        if (tl->rebuilt[i] != except && is_under(tl->rebuilt[i], m))
            return tl->rebuilt[i];
    return NULL;
}

static const char *rebuilt_name(const lr_timeline *tl, const lr_mobject *c)
{
    return is_counter(tl, c) ? "a ChangeDecimalToValue container" : "an updater's container";
}

/* Appends m to a list of mobjects (the mentioned ones, the rebuilt ones). */
static lr_status push_mobject(lr_mobject ***items, size_t *cap, size_t *count, lr_mobject *m)
{
    lr_mobject **grown = lr_grow(*items, cap, *count, sizeof **items, 8);
    if (!grown)
        return LR_ERR_NOMEM;
    *items = grown;
    grown[(*count)++] = m;
    return LR_OK;
}

static lr_status push_rebuilt(lr_timeline *tl, lr_mobject *c)
{
    return push_mobject(&tl->rebuilt, &tl->cap_rebuilt, &tl->nrebuilt, c);
}

/* A new rebuilt container c: its updater or builder replaces its children,
 * so no other rebuilt container may be inside it (it would be freed) or
 * around it, and nothing a step refers to may be inside it. */
static lr_status check_new_rebuilt(const lr_timeline *tl, const lr_mobject *c, const char *what, lr_error *err)
{
    const lr_mobject *o = rebuilt_around(tl, c);
    if (o)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the container is inside %s (nesting is not supported)", what,
                            rebuilt_name(tl, o));
    if ((o = rebuilt_within(tl, c, c)) != NULL)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the container holds %s (nesting is not supported)", what,
                            rebuilt_name(tl, o));
    for (size_t i = 0; i < tl->nmentioned; i++)
        if (tl->mentioned[i] != c && is_under(tl->mentioned[i], c))
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: another step refers to a mobject inside the container",
                                what);
    for (size_t i = 0; i < tl->nupdaters; i++)
        if (tl->updaters[i].paths && (is_under(tl->updaters[i].paths, c) || is_under(c, tl->updaters[i].paths)))
            return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: a path updater's mobject is inside or around the "
                                "container", what);
    for (size_t k = 0; k < tl->nsteps; k++) {
        for (size_t j = 0; j < tl->steps[k].nleaves; j++) {
            const lr_anim *t = tl->steps[k].leaves[j];
            if (anim_bakes(t) && is_under(c, t->m))
                return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the container was morphed by an earlier %s", what,
                                    anim_name(t));
        }
    }
    return LR_OK;
}

/* ---- counters (ChangeDecimalToValue) ------------------------------------ */

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

/* ---- values ------------------------------------------------------------- */

/* Every value at step time tau of the step that starts in `start`, before
 * the step's SetValue animations are applied. */
static void values_at(lr_timeline *tl, const tl_snapshot *start, double tau)
{
    tl->tau = tau;
    for (size_t i = 0; i < tl->nvalues; i++) {
        tl_value *v = &tl->values[i];
        v->cur = start->values[i] + v->rate * tau;
        v->owner = NULL;
    }
}

void timeline_value_apply(lr_timeline *tl, const lr_anim *a, double alpha, double r)
{
    tl_value *v = &tl->values[a->value];
    /* SetValues of one value do not overlap: the latest one begun holds it. */
    const lr_anim *o = v->owner;
    if (o && (o->abs_start > a->abs_start || (o->abs_start == a->abs_start && o->order > a->order)))
        return;
    v->owner = a;
    if (alpha >= 1.0)
        v->cur = a->to + v->rate * fmax(0.0, tl->tau - a->abs_end);
    else
        v->cur = a->value0 + (a->to - a->value0) * r;
}

lr_status lr_timeline_value_add(lr_timeline *tl, double initial, double rate_per_second, size_t *out, lr_error *err)
{
    if (!tl)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "value: no timeline");
    if (!isfinite(initial) || !isfinite(rate_per_second))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "value: expected a finite value and rate, got %g and %g",
                            initial, rate_per_second);
    lr_status st = reset_to_start(tl, err);
    if (st != LR_OK)
        return st;
    void *grown = lr_grow(tl->values, &tl->cap_values, tl->nvalues, sizeof *tl->values, 8);
    if (!grown)
        return lr_error_set(err, LR_ERR_NOMEM, "value: out of memory");
    tl->values = grown;
    tl->values[tl->nvalues] = (tl_value){initial, rate_per_second, rate_per_second, initial, NULL};
    if (out)
        *out = tl->nvalues;
    tl->nvalues++;
    return LR_OK;
}

lr_status lr_timeline_value_set_rate(lr_timeline *tl, size_t value, double rate_per_second, lr_error *err)
{
    if (!tl || value >= tl->nvalues)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "value rate: no value %zu (the timeline has %zu)", value,
                            tl ? tl->nvalues : 0);
    if (!isfinite(rate_per_second))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "value rate: expected a finite rate, got %g", rate_per_second);
    lr_status st = reset_to_start(tl, err);
    if (st != LR_OK)
        return st;
    return push_step(tl, (tl_step){.kind = LR_STEP_RATE, .value = value, .rate = rate_per_second}, err);
}

size_t lr_timeline_value_count(const lr_timeline *tl) { return tl ? tl->nvalues : 0; }

double lr_timeline_value_get(const lr_timeline *tl, size_t value)
{
    return tl && value < tl->nvalues ? tl->values[value].cur : NAN;
}

/* ---- updaters ----------------------------------------------------------- */

/* Runs the updaters at time t in the order added; `skip_suspended`: not
 * those suspended in the prepared step. */
static lr_status run_updaters(lr_timeline *tl, double t, bool skip_suspended, lr_error *err)
{
    for (size_t i = 0; i < tl->nupdaters; i++) {
        tl_updater *u = &tl->updaters[i];
        if (skip_suspended && u->suspended)
            continue;
        lr_error mine;
        mine.message[0] = 0;
        lr_status st = u->fn(u->container ? u->container : u->paths, t, u->user, &mine);
        if (st != LR_OK) {
            if (mine.message[0])
                return lr_error_set(err, st, "%s", mine.message);
            return lr_error_set(err, st, "updater %zu failed at t = %g s", i, t);
        }
    }
    return LR_OK;
}

/* x is c, around c or inside it. */
static bool related(const lr_mobject *x, const lr_mobject *c) { return x && (is_under(c, x) || is_under(x, c)); }

/* Manim suspends the updaters of a mobject while an animation works on
 * it: here, while one edits the paths under its container. */
static void suspend_for(lr_timeline *tl, const tl_step *s)
{
    for (size_t i = 0; i < tl->nupdaters; i++) {
        tl_updater *u = &tl->updaters[i];
        const lr_mobject *own = u->container ? u->container : u->paths;
        u->suspended = false;
        for (size_t j = 0; own && !u->suspended && j < s->nleaves; j++) {
            const lr_anim *a = s->leaves[j];
            u->suspended = (anim_is_deep(a) && related(a->m, own)) ||
                           (a->kind == ANIM_TRANSFORM_MATCHING && related(a->target, own));
        }
    }
}

/* ---- snapshots ---------------------------------------------------------- */

static void snapshot_free(tl_snapshot *s)
{
    anim_state_free(&s->nodes);
    free(s->counter_values);
    free(s->values);
    free(s->rates);
    memset(s, 0, sizeof *s);
}

/* *p reallocated to n doubles (at least one); NULL, *p untouched, when
 * memory runs out. */
static double *resize_doubles(double **p, size_t n)
{
    double *q = realloc(*p, (n ? n : 1) * sizeof *q);
    if (q)
        *p = q;
    return q;
}

static lr_status snapshot_capture(lr_timeline *tl, tl_snapshot *s)
{
    anim_state_clear(&s->nodes);
    lr_status st = anim_state_capture(&s->nodes, tl->scene->root, true, skip_rebuilt, tl);
    if (st != LR_OK)
        return st;
    double *counts = resize_doubles(&s->counter_values, tl->ncounters);
    double *values = counts ? resize_doubles(&s->values, tl->nvalues) : NULL;
    double *rates = values ? resize_doubles(&s->rates, tl->nvalues) : NULL;
    if (!rates)
        return LR_ERR_NOMEM;
    for (size_t i = 0; i < tl->ncounters; i++)
        counts[i] = tl->counters[i].built;
    for (size_t i = 0; i < tl->nvalues; i++) {
        values[i] = tl->values[i].cur;
        rates[i] = tl->values[i].rate;
    }
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
    for (size_t i = 0; i < tl->nvalues; i++) {
        tl->values[i].cur = s->values[i];
        tl->values[i].rate = s->rates[i];
        tl->values[i].owner = NULL;
    }
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
    free(tl->values);
    free(tl->updaters);
    free(tl->rebuilt);
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
    return push_mobject(&tl->mentioned, &tl->cap_mentioned, &tl->nmentioned, m);
}

static bool contains_counter(const lr_timeline *tl, const lr_mobject *m)
{
    for (size_t i = 0; i < tl->ncounters; i++)
        if (is_under(tl->counters[i].container, m))
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
    const lr_mobject *around = rebuilt_around(tl, m);
    if (around)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the mobject is inside %s, whose children are rebuilt", what,
                            rebuilt_name(tl, around));
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

/* Lists the leaf animations with their start (and end) in step time, taking
 * group rate functions as linear (they only order the begins). */
static lr_status flatten(lr_anim *a, double start, double scale, bool warped, leaf_list *out)
{
    if (a->kind != ANIM_GROUP) {
        void *grown = lr_grow(out->items, &out->cap, out->count, sizeof *out->items, 8);
        if (!grown)
            return LR_ERR_NOMEM;
        out->items = grown;
        a->abs_start = start;
        a->abs_end = start + a->run_time * scale;
        a->warped = warped;
        out->items[out->count++] = a;
        return LR_OK;
    }
    double s = a->max_end > 0 ? scale * a->run_time / a->max_end : 0;
    for (size_t i = 0; i < a->nchildren; i++) {
        lr_status st =
            flatten(a->children[i], start + a->starts[i] * s, s, warped || a->rate != LR_RATE_LINEAR, out);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

/* The progress of `leaf` when its ancestor `a` is at progress alpha, as
 * eval computes it: -1 before it starts, -2 when leaf is not under a. */
static double progress_of(const lr_anim *a, const lr_anim *leaf, double alpha)
{
    if (a == leaf)
        return alpha;
    if (a->kind != ANIM_GROUP)
        return -2;
    double gt = lr_rate_eval(a->rate, alpha) * a->max_end;
    for (size_t i = 0; i < a->nchildren; i++) {
        double len = a->ends[i] - a->starts[i];
        double ca = gt < a->starts[i] ? 0.0 : len > 0 ? fmin(1.0, (gt - a->starts[i]) / len) : 1.0;
        double p = progress_of(a->children[i], leaf, ca);
        if (p > -2)
            return gt < a->starts[i] ? -1 : p;
    }
    return -2;
}

/* The first step time at which the progress of `leaf` reaches `at`, on the
 * step's real clock (group rate functions applied). The clock may go back
 * (there_and_back), so it is sampled before it is bisected. */
static double first_time(const lr_anim *root, const lr_anim *leaf, double duration, double at)
{
    enum { SAMPLES = 256, HALVINGS = 60 };
    if (duration <= 0 || progress_of(root, leaf, 0.0) >= at)
        return 0.0;
    double lo = 0.0, hi = duration;
    for (int i = 1; i <= SAMPLES; i++) {
        if (progress_of(root, leaf, (double)i / SAMPLES) >= at) {
            lo = duration * (i - 1) / SAMPLES;
            hi = duration * i / SAMPLES;
            break;
        }
    }
    for (int i = 0; i < HALVINGS; i++) {
        double mid = 0.5 * (lo + hi);
        if (progress_of(root, leaf, mid / duration) >= at)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

/* SetValue's start and end bound the drift of its value, so under a warped
 * clock they are taken where that clock reaches them; SetValues of one
 * value may not overlap. */
static lr_status place_set_values(const lr_anim *root, leaf_list *leaves, lr_error *err)
{
    for (size_t i = 0; i < leaves->count; i++) {
        lr_anim *a = leaves->items[i];
        if (a->kind == ANIM_SET_VALUE && a->warped) {
            a->abs_start = first_time(root, a, root->run_time, 0.0);
            a->abs_end = fmax(a->abs_start, first_time(root, a, root->run_time, 1.0));
        }
    }
    for (size_t i = 0; i < leaves->count; i++) {
        const lr_anim *a = leaves->items[i];
        for (size_t j = 0; a->kind == ANIM_SET_VALUE && j < i; j++) {
            const lr_anim *b = leaves->items[j];
            if (b->kind == ANIM_SET_VALUE && b->value == a->value && a->abs_start < b->abs_end &&
                b->abs_start < a->abs_end)
                return lr_error_set(err, LR_ERR_INVALID_ARG,
                                    "play: two SetValue on value %zu overlap (%g to %g s and %g to %g s into the step)",
                                    a->value, b->abs_start, b->abs_end, a->abs_start, a->abs_end);
        }
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
            if (anim_bakes(o) && (is_under(a->m, o->m) || is_under(a->m, o->target)))
                return lr_error_set(err, LR_ERR_INVALID_ARG,
                                    "ChangeDecimalToValue: the container was morphed by an earlier %s", anim_name(o));
        }
    }
    for (size_t i = 0; i < tl->ncounters; i++) {
        if (tl->counters[i].container == a->m) {
            a->counter = i;
            return LR_OK;
        }
    }
    if (is_rebuilt(tl, a->m))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "ChangeDecimalToValue: the container has an updater");
    lr_status st = check_new_rebuilt(tl, a->m, "ChangeDecimalToValue", err);
    if (st != LR_OK)
        return st;
    void *grown = lr_grow(tl->counters, &tl->cap_counters, tl->ncounters, sizeof *tl->counters, 8);
    if (grown)
        tl->counters = grown;
    if (!grown || push_rebuilt(tl, a->m) != LR_OK)
        return lr_error_set(err, LR_ERR_NOMEM, "timeline: out of memory");
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
    if (anim_bakes(a) && (contains_counter(tl, a->m) || contains_counter(tl, a->target)))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: a ChangeDecimalToValue container cannot be morphed",
                            anim_name(a));
    if (anim_bakes(a) && rebuilt_within(tl, a->m, NULL))
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "%s: the %s is or holds an updater's container, which cannot be morphed", anim_name(a),
                            anim_is_transform(a) ? "source" : "mobject");
    lr_style none = lr_style_default();
    none.stroke.a = 0;
    switch (a->kind) {
    case ANIM_CHANGE_DECIMAL:
        return register_counter(tl, a, err);
    case ANIM_SET_VALUE:
        if (a->values_of != tl)
            return lr_error_set(err, LR_ERR_INVALID_ARG, "SetValue: the value belongs to another timeline");
        return LR_OK;
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
    st = flatten(root, 0.0, 1.0, false, &leaves);
    if (st != LR_OK) {
        st = lr_error_set(err, st, "play: out of memory");
        goto fail;
    }
    if ((st = place_set_values(root, &leaves, err)) != LR_OK)
        goto fail;
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

lr_status lr_timeline_add_updater(lr_timeline *tl, lr_mobject *container, lr_update_fn fn, void *user,
                                  lr_error *err)
{
    const char *const what = "add_updater";
    if (!tl || !fn)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: no %s", what, tl ? "update function" : "timeline");
    lr_mobject *c = container;
    if (c && c->kind != LR_MOBJECT_GROUP)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the container must be a group", what);
    if (c && c == tl->scene->root)
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "%s: the scene root cannot be a container (NULL makes a scene-level updater)", what);
    lr_mobject *top = c;
    while (top && top->parent)
        top = top->parent;
    if (c && top != tl->scene->root && c->parent)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the container belongs to another tree, not to the scene",
                            what);
    if (c && is_rebuilt(tl, c))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the container is already %s", what, rebuilt_name(tl, c));
    lr_status st = c ? check_new_rebuilt(tl, c, what, err) : LR_OK;
    if (st == LR_OK)
        st = reset_to_start(tl, err);
    if (st != LR_OK)
        return st;
    void *grown = lr_grow(tl->updaters, &tl->cap_updaters, tl->nupdaters, sizeof *tl->updaters, 8);
    if (grown)
        tl->updaters = grown;
    if (!grown || (c && push_rebuilt(tl, c) != LR_OK))
        return lr_error_set(err, LR_ERR_NOMEM, "%s: out of memory", what);
    if (c && !c->parent) {
        if ((st = lr_scene_add(tl->scene, c)) != LR_OK) {
            tl->nrebuilt--;
            return lr_error_set(err, st, "%s: could not add the container to the scene", what);
        }
        c->visible = false;
    }
    tl->updaters[tl->nupdaters++] = (tl_updater){c, fn, user, false, NULL};
    return LR_OK;
}

lr_status lr_timeline_add_path_updater(lr_timeline *tl, lr_mobject *m, lr_update_fn fn, void *user, lr_error *err)
{
    const char *const what = "add_path_updater";
    if (!tl || !fn || !m)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: no %s", what,
                            !tl ? "timeline" : !fn ? "update function" : "mobject");
    const lr_mobject *top = m;
    while (top->parent)
        top = top->parent;
    if (top != tl->scene->root || m == tl->scene->root)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the mobject must be in the timeline's scene, below its root",
                            what);
    const lr_mobject *around = rebuilt_around(tl, m);
    if (!around && is_rebuilt(tl, m))
        around = m;
    if (around)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the mobject is inside %s, whose children are rebuilt", what,
                            rebuilt_name(tl, around));
    lr_status st = reset_to_start(tl, err);
    if (st != LR_OK)
        return st;
    void *grown = lr_grow(tl->updaters, &tl->cap_updaters, tl->nupdaters, sizeof *tl->updaters, 8);
    if (!grown)
        return lr_error_set(err, LR_ERR_NOMEM, "%s: out of memory", what);
    tl->updaters = grown;
    tl->updaters[tl->nupdaters++] = (tl_updater){NULL, fn, user, false, m};
    return LR_OK;
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
    /* A path updater only follows what the others move: in a wait with no
     * other updater it writes the same points at every frame. */
    size_t moving = 0;
    for (size_t i = 0; i < tl->nupdaters; i++)
        moving += tl->updaters[i].paths == NULL;
    *out = (lr_step_info){s->kind, s->start, s->start + s->duration, s->kind == LR_STEP_WAIT && moving == 0};
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

static lr_status apply_instant(lr_timeline *tl, const tl_step *s)
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
    case LR_STEP_RATE:
        tl->values[s->value].rate = s->rate;
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
    if (!a) /* a wait step */
        return LR_OK;
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
 * ones, the values and the updaters give the scene at its start. The scene
 * holds the step's start state (snapshot k). Every updater runs at the
 * step's start; the suspended ones then keep that shape for the step. */
static lr_status prepare(lr_timeline *tl, size_t k, lr_error *err)
{
    tl_step *s = &tl->steps[k];
    const tl_snapshot *start = &tl->snaps[k];
    tl->prepared = (long)k;
    suspend_for(tl, s);
    values_at(tl, start, 0.0);
    lr_status st = run_updaters(tl, s->start, false, err);
    double updated = 0.0;
    for (size_t j = 0; st == LR_OK && j < s->nleaves; j++) {
        lr_anim *a = s->leaves[j];
        if (j > 0) {
            values_at(tl, start, a->abs_start);
            st = eval(s->root, tl, step_alpha(s, a->abs_start), err);
            if (st == LR_OK && a->abs_start > updated) {
                st = run_updaters(tl, s->start + a->abs_start, true, err);
                updated = a->abs_start;
            }
        }
        a->begin_time = s->start + a->abs_start;
        if (st == LR_OK)
            st = anim_begin(a, tl, err);
    }
    if (st != LR_OK)
        unprepare(tl);
    return st;
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

/* The scene at time t, step k's time tau, from snapshot k (play and wait
 * steps). */
static lr_status play_step(lr_timeline *tl, size_t k, double tau, double t, lr_error *err)
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
    if (st == LR_OK) {
        values_at(tl, &tl->snaps[k], tau);
        st = eval(s->root, tl, step_alpha(s, tau), err);
    }
    if (st == LR_OK)
        st = run_updaters(tl, t, true, err);
    return st;
}

static bool is_timed(const tl_step *s) { return s->kind == LR_STEP_PLAY || s->kind == LR_STEP_WAIT; }

static lr_status ensure_snapshot(lr_timeline *tl, size_t i, lr_error *err)
{
    if (!tl->snaps) {
        tl->snaps = calloc(tl->nsteps + 1, sizeof *tl->snaps);
        if (!tl->snaps)
            return lr_error_set(err, LR_ERR_NOMEM, "timeline: out of memory");
        tl->nsnaps = tl->nsteps + 1;
    }
    if (!tl->snaps[0].valid) {
        /* Time 0 is the scene as the steps were built on it. */
        for (size_t c = 0; c < tl->ncounters; c++) {
            lr_status st = timeline_counter_set(tl, c, tl->counters[c].value0, true, err);
            if (st != LR_OK)
                return st;
        }
        for (size_t v = 0; v < tl->nvalues; v++) {
            tl->values[v].cur = tl->values[v].initial;
            tl->values[v].rate = tl->values[v].initial_rate;
        }
        lr_status st = run_updaters(tl, 0.0, false, err);
        if (st != LR_OK)
            return st;
        if ((st = snapshot_capture(tl, &tl->snaps[0])) != LR_OK)
            return lr_error_set(err, st, "timeline: out of memory");
    }
    size_t j = i;
    while (!tl->snaps[j].valid)
        j--;
    for (; j < i; j++) {
        tl_step *s = &tl->steps[j];
        double end = s->start + s->duration; /* steps[j + 1].start */
        lr_status st;
        if (is_timed(s)) {
            st = play_step(tl, j, s->duration, end, err);
        } else {
            st = snapshot_restore(tl, &tl->snaps[j], err);
            if (st == LR_OK)
                st = apply_instant(tl, s);
        }
        /* Unsuspended, an updater may free what the step's animations
         * saved: the step's begin data goes first. */
        unprepare(tl);
        if (st == LR_OK)
            st = run_updaters(tl, end, false, err);
        if (st == LR_OK && (st = snapshot_capture(tl, &tl->snaps[j + 1])) != LR_OK)
            st = lr_error_set(err, st, "timeline: out of memory");
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

/* The state of boundary `snap`, at time t. */
static lr_status restore_at(lr_timeline *tl, size_t snap, double t, lr_error *err)
{
    lr_status st = ensure_snapshot(tl, snap, err);
    if (st == LR_OK)
        st = snapshot_restore(tl, &tl->snaps[snap], err);
    return st != LR_OK ? st : run_updaters(tl, t, false, err);
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
    if (k < tl->nsteps && is_timed(&tl->steps[k]) && tl->steps[k].duration > 0) {
        lr_status st = ensure_snapshot(tl, k, err);
        return st != LR_OK ? st : play_step(tl, k, t - tl->steps[k].start, t, err);
    }
    size_t snap = k < tl->nsteps ? k + 1 : tl->nsteps;
    return restore_at(tl, snap, t, err);
}

lr_status lr_timeline_seek_step_end(lr_timeline *tl, size_t index, lr_error *err)
{
    if (!tl || index >= tl->nsteps)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "seek_step_end: no step %zu (the timeline has %zu)", index,
                            tl ? tl->nsteps : 0);
    tl->seeked = true;
    return restore_at(tl, index + 1, tl->steps[index].start + tl->steps[index].duration, err);
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
