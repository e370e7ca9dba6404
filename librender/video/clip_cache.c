/* The clip cache: entries are "<sha256 hex><ext>" in one folder; a hit is
 * hard-linked into the render's own clips folder, so eviction by another
 * render cannot pull it away half-way; "used" is the file's mtime, touched
 * on every hit, and the oldest go first when the folder outgrows its bound. */
/* dladdr (the program's identity) is a GNU extension. */
#define _GNU_SOURCE
#include "video/clip_cache.h"

#include "scene/scene_internal.h"
#include "spec/spec_internal.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libavutil/mem.h>
#include <libavutil/sha.h>

/* Bumped whenever what a key covers changes. */
#define CLIP_KEY_SCHEME "c2v clip cache 1"

struct clip_cache {
    char *dir;
    int64_t max_bytes;
};

/* mkdir -p */
static lr_status make_folders(char *path, lr_error *err)
{
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        int r = mkdir(path, 0755);
        int e = errno;
        *p = c;
        if (r != 0 && e != EEXIST)
            return lr_error_set(err, LR_ERR_IO, "clip cache: cannot create %.*s (%s)", (int)(p - path), path,
                                strerror(e));
        if (c == '\0')
            return LR_OK;
    }
}

lr_status clip_cache_open(const char *dir, int64_t max_bytes, clip_cache **out, lr_error *err)
{
    *out = NULL;
    char path[4096];
    if (dir && dir[0]) {
        snprintf(path, sizeof path, "%s", dir);
    } else {
        const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
        if (xdg && xdg[0] == '/')
            snprintf(path, sizeof path, "%s/c2v/clips", xdg);
        else if (home && home[0])
            snprintf(path, sizeof path, "%s/.cache/c2v/clips", home);
        else
            return lr_error_set(err, LR_ERR_INVALID_ARG,
                                "clip cache: neither XDG_CACHE_HOME nor HOME is set: give a cache folder");
    }
    lr_status s = make_folders(path, err);
    if (s != LR_OK)
        return s;
    clip_cache *c = calloc(1, sizeof *c);
    if (!c || !(c->dir = strdup(path))) {
        free(c);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    c->max_bytes = max_bytes > 0 ? max_bytes : CLIP_CACHE_DEFAULT_MAX;
    *out = c;
    return LR_OK;
}

void clip_cache_close(clip_cache *cache)
{
    if (!cache)
        return;
    free(cache->dir);
    free(cache);
}

const char *clip_cache_dir(const clip_cache *cache)
{
    return cache->dir;
}

/* ---- the key ---------------------------------------------------------------- */

static void put(struct AVSHA *sha, const void *data, size_t n)
{
    const uint8_t *p = data;
    while (n > 0) { /* av_sha_update takes an unsigned int */
        unsigned chunk = n > (1u << 30) ? 1u << 30 : (unsigned)n;
        av_sha_update(sha, p, chunk);
        p += chunk;
        n -= chunk;
    }
}

/* A string with its length, so that "ab"+"c" and "a"+"bc" differ. */
static void put_str(struct AVSHA *sha, const char *s)
{
    uint64_t n = s ? strlen(s) : UINT64_MAX;
    put(sha, &n, sizeof n);
    if (s)
        put(sha, s, strlen(s));
}

static void put_f32(struct AVSHA *sha, const float *v, size_t n)
{
    put(sha, v, n * sizeof *v);
}

static void put_u64(struct AVSHA *sha, uint64_t v)
{
    put(sha, &v, sizeof v);
}

static void put_json(struct AVSHA *sha, const cJSON *j)
{
    char *text = cJSON_PrintUnformatted(j);
    put_str(sha, text ? text : "(unprintable)");
    cJSON_free(text);
}

/* The binary that runs (the library, or the program it is linked into):
 * any rebuild makes other clips. */
static void put_program(struct AVSHA *sha)
{
    put_str(sha, CLIP_KEY_SCHEME);
    put_str(sha, lr_version());
    Dl_info info;
    struct stat st;
    if (dladdr((void *)clip_key_make, &info) && info.dli_fname && stat(info.dli_fname, &st) == 0) {
        put_str(sha, info.dli_fname);
        put_u64(sha, (uint64_t)st.st_size);
        put_u64(sha, (uint64_t)st.st_mtim.tv_sec);
        put_u64(sha, (uint64_t)st.st_mtim.tv_nsec);
    }
}

static void put_file(struct AVSHA *sha, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        put_str(sha, "(unreadable)");
        if (fd >= 0)
            close(fd);
        return;
    }
    put_u64(sha, (uint64_t)st.st_size);
    uint8_t buf[65536];
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0)
        put(sha, buf, (size_t)got);
    close(fd);
}

/* Every "file" the section names (svg, image), resolved as the builder
 * resolves it. */
static void put_assets(struct AVSHA *sha, const lr_spec *spec, const cJSON *j)
{
    for (const cJSON *c = j ? j->child : NULL; c; c = c->next) {
        if (c->string && strcmp(c->string, "file") == 0 && cJSON_IsString(c)) {
            char path[4096];
            const char *why = NULL;
            put_str(sha, c->valuestring);
            if (spec_asset_path(lr_spec_asset_dir(spec), c->valuestring, path, sizeof path, &why))
                put_file(sha, path);
        }
        put_assets(sha, spec, c);
    }
}

static void put_mobject(struct AVSHA *sha, const lr_mobject *m)
{
    uint64_t head[3] = {(uint64_t)m->kind, m->visible, m->nchildren};
    put(sha, head, sizeof head);
    put_str(sha, m->id);
    put_f32(sha, &m->transform.a, 6);
    put_f32(sha, &m->opacity, 1);
    put_f32(sha, &m->z_index, 1);
    if (m->kind == LR_MOBJECT_PATH) {
        const lr_style *st = &m->style;
        float style[10] = {st->fill.r,   st->fill.g,   st->fill.b,       st->fill.a,       st->stroke.r,
                           st->stroke.g, st->stroke.b, st->stroke.a, st->stroke_width, st->miter_limit};
        put_f32(sha, style, 10);
        uint64_t modes[3] = {(uint64_t)st->join, (uint64_t)st->cap, (uint64_t)st->fill_rule};
        put(sha, modes, sizeof modes);
        put_u64(sha, m->path.npoints);
        for (uint32_t i = 0; i < m->path.npoints; i++)
            put_f32(sha, &m->path.points[i].x, 2);
        for (uint32_t i = 0; i < m->path.nsubpaths; i++) {
            const lr_subpath *sp = &m->path.subpaths[i];
            uint64_t v[3] = {sp->first, sp->ncurves, sp->closed};
            put(sha, v, sizeof v);
        }
    } else if (m->kind == LR_MOBJECT_IMAGE) {
        const lr_image *img = &m->image;
        uint64_t size[2] = {(uint64_t)img->width, (uint64_t)img->height};
        put(sha, size, sizeof size);
        put_f32(sha, &m->image_rect.x0, 4);
        for (int y = 0; img->pixels && y < img->height; y++)
            put(sha, img->pixels + (size_t)y * (size_t)img->stride, (size_t)img->width * 4u);
        const lr_image_fn *fn = m->image_fn;
        if (fn) {
            put_str(sha, fn->glsl);
            uint64_t mode[4] = {(uint64_t)fn->mode, (uint64_t)fn->nvars, (uint64_t)fn->nstops, fn->contours};
            put(sha, mode, sizeof mode);
            put_f32(sha, fn->domain, 4);
            put_f32(sha, fn->vars, (size_t)fn->nvars);
            for (int i = 0; i < fn->nstops; i++)
                put_f32(sha, &fn->stops[i].r, 4);
            put_f32(sha, &fn->lo, 1);
            put_f32(sha, &fn->hi, 1);
        }
    } else if (m->kind == LR_MOBJECT_MESH && m->mesh) {
        const lr_mesh *me = m->mesh;
        uint64_t counts[5] = {me->nverts, me->ntris, me->nline_points, me->nlines, me->ndots + 2u * me->unlit};
        put(sha, counts, sizeof counts);
        if (me->nverts) {
            put(sha, me->points, me->nverts * sizeof *me->points);
            put(sha, me->normals, me->nverts * sizeof *me->normals);
        }
        if (me->ntris) {
            put(sha, me->indices, 3u * me->ntris * sizeof *me->indices);
            put(sha, me->colors, me->ntris * sizeof *me->colors);
            if (me->edges)
                put(sha, me->edges, me->ntris * sizeof *me->edges);
        }
        if (me->nlines) {
            put(sha, me->line_points, me->nline_points * sizeof *me->line_points);
            put(sha, me->lines, me->nlines * sizeof *me->lines);
        }
        if (me->ndots)
            put(sha, me->dots, me->ndots * sizeof *me->dots);
    }
    for (size_t i = 0; i < m->nchildren; i++)
        put_mobject(sha, m->children[i]);
}

lr_status clip_key_make(const lr_spec *spec, size_t index, const char *options, const lr_section_timing *timing,
                        const lr_scene *scene, clip_key *out, lr_error *err)
{
    if (index >= spec->nsections)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "clip cache: no section %zu", index);
    struct AVSHA *sha = av_sha_alloc();
    if (!sha || av_sha_init(sha, 256) < 0) {
        av_free(sha);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    put_program(sha);
    put_str(sha, options);
    /* The top level but the other sections: meta, and whatever else the
     * spec may hold that a section is built with. */
    for (const cJSON *c = spec->root ? spec->root->child : NULL; c; c = c->next) {
        put_str(sha, c->string);
        if (c->string && strcmp(c->string, "sections") == 0)
            put_json(sha, spec->sections[index].json);
        else
            put_json(sha, c);
    }
    put_assets(sha, spec, spec->sections[index].json);
    if (timing) {
        put(sha, timing->start, sizeof timing->start);
        put(sha, timing->end, sizeof timing->end);
        put(sha, &timing->duration, sizeof timing->duration);
    } else {
        put_str(sha, "(as written)");
    }
    put_f32(sha, &scene->background.r, 4);
    put_f32(sha, &scene->camera_center.x, 2);
    put_f32(sha, &scene->frame_height, 1);
    put(sha, &scene->camera3d, sizeof scene->camera3d); /* floats only: no padding */
    put_mobject(sha, scene->root);
    uint8_t digest[32];
    av_sha_final(sha, digest);
    av_free(sha);
    for (int i = 0; i < 32; i++)
        snprintf(out->hex + 2 * i, 3, "%02x", digest[i]);
    return LR_OK;
}

/* ---- entries ---------------------------------------------------------------- */

static void entry_path(char *buf, size_t size, const clip_cache *cache, const clip_key *key, const char *ext)
{
    snprintf(buf, size, "%s/%s%s", cache->dir, key->hex, ext);
}

static bool copy_file(const char *src, const char *dst)
{
    int in = open(src, O_RDONLY | O_CLOEXEC);
    int out = in >= 0 ? open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644) : -1;
    bool ok = in >= 0 && out >= 0;
    uint8_t buf[65536];
    ssize_t got;
    while (ok && (got = read(in, buf, sizeof buf)) != 0) {
        if (got < 0) {
            ok = errno == EINTR;
            continue;
        }
        for (ssize_t done = 0; ok && done < got;) {
            ssize_t w = write(out, buf + done, (size_t)(got - done));
            ok = w > 0 || (w < 0 && errno == EINTR);
            done += w > 0 ? w : 0;
        }
    }
    if (in >= 0)
        close(in);
    if (out >= 0 && close(out) != 0)
        ok = false;
    if (!ok && out >= 0)
        unlink(dst);
    return ok;
}

/* `dst` becomes another name of `src` (or a copy of it across file systems). */
static bool link_or_copy(const char *src, const char *dst)
{
    if (link(src, dst) == 0)
        return true;
    if (errno == EEXIST && unlink(dst) == 0 && link(src, dst) == 0)
        return true;
    return errno != ENOENT && copy_file(src, dst);
}

bool clip_cache_fetch(clip_cache *cache, const clip_key *key, const char *ext, const char *dest)
{
    char path[4200];
    entry_path(path, sizeof path, cache, key, ext);
    if (!link_or_copy(path, dest))
        return false;
    utimensat(AT_FDCWD, path, NULL, 0); /* used now: the last to be evicted */
    return true;
}

lr_status clip_cache_store(clip_cache *cache, const clip_key *key, const char *ext, const char *src, lr_error *err)
{
    char path[4200], tmp[4300];
    entry_path(path, sizeof path, cache, key, ext);
    snprintf(tmp, sizeof tmp, "%s.part-%ld", path, (long)getpid());
    unlink(tmp);
    if (!link_or_copy(src, tmp))
        return lr_error_set(err, LR_ERR_IO, "clip cache: cannot write %s (%s)", tmp, strerror(errno));
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return lr_error_set(err, LR_ERR_IO, "clip cache: cannot rename %s to %s (%s)", tmp, path, strerror(e));
    }
    utimensat(AT_FDCWD, path, NULL, 0);
    return LR_OK;
}

/* A cache entry's name: 64 hex digits, then the extension; with `part`, a
 * temporary one (".part-<pid>" after it). */
static bool entry_name(const char *name, bool *part)
{
    for (int i = 0; i < 64; i++) {
        char c = name[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    static const char *const exts[] = {".mp4", ".webm", ".mov"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t n = strlen(exts[i]);
        if (strncmp(name + 64, exts[i], n) == 0) {
            *part = strncmp(name + 64 + n, ".part-", 6) == 0;
            return *part || name[64 + n] == '\0';
        }
    }
    return false;
}

typedef struct entry {
    char name[96];
    int64_t size;
    struct timespec used;
} entry;

static int older_first(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->used.tv_sec != y->used.tv_sec)
        return x->used.tv_sec < y->used.tv_sec ? -1 : 1;
    return (x->used.tv_nsec > y->used.tv_nsec) - (x->used.tv_nsec < y->used.tv_nsec);
}

/* Visits the folder: `all` removes every entry; else parts a day old go
 * and the oldest entries past the bound. */
static void sweep(clip_cache *cache, bool all)
{
    DIR *d = opendir(cache->dir);
    if (!d)
        return;
    entry *list = NULL;
    size_t n = 0, cap = 0;
    int64_t total = 0;
    time_t now = time(NULL);
    for (struct dirent *e; (e = readdir(d));) {
        bool part = false;
        struct stat st;
        if (strlen(e->d_name) >= sizeof list->name || !entry_name(e->d_name, &part) ||
            fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (all || (part && now - st.st_mtim.tv_sec > 24 * 3600)) {
            unlinkat(dirfd(d), e->d_name, 0);
            continue;
        }
        if (part)
            continue;
        if (n == cap) {
            size_t c = cap ? cap * 2 : 64;
            entry *grown = realloc(list, c * sizeof *grown);
            if (!grown)
                break;
            list = grown;
            cap = c;
        }
        snprintf(list[n].name, sizeof list[n].name, "%s", e->d_name);
        list[n].size = (int64_t)st.st_size;
        list[n].used = st.st_mtim;
        total += list[n].size;
        n++;
    }
    if (list && total > cache->max_bytes) {
        qsort(list, n, sizeof *list, older_first);
        for (size_t i = 0; i < n && total > cache->max_bytes; i++)
            if (unlinkat(dirfd(d), list[i].name, 0) == 0)
                total -= list[i].size;
    }
    free(list);
    closedir(d);
}

void clip_cache_trim(clip_cache *cache)
{
    sweep(cache, false);
}

void clip_cache_flush(clip_cache *cache)
{
    sweep(cache, true);
}
