/* The run state every stage reads: the run (options, prompts, providers,
 * locks), one topic's state, one section's state, and the two services
 * every stage uses (a progress line, a client for this thread). The
 * planner, the coder and the pipeline's flows sit above it; it calls none
 * of them. */
#ifndef C2V_PIPELINE_RUN_H
#define C2V_PIPELINE_RUN_H

#include <pthread.h>

#include "agent_internal.h"
#include "c2v_agent.h"
#include "prompts.h"

typedef struct agent_run {
    const c2v_agent_options *opt;
    c2v_prompts *prompts;
    c2v_config *config;
    c2v_provider_config llm;
    c2v_provider_config vlm;      /* the Critic's visual pass (with use_feedback) */
    c2v_usage *usage;             /* every call of the run */
    pthread_mutex_t render_lock;  /* one render at a time: llvmpipe uses every core anyway */
    pthread_mutex_t log_lock;
} agent_run;

typedef struct section_state {
    char id[16];        /* "s01", ... also the artefact names */
    char title[256];
    cJSON *spec;        /* the validated section object (owned) */
    char *json_path;    /* sections/NN-sNN.json: a whole spec holding this section */
    char *mp4_path;
    bool ok;
    int fixes, regenerations;
    char error[1024];
} section_state;

typedef struct topic_run {
    agent_run *run;
    const char *topic;
    int index;          /* 1-based, the folder's number */
    char *dir;
    char *safe;
    c2v_usage *usage;   /* this topic's calls */
    cJSON *outline, *storyboard;
    int nsections;
    section_state *sections;
    char *assets_text;  /* the icons in {dir}/assets/ for the Coder's prompt ("" or NULL: none) */
} topic_run;

/* Progress: one line on the progress stream. */
void topic_log(topic_run *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A client for one thread (clients are not shared between threads). */
c2v_status topic_client(topic_run *t, c2v_llm_client **out, c2v_error *err);

#endif
