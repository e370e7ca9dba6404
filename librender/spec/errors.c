/* The error list: every problem of a spec, so that whoever wrote it (often an
 * LLM in a repair loop) can fix them all in one go. */
#include "spec/spec_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lr_spec_errors {
    char **messages;
    char **paths;
    size_t count;   /* kept */
    size_t dropped; /* past LR_SPEC_MAX_ERRORS */
    char *joined;
};

lr_spec_errors *lr_spec_errors_create(void)
{
    return calloc(1, sizeof(lr_spec_errors));
}

void lr_spec_errors_clear(lr_spec_errors *errs)
{
    if (!errs)
        return;
    for (size_t i = 0; i < errs->count; i++) {
        free(errs->messages[i]);
        free(errs->paths[i]);
    }
    free(errs->messages);
    free(errs->paths);
    free(errs->joined);
    memset(errs, 0, sizeof *errs);
}

void lr_spec_errors_destroy(lr_spec_errors *errs)
{
    lr_spec_errors_clear(errs);
    free(errs);
}

size_t lr_spec_errors_count(const lr_spec_errors *errs)
{
    return errs ? errs->count + errs->dropped : 0;
}

const char *lr_spec_errors_message(const lr_spec_errors *errs, size_t index)
{
    if (!errs || index >= errs->count)
        return NULL;
    return errs->messages[index];
}

const char *lr_spec_errors_path(const lr_spec_errors *errs, size_t index)
{
    if (!errs || index >= errs->count)
        return NULL;
    return errs->paths[index];
}

const char *lr_spec_errors_joined(const lr_spec_errors *errs)
{
    if (!errs || !errs->joined)
        return "";
    return errs->joined;
}

static void rebuild_joined(lr_spec_errors *errs)
{
    size_t len = 64;
    for (size_t i = 0; i < errs->count; i++)
        len += strlen(errs->messages[i]) + 1;
    char *j = malloc(len);
    if (!j)
        return; /* keep the previous, shorter text */
    size_t at = 0;
    j[0] = 0;
    for (size_t i = 0; i < errs->count; i++) {
        size_t n = strlen(errs->messages[i]);
        memcpy(j + at, errs->messages[i], n);
        at += n;
        j[at++] = '\n';
        j[at] = 0;
    }
    if (errs->dropped)
        snprintf(j + at, len - at, "(%zu more errors not shown)\n", errs->dropped);
    free(errs->joined);
    errs->joined = j;
}

void spec_errors_add(lr_spec_errors *errs, const char *name, const char *path, const char *fmt, ...)
{
    if (!errs)
        return;
    if (errs->count >= LR_SPEC_MAX_ERRORS) {
        errs->dropped++;
        rebuild_joined(errs);
        return;
    }
    char body[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    char full[1700];
    if (path && path[0])
        snprintf(full, sizeof full, "%s: %s: %s", name, path, body);
    else
        snprintf(full, sizeof full, "%s: %s", name, body);
    spec_errors_add_message(errs, path, full);
}

void spec_errors_add_message(lr_spec_errors *errs, const char *path, const char *full)
{
    if (!errs)
        return;
    if (errs->count >= LR_SPEC_MAX_ERRORS) {
        errs->dropped++;
        rebuild_joined(errs);
        return;
    }
    char **m = realloc(errs->messages, (errs->count + 1) * sizeof *m);
    if (!m)
        return;
    errs->messages = m;
    char **p = realloc(errs->paths, (errs->count + 1) * sizeof *p);
    if (!p)
        return;
    errs->paths = p;
    char *ms = strdup(full);
    char *ps = strdup(path ? path : "");
    if (!ms || !ps) {
        free(ms);
        free(ps);
        return;
    }
    errs->messages[errs->count] = ms;
    errs->paths[errs->count] = ps;
    errs->count++;
    rebuild_joined(errs);
}
