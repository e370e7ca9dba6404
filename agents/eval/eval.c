/* AES, TeachQuiz and EFF over a CASES folder. Every model reply is parsed
 * strictly and retried when malformed; a case that fails in part keeps the
 * metrics it has and lists what went wrong. */
#include <ctype.h>
#include <errno.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <stb_image_write.h>

#include "agent_internal.h"
#include "c2v_critic.h"
#include "c2v_eval.h"

const char *const c2v_aes_dimension_names[C2V_AES_DIMENSIONS] = {"element_layout", "attractiveness", "logic_flow",
                                                                  "accuracy_depth", "visual_consistency"};
const char *const c2v_quiz_stage_names[C2V_QUIZ_STAGES] = {"baseline", "unlearning", "video"};

static const char *const aes_system =
    "You are an expert reviewer of educational math and science videos. You see key frames of one video, in "
    "order. Score it on five dimensions, each an integer from 0 to 20: element_layout (elements placed cleanly, "
    "no overlap or clutter, readable sizes), attractiveness (visual appeal, colour, engagement), logic_flow "
    "(the frames build the idea step by step), accuracy_depth (correct and sufficiently deep content), "
    "visual_consistency (consistent style, colours and layout across frames). Reply with JSON only.";

static const char *const aes_schema =
    "{\"type\":\"object\",\"properties\":{\"element_layout\":{\"type\":\"integer\"},\"attractiveness\":"
    "{\"type\":\"integer\"},\"logic_flow\":{\"type\":\"integer\"},\"accuracy_depth\":{\"type\":\"integer\"},"
    "\"visual_consistency\":{\"type\":\"integer\"},\"comment\":{\"type\":\"string\"}},\"required\":["
    "\"element_layout\",\"attractiveness\",\"logic_flow\",\"accuracy_depth\",\"visual_consistency\"],"
    "\"additionalProperties\":false}";

static void png_sink(void *ctx, void *data, int size)
{
    if (size > 0)
        c2v_buf_append(ctx, data, (size_t)size);
}

/* PNG-encodes the frames for a request; free with images_free. */
static c2v_llm_image *images_make(const lr_image *frames, size_t n, c2v_error *err)
{
    c2v_llm_image *imgs = calloc(n ? n : 1, sizeof *imgs);
    if (!imgs) {
        c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        c2v_buf b = {0};
        if (!stbi_write_png_to_func(png_sink, &b, frames[i].width, frames[i].height, 4, frames[i].pixels,
                                    frames[i].stride) || b.overflow || !b.data) {
            c2v_buf_free(&b);
            for (size_t j = 0; j < i; j++)
                free((void *)imgs[j].data);
            free(imgs);
            c2v_error_set(err, C2V_ERR_NOMEM, "PNG encoding of a key frame failed");
            return NULL;
        }
        imgs[i] = (c2v_llm_image){(const unsigned char *)b.data, b.len, "image/png"};
    }
    return imgs;
}

static void images_free(c2v_llm_image *imgs, size_t n)
{
    for (size_t i = 0; imgs && i < n; i++)
        free((void *)imgs[i].data);
    free(imgs);
}

/* ---- AES ----------------------------------------------------------------------- */

static bool aes_parse(const cJSON *v, c2v_aes_score *out, char *why, size_t size)
{
    if (!cJSON_IsObject(v)) {
        snprintf(why, size, "the reply is not a JSON object");
        return false;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, v)
    {
        bool known = f->string && strcmp(f->string, "comment") == 0;
        for (int d = 0; d < C2V_AES_DIMENSIONS && !known; d++)
            known = f->string && strcmp(f->string, c2v_aes_dimension_names[d]) == 0;
        if (!known) {
            snprintf(why, size, "unknown field \"%s\"", f->string ? f->string : "?");
            return false;
        }
    }
    double total = 0;
    for (int d = 0; d < C2V_AES_DIMENSIONS; d++) {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(v, c2v_aes_dimension_names[d]);
        if (!cJSON_IsNumber(s) || !(s->valuedouble >= 0 && s->valuedouble <= 20)) {
            snprintf(why, size, "\"%s\" must be a number from 0 to 20", c2v_aes_dimension_names[d]);
            return false;
        }
        out->dims[d] = s->valuedouble;
        total += s->valuedouble;
    }
    out->total = total;
    return true;
}

c2v_status c2v_eval_aes(c2v_llm_client *vlm, const char *topic, const lr_image *frames, size_t n, int attempts,
                        c2v_aes_score *out, c2v_error *err)
{
    memset(out, 0, sizeof *out);
    if (!vlm || !frames || !n)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "AES: no VLM client or no frames");
    if (attempts <= 0)
        attempts = 3;
    c2v_llm_image *imgs = images_make(frames, n, err);
    if (!imgs)
        return err ? err->status : C2V_ERR_NOMEM;
    c2v_status st = C2V_OK;
    char why[256] = "";
    char label[160];
    snprintf(label, sizeof label, "AES \"%.120s\"", topic ? topic : "");
    bool ok = false;
    for (int a = 0; a < attempts && !ok; a++) {
        c2v_buf p = {0};
        c2v_buf_appendf(&p, "The video teaches: %s\nThese are its %zu key frames. Score it.", topic ? topic : "",
                        n);
        if (why[0])
            c2v_buf_appendf(&p, "\nYour previous reply was rejected: %s. Reply with the JSON object only.", why);
        if (p.overflow || !p.data) {
            c2v_buf_free(&p);
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
            break;
        }
        c2v_llm_request req = {.system = aes_system, .prompt = p.data, .images = imgs, .image_count = n,
                               .json_schema = aes_schema, .schema_name = "aes_scores", .temperature = -1,
                               .stage = "eval_aes", .topic = topic, .label = label};
        cJSON *v = NULL;
        c2v_error e2 = {0};
        c2v_status cs = c2v_llm_call_json(vlm, &req, &v, NULL, &e2);
        c2v_buf_free(&p);
        out->calls++;
        if (cs == C2V_ERR_JSON)
            snprintf(why, sizeof why, "no JSON could be read from it");
        else if (cs) {
            st = c2v_error_set(err, cs, "AES: %s", e2.message);
            break;
        } else
            ok = aes_parse(v, out, why, sizeof why);
        cJSON_Delete(v);
    }
    images_free(imgs, n);
    if (!st && !ok)
        st = c2v_error_set(err, C2V_ERR_RESPONSE, "AES: no well-formed score after %d calls (last: %s)", attempts, why);
    return st;
}

/* ---- TeachQuiz ------------------------------------------------------------------- */

char c2v_quiz_parse_answer(const char *reply)
{
    if (!reply)
        return 0;
    char found = 0;
    for (const char *p = reply; *p; p++) {
        if (strncasecmp(p, "ANSWER", 6) != 0)
            continue;
        const char *q = p + 6;
        while (*q == ' ' || *q == '\t')
            q++;
        if (*q != '=')
            continue;
        q++;
        while (*q == ' ' || *q == '\t' || *q == '*' || *q == '(' || *q == '"')
            q++;
        if (isalpha((unsigned char)*q) && !isalnum((unsigned char)q[1]))
            found = (char)toupper((unsigned char)*q);
    }
    return found;
}

static const char *const quiz_system =
    "Answer the multiple-choice question. Think briefly, then end your reply with one line of the form "
    "ANSWER=<letter>.";

static const char *const unlearn_system =
    "You are a student who has never learned anything about the topic \"%s\". Forget everything you know about "
    "it: do not use any knowledge of it, and answer only from general common sense%s. When you cannot tell, "
    "guess. Think briefly, then end your reply with one line of the form ANSWER=<letter>.";

c2v_status c2v_eval_quiz(c2v_llm_client *llm, const char *topic, const cJSON *questions, const lr_image *frames,
                         size_t n, int attempts, c2v_quiz_result *out, c2v_error *err)
{
    memset(out, 0, sizeof *out);
    if (!llm || !cJSON_IsArray(questions))
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "TeachQuiz: no LLM client or no question array");
    if (attempts <= 0)
        attempts = 2;
    c2v_llm_image *imgs = n ? images_make(frames, n, err) : NULL;
    if (n && !imgs)
        return err ? err->status : C2V_ERR_NOMEM;
    char sys_unlearn[2048], sys_video[2048];
    snprintf(sys_unlearn, sizeof sys_unlearn, unlearn_system, topic ? topic : "", "");
    snprintf(sys_video, sizeof sys_video, unlearn_system, topic ? topic : "",
             ", and from the key frames of the lesson video you are shown, which you should learn from");
    c2v_status st = C2V_OK;
    int qi = 0;
    const cJSON *q;
    cJSON_ArrayForEach(q, questions)
    {
        qi++;
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(q, "question");
        const cJSON *opts = cJSON_GetObjectItemCaseSensitive(q, "options");
        const cJSON *ans = cJSON_GetObjectItemCaseSensitive(q, "answer");
        if (!cJSON_IsString(text) || !cJSON_IsObject(opts) || !cJSON_IsString(ans) || strlen(ans->valuestring) != 1) {
            st = c2v_error_set(err, C2V_ERR_INVALID_ARG,
                               "TeachQuiz: question %d of \"%s\" lacks question, options or a one-letter answer", qi,
                               topic ? topic : "");
            break;
        }
        c2v_buf prompt = {0};
        c2v_buf_appendf(&prompt, "Question: %s\n", text->valuestring);
        const cJSON *o;
        cJSON_ArrayForEach(o, opts)
        {
            if (o->string && cJSON_IsString(o))
                c2v_buf_appendf(&prompt, "%s. %s\n", o->string, o->valuestring);
        }
        if (prompt.overflow || !prompt.data) {
            c2v_buf_free(&prompt);
            st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
            break;
        }
        out->questions++;
        char want = (char)toupper((unsigned char)ans->valuestring[0]);
        for (int s = 0; s < C2V_QUIZ_STAGES && !st; s++) {
            char got = 0;
            char label[200];
            snprintf(label, sizeof label, "TeachQuiz \"%.120s\" question %d, %s", topic ? topic : "", qi,
                     c2v_quiz_stage_names[s]);
            for (int a = 0; a < attempts && !got && !st; a++) {
                c2v_llm_request req = {.system = s == C2V_QUIZ_BASELINE     ? quiz_system
                                                 : s == C2V_QUIZ_UNLEARNING ? sys_unlearn
                                                                            : sys_video,
                                       .prompt = prompt.data, .images = s == C2V_QUIZ_VIDEO ? imgs : NULL,
                                       .image_count = s == C2V_QUIZ_VIDEO ? n : 0, .temperature = -1,
                                       .stage = "eval_quiz", .topic = topic, .label = label};
                c2v_llm_response resp = {0};
                c2v_error e2 = {0};
                c2v_status cs = c2v_llm_call(llm, &req, &resp, &e2);
                if (cs)
                    st = c2v_error_set(err, cs, "TeachQuiz: %s", e2.message);
                else
                    got = c2v_quiz_parse_answer(resp.text);
                c2v_llm_response_free(&resp);
            }
            if (!got)
                out->unanswered[s]++;
            else if (got == want)
                out->correct[s]++;
        }
        c2v_buf_free(&prompt);
        if (st)
            break;
    }
    images_free(imgs, n);
    for (int s = 0; s < C2V_QUIZ_STAGES; s++)
        out->score[s] = out->questions ? 100.0 * out->correct[s] / out->questions : 0;
    out->gain = out->score[C2V_QUIZ_VIDEO] - out->score[C2V_QUIZ_UNLEARNING];
    return st;
}

/* ---- cases ------------------------------------------------------------------- */

/* Lower-case letters and digits only: how folder names and topics meet. */
static void squash(const char *s, char *out, size_t size)
{
    size_t j = 0;
    for (; s && *s && j + 1 < size; s++)
        if (isalnum((unsigned char)*s))
            out[j++] = (char)tolower((unsigned char)*s);
    if (size)
        out[j] = 0;
}

static const cJSON *questions_for(const cJSON *all, const char *topic, const char **name)
{
    char want[512], have[512];
    squash(topic, want, sizeof want);
    const cJSON *t;
    cJSON_ArrayForEach(t, all)
    {
        squash(t->string, have, sizeof have);
        if (t->string && strcmp(want, have) == 0) {
            *name = t->string;
            return t;
        }
    }
    return NULL;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The sorted names of the sub-folders (dirs) or files ending in `ext` of `path`. */
static char **list_dir(const char *path, bool dirs, const char *ext, size_t *n)
{
    *n = 0;
    DIR *d = opendir(path);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char full[8192 + 512];
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        struct stat sb;
        if (stat(full, &sb) != 0 || (dirs ? !S_ISDIR(sb.st_mode) : !S_ISREG(sb.st_mode)))
            continue;
        size_t len = strlen(e->d_name);
        if (ext && (len < strlen(ext) || strcmp(e->d_name + len - strlen(ext), ext) != 0))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names[(*n)++] = c2v_strdup(e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, *n, sizeof *names, cmp_str);
    return names;
}

static void list_free(char **l, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(l[i]);
    free(l);
}

/* Records an error of the case, once in the report and (unless quiet) on
 * stderr; `what` prefixes messages that do not name their metric already. */
static void add_error(cJSON *c, const char *what, const c2v_error *e, const c2v_eval_options *opt)
{
    cJSON *errors = cJSON_GetObjectItemCaseSensitive(c, "errors");
    char msg[1200];
    snprintf(msg, sizeof msg, "%s%s%s", what ? what : "", what ? ": " : "", e->message);
    cJSON_AddItemToArray(errors, cJSON_CreateString(msg));
    if (!opt->quiet)
        fprintf(stderr, "c2v-eval: %s/%s: %s\n", cJSON_GetObjectItemCaseSensitive(c, "prefix")->valuestring,
                cJSON_GetObjectItemCaseSensitive(c, "case")->valuestring, msg);
}

/* A metric that was asked for and could not be measured. */
static void add_failed(cJSON *c, const char *metric)
{
    cJSON *failed = cJSON_GetObjectItemCaseSensitive(c, "failed");
    const cJSON *m;
    cJSON_ArrayForEach(m, failed)
    {
        if (strcmp(m->valuestring, metric) == 0)
            return;
    }
    cJSON_AddItemToArray(failed, cJSON_CreateString(metric));
}

static bool has_failed(const cJSON *c, const char *metric)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c, "failed"))
    {
        if (cJSON_IsString(m) && strcmp(m->valuestring, metric) == 0)
            return true;
    }
    return false;
}

/* EFF from usage.json: the generation's wall time (top-level wall_seconds,
 * which c2v-agent writes; older files have only the LLM time), tokens,
 * calls, and the generation's status when the file records one. */
static cJSON *eff_read(const char *path, c2v_error *err)
{
    char *text = NULL;
    size_t size = 0;
    if (c2v_file_read(path, 1 << 22, &text, &size, err))
        return NULL;
    cJSON *u = cJSON_Parse(text);
    free(text);
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(u, "total");
    const cJSON *sec = cJSON_GetObjectItemCaseSensitive(total, "seconds");
    const cJSON *pt = cJSON_GetObjectItemCaseSensitive(total, "prompt_tokens");
    const cJSON *ct = cJSON_GetObjectItemCaseSensitive(total, "completion_tokens");
    const cJSON *calls = cJSON_GetObjectItemCaseSensitive(total, "calls");
    if (!cJSON_IsNumber(sec) || !cJSON_IsNumber(pt) || !cJSON_IsNumber(ct)) {
        cJSON_Delete(u);
        c2v_error_set(err, C2V_ERR_JSON, "%s: expected {\"total\": {\"seconds\", \"prompt_tokens\", "
                                         "\"completion_tokens\", ...}}", path);
        return NULL;
    }
    cJSON *eff = cJSON_CreateObject();
    const cJSON *wall = cJSON_GetObjectItemCaseSensitive(u, "wall_seconds");
    const cJSON *status = cJSON_GetObjectItemCaseSensitive(u, "status");
    cJSON_AddNumberToObject(eff, "llm_seconds", sec->valuedouble);
    cJSON_AddNumberToObject(eff, "seconds", cJSON_IsNumber(wall) ? wall->valuedouble : sec->valuedouble);
    cJSON_AddStringToObject(eff, "seconds_are", cJSON_IsNumber(wall) ? "wall" : "llm");
    cJSON_AddNumberToObject(eff, "prompt_tokens", pt->valuedouble);
    cJSON_AddNumberToObject(eff, "completion_tokens", ct->valuedouble);
    cJSON_AddNumberToObject(eff, "tokens", pt->valuedouble + ct->valuedouble);
    cJSON_AddNumberToObject(eff, "calls", cJSON_IsNumber(calls) ? calls->valuedouble : 0);
    cJSON_AddStringToObject(eff, "generation", cJSON_IsString(status) ? status->valuestring : "unknown");
    cJSON_Delete(u);
    return eff;
}

/* "prefix-case.png", letters, digits, '-', '_' and '.' kept. */
static void sheet_name(const char *prefix, const char *name, char *out, size_t size)
{
    snprintf(out, size, "%s-%s.png", prefix, name);
    for (char *p = out; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            *p = '_';
}

static cJSON *eval_case(const char *dir, const char *prefix, const char *name, const c2v_eval_options *opt)
{
    cJSON *c = cJSON_CreateObject();
    if (!c)
        return NULL;
    cJSON_AddStringToObject(c, "prefix", prefix);
    cJSON_AddStringToObject(c, "case", name);
    cJSON_AddArrayToObject(c, "errors");
    cJSON_AddArrayToObject(c, "failed");
    /* The topic: topic.txt when the pipeline left one, else the folder name after "{idx}-". */
    char topic[512];
    const char *dash = strchr(name, '-');
    snprintf(topic, sizeof topic, "%s", dash ? dash + 1 : name);
    char path[8192 + 512];
    snprintf(path, sizeof path, "%s/topic.txt", dir);
    char *tt = NULL;
    size_t ts = 0;
    if (c2v_file_read(path, 4096, &tt, &ts, NULL) == C2V_OK) {
        while (ts && (tt[ts - 1] == '\n' || tt[ts - 1] == '\r'))
            tt[--ts] = 0;
        if (ts)
            snprintf(topic, sizeof topic, "%s", tt);
    }
    free(tt);
    const char *qname = NULL;
    const cJSON *qs = opt->questions ? questions_for(opt->questions, topic, &qname) : NULL;
    if (qname)
        snprintf(topic, sizeof topic, "%s", qname);
    cJSON_AddStringToObject(c, "topic", topic);

    c2v_error e = {0};
    cJSON *eff = NULL;
    snprintf(path, sizeof path, "%s/usage.json", dir);
    if (!(eff = eff_read(path, &e))) {
        add_error(c, "EFF", &e, opt);
        add_failed(c, "EFF");
    }
    cJSON_AddItemToObject(c, "eff", eff ? eff : cJSON_CreateNull());

    size_t nv = 0;
    char **videos = list_dir(dir, false, ".mp4", &nv);
    lr_image *frames = NULL;
    size_t nf = 0;
    if (!nv) {
        e = (c2v_error){0};
        c2v_error_set(&e, C2V_ERR_IO, "%s: no .mp4 video", dir);
        add_error(c, "video", &e, opt);
        add_failed(c, "video");
        cJSON_AddNullToObject(c, "video");
    } else {
        cJSON_AddStringToObject(c, "video", videos[0]);
        snprintf(path, sizeof path, "%s/%s", dir, videos[0]);
        cJSON_AddStringToObject(c, "video_path", path);
        double duration = 0;
        e = (c2v_error){0};
        if (c2v_video_key_frames(path, opt->frames ? opt->frames : 8, opt->frame_width > 0 ? opt->frame_width : 640,
                                 &frames, &nf, &duration, &e)) {
            add_error(c, "key frames", &e, opt);
            add_failed(c, "video");
        }
        cJSON_AddNumberToObject(c, "duration", duration);
    }
    list_free(videos, nv);
    if (nf && opt->sheet_dir) {
        char file[600];
        sheet_name(prefix, name, file, sizeof file);
        snprintf(path, sizeof path, "%s/%s", opt->sheet_dir, file);
        e = (c2v_error){0};
        if (c2v_contact_sheet_write(frames, nf, 160, path, &e) == C2V_OK)
            cJSON_AddStringToObject(c, "sheet", path);
        else
            add_error(c, "key-frame sheet", &e, opt);
    }

    cJSON *aes = NULL;
    if (opt->vlm && nf) {
        if (!opt->quiet)
            fprintf(stderr, "c2v-eval: %s/%s: AES\n", prefix, name);
        c2v_aes_score s;
        e = (c2v_error){0};
        if (c2v_eval_aes(opt->vlm, topic, frames, nf, opt->attempts, &s, &e) == C2V_OK) {
            aes = cJSON_CreateObject();
            for (int d = 0; d < C2V_AES_DIMENSIONS; d++)
                cJSON_AddNumberToObject(aes, c2v_aes_dimension_names[d], s.dims[d]);
            cJSON_AddNumberToObject(aes, "total", s.total);
            cJSON_AddNumberToObject(aes, "calls", s.calls);
        } else {
            add_error(c, NULL, &e, opt); /* its message starts with "AES:" */
        }
    }
    if (opt->vlm && !aes)
        add_failed(c, "AES");
    cJSON_AddItemToObject(c, "aes", aes ? aes : cJSON_CreateNull());

    cJSON *quiz = NULL;
    if (opt->llm && opt->questions) {
        if (!qs) {
            e = (c2v_error){0};
            c2v_error_set(&e, C2V_ERR_INVALID_ARG, "no questions for topic \"%s\"", topic);
            add_error(c, "TeachQuiz", &e, opt);
        } else if (nf) {
            if (!opt->quiet)
                fprintf(stderr, "c2v-eval: %s/%s: TeachQuiz (%d questions)\n", prefix, name, cJSON_GetArraySize(qs));
            c2v_quiz_result r;
            e = (c2v_error){0};
            if (c2v_eval_quiz(opt->llm, topic, qs, frames, nf, opt->attempts, &r, &e) == C2V_OK) {
                quiz = cJSON_CreateObject();
                cJSON_AddNumberToObject(quiz, "questions", r.questions);
                for (int s = 0; s < C2V_QUIZ_STAGES; s++) {
                    cJSON_AddNumberToObject(quiz, c2v_quiz_stage_names[s], r.score[s]);
                    char key[64];
                    snprintf(key, sizeof key, "%s_correct", c2v_quiz_stage_names[s]);
                    cJSON_AddNumberToObject(quiz, key, r.correct[s]);
                    snprintf(key, sizeof key, "%s_unanswered", c2v_quiz_stage_names[s]);
                    cJSON_AddNumberToObject(quiz, key, r.unanswered[s]);
                }
                cJSON_AddNumberToObject(quiz, "gain", r.gain);
            } else {
                add_error(c, NULL, &e, opt); /* its message starts with "TeachQuiz:" */
            }
        }
        if (!quiz)
            add_failed(c, "TeachQuiz");
    }
    cJSON_AddItemToObject(c, "quiz", quiz ? quiz : cJSON_CreateNull());
    /* A generation that failed (no video, or usage.json says so) has no
     * EFF figure to stand beside the others: its time and tokens are
     * listed, not averaged. */
    const cJSON *gen = cJSON_GetObjectItemCaseSensitive(eff, "generation");
    bool made = nv > 0 && !(cJSON_IsString(gen) && (strcmp(gen->valuestring, "failed") == 0 ||
                                                     strcmp(gen->valuestring, "interrupted") == 0));
    if (eff)
        cJSON_AddBoolToObject(eff, "counted", made);
    cJSON_AddStringToObject(c, "status", cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "failed")) ? "failed"
                                                                                                          : "ok");
    for (size_t i = 0; i < nf; i++)
        lr_image_free(&frames[i]);
    free(frames);
    return c;
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* Means over the cases that have each metric; the cases where it was asked
 * and failed are counted, never averaged in. */
static cJSON *summary(const cJSON *cases)
{
    cJSON *s = cJSON_CreateObject();
    double aes_sum = 0, sec = 0, llm_sec = 0, tok = 0;
    int aes_n = 0, aes_failed = 0, eff_n = 0, eff_failed = 0, q_total = 0, correct[C2V_QUIZ_STAGES] = {0}, topics = 0,
        quiz_failed = 0, failed_cases = 0;
    double gain_sum = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        failed_cases += strcmp(cJSON_GetObjectItemCaseSensitive(c, "status")->valuestring, "ok") != 0;
        const cJSON *aes = cJSON_GetObjectItemCaseSensitive(c, "aes");
        if (cJSON_IsObject(aes)) {
            aes_sum += num(aes, "total");
            aes_n++;
        }
        aes_failed += has_failed(c, "AES");
        const cJSON *eff = cJSON_GetObjectItemCaseSensitive(c, "eff");
        if (cJSON_IsObject(eff) && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(eff, "counted"))) {
            sec += num(eff, "seconds");
            llm_sec += num(eff, "llm_seconds");
            tok += num(eff, "tokens");
            eff_n++;
        } else {
            eff_failed++;
        }
        const cJSON *quiz = cJSON_GetObjectItemCaseSensitive(c, "quiz");
        if (cJSON_IsObject(quiz)) {
            q_total += (int)num(quiz, "questions");
            for (int st = 0; st < C2V_QUIZ_STAGES; st++) {
                char key[64];
                snprintf(key, sizeof key, "%s_correct", c2v_quiz_stage_names[st]);
                correct[st] += (int)num(quiz, key);
            }
            gain_sum += num(quiz, "gain");
            topics++;
        }
        quiz_failed += has_failed(c, "TeachQuiz");
    }
    cJSON_AddNumberToObject(s, "cases", cJSON_GetArraySize(cases));
    cJSON_AddNumberToObject(s, "failed_cases", failed_cases);
    cJSON *a = cJSON_AddObjectToObject(s, "aes");
    cJSON_AddNumberToObject(a, "scored", aes_n);
    cJSON_AddNumberToObject(a, "failed", aes_failed);
    if (aes_n)
        cJSON_AddNumberToObject(a, "mean", aes_sum / aes_n);
    else
        cJSON_AddNullToObject(a, "mean");
    cJSON *q = cJSON_AddObjectToObject(s, "quiz");
    cJSON_AddNumberToObject(q, "topics", topics);
    cJSON_AddNumberToObject(q, "failed", quiz_failed);
    cJSON_AddNumberToObject(q, "questions", q_total);
    for (int st = 0; st < C2V_QUIZ_STAGES; st++) {
        if (q_total)
            cJSON_AddNumberToObject(q, c2v_quiz_stage_names[st], 100.0 * correct[st] / q_total);
        else
            cJSON_AddNullToObject(q, c2v_quiz_stage_names[st]);
    }
    /* Overall gain over all questions; the mean of the per-topic gains too. */
    if (q_total) {
        cJSON_AddNumberToObject(q, "gain", 100.0 * (correct[C2V_QUIZ_VIDEO] - correct[C2V_QUIZ_UNLEARNING]) / q_total);
        cJSON_AddNumberToObject(q, "gain_topic_mean", gain_sum / topics);
    } else {
        cJSON_AddNullToObject(q, "gain");
        cJSON_AddNullToObject(q, "gain_topic_mean");
    }
    cJSON *e = cJSON_AddObjectToObject(s, "eff");
    cJSON_AddNumberToObject(e, "measured", eff_n);
    cJSON_AddNumberToObject(e, "failed", eff_failed);
    if (eff_n) {
        cJSON_AddNumberToObject(e, "seconds_mean", sec / eff_n);
        cJSON_AddNumberToObject(e, "llm_seconds_mean", llm_sec / eff_n);
        cJSON_AddNumberToObject(e, "tokens_mean", tok / eff_n);
    } else {
        cJSON_AddNullToObject(e, "seconds_mean");
        cJSON_AddNullToObject(e, "llm_seconds_mean");
        cJSON_AddNullToObject(e, "tokens_mean");
    }
    return s;
}

c2v_status c2v_eval_cases(const char *cases_dir, const c2v_eval_options *opt_in, cJSON **report, c2v_error *err)
{
    *report = NULL;
    c2v_eval_options opt = opt_in ? *opt_in : (c2v_eval_options){0};
    size_t np = 0;
    char **prefixes = list_dir(cases_dir, true, NULL, &np);
    if (!prefixes && np == 0) {
        struct stat sb;
        if (stat(cases_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return c2v_error_set(err, C2V_ERR_IO, "%s: not a folder", cases_dir);
    }
    if (opt.sheet_dir && mkdir(opt.sheet_dir, 0755) != 0 && errno != EEXIST) {
        list_free(prefixes, np);
        return c2v_error_set(err, C2V_ERR_IO, "%s: cannot create the folder (%s)", opt.sheet_dir, strerror(errno));
    }
    cJSON *root = cJSON_CreateObject();
    cJSON *cases = root ? cJSON_AddArrayToObject(root, "cases") : NULL;
    if (!cases) {
        cJSON_Delete(root);
        list_free(prefixes, np);
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    for (size_t p = 0; p < np; p++) {
        char pdir[4096];
        snprintf(pdir, sizeof pdir, "%s/%s", cases_dir, prefixes[p]);
        size_t nc = 0;
        char **names = list_dir(pdir, true, NULL, &nc);
        for (size_t i = 0; i < nc; i++) {
            char cdir[8192];
            snprintf(cdir, sizeof cdir, "%s/%s", pdir, names[i]);
            cJSON *c = eval_case(cdir, prefixes[p], names[i], &opt);
            if (c)
                cJSON_AddItemToArray(cases, c);
        }
        list_free(names, nc);
    }
    list_free(prefixes, np);
    cJSON_AddItemToObject(root, "summary", summary(cases));
    *report = root;
    return C2V_OK;
}

/* ---- the Markdown table --------------------------------------------------------- */

/* A case's cell: the value, "failed" when the metric was asked and not
 * measured, "–" when it was not asked. */
static void cell(c2v_buf *b, const cJSON *c, const char *metric, const cJSON *o, const char *k, const char *fmt)
{
    double v = num(o, k);
    if (isnan(v)) {
        c2v_buf_appendf(b, " %s |", c && has_failed(c, metric) ? "failed" : "–");
        return;
    }
    c2v_buf_appendf(b, " ");
    c2v_buf_appendf(b, fmt, v);
    c2v_buf_appendf(b, " |");
}

/* An overall cell: the mean over the cases that have it, and how many. */
static void mean_cell(c2v_buf *b, const cJSON *o, const char *k, const char *fmt, double n)
{
    double v = num(o, k);
    if (isnan(v)) {
        c2v_buf_appendf(b, " – |");
        return;
    }
    c2v_buf_appendf(b, " ");
    c2v_buf_appendf(b, fmt, v);
    c2v_buf_appendf(b, " (n=%.0f) |", n);
}

static const char *const quiz_keys[] = {"baseline", "unlearning", "video", "gain"};
static const char *const quiz_formats[] = {"%.1f", "%.1f", "%.1f", "%+.1f"};

char *c2v_eval_report_markdown(const cJSON *report)
{
    c2v_buf b = {0};
    c2v_buf_appendf(&b, "| case | topic | status | AES /100 | quiz baseline | quiz unlearning | quiz + video | gain | "
                        "time (s) | tokens |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(report, "cases"))
    {
        const cJSON *prefix = cJSON_GetObjectItemCaseSensitive(c, "prefix");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "case");
        const cJSON *topic = cJSON_GetObjectItemCaseSensitive(c, "topic");
        char t[300];
        snprintf(t, sizeof t, "%s", cJSON_IsString(topic) ? topic->valuestring : "");
        for (char *p = t; *p; p++)
            if (*p == '|' || *p == '\n')
                *p = ' ';
        c2v_buf_appendf(&b, "| %s/%s | %s | ", cJSON_IsString(prefix) ? prefix->valuestring : "",
                        cJSON_IsString(name) ? name->valuestring : "", t);
        const cJSON *failed = cJSON_GetObjectItemCaseSensitive(c, "failed");
        if (!cJSON_GetArraySize(failed))
            c2v_buf_appendf(&b, "ok |");
        else {
            c2v_buf_appendf(&b, "failed:");
            const cJSON *m;
            cJSON_ArrayForEach(m, failed)
            {
                c2v_buf_appendf(&b, "%s %s", m == failed->child ? "" : ",", m->valuestring);
            }
            c2v_buf_appendf(&b, " |");
        }
        const cJSON *aes = cJSON_GetObjectItemCaseSensitive(c, "aes");
        const cJSON *quiz = cJSON_GetObjectItemCaseSensitive(c, "quiz");
        const cJSON *eff = cJSON_GetObjectItemCaseSensitive(c, "eff");
        cell(&b, c, "AES", aes, "total", "%.1f");
        for (int k = 0; k < 4; k++)
            cell(&b, c, "TeachQuiz", quiz, quiz_keys[k], quiz_formats[k]);
        cell(&b, c, "EFF", eff, "seconds", "%.1f");
        cell(&b, c, "EFF", eff, "tokens", "%.0f");
        c2v_buf_appendf(&b, "\n");
    }
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(report, "summary");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(s, "aes");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(s, "quiz");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(s, "eff");
    c2v_buf_appendf(&b, "| **overall** | %d cases, %d failed | |", (int)num(s, "cases"), (int)num(s, "failed_cases"));
    mean_cell(&b, a, "mean", "%.1f", num(a, "scored"));
    for (int k = 0; k < 4; k++)
        mean_cell(&b, q, quiz_keys[k], quiz_formats[k], num(q, "topics"));
    mean_cell(&b, e, "seconds_mean", "%.1f", num(e, "measured"));
    mean_cell(&b, e, "tokens_mean", "%.0f", num(e, "measured"));
    c2v_buf_appendf(&b, "\n");
    if (b.overflow) {
        c2v_buf_free(&b);
        return NULL;
    }
    return b.data;
}

c2v_status c2v_eval_report_write(const cJSON *report, const char *json_path, const char *md_path, c2v_error *err)
{
    char *json = cJSON_Print(report);
    char *md = md_path ? c2v_eval_report_markdown(report) : NULL;
    c2v_status st = C2V_OK;
    if (!json || (md_path && !md))
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    if (!st && json_path)
        st = c2v_file_write(json_path, json, strlen(json), err);
    if (!st && md_path)
        st = c2v_file_write(md_path, md, strlen(md), err);
    free(json);
    free(md);
    return st;
}

/* ---- report.html ------------------------------------------------------------------ */

static void html_text(c2v_buf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': c2v_buf_appendf(b, "&amp;"); break;
        case '<': c2v_buf_appendf(b, "&lt;"); break;
        case '>': c2v_buf_appendf(b, "&gt;"); break;
        case '"': c2v_buf_appendf(b, "&quot;"); break;
        case '\'': c2v_buf_appendf(b, "&#39;"); break;
        default: c2v_buf_append(b, s, 1);
        }
    }
}

/* A path as a relative URL: every byte but unreserved ones and '/' escaped. */
static void html_url(c2v_buf *b, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("-._~/", *p))
            c2v_buf_append(b, p, 1);
        else
            c2v_buf_appendf(b, "%%%02X", *p);
    }
}

/* `target` relative to the folder `from_dir` (both resolved first); NULL
 * when either cannot be resolved. */
static char *relative_path(const char *from_dir, const char *target)
{
    char *from = realpath(from_dir, NULL), *to = realpath(target, NULL);
    char *out = NULL;
    if (from && to) {
        size_t k = 0;
        while (from[k] && from[k] == to[k])
            k++;
        /* The last folder both paths share ends at `common`. */
        size_t common = k;
        if (!(from[k] == '\0' && to[k] == '/'))
            while (common > 0 && from[common] != '/')
                common--;
        c2v_buf b = {0};
        for (const char *p = from + common; *p; p++)
            if (*p != '/' && (p == from || p[-1] == '/'))
                c2v_buf_appendf(&b, "../");
        c2v_buf_appendf(&b, "%s", to[common] == '/' ? to + common + 1 : to + common);
        out = b.data;
    }
    free(from);
    free(to);
    return out;
}

static void html_num(c2v_buf *b, const cJSON *c, const char *metric, const cJSON *o, const char *k, const char *fmt)
{
    double v = num(o, k);
    if (!isnan(v)) {
        c2v_buf_appendf(b, "<td class=\"n\">");
        c2v_buf_appendf(b, fmt, v);
        c2v_buf_appendf(b, "</td>");
    } else if (c && has_failed(c, metric)) {
        c2v_buf_appendf(b, "<td class=\"failed\">failed</td>");
    } else {
        c2v_buf_appendf(b, "<td class=\"n\">–</td>");
    }
}

static void html_mean(c2v_buf *b, const cJSON *o, const char *k, const char *fmt, double n)
{
    double v = num(o, k);
    if (isnan(v)) {
        c2v_buf_appendf(b, "<td class=\"n\">–</td>");
        return;
    }
    c2v_buf_appendf(b, "<td class=\"n\">");
    c2v_buf_appendf(b, fmt, v);
    c2v_buf_appendf(b, "<br><small>n=%.0f</small></td>", n);
}

/* One row: the video (playable in the page), its key-frame sheet, the
 * scores, tokens and time, and what failed. */
static void html_row(c2v_buf *b, const cJSON *c, const char *html_dir)
{
    const cJSON *failed = cJSON_GetObjectItemCaseSensitive(c, "failed");
    bool ok = cJSON_GetArraySize(failed) == 0;
    c2v_buf_appendf(b, "<tr class=\"case%s\"><td>", ok ? "" : " failed-case");
    html_text(b, cJSON_GetObjectItemCaseSensitive(c, "prefix")->valuestring);
    c2v_buf_appendf(b, "/");
    html_text(b, cJSON_GetObjectItemCaseSensitive(c, "case")->valuestring);
    c2v_buf_appendf(b, "<br><b>");
    html_text(b, cJSON_GetObjectItemCaseSensitive(c, "topic")->valuestring);
    c2v_buf_appendf(b, "</b></td><td>");
    const cJSON *video = cJSON_GetObjectItemCaseSensitive(c, "video_path");
    char *rel = cJSON_IsString(video) ? relative_path(html_dir, video->valuestring) : NULL;
    if (rel) {
        c2v_buf_appendf(b, "<video controls preload=\"metadata\" width=\"320\" src=\"");
        html_url(b, rel);
        c2v_buf_appendf(b, "\"></video><br><small>%.1f s</small>", num(c, "duration"));
    } else {
        c2v_buf_appendf(b, "<span class=\"failed\">no video</span>");
    }
    free(rel);
    c2v_buf_appendf(b, "</td><td>");
    const cJSON *sheet = cJSON_GetObjectItemCaseSensitive(c, "sheet");
    rel = cJSON_IsString(sheet) ? relative_path(html_dir, sheet->valuestring) : NULL;
    if (rel) {
        c2v_buf_appendf(b, "<img class=\"sheet\" alt=\"key frames\" src=\"");
        html_url(b, rel);
        c2v_buf_appendf(b, "\">");
    } else {
        c2v_buf_appendf(b, "–");
    }
    free(rel);
    c2v_buf_appendf(b, "</td>");
    const cJSON *aes = cJSON_GetObjectItemCaseSensitive(c, "aes");
    const cJSON *quiz = cJSON_GetObjectItemCaseSensitive(c, "quiz");
    const cJSON *eff = cJSON_GetObjectItemCaseSensitive(c, "eff");
    html_num(b, c, "AES", aes, "total", "%.1f");
    for (int k = 0; k < 4; k++)
        html_num(b, c, "TeachQuiz", quiz, quiz_keys[k], quiz_formats[k]);
    html_num(b, c, "EFF", eff, "seconds", "%.1f");
    html_num(b, c, "EFF", eff, "llm_seconds", "%.1f");
    html_num(b, c, "EFF", eff, "tokens", "%.0f");
    c2v_buf_appendf(b, "<td>%s", ok ? "ok" : "<span class=\"failed\">failed</span>");
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(c, "errors"))
    {
        c2v_buf_appendf(b, "<br><small>");
        html_text(b, e->valuestring);
        c2v_buf_appendf(b, "</small>");
    }
    c2v_buf_appendf(b, "</td></tr>\n");
}

c2v_status c2v_eval_report_html(const cJSON *report, const char *html_path, c2v_error *err)
{
    char *dir_copy = c2v_strdup(html_path);
    if (!dir_copy)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    char *slash = strrchr(dir_copy, '/');
    const char *html_dir = slash ? (slash == dir_copy ? "/" : dir_copy) : ".";
    if (slash && slash != dir_copy)
        *slash = '\0';
    c2v_buf b = {0};
    c2v_buf_appendf(&b, "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>c2v-eval report</title>\n"
                        "<style>body{font-family:sans-serif;margin:1em}table{border-collapse:collapse}"
                        "td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top}td.n{text-align:right}"
                        ".failed{color:#b00;font-weight:bold}img.sheet{width:320px}tr.overall{background:#eee}"
                        "</style></head><body>\n<h1>c2v-eval report</h1>\n<table>\n<tr><th>case / topic</th>"
                        "<th>video</th><th>key frames</th><th>AES /100</th><th>quiz baseline</th>"
                        "<th>quiz unlearning</th><th>quiz + video</th><th>gain</th><th>time (s)</th>"
                        "<th>LLM time (s)</th><th>tokens</th><th>status</th></tr>\n");
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(report, "cases"))
    {
        html_row(&b, c, html_dir);
    }
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(report, "summary");
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(s, "aes");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(s, "quiz");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(s, "eff");
    c2v_buf_appendf(&b, "<tr class=\"overall\"><td><b>overall</b><br>%d cases, %d failed</td><td></td><td></td>",
                    (int)num(s, "cases"), (int)num(s, "failed_cases"));
    html_mean(&b, a, "mean", "%.1f", num(a, "scored"));
    for (int k = 0; k < 4; k++)
        html_mean(&b, q, quiz_keys[k], quiz_formats[k], num(q, "topics"));
    html_mean(&b, e, "seconds_mean", "%.1f", num(e, "measured"));
    html_mean(&b, e, "llm_seconds_mean", "%.1f", num(e, "measured"));
    html_mean(&b, e, "tokens_mean", "%.0f", num(e, "measured"));
    c2v_buf_appendf(&b, "<td></td></tr>\n</table>\n<p><small>Means are over the cases that have the metric (n); a "
                        "case whose metric failed is shown as failed and not averaged. Time is the generation's "
                        "wall time from usage.json; LLM time is the time spent waiting on the model.</small></p>\n"
                        "</body></html>\n");
    free(dir_copy);
    if (b.overflow || !b.data) {
        c2v_buf_free(&b);
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    }
    c2v_status st = c2v_file_write(html_path, b.data, b.len, err);
    c2v_buf_free(&b);
    return st;
}
