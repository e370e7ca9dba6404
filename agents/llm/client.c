/* The call loop: build the provider's request once, POST it until it
 * succeeds or the retry budget is spent, parse the reply, count everything.
 * The jitter generator and the record/replay counters live in the client,
 * so there is no global state. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "providers.h"
#include "replay.h"

struct c2v_llm_client {
    llm_provider p;
    c2v_llm_options opt;
    char *record_dir;
    http_client *http;
    uint64_t rng;
    int replay_index; /* calls answered so far, for order matching */
};

c2v_llm_options c2v_llm_options_default(void)
{
    c2v_llm_options o = {0};
    o.connect_timeout_ms = 10000;
    o.timeout_ms = 300000;
    o.max_attempts = 5;
    o.backoff_base_ms = 1000;
    o.backoff_max_ms = 60000;
    o.retry_budget_ms = 600000;
    o.max_response_bytes = (size_t)16 << 20;
    o.json_attempts = 3;
    o.wait_notice_ms = 30000;
    return o;
}

void c2v_llm_response_free(c2v_llm_response *resp)
{
    if (!resp)
        return;
    free(resp->text);
    memset(resp, 0, sizeof *resp);
}

static void provider_free(llm_provider *p)
{
    free(p->name);
    free(p->base_url);
    free(p->api_key);
    free(p->model);
    free(p->api_version);
    free(p->replay_dir);
    free(p->replay_match);
}

void c2v_llm_client_destroy(c2v_llm_client *client)
{
    if (!client)
        return;
    http_client_destroy(client->http);
    provider_free(&client->p);
    free(client->record_dir);
    free(client);
    curl_global_cleanup();
}

c2v_status c2v_llm_client_create(const c2v_provider_config *provider, const c2v_llm_options *options,
                                 c2v_llm_client **out, c2v_error *err)
{
    if (!out || !provider)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_llm_client_create: missing argument");
    *out = NULL;
    if (provider->kind == C2V_PROVIDER_NONE || provider->kind > C2V_PROVIDER_REPLAY)
        return c2v_error_set(err, C2V_ERR_CONFIG, "entry \"%s\" is not an LLM provider", provider->name ? provider->name : "");
    if (provider->kind != C2V_PROVIDER_REPLAY && (!provider->model || !*provider->model))
        return c2v_error_set(err, C2V_ERR_CONFIG, "entry \"%s\" (%s) has no model", provider->name ? provider->name : "",
                             c2v_provider_kind_name(provider->kind));
    /* Reference-counted since libcurl 7.84, so pairing it with each client is safe. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
        return c2v_error_set(err, C2V_ERR_NETWORK, "libcurl failed to initialise");
    c2v_llm_client *c = calloc(1, sizeof *c);
    if (!c) {
        curl_global_cleanup();
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    c->p.kind = provider->kind;
    c->p.name = c2v_strdup(provider->name);
    c->p.base_url = c2v_strdup(provider->base_url);
    c->p.api_key = c2v_strdup(provider->api_key);
    c->p.model = c2v_strdup(provider->model);
    c->p.api_version = c2v_strdup(provider->api_version);
    c->p.replay_dir = c2v_strdup(provider->replay_dir);
    c->p.replay_match = c2v_strdup(provider->replay_match && *provider->replay_match ? provider->replay_match : "hash");
    c->opt = options ? *options : c2v_llm_options_default();
    c->record_dir = c->opt.record_dir ? c2v_strdup(c->opt.record_dir) : NULL;
    c->opt.record_dir = c->record_dir;
    if (c->opt.max_attempts < 1)
        c->opt.max_attempts = 1;
    if (c->opt.json_attempts < 1)
        c->opt.json_attempts = 1;
    c->rng = c->opt.seed ? c->opt.seed : ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid() ^ (uint64_t)(uintptr_t)c;
    if (!c->p.name || !c->p.base_url || !c->p.api_key || !c->p.model || !c->p.api_version || !c->p.replay_dir ||
        !c->p.replay_match || (c->opt.record_dir == NULL && options && options->record_dir) ||
        (c->p.kind != C2V_PROVIDER_REPLAY && http_client_create(c->opt.max_response_bytes, &c->http) != C2V_OK)) {
        c2v_llm_client_destroy(c);
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    *out = c;
    return C2V_OK;
}

static uint64_t next_random(c2v_llm_client *c)
{
    /* xorshift64*: plenty for jitter. */
    c->rng ^= c->rng >> 12;
    c->rng ^= c->rng << 25;
    c->rng ^= c->rng >> 27;
    return c->rng * 0x2545F4914F6CDD1Dull;
}

/* Full jitter: U(0, min(max, base * 2^retry)). */
static long backoff_ms(c2v_llm_client *c, int retry)
{
    double cap = (double)c->opt.backoff_base_ms;
    for (int i = 0; i < retry && cap < (double)c->opt.backoff_max_ms; i++)
        cap *= 2;
    if (cap > (double)c->opt.backoff_max_ms)
        cap = (double)c->opt.backoff_max_ms;
    if (cap <= 0)
        return 0;
    return (long)((double)(next_random(c) >> 11) / 9007199254740992.0 * cap);
}

/* The provider's own error text ("error": {"message": ...} in all three
 * dialects, or a bare string), for the message shown to people. */
static void provider_error_text(const char *body, char *out, size_t size)
{
    out[0] = '\0';
    cJSON *root = cJSON_Parse(body);
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
    const cJSON *m = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "message") : e;
    if (cJSON_IsString(m))
        snprintf(out, size, ": %.200s", m->valuestring);
    else if (!root && body && *body)
        snprintf(out, size, ": %.120s", body);
    cJSON_Delete(root);
}

static bool curl_retryable(CURLcode code, c2v_status *status)
{
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        *status = C2V_ERR_TIMEOUT;
        return true;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        *status = C2V_ERR_NETWORK;
        return true;
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        *status = C2V_ERR_LIMIT;
        return false;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        *status = C2V_ERR_CONFIG;
        return false;
    default:
        *status = C2V_ERR_NETWORK;
        return false;
    }
}

/* The name a call goes by in notices. */
static const char *call_label(const c2v_llm_request *req)
{
    return req->label && *req->label ? req->label : req->stage && *req->stage ? req->stage : "call";
}

/* One notice line, with the key redacted, to the caller's sink or stderr. */
static void notify(c2v_llm_client *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void notify(c2v_llm_client *c, const char *fmt, ...)
{
    char line[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    c2v_redact(line, c->p.api_key);
    if (c->opt.notify)
        c->opt.notify(c->opt.notify_ctx, line);
    else
        fprintf(stderr, "c2v-llm: %s\n", line);
}

static bool cancelled(const c2v_llm_client *c)
{
    return c->opt.cancelled && c->opt.cancelled(c->opt.cancel_ctx);
}

/* What the client watches while one attempt waits. */
typedef struct attempt_wait {
    c2v_llm_client *client;
    const char *label;
    int attempt;
    double next_notice; /* seconds into the attempt */
} attempt_wait;

static bool on_wait(void *ctx, double elapsed)
{
    attempt_wait *w = ctx;
    c2v_llm_client *c = w->client;
    if (cancelled(c))
        return false;
    if (c->opt.wait_notice_ms > 0 && elapsed >= w->next_notice) {
        notify(c, "%s: still waiting on %s (entry \"%s\"), attempt %d of %d (%.0f s)", w->label,
               c2v_provider_kind_name(c->p.kind), c->p.name, w->attempt, c->opt.max_attempts, elapsed);
        while (w->next_notice <= elapsed)
            w->next_notice += (double)c->opt.wait_notice_ms / 1000.0;
    }
    return true;
}

/* Sleeps `ms`, in slices, so that a cancellation ends the wait. */
static bool sleep_unless_cancelled(c2v_llm_client *c, long ms)
{
    while (ms > 0) {
        if (cancelled(c))
            return false;
        long slice = ms < 100 ? ms : 100;
        c2v_sleep_ms(slice);
        ms -= slice;
    }
    return !cancelled(c);
}

/* The start of a body that is not the provider's JSON, printable, for the message. */
static void body_excerpt(const c2v_buf *body, char *out, size_t size)
{
    size_t j = 0;
    bool space = false;
    for (size_t i = 0; i < body->len && j + 4 < size && j < 80; i++) {
        unsigned char ch = (unsigned char)body->data[i];
        if (ch <= ' ' || ch == 0x7f) {
            space = j > 0;
            continue;
        }
        if (space)
            out[j++] = ' ';
        space = false;
        out[j++] = ch == '"' ? '\'' : (char)ch;
    }
    out[j] = '\0';
}

static c2v_status call_http(c2v_llm_client *c, const c2v_llm_request *req, c2v_llm_response *resp, double t0,
                            c2v_error *err)
{
    const char *who = c2v_provider_kind_name(c->p.kind);
    const char *label = call_label(req);
    http_request hreq;
    c2v_status st;
    if (c->p.kind == C2V_PROVIDER_OPENAI)
        st = openai_build(&c->p, req, &hreq, err);
    else if (c->p.kind == C2V_PROVIDER_ANTHROPIC)
        st = anthropic_build(&c->p, req, &hreq, err);
    else
        st = gemini_build(&c->p, req, &hreq, err);
    if (st)
        return st;

    for (int attempt = 1;; attempt++) {
        if (cancelled(c)) {
            st = c2v_error_set(err, C2V_ERR_CANCELLED, "%s (entry \"%s\"): cancelled", who, c->p.name);
            break;
        }
        http_result res;
        attempt_wait w = {c, label, attempt, (double)c->opt.wait_notice_ms / 1000.0};
        http_post(c->http, &hreq, c->opt.connect_timeout_ms, c->opt.timeout_ms, on_wait, &w, &res);
        resp->attempts = attempt;
        resp->http_status = (int)res.status;
        bool retry = false;
        if (res.curl_code == CURLE_ABORTED_BY_CALLBACK) {
            st = c2v_error_set(err, C2V_ERR_CANCELLED, "%s (entry \"%s\"): cancelled while waiting for the reply",
                               who, c->p.name);
        } else if (res.curl_code != CURLE_OK) {
            retry = curl_retryable(res.curl_code, &st);
            if (st == C2V_ERR_LIMIT)
                st = c2v_error_set(err, st, "%s (entry \"%s\"): reply larger than the %zu-byte limit", who, c->p.name,
                                   c->opt.max_response_bytes);
            else
                st = c2v_error_set(err, st, "%s (entry \"%s\"): %s (%s)", who, c->p.name,
                                   res.curl_error[0] ? res.curl_error : curl_easy_strerror(res.curl_code),
                                   curl_easy_strerror(res.curl_code));
        } else if (res.status >= 200 && res.status < 300) {
            cJSON *root = cJSON_Parse(res.body.data);
            if (!root) {
                /* A proxy's or gateway's page in place of the provider's
                 * reply: the provider was not reached, so it is retried
                 * like a 5xx. */
                char excerpt[96];
                body_excerpt(&res.body, excerpt, sizeof excerpt);
                retry = true;
                st = c2v_error_set(err, C2V_ERR_SERVER,
                                   "%s (entry \"%s\"): HTTP %ld but the body is not JSON (%s, %zu bytes: \"%s\")", who,
                                   c->p.name, res.status, res.content_type[0] ? res.content_type : "no content type",
                                   res.body.len, excerpt);
            } else if (c->p.kind == C2V_PROVIDER_OPENAI) {
                st = openai_parse(root, resp, err);
            } else if (c->p.kind == C2V_PROVIDER_ANTHROPIC) {
                st = anthropic_parse(root, resp, err);
            } else {
                st = gemini_parse(root, resp, err);
            }
            cJSON_Delete(root);
        } else {
            char detail[256];
            provider_error_text(res.body.data, detail, sizeof detail);
            if (res.status == 401 || res.status == 403) {
                st = c2v_error_set(err, C2V_ERR_AUTH,
                                   "%s (entry \"%s\") rejected the API key: HTTP %ld%s. Check the entry's api_key "
                                   "or C2V_API_KEY_<NAME>",
                                   who, c->p.name, res.status, detail);
            } else if (res.status == 429) {
                retry = true;
                st = c2v_error_set(err, C2V_ERR_RATE_LIMIT, "%s (entry \"%s\"): rate limited, HTTP 429%s", who,
                                   c->p.name, detail);
            } else if (res.status >= 500 || res.status == 408) {
                retry = true;
                st = c2v_error_set(err, res.status == 408 ? C2V_ERR_TIMEOUT : C2V_ERR_SERVER,
                                   "%s (entry \"%s\"): server error, HTTP %ld%s", who, c->p.name, res.status, detail);
            } else {
                st = c2v_error_set(err, C2V_ERR_HTTP, "%s (entry \"%s\"): HTTP %ld%s", who, c->p.name, res.status,
                                   detail);
            }
        }
        long retry_after = res.retry_after_ms;
        c2v_buf_free(&res.body);
        if (st == C2V_OK || !retry)
            break;
        if (attempt >= c->opt.max_attempts) {
            if (err) {
                size_t n = strlen(err->message);
                snprintf(err->message + n, sizeof err->message - n, " (gave up after %d attempts)", attempt);
            }
            break;
        }
        long delay = backoff_ms(c, attempt - 1);
        if (retry_after > delay)
            delay = retry_after;
        double elapsed_ms = (c2v_now_seconds() - t0) * 1000.0;
        if (elapsed_ms + (double)delay > (double)c->opt.retry_budget_ms) {
            if (err) {
                size_t n = strlen(err->message);
                snprintf(err->message + n, sizeof err->message - n,
                         " (gave up after %d attempts: waiting %ld ms more would exceed the %ld ms retry budget)",
                         attempt, delay, c->opt.retry_budget_ms);
            }
            break;
        }
        notify(c, "%s: %s; waiting %.1f s before attempt %d of %d", label, err ? err->message : "failed",
               (double)delay / 1000.0, attempt + 1, c->opt.max_attempts);
        if (!sleep_unless_cancelled(c, delay)) {
            st = c2v_error_set(err, C2V_ERR_CANCELLED, "%s (entry \"%s\"): cancelled before attempt %d", who,
                               c->p.name, attempt + 1);
            break;
        }
    }
    http_request_free(&hreq);
    return st;
}

c2v_status c2v_llm_call(c2v_llm_client *client, const c2v_llm_request *req, c2v_llm_response *resp,
                        c2v_error *err)
{
    if (!client || !req || !req->prompt || !resp || (req->image_count && !req->images))
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_llm_call: missing client, request, prompt or response");
    memset(resp, 0, sizeof *resp);
    c2v_error local = {0};
    if (!err)
        err = &local;
    err->http_status = 0;
    err->attempts = 0;
    double t0 = c2v_now_seconds();
    c2v_status st;
    if (client->p.kind == C2V_PROVIDER_REPLAY)
        st = replay_lookup(client->p.replay_dir, client->p.replay_match, client->replay_index++, req, resp, err);
    else
        st = call_http(client, req, resp, t0, err);
    resp->seconds = c2v_now_seconds() - t0;

    if (st == C2V_OK) {
        c2v_redact(resp->text, client->p.api_key);
        if (client->record_dir) {
            c2v_error rec_err = {0};
            if (replay_record(client->record_dir, &client->p, req, resp, &rec_err) != C2V_OK)
                st = c2v_error_set(err, rec_err.status, "%s", rec_err.message);
        }
    }
    if (client->opt.usage) {
        c2v_usage_totals d = {0};
        d.calls = 1;
        d.attempts = resp->attempts;
        d.failures = st != C2V_OK;
        d.prompt_tokens = resp->prompt_tokens;
        d.completion_tokens = resp->completion_tokens;
        d.seconds = resp->seconds;
        c2v_usage_add(client->opt.usage, req->stage, req->topic, &d);
    }
    if (st != C2V_OK) {
        err->status = st;
        err->attempts = resp->attempts;
        err->http_status = resp->http_status;
        c2v_redact(err->message, client->p.api_key);
        c2v_llm_response_free(resp);
    }
    return st;
}

c2v_status c2v_llm_call_json(c2v_llm_client *client, const c2v_llm_request *req, cJSON **out,
                             c2v_llm_response *resp, c2v_error *err)
{
    if (!out || !req || !req->prompt)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_llm_call_json: missing request or output");
    *out = NULL;
    c2v_llm_request r = *req;
    c2v_buf prompt = {0};
    c2v_llm_response last = {0};
    c2v_status st = C2V_OK;
    c2v_error local = {0};
    if (!err)
        err = &local;
    for (int i = 0; i < client->opt.json_attempts; i++) {
        c2v_llm_response_free(&last);
        st = c2v_llm_call(client, &r, &last, err);
        if (st)
            break;
        st = c2v_json_extract(last.text, out, err);
        if (st == C2V_OK)
            break;
        c2v_redact(err->message, client->p.api_key);
        /* Tell the model what went wrong; the same prompt would likely get the same reply. */
        prompt.len = 0;
        if (!c2v_buf_appendf(&prompt,
                             "%s\n\nYour previous reply could not be used: %s. Reply again with only the JSON value, "
                             "no prose and no code fences.",
                             req->prompt, err->message)) {
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
            break;
        }
        r.prompt = prompt.data;
    }
    if (st == C2V_ERR_JSON && err) {
        size_t n = strlen(err->message);
        snprintf(err->message + n, sizeof err->message - n, " (after %d calls)", client->opt.json_attempts);
    }
    c2v_buf_free(&prompt);
    if (resp)
        *resp = last;
    else
        c2v_llm_response_free(&last);
    return st;
}
