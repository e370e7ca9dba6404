/* c2v-eval: AES, TeachQuiz and EFF over a CASES folder, as one report:
 * JSON, a Markdown table (stdout and --md) and report.html beside the JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c2v_eval.h"

static void usage_text(FILE *f)
{
    fputs("usage: c2v-eval --cases DIR [options]\n"
          "\n"
          "Scores the videos under DIR/{prefix}/{idx}-{topic}/ (each with its .mp4 and usage.json):\n"
          "AES (a VLM scores key frames), TeachQuiz (an LLM answers --questions before and after the\n"
          "video) and EFF (generation time and tokens from usage.json).\n"
          "\n"
          "  --cases DIR          the CASES folder\n"
          "  --config FILE        api_config.json (default ./api_config.json)\n"
          "  --api NAME           entry for TeachQuiz's LLM (default: the config's \"llm\" role)\n"
          "  --vlm_api NAME       entry for AES's VLM (default: the config's \"vlm\" role)\n"
          "  --questions FILE     MMMC questions {topic: [{question, options, answer}]} (TeachQuiz)\n"
          "  --out FILE           the JSON report (default eval_report.json); FILE.html (.json\n"
          "                       replaced) is written beside it, with FILE.frames/ (key-frame sheets)\n"
          "  --html FILE          the page elsewhere\n"
          "  --md FILE            the Markdown table (it goes to stdout too)\n"
          "  --frames N           key frames per video, 1..64 (default 8)\n"
          "  --no-aes --no-quiz   skip a metric\n"
          "  --quiet              no progress on stderr\n"
          "  --help\n"
          "\n"
          "A metric asked for and not measured shows as \"failed\" in its cell; means are over the\n"
          "cases that have the metric (n=), a failed case is never averaged in. EFF's time is the\n"
          "generation's wall time (usage.json wall_seconds), its LLM time beside it in the JSON.\n"
          "\n"
          "Exit status: 0 every metric asked for was measured for every case; 1 no report (bad\n"
          "config, unreadable folder, ...); 2 bad usage; 3 the report was written but some metric\n"
          "failed for some case (its cells say \"failed\", its errors are listed).\n",
          f);
}

static int bad_usage(const char *fmt, const char *arg)
{
    fputs("c2v-eval: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see --help)\n", stderr);
    return 2;
}

static void notice(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "c2v-eval: %s\n", line);
}

/* The client for a role: --api/--vlm_api when given, else the config's
 * role; the line on stderr says which entry and how it was chosen. */
static c2v_status role_client(const c2v_config *cfg, const char *role, const char *entry, const char *what,
                              const c2v_llm_options *lo, bool quiet, c2v_llm_client **out, c2v_error *err)
{
    c2v_provider_config pc;
    char how[300];
    c2v_status st;
    if (entry) {
        snprintf(how, sizeof how, "%s", strcmp(role, "vlm") == 0 ? "--vlm_api" : "--api");
        st = c2v_config_entry(cfg, entry, &pc, err);
    } else {
        c2v_config_role_source(cfg, role, how, sizeof how);
        st = c2v_config_role(cfg, role, &pc, err);
    }
    if (!st)
        st = c2v_llm_client_create(&pc, lo, out, err);
    if (!st && !quiet)
        fprintf(stderr, "c2v-eval: %s: entry \"%s\" (%s, %s)\n", what, pc.name, c2v_provider_kind_name(pc.kind), how);
    return st;
}

/* "x/report.json" -> "x/report" + suffix. */
static char *beside(const char *json_path, const char *suffix)
{
    size_t n = strlen(json_path);
    if (n > 5 && strcmp(json_path + n - 5, ".json") == 0)
        n -= 5;
    char *p = malloc(n + strlen(suffix) + 1);
    if (p) {
        memcpy(p, json_path, n);
        strcpy(p + n, suffix);
    }
    return p;
}

int main(int argc, char **argv)
{
    const char *cases = NULL, *config = "api_config.json", *questions = NULL, *out = "eval_report.json", *md = NULL;
    const char *html = NULL, *api = NULL, *vlm_api = NULL;
    long frames = 8;
    bool aes = true, quiz = true, quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage_text(stdout);
            return 0;
        }
        if (strcmp(a, "--no-aes") == 0) {
            aes = false;
            continue;
        }
        if (strcmp(a, "--no-quiz") == 0) {
            quiz = false;
            continue;
        }
        if (strcmp(a, "--quiet") == 0) {
            quiet = true;
            continue;
        }
        if (i + 1 >= argc)
            return bad_usage("%s: unknown option or missing value", a);
        const char *v = argv[++i];
        if (strcmp(a, "--cases") == 0)
            cases = v;
        else if (strcmp(a, "--config") == 0)
            config = v;
        else if (strcmp(a, "--api") == 0 || strcmp(a, "--API") == 0)
            api = v;
        else if (strcmp(a, "--vlm_api") == 0)
            vlm_api = v;
        else if (strcmp(a, "--questions") == 0)
            questions = v;
        else if (strcmp(a, "--out") == 0)
            out = v;
        else if (strcmp(a, "--html") == 0)
            html = v;
        else if (strcmp(a, "--md") == 0)
            md = v;
        else if (strcmp(a, "--frames") == 0) {
            char *end;
            frames = strtol(v, &end, 10);
            if (!*v || *end || frames < 1 || frames > 64)
                return bad_usage("--frames: expected 1..64, got \"%s\"", v);
        } else {
            return bad_usage("unknown option %s", a);
        }
    }
    if (!cases)
        return bad_usage("%s", "--cases DIR is needed");
    c2v_error err = {0};
    c2v_config *cfg = NULL;
    c2v_llm_client *vlm = NULL, *llm = NULL;
    cJSON *qs = NULL, *report = NULL;
    c2v_usage *usage_acc = NULL;
    char *html_path = html ? NULL : beside(out, ".html"), *sheets = beside(html ? html : out, ".frames");
    int rc = 1;
    if ((!html && !html_path) || !sheets) {
        fprintf(stderr, "c2v-eval: out of memory\n");
        goto done;
    }
    if (questions && quiz) {
        char *text = NULL;
        size_t size = 0;
        if (c2v_file_read(questions, 64u << 20, &text, &size, &err)) {
            fprintf(stderr, "c2v-eval: %s\n", err.message);
            goto done;
        }
        qs = cJSON_Parse(text);
        free(text);
        if (!cJSON_IsObject(qs)) {
            fprintf(stderr, "c2v-eval: %s: expected a JSON object {topic: [questions...]}\n", questions);
            goto done;
        }
    }
    if (aes || (quiz && qs)) {
        if (c2v_config_load(config, &cfg, &err) || c2v_usage_create(&usage_acc)) {
            fprintf(stderr, "c2v-eval: %s\n", err.message);
            goto done;
        }
        c2v_llm_options lo = c2v_llm_options_default();
        lo.usage = usage_acc;
        lo.notify = notice;
        if (aes && role_client(cfg, "vlm", vlm_api, "AES (VLM)", &lo, quiet, &vlm, &err)) {
            fprintf(stderr, "c2v-eval: AES (VLM): %s\n", err.message);
            goto done;
        }
        if (quiz && qs && role_client(cfg, "llm", api, "TeachQuiz (LLM)", &lo, quiet, &llm, &err)) {
            fprintf(stderr, "c2v-eval: TeachQuiz (LLM): %s\n", err.message);
            goto done;
        }
    }
    c2v_eval_options eo = {.vlm = vlm, .llm = llm, .questions = qs, .frames = (size_t)frames, .quiet = quiet,
                           .sheet_dir = sheets};
    if (c2v_eval_cases(cases, &eo, &report, &err) || c2v_eval_report_write(report, out, md, &err) ||
        c2v_eval_report_html(report, html ? html : html_path, &err)) {
        fprintf(stderr, "c2v-eval: %s\n", err.message);
        goto done;
    }
    char *table = c2v_eval_report_markdown(report);
    if (table)
        fputs(table, stdout);
    free(table);
    const cJSON *summary = cJSON_GetObjectItemCaseSensitive(report, "summary");
    const cJSON *failed = cJSON_GetObjectItemCaseSensitive(summary, "failed_cases");
    const cJSON *ncases = cJSON_GetObjectItemCaseSensitive(summary, "cases");
    int nfailed = cJSON_IsNumber(failed) ? failed->valueint : 0;
    if (usage_acc && !quiet) {
        c2v_usage_totals t = c2v_usage_get(usage_acc, NULL, NULL);
        fprintf(stderr, "c2v-eval: %ld model calls (%ld failed), %ld + %ld tokens, %.1f s\n", t.calls, t.failures,
                t.prompt_tokens, t.completion_tokens, t.seconds);
    }
    if (!quiet)
        fprintf(stderr, "c2v-eval: wrote %s, %s\n", out, html ? html : html_path);
    if (nfailed)
        fprintf(stderr, "c2v-eval: %d of %d cases have a metric that failed (\"failed\" in the table)\n", nfailed,
                cJSON_IsNumber(ncases) ? ncases->valueint : 0);
    rc = nfailed ? 3 : 0;
done:
    cJSON_Delete(report);
    cJSON_Delete(qs);
    c2v_llm_client_destroy(vlm);
    c2v_llm_client_destroy(llm);
    c2v_usage_destroy(usage_acc);
    c2v_config_destroy(cfg);
    free(html_path);
    free(sheets);
    return rc;
}
