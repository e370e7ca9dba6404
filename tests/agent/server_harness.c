#include "server_harness.h"
#include "lrtest.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

bool test_server_start(test_server *s, const char *name)
{
    memset(s, 0, sizeof *s);
    char port_file[512];
    snprintf(s->log_path, sizeof s->log_path, "server-%s.requests.jsonl", name);
    snprintf(port_file, sizeof port_file, "server-%s.port", name);
    remove(s->log_path);
    remove(port_file);
    pid_t pid = fork();
    if (pid < 0)
        return false;
    if (pid == 0) {
        execlp("python3", "python3", LRT_SOURCE_DIR "/tests/agent/llm_server.py", "--scripts", ".", "--log",
               s->log_path, "--port-file", port_file, (char *)NULL);
        _exit(127);
    }
    s->pid = pid;
    for (int i = 0; i < 1000; i++) {
        char *text = lrt_read_file(port_file, NULL);
        if (text) {
            s->port = atoi(text);
            free(text);
            snprintf(s->base_url, sizeof s->base_url, "http://127.0.0.1:%d", s->port);
            return s->port > 0;
        }
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            fprintf(stderr, "llm_server.py exited before listening\n");
            s->pid = 0;
            return false;
        }
        struct timespec ts = {0, 10 * 1000000L};
        nanosleep(&ts, NULL);
    }
    fprintf(stderr, "llm_server.py did not start within 10 s\n");
    test_server_stop(s);
    return false;
}

void test_server_stop(test_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        int st;
        while (waitpid(s->pid, &st, 0) < 0 && errno == EINTR) {
        }
    }
    s->pid = 0;
}

bool test_server_scenario(const test_server *s, const char *name, const char *script_json, char *base_url,
                          size_t size)
{
    char path[512];
    snprintf(path, sizeof path, "scenario-%s.json", name);
    FILE *f = fopen(path, "wb");
    if (!f || fputs(script_json, f) < 0 || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        return false;
    }
    snprintf(base_url, size, "%s/s/%s", s->base_url, name);
    return s->pid > 0;
}

cJSON *test_server_requests(const test_server *s, const char *scenario)
{
    cJSON *arr = cJSON_CreateArray();
    char *text = lrt_read_file(s->log_path, NULL);
    if (!text)
        return arr;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        cJSON *v = cJSON_Parse(line);
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(v, "scenario");
        if (v && cJSON_IsString(sc) && strcmp(sc->valuestring, scenario) == 0)
            cJSON_AddItemToArray(arr, v);
        else
            cJSON_Delete(v);
    }
    free(text);
    return arr;
}

int test_file_contains(const char *path, const char *needle)
{
    char *text = lrt_read_file(path, NULL);
    if (!text)
        return -1;
    int found = strstr(text, needle) != NULL;
    free(text);
    return found;
}

char *test_quote(const char *s)
{
    char *t = strdup(s);
    for (char *p = t; p && *p; p++)
        if (*p == '\'')
            *p = '"';
    return t;
}

/* A scripted OpenAI reply whose message content is `content`. */
static cJSON *openai_reply(const char *content, int prompt_tokens, int completion_tokens)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "status", 200);
    cJSON *body = cJSON_AddObjectToObject(r, "body");
    cJSON *c = cJSON_CreateObject();
    cJSON *m = cJSON_AddObjectToObject(c, "message");
    cJSON_AddStringToObject(m, "role", "assistant");
    cJSON_AddStringToObject(m, "content", content);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "choices"), c);
    cJSON *u = cJSON_AddObjectToObject(body, "usage");
    cJSON_AddNumberToObject(u, "prompt_tokens", prompt_tokens);
    cJSON_AddNumberToObject(u, "completion_tokens", completion_tokens);
    return r;
}

bool test_server_openai_script(const test_server *s, const char *name, const char *const *contents, size_t n,
                               int prompt_tokens, int completion_tokens, char *base, size_t size)
{
    cJSON *script = cJSON_CreateObject();
    cJSON *rs = cJSON_AddArrayToObject(script, "responses");
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(rs, openai_reply(contents[i], prompt_tokens, completion_tokens));
    cJSON_AddBoolToObject(script, "repeat_last", false);
    char *text = cJSON_PrintUnformatted(script);
    cJSON_Delete(script);
    char url[256];
    bool ok = text && test_server_scenario(s, name, text, url, sizeof url);
    free(text);
    snprintf(base, size, "%s/v1", ok ? url : "");
    return ok;
}
