/* Loading: the example specs, malformed JSON with line:column, asset paths
 * that try to escape, files that cannot be read, and mutated documents that
 * must fail cleanly (ASan / UBSan / LeakSanitizer watch in the sanitizer
 * build). */
#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

static lr_spec *load_example(const char *rel)
{
    char path[1024];
    lrt_source_path(path, sizeof path, rel);
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = lr_spec_load_file(path, &spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s: %s\n%s", rel, lr_strerror(s), lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    return spec;
}

static const char *first_error(const char *json, lr_spec_errors *errs)
{
    lr_spec *spec = NULL;
    lr_spec_errors_clear(errs);
    lr_status s = lr_spec_load_string(json, "scene.json", "/assets", &spec, errs);
    LRT_CHECK(s != LR_OK && spec == NULL);
    lr_spec_destroy(spec);
    return lr_spec_errors_count(errs) ? lr_spec_errors_message(errs, 0) : "";
}

#define CHECK_FIRST(json, expected)                                                                          \
    do {                                                                                                     \
        const char *m_ = first_error(json, errs);                                                            \
        LRT_CHECK_MSG(strcmp(m_, expected) == 0, "\n  got      %s\n  expected %s", m_, expected);             \
    } while (0)

int main(void)
{
    /* the example specs */
    lr_spec *spec = load_example("examples/pythagorean.json");
    if (spec) {
        lr_spec_meta m = lr_spec_get_meta(spec);
        LRT_CHECK(m.width == 1280 && m.height == 720 && m.fps == 30 && m.orientation == LR_LANDSCAPE);
        LRT_CHECK(strcmp(m.title, "The Pythagorean theorem") == 0);
        LRT_CHECK_NEAR(m.background.r, 0x1c / 255.0, 1e-6);
        LRT_CHECK(lr_spec_section_count(spec) == 5);
        static const char *const ids[] = {"right_triangle", "squares", "equation", "growth", "distance"};
        static const double durations[] = {10.5, 10.5, 11.0, 11.0, 12.5};
        for (size_t i = 0; i < 5; i++) {
            LRT_CHECK(strcmp(lr_spec_section_id(spec, i), ids[i]) == 0);
            LRT_CHECK_NEAR(lr_spec_section_duration(spec, i), durations[i], 1e-12);
            LRT_CHECK(lr_spec_section_line_count(spec, i) == 3);
            LRT_CHECK(lr_spec_section_narration(spec, i, 0) != NULL);
        }
        LRT_CHECK_NEAR(lr_spec_duration(spec), 55.5, 1e-12);
        LRT_CHECK(strcmp(lr_spec_section_title(spec, 2), "3. The equation") == 0);
        LRT_CHECK(lr_spec_section_id(spec, 5) == NULL);
        const char *dir = lr_spec_asset_dir(spec);
        LRT_CHECK(dir && strlen(dir) >= 8 && strcmp(dir + strlen(dir) - 8, "examples") == 0);
        lr_spec_destroy(spec);
    }
    spec = load_example("examples/portrait_circle.json");
    if (spec) {
        lr_spec_meta m = lr_spec_get_meta(spec);
        LRT_CHECK(m.width == 480 && m.height == 854 && m.fps == 15 && m.orientation == LR_PORTRAIT);
        LRT_CHECK_NEAR(lr_spec_duration(spec), 8.0, 1e-12);
        LRT_CHECK(strcmp(lr_spec_section_line(spec, 0, 2), "Width πr, height r: area πr²") == 0);
        lr_spec_destroy(spec);
    }
    spec = load_example("examples/spec_minimal.json");
    if (spec) {
        LRT_CHECK_NEAR(lr_spec_duration(spec), 4.5, 1e-12);
        lr_spec_destroy(spec);
    }

    lr_spec_errors *errs = lr_spec_errors_create();
    /* malformed JSON: line and column of where parsing stopped */
    CHECK_FIRST("{\n  \"version\": 1,\n  \"sections\": [\n    {\"id\": \"a\",, }\n  ]\n}",
                "scene.json: 4:16: malformed JSON near \", }\"");
    CHECK_FIRST("{\"version\": 1, \"sections\": [", "scene.json: 1:29: malformed JSON: the text ends too early (a "
                                                   "missing \"}\", \"]\" or \"\"\"?)");
    CHECK_FIRST("", "scene.json: 1:1: malformed JSON: the text ends too early (a missing \"}\", \"]\" or \"\"\"?)");
    CHECK_FIRST("{'version': 1}", "scene.json: 1:3: malformed JSON near \"version': 1}\"");
    CHECK_FIRST("{\"version\": 1}\n  xyz", "scene.json: 2:3: malformed JSON near \"xyz\"");
    CHECK_FIRST("{\"version\": 1,\n \"sections\": [1 2]}", "scene.json: 2:17: malformed JSON near \"2]}\"");

    /* nesting: JSON deeper than cJSON's limit, groups deeper than ours */
    {
        char *deep = malloc(4003);
        memset(deep, '[', 2000);
        memset(deep + 2000, ']', 2000);
        deep[4000] = 0;
        lr_spec_errors_clear(errs);
        LRT_CHECK_STATUS(lr_spec_load_string(deep, "deep.json", NULL, &spec, errs), LR_ERR_SPEC);
        LRT_CHECK(lr_spec_errors_count(errs) == 1 && strstr(lr_spec_errors_message(errs, 0), "malformed JSON"));
        free(deep);
        char groups[2048];
        size_t at = (size_t)snprintf(groups, sizeof groups, "{\"version\": 1, \"sections\": [{\"id\": \"a\", "
                                                             "\"title\": \"A\", \"objects\": [");
        for (int i = 0; i < 10; i++)
            at += (size_t)snprintf(groups + at, sizeof groups - at, "{\"id\": \"g%d\", \"type\": \"group\", "
                                                                    "\"children\": [", i);
        at += (size_t)snprintf(groups + at, sizeof groups - at, "{\"id\": \"c\", \"type\": \"circle\"}");
        for (int i = 0; i < 10; i++)
            at += (size_t)snprintf(groups + at, sizeof groups - at, "]}");
        snprintf(groups + at, sizeof groups - at, "], \"timeline\": [{\"wait\": 1}]}]}");
        lr_spec_errors_clear(errs);
        LRT_CHECK_STATUS(lr_spec_load_string(groups, "groups.json", NULL, &spec, errs), LR_ERR_SPEC);
        LRT_CHECK_MSG(lr_spec_errors_count(errs) == 1 &&
                          strstr(lr_spec_errors_message(errs, 0), ": groups nested more than 8 deep") != NULL,
                      "%s", lr_spec_errors_joined(errs));
    }

    /* asset paths stay inside the asset folder */
    const char *fmt = "{\"version\": 1, \"sections\": [{\"id\": \"a\", \"title\": \"A\", \"objects\": [{\"id\": "
                      "\"pic\", \"type\": \"%s\", \"file\": \"%s\"}], \"timeline\": [{\"wait\": 1}]}]}";
    char json[512];
    snprintf(json, sizeof json, fmt, "svg", "../secret.svg");
    CHECK_FIRST(json, "scene.json: sections[0].objects[0].file: refused path \"../secret.svg\": \"..\" is not "
                      "allowed: assets must stay inside the asset folder");
    snprintf(json, sizeof json, fmt, "image", "img/../../x.png");
    CHECK_FIRST(json, "scene.json: sections[0].objects[0].file: refused path \"img/../../x.png\": \"..\" is not "
                      "allowed: assets must stay inside the asset folder");
    snprintf(json, sizeof json, fmt, "image", "/etc/passwd");
    CHECK_FIRST(json, "scene.json: sections[0].objects[0].file: refused path \"/etc/passwd\": absolute paths are "
                      "not allowed; give a path relative to the asset folder");
    snprintf(json, sizeof json, fmt, "svg", "~/x.svg");
    CHECK_FIRST(json, "scene.json: sections[0].objects[0].file: refused path \"~/x.svg\": absolute paths are not "
                      "allowed; give a path relative to the asset folder");
    snprintf(json, sizeof json, fmt, "svg", "icons/ok..svg");
    lr_spec_errors_clear(errs);
    LRT_CHECK_OK(lr_spec_load_string(json, "scene.json", "/assets", &spec, errs));
    LRT_CHECK(spec && strcmp(lr_spec_asset_dir(spec), "/assets") == 0);
    lr_spec_destroy(spec);

    /* files */
    lr_spec_errors_clear(errs);
    LRT_CHECK_STATUS(lr_spec_load_file("/nonexistent/dir/scene.json", &spec, errs), LR_ERR_IO);
    LRT_CHECK(spec == NULL);
    LRT_CHECK(strcmp(lr_spec_errors_message(errs, 0),
                     "scene.json: cannot open /nonexistent/dir/scene.json: No such file or directory") == 0);
    LRT_CHECK_STATUS(lr_spec_load_string(NULL, "x", NULL, &spec, NULL), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_spec_load_string("{}", "x", NULL, NULL, NULL), LR_ERR_INVALID_ARG);
    /* no error list: status only */
    LRT_CHECK_STATUS(lr_spec_load_string("{\"version\": 1}", "x", NULL, &spec, NULL), LR_ERR_SPEC);

    /* the error list keeps LR_SPEC_MAX_ERRORS and counts the rest */
    {
        size_t cap = 64 + 300 * 40;
        char *big = malloc(cap);
        size_t at = (size_t)snprintf(big, cap, "{\"version\": 1, \"sections\": [{\"id\": \"a\", \"title\": \"A\", "
                                                "\"timeline\": [");
        for (int i = 0; i < 300; i++)
            at += (size_t)snprintf(big + at, cap - at, "%s{\"wait\": -1}", i ? "," : "");
        snprintf(big + at, cap - at, "]}]}");
        lr_spec_errors_clear(errs);
        LRT_CHECK_STATUS(lr_spec_load_string(big, "big.json", NULL, &spec, errs), LR_ERR_SPEC);
        LRT_CHECK(lr_spec_errors_count(errs) == 301);
        LRT_CHECK(lr_spec_errors_message(errs, 100) == NULL);
        LRT_CHECK(strstr(lr_spec_errors_joined(errs), "(201 more errors not shown)\n") != NULL);
        free(big);
    }

    /* mutations of a real spec: every one must load or fail cleanly */
    char path[1024];
    size_t len = 0;
    char *text = lrt_read_file(lrt_source_path(path, sizeof path, "examples/pythagorean.json"), &len);
    LRT_CHECK(text != NULL);
    if (text) {
        char *copy = malloc(len + 1);
        static const char junk[] = "{}[]\",:0-1.5e9truefalsenull \\xA1G7";
        srand(2024);
        int ok = 0, failed = 0;
        for (int i = 0; i < 1500; i++) {
            memcpy(copy, text, len + 1);
            int edits = 1 + rand() % 4;
            for (int k = 0; k < edits; k++) {
                size_t pos = (size_t)rand() % len;
                copy[pos] = junk[rand() % (int)(sizeof junk - 1)];
            }
            lr_spec_errors_clear(errs);
            lr_spec *s2 = NULL;
            if (lr_spec_load_string(copy, "mut.json", NULL, &s2, errs) == LR_OK) {
                ok++;
                LRT_CHECK(lr_spec_errors_count(errs) == 0);
            } else {
                failed++;
                if (lr_spec_errors_count(errs) == 0)
                    LRT_CHECK_MSG(0, "mutation %d failed without a message", i);
            }
            lr_spec_destroy(s2);
        }
        LRT_CHECK(failed > 0);
        printf("mutations: %d loaded, %d refused\n", ok, failed);
        free(copy);
        free(text);
    }
    lr_spec_errors_destroy(errs);
    return lrt_finish("spec_load");
}
