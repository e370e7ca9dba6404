/* c2v_agent_collect: the batch as its shards left it, read back from the
 * topic folders alone (each usage.json is the topic's whole account), so it
 * needs nothing from the tasks that made them and may run while some are
 * still at work: it reports those as unfinished. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "c2v_agent.h"
#include "files.h"

static const char *summary_status(c2v_topic_status st)
{
    switch (st) {
    case C2V_TOPIC_OK: return "ok";
    case C2V_TOPIC_PARTIAL: return "partial";
    case C2V_TOPIC_INTERRUPTED: return "stopped";
    case C2V_TOPIC_MISSING: return "missing";
    default: return "failed";
    }
}

static bool is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static const char *json_string(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int json_int(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e6 ? (int)v->valuedouble : 0;
}

/* One topic's row from its folder; its usage goes into `total`. `last_run`
 * receives usage.json's last "runs" entry (or NULL). */
static c2v_status collect_topic(const char *prefix_dir, const char *topic, int number, c2v_usage *total,
                                c2v_topic_result *r, cJSON **last_run, c2v_error *err)
{
    *last_run = NULL;
    r->number = number;
    r->topic = c2v_strdup(topic);
    char *safe = c2v_safe_name(topic);
    c2v_buf dir = {0}, video = {0};
    c2v_buf_appendf(&dir, "%s/%d-%s", prefix_dir, number, safe ? safe : "");
    c2v_buf_appendf(&video, "%s/%s.mp4", dir.data ? dir.data : "", safe ? safe : "");
    char *usage_path = dir.data ? c2v_path_join(dir.data, "usage.json") : NULL;
    c2v_usage *u = NULL;
    c2v_status st = C2V_OK;
    if (!r->topic || !safe || !dir.data || !video.data || !usage_path || c2v_usage_create(&u) != C2V_OK) {
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        goto done;
    }
    r->dir = dir.data;
    dir.data = NULL;
    if (!is_dir(r->dir) || !c2v_file_nonempty(usage_path)) {
        r->status = C2V_TOPIC_MISSING;
        snprintf(r->error, sizeof r->error, "%s: %s (the topic never started)", r->dir,
                 is_dir(r->dir) ? "no usage.json" : "no such folder");
        goto done;
    }
    cJSON *doc = c2v_read_json(usage_path);
    c2v_error uerr = {0};
    if (!doc || c2v_usage_read(u, usage_path, topic, &uerr) != C2V_OK) {
        r->status = C2V_TOPIC_FAILED;
        snprintf(r->error, sizeof r->error, "%.400s: %.600s", usage_path,
                 doc ? uerr.message : "cannot be read as JSON (written by something else than c2v-agent?)");
        cJSON_Delete(doc);
        goto done;
    }
    const char *status = json_string(doc, "status");
    const char *why = json_string(doc, "error");
    r->sections = json_int(doc, "sections");
    r->sections_ok = json_int(doc, "sections_ok");
    if (why)
        snprintf(r->error, sizeof r->error, "%s", why);
    if (status && strcmp(status, "ok") == 0) {
        r->status = C2V_TOPIC_OK;
    } else if (status && strcmp(status, "partial") == 0) {
        r->status = C2V_TOPIC_PARTIAL;
    } else if (status && strcmp(status, "interrupted") == 0) {
        r->status = C2V_TOPIC_INTERRUPTED;
        if (!why)
            snprintf(r->error, sizeof r->error, "interrupted before the topic was done");
    } else if (status && strcmp(status, "running") == 0) {
        r->status = C2V_TOPIC_INTERRUPTED;
        snprintf(r->error, sizeof r->error,
                 "unfinished: usage.json still says \"running\" (its task is still running, or was killed before it "
                 "could write its end)");
    } else {
        r->status = C2V_TOPIC_FAILED;
        if (!why)
            snprintf(r->error, sizeof r->error, "%s: status \"%s\"", usage_path, status ? status : "(none)");
    }
    if ((r->status == C2V_TOPIC_OK || r->status == C2V_TOPIC_PARTIAL) && !c2v_file_nonempty(video.data)) {
        r->status = C2V_TOPIC_FAILED;
        snprintf(r->error, sizeof r->error, "usage.json says \"%s\", but %s is missing", status, video.data);
    }
    if (r->status == C2V_TOPIC_OK || r->status == C2V_TOPIC_PARTIAL) {
        r->video = video.data;
        video.data = NULL;
    }
    cJSON *runs = cJSON_GetObjectItemCaseSensitive(doc, "runs");
    *last_run = cJSON_DetachItemFromArray(runs, cJSON_GetArraySize(runs) - 1);
    cJSON_Delete(doc);
    c2v_usage_totals t = c2v_usage_get(u, NULL, NULL);
    r->tokens = t.prompt_tokens + t.completion_tokens;
    r->calls = t.calls;
    double wall = 0;
    c2v_usage_topic(u, topic, &wall, NULL);
    r->minutes = wall / 60.0;
    if (c2v_usage_merge(total, u) != C2V_OK)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
done:
    c2v_usage_destroy(u);
    free(usage_path);
    c2v_buf_free(&dir);
    c2v_buf_free(&video);
    free(safe);
    return st;
}

/* The table's row for summary.json. */
static cJSON *row_json(const c2v_topic_result *r, int shards, cJSON *last_run)
{
    cJSON *o = cJSON_CreateObject();
    const char *base = r->dir ? strrchr(r->dir, '/') : NULL;
    bool ok = o && cJSON_AddNumberToObject(o, "number", r->number) &&
              cJSON_AddStringToObject(o, "topic", r->topic ? r->topic : "") &&
              cJSON_AddStringToObject(o, "folder", base ? base + 1 : r->dir ? r->dir : "") &&
              cJSON_AddStringToObject(o, "status", summary_status(r->status)) &&
              cJSON_AddNumberToObject(o, "sections", r->sections) &&
              cJSON_AddNumberToObject(o, "sections_ok", r->sections_ok) &&
              cJSON_AddNumberToObject(o, "calls", (double)r->calls) &&
              cJSON_AddNumberToObject(o, "tokens", (double)r->tokens) &&
              cJSON_AddNumberToObject(o, "minutes", r->minutes) &&
              (r->video ? cJSON_AddStringToObject(o, "video", r->video) != NULL
                        : cJSON_AddNullToObject(o, "video") != NULL) &&
              (!r->error[0] || cJSON_AddStringToObject(o, "error", r->error)) &&
              (shards < 1 || cJSON_AddNumberToObject(o, "shard", (r->number - 1) % shards));
    if (ok && last_run) {
        ok = cJSON_AddItemToObject(o, "last_run", last_run);
        last_run = NULL;
    }
    cJSON_Delete(last_run);
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

c2v_status c2v_agent_collect(const c2v_agent_options *opt, const char *const *topics, int count,
                             c2v_topic_result **results, c2v_error *err)
{
    *results = NULL;
    if (!opt || !topics || count < 1)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "c2v_agent_collect: no topics");
    c2v_buf prefix = {0};
    c2v_buf_appendf(&prefix, "%s/%s", opt->output_dir, opt->folder_prefix);
    c2v_topic_result *res = calloc((size_t)count, sizeof *res);
    c2v_usage *total = NULL;
    cJSON *summary = cJSON_CreateObject();
    cJSON *table = cJSON_CreateArray(); /* last in the file, after the counts */
    c2v_status st = C2V_OK;
    if (!prefix.data || !res || !table || c2v_usage_create(&total) != C2V_OK)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    char seen[256] = "";
    int shards = st ? 0 : c2v_shard_files(prefix.data, seen, sizeof seen);
    int counts[C2V_TOPIC_MISSING + 1] = {0};
    bool *rerun = shards > 0 ? calloc((size_t)shards, sizeof *rerun) : NULL;
    if (shards > 0 && !rerun)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    for (int i = 0; !st && i < count; i++) {
        cJSON *last = NULL;
        st = collect_topic(prefix.data, topics[i], i + 1, total, &res[i], &last, err);
        cJSON *row = st ? NULL : row_json(&res[i], shards, last);
        if (!st && (!row || !cJSON_AddItemToArray(table, row))) {
            cJSON_Delete(row);
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        }
        if (st)
            break;
        counts[res[i].status]++;
        if (rerun && res[i].status != C2V_TOPIC_OK && res[i].status != C2V_TOPIC_PARTIAL)
            rerun[i % shards] = true;
    }
    int bad = counts[C2V_TOPIC_FAILED] + counts[C2V_TOPIC_INTERRUPTED] + counts[C2V_TOPIC_MISSING];
    cJSON *again = NULL;
    c2v_buf ids = {0};
    if (!st) {
        bool ok = cJSON_AddStringToObject(summary, "folder", prefix.data) &&
                  cJSON_AddNumberToObject(summary, "topics", count) &&
                  cJSON_AddBoolToObject(summary, "complete", bad == 0);
        for (int s = C2V_TOPIC_OK; ok && s <= C2V_TOPIC_MISSING; s++)
            ok = cJSON_AddNumberToObject(summary, summary_status((c2v_topic_status)s),
                                         counts[s] + (s == C2V_TOPIC_FAILED ? counts[C2V_TOPIC_PENDING] : 0)) != NULL;
        /* The tasks to submit again: the shards holding a topic not made. */
        if (ok && shards > 0) {
            again = cJSON_AddArrayToObject(summary, "rerun_shards");
            ok = again && cJSON_AddNumberToObject(summary, "shards", shards);
            for (int s = 0; ok && s < shards; s++)
                if (rerun[s]) {
                    ok = cJSON_AddItemToArray(again, cJSON_CreateNumber(s)) &&
                         c2v_buf_appendf(&ids, "%s%d", ids.len ? "," : "", s);
                }
            if (ok && ids.len)
                ok = cJSON_AddStringToObject(summary, "rerun_array", ids.data) != NULL;
        } else if (ok && shards < 0) {
            ok = cJSON_AddStringToObject(summary, "shards_note", "the folder holds shard files of several shard counts "
                                                                 "(usage.shard-*-of-*.json): which tasks to run again "
                                                                 "is not known") != NULL;
        }
        c2v_usage_totals t = c2v_usage_get(total, NULL, NULL);
        cJSON *tot = ok ? cJSON_AddObjectToObject(summary, "total") : NULL;
        ok = tot && cJSON_AddNumberToObject(tot, "calls", (double)t.calls) &&
             cJSON_AddNumberToObject(tot, "prompt_tokens", (double)t.prompt_tokens) &&
             cJSON_AddNumberToObject(tot, "completion_tokens", (double)t.completion_tokens) &&
             cJSON_AddNumberToObject(tot, "total_tokens", (double)(t.prompt_tokens + t.completion_tokens)) &&
             cJSON_AddNumberToObject(tot, "llm_seconds", t.seconds) &&
             cJSON_AddStringToObject(summary, "usage", "usage.json");
        if (ok) {
            ok = cJSON_AddItemToObject(summary, "table", table);
            table = ok ? NULL : table;
        }
        if (!ok)
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    char *usage_path = st ? NULL : c2v_path_join(prefix.data, "usage.json");
    char *summary_path = st ? NULL : c2v_path_join(prefix.data, "summary.json");
    if (!st && (!usage_path || !summary_path))
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    if (!st)
        st = c2v_mkdirs(prefix.data, err);
    if (!st)
        st = c2v_usage_write(total, usage_path, err);
    if (!st)
        st = c2v_write_json(summary_path, summary, err);
    if (!st && opt->progress) {
        fprintf(opt->progress, "c2v-agent: collect: %d of %d topic%s ok, %d partial, %d failed, %d stopped, %d missing; "
                               "%s and %s written\n",
                counts[C2V_TOPIC_OK], count, count == 1 ? "" : "s", counts[C2V_TOPIC_PARTIAL],
                counts[C2V_TOPIC_FAILED] + counts[C2V_TOPIC_PENDING], counts[C2V_TOPIC_INTERRUPTED],
                counts[C2V_TOPIC_MISSING], summary_path, usage_path);
        if (ids.len)
            fprintf(opt->progress, "c2v-agent: collect: shards to run again (of %d): %s, e.g. sbatch --array=%s "
                                   "--export=ALL,C2V_SHARDS=%d,... scripts/slurm/c2v-array.sbatch\n",
                    shards, ids.data, ids.data, shards);
    }
    if (!st && bad)
        st = c2v_error_set(err, C2V_ERR_RESPONSE, "%d of %d topic%s not made (%d failed, %d stopped or unfinished, "
                                                  "%d missing): see %s",
                           bad, count, count == 1 ? "" : "s", counts[C2V_TOPIC_FAILED] + counts[C2V_TOPIC_PENDING],
                           counts[C2V_TOPIC_INTERRUPTED], counts[C2V_TOPIC_MISSING], summary_path);
    free(usage_path);
    free(summary_path);
    c2v_buf_free(&ids);
    free(rerun);
    cJSON_Delete(table);
    cJSON_Delete(summary);
    c2v_usage_destroy(total);
    c2v_buf_free(&prefix);
    if (!st || st == C2V_ERR_RESPONSE)
        *results = res;
    else
        c2v_agent_results_free(res, count);
    return st;
}
