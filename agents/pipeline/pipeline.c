/* The pipeline: per topic, Planner -> Coder per section (in parallel) ->
 * validate, repair, render -> join; per run, topics in parallel, a failed
 * topic never stopping the others. Every stage leaves its artefact in the
 * topic folder, so --resume can skip what is already done and valid. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <librender/lr_encoder.h>
#include <librender/lr_preview.h>
#include <librender/lr_video.h>

#include "c2v_assets.h"
#include "coder.h"
#include "critic_step.h"
#include "files.h"
#include "interrupt.h"
#include "planner.h"
#include "run.h"

c2v_agent_options c2v_agent_options_default(void)
{
    c2v_agent_options o = {0};
    o.config_path = "api_config.json";
    o.output_dir = "CASES";
    o.folder_prefix = "run";
    o.quality = 'l';
    o.feedback_rounds = 2;
    o.jobs = 1;
    o.max_fix_bug_tries = 3;
    o.max_regenerate_tries = 1;
    o.max_sections = 8;
    o.max_code_tokens = 16000;
    o.llm = c2v_llm_options_default();
    o.progress = stderr;
    return o;
}

char *c2v_safe_name(const char *topic)
{
    c2v_buf b = {0};
    bool gap = false;
    for (const unsigned char *p = (const unsigned char *)(topic ? topic : ""); *p && b.len < 80; p++) {
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-';
        if (keep) {
            if (gap && b.len)
                c2v_buf_append(&b, "_", 1);
            c2v_buf_append(&b, p, 1);
            gap = false;
        } else {
            gap = true;
        }
    }
    if (!b.len)
        c2v_buf_append(&b, "topic", 5);
    return b.data;
}

/* ---- workers ------------------------------------------------------------------ */

typedef void (*work_fn)(void *ctx, int i);

typedef struct work_pool {
    pthread_mutex_t lock;
    int next, count;
    work_fn fn;
    void *ctx;
    const agent_run *run; /* no new item starts once it stops */
} work_pool;

static void *work_thread(void *arg)
{
    work_pool *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        int i = w->next < w->count && !run_stopped(w->run) ? w->next++ : -1;
        pthread_mutex_unlock(&w->lock);
        if (i < 0)
            return NULL;
        w->fn(w->ctx, i);
    }
}

/* Runs fn(ctx, 0..count-1) on up to `jobs` threads (this one included),
 * starting no item once the run stops. */
static void parallel_for(const agent_run *run, int count, int jobs, work_fn fn, void *ctx)
{
    work_pool w = {.next = 0, .count = count, .fn = fn, .ctx = ctx, .run = run};
    if (pthread_mutex_init(&w.lock, NULL) != 0)
        jobs = 1;
    int extra = jobs > count ? count - 1 : jobs - 1;
    pthread_t th[64];
    if (extra > 64)
        extra = 64;
    int started = 0;
    for (; started < extra; started++)
        if (pthread_create(&th[started], NULL, work_thread, &w) != 0)
            break;
    work_thread(&w);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (jobs > 1 || extra > 0)
        pthread_mutex_destroy(&w.lock);
}

/* ---- one section --------------------------------------------------------------- */

/* With resume: the section from its spec file, when that still validates. */
static cJSON *section_resume(topic_run *t, int i)
{
    /* A storyboard written after the section (planned again) makes it stale. */
    char *story = c2v_path_join(t->dir, "storyboard.json");
    bool current = story && c2v_file_newer(t->sections[i].json_path, story);
    free(story);
    if (!current)
        return NULL;
    cJSON *doc = c2v_read_json(t->sections[i].json_path);
    cJSON *sec = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(doc, "sections"), 0);
    cJSON_Delete(doc);
    if (!sec)
        return NULL;
    spec_issues issues = {0};
    c2v_error err = {0};
    if (coder_validate(t, i, sec, &issues, &err) != C2V_OK || issues.count) {
        topic_log(t, "%s: %s no longer validates, writing it again", t->sections[i].id, t->sections[i].json_path);
        spec_issues_free(&issues);
        cJSON_Delete(sec);
        return NULL;
    }
    return sec;
}

static bool recoverable(c2v_status st)
{
    /* A reply the model may do better next time; anything else (auth, the
     * server failing past the retry budget) ends the section. */
    return st == C2V_ERR_JSON || st == C2V_ERR_RESPONSE;
}

static void section_fail(topic_run *t, int i, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void section_fail(topic_run *t, int i, const char *fmt, ...)
{
    section_state *s = &t->sections[i];
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(s->error, sizeof s->error, "section %s \"%.60s\": %s", s->id, s->title, msg);
    s->ok = false;
    topic_log(t, "%s: FAILED: %s", s->id, msg);
}

/* The section flow: write (or reuse), then validate -> fix until valid,
 * critic hook, render -> fix until it renders; after max_fix_bug_tries fixes
 * regenerate, up to max_regenerate_tries times. */
static void section_flow(topic_run *t, int i)
{
    const c2v_agent_options *opt = t->run->opt;
    section_state *s = &t->sections[i];
    c2v_error err = {0};
    c2v_llm_client *client = NULL;
    if (topic_client(t, &client, &err) != C2V_OK) {
        section_fail(t, i, "%s", err.message);
        return;
    }
    double t0 = c2v_now_seconds();
    cJSON *sec = opt->resume ? section_resume(t, i) : NULL;
    if (opt->resume)
        topic_time(t, "validate", t0);
    if (sec && c2v_file_nonempty(s->mp4_path) && c2v_file_newer(s->mp4_path, s->json_path)) {
        s->spec = sec;
        s->ok = true;
        topic_log(t, "%s: reused %s", s->id, s->mp4_path);
        if (opt->use_feedback)
            section_critic_reused(t, i);
        c2v_llm_client_destroy(client);
        return;
    }
    spec_issues issues = {0};
    char last[600] = "";
    for (int regen = 0;; regen++) {
        c2v_status st = C2V_OK;
        if (!sec) {
            topic_log(t, "%s: %s \"%s\"", s->id, regen ? "regenerating" : "writing", s->title);
            t0 = c2v_now_seconds();
            st = coder_write_section(t, client, i, regen ? &issues : NULL, &sec, &err);
            topic_time(t, regen ? "regenerate" : "coder", t0);
            if (st && !recoverable(st)) {
                section_fail(t, i, "%s", err.message);
                break;
            }
            if (st) {
                /* The regeneration is told why the reply was unusable. */
                snprintf(last, sizeof last, "%.500s", err.message);
                spec_issues_free(&issues);
                spec_issues_add(&issues, err.message, "");
            }
        }
        int fixes = 0;
        bool rendered = false, fatal = false;
        while (sec) {
            t0 = c2v_now_seconds();
            st = coder_validate(t, i, sec, &issues, &err);
            topic_time(t, "validate", t0);
            if (st == C2V_OK && issues.count == 0) {
                st = coder_save(t, i, sec, &err);
                t0 = c2v_now_seconds();
                if (st == C2V_OK)
                    st = section_critic(t, i, &sec, &err);
                topic_time(t, "critic", t0);
                t0 = c2v_now_seconds();
                if (st == C2V_OK)
                    st = coder_render(t, i, &issues, &err);
                topic_time(t, "render", t0);
                if (st == C2V_OK && issues.count == 0) {
                    rendered = true;
                    break;
                }
            }
            if (st) {
                section_fail(t, i, "%s", err.message);
                fatal = true;
                break;
            }
            snprintf(last, sizeof last, "%s%s", issues.items[0].message,
                     issues.count > 1 ? " (and more)" : "");
            topic_log(t, "%s: %d issue%s: %s", s->id, issues.count, issues.count == 1 ? "" : "s",
                      issues.items[0].message);
            if (fixes >= opt->max_fix_bug_tries)
                break;
            fixes++;
            s->fixes++;
            t0 = c2v_now_seconds();
            st = coder_fix(t, client, i, &sec, &issues, &err);
            topic_time(t, "fix", t0);
            if (st && !recoverable(st)) {
                section_fail(t, i, "%s", err.message);
                fatal = true;
                break;
            }
            if (st)
                topic_log(t, "%s: fix %d unusable: %s", s->id, fixes, err.message);
        }
        if (rendered) {
            s->ok = true;
            topic_log(t, "%s: done (%d fix%s, %d regeneration%s)", s->id, s->fixes, s->fixes == 1 ? "" : "es",
                      s->regenerations, s->regenerations == 1 ? "" : "s");
            break;
        }
        if (fatal)
            break;
        if (regen >= opt->max_regenerate_tries) {
            section_fail(t, i, "still failing after %d fix%s and %d regeneration%s: %s", s->fixes,
                         s->fixes == 1 ? "" : "es", s->regenerations, s->regenerations == 1 ? "" : "s",
                         last[0] ? last : "no usable reply");
            break;
        }
        cJSON_Delete(sec);
        sec = NULL;
        s->regenerations++;
    }
    if (s->ok && sec != s->spec) {
        cJSON_Delete(s->spec);
        s->spec = sec;
    } else if (sec != s->spec) {
        cJSON_Delete(sec);
    }
    spec_issues_free(&issues);
    c2v_llm_client_destroy(client);
    /* What this section spent is on disk before the next one starts. */
    topic_usage_save(t, "running");
}

static void section_work(void *ctx, int i)
{
    section_flow(ctx, i);
}

/* ---- one topic ----------------------------------------------------------------- */

static c2v_status sections_init(topic_run *t, c2v_error *err)
{
    const cJSON *story = cJSON_GetObjectItemCaseSensitive(t->storyboard, "sections");
    t->nsections = cJSON_GetArraySize(story);
    t->sections = calloc((size_t)t->nsections, sizeof *t->sections);
    if (!t->sections)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    for (int i = 0; i < t->nsections; i++) {
        section_state *s = &t->sections[i];
        snprintf(s->id, sizeof s->id, "s%02d", i + 1);
        const cJSON *title = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(story, i), "title");
        snprintf(s->title, sizeof s->title, "%.199s", cJSON_IsString(title) ? title->valuestring : s->id);
        char name[64];
        snprintf(name, sizeof name, "sections/section-%02d.json", i + 1);
        s->json_path = c2v_path_join(t->dir, name);
        snprintf(name, sizeof name, "sections/section-%02d.mp4", i + 1);
        s->mp4_path = c2v_path_join(t->dir, name);
        if (!s->json_path || !s->mp4_path)
            return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    return C2V_OK;
}

/* The narrated {topic}.mp4: the whole spec rendered once more with speech
 * (timing fitted to it, one AAC track mixed across the sections, .vtt and
 * .srt beside it). The silent section clips cannot simply be joined: speech
 * lengthens the steps it is spoken over. lr_video_render writes every file
 * under a temporary name and renames it when complete. */
static c2v_status topic_render_narrated(topic_run *t, const char *doc_text, const char *out, c2v_error *err)
{
    const c2v_agent_options *opt = t->run->opt;
    lr_spec *spec = NULL;
    lr_spec_errors *errs = lr_spec_errors_create();
    if (!errs)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    lr_status ls = lr_spec_load_string(doc_text, "spec.json", t->dir, &spec, errs);
    if (ls != LR_OK) {
        c2v_status st = c2v_error_set(err, C2V_ERR_IO, "%s/spec.json: does not load: %s", t->dir,
                                      lr_spec_errors_joined(errs));
        lr_spec_errors_destroy(errs);
        return st;
    }
    lr_spec_errors_destroy(errs);
    lr_video_options vopt = lr_video_options_default();
    vopt.narrate = true;
    vopt.progress = run_render_progress;
    vopt.user = t->run;
    vopt.voice = opt->voice;
    vopt.speech_rate = opt->speech_rate;
    lr_error lerr = {0};
    pthread_mutex_lock(&t->run->render_lock);
    topic_log(t, "join: %d sections, narrated (voice %s) -> %s", t->nsections, opt->voice ? opt->voice : "en-us", out);
    ls = lr_video_render(spec, out, &vopt, &lerr);
    pthread_mutex_unlock(&t->run->render_lock);
    lr_spec_destroy(spec);
    if (ls != LR_OK)
        return c2v_error_set(err, ls == LR_ERR_CANCELLED ? C2V_ERR_CANCELLED : C2V_ERR_IO,
                             "rendering the narrated %s: %s", out, lerr.message);
    return C2V_OK;
}

/* spec.json (every section, for c2v-render and the Critic) and {topic}.mp4:
 * narrated from spec.json, or (no_audio) the silent clips joined in section
 * order. */
static c2v_status topic_join(topic_run *t, char **video, c2v_error *err)
{
    cJSON *doc = coder_wrap_section(t, NULL);
    cJSON *secs = cJSON_GetObjectItemCaseSensitive(doc, "sections");
    bool ok = secs != NULL;
    for (int i = 0; ok && i < t->nsections; i++) {
        cJSON *copy = cJSON_Duplicate(t->sections[i].spec, true);
        ok = copy && cJSON_AddItemToArray(secs, copy);
        if (!ok)
            cJSON_Delete(copy);
    }
    if (!ok) {
        cJSON_Delete(doc);
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    char *spec_path = c2v_path_join(t->dir, "spec.json");
    c2v_status st = spec_path ? c2v_write_json(spec_path, doc, err) : c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    char *doc_text = st ? NULL : cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    free(spec_path);
    if (!st && !doc_text)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    if (st)
        return st;

    c2v_buf name = {0};
    c2v_buf_appendf(&name, "%s.mp4", t->safe);
    char *out = name.data ? c2v_path_join(t->dir, name.data) : NULL;
    c2v_buf_free(&name);
    const char **inputs = calloc((size_t)t->nsections, sizeof *inputs);
    if (!out || !inputs) {
        free(out);
        free(inputs);
        free(doc_text);
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    /* The subtitles mark a narrated video: a run that changes --no-audio
     * makes the other kind. */
    c2v_buf vtt = {0}, srt = {0};
    c2v_buf_appendf(&vtt, "%s/%s.vtt", t->dir, t->safe);
    c2v_buf_appendf(&srt, "%s/%s.srt", t->dir, t->safe);
    bool narrated = vtt.data && c2v_file_nonempty(vtt.data);
    bool fresh = t->run->opt->resume && c2v_file_nonempty(out) && narrated == !t->run->opt->no_audio;
    for (int i = 0; i < t->nsections; i++) {
        inputs[i] = t->sections[i].mp4_path;
        fresh = fresh && c2v_file_newer(out, inputs[i]);
    }
    if (fresh) {
        topic_log(t, "join: reused %s", out);
    } else if (t->run->opt->no_audio) {
        /* lr_video_concat writes to a temporary name and renames it when complete. */
        lr_error lerr = {0};
        topic_log(t, "join: %d sections -> %s", t->nsections, out);
        if (lr_video_concat(inputs, (size_t)t->nsections, out, &lerr) != LR_OK)
            st = c2v_error_set(err, C2V_ERR_IO, "joining the sections into %s: %s", out, lerr.message);
        if (!st && vtt.data && srt.data) {
            remove(vtt.data); /* a narrated run's subtitles no longer fit the video */
            remove(srt.data);
        }
    } else {
        st = topic_render_narrated(t, doc_text, out, err);
    }
    free(inputs);
    free(doc_text);
    c2v_buf_free(&vtt);
    c2v_buf_free(&srt);
    if (st)
        free(out);
    else
        *video = out;
    return st;
}

/* ---- icons (--use_assets) ------------------------------------------------------ */

/* Reads a cached icon, which must be a regular file: a FIFO or a device
 * put in the cache would block the open (it is made non-blocking) or never
 * end. */
static c2v_status asset_read(const char *from, char **data, size_t *size, c2v_error *err)
{
    int fd = open(from, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        c2v_status st = c2v_error_set(err, C2V_ERR_IO, "%s: %s", from, strerror(errno));
        if (fd >= 0)
            close(fd);
        return st;
    }
    if (!S_ISREG(sb.st_mode) || sb.st_size > (8 << 20)) {
        close(fd);
        return c2v_error_set(err, C2V_ERR_IO, "%s: %s", from,
                             S_ISREG(sb.st_mode) ? "larger than 8 MiB" : "not a regular file");
    }
    *size = (size_t)sb.st_size;
    *data = malloc(*size + 1);
    ssize_t got = *data ? read(fd, *data, *size) : -1;
    close(fd);
    if (got != (ssize_t)*size) {
        free(*data);
        *data = NULL;
        return c2v_error_set(err, C2V_ERR_IO, "%s: cannot read it", from);
    }
    return C2V_OK;
}

/* Copies a cached icon into the topic's asset folder (specs may only name
 * files inside it): temp name, then rename. */
static c2v_status asset_copy(const char *from, const char *to, c2v_error *err)
{
    char *data = NULL;
    size_t size = 0;
    c2v_status st = asset_read(from, &data, &size, err);
    if (!st && c2v_file_write(to, data, size, NULL) != C2V_OK)
        st = c2v_error_set(err, C2V_ERR_IO, "%s: could not write the icon", to);
    free(data);
    return st;
}

/* The icons for the topic, once, before the Coder: the LLM names up to 4
 * drawable objects (stage "assets"), each is fetched through the cache and
 * copied into {dir}/assets/; assets.json records them (reused with resume).
 * Icons are a help, not a need: a failure is logged and the topic goes on
 * without them. Fills t->assets_text for the Coder's {{assets}}. */
static void topic_assets(topic_run *t, c2v_llm_client *client)
{
    const c2v_agent_options *opt = t->run->opt;
    char *list_path = c2v_path_join(t->dir, "assets.json");
    char *asset_dir = c2v_path_join(t->dir, "assets");
    c2v_buf cache = {0};
    if (opt->assets_cache)
        c2v_buf_appendf(&cache, "%s", opt->assets_cache);
    else
        c2v_buf_appendf(&cache, "%s/assets", opt->output_dir);
    cJSON *list = opt->resume && list_path ? c2v_read_json(list_path) : NULL;
    bool reused = cJSON_IsArray(list);
    c2v_error err = {0};
    if (!reused) {
        cJSON_Delete(list);
        list = cJSON_CreateArray();
        cJSON *names = NULL;
        if (!list_path || !asset_dir || !cache.data || !list) {
            topic_log(t, "assets: out of memory");
        } else if (c2v_mkdirs(asset_dir, &err) != C2V_OK || c2v_assets_suggest(client, t->topic, 4, &names, &err) != C2V_OK) {
            topic_log(t, "assets: no icons: %s", err.message);
        } else {
            c2v_assets_options ao = c2v_assets_options_default();
            ao.cache_dir = cache.data;
            ao.iconfinder_key = c2v_config_key(t->run->config, "iconfinder");
            ao.quiet = true;
            const cJSON *n;
            cJSON_ArrayForEach(n, names)
            {
                char cached[1024];
                const char *source = NULL;
                if (c2v_asset_fetch(&ao, n->valuestring, cached, sizeof cached, &source, &err) != C2V_OK) {
                    topic_log(t, "assets: \"%s\": %s", n->valuestring, err.message);
                    continue;
                }
                const char *base = strrchr(cached, '/');
                base = base ? base + 1 : cached;
                c2v_buf rel = {0}, dest = {0};
                c2v_buf_appendf(&rel, "assets/%s", base);
                c2v_buf_appendf(&dest, "%s/%s", t->dir, rel.data ? rel.data : "");
                cJSON *e = cJSON_CreateObject();
                if (rel.data && dest.data && e && asset_copy(cached, dest.data, &err) == C2V_OK &&
                    cJSON_AddStringToObject(e, "name", n->valuestring) && cJSON_AddStringToObject(e, "file", rel.data) &&
                    cJSON_AddStringToObject(e, "source", source ? source : "")) {
                    cJSON_AddItemToArray(list, e);
                    topic_log(t, "assets: %s (%s)", rel.data, source ? source : "");
                } else {
                    cJSON_Delete(e);
                    topic_log(t, "assets: \"%s\": %s", n->valuestring, err.message);
                }
                c2v_buf_free(&rel);
                c2v_buf_free(&dest);
            }
            if (c2v_write_json(list_path, list, &err) != C2V_OK)
                topic_log(t, "assets: %s", err.message);
        }
        cJSON_Delete(names);
    } else {
        topic_log(t, "assets: reused assets.json (%d icon%s)", cJSON_GetArraySize(list),
                  cJSON_GetArraySize(list) == 1 ? "" : "s");
    }
    c2v_buf text = {0};
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const cJSON *file = cJSON_GetObjectItemCaseSensitive(e, "file");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
        char *full = cJSON_IsString(file) ? c2v_path_join(t->dir, file->valuestring) : NULL;
        if (full && c2v_file_nonempty(full) && cJSON_IsString(name)) {
            if (!text.len)
                c2v_buf_appendf(&text, "Icons you may use (files in the asset folder; place them on the grid like any "
                                       "object, e.g. {\"id\": \"icon1\", \"type\": \"%s\", \"file\": \"%s\", "
                                       "\"width\": 1.5, \"at\": \"E5\"}):\n",
                                strstr(file->valuestring, ".svg") ? "svg" : "image", file->valuestring);
            c2v_buf_appendf(&text, "- %s (type \"%s\"): a %s\n", file->valuestring,
                            strstr(file->valuestring, ".svg") ? "svg" : "image", name->valuestring);
        }
        free(full);
    }
    t->assets_text = text.data;
    cJSON_Delete(list);
    c2v_buf_free(&cache);
    free(list_path);
    free(asset_dir);
}

static void topic_free(topic_run *t)
{
    free(t->assets_text);
    cJSON_Delete(t->runs);
    for (int i = 0; i < t->nsections; i++) {
        cJSON_Delete(t->sections[i].spec);
        free(t->sections[i].json_path);
        free(t->sections[i].mp4_path);
    }
    free(t->sections);
    cJSON_Delete(t->outline);
    cJSON_Delete(t->storyboard);
    c2v_usage_destroy(t->usage);
    free(t->dir);
    free(t->safe);
}

/* With --resume: what earlier runs of this topic spent (usage.json, which
 * this run adds to), and the temporary files an interrupted run left. */
static void topic_resume_state(topic_run *t, cJSON **runs)
{
    char *path = c2v_path_join(t->dir, "usage.json");
    c2v_error err = {0};
    if (path && c2v_file_nonempty(path)) {
        cJSON *old = c2v_read_json(path);
        *runs = cJSON_DetachItemFromObjectCaseSensitive(old, "runs");
        cJSON_Delete(old);
        if (c2v_usage_read(t->usage, path, t->topic, &err) != C2V_OK) {
            topic_log(t, "usage: the earlier usage.json cannot be read (%s); counting from zero", err.message);
            c2v_usage_destroy(t->usage);
            t->usage = NULL;
            if (c2v_usage_create(&t->usage) != C2V_OK)
                t->usage = NULL;
        } else {
            c2v_usage_topic(t->usage, t->topic, &t->wall_before, &t->runs_before);
            c2v_usage_totals u = c2v_usage_get(t->usage, NULL, NULL);
            topic_log(t, "usage: %ld calls, %ld tokens, %.1f s from %d earlier run%s, added to", u.calls,
                      u.prompt_tokens + u.completion_tokens, t->wall_before, t->runs_before,
                      t->runs_before == 1 ? "" : "s");
        }
    }
    free(path);
    int n = c2v_remove_temp_files(t->dir, false);
    if (n)
        topic_log(t, "resume: removed %d temporary file%s left by an interrupted run", n, n == 1 ? "" : "s");
}

/* The topic is one an interrupt can save (topic_run lives on topic_flow's stack). */
static void topic_register(agent_run *run, topic_run *t, bool on)
{
    pthread_mutex_lock(&run->state_lock);
    run->active[t->slot] = on ? t : NULL;
    pthread_mutex_unlock(&run->state_lock);
}

static const char *topic_status_name(c2v_topic_status st)
{
    switch (st) {
    case C2V_TOPIC_OK: return "ok";
    case C2V_TOPIC_PARTIAL: return "partial";
    case C2V_TOPIC_FAILED: return "failed";
    case C2V_TOPIC_INTERRUPTED: return "interrupted";
    default: return "pending";
    }
}

/* A made video whose sections missed the visual pass --use_feedback asked
 * for is only partial: the table and the exit status say so. */
static void topic_partial(topic_run *t, c2v_topic_result *res)
{
    int skipped = 0;
    const char *first = NULL;
    for (int i = 0; i < t->nsections; i++)
        if (t->sections[i].visual_skipped) {
            skipped++;
            if (!first)
                first = t->sections[i].critic_note;
        }
    if (!skipped)
        return;
    res->status = C2V_TOPIC_PARTIAL;
    snprintf(res->error, sizeof res->error, "the visual critic (--use_feedback) did not run on %d of %d section%s: %s",
             skipped, t->nsections, t->nsections == 1 ? "" : "s", first);
}

static void topic_flow(agent_run *run, const char *topic, int index, int slot, c2v_topic_result *res)
{
    topic_run t = {.run = run, .topic = topic, .index = index, .slot = slot, .started = c2v_now_seconds()};
    c2v_error err = {0};
    c2v_status st = C2V_OK;
    res->topic = c2v_strdup(topic);
    res->number = index;
    t.safe = c2v_safe_name(topic);
    c2v_buf dir = {0};
    c2v_buf_appendf(&dir, "%s/%s/%d-%s", run->opt->output_dir, run->opt->folder_prefix, index, t.safe ? t.safe : "");
    t.dir = dir.data;
    char *sections_dir = t.dir ? c2v_path_join(t.dir, "sections") : NULL;
    if (pthread_mutex_init(&t.usage_lock, NULL) != 0) {
        res->status = C2V_TOPIC_FAILED;
        snprintf(res->error, sizeof res->error, "pthread_mutex_init failed");
        free(sections_dir);
        topic_free(&t);
        return;
    }
    if (!t.safe || !t.dir || !sections_dir || c2v_usage_create(&t.usage) != C2V_OK)
        st = c2v_error_set(&err, C2V_ERR_NOMEM, "out of memory");
    if (!st)
        st = c2v_mkdirs(sections_dir, &err);
    free(sections_dir);
    res->dir = c2v_strdup(t.dir);
    if (!st) {
        topic_log(&t, "start: %s", t.dir);
        cJSON *runs = NULL;
        if (run->opt->resume)
            topic_resume_state(&t, &runs);
        topic_runs_start(&t, runs);
        if (!t.usage)
            st = c2v_error_set(&err, C2V_ERR_NOMEM, "out of memory");
    }
    topic_register(run, &t, true);

    c2v_llm_client *client = NULL;
    if (!st)
        st = topic_client(&t, &client, &err);
    if (!st)
        st = planner_run(&t, client, &err);
    if (!st && run->opt->use_assets) {
        double t0 = c2v_now_seconds();
        topic_assets(&t, client);
        topic_time(&t, "assets", t0);
    }
    c2v_llm_client_destroy(client);
    if (!st)
        topic_usage_save(&t, "running");
    if (!st)
        st = sections_init(&t, &err);
    if (!st) {
        topic_log(&t, "coder: %d sections on %d worker%s", t.nsections, run->opt->jobs, run->opt->jobs == 1 ? "" : "s");
        parallel_for(run, t.nsections, run->opt->jobs, section_work, &t);
        c2v_buf failed = {0};
        for (int i = 0; i < t.nsections; i++) {
            if (t.sections[i].ok)
                res->sections_ok++;
            else if (t.sections[i].error[0])
                c2v_buf_appendf(&failed, "%s%s", failed.len ? "; " : "", t.sections[i].error);
        }
        if (res->sections_ok < t.nsections)
            st = c2v_error_set(&err, C2V_ERR_RESPONSE, "%d of %d sections failed: %s", t.nsections - res->sections_ok,
                               t.nsections, failed.data ? failed.data : "not started");
        c2v_buf_free(&failed);
    }
    if (!st) {
        double t0 = c2v_now_seconds();
        st = topic_join(&t, &res->video, &err);
        topic_time(&t, "join", t0);
    }

    res->sections = t.nsections;
    res->status = st ? C2V_TOPIC_FAILED : C2V_TOPIC_OK;
    if (st && run_stopped(run)) {
        char buf[32];
        res->status = C2V_TOPIC_INTERRUPTED;
        snprintf(res->error, sizeof res->error, "interrupted (%s) before the topic was done",
                 interrupt_signal_name(atomic_load(&run->stop), buf, sizeof buf));
    } else if (st) {
        snprintf(res->error, sizeof res->error, "%s", err.message);
    } else {
        topic_partial(&t, res);
    }
    if (t.dir) {
        /* Nothing of this topic runs any more: whatever of this process is
         * left in its folder (a cancelled render's parts) is debris. */
        int n = c2v_remove_temp_files(t.dir, true);
        if (n)
            topic_log(&t, "removed %d temporary file%s", n, n == 1 ? "" : "s");
    }
    if (t.usage) {
        topic_usage_final(&t, topic_status_name(res->status), res);
        c2v_usage_totals u = c2v_usage_get(t.usage, NULL, NULL);
        res->tokens = u.prompt_tokens + u.completion_tokens;
        res->calls = u.calls;
        double wall = 0;
        c2v_usage_topic(t.usage, topic, &wall, NULL);
        res->minutes = wall / 60.0;
        if (c2v_usage_merge(run->usage, t.usage) != C2V_OK)
            topic_log(&t, "usage: out of memory adding the topic to the run's usage.json");
    }
    if (t.dir)
        topic_log(&t, "%s: %s (%d/%d sections, %ld calls, %ld tokens, %.2f min%s)",
                  res->status == C2V_TOPIC_OK ? "done" : res->status == C2V_TOPIC_PARTIAL ? "PARTIAL"
                                                                                          : "FAILED",
                  res->status == C2V_TOPIC_OK ? res->video : res->error, res->sections_ok, t.nsections, res->calls,
                  res->tokens, res->minutes, t.runs_before ? ", earlier runs included" : "");
    topic_register(run, &t, false);
    pthread_mutex_destroy(&t.usage_lock);
    topic_free(&t);
}

/* ---- the run --------------------------------------------------------------------- */

typedef struct batch {
    agent_run *run;
    const char *const *topics;
    const int *numbers; /* each topic's folder number */
    c2v_topic_result *results;
} batch;

static void topic_work(void *ctx, int i)
{
    batch *b = ctx;
    topic_flow(b->run, b->topics[i], b->numbers[i], i, &b->results[i]);
}

/* The provider: --api replay needs no config file; anything else is an entry
 * of api_config.json (or the config's "llm" role). `llm_how` / `vlm_how`
 * say where each entry came from, for the start-up line. */
static c2v_status run_provider(agent_run *run, char *llm_how, char *vlm_how, size_t size, c2v_error *err)
{
    const c2v_agent_options *opt = run->opt;
    c2v_status st;
    if (opt->api && strcmp(opt->api, "replay") == 0 && opt->replay_dir) {
        cJSON *root = cJSON_CreateObject();
        cJSON *e = root ? cJSON_AddObjectToObject(root, "replay") : NULL;
        char *text = NULL;
        if (e && cJSON_AddStringToObject(e, "provider", "replay") && cJSON_AddStringToObject(e, "dir", opt->replay_dir) &&
            cJSON_AddStringToObject(e, "match", "hash"))
            text = cJSON_PrintUnformatted(root);
        cJSON_Delete(root);
        if (!text)
            return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        st = c2v_config_parse(text, "--api replay", &run->config, err);
        free(text);
    } else {
        st = c2v_config_load(opt->config_path, &run->config, err);
    }
    if (st)
        return st;
    if (opt->api) {
        snprintf(llm_how, size, "--api");
        st = c2v_config_entry(run->config, opt->api, &run->llm, err);
    } else {
        c2v_config_role_source(run->config, "llm", llm_how, size);
        st = c2v_config_role(run->config, "llm", &run->llm, err);
    }
    if (st)
        return st;
    run->vlm = run->llm;
    snprintf(vlm_how, size, "the LLM's entry");
    if (opt->vlm_api) {
        snprintf(vlm_how, size, "--vlm_api");
        return c2v_config_entry(run->config, opt->vlm_api, &run->vlm, err);
    }
    /* The config's "vlm" role counts when it names an entry of its own; a
     * config with no separate VLM (the role falls back to the same entry as
     * the "llm" role) leaves the VLM on the LLM's provider. */
    c2v_provider_config v, l;
    c2v_error ignored = {0};
    if (opt->use_feedback && c2v_config_role(run->config, "vlm", &v, &ignored) == C2V_OK &&
        c2v_config_role(run->config, "llm", &l, &ignored) == C2V_OK && v.name && l.name &&
        strcmp(v.name, l.name) != 0) {
        run->vlm = v;
        c2v_config_role_source(run->config, "vlm", vlm_how, size);
    }
    return C2V_OK;
}

static void print_start(const agent_run *run, int count, const char *llm_how, const char *vlm_how)
{
    const c2v_agent_options *o = run->opt;
    char vlm[600];
    if (o->use_feedback)
        snprintf(vlm, sizeof vlm, "VLM entry \"%s\" (%s, %s)", run->vlm.name, c2v_provider_kind_name(run->vlm.kind),
                 vlm_how);
    else
        snprintf(vlm, sizeof vlm, "no VLM (no --use_feedback)");
    char shard[64] = "";
    if (run->shards > 0)
        snprintf(shard, sizeof shard, "shard %d/%d: ", run->shard, run->shards);
    fprintf(o->progress, "c2v-agent: %s%d topic%s, LLM entry \"%s\" (%s, %s), %s, prompts %s, %d worker%s\n",
            shard, count, count == 1 ? "" : "s", run->llm.name, c2v_provider_kind_name(run->llm.kind), llm_how, vlm,
            c2v_prompts_dir(run->prompts), o->jobs, o->jobs == 1 ? "" : "s");
}

/* A shard's run may start when PREFIX holds no shard files of another shard
 * count; it then leaves its own (empty until the shard ends), so a task of
 * another count started later is refused too. */
static c2v_status shard_claim(const agent_run *run, const char *usage_path, c2v_error *err)
{
    const c2v_agent_options *o = run->opt;
    c2v_buf dir = {0};
    c2v_buf_appendf(&dir, "%s/%s", o->output_dir, o->folder_prefix);
    if (!dir.data)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    char seen[256] = "";
    int found = c2v_shard_files(dir.data, seen, sizeof seen);
    c2v_status st = C2V_OK;
    /* With another count the topics go to other tasks, and two tasks could
     * end up in one topic folder. */
    if (found > 0 && found != run->shards)
        st = c2v_error_set(err, C2V_ERR_CONFIG,
                           "%s holds %s: this batch was dealt out in %d shards, not %d (with another count its topics "
                           "go to other tasks, and two tasks could work in one topic folder); run --shard I/%d as "
                           "before, or use a new --folder_prefix, or remove %s/usage.shard-*.json once none of its "
                           "tasks runs",
                           dir.data, seen, found, run->shards, found, dir.data);
    else if (found < 0)
        st = c2v_error_set(err, C2V_ERR_CONFIG,
                           "%s holds shard files of several shard counts (%s, ...), so which task owns which topic "
                           "is not known; use a new --folder_prefix, or remove the %s/usage.shard-*.json of the "
                           "counts no longer used",
                           dir.data, seen, dir.data);
    c2v_usage *empty = NULL;
    if (!st)
        st = c2v_mkdirs(dir.data, err);
    if (!st && c2v_usage_create(&empty) != C2V_OK)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    if (!st)
        st = c2v_usage_write(empty, usage_path, err);
    c2v_usage_destroy(empty);
    c2v_buf_free(&dir);
    return st;
}

/* Runs `topics` (their folders numbered `numbers`); shards > 0: as shard
 * `shard` of `shards` (the run-level usage file is the shard's). */
static c2v_status run_batch(const c2v_agent_options *opt, const char *const *topics, const int *numbers, int count,
                            int shard, int shards, c2v_topic_result **results, c2v_error *err)
{
    *results = NULL;
    c2v_agent_options o = *opt;
    if (o.jobs < 1)
        o.jobs = 1;
    if (o.max_sections < 1)
        o.max_sections = 8;
    if (o.max_fix_bug_tries < 0)
        o.max_fix_bug_tries = 0;
    if (o.max_regenerate_tries < 0)
        o.max_regenerate_tries = 0;
    agent_run run = {.opt = &o, .count = count, .shard = shard, .shards = shards};
    atomic_init(&run.stop, 0);
    if (pthread_mutex_init(&run.render_lock, NULL) != 0)
        return c2v_error_set(err, C2V_ERR_NOMEM, "pthread_mutex_init failed");
    if (pthread_mutex_init(&run.log_lock, NULL) != 0) {
        pthread_mutex_destroy(&run.render_lock);
        return c2v_error_set(err, C2V_ERR_NOMEM, "pthread_mutex_init failed");
    }
    if (pthread_mutex_init(&run.state_lock, NULL) != 0) {
        pthread_mutex_destroy(&run.render_lock);
        pthread_mutex_destroy(&run.log_lock);
        return c2v_error_set(err, C2V_ERR_NOMEM, "pthread_mutex_init failed");
    }
    char llm_how[300] = "", vlm_how[300] = "";
    c2v_status st = c2v_prompts_open(o.prompts_dir, &run.prompts, err);
    if (!st)
        st = run_provider(&run, llm_how, vlm_how, sizeof llm_how, err);
    if (!st && c2v_usage_create(&run.usage) != C2V_OK)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    c2v_topic_result *res = NULL;
    if (!st && (!(res = calloc((size_t)(count ? count : 1), sizeof *res)) ||
                !(run.active = calloc((size_t)(count ? count : 1), sizeof *run.active))))
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    /* The run's own usage file: PREFIX/usage.json, or the shard's. */
    c2v_buf upath = {0};
    if (shards > 0)
        c2v_buf_appendf(&upath, "%s/%s/usage.shard-%d-of-%d.json", o.output_dir, o.folder_prefix, shard, shards);
    else
        c2v_buf_appendf(&upath, "%s/%s/usage.json", o.output_dir, o.folder_prefix);
    if (!st && !upath.data)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    if (!st && shards > 0)
        st = shard_claim(&run, upath.data, err);
    interrupt_watch watch = {0};
    if (!st && o.handle_interrupt)
        st = interrupt_watch_start(&run, &watch, err);
    if (!st && o.progress)
        print_start(&run, count, llm_how, vlm_how);
    if (!st) {
        batch b = {.run = &run, .topics = topics, .numbers = numbers, .results = res};
        parallel_for(&run, count, o.jobs, topic_work, &b);
        interrupt_watch_stop(&watch);
        int stop = atomic_load(&run.stop);
        char buf[32];
        const char *signame = interrupt_signal_name(stop, buf, sizeof buf);
        for (int i = 0; i < count; i++)
            if (res[i].status == C2V_TOPIC_PENDING) {
                res[i].topic = c2v_strdup(topics[i]);
                res[i].number = numbers[i];
                res[i].status = C2V_TOPIC_INTERRUPTED;
                snprintf(res[i].error, sizeof res[i].error, "not started: the run was interrupted (%s)", signame);
            }
        c2v_error uerr = {0};
        if (c2v_usage_write(run.usage, upath.data, &uerr) != C2V_OK && o.progress)
            fprintf(o.progress, "c2v-agent: usage: %s\n", uerr.message);
        int failed = 0;
        for (int i = 0; i < count; i++)
            failed += res[i].status != C2V_TOPIC_OK && res[i].status != C2V_TOPIC_PARTIAL;
        if (stop)
            st = c2v_error_set(err, C2V_ERR_CANCELLED, "interrupted (%s): %d of %d topic%s not done; --resume goes on "
                               "from here", signame, failed, count, count == 1 ? "" : "s");
        else if (failed)
            st = c2v_error_set(err, C2V_ERR_RESPONSE, "%d of %d topic%s failed", failed, count, count == 1 ? "" : "s");
        if (o.preview && count == 1 && !failed && !stop) {
            char *spec = c2v_path_join(res[0].dir, "spec.json");
            lr_preview_options popt = lr_preview_options_default();
            lr_error lerr = {0};
            if (spec && lr_preview_run_file(spec, &popt, &lerr) != LR_OK && o.progress)
                fprintf(o.progress, "c2v-agent: preview: %s\n", lerr.message);
            free(spec);
        }
        *results = res;
    } else {
        free(res);
    }
    c2v_buf_free(&upath);
    free(run.active);
    c2v_usage_destroy(run.usage);
    c2v_config_destroy(run.config);
    c2v_prompts_destroy(run.prompts);
    pthread_mutex_destroy(&run.render_lock);
    pthread_mutex_destroy(&run.log_lock);
    pthread_mutex_destroy(&run.state_lock);
    return st;
}

c2v_status c2v_agent_run(const c2v_agent_options *opt, const char *const *topics, int count,
                         c2v_topic_result **results, c2v_error *err)
{
    *results = NULL;
    if (!opt || !topics || count < 1)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_agent_run: no topics");
    int *numbers = malloc((size_t)count * sizeof *numbers);
    if (!numbers)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    for (int i = 0; i < count; i++)
        numbers[i] = i + 1;
    c2v_status st = run_batch(opt, topics, numbers, count, 0, 0, results, err);
    free(numbers);
    return st;
}

c2v_status c2v_agent_run_shard(const c2v_agent_options *opt, const char *const *topics, int count, int shard,
                               int shards, c2v_topic_result **results, int *nresults, c2v_error *err)
{
    *results = NULL;
    *nresults = 0;
    if (!opt || !topics || count < 1)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_agent_run_shard: no topics");
    if (shards < 1 || shard < 0 || shard >= shards)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "shard %d/%d: expected 0 <= shard < shards", shard, shards);
    int n = count > shard ? (count - shard + shards - 1) / shards : 0;
    const char **mine = calloc((size_t)(n ? n : 1), sizeof *mine);
    int *numbers = calloc((size_t)(n ? n : 1), sizeof *numbers);
    c2v_status st = mine && numbers ? C2V_OK : c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    for (int k = 0; !st && k < n; k++) {
        mine[k] = topics[shard + k * shards];
        numbers[k] = shard + k * shards + 1;
    }
    if (!st && n == 0 && opt->progress)
        fprintf(opt->progress, "c2v-agent: shard %d/%d: no topic (the batch has %d), nothing to do\n", shard, shards,
                count);
    if (!st)
        st = run_batch(opt, mine, numbers, n, shard, shards, results, err);
    if (!st || *results)
        *nresults = n;
    free(mine);
    free(numbers);
    return st;
}

void c2v_agent_results_free(c2v_topic_result *results, int count)
{
    for (int i = 0; results && i < count; i++) {
        free(results[i].topic);
        free(results[i].dir);
        free(results[i].video);
    }
    free(results);
}

static const char *table_status(c2v_topic_status st)
{
    switch (st) {
    case C2V_TOPIC_OK: return "ok";
    case C2V_TOPIC_PARTIAL: return "partial";
    case C2V_TOPIC_INTERRUPTED: return "stopped";
    case C2V_TOPIC_MISSING: return "missing";
    default: return "FAILED";
    }
}

void c2v_agent_print_table(FILE *f, const c2v_topic_result *r, int count)
{
    fprintf(f, "%-48s  %-7s  %8s  %9s  %7s\n", "topic", "status", "sections", "tokens", "minutes");
    for (int i = 0; i < count; i++) {
        char sections[32];
        snprintf(sections, sizeof sections, "%d/%d", r[i].sections_ok, r[i].sections);
        fprintf(f, "%-48.48s  %-7s  %8s  %9ld  %7.2f\n", r[i].topic ? r[i].topic : "", table_status(r[i].status),
                sections, r[i].tokens, r[i].minutes);
    }
    for (int i = 0; i < count; i++)
        if (r[i].status != C2V_TOPIC_OK)
            fprintf(f, "%s: %s: %s\n",
                    r[i].status == C2V_TOPIC_PARTIAL       ? "partial"
                    : r[i].status == C2V_TOPIC_INTERRUPTED ? "stopped"
                    : r[i].status == C2V_TOPIC_MISSING     ? "missing"
                                                           : "failed",
                    r[i].topic ? r[i].topic : "", r[i].error);
}

c2v_status c2v_agent_topics_load(const char *path, int max, char ***topics, int *count, c2v_error *err)
{
    *topics = NULL;
    *count = 0;
    char *text;
    c2v_status st = c2v_file_read(path, (size_t)16 << 20, &text, NULL, err);
    if (st)
        return st;
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!cJSON_IsArray(root)) {
        cJSON_Delete(root);
        return c2v_error_set(err, C2V_ERR_CONFIG, "%s: expected a JSON array of topic strings", path);
    }
    int n = cJSON_GetArraySize(root);
    if (max > 0 && max < n)
        n = max;
    char **list = calloc((size_t)(n ? n : 1), sizeof *list);
    if (!list) {
        cJSON_Delete(root);
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    int i = 0;
    for (const cJSON *e = root->child; e && i < n; e = e->next, i++) {
        if (!cJSON_IsString(e) || !e->valuestring[0]) {
            st = c2v_error_set(err, C2V_ERR_CONFIG, "%s: [%d]: expected a non-empty topic string", path, i);
            break;
        }
        if (!(list[i] = c2v_strdup(e->valuestring))) {
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
            break;
        }
    }
    cJSON_Delete(root);
    if (st == C2V_OK && n == 0)
        st = c2v_error_set(err, C2V_ERR_CONFIG, "%s: no topics", path);
    if (st) {
        c2v_agent_topics_free(list, n);
        return st;
    }
    *topics = list;
    *count = n;
    return C2V_OK;
}

void c2v_agent_topics_free(char **topics, int count)
{
    for (int i = 0; topics && i < count; i++)
        free(topics[i]);
    free(topics);
}
