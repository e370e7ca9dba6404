/* The record/replay store: recordings keyed by a provider-neutral
 * description of the request (images by hash, so recordings stay small). */
#ifndef C2V_LLM_REPLAY_H
#define C2V_LLM_REPLAY_H

#include "llm_common.h"

cJSON *replay_request_json(const c2v_llm_request *req);
uint64_t replay_request_hash(const cJSON *canonical);

/* Answers from `dir`: the recording whose hash matches, or (when `match`
 * allows "order") the `index`-th recording by file name. */
c2v_status replay_lookup(const char *dir, const char *match, int index, const c2v_llm_request *req,
                         c2v_llm_response *resp, c2v_error *err);
/* Writes `dir`/NNNN-HASH.json for a successful call, NNNN counting the
 * recordings already there. */
c2v_status replay_record(const char *dir, const llm_provider *p, const c2v_llm_request *req,
                         const c2v_llm_response *resp, c2v_error *err);

#endif
