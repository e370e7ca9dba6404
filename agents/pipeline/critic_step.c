/* The Critic's step in a section's flow: the passes of agents/critic run on
 * the saved section, the fix log and contact sheets written beside it, and
 * what did not happen (problems left, a visual pass that could not run)
 * said on stderr, in the fix log and in the section's state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "c2v_critic.h"
#include "coder.h"
#include "critic_step.h"
#include "files.h"

/* Moves {tmp}/critic-{which}.png to sections/section-NN.critic-{which}.png. */
static void critic_sheet_move(topic_run *t, int i, const char *tmp, const char *which)
{
    char from[64], to[64];
    snprintf(from, sizeof from, "critic-%s.png", which);
    snprintf(to, sizeof to, "sections/section-%02d.critic-%s.png", i + 1, which);
    char *a = c2v_path_join(tmp, from), *b = c2v_path_join(t->dir, to);
    if (a && b && rename(a, b) != 0)
        remove(a);
    free(a);
    free(b);
}

/* A warning in the fix log: {"warning": what, "message": why}. */
static void fix_log_warning(cJSON *fix_log, const char *what, const char *why)
{
    cJSON *w = cJSON_CreateObject();
    if (w && cJSON_AddStringToObject(w, "warning", what) && cJSON_AddStringToObject(w, "message", why))
        cJSON_AddItemToArray(fix_log, w);
    else
        cJSON_Delete(w);
}

/* The geometric pass's leftovers, one progress line each: without the
 * visual pass they stay in the video, and with it they are what the VLM is
 * told about. */
static void log_unfixed(topic_run *t, const section_state *s, const cJSON *unfixed, bool visual)
{
    int n = cJSON_GetArraySize(unfixed);
    if (!n)
        return;
    topic_log(t, "%s: critic: %d layout problem%s left after the geometric pass%s", s->id, n, n == 1 ? "" : "s",
              visual ? ", for the visual pass" : " (no visual pass: --use_feedback sends them to the VLM)");
    const cJSON *u;
    cJSON_ArrayForEach(u, unfixed)
    {
        const cJSON *other = cJSON_GetObjectItemCaseSensitive(u, "other");
        const cJSON *amount = cJSON_GetObjectItemCaseSensitive(u, "amount");
        topic_log(t, "%s: critic: left: %s of %s%s%s at play %d (amount %.3f)", s->id,
                  cJSON_GetObjectItemCaseSensitive(u, "problem")->valuestring,
                  cJSON_GetObjectItemCaseSensitive(u, "object")->valuestring, cJSON_IsString(other) ? " and " : "",
                  cJSON_IsString(other) ? other->valuestring : "",
                  (int)cJSON_GetObjectItemCaseSensitive(u, "play")->valuedouble,
                  cJSON_IsNumber(amount) ? amount->valuedouble : 0.0);
    }
}

/* Marks the section's asked-for visual pass as not done, with why. */
static void visual_skipped(topic_run *t, section_state *s, cJSON *fix_log, const char *why)
{
    s->visual_skipped = true;
    snprintf(s->critic_note, sizeof s->critic_note, "%.500s", why);
    topic_log(t, "%s: critic: visual pass skipped: %s", s->id, why);
    if (fix_log)
        fix_log_warning(fix_log, "visual critic skipped", why);
}

c2v_status section_critic(topic_run *t, int i, cJSON **section, c2v_error *err)
{
    const c2v_agent_options *opt = t->run->opt;
    section_state *s = &t->sections[i];
    c2v_llm_client *vlm = NULL;
    c2v_status st = C2V_OK;
    s->visual_skipped = false; /* this pass decides, whatever an earlier attempt's did */
    s->critic_note[0] = '\0';
    char name[64], tmpname[64], label[32];
    snprintf(name, sizeof name, "sections/section-%02d.critic.json", i + 1);
    snprintf(tmpname, sizeof tmpname, "sections/.critic-%02d", i + 1);
    snprintf(label, sizeof label, "%s critic", s->id);
    char *log_path = c2v_path_join(t->dir, name);
    char *sheets = opt->use_feedback ? c2v_path_join(t->dir, tmpname) : NULL;
    cJSON *doc = coder_wrap_section(t, *section);
    cJSON *fix_log = cJSON_CreateArray();
    if (!log_path || (opt->use_feedback && !sheets) || !doc || !fix_log)
        st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    if (!st && sheets)
        st = c2v_mkdirs(sheets, err);
    if (!st && opt->use_feedback) {
        c2v_llm_options lo = topic_llm_options(t);
        st = c2v_llm_client_create(&t->run->vlm, &lo, &vlm, err);
    }

    c2v_critic_options co = c2v_critic_options_default();
    co.feedback_rounds = opt->feedback_rounds > 0 ? opt->feedback_rounds : 1;
    co.sheet_dir = sheets;
    co.topic = t->topic;
    co.label = label;
    co.quiet = true; /* the pipeline logs its own lines instead */
    size_t fixed = 0;
    c2v_critic_visual_result vr = {0};
    cJSON *unfixed = NULL;
    bool changed = false;
    if (!st) {
        /* The passes render (layout report, key frames): one render at a time. */
        pthread_mutex_lock(&t->run->render_lock);
        st = c2v_critic_geometric(doc, s->json_path, t->dir, &co, fix_log, &unfixed, &fixed, err);
        if (st && st != C2V_ERR_NOMEM) {
            /* The Critic only improves a section that is already valid: when
             * its layout report cannot be made (a TeX error met first, which
             * the render then sends to the repair loop), the section goes on
             * as saved, and the log says why. */
            topic_log(t, "%s: critic skipped: %s", s->id, err->message);
            fix_log_warning(fix_log, "critic skipped", err->message);
            if (vlm)
                visual_skipped(t, s, fix_log, "the geometric pass could not lay the section out");
            st = C2V_OK;
        } else if (!st) {
            changed = fixed > 0;
            log_unfixed(t, s, unfixed, vlm != NULL);
            topic_log(t, "%s: critic: %zu geometric fix%s%s", s->id, fixed, fixed == 1 ? "" : "es",
                      vlm ? "" : " (no visual pass)");
            if (vlm) {
                co.known_problems = unfixed;
                c2v_error verr = {0};
                c2v_status vs = c2v_critic_visual(doc, s->json_path, t->dir, vlm, &co, fix_log, &vr, &verr);
                /* What the visual pass kept before it failed is valid too: the
                 * section goes on with it and the geometric fixes. */
                changed = changed || vr.applied > 0;
                if (vs == C2V_ERR_NOMEM || vs == C2V_ERR_CANCELLED) {
                    st = c2v_error_set(err, vs, "%s", verr.message);
                } else if (vs) {
                    visual_skipped(t, s, fix_log, verr.message);
                } else {
                    topic_log(t, "%s: critic: visual pass, %d round%s, %zu issue%s, %zu applied, %zu rejected",
                              s->id, vr.rounds, vr.rounds == 1 ? "" : "s", vr.issues, vr.issues == 1 ? "" : "s",
                              vr.applied, vr.rejected);
                    if (vr.rounds > 0 && vr.skipped_rounds == vr.rounds)
                        visual_skipped(t, s, fix_log, "no reply of the VLM could be used in any round");
                    cJSON *sum = cJSON_CreateObject();
                    if (sum && cJSON_AddStringToObject(sum, "pass", "visual") &&
                        cJSON_AddStringToObject(sum, "kind", "summary") &&
                        cJSON_AddNumberToObject(sum, "rounds", vr.rounds) &&
                        cJSON_AddNumberToObject(sum, "skipped_rounds", vr.skipped_rounds) &&
                        cJSON_AddNumberToObject(sum, "issues", (double)vr.issues) &&
                        cJSON_AddNumberToObject(sum, "applied", (double)vr.applied))
                        cJSON_AddItemToArray(fix_log, sum);
                    else
                        cJSON_Delete(sum);
                }
            }
        }
        pthread_mutex_unlock(&t->run->render_lock);
    }
    if (st == C2V_OK) {
        c2v_error werr = {0};
        if (c2v_write_json(log_path, fix_log, &werr) != C2V_OK)
            topic_log(t, "%s: critic log: %s", s->id, werr.message);
        if (changed) {
            cJSON *fixed_sec = cJSON_DetachItemFromArray(cJSON_GetObjectItemCaseSensitive(doc, "sections"), 0);
            if (!fixed_sec) {
                st = c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
            } else {
                cJSON_Delete(*section);
                *section = fixed_sec;
                st = coder_save(t, i, *section, err);
            }
        }
    }
    if (sheets) {
        critic_sheet_move(t, i, sheets, "before");
        critic_sheet_move(t, i, sheets, "after");
        rmdir(sheets);
    }
    cJSON_Delete(unfixed);
    cJSON_Delete(fix_log);
    cJSON_Delete(doc);
    free(log_path);
    free(sheets);
    c2v_llm_client_destroy(vlm);
    return st;
}

/* With --use_feedback, a section reused from an earlier run counts as
 * critiqued only when its fix log shows a visual pass that happened. */
void section_critic_reused(topic_run *t, int i)
{
    section_state *s = &t->sections[i];
    char name[64];
    snprintf(name, sizeof name, "sections/section-%02d.critic.json", i + 1);
    char *path = c2v_path_join(t->dir, name);
    cJSON *log = path ? c2v_read_json(path) : NULL;
    free(path);
    const char *why = "reused from a run that made no visual pass on it";
    bool done = false;
    const cJSON *e, *entries = cJSON_IsArray(log) ? log : NULL;
    cJSON_ArrayForEach(e, entries)
    {
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(e, "kind");
        const cJSON *warning = cJSON_GetObjectItemCaseSensitive(e, "warning");
        const cJSON *message = cJSON_GetObjectItemCaseSensitive(e, "message");
        if (cJSON_IsString(kind) && strcmp(kind->valuestring, "summary") == 0)
            done = true;
        if (cJSON_IsString(warning) && strcmp(warning->valuestring, "visual critic skipped") == 0) {
            done = false;
            why = cJSON_IsString(message) ? message->valuestring : why;
            break;
        }
    }
    if (!done) {
        s->visual_skipped = true;
        snprintf(s->critic_note, sizeof s->critic_note, "%.500s", why);
        topic_log(t, "%s: critic: no visual pass on the reused section: %s", s->id, why);
    }
    cJSON_Delete(log);
}
