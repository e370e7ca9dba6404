/* Recordings are keyed by a provider-neutral description of the request
 * (system, prompt, image hashes, schema), so a run recorded against one
 * provider replays whatever the replay entry is called, with no key. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "replay.h"

#define REPLAY_MAX_FILE ((size_t)64 << 20)

cJSON *replay_request_json(const c2v_llm_request *req)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "system", req->system ? req->system : "") &&
              cJSON_AddStringToObject(o, "prompt", req->prompt ? req->prompt : "");
    cJSON *imgs = ok ? cJSON_AddArrayToObject(o, "images") : NULL;
    ok = imgs != NULL;
    for (size_t i = 0; ok && i < req->image_count; i++) {
        char id[64];
        snprintf(id, sizeof id, "%016" PRIx64 ":%zu", c2v_fnv1a(C2V_FNV_INIT, req->images[i].data, req->images[i].size),
                 req->images[i].size);
        cJSON *s = cJSON_CreateString(id);
        ok = s && cJSON_AddItemToArray(imgs, s);
    }
    if (ok) {
        /* Parsed and reprinted, so formatting of the schema text does not matter. */
        cJSON *schema = req->json_schema ? cJSON_Parse(req->json_schema) : cJSON_CreateNull();
        ok = schema && cJSON_AddItemToObject(o, "schema", schema);
        if (!ok)
            cJSON_Delete(schema);
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

uint64_t replay_request_hash(const cJSON *canonical)
{
    char *text = cJSON_PrintUnformatted(canonical);
    uint64_t h = text ? c2v_fnv1a(C2V_FNV_INIT, text, strlen(text)) : 0;
    free(text);
    return h;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The sorted *.json names in dir (caller frees each and the array). */
static c2v_status list_recordings(const char *dir, char ***names, int *count, c2v_error *err)
{
    *names = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return c2v_error_set(err, C2V_ERR_IO, "replay folder %s: %s", dir, strerror(errno));
    int cap = 0;
    struct dirent *de;
    c2v_status st = C2V_OK;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".json"))
            continue;
        if (*count == cap) {
            cap = cap ? cap * 2 : 32;
            char **n = realloc(*names, (size_t)cap * sizeof *n);
            if (!n) {
                st = C2V_ERR_NOMEM;
                break;
            }
            *names = n;
        }
        if (!((*names)[*count] = c2v_strdup(de->d_name))) {
            st = C2V_ERR_NOMEM;
            break;
        }
        (*count)++;
    }
    closedir(d);
    if (*count > 1)
        qsort(*names, (size_t)*count, sizeof **names, cmp_names);
    if (st)
        return c2v_error_set(err, st, "replay folder %s: out of memory", dir);
    return C2V_OK;
}

static c2v_status load_recording(const char *dir, const char *name, c2v_llm_response *resp, c2v_error *err)
{
    c2v_buf path = {0};
    if (!c2v_buf_appendf(&path, "%s/%s", dir, name))
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    char *text;
    c2v_status st = c2v_file_read(path.data, REPLAY_MAX_FILE, &text, NULL, err);
    if (st) {
        c2v_buf_free(&path);
        return st;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(root, "response");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(r, "text");
    if (!cJSON_IsString(t)) {
        st = c2v_error_set(err, C2V_ERR_RESPONSE, "%s: expected a recording with a string at response.text", path.data);
    } else {
        resp->text = c2v_strdup(t->valuestring);
        resp->prompt_tokens = json_long(r, "prompt_tokens");
        resp->completion_tokens = json_long(r, "completion_tokens");
        resp->http_status = 200;
        if (!resp->text)
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    cJSON_Delete(root);
    c2v_buf_free(&path);
    return st;
}

c2v_status replay_lookup(const char *dir, const char *match, int index, const c2v_llm_request *req,
                         c2v_llm_response *resp, c2v_error *err)
{
    if (!*dir)
        return c2v_error_set(err, C2V_ERR_CONFIG, "replay: the entry has no \"dir\"");
    cJSON *canon = replay_request_json(req);
    if (!canon)
        return c2v_error_set(err, C2V_ERR_NOMEM, "replay: out of memory");
    uint64_t h = replay_request_hash(canon);
    cJSON_Delete(canon);
    char suffix[40];
    snprintf(suffix, sizeof suffix, "-%016" PRIx64 ".json", h);

    char **names;
    int count;
    c2v_status st = list_recordings(dir, &names, &count, err);
    if (st)
        return st;
    const char *chosen = NULL;
    if (strstr(match, "hash"))
        for (int i = 0; i < count && !chosen; i++)
            if (ends_with(names[i], suffix))
                chosen = names[i];
    if (!chosen && strstr(match, "order") && index >= 0 && index < count)
        chosen = names[index];
    if (chosen)
        st = load_recording(dir, chosen, resp, err);
    else
        st = c2v_error_set(err, C2V_ERR_REPLAY_MISS,
                           "replay folder %s has no recording for request %016" PRIx64 " (call %d, %d recordings, match \"%s\")",
                           dir, h, index, count, match);
    for (int i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return st;
}

c2v_status replay_record(const char *dir, const llm_provider *p, const c2v_llm_request *req,
                         const c2v_llm_response *resp, c2v_error *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return c2v_error_set(err, C2V_ERR_IO, "record folder %s: %s", dir, strerror(errno));
    /* Numbered after what is already there, so several clients (the LLM and
     * VLM roles) recording into one folder keep the order of their calls. */
    char **names;
    int index;
    c2v_status lst = list_recordings(dir, &names, &index, err);
    if (lst)
        return lst;
    for (int i = 0; i < index; i++)
        free(names[i]);
    free(names);
    cJSON *canon = replay_request_json(req);
    if (!canon)
        return c2v_error_set(err, C2V_ERR_NOMEM, "record: out of memory");
    uint64_t h = replay_request_hash(canon);
    cJSON *root = cJSON_CreateObject();
    char hash[24];
    snprintf(hash, sizeof hash, "%016" PRIx64, h);
    bool ok = root && cJSON_AddStringToObject(root, "hash", hash) &&
              cJSON_AddStringToObject(root, "provider", c2v_provider_kind_name(p->kind)) &&
              cJSON_AddStringToObject(root, "entry", p->name) && cJSON_AddStringToObject(root, "model", p->model) &&
              cJSON_AddItemToObject(root, "request", canon);
    if (!ok)
        cJSON_Delete(canon);
    cJSON *r = ok ? cJSON_AddObjectToObject(root, "response") : NULL;
    ok = r && cJSON_AddStringToObject(r, "text", resp->text) &&
         cJSON_AddNumberToObject(r, "prompt_tokens", (double)resp->prompt_tokens) &&
         cJSON_AddNumberToObject(r, "completion_tokens", (double)resp->completion_tokens);
    char *text = ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return c2v_error_set(err, C2V_ERR_NOMEM, "record: out of memory");
    c2v_buf path = {0};
    c2v_status st = C2V_OK;
    if (!c2v_buf_appendf(&path, "%s/%04d-%s.json", dir, index, hash)) {
        st = c2v_error_set(err, C2V_ERR_NOMEM, "record: out of memory");
    } else {
        /* Temp name, then rename: a replay reading the folder meanwhile (or
         * another process recording the same call) never meets half a file. */
        st = c2v_file_write(path.data, text, strlen(text), err);
    }
    c2v_buf_free(&path);
    free(text);
    return st;
}
