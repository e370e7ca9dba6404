/* Text-like spec objects: all formulas of a section compiled in one TeX
 * run (with their own sizes, colours and colour maps, and the same result
 * as alone), a failing formula still named by its object, wrapped text
 * objects, and the brace as a filled, tapered shape with its label. */
#include "lrtest.h"
#include "scene/scene_internal.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1300];
        snprintf(path, sizeof path, "%.1000s/%.255s", dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static lr_spec *load_string(const char *json)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_spec_load_string(json, "objects.json", NULL, &spec, errs);
    LRT_CHECK_MSG(spec != NULL, "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    return spec;
}

static lr_rect bounds_of(lr_scene *scene, const char *id)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m != NULL, "no %s", id);
    if (!m)
        return lr_rect_empty();
    lr_rect r = lr_mobject_bounds(m);
    return m->parent ? lr_rect_transform(r, lr_mobject_world_transform(m->parent)) : r;
}

static const char *batch_json =
    "{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"Formulas\", \"objects\": ["
    " {\"id\": \"f0\", \"type\": \"tex\", \"tex\": \"a^2 + b^2 = c^2\", \"tex_to_color_map\": {\"c^2\": \"RED\"}},"
    " {\"id\": \"f1\", \"type\": \"tex\", \"tex\": \"\\\\frac{1}{2}\", \"font_size\": 96, \"color\": \"YELLOW\"},"
    " {\"id\": \"f2\", \"type\": \"tex\", \"tex\": \"\\\\frac{1}{2}\", \"position\": [3, 0]},"
    " {\"id\": \"g\", \"type\": \"group\", \"children\": ["
    "   {\"id\": \"f3\", \"type\": \"tex\", \"tex\": \"\\\\int_0^1 x\\\\,dx\"},"
    "   {\"id\": \"f4\", \"type\": \"tex\", \"tex\": \"\\\\sqrt{2}\"}], \"arrange\": \"right\"},"
    " {\"id\": \"ax\", \"type\": \"axes\", \"x_range\": [0, 3], \"y_range\": [0, 3], \"x_label\": \"t\","
    "  \"y_label\": \"v(t)\"},"
    " {\"id\": \"b\", \"type\": \"brace\", \"target\": \"f0\", \"label\": \"\\\\text{sum}\", \"color\": \"GREEN\"}"
    "], \"timeline\": [{\"wait\": 1}]}]}";

static void test_batch(void)
{
    char dir[] = "/tmp/c2v-test-texbatch-XXXXXX";
    if (!mkdtemp(dir)) {
        LRT_CHECK(!"mkdtemp");
        return;
    }
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = dir;
    lr_tex_context *tex = NULL;
    lr_error err = {0};
    if (lr_tex_context_create(&tex, &cfg, &err) != LR_OK) {
        fprintf(stderr, "no TeX, batch not tested: %s\n", err.message);
        rmdir(dir);
        return;
    }
    lr_spec *spec = load_string(batch_json);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    if (spec) {
        lr_spec_set_contexts(spec, NULL, tex);
        LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    }
    /* eight formulas (five objects, two axis labels, a brace label): one run */
    lr_tex_stats st = lr_tex_context_stats(tex);
    LRT_CHECK_MSG(st.tex_runs == 1 && st.cache_hits == 0, "%llu runs, %llu hits", (unsigned long long)st.tex_runs,
                  (unsigned long long)st.cache_hits);
    if (scene) {
        /* each formula as it would be alone (now from the cache): same
         * glyphs, same size, its own colour */
        struct {
            const char *id, *src;
            float size;
            const char *color;
        } alone[] = {{"f1", "\\frac{1}{2}", 96, "YELLOW"},
                     {"f2", "\\frac{1}{2}", 48, "WHITE"},
                     {"f3", "\\int_0^1 x\\,dx", 48, "WHITE"},
                     {"f4", "\\sqrt{2}", 48, "WHITE"}};
        for (size_t i = 0; i < sizeof alone / sizeof alone[0]; i++) {
            lr_tex_style ts = lr_tex_style_default();
            ts.font_size = alone[i].size;
            lr_color_parse(alone[i].color, &ts.color);
            lr_mobject *m = NULL;
            LRT_CHECK_OK(lr_tex_create(tex, alone[i].src, &ts, &m, &err));
            lr_mobject *b = lr_scene_find(scene, alone[i].id);
            LRT_CHECK(b != NULL);
            if (m && b) {
                lr_rect ra = lr_mobject_bounds(m), rb = lr_mobject_bounds(b);
                LRT_CHECK_NEAR(rb.x1 - rb.x0, ra.x1 - ra.x0, 1e-4);
                LRT_CHECK_NEAR(rb.y1 - rb.y0, ra.y1 - ra.y0, 1e-4);
                LRT_CHECK(lr_mobject_child_count(b) == lr_mobject_child_count(m) && lr_mobject_child_count(m) > 0);
                if (lr_mobject_child_count(b) > 0)
                    LRT_CHECK_NEAR(lr_mobject_get_style(lr_mobject_child(b, 0)).fill.r, ts.color.r, 1e-3);
            }
            lr_mobject_destroy(m);
        }
        LRT_CHECK_MSG(lr_tex_context_stats(tex).tex_runs == 1, "alone: %llu runs",
                      (unsigned long long)lr_tex_context_stats(tex).tex_runs);
        lr_rect big = bounds_of(scene, "f1"), small = bounds_of(scene, "f2");
        LRT_CHECK_NEAR((big.y1 - big.y0) / (small.y1 - small.y0), 2.0, 0.01);
        /* the colour map applied: some glyph of f0 is RED (#FC6255) */
        lr_mobject *f0 = lr_scene_find(scene, "f0");
        int red = 0;
        for (size_t i = 0; f0 && i < lr_mobject_child_count(f0); i++) {
            lr_color c = lr_mobject_get_style(lr_mobject_child(f0, i)).fill;
            red += fabsf(c.r - 0xFC / 255.0f) < 0.01f && fabsf(c.g - 0x62 / 255.0f) < 0.01f;
        }
        LRT_CHECK_MSG(red >= 2 && red < (int)lr_mobject_child_count(f0), "%d red glyphs", red);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);

    /* one bad formula: the batch fails, each object compiles its own, and
     * the error names the object that broke */
    spec = load_string("{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": ["
                       "{\"id\": \"ok1\", \"type\": \"tex\", \"tex\": \"x+1\"},"
                       "{\"id\": \"broken\", \"type\": \"tex\", \"tex\": \"\\\\frac{1}{\"},"
                       "{\"id\": \"ok2\", \"type\": \"tex\", \"tex\": \"y+2\"}],"
                       "\"timeline\": [{\"wait\": 1}]}]}");
    if (spec) {
        lr_spec_set_contexts(spec, NULL, tex);
        scene = NULL;
        tl = NULL;
        LRT_CHECK(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_ERR_TEX);
        LRT_CHECK_MSG(strstr(err.message, "broken") != NULL && strstr(err.message, "formula 2") == NULL, "%s",
                      err.message);
        LRT_CHECK(scene == NULL && tl == NULL);
        lr_spec_destroy(spec);
    }
    lr_tex_context_destroy(tex);
    remove_dir(dir);
}

static void test_wrapped_text(void)
{
    lr_spec *spec = load_string(
        "{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": ["
        "{\"id\": \"one\", \"type\": \"text\", \"text\": \"a right triangle has one angle of ninety degrees\"},"
        "{\"id\": \"wrapped\", \"type\": \"text\", \"text\": \"a right triangle has one angle of ninety degrees\","
        " \"max_width\": 3, \"align\": \"center\"},"
        "{\"id\": \"bold\", \"type\": \"text\", \"text\": \"ninety\", \"bold\": true},"
        "{\"id\": \"plain\", \"type\": \"text\", \"text\": \"ninety\"}],"
        "\"timeline\": [{\"wait\": 1}]}]}");
    if (!spec)
        return;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    if (scene) {
        lr_rect one = bounds_of(scene, "one"), w = bounds_of(scene, "wrapped");
        LRT_CHECK(one.x1 - one.x0 > 6);
        LRT_CHECK_MSG(w.x1 - w.x0 <= 3.05f && w.y1 - w.y0 > 3 * (one.y1 - one.y0), "wrapped %g x %g",
                      (double)(w.x1 - w.x0), (double)(w.y1 - w.y0));
        lr_rect b = bounds_of(scene, "bold"), p = bounds_of(scene, "plain");
        LRT_CHECK(b.x1 - b.x0 > p.x1 - p.x0);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);

    /* a misspelt alignment is named with its path and a suggestion */
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *bad = NULL;
    lr_spec_load_string("{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": ["
                        "{\"id\": \"t\", \"type\": \"text\", \"text\": \"x\", \"align\": \"centre\","
                        " \"max_width\": 0}], \"timeline\": [{\"wait\": 1}]}]}",
                        "bad.json", NULL, &bad, errs);
    LRT_CHECK(bad == NULL && lr_spec_errors_count(errs) == 2);
    bool align = false, width = false;
    for (size_t i = 0; i < lr_spec_errors_count(errs); i++) {
        align |= strcmp(lr_spec_errors_path(errs, i), "sections[0].objects[0].align") == 0 &&
                 strstr(lr_spec_errors_message(errs, i), "did you mean \"center\"") != NULL;
        width |= strcmp(lr_spec_errors_path(errs, i), "sections[0].objects[0].max_width") == 0;
    }
    LRT_CHECK_MSG(align && width, "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    lr_spec_destroy(bad);
}

/* Signed area of a closed polygon of the brace (its points are lines). */
static void test_brace(void)
{
    lr_spec *spec = load_string(
        "{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"T\", \"objects\": ["
        "{\"id\": \"r\", \"type\": \"rectangle\", \"width\": 4, \"height\": 1, \"position\": [0, 0]},"
        "{\"id\": \"b\", \"type\": \"brace\", \"target\": \"r\", \"label\": \"x\", \"color\": \"YELLOW\"},"
        "{\"id\": \"b2\", \"type\": \"brace\", \"target\": \"r\", \"direction\": \"right\", \"buff\": 0.2}],"
        "\"timeline\": [{\"add\": [\"r\", \"b\", \"b2\"]}, {\"wait\": 1}]}]}");
    if (!spec)
        return;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    lr_mobject *b = scene ? lr_scene_find(scene, "b") : NULL;
    LRT_CHECK(b && lr_mobject_child_count(b) == 2);
    if (b && lr_mobject_child_count(b) == 2) {
        lr_mobject *shape = lr_mobject_child(b, 0);
        lr_style st = lr_mobject_get_style(shape);
        /* filled in its colour (YELLOW #FFFF00), no outline */
        LRT_CHECK(st.fill.a == 1 && st.fill.r > 0.99f && st.fill.g > 0.99f && st.fill.b < 0.01f);
        LRT_CHECK(st.stroke_width == 0 || st.stroke.a == 0);
        const lr_path *p = lr_mobject_path_const(shape);
        LRT_CHECK(p->nsubpaths == 1 && p->subpaths[0].closed);
        lr_rect r = lr_path_bounds(p);
        /* as wide as the rectangle (stroke 0.04 included), below it by the buff */
        lr_rect target = bounds_of(scene, "r");
        LRT_CHECK_NEAR(r.x0, target.x0, 0.01);
        LRT_CHECK_NEAR(r.x1, target.x1, 0.01);
        LRT_CHECK_NEAR(r.y1, target.y0 - 0.1, 0.01);
        LRT_CHECK(r.y1 - r.y0 > 0.15f && r.y1 - r.y0 < 0.3f);
        /* tapered: thinner than a bar of full thickness along its length,
         * thicker than nothing */
        double area = fabs(lr_path_signed_area(p));
        LRT_CHECK_MSG(area > 0.5 * 0.05 * 4 && area < 0.05 * 4.3, "area %g", area);
        /* thin at the ends: the outline's width near the left end is small */
        float near_end = 0;
        for (uint32_t i = 0; i < p->npoints; i++)
            if (p->points[i].y > r.y1 - 0.01f)
                near_end = fmaxf(near_end, fabsf(p->points[i].x - r.x0) < 0.5f ? fabsf(p->points[i].x - r.x0) : 0);
        LRT_CHECK_MSG(near_end < 0.03f, "end width %g", (double)near_end);
        /* the label sits below the brace's point, centred */
        lr_rect l = lr_mobject_bounds(lr_mobject_child(b, 1));
        LRT_CHECK(l.y1 < r.y0);
        LRT_CHECK_NEAR((l.x0 + l.x1) * 0.5, (target.x0 + target.x1) * 0.5, 0.01);
    }
    lr_mobject *b2 = scene ? lr_scene_find(scene, "b2") : NULL;
    if (b2 && lr_mobject_child_count(b2) == 1) {
        lr_rect r = lr_path_bounds(lr_mobject_path_const(lr_mobject_child(b2, 0)));
        lr_rect target = bounds_of(scene, "r");
        LRT_CHECK_NEAR(r.y0, target.y0, 0.01);
        LRT_CHECK_NEAR(r.y1, target.y1, 0.01);
        LRT_CHECK_NEAR(r.x0, target.x1 + 0.2, 0.01);
    } else {
        LRT_CHECK(!"brace b2");
    }

    /* drawn: yellow ink under the rectangle's middle, nothing beside it */
    lr_context_desc desc = lr_context_desc_default(854, 480);
    lr_context *ctx = NULL;
    if (scene && tl && lr_context_create(&desc, &ctx, &err) == LR_OK) {
        lr_image img = {0};
        LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, &err));
        LRT_CHECK_MSG(lr_context_render(ctx, scene, &img, &err) == LR_OK, "%s", err.message);
        if (img.pixels) {
            char out[1024];
            lr_image_write_png(&img, lrt_build_path(out, sizeof out, "tests/spec/brace.png"), NULL);
            /* the bar, halfway between the middle and the left end, at
             * y = -0.5 - 0.1 - 0.1 (the rectangle's stroke adds 0.02) */
            int yellow = 0;
            for (int y = 0; y < img.height; y++) {
                const uint8_t *px = lrt_pixel(&img, 427 - 60, y);
                yellow += px[0] > 200 && px[1] > 200 && px[2] < 80;
            }
            LRT_CHECK_MSG(yellow >= 2 && yellow <= 6, "%d yellow pixels across the bar", yellow);
        }
        lr_image_free(&img);
        lr_context_destroy(ctx);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

/* The example of these objects builds, its five formulas in one run. */
static void test_example(void)
{
    char dir[] = "/tmp/c2v-test-texbatch-XXXXXX", path[1024];
    if (!mkdtemp(dir)) {
        LRT_CHECK(!"mkdtemp");
        return;
    }
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = dir;
    lr_tex_context *tex = NULL;
    lr_error err = {0};
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    LRT_CHECK_MSG(lr_spec_load_file(lrt_source_path(path, sizeof path, "examples/calculus.json"), &spec, errs) == LR_OK,
                  "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    if (spec && lr_tex_context_create(&tex, &cfg, &err) == LR_OK) {
        lr_spec_set_contexts(spec, NULL, tex);
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
        LRT_CHECK(lr_tex_context_stats(tex).tex_runs == 1);
        const char *ids[] = {"ax", "curve", "tan", "area", "slope", "integral", "note", "brace"};
        for (size_t i = 0; scene && i < sizeof ids / sizeof ids[0]; i++)
            LRT_CHECK_MSG(lr_scene_find(scene, ids[i]) != NULL, "no %s", ids[i]);
        lr_timeline_destroy(tl);
        lr_scene_destroy(scene);
    }
    lr_tex_context_destroy(tex);
    lr_spec_destroy(spec);
    remove_dir(dir);
}

/* The text example builds; its wrapped lines keep to their widths. */
static void test_text_example(void)
{
    char path[1024];
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    LRT_CHECK_MSG(lr_spec_load_file(lrt_source_path(path, sizeof path, "examples/text_styles.json"), &spec, errs) ==
                      LR_OK,
                  "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    if (spec)
        LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    if (scene) {
        lr_rect para = bounds_of(scene, "para"), zh = bounds_of(scene, "zh");
        LRT_CHECK(para.x1 - para.x0 <= 3.4f + 0.05f && para.y1 - para.y0 > 1.0f);
        LRT_CHECK(zh.x1 - zh.x0 <= 3.0f + 0.3f && zh.y1 - zh.y0 > 0.6f);
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

int main(void)
{
    test_text_example();
    test_example();
    test_batch();
    test_wrapped_text();
    test_brace();
    return lrt_finish("spec_text_objects");
}
