/* One libcurl easy handle per client, so connections are reused between
 * calls. Only http and https are allowed and redirects are not followed: a
 * redirect could carry the key's header to another host. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http.h"

struct http_client {
    CURL *curl;
    size_t max_response_bytes;
};

void http_request_free(http_request *r)
{
    if (!r)
        return;
    free(r->url);
    free(r->body);
    curl_slist_free_all(r->headers);
    memset(r, 0, sizeof *r);
}

struct curl_slist *http_header_add(struct curl_slist *list, bool *ok, const char *fmt, ...)
{
    char line[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line) {
        *ok = false;
        return list;
    }
    struct curl_slist *l = curl_slist_append(list, line);
    if (!l) {
        *ok = false;
        return list;
    }
    return l;
}

char *http_join_url(const char *base_url, const char *fallback, const char *path)
{
    const char *base = base_url && *base_url ? base_url : fallback;
    const char *query = strchr(base, '?');
    size_t bn = query ? (size_t)(query - base) : strlen(base);
    while (bn > 0 && base[bn - 1] == '/')
        bn--;
    c2v_buf url = {0};
    if (!c2v_buf_append(&url, base, bn) || !c2v_buf_append(&url, path, strlen(path)) ||
        (query && !c2v_buf_append(&url, query, strlen(query)))) {
        c2v_buf_free(&url);
        return NULL;
    }
    return url.data;
}

c2v_status http_client_create(size_t max_response_bytes, http_client **out)
{
    *out = NULL;
    http_client *h = calloc(1, sizeof *h);
    if (!h)
        return C2V_ERR_NOMEM;
    h->curl = curl_easy_init();
    if (!h->curl) {
        free(h);
        return C2V_ERR_NOMEM;
    }
    h->max_response_bytes = max_response_bytes;
    *out = h;
    return C2V_OK;
}

void http_client_destroy(http_client *h)
{
    if (!h)
        return;
    curl_easy_cleanup(h->curl);
    free(h);
}

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    http_result *res = user;
    size_t n = size * nmemb;
    /* Returning less than n aborts the transfer with CURLE_WRITE_ERROR. */
    return c2v_buf_append(&res->body, data, n) ? n : 0;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *user)
{
    http_result *res = user;
    size_t n = size * nmemb;
    static const char name[] = "retry-after:";
    size_t nl = sizeof name - 1;
    if (n <= nl)
        return n;
    for (size_t i = 0; i < nl; i++)
        if (tolower((unsigned char)data[i]) != name[i])
            return n;
    char value[128];
    size_t vn = n - nl < sizeof value - 1 ? n - nl : sizeof value - 1;
    memcpy(value, data + nl, vn);
    value[vn] = '\0';
    char *v = value;
    while (*v == ' ' || *v == '\t')
        v++;
    char *end = v + strlen(v);
    while (end > v && isspace((unsigned char)end[-1]))
        *--end = '\0';
    if (*v && strspn(v, "0123456789") == strlen(v)) {
        long s = strlen(v) > 7 ? 9999999 : strtol(v, NULL, 10);
        res->retry_after_ms = s * 1000;
    } else if (*v) {
        /* The other form is an HTTP date. */
        time_t when = curl_getdate(v, NULL);
        if (when != (time_t)-1) {
            double d = difftime(when, time(NULL));
            res->retry_after_ms = d <= 0 ? 0 : d > 9999999 ? 9999999000L : (long)(d * 1000);
        }
    }
    return n;
}

typedef struct wait_state {
    http_wait_fn fn;
    void *ctx;
    double start;
} wait_state;

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    (void)dltotal;
    (void)dlnow;
    (void)ultotal;
    (void)ulnow;
    wait_state *w = user;
    return w->fn(w->ctx, c2v_now_seconds() - w->start) ? 0 : 1;
}

void http_post(http_client *h, const http_request *req, long connect_timeout_ms, long timeout_ms, http_wait_fn wait,
               void *wait_ctx, http_result *res)
{
    memset(res, 0, sizeof *res);
    res->retry_after_ms = -1;
    res->body.limit = h->max_response_bytes;
    CURL *c = h->curl;
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, req->url);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body);
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(req->body));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, req->headers);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(c, CURLOPT_USERAGENT, "c2v-agent/0.1");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, res);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, res);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, res->curl_error);
    if (h->max_response_bytes)
        curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->max_response_bytes);
    wait_state ws = {wait, wait_ctx, c2v_now_seconds()};
    if (wait) {
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, &ws);
    }
    res->curl_code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->status);
    const char *ct = NULL;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct)
        snprintf(res->content_type, sizeof res->content_type, "%s", ct);
    if (!res->body.data)
        c2v_buf_append(&res->body, "", 0);
    /* The error buffer and the wait state point into this frame; unhook them. */
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, NULL);
}
