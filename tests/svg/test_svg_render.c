/* SVG drawn by the GPU backend against rsvg-convert (librsvg), the
 * reference renderer: a few Adwaita icons and a test drawing with arcs,
 * strokes, transforms and <use>, both on white, compared pixel by pixel
 * within a tolerance for antialiasing. */
#include "lrtest.h"

#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define SIZE 256

static bool run_rsvg(const char *svg, const char *png)
{
    char size[16];
    snprintf(size, sizeof size, "%d", SIZE);
    char *argv[] = {"rsvg-convert", "-w", size, "-h", size, "-o", (char *)png, (char *)svg, NULL};
    pid_t pid;
    if (posix_spawnp(&pid, "rsvg-convert", NULL, NULL, argv, environ) != 0)
        return false;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid)
        return false;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* rsvg writes straight alpha over transparency: put it on white. */
static void over_white(lr_image *img)
{
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++) {
            uint8_t *p = img->pixels + (size_t)y * (size_t)img->stride + (size_t)x * 4;
            int a = p[3];
            for (int c = 0; c < 3; c++)
                p[c] = (uint8_t)((p[c] * a + 255 * (255 - a) + 127) / 255);
            p[3] = 255;
        }
}

/* `viewport` is the document's width and height in px (square). */
static void compare_with_rsvg(lr_context *gl, const char *svg_path, float viewport, const char *name)
{
    char png[1024], mine[1024], rel[256];
    snprintf(rel, sizeof rel, "tests/svg/%s_rsvg.png", name);
    lrt_build_path(png, sizeof png, rel);
    snprintf(rel, sizeof rel, "tests/svg/%s_librender.png", name);
    lrt_build_path(mine, sizeof mine, rel);
    if (!run_rsvg(svg_path, png)) {
        LRT_CHECK_MSG(0, "rsvg-convert failed on %s (is librsvg2-bin installed?)", svg_path);
        return;
    }
    lr_image ref = {0};
    lr_error err;
    LRT_CHECK_OK(lr_image_load(&ref, png, &err));
    if (!ref.pixels)
        return;
    over_white(&ref);

    /* The viewport maps onto the whole frame: 8 scene units high. */
    lr_svg_options o = lr_svg_options_default();
    o.height = 0;
    o.scale = 8.0f / viewport;
    o.center = false;
    lr_mobject *m = NULL;
    lr_svg_warnings w = {0};
    LRT_CHECK_OK(lr_svg_load_file(svg_path, &o, &m, &w, &err));
    lr_svg_warnings_free(&w);
    if (!m) {
        lr_image_free(&ref);
        return;
    }
    lr_mobject_set_transform(m, lr_affine_translate(-4, 4));
    lr_scene *scene = lr_scene_create();
    lr_scene_set_background(scene, lr_rgba(1, 1, 1, 1));
    lr_scene_add(scene, m);
    lr_image img = {0};
    LRT_CHECK_OK(lr_context_render(gl, scene, &img, &err));
    lr_scene_destroy(scene);
    if (img.pixels && img.width == ref.width && img.height == ref.height) {
        lr_image_write_png(&img, mine, NULL);
        int differing = 0, inked = 0;
        double total = 0;
        for (int y = 0; y < SIZE; y++)
            for (int x = 0; x < SIZE; x++) {
                const uint8_t *a = lrt_pixel(&img, x, y), *b = lrt_pixel(&ref, x, y);
                int d = 0;
                for (int c = 0; c < 3; c++) {
                    int dc = abs((int)a[c] - (int)b[c]);
                    d = dc > d ? dc : d;
                    total += dc;
                }
                differing += d > 64;
                inked += b[0] < 200;
            }
        double mean = total / (SIZE * SIZE * 3.0);
        printf("%s: %d of %d inked pixels differ by more than 64, mean difference %.2f\n", name, differing, inked,
               mean);
        LRT_CHECK(inked > 500); /* the comparison compares something */
        LRT_CHECK_MSG(differing <= inked / 50 + 20, "%s: %d pixels differ (see %s and %s)", name, differing, mine,
                      png);
        LRT_CHECK_MSG(mean < 3.0, "%s: mean difference %.2f", name, mean);
    } else {
        LRT_CHECK_MSG(0, "%s: no image or size mismatch", name);
    }
    lr_image_free(&img);
    lr_image_free(&ref);
}

int main(void)
{
    lr_error err;
    lr_context_desc desc = lr_context_desc_default(SIZE, SIZE);
    lr_context *gl = NULL;
    if (lr_context_create(&desc, &gl, &err) != LR_OK) {
        fprintf(stderr, "no GL context: %s\n", err.message);
        LRT_CHECK(0);
        return lrt_finish("svg_render");
    }
    static const char *const icons[] = {"places/user-home-symbolic", "status/dialog-warning-symbolic",
                                        "actions/document-open-symbolic", "places/folder-symbolic"};
    for (size_t i = 0; i < sizeof icons / sizeof icons[0]; i++) {
        char path[512], name[128];
        snprintf(path, sizeof path, "/usr/share/icons/Adwaita/scalable/%s.svg", icons[i]);
        if (access(path, R_OK) != 0) {
            printf("skipping %s: not installed (adwaita-icon-theme)\n", path);
            continue;
        }
        const char *slash = strchr(icons[i], '/');
        snprintf(name, sizeof name, "%s", slash ? slash + 1 : icons[i]);
        compare_with_rsvg(gl, path, 16.0f, name);
    }
    char shapes[1024];
    lrt_source_path(shapes, sizeof shapes, "tests/svg/data/shapes.svg");
    compare_with_rsvg(gl, shapes, 100.0f, "shapes");
    lr_context_destroy(gl);
    return lrt_finish("svg_render");
}
