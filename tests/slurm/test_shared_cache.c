/* The caches several tasks of a batch share on a cluster's file system:
 * the icon cache (agents/assets) and librender's TeX cache. Process ids
 * repeat across machines, so a temporary name made of the process id alone
 * can be another node's file in flight: a file at the name the icon cache's
 * writer used to take for this process (NAME.svg.tmpPID) stands for one, and
 * the writer must leave it alone. Then four processes fill the TeX cache with
 * one formula at the same moment while a fifth reads it: every writer
 * succeeds, the reader only ever sees whole SVGs, and no temporary file is
 * left. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <librender.h>

#include "c2v_assets.h"
#include "lrtest.h"
#include "server_harness.h"

#define SVG "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24'><path d='M2 2 L22 2 L12 20 Z'/></svg>"
#define FOREIGN "another node's icon, half written"

/* Files in `dir` whose name contains `part` (NULL: all). */
static int count_files(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL)
        if (de->d_name[0] != '.' || (part && strstr(de->d_name, part)))
            n += !part || strstr(de->d_name, part) != NULL;
    if (d)
        closedir(d);
    return n;
}

static void test_icon_cache(test_server *srv)
{
    system("rm -rf icon-cache && mkdir icon-cache");
    cJSON *script = cJSON_CreateObject();
    cJSON *responses = cJSON_AddArrayToObject(script, "responses");
    cJSON *search = cJSON_CreateObject();
    cJSON_AddItemToObject(search, "body", cJSON_Parse("{\"icons\": [\"mdi:magnet\"]}"));
    cJSON_AddItemToArray(responses, search);
    cJSON *icon = cJSON_CreateObject();
    cJSON_AddStringToObject(icon, "content_type", "image/svg+xml");
    cJSON_AddStringToObject(icon, "body", SVG);
    cJSON_AddItemToArray(responses, icon);
    cJSON_AddBoolToObject(script, "repeat_last", false);
    char *text = cJSON_PrintUnformatted(script);
    cJSON_Delete(script);
    char base[300];
    bool ok = text && test_server_scenario(srv, "icons", text, base, sizeof base);
    free(text);
    LRT_CHECK_MSG(ok, "icon scenario");
    if (!ok)
        return;
    /* The child fetches once the parent has put the foreign file in place
     * under the child's own process id. */
    int go[2];
    if (pipe(go) != 0)
        return;
    pid_t child = fork();
    if (child == 0) {
        char c;
        close(go[1]);
        if (read(go[0], &c, 1) != 1)
            _exit(3);
        c2v_assets_options opt = c2v_assets_options_default();
        opt.cache_dir = "icon-cache";
        opt.iconify_base = base;
        opt.quiet = true;
        char path[1024];
        const char *source = NULL;
        c2v_error err = {0};
        c2v_status st = c2v_asset_fetch(&opt, "magnet", path, sizeof path, &source, &err);
        if (st)
            fprintf(stderr, "fetch: %s\n", err.message);
        _exit(st == C2V_OK && source && strcmp(source, "iconify") == 0 ? 0 : 1);
    }
    close(go[0]);
    char foreign[256];
    snprintf(foreign, sizeof foreign, "icon-cache/magnet.svg.tmp%ld", (long)child);
    FILE *f = fopen(foreign, "wb");
    if (f) {
        fputs(FOREIGN, f);
        fclose(f);
    }
    LRT_CHECK(write(go[1], "g", 1) == 1);
    close(go[1]);
    int status = 0;
    waitpid(child, &status, 0);
    LRT_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the fetch failed (status %d)", status);
    char *got = lrt_read_file("icon-cache/magnet.svg", NULL);
    LRT_CHECK_MSG(got && strcmp(got, SVG) == 0, "the cached icon is not the download: %.80s", got ? got : "(none)");
    free(got);
    char *theirs = lrt_read_file(foreign, NULL);
    LRT_CHECK_MSG(theirs && strcmp(theirs, FOREIGN) == 0, "the other writer's temporary file was %s",
                  theirs ? "overwritten" : "taken (renamed or removed)");
    free(theirs);
    remove(foreign);
    LRT_CHECK_MSG(count_files("icon-cache", NULL) == 1, "%d files in the icon cache, expected the icon alone",
                  count_files("icon-cache", NULL));
}

/* A whole SVG, as dvisvgm writes it. */
static bool whole_svg(const char *text)
{
    return strncmp(text, "<?xml", 5) == 0 && strstr(text, "</svg>") != NULL;
}

static void test_tex_cache(void)
{
    system("rm -rf tex-cache && mkdir tex-cache");
    enum { WRITERS = 4 };
    int go[2];
    if (pipe(go) != 0)
        return;
    pid_t reader = fork();
    if (reader == 0) {
        /* Reads every cache entry over and over until killed; any read
         * that is not a whole SVG fails the test. */
        close(go[1]);
        for (int round = 0;; round++) {
            DIR *d = opendir("tex-cache");
            struct dirent *de;
            while (d && (de = readdir(d)) != NULL) {
                size_t n = strlen(de->d_name);
                if (n < 4 || strcmp(de->d_name + n - 4, ".svg") != 0)
                    continue;
                char path[512];
                snprintf(path, sizeof path, "tex-cache/%s", de->d_name);
                char *text = lrt_read_file(path, NULL);
                if (text && !whole_svg(text)) {
                    fprintf(stderr, "reader: half a file in %s (%zu bytes)\n", path, strlen(text));
                    _exit(1);
                }
                free(text);
            }
            if (d)
                closedir(d);
        }
    }
    pid_t writers[WRITERS];
    for (int i = 0; i < WRITERS; i++) {
        writers[i] = fork();
        if (writers[i] == 0) {
            close(go[1]);
            char c;
            if (read(go[0], &c, 1) != 0) /* the parent closes the pipe: all start at once */
                _exit(3);
            lr_tex_config cfg = lr_tex_config_default();
            cfg.cache_dir = "tex-cache";
            lr_tex_context *ctx = NULL;
            lr_error err = {0};
            lr_mobject *m = NULL;
            lr_tex_style sty = lr_tex_style_default();
            lr_status st = lr_tex_context_create(&ctx, &cfg, &err);
            if (st == LR_OK)
                st = lr_tex_create(ctx, "\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}", &sty, &m, &err);
            if (st != LR_OK)
                fprintf(stderr, "writer %d: %s\n", i, err.message);
            lr_mobject_destroy(m);
            lr_tex_context_destroy(ctx);
            _exit(st == LR_OK ? 0 : 1);
        }
    }
    close(go[0]);
    close(go[1]);
    int failed = 0;
    for (int i = 0; i < WRITERS; i++) {
        int status = 0;
        waitpid(writers[i], &status, 0);
        failed += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    LRT_CHECK_MSG(failed == 0, "%d of %d writers failed", failed, WRITERS);
    usleep(200000); /* the reader goes over the finished cache too */
    int status = 0;
    bool reader_failed = waitpid(reader, &status, WNOHANG) == reader;
    if (!reader_failed) {
        kill(reader, SIGKILL);
        waitpid(reader, &status, 0);
    }
    LRT_CHECK_MSG(!reader_failed, "the reader met half a file (status %d)", status);
    LRT_CHECK_MSG(count_files("tex-cache", ".svg") == 1 && count_files("tex-cache", NULL) == 1,
                  "the TeX cache holds %d files (%d SVGs), expected the one formula", count_files("tex-cache", NULL),
                  count_files("tex-cache", ".svg"));
    /* And it serves: a fresh context finds it, no TeX run. */
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = "tex-cache";
    lr_tex_context *ctx = NULL;
    lr_mobject *m = NULL;
    lr_tex_style sty = lr_tex_style_default();
    lr_error err = {0};
    bool served = lr_tex_context_create(&ctx, &cfg, &err) == LR_OK &&
                  lr_tex_create(ctx, "\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}", &sty, &m, &err) == LR_OK &&
                  lr_tex_context_stats(ctx).cache_hits == 1;
    LRT_CHECK_MSG(served, "the cached formula does not serve: %s", err.message);
    lr_mobject_destroy(m);
    lr_tex_context_destroy(ctx);
}

int main(void)
{
    test_server srv;
    if (!test_server_start(&srv, "cache")) {
        LRT_CHECK_MSG(false, "the scripted server did not start");
        return lrt_finish("shared_cache");
    }
    test_icon_cache(&srv);
    test_server_stop(&srv);
    test_tex_cache();
    return lrt_finish("shared_cache");
}
