/* The services of the run state: progress lines, per-thread clients, the
 * stop request, the topic's usage record. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "files.h"
#include "run.h"

void topic_log(topic_run *t, const char *fmt, ...)
{
    FILE *f = t->run->opt->progress;
    if (!f)
        return;
    char msg[1600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* One line per event, whatever a TeX or model message holds. */
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    pthread_mutex_lock(&t->run->log_lock);
    fprintf(f, "c2v-agent: [%d %.40s] %s\n", t->index, t->topic, msg);
    fflush(f);
    pthread_mutex_unlock(&t->run->log_lock);
}

static void topic_notice(void *ctx, const char *line)
{
    topic_log(ctx, "%s", line);
}

static bool client_cancelled(void *ctx)
{
    return run_stopped(ctx);
}

bool run_stopped(const agent_run *run)
{
    return atomic_load(&((agent_run *)run)->stop) != 0;
}

bool run_render_progress(const lr_video_progress *progress, void *user)
{
    (void)progress;
    return !run_stopped(user);
}

c2v_llm_options topic_llm_options(topic_run *t)
{
    c2v_llm_options o = t->run->opt->llm;
    o.usage = t->usage;
    o.record_dir = t->run->opt->record_dir;
    o.notify = topic_notice;
    o.notify_ctx = t;
    o.cancelled = client_cancelled;
    o.cancel_ctx = t->run;
    return o;
}

c2v_status topic_client(topic_run *t, c2v_llm_client **out, c2v_error *err)
{
    c2v_llm_options o = topic_llm_options(t);
    return c2v_llm_client_create(&t->run->llm, &o, out, err);
}

void topic_time(topic_run *t, const char *stage, double t0)
{
    c2v_usage_totals d = {0};
    d.wall_seconds = c2v_now_seconds() - t0;
    c2v_usage_add(t->usage, stage, t->topic, &d);
}

/* An environment variable as a JSON member, when it is set. */
static bool add_env(cJSON *o, const char *key, const char *var)
{
    const char *v = getenv(var);
    return !v || !v[0] || cJSON_AddStringToObject(o, key, v);
}

void topic_runs_start(topic_run *t, cJSON *earlier)
{
    cJSON *runs = cJSON_IsArray(earlier) ? earlier : cJSON_CreateArray();
    if (runs != earlier)
        cJSON_Delete(earlier);
    cJSON *r = runs ? cJSON_CreateObject() : NULL;
    char host[256] = "", when[32] = "", shard[32] = "";
    if (gethostname(host, sizeof host - 1) != 0)
        snprintf(host, sizeof host, "?");
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (t->run->shards > 0)
        snprintf(shard, sizeof shard, "%d/%d", t->run->shard, t->run->shards);
    bool ok = r && cJSON_AddStringToObject(r, "host", host) && cJSON_AddNumberToObject(r, "pid", (double)getpid()) &&
              cJSON_AddStringToObject(r, "started", when) && (!shard[0] || cJSON_AddStringToObject(r, "shard", shard)) &&
              add_env(r, "slurm_job_id", "SLURM_JOB_ID") && add_env(r, "slurm_array_job_id", "SLURM_ARRAY_JOB_ID") &&
              add_env(r, "slurm_array_task_id", "SLURM_ARRAY_TASK_ID") &&
              cJSON_AddStringToObject(r, "status", "running") && cJSON_AddItemToArray(runs, r);
    if (!ok) {
        if (!cJSON_GetArraySize(runs) || cJSON_GetArrayItem(runs, cJSON_GetArraySize(runs) - 1) != r)
            cJSON_Delete(r);
        topic_log(t, "usage: out of memory recording this run");
    }
    pthread_mutex_lock(&t->usage_lock);
    t->runs = runs;
    pthread_mutex_unlock(&t->usage_lock);
}

static void usage_write(topic_run *t, const char *status, const c2v_topic_result *res)
{
    if (!t->usage || !t->dir)
        return;
    pthread_mutex_lock(&t->usage_lock);
    c2v_usage_set_topic(t->usage, t->topic, t->wall_before + (c2v_now_seconds() - t->started), t->runs_before + 1);
    cJSON *root = c2v_usage_json(t->usage);
    char *path = c2v_path_join(t->dir, "usage.json");
    c2v_error err = {0};
    /* This run's entry (the last) says how it stands. */
    cJSON *last = cJSON_GetArrayItem(t->runs, cJSON_GetArraySize(t->runs) - 1);
    cJSON *st = cJSON_CreateString(status);
    if (last && st && cJSON_GetObjectItemCaseSensitive(last, "status"))
        cJSON_ReplaceItemInObjectCaseSensitive(last, "status", st);
    else
        cJSON_Delete(st);
    cJSON *runs = t->runs ? cJSON_Duplicate(t->runs, true) : cJSON_CreateArray();
    bool ok = root && path && runs && cJSON_AddStringToObject(root, "topic", t->topic) &&
              cJSON_AddStringToObject(root, "status", status);
    if (ok && res)
        ok = cJSON_AddNumberToObject(root, "sections", res->sections) &&
             cJSON_AddNumberToObject(root, "sections_ok", res->sections_ok) &&
             (!res->error[0] || cJSON_AddStringToObject(root, "error", res->error));
    if (ok) {
        ok = cJSON_AddItemToObject(root, "runs", runs);
        runs = ok ? NULL : runs;
    }
    if (!ok)
        c2v_error_set(&err, C2V_ERR_NOMEM, "out of memory");
    else
        c2v_write_json(path, root, &err);
    pthread_mutex_unlock(&t->usage_lock);
    if (err.status)
        topic_log(t, "usage: %s", err.message);
    cJSON_Delete(runs);
    cJSON_Delete(root);
    free(path);
}

void topic_usage_save(topic_run *t, const char *status)
{
    usage_write(t, status, NULL);
}

void topic_usage_final(topic_run *t, const char *status, const c2v_topic_result *res)
{
    usage_write(t, status, res);
}
