/* What a code object costs to build (loading the spec, Pygments, setting
 * the glyphs, no drawing): the first in a style never seen (three Python
 * runs: the code, the style's HTML and SVG), new code in a style already
 * cached (one run), and the same code again (none: the disk cache).
 *   bench_code [ROUNDS]   each measured ROUNDS times (default 5), in turn
 * Prints the median milliseconds of each. */
#include "bench_common.h"

#include "code/code.h"
#include "spec/spec_internal.h"

#include <string.h>
#include <unistd.h>

static const char *spec_of(const char *code, char *buf, size_t size)
{
    snprintf(buf, size,
             "{\"version\": 2, \"meta\": {\"quality\": \"l\"}, \"sections\": [{\"id\": \"s\", \"title\": \"t\", "
             "\"objects\": [{\"id\": \"c\", \"type\": \"code\", \"language\": \"python\", \"formatter_style\": "
             "\"monokai\", \"background\": \"window\", \"code\": \"%s\"}], \"timeline\": [{\"add\": [\"c\"]}, "
             "{\"wait\": 1}]}]}",
             code);
    return buf;
}

/* Builds `json` with a highlighter on `cache`; milliseconds, or -1. */
static double build_ms(const char *json, const char *cache)
{
    lr_code_config cfg = lr_code_config_default();
    cfg.cache_dir = cache;
    lr_code_context *ctx = NULL;
    if (lr_code_context_create(&ctx, &cfg, NULL) != LR_OK)
        return -1;
    double t0 = now_s();
    lr_spec *spec = NULL;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_error err = {0};
    bool ok = lr_spec_load_string(json, "bench.json", NULL, &spec, NULL) == LR_OK;
    if (ok) {
        spec_lend_code_context(spec, ctx);
        ok = lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK;
    }
    double ms = (now_s() - t0) * 1e3;
    if (!ok)
        fprintf(stderr, "bench_code: %s\n", err.message);
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
    lr_code_context_destroy(ctx);
    return ok ? ms : -1;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 5;
    if (rounds < 1 || rounds > 100)
        rounds = 5;
    double first[100], other[100], cached[100];
    char a[1024], b[1024];
    for (int r = 0; r < rounds; r++) {
        char dir[] = "/tmp/c2v-bench-code-XXXXXX";
        if (!mkdtemp(dir))
            return 1;
        char code[256];
        snprintf(code, sizeof code,
                 "def fib(n):\\n    a, b = 0, 1\\n    for _ in range(n):\\n        a, b = b, a + b  # %d\\n    "
                 "return a\\n",
                 r);
        first[r] = build_ms(spec_of(code, a, sizeof a), dir);
        snprintf(code, sizeof code, "def square(x):\\n    return x * x  # %d\\n", r);
        other[r] = build_ms(spec_of(code, b, sizeof b), dir);
        cached[r] = build_ms(a, dir);
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0 || first[r] < 0 || other[r] < 0 || cached[r] < 0)
            return 1;
    }
    printf("code object, 5 lines, monokai window (build only, %d rounds, median):\n", rounds);
    printf("  a new style (3 Python runs): %.1f ms\n", median(first, rounds));
    printf("  new code, style cached (1 run): %.1f ms\n", median(other, rounds));
    printf("  the same again (cached, 0 runs): %.1f ms\n", median(cached, rounds));
    return 0;
}
