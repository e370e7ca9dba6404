/* The visual pass: key frames with the anchor grid and object ids drawn on
 * a copy go to the VLM with the placement table; its issues come back as
 * strict JSON and are applied by object id. The overlay is drawn by
 * librender itself: a copy of the section, cut after the key frame's play
 * step, gets grid lines and id labels as ordinary spec objects. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "critic_internal.h"

#define OV "critic_ov_"

static const char *const default_system =
    "You are the layout critic of an educational video. Each image is a key frame (the end of an animation "
    "step) with the 6x6 anchor grid drawn on it: rows A-F top to bottom, columns 1-6 left to right, and each "
    "object's id in magenta at its top-left corner. The lecture text column on the left and the title at the "
    "top are fixed. Find real layout problems only: objects overlapping or crowding each other, objects too "
    "big or too small for their content, poor contrast, a confusing reading order. For each, name the object "
    "by its id and choose one action: move (give \"anchor\" like \"B4\" or \"area\" [\"A4\",\"C6\"]), resize "
    "(give \"scale\", the new scale factor, or \"area\"), recolor (give \"color\", a Manim colour name or "
    "#rrggbb), remove, or reorder (give \"z_index\"). Add \"section\" (its id) when an id appears in more "
    "than one section. Reply with JSON only: {\"issues\": [...]}, at most %d issues, and {\"issues\": []} "
    "when the layout is fine.";

static const char *const issue_schema =
    "{\"type\":\"object\",\"properties\":{\"issues\":{\"type\":\"array\",\"items\":{\"type\":\"object\","
    "\"properties\":{\"object_id\":{\"type\":\"string\"},\"section\":{\"type\":\"string\"},"
    "\"problem\":{\"type\":\"string\"},\"action\":{\"type\":\"string\",\"enum\":[\"move\",\"resize\","
    "\"recolor\",\"remove\",\"reorder\"]},\"anchor\":{\"type\":\"string\"},\"area\":{\"type\":\"array\","
    "\"items\":{\"type\":\"string\"}},\"scale\":{\"type\":\"number\"},\"color\":{\"type\":\"string\"},"
    "\"z_index\":{\"type\":\"number\"}},\"required\":[\"object_id\",\"problem\",\"action\"],"
    "\"additionalProperties\":false}}},\"required\":[\"issues\"],\"additionalProperties\":false}";

/* ---- strict reply parsing ------------------------------------------------ */

static bool is_anchor(const cJSON *v)
{
    int r, c;
    return cJSON_IsString(v) && lr_layout_anchor_parse(v->valuestring, &r, &c);
}

static bool is_area(const cJSON *v)
{
    return cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2 && is_anchor(cJSON_GetArrayItem(v, 0)) &&
           is_anchor(cJSON_GetArrayItem(v, 1));
}

/* Checks one issue; on failure `why` says what is wrong. */
static bool issue_valid(const cJSON *it, char *why, size_t size)
{
    static const char *const allowed[] = {"object_id", "section", "problem", "action", "anchor",
                                          "area",      "scale",   "color",   "z_index"};
    if (!cJSON_IsObject(it)) {
        snprintf(why, size, "an issue is not an object");
        return false;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, it)
    {
        bool ok = false;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0] && !ok; i++)
            ok = f->string && strcmp(f->string, allowed[i]) == 0;
        if (!ok) {
            snprintf(why, size, "unknown field \"%s\" in an issue", f->string ? f->string : "?");
            return false;
        }
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(it, "object_id");
    const cJSON *problem = cJSON_GetObjectItemCaseSensitive(it, "problem");
    const cJSON *action = cJSON_GetObjectItemCaseSensitive(it, "action");
    const cJSON *section = cJSON_GetObjectItemCaseSensitive(it, "section");
    if (!cJSON_IsString(id) || !id->valuestring[0] || strlen(id->valuestring) > 64) {
        snprintf(why, size, "\"object_id\" must be a non-empty string");
        return false;
    }
    if (!cJSON_IsString(problem) || !cJSON_IsString(action) || (section && !cJSON_IsString(section))) {
        snprintf(why, size, "issue for \"%s\": \"problem\" and \"action\" must be strings", id->valuestring);
        return false;
    }
    const char *a = action->valuestring;
    const cJSON *anchor = cJSON_GetObjectItemCaseSensitive(it, "anchor");
    const cJSON *area = cJSON_GetObjectItemCaseSensitive(it, "area");
    const cJSON *scale = cJSON_GetObjectItemCaseSensitive(it, "scale");
    const cJSON *color = cJSON_GetObjectItemCaseSensitive(it, "color");
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(it, "z_index");
    if ((anchor && !is_anchor(anchor)) || (area && !is_area(area))) {
        snprintf(why, size, "issue for \"%s\": \"anchor\" must be A1..F6 and \"area\" two anchors", id->valuestring);
        return false;
    }
    if (scale && !(cJSON_IsNumber(scale) && scale->valuedouble >= 0.05 && scale->valuedouble <= 20)) {
        snprintf(why, size, "issue for \"%s\": \"scale\" must be a number in 0.05..20", id->valuestring);
        return false;
    }
    lr_color col;
    if (color && !(cJSON_IsString(color) && lr_color_parse(color->valuestring, &col))) {
        snprintf(why, size, "issue for \"%s\": \"color\" must be a colour name or #rrggbb", id->valuestring);
        return false;
    }
    if (z && !(cJSON_IsNumber(z) && fabs(z->valuedouble) <= 1000)) {
        snprintf(why, size, "issue for \"%s\": \"z_index\" must be a number in -1000..1000", id->valuestring);
        return false;
    }
    bool ok;
    if (strcmp(a, "move") == 0)
        ok = anchor || area;
    else if (strcmp(a, "resize") == 0)
        ok = scale || area;
    else if (strcmp(a, "recolor") == 0)
        ok = color != NULL;
    else if (strcmp(a, "reorder") == 0)
        ok = z != NULL;
    else if (strcmp(a, "remove") == 0)
        ok = true;
    else {
        snprintf(why, size, "issue for \"%s\": unknown action \"%s\" (move|resize|recolor|remove|reorder)",
                 id->valuestring, a);
        return false;
    }
    if (!ok)
        snprintf(why, size, "issue for \"%s\": action \"%s\" lacks its target (%s)", id->valuestring, a,
                 strcmp(a, "move") == 0     ? "anchor or area"
                 : strcmp(a, "resize") == 0 ? "scale or area"
                 : strcmp(a, "recolor") == 0 ? "color"
                                             : "z_index");
    return ok;
}

static bool reply_valid(const cJSON *reply, char *why, size_t size)
{
    if (!cJSON_IsObject(reply)) {
        snprintf(why, size, "the reply is not a JSON object");
        return false;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, reply)
    {
        if (!f->string || strcmp(f->string, "issues") != 0) {
            snprintf(why, size, "unknown field \"%s\" (expected only \"issues\")", f->string ? f->string : "?");
            return false;
        }
    }
    const cJSON *issues = cJSON_GetObjectItemCaseSensitive(reply, "issues");
    if (!cJSON_IsArray(issues)) {
        snprintf(why, size, "\"issues\" must be an array");
        return false;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, issues)
    {
        if (!issue_valid(it, why, size))
            return false;
    }
    return true;
}

/* ---- applying an issue --------------------------------------------------- */

static bool replace_or_add(cJSON *obj, const char *key, cJSON *v)
{
    if (!v)
        return false;
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        return cJSON_ReplaceItemInObjectCaseSensitive(obj, key, v);
    return cJSON_AddItemToObject(obj, key, v);
}

static void strip_anims(cJSON *anims, const char *id)
{
    for (int i = cJSON_GetArraySize(anims) - 1; i >= 0; i--) {
        cJSON *a = cJSON_GetArrayItem(anims, i);
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(a, "target");
        if (cJSON_IsString(t) && strcmp(t->valuestring, id) == 0) {
            cJSON_DeleteItemFromArray(anims, i);
            continue;
        }
        cJSON *inner = cJSON_GetObjectItemCaseSensitive(a, "animations");
        if (inner) {
            strip_anims(inner, id);
            if (cJSON_GetArraySize(inner) == 0)
                cJSON_DeleteItemFromArray(anims, i);
        }
    }
}

/* Removes the object and every timeline reference to it; a play step left
 * empty becomes a wait of the same length, so the timing stays. */
static bool remove_object(cJSON *section, const char *id)
{
    cJSON *objects = cJSON_GetObjectItemCaseSensitive(section, "objects");
    int idx = -1, i = 0;
    cJSON *o;
    cJSON_ArrayForEach(o, objects)
    {
        const cJSON *oid = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (cJSON_IsString(oid) && strcmp(oid->valuestring, id) == 0)
            idx = i;
        i++;
    }
    if (idx < 0)
        return false;
    cJSON_DeleteItemFromArray(objects, idx);
    cJSON *tl = cJSON_GetObjectItemCaseSensitive(section, "timeline");
    for (int s = cJSON_GetArraySize(tl) - 1; s >= 0; s--) {
        cJSON *step = cJSON_GetArrayItem(tl, s);
        cJSON *play = cJSON_GetObjectItemCaseSensitive(step, "play");
        if (play) {
            strip_anims(play, id);
            if (cJSON_GetArraySize(play) == 0) {
                const cJSON *rt = cJSON_GetObjectItemCaseSensitive(step, "run_time");
                const cJSON *line = cJSON_GetObjectItemCaseSensitive(step, "line");
                cJSON *w = cJSON_CreateObject();
                if (!w)
                    return false;
                cJSON_AddNumberToObject(w, "wait", cJSON_IsNumber(rt) ? rt->valuedouble : 1.0);
                if (cJSON_IsNumber(line))
                    cJSON_AddNumberToObject(w, "line", line->valuedouble);
                cJSON_ReplaceItemInArray(tl, s, w);
            }
            continue;
        }
        static const char *const lists[] = {"add", "remove"};
        for (int k = 0; k < 2; k++) {
            cJSON *l = cJSON_GetObjectItemCaseSensitive(step, lists[k]);
            if (!l)
                continue;
            for (int j = cJSON_GetArraySize(l) - 1; j >= 0; j--) {
                const cJSON *v = cJSON_GetArrayItem(l, j);
                if (cJSON_IsString(v) && strcmp(v->valuestring, id) == 0)
                    cJSON_DeleteItemFromArray(l, j);
            }
            if (cJSON_GetArraySize(l) == 0)
                cJSON_DeleteItemFromArray(tl, s);
        }
    }
    return true;
}

static int section_of(cJSON *doc, const cJSON *issue, const char *id)
{
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(issue, "section");
    int n = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "sections"));
    for (int s = 0; s < n; s++) {
        cJSON *sec = critic_section(doc, (size_t)s);
        const cJSON *sid = cJSON_GetObjectItemCaseSensitive(sec, "id");
        if (cJSON_IsString(want) && !(cJSON_IsString(sid) && strcmp(sid->valuestring, want->valuestring) == 0))
            continue;
        if (critic_object(sec, id, false))
            return s;
    }
    return -1;
}

/* Applies a validated issue to the section; false when it cannot apply. */
static bool apply_to_section(cJSON *section, const cJSON *issue, const char *id, bool *hidden_instead)
{
    const char *a = cJSON_GetObjectItemCaseSensitive(issue, "action")->valuestring;
    const cJSON *anchor = cJSON_GetObjectItemCaseSensitive(issue, "anchor");
    const cJSON *area = cJSON_GetObjectItemCaseSensitive(issue, "area");
    const cJSON *scale = cJSON_GetObjectItemCaseSensitive(issue, "scale");
    const cJSON *color = cJSON_GetObjectItemCaseSensitive(issue, "color");
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(issue, "z_index");
    if (strcmp(a, "remove") == 0) {
        if (*hidden_instead) {
            cJSON *obj = critic_object(section, id, false);
            return obj && replace_or_add(obj, "opacity", cJSON_CreateNumber(0));
        }
        return remove_object(section, id);
    }
    cJSON *obj = critic_object(section, id, false);
    if (!obj)
        return false;
    if (strcmp(a, "move") == 0 || (strcmp(a, "resize") == 0 && area)) {
        critic_clear_placement(obj);
        if (area)
            return replace_or_add(obj, "area", cJSON_Duplicate(area, true));
        if (anchor)
            return replace_or_add(obj, "at", cJSON_CreateString(anchor->valuestring));
        return false;
    }
    if (strcmp(a, "resize") == 0)
        return replace_or_add(obj, "scale", cJSON_CreateNumber(scale->valuedouble));
    if (strcmp(a, "recolor") == 0) {
        bool ok = replace_or_add(obj, "color", cJSON_CreateString(color->valuestring));
        if (ok && cJSON_GetObjectItemCaseSensitive(obj, "stroke_color"))
            ok = replace_or_add(obj, "stroke_color", cJSON_CreateString(color->valuestring));
        if (ok && cJSON_GetObjectItemCaseSensitive(obj, "fill_color"))
            ok = replace_or_add(obj, "fill_color", cJSON_CreateString(color->valuestring));
        return ok;
    }
    if (strcmp(a, "reorder") == 0)
        return replace_or_add(obj, "z_index", cJSON_CreateNumber(z->valuedouble));
    return false;
}

c2v_status c2v_critic_apply_issue(cJSON *doc, const char *name, const char *asset_dir, const cJSON *issue,
                                  c2v_error *err)
{
    char why[512];
    if (!doc || !issue_valid(issue, why, sizeof why))
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "%s", doc ? why : "no spec document");
    const char *id = cJSON_GetObjectItemCaseSensitive(issue, "object_id")->valuestring;
    int s = section_of(doc, issue, id);
    if (s < 0)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "no object \"%s\" in the spec", id);
    cJSON *sections = cJSON_GetObjectItemCaseSensitive(doc, "sections");
    for (int pass = 0; pass < 2; pass++) {
        bool hidden = pass == 1;
        if (hidden && strcmp(cJSON_GetObjectItemCaseSensitive(issue, "action")->valuestring, "remove") != 0)
            break;
        cJSON *saved = cJSON_Duplicate(critic_section(doc, (size_t)s), true);
        if (!saved)
            return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        c2v_error e2 = {0};
        lr_spec *spec = NULL;
        bool ok = apply_to_section(critic_section(doc, (size_t)s), issue, id, &hidden);
        if (ok)
            ok = critic_spec_load(doc, name, asset_dir, &spec, &e2) == C2V_OK;
        lr_spec_destroy(spec);
        if (ok) {
            cJSON_Delete(saved);
            return C2V_OK;
        }
        cJSON_ReplaceItemInArray(sections, s, saved);
        if (pass == 1 || strcmp(cJSON_GetObjectItemCaseSensitive(issue, "action")->valuestring, "remove") != 0)
            return c2v_error_set(err, C2V_ERR_INVALID_ARG, "issue for \"%s\" would make the spec invalid: %.600s", id,
                                 e2.message[0] ? e2.message : "it does not apply");
        /* Removing broke a reference (another object is placed by it):
         * hide it instead. */
    }
    return c2v_error_set(err, C2V_ERR_INVALID_ARG, "issue for \"%s\" does not apply", id);
}

/* ---- key frames --------------------------------------------------------------- */

typedef struct key_frame {
    size_t section, play;
    double t; /* end of the play step, from the section's start */
} key_frame;

static size_t pick_key_frames(cJSON *doc, size_t max, key_frame **out)
{
    size_t total = 0, n = 0;
    int nsec = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "sections"));
    double ends[500];
    for (int s = 0; s < nsec; s++)
        total += critic_play_ends(critic_section(doc, (size_t)s), ends, 500);
    *out = calloc(total ? total : 1, sizeof **out);
    if (!*out)
        return 0;
    size_t idx = 0;
    for (int s = 0; s < nsec; s++) {
        size_t np = critic_play_ends(critic_section(doc, (size_t)s), ends, 500);
        for (size_t k = 0; k < np; k++, idx++) {
            /* Evenly spaced when there are more steps than frames allowed;
             * the last step of the video is always kept. */
            if (total > max && (idx * max) / total == ((idx + 1) * max) / total && idx + 1 != total)
                continue;
            (*out)[n++] = (key_frame){(size_t)s, k, ends[k]};
        }
    }
    return n;
}

static cJSON *text_obj(const char *id, const char *text, double x, double y, double size, const char *color)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "id", id);
    cJSON_AddStringToObject(o, "type", "text");
    cJSON_AddStringToObject(o, "text", text);
    cJSON_AddNumberToObject(o, "font_size", size);
    cJSON_AddStringToObject(o, "color", color);
    cJSON *pos = cJSON_AddArrayToObject(o, "position");
    cJSON_AddItemToArray(pos, cJSON_CreateNumber(x));
    cJSON_AddItemToArray(pos, cJSON_CreateNumber(y));
    cJSON_AddNumberToObject(o, "z_index", 1000);
    return o;
}

static cJSON *line_obj(const char *id, double x0, double y0, double x1, double y1, double stroke_width)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "id", id);
    cJSON_AddStringToObject(o, "type", "line");
    cJSON *a = cJSON_AddArrayToObject(o, "start");
    cJSON_AddItemToArray(a, cJSON_CreateNumber(x0));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(y0));
    cJSON *b = cJSON_AddArrayToObject(o, "end");
    cJSON_AddItemToArray(b, cJSON_CreateNumber(x1));
    cJSON_AddItemToArray(b, cJSON_CreateNumber(y1));
    cJSON_AddStringToObject(o, "color", "#00E5FF");
    cJSON_AddNumberToObject(o, "stroke_width", stroke_width);
    cJSON_AddNumberToObject(o, "opacity", 0.75);
    cJSON_AddNumberToObject(o, "z_index", 999);
    return o;
}

/* A one-section copy of the document, cut after play step `play`, with the
 * grid and the ids of the objects in `rep` added on top. `*t` receives the
 * time to render. */
static cJSON *overlay_doc(cJSON *doc, const key_frame *kf, const lr_layout_report *rep, lr_orientation orient,
                          int pixel_height, double *t)
{
    /* Sizes that stay legible at the key frames' resolution: lines at
     * least 1.3 pixels wide (stroke_width 4 = 0.04 units), labels scaled up
     * below 360 pixels. */
    double px_per_unit = (pixel_height > 0 ? pixel_height : 360) / 8.0;
    double stroke = fmax(2.0, 100.0 * 1.3 / px_per_unit);
    double grow = fmax(1.0, 360.0 / (pixel_height > 0 ? pixel_height : 360));
    cJSON *out = cJSON_CreateObject();
    if (!out)
        return NULL;
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(doc, "version");
    cJSON_AddNumberToObject(out, "version", cJSON_IsNumber(version) ? version->valuedouble : 1);
    const cJSON *meta = cJSON_GetObjectItemCaseSensitive(doc, "meta");
    if (meta)
        cJSON_AddItemToObject(out, "meta", cJSON_Duplicate(meta, true));
    cJSON *sec = cJSON_Duplicate(critic_section(doc, kf->section), true);
    cJSON *secs = cJSON_AddArrayToObject(out, "sections");
    if (!sec || !secs) {
        cJSON_Delete(sec);
        cJSON_Delete(out);
        return NULL;
    }
    cJSON_AddItemToArray(secs, sec);
    cJSON *tl = cJSON_GetObjectItemCaseSensitive(sec, "timeline");
    int plays = 0, cut = cJSON_GetArraySize(tl);
    for (int i = 0; i < cJSON_GetArraySize(tl); i++) {
        if (cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(tl, i), "play") && plays++ == (int)kf->play) {
            cut = i + 1;
            break;
        }
    }
    while (cJSON_GetArraySize(tl) > cut)
        cJSON_DeleteItemFromArray(tl, cut);
    cJSON *objects = cJSON_GetObjectItemCaseSensitive(sec, "objects");
    if (!objects)
        objects = cJSON_AddArrayToObject(sec, "objects");
    cJSON *add = cJSON_CreateArray();
    lr_layout L = lr_layout_get(orient);
    char id[96], label[8];
    bool room = cJSON_GetArraySize(objects) + 14 + 36 + (int)rep->nobjects <= 200;
    for (int i = 0; i <= LR_LAYOUT_COLS; i++) {
        double x = L.grid.x0 + i * L.cell_width;
        snprintf(id, sizeof id, OV "v%d", i);
        cJSON_AddItemToArray(objects, line_obj(id, x, L.grid.y0, x, L.grid.y1, stroke));
        cJSON_AddItemToArray(add, cJSON_CreateString(id));
    }
    for (int i = 0; i <= LR_LAYOUT_ROWS; i++) {
        double y = L.grid.y0 + i * L.cell_height;
        snprintf(id, sizeof id, OV "h%d", i);
        cJSON_AddItemToArray(objects, line_obj(id, L.grid.x0, y, L.grid.x1, y, stroke));
        cJSON_AddItemToArray(add, cJSON_CreateString(id));
    }
    double fs = (orient == LR_PORTRAIT ? 10 : 14) * grow;
    for (int r = 0; r < LR_LAYOUT_ROWS && room; r++) {
        for (int c = 0; c < LR_LAYOUT_COLS; c++) {
            snprintf(label, sizeof label, "%c%d", 'A' + r, c + 1);
            snprintf(id, sizeof id, OV "a%s", label);
            double x = L.grid.x0 + c * L.cell_width + 0.16 * (L.cell_width / 1.0);
            double y = L.grid.y1 - r * L.cell_height - 0.12 * (L.cell_height / 1.0);
            cJSON_AddItemToArray(objects, text_obj(id, label, x, y, fs, "#00E5FF"));
            cJSON_AddItemToArray(add, cJSON_CreateString(id));
        }
    }
    for (size_t i = 0; i < rep->nobjects; i++) {
        const lr_layout_object *o = &rep->objects[i];
        if (o->role != LR_ROLE_CONTENT || strncmp(o->id, OV, strlen(OV)) == 0)
            continue;
        snprintf(id, sizeof id, OV "id%zu", i);
        double w = 0.075 * grow * (double)strlen(o->id);
        double x = fmin(fmax(o->box.x0 + w / 2, -L.frame_width / 2 + w / 2), L.frame_width / 2 - w / 2);
        double y = fmin(o->box.y1 + 0.12 * grow, L.frame_height / 2 - 0.15 * grow);
        cJSON_AddItemToArray(objects, text_obj(id, o->id, x, y, 18 * grow, "#FF40FF"));
        cJSON_AddItemToArray(add, cJSON_CreateString(id));
    }
    cJSON *step = cJSON_CreateObject();
    cJSON_AddItemToObject(step, "add", add);
    cJSON_AddItemToArray(tl, step);
    cJSON *wait = cJSON_CreateObject();
    cJSON_AddNumberToObject(wait, "wait", 0.1);
    cJSON_AddItemToArray(tl, wait);
    *t = kf->t + 0.05;
    return out;
}

typedef struct frames {
    lr_image *plain, *overlay;
    size_t n;
    cJSON *table; /* the placement table sent with the frames */
} frames;

static void frames_free(frames *f)
{
    for (size_t i = 0; i < f->n; i++) {
        if (f->plain)
            lr_image_free(&f->plain[i]);
        if (f->overlay)
            lr_image_free(&f->overlay[i]);
    }
    free(f->plain);
    free(f->overlay);
    cJSON_Delete(f->table);
    memset(f, 0, sizeof *f);
}

static cJSON *placement_entry(cJSON *section, const char *id, const lr_layout_object *o)
{
    cJSON *e = cJSON_CreateObject();
    if (!e)
        return NULL;
    cJSON *obj = critic_object(section, id, false);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(obj, "type");
    const cJSON *scale = cJSON_GetObjectItemCaseSensitive(obj, "scale");
    char place[160];
    critic_placement_text(obj, place, sizeof place);
    cJSON_AddStringToObject(e, "object_id", id);
    cJSON_AddStringToObject(e, "type", cJSON_IsString(type) ? type->valuestring : "?");
    cJSON_AddStringToObject(e, "placement", place);
    cJSON_AddNumberToObject(e, "scale", cJSON_IsNumber(scale) ? scale->valuedouble : 1.0);
    char cells[16];
    if (o->anchor_min[0])
        snprintf(cells, sizeof cells, "%s-%s", o->anchor_min, o->anchor_max);
    else
        snprintf(cells, sizeof cells, "outside grid");
    cJSON_AddStringToObject(e, "cells", cells);
    return e;
}

/* Renders every key frame, plain and with the overlay, and builds the
 * placement table. */
static c2v_status render_frames(cJSON *doc, const char *name, const char *asset_dir, const c2v_critic_options *opt,
                                frames *out, c2v_error *err)
{
    memset(out, 0, sizeof *out);
    key_frame *kfs = NULL;
    size_t nk = pick_key_frames(doc, opt->max_key_frames > 0 ? (size_t)opt->max_key_frames : 12, &kfs);
    if (!kfs)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    lr_spec *spec = NULL;
    c2v_status st = critic_spec_load(doc, name, asset_dir, &spec, err);
    if (st) {
        free(kfs);
        return st;
    }
    out->plain = calloc(nk ? nk : 1, sizeof *out->plain);
    out->overlay = calloc(nk ? nk : 1, sizeof *out->overlay);
    out->table = cJSON_CreateArray();
    if (!out->plain || !out->overlay || !out->table)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    lr_spec_meta meta = lr_spec_get_meta(spec);
    lr_layout_options lo = {.orientation = meta.orientation, .pixel_width = meta.width, .pixel_height = meta.height};
    for (size_t i = 0; i < nk && !st; i++) {
        const key_frame *kf = &kfs[i];
        cJSON *section = critic_section(doc, kf->section);
        const char *sid = lr_spec_section_id(spec, kf->section);
        if (!opt->quiet)
            fprintf(stderr, "c2v critic: key frame %zu/%zu (section %s, step %zu)\n", i + 1, nk, sid, kf->play);
        lr_video_options vo = lr_video_options_default();
        critic_frame_size(opt, meta.orientation, &vo.width, &vo.height);
        vo.section_id = sid;
        lr_error le = {0};
        lr_layout_report rep = {0};
        if (lr_video_render_frame(spec, fmax(kf->t - 1e-3, 0), &vo, &out->plain[i], &le) != LR_OK ||
            lr_spec_layout_report(spec, kf->section, kf->play, &lo, &rep, &le) != LR_OK) {
            st = c2v_error_set(err, C2V_ERR_IO, "critic: section %s, step %zu: %s", sid, kf->play, le.message);
            lr_layout_report_free(&rep);
            out->n = i + 1;
            break;
        }
        out->n = i + 1;
        cJSON *row = cJSON_CreateObject();
        cJSON_AddNumberToObject(row, "frame", (double)i + 1);
        cJSON_AddStringToObject(row, "section", sid);
        cJSON_AddNumberToObject(row, "play_step", (double)kf->play);
        cJSON *objs = cJSON_AddArrayToObject(row, "objects");
        for (size_t j = 0; j < rep.nobjects; j++)
            if (rep.objects[j].role == LR_ROLE_CONTENT)
                cJSON_AddItemToArray(objs, placement_entry(section, rep.objects[j].id, &rep.objects[j]));
        cJSON_AddItemToArray(out->table, row);
        double t = 0;
        cJSON *ov = overlay_doc(doc, kf, &rep, meta.orientation, vo.height, &t);
        lr_layout_report_free(&rep);
        lr_spec *ovspec = NULL;
        c2v_error e2 = {0};
        if (!ov || critic_spec_load(ov, "critic-overlay.json", asset_dir, &ovspec, &e2) != C2V_OK ||
            lr_video_render_frame(ovspec, t, &vo, &out->overlay[i], &le) != LR_OK) {
            /* The overlay is a help for the model, not a must: send the
             * plain frame rather than nothing. */
            if (!opt->quiet)
                fprintf(stderr, "c2v critic: warning: overlay for frame %zu failed: %s%s\n", i + 1, e2.message,
                        le.message);
            lr_image_free(&out->overlay[i]);
            if (lr_image_alloc(&out->overlay[i], out->plain[i].width, out->plain[i].height) == LR_OK)
                for (int y = 0; y < out->plain[i].height; y++)
                    memcpy(out->overlay[i].pixels + (size_t)y * (size_t)out->overlay[i].stride,
                           out->plain[i].pixels + (size_t)y * (size_t)out->plain[i].stride,
                           (size_t)out->plain[i].width * 4);
        }
        lr_spec_destroy(ovspec);
        cJSON_Delete(ov);
    }
    lr_spec_destroy(spec);
    free(kfs);
    if (st)
        frames_free(out);
    return st;
}

static c2v_status write_sheet(const frames *f, const c2v_critic_options *opt, const char *file, c2v_error *err)
{
    if (!opt->sheet_dir || !f->n)
        return C2V_OK;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", opt->sheet_dir, file);
    return c2v_contact_sheet_write(f->plain, f->n, 320, path, err);
}

/* One round's VLM exchange: calls until the reply parses strictly.
 * `*reply` is NULL when every attempt was malformed. */
static c2v_status ask_vlm(c2v_llm_client *vlm, const c2v_critic_options *opt, const char *system, const frames *f,
                          cJSON *fix_log, int round, cJSON **reply, c2v_error *err)
{
    *reply = NULL;
    c2v_llm_image *imgs = calloc(f->n ? f->n : 1, sizeof *imgs);
    unsigned char **pngs = calloc(f->n ? f->n : 1, sizeof *pngs);
    c2v_status st = (imgs && pngs) ? C2V_OK : c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < f->n && !st; i++) {
        size_t size = 0;
        st = critic_png_encode(&f->overlay[i], &pngs[i], &size, err);
        imgs[i] = (c2v_llm_image){pngs[i], size, "image/png"};
    }
    char *table = st ? NULL : cJSON_Print(f->table);
    c2v_buf prompt = {0};
    if (!st && (!table || !c2v_buf_appendf(&prompt,
                                           "Key frames: %zu images, in the order of this placement table (object id, "
                                           "type, how it is placed, scale, the anchor cells it covers):\n%s\n"
                                           "List at most %d layout issues as JSON.",
                                           f->n, table, opt->max_issues > 0 ? opt->max_issues : 5)))
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    char *known = !st && cJSON_GetArraySize(opt->known_problems) > 0 ? cJSON_PrintUnformatted(opt->known_problems)
                                                                      : NULL;
    if (known && !c2v_buf_appendf(&prompt, "\nThe geometric checker found these problems and could not fix them "
                                           "(play_step counts from 0): %s", known))
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    free(known);
    int attempts = opt->reply_attempts > 0 ? opt->reply_attempts : 2;
    char why[512] = "";
    for (int a = 0; a < attempts && !st; a++) {
        c2v_buf p = {0};
        if (!c2v_buf_append(&p, prompt.data, prompt.len) ||
            (why[0] && !c2v_buf_appendf(&p, "\n\nYour previous reply was rejected: %s. Reply again with only the "
                                            "JSON object {\"issues\": [...]}.", why))) {
            c2v_buf_free(&p);
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
            break;
        }
        c2v_llm_request req = {.system = system, .prompt = p.data, .images = imgs, .image_count = f->n,
                               .json_schema = issue_schema, .schema_name = "layout_issues", .temperature = -1,
                               .stage = "critic", .topic = opt->topic, .label = opt->label};
        cJSON *v = NULL;
        c2v_error e2 = {0};
        c2v_status cs = c2v_llm_call_json(vlm, &req, &v, NULL, &e2);
        c2v_buf_free(&p);
        if (cs == C2V_ERR_JSON || cs == C2V_ERR_RESPONSE) {
            /* No JSON, or a reply not in the provider's shape (a refusal):
             * as malformed as a wrong field. */
            snprintf(why, sizeof why, "%.400s", cs == C2V_ERR_JSON ? "no JSON could be read from it" : e2.message);
        } else if (cs) {
            st = c2v_error_set(err, cs, "the VLM call failed: %s", e2.message);
            break;
        } else if (reply_valid(v, why, sizeof why)) {
            *reply = v;
            break;
        }
        cJSON_Delete(v);
        critic_warn(opt, fix_log, "round %d: malformed VLM reply (attempt %d of %d): %s", round, a + 1, attempts, why);
    }
    if (!st && !*reply)
        critic_warn(opt, fix_log, "round %d: no well-formed VLM reply after %d attempts; round skipped", round,
                    attempts);
    c2v_buf_free(&prompt);
    free(table);
    for (size_t i = 0; pngs && i < f->n; i++)
        free(pngs[i]);
    free(pngs);
    free(imgs);
    return st;
}

static char *load_system(const c2v_critic_options *opt, c2v_error *err)
{
    int max_issues = opt->max_issues > 0 ? opt->max_issues : 5;
    char *tmpl = NULL;
    size_t size = 0;
    if (opt->prompt_file && c2v_file_read(opt->prompt_file, 1 << 16, &tmpl, &size, err) != C2V_OK)
        return NULL;
    const char *t = tmpl ? tmpl : default_system;
    /* The template may name the limit once as %d (and nothing else). */
    size_t n = strlen(t) + 32;
    char *out = malloc(n);
    if (out) {
        const char *pct = strstr(t, "%d");
        if (pct && !strchr(pct + 2, '%') && !memchr(t, '%', (size_t)(pct - t)))
            snprintf(out, n, "%.*s%d%s", (int)(pct - t), t, max_issues, pct + 2);
        else
            snprintf(out, n, "%s", t);
    } else {
        c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    free(tmpl);
    return out;
}

c2v_status c2v_critic_visual(cJSON *doc, const char *name, const char *asset_dir, c2v_llm_client *vlm,
                             const c2v_critic_options *opt_in, cJSON *fix_log, c2v_critic_visual_result *result,
                             c2v_error *err)
{
    c2v_critic_visual_result res = {0};
    if (result)
        *result = res;
    if (!doc || !vlm)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_critic_visual: no spec document or no VLM client");
    c2v_critic_options opt = opt_in ? *opt_in : c2v_critic_options_default();
    int rounds = opt.feedback_rounds > 0 ? opt.feedback_rounds : 1;
    size_t max_issues = opt.max_issues > 0 ? (size_t)opt.max_issues : 5;
    char *system = load_system(&opt, err);
    if (!system)
        return err ? err->status : C2V_ERR_NOMEM;
    frames f = {0};
    c2v_status st = render_frames(doc, name, asset_dir, &opt, &f, err);
    if (!st)
        st = write_sheet(&f, &opt, "critic-before.png", err);
    bool changed = false;
    for (int r = 1; r <= rounds && !st; r++) {
        if (r > 1) {
            frames_free(&f);
            if ((st = render_frames(doc, name, asset_dir, &opt, &f, err)))
                break;
        }
        res.rounds++;
        for (size_t i = 0; opt.frames_dir && i < f.n && !st; i++) {
            char path[4096];
            lr_error le = {0};
            snprintf(path, sizeof path, "%s/critic-r%d-%02zu.png", opt.frames_dir, r, i + 1);
            if (lr_image_write_png(&f.overlay[i], path, &le) != LR_OK)
                st = c2v_error_set(err, C2V_ERR_IO, "%s: %s", path, le.message);
        }
        if (st)
            break;
        cJSON *reply = NULL;
        if ((st = ask_vlm(vlm, &opt, system, &f, fix_log, r, &reply, err)))
            break;
        if (!reply) {
            res.skipped_rounds++;
            break; /* the same frames would get the same answer */
        }
        cJSON *issues = cJSON_GetObjectItemCaseSensitive(reply, "issues");
        size_t n = (size_t)cJSON_GetArraySize(issues);
        if (n > max_issues)
            critic_warn(&opt, fix_log, "round %d: %zu issues, only the first %zu taken", r, n, max_issues);
        size_t applied_now = 0, i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, issues)
        {
            if (i++ >= max_issues)
                break;
            res.issues++;
            c2v_error e2 = {0};
            c2v_status as = c2v_critic_apply_issue(doc, name, asset_dir, it, &e2);
            cJSON *e = cJSON_Duplicate(it, true);
            if (e) {
                cJSON_AddStringToObject(e, "pass", "visual");
                cJSON_AddNumberToObject(e, "round", r);
                cJSON_AddBoolToObject(e, "applied", as == C2V_OK);
                if (as)
                    cJSON_AddStringToObject(e, "rejected", e2.message);
            }
            critic_log(fix_log, e);
            if (as == C2V_OK) {
                res.applied++;
                applied_now++;
            } else {
                res.rejected++;
                if (!opt.quiet)
                    fprintf(stderr, "c2v critic: issue rejected: %s\n", e2.message);
            }
        }
        cJSON_Delete(reply);
        if (!opt.quiet)
            fprintf(stderr, "c2v critic: round %d: %zu issue(s), %zu applied\n", r, n, applied_now);
        if (applied_now == 0)
            break; /* nothing found, or nothing that applies: stop early */
        changed = true;
    }
    if (!st && opt.sheet_dir) {
        if (changed) {
            frames_free(&f);
            st = render_frames(doc, name, asset_dir, &opt, &f, err);
        }
        if (!st)
            st = write_sheet(&f, &opt, "critic-after.png", err);
    }
    frames_free(&f);
    free(system);
    if (result)
        *result = res;
    return st;
}

c2v_status c2v_critic_run(cJSON *doc, const char *name, const char *asset_dir, c2v_llm_client *vlm,
                          bool visual_always, const c2v_critic_options *opt, cJSON *fix_log, size_t *fixed,
                          c2v_critic_visual_result *result, c2v_error *err)
{
    if (result)
        *result = (c2v_critic_visual_result){0};
    cJSON *unfixed = NULL;
    c2v_status st = c2v_critic_geometric(doc, name, asset_dir, opt, fix_log, &unfixed, fixed, err);
    if (st)
        return st;
    bool left = cJSON_GetArraySize(unfixed) > 0;
    if (left && (!opt || !opt->quiet))
        fprintf(stderr, "c2v critic: %d problem(s) left%s\n", cJSON_GetArraySize(unfixed),
                vlm ? " for the visual pass" : " (no visual pass)");
    if (vlm && (left || visual_always)) {
        c2v_critic_options o = opt ? *opt : c2v_critic_options_default();
        o.known_problems = unfixed;
        st = c2v_critic_visual(doc, name, asset_dir, vlm, &o, fix_log, result, err);
    }
    cJSON_Delete(unfixed);
    return st;
}
