/* Prompt templates: text files with {{named}} placeholders, loaded at run
 * time so they can be edited without rebuilding. A placeholder with no value
 * is an error, never silently left in a prompt. */
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "prompts.h"

#define PROMPT_MAX_BYTES ((size_t)256 << 10)

static const char *const prompt_names[] = {
    "system", "planner_outline", "planner_storyboard", "coder_section", "coder_fix", "coder_regenerate", "spec_guide",
    "spec_vocabulary",
};
#define PROMPT_COUNT (sizeof prompt_names / sizeof prompt_names[0])

struct c2v_prompts {
    char *dir;
    char *text[PROMPT_COUNT];
};

void c2v_prompts_destroy(c2v_prompts *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < PROMPT_COUNT; i++)
        free(p->text[i]);
    free(p->dir);
    free(p);
}

const char *c2v_prompts_dir(const c2v_prompts *p)
{
    return p->dir;
}

const char *c2v_prompts_text(const c2v_prompts *p, const char *name)
{
    for (size_t i = 0; i < PROMPT_COUNT; i++)
        if (strcmp(prompt_names[i], name) == 0)
            return p->text[i];
    return NULL;
}

static bool has_templates(const char *dir)
{
    char *path = c2v_path_join(dir, "planner_outline.txt");
    bool ok = path && access(path, R_OK) == 0;
    free(path);
    return ok;
}

/* The candidate folders, in order; the first that has the templates wins. */
static char *find_dir(void)
{
    const char *env = getenv("C2V_PROMPTS_DIR");
    if (env && *env && has_templates(env))
        return c2v_strdup(env);
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        const char *rel[] = {"../share/c2v/prompts", "../../prompts", "../prompts"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            char *d = c2v_path_join(exe, rel[i]);
            if (d && has_templates(d))
                return d;
            free(d);
        }
    }
#ifdef C2V_SOURCE_PROMPTS_DIR
    if (has_templates(C2V_SOURCE_PROMPTS_DIR))
        return c2v_strdup(C2V_SOURCE_PROMPTS_DIR);
#endif
    return NULL;
}

c2v_status c2v_prompts_open(const char *dir, c2v_prompts **out, c2v_error *err)
{
    *out = NULL;
    c2v_prompts *p = calloc(1, sizeof *p);
    if (!p)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    p->dir = dir ? c2v_strdup(dir) : find_dir();
    if (!p->dir) {
        c2v_prompts_destroy(p);
        return c2v_error_set(err, C2V_ERR_CONFIG,
                             "no prompts folder found (looked in $C2V_PROMPTS_DIR, {exe}/../share/c2v/prompts, "
                             "{exe}/../../prompts); pass --prompts DIR");
    }
    for (size_t i = 0; i < PROMPT_COUNT; i++) {
        char name[64];
        snprintf(name, sizeof name, "%s.txt", prompt_names[i]);
        char *path = c2v_path_join(p->dir, name);
        c2v_status st = path ? c2v_file_read(path, PROMPT_MAX_BYTES, &p->text[i], NULL, err)
                             : c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
        free(path);
        if (st) {
            c2v_prompts_destroy(p);
            return st;
        }
    }
    *out = p;
    return C2V_OK;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

c2v_status c2v_prompt_render(const c2v_prompts *p, const char *name, const c2v_var *vars, size_t nvars,
                             char **out, c2v_error *err)
{
    *out = NULL;
    const char *tpl = c2v_prompts_text(p, name);
    if (!tpl)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "no prompt template named \"%s\"", name);
    c2v_buf b = {0};
    const char *s = tpl;
    while (*s) {
        const char *open = strstr(s, "{{");
        if (!open) {
            c2v_buf_append(&b, s, strlen(s));
            break;
        }
        const char *k = open + 2, *e = k;
        while (name_char(*e))
            e++;
        if (e == k || e[0] != '}' || e[1] != '}') {
            /* Not a placeholder (e.g. a JSON example's "{{"): copy it as is. */
            c2v_buf_append(&b, s, (size_t)(k - s));
            s = k;
            continue;
        }
        c2v_buf_append(&b, s, (size_t)(open - s));
        const char *value = NULL;
        for (size_t i = 0; i < nvars; i++)
            if (strlen(vars[i].name) == (size_t)(e - k) && strncmp(vars[i].name, k, (size_t)(e - k)) == 0)
                value = vars[i].value;
        if (!value) {
            c2v_buf_free(&b);
            return c2v_error_set(err, C2V_ERR_CONFIG, "%s/%s.txt: placeholder {{%.*s}} has no value", p->dir, name,
                                 (int)(e - k), k);
        }
        c2v_buf_append(&b, value, strlen(value));
        s = e + 2;
    }
    if (!b.data && !c2v_buf_append(&b, "", 0))
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    *out = b.data;
    return C2V_OK;
}
