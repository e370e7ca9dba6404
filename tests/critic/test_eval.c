/* c2v-eval: key frames decoded from a rendered MP4; AES and TeachQuiz
 * aggregate scripted replies (with malformed ones retried) to the expected
 * numbers; EFF from usage.json; the report and the c2v-eval tool. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <librender/lr_video.h>

#include "c2v_eval.h"
#include "lrtest.h"
#include "server_harness.h"

/* Sets up scenario `name` answering with the contents in order. */
static bool scenario(test_server *s, const char *name, const char *const *contents, size_t n, char *base)
{
    bool ok = test_server_openai_script(s, name, contents, n, 50, 5, base, 300);
    LRT_CHECK_MSG(ok, "scenario %s", name);
    return ok;
}

static c2v_llm_client *client(const char *base)
{
    c2v_provider_config p = {"m", C2V_PROVIDER_OPENAI, base, "sk-test-eval-0000", "gpt-test", "", "", ""};
    c2v_llm_options o = c2v_llm_options_default();
    o.max_attempts = 1;
    o.json_attempts = 1;
    c2v_llm_client *c = NULL;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_llm_client_create(&p, &o, &c, &err) == C2V_OK, "%s", err.message);
    return c;
}

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    bool ok = f && fputs(text, f) >= 0;
    if (f)
        ok = fclose(f) == 0 && ok;
    return ok;
}

static double num(const cJSON *v, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(v, a);
    if (b)
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    return cJSON_IsNumber(x) ? x->valuedouble : -999;
}

static const char *aes_replies[] = {
    "{\"element_layout\": 25, \"attractiveness\": 15, \"logic_flow\": 16, \"accuracy_depth\": 14, "
    "\"visual_consistency\": 17}", /* out of range: retried */
    "Here you are: {\"element_layout\": 18, \"attractiveness\": 15, \"logic_flow\": 16, \"accuracy_depth\": 14, "
    "\"visual_consistency\": 17, \"comment\": \"clean\"}"};
/* Per question: baseline, unlearning, video; "I am not sure." has no answer line and is retried. */
static const char *quiz_replies[] = {"Euler links them.\nANSWER=B", "ANSWER=C", "From the frames: answer = b",
                                     "ANSWER=A", "I am not sure.", "ANSWER=D", "ANSWER=D"};

static const char *questions =
    "{\"Topic A\": [{\"question\": \"Q1?\", \"options\": {\"A\": \"a\", \"B\": \"b\", \"C\": \"c\", \"D\": \"d\"}, "
    "\"answer\": \"B\"}, {\"question\": \"Q2?\", \"options\": {\"A\": \"a\", \"B\": \"b\", \"C\": \"c\", \"D\": "
    "\"d\"}, \"answer\": \"A\"}], \"Topic B\": [{\"question\": \"Q?\", \"options\": {\"A\": \"a\", \"B\": \"b\"}, "
    "\"answer\": \"A\"}]}";

static void make_cases(void)
{
    mkdir("CASES", 0755);
    mkdir("CASES/run1", 0755);
    mkdir("CASES/run1/1-Topic_A", 0755);
    mkdir("CASES/run1/2-Topic_B", 0755);
    const char *spec_text =
        "{\"version\":1,\"meta\":{\"quality\":\"l\"},\"sections\":[{\"id\":\"s\",\"title\":\"Red\",\"objects\":["
        "{\"id\":\"c\",\"type\":\"circle\",\"radius\":3.5,\"fill_color\":\"#FF0000\",\"stroke_color\":\"#FF0000\","
        "\"position\":[0,0]}],\"timeline\":[{\"add\":[\"c\"]},{\"wait\":1.0}]}]}";
    lr_spec *spec = NULL;
    LRT_CHECK_OK(lr_spec_load_string(spec_text, "red.json", NULL, &spec, NULL));
    if (spec) {
        lr_video_options vo = lr_video_options_default();
        lr_error le = {0};
        LRT_CHECK_MSG(lr_video_render(spec, "CASES/run1/1-Topic_A/Topic_A.mp4", &vo, &le) == LR_OK, "%s", le.message);
        lr_spec_destroy(spec);
    }
    /* As c2v-agent writes it: the generation's wall time beside the LLM time. */
    LRT_CHECK(write_file("CASES/run1/1-Topic_A/usage.json",
                         "{\"wall_seconds\": 20.0, \"status\": \"ok\", \"total\": {\"calls\": 5, \"prompt_tokens\": "
                         "1000, \"completion_tokens\": 200, \"seconds\": 12.5}}"));
    LRT_CHECK(write_file("CASES/run1/2-Topic_B/usage.json",
                         "{\"total\": {\"calls\": 2, \"prompt_tokens\": 300, \"completion_tokens\": 100, "
                         "\"seconds\": 7.5}}"));
}

static void test_key_frames(void)
{
    lr_image *frames = NULL;
    size_t n = 0;
    double duration = 0;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_video_key_frames("CASES/run1/1-Topic_A/Topic_A.mp4", 4, 320, &frames, &n, &duration, &err) ==
                      C2V_OK, "%s", err.message);
    LRT_CHECK(n == 4);
    LRT_CHECK_NEAR(duration, 1.0, 0.1);
    for (size_t i = 0; i < n; i++) {
        LRT_CHECK(frames[i].width == 320 && frames[i].height == 180);
        const uint8_t *p = lrt_pixel(&frames[i], 160, 90); /* the red disc fills the centre */
        LRT_CHECK_MSG(p[0] > 200 && p[1] < 60 && p[2] < 60, "frame %zu centre %d,%d,%d", i, p[0], p[1], p[2]);
        lr_image_free(&frames[i]);
    }
    free(frames);
    LRT_CHECK(c2v_video_key_frames("CASES/run1/2-Topic_B/none.mp4", 4, 0, &frames, &n, NULL, &err) == C2V_ERR_IO);
}

static void test_parse(void)
{
    LRT_CHECK(c2v_quiz_parse_answer("ANSWER=C") == 'C');
    LRT_CHECK(c2v_quiz_parse_answer("first ANSWER=A, then\nANSWER = d") == 'D');
    LRT_CHECK(c2v_quiz_parse_answer("answer=(b)") == 'B');
    LRT_CHECK(c2v_quiz_parse_answer("ANSWER=AB") == 0);
    LRT_CHECK(c2v_quiz_parse_answer("The answer is C") == 0);
    LRT_CHECK(c2v_quiz_parse_answer(NULL) == 0);
}

static void check_report(const cJSON *report)
{
    const cJSON *cases = cJSON_GetObjectItemCaseSensitive(report, "cases");
    LRT_CHECK(cJSON_GetArraySize(cases) == 2);
    const cJSON *a = cJSON_GetArrayItem(cases, 0), *b = cJSON_GetArrayItem(cases, 1);
    const cJSON *topic = cJSON_GetObjectItemCaseSensitive(a, "topic");
    LRT_CHECK(cJSON_IsString(topic) && strcmp(topic->valuestring, "Topic A") == 0);
    LRT_CHECK_NEAR(num(a, "aes", "total"), 80, 1e-9);
    LRT_CHECK_NEAR(num(a, "aes", "element_layout"), 18, 1e-9);
    LRT_CHECK_NEAR(num(a, "aes", "calls"), 2, 1e-9);
    LRT_CHECK_NEAR(num(a, "quiz", "baseline"), 100, 1e-9);
    LRT_CHECK_NEAR(num(a, "quiz", "unlearning"), 0, 1e-9);
    LRT_CHECK_NEAR(num(a, "quiz", "video"), 50, 1e-9);
    LRT_CHECK_NEAR(num(a, "quiz", "gain"), 50, 1e-9);
    LRT_CHECK_NEAR(num(a, "eff", "tokens"), 1200, 1e-9);
    LRT_CHECK_NEAR(num(a, "eff", "seconds"), 20.0, 1e-9); /* the generation's wall time, not the LLM's */
    LRT_CHECK_NEAR(num(a, "eff", "llm_seconds"), 12.5, 1e-9);
    LRT_CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a, "errors")) == 0);
    LRT_CHECK(strcmp(cJSON_GetObjectItemCaseSensitive(a, "status")->valuestring, "ok") == 0);
    /* Topic B has no video: its failed metrics are named, its EFF listed, not averaged. */
    LRT_CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(b, "aes")));
    LRT_CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(b, "quiz")));
    LRT_CHECK_NEAR(num(b, "eff", "tokens"), 400, 1e-9);
    LRT_CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(b, "errors")) >= 1);
    LRT_CHECK(strcmp(cJSON_GetObjectItemCaseSensitive(b, "status")->valuestring, "failed") == 0);
    LRT_CHECK(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(b, "failed")) == 3); /* video, AES, TeachQuiz */
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(report, "summary");
    LRT_CHECK_NEAR(num(s, "aes", "mean"), 80, 1e-9);
    LRT_CHECK_NEAR(num(s, "quiz", "questions"), 2, 1e-9);
    LRT_CHECK_NEAR(num(s, "quiz", "video"), 50, 1e-9);
    LRT_CHECK_NEAR(num(s, "quiz", "gain"), 50, 1e-9);
    LRT_CHECK_NEAR(num(s, "eff", "seconds_mean"), 20.0, 1e-9);
    LRT_CHECK_NEAR(num(s, "eff", "tokens_mean"), 1200, 1e-9);
    LRT_CHECK_NEAR(num(s, "eff", "measured"), 1, 1e-9);
    LRT_CHECK_NEAR(num(s, "failed_cases", NULL), 1, 1e-9);
    LRT_CHECK_NEAR(num(s, "aes", "failed"), 1, 1e-9);
}

static void test_eval(test_server *srv)
{
    char aes_base[300], quiz_base[300];
    if (!scenario(srv, "aes", aes_replies, 2, aes_base) || !scenario(srv, "quiz", quiz_replies, 7, quiz_base))
        return;
    c2v_llm_client *vlm = client(aes_base), *llm = client(quiz_base);
    cJSON *qs = cJSON_Parse(questions);
    c2v_eval_options opt = {.vlm = vlm, .llm = llm, .questions = qs, .frames = 3, .frame_width = 320, .quiet = true};
    cJSON *report = NULL;
    c2v_error err = {0};
    LRT_CHECK_MSG(c2v_eval_cases("CASES", &opt, &report, &err) == C2V_OK, "%s", err.message);
    if (report) {
        check_report(report);
        LRT_CHECK(c2v_eval_report_write(report, "report.json", "report.md", &err) == C2V_OK);
        LRT_CHECK(test_file_contains("report.md", "| run1/1-Topic_A | Topic A | ok | 80.0 | 100.0 | 0.0 | 50.0 | "
                                                  "+50.0 | 20.0 | 1200 |") == 1);
        LRT_CHECK(test_file_contains("report.md", "| run1/2-Topic_B | Topic B | failed: video, AES, TeachQuiz | "
                                                  "failed | failed | failed | failed | failed | 7.5 | 400 |") == 1);
        LRT_CHECK(test_file_contains("report.md", "| **overall** | 2 cases, 1 failed | | 80.0 (n=1) | 100.0 (n=1) | "
                                                  "0.0 (n=1) | 50.0 (n=1) | +50.0 (n=1) | 20.0 (n=1) | 1200 (n=1) |") ==
                  1);
    }
    cJSON *reqs = test_server_requests(srv, "quiz");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 7);
    /* Only the third stage sees the key frames; the unlearning stages name the topic. */
    const char *b0 = cJSON_GetObjectItem(cJSON_GetArrayItem(reqs, 0), "body")->valuestring;
    const char *b1 = cJSON_GetObjectItem(cJSON_GetArrayItem(reqs, 1), "body")->valuestring;
    const char *b2 = cJSON_GetObjectItem(cJSON_GetArrayItem(reqs, 2), "body")->valuestring;
    LRT_CHECK(!strstr(b0, "image_url") && !strstr(b1, "image_url") && strstr(b2, "image_url"));
    LRT_CHECK(strstr(b1, "never learned") && strstr(b1, "Topic A"));
    cJSON_Delete(reqs);
    reqs = test_server_requests(srv, "aes");
    LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
    const char *a1 = cJSON_GetObjectItem(cJSON_GetArrayItem(reqs, 1), "body")->valuestring;
    LRT_CHECK(strstr(a1, "element_layout") && strstr(a1, "rejected")); /* the retry says why */
    cJSON_Delete(reqs);
    cJSON_Delete(report);
    cJSON_Delete(qs);
    c2v_llm_client_destroy(vlm);
    c2v_llm_client_destroy(llm);
}

/* The tool with its own --api / --vlm_api (the config's roles point the
 * other way, so only the flags can make it right), its exit status, and
 * report.html beside the JSON. */
static void test_tool(test_server *srv, const char *tool)
{
    char aes_base[300], quiz_base[300];
    if (!scenario(srv, "aes2", aes_replies, 2, aes_base) || !scenario(srv, "quiz2", quiz_replies, 7, quiz_base))
        return;
    char cfg[2048];
    snprintf(cfg, sizeof cfg,
             "{\"v\": {\"provider\": \"openai\", \"base_url\": \"%s\", \"api_key\": \"k-0000\", \"model\": \"m\"},"
             " \"l\": {\"provider\": \"openai\", \"base_url\": \"%s\", \"api_key\": \"k-0000\", \"model\": \"m\"},"
             " \"roles\": {\"llm\": \"v\", \"vlm\": \"l\"}}",
             aes_base, quiz_base);
    LRT_CHECK(write_file("eval_config.json", cfg) && write_file("questions.json", questions));
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "C2V_LLM= C2V_VLM= '%s' --cases CASES --config eval_config.json --api l --vlm_api v "
             "--questions questions.json --frames 3 --out tool.json --md tool.md > tool.stdout 2> tool.stderr",
             tool);
    int rc = system(cmd);
    /* Topic B has no video: the report is written, and the exit status says a metric failed. */
    LRT_CHECK_MSG(WIFEXITED(rc) && WEXITSTATUS(rc) == 3, "%s -> %d", cmd, rc);
    char *text = NULL;
    size_t size = 0;
    LRT_CHECK(c2v_file_read("tool.json", 1 << 20, &text, &size, NULL) == C2V_OK);
    cJSON *report = cJSON_Parse(text);
    free(text);
    if (report)
        check_report(report);
    cJSON_Delete(report);
    LRT_CHECK(test_file_contains("tool.stdout", "| **overall** | 2 cases, 1 failed |") == 1);
    LRT_CHECK(test_file_contains("tool.stderr", "AES (VLM): entry \"v\" (openai, --vlm_api)") == 1);
    LRT_CHECK(test_file_contains("tool.stderr", "TeachQuiz (LLM): entry \"l\" (openai, --api)") == 1);
    LRT_CHECK(test_file_contains("tool.stderr", "1 of 2 cases have a metric that failed") == 1);
    LRT_CHECK(test_file_contains("tool.html", "<video") == 1);
    LRT_CHECK(test_file_contains("tool.frames/run1-1-Topic_A.png", "PNG") == 1);
    snprintf(cmd, sizeof cmd, "'%s' --frames 0 --cases CASES 2>/dev/null", tool);
    rc = system(cmd);
    LRT_CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
    snprintf(cmd, sizeof cmd, "'%s' --help > help.stdout 2> help.stderr", tool);
    rc = system(cmd);
    LRT_CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 0);
    LRT_CHECK(test_file_contains("help.stdout", "--vlm_api") == 1 && test_file_contains("help.stdout", "Exit status") == 1);
}

/* Every model call failing (500 forever): the report says failed in every
 * AES and TeachQuiz cell, nothing is averaged, the exit status is not 0,
 * and no message repeats its prefix. */
static void test_tool_down(test_server *srv, const char *tool)
{
    char base[300];
    bool ok = test_server_scenario(srv, "down", "{\"responses\": [{\"status\": 500, \"body\": {\"error\": "
                                                "{\"message\": \"down\"}}}]}", base, sizeof base);
    char cfg[1024];
    snprintf(cfg, sizeof cfg,
             "{\"d\": {\"provider\": \"openai\", \"base_url\": \"%s\", \"api_key\": \"k-0000\", \"model\": \"m\"}}",
             base);
    LRT_CHECK(ok && write_file("down_config.json", cfg));
    char cmd[4096];
    snprintf(cmd, sizeof cmd,
             "C2V_LLM= C2V_VLM= '%s' --cases CASES --config down_config.json --questions questions.json --frames 2 "
             "--out down.json > down.stdout 2> down.stderr",
             tool);
    int rc = system(cmd);
    LRT_CHECK_MSG(WIFEXITED(rc) && WEXITSTATUS(rc) == 3, "%s -> %d", cmd, rc);
    LRT_CHECK(test_file_contains("down.stdout", "| run1/1-Topic_A | Topic A | failed: AES, TeachQuiz | failed | "
                                                "failed | failed | failed | failed | 20.0 | 1200 |") == 1);
    LRT_CHECK(test_file_contains("down.stdout", "| **overall** | 2 cases, 2 failed | | – | – | – | – | – |") == 1);
    LRT_CHECK(test_file_contains("down.stderr", "the first LLM entry of down_config.json, which names no") == 1);
    LRT_CHECK(test_file_contains("down.stderr", "HTTP 500") == 1);
    LRT_CHECK(test_file_contains("down.stderr", "AES: AES") == 0);
    LRT_CHECK(test_file_contains("down.stderr", "TeachQuiz: TeachQuiz") == 0);
    LRT_CHECK(test_file_contains("down.stderr", "c2v-eval: c2v-eval") == 0);
    LRT_CHECK(test_file_contains("down.json", "AES: AES") == 0);
    char *text = NULL;
    LRT_CHECK(c2v_file_read("down.json", 1 << 20, &text, NULL, NULL) == C2V_OK);
    cJSON *report = cJSON_Parse(text ? text : "");
    free(text);
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(report, "summary");
    LRT_CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(s, "aes"), "mean")));
    LRT_CHECK_NEAR(num(s, "aes", "failed"), 2, 1e-9);
    LRT_CHECK_NEAR(num(s, "quiz", "failed"), 2, 1e-9);
    cJSON_Delete(report);
}

/* report.html in headless Chromium (Debian's chromium, driven as the MP4
 * test does): the page is loaded in a frame and every <video> must load its
 * metadata (a duration) and every image decode (a width). */
static void test_html_in_browser(void)
{
    if (system("command -v chromium >/dev/null 2>&1") != 0) {
        printf("critic_eval: chromium is not installed (apt-get install chromium): report.html not opened\n");
        return;
    }
    static const char page[] =
        "<!doctype html><html><body><iframe id=\"f\" src=\"tool.html\" width=\"1400\" height=\"900\"></iframe>\n"
        "<script>\n"
        "window.c2vProbe = new Promise(done => {\n"
        "  const f = document.getElementById('f');\n"
        "  f.addEventListener('load', () => {\n"
        "    const d = f.contentDocument;\n"
        "    const vids = Array.from(d.querySelectorAll('video')), imgs = Array.from(d.querySelectorAll('img'));\n"
        "    const meta = v => v.readyState >= 1 ? Promise.resolve() : new Promise(r => {\n"
        "      v.addEventListener('loadedmetadata', r, {once: true}); v.addEventListener('error', r, {once: true}); });\n"
        "    const img = i => i.complete ? Promise.resolve() : new Promise(r => {\n"
        "      i.addEventListener('load', r, {once: true}); i.addEventListener('error', r, {once: true}); });\n"
        "    Promise.all(vids.map(meta).concat(imgs.map(img))).then(() => done('ok rows=' +\n"
        "      d.querySelectorAll('tr.case').length + ' videos=' + vids.length + ' duration=' +\n"
        "      (vids.length ? vids[0].duration : 0) + ' images=' + imgs.length + ' width=' +\n"
        "      (imgs.length ? imgs[0].naturalWidth : 0)));\n"
        "  });\n"
        "});\n"
        "</script></body></html>\n";
    LRT_CHECK(write_file("probe.html", page));
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "python3 '%s/tests/encode/chromium_probe.py' probe.html chromium-profile-eval 120",
             LRT_SOURCE_DIR);
    FILE *p = popen(cmd, "r");
    char result[256] = "";
    if (p && !fgets(result, sizeof result, p))
        result[0] = '\0';
    if (p)
        pclose(p);
    result[strcspn(result, "\n")] = '\0';
    printf("chromium says: %s\n", result);
    int rows = 0, videos = 0, images = 0, width = 0;
    double duration = 0;
    int n = sscanf(result, "ok rows=%d videos=%d duration=%lf images=%d width=%d", &rows, &videos, &duration, &images,
                   &width);
    LRT_CHECK_MSG(n == 5, "unexpected answer from the page: \"%s\"", result);
    LRT_CHECK(rows == 2);
    LRT_CHECK(videos == 1 && images == 1); /* Topic B has neither */
    LRT_CHECK_MSG(duration > 0.9 && duration < 1.2, "the video's duration in the page is %g s", duration);
    LRT_CHECK_MSG(width > 100, "the key-frame sheet's width in the page is %d", width);
}

int main(int argc, char **argv)
{
    test_parse();
    make_cases();
    test_key_frames();
    test_server srv;
    if (!test_server_start(&srv, "eval")) {
        LRT_CHECK_MSG(false, "the scripted server did not start");
        return lrt_finish("critic_eval");
    }
    test_eval(&srv);
    if (argc > 1) {
        test_tool(&srv, argv[1]);
        test_html_in_browser();
        test_tool_down(&srv, argv[1]);
    }
    test_server_stop(&srv);
    return lrt_finish("critic_eval");
}
