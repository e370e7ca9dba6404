/* The services of the run state: progress lines, per-thread clients, the
 * stop request, the topic's usage record. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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

void topic_usage_save(topic_run *t, const char *status)
{
    if (!t->usage || !t->dir)
        return;
    pthread_mutex_lock(&t->usage_lock);
    c2v_usage_set_topic(t->usage, t->topic, t->wall_before + (c2v_now_seconds() - t->started), t->runs_before + 1);
    cJSON *root = c2v_usage_json(t->usage);
    char *path = c2v_path_join(t->dir, "usage.json");
    c2v_error err = {0};
    if (!root || !path || !cJSON_AddStringToObject(root, "topic", t->topic) ||
        !cJSON_AddStringToObject(root, "status", status))
        c2v_error_set(&err, C2V_ERR_NOMEM, "out of memory");
    else
        c2v_write_json(path, root, &err);
    pthread_mutex_unlock(&t->usage_lock);
    if (err.status)
        topic_log(t, "usage: %s", err.message);
    cJSON_Delete(root);
    free(path);
}
