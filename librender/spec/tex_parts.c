/* The parts of a formula (version 2): what the validator lists and checks
 * names against, and what the builder compiles in parts and resolves a
 * target to, from the same rules (lr_tex_split, lr_tex_part_key). */
#include "spec/spec_internal.h"

#include <string.h>

#define ISOLATE_MAX 96 /* substrings_to_isolate (32) and tex_to_color_map keys (64) */

size_t spec_tex_parts(const cJSON *o, int version, lr_tex_span *spans, size_t cap)
{
    const cJSON *tex = cJSON_GetObjectItemCaseSensitive(o, "tex");
    if (version < 2 || !cJSON_IsString(tex))
        return 0;
    const char *isolate[ISOLATE_MAX];
    size_t n = 0;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "substrings_to_isolate");
    for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e && n < ISOLATE_MAX; e = e->next)
        if (cJSON_IsString(e) && e->valuestring[0])
            isolate[n++] = e->valuestring;
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(o, "tex_to_color_map");
    for (const cJSON *e = cJSON_IsObject(map) ? map->child : NULL; e && n < ISOLATE_MAX; e = e->next)
        if (e->string && e->string[0])
            isolate[n++] = e->string;
    return lr_tex_split(tex->valuestring, isolate, n, spans, cap);
}

bool spec_tex_same_part(const char *a, size_t alen, const char *b, size_t blen)
{
    char ka[SPEC_MAX_TEX + 1], kb[SPEC_MAX_TEX + 1];
    size_t na = lr_tex_part_key(a, alen, ka, sizeof ka), nb = lr_tex_part_key(b, blen, kb, sizeof kb);
    return na == nb && na < sizeof ka && memcmp(ka, kb, na) == 0;
}

size_t spec_tex_parts_named(const char *source, const lr_tex_span *spans, size_t n, const char *tex, size_t *out,
                            size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (spec_tex_same_part(source + spans[i].start, spans[i].len, tex, strlen(tex))) {
            if (k < cap)
                out[k] = i;
            k++;
        }
    return k;
}
