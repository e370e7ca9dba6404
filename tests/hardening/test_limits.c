/* Resource limits (docs/hardening.md): inputs far past what a lesson needs
 * -- a million objects, a 10,000-point path, a 10-hour video, a
 * 100k-character formula, a 50 MB SVG -- are refused with a message naming
 * the file, the JSON path and the limit, or handled within a stated bound.
 * The ctest TIMEOUT turns a hang into a failure; the sanitizer build turns
 * a wild allocation into one. */
#include "lrtest.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct sbuf {
    char *data;
    size_t len, cap;
} sbuf;

static void sb_addf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            abort();
        b->data = d;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static const char *head = "{\"version\":1,\"meta\":{\"title\":\"limits\",\"quality\":\"l\"},\"sections\":[";
static const char *section_open = "{\"id\":\"s%d\",\"title\":\"t\",\"lecture_lines\":[\"a\"],\"objects\":[";

/* Loads `json`; returns the status and leaves the messages in `errs`. */
static lr_status load(const char *json, lr_spec_errors *errs)
{
    lr_spec *spec = NULL;
    lr_spec_errors_clear(errs);
    lr_status s = lr_spec_load_string(json, "limits.json", ".", &spec, errs);
    LRT_CHECK(s == LR_OK || spec == NULL);
    lr_spec_destroy(spec);
    return s;
}

/* Whether an error's JSON path starts with `path` and its message holds
 * `needle`. */
static bool has_error(const lr_spec_errors *errs, const char *path, const char *needle)
{
    for (size_t i = 0; i < lr_spec_errors_count(errs); i++)
        if (strncmp(lr_spec_errors_path(errs, i), path, strlen(path)) == 0 &&
            strstr(lr_spec_errors_message(errs, i), needle))
            return true;
    return false;
}

static void test_million_objects(lr_spec_errors *errs)
{
    /* A million objects is ~30 MB of JSON: refused before parsing, from a
     * string and from a file (whose name the message gives). */
    sbuf b = {0};
    sb_addf(&b, "%s", head);
    sb_addf(&b, section_open, 0);
    for (int i = 0; i < 1000000; i++)
        sb_addf(&b, "%s{\"id\":\"o%d\",\"type\":\"dot\"}", i ? "," : "", i);
    sb_addf(&b, "],\"timeline\":[{\"wait\":1}]}]}");
    LRT_CHECK_STATUS(load(b.data, errs), LR_ERR_LIMIT);
    LRT_CHECK_MSG(lr_spec_errors_count(errs) == 1 &&
                      strcmp(lr_spec_errors_message(errs, 0), "limits.json: the spec is larger than 4194304 bytes") == 0,
                  "%s", lr_spec_errors_joined(errs));
    FILE *f = fopen("million.json", "wb");
    LRT_CHECK(f && fwrite(b.data, 1, b.len, f) == b.len);
    if (f)
        fclose(f);
    lr_spec *spec = NULL;
    lr_spec_errors_clear(errs);
    LRT_CHECK_STATUS(lr_spec_load_file("million.json", &spec, errs), LR_ERR_LIMIT);
    LRT_CHECK(spec == NULL);
    LRT_CHECK_MSG(strstr(lr_spec_errors_joined(errs), "million.json: the spec is larger than 4194304 bytes"), "%s",
                  lr_spec_errors_joined(errs));
    remove("million.json");

    /* As many objects as fit in 4 MB (~120,000): parsed, then refused at
     * the section's 200-object limit, with the JSON path. */
    b.len = 0;
    sb_addf(&b, "%s", head);
    sb_addf(&b, section_open, 0);
    for (int i = 0; i < 120000; i++)
        sb_addf(&b, "%s{\"id\":\"o%d\",\"type\":\"dot\"}", i ? "," : "", i);
    sb_addf(&b, "],\"timeline\":[{\"wait\":1}]}]}");
    LRT_CHECK_MSG(b.len < (4u << 20), "%zu bytes", b.len);
    LRT_CHECK_STATUS(load(b.data, errs), LR_ERR_SPEC);
    LRT_CHECK_MSG(has_error(errs, "sections[0].objects[", "more than 200 objects in one section"), "%s",
                  lr_spec_errors_joined(errs));
    free(b.data);
}

/* 200 objects are the limit whatever the lecture lines: the title and the
 * lines take registry slots of their own, which once let a section without
 * lines hold 206. */
static void test_object_limit(lr_spec_errors *errs)
{
    for (int lines = 0; lines <= 6; lines += 6)
        for (int n = 200; n <= 201; n++) {
            sbuf b = {0};
            sb_addf(&b, "%s{\"id\":\"s\",\"title\":\"t\",\"lecture_lines\":[", head);
            for (int i = 0; i < lines; i++)
                sb_addf(&b, "%s\"line %d\"", i ? "," : "", i);
            sb_addf(&b, "],\"objects\":[");
            for (int i = 0; i < n; i++)
                sb_addf(&b, "%s{\"id\":\"o%d\",\"type\":\"dot\"}", i ? "," : "", i);
            sb_addf(&b, "],\"timeline\":[{\"wait\":1}]}]}");
            lr_status s = load(b.data, errs);
            if (n == 200) {
                LRT_CHECK_MSG(s == LR_OK, "200 objects, %d lines: %s", lines, lr_spec_errors_joined(errs));
            } else {
                LRT_CHECK_MSG(s == LR_ERR_SPEC && has_error(errs, "sections[0].objects[200]",
                                                            "more than 200 objects in one section"),
                              "201 objects, %d lines: %s", lines, lr_spec_errors_joined(errs));
            }
            free(b.data);
        }
}

static void test_long_path(lr_spec_errors *errs)
{
    /* 10,000 points in a polyline: refused (limit 1000) naming the field. */
    sbuf b = {0};
    sb_addf(&b, "%s", head);
    sb_addf(&b, section_open, 0);
    sb_addf(&b, "{\"id\":\"p\",\"type\":\"polyline\",\"points\":[");
    for (int i = 0; i < 10000; i++)
        sb_addf(&b, "%s[%g,%g]", i ? "," : "", (i % 100) * 0.01, (i / 100) * 0.01);
    sb_addf(&b, "]}],\"timeline\":[{\"add\":[\"p\"]},{\"wait\":1}]}]}");
    LRT_CHECK_STATUS(load(b.data, errs), LR_ERR_SPEC);
    LRT_CHECK_MSG(has_error(errs, "sections[0].objects[0].points", "10000 points, more than the limit of 1000"),
                  "%s", lr_spec_errors_joined(errs));
    LRT_CHECK(strncmp(lr_spec_errors_message(errs, 0), "limits.json: ", 13) == 0);

    /* The same 10,000 points as SVG path data are within the SVG limits
     * (1,000,000 commands): loaded. */
    b.len = 0;
    sb_addf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\"><path d=\"M0 0");
    for (int i = 1; i < 10000; i++)
        sb_addf(&b, " L%d %d", i % 100, i / 100);
    sb_addf(&b, "\"/></svg>");
    lr_mobject *m = NULL;
    lr_error err = {0};
    LRT_CHECK_OK(lr_svg_load_memory(b.data, b.len, NULL, &m, NULL, &err));
    lr_mobject_destroy(m);
    /* ...and past a caller's lower cap, refused with the cap in the message. */
    lr_svg_options opt = lr_svg_options_default();
    opt.max_path_commands = 5000;
    m = NULL;
    LRT_CHECK_STATUS(lr_svg_load_memory(b.data, b.len, &opt, &m, NULL, &err), LR_ERR_LIMIT);
    LRT_CHECK(m == NULL);
    LRT_CHECK_MSG(strstr(err.message, "5000") != NULL, "%s", err.message);
    free(b.data);
}

/* A spec of `n` empty sections, each ten one-minute waits long. */
static void ten_minute_sections(sbuf *b, int n)
{
    b->len = 0;
    sb_addf(b, "%s", head);
    for (int s = 0; s < n; s++) {
        sb_addf(b, "%s", s ? "," : "");
        sb_addf(b, section_open, s);
        sb_addf(b, "],\"timeline\":[");
        for (int i = 0; i < 10; i++)
            sb_addf(b, "%s{\"wait\":60}", i ? "," : "");
        sb_addf(b, "]}");
    }
    sb_addf(b, "]}");
}

static void test_long_video(lr_spec_errors *errs)
{
    /* One 10-hour section: past the 600 s per section. */
    sbuf b = {0};
    sb_addf(&b, "%s", head);
    sb_addf(&b, section_open, 0);
    sb_addf(&b, "],\"timeline\":[{\"wait\":36000}]}]}");
    LRT_CHECK_STATUS(load(b.data, errs), LR_ERR_SPEC);
    LRT_CHECK_MSG(lr_spec_errors_count(errs) >= 1 && strstr(lr_spec_errors_joined(errs), "limits.json: sections[0]"),
                  "%s", lr_spec_errors_joined(errs));
    /* 60 sections of 10 minutes: past the 50 sections. */
    ten_minute_sections(&b, 60);
    LRT_CHECK_STATUS(load(b.data, errs), LR_ERR_SPEC);
    LRT_CHECK_MSG(has_error(errs, "sections", "60 sections, more than the limit of 50"), "%s",
                  lr_spec_errors_joined(errs));
    /* 50 sections of 10 minutes (8 h 20 min) pass each per-section limit but
     * not the 2-hour limit on the whole video. */
    ten_minute_sections(&b, 50);
    LRT_CHECK_STATUS(load(b.data, errs), LR_ERR_SPEC);
    LRT_CHECK_MSG(lr_spec_errors_count(errs) == 1 &&
                      strcmp(lr_spec_errors_message(errs, 0),
                             "limits.json: sections: the video lasts 30000 s in all, more than the limit of 7200 s") == 0,
                  "%s", lr_spec_errors_joined(errs));
    /* ...while 12 sections of 10 minutes (2 h) are accepted. */
    ten_minute_sections(&b, 12);
    LRT_CHECK_MSG(load(b.data, errs) == LR_OK, "%s", lr_spec_errors_joined(errs));
    free(b.data);
}

static void test_long_formula(lr_spec_errors *errs)
{
    size_t n = 100000;
    char *formula = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        formula[i] = "x+1*"[i % 4];
    formula[n - 1] = 'x';
    formula[n] = 0;
    /* In a spec: a tex object and a function graph, each refused at its
     * field with the limit. */
    sbuf b = {0};
    sb_addf(&b, "%s", head);
    sb_addf(&b, section_open, 0);
    sb_addf(&b, "{\"id\":\"f\",\"type\":\"tex\",\"tex\":\"%s\"},", formula);
    sb_addf(&b, "{\"id\":\"ax\",\"type\":\"axes\"},{\"id\":\"g\",\"type\":\"function_graph\",\"axes\":\"ax\","
                "\"expr\":\"%s\"}",
            formula);
    sb_addf(&b, "],\"timeline\":[{\"add\":[\"f\",\"ax\",\"g\"]},{\"wait\":1}]}]}");
    LRT_CHECK_STATUS(load(b.data, errs), LR_ERR_SPEC);
    LRT_CHECK_MSG(has_error(errs, "sections[0].objects[0].tex", "1000"), "%s", lr_spec_errors_joined(errs));
    LRT_CHECK_MSG(has_error(errs, "sections[0].objects[2].expr", "1000"), "%s", lr_spec_errors_joined(errs));
    free(b.data);

    /* Straight to the expression compiler: refused, naming the limit. */
    lr_expr *e = NULL;
    lr_error err = {0};
    LRT_CHECK(lr_expr_compile(formula, &e, &err) != LR_OK && e == NULL);
    LRT_CHECK_MSG(strstr(err.message, "1000") != NULL, "%s", err.message);

    /* Straight to the TeX module: refused before LaTeX runs. */
    lr_tex_context *tex = NULL;
    lr_tex_config cfg = lr_tex_config_default();
    char cache[512];
    snprintf(cache, sizeof cache, "%s", "limits-tex-cache");
    cfg.cache_dir = cache;
    if (lr_tex_context_create(&tex, &cfg, &err) == LR_OK) {
        lr_tex_style sty = lr_tex_style_default();
        lr_mobject *m = NULL;
        LRT_CHECK_STATUS(lr_tex_create(tex, formula, &sty, &m, &err), LR_ERR_LIMIT);
        LRT_CHECK(m == NULL);
        LRT_CHECK_MSG(strstr(err.message, "65536") != NULL, "%s", err.message);
        LRT_CHECK(lr_tex_context_stats(tex).tex_runs == 0);
        lr_tex_context_destroy(tex);
    } else {
        LRT_CHECK_MSG(false, "tex context: %s", err.message);
    }
    free(formula);
}

static void test_big_svg(void)
{
    /* 50 MB of valid SVG: refused from its size before it is read. */
    FILE *f = fopen("big.svg", "wb");
    LRT_CHECK(f != NULL);
    if (!f)
        return;
    fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\n", f);
    static const char line[] = "<rect x=\"1\" y=\"1\" width=\"2\" height=\"2\"/>\n";
    for (size_t written = 0; written < ((size_t)50 << 20); written += sizeof line - 1)
        fputs(line, f);
    fputs("</svg>\n", f);
    fclose(f);
    lr_mobject *m = NULL;
    lr_error err = {0};
    LRT_CHECK_STATUS(lr_svg_load_file("big.svg", NULL, &m, NULL, &err), LR_ERR_LIMIT);
    LRT_CHECK(m == NULL);
    LRT_CHECK_MSG(strstr(err.message, "big.svg") && strstr(err.message, "8388608"), "%s", err.message);

    /* Through a spec: it validates (the name is fine) and the build refuses
     * it, naming the spec, the section and the file. */
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    const char *json = "{\"version\":1,\"meta\":{\"title\":\"svg\",\"quality\":\"l\"},\"sections\":[{\"id\":\"a\","
                       "\"title\":\"t\",\"lecture_lines\":[],\"objects\":[{\"id\":\"icon\",\"type\":\"svg\","
                       "\"file\":\"big.svg\"}],\"timeline\":[{\"add\":[\"icon\"]},{\"wait\":1}]}]}";
    LRT_CHECK_MSG(lr_spec_load_string(json, "svg.json", ".", &spec, errs) == LR_OK, "%s",
                  lr_spec_errors_joined(errs));
    if (spec) {
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        LRT_CHECK(lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_ERR_LIMIT);
        LRT_CHECK(scene == NULL && tl == NULL);
        LRT_CHECK_MSG(strstr(err.message, "svg.json: sections[0]") == err.message && strstr(err.message, "big.svg") &&
                          strstr(err.message, "8388608"), "%s", err.message);
        lr_spec_destroy(spec);
    }
    lr_spec_errors_destroy(errs);

    /* 50 MB in memory: refused from its size too. */
    size_t big = (size_t)50 << 20;
    char *mem = malloc(big);
    if (mem) {
        memset(mem, ' ', big);
        memcpy(mem, "<svg>", 5);
        LRT_CHECK_STATUS(lr_svg_load_memory(mem, big, NULL, &m, NULL, &err), LR_ERR_LIMIT);
        free(mem);
    }
    remove("big.svg");
}

int main(void)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    test_million_objects(errs);
    test_object_limit(errs);
    test_long_path(errs);
    test_long_video(errs);
    test_long_formula(errs);
    lr_spec_errors_destroy(errs);
    test_big_svg();
    return lrt_finish("hardening_limits");
}
