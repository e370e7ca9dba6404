/* Icons: IconFinder with the key, Iconify as the fallback, untrusted
 * downloads refused (type, size, content), and the cache serving with the
 * scripted server stopped. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "c2v_assets.h"
#include "lrtest.h"
#include "server_harness.h"

#define KEY "icf-key-5a4b3c2d1e"
#define SVG "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='M2 2 L22 2 L12 20 Z'/></svg>"

static bool scenario(test_server *s, const char *name, cJSON *responses, char *base)
{
    cJSON *script = cJSON_CreateObject();
    cJSON_AddItemToObject(script, "responses", responses);
    cJSON_AddBoolToObject(script, "repeat_last", false);
    char *text = cJSON_PrintUnformatted(script);
    cJSON_Delete(script);
    bool ok = test_server_scenario(s, name, text, base, 300);
    free(text);
    LRT_CHECK_MSG(ok, "scenario %s", name);
    return ok;
}

static cJSON *resp(const char *content_type, const char *body, bool raw)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "status", 200);
    cJSON_AddStringToObject(r, "content_type", content_type);
    if (raw)
        cJSON_AddStringToObject(r, "body", body);
    else
        cJSON_AddItemToObject(r, "body", cJSON_Parse(body));
    return r;
}

static cJSON *list(cJSON *a, cJSON *b)
{
    cJSON *l = cJSON_CreateArray();
    cJSON_AddItemToArray(l, a);
    if (b)
        cJSON_AddItemToArray(l, b);
    return l;
}

static const char *header(const cJSON *req, const char *name)
{
    const cJSON *h;
    cJSON_ArrayForEach(h, cJSON_GetObjectItem(req, "headers"))
    {
        if (h->string && strcasecmp(h->string, name) == 0 && cJSON_IsString(h))
            return h->valuestring;
    }
    return NULL;
}

static const char *field(const cJSON *req, const char *k)
{
    const cJSON *v = cJSON_GetObjectItem(req, k);
    return cJSON_IsString(v) ? v->valuestring : "";
}

int main(void)
{
    test_server srv;
    if (!test_server_start(&srv, "assets")) {
        LRT_CHECK_MSG(false, "the scripted server did not start");
        return lrt_finish("critic_assets");
    }
    system("rm -rf icon-cache");
    char icf[300], ify[300], bad[300], big[300], broken[300], llm[300];
    c2v_assets_options opt = c2v_assets_options_default();
    opt.cache_dir = "icon-cache";
    opt.quiet = true;
    opt.max_bytes = 4096;
    char path[1024];
    const char *source = NULL;
    c2v_error err = {0};

    /* IconFinder: search, then the SVG format's relative download link, key on both. */
    if (scenario(&srv, "icf",
                 list(resp("application/json",
                           "{\"icons\": [{\"icon_id\": 7, \"vector_sizes\": [{\"formats\": [{\"format\": \"svg\", "
                           "\"download_url\": \"/icons/7/formats/svg/70/download\"}]}]}]}", false),
                      resp("image/svg+xml", SVG, true)),
                 icf)) {
        opt.iconfinder_key = KEY;
        opt.iconfinder_base = icf;
        opt.iconify_base = "http://127.0.0.1:9"; /* unused */
        LRT_CHECK_MSG(c2v_asset_fetch(&opt, "Atom", path, sizeof path, &source, &err) == C2V_OK, "%s", err.message);
        LRT_CHECK(source && strcmp(source, "iconfinder") == 0);
        LRT_CHECK(strcmp(path, "icon-cache/atom.svg") == 0);
        LRT_CHECK(test_file_contains(path, "M2 2 L22 2") == 1);
        cJSON *reqs = test_server_requests(&srv, "icf");
        LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
        const cJSON *r0 = cJSON_GetArrayItem(reqs, 0), *r1 = cJSON_GetArrayItem(reqs, 1);
        LRT_CHECK(strcmp(field(r0, "method"), "GET") == 0);
        LRT_CHECK(strncmp(field(r0, "path"), "/icons/search?query=Atom", 24) == 0);
        LRT_CHECK(strcmp(field(r1, "path"), "/icons/7/formats/svg/70/download") == 0);
        LRT_CHECK(header(r0, "Authorization") && strcmp(header(r0, "Authorization"), "Bearer " KEY) == 0);
        LRT_CHECK(header(r1, "Authorization") != NULL);
        cJSON_Delete(reqs);
    }

    /* No key: Iconify search, then /prefix/name.svg. */
    if (scenario(&srv, "ify",
                 list(resp("application/json", "{\"icons\": [\"mdi:magnet-on\", \"x:y\"], \"total\": 2}", false),
                      resp("image/svg+xml; charset=utf-8", SVG, true)),
                 ify)) {
        opt.iconfinder_key = NULL;
        opt.iconify_base = ify;
        LRT_CHECK_MSG(c2v_asset_fetch(&opt, "bar magnet", path, sizeof path, &source, &err) == C2V_OK, "%s",
                      err.message);
        LRT_CHECK(source && strcmp(source, "iconify") == 0);
        LRT_CHECK(strcmp(path, "icon-cache/bar-magnet.svg") == 0);
        cJSON *reqs = test_server_requests(&srv, "ify");
        LRT_CHECK(cJSON_GetArraySize(reqs) == 2);
        LRT_CHECK(strncmp(field(cJSON_GetArrayItem(reqs, 0), "path"), "/search?query=bar%20magnet", 26) == 0);
        LRT_CHECK(strcmp(field(cJSON_GetArrayItem(reqs, 1), "path"), "/mdi/magnet-on.svg") == 0);
        LRT_CHECK(header(cJSON_GetArrayItem(reqs, 0), "Authorization") == NULL);
        cJSON_Delete(reqs);
    }

    /* Untrusted downloads: wrong type, too big, not an SVG; nothing cached. */
    struct stat sb;
    if (scenario(&srv, "bad",
                 list(resp("application/json", "{\"icons\": [\"mdi:flask\"]}", false),
                      resp("text/html", "<html>" SVG "</html>", true)),
                 bad)) {
        opt.iconify_base = bad;
        LRT_CHECK(c2v_asset_fetch(&opt, "flask", path, sizeof path, NULL, &err) == C2V_ERR_RESPONSE);
        LRT_CHECK(strstr(err.message, "text/html") != NULL);
        LRT_CHECK(stat("icon-cache/flask.svg", &sb) != 0);
    }
    cJSON *huge = resp("image/svg+xml", "", true);
    cJSON_AddNumberToObject(huge, "big_body", 100000);
    if (scenario(&srv, "big", list(resp("application/json", "{\"icons\": [\"mdi:prism\"]}", false), huge), big)) {
        opt.iconify_base = big;
        LRT_CHECK(c2v_asset_fetch(&opt, "prism", path, sizeof path, NULL, &err) == C2V_ERR_LIMIT);
        LRT_CHECK(stat("icon-cache/prism.svg", &sb) != 0);
    }
    if (scenario(&srv, "broken",
                 list(resp("application/json", "{\"icons\": [\"mdi:lens\"]}", false),
                      resp("image/svg+xml", "<svg xmlns='http://www.w3.org/2000/svg'><path d='M 0 0 L", true)),
                 broken)) {
        opt.iconify_base = broken;
        LRT_CHECK(c2v_asset_fetch(&opt, "lens", path, sizeof path, NULL, &err) == C2V_ERR_RESPONSE);
        LRT_CHECK(stat("icon-cache/lens.svg", &sb) != 0);
    }
    /* A name that could escape the cache or the URL is refused before any request. */
    LRT_CHECK(c2v_asset_fetch(&opt, "../etc/passwd", path, sizeof path, NULL, &err) == C2V_ERR_INVALID_ARG);

    /* Suggestions from the LLM: invalid names dropped, at most 4. */
    cJSON *sug = cJSON_CreateObject();
    cJSON_AddNumberToObject(sug, "status", 200);
    cJSON *body = cJSON_AddObjectToObject(sug, "body");
    cJSON *ch = cJSON_CreateObject();
    cJSON *msg = cJSON_AddObjectToObject(ch, "message");
    cJSON_AddStringToObject(msg, "content",
                            "{\"objects\": [\"Atom\", \"../x\", \"bar magnet\", \"atom\", \"lens\", \"prism\", \"coin\"]}");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(body, "choices"), ch);
    if (scenario(&srv, "llm", list(sug, NULL), llm)) {
        char v1[320];
        snprintf(v1, sizeof v1, "%s/v1", llm);
        c2v_provider_config p = {"l", C2V_PROVIDER_OPENAI, v1, "sk-0000", "m", "", "", ""};
        c2v_llm_options lo = c2v_llm_options_default();
        lo.max_attempts = 1;
        c2v_llm_client *c = NULL;
        LRT_CHECK(c2v_llm_client_create(&p, &lo, &c, &err) == C2V_OK);
        cJSON *names = NULL;
        LRT_CHECK_MSG(c2v_assets_suggest(c, "Optics and atoms", 4, &names, &err) == C2V_OK, "%s", err.message);
        char *got = names ? cJSON_PrintUnformatted(names) : NULL;
        LRT_CHECK_MSG(got && strcmp(got, "[\"atom\",\"bar magnet\",\"lens\",\"prism\"]") == 0, "%s", got ? got : "");
        free(got);
        cJSON_Delete(names);
        c2v_llm_client_destroy(c);
    }

    /* The network goes away: the cache still serves, the rest fails cleanly. */
    test_server_stop(&srv);
    opt.iconfinder_key = KEY;
    opt.iconfinder_base = icf;
    opt.iconify_base = ify;
    LRT_CHECK_MSG(c2v_asset_fetch(&opt, "atom", path, sizeof path, &source, &err) == C2V_OK, "%s", err.message);
    LRT_CHECK(source && strcmp(source, "cache") == 0 && strcmp(path, "icon-cache/atom.svg") == 0);
    LRT_CHECK(c2v_asset_fetch(&opt, "Bar Magnet", path, sizeof path, &source, &err) == C2V_OK);
    LRT_CHECK(source && strcmp(source, "cache") == 0);
    c2v_status st = c2v_asset_fetch(&opt, "telescope", path, sizeof path, &source, &err);
    LRT_CHECK_MSG(st == C2V_ERR_NETWORK, "%s: %s", c2v_strerror(st), err.message);
    LRT_CHECK(strstr(err.message, KEY) == NULL); /* the key never shows */
    opt.offline = true;
    LRT_CHECK(c2v_asset_fetch(&opt, "atom", path, sizeof path, &source, &err) == C2V_OK);
    LRT_CHECK(c2v_asset_fetch(&opt, "telescope", path, sizeof path, &source, &err) == C2V_ERR_NETWORK);
    return lrt_finish("critic_assets");
}
