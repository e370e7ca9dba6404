/* Usage is kept per (stage, topic) cell; every total is a sum over cells, so
 * the per-stage, per-topic and overall figures agree by construction. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_internal.h"

typedef struct cell {
    char *stage, *topic;
    c2v_usage_totals t;
} cell;

/* The pipeline's section workers share one usage object, so every entry
 * point takes the lock. */
struct c2v_usage {
    pthread_mutex_t lock;
    cell *cells;
    int count, cap;
};

#define USAGE_LOCK(u) pthread_mutex_lock((pthread_mutex_t *)&(u)->lock)
#define USAGE_UNLOCK(u) pthread_mutex_unlock((pthread_mutex_t *)&(u)->lock)

c2v_status c2v_usage_create(c2v_usage **out)
{
    if (!out)
        return C2V_ERR_INVALID_ARG;
    *out = calloc(1, sizeof **out);
    if (!*out)
        return C2V_ERR_NOMEM;
    if (pthread_mutex_init(&(*out)->lock, NULL) != 0) {
        free(*out);
        *out = NULL;
        return C2V_ERR_NOMEM;
    }
    return C2V_OK;
}

void c2v_usage_destroy(c2v_usage *usage)
{
    if (!usage)
        return;
    for (int i = 0; i < usage->count; i++) {
        free(usage->cells[i].stage);
        free(usage->cells[i].topic);
    }
    free(usage->cells);
    pthread_mutex_destroy(&usage->lock);
    free(usage);
}

static void add_totals(c2v_usage_totals *a, const c2v_usage_totals *b)
{
    a->calls += b->calls;
    a->attempts += b->attempts;
    a->failures += b->failures;
    a->prompt_tokens += b->prompt_tokens;
    a->completion_tokens += b->completion_tokens;
    a->seconds += b->seconds;
}

static c2v_status usage_add_locked(c2v_usage *usage, const char *stage, const char *topic,
                                   const c2v_usage_totals *delta)
{
    if (!stage || !*stage)
        stage = "default";
    if (!topic || !*topic)
        topic = "default";
    for (int i = 0; i < usage->count; i++) {
        if (strcmp(usage->cells[i].stage, stage) == 0 && strcmp(usage->cells[i].topic, topic) == 0) {
            add_totals(&usage->cells[i].t, delta);
            return C2V_OK;
        }
    }
    if (usage->count == usage->cap) {
        int cap = usage->cap ? usage->cap * 2 : 8;
        cell *c = realloc(usage->cells, (size_t)cap * sizeof *c);
        if (!c)
            return C2V_ERR_NOMEM;
        usage->cells = c;
        usage->cap = cap;
    }
    cell *c = &usage->cells[usage->count];
    c->stage = c2v_strdup(stage);
    c->topic = c2v_strdup(topic);
    if (!c->stage || !c->topic) {
        free(c->stage);
        free(c->topic);
        return C2V_ERR_NOMEM;
    }
    c->t = *delta;
    usage->count++;
    return C2V_OK;
}

c2v_status c2v_usage_add(c2v_usage *usage, const char *stage, const char *topic, const c2v_usage_totals *delta)
{
    if (!usage || !delta)
        return C2V_ERR_INVALID_ARG;
    USAGE_LOCK(usage);
    c2v_status st = usage_add_locked(usage, stage, topic, delta);
    USAGE_UNLOCK(usage);
    return st;
}

static c2v_usage_totals usage_get_locked(const c2v_usage *usage, const char *stage, const char *topic)
{
    c2v_usage_totals t = {0};
    for (int i = 0; usage && i < usage->count; i++) {
        const cell *c = &usage->cells[i];
        if ((!stage || strcmp(c->stage, stage) == 0) && (!topic || strcmp(c->topic, topic) == 0))
            add_totals(&t, &c->t);
    }
    return t;
}

c2v_usage_totals c2v_usage_get(const c2v_usage *usage, const char *stage, const char *topic)
{
    if (!usage)
        return (c2v_usage_totals){0};
    USAGE_LOCK(usage);
    c2v_usage_totals t = usage_get_locked(usage, stage, topic);
    USAGE_UNLOCK(usage);
    return t;
}

static cJSON *totals_json(const c2v_usage_totals *t)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddNumberToObject(o, "calls", (double)t->calls);
    cJSON_AddNumberToObject(o, "attempts", (double)t->attempts);
    cJSON_AddNumberToObject(o, "failures", (double)t->failures);
    cJSON_AddNumberToObject(o, "prompt_tokens", (double)t->prompt_tokens);
    cJSON_AddNumberToObject(o, "completion_tokens", (double)t->completion_tokens);
    cJSON_AddNumberToObject(o, "total_tokens", (double)(t->prompt_tokens + t->completion_tokens));
    cJSON_AddNumberToObject(o, "seconds", t->seconds);
    return o;
}

/* Adds {name: totals} for each distinct stage (topic == NULL) or topic. */
static bool add_group(const c2v_usage *usage, cJSON *parent, bool by_stage, const char *within_topic)
{
    for (int i = 0; i < usage->count; i++) {
        const cell *c = &usage->cells[i];
        if (within_topic && strcmp(c->topic, within_topic) != 0)
            continue;
        const char *key = by_stage ? c->stage : c->topic;
        if (cJSON_GetObjectItemCaseSensitive(parent, key))
            continue;
        c2v_usage_totals t = by_stage ? usage_get_locked(usage, key, within_topic) : usage_get_locked(usage, NULL, key);
        cJSON *o = totals_json(&t);
        if (!o || !cJSON_AddItemToObject(parent, key, o)) {
            cJSON_Delete(o);
            return false;
        }
        if (!by_stage) {
            cJSON *stages = cJSON_AddObjectToObject(o, "stages");
            if (!stages || !add_group(usage, stages, true, key))
                return false;
        }
    }
    return true;
}

c2v_status c2v_usage_write(const c2v_usage *usage, const char *path, c2v_error *err)
{
    if (!usage || !path)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_usage_write: missing argument");
    USAGE_LOCK(usage);
    c2v_usage_totals all = usage_get_locked(usage, NULL, NULL);
    cJSON *root = cJSON_CreateObject();
    cJSON *total = totals_json(&all);
    bool ok = root && total && cJSON_AddItemToObject(root, "total", total);
    if (!ok)
        cJSON_Delete(total);
    cJSON *stages = ok ? cJSON_AddObjectToObject(root, "stages") : NULL;
    cJSON *topics = stages ? cJSON_AddObjectToObject(root, "topics") : NULL;
    ok = topics && add_group(usage, stages, true, NULL) && add_group(usage, topics, false, NULL);
    char *text = ok ? cJSON_Print(root) : NULL;
    USAGE_UNLOCK(usage);
    cJSON_Delete(root);
    if (!text)
        return c2v_error_set(err, C2V_ERR_NOMEM, "%s: out of memory", path);
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(text);
        return c2v_error_set(err, C2V_ERR_IO, "%s: %s", path, strerror(errno));
    }
    size_t n = strlen(text);
    bool bad = fwrite(text, 1, n, f) != n || fputc('\n', f) == EOF;
    bad = fclose(f) != 0 || bad;
    free(text);
    if (bad)
        return c2v_error_set(err, C2V_ERR_IO, "%s: write failed", path);
    return C2V_OK;
}
