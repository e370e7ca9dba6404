/* Specs with asset files: the fuzzer writes the objects, one a line -- a
 * letter for the type ('s' svg, 'i' image, 'g' a group of the next two),
 * an optional size digit, then the file name, raw bytes -- and they are
 * built (lr_spec_build_section, then lr_spec_check) against a real asset
 * folder, made once per process: good and broken SVGs and PNGs, a folder
 * below, a FIFO, a folder named like a file, links that stay inside, lead
 * out (to a file, through a folder, with "../"), loop or dangle, and a
 * folder beside it with a secret. The names the fuzzer tries -- "..",
 * absolute paths, the links, the FIFO -- are in spec_assets.dict.
 *
 * What must hold for any input, checked after every build that succeeds:
 * each file an object named resolves inside the asset folder and is a
 * regular file (nothing outside was read; no FIFO was opened, which would
 * also hang the run -- libFuzzer's -timeout catches that). */
#include "fuzz_util.h"

#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "librender/lr_spec.h"

typedef struct assets {
    char root[256], dir[300], real_dir[PATH_MAX];
    bool ok;
} assets;

static void put(const char *dir, const char *name, const char *text, size_t len)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

static void link_to(const char *dir, const char *name, const char *target)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (symlink(target, p) != 0)
        return;
}

static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><circle cx=\"5\" cy=\"5\" "
                          "r=\"4\"/></svg>";

static void make(assets *a)
{
    snprintf(a->root, sizeof a->root, "%s/c2v-fuzz-assets-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(a->root))
        return;
    char outside[320], icons[320], p[600];
    snprintf(a->dir, sizeof a->dir, "%s/assets", a->root);
    snprintf(outside, sizeof outside, "%s/outside", a->root);
    snprintf(icons, sizeof icons, "%s/icons", a->dir);
    if (mkdir(a->dir, 0755) != 0 || mkdir(outside, 0755) != 0 || mkdir(icons, 0755) != 0)
        return;
    put(a->dir, "ok.svg", svg, sizeof svg - 1);
    put(icons, "ok.svg", svg, sizeof svg - 1);
    put(outside, "secret.svg", svg, sizeof svg - 1);
    put(a->dir, "broken.svg", svg, 40);
    put(a->dir, "empty.svg", "", 0);
    lr_image img = {0};
    if (lr_image_alloc(&img, 16, 4) == LR_OK) {
        snprintf(p, sizeof p, "%s/ok.png", a->dir);
        lr_image_write_png(&img, p, NULL);
        snprintf(p, sizeof p, "%s/secret.png", outside);
        lr_image_write_png(&img, p, NULL);
        lr_image_free(&img);
    }
    /* a PNG header that promises 16384x16384: refused before decoding */
    static const unsigned char huge[] = {0x89, 'P',  'N',  'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I',
                                         'H',  'D',  'R',  0,   0,    0x40, 0,    0,    0, 0x40, 0, 8, 6,
                                         0,    0,    0,    0x2a, 0x2b, 0x2c, 0x2d};
    put(a->dir, "huge.png", (const char *)huge, sizeof huge);
    put(a->dir, "cut.png", (const char *)huge, 20);
    snprintf(p, sizeof p, "%s/fifo.svg", a->dir);
    mkfifo(p, 0644);
    snprintf(p, sizeof p, "%s/fifo.png", a->dir);
    mkfifo(p, 0644);
    snprintf(p, sizeof p, "%s/dir.svg", a->dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/secret.svg", outside);
    link_to(a->dir, "out.svg", p);
    link_to(a->dir, "up", "../outside");
    link_to(a->dir, "in.svg", "ok.svg");
    link_to(a->dir, "loop.svg", "loop.svg");
    link_to(a->dir, "dangling.svg", "nowhere.svg");
    link_to(a->dir, "fifolink.svg", "fifo.svg");
    a->ok = realpath(a->dir, a->real_dir) != NULL;
}

static lr_text_context *shared_text(void)
{
    static lr_text_context *text;
    static bool tried;
    if (!tried) {
        tried = true;
        if (lr_text_context_create(&text, NULL) != LR_OK)
            text = NULL;
    }
    return text;
}

static assets the_folder;

/* The folder goes when the process ends (libFuzzer ends it with exit()). */
static void unmake(void)
{
    const assets *a = &the_folder;
    static const char *const names[] = {"assets/icons/ok.svg", "assets/icons", "outside/secret.svg",
                                        "outside/secret.png", "assets/ok.svg", "assets/broken.svg",
                                        "assets/empty.svg", "assets/ok.png", "assets/huge.png", "assets/cut.png",
                                        "assets/fifo.svg", "assets/fifo.png", "assets/dir.svg", "assets/out.svg",
                                        "assets/up", "assets/in.svg", "assets/loop.svg", "assets/dangling.svg",
                                        "assets/fifolink.svg", "assets", "outside", ""};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char p[600];
        snprintf(p, sizeof p, "%.255s/%.40s", a->root, names[i]);
        if (remove(p) != 0)
            rmdir(p);
    }
}

static const assets *folder(void)
{
    static bool made;
    if (!made) {
        made = true;
        make(&the_folder);
        if (the_folder.root[0])
            atexit(unmake);
    }
    return &the_folder;
}

/* One object from a line: type letter, optional size digit, file name. */
static cJSON *object_of(const char *line, size_t len, int id)
{
    cJSON *o = cJSON_CreateObject();
    char name[16];
    snprintf(name, sizeof name, "o%d", id);
    cJSON_AddStringToObject(o, "id", name);
    cJSON_AddStringToObject(o, "type", len && line[0] == 'i' ? "image" : "svg");
    size_t at = len ? 1 : 0;
    if (at < len && line[at] >= '0' && line[at] <= '9') {
        cJSON_AddNumberToObject(o, line[at] < '5' ? "width" : "height", (line[at] - '0') * 1.5 + 0.1);
        at++;
    }
    char file[300];
    size_t n = len - at < sizeof file - 1 ? len - at : sizeof file - 1;
    memcpy(file, line + at, n);
    file[n] = 0;
    cJSON_AddStringToObject(o, "file", file);
    return o;
}

/* The invariant: every named file lies inside the folder and is regular. */
static void check_resolved(const assets *a, const cJSON *objects)
{
    for (const cJSON *o = objects ? objects->child : NULL; o; o = o->next) {
        check_resolved(a, cJSON_GetObjectItemCaseSensitive(o, "children"));
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(o, "file");
        if (!cJSON_IsString(f))
            continue;
        char p[700], real[PATH_MAX];
        snprintf(p, sizeof p, "%s/%s", a->dir, f->valuestring);
        struct stat st;
        size_t dl = strlen(a->real_dir);
        if (!realpath(p, real) || strncmp(real, a->real_dir, dl) != 0 || real[dl] != '/' || stat(real, &st) != 0 ||
            !S_ISREG(st.st_mode)) {
            fprintf(stderr, "built an object whose file \"%s\" is outside the asset folder or not a file\n",
                    f->valuestring);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const assets *a = folder();
    if (!a->ok)
        return 0;
    cJSON *doc = cJSON_Parse("{\"version\":1,\"meta\":{\"title\":\"f\",\"quality\":\"l\"},\"sections\":[{\"id\":\"a\","
                             "\"title\":\"t\",\"objects\":[],\"timeline\":[{\"wait\":1}]}]}");
    cJSON *section = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "sections"), 0);
    cJSON *objects = cJSON_GetObjectItemCaseSensitive(section, "objects");
    cJSON *shown = cJSON_CreateArray();
    int id = 0;
    cJSON *group = NULL;
    int group_left = 0;
    for (size_t at = 0; at < size && id < 16;) {
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        size_t len = nl ? (size_t)(nl - (data + at)) : size - at;
        const char *line = (const char *)data + at;
        at += len + 1;
        if (len && line[0] == 'g' && !group) {
            group = cJSON_CreateObject();
            char name[16];
            snprintf(name, sizeof name, "o%d", id++);
            cJSON_AddStringToObject(group, "id", name);
            cJSON_AddStringToObject(group, "type", "group");
            cJSON_AddItemToObject(group, "children", cJSON_CreateArray());
            cJSON_AddItemToArray(objects, group);
            cJSON_AddItemToArray(shown, cJSON_CreateString(name));
            group_left = 2;
            continue;
        }
        cJSON *o = object_of(line, len, id++);
        if (group && group_left-- > 0) {
            cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(group, "children"), o);
        } else {
            cJSON_AddItemToArray(objects, o);
            cJSON_AddItemToArray(shown, cJSON_CreateString(cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring));
        }
    }
    if (id == 0) {
        cJSON_AddItemToArray(objects, object_of("sok.svg", 7, id++));
        cJSON_AddItemToArray(shown, cJSON_CreateString("o0"));
    }
    /* A group left without children is not a spec this harness means. */
    if (group && cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(group, "children")) == 0)
        cJSON_AddItemToArray(cJSON_GetObjectItemCaseSensitive(group, "children"), object_of("sok.svg", 7, id++));
    cJSON *step = cJSON_CreateObject();
    cJSON_AddItemToObject(step, "add", shown);
    cJSON_InsertItemInArray(cJSON_GetObjectItemCaseSensitive(section, "timeline"), 0, step);
    char *json = cJSON_PrintUnformatted(doc);
    lr_spec *spec = NULL;
    if (json && lr_spec_load_string(json, "fuzz.json", a->dir, &spec, NULL) == LR_OK) {
        lr_spec_set_contexts(spec, shared_text(), NULL);
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        lr_error err = {0};
        if (lr_spec_build_section(spec, 0, &scene, &tl, &err) == LR_OK)
            check_resolved(a, objects);

        lr_timeline_destroy(tl);
        lr_scene_destroy(scene);
        if (lr_spec_check(spec, NULL) == LR_OK)
            check_resolved(a, objects);
        lr_spec_destroy(spec);
    }
    cJSON_free(json);
    cJSON_Delete(doc);
    return 0;
}
