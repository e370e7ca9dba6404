/* c2v-llm: sends one prompt to a configured provider and prints the reply.
 * For trying a key or a model by hand, and for recording replay folders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c2v_llm.h"

static void usage_text(FILE *f)
{
    fputs("usage: c2v-llm [options] PROMPT...\n"
          "  --config FILE     api_config.json (default: ./api_config.json)\n"
          "  --entry NAME      config entry to use (default: the llm role)\n"
          "  --role llm|vlm    pick the entry for a role\n"
          "  --system TEXT     system prompt\n"
          "  --image FILE      attach a PNG (repeatable, up to 8)\n"
          "  --schema FILE     ask for JSON matching this JSON Schema\n"
          "  --json            extract and print the JSON value of the reply (retries on broken JSON)\n"
          "  --record DIR      save the call to DIR for the replay provider\n"
          "  --usage FILE      write usage.json\n"
          "  --stage NAME --topic NAME   usage accounting labels\n"
          "  --max-tokens N  --timeout-ms N  --attempts N  --backoff-ms N\n",
          f);
}

int main(int argc, char **argv)
{
    const char *config_path = "api_config.json", *entry = NULL, *role = "llm", *system = NULL;
    const char *schema_path = NULL, *record = NULL, *usage_path = NULL, *stage = "cli", *topic = NULL;
    const char *image_paths[8];
    int image_count = 0, max_tokens = 0;
    bool want_json = false;
    c2v_llm_options opt = c2v_llm_options_default();
    char prompt[65536] = "";
    size_t plen = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage_text(stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            want_json = true;
        } else if (strncmp(a, "--", 2) == 0 && has_value) {
            const char *v = argv[++i];
            if (strcmp(a, "--config") == 0) config_path = v;
            else if (strcmp(a, "--entry") == 0) entry = v;
            else if (strcmp(a, "--role") == 0) role = v;
            else if (strcmp(a, "--system") == 0) system = v;
            else if (strcmp(a, "--schema") == 0) schema_path = v;
            else if (strcmp(a, "--record") == 0) record = v;
            else if (strcmp(a, "--usage") == 0) usage_path = v;
            else if (strcmp(a, "--stage") == 0) stage = v;
            else if (strcmp(a, "--topic") == 0) topic = v;
            else if (strcmp(a, "--max-tokens") == 0) max_tokens = atoi(v);
            else if (strcmp(a, "--timeout-ms") == 0) opt.timeout_ms = atol(v);
            else if (strcmp(a, "--attempts") == 0) opt.max_attempts = atoi(v);
            else if (strcmp(a, "--backoff-ms") == 0) opt.backoff_base_ms = atol(v);
            else if (strcmp(a, "--image") == 0 && image_count < 8) image_paths[image_count++] = v;
            else {
                fprintf(stderr, "c2v-llm: unknown option %s\n", a);
                usage_text(stderr);
                return 2;
            }
        } else {
            size_t n = strlen(a);
            if (plen + n + 2 > sizeof prompt) {
                fprintf(stderr, "c2v-llm: prompt longer than %zu bytes\n", sizeof prompt - 1);
                return 2;
            }
            if (plen)
                prompt[plen++] = ' ';
            memcpy(prompt + plen, a, n + 1);
            plen += n;
        }
    }
    if (!plen) {
        usage_text(stderr);
        return 2;
    }

    int rc = 1;
    c2v_error err = {0};
    c2v_config *cfg = NULL;
    c2v_usage *usage = NULL;
    c2v_llm_client *client = NULL;
    char *schema = NULL;
    char *images_data[8] = {0};
    c2v_llm_image images[8];
    c2v_provider_config pc;
    c2v_llm_response resp = {0};
    cJSON *json = NULL;

    if (c2v_config_load(config_path, &cfg, &err) ||
        (entry ? c2v_config_entry(cfg, entry, &pc, &err) : c2v_config_role(cfg, role, &pc, &err)))
        goto done;
    if (schema_path && c2v_file_read(schema_path, (size_t)1 << 20, &schema, NULL, &err))
        goto done;
    for (int i = 0; i < image_count; i++) {
        size_t size;
        if (c2v_file_read(image_paths[i], (size_t)32 << 20, &images_data[i], &size, &err))
            goto done;
        images[i] = (c2v_llm_image){(const unsigned char *)images_data[i], size, NULL};
    }
    if (c2v_usage_create(&usage) != C2V_OK) {
        c2v_error_set(&err, C2V_ERR_NOMEM, "out of memory");
        goto done;
    }
    opt.usage = usage;
    opt.record_dir = record;
    if (c2v_llm_client_create(&pc, &opt, &client, &err))
        goto done;
    c2v_llm_request req = {.system = system, .prompt = prompt, .images = images, .image_count = (size_t)image_count,
                           .json_schema = schema, .max_tokens = max_tokens, .temperature = -1, .stage = stage,
                           .topic = topic};
    if (want_json) {
        if (c2v_llm_call_json(client, &req, &json, &resp, &err))
            goto done;
        char *text = cJSON_Print(json);
        if (text)
            puts(text);
        free(text);
    } else {
        if (c2v_llm_call(client, &req, &resp, &err))
            goto done;
        puts(resp.text);
    }
    c2v_usage_totals t = c2v_usage_get(usage, NULL, NULL);
    fprintf(stderr, "c2v-llm: %s (%s, entry \"%s\"): %ld prompt + %ld completion tokens, %ld attempts, %.2f s\n",
            pc.model, c2v_provider_kind_name(pc.kind), pc.name, t.prompt_tokens, t.completion_tokens, t.attempts,
            t.seconds);
    rc = 0;
done:
    if (usage && usage_path && c2v_usage_write(usage, usage_path, rc ? NULL : &err) != C2V_OK && rc == 0)
        rc = 1;
    if (rc)
        fprintf(stderr, "c2v-llm: %s: %s\n", c2v_strerror(err.status), err.message);
    cJSON_Delete(json);
    c2v_llm_response_free(&resp);
    c2v_llm_client_destroy(client);
    c2v_usage_destroy(usage);
    for (int i = 0; i < image_count; i++)
        free(images_data[i]);
    free(schema);
    c2v_config_destroy(cfg);
    return rc;
}
