/* The services of the run state: progress lines and per-thread clients. */
#include <stdarg.h>
#include <stdio.h>

#include "run.h"

void topic_log(topic_run *t, const char *fmt, ...)
{
    FILE *f = t->run->opt->progress;
    if (!f)
        return;
    char msg[1200];
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

c2v_status topic_client(topic_run *t, c2v_llm_client **out, c2v_error *err)
{
    c2v_llm_options o = t->run->opt->llm;
    o.usage = t->usage;
    o.record_dir = t->run->opt->record_dir;
    return c2v_llm_client_create(&t->run->llm, &o, out, err);
}
