/* The Planner: topic -> outline.json (audience, sections with title, content
 * and example) -> storyboard.json (per section: lecture lines, and one
 * animation description per line). Replies are untrusted: each artefact is
 * shape-checked before it is written, and a bad shape is an error naming the
 * JSON path, never a crash later in the Coder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <librender/lr_spec.h>

#include "files.h"
#include "planner.h"

static const char outline_schema[] =
    "{\"type\":\"object\",\"properties\":{"
    "\"topic\":{\"type\":\"string\"},"
    "\"target_audience\":{\"type\":\"string\"},"
    "\"sections\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
    "\"title\":{\"type\":\"string\"},\"content\":{\"type\":\"string\"},\"example\":{\"type\":\"string\"}},"
    "\"required\":[\"title\",\"content\",\"example\"],\"additionalProperties\":false}}},"
    "\"required\":[\"topic\",\"target_audience\",\"sections\"],\"additionalProperties\":false}";

static const char storyboard_schema[] =
    "{\"type\":\"object\",\"properties\":{"
    "\"sections\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
    "\"title\":{\"type\":\"string\"},"
    "\"lecture_lines\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
    "\"animations\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
    "\"required\":[\"title\",\"lecture_lines\",\"animations\"],\"additionalProperties\":false}}},"
    "\"required\":[\"sections\"],\"additionalProperties\":false}";

static bool nonempty_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) && v->valuestring[0];
}

bool planner_outline_valid(const cJSON *outline, int max_sections, char *why, size_t size)
{
    if (!cJSON_IsObject(outline)) {
        snprintf(why, size, "outline: expected a JSON object");
        return false;
    }
    const cJSON *secs = cJSON_GetObjectItemCaseSensitive(outline, "sections");
    int n = cJSON_GetArraySize(secs);
    if (!cJSON_IsArray(secs) || n < 1) {
        snprintf(why, size, "outline.sections: expected a non-empty array of sections");
        return false;
    }
    if (n > max_sections) {
        snprintf(why, size, "outline.sections: %d sections, at most %d expected", n, max_sections);
        return false;
    }
    int i = 0;
    for (const cJSON *s = secs->child; s; s = s->next, i++) {
        static const char *const keys[] = {"title", "content"};
        for (size_t k = 0; k < 2; k++)
            if (!nonempty_string(s, keys[k])) {
                snprintf(why, size, "outline.sections[%d].%s: expected a non-empty string", i, keys[k]);
                return false;
            }
    }
    return true;
}

bool planner_storyboard_valid(const cJSON *storyboard, int sections, char *why, size_t size)
{
    const cJSON *secs = cJSON_GetObjectItemCaseSensitive(storyboard, "sections");
    if (!cJSON_IsArray(secs) || cJSON_GetArraySize(secs) != sections) {
        snprintf(why, size, "storyboard.sections: expected an array of %d sections, one per outline section",
                 sections);
        return false;
    }
    int i = 0;
    for (const cJSON *s = secs->child; s; s = s->next, i++) {
        if (!nonempty_string(s, "title")) {
            snprintf(why, size, "storyboard.sections[%d].title: expected a non-empty string", i);
            return false;
        }
        const cJSON *lines = cJSON_GetObjectItemCaseSensitive(s, "lecture_lines");
        int n = cJSON_GetArraySize(lines);
        if (!cJSON_IsArray(lines) || n < 1 || n > LR_LAYOUT_MAX_LINES) {
            snprintf(why, size, "storyboard.sections[%d].lecture_lines: expected 1 to %d strings", i,
                     LR_LAYOUT_MAX_LINES);
            return false;
        }
        for (const cJSON *l = lines->child; l; l = l->next)
            if (!cJSON_IsString(l)) {
                snprintf(why, size, "storyboard.sections[%d].lecture_lines: expected strings", i);
                return false;
            }
        const cJSON *anims = cJSON_GetObjectItemCaseSensitive(s, "animations");
        if (!cJSON_IsArray(anims)) {
            snprintf(why, size, "storyboard.sections[%d].animations: expected an array of strings", i);
            return false;
        }
    }
    return true;
}

/* Trims what a model over-delivers (more sections than asked, more lecture
 * lines than the layout has rows) rather than failing the topic over it. */
static void planner_trim(cJSON *value, bool is_outline, int max_sections)
{
    cJSON *secs = cJSON_GetObjectItemCaseSensitive(value, "sections");
    if (!cJSON_IsArray(secs))
        return;
    while (is_outline && cJSON_GetArraySize(secs) > max_sections)
        cJSON_DeleteItemFromArray(secs, cJSON_GetArraySize(secs) - 1);
    if (is_outline)
        return;
    for (cJSON *s = secs->child; s; s = s->next) {
        static const char *const keys[] = {"lecture_lines", "animations"};
        for (size_t k = 0; k < 2; k++) {
            cJSON *a = cJSON_GetObjectItemCaseSensitive(s, keys[k]);
            while (cJSON_IsArray(a) && cJSON_GetArraySize(a) > LR_LAYOUT_MAX_LINES)
                cJSON_DeleteItemFromArray(a, cJSON_GetArraySize(a) - 1);
        }
    }
}

/* Reuses `path` when resuming and it passes `valid`; otherwise asks. */
static c2v_status planner_stage(topic_run *t, c2v_llm_client *client, const char *stage, const char *template_name,
                                const c2v_var *vars, size_t nvars, const char *schema, const char *file,
                                cJSON **out, int expect, c2v_error *err)
{
    *out = NULL;
    const c2v_agent_options *opt = t->run->opt;
    char *path = c2v_path_join(t->dir, file);
    if (!path)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    char why[512] = "";
    bool is_outline = strcmp(stage, "outline") == 0;
    if (opt->resume) {
        cJSON *old = c2v_read_json(path);
        bool ok = old && (is_outline ? planner_outline_valid(old, opt->max_sections, why, sizeof why)
                                     : planner_storyboard_valid(old, expect, why, sizeof why));
        if (ok) {
            topic_log(t, "%s: reused %s", stage, file);
            *out = old;
            free(path);
            return C2V_OK;
        }
        cJSON_Delete(old);
        if (why[0])
            topic_log(t, "%s: %s is not valid (%s), asking again", stage, file, why);
    }
    char *prompt;
    c2v_status st = c2v_prompt_render(t->run->prompts, template_name, vars, nvars, &prompt, err);
    if (st) {
        free(path);
        return st;
    }
    topic_log(t, "%s: asking the model", stage);
    c2v_llm_request req = {0};
    req.system = c2v_prompts_text(t->run->prompts, "system");
    req.prompt = prompt;
    req.json_schema = schema;
    req.schema_name = stage;
    req.stage = stage;
    req.topic = t->topic;
    req.label = stage;
    cJSON *value = NULL;
    st = c2v_llm_call_json(client, &req, &value, NULL, err);
    free(prompt);
    if (st == C2V_OK) {
        planner_trim(value, is_outline, opt->max_sections);
        bool ok = is_outline ? planner_outline_valid(value, opt->max_sections, why, sizeof why)
                             : planner_storyboard_valid(value, expect, why, sizeof why);
        if (!ok)
            st = c2v_error_set(err, C2V_ERR_RESPONSE, "%s: the model's reply is unusable: %s", stage, why);
    }
    if (st == C2V_OK)
        st = c2v_write_json(path, value, err);
    if (st == C2V_OK) {
        topic_log(t, "%s: wrote %s", stage, file);
        *out = value;
    } else {
        cJSON_Delete(value);
    }
    free(path);
    return st;
}

c2v_status planner_run(topic_run *t, c2v_llm_client *client, c2v_error *err)
{
    double t0 = c2v_now_seconds();
    char max_sections[16];
    snprintf(max_sections, sizeof max_sections, "%d", t->run->opt->max_sections);
    const char *orientation = t->run->opt->portrait ? "portrait (9:16)" : "landscape (16:9)";
    c2v_var vars[] = {{"topic", t->topic}, {"max_sections", max_sections}, {"orientation", orientation}};
    c2v_status st = planner_stage(t, client, "outline", "planner_outline", vars, 3, outline_schema, "outline.json",
                                  &t->outline, 0, err);
    topic_time(t, "outline", t0);
    if (st)
        return st;
    int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(t->outline, "sections"));
    char *outline_text = cJSON_Print(t->outline);
    char count[16];
    snprintf(count, sizeof count, "%d", n);
    if (!outline_text)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    c2v_var svars[] = {{"topic", t->topic}, {"outline", outline_text}, {"section_count", count},
                       {"max_lines", "6"}, {"orientation", orientation}};
    t0 = c2v_now_seconds();
    st = planner_stage(t, client, "storyboard", "planner_storyboard", svars, 5, storyboard_schema, "storyboard.json",
                       &t->storyboard, n, err);
    topic_time(t, "storyboard", t0);
    free(outline_text);
    return st;
}
