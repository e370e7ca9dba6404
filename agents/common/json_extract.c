/* Models wrap JSON in prose and code fences, so the reply is searched rather
 * than parsed whole. The scanner only finds candidate spans; cJSON decides. */
#include <stdlib.h>
#include <string.h>

#include "agent_internal.h"

/* Parses exactly text[0..n) as one object or array (cJSON needs a
 * terminated copy). */
static cJSON *parse_span(const char *text, size_t n)
{
    char *copy = malloc(n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, text, n);
    copy[n] = '\0';
    const char *end = NULL;
    cJSON *v = cJSON_ParseWithOpts(copy, &end, 0);
    if (v) {
        /* Trailing non-space text means the span was not one value. */
        while (end && (*end == ' ' || *end == '\n' || *end == '\r' || *end == '\t'))
            end++;
        /* A bare number or string in prose is not what a caller asked for. */
        if ((end && *end) || (!cJSON_IsObject(v) && !cJSON_IsArray(v))) {
            cJSON_Delete(v);
            v = NULL;
        }
    }
    free(copy);
    return v;
}

/* Length of the balanced {...} or [...] starting at s[0], honouring strings
 * and escapes, or 0 when it never closes. */
static size_t balanced_len(const char *s, size_t *budget)
{
    char stack[256];
    int depth = 0;
    bool in_str = false;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (*budget == 0)
            return 0;
        --*budget;
        if (in_str) {
            if (c == '\\') {
                if (!s[i + 1])
                    return 0;
                i++;
            } else if (c == '"') {
                in_str = false;
            }
            continue;
        }
        if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            if (depth == (int)sizeof stack)
                return 0;
            stack[depth++] = c == '{' ? '}' : ']';
        } else if (c == '}' || c == ']') {
            if (depth == 0 || stack[depth - 1] != c)
                return 0;
            if (--depth == 0)
                return i + 1;
        }
    }
    return 0;
}

/* Tries every ``` fenced block; with `json_only`, only those tagged json. */
static cJSON *from_fences(const char *text, bool json_only)
{
    const char *p = text;
    while ((p = strstr(p, "```")) != NULL) {
        const char *tag = p + 3;
        const char *nl = strchr(tag, '\n');
        if (!nl)
            return NULL;
        const char *close = strstr(nl + 1, "```");
        if (!close)
            return NULL;
        size_t tag_len = (size_t)(nl - tag);
        bool is_json = tag_len >= 4 && (strncmp(tag, "json", 4) == 0 || strncmp(tag, "JSON", 4) == 0);
        if (!json_only || is_json) {
            cJSON *v = parse_span(nl + 1, (size_t)(close - (nl + 1)));
            if (v)
                return v;
        }
        p = close + 3;
    }
    return NULL;
}

c2v_status c2v_json_extract(const char *text, cJSON **out, c2v_error *err)
{
    if (!out)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_json_extract: no output");
    *out = NULL;
    if (!text)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_json_extract: no text");
    cJSON *v = from_fences(text, true);
    if (!v)
        v = from_fences(text, false);
    if (!v)
        v = parse_span(text, strlen(text));
    /* Each candidate start rescans the rest of the text; the budget keeps a
     * hostile reply full of unclosed brackets from costing quadratic time. */
    size_t budget = (size_t)64 << 20;
    for (const char *p = text; !v && *p && budget; p++) {
        if (*p != '{' && *p != '[')
            continue;
        size_t n = balanced_len(p, &budget);
        if (n) {
            v = parse_span(p, n);
        }
    }
    if (!v) {
        size_t len = strlen(text);
        return c2v_error_set(err, C2V_ERR_JSON,
                             "reply holds no valid JSON object or array (%zu characters, starting \"%.60s%s\")",
                             len, text, len > 60 ? "..." : "");
    }
    *out = v;
    return C2V_OK;
}
