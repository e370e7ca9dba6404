/* The Coder: one scene-spec section per storyboard section, validated by
 * librender and repaired with scoped requests. */
#ifndef C2V_CODER_H
#define C2V_CODER_H

#include <librender/lr_spec.h>

#include "run.h"

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

/* Writes the validated section as a whole spec document (loadable by
 * c2v-render) to its spec file and keeps a copy in the section state. */
c2v_status coder_save(topic_run *t, int i, const cJSON *section, c2v_error *err);

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
