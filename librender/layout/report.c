#include "layout/layout_internal.h"
#include "core/grow.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scene/scene_internal.h"

const char *lr_layout_problem_name(lr_layout_problem_kind kind)
{
    switch (kind) {
    case LR_PROBLEM_OVERLAP: return "overlap";
    case LR_PROBLEM_OFF_FRAME: return "off_frame";
    case LR_PROBLEM_OUTSIDE_GRID: return "outside_grid";
    case LR_PROBLEM_OVER_LECTURE: return "over_lecture";
    case LR_PROBLEM_OVER_TITLE: return "over_title";
    case LR_PROBLEM_TEXT_TOO_SMALL: return "text_too_small";
    }
    return "unknown";
}

/* Shown when it and every ancestor is visible with some opacity. */
static bool is_shown(const lr_mobject *m)
{
    for (; m; m = m->parent)
        if (!m->visible || m->opacity <= 0.0f)
            return false;
    return true;
}

static lr_rect scene_box(const lr_mobject *m)
{
    lr_rect own = lr_mobject_bounds(m); /* in the parent's space */
    return m->parent ? lr_rect_transform(own, lr_mobject_world_transform(m->parent)) : own;
}

/* The tallest drawn leaf under m, in scene units: for text, a glyph. */
static float tallest_leaf(const lr_mobject *m)
{
    if (!m->visible)
        return 0;
    if (m->kind != LR_MOBJECT_GROUP) {
        lr_rect r = scene_box(m);
        return lr_rect_is_empty(r) ? 0 : r.y1 - r.y0;
    }
    float h = 0;
    for (size_t i = 0; i < m->nchildren; i++)
        h = fmaxf(h, tallest_leaf(m->children[i]));
    return h;
}

typedef struct frame_map {
    lr_rect frame; /* scene units */
    float px_per_unit;
    int width, height;
} frame_map;

static lr_rect to_pixels(const frame_map *f, lr_rect r)
{
    return (lr_rect){(r.x0 - f->frame.x0) * f->px_per_unit, (f->frame.y1 - r.y1) * f->px_per_unit,
                     (r.x1 - f->frame.x0) * f->px_per_unit, (f->frame.y1 - r.y0) * f->px_per_unit};
}

static void anchor_name(char out[3], int row, int col)
{
    out[0] = (char)('A' + row);
    out[1] = (char)('1' + col);
    out[2] = 0;
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static void anchors_of(const lr_layout *layout, lr_rect box, lr_layout_object *o)
{
    lr_rect in = lr_rect_intersect(box, layout->grid);
    if (lr_rect_is_empty(in)) {
        o->anchor_min[0] = o->anchor_max[0] = 0;
        return;
    }
    int c0 = clampi((int)floorf((in.x0 - layout->grid.x0) / layout->cell_width), 0, LR_LAYOUT_COLS - 1);
    int c1 = clampi((int)floorf((in.x1 - layout->grid.x0) / layout->cell_width), 0, LR_LAYOUT_COLS - 1);
    int r0 = clampi((int)floorf((layout->grid.y1 - in.y1) / layout->cell_height), 0, LR_LAYOUT_ROWS - 1);
    int r1 = clampi((int)floorf((layout->grid.y1 - in.y0) / layout->cell_height), 0, LR_LAYOUT_ROWS - 1);
    anchor_name(o->anchor_min, r0, c0);
    anchor_name(o->anchor_max, r1, c1);
}

/* Boxes may touch the grid edge within a hair without counting as outside. */
#define LR_LAYOUT_EDGE_SLACK 0.02f

static float area_outside(lr_rect box, lr_rect allowed)
{
    lr_rect grown = {allowed.x0 - LR_LAYOUT_EDGE_SLACK, allowed.y0 - LR_LAYOUT_EDGE_SLACK,
                     allowed.x1 + LR_LAYOUT_EDGE_SLACK, allowed.y1 + LR_LAYOUT_EDGE_SLACK};
    if (box.x0 >= grown.x0 && box.y0 >= grown.y0 && box.x1 <= grown.x1 && box.y1 <= grown.y1)
        return 0;
    float outside = lr_rect_area(box) - lr_rect_area(lr_rect_intersect(box, allowed));
    /* A zero-area box (a line) outside still counts. */
    return outside > 0 ? outside : 1e-6f;
}

typedef struct problem_list {
    lr_layout_problem *items;
    size_t count, cap;
} problem_list;

static bool add_problem(problem_list *l, lr_layout_problem p)
{
    lr_layout_problem *items = lr_grow(l->items, &l->cap, l->count, sizeof *items, 16);
    if (!items)
        return false;
    l->items = items;
    l->items[l->count++] = p;
    return true;
}

void lr_layout_report_free(lr_layout_report *r)
{
    if (!r)
        return;
    free(r->objects);
    free(r->problems);
    *r = (lr_layout_report){0};
}

static bool same_id(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* A graph lies on its axes by design, as do two graphs on the same axes. */
static bool same_diagram(const lr_layout_object *a, const lr_layout_object *b)
{
    return same_id(a->attached_to, b->id) || same_id(b->attached_to, a->id) ||
           same_id(a->attached_to, b->attached_to);
}

lr_status lr_layout_report_compute(const lr_scene *scene, const lr_layout_item *items, size_t nitems,
                                   const lr_layout_options *opt, lr_layout_report *out, lr_error *err)
{
    if (!scene || (!items && nitems) || !opt || !out || opt->pixel_width <= 0 || opt->pixel_height <= 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_layout_report_compute: bad arguments");
    lr_layout_report_free(out);
    lr_layout layout = lr_layout_get(opt->orientation);
    float min_px = opt->min_text_px > 0 ? opt->min_text_px : 8.0f;
    float min_overlap = opt->min_overlap_area > 0 ? opt->min_overlap_area : 0.01f;

    frame_map f = {.width = opt->pixel_width, .height = opt->pixel_height};
    float frame_h = scene->frame_height;
    float frame_w = frame_h * (float)opt->pixel_width / (float)opt->pixel_height;
    f.frame = (lr_rect){scene->camera_center.x - frame_w / 2, scene->camera_center.y - frame_h / 2,
                        scene->camera_center.x + frame_w / 2, scene->camera_center.y + frame_h / 2};
    f.px_per_unit = (float)opt->pixel_height / frame_h;

    lr_layout_object *objects = calloc(nitems ? nitems : 1, sizeof *objects);
    if (!objects)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    problem_list problems = {0};
    bool ok = true;
    size_t n = 0;
    for (size_t i = 0; i < nitems; i++) {
        const lr_layout_item *it = &items[i];
        if (!it->mobject || !is_shown(it->mobject))
            continue;
        /* 3D objects where the camera shows them. */
        lr_rect box = lr_mobject_holds_mesh(it->mobject) ? lr_mobject_frame_bounds(scene, it->mobject) : scene_box(it->mobject);
        if (lr_rect_is_empty(box))
            continue;
        lr_layout_object *o = &objects[n];
        o->id = it->id ? it->id : "";
        o->role = it->role;
        o->is_text = it->is_text;
        o->attached_to = it->attached_to;
        o->box = box;
        o->pixels = to_pixels(&f, box);
        anchors_of(&layout, box, o);

        float off = area_outside(box, f.frame);
        if (off > 0)
            ok = ok && add_problem(&problems, (lr_layout_problem){LR_PROBLEM_OFF_FRAME, n, n, off, false});
        if (it->role == LR_ROLE_CONTENT) {
            float outside = area_outside(box, layout.grid);
            if (outside > 0)
                ok = ok && add_problem(&problems, (lr_layout_problem){LR_PROBLEM_OUTSIDE_GRID, n, n, outside, false});
            float over_lecture = lr_rect_area(lr_rect_intersect(box, layout.lecture));
            if (over_lecture > min_overlap)
                ok = ok && add_problem(&problems, (lr_layout_problem){LR_PROBLEM_OVER_LECTURE, n, n, over_lecture, false});
            float over_title = lr_rect_area(lr_rect_intersect(box, layout.title));
            if (over_title > min_overlap)
                ok = ok && add_problem(&problems, (lr_layout_problem){LR_PROBLEM_OVER_TITLE, n, n, over_title, false});
        }
        if (it->is_text) {
            float px = tallest_leaf(it->mobject) * f.px_per_unit;
            if (px < min_px)
                ok = ok && add_problem(&problems, (lr_layout_problem){LR_PROBLEM_TEXT_TOO_SMALL, n, n, px, false});
        }
        n++;
    }
    for (size_t a = 0; a < n; a++) {
        for (size_t b = a + 1; b < n; b++) {
            if (same_diagram(&objects[a], &objects[b]))
                continue;
            float area = lr_rect_area(lr_rect_intersect(objects[a].box, objects[b].box));
            if (area <= min_overlap)
                continue;
            float smaller = fminf(lr_rect_area(objects[a].box), lr_rect_area(objects[b].box));
            bool contained = area >= smaller * 0.999f;
            ok = ok && add_problem(&problems, (lr_layout_problem){LR_PROBLEM_OVERLAP, a, b, area, contained});
        }
    }
    if (!ok) {
        free(objects);
        free(problems.items);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    out->objects = objects;
    out->nobjects = n;
    out->problems = problems.items;
    out->nproblems = problems.count;
    return LR_OK;
}

static cJSON *rect_json(lr_rect r)
{
    cJSON *a = cJSON_CreateArray();
    if (!a)
        return NULL;
    const float v[4] = {r.x0, r.y0, r.x1, r.y1};
    for (int i = 0; i < 4; i++)
        cJSON_AddItemToArray(a, cJSON_CreateNumber(roundf(v[i] * 1000.0f) / 1000.0f));
    return a;
}

static const char *role_name(lr_layout_role r)
{
    return r == LR_ROLE_TITLE ? "title" : r == LR_ROLE_LECTURE ? "lecture_line" : "content";
}

cJSON *lr_layout_report_json_object(const lr_layout_report *r)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *objects = cJSON_AddArrayToObject(root, "objects");
    cJSON *problems = cJSON_AddArrayToObject(root, "problems");
    if (!root || !objects || !problems) {
        cJSON_Delete(root);
        return NULL;
    }
    for (size_t i = 0; i < r->nobjects; i++) {
        const lr_layout_object *o = &r->objects[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToArray(objects, j);
        cJSON_AddStringToObject(j, "id", o->id);
        cJSON_AddStringToObject(j, "role", role_name(o->role));
        cJSON_AddBoolToObject(j, "text", o->is_text);
        if (o->attached_to)
            cJSON_AddStringToObject(j, "attached_to", o->attached_to);
        cJSON_AddItemToObject(j, "box", rect_json(o->box));
        cJSON_AddItemToObject(j, "pixels", rect_json(o->pixels));
        if (o->anchor_min[0]) {
            cJSON *area = cJSON_AddArrayToObject(j, "anchors");
            cJSON_AddItemToArray(area, cJSON_CreateString(o->anchor_min));
            cJSON_AddItemToArray(area, cJSON_CreateString(o->anchor_max));
        }
    }
    for (size_t i = 0; i < r->nproblems; i++) {
        const lr_layout_problem *p = &r->problems[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddItemToArray(problems, j);
        cJSON_AddStringToObject(j, "kind", lr_layout_problem_name(p->kind));
        cJSON_AddStringToObject(j, "id", r->objects[p->item].id);
        if (p->kind == LR_PROBLEM_OVERLAP) {
            cJSON_AddStringToObject(j, "other", r->objects[p->other].id);
            cJSON_AddBoolToObject(j, "contained", p->contained);
        }
        cJSON_AddNumberToObject(j, p->kind == LR_PROBLEM_TEXT_TOO_SMALL ? "pixels" : "area",
                                roundf(p->amount * 1000.0f) / 1000.0f);
    }
    return root;
}

char *lr_layout_report_to_json(const lr_layout_report *r)
{
    cJSON *root = lr_layout_report_json_object(r);
    char *text = root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}
