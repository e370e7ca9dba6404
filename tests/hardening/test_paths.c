/* Asset paths in a spec stay inside the spec's asset folder
 * (docs/hardening.md): every way out is refused -- "..", absolute paths,
 * home and drive prefixes, backslashes, a linked file or a linked folder
 * that leads out -- while links that stay inside, and an asset folder that
 * is itself reached through a link, work. */
#include "lrtest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static const char *fmt = "{\"version\":1,\"meta\":{\"title\":\"paths\",\"quality\":\"l\"},\"sections\":[{\"id\":\"a\","
                         "\"title\":\"t\",\"lecture_lines\":[],\"objects\":[{\"id\":\"x\",\"type\":\"%s\","
                         "\"file\":\"%s\"}],\"timeline\":[{\"add\":[\"x\"]},{\"wait\":1}]}]}";

/* Refused when loading: the message names the file, the JSON path and why. */
static void check_refused_at_load(const char *type, const char *file, const char *why)
{
    char json[1024];
    snprintf(json, sizeof json, fmt, type, file);
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    LRT_CHECK_STATUS(lr_spec_load_string(json, "paths.json", "assets", &spec, errs), LR_ERR_SPEC);
    LRT_CHECK(spec == NULL);
    const char *m = lr_spec_errors_count(errs) ? lr_spec_errors_message(errs, 0) : "";
    LRT_CHECK_MSG(strstr(m, "paths.json: sections[0].objects[0].file: refused path") == m && strstr(m, why), "%s: %s",
                  file, m);
    lr_spec_errors_destroy(errs);
}

/* Loads (the name is fine) and builds: returns the build's status. */
static lr_status build(const char *type, const char *file, const char *asset_dir, lr_error *err)
{
    char json[1024];
    snprintf(json, sizeof json, fmt, type, file);
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = lr_spec_load_string(json, "paths.json", asset_dir, &spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s: %s", file, lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    if (s != LR_OK)
        return s;
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    s = lr_spec_build_section(spec, 0, &scene, &tl, err);
    LRT_CHECK(s == LR_OK || (scene == NULL && tl == NULL));
    lr_timeline_destroy(tl);
    lr_scene_destroy(scene);
    lr_spec_destroy(spec);
    return s;
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    LRT_CHECK_MSG(f != NULL, "cannot write %s", path);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A FIFO, a folder or a socket named as an asset is refused without being
 * opened for reading: a FIFO with no writer would block open() forever. An
 * alarm ends the test if anything blocks. */
static void special_files(const char *assets)
{
    char fifo[1200], dir[1200], sock[1200];
    snprintf(fifo, sizeof fifo, "%s/fifo.svg", assets);
    snprintf(dir, sizeof dir, "%s/folder.png", assets);
    snprintf(sock, sizeof sock, "%s/socket.svg", assets);
    unlink(fifo);
    rmdir(dir);
    unlink(sock);
    LRT_CHECK(mkfifo(fifo, 0644) == 0);
    LRT_CHECK(mkdir(dir, 0755) == 0);
    int sfd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    bool have_socket = sfd >= 0 && strlen(sock) < sizeof addr.sun_path;
    if (have_socket) {
        memcpy(addr.sun_path, sock, strlen(sock) + 1);
        have_socket = bind(sfd, (struct sockaddr *)&addr, sizeof addr) == 0;
    }
    alarm(30);
    const struct {
        const char *type, *file, *kind;
    } cases[] = {{"svg", "fifo.svg", "a FIFO"},
                 {"image", "fifo.svg", "a FIFO"},
                 {"image", "folder.png", "a folder"},
                 {"svg", "folder.png", "a folder"},
                 {"svg", "socket.svg", "a socket"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (!have_socket && strcmp(cases[i].kind, "a socket") == 0)
            continue;
        lr_error err = {0};
        LRT_CHECK_STATUS(build(cases[i].type, cases[i].file, assets, &err), LR_ERR_IO);
        char want[200];
        snprintf(want, sizeof want, "%s is %s, not a regular file", cases[i].file, cases[i].kind);
        LRT_CHECK_MSG(strstr(err.message, "paths.json: sections[0].objects[0].file: ") == err.message &&
                          strstr(err.message, want),
                      "%s as %s: %s", cases[i].file, cases[i].type, err.message);
    }
    /* The loaders refuse them too, called directly. */
    lr_error err = {0};
    lr_mobject *m = NULL;
    LRT_CHECK_STATUS(lr_svg_load_file(fifo, NULL, &m, NULL, &err), LR_ERR_IO);
    LRT_CHECK(m == NULL && strstr(err.message, "fifo.svg is a FIFO"));
    lr_image img = {0};
    LRT_CHECK_STATUS(lr_image_load(&img, fifo, &err), LR_ERR_IO);
    LRT_CHECK(img.pixels == NULL && strstr(err.message, "fifo.svg is a FIFO"));
    int w, h;
    LRT_CHECK_STATUS(lr_image_info(dir, &w, &h, &err), LR_ERR_IO);
    LRT_CHECK(strstr(err.message, "folder.png is a folder"));
    alarm(0);
    if (sfd >= 0)
        close(sfd);
    unlink(fifo);
    rmdir(dir);
    unlink(sock);
}

int main(void)
{
    /* Names refused before anything is opened. */
    check_refused_at_load("svg", "../secret.svg", "\"..\" is not allowed");
    check_refused_at_load("svg", "icons/../../secret.svg", "\"..\" is not allowed");
    check_refused_at_load("image", "icons/..", "\"..\" is not allowed");
    check_refused_at_load("image", "/etc/passwd", "absolute paths are not allowed");
    check_refused_at_load("svg", "~/x.svg", "absolute paths are not allowed");
    check_refused_at_load("svg", "C:/x.svg", "absolute paths are not allowed");
    check_refused_at_load("svg", "\\\\server\\\\x.svg", "absolute paths are not allowed");
    check_refused_at_load("svg", "icons\\\\x.svg", "use \"/\" to separate folders");
    {
        char json[1024];
        snprintf(json, sizeof json, fmt, "svg", "");
        lr_spec_errors *errs = lr_spec_errors_create();
        lr_spec *spec = NULL;
        LRT_CHECK_STATUS(lr_spec_load_string(json, "paths.json", "assets", &spec, errs), LR_ERR_SPEC);
        LRT_CHECK_MSG(strstr(lr_spec_errors_joined(errs), "paths.json: sections[0].objects[0].file: expected a "
                                                          "non-empty string"),
                      "%s", lr_spec_errors_joined(errs));
        lr_spec_errors_destroy(errs);
    }

    /* A folder of assets with links in and out of it. */
    char root[1024], assets[1100], outside[1100], p[1300], q[1300];
    lrt_build_path(root, sizeof root, "tests/hardening/paths");
    mkdir(root, 0755);
    snprintf(assets, sizeof assets, "%s/assets", root);
    snprintf(outside, sizeof outside, "%s/outside", root);
    mkdir(assets, 0755);
    mkdir(outside, 0755);
    const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><rect width=\"10\" "
                      "height=\"10\"/></svg>";
    snprintf(p, sizeof p, "%s/secret.svg", outside);
    write_text(p, svg);
    snprintf(p, sizeof p, "%s/inside.svg", assets);
    write_text(p, svg);
    lr_image img = {0};
    LRT_CHECK_OK(lr_image_alloc(&img, 2, 2));
    snprintf(p, sizeof p, "%s/secret.png", outside);
    LRT_CHECK_OK(lr_image_write_png(&img, p, NULL));
    lr_image_free(&img);
    /* file links: out, and in */
    snprintf(p, sizeof p, "%s/out.svg", assets);
    snprintf(q, sizeof q, "%s/secret.svg", outside);
    unlink(p);
    LRT_CHECK(symlink(q, p) == 0);
    snprintf(p, sizeof p, "%s/out.png", assets);
    snprintf(q, sizeof q, "%s/secret.png", outside);
    unlink(p);
    LRT_CHECK(symlink(q, p) == 0);
    snprintf(p, sizeof p, "%s/alias.svg", assets);
    unlink(p);
    LRT_CHECK(symlink("inside.svg", p) == 0);
    /* a folder link that leads out, and a relative one that climbs out */
    snprintf(p, sizeof p, "%s/outdir", assets);
    unlink(p);
    LRT_CHECK(symlink(outside, p) == 0);
    snprintf(p, sizeof p, "%s/updir", assets);
    unlink(p);
    LRT_CHECK(symlink("../outside", p) == 0);
    /* the asset folder itself reached through a link */
    snprintf(p, sizeof p, "%s/assets-link", root);
    unlink(p);
    LRT_CHECK(symlink("assets", p) == 0);

    lr_error err = {0};
    LRT_CHECK_MSG(build("svg", "inside.svg", assets, &err) == LR_OK, "%s", err.message);
    LRT_CHECK_MSG(build("svg", "alias.svg", assets, &err) == LR_OK, "%s", err.message);
    LRT_CHECK_MSG(build("svg", "inside.svg", p, &err) == LR_OK, "%s", err.message);
    const char *escapes[][2] = {{"svg", "out.svg"},
                                {"image", "out.png"},
                                {"svg", "outdir/secret.svg"},
                                {"image", "outdir/secret.png"},
                                {"svg", "updir/secret.svg"}};
    for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
        memset(&err, 0, sizeof err);
        LRT_CHECK_STATUS(build(escapes[i][0], escapes[i][1], assets, &err), LR_ERR_INVALID_ARG);
        LRT_CHECK_MSG(strstr(err.message, "paths.json: sections[0]") == err.message &&
                          strstr(err.message, "outside the asset folder"),
                      "%s: %s", escapes[i][1], err.message);
    }
    /* A name that is fine but names nothing: a clear error, not a crash. */
    LRT_CHECK_STATUS(build("svg", "nothing/here.svg", assets, &err), LR_ERR_IO);
    LRT_CHECK_MSG(strstr(err.message, "paths.json: sections[0].objects[0].file: ") == err.message &&
                      strstr(err.message, "no such file in the asset folder") != NULL,
                  "%s", err.message);
    special_files(assets);
    return lrt_finish("hardening_paths");
}
