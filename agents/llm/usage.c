/* Usage is kept per (stage, topic) cell; every total is a sum over cells, so
 * the per-stage, per-topic and overall figures agree by construction. A
 * topic also has a record of its own wall time (its stages may overlap, so
 * their sum is not it) and of the runs it took. usage.json holds the cells
 * and records under "topics", so files for several topics merge by reading
 * each one (c2v_usage_read) into one usage. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_internal.h"

typedef struct cell {
    char *stage, *topic;
    c2v_usage_totals t;
} cell;

typedef struct topic_record {
    char *topic;
    double wall_seconds;
    int invocations;
} topic_record;

/* The pipeline's section workers share one usage object, so every entry
 * point takes the lock. */
struct c2v_usage {
    pthread_mutex_t lock;
    cell *cells;
    int count, cap;
    topic_record *records;
    int nrecords, rcap;
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
    for (int i = 0; i < usage->nrecords; i++)
        free(usage->records[i].topic);
    free(usage->cells);
    free(usage->records);
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
    a->wall_seconds += b->wall_seconds;
}

static const char *or_default(const char *s)
{
    return s && *s ? s : "default";
}

static c2v_status usage_add_locked(c2v_usage *usage, const char *stage, const char *topic,
                                   const c2v_usage_totals *delta)
{
    stage = or_default(stage);
    topic = or_default(topic);
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

static topic_record *record_find(const c2v_usage *usage, const char *topic)
{
    for (int i = 0; i < usage->nrecords; i++)
        if (strcmp(usage->records[i].topic, topic) == 0)
            return &usage->records[i];
    return NULL;
}

/* The topic's record, made when it has none; NULL when out of memory. */
static topic_record *record_get_locked(c2v_usage *usage, const char *topic)
{
    topic_record *r = record_find(usage, topic);
    if (r)
        return r;
    if (usage->nrecords == usage->rcap) {
        int cap = usage->rcap ? usage->rcap * 2 : 4;
        topic_record *n = realloc(usage->records, (size_t)cap * sizeof *n);
        if (!n)
            return NULL;
        usage->records = n;
        usage->rcap = cap;
    }
    r = &usage->records[usage->nrecords];
    *r = (topic_record){c2v_strdup(topic), 0, 0};
    if (!r->topic)
        return NULL;
    usage->nrecords++;
    return r;
}

c2v_status c2v_usage_set_topic(c2v_usage *usage, const char *topic, double wall_seconds, int invocations)
{
    if (!usage)
        return C2V_ERR_INVALID_ARG;
    USAGE_LOCK(usage);
    topic_record *r = record_get_locked(usage, or_default(topic));
    if (r) {
        r->wall_seconds = wall_seconds;
        r->invocations = invocations;
    }
    USAGE_UNLOCK(usage);
    return r ? C2V_OK : C2V_ERR_NOMEM;
}

void c2v_usage_topic(const c2v_usage *usage, const char *topic, double *wall_seconds, int *invocations)
{
    double w = 0;
    int n = 0;
    if (usage) {
        USAGE_LOCK(usage);
        const topic_record *r = record_find(usage, or_default(topic));
        if (r) {
            w = r->wall_seconds;
            n = r->invocations;
        }
        USAGE_UNLOCK(usage);
    }
    if (wall_seconds)
        *wall_seconds = w;
    if (invocations)
        *invocations = n;
}

c2v_status c2v_usage_merge(c2v_usage *dst, const c2v_usage *src)
{
    if (!dst || !src || dst == src)
        return C2V_ERR_INVALID_ARG;
    /* A copy of src first, so the two locks are never held together. */
    c2v_usage *copy = NULL;
    if (c2v_usage_create(&copy) != C2V_OK)
        return C2V_ERR_NOMEM;
    c2v_status st = C2V_OK;
    USAGE_LOCK(src);
    for (int i = 0; i < src->count && !st; i++)
        st = usage_add_locked(copy, src->cells[i].stage, src->cells[i].topic, &src->cells[i].t);
    for (int i = 0; i < src->nrecords && !st; i++) {
        topic_record *r = record_get_locked(copy, src->records[i].topic);
        if (!r)
            st = C2V_ERR_NOMEM;
        else
            *r = (topic_record){r->topic, src->records[i].wall_seconds, src->records[i].invocations};
    }
    USAGE_UNLOCK(src);
    USAGE_LOCK(dst);
    for (int i = 0; i < copy->count && !st; i++)
        st = usage_add_locked(dst, copy->cells[i].stage, copy->cells[i].topic, &copy->cells[i].t);
    for (int i = 0; i < copy->nrecords && !st; i++) {
        topic_record *r = record_get_locked(dst, copy->records[i].topic);
        if (!r) {
            st = C2V_ERR_NOMEM;
        } else {
            r->wall_seconds += copy->records[i].wall_seconds;
            r->invocations += copy->records[i].invocations;
        }
    }
    USAGE_UNLOCK(dst);
    c2v_usage_destroy(copy);
    return st;
}

/* ---- usage.json -------------------------------------------------------------- */

static double number(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e15 ? v->valuedouble : 0;
}

c2v_status c2v_usage_read(c2v_usage *usage, const char *path, const char *as_topic, c2v_error *err)
{
    if (!usage || !path)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_usage_read: missing argument");
    char *text = NULL;
    c2v_status st = c2v_file_read(path, (size_t)16 << 20, &text, NULL, err);
    if (st)
        return st;
    cJSON *root = cJSON_Parse(text);
    free(text);
    const cJSON *topics = cJSON_GetObjectItemCaseSensitive(root, "topics");
    if (!cJSON_IsObject(topics)) {
        cJSON_Delete(root);
        return c2v_error_set(err, C2V_ERR_JSON, "%s: expected a usage.json with a \"topics\" object", path);
    }
    const cJSON *t;
    cJSON_ArrayForEach(t, topics)
    {
        const char *name = as_topic ? as_topic : t->string;
        const cJSON *stages = cJSON_GetObjectItemCaseSensitive(t, "stages");
        if (!name || !cJSON_IsObject(t) || !cJSON_IsObject(stages)) {
            st = c2v_error_set(err, C2V_ERR_JSON, "%s: topics.%s: expected an object with \"stages\"", path,
                               t->string ? t->string : "?");
            break;
        }
        const cJSON *s;
        cJSON_ArrayForEach(s, stages)
        {
            c2v_usage_totals d = {(long)number(s, "calls"),         (long)number(s, "attempts"),
                                  (long)number(s, "failures"),      (long)number(s, "prompt_tokens"),
                                  (long)number(s, "completion_tokens"), number(s, "seconds"),
                                  number(s, "wall_seconds")};
            if (s->string && (st = c2v_usage_add(usage, s->string, name, &d)) != C2V_OK)
                break;
        }
        if (st) {
            st = c2v_error_set(err, st, "%s: out of memory", path);
            break;
        }
        double w = 0;
        int n = 0;
        c2v_usage_topic(usage, name, &w, &n);
        st = c2v_usage_set_topic(usage, name, w + number(t, "wall_seconds"), n + (int)number(t, "invocations"));
        if (st) {
            st = c2v_error_set(err, st, "%s: out of memory", path);
            break;
        }
    }
    cJSON_Delete(root);
    return st;
}

static cJSON *totals_json(const c2v_usage_totals *t, double wall_seconds)
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
    /* "seconds" is what older readers know; "llm_seconds" says what it is. */
    cJSON_AddNumberToObject(o, "seconds", t->seconds);
    cJSON_AddNumberToObject(o, "llm_seconds", t->seconds);
    cJSON_AddNumberToObject(o, "wall_seconds", wall_seconds);
    return o;
}

/* A topic's wall time: its record, else (no record) the sum of its stages. */
static double topic_wall_locked(const c2v_usage *usage, const char *topic, int *invocations)
{
    const topic_record *r = record_find(usage, topic);
    *invocations = r ? r->invocations : 0;
    return r ? r->wall_seconds : usage_get_locked(usage, NULL, topic).wall_seconds;
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
        int invocations = 0;
        cJSON *o = totals_json(&t, by_stage ? t.wall_seconds : topic_wall_locked(usage, key, &invocations));
        if (!o || !cJSON_AddItemToObject(parent, key, o)) {
            cJSON_Delete(o);
            return false;
        }
        if (!by_stage) {
            cJSON *stages = cJSON_AddObjectToObject(o, "stages");
            if (!cJSON_AddNumberToObject(o, "invocations", invocations) || !stages ||
                !add_group(usage, stages, true, key))
                return false;
        }
    }
    return true;
}

cJSON *c2v_usage_json(const c2v_usage *usage)
{
    if (!usage)
        return NULL;
    USAGE_LOCK(usage);
    c2v_usage_totals all = usage_get_locked(usage, NULL, NULL);
    /* The generation's time is the sum of the topics' own wall times (a
     * topic with no cell yet counts through its record). */
    double wall = 0;
    for (int i = 0; i < usage->count; i++) {
        bool first = true;
        for (int j = 0; j < i && first; j++)
            first = strcmp(usage->cells[j].topic, usage->cells[i].topic) != 0;
        int n;
        if (first)
            wall += topic_wall_locked(usage, usage->cells[i].topic, &n);
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *total = totals_json(&all, wall);
    bool ok = root && total && cJSON_AddNumberToObject(root, "wall_seconds", wall) &&
              cJSON_AddItemToObject(root, "total", total);
    if (!ok)
        cJSON_Delete(total);
    cJSON *stages = ok ? cJSON_AddObjectToObject(root, "stages") : NULL;
    cJSON *topics = stages ? cJSON_AddObjectToObject(root, "topics") : NULL;
    ok = topics && add_group(usage, stages, true, NULL) && add_group(usage, topics, false, NULL);
    USAGE_UNLOCK(usage);
    if (!ok) {
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

c2v_status c2v_usage_write(const c2v_usage *usage, const char *path, c2v_error *err)
{
    if (!usage || !path)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_usage_write: missing argument");
    cJSON *root = c2v_usage_json(usage);
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    c2v_buf b = {0};
    if (!text || !c2v_buf_appendf(&b, "%s\n", text)) {
        free(text);
        c2v_buf_free(&b);
        return c2v_error_set(err, C2V_ERR_NOMEM, "%s: out of memory", path);
    }
    free(text);
    c2v_status st = c2v_file_write(path, b.data, b.len, err);
    c2v_buf_free(&b);
    return st;
}
