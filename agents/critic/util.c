/* Spec-document helpers shared by the geometric and visual passes. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "critic_internal.h"

c2v_critic_options c2v_critic_options_default(void)
{
    c2v_critic_options o = {0};
    o.frame_width = 640;
    o.frame_height = 360;
    o.max_fixes = 64;
    o.feedback_rounds = 1;
    o.max_issues = 5;
    o.reply_attempts = 2;
    o.max_key_frames = 12;
    return o;
}

c2v_status critic_spec_load(const cJSON *doc, const char *name, const char *asset_dir, lr_spec **out,
                            c2v_error *err)
{
    return critic_spec_load_with(doc, name, asset_dir, NULL, NULL, out, err);
}

c2v_status critic_spec_load_with(const cJSON *doc, const char *name, const char *asset_dir, lr_text_context *text_cx,
                                 lr_tex_context *tex_cx, lr_spec **out, c2v_error *err)
{
    *out = NULL;
    char *text = cJSON_PrintUnformatted(doc);
    if (!text)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory serialising the spec");
    lr_spec_errors *errs = lr_spec_errors_create();
    if (!errs) {
        free(text);
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    lr_status st = lr_spec_load_string(text, name ? name : "spec.json", asset_dir, out, errs);
    free(text);
    c2v_status rc = C2V_OK;
    if (st != LR_OK)
        rc = c2v_error_set(err, C2V_ERR_INVALID_ARG, "%s", lr_spec_errors_joined(errs));
    else if (text_cx || tex_cx)
        lr_spec_set_contexts(*out, text_cx, tex_cx);
    lr_spec_errors_destroy(errs);
    return rc;
}

cJSON *critic_section(cJSON *doc, size_t index)
{
    cJSON *sections = cJSON_GetObjectItemCaseSensitive(doc, "sections");
    return cJSON_GetArrayItem(sections, (int)index);
}

static cJSON *find_in(cJSON *arr, const char *id, bool top_only, int depth)
{
    cJSON *o;
    cJSON_ArrayForEach(o, arr)
    {
        const cJSON *oid = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (cJSON_IsString(oid) && strcmp(oid->valuestring, id) == 0)
            return o;
        if (!top_only && depth < 8) {
            cJSON *c = find_in(cJSON_GetObjectItemCaseSensitive(o, "children"), id, false, depth + 1);
            if (c)
                return c;
        }
    }
    return NULL;
}

cJSON *critic_object(cJSON *section, const char *id, bool top_only)
{
    if (!section || !id)
        return NULL;
    return find_in(cJSON_GetObjectItemCaseSensitive(section, "objects"), id, top_only, 0);
}

void critic_clear_placement(cJSON *obj)
{
    static const char *const keys[] = {"at", "area", "position", "next_to", "align_to"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        cJSON_DeleteItemFromObjectCaseSensitive(obj, keys[i]);
}

void critic_placement_text(const cJSON *obj, char *out, size_t size)
{
    const cJSON *v;
    if (cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(obj, "at")))
        snprintf(out, size, "at %s", v->valuestring);
    else if (cJSON_GetArraySize(v = cJSON_GetObjectItemCaseSensitive(obj, "area")) == 2 &&
             cJSON_IsString(cJSON_GetArrayItem(v, 0)) && cJSON_IsString(cJSON_GetArrayItem(v, 1)))
        snprintf(out, size, "area %s-%s", cJSON_GetArrayItem(v, 0)->valuestring,
                 cJSON_GetArrayItem(v, 1)->valuestring);
    else if (cJSON_GetArraySize(v = cJSON_GetObjectItemCaseSensitive(obj, "position")) == 2)
        snprintf(out, size, "position (%.2f, %.2f)", cJSON_GetNumberValue(cJSON_GetArrayItem(v, 0)),
                 cJSON_GetNumberValue(cJSON_GetArrayItem(v, 1)));
    else if (cJSON_IsObject(v = cJSON_GetObjectItemCaseSensitive(obj, "next_to")))
        snprintf(out, size, "next_to %s", cJSON_IsString(cJSON_GetObjectItemCaseSensitive(v, "id"))
                                              ? cJSON_GetObjectItemCaseSensitive(v, "id")->valuestring
                                              : "?");
    else
        snprintf(out, size, "own coordinates");
}

size_t critic_play_ends(const cJSON *section, double *ends, size_t max)
{
    double t = 0;
    size_t n = 0;
    const cJSON *step;
    cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(section, "timeline"))
    {
        const cJSON *v;
        if ((v = cJSON_GetObjectItemCaseSensitive(step, "play"))) {
            const cJSON *rt = cJSON_GetObjectItemCaseSensitive(step, "run_time");
            t += cJSON_IsNumber(rt) ? rt->valuedouble : 1.0;
            if (n < max)
                ends[n] = t;
            n++;
        } else if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(step, "wait"))) {
            t += v->valuedouble;
        }
    }
    return n < max ? n : max;
}

void critic_frame_size(const c2v_critic_options *opt, lr_orientation o, int *w, int *h)
{
    int a = opt && opt->frame_width > 0 ? opt->frame_width : 640;
    int b = opt && opt->frame_height > 0 ? opt->frame_height : 360;
    if (a < b) {
        int t = a;
        a = b;
        b = t;
    }
    a &= ~1;
    b &= ~1;
    *w = o == LR_PORTRAIT ? b : a;
    *h = o == LR_PORTRAIT ? a : b;
}

void critic_log(cJSON *log, cJSON *entry)
{
    if (log && entry)
        cJSON_AddItemToArray(log, entry);
    else
        cJSON_Delete(entry);
}

void critic_warn(const c2v_critic_options *opt, cJSON *log, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!opt || !opt->quiet)
        fprintf(stderr, "c2v critic: warning: %s\n", msg);
    cJSON *e = cJSON_CreateObject();
    if (e) {
        cJSON_AddStringToObject(e, "kind", "warning");
        cJSON_AddStringToObject(e, "message", msg);
    }
    critic_log(log, e);
}
