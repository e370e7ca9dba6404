/* What the planner, coder and pipeline modules share; not public. */
#ifndef C2V_PIPELINE_INTERNAL_H
#define C2V_PIPELINE_INTERNAL_H

#include <pthread.h>

#include <librender/lr_spec.h>

#include "agent_internal.h"
#include "c2v_agent.h"

/* ---- prompts (prompts.c) ------------------------------------------------- */

typedef struct c2v_prompts c2v_prompts;

typedef struct c2v_var {
    const char *name;
    const char *value;
} c2v_var;

/* Loads every template from `dir`, or (NULL) from the first folder that has
 * them: $C2V_PROMPTS_DIR, {exe}/../share/c2v/prompts, {exe}/../../prompts,
 * the source tree's prompts/. */
c2v_status c2v_prompts_open(const char *dir, c2v_prompts **out, c2v_error *err);
void c2v_prompts_destroy(c2v_prompts *p);
const char *c2v_prompts_dir(const c2v_prompts *p);
/* The template text itself (e.g. "spec_guide"), or NULL. */
const char *c2v_prompts_text(const c2v_prompts *p, const char *name);
/* Fills template `name`: every {{placeholder}} must be in `vars`, or the
 * call fails naming it. *out is malloc'd. */
c2v_status c2v_prompt_render(const c2v_prompts *p, const char *name, const c2v_var *vars, size_t nvars,
                             char **out, c2v_error *err);

/* ---- run and topic state --------------------------------------------------- */

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

/* ---- files (files.c) --------------------------------------------------------- */

/* Writes `text` to path.part then renames it over `path`. */
c2v_status c2v_write_atomic(const char *path, const char *text, c2v_error *err);
/* Pretty-prints `json` and writes it atomically. */
c2v_status c2v_write_json(const char *path, const cJSON *json, c2v_error *err);
/* Parses a JSON file (NULL when it is missing or malformed). */
cJSON *c2v_read_json(const char *path);
char *c2v_path_join(const char *a, const char *b);
c2v_status c2v_mkdirs(const char *path, c2v_error *err);
bool c2v_file_nonempty(const char *path);
/* true when `a` exists and was modified no earlier than `b`. */
bool c2v_file_newer(const char *a, const char *b);

/* ---- planner (planner.c) ----------------------------------------------------- */

/* outline.json then storyboard.json (reused with resume when valid). */
c2v_status planner_run(topic_run *t, c2v_llm_client *client, c2v_error *err);
/* Shape checks for the artefacts; messages name the JSON path. */
bool planner_outline_valid(const cJSON *outline, int max_sections, char *why, size_t size);
bool planner_storyboard_valid(const cJSON *storyboard, int sections, char *why, size_t size);

/* ---- coder (coder.c) --------------------------------------------------------- */

/* One problem found in a section: the exact message and its JSON path
 * ("" when it has none). */
typedef struct spec_issue {
    char *message;
    char *path;
} spec_issue;

typedef struct spec_issues {
    spec_issue *items;
    int count;
} spec_issues;

void spec_issues_free(spec_issues *issues);
bool spec_issues_add(spec_issues *issues, const char *message, const char *path);
/* All messages, one per line (malloc'd). */
char *spec_issues_joined(const spec_issues *issues);

/* A whole spec document: version, meta from the options, and a copy of
 * `section` (NULL: an empty "sections" array to fill). */
cJSON *coder_wrap_section(const topic_run *t, const cJSON *section);

/* Writes section i from the storyboard (stage "coder"), or, with `previous`
 * issues, regenerates it from scratch (stage "regenerate"). */
c2v_status coder_write_section(topic_run *t, c2v_llm_client *client, int i, const spec_issues *previous,
                               cJSON **out, c2v_error *err);
/* Validates section i with librender: issues->count == 0 when valid. */
c2v_status coder_validate(topic_run *t, int i, const cJSON *section, spec_issues *issues, c2v_error *err);
/* A scoped repair: sends the issues and only the part at fault (one object
 * or timeline step when every issue lies inside it, else the section) and
 * puts the model's corrected part back into *section (stage "fix"). */
c2v_status coder_fix(topic_run *t, c2v_llm_client *client, int i, cJSON **section, const spec_issues *issues,
                     c2v_error *err);
/* Renders the section's spec file to its MP4; a failure becomes one issue
 * (TeX errors name the object whose formula failed when it can be found). */
c2v_status coder_render(topic_run *t, int i, spec_issues *issues, c2v_error *err);

#endif
