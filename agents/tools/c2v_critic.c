/* c2v-critic: the Critic on a spec file, outside the pipeline.
 *
 *   c2v-critic SPEC.json [--out FIXED.json] [--log LOG.json] [--feedback]
 *              [--rounds N] [--config api_config.json] [--sheets DIR] [--frames DIR]
 *
 * Without --feedback only the geometric pass runs (no model, no key). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c2v_critic.h"

static int usage(void)
{
    fputs("usage: c2v-critic SPEC.json [--out FIXED.json] [--log LOG.json] [--feedback] [--rounds N]\n"
          "                  [--config api_config.json] [--sheets DIR] [--frames DIR] [--quiet]\n",
          stderr);
    return 2;
}

static int write_json(const char *path, const cJSON *v)
{
    char *text = cJSON_Print(v);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = text ? fopen(tmp, "wb") : NULL;
    int ok = f && fputs(text, f) >= 0;
    if (f)
        ok = (fclose(f) == 0) && ok;
    free(text);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        fprintf(stderr, "c2v-critic: cannot write %s\n", path);
        return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    const char *spec_path = NULL, *out = NULL, *log_path = NULL, *config = "api_config.json", *sheets = NULL;
    bool feedback = false;
    c2v_critic_options opt = c2v_critic_options_default();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        if (strcmp(a, "--out") == 0 && has)
            out = argv[++i];
        else if (strcmp(a, "--log") == 0 && has)
            log_path = argv[++i];
        else if (strcmp(a, "--config") == 0 && has)
            config = argv[++i];
        else if (strcmp(a, "--sheets") == 0 && has)
            sheets = argv[++i];
        else if (strcmp(a, "--frames") == 0 && has)
            opt.frames_dir = argv[++i];
        else if (strcmp(a, "--rounds") == 0 && has)
            opt.feedback_rounds = atoi(argv[++i]);
        else if (strcmp(a, "--feedback") == 0)
            feedback = true;
        else if (strcmp(a, "--quiet") == 0)
            opt.quiet = true;
        else if (a[0] != '-' && !spec_path)
            spec_path = a;
        else
            return usage();
    }
    if (!spec_path)
        return usage();
    opt.sheet_dir = sheets;
    c2v_error err = {0};
    char *text = NULL;
    size_t size = 0;
    if (c2v_file_read(spec_path, 4u << 20, &text, &size, &err)) {
        fprintf(stderr, "c2v-critic: %s\n", err.message);
        return 1;
    }
    cJSON *doc = cJSON_Parse(text);
    free(text);
    if (!doc) {
        fprintf(stderr, "c2v-critic: %s: not JSON\n", spec_path);
        return 1;
    }
    /* Asset paths resolve in the spec's folder, as lr_spec_load_file does. */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", spec_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(dir, sizeof dir, ".");
    c2v_config *cfg = NULL;
    c2v_llm_client *vlm = NULL;
    int rc = 1;
    if (feedback) {
        c2v_provider_config pc;
        c2v_llm_options lo = c2v_llm_options_default();
        if (c2v_config_load(config, &cfg, &err) || c2v_config_role(cfg, "vlm", &pc, &err) ||
            c2v_llm_client_create(&pc, &lo, &vlm, &err)) {
            fprintf(stderr, "c2v-critic: %s\n", err.message);
            goto done;
        }
    }
    cJSON *log = cJSON_CreateArray();
    size_t fixed = 0;
    c2v_critic_visual_result vr;
    c2v_status st = c2v_critic_run(doc, spec_path, dir, vlm, feedback, &opt, log, &fixed, &vr, &err);
    if (st)
        fprintf(stderr, "c2v-critic: %s\n", err.message);
    else {
        fprintf(stderr, "c2v-critic: %zu geometric fix(es); visual: %d round(s), %zu issue(s), %zu applied\n", fixed,
                vr.rounds, vr.issues, vr.applied);
        rc = (out && !write_json(out, doc)) || (log_path && !write_json(log_path, log)) ? 1 : 0;
    }
    cJSON_Delete(log);
done:
    c2v_llm_client_destroy(vlm);
    c2v_config_destroy(cfg);
    cJSON_Delete(doc);
    return rc;
}
