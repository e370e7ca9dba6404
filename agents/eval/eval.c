/* AES, TeachQuiz and EFF over a CASES folder. Every model reply is parsed
 * strictly and retried when malformed; a case that fails in part keeps the
 * metrics it has and lists what went wrong. */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <stb_image_write.h>

#include "agent_internal.h"
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
                               .stage = "eval_aes", .topic = topic};
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
            for (int a = 0; a < attempts && !got && !st; a++) {
                c2v_llm_request req = {.system = s == C2V_QUIZ_BASELINE     ? quiz_system
                                                 : s == C2V_QUIZ_UNLEARNING ? sys_unlearn
                                                                            : sys_video,
                                       .prompt = prompt.data, .images = s == C2V_QUIZ_VIDEO ? imgs : NULL,
                                       .image_count = s == C2V_QUIZ_VIDEO ? n : 0, .temperature = -1,
                                       .stage = "eval_quiz", .topic = topic};
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

static void add_error(cJSON *c, const char *what, const c2v_error *e)
{
    cJSON *errors = cJSON_GetObjectItemCaseSensitive(c, "errors");
    char msg[1200];
    snprintf(msg, sizeof msg, "%s: %s", what, e->message);
    cJSON_AddItemToArray(errors, cJSON_CreateString(msg));
}

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
    /* A pipeline may record its whole wall time next to the LLM time. */
    const cJSON *wall = cJSON_GetObjectItemCaseSensitive(u, "wall_seconds");
    cJSON_AddNumberToObject(eff, "llm_seconds", sec->valuedouble);
    cJSON_AddNumberToObject(eff, "seconds", cJSON_IsNumber(wall) ? wall->valuedouble : sec->valuedouble);
    cJSON_AddNumberToObject(eff, "prompt_tokens", pt->valuedouble);
    cJSON_AddNumberToObject(eff, "completion_tokens", ct->valuedouble);
    cJSON_AddNumberToObject(eff, "tokens", pt->valuedouble + ct->valuedouble);
    cJSON_AddNumberToObject(eff, "calls", cJSON_IsNumber(calls) ? calls->valuedouble : 0);
    cJSON_Delete(u);
    return eff;
}

static cJSON *eval_case(const char *dir, const char *prefix, const char *name, const c2v_eval_options *opt)
{
    cJSON *c = cJSON_CreateObject();
    if (!c)
        return NULL;
    cJSON_AddStringToObject(c, "prefix", prefix);
    cJSON_AddStringToObject(c, "case", name);
    cJSON_AddArrayToObject(c, "errors");
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
    if (!(eff = eff_read(path, &e)))
        add_error(c, "EFF", &e);
    cJSON_AddItemToObject(c, "eff", eff ? eff : cJSON_CreateNull());

    size_t nv = 0;
    char **videos = list_dir(dir, false, ".mp4", &nv);
    lr_image *frames = NULL;
    size_t nf = 0;
    if (!nv) {
        e = (c2v_error){0};
        c2v_error_set(&e, C2V_ERR_IO, "%s: no .mp4 video", dir);
        add_error(c, "video", &e);
        cJSON_AddNullToObject(c, "video");
    } else {
        cJSON_AddStringToObject(c, "video", videos[0]);
        snprintf(path, sizeof path, "%s/%s", dir, videos[0]);
        double duration = 0;
        e = (c2v_error){0};
        if (c2v_video_key_frames(path, opt->frames ? opt->frames : 8, opt->frame_width > 0 ? opt->frame_width : 640,
                                 &frames, &nf, &duration, &e))
            add_error(c, "key frames", &e);
        cJSON_AddNumberToObject(c, "duration", duration);
    }
    list_free(videos, nv);

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
            add_error(c, "AES", &e);
        }
    }
    cJSON_AddItemToObject(c, "aes", aes ? aes : cJSON_CreateNull());

    cJSON *quiz = NULL;
    if (opt->llm && opt->questions) {
        if (!qs) {
            e = (c2v_error){0};
            c2v_error_set(&e, C2V_ERR_INVALID_ARG, "no questions for topic \"%s\"", topic);
            add_error(c, "TeachQuiz", &e);
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
                add_error(c, "TeachQuiz", &e);
            }
        }
    }
    cJSON_AddItemToObject(c, "quiz", quiz ? quiz : cJSON_CreateNull());
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

static cJSON *summary(const cJSON *cases)
{
    cJSON *s = cJSON_CreateObject();
    double aes_sum = 0, sec = 0, tok = 0;
    int aes_n = 0, eff_n = 0, q_total = 0, correct[C2V_QUIZ_STAGES] = {0}, topics = 0;
    double gain_sum = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cases)
    {
        const cJSON *aes = cJSON_GetObjectItemCaseSensitive(c, "aes");
        if (cJSON_IsObject(aes)) {
            aes_sum += num(aes, "total");
            aes_n++;
        }
        const cJSON *eff = cJSON_GetObjectItemCaseSensitive(c, "eff");
        if (cJSON_IsObject(eff)) {
            sec += num(eff, "seconds");
            tok += num(eff, "tokens");
            eff_n++;
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
    }
    cJSON_AddNumberToObject(s, "cases", cJSON_GetArraySize(cases));
    cJSON *a = cJSON_AddObjectToObject(s, "aes");
    cJSON_AddNumberToObject(a, "scored", aes_n);
    if (aes_n)
        cJSON_AddNumberToObject(a, "mean", aes_sum / aes_n);
    else
        cJSON_AddNullToObject(a, "mean");
    cJSON *q = cJSON_AddObjectToObject(s, "quiz");
    cJSON_AddNumberToObject(q, "topics", topics);
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
    if (eff_n) {
        cJSON_AddNumberToObject(e, "seconds_mean", sec / eff_n);
        cJSON_AddNumberToObject(e, "tokens_mean", tok / eff_n);
    } else {
        cJSON_AddNullToObject(e, "seconds_mean");
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

static void cell(c2v_buf *b, const cJSON *o, const char *k, const char *fmt)
{
    double v = num(o, k);
    if (isnan(v))
        c2v_buf_appendf(b, " – |");
    else
        c2v_buf_appendf(b, fmt, v);
}

/* The TeachQuiz columns: the three stages and the gain. */
static void quiz_cells(c2v_buf *b, const cJSON *quiz)
{
    cell(b, quiz, "baseline", " %.1f |");
    cell(b, quiz, "unlearning", " %.1f |");
    cell(b, quiz, "video", " %.1f |");
    cell(b, quiz, "gain", " %+.1f |");
}

char *c2v_eval_report_markdown(const cJSON *report)
{
    c2v_buf b = {0};
    c2v_buf_appendf(&b, "| case | topic | AES /100 | quiz baseline | quiz unlearning | quiz + video | gain | "
                        "time (s) | tokens |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
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
        c2v_buf_appendf(&b, "| %s/%s | %s |", cJSON_IsString(prefix) ? prefix->valuestring : "",
                        cJSON_IsString(name) ? name->valuestring : "", t);
        const cJSON *aes = cJSON_GetObjectItemCaseSensitive(c, "aes");
        const cJSON *quiz = cJSON_GetObjectItemCaseSensitive(c, "quiz");
        const cJSON *eff = cJSON_GetObjectItemCaseSensitive(c, "eff");
        cell(&b, aes, "total", " %.1f |");
        quiz_cells(&b, quiz);
        cell(&b, eff, "seconds", " %.1f |");
        cell(&b, eff, "tokens", " %.0f |");
        c2v_buf_appendf(&b, "\n");
    }
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(report, "summary");
    const cJSON *q = cJSON_GetObjectItemCaseSensitive(s, "quiz");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(s, "eff");
    c2v_buf_appendf(&b, "| **overall** | %d cases |", (int)num(s, "cases"));
    cell(&b, cJSON_GetObjectItemCaseSensitive(s, "aes"), "mean", " %.1f |");
    quiz_cells(&b, q);
    cell(&b, e, "seconds_mean", " %.1f |");
    cell(&b, e, "tokens_mean", " %.0f |");
    c2v_buf_appendf(&b, "\n");
    if (b.overflow) {
        c2v_buf_free(&b);
        return NULL;
    }
    return b.data;
}

static c2v_status write_atomic(const char *path, const char *text, c2v_error *err)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return c2v_error_set(err, C2V_ERR_IO, "cannot write %s", tmp);
    bool ok = fputs(text, f) >= 0;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return c2v_error_set(err, C2V_ERR_IO, "cannot write %s", path);
    }
    return C2V_OK;
}

c2v_status c2v_eval_report_write(const cJSON *report, const char *json_path, const char *md_path, c2v_error *err)
{
    char *json = cJSON_Print(report);
    char *md = md_path ? c2v_eval_report_markdown(report) : NULL;
    c2v_status st = C2V_OK;
    if (!json || (md_path && !md))
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    if (!st && json_path)
        st = write_atomic(json_path, json, err);
    if (!st && md_path)
        st = write_atomic(md_path, md, err);
    free(json);
    free(md);
    return st;
}
