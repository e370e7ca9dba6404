/* Narration timing: how a section's steps stretch so that every lecture
 * line stays current for as long as its speech needs (docs/audio.md). The
 * builder replays the same plan, so a timeline and the audio placed from
 * lr_spec_section_timing never drift apart. */
#include "spec/spec_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* How long one animation of a play step lasts, `inherited` being the
 * step's run_time (or its composite's share): its own run_time (version 2),
 * else for a composite whose children set their own, the children laid out
 * as Manim lays them out (each starts when the one before is lag_ratio
 * through; Succession: lag 1), else `inherited`. */
double spec_anim_seconds(const cJSON *anim, double inherited)
{
    const cJSON *rt = cJSON_GetObjectItemCaseSensitive(anim, "run_time");
    if (cJSON_IsNumber(rt) && rt->valuedouble > 0)
        return rt->valuedouble;
    const cJSON *children = cJSON_GetObjectItemCaseSensitive(anim, "animations");
    if (!cJSON_IsArray(children) || !spec_anims_set_run_time(children))
        return inherited;
    const char *name = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(anim, "anim"))
                           ? cJSON_GetObjectItemCaseSensitive(anim, "anim")->valuestring
                           : "";
    const cJSON *lag = cJSON_GetObjectItemCaseSensitive(anim, "lag_ratio");
    double lag_ratio = strcmp(name, "Succession") == 0 ? 1.0
                       : cJSON_IsNumber(lag)            ? lag->valuedouble
                       : strcmp(name, "LaggedStart") == 0 ? 0.05
                                                          : 0.0;
    double start = 0, end = 0;
    for (const cJSON *c = children->child; c; c = c->next) {
        double d = spec_anim_seconds(c, inherited);
        end = fmax(end, start + d);
        start += lag_ratio * d;
    }
    return end;
}

/* Whether any of the animations (or theirs, inside composites) sets its own
 * run_time. */
bool spec_anims_set_run_time(const cJSON *anims)
{
    for (const cJSON *a = anims ? anims->child : NULL; a; a = a->next) {
        if (cJSON_GetObjectItemCaseSensitive(a, "run_time"))
            return true;
        if (spec_anims_set_run_time(cJSON_GetObjectItemCaseSensitive(a, "animations")))
            return true;
    }
    return false;
}

/* A step's own duration: a play step's run_time (default 1) in version 1;
 * from version 2 the latest end of its animations, each starting after its
 * delay. */
double spec_step_seconds(const cJSON *step)
{
    const cJSON *v;
    const cJSON *play = cJSON_GetObjectItemCaseSensitive(step, "play");
    if (play) {
        v = cJSON_GetObjectItemCaseSensitive(step, "run_time");
        double run_time = cJSON_IsNumber(v) && v->valuedouble > 0 ? v->valuedouble : 1.0;
        bool timed = spec_anims_set_run_time(play);
        for (const cJSON *a = play->child; !timed && a; a = a->next)
            timed = cJSON_GetObjectItemCaseSensitive(a, "delay") != NULL;
        if (!timed)
            return run_time;
        double end = 0;
        for (const cJSON *a = play->child; a; a = a->next) {
            const cJSON *d = cJSON_GetObjectItemCaseSensitive(a, "delay");
            end = fmax(end, (cJSON_IsNumber(d) && d->valuedouble > 0 ? d->valuedouble : 0) +
                                spec_anim_seconds(a, run_time));
        }
        return end;
    }
    v = cJSON_GetObjectItemCaseSensitive(step, "wait");
    return cJSON_IsNumber(v) ? v->valuedouble : 0.0;
}

/* The line the step makes current, or -1; the same rule as the builder's
 * highlight(): only a valid line that differs from the current one. */
static int step_line(const cJSON *step, size_t nlines, int current)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(step, "line");
    if (!cJSON_IsNumber(v))
        v = cJSON_GetObjectItemCaseSensitive(step, "highlight_line");
    if (!cJSON_IsNumber(v))
        return -1;
    int line = (int)v->valuedouble;
    return line >= 0 && (size_t)line < nlines && line != current ? line : -1;
}

void spec_timing_plan_free(spec_timing_plan *plan)
{
    if (!plan)
        return;
    free(plan->scale);
    free(plan->wait_before);
    memset(plan, 0, sizeof *plan);
}

lr_status spec_timing_plan_make(const lr_spec *spec, size_t index, lr_section_timing *t, spec_timing_plan *plan,
                                lr_error *err)
{
    memset(plan, 0, sizeof *plan);
    if (!spec || !t || index >= spec->nsections)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_spec_section_timing: no such section %zu", index);
    const spec_section *sec = &spec->sections[index];
    for (size_t i = 0; i < LR_LAYOUT_MAX_LINES; i++) {
        if (!isfinite(t->need[i]) || t->need[i] < 0 || t->need[i] > SPEC_MAX_SECTION_TIME)
            return lr_error_set(err, LR_ERR_INVALID_ARG,
                                "%s: sections[%zu] (%s): line %zu needs %g s of speech, expected 0..%g s", spec->name,
                                index, sec->id, i, t->need[i], SPEC_MAX_SECTION_TIME);
        t->start[i] = t->end[i] = -1;
    }
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(sec->json, "timeline");
    size_t n = (size_t)cJSON_GetArraySize(steps);
    plan->nsteps = n;
    plan->scale = malloc((n + 1) * sizeof *plan->scale);
    plan->wait_before = calloc(n + 1, sizeof *plan->wait_before);
    if (!plan->scale || !plan->wait_before) {
        spec_timing_plan_free(plan);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    for (size_t k = 0; k <= n; k++)
        plan->scale[k] = 1.0;

    /* Stretches: [first, next) step ranges that begin where the line changes. */
    const cJSON *step = steps ? steps->child : NULL;
    int current = -1;
    double clock = 0;      /* fitted time so far */
    size_t first = 0;      /* first step of the open stretch */
    int speaking = -1;     /* the line the open stretch speaks, or -1 */
    double base = 0;       /* the open stretch's own seconds */
    for (size_t k = 0; k <= n; k++) {
        int line = k < n ? step_line(step, sec->nlines, current) : -1;
        if (k == n || line >= 0) {
            /* Close the open stretch: does its speech fit? */
            if (speaking >= 0 && t->need[speaking] > base) {
                double need = t->need[speaking];
                if (t->fit == LR_SPEECH_STRETCH && base > 0) {
                    for (size_t j = first; j < k; j++)
                        plan->scale[j] = need / base;
                } else {
                    plan->wait_before[k] = need - base;
                }
                clock += need;
            } else {
                clock += base;
            }
            if (speaking >= 0)
                t->end[speaking] = clock;
            if (k == n)
                break;
            /* Open the next one. */
            current = line;
            first = k;
            base = 0;
            speaking = t->start[line] < 0 ? line : -1;
            if (speaking >= 0)
                t->start[line] = clock;
        }
        base += spec_step_seconds(step);
        step = step->next;
    }
    /* Before the first highlight there is no stretch; its steps count as they are. */
    t->duration = clock;
    return LR_OK;
}

lr_status lr_spec_section_timing(const lr_spec *spec, size_t index, lr_section_timing *timing, lr_error *err)
{
    spec_timing_plan plan;
    lr_status s = spec_timing_plan_make(spec, index, timing, &plan, err);
    spec_timing_plan_free(&plan);
    return s;
}
