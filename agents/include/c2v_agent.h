/* c2v-agent: the pipeline that turns a knowledge point into an MP4.
 *
 *   outline.json -> storyboard.json -> one scene-spec section per storyboard
 *   section (written by the Coder, validated by librender, repaired with
 *   scoped requests, rendered) -> {topic}.mp4
 *
 * Every stage writes its artefact under CASES/{prefix}/{idx}-{safe topic}/;
 * with `resume` a stage whose artefact exists and is valid is not redone.
 * A batch runs topics (and the sections of a topic) on `jobs` threads and goes
 * on past a failed topic.
 */
#ifndef C2V_AGENT_H
#define C2V_AGENT_H

#include <stdbool.h>
#include <stdio.h>

#include "c2v_llm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct c2v_agent_options {
    const char *config_path;   /* api_config.json (default "api_config.json") */
    const char *api;           /* entry for the LLM role; NULL = the config's "llm" role */
    const char *replay_dir;    /* with api "replay": the folder of recordings */
    const char *record_dir;    /* save every call there for the replay provider */
    const char *prompts_dir;   /* NULL = found next to the executable or installed */
    const char *output_dir;    /* the CASES folder (default "CASES") */
    const char *folder_prefix; /* CASES/{prefix}/ (default "run") */
    bool portrait;
    char quality;              /* l, m, h or k (default l) */
    bool use_feedback;         /* the Critic's visual pass (VLM) on every section; its geometric pass always runs */
    bool use_assets;           /* icons for the topic, offered to the Coder (off by default) */
    int feedback_rounds;       /* visual-pass rounds (default 2) */
    const char *vlm_api;       /* entry for the VLM role; NULL = the config's "vlm" role when it names its
                                  own entry, else the LLM's provider */
    const char *assets_cache;  /* icon cache folder; NULL = {output_dir}/assets */
    bool no_audio;             /* a silent {topic}.mp4 (default: narrated, with .vtt/.srt beside it) */
    const char *voice;         /* espeak-ng voice for the narration (NULL: en-us) */
    int speech_rate;           /* words per minute (0: 160) */
    int jobs;                  /* worker threads for topics and for sections (default 1) */
    int max_fix_bug_tries;     /* scoped fixes before a section is regenerated (default 3) */
    int max_regenerate_tries;  /* regenerations before a section fails (default 1) */
    int max_sections;          /* cap on the outline's sections (default 8) */
    int max_code_tokens;       /* the Coder's max_tokens per request (default 16000; Code2Video's
                                  --max_code_token_length) */
    bool preview;              /* open the finished lesson in the preview window */
    bool resume;
    c2v_llm_options llm;       /* timeouts, retries (usage and record_dir are set by the pipeline) */
    FILE *progress;            /* progress lines (default stderr); NULL silences them */
    bool handle_interrupt;     /* SIGINT/SIGTERM/SIGHUP stop the run cleanly: calls and renders in flight
                                  are cancelled, usage.json written, temporary files removed, the run
                                  returns C2V_ERR_CANCELLED; a second signal quits at once (for programs,
                                  like c2v-agent, that own their signals) */
} c2v_agent_options;

c2v_agent_options c2v_agent_options_default(void);

typedef enum c2v_topic_status {
    C2V_TOPIC_PENDING = 0,
    C2V_TOPIC_OK,
    C2V_TOPIC_FAILED,
    C2V_TOPIC_PARTIAL,    /* the video was made, but not all that was asked (the visual critic did not run) */
    C2V_TOPIC_INTERRUPTED, /* the run was stopped before the topic was done */
    C2V_TOPIC_MISSING      /* c2v_agent_collect: the topic's folder or its usage.json is not there */
} c2v_topic_status;

/* What happened to one topic, for the final table. */
typedef struct c2v_topic_result {
    char *topic;
    int number;           /* its folder's number: its 1-based place in the topics given */
    char *dir;            /* its CASES folder */
    char *video;          /* {dir}/{safe topic}.mp4 when it succeeded */
    c2v_topic_status status;
    int sections;         /* sections planned */
    int sections_ok;      /* sections rendered */
    long tokens;          /* prompt + completion tokens of every call */
    long calls;
    double minutes;       /* wall time */
    char error[1024];     /* why it failed (naming the failed sections) or is only partial */
} c2v_topic_result;

/* Runs every topic; `results` receives `count` entries (free with
 * c2v_agent_results_free). Returns C2V_OK when no topic failed (some may be
 * C2V_TOPIC_PARTIAL: check the results), C2V_ERR_CANCELLED when an
 * interrupt stopped the run, another status when a topic failed; a failure
 * of one topic does not stop the others. Setup errors (config, prompts) are
 * returned in `err` before any topic starts. */
c2v_status c2v_agent_run(const c2v_agent_options *opt, const char *const *topics, int count,
                         c2v_topic_result **results, c2v_error *err);
void c2v_agent_results_free(c2v_topic_result *results, int count);

/* Runs one shard of a batch: topics shard, shard + shards, shard + 2 shards,
 * ... of `topics` (`shard` is 0-based, 0 <= shard < shards, as Slurm's
 * SLURM_ARRAY_TASK_ID with --array=0-(shards-1)). Each topic keeps the folder
 * of its place in `topics` ({n}-{topic} with n = its index + 1), so shards
 * of one batch share a CASES folder and never a topic folder. The run-level
 * usage goes to PREFIX/usage.shard-{shard}-of-{shards}.json (not
 * PREFIX/usage.json, which c2v_agent_collect writes); a PREFIX holding such
 * files for another shard count is refused (C2V_ERR_CONFIG): its topics were
 * dealt out differently, and two shards could then work in one folder.
 * `results` receives `*nresults` entries, the shard's topics in order; the
 * status is c2v_agent_run's. */
c2v_status c2v_agent_run_shard(const c2v_agent_options *opt, const char *const *topics, int count, int shard,
                               int shards, c2v_topic_result **results, int *nresults, c2v_error *err);

/* What a batch left in OUTPUT/PREFIX (after its shards ran, anywhere): for
 * each of `topics`, its folder's usage.json (status, calls, tokens, wall
 * time, the reason it failed) and video; a topic with no folder or no
 * usage.json is C2V_TOPIC_MISSING, one whose usage.json still says
 * "running" (its task is still running, or was killed before it could write
 * its end) C2V_TOPIC_INTERRUPTED. Writes PREFIX/usage.json (every topic's
 * usage added up) and PREFIX/summary.json (the table, the counts, and with
 * shard files in PREFIX the shards to run again), each atomically.
 * `results` receives `count` entries. Returns C2V_OK when every topic is ok
 * or partial, C2V_ERR_RESPONSE when some topic is missing, failed or
 * unfinished (the summary is written either way), another status when the
 * summary could not be written. */
c2v_status c2v_agent_collect(const c2v_agent_options *opt, const char *const *topics, int count,
                             c2v_topic_result **results, c2v_error *err);

/* The table: topic, status, sections, tokens, minutes. */
void c2v_agent_print_table(FILE *f, const c2v_topic_result *results, int count);

/* Reads a knowledge file (a JSON array of topic strings); `max` > 0 keeps the
 * first `max`, -1 (or 0) keeps them all. Free with c2v_agent_topics_free. */
c2v_status c2v_agent_topics_load(const char *path, int max, char ***topics, int *count, c2v_error *err);
void c2v_agent_topics_free(char **topics, int count);

/* "Linear maps & matrices" -> "Linear_maps_matrices": letters, digits, '-'
 * and '_' only, at most 80 bytes, never empty. Caller frees. */
char *c2v_safe_name(const char *topic);

#ifdef __cplusplus
}
#endif
#endif
