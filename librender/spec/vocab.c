/* The vocabulary's data (vocab.h says who reads it). Docs are one line, in
 * the voice of docs/scene-spec.md: what the field means, not its type (the
 * generators print the type, range and default from the other columns). */
#include "spec/vocab.h"
#include "code/code.h"
#include "spec/spec_internal.h"

#include <string.h>

#define LEN_MAX 100.0
#define ANGLE_MAX 3600.0
#define RANGE_MAX 1e6

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define END {NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, 0, NULL}
#define V2 2 /* `since` of what version 2 brought */

/* Field rows. `f` are VF_ flags, `d` the default as JSON text. */
#define NUM(n, f, lo, hi, d, doc) {n, V_NUMBER, (f) | VF_DYN, lo, hi, NULL, NULL, NULL, d, 0, doc}
/* A number that must be known when the spec loads (durations, lag ratios). */
#define STATIC_NUM(n, f, lo, hi, d, doc) {n, V_NUMBER, f, lo, hi, NULL, NULL, NULL, d, 0, doc}
#define LENGTH(n, d, doc) NUM(n, VF_EXCL_MIN, 0, LEN_MAX, d, doc)
#define ANGLE(n, d, doc) NUM(n, 0, -ANGLE_MAX, ANGLE_MAX, d, doc)
#define INT(n, lo, hi, d, doc) {n, V_INT, 0, lo, hi, NULL, NULL, NULL, d, 0, doc}
#define STR(n, f, max, doc) {n, V_STRING, f, 0, max, NULL, NULL, NULL, NULL, 0, doc}
#define TEX(n, f, max, doc) {n, V_TEX, f, 0, max, NULL, NULL, NULL, NULL, 0, doc}
#define BOOL(n, d, doc) {n, V_BOOL, 0, 0, 0, NULL, NULL, NULL, d, 0, doc}
#define POINT(n, f, d, doc) {n, V_POINT, (f) | VF_DYN, 0, 0, NULL, NULL, NULL, d, 0, doc}
#define POINTS(n, least, doc) {n, V_POINTS, VF_REQUIRED | VF_DYN | VF_COORD, least, 0, NULL, NULL, NULL, NULL, 0, doc}
#define RANGE(n, f, d, doc) {n, V_RANGE, f, 0, 0, NULL, NULL, NULL, d, 0, doc}
#define COLOR(n, f, d, doc) {n, V_COLOR, f, 0, 0, NULL, NULL, NULL, d, 0, doc}
#define ENUM(n, e, d, doc) {n, V_ENUM, 0, 0, 0, NULL, &e, NULL, d, 0, doc}
#define REF(n, f, types, doc) {n, V_REF, f, 0, 0, types, NULL, NULL, NULL, 0, doc}
#define TARGET(n, f, doc) {n, V_TARGET, f, 0, 0, NULL, NULL, NULL, NULL, 0, doc}
#define EXPR(n, var, doc) {n, V_EXPR, VF_REQUIRED, 0, 0, var, NULL, NULL, NULL, 0, doc}
#define STRUCT(n, s, doc) {n, V_STRUCT, 0, 0, 0, NULL, NULL, &s, NULL, 0, doc}
#define KIND(n, k, f, doc) {n, k, f, 0, 0, NULL, NULL, NULL, NULL, 0, doc}

/* ---- enums ---------------------------------------------------------------- */

static const char *const directions[] = {"right", "left", "up", "down"};
static const char *const text_aligns[] = {"left", "center", "right"};
static const char *const rate_funcs[] = {"linear",         "smooth",         "rush_into",
                                         "rush_from",      "there_and_back", "there_and_back_with_pause",
                                         "ease_in_cubic",  "ease_out_cubic", "ease_in_out_cubic",
                                         "double_smooth",  "wiggle"};
static const char *const orientations[] = {"landscape", "portrait"};
static const char *const qualities[] = {"l", "m", "h", "k"};

const vocab_enum vocab_directions = {"direction", directions, COUNT(directions)};
const vocab_enum vocab_edges = {"edge", directions, COUNT(directions)};
const vocab_enum vocab_text_aligns = {"alignment", text_aligns, COUNT(text_aligns)};
const vocab_enum vocab_rate_funcs = {"rate function", rate_funcs, COUNT(rate_funcs)};
const vocab_enum vocab_orientations = {"orientation", orientations, COUNT(orientations)};
const vocab_enum vocab_qualities = {"quality", qualities, COUNT(qualities)};

static const char *const directions8[] = {"right", "left", "up", "down", "ur", "ul", "dr", "dl"};
static const char *const sample_types[] = {"left", "right", "center"};
static const char *const scalings[] = {"linear", "log"};
static const char *const label_constructors[] = {"MathTex", "Text"};
const vocab_enum vocab_directions8 = {"direction", directions8, COUNT(directions8)};
const vocab_enum vocab_sample_types = {"input sample type", sample_types, COUNT(sample_types)};
const vocab_enum vocab_scalings = {"scaling", scalings, COUNT(scalings)};
const vocab_enum vocab_label_constructors = {"label constructor", label_constructors, COUNT(label_constructors)};

/* ---- the document ----------------------------------------------------------- */

static const vocab_field meta_fields[] = {
    STR("title", 0, SPEC_MAX_TITLE, "the lesson's title"),
    ENUM("orientation", vocab_orientations, "\"landscape\"", "landscape (16:9) or portrait (9:16)"),
    ENUM("quality", vocab_qualities, "\"m\"",
         "l 854x480 @15, m 1280x720 @30, h 1920x1080 @60, k 3840x2160 @60; portrait swaps width and height"),
    INT("width", 16, 7680, NULL, "explicit width in pixels: with height, even, matching the orientation"),
    INT("height", 16, 7680, NULL, "explicit height in pixels: with width, even, matching the orientation"),
    INT("fps", 1, 120, NULL, "frames per second (default: from quality)"),
    COLOR("background", 0, "\"#000000\"", "the background colour"),
    END,
};
const vocab_struct vocab_meta = {"meta", "meta", meta_fields, "the lesson as a whole"};

static const vocab_field lecture_line_fields[] = {
    STR("text", VF_REQUIRED, SPEC_MAX_LINE, "the line as shown"),
    {"narration", V_STRING, VF_EMPTY_OK, 0, SPEC_MAX_NARRATION, NULL, NULL, NULL, NULL, 0,
     "what is spoken when the line lights up (default: the text; \"\" keeps it silent)"},
    END,
};
const vocab_struct vocab_lecture_line = {"lecture_line", "a lecture line", lecture_line_fields,
                                         "a string, or {\"text\", \"narration\"}"};

/* Manim's ThreeDCamera (version 2). Angles in degrees, as every angle of
 * the spec; the builder turns them into the library's radians. */
static const char *const camera_angles[] = {"theta", "phi", "gamma"};
const vocab_enum vocab_camera_angles = {"camera angle", camera_angles, COUNT(camera_angles)};
static const char *const coordinate_axes[] = {"x", "y", "z"};
const vocab_enum vocab_coordinate_axes = {"axis", coordinate_axes, COUNT(coordinate_axes)};

static const vocab_field camera_fields[] = {
    {"phi", V_NUMBER, VF_DYN, -ANGLE_MAX, ANGLE_MAX, NULL, NULL, NULL, "0", V2,
     "degrees between the line of sight and the z axis (Manim's phi): 0 looks straight down at the xy-plane"},
    {"theta", V_NUMBER, VF_DYN, -ANGLE_MAX, ANGLE_MAX, NULL, NULL, NULL, "-90", V2,
     "degrees the camera has gone round the z axis (Manim's theta): with phi 0, -90 is the 2D view"},
    {"gamma", V_NUMBER, VF_DYN, -ANGLE_MAX, ANGLE_MAX, NULL, NULL, NULL, "0", V2,
     "degrees the picture turns about the line of sight"},
    {"zoom", V_NUMBER, VF_DYN | VF_EXCL_MIN, 0, 100, NULL, NULL, NULL, "1", V2, "magnification (Manim's zoom)"},
    {"focal_distance", V_NUMBER, VF_DYN | VF_EXCL_MIN, 0, 1000, NULL, NULL, NULL, "20", V2,
     "distance from the camera to the origin it looks at: smaller shows more perspective"},
    {"light", V_POINT, VF_DYN | VF_3D, 0, 0, NULL, NULL, NULL, "[-7, -9, 10]", V2,
     "where the point light is (Manim's 9 DOWN + 7 LEFT + 10 OUT): surfaces are brightest where they face it"},
    {"position", V_POINT, VF_DYN, 0, 0, NULL, NULL, NULL, "[0, 0]", V2,
     "where in the frame the origin it turns about is drawn: [3.5, -0.5] puts the 3D view in the anchor grid, "
     "beside the lecture lines (Manim's camera always draws it in the middle)"},
    END,
};
const vocab_struct vocab_camera = {"camera", "the camera", camera_fields,
                                   "a 3D camera, as Manim's ThreeDScene starts it; numbers or expressions of time and "
                                   "values (version 2)"};

bool vocab_is_camera3d_field(const char *field)
{
    static const char *const moved[] = {"phi", "theta", "gamma", "zoom", "focal_distance"};
    for (size_t i = 0; i < COUNT(moved); i++)
        if (strcmp(field, moved[i]) == 0)
            return true;
    return false;
}

static const vocab_field section_fields[] = {
    KIND("id", V_ID, VF_REQUIRED, "unique among the sections: a letter or _, then letters, digits, _ or -"),
    STR("title", VF_REQUIRED, SPEC_MAX_TITLE, "shown in the title band"),
    {"lecture_lines", V_LINES, 0, 0, LR_LAYOUT_MAX_LINES, NULL, NULL, &vocab_lecture_line, NULL, 0,
     "the lines of the lecture column, lit one at a time"},
    {"objects", V_OBJECTS, 0, 0, SPEC_MAX_OBJECTS, NULL, NULL, NULL, NULL, 0,
     "the section's objects, inline group children included"},
    {"timeline", V_STEPS, VF_REQUIRED, 1, SPEC_MAX_STEPS, NULL, NULL, NULL, NULL, 0,
     "the steps, in order; the section lasts their sum (more than 0 s, at most 600 s)"},
    {"camera", V_STRUCT, VF_LATE, 0, 0, NULL, NULL, &vocab_camera, NULL, V2,
     "a 3D section (Manim's ThreeDScene): its objects are seen through this camera, depth-correct, 3D ones lit; "
     "a 2D object lies in the plane z = 0 unless fixed_in_frame or fixed_orientation"},
    END,
};
const vocab_struct vocab_section = {"section", "a section", section_fields, "one clip of the video"};

static const vocab_field document_fields[] = {
    KIND("version", V_VERSION, VF_REQUIRED,
         "the version of the spec the document is written in: 2 brings values, expressions and the objects and "
         "animations marked version 2; every version 1 document means what it always did"),
    STRUCT("meta", vocab_meta, "the lesson as a whole"),
    {"sections", V_SECTIONS, VF_REQUIRED, 1, SPEC_MAX_SECTIONS, NULL, NULL, NULL, NULL, 0,
     "rendered in order, each to its own clip"},
    END,
};
const vocab_struct vocab_document = {"document", "the document", document_fields, "a lesson"};

/* ---- placement and style: every object ------------------------------------------- */

static const vocab_field next_to_fields[] = {
    REF("id", VF_REQUIRED, NULL, "the object to place this one against"),
    ENUM("direction", vocab_directions, "\"right\"", "which side of it"),
    NUM("buff", 0, 0, 10, "0.25", "the gap between the two bounding boxes"),
    END,
};
const vocab_struct vocab_next_to = {"next_to", "next_to", next_to_fields, "beside an object declared earlier"};

static const vocab_field align_to_fields[] = {
    REF("id", VF_REQUIRED, NULL, "the object to line up with"),
    ENUM("edge", vocab_edges, "\"left\"", "which edge"),
    END,
};
const vocab_struct vocab_align_to = {"align_to", "align_to", align_to_fields, "an edge lined up with an earlier object's"};

static const vocab_field object_common_fields[] = {
    KIND("id", V_ID, VF_REQUIRED, "unique in the section: a letter or _, then letters, digits, _ or -"),
    KIND("type", V_TYPE, VF_REQUIRED, "the object type"),
    KIND("at", V_ANCHOR, VF_LAYOUT, "the centre of its bounding box goes to the centre of this cell"),
    KIND("area", V_AREA, VF_LAYOUT, "scaled to fill 90 % of the box spanning these cells, and centred in it"),
    POINT("position", VF_LAYOUT | VF_COORD | VF_3D, NULL,
          "its centre goes to this point ([x, y, z] for a 2D object placed in 3D)"),
    {"next_to", V_STRUCT, VF_LAYOUT, 0, 0, NULL, NULL, &vocab_next_to, NULL, 0, "placed beside an object declared earlier"},
    {"align_to", V_STRUCT, VF_LAYOUT, 0, 0, NULL, NULL, &vocab_align_to, NULL, 0,
     "then moved so that one edge lines up with an earlier object's"},
    COLOR("color", 0, "\"WHITE\"", "stroke colour, and fill colour of shapes filled by default"),
    COLOR("fill_color", 0, NULL, "fill colour (with fill_opacity 1 unless given)"),
    COLOR("stroke_color", 0, NULL, "stroke colour (over color)"),
    NUM("fill_opacity", 0, 0, 1, NULL, "0 for outlines, 1 for filled shapes"),
    NUM("stroke_width", 0, 0, 100, "4", "Manim units: 4 is 0.04 scene units"),
    NUM("opacity", VF_LAYOUT, 0, 1, "1", "multiplies the whole object"),
    NUM("z_index", VF_LAYOUT, -1000, 1000, "0", "drawing order among siblings, higher on top"),
    NUM("scale", VF_EXCL_MIN | VF_LAYOUT, 0, 100, "1", "factor about its centre, before placement"),
    NUM("rotation", VF_LAYOUT, -ANGLE_MAX, ANGLE_MAX, "0", "degrees counter-clockwise about its centre, before placement"),
    {"rotation_axis", V_POINT, VF_LAYOUT | VF_3D, 0, 0, NULL, NULL, NULL, "[0, 0, 1]", V2,
     "in a section with a camera: the axis [x, y, z] through its centre that rotation turns a 2D object about "
     "(Manim's rotate(angle, axis)), [1, 0, 0] to stand it up from the plane z = 0"},
    {"plane", V_REF, VF_LAYOUT, 0, 0, "number_plane|complex_plane", NULL, NULL, NULL, V2,
     "a plane whose coordinates its points are in: it moves with the plane, its matrix and the maps applied to it"},
    {"fixed_in_frame", V_BOOL, VF_LAYOUT, 0, 0, NULL, NULL, NULL, "false", V2,
     "in a section with a camera: drawn in the frame as in 2D, whatever the camera does (Manim's "
     "add_fixed_in_frame_mobjects); without it a 2D object lies in the plane z = 0 (or where rotation_axis and a 3D "
     "position put it) and is seen through the camera"},
    {"fixed_orientation", V_BOOL, VF_LAYOUT, 0, 0, NULL, NULL, NULL, "false", V2,
     "in a section with a camera: drawn facing the camera as in the frame, unturned and unscaled, with its centre "
     "where the camera shows its position [x, y, z] (Manim's add_fixed_orientation_mobjects): a label at a 3D point"},
    {"in", V_REF, 0, 0, 0, "axes|number_plane|complex_plane", NULL, NULL, NULL, V2,
     "axes whose coordinates its points are in (each point through c2p): unlike \"plane\", only points; a radius, "
     "a width or a font size stays in scene units"},
    END,
};
const vocab_struct vocab_object_common = {"object_common", "every object", object_common_fields,
                                          "placement (at most one of at, area, position, next_to) and style"};

/* What a type that is never drawn (VT_BARE) has in common with the others. */
static const vocab_field object_bare_fields[] = {
    KIND("id", V_ID, VF_REQUIRED, "unique in the section: a letter or _, then letters, digits, _ or -"),
    KIND("type", V_TYPE, VF_REQUIRED, "the object type"),
    END,
};
const vocab_struct vocab_object_bare = {"object_bare", "every object", object_bare_fields, "its id and type"};

static const char *const placement_fields[] = {"at", "area", "position", "next_to", "align_to", "plane"};

bool vocab_is_placement(const char *field)
{
    for (size_t i = 0; i < COUNT(placement_fields); i++)
        if (strcmp(field, placement_fields[i]) == 0)
            return true;
    return false;
}

/* ---- object types ---------------------------------------------------------------- */

static const vocab_field f_line[] = {
    POINT("start", VF_REQUIRED | VF_3D | VF_COORD, NULL, "first end ([x, y, z] in a section with a camera)"),
    POINT("end", VF_REQUIRED | VF_3D | VF_COORD, NULL, "second end"),
    END,
};
static const vocab_field f_dashed_line[] = {
    POINT("start", VF_REQUIRED | VF_COORD, NULL, "first end"),
    POINT("end", VF_REQUIRED | VF_COORD, NULL, "second end"),
    NUM("dash_length", VF_EXCL_MIN, 0, 10, "0.05", "length of a dash and of a gap"),
    END,
};
static const vocab_field f_polyline[] = {POINTS("points", 2, "the vertices, in order"), END};
static const vocab_field f_polygon[] = {POINTS("points", 3, "the vertices, in order (closed)"), END};
static const vocab_field f_regular_polygon[] = {
    INT("n", 3, 64, "6", "number of sides"),
    LENGTH("radius", "1", "distance from the centre to a vertex"),
    END,
};
static const vocab_field f_star[] = {
    INT("n", 3, 64, "5", "number of points"),
    LENGTH("outer_radius", "1", "distance to a point"),
    LENGTH("inner_radius", "0.382", "distance to an inner corner"),
    END,
};
static const vocab_field f_rectangle[] = {
    LENGTH("width", "4", "width"),
    LENGTH("height", "2", "height"),
    END,
};
static const vocab_field f_square[] = {LENGTH("side_length", "2", "side"), END};
static const vocab_field f_rounded_rectangle[] = {
    LENGTH("width", "4", "width"),
    LENGTH("height", "2", "height"),
    NUM("corner_radius", 0, 0, LEN_MAX, "0.5", "radius of the rounded corners"),
    END,
};
static const vocab_field f_circle[] = {LENGTH("radius", "1", "radius"), END};
static const vocab_field f_ellipse[] = {
    LENGTH("width", "2", "width"),
    LENGTH("height", "1", "height"),
    END,
};
static const vocab_field f_arc[] = {
    LENGTH("radius", "1", "radius"),
    ANGLE("start_angle", "0", "degrees, counter-clockwise from +x"),
    ANGLE("angle", "90", "degrees swept, counter-clockwise"),
    END,
};
static const vocab_field f_annulus[] = {
    LENGTH("inner_radius", "1", "radius of the hole"),
    LENGTH("outer_radius", "2", "outer radius"),
    END,
};
static const vocab_field f_sector[] = {
    NUM("inner_radius", 0, 0, LEN_MAX, "0", "radius of the hole"),
    LENGTH("outer_radius", "1", "outer radius"),
    ANGLE("start_angle", "0", "degrees, counter-clockwise from +x"),
    ANGLE("angle", "90", "degrees swept, counter-clockwise"),
    END,
};
static const vocab_field f_dot[] = {
    POINT("point", VF_3D | VF_COORD, "[0, 0]", "where it is ([x, y, z] in a section with a camera)"),
    LENGTH("radius", "0.08", "radius"),
    END,
};
/* Manim's Union, Intersection, Difference and Exclusion (version 2): a new
 * shape, the region its operands fill combined (librender/geometry/boolean.c,
 * through GEOS); the operands stay as they are. */
static const vocab_field f_union[] = {
    {"shapes", V_REFS, VF_REQUIRED | VF_SHAPES, 2, 16, NULL, NULL, NULL, NULL, V2,
     "two or more earlier shapes (Manim's Union(*vmobjects)): the region any of them fills"},
    END,
};
static const vocab_field f_intersection[] = {
    {"shapes", V_REFS, VF_REQUIRED | VF_SHAPES, 2, 16, NULL, NULL, NULL, NULL, V2,
     "two or more earlier shapes (Manim's Intersection(*vmobjects)): the region all of them fill"},
    END,
};
static const vocab_field f_difference[] = {
    {"subject", V_REF, VF_REQUIRED | VF_SHAPES, 0, 0, NULL, NULL, NULL, NULL, V2, "the earlier shape cut from"},
    {"clip", V_REF, VF_REQUIRED | VF_SHAPES, 0, 0, NULL, NULL, NULL, NULL, V2, "the earlier shape cut away from it"},
    END,
};
static const vocab_field f_exclusion[] = {
    {"subject", V_REF, VF_REQUIRED | VF_SHAPES, 0, 0, NULL, NULL, NULL, NULL, V2, "an earlier shape"},
    {"clip", V_REF, VF_REQUIRED | VF_SHAPES, 0, 0, NULL, NULL, NULL, NULL, V2,
     "another: the result is the region exactly one of them fills"},
    END,
};
/* In 3D (version 2) an arrow is Manim's Arrow3D: a cylinder and a cone. */
#define ARROW_3D                                                                                               \
    {"thickness", V_NUMBER, VF_EXCL_MIN | VF_DYN | VF_ONLY_3D, 0, 1, NULL, NULL, NULL, "0.02", V2,               \
     "drawn in 3D: the radius of its shaft (Manim's Arrow3D)"},                                                 \
    {"base_radius", V_NUMBER, VF_EXCL_MIN | VF_DYN | VF_ONLY_3D, 0, 10, NULL, NULL, NULL, "0.08", V2,           \
     "drawn in 3D: the radius of its tip's cone, whose height is tip_length (0.3 in 3D, Manim's)"}
static const vocab_field f_arrow[] = {
    POINT("start", VF_REQUIRED | VF_3D | VF_COORD, NULL, "the tail ([x, y, z] in a section with a camera)"),
    POINT("end", VF_REQUIRED | VF_3D | VF_COORD, NULL, "the tip"),
    NUM("tip_length", VF_EXCL_MIN, 0, 10, "0.35", "length of the tip (at most half the arrow)"),
    ARROW_3D,
    END,
};
static const vocab_field f_double_arrow[] = {
    POINT("start", VF_REQUIRED | VF_COORD, NULL, "the tail"),
    POINT("end", VF_REQUIRED | VF_COORD, NULL, "the tip"),
    NUM("tip_length", VF_EXCL_MIN, 0, 10, "0.35", "length of the tip (at most half the arrow)"),
    END,
};
static const vocab_field f_vector[] = {
    POINT("start", VF_3D | VF_COORD, "[0, 0]", "the tail ([x, y, z] in a section with a camera)"),
    POINT("end", VF_REQUIRED | VF_3D | VF_COORD, NULL, "the tip"),
    NUM("tip_length", VF_EXCL_MIN, 0, 10, "0.35", "length of the tip (at most half the arrow)"),
    ARROW_3D,
    END,
};
static const vocab_field f_text[] = {
    STR("text", VF_REQUIRED, SPEC_MAX_TEXT, "the text, plain"),
    NUM("font_size", VF_EXCL_MIN, 0, 500, "48", "Manim's font size"),
    STR("font", 0, 100, "a fontconfig family (default: the sans-serif family)"),
    LENGTH("max_width", NULL,
           "wraps at spaces and between CJK characters to this width (a longer word stays whole)"),
    ENUM("align", vocab_text_aligns, "\"left\"", "alignment of wrapped lines"),
    NUM("line_spacing", VF_EXCL_MIN, 0, 10, "1", "multiple of the line height"),
    BOOL("bold", "false", "bold (synthesised when the family has no bold face)"),
    BOOL("italic", "false", "italic (synthesised when the family has no italic face)"),
    END,
};
static const vocab_field f_tex[] = {
    TEX("tex", VF_REQUIRED, SPEC_MAX_TEX, "LaTeX math, without $"),
    NUM("font_size", VF_EXCL_MIN, 0, 500, "48", "Manim's font size"),
    KIND("tex_to_color_map", V_COLOR_MAP, 0, "colours for parts of the formula: {\"a^2\": \"BLUE\"}"),
    {"substrings_to_isolate", V_TEXS, 0, 1, 32, NULL, NULL, NULL, NULL, V2,
     "TeX substrings made parts of their own (as {{ }} groups do), to colour, animate or match: [\"a^2\", \"b^2\"]"},
    END,
};
static const vocab_field f_decimal[] = {
    NUM("value", VF_REQUIRED, -1e9, 1e9, NULL, "the number shown"),
    INT("decimals", 0, 6, "2", "digits after the point"),
    NUM("font_size", VF_EXCL_MIN, 0, 500, "48", "Manim's font size"),
    END,
};
static const vocab_field f_axes[] = {
    RANGE("x_range", VF_REQUIRED, NULL, "[min, max] or [min, max, tick step] along x"),
    RANGE("y_range", VF_REQUIRED, NULL, "[min, max] or [min, max, tick step] along y"),
    LENGTH("x_length", NULL, "length of the x axis in scene units (default: the range's width)"),
    LENGTH("y_length", NULL, "length of the y axis in scene units (default: the range's height)"),
    BOOL("tips", "true", "arrow tips at the positive ends"),
    BOOL("include_numbers", "false", "numbers at the ticks"),
    TEX("x_label", 0, 100, "LaTeX label at the end of the x axis"),
    TEX("y_label", 0, 100, "LaTeX label at the end of the y axis"),
    {"axis_config", V_STRUCT, 0, 0, 0, NULL, NULL, &vocab_axis_config, NULL, V2,
     "both axes' ticks and numbers (Manim's axis_config)"},
    {"x_axis_config", V_STRUCT, 0, 0, 0, NULL, NULL, &vocab_axis_config, NULL, V2,
     "the x axis' ticks and numbers, over axis_config (Manim's x_axis_config)"},
    {"y_axis_config", V_STRUCT, 0, 0, 0, NULL, NULL, &vocab_axis_config, NULL, V2,
     "the y axis' ticks and numbers, over axis_config (Manim's y_axis_config)"},
    END,
};
/* Manim's NumberLine keywords, for an axes' axis_config and a number_line:
 * defaults that differ say so (axes keep what version 1 drew). */
#define AXIS_FIELDS                                                                                                \
    {"include_ticks", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2, "tick marks along the axis"},                  \
    {"tick_size", V_NUMBER, 0, 0, 10, NULL, NULL, NULL, NULL, V2,                                                    \
     "half a tick's length (default: 0.1 on a number_line, Manim's; 0.07 on axes)"},                               \
    {"numbers_with_elongated_ticks", V_NUMBERS, 0, 0, 200, NULL, NULL, NULL, NULL, V2, "numbers whose ticks are longer"}, \
    {"longer_tick_multiple", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "2", V2, "how many times longer"},       \
    {"include_numbers", V_BOOL, 0, 0, 0, NULL, NULL, NULL, NULL, V2,                                               \
     "a number at every tick (default: an axes' include_numbers; false on a number_line)"},                         \
    {"numbers_to_include", V_NUMBERS, 0, 0, 200, NULL, NULL, NULL, NULL, V2,                                       \
     "these numbers instead of one at every tick; drawn even without include_numbers, as Manim's"},                 \
    {"numbers_to_exclude", V_NUMBERS, 0, 0, 200, NULL, NULL, NULL, NULL, V2,                                       \
     "numbers left out (axes always leave out the one where the other axis crosses, as Manim's [0])"},             \
    {"num_decimal_places", V_INT, 0, 0, 6, NULL, NULL, NULL, NULL, V2,                                             \
     "digits after the point (default: as many as the step has, Manim's; axes without it print numbers shortest)"}, \
    {"font_size", V_NUMBER, VF_EXCL_MIN, 0, 500, NULL, NULL, NULL, NULL, V2,                                       \
     "the numbers' size (default: 36, Manim's; 20 on axes whose numbers are Text)"},                                \
    {"label_constructor", V_ENUM, 0, 0, 0, NULL, &vocab_label_constructors, NULL, NULL, V2,                         \
     "MathTex: numbers in LaTeX, one run for all (Manim's, a number_line's default); Text: plain (the axes' default)"}, \
    {"label_direction", V_ENUM, 0, 0, 0, NULL, &vocab_directions, NULL, NULL, V2,                                 \
     "the side of the axis its numbers stand on (default: down for x and a number_line, left for y)"},              \
    {"line_to_number_buff", V_NUMBER, 0, 0, 10, NULL, NULL, NULL, NULL, V2,                                        \
     "the gap between the axis and its numbers (default: 0.25, Manim's; 0.15 on axes)"},                           \
    {"scaling", V_ENUM, 0, 0, 0, NULL, &vocab_scalings, NULL, "\"linear\"", V2,                                     \
     "log: Manim's LogBase: the range is in exponents ([-2, 3] spans base^-2 to base^3), ticks stand at the "      \
     "powers, and a coordinate is the number itself (c2p(x, 100) is at exponent 2)"},                              \
    {"base", V_NUMBER, VF_EXCL_MIN, 1, 1e6, NULL, NULL, NULL, "10", V2, "the base of a log scaling"},               \
    {"custom_labels", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2,                                               \
     "log: numbers written as powers, 10^{2} in LaTeX (Manim's LogBase custom_labels)"}

static const vocab_field axis_config_fields[] = {AXIS_FIELDS, END};
const vocab_struct vocab_axis_config = {"axis_config", "an axis config", axis_config_fields,
                                        "one axis' ticks and numbers: the fields a number_line has for its own (Manim's NumberLine keywords)"};

static const vocab_field f_number_line[] = {
    {"x_range", V_RANGE, 0, 0, 0, NULL, NULL, NULL, "[-7, 7, 1]", V2,
     "[min, max] or [min, max, step]: the numbers it spans and its tick step (Manim's)"},
    {"length", V_NUMBER, VF_EXCL_MIN, 0, LEN_MAX, NULL, NULL, NULL, NULL, V2,
     "its length in scene units (default: unit_size per unit of the range)"},
    {"unit_size", V_NUMBER, VF_EXCL_MIN, 0, LEN_MAX, NULL, NULL, NULL, "1", V2, "scene units per unit, without a length"},
    {"include_tip", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2, "an arrow tip past its end"},
    {"tip_width", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "0.35", V2, "the tip's width"},
    {"tip_height", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "0.35", V2, "the tip's length"},
    {"exclude_origin_tick", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2, "no tick at 0"},
    {"rotation", V_NUMBER, 0, -ANGLE_MAX, ANGLE_MAX, NULL, NULL, NULL, "0", V2,
     "degrees counter-clockwise about its centre; its numbers stay upright (Manim's rotation)"},
    AXIS_FIELDS,
    END,
};
static const char *const pointer_shapes[] = {"triangle", "arrow"};
static const vocab_enum vocab_pointer_shapes = {"pointer shape", pointer_shapes, COUNT(pointer_shapes)};
static const vocab_field f_pointer[] = {
    {"number_line", V_REF, VF_REQUIRED, 0, 0, "number_line", NULL, NULL, NULL, V2, "the line it points at"},
    {"value", V_NUMBER, VF_REQUIRED | VF_DYN, -RANGE_MAX, RANGE_MAX, NULL, NULL, NULL, NULL, V2,
     "the number it points at: an expression such as \"k\" follows a value (Manim's n2p(tracker.get_value()))"},
    {"direction", V_ENUM, 0, 0, 0, NULL, &vocab_directions, NULL, "\"up\"", V2,
     "the side of the number's point it stands on, pointing back at it"},
    {"shape", V_ENUM, 0, 0, 0, NULL, &vocab_pointer_shapes, NULL, "\"triangle\"", V2,
     "a filled triangle, or an arrow (Manim's Vector)"},
    {"length", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, NULL, V2,
     "from its tail to its tip (default: 0.25 for a triangle, 1 for an arrow)"},
    {"buff", V_NUMBER, VF_DYN, 0, 10, NULL, NULL, NULL, "0.25", V2, "the gap between its tip and the point (Manim's next_to)"},
    {"label", V_TEX, 0, 0, 200, NULL, NULL, NULL, NULL, V2, "LaTeX beyond its tail"},
    {"font_size", V_NUMBER, VF_EXCL_MIN, 0, 500, NULL, NULL, NULL, "48", V2, "the label's size"},
    {"label_buff", V_NUMBER, 0, 0, 10, NULL, NULL, NULL, "0.25", V2, "the gap between the pointer and its label"},
    END,
};
#define PLANE_FIELDS                                                                                          \
    RANGE("x_range", 0, "[-7, 7, 1]", "[min, max] or [min, max, line step] along x"),                           \
    RANGE("y_range", 0, "[-4, 4, 1]", "[min, max] or [min, max, line step] along y"),                           \
    LENGTH("x_length", NULL, "width in scene units (default: the range's width)"),                              \
    LENGTH("y_length", NULL, "height in scene units (default: the range's height)"),                            \
    {"line_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, "\"BLUE_D\"", V2, "colour of the grid's lines (Manim's background_line_style)"}, \
    {"line_width", V_NUMBER, VF_DYN, 0, 100, NULL, NULL, NULL, "2", V2, "their stroke width, Manim units (2 is 0.02 scene units)"},  \
    {"line_opacity", V_NUMBER, VF_DYN, 0, 1, NULL, NULL, NULL, "1", V2, "their opacity"},                      \
    {"faded_line_ratio", V_INT, 0, 1, 10, NULL, NULL, NULL, "1", V2,                                           \
     "lines per step: 2 adds one faded line (half as wide and opaque) between each two, as Manim's"},           \
    {"matrix", V_MATRIX, VF_DYN, 2, 2, NULL, NULL, NULL, NULL, V2,                                             \
     "[[a, b], [c, d]]: the plane as shown is this matrix's image of itself, about its origin; entries may be " \
     "expressions (a matrix driven by a value), and objects on the plane go with it"}

static const vocab_field f_number_plane[] = {PLANE_FIELDS, END};
static const vocab_field f_complex_plane[] = {
    PLANE_FIELDS,
    {"include_numbers", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2, "labels 1, 2, ... along the real axis and i, 2i, ... along the imaginary"},
    END,
};
static const vocab_field f_basis_vector[] = {
    REF("plane", VF_REQUIRED, "number_plane|complex_plane", "the plane whose unit vector it is"),
    END,
};
static const vocab_field f_function_graph[] = {
    REF("axes", VF_REQUIRED, "axes|number_plane|complex_plane", "the axes it is drawn on"),
    EXPR("expr", "x", "y as an expression in x, e.g. \"sin(x) + x^2/4\""),
    RANGE("x_range", VF_DYN, NULL, "[from, to] (default: the axes' x range)"),
    END,
};
static const vocab_field f_parametric_curve[] = {
    EXPR("x", "t", "x as an expression in t"),
    EXPR("y", "t", "y as an expression in t"),
    {"z", V_EXPR, VF_ONLY_3D, 0, 0, "t", NULL, NULL, NULL, V2,
     "drawn in 3D: z as an expression in t (default 0)"},
    RANGE("t_range", VF_REQUIRED | VF_DYN, NULL, "[from, to] of t"),
    REF("axes", 0, "axes|number_plane|complex_plane|three_d_axes",
        "axes whose coordinates x and y are in (default: scene coordinates); three_d_axes for a curve in 3D"),
    END,
};
/* 3D objects (version 2): Manim's ThreeDAxes, Surface and Sphere. */
static const vocab_field f_three_d_axes[] = {
    {"x_range", V_RANGE, 0, 0, 0, NULL, NULL, NULL, "[-6, 6, 1]", V2, "[min, max] or [min, max, tick step] along x"},
    {"y_range", V_RANGE, 0, 0, 0, NULL, NULL, NULL, "[-5, 5, 1]", V2, "[min, max] or [min, max, tick step] along y"},
    {"z_range", V_RANGE, 0, 0, 0, NULL, NULL, NULL, "[-4, 4, 1]", V2, "[min, max] or [min, max, tick step] along z"},
    {"x_length", V_NUMBER, VF_EXCL_MIN, 0, LEN_MAX, NULL, NULL, NULL, "10.5", V2, "length of the x axis in scene units"},
    {"y_length", V_NUMBER, VF_EXCL_MIN, 0, LEN_MAX, NULL, NULL, NULL, "10.5", V2, "length of the y axis"},
    {"z_length", V_NUMBER, VF_EXCL_MIN, 0, LEN_MAX, NULL, NULL, NULL, "6.5", V2, "length of the z axis"},
    {"tips", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2, "cones at the positive ends"},
    {"x_label", V_TEX, 0, 0, 100, NULL, NULL, NULL, NULL, V2,
     "LaTeX label beyond the x axis's end, in the plane z = 0 (Manim's get_x_axis_label)"},
    {"y_label", V_TEX, 0, 0, 100, NULL, NULL, NULL, NULL, V2,
     "LaTeX label beyond the y axis's end, turned 90 degrees about z (Manim's get_y_axis_label)"},
    {"z_label", V_TEX, 0, 0, 100, NULL, NULL, NULL, NULL, V2,
     "LaTeX label right of the z axis's top, standing in the xz-plane (Manim's get_z_axis_label)"},
    END,
};
#define SURFACE_STYLE                                                                                          \
    {"resolution", V_RESOLUTION, 0, 1, 256, NULL, NULL, NULL, NULL, V2,                                        \
     "faces along u and v: n, or [nu, nv] (default: Manim's, 32 for a surface, [24, 12] for a sphere)"},         \
    {"checkerboard_colors", V_COLORS, 0, 1, 8, NULL, NULL, NULL, "[\"BLUE_D\", \"BLUE_E\"]", V2,                \
     "the faces' colours in turn (a color or fill_color instead: one colour)"},                              \
    {"fill_opacity", V_NUMBER, VF_DYN, 0, 1, NULL, NULL, NULL, "1", V2,                                          \
     "the faces' opacity: translucent surfaces are drawn far to near"},                                      \
    {"stroke_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, "\"LIGHT_GREY\"", V2, "colour of the faces' outlines"}, \
    {"stroke_width", V_NUMBER, VF_DYN, 0, 100, NULL, NULL, NULL, "0.5", V2, "width of the outlines, Manim units (0: none)"}
static const vocab_field f_surface[] = {
    {"x", V_EXPR, VF_REQUIRED, 0, 0, "uv", NULL, NULL, NULL, V2, "x of the point at (u, v), an expression in u and v"},
    {"y", V_EXPR, VF_REQUIRED, 0, 0, "uv", NULL, NULL, NULL, V2, "y of the point at (u, v)"},
    {"z", V_EXPR, VF_REQUIRED, 0, 0, "uv", NULL, NULL, NULL, V2, "z of the point at (u, v), e.g. \"exp(-(u^2 + v^2))\""},
    {"u_range", V_RANGE, 0, 0, 0, NULL, NULL, NULL, "[0, 1]", V2, "[from, to] of u"},
    {"v_range", V_RANGE, 0, 0, 0, NULL, NULL, NULL, "[0, 1]", V2, "[from, to] of v"},
    {"axes", V_REF, 0, 0, 0, "three_d_axes", NULL, NULL, NULL, V2,
     "3D axes whose coordinates x, y and z are in (Manim's axes.c2p; default: scene coordinates)"},
    SURFACE_STYLE,
    {"colorscale", V_COLORS, 0, 2, 8, NULL, NULL, NULL, NULL, V2,
     "colours from low to high values (Manim's set_fill_by_value): each face takes the colour of its centre's "
     "value along colorscale_axis, instead of the checkerboard"},
    {"colorscale_pivots", V_NUMBERS, 0, 2, 8, NULL, NULL, NULL, NULL, V2,
     "the value of each colour, increasing (default: evenly from the axes' range along that axis, or from the "
     "surface's own lowest to highest value)"},
    {"colorscale_axis", V_ENUM, 0, 0, 0, NULL, &vocab_coordinate_axes, NULL, "\"z\"", V2,
     "the coordinate the colours follow (in the axes' coordinates when on axes)"},
    END,
};
static const vocab_field f_sphere[] = {
    {"center", V_POINT, VF_3D, 0, 0, NULL, NULL, NULL, "[0, 0, 0]", V2, "its centre [x, y, z]"},
    {"radius", V_NUMBER, VF_EXCL_MIN, 0, LEN_MAX, NULL, NULL, NULL, "1", V2, "its radius"},
    SURFACE_STYLE,
    END,
};
/* Manim's solids (three_dimensions.py), with its defaults: Cube and Prism
 * are six squares (BLUE at 0.75, no outlines); Cylinder, Cone and Torus
 * are Surfaces in (u, v). */
#define SOLID_CENTER {"center", V_POINT, VF_3D, 0, 0, NULL, NULL, NULL, "[0, 0, 0]", V2, "its centre [x, y, z]"}
#define SOLID_DIRECTION(what)                                                                                 \
    {"direction", V_POINT, VF_3D, 0, 0, NULL, NULL, NULL, "[0, 0, 1]", V2, what " [x, y, z] (not zero)"}
#define SOLID_FACES(opacity, width, color)                                                                     \
    {"fill_opacity", V_NUMBER, VF_DYN, 0, 1, NULL, NULL, NULL, opacity, V2,                                    \
     "the faces' opacity: translucent faces are drawn far to near"},                                           \
    {"stroke_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, color, V2, "colour of the faces' outlines"},          \
    {"stroke_width", V_NUMBER, VF_DYN, 0, 100, NULL, NULL, NULL, width, V2,                                    \
     "width of the faces' outlines, Manim units (0: none)"}
#define SOLID_GRID(res, along)                                                                                 \
    {"resolution", V_RESOLUTION, 0, 1, 256, NULL, NULL, NULL, res, V2, "faces " along ": n, or [nu, nv]"},     \
    {"checkerboard_colors", V_COLORS, 0, 1, 8, NULL, NULL, NULL, "[\"BLUE_D\", \"BLUE_E\"]", V2,              \
     "the faces' colours in turn (a color or fill_color instead: one colour)"}
static const vocab_field f_cube[] = {
    SOLID_CENTER,
    {"side_length", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "2", V2, "length of its edges"},
    SOLID_FACES("0.75", "0", "\"WHITE\""),
    END,
};
static const vocab_field f_prism[] = {
    SOLID_CENTER,
    {"dimensions", V_NUMBERS, 0, 3, 3, NULL, NULL, NULL, "[3, 2, 1]", V2, "its sizes along x, y and z (each > 0)"},
    SOLID_FACES("0.75", "0", "\"WHITE\""),
    END,
};
static const vocab_field f_cylinder[] = {
    SOLID_CENTER,
    {"radius", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "1", V2, "its radius"},
    {"height", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "2", V2, "its length along its axis"},
    SOLID_DIRECTION("its axis"),
    {"show_ends", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2, "discs at its ends, in the first face colour"},
    SOLID_GRID("[24, 24]", "along its height and round it"),
    SOLID_FACES("1", "0.5", "\"LIGHT_GREY\""),
    END,
};
static const vocab_field f_cone[] = {
    {"apex", V_POINT, VF_3D, 0, 0, NULL, NULL, NULL, "[0, 0, 0]", V2,
     "where its tip is (Manim builds a Cone with its apex at the origin)"},
    {"base_radius", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "1", V2, "the radius of its base"},
    {"height", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "1", V2, "from its base to its apex"},
    SOLID_DIRECTION("from its base towards its apex"),
    {"show_base", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2, "a disc closing its base"},
    {"resolution", V_RESOLUTION, 0, 1, 256, NULL, NULL, NULL, "[32, 32]", V2,
     "faces from the apex to the rim and round it: n, or [nu, nv]"},
    {"checkerboard_colors", V_COLORS, 0, 1, 8, NULL, NULL, NULL, NULL, V2,
     "the faces' colours in turn (default: one colour, BLUE_D, or color / fill_color)"},
    SOLID_FACES("1", "0.5", "\"LIGHT_GREY\""),
    END,
};
static const vocab_field f_torus[] = {
    SOLID_CENTER,
    {"major_radius", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "3", V2,
     "from its centre to the middle of its tube"},
    {"minor_radius", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "1", V2, "the radius of its tube"},
    SOLID_GRID("[24, 24]", "round the torus and round its tube"),
    SOLID_FACES("1", "0.5", "\"LIGHT_GREY\""),
    END,
};
static const vocab_field f_tangent_line[] = {
    REF("graph", VF_REQUIRED, "function_graph", "the graph it touches"),
    NUM("x", VF_REQUIRED, -RANGE_MAX, RANGE_MAX, NULL,
        "the point of contact, in the graph's x range (the slope is one-sided at its ends)"),
    LENGTH("length", "2", "length in scene units"),
    END,
};
static const vocab_field f_area_under_curve[] = {
    REF("graph", VF_REQUIRED, "function_graph", "the graph above (or below) the region"),
    RANGE("x_range", VF_REQUIRED | VF_DYN, NULL, "[from, to] inside the graph's x range"),
    {"bounded_graph", V_REF, 0, 0, 0, "function_graph", NULL, NULL, NULL, V2,
     "a second graph on the same axes: the region between the two, over where both are drawn (Manim's get_area)"},
    END,
};
/* Manim's get_vertical_line, get_horizontal_line, get_lines_to_point:
 * dashed, stroke 2, from the axis to a point of a graph or any point. */
static const vocab_field f_axis_line[] = {
    {"graph", V_REF, 0, 0, 0, "function_graph", NULL, NULL, NULL, V2, "a graph: the line reaches its point at x"},
    {"x", V_NUMBER, VF_DYN, -RANGE_MAX, RANGE_MAX, NULL, NULL, NULL, NULL, V2, "with graph: the x of that point"},
    {"axes", V_REF, 0, 0, 0, "axes|number_plane|complex_plane", NULL, NULL, NULL, V2,
     "or axes, with a point (one of graph and x, axes and point)"},
    {"point", V_POINT, VF_DYN | VF_COORD, 0, 0, NULL, NULL, NULL, NULL, V2,
     "with axes: the scene point it reaches (Manim's), such as \"ax.c2p(2, 3)\""},
    {"dash_length", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "0.05", V2, "Manim's DashedLine"},
    {"dashed_ratio", V_NUMBER, VF_EXCL_MIN, 0, 1, NULL, NULL, NULL, "0.5", V2,
     "the share of the line the dashes cover (1: solid); it starts and ends with a dash"},
    END,
};
static const vocab_field f_graph_label[] = {
    {"graph", V_REF, VF_REQUIRED, 0, 0, "function_graph", NULL, NULL, NULL, V2, "the graph it labels"},
    {"label", V_TEX, 0, 0, 200, NULL, NULL, NULL, "\"f(x)\"", V2, "LaTeX"},
    {"x_val", V_NUMBER, VF_DYN, -RANGE_MAX, RANGE_MAX, NULL, NULL, NULL, NULL, V2,
     "the x of the point it stands by (default: the rightmost x whose point is below the top of the frame)"},
    {"direction", V_ENUM, 0, 0, 0, NULL, &vocab_directions8, NULL, "\"right\"", V2, "which side of the point"},
    {"buff", V_NUMBER, VF_DYN, 0, 10, NULL, NULL, NULL, "0.25", V2, "the gap to the point"},
    {"dot", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2, "a dot at the point"},
    {"font_size", V_NUMBER, VF_EXCL_MIN, 0, 500, NULL, NULL, NULL, "48", V2, "the label's size"},
    END,
};
static const vocab_field f_line_graph[] = {
    {"axes", V_REF, VF_REQUIRED, 0, 0, "axes|number_plane|complex_plane", NULL, NULL, NULL, V2, "the axes it is drawn on"},
    {"x_values", V_NUMBERS, VF_REQUIRED | VF_DYN, 1, SPEC_MAX_POINTS, NULL, NULL, NULL, NULL, V2, "the vertices' x"},
    {"y_values", V_NUMBERS, VF_REQUIRED | VF_DYN, 1, SPEC_MAX_POINTS, NULL, NULL, NULL, NULL, V2,
     "their y, as many as x_values"},
    {"line_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, "\"YELLOW\"", V2, "the line's colour (Manim's; or color)"},
    {"add_vertex_dots", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2, "a dot at each vertex"},
    {"vertex_dot_radius", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "0.08", V2, "their radius"},
    {"vertex_dot_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, "\"WHITE\"", V2, "their colour"},
    END,
};
static const vocab_field f_riemann_rectangles[] = {
    {"graph", V_REF, VF_REQUIRED, 0, 0, "function_graph", NULL, NULL, NULL, V2, "the graph whose area they approximate"},
    {"x_range", V_RANGE, VF_DYN, 0, 0, NULL, NULL, NULL, NULL, V2, "[from, to] (default: the graph's)"},
    {"dx", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, RANGE_MAX, NULL, NULL, NULL, "0.1", V2,
     "each rectangle's width in x (Manim's np.arange(from, to, dx)); an expression rebuilds them as it changes"},
    {"input_sample_type", V_ENUM, 0, 0, 0, NULL, &vocab_sample_types, NULL, "\"left\"", V2,
     "where a rectangle's top meets the graph: its left or right edge, or its center (a midpoint sum)"},
    {"colors", V_COLORS, 0, 1, 8, NULL, NULL, NULL, "[\"BLUE\", \"GREEN\"]", V2,
     "spread over the rectangles as a balanced gradient (Manim's color; a \"color\" instead: one colour)"},
    {"show_signed_area", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2,
     "a rectangle below the axis (or the bounded graph) in the inverted colour"},
    {"bounded_graph", V_REF, 0, 0, 0, "function_graph", NULL, NULL, NULL, V2,
     "a second graph: the rectangles reach from it (at their left x, Manim's) to the graph"},
    {"blend", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2, "each rectangle's stroke in its fill colour"},
    {"width_scale_factor", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "1.001", V2,
     "a rectangle is this times dx wide, so that neighbours overlap by a hair"},
    END,
};
static const vocab_field f_brace[] = {
    TARGET("target", 0, "the object it spans, or (version 2) a part of one (\"m.row(0)\"); one of target, points"),
    {"direction", V_DIRECTION, 0, 0, 0, NULL, &vocab_directions, NULL, "\"down\"", 0,
     "which side of the target, or (version 2) a vector [x, y] pointing away from it (Manim's Brace direction); "
     "with points, the default is to the right of A to B (below when A is left of B)"},
    TEX("label", 0, 200, "LaTeX label beside its tip"),
    NUM("buff", 0, 0, 10, "0.1", "gap to the target's bounding box (Manim's is 0.2)"),
    {"points", V_POINTS, VF_DYN, 2, 2, NULL, NULL, NULL, NULL, V2,
     "[A, B]: a brace from A to B instead of along a target (Manim's BraceBetweenPoints)"},
    END,
};
/* Marks fitted to an object or a part of one (version 2), Manim's
 * shape_matchers: they follow what they mark. */
#define MARK_TARGET(what)                                                                                    \
    {"target", V_TARGET, VF_REQUIRED, 0, 0, NULL, NULL, NULL, NULL, V2,                                      \
     "the object or part (\"m.entry(0, 1)\", \"m.row(0)\") it " what}
static const vocab_field f_surrounding_rectangle[] = {
    MARK_TARGET("surrounds"),
    {"buff", V_NUMBER, VF_DYN, 0, 10, NULL, NULL, NULL, "0.1", V2, "gap between the target's bounding box and the rectangle"},
    {"corner_radius", V_NUMBER, VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "0", V2, "radius of rounded corners"},
    END,
};
static const vocab_field f_background_rectangle[] = {
    MARK_TARGET("stands behind"),
    {"buff", V_NUMBER, VF_DYN, 0, 10, NULL, NULL, NULL, "0", V2, "how far it reaches past the target's bounding box"},
    {"corner_radius", V_NUMBER, VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "0", V2, "radius of rounded corners"},
    END,
};
static const vocab_field f_underline[] = {
    MARK_TARGET("underlines"),
    {"buff", V_NUMBER, VF_DYN, 0, 10, NULL, NULL, NULL, "0.1", V2, "gap below the target's bounding box"},
    END,
};
static const vocab_field f_cross[] = {
    MARK_TARGET("crosses out"),
    {"scale_factor", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, 10, NULL, NULL, NULL, "1", V2,
     "the cross's size against the target's bounding box, about its centre"},
    END,
};
static const vocab_field f_asset[] = {
    KIND("file", V_ASSET, VF_REQUIRED, "path relative to the asset folder (the spec's folder)"),
    LENGTH("width", NULL, "width in scene units"),
    LENGTH("height", NULL, "height in scene units (both: the box it fits)"),
    END,
};
/* An image the GPU computes at every pixel (version 2): a complex f(z)
 * domain-coloured, or a number along a gradient (the colours and range
 * named as a vector field's). */
static const vocab_field f_function_image[] = {
    {"f", V_EXPR, 0, 0, 0, "z", NULL, NULL, NULL, V2,
     "a complex function of z = x + iy, domain-coloured: hue is arg f (red on the positive reals, yellow, green, "
     "blue as the angle grows), lightness 2/pi atan|f| (black at zeros, white towards poles); one of f, expr"},
    {"expr", V_EXPR, 0, 0, 0, "xy", NULL, NULL, NULL, V2,
     "a number at the point (x, y), coloured along colors from min_color_value to max_color_value; one of f, expr"},
    {"colors", V_COLORS, 0, 2, 8, NULL, NULL, NULL, "[\"BLUE_E\", \"GREEN\", \"YELLOW\", \"RED\"]", V2,
     "expr's gradient, evenly spread from min_color_value to max_color_value"},
    {"min_color_value", V_NUMBER, 0, -1e6, 1e6, NULL, NULL, NULL, "0", V2, "expr's value given the first colour (and below it)"},
    {"max_color_value", V_NUMBER, 0, -1e6, 1e6, NULL, NULL, NULL, "1", V2, "expr's value given the last colour (and above it)"},
    {"contours", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2,
     "f's log-modulus bands: each ring from |f| = 2^n to 2^(n+1) shades from dark to light"},
    {"x_range", V_RANGE, VF_COORD, 0, 0, NULL, NULL, NULL, NULL, V2,
     "[min, max] of the region along x: on a \"plane\" or \"in\" axes, in their coordinates (default: their range; "
     "the image lines up with them and is drawn just under them), else the scene's (default: the frame)"},
    {"y_range", V_RANGE, VF_COORD, 0, 0, NULL, NULL, NULL, NULL, V2, "[min, max] of the region along y, likewise"},
    END,
};
static const vocab_field f_value[] = {
    {"value", V_NUMBER, 0, -1e9, 1e9, NULL, NULL, NULL, "0", V2, "its value at the start of the section"},
    {"rate", V_NUMBER, 0, -1e6, 1e6, NULL, NULL, NULL, "0", V2,
     "change per second, continuously, except while a SetValue animates it (Manim's dt updater)"},
    END,
};
static const vocab_field f_traced_path[] = {
    {"point", V_POINT, VF_REQUIRED | VF_DYN | VF_COORD, 0, 0, NULL, NULL, NULL, NULL, V2,
     "the point traced, an expression such as \"dot.center\""},
    {"dissipating_time", V_NUMBER, VF_EXCL_MIN, 0, 60, NULL, NULL, NULL, NULL, V2,
     "seconds after which the path fades away behind the point (default: it stays)"},
    END,
};
static const vocab_field f_angle[] = {
    {"lines", V_REFS, 0, 2, 2, "line|dashed_line|arrow|double_arrow|vector", NULL, NULL, NULL, V2,
     "two earlier lines: the arc goes counter-clockwise from the first to the second about where they cross"},
    {"points", V_POINTS, VF_DYN | VF_COORD, 3, 3, NULL, NULL, NULL, NULL, V2,
     "or three points [A, vertex, B]: the angle from the ray vertex-A to the ray vertex-B (one of lines, points)"},
    {"radius", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "0.5", V2, "radius of the arc"},
    {"other_angle", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2, "the reflex angle instead, clockwise"},
    {"quadrant", V_POINT, 0, 0, 0, NULL, NULL, NULL, "[1, 1]", V2,
     "Manim's quadrant: 1 or -1 per line, which way along it the arc starts and ends"},
    {"elbow", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2, "a right-angle mark instead of an arc"},
    {"label", V_TEX, 0, 0, 200, NULL, NULL, NULL, NULL, V2, "LaTeX label beside the middle of the arc"},
    {"label_buff", V_NUMBER, VF_DYN, 0, 10, NULL, NULL, NULL, "0.25", V2, "gap between the arc and the label's centre"},
    END,
};
/* Manim's ArrowVectorField and StreamLines: colours by magnitude from
 * DEFAULT_SCALAR_FIELD_COLORS over [0, 2]. */
#define FIELD_FIELDS                                                                                          \
    {"x", V_EXPR, VF_REQUIRED, 0, 0, "xy", NULL, NULL, NULL, V2, "the field's x component at the point (x, y)"}, \
    {"y", V_EXPR, VF_REQUIRED, 0, 0, "xy", NULL, NULL, NULL, V2, "the field's y component at the point (x, y)"}, \
    {"colors", V_COLORS, 0, 2, 8, NULL, NULL, NULL, "[\"BLUE_E\", \"GREEN\", \"YELLOW\", \"RED\"]", V2,     \
     "the gradient the magnitude is coloured along (a \"color\" instead: one colour)"},                        \
    {"min_color_value", V_NUMBER, 0, -1e6, 1e6, NULL, NULL, NULL, "0", V2, "the magnitude of the first colour"}, \
    {"max_color_value", V_NUMBER, 0, -1e6, 1e6, NULL, NULL, NULL, "2", V2, "the magnitude of the last colour"}

static const vocab_field f_vector_field[] = {
    FIELD_FIELDS,
    RANGE("x_range", 0, "[-7, 7, 0.5]", "[min, max, step] of the arrows' feet along x"),
    RANGE("y_range", 0, "[-4, 4, 0.5]", "[min, max, step] of the arrows' feet along y"),
    {"length_scale", V_NUMBER, VF_EXCL_MIN, 0, 100, NULL, NULL, NULL, NULL, V2,
     "an arrow's length is the magnitude times this (default: Manim's 0.45 * sigmoid(magnitude))"},
    END,
};
static const vocab_field f_stream_lines[] = {
    FIELD_FIELDS,
    RANGE("x_range", 0, "[-7, 7, 0.5]", "[min, max, step] of the lines' starting points along x"),
    RANGE("y_range", 0, "[-4, 4, 0.5]", "[min, max, step] of the lines' starting points along y"),
    {"dt", V_NUMBER, VF_EXCL_MIN, 0, 1, NULL, NULL, NULL, "0.05", V2, "the integration step (Manim's)"},
    {"virtual_time", V_NUMBER, VF_EXCL_MIN, 0, 60, NULL, NULL, NULL, "3", V2, "how long each point flows: a line's length"},
    {"max_anchors_per_line", V_INT, 0, 2, 1000, NULL, NULL, NULL, "100", V2, "points kept along a line"},
    {"padding", V_NUMBER, 0, 0, 100, NULL, NULL, NULL, "3", V2, "how far past the ranges a line may go"},
    {"noise_factor", V_NUMBER, 0, 0, 10, NULL, NULL, NULL, NULL, V2,
     "how far starting points are moved at random (default: half the y step)"},
    {"n_repeats", V_INT, 0, 1, 10, NULL, NULL, NULL, "1", V2, "lines started at each point"},
    {"flow_speed", V_NUMBER, VF_EXCL_MIN, 0, 100, NULL, NULL, NULL, NULL, V2,
     "the lines flow (Manim's start_animation): a bright stretch runs along each at this speed, for as long as "
     "they are on screen"},
    {"time_width", V_NUMBER, VF_EXCL_MIN, 0, 1, NULL, NULL, NULL, "0.3", V2, "the flowing stretch, a share of a line"},
    END,
};
static const char *const brackets[] = {"square", "round", "vertical", "none"};
const vocab_enum vocab_brackets = {"bracket", brackets, COUNT(brackets)};

static const vocab_field f_matrix[] = {
    {"entries", V_CELLS, VF_REQUIRED, 1, 8, NULL, NULL, NULL, NULL, V2,
     "rows of entries: LaTeX strings or numbers, 1 to 8 rows of 1 to 8"},
    {"bracket", V_ENUM, 0, 0, 0, NULL, &vocab_brackets, NULL, "\"square\"", V2,
     "[ ] square, ( ) round, | | vertical (a determinant), or none"},
    {"h_buff", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "1.3", V2, "distance between columns (Manim's)"},
    {"v_buff", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "0.8", V2, "distance between rows (Manim's)"},
    NUM("font_size", VF_EXCL_MIN, 0, 500, "48", "Manim's font size of the entries"),
    END,
};
/* Manim's BarChart: axes whose x range is [0, n, 1], bar i standing on
 * [i + 0.5 - w/2, i + 0.5 + w/2]. */
#define CHART_MAX_BARS 64
static const vocab_field f_bar_chart[] = {
    {"values", V_NUMBERS, VF_REQUIRED | VF_DYN, 1, CHART_MAX_BARS, NULL, NULL, NULL, NULL, V2,
     "the bars' heights in the y axis' units, from 0 (negative ones downwards); expressions make a chart that "
     "follows what they read, rebuilt at every frame (give it a y_range)"},
    {"bar_names", V_TEXS, VF_PLAIN, 1, CHART_MAX_BARS, NULL, NULL, NULL, NULL, V2,
     "a name under each bar (above one whose value is negative), one per value"},
    {"y_range", V_RANGE, 0, 0, 0, NULL, NULL, NULL, NULL, V2,
     "[min, max] or [min, max, tick step] of the y axis (default, as Manim: from the lowest value or 0 to the "
     "highest or 0, the step the highest / y_length rounded to 0.01)"},
    {"x_length", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, NULL, V2,
     "length of the x axis (default: the number of values, at most 12.2, as Manim)"},
    {"y_length", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, LEN_MAX, NULL, NULL, NULL, "4", V2,
     "length of the y axis (Manim's frame height - 4)"},
    {"bar_colors", V_COLORS, 0, 1, 16, NULL, NULL, NULL, "[\"#003f5c\", \"#58508d\", \"#bc5090\", \"#ff6361\", \"#ffa600\"]",
     V2, "the bars' colours, spread over them as a gradient (Manim's set_color_by_gradient)"},
    {"bar_width", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, 1, NULL, NULL, NULL, "0.6", V2, "a bar's width, a share of one step of x"},
    {"bar_fill_opacity", V_NUMBER, VF_DYN, 0, 1, NULL, NULL, NULL, "0.7", V2, "the bars' fill opacity"},
    {"bar_stroke_width", V_NUMBER, VF_DYN, 0, 100, NULL, NULL, NULL, "3", V2, "the bars' outline width, Manim units"},
    END,
};
/* Manim's Table (text entries) and MathTable (LaTeX entries). */
#define TABLE_MAX 12
#define TABLE_FIELDS(plain, kind, what)                                                                        \
    {"entries", V_CELLS, VF_REQUIRED | (plain), 1, TABLE_MAX, NULL, NULL, NULL, NULL, V2,                      \
     "rows of entries: " what " strings or numbers, 1 to 12 rows of 1 to 12"},                                 \
    {"row_labels", V_TEXS, plain, 1, TABLE_MAX, NULL, NULL, NULL, NULL, V2,                                 \
     "a label left of each row, one per row: a column before the entries"},                                   \
    {"col_labels", V_TEXS, plain, 1, TABLE_MAX, NULL, NULL, NULL, NULL, V2,                                 \
     "a label above each column, one per column: a header row"},                                              \
    {"top_left_entry", kind, 0, 0, 200, NULL, NULL, NULL, NULL, V2,                                            \
     "the corner left of the column labels and above the row labels (with both)"},                            \
    {"include_outer_lines", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2, "lines round the outside too"},   \
    {"include_inner_lines", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2, "lines between the rows and the columns"}, \
    {"line_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "colour of the lines (default: the table's color)"}, \
    {"line_width", V_NUMBER, VF_DYN, 0, 100, NULL, NULL, NULL, "4", V2, "their stroke width, Manim units (Manim's Line)"}, \
    {"h_buff", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, 10, NULL, NULL, NULL, "1.3", V2,                             \
     "the gap between the widest entries of two columns; the lines run in its middle (Manim's)"},              \
    {"v_buff", V_NUMBER, VF_EXCL_MIN | VF_DYN, 0, 10, NULL, NULL, NULL, "0.8", V2,                             \
     "the gap between the tallest entries of two rows (Manim's)"},                                             \
    NUM("font_size", VF_EXCL_MIN, 0, 500, "48", "Manim's font size of the entries and labels")

static const vocab_field f_table[] = {TABLE_FIELDS(VF_PLAIN, V_STRING, "text"), END};
static const vocab_field f_math_table[] = {TABLE_FIELDS(0, V_TEX, "LaTeX"), END};
/* Manim's Graph and DiGraph (version 2): vertices named by whole numbers or
 * strings, placed by a layout, drawn as Dots (LabeledDots with labels),
 * joined by Lines (arrows in a digraph) that follow them as they move. */
static const char *const graph_layouts[] = {"spring", "circular", "kamada_kawai", "partite", "tree",
                                            "shell",  "random",   "spiral",       "grid",    "sugiyama"};
const vocab_enum vocab_graph_layouts = {"layout", graph_layouts, COUNT(graph_layouts)};
static const char *const tree_orientations[] = {"down", "up"};
static const vocab_enum vocab_tree_orientations = {"orientation", tree_orientations, COUNT(tree_orientations)};
static const char *const partite_aligns[] = {"vertical", "horizontal"};
static const vocab_enum vocab_partite_aligns = {"alignment", partite_aligns, COUNT(partite_aligns)};

static const vocab_field layout_config_fields[] = {
    {"seed", V_INT, 0, 0, 2147483647, NULL, NULL, NULL, "1", V2,
     "spring, random: the seed of their random start (Manim's has none, so its spring layout differs from run to run)"},
    {"iterations", V_INT, 0, 1, 10000, NULL, NULL, NULL, "500", V2,
     "spring: Fruchterman-Reingold iterations (igraph's default; networkx's is 50)"},
    {"nlist", V_VERTEX_LISTS, 0, 1, GRAPH_MAX_VERTICES, NULL, NULL, NULL, NULL, V2,
     "shell: the shells, innermost first, each vertex in one (default: one shell of them all)"},
    {"partitions", V_VERTEX_LISTS, 0, 1, GRAPH_MAX_VERTICES, NULL, NULL, NULL, NULL, V2,
     "partite, sugiyama: the graph's partitions, given here (Manim takes them in either place)"},
    {"root_vertex", V_VERTEX, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "tree: the graph's root_vertex, given here"},
    {"vertex_spacing", V_POINT, 0, 0, 0, NULL, NULL, NULL, NULL, V2,
     "tree, sugiyama: [x, y], the distance between siblings and between levels, instead of fitting layout_scale "
     "(Manim's)"},
    {"orientation", V_ENUM, 0, 0, 0, NULL, &vocab_tree_orientations, NULL, "\"down\"", V2,
     "tree, sugiyama: the root (the first layer) on top, levels going down, or at the bottom"},
    {"align", V_ENUM, 0, 0, 0, NULL, &vocab_partite_aligns, NULL, "\"vertical\"", V2,
     "partite: the partitions as columns, or as rows from the bottom (networkx's align)"},
    {"resolution", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "0.35", V2,
     "spiral: the turn between two vertices, radians (networkx's)"},
    {"columns", V_INT, 0, 1, GRAPH_MAX_VERTICES, NULL, NULL, NULL, NULL, V2,
     "grid: vertices per row, rows from the top (default: the square root of their number, rounded up)"},
    END,
};
const vocab_struct vocab_layout_config = {"layout_config", "layout_config", layout_config_fields,
                                          "settings of the automatic layouts (Manim's layout_config), each for the "
                                          "layouts it names"};

static const vocab_field vertex_config_fields[] = {
    {"radius", V_NUMBER, VF_EXCL_MIN, 0, LEN_MAX, NULL, NULL, NULL, NULL, V2,
     "the dot's radius: 0.08 (Manim's Dot), or with a label 0.1 more than half the label's diagonal (LabeledDot)"},
    {"color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "fill and stroke colour (default: the graph's color)"},
    {"fill_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "fill colour (over color)"},
    {"fill_opacity", V_NUMBER, 0, 0, 1, NULL, NULL, NULL, "1", V2, "fill opacity"},
    {"stroke_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "outline colour (over color)"},
    {"stroke_width", V_NUMBER, 0, 0, 100, NULL, NULL, NULL, "0", V2, "outline width, Manim units"},
    END,
};
const vocab_struct vocab_vertex_config = {"vertex_config", "vertex_config", vertex_config_fields,
                                          "the vertices' dots (Manim's vertex_config); a key that is a vertex's name "
                                          "holds settings for that vertex alone, over the others"};

static const vocab_field tip_config_fields[] = {
    {"tip_length", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "0.35", V2,
     "length of the arrow tip (Manim's; at most half the edge)"},
    {"tip_width", V_NUMBER, VF_EXCL_MIN, 0, 10, NULL, NULL, NULL, "0.35", V2, "width of its base"},
    END,
};
const vocab_struct vocab_tip_config = {"tip_config", "tip_config", tip_config_fields,
                                       "a digraph's arrow tips (Manim's tip_config)"};

#define EDGE_CONFIG_FIELDS                                                                                      \
    {"color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "colour (default: the graph's color)"},             \
    {"stroke_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "colour (over color)"},                     \
    {"stroke_width", V_NUMBER, 0, 0, 100, NULL, NULL, NULL, "4", V2, "width, Manim units (Manim's Line)"},      \
    {"stroke_opacity", V_NUMBER, 0, 0, 1, NULL, NULL, NULL, "1", V2, "opacity"}
static const vocab_field edge_config_fields[] = {EDGE_CONFIG_FIELDS, END};
static const vocab_field digraph_edge_config_fields[] = {
    EDGE_CONFIG_FIELDS,
    {"tip_config", V_STRUCT, 0, 0, 0, NULL, NULL, &vocab_tip_config, NULL, V2, "the arrow tip"},
    END,
};
#define EDGE_CONFIG_DOC                                                                                         \
    "the edges' lines (Manim's edge_config); a key \"u, v\" (or \"(u, v)\") holds settings for that edge alone, over " \
    "the others"
const vocab_struct vocab_edge_config = {"edge_config", "edge_config", edge_config_fields, EDGE_CONFIG_DOC};
const vocab_struct vocab_digraph_edge_config = {"digraph_edge_config", "edge_config", digraph_edge_config_fields,
                                                EDGE_CONFIG_DOC "; tip_config shapes the arrow tips"};

#define GRAPH_FIELDS(edges_doc, edge_config)                                                                    \
    {"vertices", V_VERTICES, VF_REQUIRED, 1, GRAPH_MAX_VERTICES, NULL, NULL, NULL, NULL, V2,                    \
     "the vertices, each once: whole numbers or strings (no commas, brackets or quotes); parts, edges, layouts, " \
     "labels and configs name them"},                                                                           \
    {"edges", V_EDGES, 0, 0, GRAPH_MAX_EDGES, NULL, NULL, NULL, NULL, V2, edges_doc},                           \
    {"layout", V_LAYOUT, 0, 0, 0, NULL, &vocab_graph_layouts, NULL, "\"spring\"", V2,                            \
     "an automatic layout (grid and sugiyama are not Manim's), or {vertex: [x, y]} for every vertex"},         \
    {"layout_scale", V_NUMBER, VF_EXCL_MIN, 0, LEN_MAX, NULL, NULL, NULL, "2", V2,                              \
     "an automatic layout's positions lie in [-scale, scale] (Manim's)"},                                       \
    {"layout_config", V_STRUCT, 0, 0, 0, NULL, NULL, &vocab_layout_config, NULL, V2,                            \
     "settings of the automatic layouts"},                                                                      \
    {"partitions", V_VERTEX_LISTS, 0, 1, GRAPH_MAX_VERTICES, NULL, NULL, NULL, NULL, V2,                        \
     "partite: the columns left to right, each listed top to bottom (vertices in none make a last column, as "  \
     "Manim's); sugiyama: the layers, top to bottom"},                                                          \
    {"root_vertex", V_VERTEX, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "tree: the root, on top"},                   \
    {"labels", V_LABELS, 0, 0, 0, NULL, NULL, NULL, "false", V2,                                                \
     "true: every vertex labelled with its name in LaTeX (a LabeledDot); or {vertex: LaTeX} for some"},         \
    {"label_fill_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, "\"BLACK\"", V2, "the labels' colour (Manim's)"},  \
    {"vertex_config", V_VERTEX_CONFIG, 0, 0, 0, NULL, NULL, &vocab_vertex_config, NULL, V2,                      \
     "the dots: radius, colours, stroke; and per vertex"},                                                      \
    {"edge_config", V_EDGE_CONFIG, 0, 0, 0, NULL, NULL, &edge_config, NULL, V2,                                 \
     "the edges: colour, stroke width; and per edge"}

static const vocab_field f_graph[] = {
    GRAPH_FIELDS("[[u, v], ...]: pairs of vertices, each edge once (in either order)", vocab_edge_config),
    END,
};
static const vocab_field f_digraph[] = {
    GRAPH_FIELDS("[[u, v], ...]: an arrow from u to v for each pair, each once", vocab_digraph_edge_config),
    END,
};

/* Manim's Code (version 2): Pygments colours it; the languages and styles
 * are the allowlists of librender/code, which checks them again. */
static const char *const code_languages[] = {LR_CODE_LANGUAGES};
static const char *const code_styles[] = {LR_CODE_STYLES};
static const char *const code_backgrounds[] = {"rectangle", "window"};
const vocab_enum vocab_code_languages = {"language", code_languages, COUNT(code_languages)};
const vocab_enum vocab_code_styles = {"formatter style", code_styles, COUNT(code_styles)};
const vocab_enum vocab_code_backgrounds = {"background", code_backgrounds, COUNT(code_backgrounds)};

static const vocab_field code_background_fields[] = {
    {"buff", V_NUMBER, 0, 0, 10, NULL, NULL, NULL, "0.3", V2, "the gap between the code (and the window's dots) and the edge"},
    {"fill_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, NULL, V2, "its colour (default: the style's background colour)"},
    {"fill_opacity", V_NUMBER, 0, 0, 1, NULL, NULL, NULL, "1", V2, "its opacity"},
    {"stroke_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, "\"WHITE\"", V2, "the colour of its outline"},
    {"stroke_width", V_NUMBER, 0, 0, 100, NULL, NULL, NULL, "1", V2, "the outline's width, Manim units (1 is 0.01 scene units)"},
    {"corner_radius", V_NUMBER, 0, 0, 10, NULL, NULL, NULL, "0.2", V2, "radius of its rounded corners"},
    END,
};
const vocab_struct vocab_code_background = {"code_background", "background_config", code_background_fields,
                                            "Manim's Code.default_background_config: how the background looks"};
static const vocab_field code_paragraph_fields[] = {
    {"font", V_STRING, 0, 0, 100, NULL, NULL, NULL, NULL, V2,
     "a fontconfig family (default: DejaVu Sans Mono, what Manim's \"Monospace\" is on Debian)"},
    {"font_size", V_NUMBER, VF_EXCL_MIN, 0, 500, NULL, NULL, NULL, "24", V2, "Manim's font size of the code and the numbers"},
    {"line_spacing", V_NUMBER, 0, 0, 10, NULL, NULL, NULL, "0.5", V2,
     "Manim's Paragraph line_spacing: baselines 0.75 * (1 + line_spacing) em apart"},
    END,
};
const vocab_struct vocab_code_paragraph = {"code_paragraph", "paragraph_config", code_paragraph_fields,
                                           "Manim's Code.default_paragraph_config: the text of the code and the numbers"};

static const vocab_field f_code[] = {
    {"code", V_STRING, VF_REQUIRED, 0, SPEC_MAX_CODE, NULL, NULL, NULL, NULL, V2,
     "the source as a string, lines ending in \\n (Manim's code_string; files are not read)"},
    {"language", V_ENUM, VF_REQUIRED, 0, 0, NULL, &vocab_code_languages, NULL, NULL, V2,
     "the Pygments lexer that colours it (Manim guesses one when it is left out; here it is required)"},
    {"formatter_style", V_ENUM, 0, 0, 0, NULL, &vocab_code_styles, NULL, "\"" LR_CODE_DEFAULT_STYLE "\"", V2,
     "the Pygments style: the colours of the code, the line numbers, the background and the highlighted lines"},
    {"tab_width", V_INT, 0, 1, 16, NULL, NULL, NULL, "4", V2, "the columns between tab stops"},
    {"add_line_numbers", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "true", V2, "line numbers left of the code, right-aligned"},
    {"line_numbers_from", V_INT, 0, 0, 100000, NULL, NULL, NULL, "1", V2, "the number of the first line"},
    {"background", V_ENUM, 0, 0, 0, NULL, &vocab_code_backgrounds, NULL, "\"rectangle\"", V2,
     "a rounded rectangle behind the code, or a window: the rectangle with three dots at its top left"},
    {"background_config", V_STRUCT, 0, 0, 0, NULL, NULL, &vocab_code_background, NULL, V2,
     "how the background looks (Manim's background_config)"},
    {"paragraph_config", V_STRUCT, 0, 0, 0, NULL, NULL, &vocab_code_paragraph, NULL, V2,
     "font, font_size and line_spacing of the text (Manim's paragraph_config)"},
    {"highlight_lines", V_INTS, 0, 1, SPEC_MAX_CODE_LINES, NULL, NULL, NULL, NULL, V2,
     "lines drawn on a band of highlight_color, counted from 1 whatever line_numbers_from (Pygments' hl_lines): "
     "[2, 3]"},
    {"highlight_color", V_COLOR, 0, 0, 0, NULL, NULL, NULL, NULL, V2,
     "the bands' colour (default: the style's highlight colour)"},
    {"highlight_opacity", V_NUMBER, 0, 0, 1, NULL, NULL, NULL, "1", V2, "the bands' opacity"},
    END,
};
static const vocab_field f_group[] = {
    KIND("children", V_CHILDREN, VF_REQUIRED, "ids of earlier objects, or inline objects with their own ids"),
    ENUM("arrange", vocab_directions, NULL, "lay the children out in a row or a column, in this direction"),
    NUM("buff", 0, 0, 10, "0.25", "gap between arranged children"),
    END,
};

const vocab_type vocab_types[] = {
    {"line", f_line, VT_PLACED | VT_IN_3D, 0, "a straight segment (in 3D where the section has a camera)"},
    {"dashed_line", f_dashed_line, VT_PLACED, 0, "a dashed segment"},
    {"polyline", f_polyline, VT_PLACED, 0, "an open path through points"},
    {"polygon", f_polygon, VT_PLACED, 0, "a closed path through points"},
    {"regular_polygon", f_regular_polygon, VT_PLACED, 0, "a regular polygon, a vertex up"},
    {"star", f_star, VT_PLACED, 0, "a star, a point up"},
    {"rectangle", f_rectangle, VT_PLACED, 0, "a rectangle"},
    {"square", f_square, VT_PLACED, 0, "a square"},
    {"rounded_rectangle", f_rounded_rectangle, VT_PLACED, 0, "a rectangle with rounded corners"},
    {"circle", f_circle, VT_PLACED, 0, "a circle"},
    {"ellipse", f_ellipse, VT_PLACED, 0, "an ellipse"},
    {"arc", f_arc, VT_PLACED, 0, "an arc of a circle"},
    {"annulus", f_annulus, VT_PLACED, 0, "a ring"},
    {"sector", f_sector, VT_PLACED, 0, "a slice of a disc or a ring"},
    {"dot", f_dot, VT_PLACED | VT_FILLED | VT_IN_3D, 0,
     "a filled dot (in 3D where the section has a camera: a disc facing the camera)"},
    {"union", f_union, VT_PLACED, V2,
     "the region any of its shapes fills, a new shape where they are (Manim's Union); it follows them"},
    {"intersection", f_intersection, VT_PLACED, V2, "the region all of its shapes fill (Manim's Intersection)"},
    {"difference", f_difference, VT_PLACED, V2, "the subject with the clip cut away (Manim's Difference)"},
    {"exclusion", f_exclusion, VT_PLACED, V2, "the region exactly one of subject and clip fills (Manim's Exclusion)"},
    {"arrow", f_arrow, VT_PLACED | VT_IN_3D, 0,
     "a segment with a tip at its end (in 3D where the section has a camera: Manim's Arrow3D, a cylinder and a cone)"},
    {"double_arrow", f_double_arrow, VT_PLACED, 0, "a segment with tips at both ends"},
    {"vector", f_vector, VT_PLACED | VT_IN_3D, 0, "an arrow from the origin (or start); in 3D as an arrow"},
    {"text", f_text, VT_PLACED | VT_FILLED | VT_TEXTLIKE, 0, "plain text (any script)"},
    {"tex", f_tex, VT_PLACED | VT_FILLED | VT_TEXTLIKE, 0, "a LaTeX formula"},
    {"decimal", f_decimal, VT_PLACED | VT_FILLED | VT_TEXTLIKE, 0,
     "a number: the target of ChangeDecimalToValue"},
    {"axes", f_axes, VT_PLACED, 0, "two axes with ticks"},
    {"number_plane", f_number_plane, VT_PLACED, 0, "a grid of lines with axes (Manim's NumberPlane); maps of the plane bend its lines"},
    {"complex_plane", f_complex_plane, VT_PLACED, V2, "a number plane whose points are complex numbers, labelled 1, i, ..."},
    {"number_line", f_number_line, VT_PLACED, V2,
     "a line of numbers with ticks, numbers and a tip (Manim's NumberLine); n2p(x) reads where a number is"},
    {"pointer", f_pointer, 0, V2,
     "a triangle or an arrow pointing at a number of a number_line, with a label; it follows a value"},
    {"i_hat", f_basis_vector, 0, V2, "the plane's first unit vector, GREEN, as Manim's LinearTransformationScene draws it"},
    {"j_hat", f_basis_vector, 0, V2, "the plane's second unit vector, RED"},
    {"function_graph", f_function_graph, 0, 0, "the graph of y = f(x) on axes"},
    {"parametric_curve", f_parametric_curve, VT_PLACED | VT_IN_3D, 0,
     "the curve (x(t), y(t)), or (x(t), y(t), z(t)) in a section with a camera"},
    {"three_d_axes", f_three_d_axes, VT_3D, V2, "three axes with ticks, through the origin (Manim's ThreeDAxes)"},
    {"surface", f_surface, VT_3D, V2,
     "a surface (x(u, v), y(u, v), z(u, v)) in checkerboard faces, lit (Manim's Surface)"},
    {"sphere", f_sphere, VT_3D, V2, "a sphere in checkerboard faces, lit (Manim's Sphere)"},
    {"cube", f_cube, VT_3D, V2, "a cube of six square faces, BLUE at 0.75 opacity, lit (Manim's Cube)"},
    {"prism", f_prism, VT_3D, V2, "a box of given sizes along x, y and z, as a cube (Manim's Prism)"},
    {"cylinder", f_cylinder, VT_3D, V2, "a cylinder in checkerboard faces, with its ends, lit (Manim's Cylinder)"},
    {"cone", f_cone, VT_3D, V2, "a cone in BLUE_D faces, open at its base unless show_base, lit (Manim's Cone)"},
    {"torus", f_torus, VT_3D, V2, "a torus in checkerboard faces, lit (Manim's Torus)"},
    {"brace", f_brace, 0, 0, "a curly brace along a side of an object, as Manim's Brace, or between two points "
                             "(BraceBetweenPoints); in version 2 it follows its target"},
    {"surrounding_rectangle", f_surrounding_rectangle, 0, V2,
     "a rectangle round an object or part, YELLOW unless a colour is given (Manim's SurroundingRectangle); it follows "
     "its target"},
    {"background_rectangle", f_background_rectangle, 0, V2,
     "a rectangle of the background colour at 0.75 opacity, no stroke, drawn just below its target (Manim's "
     "BackgroundRectangle, add_background_rectangle); it follows its target"},
    {"underline", f_underline, 0, V2, "a line under an object or part, as wide as it (Manim's Underline); it follows "
                                      "its target"},
    {"cross", f_cross, 0, V2, "two RED lines, stroke 6, corner to corner of an object's or part's bounding box "
                              "(Manim's Cross); it follows its target"},
    {"tangent_line", f_tangent_line, 0, 0, "the tangent of a graph at x"},
    {"area_under_curve", f_area_under_curve, 0, 0,
     "the region between a graph and the x axis, or another graph, filled BLUE at 0.3 (Manim's get_area)"},
    {"vertical_line", f_axis_line, 0, V2,
     "a dashed line from the x axis to a point, or to a graph at x (Manim's get_vertical_line)"},
    {"horizontal_line", f_axis_line, 0, V2, "a dashed line from the y axis to a point (get_horizontal_line)"},
    {"lines_to_point", f_axis_line, 0, V2, "both, horizontal then vertical (get_lines_to_point)"},
    {"graph_label", f_graph_label, 0, V2, "a LaTeX label beside a graph's point at x, in its colour (get_graph_label)"},
    {"line_graph", f_line_graph, 0, V2, "straight segments through points of the axes, with a dot at each (plot_line_graph)"},
    {"riemann_rectangles", f_riemann_rectangles, 0, V2,
     "the rectangles of a Riemann sum of a graph, left, right or midpoint (get_riemann_rectangles)"},
    {"svg", f_asset, VT_PLACED, 0, "an SVG file"},
    {"image", f_asset, VT_PLACED, 0, "a PNG or JPEG file"},
    {"function_image", f_function_image, VT_PLACED, V2,
     "an image the GPU computes at every pixel from an expression: a complex f(z) domain-coloured, or a number "
     "coloured along a gradient; over a region of the scene, or of a plane (\"plane\") or axes (\"in\") whose "
     "coordinates it takes"},
    {"group", f_group, VT_PLACED, 0, "objects that come and go, move and scale together"},
    {"matrix", f_matrix, VT_PLACED | VT_FILLED | VT_TEXTLIKE, V2,
     "a matrix of LaTeX entries in brackets (Manim's Matrix); its entries, rows and columns are parts"},
    {"bar_chart", f_bar_chart, VT_PLACED, V2,
     "bars on axes, one per value, coloured by a gradient (Manim's BarChart); its bars are parts, ChangeBarValues "
     "moves them, and c2p reads its coordinates"},
    {"table", f_table, VT_PLACED | VT_FILLED | VT_TEXTLIKE, V2,
     "a grid of text entries with lines between, optional row and column labels (Manim's Table); its cells, rows "
     "and columns are parts"},
    {"math_table", f_math_table, VT_PLACED | VT_FILLED | VT_TEXTLIKE, V2,
     "a table whose entries and labels are LaTeX, compiled in one run (Manim's MathTable)"},
    {"graph", f_graph, VT_PLACED, V2,
     "vertices (dots, labelled or not) joined by lines, placed by a layout (Manim's Graph); the edges follow the "
     "vertices as animations move them; vertices and edges are parts"},
    {"digraph", f_digraph, VT_PLACED, V2,
     "a directed graph: each edge an arrow from the boundary of its first vertex to that of its second (Manim's "
     "DiGraph)"},
    {"code", f_code, VT_PLACED | VT_FILLED | VT_TEXTLIKE, V2,
     "a source listing coloured by Pygments, with line numbers and a background (Manim's Code); the style, not "
     "color, colours it; its lines are parts"},
    {"vector_field", f_vector_field, VT_PLACED, V2,
     "arrows of a field on a grid, their length and colour by magnitude (Manim's ArrowVectorField)"},
    {"stream_lines", f_stream_lines, VT_PLACED, V2,
     "lines that follow a field's flow, coloured by magnitude, optionally flowing (Manim's StreamLines)"},
    {"value", f_value, VT_BARE, V2,
     "a number that animations and time change and expressions read by its id (Manim's ValueTracker); never drawn"},
    {"traced_path", f_traced_path, 0, V2, "the path a point has travelled since it came on screen (Manim's TracedPath)"},
    {"angle", f_angle, 0, V2, "the arc (or right-angle mark) of an angle between two lines or three points, "
                              "with an optional label; it follows them (Manim's Angle)"},
};
const size_t vocab_type_count = COUNT(vocab_types);

/* What encloses an area: closed shapes, and open ones a fill closes (an
 * arc, a polyline, a parametric curve), glyphs, SVG paths, and results of
 * boolean operations. Lines, arrows, axes, graphs and marks are strokes;
 * an image has pixels, not paths. */
const char vocab_area_types[] = "polygon, polyline, regular_polygon, star, rectangle, square, rounded_rectangle, "
                                "circle, ellipse, arc, annulus, sector, dot, parametric_curve, text, tex, svg, "
                                "union, intersection, difference, exclusion";

bool vocab_encloses_area(const char *type)
{
    size_t n = strlen(type);
    for (const char *p = vocab_area_types; n && (p = strstr(p, type)) != NULL; p += n)
        if ((p == vocab_area_types || p[-1] == ' ') && (p[n] == ',' || p[n] == 0))
            return true;
    return false;
}

bool vocab_is_boolean(const char *type)
{
    return strcmp(type, "union") == 0 || strcmp(type, "intersection") == 0 || strcmp(type, "difference") == 0 ||
           strcmp(type, "exclusion") == 0;
}

const vocab_type *vocab_find_type(const char *name)
{
    for (size_t i = 0; i < vocab_type_count; i++)
        if (strcmp(vocab_types[i].name, name) == 0)
            return &vocab_types[i];
    return NULL;
}

/* ---- animations -------------------------------------------------------------------- */

#define ANIM_TIMING                                                                                          \
    {"run_time", V_DURATION, 0, 0, SPEC_MAX_RUN_TIME, NULL, NULL, NULL, NULL, V2,                          \
     "seconds this animation lasts (default: the step's run_time)"},                                        \
    {"delay", V_NUMBER, VF_TOP_LEVEL, 0, SPEC_MAX_RUN_TIME, NULL, NULL, NULL, "0", V2,                      \
     "seconds after the step's start that it begins (top-level animations of a step)"}

static const vocab_field anim_targeted_fields[] = {
    KIND("anim", V_ANIM, VF_REQUIRED, "the animation's name"),
    TARGET("target", VF_REQUIRED, "the object it animates"),
    ENUM("rate_func", vocab_rate_funcs, NULL, "how its progress runs (default: the animation's own, as in Manim)"),
    ANIM_TIMING,
    END,
};
const vocab_struct vocab_anim_targeted = {"animation_targeted", "an animation", anim_targeted_fields, "an animation of an object"};

static const vocab_field anim_untargeted_fields[] = {
    KIND("anim", V_ANIM, VF_REQUIRED, "the animation's name"),
    ENUM("rate_func", vocab_rate_funcs, NULL, "how its progress runs"),
    ANIM_TIMING,
    END,
};
const vocab_struct vocab_anim_untargeted = {"animation_untargeted", "an animation", anim_untargeted_fields,
                                            "an animation of the camera, of other animations, or a pause"};

static const vocab_field a_none[] = {END};
static const vocab_field a_fade[] = {
    POINT("shift", 0, "[0, 0]", "moves by this much while it fades"),
    NUM("scale", VF_EXCL_MIN, 0, 100, "1", "scales from (in) or to (out) this factor while it fades"),
    END,
};
static const vocab_field a_grow_from_point[] = {POINT("point", VF_REQUIRED, NULL, "where it grows from"), END};
static const vocab_field a_transform[] = {TARGET("to", VF_REQUIRED, "the object whose shape it takes"), END};
static const vocab_field a_replace[] = {
    TARGET("to", VF_REQUIRED, "the object that replaces it (not on screen yet)"),
    END,
};
static const vocab_field a_transform_matching_tex[] = {
    TARGET("to", VF_REQUIRED, "the formula that replaces it (not on screen yet)"),
    {"key_map", V_TEX_MAP, 0, 0, 0, NULL, NULL, NULL, NULL, V2,
     "parts that move to parts of another TeX: {\"a\": \"x\"} takes the a's to the x's"},
    {"transform_mismatches", V_BOOL, 0, 0, 0, NULL, NULL, NULL, "false", V2,
     "the parts that match none morph into the new ones that match none, instead of fading"},
    END,
};
static const vocab_field a_move_to[] = {
    KIND("at", V_ANCHOR, 0, "the cell whose centre it moves to"),
    POINT("position", 0, NULL, "the point its centre moves to (exactly one of at, position)"),
    END,
};
static const vocab_field a_shift[] = {POINT("by", VF_REQUIRED, NULL, "[dx, dy]"), END};
#define ABOUT_POINT(what)                                                                                    \
    {"about_point", V_POINT, VF_DYN, 0, 0, NULL, NULL, NULL, NULL, V2, "the fixed point it " what " about (default: its centre)"}
static const vocab_field a_scale[] = {
    NUM("factor", VF_REQUIRED | VF_EXCL_MIN, 0, 100, NULL, "the factor"),
    ABOUT_POINT("scales"),
    END,
};
static const vocab_field a_rotate[] = {
    NUM("degrees", VF_REQUIRED, -ANGLE_MAX, ANGLE_MAX, NULL, "counter-clockwise; points move along arcs"),
    ABOUT_POINT("turns"),
    END,
};
static const vocab_field a_rotating[] = {
    NUM("degrees", 0, -ANGLE_MAX * 10, ANGLE_MAX * 10, "360", "counter-clockwise over the animation"),
    ABOUT_POINT("turns"),
    END,
};
/* Maps of the plane (version 2). On a plane or axes they are in its
 * coordinates and carry what is drawn on it ("plane" or "axes"). */
static const vocab_field a_apply_matrix[] = {
    {"matrix", V_MATRIX, VF_REQUIRED | VF_DYN, 2, 3, NULL, NULL, NULL, NULL, V2,
     "[[a, b], [c, d]]: each point p goes to the matrix times p (entries that are expressions are read when it "
     "starts); for objects drawn in 3D also 3x3, [[a, b, c], [d, e, f], [g, h, i]] (a 2x2 one leaves z alone)"},
    {"about_point", V_POINT, VF_DYN | VF_3D, 0, 0, NULL, NULL, NULL, NULL, V2,
     "the point that stays (default: the origin, the plane's own when the target is or is on a plane; [x, y, z] "
     "in 3D)"},
    END,
};
static const vocab_field a_apply_function[] = {
    {"x", V_EXPR, VF_REQUIRED, 0, 0, "xy", NULL, NULL, NULL, V2, "the image's x, an expression in x and y"},
    {"y", V_EXPR, VF_REQUIRED, 0, 0, "xy", NULL, NULL, NULL, V2, "the image's y, an expression in x and y"},
    END,
};
static const vocab_field a_apply_complex_function[] = {
    {"f", V_EXPR, VF_REQUIRED, 0, 0, "z", NULL, NULL, NULL, V2,
     "the image of z = x + iy, an expression in the complex z, such as \"z^2\" or \"exp(z)\""},
    END,
};
static const vocab_field a_set_value[] = {
    NUM("value", VF_REQUIRED, -1e9, 1e9, NULL, "the value it moves to (an expression is read when it starts)"),
    END,
};
static const vocab_field a_change_color[] = {COLOR("color", VF_REQUIRED, NULL, "the new colour"), END};
static const vocab_field a_indicate[] = {
    COLOR("color", 0, "\"YELLOW\"", "the colour it flashes to"),
    NUM("scale_factor", VF_EXCL_MIN, 0, 10, "1.2", "how much it grows"),
    END,
};
static const vocab_field a_color[] = {COLOR("color", 0, "\"YELLOW\"", "the colour of the effect"), END};
static const vocab_field a_move_along_path[] = {
    REF("path", VF_REQUIRED, NULL, "the id of a curve: its centre follows it"),
    END,
};
static const vocab_field a_decimal[] = {NUM("value", VF_REQUIRED, -1e9, 1e9, NULL, "the number it counts to"), END};
static const vocab_field a_change_bar_values[] = {
    {"values", V_NUMBERS, VF_REQUIRED | VF_DYN, 1, CHART_MAX_BARS, NULL, NULL, NULL, NULL, V2,
     "the new heights from the first bar on (fewer than the bars: the others stay); expressions are read when it "
     "starts"},
    END,
};
static const vocab_field a_camera[] = {
    POINT("center", 0, NULL, "the point the camera moves to"),
    LENGTH("height", NULL, "the frame height it zooms to (8 is the default view); center, height or both"),
    {"phi", V_NUMBER, 0, -ANGLE_MAX, ANGLE_MAX, NULL, NULL, NULL, NULL, V2,
     "the 3D camera's phi it turns to (a section with a camera; Manim's move_camera)"},
    {"theta", V_NUMBER, 0, -ANGLE_MAX, ANGLE_MAX, NULL, NULL, NULL, NULL, V2, "the theta it turns to"},
    {"gamma", V_NUMBER, 0, -ANGLE_MAX, ANGLE_MAX, NULL, NULL, NULL, NULL, V2, "the gamma it turns to"},
    {"zoom", V_NUMBER, VF_EXCL_MIN, 0, 100, NULL, NULL, NULL, NULL, V2, "the 3D zoom it goes to"},
    {"focal_distance", V_NUMBER, VF_EXCL_MIN, 0, 1000, NULL, NULL, NULL, NULL, V2, "the focal distance it goes to"},
    END,
};
static const vocab_field a_composite[] = {
    KIND("animations", V_ANIMS, VF_REQUIRED, "the animations"),
    STATIC_NUM("lag_ratio", 0, 0, 1, NULL, "how far one is through when the next starts (AnimationGroup 0, LaggedStart 0.05)"),
    END,
};
static const vocab_field a_succession[] = {KIND("animations", V_ANIMS, VF_REQUIRED, "one after the other"), END};

const vocab_anim vocab_anims[] = {
    {"Create", VR_INTRO, a_none, 0, "draws its outline from the start"},
    {"Uncreate", VR_OUTRO, a_none, 0, "Create backwards"},
    {"Write", VR_INTRO, a_none, 0, "draws text and formulas stroke by stroke, then fills them"},
    {"DrawBorderThenFill", VR_INTRO, a_none, 0, "draws the outline, then fills it"},
    {"FadeIn", VR_INTRO, a_fade, 0, "fades in"},
    {"FadeOut", VR_OUTRO, a_fade, 0, "fades out"},
    {"GrowFromCenter", VR_INTRO, a_none, 0, "grows from its centre"},
    {"GrowFromPoint", VR_INTRO, a_grow_from_point, 0, "grows from a point"},
    {"GrowArrow", VR_INTRO, a_none, 0, "grows from its start"},
    {"SpinInFromNothing", VR_INTRO, a_none, 0, "grows while turning"},
    {"Transform", VR_TRANSFORM, a_transform, 0, "morphs into the shape of \"to\", which stays as it was"},
    {"ReplacementTransform", VR_REPLACE, a_replace, 0, "morphs into \"to\", which then replaces it"},
    {"TransformMatchingShapes", VR_REPLACE, a_replace, 0,
     "parts of the same shape move to their place in \"to\", the others fade"},
    {"TransformMatchingTex", VR_REPLACE, a_transform_matching_tex, V2,
     "formula parts with the same TeX move to their place in the formula \"to\"; the others fade out (towards "
     "the new ones) and in"},
    {"MoveTo", VR_ON, a_move_to, 0, "moves its centre to a cell or a point"},
    {"Shift", VR_ON, a_shift, 0, "moves by a vector"},
    {"Scale", VR_ON, a_scale, 0, "scales about its centre"},
    {"Rotate", VR_ON, a_rotate, 0, "turns about its centre or a point"},
    {"Rotating", VR_ON, a_rotating, V2, "turns steadily (rate linear unless given), as Manim's Rotating"},
    {"ApplyMatrix", VR_ON, a_apply_matrix, V2,
     "each point travels in a straight line to its image under a 2x2 matrix; on a plane, the plane and what is on "
     "it go together"},
    {"ApplyFunction", VR_ON, a_apply_function, V2,
     "each point travels to (x, y) of itself; curves are cut finer first so that their images stay smooth"},
    {"ApplyComplexFunction", VR_ON, a_apply_complex_function, V2,
     "each point z travels to f(z) (Manim's, on straight paths); curves are cut finer first"},
    {"ChangeColor", VR_ON, a_change_color, 0, "changes colour"},
    {"Indicate", VR_ON, a_indicate, 0, "grows and turns a colour, then back"},
    {"Circumscribe", VR_ON, a_color, 0, "a rectangle passes round it"},
    {"Flash", VR_ON, a_color, 0, "lines burst from its centre"},
    {"FocusOn", VR_ON, a_color, 0, "a spot of light shrinks onto it"},
    {"Wiggle", VR_ON, a_none, 0, "wiggles"},
    {"MoveAlongPath", VR_ON, a_move_along_path, 0, "its centre travels along a curve"},
    {"ChangeDecimalToValue", VR_ON, a_decimal, 0, "a decimal counts to a value"},
    {"ChangeBarValues", VR_ON, a_change_bar_values, V2,
     "each bar's top travels straight to its new value, its colour back to the chart's gradient (Manim's "
     "chart.animate.change_bar_values)"},
    {"MoveCamera", VR_CAMERA, a_camera, 0,
     "pans and zooms the camera; a center that is an expression is followed from then on, until the next "
     "MoveCamera; in a section with a camera it also turns it (phi, theta, gamma, zoom, focal_distance)"},
    {"SetValue", VR_VALUE, a_set_value, V2,
     "a value moves to a new one (Manim's tracker.animate.set_value); what reads it follows"},
    {"Wait", VR_PAUSE, a_none, V2, "nothing moves for its run_time: a pause inside a Succession"},
    {"AnimationGroup", VR_COMPOSITE, a_composite, 0, "animations together (lag_ratio 0)"},
    {"Succession", VR_COMPOSITE, a_succession, 0, "animations one after the other"},
    {"LaggedStart", VR_COMPOSITE, a_composite, 0, "animations, each starting a little after the one before"},
};
const size_t vocab_anim_count = COUNT(vocab_anims);

const vocab_anim *vocab_find_anim(const char *name)
{
    for (size_t i = 0; i < vocab_anim_count; i++)
        if (strcmp(vocab_anims[i].name, name) == 0)
            return &vocab_anims[i];
    return NULL;
}

bool vocab_moves_3d(const char *anim)
{
    static const char *const moves[] = {"FadeIn",       "FadeOut",   "GrowFromCenter", "GrowFromPoint",
                                        "SpinInFromNothing", "MoveTo", "Shift",          "Scale",
                                        "Rotate",       "Rotating",  "ApplyMatrix",    "Create",
                                        "Uncreate",     "Write",     "DrawBorderThenFill", "Transform",
                                        "ReplacementTransform", "ChangeColor", "GrowArrow"};
    for (size_t i = 0; i < COUNT(moves); i++)
        if (strcmp(anim, moves[i]) == 0)
            return true;
    return false;
}

bool vocab_is_map(const char *anim)
{
    return strcmp(anim, "ApplyMatrix") == 0 || strcmp(anim, "ApplyFunction") == 0 ||
           strcmp(anim, "ApplyComplexFunction") == 0;
}

bool vocab_is_coord(const char *type, const char *field)
{
    const vocab_type *t = vocab_find_type(type);
    const vocab_field *f = t ? vocab_find_field(t->fields, field) : NULL;
    if (!f && t && !(t->flags & VT_BARE))
        f = vocab_find_field(object_common_fields, field);
    return f && (f->flags & VF_COORD);
}

const char *vocab_role_doc(vocab_role role)
{
    switch (role) {
    case VR_INTRO: return "brings its target in (it must be off screen)";
    case VR_OUTRO: return "takes its target out";
    case VR_ON: return "needs its target on screen";
    case VR_TRANSFORM: return "needs its target on screen; \"to\" is only read";
    case VR_REPLACE: return "needs its target on screen; \"to\" comes in instead";
    case VR_CAMERA: return "no target";
    case VR_COMPOSITE: return "no target: runs other animations";
    case VR_VALUE: return "the target is a value object";
    case VR_PAUSE: return "no target";
    }
    return "";
}

bool vocab_role_targeted(vocab_role role)
{
    return role != VR_CAMERA && role != VR_COMPOSITE && role != VR_PAUSE;
}

/* ---- timeline steps -------------------------------------------------------------- */

static const vocab_field s_play[] = {
    KIND("play", V_ANIMS, VF_REQUIRED, "the animations, run together"),
    {"run_time", V_DURATION, 0, 0, SPEC_MAX_RUN_TIME, NULL, NULL, NULL, "1", 0,
     "seconds every animation of the step lasts"},
    ENUM("rate_func", vocab_rate_funcs, NULL, "for each animation that sets none of its own"),
    STATIC_NUM("lag_ratio", 0, 0, 1, NULL, "for each animation: how far one sub-path is through when the next starts"),
    KIND("line", V_LINE_INDEX, 0, "lecture line made current when the step starts"),
    END,
};
static const vocab_field s_wait[] = {
    {"wait", V_DURATION, VF_REQUIRED, 0, SPEC_MAX_RUN_TIME, NULL, NULL, NULL, NULL, 0, "seconds nothing moves"},
    KIND("line", V_LINE_INDEX, 0, "lecture line made current when the step starts"),
    END,
};
static const vocab_field s_highlight[] = {
    KIND("highlight_line", V_LINE_INDEX, VF_REQUIRED, "lecture line made current"),
    END,
};
static const vocab_field s_add[] = {KIND("add", V_IDS, VF_REQUIRED, "objects that appear (off screen before)"), END};
static const vocab_field s_remove[] = {
    KIND("remove", V_IDS, VF_REQUIRED, "objects that disappear (on screen before)"),
    END,
};
static const vocab_field s_ambient[] = {
    {"ambient_rotation", V_NUMBER, VF_REQUIRED, -ANGLE_MAX, ANGLE_MAX, NULL, NULL, NULL, NULL, V2,
     "degrees per second the camera turns from now on (0 stops it)"},
    {"about", V_ENUM, 0, 0, 0, NULL, &vocab_camera_angles, NULL, "\"theta\"", V2, "which of the camera's angles turns"},
    END,
};

const vocab_step vocab_steps[] = {
    {"play", s_play, "the animations run together for run_time seconds"},
    {"wait", s_wait, "nothing moves"},
    {"highlight_line", s_highlight, "instant: a lecture line becomes the current one"},
    {"add", s_add, "instant: objects appear"},
    {"remove", s_remove, "instant: objects disappear"},
    {"ambient_rotation", s_ambient,
     "instant, in a section with a camera: the camera starts (or stops) turning steadily, as Manim's "
     "begin_ambient_camera_rotation; a MoveCamera of that angle holds it while it runs"},
};
const size_t vocab_step_count = COUNT(vocab_steps);

/* ---- what expressions read of objects ------------------------------------------------ */

const vocab_query vocab_queries[] = {
    {"center", SQ_CENTER, true, 0, NULL, "the centre of its bounding box (Manim's get_center)"},
    {"left", SQ_LEFT, true, 0, NULL, "the middle of its left edge"},
    {"right", SQ_RIGHT, true, 0, NULL, "the middle of its right edge"},
    {"top", SQ_TOP, true, 0, NULL, "the middle of its top edge"},
    {"bottom", SQ_BOTTOM, true, 0, NULL, "the middle of its bottom edge"},
    {"start", SQ_START, true, 0, NULL, "where its path starts (a line's start)"},
    {"end", SQ_END, true, 0, NULL, "where its path ends (a line's or an arrow's end)"},
    {"x", SQ_X, false, 0, NULL, "x of its centre"},
    {"y", SQ_Y, false, 0, NULL, "y of its centre"},
    {"z", SQ_Z, false, 0, NULL, "z of its centre (3D objects: Manim's get_z; 0 for a 2D object)"},
    {"width", SQ_WIDTH, false, 0, NULL, "the width of its bounding box"},
    {"height", SQ_HEIGHT, false, 0, NULL, "the height of its bounding box"},
    {"point", SQ_POINT, true, 1, "function_graph", "graph.point(x): the graph's point at x (input_to_graph_point)"},
    {"slope", SQ_SLOPE, false, 1, "function_graph",
     "graph.slope(x): dy/dx at x in the graph's own units (Manim's slope_of_tangent is in scene units)"},
    {"c2p", SQ_C2P, true, 2, "axes|number_plane|complex_plane|bar_chart|three_d_axes",
     "axes.c2p(x, y): the scene point of axes coordinates (a bar chart's: bar i stands at x = i + 0.5; "
     "three_d_axes.c2p(x, y, z): where the camera draws that point in the frame)"},
    {"n2p", SQ_N2P, true, 1, "number_line", "line.n2p(x): the scene point of the number x (Manim's number_to_point)"},
    {"point_from_proportion", SQ_PFP, true, 1, NULL,
     "curve.point_from_proportion(p): the point a proportion p of the way along its path"},
};
const size_t vocab_query_count = COUNT(vocab_queries);

/* ---- parts of objects ------------------------------------------------------------- */

#define TABLE_PARTS(type)                                                                                       \
    {type, "cell", 2, "t.cell(i, j): the entry in row i, column j of the grid, labels included (Manim's "       \
                      "get_entries((i + 1, j + 1)))"},                                                          \
    {type, "row", 1, "t.row(i): the entries of row i, labels included (Manim's get_rows()[i])"},                \
    {type, "column", 1, "t.column(j): the entries of column j, labels included (Manim's get_columns()[j])"},    \
    {type, "entries", 0, "t.entries: every entry, labels included (Manim's get_entries())"},                    \
    {type, "row_labels", 0, "t.row_labels: the row labels"},                                                    \
    {type, "col_labels", 0, "t.col_labels: the column labels"},                                                 \
    {type, "horizontal_lines", 0, "t.horizontal_lines: the lines between (and round) the rows"},                \
    {type, "vertical_lines", 0, "t.vertical_lines: the lines between (and round) the columns"}

const vocab_part vocab_parts[] = {
    {"matrix", "entry", 2, "m.entry(i, j): the entry in row i, column j"},
    {"matrix", "row", 1, "m.row(i): the entries of row i"},
    {"matrix", "column", 1, "m.column(j): the entries of column j"},
    {"matrix", "entries", 0, "m.entries: every entry, without the brackets"},
    {"matrix", "brackets", 0, "m.brackets: the two brackets"},
    {"tex", "part", VOCAB_INDEX_OR_TEX,
     "eq.part(i): the formula's part i from 0 (its parts: {{ }} groups, substrings_to_isolate and "
     "tex_to_color_map keys, and the text between them); eq.part(a^2): every part whose TeX is a^2"},
    {"bar_chart", "bar", 1, "c.bar(i): bar i, from 0 (Manim's chart.bars[i])"},
    {"bar_chart", "bars", 0, "c.bars: every bar"},
    {"bar_chart", "bar_names", 0, "c.bar_names: the names under the bars (Manim's x_axis.labels)"},
    {"bar_chart", "axes", 0, "c.axes: the axes with their ticks and numbers"},
    {"graph", "vertex", VOCAB_VERTEX, "g.vertex(v): the vertex named v, its dot and label (Manim's g[v])"},
    {"graph", "edge", VOCAB_EDGE, "g.edge(u, v): the edge between u and v, in either order (Manim's g[(u, v)])"},
    {"graph", "vertices", 0, "g.vertices: every vertex"},
    {"graph", "edges", 0, "g.edges: every edge"},
    {"digraph", "vertex", VOCAB_VERTEX, "g.vertex(v): the vertex named v, its dot and label (Manim's g[v])"},
    {"digraph", "edge", VOCAB_EDGE, "g.edge(u, v): the arrow from u to v (Manim's g[(u, v)])"},
    {"digraph", "vertices", 0, "g.vertices: every vertex"},
    {"digraph", "edges", 0, "g.edges: every arrow"},
    TABLE_PARTS("table"),
    TABLE_PARTS("math_table"),
    {"code", "line", 1, "c.line(i): line i of the code from 0, its glyphs (Manim's code.code_lines[i])"},
    {"code", "code_lines", 0, "c.code_lines: every line of the code (Manim's code.code_lines)"},
    {"code", "line_number", 1, "c.line_number(i): the number of line i, from 0"},
    {"code", "line_numbers", 0, "c.line_numbers: the line numbers (Manim's code.line_numbers)"},
    {"code", "background", 0, "c.background: the background, with the window's dots (Manim's code.background)"},
    {"code", "highlights", 0, "c.highlights: the bands behind the highlight_lines"},
};
const size_t vocab_part_count = COUNT(vocab_parts);

const vocab_part *vocab_find_part(const char *type, const char *name)
{
    for (size_t i = 0; i < vocab_part_count; i++)
        if (strcmp(vocab_parts[i].type, type) == 0 && strcmp(vocab_parts[i].name, name) == 0)
            return &vocab_parts[i];
    return NULL;
}

bool vocab_part_parse(const char *text, vocab_part_ref *out)
{
    const char *dot = strchr(text, '.');
    if (!dot || (size_t)(dot - text) >= sizeof out->id || dot == text)
        return false;
    memset(out, 0, sizeof *out);
    memcpy(out->id, text, (size_t)(dot - text));
    const char *p = dot + 1;
    size_t n = 0;
    while ((p[n] >= 'a' && p[n] <= 'z') || p[n] == '_')
        n++;
    if (n == 0 || n >= sizeof out->name)
        return false;
    memcpy(out->name, p, n);
    p += n;
    if (*p == 0)
        return true;
    if (*p++ != '(')
        return false;
    /* Not one or two whole numbers: the TeX of a part, up to the final ")". */
    size_t rest = strlen(p);
    bool numbers = rest > 0 && p[rest - 1] == ')';
    for (size_t i = 0; numbers && i + 1 < rest; i++)
        numbers = (p[i] >= '0' && p[i] <= '9') || p[i] == ' ' || p[i] == ',';
    if (!numbers) {
        if (rest < 2 || p[rest - 1] != ')' || rest - 1 > VOCAB_PART_TEX_MAX)
            return false;
        memcpy(out->tex, p, rest - 1);
        out->tex[rest - 1] = 0;
        out->by_tex = true;
        out->nargs = 1;
        return true;
    }
    for (;;) {
        while (*p == ' ')
            p++;
        if (*p < '0' || *p > '9' || out->nargs == 2)
            return false;
        long v = 0;
        while (*p >= '0' && *p <= '9' && v < 100000)
            v = v * 10 + (*p++ - '0');
        out->args[out->nargs++] = (int)v;
        while (*p == ' ')
            p++;
        if (*p == ')')
            return p[1] == 0;
        if (*p++ != ',')
            return false;
    }
}

const vocab_field *vocab_find_field(const vocab_field *fields, const char *name)
{
    for (const vocab_field *f = fields; f && f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}
