/* Anthropic Messages (api.anthropic.com, or an Azure AI Foundry base URL
 * ending in /anthropic). Structured output goes through a forced tool whose
 * input_schema is the requested schema: the tool input is the JSON. */
#include <stdlib.h>
#include <string.h>

#include "providers.h"

c2v_status anthropic_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *schema = NULL;
    if (req->json_schema && !(schema = schema_parse(req, err)))
        return err ? err->status : C2V_ERR_INVALID_ARG;
    const char *tool = req->schema_name ? req->schema_name : "result";
    cJSON *root = cJSON_CreateObject();
    bool ok = root && cJSON_AddStringToObject(root, "model", p->model) &&
              cJSON_AddNumberToObject(root, "max_tokens", req->max_tokens > 0 ? req->max_tokens : 8192);
    if (ok && req->system && *req->system)
        ok = cJSON_AddStringToObject(root, "system", req->system) != NULL;
    if (ok && req->temperature >= 0)
        ok = cJSON_AddNumberToObject(root, "temperature", req->temperature) != NULL;
    cJSON *messages = ok ? cJSON_AddArrayToObject(root, "messages") : NULL;
    cJSON *user = messages ? cJSON_CreateObject() : NULL;
    ok = user && cJSON_AddItemToArray(messages, user) && cJSON_AddStringToObject(user, "role", "user");
    cJSON *content = ok ? cJSON_AddArrayToObject(user, "content") : NULL;
    ok = content != NULL;
    /* Images first: Anthropic's guidance is image-then-question. */
    for (size_t i = 0; ok && i < req->image_count; i++) {
        char *b64 = c2v_base64_encode(req->images[i].data, req->images[i].size);
        cJSON *img = b64 ? cJSON_CreateObject() : NULL;
        ok = img && cJSON_AddItemToArray(content, img) && cJSON_AddStringToObject(img, "type", "image");
        cJSON *src = ok ? cJSON_AddObjectToObject(img, "source") : NULL;
        ok = src && cJSON_AddStringToObject(src, "type", "base64") &&
             cJSON_AddStringToObject(src, "media_type",
                                     req->images[i].mime_type ? req->images[i].mime_type : "image/png") &&
             cJSON_AddStringToObject(src, "data", b64);
        free(b64);
    }
    cJSON *part = ok ? cJSON_CreateObject() : NULL;
    ok = part && cJSON_AddItemToArray(content, part) && cJSON_AddStringToObject(part, "type", "text") &&
         cJSON_AddStringToObject(part, "text", req->prompt);
    if (ok && schema) {
        cJSON *tools = cJSON_AddArrayToObject(root, "tools");
        cJSON *t = tools ? cJSON_CreateObject() : NULL;
        ok = t && cJSON_AddItemToArray(tools, t) && cJSON_AddStringToObject(t, "name", tool) &&
             cJSON_AddStringToObject(t, "description", "Return the answer as this tool's input.") &&
             cJSON_AddItemToObject(t, "input_schema", schema);
        if (ok)
            schema = NULL;
        cJSON *choice = ok ? cJSON_AddObjectToObject(root, "tool_choice") : NULL;
        ok = choice && cJSON_AddStringToObject(choice, "type", "tool") && cJSON_AddStringToObject(choice, "name", tool);
    }
    cJSON_Delete(schema);
    out->body = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    out->url = http_join_url(p->base_url, "https://api.anthropic.com", "/v1/messages");
    bool hok = true;
    out->headers = http_header_add(NULL, &hok, "Content-Type: application/json");
    out->headers = http_header_add(out->headers, &hok, "anthropic-version: %s",
                                   *p->api_version ? p->api_version : "2023-06-01");
    if (*p->api_key)
        out->headers = http_header_add(out->headers, &hok, "x-api-key: %s", p->api_key);
    if (!out->body || !out->url || !hok) {
        http_request_free(out);
        return c2v_error_set(err, C2V_ERR_NOMEM, "anthropic: cannot build the request (out of memory)");
    }
    return C2V_OK;
}

c2v_status anthropic_parse(const cJSON *root, c2v_llm_response *resp, c2v_error *err)
{
    const cJSON *content = cJSON_GetObjectItemCaseSensitive(root, "content");
    c2v_buf text = {0};
    bool any = false, ok = true;
    const cJSON *block;
    const cJSON *blocks = cJSON_IsArray(content) ? content : NULL;
    cJSON_ArrayForEach(block, blocks)
    {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(block, "type");
        if (!cJSON_IsString(type))
            continue;
        if (strcmp(type->valuestring, "tool_use") == 0) {
            /* A forced tool call is the structured answer: it replaces any prose. */
            char *json = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(block, "input"));
            c2v_buf_free(&text);
            ok = json && c2v_buf_append(&text, json, strlen(json));
            free(json);
            any = true;
            break;
        }
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(block, "text");
        if (strcmp(type->valuestring, "text") == 0 && cJSON_IsString(t)) {
            ok = c2v_buf_append(&text, t->valuestring, strlen(t->valuestring));
            any = true;
        }
    }
    if (!any || !ok) {
        c2v_buf_free(&text);
        return ok ? c2v_error_set(err, C2V_ERR_RESPONSE, "anthropic: reply has no text or tool_use block in content")
                  : c2v_error_set(err, C2V_ERR_NOMEM, "anthropic: out of memory");
    }
    if (!text.data && !c2v_buf_append(&text, "", 0)) {
        return c2v_error_set(err, C2V_ERR_NOMEM, "anthropic: out of memory");
    }
    resp->text = text.data;
    const cJSON *usage = cJSON_GetObjectItemCaseSensitive(root, "usage");
    /* Cached prompt tokens are reported apart from input_tokens; all were sent. */
    resp->prompt_tokens = json_long(usage, "input_tokens") + json_long(usage, "cache_creation_input_tokens") +
                          json_long(usage, "cache_read_input_tokens");
    resp->completion_tokens = json_long(usage, "output_tokens");
    return C2V_OK;
}
