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
#define SPEC_MAX_PATH 256
#define SPEC_MAX_RUN_TIME 60.0
#define SPEC_MAX_SECTION_TIME 600.0
#define SPEC_MAX_COORD 1000.0

typedef struct spec_line {
    const char *text;      /* borrowed from the JSON tree */
    const char *narration; /* NULL when absent */
} spec_line;

typedef struct spec_object {
    const char *id, *type; /* borrowed from the JSON tree */
    bool top_level;
    const char *attached; /* the axes it is drawn on, or NULL; borrowed */
} spec_object;

typedef struct spec_section {
    const char *id, *title; /* borrowed from the JSON tree */
    spec_line lines[LR_LAYOUT_MAX_LINES];
    size_t nlines;
    spec_object *objects;
    size_t nobjects;
    double duration;
    const cJSON *json;
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
    spec_decimal *decimals;
    /* Set by the builder when it creates contexts, so that loading and
     * validating alone never link the text and TeX modules. */
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

/* ---- error list (errors.c) ---- */
void spec_errors_add(lr_spec_errors *errs, const char *name, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

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

/* ---- generated from the vocabulary (schema.c, reference.c); malloc'd, NULL when out of memory ---- */
char *spec_schema_json(void);
char *spec_reference_text(bool markdown_tables);

/* ---- narration timing (timing.c) ---- */

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
