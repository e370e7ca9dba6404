/* JSON helpers shared by the wire formats and the replay store. */
#include "llm_common.h"

long json_long(const cJSON *obj, const char *key)
{
    const cJSON *v = obj ? cJSON_GetObjectItemCaseSensitive(obj, key) : NULL;
    if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0) || v->valuedouble > 1e15)
        return 0;
    return (long)v->valuedouble;
}

cJSON *schema_parse(const c2v_llm_request *req, c2v_error *err)
{
    cJSON *s = cJSON_Parse(req->json_schema);
    if (!s || !cJSON_IsObject(s)) {
        cJSON_Delete(s);
        c2v_error_set(err, C2V_ERR_INVALID_ARG, "request json_schema: expected a JSON object (a JSON Schema)");
        return NULL;
    }
    return s;
}
