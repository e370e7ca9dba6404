/* Artefact files: written under a temporary name and renamed, so an
 * interrupted run never leaves a half-written artefact that --resume would
 * take for a finished stage. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"

#define ARTEFACT_MAX_BYTES ((size_t)16 << 20)

char *c2v_path_join(const char *a, const char *b)
{
    c2v_buf buf = {0};
    if (!c2v_buf_appendf(&buf, "%s/%s", a, b)) {
        c2v_buf_free(&buf);
        return NULL;
    }
    return buf.data;
}

c2v_status c2v_write_atomic(const char *path, const char *text, c2v_error *err)
{
    c2v_buf tmp = {0};
    if (!c2v_buf_appendf(&tmp, "%s.part", path))
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    FILE *f = fopen(tmp.data, "wb");
    if (!f) {
        c2v_status st = c2v_error_set(err, C2V_ERR_IO, "%s: %s", tmp.data, strerror(errno));
        c2v_buf_free(&tmp);
        return st;
    }
    size_t n = strlen(text);
    bool bad = fwrite(text, 1, n, f) != n;
    bad = fclose(f) != 0 || bad;
    if (bad || rename(tmp.data, path) != 0) {
        c2v_status st = c2v_error_set(err, C2V_ERR_IO, "%s: could not write: %s", path, strerror(errno));
        remove(tmp.data);
        c2v_buf_free(&tmp);
        return st;
    }
    c2v_buf_free(&tmp);
    return C2V_OK;
}

c2v_status c2v_write_json(const char *path, const cJSON *json, c2v_error *err)
{
    char *text = cJSON_Print(json);
    if (!text)
        return c2v_error_set(err, C2V_ERR_NOMEM, "%s: out of memory", path);
    c2v_buf b = {0};
    c2v_status st = c2v_buf_appendf(&b, "%s\n", text) ? c2v_write_atomic(path, b.data, err)
                                                      : c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    c2v_buf_free(&b);
    free(text);
    return st;
}

cJSON *c2v_read_json(const char *path)
{
    char *text;
    if (c2v_file_read(path, ARTEFACT_MAX_BYTES, &text, NULL, NULL) != C2V_OK)
        return NULL;
    cJSON *v = cJSON_Parse(text);
    free(text);
    return v;
}

c2v_status c2v_mkdirs(const char *path, c2v_error *err)
{
    char *p = c2v_strdup(path);
    if (!p)
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == '\0') {
            char c = *s;
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                c2v_status st = c2v_error_set(err, C2V_ERR_IO, "%s: %s", p, strerror(errno));
                free(p);
                return st;
            }
            *s = c;
            if (!c)
                break;
        }
    }
    free(p);
    return C2V_OK;
}

bool c2v_file_nonempty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

bool c2v_file_newer(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0)
        return false;
    if (stat(b, &sb) != 0)
        return true;
    if (sa.st_mtim.tv_sec != sb.st_mtim.tv_sec)
        return sa.st_mtim.tv_sec > sb.st_mtim.tv_sec;
    return sa.st_mtim.tv_nsec >= sb.st_mtim.tv_nsec;
}
