/* Runs tests/agent/llm_server.py on 127.0.0.1 for the agent tests: one
 * server per test, one scripted scenario per case (its own URL prefix and
 * response queue), and the requests it recorded read back. */
#ifndef AGENT_SERVER_HARNESS_H
#define AGENT_SERVER_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <cjson/cJSON.h>

typedef struct test_server {
    pid_t pid;
    int port;
    char base_url[128];
    char log_path[512];
} test_server;

/* `name` makes the log/port file names unique within the test's working
 * folder. Returns false (with a message on stderr) on failure. */
bool test_server_start(test_server *s, const char *name);
void test_server_stop(test_server *s);
/* Adds scenario `name` answered from `script_json`; `base_url` receives the
 * URL prefix whose requests it answers. */
bool test_server_scenario(const test_server *s, const char *name, const char *script_json, char *base_url,
                          size_t size);
/* Adds scenario `name` answering with the OpenAI Chat Completions replies
 * `contents` in order (each reporting the given usage), then 599; `base`
 * receives the scenario's OpenAI base URL (".../v1"). */
bool test_server_openai_script(const test_server *s, const char *name, const char *const *contents, size_t n,
                               int prompt_tokens, int completion_tokens, char *base, size_t size);
/* The requests recorded for one scenario as a JSON array (cJSON_Delete
 * it); never NULL. */
cJSON *test_server_requests(const test_server *s, const char *scenario);
/* A copy of `s` with every ' turned into ", so scripts written in C stay
 * readable (free it); NULL when out of memory. */
char *test_quote(const char *s);
/* 1 when `needle` occurs in the file, 0 when not, -1 when it cannot be read. */
int test_file_contains(const char *path, const char *needle);

#endif
