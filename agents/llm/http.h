/* One HTTP POST with libcurl: the request as the wire formats build it and
 * the reply as the client reads it. Knows nothing of providers. */
#ifndef C2V_LLM_HTTP_H
#define C2V_LLM_HTTP_H

#include <curl/curl.h>

#include "agent_internal.h"

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
/* base_url (or `fallback` when empty) without trailing '/', then `path`; a
 * query string in the base URL (Azure's "...?api-version=...") stays at the
 * end, after the path. */
char *http_join_url(const char *base_url, const char *fallback, const char *path);

typedef struct http_result {
    CURLcode curl_code;
    long status;
    long retry_after_ms; /* -1 when the reply had no usable Retry-After */
    c2v_buf body;
    char content_type[128]; /* "" when the reply had none */
    char curl_error[CURL_ERROR_SIZE];
} http_result;

/* Called while an attempt waits (libcurl's progress callback: about once a
 * second when nothing moves); `elapsed` is the attempt's time so far.
 * Returning false aborts the transfer (CURLE_ABORTED_BY_CALLBACK). */
typedef bool (*http_wait_fn)(void *ctx, double elapsed);

typedef struct http_client http_client;
c2v_status http_client_create(size_t max_response_bytes, http_client **out);
void http_client_destroy(http_client *h);
/* One attempt. Fills `res` (the caller frees res->body) whatever the HTTP
 * status; `wait` (may be NULL) is called while it waits. */
void http_post(http_client *h, const http_request *req, long connect_timeout_ms, long timeout_ms, http_wait_fn wait,
               void *wait_ctx, http_result *res);

#endif
