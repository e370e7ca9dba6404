/* The JSON Schema (draft 2020-12) of the scene spec, generated from the
 * vocabulary (vocab.c), so that it says exactly what the validator checks
 * field by field. What a schema cannot say (references to earlier objects,
 * what is on screen at a step, durations summed over a section) stays the
 * validator's alone; docs/scene-spec.md says which is which. */
#include "spec/spec_internal.h"
#include "spec/vocab.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- building blocks ---- */

typedef struct schema_ctx {
    bool ok; /* false once an allocation failed */
} schema_ctx;

static cJSON *add(schema_ctx *s, cJSON *parent, const char *key, cJSON *item)
{
    if (!item || !parent || !(key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item))) {
        cJSON_Delete(item);
        s->ok = false;
        return NULL;
    }
    return item;
}

static cJSON *obj(schema_ctx *s, cJSON *parent, const char *key)
{
    return add(s, parent, key, cJSON_CreateObject());
}

static void str(schema_ctx *s, cJSON *parent, const char *key, const char *value)
{
    add(s, parent, key, cJSON_CreateString(value));
}

static void num(schema_ctx *s, cJSON *parent, const char *key, double value)
{
    add(s, parent, key, cJSON_CreateNumber(value));
}

static cJSON *ref(schema_ctx *s, cJSON *parent, const char *key, const char *def)
{
    cJSON *o = obj(s, parent, key);
    char buf[96];
    snprintf(buf, sizeof buf, "#/$defs/%s", def);
    str(s, o, "$ref", buf);
    return o;
}

static cJSON *typed(schema_ctx *s, cJSON *parent, const char *key, const char *type)
{
    cJSON *o = obj(s, parent, key);
    str(s, o, "type", type);
    return o;
}

static void enum_of(schema_ctx *s, cJSON *o, const char *const *values, size_t n)
{
    cJSON *e = add(s, o, "enum", cJSON_CreateArray());
    for (size_t i = 0; e && i < n; i++)
        add(s, e, NULL, cJSON_CreateString(values[i]));
}

static cJSON *array_of(schema_ctx *s, cJSON *parent, const char *key, const char *item_def, int min_items,
                       int max_items)
{
    cJSON *a = typed(s, parent, key, "array");
    if (item_def)
        ref(s, a, "items", item_def);
    if (min_items > 0)
        num(s, a, "minItems", min_items);
    if (max_items > 0)
        num(s, a, "maxItems", max_items);
    return a;
}

/* "[Ww][Hh][Ii][Tt][Ee]": a case-insensitive literal, since the schema's
 * regular expressions have no flags. */
static size_t append_caseless(char *buf, size_t at, size_t size, const char *word)
{
    for (const char *p = word; *p && at + 5 < size; p++) {
        if (isalpha((unsigned char)*p))
            at += (size_t)snprintf(buf + at, size - at, "[%c%c]", toupper((unsigned char)*p),
                                   tolower((unsigned char)*p));
        else
            buf[at++] = *p;
    }
    buf[at] = 0;
    return at;
}

static void color_def(schema_ctx *s, cJSON *defs)
{
    cJSON *c = typed(s, defs, "color", "string");
    str(s, c, "description", "a Manim colour name (BLUE, YELLOW_C, GREY_B, ...; any case) or #rgb, #rgba, "
                             "#rrggbb, #rrggbbaa");
    num(s, c, "maxLength", 32);
    size_t size = 16384;
    char *pat = malloc(size);
    if (!pat) {
        s->ok = false;
        return;
    }
    size_t at = (size_t)snprintf(pat, size, "^(#([0-9A-Fa-f]{3,4}|[0-9A-Fa-f]{6}|[0-9A-Fa-f]{8})|");
    static const char *const extra[] = {"none", "transparent"};
    for (size_t i = 0; i < 2; i++) {
        at = append_caseless(pat, at, size, extra[i]);
        pat[at++] = '|';
    }
    for (size_t i = 0; lr_color_name(i); i++) {
        at = append_caseless(pat, at, size, lr_color_name(i));
        pat[at++] = lr_color_name(i + 1) ? '|' : ')';
    }
    snprintf(pat + at, size - at, "$");
    str(s, c, "pattern", pat);
    free(pat);
}

/* The shared definitions every field kind refers to. */
static void base_defs(schema_ctx *s, cJSON *defs)
{
    cJSON *any;
    cJSON *d = typed(s, defs, "id", "string");
    str(s, d, "description", "a letter or _, then letters, digits, _ or -");
    str(s, d, "pattern", "^[A-Za-z_][A-Za-z0-9_-]*$");
    num(s, d, "maxLength", SPEC_MAX_ID);

    d = typed(s, defs, "target", "string");
    str(s, d, "description",
        "an object id, or one of its parts: \"m.row(1)\", \"m.entry(0, 1)\", \"eq.part(0)\", \"eq.part(a^2)\", "
        "\"g.vertex(A)\", \"g.edge(1, 2)\"");
    str(s, d, "pattern",
        "^[A-Za-z_][A-Za-z0-9_-]*(\\.[a-z_]+(\\( *[0-9]+ *(, *[0-9]+ *)?\\))?|\\.(part|vertex|edge)\\(.+\\))?$");
    num(s, d, "maxLength", SPEC_MAX_ID + 10 + VOCAB_PART_TEX_MAX);

    /* A graph's vertex (version 2): spec_vertex_of's rule. */
    d = obj(s, defs, "vertex");
    str(s, d, "description", "a graph's vertex: a whole number, or a string without , ( ) [ ] \" ' or spaces at "
                             "either end");
    any = add(s, d, "anyOf", cJSON_CreateArray());
    cJSON *whole = typed(s, any, NULL, "integer");
    num(s, whole, "minimum", -1e6);
    num(s, whole, "maximum", 1e6);
    cJSON *named = typed(s, any, NULL, "string");
    num(s, named, "minLength", 1);
    num(s, named, "maxLength", GRAPH_MAX_NAME);
    str(s, named, "pattern", "^[^ ,()\\[\\]\"'\\x00-\\x1f]([^,()\\[\\]\"'\\x00-\\x1f]*[^ ,()\\[\\]\"'\\x00-\\x1f])?$");

    d = typed(s, defs, "coordinate", "number");
    num(s, d, "minimum", -SPEC_MAX_COORD);
    num(s, d, "maximum", SPEC_MAX_COORD);

    d = array_of(s, defs, "point", "coordinate", 2, 2);
    str(s, d, "description", "[x, y] in frame coordinates");
    d = array_of(s, defs, "point3", "coordinate", 2, 3);
    str(s, d, "description", "[x, y] or [x, y, z] (z: where the object is drawn in 3D)");

    typed(s, defs, "number", "number");

    /* Version 2: where a number is taken, an expression may be. */
    d = obj(s, defs, "dyn_number");
    any = add(s, d, "anyOf", cJSON_CreateArray());
    typed(s, any, NULL, "number");
    ref(s, any, NULL, "expression");
    d = obj(s, defs, "dyn_point");
    str(s, d, "description", "[x, y] whose items may be expressions, or one expression giving a point");
    any = add(s, d, "anyOf", cJSON_CreateArray());
    cJSON *pair = typed(s, any, NULL, "array");
    cJSON *item = add(s, obj(s, pair, "items"), "anyOf", cJSON_CreateArray());
    ref(s, item, NULL, "coordinate");
    ref(s, item, NULL, "expression");
    num(s, pair, "minItems", 2);
    num(s, pair, "maxItems", 2);
    ref(s, any, NULL, "expression");
    d = obj(s, defs, "dyn_point3");
    str(s, d, "description", "[x, y] or [x, y, z] whose items may be expressions, or one expression giving [x, y]");
    any = add(s, d, "anyOf", cJSON_CreateArray());
    pair = typed(s, any, NULL, "array");
    item = add(s, obj(s, pair, "items"), "anyOf", cJSON_CreateArray());
    ref(s, item, NULL, "coordinate");
    ref(s, item, NULL, "expression");
    num(s, pair, "minItems", 2);
    num(s, pair, "maxItems", 3);
    ref(s, any, NULL, "expression");

    d = typed(s, defs, "range", "array");
    str(s, d, "description", "[min, max] or [min, max, step]");
    cJSON *items = typed(s, d, "items", "number");
    num(s, items, "minimum", -1e6);
    num(s, items, "maximum", 1e6);
    num(s, d, "minItems", 2);
    num(s, d, "maxItems", 3);

    d = typed(s, defs, "dyn_range", "array");
    str(s, d, "description", "[min, max] or [min, max, step]; items may be expressions");
    items = add(s, obj(s, d, "items"), "anyOf", cJSON_CreateArray());
    cJSON *bound = typed(s, items, NULL, "number");
    num(s, bound, "minimum", -1e6);
    num(s, bound, "maximum", 1e6);
    ref(s, items, NULL, "expression");
    num(s, d, "minItems", 2);
    num(s, d, "maxItems", 3);

    d = typed(s, defs, "anchor", "string");
    str(s, d, "description", "a cell of the grid: rows A-F top to bottom, columns 1-6 left to right");
    str(s, d, "pattern", "^[A-Fa-f][1-6]$");

    d = typed(s, defs, "expression", "string");
    num(s, d, "minLength", 1);
    num(s, d, "maxLength", LR_EXPR_MAX_LENGTH);

    d = typed(s, defs, "asset", "string");
    str(s, d, "description", "a path relative to the asset folder: no absolute path, \"..\" or backslash");
    num(s, d, "minLength", 1);
    num(s, d, "maxLength", SPEC_MAX_PATH);
    str(s, d, "pattern", "^(?![/~])(?!.*[:\\\\])(?!(.*/)?\\.\\.(/|$)).+$");

    color_def(s, defs);
}

/* ---- fields ---- */

static void field_schema(schema_ctx *s, cJSON *props, const vocab_field *f);

/* An object with the fields of `a`, then of `b` (common fields, written
 * once as $defs "<b_key>.<field>" and referred to). */
static void struct_schema(schema_ctx *s, cJSON *o, const vocab_field *a, const vocab_field *b, const char *b_key,
                          bool placed)
{
    str(s, o, "type", "object");
    cJSON *props = obj(s, o, "properties");
    cJSON *req = cJSON_CreateArray();
    for (int pass = 0; pass < 2; pass++)
        for (const vocab_field *f = pass ? b : a; f && f->name; f++) {
            if (pass == 1 && !placed && vocab_is_placement(f->name))
                continue; /* a type's own "plane" (i_hat's) stays */
            if (pass == 1 && vocab_find_field(a, f->name))
                continue; /* a type's own field wins over a common one */
            if (pass == 1 && b_key) {
                char def[96];
                snprintf(def, sizeof def, "%s.%s", b_key, f->name);
                ref(s, props, f->name, def);
            } else {
                field_schema(s, props, f);
            }
            if (f->flags & VF_REQUIRED)
                add(s, req, NULL, cJSON_CreateString(f->name));
        }
    if (cJSON_GetArraySize(req) > 0)
        add(s, o, "required", req);
    else
        cJSON_Delete(req);
    add(s, o, "additionalProperties", cJSON_CreateFalse());
}

/* The $defs "<key>.<field>" of struct_schema's common fields. */
static void common_defs(schema_ctx *s, cJSON *defs, const vocab_struct *st)
{
    for (const vocab_field *f = st->fields; f->name; f++) {
        char def[96];
        snprintf(def, sizeof def, "%s.%s", st->key, f->name);
        cJSON *holder = cJSON_CreateObject();
        field_schema(s, holder, f);
        cJSON *one = cJSON_DetachItemFromObjectCaseSensitive(holder, f->name);
        cJSON_Delete(holder);
        add(s, defs, def, one);
    }
}

static void number_bounds(schema_ctx *s, cJSON *o, const vocab_field *f)
{
    num(s, o, (f->flags & VF_EXCL_MIN) ? "exclusiveMinimum" : "minimum", f->min);
    num(s, o, "maximum", f->max);
}

static void field_schema(schema_ctx *s, cJSON *props, const vocab_field *f)
{
    cJSON *o = NULL;
    switch (f->kind) {
    case V_NUMBER:
        if (f->flags & VF_DYN) {
            o = obj(s, props, f->name);
            cJSON *any = add(s, o, "anyOf", cJSON_CreateArray());
            number_bounds(s, typed(s, any, NULL, "number"), f);
            ref(s, any, NULL, "expression");
        } else {
            o = typed(s, props, f->name, "number");
            number_bounds(s, o, f);
        }
        break;
    case V_INT:
        o = typed(s, props, f->name, "integer");
        number_bounds(s, o, f);
        break;
    case V_STRING:
    case V_TEX:
        o = typed(s, props, f->name, "string");
        if (!(f->flags & VF_EMPTY_OK))
            num(s, o, "minLength", 1);
        num(s, o, "maxLength", f->max);
        break;
    case V_BOOL: o = typed(s, props, f->name, "boolean"); break;
    case V_POINT:
        o = ref(s, props, f->name,
                (f->flags & VF_3D) ? ((f->flags & VF_DYN) ? "dyn_point3" : "point3")
                                   : ((f->flags & VF_DYN) ? "dyn_point" : "point"));
        break;
    case V_RESOLUTION: {
        o = obj(s, props, f->name);
        cJSON *any = add(s, o, "anyOf", cJSON_CreateArray());
        cJSON *one = typed(s, any, NULL, "integer");
        num(s, one, "minimum", f->min);
        num(s, one, "maximum", f->max);
        cJSON *pair = typed(s, any, NULL, "array");
        cJSON *item = typed(s, pair, "items", "integer");
        num(s, item, "minimum", f->min);
        num(s, item, "maximum", f->max);
        num(s, pair, "minItems", 2);
        num(s, pair, "maxItems", 2);
        break;
    }
    case V_POINTS:
        o = array_of(s, props, f->name, (f->flags & VF_DYN) ? "dyn_point" : "point", (int)f->min,
                     f->max > 0 ? (int)f->max : SPEC_MAX_POINTS);
        break;
    case V_RANGE: o = ref(s, props, f->name, (f->flags & VF_DYN) ? "dyn_range" : "range"); break;
    case V_COLOR: o = ref(s, props, f->name, "color"); break;
    case V_ENUM:
        o = obj(s, props, f->name);
        enum_of(s, o, f->en->values, f->en->count);
        break;
    case V_DIRECTION: {
        o = obj(s, props, f->name);
        cJSON *any = add(s, o, "anyOf", cJSON_CreateArray());
        enum_of(s, obj(s, any, NULL), f->en->values, f->en->count);
        ref(s, any, NULL, "point");
        break;
    }
    case V_REF:
    case V_ID: o = ref(s, props, f->name, "id"); break;
    case V_TARGET: o = ref(s, props, f->name, "target"); break;
    case V_IDS: o = array_of(s, props, f->name, "id", 1, 0); break;
    case V_REFS: o = array_of(s, props, f->name, "id", (int)f->min, (int)f->max); break;
    case V_COLORS: o = array_of(s, props, f->name, "color", (int)f->min, (int)f->max); break;
    case V_CELLS: {
        o = typed(s, props, f->name, "array");
        cJSON *row = typed(s, o, "items", "array");
        cJSON *any = add(s, obj(s, row, "items"), "anyOf", cJSON_CreateArray());
        cJSON *tex = typed(s, any, NULL, "string");
        num(s, tex, "minLength", 1);
        num(s, tex, "maxLength", 200);
        typed(s, any, NULL, "number");
        num(s, row, "minItems", f->min);
        num(s, row, "maxItems", f->max);
        num(s, o, "minItems", f->min);
        num(s, o, "maxItems", f->max);
        break;
    }
    case V_NUMBERS: {
        o = typed(s, props, f->name, "array");
        cJSON *items = obj(s, o, "items");
        cJSON *target = items;
        if (f->flags & VF_DYN) {
            cJSON *any = add(s, items, "anyOf", cJSON_CreateArray());
            target = typed(s, any, NULL, "number");
            ref(s, any, NULL, "expression");
        } else {
            str(s, items, "type", "number");
        }
        num(s, target, "minimum", -1e6);
        num(s, target, "maximum", 1e6);
        num(s, o, "minItems", f->min);
        num(s, o, "maxItems", f->max);
        break;
    }
    case V_INTS: {
        o = typed(s, props, f->name, "array");
        cJSON *items = typed(s, o, "items", "integer");
        num(s, items, "minimum", 1);
        num(s, items, "maximum", f->max);
        num(s, o, "minItems", f->min);
        num(s, o, "maxItems", f->max);
        break;
    }
    case V_MATRIX: {
        /* Square: n rows of n, for each n allowed. */
        o = obj(s, props, f->name);
        cJSON *any = f->min < f->max ? add(s, o, "anyOf", cJSON_CreateArray()) : NULL;
        for (int n = (int)f->min; n <= (int)f->max; n++) {
            cJSON *m = any ? obj(s, any, NULL) : o;
            str(s, m, "type", "array");
            cJSON *row = typed(s, m, "items", "array");
            ref(s, row, "items", (f->flags & VF_DYN) ? "dyn_number" : "number");
            num(s, row, "minItems", n);
            num(s, row, "maxItems", n);
            num(s, m, "minItems", n);
            num(s, m, "maxItems", n);
        }
        break;
    }
    case V_VERTICES: o = array_of(s, props, f->name, "vertex", (int)f->min, (int)f->max); break;
    case V_VERTEX: o = ref(s, props, f->name, "vertex"); break;
    case V_EDGES: {
        o = typed(s, props, f->name, "array");
        array_of(s, o, "items", "vertex", 2, 2);
        num(s, o, "maxItems", f->max);
        break;
    }
    case V_VERTEX_LISTS: {
        o = typed(s, props, f->name, "array");
        array_of(s, o, "items", "vertex", 1, GRAPH_MAX_VERTICES);
        num(s, o, "minItems", f->min);
        num(s, o, "maxItems", f->max);
        break;
    }
    case V_LAYOUT: {
        o = obj(s, props, f->name);
        cJSON *any = add(s, o, "anyOf", cJSON_CreateArray());
        enum_of(s, obj(s, any, NULL), f->en->values, f->en->count);
        ref(s, typed(s, any, NULL, "object"), "additionalProperties", "point");
        break;
    }
    case V_LABELS: {
        o = obj(s, props, f->name);
        cJSON *any = add(s, o, "anyOf", cJSON_CreateArray());
        typed(s, any, NULL, "boolean");
        cJSON *tex = typed(s, typed(s, any, NULL, "object"), "additionalProperties", "string");
        num(s, tex, "minLength", 1);
        num(s, tex, "maxLength", 200);
        break;
    }
    case V_VERTEX_CONFIG:
    case V_EDGE_CONFIG: {
        /* Its own fields, and any other key (a vertex, an edge "u, v")
         * holding them for one. */
        o = typed(s, props, f->name, "object");
        cJSON *own = obj(s, o, "properties");
        for (const vocab_field *g = f->sub->fields; g->name; g++)
            field_schema(s, own, g);
        ref(s, o, "additionalProperties", f->sub->key);
        break;
    }
    case V_EXPR: o = ref(s, props, f->name, "expression"); break;
    case V_ANCHOR: o = ref(s, props, f->name, "anchor"); break;
    case V_AREA: o = array_of(s, props, f->name, "anchor", 2, 2); break;
    case V_STRUCT: o = ref(s, props, f->name, f->sub->key); break;
    case V_TEXS: {
        o = typed(s, props, f->name, "array");
        cJSON *tex = typed(s, o, "items", "string");
        num(s, tex, "minLength", 1);
        num(s, tex, "maxLength", VOCAB_PART_TEX_MAX);
        num(s, o, "minItems", f->min);
        num(s, o, "maxItems", f->max);
        break;
    }
    case V_TEX_MAP: {
        o = typed(s, props, f->name, "object");
        cJSON *names = obj(s, o, "propertyNames");
        num(s, names, "minLength", 1);
        num(s, names, "maxLength", VOCAB_PART_TEX_MAX);
        cJSON *to = typed(s, o, "additionalProperties", "string");
        num(s, to, "minLength", 1);
        num(s, to, "maxLength", VOCAB_PART_TEX_MAX);
        break;
    }
    case V_COLOR_MAP: {
        o = typed(s, props, f->name, "object");
        cJSON *names = obj(s, o, "propertyNames");
        num(s, names, "minLength", 1);
        num(s, names, "maxLength", 200);
        ref(s, o, "additionalProperties", "color");
        break;
    }
    case V_CHILDREN: {
        o = typed(s, props, f->name, "array");
        num(s, o, "minItems", 1);
        cJSON *any = add(s, obj(s, o, "items"), "anyOf", cJSON_CreateArray());
        ref(s, any, NULL, "id");
        ref(s, any, NULL, "object");
        break;
    }
    case V_ASSET: o = ref(s, props, f->name, "asset"); break;
    case V_VERSION: {
        o = typed(s, props, f->name, "integer");
        num(s, o, "minimum", 1);
        num(s, o, "maximum", SPEC_VERSION_MAX);
        break;
    }
    case V_TYPE:
    case V_ANIM: o = typed(s, props, f->name, "string"); break;
    case V_ANIMS: o = array_of(s, props, f->name, "animation", 1, SPEC_MAX_ANIMS); break;
    case V_LINES: {
        o = typed(s, props, f->name, "array");
        num(s, o, "maxItems", f->max);
        cJSON *any = add(s, obj(s, o, "items"), "anyOf", cJSON_CreateArray());
        cJSON *line = typed(s, any, NULL, "string");
        num(s, line, "minLength", 1);
        num(s, line, "maxLength", SPEC_MAX_LINE);
        ref(s, any, NULL, f->sub->key);
        break;
    }
    case V_OBJECTS: o = array_of(s, props, f->name, "object", 0, (int)f->max); break;
    case V_STEPS: o = array_of(s, props, f->name, "step", (int)f->min, (int)f->max); break;
    case V_SECTIONS: o = array_of(s, props, f->name, "section", (int)f->min, (int)f->max); break;
    case V_LINE_INDEX:
        o = typed(s, props, f->name, "integer");
        num(s, o, "minimum", 0);
        num(s, o, "maximum", LR_LAYOUT_MAX_LINES - 1);
        break;
    case V_DURATION:
        o = typed(s, props, f->name, "number");
        num(s, o, "exclusiveMinimum", 0);
        num(s, o, "maximum", f->max);
        break;
    }
    if (!o)
        return;
    if (f->def) {
        cJSON *d = cJSON_Parse(f->def);
        if (d)
            add(s, o, "default", d);
    }
    if (f->doc)
        str(s, o, "description", f->doc);
}

/* ---- discriminated unions: objects by "type", animations by "anim" ---- */

/* {"if": {"properties": {key: {"const": name}}, "required": [key]}, "then": {"$ref": ...}} */
static void branch(schema_ctx *s, cJSON *all, const char *key, const char *name, const char *def)
{
    cJSON *b = obj(s, all, NULL);
    cJSON *cond = obj(s, b, "if");
    cJSON *k = obj(s, obj(s, cond, "properties"), key);
    str(s, k, "const", name);
    cJSON *req = add(s, cond, "required", cJSON_CreateArray());
    add(s, req, NULL, cJSON_CreateString(key));
    ref(s, b, "then", def);
}

static void objects_def(schema_ctx *s, cJSON *defs)
{
    cJSON *o = typed(s, defs, "object", "object");
    str(s, o, "description", "an object of a section; its fields depend on its type");
    cJSON *t = obj(s, obj(s, o, "properties"), "type");
    cJSON *names = add(s, t, "enum", cJSON_CreateArray());
    cJSON *req = add(s, o, "required", cJSON_CreateArray());
    add(s, req, NULL, cJSON_CreateString("id"));
    add(s, req, NULL, cJSON_CreateString("type"));
    cJSON *all = add(s, o, "allOf", cJSON_CreateArray());
    char def[96];
    for (size_t i = 0; i < vocab_type_count; i++) {
        const vocab_type *vt = &vocab_types[i];
        add(s, names, NULL, cJSON_CreateString(vt->name));
        snprintf(def, sizeof def, "object.%s", vt->name);
        branch(s, all, "type", vt->name, def);
        cJSON *d = obj(s, defs, def);
        str(s, d, "description", vt->doc);
        const vocab_struct *common = (vt->flags & VT_BARE) ? &vocab_object_bare : &vocab_object_common;
        struct_schema(s, d, vt->fields, common->fields, common->key, (vt->flags & VT_PLACED) != 0);
    }
}

static void anims_def(schema_ctx *s, cJSON *defs)
{
    cJSON *o = typed(s, defs, "animation", "object");
    str(s, o, "description", "an animation of a play step; its fields depend on its name");
    cJSON *t = obj(s, obj(s, o, "properties"), "anim");
    cJSON *names = add(s, t, "enum", cJSON_CreateArray());
    cJSON *req = add(s, o, "required", cJSON_CreateArray());
    add(s, req, NULL, cJSON_CreateString("anim"));
    cJSON *all = add(s, o, "allOf", cJSON_CreateArray());
    char def[96];
    for (size_t i = 0; i < vocab_anim_count; i++) {
        const vocab_anim *va = &vocab_anims[i];
        add(s, names, NULL, cJSON_CreateString(va->name));
        snprintf(def, sizeof def, "animation.%s", va->name);
        branch(s, all, "anim", va->name, def);
        cJSON *d = obj(s, defs, def);
        str(s, d, "description", va->doc);
        bool targeted = vocab_role_targeted(va->role);
        const vocab_struct *common = targeted ? &vocab_anim_targeted : &vocab_anim_untargeted;
        struct_schema(s, d, va->fields, common->fields, common->key, true);
    }
}

static void steps_def(schema_ctx *s, cJSON *defs)
{
    cJSON *o = obj(s, defs, "step");
    char keys[256];
    size_t at = 0;
    keys[0] = 0;
    for (size_t i = 0; i < vocab_step_count && at + 40 < sizeof keys; i++)
        at += (size_t)snprintf(keys + at, sizeof keys - at, "%s%s", i ? ", " : "", vocab_steps[i].key);
    char desc[320];
    snprintf(desc, sizeof desc, "a timeline step: an object with exactly one of the keys %s", keys);
    str(s, o, "description", desc);
    cJSON *one = add(s, o, "oneOf", cJSON_CreateArray());
    for (size_t i = 0; i < vocab_step_count; i++) {
        cJSON *d = obj(s, one, NULL);
        str(s, d, "description", vocab_steps[i].doc);
        struct_schema(s, d, vocab_steps[i].fields, NULL, NULL, true);
    }
}

static void struct_def(schema_ctx *s, cJSON *defs, const vocab_struct *st)
{
    cJSON *d = obj(s, defs, st->key);
    str(s, d, "description", st->doc);
    struct_schema(s, d, st->fields, NULL, NULL, true);
}

char *spec_schema_json(void)
{
    schema_ctx s = {true};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    str(&s, root, "$schema", "https://json-schema.org/draft/2020-12/schema");
    str(&s, root, "title", "c2v scene spec");
    str(&s, root, "description", "Generated by `c2v-render --schema` from the vocabulary the loader validates with "
                                 "(librender/spec/vocab.c). The loader checks more than a schema can: references to "
                                 "earlier objects, what is on screen at each step, durations, expressions "
                                 "(docs/scene-spec.md).");
    struct_schema(&s, root, vocab_document.fields, NULL, NULL, true);
    cJSON *defs = obj(&s, root, "$defs");
    base_defs(&s, defs);
    static const vocab_struct *const structs[] = {&vocab_meta,          &vocab_section,       &vocab_lecture_line,
                                                  &vocab_next_to,       &vocab_align_to,      &vocab_camera,
                                                  &vocab_axis_config,   &vocab_layout_config, &vocab_vertex_config,
                                                  &vocab_edge_config,   &vocab_digraph_edge_config, &vocab_tip_config,
                                                  &vocab_code_background, &vocab_code_paragraph};
    for (size_t i = 0; i < sizeof structs / sizeof structs[0]; i++)
        struct_def(&s, defs, structs[i]);
    common_defs(&s, defs, &vocab_object_common);
    common_defs(&s, defs, &vocab_object_bare);
    common_defs(&s, defs, &vocab_anim_targeted);
    common_defs(&s, defs, &vocab_anim_untargeted);
    objects_def(&s, defs);
    anims_def(&s, defs);
    steps_def(&s, defs);
    char *text = s.ok ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    return text;
}
