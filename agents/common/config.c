/* api_config.json: Code2Video's shape, one object per named entry. The file
 * is parsed with cJSON and every entry resolved once, so lookups are plain
 * reads and the environment is consulted at load time only. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent_internal.h"

typedef struct entry {
    char *name, *base_url, *api_key, *model, *api_version, *replay_dir, *replay_match;
    c2v_provider_kind kind;
} entry;

struct c2v_config {
    char *origin;
    entry *entries;
    int count;
    char *role_llm, *role_vlm;
};

const char *c2v_provider_kind_name(c2v_provider_kind kind)
{
    switch (kind) {
    case C2V_PROVIDER_OPENAI: return "openai";
    case C2V_PROVIDER_ANTHROPIC: return "anthropic";
    case C2V_PROVIDER_GEMINI: return "gemini";
    case C2V_PROVIDER_REPLAY: return "replay";
    default: return "none";
    }
}

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

/* getenv of PREFIX + NAME upper-cased with other characters as '_'. */
static const char *env_for(const char *prefix, const char *name)
{
    char var[160];
    size_t p = strlen(prefix);
    if (p >= sizeof var)
        return NULL;
    memcpy(var, prefix, p);
    for (size_t i = 0; name[i] && p + 1 < sizeof var; i++)
        var[p++] = isalnum((unsigned char)name[i]) ? (char)toupper((unsigned char)name[i]) : '_';
    var[p] = '\0';
    const char *v = getenv(var);
    return v && *v ? v : NULL;
}

static c2v_status get_string(const cJSON *obj, const char *key, const char *origin, const char *entry_name,
                             const char **out, c2v_error *err)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = "";
    if (!v || cJSON_IsNull(v))
        return C2V_OK;
    if (!cJSON_IsString(v) || !v->valuestring)
        return c2v_error_set(err, C2V_ERR_CONFIG, "%s: %s.%s: expected a string", origin, entry_name, key);
    *out = v->valuestring;
    return C2V_OK;
}

static c2v_provider_kind infer_kind(const char *name, const char *base_url, const char *model, const char *dir)
{
    if (*dir)
        return C2V_PROVIDER_REPLAY;
    if (!*model && !*base_url)
        return C2V_PROVIDER_NONE;
    if (contains_ci(base_url, "anthropic"))
        return C2V_PROVIDER_ANTHROPIC;
    if (contains_ci(base_url, "generativelanguage"))
        return C2V_PROVIDER_GEMINI;
    if (*base_url)
        return C2V_PROVIDER_OPENAI; /* any other server: OpenAI-compatible is the common dialect */
    if (contains_ci(name, "claude") || contains_ci(model, "claude") || contains_ci(name, "anthropic"))
        return C2V_PROVIDER_ANTHROPIC;
    if (contains_ci(name, "gemini") || contains_ci(model, "gemini"))
        return C2V_PROVIDER_GEMINI;
    return C2V_PROVIDER_OPENAI;
}

static void entry_free(entry *e)
{
    free(e->name);
    free(e->base_url);
    free(e->api_key);
    free(e->model);
    free(e->api_version);
    free(e->replay_dir);
    free(e->replay_match);
}

void c2v_config_destroy(c2v_config *cfg)
{
    if (!cfg)
        return;
    for (int i = 0; i < cfg->count; i++)
        entry_free(&cfg->entries[i]);
    free(cfg->entries);
    free(cfg->origin);
    free(cfg->role_llm);
    free(cfg->role_vlm);
    free(cfg);
}

static c2v_status resolve_entry(const cJSON *obj, const char *name, const char *origin, entry *e, c2v_error *err)
{
    const char *base_url, *api_key, *model, *version, *dir, *match, *provider;
    c2v_status st;
    if ((st = get_string(obj, "base_url", origin, name, &base_url, err)) ||
        (st = get_string(obj, "api_key", origin, name, &api_key, err)) ||
        (st = get_string(obj, "model", origin, name, &model, err)) ||
        (st = get_string(obj, "api_version", origin, name, &version, err)) ||
        (st = get_string(obj, "dir", origin, name, &dir, err)) ||
        (st = get_string(obj, "match", origin, name, &match, err)) ||
        (st = get_string(obj, "provider", origin, name, &provider, err)))
        return st;

    const char *v;
    if ((v = env_for("C2V_BASE_URL_", name)))
        base_url = v;
    if ((v = env_for("C2V_MODEL_", name)))
        model = v;

    c2v_provider_kind kind;
    if (!*provider)
        kind = infer_kind(name, base_url, model, dir);
    else if (strcmp(provider, "openai") == 0)
        kind = C2V_PROVIDER_OPENAI;
    else if (strcmp(provider, "anthropic") == 0)
        kind = C2V_PROVIDER_ANTHROPIC;
    else if (strcmp(provider, "gemini") == 0)
        kind = C2V_PROVIDER_GEMINI;
    else if (strcmp(provider, "replay") == 0)
        kind = C2V_PROVIDER_REPLAY;
    else
        return c2v_error_set(err, C2V_ERR_CONFIG,
                             "%s: %s.provider: expected one of openai, anthropic, gemini, replay, not \"%.40s\"",
                             origin, name, provider);

    /* The entry's own variable wins over the file; a generic variable only
     * fills a gap, since it may belong to another account than this entry. */
    if ((v = env_for("C2V_API_KEY_", name)))
        api_key = v;
    if (!*api_key) {
        const char *generic = NULL;
        if (kind == C2V_PROVIDER_OPENAI)
            generic = getenv("OPENAI_API_KEY");
        else if (kind == C2V_PROVIDER_ANTHROPIC)
            generic = getenv("ANTHROPIC_API_KEY");
        else if (kind == C2V_PROVIDER_GEMINI) {
            generic = getenv("GEMINI_API_KEY");
            if (!generic || !*generic)
                generic = getenv("GOOGLE_API_KEY");
        }
        if (generic)
            api_key = generic;
    }
    if (kind == C2V_PROVIDER_REPLAY && *match && strcmp(match, "hash") && strcmp(match, "order") &&
        strcmp(match, "hash,order"))
        return c2v_error_set(err, C2V_ERR_CONFIG, "%s: %s.match: expected \"hash\", \"order\" or \"hash,order\"",
                             origin, name);

    e->kind = kind;
    e->name = c2v_strdup(name);
    e->base_url = c2v_strdup(base_url);
    e->api_key = c2v_strdup(api_key);
    e->model = c2v_strdup(model);
    e->api_version = c2v_strdup(version);
    e->replay_dir = c2v_strdup(dir);
    e->replay_match = c2v_strdup(*match ? match : "hash");
    if (!e->name || !e->base_url || !e->api_key || !e->model || !e->api_version || !e->replay_dir ||
        !e->replay_match)
        return c2v_error_set(err, C2V_ERR_NOMEM, "%s: out of memory", origin);
    return C2V_OK;
}

c2v_status c2v_config_parse(const char *json, const char *origin, c2v_config **out, c2v_error *err)
{
    if (!out || !json)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_config_parse: no text or output");
    *out = NULL;
    if (!origin)
        origin = "api_config";
    cJSON *root = cJSON_Parse(json);
    if (!root)
        return c2v_error_set(err, C2V_ERR_CONFIG, "%s: not valid JSON (near \"%.30s\")", origin,
                             cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "");
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return c2v_error_set(err, C2V_ERR_CONFIG, "%s: expected a JSON object of named entries", origin);
    }
    c2v_config *cfg = calloc(1, sizeof *cfg);
    int n = cJSON_GetArraySize(root);
    c2v_status st = C2V_OK;
    if (!cfg || !(cfg->entries = calloc((size_t)(n ? n : 1), sizeof *cfg->entries)) ||
        !(cfg->origin = c2v_strdup(origin))) {
        st = c2v_error_set(err, C2V_ERR_NOMEM, "%s: out of memory", origin);
        goto done;
    }
    const cJSON *item;
    cJSON_ArrayForEach(item, root)
    {
        if (!item->string)
            continue;
        if (strcmp(item->string, "roles") == 0) {
            const char *llm, *vlm;
            if ((st = get_string(item, "llm", origin, "roles", &llm, err)) ||
                (st = get_string(item, "vlm", origin, "roles", &vlm, err)))
                goto done;
            if (!(cfg->role_llm = c2v_strdup(llm)) || !(cfg->role_vlm = c2v_strdup(vlm))) {
                st = c2v_error_set(err, C2V_ERR_NOMEM, "%s: out of memory", origin);
                goto done;
            }
            continue;
        }
        if (!cJSON_IsObject(item)) {
            st = c2v_error_set(err, C2V_ERR_CONFIG, "%s: %s: expected an object", origin, item->string);
            goto done;
        }
        if ((st = resolve_entry(item, item->string, origin, &cfg->entries[cfg->count], err))) {
            entry_free(&cfg->entries[cfg->count]);
            goto done;
        }
        cfg->count++;
    }
done:
    cJSON_Delete(root);
    if (st) {
        c2v_config_destroy(cfg);
        return st;
    }
    *out = cfg;
    return C2V_OK;
}

c2v_status c2v_config_load(const char *path, c2v_config **out, c2v_error *err)
{
    if (out)
        *out = NULL;
    if (!path)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_config_load: no path");
    char *text;
    c2v_error read_err = {0};
    c2v_status st = c2v_file_read(path, (size_t)1 << 20, &text, NULL, &read_err);
    if (st == C2V_ERR_IO)
        return c2v_error_set(err, C2V_ERR_CONFIG, "%s (copy api_config.sample.json and fill it in)", read_err.message);
    if (st)
        return c2v_error_set(err, st, "%s", read_err.message);
    st = c2v_config_parse(text, path, out, err);
    free(text);
    return st;
}

static const entry *find(const c2v_config *cfg, const char *name)
{
    for (int i = 0; cfg && name && i < cfg->count; i++)
        if (strcmp(cfg->entries[i].name, name) == 0)
            return &cfg->entries[i];
    return NULL;
}

static void fill(const entry *e, c2v_provider_config *out)
{
    out->name = e->name;
    out->kind = e->kind;
    out->base_url = e->base_url;
    out->api_key = e->api_key;
    out->model = e->model;
    out->api_version = e->api_version;
    out->replay_dir = e->replay_dir;
    out->replay_match = e->replay_match;
}

/* "LLM entries: a, b; other entries: iconfinder", for a name that is not there. */
static void entry_names(const c2v_config *cfg, char *out, size_t size)
{
    c2v_buf b = {0};
    static const char *const heads[] = {"LLM entries: ", "other entries: "};
    for (int pass = 0; pass < 2; pass++) {
        int n = 0;
        for (int i = 0; i < cfg->count; i++) {
            if ((cfg->entries[i].kind == C2V_PROVIDER_NONE) != (pass == 1))
                continue;
            if (n++ == 0)
                c2v_buf_appendf(&b, "%s%s", b.len ? "; " : "", heads[pass]);
            else
                c2v_buf_appendf(&b, ", ");
            c2v_buf_appendf(&b, "%s", cfg->entries[i].name);
        }
    }
    snprintf(out, size, "%s", b.len ? b.data : "the file has no entries");
    c2v_buf_free(&b);
}

c2v_status c2v_config_entry(const c2v_config *cfg, const char *name, c2v_provider_config *out, c2v_error *err)
{
    if (!cfg || !name || !out)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_config_entry: missing argument");
    const entry *e = find(cfg, name);
    if (!e) {
        char names[600];
        entry_names(cfg, names, sizeof names);
        return c2v_error_set(err, C2V_ERR_CONFIG, "%s: no entry \"%s\" (%s)", cfg->origin, name, names);
    }
    if (e->kind == C2V_PROVIDER_NONE)
        return c2v_error_set(err, C2V_ERR_CONFIG, "%s: entry \"%s\" is not an LLM provider (no model or base_url)",
                             cfg->origin, name);
    fill(e, out);
    return C2V_OK;
}

c2v_status c2v_config_role(const c2v_config *cfg, const char *role, c2v_provider_config *out, c2v_error *err)
{
    if (!cfg || !role || !out)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_config_role: missing argument");
    bool vlm = strcmp(role, "vlm") == 0;
    if (!vlm && strcmp(role, "llm") != 0)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "role \"%s\": expected \"llm\" or \"vlm\"", role);
    const char *name = getenv(vlm ? "C2V_VLM" : "C2V_LLM");
    if (!name || !*name)
        name = vlm ? cfg->role_vlm : cfg->role_llm;
    if (name && *name)
        return c2v_config_entry(cfg, name, out, err);
    for (int i = 0; i < cfg->count; i++)
        if (cfg->entries[i].kind != C2V_PROVIDER_NONE) {
            fill(&cfg->entries[i], out);
            return C2V_OK;
        }
    return c2v_error_set(err, C2V_ERR_CONFIG, "%s: no LLM entry for the %s role", cfg->origin, role);
}

void c2v_config_role_source(const c2v_config *cfg, const char *role, char *out, size_t size)
{
    bool vlm = role && strcmp(role, "vlm") == 0;
    const char *env = getenv(vlm ? "C2V_VLM" : "C2V_LLM");
    const char *file = cfg ? (vlm ? cfg->role_vlm : cfg->role_llm) : NULL;
    if (env && *env)
        snprintf(out, size, "from %s", vlm ? "C2V_VLM" : "C2V_LLM");
    else if (file && *file)
        snprintf(out, size, "roles.%s of %s", vlm ? "vlm" : "llm", cfg->origin);
    else
        snprintf(out, size, "the first LLM entry of %s, which names no \"roles\": {\"%s\": ...}",
                 cfg ? cfg->origin : "the config", vlm ? "vlm" : "llm");
}

const char *c2v_config_key(const c2v_config *cfg, const char *name)
{
    const entry *e = find(cfg, name);
    if (e)
        return e->api_key;
    return "";
}
