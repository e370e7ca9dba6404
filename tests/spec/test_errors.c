/* One case per class of validation error, each checking the exact message:
 * the messages are read by people and by an LLM repairing its own spec, so
 * their wording is part of the contract. */
#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

/* JSON written with ' for " to keep the cases readable. */
static char *dq(const char *s)
{
    char *d = malloc(strlen(s) + 1);
    size_t i = 0;
    for (; s[i]; i++)
        d[i] = s[i] == '\'' ? '"' : s[i];
    d[i] = 0;
    return d;
}

/* A valid document with OBJECTS and TIMELINE spliced into its only section. */
static char *doc(const char *objects, const char *timeline)
{
    const char *fmt = "{'version': 1, 'meta': {'title': 'T'}, 'sections': [{'id': 's1', 'title': 'Intro', "
                      "'lecture_lines': ['one', {'text': 'two', 'narration': 'Two.'}], "
                      "'objects': [%s], 'timeline': [%s]}]}";
    size_t n = strlen(fmt) + strlen(objects) + strlen(timeline) + 1;
    char *tmp = malloc(n);
    snprintf(tmp, n, fmt, objects, timeline);
    char *d = dq(tmp);
    free(tmp);
    return d;
}

/* Loads `json` and checks that it fails with exactly the `n` messages given
 * (in order). */
static void expect_errors(const char *json, int line, size_t n, const char *const *messages)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = (lr_spec *)1;
    lr_status s = lr_spec_load_string(json, "scene.json", NULL, &spec, errs);
    LRT_CHECK_MSG(s == LR_ERR_SPEC && spec == NULL, "line %d: status %s", line, lr_strerror(s));
    size_t count = lr_spec_errors_count(errs);
    LRT_CHECK_MSG(count == n, "line %d: %zu errors, expected %zu:\n%s", line, count, n, lr_spec_errors_joined(errs));
    for (size_t i = 0; i < n && i < count; i++) {
        const char *m = lr_spec_errors_message(errs, i);
        LRT_CHECK_MSG(strcmp(m, messages[i]) == 0, "line %d:\n  got      %s\n  expected %s", line, m, messages[i]);
    }
    lr_spec_errors_destroy(errs);
}

#define EXPECT(json, ...)                                                                                    \
    do {                                                                                                     \
        static const char *const msgs_[] = {__VA_ARGS__};                                                    \
        char *j_ = (json);                                                                                   \
        expect_errors(j_, __LINE__, sizeof msgs_ / sizeof msgs_[0], msgs_);                                  \
        free(j_);                                                                                            \
    } while (0)

static const char *circ = "{'id': 'circ1', 'type': 'circle', 'radius': 1, 'at': 'B3'}";
static const char *eq = "{'id': 'title_eq', 'type': 'tex', 'tex': 'a^2+b^2=c^2', 'at': 'A2'}";

int main(void)
{
    char objs[512];
    snprintf(objs, sizeof objs, "%s, %s", circ, eq);

    /* the base document is valid */
    {
        char *j = doc(objs, "{'play': [{'anim': 'Create', 'target': 'circ1'}]}, {'wait': 1.5}");
        lr_spec_errors *errs = lr_spec_errors_create();
        lr_spec *spec = NULL;
        LRT_CHECK_OK(lr_spec_load_string(j, "scene.json", NULL, &spec, errs));
        LRT_CHECK_MSG(lr_spec_errors_count(errs) == 0, "%s", lr_spec_errors_joined(errs));
        LRT_CHECK_NEAR(lr_spec_section_duration(spec, 0), 2.5, 0);
        LRT_CHECK(lr_spec_section_line_count(spec, 0) == 2);
        LRT_CHECK(strcmp(lr_spec_section_narration(spec, 0, 1), "Two.") == 0);
        LRT_CHECK(lr_spec_section_narration(spec, 0, 0) == NULL);
        lr_spec_destroy(spec);
        lr_spec_errors_destroy(errs);
        free(j);
    }

    /* target that does not exist (the example of the issue) */
    EXPECT(doc(objs, "{'play': [{'anim': 'Create', 'target': 'circ2'}]}"),
           "scene.json: sections[0].timeline[0].play[0].target: no object \"circ2\" (did you mean \"circ1\"? "
           "objects in this section: circ1, title_eq)");
    EXPECT(doc(objs, "{'play': [{'anim': 'Create', 'target': 'zzz'}]}"),
           "scene.json: sections[0].timeline[0].play[0].target: no object \"zzz\" (objects in this section: circ1, "
           "title_eq)");
    /* target not on screen at that step */
    EXPECT(doc(objs, "{'play': [{'anim': 'Indicate', 'target': 'circ1'}]}"),
           "scene.json: sections[0].timeline[0].play[0].target: object \"circ1\" is not on screen at this step "
           "(bring it in first with \"add\" or Create, Write, FadeIn, ...)");
    EXPECT(doc(objs, "{'play': [{'anim': 'FadeIn', 'target': 'circ1'}]}, {'play': [{'anim': 'FadeOut', 'target': "
                     "'circ1'}]}, {'remove': ['circ1']}"),
           "scene.json: sections[0].timeline[2].remove[0]: object \"circ1\" is not on screen at this step (bring it "
           "in first with \"add\" or Create, Write, FadeIn, ...)");
    /* already on screen */
    EXPECT(doc(objs, "{'add': ['circ1']}, {'play': [{'anim': 'Write', 'target': 'circ1'}]}"),
           "scene.json: sections[0].timeline[1].play[0].target: object \"circ1\" is already on screen; Write brings "
           "in an object that is not");
    /* replacement target already on screen */
    EXPECT(doc(objs, "{'add': ['circ1', 'title_eq']}, {'play': [{'anim': 'ReplacementTransform', 'target': 'circ1', "
                     "'to': 'title_eq'}]}"),
           "scene.json: sections[0].timeline[1].play[0].to: object \"title_eq\" is already on screen; "
           "ReplacementTransform brings it in in place of the target");
    /* unknown animation, with and without a suggestion */
    EXPECT(doc(objs, "{'play': [{'anim': 'Fadein', 'target': 'circ1'}]}"),
           "scene.json: sections[0].timeline[0].play[0].anim: unknown animation \"Fadein\" (did you mean \"FadeIn\"?)");
    EXPECT(doc(objs, "{'play': [{'anim': 'Explode', 'target': 'circ1'}]}"),
           "scene.json: sections[0].timeline[0].play[0].anim: unknown animation \"Explode\" (expected one of: Create, "
           "Uncreate, Write, DrawBorderThenFill, FadeIn, FadeOut, GrowFromCenter, GrowFromPoint, GrowArrow, "
           "SpinInFromNothing, Transform, ReplacementTransform, TransformMatchingShapes, MoveTo, Shift, Scale, "
           "Rotate, ChangeColor, Indicate, Circumscribe, Flash, FocusOn, Wiggle, MoveAlongPath, ChangeDecimalToValue, "
           "MoveCamera, AnimationGroup, Succession, LaggedStart)");
    /* unknown object type */
    EXPECT(doc("{'id': 'c', 'type': 'cirle'}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].type: unknown object type \"cirle\" (did you mean \"circle\"?)");
    /* unknown field with a suggestion */
    EXPECT(doc("{'id': 'c', 'type': 'circle', 'radus': 2}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].radus: unknown field \"radus\" in a circle (did you mean \"radius\"?)");
    EXPECT(doc(objs, "{'play': [{'anim': 'Create', 'target': 'circ1'}], 'runtime': 2}"),
           "scene.json: sections[0].timeline[0].runtime: unknown field \"runtime\" in a play step (did you mean "
           "\"run_time\"?)");
    /* missing field */
    EXPECT(doc("{'id': 'l', 'type': 'line', 'start': [0, 0]}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0]: missing field \"end\" (required in a line)");
    /* bad colour */
    EXPECT(doc("{'id': 'c', 'type': 'circle', 'color': 'blu'}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].color: unknown colour \"blu\" (expected a name such as \"BLUE\", "
           "\"YELLOW_C\", or \"#rrggbb\")");
    /* anchor outside A1-F6 */
    EXPECT(doc("{'id': 'c', 'type': 'circle', 'at': 'G7'}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].at: \"G7\" is not an anchor (expected A1..F6: rows A-F top to bottom, "
           "columns 1-6 left to right)");
    EXPECT(doc("{'id': 'c', 'type': 'circle', 'area': ['A1', 'C9']}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].area[1]: \"C9\" is not an anchor (expected A1..F6: rows A-F top to "
           "bottom, columns 1-6 left to right)");
    /* run times */
    EXPECT(doc(objs, "{'play': [{'anim': 'Create', 'target': 'circ1'}], 'run_time': -1}"),
           "scene.json: sections[0].timeline[0].run_time: expected a duration > 0 s, found -1");
    EXPECT(doc(objs, "{'play': [{'anim': 'Create', 'target': 'circ1'}], 'run_time': 75}"),
           "scene.json: sections[0].timeline[0].run_time: 75 s is longer than the 60 s an animation may last");
    EXPECT(doc(objs, "{'wait': 0}"), "scene.json: sections[0].timeline[0].wait: expected a duration > 0 s, found 0",
           "scene.json: sections[0].timeline: the section lasts 0 s; add a play or wait step");
    {
        char tl[4096] = {0};
        for (int i = 0; i < 11; i++)
            strcat(tl, i ? ", {'wait': 60}" : "{'wait': 60}");
        EXPECT(doc(objs, tl), "scene.json: sections[0].timeline: the section lasts 660 s, more than the limit of 600 s");
    }
    /* duplicate ids */
    EXPECT(doc("{'id': 'c', 'type': 'circle'}, {'id': 'c', 'type': 'square'}", "{'wait': 1}"),
           "scene.json: sections[0].objects[1].id: duplicate id \"c\"");
    EXPECT(doc("{'id': 'title', 'type': 'circle'}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].id: the id \"title\" is reserved for the section title");
    /* wrong types */
    EXPECT(doc("{'id': 'c', 'type': 'circle', 'radius': '2'}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].radius: expected a number, found the string \"2\" (expressions are new "
           "in version 2 of the spec: write \"version\": 2 to use them)");
    EXPECT(doc("{'id': 'c', 'type': 'circle', 'radius': -2}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].radius: expected a number > 0, found -2");
    EXPECT(doc("{'id': 'c', 'type': 'circle', 'position': [1]}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0].position: expected a point [x, y] of two numbers, found an array of "
           "1 items");
    EXPECT(doc("{'id': 'c', 'type': 'circle', 'at': 'A1', 'position': [0, 0]}", "{'wait': 1}"),
           "scene.json: sections[0].objects[0]: give only one of \"at\", \"area\", \"position\" and \"next_to\"");
    EXPECT(doc("{'id': 'e', 'type': 'tex', 'tex': 'a^2+b^2', 'tex_to_color_map': {'a^2': 'BLUE', 'c^2': 'RED'}}",
               "{'wait': 1}"),
           "scene.json: sections[0].objects[0].tex_to_color_map.c^2: \"c^2\" does not occur in the tex \"a^2+b^2\"");
    /* references between objects */
    EXPECT(doc("{'id': 'g', 'type': 'function_graph', 'axes': 'ax', 'expr': 'x^2'}, {'id': 'ax', 'type': 'axes', "
               "'x_range': [-3, 3], 'y_range': [0, 9]}",
               "{'wait': 1}"),
           "scene.json: sections[0].objects[0].axes: object \"ax\" is declared after this one; declare it first (objects may only refer to earlier ones)");
    EXPECT(doc("{'id': 'c', 'type': 'circle'}, {'id': 'g', 'type': 'function_graph', 'axes': 'c', 'expr': 'x^2'}",
               "{'wait': 1}"),
           "scene.json: sections[0].objects[1].axes: \"c\" is a circle, expected one of: axes|number_plane|complex_plane");
    EXPECT(doc("{'id': 'ax', 'type': 'axes', 'x_range': [3, -3], 'y_range': [0, 9]}, {'id': 'g', 'type': "
               "'function_graph', 'axes': 'ax', 'expr': 'x^^2', 'at': 'A1'}",
               "{'wait': 1}"),
           "scene.json: sections[0].objects[0].x_range: expected min < max, found [3, -3]",
           "scene.json: sections[0].objects[1].expr: bad expression \"x^^2\": column 3: unexpected \"^\", expected a "
           "number, a name or \"(\"",
           "scene.json: sections[0].objects[1].at: a function_graph is placed by what it belongs to; \"at\" is not "
           "allowed");
    EXPECT(doc("{'id': 'p', 'type': 'parametric_curve', 'x': 'cos(t)', 'y': 'sin(x)', 't_range': [0, 6.3]}",
               "{'wait': 1}"),
           "scene.json: sections[0].objects[0].y: the expression \"sin(x)\" uses x; expected an expression in t");
    /* groups */
    EXPECT(doc("{'id': 'a', 'type': 'circle'}, {'id': 'g', 'type': 'group', 'children': ['a', {'id': 'b', 'type': "
               "'square'}]}, {'id': 'h', 'type': 'group', 'children': ['a']}",
               "{'play': [{'anim': 'FadeIn', 'target': 'b'}]}"),
           "scene.json: sections[0].objects[2].children[0]: \"a\" is already in the group \"g\"",
           "scene.json: sections[0].timeline[0].play[0].target: object \"b\" is part of the group \"g\", which is not "
           "on screen; bring in the group");
    /* lecture lines and steps */
    EXPECT(doc(objs, "{'highlight_line': 2}"),
           "scene.json: sections[0].timeline[0].highlight_line: there is no lecture line 2: the section has 2 (indices "
           "0..1)",
           "scene.json: sections[0].timeline: the section lasts 0 s; add a play or wait step");
    EXPECT(doc(objs, "{'wait': 1, 'add': ['circ1']}"),
           "scene.json: sections[0].timeline[0]: expected exactly one of \"play\", \"wait\", \"highlight_line\", "
           "\"add\", \"remove\", \"ambient_rotation\", found 2",
           "scene.json: sections[0].timeline: the section lasts 0 s; add a play or wait step");
    EXPECT(doc(objs, "{'pley': []}"),
           "scene.json: sections[0].timeline[0].pley: unknown field \"pley\" in a step (did you mean \"play\"?)",
           "scene.json: sections[0].timeline: the section lasts 0 s; add a play or wait step");
    EXPECT(doc(objs, "{'play': [{'anim': 'Create', 'target': 'circ1', 'rate_func': 'smoth'}]}"),
           "scene.json: sections[0].timeline[0].play[0].rate_func: unknown rate function \"smoth\" (did you mean "
           "\"smooth\"?)");
    /* Manim habits */
    EXPECT(doc(objs, "{'play': [{'anim': 'Create', 'target': 'circ1', 'run_time': 2}]}"),
           "scene.json: sections[0].timeline[0].play[0].run_time: the field \"run_time\" of Create is new in version 2 "
           "of the spec; this document says \"version\": 1 (write \"version\": 2)");
    EXPECT(doc(objs, "{'play': [{'type': 'Create', 'target': 'circ1'}]}"),
           "scene.json: sections[0].timeline[0].play[0]: missing field \"anim\" (found \"type\": \"Create\"; write "
           "\"anim\": \"Create\")");
    EXPECT(doc(objs, "{'play': [{'anim': 'FadeIn', 'target': 'circ1'}], 'line': 'one'}"),
           "scene.json: sections[0].timeline[0].line: expected a lecture line index (a whole number from 0), found the "
           "string \"one\"");
    /* limits count characters, not bytes: 150 CJK characters (450 bytes)
     * fit a lecture line, 201 do not */
    {
        char line[1024] = "";
        for (int i = 0; i < 150; i++)
            strcat(line, "\xe5\x9c\x86"); /* 圆 */
        char json[2048];
        snprintf(json, sizeof json,
                 "{\"version\": 1, \"sections\": [{\"id\": \"a\", \"title\": \"A\", \"lecture_lines\": [\"%s\"], "
                 "\"timeline\": [{\"wait\": 1}]}]}",
                 line);
        lr_spec *spec = NULL;
        LRT_CHECK_OK(lr_spec_load_string(json, "scene.json", NULL, &spec, NULL));
        lr_spec_destroy(spec);
        for (int i = 150; i < 201; i++)
            strcat(line, "\xe5\x9c\x86");
        snprintf(json, sizeof json,
                 "{\"version\": 1, \"sections\": [{\"id\": \"a\", \"title\": \"A\", \"lecture_lines\": [\"%s\"], "
                 "\"timeline\": [{\"wait\": 1}]}]}",
                 line);
        EXPECT(strdup(json), "scene.json: sections[0].lecture_lines[0]: the string has 201 characters, more than the "
                             "limit of 200");
    }
    /* "" keeps a lecture line silent (docs/audio.md) */
    {
        char *j = dq("{'version': 1, 'sections': [{'id': 'a', 'title': 'A', 'lecture_lines': [{'text': 'x', "
                     "'narration': ''}], 'timeline': [{'wait': 1}]}]}");
        lr_spec *spec = NULL;
        LRT_CHECK_OK(lr_spec_load_string(j, "scene.json", NULL, &spec, NULL));
        LRT_CHECK(spec && strcmp(lr_spec_section_narration(spec, 0, 0), "") == 0);
        lr_spec_destroy(spec);
        free(j);
    }
    /* document level */
    EXPECT(dq("{'version': 3, 'sections': []}"), "scene.json: version: expected a version of the spec, 1 to 2, found the number 3",
           "scene.json: sections: expected a non-empty array of sections, found an array of 0 items");
    EXPECT(dq("[1, 2]"), "scene.json: expected a JSON object {\"version\": 1, \"meta\": ..., \"sections\": [...]}, "
                         "found an array of 2 items");
    EXPECT(dq("{'version': 1, 'meta': {'orientation': 'square', 'qualty': 'h'}, 'sections': [{'id': 'a', 'title': "
              "'A', 'timeline': [{'wait': 1}]}]}"),
           "scene.json: meta.orientation: unknown orientation \"square\" (expected one of: landscape, portrait)",
           "scene.json: meta.qualty: unknown field \"qualty\" in meta (did you mean \"quality\"?)");
    EXPECT(dq("{'version': 1, 'meta': {'width': 1001, 'height': 700}, 'sections': [{'id': 'a', 'title': "
              "'A', 'timeline': [{'wait': 1}]}, {'id': 'a', 'title': 'B', 'timeline': [{'wait': 1}]}]}"),
           "scene.json: meta: width and height must be even (video encoders need it), found 1001x700",
           "scene.json: sections[1].id: duplicate section id \"a\" (also sections[0])");
    /* all errors are reported together */
    {
        char *j = doc("{'id': 'c', 'type': 'circle', 'radius': 'x', 'color': 'nope', 'at': 'Z9', 'foo': 1}",
                      "{'play': [{'anim': 'Nope', 'target': 'c'}]}, {'wait': -1}, {'remove': ['q']}");
        lr_spec_errors *errs = lr_spec_errors_create();
        lr_spec *spec = NULL;
        LRT_CHECK_STATUS(lr_spec_load_string(j, "scene.json", NULL, &spec, errs), LR_ERR_SPEC);
        LRT_CHECK_MSG(lr_spec_errors_count(errs) == 7, "%s", lr_spec_errors_joined(errs));
        LRT_CHECK(strcmp(lr_spec_errors_path(errs, 0), "sections[0].objects[0].radius") == 0);
        const char *joined = lr_spec_errors_joined(errs);
        size_t lines = 0;
        for (const char *p = joined; *p; p++)
            lines += *p == '\n';
        LRT_CHECK(lines == 7);
        lr_spec_errors_destroy(errs);
        free(j);
    }
    return lrt_finish("spec_errors");
}
