/* OpenAI Chat Completions, the dialect also spoken by Azure OpenAI's v1
 * endpoint (base_url .../openai/v1), its classic deployments (base_url
 * .../openai/deployments/NAME?api-version=...), llama.cpp and vLLM
 * (base_url .../v1). */
#include <stdlib.h>
#include <string.h>

#include "providers.h"

c2v_status openai_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *schema = NULL;
    if (req->json_schema && !(schema = schema_parse(req, err)))
        return err ? err->status : C2V_ERR_INVALID_ARG;
    cJSON *root = cJSON_CreateObject();
    bool ok = root && cJSON_AddStringToObject(root, "model", p->model);
    cJSON *messages = ok ? cJSON_AddArrayToObject(root, "messages") : NULL;
    ok = messages != NULL;
    if (ok && req->system && *req->system) {
        cJSON *m = cJSON_CreateObject();
        ok = m && cJSON_AddItemToArray(messages, m) && cJSON_AddStringToObject(m, "role", "system") &&
             cJSON_AddStringToObject(m, "content", req->system);
    }
    cJSON *user = ok ? cJSON_CreateObject() : NULL;
    ok = user && cJSON_AddItemToArray(messages, user) && cJSON_AddStringToObject(user, "role", "user");
    cJSON *content = ok ? cJSON_AddArrayToObject(user, "content") : NULL;
    ok = content != NULL;
    cJSON *part = ok ? cJSON_CreateObject() : NULL;
    ok = part && cJSON_AddItemToArray(content, part) && cJSON_AddStringToObject(part, "type", "text") &&
         cJSON_AddStringToObject(part, "text", req->prompt);
    for (size_t i = 0; ok && i < req->image_count; i++) {
        char *b64 = c2v_base64_encode(req->images[i].data, req->images[i].size);
        c2v_buf url = {0};
        ok = b64 && c2v_buf_appendf(&url, "data:%s;base64,", req->images[i].mime_type ? req->images[i].mime_type : "image/png") &&
             c2v_buf_append(&url, b64, strlen(b64));
        free(b64);
        cJSON *img = ok ? cJSON_CreateObject() : NULL;
        ok = img && cJSON_AddItemToArray(content, img) && cJSON_AddStringToObject(img, "type", "image_url");
        cJSON *iu = ok ? cJSON_AddObjectToObject(img, "image_url") : NULL;
        ok = iu && cJSON_AddStringToObject(iu, "url", url.data);
        c2v_buf_free(&url);
    }
    /* max_completion_tokens: the current OpenAI models reject max_tokens. */
    if (ok && req->max_tokens > 0)
        ok = cJSON_AddNumberToObject(root, "max_completion_tokens", req->max_tokens) != NULL;
    if (ok && req->temperature >= 0)
        ok = cJSON_AddNumberToObject(root, "temperature", req->temperature) != NULL;
    if (ok && schema) {
        cJSON *rf = cJSON_AddObjectToObject(root, "response_format");
        ok = rf && cJSON_AddStringToObject(rf, "type", "json_schema");
        cJSON *js = ok ? cJSON_AddObjectToObject(rf, "json_schema") : NULL;
        ok = js && cJSON_AddStringToObject(js, "name", req->schema_name ? req->schema_name : "result") &&
             cJSON_AddItemToObject(js, "schema", schema);
        if (ok)
            schema = NULL;
    }
    cJSON_Delete(schema);
    out->body = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    out->url = http_join_url(p->base_url, "https://api.openai.com/v1", "/chat/completions");
    bool hok = true;
    out->headers = http_header_add(NULL, &hok, "Content-Type: application/json");
    if (*p->api_key) {
        /* Azure's classic deployment URLs (.../openai/deployments/NAME?api-version=...)
         * take the key in api-key alone: a Bearer header there is read as an
         * Entra ID token and refused. */
        bool deployment = strstr(p->base_url, "/openai/deployments/") != NULL;
        if (!deployment)
            out->headers = http_header_add(out->headers, &hok, "Authorization: Bearer %s", p->api_key);
        /* Azure's key-based auth reads api-key; harmless elsewhere, so only sent there. */
        if (deployment || strstr(p->base_url, ".azure.com"))
            out->headers = http_header_add(out->headers, &hok, "api-key: %s", p->api_key);
    }
    if (!out->body || !out->url || !hok) {
        http_request_free(out);
        return c2v_error_set(err, C2V_ERR_NOMEM, "openai: cannot build the request (out of memory)");
    }
    return C2V_OK;
}

c2v_status openai_parse(const cJSON *root, c2v_llm_response *resp, c2v_error *err)
{
    const cJSON *choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
    const cJSON *first = cJSON_IsArray(choices) ? cJSON_GetArrayItem(choices, 0) : NULL;
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(first, "message");
    const cJSON *content = cJSON_GetObjectItemCaseSensitive(msg, "content");
    if (!cJSON_IsString(content) || !content->valuestring) {
        const cJSON *refusal = cJSON_GetObjectItemCaseSensitive(msg, "refusal");
        c2v_status st = cJSON_IsString(refusal)
                            ? c2v_error_set(err, C2V_ERR_RESPONSE, "openai: the model refused: %.200s",
                                            refusal->valuestring)
                            : c2v_error_set(err, C2V_ERR_RESPONSE, "openai: reply has no choices[0].message.content string");
        return st;
    }
    resp->text = c2v_strdup(content->valuestring);
    const cJSON *usage = cJSON_GetObjectItemCaseSensitive(root, "usage");
    resp->prompt_tokens = json_long(usage, "prompt_tokens");
    resp->completion_tokens = json_long(usage, "completion_tokens");
    return resp->text ? C2V_OK : c2v_error_set(err, C2V_ERR_NOMEM, "openai: out of memory");
}
