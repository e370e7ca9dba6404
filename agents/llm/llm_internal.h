/* The pieces of an LLM call: an HTTP POST (http.c), one request builder and
 * reply parser per provider (openai.c, anthropic.c, gemini.c), and the
 * replay/record store (replay.c). client.c ties them together. */
#ifndef C2V_LLM_INTERNAL_H
#define C2V_LLM_INTERNAL_H

#include <curl/curl.h>

#include "agent_internal.h"

/* The provider entry, owned by the client. */
typedef struct llm_provider {
    c2v_provider_kind kind;
    char *name, *base_url, *api_key, *model, *api_version, *replay_dir, *replay_match;
} llm_provider;

typedef struct http_request {
    char *url;
    char *body;
    struct curl_slist *headers;
} http_request;

void http_request_free(http_request *r);
/* curl_slist_append that remembers a failure in *ok. */
struct curl_slist *http_header_add(struct curl_slist *list, bool *ok, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* base_url (or `fallback` when empty) without trailing '/', then `path`. */
char *http_join_url(const char *base_url, const char *fallback, const char *path);

typedef struct http_result {
    CURLcode curl_code;
    long status;
    long retry_after_ms; /* -1 when the reply had no usable Retry-After */
    c2v_buf body;
    char curl_error[CURL_ERROR_SIZE];
} http_result;

typedef struct http_client http_client;
c2v_status http_client_create(size_t max_response_bytes, http_client **out);
void http_client_destroy(http_client *h);
/* One attempt. Fills `res` (the caller frees res->body); returns C2V_OK
 * whenever a complete HTTP reply arrived, whatever its status. */
void http_post(http_client *h, const http_request *req, long connect_timeout_ms, long timeout_ms,
               http_result *res);

/* Request builders and reply parsers. `req->images` are base64'd here. */
c2v_status openai_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err);
c2v_status openai_parse(const char *body, c2v_llm_response *resp, c2v_error *err);
c2v_status anthropic_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err);
c2v_status anthropic_parse(const char *body, c2v_llm_response *resp, c2v_error *err);
c2v_status gemini_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err);
c2v_status gemini_parse(const char *body, c2v_llm_response *resp, c2v_error *err);

/* The provider-neutral description of a request that recordings are keyed
 * by (images by hash, so recordings stay small), and its hash. */
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

/* A number from a JSON member, 0 when absent or not a number. */
long json_long(const cJSON *obj, const char *key);
/* Parses `schema_text` for embedding in a request; NULL with an error set when invalid. */
cJSON *schema_parse(const c2v_llm_request *req, c2v_error *err);

#endif
