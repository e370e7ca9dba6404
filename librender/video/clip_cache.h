/* The cache of section clips (docs/encoding.md, "The clip cache"): a
 * section's finished clip is kept under a hash of everything it is made
 * from, so a render where only some sections changed encodes only those
 * (Manim's partial movie files). */
#ifndef LR_VIDEO_CLIP_CACHE_H
#define LR_VIDEO_CLIP_CACHE_H

#include <librender/lr_video.h>

#define CLIP_CACHE_DEFAULT_MAX ((int64_t)2 << 30) /* 2 GiB */

typedef struct clip_cache clip_cache;

/* The cache in `dir` (NULL: $XDG_CACHE_HOME/c2v/clips, or ~/.cache/c2v/clips),
 * created with its parents; `max_bytes` 0 for the default bound. */
lr_status clip_cache_open(const char *dir, int64_t max_bytes, clip_cache **out, lr_error *err);
void clip_cache_close(clip_cache *cache);
const char *clip_cache_dir(const clip_cache *cache);

/* 64 hex digits of SHA-256. */
typedef struct clip_key {
    char hex[65];
} clip_key;

/* The key of section `index`: the program (its version and the very binary
 * that runs), `options` (every render option that changes the clip's bytes,
 * as text), the spec's top level with only this section in "sections", the
 * bytes of every asset file the section names, the fitted timing when
 * narrated (NULL otherwise), and the built scene itself: every path, style,
 * transform and image pixel, so a formula's TeX output or a font change
 * shows. */
lr_status clip_key_make(const lr_spec *spec, size_t index, const char *options, const lr_section_timing *timing,
                        const lr_scene *scene, clip_key *out, lr_error *err);

/* A hit puts the cached clip at `dest` (a hard link, or a copy across file
 * systems) and marks it used; false when there is none (or it vanished). */
bool clip_cache_fetch(clip_cache *cache, const clip_key *key, const char *ext, const char *dest);

/* Keeps the finished clip `src` under `key`: written beside the entry under
 * a temporary name and renamed, so concurrent renders never see half a
 * clip. */
lr_status clip_cache_store(clip_cache *cache, const clip_key *key, const char *ext, const char *src, lr_error *err);

/* Removes the least recently used entries until the cache holds at most its
 * bound; temporary files a killed render left (a day old) go too. */
void clip_cache_trim(clip_cache *cache);

/* Removes every entry (c2v-render --flush_cache). */
void clip_cache_flush(clip_cache *cache);

#endif
