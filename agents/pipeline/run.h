/* The run state every stage reads: the run (options, prompts, providers,
 * locks, the stop request), one topic's state, one section's state, and the
 * services every stage uses (a progress line, a client for this thread, the
 * topic's usage record). The planner, the coder and the pipeline's flows sit
 * above it; it calls none of them. */
#ifndef C2V_PIPELINE_RUN_H
#define C2V_PIPELINE_RUN_H

#include <pthread.h>
#include <stdatomic.h>

#include <librender/lr_video.h>

#include "agent_internal.h"
#include "c2v_agent.h"
#include "prompts.h"

struct topic_run;

typedef struct agent_run {
    const c2v_agent_options *opt;
    c2v_prompts *prompts;
    c2v_config *config;
    c2v_provider_config llm;
    c2v_provider_config vlm;      /* the Critic's visual pass (with use_feedback) */
    c2v_usage *usage;             /* the run: each topic's usage merged in once, when it ends */
    pthread_mutex_t render_lock;  /* one render at a time: llvmpipe uses every core anyway */
    pthread_mutex_t log_lock;
    pthread_mutex_t state_lock;   /* active[] and finished */
    atomic_int stop;              /* the signal that asked the run to stop; 0: none */
    struct topic_run **active;    /* topics running now, by slot (an interrupt saves their usage) */
    int count;                    /* topics in the run */
    int shard, shards;            /* this run is shard `shard` (0-based) of `shards`; shards 0: not sharded */
    bool finished;
} agent_run;

typedef struct section_state {
    char id[16];        /* "s01", ... also the artefact names */
    char title[256];
    cJSON *spec;        /* the validated section object (owned) */
    char *json_path;    /* sections/NN-sNN.json: a whole spec holding this section */
    char *mp4_path;
    bool ok;
    int fixes, regenerations;
    bool visual_skipped; /* --use_feedback asked for a visual pass that did not happen */
    char critic_note[512]; /* why it did not */
    char error[1024];
} section_state;

typedef struct topic_run {
    agent_run *run;
    const char *topic;
    int index;          /* 1-based, the folder's number (the topic's place in the batch, also in a shard) */
    int slot;           /* its place in this run's topics (run->active) */
    char *dir;
    char *safe;
    c2v_usage *usage;   /* this topic's calls and stage times, earlier runs' included with --resume */
    pthread_mutex_t usage_lock; /* one usage.json write at a time */
    double started;     /* when this run of the topic began (c2v_now_seconds) */
    double wall_before; /* wall time recorded by earlier runs (--resume) */
    int runs_before;    /* and how many runs that was */
    cJSON *outline, *storyboard;
    int nsections;
    section_state *sections;
    char *assets_text;  /* the icons in {dir}/assets/ for the Coder's prompt ("" or NULL: none) */
    cJSON *runs;        /* usage.json's "runs": where and as what each run of the topic ran (usage_lock) */
} topic_run;

/* Progress: one line on the progress stream. */
void topic_log(topic_run *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The run's LLM options for a client of this topic: its usage, the record
 * folder, notices as progress lines, cancelled when the run stops. */
c2v_llm_options topic_llm_options(topic_run *t);
/* A client for one thread (clients are not shared between threads). */
c2v_status topic_client(topic_run *t, c2v_llm_client **out, c2v_error *err);

/* true once an interrupt asked the run to stop. */
bool run_stopped(const agent_run *run);
/* For lr_video_options.progress (user: the agent_run): cancels a render
 * when the run stops. */
bool run_render_progress(const lr_video_progress *progress, void *user);

/* Adds the wall time since `t0` to `stage` in the topic's usage. */
void topic_time(topic_run *t, const char *stage, double t0);
/* Writes {dir}/usage.json now (temp name, then rename): the topic's usage,
 * its wall time so far (earlier runs' included), "topic" and `status`
 * ("running", "ok", "partial", "failed", "interrupted"), and "runs" with
 * this run's entry saying `status` too. Safe from any thread; a failure is
 * logged. */
void topic_usage_save(topic_run *t, const char *status);
/* The last write of the run: topic_usage_save plus the table's row
 * ("sections", "sections_ok", "error" when not ok), which c2v_agent_collect
 * reads back. */
void topic_usage_final(topic_run *t, const char *status, const c2v_topic_result *res);
/* Starts t->runs: the earlier runs (`earlier`, usage.json's "runs", taken
 * over; NULL: none) and this one: host, pid, start time, the shard and the
 * Slurm job it runs as (SLURM_JOB_ID, SLURM_ARRAY_JOB_ID,
 * SLURM_ARRAY_TASK_ID) when there is one. */
void topic_runs_start(topic_run *t, cJSON *earlier);

#endif
