/* librender: the declarative scene spec (JSON), the teaching layout grid and
 * the safe expression evaluator.
 *
 * The spec is the contract between whoever writes a lesson (a person, or the
 * c2v agent through an LLM) and the renderer. docs/scene-spec.md is the
 * reference; docs/scene.schema.json is its JSON Schema.
 *
 *   lr_spec_errors *errs = lr_spec_errors_create();
 *   lr_spec *spec;
 *   if (lr_spec_load_file("lesson.json", &spec, errs) != LR_OK) {
 *       fputs(lr_spec_errors_joined(errs), stderr);   // every problem, one per line
 *       ...
 *   }
 *   for (size_t i = 0; i < lr_spec_section_count(spec); i++) {
 *       lr_scene *scene; lr_timeline *tl;
 *       lr_spec_build_section(spec, i, &scene, &tl, &err);
 *       ...
 *   }
 *   lr_spec_destroy(spec);
 *   lr_spec_errors_destroy(errs);
 */
#ifndef LR_SPEC_H
#define LR_SPEC_H

#include "lr_anim.h"
#include "lr_scene.h"
#include "lr_tex.h"
#include "lr_text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The newest version of the spec ("version" of a document): 2 brings values,
 * expressions, and what follows from them; every version 1 document still
 * means what it did. */
#define LR_SPEC_VERSION 2

/* ---- expressions ---------------------------------------------------------
 * Number expressions in the variables x and t: + - * / ^ (also **,
 * right-associative), unary minus, parentheses, implicit multiplication,
 * the functions and constants of docs/scene-spec.md ("Expressions": sin ...
 * atan2 ... mod, pi, e, DEGREES, ...; log is the natural logarithm, like
 * ln), points only on the way to a number (UP.y, norm([x, t])).
 * Compiled once to a small stack program, evaluated many times; any input is
 * safe to compile (bounded length and depth, errors name the column). */

#define LR_EXPR_MAX_LENGTH 1000 /* characters */
#define LR_EXPR_MAX_DEPTH 64    /* nested parentheses / operators */

typedef struct lr_expr lr_expr;

LR_API lr_status lr_expr_compile(const char *text, lr_expr **out, lr_error *err);
LR_API void lr_expr_destroy(lr_expr *expr);
/* The value at (x, t); NaN or inf where the mathematics says so (sqrt(-1)). */
LR_API double lr_expr_eval(const lr_expr *expr, double x, double t);
/* Whether the expression mentions the variable 'x' or 't'. */
LR_API bool lr_expr_uses(const lr_expr *expr, char variable);

/* ---- teaching layout ------------------------------------------------------
 * The frame is 8 units high (14.222 wide in landscape, 4.5 in portrait),
 * origin at the centre, y up. A section title band at the top, a column of
 * lecture lines, and a 6x6 grid of anchor cells: rows A-F top to bottom,
 * columns 1-6 left to right. The numbers are in docs/scene-spec.md. */

typedef enum lr_orientation { LR_LANDSCAPE = 0, LR_PORTRAIT } lr_orientation;

#define LR_LAYOUT_ROWS 6
#define LR_LAYOUT_COLS 6
#define LR_LAYOUT_MAX_LINES 6 /* lecture lines per section */

typedef struct lr_layout {
    float frame_width, frame_height;
    lr_rect title;   /* the title band */
    lr_rect lecture; /* the lecture column (LR_LAYOUT_MAX_LINES equal rows) */
    lr_rect grid;    /* the 6x6 anchor grid */
    float cell_width, cell_height, line_height;
} lr_layout;

LR_API lr_layout lr_layout_get(lr_orientation orientation);
/* "B3" -> row 1, column 2 (zero-based). Accepts exactly a letter A-F
 * (either case) and a digit 1-6. */
LR_API bool lr_layout_anchor_parse(const char *name, int *row, int *col);
/* The cell of an anchor; its centre is where "at" puts an object. */
LR_API lr_status lr_layout_anchor_rect(lr_orientation orientation, const char *anchor, lr_rect *out,
                                       lr_error *err);
/* The box spanning the cells of two anchors (any two corners). */
LR_API lr_status lr_layout_area_rect(lr_orientation orientation, const char *a, const char *b, lr_rect *out,
                                     lr_error *err);
/* The box of lecture line `index` (0-based). */
LR_API lr_rect lr_layout_line_rect(lr_orientation orientation, int index);

/* ---- error list ----------------------------------------------------------- */

/* Every problem found in a spec, in document order. Each message is
 * "<file>: <json path>: <what was found>, <what was expected>", or
 * "<file>:<line>:<column>: ..." for malformed JSON. */
typedef struct lr_spec_errors lr_spec_errors;

#define LR_SPEC_MAX_ERRORS 100 /* later ones are counted, not kept */

LR_API lr_spec_errors *lr_spec_errors_create(void);
LR_API void lr_spec_errors_destroy(lr_spec_errors *errs);
LR_API void lr_spec_errors_clear(lr_spec_errors *errs);
LR_API size_t lr_spec_errors_count(const lr_spec_errors *errs);
LR_API const char *lr_spec_errors_message(const lr_spec_errors *errs, size_t index);
/* The JSON path of error `index` ("sections[2].timeline[4].play[0].target"),
 * "" for whole-document errors. */
LR_API const char *lr_spec_errors_path(const lr_spec_errors *errs, size_t index);
/* All messages, one per line (a final line counts the ones not kept). */
LR_API const char *lr_spec_errors_joined(const lr_spec_errors *errs);

/* ---- loading -------------------------------------------------------------- */

typedef struct lr_spec lr_spec;

/* Parses and validates. On failure *out is NULL, the status is LR_ERR_SPEC
 * (or LR_ERR_IO, LR_ERR_LIMIT, LR_ERR_NOMEM) and `errs` (optional) holds every
 * problem found. Asset paths resolve inside the spec file's folder. */
LR_API lr_status lr_spec_load_file(const char *path, lr_spec **out, lr_spec_errors *errs);
/* `name` is used in messages ("scene.json"); `asset_dir` is the folder that
 * svg and image paths are relative to (NULL: the current folder). */
LR_API lr_status lr_spec_load_string(const char *json, const char *name, const char *asset_dir, lr_spec **out,
                                     lr_spec_errors *errs);
LR_API void lr_spec_destroy(lr_spec *spec);

typedef struct lr_spec_meta {
    const char *title;
    lr_orientation orientation;
    int width, height, fps;
    lr_color background;
} lr_spec_meta;

LR_API lr_spec_meta lr_spec_get_meta(const lr_spec *spec);
LR_API size_t lr_spec_section_count(const lr_spec *spec);
LR_API const char *lr_spec_section_id(const lr_spec *spec, size_t index);
LR_API const char *lr_spec_section_title(const lr_spec *spec, size_t index);
/* The index of the section with this id; LR_ERR_INVALID_ARG, naming the
 * section ids there are, when none has it. */
LR_API lr_status lr_spec_section_find(const lr_spec *spec, const char *id, size_t *index, lr_error *err);
LR_API size_t lr_spec_section_line_count(const lr_spec *spec, size_t index);
LR_API const char *lr_spec_section_line(const lr_spec *spec, size_t index, size_t line);
/* The narration of a lecture line, or NULL when it has none. */
LR_API const char *lr_spec_section_narration(const lr_spec *spec, size_t index, size_t line);
/* Seconds: the exact sum of the section's timeline steps. */
LR_API double lr_spec_section_duration(const lr_spec *spec, size_t index);
LR_API double lr_spec_duration(const lr_spec *spec);
/* The folder asset paths are relative to. */
LR_API const char *lr_spec_asset_dir(const lr_spec *spec);

/* The objects a section declares (inline group children included), in
 * document order, not counting the reserved "title" and "line0".."line5".
 * The type is the spec's name ("circle", "tex", ...); `top_level` is false
 * for a group's child. Strings live as long as the spec. */
LR_API size_t lr_spec_section_object_count(const lr_spec *spec, size_t index);
LR_API const char *lr_spec_section_object_id(const lr_spec *spec, size_t index, size_t object);
LR_API const char *lr_spec_section_object_type(const lr_spec *spec, size_t index, size_t object);
LR_API bool lr_spec_section_object_top_level(const lr_spec *spec, size_t index, size_t object);
/* The id of the axes an object is drawn on (a function graph, a parametric
 * curve with axes, or a tangent line or area through its graph), or NULL:
 * such an object moves and scales with its axes, not on its own. Objects
 * drawn in 3D (version 2) give "(3D camera)": they are parts of one
 * picture, the camera's. */
LR_API const char *lr_spec_section_object_attached(const lr_spec *spec, size_t index, size_t object);

/* ---- building ----------------------------------------------------------------
 * A section becomes a scene (the title "title", lecture lines "line0".., and
 * every object under its id, hidden until the timeline brings it in) and a
 * timeline whose duration is exactly lr_spec_section_duration.
 *
 * Text and TeX need contexts (fonts, the LaTeX cache). The spec creates them
 * on first use and keeps them until lr_spec_destroy, unless the caller lends
 * its own with lr_spec_set_contexts. So a spec is not thread-safe while it
 * builds, and it must outlive the timelines built from it (ChangeDecimalToValue
 * rebuilds its number through the spec's text context during seeks). */
LR_API void lr_spec_set_contexts(lr_spec *spec, lr_text_context *text, lr_tex_context *tex);
/* On success the caller owns *scene and *timeline: destroy the timeline
 * first. Failures name the object (JSON path) and what went wrong: a LaTeX
 * error, an SVG that does not load, a font that is missing. */
LR_API lr_status lr_spec_build_section(const lr_spec *spec, size_t index, lr_scene **scene, lr_timeline **timeline,
                                       lr_error *err);

/* Every check that rendering makes, short of drawing: each section is
 * built as lr_spec_build_section builds it -- asset files resolved, opened
 * and parsed (SVGs, images decoded within the limits), formulas through the
 * formula filter and LaTeX (with the cache), text shaped with its fonts, the
 * timeline compiled. Unlike building, a failing object does not end its
 * section: each failure is added to `errs` (optional) with the object's
 * JSON path. LR_ERR_SPEC when anything failed. */
LR_API lr_status lr_spec_check(const lr_spec *spec, lr_spec_errors *errs);

/* ---- the vocabulary ------------------------------------------------------------
 * What the validator accepts, generated from the one description it reads:
 * the JSON Schema (draft 2020-12) that docs/scene.schema.json is, the
 * reference tables of docs/scene-spec.md, or the vocabulary the c2v agent's
 * Coder is given (prompts/spec_vocabulary.txt). *out is malloc'd: free it
 * with free(). */
typedef enum lr_spec_format {
    LR_SPEC_FORMAT_SCHEMA = 0, /* JSON Schema, draft 2020-12 */
    LR_SPEC_FORMAT_MARKDOWN,   /* the reference tables */
    LR_SPEC_FORMAT_PROMPT      /* plain text for a language model */
} lr_spec_format;

LR_API lr_status lr_spec_vocabulary(lr_spec_format format, char **out, lr_error *err);

/* ---- narration timing (docs/audio.md) ---------------------------------------
 * Speech sets the pace. A lecture line is spoken when it first becomes the
 * current line; from then until the next line change (or the section's end)
 * is its stretch, and the stretch lasts at least `need` seconds: when its
 * steps are shorter, either a wait is added at its end (LR_SPEECH_WAIT) or
 * its play and wait steps are slowed down in proportion (LR_SPEECH_STRETCH;
 * a stretch with no timed step gets a wait). */
typedef enum lr_speech_fit { LR_SPEECH_WAIT = 0, LR_SPEECH_STRETCH } lr_speech_fit;

typedef struct lr_section_timing {
    double need[LR_LAYOUT_MAX_LINES];  /* in: seconds line i must stay current; 0: no need */
    lr_speech_fit fit;                 /* in */
    double start[LR_LAYOUT_MAX_LINES]; /* out: when line i first becomes current (s); -1: never */
    double end[LR_LAYOUT_MAX_LINES];   /* out: when that first stretch ends; -1: never */
    double duration;                   /* out: the section's length with the speech fitted */
} lr_section_timing;

/* Fills the outputs of `timing` from its inputs. */
LR_API lr_status lr_spec_section_timing(const lr_spec *spec, size_t index, lr_section_timing *timing, lr_error *err);
/* lr_spec_build_section with the steps fitted to `timing` (NULL: as written);
 * the timeline lasts exactly timing->duration as lr_spec_section_timing
 * computes it. */
LR_API lr_status lr_spec_build_section_timed(const lr_spec *spec, size_t index, const lr_section_timing *timing,
                                             lr_scene **scene, lr_timeline **timeline, lr_error *err);

#ifdef __cplusplus
}
#endif
#endif
