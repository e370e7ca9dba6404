/* Building sections: the example specs become scenes whose objects sit
 * where the layout says and timelines that last exactly what the spec says;
 * failures from the outside world (a missing asset, bad LaTeX) name the
 * section and the object. */
#include "lrtest.h"
#include "scene/scene_internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static lr_tex_context *tex_context(void)
{
    char cache[1024];
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = lrt_build_path(cache, sizeof cache, "tests/spec/tex-cache");
    lr_tex_context *tex = NULL;
    lr_error err = {0};
    if (lr_tex_context_create(&tex, &cfg, &err) != LR_OK)
        fprintf(stderr, "no TeX: %s\n", err.message);
    return tex;
}

static lr_spec *load(const char *rel)
{
    char path[1024];
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = lr_spec_load_file(lrt_source_path(path, sizeof path, rel), &spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    return spec;
}

static lr_vec2 center_of(lr_scene *scene, const char *id)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m != NULL, "no mobject %s", id);
    if (!m)
        return (lr_vec2){NAN, NAN};
    lr_rect r = lr_mobject_bounds(m);
    return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f};
}

static bool visible(lr_scene *scene, const char *id)
{
    lr_mobject *m = lr_scene_find(scene, id);
    return m && lr_mobject_get_visible(m);
}

static void test_minimal(lr_tex_context *tex)
{
    lr_spec *spec = load("examples/spec_minimal.json");
    if (!spec)
        return;
    lr_spec_set_contexts(spec, NULL, tex);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    if (!scene || !tl) {
        lr_spec_destroy(spec);
        return;
    }
    LRT_CHECK_NEAR(lr_timeline_duration(tl), 4.5, 1e-12);
    /* placement, before any seek: B2 and B5 cell centres, E1..E6 area */
    lr_vec2 c = center_of(scene, "c");
    LRT_CHECK_NEAR(c.x, 2.0, 1e-3);
    LRT_CHECK_NEAR(c.y, 1.0, 1e-3);
    lr_rect cb = lr_mobject_bounds(lr_scene_find(scene, "c"));
    LRT_CHECK_NEAR(cb.x1 - cb.x0, 1.6, 1e-3);
    lr_vec2 s = center_of(scene, "s");
    LRT_CHECK_NEAR(s.x, 5.0, 1e-3);
    LRT_CHECK_NEAR(s.y, 1.0, 1e-3);
    lr_rect capb = lr_mobject_bounds(lr_scene_find(scene, "caption"));
    LRT_CHECK_NEAR((capb.x0 + capb.x1) * 0.5f, 3.5, 1e-3);
    LRT_CHECK_NEAR((capb.y0 + capb.y1) * 0.5f, -2.0, 1e-3);
    float cw = capb.x1 - capb.x0, ch = capb.y1 - capb.y0;
    LRT_CHECK(cw <= 5.4f + 1e-3f && ch <= 0.9f + 1e-3f);
    LRT_CHECK(fabsf(cw - 5.4f) < 1e-3f || fabsf(ch - 0.9f) < 1e-3f);
    /* the teaching layout */
    lr_vec2 t = center_of(scene, "title");
    LRT_CHECK_NEAR(t.x, 0, 1e-3);
    LRT_CHECK_NEAR(t.y, 3.25, 1e-3);
    lr_rect l0 = lr_mobject_bounds(lr_scene_find(scene, "line0"));
    LRT_CHECK_NEAR(l0.x0, -6.6, 1e-3);
    LRT_CHECK_NEAR((l0.y0 + l0.y1) * 0.5f, 2.0, 1e-3);
    LRT_CHECK(lr_scene_find(scene, "line2") != NULL && lr_scene_find(scene, "line3") == NULL);

    /* visibility through the timeline */
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.5, &err));
    LRT_CHECK(visible(scene, "c") && !visible(scene, "s") && !visible(scene, "caption"));
    LRT_CHECK(visible(scene, "title") && visible(scene, "line0"));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_scene_find(scene, "line0")), 1.0, 1e-6);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_scene_find(scene, "line1")), 0.45, 1e-6);
    LRT_CHECK_OK(lr_timeline_seek(tl, 4.5, &err));
    LRT_CHECK(visible(scene, "c") && visible(scene, "s") && visible(scene, "caption"));
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_scene_find(scene, "line0")), 0.45, 1e-6);
    LRT_CHECK_NEAR(lr_mobject_get_opacity(lr_scene_find(scene, "line2")), 1.0, 1e-6);
    /* Transform: the circle took the square's place and size */
    lr_vec2 c2 = center_of(scene, "c");
    LRT_CHECK_NEAR(c2.x, 5.0, 1e-2);
    LRT_CHECK_NEAR(c2.y, 1.0, 1e-2);
    LRT_CHECK_OK(lr_timeline_seek(tl, 0.0, &err));
    LRT_CHECK(!visible(scene, "s"));
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

static void test_pythagorean(lr_tex_context *tex)
{
    lr_spec *spec = load("examples/pythagorean.json");
    if (!spec)
        return;
    lr_spec_set_contexts(spec, NULL, tex);
    static const char *const some_ids[5][3] = {{"tri", "hyp", "lbl_c"},
                                               {"sq_c", "labels", "area_b"},
                                               {"eq", "c_value", "box"},
                                               {"ax", "graph", "runner"},
                                               {"plane", "brace_x", "star"}};
    for (size_t i = 0; i < lr_spec_section_count(spec); i++) {
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        lr_error err = {0};
        lr_status s = lr_spec_build_section(spec, i, &scene, &tl, &err);
        LRT_CHECK_MSG(s == LR_OK, "section %zu: %s", i, err.message);
        if (s != LR_OK)
            continue;
        LRT_CHECK_NEAR(lr_timeline_duration(tl), lr_spec_section_duration(spec, i), 1e-12);
        for (int k = 0; k < 3; k++)
            LRT_CHECK_MSG(lr_scene_find(scene, some_ids[i][k]) != NULL, "section %zu: no %s", i, some_ids[i][k]);
        double d = lr_timeline_duration(tl);
        for (int k = 0; k <= 8; k++)
            LRT_CHECK_OK(lr_timeline_seek(tl, d * k / 8.0, &err));
        /* everything the timeline brought in and did not take out is shown */
        for (size_t k = 0; k < lr_spec_section_object_count(spec, i); k++) {
            const char *id = lr_spec_section_object_id(spec, i, k);
            if (i == 4 && strcmp(id, "plane") == 0)
                LRT_CHECK(!visible(scene, id));
        }
        if (i == 3) {
            /* the graph is drawn in the axes' coordinates */
            lr_affine ga = lr_mobject_get_transform(lr_scene_find(scene, "graph"));
            lr_affine aa = lr_mobject_get_transform(lr_scene_find(scene, "ax"));
            LRT_CHECK_NEAR(ga.a, aa.a, 1e-6);
            LRT_CHECK_NEAR(ga.e, aa.e, 1e-6);
            LRT_CHECK_NEAR(ga.f, aa.f, 1e-6);
            LRT_CHECK(visible(scene, "runner") && visible(scene, "diag"));
        }
        if (i == 2)
            LRT_CHECK(visible(scene, "eq_sum") && !visible(scene, "eq_num"));
        lr_timeline_destroy(tl);
        lr_scene_destroy(scene);
    }
    lr_spec_destroy(spec);
}

static void test_portrait(lr_tex_context *tex)
{
    lr_spec *spec = load("examples/portrait_circle.json");
    if (!spec)
        return;
    lr_spec_set_contexts(spec, NULL, tex);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK, "%s", err.message);
    if (scene) {
        /* the group keeps its children's relative places: the slice's apex
         * stays at the disc's centre */
        lr_vec2 d = center_of(scene, "pie");
        LRT_CHECK_NEAR(d.x, 0.0, 1e-3);
        LRT_CHECK_NEAR(d.y, 1.8, 1e-3);
        lr_mobject *slice = lr_scene_find(scene, "slice");
        lr_affine w = lr_mobject_world_transform(slice);
        lr_vec2 apex = lr_affine_apply(w, lr_mobject_path(slice)->points[0]);
        LRT_CHECK_NEAR(apex.x, 0.0, 1e-3);
        LRT_CHECK_NEAR(apex.y, 1.8, 1e-3);
        lr_vec2 t = center_of(scene, "title");
        LRT_CHECK_NEAR(t.y, 3.4, 1e-3);
        lr_rect l0 = lr_mobject_bounds(lr_scene_find(scene, "line0"));
        LRT_CHECK(l0.y1 <= -1.3f + 1e-3f && l0.x0 >= -2.0f - 1e-3f);
        /* next_to up with buff 0.3 */
        lr_rect rb = lr_mobject_bounds(lr_scene_find(scene, "rect"));
        lr_rect fb = lr_mobject_bounds(lr_scene_find(scene, "formula"));
        LRT_CHECK_NEAR(fb.y0, rb.y1 + 0.3f, 1e-3);
        LRT_CHECK_NEAR((fb.x0 + fb.x1) * 0.5f, (rb.x0 + rb.x1) * 0.5f, 1e-3);
        /* braces hang off the rectangle's sides */
        lr_rect wb = lr_mobject_bounds(lr_scene_find(scene, "width"));
        lr_rect hb = lr_mobject_bounds(lr_scene_find(scene, "height"));
        LRT_CHECK(wb.y1 < rb.y0 && hb.x1 < rb.x0);
        LRT_CHECK_NEAR(lr_timeline_duration(tl), 8.0, 1e-12);
        LRT_CHECK_OK(lr_timeline_seek(tl, 8.0, &err));
        LRT_CHECK(!visible(scene, "disc") && !visible(scene, "slice") && visible(scene, "rect"));
        LRT_CHECK(visible(scene, "pie") && visible(scene, "width") && visible(scene, "formula"));
    }
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
}

static void test_failures(lr_tex_context *tex)
{
    const char *fmt = "{\"version\": 1, \"sections\": [{\"id\": \"a\", \"title\": \"A\", \"objects\": [%s], "
                      "\"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"x\"}]}]}]}";
    char json[1024];
    lr_spec *spec = NULL;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};

    snprintf(json, sizeof json, fmt, "{\"id\": \"x\", \"type\": \"svg\", \"file\": \"missing.svg\"}");
    LRT_CHECK_OK(lr_spec_load_string(json, "scene.json", "/nonexistent-assets", &spec, NULL));
    LRT_CHECK(lr_spec_build_section(spec, 0, &scene, &tl, &err) != LR_OK);
    LRT_CHECK(scene == NULL && tl == NULL);
    LRT_CHECK_MSG(strstr(err.message, "scene.json: sections[0].objects[0].file: /nonexistent-assets/missing.svg: "
                                      "the asset folder does not exist") == err.message,
                  "%s", err.message);
    lr_spec_destroy(spec);

    /* a link inside the asset folder that leads out of it */
    char dir[1024], link[1100];
    lrt_build_path(dir, sizeof dir, "tests/spec/assets");
    mkdir(dir, 0755);
    snprintf(link, sizeof link, "%s/escape.svg", dir);
    unlink(link);
    LRT_CHECK(symlink("/etc/hostname", link) == 0);
    snprintf(json, sizeof json, fmt, "{\"id\": \"x\", \"type\": \"svg\", \"file\": \"escape.svg\"}");
    LRT_CHECK_OK(lr_spec_load_string(json, "scene.json", dir, &spec, NULL));
    LRT_CHECK_STATUS(lr_spec_build_section(spec, 0, &scene, &tl, &err), LR_ERR_INVALID_ARG);
    LRT_CHECK_MSG(strstr(err.message, "outside the asset folder") != NULL, "%s", err.message);
    lr_spec_destroy(spec);
    unlink(link);

    if (tex) {
        snprintf(json, sizeof json, fmt, "{\"id\": \"x\", \"type\": \"tex\", \"tex\": \"\\\\frac{1}{\"}");
        LRT_CHECK_OK(lr_spec_load_string(json, "scene.json", NULL, &spec, NULL));
        lr_spec_set_contexts(spec, NULL, tex);
        LRT_CHECK_STATUS(lr_spec_build_section(spec, 0, &scene, &tl, &err), LR_ERR_TEX);
        LRT_CHECK_MSG(strstr(err.message, "scene.json: sections[0].objects[0]: tex:") == err.message &&
                          !strstr(err.message, "tex: tex:"),
                      "%s", err.message);
        lr_spec_destroy(spec);
    }
    LRT_CHECK_STATUS(lr_spec_build_section(NULL, 0, &scene, &tl, &err), LR_ERR_INVALID_ARG);
}

int main(void)
{
    lr_tex_context *tex = tex_context();
    test_minimal(tex);
    test_pythagorean(tex);
    test_portrait(tex);
    test_failures(tex);
    lr_tex_context_destroy(tex);
    return lrt_finish("spec_build");
}
