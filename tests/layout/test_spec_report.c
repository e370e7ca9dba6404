/* The layout report of a spec section at the end of its play steps. */
#include "lrtest.h"

#include <cjson/cJSON.h>
#include <librender/lr_layout.h>
#include <stdlib.h>
#include <string.h>

static const char spec_json[] =
    "{\"version\": 1, \"meta\": {\"title\": \"t\", \"quality\": \"l\"}, \"sections\": [{"
    "\"id\": \"s\", \"title\": \"Overlaps\", \"lecture_lines\": [\"one\", \"two\"],"
    "\"objects\": ["
    "  {\"id\": \"a\", \"type\": \"circle\", \"radius\": 0.8, \"at\": \"C3\"},"
    "  {\"id\": \"b\", \"type\": \"circle\", \"radius\": 0.8, \"at\": \"C4\"},"
    "  {\"id\": \"far\", \"type\": \"square\", \"side_length\": 1, \"position\": [-4, -3]}"
    "],"
    "\"timeline\": ["
    "  {\"play\": [{\"anim\": \"Create\", \"target\": \"a\"}], \"run_time\": 1, \"line\": 0},"
    "  {\"wait\": 0.5},"
    "  {\"play\": [{\"anim\": \"FadeIn\", \"target\": \"b\"}, {\"anim\": \"FadeIn\", \"target\": \"far\"}],"
    "   \"run_time\": 1, \"line\": 1}"
    "]}]}";

/* A diagram: a graph, its tangent and its area lie on their axes by design;
 * a square placed over the axes does not. */
static const char diagram_json[] =
    "{\"version\": 1, \"meta\": {\"title\": \"t\", \"quality\": \"l\"}, \"sections\": [{"
    "\"id\": \"d\", \"title\": \"Diagram\", \"lecture_lines\": [\"one\"],"
    "\"objects\": ["
    "  {\"id\": \"ax\", \"type\": \"axes\", \"x_range\": [-1, 3, 1], \"y_range\": [-1, 4, 1],"
    "   \"x_length\": 4, \"y_length\": 3.5, \"area\": [\"A1\", \"D3\"]},"
    "  {\"id\": \"curve\", \"type\": \"function_graph\", \"axes\": \"ax\", \"expr\": \"x^2/2\"},"
    "  {\"id\": \"tan\", \"type\": \"tangent_line\", \"graph\": \"curve\", \"x\": 1.5},"
    "  {\"id\": \"under\", \"type\": \"area_under_curve\", \"graph\": \"curve\", \"x_range\": [0, 2]},"
    "  {\"id\": \"box\", \"type\": \"square\", \"side_length\": 0.8, \"at\": \"B2\"}"
    "],"
    "\"timeline\": [{\"play\": [{\"anim\": \"FadeIn\", \"target\": \"ax\"}, {\"anim\": \"Create\", \"target\": \"curve\"},"
    "  {\"anim\": \"Create\", \"target\": \"tan\"}, {\"anim\": \"FadeIn\", \"target\": \"under\"},"
    "  {\"anim\": \"FadeIn\", \"target\": \"box\"}], \"run_time\": 1, \"line\": 0}]"
    "}]}";

static const lr_layout_problem *find(const lr_layout_report *r, lr_layout_problem_kind kind, const char *id)
{
    for (size_t i = 0; i < r->nproblems; i++)
        if (r->problems[i].kind == kind && strcmp(r->objects[r->problems[i].item].id, id) == 0)
            return &r->problems[i];
    return NULL;
}

int main(void)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    LRT_CHECK_OK(lr_spec_load_string(spec_json, "overlaps.json", NULL, &spec, errs));
    if (!spec) {
        fputs(lr_spec_errors_joined(errs), stderr);
        lr_spec_errors_destroy(errs);
        return lrt_finish("layout_spec_report");
    }
    lr_layout_options opt = {.pixel_width = 854, .pixel_height = 480};
    lr_layout_report r = {0};

    /* After play step 0 only "a" (and the title and first line) is on screen. */
    LRT_CHECK_OK(lr_spec_layout_report(spec, 0, 0, &opt, &r, NULL));
    bool has_a = false, has_b = false;
    for (size_t i = 0; i < r.nobjects; i++) {
        has_a |= strcmp(r.objects[i].id, "a") == 0;
        has_b |= strcmp(r.objects[i].id, "b") == 0;
    }
    LRT_CHECK(has_a && !has_b);
    LRT_CHECK(find(&r, LR_PROBLEM_OVERLAP, "a") == NULL);

    /* After play step 1, the circles one cell apart (radius 0.8) overlap, and the
     * square at (-4, -3) sits over the lecture column, outside the grid. */
    LRT_CHECK_OK(lr_spec_layout_report(spec, 0, 1, &opt, &r, NULL));
    const lr_layout_problem *p = find(&r, LR_PROBLEM_OVERLAP, "a");
    LRT_CHECK(p && strcmp(r.objects[p->other].id, "b") == 0 && !p->contained);
    if (p)
        LRT_CHECK_NEAR(p->amount, 0.6 * 1.6, 0.02); /* boxes: 1.6 wide each, 1 apart */
    LRT_CHECK(find(&r, LR_PROBLEM_OUTSIDE_GRID, "far") != NULL);
    LRT_CHECK(find(&r, LR_PROBLEM_OUTSIDE_GRID, "a") == NULL);
    /* The title and lecture lines are where they belong. */
    LRT_CHECK(find(&r, LR_PROBLEM_OUTSIDE_GRID, "title") == NULL);
    LRT_CHECK(find(&r, LR_PROBLEM_OVER_LECTURE, "line0") == NULL);
    LRT_CHECK(find(&r, LR_PROBLEM_TEXT_TOO_SMALL, "line0") == NULL);

    /* A step that does not exist. */
    LRT_CHECK_STATUS(lr_spec_layout_report(spec, 0, 2, &opt, &r, NULL), LR_ERR_INVALID_ARG);

    /* The JSON has the two play steps, at their end times, not the wait. */
    char *json = lr_spec_layout_report_json(spec, 0, &opt, NULL);
    LRT_CHECK(json != NULL);
    if (json) {
        cJSON *doc = cJSON_Parse(json);
        cJSON *steps = cJSON_GetObjectItem(doc, "steps");
        LRT_CHECK(cJSON_GetArraySize(steps) == 2);
        cJSON *s0 = cJSON_GetArrayItem(steps, 0), *s1 = cJSON_GetArrayItem(steps, 1);
        LRT_CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(s0, "play")) == 0);
        LRT_CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(s1, "play")) == 1);
        LRT_CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(s0, "time")), 1.0, 1e-9);
        LRT_CHECK_NEAR(cJSON_GetNumberValue(cJSON_GetObjectItem(s1, "time")), 2.5, 1e-9);
        cJSON_Delete(doc);
        LRT_CHECK(strstr(json, "\"other\":\t\"b\""));
        free(json);
    }
    lr_spec_destroy(spec);
    spec = NULL;

    LRT_CHECK_OK(lr_spec_load_string(diagram_json, "diagram.json", NULL, &spec, errs));
    if (spec) {
        LRT_CHECK(strcmp(lr_spec_section_object_attached(spec, 0, 2) ? lr_spec_section_object_attached(spec, 0, 2) : "", "ax") == 0);
        LRT_CHECK(lr_spec_section_object_attached(spec, 0, 0) == NULL);
        LRT_CHECK_OK(lr_spec_layout_report(spec, 0, 0, &opt, &r, NULL));
        size_t diagram_overlaps = 0, box_overlaps = 0;
        for (size_t i = 0; i < r.nproblems; i++) {
            if (r.problems[i].kind != LR_PROBLEM_OVERLAP)
                continue;
            const char *a = r.objects[r.problems[i].item].id, *b = r.objects[r.problems[i].other].id;
            if (strcmp(a, "box") == 0 || strcmp(b, "box") == 0)
                box_overlaps++;
            else
                diagram_overlaps++;
        }
        LRT_CHECK(diagram_overlaps == 0);
        LRT_CHECK(box_overlaps == 4); /* the square lies over the axes, the curve, the tangent and the area */
    }
    lr_layout_report_free(&r);
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
    return lrt_finish("layout_spec_report");
}
