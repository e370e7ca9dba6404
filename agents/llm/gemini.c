/* Google Gemini generateContent. The key goes in the x-goog-api-key header,
 * never in the URL's ?key=, so it cannot surface in a logged URL. */
#include <stdlib.h>
#include <string.h>

#include "providers.h"

/* responseSchema is an OpenAPI subset: JSON Schema keywords it rejects are
 * dropped rather than failing the call. */
static void strip_unsupported(cJSON *node)
{
    if (!node)
        return;
    if (cJSON_IsObject(node)) {
        cJSON_DeleteItemFromObjectCaseSensitive(node, "$schema");
        cJSON_DeleteItemFromObjectCaseSensitive(node, "additionalProperties");
        cJSON_DeleteItemFromObjectCaseSensitive(node, "$id");
    }
    cJSON *child;
    cJSON_ArrayForEach(child, node)
    {
        strip_unsupported(child);
    }
}

c2v_status gemini_build(const llm_provider *p, const c2v_llm_request *req, http_request *out, c2v_error *err)
{
    memset(out, 0, sizeof *out);
    cJSON *schema = NULL;
    if (req->json_schema && !(schema = schema_parse(req, err)))
        return err ? err->status : C2V_ERR_INVALID_ARG;
    strip_unsupported(schema);
    cJSON *root = cJSON_CreateObject();
    bool ok = root != NULL;
    if (ok && req->system && *req->system) {
        cJSON *si = cJSON_AddObjectToObject(root, "systemInstruction");
        cJSON *parts = si ? cJSON_AddArrayToObject(si, "parts") : NULL;
        cJSON *t = parts ? cJSON_CreateObject() : NULL;
        ok = t && cJSON_AddItemToArray(parts, t) && cJSON_AddStringToObject(t, "text", req->system);
    }
    cJSON *contents = ok ? cJSON_AddArrayToObject(root, "contents") : NULL;
    cJSON *user = contents ? cJSON_CreateObject() : NULL;
    ok = user && cJSON_AddItemToArray(contents, user) && cJSON_AddStringToObject(user, "role", "user");
    cJSON *parts = ok ? cJSON_AddArrayToObject(user, "parts") : NULL;
    cJSON *t = parts ? cJSON_CreateObject() : NULL;
    ok = t && cJSON_AddItemToArray(parts, t) && cJSON_AddStringToObject(t, "text", req->prompt);
    for (size_t i = 0; ok && i < req->image_count; i++) {
        char *b64 = c2v_base64_encode(req->images[i].data, req->images[i].size);
        cJSON *part = b64 ? cJSON_CreateObject() : NULL;
        ok = part && cJSON_AddItemToArray(parts, part);
        cJSON *inl = ok ? cJSON_AddObjectToObject(part, "inline_data") : NULL;
        ok = inl &&
             cJSON_AddStringToObject(inl, "mime_type", req->images[i].mime_type ? req->images[i].mime_type : "image/png") &&
             cJSON_AddStringToObject(inl, "data", b64);
        free(b64);
    }
    if (ok && (req->max_tokens > 0 || req->temperature >= 0 || schema)) {
        cJSON *gc = cJSON_AddObjectToObject(root, "generationConfig");
        ok = gc != NULL;
        if (ok && req->max_tokens > 0)
            ok = cJSON_AddNumberToObject(gc, "maxOutputTokens", req->max_tokens) != NULL;
        if (ok && req->temperature >= 0)
            ok = cJSON_AddNumberToObject(gc, "temperature", req->temperature) != NULL;
        if (ok && schema) {
            ok = cJSON_AddStringToObject(gc, "responseMimeType", "application/json") &&
                 cJSON_AddItemToObject(gc, "responseSchema", schema);
            if (ok)
                schema = NULL;
        }
    }
    cJSON_Delete(schema);
    out->body = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    char *model_escaped = curl_easy_escape(NULL, p->model, 0);
    c2v_buf path = {0};
    bool pok = model_escaped && c2v_buf_appendf(&path, "/v1beta/models/%s:generateContent", model_escaped);
    curl_free(model_escaped);
    out->url = pok ? http_join_url(p->base_url, "https://generativelanguage.googleapis.com", path.data) : NULL;
    c2v_buf_free(&path);
    bool hok = true;
    out->headers = http_header_add(NULL, &hok, "Content-Type: application/json");
    if (*p->api_key)
        out->headers = http_header_add(out->headers, &hok, "x-goog-api-key: %s", p->api_key);
    if (!out->body || !out->url || !hok) {
        http_request_free(out);
        return c2v_error_set(err, C2V_ERR_NOMEM, "gemini: cannot build the request (out of memory)");
    }
    return C2V_OK;
}

c2v_status gemini_parse(const cJSON *root, c2v_llm_response *resp, c2v_error *err)
{
    const cJSON *cands = cJSON_GetObjectItemCaseSensitive(root, "candidates");
    const cJSON *first = cJSON_IsArray(cands) ? cJSON_GetArrayItem(cands, 0) : NULL;
    const cJSON *content = cJSON_GetObjectItemCaseSensitive(first, "content");
    const cJSON *parts = cJSON_GetObjectItemCaseSensitive(content, "parts");
    c2v_buf text = {0};
    bool any = false, ok = true;
    const cJSON *part;
    const cJSON *list = cJSON_IsArray(parts) ? parts : NULL;
    cJSON_ArrayForEach(part, list)
    {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(part, "text");
        /* Thought summaries are not the answer. */
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(part, "thought")) || !cJSON_IsString(t))
            continue;
        ok = ok && c2v_buf_append(&text, t->valuestring, strlen(t->valuestring));
        any = true;
    }
    if (!any || !ok) {
        c2v_buf_free(&text);
        const cJSON *reason = cJSON_GetObjectItemCaseSensitive(first, "finishReason");
        const cJSON *fb = cJSON_GetObjectItemCaseSensitive(root, "promptFeedback");
        const cJSON *block = cJSON_GetObjectItemCaseSensitive(fb, "blockReason");
        const char *why = cJSON_IsString(block) ? block->valuestring : cJSON_IsString(reason) ? reason->valuestring : "";
        c2v_status st = !ok ? c2v_error_set(err, C2V_ERR_NOMEM, "gemini: out of memory")
                            : c2v_error_set(err, C2V_ERR_RESPONSE,
                                            "gemini: reply has no text in candidates[0].content.parts%s%.40s%s",
                                            *why ? " (" : "", why, *why ? ")" : "");
        return st;
    }
    resp->text = text.data;
    const cJSON *usage = cJSON_GetObjectItemCaseSensitive(root, "usageMetadata");
    resp->prompt_tokens = json_long(usage, "promptTokenCount");
    /* Thinking tokens are billed as output. */
    resp->completion_tokens = json_long(usage, "candidatesTokenCount") + json_long(usage, "thoughtsTokenCount");
    return C2V_OK;
}
