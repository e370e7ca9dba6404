/* Icons: LLM suggestions, IconFinder then Iconify, a validated disk cache.
 * Nothing from the network is trusted: names are checked before they go
 * into a URL or a file name, downloads are capped while they arrive, and a
 * file reaches the cache only after librender has parsed it. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>
#include <librender.h>

#include "agent_internal.h"
#include "c2v_assets.h"

c2v_assets_options c2v_assets_options_default(void)
{
    c2v_assets_options o = {0};
    o.max_bytes = 512u << 10;
    o.timeout_ms = 15000;
    return o;
}

/* Letters, digits, spaces and '-', 1..40 characters: safe in a URL query
 * once encoded, and in a file name once spaces become '-'. */
static bool name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == ' ' || s[i] == '-'))
            return false;
    return true;
}

static const char *const suggest_system =
    "You choose icons for an educational video. Name concrete, physical, drawable objects (like \"magnet\", "
    "\"atom\", \"telescope\"), never abstract ideas, one or two plain English words each. Reply with JSON only: "
    "{\"objects\": [\"...\"]}.";

c2v_status c2v_assets_suggest(c2v_llm_client *llm, const char *topic, int max, cJSON **names, c2v_error *err)
{
    *names = NULL;
    if (!llm || !topic)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_assets_suggest: no client or no topic");
    if (max < 1 || max > 4)
        max = 4;
    char prompt[1024];
    snprintf(prompt, sizeof prompt, "Topic: %.600s\nName at most %d objects that would make good icons for it.", topic,
             max);
    c2v_llm_request req = {.system = suggest_system, .prompt = prompt, .temperature = -1,
                           .json_schema = "{\"type\":\"object\",\"properties\":{\"objects\":{\"type\":\"array\","
                                          "\"items\":{\"type\":\"string\"}}},\"required\":[\"objects\"],"
                                          "\"additionalProperties\":false}",
                           .schema_name = "icons", .stage = "assets", .topic = topic};
    cJSON *v = NULL;
    c2v_status st = c2v_llm_call_json(llm, &req, &v, NULL, err);
    if (st)
        return st;
    cJSON *out = cJSON_CreateArray();
    const cJSON *objs = cJSON_GetObjectItemCaseSensitive(v, "objects");
    if (!cJSON_IsArray(objs)) {
        cJSON_Delete(v);
        cJSON_Delete(out);
        return c2v_error_set(err, C2V_ERR_RESPONSE, "icon suggestions: expected {\"objects\": [names]}");
    }
    const cJSON *o;
    cJSON_ArrayForEach(o, objs)
    {
        if (cJSON_GetArraySize(out) >= max)
            break;
        if (!cJSON_IsString(o) || !name_ok(o->valuestring))
            continue;
        char low[48];
        size_t i = 0;
        for (; o->valuestring[i] && i + 1 < sizeof low; i++)
            low[i] = (char)tolower((unsigned char)o->valuestring[i]);
        low[i] = 0;
        bool dup = false;
        const cJSON *e;
        cJSON_ArrayForEach(e, out) dup = dup || strcmp(e->valuestring, low) == 0;
        if (!dup)
            cJSON_AddItemToArray(out, cJSON_CreateString(low));
    }
    cJSON_Delete(v);
    *names = out;
    return C2V_OK;
}

/* ---- HTTP --------------------------------------------------------------------- */

typedef struct download {
    c2v_buf body;
    char content_type[128];
    long status;
} download;

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
    download *d = user;
    /* A false return makes curl abort: the cap holds even without a
     * Content-Length. */
    return c2v_buf_append(&d->body, data, size * n) ? size * n : 0;
}

static c2v_status http_get(const c2v_assets_options *opt, const char *url, const char *bearer, download *d,
                           c2v_error *err)
{
    memset(d, 0, sizeof *d);
    d->body.limit = opt->max_bytes;
    CURL *c = curl_easy_init();
    if (!c)
        return c2v_error_set(err, C2V_ERR_NOMEM, "curl_easy_init failed");
    struct curl_slist *h = NULL;
    char auth[600];
    bool ok = true;
    if (bearer && bearer[0]) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", bearer);
        struct curl_slist *n = curl_slist_append(h, auth);
        ok = n != NULL;
        h = n ? n : h;
    }
    struct curl_slist *n = curl_slist_append(h, "Accept: image/svg+xml, image/png, application/json");
    ok = ok && n;
    h = n ? n : h;
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, d);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, opt->timeout_ms > 0 ? opt->timeout_ms : 15000L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L); /* a redirect could carry the key elsewhere */
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)opt->max_bytes);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "c2v-agent/0.1");
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    c2v_status st = C2V_OK;
    CURLcode rc = ok ? curl_easy_perform(c) : CURLE_OUT_OF_MEMORY;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &d->status);
    char *ct = NULL;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
    snprintf(d->content_type, sizeof d->content_type, "%s", ct ? ct : "");
    if (d->body.overflow || rc == CURLE_FILESIZE_EXCEEDED)
        st = c2v_error_set(err, C2V_ERR_LIMIT, "download larger than %zu bytes refused", opt->max_bytes);
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        st = c2v_error_set(err, C2V_ERR_TIMEOUT, "request timed out");
    else if (rc != CURLE_OK)
        st = c2v_error_set(err, C2V_ERR_NETWORK, "%s", curl_easy_strerror(rc));
    else if (d->status != 200)
        st = c2v_error_set(err, C2V_ERR_HTTP, "HTTP %ld", d->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
    if (st)
        c2v_buf_free(&d->body);
    return st;
}

static bool is_type(const char *content_type, const char *want)
{
    size_t n = strlen(want);
    return strncasecmp(content_type, want, n) == 0 && (content_type[n] == 0 || content_type[n] == ';');
}

static char *url_encode(const char *s)
{
    CURL *c = curl_easy_init();
    char *e = c ? curl_easy_escape(c, s, 0) : NULL;
    char *out = e ? c2v_strdup(e) : NULL;
    curl_free(e);
    if (c)
        curl_easy_cleanup(c);
    return out;
}

/* ---- validation and cache ---------------------------------------------------- */

static void file_name(const char *name, char *out, size_t size)
{
    size_t j = 0;
    for (const char *p = name; *p && j + 1 < size; p++)
        out[j++] = *p == ' ' ? '-' : (char)tolower((unsigned char)*p);
    out[j] = 0;
}

/* Writes `data` to a new file made from `templ` (mkstemps, `suffix` bytes
 * after its XXXXXX); `templ` receives the name. The cache may be shared by
 * processes on several machines (a cluster's file system), where process
 * ids repeat: mkstemps creates the name with O_EXCL, so no two writers ever
 * share a temporary file. */
static c2v_status write_unique(char *templ, int suffix, const void *data, size_t size, c2v_error *err)
{
    int fd = mkstemps(templ, suffix);
    if (fd < 0)
        return c2v_error_set(err, C2V_ERR_IO, "cannot create %s: %s", templ, strerror(errno));
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        remove(templ);
        return c2v_error_set(err, C2V_ERR_IO, "cannot write %s: %s", templ, strerror(errno));
    }
    bool ok = fwrite(data, 1, size, f) == size;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        remove(templ);
        return c2v_error_set(err, C2V_ERR_IO, "cannot write %s", templ);
    }
    return C2V_OK;
}

/* Temp file, then rename: a reader (another task using the same cache)
 * sees the whole icon or none. */
static c2v_status write_file_atomic(const char *path, const void *data, size_t size, c2v_error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.XXXXXX.tmp", path);
    c2v_status st = write_unique(tmp, 4, data, size, err);
    if (st)
        return st;
    if (rename(tmp, path) != 0) {
        c2v_status rs = c2v_error_set(err, C2V_ERR_IO, "cannot write %s: %s", path, strerror(errno));
        remove(tmp);
        return rs;
    }
    return C2V_OK;
}

/* Checks the download and caches it; `path` receives the cached file. */
static c2v_status accept_icon(const c2v_assets_options *opt, const char *fname, download *d, char *path,
                              size_t path_size, c2v_error *err)
{
    bool svg = is_type(d->content_type, "image/svg+xml");
    bool png = is_type(d->content_type, "image/png");
    if (!svg && !png)
        return c2v_error_set(err, C2V_ERR_RESPONSE, "refused a download of type \"%s\" (expected image/svg+xml or "
                                                    "image/png)", d->content_type);
    char tmp[4200];
    if (svg) {
        lr_svg_options so = lr_svg_options_default();
        so.max_bytes = opt->max_bytes;
        lr_mobject *m = NULL;
        lr_error le = {0};
        if (lr_svg_load_memory(d->body.data, d->body.len, &so, &m, NULL, &le) != LR_OK)
            return c2v_error_set(err, C2V_ERR_RESPONSE, "refused an SVG that does not parse: %s", le.message);
        lr_rect b = lr_mobject_bounds(m);
        lr_mobject_destroy(m);
        if (lr_rect_is_empty(b))
            return c2v_error_set(err, C2V_ERR_RESPONSE, "refused an SVG that draws nothing");
    } else {
        /* Decode from a temp file: what fails to decode never gets the final name. */
        snprintf(tmp, sizeof tmp, "%s/.check-XXXXXX.png", opt->cache_dir);
        c2v_status st = write_unique(tmp, 4, d->body.data, d->body.len, err);
        if (st)
            return st;
        lr_image img = {0};
        lr_error le = {0};
        lr_status ls = lr_image_load(&img, tmp, &le);
        bool sane = ls == LR_OK && img.width > 0 && img.height > 0 && img.width <= 4096 && img.height <= 4096;
        lr_image_free(&img);
        remove(tmp);
        if (!sane)
            return c2v_error_set(err, C2V_ERR_RESPONSE, "refused a PNG that does not decode: %s", le.message);
    }
    int n = snprintf(path, path_size, "%s/%s.%s", opt->cache_dir, fname, svg ? "svg" : "png");
    if (n < 0 || (size_t)n >= path_size)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "cache path too long");
    return write_file_atomic(path, d->body.data, d->body.len, err);
}

static bool cached(const c2v_assets_options *opt, const char *fname, char *path, size_t path_size)
{
    static const char *const exts[] = {"svg", "png"};
    for (int i = 0; i < 2; i++) {
        int n = snprintf(path, path_size, "%s/%s.%s", opt->cache_dir, fname, exts[i]);
        struct stat sb;
        if (n > 0 && (size_t)n < path_size && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0)
            return true;
    }
    return false;
}

/* ---- sources ----------------------------------------------------------------------- */

static const char *json_str(const cJSON *v, const char *k)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(v, k);
    return cJSON_IsString(s) ? s->valuestring : NULL;
}

/* A search request: base + path + the URL-encoded name + tail, its reply
 * parsed (*out is NULL when the reply is not JSON). */
static c2v_status search_icons(const c2v_assets_options *opt, const char *base, const char *path, const char *name,
                               const char *tail, const char *bearer, cJSON **out, c2v_error *err)
{
    *out = NULL;
    char *q = url_encode(name);
    if (!q)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    char url[2048];
    snprintf(url, sizeof url, "%s%s%s%s", base, path, q, tail);
    free(q);
    download d;
    c2v_status st = http_get(opt, url, bearer, &d, err);
    if (st)
        return st;
    *out = cJSON_ParseWithLength(d.body.data, d.body.len);
    c2v_buf_free(&d.body);
    return C2V_OK;
}

/* Downloads one icon and checks it into the cache (accept_icon). */
static c2v_status download_icon(const c2v_assets_options *opt, const char *url, const char *bearer, const char *fname,
                                char *path, size_t path_size, c2v_error *err)
{
    download d;
    c2v_status st = http_get(opt, url, bearer, &d, err);
    if (st)
        return st;
    st = accept_icon(opt, fname, &d, path, path_size, err);
    c2v_buf_free(&d.body);
    return st;
}

/* IconFinder v4: search, then download the first SVG (else PNG) format. */
static c2v_status from_iconfinder(const c2v_assets_options *opt, const char *name, const char *fname, char *path,
                                  size_t path_size, c2v_error *err)
{
    const char *base = opt->iconfinder_base ? opt->iconfinder_base : "https://api.iconfinder.com/v4";
    cJSON *v;
    c2v_status st = search_icons(opt, base, "/icons/search?query=", name, "&count=1&premium=0", opt->iconfinder_key,
                                 &v, err);
    if (st)
        return st;
    const cJSON *icon = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(v, "icons"), 0);
    const char *link = NULL;
    static const char *const lists[] = {"vector_sizes", "raster_sizes"};
    for (int l = 0; l < 2 && !link; l++) {
        const cJSON *size;
        cJSON_ArrayForEach(size, cJSON_GetObjectItemCaseSensitive(icon, lists[l]))
        {
            const cJSON *f;
            cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(size, "formats"))
            {
                const char *fmt = json_str(f, "format");
                if (!link && fmt && strcmp(fmt, l == 0 ? "svg" : "png") == 0)
                    link = json_str(f, "download_url");
            }
            if (link)
                break;
        }
    }
    if (!link) {
        cJSON_Delete(v);
        return c2v_error_set(err, C2V_ERR_HTTP, "IconFinder has no free icon for \"%s\"", name);
    }
    /* Relative links are the API's own; the key goes only there. */
    bool relative = link[0] == '/';
    if (!relative && strncmp(link, "https://", 8) != 0 && strncmp(link, "http://", 7) != 0) {
        cJSON_Delete(v);
        return c2v_error_set(err, C2V_ERR_RESPONSE, "IconFinder: unusable download link");
    }
    char url[2048];
    if (relative)
        snprintf(url, sizeof url, "%s%s", base, link);
    else
        snprintf(url, sizeof url, "%s", link);
    bool same_host = relative || strncmp(url, base, strlen(base)) == 0;
    cJSON_Delete(v);
    return download_icon(opt, url, same_host ? opt->iconfinder_key : NULL, fname, path, path_size, err);
}

/* Iconify: search, then /{prefix}/{name}.svg of the first hit. */
static c2v_status from_iconify(const c2v_assets_options *opt, const char *name, const char *fname, char *path,
                               size_t path_size, c2v_error *err)
{
    const char *base = opt->iconify_base ? opt->iconify_base : "https://api.iconify.design";
    cJSON *v;
    c2v_status st = search_icons(opt, base, "/search?query=", name, "&limit=10", NULL, &v, err);
    if (st)
        return st;
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(v, "icons"), 0);
    char id[128] = "";
    if (cJSON_IsString(first))
        snprintf(id, sizeof id, "%s", first->valuestring);
    cJSON_Delete(v);
    /* "prefix:name", both [a-z0-9-]: nothing else goes into the URL. */
    char *colon = strchr(id, ':');
    bool ok = colon && colon != id && colon[1];
    for (char *p = id; ok && *p; p++)
        ok = p == colon || islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-';
    if (!ok)
        return c2v_error_set(err, C2V_ERR_HTTP, "Iconify has no icon for \"%s\"", name);
    *colon = 0;
    char url[2048];
    snprintf(url, sizeof url, "%s/%s/%s.svg", base, id, colon + 1);
    return download_icon(opt, url, NULL, fname, path, path_size, err);
}

c2v_status c2v_asset_fetch(const c2v_assets_options *opt, const char *name, char *path, size_t path_size,
                           const char **source, c2v_error *err)
{
    if (source)
        *source = NULL;
    if (!opt || !opt->cache_dir || !path || !path_size)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_asset_fetch: no cache folder or no output");
    path[0] = 0;
    if (!name_ok(name))
        return c2v_error_set(err, C2V_ERR_INVALID_ARG,
                             "icon name \"%.60s\": expected 1..40 letters, digits, spaces or '-'", name ? name : "");
    c2v_assets_options o = *opt;
    if (!o.max_bytes)
        o.max_bytes = 512u << 10;
    char fname[64];
    file_name(name, fname, sizeof fname);
    if (cached(&o, fname, path, path_size)) {
        if (source)
            *source = "cache";
        return C2V_OK;
    }
    path[0] = 0;
    if (o.offline)
        return c2v_error_set(err, C2V_ERR_NETWORK, "icon \"%s\" is not in the cache %s and the network is off", name,
                             o.cache_dir);
    if (mkdir(o.cache_dir, 0755) != 0 && errno != EEXIST)
        return c2v_error_set(err, C2V_ERR_IO, "cannot create the icon cache %s: %s", o.cache_dir, strerror(errno));
    c2v_error e1 = {0};
    c2v_status st = C2V_ERR_CONFIG;
    if (o.iconfinder_key && o.iconfinder_key[0]) {
        st = from_iconfinder(&o, name, fname, path, path_size, &e1);
        c2v_redact(e1.message, o.iconfinder_key);
        if (!st) {
            if (source)
                *source = "iconfinder";
            return C2V_OK;
        }
        if (!o.quiet)
            fprintf(stderr, "c2v assets: IconFinder, \"%s\": %s; trying Iconify\n", name, e1.message);
    }
    c2v_error e2 = {0};
    st = from_iconify(&o, name, fname, path, path_size, &e2);
    if (!st) {
        if (source)
            *source = "iconify";
        return C2V_OK;
    }
    path[0] = 0;
    if (e1.message[0])
        return c2v_error_set(err, e2.status, "icon \"%s\": IconFinder: %.400s; Iconify: %.400s", name, e1.message,
                             e2.message);
    return c2v_error_set(err, e2.status, "icon \"%s\": Iconify: %.400s", name, e2.message);
}
