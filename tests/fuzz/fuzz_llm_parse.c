/* The provider reply parsers (OpenAI, Anthropic, Gemini): the same body goes
 * through all three, as a misconfigured base URL would make happen. The
 * client parses a reply as JSON once (a body that is not JSON is retried,
 * never parsed further), so the parsers see what cJSON made of it. */
#include "fuzz_util.h"

#include "providers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *body = fuzz_cstring(data, size);
    if (!body)
        return 0;
    cJSON *root = cJSON_Parse(body);
    c2v_status (*const parsers[])(const cJSON *, c2v_llm_response *, c2v_error *) = {openai_parse, anthropic_parse,
                                                                                     gemini_parse};
    for (size_t i = 0; root && i < sizeof parsers / sizeof parsers[0]; i++) {
        c2v_llm_response resp = {0};
        c2v_error err = {0};
        (void)parsers[i](root, &resp, &err);
        c2v_llm_response_free(&resp);
    }
    cJSON_Delete(root);
    free(body);
    return 0;
}
