/* Internal view of a loaded spec, shared by the loader, the validator and the
 * builder. The validated JSON tree is kept: the builder reads it again and
 * may rely on everything the validator checked. */
#ifndef LR_SPEC_INTERNAL_H
#define LR_SPEC_INTERNAL_H

#include <librender/lr_spec.h>

#include <cjson/cJSON.h>

/* Resource limits (docs/scene-spec.md, "Limits"). */
#define SPEC_MAX_FILE_BYTES (4u << 20)
#define SPEC_MAX_SECTIONS 50
#define SPEC_MAX_OBJECTS 200  /* per section, inline group children included */
#define SPEC_MAX_STEPS 500    /* timeline steps per section */
#define SPEC_MAX_ANIMS 50     /* animations in one play step, nested ones included */
#define SPEC_MAX_POINTS 1000  /* points of a polyline or polygon */
#define SPEC_MAX_DEPTH 8      /* nested groups / nested composite animations */
#define SPEC_MAX_ID 64        /* characters */
#define SPEC_MAX_TITLE 200
#define SPEC_MAX_LINE 200
#define SPEC_MAX_NARRATION 2000
#define SPEC_MAX_TEXT 500
#define SPEC_MAX_TEX 1000
#define SPEC_MAX_CODE 10000     /* characters of a code object's code */
#define SPEC_MAX_CODE_LINES 200 /* its lines */
#define SPEC_MAX_PATH 256
#define SPEC_MAX_RUN_TIME 60.0
#define SPEC_MAX_SECTION_TIME 600.0
#define SPEC_MAX_COORD 1000.0
/* Image pixels per section: those decoded (each file once) and, apart,
 * those the image objects keep once scaled down (docs/hardening.md). */
#define SPEC_MAX_IMAGE_PIXELS (64 << 20)

typedef struct spec_line {
    const char *text;      /* borrowed from the JSON tree */
    const char *narration; /* NULL when absent */
} spec_line;

typedef struct spec_object {
    const char *id, *type; /* borrowed from the JSON tree */
    bool top_level;
    const char *attached; /* the axes it is drawn on, or NULL; borrowed */
} spec_object;

/* ---- names and expressions (version 2) ---- */

/* What an expression may ask of an object, under Manim's names:
 * dot.center is get_center(), graph.point(x) input_to_graph_point, ... */
typedef enum spec_query {
    SQ_CENTER, SQ_LEFT, SQ_RIGHT, SQ_TOP, SQ_BOTTOM, SQ_START, SQ_END, /* points */
    SQ_X, SQ_Y, SQ_WIDTH, SQ_HEIGHT,                                    /* numbers */
    SQ_POINT,  /* function_graph.point(x): the graph's point at x */
    SQ_SLOPE,  /* function_graph.slope(x): dy/dx in the graph's own units */
    SQ_C2P,    /* axes.c2p(x, y): axes coordinates to a point of the scene */
    SQ_PFP,    /* any curve: point_from_proportion(p), by arc length as Manim spreads it */
    SQ_N2P,    /* number_line.n2p(x): a number to its point of the scene */
    SQ_Z,      /* z of its centre: 3D objects (0 for 2D ones) */
    SQ_COUNT
} spec_query;

/* Variable slots of an expression's environment. */
#define SPEC_SLOT_TIME 0   /* seconds since the section began */
#define SPEC_SLOT_LOCAL 1  /* x of a graph's expr, t of a parametric curve's, x of a map or a field */
#define SPEC_SLOT_LOCAL2 2 /* y of a map or a field */
#define SPEC_SLOT_VALUES 3 /* then the section's values, in declaration order */
/* A query's handle: the asked object's index among the section's names. */
#define SPEC_QUERY_HANDLE(name, query) ((int)(name) * (int)SQ_COUNT + (int)(query))

/* One expression of a section, compiled by the validator. */
typedef struct spec_expr {
    const cJSON *node; /* the JSON string it was compiled from */
    lr_expr *expr;
    double min, max;   /* the field's range: a value outside is clamped into it */
} spec_expr;

typedef struct spec_exprs {
    spec_expr *items;
    size_t count, cap;
    size_t *index, index_cap; /* open addressing by node */
} spec_exprs;

lr_status spec_exprs_add(spec_exprs *set, const spec_expr *entry);
const spec_expr *spec_exprs_find(const spec_exprs *set, const cJSON *node);
void spec_exprs_free(spec_exprs *set);

/* Everything a section's expressions may name, in the validator's order:
 * "title", "line0".., then the objects (a group before its inline
 * children). */
enum {
    SN_DYNAMIC = 1, /* rebuilt at every frame: it depends on time, a value, or something that moves */
    SN_FOLLOWS = 2, /* only its placement or style depends on them (the shape is built once) */
};
typedef struct spec_name {
    const char *id, *type;
    const cJSON *json; /* NULL for the title and lecture lines */
    int value;         /* a value object's index among the section's values, else -1 */
    unsigned flags;
} spec_name;

typedef struct spec_section {
    const char *id, *title; /* borrowed from the JSON tree */
    spec_line lines[LR_LAYOUT_MAX_LINES];
    size_t nlines;
    spec_object *objects;
    size_t nobjects;
    double duration;
    const cJSON *json;
    spec_name *names;
    size_t nnames, nvalues;
    spec_exprs exprs;
    bool dynamic; /* some object is rebuilt per frame, or the camera follows an expression */
} spec_section;

/* What building needs that outlives a build: text and TeX contexts
 * (created on first use unless lent) and the parameters ChangeDecimalToValue
 * rebuilds numbers with. Reached through a pointer so that building from a
 * const spec can fill these caches. */
typedef struct spec_decimal {
    lr_text_context *text;
    float font_size;
    int decimals;
    lr_color color;
    struct spec_decimal *next;
} spec_decimal;

typedef struct spec_resources {
    lr_text_context *text, *own_text;
    lr_tex_context *tex, *own_tex;
    struct lr_code_context *code, *own_code; /* Pygments, for code objects (librender/code) */
    spec_decimal *decimals;
    /* What timelines of sections with objects rebuilt per frame read while
     * they seek (the builder's state, freed with the spec). */
    void *live;
    /* Set by the builder when it creates contexts or keeps state, so that
     * loading and validating alone never link the text and TeX modules. */
    void (*release)(struct spec_resources *res);
} spec_resources;

struct lr_spec {
    cJSON *root;
    char *name;
    char *asset_dir;
    lr_spec_meta meta;
    spec_section *sections;
    size_t nsections;
    spec_resources *res;
};

/* Frees the resources (the builder's contexts through `release`). */
void spec_resources_free(spec_resources *res);
/* Lends the highlighter code objects use (tests: a private cache, another
 * program); NULL leaves it as it is. The spec does not own it. */
void spec_lend_code_context(lr_spec *spec, struct lr_code_context *code);

/* ---- error list (errors.c) ---- */
void spec_errors_add(lr_spec_errors *errs, const char *name, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* A message already written out in full ("file: path: what"). */
void spec_errors_add_message(lr_spec_errors *errs, const char *path, const char *message);

/* ---- validation (validate.c) ---- */

/* Checks the whole document and fills spec->meta and spec->sections (which
 * borrow from spec->root). Returns the number of errors found. */
size_t spec_validate(lr_spec *spec, lr_spec_errors *errs);

/* Edit distance, capped: returns cap + 1 when the distance exceeds cap. */
int spec_edit_distance(const char *a, const char *b, int cap);

/* ---- shared tables (validate.c), read by the builder ---- */
typedef enum spec_quality { SPEC_Q_L, SPEC_Q_M, SPEC_Q_H, SPEC_Q_K } spec_quality;

/* Resolves an asset path relative to the asset folder, refusing absolute
 * paths and ".." components; `out` gets the joined path. Returns false and a
 * reason in `why` when refused. */
bool spec_asset_path(const char *asset_dir, const char *rel, char *out, size_t size, const char **why);

/* ---- formulas in parts (tex_parts.c, version 2) ---- */

/* At most this many parts in a formula (the validator refuses more). */
#define SPEC_MAX_TEX_PARTS 64

/* The parts of a tex object: its tex cut at {{ }} groups, its
 * substrings_to_isolate and its tex_to_color_map keys (lr_tex_split).
 * Returns how many there are (spans gets the first `cap`); 0 in version 1. */
size_t spec_tex_parts(const cJSON *o, int version, lr_tex_span *spans, size_t cap);
/* Whether two TeX strings name the same part (lr_tex_part_key). */
bool spec_tex_same_part(const char *a, size_t alen, const char *b, size_t blen);
/* The indices of the parts (spans of `source`) that `tex` names; returns
 * how many (out gets the first `cap`). */
size_t spec_tex_parts_named(const char *source, const lr_tex_span *spans, size_t n, const char *tex, size_t *out,
                            size_t cap);

/* ---- graphs (version 2): the names of vertices and edges (graph_names.c) ---- */

#define GRAPH_MAX_VERTICES 128
#define GRAPH_MAX_EDGES 512
#define GRAPH_MAX_NAME 32 /* bytes of a vertex's name */

/* A vertex's name, as parts, edges and keys write it: a whole number
 * (|n| <= 1e6) as its digits, or a string of 1..GRAPH_MAX_NAME bytes
 * without , ( ) [ ] " ' or spaces at either end. False (*why says what is
 * wrong) for anything else. */
typedef char spec_vertex_name[GRAPH_MAX_NAME + 1];
bool spec_vertex_of(const cJSON *v, spec_vertex_name out, const char **why);
/* A vertex as text inside a part or key ("3", " A ", "'A'"): trimmed and
 * unquoted. False when nothing or too much is left. */
bool spec_vertex_text(const char *text, size_t len, spec_vertex_name out);
/* An edge as text: "u, v", "(u, v)" or "[u, v]". */
bool spec_edge_text(const char *text, spec_vertex_name a, spec_vertex_name b);
/* The names of a graph object's vertices, in order, at most
 * GRAPH_MAX_VERTICES (those that are no name are ""); returns how many. */
size_t spec_graph_names(const cJSON *graph, spec_vertex_name *out);
/* The index of `name` among n names, or -1. */
int spec_vertex_find(const spec_vertex_name *names, size_t n, const char *name);

/* ---- generated from the vocabulary (schema.c, reference.c); malloc'd, NULL when out of memory ---- */
char *spec_schema_json(void);
char *spec_reference_text(bool markdown_tables);

/* ---- narration timing (timing.c) ---- */

/* Durations as the validator counts them and the builder plays them. */
double spec_step_seconds(const cJSON *step);
double spec_anim_seconds(const cJSON *anim, double inherited);
bool spec_anims_set_run_time(const cJSON *anims);

/* The fitted plan of a section: the outputs of `timing`, and per step the
 * factor its run_time or wait is multiplied by and the wait added before it
 * (wait_before[nsteps] comes after the last step). The caller frees both
 * arrays. */
typedef struct spec_timing_plan {
    double *scale, *wait_before;
    size_t nsteps;
} spec_timing_plan;

lr_status spec_timing_plan_make(const lr_spec *spec, size_t index, lr_section_timing *timing, spec_timing_plan *plan,
                                lr_error *err);
void spec_timing_plan_free(spec_timing_plan *plan);

#endif
