/* Validation of a scene spec: every field of every object, animation and
 * step, the references between them, and which objects are on screen at each
 * step of a timeline. Every problem is reported (not just the first), each
 * with its JSON path, what was found and what was expected, because the
 * usual reader is an LLM repairing its own output. */
#include "code/code.h"
#include "spec/spec_internal.h"
#include "tex/tex_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec_expr.h"
#include "spec/vocab.h"
#include "graph/graph_layout.h"

/* ---- context ---------------------------------------------------------------- */

#define VOBJ_MAX_DEPS 32

typedef struct vobj {
    const char *id;
    const char *type; /* "" for a reserved object with no JSON */
    int parent;       /* index of the enclosing group, or -1 */
    bool on;          /* on screen at the current step */
    bool reserved;    /* the section title and lecture lines */
    const cJSON *json; /* the object's JSON; NULL for a reserved object */
    /* What makes it change (version 2): its own expressions read time or
     * values; deps[] are the earlier objects it reads (queries, and the
     * structural references: axes, graph, next_to, ...). */
    bool changes_itself, shape_changes, animated, dynamic, follows;
    /* An animation moves or reshapes it while on screen (not only brings
     * it in or takes it out): what marks it follows that (DEP_MOVES). */
    bool moved;
    int value; /* a value's index among the section's values, else -1 */
    int deps[VOBJ_MAX_DEPS];
    unsigned char dep_flags[VOBJ_MAX_DEPS]; /* DEP_ */
    int ndeps;
    char path[128]; /* its JSON path, for errors found after the timeline */
    /* The first map (ApplyMatrix, ...) that moves it, and where that is:
     * a map bends what is fixed, not what is rebuilt at every frame. */
    const char *mapped_by;
    char map_path[160];
    /* Likewise the first Transform-like animation that morphs it. */
    const char *morphed_by;
    char morph_path[160];
    /* The first animation that holds some of its mobjects as built (a part
     * as a target, "c.bar(2)", or ChangeBarValues), and where that is:
     * what is rebuilt at every frame has other mobjects at each one. */
    const char *held_by;
    char held_path[160];
    bool three_d; /* seen through the section's 3D camera */
    bool flat;    /* of those, a 2D object placed in the plane z = 0 (build_flat3d.c) */
} vobj;

enum {
    DEP_QUERY = 1, /* read through an expression (or an angle's lines): it follows motion too */
    DEP_SHAPE = 2, /* the object's shape depends on it, not only where it goes */
    DEP_C2P = 4,   /* its coordinates, axes.c2p(x, y): they do not follow a map of the axes */
    DEP_MOVES = 8, /* a mark's target (version 2): it follows when an animation moves it, not when one brings it in */
};

typedef struct vctx {
    lr_spec *spec;
    lr_spec_errors *errs;
    const char *name;
    char path[512];
    size_t plen;
    lr_orientation orientation;
    int version; /* the document's: fields of later versions are refused */
    /* the current section */
    vobj objs[SPEC_MAX_OBJECTS + 1 + LR_LAYOUT_MAX_LINES];
    size_t nobjs;
    size_t nreserved;
    size_t nlines;
    bool too_many_objects;
    const cJSON *objects; /* the section's "objects" */
    bool in_objects;      /* checking objects, not the timeline */
    int anims_in_step;
    spec_section *sec;    /* the section being checked */
    size_t nvalues;
    /* The object whose fields are being checked (-1: none, e.g. an
     * animation), its id, and whether the current field only places it. */
    int cur;
    const char *cur_id;
    bool cur_layout;
    bool target_part; /* check_target's last: the target named a part */
    /* A section with a "camera" (version 2): which of its angles and
     * distances are expressions (MoveCamera and ambient_rotation may not
     * move those), and the play step's MoveCamera that turns it. */
    bool three_d;
    bool camera_expr[5]; /* phi, theta, gamma, zoom, focal_distance */
    int camera_moves_in_step;
} vctx;

static void verr(vctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void verr(vctx *c, const char *fmt, ...)
{
    char msg[1100];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    spec_errors_add(c->errs, c->name, c->path, "%s", msg);
}

static size_t push_key(vctx *c, const char *key)
{
    size_t old = c->plen;
    int n = snprintf(c->path + c->plen, sizeof c->path - c->plen, "%s%.64s", c->plen ? "." : "", key);
    if (n > 0 && c->plen + (size_t)n < sizeof c->path)
        c->plen += (size_t)n;
    c->path[c->plen] = 0;
    return old;
}

static size_t push_index(vctx *c, size_t i)
{
    size_t old = c->plen;
    int n = snprintf(c->path + c->plen, sizeof c->path - c->plen, "[%zu]", i);
    if (n > 0 && c->plen + (size_t)n < sizeof c->path)
        c->plen += (size_t)n;
    c->path[c->plen] = 0;
    return old;
}

static void pop(vctx *c, size_t old)
{
    c->plen = old;
    c->path[old] = 0;
}

/* ---- helpers ---------------------------------------------------------------- */

/* The formula filter LaTeX would apply (layer 1, librender/tex/filter.c),
 * here so that a refused formula is named by its JSON path and --check
 * refuses it too. */
static bool check_formula(vctx *c, const char *tex)
{
    char why[600];
    if (!lr_tex_forbidden(tex, why, sizeof why))
        return true;
    verr(c, "%s", why);
    return false;
}

int spec_edit_distance(const char *a, const char *b, int cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return cap + 1;
    if ((int)(la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    int prev[65], cur[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            int v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            cur[j] = v;
        }
        memcpy(prev, cur, sizeof(int) * (lb + 1));
    }
    return prev[lb] > cap ? cap + 1 : prev[lb];
}

/* The closest of `n` candidates (strings at `stride` bytes apart), or NULL
 * when none is close enough to be a likely typo. */
static const char *closest(const char *word, const void *candidates, size_t n, size_t stride)
{
    const char *best = NULL;
    int best_d = 0;
    size_t len = strlen(word);
    int cap = len <= 3 ? 1 : len <= 8 ? 2 : 3;
    for (size_t i = 0; i < n; i++) {
        const char *cand = *(const char *const *)((const char *)candidates + i * stride);
        int d = spec_edit_distance(word, cand, cap);
        if (d <= cap && (!best || d < best_d)) {
            best = cand;
            best_d = d;
        }
    }
    return best;
}

static const char *article(const char *noun)
{
    if (strncmp(noun, "uni", 3) == 0)
        return "a"; /* a union */
    return strchr("aeiou", noun[0]) ? "an" : "a";
}

/* A short description of a JSON value, for "found ..." */
static const char *describe(const cJSON *v, char *buf, size_t size)
{
    if (!v)
        snprintf(buf, size, "nothing");
    else if (cJSON_IsString(v))
        snprintf(buf, size, "the string \"%.40s%s\"", v->valuestring, strlen(v->valuestring) > 40 ? "..." : "");
    else if (cJSON_IsNumber(v))
        snprintf(buf, size, "the number %g", v->valuedouble);
    else if (cJSON_IsBool(v))
        snprintf(buf, size, "%s", cJSON_IsTrue(v) ? "true" : "false");
    else if (cJSON_IsNull(v))
        snprintf(buf, size, "null");
    else if (cJSON_IsArray(v))
        snprintf(buf, size, "an array of %d items", cJSON_GetArraySize(v));
    else if (cJSON_IsObject(v))
        snprintf(buf, size, "an object");
    else
        snprintf(buf, size, "an invalid value");
    return buf;
}

static void expected(vctx *c, const cJSON *v, const char *what)
{
    char d[96];
    verr(c, "expected %s, found %s", what, describe(v, d, sizeof d));
}

static bool check_number(vctx *c, const cJSON *v, double min, double max, bool exclusive_min, double *out)
{
    if (!cJSON_IsNumber(v)) {
        expected(c, v, "a number");
        return false;
    }
    double x = v->valuedouble;
    if (!isfinite(x)) {
        verr(c, "expected a finite number, found %g", x);
        return false;
    }
    if (exclusive_min ? !(x > min) : !(x >= min)) {
        verr(c, "expected a number %s %g, found %g", exclusive_min ? ">" : ">=", min, x);
        return false;
    }
    if (x > max) {
        verr(c, "expected a number <= %g, found %g", max, x);
        return false;
    }
    if (out)
        *out = x;
    return true;
}

static bool check_int(vctx *c, const cJSON *v, double min, double max, int *out)
{
    double x;
    if (!check_number(c, v, min, max, false, &x))
        return false;
    if (x != floor(x)) {
        verr(c, "expected a whole number, found %g", x);
        return false;
    }
    if (out)
        *out = (int)x;
    return true;
}

/* The offset of the first byte that does not belong to well-formed UTF-8
 * (overlong forms, surrogates and code points past U+10FFFF included), or
 * SIZE_MAX. Text is shaped and drawn as UTF-8, and cJSON passes raw bytes
 * through. */
static size_t utf8_invalid_at(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0; s[i];) {
        unsigned char b = s[i];
        size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
        if (n == 0)
            return i;
        uint32_t cp = n == 1 ? b : b & (0x7F >> n);
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n;
    }
    return SIZE_MAX;
}

static bool check_string(vctx *c, const cJSON *v, size_t max_len, bool allow_empty)
{
    if (!cJSON_IsString(v)) {
        expected(c, v, "a string");
        return false;
    }
    /* Limits count characters, as the schema's maxLength does: UTF-8
     * continuation bytes are not counted. */
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)v->valuestring; *p; p++)
        n += (*p & 0xC0) != 0x80;
    if (!allow_empty && n == 0) {
        verr(c, "expected a non-empty string");
        return false;
    }
    if (n > max_len) {
        verr(c, "the string has %zu characters, more than the limit of %zu", n, max_len);
        return false;
    }
    size_t bad = utf8_invalid_at(v->valuestring);
    if (bad != SIZE_MAX) {
        verr(c, "the string is not valid UTF-8 (byte 0x%02x at offset %zu)", (unsigned char)v->valuestring[bad], bad);
        return false;
    }
    return true;
}

static bool check_point_n(vctx *c, const cJSON *v, bool three)
{
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
    bool numbers = n >= 2;
    for (const cJSON *e = numbers ? v->child : NULL; e; e = e->next)
        numbers = numbers && cJSON_IsNumber(e);
    if (!numbers || (n != 2 && !(three && n == 3))) {
        expected(c, v, three ? "a point [x, y] or [x, y, z] of numbers" : "a point [x, y] of two numbers");
        return false;
    }
    for (const cJSON *e = v->child; e; e = e->next) {
        if (!isfinite(e->valuedouble) || fabs(e->valuedouble) > SPEC_MAX_COORD) {
            verr(c, "expected coordinates within +-%g, found %g", SPEC_MAX_COORD, e->valuedouble);
            return false;
        }
    }
    return true;
}

static bool check_point(vctx *c, const cJSON *v) { return check_point_n(c, v, false); }

static bool check_color(vctx *c, const cJSON *v)
{
    lr_color col;
    if (!cJSON_IsString(v)) {
        expected(c, v, "a colour (a name such as \"BLUE\", or \"#rrggbb\")");
        return false;
    }
    if (strlen(v->valuestring) > 32 || !lr_color_parse(v->valuestring, &col)) {
        verr(c, "unknown colour \"%.32s\" (expected a name such as \"BLUE\", \"YELLOW_C\", or \"#rrggbb\")",
             v->valuestring);
        return false;
    }
    return true;
}

/* "unknown <what> "word" (did you mean ...? / expected one of: ...)" */
static void unknown_name(vctx *c, const char *what, const char *word, const char *const *names, size_t n)
{
    const char *guess = strlen(word) <= 64 ? closest(word, names, n, sizeof names[0]) : NULL;
    if (guess) {
        verr(c, "unknown %s \"%.64s\" (did you mean \"%s\"?)", what, word, guess);
        return;
    }
    char list[900] = {0};
    size_t at = 0;
    for (size_t i = 0; i < n && at + 40 < sizeof list; i++)
        at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", names[i]);
    verr(c, "unknown %s \"%.64s\" (expected one of: %s)", what, word, list);
}

static bool check_enum(vctx *c, const cJSON *v, const char *const *names, size_t n, const char *what)
{
    if (!cJSON_IsString(v)) {
        expected(c, v, what);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(v->valuestring, names[i]) == 0)
            return true;
    unknown_name(c, what, v->valuestring, names, n);
    return false;
}

static bool check_anchor(vctx *c, const cJSON *v)
{
    if (!cJSON_IsString(v)) {
        expected(c, v, "an anchor \"A1\"..\"F6\"");
        return false;
    }
    if (!lr_layout_anchor_parse(v->valuestring, NULL, NULL)) {
        verr(c, "\"%.16s\" is not an anchor (expected A1..F6: rows A-F top to bottom, columns 1-6 left to right)",
             v->valuestring);
        return false;
    }
    return true;
}

static bool valid_id_syntax(const char *s)
{
    if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '-'))
            return false;
    return strlen(s) <= SPEC_MAX_ID;
}

/* ---- the object registry of a section ---- */

static int find_obj(const vctx *c, const char *id)
{
    for (size_t i = 0; i < c->nobjs; i++)
        if (c->objs[i].id[0] && strcmp(c->objs[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* The axes object i is drawn on: its own "axes" (or "in", or its number
 * line), or its graph's. Objects drawn in 3D are all one picture, the
 * camera's: overlapping there is what they do (vectors from one origin, a
 * surface on its axes), so the layout report takes them as attached to one
 * another. */
static const char *attached_axes(const vctx *c, size_t i)
{
    if (c->objs[i].three_d)
        return "(3D camera)";
    const cJSON *o = c->objs[i].json;
    static const char *const keys[] = {"axes", "in", "number_line"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const cJSON *ax = cJSON_GetObjectItemCaseSensitive(o, keys[k]);
        if (cJSON_IsString(ax))
            return find_obj(c, ax->valuestring) >= 0 ? ax->valuestring : NULL;
    }
    const cJSON *ax;
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(o, "graph");
    int gi = cJSON_IsString(g) ? find_obj(c, g->valuestring) : -1;
    if (gi < 0)
        return NULL;
    ax = cJSON_GetObjectItemCaseSensitive(c->objs[gi].json, "axes");
    return cJSON_IsString(ax) && find_obj(c, ax->valuestring) >= 0 ? ax->valuestring : NULL;
}

/* "(objects in this section: a, b, c)" */
static void list_objects(const vctx *c, char *buf, size_t size)
{
    size_t at = 0;
    int n = 0;
    buf[0] = 0;
    for (size_t i = c->nreserved; i < c->nobjs && at + 80 < size; i++) {
        if (!c->objs[i].id[0])
            continue;
        at += (size_t)snprintf(buf + at, size - at, "%s%s", n ? ", " : "", c->objs[i].id);
        n++;
    }
    if (at + 80 >= size)
        snprintf(buf + at, size - at, ", ...");
    if (n == 0)
        snprintf(buf, size, "none");
}

/* Whether the section declares `id` anywhere (inline group children too). */
static bool declared_anywhere(const cJSON *objects, const char *id, int depth)
{
    if (depth > SPEC_MAX_DEPTH || !cJSON_IsArray(objects))
        return false;
    for (const cJSON *o = objects->child; o; o = o->next) {
        const cJSON *oid = cJSON_GetObjectItemCaseSensitive(o, "id");
        if (cJSON_IsString(oid) && strcmp(oid->valuestring, id) == 0)
            return true;
        if (declared_anywhere(cJSON_GetObjectItemCaseSensitive(o, "children"), id, depth + 1))
            return true;
    }
    return false;
}

static void unknown_object(vctx *c, const char *id)
{
    if (c->in_objects && c->cur_id && strcmp(id, c->cur_id) == 0) {
        verr(c, "\"%.64s\" is the object being defined: an object cannot refer to itself", id);
        return;
    }
    if (c->in_objects && declared_anywhere(c->objects, id, 0)) {
        verr(c, "object \"%.64s\" is declared after this one; declare it first (objects may only refer to "
                "earlier ones)",
             id);
        return;
    }
    char list[700];
    list_objects(c, list, sizeof list);
    const char *ids[SPEC_MAX_OBJECTS + 1 + LR_LAYOUT_MAX_LINES];
    for (size_t i = 0; i < c->nobjs; i++)
        ids[i] = c->objs[i].id;
    const char *guess = strlen(id) <= 64 ? closest(id, ids, c->nobjs, sizeof ids[0]) : NULL;
    if (guess)
        verr(c, "no object \"%.64s\" (did you mean \"%s\"? objects in this section: %s)", id, guess, list);
    else
        verr(c, "no object \"%.64s\" (objects in this section: %s)", id, list);
}

/* An id of an object declared earlier in `objects`, of one of `types`. */
static bool type_in(const char *types, const char *t);
static bool holds_3d(const vctx *c, int i);
static void add_dep(vctx *c, int k, unsigned flags);
static int check_target(vctx *c, const cJSON *v);

static int check_ref(vctx *c, const cJSON *v, const char *types)
{
    if (!cJSON_IsString(v)) {
        expected(c, v, "an object id (a string)");
        return -1;
    }
    int i = find_obj(c, v->valuestring);
    if (i < 0) {
        unknown_object(c, v->valuestring);
        return -1;
    }
    if (!types && strcmp(c->objs[i].type, "value") == 0) {
        verr(c, "\"%s\" is a value, not something drawn; use it in an expression", v->valuestring);
        return -1;
    }
    if (types && !type_in(types, c->objs[i].type)) {
        const char *t = c->objs[i].type;
        verr(c, "\"%s\" is %s %s, expected one of: %s", v->valuestring, article(t), t[0] ? t : "title", types);
        return -1;
    }
    return i;
}

/* An object a field names (check_ref), and what the object being checked
 * then reads of it: an operand of a boolean operation must enclose an area,
 * and is followed when an animation moves it; an angle follows its lines
 * however they move. */
/* A 2D object in a section with a camera that is placed in 3D, flat:
 * neither 3D itself nor fixed in the frame or in orientation. */
static bool is_flat_in_3d(const vctx *c, const cJSON *o, const vocab_type *td)
{
    return c->three_d && o && td && !(td->flags & (VT_3D | VT_IN_3D | VT_BARE)) && strcmp(td->name, "group") != 0 &&
           !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "fixed_in_frame")) &&
           !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "fixed_orientation"));
}

/* Turned out of the plane z = 0 or moved off it. */
static bool leaves_plane(const cJSON *o)
{
    const cJSON *pos = cJSON_GetObjectItemCaseSensitive(o, "position");
    return cJSON_GetObjectItemCaseSensitive(o, "rotation_axis") || (cJSON_IsArray(pos) && cJSON_GetArraySize(pos) == 3);
}

static void check_field_ref(vctx *c, const cJSON *v, const vocab_field *fd, unsigned flags)
{
    int k = check_ref(c, v, fd->ref);
    /* Flat objects are built in 2D before they are laid in the plane: one
     * may be built on another (a graph on axes, a label next to a circle)
     * as long as neither leaves the plane. */
    const vobj *self = c->cur >= 0 ? &c->objs[c->cur] : NULL;
    bool in_plane = k >= 0 && c->objs[k].flat && self &&
                    is_flat_in_3d(c, self->json, vocab_find_type(self->type)) &&
                    !leaves_plane(self->json) && !leaves_plane(c->objs[k].json);
    if (k >= 0 && c->objs[k].three_d && !in_plane && !(fd->ref && type_in(fd->ref, "three_d_axes"))) {
        verr(c, "\"%s\" is drawn in 3D; 2D objects cannot be %s 3D ones yet", v->valuestring,
             fd->kind == V_REFS ? "built on" : "placed against");
        return;
    }
    if (k >= 0 && (fd->flags & VF_SHAPES)) {
        const char *t = c->objs[k].type;
        if (!vocab_encloses_area(t)) {
            verr(c, "\"%s\" is %s%s%s, which encloses no area to combine (expected a shape: %s)", v->valuestring,
                 t[0] ? article(t) : "part of the teaching layout", t[0] ? " " : "", t, vocab_area_types);
            return;
        }
        flags = DEP_MOVES;
    }
    add_dep(c, k, flags);
}

/* fd->min..fd->max ids of earlier objects of the types fd->ref. */
static void check_refs(vctx *c, const cJSON *v, const vocab_field *fd)
{
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    if (n < (int)fd->min || n > (int)fd->max) {
        char want[96];
        if (fd->min == fd->max)
            snprintf(want, sizeof want, "an array of %g object ids", fd->min);
        else
            snprintf(want, sizeof want, "an array of %g to %g object ids", fd->min, fd->max);
        expected(c, v, want);
        return;
    }
    size_t i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        size_t old = push_index(c, i);
        check_field_ref(c, e, fd, DEP_QUERY);
        pop(c, old);
    }
}

/* ---- version 2: names in expressions ---------------------------------------------- */

/* Whether type `t` is one of "a|b|c". */
static bool type_in(const char *types, const char *t)
{
    size_t tl = strlen(t);
    for (const char *p = types; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == tl && strncmp(p, t, n) == 0)
            return true;
        p += n + (bar ? 1 : 0);
    }
    return false;
}

/* The object being checked reads object k. */
static void add_dep(vctx *c, int k, unsigned flags)
{
    if (c->cur < 0 || k < 0 || k == c->cur)
        return;
    vobj *o = &c->objs[c->cur];
    if (!c->cur_layout)
        flags |= DEP_SHAPE;
    for (int i = 0; i < o->ndeps; i++)
        if (o->deps[i] == k) {
            o->dep_flags[i] |= (unsigned char)flags;
            return;
        }
    if (o->ndeps == VOBJ_MAX_DEPS) {
        verr(c, "the object refers to more than %d others", VOBJ_MAX_DEPS);
        o->ndeps++; /* said once */
        return;
    }
    if (o->ndeps < VOBJ_MAX_DEPS) {
        o->deps[o->ndeps] = k;
        o->dep_flags[o->ndeps++] = (unsigned char)flags;
    }
}

/* The current object reads time or a value. */
static void changes_itself(vctx *c)
{
    if (c->cur < 0)
        return;
    c->objs[c->cur].changes_itself = true;
    if (!c->cur_layout)
        c->objs[c->cur].shape_changes = true;
}

typedef struct vresolve {
    vctx *c;
    const char *locals; /* the field's own variables, one letter each ("x", "t", "xy"), in slots from
                           SPEC_SLOT_LOCAL; NULL elsewhere */
} vresolve;

/* Why `name` names nothing an expression can read. */
static void unknown_in_expr(vctx *c, const vresolve *r, const char *name, char *msg, size_t size)
{
    if (c->cur_id && strcmp(name, c->cur_id) == 0) {
        snprintf(msg, size, "\"%s\" is the object being defined: an object cannot depend on itself", name);
        return;
    }
    if (c->in_objects && declared_anywhere(c->objects, name, 0)) {
        snprintf(msg, size, "\"%s\" is declared after this object; declare it first (expressions may only read "
                            "earlier objects)",
                 name);
        return;
    }
    const char *names[SPEC_MAX_OBJECTS + 16];
    size_t n = 0;
    names[n++] = "time";
    static const char *const letters[] = {"x", "y", "t", "u", "v", "z"};
    for (const char *p = r->locals; p && *p; p++)
        for (size_t k = 0; k < sizeof letters / sizeof letters[0]; k++)
            if (letters[k][0] == *p)
                names[n++] = letters[k];
    for (size_t i = 0; i < c->nobjs && n < sizeof names / sizeof names[0]; i++)
        if (c->objs[i].id[0])
            names[n++] = c->objs[i].id;
    const char *guess = strlen(name) <= 64 ? closest(name, names, n, sizeof names[0]) : NULL;
    if (!guess)
        guess = expr_builtin_suggest(name);
    char values[300] = "";
    size_t at = 0;
    for (size_t i = 0; i < c->nobjs && at + 70 < sizeof values; i++)
        if (c->objs[i].value >= 0)
            at += (size_t)snprintf(values + at, sizeof values - at, ", %s", c->objs[i].id);
    char locals[32] = "";
    for (size_t k = 0, w = 0; r->locals && r->locals[k] && w + 4 < sizeof locals; k++)
        w += (size_t)snprintf(locals + w, sizeof locals - w, ", %c", r->locals[k]);
    if (guess)
        snprintf(msg, size, "unknown name \"%s\" (did you mean \"%s\"? names here: time%s%s, and objects' "
                            "properties such as dot.center)",
                 name, guess, locals, values);
    else
        snprintf(msg, size, "unknown name \"%s\" (names here: time%s%s, and objects' properties such as "
                            "dot.center)",
                 name, locals, values);
}

static bool resolve_name(void *user, const expr_ref *ref, expr_binding *out, char *msg, size_t size)
{
    vresolve *r = user;
    vctx *c = r->c;
    const char *name = ref->name;
    const char *local = !ref->member && r->locals && name[0] && !name[1] ? strchr(r->locals, name[0]) : NULL;
    if (local) {
        /* z, ApplyComplexFunction's, is complex: re and im in two slots. */
        *out = (expr_binding){EXPR_BIND_VARIABLE, *local == 'z' ? EXPR_COMPLEX : EXPR_NUMBER,
                              SPEC_SLOT_LOCAL + (int)(local - r->locals), 0, {0}};
        return true;
    }
    if (!ref->member && strcmp(name, "time") == 0) {
        changes_itself(c);
        *out = (expr_binding){EXPR_BIND_VARIABLE, EXPR_NUMBER, SPEC_SLOT_TIME, 0, {0}};
        return true;
    }
    int k = find_obj(c, name);
    if (k < 0 || !c->objs[k].id[0]) {
        unknown_in_expr(c, r, name, msg, size);
        return false;
    }
    vobj *o = &c->objs[k];
    if (o->value >= 0) {
        if (ref->member) {
            snprintf(msg, size, "\"%s\" is a value: write %s, not %s.%s", name, name, name, ref->member);
            return false;
        }
        changes_itself(c);
        *out = (expr_binding){EXPR_BIND_VARIABLE, EXPR_NUMBER, SPEC_SLOT_VALUES + o->value, 0, {0}};
        return true;
    }
    const char *type = o->type[0] ? o->type : "text";
    if (!o->three_d && holds_3d(c, k)) {
        snprintf(msg, size, "\"%s\" holds what is drawn in 3D; read its 3D objects one by one", name);
        return false;
    }
    if (!ref->member) {
        snprintf(msg, size, "\"%s\" is %s %s, not a number: read one of its properties, such as %s.center or %s.width",
                 name, article(type), type, name, name);
        return false;
    }
    const vocab_query *q = NULL;
    for (size_t i = 0; i < vocab_query_count; i++)
        if (strcmp(ref->member, vocab_queries[i].name) == 0)
            q = &vocab_queries[i];
    if (!q) {
        const char *props[32];
        size_t n = 0;
        char list[400] = "";
        size_t at = 0;
        for (size_t i = 0; i < vocab_query_count && n < 32; i++)
            if (!vocab_queries[i].types || type_in(vocab_queries[i].types, type)) {
                props[n++] = vocab_queries[i].name;
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%s%s", n > 1 ? ", " : "", vocab_queries[i].name,
                                       vocab_queries[i].nargs ? "(...)" : "");
            }
        const char *guess = strlen(ref->member) <= 64 ? closest(ref->member, props, n, sizeof props[0]) : NULL;
        if (guess)
            snprintf(msg, size, "%s %s has no property \"%s\" (did you mean \"%s\"? it has: %s)", article(type), type,
                     ref->member, guess, list);
        else
            snprintf(msg, size, "%s %s has no property \"%s\" (it has: %s)", article(type), type, ref->member, list);
        return false;
    }
    if (q->types && !type_in(q->types, type)) {
        snprintf(msg, size, "\"%s\" is %s %s; %s(...) is a property of: %s", name, article(type), type, q->name,
                 q->types);
        return false;
    }
    if (o->three_d && q->point && c->cur >= 0 && c->objs[c->cur].three_d) {
        snprintf(msg, size, "%s.%s is where the camera draws it in the frame, for objects fixed_in_frame; an object "
                            "drawn in 3D reads its 3D place as [%s.x, %s.y, %s.z]", name, q->name, name, name, name);
        return false;
    }
    /* three_d_axes.c2p takes x, y and z. */
    int nargs = q->query == SQ_C2P && strcmp(type, "three_d_axes") == 0 ? 3 : q->nargs;
    if (o->three_d && (q->query == SQ_START || q->query == SQ_END || q->query == SQ_PFP) &&
        !type_in("line|arrow|vector|parametric_curve", type)) {
        snprintf(msg, size, "\"%s\" is %s %s drawn in 3D; %s is read of a 3D line, arrow, vector or "
                            "parametric_curve", name, article(type), type, q->name);
        return false;
    }
    if (nargs > 0 && !ref->call) {
        snprintf(msg, size, "%s.%s takes %d argument%s: %s.%s(%s)", name, q->name, nargs, nargs > 1 ? "s" : "",
                 name, q->name, nargs == 3 ? "x, y, z" : nargs == 2 ? "x, y" : q->query == SQ_PFP ? "p" : "x");
        return false;
    }
    if (q->nargs == 0 && ref->call) {
        snprintf(msg, size, "%s.%s takes no arguments: write %s.%s", name, q->name, name, q->name);
        return false;
    }
    add_dep(c, k, DEP_QUERY | (q->query == SQ_C2P ? DEP_C2P : 0));
    /* Where a 3D object is drawn changes with the camera: what reads it
     * is rebuilt each frame. */
    if (o->three_d)
        changes_itself(c);
    *out = (expr_binding){EXPR_BIND_QUERY, q->point ? EXPR_POINT : EXPR_NUMBER, SPEC_QUERY_HANDLE(k, q->query), nargs,
                          {EXPR_NUMBER, EXPR_NUMBER, EXPR_NUMBER}};
    return true;
}

/* A number or a point written as an expression (version 2), compiled and
 * kept for the builder with the field's range. */
static void check_dyn_expr(vctx *c, const cJSON *v, expr_type want, const char *locals, double min, double max)
{
    if (c->version < 2) {
        verr(c, "expected %s, found the string \"%.40s\" (expressions are new in version 2 of the spec: write "
                "\"version\": 2 to use them)",
             want == EXPR_POINT ? "a point [x, y]" : "a number", v->valuestring);
        return;
    }
    if (!check_string(c, v, LR_EXPR_MAX_LENGTH, false))
        return;
    vresolve r = {c, locals};
    expr_resolver res = {resolve_name, &r};
    lr_expr *e = NULL;
    lr_error err = {0};
    if (expr_compile(v->valuestring, want, &res, &e, &err) != LR_OK) {
        verr(c, "bad expression \"%.60s\": %s", v->valuestring, err.message);
        return;
    }
    if (c->sec && spec_exprs_add(&c->sec->exprs, &(spec_expr){v, e, min, max}) == LR_OK)
        return;
    lr_expr_destroy(e);
    verr(c, "out of memory");
}

static bool has_string_item(const cJSON *v);

/* min..max rows of as many LaTeX strings or numbers each (a matrix). */
static void check_cells(vctx *c, const cJSON *v, const vocab_field *fd)
{
    int rows = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    int cols = rows > 0 && cJSON_IsArray(v->child) ? cJSON_GetArraySize(v->child) : -1;
    if (rows < (int)fd->min || rows > (int)fd->max || cols < (int)fd->min || cols > (int)fd->max) {
        char want[160];
        snprintf(want, sizeof want, "%g to %g rows of %g to %g entries ([[\"a\", \"b\"], [\"c\", \"d\"]])", fd->min,
                 fd->max, fd->min, fd->max);
        expected(c, v, want);
        return;
    }
    size_t i = 0;
    for (const cJSON *row = v->child; row; row = row->next, i++) {
        size_t o1 = push_index(c, i), j = 0;
        if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != cols) {
            verr(c, "every row needs %d entries, as the first has", cols);
            pop(c, o1);
            continue;
        }
        for (const cJSON *e = row->child; e; e = e->next, j++) {
            size_t o2 = push_index(c, j);
            if (cJSON_IsString(e)) {
                if (check_string(c, e, 200, false) && !(fd->flags & VF_PLAIN))
                    check_formula(c, e->valuestring);
            } else {
                check_number(c, e, -1e12, 1e12, false, NULL);
            }
            pop(c, o2);
        }
        pop(c, o1);
    }
}

/* An array of fd->min..fd->max items (numbers, colours). */
static bool check_count(vctx *c, const cJSON *v, const vocab_field *fd, const char *items)
{
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    if (n >= (int)fd->min && n <= (int)fd->max)
        return true;
    char want[96];
    snprintf(want, sizeof want, "an array of %g to %g %s", fd->min, fd->max, items);
    expected(c, v, want);
    return false;
}

/* min..max numbers, or (VF_DYN) expressions: a bar chart's values, values
 * along an axis. */
static void check_numbers(vctx *c, const cJSON *v, const vocab_field *fd)
{
    if (!check_count(c, v, fd, (fd->flags & VF_DYN) ? "numbers or expressions" : "numbers"))
        return;
    size_t i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        size_t old = push_index(c, i);
        if ((fd->flags & VF_DYN) && cJSON_IsString(e))
            check_dyn_expr(c, e, EXPR_NUMBER, NULL, -1e6, 1e6);
        else
            check_number(c, e, -1e6, 1e6, false, NULL);
        pop(c, old);
    }
}

/* min..max whole numbers from 1 to fd->max: lines counted from 1. */
static void check_ints(vctx *c, const cJSON *v, const vocab_field *fd)
{
    if (!check_count(c, v, fd, "whole numbers from 1 ([2, 3])"))
        return;
    size_t i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        size_t old = push_index(c, i);
        check_int(c, e, 1, fd->max, NULL);
        pop(c, old);
    }
}

/* An n x n matrix of numbers, or (version 2) expressions, n from min to
 * max. */
static void check_matrix(vctx *c, const cJSON *v, const vocab_field *fd)
{
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    bool ok = n >= (int)fd->min && n <= (int)fd->max;
    for (const cJSON *row = ok ? v->child : NULL; row; row = row->next)
        ok = ok && cJSON_IsArray(row) && cJSON_GetArraySize(row) == n;
    if (!ok) {
        char want[128];
        if (fd->min == fd->max)
            snprintf(want, sizeof want, "a %gx%g matrix [[a, b], [c, d]] (rows of numbers)", fd->min, fd->min);
        else /* ApplyMatrix's */
            snprintf(want, sizeof want,
                     "a %gx%g matrix [[a, b], [c, d]] (rows of numbers), or %gx%g for objects drawn in 3D", fd->min,
                     fd->min, fd->max, fd->max);
        expected(c, v, want);
        return;
    }
    size_t i = 0;
    for (const cJSON *row = v->child; row; row = row->next, i++) {
        size_t o1 = push_index(c, i), j = 0;
        for (const cJSON *e = row->child; e; e = e->next, j++) {
            size_t o2 = push_index(c, j);
            if ((fd->flags & VF_DYN) && cJSON_IsString(e))
                check_dyn_expr(c, e, EXPR_NUMBER, NULL, -1e6, 1e6);
            else
                check_number(c, e, -1e6, 1e6, false, NULL);
            pop(c, o2);
        }
        pop(c, o1);
    }
}

/* [from, to] whose bounds may be expressions (a graph drawn up to k). */
static void check_dyn_range(vctx *c, const cJSON *v)
{
    int n = cJSON_GetArraySize(v);
    if (n != 2) {
        expected(c, v, "a range [from, to] of numbers or expressions");
        return;
    }
    size_t i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        size_t old = push_index(c, i);
        if (cJSON_IsString(e))
            check_dyn_expr(c, e, EXPR_NUMBER, NULL, -1e6, 1e6);
        else
            check_number(c, e, -1e6, 1e6, false, NULL);
        pop(c, old);
    }
}

static bool has_string_item(const cJSON *v)
{
    for (const cJSON *e = cJSON_IsArray(v) ? v->child : NULL; e; e = e->next)
        if (cJSON_IsString(e))
            return true;
    return false;
}

/* A point that may be an expression or have expressions for coordinates;
 * `three`: [x, y, z] too. */
static bool check_dyn_point_n(vctx *c, const cJSON *v, bool three)
{
    if (cJSON_IsString(v)) {
        check_dyn_expr(c, v, EXPR_POINT, NULL, -SPEC_MAX_COORD, SPEC_MAX_COORD);
        return true;
    }
    if (!has_string_item(v))
        return check_point_n(c, v, three);
    int n = cJSON_GetArraySize(v);
    if (n != 2 && !(three && n == 3)) {
        expected(c, v, three ? "a point [x, y] or [x, y, z] of numbers or expressions"
                             : "a point [x, y] of two numbers or expressions");
        return false;
    }
    size_t i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        size_t old = push_index(c, i);
        if (cJSON_IsString(e))
            check_dyn_expr(c, e, EXPR_NUMBER, NULL, -SPEC_MAX_COORD, SPEC_MAX_COORD);
        else if (!cJSON_IsNumber(e) || !isfinite(e->valuedouble) || fabs(e->valuedouble) > SPEC_MAX_COORD)
            expected(c, e, "a coordinate (a number within +-1000, or an expression)");
        pop(c, old);
    }
    return true;
}

static bool check_dyn_point(vctx *c, const cJSON *v) { return check_dyn_point_n(c, v, false); }

static bool check_expr(vctx *c, const cJSON *v, char var)
{
    if (!check_string(c, v, LR_EXPR_MAX_LENGTH, false))
        return false;
    lr_expr *e = NULL;
    lr_error err = {0};
    if (lr_expr_compile(v->valuestring, &e, &err) != LR_OK) {
        verr(c, "bad expression \"%.60s\": %s", v->valuestring, err.message);
        return false;
    }
    bool other = lr_expr_uses(e, var == 'x' ? 't' : 'x');
    lr_expr_destroy(e);
    if (other) {
        verr(c, "the expression \"%.60s\" uses %c; expected an expression in %c", v->valuestring,
             var == 'x' ? 't' : 'x', var);
        return false;
    }
    return true;
}

static void check_range(vctx *c, const cJSON *v)
{
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : 0;
    if (n != 2 && n != 3) {
        expected(c, v, "a range [min, max] or [min, max, step]");
        return;
    }
    double x[3] = {0, 0, 1};
    int i = 0;
    for (const cJSON *e = v->child; e; e = e->next, i++) {
        size_t old = push_index(c, (size_t)i);
        bool ok = check_number(c, e, -1e6, 1e6, false, &x[i]);
        pop(c, old);
        if (!ok)
            return;
    }
    if (!(x[0] < x[1])) {
        verr(c, "expected min < max, found [%g, %g]", x[0], x[1]);
        return;
    }
    if (n == 3) {
        if (!(x[2] > 0)) {
            verr(c, "expected a step > 0, found %g", x[2]);
            return;
        }
        if ((x[1] - x[0]) / x[2] > 1000)
            verr(c, "the step %g makes more than 1000 ticks", x[2]);
    }
}

/* Seconds, > 0 and at most SPEC_MAX_RUN_TIME; `what` may last that long. */
static bool check_duration(vctx *c, const cJSON *v, const char *what)
{
    if (!cJSON_IsNumber(v)) {
        expected(c, v, "a duration in seconds");
        return false;
    }
    if (!(v->valuedouble > 0) || !isfinite(v->valuedouble)) {
        verr(c, "expected a duration > 0 s, found %g", v->valuedouble);
        return false;
    }
    if (v->valuedouble > SPEC_MAX_RUN_TIME) {
        verr(c, "%g s is longer than the %g s %s may last", v->valuedouble, SPEC_MAX_RUN_TIME, what);
        return false;
    }
    return true;
}

static void check_asset(vctx *c, const cJSON *v)
{
    if (!check_string(c, v, SPEC_MAX_PATH, false))
        return;
    char full[4400];
    const char *why = NULL;
    if (!spec_asset_path(c->spec->asset_dir, v->valuestring, full, sizeof full, &why))
        verr(c, "refused path \"%.80s\": %s", v->valuestring, why);
}

/* A direction's name, or (version 2) a vector [x, y] that is not [0, 0]. */
static void check_direction(vctx *c, const cJSON *v, const vocab_enum *en)
{
    if (!cJSON_IsArray(v)) {
        check_enum(c, v, en->values, en->count, en->name);
        return;
    }
    if (c->version < 2) {
        verr(c, "a direction as a vector [x, y] is new in version 2 of the spec; write \"version\": 2, or one of: "
                "right, left, up, down");
        return;
    }
    if (check_point(c, v) && v->child->valuedouble == 0 && v->child->next->valuedouble == 0)
        verr(c, "expected a direction, found the vector [0, 0]");
}

/* The object or part that an object (a mark) is fitted to. It follows the
 * target's motion from version 2; version 1's brace read it once. */

static void check_object_target(vctx *c, const cJSON *v)
{
    int k = check_target(c, v);
    if (k < 0 || !c->objs[k].id[0])
        return;
    if (strcmp(c->objs[k].type, "value") == 0) {
        verr(c, "\"%s\" is a value, not something drawn; use it in an expression", c->objs[k].id);
        return;
    }
    /* A mark fits the bounds of its target's paths in the frame; a 3D
     * object's outline is where the camera puts it, which marks do not
     * read yet. */
    if (holds_3d(c, k)) {
        verr(c, "\"%s\" is drawn in 3D; marks and braces fit 2D objects only for now", c->objs[k].id);
        return;
    }
    add_dep(c, k, c->version >= 2 ? DEP_MOVES : 0);
}

static void check_object(vctx *c, const cJSON *o, int depth, int parent);

/* "0 a^2, 1 +, 2 b^2": a formula's parts, for messages. */
static void list_tex_parts(const char *src, const lr_tex_span *spans, size_t n, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = 0;
    for (size_t i = 0; i < n && at + 8 < size; i++) {
        int w = snprintf(buf + at, size - at, "%s%zu \"%.*s\"", i ? ", " : "", i, (int)(spans[i].len > 40 ? 40 : spans[i].len),
                         src + spans[i].start);
        if (w < 0 || (size_t)w >= size - at) {
            memcpy(buf + (at + 6 > size ? size - 6 : at), ", ...", 6);
            return;
        }
        at += (size_t)w;
    }
}

/* A formula in parts (version 2): not too many, each isolated substring
 * found, and no \color of its own (it would fight the parts' marks). */
static void check_tex_parts(vctx *c, const cJSON *o, const char *src)
{
    lr_tex_span spans[SPEC_MAX_TEX_PARTS + 1];
    size_t n = spec_tex_parts(o, c->version, spans, SPEC_MAX_TEX_PARTS + 1);
    if (n > SPEC_MAX_TEX_PARTS) {
        size_t o2 = push_key(c, "tex");
        verr(c, "the formula has %zu parts, more than %d: isolate fewer substrings or use fewer {{ }} groups", n,
             SPEC_MAX_TEX_PARTS);
        pop(c, o2);
        return;
    }
    if (n >= 2 && (strstr(src, "\\color") || strstr(src, "\\textcolor"))) {
        size_t o2 = push_key(c, "tex");
        verr(c, "a formula in parts cannot use \\color or \\textcolor (parts are told apart by colour): colour "
                "a part with tex_to_color_map or ChangeColor on eq.part(...)");
        pop(c, o2);
    }
    /* A colour key that occurs (else said above) but only where no part can
     * start would colour nothing. */
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(o, "tex_to_color_map");
    for (const cJSON *e = n >= 2 && cJSON_IsObject(map) ? map->child : NULL; e; e = e->next) {
        size_t hit;
        if (!e->string[0] || !strstr(src, e->string) || spec_tex_parts_named(src, spans, n, e->string, &hit, 1) > 0)
            continue;
        size_t o2 = push_key(c, "tex_to_color_map");
        size_t o3 = push_key(c, e->string);
        verr(c, "\"%.60s\" occurs in the tex \"%.80s\" only where a part cannot start or end (inside a command's "
                "name, right after ^ or _, or as an argument of a command such as \\frac); it would colour nothing",
             e->string, src);
        pop(c, o3);
        pop(c, o2);
    }
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "substrings_to_isolate");
    size_t i = 0;
    for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e; e = e->next, i++) {
        size_t hit;
        if (!cJSON_IsString(e) || !e->valuestring[0] ||
            spec_tex_parts_named(src, spans, n, e->valuestring, &hit, 1) > 0)
            continue;
        char parts[600];
        list_tex_parts(src, spans, n, parts, sizeof parts);
        size_t o2 = push_key(c, "substrings_to_isolate");
        size_t o3 = push_index(c, i);
        verr(c, "\"%.60s\" is not a part of the tex \"%.80s\": it occurs nowhere a part can start and end (between "
                "TeX's tokens, not right after ^, _ or a command such as \\frac that takes it as an argument); the "
                "parts are %s",
             e->valuestring, src, parts);
        pop(c, o3);
        pop(c, o2);
    }
}

static void check_struct(vctx *c, const cJSON *v, const vocab_struct *st, int depth, int self_parent);
static void check_graph_config(vctx *c, const cJSON *v, const vocab_field *fd, int depth, int self_parent);
static void check_graph_shape(vctx *c, const cJSON *v, const vocab_field *fd);

static void check_field(vctx *c, const cJSON *v, const vocab_field *fd, int depth, int self_parent)
{
    switch (fd->kind) {
    case V_NUMBER:
        if ((fd->flags & VF_DYN) && cJSON_IsString(v))
            check_dyn_expr(c, v, EXPR_NUMBER, NULL, fd->min, fd->max);
        else
            check_number(c, v, fd->min, fd->max, (fd->flags & VF_EXCL_MIN) != 0, NULL);
        break;
    case V_INT: check_int(c, v, fd->min, fd->max, NULL); break;
    case V_STRING: check_string(c, v, (size_t)fd->max, (fd->flags & VF_EMPTY_OK) != 0); break;
    case V_TEX:
        if (check_string(c, v, (size_t)fd->max, false))
            check_formula(c, v->valuestring);
        break;
    case V_BOOL:
        if (!cJSON_IsBool(v))
            expected(c, v, "true or false");
        break;
    case V_POINT: {
        bool three = (fd->flags & VF_3D) && c->version >= 2; /* 3D is version 2's */
        if (fd->flags & VF_DYN)
            check_dyn_point_n(c, v, three);
        else
            check_point_n(c, v, three);
        break;
    }
    case V_RESOLUTION: {
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
        if (cJSON_IsNumber(v)) {
            check_int(c, v, fd->min, fd->max, NULL);
        } else if (n == 2) {
            size_t i = 0;
            for (const cJSON *e = v->child; e; e = e->next, i++) {
                size_t old = push_index(c, i);
                check_int(c, e, fd->min, fd->max, NULL);
                pop(c, old);
            }
        } else {
            char want[96];
            snprintf(want, sizeof want, "a whole number n or [nu, nv], from %g to %g", fd->min, fd->max);
            expected(c, v, want);
        }
        break;
    }
    case V_POINTS: {
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
        if (n < 0) {
            expected(c, v, "an array of points [[x, y], ...]");
        } else if (fd->max > 0 && fd->min == fd->max && n != (int)fd->min) {
            verr(c, "expected %d points, found %d", (int)fd->min, n);
        } else if (n < (int)fd->min) {
            verr(c, "expected at least %d points, found %d", (int)fd->min, n);
        } else if (n > SPEC_MAX_POINTS) {
            verr(c, "%d points, more than the limit of %d", n, SPEC_MAX_POINTS);
        } else {
            size_t i = 0;
            for (const cJSON *e = v->child; e; e = e->next, i++) {
                size_t old = push_index(c, i);
                bool ok = (fd->flags & VF_DYN) ? check_dyn_point(c, e) : check_point(c, e);
                pop(c, old);
                if (!ok)
                    break;
            }
        }
        break;
    }
    case V_RANGE:
        if ((fd->flags & VF_DYN) && has_string_item(v))
            check_dyn_range(c, v);
        else
            check_range(c, v);
        break;
    case V_COLOR: check_color(c, v); break;
    case V_ENUM: check_enum(c, v, fd->en->values, fd->en->count, fd->en->name); break;
    case V_DIRECTION: check_direction(c, v, fd->en); break;
    case V_REF: check_field_ref(c, v, fd, 0); break;
    case V_EXPR:
        if (c->version >= 2)
            check_dyn_expr(c, v, strcmp(fd->ref, "z") == 0 ? EXPR_COMPLEX : EXPR_NUMBER, fd->ref, -INFINITY,
                           INFINITY);
        else
            check_expr(c, v, fd->ref[0]);
        break;
    case V_ANCHOR: check_anchor(c, v); break;
    case V_AREA:
        if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) != 2) {
            expected(c, v, "two anchors [\"A1\", \"C3\"]");
        } else {
            size_t i = 0;
            for (const cJSON *e = v->child; e; e = e->next, i++) {
                size_t old = push_index(c, i);
                check_anchor(c, e);
                pop(c, old);
            }
        }
        break;
    case V_STRUCT: check_struct(c, v, fd->sub, depth, self_parent); break;
    case V_COLOR_MAP:
        if (!cJSON_IsObject(v)) {
            expected(c, v, "an object {\"tex part\": \"COLOUR\", ...}");
            break;
        }
        for (const cJSON *e = v->child; e; e = e->next) {
            size_t old = push_key(c, e->string);
            if (!e->string[0] || strlen(e->string) > 200)
                verr(c, "expected a non-empty part of the TeX string (at most 200 characters)");
            else if (utf8_invalid_at(e->string) != SIZE_MAX)
                verr(c, "the key is not valid UTF-8");
            else if (check_formula(c, e->string))
                check_color(c, e);
            pop(c, old);
        }
        break;
    case V_CHILDREN: {
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
        if (n < 1) {
            expected(c, v, "a non-empty array of object ids or objects");
            break;
        }
        if (depth + 1 > SPEC_MAX_DEPTH) {
            verr(c, "groups nested more than %d deep", SPEC_MAX_DEPTH);
            break;
        }
        size_t i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            size_t old = push_index(c, i);
            const cJSON *child_type = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "type") : NULL;
            if (cJSON_IsString(child_type) && strcmp(child_type->valuestring, "value") == 0) {
                verr(c, "a value is never drawn and cannot be in a group; declare it among the section's objects");
            } else if (cJSON_IsObject(e)) {
                check_object(c, e, depth + 1, self_parent);
            } else if (cJSON_IsString(e)) {
                int k = check_ref(c, e, NULL);
                if (k >= 0 && c->objs[k].reserved)
                    verr(c, "\"%s\" is part of the teaching layout and cannot join a group", e->valuestring);
                else if (k >= 0 && c->objs[k].parent >= 0)
                    verr(c, "\"%s\" is already in the group \"%s\"", e->valuestring, c->objs[c->objs[k].parent].id);
                else if (k >= 0)
                    c->objs[k].parent = self_parent;
            } else {
                expected(c, e, "an object id or an inline object");
            }
            pop(c, old);
        }
        break;
    }
    case V_ASSET: check_asset(c, v); break;
    /* Checked by the caller, which knows the section, the timeline and
     * what is on screen. */
    case V_REFS: check_refs(c, v, fd); break;
    case V_MATRIX: check_matrix(c, v, fd); break;
    case V_CELLS: check_cells(c, v, fd); break;
    case V_TEXS: {
        int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
        if (n < (int)fd->min || n > (int)fd->max) {
            char want[80];
            snprintf(want, sizeof want, "an array of %g to %g %s", fd->min, fd->max,
                     (fd->flags & VF_PLAIN) ? "strings" : "TeX strings");
            expected(c, v, want);
            break;
        }
        size_t i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            size_t old = push_index(c, i);
            if (check_string(c, e, VOCAB_PART_TEX_MAX, false) && !(fd->flags & VF_PLAIN))
                check_formula(c, e->valuestring);
            pop(c, old);
        }
        break;
    }
    case V_TEX_MAP:
        if (!cJSON_IsObject(v)) {
            expected(c, v, "an object {\"TeX of a part\": \"TeX of a part in \\\"to\\\"\", ...}");
            break;
        }
        for (const cJSON *e = v->child; e; e = e->next) {
            size_t old = push_key(c, e->string);
            if (!e->string[0] || strlen(e->string) > VOCAB_PART_TEX_MAX)
                verr(c, "expected a non-empty part of the TeX string (at most %d characters)", VOCAB_PART_TEX_MAX);
            else
                check_string(c, e, VOCAB_PART_TEX_MAX, false);
            pop(c, old);
        }
        break;
    case V_NUMBERS: check_numbers(c, v, fd); break;
    case V_VERTICES:
    case V_EDGES:
    case V_VERTEX:
    case V_VERTEX_LISTS:
    case V_LAYOUT:
    case V_LABELS: check_graph_shape(c, v, fd); break;
    case V_VERTEX_CONFIG:
    case V_EDGE_CONFIG: check_graph_config(c, v, fd, depth, self_parent); break;
    case V_INTS: check_ints(c, v, fd); break;
    case V_COLORS: {
        if (!check_count(c, v, fd, "colours"))
            break;
        size_t i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            size_t old = push_index(c, i);
            check_color(c, e);
            pop(c, old);
        }
        break;
    }
    case V_TARGET:
        /* An object's field (a mark's target): what it names, as an
         * animation's target does; an animation's is checked by check_anim,
         * which knows what is on screen. */
        if (c->cur >= 0 && c->in_objects)
            check_object_target(c, v);
        break;
    case V_IDS:
    case V_VERSION:
    case V_ID:
    case V_TYPE:
    case V_ANIM:
    case V_ANIMS:
    case V_LINES:
    case V_OBJECTS:
    case V_STEPS:
    case V_SECTIONS:
    case V_LINE_INDEX: break;
    case V_DURATION: check_duration(c, v, strcmp(fd->name, "wait") == 0 ? "a wait" : "an animation"); break;
    }
}

/* Field names a writer of Manim or of another struct reaches for, and the
 * one meant. */
typedef struct field_confusion {
    const char *owner, *key, *meant;
} field_confusion;

static const field_confusion confusions[] = {
    {"next_to", "edge", "direction"},
    {"align_to", "direction", "edge"},
    {"a union", "vmobjects", "shapes"},
    {"an intersection", "vmobjects", "shapes"},
    {"a difference", "shapes", "subject\" and \"clip"},
    {"an exclusion", "shapes", "subject\" and \"clip"},
};

/* "unknown field" with the closest known name of both lists. */
static void unknown_field(vctx *c, const char *key, const vocab_field *a, const vocab_field *b, const char *owner)
{
    for (size_t i = 0; i < sizeof confusions / sizeof confusions[0]; i++)
        if (strcmp(owner, confusions[i].owner) == 0 && strcmp(key, confusions[i].key) == 0) {
            verr(c, "unknown field \"%s\" in %s (did you mean \"%s\"?)", key, owner, confusions[i].meant);
            return;
        }
    /* Manim habits that put step-level settings on one animation. */
    bool is_step = strstr(owner, "step") != NULL;
    if (!is_step && !vocab_find_field(a, "anim") && vocab_find_field(b, "anim")) {
        if (strcmp(key, "lag_ratio") == 0) {
            verr(c, "unknown field \"lag_ratio\" in %s: set it on the play step, or use LaggedStart", owner);
            return;
        }
    }
    const char *names[64];
    size_t n = 0;
    for (const vocab_field *f = a; f && f->name && n < 64; f++)
        if (f->since <= c->version)
            names[n++] = f->name;
    for (const vocab_field *f = b; f && f->name && n < 64; f++)
        if (f->since <= c->version)
            names[n++] = f->name;
    const char *guess = strlen(key) <= 64 ? closest(key, names, n, sizeof names[0]) : NULL;
    if (guess) {
        verr(c, "unknown field \"%.64s\" in %s (did you mean \"%s\"?)", key, owner, guess);
    } else {
        char list[800];
        size_t at = 0;
        list[0] = 0;
        for (size_t i = 0; i < n && at + 40 < sizeof list; i++)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", i ? ", " : "", names[i]);
        verr(c, "unknown field \"%.64s\" in %s (expected one of: %s)", key, owner, list);
    }
}

/* A field the document's version does not have yet. */
static bool too_new(vctx *c, int since, const char *what)
{
    if (since <= c->version)
        return false;
    verr(c, "%s is new in version %d of the spec; this document says \"version\": %d (write \"version\": %d)",
         what, since, c->version, since);
    return true;
}

/* Checks the keys of `o` against two field lists: unknown and duplicate keys,
 * missing required fields, and each value. */
static void check_fields(vctx *c, const cJSON *o, const vocab_field *a, const vocab_field *b, const char *owner,
                         int depth, int self_parent)
{
    for (const cJSON *e = o->child; e; e = e->next) {
        size_t old = push_key(c, e->string);
        for (const cJSON *p = o->child; p != e; p = p->next)
            if (strcmp(p->string, e->string) == 0) {
                verr(c, "duplicate field \"%.64s\"", e->string);
                break;
            }
        const vocab_field *fd = vocab_find_field(a, e->string);
        if (!fd)
            fd = vocab_find_field(b, e->string);
        char what[128];
        if (fd)
            snprintf(what, sizeof what, "the field \"%s\" of %s", fd->name, owner);
        if (!fd)
            unknown_field(c, e->string, a, b, owner);
        else if (!too_new(c, fd->since, what) && !(fd->flags & VF_LATE)) {
            bool layout = c->cur_layout;
            c->cur_layout = layout || (fd->flags & VF_LAYOUT);
            check_field(c, e, fd, depth, self_parent);
            c->cur_layout = layout;
        }
        pop(c, old);
    }
    for (int pass = 0; pass < 2; pass++)
        for (const vocab_field *f = pass ? b : a; f && f->name; f++)
            if ((f->flags & VF_REQUIRED) && f->since <= c->version && !cJSON_GetObjectItemCaseSensitive(o, f->name))
                verr(c, "missing field \"%s\" (required in %s)", f->name, owner);
}

static void check_struct(vctx *c, const cJSON *v, const vocab_struct *st, int depth, int self_parent)
{
    if (!cJSON_IsObject(v)) {
        char want[200];
        size_t at = (size_t)snprintf(want, sizeof want, "an object {");
        for (const vocab_field *f = st->fields; f->name && at + 30 < sizeof want; f++)
            at += (size_t)snprintf(want + at, sizeof want - at, "%s\"%s\"", f == st->fields ? "" : ", ", f->name);
        snprintf(want + at, sizeof want - at, "}");
        expected(c, v, want);
        return;
    }
    check_fields(c, v, st->fields, NULL, st->name, depth, self_parent);
}

/* ---- objects ------------------------------------------------------------------ */

/* The x range a function graph is drawn over: its own x_range, else its
 * axes'. False when the graph or its axes did not validate (already
 * reported there). */
static bool log_scaled(const cJSON *o, int axis);
static double log_base(const cJSON *o, int axis);

static bool graph_domain(const vctx *c, const cJSON *graph, double *lo, double *hi)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(graph, "x_range");
    const cJSON *log_axes = NULL; /* a log x axis: its range is in exponents */
    if (!r) {
        const cJSON *ax = cJSON_GetObjectItemCaseSensitive(graph, "axes");
        int ai = cJSON_IsString(ax) ? find_obj(c, ax->valuestring) : -1;
        if (ai < 0 || !c->objs[ai].json)
            return false;
        r = cJSON_GetObjectItemCaseSensitive(c->objs[ai].json, "x_range");
        if (log_scaled(c->objs[ai].json, 0))
            log_axes = c->objs[ai].json;
        if (!r && strcmp(c->objs[ai].type, "axes") != 0) {
            *lo = -7; /* the builder's default plane */
            *hi = 7;
            return true;
        }
    }
    if (!cJSON_IsArray(r) || cJSON_GetArraySize(r) < 2 || !cJSON_IsNumber(r->child) ||
        !cJSON_IsNumber(r->child->next))
        return false;
    *lo = r->child->valuedouble;
    *hi = r->child->next->valuedouble;
    if (log_axes) {
        *lo = pow(log_base(log_axes, 0), *lo);
        *hi = pow(log_base(log_axes, 0), *hi);
    }
    return *lo < *hi;
}

/* A tangent line or an area needs the graph to exist where it is asked
 * for: x inside the graph's range, and finite values there (1/x has no
 * tangent at 0). Reported here, with the field's path, rather than as a
 * strange picture. */
static void check_on_graph(vctx *c, const cJSON *o, bool tangent)
{
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(o, "graph");
    int gi = cJSON_IsString(g) ? find_obj(c, g->valuestring) : -1;
    if (gi < 0 || strcmp(c->objs[gi].type, "function_graph") != 0 || !c->objs[gi].json)
        return; /* reported by check_ref */
    double lo, hi;
    if (!graph_domain(c, c->objs[gi].json, &lo, &hi))
        return;
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(c->objs[gi].json, "expr");
    lr_expr *e = NULL;
    if (!cJSON_IsString(ex) || lr_expr_compile(ex->valuestring, &e, NULL) != LR_OK)
        return;
    const char *gid = g->valuestring;
    double eps = (hi - lo) * 1e-9;
    if (tangent) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "x");
        if (cJSON_IsNumber(x)) {
            double xv = x->valuedouble, h = (hi - lo) * 1e-4;
            size_t old = push_key(c, "x");
            if (xv < lo - eps || xv > hi + eps)
                verr(c, "x = %g is outside the x range [%g, %g] of the graph \"%s\"", xv, lo, hi, gid);
            else if (!isfinite(lr_expr_eval(e, xv, 0)))
                verr(c, "the graph \"%s\" (%.60s) has no finite value at x = %g", gid, ex->valuestring, xv);
            else if (!isfinite(lr_expr_eval(e, fmax(lo, xv - h), 0)) || !isfinite(lr_expr_eval(e, fmin(hi, xv + h), 0)))
                verr(c, "the graph \"%s\" (%.60s) has no slope at x = %g", gid, ex->valuestring, xv);
            pop(c, old);
        }
    } else {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "x_range");
        if (cJSON_IsArray(r) && cJSON_GetArraySize(r) >= 2 && cJSON_IsNumber(r->child) &&
            cJSON_IsNumber(r->child->next) && r->child->valuedouble < r->child->next->valuedouble) {
            double a = r->child->valuedouble, b = r->child->next->valuedouble;
            size_t old = push_key(c, "x_range");
            if (a < lo - eps || b > hi + eps) {
                verr(c, "[%g, %g] is outside the x range [%g, %g] of the graph \"%s\"", a, b, lo, hi, gid);
            } else {
                for (int i = 0; i <= 64; i++) {
                    double xv = a + (b - a) * i / 64;
                    if (!isfinite(lr_expr_eval(e, xv, 0))) {
                        verr(c, "the graph \"%s\" (%.60s) has no finite value at x = %g, inside [%g, %g]", gid,
                             ex->valuestring, xv, a, b);
                        break;
                    }
                }
            }
            pop(c, old);
        }
    }
    lr_expr_destroy(e);
}

/* A brace spans a target or two points (not both), and two points apart. */
static void check_brace_span(vctx *c, const cJSON *o)
{
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(o, "points");
    if ((cJSON_GetObjectItemCaseSensitive(o, "target") != NULL) == (pts != NULL)) {
        verr(c, "a brace needs exactly one of \"target\" (an object or a part of one) and \"points\" ([A, B], "
                "version 2)");
        return;
    }
    const cJSON *a = cJSON_GetArraySize(pts) == 2 ? pts->child : NULL, *b = a ? a->next : NULL;
    if (a && cJSON_IsArray(a) && cJSON_IsArray(b) && cJSON_GetArraySize(a) == 2 && cJSON_GetArraySize(b) == 2 &&
        cJSON_IsNumber(a->child) && cJSON_IsNumber(a->child->next) && cJSON_IsNumber(b->child) &&
        cJSON_IsNumber(b->child->next) && a->child->valuedouble == b->child->valuedouble &&
        a->child->next->valuedouble == b->child->next->valuedouble) {
        size_t old = push_key(c, "points");
        verr(c, "the two points are the same: a brace spans two different points");
        pop(c, old);
    }
}

/* The numbers of a [x, y, z] written as numbers, else false. */
static bool numbers3(const cJSON *v, double out[3])
{
    int n = 0;
    for (const cJSON *e = cJSON_IsArray(v) ? v->child : NULL; e && n < 3; e = e->next, n++) {
        if (!cJSON_IsNumber(e))
            return false;
        out[n] = e->valuedouble;
    }
    for (int i = n; i < 3; i++)
        out[i] = 0;
    return n >= 2 && cJSON_GetArraySize(v) == n;
}

/* What a solid or an arrow in 3D cannot be built from: a size of 0 or
 * less, an axis of no direction, an arrow of no length. */
static void check_solid_sizes(vctx *c, const cJSON *o, const char *type)
{
    double v[3], w[3];
    const cJSON *dims = cJSON_GetObjectItemCaseSensitive(o, "dimensions");
    for (const cJSON *e = cJSON_IsArray(dims) ? dims->child : NULL; e; e = e->next)
        if (cJSON_IsNumber(e) && !(e->valuedouble > 0)) {
            size_t old = push_key(c, "dimensions");
            verr(c, "a prism's sizes are more than 0, found %g", e->valuedouble);
            pop(c, old);
            break;
        }
    /* A colour scale's pivots: one per colour, increasing. */
    const cJSON *scale = cJSON_GetObjectItemCaseSensitive(o, "colorscale");
    const cJSON *pivots = cJSON_GetObjectItemCaseSensitive(o, "colorscale_pivots");
    if ((pivots || cJSON_GetObjectItemCaseSensitive(o, "colorscale_axis")) && !scale) {
        size_t old = push_key(c, pivots ? "colorscale_pivots" : "colorscale_axis");
        verr(c, "this goes with a \"colorscale\": give its colours, low to high");
        pop(c, old);
    } else if (cJSON_IsArray(pivots) && cJSON_IsArray(scale)) {
        size_t old = push_key(c, "colorscale_pivots");
        if (cJSON_GetArraySize(pivots) != cJSON_GetArraySize(scale))
            verr(c, "expected %d pivots, one per colour of the colorscale, found %d", cJSON_GetArraySize(scale),
                 cJSON_GetArraySize(pivots));
        for (const cJSON *e = pivots->child; e && e->next; e = e->next)
            if (cJSON_IsNumber(e) && cJSON_IsNumber(e->next) && !(e->next->valuedouble > e->valuedouble)) {
                verr(c, "the pivots increase from colour to colour: %g is followed by %g", e->valuedouble,
                     e->next->valuedouble);
                break;
            }
        pop(c, old);
    }
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive(o, "direction");
    if (numbers3(dir, v) && v[0] == 0 && v[1] == 0 && v[2] == 0) {
        size_t old = push_key(c, "direction");
        verr(c, "the direction [0, 0, 0] points nowhere: give its axis, such as [0, 0, 1]");
        pop(c, old);
    }
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(o, "start");
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(o, "end");
    bool arrow = strcmp(type, "arrow") == 0 || strcmp(type, "vector") == 0;
    if (!start && strcmp(type, "vector") == 0)
        v[0] = v[1] = v[2] = 0;
    if (arrow && (start ? numbers3(start, v) : strcmp(type, "vector") == 0) && numbers3(end, w) && v[0] == w[0] &&
        v[1] == w[1] && v[2] == w[2]) {
        size_t old = push_key(c, "end");
        verr(c, "the arrow starts where it ends: a 3D arrow needs two different points");
        pop(c, old);
    }
}

/* In a section with a camera (version 2) every object is seen through it
 * or fixed in the frame; elsewhere nothing is 3D. */
static void check_3d_object(vctx *c, const cJSON *o, const vocab_type *td, int self)
{
    const cJSON *fixed = cJSON_GetObjectItemCaseSensitive(o, "fixed_in_frame");
    bool is_fixed = cJSON_IsTrue(fixed);
    bool group = strcmp(td->name, "group") == 0;
    bool three = c->three_d && ((td->flags & VT_3D) || ((td->flags & VT_IN_3D) && !is_fixed));
    /* Any other 2D object there is placed in 3D, flat (build_flat3d.c),
     * unless fixed in the frame: for the steps and expressions it is a 3D
     * object. */
    bool orient = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "fixed_orientation"));
    bool flat = !three && is_flat_in_3d(c, o, td);
    if (self >= 0) {
        c->objs[self].three_d = three || flat;
        c->objs[self].flat = flat;
    }
    if (fixed) {
        size_t old = push_key(c, "fixed_in_frame");
        if (!c->three_d)
            verr(c, "fixed_in_frame is for a section with a \"camera\" (3D); without one every object is in the frame");
        else if (is_fixed && (td->flags & VT_3D))
            verr(c, "%s %s is seen through the camera; it cannot be fixed in the frame", article(td->name), td->name);
        else if (group)
            verr(c, "set fixed_in_frame on the group's children, each by itself");
        pop(c, old);
    }
    if ((td->flags & VT_3D) && !c->three_d) {
        size_t old = push_key(c, "type");
        verr(c, "%s %s is 3D: it needs a section with a \"camera\" (Manim's ThreeDScene), such as \"camera\": "
                "{\"phi\": 70, \"theta\": -135}",
             article(td->name), td->name);
        pop(c, old);
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "fixed_orientation")) {
        size_t old = push_key(c, "fixed_orientation");
        if (!c->three_d)
            verr(c, "fixed_orientation is for a section with a \"camera\" (3D)");
        else if (orient && (is_fixed || group || (td->flags & (VT_3D | VT_IN_3D))))
            verr(c, "fixed_orientation is for a 2D object (not a group, %s) that is not fixed_in_frame",
                 "nor one with 3D points such as line, dot or arrow");
        pop(c, old);
    }
    const cJSON *axis = cJSON_GetObjectItemCaseSensitive(o, "rotation_axis");
    if (axis && !flat) {
        size_t old = push_key(c, "rotation_axis");
        verr(c, "rotation_axis turns a 2D object placed in 3D (in a section with a \"camera\", not fixed in the "
                "frame); %s",
             three ? "a 3D object is turned by its own fields or ApplyMatrix" : "here \"rotation\" turns it in the frame");
        pop(c, old);
    } else if (axis && cJSON_IsArray(axis) && cJSON_GetArraySize(axis) == 3) {
        bool zero = true;
        for (const cJSON *e = axis->child; e; e = e->next)
            zero = zero && cJSON_IsNumber(e) && e->valuedouble == 0;
        size_t old = push_key(c, "rotation_axis");
        if (zero)
            verr(c, "the axis [0, 0, 0] has no direction: give a vector such as [1, 0, 0] (Manim's RIGHT)");
        pop(c, old);
    }
    for (const cJSON *e = o->child; e; e = e->next) {
        const vocab_field *fd = vocab_find_field(td->fields, e->string);
        if (!fd && !(td->flags & VT_BARE))
            fd = vocab_find_field(vocab_object_common.fields, e->string);
        size_t old = push_key(c, e->string);
        if (three && (td->flags & VT_IN_3D) && vocab_is_placement(e->string))
            verr(c, "%s %s drawn in 3D is placed by its points; \"%s\" is not allowed (unless fixed_in_frame)",
                 article(td->name), td->name, e->string);
        else if (!three && !flat && !(orient && c->three_d) && fd && (fd->flags & VF_3D) && cJSON_GetArraySize(e) == 3)
            verr(c, "[x, y, z] is for objects drawn in 3D (in a section with a \"camera\", not fixed in the frame)");
        else if (!three && fd && (fd->flags & VF_ONLY_3D))
            verr(c, "%s is for %s %s drawn in 3D (in a section with a \"camera\", not fixed in the frame)",
                 e->string, article(td->name), td->name);
        pop(c, old);
    }
    if (three)
        check_solid_sizes(c, o, td->name);
    /* A curve drawn in 3D goes on 3D axes, one in the frame on 2D ones. */
    const cJSON *ax = cJSON_GetObjectItemCaseSensitive(o, "axes");
    int k = cJSON_IsString(ax) && (td->flags & VT_IN_3D) ? find_obj(c, ax->valuestring) : -1;
    if (k >= 0 && (strcmp(c->objs[k].type, "three_d_axes") == 0) != three) {
        size_t old = push_key(c, "axes");
        if (three)
            verr(c, "\"%s\" is %s %s in the frame; %s %s drawn in 3D goes on three_d_axes", ax->valuestring,
                 article(c->objs[k].type), c->objs[k].type, article(td->name), td->name);
        else
            verr(c, "\"%s\" is drawn in 3D; %s %s fixed in the frame goes on 2D axes", ax->valuestring,
                 article(td->name), td->name);
        pop(c, old);
    }
}

/* The length of the array o[key], -1 when it is not one. */
static int count_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
}

/* A name per value, and a y range the builder can take from the values. */
static void check_bar_chart(vctx *c, const cJSON *o)
{
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(o, "values");
    int n = count_of(o, "values"), names = count_of(o, "bar_names");
    if (n > 0 && names > 0 && names != n) {
        size_t old = push_key(c, "bar_names");
        verr(c, "expected %d names, one per value, found %d", n, names);
        pop(c, old);
    }
    if (n <= 0 || cJSON_GetObjectItemCaseSensitive(o, "y_range"))
        return;
    double lo = 0, hi = 0;
    bool dyn = false;
    for (const cJSON *e = values->child; e; e = e->next) {
        dyn |= cJSON_IsString(e);
        if (cJSON_IsNumber(e)) {
            lo = fmin(lo, e->valuedouble);
            hi = fmax(hi, e->valuedouble);
        }
    }
    size_t old = push_key(c, "values");
    if (dyn)
        verr(c, "values that are expressions move the bars, not the axes: give the chart a \"y_range\" [min, max] "
                "that holds them");
    else if (!(lo < hi))
        verr(c, "every value is 0: give the chart a \"y_range\" [min, max]");
    pop(c, old);
}

/* A function image: one expression the GPU can compute per pixel, the
 * options of its kind of colouring only, a region [min, max], and on a
 * plane or "in" axes no placement of its own. */
static void check_function_image(vctx *c, const cJSON *o)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "f"), *ex = cJSON_GetObjectItemCaseSensitive(o, "expr");
    if ((f != NULL) == (ex != NULL)) {
        verr(c, "a function_image needs exactly one of \"f\" (a complex function of z, domain-coloured) and "
                "\"expr\" (a number at x, y, coloured along a gradient)");
    } else {
        const cJSON *v = f ? f : ex;
        const spec_expr *e = c->sec && cJSON_IsString(v) ? spec_exprs_find(&c->sec->exprs, v) : NULL;
        expr_glsl g;
        lr_error err = {0};
        size_t old = push_key(c, f ? "f" : "expr");
        if (e && expr_to_glsl(e->expr, SPEC_SLOT_LOCAL, &g, &err) != LR_OK)
            verr(c, "the expression \"%.60s\" cannot be computed on the GPU: %s", v->valuestring, err.message);
        else if (e)
            free(g.text);
        pop(c, old);
    }
    static const char *const gradient[] = {"colors", "min_color_value", "max_color_value"};
    for (size_t i = 0; f && i < sizeof gradient / sizeof gradient[0]; i++)
        if (cJSON_GetObjectItemCaseSensitive(o, gradient[i])) {
            size_t old = push_key(c, gradient[i]);
            verr(c, "\"%s\" colours expr's gradient; f is domain-coloured (hue from arg f, lightness from |f|): "
                    "remove it, or give an \"expr\" instead of \"f\"",
                 gradient[i]);
            pop(c, old);
        }
    if (ex && cJSON_GetObjectItemCaseSensitive(o, "contours")) {
        size_t old = push_key(c, "contours");
        verr(c, "\"contours\" are bands of |f| in a domain colouring: an \"expr\" is coloured along its gradient "
                "(give more colors for bands)");
        pop(c, old);
    }
    static const char *const ranges[] = {"x_range", "y_range"};
    for (size_t i = 0; i < 2; i++) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, ranges[i]);
        if (cJSON_IsArray(r) && cJSON_GetArraySize(r) == 3) {
            size_t old = push_key(c, ranges[i]);
            verr(c, "a region is [min, max]: a step means nothing to an image (its pixels are the steps)");
            pop(c, old);
        }
    }
    /* "plane" with "in" is check_axes_objects' error. */
    const cJSON *plane = cJSON_GetObjectItemCaseSensitive(o, "plane"), *axes = cJSON_GetObjectItemCaseSensitive(o, "in");
    static const char *const placement[] = {"at", "area", "position", "next_to", "align_to"};
    for (size_t i = 0; (plane || axes) && i < sizeof placement / sizeof placement[0]; i++)
        if (cJSON_GetObjectItemCaseSensitive(o, placement[i])) {
            size_t old = push_key(c, placement[i]);
            verr(c, "a function_image on %s \"%s\" lines up with its coordinates: \"%s\" is not allowed (choose "
                    "the region with x_range and y_range)",
                 plane ? "the plane" : "the axes", cJSON_IsString(plane ? plane : axes) ? (plane ? plane : axes)->valuestring : "",
                 placement[i]);
            pop(c, old);
        }
}

/* The lines of a code object's code as it is drawn (lr_code_prepare), or
 * 0 when its code is not a valid string. */
static size_t code_lines(const cJSON *o)
{
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(o, "code");
    const cJSON *tab = cJSON_GetObjectItemCaseSensitive(o, "tab_width");
    if (!cJSON_IsString(code) || utf8_invalid_at(code->valuestring) != SIZE_MAX)
        return 0;
    char *text = lr_code_prepare(code->valuestring, cJSON_IsNumber(tab) ? tab->valueint : 4);
    size_t n = text ? lr_code_line_count(text) : 0;
    free(text);
    return n;
}

/* Code that has something to show, in characters the text can draw, with
 * highlighted lines that are in it; colour comes from its style only. */
static void check_code(vctx *c, const cJSON *o)
{
    static const char *const colours[] = {"color", "fill_color", "stroke_color", "fill_opacity", "stroke_width"};
    for (size_t i = 0; i < sizeof colours / sizeof colours[0]; i++)
        if (cJSON_GetObjectItemCaseSensitive(o, colours[i])) {
            size_t old = push_key(c, colours[i]);
            verr(c, "a code object takes its colours from its formatter_style (Manim's Code ignores color): leave "
                    "\"%s\" out; the background's are in background_config, the bands' in highlight_color",
                 colours[i]);
            pop(c, old);
        }
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(o, "code");
    const cJSON *tab = cJSON_GetObjectItemCaseSensitive(o, "tab_width");
    if (!cJSON_IsString(code) || utf8_invalid_at(code->valuestring) != SIZE_MAX)
        return; /* said by the field's check */
    char *text = lr_code_prepare(code->valuestring, cJSON_IsNumber(tab) ? tab->valueint : 4);
    if (!text) {
        verr(c, "out of memory");
        return;
    }
    size_t old = push_key(c, "code");
    size_t line = 0, column = 0, bad = lr_code_bad_char(text, &line, &column);
    size_t lines = lr_code_line_count(text);
    if (text[strspn(text, " \n")] == '\0') {
        verr(c, "the code is empty: it holds nothing but spaces and line breaks");
    } else if (bad != SIZE_MAX) {
        unsigned ch = (unsigned char)text[bad];
        if (ch == 0xC2)
            ch = (unsigned char)text[bad + 1];
        else if (ch == 0xEF)
            ch = 0xFEFF;
        verr(c, "the code holds the control character U+%04X at line %zu, column %zu: only line breaks and tabs "
                "(and printable characters) may be in it",
             ch, line, column);
    } else if (lines > SPEC_MAX_CODE_LINES) {
        verr(c, "the code has %zu lines, more than the limit of %d", lines, SPEC_MAX_CODE_LINES);
    }
    pop(c, old);
    free(text);
    const cJSON *hl = cJSON_GetObjectItemCaseSensitive(o, "highlight_lines");
    size_t i = 0;
    for (const cJSON *e = cJSON_IsArray(hl) ? hl->child : NULL; e; e = e->next, i++) {
        if (!cJSON_IsNumber(e) || e->valuedouble < 1 || (size_t)e->valuedouble <= lines)
            continue;
        old = push_key(c, "highlight_lines");
        size_t o2 = push_index(c, i);
        verr(c, "there is no line %g: the code has %zu line%s, counted from 1 (whatever line_numbers_from)",
             e->valuedouble, lines, lines == 1 ? "" : "s");
        pop(c, o2);
        pop(c, old);
    }
}

/* Labels that match the entries, and a corner only between two kinds of
 * them (Manim's rule for top_left_entry). */
static void check_table(vctx *c, const cJSON *o)
{
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(o, "entries");
    int rows = count_of(o, "entries"), cols = rows > 0 && cJSON_IsArray(cells->child) ? cJSON_GetArraySize(cells->child) : -1;
    int rl = count_of(o, "row_labels"), cl = count_of(o, "col_labels");
    if (rows > 0 && rl > 0 && rl != rows) {
        size_t old = push_key(c, "row_labels");
        verr(c, "expected %d row labels, one per row of entries, found %d", rows, rl);
        pop(c, old);
    }
    if (cols > 0 && cl > 0 && cl != cols) {
        size_t old = push_key(c, "col_labels");
        verr(c, "expected %d column labels, one per column of entries, found %d", cols, cl);
        pop(c, old);
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "top_left_entry") && (rl < 0 || cl < 0)) {
        size_t old = push_key(c, "top_left_entry");
        verr(c, "a top_left_entry is the corner between the row labels and the column labels: give both "
                "\"row_labels\" and \"col_labels\", or leave it out");
        pop(c, old);
    }
}

/* Whether object i is drawn in 3D or holds something that is. */
static bool holds_3d(const vctx *c, int i)
{
    for (size_t k = 0; k < c->nobjs; k++) {
        if (!c->objs[k].three_d)
            continue;
        for (int p = (int)k; p >= 0; p = c->objs[p].parent)
            if (p == i)
                return true;
    }
    return false;
}

/* Whether an axes' or number line's axis (its axis_config, x_ or
 * y_axis_config, or its own fields) is log-scaled. */
static bool log_scaled(const cJSON *o, int axis)
{
    const cJSON *own = cJSON_GetObjectItemCaseSensitive(o, "scaling");
    const cJSON *one = cJSON_GetObjectItemCaseSensitive(o, axis ? "y_axis_config" : "x_axis_config");
    const cJSON *both = cJSON_GetObjectItemCaseSensitive(o, "axis_config");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(one, "scaling");
    if (!v)
        v = cJSON_GetObjectItemCaseSensitive(both, "scaling");
    if (!v && axis == 0)
        v = own;
    return cJSON_IsString(v) && strcmp(v->valuestring, "log") == 0;
}

static double log_base(const cJSON *o, int axis)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, axis ? "y_axis_config" : "x_axis_config"), "base");
    if (!v)
        v = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(o, "axis_config"), "base");
    if (!v && axis == 0)
        v = cJSON_GetObjectItemCaseSensitive(o, "base");
    return cJSON_IsNumber(v) && v->valuedouble > 1 ? v->valuedouble : 10;
}

/* Numbers written on a log axis must be powers' values: more than 0. */
static void check_log_numbers(vctx *c, const cJSON *cfg, const char *key)
{
    static const char *const lists[] = {"numbers_to_include", "numbers_to_exclude", "numbers_with_elongated_ticks"};
    size_t o1 = key ? push_key(c, key) : c->plen;
    for (size_t k = 0; k < 3; k++) {
        const cJSON *l = cJSON_GetObjectItemCaseSensitive(cfg, lists[k]);
        size_t i = 0;
        for (const cJSON *e = cJSON_IsArray(l) ? l->child : NULL; e; e = e->next, i++)
            if (cJSON_IsNumber(e) && !(e->valuedouble > 0)) {
                size_t o2 = push_key(c, lists[k]), o3 = push_index(c, i);
                verr(c, "%g is not on a log axis: its numbers are powers of the base, more than 0", e->valuedouble);
                pop(c, o3);
                pop(c, o2);
            }
    }
    pop(c, o1);
}

/* The axes a graph (an object id) is drawn on, or -1. */
static int graph_axes(const vctx *c, const cJSON *ref)
{
    int g = cJSON_IsString(ref) ? find_obj(c, ref->valuestring) : -1;
    if (g < 0 || !c->objs[g].json || strcmp(c->objs[g].type, "function_graph") != 0)
        return -1;
    const cJSON *ax = cJSON_GetObjectItemCaseSensitive(c->objs[g].json, "axes");
    return cJSON_IsString(ax) ? find_obj(c, ax->valuestring) : -1;
}

#define RIEMANN_MAX 5000 /* rectangles of one riemann_rectangles */

/* What the fields alone cannot say of the objects drawn on axes (version
 * 2): "in", a line to a point, a line graph's values, a bounded graph on
 * the same axes, the number of Riemann rectangles, numbers on log axes. */
static void check_axes_objects(vctx *c, const cJSON *o, const vocab_type *td, int self)
{
    const char *type = td->name;
    const cJSON *in = cJSON_GetObjectItemCaseSensitive(o, "in");
    if (in) {
        size_t old = push_key(c, "in");
        bool coords = false;
        for (const vocab_field *f = td->fields; f->name && !coords; f++)
            coords = (f->flags & VF_COORD) != 0;
        if (cJSON_GetObjectItemCaseSensitive(o, "plane")) {
            verr(c, "give one of \"in\" (its points in the axes' coordinates, sizes in the scene's) and \"plane\" "
                    "(the whole object drawn on the plane, going with its maps)");
        } else if (self >= 0 && c->objs[self].three_d) {
            /* the 3D builder reads [x, y, z] of the scene: "in" would be lost */
            verr(c, "%s %s drawn in 3D takes [x, y, z] points of the scene; \"in\" (2D axes' coordinates) is for "
                    "objects fixed in the frame: add \"fixed_in_frame\": true, or leave \"in\" out",
                 article(type), type);
        } else if (!coords && !((td->flags & VT_PLACED) && cJSON_GetObjectItemCaseSensitive(o, "position"))) {
            verr(c, "%s %s has no points of its own to give in the axes' coordinates%s", article(type), type,
                 (td->flags & VT_PLACED) ? ": give its \"position\" with \"in\", or leave \"in\" out" : "");
        } else {
            int k = cJSON_IsString(in) ? find_obj(c, in->valuestring) : -1;
            if (k >= 0 && type_in("axes|number_plane|complex_plane", c->objs[k].type)) {
                /* its points are c2p of the axes: they follow the axes as a
                 * c2p expression does (and not a map of them) */
                int saved = c->cur;
                bool layout = c->cur_layout;
                c->cur = self;
                c->cur_layout = false;
                add_dep(c, k, DEP_QUERY | DEP_C2P);
                c->cur = saved;
                c->cur_layout = layout;
            }
        }
        pop(c, old);
    }
    bool axis_line = strcmp(type, "vertical_line") == 0 || strcmp(type, "horizontal_line") == 0 ||
                     strcmp(type, "lines_to_point") == 0;
    if (axis_line) {
        bool graph = cJSON_GetObjectItemCaseSensitive(o, "graph") != NULL;
        bool x = cJSON_GetObjectItemCaseSensitive(o, "x") != NULL, point = cJSON_GetObjectItemCaseSensitive(o, "point");
        bool axes = cJSON_GetObjectItemCaseSensitive(o, "axes") || in;
        if (graph ? !x || point : !point || x || !axes)
            verr(c, "%s %s needs a graph and x (the graph's point at x), or a point and the axes whose axis it starts "
                    "from (\"axes\", or \"in\" with the point in their coordinates)",
                 article(type), type);
    }
    if (strcmp(type, "line_graph") == 0) {
        int nx = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "x_values"));
        int ny = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, "y_values"));
        if (nx != ny) {
            size_t old = push_key(c, "y_values");
            verr(c, "%d y_values for %d x_values: give one y for each x", ny, nx);
            pop(c, old);
        }
    }
    const cJSON *bounded = cJSON_GetObjectItemCaseSensitive(o, "bounded_graph");
    const cJSON *graph = cJSON_GetObjectItemCaseSensitive(o, "graph");
    if (bounded && graph_axes(c, bounded) >= 0 && graph_axes(c, graph) >= 0) {
        size_t old = push_key(c, "bounded_graph");
        double lo, hi, blo, bhi;
        int bg = find_obj(c, bounded->valuestring), g = find_obj(c, graph->valuestring);
        if (graph_axes(c, bounded) != graph_axes(c, graph))
            verr(c, "\"%s\" is drawn on other axes than the graph \"%s\": both must be on the same",
                 bounded->valuestring, graph->valuestring);
        else if (bg == g)
            verr(c, "the bounded graph is the graph itself");
        else if (graph_domain(c, c->objs[g].json, &lo, &hi) && graph_domain(c, c->objs[bg].json, &blo, &bhi) &&
                 (bhi < lo || blo > hi))
            verr(c, "the graphs' ranges [%g, %g] and [%g, %g] do not meet (Manim's \"Ranges not matching\")", lo, hi,
                 blo, bhi);
        pop(c, old);
    }
    const cJSON *dx = cJSON_GetObjectItemCaseSensitive(o, "dx");
    if (strcmp(type, "riemann_rectangles") == 0 && graph_axes(c, graph) >= 0 && (!dx || cJSON_IsNumber(dx))) {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(o, "x_range");
        double lo, hi, step = dx ? dx->valuedouble : 0.1;
        bool known = r ? cJSON_GetArraySize(r) >= 2 && cJSON_IsNumber(r->child) && cJSON_IsNumber(r->child->next)
                       : graph_domain(c, c->objs[find_obj(c, graph->valuestring)].json, &lo, &hi);
        if (r && known) {
            lo = r->child->valuedouble;
            hi = r->child->next->valuedouble;
        }
        if (known && step > 0 && (hi - lo) / step > RIEMANN_MAX) {
            size_t old = push_key(c, "dx");
            verr(c, "dx = %g makes %.0f rectangles over [%g, %g], more than %d", step, ceil((hi - lo) / step), lo, hi,
                 RIEMANN_MAX);
            pop(c, old);
        }
    }
    if (strcmp(type, "axes") == 0 || strcmp(type, "number_line") == 0) {
        static const char *const cfgs[] = {"axis_config", "x_axis_config", "y_axis_config"};
        for (int k = 0; k < 3; k++) {
            const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(o, cfgs[k]);
            if (cfg && log_scaled(o, k == 2 ? 1 : 0))
                check_log_numbers(c, cfg, cfgs[k]);
        }
        if (type[0] == 'n' && log_scaled(o, 0))
            check_log_numbers(c, o, NULL);
    }
}

/* ---- graphs (version 2) ------------------------------------------------------------ */

/* The vertices of the graph whose fields are being checked (c->cur). */
typedef struct vgraph {
    spec_vertex_name names[GRAPH_MAX_VERTICES];
    size_t n;
    bool directed;
} vgraph;

static void graph_of(const cJSON *o, vgraph *g)
{
    g->n = spec_graph_names(o, g->names);
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    g->directed = cJSON_IsString(type) && strcmp(type->valuestring, "digraph") == 0;
}

/* "1, 2, 3, ..." */
static void list_vertices(const vgraph *g, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = 0;
    for (size_t i = 0; i < g->n && at + 48 < size; i++)
        if (g->names[i][0])
            at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? ", " : "", g->names[i]);
    if (at + 48 >= size)
        snprintf(buf + at, size - at, ", ...");
}

/* "no vertex "7" in the graph (did you mean "1"? its vertices: ...)" */
static void unknown_vertex(vctx *c, const vgraph *g, const char *name)
{
    const char *ptrs[GRAPH_MAX_VERTICES] = {NULL};
    for (size_t i = 0; i < g->n; i++)
        ptrs[i] = g->names[i];
    /* Numbers one digit apart are no likely typo of each other. */
    bool number = name[0] != 0 && strspn(name, "-0123456789") == strlen(name);
    const char *guess = number ? NULL : closest(name, ptrs, g->n, sizeof ptrs[0]);
    char list[400], hint[80] = "";
    list_vertices(g, list, sizeof list);
    if (guess)
        snprintf(hint, sizeof hint, "did you mean \"%s\"? ", guess);
    verr(c, "no vertex \"%.40s\" in the graph (%sits vertices: %s)", name, hint, list);
}

/* The index of the vertex v names, or -1 (said). */
static int check_vertex(vctx *c, const vgraph *g, const cJSON *v)
{
    spec_vertex_name name;
    const char *why;
    if (!spec_vertex_of(v, name, &why)) {
        char d[96];
        verr(c, "expected a vertex of the graph, found %s (%s)", describe(v, d, sizeof d), why);
        return -1;
    }
    int k = spec_vertex_find(g->names, g->n, name);
    if (k < 0)
        unknown_vertex(c, g, name);
    return k;
}

/* The index of edge (a, b) among the graph's, or -1; *reversed: (b, a) is one. */
static int find_edge(const cJSON *o, const vgraph *g, const char *a, const char *b, bool *reversed)
{
    const cJSON *edges = cJSON_GetObjectItemCaseSensitive(o, "edges");
    int i = 0;
    *reversed = false;
    for (const cJSON *e = cJSON_IsArray(edges) ? edges->child : NULL; e; e = e->next, i++) {
        spec_vertex_name u, v;
        if (cJSON_GetArraySize(e) != 2 || !spec_vertex_of(e->child, u, NULL) || !spec_vertex_of(e->child->next, v, NULL))
            continue;
        if (strcmp(u, a) == 0 && strcmp(v, b) == 0)
            return i;
        if (strcmp(u, b) == 0 && strcmp(v, a) == 0) {
            if (!g->directed)
                return i;
            *reversed = true;
        }
    }
    return -1;
}

/* Whether edge (a, b) is the graph's; else says why. */
static bool check_edge_names(vctx *c, const cJSON *o, const vgraph *g, const char *a, const char *b)
{
    int ka = spec_vertex_find(g->names, g->n, a), kb = spec_vertex_find(g->names, g->n, b);
    if (ka < 0 || kb < 0) {
        unknown_vertex(c, g, ka < 0 ? a : b);
        return false;
    }
    bool reversed;
    if (find_edge(o, g, a, b, &reversed) >= 0)
        return true;
    char list[300] = "";
    size_t at = 0;
    const cJSON *edges = cJSON_GetObjectItemCaseSensitive(o, "edges");
    for (const cJSON *e = cJSON_IsArray(edges) ? edges->child : NULL; e && at + 80 < sizeof list; e = e->next) {
        spec_vertex_name u, v;
        if (cJSON_GetArraySize(e) == 2 && spec_vertex_of(e->child, u, NULL) && spec_vertex_of(e->child->next, v, NULL))
            at += (size_t)snprintf(list + at, sizeof list - at, "%s(%s, %s)", at ? ", " : "", u, v);
    }
    if (reversed)
        verr(c, "the digraph's edge goes from \"%s\" to \"%s\": name it (%s, %s), its first vertex first", b, a, b,
             a);
    else
        verr(c, "the %s has no edge %s \"%s\" %s \"%s\" (its edges: %s)", g->directed ? "digraph" : "graph",
             g->directed ? "from" : "between", a, g->directed ? "to" : "and", b, at ? list : "none");
    return false;
}

/* Lists of vertices (partitions, shells): each known and in one list only;
 * with `all`, every vertex in one. */
static void check_vertex_lists(vctx *c, const vgraph *g, const cJSON *lists, bool all, const char *what)
{
    int where[GRAPH_MAX_VERTICES];
    for (size_t i = 0; i < g->n; i++)
        where[i] = -1;
    size_t li = 0;
    for (const cJSON *l = lists->child; l; l = l->next, li++) {
        size_t o1 = push_index(c, li);
        size_t j = 0;
        for (const cJSON *e = l->child; e; e = e->next, j++) {
            size_t o2 = push_index(c, j);
            int k = check_vertex(c, g, e);
            if (k >= 0 && where[k] >= 0)
                verr(c, "vertex \"%s\" is already in %s %d; a vertex is in one only", g->names[k], what, where[k]);
            else if (k >= 0)
                where[k] = (int)li;
            pop(c, o2);
        }
        pop(c, o1);
    }
    if (!all)
        return;
    char missing[300] = "";
    size_t at = 0, nmiss = 0;
    for (size_t i = 0; i < g->n; i++)
        if (where[i] < 0 && g->names[i][0]) {
            nmiss++;
            if (at + 40 < sizeof missing)
                at += (size_t)snprintf(missing + at, sizeof missing - at, "%s%s", at ? ", " : "", g->names[i]);
        }
    if (nmiss)
        verr(c, "%zu vertex%s in no %s: %s (every vertex is in one)", nmiss, nmiss == 1 ? " is" : "es are", what,
             missing);
}

/* The shape of a graph's own kinds of field; what they name is checked
 * with the whole graph (check_graph). */
static bool check_vertex_syntax(vctx *c, const cJSON *v, spec_vertex_name out)
{
    const char *why;
    if (spec_vertex_of(v, out, &why))
        return true;
    char d[96];
    verr(c, "expected a vertex (a whole number or a string), found %s: %s", describe(v, d, sizeof d), why);
    return false;
}

static void check_graph_shape(vctx *c, const cJSON *v, const vocab_field *fd)
{
    spec_vertex_name name;
    char want[120];
    int n = cJSON_IsArray(v) ? cJSON_GetArraySize(v) : -1;
    size_t i = 0;
    switch (fd->kind) {
    case V_VERTICES: {
        if (n < (int)fd->min || n > (int)fd->max) {
            snprintf(want, sizeof want, "an array of %g to %g vertices (whole numbers or strings)", fd->min, fd->max);
            expected(c, v, want);
            return;
        }
        spec_vertex_name seen[GRAPH_MAX_VERTICES];
        const cJSON *items[GRAPH_MAX_VERTICES];
        size_t k = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            size_t old = push_index(c, i);
            if (check_vertex_syntax(c, e, name)) {
                int prev = spec_vertex_find(seen, k, name);
                if (prev >= 0)
                    verr(c, "vertex \"%s\" is listed twice (first at vertices[%d])%s", name, prev,
                         cJSON_IsNumber(e) != cJSON_IsNumber(items[prev]) ? ": a number and its digits as a string "
                                                                             "name the same vertex"
                                                                           : "");
            }
            memcpy(seen[k], name, sizeof name);
            if (!name[0] || spec_vertex_find(seen, k, name) >= 0)
                seen[k][0] = 0;
            items[k++] = e;
            pop(c, old);
        }
        return;
    }
    case V_VERTEX: check_vertex_syntax(c, v, name); return;
    case V_EDGES:
    case V_VERTEX_LISTS: {
        bool edges = fd->kind == V_EDGES;
        if (n < (int)fd->min || n > (int)fd->max) {
            snprintf(want, sizeof want, edges ? "an array of at most %g edges [[u, v], ...]" : "%g to %g lists of vertices",
                     edges ? fd->max : fd->min, fd->max);
            expected(c, v, want);
            return;
        }
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            size_t old = push_index(c, i);
            int m = cJSON_IsArray(e) ? cJSON_GetArraySize(e) : -1;
            if (edges ? m != 2 : (m < 1 || m > GRAPH_MAX_VERTICES)) {
                expected(c, e, edges ? "an edge [u, v]: two vertices" : "a non-empty array of vertices");
            } else {
                size_t j = 0;
                for (const cJSON *x = e->child; x; x = x->next, j++) {
                    size_t o2 = push_index(c, j);
                    check_vertex_syntax(c, x, name);
                    pop(c, o2);
                }
            }
            pop(c, old);
        }
        return;
    }
    case V_LAYOUT:
        if (cJSON_IsString(v)) {
            check_enum(c, v, fd->en->values, fd->en->count, fd->en->name);
        } else if (cJSON_IsObject(v)) {
            for (const cJSON *e = v->child; e; e = e->next) {
                size_t old = push_key(c, e->string);
                check_point(c, e);
                pop(c, old);
            }
        } else {
            expected(c, v, "a layout (\"spring\", \"circular\", \"partite\", \"tree\", ...) or positions {vertex: [x, y]}");
        }
        return;
    case V_LABELS:
        if (cJSON_IsObject(v)) {
            for (const cJSON *e = v->child; e; e = e->next) {
                size_t old = push_key(c, e->string);
                if (check_string(c, e, 200, false))
                    check_formula(c, e->valuestring);
                pop(c, old);
            }
        } else if (!cJSON_IsBool(v)) {
            expected(c, v, "true, false, or LaTeX labels {vertex: \"...\"}");
        }
        return;
    default: return;
    }
}

/* vertex_config, edge_config: their own fields, and keys that name a
 * vertex (or an edge) holding those fields for it alone. */
static void check_graph_config(vctx *c, const cJSON *v, const vocab_field *fd, int depth, int self_parent)
{
    bool edges = fd->kind == V_EDGE_CONFIG;
    if (!cJSON_IsObject(v)) {
        expected(c, v, edges ? "an object {\"stroke_width\": 2, \"1, 2\": {...}, ...}"
                             : "an object {\"radius\": 0.2, \"1\": {...}, ...}");
        return;
    }
    const cJSON *gj = c->cur >= 0 ? c->objs[c->cur].json : NULL;
    vgraph g;
    graph_of(gj, &g);
    for (const cJSON *e = v->child; e; e = e->next) {
        size_t old = push_key(c, e->string);
        const vocab_field *own = vocab_find_field(fd->sub->fields, e->string);
        spec_vertex_name a, b;
        bool named = edges ? spec_edge_text(e->string, a, b) : spec_vertex_text(e->string, strlen(e->string), a);
        if (own) {
            check_field(c, e, own, depth, self_parent);
        } else if (!named || !cJSON_IsObject(e)) {
            if (edges && strcmp(e->string, "tip_config") == 0)
                verr(c, "unknown field \"tip_config\" in edge_config: arrow tips are a digraph's (\"type\": "
                        "\"digraph\")");
            else
                unknown_field(c, e->string, fd->sub->fields, NULL, fd->sub->name);
        } else if (edges ? check_edge_names(c, gj, &g, a, b)
                         : spec_vertex_find(g.names, g.n, a) >= 0 || (unknown_vertex(c, &g, a), false)) {
            char owner[96];
            snprintf(owner, sizeof owner, "the settings of %s \"%.40s\"", edges ? "edge" : "vertex", e->string);
            check_fields(c, e, fd->sub->fields, NULL, owner, depth, self_parent);
        }
        pop(c, old);
    }
}

/* Which automatic layouts read each field of layout_config (and the
 * graph's own partitions and root_vertex). */
static const struct {
    const char *field, *layouts;
} layout_uses[] = {
    {"seed", "spring|random"},          {"iterations", "spring"},          {"nlist", "shell"},
    {"partitions", "partite|sugiyama"}, {"root_vertex", "tree"},            {"vertex_spacing", "tree|sugiyama"},
    {"orientation", "tree|sugiyama"},   {"align", "partite"},              {"resolution", "spiral"},
    {"columns", "grid"},
};

static const char *layout_users(const char *field)
{
    for (size_t i = 0; i < sizeof layout_uses / sizeof layout_uses[0]; i++)
        if (strcmp(layout_uses[i].field, field) == 0)
            return layout_uses[i].layouts;
    return "";
}

/* A field the layout does not read: Manim hands layout_config to the
 * layout function, which refuses what it does not take. */
static void layout_field_unused(vctx *c, const char *field, const char *layout)
{
    char users[80];
    snprintf(users, sizeof users, "%s", layout_users(field));
    char *bar = strchr(users, '|');
    if (bar) {
        memmove(bar + 5, bar + 1, strlen(bar + 1) + 1);
        memcpy(bar, " and ", 5);
    }
    if (layout)
        verr(c, "\"%s\" is for the %s layout%s; this graph's layout is \"%s\"", field, users, bar ? "s" : "", layout);
    else
        verr(c, "\"%s\" is for the %s layout%s; this graph's vertices are placed by their positions in \"layout\"",
             field, users, bar ? "s" : "");
}

/* What the fields alone do not say: edges, keys, partitions and roots
 * naming the graph's vertices, layouts that fit the graph. */
static void check_graph(vctx *c, const cJSON *o)
{
    vgraph g;
    graph_of(o, &g);
    const cJSON *edges = cJSON_GetObjectItemCaseSensitive(o, "edges");
    int (*pairs)[2] = malloc(sizeof *pairs * GRAPH_MAX_EDGES);
    size_t npairs = 0;
    size_t old = push_key(c, "edges");
    size_t i = 0;
    for (const cJSON *e = cJSON_IsArray(edges) ? edges->child : NULL; e && pairs; e = e->next, i++) {
        if (cJSON_GetArraySize(e) != 2)
            continue;
        size_t o1 = push_index(c, i);
        int k[2];
        for (int j = 0; j < 2; j++) {
            size_t o2 = push_index(c, (size_t)j);
            k[j] = check_vertex(c, &g, j ? e->child->next : e->child);
            pop(c, o2);
        }
        if (k[0] >= 0 && k[1] >= 0) {
            int dup = -1;
            for (size_t p = 0; p < npairs && dup < 0; p++)
                if ((pairs[p][0] == k[0] && pairs[p][1] == k[1]) ||
                    (!g.directed && pairs[p][0] == k[1] && pairs[p][1] == k[0]))
                    dup = (int)p;
            if (k[0] == k[1])
                verr(c, "an edge from vertex \"%s\" to itself cannot be drawn", g.names[k[0]]);
            else if (dup >= 0)
                verr(c, "the edge between \"%s\" and \"%s\" is listed twice", g.names[k[0]], g.names[k[1]]);
            else if (npairs < GRAPH_MAX_EDGES) {
                pairs[npairs][0] = k[0];
                pairs[npairs++][1] = k[1];
            }
        }
        pop(c, o1);
    }
    pop(c, old);

    const cJSON *layout = cJSON_GetObjectItemCaseSensitive(o, "layout");
    const char *name = layout ? (cJSON_IsString(layout) ? layout->valuestring : NULL) : "spring";
    if (cJSON_IsObject(layout)) {
        bool placed[GRAPH_MAX_VERTICES] = {false};
        old = push_key(c, "layout");
        for (const cJSON *e = layout->child; e; e = e->next) {
            spec_vertex_name v;
            int k = spec_vertex_text(e->string, strlen(e->string), v) ? spec_vertex_find(g.names, g.n, v) : -1;
            size_t o1 = push_key(c, e->string);
            if (k < 0)
                unknown_vertex(c, &g, e->string);
            else
                placed[k] = true;
            pop(c, o1);
        }
        char missing[300] = "";
        size_t at = 0, nmiss = 0;
        for (size_t k = 0; k < g.n; k++)
            if (!placed[k] && g.names[k][0]) {
                nmiss++;
                if (at + 40 < sizeof missing)
                    at += (size_t)snprintf(missing + at, sizeof missing - at, "%s%s", at ? ", " : "", g.names[k]);
            }
        if (nmiss)
            verr(c, "no position for %s (a layout of positions gives every vertex one, as Manim's)", missing);
        pop(c, old);
    }
    bool known_layout = false;
    for (size_t k = 0; name && k < vocab_graph_layouts.count; k++)
        known_layout |= strcmp(name, vocab_graph_layouts.values[k]) == 0;
    if (layout && !cJSON_IsObject(layout) && !known_layout)
        name = NULL; /* said by the field */

    /* The layout's settings: in layout_config, or partitions and
     * root_vertex on the graph (not both). */
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(o, "layout_config");
    for (const cJSON *e = cJSON_IsObject(cfg) ? cfg->child : NULL; e && (name || cJSON_IsObject(layout)); e = e->next) {
        if (!layout_users(e->string)[0] || (name && type_in(layout_users(e->string), name)))
            continue;
        size_t o1 = push_key(c, "layout_config");
        size_t o2 = push_key(c, e->string);
        layout_field_unused(c, e->string, name);
        pop(c, o2);
        pop(c, o1);
    }
    static const char *const own[] = {"partitions", "root_vertex"};
    const cJSON *given[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        const cJSON *top = cJSON_GetObjectItemCaseSensitive(o, own[k]);
        const cJSON *in = cJSON_IsObject(cfg) ? cJSON_GetObjectItemCaseSensitive(cfg, own[k]) : NULL;
        given[k] = in ? in : top;
        if (!top)
            continue;
        old = push_key(c, own[k]);
        if (in)
            verr(c, "\"%s\" is given twice, here and in layout_config: give it once", own[k]);
        else if ((name || cJSON_IsObject(layout)) && !(name && type_in(layout_users(own[k]), name)))
            layout_field_unused(c, own[k], name);
        pop(c, old);
    }
    /* The path of what given[] holds, for the errors about it. */
    for (int k = 0; k < 2; k++) {
        if (!given[k])
            continue;
        bool in_cfg = cJSON_IsObject(cfg) && cJSON_GetObjectItemCaseSensitive(cfg, own[k]) == given[k];
        size_t o1 = in_cfg ? push_key(c, "layout_config") : c->plen;
        size_t o2 = push_key(c, own[k]);
        if (k == 0 && cJSON_IsArray(given[k]))
            check_vertex_lists(c, &g, given[k], false, name && strcmp(name, "sugiyama") == 0 ? "layer" : "partition");
        else if (k == 1)
            check_vertex(c, &g, given[k]);
        pop(c, o2);
        pop(c, o1);
    }
    const cJSON *nlist = cJSON_IsObject(cfg) ? cJSON_GetObjectItemCaseSensitive(cfg, "nlist") : NULL;
    if (cJSON_IsArray(nlist) && name && strcmp(name, "shell") == 0) {
        size_t o1 = push_key(c, "layout_config");
        size_t o2 = push_key(c, "nlist");
        check_vertex_lists(c, &g, nlist, true, "shell");
        pop(c, o2);
        pop(c, o1);
    }
    const cJSON *spacing = cJSON_IsObject(cfg) ? cJSON_GetObjectItemCaseSensitive(cfg, "vertex_spacing") : NULL;
    if (cJSON_GetArraySize(spacing) == 2 && cJSON_IsNumber(spacing->child) && cJSON_IsNumber(spacing->child->next) &&
        !(spacing->child->valuedouble > 0 && spacing->child->next->valuedouble > 0)) {
        size_t o1 = push_key(c, "layout_config");
        size_t o2 = push_key(c, "vertex_spacing");
        verr(c, "expected two distances > 0 [between siblings, between levels]");
        pop(c, o2);
        pop(c, o1);
    }
    if (name && strcmp(name, "partite") == 0 && !given[0]) {
        old = push_key(c, "layout");
        verr(c, "the partite layout needs \"partitions\": [[vertices of the first column], ...] (Manim's)");
        pop(c, old);
    }
    if (name && strcmp(name, "tree") == 0 && pairs) {
        old = push_key(c, "layout");
        spec_vertex_name root;
        int r = given[1] && spec_vertex_of(given[1], root, NULL) ? spec_vertex_find(g.names, g.n, root) : -1;
        size_t away = 0;
        if (!given[1])
            verr(c, "the tree layout needs a \"root_vertex\" (Manim's)");
        else if (r >= 0 && npairs + 1 != g.n)
            verr(c, "the tree layout needs a tree: %zu vertices and %zu edges, and a tree on %zu vertices has %zu "
                    "(use spring or kamada_kawai for other graphs)",
                 g.n, npairs, g.n, g.n - 1);
        else if (r >= 0 && !graph_is_tree(g.n, (const int(*)[2])pairs, npairs, r, &away))
            verr(c, "the tree layout needs a tree: %zu of the vertices cannot be reached from the root \"%s\" (and a "
                    "cycle joins others)",
                 away, g.names[r]);
        pop(c, old);
    }
    free(pairs);
    /* labels name vertices */
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(o, "labels");
    for (const cJSON *e = cJSON_IsObject(labels) ? labels->child : NULL; e; e = e->next) {
        spec_vertex_name v;
        if (spec_vertex_text(e->string, strlen(e->string), v) && spec_vertex_find(g.names, g.n, v) >= 0)
            continue;
        size_t o1 = push_key(c, "labels");
        size_t o2 = push_key(c, e->string);
        unknown_vertex(c, &g, e->string);
        pop(c, o2);
        pop(c, o1);
    }
}

static void check_object(vctx *c, const cJSON *o, int depth, int parent)
{
    if (!cJSON_IsObject(o)) {
        expected(c, o, "an object {\"id\": ..., \"type\": ...}");
        return;
    }
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    const char *idstr = NULL;
    size_t old = push_key(c, "id");
    if (!id) {
        pop(c, old);
        verr(c, "missing field \"id\" (every object needs a unique id)");
    } else if (check_string(c, id, SPEC_MAX_ID, false)) {
        if (!valid_id_syntax(id->valuestring)) {
            verr(c, "\"%s\" is not a valid id (expected a letter or \"_\", then letters, digits, \"_\" or \"-\")",
                 id->valuestring);
        } else {
            int prev = find_obj(c, id->valuestring);
            if (prev >= 0 && c->objs[prev].reserved)
                verr(c, "the id \"%s\" is reserved for the %s", id->valuestring,
                     strcmp(id->valuestring, "title") == 0 ? "section title" : "lecture lines");
            else if (prev >= 0)
                verr(c, "duplicate id \"%s\"", id->valuestring);
            else
                idstr = id->valuestring;
        }
    }
    pop(c, old);

    const vocab_type *td = NULL;
    old = push_key(c, "type");
    if (!type) {
        pop(c, old);
        verr(c, "missing field \"type\" (such as \"circle\", \"text\", \"tex\", \"axes\")");
    } else if (cJSON_IsString(type)) {
        td = vocab_find_type(type->valuestring);
        if (td && too_new(c, td->since, "the object type"))
            td = NULL;
        else if (!td) {
            const char *names[64];
            size_t n = 0;
            for (size_t i = 0; i < vocab_type_count && n < 64; i++)
                if (vocab_types[i].since <= c->version)
                    names[n++] = vocab_types[i].name;
            unknown_name(c, "object type", type->valuestring, names, n);
        }
        pop(c, old);
    } else {
        expected(c, type, "an object type (a string such as \"circle\")");
        pop(c, old);
    }

    /* The registry slot is taken before the fields are checked, so that a
     * group's inline children can name it as their parent; the id becomes
     * findable only afterwards (nothing may refer to itself). */
    int self = -1;
    /* The registry also holds the title and lecture lines: only the
     * section's own objects count against the limit. */
    if (c->nobjs - c->nreserved >= SPEC_MAX_OBJECTS) {
        if (!c->too_many_objects)
            verr(c, "more than %d objects in one section", SPEC_MAX_OBJECTS);
        c->too_many_objects = true;
    } else {
        self = (int)c->nobjs++;
        c->objs[self] = (vobj){.id = "", .type = td ? td->name : "", .parent = parent, .json = o, .value = -1};
        snprintf(c->objs[self].path, sizeof c->objs[self].path, "%.127s", c->path);
        if (td && (td->flags & VT_BARE))
            c->objs[self].value = (int)c->nvalues++;
        /* Known before its fields: what it may read of 3D objects
         * depends on it (check_3d_object sets it the same way). */
        c->objs[self].three_d = td && c->version >= 2 && c->three_d &&
                                ((td->flags & VT_3D) ||
                                 ((td->flags & VT_IN_3D) &&
                                  !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "fixed_in_frame"))));
    }
    if (td) {
        char owner[64];
        snprintf(owner, sizeof owner, "%s %s", article(td->name), td->name);
        const vocab_struct *common = (td->flags & VT_BARE) ? &vocab_object_bare : &vocab_object_common;
        int saved_cur = c->cur;
        const char *saved_id = c->cur_id;
        bool saved_layout = c->cur_layout;
        c->cur = self;
        c->cur_id = cJSON_IsString(id) ? id->valuestring : NULL;
        c->cur_layout = false;
        check_fields(c, o, td->fields, common->fields, owner, depth, self);
        c->cur = saved_cur;
        c->cur_id = saved_id;
        c->cur_layout = saved_layout;
        check_3d_object(c, o, td, self); /* also refuses [x, y, z] positions in version 1 */
        /* Flowing stream lines move with time. */
        if (strcmp(td->name, "stream_lines") == 0 && cJSON_GetObjectItemCaseSensitive(o, "flow_speed") && self >= 0)
            c->objs[self].changes_itself = c->objs[self].shape_changes = true;
        if (strcmp(td->name, "angle") == 0 && (cJSON_GetObjectItemCaseSensitive(o, "lines") != NULL) ==
                                                  (cJSON_GetObjectItemCaseSensitive(o, "points") != NULL))
            verr(c, "an angle needs exactly one of \"lines\" (two line ids) and \"points\" ([A, vertex, B])");
        if (strcmp(td->name, "brace") == 0)
            check_brace_span(c, o);
        if (vocab_is_boolean(td->name) && cJSON_GetObjectItemCaseSensitive(o, "plane")) {
            size_t o2 = push_key(c, "plane");
            verr(c, "%s %s is built where its shapes are, in the scene's coordinates; \"plane\" is not allowed "
                    "(give the shapes the plane instead)",
                 article(td->name), td->name);
            pop(c, o2);
        }
        for (const cJSON *e = o->child; !(td->flags & VT_PLACED) && e; e = e->next)
            if (vocab_is_placement(e->string) && !vocab_find_field(td->fields, e->string)) {
                size_t o2 = push_key(c, e->string);
                verr(c, "%s %s is placed by what it belongs to; \"%s\" is not allowed", article(td->name),
                     td->name, e->string);
                pop(c, o2);
            }
        /* A colour for a part that the formula does not contain would be
         * silently ignored: say so. */
        const cJSON *map = cJSON_GetObjectItemCaseSensitive(o, "tex_to_color_map");
        const cJSON *tex = cJSON_GetObjectItemCaseSensitive(o, "tex");
        if (strcmp(td->name, "tex") == 0 && cJSON_IsObject(map) && cJSON_IsString(tex)) {
            for (const cJSON *e = map->child; e; e = e->next) {
                if (!e->string[0] || strstr(tex->valuestring, e->string))
                    continue;
                size_t o2 = push_key(c, "tex_to_color_map");
                size_t o3 = push_key(c, e->string);
                verr(c, "\"%.64s\" does not occur in the tex \"%.80s\"", e->string, tex->valuestring);
                pop(c, o3);
                pop(c, o2);
            }
        }
        if (strcmp(td->name, "tex") == 0 && cJSON_IsString(tex))
            check_tex_parts(c, o, tex->valuestring);
        if (strcmp(td->name, "tangent_line") == 0 || strcmp(td->name, "area_under_curve") == 0)
            check_on_graph(c, o, td->name[0] == 't');
        if (strcmp(td->name, "bar_chart") == 0)
            check_bar_chart(c, o);
        else if (strcmp(td->name, "table") == 0 || strcmp(td->name, "math_table") == 0)
            check_table(c, o);
        else if (strcmp(td->name, "graph") == 0 || strcmp(td->name, "digraph") == 0)
            check_graph(c, o);
        else if (strcmp(td->name, "function_image") == 0)
            check_function_image(c, o);
        else if (strcmp(td->name, "code") == 0)
            check_code(c, o);
        if (self >= 0)
            check_axes_objects(c, o, td, self);
        int nplace = 0;
        static const char *const exclusive[] = {"at", "area", "position", "next_to"};
        for (size_t i = 0; i < 4; i++)
            nplace += cJSON_GetObjectItemCaseSensitive(o, exclusive[i]) != NULL;
        if (nplace > 1)
            verr(c, "give only one of \"at\", \"area\", \"position\" and \"next_to\"");
    }
    if (self >= 0 && idstr && c->objs[self].value >= 0 &&
        (expr_is_builtin_name(idstr) || !strcmp(idstr, "time") || !strcmp(idstr, "x") || !strcmp(idstr, "t"))) {
        size_t o2 = push_key(c, "id");
        verr(c, "\"%s\" means something else in an expression (a built-in name or variable); give the value "
                "another id",
             idstr);
        pop(c, o2);
    }
    if (self >= 0 && idstr)
        c->objs[self].id = idstr;
}

/* ---- timeline ------------------------------------------------------------------ */

/* Brings `i` and everything under it on or off screen. */
static void set_on(vctx *c, int i, bool on)
{
    c->objs[i].on = on;
    for (size_t k = 0; k < c->nobjs; k++) {
        int p = c->objs[k].parent;
        while (p >= 0 && p != i)
            p = c->objs[p].parent;
        if (p == i)
            c->objs[k].on = on;
    }
}

/* A formula's part as a target: eq.part(i) within its parts, eq.part(TeX)
 * among them; a number that is also a part's TeX is ambiguous unless it is
 * that part's own index. */
static bool check_tex_part_target(vctx *c, int i, const vocab_part_ref *ref, const char *text)
{
    const cJSON *tex = c->objs[i].json ? cJSON_GetObjectItemCaseSensitive(c->objs[i].json, "tex") : NULL;
    const char *src = cJSON_IsString(tex) ? tex->valuestring : "";
    lr_tex_span spans[SPEC_MAX_TEX_PARTS];
    size_t n = spec_tex_parts(c->objs[i].json, c->version, spans, SPEC_MAX_TEX_PARTS);
    if (n > SPEC_MAX_TEX_PARTS)
        return false; /* said at the object */
    if (n == 0) { /* a blank formula: the whole of it */
        spans[0] = (lr_tex_span){0, strlen(src)};
        n = 1;
    }
    char parts[600];
    list_tex_parts(src, spans, n, parts, sizeof parts);
    if (ref->by_tex) {
        size_t hit;
        if (spec_tex_parts_named(src, spans, n, ref->tex, &hit, 1) > 0)
            return true;
        verr(c, "\"%s\" has no part \"%.60s\"; its part%s %s (isolate more with substrings_to_isolate or {{ }} "
                "groups in its tex)",
             ref->id, ref->tex, n == 1 ? " is" : "s are", parts);
        return false;
    }
    size_t k = (size_t)ref->args[0];
    if (k >= n) {
        verr(c, "\"%s\" has %zu part%s (indices from 0): there is no %s; %s %s", ref->id, n, n == 1 ? "" : "s", text,
             n == 1 ? "it is" : "they are", parts);
        return false;
    }
    char digits[24];
    snprintf(digits, sizeof digits, "%d", ref->args[0]);
    size_t same[1];
    if (spec_tex_parts_named(src, spans, n, digits, same, 1) > 0 && same[0] != k) {
        verr(c, "%s is ambiguous: a number in part(...) is an index, and part %zu is \"%.*s\" while the part \"%s\" "
                "is %s.part(%zu)",
             text, k, (int)spans[k].len, src + spans[k].start, digits, ref->id, same[0]);
        return false;
    }
    return true;
}

/* Whether the indices of a part of object i name something it has: a
 * matrix's rows x columns, a table's grid with its labels, a chart's bars;
 * else says why. */
static bool part_exists(vctx *c, int i, const vocab_part_ref *ref, const char *text)
{
    const cJSON *o = c->objs[i].json;
    const char *type = c->objs[i].type, *id = c->objs[i].id;
    if (strcmp(type, "bar_chart") == 0) {
        int n = count_of(o, "values");
        if (strcmp(ref->name, "bar") == 0 && ref->args[0] >= n) {
            verr(c, "the bar chart \"%s\" has %d bars (indices from 0): there is no %s", id, n, text);
            return false;
        }
        if (strcmp(ref->name, "bar_names") == 0 && count_of(o, "bar_names") < 0) {
            verr(c, "the bar chart \"%s\" has no bar_names", id);
            return false;
        }
        return true;
    }
    if (strcmp(type, "code") == 0) {
        size_t n = code_lines(o);
        const cJSON *add = cJSON_GetObjectItemCaseSensitive(o, "add_line_numbers");
        bool numbers = !cJSON_IsBool(add) || cJSON_IsTrue(add);
        if ((strcmp(ref->name, "line_numbers") == 0 || strcmp(ref->name, "line_number") == 0) && !numbers) {
            verr(c, "the code \"%s\" has no line numbers (add_line_numbers is false): there is no %s", id, text);
            return false;
        }
        if (strcmp(ref->name, "highlights") == 0 && !cJSON_GetObjectItemCaseSensitive(o, "highlight_lines")) {
            verr(c, "the code \"%s\" has no highlight_lines: there is no %s", id, text);
            return false;
        }
        if (ref->nargs == 1 && (size_t)ref->args[0] >= n) {
            verr(c, "the code \"%s\" has %zu line%s (indices from 0): there is no %s", id, n, n == 1 ? "" : "s",
                 text);
            return false;
        }
        return true;
    }
    bool table = strcmp(type, "table") == 0 || strcmp(type, "math_table") == 0;
    const cJSON *cells = cJSON_GetObjectItemCaseSensitive(o, "entries");
    int rows = cJSON_GetArraySize(cells), cols = cells && cells->child ? cJSON_GetArraySize(cells->child) : 0;
    bool row_labels = table && count_of(o, "row_labels") > 0, col_labels = table && count_of(o, "col_labels") > 0;
    if ((strcmp(ref->name, "row_labels") == 0 && !row_labels) || (strcmp(ref->name, "col_labels") == 0 && !col_labels)) {
        verr(c, "the table \"%s\" has no %s", id, ref->name);
        return false;
    }
    /* A table's grid: its labels are a column before and a row above. */
    rows += col_labels;
    cols += row_labels;
    bool one = strcmp(ref->name, "entry") == 0 || strcmp(ref->name, "cell") == 0;
    if (((one || strcmp(ref->name, "row") == 0) && ref->args[0] >= rows) ||
        (strcmp(ref->name, "column") == 0 && ref->args[0] >= cols) || (one && ref->args[1] >= cols)) {
        verr(c, "%s has %d rows and %d columns%s (indices from 0): there is no %s", id, rows, cols,
             row_labels || col_labels ? ", labels included" : "", text);
        return false;
    }
    if (one && table && row_labels && col_labels && ref->args[0] == 0 && ref->args[1] == 0 &&
        !cJSON_GetObjectItemCaseSensitive(o, "top_left_entry")) {
        verr(c, "%s is the empty corner between the row and the column labels (give the table a top_left_entry)",
             text);
        return false;
    }
    return true;
}

/* g.vertex(v), g.edge(u, v): a vertex and an edge of the graph. */
static bool check_graph_part(vctx *c, int i, const vocab_part_ref *ref, const vocab_part *part)
{
    bool edge = part->nargs == VOCAB_EDGE;
    spec_vertex_name a, b;
    bool ok;
    if (ref->by_tex)
        ok = edge ? spec_edge_text(ref->tex, a, b) : spec_vertex_text(ref->tex, strlen(ref->tex), a);
    else if ((ok = ref->nargs == (edge ? 2 : 1))) {
        snprintf(a, sizeof a, "%d", ref->args[0]);
        snprintf(b, sizeof b, "%d", ref->args[1]);
    }
    if (!ok) {
        verr(c, "%s.%s takes %s (%s)", ref->id, ref->name, edge ? "two vertices, g.edge(u, v)" : "one vertex, g.vertex(v)",
             part->doc);
        return false;
    }
    vgraph g;
    graph_of(c->objs[i].json, &g);
    if (edge)
        return check_edge_names(c, c->objs[i].json, &g, a, b);
    if (spec_vertex_find(g.names, g.n, a) >= 0)
        return true;
    unknown_vertex(c, &g, a);
    return false;
}

/* The target of an animation: an object's id, or (version 2) one of its
 * parts ("m.row(1)"); c->target_part says which. */
static int check_target(vctx *c, const cJSON *v)
{
    c->target_part = false;
    if (!cJSON_IsString(v)) {
        expected(c, v, "an object id (a string)");
        return -1;
    }
    vocab_part_ref ref;
    if (vocab_part_parse(v->valuestring, &ref)) {
        int i = find_obj(c, ref.id);
        if (i < 0 || !c->objs[i].id[0]) {
            unknown_object(c, ref.id);
            return -1;
        }
        if (too_new(c, 2, "a part of an object as a target"))
            return -1;
        const vocab_part *part = vocab_find_part(c->objs[i].type, ref.name);
        if (!part) {
            char list[300] = "";
            const char *names[16] = {0};
            size_t at = 0, n = 0;
            for (size_t k = 0; k < vocab_part_count; k++)
                if (strcmp(vocab_parts[k].type, c->objs[i].type) == 0) {
                    at += (size_t)snprintf(list + at, sizeof list - at, "%s%s", at ? ", " : "", vocab_parts[k].name);
                    if (n < 16)
                        names[n++] = vocab_parts[k].name;
                }
            const char *guess = closest(ref.name, names, n, sizeof names[0]);
            char hint[64] = "";
            if (guess)
                snprintf(hint, sizeof hint, "did you mean \"%s\"? ", guess);
            verr(c, "%s %s has no part \"%s\" (%s%s%s)", article(c->objs[i].type), c->objs[i].type, ref.name, hint,
                 at ? "its parts: " : "it has no parts", list);
            return -1;
        }
        if (part->nargs == VOCAB_INDEX_OR_TEX) {
            if (ref.nargs != 1) {
                verr(c, "%s.%s takes one index or the TeX of a part, found %d indices (%s)", ref.id, ref.name,
                     ref.nargs, part->doc);
                return -1;
            }
            if (!check_tex_part_target(c, i, &ref, v->valuestring))
                return -1;
            c->target_part = true;
            return i;
        }
        if (part->nargs == VOCAB_VERTEX || part->nargs == VOCAB_EDGE) {
            if (!check_graph_part(c, i, &ref, part))
                return -1;
        } else if (ref.nargs != part->nargs || ref.by_tex) {
            if (ref.by_tex)
                verr(c, "%s.%s takes %d whole number%s, found \"%.60s\" (%s)", ref.id, ref.name, part->nargs,
                     part->nargs == 1 ? "" : "s", ref.tex, part->doc);
            else
                verr(c, "%s.%s takes %d index%s, found %d (%s)", ref.id, ref.name, part->nargs,
                     part->nargs == 1 ? "" : "es", ref.nargs, part->doc);
            return -1;
        }
        if (part->nargs >= 0 && !part_exists(c, i, &ref, v->valuestring))
            return -1;
        c->target_part = true;
        if (!c->objs[i].held_by) {
            c->objs[i].held_by = v->valuestring;
            snprintf(c->objs[i].held_path, sizeof c->objs[i].held_path, "%.159s", c->path);
        }
        return i;
    }
    int i = find_obj(c, v->valuestring);
    if (i < 0 || !c->objs[i].id[0])
        unknown_object(c, v->valuestring);
    return i;
}

/* TransformMatchingTex (version 2): from a formula to a formula, and a
 * key_map from parts of the one to parts of the other. */
static void check_matching_tex(vctx *c, const cJSON *a)
{
    static const char *const ends[] = {"target", "to"};
    int objs[2] = {-1, -1};
    for (int e = 0; e < 2; e++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, ends[e]);
        if (!cJSON_IsString(v))
            continue;
        vocab_part_ref ref;
        if (vocab_part_parse(v->valuestring, &ref)) {
            size_t old = push_key(c, ends[e]);
            verr(c, "TransformMatchingTex goes from a whole formula to another, not from or to a part (\"%s\"): "
                    "write \"%s\"",
                 v->valuestring, ref.id);
            pop(c, old);
            continue;
        }
        int k = find_obj(c, v->valuestring);
        if (k < 0 || !c->objs[k].id[0])
            continue; /* said by check_target */
        if (strcmp(c->objs[k].type, "tex") != 0) {
            size_t old = push_key(c, ends[e]);
            verr(c, "TransformMatchingTex matches the parts of two formulas: \"%s\" is %s %s, expected a tex (for "
                    "other objects, TransformMatchingShapes)",
                 c->objs[k].id, article(c->objs[k].type[0] ? c->objs[k].type : "text"),
                 c->objs[k].type[0] ? c->objs[k].type : "text");
            pop(c, old);
            continue;
        }
        objs[e] = k;
    }
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(a, "key_map");
    if (!cJSON_IsObject(map) || objs[0] < 0 || objs[1] < 0)
        return;
    lr_tex_span spans[2][SPEC_MAX_TEX_PARTS];
    size_t n[2];
    const char *src[2];
    for (int e = 0; e < 2; e++) {
        const cJSON *tex = cJSON_GetObjectItemCaseSensitive(c->objs[objs[e]].json, "tex");
        src[e] = cJSON_IsString(tex) ? tex->valuestring : "";
        n[e] = spec_tex_parts(c->objs[objs[e]].json, c->version, spans[e], SPEC_MAX_TEX_PARTS);
        if (n[e] > SPEC_MAX_TEX_PARTS)
            return;
        if (n[e] == 0) {
            spans[e][0] = (lr_tex_span){0, strlen(src[e])};
            n[e] = 1;
        }
    }
    size_t old = push_key(c, "key_map");
    for (const cJSON *e = map->child; e; e = e->next) {
        if (!e->string[0] || !cJSON_IsString(e))
            continue; /* said by the field's check */
        size_t o2 = push_key(c, e->string);
        const char *want[2] = {e->string, e->valuestring};
        for (int side = 0; side < 2; side++) {
            size_t hit;
            if (spec_tex_parts_named(src[side], spans[side], n[side], want[side], &hit, 1) > 0)
                continue;
            char parts[600];
            list_tex_parts(src[side], spans[side], n[side], parts, sizeof parts);
            verr(c, "\"%.60s\" is not a part of \"%s\" (the %s); its parts are %s", want[side],
                 c->objs[objs[side]].id, side ? "formula \"to\"" : "target", parts);
        }
        pop(c, o2);
    }
    pop(c, old);
}

static void not_on_screen(vctx *c, int i)
{
    verr(c, "object \"%s\" is not on screen at this step (bring it in first with \"add\" or Create, Write, FadeIn, "
            "...)",
         c->objs[i].id);
}

/* A map moves object t and, when t is a plane or axes, what is drawn on it
 * (the builder's build_map_anim carries the same objects). */
static void note_map(vctx *c, int t, const char *anim)
{
    for (size_t i = 0; i < c->nobjs; i++) {
        vobj *o = &c->objs[i];
        bool carried = (int)i == t;
        if (!carried && o->json && c->objs[t].json &&
            (strcmp(c->objs[t].type, "axes") == 0 || strcmp(c->objs[t].type, "number_plane") == 0 ||
             strcmp(c->objs[t].type, "complex_plane") == 0 || strcmp(c->objs[t].type, "three_d_axes") == 0)) {
            const cJSON *on = cJSON_GetObjectItemCaseSensitive(o->json, "plane");
            const cJSON *ax = cJSON_GetObjectItemCaseSensitive(o->json, "axes");
            carried = (cJSON_IsString(on) && strcmp(on->valuestring, c->objs[t].id) == 0) ||
                      (cJSON_IsString(ax) && strcmp(ax->valuestring, c->objs[t].id) == 0);
        }
        if (!carried)
            continue;
        o->animated = o->moved = true;
        if (!o->mapped_by) {
            o->mapped_by = anim;
            snprintf(o->map_path, sizeof o->map_path, "%.159s", c->path);
        }
    }
}

/* Whether an animation moves or reshapes its target on screen: what a
 * mark of it follows. Bringing in and taking out do not; nor do the
 * effects drawn beside it. */
static bool moves_target(const vocab_anim *ad)
{
    static const char *const beside[] = {"ChangeColor", "Circumscribe", "Flash", "FocusOn"};
    if (ad->role != VR_ON && ad->role != VR_TRANSFORM && ad->role != VR_REPLACE)
        return false;
    for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++)
        if (strcmp(ad->name, beside[i]) == 0)
            return false;
    return true;
}

/* ChangeBarValues on chart t: a whole chart, with no more values than bars. */
static void check_change_bar_values(vctx *c, const cJSON *a, int t)
{
    vobj *o = &c->objs[t];
    size_t old = push_key(c, "target");
    if (strcmp(o->type, "bar_chart") != 0 || c->target_part) {
        if (c->target_part)
            verr(c, "ChangeBarValues changes the bars of a whole chart: target \"%s\"", o->id);
        else
            verr(c, "ChangeBarValues needs a bar_chart; \"%s\" is %s %s", o->id, article(o->type),
                 o->type[0] ? o->type : "text");
        pop(c, old);
        return;
    }
    pop(c, old);
    int bars = count_of(o->json, "values"), n = count_of(a, "values");
    if (bars > 0 && n > bars) {
        old = push_key(c, "values");
        verr(c, "the bar chart \"%s\" has %d bars, found %d values", o->id, bars, n);
        pop(c, old);
    }
    if (!o->held_by) {
        o->held_by = "ChangeBarValues";
        snprintf(o->held_path, sizeof o->held_path, "%.159s", c->path);
    }
}

/* A 3x3 matrix and an about point [x, y, z] map 3D objects only. */
static void check_matrix_3d(vctx *c, const cJSON *a, bool three)
{
    if (three)
        return;
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(a, "matrix");
    if (cJSON_GetArraySize(m) == 3) {
        size_t old = push_key(c, "matrix");
        verr(c, "a 3x3 matrix maps objects drawn in 3D (a section with a \"camera\"); a 2D object takes [[a, b], "
                "[c, d]]");
        pop(c, old);
    }
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(a, "about_point");
    if (cJSON_IsArray(p) && cJSON_GetArraySize(p) == 3) {
        size_t old = push_key(c, "about_point");
        verr(c, "[x, y, z] is for objects drawn in 3D (in a section with a \"camera\", not fixed in the frame)");
        pop(c, old);
    }
}

static void check_anim(vctx *c, const cJSON *a, int depth)
{
    if (!cJSON_IsObject(a)) {
        expected(c, a, "an animation {\"anim\": \"Create\", \"target\": ...}");
        return;
    }
    if (++c->anims_in_step == SPEC_MAX_ANIMS + 1)
        verr(c, "more than %d animations in one step", SPEC_MAX_ANIMS);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(a, "anim");
    size_t old = push_key(c, "anim");
    const vocab_anim *ad = NULL;
    if (!name) {
        pop(c, old);
        static const char *const aliases[] = {"type", "name", "animation"};
        for (size_t i = 0; i < 3; i++) {
            const cJSON *alias = cJSON_GetObjectItemCaseSensitive(a, aliases[i]);
            if (cJSON_IsString(alias)) {
                verr(c, "missing field \"anim\" (found \"%s\": \"%.40s\"; write \"anim\": \"%.40s\")", aliases[i],
                     alias->valuestring, alias->valuestring);
                return;
            }
        }
        verr(c, "missing field \"anim\" (the animation's name, such as \"Create\")");
        return;
    }
    if (!cJSON_IsString(name)) {
        expected(c, name, "an animation name (a string such as \"FadeIn\")");
        pop(c, old);
        return;
    }
    ad = vocab_find_anim(name->valuestring);
    if (ad && too_new(c, ad->since, "the animation"))
        ad = NULL;
    else if (!ad) {
        const char *names[64];
        size_t n = 0;
        for (size_t i = 0; i < vocab_anim_count && n < 64; i++)
            if (vocab_anims[i].since <= c->version)
                names[n++] = vocab_anims[i].name;
        unknown_name(c, "animation", name->valuestring, names, n);
    }
    if (!ad) {
        pop(c, old);
        return;
    }
    pop(c, old);

    bool targeted = vocab_role_targeted(ad->role);
    if (depth > 0 && cJSON_GetObjectItemCaseSensitive(a, "delay")) {
        size_t o2 = push_key(c, "delay");
        verr(c, "\"delay\" is for the animations of a play step; inside %s, put a Wait before the animation",
             "a composite");
        pop(c, o2);
    }
    char owner[64];
    snprintf(owner, sizeof owner, "%s", ad->name);
    check_fields(c, a, ad->fields, targeted ? vocab_anim_targeted.fields : vocab_anim_untargeted.fields, owner, depth,
                 -1);

    if (ad->role == VR_COMPOSITE) {
        const cJSON *list = cJSON_GetObjectItemCaseSensitive(a, "animations");
        if (!list)
            return;
        old = push_key(c, "animations");
        if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) < 1) {
            expected(c, list, "a non-empty array of animations");
        } else if (depth + 1 > SPEC_MAX_DEPTH) {
            verr(c, "animations nested more than %d deep", SPEC_MAX_DEPTH);
        } else {
            size_t i = 0;
            for (const cJSON *e = list->child; e; e = e->next, i++) {
                size_t o2 = push_index(c, i);
                check_anim(c, e, depth + 1);
                pop(c, o2);
            }
        }
        pop(c, old);
        return;
    }
    if (ad->role == VR_CAMERA) {
        bool turns = false;
        for (const cJSON *e = a->child; e; e = e->next) {
            if (!vocab_is_camera3d_field(e->string))
                continue;
            turns = true;
            size_t o2 = push_key(c, e->string);
            static const char *const order[5] = {"phi", "theta", "gamma", "zoom", "focal_distance"};
            int k = 0;
            while (k < 4 && strcmp(order[k], e->string) != 0)
                k++;
            if (!c->three_d)
                verr(c, "\"%s\" turns a 3D camera: give the section a \"camera\"", e->string);
            else if (c->camera_expr[k])
                verr(c, "the camera's %s is an expression; change what it reads (SetValue a value) instead", e->string);
            pop(c, o2);
        }
        if (turns && ++c->camera_moves_in_step == 2)
            verr(c, "a play step may hold one MoveCamera that turns the 3D camera");
        if (!turns && !cJSON_GetObjectItemCaseSensitive(a, "center") && !cJSON_GetObjectItemCaseSensitive(a, "height"))
            verr(c, "MoveCamera needs \"center\", \"height\" or both%s",
                 c->three_d ? " (or phi, theta, gamma, zoom, focal_distance)" : "");
        return;
    }
    if (ad->role == VR_PAUSE)
        return;
    if (strcmp(ad->name, "MoveTo") == 0) {
        int n = (cJSON_GetObjectItemCaseSensitive(a, "at") != NULL) +
                (cJSON_GetObjectItemCaseSensitive(a, "position") != NULL);
        if (n != 1)
            verr(c, "MoveTo needs exactly one of \"at\" and \"position\"");
    }

    const cJSON *target = cJSON_GetObjectItemCaseSensitive(a, "target");
    if (!target)
        return;
    old = push_key(c, "target");
    int t = check_target(c, target);
    if (t >= 0) {
        c->objs[t].animated = true;
        c->objs[t].moved |= moves_target(ad);
        if ((ad->role == VR_TRANSFORM || ad->role == VR_REPLACE) && !c->objs[t].morphed_by) {
            c->objs[t].morphed_by = ad->name;
            snprintf(c->objs[t].morph_path, sizeof c->objs[t].morph_path, "%.159s", c->path);
        }
    }
    if (t >= 0 && c->objs[t].id[0] && !vocab_moves_3d(ad->name) && holds_3d(c, t))
        verr(c, "%s works on 2D shapes; \"%s\" %s drawn in 3D (3D objects take Create, Uncreate, Write, "
                "DrawBorderThenFill, FadeIn, FadeOut, GrowFromCenter, GrowFromPoint, GrowArrow, SpinInFromNothing, "
                "Transform, ReplacementTransform, ChangeColor, MoveTo, Shift, Scale, Rotate, Rotating and "
                "ApplyMatrix for now)",
             ad->name, c->objs[t].id, c->objs[t].three_d ? "is" : "holds what is");
    else if (t >= 0 && c->objs[t].id[0] && strcmp(ad->name, "GrowArrow") == 0 && holds_3d(c, t) &&
             !type_in("arrow|vector", c->objs[t].type))
        verr(c, "GrowArrow grows a 3D arrow or vector from its start; \"%s\" is %s %s (use GrowFromCenter)",
             c->objs[t].id, article(c->objs[t].type), c->objs[t].type[0] ? c->objs[t].type : "group");
    bool is_value = t >= 0 && strcmp(c->objs[t].type, "value") == 0;
    if (t >= 0 && c->objs[t].id[0] && (is_value != (ad->role == VR_VALUE))) {
        if (is_value)
            verr(c, "\"%s\" is a value: it is never on screen; animate it with SetValue", c->objs[t].id);
        else
            verr(c, "%s needs a value object; \"%s\" is %s %s", ad->name, c->objs[t].id, article(c->objs[t].type),
                 c->objs[t].type[0] ? c->objs[t].type : "text");
    } else if (t >= 0 && c->objs[t].id[0] && c->target_part) {
        /* A part comes and goes with its object: it only needs it on
         * screen, whatever the animation does to the part. */
        if (!c->objs[t].on)
            not_on_screen(c, t);
    } else if (t >= 0 && c->objs[t].id[0]) {
        int parent = c->objs[t].parent;
        switch (ad->role) {
        case VR_INTRO:
            if (c->objs[t].on)
                verr(c, "object \"%s\" is already on screen; %s brings in an object that is not", c->objs[t].id,
                     ad->name);
            else if (parent >= 0 && !c->objs[parent].on)
                verr(c, "object \"%s\" is part of the group \"%s\", which is not on screen; bring in the group",
                     c->objs[t].id, c->objs[parent].id);
            else
                set_on(c, t, true);
            break;
        case VR_OUTRO:
            if (!c->objs[t].on)
                not_on_screen(c, t);
            else
                set_on(c, t, false);
            break;
        case VR_ON:
        case VR_TRANSFORM:
        case VR_REPLACE:
            if (!c->objs[t].on)
                not_on_screen(c, t);
            break;
        case VR_CAMERA:
        case VR_COMPOSITE:
        case VR_PAUSE:
        case VR_VALUE: break;
        }
        const cJSON *dv = c->objs[t].json ? cJSON_GetObjectItemCaseSensitive(c->objs[t].json, "value") : NULL;
        if (strcmp(ad->name, "ChangeDecimalToValue") == 0 && cJSON_IsString(dv))
            verr(c, "the decimal \"%s\" shows the expression \"%.60s\"; change what it reads (SetValue a value) "
                    "instead of the number",
                 c->objs[t].id, dv->valuestring);
        else if (strcmp(ad->name, "ChangeDecimalToValue") == 0 && strcmp(c->objs[t].type, "decimal") != 0)
            verr(c, "ChangeDecimalToValue needs a decimal object; \"%s\" is %s %s", c->objs[t].id,
                 article(c->objs[t].type), c->objs[t].type[0] ? c->objs[t].type : "text");
    }
    pop(c, old);
    if (t >= 0 && c->objs[t].id[0] && !c->target_part && vocab_is_map(ad->name)) {
        note_map(c, t, ad->name);
        /* A map is in the plane's coordinates: a log axis has none that an
         * affine frame can carry. */
        const cJSON *tj = c->objs[t].json;
        const cJSON *on = tj ? cJSON_GetObjectItemCaseSensitive(tj, "axes") : NULL;
        int f = cJSON_IsString(on) ? find_obj(c, on->valuestring) : t;
        const cJSON *fj = f >= 0 ? c->objs[f].json : NULL;
        if (fj && (strcmp(c->objs[f].type, "axes") == 0 || strcmp(c->objs[f].type, "number_line") == 0) &&
            (log_scaled(fj, 0) || log_scaled(fj, 1))) {
            old = push_key(c, "target");
            verr(c, "%s cannot map \"%s\": the axes \"%s\" are log-scaled, and a map works in linear coordinates",
                 ad->name, c->objs[t].id, c->objs[f].id);
            pop(c, old);
        }
    }
    if (t >= 0 && c->objs[t].id[0] && strcmp(ad->name, "ApplyMatrix") == 0)
        check_matrix_3d(c, a, holds_3d(c, t));
    if (t >= 0 && c->objs[t].id[0] && strcmp(ad->name, "ChangeBarValues") == 0)
        check_change_bar_values(c, a, t);

    if (ad->role == VR_TRANSFORM || ad->role == VR_REPLACE) {
        const cJSON *to = cJSON_GetObjectItemCaseSensitive(a, "to");
        if (to) {
            old = push_key(c, "to");
            int k = check_target(c, to);
            if (k >= 0 && c->objs[k].id[0] && t >= 0 && c->objs[t].id[0] && holds_3d(c, k) != holds_3d(c, t))
                verr(c, "\"%s\" %s drawn in 3D and \"%s\" %s: %s morphs 3D objects into 3D objects and 2D into 2D",
                     c->objs[t].id, holds_3d(c, t) ? "is" : "is not", c->objs[k].id, holds_3d(c, k) ? "is" : "is not",
                     ad->name);
            else if (k >= 0 && c->objs[k].id[0]) {
                if (k == t)
                    verr(c, "an object cannot be transformed into itself");
                else if (ad->role == VR_REPLACE && c->objs[k].on)
                    verr(c, "object \"%s\" is already on screen; %s brings it in in place of the target",
                         c->objs[k].id, ad->name);
                else if (ad->role == VR_REPLACE && c->objs[k].parent >= 0)
                    verr(c, "object \"%s\" is part of a group; %s needs a top-level object", c->objs[k].id,
                         ad->name);
                else if (ad->role == VR_REPLACE && t >= 0 && c->objs[t].on) {
                    set_on(c, t, false);
                    set_on(c, k, true);
                }
            }
            pop(c, old);
        }
    }
    if (strcmp(ad->name, "TransformMatchingTex") == 0)
        check_matching_tex(c, a);
    if (strcmp(ad->name, "MoveAlongPath") == 0) {
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(a, "path");
        if (path) {
            old = push_key(c, "path");
            int k = check_target(c, path);
            static const char *const not_paths[] = {"text", "tex", "decimal", "group", "image", "svg",
                                                    "axes", "number_plane", "complex_plane", "vector_field",
                                                    "stream_lines", "matrix", "bar_chart", "table",
                                                    "math_table", ""};
            if (k >= 0 && c->objs[k].id[0] && holds_3d(c, k))
                verr(c, "\"%s\" is drawn in 3D; MoveAlongPath follows a 2D curve", c->objs[k].id);
            for (size_t i = 0; k >= 0 && c->objs[k].id[0] && i < sizeof not_paths / sizeof not_paths[0]; i++)
                if (strcmp(c->objs[k].type, not_paths[i]) == 0) {
                    verr(c, "\"%s\" is %s %s, expected a curve (line, arc, circle, function_graph, ...)",
                         c->objs[k].id, article(c->objs[k].type), c->objs[k].type[0] ? c->objs[k].type : "text");
                    break;
                }
            pop(c, old);
        }
    }
}


static void check_line_index(vctx *c, const cJSON *v)
{
    if (c->nlines == 0) {
        verr(c, "the section has no lecture_lines to highlight");
        return;
    }
    if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble)) {
        expected(c, v, "a lecture line index (a whole number from 0)");
        return;
    }
    if (v->valuedouble < 0 || v->valuedouble >= (double)c->nlines)
        verr(c, "there is no lecture line %g: the section has %zu (indices 0..%zu)", v->valuedouble, c->nlines,
             c->nlines - 1);
}

/* Returns the step's duration in seconds. */
static double check_step(vctx *c, const cJSON *s)
{
    if (!cJSON_IsObject(s)) {
        expected(c, s, "a step such as {\"play\": [...]} or {\"wait\": 1}");
        return 0;
    }
    const char *step_kinds[8];
    size_t nsteps = vocab_step_count < 8 ? vocab_step_count : 8;
    for (size_t k = 0; k < nsteps; k++)
        step_kinds[k] = vocab_steps[k].key;
    int kind = -1, nkinds = 0;
    for (size_t k = 0; k < nsteps; k++)
        if (cJSON_GetObjectItemCaseSensitive(s, step_kinds[k])) {
            if (kind < 0)
                kind = (int)k;
            nkinds++;
        }
    if (nkinds != 1) {
        if (nkinds == 0) {
            /* Maybe a misspelt step kind: name it. */
            for (const cJSON *e = s->child; e; e = e->next) {
                const char *guess =
                    strlen(e->string) <= 64 ? closest(e->string, step_kinds, nsteps, sizeof step_kinds[0]) : NULL;
                if (guess) {
                    size_t old = push_key(c, e->string);
                    verr(c, "unknown field \"%.64s\" in a step (did you mean \"%s\"?)", e->string, guess);
                    pop(c, old);
                    return 0;
                }
            }
        }
        char list[200];
        size_t at = 0;
        for (size_t k = 0; k < nsteps; k++)
            at += (size_t)snprintf(list + at, sizeof list - at, "%s\"%s\"", k == 0 ? "" : ", ",
                                   step_kinds[k]);
        verr(c, "expected exactly one of %s, found %d", list, nkinds);
        return 0;
    }
    char owner[64];
    snprintf(owner, sizeof owner, "%s %s step", article(step_kinds[kind]), step_kinds[kind]);
    check_fields(c, s, vocab_steps[kind].fields, NULL, owner, 0, -1);

    const cJSON *line = cJSON_GetObjectItemCaseSensitive(s, "line");
    if (line) {
        size_t old = push_key(c, "line");
        check_line_index(c, line);
        pop(c, old);
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, step_kinds[kind]);
    size_t old = push_key(c, step_kinds[kind]);
    double duration = 0;
    switch (kind) {
    case 0: {
        if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1) {
            expected(c, v, "a non-empty array of animations");
        } else {
            c->anims_in_step = 0;
            c->camera_moves_in_step = 0;
            size_t i = 0;
            for (const cJSON *e = v->child; e; e = e->next, i++) {
                size_t o2 = push_index(c, i);
                check_anim(c, e, 0);
                pop(c, o2);
            }
        }
        pop(c, old);
        duration = spec_step_seconds(s);
        bool own_timing = spec_anims_set_run_time(v);
        for (const cJSON *e = cJSON_IsArray(v) ? v->child : NULL; e && !own_timing; e = e->next)
            own_timing = cJSON_GetObjectItemCaseSensitive(e, "delay") != NULL;
        if (duration > SPEC_MAX_RUN_TIME && own_timing) {
            verr(c, "the step lasts %g s (its animations' delays and run times), longer than the %g s a step may last",
                 duration, SPEC_MAX_RUN_TIME);
            duration = SPEC_MAX_RUN_TIME;
        }
        return duration;
    }
    case 1: /* checked with the step's fields */
        if (cJSON_IsNumber(v) && v->valuedouble > 0 && v->valuedouble <= SPEC_MAX_RUN_TIME)
            duration = v->valuedouble;
        break;
    case 2: check_line_index(c, v); break;
    case 5: {
        const char *about = "theta";
        const cJSON *ab = cJSON_GetObjectItemCaseSensitive(s, "about");
        if (cJSON_IsString(ab))
            about = ab->valuestring;
        int k = strcmp(about, "phi") == 0 ? 0 : strcmp(about, "gamma") == 0 ? 2 : 1;
        if (!c->three_d)
            verr(c, "ambient_rotation turns a 3D camera: give the section a \"camera\"");
        else if (c->camera_expr[k])
            verr(c, "the camera's %s is an expression; ambient_rotation cannot turn it too", about);
        break;
    }
    case 3:
    case 4: {
        if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) < 1) {
            expected(c, v, "a non-empty array of object ids");
            break;
        }
        size_t i = 0;
        for (const cJSON *e = v->child; e; e = e->next, i++) {
            size_t o2 = push_index(c, i);
            int t = check_target(c, e);
            if (t >= 0 && c->objs[t].id[0]) {
                int parent = c->objs[t].parent;
                if (strcmp(c->objs[t].type, "value") == 0)
                    verr(c, "\"%s\" is a value: it is never on screen", c->objs[t].id);
                else if (kind == 4 && !c->objs[t].on)
                    not_on_screen(c, t);
                else if (kind == 3 && parent >= 0 && !c->objs[parent].on)
                    verr(c, "object \"%s\" is part of the group \"%s\", which is not on screen; add the group",
                         c->objs[t].id, c->objs[parent].id);
                else
                    set_on(c, t, kind == 3);
            }
            pop(c, o2);
        }
        break;
    }
    }
    pop(c, old);
    return duration;
}

/* ---- sections and the document -------------------------------------------------- */

/* Which objects are rebuilt per frame (version 2): those whose own
 * expressions read time or a value, and those that read something that
 * changes: an object rebuilt per frame (or a group holding one), or, through
 * an expression or an angle's lines, one that an animation moves, or, as a
 * mark's target, one that an animation moves on screen (or a child of it). A shape
 * built once follows when only its placement changes (SN_FOLLOWS). Deps
 * always come earlier, so one pass in order settles it. */
/* An error found after the timeline, at a path noted while checking. */
static void verr_at(vctx *c, const char *path, const char *msg)
{
    char here[sizeof c->path];
    memcpy(here, c->path, sizeof here);
    size_t len = c->plen;
    snprintf(c->path, sizeof c->path, "%s", path);
    c->plen = strlen(c->path);
    verr(c, "%s", msg);
    memcpy(c->path, here, sizeof here);
    c->plen = len;
}

/* A map (ApplyMatrix, ...) bakes its image into the shapes it moves, once,
 * as it begins: what is rebuilt at every frame would lose it, and what
 * reads a plane's coordinates (c2p) would not see it. */
static void check_maps_move_fixed(vctx *c, const bool *holds_dynamic)
{
    char msg[600];
    for (size_t i = 0; i < c->nobjs; i++) {
        const vobj *o = &c->objs[i];
        if (o->mapped_by && (o->dynamic || holds_dynamic[i])) {
            snprintf(msg, sizeof msg,
                     "%s moves \"%s\", which %s rebuilt at every frame from what changes (time, a value or an object "
                     "that moves); a map moves shapes that stay as built: give it fixed points, or drive the plane "
                     "by a \"matrix\" of expressions instead",
                     o->mapped_by, o->id, o->dynamic ? "is" : "holds an object");
            verr_at(c, o->map_path, msg);
        }
        if (o->morphed_by && (o->dynamic || holds_dynamic[i])) {
            snprintf(msg, sizeof msg,
                     "%s morphs \"%s\", which %s rebuilt at every frame from what changes (time, a value, or an "
                     "object it reads or marks that an animation moves); a morph works on a shape that stays as "
                     "built: take it out and bring the other in instead (FadeOut, then Create or FadeIn)",
                     o->morphed_by, o->id, o->dynamic ? "is" : "holds an object");
            verr_at(c, o->morph_path, msg);
        }
        for (int d = 0; o->dynamic && d < o->ndeps && d < VOBJ_MAX_DEPS; d++) {
            const vobj *p = &c->objs[o->deps[d]];
            const cJSON *in = o->json ? cJSON_GetObjectItemCaseSensitive(o->json, "in") : NULL;
            if ((o->dep_flags[d] & DEP_C2P) && p->mapped_by && cJSON_IsString(in) && strcmp(in->valuestring, p->id) == 0) {
                snprintf(msg, sizeof msg,
                         "\"%s\" has its points in the coordinates of \"%s\" (\"in\"), but %s moves \"%s\" (%s) and "
                         "points given so do not follow it; draw \"%s\" on the plane instead (\"plane\": \"%s\")",
                         o->id, p->id, p->mapped_by, p->id, p->map_path, o->id, p->id);
                verr_at(c, o->path, msg);
            } else if ((o->dep_flags[d] & DEP_C2P) && p->mapped_by) {
                snprintf(msg, sizeof msg,
                         "\"%s\" reads %s.c2p, but %s moves \"%s\" (%s) and coordinates read with c2p do not follow "
                         "it; draw \"%s\" on the plane instead (\"plane\": \"%s\") with its points in the plane's "
                         "coordinates",
                         o->id, p->id, p->mapped_by, p->id, p->map_path, o->id, p->id);
                verr_at(c, o->path, msg);
            }
        }
    }
}

/* Parts as targets and ChangeBarValues hold the mobjects of an object as
 * built: what is rebuilt at every frame has new ones at each. */
static void check_held_built(vctx *c)
{
    char msg[600];
    for (size_t i = 0; i < c->nobjs; i++) {
        const vobj *o = &c->objs[i];
        if (!o->held_by || !o->dynamic)
            continue;
        if (strcmp(o->held_by, "ChangeBarValues") == 0)
            snprintf(msg, sizeof msg,
                     "ChangeBarValues moves the bars of \"%s\", which is rebuilt at every frame from what changes "
                     "(its values read time or a value, or it follows an object that moves): change what its values "
                     "read instead (SetValue), or give the chart numbers",
                     o->id);
        else
            snprintf(msg, sizeof msg,
                     "\"%.80s\" is a part of \"%s\", which is rebuilt at every frame from what changes (time, a "
                     "value or an object that moves): only the parts of an object built once can be animated; "
                     "animate \"%s\" as a whole",
                     o->held_by, o->id, o->id);
        verr_at(c, o->held_path, msg);
    }
}

static void settle_dynamics(vctx *c, spec_section *out)
{
    bool animated[sizeof c->objs / sizeof c->objs[0]], holds_dynamic[sizeof c->objs / sizeof c->objs[0]];
    bool moved[sizeof c->objs / sizeof c->objs[0]];
    for (size_t i = 0; i < c->nobjs; i++) {
        animated[i] = moved[i] = false;
        for (int p = (int)i; p >= 0; p = c->objs[p].parent) {
            animated[i] |= c->objs[p].animated;
            moved[i] |= c->objs[p].moved;
        }
        holds_dynamic[i] = false;
    }
    /* A group's box follows a child that moves, too. */
    for (size_t i = 0; i < c->nobjs; i++)
        for (int p = c->objs[i].moved ? c->objs[i].parent : -1; p >= 0; p = c->objs[p].parent)
            moved[p] = true;
    for (size_t i = 0; i < c->nobjs; i++) {
        vobj *o = &c->objs[i];
        bool dynamic = o->changes_itself, shape = o->shape_changes;
        if (strcmp(o->type, "traced_path") == 0)
            dynamic = shape = true;
        for (int d = 0; d < o->ndeps && d < VOBJ_MAX_DEPS; d++) {
            int j = o->deps[d];
            bool moves = c->objs[j].dynamic || holds_dynamic[j] || ((o->dep_flags[d] & DEP_QUERY) && animated[j]) ||
                         ((o->dep_flags[d] & DEP_MOVES) && moved[j]);
            if (moves) {
                dynamic = true;
                shape |= (o->dep_flags[d] & DEP_SHAPE) != 0;
            }
        }
        if (dynamic && strcmp(o->type, "group") == 0) {
            /* Its children are other objects: a group is not rebuilt. */
            char msg[300];
            snprintf(msg, sizeof msg, "the group \"%s\" is placed by what changes (an expression or an object that "
                                      "moves); give the expressions to its children instead",
                     o->id);
            verr_at(c, o->path, msg);
            dynamic = false;
        }
        o->dynamic = dynamic;
        o->follows = dynamic && !shape;
        for (int p = o->parent; dynamic && p >= 0; p = c->objs[p].parent)
            holds_dynamic[p] = true;
        out->dynamic |= dynamic;
    }
    check_maps_move_fixed(c, holds_dynamic);
    check_held_built(c);
    out->names = calloc(c->nobjs ? c->nobjs : 1, sizeof *out->names);
    if (!out->names) {
        verr(c, "out of memory");
        return;
    }
    out->nnames = c->nobjs;
    out->nvalues = c->nvalues;
    for (size_t i = 0; i < c->nobjs; i++) {
        const vobj *o = &c->objs[i];
        out->names[i] = (spec_name){o->id, o->type, o->json, o->value,
                                    (o->dynamic ? SN_DYNAMIC : 0u) | (o->follows ? SN_FOLLOWS : 0u)};
    }
}

static void check_section(vctx *c, const cJSON *s, spec_section *out)
{
    memset(out, 0, sizeof *out);
    out->json = s;
    c->sec = out;
    c->nvalues = 0;
    c->cur = -1;
    c->cur_id = NULL;
    c->cur_layout = false;
    if (!cJSON_IsObject(s)) {
        expected(c, s, "a section {\"id\", \"title\", \"lecture_lines\", \"objects\", \"timeline\"}");
        return;
    }
    check_fields(c, s, vocab_section.fields, NULL, vocab_section.name, 0, -1);
    const cJSON *camera = c->version >= 2 ? cJSON_GetObjectItemCaseSensitive(s, "camera") : NULL;
    c->three_d = camera != NULL;
    memset(c->camera_expr, 0, sizeof c->camera_expr);
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
    if (id) {
        size_t old = push_key(c, "id");
        if (check_string(c, id, SPEC_MAX_ID, false)) {
            if (!valid_id_syntax(id->valuestring))
                verr(c, "\"%s\" is not a valid id (expected a letter or \"_\", then letters, digits, \"_\" or \"-\")",
                     id->valuestring);
            else
                out->id = id->valuestring;
        }
        pop(c, old);
    }
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(s, "title");
    if (cJSON_IsString(title))
        out->title = title->valuestring;

    c->nobjs = 0;
    c->too_many_objects = false;
    c->objs[c->nobjs++] = (vobj){.id = "title", .type = "text", .parent = -1, .on = true, .reserved = true, .value = -1};
    static const char *const line_ids[LR_LAYOUT_MAX_LINES] = {"line0", "line1", "line2",
                                                              "line3", "line4", "line5"};
    const cJSON *lines = cJSON_GetObjectItemCaseSensitive(s, "lecture_lines");
    c->nlines = 0;
    if (lines) {
        size_t old = push_key(c, "lecture_lines");
        if (!cJSON_IsArray(lines)) {
            expected(c, lines, "an array of short strings (or {\"text\", \"narration\"} objects)");
        } else if (cJSON_GetArraySize(lines) > LR_LAYOUT_MAX_LINES) {
            verr(c, "%d lecture lines, more than the %d that fit the layout", cJSON_GetArraySize(lines),
                 LR_LAYOUT_MAX_LINES);
        } else {
            size_t i = 0;
            for (const cJSON *e = lines->child; e; e = e->next, i++) {
                size_t o2 = push_index(c, i);
                spec_line *l = &out->lines[i];
                if (cJSON_IsString(e)) {
                    if (check_string(c, e, SPEC_MAX_LINE, false))
                        l->text = e->valuestring;
                } else if (cJSON_IsObject(e)) {
                    check_fields(c, e, vocab_lecture_line.fields, NULL, vocab_lecture_line.name, 0, -1);
                    const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "text");
                    const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "narration");
                    l->text = cJSON_IsString(t) ? t->valuestring : "";
                    l->narration = cJSON_IsString(n) ? n->valuestring : NULL;
                } else {
                    expected(c, e, "a string or {\"text\": ..., \"narration\": ...}");
                }
                if (!l->text)
                    l->text = "";
                c->objs[c->nobjs++] =
                    (vobj){.id = line_ids[i], .type = "text", .parent = -1, .on = true, .reserved = true, .value = -1};
                pop(c, o2);
            }
            c->nlines = i;
            out->nlines = i;
        }
        pop(c, old);
    }
    c->nreserved = c->nobjs;

    const cJSON *objects = cJSON_GetObjectItemCaseSensitive(s, "objects");
    c->objects = objects;
    c->in_objects = true;
    if (objects) {
        size_t old = push_key(c, "objects");
        if (!cJSON_IsArray(objects)) {
            expected(c, objects, "an array of objects");
        } else {
            size_t i = 0;
            for (const cJSON *e = objects->child; e && !c->too_many_objects; e = e->next, i++) {
                size_t o2 = push_index(c, i);
                check_object(c, e, 0, -1);
                pop(c, o2);
            }
        }
        pop(c, old);
    }

    c->in_objects = false;
    if (camera) {
        /* After the objects: its expressions may read their values. */
        size_t old = push_key(c, "camera");
        check_field(c, camera, vocab_find_field(vocab_section.fields, "camera"), 0, -1);
        static const char *const angles[5] = {"phi", "theta", "gamma", "zoom", "focal_distance"};
        for (int k = 0; k < 5 && cJSON_IsObject(camera); k++)
            c->camera_expr[k] = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(camera, angles[k]));
        pop(c, old);
    }
    if (c->nobjs > c->nreserved) {
        out->objects = calloc(c->nobjs - c->nreserved, sizeof *out->objects);
        for (size_t i = c->nreserved; out->objects && i < c->nobjs; i++) {
            if (!c->objs[i].id[0] || c->objs[i].value >= 0)
                continue; /* a value is never drawn */
            out->objects[out->nobjects++] =
                (spec_object){c->objs[i].id, c->objs[i].type, c->objs[i].parent < 0, attached_axes(c, i)};
        }
    }
    const cJSON *timeline = cJSON_GetObjectItemCaseSensitive(s, "timeline");
    if (timeline) {
        size_t old = push_key(c, "timeline");
        if (!cJSON_IsArray(timeline) || cJSON_GetArraySize(timeline) < 1) {
            expected(c, timeline, "a non-empty array of steps");
        } else if (cJSON_GetArraySize(timeline) > SPEC_MAX_STEPS) {
            verr(c, "%d steps, more than the limit of %d", cJSON_GetArraySize(timeline), SPEC_MAX_STEPS);
        } else {
            double total = 0;
            size_t i = 0;
            for (const cJSON *e = timeline->child; e; e = e->next, i++) {
                size_t o2 = push_index(c, i);
                total += check_step(c, e);
                pop(c, o2);
            }
            out->duration = total;
            settle_dynamics(c, out);
            if (total > SPEC_MAX_SECTION_TIME)
                verr(c, "the section lasts %g s, more than the limit of %g s", total, SPEC_MAX_SECTION_TIME);
            else if (total <= 0)
                verr(c, "the section lasts 0 s; add a play or wait step");
        }
        pop(c, old);
    }
}

/* The index of a valid enum value, or -1. */
static int enum_index(const cJSON *v, const vocab_enum *en)
{
    for (size_t i = 0; cJSON_IsString(v) && i < en->count; i++)
        if (strcmp(v->valuestring, en->values[i]) == 0)
            return (int)i;
    return -1;
}

static void check_meta(vctx *c, const cJSON *m)
{
    lr_spec_meta *meta = &c->spec->meta;
    meta->title = "";
    meta->orientation = LR_LANDSCAPE;
    meta->background = lr_rgba(0, 0, 0, 1);
    int quality = SPEC_Q_M;
    if (!m)
        goto sizes;
    /* Its fields were checked with the document's: here they are read. */
    if (!cJSON_IsObject(m))
        goto sizes;
    size_t old = push_key(c, "meta");
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(m, "title")) && cJSON_IsString(v))
        meta->title = v->valuestring;
    /* Checked with the other fields: only read here. */
    if (enum_index(cJSON_GetObjectItemCaseSensitive(m, "orientation"), &vocab_orientations) == 1)
        meta->orientation = LR_PORTRAIT;
    int q = enum_index(cJSON_GetObjectItemCaseSensitive(m, "quality"), &vocab_qualities);
    if (q >= 0)
        quality = q;
    if ((v = cJSON_GetObjectItemCaseSensitive(m, "background")) && cJSON_IsString(v))
        lr_color_parse(v->valuestring, &meta->background);
    pop(c, old);
sizes:;
    static const int sizes[4][3] = {{854, 480, 15}, {1280, 720, 30}, {1920, 1080, 60}, {3840, 2160, 60}};
    meta->width = sizes[quality][0];
    meta->height = sizes[quality][1];
    meta->fps = sizes[quality][2];
    if (meta->orientation == LR_PORTRAIT) {
        int t = meta->width;
        meta->width = meta->height;
        meta->height = t;
    }
    if (!cJSON_IsObject(m))
        return;
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(m, "width");
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(m, "height");
    const cJSON *fps = cJSON_GetObjectItemCaseSensitive(m, "fps");
    if (cJSON_IsNumber(fps) && fps->valuedouble >= 1 && fps->valuedouble <= 120)
        meta->fps = (int)fps->valuedouble;
    if ((w != NULL) != (h != NULL)) {
        old = push_key(c, "meta");
        verr(c, "\"width\" and \"height\" go together: give both or neither");
        pop(c, old);
    } else if (cJSON_IsNumber(w) && cJSON_IsNumber(h) && w->valuedouble >= 16 && h->valuedouble >= 16 &&
               w->valuedouble <= 7680 && h->valuedouble <= 7680) {
        int wi = (int)w->valuedouble, hi = (int)h->valuedouble;
        old = push_key(c, "meta");
        if ((wi & 1) || (hi & 1))
            verr(c, "width and height must be even (video encoders need it), found %dx%d", wi, hi);
        else if ((meta->orientation == LR_PORTRAIT) != (hi > wi))
            verr(c, "%dx%d does not match the %s orientation", wi, hi, vocab_orientations.values[meta->orientation]);
        meta->width = wi;
        meta->height = hi;
        pop(c, old);
    }
}

size_t spec_validate(lr_spec *spec, lr_spec_errors *errs)
{
    size_t before = lr_spec_errors_count(errs);
    vctx *c = calloc(1, sizeof *c);
    if (!c) {
        spec_errors_add(errs, spec->name, "", "out of memory");
        return 1;
    }
    c->spec = spec;
    c->errs = errs;
    c->name = spec->name;
    const cJSON *root = spec->root;
    if (!cJSON_IsObject(root)) {
        expected(c, root, "a JSON object {\"version\": 1, \"meta\": ..., \"sections\": [...]}");
        free(c);
        return lr_spec_errors_count(errs) - before;
    }
    const cJSON *version = cJSON_GetObjectItemCaseSensitive(root, "version");
    bool good_version = cJSON_IsNumber(version) && version->valuedouble == floor(version->valuedouble) &&
                        version->valuedouble >= 1 && version->valuedouble <= SPEC_VERSION_MAX;
    /* A document of no known version is checked against the newest. */
    c->version = good_version ? (int)version->valuedouble : SPEC_VERSION_MAX;
    check_fields(c, root, vocab_document.fields, NULL, vocab_document.name, 0, -1);
    if (version && !good_version) {
        size_t old = push_key(c, "version");
        char want[64];
        if (SPEC_VERSION_MAX == 1)
            snprintf(want, sizeof want, "1 (the only version of the spec)");
        else
            snprintf(want, sizeof want, "a version of the spec, 1 to %d", SPEC_VERSION_MAX);
        expected(c, version, want);
        pop(c, old);
    }
    check_meta(c, cJSON_GetObjectItemCaseSensitive(root, "meta"));
    c->orientation = spec->meta.orientation;

    const cJSON *sections = cJSON_GetObjectItemCaseSensitive(root, "sections");
    if (sections) {
        size_t old = push_key(c, "sections");
        int n = cJSON_IsArray(sections) ? cJSON_GetArraySize(sections) : -1;
        if (n < 1) {
            expected(c, sections, "a non-empty array of sections");
        } else if (n > SPEC_MAX_SECTIONS) {
            verr(c, "%d sections, more than the limit of %d", n, SPEC_MAX_SECTIONS);
        } else {
            spec->sections = calloc((size_t)n, sizeof *spec->sections);
            if (!spec->sections) {
                verr(c, "out of memory");
            } else {
                spec->nsections = (size_t)n;
                size_t i = 0;
                for (const cJSON *e = sections->child; e; e = e->next, i++) {
                    size_t o2 = push_index(c, i);
                    check_section(c, e, &spec->sections[i]);
                    for (size_t k = 0; k < i && spec->sections[i].id; k++)
                        if (spec->sections[k].id && strcmp(spec->sections[k].id, spec->sections[i].id) == 0) {
                            size_t o3 = push_key(c, "id");
                            verr(c, "duplicate section id \"%s\" (also sections[%zu])", spec->sections[i].id, k);
                            pop(c, o3);
                            break;
                        }
                    pop(c, o2);
                }
            }
        }
        pop(c, old);
    }
    free(c);
    return lr_spec_errors_count(errs) - before;
}
