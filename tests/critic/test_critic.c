/* The Critic: the geometric pass fixes a known overlap with no VLM call; a
 * VLM reply moving an object by id changes the spec and the rendered frame;
 * malformed replies are retried, then skipped with a warning. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "c2v_critic.h"
#include "lrtest.h"
#include "server_harness.h"

/* Sets up scenario `name` answering with the contents in order. */
static bool scenario(test_server *s, const char *name, const char *const *contents, size_t n, char *base)
{
    bool ok = test_server_openai_script(s, name, contents, n, 100, 20, base, 300);
    LRT_CHECK_MSG(ok, "scenario %s", name);
    return ok;
}

static c2v_llm_client *client(const char *base)
{
    c2v_provider_config p = {"vlm", C2V_PROVIDER_OPENAI, base, "sk-test-critic-0000", "gpt-test", "", "", ""};
    c2v_llm_options o = c2v_llm_options_default();
    o.max_attempts = 1;
    o.json_attempts = 1;
    o.backoff_base_ms = 1;
    c2v_llm_client *c = NULL;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_client_create(&p, &o, &c, &err) == C2V_OK, "%s", err.message);
    return c;
}

static size_t problem_count(const cJSON *doc)
{
    char *text = cJSON_PrintUnformatted(doc);
    lr_spec *spec = NULL;
    size_t n = (size_t)-1;
    if (lr_spec_load_string(text, "t.json", NULL, &spec, NULL) == LR_OK) {
        n = 0;
        lr_spec_meta meta = lr_spec_get_meta(spec);
        lr_layout_options lo = {.orientation = meta.orientation, .pixel_width = meta.width, .pixel_height = meta.height};
        for (size_t k = 0;; k++) {
            lr_layout_report rep = {0};
            if (lr_spec_layout_report(spec, 0, k, &lo, &rep, NULL) != LR_OK)
                break;
            for (size_t i = 0; i < rep.nproblems; i++)
                n += !(rep.problems[i].kind == LR_PROBLEM_OVERLAP && rep.problems[i].contained);
            lr_layout_report_free(&rep);
        }
        lr_spec_destroy(spec);
    }
    free(text);
    return n;
}

static const char *obj_str(cJSON *doc, const char *id, const char *key)
{
    cJSON *objs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "sections"), 0), "objects");
    cJSON *o;
    cJSON_ArrayForEach(o, objs)
    {
        if (strcmp(cJSON_GetObjectItem(o, "id")->valuestring, id) == 0) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
            return cJSON_IsString(v) ? v->valuestring : NULL;
        }
    }
    return NULL;
}

/* Two squares overlapping in B2, and an orange circle far away. */
static const char *overlap_spec =
    "{\"version\":1,\"meta\":{\"quality\":\"l\"},\"sections\":[{\"id\":\"s1\",\"title\":\"Overlap\","
    "\"lecture_lines\":[\"one\",\"two\"],\"objects\":["
    "{\"id\":\"a\",\"type\":\"square\",\"side_length\":0.8,\"fill_color\":\"BLUE\",\"at\":\"B2\"},"
    "{\"id\":\"b\",\"type\":\"square\",\"side_length\":0.8,\"fill_color\":\"GREEN\",\"position\":[2.4,1.3]},"
    "{\"id\":\"c\",\"type\":\"circle\",\"radius\":0.4,\"fill_color\":\"ORANGE\",\"at\":\"F6\"}],"
    "\"timeline\":[{\"play\":[{\"anim\":\"Create\",\"target\":\"a\"}],\"line\":0},"
    "{\"play\":[{\"anim\":\"FadeIn\",\"target\":\"b\"},{\"anim\":\"FadeIn\",\"target\":\"c\"}],\"line\":1},"
    "{\"wait\":0.5}]}]}";

static void test_geometric(test_server *srv)
{
    char base[300];
    const char *none[] = {"{\"issues\": []}"};
    if (!scenario(srv, "geo", none, 1, base))
        return;
    c2v_llm_client *vlm = client(base);
    cJSON *doc = cJSON_Parse(overlap_spec);
    LRT_CHECK(problem_count(doc) == 1);
    cJSON *log = cJSON_CreateArray();
    c2v_critic_options opt = c2v_critic_options_default();
    opt.quiet = getenv("CRITIC_VERBOSE") == NULL;
    size_t fixed = 0;
    c2v_critic_visual_result vr;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_critic_run(doc, "overlap.json", NULL, vlm, false, &opt, log, &fixed, &vr, &err) == C2V_OK, "%s",
                  err.message);
    LRT_CHECK(fixed == 1);
    LRT_CHECK(problem_count(doc) == 0);
    /* The later object moved, by id, to a free anchor next to B2. */
    const char *at = obj_str(doc, "b", "at");
    LRT_CHECK_MSG(at && strcmp(at, "B2") != 0, "b at %s", at ? at : "(none)");
    LRT_CHECK(obj_str(doc, "a", "at") && strcmp(obj_str(doc, "a", "at"), "B2") == 0);
    cJSON *e = cJSON_GetArrayItem(log, 0);
    LRT_CHECK(cJSON_GetArraySize(log) == 1);
    LRT_CHECK(e && strcmp(cJSON_GetObjectItem(e, "object")->valuestring, "b") == 0);
    LRT_CHECK(e && strcmp(cJSON_GetObjectItem(e, "problem")->valuestring, "overlap") == 0);
    LRT_CHECK(e && strcmp(cJSON_GetObjectItem(e, "action")->valuestring, "move") == 0);
    LRT_CHECK(vr.rounds == 0);
    cJSON *reqs = test_server_requests(srv, "geo");
    LRT_CHECK_MSG(cJSON_GetArraySize(reqs) == 0, "%d VLM requests", cJSON_GetArraySize(reqs));
    cJSON_Delete(reqs);

    cJSON_Delete(log);
    cJSON_Delete(doc);
    c2v_llm_client_destroy(vlm);
}

/* An object over the lecture column, one wider than the grid, tiny text and
 * a lecture line so long that librender shrinks it below readable size. */
static const char *messy_spec =
    "{\"version\":1,\"meta\":{\"quality\":\"l\"},\"sections\":[{\"id\":\"s\",\"title\":\"T\","
    "\"lecture_lines\":[\"This is a very long lecture line that keeps going and going well past the edge of the "
    "column\"],\"objects\":["
    "{\"id\":\"left\",\"type\":\"circle\",\"radius\":0.4,\"fill_color\":\"RED\",\"position\":[-3,0]},"
    "{\"id\":\"wide\",\"type\":\"rectangle\",\"width\":8,\"height\":1,\"at\":\"C3\"},"
    "{\"id\":\"tiny\",\"type\":\"text\",\"text\":\"tiny words\",\"font_size\":4,\"at\":\"E5\"}],"
    "\"timeline\":[{\"play\":[{\"anim\":\"FadeIn\",\"target\":\"left\"},{\"anim\":\"FadeIn\",\"target\":"
    "\"wide\"},{\"anim\":\"FadeIn\",\"target\":\"tiny\"}]},{\"wait\":0.5}]}]}";

static bool logged(const cJSON *log, const char *object, const char *action)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, log)
    {
        const cJSON *o = cJSON_GetObjectItem(e, "object"), *a = cJSON_GetObjectItem(e, "action");
        if (cJSON_IsString(o) && cJSON_IsString(a) && strcmp(o->valuestring, object) == 0 &&
            strcmp(a->valuestring, action) == 0)
            return true;
    }
    return false;
}

static void test_geometric_kinds(void)
{
    cJSON *doc = cJSON_Parse(messy_spec);
    size_t before = problem_count(doc);
    LRT_CHECK_MSG(before == 6, "%zu problems", before);
    cJSON *log = cJSON_CreateArray();
    cJSON *unfixed = NULL;
    c2v_critic_options opt = c2v_critic_options_default();
    opt.quiet = getenv("CRITIC_VERBOSE") == NULL;
    size_t fixed = 0;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_critic_geometric(doc, "messy.json", NULL, &opt, log, &unfixed, &fixed, &err) == C2V_OK, "%s",
                  err.message);
    size_t after = problem_count(doc);
    LRT_CHECK_MSG(after == (size_t)cJSON_GetArraySize(unfixed), "%zu left, %d reported", after,
                  cJSON_GetArraySize(unfixed));
    LRT_CHECK_MSG(after == 0, "%zu problems left", after);
    LRT_CHECK(logged(log, "left", "move"));   /* off the lecture column, into the grid */
    LRT_CHECK(logged(log, "wide", "scale"));  /* scaled to fit the grid */
    LRT_CHECK(logged(log, "tiny", "font_size"));
    LRT_CHECK(logged(log, "line0", "wrap"));
    const char *line = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "sections"), 0),
                                                                "lecture_lines"), 0)->valuestring;
    LRT_CHECK(line && strchr(line, '\n') != NULL);
    cJSON_Delete(unfixed);
    cJSON_Delete(log);
    cJSON_Delete(doc);
}

/* A diagram: a triangle drawn in place, a label on it sticking out, a
 * point drawn on a plane. Geometry could "fix" these only by tearing the
 * diagram apart, so they are left, and reported, for the model. */
static const char *diagram_spec =
    "{\"version\":1,\"meta\":{\"quality\":\"l\"},\"sections\":[{\"id\":\"d\",\"title\":\"Diagram\","
    "\"objects\":["
    "{\"id\":\"tri\",\"type\":\"polygon\",\"points\":[[1,-2],[4,-2],[4,1]],\"fill_color\":\"BLUE\"},"
    "{\"id\":\"lab\",\"type\":\"text\",\"text\":\"hypotenuse side\",\"font_size\":30,\"position\":[1.5,0.5]},"
    "{\"id\":\"plane\",\"type\":\"number_plane\",\"x_range\":[-1,1,1],\"y_range\":[-1,1,1],"
    "\"x_length\":1.6,\"y_length\":1.6,\"position\":[6.2,1.5]},"
    "{\"id\":\"pt\",\"type\":\"dot\",\"point\":[6.2,1.5],\"radius\":0.1}],"
    "\"timeline\":[{\"add\":[\"tri\",\"lab\",\"plane\",\"pt\"]},{\"play\":[{\"anim\":\"Indicate\","
    "\"target\":\"lab\"}]}]}]}";

static void test_geometric_keeps_diagrams(void)
{
    cJSON *doc = cJSON_Parse(diagram_spec);
    char *before = cJSON_PrintUnformatted(doc);
    size_t n = problem_count(doc);
    LRT_CHECK_MSG(n >= 1, "%zu problems", n);
    cJSON *unfixed = NULL;
    c2v_critic_options opt = c2v_critic_options_default();
    opt.quiet = getenv("CRITIC_VERBOSE") == NULL;
    size_t fixed = 9;
    c2v_error err = {0};
    cJSON *log = cJSON_CreateArray();
    LRT_CHECK_MSG(c2v_critic_geometric(doc, "diagram.json", NULL, &opt, log, &unfixed, &fixed, &err) == C2V_OK,
                  "%s", err.message);
    LRT_CHECK(fixed == 0);
    /* What is left is in the fix log too, one entry per problem. */
    LRT_CHECK_MSG(cJSON_GetArraySize(log) == cJSON_GetArraySize(unfixed), "%d log entries, %d left",
                  cJSON_GetArraySize(log), cJSON_GetArraySize(unfixed));
    const cJSON *le = cJSON_GetArrayItem(log, 0);
    LRT_CHECK(le && strcmp(cJSON_GetObjectItem(le, "kind")->valuestring, "unfixed") == 0 &&
              strcmp(cJSON_GetObjectItem(le, "pass")->valuestring, "geometric") == 0 &&
              cJSON_IsString(cJSON_GetObjectItem(le, "problem")) && cJSON_IsString(cJSON_GetObjectItem(le, "object")));
    cJSON_Delete(log);
    char *after = cJSON_PrintUnformatted(doc);
    LRT_CHECK(strcmp(before, after) == 0);
    LRT_CHECK((size_t)cJSON_GetArraySize(unfixed) == n);
    bool lab = false;
    const cJSON *e;
    cJSON_ArrayForEach(e, unfixed)
    {
        const cJSON *o = cJSON_GetObjectItem(e, "object"), *x = cJSON_GetObjectItem(e, "other");
        lab = lab || (cJSON_IsString(o) && cJSON_IsString(x) && strcmp(o->valuestring, "tri") == 0 &&
                      strcmp(x->valuestring, "lab") == 0);
    }
    LRT_CHECK(lab);
    free(before);
    free(after);
    cJSON_Delete(unfixed);
    cJSON_Delete(doc);
}

static bool is_color(const lr_image *img, float x, float y, uint8_t r, uint8_t g, uint8_t b)
{
    /* scene (x, y) -> pixel, landscape 8 units high */
    int px = (int)((x + 8.0f * img->width / img->height / 2) * img->height / 8.0f);
    int py = (int)((4.0f - y) * img->height / 8.0f);
    const uint8_t *p = lrt_pixel(img, px, py);
    return abs(p[0] - r) < 40 && abs(p[1] - g) < 40 && abs(p[2] - b) < 40;
}

static const char *clean_spec =
    "{\"version\":1,\"meta\":{\"quality\":\"l\"},\"sections\":[{\"id\":\"s1\",\"title\":\"Move\","
    "\"objects\":[{\"id\":\"dot1\",\"type\":\"circle\",\"radius\":0.4,\"fill_color\":\"#FF0000\","
    "\"stroke_color\":\"#FF0000\",\"at\":\"B2\"},"
    "{\"id\":\"sq\",\"type\":\"square\",\"side_length\":0.6,\"fill_color\":\"#0000FF\",\"at\":\"E5\"}],"
    "\"timeline\":[{\"play\":[{\"anim\":\"FadeIn\",\"target\":\"dot1\"}]},"
    "{\"play\":[{\"anim\":\"FadeIn\",\"target\":\"sq\"}]},{\"wait\":0.5}]}]}";

static void test_visual_move(test_server *srv)
{
    char base[300];
    const char *replies[] = {
        "{\"issues\": [{\"object_id\": \"dot1\", \"problem\": \"crowds the title\", \"action\": \"move\", "
        "\"anchor\": \"D4\"}]}",
        "{\"issues\": []}"};
    if (!scenario(srv, "move", replies, 2, base))
        return;
    c2v_llm_client *vlm = client(base);
    cJSON *doc = cJSON_Parse(clean_spec);
    cJSON *log = cJSON_CreateArray();
    mkdir("sheets", 0755);
    remove("sheets/critic-before.png");
    remove("sheets/critic-after.png");
    c2v_critic_options opt = c2v_critic_options_default();
    opt.quiet = true;
    opt.feedback_rounds = 3;
    opt.sheet_dir = "sheets";
    opt.frames_dir = "sheets";
    opt.frame_width = 320;
    opt.frame_height = 180;
    size_t fixed = 9;
    c2v_critic_visual_result vr;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_critic_run(doc, "move.json", NULL, vlm, true, &opt, log, &fixed, &vr, &err) == C2V_OK, "%s",
                  err.message);
    LRT_CHECK(fixed == 0);
    LRT_CHECK(vr.rounds == 2); /* the second round found nothing: stop early */
    LRT_CHECK(vr.applied == 1 && vr.rejected == 0);
    const char *at = obj_str(doc, "dot1", "at");
    LRT_CHECK_MSG(at && strcmp(at, "D4") == 0, "dot1 at %s", at ? at : "(none)");
    cJSON *reqs = test_server_requests(srv, "move");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
    const cJSON *r0 = cJSON_GetArrayItem(reqs, 0);
    const char *body = cJSON_IsString(cJSON_GetObjectItem(r0, "body")) ? cJSON_GetObjectItem(r0, "body")->valuestring : "";
    LRT_CHECK(strstr(body, "data:image/png;base64,") != NULL); /* key frames went along */
    LRT_CHECK(strstr(body, "dot1") && strstr(body, "at B2"));  /* the placement table */
    cJSON_Delete(reqs);

    /* The re-rendered frame shows the dot in D4, no longer in B2. */
    char *text = cJSON_PrintUnformatted(doc);
    lr_spec *spec = NULL;
    LRT_CHECK_OK(lr_spec_load_string(text, "moved.json", NULL, &spec, NULL));
    free(text);
    if (spec) {
        lr_video_options vo = lr_video_options_default();
        lr_image img = {0};
        lr_error le = {0};
        LRT_CHECK_MSG(lr_video_render_frame(spec, 2.2, &vo, &img, &le) == LR_OK, "%s", le.message);
        if (img.pixels) {
            lr_rect d4, b2;
            lr_layout_anchor_rect(LR_LANDSCAPE, "D4", &d4, NULL);
            lr_layout_anchor_rect(LR_LANDSCAPE, "B2", &b2, NULL);
            LRT_CHECK(is_color(&img, (d4.x0 + d4.x1) / 2, (d4.y0 + d4.y1) / 2, 255, 0, 0));
            LRT_CHECK(is_color(&img, (b2.x0 + b2.x1) / 2, (b2.y0 + b2.y1) / 2, 0, 0, 0));
        }
        lr_image_free(&img);
        lr_spec_destroy(spec);
    }
    /* The frames sent carry the grid and the ids; the plain ones do not. */
    lr_image ov = {0};
    LRT_CHECK_OK(lr_image_load(&ov, "sheets/critic-r1-02.png", NULL));
    if (ov.pixels) {
        LRT_CHECK(ov.width == 320 && ov.height == 180);
        int cyan = 0, magenta = 0;
        for (int y = 0; y < ov.height; y++)
            for (int x = 0; x < ov.width; x++) {
                const uint8_t *p = lrt_pixel(&ov, x, y);
                cyan += p[0] < 60 && p[1] > 100 && p[2] > 100;
                magenta += p[0] > 100 && p[2] > 100 && p[0] > p[1] + 60 && p[2] > p[1] + 60;
            }
        LRT_CHECK_MSG(cyan > 1000, "%d grid pixels", cyan);    /* 14 grid lines and 36 cell names */
        LRT_CHECK_MSG(magenta > 15, "%d id pixels", magenta);  /* "dot1", "sq" (the plain frame has none) */
        /* a vertical grid line at x = 0.5 (column 1's left edge), halfway down */
        int gx = (int)((0.5f + 8.0f * 16 / 9 / 2) * ov.height / 8.0f);
        bool line = false;
        for (int dx = -2; dx <= 2; dx++) {
            const uint8_t *p = lrt_pixel(&ov, gx + dx, 100);
            line = line || (p[1] > 60 && p[2] > 60 && p[0] < p[1]);
        }
        LRT_CHECK(line);
    }
    lr_image_free(&ov);
    lr_image before = {0}, after = {0};
    LRT_CHECK_OK(lr_image_load(&before, "sheets/critic-before.png", NULL));
    LRT_CHECK_OK(lr_image_load(&after, "sheets/critic-after.png", NULL));
    if (before.pixels && after.pixels && before.width == after.width && before.height == after.height)
        LRT_CHECK(memcmp(before.pixels, after.pixels, (size_t)before.stride * (size_t)before.height) != 0);
    lr_image_free(&before);
    lr_image_free(&after);

    /* Issues that name no object, or would break the spec, are refused. */
    cJSON *bad = cJSON_Parse("{\"object_id\":\"nope\",\"problem\":\"x\",\"action\":\"remove\"}");
    LRT_CHECK(c2v_critic_apply_issue(doc, "m.json", NULL, bad, &err) == C2V_ERR_INVALID_ARG);
    cJSON_Delete(bad);
    bad = cJSON_Parse("{\"object_id\":\"sq\",\"problem\":\"x\",\"action\":\"recolor\",\"color\":\"NOT_A_COLOUR\"}");
    LRT_CHECK(c2v_critic_apply_issue(doc, "m.json", NULL, bad, &err) == C2V_ERR_INVALID_ARG);
    cJSON_Delete(bad);
    /* The other actions, by id. */
    const char *acts[] = {
        "{\"object_id\":\"sq\",\"problem\":\"x\",\"action\":\"recolor\",\"color\":\"YELLOW\"}",
        "{\"object_id\":\"sq\",\"problem\":\"x\",\"action\":\"resize\",\"scale\":1.5}",
        "{\"object_id\":\"sq\",\"problem\":\"x\",\"action\":\"reorder\",\"z_index\":5}",
        "{\"object_id\":\"sq\",\"problem\":\"x\",\"action\":\"move\",\"area\":[\"E4\",\"F6\"]}"};
    for (size_t i = 0; i < 4; i++) {
        cJSON *is = cJSON_Parse(acts[i]);
        LRT_CHECK_MSG(c2v_critic_apply_issue(doc, "m.json", NULL, is, &err) == C2V_OK, "%s", err.message);
        cJSON_Delete(is);
    }
    LRT_CHECK(obj_str(doc, "sq", "color") && strcmp(obj_str(doc, "sq", "color"), "YELLOW") == 0);
    LRT_CHECK(obj_str(doc, "sq", "fill_color") && strcmp(obj_str(doc, "sq", "fill_color"), "YELLOW") == 0);
    LRT_CHECK(obj_str(doc, "sq", "at") == NULL); /* area replaced the anchor */
    /* remove drops the object and its animation; timing is kept. */
    cJSON *rm = cJSON_Parse("{\"object_id\":\"sq\",\"problem\":\"clutter\",\"action\":\"remove\"}");
    LRT_CHECK(c2v_critic_apply_issue(doc, "m.json", NULL, rm, &err) == C2V_OK);
    LRT_CHECK(obj_str(doc, "sq", "id") == NULL);
    cJSON_Delete(rm);
    cJSON_Delete(log);
    cJSON_Delete(doc);
    c2v_llm_client_destroy(vlm);
}

static void test_malformed(test_server *srv)
{
    char base[300];
    const char *replies[] = {"{\"issues\": [{\"object_id\": \"dot1\", \"problem\": \"p\", \"action\": \"explode\"}]}",
                             "I think it looks fine, no JSON here.", "{\"issues\": []}"};
    if (!scenario(srv, "vlm-bad", replies, 3, base))
        return;
    c2v_llm_client *vlm = client(base);
    cJSON *doc = cJSON_Parse(clean_spec);
    char *before = cJSON_PrintUnformatted(doc);
    cJSON *log = cJSON_CreateArray();
    c2v_critic_options opt = c2v_critic_options_default();
    opt.quiet = true;
    opt.feedback_rounds = 2;
    opt.reply_attempts = 2;
    opt.frame_width = 320;
    opt.frame_height = 180;
    c2v_critic_visual_result vr;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_critic_visual(doc, "bad.json", NULL, vlm, &opt, log, &vr, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(vr.rounds == 1 && vr.skipped_rounds == 1 && vr.applied == 0);
    cJSON *reqs = test_server_requests(srv, "vlm-bad");
    LRT_CHECK_MSG(cJSON_GetArraySize(reqs) == 2, "%d requests", cJSON_GetArraySize(reqs));
    /* The retry told the model what was wrong. */
    const cJSON *r1 = cJSON_GetArrayItem(reqs, 1);
    const char *body = r1 && cJSON_IsString(cJSON_GetObjectItem(r1, "body")) ? cJSON_GetObjectItem(r1, "body")->valuestring : "";
    LRT_CHECK(strstr(body, "explode") != NULL);
    cJSON_Delete(reqs);
    int warnings = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, log)
    {
        const cJSON *k = cJSON_GetObjectItem(e, "kind");
        warnings += cJSON_IsString(k) && strcmp(k->valuestring, "warning") == 0;
    }
    LRT_CHECK_MSG(warnings == 3, "%d warnings", warnings); /* two malformed replies, one skipped round */
    char *after = cJSON_PrintUnformatted(doc);
    LRT_CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
    cJSON_Delete(log);
    cJSON_Delete(doc);
    c2v_llm_client_destroy(vlm);
}

int main(void)
{
    test_server srv;
    if (!test_server_start(&srv, "critic")) {
        LRT_CHECK_MSG(false, "the scripted server did not start");
        return lrt_finish("critic");
    }
    test_geometric(&srv);
    test_geometric_kinds();
    test_geometric_keeps_diagrams();
    test_visual_move(&srv);
    test_malformed(&srv);
    test_server_stop(&srv);
    return lrt_finish("critic");
}
