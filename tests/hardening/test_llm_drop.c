/* The LLM connection drops mid-reply (docs/hardening.md): the scripted
 * server announces a whole body and closes the socket part-way. The client
 * retries per its policy; a reply that never arrives whole ends in a clear
 * network error after max_attempts, and a truncated body is never parsed as
 * if it were the reply. */
#include <stdlib.h>
#include <string.h>

#include "c2v_llm.h"
#include "lrtest.h"
#include "server_harness.h"

static const char *ok_body = "{\"choices\": [{\"message\": {\"content\": \"the whole reply\"}}], "
                             "\"usage\": {\"prompt_tokens\": 5, \"completion_tokens\": 3}}";

static c2v_llm_client *client_for(const char *base, int max_attempts)
{
    c2v_provider_config p = {"local", C2V_PROVIDER_OPENAI, base, "sk-test", "m", "", "", ""};
    c2v_llm_options opt = c2v_llm_options_default();
    opt.max_attempts = max_attempts;
    opt.backoff_base_ms = 1;
    opt.backoff_max_ms = 10;
    opt.seed = 7;
    c2v_llm_client *client = NULL;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_client_create(&p, &opt, &client, &err) == C2V_OK, "%s", err.message);
    return client;
}

int main(void)
{
    test_server server;
    LRT_CHECK(test_server_start(&server, "hardening_llm_drop"));
    if (server.pid <= 0)
        return lrt_finish("hardening_llm_drop");
    char script[1024], base[256];
    c2v_llm_request req = {.prompt = "hello", .temperature = -1, .stage = "drop"};
    c2v_llm_response resp;
    c2v_error err = {0};

    /* Two replies cut after 20 bytes, then a whole one: the third attempt
     * succeeds with the whole text. */
    snprintf(script, sizeof script,
             "{\"responses\": [{\"status\": 200, \"drop_after\": 20, \"body\": %s}, "
             "{\"status\": 200, \"drop_after\": 1, \"body\": %s}, {\"status\": 200, \"body\": %s}]}",
             ok_body, ok_body, ok_body);
    LRT_CHECK(test_server_scenario(&server, "recover", script, base, sizeof base));
    c2v_llm_client *client = client_for(base, 4);
    if (client) {
        LRT_CHECK_MSG(c2v_llm_call(client, &req, &resp, &err) == C2V_OK, "%s", err.message);
        LRT_CHECK(resp.attempts == 3);
        LRT_CHECK(resp.text && strcmp(resp.text, "the whole reply") == 0);
        c2v_llm_response_free(&resp);
        c2v_llm_client_destroy(client);
    }
    cJSON *reqs = test_server_requests(&server, "recover");
    LRT_CHECK_MSG(cJSON_GetArraySize(reqs) == 3, "%d requests", cJSON_GetArraySize(reqs));
    cJSON_Delete(reqs);

    /* Every reply cut: a network error naming the provider, the entry and
     * the cut, after exactly max_attempts attempts; no text. */
    snprintf(script, sizeof script, "{\"responses\": [{\"status\": 200, \"drop_after\": 40, \"body\": %s}]}", ok_body);
    LRT_CHECK(test_server_scenario(&server, "always", script, base, sizeof base));
    client = client_for(base, 3);
    if (client) {
        memset(&err, 0, sizeof err);
        c2v_status st = c2v_llm_call(client, &req, &resp, &err);
        LRT_CHECK_MSG(st == C2V_ERR_NETWORK, "status %d: %s", (int)st, err.message);
        LRT_CHECK(resp.text == NULL);
        LRT_CHECK_MSG(err.attempts == 3, "%d attempts", err.attempts);
        LRT_CHECK_MSG(strstr(err.message, "openai (entry \"local\")") && strstr(err.message, "gave up after 3 attempts"),
                      "%s", err.message);
        /* libcurl's words for a body shorter than its Content-Length. */
        LRT_CHECK_MSG(strstr(err.message, "Transferred a partial file") || strstr(err.message, "bytes remaining"),
                      "%s", err.message);
        c2v_llm_response_free(&resp);
        c2v_llm_client_destroy(client);
    }
    reqs = test_server_requests(&server, "always");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 3);
    cJSON_Delete(reqs);

    /* The JSON-repair loop (c2v_llm_call_json) goes through the same
     * retries: a cut reply is never handed to the JSON extractor. */
    snprintf(script, sizeof script,
             "{\"responses\": [{\"status\": 200, \"drop_after\": 30, \"body\": %s}, {\"status\": 200, \"body\": "
             "{\"choices\": [{\"message\": {\"content\": \"{\\\"a\\\": 1}\"}}]}}]}",
             ok_body);
    LRT_CHECK(test_server_scenario(&server, "json", script, base, sizeof base));
    client = client_for(base, 3);
    if (client) {
        cJSON *out = NULL;
        memset(&err, 0, sizeof err);
        LRT_CHECK_MSG(c2v_llm_call_json(client, &req, &out, &resp, &err) == C2V_OK, "%s", err.message);
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(out, "a");
        LRT_CHECK(cJSON_IsNumber(a) && a->valueint == 1);
        cJSON_Delete(out);
        c2v_llm_response_free(&resp);
        c2v_llm_client_destroy(client);
    }
    test_server_stop(&server);
    return lrt_finish("hardening_llm_drop");
}
