/* The layout report on scenes with known overlaps, overflows and sizes. */
#include "lrtest.h"

#include <librender/lr_layout.h>
#include <stdlib.h>
#include <string.h>

static lr_mobject *square(lr_scene *scene, const char *id, lr_vec2 center, float side)
{
    lr_path p = {0};
    lr_path_add_rect(&p, center, side, side);
    lr_mobject *m = lr_mobject_create_path(&p, lr_style_default());
    lr_path_free(&p);
    lr_mobject_set_id(m, id);
    lr_scene_add(scene, m);
    return m;
}

static size_t count_kind(const lr_layout_report *r, lr_layout_problem_kind kind)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nproblems; i++)
        n += r->problems[i].kind == kind;
    return n;
}

static const lr_layout_problem *find_kind(const lr_layout_report *r, lr_layout_problem_kind kind)
{
    for (size_t i = 0; i < r->nproblems; i++)
        if (r->problems[i].kind == kind)
            return &r->problems[i];
    return NULL;
}

static lr_vec2 cell_center(const char *anchor)
{
    lr_rect r;
    lr_layout_anchor_rect(LR_LANDSCAPE, anchor, &r, NULL);
    return (lr_vec2){(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2};
}

static const lr_layout_options opts480 = {LR_LANDSCAPE, 854, 480, 0, 0};

static void test_overlap_area(void)
{
    lr_scene *scene = lr_scene_create();
    lr_vec2 c = cell_center("C4");
    lr_mobject *a = square(scene, "a", c, 0.6f);
    lr_mobject *b = square(scene, "b", (lr_vec2){c.x + 0.3f, c.y}, 0.6f);
    lr_layout_item items[] = {{"a", a, LR_ROLE_CONTENT, false, NULL}, {"b", b, LR_ROLE_CONTENT, false, NULL}};
    lr_layout_report r = {0};
    LRT_CHECK_OK(lr_layout_report_compute(scene, items, 2, &opts480, &r, NULL));
    LRT_CHECK(r.nobjects == 2);
    LRT_CHECK(count_kind(&r, LR_PROBLEM_OVERLAP) == 1);
    const lr_layout_problem *p = find_kind(&r, LR_PROBLEM_OVERLAP);
    LRT_CHECK(p && p->item == 0 && p->other == 1 && !p->contained);
    if (p)
        LRT_CHECK_NEAR(p->amount, 0.3 * 0.6, 2e-3);
    LRT_CHECK(strcmp(r.objects[0].anchor_min, "C4") == 0 && strcmp(r.objects[0].anchor_max, "C4") == 0);
    LRT_CHECK(r.nproblems == 1); /* inside the grid, nothing else to say */

    /* A small square wholly inside a: an overlap that is containment. */
    lr_mobject *inner = square(scene, "inner", c, 0.2f);
    lr_layout_item three[] = {items[0], {"inner", inner, LR_ROLE_CONTENT, false, NULL}};
    LRT_CHECK_OK(lr_layout_report_compute(scene, three, 2, &opts480, &r, NULL));
    p = find_kind(&r, LR_PROBLEM_OVERLAP);
    LRT_CHECK(p && p->contained);
    if (p)
        LRT_CHECK_NEAR(p->amount, 0.04, 1e-3);

    /* Moved apart: no overlap. */
    lr_mobject_set_transform(b, lr_affine_translate(1.0f, 0));
    LRT_CHECK_OK(lr_layout_report_compute(scene, items, 2, &opts480, &r, NULL));
    LRT_CHECK(count_kind(&r, LR_PROBLEM_OVERLAP) == 0);

    char *json = lr_layout_report_to_json(&r);
    LRT_CHECK(json && strstr(json, "\"id\":\t\"a\"") && strstr(json, "\"anchors\""));
    free(json);
    lr_layout_report_free(&r);
    lr_scene_destroy(scene);
}

static void test_frame_grid_lecture_title(void)
{
    lr_scene *scene = lr_scene_create();
    lr_layout layout = lr_layout_get(LR_LANDSCAPE);
    /* Half a 1x1 square past the right edge of the frame. */
    lr_mobject *off = square(scene, "off", (lr_vec2){layout.frame_width / 2, 0}, 1.0f);
    /* A square on the lecture column's centre. */
    lr_vec2 lc = {(layout.lecture.x0 + layout.lecture.x1) / 2, (layout.lecture.y0 + layout.lecture.y1) / 2};
    lr_mobject *lec = square(scene, "on_lecture", lc, 0.5f);
    /* A title-role object in the title band is where it belongs... */
    lr_vec2 tc = {(layout.title.x0 + layout.title.x1) / 2, (layout.title.y0 + layout.title.y1) / 2};
    lr_mobject *title = square(scene, "title", tc, 0.3f);
    lr_layout_item items[] = {{"off", off, LR_ROLE_CONTENT, false, NULL},
                              {"on_lecture", lec, LR_ROLE_CONTENT, false, NULL},
                              {"title", title, LR_ROLE_TITLE, false, NULL}};
    lr_layout_report r = {0};
    LRT_CHECK_OK(lr_layout_report_compute(scene, items, 3, &opts480, &r, NULL));
    const lr_layout_problem *p = find_kind(&r, LR_PROBLEM_OFF_FRAME);
    LRT_CHECK(p && p->item == 0);
    /* 854x480 is a hair wider than 16:9: the frame's edge is at 4 * 854/480. */
    float frame_edge = 4.0f * 854.0f / 480.0f;
    if (p)
        LRT_CHECK_NEAR(p->amount, layout.frame_width / 2 + 0.5f - frame_edge, 1e-3);
    LRT_CHECK(count_kind(&r, LR_PROBLEM_OFF_FRAME) == 1);
    LRT_CHECK(count_kind(&r, LR_PROBLEM_OVER_LECTURE) == 1);
    LRT_CHECK(count_kind(&r, LR_PROBLEM_OVER_TITLE) == 0);
    /* off and on_lecture are both outside the grid; the title is not content. */
    LRT_CHECK(count_kind(&r, LR_PROBLEM_OUTSIDE_GRID) == 2);
    /* The pixel box of the off-frame square: its right half is beyond 854. */
    LRT_CHECK_NEAR(r.objects[0].pixels.x1, (layout.frame_width / 2 + 0.5f + frame_edge) * 60.0f, 0.5);
    LRT_CHECK_NEAR(r.objects[0].pixels.y0, 240 - 30, 0.5);

    /* ...but a content object there covers the title. */
    items[2].role = LR_ROLE_CONTENT;
    LRT_CHECK_OK(lr_layout_report_compute(scene, items, 3, &opts480, &r, NULL));
    LRT_CHECK(count_kind(&r, LR_PROBLEM_OVER_TITLE) == 1);

    /* Hidden objects are not reported. */
    lr_mobject_set_visible(off, false);
    lr_mobject_set_opacity(lec, 0.0f);
    LRT_CHECK_OK(lr_layout_report_compute(scene, items, 3, &opts480, &r, NULL));
    LRT_CHECK(r.nobjects == 1 && strcmp(r.objects[0].id, "title") == 0);
    lr_layout_report_free(&r);
    lr_scene_destroy(scene);
}

static void test_text_size(void)
{
    lr_scene *scene = lr_scene_create();
    lr_vec2 c = cell_center("D2");
    /* A "text" whose tallest glyph is 0.12 units: 7.2 px at 480p (under the
     * default 8), 16.2 px at 1080p. */
    lr_mobject *text = lr_mobject_create_group();
    lr_mobject_set_id(text, "small");
    for (int i = 0; i < 3; i++) {
        lr_path p = {0};
        lr_path_add_rect(&p, (lr_vec2){c.x + 0.12f * (float)i, c.y}, 0.1f, i == 1 ? 0.12f : 0.1f);
        lr_mobject_add_child(text, lr_mobject_create_path(&p, lr_style_default()));
        lr_path_free(&p);
    }
    lr_scene_add(scene, text);
    lr_layout_item items[] = {{"small", text, LR_ROLE_CONTENT, true, NULL}};
    lr_layout_report r = {0};
    LRT_CHECK_OK(lr_layout_report_compute(scene, items, 1, &opts480, &r, NULL));
    const lr_layout_problem *p = find_kind(&r, LR_PROBLEM_TEXT_TOO_SMALL);
    LRT_CHECK(p != NULL);
    if (p)
        LRT_CHECK_NEAR(p->amount, 0.12 * 60, 0.05);
    lr_layout_options hd = {LR_LANDSCAPE, 1920, 1080, 0, 0};
    LRT_CHECK_OK(lr_layout_report_compute(scene, items, 1, &hd, &r, NULL));
    LRT_CHECK(count_kind(&r, LR_PROBLEM_TEXT_TOO_SMALL) == 0);
    lr_layout_report_free(&r);
    lr_scene_destroy(scene);
}

static void test_bad_arguments(void)
{
    lr_layout_report r = {0};
    lr_layout_options bad = {LR_LANDSCAPE, 0, 480, 0, 0};
    lr_scene *scene = lr_scene_create();
    LRT_CHECK_STATUS(lr_layout_report_compute(scene, NULL, 0, &bad, &r, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_OK(lr_layout_report_compute(scene, NULL, 0, &opts480, &r, NULL));
    LRT_CHECK(r.nobjects == 0 && r.nproblems == 0);
    lr_layout_report_free(&r);
    lr_scene_destroy(scene);
}

int main(void)
{
    test_overlap_area();
    test_frame_grid_lecture_title();
    test_text_size();
    test_bad_arguments();
    return lrt_finish("layout_report");
}
