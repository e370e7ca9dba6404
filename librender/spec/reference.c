/* Reference text generated from the vocabulary (vocab.c): the tables of
 * docs/scene-spec.md and the Coder's vocabulary in prompts/, so that people
 * and the model read exactly what the validator accepts. */
#include "spec/spec_expr.h"
#include "spec/spec_internal.h"
#include "spec/vocab.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct out_buf {
    char *text;
    size_t len, cap;
    bool ok;
} out_buf;

static void put(out_buf *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void put(out_buf *o, const char *fmt, ...)
{
    if (!o->ok)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(o->text ? o->text + o->len : NULL, o->text ? o->cap - o->len : 0, fmt, ap);
        va_end(ap);
        if (n < 0) {
            o->ok = false;
            return;
        }
        if (o->text && o->len + (size_t)n < o->cap) {
            o->len += (size_t)n;
            return;
        }
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + (size_t)n + 1)
            cap *= 2;
        char *t = realloc(o->text, cap);
        if (!t) {
            o->ok = false;
            return;
        }
        o->text = t;
        o->cap = cap;
    }
}

/* "%g" without a trailing ".0" problem and with 1e6 written out. */
static void put_number(out_buf *o, double v)
{
    if (v >= 1e5 || v <= -1e5)
        put(o, "%.0e", v);
    else
        put(o, "%g", v);
}

/* What a value of the field looks like, in a few words. `md`: markdown
 * (code spans), else plain text for the prompt. */
static void put_kind(out_buf *o, const vocab_field *f, bool md)
{
    const char *q = md ? "`" : "";
    switch (f->kind) {
    case V_NUMBER:
    case V_INT:
        put(o, "%s %s ", f->kind == V_INT ? "integer" : "number", (f->flags & VF_EXCL_MIN) ? ">" : "from");
        put_number(o, f->min);
        put(o, "%s", (f->flags & VF_EXCL_MIN) ? ", at most " : " to ");
        put_number(o, f->max);
        break;
    case V_STRING: put(o, "string of at most %g characters", f->max); break;
    case V_TEX: put(o, "LaTeX of at most %g characters", f->max); break;
    case V_BOOL: put(o, "true or false"); break;
    case V_POINT: put(o, (f->flags & VF_3D) ? "point [x, y] or [x, y, z]" : "point [x, y]"); break;
    case V_RESOLUTION: put(o, "n or [nu, nv], whole numbers from %g to %g", f->min, f->max); break;
    case V_POINTS:
        if (f->max > 0 && f->max == f->min)
            put(o, "%g points [[x, y], ...]", f->min);
        else
            put(o, "[[x, y], ...], at least %g points", f->min);
        break;
    case V_RANGE: put(o, "[min, max] or [min, max, step]"); break;
    case V_COLOR: put(o, "colour"); break;
    case V_ENUM:
    case V_DIRECTION:
        for (size_t i = 0; i < f->en->count; i++)
            put(o, "%s%s%s%s", i ? (md ? " \\| " : " | ") : "", q, f->en->values[i], q);
        if (f->kind == V_DIRECTION)
            put(o, ", or (version 2) a vector [x, y]");
        break;
    case V_REF:
        put(o, "id of an earlier object");
        if (f->ref) {
            put(o, " (");
            for (const char *p = f->ref; *p; p++)
                put(o, *p == '|' ? ", " : "%c", *p);
            put(o, ")");
        }
        break;
    case V_REFS:
        if (f->min == f->max)
            put(o, "%g ids of earlier objects", f->min);
        else
            put(o, "%g to %g ids of earlier objects", f->min, f->max);
        if (f->ref) {
            put(o, " (");
            for (const char *p = f->ref; *p; p++)
                put(o, *p == '|' ? ", " : "%c", *p);
            put(o, ")");
        }
        break;
    case V_MATRIX:
        if (f->min == f->max)
            put(o, "%gx%g matrix [[a, b], [c, d]]", f->min, f->min);
        else
            put(o, "%gx%g to %gx%g matrix [[a, b], [c, d]]", f->min, f->min, f->max, f->max);
        break;
    case V_COLORS: put(o, "%g to %g colours", f->min, f->max); break;
    case V_CELLS:
        put(o, "rows of %s or numbers, %g to %g by %g to %g", (f->flags & VF_PLAIN) ? "strings" : "LaTeX strings",
            f->min, f->max, f->min, f->max);
        break;
    case V_NUMBERS: put(o, "%g to %g numbers [a, b, ...]", f->min, f->max); break;
    case V_INTS: put(o, "%g to %g whole numbers from 1 [a, b, ...]", f->min, f->max); break;
    case V_VERTICES: put(o, "%g to %g vertices [1, 2, \"a\", ...]: whole numbers or strings", f->min, f->max); break;
    case V_EDGES: put(o, "[[u, v], ...], at most %g", f->max); break;
    case V_VERTEX: put(o, "a vertex"); break;
    case V_VERTEX_LISTS: put(o, "[[vertex, ...], ...]"); break;
    case V_LAYOUT:
        for (size_t i = 0; i < f->en->count; i++)
            put(o, "%s%s%s%s", i ? (md ? " \\| " : " | ") : "", q, f->en->values[i], q);
        put(o, ", or {vertex: [x, y]}");
        break;
    case V_LABELS: put(o, "true, false, or {vertex: LaTeX}"); break;
    case V_VERTEX_CONFIG:
    case V_EDGE_CONFIG:
        put(o, "{");
        for (const vocab_field *s = f->sub->fields; s->name; s++)
            put(o, "%s%s%s%s", s == f->sub->fields ? "" : ", ", q, s->name, q);
        put(o, "; %s: {the same}}", f->kind == V_EDGE_CONFIG ? "\"u, v\"" : "vertex");
        break;
    case V_TARGET: put(o, "object id (or, version 2, a part: m.row(1), eq.part(a^2), g.edge(1, 2))"); break;
    case V_IDS: put(o, "[object id, ...]"); break;
    case V_EXPR: put(o, "expression in %s", f->ref); break;
    case V_ANCHOR: put(o, "anchor A1..F6"); break;
    case V_AREA: put(o, "two anchors [\"A1\", \"C3\"]"); break;
    case V_STRUCT: {
        put(o, "{");
        for (const vocab_field *s = f->sub->fields; s->name; s++)
            put(o, "%s%s%s%s%s", s == f->sub->fields ? "" : ", ", q, s->name, q,
                (s->flags & VF_REQUIRED) ? "*" : "");
        put(o, "}");
        break;
    }
    case V_COLOR_MAP: put(o, "{\"part of the formula\": colour}"); break;
    case V_TEXS: put(o, "%g to %g %s", f->min, f->max, (f->flags & VF_PLAIN) ? "strings" : "LaTeX strings"); break;
    case V_TEX_MAP: put(o, "{\"TeX of a part\": \"TeX of a part\"}"); break;
    case V_CHILDREN: put(o, "[id or inline object, ...]"); break;
    case V_ASSET: put(o, "file path"); break;
    case V_VERSION: put(o, "1..%d", SPEC_VERSION_MAX); break;
    case V_ID: put(o, "id"); break;
    case V_TYPE: put(o, "object type"); break;
    case V_ANIM: put(o, "animation name"); break;
    case V_ANIMS: put(o, "[animation, ...]"); break;
    case V_LINES: put(o, "[string or {\"text\", \"narration\"}, ...], at most %g", f->max); break;
    case V_OBJECTS: put(o, "[object, ...], at most %g", f->max); break;
    case V_STEPS: put(o, "[step, ...], %g to %g", f->min, f->max); break;
    case V_SECTIONS: put(o, "[section, ...], %g to %g", f->min, f->max); break;
    case V_LINE_INDEX: put(o, "lecture line index from 0"); break;
    case V_DURATION: put(o, "seconds, more than 0, at most %g", f->max); break;
    }
    if (f->flags & VF_DYN)
        put(o, (f->kind == V_POINT || f->kind == V_POINTS || f->kind == V_RANGE || f->kind == V_MATRIX ||
                f->kind == V_NUMBERS)
                   ? " (items may be expressions)%s"
                                                                                : "%s",
            f->kind == V_POINT ? ", or an expression" : f->kind == V_NUMBER ? " or an expression" : "");
    if (f->flags & VF_COORD)
        put(o, "; with %sin%s, in the axes' coordinates", q, q);
}

/* ---- expressions (version 2) ---- */

static void expressions(out_buf *o, bool md)
{
    const char *q = md ? "`" : "";
    char builtins[1024];
    expr_list_builtins(builtins, sizeof builtins);
    if (md)
        put(o, "### Expressions (version 2)\n\n");
    else
        put(o, "Expressions (version 2): ");
    put(o, "Where a field says \"or an expression\", a string is evaluated at every frame: arithmetic "
           "(+ - * / ^, [x, y] points, %s.x%s and %s.y%s of a point) with %s; the names %stime%s (seconds since the "
           "section began), the id of every earlier value object, %sx%s in a graph's expr and %st%s in a curve's; and "
           "what earlier objects are now, %sid.property%s:%s",
        q, q, q, q, builtins, q, q, q, q, q, q, q, q, md ? "\n\n| property | value | of | meaning |\n|---|---|---|---|\n" : "\n");
    for (size_t i = 0; i < vocab_query_count; i++) {
        const vocab_query *v = &vocab_queries[i];
        char types[96];
        snprintf(types, sizeof types, "%s", v->types ? v->types : md ? "any drawn object" : "any object");
        for (char *p = types; *p; p++)
            if (*p == '|')
                *p = '/';
        if (md)
            put(o, "| `%s%s` | %s | %s | %s |\n", v->name, v->nargs == 2 ? "(x, y)" : v->nargs ? "(x)" : "",
                v->point ? "point" : "number", types, v->doc);
        else
            put(o, "  %s%s: %s, %s (%s)\n", v->name, v->nargs == 2 ? "(x, y)" : v->nargs ? "(x)" : "",
                v->point ? "point" : "number", v->doc, types);
    }
    put(o, "%sAn object whose fields read time, a value or an object that changes is rebuilt at every frame; "
           "one that reads an object an animation moves follows it.%s",
        md ? "\n" : "  ", md ? "\n\n" : "\n");
}

/* ---- parts of objects (version 2) ---- */

static void parts(out_buf *o, bool md)
{
    if (md)
        put(o, "### Parts of objects (version 2)\n\nAn animation's `target` (and a transform's `to`) may name a "
               "part of an object on screen:\n\n| object | part |\n|---|---|\n");
    else
        put(o, "Parts (version 2): a target may name a part of an object on screen:\n");
    for (size_t i = 0; i < vocab_part_count; i++)
        put(o, md ? "| `%s` | %s |\n" : "  %s: %s\n", vocab_parts[i].type, vocab_parts[i].doc);
    if (md)
        put(o, "\n");
}

/* ---- markdown ---- */

static void md_fields(out_buf *o, const vocab_field *fields, bool placed)
{
    put(o, "| field | value | default | meaning |\n|---|---|---|---|\n");
    for (const vocab_field *f = fields; f->name; f++) {
        if (!placed && vocab_is_placement(f->name))
            continue;
        put(o, "| `%s`%s | ", f->name, (f->flags & VF_REQUIRED) ? " (required)" : "");
        put_kind(o, f, true);
        put(o, " | %s%s%s | %s", f->def ? "`" : "", f->def ? f->def : "", f->def ? "`" : "", f->doc ? f->doc : "");
        if (f->since > 1)
            put(o, " (version %d)", f->since);
        put(o, " |\n");
    }
    put(o, "\n");
}

static void md_struct(out_buf *o, const vocab_struct *st, const char *title)
{
    put(o, "#### %s\n\n%s.\n\n", title, st->doc);
    md_fields(o, st->fields, true);
}

static void markdown(out_buf *o)
{
    put(o, "### Document\n\n");
    md_struct(o, &vocab_document, "The document");
    md_struct(o, &vocab_meta, "meta");
    md_struct(o, &vocab_section, "A section");
    md_struct(o, &vocab_camera, "camera");
    md_struct(o, &vocab_lecture_line, "A lecture line");
    put(o, "### Objects\n\n");
    md_struct(o, &vocab_object_common, "Every object");
    md_struct(o, &vocab_next_to, "next_to");
    md_struct(o, &vocab_align_to, "align_to");
    md_struct(o, &vocab_axis_config, "axis_config");
    for (size_t i = 0; i < vocab_type_count; i++) {
        const vocab_type *t = &vocab_types[i];
        put(o, "#### `%s`\n\n%s%s", t->name, t->doc, (t->flags & VT_PLACED) ? "." : "; placed by what it belongs to (no placement fields).");
        if (t->since > 1)
            put(o, " New in version %d.", t->since);
        put(o, "\n\n");
        if (t->fields[0].name)
            md_fields(o, t->fields, true);
    }
    put(o, "The settings of `graph` and `digraph` (version 2):\n\n");
    static const vocab_struct *const graph_structs[] = {&vocab_layout_config, &vocab_vertex_config, &vocab_edge_config,
                                                        &vocab_digraph_edge_config, &vocab_tip_config};
    for (size_t i = 0; i < sizeof graph_structs / sizeof graph_structs[0]; i++) {
        char title[64];
        snprintf(title, sizeof title, "%s%s", graph_structs[i]->name, i == 3 ? " (digraph)" : "");
        md_struct(o, graph_structs[i], title);
    }
    put(o, "The settings of `code` (version 2):\n\n");
    md_struct(o, &vocab_code_background, "background_config (code)");
    md_struct(o, &vocab_code_paragraph, "paragraph_config (code)");
    put(o, "### Timeline steps\n\nEach step is an object with exactly one of these keys.\n\n");
    for (size_t i = 0; i < vocab_step_count; i++) {
        put(o, "#### `%s`\n\n%s.\n\n", vocab_steps[i].key, vocab_steps[i].doc);
        md_fields(o, vocab_steps[i].fields, true);
    }
    put(o, "### Animations\n\n");
    md_struct(o, &vocab_anim_targeted, "Every animation of an object");
    md_struct(o, &vocab_anim_untargeted, "Every animation without a target");
    put(o, "| anim | on screen | fields | meaning |\n|---|---|---|---|\n");
    for (size_t i = 0; i < vocab_anim_count; i++) {
        const vocab_anim *a = &vocab_anims[i];
        put(o, "| `%s` | %s | ", a->name, vocab_role_doc(a->role));
        for (const vocab_field *f = a->fields; f->name; f++) {
            put(o, "%s`%s`%s", f == a->fields ? "" : ", ", f->name, (f->flags & VF_REQUIRED) ? " (required)" : "");
            if (f->def)
                put(o, " = `%s`", f->def);
            put(o, ": ");
            put_kind(o, f, true);
            put(o, "; %s", f->doc);
        }
        put(o, "%s | %s%s |\n", a->fields[0].name ? "" : "—", a->doc, a->since > 1 ? " (version 2)" : "");
    }
    put(o, "\nRate functions: ");
    for (size_t i = 0; i < vocab_rate_funcs.count; i++)
        put(o, "%s`%s`", i ? ", " : "", vocab_rate_funcs.values[i]);
    put(o, ".\n\n");
    parts(o, true);
    expressions(o, true);
}

/* ---- the Coder's vocabulary ---- */

static void prompt_fields(out_buf *o, const vocab_field *fields, bool placed)
{
    for (const vocab_field *f = fields; f->name; f++) {
        if (!placed && vocab_is_placement(f->name))
            continue;
        put(o, "    \"%s\"%s: ", f->name, (f->flags & VF_REQUIRED) ? " (required)" : "");
        put_kind(o, f, false);
        if (f->def)
            put(o, ", default %s", f->def);
        put(o, "; %s\n", f->doc);
    }
}

static void prompt(out_buf *o)
{
    put(o, "SCENE SPEC VOCABULARY (generated from the validator's own tables: anything else is refused)\n");
    put(o, "Every object has these fields (placement: at most one of at, area, position, next_to):\n");
    prompt_fields(o, vocab_object_common.fields, true);
    put(o, "  next_to: ");
    for (const vocab_field *f = vocab_next_to.fields; f->name; f++) {
        put(o, "%s\"%s\" ", f == vocab_next_to.fields ? "" : ", ", f->name);
        put_kind(o, f, false);
    }
    put(o, "\n  align_to: ");
    for (const vocab_field *f = vocab_align_to.fields; f->name; f++) {
        put(o, "%s\"%s\" ", f == vocab_align_to.fields ? "" : ", ", f->name);
        put_kind(o, f, false);
    }
    put(o, "\nA section with \"camera\" (version 2) is 3D: %s; its fields:\n", vocab_camera.doc);
    prompt_fields(o, vocab_camera.fields, true);
    put(o, "Object types and their own fields:\n");
    for (size_t i = 0; i < vocab_type_count; i++) {
        const vocab_type *t = &vocab_types[i];
        put(o, "  %s: %s%s\n", t->name, t->doc, (t->flags & VT_PLACED) ? "" : " (no placement fields)");
        prompt_fields(o, t->fields, true);
    }
    static const vocab_struct *const graph_structs[] = {&vocab_layout_config, &vocab_vertex_config,
                                                        &vocab_digraph_edge_config, &vocab_tip_config};
    for (size_t i = 0; i < sizeof graph_structs / sizeof graph_structs[0]; i++) {
        put(o, "  graph and digraph %s: %s%s\n", graph_structs[i]->name, graph_structs[i]->doc,
            i == 2 ? " (tip_config: digraph only)" : "");
        prompt_fields(o, graph_structs[i]->fields, true);
    }
    static const vocab_struct *const code_structs[] = {&vocab_code_background, &vocab_code_paragraph};
    for (size_t i = 0; i < sizeof code_structs / sizeof code_structs[0]; i++) {
        put(o, "  code %s: %s\n", code_structs[i]->name, code_structs[i]->doc);
        prompt_fields(o, code_structs[i]->fields, true);
    }
    put(o, "Timeline steps (each step has exactly one of these keys):\n");
    for (size_t i = 0; i < vocab_step_count; i++) {
        put(o, "  %s: %s\n", vocab_steps[i].key, vocab_steps[i].doc);
        prompt_fields(o, vocab_steps[i].fields, true);
    }
    put(o, "Animations: {\"anim\": NAME, \"target\": \"id\", ...} (no target for MoveCamera and the composites); "
           "any animation may set \"rate_func\".\n");
    for (size_t i = 0; i < vocab_anim_count; i++) {
        const vocab_anim *a = &vocab_anims[i];
        put(o, "  %s: %s; %s\n", a->name, a->doc, vocab_role_doc(a->role));
        prompt_fields(o, a->fields, true);
    }
    put(o, "Rate functions: ");
    for (size_t i = 0; i < vocab_rate_funcs.count; i++)
        put(o, "%s%s", i ? ", " : "", vocab_rate_funcs.values[i]);
    put(o, ".\n");
    parts(o, false);
    expressions(o, false);
}

char *spec_reference_text(bool markdown_tables)
{
    out_buf o = {NULL, 0, 0, true};
    if (markdown_tables)
        markdown(&o);
    else
        prompt(&o);
    if (!o.ok) {
        free(o.text);
        return NULL;
    }
    return o.text;
}

lr_status lr_spec_vocabulary(lr_spec_format format, char **out, lr_error *err)
{
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_spec_vocabulary: out is NULL");
    switch (format) {
    case LR_SPEC_FORMAT_SCHEMA: *out = spec_schema_json(); break;
    case LR_SPEC_FORMAT_MARKDOWN: *out = spec_reference_text(true); break;
    case LR_SPEC_FORMAT_PROMPT: *out = spec_reference_text(false); break;
    default: return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_spec_vocabulary: unknown format %d", (int)format);
    }
    return *out ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
}
