/* The names of a graph's vertices and edges (version 2): what the
 * validator checks parts, edges and keys against, and what the builder
 * resolves them with, from the same rules. */
#include "spec/spec_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static bool forbidden(char ch) { return strchr(",()[]\"'", ch) != NULL; }

bool spec_vertex_of(const cJSON *v, spec_vertex_name out, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    out[0] = 0;
    if (cJSON_IsNumber(v)) {
        double x = v->valuedouble;
        if (!isfinite(x) || x != floor(x) || fabs(x) > 1e6) {
            *why = "a vertex that is a number is a whole number from -1000000 to 1000000";
            return false;
        }
        snprintf(out, GRAPH_MAX_NAME + 1, "%d", (int)x);
        return true;
    }
    if (!cJSON_IsString(v)) {
        *why = "a vertex is a whole number or a string";
        return false;
    }
    const char *s = v->valuestring;
    size_t n = strlen(s);
    if (n == 0 || n > GRAPH_MAX_NAME) {
        *why = "a vertex's name has 1 to 32 bytes";
        return false;
    }
    if (s[0] == ' ' || s[n - 1] == ' ') {
        *why = "a vertex's name does not start or end with a space";
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (forbidden(s[i]) || (unsigned char)s[i] < 0x20) {
            *why = "a vertex's name has no , ( ) [ ] \" ' or control characters (parts and edge keys are written "
                   "g.edge(u, v))";
            return false;
        }
    memcpy(out, s, n + 1);
    return true;
}

bool spec_vertex_text(const char *text, size_t len, spec_vertex_name out)
{
    while (len > 0 && *text == ' ') {
        text++;
        len--;
    }
    while (len > 0 && text[len - 1] == ' ')
        len--;
    if (len >= 2 && (text[0] == '"' || text[0] == '\'') && text[len - 1] == text[0]) {
        text++;
        len -= 2;
    }
    if (len == 0 || len > GRAPH_MAX_NAME)
        return false;
    for (size_t i = 0; i < len; i++)
        if (forbidden(text[i]))
            return false;
    memcpy(out, text, len);
    out[len] = 0;
    return true;
}

bool spec_edge_text(const char *text, spec_vertex_name a, spec_vertex_name b)
{
    size_t len = strlen(text);
    while (len > 0 && *text == ' ') {
        text++;
        len--;
    }
    while (len > 0 && text[len - 1] == ' ')
        len--;
    if (len >= 2 && ((text[0] == '(' && text[len - 1] == ')') || (text[0] == '[' && text[len - 1] == ']'))) {
        text++;
        len -= 2;
    }
    const char *comma = memchr(text, ',', len);
    if (!comma)
        return false;
    size_t first = (size_t)(comma - text);
    return spec_vertex_text(text, first, a) && spec_vertex_text(comma + 1, len - first - 1, b);
}

size_t spec_graph_names(const cJSON *graph, spec_vertex_name *out)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(graph, "vertices");
    size_t n = 0;
    for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e && n < GRAPH_MAX_VERTICES; e = e->next)
        if (!spec_vertex_of(e, out[n++], NULL))
            out[n - 1][0] = 0;
    return n;
}

int spec_vertex_find(const spec_vertex_name *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (names[i][0] && strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}
