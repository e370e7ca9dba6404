/* The Coder: writes one section of the scene spec at a time, checks it with
 * librender's validator (milliseconds, every problem with its JSON path),
 * and repairs it with scoped requests that carry the exact messages and only
 * the part at fault. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librender/lr_video.h>

#include "coder.h"
#include "files.h"

void spec_issues_free(spec_issues *issues)
{
    for (int i = 0; i < issues->count; i++) {
        free(issues->items[i].message);
        free(issues->items[i].path);
    }
    free(issues->items);
    issues->items = NULL;
    issues->count = 0;
}

bool spec_issues_add(spec_issues *issues, const char *message, const char *path)
{
    spec_issue *n = realloc(issues->items, (size_t)(issues->count + 1) * sizeof *n);
    if (!n)
        return false;
    issues->items = n;
    n[issues->count].message = c2v_strdup(message);
    n[issues->count].path = c2v_strdup(path ? path : "");
    if (!n[issues->count].message || !n[issues->count].path) {
        free(n[issues->count].message);
        free(n[issues->count].path);
        return false;
    }
    issues->count++;
    return true;
}

char *spec_issues_joined(const spec_issues *issues)
{
    c2v_buf b = {0};
    for (int i = 0; i < issues->count; i++)
        c2v_buf_appendf(&b, "- %s\n", issues->items[i].message);
    if (!b.data)
        c2v_buf_append(&b, "", 0);
    return b.data;
}

static const char *quality_name(char q)
{
    return q == 'm' ? "m" : q == 'h' ? "h" : q == 'k' ? "k" : "l";
}

cJSON *coder_wrap_section(const topic_run *t, const cJSON *section)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *meta = doc ? cJSON_AddObjectToObject(doc, "meta") : NULL;
    cJSON *secs = NULL;
    bool ok = meta && cJSON_AddNumberToObject(doc, "version", LR_SPEC_VERSION) &&
              cJSON_AddStringToObject(meta, "title", t->topic) &&
              cJSON_AddStringToObject(meta, "orientation", t->run->opt->portrait ? "portrait" : "landscape") &&
              cJSON_AddStringToObject(meta, "quality", quality_name(t->run->opt->quality)) &&
              (secs = cJSON_AddArrayToObject(doc, "sections")) != NULL;
    if (!ok) {
        cJSON_Delete(doc);
        return NULL;
    }
    cJSON *copy = section ? cJSON_Duplicate(section, true) : NULL;
    if (section && (!copy || !cJSON_AddItemToArray(secs, copy))) {
        cJSON_Delete(copy);
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* The model may answer with a whole document; take its first section. And
 * the section id is ours, whatever the model wrote. */
static cJSON *normalize_section(topic_run *t, int i, cJSON *reply, c2v_error *err)
{
    cJSON *secs = cJSON_GetObjectItemCaseSensitive(reply, "sections");
    if (cJSON_IsObject(reply) && cJSON_IsArray(secs) && !cJSON_GetObjectItemCaseSensitive(reply, "timeline")) {
        cJSON *first = cJSON_DetachItemFromArray(secs, 0);
        cJSON_Delete(reply);
        reply = first;
    }
    if (!cJSON_IsObject(reply)) {
        cJSON_Delete(reply);
        c2v_error_set(err, C2V_ERR_RESPONSE, "section %s: the model's reply is not a JSON object", t->sections[i].id);
        return NULL;
    }
    cJSON *id = cJSON_CreateString(t->sections[i].id);
    if (!id) {
        cJSON_Delete(reply);
        c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (cJSON_GetObjectItemCaseSensitive(reply, "id"))
        cJSON_ReplaceItemInObjectCaseSensitive(reply, "id", id);
    else
        cJSON_AddItemToObject(reply, "id", id);
    return reply;
}

static char *json_text(const cJSON *v)
{
    char *s = v ? cJSON_Print(v) : NULL;
    return s ? s : c2v_strdup("null");
}

static c2v_status ask_json(topic_run *t, c2v_llm_client *client, int i, const char *stage, const char *prompt,
                           cJSON **out, c2v_error *err)
{
    char label[48];
    snprintf(label, sizeof label, "%s %s", t->sections[i].id, stage);
    c2v_llm_request req = {0};
    req.system = c2v_prompts_text(t->run->prompts, "system");
    req.prompt = prompt;
    req.stage = stage;
    req.topic = t->topic;
    req.label = label;
    req.max_tokens = t->run->opt->max_code_tokens > 0 ? t->run->opt->max_code_tokens : 16000;
    return c2v_llm_call_json(client, &req, out, NULL, err);
}

c2v_status coder_write_section(topic_run *t, c2v_llm_client *client, int i, const spec_issues *previous,
                               cJSON **out, c2v_error *err)
{
    *out = NULL;
    const cJSON *osec = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t->outline, "sections"), i);
    const cJSON *ssec = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t->storyboard, "sections"), i);
    char *outline_text = json_text(osec), *story_text = json_text(ssec);
    char *errors = previous ? spec_issues_joined(previous) : c2v_strdup("");
    char number[16], count[16];
    snprintf(number, sizeof number, "%d", i + 1);
    snprintf(count, sizeof count, "%d", t->nsections);
    c2v_var vars[] = {
        {"topic", t->topic},
        {"section_number", number},
        {"section_count", count},
        {"section_id", t->sections[i].id},
        {"section_title", t->sections[i].title},
        {"outline_section", outline_text ? outline_text : ""},
        {"storyboard_section", story_text ? story_text : ""},
        {"orientation", t->run->opt->portrait ? "portrait" : "landscape"},
        {"spec_guide", c2v_prompts_text(t->run->prompts, "spec_guide")},
        {"spec_vocabulary", c2v_prompts_text(t->run->prompts, "spec_vocabulary")},
        {"previous_errors", errors ? errors : ""},
        {"assets", t->assets_text ? t->assets_text : ""},
    };
    char *prompt = NULL;
    c2v_status st = (outline_text && story_text && errors)
                        ? c2v_prompt_render(t->run->prompts, previous ? "coder_regenerate" : "coder_section", vars,
                                            sizeof vars / sizeof vars[0], &prompt, err)
                        : c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    free(outline_text);
    free(story_text);
    free(errors);
    if (st)
        return st;
    cJSON *reply = NULL;
    st = ask_json(t, client, i, previous ? "regenerate" : "coder", prompt, &reply, err);
    free(prompt);
    if (st)
        return st;
    *out = normalize_section(t, i, reply, err);
    return *out ? C2V_OK : err->status;
}

static char *section_file_name(const topic_run *t, int i)
{
    char name[64];
    snprintf(name, sizeof name, "section-%02d.json", i + 1);
    (void)t;
    return c2v_strdup(name);
}

c2v_status coder_validate(topic_run *t, int i, const cJSON *section, spec_issues *issues, c2v_error *err)
{
    spec_issues_free(issues);
    cJSON *doc = coder_wrap_section(t, section);
    char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
    cJSON_Delete(doc);
    char *name = section_file_name(t, i);
    lr_spec_errors *errs = lr_spec_errors_create();
    if (!text || !name || !errs) {
        free(text);
        free(name);
        lr_spec_errors_destroy(errs);
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    lr_spec *spec = NULL;
    lr_status ls = lr_spec_load_string(text, name, t->dir, &spec, errs);
    c2v_status st = C2V_OK;
    if (ls != LR_OK) {
        size_t n = lr_spec_errors_count(errs);
        for (size_t k = 0; k < n && st == C2V_OK; k++)
            if (!spec_issues_add(issues, lr_spec_errors_message(errs, k), lr_spec_errors_path(errs, k)))
                st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        if (n == 0 && !spec_issues_add(issues, lr_strerror(ls), ""))
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
    free(text);
    free(name);
    return st;
}

c2v_status coder_save(topic_run *t, int i, const cJSON *section, c2v_error *err)
{
    section_state *s = &t->sections[i];
    cJSON *doc = coder_wrap_section(t, section);
    if (!doc)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    c2v_status st = c2v_write_json(s->json_path, doc, err);
    cJSON_Delete(doc);
    if (st)
        return st;
    cJSON_Delete(s->spec);
    s->spec = cJSON_Duplicate(section, true);
    return s->spec ? C2V_OK : c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
}

/* "sections[0].objects[3].radius" -> kind "objects", index 3. */
static bool path_part(const char *path, char *kind, size_t size, int *index)
{
    const char *p = strncmp(path, "sections[0].", 12) == 0 ? path + 12 : NULL;
    if (!p)
        return false;
    const char *b = strchr(p, '[');
    if (!b || (size_t)(b - p) >= size)
        return false;
    memcpy(kind, p, (size_t)(b - p));
    kind[b - p] = '\0';
    if (strcmp(kind, "objects") != 0 && strcmp(kind, "timeline") != 0)
        return false;
    char *end;
    long v = strtol(b + 1, &end, 10);
    if (*end != ']' || v < 0 || v > 100000)
        return false;
    *index = (int)v;
    return true;
}

c2v_status coder_fix(topic_run *t, c2v_llm_client *client, int i, cJSON **section, const spec_issues *issues,
                     c2v_error *err)
{
    /* Scope: one object or timeline step when every issue lies inside it. */
    char kind[16] = "", k2[16];
    int index = -1, i2;
    bool scoped = issues->count > 0;
    for (int k = 0; k < issues->count && scoped; k++) {
        if (!path_part(issues->items[k].path, k2, sizeof k2, &i2))
            scoped = false;
        else if (index < 0) {
            snprintf(kind, sizeof kind, "%s", k2);
            index = i2;
        } else if (strcmp(kind, k2) != 0 || index != i2)
            scoped = false;
    }
    cJSON *array = scoped ? cJSON_GetObjectItemCaseSensitive(*section, kind) : NULL;
    cJSON *part = array ? cJSON_GetArrayItem(array, index) : NULL;
    if (!part)
        scoped = false;

    char part_name[160];
    c2v_buf context = {0};
    if (scoped) {
        snprintf(part_name, sizeof part_name, "sections[0].%s[%d]", kind, index);
        /* The ids it may refer to, without the rest of the section. */
        c2v_buf_appendf(&context, "Objects declared in this section, in order:");
        int k = 0;
        for (const cJSON *o = cJSON_GetObjectItemCaseSensitive(*section, "objects") ? cJSON_GetObjectItemCaseSensitive(*section, "objects")->child : NULL; o; o = o->next, k++) {
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
            const cJSON *ty = cJSON_GetObjectItemCaseSensitive(o, "type");
            c2v_buf_appendf(&context, " %s (%s)%s", cJSON_IsString(id) ? id->valuestring : "?",
                            cJSON_IsString(ty) ? ty->valuestring : "?", o->next ? "," : ".");
        }
    } else {
        snprintf(part_name, sizeof part_name, "sections[0] (the whole section)");
        c2v_buf_appendf(&context, "The section id must stay \"%s\".", t->sections[i].id);
    }
    char *part_text = json_text(scoped ? part : *section);
    char *errors = spec_issues_joined(issues);
    const char *shape = scoped ? (strcmp(kind, "objects") == 0 ? "the corrected object, as one JSON object"
                                                               : "the corrected timeline step, as one JSON object")
                               : "the corrected section, as one JSON object with title, lecture_lines, objects "
                                 "and timeline";
    c2v_var vars[] = {
        {"topic", t->topic},
        {"section_title", t->sections[i].title},
        {"errors", errors ? errors : ""},
        {"part_name", part_name},
        {"part_json", part_text ? part_text : ""},
        {"context", context.data ? context.data : ""},
        {"reply_shape", shape},
        {"spec_guide", c2v_prompts_text(t->run->prompts, "spec_guide")},
    };
    char *prompt = NULL;
    c2v_status st = (part_text && errors) ? c2v_prompt_render(t->run->prompts, "coder_fix", vars,
                                                              sizeof vars / sizeof vars[0], &prompt, err)
                                          : c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    free(part_text);
    free(errors);
    c2v_buf_free(&context);
    if (st)
        return st;
    topic_log(t, "%s: fix request for %s (%d issue%s)", t->sections[i].id, part_name, issues->count,
              issues->count == 1 ? "" : "s");
    cJSON *reply = NULL;
    st = ask_json(t, client, i, "fix", prompt, &reply, err);
    free(prompt);
    if (st)
        return st;
    /* A whole section where a part was asked for is used as the section. */
    if (scoped && cJSON_IsObject(reply) && cJSON_GetObjectItemCaseSensitive(reply, "timeline") &&
        (cJSON_GetObjectItemCaseSensitive(reply, "objects") || cJSON_GetObjectItemCaseSensitive(reply, "sections")))
        scoped = false;
    if (scoped) {
        if (!cJSON_IsObject(reply)) {
            cJSON_Delete(reply);
            return c2v_error_set(err, C2V_ERR_RESPONSE, "section %s: the fix for %s is not a JSON object",
                                 t->sections[i].id, part_name);
        }
        /* A reply wrapped in {"object": {...}} or similar: take the one inner object. */
        if (reply->child && !reply->child->next && cJSON_IsObject(reply->child) &&
            !cJSON_GetObjectItemCaseSensitive(reply, "id") && !cJSON_GetObjectItemCaseSensitive(reply, "play")) {
            cJSON *inner = cJSON_DetachItemViaPointer(reply, reply->child);
            cJSON_Delete(reply);
            reply = inner;
        }
        if (!cJSON_ReplaceItemInArray(array, index, reply)) {
            cJSON_Delete(reply);
            return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        }
        return C2V_OK;
    }
    cJSON *fixed = normalize_section(t, i, reply, err);
    if (!fixed)
        return err->status;
    cJSON_Delete(*section);
    *section = fixed;
    return C2V_OK;
}

/* The object the failure message names: by its JSON path
 * ("sections[0].objects[3]..."), else by the formula or text it quotes. */
static int object_named_in(const cJSON *section, const char *message)
{
    static const char *const keys[] = {"tex", "text", "label", "x_label", "y_label", "file", "expr"};
    const cJSON *objs = cJSON_GetObjectItemCaseSensitive(section, "objects");
    const char *at = strstr(message, ": sections[0].objects[");
    if (at) {
        char *end;
        long k = strtol(at + strlen(": sections[0].objects["), &end, 10);
        if (*end == ']' && k >= 0 && k < cJSON_GetArraySize(objs))
            return (int)k;
    }
    int k = 0;
    for (const cJSON *o = objs ? objs->child : NULL; o; o = o->next, k++)
        for (size_t j = 0; j < sizeof keys / sizeof keys[0]; j++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, keys[j]);
            if (cJSON_IsString(v) && strlen(v->valuestring) >= 2 && strstr(message, v->valuestring))
                return k;
        }
    return -1;
}

/* A TeX failure names the section, not the formula: compile each "tex"
 * object alone (formulas that worked come from the disk cache) to find it. */
static int tex_object_failing(const cJSON *section)
{
    lr_tex_context *ctx = NULL;
    if (lr_tex_context_create(&ctx, NULL, NULL) != LR_OK)
        return -1;
    const cJSON *objs = cJSON_GetObjectItemCaseSensitive(section, "objects");
    int k = 0, found = -1;
    for (const cJSON *o = objs ? objs->child : NULL; o && found < 0; o = o->next, k++) {
        const cJSON *tex = cJSON_GetObjectItemCaseSensitive(o, "tex");
        if (!cJSON_IsString(tex))
            continue;
        lr_mobject *m = NULL;
        if (lr_tex_create(ctx, tex->valuestring, NULL, &m, NULL) != LR_OK)
            found = k;
        lr_mobject_destroy(m);
    }
    lr_tex_context_destroy(ctx);
    return found;
}

c2v_status coder_render(topic_run *t, int i, spec_issues *issues, c2v_error *err)
{
    spec_issues_free(issues);
    section_state *s = &t->sections[i];
    char *text;
    c2v_status st = c2v_file_read(s->json_path, (size_t)16 << 20, &text, NULL, err);
    if (st)
        return st;
    lr_spec *spec = NULL;
    lr_spec_errors *errs = lr_spec_errors_create();
    char *name = section_file_name(t, i);
    lr_status ls = errs && name ? lr_spec_load_string(text, name, t->dir, &spec, errs) : LR_ERR_NOMEM;
    free(text);
    if (ls != LR_OK) {
        st = c2v_error_set(err, C2V_ERR_IO, "%s: does not load: %s", s->json_path,
                           errs ? lr_spec_errors_joined(errs) : "out of memory");
        lr_spec_errors_destroy(errs);
        free(name);
        return st;
    }
    lr_spec_errors_destroy(errs);
    lr_video_options vopt = lr_video_options_default();
    vopt.progress = run_render_progress;
    vopt.user = t->run;
    lr_error lerr = {0};
    pthread_mutex_lock(&t->run->render_lock);
    topic_log(t, "%s: rendering %.1f s", s->id, lr_spec_duration(spec));
    ls = lr_video_render(spec, s->mp4_path, &vopt, &lerr);
    pthread_mutex_unlock(&t->run->render_lock);
    lr_spec_destroy(spec);
    free(name);
    if (ls == LR_OK)
        return C2V_OK;
    if (ls == LR_ERR_CANCELLED)
        return c2v_error_set(err, C2V_ERR_CANCELLED, "section %s: rendering cancelled", s->id);
    /* What the spec can cause goes back to the model; the machine's problems
     * (no GL context, the encoder, the disk) end the section at once. */
    switch (ls) {
    case LR_ERR_SPEC:
    case LR_ERR_TEX:
    case LR_ERR_FONT:
    case LR_ERR_SVG:
    case LR_ERR_IMAGE:
    case LR_ERR_LIMIT:
    case LR_ERR_INVALID_ARG:
    case LR_ERR_UNSUPPORTED: {
        int k = object_named_in(s->spec, lerr.message);
        if (k < 0 && ls == LR_ERR_TEX)
            k = tex_object_failing(s->spec);
        char path[64] = "";
        if (k >= 0)
            snprintf(path, sizeof path, "sections[0].objects[%d]", k);
        if (!spec_issues_add(issues, lerr.message, path))
            return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        return C2V_OK;
    }
    default:
        return c2v_error_set(err, C2V_ERR_IO, "section %s: rendering failed: %s", s->id, lerr.message);
    }
}
