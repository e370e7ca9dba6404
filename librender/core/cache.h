/* The disk caches of what outside programs produced (LaTeX's SVGs,
 * Pygments' highlighting): one file per result, named by a hash of
 * everything that went into it, written by the parent process only. */
#ifndef LR_CORE_CACHE_H
#define LR_CORE_CACHE_H

#include <librender/lr_base.h>

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bits; `seed` chains several inputs into one key. */
uint64_t lr_hash64(const void *data, size_t size, uint64_t seed);

/* $XDG_CACHE_HOME/c2v/SUB, else ~/.cache/c2v/SUB; "" when neither is an
 * absolute path (then there is no disk cache). */
void lr_cache_default_dir(const char *sub, char *out, size_t size);

/* dir/KEY.EXT, the key as 16 hex digits. */
void lr_cache_path(const char *dir, uint64_t key, const char *ext, char *out, size_t size);

/* The entry's bytes (malloc'd, NUL-terminated), or an error when there is
 * none, it is larger than `max` or not a regular file. */
lr_status lr_cache_load(const char *dir, uint64_t key, const char *ext, size_t max, char **data, size_t *size);

/* Writes the entry under a temporary name and renames it into place, so
 * that a reader never sees half a file. A failure is no error: the cache
 * only saves time. */
void lr_cache_store(const char *dir, uint64_t key, const char *ext, const char *data, size_t size);

#endif
