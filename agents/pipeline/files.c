/* Artefact files: written under a temporary name and renamed, so an
 * interrupted run never leaves a half-written artefact that --resume would
 * take for a finished stage. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    return c2v_file_write(path, text, strlen(text), err);
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

int c2v_shard_files(const char *dir, char *example, size_t size)
{
    if (size)
        example[0] = '\0';
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        int i, n, end = 0;
        char again[128];
        /* Exactly the name a shard writes (no temporary file, no "+1"). */
        if (sscanf(de->d_name, "usage.shard-%d-of-%d.json%n", &i, &n, &end) != 2 || de->d_name[end] || n < 1 ||
            snprintf(again, sizeof again, "usage.shard-%d-of-%d.json", i, n) <= 0 || strcmp(again, de->d_name) != 0)
            continue;
        if (size && (!example[0] || (found > 0 && n != found)))
            snprintf(example, size, "%s", de->d_name);
        found = found == 0 || found == n ? n : -1;
    }
    closedir(d);
    return found;
}

/* The process id in a temporary name: "<name>.part-<pid>" (our artefacts,
 * librender's encoders and subtitles) or "<name>.video-<pid>.mp4" (a
 * narrated render's silent video); 0 when the name is neither. */
static long temp_owner(const char *name)
{
    static const char *const tags[] = {".part-", ".video-"};
    for (size_t k = 0; k < 2; k++) {
        const char *p = strstr(name, tags[k]);
        while (p) {
            const char *d = p + strlen(tags[k]);
            const char *e = d;
            while (isdigit((unsigned char)*e))
                e++;
            if (e > d && e - d < 10 && (*e == '\0' || (k == 1 && strcmp(e, ".mp4") == 0)))
                return strtol(d, NULL, 10);
            p = strstr(p + 1, tags[k]);
        }
    }
    return 0;
}

static bool pid_alive(long pid)
{
    return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* The process id in the name of a render's own clip folder,
 * "<clip>.mp4.sections-<pid>-XXXXXX" (lr_video_render); 0 for any other
 * name. */
static long clips_owner(const char *name)
{
    const char *p = strstr(name, ".mp4.sections-");
    if (!p)
        return 0;
    const char *d = p + strlen(".mp4.sections-"), *e = d;
    while (isdigit((unsigned char)*e))
        e++;
    return e > d && e - d < 10 && *e == '-' && strlen(e + 1) == 6 ? strtol(d, NULL, 10) : 0;
}

/* Removes the files of a dead render's own clip folder (finished clips
 * too: nothing else would ever use them), then the folder. */
static int remove_clip_folder(const char *dir)
{
    DIR *d = opendir(dir);
    int removed = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char *path = c2v_path_join(dir, e->d_name);
        struct stat sb;
        if (path && lstat(path, &sb) == 0 && S_ISREG(sb.st_mode) && remove(path) == 0)
            removed++;
        free(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return removed;
}

/* Removes the left-over temporary files of `dir` (see c2v_remove_temp_files);
 * recurses into "<clip>.mp4.sections" folders (librender's per-section
 * clips) and removes them once empty. */
static int remove_parts_in(const char *dir, bool mine_only, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int removed = 0;
    long self = (long)getpid();
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *path = c2v_path_join(dir, e->d_name);
        struct stat sb;
        if (!path || lstat(path, &sb) != 0) {
            free(path);
            continue;
        }
        size_t n = strlen(e->d_name);
        long owner = S_ISDIR(sb.st_mode) && depth < 2 ? clips_owner(e->d_name) : 0;
        if (owner > 0) {
            if (owner == self || (!mine_only && !pid_alive(owner)))
                removed += remove_clip_folder(path);
        } else if (S_ISDIR(sb.st_mode)) {
            bool clips = n > 9 && strcmp(e->d_name + n - 9, ".sections") == 0;
            if (depth < 2 && (clips || (depth == 0 && strcmp(e->d_name, "sections") == 0))) {
                removed += remove_parts_in(path, mine_only, depth + 1);
                if (clips)
                    rmdir(path); /* only when nothing else is left in it */
            }
        } else if (S_ISREG(sb.st_mode)) {
            long pid = temp_owner(e->d_name);
            /* A file of this process is left over by definition: the caller
             * only asks once nothing of its own writes there. */
            if (pid > 0 && (pid == self || (!mine_only && !pid_alive(pid))) && remove(path) == 0)
                removed++;
        }
        free(path);
    }
    closedir(d);
    return removed;
}

int c2v_remove_temp_files(const char *dir, bool mine_only)
{
    return remove_parts_in(dir, mine_only, 0);
}
