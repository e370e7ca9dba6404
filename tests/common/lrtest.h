/* The test harness: assertion macros that count failures and keep going, and
 * pixel comparison against reference PNGs. */
#ifndef LRTEST_H
#define LRTEST_H

#include <librender.h>
#include <math.h>
#include <stdio.h>

extern int lrt_failures;
extern int lrt_checks;

#define LRT_CHECK(cond)                                                                        \
    do {                                                                                       \
        lrt_checks++;                                                                          \
        if (!(cond)) {                                                                         \
            lrt_failures++;                                                                    \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);           \
        }                                                                                      \
    } while (0)

#define LRT_CHECK_MSG(cond, ...)                                                               \
    do {                                                                                       \
        lrt_checks++;                                                                          \
        if (!(cond)) {                                                                         \
            lrt_failures++;                                                                    \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);           \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
        }                                                                                      \
    } while (0)

#define LRT_CHECK_NEAR(a, b, eps)                                                              \
    do {                                                                                       \
        double lrt_a_ = (double)(a), lrt_b_ = (double)(b);                                     \
        lrt_checks++;                                                                          \
        if (!(fabs(lrt_a_ - lrt_b_) <= (eps))) {                                               \
            lrt_failures++;                                                                    \
            fprintf(stderr, "%s:%d: %s = %.6g, expected %s = %.6g (within %g)\n", __FILE__,    \
                    __LINE__, #a, lrt_a_, #b, lrt_b_, (double)(eps));                          \
        }                                                                                      \
    } while (0)

#define LRT_CHECK_STATUS(expr, expected)                                                       \
    do {                                                                                       \
        lr_status lrt_s_ = (expr);                                                             \
        lrt_checks++;                                                                          \
        if (lrt_s_ != (expected)) {                                                            \
            lrt_failures++;                                                                    \
            fprintf(stderr, "%s:%d: %s returned %s, expected %s\n", __FILE__, __LINE__, #expr, \
                    lr_strerror(lrt_s_), lr_strerror(expected));                               \
        }                                                                                      \
    } while (0)

#define LRT_CHECK_OK(expr) LRT_CHECK_STATUS(expr, LR_OK)

/* Prints "N checks, M failed" and returns the exit status for main. */
int lrt_finish(const char *test_name);

/* Compares `actual` with the reference PNG tests/<ref_rel>: a pixel differs
 * when any channel differs by more than `channel_tolerance` (0..255), and the
 * check fails when more than `max_differing` pixels differ. On failure, the
 * actual image and a difference image are written under the build folder and
 * the message says how to regenerate the reference. With LRT_UPDATE_REFS=1 in
 * the environment the reference is (re)written instead, for a person to look
 * at before committing it. */
void lrt_check_image(const lr_image *actual, const char *ref_rel, int channel_tolerance, int max_differing);

/* Path of a file in the source tree / build tree (static buffer per call site
 * is not used: the caller gives the buffer). */
const char *lrt_source_path(char *buf, size_t size, const char *rel);
const char *lrt_build_path(char *buf, size_t size, const char *rel);

/* The whole of a regular file, NUL-terminated, malloc'd (the caller frees);
 * its length in *len (optional). NULL when it cannot be read or is larger
 * than 256 MiB. */
char *lrt_read_file(const char *path, size_t *len);

/* The winding number about q of the polygon through the path's anchors
 * mapped by m (each curve taken as its chord: exact for paths of lines,
 * such as the results of lr_path_boolean). */
int lrt_polygon_winding(const lr_path *path, lr_affine m, lr_vec2 q);

/* The pixel at (x, y), rows top to bottom. */
static inline const uint8_t *lrt_pixel(const lr_image *img, int x, int y)
{
    return img->pixels + (size_t)y * (size_t)img->stride + (size_t)x * 4u;
}

#endif
