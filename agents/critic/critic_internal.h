/* Helpers shared by the Critic's passes; not part of the public API. */
#ifndef C2V_CRITIC_INTERNAL_H
#define C2V_CRITIC_INTERNAL_H

#include "agent_internal.h"
#include "c2v_critic.h"

/* Serialises `doc` and loads it as a spec; on failure the message holds
 * the loader's errors (at most a few lines). */
c2v_status critic_spec_load(const cJSON *doc, const char *name, const char *asset_dir, lr_spec **out,
                            c2v_error *err);

/* Same, building with the lent contexts (either may be NULL), which must
 * outlive the spec: fonts and formulas then load once per pass, not once
 * per candidate fix. */
c2v_status critic_spec_load_with(const cJSON *doc, const char *name, const char *asset_dir, lr_text_context *text,
                                 lr_tex_context *tex, lr_spec **out, c2v_error *err);

/* sections[index] of the document, NULL when absent. */
cJSON *critic_section(cJSON *doc, size_t index);
/* The object with this id in a section's "objects" (top level only when
 * `top_only`; else inline group children too); NULL when none. */
cJSON *critic_object(cJSON *section, const char *id, bool top_only);
/* Removes the placement fields (at, area, position, next_to, align_to). */
void critic_clear_placement(cJSON *obj);
/* A short text of an object's placement: "at B3", "area A1-C3", ... */
void critic_placement_text(const cJSON *obj, char *out, size_t size);

/* The end time (seconds from the section's start) of each play step;
 * returns the count (at most `max`). */
size_t critic_play_ends(const cJSON *section, double *ends, size_t max);

/* The frame size for key frames and checks. */
void critic_frame_size(const c2v_critic_options *opt, lr_orientation o, int *w, int *h);

void critic_log(cJSON *log, cJSON *entry);
void critic_warn(const c2v_critic_options *opt, cJSON *log, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;


/* PNG bytes of an image (malloc'd). */
c2v_status critic_png_encode(const lr_image *img, unsigned char **data, size_t *size, c2v_error *err);

#endif
