/* The Critic's step in a section's flow (critic_step.c), between the
 * section's save and its render. */
#ifndef C2V_PIPELINE_CRITIC_STEP_H
#define C2V_PIPELINE_CRITIC_STEP_H

#include "run.h"

/* The Critic (agents/critic) on a section that validated and was saved,
 * before its final render. The geometric pass always runs (no model, a few
 * milliseconds); with use_feedback the visual pass runs too, on a VLM client
 * counting under stage "critic" in this topic's usage. Every change it keeps
 * leaves the section valid; the fixed section replaces *section and is saved
 * again, so --resume sees the final spec. The fix log goes to
 * sections/section-NN.critic.json, the contact sheets of the visual pass to
 * sections/section-NN.critic-before.png / -after.png. What the geometric
 * pass leaves is logged; a visual pass that cannot run keeps the geometric
 * fixes and marks the section visual_skipped (the topic is then partial). */
c2v_status section_critic(topic_run *t, int i, cJSON **section, c2v_error *err);

/* With --use_feedback, a section reused from an earlier run counts as
 * critiqued only when its fix log shows a visual pass that happened;
 * otherwise it is marked visual_skipped (the topic is partial). */
void section_critic_reused(topic_run *t, int i);

#endif
