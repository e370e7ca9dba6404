/* The geometric pass: librender's layout report at the end of every play
 * step, and deterministic fixes for what it finds. A candidate fix is
 * predicted from the boxes in the report, then checked for real (the spec
 * is reloaded and every step of the section re-checked); it is kept only
 * when the section's problem count drops, so a fix can never make the
 * section worse or leave the spec invalid. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "critic_internal.h"

#define MAX_PLAYS 500
#define CANDIDATES_PER_OBJECT 3

typedef struct section_check {
    lr_layout_report *reports; /* one per play step */
    size_t nplays;
    size_t count; /* problems that count (contained overlaps do not) */
    lr_spec *spec; /* the reports' ids point into it */
} section_check;

static void check_free(section_check *c)
{
    for (size_t i = 0; c->reports && i < c->nplays; i++)
        lr_layout_report_free(&c->reports[i]);
    free(c->reports);
    lr_spec_destroy(c->spec);
    memset(c, 0, sizeof *c);
}

static bool counts(const lr_layout_problem *p)
{
    return !(p->kind == LR_PROBLEM_OVERLAP && p->contained);
}

static lr_layout_options layout_options(const lr_spec *spec, const c2v_critic_options *opt)
{
    lr_spec_meta meta = lr_spec_get_meta(spec);
    lr_layout_options lo = {0};
    lo.orientation = meta.orientation;
    lo.pixel_width = opt->output_width > 0 ? opt->output_width : meta.width;
    lo.pixel_height = opt->output_height > 0 ? opt->output_height : meta.height;
    lo.min_text_px = opt->min_text_px;
    return lo;
}

typedef struct contexts {
    lr_text_context *text;
    lr_tex_context *tex;
} contexts;

/* Loads the document and checks every play step of section `s`. A spec
 * that does not load is C2V_ERR_INVALID_ARG. */
static c2v_status check_section(const cJSON *doc, const char *name, const char *asset_dir, size_t s,
                                const c2v_critic_options *opt, const contexts *cx, section_check *out,
                                lr_orientation *orient, c2v_error *err)
{
    memset(out, 0, sizeof *out);
    lr_spec *spec = NULL;
    c2v_status st = critic_spec_load_with(doc, name, asset_dir, cx->text, cx->tex, &spec, err);
    if (st)
        return st;
    lr_layout_options lo = layout_options(spec, opt);
    if (orient)
        *orient = lo.orientation;
    double ends[MAX_PLAYS];
    size_t nplays = critic_play_ends(critic_section((cJSON *)doc, s), ends, MAX_PLAYS);
    out->reports = calloc(nplays ? nplays : 1, sizeof *out->reports);
    if (!out->reports) {
        lr_spec_destroy(spec);
        out->spec = NULL;
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    out->nplays = nplays;
    for (size_t k = 0; k < nplays; k++) {
        lr_error le = {0};
        if (lr_spec_layout_report(spec, s, k, &lo, &out->reports[k], &le) != LR_OK) {
            st = c2v_error_set(err, C2V_ERR_INVALID_ARG, "%s: section %zu, play step %zu: layout report: %s",
                               name ? name : "spec", s, k, le.message);
            break;
        }
        for (size_t i = 0; i < out->reports[k].nproblems; i++)
            out->count += counts(&out->reports[k].problems[i]);
    }
    out->spec = spec;
    if (st)
        check_free(out);
    return st;
}

/* ---- candidate fixes ------------------------------------------------------ */

typedef enum fix_kind { FIX_MOVE, FIX_SCALE_MOVE, FIX_WRAP, FIX_WRAP_LINE, FIX_FONT } fix_kind;

typedef struct fix {
    fix_kind kind;
    char id[72];
    char anchor[3];
    double factor;    /* FIX_SCALE_MOVE: scale multiplier */
    double font_size; /* FIX_FONT */
    int line;         /* FIX_WRAP_LINE */
} fix;

static const char *fix_action(fix_kind k)
{
    switch (k) {
    case FIX_MOVE: return "move";
    case FIX_SCALE_MOVE: return "scale";
    case FIX_WRAP: return "wrap";
    case FIX_WRAP_LINE: return "wrap";
    case FIX_FONT: return "font_size";
    }
    return "?";
}

/* Splits the longest line of `text` at the space nearest its middle;
 * returns a malloc'd string or NULL when there is no space to split at. */
static char *wrap_text(const char *text)
{
    size_t best_start = 0, best_len = 0, start = 0, n = strlen(text);
    for (size_t i = 0; i <= n; i++) {
        if (i == n || text[i] == '\n') {
            if (i - start > best_len) {
                best_len = i - start;
                best_start = start;
            }
            start = i + 1;
        }
    }
    size_t mid = best_start + best_len / 2, cut = (size_t)-1, dist = (size_t)-1;
    for (size_t i = best_start; i < best_start + best_len; i++) {
        if (text[i] == ' ') {
            size_t d = i > mid ? i - mid : mid - i;
            if (d < dist) {
                dist = d;
                cut = i;
            }
        }
    }
    if (cut == (size_t)-1)
        return NULL;
    char *out = c2v_strdup(text);
    if (out)
        out[cut] = '\n';
    return out;
}

static bool set_number(cJSON *obj, const char *key, double v)
{
    cJSON *n = cJSON_CreateNumber(v);
    if (!n)
        return false;
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        return cJSON_ReplaceItemInObjectCaseSensitive(obj, key, n);
    return cJSON_AddItemToObject(obj, key, n);
}

static bool set_string(cJSON *obj, const char *key, const char *v)
{
    cJSON *s = cJSON_CreateString(v);
    if (!s)
        return false;
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        return cJSON_ReplaceItemInObjectCaseSensitive(obj, key, s);
    return cJSON_AddItemToObject(obj, key, s);
}

/* The wrapped form of the JSON string `text` (the caller frees it), with
 * the text before and after for the log; NULL when it is not a string. */
static char *wrapped(const cJSON *text, char *before, char *after, size_t size)
{
    char *w = cJSON_IsString(text) ? wrap_text(text->valuestring) : NULL;
    if (w) {
        snprintf(before, size, "%s", text->valuestring);
        snprintf(after, size, "%s", w);
    }
    return w;
}

/* Applies `f` to the section; false when it does not apply. `before` and
 * `after` describe the change for the log. */
static bool fix_apply(cJSON *section, const fix *f, char *before, char *after, size_t size)
{
    if (f->kind == FIX_WRAP_LINE) {
        cJSON *line = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(section, "lecture_lines"), f->line);
        cJSON *holder = line, *text = line;
        if (cJSON_IsObject(line))
            text = cJSON_GetObjectItemCaseSensitive(line, "text");
        char *w = wrapped(text, before, after, size);
        if (!w)
            return false;
        bool ok;
        if (cJSON_IsObject(holder))
            ok = set_string(holder, "text", w);
        else
            ok = cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(section, "lecture_lines"), f->line,
                                          cJSON_CreateString(w));
        free(w);
        return ok;
    }
    cJSON *obj = critic_object(section, f->id, true);
    if (!obj)
        return false;
    critic_placement_text(obj, before, size);
    const cJSON *scale = cJSON_GetObjectItemCaseSensitive(obj, "scale");
    double old_scale = cJSON_IsNumber(scale) ? scale->valuedouble : 1.0;
    switch (f->kind) {
    case FIX_SCALE_MOVE:
        if (!set_number(obj, "scale", old_scale * f->factor))
            return false;
        /* fall through */
    case FIX_MOVE:
        critic_clear_placement(obj);
        if (!set_string(obj, "at", f->anchor))
            return false;
        critic_placement_text(obj, after, size);
        if (f->kind == FIX_SCALE_MOVE) {
            size_t n = strlen(after);
            snprintf(after + n, size - n, ", scale %.3g", old_scale * f->factor);
        }
        return true;
    case FIX_WRAP: {
        char *w = wrapped(cJSON_GetObjectItemCaseSensitive(obj, "text"), before, after, size);
        if (!w)
            return false;
        bool ok = set_string(obj, "text", w);
        free(w);
        return ok;
    }
    case FIX_FONT: {
        const cJSON *fs = cJSON_GetObjectItemCaseSensitive(obj, "font_size");
        snprintf(before, size, "font_size %.3g", cJSON_IsNumber(fs) ? fs->valuedouble : 48.0);
        snprintf(after, size, "font_size %.3g", f->font_size);
        return set_number(obj, "font_size", f->font_size);
    }
    default:
        return false;
    }
}

/* Types whose geometry is given in frame coordinates: with no placement
 * field they are pieces of a drawn diagram (a triangle, its legs, a point
 * on them), and moving one alone would tear the diagram apart. */
static bool drawn_in_place(const cJSON *o)
{
    static const char *const types[] = {"line",  "dashed_line",  "polyline", "polygon",
                                        "arrow", "double_arrow", "vector",   "dot"};
    static const char *const placement[] = {"at", "area", "position", "next_to", "align_to"};
    for (size_t i = 0; i < sizeof placement / sizeof placement[0]; i++)
        if (cJSON_GetObjectItemCaseSensitive(o, placement[i]))
            return false;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    for (size_t i = 0; cJSON_IsString(type) && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(type->valuestring, types[i]) == 0)
            return true;
    return false;
}

/* text, tex, decimal, or a group of only those (children by id or inline). */
static bool text_like(cJSON *section, const cJSON *o, int depth)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    if (!cJSON_IsString(type) || depth > 8)
        return false;
    const char *t = type->valuestring;
    if (strcmp(t, "text") == 0 || strcmp(t, "tex") == 0 || strcmp(t, "decimal") == 0)
        return true;
    if (strcmp(t, "group") != 0)
        return false;
    const cJSON *c;
    int n = 0;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(o, "children"))
    {
        const cJSON *child = cJSON_IsString(c) ? critic_object(section, c->valuestring, false) : c;
        if (!child || !text_like(section, child, depth + 1))
            return false;
        n++;
    }
    return n > 0;
}

/* A brace or another mark (version 2): placed by its target, it takes no
 * placement of its own. */
static bool marks_something(const char *t)
{
    static const char *const marks[] = {"brace", "surrounding_rectangle", "background_rectangle", "underline", "cross"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strcmp(t, marks[i]) == 0)
            return true;
    return false;
}

/* Objects the pass may move: top-level, declared in the section, and not
 * placed by something else or drawn in place. */
static int movable_index(cJSON *section, const char *id)
{
    int i = 0;
    cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(section, "objects"))
    {
        const cJSON *oid = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (cJSON_IsString(oid) && strcmp(oid->valuestring, id) == 0) {
            const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
            const char *t = cJSON_IsString(type) ? type->valuestring : "";
            if (strcmp(t, "function_graph") == 0 || marks_something(t) ||
                (strcmp(t, "parametric_curve") == 0 && cJSON_GetObjectItemCaseSensitive(o, "axes")) ||
                drawn_in_place(o))
                return -1;
            return i;
        }
        i++;
    }
    return -1;
}

typedef struct fix_list {
    fix items[32];
    size_t n;
} fix_list;

static void fix_push(fix_list *l, fix f)
{
    if (l->n < sizeof l->items / sizeof l->items[0])
        l->items[l->n++] = f;
}

static float rw(lr_rect r) { return r.x1 - r.x0; }
static float rh(lr_rect r) { return r.y1 - r.y0; }

/* Up to CANDIDATES_PER_OBJECT free anchors for object `oi` of the report,
 * nearest first, at scale `factor`. */
static size_t free_anchors(const lr_layout_report *rep, size_t oi, lr_orientation orient, double factor,
                           char out[][3], size_t max)
{
    lr_layout layout = lr_layout_get(orient);
    lr_rect b = rep->objects[oi].box;
    float w = rw(b) * (float)factor, h = rh(b) * (float)factor;
    float cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
    typedef struct cand {
        float d;
        int r, c;
    } cand;
    cand cands[LR_LAYOUT_ROWS * LR_LAYOUT_COLS];
    size_t nc = 0;
    for (int r = 0; r < LR_LAYOUT_ROWS; r++) {
        for (int c = 0; c < LR_LAYOUT_COLS; c++) {
            char name[3] = {(char)('A' + r), (char)('1' + c), 0};
            lr_rect cell;
            if (lr_layout_anchor_rect(orient, name, &cell, NULL) != LR_OK)
                continue;
            float x = (cell.x0 + cell.x1) / 2, y = (cell.y0 + cell.y1) / 2;
            lr_rect p = {x - w / 2, y - h / 2, x + w / 2, y + h / 2};
            const float slack = 0.02f;
            if (p.x0 < layout.grid.x0 - slack || p.x1 > layout.grid.x1 + slack || p.y0 < layout.grid.y0 - slack ||
                p.y1 > layout.grid.y1 + slack)
                continue;
            bool clear = true;
            for (size_t j = 0; j < rep->nobjects && clear; j++) {
                if (j == oi)
                    continue;
                if (lr_rect_area(lr_rect_intersect(p, rep->objects[j].box)) > 0.01f)
                    clear = false;
            }
            if (!clear)
                continue;
            cands[nc++] = (cand){(x - cx) * (x - cx) + (y - cy) * (y - cy), r, c};
        }
    }
    /* insertion sort: 36 at most */
    for (size_t i = 1; i < nc; i++) {
        cand t = cands[i];
        size_t j = i;
        for (; j > 0 && cands[j - 1].d > t.d; j--)
            cands[j] = cands[j - 1];
        cands[j] = t;
    }
    size_t n = 0;
    for (size_t i = 0; i < nc && n < max; i++, n++) {
        out[n][0] = (char)('A' + cands[i].r);
        out[n][1] = (char)('1' + cands[i].c);
        out[n][2] = 0;
    }
    return n;
}

static void move_candidates(fix_list *l, cJSON *section, const lr_layout_report *rep, size_t oi,
                            lr_orientation orient)
{
    const char *id = rep->objects[oi].id;
    if (movable_index(section, id) < 0)
        return;
    /* Left to the model, since moving would keep the geometry and lose the
     * meaning: an object in a meant (contained) overlap, a container such
     * as a plane under drawn points or a shape around its label; and a
     * label whose centre lies on a shape, which it annotates. */
    for (size_t i = 0; i < rep->nproblems; i++) {
        const lr_layout_problem *p = &rep->problems[i];
        if (p->kind == LR_PROBLEM_OVERLAP && p->contained && (p->item == oi || p->other == oi))
            return;
    }
    const cJSON *self = critic_object(section, id, true);
    if (self && text_like(section, self, 0)) {
        lr_rect b = rep->objects[oi].box;
        float cx = (b.x0 + b.x1) / 2, cy = (b.y0 + b.y1) / 2;
        for (size_t j = 0; j < rep->nobjects; j++) {
            const lr_layout_object *o = &rep->objects[j];
            const cJSON *other = critic_object(section, o->id, false);
            if (j != oi && o->role == LR_ROLE_CONTENT && other && !text_like(section, other, 0) && cx >= o->box.x0 &&
                cx <= o->box.x1 && cy >= o->box.y0 && cy <= o->box.y1)
                return;
        }
    }
    lr_layout layout = lr_layout_get(orient);
    lr_rect b = rep->objects[oi].box;
    double factor = 1.0;
    if (rw(b) > rw(layout.grid) * 0.98f || rh(b) > rh(layout.grid) * 0.98f)
        factor = 0.9 * fmin(rw(layout.grid) / fmax(rw(b), 1e-3), rh(layout.grid) / fmax(rh(b), 1e-3));
    for (int attempt = 0; attempt < 3; attempt++) {
        char anchors[CANDIDATES_PER_OBJECT][3];
        size_t n = free_anchors(rep, oi, orient, factor, anchors, CANDIDATES_PER_OBJECT);
        for (size_t i = 0; i < n; i++) {
            fix f = {.kind = factor < 0.999 ? FIX_SCALE_MOVE : FIX_MOVE, .factor = factor};
            snprintf(f.id, sizeof f.id, "%s", id);
            memcpy(f.anchor, anchors[i], 3);
            fix_push(l, f);
        }
        if (n)
            return;
        factor *= 0.7; /* nothing free at this size: try smaller */
    }
}

static bool is_text_object(cJSON *section, const char *id)
{
    const cJSON *o = critic_object(section, id, true);
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "type");
    return cJSON_IsString(t) && strcmp(t->valuestring, "text") == 0;
}

static int line_index(const char *id)
{
    if (strncmp(id, "line", 4) == 0 && id[4] >= '0' && id[4] <= '5' && id[5] == 0)
        return id[4] - '0';
    return -1;
}

static void candidates_for(fix_list *l, cJSON *section, const lr_layout_report *rep, const lr_layout_problem *p,
                           lr_orientation orient, const c2v_critic_options *opt)
{
    lr_layout layout = lr_layout_get(orient);
    const lr_layout_object *a = &rep->objects[p->item];
    switch (p->kind) {
    case LR_PROBLEM_TEXT_TOO_SMALL: {
        /* librender shrinks a lecture line to fit the column: a long line
         * gets small, and wrapping it in two gives it room. */
        int li = line_index(a->id);
        if (a->role == LR_ROLE_LECTURE && li >= 0) {
            fix_push(l, (fix){.kind = FIX_WRAP_LINE, .line = li});
            return;
        }
        if (a->role != LR_ROLE_CONTENT || movable_index(section, a->id) < 0)
            return;
        const cJSON *o = critic_object(section, a->id, true);
        const cJSON *fs = cJSON_GetObjectItemCaseSensitive(o, "font_size");
        double cur = cJSON_IsNumber(fs) ? fs->valuedouble : 48.0;
        double min_px = opt->min_text_px > 0 ? opt->min_text_px : 8.0;
        double want = cur * (min_px * 1.15) / fmax(p->amount, 0.5);
        fix f = {.kind = FIX_FONT, .font_size = fmin(want, 200.0)};
        snprintf(f.id, sizeof f.id, "%s", a->id);
        if (f.font_size > cur)
            fix_push(l, f);
        return;
    }
    case LR_PROBLEM_OVERLAP: {
        const lr_layout_object *b = &rep->objects[p->other];
        /* A lecture line running into the grid: wrap it. */
        for (int k = 0; k < 2; k++) {
            const lr_layout_object *o = k ? b : a;
            int li = line_index(o->id);
            if (o->role == LR_ROLE_LECTURE && li >= 0 && o->box.x1 > layout.lecture.x1 + 0.02f)
                fix_push(l, (fix){.kind = FIX_WRAP_LINE, .line = li});
        }
        /* Move the object declared later first: it is the newcomer. */
        int ia = movable_index(section, a->id), ib = movable_index(section, b->id);
        size_t first = ia >= ib ? p->item : p->other, second = ia >= ib ? p->other : p->item;
        move_candidates(l, section, rep, first, orient);
        move_candidates(l, section, rep, second, orient);
        return;
    }
    case LR_PROBLEM_OFF_FRAME:
    case LR_PROBLEM_OUTSIDE_GRID:
    case LR_PROBLEM_OVER_LECTURE:
    case LR_PROBLEM_OVER_TITLE: {
        int li = line_index(a->id);
        if (a->role == LR_ROLE_LECTURE && li >= 0) {
            fix_push(l, (fix){.kind = FIX_WRAP_LINE, .line = li});
            return;
        }
        if (a->role != LR_ROLE_CONTENT)
            return;
        if (is_text_object(section, a->id) && rw(a->box) > rw(layout.grid)) {
            fix f = {.kind = FIX_WRAP};
            snprintf(f.id, sizeof f.id, "%s", a->id);
            fix_push(l, f);
        }
        move_candidates(l, section, rep, p->item, orient);
        return;
    }
    }
}

/* ---- the pass ---------------------------------------------------------- */

static void add_unfixed(cJSON *arr, const char *section_id, size_t play, const lr_layout_report *rep,
                        const lr_layout_problem *p)
{
    const char *kind = lr_layout_problem_name(p->kind);
    const char *obj = rep->objects[p->item].id;
    const char *other = p->kind == LR_PROBLEM_OVERLAP ? rep->objects[p->other].id : NULL;
    cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "section");
        const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "problem");
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, "object");
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(e, "other");
        if (strcmp(s->valuestring, section_id) == 0 && strcmp(k->valuestring, kind) == 0 &&
            strcmp(o->valuestring, obj) == 0 && (!other || (cJSON_IsString(x) && strcmp(x->valuestring, other) == 0)))
            return; /* the same problem at a later step */
    }
    e = cJSON_CreateObject();
    if (!e)
        return;
    cJSON_AddStringToObject(e, "section", section_id);
    cJSON_AddNumberToObject(e, "play", (double)play);
    cJSON_AddStringToObject(e, "problem", kind);
    cJSON_AddStringToObject(e, "object", obj);
    if (other)
        cJSON_AddStringToObject(e, "other", other);
    cJSON_AddNumberToObject(e, "amount", round(p->amount * 1000) / 1000);
    cJSON_AddItemToArray(arr, e);
}

/* What the pass could not fix goes in the fix log too, so a run without the
 * visual pass still records the problems its video keeps. */
static void log_unfixed(const c2v_critic_options *opt, cJSON *fix_log, const cJSON *left)
{
    const cJSON *u;
    cJSON_ArrayForEach(u, left)
    {
        cJSON *e = cJSON_Duplicate(u, true);
        if (e && (!cJSON_AddStringToObject(e, "pass", "geometric") || !cJSON_AddStringToObject(e, "kind", "unfixed"))) {
            cJSON_Delete(e);
            e = NULL;
        }
        critic_log(fix_log, e);
        if (!opt->quiet) {
            const cJSON *other = cJSON_GetObjectItemCaseSensitive(u, "other");
            fprintf(stderr, "c2v critic: section %s: left unfixed: %s of %s%s%s at play %d\n",
                    cJSON_GetObjectItemCaseSensitive(u, "section")->valuestring,
                    cJSON_GetObjectItemCaseSensitive(u, "problem")->valuestring,
                    cJSON_GetObjectItemCaseSensitive(u, "object")->valuestring, cJSON_IsString(other) ? " and " : "",
                    cJSON_IsString(other) ? other->valuestring : "",
                    (int)cJSON_GetObjectItemCaseSensitive(u, "play")->valuedouble);
        }
    }
}

static const char *section_id(cJSON *section)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(section, "id");
    return cJSON_IsString(id) ? id->valuestring : "?";
}

c2v_status c2v_critic_geometric(cJSON *doc, const char *name, const char *asset_dir, const c2v_critic_options *opt_in,
                                cJSON *fix_log, cJSON **unfixed, size_t *fixed, c2v_error *err)
{
    if (unfixed)
        *unfixed = NULL;
    if (fixed)
        *fixed = 0;
    if (!doc || !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(doc, "sections")))
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_critic_geometric: no spec document");
    c2v_critic_options opt = opt_in ? *opt_in : c2v_critic_options_default();
    int max_fixes = opt.max_fixes > 0 ? opt.max_fixes : 64;
    cJSON *left = cJSON_CreateArray();
    if (!left)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    size_t nfixed = 0;
    c2v_status st = C2V_OK;
    /* Lent to every spec this pass loads; when one cannot be made, each
     * spec makes its own. */
    contexts cx = {0};
    lr_tex_config tc = lr_tex_config_default();
    if (lr_text_context_create(&cx.text, NULL) != LR_OK)
        cx.text = NULL;
    if (lr_tex_context_create(&cx.tex, &tc, NULL) != LR_OK)
        cx.tex = NULL;
    int nsections = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "sections"));
    for (int s = 0; s < nsections && !st; s++) {
        section_check cur;
        lr_orientation orient = LR_LANDSCAPE;
        if ((st = check_section(doc, name, asset_dir, (size_t)s, &opt, &cx, &cur, &orient, err)))
            break;
        if (!opt.quiet && cur.count)
            fprintf(stderr, "c2v critic: section %s: %zu layout problem(s)\n", section_id(critic_section(doc, s)),
                    cur.count);
        bool progress = true;
        while (progress && cur.count > 0 && nfixed < (size_t)max_fixes && !st) {
            progress = false;
            /* `progress` is tested first: once a fix is kept, `cur` holds the
             * new reports and `rep` points into freed memory. */
            for (size_t k = 0; !progress && !st && k < cur.nplays; k++) {
                const lr_layout_report *rep = &cur.reports[k];
                for (size_t pi = 0; !progress && !st && pi < rep->nproblems; pi++) {
                    const lr_layout_problem *p = &rep->problems[pi];
                    if (!counts(p))
                        continue;
                    fix_list cands = {0};
                    cJSON *section = critic_section(doc, s);
                    candidates_for(&cands, section, rep, p, orient, &opt);
                    if (getenv("C2V_CRITIC_DEBUG"))
                        fprintf(stderr, "problem %s (%s): %zu candidates\n", lr_layout_problem_name(p->kind),
                                rep->objects[p->item].id, cands.n);
                    for (size_t c = 0; c < cands.n && !progress && !st; c++) {
                        cJSON *saved = cJSON_Duplicate(section, true);
                        if (!saved) {
                            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
                            break;
                        }
                        char before[512] = "", after[512] = "";
                        section_check next = {0};
                        bool keep = fix_apply(section, &cands.items[c], before, after, sizeof before);
                        if (keep) {
                            c2v_error e2 = {0};
                            c2v_status cs = check_section(doc, name, asset_dir, (size_t)s, &opt, &cx, &next, NULL, &e2);
                            if (cs == C2V_ERR_NOMEM)
                                st = c2v_error_set(err, cs, "%s", e2.message);
                            keep = cs == C2V_OK && next.count < cur.count;
                            if (getenv("C2V_CRITIC_DEBUG"))
                                fprintf(stderr, "candidate %s %s: %s -> %s: status %d, %zu -> %zu %s\n",
                                        fix_action(cands.items[c].kind), cands.items[c].id, before, after, (int)cs,
                                        cur.count, next.count, e2.message);
                        }
                        if (!keep) {
                            check_free(&next);
                            cJSON_ReplaceItemInArray(cJSON_GetObjectItemCaseSensitive(doc, "sections"), s, saved);
                            section = critic_section(doc, s);
                            continue;
                        }
                        cJSON_Delete(saved);
                        const fix *f = &cands.items[c];
                        cJSON *e = cJSON_CreateObject();
                        if (e) {
                            char line_id[8];
                            snprintf(line_id, sizeof line_id, "line%d", f->line);
                            cJSON_AddStringToObject(e, "pass", "geometric");
                            cJSON_AddStringToObject(e, "section", section_id(section));
                            cJSON_AddNumberToObject(e, "play", (double)k);
                            cJSON_AddStringToObject(e, "problem", lr_layout_problem_name(p->kind));
                            cJSON_AddStringToObject(e, "object", f->kind == FIX_WRAP_LINE ? line_id : f->id);
                            cJSON_AddStringToObject(e, "action", fix_action(f->kind));
                            cJSON_AddStringToObject(e, "before", before);
                            cJSON_AddStringToObject(e, "after", after);
                            cJSON_AddNumberToObject(e, "problems_before", (double)cur.count);
                            cJSON_AddNumberToObject(e, "problems_after", (double)next.count);
                        }
                        critic_log(fix_log, e);
                        if (!opt.quiet)
                            fprintf(stderr, "c2v critic: %s: %s %s: %s -> %s (%zu -> %zu problems)\n",
                                    section_id(section), fix_action(f->kind),
                                    f->kind == FIX_WRAP_LINE ? "lecture line" : f->id, before, after, cur.count,
                                    next.count);
                        check_free(&cur);
                        cur = next;
                        nfixed++;
                        progress = true;
                    }
                }
            }
        }
        for (size_t k = 0; k < cur.nplays; k++)
            for (size_t pi = 0; pi < cur.reports[k].nproblems; pi++)
                if (counts(&cur.reports[k].problems[pi]))
                    add_unfixed(left, section_id(critic_section(doc, s)), k, &cur.reports[k],
                                &cur.reports[k].problems[pi]);
        check_free(&cur);
    }
    lr_tex_context_destroy(cx.tex);
    lr_text_context_destroy(cx.text);
    if (!st)
        log_unfixed(&opt, fix_log, left);
    if (fixed)
        *fixed = nfixed;
    if (unfixed && !st)
        *unfixed = left;
    else
        cJSON_Delete(left);
    return st;
}
