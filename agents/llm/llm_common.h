/* What every wire format and the replay store share: the provider entry as
 * the client holds it, and the JSON helpers for reading replies and
 * embedding schemas. The lowest layer of agents/llm: it includes nothing
 * of its siblings. */
#ifndef C2V_LLM_COMMON_H
#define C2V_LLM_COMMON_H

#include "agent_internal.h"

/* The provider entry, owned by the client. */
typedef struct llm_provider {
    c2v_provider_kind kind;
    char *name, *base_url, *api_key, *model, *api_version, *replay_dir, *replay_match;
} llm_provider;

/* A number from a JSON member, 0 when absent or not a number. */
long json_long(const cJSON *obj, const char *key);
/* Parses `req->json_schema` for embedding in a request; NULL with an error set when invalid. */
cJSON *schema_parse(const c2v_llm_request *req, c2v_error *err);

#endif
