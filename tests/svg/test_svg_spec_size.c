/* An svg object of a scene spec takes the size it is given: width alone or
 * height alone keep the drawing's proportions; both stretch it to that box,
 * as an image object does. Checked on the built mobject's bounds. */
#include "lrtest.h"

#include <string.h>

static lr_rect built_bounds(const char *object_json)
{
    char json[2048], dir[1024];
    snprintf(json, sizeof json,
             "{\"version\": 1, \"meta\": {\"title\": \"svg size\"}, \"sections\": [{\"id\": \"s\", \"title\": \"t\", "
             "\"lecture_lines\": [], \"objects\": [%s], \"timeline\": [{\"add\": [\"pic\"]}, {\"wait\": 1}]}]}",
             object_json);
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_rect r = lr_rect_empty();
    lr_status s = lr_spec_load_string(json, "svg_size.json", lrt_source_path(dir, sizeof dir, "tests/svg/data"),
                                      &spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s", lr_spec_errors_joined(errs));
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    if (s == LR_OK) {
        s = lr_spec_build_section(spec, 0, &scene, &tl, &err);
        LRT_CHECK_MSG(s == LR_OK, "%s", err.message);
    }
    if (s == LR_OK)
        r = lr_mobject_bounds(lr_scene_find(scene, "pic"));
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
    return r;
}

int main(void)
{
    /* shapes.svg is drawn in a square viewBox. */
    lr_rect natural = built_bounds("{\"id\": \"pic\", \"type\": \"svg\", \"file\": \"shapes.svg\", \"height\": 2}");
    float aspect = (natural.x1 - natural.x0) / (natural.y1 - natural.y0);
    LRT_CHECK_NEAR(natural.y1 - natural.y0, 2.0, 0.01);

    lr_rect wide = built_bounds("{\"id\": \"pic\", \"type\": \"svg\", \"file\": \"shapes.svg\", \"width\": 4}");
    LRT_CHECK_NEAR(wide.x1 - wide.x0, 4.0, 0.01);
    LRT_CHECK_NEAR((wide.x1 - wide.x0) / (wide.y1 - wide.y0), aspect, 0.01);

    lr_rect both = built_bounds(
        "{\"id\": \"pic\", \"type\": \"svg\", \"file\": \"shapes.svg\", \"width\": 5, \"height\": 1.5}");
    LRT_CHECK_NEAR(both.x1 - both.x0, 5.0, 0.01);
    LRT_CHECK_NEAR(both.y1 - both.y0, 1.5, 0.01);
    /* Stretched about its centre: still where "at" (the default, the
     * centre) puts it. */
    LRT_CHECK_NEAR((both.x0 + both.x1) / 2, (natural.x0 + natural.x1) / 2, 0.01);
    LRT_CHECK_NEAR((both.y0 + both.y1) / 2, (natural.y0 + natural.y1) / 2, 0.01);
    return lrt_finish("svg_spec_size");
}
