/* The c2v-agent executable, end to end, against llm_server.py on 127.0.0.1
 * scripted per case: a full run to a playable MP4 (broken JSON then good,
 * 429 then success, a validation error fixed by a scoped request), the key in
 * no artefact or log, usage.json equal to what the server reported, --resume
 * making no call for finished stages, 500 forever, regeneration, a batch from
 * a knowledge file going past a failed topic.
 *
 * usage: agent_pipeline PATH/TO/c2v-agent */
#define _GNU_SOURCE /* nftw's FTW_DEPTH flags */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "lrtest.h"
#include "server_harness.h"

#define KEY "sk-test-pipeline-5e4d3c2b1a09f8e7"
#define FX(name) LRT_SOURCE_DIR "/tests/agent/fixtures/" name

static const char *agent;
static test_server server;


/* Adds scenario `name` and writes config-NAME.json with one entry "test" of
 * `provider` pointing at it. */
static bool setup(const char *name, const char *provider, const char *script)
{
    char base[256], path[128];
    char *text = test_quote(script);
    bool ok = text && test_server_scenario(&server, name, text, base, sizeof base);
    free(text);
    snprintf(path, sizeof path, "config-%s.json", name);
    FILE *f = fopen(path, "wb");
    ok = ok && f;
    if (f) {
        fprintf(f, "{\"test\": {\"provider\": \"%s\", \"base_url\": \"%s\", \"api_key\": \"%s\", \"model\": \"m\"}}\n",
                provider, base, KEY);
        fclose(f);
    }
    LRT_CHECK_MSG(ok, "scenario %s could not be set up", name);
    return ok;
}

/* Starts c2v-agent with `args` (NULL-terminated), stdout to NAME.out and
 * stderr to NAME.err; with `scripted`, --config config-NAME.json --api test
 * come first. Returns its pid (-1 when it could not start). */
static pid_t spawn(const char *name, bool scripted, const char *const *args)
{
    char out[128], errp[128], config[128];
    snprintf(out, sizeof out, "%s.out", name);
    snprintf(errp, sizeof errp, "%s.err", name);
    snprintf(config, sizeof config, "config-%s.json", name);
    const char *argv[48];
    int n = 0;
    argv[n++] = agent;
    if (scripted) {
        argv[n++] = "--config";
        argv[n++] = config;
        argv[n++] = "--api";
        argv[n++] = "test";
        argv[n++] = "--backoff_ms";
        argv[n++] = "10";
    }
    for (int i = 0; args[i] && n < 47; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    /* Gone before the child starts, so that a caller polling the log for a
     * line never reads the previous run's (the child truncating it itself
     * may come after the first poll, on a loaded machine). */
    unlink(out);
    unlink(errp);
    pid_t pid = fork();
    if (pid == 0) {
        int fo = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644), fe = open(errp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0)
            _exit(126);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(agent, (char *const *)argv);
        _exit(127);
    }
    return pid;
}

/* The exit status of a spawned agent (-1 when it did not exit normally). */
static int wait_exit(pid_t pid)
{
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        return -1;
    /* Killed: minus the signal, so that a check's message names it. */
    return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? -WTERMSIG(st) : -1;
}

/* Runs c2v-agent (see spawn) and returns its exit status. */
static int run_with(const char *name, bool scripted, const char *const *args)
{
    return wait_exit(spawn(name, scripted, args));
}

static int run(const char *name, const char *const *args)
{
    return run_with(name, true, args);
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path);
}

static void rm_rf(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Files under `dir` that contain `needle`, counted; `files` counts them all. */
static const char *scan_needle;
static int scan_hits, scan_files;
static int scan_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if (flag == FTW_F) {
        scan_files++;
        if (test_file_contains(path, scan_needle) == 1) {
            scan_hits++;
            fprintf(stderr, "found the key in %s\n", path);
        }
    }
    return 0;
}

static int tree_contains(const char *dir, const char *needle, int *files)
{
    scan_needle = needle;
    scan_hits = scan_files = 0;
    nftw(dir, scan_entry, 16, FTW_PHYS);
    if (files)
        *files = scan_files;
    return scan_hits;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size > 0;
}

/* ffprobe's view of a video: duration (s) and the first video stream's codec. */
static double probe(const char *path, char *codec, size_t size)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -select_streams v:0 -show_entries stream=codec_name:format=duration "
             "-of default=nw=1 '%s' 2>&1",
             path);
    FILE *p = popen(cmd, "r");
    double d = -1;
    codec[0] = '\0';
    char line[256];
    while (p && fgets(line, sizeof line, p)) {
        if (strncmp(line, "duration=", 9) == 0)
            d = atof(line + 9);
        else if (strncmp(line, "codec_name=", 11) == 0)
            snprintf(codec, size, "%.*s", (int)strcspn(line + 11, "\n"), line + 11);
    }
    if (p)
        pclose(p);
    return d;
}

/* The codec of the first audio stream ("" when there is none). */
static void probe_audio(const char *path, char *codec, size_t size)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of default=nw=1 '%s' 2>&1", path);
    FILE *p = popen(cmd, "r");
    char line[256];
    codec[0] = '\0';
    while (p && fgets(line, sizeof line, p))
        if (strncmp(line, "codec_name=", 11) == 0)
            snprintf(codec, size, "%.*s", (int)strcspn(line + 11, "\n"), line + 11);
    if (p)
        pclose(p);
}

static cJSON *read_json(const char *path)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char buf[4096];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0) {
        char *t = realloc(text, n + k + 1);
        if (!t)
            break;
        text = t;
        memcpy(text + n, buf, k);
        n += k;
        text[n] = '\0';
    }
    fclose(f);
    cJSON *v = text ? cJSON_Parse(text) : NULL;
    free(text);
    return v;
}

static double jnum(const cJSON *v, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(v, a), b);
    return cJSON_IsNumber(x) ? x->valuedouble : -1;
}

/* A top-level member: a number (-1 when absent) or a string ("" when absent). */
static double jtop(const cJSON *v, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(v, key);
    return cJSON_IsNumber(x) ? x->valuedouble : -1;
}

static const char *jtext(const cJSON *v, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(v, key);
    return cJSON_IsString(x) ? x->valuestring : "";
}

/* topics.<topic> of a usage.json. */
static const cJSON *usage_topic(const cJSON *u, const char *topic)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(u, "topics"), topic);
}

/* The usage the server reported for one scenario: sums of its log lines. */
static void server_usage(const char *scenario, long *prompt, long *completion)
{
    *prompt = *completion = 0;
    FILE *f = fopen(server.log_path, "rb");
    char line[65536];
    while (f && fgets(line, sizeof line, f)) {
        if (!strstr(line, "\"usage_for\""))
            continue;
        cJSON *v = cJSON_Parse(line);
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(v, "usage_for");
        const cJSON *u = cJSON_GetObjectItemCaseSensitive(v, "usage_reported");
        if (cJSON_IsString(s) && strcmp(s->valuestring, scenario) == 0 && cJSON_GetArraySize(u) == 2) {
            *prompt += (long)cJSON_GetArrayItem(u, 0)->valuedouble;
            *completion += (long)cJSON_GetArrayItem(u, 1)->valuedouble;
        }
        cJSON_Delete(v);
    }
    if (f)
        fclose(f);
}

/* Requests of a scenario whose body contains `needle` (NULL: all). */
static int count_requests(const char *scenario, const char *needle)
{
    cJSON *reqs = test_server_requests(&server, scenario);
    int n = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, reqs)
    {
        const cJSON *body = cJSON_GetObjectItemCaseSensitive(r, "body");
        if (!needle || (cJSON_IsString(body) && strstr(body->valuestring, needle)))
            n++;
    }
    cJSON_Delete(reqs);
    return n;
}

/* The body of the first request containing `needle` (malloc'd or NULL). */
static char *request_body(const char *scenario, const char *needle)
{
    cJSON *reqs = test_server_requests(&server, scenario);
    char *out = NULL;
    const cJSON *r;
    cJSON_ArrayForEach(r, reqs)
    {
        const cJSON *body = cJSON_GetObjectItemCaseSensitive(r, "body");
        if (!out && cJSON_IsString(body) && strstr(body->valuestring, needle))
            out = strdup(body->valuestring);
    }
    cJSON_Delete(reqs);
    return out;
}

#define TOPIC_DIR "CASES/t/1-Area_of_a_square"

/* The full run's usage, for the resumes that add to it. */
static double full_calls = -1, full_wall = -1;

/* Broken JSON then good (outline), 429 then success (storyboard), a
 * validation error fixed by a scoped request (section 2), sections on two
 * threads; the MP4 plays; the key is nowhere; usage.json == server usage. */
static void test_full_run(void)
{
    if (!setup("full", "openai",
               "{'rules': ["
               "{'contains': 'Plan a short educational video', 'responses': ["
               "  {'reply': 'Sure! Here it is: {\\'topic\\': broken', 'usage': [11, 7]},"
               "  {'reply_file': '" FX("outline.json") "', 'usage': [101, 53]}]},"
               "{'contains': 'into a storyboard', 'responses': ["
               "  {'status': 429, 'headers': {'Retry-After': '0'}, 'body': {'error': {'message': 'slow down'}}},"
               "  {'reply_file': '" FX("storyboard.json") "', 'usage': [203, 89]}]},"
               "{'contains': 'does not pass the renderer', 'responses': ["
               "  {'reply_file': '" FX("section2_fix.json") "', 'usage': [307, 23]}]},"
               "{'contains': 'Write section 1 of 2', 'responses': [{'reply_file': '" FX("section1.json") "', 'usage': [401, 301]}]},"
               "{'contains': 'Write section 2 of 2', 'responses': [{'reply_file': '" FX("section2_bad.json") "', 'usage': [409, 311]}]}"
               "]}"))
        return;
    rm_rf("CASES");
    const char *args[] = {"--knowledge_point", "Area of a square", "--output", "CASES", "--folder_prefix", "t", "-j", "2",
                          "--video_quality", "l", "--max_code_token_length", "12345", NULL};
    int rc = run("full", args);
    LRT_CHECK_MSG(rc == 0, "full run exit status %d (see full.err)", rc);

    /* Artefacts of every stage. */
    static const char *const files[] = {TOPIC_DIR "/outline.json", TOPIC_DIR "/storyboard.json",
                                        TOPIC_DIR "/sections/section-01.json", TOPIC_DIR "/sections/section-02.json",
                                        TOPIC_DIR "/sections/section-01.mp4", TOPIC_DIR "/sections/section-02.mp4",
                                        TOPIC_DIR "/spec.json", TOPIC_DIR "/usage.json", TOPIC_DIR "/Area_of_a_square.mp4",
                                        "CASES/t/usage.json"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        LRT_CHECK_MSG(exists(files[i]), "missing artefact %s", files[i]);

    /* A playable MP4 lasting at least the two sections (2.5 s + 3 s; speech
     * may lengthen a step), narrated by default: an AAC track, subtitles
     * beside it. */
    char codec[32];
    double d = probe(TOPIC_DIR "/Area_of_a_square.mp4", codec, sizeof codec);
    LRT_CHECK_MSG(strcmp(codec, "h264") == 0, "codec \"%s\"", codec);
    LRT_CHECK_MSG(d > 5.3 && d < 15, "duration %.3f s, expected 5.5 or more", d);
    probe_audio(TOPIC_DIR "/Area_of_a_square.mp4", codec, sizeof codec);
    LRT_CHECK_MSG(strcmp(codec, "aac") == 0, "audio codec \"%s\", expected aac", codec);
    LRT_CHECK(exists(TOPIC_DIR "/Area_of_a_square.vtt"));
    LRT_CHECK(exists(TOPIC_DIR "/Area_of_a_square.srt"));
    LRT_CHECK(test_file_contains(TOPIC_DIR "/Area_of_a_square.vtt", "Its area is side times side") == 1);
    /* The Critic's geometric pass ran on each section (a log, maybe empty). */
    LRT_CHECK(exists(TOPIC_DIR "/sections/section-01.critic.json"));
    LRT_CHECK(exists(TOPIC_DIR "/sections/section-02.critic.json"));

    /* The repaired section holds the fix, in place of the faulty object only. */
    cJSON *sec2 = read_json(TOPIC_DIR "/sections/section-02.json");
    const cJSON *obj = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sec2, "sections"), 0), "objects"), 1);
    LRT_CHECK(cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(obj, "side_length")));
    LRT_CHECK(cJSON_GetObjectItemCaseSensitive(obj, "side_lenght") == NULL);
    cJSON_Delete(sec2);

    /* Requests: the broken reply was asked again, the 429 retried, one scoped fix. */
    LRT_CHECK_MSG(count_requests("full", "Plan a short educational video") == 2, "outline requests %d",
                  count_requests("full", "Plan a short educational video"));
    LRT_CHECK(count_requests("full", "could not be used") == 1);
    LRT_CHECK(count_requests("full", "into a storyboard") == 2);
    LRT_CHECK(count_requests("full", "does not pass the renderer") == 1);
    LRT_CHECK(count_requests("full", NULL) == 7);
    char *fix = request_body("full", "does not pass the renderer");
    LRT_CHECK(fix != NULL);
    if (fix) {
        /* The exact message with its JSON path, and only the object at fault. */
        LRT_CHECK_MSG(strstr(fix, "sections[0].objects[1].side_lenght") != NULL, "no JSON path in the fix request");
        LRT_CHECK(strstr(fix, "did you mean") != NULL);
        LRT_CHECK(strstr(fix, "The part at fault is sections[0].objects[1]") != NULL);
        LRT_CHECK_MSG(strstr(fix, "Double the side") == NULL, "the fix request carried the section's lines");
        LRT_CHECK_MSG(strstr(fix, "C2") == NULL, "the fix request carried another object");
        LRT_CHECK(strstr(fix, "C5") != NULL);
        free(fix);
    }

    /* The key: in no artefact, nowhere in stdout or stderr. */
    int nfiles = 0;
    LRT_CHECK_MSG(tree_contains("CASES", KEY, &nfiles) == 0, "the API key leaked into CASES");
    LRT_CHECK(nfiles >= 10);
    LRT_CHECK(test_file_contains("full.err", KEY) == 0);
    LRT_CHECK(test_file_contains("full.out", KEY) == 0);
    LRT_CHECK(test_file_contains("full.err", "sk-test") == 0);

    /* Progress on stderr, the table on stdout. */
    LRT_CHECK(test_file_contains("full.err", "storyboard: wrote storyboard.json") == 1);
    LRT_CHECK(test_file_contains("full.err", "s02: fix request for sections[0].objects[1]") == 1);
    LRT_CHECK(test_file_contains("full.out", "Area of a square") == 1);
    LRT_CHECK(test_file_contains("full.out", " ok ") == 1);

    /* usage.json == the usage the server reported, per topic and for the run. */
    long pt, ct;
    server_usage("full", &pt, &ct);
    LRT_CHECK(pt == 11 + 101 + 203 + 307 + 401 + 409);
    LRT_CHECK(ct == 7 + 53 + 89 + 23 + 301 + 311);
    cJSON *u = read_json(TOPIC_DIR "/usage.json");
    LRT_CHECK_MSG(jnum(u, "total", "prompt_tokens") == (double)pt, "usage prompt %g, server %ld",
                  jnum(u, "total", "prompt_tokens"), pt);
    LRT_CHECK(jnum(u, "total", "completion_tokens") == (double)ct);
    LRT_CHECK(jnum(u, "total", "calls") == 6);    /* 2 outline + 1 storyboard + 2 coder + 1 fix */
    LRT_CHECK(jnum(u, "total", "attempts") == 7); /* the 429 was one more attempt */
    const cJSON *stages = cJSON_GetObjectItemCaseSensitive(u, "stages");
    LRT_CHECK(jnum(stages, "fix", "calls") == 1);
    LRT_CHECK(jnum(stages, "coder", "prompt_tokens") == 401 + 409);
    /* Wall time beside LLM time: the topic's own (what EFF reads), each stage's. */
    LRT_CHECK(jnum(u, "total", "llm_seconds") == jnum(u, "total", "seconds"));
    LRT_CHECK_MSG(jtop(u, "wall_seconds") > jnum(u, "total", "llm_seconds") + 0.1, "wall %.3f s, LLM %.3f s",
                  jtop(u, "wall_seconds"), jnum(u, "total", "llm_seconds"));
    LRT_CHECK(jnum(u, "total", "wall_seconds") == jtop(u, "wall_seconds"));
    LRT_CHECK(jnum(stages, "render", "wall_seconds") > 0.05 && jnum(stages, "render", "calls") == 0);
    LRT_CHECK(jnum(stages, "join", "wall_seconds") > 0.05);
    LRT_CHECK(jnum(stages, "coder", "wall_seconds") >= jnum(stages, "coder", "llm_seconds"));
    const cJSON *ut = usage_topic(u, "Area of a square");
    LRT_CHECK(jtop(ut, "invocations") == 1 && jtop(ut, "wall_seconds") == jtop(u, "wall_seconds"));
    LRT_CHECK(strcmp(jtext(u, "status"), "ok") == 0 && strcmp(jtext(u, "topic"), "Area of a square") == 0);
    full_calls = jnum(u, "total", "calls");
    full_wall = jtop(u, "wall_seconds");
    cJSON_Delete(u);
    /* --max_code_token_length reaches the Coder's requests (writes and the fix), not the Planner's. */
    LRT_CHECK_MSG(count_requests("full", "\"max_completion_tokens\":12345") == 3, "%d requests with the limit",
                  count_requests("full", "\"max_completion_tokens\":12345"));
    LRT_CHECK(count_requests("full", "\"max_completion_tokens\":16000") == 0);
    cJSON *ru = read_json("CASES/t/usage.json");
    LRT_CHECK(jnum(ru, "total", "prompt_tokens") == (double)pt);
    LRT_CHECK(jnum(ru, "total", "completion_tokens") == (double)ct);
    cJSON_Delete(ru);
}

/* --resume over the finished run: no call at all (the scenario fails every
 * request, in Gemini's format); a deleted clip is rendered again without a
 * call; a deleted section spec costs exactly one coder call. */
static void test_resume(void)
{
    if (!setup("resume", "gemini", "{'responses': [{'status': 500, 'body': {'error': {'message': 'down'}}}]}"))
        return;
    const char *args[] = {"--knowledge_point", "Area of a square", "--output", "CASES", "--folder_prefix", "t",
                          "--resume", "--max_attempts", "1", NULL};
    int rc = run("resume", args);
    LRT_CHECK_MSG(rc == 0, "resume exit status %d (see resume.err)", rc);
    LRT_CHECK(count_requests("resume", NULL) == 0);
    LRT_CHECK(test_file_contains("resume.err", "outline: reused outline.json") == 1);
    LRT_CHECK(test_file_contains("resume.err", "join: reused") == 1);
    /* A resume that reuses everything keeps what the first run spent, adds its time. */
    cJSON *u = read_json(TOPIC_DIR "/usage.json");
    LRT_CHECK_MSG(jnum(u, "total", "calls") == full_calls && full_calls == 6, "calls %g after a resume, %g before",
                  jnum(u, "total", "calls"), full_calls);
    LRT_CHECK(jnum(u, "total", "prompt_tokens") == 11 + 101 + 203 + 307 + 401 + 409);
    LRT_CHECK(jtop(usage_topic(u, "Area of a square"), "invocations") == 2);
    LRT_CHECK_MSG(jtop(u, "wall_seconds") > full_wall, "wall %.3f s, first run %.3f s", jtop(u, "wall_seconds"),
                  full_wall);
    LRT_CHECK(test_file_contains("resume.err", "usage: 6 calls, 2216 tokens") == 1);
    cJSON_Delete(u);

    remove(TOPIC_DIR "/sections/section-01.mp4");
    rc = run("resume", args);
    LRT_CHECK_MSG(rc == 0, "resume (clip deleted) exit status %d", rc);
    LRT_CHECK(count_requests("resume", NULL) == 0);
    LRT_CHECK(exists(TOPIC_DIR "/sections/section-01.mp4"));
    LRT_CHECK(test_file_contains("resume.err", "join: 2 sections") == 1);

    if (!setup("resume2", "gemini",
               "{'rules': [{'contains': 'Write section 2 of 2', 'responses': [{'reply_file': '" FX("section2.json") "', 'usage': [5, 3]}]}],"
               " 'responses': [{'status': 500, 'body': {'error': {'message': 'down'}}}]}"))
        return;
    remove(TOPIC_DIR "/sections/section-02.json");
    rc = run("resume2", args);
    LRT_CHECK_MSG(rc == 0, "resume (spec deleted) exit status %d (see resume2.err)", rc);
    LRT_CHECK(count_requests("resume2", NULL) == 1);
    LRT_CHECK(count_requests("resume2", "Write section 2 of 2") == 1);
    /* The rewritten section's call is added once; the reused stages keep theirs. */
    u = read_json(TOPIC_DIR "/usage.json");
    LRT_CHECK_MSG(jnum(u, "total", "calls") == 7, "calls %g", jnum(u, "total", "calls"));
    LRT_CHECK(jnum(u, "total", "prompt_tokens") == 11 + 101 + 203 + 307 + 401 + 409 + 5);
    LRT_CHECK(jnum(cJSON_GetObjectItemCaseSensitive(u, "stages"), "coder", "calls") == 3);
    LRT_CHECK(jtop(usage_topic(u, "Area of a square"), "invocations") == 4);
    cJSON_Delete(u);
    cJSON *ru = read_json("CASES/t/usage.json");
    LRT_CHECK(jnum(ru, "total", "calls") == 7 && jnum(ru, "total", "prompt_tokens") == 1432 + 5);
    cJSON_Delete(ru);
    char codec[32];
    double d = probe(TOPIC_DIR "/Area_of_a_square.mp4", codec, sizeof codec);
    LRT_CHECK_MSG(d > 5.3 && d < 15, "duration after resume %.3f s", d);

    /* A storyboard newer than the sections (planned again) makes every
     * section stale: both are written again, the plan is not. */
    if (!setup("resume3", "gemini",
               "{'rules': [{'contains': 'Write section 1 of 2', 'responses': [{'reply_file': '" FX("section1.json") "', 'usage': [5, 3]}]},"
               " {'contains': 'Write section 2 of 2', 'responses': [{'reply_file': '" FX("section2.json") "', 'usage': [5, 3]}]}],"
               " 'responses': [{'status': 500, 'body': {'error': {'message': 'down'}}}]}"))
        return;
    cJSON *story = read_json(TOPIC_DIR "/storyboard.json");
    char *text = story ? cJSON_Print(story) : NULL;
    FILE *f = text ? fopen(TOPIC_DIR "/storyboard.json", "wb") : NULL;
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(text);
    cJSON_Delete(story);
    rc = run("resume3", args);
    LRT_CHECK_MSG(rc == 0, "resume (storyboard newer) exit status %d (see resume3.err)", rc);
    LRT_CHECK(count_requests("resume3", NULL) == 2);
    LRT_CHECK(count_requests("resume3", "Write section") == 2);

    /* --resume --no-audio over the narrated video: no call, the silent clips
     * joined (the narrated video is not reused), its subtitles removed. */
    const char *silent[] = {"--knowledge_point", "Area of a square", "--output", "CASES", "--folder_prefix", "t",
                            "--resume", "--max_attempts", "1", "--no-audio", NULL};
    LRT_CHECK(exists(TOPIC_DIR "/Area_of_a_square.vtt"));
    rc = run("resume", silent);
    LRT_CHECK_MSG(rc == 0, "resume --no-audio exit status %d (see resume.err)", rc);
    LRT_CHECK(count_requests("resume", NULL) == 0);
    LRT_CHECK(test_file_contains("resume.err", "join: 2 sections -> ") == 1);
    strcpy(codec, "?");
    probe_audio(TOPIC_DIR "/Area_of_a_square.mp4", codec, sizeof codec);
    LRT_CHECK_MSG(codec[0] == '\0', "audio \"%s\" after --no-audio", codec);
    LRT_CHECK(!exists(TOPIC_DIR "/Area_of_a_square.vtt"));
    LRT_CHECK(!exists(TOPIC_DIR "/Area_of_a_square.srt"));
}

/* 500 forever: the run ends, non-zero, within the retry budget, saying why. */
static void test_server_down(void)
{
    if (!setup("down", "openai", "{'responses': [{'status': 500, 'body': {'error': {'message': 'overloaded'}}}]}"))
        return;
    const char *args[] = {"--knowledge_point", "Area of a square", "--output", "CASES", "--folder_prefix", "down",
                          "--max_attempts", "3", NULL};
    int rc = run("down", args);
    LRT_CHECK_MSG(rc == 1, "exit status %d, expected 1", rc);
    LRT_CHECK_MSG(count_requests("down", NULL) == 3, "%d requests, expected 3 attempts", count_requests("down", NULL));
    LRT_CHECK(test_file_contains("down.err", "HTTP 500") == 1);
    LRT_CHECK(test_file_contains("down.err", "gave up after 3 attempts") == 1);
    LRT_CHECK(test_file_contains("down.out", "FAILED") == 1);
    LRT_CHECK(test_file_contains("down.err", KEY) == 0);
    cJSON *u = read_json("CASES/down/1-Area_of_a_square/usage.json");
    LRT_CHECK(jnum(u, "total", "failures") == 1);
    LRT_CHECK(jnum(u, "total", "attempts") == 3);
    LRT_CHECK(strcmp(jtext(u, "status"), "failed") == 0);
    cJSON_Delete(u);
    /* Each retry said which call, why and how long it waits. */
    LRT_CHECK(test_file_contains("down.err", "[1 Area of a square] outline: openai (entry \"test\"): server error, "
                                             "HTTP 500: overloaded; waiting ") == 1);
    LRT_CHECK(test_file_contains("down.err", "s before attempt 2 of 3") == 1);
    LRT_CHECK(test_file_contains("down.err", "s before attempt 3 of 3") == 1);
}

/* A section that stays invalid: fixes, then a regeneration, then a failure
 * naming the section; no MP4 for the topic. */
static void test_regenerate(void)
{
    if (!setup("regen", "openai",
               "{'rules': ["
               "{'contains': 'Plan a short educational video', 'responses': [{'reply_file': '" FX("outline1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'into a storyboard', 'responses': [{'reply_file': '" FX("storyboard1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'does not pass the renderer', 'responses': [{'reply': '{\\'id\\': \\'big\\', \\'type\\': \\'square\\', \\'side_lenght\\': 3}', 'usage': [1, 1]}]},"
               "{'contains': 'could not be repaired', 'responses': [{'reply_file': '" FX("section2_bad.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'Write section 1 of 1', 'responses': [{'reply_file': '" FX("section2_bad.json") "', 'usage': [1, 1]}]}"
               "]}"))
        return;
    const char *args[] = {"--knowledge_point", "Regeneration", "--output", "CASES", "--folder_prefix", "regen",
                          "--max_fix_bug_tries", "2", "--max_regenerate_tries", "1", NULL};
    int rc = run("regen", args);
    LRT_CHECK_MSG(rc == 1, "exit status %d, expected 1", rc);
    LRT_CHECK(count_requests("regen", "Write section 1 of 1") == 2); /* the first write and the regeneration */
    LRT_CHECK(count_requests("regen", "could not be repaired") == 1);
    LRT_CHECK(count_requests("regen", "does not pass the renderer") == 4); /* 2 fixes per attempt */
    char *regen = request_body("regen", "could not be repaired");
    LRT_CHECK(regen && strstr(regen, "side_lenght") != NULL); /* it is told what failed */
    free(regen);
    LRT_CHECK(test_file_contains("regen.err", "section s01") == 1);
    LRT_CHECK(test_file_contains("regen.err", "still failing after 4 fixes and 1 regeneration") == 1);
    LRT_CHECK(!exists("CASES/regen/1-Regeneration/Regeneration.mp4"));
    LRT_CHECK(!exists("CASES/regen/1-Regeneration/sections/section-01.mp4"));
}

/* A LaTeX error found by the render: the fix request is scoped to the
 * formula's object and carries TeX's message; the fixed section renders. */
static void test_tex_fix(void)
{
    if (!setup("tex", "openai",
               "{'rules': ["
               "{'contains': 'Plan a short educational video', 'responses': [{'reply_file': '" FX("outline1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'into a storyboard', 'responses': [{'reply_file': '" FX("storyboard1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'does not pass the renderer', 'responses': [{'reply_file': '" FX("section_tex_fix.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'Write section 1 of 1', 'responses': [{'reply_file': '" FX("section_tex_bad.json") "', 'usage': [1, 1]}]}"
               "]}"))
        return;
    const char *args[] = {"--knowledge_point", "TeX repair", "--output", "CASES", "--folder_prefix", "tex",
                          "--no-audio", NULL};
    int rc = run("tex", args);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see tex.err)", rc);
    LRT_CHECK(exists("CASES/tex/1-TeX_repair/TeX_repair.mp4"));
    /* --no-audio: the silent clips joined, no audio stream, no subtitles. */
    char codec[32];
    double d = probe("CASES/tex/1-TeX_repair/TeX_repair.mp4", codec, sizeof codec);
    LRT_CHECK_MSG(strcmp(codec, "h264") == 0 && d > 0, "codec \"%s\", %.3f s", codec, d);
    strcpy(codec, "?");
    probe_audio("CASES/tex/1-TeX_repair/TeX_repair.mp4", codec, sizeof codec);
    LRT_CHECK_MSG(codec[0] == '\0', "--no-audio gave an audio stream \"%s\"", codec);
    LRT_CHECK(!exists("CASES/tex/1-TeX_repair/TeX_repair.vtt"));
    LRT_CHECK(count_requests("tex", "does not pass the renderer") == 1);
    char *fix = request_body("tex", "does not pass the renderer");
    LRT_CHECK(fix != NULL);
    if (fix) {
        LRT_CHECK_MSG(strstr(fix, "The part at fault is sections[0].objects[1]") != NULL,
                      "the TeX fix was not scoped to the formula's object");
        LRT_CHECK(strstr(fix, "tex: ") != NULL); /* librender's message, TeX's words in it */
        LRT_CHECK(strstr(fix, "D3") == NULL);    /* not the square */
        free(fix);
    }
    LRT_CHECK(test_file_contains("tex.err", "s01: done (1 fix, 0 regenerations)") == 1);
}

/* A prompt-injected Coder (issue 15): its formula hands PostScript that
 * runs `touch` to dvisvgm through \begin{special}. The spec check refuses
 * it before anything runs, the fix request names the object and what is
 * not allowed, the command never runs, and the fixed section renders. */
static void test_tex_hostile(void)
{
    const char *marker = "/tmp/c2v-agent-tex-pwned"; /* in the fixture, as PostScript hex */
    unlink(marker);
    if (!setup("hostile", "openai",
               "{'rules': ["
               "{'contains': 'Plan a short educational video', 'responses': [{'reply_file': '" FX("outline1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'into a storyboard', 'responses': [{'reply_file': '" FX("storyboard1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'does not pass the renderer', 'responses': [{'reply_file': '" FX("section_tex_fix.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'Write section 1 of 1', 'responses': [{'reply_file': '" FX("section_tex_hostile.json") "', 'usage': [1, 1]}]}"
               "]}"))
        return;
    const char *args[] = {"--knowledge_point", "TeX attack", "--output", "CASES", "--folder_prefix", "hostile",
                          "--no-audio", NULL};
    int rc = run("hostile", args);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see hostile.err)", rc);
    LRT_CHECK_MSG(access(marker, F_OK) != 0, "the Coder's formula ran a shell command");
    unlink(marker);
    LRT_CHECK(exists("CASES/hostile/1-TeX_attack/TeX_attack.mp4"));
    LRT_CHECK(count_requests("hostile", "does not pass the renderer") == 1);
    char *fix = request_body("hostile", "does not pass the renderer");
    LRT_CHECK(fix != NULL);
    if (fix) {
        LRT_CHECK_MSG(strstr(fix, "objects[1].tex") != NULL, "the fix request does not name the formula");
        LRT_CHECK_MSG(strstr(fix, "begin{special} is not allowed in a formula") != NULL,
                      "the fix request does not say what is not allowed");
        free(fix);
    }
}

/* A knowledge file with --max_concepts 2, two workers, Anthropic's format:
 * the second topic fails (no usable JSON), the first is still made, the
 * third is never started, the table shows both. */
static void test_batch(void)
{
    if (!setup("batch", "anthropic",
               "{'rules': ["
               "{'contains': 'Topic broken', 'responses': [{'reply': 'I would rather not.', 'usage': [2, 2]}]},"
               "{'contains': ['Topic one', 'Plan a short educational video'], 'responses': [{'reply_file': '" FX("outline1.json") "', 'usage': [3, 3]}]},"
               "{'contains': ['Topic one', 'into a storyboard'], 'responses': [{'reply_file': '" FX("storyboard1.json") "', 'usage': [3, 3]}]},"
               "{'contains': ['Topic one', 'Write section 1 of 1'], 'responses': [{'reply_file': '" FX("section1.json") "', 'usage': [3, 3]}]}"
               "]}"))
        return;
    FILE *f = fopen("topics.json", "wb");
    if (f) {
        fputs("[\"Topic one\", \"Topic broken\", \"Topic three\"]\n", f);
        fclose(f);
    }
    const char *args[] = {"--knowledge_file", "topics.json", "--max_concepts", "2", "-j", "2", "--output", "CASES",
                          "--folder_prefix", "batch", NULL};
    int rc = run("batch", args);
    LRT_CHECK_MSG(rc == 1, "exit status %d, expected 1", rc);
    LRT_CHECK(exists("CASES/batch/1-Topic_one/Topic_one.mp4"));
    LRT_CHECK(exists("CASES/batch/2-Topic_broken/usage.json"));
    LRT_CHECK(!exists("CASES/batch/2-Topic_broken/outline.json"));
    struct stat st;
    LRT_CHECK(stat("CASES/batch/3-Topic_three", &st) != 0);
    LRT_CHECK(count_requests("batch", "Topic three") == 0);
    LRT_CHECK(count_requests("batch", "Topic broken") == 3); /* json_attempts */
    LRT_CHECK(test_file_contains("batch.out", "Topic one") == 1);
    LRT_CHECK(test_file_contains("batch.out", "FAILED") == 1);
    LRT_CHECK(test_file_contains("batch.out", "failed: Topic broken") == 1);
    LRT_CHECK(test_file_contains("batch.err", "[2 Topic broken]") == 1);
    cJSON *u = read_json("CASES/batch/usage.json");
    long pt, ct;
    server_usage("batch", &pt, &ct);
    LRT_CHECK(jnum(u, "total", "prompt_tokens") == (double)pt);
    LRT_CHECK(pt == 3 * 3 + 3 * 2);
    cJSON_Delete(u);
    /* -1 means every topic; a bad file is a usage error. */
    f = fopen("bad-topics.json", "wb");
    if (f) {
        fputs("{\"not\": \"an array\"}\n", f);
        fclose(f);
    }
    const char *bad[] = {"--knowledge_file", "bad-topics.json", "--max_concepts", "-1", NULL};
    LRT_CHECK(run("batch", bad) == 2);
    LRT_CHECK(test_file_contains("batch.err", "expected a JSON array of topic strings") == 1);
}

/* The shipped recording (examples/replay): the whole pipeline with no key,
 * no config file and no server, to a 32 s video. */
static void test_replay(void)
{
    const char *args[] = {"--api", "replay", "--replay_dir", LRT_SOURCE_DIR "/examples/replay/area_of_a_circle",
                          "--knowledge_point", "The area of a circle", "--config", "no-such-config.json",
                          "--output", "CASES", "--folder_prefix", "replay", "-j", "2", NULL};
    rm_rf("CASES/replay");
    int rc = run_with("replay", false, args);
    LRT_CHECK_MSG(rc == 0, "replay exit status %d (see replay.err; after editing prompts/, run "
                  "examples/replay/record.py)", rc);
    char codec[32];
    double d = probe("CASES/replay/1-The_area_of_a_circle/The_area_of_a_circle.mp4", codec, sizeof codec);
    /* 32 s silent; narrated, speech longer than its steps adds waits. */
    LRT_CHECK_MSG(d > 31.8 && d < 45, "replayed video lasts %.3f s, expected 32 or more", d);
    LRT_CHECK(strcmp(codec, "h264") == 0);
    probe_audio("CASES/replay/1-The_area_of_a_circle/The_area_of_a_circle.mp4", codec, sizeof codec);
    LRT_CHECK_MSG(strcmp(codec, "aac") == 0, "replayed video's audio \"%s\"", codec);
    LRT_CHECK(test_file_contains("replay.err", "LLM entry \"replay\" (replay, --api), no VLM") == 1);
    cJSON *u = read_json("CASES/replay/1-The_area_of_a_circle/usage.json");
    LRT_CHECK(jnum(u, "total", "calls") == 5);
    LRT_CHECK(jnum(u, "total", "attempts") == 0); /* no HTTP at all */
    LRT_CHECK(jnum(u, "total", "prompt_tokens") == 310 + 690 + 3 * 2400);
    cJSON_Delete(u);
    /* The recording says what it is: replies by hand, tokens estimated. */
    const char *rec = LRT_SOURCE_DIR "/examples/replay/area_of_a_circle";
    char path[1024];
    snprintf(path, sizeof path, "%s/README.md", rec);
    LRT_CHECK(test_file_contains(path, "written by hand") == 1 && test_file_contains(path, "not by a model") == 1);
    LRT_CHECK(test_file_contains(path, "token counts are estimates") == 1);
    LRT_CHECK(test_file_contains(LRT_SOURCE_DIR "/examples/replay/README.md", "written by hand") == 1);
    DIR *folder = opendir(rec);
    int notes = 0, files = 0;
    struct dirent *de;
    while (folder && (de = readdir(folder)) != NULL) {
        size_t n = strlen(de->d_name);
        if (n < 5 || strcmp(de->d_name + n - 5, ".json") != 0)
            continue;
        files++;
        snprintf(path, sizeof path, "%s/%s", rec, de->d_name);
        cJSON *r = read_json(path);
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(r, "provenance");
        notes += strstr(jtext(p, "replies"), "not by a model") && strstr(jtext(p, "completion_tokens"), "estimated") &&
                 strcmp(jtext(r, "model"), "hand-written") == 0;
        cJSON_Delete(r);
    }
    if (folder)
        closedir(folder);
    LRT_CHECK_MSG(files == 5 && notes == 5, "%d of %d recordings carry the provenance note", notes, files);
}

/* The second shipped recording: a lesson whose sections use the spec's
 * values (version 2): a secant that becomes a tangent, a slope traced into
 * the derivative's graph. The video renders and the spec it came from says
 * version 2 and animates values. */
static void test_replay_values(void)
{
    const char *args[] = {"--api", "replay", "--replay_dir", LRT_SOURCE_DIR "/examples/replay/the_derivative",
                          "--knowledge_point", "The derivative as a slope", "--config", "no-such-config.json",
                          "--output", "CASES", "--folder_prefix", "replay2", "--no-audio", NULL};
    rm_rf("CASES/replay2");
    int rc = run_with("replay2", false, args);
    LRT_CHECK_MSG(rc == 0, "replay exit status %d (see replay2.err; after editing prompts/, run "
                  "examples/replay/record.py)", rc);
    char codec[32];
    double d = probe("CASES/replay2/1-The_derivative_as_a_slope/The_derivative_as_a_slope.mp4", codec, sizeof codec);
    LRT_CHECK_MSG(d > 23.8 && d < 24.5, "replayed video lasts %.3f s, expected 24", d);
    cJSON *spec = read_json("CASES/replay2/1-The_derivative_as_a_slope/spec.json");
    LRT_CHECK(jtop(spec, "version") == 2);
    char *text = spec ? cJSON_PrintUnformatted(spec) : NULL;
    LRT_CHECK(text && strstr(text, "\"type\":\"value\"") && strstr(text, "\"anim\":\"SetValue\"") &&
              strstr(text, "\"type\":\"traced_path\""));
    free(text);
    cJSON_Delete(spec);
}

/* A section's object by id (NULL when it has none). */
static const cJSON *section_object(const cJSON *section, const char *id)
{
    const cJSON *o;
    cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(section, "objects"))
        if (strcmp(jtext(o, "id"), id) == 0)
            return o;
    return NULL;
}

/* How many of a section's play steps run the animation anim, and (when
 * target is not NULL) the target of the first that does. */
static int count_anim(const cJSON *section, const char *anim, const char **target)
{
    int n = 0;
    const cJSON *step, *a;
    cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(section, "timeline"))
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(step, "play"))
            if (strcmp(jtext(a, "anim"), anim) == 0 && n++ == 0 && target)
                *target = jtext(a, "target");
    return n;
}

/* The third shipped recording: a lesson whose sections use the spec's maps
 * of the plane (version 2): a shear carries the grid and its vectors, the
 * matrix's columns flash, then a unit square is mapped to a parallelogram of
 * area 6. The video renders, and the spec it came from maps a number plane
 * in section 1 and an object on a plane in section 2 with ApplyMatrix. */
static void test_replay_maps(void)
{
    const char *args[] = {"--api", "replay", "--replay_dir", LRT_SOURCE_DIR "/examples/replay/linear_transformations",
                          "--knowledge_point", "Linear transformations and matrices", "--config", "no-such-config.json",
                          "--output", "CASES", "--folder_prefix", "replay3", "--no-audio", NULL};
    rm_rf("CASES/replay3");
    int rc = run_with("replay3", false, args);
    LRT_CHECK_MSG(rc == 0, "replay exit status %d (see replay3.err; after editing prompts/, run "
                  "examples/replay/record.py)", rc);
    const char *dir = "CASES/replay3/1-Linear_transformations_and_matrices";
    char path[256], codec[32];
    snprintf(path, sizeof path, "%s/Linear_transformations_and_matrices.mp4", dir);
    double d = probe(path, codec, sizeof codec);
    LRT_CHECK_MSG(d > 21.3 && d < 22, "replayed video lasts %.3f s, expected 21.5", d);
    snprintf(path, sizeof path, "%s/spec.json", dir);
    cJSON *spec = read_json(path);
    LRT_CHECK(jtop(spec, "version") == 2);
    const cJSON *sections = cJSON_GetObjectItemCaseSensitive(spec, "sections");
    LRT_CHECK_MSG(cJSON_GetArraySize(sections) == 2, "%d sections in %s", cJSON_GetArraySize(sections), path);
    const cJSON *s1 = cJSON_GetArrayItem(sections, 0), *s2 = cJSON_GetArrayItem(sections, 1);
    const char *t1 = "", *t2 = "";
    int n1 = count_anim(s1, "ApplyMatrix", &t1), n2 = count_anim(s2, "ApplyMatrix", &t2);
    LRT_CHECK_MSG(n1 >= 1 && n2 >= 1, "ApplyMatrix: %d in section 1, %d in section 2", n1, n2);
    /* Section 1 maps the plane itself (what is on it goes along), section 2
     * an object drawn on a plane (the map in the plane's coordinates). */
    LRT_CHECK_MSG(strcmp(jtext(section_object(s1, t1), "type"), "number_plane") == 0,
                  "section 1 maps \"%s\", not a number_plane", t1);
    const cJSON *on = section_object(s2, t2);
    LRT_CHECK_MSG(*jtext(on, "plane") && strcmp(jtext(section_object(s2, jtext(on, "plane")), "type"),
                                                 "number_plane") == 0,
                  "section 2 maps \"%s\", not an object on a number_plane", t2);
    const char *part = "";
    LRT_CHECK(count_anim(s1, "Indicate", &part) >= 1 && strcmp(part, "m.column(0)") == 0 &&
              strcmp(jtext(section_object(s1, "m"), "type"), "matrix") == 0);
    cJSON_Delete(spec);
}

/* The fourth shipped recording: formula parts and a chart (version 2). The
 * law's three factors are parts that a box surrounds and Indicate flashes,
 * TransformMatchingTex takes them to the case n = 4, k = 2 by a key_map,
 * then ChangeBarValues moves a bar chart from p = 1/2 to p = 0.8. The video
 * renders, and its spec says all of that. */
static void test_replay_chart(void)
{
    const char *args[] = {"--api", "replay", "--replay_dir", LRT_SOURCE_DIR "/examples/replay/the_binomial_distribution",
                          "--knowledge_point", "The binomial distribution", "--config", "no-such-config.json",
                          "--output", "CASES", "--folder_prefix", "replay4", "--no-audio", NULL};
    rm_rf("CASES/replay4");
    int rc = run_with("replay4", false, args);
    LRT_CHECK_MSG(rc == 0, "replay exit status %d (see replay4.err; after editing prompts/, run "
                  "examples/replay/record.py)", rc);
    const char *dir = "CASES/replay4/1-The_binomial_distribution";
    char path[256], codec[32];
    snprintf(path, sizeof path, "%s/The_binomial_distribution.mp4", dir);
    double d = probe(path, codec, sizeof codec);
    LRT_CHECK_MSG(d > 19.3 && d < 20, "replayed video lasts %.3f s, expected 19.5", d);
    snprintf(path, sizeof path, "%s/spec.json", dir);
    cJSON *spec = read_json(path);
    LRT_CHECK(jtop(spec, "version") == 2);
    const cJSON *sections = cJSON_GetObjectItemCaseSensitive(spec, "sections");
    LRT_CHECK_MSG(cJSON_GetArraySize(sections) == 2, "%d sections in %s", cJSON_GetArraySize(sections), path);
    const cJSON *s1 = cJSON_GetArrayItem(sections, 0), *s2 = cJSON_GetArrayItem(sections, 1);
    const char *from = "", *part = "", *chart = "";
    LRT_CHECK(count_anim(s1, "TransformMatchingTex", &from) == 1 && strcmp(jtext(section_object(s1, from), "type"), "tex") == 0);
    LRT_CHECK_MSG(count_anim(s1, "Indicate", &part) >= 2 && strncmp(part, "law.part(", 9) == 0,
                  "section 1 flashes \"%s\", not a part of the law", part);
    LRT_CHECK(strcmp(jtext(section_object(s1, "box"), "type"), "surrounding_rectangle") == 0 &&
              strncmp(jtext(section_object(s1, "box"), "target"), "law.part(", 9) == 0);
    LRT_CHECK(count_anim(s2, "ChangeBarValues", &chart) == 1);
    const cJSON *c = section_object(s2, chart);
    LRT_CHECK_MSG(strcmp(jtext(c, "type"), "bar_chart") == 0 &&
                  cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "values")) == 5,
                  "section 2 changes the bars of \"%s\", not a 5-bar chart", chart);
    cJSON_Delete(spec);
}

/* The fifth shipped recording: a lesson whose sections are 3D (version 2):
 * each has a camera placed in the anchor grid, three_d_axes and vectors
 * with [x, y, z] ends; the first turns the camera round and up, the second
 * shows the parallelogram as a surface and looks down a x b. */
static bool is_3d_vector(const cJSON *o)
{
    const cJSON *end = cJSON_GetObjectItemCaseSensitive(o, "end");
    return strcmp(jtext(o, "type"), "vector") == 0 && cJSON_GetArraySize(end) == 3;
}

/* A shipped recording replayed with no key into CASES/<prefix>: the spec it
 * rendered (NULL when it failed), once its video is found to last from lo
 * to hi seconds. *dir gets the topic's folder. */
static cJSON *replayed_spec(const char *lesson, const char *topic, const char *prefix, double lo, double hi,
                            char *dir, size_t size)
{
    char replay_dir[256], folder[64], name[128];
    snprintf(replay_dir, sizeof replay_dir, "%s/examples/replay/%s", LRT_SOURCE_DIR, lesson);
    snprintf(folder, sizeof folder, "CASES/%s", prefix);
    snprintf(name, sizeof name, "%s", topic);
    for (char *p = name; *p; p++)
        *p = *p == ' ' ? '_' : *p;
    const char *args[] = {"--api", "replay", "--replay_dir", replay_dir, "--knowledge_point", topic, "--config",
                          "no-such-config.json", "--output", "CASES", "--folder_prefix", prefix, "--no-audio", NULL};
    rm_rf(folder);
    int rc = run_with(prefix, false, args);
    LRT_CHECK_MSG(rc == 0, "replay exit status %d (see %s.err; after editing prompts/, run "
                  "examples/replay/record.py)", rc, prefix);
    snprintf(dir, size, "%s/1-%s", folder, name);
    char path[512], codec[32];
    snprintf(path, sizeof path, "%s/%s.mp4", dir, name);
    double d = probe(path, codec, sizeof codec);
    LRT_CHECK_MSG(d > lo && d < hi, "replayed video lasts %.3f s, expected %g to %g", d, lo, hi);
    snprintf(path, sizeof path, "%s/spec.json", dir);
    return rc == 0 ? read_json(path) : NULL;
}

static void test_replay_3d(void)
{
    char dir[256], path[512];
    cJSON *spec = replayed_spec("the_cross_product", "The cross product", "replay5", 21.8, 22.5, dir, sizeof dir);
    if (!spec)
        return;
    LRT_CHECK(jtop(spec, "version") == 2);
    const cJSON *sections = cJSON_GetObjectItemCaseSensitive(spec, "sections");
    LRT_CHECK_MSG(cJSON_GetArraySize(sections) == 2, "%d sections in %s/spec.json", cJSON_GetArraySize(sections), dir);
    const cJSON *s;
    int k = 0;
    cJSON_ArrayForEach(s, sections)
    {
        const cJSON *cam = cJSON_GetObjectItemCaseSensitive(s, "camera");
        const cJSON *at = cJSON_GetObjectItemCaseSensitive(cam, "position");
        LRT_CHECK_MSG(cJSON_IsObject(cam) && jtop(cam, "phi") > 0 && cJSON_GetArraySize(at) == 2 &&
                          cJSON_GetArrayItem(at, 0)->valuedouble > 0.5,
                      "section %d: no 3D camera placed in the grid", k + 1);
        int vectors = 0, axes = 0;
        const cJSON *o;
        cJSON_ArrayForEach(o, cJSON_GetObjectItemCaseSensitive(s, "objects"))
        {
            vectors += is_3d_vector(o);
            axes += strcmp(jtext(o, "type"), "three_d_axes") == 0;
        }
        LRT_CHECK_MSG(vectors == 3 && axes == 1, "section %d: %d 3D vectors, %d three_d_axes", k + 1, vectors, axes);
        LRT_CHECK(count_anim(s, "MoveCamera", NULL) == 1);
        k++;
    }
    const cJSON *s1 = cJSON_GetArrayItem(sections, 0), *s2 = cJSON_GetArrayItem(sections, 1);
    bool turns = false;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(s1, "timeline"))
        turns |= jtop(s, "ambient_rotation") > 0;
    LRT_CHECK_MSG(turns, "section 1 does not turn the camera");
    LRT_CHECK(strcmp(jtext(section_object(s2, "gram"), "type"), "surface") == 0);
    cJSON_Delete(spec);
    /* The 3D view is one picture: the Critic found nothing to fix in it. */
    for (int i = 1; i <= 2; i++) {
        snprintf(path, sizeof path, "%s/sections/section-0%d.critic.json", dir, i);
        cJSON *log = read_json(path);
        LRT_CHECK_MSG(cJSON_IsArray(log) && cJSON_GetArraySize(log) == 0, "%s has %d entries", path,
                      cJSON_GetArraySize(log));
        cJSON_Delete(log);
    }
}

/* The Critic's geometric pass in the pipeline: a section with a known
 * overlap is fixed with no VLM request (no --use_feedback, and the scenario
 * answers any other request with an error), the fix is logged and the saved
 * section holds it. */
static void test_critic_geometric(void)
{
    if (!setup("geo", "openai",
               "{'rules': ["
               "{'contains': 'Plan a short educational video', 'responses': [{'reply_file': '" FX("outline1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'into a storyboard', 'responses': [{'reply_file': '" FX("storyboard1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'Write section 1 of 1', 'responses': [{'reply_file': '" FX("section_overlap.json") "', 'usage': [1, 1]}]}],"
               " 'responses': [{'status': 500, 'body': {'error': {'message': 'unexpected request'}}}]}"))
        return;
    const char *args[] = {"--knowledge_point", "Geometric critic", "--output", "CASES", "--folder_prefix", "geo",
                          "--no-audio", "--max_attempts", "1", NULL};
    int rc = run("geo", args);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see geo.err)", rc);
    LRT_CHECK_MSG(count_requests("geo", NULL) == 3, "%d requests, expected 3 (outline, storyboard, coder)",
                  count_requests("geo", NULL));
    LRT_CHECK(count_requests("geo", "layout critic") == 0);
    const char *dir = "CASES/geo/1-Geometric_critic";
    char path[256];
    snprintf(path, sizeof path, "%s/sections/section-01.critic.json", dir);
    cJSON *log = read_json(path);
    LRT_CHECK_MSG(cJSON_GetArraySize(log) >= 1, "fix log %s has %d entries", path, cJSON_GetArraySize(log));
    const cJSON *e = cJSON_GetArrayItem(log, 0);
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(e, "object");
    const cJSON *problem = cJSON_GetObjectItemCaseSensitive(e, "problem");
    LRT_CHECK(cJSON_IsString(obj) && strcmp(obj->valuestring, "b") == 0);
    LRT_CHECK(cJSON_IsString(problem) && strcmp(problem->valuestring, "overlap") == 0);
    cJSON_Delete(log);
    /* The saved section (what --resume reads) has b moved to an anchor. */
    snprintf(path, sizeof path, "%s/sections/section-01.json", dir);
    cJSON *sec = read_json(path);
    const cJSON *objs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sec, "sections"), 0), "objects");
    const cJSON *b = cJSON_GetArrayItem(objs, 1);
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(b, "at");
    LRT_CHECK_MSG(cJSON_IsString(at) && strcmp(at->valuestring, "B2") != 0, "b is at %s",
                  cJSON_IsString(at) ? at->valuestring : "(no anchor)");
    cJSON_Delete(sec);
    snprintf(path, sizeof path, "%s/Geometric_critic.mp4", dir);
    LRT_CHECK(exists(path));
    LRT_CHECK(test_file_contains("geo.err", "s01: critic: 1 geometric fix") == 1);
    snprintf(path, sizeof path, "%s/sections/section-01.critic-before.png", dir);
    LRT_CHECK(!exists(path)); /* no visual pass, no sheets */
}

/* --use_feedback: the VLM (the same scripted provider, no separate VLM in
 * the config) moves an object by id; the final section has the new anchor,
 * usage.json counts the critic calls under "critic" with the server's
 * tokens, the contact sheets are in the topic folder. */
static void test_critic_visual(void)
{
    if (!setup("vis", "openai",
               "{'rules': ["
               "{'contains': 'layout critic', 'responses': ["
               "  {'reply': '{\\'issues\\': [{\\'object_id\\': \\'formula\\', \\'problem\\': \\'too close to the title\\', \\'action\\': \\'move\\', \\'anchor\\': \\'A4\\'}]}', 'usage': [1000, 40]},"
               "  {'reply': '{\\'issues\\': []}', 'usage': [900, 5]}]},"
               "{'contains': 'Plan a short educational video', 'responses': [{'reply_file': '" FX("outline1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'into a storyboard', 'responses': [{'reply_file': '" FX("storyboard1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'Write section 1 of 1', 'responses': [{'reply_file': '" FX("section1.json") "', 'usage': [1, 1]}]}]}"))
        return;
    const char *args[] = {"--knowledge_point", "Visual critic", "--output", "CASES", "--folder_prefix", "vis",
                          "--use_feedback", "--feedback_rounds", "3", "--no-audio", NULL};
    int rc = run("vis", args);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see vis.err)", rc);
    LRT_CHECK_MSG(count_requests("vis", "layout critic") == 2, "%d VLM requests, expected 2 (the second finds nothing)",
                  count_requests("vis", "layout critic"));
    char *body = request_body("vis", "layout critic");
    LRT_CHECK(body && strstr(body, "data:image/png;base64,") != NULL); /* key frames went along */
    free(body);
    const char *dir = "CASES/vis/1-Visual_critic";
    char path[256];
    snprintf(path, sizeof path, "%s/sections/section-01.json", dir);
    cJSON *sec = read_json(path);
    const cJSON *objs = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(sec, "sections"), 0), "objects");
    const cJSON *f = cJSON_GetArrayItem(objs, 1);
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(f, "at");
    LRT_CHECK_MSG(cJSON_IsString(at) && strcmp(at->valuestring, "A4") == 0, "formula is at %s",
                  cJSON_IsString(at) ? at->valuestring : "(no anchor)");
    cJSON_Delete(sec);
    snprintf(path, sizeof path, "%s/spec.json", dir);
    LRT_CHECK(test_file_contains(path, "\"A4\"") == 1);
    snprintf(path, sizeof path, "%s/usage.json", dir);
    cJSON *u = read_json(path);
    const cJSON *stages = cJSON_GetObjectItemCaseSensitive(u, "stages");
    LRT_CHECK_MSG(jnum(stages, "critic", "calls") == 2, "critic calls %g", jnum(stages, "critic", "calls"));
    LRT_CHECK(jnum(stages, "critic", "prompt_tokens") == 1000 + 900);
    LRT_CHECK(jnum(stages, "critic", "completion_tokens") == 40 + 5);
    LRT_CHECK(jnum(u, "total", "prompt_tokens") == 3 + 1900);
    cJSON_Delete(u);
    cJSON *ru = read_json("CASES/vis/usage.json");
    LRT_CHECK(jnum(cJSON_GetObjectItemCaseSensitive(ru, "stages"), "critic", "prompt_tokens") == 1900);
    cJSON_Delete(ru);
    snprintf(path, sizeof path, "%s/sections/section-01.critic.json", dir);
    LRT_CHECK(test_file_contains(path, "formula") == 1);
    snprintf(path, sizeof path, "%s/sections/section-01.critic-before.png", dir);
    LRT_CHECK_MSG(exists(path), "missing %s", path);
    snprintf(path, sizeof path, "%s/sections/section-01.critic-after.png", dir);
    LRT_CHECK_MSG(exists(path), "missing %s", path);
    snprintf(path, sizeof path, "%s/Visual_critic.mp4", dir);
    LRT_CHECK(exists(path));
}

/* --use_assets: the LLM names icons (stage "assets"), the cache serves
 * them with no network, they are copied into the topic's asset folder, and
 * the Coder's prompt lists them. */
static void test_assets(void)
{
    if (!setup("icons", "openai",
               "{'rules': ["
               "{'contains': 'good icons', 'responses': [{'reply': '{\\'objects\\': [\\'Magnet\\']}', 'usage': [20, 4]}]},"
               "{'contains': 'Plan a short educational video', 'responses': [{'reply_file': '" FX("outline1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'into a storyboard', 'responses': [{'reply_file': '" FX("storyboard1.json") "', 'usage': [1, 1]}]},"
               "{'contains': 'Write section 1 of 1', 'responses': [{'reply_file': '" FX("section1.json") "', 'usage': [1, 1]}]}]}"))
        return;
    rm_rf("icon-cache");
    mkdir("icon-cache", 0755);
    FILE *f = fopen("icon-cache/magnet.svg", "wb");
    if (f) {
        fputs("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\"><path d=\"M2 2 L22 2 L12 22 Z\" "
              "fill=\"#c00\"/></svg>\n", f);
        fclose(f);
    }
    const char *args[] = {"--knowledge_point", "Icons", "--output", "CASES", "--folder_prefix", "icons", "--use_assets",
                          "--assets_cache", "icon-cache", "--no-audio", NULL};
    int rc = run("icons", args);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see icons.err)", rc);
    LRT_CHECK(count_requests("icons", "good icons") == 1);
    LRT_CHECK(exists("CASES/icons/1-Icons/assets/magnet.svg"));
    LRT_CHECK(test_file_contains("CASES/icons/1-Icons/assets.json", "\"cache\"") == 1);
    char *coder = request_body("icons", "Write section 1 of 1");
    LRT_CHECK_MSG(coder && strstr(coder, "assets/magnet.svg") != NULL, "the Coder was not told about the icon");
    free(coder);
    cJSON *u = read_json("CASES/icons/1-Icons/usage.json");
    LRT_CHECK(jnum(cJSON_GetObjectItemCaseSensitive(u, "stages"), "assets", "prompt_tokens") == 20);
    cJSON_Delete(u);
    /* Off by default: the full run asked for no icons and offered none. */
    LRT_CHECK(count_requests("full", "good icons") == 0);
    LRT_CHECK(count_requests("full", "Icons you may use") == 0);
}

/* Files under `dir` whose name holds ".part-" or ".video-" (temporary files). */
static int temp_hits;
static int temp_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    if (flag == FTW_F && (strstr(base, ".part-") || strstr(base, ".video-"))) {
        temp_hits++;
        fprintf(stderr, "temporary file left: %s\n", path);
    }
    return 0;
}

static int temp_files(const char *dir)
{
    temp_hits = 0;
    nftw(dir, temp_entry, 16, FTW_PHYS);
    return temp_hits;
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs("partial", f);
        fclose(f);
    }
    LRT_CHECK_MSG(f != NULL, "cannot create %s", path);
}

/* The one-section script every test below starts from, with `extra` rules
 * first (they win). */
static bool setup_one(const char *name, const char *extra, const char *section_fixture)
{
    char script[4096];
    snprintf(script, sizeof script,
             "{'rules': [%s"
             "{'contains': 'Plan a short educational video', 'responses': [{'reply_file': '" FX("outline1.json") "', 'usage': [10, 5]}]},"
             "{'contains': 'into a storyboard', 'responses': [{'reply_file': '" FX("storyboard1.json") "', 'usage': [20, 6]}]},"
             "{'contains': 'Write section 1 of 1', 'responses': [{'reply_file': '%s', 'usage': [30, 7]}]}],"
             " 'responses': [{'status': 500, 'body': {'error': {'message': 'unexpected request'}}}]}",
             extra, section_fixture);
    return setup(name, "openai", script);
}

/* Transient faults as a run meets them: an HTTP 200 HTML page in place of
 * the outline (retried, a notice on stderr), a storyboard that takes 2.5 s
 * ("still waiting" notices); Code2Video's --API spelling; --api naming no
 * entry lists the entries; without --api, a config without roles says which
 * entry it chose. */
static void test_faults(void)
{
    if (!setup_one("faults",
                   "{'contains': 'Plan a short educational video', 'responses': ["
                   "  {'status': 200, 'content_type': 'text/html', 'body': '<html><body><h1>502 Bad Gateway</h1></body></html>'},"
                   "  {'reply_file': '" FX("outline1.json") "', 'usage': [10, 5]}]},"
                   "{'contains': 'into a storyboard', 'responses': ["
                   "  {'reply_file': '" FX("storyboard1.json") "', 'usage': [20, 6], 'delay_ms': 2500}]},",
                   FX("section1.json")))
        return;
    const char *args[] = {"--config", "config-faults.json", "--API", "test", "--backoff_ms", "10",
                          "--knowledge_point", "Faults", "--output", "CASES", "--folder_prefix", "faults",
                          "--no-audio", "--wait_notice_ms", "1000", NULL};
    int rc = run_with("faults", false, args);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see faults.err)", rc);
    LRT_CHECK(count_requests("faults", "Plan a short educational video") == 2);
    LRT_CHECK(test_file_contains("faults.err", "c2v-agent: [1 Faults] outline: openai (entry \"test\"): HTTP 200 but "
                                               "the body is not JSON (text/html") == 1);
    LRT_CHECK(test_file_contains("faults.err", "502 Bad Gateway") == 1);
    LRT_CHECK(test_file_contains("faults.err", "before attempt 2 of 5") == 1);
    LRT_CHECK(test_file_contains("faults.err", "[1 Faults] storyboard: still waiting on openai (entry \"test\"), "
                                               "attempt 1 of 5 (1 s)") == 1);
    LRT_CHECK(test_file_contains("faults.err", "LLM entry \"test\" (openai, --api)") == 1);
    LRT_CHECK(test_file_contains("faults.err", KEY) == 0);
    cJSON *u = read_json("CASES/faults/1-Faults/usage.json");
    LRT_CHECK(jnum(u, "total", "attempts") == 4 && jnum(u, "total", "calls") == 3);
    LRT_CHECK(jnum(cJSON_GetObjectItemCaseSensitive(u, "stages"), "storyboard", "llm_seconds") >= 2.4);
    cJSON_Delete(u);

    const char *nosuch[] = {"--config", "config-faults.json", "--api", "nosuch", "--knowledge_point", "Faults",
                            "--output", "CASES", "--folder_prefix", "faults", NULL};
    rc = run_with("faults-nosuch", false, nosuch);
    LRT_CHECK_MSG(rc == 1, "--api nosuch: exit status %d", rc);
    LRT_CHECK(test_file_contains("faults-nosuch.err", "config-faults.json: no entry \"nosuch\" (LLM entries: test)") == 1);

    /* No --api and no "roles": the first LLM entry, and the start-up line says so
     * (a resume of the finished run, so no call is made). */
    const char *noroles[] = {"--config", "config-faults.json", "--knowledge_point", "Faults", "--output", "CASES",
                             "--folder_prefix", "faults", "--no-audio", "--resume", NULL};
    int before = count_requests("faults", NULL);
    rc = run_with("faults-noroles", false, noroles);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see faults-noroles.err)", rc);
    LRT_CHECK(count_requests("faults", NULL) == before);
    LRT_CHECK(test_file_contains("faults-noroles.err", "LLM entry \"test\" (openai, the first LLM entry of "
                                                       "config-faults.json, which names no \"roles\"") == 1);
}

/* Writes config-NAME.json with the LLM entry "test" on scenario `llm` and
 * the VLM entry "vlm" on scenario `vlm`. */
static bool setup_vlm_config(const char *name, const char *llm, const char *vlm)
{
    char path[128];
    snprintf(path, sizeof path, "config-%s.json", name);
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    fprintf(f, "{\"test\": {\"provider\": \"openai\", \"base_url\": \"%s/s/%s\", \"api_key\": \"%s\", \"model\": \"m\"},\n"
               " \"vlm\": {\"provider\": \"openai\", \"base_url\": \"%s/s/%s\", \"api_key\": \"%s\", \"model\": \"v\"}}\n",
            server.base_url, llm, KEY, server.base_url, vlm, KEY);
    return fclose(f) == 0;
}

/* --use_feedback with a VLM that never answers (401, then 500 forever): the
 * video is made, but the run is not "ok": the table says partial, the exit
 * status is 3, the fix log and usage.json say why; a --resume that reuses
 * the sections is still partial, with no VLM call. */
static void test_vlm_down(void)
{
    static const char *const kinds[] = {"401", "500"};
    for (int k = 0; k < 2; k++) {
        char name[32], llm[48], vlm[48], dir[64], prefix[32];
        snprintf(name, sizeof name, "vlmdown%s", kinds[k]);
        snprintf(llm, sizeof llm, "%s-llm", name);
        snprintf(vlm, sizeof vlm, "%s-vlm", name);
        snprintf(prefix, sizeof prefix, "%s", name);
        snprintf(dir, sizeof dir, "CASES/%s/1-VLM_down", prefix);
        char base[256], script[512];
        bool ok = setup_one(llm, "", FX("section1.json"));
        snprintf(script, sizeof script,
                 "{\"responses\": [{\"status\": %s, \"body\": {\"error\": {\"message\": \"no VLM for you %s\"}}}]}",
                 kinds[k], KEY);
        ok = ok && test_server_scenario(&server, vlm, script, base, sizeof base) && setup_vlm_config(name, llm, vlm);
        LRT_CHECK(ok);
        if (!ok)
            return;
        const char *args[] = {"--config", NULL, "--api", "test", "--vlm_api", "vlm", "--backoff_ms", "10",
                              "--max_attempts", "2", "--knowledge_point", "VLM down", "--output", "CASES",
                              "--folder_prefix", prefix, "--use_feedback", "--no-audio", NULL};
        char config[128];
        snprintf(config, sizeof config, "config-%s.json", name);
        args[1] = config;
        int rc = run_with(name, false, args);
        LRT_CHECK_MSG(rc == 3, "VLM %s: exit status %d, expected 3 (see %s.err)", kinds[k], rc, name);
        char path[256], out[64], errf[64];
        snprintf(out, sizeof out, "%s.out", name);
        snprintf(errf, sizeof errf, "%s.err", name);
        snprintf(path, sizeof path, "%s/VLM_down.mp4", dir);
        LRT_CHECK(exists(path));
        LRT_CHECK(test_file_contains(out, " partial ") == 1);
        LRT_CHECK(test_file_contains(out, " ok ") == 0);
        LRT_CHECK(test_file_contains(out, "partial: VLM down: the visual critic (--use_feedback) did not run on 1 of 1 "
                                          "section: ") == 1);
        LRT_CHECK(test_file_contains(errf, "s01: critic: visual pass skipped: the VLM call failed: openai (entry \"vlm\")") == 1);
        LRT_CHECK(test_file_contains(errf, "VLM entry \"vlm\" (openai, --vlm_api)") == 1);
        LRT_CHECK(test_file_contains(errf, KEY) == 0 && test_file_contains(out, KEY) == 0);
        LRT_CHECK(count_requests(vlm, NULL) == (k == 0 ? 1 : 2)); /* 401 is not retried */
        snprintf(path, sizeof path, "%s/sections/section-01.critic.json", dir);
        LRT_CHECK(test_file_contains(path, "visual critic skipped") == 1);
        snprintf(path, sizeof path, "%s/usage.json", dir);
        cJSON *u = read_json(path);
        LRT_CHECK(strcmp(jtext(u, "status"), "partial") == 0);
        LRT_CHECK(jnum(cJSON_GetObjectItemCaseSensitive(u, "stages"), "critic", "failures") == 1);
        cJSON_Delete(u);

        /* Resumed, the reused section still has had no visual pass. */
        int before = count_requests(vlm, NULL);
        const char *again[] = {"--config", config, "--api", "test", "--vlm_api", "vlm", "--knowledge_point",
                               "VLM down", "--output", "CASES", "--folder_prefix", prefix, "--use_feedback",
                               "--no-audio", "--resume", NULL};
        rc = run_with(name, false, again);
        LRT_CHECK_MSG(rc == 3, "resumed: exit status %d, expected 3", rc);
        LRT_CHECK(count_requests(vlm, NULL) == before);
        LRT_CHECK(test_file_contains(out, " partial ") == 1);
    }
}

/* Without --use_feedback, what the geometric pass cannot fix (an arrow off
 * the frame: a diagram piece it does not move) is said on stderr and kept in
 * the fix log; the run itself succeeds. */
static void test_layout_left(void)
{
    if (!setup_one("left", "", FX("section_offframe.json")))
        return;
    const char *args[] = {"--knowledge_point", "Layout left", "--output", "CASES", "--folder_prefix", "left",
                          "--no-audio", NULL};
    int rc = run("left", args);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see left.err)", rc);
    LRT_CHECK(test_file_contains("left.err", "s01: critic: 3 layout problems left after the geometric pass (no visual "
                                             "pass: --use_feedback sends them to the VLM)") == 1);
    LRT_CHECK(test_file_contains("left.err", "s01: critic: left: off_frame of arr at play 1") == 1);
    cJSON *log = read_json("CASES/left/1-Layout_left/sections/section-01.critic.json");
    int unfixed = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, log)
    {
        if (strcmp(jtext(e, "kind"), "unfixed") == 0 && strcmp(jtext(e, "object"), "arr") == 0)
            unfixed++;
    }
    LRT_CHECK_MSG(unfixed == 3, "%d unfixed entries for arr in the fix log", unfixed);
    cJSON_Delete(log);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Polls until `scenario` got a request containing `needle` (at most `s` seconds). */
static bool wait_request(const char *scenario, const char *needle, double s)
{
    for (int i = 0; i < (int)(s * 20); i++) {
        if (count_requests(scenario, needle) > 0)
            return true;
        usleep(50000);
    }
    return false;
}

/* Ctrl-C while a call waits: the call is cancelled at once, usage.json has
 * what was spent (status "interrupted"), this process's temporary files are
 * gone, exit status 130; the next --resume adds to it and finishes. */
static void test_interrupt(void)
{
    if (!setup_one("stop",
                   "{'contains': 'into a storyboard', 'responses': ["
                   "  {'reply_file': '" FX("storyboard1.json") "', 'usage': [20, 6], 'delay_ms': 30000}]},",
                   FX("section1.json")))
        return;
    rm_rf("CASES/stop");
    const char *args[] = {"--knowledge_point", "Stop here", "--output", "CASES", "--folder_prefix", "stop",
                          "--no-audio", NULL};
    pid_t pid = spawn("stop", true, args);
    bool waiting = wait_request("stop", "into a storyboard", 20);
    LRT_CHECK_MSG(waiting, "the storyboard request never came");
    /* A render part this process would have left (as if a render had been cut). */
    char part[256];
    snprintf(part, sizeof part, "CASES/stop/1-Stop_here/sections/section-01.mp4.part-%ld", (long)pid);
    touch(part);
    double t0 = now_s();
    kill(pid, SIGINT);
    int rc = wait_exit(pid);
    double took = now_s() - t0;
    LRT_CHECK_MSG(rc == 130, "exit status %d after SIGINT, expected 130 (see stop.err)", rc);
    LRT_CHECK_MSG(took < 5, "took %.1f s to stop (the call waits 30 s)", took);
    LRT_CHECK(!exists(part));
    LRT_CHECK(test_file_contains("stop.err", "SIGINT: stopping") == 1);
    LRT_CHECK(test_file_contains("stop.out", "stopped") == 1);
    cJSON *u = read_json("CASES/stop/1-Stop_here/usage.json");
    LRT_CHECK(strcmp(jtext(u, "status"), "interrupted") == 0);
    LRT_CHECK_MSG(jnum(u, "total", "calls") == 2 && jnum(u, "total", "prompt_tokens") == 10, "calls %g, prompt %g",
                  jnum(u, "total", "calls"), jnum(u, "total", "prompt_tokens"));
    LRT_CHECK(jnum(cJSON_GetObjectItemCaseSensitive(u, "stages"), "storyboard", "failures") == 1);
    LRT_CHECK(jtop(u, "wall_seconds") > 0);
    cJSON_Delete(u);
    LRT_CHECK(exists("CASES/stop/usage.json"));

    /* Resumed with a quick storyboard: the outline is reused, its cost kept. */
    if (!setup_one("stop", "", FX("section1.json")))
        return;
    const char *resume[] = {"--knowledge_point", "Stop here", "--output", "CASES", "--folder_prefix", "stop",
                            "--no-audio", "--resume", NULL};
    rc = run("stop", resume);
    LRT_CHECK_MSG(rc == 0, "resume after SIGINT: exit status %d (see stop.err)", rc);
    u = read_json("CASES/stop/1-Stop_here/usage.json");
    LRT_CHECK(strcmp(jtext(u, "status"), "ok") == 0);
    LRT_CHECK_MSG(jnum(u, "total", "calls") == 4 && jnum(u, "total", "prompt_tokens") == 10 + 20 + 30,
                  "calls %g, prompt %g", jnum(u, "total", "calls"), jnum(u, "total", "prompt_tokens"));
    LRT_CHECK(jtop(usage_topic(u, "Stop here"), "invocations") == 2);
    cJSON_Delete(u);
}

/* Ctrl-C during a render: cancelled within a frame, no temporary file and
 * no clip left. */
static void test_interrupt_render(void)
{
    if (!setup_one("stoprender", "", FX("section_long.json")))
        return;
    rm_rf("CASES/stoprender");
    const char *args[] = {"--knowledge_point", "Stop rendering", "--output", "CASES", "--folder_prefix", "stoprender",
                          "--no-audio", NULL};
    pid_t pid = spawn("stoprender", true, args);
    bool rendering = false;
    for (int i = 0; i < 400 && !rendering; i++) {
        rendering = test_file_contains("stoprender.err", "s01: rendering") == 1;
        if (!rendering)
            usleep(50000);
    }
    LRT_CHECK_MSG(rendering, "the render never started (see stoprender.err)");
    usleep(300000);
    double t0 = now_s();
    kill(pid, SIGINT);
    int rc = wait_exit(pid);
    double took = now_s() - t0;
    LRT_CHECK_MSG(rc == 130, "exit status %d after SIGINT, expected 130 (see stoprender.err)", rc);
    LRT_CHECK_MSG(took < 3, "took %.1f s to stop a render (a whole one takes about 10)", took);
    LRT_CHECK(temp_files("CASES/stoprender") == 0);
    LRT_CHECK(!exists("CASES/stoprender/1-Stop_rendering/sections/section-01.mp4"));
    LRT_CHECK(test_file_contains("stoprender.err", "rendering cancelled") == 1);

    /* A second signal while the run winds down: it quits at once (128 +
     * SIGTERM), still with usage.json and no temporary file left. */
    rm_rf("CASES/stophard");
    const char *hard[] = {"--knowledge_point", "Stop rendering", "--output", "CASES", "--folder_prefix", "stophard",
                          "--no-audio", NULL};
    if (!setup_one("stophard", "", FX("section_long.json")))
        return;
    pid = spawn("stophard", true, hard);
    rendering = false;
    for (int i = 0; i < 400 && !rendering; i++) {
        rendering = test_file_contains("stophard.err", "s01: rendering") == 1;
        if (!rendering)
            usleep(50000);
    }
    LRT_CHECK_MSG(rendering, "the render never started (see stophard.err)");
    usleep(300000);
    kill(pid, SIGINT);
    kill(pid, SIGTERM);
    rc = wait_exit(pid);
    LRT_CHECK_MSG(rc == 128 + SIGTERM, "exit status %d after SIGINT and SIGTERM, expected %d (see stophard.err)", rc,
                  128 + SIGTERM);
    LRT_CHECK(test_file_contains("stophard.err", "SIGTERM, a second signal: quitting now") == 1);
    cJSON *u = read_json("CASES/stophard/1-Stop_rendering/usage.json");
    LRT_CHECK(strcmp(jtext(u, "status"), "interrupted") == 0 && jnum(u, "total", "calls") == 3);
    cJSON_Delete(u);
    LRT_CHECK(temp_files("CASES/stophard") == 0);
}

/* --resume removes what an interrupted run left (*.part-PID whose process
 * is gone), and keeps the temporary files of a process still alive. */
static void test_leftovers(void)
{
    pid_t gone = fork();
    if (gone == 0)
        _exit(0);
    waitpid(gone, NULL, 0);
    const char *dir = "CASES/faults/1-Faults";
    char dead1[512], dead2[256], dead3[256], alive[256], clips[256], own[256], own_clip[512], live[256];
    snprintf(clips, sizeof clips, "%s/sections/section-01.mp4.sections", dir);
    mkdir(clips, 0755);
    /* a render's own clip folder (lr_video_render), with a finished clip:
     * of a process gone, it goes whole; of a live one, it stays */
    snprintf(own, sizeof own, "%s/sections/section-02.mp4.sections-%ld-AbC123", dir, (long)gone);
    snprintf(own_clip, sizeof own_clip, "%s/02-s02.mp4", own);
    snprintf(live, sizeof live, "%s/sections/section-02.mp4.sections-%ld-AbC123", dir, (long)getpid());
    mkdir(own, 0755);
    mkdir(live, 0755);
    touch(own_clip);
    snprintf(dead1, sizeof dead1, "%s/01-s01.mp4.part-%ld", clips, (long)gone);
    snprintf(dead2, sizeof dead2, "%s/sections/section-01.mp4.part-%ld", dir, (long)gone);
    snprintf(dead3, sizeof dead3, "%s/Faults.mp4.video-%ld.mp4", dir, (long)gone);
    snprintf(alive, sizeof alive, "%s/spec.json.part-%ld", dir, (long)getpid());
    touch(dead1);
    touch(dead2);
    touch(dead3);
    touch(alive);
    const char *args[] = {"--config", "config-faults.json", "--api", "test", "--knowledge_point", "Faults",
                          "--output", "CASES", "--folder_prefix", "faults", "--no-audio", "--resume", NULL};
    int rc = run_with("leftovers", false, args);
    LRT_CHECK_MSG(rc == 0, "exit status %d (see leftovers.err)", rc);
    LRT_CHECK(!exists(dead1) && !exists(dead2) && !exists(dead3));
    struct stat st;
    LRT_CHECK(stat(clips, &st) != 0); /* the emptied clip folder went too */
    LRT_CHECK(stat(own, &st) != 0 && stat(live, &st) == 0);
    LRT_CHECK(exists(alive));
    LRT_CHECK(test_file_contains("leftovers.err", "resume: removed 4 temporary files left by an interrupted run") == 1);
    remove(alive);
    rmdir(live);
}

static void test_cli(void)
{
    const char *none[] = {NULL};
    LRT_CHECK(run("cli", none) == 2);
    const char *help[] = {"--help", NULL};
    LRT_CHECK(run("cli", help) == 0);
    static const char *const flags[] = {"--knowledge_point", "--api", "--folder_prefix", "--output", "--portrait",
                                        "--landscape", "--video_quality", "--use_feedback", "--use_assets",
                                        "--knowledge_file", "--max_concepts", "--parallel", "-j", "--max_fix_bug_tries",
                                        "--max_regenerate_tries", "--feedback_rounds", "--preview", "--resume",
                                        "--no-audio", "--voice", "--speech-rate", "--vlm_api", "--assets_cache",
                                        "--API", "--max_code_token_length", "--wait_notice_ms", "Exit status",
                                        "  3    every video was made", "  130  interrupted"};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        LRT_CHECK_MSG(test_file_contains("cli.out", flags[i]) == 1, "--help does not mention %s", flags[i]);
    const char *badq[] = {"--knowledge_point", "x", "--video_quality", "z", NULL};
    LRT_CHECK(run("cli", badq) == 2);
    const char *prompts[] = {"--knowledge_point", "x", "--prompts", "no-such-dir", NULL};
    LRT_CHECK(run("cli", prompts) == 1);
    LRT_CHECK(test_file_contains("cli.err", "no-such-dir/system.txt") == 1);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: agent_pipeline PATH/TO/c2v-agent\n");
        return 2;
    }
    agent = argv[1];
    if (!test_server_start(&server, "pipeline")) {
        LRT_CHECK_MSG(false, "llm_server.py did not start");
        return lrt_finish("agent_pipeline");
    }
    test_cli();
    test_full_run();
    test_resume();
    test_server_down();
    test_regenerate();
    test_tex_fix();
    test_tex_hostile();
    test_batch();
    test_critic_geometric();
    test_critic_visual();
    test_assets();
    test_faults();
    test_leftovers();
    test_vlm_down();
    test_layout_left();
    test_interrupt();
    test_interrupt_render();
    test_server_stop(&server);
    test_replay();
    test_replay_values();
    test_replay_maps();
    test_replay_chart();
    test_replay_3d();
    return lrt_finish("agent_pipeline");
}
