/* The layout report for a spec's section: the glue between the spec's object
 * list and lr_layout_report_compute. */
#include <librender/lr_anim.h>

#include "layout/layout_internal.h"
#include <stdlib.h>
#include <string.h>

static const char *const line_ids[LR_LAYOUT_MAX_LINES] = {"line0", "line1", "line2", "line3", "line4", "line5"};

static bool is_text_type(const char *type)
{
    return strcmp(type, "text") == 0 || strcmp(type, "tex") == 0 || strcmp(type, "decimal") == 0;
}

size_t lr_spec_layout_items(const lr_spec *spec, size_t section, const lr_scene *scene, lr_layout_item *items,
                            size_t capacity)
{
    if (!spec || !scene || !items || section >= lr_spec_section_count(spec))
        return 0;
    size_t n = 0;
    const lr_mobject *title = lr_scene_find(scene, "title");
    if (title && n < capacity)
        items[n++] = (lr_layout_item){"title", title, LR_ROLE_TITLE, true, NULL};
    for (size_t i = 0; i < LR_LAYOUT_MAX_LINES; i++) {
        const lr_mobject *line = lr_scene_find(scene, line_ids[i]);
        if (line && n < capacity)
            items[n++] = (lr_layout_item){line_ids[i], line, LR_ROLE_LECTURE, true, NULL};
    }
    size_t nobj = lr_spec_section_object_count(spec, section);
    for (size_t i = 0; i < nobj && n < capacity; i++) {
        if (!lr_spec_section_object_top_level(spec, section, i))
            continue;
        const char *id = lr_spec_section_object_id(spec, section, i);
        const lr_mobject *m = lr_scene_find(scene, id);
        if (m)
            items[n++] = (lr_layout_item){id, m, LR_ROLE_CONTENT,
                                          is_text_type(lr_spec_section_object_type(spec, section, i)),
                                          lr_spec_section_object_attached(spec, section, i)};
    }
    return n;
}

/* A built section and the items to check in it. */
typedef struct section_view {
    lr_scene *scene;
    lr_timeline *timeline;
    lr_layout_item *items;
    size_t nitems;
} section_view;

static void view_free(section_view *v)
{
    lr_timeline_destroy(v->timeline);
    lr_scene_destroy(v->scene);
    free(v->items);
    memset(v, 0, sizeof *v);
}

static lr_status view_build(const lr_spec *spec, size_t section, section_view *v, lr_error *err)
{
    memset(v, 0, sizeof *v);
    if (section >= lr_spec_section_count(spec))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "no section %zu (the spec has %zu)", section,
                            lr_spec_section_count(spec));
    lr_status s = lr_spec_build_section(spec, section, &v->scene, &v->timeline, err);
    if (s != LR_OK)
        return s;
    size_t nobj = lr_spec_section_object_count(spec, section);
    v->items = calloc(nobj + 1 + LR_LAYOUT_MAX_LINES, sizeof *v->items);
    if (!v->items) {
        view_free(v);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    v->nitems = lr_spec_layout_items(spec, section, v->scene, v->items, nobj + 1 + LR_LAYOUT_MAX_LINES);
    return LR_OK;
}

static lr_layout_options spec_options(const lr_spec *spec, const lr_layout_options *options)
{
    lr_layout_options o = *options;
    lr_spec_meta meta = lr_spec_get_meta(spec);
    o.orientation = meta.orientation;
    if (o.pixel_width <= 0 || o.pixel_height <= 0) {
        o.pixel_width = meta.width;
        o.pixel_height = meta.height;
    }
    return o;
}

/* The timeline index of the n-th play step. */
static bool find_play(const lr_timeline *tl, size_t play, size_t *step)
{
    size_t n = 0;
    for (size_t i = 0; i < lr_timeline_step_count(tl); i++) {
        lr_step_info info;
        if (lr_timeline_step_info(tl, i, &info) == LR_OK && info.kind == LR_STEP_PLAY && n++ == play) {
            *step = i;
            return true;
        }
    }
    return false;
}

lr_status lr_spec_layout_report(const lr_spec *spec, size_t section, size_t play, const lr_layout_options *options,
                                lr_layout_report *out, lr_error *err)
{
    if (!spec || !options || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_spec_layout_report: no spec, options or report");
    section_view v;
    lr_status s = view_build(spec, section, &v, err);
    if (s != LR_OK)
        return s;
    lr_layout_options o = spec_options(spec, options);
    size_t step = 0;
    if (!find_play(v.timeline, play, &step))
        s = lr_error_set(err, LR_ERR_INVALID_ARG, "section \"%s\" has no play step %zu",
                         lr_spec_section_id(spec, section), play);
    if (s == LR_OK)
        s = lr_timeline_seek_step_end(v.timeline, step, err);
    if (s == LR_OK)
        s = lr_layout_report_compute(v.scene, v.items, v.nitems, &o, out, err);
    view_free(&v);
    return s;
}

char *lr_spec_layout_report_json(const lr_spec *spec, size_t section, const lr_layout_options *options,
                                 lr_error *err)
{
    if (!spec || !options) {
        lr_error_set(err, LR_ERR_INVALID_ARG, "lr_spec_layout_report_json: no spec or options");
        return NULL;
    }
    section_view v;
    if (view_build(spec, section, &v, err) != LR_OK)
        return NULL;
    lr_layout_options o = spec_options(spec, options);
    cJSON *root = cJSON_CreateObject();
    cJSON *steps = cJSON_AddArrayToObject(root, "steps");
    cJSON_AddStringToObject(root, "section", lr_spec_section_id(spec, section));
    cJSON_AddNumberToObject(root, "width", o.pixel_width);
    cJSON_AddNumberToObject(root, "height", o.pixel_height);
    lr_layout_report report = {0};
    lr_status s = steps ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    size_t play = 0;
    for (size_t i = 0; s == LR_OK && i < lr_timeline_step_count(v.timeline); i++) {
        lr_step_info info;
        if (lr_timeline_step_info(v.timeline, i, &info) != LR_OK || info.kind != LR_STEP_PLAY)
            continue;
        s = lr_timeline_seek_step_end(v.timeline, i, err);
        if (s == LR_OK)
            s = lr_layout_report_compute(v.scene, v.items, v.nitems, &o, &report, err);
        cJSON *moment = s == LR_OK ? lr_layout_report_json_object(&report) : NULL;
        if (s == LR_OK && !moment)
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        if (s == LR_OK) {
            cJSON_AddNumberToObject(moment, "play", (double)play++);
            cJSON_AddNumberToObject(moment, "time", info.end);
            cJSON_AddItemToArray(steps, moment);
        }
    }
    lr_layout_report_free(&report);
    view_free(&v);
    char *json = s == LR_OK ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return json;
}
