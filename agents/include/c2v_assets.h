/* c2v-agent: icons for --use_assets. The LLM names up to 4 concrete,
 * drawable objects for a topic; each is fetched from IconFinder (key from
 * the config entry "iconfinder") or, failing that, the public Iconify API,
 * and kept in a persistent cache folder that serves with no network.
 *
 * Downloads are untrusted: a size cap while receiving, the Content-Type
 * checked, then the bytes parsed by librender's SVG importer (or decoded as
 * PNG) before anything is written to the cache (temp name, then rename).
 */
#ifndef C2V_ASSETS_H
#define C2V_ASSETS_H

#include "c2v_llm.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct c2v_assets_options {
    const char *cache_dir;       /* required; created when missing */
    const char *iconfinder_key;  /* NULL or "": IconFinder is skipped */
    const char *iconfinder_base; /* NULL: https://api.iconfinder.com/v4 */
    const char *iconify_base;    /* NULL: https://api.iconify.design */
    size_t max_bytes;            /* per download; 0: 512 KiB */
    long timeout_ms;             /* per request; 0: 15 000 */
    bool offline;                /* the cache only */
    bool quiet;
} c2v_assets_options;

c2v_assets_options c2v_assets_options_default(void);

/* Asks the LLM for at most `max` (1..4) concrete, drawable objects for the
 * topic; `*names` is a cJSON array of short lower-case names (letters,
 * digits, spaces, '-'), invalid entries dropped. */
c2v_status c2v_assets_suggest(c2v_llm_client *llm, const char *topic, int max, cJSON **names, c2v_error *err);

/* The icon for `name`: from the cache, else downloaded, validated and
 * cached. `path` receives the cached file (…/<name>.svg or .png) and
 * `*source` (optional) "cache", "iconfinder" or "iconify". Errors:
 * C2V_ERR_NETWORK / C2V_ERR_HTTP when no source had it, C2V_ERR_LIMIT for
 * an oversized download, C2V_ERR_RESPONSE for a download that is not a
 * valid icon (nothing is cached then). */
c2v_status c2v_asset_fetch(const c2v_assets_options *opt, const char *name, char *path, size_t path_size,
                           const char **source, c2v_error *err);

#ifdef __cplusplus
}
#endif
#endif
