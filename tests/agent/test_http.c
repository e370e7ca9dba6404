/* The provider layer against a scripted server on 127.0.0.1 speaking each
 * provider's wire format: requests as sent, replies as parsed, retries,
 * failures, usage, record/replay and the c2v-llm tool. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "c2v_llm.h"
#include "lrtest.h"
#include "server_harness.h"

#define KEY "sk-test-9f8e7d6c5b4a39281706"

typedef struct ctx {
    c2v_usage *usage;
    unsigned char *png;
    size_t png_size;
    char *b64_png;          /* what the image must look like on the wire */
    char errors[8192];      /* every error message seen, for the key scan */
    const char *cli;        /* path of c2v-llm */
    test_server *server;
} ctx;


/* Adds a scenario to the test's server; `base` receives its URL. */
static bool scenario(ctx *c, const char *name, const char *script, char *base)
{
    char *text = test_quote(script);
    bool ok = text && test_server_scenario(c->server, name, text, base, 256);
    free(text);
    LRT_CHECK_MSG(ok, "scenario %s could not be set up", name);
    return ok;
}

static cJSON *requests(ctx *c, const char *name)
{
    return test_server_requests(c->server, name);
}

/* v at a dotted path ("a.b.0.c"; numbers index arrays). */
static const cJSON *jpath(const cJSON *v, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL;
    for (char *k = strtok_r(buf, ".", &save); k && v; k = strtok_r(NULL, ".", &save)) {
        if (cJSON_IsArray(v) && k[0] >= '0' && k[0] <= '9')
            v = cJSON_GetArrayItem(v, atoi(k));
        else
            v = cJSON_GetObjectItemCaseSensitive(v, k);
    }
    return v;
}

static const char *jstr(const cJSON *v, const char *path)
{
    const cJSON *s = jpath(v, path);
    return cJSON_IsString(s) ? s->valuestring : "";
}

static double jnum(const cJSON *v, const char *path)
{
    const cJSON *n = jpath(v, path);
    return cJSON_IsNumber(n) ? n->valuedouble : -1;
}

/* Header lookup, case-insensitive like HTTP. */
static const char *header(const cJSON *request, const char *name)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(request, "headers"))
    {
        if (h->string && strcasecmp(h->string, name) == 0 && cJSON_IsString(h))
            return h->valuestring;
    }
    return NULL;
}

/* The i-th request's body, parsed (cJSON_Delete it). */
static cJSON *request_body(const cJSON *requests, int i)
{
    return cJSON_Parse(jstr(cJSON_GetArrayItem(requests, i), "body"));
}

static c2v_llm_client *client_for(ctx *c, c2v_provider_kind kind, const char *name, const char *base_url,
                                  const char *model, const c2v_llm_options *opt_in)
{
    c2v_provider_config p = {name, kind, base_url, KEY, model, "", "", ""};
    c2v_llm_options opt = opt_in ? *opt_in : c2v_llm_options_default();
    opt.usage = c->usage;
    opt.seed = 12345;
    if (!opt_in) {
        opt.backoff_base_ms = 1;
        opt.backoff_max_ms = 20;
    }
    c2v_llm_client *client = NULL;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_client_create(&p, &opt, &client, &err) == C2V_OK, "%s", err.message);
    return client;
}

static void note_error(ctx *c, const c2v_error *err)
{
    size_t n = strlen(c->errors);
    snprintf(c->errors + n, sizeof c->errors - n, "%s\n", err->message);
}

static const char *schema = "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"}},"
                            "\"required\":[\"title\"],\"additionalProperties\":false}";

static void test_openai(ctx *c)
{
    char base[256];
    if (!scenario(c, "openai",
               "{'responses': [{'status': 200, 'body': {'id': 'x', 'object': 'chat.completion', 'choices': "
               "[{'index': 0, 'message': {'role': 'assistant', 'content': '{\\'title\\': \\'Pythagoras\\'}'}, "
               "'finish_reason': 'stop'}], 'usage': {'prompt_tokens': 11, 'completion_tokens': 7, "
               "'total_tokens': 18}}}]}", base))
        return;
    char v1[300];
    snprintf(v1, sizeof v1, "%s/v1", base);
    c2v_llm_options opt = c2v_llm_options_default();
    opt.record_dir = "recordings";
    c2v_llm_client *client = client_for(c, C2V_PROVIDER_OPENAI, "gpt51", v1, "gpt-5.1", &opt);
    c2v_llm_image img = {c->png, c->png_size, NULL};
    c2v_llm_request req = {.system = "You plan videos.", .prompt = "Plan a video on Pythagoras.", .images = &img,
                           .image_count = 1, .json_schema = schema, .schema_name = "plan", .max_tokens = 500,
                           .temperature = -1, .stage = "planner", .topic = "pythagoras"};
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(resp.text && strcmp(resp.text, "{\"title\": \"Pythagoras\"}") == 0);
    LRT_CHECK(resp.prompt_tokens == 11 && resp.completion_tokens == 7 && resp.attempts == 1);
    LRT_CHECK(resp.http_status == 200);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);

    cJSON *reqs = requests(c, "openai");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 1);
    const cJSON *r0 = cJSON_GetArrayItem(reqs, 0);
    LRT_CHECK(strcmp(jstr(r0, "path"), "/v1/chat/completions") == 0);
    LRT_CHECK(header(r0, "Authorization") && strcmp(header(r0, "Authorization"), "Bearer " KEY) == 0);
    LRT_CHECK(header(r0, "Content-Type") && strstr(header(r0, "Content-Type"), "application/json"));
    cJSON *body = request_body(reqs, 0);
    LRT_CHECK(strcmp(jstr(body, "model"), "gpt-5.1") == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.0.role"), "system") == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.0.content"), "You plan videos.") == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.1.role"), "user") == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.1.content.0.text"), "Plan a video on Pythagoras.") == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.1.content.1.type"), "image_url") == 0);
    const char *url = jstr(body, "messages.1.content.1.image_url.url");
    LRT_CHECK(strncmp(url, "data:image/png;base64,", 22) == 0 && strcmp(url + 22, c->b64_png) == 0);
    LRT_CHECK(strcmp(jstr(body, "response_format.type"), "json_schema") == 0);
    LRT_CHECK(strcmp(jstr(body, "response_format.json_schema.name"), "plan") == 0);
    LRT_CHECK(strcmp(jstr(body, "response_format.json_schema.schema.properties.title.type"), "string") == 0);
    LRT_CHECK(jnum(body, "max_completion_tokens") == 500);
    LRT_CHECK(jpath(body, "temperature") == NULL);
    cJSON_Delete(body);
    cJSON_Delete(reqs);
}

static void test_anthropic(ctx *c)
{
    char base[256];
    if (!scenario(c, "anthropic",
               "{'responses': [{'status': 200, 'body': {'id': 'msg_1', 'type': 'message', 'role': 'assistant', "
               "'content': [{'type': 'text', 'text': 'Here you go.'}, {'type': 'tool_use', 'id': 't1', "
               "'name': 'plan', 'input': {'title': 'Circles'}}], 'stop_reason': 'tool_use', "
               "'usage': {'input_tokens': 20, 'output_tokens': 5}}}]}", base))
        return;
    c2v_llm_options opt = c2v_llm_options_default();
    opt.record_dir = "recordings";
    c2v_llm_client *client = client_for(c, C2V_PROVIDER_ANTHROPIC, "claude", base, "claude-sonnet-4-5", &opt);
    c2v_llm_image img = {c->png, c->png_size, NULL};
    c2v_llm_request req = {.system = "You criticise frames.", .prompt = "Is the layout clean?", .images = &img,
                           .image_count = 1, .json_schema = schema, .schema_name = "plan", .temperature = 0.2,
                           .stage = "critic", .topic = "circles"};
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(resp.text && strcmp(resp.text, "{\"title\":\"Circles\"}") == 0);
    LRT_CHECK(resp.prompt_tokens == 20 && resp.completion_tokens == 5);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);

    cJSON *reqs = requests(c, "anthropic");
    const cJSON *r0 = cJSON_GetArrayItem(reqs, 0);
    LRT_CHECK(cJSON_GetArraySize(reqs) == 1);
    LRT_CHECK(strcmp(jstr(r0, "path"), "/v1/messages") == 0);
    LRT_CHECK(header(r0, "x-api-key") && strcmp(header(r0, "x-api-key"), KEY) == 0);
    LRT_CHECK(header(r0, "anthropic-version") && strcmp(header(r0, "anthropic-version"), "2023-06-01") == 0);
    LRT_CHECK(header(r0, "Authorization") == NULL);
    cJSON *body = request_body(reqs, 0);
    LRT_CHECK(strcmp(jstr(body, "model"), "claude-sonnet-4-5") == 0);
    LRT_CHECK(strcmp(jstr(body, "system"), "You criticise frames.") == 0);
    LRT_CHECK(jnum(body, "max_tokens") == 8192);
    LRT_CHECK_NEAR(jnum(body, "temperature"), 0.2, 1e-9);
    LRT_CHECK(strcmp(jstr(body, "messages.0.content.0.type"), "image") == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.0.content.0.source.type"), "base64") == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.0.content.0.source.media_type"), "image/png") == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.0.content.0.source.data"), c->b64_png) == 0);
    LRT_CHECK(strcmp(jstr(body, "messages.0.content.1.text"), "Is the layout clean?") == 0);
    LRT_CHECK(strcmp(jstr(body, "tools.0.name"), "plan") == 0);
    LRT_CHECK(strcmp(jstr(body, "tools.0.input_schema.type"), "object") == 0);
    LRT_CHECK(strcmp(jstr(body, "tool_choice.type"), "tool") == 0 && strcmp(jstr(body, "tool_choice.name"), "plan") == 0);
    cJSON_Delete(body);
    cJSON_Delete(reqs);
}

static void test_gemini(ctx *c)
{
    char base[256];
    if (!scenario(c, "gemini",
               "{'responses': [{'status': 200, 'body': {'candidates': [{'content': {'role': 'model', 'parts': "
               "[{'text': 'thinking...', 'thought': true}, {'text': 'A clean '}, {'text': 'layout.'}]}, "
               "'finishReason': 'STOP'}], 'usageMetadata': {'promptTokenCount': 30, 'candidatesTokenCount': 4, "
               "'thoughtsTokenCount': 2, 'totalTokenCount': 36}}}]}", base))
        return;
    c2v_llm_options opt = c2v_llm_options_default();
    opt.record_dir = "recordings";
    c2v_llm_client *client = client_for(c, C2V_PROVIDER_GEMINI, "gemini", base, "gemini-2.5-pro", &opt);
    c2v_llm_image img = {c->png, c->png_size, NULL};
    c2v_llm_request req = {.system = "You look at frames.", .prompt = "Describe the frame.", .images = &img,
                           .image_count = 1, .json_schema = schema, .max_tokens = 256, .temperature = -1,
                           .stage = "critic", .topic = "circles"};
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(resp.text && strcmp(resp.text, "A clean layout.") == 0);
    LRT_CHECK(resp.prompt_tokens == 30 && resp.completion_tokens == 6);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);

    cJSON *reqs = requests(c, "gemini");
    const cJSON *r0 = cJSON_GetArrayItem(reqs, 0);
    LRT_CHECK(cJSON_GetArraySize(reqs) == 1);
    LRT_CHECK(strcmp(jstr(r0, "path"), "/v1beta/models/gemini-2.5-pro:generateContent") == 0);
    LRT_CHECK(strstr(jstr(r0, "path"), "key=") == NULL);
    LRT_CHECK(header(r0, "x-goog-api-key") && strcmp(header(r0, "x-goog-api-key"), KEY) == 0);
    cJSON *body = request_body(reqs, 0);
    LRT_CHECK(strcmp(jstr(body, "systemInstruction.parts.0.text"), "You look at frames.") == 0);
    LRT_CHECK(strcmp(jstr(body, "contents.0.role"), "user") == 0);
    LRT_CHECK(strcmp(jstr(body, "contents.0.parts.0.text"), "Describe the frame.") == 0);
    LRT_CHECK(strcmp(jstr(body, "contents.0.parts.1.inline_data.mime_type"), "image/png") == 0);
    LRT_CHECK(strcmp(jstr(body, "contents.0.parts.1.inline_data.data"), c->b64_png) == 0);
    LRT_CHECK(strcmp(jstr(body, "generationConfig.responseMimeType"), "application/json") == 0);
    LRT_CHECK(strcmp(jstr(body, "generationConfig.responseSchema.type"), "object") == 0);
    LRT_CHECK(jpath(body, "generationConfig.responseSchema.additionalProperties") == NULL);
    LRT_CHECK(jnum(body, "generationConfig.maxOutputTokens") == 256);
    cJSON_Delete(body);
    cJSON_Delete(reqs);
}

/* Broken JSON first, then a fenced good reply: c2v_llm_call_json retries and
 * tells the model why. */
static void test_json_repair(ctx *c)
{
    char base[256];
    if (!scenario(c, "repair",
               "{'responses': ["
               "{'status': 200, 'body': {'choices': [{'message': {'content': 'Sure! {\\'scenes\\': [1, 2,, }'}}], "
               "'usage': {'prompt_tokens': 3, 'completion_tokens': 2}}},"
               "{'status': 200, 'body': {'choices': [{'message': {'content': 'Fixed:\\n```json\\n{\\'scenes\\': "
               "[1, 2]}\\n```'}}], 'usage': {'prompt_tokens': 4, 'completion_tokens': 2}}}]}", base))
        return;
    c2v_llm_client *client = client_for(c, C2V_PROVIDER_OPENAI, "gpt51", base, "gpt-5.1", NULL);
    c2v_llm_request req = {.prompt = "List the scenes as JSON.", .temperature = -1, .stage = "coder",
                           .topic = "pythagoras"};
    cJSON *out = NULL;
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_call_json(client, &req, &out, &resp, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(cJSON_GetArraySize(jpath(out, "scenes")) == 2);
    LRT_CHECK(resp.prompt_tokens == 4);
    cJSON_Delete(out);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);
    cJSON *reqs = requests(c, "repair");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
    cJSON *b1 = request_body(reqs, 1);
    const char *p1 = jstr(b1, "messages.0.content.0.text");
    LRT_CHECK(strstr(p1, "List the scenes as JSON.") && strstr(p1, "could not be used"));
    cJSON_Delete(b1);
    cJSON_Delete(reqs);

    /* Never valid: fails after json_attempts calls with a JSON error. */
    if (!scenario(c, "repair-fail",
               "{'responses': [{'status': 200, 'body': {'choices': [{'message': {'content': 'I cannot.'}}], "
               "'usage': {'prompt_tokens': 1, 'completion_tokens': 1}}}]}", base))
        return;
    c2v_llm_options opt = c2v_llm_options_default();
    opt.json_attempts = 2;
    client = client_for(c, C2V_PROVIDER_OPENAI, "gpt51", base, "gpt-5.1", &opt);
    LRT_CHECK(c2v_llm_call_json(client, &req, &out, NULL, &err) == C2V_ERR_JSON);
    LRT_CHECK(out == NULL && strstr(err.message, "after 2 calls"));
    note_error(c, &err);
    c2v_llm_client_destroy(client);
    reqs = requests(c, "repair-fail");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
    cJSON_Delete(reqs);
}

static void test_rate_limit(ctx *c)
{
    char base[256];
    if (!scenario(c, "429",
               "{'responses': [{'status': 429, 'headers': {'Retry-After': '1'}, 'body': {'error': {'message': "
               "'Rate limit reached', 'type': 'rate_limit_error'}}},"
               "{'status': 200, 'body': {'choices': [{'message': {'content': 'ok'}}], "
               "'usage': {'prompt_tokens': 8, 'completion_tokens': 1}}}]}", base))
        return;
    c2v_llm_client *client = client_for(c, C2V_PROVIDER_OPENAI, "gpt51", base, "gpt-5.1", NULL);
    c2v_llm_request req = {.prompt = "hello", .temperature = -1, .stage = "planner", .topic = "pythagoras"};
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(resp.attempts == 2);
    /* Backoff base is 1 ms here, so only Retry-After explains a 1 s wait. */
    LRT_CHECK_MSG(resp.seconds >= 0.99 && resp.seconds < 5, "took %.3f s", resp.seconds);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);
    cJSON *reqs = requests(c, "429");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
    double gap = jnum(cJSON_GetArrayItem(reqs, 1), "time") - jnum(cJSON_GetArrayItem(reqs, 0), "time");
    LRT_CHECK_MSG(gap >= 0.98, "second request came %.3f s after the first", gap);
    cJSON_Delete(reqs);

    /* A Retry-After beyond the retry budget ends the call at once. */
    if (!scenario(c, "503-budget", "{'responses': [{'status': 503, 'headers': {'Retry-After': '30'}, 'body': "
                                 "{'error': {'message': 'overloaded'}}}]}", base))
        return;
    c2v_llm_options opt = c2v_llm_options_default();
    opt.retry_budget_ms = 2000;
    client = client_for(c, C2V_PROVIDER_ANTHROPIC, "claude", base, "claude-x", &opt);
    req.stage = "budget";
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_SERVER);
    LRT_CHECK(resp.seconds < 1.0);
    LRT_CHECK(err.attempts == 1 && err.http_status == 503);
    LRT_CHECK(strstr(err.message, "retry budget") && strstr(err.message, "overloaded"));
    note_error(c, &err);
    c2v_llm_client_destroy(client);
}

static void test_server_errors(ctx *c)
{
    char base[256];
    if (!scenario(c, "500", "{'responses': [{'status': 500, 'body': {'error': {'message': 'internal'}}}]}", base))
        return;
    c2v_llm_options opt = c2v_llm_options_default();
    opt.max_attempts = 4;
    opt.backoff_base_ms = 5;
    opt.backoff_max_ms = 40;
    c2v_llm_client *client = client_for(c, C2V_PROVIDER_GEMINI, "gemini", base, "gemini-2.5-pro", &opt);
    c2v_llm_request req = {.prompt = "hello", .temperature = -1, .stage = "repair", .topic = "pythagoras"};
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_SERVER);
    LRT_CHECK(err.attempts == 4 && err.http_status == 500);
    LRT_CHECK(strstr(err.message, "gemini") && strstr(err.message, "HTTP 500") &&
              strstr(err.message, "gave up after 4 attempts"));
    LRT_CHECK(resp.text == NULL);
    note_error(c, &err);
    c2v_llm_client_destroy(client);
    cJSON *reqs = requests(c, "500");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 4);
    cJSON_Delete(reqs);

    /* 401: no retry, names provider and entry, never the key (which the
     * server echoes back, as real providers partly do). */
    if (!scenario(c, "401", "{'responses': [{'status': 401, 'body': {'error': {'message': "
                          "'Incorrect API key provided: " KEY "', 'type': 'invalid_request_error'}}}]}", base))
        return;
    client = client_for(c, C2V_PROVIDER_OPENAI, "gpt51", base, "gpt-5.1", NULL);
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_AUTH);
    LRT_CHECK(err.attempts == 1 && err.http_status == 401);
    LRT_CHECK(strstr(err.message, "openai") && strstr(err.message, "\"gpt51\"") && strstr(err.message, "401"));
    LRT_CHECK_MSG(strstr(err.message, KEY) == NULL, "key in: %s", err.message);
    LRT_CHECK(strstr(err.message, "Incorrect API key provided: ***") != NULL);
    note_error(c, &err);
    c2v_llm_client_destroy(client);

    /* 400 is the caller's fault: not retried. */
    if (!scenario(c, "400", "{'responses': [{'status': 400, 'body': {'error': {'message': 'bad model'}}}]}", base))
        return;
    client = client_for(c, C2V_PROVIDER_ANTHROPIC, "claude", base, "claude-x", NULL);
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_HTTP);
    LRT_CHECK(err.attempts == 1 && strstr(err.message, "bad model"));
    note_error(c, &err);
    c2v_llm_client_destroy(client);

    /* Total timeout, retried, then reported as a timeout. */
    if (!scenario(c, "slow", "{'responses': [{'status': 200, 'delay_ms': 1500, 'body': {}}]}", base))
        return;
    opt = c2v_llm_options_default();
    opt.timeout_ms = 200;
    opt.max_attempts = 2;
    opt.backoff_base_ms = 1;
    client = client_for(c, C2V_PROVIDER_OPENAI, "local", base, "m", &opt);
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_TIMEOUT);
    LRT_CHECK(err.attempts == 2);
    note_error(c, &err);
    c2v_llm_client_destroy(client);

    /* Replies over the size cap are refused, not buffered. */
    if (!scenario(c, "big", "{'responses': [{'status': 200, 'big_body': 3000000}]}", base))
        return;
    opt = c2v_llm_options_default();
    opt.max_response_bytes = 1 << 20;
    client = client_for(c, C2V_PROVIDER_OPENAI, "local", base, "m", &opt);
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_LIMIT);
    LRT_CHECK(err.attempts == 1 && strstr(err.message, "limit"));
    note_error(c, &err);
    c2v_llm_client_destroy(client);

    /* Nothing listening (port 1 is privileged and unused): a network error
     * after the attempts. */
    opt = c2v_llm_options_default();
    opt.max_attempts = 2;
    opt.backoff_base_ms = 1;
    client = client_for(c, C2V_PROVIDER_OPENAI, "local", "http://127.0.0.1:1", "m", &opt);
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_NETWORK);
    LRT_CHECK(err.attempts == 2);
    note_error(c, &err);
    c2v_llm_client_destroy(client);
}

/* 200 replies in JSON but not in the shape the provider documents: errors,
 * no crash, no retry (the model may answer otherwise next time; that is the
 * caller's to decide). */
static void test_malformed(ctx *c)
{
    char base[256];
    if (!scenario(c, "malformed",
               "{'responses': ["
               "{'status': 200, 'body': {'choices': 5}},"
               "{'status': 200, 'body': {'choices': [{'message': {'content': null}}]}},"
               "{'status': 200, 'body': {'choices': [{'message': {'refusal': 'I will not.'}}]}},"
               "{'status': 200, 'body': {'content': 'x', 'usage': 7}},"
               "{'status': 200, 'body': {'content': [{'type': 'image'}]}},"
               "{'status': 200, 'body': {'candidates': []}},"
               "{'status': 200, 'body': {'candidates': [{'content': {'parts': [{'text': 5}]}, "
               "'finishReason': 'SAFETY'}]}},"
               "{'status': 200, 'body': []}"
               "], 'repeat_last': false}", base))
        return;
    c2v_llm_client *oa = client_for(c, C2V_PROVIDER_OPENAI, "gpt51", base, "gpt-5.1", NULL);
    c2v_llm_client *an = client_for(c, C2V_PROVIDER_ANTHROPIC, "claude", base, "claude-x", NULL);
    c2v_llm_client *ge = client_for(c, C2V_PROVIDER_GEMINI, "gemini", base, "gemini-x", NULL);
    c2v_llm_client *order[] = {oa, oa, oa, an, an, ge, ge, ge};
    c2v_llm_request req = {.prompt = "hello", .temperature = -1, .stage = "malformed"};
    for (int i = 0; i < 8; i++) {
        c2v_llm_response resp;
        c2v_error err = {0};
        c2v_status st = c2v_llm_call(order[i], &req, &resp, &err);
        LRT_CHECK_MSG(st == C2V_ERR_RESPONSE && resp.text == NULL && err.attempts == 1, "reply %d: %s", i,
                      err.message);
        if (i == 2)
            LRT_CHECK(strstr(err.message, "refused") != NULL);
        if (i == 6)
            LRT_CHECK(strstr(err.message, "SAFETY") != NULL);
        note_error(c, &err);
    }
    c2v_llm_client_destroy(oa);
    c2v_llm_client_destroy(an);
    c2v_llm_client_destroy(ge);
    cJSON *reqs = requests(c, "malformed");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 8);
    cJSON_Delete(reqs);
}

/* What a test sees of the client's notices and cancellation. */
typedef struct watch {
    char lines[16384];
    int count;
    double cancel_at; /* c2v_now-style seconds; 0: never */
    double start;
} watch;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_notice(void *user, const char *line)
{
    watch *w = user;
    size_t n = strlen(w->lines);
    snprintf(w->lines + n, sizeof w->lines - n, "%s\n", line);
    w->count++;
}

static bool on_cancelled(void *user)
{
    watch *w = user;
    return w->cancel_at > 0 && now_s() - w->start >= w->cancel_at;
}

/* A client whose notices and cancellation go to `w` (usage not counted). */
static c2v_llm_client *watched_client(c2v_provider_kind kind, const char *base_url, c2v_llm_options opt, watch *w)
{
    c2v_provider_config p = {"watched", kind, base_url, KEY, "m-1", "", "", ""};
    opt.seed = 7;
    opt.notify = on_notice;
    opt.notify_ctx = w;
    opt.cancelled = on_cancelled;
    opt.cancel_ctx = w;
    w->start = now_s();
    c2v_llm_client *client = NULL;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_client_create(&p, &opt, &client, &err) == C2V_OK, "%s", err.message);
    return client;
}

/* An HTTP 200 whose body is a proxy's HTML page is retried like a 5xx, in
 * every wire format, with one notice per retry saying which call, why and
 * how long it waits; when it never ends the call fails as a server error. */
static void test_not_json(ctx *c)
{
    static const struct {
        c2v_provider_kind kind;
        const char *path; /* appended to the scenario's URL */
    } kinds[] = {{C2V_PROVIDER_OPENAI, "/v1"}, {C2V_PROVIDER_ANTHROPIC, ""}, {C2V_PROVIDER_GEMINI, ""}};
    for (size_t k = 0; k < 3; k++) {
        char name[32], base[256], url[300];
        snprintf(name, sizeof name, "html-%zu", k);
        if (!scenario(c, name,
                      "{'responses': [{'status': 200, 'content_type': 'text/html', 'body': "
                      "'<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'},"
                      " {'reply': 'fine', 'usage': [3, 1]}]}", base))
            return;
        snprintf(url, sizeof url, "%s%s", base, kinds[k].path);
        watch w = {0};
        c2v_llm_options opt = c2v_llm_options_default();
        opt.backoff_base_ms = 200;
        opt.backoff_max_ms = 200;
        c2v_llm_client *client = watched_client(kinds[k].kind, url, opt, &w);
        c2v_llm_request req = {.prompt = "hello", .temperature = -1, .stage = "outline", .label = "s03 coder"};
        c2v_llm_response resp;
        c2v_error err = {0};
        LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s: %s",
                      c2v_provider_kind_name(kinds[k].kind), err.message);
        LRT_CHECK(resp.attempts == 2 && resp.text && strcmp(resp.text, "fine") == 0);
        c2v_llm_response_free(&resp);
        c2v_llm_client_destroy(client);
        LRT_CHECK_MSG(w.count == 1, "%d notices: %s", w.count, w.lines);
        LRT_CHECK_MSG(strstr(w.lines, "s03 coder: ") == w.lines && strstr(w.lines, "not JSON") &&
                          strstr(w.lines, "text/html") && strstr(w.lines, "502 Bad Gateway") &&
                          strstr(w.lines, "waiting 0.") && strstr(w.lines, "before attempt 2 of 5") &&
                          strstr(w.lines, c2v_provider_kind_name(kinds[k].kind)),
                      "notice: %s", w.lines);
        cJSON *reqs = requests(c, name);
        LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
        cJSON_Delete(reqs);
    }

    /* HTML forever: a server error after the attempts, naming what came back. */
    char base[256];
    if (!scenario(c, "html-forever", "{'responses': [{'status': 200, 'content_type': 'text/html', 'body': "
                                     "'<html>maintenance</html>'}]}", base))
        return;
    watch w = {0};
    c2v_llm_options opt = c2v_llm_options_default();
    opt.max_attempts = 3;
    opt.backoff_base_ms = 1;
    c2v_llm_client *client = watched_client(C2V_PROVIDER_OPENAI, base, opt, &w);
    c2v_llm_request req = {.prompt = "hello", .temperature = -1, .stage = "critic"};
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_SERVER);
    LRT_CHECK(err.attempts == 3);
    LRT_CHECK_MSG(strstr(err.message, "not JSON") && strstr(err.message, "maintenance") &&
                      strstr(err.message, "gave up after 3 attempts"), "%s", err.message);
    LRT_CHECK_MSG(w.count == 2 && strstr(w.lines, "critic: "), "%d notices: %s", w.count, w.lines);
    note_error(c, &err);
    c2v_llm_client_destroy(client);
}

/* A call that waits says so every wait_notice_ms; a cancellation ends it
 * while it waits, and ends a back-off sleep too. */
static void test_waits(ctx *c)
{
    char base[256];
    if (!scenario(c, "stuck", "{'responses': [{'reply': 'late', 'usage': [1, 1], 'delay_ms': 2600}]}", base))
        return;
    watch w = {0};
    c2v_llm_options opt = c2v_llm_options_default();
    opt.wait_notice_ms = 1000;
    c2v_llm_client *client = watched_client(C2V_PROVIDER_OPENAI, base, opt, &w);
    c2v_llm_request req = {.prompt = "hello", .temperature = -1, .stage = "storyboard"};
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s", err.message);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);
    LRT_CHECK_MSG(w.count >= 1 && w.count <= 3, "%d notices: %s", w.count, w.lines);
    LRT_CHECK_MSG(strstr(w.lines, "storyboard: still waiting on openai (entry \"watched\"), attempt 1 of 5 (1 s)") ==
                      w.lines, "notices: %s", w.lines);
    LRT_CHECK(strstr(w.lines, KEY) == NULL);

    if (!scenario(c, "stuck-long", "{'responses': [{'reply': 'never seen', 'delay_ms': 8000}]}", base))
        return;
    watch w2 = {.cancel_at = 0.5};
    client = watched_client(C2V_PROVIDER_OPENAI, base, c2v_llm_options_default(), &w2);
    double t0 = now_s();
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_CANCELLED);
    double took = now_s() - t0;
    LRT_CHECK_MSG(took < 3.0, "a cancelled call took %.2f s", took);
    LRT_CHECK(strstr(err.message, "cancelled") != NULL);
    c2v_llm_client_destroy(client);

    if (!scenario(c, "cancel-backoff", "{'responses': [{'status': 503, 'body': {'error': {'message': 'busy'}}}]}",
                  base))
        return;
    watch w3 = {.cancel_at = 0.3};
    opt = c2v_llm_options_default();
    opt.backoff_base_ms = 20000;
    opt.backoff_max_ms = 20000;
    opt.seed = 1;
    client = watched_client(C2V_PROVIDER_OPENAI, base, opt, &w3);
    t0 = now_s();
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_CANCELLED);
    took = now_s() - t0;
    LRT_CHECK_MSG(took < 3.0, "a cancelled back-off took %.2f s", took);
    c2v_llm_client_destroy(client);
    cJSON *reqs = requests(c, "cancel-backoff");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 1);
    cJSON_Delete(reqs);
}

/* Azure's classic deployment URL: the path goes before the query string,
 * the key in api-key alone (no Bearer), and never in a message. */
static void test_azure_deployment(ctx *c)
{
    char base[256], url[400];
    if (!scenario(c, "azure", "{'responses': [{'status': 500, 'body': {'error': {'message': 'hiccup'}}},"
                              " {'reply': 'from azure', 'usage': [4, 2]}]}", base))
        return;
    snprintf(url, sizeof url, "%s/openai/deployments/gpt-4o-prod/?api-version=2024-10-21", base);
    watch w = {0};
    c2v_llm_options opt = c2v_llm_options_default();
    opt.backoff_base_ms = 1;
    c2v_llm_client *client = watched_client(C2V_PROVIDER_OPENAI, url, opt, &w);
    c2v_llm_request req = {.prompt = "hello", .temperature = -1, .stage = "outline"};
    c2v_llm_response resp;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(resp.text && strcmp(resp.text, "from azure") == 0);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);
    cJSON *reqs = requests(c, "azure");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
    const cJSON *r0 = cJSON_GetArrayItem(reqs, 0);
    LRT_CHECK_MSG(strcmp(jstr(r0, "path"), "/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21") ==
                      0, "request line path %s", jstr(r0, "path"));
    LRT_CHECK(header(r0, "api-key") && strcmp(header(r0, "api-key"), KEY) == 0);
    LRT_CHECK(header(r0, "Authorization") == NULL);
    cJSON_Delete(reqs);
    LRT_CHECK_MSG(w.count == 1 && strstr(w.lines, "HTTP 500"), "notices: %s", w.lines);
    LRT_CHECK(strstr(w.lines, KEY) == NULL);

    /* The v1 endpoint (…/openai/v1) keeps Bearer and adds api-key on *.azure.com only. */
    if (!scenario(c, "v1-query", "{'responses': [{'reply': 'v1', 'usage': [1, 1]}]}", base))
        return;
    snprintf(url, sizeof url, "%s/v1?tenant=x", base);
    watch w2 = {0};
    client = watched_client(C2V_PROVIDER_OPENAI, url, c2v_llm_options_default(), &w2);
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_OK);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);
    reqs = requests(c, "v1-query");
    r0 = cJSON_GetArrayItem(reqs, 0);
    LRT_CHECK(strcmp(jstr(r0, "path"), "/v1/chat/completions?tenant=x") == 0);
    LRT_CHECK(header(r0, "Authorization") && strcmp(header(r0, "Authorization"), "Bearer " KEY) == 0);
    LRT_CHECK(header(r0, "api-key") == NULL);
    cJSON_Delete(reqs);
}

static void remove_recordings(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        remove(path);
    }
    if (d)
        closedir(d);
}

/* The calls recorded above answer again with no server and no key. */
static void test_replay(ctx *c)
{
    c2v_config *cfg = NULL;
    c2v_error err = {0};
    LRT_CHECK(c2v_config_parse("{\"rec\": {\"provider\": \"replay\", \"dir\": \"recordings\"},"
                               " \"seq\": {\"provider\": \"replay\", \"dir\": \"recordings\", \"match\": \"order\"}}",
                               "replay-config", &cfg, &err) == C2V_OK);
    c2v_provider_config p;
    LRT_CHECK(c2v_config_entry(cfg, "rec", &p, &err) == C2V_OK);
    c2v_llm_options opt = c2v_llm_options_default();
    opt.usage = c->usage;
    c2v_llm_client *client = NULL;
    LRT_CHECK(c2v_llm_client_create(&p, &opt, &client, &err) == C2V_OK);
    c2v_llm_image img = {c->png, c->png_size, NULL};
    /* The Gemini call's request, in a different order of fields: same key. */
    c2v_llm_request req = {.system = "You look at frames.", .prompt = "Describe the frame.", .images = &img,
                           .image_count = 1, .json_schema = schema, .temperature = -1, .stage = "replay"};
    c2v_llm_response resp;
    LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(resp.text && strcmp(resp.text, "A clean layout.") == 0);
    LRT_CHECK(resp.prompt_tokens == 30 && resp.completion_tokens == 6 && resp.attempts == 0);
    c2v_llm_response_free(&resp);
    req.prompt = "Plan a video on Pythagoras.";
    req.system = "You plan videos.";
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_OK);
    LRT_CHECK(resp.text && strcmp(resp.text, "{\"title\": \"Pythagoras\"}") == 0);
    c2v_llm_response_free(&resp);
    /* A different image is a different request. */
    unsigned char other[4] = {1, 2, 3, 4};
    c2v_llm_image img2 = {other, 4, NULL};
    req.images = &img2;
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_REPLAY_MISS);
    LRT_CHECK(strstr(err.message, "recordings") != NULL);
    c2v_llm_client_destroy(client);

    /* Order matching: the n-th call gets the n-th recording whatever it asks. */
    LRT_CHECK(c2v_config_entry(cfg, "seq", &p, &err) == C2V_OK);
    LRT_CHECK(c2v_llm_client_create(&p, &opt, &client, &err) == C2V_OK);
    const char *expect[] = {"{\"title\": \"Pythagoras\"}", "{\"title\":\"Circles\"}", "A clean layout."};
    for (int i = 0; i < 3; i++) {
        LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_OK);
        LRT_CHECK(resp.text && strcmp(resp.text, expect[i]) == 0);
        c2v_llm_response_free(&resp);
    }
    LRT_CHECK(c2v_llm_call(client, &req, &resp, &err) == C2V_ERR_REPLAY_MISS);
    c2v_llm_client_destroy(client);
    c2v_config_destroy(cfg);
}

static int run_cli(const char *cli, const char *args, const char *out, const char *errf)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' %s > %s 2> %s", cli, args, out, errf);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void test_cli(ctx *c)
{
    if (!c->cli) {
        LRT_CHECK_MSG(0, "no path to c2v-llm given");
        return;
    }
    FILE *f = fopen("cli-config.json", "wb");
    char base[256];
    bool up = scenario(c, "cli-401", "{'responses': [{'status': 401, 'body': {'error': {'message': "
                                     "'invalid x-api-key " KEY "'}}}]}", base);
    if (!f || !up) {
        if (f)
            fclose(f);
        return;
    }
    fprintf(f, "{\"replay\": {\"provider\": \"replay\", \"dir\": \"recordings\", \"match\": \"order\"},\n"
               " \"claude\": {\"provider\": \"anthropic\", \"base_url\": \"%s\", \"api_key\": \"from-file-not-used\", \"model\": \"claude-x\"},\n"
               " \"roles\": {\"llm\": \"replay\"}}\n", base);
    fclose(f);
    int rc = run_cli(c->cli, "--config cli-config.json --system 'You plan videos.' --usage cli-usage.json "
                             "Plan a video on Pythagoras.", "cli-out.txt", "cli-err.txt");
    LRT_CHECK(rc == 0);
    LRT_CHECK(test_file_contains("cli-out.txt", "{\"title\": \"Pythagoras\"}") == 1);
    LRT_CHECK(test_file_contains("cli-usage.json", "\"prompt_tokens\":\t11") == 1);

    setenv("C2V_API_KEY_CLAUDE", KEY, 1);
    rc = run_cli(c->cli, "--config cli-config.json --entry claude hello", "cli-out2.txt", "cli-err2.txt");
    unsetenv("C2V_API_KEY_CLAUDE");
    LRT_CHECK(rc == 1);
    LRT_CHECK(test_file_contains("cli-err2.txt", "anthropic (entry \"claude\") rejected the API key") == 1);
    LRT_CHECK(test_file_contains("cli-err2.txt", KEY) == 0);
    LRT_CHECK(test_file_contains("cli-out2.txt", KEY) == 0);
    LRT_CHECK(test_file_contains("cli-err2.txt", "from-file-not-used") == 0);
    cJSON *reqs = requests(c, "cli-401");
    LRT_CHECK(strcmp(header(cJSON_GetArrayItem(reqs, 0), "x-api-key") ? header(cJSON_GetArrayItem(reqs, 0), "x-api-key") : "", KEY) == 0);
    cJSON_Delete(reqs);
}

/* usage.json = the sum of what the server reported, attempts included. */
static void test_usage_and_secrets(ctx *c)
{
    c2v_error err = {0};
    LRT_CHECK(c2v_usage_write(c->usage, "usage.json", &err) == C2V_OK);
    char *text = NULL;
    LRT_CHECK(c2v_file_read("usage.json", 1 << 20, &text, NULL, &err) == C2V_OK);
    cJSON *u = cJSON_Parse(text ? text : "");
    free(text);
    /* Server-reported usage of the successful replies: openai 11+7, anthropic
     * 20+5, gemini 30+(4+2), repair 3+2 and 4+2, repair-fail 2x(1+1), 429 8+1;
     * replay answers count their recorded usage again: gemini 30+6,
     * openai 11+7 (x2: hash and order), anthropic 20+5. */
    long prompt = 11 + 20 + 30 + 3 + 4 + 2 + 8 + (30 + 11) + (11 + 20 + 30);
    long completion = 7 + 5 + 6 + 2 + 2 + 2 + 1 + (6 + 7) + (7 + 5 + 6);
    LRT_CHECK_MSG(jnum(u, "total.prompt_tokens") == prompt, "prompt %g != %ld", jnum(u, "total.prompt_tokens"), prompt);
    LRT_CHECK_MSG(jnum(u, "total.completion_tokens") == completion, "completion %g != %ld",
                  jnum(u, "total.completion_tokens"), completion);
    LRT_CHECK(jnum(u, "total.total_tokens") == prompt + completion);
    /* Stage planner: openai (1 attempt) + 429 call (2 attempts). */
    LRT_CHECK(jnum(u, "stages.planner.calls") == 2 && jnum(u, "stages.planner.attempts") == 3);
    LRT_CHECK(jnum(u, "stages.planner.prompt_tokens") == 19);
    LRT_CHECK(jnum(u, "stages.repair.attempts") == 4 + 1 + 1 + 2 + 1 + 2);
    LRT_CHECK(jnum(u, "stages.repair.failures") == 6);
    LRT_CHECK(jnum(u, "stages.coder.calls") == 4);
    LRT_CHECK(jnum(u, "topics.circles.stages.critic.prompt_tokens") == 50);
    LRT_CHECK(jnum(u, "topics.pythagoras.seconds") >= 1.0);
    LRT_CHECK(jnum(u, "stages.malformed.failures") == 8);
    cJSON_Delete(u);

    /* The key is in no artefact and no message. */
    LRT_CHECK(strstr(c->errors, KEY) == NULL);
    LRT_CHECK(strstr(c->errors, "***") != NULL);
    LRT_CHECK(test_file_contains("usage.json", KEY) == 0);
    LRT_CHECK(test_file_contains("cli-usage.json", KEY) == 0);
    DIR *d = opendir("recordings");
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "recordings/%s", de->d_name);
        LRT_CHECK_MSG(test_file_contains(path, KEY) == 0, "key in %s", path);
        n++;
    }
    if (d)
        closedir(d);
    LRT_CHECK(n == 3);
}

int main(int argc, char **argv)
{
    ctx c = {0};
    c.cli = argc > 1 ? argv[1] : NULL;
    mkdir("recordings", 0777);
    remove_recordings("recordings");
    LRT_CHECK(c2v_usage_create(&c.usage) == C2V_OK);

    /* A real PNG, made with librender's public API. */
    lr_image img = {0};
    LRT_CHECK_OK(lr_image_alloc(&img, 4, 4));
    for (int i = 0; i < 64; i++)
        img.pixels[i] = (uint8_t)(i * 4);
    LRT_CHECK_OK(lr_image_write_png(&img, "agent-frame.png", NULL));
    lr_image_free(&img);
    char *png = NULL;
    LRT_CHECK(c2v_file_read("agent-frame.png", 1 << 20, &png, &c.png_size, NULL) == C2V_OK);
    c.png = (unsigned char *)png;
    /* Independent check of the wire encoding: Python's base64. */
    FILE *p = popen("python3 -c \"import base64,sys;sys.stdout.write(base64.b64encode(open('agent-frame.png','rb')"
                    ".read()).decode())\"", "r");
    char b64[4096] = "";
    if (p) {
        size_t n = fread(b64, 1, sizeof b64 - 1, p);
        b64[n] = '\0';
        pclose(p);
    }
    c.b64_png = b64;
    LRT_CHECK(strlen(b64) > 40);

    test_server server;
    LRT_CHECK(test_server_start(&server, "agent_http"));
    c.server = &server;
    if (server.pid > 0) {
        test_openai(&c);
        test_anthropic(&c);
        test_gemini(&c);
        test_json_repair(&c);
        test_rate_limit(&c);
        test_server_errors(&c);
        test_malformed(&c);
        test_not_json(&c);
        test_waits(&c);
        test_azure_deployment(&c);
        test_cli(&c);
        test_server_stop(&server);
        /* From here on nothing listens: replay needs no server. */
        test_replay(&c);
        test_usage_and_secrets(&c);
    }

    c2v_usage_destroy(c.usage);
    free(png);
    return lrt_finish("agent_http");
}
