/* Formulas in parts (version 2), checked on numbers: how a formula is cut
 * ({{ }} groups, substrings_to_isolate, where a cut may not go, keys); that
 * each part holds exactly its own glyphs (counted, its box inside the
 * formula and apart from its neighbours', a root's sign and rule with the
 * part that opens the root); that colouring a part colours its glyphs and
 * no others; that TransformMatchingTex takes a part's glyphs to that part's
 * place in the new formula (halfway at half time, there at the end) while
 * the rest fade, with key_map and transform_mismatches; and the loader's
 * errors for parts that do not exist, with their JSON paths. One TeX run
 * per spec at most: the formulas share a private cache. */
#include "spec_check.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tex/tex_internal.h"

static lr_tex_context *tex;

static lr_spec *load_json(const char *json)
{
    lr_spec *spec = spec_check_load(json);
    if (spec)
        lr_spec_set_contexts(spec, NULL, tex);
    return spec;
}

static lr_vec2 center(lr_rect r) { return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f}; }

static size_t count_paths(const lr_mobject *m)
{
    size_t n = m->kind == LR_MOBJECT_PATH;
    for (size_t i = 0; i < m->nchildren; i++)
        n += count_paths(m->children[i]);
    return n;
}

/* Paths under m whose fill is `c` (to 1/255). */
static size_t count_fill(const lr_mobject *m, lr_color c)
{
    size_t n = m->kind == LR_MOBJECT_PATH && fabsf(m->style.fill.r - c.r) < 0.004f &&
               fabsf(m->style.fill.g - c.g) < 0.004f && fabsf(m->style.fill.b - c.b) < 0.004f;
    for (size_t i = 0; i < m->nchildren; i++)
        n += count_fill(m->children[i], c);
    return n;
}

static lr_mobject *part(lr_scene *scene, const char *id, size_t k)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m && k < m->nchildren, "%s has no part %zu (%zu children)", id, k, m ? m->nchildren : 0);
    return m && k < m->nchildren ? m->children[k] : NULL;
}

/* The first path under m. */
static const lr_mobject *first_leaf(const lr_mobject *m)
{
    if (!m || m->kind == LR_MOBJECT_PATH)
        return m;
    for (size_t i = 0; i < m->nchildren; i++) {
        const lr_mobject *p = first_leaf(m->children[i]);
        if (p)
            return p;
    }
    return NULL;
}

/* ---- cutting (no TeX) ---- */

static void check_split(const char *src, const char *const *iso, size_t niso, const char *const *want, size_t nwant)
{
    lr_tex_span spans[16];
    size_t n = lr_tex_split(src, iso, niso, spans, 16);
    LRT_CHECK_MSG(n == nwant, "\"%s\": %zu parts, expected %zu", src, n, nwant);
    for (size_t i = 0; i < n && i < nwant; i++)
        LRT_CHECK_MSG(spans[i].len == strlen(want[i]) && memcmp(src + spans[i].start, want[i], spans[i].len) == 0,
                      "\"%s\" part %zu: \"%.*s\", expected \"%s\"", src, i, (int)spans[i].len, src + spans[i].start,
                      want[i]);
}

static void test_split(void)
{
    static const char *const pythagoras[] = {"a^2", "+", "b^2", "=", "c^2"};
    check_split("{{ a^2 }} + {{ b^2 }} = {{ c^2 }}", NULL, 0, pythagoras, 5);
    static const char *const iso[] = {"a^2", "b^2", "c^2"};
    check_split("a^2 + b^2 = c^2", iso, 3, pythagoras, 5);
    /* across braces: the root's opening and closing are parts too */
    static const char *const iso2[] = {"a^2", "b^2", "c"};
    static const char *const root[] = {"c", "= \\sqrt{", "a^2", "+", "b^2", "}"};
    check_split("c = \\sqrt{a^2 + b^2}", iso2, 3, root, 6);
    /* the longest string at a place wins */
    static const char *const iso3[] = {"a", "a^2"};
    static const char *const longest[] = {"a^2", "+", "a"};
    check_split("a^2 + a", iso3, 2, longest, 3);
    /* never inside a name (\beta), after ^ or _, or as \frac's argument */
    static const char *const eta[] = {"eta", "2", "1"};
    static const char *const whole[] = {"\\beta^2 + \\frac1x"};
    check_split("\\beta^2 + \\frac1x", eta, 3, whole, 1);
    /* {{ only at the start or after a space, and closed; \{ is no brace */
    static const char *const nested[] = {"\\frac{{{n}}}{k}"};
    check_split("\\frac{{{n}}}{k}", NULL, 0, nested, 1);
    static const char *const open[] = {"x {{ y"};
    check_split("x {{ y", NULL, 0, open, 1);
    static const char *const deep[] = {"a^{b^{c}}", "\\{ d \\}"};
    check_split("{{ a^{b^{c}} }} \\{ d \\}", NULL, 0, deep, 2);
    /* keys: spaces do not count, except between letters */
    char k1[32], k2[32];
    lr_tex_part_key("a^2 + b", 7, k1, sizeof k1);
    lr_tex_part_key("a^2+b", 5, k2, sizeof k2);
    LRT_CHECK_MSG(strcmp(k1, k2) == 0 && strcmp(k1, "a^2+b") == 0, "keys \"%s\" \"%s\"", k1, k2);
    lr_tex_part_key("\\alpha  b", 9, k1, sizeof k1);
    LRT_CHECK_MSG(strcmp(k1, "\\alpha b") == 0, "key \"%s\"", k1);
    LRT_CHECK(lr_tex_parts_table_sorted());
}

/* ---- each part's glyphs ---- */

static void collect_boxes(const lr_mobject *m, lr_rect *out, size_t *n, size_t cap)
{
    if (m->kind == LR_MOBJECT_PATH && *n < cap)
        out[(*n)++] = spec_world_box(m);
    for (size_t i = 0; i < m->nchildren; i++)
        collect_boxes(m->children[i], out, n, cap);
}

static int by_left(const void *a, const void *b)
{
    const lr_rect *p = a, *q = b;
    return p->x0 < q->x0 - 1e-4f ? -1 : p->x0 > q->x0 + 1e-4f ? 1 : (p->y0 < q->y0) - (p->y0 > q->y0);
}

/* The glyphs of a formula in parts are where the formula compiled whole
 * (with the colour group of tex_to_color_map) puts them: the marks move
 * nothing. */
static void check_same_glyphs(const lr_mobject *parted, const char *src, const char *colored)
{
    lr_tex_color col[1] = {{colored, {0, 0, 1, 1}}};
    lr_tex_style st = lr_tex_style_default();
    st.colors = col;
    st.ncolors = 1;
    lr_mobject *flat = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_tex_create(tex, src, &st, &flat, &err) == LR_OK, "%s", err.message);
    if (!flat)
        return;
    lr_rect a[32], b[32];
    size_t na = 0, nb = 0;
    collect_boxes(parted, a, &na, 32);
    collect_boxes(flat, b, &nb, 32);
    LRT_CHECK_MSG(na == nb, "%zu glyphs in parts, %zu whole", na, nb);
    lr_rect wa = spec_world_box(parted), wb = spec_world_box(flat);
    for (size_t i = 0; i < na; i++)
        a[i] = (lr_rect){a[i].x0 - wa.x0, a[i].y0 - wa.y0, a[i].x1 - wa.x0, a[i].y1 - wa.y0};
    for (size_t i = 0; i < nb; i++)
        b[i] = (lr_rect){b[i].x0 - wb.x0, b[i].y0 - wb.y0, b[i].x1 - wb.x0, b[i].y1 - wb.y0};
    qsort(a, na, sizeof *a, by_left);
    qsort(b, nb, sizeof *b, by_left);
    for (size_t i = 0; i < na && i < nb; i++)
        LRT_CHECK_MSG(fabsf(a[i].x0 - b[i].x0) < 1e-4f && fabsf(a[i].y0 - b[i].y0) < 1e-4f &&
                          fabsf(a[i].x1 - b[i].x1) < 1e-4f && fabsf(a[i].y1 - b[i].y1) < 1e-4f,
                      "glyph %zu at (%.4f, %.4f) in parts, (%.4f, %.4f) whole", i, a[i].x0, a[i].y0, b[i].x0, b[i].y0);
    lr_mobject_destroy(flat);
}

#define SOLO(obj, steps) "{\"version\": 2, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": [" obj "], \"timeline\": [" steps "]}]}"

static void test_glyphs(void)
{
    static const char json[] = SOLO(
        "{\"id\": \"eq\", \"type\": \"tex\", \"tex\": \"a^2 + b^2 = c^2\", \"substrings_to_isolate\": [\"a^2\", "
        "\"b^2\"], \"tex_to_color_map\": {\"c^2\": \"BLUE\"}, \"position\": [0, 1]},"
        "{\"id\": \"root\", \"type\": \"tex\", \"tex\": \"c = \\\\sqrt{a^2 + b^2}\", \"substrings_to_isolate\": "
        "[\"a^2\", \"b^2\", \"c\"], \"position\": [0, -1]}",
        "{\"add\": [\"eq\", \"root\"]}, {\"play\": [{\"anim\": \"ChangeColor\", \"target\": \"eq.part(b^2)\", "
        "\"color\": \"RED\"}], \"rate_func\": \"linear\"}, {\"wait\": 1}");
    lr_spec *spec = load_json(json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    uint64_t runs = lr_tex_context_stats(tex).tex_runs;
    if (!spec || !spec_check_build(spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    LRT_CHECK_MSG(lr_tex_context_stats(tex).tex_runs - runs == 1, "%llu TeX runs for two formulas",
                  (unsigned long long)(lr_tex_context_stats(tex).tex_runs - runs));
    lr_mobject *eq = lr_scene_find(scene, "eq");
    LRT_CHECK_MSG(eq && eq->nchildren == 5, "eq: %zu parts, expected a^2 + b^2 = c^2", eq ? eq->nchildren : 0);
    if (eq && eq->nchildren == 5) {
        /* a, 2, +, b, 2, =, c, 2 */
        static const size_t glyphs[5] = {2, 1, 2, 1, 2};
        lr_rect whole = spec_world_box(eq), prev = lr_rect_empty();
        for (size_t k = 0; k < 5; k++) {
            lr_rect r = spec_world_box(eq->children[k]);
            LRT_CHECK_MSG(count_paths(eq->children[k]) == glyphs[k], "part %zu: %zu glyphs, expected %zu", k,
                          count_paths(eq->children[k]), glyphs[k]);
            LRT_CHECK_MSG(r.x0 >= whole.x0 - 1e-4f && r.x1 <= whole.x1 + 1e-4f && r.y0 >= whole.y0 - 1e-4f &&
                              r.y1 <= whole.y1 + 1e-4f,
                          "part %zu outside the formula", k);
            /* left to right, no overlap: a^2 | + | b^2 | = | c^2 */
            LRT_CHECK_MSG(lr_rect_is_empty(prev) || r.x0 > prev.x1, "part %zu (x from %.3f) overlaps the one before "
                          "(to %.3f)", k, r.x0, prev.x1);
            prev = r;
        }
        /* tex_to_color_map colours its part, and only it */
        lr_color blue, white = {1, 1, 1, 1}, red;
        lr_color_parse("BLUE", &blue);
        lr_color_parse("RED", &red);
        LRT_CHECK(count_fill(eq, blue) == 2 && count_fill(eq->children[4], blue) == 2);
        /* ChangeColor on eq.part(b^2): its two glyphs, none of the others */
        spec_check_seek(tl, 0.5);
        LRT_CHECK_MSG(count_fill(eq, red) == 0, "%zu red glyphs mid-way", count_fill(eq, red));
        spec_check_seek(tl, 1.5);
        LRT_CHECK_MSG(count_fill(eq->children[2], red) == 2 && count_fill(eq, red) == 2, "%zu red glyphs, %zu in b^2",
                      count_fill(eq, red), count_fill(eq->children[2], red));
        LRT_CHECK_MSG(count_fill(eq, white) == 4, "%zu white glyphs, expected 4", count_fill(eq, white));
        check_same_glyphs(eq, "a^2 + b^2 = c^2", "c^2");
    }
    /* the root's sign and rule belong to the part that opens it, the
     * terms under it to their own parts */
    lr_mobject *root = lr_scene_find(scene, "root");
    LRT_CHECK_MSG(root && root->nchildren == 6, "root: %zu parts", root ? root->nchildren : 0);
    if (root && root->nchildren == 6) {
        static const size_t glyphs[6] = {1, 3, 2, 1, 2, 0};
        for (size_t k = 0; k < 6; k++)
            LRT_CHECK_MSG(count_paths(root->children[k]) == glyphs[k], "root part %zu: %zu glyphs, expected %zu", k,
                          count_paths(root->children[k]), glyphs[k]);
        lr_rect sign = spec_world_box(root->children[1]), a2 = spec_world_box(root->children[2]), b2 = spec_world_box(root->children[4]);
        LRT_CHECK_MSG(a2.x0 > sign.x0 && b2.x1 <= sign.x1 + 1e-4f && a2.y1 < sign.y1,
                      "a^2 and b^2 are not under the root's rule");
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* ---- TransformMatchingTex ---- */

#define PARTS_EQ                                                                                                  \
    "{\"id\": \"eq\", \"type\": \"tex\", \"tex\": \"{{ a^2 }} + {{ b^2 }} = {{ c^2 }}\", \"position\": [0, 1.5]},"   \
    "{\"id\": \"root\", \"type\": \"tex\", \"tex\": \"c = \\\\sqrt{a^2 + b^2}\", \"substrings_to_isolate\": "     \
    "[\"a^2\", \"b^2\", \"c\", \"+\", \"=\"], \"position\": [0.5, -1.5]}"

/* The transform over [0, 2] s, linear. */
static bool matching(const char *extra, lr_spec **spec, lr_scene **scene, lr_timeline **tl)
{
    char json[2048];
    snprintf(json, sizeof json,
             SOLO(PARTS_EQ, "{\"add\": [\"eq\"]}, {\"play\": [{\"anim\": \"TransformMatchingTex\", \"target\": "
                            "\"eq\", \"to\": \"root\"%s}], \"run_time\": 2, \"rate_func\": \"linear\"}, {\"wait\": 1}"),
             extra);
    *spec = load_json(json);
    *scene = NULL;
    *tl = NULL;
    return *spec && spec_check_build(*spec, scene, tl);
}

static float leaf_opacity(const lr_mobject *m)
{
    const lr_mobject *l = first_leaf(m);
    return l && l->visible ? l->opacity : 0.0f;
}

static void test_matching(void)
{
    lr_spec *spec;
    lr_scene *scene;
    lr_timeline *tl;
    if (!matching("", &spec, &scene, &tl)) {
        lr_spec_destroy(spec);
        return;
    }
    /* eq: a^2 + b^2 = c^2; root: c = \sqrt{ a^2 + b^2 } */
    static const size_t from[4] = {0, 1, 2, 3}, to[4] = {3, 4, 5, 1};
    lr_vec2 start[4], end[4];
    spec_check_seek(tl, 0);
    for (size_t i = 0; i < 4; i++) {
        start[i] = center(spec_world_box(part(scene, "eq", from[i])));
        end[i] = center(spec_world_box(part(scene, "root", to[i])));
    }
    lr_rect c2 = spec_world_box(part(scene, "eq", 4));
    lr_rect unmatched = lr_rect_union(spec_world_box(part(scene, "root", 0)), spec_world_box(part(scene, "root", 2)));
    lr_vec2 fade_by = {center(unmatched).x - center(c2).x, center(unmatched).y - center(c2).y};
    lr_vec2 sqrt_at = center(spec_world_box(part(scene, "root", 2)));

    spec_check_seek(tl, 1.0); /* half way: the matched parts half way there, still opaque */
    for (size_t i = 0; i < 4; i++) {
        lr_vec2 p = center(spec_world_box(part(scene, "eq", from[i])));
        LRT_CHECK_NEAR(p.x, (start[i].x + end[i].x) * 0.5f, 0.03);
        LRT_CHECK_NEAR(p.y, (start[i].y + end[i].y) * 0.5f, 0.03);
        LRT_CHECK_NEAR(leaf_opacity(part(scene, "eq", from[i])), 1.0, 1e-3);
        LRT_CHECK_MSG(!first_leaf(part(scene, "root", to[i]))->visible || leaf_opacity(part(scene, "root", to[i])) == 0,
                      "root part %zu shows before the end", to[i]);
    }
    /* c^2 matches nothing: half faded, half way to the new unmatched parts;
     * c and \sqrt fade in where they are */
    lr_vec2 p = center(spec_world_box(part(scene, "eq", 4)));
    LRT_CHECK_NEAR(p.x, center(c2).x + fade_by.x * 0.5f, 0.03);
    LRT_CHECK_NEAR(p.y, center(c2).y + fade_by.y * 0.5f, 0.03);
    LRT_CHECK_NEAR(leaf_opacity(part(scene, "eq", 4)), 0.5, 0.02);
    LRT_CHECK_NEAR(leaf_opacity(part(scene, "root", 0)), 0.5, 0.02);
    LRT_CHECK_NEAR(leaf_opacity(part(scene, "root", 2)), 0.5, 0.02);
    LRT_CHECK_NEAR(center(spec_world_box(part(scene, "root", 2))).x, sqrt_at.x, 1e-4);
    LRT_CHECK_NEAR(center(spec_world_box(part(scene, "root", 2))).y, sqrt_at.y, 1e-4);

    spec_check_seek(tl, 1.999); /* there: each glyph on its new place */
    for (size_t i = 0; i < 4; i++) {
        lr_rect a = spec_world_box(part(scene, "eq", from[i])), b = spec_world_box(part(scene, "root", to[i]));
        LRT_CHECK_NEAR(center(a).x, center(b).x, 0.01);
        LRT_CHECK_NEAR(center(a).y, center(b).y, 0.01);
        LRT_CHECK_NEAR(a.x1 - a.x0, b.x1 - b.x0, 0.01);
    }
    spec_check_seek(tl, 2.5); /* after: the new formula alone */
    LRT_CHECK(!lr_scene_find(scene, "eq")->visible && lr_scene_find(scene, "root")->visible);
    for (size_t k = 0; k < 6; k++) /* part 6, the root's "}", has no glyph */
        LRT_CHECK_NEAR(leaf_opacity(part(scene, "root", k)), 1, 1e-3);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);

    /* key_map: c^2 goes to c (both glyphs onto it) instead of fading */
    if (matching(", \"key_map\": {\"c^2\": \"c\"}", &spec, &scene, &tl)) {
        spec_check_seek(tl, 0);
        lr_vec2 c = center(spec_world_box(part(scene, "root", 0)));
        spec_check_seek(tl, 1.999);
        lr_vec2 q = center(spec_world_box(part(scene, "eq", 4)));
        LRT_CHECK_NEAR(q.x, c.x, 0.01);
        LRT_CHECK_NEAR(q.y, c.y, 0.01);
        LRT_CHECK_NEAR(leaf_opacity(part(scene, "eq", 4)), 1.0, 1e-3);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);

    /* transform_mismatches: c^2 morphs into what matches nothing (c, the
     * root's sign and rule) and stays opaque */
    if (matching(", \"transform_mismatches\": true", &spec, &scene, &tl)) {
        spec_check_seek(tl, 0);
        lr_rect u = lr_rect_union(spec_world_box(part(scene, "root", 0)), spec_world_box(part(scene, "root", 2)));
        spec_check_seek(tl, 1.999);
        lr_rect q = spec_world_box(part(scene, "eq", 4));
        LRT_CHECK_NEAR(q.x0, u.x0, 0.01);
        LRT_CHECK_NEAR(q.x1, u.x1, 0.01);
        LRT_CHECK_NEAR(leaf_opacity(part(scene, "eq", 4)), 1.0, 1e-3);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* ---- the loader's errors ---- */

static void expect_error(const char *objects, const char *steps, const char *path, const char *words)
{
    char json[4096];
    snprintf(json, sizeof json, SOLO("%s", "%s"), objects, steps);
    spec_check_error(json, path, words);
}

#define EQ "{\"id\": \"eq\", \"type\": \"tex\", \"tex\": \"{{ a^2 }} + {{ b^2 }} = c^2\"}"
#define ADD_EQ "{\"add\": [\"eq\"]}, "
#define PLAY(target) "{\"play\": [{\"anim\": \"Indicate\", \"target\": \"" target "\"}]}"

static void test_errors(void)
{
    const char *at = "sections[0].timeline[1].play[0].target";
    expect_error(EQ, ADD_EQ PLAY("eq.part(x^2)"), at,
                 "\"eq\" has no part \"x^2\"; its parts are 0 \"a^2\", 1 \"+\", 2 \"b^2\", 3 \"= c^2\"");
    expect_error(EQ, ADD_EQ PLAY("eq.part(4)"), at, "\"eq\" has 4 parts (indices from 0): there is no eq.part(4)");
    expect_error(EQ, ADD_EQ PLAY("eq.part(0, 1)"), at, "eq.part takes one index or the TeX of a part");
    expect_error(EQ, ADD_EQ PLAY("eq.row(0)"), at, "a tex has no part \"row\" (its parts: part)");
    /* a number is an index, unless a part is that number elsewhere */
    expect_error("{\"id\": \"eq\", \"type\": \"tex\", \"tex\": \"{{ x }} = {{ 1 }}\"}", ADD_EQ PLAY("eq.part(1)"), at,
                 "eq.part(1) is ambiguous: a number in part(...) is an index, and part 1 is \"=\" while the part \"1\" "
                 "is eq.part(2)");
    expect_error("{\"id\": \"m\", \"type\": \"matrix\", \"entries\": [[1, 2]]}", "{\"add\": [\"m\"]}, " PLAY("m.row(a)"),
                 "sections[0].timeline[1].play[0].target", "m.row takes 1 whole number, found \"a\"");
    expect_error("{\"id\": \"eq\", \"type\": \"tex\", \"tex\": \"x^2 + y\", \"substrings_to_isolate\": [\"y\", \"2\"]}",
                 "{\"wait\": 1}", "sections[0].objects[0].substrings_to_isolate[1]",
                 "\"2\" is not a part of the tex \"x^2 + y\"");
    expect_error("{\"id\": \"eq\", \"type\": \"tex\", \"tex\": \"{{ x }} = \\\\beta\", \"tex_to_color_map\": "
                 "{\"eta\": \"RED\"}}",
                 "{\"wait\": 1}", "sections[0].objects[0].tex_to_color_map.eta",
                 "\"eta\" occurs in the tex \"{{ x }} = \\beta\" only where a part cannot start or end");
    expect_error("{\"id\": \"eq\", \"type\": \"tex\", \"tex\": \"{{ x }} = \\\\color{red} y\"}", "{\"wait\": 1}",
                 "sections[0].objects[0].tex", "a formula in parts cannot use \\color");
    /* TransformMatchingTex: formulas only, key_map between their parts */
    expect_error(EQ ", {\"id\": \"c\", \"type\": \"circle\"}",
                 ADD_EQ "{\"play\": [{\"anim\": \"TransformMatchingTex\", \"target\": \"eq\", \"to\": \"c\"}]}",
                 "sections[0].timeline[1].play[0].to",
                 "TransformMatchingTex matches the parts of two formulas: \"c\" is a circle");
    expect_error(EQ ", {\"id\": \"r\", \"type\": \"tex\", \"tex\": \"{{ c }} = {{ a^2 }}\"}",
                 ADD_EQ "{\"play\": [{\"anim\": \"TransformMatchingTex\", \"target\": \"eq\", \"to\": \"r\", "
                        "\"key_map\": {\"c^2\": \"c\", \"b^2\": \"d\"}}]}",
                 "sections[0].timeline[1].play[0].key_map.c^2", "\"c^2\" is not a part of \"eq\"");
    expect_error(EQ ", {\"id\": \"r\", \"type\": \"tex\", \"tex\": \"{{ c }} = {{ a^2 }}\"}",
                 ADD_EQ "{\"play\": [{\"anim\": \"TransformMatchingTex\", \"target\": \"eq.part(0)\", \"to\": "
                        "\"r\"}]}",
                 "sections[0].timeline[1].play[0].target",
                 "TransformMatchingTex goes from a whole formula to another, not from or to a part (\"eq.part(0)\"): "
                 "write \"eq\"");
    expect_error(EQ ", {\"id\": \"r\", \"type\": \"tex\", \"tex\": \"{{ c }} = {{ a^2 }}\"}",
                 ADD_EQ "{\"play\": [{\"anim\": \"TransformMatchingTex\", \"target\": \"eq\", \"to\": \"r\", "
                        "\"key_map\": {\"b^2\": \"d\"}}]}",
                 "sections[0].timeline[1].play[0].key_map.b^2",
                 "\"d\" is not a part of \"r\" (the formula \"to\"); its parts are 0 \"c\", 1 \"=\", 2 \"a^2\"");
    /* version 1 has no parts */
    char *msg = spec_check_errors("{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"t\", \"objects\": [" EQ
                            "], \"timeline\": [" ADD_EQ PLAY("eq.part(0)") "]}]}");
    LRT_CHECK_MSG(msg && strstr(msg, "version 2") != NULL, "%s", msg ? msg : "");
    free(msg);
}

int main(void)
{
    test_split();
    char dir[] = "/tmp/c2v-test-texparts-XXXXXX";
    if (!mkdtemp(dir)) {
        LRT_CHECK(!"mkdtemp");
        return lrt_finish("spec_tex_parts");
    }
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = dir;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_tex_context_create(&tex, &cfg, &err) == LR_OK, "%s", err.message);
    if (tex) {
        test_glyphs();
        test_matching();
        lr_tex_context_destroy(tex);
    }
    test_errors();
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return lrt_finish("spec_tex_parts");
}
