/* Pulling a JSON value out of an LLM's free-form reply (fences, prose,
 * trailing text). */
#include "fuzz_util.h"

#include "c2v_llm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    cJSON *out = NULL;
    c2v_error err = {0};
    if (c2v_json_extract(text, &out, &err) == C2V_OK)
        cJSON_Delete(out);
    free(text);
    return 0;
}
