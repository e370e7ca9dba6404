/* c2v-agent: the LLM provider layer.
 *
 * One call = one prompt (optional system text, optional PNG images, optional
 * JSON schema) sent to one configured provider, with timeouts, retries and
 * usage accounting. Providers: OpenAI-compatible Chat Completions (OpenAI,
 * Azure OpenAI v1, llama.cpp, vLLM), Anthropic Messages (also via Azure AI
 * Foundry), Google Gemini generateContent, and `replay`, which answers from a
 * folder of recorded calls with no network and no key.
 *
 * Conventions are librender's: fallible functions return a status and take an
 * optional `c2v_error *err` last; whoever creates an object destroys it.
 * API keys never appear in any message, log or file this layer writes.
 */
#ifndef C2V_LLM_H
#define C2V_LLM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum c2v_status {
    C2V_OK = 0,
    C2V_ERR_NOMEM,       /* an allocation failed */
    C2V_ERR_INVALID_ARG, /* a caller passed something the API forbids */
    C2V_ERR_IO,          /* a file could not be read or written */
    C2V_ERR_CONFIG,      /* api_config.json is missing, malformed or lacks an entry */
    C2V_ERR_NETWORK,     /* connection failed or was cut (after retries) */
    C2V_ERR_TIMEOUT,     /* connect or total timeout (after retries) */
    C2V_ERR_AUTH,        /* HTTP 401/403: the key is wrong or lacks access */
    C2V_ERR_RATE_LIMIT,  /* HTTP 429 until the retry budget ran out */
    C2V_ERR_SERVER,      /* HTTP 5xx until the retry budget ran out */
    C2V_ERR_HTTP,        /* another HTTP error (400, 404, ...): not retried */
    C2V_ERR_RESPONSE,    /* the provider's reply is not in its documented shape */
    C2V_ERR_JSON,        /* no valid JSON could be extracted from a reply */
    C2V_ERR_LIMIT,       /* a reply exceeded the size cap */
    C2V_ERR_REPLAY_MISS, /* the replay folder has no recording for this request */
    C2V_ERR_CANCELLED    /* the caller asked to stop (options.cancelled) */
} c2v_status;

/* A static, never-NULL English description of a status code. */
const char *c2v_strerror(c2v_status status);

typedef struct c2v_error {
    c2v_status status;
    int http_status; /* last HTTP status seen, 0 when none */
    int attempts;    /* HTTP attempts made by the failing call */
    char message[1024];
} c2v_error;

/* Records `status` and a printf-style message in `err` (may be NULL) and
 * returns `status`. */
c2v_status c2v_error_set(c2v_error *err, c2v_status status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Replaces every occurrence of `secret` (when at least 4 characters long) in
 * the NUL-terminated `text` with "***", in place. */
void c2v_redact(char *text, const char *secret);

/* ---- Configuration (api_config.json, Code2Video's shape) ---------------- */

typedef enum c2v_provider_kind {
    C2V_PROVIDER_NONE = 0, /* an entry that is not an LLM (e.g. "iconfinder") */
    C2V_PROVIDER_OPENAI,
    C2V_PROVIDER_ANTHROPIC,
    C2V_PROVIDER_GEMINI,
    C2V_PROVIDER_REPLAY
} c2v_provider_kind;

const char *c2v_provider_kind_name(c2v_provider_kind kind);

/* One resolved entry. The strings point into the c2v_config that produced it
 * and live as long as it does; absent values are "" (never NULL). */
typedef struct c2v_provider_config {
    const char *name; /* the entry's key in api_config.json */
    c2v_provider_kind kind;
    const char *base_url;    /* "" = the provider's public endpoint */
    const char *api_key;     /* "" for local servers and replay */
    const char *model;
    const char *api_version; /* Anthropic's anthropic-version header */
    const char *replay_dir;  /* replay: the folder of recordings */
    const char *replay_match; /* replay: "hash" (default), "order" or "hash,order" */
} c2v_provider_config;

typedef struct c2v_config c2v_config;

/* Loads api_config.json. Each entry's kind is its "provider" field
 * (openai|anthropic|gemini|replay) or else inferred from its name, base_url
 * and model. Environment variables override the file: C2V_API_KEY_<NAME>,
 * C2V_BASE_URL_<NAME>, C2V_MODEL_<NAME> (NAME upper-cased, other characters
 * as '_'); OPENAI_API_KEY / ANTHROPIC_API_KEY / GEMINI_API_KEY (or
 * GOOGLE_API_KEY) fill in a key the entry does not have. Roles: the optional
 * "roles": {"llm": NAME, "vlm": NAME} object, overridden by C2V_LLM / C2V_VLM. */
c2v_status c2v_config_load(const char *path, c2v_config **out, c2v_error *err);
/* Same, from JSON text; `origin` names it in messages. */
c2v_status c2v_config_parse(const char *json, const char *origin, c2v_config **out, c2v_error *err);
void c2v_config_destroy(c2v_config *cfg);

c2v_status c2v_config_entry(const c2v_config *cfg, const char *name, c2v_provider_config *out, c2v_error *err);
/* The entry chosen for a role ("llm" or "vlm"): C2V_LLM/C2V_VLM, then
 * "roles" in the file, then the first LLM entry of the file. */
c2v_status c2v_config_role(const c2v_config *cfg, const char *role, c2v_provider_config *out, c2v_error *err);
/* How c2v_config_role chose its entry, for the start-up line: "from C2V_LLM",
 * "roles.llm of FILE" or "the first LLM entry of FILE, which names no
 * \"roles\": ...". */
void c2v_config_role_source(const c2v_config *cfg, const char *role, char *out, size_t size);
/* The "api_key" of a non-LLM entry such as "iconfinder" ("" when absent). */
const char *c2v_config_key(const c2v_config *cfg, const char *name);

/* ---- Usage accounting (the EFF metric) ----------------------------------- */

typedef struct c2v_usage c2v_usage;

typedef struct c2v_usage_totals {
    long calls;    /* c2v_llm_call invocations */
    long attempts; /* HTTP attempts, retries included */
    long failures; /* calls that ended in an error */
    long prompt_tokens;
    long completion_tokens;
    double seconds;      /* LLM wait: the calls' wall time, backoff sleeps included */
    double wall_seconds; /* time spent in the stage itself, LLM waits included (c2v_usage_add with
                            calls 0 adds only this) */
} c2v_usage_totals;

c2v_status c2v_usage_create(c2v_usage **out);
void c2v_usage_destroy(c2v_usage *usage);
/* Adds one call's figures under `stage` and `topic` (NULL = "default"). */
c2v_status c2v_usage_add(c2v_usage *usage, const char *stage, const char *topic, const c2v_usage_totals *delta);
/* Totals over everything, or for one stage / one topic (NULL = any). */
c2v_usage_totals c2v_usage_get(const c2v_usage *usage, const char *stage, const char *topic);
/* A topic's own wall time (the generation's, not a sum of its stages, which
 * may overlap) and how many runs it took; set, not added. */
c2v_status c2v_usage_set_topic(c2v_usage *usage, const char *topic, double wall_seconds, int invocations);
/* Both 0 when the topic has none recorded. */
void c2v_usage_topic(const c2v_usage *usage, const char *topic, double *wall_seconds, int *invocations);
/* Adds every cell and topic record of `src` to `dst` (for a run's sum over topics). */
c2v_status c2v_usage_merge(c2v_usage *dst, const c2v_usage *src);
/* Adds what a usage.json written by c2v_usage_write holds (its "topics",
 * the rest being sums of them), under `as_topic` when it is not NULL. */
c2v_status c2v_usage_read(c2v_usage *usage, const char *path, const char *as_topic, c2v_error *err);
/* {"wall_seconds", "total": {...}, "stages": {...}, "topics": {name: {...,
 * "wall_seconds", "invocations", "stages": {...}}}}; NULL when out of memory. */
cJSON *c2v_usage_json(const c2v_usage *usage);
/* Writes c2v_usage_json atomically (c2v_file_write). */
c2v_status c2v_usage_write(const c2v_usage *usage, const char *path, c2v_error *err);

/* ---- Calls ------------------------------------------------------------------ */

typedef struct c2v_llm_options {
    long connect_timeout_ms;   /* default 10 000 */
    long timeout_ms;           /* whole attempt, default 300 000 */
    int max_attempts;          /* HTTP attempts per call, default 5 */
    long backoff_base_ms;      /* full jitter: sleep U(0, min(max, base*2^n)); default 1000 */
    long backoff_max_ms;       /* default 60 000 */
    long retry_budget_ms;      /* no retry starts after this much time in a call; default 600 000 */
    size_t max_response_bytes; /* default 16 MiB */
    int json_attempts;         /* c2v_llm_call_json: calls until valid JSON, default 3 */
    uint64_t seed;             /* jitter seed, 0 = from the clock */
    const char *record_dir;    /* when set, every successful call is saved there for replay */
    c2v_usage *usage;          /* when set, every call is counted there (not owned) */
    long wait_notice_ms;       /* a "still waiting" notice this often while one attempt waits; default
                                  30 000, 0: none */
    /* Notices for people watching: each retry (which call, why, how long it
     * waits), each "still waiting" line. One line each, no newline, the key
     * redacted. NULL: written to stderr after "c2v-llm: ". */
    void (*notify)(void *ctx, const char *line);
    void *notify_ctx;
    /* Polled while a call waits (about once a second, and between retries);
     * returning true ends the call with C2V_ERR_CANCELLED. NULL: never. */
    bool (*cancelled)(void *ctx);
    void *cancel_ctx;
} c2v_llm_options;

c2v_llm_options c2v_llm_options_default(void);

typedef struct c2v_llm_image {
    const unsigned char *data; /* the encoded file, e.g. PNG bytes */
    size_t size;
    const char *mime_type;     /* NULL = "image/png" */
} c2v_llm_image;

typedef struct c2v_llm_request {
    const char *system; /* may be NULL */
    const char *prompt;
    const c2v_llm_image *images;
    size_t image_count;
    const char *json_schema; /* JSON Schema text: ask for structured output (NULL = free text) */
    const char *schema_name; /* NULL = "result" */
    int max_tokens;          /* 0 = provider default (Anthropic requires one: 8192) */
    double temperature;      /* < 0 = provider default */
    const char *stage;       /* usage accounting: "planner", "coder", ... */
    const char *topic;
    const char *label;       /* names the call in notices, e.g. "s02 coder" (NULL: the stage) */
} c2v_llm_request;

typedef struct c2v_llm_response {
    char *text; /* the reply (for a tool-based structured reply, the tool input as JSON) */
    long prompt_tokens, completion_tokens;
    int attempts;    /* HTTP attempts, 0 for replay */
    int http_status; /* of the last attempt */
    double seconds;  /* wall time of the call */
} c2v_llm_response;

void c2v_llm_response_free(c2v_llm_response *resp);

typedef struct c2v_llm_client c2v_llm_client;

/* The client copies `provider`'s strings and `options` (but not the usage
 * object, which must outlive the client). */
c2v_status c2v_llm_client_create(const c2v_provider_config *provider, const c2v_llm_options *options,
                                 c2v_llm_client **out, c2v_error *err);
void c2v_llm_client_destroy(c2v_llm_client *client);

/* Sends one request, retrying 429, 5xx, network failures and a 2xx reply
 * whose body is not JSON (a proxy's HTML page) with backoff.
 * On success fills `resp` (free with c2v_llm_response_free). */
c2v_status c2v_llm_call(c2v_llm_client *client, const c2v_llm_request *req, c2v_llm_response *resp,
                        c2v_error *err);

/* Calls until the reply holds valid JSON (at most options.json_attempts
 * calls; each retry tells the model what was wrong). `*out` is the parsed
 * value (cJSON_Delete it); `resp` (optional) receives the last reply. */
c2v_status c2v_llm_call_json(c2v_llm_client *client, const c2v_llm_request *req, cJSON **out,
                             c2v_llm_response *resp, c2v_error *err);

/* ---- JSON extraction --------------------------------------------------------- */

/* Finds the JSON value in a model's reply: a ```json fenced block, else any
 * fenced block that parses, else the first balanced {...} or [...] (strings
 * and escapes honoured) that parses. Never crashes on any input. */
c2v_status c2v_json_extract(const char *text, cJSON **out, c2v_error *err);

/* ---- Small helpers ---------------------------------------------------------------- */

/* Reads a whole file (NUL-terminated; `*size` excludes the NUL) up to max_bytes. */
c2v_status c2v_file_read(const char *path, size_t max_bytes, char **data, size_t *size, c2v_error *err);
/* Writes `size` bytes to "<path>.part-<pid>" and renames it over `path`, so a
 * reader (or an interrupted run's next --resume) never sees half a file. */
c2v_status c2v_file_write(const char *path, const void *data, size_t size, c2v_error *err);

#ifdef __cplusplus
}
#endif
#endif
