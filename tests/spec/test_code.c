/* Code listings in the spec (version 2, Manim's Code), checked on numbers:
 * a keyword's glyphs, a string's, a function name's in the colours the
 * Pygments style gives those tokens (asked of Pygments' own Python API,
 * not of the HTML route librender takes), and the style's background,
 * highlight and line number colours; line k's glyphs on line k's baseline,
 * 0.75 (1 + line_spacing) em below the one before; line numbers from
 * line_numbers_from, right-aligned 0.25 left of the code, each glyph the
 * digit it should be; the rectangle and the window (with its dots) round
 * the code by their buff; a highlighted line's band round that line and
 * no other; lines, numbers and the background as parts (a mark round a
 * line, ChangeColor of one line); the disk cache (three Python runs for a
 * new style, one for new code, none for the same again); the highlighter's
 * failures (a time-out, a crash, output that does not parse or does not
 * match, no interpreter) as errors naming the object; what the highlighter
 * can reach in its sandbox; and the validator's errors with their paths. */
#include "spec_check.h"
#include "code/code.h"
#include "spec/spec_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FAKE_TOOL LRT_BINARY_DIR "/tests/spec/code_fake_tool"

static char cache_dir[256];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct built {
    lr_spec *spec;
    lr_scene *scene;
    lr_timeline *tl;
    lr_error err;
} built;

/* Loads `text` (written with ' for ") and builds section 0 with the
 * highlighter `code`. Returns the build's status. */
static lr_status build_with(const char *text, lr_code_context *code, built *b)
{
    memset(b, 0, sizeof *b);
    b->spec = spec_check_load(text);
    if (!b->spec)
        return LR_ERR_INVALID_ARG;
    spec_lend_code_context(b->spec, code);
    return lr_spec_build_section(b->spec, 0, &b->scene, &b->tl, &b->err);
}

static lr_code_context *private_context(void)
{
    lr_code_config cfg = lr_code_config_default();
    cfg.cache_dir = cache_dir;
    lr_code_context *ctx = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_code_context_create(&ctx, &cfg, &err) == LR_OK, "%s", err.message);
    return ctx;
}

static bool build(const char *text, lr_code_context *code, built *b)
{
    lr_status s = build_with(text, code, b);
    LRT_CHECK_MSG(s == LR_OK, "build: %s", b->err.message);
    if (s == LR_OK)
        spec_check_seek(b->tl, 0);
    return s == LR_OK;
}

static void done(built *b)
{
    lr_timeline_destroy(b->tl);
    lr_scene_destroy(b->scene);
    lr_spec_destroy(b->spec);
}

/* The four children of code object `id`: background, bands, numbers, lines. */
static lr_mobject *code_of(built *b, const char *id)
{
    lr_mobject *m = lr_scene_find(b->scene, id);
    LRT_CHECK_MSG(m && m->nchildren == 4, "%s: expected the four parts of a code object", id);
    return m && m->nchildren == 4 ? m : NULL;
}

#define SPEC(objects, timeline)                                                                                 \
    "{'version': 2, 'meta': {'quality': 'l'}, 'sections': [{'id': 's', 'title': 't', 'objects': [" objects     \
    "], 'timeline': [" timeline "]}]}"
#define ADD(ids) "{'add': [" ids "]}, {'wait': 1}"

/* ---- what Pygments itself says -------------------------------------------- */

typedef struct pyg_style {
    lr_color keyword, string, function, text, background, highlight, line_number;
    bool has_text, line_number_inherit;
} pyg_style;

static bool hex_color(const char *word, lr_color *out)
{
    char buf[80];
    snprintf(buf, sizeof buf, "%s%.64s", word[0] == '#' ? "" : "#", word);
    return lr_color_parse(buf, out);
}

/* The colours of `style` from Pygments' Python API (style_for_token and
 * the Style class attributes), read through Debian's interpreter. */
static bool pygments_style(const char *style, pyg_style *out)
{
    memset(out, 0, sizeof *out);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -I -c 'import sys\n"
             "from pygments.styles import get_style_by_name\n"
             "from pygments.token import Keyword, String, Name, Text\n"
             "s = get_style_by_name(sys.argv[1])\n"
             "c = lambda t: s.style_for_token(t)[\"color\"] or \"none\"\n"
             "print(c(Keyword), c(String.Double), c(Name.Function), c(Text), s.background_color, "
             "s.highlight_color, s.line_number_color)' %s",
             style);
    FILE *p = popen(cmd, "r");
    char line[512] = "";
    bool got = p && fgets(line, sizeof line, p) != NULL;
    if (p)
        pclose(p);
    char w[7][64];
    if (!got || sscanf(line, "%63s %63s %63s %63s %63s %63s %63s", w[0], w[1], w[2], w[3], w[4], w[5], w[6]) != 7) {
        LRT_CHECK_MSG(false, "Pygments' own API says nothing of %s: %s", style, line);
        return false;
    }
    bool ok = hex_color(w[0], &out->keyword) && hex_color(w[1], &out->string) && hex_color(w[2], &out->function) &&
              hex_color(w[4], &out->background) && hex_color(w[5], &out->highlight);
    out->has_text = strcmp(w[3], "none") != 0;
    out->text = lr_rgba(0, 0, 0, 1);
    if (out->has_text)
        ok = ok && hex_color(w[3], &out->text);
    out->line_number_inherit = strcmp(w[6], "inherit") == 0;
    out->line_number = out->text;
    if (!out->line_number_inherit)
        ok = ok && hex_color(w[6], &out->line_number);
    LRT_CHECK_MSG(ok, "cannot read Pygments' colours of %s: %s", style, line);
    return ok;
}

static bool same_rgb(lr_color a, lr_color b)
{
    return fabs(a.r - b.r) < 1e-3 && fabs(a.g - b.g) < 1e-3 && fabs(a.b - b.b) < 1e-3;
}

static void check_fill(const lr_mobject *m, lr_color want, const char *what)
{
    LRT_CHECK_MSG(m && same_rgb(m->style.fill, want), "%s: fill %.3f %.3f %.3f, expected %.3f %.3f %.3f", what,
                  m ? m->style.fill.r : -1, m ? m->style.fill.g : -1, m ? m->style.fill.b : -1, want.r, want.g,
                  want.b);
}

/* ---- colours ---------------------------------------------------------------- */

/* "def" (a keyword), "f" (a function's name), 'hi' (a string) and the
 * plain "(" in each style's colours; the background, a highlighted line's
 * band and the numbers in the style's. */
static void check_colors(void)
{
    static const char *const styles[] = {"monokai", "native", "solarized-light", "dracula", "vim"};
    lr_code_context *ctx = private_context();
    bool keyword_differs = false;
    for (size_t i = 0; ctx && i < sizeof styles / sizeof styles[0]; i++) {
        pyg_style py;
        if (!pygments_style(styles[i], &py))
            continue;
        keyword_differs |= !same_rgb(py.keyword, py.string);
        char spec[800];
        bool is_default = strcmp(styles[i], "vim") == 0; /* Manim's default: left out */
        snprintf(spec, sizeof spec,
                 SPEC("{'id': 'c', 'type': 'code', 'language': 'python', %s%s%s 'highlight_lines': [1], 'code': "
                      "'def f(x):\\n    return \\'hi\\'\\n'}",
                      ADD("'c'")),
                 is_default ? "" : "'formatter_style': '", is_default ? "" : styles[i], is_default ? "" : "',");
        built b;
        if (!build(spec, ctx, &b)) {
            done(&b);
            continue;
        }
        lr_mobject *c = code_of(&b, "c");
        lr_mobject *lines = c ? c->children[3] : NULL;
        LRT_CHECK(lines && lines->nchildren == 2 && lines->children[0]->nchildren == 8 &&
                  lines->children[1]->nchildren == 10);
        if (lines && lines->nchildren == 2 && lines->children[0]->nchildren == 8 &&
            lines->children[1]->nchildren == 10) {
            lr_mobject *l0 = lines->children[0], *l1 = lines->children[1];
            for (int k = 0; k < 3; k++)
                check_fill(l0->children[k], py.keyword, "def");
            check_fill(l0->children[3], py.function, "f");
            check_fill(l0->children[4], py.text, "(");
            for (int k = 0; k < 6; k++)
                check_fill(l1->children[k], py.keyword, "return");
            for (int k = 6; k < 10; k++)
                check_fill(l1->children[k], py.string, "'hi'");
            check_fill(c->children[0]->children[0], py.background, "the background");
            LRT_CHECK(c->children[1]->nchildren == 1);
            if (c->children[1]->nchildren == 1)
                check_fill(c->children[1]->children[0], py.highlight, "the highlighted line's band");
            lr_mobject *numbers = c->children[2];
            LRT_CHECK(numbers->nchildren == 2);
            if (numbers->nchildren == 2)
                check_fill(numbers->children[1]->children[0], py.line_number, "the line number 2");
        }
        done(&b);
    }
    LRT_CHECK_MSG(keyword_differs, "every style tried paints keywords and strings alike: the check proves nothing");
    lr_code_context_destroy(ctx);
}

/* ---- geometry ----------------------------------------------------------------- */

/* Line k on baseline -k * pitch (from the first), pitch 0.75 (1 +
 * line_spacing) em: the bottoms of x, z and w lie on it (an empty line
 * keeps its place); numbers on the same baselines. */
static void check_baselines(void)
{
    lr_code_context *ctx = private_context();
    built b;
    if (!build(SPEC("{'id': 'c', 'type': 'code', 'language': 'python', 'code': 'x = 1\\nz = 22\\n\\nw\\n', "
                    "'paragraph_config': {'font_size': 30, 'line_spacing': 1}, 'position': [1, 0.5]}",
                    ADD("'c'")),
               ctx, &b)) {
        done(&b);
        lr_code_context_destroy(ctx);
        return;
    }
    lr_mobject *c = code_of(&b, "c");
    double em = 30.0 / 96.0, pitch = 0.75 * 2 * em;
    lr_mobject *lines = c ? c->children[3] : NULL, *numbers = c ? c->children[2] : NULL;
    LRT_CHECK(lines && lines->nchildren == 4 && numbers && numbers->nchildren == 4);
    if (lines && lines->nchildren == 4 && numbers->nchildren == 4) {
        LRT_CHECK(lines->children[2]->nchildren == 0);
        double base = spec_world_box(lines->children[0]->children[0]).y0;
        const int with_glyphs[] = {0, 1, 3};
        for (int i = 0; i < 3; i++) {
            int k = with_glyphs[i];
            lr_mobject *line = lines->children[k];
            LRT_CHECK_NEAR(spec_world_box(line->children[0]).y0, base - k * pitch, 2e-3);
            /* every glyph of the line about its baseline, none near another's */
            for (size_t g = 0; g < line->nchildren; g++) {
                lr_rect r = spec_world_box(line->children[g]);
                LRT_CHECK_MSG(r.y0 > base - k * pitch - 0.3 * em && r.y1 < base - k * pitch + 0.8 * em,
                              "line %d glyph %zu at %g..%g", k, g, r.y0, r.y1);
            }
        }
        for (int k = 0; k < 4; k++) /* the digits 1..4 stand on the baselines (3 overshoots a little) */
            LRT_CHECK_NEAR(spec_world_box(numbers->children[k]).y0, base - k * pitch, 0.02 * em);
    }
    done(&b);
    lr_code_context_destroy(ctx);
}

/* One digit glyph's fingerprint: its box's size and outline's points. */
typedef struct glyph_print {
    double w, h;
    uint32_t npoints;
} glyph_print;

static glyph_print print_of(const lr_mobject *m)
{
    lr_rect r = spec_world_box(m);
    return (glyph_print){r.x1 - r.x0, r.y1 - r.y0, m->path.npoints};
}

/* From 98 the numbers are 98, 99, 100, 101 (each glyph the digit a text
 * object of the same font sets), right edges in one column 0.25 left of
 * the code's ink. */
static void check_line_numbers(void)
{
    lr_code_context *ctx = private_context();
    built b;
    if (!build(SPEC("{'id': 'c', 'type': 'code', 'language': 'text', 'code': 'a\\n  b\\nc\\n    d', "
                    "'line_numbers_from': 98}, {'id': 'd', 'type': 'text', 'text': '0123456789', 'font': 'DejaVu Sans "
                    "Mono', 'font_size': 24}, {'id': 'e', 'type': 'code', 'language': 'text', 'code': 'a\\nb'}",
                    ADD("'c', 'd', 'e'")),
               ctx, &b)) {
        done(&b);
        lr_code_context_destroy(ctx);
        return;
    }
    lr_mobject *c = code_of(&b, "c"), *digits = lr_scene_find(b.scene, "d"), *e = code_of(&b, "e");
    LRT_CHECK(digits && digits->nchildren == 10);
    if (c && digits && digits->nchildren == 10 && e) {
        lr_mobject *numbers = c->children[2], *lines = c->children[3];
        static const char *const want[] = {"98", "99", "100", "101"};
        LRT_CHECK(numbers->nchildren == 4);
        lr_rect code_ink = spec_world_box(lines);
        for (size_t k = 0; k < numbers->nchildren && k < 4; k++) {
            lr_mobject *n = numbers->children[k];
            LRT_CHECK_MSG(n->nchildren == strlen(want[k]), "number %zu has %zu glyphs", k, n->nchildren);
            for (size_t g = 0; g < n->nchildren && g < strlen(want[k]); g++) {
                glyph_print got = print_of(n->children[g]), ref = print_of(digits->children[want[k][g] - '0']);
                LRT_CHECK_MSG(fabs(got.w - ref.w) < 1e-4 && fabs(got.h - ref.h) < 1e-4 && got.npoints == ref.npoints,
                              "number %zu, glyph %zu is not the digit %c", k, g, want[k][g]);
            }
            LRT_CHECK_NEAR(spec_world_box(n).x1, code_ink.x0 - 0.25, 1e-4);
        }
        /* from 1 by default: one glyph each */
        lr_mobject *en = e->children[2];
        LRT_CHECK(en->nchildren == 2 && en->children[0]->nchildren == 1 && en->children[1]->nchildren == 1);
        if (en->nchildren == 2 && en->children[0]->nchildren == 1 && en->children[1]->nchildren == 1) {
            glyph_print one = print_of(en->children[0]->children[0]), two = print_of(en->children[1]->children[0]);
            glyph_print r1 = print_of(digits->children[1]), r2 = print_of(digits->children[2]);
            LRT_CHECK(fabs(one.w - r1.w) < 1e-4 && one.npoints == r1.npoints);
            LRT_CHECK(fabs(two.w - r2.w) < 1e-4 && two.npoints == r2.npoints);
        }
    }
    done(&b);
    lr_code_context_destroy(ctx);
}

/* The rectangle: the numbers' and the code's ink `buff` inside it (0.3,
 * Manim's), its colours the style's and background_config's; the window:
 * three dots of Manim's colours, radius 0.1, 0.3 apart, 0.2 left of the
 * numbers and 0.2 above the code, the rectangle buff - 0.1 past them. */
static void check_background(void)
{
    lr_code_context *ctx = private_context();
    built b;
    const char *code = "'def area(r):\\n    return 3.14159 * r ** 2  # pi r^2\\n'";
    char spec[1200];
    snprintf(spec, sizeof spec,
             SPEC("{'id': 'r', 'type': 'code', 'language': 'python', 'code': %s}, {'id': 'w', 'type': 'code', "
                  "'language': 'python', 'code': %s, 'background': 'window', 'background_config': {'buff': 0.5, "
                  "'fill_color': '#123456', 'stroke_color': 'RED', 'stroke_width': 3, 'corner_radius': 0}}",
                  ADD("'r', 'w'")),
             code, code);
    if (!build(spec, ctx, &b)) {
        done(&b);
        lr_code_context_destroy(ctx);
        return;
    }
    lr_mobject *r = code_of(&b, "r"), *w = code_of(&b, "w");
    pyg_style py;
    if (r && w && pygments_style("vim", &py)) {
        /* the rectangle */
        lr_mobject *bg = r->children[0];
        LRT_CHECK(bg->nchildren == 1);
        lr_rect rb = spec_world_box(bg->children[0]);
        lr_rect ink = lr_rect_union(spec_world_box(r->children[2]), spec_world_box(r->children[3]));
        LRT_CHECK_NEAR(rb.x0, spec_world_box(r->children[2]).x0 - 0.3, 1e-4);
        LRT_CHECK(rb.x1 >= ink.x1 + 0.3 - 1e-4 && rb.y0 <= ink.y0 - 0.3 + 1e-4 && rb.y1 >= ink.y1 + 0.3 - 1e-4);
        LRT_CHECK(rb.y1 <= ink.y1 + 0.3 + 0.1 && rb.y0 >= ink.y0 - 0.3 - 0.1); /* by the A and the p, no more */
        check_fill(bg->children[0], py.background, "the rectangle");
        lr_style st = bg->children[0]->style;
        LRT_CHECK(same_rgb(st.stroke, lr_rgba(1, 1, 1, 1)) && fabs(st.stroke_width - 0.01) < 1e-6 && st.fill.a == 1);
        /* the window */
        bg = w->children[0];
        LRT_CHECK(bg->nchildren == 4);
        if (bg->nchildren == 4) {
            lr_rect wb = spec_world_box(bg->children[0]), nums = spec_world_box(w->children[2]);
            lr_rect code_ink = spec_world_box(w->children[3]);
            lr_style ws = bg->children[0]->style;
            LRT_CHECK(same_rgb(ws.fill, (lr_color){0x12 / 255.0f, 0x34 / 255.0f, 0x56 / 255.0f, 1}));
            LRT_CHECK(same_rgb(ws.stroke, (lr_color){0xfc / 255.0f, 0x62 / 255.0f, 0x55 / 255.0f, 1})); /* RED */
            LRT_CHECK(fabs(ws.stroke_width - 0.03) < 1e-6);
            static const char *const dot_colors[] = {"#ff5f56", "#ffbd2e", "#27c93f"};
            lr_rect d0 = spec_world_box(bg->children[1]);
            for (int i = 0; i < 3; i++) {
                lr_rect d = spec_world_box(bg->children[1 + i]);
                LRT_CHECK_NEAR(d.x1 - d.x0, 0.2, 1e-3);
                LRT_CHECK_NEAR(d.x0, d0.x0 + 0.3 * i, 1e-4);
                LRT_CHECK_NEAR(d.y0, d0.y0, 1e-4);
                lr_color want;
                lr_color_parse(dot_colors[i], &want);
                check_fill(bg->children[1 + i], want, "a window dot");
            }
            LRT_CHECK_NEAR(d0.x0, nums.x0 - 0.2, 1e-4);
            LRT_CHECK(d0.y0 >= code_ink.y1 + 0.2 - 1e-4);
            LRT_CHECK_NEAR(wb.x0, d0.x0 - 0.4, 1e-4); /* buff 0.5, less the 0.1 the dots moved */
            LRT_CHECK_NEAR(wb.y1, d0.y1 + 0.4, 1e-3);
            LRT_CHECK(wb.x1 >= code_ink.x1 + 0.5 - 1e-4 && wb.y0 <= code_ink.y0 - 0.5 + 1e-4);
        }
    }
    done(&b);
    lr_code_context_destroy(ctx);
}

/* A highlighted line's band holds that line's glyphs and meets no other
 * line's; it is a pitch high, across the background. */
static void check_highlight(void)
{
    lr_code_context *ctx = private_context();
    built b;
    if (!build(SPEC("{'id': 'c', 'type': 'code', 'language': 'python', 'formatter_style': 'native', 'code': 'def "
                    "f(x):\\n    return g(x) + [1]\\nypq = {}\\nend', 'highlight_lines': [2, 4]}, {'id': 'd', 'type': "
                    "'code', 'language': 'python', 'code': 'a = 1\\nb = 2', 'highlight_lines': [1], "
                    "'highlight_color': 'YELLOW', 'highlight_opacity': 0.3}",
                    ADD("'c', 'd'")),
               ctx, &b)) {
        done(&b);
        lr_code_context_destroy(ctx);
        return;
    }
    lr_mobject *c = code_of(&b, "c"), *d = code_of(&b, "d");
    if (c && d) {
        lr_mobject *bands = c->children[1], *lines = c->children[3];
        lr_rect bg = spec_world_box(c->children[0]->children[0]);
        double pitch = 0.75 * 1.5 * 24.0 / 96.0;
        LRT_CHECK(bands->nchildren == 2 && lines->nchildren == 4);
        const int which[2] = {1, 3};
        for (size_t i = 0; i < bands->nchildren && i < 2 && lines->nchildren == 4; i++) {
            lr_rect band = spec_world_box(bands->children[i]);
            LRT_CHECK_NEAR(band.y1 - band.y0, pitch, 1e-4);
            lr_rect all = spec_world_box(lines);
            LRT_CHECK(band.x0 >= bg.x0 && band.x1 <= bg.x1 && band.x0 < all.x0 && band.x1 > all.x1);
            for (int k = 0; k < 4; k++) {
                lr_rect l = spec_world_box(lines->children[k]);
                if (k == which[i])
                    LRT_CHECK_MSG(l.y0 >= band.y0 && l.y1 <= band.y1, "band %zu does not hold line %d", i, k);
                else
                    LRT_CHECK_MSG(l.y1 < band.y0 || l.y0 > band.y1, "band %zu meets line %d", i, k);
            }
        }
        pyg_style py;
        if (bands->nchildren > 0 && pygments_style("native", &py))
            check_fill(bands->children[0], py.highlight, "native's band");
        lr_mobject *db = d->children[1];
        LRT_CHECK(db->nchildren == 1);
        if (db->nchildren == 1) {
            lr_color yellow;
            lr_color_parse("YELLOW", &yellow);
            check_fill(db->children[0], yellow, "a YELLOW band");
            LRT_CHECK_NEAR(db->children[0]->style.fill.a, 0.3, 1e-6);
        }
    }
    done(&b);
    lr_code_context_destroy(ctx);
}

/* Parts: a mark round c.line(1) and one round c.line_numbers fit them;
 * ChangeColor on c.line(2) turns that line only; c.background is the
 * rectangle. */
static void check_parts(void)
{
    lr_code_context *ctx = private_context();
    built b;
    if (!build(SPEC("{'id': 'c', 'type': 'code', 'language': 'python', 'code': 'a = 1\\nbb = 22\\nccc = 333'}, "
                    "{'id': 'box', 'type': 'surrounding_rectangle', 'target': 'c.line(1)'}, {'id': 'nums', 'type': "
                    "'surrounding_rectangle', 'target': 'c.line_numbers', 'buff': 0}, {'id': 'bg', 'type': "
                    "'surrounding_rectangle', 'target': 'c.background', 'buff': 0}, {'id': 'n2', 'type': "
                    "'surrounding_rectangle', 'target': 'c.line_number(2)', 'buff': 0}",
                    "{'add': ['c', 'box', 'nums', 'bg', 'n2']}, {'play': [{'anim': 'ChangeColor', 'target': "
                    "'c.line(2)', 'color': 'RED'}], 'run_time': 1}, {'wait': 1}"),
               ctx, &b)) {
        done(&b);
        lr_code_context_destroy(ctx);
        return;
    }
    lr_mobject *c = code_of(&b, "c");
    if (c && c->children[3]->nchildren == 3) {
        lr_rect line1 = spec_world_box(c->children[3]->children[1]);
        lr_rect mark = spec_world_box(lr_scene_find(b.scene, "box"));
        LRT_CHECK_NEAR(mark.x0, line1.x0 - 0.1, 1e-4);
        LRT_CHECK_NEAR(mark.y1, line1.y1 + 0.1, 1e-4);
        LRT_CHECK_NEAR(mark.x1, line1.x1 + 0.1, 1e-4);
        lr_rect nums = spec_world_box(c->children[2]), nmark = spec_world_box(lr_scene_find(b.scene, "nums"));
        LRT_CHECK_NEAR(nmark.x0, nums.x0, 1e-4);
        LRT_CHECK_NEAR(nmark.y0, nums.y0, 1e-4);
        lr_rect bg = spec_world_box(c->children[0]), bmark = spec_world_box(lr_scene_find(b.scene, "bg"));
        LRT_CHECK_NEAR(bmark.x1, bg.x1, 1e-4);
        LRT_CHECK_NEAR(bmark.y1, bg.y1, 1e-4);
        lr_rect n2 = spec_world_box(c->children[2]->children[2]), n2mark = spec_world_box(lr_scene_find(b.scene, "n2"));
        LRT_CHECK_NEAR(n2mark.y1, n2.y1, 1e-4);
        spec_check_seek(b.tl, 2.0);
        lr_color red;
        lr_color_parse("RED", &red);
        lr_mobject *l2 = c->children[3]->children[2], *l1 = c->children[3]->children[1];
        for (size_t g = 0; g < l2->nchildren; g++)
            check_fill(l2->children[g], red, "line 2 after ChangeColor");
        bool other = false;
        for (size_t g = 0; g < l1->nchildren; g++)
            other |= same_rgb(l1->children[g]->style.fill, red);
        LRT_CHECK_MSG(!other, "ChangeColor of line 2 reached line 1");
    }
    done(&b);
    lr_code_context_destroy(ctx);
}

/* ---- the cache and the tool --------------------------------------------------- */

static void check_cache(void)
{
    lr_code_context *ctx = private_context();
    if (!ctx)
        return;
    const char *one = SPEC("{'id': 'c', 'type': 'code', 'language': 'rust', 'formatter_style': 'zenburn', 'code': "
                           "'fn main() {\\n    println!(\\'hi\\');\\n}'}",
                           ADD("'c'"));
    const char *other = SPEC("{'id': 'c', 'type': 'code', 'language': 'rust', 'formatter_style': 'zenburn', 'code': "
                             "'fn two() -> u32 { 2 }'}",
                             ADD("'c'"));
    built b;
    double t0 = now_s();
    build(one, ctx, &b);
    double first = now_s() - t0;
    done(&b);
    lr_code_stats s1 = lr_code_context_stats(ctx);
    LRT_CHECK_MSG(s1.runs == 3 && s1.cache_hits == 0, "a new style: %llu runs, %llu hits", (unsigned long long)s1.runs,
                  (unsigned long long)s1.cache_hits);
    /* A new context on the same folder: what another render would find. */
    lr_code_context_destroy(ctx);
    ctx = private_context();
    t0 = now_s();
    build(one, ctx, &b);
    double cached = now_s() - t0;
    done(&b);
    lr_code_stats s2 = lr_code_context_stats(ctx);
    LRT_CHECK_MSG(s2.runs == 0 && s2.cache_hits == 3, "the same again: %llu runs, %llu hits",
                  (unsigned long long)s2.runs, (unsigned long long)s2.cache_hits);
    build(other, ctx, &b);
    done(&b);
    lr_code_stats s3 = lr_code_context_stats(ctx);
    LRT_CHECK_MSG(s3.runs == 1 && s3.cache_hits == 5, "new code in that style: %llu runs, %llu hits",
                  (unsigned long long)s3.runs, (unsigned long long)s3.cache_hits);
    printf("a code object built with Pygments: %.0f ms (3 runs), from the cache: %.1f ms\n", first * 1e3,
           cached * 1e3);
    lr_code_context_destroy(ctx);
}

static lr_code_context *fake_context(double timeout_s)
{
    lr_code_config cfg = lr_code_config_default();
    cfg.cache_dir = "";
    cfg.python = FAKE_TOOL;
    cfg.timeout_s = timeout_s;
    lr_code_context *ctx = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_code_context_create(&ctx, &cfg, &err) == LR_OK, "%s", err.message);
    return ctx;
}

/* The build fails with a message that names the object and says `words`. */
static void expect_tool_error(lr_code_context *ctx, const char *code, const char *words)
{
    char spec[600];
    snprintf(spec, sizeof spec,
             SPEC("{'id': 'ok', 'type': 'dot'}, {'id': 'listing', 'type': 'code', 'language': 'python', 'code': '%s'}",
                  ADD("'listing'")),
             code);
    built b;
    lr_status s = build_with(spec, ctx, &b);
    LRT_CHECK_MSG(s != LR_OK, "%s: the build succeeded", code);
    LRT_CHECK_MSG(strstr(b.err.message, SPEC_CHECK_FILE ": sections[0].objects[1]") != NULL, "%s: no path in: %s", code,
                  b.err.message);
    LRT_CHECK_MSG(strstr(b.err.message, words) != NULL, "%s: no \"%s\" in: %s", code, words, b.err.message);
    done(&b);
}

static void check_tool_failures(void)
{
    lr_code_context *ctx = fake_context(0.5);
    if (!ctx)
        return;
    double t0 = now_s();
    expect_tool_error(ctx, "SLOW = 1", "did not finish within 0.5 s and was stopped");
    double took = now_s() - t0;
    LRT_CHECK_MSG(took < 5.0, "a highlighter that hangs was stopped after %.1f s", took);
    expect_tool_error(ctx, "CRASH = 1", "failed with exit status 1: ValueError: boom");
    expect_tool_error(ctx, "GARBAGE = 1", "not well-formed");
    expect_tool_error(ctx, "MISMATCH = 1", "does not hold the code as given");

    /* What it reaches: inside the sandbox, neither the system's files nor
     * /home, not root, and nothing written outside its work folder. */
    char outside[300];
    snprintf(outside, sizeof outside, "%s/outside", cache_dir);
    char code[400];
    snprintf(code, sizeof code, "PROBE %s", outside);
    if (lr_code_sandboxed(ctx)) {
        expect_tool_error(ctx, code, "probe etc=0 share=0 home=0 uid=65534 outside=0");
        LRT_CHECK(access(outside, F_OK) != 0);
    } else {
        printf("bubblewrap cannot make its sandbox here: the probe inside it is skipped\n");
    }
    lr_code_context_destroy(ctx);
    /* The probe can tell: without the sandbox it reaches all of it. */
    ctx = fake_context(5);
    if (ctx && lr_code_set_bwrap(ctx, "c2v-no-such-bwrap") == LR_OK) {
        expect_tool_error(ctx, code, "probe etc=1");
        LRT_CHECK(access(outside, F_OK) == 0);
        unlink(outside);
    }
    lr_code_context_destroy(ctx);

    lr_code_config cfg = lr_code_config_default();
    cfg.python = "/nonexistent/python3";
    cfg.cache_dir = "";
    lr_error err = {0};
    if (lr_code_context_create(&ctx, &cfg, &err) == LR_OK)
        expect_tool_error(ctx, "x = 1", "install the Debian package python3-pygments");
    lr_code_context_destroy(ctx);
}

/* ---- the validator ------------------------------------------------------------ */

#define CODE(more) "{'id': 'c', 'type': 'code', 'language': 'python', 'code': 'a = 1\\nb = 2\\nc = 3'" more "}"
#define PLAY(anim, target) "{'add': ['c']}, {'play': [{'anim': '" anim "', 'target': '" target "'}]}"

static void check_errors(void)
{
    spec_check_error(SPEC("{'id': 'c', 'type': 'code', 'language': 'pyton', 'code': 'x'}", ADD("'c'")),
                     "sections[0].objects[0].language", "unknown language \"pyton\" (did you mean \"python\"?)");
    spec_check_error(SPEC(CODE(", 'formatter_style': 'monokia'"), ADD("'c'")), "sections[0].objects[0].formatter_style",
                     "unknown formatter style \"monokia\" (did you mean \"monokai\"?)");
    spec_check_error(SPEC(CODE(", 'formatter_style': 'vim,full=True'"), ADD("'c'")),
                     "sections[0].objects[0].formatter_style", "unknown formatter style");
    spec_check_error(SPEC("{'id': 'c', 'type': 'code', 'language': 'python', 'code': '\\n   \\n\\t\\n'}", ADD("'c'")),
                     "sections[0].objects[0].code", "the code is empty");
    spec_check_error(SPEC("{'id': 'c', 'type': 'code', 'language': 'python', 'code': ''}", ADD("'c'")),
                     "sections[0].objects[0].code", "expected a non-empty string");
    spec_check_error(SPEC("{'id': 'c', 'type': 'code', 'language': 'python', 'code': 'a = 1\\nb\\u0007 = 2'}",
                          ADD("'c'")),
                     "sections[0].objects[0].code", "the control character U+0007 at line 2, column 2");
    spec_check_error(SPEC(CODE(", 'highlight_lines': [2, 4]"), ADD("'c'")), "sections[0].objects[0].highlight_lines[1]",
                     "there is no line 4: the code has 3 lines, counted from 1");
    spec_check_error(SPEC(CODE(", 'highlight_lines': [0]"), ADD("'c'")), "sections[0].objects[0].highlight_lines[0]",
                     "expected a number >= 1");
    spec_check_error(SPEC(CODE(""), PLAY("Indicate", "c.line(3)")), "sections[0].timeline[1].play[0].target",
                     "the code \"c\" has 3 lines (indices from 0): there is no c.line(3)");
    spec_check_error(SPEC(CODE(""), PLAY("Indicate", "c.line_number(7)")), "sections[0].timeline[1].play[0].target",
                     "there is no c.line_number(7)");
    spec_check_error(SPEC(CODE(", 'add_line_numbers': false"), PLAY("Indicate", "c.line_numbers")),
                     "sections[0].timeline[1].play[0].target", "has no line numbers (add_line_numbers is false)");
    spec_check_error(SPEC(CODE(""), PLAY("FadeOut", "c.highlights")), "sections[0].timeline[1].play[0].target",
                     "has no highlight_lines");
    spec_check_error(SPEC(CODE(""), PLAY("Indicate", "c.lines(0)")), "sections[0].timeline[1].play[0].target",
                     "a code has no part \"lines\" (did you mean \"line\"?");
    spec_check_error(SPEC(CODE(", 'color': 'RED'"), ADD("'c'")), "sections[0].objects[0].color",
                     "takes its colours from its formatter_style");
    spec_check_error(SPEC(CODE(", 'background': 'terminal'"), ADD("'c'")), "sections[0].objects[0].background",
                     "unknown background \"terminal\"");
    spec_check_error(SPEC(CODE(", 'paragraph_config': {'font_size': 0}"), ADD("'c'")),
                     "sections[0].objects[0].paragraph_config.font_size", "expected a number > 0");
    spec_check_error(SPEC(CODE(", 'background_config': {'buf': 1}"), ADD("'c'")),
                     "sections[0].objects[0].background_config.buf", "buff");
    spec_check_error(SPEC("{'id': 'c', 'type': 'code', 'code': 'x'}", ADD("'c'")), "sections[0].objects[0]",
                     "\"language\"");
    spec_check_error("{'version': 1, 'sections': [{'id': 's', 'title': 't', 'objects': [" CODE("")
                     "], 'timeline': [{'wait': 1}]}]}",
                     "sections[0].objects[0].type", "version 2");
}

int main(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(cache_dir, sizeof cache_dir, "%s/c2v-code-test-XXXXXX", tmp && tmp[0] == '/' ? tmp : "/tmp");
    if (!mkdtemp(cache_dir)) {
        fprintf(stderr, "cannot make %s\n", cache_dir);
        return 1;
    }
    check_colors();
    check_baselines();
    check_line_numbers();
    check_background();
    check_highlight();
    check_parts();
    check_cache();
    check_tool_failures();
    check_errors();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", cache_dir);
    return lrt_finish("spec_code");
}
