/* Shared helpers of the GPU tests: shapes built from the path API's basic
 * operations, a context on the default backend, and pixel measurements. */
#ifndef GPU_TEST_UTIL_H
#define GPU_TEST_UTIL_H

#include "lrtest.h"

#include <math.h>
#include <stdlib.h>

#define GT_PI 3.14159265358979f

static inline lr_context *gt_context(int w, int h)
{
    lr_context_desc d = lr_context_desc_default(w, h);
    lr_context *ctx = NULL;
    lr_error err;
    if (lr_context_create(&d, &ctx, &err) != LR_OK) {
        fprintf(stderr, "cannot create a context: %s\n", err.message);
        return NULL;
    }
    return ctx;
}

/* A closed polygon (straight cubic edges). */
static inline void gt_polygon(lr_path *p, const lr_vec2 *pts, int n)
{
    lr_path_move_to(p, pts[0]);
    for (int i = 1; i < n; i++)
        lr_path_line_to(p, pts[i]);
    lr_path_close(p);
}

/* The pentagram drawn in one stroke: its centre has winding 2. */
static inline void gt_pentagram(lr_path *p, lr_vec2 c, float r)
{
    lr_vec2 pts[5];
    for (int i = 0; i < 5; i++) {
        float a = GT_PI / 2.0f + (float)i * 4.0f * GT_PI / 5.0f;
        pts[i] = (lr_vec2){c.x + r * cosf(a), c.y + r * sinf(a)};
    }
    gt_polygon(p, pts, 5);
}

/* A circle of four cubics, counter-clockwise (or clockwise when cw). */
static inline void gt_circle(lr_path *p, lr_vec2 c, float r, bool cw)
{
    const float k = 0.5522847498f * r;
    float s = cw ? -1.0f : 1.0f;
    lr_path_move_to(p, (lr_vec2){c.x + r, c.y});
    lr_path_cubic_to(p, (lr_vec2){c.x + r, c.y + s * k}, (lr_vec2){c.x + k, c.y + s * r}, (lr_vec2){c.x, c.y + s * r});
    lr_path_cubic_to(p, (lr_vec2){c.x - k, c.y + s * r}, (lr_vec2){c.x - r, c.y + s * k}, (lr_vec2){c.x - r, c.y});
    lr_path_cubic_to(p, (lr_vec2){c.x - r, c.y - s * k}, (lr_vec2){c.x - k, c.y - s * r}, (lr_vec2){c.x, c.y - s * r});
    lr_path_cubic_to(p, (lr_vec2){c.x + k, c.y - s * r}, (lr_vec2){c.x + r, c.y - s * k}, (lr_vec2){c.x + r, c.y});
    lr_path_close(p);
}

static inline lr_style gt_fill_style(lr_color c)
{
    lr_style s = lr_style_default();
    s.fill = c;
    s.stroke.a = 0.0f;
    return s;
}

static inline lr_style gt_stroke_style(lr_color c, float width, lr_line_join join, lr_line_cap cap)
{
    lr_style s = lr_style_default();
    s.fill.a = 0.0f;
    s.stroke = c;
    s.stroke_width = width;
    s.join = join;
    s.cap = cap;
    return s;
}

static inline void gt_add(lr_scene *sc, const lr_path *p, lr_style st)
{
    lr_scene_add(sc, lr_mobject_create_path(p, st));
}

/* Sum of one channel over the image, in units of fully lit pixels. */
static inline double gt_channel_sum(const lr_image *img, int channel)
{
    double s = 0.0;
    for (int y = 0; y < img->height; y++)
        for (int x = 0; x < img->width; x++)
            s += lrt_pixel(img, x, y)[channel];
    return s / 255.0;
}

/* The pixel at scene point (x, y) under the default camera. */
static inline const uint8_t *gt_scene_pixel(const lr_image *img, float x, float y)
{
    float k = (float)img->height / 8.0f;
    int px = (int)floorf((float)img->width * 0.5f + x * k);
    int py = (int)floorf((float)img->height * 0.5f - y * k);
    if (px < 0)
        px = 0;
    if (py < 0)
        py = 0;
    if (px >= img->width)
        px = img->width - 1;
    if (py >= img->height)
        py = img->height - 1;
    return lrt_pixel(img, px, py);
}

#define GT_CHECK_RGB(px, r, g, b, tol)                                                                       \
    LRT_CHECK_MSG(abs((int)(px)[0] - (r)) <= (tol) && abs((int)(px)[1] - (g)) <= (tol) &&                    \
                      abs((int)(px)[2] - (b)) <= (tol),                                                      \
                  "pixel is (%d, %d, %d), expected (%d, %d, %d) within %d", (px)[0], (px)[1], (px)[2], (r), (g), \
                  (b), (tol))

#endif
