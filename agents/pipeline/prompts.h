/* Prompt templates (the prompts folder): loaded once per run, filled per call. */
#ifndef C2V_PIPELINE_PROMPTS_H
#define C2V_PIPELINE_PROMPTS_H

#include "agent_internal.h"

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

#endif
