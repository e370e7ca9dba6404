/* c2v-agent: the Critic. It improves a scene spec's layout in two passes,
 * every change keyed to an object id (never to a line number):
 *
 *   geometric  librender's layout report at the end of every play step;
 *              what geometry can prove is fixed without a model (move to the
 *              nearest free anchor, scale to fit the grid, wrap a long line,
 *              enlarge tiny text). A fix is kept only when the section's
 *              problem count drops. What is left goes to the model.
 *   visual     key frames with the A1-F6 grid and object ids drawn on a
 *              copy, plus the placement table, go to the VLM; its reply
 *              {issues:[{object_id, problem, action, ...}]} is parsed
 *              strictly, applied by id, validated, re-rendered.
 *
 * The spec is a cJSON document the caller owns; both passes edit it in place
 * and only ever leave it valid (each change is validated with
 * lr_spec_load_string before it is kept). `fix_log` (a cJSON array, may be
 * NULL) receives one object per change and per warning; the caller writes
 * it to the topic folder.
 */
#ifndef C2V_CRITIC_H
#define C2V_CRITIC_H

#include <librender.h>
#include <librender/lr_layout.h>
#include <librender/lr_video.h>

#include "c2v_llm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct c2v_critic_options {
    int frame_width, frame_height; /* key frames and layout checks; 0: 640x360 (landscape) */
    float min_text_px;             /* 0: librender's default (8 px at the output resolution) */
    int output_width, output_height; /* the video's resolution for the text-size check; 0: the spec's */
    int max_fixes;                 /* geometric fixes per call; 0: 64 */
    /* visual pass */
    int feedback_rounds;   /* 0: 1 */
    int max_issues;        /* issues taken from one reply; 0: 5 */
    int reply_attempts;    /* VLM calls per round until a reply parses strictly; 0: 2 */
    int max_key_frames;    /* per round; 0: 12 */
    const char *sheet_dir; /* contact sheets critic-before.png / critic-after.png go here (NULL: none) */
    const char *frames_dir; /* the annotated frames sent to the VLM, as critic-rR-NN.png (NULL: none) */
    const char *prompt_file; /* system prompt for the VLM (NULL: the built-in one) */
    const char *topic;     /* usage accounting */
    const char *label;     /* names the VLM calls in retry notices (NULL: "critic") */
    const cJSON *known_problems; /* the geometric pass's unfixed list, told to the VLM (not owned) */
    bool quiet;            /* no progress or warnings on stderr */
} c2v_critic_options;

c2v_critic_options c2v_critic_options_default(void);

/* The geometric pass. `spec_doc` must be a valid spec; `spec_name` names it
 * in messages; `asset_dir` resolves svg/image paths (NULL: current folder).
 * `*fixed` receives the number of fixes kept; `*unfixed` (optional, a cJSON
 * array the caller deletes) the problems it could not fix:
 *   {"section": id, "play": n, "problem": "overlap", "object": id, "other": id}
 * Contained overlaps (a label on its shape) are taken as meant and left. */
c2v_status c2v_critic_geometric(cJSON *spec_doc, const char *spec_name, const char *asset_dir,
                                const c2v_critic_options *opt, cJSON *fix_log, cJSON **unfixed, size_t *fixed,
                                c2v_error *err);

typedef struct c2v_critic_visual_result {
    int rounds;           /* rounds that sent key frames */
    size_t issues;        /* issues received (well-formed) */
    size_t applied;       /* issues applied and kept */
    size_t rejected;      /* issues that named no object or made the spec invalid */
    int skipped_rounds;   /* rounds whose replies never parsed strictly */
} c2v_critic_visual_result;

/* The visual pass with the VLM client `vlm`. Rounds up to
 * opt->feedback_rounds, stopping early when a round finds nothing. A reply
 * that does not parse strictly is retried (reply_attempts), then the round
 * is skipped with a warning (stderr and fix_log). Fails only on local
 * errors (rendering, memory) or when the VLM cannot be reached. */
c2v_status c2v_critic_visual(cJSON *spec_doc, const char *spec_name, const char *asset_dir, c2v_llm_client *vlm,
                             const c2v_critic_options *opt, cJSON *fix_log, c2v_critic_visual_result *result,
                             c2v_error *err);

/* Both passes as the pipeline runs them: the geometric pass first; the
 * visual pass (when `vlm` is not NULL) only when problems are left that
 * need judgement, or always when `visual_always` is set. So a layout that
 * geometry can fix costs no VLM call. `unfixed` and `result` are optional. */
c2v_status c2v_critic_run(cJSON *spec_doc, const char *spec_name, const char *asset_dir, c2v_llm_client *vlm,
                          bool visual_always, const c2v_critic_options *opt, cJSON *fix_log, size_t *fixed,
                          c2v_critic_visual_result *result, c2v_error *err);

/* Applies one issue {object_id, action, anchor|area|scale|color|z_index}
 * to the spec by id, and keeps it only when the spec still validates.
 * C2V_ERR_INVALID_ARG (message says why) when it was not applied. */
c2v_status c2v_critic_apply_issue(cJSON *spec_doc, const char *spec_name, const char *asset_dir,
                                  const cJSON *issue, c2v_error *err);

/* Writes a contact sheet: the images in a grid of thumbnails `thumb_width`
 * wide (temp name, then rename). */
c2v_status c2v_contact_sheet_write(const lr_image *images, size_t count, int thumb_width, const char *path,
                                   c2v_error *err);

#ifdef __cplusplus
}
#endif
#endif
