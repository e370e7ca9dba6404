/* function_image (version 2) drawn through the GPU (llvmpipe here) and held
 * against the CPU's evaluation of the same expressions (expr_eval):
 *  - every operation of the language, real and complex, as GLSL: a grid of
 *    images of a number coloured black to white (its value read back from
 *    the grey) and of complex functions domain-coloured (hue = arg f,
 *    lightness = 2/pi atan|f|), at pixels away from jumps, and no pixel
 *    where the CPU finds no value;
 *  - a gradient's colours at known points, clamped past its range;
 *  - the log-modulus contours;
 *  - on a plane placed by "area", and on a sheared plane: the pixel at plane
 *    point p has the colour of f(p), and the zeros of f are at c2p of them;
 *  - the region's edge antialiased;
 *  - an image that reads time changes at every frame and stops the kept
 *    layer under it; one that does not is reused with what lies below it
 *    (lr_frame_timing.reused_paths), and both draw what a full redraw draws;
 *  - the validator's errors, with their JSON paths. */
#include "spec_check.h"
#include "spec/spec_expr.h"

#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* ---- the CPU's value of an expression: x, y (or z) in slots 0 and 1 ---- */

static bool resolve(void *user, const expr_ref *ref, expr_binding *out, char *msg, size_t size)
{
    (void)user;
    const char *n = ref->name;
    if (!ref->member && (!strcmp(n, "x") || !strcmp(n, "y") || !strcmp(n, "z") || !strcmp(n, "time"))) {
        *out = (expr_binding){EXPR_BIND_VARIABLE, n[0] == 'z' ? EXPR_COMPLEX : EXPR_NUMBER,
                              n[0] == 'y' ? 1 : n[0] == 't' ? 2 : 0, 0, {0}};
        return true;
    }
    snprintf(msg, size, "no name %s here", n);
    return false;
}

static lr_expr *cpu_compile(const char *text, bool complex)
{
    expr_resolver r = {resolve, NULL};
    lr_expr *e = NULL;
    lr_error err = {0};
    LRT_CHECK_MSG(expr_compile(text, complex ? EXPR_COMPLEX : EXPR_NUMBER, &r, &e, &err) == LR_OK, "%s: %s", text,
                  err.message);
    return e;
}

static expr_value cpu_eval(const lr_expr *e, double x, double y, double t)
{
    double vars[3] = {x, y, t};
    expr_env env = {vars, 3, NULL, NULL};
    return expr_eval(e, &env);
}

/* ---- specs, frames and pixels ---- */

typedef struct frame {
    lr_spec *spec;
    lr_scene *scene;
    lr_timeline *tl;
    lr_context *ctx;
    lr_image img;
    int w, h;
} frame;

static bool frame_open(frame *f, const char *text, bool full_redraw)
{
    memset(f, 0, sizeof *f);
    f->spec = spec_check_load(text);
    if (!f->spec)
        return false;
    lr_spec_meta meta = lr_spec_get_meta(f->spec);
    f->w = meta.width;
    f->h = meta.height;
    lr_context_desc d = lr_context_desc_default(f->w, f->h);
    d.full_redraw = full_redraw;
    lr_error err = {0};
    if (lr_context_create(&d, &f->ctx, &err) != LR_OK) {
        fprintf(stderr, "no OpenGL context: %s\n", err.message);
        LRT_CHECK(err.status == LR_ERR_NO_CONTEXT);
        return false;
    }
    lr_context_enable_timing(f->ctx, true);
    LRT_CHECK_MSG(lr_spec_build_section(f->spec, 0, &f->scene, &f->tl, &err) == LR_OK, "build: %s", err.message);
    return f->scene && f->tl;
}

static bool frame_at(frame *f, double t)
{
    lr_error err = {0};
    LRT_CHECK_MSG(lr_timeline_seek(f->tl, t, &err) == LR_OK, "seek %g: %s", t, err.message);
    lr_status s = lr_context_render(f->ctx, f->scene, &f->img, &err);
    LRT_CHECK_MSG(s == LR_OK, "render at %g: %s", t, err.message);
    return s == LR_OK;
}

static void frame_close(frame *f)
{
    lr_image_free(&f->img);
    lr_timeline_destroy(f->tl);
    lr_scene_destroy(f->scene);
    lr_context_destroy(f->ctx);
    lr_spec_destroy(f->spec);
    memset(f, 0, sizeof *f);
}

/* The scene point at the pixel position (px, py), rows from the top (the
 * centre of pixel (i, j) is (i + 0.5, j + 0.5)), and back: the default
 * camera, 8 units high. */
static lr_vec2 scene_at(const frame *f, double px, double py)
{
    double k = f->h / 8.0;
    return (lr_vec2){(float)((px - f->w * 0.5) / k), (float)((f->h * 0.5 - py) / k)};
}

static void pixel_of(const frame *f, lr_vec2 p, double *px, double *py)
{
    double k = f->h / 8.0;
    *px = p.x * k + f->w * 0.5;
    *py = f->h * 0.5 - p.y * k;
}

/* The image mobject of an object (the one child of its container when it
 * is rebuilt at every frame). */
static const lr_mobject *image_of(const lr_mobject *m)
{
    while (m && m->kind == LR_MOBJECT_GROUP && m->nchildren > 0)
        m = m->children[0];
    return m && m->kind == LR_MOBJECT_IMAGE && m->image_fn ? m : NULL;
}

/* What an image's pixel (i, j) stands for: the point of its function's
 * domain under the pixel's centre, through the mobject's own transform. */
typedef struct image_map {
    lr_affine to_own; /* scene -> the image's own space */
    lr_rect rect;
    float domain[4];
} image_map;

static bool image_map_of(const frame *f, const char *id, image_map *out)
{
    const lr_mobject *m = image_of(lr_scene_find(f->scene, id));
    LRT_CHECK_MSG(m != NULL, "no function image \"%s\" in the scene", id);
    if (!m)
        return false;
    out->rect = m->image_rect;
    memcpy(out->domain, m->image_fn->domain, sizeof out->domain);
    return lr_affine_invert(lr_mobject_world_transform(m), &out->to_own);
}

/* The domain point at the pixel position (px, py), and its pixel size in
 * domain units along x. */
static void domain_at(const frame *f, const image_map *im, double px, double py, double *x, double *y)
{
    lr_vec2 own = lr_affine_apply(im->to_own, scene_at(f, px, py));
    double u = (own.x - im->rect.x0) / (im->rect.x1 - im->rect.x0), v = (own.y - im->rect.y0) / (im->rect.y1 - im->rect.y0);
    *x = im->domain[0] + u * (im->domain[2] - im->domain[0]);
    *y = im->domain[1] + v * (im->domain[3] - im->domain[1]);
}

/* The pixel positions of the image's domain point (x, y). */
static void pixel_at_domain(const frame *f, const lr_mobject *m, double x, double y, double *px, double *py)
{
    const float *d = m->image_fn->domain;
    lr_rect r = m->image_rect;
    lr_vec2 own = {(float)(r.x0 + (x - d[0]) / (d[2] - d[0]) * (r.x1 - r.x0)),
                   (float)(r.y0 + (y - d[1]) / (d[3] - d[1]) * (r.y1 - r.y0))};
    pixel_of(f, lr_affine_apply(lr_mobject_world_transform(m), own), px, py);
}

/* ---- the domain colouring, as docs/scene-spec.md states it ---- */

static void rgb_to_hl(const uint8_t *p, double *hue, double *light)
{
    double r = p[0] / 255.0, g = p[1] / 255.0, b = p[2] / 255.0;
    double mx = fmax(r, fmax(g, b)), mn = fmin(r, fmin(g, b)), d = mx - mn;
    *light = (mx + mn) * 0.5;
    if (d < 1e-9) {
        *hue = NAN;
        return;
    }
    double h = mx == r ? (g - b) / d : mx == g ? 2 + (b - r) / d : 4 + (r - g) / d;
    h /= 6;
    *hue = h < 0 ? h + 1 : h;
}

static double hue_distance(double a, double b)
{
    double d = fabs(a - b);
    d -= floor(d);
    return fmin(d, 1 - d);
}

/* rgb of hue arg f, lightness 2/pi atan|f|, and the contour shading. */
static void domain_rgb(double re, double im, bool contours, double rgb[3])
{
    double m = hypot(re, im), h = atan2(im, re) / (2 * PI), l = 2 / PI * atan(m);
    for (int c = 0; c < 3; c++) {
        double t = h + (c == 0 ? 0 : c == 1 ? 2.0 / 3 : 1.0 / 3);
        double k = fmin(fmax(fabs((t - floor(t)) * 6 - 3) - 1, 0), 1);
        rgb[c] = l + (k - 0.5) * (1 - fabs(2 * l - 1));
        if (contours) {
            double b = log2(m);
            rgb[c] *= 0.6 + 0.4 * (b - floor(b));
        }
    }
}

/* ---- every operation, real and complex ---- */

static const char *const real_exprs[] = {
    "x + y", "x - 2*y", "x * y", "x / (y + 2)", "x^3", "abs(x)^y", "(-2)^floor(3y)", "x^2 + y^2", "-x",
    "sin(2x)", "cos(x*y)", "tan(x/2)", "asin(x/2)", "acos(x)", "atan(3x)", "atan2(y, x)", "sinh(x)", "cosh(y)",
    "tanh(2x)", "exp(x)", "log(x)", "ln(abs(y) + 0.1)", "log10(x^2 + 0.01)", "sqrt(x)", "abs(x - y)", "floor(2x)",
    "ceil(2y)", "round(3x)", "sign(x*y)", "min(x, y)", "max(x, y)", "clamp(x, -1, 0.5)", "mod(3x, 1.3)",
    "hypot(x, y)", "lerp(x, y, 0.25)", "norm([x, y] - [0.5, 0.2])", "angle([x, y])", "dist([x, y], [1, -1])",
    "dot([x, y], [2, -1])", "rotate([x, y], 0.7).x", "lerp([x, y], [1, 2], 0.3).y", "unit(x).y",
    "(2 [x, y] - [x, 1] / 2).y", "(-[x, y]).x + [x, y].y", "re(exp(complex(x, y)))", "im(complex(x, y)^3)",
    "abs(complex(x, y) - 1)", "arg(complex(x, y))", "arg(x)", "im(x) + re(x)", "re(conj(x)) * 2",
    "point(complex(y, x)).x", "2 pi x + e - tau DEGREES",
};
#define NREAL (sizeof real_exprs / sizeof real_exprs[0])

static const char *const complex_exprs[] = {
    "z", "z^2", "z^3", "z^-2", "z^0.5", "z^(1 + i)", "2^z", "1/z", "(z - 1)/(z + 1)", "1 - z", "z - 1",
    "z + i", "2 + z", "2z", "z/2", "-z", "i*z*z", "conj(z)", "exp(z)", "log(z)", "sqrt(z)", "sin(z)",
    "cos(z)", "tan(z)", "sinh(z)", "cosh(z)", "tanh(z)", "exp(i*z)", "complex(re(z)^2, im(z))",
    "complex(point(z).y, abs(z))", "z^0 + z", "z*3 + 2i",
};
#define NCOMPLEX (sizeof complex_exprs / sizeof complex_exprs[0])

#define GRID_COLS 9
#define REGION "'x_range': [-2, 2], 'y_range': [-1.5, 1.5], 'scale': 0.36"
/* Not a grey: where an expression has no value the background shows. */
#define BACKGROUND "#2040ff"

/* A section showing each expression of `list` as an image in a grid cell;
 * real ones black to white over [lo[i], hi[i]]. */
static char *grid_spec(const char *const *list, size_t n, bool complex, const double *lo, const double *hi)
{
    size_t cap = 64 * 1024, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len,
                            "{'version': 2, 'meta': {'width': 1280, 'height': 720, 'background': '" BACKGROUND
                            "'}, 'sections': [{'id': 's', 'title': 'ops', 'objects': [");
    for (size_t i = 0; i < n; i++) {
        double x = -6.3 + 1.55 * (double)(i % GRID_COLS), y = 2.5 - 1.2 * (double)(i / GRID_COLS);
        len += (size_t)snprintf(s + len, cap - len, "%s{'id': 'f%zu', 'type': 'function_image', '%s': '%s', " REGION
                                ", 'position': [%.3f, %.3f]",
                                i ? ", " : "", i, complex ? "f" : "expr", list[i], x, y);
        if (!complex)
            len += (size_t)snprintf(s + len, cap - len,
                                    ", 'colors': ['#000000', '#ffffff'], 'min_color_value': %.9g, 'max_color_value': %.9g",
                                    lo[i], hi[i]);
        len += (size_t)snprintf(s + len, cap - len, "}");
    }
    len += (size_t)snprintf(s + len, cap - len, "], 'timeline': [{'add': [");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(s + len, cap - len, "%s'f%zu'", i ? ", " : "", i);
    snprintf(s + len, cap - len, "]}, {'wait': 1}]}]}");
    return s;
}

/* The pixels of image `id` nearest to a grid of na x nb points of its
 * domain (the fractions u0 + du i, v0 + dv j of its width and height): the
 * pixel, the domain point of its centre and a pixel's step there. */
typedef struct sample {
    int ix, iy;
    double x, y, step;
} sample;

static int samples_of(const frame *f, const char *id, int na, double u0, double du, int nb, double v0, double dv,
                      sample *out)
{
    image_map im;
    const lr_mobject *m = image_of(lr_scene_find(f->scene, id));
    if (!m || !image_map_of(f, id, &im))
        return 0;
    int n = 0;
    for (int a = 0; a < na; a++)
        for (int b = 0; b < nb; b++, n++) {
            const float *d = m->image_fn->domain;
            double px, py, x1, y1;
            pixel_at_domain(f, m, d[0] + (d[2] - d[0]) * (u0 + du * a), d[1] + (d[3] - d[1]) * (v0 + dv * b), &px, &py);
            sample *s = &out[n];
            s->ix = (int)floor(px);
            s->iy = (int)floor(py);
            domain_at(f, &im, s->ix + 0.5, s->iy + 0.5, &s->x, &s->y);
            domain_at(f, &im, s->ix + 1.5, s->iy + 0.5, &x1, &y1);
            s->step = x1 - s->x;
        }
    return n;
}

/* Whether e jumps (or gains or loses its value) within half a pixel of
 * (x, y): there the GPU's float32 point may fall on the other side. */
static bool jumps_near(const lr_expr *e, double x, double y, double step, double tolerance)
{
    expr_value c = cpu_eval(e, x, y, 0);
    const double d[4][2] = {{step, 0}, {-step, 0}, {0, step}, {0, -step}};
    for (int k = 0; k < 4; k++) {
        expr_value v = cpu_eval(e, x + d[k][0], y + d[k][1], 0);
        if (isnan(v.x) != isnan(c.x) || hypot(v.x - c.x, v.y - c.y) > tolerance)
            return true;
    }
    return false;
}

static void check_real_ops(void)
{
    double lo[NREAL], hi[NREAL];
    lr_expr *ex[NREAL];
    for (size_t i = 0; i < NREAL; i++) {
        ex[i] = cpu_compile(real_exprs[i], false);
        lo[i] = INFINITY;
        hi[i] = -INFINITY;
        for (int a = 0; ex[i] && a <= 60; a++)
            for (int b = 0; b <= 60; b++) {
                double v = cpu_eval(ex[i], -2 + 4 * a / 60.0, -1.5 + 3 * b / 60.0, 0).x;
                if (isfinite(v)) {
                    lo[i] = fmin(lo[i], v);
                    hi[i] = fmax(hi[i], v);
                }
            }
        if (!(hi[i] > lo[i] + 1e-6)) {
            lo[i] = isfinite(lo[i]) ? lo[i] - 1 : 0;
            hi[i] = lo[i] + 2;
        }
    }
    char *spec = grid_spec(real_exprs, NREAL, false, lo, hi);
    frame f;
    if (frame_open(&f, spec, false) && frame_at(&f, 0.5)) {
        int checked = 0, holes = 0;
        for (size_t i = 0; i < NREAL; i++) {
            char id[16];
            snprintf(id, sizeof id, "f%zu", i);
            sample sm[20];
            int n = ex[i] ? samples_of(&f, id, 5, 0.1, 0.2, 4, 0.125, 0.25, sm) : 0, mine = 0;
            double range = hi[i] - lo[i];
            for (int k = 0; k < n; k++) {
                const sample *q = &sm[k];
                if (jumps_near(ex[i], q->x, q->y, 0.75 * q->step, 0.25 * range))
                    continue;
                double v = cpu_eval(ex[i], q->x, q->y, 0).x;
                const uint8_t *p = lrt_pixel(&f.img, q->ix, q->iy);
                if (isnan(v)) {
                    LRT_CHECK_MSG(p[0] == 0x20 && p[1] == 0x40 && p[2] == 0xff,
                                  "%s at (%.3f, %.3f): no value, but the pixel is %d %d %d", real_exprs[i], q->x, q->y,
                                  p[0], p[1], p[2]);
                    holes++;
                    continue;
                }
                double got = lo[i] + p[1] / 255.0 * range;
                LRT_CHECK_MSG(abs(p[0] - p[1]) <= 1 && abs(p[1] - p[2]) <= 1 && fabs(got - v) <= range * 1.6 / 255,
                              "%s at (%.4f, %.4f): the GPU's %.5f (pixel %d %d %d), the CPU's %.5f (range %g..%g)",
                              real_exprs[i], q->x, q->y, got, p[0], p[1], p[2], v, lo[i], hi[i]);
                mine++;
            }
            LRT_CHECK_MSG(mine >= 8, "%s: only %d pixels away from jumps", real_exprs[i], mine);
            checked += mine;
        }
        printf("real operations: %zu expressions, %d pixels against the CPU, %d where neither has a value\n", NREAL,
               checked, holes);
        LRT_CHECK(holes >= 10);
    }
    frame_close(&f);
    for (size_t i = 0; i < NREAL; i++)
        lr_expr_destroy(ex[i]);
    free(spec);
}

static void check_complex_ops(void)
{
    lr_expr *ex[NCOMPLEX];
    for (size_t i = 0; i < NCOMPLEX; i++)
        ex[i] = cpu_compile(complex_exprs[i], true);
    char *spec = grid_spec(complex_exprs, NCOMPLEX, true, NULL, NULL);
    frame f;
    if (frame_open(&f, spec, false) && frame_at(&f, 0.5)) {
        int checked = 0;
        for (size_t i = 0; i < NCOMPLEX; i++) {
            char id[16];
            snprintf(id, sizeof id, "f%zu", i);
            sample sm[30];
            int n = ex[i] ? samples_of(&f, id, 6, 0.08, 0.168, 5, 0.1, 0.2, sm) : 0, mine = 0;
            for (int k = 0; k < n; k++) {
                const sample *q = &sm[k];
                expr_value v = cpu_eval(ex[i], q->x, q->y, 0);
                double mag = hypot(v.x, v.y);
                /* Hue is read where the colour is far from black and white. */
                if (!(mag > 0.15 && mag < 6) || jumps_near(ex[i], q->x, q->y, 0.75 * q->step, 0.05 * mag))
                    continue;
                double hue, light, want_light = 2 / PI * atan(mag);
                rgb_to_hl(lrt_pixel(&f.img, q->ix, q->iy), &hue, &light);
                double want_hue = atan2(v.y, v.x) / (2 * PI);
                LRT_CHECK_MSG(hue_distance(hue, want_hue) < 0.012 && fabs(light - want_light) < 0.012,
                              "%s at (%.4f, %.4f): hue %.4f lightness %.4f, the CPU's f = %.4f%+.4fi: hue %.4f "
                              "lightness %.4f",
                              complex_exprs[i], q->x, q->y, hue, light, v.x, v.y, want_hue - floor(want_hue), want_light);
                mine++;
            }
            LRT_CHECK_MSG(mine >= 6, "%s: only %d pixels checked", complex_exprs[i], mine);
            checked += mine;
        }
        printf("complex operations: %zu expressions, %d pixels' hue and lightness against the CPU\n", NCOMPLEX, checked);
    }
    frame_close(&f);
    for (size_t i = 0; i < NCOMPLEX; i++)
        lr_expr_destroy(ex[i]);
    free(spec);
}

/* ---- a gradient, contours, the edge ---- */

#define SPEC(objects, timeline)                                                                                 \
    "{'version': 2, 'meta': {'quality': 'l'}, 'sections': [{'id': 's', 'title': 't', 'objects': [" objects     \
    "], 'timeline': [" timeline "]}]}"

static void check_gradient(void)
{
    /* expr = x from -3 to 3: RED at -1 and below, GREEN at 0, BLUE at 1
     * and above (#fc6255, #83c167, #58c4dd). */
    frame f;
    if (frame_open(&f, SPEC("{'id': 'g', 'type': 'function_image', 'expr': 'x', 'x_range': [-3, 3], 'y_range': [-1, 1], "
                            "'colors': ['RED', 'GREEN', 'BLUE'], 'min_color_value': -1, 'max_color_value': 1}",
                            "{'add': ['g']}, {'wait': 1}"),
                   false) &&
        frame_at(&f, 0.5)) {
        const double stops[3][3] = {{0xfc, 0x62, 0x55}, {0x83, 0xc1, 0x67}, {0x58, 0xc4, 0xdd}};
        const double xs[] = {-2.5, -1.2, -0.75, -0.5, -0.2, 0.1, 0.4, 0.9, 1.5, 2.8};
        for (size_t k = 0; k < sizeof xs / sizeof xs[0]; k++) {
            double px, py;
            pixel_of(&f, (lr_vec2){(float)xs[k], 0.3f}, &px, &py);
            int ix = (int)floor(px), iy = (int)floor(py);
            double x = scene_at(&f, ix + 0.5, iy + 0.5).x;
            double a = (fmin(fmax(x, -1), 1) + 1) * 0.5 * 2;
            int s = a >= 1 ? 1 : 0;
            double u = a - s;
            const uint8_t *p = lrt_pixel(&f.img, ix, iy);
            for (int c = 0; c < 3; c++) {
                double want = stops[s][c] + (stops[s + 1][c] - stops[s][c]) * u;
                LRT_CHECK_MSG(fabs(p[c] - want) <= 2.0, "gradient at x = %.4f, channel %d: %d, expected %.1f", x, c, p[c],
                              want);
            }
        }
    }
    frame_close(&f);
}

static void check_contours(void)
{
    /* f = z over the scene's own coordinates, with and without bands: the
     * colour the documented mapping gives at points along rays. */
    for (int bands = 0; bands < 2; bands++) {
        char text[600];
        snprintf(text, sizeof text,
                 SPEC("{'id': 'd', 'type': 'function_image', 'f': 'z', 'x_range': [-3, 3], 'y_range': [-2, 2], "
                      "'contours': %s}",
                      "{'add': ['d']}, {'wait': 1}"),
                 bands ? "true" : "false");
        frame f;
        if (frame_open(&f, text, false) && frame_at(&f, 0.5)) {
            int checked = 0;
            for (int r = 0; r < 24; r++)
                for (int a = 0; a < 5; a++) {
                    double rad = 0.2 + 0.07 * r, ang = 0.3 + 1.2 * a, px, py;
                    pixel_of(&f, (lr_vec2){(float)(rad * cos(ang)), (float)(rad * sin(ang))}, &px, &py);
                    int ix = (int)floor(px), iy = (int)floor(py);
                    lr_vec2 z = scene_at(&f, ix + 0.5, iy + 0.5);
                    double band = log2(hypot(z.x, z.y));
                    if (fabs(band - floor(band) - 0.5) > 0.4)
                        continue; /* the band's antialiased edge */
                    double want[3];
                    domain_rgb(z.x, z.y, bands, want);
                    const uint8_t *p = lrt_pixel(&f.img, ix, iy);
                    LRT_CHECK_MSG(fabs(p[0] - 255 * want[0]) <= 3 && fabs(p[1] - 255 * want[1]) <= 3 &&
                                      fabs(p[2] - 255 * want[2]) <= 3,
                                  "contours %d at z = %.3f%+.3fi: %d %d %d, expected %.1f %.1f %.1f", bands, z.x, z.y, p[0],
                                  p[1], p[2], 255 * want[0], 255 * want[1], 255 * want[2]);
                    checked++;
                }
            LRT_CHECK(checked > 60);
            /* Across a band's edge (|z| = 1 on the positive reals) the
             * shading drops from all to 0.6: a dark step outward. */
            double p0x, p0y, p1x, p1y;
            pixel_of(&f, (lr_vec2){0.93f, 0.02f}, &p0x, &p0y);
            pixel_of(&f, (lr_vec2){1.07f, 0.02f}, &p1x, &p1y);
            int in = lrt_pixel(&f.img, (int)p0x, (int)p0y)[0], out = lrt_pixel(&f.img, (int)p1x, (int)p1y)[0];
            if (bands)
                LRT_CHECK_MSG(out < in * 0.8, "no band edge at |z| = 1: red %d inside, %d outside", in, out);
            else
                LRT_CHECK_MSG(out >= in, "lightness falls outward without contours: %d inside, %d outside", in, out);
        }
        frame_close(&f);
    }
}

/* The left side of a white region put exactly on a pixel's centre, its
 * bottom side a quarter of a pixel above one: those pixels are half and a
 * quarter covered (the latter only drawn because the region is grown by
 * its antialiasing rim), the next ones in full, the ones before not at all. */
static void check_edge(void)
{
    /* quality l: 854 x 480, 60 pixels a unit; pixel 400's centre is at x =
     * (400.5 - 427) / 60, and row 301's at y = (240 - 301.5) / 60. */
    char text[700];
    double x0 = (400.5 - 427) / 60, y0 = (240 - 301.25) / 60;
    snprintf(text, sizeof text,
             SPEC("{'id': 'w', 'type': 'function_image', 'expr': '1', 'x_range': [%.9f, %.9f], 'y_range': [%.9f, %.9f], "
                  "'colors': ['WHITE', 'WHITE']}",
                  "{'add': ['w']}, {'wait': 1}"),
             x0, x0 + 2, y0, y0 + 2);
    frame f;
    if (frame_open(&f, text, false) && frame_at(&f, 0.5)) {
        const uint8_t *edge = lrt_pixel(&f.img, 400, 280), *in = lrt_pixel(&f.img, 401, 280), *out = lrt_pixel(&f.img, 399, 280);
        LRT_CHECK_MSG(abs(edge[0] - 128) <= 8 && in[0] >= 250 && out[0] <= 3, "left side: %d %d %d", out[0], edge[0],
                      in[0]);
        const uint8_t *bottom = lrt_pixel(&f.img, 420, 301), *above = lrt_pixel(&f.img, 420, 300),
                      *below = lrt_pixel(&f.img, 420, 302);
        LRT_CHECK_MSG(abs(bottom[0] - 64) <= 8 && above[0] >= 250 && below[0] <= 3, "bottom side: %d %d %d", below[0],
                      bottom[0], above[0]);
        const uint8_t *corner = lrt_pixel(&f.img, 400, 301);
        LRT_CHECK_MSG(abs(corner[0] - 32) <= 8, "corner %d (an eighth covered)", corner[0]);
    }
    frame_close(&f);
}

/* ---- on planes: their coordinates ---- */

#define ZEROS "(z - (0.7 + 0.4i))*(z + 1.3 + 0.9i)"
#define ZERO_A 0.7, 0.4
#define ZERO_B -1.3, -0.9

/* `on`: "plane" or "in". */
static void check_on_plane(const char *plane_fields, const char *on, const char *what)
{
    char text[2000];
    snprintf(text, sizeof text,
             SPEC("{'id': 'cp', 'type': 'complex_plane', 'x_range': [-3, 3, 1], 'y_range': [-2, 2, 1], %s}, "
                  "{'id': 'dc', 'type': 'function_image', '%s': 'cp', 'f': '" ZEROS "'}, "
                  "{'id': 'o', 'type': 'dot', 'position': 'cp.c2p(0, 0)'}, {'id': 'u', 'type': 'dot', 'position': "
                  "'cp.c2p(1, 0)'}, {'id': 'v', 'type': 'dot', 'position': 'cp.c2p(0, 1)'}, "
                  "{'id': 'a', 'type': 'dot', 'position': 'cp.c2p(0.7, 0.4)'}, "
                  "{'id': 'b', 'type': 'dot', 'position': 'cp.c2p(-1.3, -0.9)'}",
                  "{'add': ['cp', 'dc']}, {'wait': 1}"),
             plane_fields, on);
    frame f;
    if (!frame_open(&f, text, false) || !frame_at(&f, 0.5)) {
        frame_close(&f);
        return;
    }
    /* The plane's coordinates as the plane gives them (c2p), and back. */
    lr_vec2 o = spec_center_of(f.scene, "o"), u = spec_center_of(f.scene, "u"), v = spec_center_of(f.scene, "v");
    lr_affine c2p = {u.x - o.x, u.y - o.y, v.x - o.x, v.y - o.y, o.x, o.y}, p2c;
    LRT_CHECK(lr_affine_invert(c2p, &p2c));
    lr_expr *e = cpu_compile(ZEROS, true);
    /* The pixel at plane point p has the colour of f at the plane point of
     * its centre. */
    int checked = 0;
    for (int a = 0; a < 13 && e; a++)
        for (int b = 0; b < 9; b++) {
            double px, py;
            pixel_of(&f, lr_affine_apply(c2p, (lr_vec2){(float)(-2.8 + 0.46 * a), (float)(-1.85 + 0.46 * b)}), &px, &py);
            int ix = (int)floor(px), iy = (int)floor(py);
            lr_vec2 q = lr_affine_apply(p2c, scene_at(&f, ix + 0.5, iy + 0.5));
            /* Away from the grid's lines and the axes, drawn over it. */
            if (fabs(q.x - round(q.x)) < 0.1 || fabs(q.y - round(q.y)) < 0.1)
                continue;
            expr_value w = cpu_eval(e, q.x, q.y, 0);
            double mag = hypot(w.x, w.y);
            if (!(mag > 0.15 && mag < 6))
                continue;
            double hue, light, want = atan2(w.y, w.x) / (2 * PI);
            rgb_to_hl(lrt_pixel(&f.img, ix, iy), &hue, &light);
            LRT_CHECK_MSG(hue_distance(hue, want) < 0.012 && fabs(light - 2 / PI * atan(mag)) < 0.012,
                          "%s: plane point (%.3f, %.3f): hue %.4f lightness %.4f, f's %.4f and %.4f", what, q.x, q.y,
                          hue, light, want - floor(want), 2 / PI * atan(mag));
            checked++;
        }
    LRT_CHECK_MSG(checked >= 40, "%s: %d plane points checked", what, checked);
    /* The plane's grid (black here) is drawn over the colours, though the
     * image is declared after it: the image is the plane's background. */
    const float on_lines[][2] = {{1, -1.5f}, {1, 1.5f}, {-2, 1.4f}, {2.5f, 1}, {-2.5f, -1}, {2, -1.6f}};
    for (size_t k = 0; e && k < sizeof on_lines / sizeof on_lines[0]; k++) {
        double px, py, want[3];
        pixel_of(&f, lr_affine_apply(c2p, (lr_vec2){on_lines[k][0], on_lines[k][1]}), &px, &py);
        lr_vec2 q = lr_affine_apply(p2c, scene_at(&f, floor(px) + 0.5, floor(py) + 0.5));
        expr_value w = cpu_eval(e, q.x, q.y, 0);
        domain_rgb(w.x, w.y, false, want);
        const uint8_t *p = lrt_pixel(&f.img, (int)px, (int)py);
        LRT_CHECK_MSG(p[0] + p[1] + p[2] < 0.75 * 255 * (want[0] + want[1] + want[2]),
                      "%s: no grid line over the image at plane point (%g, %g): %d %d %d where f's colour is %.0f %.0f "
                      "%.0f",
                      what, on_lines[k][0], on_lines[k][1], p[0], p[1], p[2], 255 * want[0], 255 * want[1],
                      255 * want[2]);
    }
    /* The zeros are where the plane puts them: the darkest pixel near
     * c2p(a) is the pixel c2p(a) falls in, or next to it. */
    const char *zeros[2] = {"a", "b"};
    for (int k = 0; k < 2; k++) {
        double zx, zy;
        pixel_of(&f, spec_center_of(f.scene, zeros[k]), &zx, &zy);
        int best = 1 << 20, bx = 0, by = 0;
        for (int y = (int)zy - 8; y <= (int)zy + 8; y++)
            for (int x = (int)zx - 8; x <= (int)zx + 8; x++) {
                const uint8_t *p = lrt_pixel(&f.img, x, y);
                if (p[0] + p[1] + p[2] < best) {
                    best = p[0] + p[1] + p[2];
                    bx = x;
                    by = y;
                }
            }
        LRT_CHECK_MSG(fabs(bx + 0.5 - zx) <= 1.0 && fabs(by + 0.5 - zy) <= 1.0 && best < 30,
                      "%s: the zero %s is at pixel (%d, %d) (sum %d), c2p puts it at (%.2f, %.2f)", what, zeros[k], bx,
                      by, best, zx, zy);
    }
    lr_expr_destroy(e);
    frame_close(&f);
}

/* ---- time, the kept layer, full redraws ---- */

#define LAYERED(expr)                                                                                              \
    SPEC("{'id': 'sq', 'type': 'square', 'fill_opacity': 1, 'position': [-4, 0]}, "                                 \
         "{'id': 'k', 'type': 'value', 'value': 0.2}, "                                                            \
         "{'id': 'img', 'type': 'function_image', 'expr': '" expr "', 'x_range': [-1, 1], 'y_range': [-1, 1], "      \
         "'position': [1, 0], 'min_color_value': -2, 'max_color_value': 2}, "                                       \
         "{'id': 'd', 'type': 'dot', 'point': [4, -1]}",                                                           \
         "{'add': ['sq', 'img', 'd']}, {'play': [{'anim': 'Shift', 'target': 'd', 'by': [0, 2]}], 'run_time': 1}")

#define LAYERED_FRAMES 4
typedef struct layered {
    uint32_t reused[LAYERED_FRAMES];
    uint8_t image_px[LAYERED_FRAMES][4]; /* in the image */
    bool same_as_full[LAYERED_FRAMES];
} layered;

static void run_layered(const char *text, layered *out)
{
    memset(out, 0, sizeof *out);
    frame f, full;
    bool ok = frame_open(&f, text, false) && frame_open(&full, text, true);
    const double times[LAYERED_FRAMES] = {0.3, 0.4, 0.5, 0.6};
    for (int k = 0; ok && k < LAYERED_FRAMES; k++) {
        if (!frame_at(&f, times[k]) || !frame_at(&full, times[k]))
            break;
        out->reused[k] = lr_context_last_timing(f.ctx).reused_paths;
        double px, py;
        pixel_of(&f, (lr_vec2){1.3f, 0.2f}, &px, &py);
        memcpy(out->image_px[k], lrt_pixel(&f.img, (int)px, (int)py), 4);
        bool same = f.img.width == full.img.width && f.img.height == full.img.height;
        for (int y = 0; same && y < f.img.height; y++)
            same = memcmp(f.img.pixels + (size_t)y * (size_t)f.img.stride,
                          full.img.pixels + (size_t)y * (size_t)full.img.stride, (size_t)f.img.width * 4) == 0;
        out->same_as_full[k] = same;
    }
    frame_close(&f);
    frame_close(&full);
}

static void check_layer(void)
{
    layered still, moving, driven;
    run_layered(LAYERED("x*y"), &still);
    run_layered(LAYERED("x*y + sin(3*time)"), &moving);
    /* A value that does not change in these frames: nothing redraws it. */
    run_layered(LAYERED("x*y + k"), &driven);
    for (int k = 0; k < LAYERED_FRAMES; k++) {
        LRT_CHECK_MSG(still.same_as_full[k] && moving.same_as_full[k] && driven.same_as_full[k],
                      "frame %d differs from a full redraw (still %d, moving %d, driven %d)", k, still.same_as_full[k],
                      moving.same_as_full[k], driven.same_as_full[k]);
    }
    for (int k = 1; k < LAYERED_FRAMES; k++) {
        LRT_CHECK(memcmp(still.image_px[k], still.image_px[0], 4) == 0);
        LRT_CHECK_MSG(memcmp(moving.image_px[k], moving.image_px[k - 1], 4) != 0,
                      "the image that reads time did not change from frame %d to %d (%d %d %d)", k - 1, k,
                      moving.image_px[k][0], moving.image_px[k][1], moving.image_px[k][2]);
    }
    /* From the third frame on (the second keeps the bottom the first two
     * share), the still image is kept with everything under it; the one
     * that reads time is drawn again, and the layer ends below it. */
    for (int k = 2; k < LAYERED_FRAMES; k++) {
        LRT_CHECK_MSG(moving.reused[k] >= 1 && still.reused[k] == moving.reused[k] + 1,
                      "frame %d: %u paths reused under a still image, %u under one that reads time", k, still.reused[k],
                      moving.reused[k]);
        LRT_CHECK_MSG(driven.reused[k] == still.reused[k], "frame %d: %u reused with a still value, %u without", k,
                      driven.reused[k], still.reused[k]);
    }
    printf("kept layer: %u paths reused under a still image, %u under one that reads time\n",
           still.reused[LAYERED_FRAMES - 1], moving.reused[LAYERED_FRAMES - 1]);
}

/* ---- the validator ---- */

#define PLANE "{'id': 'k', 'type': 'value'}, {'id': 'sq', 'type': 'square'}, {'id': 'pl', 'type': 'number_plane'}, "
#define IMG(fields) SPEC(PLANE "{'id': 'd', 'type': 'function_image', " fields "}", "{'wait': 1}")
#define AT "sections[0].objects[3]"

static void check_errors(void)
{
    /* The image's fields, where the error is (after AT) and what it says. */
    static const char *const cases[][3] = {
        {"'f': 'x^2'", ".f", "unknown name \"x\" (did you mean \"z\"?"},
        {"'expr': 'z^2'", ".expr", "unknown name \"z\""},
        {"'f': 'z*kk'", ".f", "unknown name \"kk\" (did you mean \"k\"?"},
        {"'expr': 'x + i*y'", ".expr", "is a complex number, expected a number"},
        {"'f': 'point(z)'", ".f", "is a point, expected a complex number"},
        {"'expr': '[x, y]'", ".expr", "is a point, expected a number"},
        {"'f': 'z + complex(sq.center)'", ".f", "cannot be computed on the GPU"},
        {"'expr': 'x + pl.c2p(x, y).y'", ".expr", "cannot be computed on the GPU"},
        {"'x_range': [0, 1]", "", "needs exactly one of \"f\""},
        {"'f': 'z', 'expr': 'x'", "", "needs exactly one of \"f\""},
        {"'f': 'z', 'colors': ['RED', 'BLUE']", ".colors", "colours expr's gradient"},
        {"'f': 'z', 'max_color_value': 3", ".max_color_value", "colours expr's gradient"},
        {"'expr': 'x', 'contours': true", ".contours", "bands of |f|"},
        {"'f': 'z', 'x_range': [0, 1, 0.5]", ".x_range", "a step means nothing"},
        {"'f': 'z', 'y_range': [1, 0]", ".y_range", "expected min < max"},
        {"'f': 'z', 'plane': 'pl', 'in': 'pl'", ".in", "give one of \"in\""},
        {"'f': 'z', 'plane': 'pl', 'at': 'A1'", ".at", "lines up with its coordinates"},
        {"'f': 'z', 'in': 'pl', 'position': [0, 1]", ".position", "lines up with its coordinates"},
        {"'f': 'z', 'in': 'sq'", ".in", "expected one of: axes|number_plane|complex_plane"},
        {"'f': 'z', 'plane': 'sq'", ".plane", "expected one of: number_plane|complex_plane"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[800], path[80];
        snprintf(text, sizeof text, IMG("%s"), cases[i][0]);
        snprintf(path, sizeof path, AT "%s", cases[i][1]);
        spec_check_error(text, path, cases[i][2]);
    }
    spec_check_error("{'version': 1, 'sections': [{'id': 's', 'title': 't', 'objects': [{'id': 'd', 'type': "
                 "'function_image', 'f': 'z'}], 'timeline': [{'wait': 1}]}]}",
                     "sections[0].objects[0].type", "new in version 2");
}

int main(void)
{
    check_errors();
    check_gradient();
    check_contours();
    check_edge();
    check_real_ops();
    check_complex_ops();
    check_on_plane("'area': ['B2', 'E5'], 'include_numbers': false, 'line_color': 'BLACK'", "plane",
                   "a plane placed by area");
    check_on_plane("'x_length': 5, 'position': [-1, -0.5], 'matrix': [[1, 0.5], [-0.2, 1.1]], 'include_numbers': false, "
                   "'line_color': 'BLACK'",
                   "plane", "a sheared plane");
    check_on_plane("'x_length': 5, 'y_length': 3, 'position': [1, 0.3], 'include_numbers': false, 'line_color': 'BLACK'",
                   "in", "axes stretched unevenly, \"in\"");
    check_layer();
    return lrt_finish("spec_function_image");
}
