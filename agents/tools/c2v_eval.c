/* c2v-eval: AES, TeachQuiz and EFF over a CASES folder, as one report.
 *
 *   c2v-eval --cases DIR [--config api_config.json] [--questions Q.json]
 *            [--out report.json] [--md report.md] [--frames 8] [--no-aes] [--no-quiz]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c2v_eval.h"

static int usage(void)
{
    fputs("usage: c2v-eval --cases DIR [--config api_config.json] [--questions questions.json]\n"
          "                [--out report.json] [--md report.md] [--frames N] [--no-aes] [--no-quiz] [--quiet]\n"
          "AES needs the config's \"vlm\" role, TeachQuiz its \"llm\" role and --questions (MMMC format).\n"
          "CASES layout: DIR/{prefix}/{idx}-{topic}/ holding the topic's .mp4 and usage.json.\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    const char *cases = NULL, *config = "api_config.json", *questions = NULL, *out = "eval_report.json", *md = NULL;
    long frames = 8;
    bool aes = true, quiz = true, quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--cases") == 0 && v)
            cases = argv[++i];
        else if (strcmp(a, "--config") == 0 && v)
            config = argv[++i];
        else if (strcmp(a, "--questions") == 0 && v)
            questions = argv[++i];
        else if (strcmp(a, "--out") == 0 && v)
            out = argv[++i];
        else if (strcmp(a, "--md") == 0 && v)
            md = argv[++i];
        else if (strcmp(a, "--frames") == 0 && v) {
            char *end;
            frames = strtol(argv[++i], &end, 10);
            if (*end || frames < 1 || frames > 64) {
                fprintf(stderr, "c2v-eval: --frames: expected 1..64, got \"%s\"\n", argv[i]);
                return 2;
            }
        } else if (strcmp(a, "--no-aes") == 0)
            aes = false;
        else if (strcmp(a, "--no-quiz") == 0)
            quiz = false;
        else if (strcmp(a, "--quiet") == 0)
            quiet = true;
        else
            return usage();
    }
    if (!cases)
        return usage();
    c2v_error err = {0};
    c2v_config *cfg = NULL;
    c2v_llm_client *vlm = NULL, *llm = NULL;
    cJSON *qs = NULL, *report = NULL;
    c2v_usage *usage_acc = NULL;
    int rc = 1;
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
        c2v_provider_config pc;
        if (aes && (c2v_config_role(cfg, "vlm", &pc, &err) || c2v_llm_client_create(&pc, &lo, &vlm, &err))) {
            fprintf(stderr, "c2v-eval: VLM: %s\n", err.message);
            goto done;
        }
        if (quiz && qs && (c2v_config_role(cfg, "llm", &pc, &err) || c2v_llm_client_create(&pc, &lo, &llm, &err))) {
            fprintf(stderr, "c2v-eval: LLM: %s\n", err.message);
            goto done;
        }
    }
    c2v_eval_options eo = {.vlm = vlm, .llm = llm, .questions = qs, .frames = (size_t)frames, .quiet = quiet};
    if (c2v_eval_cases(cases, &eo, &report, &err) || c2v_eval_report_write(report, out, md, &err)) {
        fprintf(stderr, "c2v-eval: %s\n", err.message);
        goto done;
    }
    char *table = c2v_eval_report_markdown(report);
    if (table)
        fputs(table, stdout);
    free(table);
    if (usage_acc) {
        c2v_usage_totals t = c2v_usage_get(usage_acc, NULL, NULL);
        fprintf(stderr, "c2v-eval: %ld model calls, %ld + %ld tokens, %.1f s\n", t.calls, t.prompt_tokens,
                t.completion_tokens, t.seconds);
    }
    rc = 0;
done:
    cJSON_Delete(report);
    cJSON_Delete(qs);
    c2v_llm_client_destroy(vlm);
    c2v_llm_client_destroy(llm);
    c2v_usage_destroy(usage_acc);
    c2v_config_destroy(cfg);
    return rc;
}
