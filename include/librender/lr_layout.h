/* librender: the layout report. At any moment of a scene it gives every
 * visible object's exact bounding box, in frame and anchor coordinates, and
 * lists what a viewer would call bad layout: objects overlapping, leaving the
 * frame or the anchor grid, covering the title or the lecture column, text
 * too small to read at the output resolution. The Critic reads it before it
 * spends any VLM call, and `c2v-render --layout-report` prints it as JSON.
 */
#ifndef LR_LAYOUT_H
#define LR_LAYOUT_H

#include "lr_spec.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What part of the teaching layout an object plays. */
typedef enum lr_layout_role {
    LR_ROLE_CONTENT = 0, /* belongs in the anchor grid */
    LR_ROLE_TITLE,       /* the section title: belongs in the title band */
    LR_ROLE_LECTURE      /* a lecture line: belongs in the lecture column */
} lr_layout_role;

/* One object to check: a mobject of the scene, named by its id. */
typedef struct lr_layout_item {
    const char *id;
    const lr_mobject *mobject;
    lr_layout_role role;
    bool is_text; /* text or formula: checked for size */
    /* Id of the object whose coordinates this one is drawn in (a graph's
     * axes), or NULL. Parts of one diagram overlap by design, so overlaps
     * between an object and what it is attached to, or between two objects
     * attached to the same one, are not problems. */
    const char *attached_to;
} lr_layout_item;

typedef enum lr_layout_problem_kind {
    LR_PROBLEM_OVERLAP = 0,   /* two objects' boxes intersect */
    LR_PROBLEM_OFF_FRAME,     /* part of the object is outside the frame */
    LR_PROBLEM_OUTSIDE_GRID,  /* a content object reaches outside the anchor grid */
    LR_PROBLEM_OVER_LECTURE,  /* a content object covers the lecture column */
    LR_PROBLEM_OVER_TITLE,    /* a content object covers the title band */
    LR_PROBLEM_TEXT_TOO_SMALL /* glyphs shorter than the minimum pixel height */
} lr_layout_problem_kind;

/* "overlap", "off_frame", "outside_grid", "over_lecture", "over_title",
 * "text_too_small". */
LR_API const char *lr_layout_problem_name(lr_layout_problem_kind kind);

typedef struct lr_layout_problem {
    lr_layout_problem_kind kind;
    size_t item;  /* index into the report's objects */
    size_t other; /* OVERLAP: the other object */
    /* OVERLAP: intersection area; OFF_FRAME, OUTSIDE_GRID, OVER_*: area
     * outside / covered (scene units squared); TEXT_TOO_SMALL: the tallest
     * glyph's height in pixels. */
    float amount;
    /* OVERLAP: one box lies wholly inside the other (a label on a shape, a
     * graph on its axes): often meant, where a partial overlap rarely is. */
    bool contained;
} lr_layout_problem;

typedef struct lr_layout_object {
    const char *id; /* borrowed from the item */
    lr_layout_role role;
    bool is_text;
    const char *attached_to; /* borrowed from the item */
    lr_rect box;         /* scene units */
    lr_rect pixels;      /* output pixels, y down */
    char anchor_min[3];  /* top-left anchor cell the box reaches ("A1"), "" if outside the grid */
    char anchor_max[3];  /* bottom-right anchor cell */
} lr_layout_object;

typedef struct lr_layout_report {
    lr_layout_object *objects; /* visible objects only */
    size_t nobjects;
    lr_layout_problem *problems;
    size_t nproblems;
} lr_layout_report;

typedef struct lr_layout_options {
    lr_orientation orientation;
    int pixel_width, pixel_height; /* the output resolution */
    float min_text_px;             /* 0: 8 pixels (the tallest glyph: x-height for "one") */
    float min_overlap_area;        /* overlaps smaller than this are ignored; 0: 0.01 units² */
} lr_layout_options;

/* Checks the items as the scene shows them now (after lr_timeline_seek).
 * Invisible items (hidden, or fully transparent, themselves or through an
 * ancestor) are left out. Frees what `out` held before. */
LR_API lr_status lr_layout_report_compute(const lr_scene *scene, const lr_layout_item *items, size_t nitems,
                                          const lr_layout_options *options, lr_layout_report *out, lr_error *err);
LR_API void lr_layout_report_free(lr_layout_report *report);
/* The report as a JSON object (malloc'd, caller frees): {"objects": [...],
 * "problems": [...]}. NULL when memory runs out. */
LR_API char *lr_layout_report_to_json(const lr_layout_report *report);

/* ---- the report of a spec's section ----------------------------------------
 * Items are the section's top-level objects (content; text, tex and decimal
 * objects are checked for size), its title ("title") and lecture lines
 * ("line0".."line5"). The orientation comes from the spec; `options`
 * gives the output resolution and thresholds. */

/* The items of section `section` found in `scene` (built from that section),
 * in the order above; at most `capacity` of them, which
 * lr_spec_section_object_count + 1 + LR_LAYOUT_MAX_LINES always holds. Ids
 * are borrowed from the spec. Returns how many were written. */
LR_API size_t lr_spec_layout_items(const lr_spec *spec, size_t section, const lr_scene *scene,
                                   lr_layout_item *items, size_t capacity);

/* The report at the end of the section's play step number `play` (0-based:
 * the spec timeline's entries with "play", counted in order), that is the
 * state after that step, before the next one begins. LR_ERR_INVALID_ARG when
 * the section has fewer play steps. */
LR_API lr_status lr_spec_layout_report(const lr_spec *spec, size_t section, size_t play,
                                       const lr_layout_options *options, lr_layout_report *out, lr_error *err);

/* The reports at the end of every play step of the section, as JSON
 * (malloc'd, caller frees):
 *   {"section": "id", "width": W, "height": H,
 *    "steps": [{"play": n, "time": t, "objects": [...], "problems": [...]}, ...]} */
LR_API char *lr_spec_layout_report_json(const lr_spec *spec, size_t section, const lr_layout_options *options,
                                        lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
