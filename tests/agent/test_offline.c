/* The agent's pieces that need no server: JSON extraction, configuration,
 * redaction, usage accounting. */
#include <stdlib.h>
#include <string.h>

#include "c2v_llm.h"
#include "lrtest.h"

/* Extracts and checks that member "k" of the result equals `want`. */
static void check_extract_k(const char *text, int want)
{
    cJSON *v = NULL;
    c2v_error err = {0};
    c2v_status st = c2v_json_extract(text, &v, &err);
    LRT_CHECK_MSG(st == C2V_OK, "extract failed on %s: %s", text, err.message);
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(v, "k");
    LRT_CHECK_MSG(cJSON_IsNumber(k) && k->valueint == want, "wrong k for %s", text);
    cJSON_Delete(v);
}

static void check_extract_fails(const char *text)
{
    cJSON *v = NULL;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_json_extract(text, &v, &err) == C2V_ERR_JSON, "expected failure on %.40s", text);
    LRT_CHECK(v == NULL);
    LRT_CHECK(err.status == C2V_ERR_JSON && strstr(err.message, "no valid JSON"));
}

static void test_extract(void)
{
    check_extract_k("{\"k\": 1}", 1);
    check_extract_k("  {\"k\": 2}\n", 2);
    check_extract_k("Here it is:\n```json\n{\"k\": 3}\n```\nHope it helps.", 3);
    check_extract_k("```\n{\"k\": 4}\n```", 4);
    /* The json-tagged fence wins over an earlier untagged one. */
    check_extract_k("```python\nx = {'k': 0}\n```\n```json\n{\"k\": 5}\n```", 5);
    check_extract_k("The plan is {\"k\": 6, \"note\": \"a } and a { in a string\"} as asked.", 6);
    check_extract_k("Escapes: {\"k\": 7, \"s\": \"quote \\\" brace } \\\\\"} done", 7);
    /* A broken candidate is skipped for a later good one. */
    check_extract_k("first {\"k\": 0,, } then {\"k\": 8}", 8);
    check_extract_k("{\"outer\": [1, 2], \"k\": 9}", 9);
    cJSON *v = NULL;
    LRT_CHECK(c2v_json_extract("Scenes: [{\"a\":1},{\"a\":2}] end", &v, NULL) == C2V_OK);
    LRT_CHECK(cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2);
    cJSON_Delete(v);

    check_extract_fails("");
    check_extract_fails("no json here at all");
    check_extract_fails("{\"k\": 1,, }");
    check_extract_fails("```json\n{broken\n```");
    check_extract_fails("{\"unterminated\": \"string}");
    check_extract_fails("]]]}}}{{{[[[");
    check_extract_fails("42");
    LRT_CHECK(c2v_json_extract(NULL, &v, NULL) == C2V_ERR_INVALID_ARG);

    /* Deep nesting and a long run of unclosed brackets: no crash, bounded time. */
    size_t n = 200000;
    char *deep = malloc(n + 1);
    LRT_CHECK(deep != NULL);
    if (deep) {
        memset(deep, '[', n);
        deep[n] = '\0';
        LRT_CHECK(c2v_json_extract(deep, &v, NULL) == C2V_ERR_JSON);
        for (size_t i = 0; i < n; i += 2)
            deep[i] = '{', deep[i + 1] = '"';
        LRT_CHECK(c2v_json_extract(deep, &v, NULL) == C2V_ERR_JSON);
        free(deep);
    }
    /* Every prefix of a valid reply: never a crash, and never a wrong success. */
    const char *full = "text ```json\n{\"k\": [1, {\"s\": \"x\\\"y\"}]}\n``` tail";
    size_t len = strlen(full);
    int ok = 0;
    for (size_t i = 0; i <= len; i++) {
        char buf[128];
        memcpy(buf, full, i);
        buf[i] = '\0';
        if (c2v_json_extract(buf, &v, NULL) == C2V_OK) {
            ok++;
            cJSON_Delete(v);
        }
    }
    LRT_CHECK(ok >= 1);
}

static const char *sample_config =
    "{\n"
    "  \"gemini\": {\"api_key\": \"g-file-key\", \"model\": \"gemini-2.5-pro\"},\n"
    "  \"gpt51\": {\"base_url\": \"https://example.openai.azure.com/openai/v1\", \"api_key\": \"o-file-key\", "
    "\"model\": \"gpt-5.1\"},\n"
    "  \"claude\": {\"base_url\": \"https://x.services.ai.azure.com/anthropic\", \"api_key\": \"\", "
    "\"model\": \"claude-sonnet-4-5\"},\n"
    "  \"local\": {\"base_url\": \"http://127.0.0.1:8080/v1\", \"model\": \"qwen\"},\n"
    "  \"forced\": {\"provider\": \"gemini\", \"base_url\": \"http://proxy\", \"model\": \"m\"},\n"
    "  \"rec\": {\"provider\": \"replay\", \"dir\": \"recordings\", \"match\": \"order\"},\n"
    "  \"iconfinder\": {\"api_key\": \"icon-key\"},\n"
    "  \"roles\": {\"llm\": \"gpt51\", \"vlm\": \"gemini\"}\n"
    "}\n";

static void test_config(void)
{
    unsetenv("C2V_LLM");
    unsetenv("C2V_VLM");
    unsetenv("OPENAI_API_KEY");
    unsetenv("GEMINI_API_KEY");
    unsetenv("GOOGLE_API_KEY");
    setenv("ANTHROPIC_API_KEY", "a-env-key", 1);
    setenv("C2V_API_KEY_GEMINI", "g-env-key", 1);
    setenv("C2V_MODEL_GPT51", "gpt-env-model", 1);

    c2v_config *cfg = NULL;
    c2v_error err = {0};
    LRT_CHECK(c2v_config_parse(sample_config, "sample", &cfg, &err) == C2V_OK);
    if (!cfg) {
        fprintf(stderr, "%s\n", err.message);
        return;
    }
    c2v_provider_config p;
    LRT_CHECK(c2v_config_entry(cfg, "gemini", &p, NULL) == C2V_OK && p.kind == C2V_PROVIDER_GEMINI);
    LRT_CHECK(strcmp(p.api_key, "g-env-key") == 0); /* the entry's variable beats the file */
    LRT_CHECK(c2v_config_entry(cfg, "gpt51", &p, NULL) == C2V_OK && p.kind == C2V_PROVIDER_OPENAI);
    LRT_CHECK(strcmp(p.api_key, "o-file-key") == 0 && strcmp(p.model, "gpt-env-model") == 0);
    LRT_CHECK(c2v_config_entry(cfg, "claude", &p, NULL) == C2V_OK && p.kind == C2V_PROVIDER_ANTHROPIC);
    LRT_CHECK(strcmp(p.api_key, "a-env-key") == 0); /* the generic variable fills the empty key */
    LRT_CHECK(c2v_config_entry(cfg, "local", &p, NULL) == C2V_OK && p.kind == C2V_PROVIDER_OPENAI);
    LRT_CHECK(strcmp(p.api_key, "") == 0 && strcmp(p.api_version, "") == 0);
    LRT_CHECK(c2v_config_entry(cfg, "forced", &p, NULL) == C2V_OK && p.kind == C2V_PROVIDER_GEMINI);
    LRT_CHECK(c2v_config_entry(cfg, "rec", &p, NULL) == C2V_OK && p.kind == C2V_PROVIDER_REPLAY);
    LRT_CHECK(strcmp(p.replay_dir, "recordings") == 0 && strcmp(p.replay_match, "order") == 0);
    LRT_CHECK(c2v_config_entry(cfg, "iconfinder", &p, &err) == C2V_ERR_CONFIG);
    LRT_CHECK(strstr(err.message, "iconfinder") != NULL);
    LRT_CHECK(strcmp(c2v_config_key(cfg, "iconfinder"), "icon-key") == 0);
    LRT_CHECK(c2v_config_entry(cfg, "nope", &p, &err) == C2V_ERR_CONFIG && strstr(err.message, "nope"));
    /* A name that is not there lists those that are. */
    LRT_CHECK_MSG(strstr(err.message, "(LLM entries: gemini, gpt51, claude, local, forced, rec; other entries: "
                                      "iconfinder)") != NULL, "%s", err.message);
    char how[256];
    c2v_config_role_source(cfg, "llm", how, sizeof how);
    LRT_CHECK_MSG(strcmp(how, "roles.llm of sample") == 0, "%s", how);

    LRT_CHECK(c2v_config_role(cfg, "llm", &p, NULL) == C2V_OK && strcmp(p.name, "gpt51") == 0);
    LRT_CHECK(c2v_config_role(cfg, "vlm", &p, NULL) == C2V_OK && strcmp(p.name, "gemini") == 0);
    setenv("C2V_VLM", "claude", 1);
    LRT_CHECK(c2v_config_role(cfg, "vlm", &p, NULL) == C2V_OK && strcmp(p.name, "claude") == 0);
    c2v_config_role_source(cfg, "vlm", how, sizeof how);
    LRT_CHECK(strcmp(how, "from C2V_VLM") == 0);
    unsetenv("C2V_VLM");
    LRT_CHECK(c2v_config_role(cfg, "critic", &p, NULL) == C2V_ERR_INVALID_ARG);
    c2v_config_destroy(cfg);

    /* Without "roles", the first LLM entry serves both. */
    LRT_CHECK(c2v_config_parse("{\"iconfinder\": {\"api_key\": \"k\"}, \"claude\": {\"model\": \"claude-x\"}}", "t",
                               &cfg, NULL) == C2V_OK);
    LRT_CHECK(c2v_config_role(cfg, "vlm", &p, NULL) == C2V_OK && p.kind == C2V_PROVIDER_ANTHROPIC);
    c2v_config_role_source(cfg, "llm", how, sizeof how);
    LRT_CHECK_MSG(strstr(how, "the first LLM entry of t") && strstr(how, "roles"), "%s", how);
    c2v_config_destroy(cfg);

    /* Errors name the file and the JSON path. */
    LRT_CHECK(c2v_config_parse("{\"gpt\": {\"api_key\": 5, \"model\": \"m\"}}", "cfg.json", &cfg, &err) ==
              C2V_ERR_CONFIG);
    LRT_CHECK(cfg == NULL && strstr(err.message, "cfg.json") && strstr(err.message, "gpt.api_key"));
    LRT_CHECK(c2v_config_parse("{\"x\": {\"provider\": \"cohere\", \"model\": \"m\"}}", "cfg.json", &cfg, &err) ==
              C2V_ERR_CONFIG);
    LRT_CHECK(strstr(err.message, "x.provider") != NULL);
    LRT_CHECK(c2v_config_parse("{\"x\": ", "cfg.json", &cfg, &err) == C2V_ERR_CONFIG);
    LRT_CHECK(c2v_config_parse("[1]", "cfg.json", &cfg, &err) == C2V_ERR_CONFIG);
    LRT_CHECK(c2v_config_load("/nonexistent/api_config.json", &cfg, &err) == C2V_ERR_CONFIG);
    LRT_CHECK(strstr(err.message, "api_config.sample.json") != NULL);

    /* The committed sample parses. */
    char path[1024];
    LRT_CHECK(c2v_config_load(lrt_source_path(path, sizeof path, "api_config.sample.json"), &cfg, &err) == C2V_OK);
    if (cfg) {
        LRT_CHECK(c2v_config_role(cfg, "llm", &p, NULL) == C2V_OK);
        c2v_config_destroy(cfg);
    } else {
        fprintf(stderr, "%s\n", err.message);
    }
    unsetenv("ANTHROPIC_API_KEY");
    unsetenv("C2V_API_KEY_GEMINI");
    unsetenv("C2V_MODEL_GPT51");
}

static void test_redact(void)
{
    char msg[128] = "curl: https://h/?key=SECRETKEY123 and again SECRETKEY123.";
    c2v_redact(msg, "SECRETKEY123");
    LRT_CHECK(strcmp(msg, "curl: https://h/?key=*** and again ***.") == 0);
    char shortkey[32] = "a b c";
    c2v_redact(shortkey, "b");
    LRT_CHECK(strcmp(shortkey, "a b c") == 0);
    c2v_redact(msg, NULL);
    c2v_redact(msg, "");
}

static void test_usage(void)
{
    c2v_usage *u = NULL;
    LRT_CHECK(c2v_usage_create(&u) == C2V_OK);
    c2v_usage_totals a = {1, 2, 0, 100, 10, 1.5, 2.0};
    c2v_usage_totals b = {1, 1, 1, 5, 0, 0.25, 0.5};
    LRT_CHECK(c2v_usage_add(u, "planner", "pythagoras", &a) == C2V_OK);
    LRT_CHECK(c2v_usage_add(u, "coder", "pythagoras", &b) == C2V_OK);
    LRT_CHECK(c2v_usage_add(u, "planner", "fourier", &a) == C2V_OK);
    LRT_CHECK(c2v_usage_add(u, NULL, NULL, &b) == C2V_OK);
    c2v_usage_totals t = c2v_usage_get(u, NULL, NULL);
    LRT_CHECK(t.calls == 4 && t.attempts == 6 && t.failures == 2);
    LRT_CHECK(t.prompt_tokens == 210 && t.completion_tokens == 20);
    LRT_CHECK_NEAR(t.seconds, 3.5, 1e-9);
    t = c2v_usage_get(u, "planner", NULL);
    LRT_CHECK(t.calls == 2 && t.prompt_tokens == 200);
    t = c2v_usage_get(u, NULL, "pythagoras");
    LRT_CHECK(t.calls == 2 && t.prompt_tokens == 105);
    t = c2v_usage_get(u, "default", "default");
    LRT_CHECK(t.calls == 1 && t.failures == 1);

    c2v_error err = {0};
    LRT_CHECK(c2v_usage_write(u, "offline-usage.json", &err) == C2V_OK);
    char *text = NULL;
    LRT_CHECK(c2v_file_read("offline-usage.json", 1 << 20, &text, NULL, &err) == C2V_OK);
    cJSON *root = cJSON_Parse(text ? text : "");
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(root, "total");
    LRT_CHECK(cJSON_GetObjectItemCaseSensitive(total, "total_tokens") &&
              cJSON_GetObjectItemCaseSensitive(total, "total_tokens")->valueint == 230);
    const cJSON *py = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "topics"), "pythagoras");
    const cJSON *py_coder = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(py, "stages"), "coder");
    LRT_CHECK(cJSON_GetObjectItemCaseSensitive(py_coder, "attempts") &&
              cJSON_GetObjectItemCaseSensitive(py_coder, "attempts")->valueint == 1);
    const cJSON *planner = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "stages"), "planner");
    LRT_CHECK(cJSON_GetObjectItemCaseSensitive(planner, "prompt_tokens") &&
              cJSON_GetObjectItemCaseSensitive(planner, "prompt_tokens")->valueint == 200);
    cJSON_Delete(root);
    free(text);
    LRT_CHECK(c2v_usage_write(u, "/nonexistent/dir/usage.json", &err) == C2V_ERR_IO);

    /* A topic's own wall time: the record when set, else the sum of its stages;
     * the file's top-level wall_seconds sums the topics. */
    LRT_CHECK(c2v_usage_set_topic(u, "pythagoras", 30.0, 2) == C2V_OK);
    LRT_CHECK(c2v_usage_write(u, "offline-usage.json", &err) == C2V_OK);
    LRT_CHECK(c2v_file_read("offline-usage.json", 1 << 20, &text, NULL, &err) == C2V_OK);
    root = cJSON_Parse(text ? text : "");
    free(text);
    const cJSON *topics = cJSON_GetObjectItemCaseSensitive(root, "topics");
    LRT_CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(topics, "pythagoras"),
                                                    "wall_seconds")->valuedouble, 30.0, 1e-9);
    LRT_CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(topics, "fourier"),
                                                    "wall_seconds")->valuedouble, 2.0, 1e-9);
    LRT_CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(root, "wall_seconds")->valuedouble, 30.0 + 2.0 + 0.5, 1e-9);
    planner = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "stages"), "planner");
    LRT_CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(planner, "wall_seconds")->valuedouble, 4.0, 1e-9);
    LRT_CHECK_NEAR(cJSON_GetObjectItemCaseSensitive(planner, "llm_seconds")->valuedouble, 3.0, 1e-9);
    cJSON_Delete(root);

    /* Read back (twice, as a merge over runs would), and merged: each call once per file. */
    c2v_usage *back = NULL, *sum = NULL;
    LRT_CHECK(c2v_usage_create(&back) == C2V_OK && c2v_usage_create(&sum) == C2V_OK);
    LRT_CHECK_MSG(c2v_usage_read(back, "offline-usage.json", NULL, &err) == C2V_OK, "%s", err.message);
    t = c2v_usage_get(back, NULL, NULL);
    LRT_CHECK(t.calls == 4 && t.attempts == 6 && t.failures == 2 && t.prompt_tokens == 210);
    LRT_CHECK_NEAR(t.wall_seconds, 5.0, 1e-9);
    double w = 0;
    int inv = 0;
    c2v_usage_topic(back, "pythagoras", &w, &inv);
    LRT_CHECK(inv == 2);
    LRT_CHECK_NEAR(w, 30.0, 1e-9);
    LRT_CHECK(c2v_usage_merge(sum, back) == C2V_OK && c2v_usage_merge(sum, back) == C2V_OK);
    LRT_CHECK(c2v_usage_get(sum, "planner", "fourier").calls == 2);
    c2v_usage_topic(sum, "pythagoras", &w, &inv);
    LRT_CHECK(inv == 4);
    LRT_CHECK_NEAR(w, 60.0, 1e-9);
    /* Under another name: a topic folder's file read for a resume. */
    c2v_usage *as = NULL;
    LRT_CHECK(c2v_usage_create(&as) == C2V_OK);
    LRT_CHECK(c2v_usage_read(as, "offline-usage.json", "renamed", &err) == C2V_OK);
    LRT_CHECK(c2v_usage_get(as, NULL, "renamed").calls == 4 && c2v_usage_get(as, NULL, "pythagoras").calls == 0);
    FILE *f = fopen("offline-bad-usage.json", "wb");
    if (f) {
        fputs("{\"total\": {}}", f);
        fclose(f);
    }
    LRT_CHECK(c2v_usage_read(as, "offline-bad-usage.json", NULL, &err) == C2V_ERR_JSON);
    LRT_CHECK(strstr(err.message, "offline-bad-usage.json") && strstr(err.message, "topics"));
    c2v_usage_destroy(as);
    c2v_usage_destroy(back);
    c2v_usage_destroy(sum);
    c2v_usage_destroy(u);
}

int main(void)
{
    test_extract();
    test_config();
    test_redact();
    test_usage();
    LRT_CHECK(strcmp(c2v_strerror(C2V_ERR_AUTH), "authentication failed") == 0);
    LRT_CHECK(strcmp(c2v_strerror((c2v_status)999), "unknown status") == 0);
    return lrt_finish("agent_offline");
}
