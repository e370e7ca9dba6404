#include "lrtest.h"
#include "core/file.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int lrt_failures = 0;
int lrt_checks = 0;

int lrt_finish(const char *test_name)
{
    printf("%s: %d checks, %d failed\n", test_name, lrt_checks, lrt_failures);
    return lrt_failures == 0 ? 0 : 1;
}

const char *lrt_source_path(char *buf, size_t size, const char *rel)
{
    snprintf(buf, size, "%s/%s", LRT_SOURCE_DIR, rel);
    return buf;
}

const char *lrt_build_path(char *buf, size_t size, const char *rel)
{
    snprintf(buf, size, "%s/%s", LRT_BINARY_DIR, rel);
    return buf;
}

static void flatten_name(char *out, size_t size, const char *rel)
{
    snprintf(out, size, "%s", rel);
    for (char *p = out; *p; p++)
        if (*p == '/')
            *p = '_';
}

void lrt_check_image(const lr_image *actual, const char *ref_rel, int channel_tolerance, int max_differing)
{
    char ref_path[1024];
    snprintf(ref_path, sizeof ref_path, "%s/tests/%s", LRT_SOURCE_DIR, ref_rel);
    lrt_checks++;

    const char *update = getenv("LRT_UPDATE_REFS");
    if (update && strcmp(update, "1") == 0) {
        lr_error err;
        if (lr_image_write_png(actual, ref_path, &err) != LR_OK) {
            lrt_failures++;
            fprintf(stderr, "cannot write reference %s: %s\n", ref_path, err.message);
        } else {
            fprintf(stderr, "wrote reference %s: look at it before committing it\n", ref_path);
        }
        return;
    }

    lr_image ref = {0};
    lr_error err;
    if (lr_image_load(&ref, ref_path, &err) != LR_OK) {
        lrt_failures++;
        fprintf(stderr, "missing reference %s (%s)\n  regenerate: LRT_UPDATE_REFS=1 ctest -R <test>\n", ref_path,
                err.message);
        return;
    }
    if (ref.width != actual->width || ref.height != actual->height) {
        lrt_failures++;
        fprintf(stderr, "%s: size %dx%d, reference is %dx%d\n", ref_rel, actual->width, actual->height, ref.width,
                ref.height);
        lr_image_free(&ref);
        return;
    }

    lr_image diff = {0};
    lr_image_alloc(&diff, actual->width, actual->height);
    int differing = 0, worst = 0;
    for (int y = 0; y < actual->height; y++) {
        for (int x = 0; x < actual->width; x++) {
            const uint8_t *a = lrt_pixel(actual, x, y);
            const uint8_t *b = lrt_pixel(&ref, x, y);
            int d = 0;
            for (int c = 0; c < 4; c++) {
                int dc = abs((int)a[c] - (int)b[c]);
                if (dc > d)
                    d = dc;
            }
            if (d > worst)
                worst = d;
            uint8_t *o = diff.pixels + (size_t)y * (size_t)diff.stride + (size_t)x * 4u;
            if (d > channel_tolerance) {
                differing++;
                o[0] = 255, o[1] = 0, o[2] = 0, o[3] = 255;
            } else {
                o[0] = o[1] = o[2] = (uint8_t)(b[0] / 4 + b[1] / 4 + b[2] / 4), o[3] = 255;
            }
        }
    }
    if (differing > max_differing) {
        lrt_failures++;
        char name[512], out_actual[1200], out_diff[1200];
        flatten_name(name, sizeof name, ref_rel);
        mkdir(LRT_BINARY_DIR "/test-output", 0755);
        snprintf(out_actual, sizeof out_actual, "%s/test-output/actual_%s", LRT_BINARY_DIR, name);
        snprintf(out_diff, sizeof out_diff, "%s/test-output/diff_%s", LRT_BINARY_DIR, name);
        lr_image_write_png(actual, out_actual, NULL);
        lr_image_write_png(&diff, out_diff, NULL);
        fprintf(stderr,
                "%s: %d pixels differ by more than %d (allowed %d, worst %d)\n"
                "  actual: %s\n  diff:   %s\n"
                "  regenerate after checking the image by eye: LRT_UPDATE_REFS=1 ctest -R <test>\n",
                ref_rel, differing, channel_tolerance, max_differing, worst, out_actual, out_diff);
    }
    lr_image_free(&diff);
    lr_image_free(&ref);
}

int lrt_polygon_winding(const lr_path *path, lr_affine m, lr_vec2 q)
{
    int w = 0;
    for (uint32_t s = 0; s < path->nsubpaths; s++) {
        const lr_subpath *sp = &path->subpaths[s];
        for (uint32_t k = 0; k < sp->ncurves; k++) {
            lr_vec2 a = lr_affine_apply(m, path->points[sp->first + 3 * k]);
            lr_vec2 b = lr_affine_apply(m, path->points[sp->first + 3 * k + 3]);
            double left = (double)(b.x - a.x) * (q.y - a.y) - (double)(q.x - a.x) * (b.y - a.y);
            if (a.y <= q.y) {
                if (b.y > q.y && left > 0)
                    w++;
            } else if (b.y <= q.y && left < 0) {
                w--;
            }
        }
    }
    return w;
}

char *lrt_read_file(const char *path, size_t *len)
{
    char *text = NULL;
    return lr_file_read_all(path, (size_t)256 << 20, &text, len) == LR_OK ? text : NULL;
}
