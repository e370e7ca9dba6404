/* The Planner: topic -> outline.json -> storyboard.json. */
#ifndef C2V_PLANNER_H
#define C2V_PLANNER_H

#include "run.h"

/* outline.json then storyboard.json (reused with resume when valid). */
c2v_status planner_run(topic_run *t, c2v_llm_client *client, c2v_error *err);
/* Shape checks for the artefacts; messages name the JSON path. */
bool planner_outline_valid(const cJSON *outline, int max_sections, char *why, size_t size);
bool planner_storyboard_valid(const cJSON *storyboard, int sections, char *why, size_t size);

#endif
