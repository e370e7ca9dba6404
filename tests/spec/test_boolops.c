/* Boolean operations in the spec (version 2), checked on numbers: the areas
 * of union, intersection, difference and exclusion of two overlapping
 * circles and squares against the exact formulas (from the result's
 * polygons, within the flattening tolerance), points inside and outside
 * each result, a hole kept (a ring from two squares, drawn: the hole is
 * background, the ring filled), text as an operand, intersections that
 * follow an operand driven by a value and one moved by Shift, results built
 * once when nothing moves, and the validator's errors with their paths.
 * Then shapes whose loops wind in opposite directions, drawn through
 * llvmpipe: filled as Manim fills them (Cairo's default rule, nonzero), a
 * figure eight whose two loops cancel in the signed area included. */
#include "spec_check.h"

#include <stdlib.h>
#include <string.h>

#define W 854
#define H 480

#define SPEC(objects, timeline)                                                                                    \
    "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": \"s\", \"title\": \"t\", "           \
    "\"objects\": [" objects "], \"timeline\": [" timeline "]}]}"

/* Loads and builds json, its assets in `assets` (NULL: none). */
static bool open_with_assets(const char *json, const char *assets, spec_built *b)
{
    if (!assets)
        return spec_built_open(json, b);
    *b = (spec_built){0};
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_status s = lr_spec_load_string(json, SPEC_CHECK_FILE, assets, &b->spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    return s == LR_OK && spec_check_build(b->spec, &b->scene, &b->tl);
}

/* ---- pixels ---- */

/* The pixel of scene point p at 854x480 (8 units high, centred). */
static const uint8_t *pixel_at(const lr_image *img, lr_vec2 p)
{
    float scale = (float)H / 8.0f;
    int x = (int)((p.x + (float)W / scale * 0.5f) * scale), y = (int)((4.0f - p.y) * scale);
    return lrt_pixel(img, x < 0 ? 0 : x >= W ? W - 1 : x, y < 0 ? 0 : y >= H ? H - 1 : y);
}

/* Renders the spec's section at t; false (nothing drawn) when it fails. */
static bool render(lr_context *ctx, const char *json, const char *assets, double t, lr_image *img)
{
    spec_built b;
    if (!open_with_assets(json, assets, &b)) {
        spec_built_close(&b);
        return false;
    }
    spec_check_seek(b.tl, t);
    lr_error err = {0};
    lr_status s = lr_context_render(ctx, b.scene, img, &err);
    LRT_CHECK_MSG(s == LR_OK, "render: %s", err.message);
    spec_built_close(&b);
    return s == LR_OK;
}

static bool is_color(const uint8_t *px, int r, int g, int b)
{
    return abs(px[0] - r) <= 12 && abs(px[1] - g) <= 12 && abs(px[2] - b) <= 12;
}

static void check_pixel(const lr_image *img, lr_vec2 p, int r, int g, int b, const char *what)
{
    const uint8_t *px = pixel_at(img, p);
    LRT_CHECK_MSG(is_color(px, r, g, b), "%s at (%g, %g): %d %d %d, expected %d %d %d", what, p.x, p.y, px[0], px[1],
                  px[2], r, g, b);
}

/* ---- geometry of results ---- */

static const lr_mobject *find(lr_scene *scene, const char *id)
{
    const lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    return m;
}

/* The signed area of every path under m in scene space, from its anchors
 * (results are straight segments; holes wind clockwise and subtract). */
static double area_under(const lr_mobject *m)
{
    double a = 0;
    if (m->kind == LR_MOBJECT_PATH) {
        lr_affine w = lr_mobject_world_transform(m);
        for (uint32_t s = 0; s < m->path.nsubpaths; s++) {
            const lr_subpath *sp = &m->path.subpaths[s];
            for (uint32_t k = 0; k < sp->ncurves; k++) {
                lr_vec2 p = lr_affine_apply(w, m->path.points[sp->first + 3 * k]);
                lr_vec2 q = lr_affine_apply(w, m->path.points[sp->first + 3 * k + 3]);
                a += 0.5 * ((double)p.x * q.y - (double)q.x * p.y);
            }
        }
    }
    for (size_t i = 0; i < m->nchildren; i++)
        a += area_under(m->children[i]);
    return a;
}

static double area_of(lr_scene *scene, const char *id)
{
    const lr_mobject *m = find(scene, id);
    return m ? area_under(m) : NAN;
}

/* The winding number about q of the polygons under m (scene space). */
static int winding_under(const lr_mobject *m, lr_vec2 q)
{
    int w = m->kind == LR_MOBJECT_PATH ? lrt_polygon_winding(&m->path, lr_mobject_world_transform(m), q) : 0;
    for (size_t i = 0; i < m->nchildren; i++)
        w += winding_under(m->children[i], q);
    return w;
}

static bool inside(lr_scene *scene, const char *id, lr_vec2 q)
{
    const lr_mobject *m = find(scene, id);
    return m && winding_under(m, q) != 0;
}

/* Subpaths of every path under m. */
static uint32_t loops_under(const lr_mobject *m)
{
    uint32_t n = m->kind == LR_MOBJECT_PATH ? m->path.nsubpaths : 0;
    for (size_t i = 0; i < m->nchildren; i++)
        n += loops_under(m->children[i]);
    return n;
}

/* The lens two unit circles d apart have in common. */
static double lens(double d)
{
    return d >= 2 ? 0 : 2 * acos(d / 2) - d / 2 * sqrt(4 - d * d);
}

#define PI 3.14159265358979323846
#define OPS(a, b)                                                                                                  \
    "{\"id\": \"u\", \"type\": \"union\", \"shapes\": [\"" a "\", \"" b "\"]},"                                       \
    "{\"id\": \"i\", \"type\": \"intersection\", \"shapes\": [\"" a "\", \"" b "\"]},"                                \
    "{\"id\": \"d\", \"type\": \"difference\", \"subject\": \"" a "\", \"clip\": \"" b "\"},"                        \
    "{\"id\": \"x\", \"type\": \"exclusion\", \"subject\": \"" a "\", \"clip\": \"" b "\"}"

/* Two unit circles 1 apart and two squares of side 2 overlapping in a unit
 * square: each result's area against the exact one, and which of four
 * points each contains. The circles' are within what chords of 1e-3 and
 * cubic arcs lose; the squares' are exact. */
static void check_areas(void)
{
    static const char json[] = SPEC(
        "{\"id\": \"a\", \"type\": \"circle\", \"position\": [-0.5, 0]},"
        "{\"id\": \"b\", \"type\": \"circle\", \"position\": [0.5, 0]}," OPS("a", "b") ","
        "{\"id\": \"p\", \"type\": \"square\", \"position\": [4, 0]},"
        "{\"id\": \"q\", \"type\": \"square\", \"position\": [5, 1]},"
        "{\"id\": \"su\", \"type\": \"union\", \"shapes\": [\"p\", \"q\"]},"
        "{\"id\": \"si\", \"type\": \"intersection\", \"shapes\": [\"p\", \"q\"]},"
        "{\"id\": \"sd\", \"type\": \"difference\", \"subject\": \"p\", \"clip\": \"q\"},"
        "{\"id\": \"sx\", \"type\": \"exclusion\", \"subject\": \"p\", \"clip\": \"q\"}",
        "{\"add\": [\"a\", \"b\", \"u\", \"i\", \"d\", \"x\", \"su\", \"si\", \"sd\", \"sx\"]}, {\"wait\": 1}");
    spec_built r;
    if (!spec_built_open(json, &r)) {
        spec_built_close(&r);
        return;
    }
    spec_check_seek(r.tl, 0.5);
    double l = lens(1), disc = PI;
    const struct {
        const char *id;
        double area;
        bool in[4]; /* at (0, 0), (-1.2, 0), (1.2, 0), (0, 1.2) */
    } circles[] = {
        {"u", 2 * disc - l, {true, true, true, false}},
        {"i", l, {true, false, false, false}},
        {"d", disc - l, {false, true, false, false}},
        {"x", 2 * disc - 2 * l, {false, true, true, false}},
    };
    const lr_vec2 probes[4] = {{0, 0}, {-1.2f, 0}, {1.2f, 0}, {0, 1.2f}};
    for (size_t k = 0; k < 4; k++) {
        double got = area_of(r.scene, circles[k].id);
        LRT_CHECK_MSG(fabs(got - circles[k].area) < 6e-3, "%s of the circles: area %.5f, exact %.5f", circles[k].id,
                      got, circles[k].area);
        for (int j = 0; j < 4; j++)
            LRT_CHECK_MSG(inside(r.scene, circles[k].id, probes[j]) == circles[k].in[j], "%s: (%g, %g) %s", circles[k].id,
                          probes[j].x, probes[j].y, circles[k].in[j] ? "outside, expected inside" : "inside, expected outside");
    }
    /* The squares: [3, 5] x [-1, 1] and [4, 6] x [0, 2]. */
    const struct {
        const char *id;
        double area;
        bool in[4]; /* at (4.5, 0.5), (3.5, -0.5), (5.5, 1.5), (3.5, 1.5) */
    } squares[] = {
        {"su", 7, {true, true, true, false}},
        {"si", 1, {true, false, false, false}},
        {"sd", 3, {false, true, false, false}},
        {"sx", 6, {false, true, true, false}},
    };
    const lr_vec2 sprobes[4] = {{4.5f, 0.5f}, {3.5f, -0.5f}, {5.5f, 1.5f}, {3.5f, 1.5f}};
    for (size_t k = 0; k < 4; k++) {
        LRT_CHECK_NEAR(area_of(r.scene, squares[k].id), squares[k].area, 1e-4);
        for (int j = 0; j < 4; j++)
            LRT_CHECK_MSG(inside(r.scene, squares[k].id, sprobes[j]) == squares[k].in[j], "%s: (%g, %g) %s", squares[k].id,
                          sprobes[j].x, sprobes[j].y, squares[k].in[j] ? "outside, expected inside" : "inside, expected outside");
    }
    /* Manim's defaults for a VMobject: an outline (white, 4), no fill; the
     * operands stay as they were. */
    const lr_mobject *u = find(r.scene, "u");
    LRT_CHECK_MSG(u && u->kind == LR_MOBJECT_PATH, "a union nothing moves is one path, built once");
    if (u && u->kind == LR_MOBJECT_PATH)
        LRT_CHECK(u->style.fill.a == 0 && u->style.stroke.a == 1 && fabsf(u->style.stroke_width - 0.04f) < 1e-6f);
    const lr_mobject *a = find(r.scene, "a");
    LRT_CHECK(a && a->kind == LR_MOBJECT_PATH && a->path.nsubpaths == 1 && a->visible);
    if (a && a->kind == LR_MOBJECT_PATH)
        LRT_CHECK_NEAR(lr_path_signed_area(&a->path), disc, 2e-3);
    spec_built_close(&r);
}

/* A square of side 4 less one of side 2 is a ring: two loops, the hole's
 * winding opposite, area 12; drawn, its hole is background and the ring is
 * filled. A result placed elsewhere keeps its shape. */
static void check_ring(lr_context *ctx)
{
    static const char json[] = SPEC(
        "{\"id\": \"big\", \"type\": \"square\", \"side_length\": 4},"
        "{\"id\": \"small\", \"type\": \"square\", \"side_length\": 2},"
        "{\"id\": \"ring\", \"type\": \"difference\", \"subject\": \"big\", \"clip\": \"small\", "
        "\"fill_color\": \"#ff0000\", \"fill_opacity\": 1, \"stroke_width\": 0, \"position\": [3, 0]}",
        "{\"add\": [\"ring\"]}, {\"wait\": 1}");
    spec_built r;
    if (!spec_built_open(json, &r)) {
        spec_built_close(&r);
        return;
    }
    spec_check_seek(r.tl, 0.5);
    const lr_mobject *ring = find(r.scene, "ring");
    LRT_CHECK(ring && loops_under(ring) == 2);
    LRT_CHECK_NEAR(area_of(r.scene, "ring"), 12, 1e-4);
    LRT_CHECK(!inside(r.scene, "ring", (lr_vec2){3, 0}) && inside(r.scene, "ring", (lr_vec2){4.5f, 0}) &&
              !inside(r.scene, "ring", (lr_vec2){5.5f, 0}));
    spec_built_close(&r);
    if (!ctx)
        return;
    lr_image img = {0};
    if (!render(ctx, json, NULL, 0.5, &img))
        return;
    check_pixel(&img, (lr_vec2){3, 0}, 0, 0, 0, "the ring's hole");
    check_pixel(&img, (lr_vec2){4.5f, 0}, 255, 0, 0, "the ring");
    check_pixel(&img, (lr_vec2){3, 1.5f}, 255, 0, 0, "the ring above its hole");
    check_pixel(&img, (lr_vec2){5.5f, 0}, 0, 0, 0, "outside the ring");
    check_pixel(&img, (lr_vec2){0, 0}, 0, 0, 0, "where the operands are (never shown)");
    lr_image_free(&img);
}

/* Glyphs are operands too: a rectangle less a word, and the rectangle's
 * part under the word, add up to the rectangle; each is neither empty nor
 * all of it, and the word's glyphs are holes in the first. */
static void check_text(void)
{
    static const char json[] = SPEC(
        "{\"id\": \"r\", \"type\": \"rectangle\", \"width\": 5, \"height\": 1.5},"
        "{\"id\": \"w\", \"type\": \"text\", \"text\": \"HOLE\", \"font_size\": 72},"
        "{\"id\": \"cut\", \"type\": \"difference\", \"subject\": \"r\", \"clip\": \"w\"},"
        "{\"id\": \"under\", \"type\": \"intersection\", \"shapes\": [\"r\", \"w\"]}",
        "{\"add\": [\"cut\", \"under\"]}, {\"wait\": 1}");
    spec_built r;
    if (!spec_built_open(json, &r)) {
        spec_built_close(&r);
        return;
    }
    spec_check_seek(r.tl, 0.5);
    double cut = area_of(r.scene, "cut"), under = area_of(r.scene, "under");
    LRT_CHECK_MSG(under > 0.3 && cut < 7.5 - 0.3, "the word covers %g of the rectangle, %g is left", under, cut);
    LRT_CHECK_NEAR(cut + under, 7.5, 2e-3);
    const lr_mobject *c = find(r.scene, "cut");
    LRT_CHECK_MSG(c && loops_under(c) >= 3, "the cut has %u loops (the O's counter is an island in its hole)",
                  c ? loops_under(c) : 0);
    spec_built_close(&r);
}

/* An intersection follows an operand driven by a value (Manim's
 * always_redraw(lambda: Intersection(a, b))) and one moved by Shift, at
 * any frame in any order; with nothing moving it is built once. */
static void check_dynamic(void)
{
    static const char json[] = SPEC(
        "{\"id\": \"k\", \"type\": \"value\", \"value\": -2},"
        "{\"id\": \"a\", \"type\": \"circle\"},"
        "{\"id\": \"b\", \"type\": \"circle\", \"position\": [\"k\", 0]},"
        "{\"id\": \"i\", \"type\": \"intersection\", \"shapes\": [\"a\", \"b\"], \"fill_opacity\": 1},"
        "{\"id\": \"p\", \"type\": \"square\", \"position\": [4, 0]},"
        "{\"id\": \"q\", \"type\": \"square\", \"position\": [1, 0]},"
        "{\"id\": \"j\", \"type\": \"intersection\", \"shapes\": [\"p\", \"q\"]},"
        "{\"id\": \"e\", \"type\": \"difference\", \"subject\": \"p\", \"clip\": \"q\"}",
        "{\"add\": [\"a\", \"b\", \"i\", \"p\", \"q\", \"j\", \"e\"]},"
        "{\"play\": [{\"anim\": \"SetValue\", \"target\": \"k\", \"value\": 2}, "
        "{\"anim\": \"Shift\", \"target\": \"q\", \"by\": [4, 0]}], \"run_time\": 4, \"rate_func\": \"linear\"}");
    spec_built r;
    if (!spec_built_open(json, &r)) {
        spec_built_close(&r);
        return;
    }
    /* k = -2 + t, q's centre at x = 1 + t: overlap (2 - |x - 4|) x 2. */
    const double times[] = {3.0, 1.0, 2.0, 2.5, 0.5, 4.0};
    for (size_t n = 0; n < sizeof times / sizeof times[0]; n++) {
        double t = times[n], k = -2 + t, x = 1 + t;
        spec_check_seek(r.tl, t);
        LRT_CHECK_MSG(fabs(area_of(r.scene, "i") - lens(fabs(k))) < 6e-3, "t = %g: the intersection's area %.5f, the lens "
                      "of circles %g apart %.5f", t, area_of(r.scene, "i"), fabs(k), lens(fabs(k)));
        double want = fmax(0, 2 - fabs(x - 4)) * 2;
        LRT_CHECK_MSG(fabs(area_of(r.scene, "j") - want) < 1e-4, "t = %g: the squares' overlap %.5f, expected %.5f", t,
                      area_of(r.scene, "j"), want);
        LRT_CHECK_MSG(fabs(area_of(r.scene, "e") - (4 - want)) < 1e-4, "t = %g: p less q %.5f, expected %.5f", t,
                      area_of(r.scene, "e"), 4 - want);
        LRT_CHECK(inside(r.scene, "i", (lr_vec2){(float)(k / 2), 0}) == (fabs(k) < 2));
    }
    /* The same operands with nothing moving them: built once, a path. */
    spec_built_close(&r);
    static const char still[] = SPEC(
        "{\"id\": \"a\", \"type\": \"circle\"},"
        "{\"id\": \"b\", \"type\": \"circle\", \"position\": [1, 0]},"
        "{\"id\": \"i\", \"type\": \"intersection\", \"shapes\": [\"a\", \"b\"]}",
        "{\"play\": [{\"anim\": \"Create\", \"target\": \"a\"}, {\"anim\": \"FadeIn\", \"target\": \"b\"}]}, "
        "{\"add\": [\"i\"]}, {\"play\": [{\"anim\": \"Indicate\", \"target\": \"i\"}]}");
    if (!spec_built_open(still, &r)) {
        spec_built_close(&r);
        return;
    }
    spec_check_seek(r.tl, 0.5);
    const lr_mobject *i = find(r.scene, "i");
    LRT_CHECK_MSG(i && i->kind == LR_MOBJECT_PATH, "an intersection whose shapes are only brought in is built once");
    /* Built from the whole shapes, not the part of a Create drawn so far. */
    LRT_CHECK_MSG(fabs(area_of(r.scene, "i") - lens(1)) < 6e-3, "mid-Create: area %.5f, the lens %.5f",
                  area_of(r.scene, "i"), lens(1));
    spec_built_close(&r);
}

/* ---- errors ---- */

#define SHAPES                                                                                                     \
    "{\"id\": \"k\", \"type\": \"value\"}, {\"id\": \"circ\", \"type\": \"circle\"}, "                                  \
    "{\"id\": \"ln\", \"type\": \"line\", \"start\": [0, 0], \"end\": [1, 1]}"
#define WAIT "{\"wait\": 1}"
#define OBJ "sections[0].objects[3]"

static void check_errors(void)
{
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"union\", \"shapes\": [\"circ\", \"cirk\"]}", WAIT),
                 OBJ ".shapes[1]", "no object \"cirk\" (did you mean \"circ\"?");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"intersection\", \"shapes\": [\"circ\", \"ln\"]}", WAIT),
                 OBJ ".shapes[1]", "\"ln\" is a line, which encloses no area to combine (expected a shape: polygon");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"difference\", \"subject\": \"k\", \"clip\": \"circ\"}", WAIT),
                 OBJ ".subject", "\"k\" is a value, not something drawn");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"difference\", \"subject\": \"u\", \"clip\": \"circ\"}", WAIT),
                 OBJ ".subject", "\"u\" is the object being defined: an object cannot refer to itself");
    /* A cycle needs a reference forward, which is refused where it is. */
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"exclusion\", \"subject\": \"circ\", \"clip\": \"v\"}, "
                             "{\"id\": \"v\", \"type\": \"union\", \"shapes\": [\"u\", \"circ\"]}",
                      WAIT),
                 OBJ ".clip", "object \"v\" is declared after this one; declare it first");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"union\", \"shapes\": [\"circ\"]}", WAIT), OBJ ".shapes",
                 "expected an array of 2 to 16 object ids");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"union\", \"vmobjects\": [\"circ\", \"circ\"]}", WAIT),
                 OBJ ".vmobjects", "unknown field \"vmobjects\" in a union (did you mean \"shapes\"?)");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"difference\", \"shapes\": [\"circ\", \"circ\"]}", WAIT),
                 OBJ, "missing field \"subject\" (required in a difference)");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"u\", \"type\": \"exclusion\", \"subject\": \"circ\"}", WAIT), OBJ,
                 "missing field \"clip\"");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"pl\", \"type\": \"number_plane\"}, {\"id\": \"u\", \"type\": \"union\", "
                             "\"shapes\": [\"circ\", \"circ\"], \"plane\": \"pl\"}",
                      WAIT),
                 "sections[0].objects[4].plane", "\"plane\" is not allowed (give the shapes the plane instead)");
    spec_check_error(SPEC(SHAPES ", {\"id\": \"g\", \"type\": \"group\", \"children\": [\"circ\"]}, {\"id\": \"u\", "
                             "\"type\": \"union\", \"shapes\": [\"g\", \"circ\"]}",
                      WAIT),
                 "sections[0].objects[4].shapes[0]", "\"g\" is a group, which encloses no area");
    /* Version 1 has no boolean operations. */
    spec_check_error("{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": [{\"id\": \"c\", "
                 "\"type\": \"circle\"}, {\"id\": \"u\", \"type\": \"union\", \"shapes\": [\"c\", \"c\"]}], "
                 "\"timeline\": [{\"wait\": 1}]}]}",
                 "sections[0].objects[1].type", "version 2");
}

/* A bow tie (a polygon crossing itself: one loop counter-clockwise, one
 * clockwise, signed area 0), a figure eight of curves in one SVG subpath
 * (its loops opposite too), a ring of two squares of opposite winding in
 * an SVG and an annulus: every loop is filled, every hole is background,
 * as under Cairo's nonzero rule. */
static void check_opposite_windings(lr_context *ctx)
{
    char dir[1024], file[1100];
    lrt_build_path(dir, sizeof dir, "tests/spec");
    snprintf(file, sizeof file, "%s/boolops_eight.svg", dir);
    FILE *f = fopen(file, "w");
    LRT_CHECK_MSG(f != NULL, "cannot write %s", file);
    if (!f)
        return;
    /* Right loop clockwise on screen, left loop counter-clockwise. */
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\" viewBox=\"0 0 200 100\">"
          "<path d=\"M100 50 C 100 0, 150 0, 150 50 C 150 100, 100 100, 100 50 C 100 0, 50 0, 50 50 "
          "C 50 100, 100 100, 100 50 Z\" fill=\"#ffff00\"/></svg>",
          f);
    fclose(f);
    snprintf(file, sizeof file, "%s/boolops_ring.svg", dir);
    f = fopen(file, "w");
    LRT_CHECK_MSG(f != NULL, "cannot write %s", file);
    if (!f)
        return;
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"100\" viewBox=\"0 0 100 100\">"
          "<path d=\"M0 0 L100 0 L100 100 L0 100 Z M25 25 L25 75 L75 75 L75 25 Z\" fill=\"#00ff00\"/></svg>",
          f);
    fclose(f);
    static const char json[] = SPEC(
        "{\"id\": \"tie\", \"type\": \"polygon\", \"points\": [[-6, -1], [-4, 1], [-4, -1], [-6, 1]], "
        "\"fill_color\": \"#0000ff\", \"fill_opacity\": 1, \"stroke_width\": 0},"
        "{\"id\": \"eight\", \"type\": \"svg\", \"file\": \"boolops_eight.svg\", \"width\": 4, \"position\": [-1, 0]},"
        "{\"id\": \"ring\", \"type\": \"svg\", \"file\": \"boolops_ring.svg\", \"width\": 2, \"position\": [2.5, 0]},"
        "{\"id\": \"ann\", \"type\": \"annulus\", \"inner_radius\": 0.4, \"outer_radius\": 0.9, "
        "\"fill_color\": \"#ff0000\", \"fill_opacity\": 1, \"stroke_width\": 0, \"position\": [5, 0]}",
        "{\"add\": [\"tie\", \"eight\", \"ring\", \"ann\"]}, {\"wait\": 1}");
    lr_image img = {0};
    if (!render(ctx, json, dir, 0.5, &img))
        return;
    check_pixel(&img, (lr_vec2){-5.6f, 0}, 0, 0, 255, "the bow tie's left loop");
    check_pixel(&img, (lr_vec2){-4.4f, 0}, 0, 0, 255, "the bow tie's right loop");
    check_pixel(&img, (lr_vec2){-5.0f, 0.6f}, 0, 0, 0, "above the bow tie's crossing");
    check_pixel(&img, (lr_vec2){-2.0f, 0}, 255, 255, 0, "the figure eight's left loop");
    check_pixel(&img, (lr_vec2){0.0f, 0}, 255, 255, 0, "the figure eight's right loop");
    check_pixel(&img, (lr_vec2){-1.0f, 0.9f}, 0, 0, 0, "above the figure eight's crossing");
    check_pixel(&img, (lr_vec2){2.5f, 0}, 0, 0, 0, "the ring's hole");
    check_pixel(&img, (lr_vec2){1.75f, 0}, 0, 255, 0, "the ring");
    check_pixel(&img, (lr_vec2){5, 0}, 0, 0, 0, "the annulus' hole");
    check_pixel(&img, (lr_vec2){5.65f, 0}, 255, 0, 0, "the annulus");
    lr_image_free(&img);
}

int main(void)
{
    lr_context_desc desc = lr_context_desc_default(W, H);
    lr_context *ctx = NULL;
    lr_error err = {0};
    if (lr_context_create(&desc, &ctx, &err) != LR_OK) {
        fprintf(stderr, "no OpenGL context, nothing drawn: %s\n", err.message);
        LRT_CHECK(err.status == LR_ERR_NO_CONTEXT);
    }
    check_areas();
    check_text();
    check_dynamic();
    check_errors();
    check_ring(ctx);
    if (ctx)
        check_opposite_windings(ctx);
    lr_context_destroy(ctx);
    return lrt_finish("spec_boolops");
}
