/* The three wire formats: one request builder and one reply parser per
 * provider (openai.c, anthropic.c, gemini.c). `req->images` are base64'd
 * by the builders; the parsers read a reply the client has already parsed
 * as JSON (a body that is not JSON is the client's to retry). */
#ifndef C2V_LLM_PROVIDERS_H
#define C2V_LLM_PROVIDERS_H

#include "http.h"
#include "llm_common.h"

c2v_status openai_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err);
c2v_status openai_parse(const cJSON *root, c2v_llm_response *resp, c2v_error *err);
c2v_status anthropic_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err);
c2v_status anthropic_parse(const cJSON *root, c2v_llm_response *resp, c2v_error *err);
c2v_status gemini_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err);
c2v_status gemini_parse(const cJSON *root, c2v_llm_response *resp, c2v_error *err);

#endif
