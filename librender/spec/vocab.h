/* The scene spec's vocabulary, described once, as data: every object type,
 * animation and timeline step, and every field of each, with its kind,
 * range, default, whether it is required, the spec version that brought it
 * and a one-line doc. The validator (validate.c) reads it; the JSON Schema
 * (schema.c), the reference tables of docs/scene-spec.md and the Coder's
 * vocabulary in prompts/ (reference.c) are generated from it. Adding a field
 * means adding a row here and reading it in the builder. */
#ifndef LR_SPEC_VOCAB_H
#define LR_SPEC_VOCAB_H

#include <librender/lr_spec.h>

#include <stdbool.h>
#include <stddef.h>

typedef enum vocab_kind {
    V_NUMBER,    /* a number in [min, max], (min, max] with VF_EXCL_MIN */
    V_INT,       /* a whole number in [min, max] */
    V_STRING,    /* a string of 1..max characters */
    V_TEX,       /* a LaTeX string of 1..max characters */
    V_TEXS,      /* min..max LaTeX strings (substrings_to_isolate), plain text with VF_PLAIN (labels) */
    V_TEX_MAP,   /* {"TeX of a part": "TeX of a part"} (TransformMatchingTex's key_map) */
    V_BOOL,
    V_POINT,     /* [x, y] */
    V_POINTS,    /* [[x, y], ...]: at least min of them */
    V_RANGE,     /* [min, max] or [min, max, step] */
    V_COLOR,     /* a Manim colour name or #rgb, #rrggbb, #rrggbbaa */
    V_ENUM,      /* one of the names of `en` */
    V_DIRECTION, /* one of the names of `en`, or (version 2) a vector [x, y] that is not [0, 0] */
    V_REF,       /* the id of an object declared earlier, of the types in `ref` (NULL: any) */
    V_REFS,      /* min..max ids of objects declared earlier, of the types in `ref` */
    V_MATRIX,    /* [[a, b], [c, d]]: min rows of min numbers (expressions with VF_DYN) */
    V_COLORS,    /* min..max colours: a gradient */
    V_CELLS,     /* min..max rows of min..max LaTeX strings or numbers (a matrix's entries); text with VF_PLAIN */
    V_NUMBERS,   /* min..max numbers, or (VF_DYN) expressions: a bar chart's values, values along an axis */
    /* A graph's (version 2): vertices are named by whole numbers or strings. */
    V_VERTICES,      /* min..max vertex names, each once */
    V_EDGES,         /* min..max pairs [u, v] of the graph's vertices */
    V_VERTEX,        /* one of the graph's vertices */
    V_VERTEX_LISTS,  /* min..max lists of the graph's vertices (partitions, shells) */
    V_LAYOUT,        /* one of the names of `en`, or {vertex: [x, y]} */
    V_LABELS,        /* true or false, or {vertex: LaTeX} */
    V_VERTEX_CONFIG, /* the fields of `sub`, and {vertex: {fields of `sub`}} for one vertex */
    V_EDGE_CONFIG,   /* the fields of `sub`, and {"u, v": {fields of `sub`}} for one edge */
    V_INTS,      /* min..max whole numbers from 1 to max: lines counted from 1 (a code's highlight_lines) */
    V_TARGET,    /* the id of an object (animations: on screen as the role says) */
    V_IDS,       /* a non-empty array of object ids */
    V_EXPR,      /* an expression in the variables named by `ref` ("x", "t") */
    V_ANCHOR,    /* "A1".."F6" */
    V_AREA,      /* two anchors ["A1", "C3"] */
    V_STRUCT,    /* an object with the fields of `sub` */
    V_COLOR_MAP, /* {"part of the formula": colour} */
    V_CHILDREN,  /* group children: ids of earlier objects or inline objects */
    V_ASSET,     /* a path inside the asset folder */
    V_VERSION,   /* the document's version */
    V_ID,        /* the id an object or section declares */
    V_TYPE,      /* an object's type name */
    V_ANIM,      /* an animation's name */
    V_ANIMS,     /* a non-empty array of animations */
    V_LINES,     /* the lecture lines: strings or structs */
    V_OBJECTS,   /* an array of objects */
    V_STEPS,     /* the timeline: a non-empty array of steps */
    V_SECTIONS,  /* a non-empty array of sections */
    V_LINE_INDEX, /* a lecture line's index */
    V_DURATION,  /* seconds, > 0 and at most SPEC_MAX_RUN_TIME */
    V_RESOLUTION /* n or [nu, nv]: whole numbers from min to max (a surface's faces) */
} vocab_kind;

enum {
    VF_REQUIRED = 1,
    VF_EXCL_MIN = 2, /* the minimum itself is not allowed */
    VF_EMPTY_OK = 4, /* V_STRING: "" is allowed */
    /* From version 2, the value may be an expression (a string) instead of
     * a number, and a point's or range's items may be: the builder
     * evaluates it when the object is built, and again at every frame when
     * it depends on something that changes. */
    VF_DYN = 8,
    VF_TOP_LEVEL = 16, /* animations: only at the top of a play step, not inside a composite */
    VF_LAYOUT = 32,    /* where an object goes and how opaque it is, not its shape: text that only moves is not re-shaped */
    VF_PLAIN = 64,     /* V_CELLS, V_TEXS: the strings are plain text, not LaTeX */
    VF_3D = 128,       /* V_POINT: [x, y] or [x, y, z] (z only where the object is drawn in 3D) */
    VF_LATE = 256,     /* a section's field checked after its objects (expressions there read them) */
    /* A point of the plane (a V_POINT or V_POINTS field of an object): with
     * the object's "in" (version 2), it is given in those axes'
     * coordinates; sizes stay in scene units. */
    VF_COORD = 512,
    /* V_REF, V_REFS: operands of a boolean operation: objects that enclose
     * an area (vocab_encloses_area), followed as a mark follows its target
     * (when an animation moves or reshapes them, not when one brings them in). */
    VF_SHAPES = 1024,
    VF_ONLY_3D = 2048, /* only where the object is drawn in 3D (an arrow's thickness) */
};

typedef struct vocab_enum {
    const char *name; /* "direction", "rate function" */
    const char *const *values;
    size_t count;
} vocab_enum;

typedef struct vocab_struct vocab_struct;

typedef struct vocab_field {
    const char *name;
    vocab_kind kind;
    unsigned flags;
    double min, max;
    const char *ref;          /* V_REF: "axes|number_plane"; V_EXPR: its variable */
    const vocab_enum *en;     /* V_ENUM */
    const vocab_struct *sub;  /* V_STRUCT, V_LINES */
    const char *def;          /* the default as JSON text ("1", "[0, 0]"), NULL when none applies */
    int since;                /* the spec version that brought it */
    const char *doc;
} vocab_field;

struct vocab_struct {
    const char *key;  /* its name in the JSON Schema's $defs */
    const char *name; /* in messages: "meta", "a section", "next_to" */
    const vocab_field *fields; /* ends with a row whose name is NULL */
    const char *doc;
};

/* How an object type is placed and drawn. */
enum {
    VT_PLACED = 1,   /* takes at / area / position / next_to / align_to */
    VT_FILLED = 2,   /* filled by default (text-like objects, dots) */
    VT_TEXTLIKE = 4, /* text, tex, decimal: what the layout report treats as text */
    VT_BARE = 8,     /* not drawn: no placement or style fields, never on screen (value) */
    VT_3D = 16,      /* seen through the section's 3D camera: only in a section with a "camera" */
    VT_IN_3D = 32,   /* in a section with a "camera", drawn in 3D unless fixed_in_frame (line, dot) */
};

typedef struct vocab_type {
    const char *name;
    const vocab_field *fields; /* its own, after the common ones */
    unsigned flags;
    int since;
    const char *doc;
} vocab_type;

/* What an animation does to what is on screen. */
typedef enum vocab_role {
    VR_INTRO,     /* brings its target on screen */
    VR_OUTRO,     /* takes its target off screen */
    VR_ON,        /* needs its target on screen and leaves it there */
    VR_TRANSFORM, /* the target morphs into the shape of "to"; "to" stays as it was */
    VR_REPLACE,   /* the target is replaced by "to", which must not be on screen */
    VR_CAMERA,    /* no target */
    VR_COMPOSITE, /* "animations": [...] */
    VR_VALUE,     /* the target is a value object, never on screen */
    VR_PAUSE      /* no target: nothing moves for its run_time (Wait, inside composites) */
} vocab_role;

typedef struct vocab_anim {
    const char *name;
    vocab_role role;
    const vocab_field *fields; /* its own, after the common ones */
    int since;
    const char *doc;
} vocab_anim;

typedef struct vocab_step {
    const char *key; /* the field that makes a step of this kind */
    const vocab_field *fields; /* all of its fields, the key first */
    const char *doc;
} vocab_step;

/* What an expression may read of an object (version 2): `id.name` or
 * `id.name(args)`, under Manim's names; `query` is a spec_query. */
typedef struct vocab_query {
    const char *name;
    int query;
    bool point; /* the result is a point (else a number) */
    int nargs;
    const char *types; /* the object types that have it; NULL: every drawn object */
    const char *doc;
} vocab_query;

extern const vocab_query vocab_queries[];
extern const size_t vocab_query_count;

/* The parts of an object that animations may target (version 2):
 * "id.name" or "id.name(i)" or "id.name(i, j)", indices from 0, as
 * Manim's get_rows()[i], get_entries()... */
typedef struct vocab_part {
    const char *type; /* the object type that has it */
    const char *name;
    int nargs; /* VOCAB_INDEX_OR_TEX: one index, or the TeX of a formula's part (eq.part(a^2)) */
    const char *doc;
} vocab_part;
#define VOCAB_INDEX_OR_TEX (-1)
#define VOCAB_VERTEX (-2) /* a graph's vertex by its name: g.vertex(3), g.vertex(A) */
#define VOCAB_EDGE (-3)   /* a graph's edge by its two vertices: g.edge(1, 2) */

extern const vocab_part vocab_parts[];
extern const size_t vocab_part_count;
const vocab_part *vocab_find_part(const char *type, const char *name);

/* A target that names a part: "m.row(1)" gives id "m", name "row", args
 * {1}. What the parentheses hold when it is not one or two whole numbers
 * is `tex` (everything up to the final ")", so "eq.part(f(x))" is the part
 * "f(x)"), with nargs 1. False when `text` is not of that form (a plain id
 * is not a part). */
#define VOCAB_PART_TEX_MAX 200
typedef struct vocab_part_ref {
    char id[72], name[32];
    int args[2], nargs;
    bool by_tex;
    char tex[VOCAB_PART_TEX_MAX + 1];
} vocab_part_ref;
bool vocab_part_parse(const char *text, vocab_part_ref *out);

#define SPEC_VERSION_MAX LR_SPEC_VERSION /* the newest version the vocabulary describes */

extern const vocab_enum vocab_directions, vocab_edges, vocab_text_aligns, vocab_rate_funcs, vocab_orientations,
    vocab_qualities, vocab_brackets, vocab_graph_layouts, vocab_code_languages, vocab_code_styles,
    vocab_code_backgrounds;
/* Axes (version 2): the eight directions of a graph's label, where a
 * Riemann rectangle samples the graph, an axis' scaling, what its numbers
 * are drawn with. */
extern const vocab_enum vocab_directions8, vocab_sample_types, vocab_scalings, vocab_label_constructors;

extern const vocab_struct vocab_document, vocab_meta, vocab_section, vocab_lecture_line, vocab_next_to,
    vocab_align_to, vocab_object_common, vocab_object_bare, vocab_anim_targeted, vocab_anim_untargeted, vocab_camera,
    vocab_code_background, vocab_code_paragraph;
extern const vocab_enum vocab_camera_angles, vocab_coordinate_axes;

/* The animations that move a 3D object as a whole (its transform and
 * opacity): the only ones a 3D object takes for now. */
bool vocab_moves_3d(const char *anim);
/* MoveCamera's fields that turn the 3D camera (phi, theta, ...). */
bool vocab_is_camera3d_field(const char *field);
/* One axis' ticks and numbers (version 2): an axes' axis_config,
 * x_axis_config and y_axis_config (Manim's); a number_line takes the same
 * fields as its own. */
extern const vocab_struct vocab_axis_config;
/* The settings of graphs (version 2), which the schema and the reference
 * describe after the object types. */
extern const vocab_struct vocab_layout_config, vocab_vertex_config, vocab_edge_config, vocab_digraph_edge_config,
    vocab_tip_config;

extern const vocab_type vocab_types[];
extern const size_t vocab_type_count;
extern const vocab_anim vocab_anims[];
extern const size_t vocab_anim_count;
extern const vocab_step vocab_steps[];
extern const size_t vocab_step_count;

const vocab_type *vocab_find_type(const char *name);
const vocab_anim *vocab_find_anim(const char *name);
const vocab_field *vocab_find_field(const vocab_field *fields, const char *name);
/* The placement fields of vocab_object_common (at, area, position, next_to,
 * align_to, plane): refused for a type without VT_PLACED. */
bool vocab_is_placement(const char *field);
const char *vocab_role_doc(vocab_role role);
/* Whether an animation of this role names a "target": the one rule the
 * validator and the schema both read. */
bool vocab_role_targeted(vocab_role role);
/* Whether objects of this type enclose an area that boolean operations
 * (union, intersection, difference, exclusion) can combine;
 * vocab_area_types lists them in words, for messages and docs. */
bool vocab_encloses_area(const char *type);
extern const char vocab_area_types[];
/* union, intersection, difference, exclusion */
bool vocab_is_boolean(const char *type);
/* ApplyMatrix, ApplyFunction, ApplyComplexFunction: maps of the plane,
 * which carry what is drawn on a plane they move. */
bool vocab_is_map(const char *anim);
/* Whether `field` of an object of `type` is a point of the plane (VF_COORD):
 * what "in" gives in an axes' coordinates. */
bool vocab_is_coord(const char *type, const char *field);

#endif
