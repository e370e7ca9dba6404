/* The 3D layer (lr_mesh.h), rendered through whatever EGL offers:
 * projection against an independent copy of Manim's ThreeDCamera, a
 * sphere's silhouette, depth where surfaces cross, Lambert shading,
 * translucent surfaces in order, antialiased outlines, and its place among
 * 2D paths (also under the kept bottom layer). */
#include "gpu_test_util.h"

#include <string.h>

#define W 854
#define H 480
#define K ((double)H / 8.0) /* pixels per unit under the default 2D camera */
#define DEG (3.14159265358979 / 180.0)

/* Manim's ThreeDCamera.project_points, written out again in doubles:
 * R = Rz(gamma) Rx(-phi) Rz(-theta - 90 deg), then zoom * d / (d - z). */
static void manim_project(double phi, double theta, double gamma, double zoom, double d, const double p[3],
                          double out[2])
{
    double a = -theta - 90 * DEG;
    double x = cos(a) * p[0] - sin(a) * p[1], y = sin(a) * p[0] + cos(a) * p[1], z = p[2];
    double b = -phi;
    double y2 = cos(b) * y - sin(b) * z, z2 = sin(b) * y + cos(b) * z;
    double x3 = cos(gamma) * x - sin(gamma) * y2, y3 = sin(gamma) * x + cos(gamma) * y2;
    double f = zoom * d / (d - z2);
    out[0] = x3 * f;
    out[1] = y3 * f;
}

static lr_camera3d camera(double phi, double theta, double gamma, double zoom, double d)
{
    lr_camera3d c = lr_camera3d_default();
    c.phi = (float)(phi * DEG);
    c.theta = (float)(theta * DEG);
    c.gamma = (float)(gamma * DEG);
    c.zoom = (float)zoom;
    c.focal_distance = (float)d;
    return c;
}

/* A UV sphere (Manim's Sphere: radius * (cos u sin v, sin u sin v, -cos v))
 * in one colour. */
static lr_mesh *sphere_mesh(lr_vec3 c, float r, int nu, int nv, lr_color color, bool lit)
{
    lr_vec3 *pts = malloc(sizeof *pts * (size_t)(nu + 1) * (size_t)(nv + 1));
    lr_color *cols = malloc(sizeof *cols * (size_t)nu * (size_t)nv);
    for (int j = 0; j <= nv; j++)
        for (int i = 0; i <= nu; i++) {
            float u = 2.0f * GT_PI * (float)i / (float)nu, v = GT_PI * (float)j / (float)nv;
            pts[j * (nu + 1) + i] =
                (lr_vec3){c.x + r * cosf(u) * sinf(v), c.y + r * sinf(u) * sinf(v), c.z - r * cosf(v)};
        }
    for (int i = 0; i < nu * nv; i++)
        cols[i] = color;
    lr_mesh *m = lr_mesh_create();
    LRT_CHECK_OK(lr_mesh_add_grid(m, pts, nu, nv, cols, 0.0f, color));
    lr_mesh_set_lit(m, lit);
    free(pts);
    free(cols);
    return m;
}

/* A flat rectangle [x0, x1] x [y0, y1] at height z0 + slope * x. */
static lr_mesh *plane_mesh(float x0, float x1, float y0, float y1, float z0, float slope, lr_color color)
{
    enum { N = 8 };
    lr_vec3 pts[(N + 1) * (N + 1)];
    lr_color cols[N * N];
    for (int j = 0; j <= N; j++)
        for (int i = 0; i <= N; i++) {
            float x = x0 + (x1 - x0) * (float)i / N, y = y0 + (y1 - y0) * (float)j / N;
            pts[j * (N + 1) + i] = (lr_vec3){x, y, z0 + slope * x};
        }
    for (int i = 0; i < N * N; i++)
        cols[i] = color;
    lr_mesh *m = lr_mesh_create();
    LRT_CHECK_OK(lr_mesh_add_grid(m, pts, N, N, cols, 0.0f, color));
    lr_mesh_set_lit(m, false);
    return m;
}

static void add_mesh(lr_scene *sc, lr_mesh *m)
{
    lr_mobject *mo = lr_mobject_create_mesh(m);
    LRT_CHECK(mo != NULL);
    lr_scene_add(sc, mo);
    lr_mesh_destroy(m);
}

static bool render(lr_context *ctx, lr_scene *sc, lr_image *img)
{
    lr_error err;
    lr_status s = lr_context_render(ctx, sc, img, &err);
    LRT_CHECK_MSG(s == LR_OK, "render: %s", err.message);
    return s == LR_OK;
}

/* Luminance-weighted centroid, in the 2D frame's scene units. */
static void centroid(const lr_image *img, double *x, double *y)
{
    double sw = 0, sx = 0, sy = 0;
    for (int j = 0; j < img->height; j++)
        for (int i = 0; i < img->width; i++) {
            double w = lrt_pixel(img, i, j)[1];
            sw += w;
            sx += w * (i + 0.5);
            sy += w * (j + 0.5);
        }
    *x = sw > 0 ? (sx / sw - W / 2.0) / K : NAN;
    *y = sw > 0 ? (H / 2.0 - sy / sw) / K : NAN;
}

static const lr_color white = {1, 1, 1, 1};

/* Known points land where Manim's camera puts them, for dots (laid out on
 * the CPU) and for small spheres (projected by the vertex shader). */
static void test_projection(lr_context *ctx)
{
    static const double cams[4][5] = {
        {0, -90, 0, 1, 20}, {60, -30, 0, 1, 20}, {75, 30, 10, 1.5, 12}, {120, -200, -25, 0.7, 9}};
    static const double pts[3][3] = {{2, 1, 0}, {1, -1.5, 2}, {-2.5, 0.5, -1}};
    for (int c = 0; c < 4; c++)
        for (int p = 0; p < 3; p++) {
            const double *q = cams[c];
            lr_camera3d cam = camera(q[0], q[1], q[2], q[3], q[4]);
            double want[2];
            manim_project(q[0] * DEG, q[1] * DEG, q[2] * DEG, q[3], q[4], pts[p], want);
            lr_vec3 P = {(float)pts[p][0], (float)pts[p][1], (float)pts[p][2]};
            lr_vec3 got = lr_camera3d_project(&cam, P);
            LRT_CHECK_NEAR(got.x, want[0], 1e-4);
            LRT_CHECK_NEAR(got.y, want[1], 1e-4);
            for (int kind = 0; kind < 2; kind++) {
                lr_scene *sc = lr_scene_create();
                LRT_CHECK_OK(lr_scene_set_camera3d(sc, &cam));
                lr_mesh *m;
                if (kind == 0) {
                    m = lr_mesh_create();
                    LRT_CHECK_OK(lr_mesh_add_dot(m, P, 0.06f, white));
                } else {
                    m = sphere_mesh(P, 0.06f, 16, 8, white, false);
                }
                add_mesh(sc, m);
                lr_image img = {0};
                if (render(ctx, sc, &img)) {
                    double x, y;
                    centroid(&img, &x, &y);
                    LRT_CHECK_MSG(fabs(x - want[0]) * K <= 1.0 && fabs(y - want[1]) * K <= 1.0,
                                  "camera %d, point %d, %s: at (%.3f, %.3f) px off", c, p, kind ? "sphere" : "dot",
                                  (x - want[0]) * K, (y - want[1]) * K);
                }
                lr_image_free(&img);
                lr_scene_destroy(sc);
            }
        }

    /* The default camera is the 2D view: a dot at (x, y, 0) lands where a
     * 2D circle at (x, y) does. */
    lr_scene *a = lr_scene_create(), *b = lr_scene_create();
    lr_mesh *m = lr_mesh_create();
    LRT_CHECK_OK(lr_mesh_add_dot(m, (lr_vec3){-3.2f, 1.7f, 0}, 0.2f, white));
    add_mesh(a, m);
    lr_path circle = {0};
    gt_circle(&circle, (lr_vec2){-3.2f, 1.7f}, 0.2f, false);
    gt_add(b, &circle, gt_fill_style(white));
    lr_path_free(&circle);
    lr_image ia = {0}, ib = {0};
    if (render(ctx, a, &ia) && render(ctx, b, &ib)) {
        double ax, ay, bx, by;
        centroid(&ia, &ax, &ay);
        centroid(&ib, &bx, &by);
        LRT_CHECK_NEAR(ax * K, bx * K, 0.05);
        LRT_CHECK_NEAR(ay * K, by * K, 0.05);
        LRT_CHECK_NEAR(gt_channel_sum(&ia, 1), gt_channel_sum(&ib, 1), 0.01 * gt_channel_sum(&ib, 1));
    }
    lr_image_free(&ia);
    lr_image_free(&ib);
    lr_scene_destroy(a);
    lr_scene_destroy(b);
}

/* A sphere at the point looked at is seen as a circle of radius
 * zoom * d r / sqrt(d^2 - r^2) (the cone of sight from the eye touching it),
 * its coverage summing to that circle's area, with an antialiased outline. */
static void test_silhouette(lr_context *ctx)
{
    static const double cams[2][5] = {{0, -90, 0, 1, 20}, {70, -135, 0, 1.3, 15}};
    for (int c = 0; c < 2; c++) {
        const double *q = cams[c];
        lr_camera3d cam = camera(q[0], q[1], q[2], q[3], q[4]);
        double r = 2.0, d = q[4];
        double want = q[3] * d * r / sqrt(d * d - r * r) * K;
        lr_scene *sc = lr_scene_create();
        LRT_CHECK_OK(lr_scene_set_camera3d(sc, &cam));
        add_mesh(sc, sphere_mesh((lr_vec3){0, 0, 0}, (float)r, 128, 64, white, false));
        lr_image img = {0};
        if (render(ctx, sc, &img)) {
            double sum = gt_channel_sum(&img, 1);
            LRT_CHECK_MSG(fabs(sqrt(sum / GT_PI) - want) <= 0.2, "camera %d: coverage radius %.2f px, expected %.2f",
                          c, sqrt(sum / GT_PI), want);
            /* Where the outline crosses half coverage along 90 rays. */
            double worst = 0;
            for (int k = 0; k < 90; k++) {
                double a = 2 * GT_PI * k / 90, ux = cos(a), uy = sin(a), prev = 1.0, rad = NAN;
                for (double s = want - 4; s <= want + 4; s += 0.05) {
                    int px = (int)floor(W / 2.0 + ux * s), py = (int)floor(H / 2.0 - uy * s);
                    double v = lrt_pixel(&img, px, py)[1] / 255.0;
                    if (prev >= 0.5 && v < 0.5) {
                        rad = s;
                        break;
                    }
                    prev = v;
                }
                worst = fmax(worst, isnan(rad) ? 99 : fabs(rad - want));
            }
            LRT_CHECK_MSG(worst <= 1.0, "camera %d: the outline is %.2f px off the circle at worst", c, worst);
            /* Antialiased: partly covered pixels all along the outline, on
             * both sides of it (about 0.87 px of its band counts here; the
             * outside alone would give 0.44). */
            int partial = 0;
            for (int j = 0; j < H; j++)
                for (int i = 0; i < W; i++) {
                    int v = lrt_pixel(&img, i, j)[1];
                    partial += v >= 16 && v <= 239;
                }
            LRT_CHECK_MSG(partial >= (int)(0.6 * 2 * GT_PI * want), "camera %d: %d partly covered pixels, expected %d", c,
                          partial, (int)(0.6 * 2 * GT_PI * want));
        }
        lr_image_free(&img);
        lr_scene_destroy(sc);
    }
}

/* Two planes crossing along x = 0: each is in front on its own side, in
 * whichever order they were added (a depth buffer, not drawing order). */
static void test_crossing(lr_context *ctx)
{
    lr_color red = {1, 0, 0, 1}, blue = {0, 0, 1, 1};
    for (int order = 0; order < 2; order++)
        for (int c = 0; c < 2; c++) {
            lr_scene *sc = lr_scene_create();
            lr_camera3d cam = c ? camera(60, -100, 0, 1, 20) : lr_camera3d_default();
            LRT_CHECK_OK(lr_scene_set_camera3d(sc, &cam));
            lr_mesh *a = plane_mesh(-2, 2, -1.5f, 1.5f, 0, 0.5f, red);  /* higher for x > 0 */
            lr_mesh *b = plane_mesh(-2, 2, -1.5f, 1.5f, 0, -0.5f, blue); /* higher for x < 0 */
            add_mesh(sc, order ? b : a);
            add_mesh(sc, order ? a : b);
            lr_image img = {0};
            if (render(ctx, sc, &img)) {
                for (int side = 0; side < 2; side++) {
                    double p[3] = {side ? 1.2 : -1.2, 0, side ? 0.6 : 0.6}, xy[2];
                    manim_project(c ? 60 * DEG : 0, c ? -100 * DEG : -90 * DEG, 0, 1, 20, p, xy);
                    const uint8_t *px = gt_scene_pixel(&img, (float)xy[0], (float)xy[1]);
                    if (side)
                        GT_CHECK_RGB(px, 255, 0, 0, 2);
                    else
                        GT_CHECK_RGB(px, 0, 0, 255, 2);
                }
            }
            lr_image_free(&img);
            lr_scene_destroy(sc);
        }
}

/* Lambert from the point light: the brightest spot of a lit sphere is where
 * its normal points most at the light, it follows the light, and the side
 * away from it keeps the ambient share. */
static void test_light(lr_context *ctx)
{
    static const float lights[2][3] = {{-7, -9, 10}, {6, -2, 5}};
    lr_color grey = {0.8f, 0.8f, 0.8f, 1};
    double spots[2][2];
    for (int l = 0; l < 2; l++) {
        lr_scene *sc = lr_scene_create();
        lr_camera3d cam = camera(60, -60, 0, 1, 20);
        cam.light = (lr_vec3){lights[l][0], lights[l][1], lights[l][2]};
        LRT_CHECK_OK(lr_scene_set_camera3d(sc, &cam));
        add_mesh(sc, sphere_mesh((lr_vec3){0, 0, 0}, 2.0f, 96, 48, grey, true));
        /* Where n . (L - p) / |L - p| is largest over the sphere. */
        double best = -2, bp[3] = {0, 0, 0};
        for (int i = 0; i < 400; i++)
            for (int j = 0; j <= 200; j++) {
                double u = 2 * GT_PI * i / 400, v = GT_PI * j / 200;
                double n[3] = {cos(u) * sin(v), sin(u) * sin(v), -cos(v)};
                double p[3] = {2 * n[0], 2 * n[1], 2 * n[2]};
                double L[3] = {lights[l][0] - p[0], lights[l][1] - p[1], lights[l][2] - p[2]};
                double s = (n[0] * L[0] + n[1] * L[1] + n[2] * L[2]) / sqrt(L[0] * L[0] + L[1] * L[1] + L[2] * L[2]);
                if (s > best) {
                    best = s;
                    memcpy(bp, p, sizeof bp);
                }
            }
        double want[2];
        manim_project(60 * DEG, -60 * DEG, 0, 1, 20, bp, want);
        lr_image img = {0};
        if (render(ctx, sc, &img)) {
            int top = 0;
            for (int j = 0; j < H; j++)
                for (int i = 0; i < W; i++)
                    top = lrt_pixel(&img, i, j)[1] > top ? lrt_pixel(&img, i, j)[1] : top;
            LRT_CHECK_MSG(abs(top - 204) <= 3, "light %d: brightest %d, expected 204 (0.8 lit fully)", l, top);
            double sw = 0, sx = 0, sy = 0;
            for (int j = 0; j < H; j++)
                for (int i = 0; i < W; i++)
                    if (lrt_pixel(&img, i, j)[1] >= top - 2) {
                        sw += 1;
                        sx += i + 0.5;
                        sy += j + 0.5;
                    }
            double x = (sx / sw - W / 2.0) / K, y = (H / 2.0 - sy / sw) / K;
            spots[l][0] = x;
            spots[l][1] = y;
            LRT_CHECK_MSG(hypot(x - want[0], y - want[1]) * K <= 4.0,
                          "light %d: brightest at (%.3f, %.3f), expected (%.3f, %.3f)", l, x, y, want[0], want[1]);
        }
        lr_image_free(&img);
        lr_scene_destroy(sc);
    }
    LRT_CHECK(hypot(spots[0][0] - spots[1][0], spots[0][1] - spots[1][1]) > 1.0);

    /* Seen from the side away from the light: the ambient share only. */
    lr_scene *sc = lr_scene_create();
    lr_camera3d cam = lr_camera3d_default();
    cam.light = (lr_vec3){0, 0, -30};
    LRT_CHECK_OK(lr_scene_set_camera3d(sc, &cam));
    add_mesh(sc, sphere_mesh((lr_vec3){0, 0, 0}, 2.0f, 48, 24, grey, true));
    lr_image img = {0};
    if (render(ctx, sc, &img)) {
        int want = (int)lrintf(0.8f * cam.ambient * 255.0f);
        GT_CHECK_RGB(gt_scene_pixel(&img, 0.3f, 0.2f), want, want, want, 2);
    }
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

/* Translucent surfaces are drawn far to near whatever their order. */
static void test_translucent(lr_context *ctx)
{
    lr_color red = {1, 0, 0, 0.5f}, blue = {0, 0, 1, 0.5f};
    for (int order = 0; order < 2; order++) {
        lr_scene *sc = lr_scene_create();
        lr_mesh *near = plane_mesh(-2, 2, -2, 2, 1, 0, red), *far = plane_mesh(-1, 3, -1, 3, -1, 0, blue);
        add_mesh(sc, order ? near : far);
        add_mesh(sc, order ? far : near);
        lr_image img = {0};
        if (render(ctx, sc, &img)) {
            /* blue over black, then red over that */
            GT_CHECK_RGB(gt_scene_pixel(&img, 0.5f, 0.5f), 128, 0, 64, 3);
            GT_CHECK_RGB(gt_scene_pixel(&img, -1.5f, -1.5f), 128, 0, 0, 3);
            GT_CHECK_RGB(gt_scene_pixel(&img, 2.7f, 2.7f), 0, 0, 128, 3);
        }
        lr_image_free(&img);
        lr_scene_destroy(sc);
    }
}

/* Lines: hidden where a surface is nearer, drawn over it where they are. */
static void test_lines(lr_context *ctx)
{
    lr_scene *sc = lr_scene_create();
    lr_color blue = {0, 0, 1, 1}, yellow = {1, 1, 0, 1};
    add_mesh(sc, plane_mesh(-2, 2, -2, 2, 0, 0, blue));
    lr_mesh *m = lr_mesh_create();
    lr_vec3 line[2] = {{-3, 0, -1}, {3, 0, 1}}; /* below the plane for x < 0 */
    LRT_CHECK_OK(lr_mesh_add_polyline(m, line, 2, 0.1f, yellow));
    add_mesh(sc, m);
    lr_image img = {0};
    if (render(ctx, sc, &img)) {
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.0f, 0.0f), 0, 0, 255, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, 1.0f, 0.0f), 255, 255, 0, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, -2.5f, 0.0f), 255, 255, 0, 2);
        /* 0.1 units wide: 6 px at 480p, an antialiased rim */
        int lit = 0;
        for (int j = 0; j < H; j++)
            lit += lrt_pixel(&img, (int)(W / 2.0 + 1.0 * K), j)[0] > 128;
        LRT_CHECK_NEAR(lit, 0.1 * K, 1.0);
    }
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

/* A grid's lines, drawn on its faces: on the sides, not the diagonals,
 * their width, and hidden with the face under a nearer surface. */
static void test_grid_lines(lr_context *ctx)
{
    enum { N = 4 };
    lr_vec3 pts[(N + 1) * (N + 1)];
    lr_color cols[N * N], blue = {0, 0, 1, 1}, yellow = {1, 1, 0, 1};
    for (int j = 0; j <= N; j++)
        for (int i = 0; i <= N; i++)
            pts[j * (N + 1) + i] = (lr_vec3){-2.0f + (float)i, -2.0f + (float)j, 0};
    for (int i = 0; i < N * N; i++)
        cols[i] = blue;
    lr_mesh *m = lr_mesh_create();
    LRT_CHECK_OK(lr_mesh_add_grid(m, pts, N, N, cols, 0.1f, yellow));
    lr_mesh_set_lit(m, false);
    LRT_CHECK(lr_mesh_polyline_count(m) == 0);
    lr_scene *sc = lr_scene_create();
    add_mesh(sc, m);
    add_mesh(sc, plane_mesh(0.2f, 2.5f, -2.5f, -0.2f, 1, 0, (lr_color){1, 0, 0, 1})); /* over the lower right */
    lr_image img = {0};
    if (render(ctx, sc, &img)) {
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.0f, 1.5f), 255, 255, 0, 2);  /* on the side x = -1 */
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.5f, 1.0f), 255, 255, 0, 2);  /* on the side y = 1 */
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.5f, 1.5f), 0, 0, 255, 2);    /* a face's middle */
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.25f, 1.25f), 0, 0, 255, 2);  /* the diagonal: no line */
        GT_CHECK_RGB(gt_scene_pixel(&img, 1.0f * 20 / 19, -1.0f), 255, 0, 0, 2); /* under the red plane */
        int lit = 0;
        for (int i = 0; i < W; i++)
            lit += lrt_pixel(&img, i, (int)(H / 2.0 - 1.5 * K))[2] < 128 && lrt_pixel(&img, i, (int)(H / 2.0 - 1.5 * K))[0] > 128;
        /* the row y = 1.5 crosses the sides x = -2 (half: its outer half is
         * off the surface), -1, 0, 1, 2 (half) */
        LRT_CHECK_NEAR(lit, 4 * 0.1 * K, 3.0);
    }
    lr_image_free(&img);
    lr_scene_destroy(sc);
}

/* The layer takes the place of the first mesh among the 2D paths, and the
 * kept bottom layer gives the frames a full redraw gives. */
static void test_with_2d(lr_context *ctx)
{
    lr_scene *sc = lr_scene_create();
    lr_path sq = {0};
    lr_vec2 below[4] = {{-4, -1}, {-1, -1}, {-1, 1}, {-4, 1}}, above[4] = {{1, -1}, {4, -1}, {4, 1}, {1, 1}};
    gt_polygon(&sq, below, 4);
    lr_mobject *red = lr_mobject_create_path(&sq, gt_fill_style((lr_color){1, 0, 0, 1}));
    lr_scene_add(sc, red);
    lr_path_free(&sq);
    add_mesh(sc, plane_mesh(-2.5f, 2.5f, -0.5f, 0.5f, 0, 0, (lr_color){0, 1, 0, 1}));
    gt_polygon(&sq, above, 4);
    gt_add(sc, &sq, gt_fill_style((lr_color){0, 0, 1, 1}));
    lr_path_free(&sq);
    lr_image img = {0};
    /* 2D paths lie on the 3D layer whenever they were added, as Manim draws
     * what is not shaded in 3D after what is... */
    if (render(ctx, sc, &img)) {
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.8f, 0.0f), 255, 0, 0, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, 1.8f, 0.0f), 0, 0, 255, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, 0.0f, 0.0f), 0, 255, 0, 2);
    }
    /* ...unless their z-index is below the meshes'. */
    lr_mobject_set_z_index(red, -1);
    if (render(ctx, sc, &img)) {
        GT_CHECK_RGB(gt_scene_pixel(&img, -1.8f, 0.0f), 0, 255, 0, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, 1.8f, 0.0f), 0, 0, 255, 2);
        GT_CHECK_RGB(gt_scene_pixel(&img, -3.0f, 0.0f), 255, 0, 0, 2);
    }

    lr_context_desc d = lr_context_desc_default(W, H);
    d.full_redraw = true;
    lr_context *full = NULL;
    lr_error err;
    LRT_CHECK_OK(lr_context_create(&d, &full, &err));
    lr_image a = {0}, b = {0};
    for (int f = 0; full && f < 6; f++) {
        lr_camera3d cam = camera(f < 3 ? 0 : 50, -90 + 7 * f, 0, 1, 20);
        LRT_CHECK_OK(lr_scene_set_camera3d(sc, &cam));
        if (render(ctx, sc, &a) && render(full, sc, &b))
            LRT_CHECK_MSG(a.width == b.width && memcmp(a.pixels, b.pixels, (size_t)a.stride * (size_t)a.height) == 0,
                          "frame %d differs from a full redraw", f);
    }
    lr_image_free(&a);
    lr_image_free(&b);
    lr_image_free(&img);
    lr_context_destroy(full);
    lr_scene_destroy(sc);
}

/* The three faces of a cube that the eye sees, each a grid of its own,
 * unlit: welded, the creases between them are inside one surface (no
 * outline, full coverage); not welded, each face's boundary ramp leaves a
 * seam of the background. */
static double crease_min(lr_context *ctx, bool welded)
{
    lr_camera3d cam = camera(60, -30, 0, 1, 20);
    lr_vec3 eye = lr_camera3d_eye(&cam), near = {0, 0, 0};
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_scene_set_camera3d(sc, &cam);
    lr_mesh *m = lr_mesh_create();
    for (int f = 0; f < 6; f++) {
        if ((f % 2 ? 1.0f : -1.0f) * (&eye.x)[f / 2] < 1.0f)
            continue; /* it faces away */
        int a = f / 2, b = (a + 1) % 3, d = (a + 2) % 3;
        lr_vec3 pts[4];
        for (int k = 0; k < 4; k++) {
            float p[3];
            p[a] = f % 2 ? 1.0f : -1.0f;
            p[b] = k % 2 ? 1.0f : -1.0f;
            p[d] = k / 2 ? 1.0f : -1.0f;
            pts[k] = (lr_vec3){p[0], p[1], p[2]};
        }
        LRT_CHECK_OK(lr_mesh_add_grid(m, pts, 1, 1, &white, 0.0f, white));
    }
    lr_mesh_set_lit(m, false);
    if (welded)
        LRT_CHECK_OK(lr_mesh_weld(m, 1e-5f));
    add_mesh(sc, m);
    /* The corner nearest the eye, and the middles of its three edges. */
    for (int k = 0; k < 8; k++) {
        lr_vec3 p = {k & 1 ? 1.0f : -1.0f, k & 2 ? 1.0f : -1.0f, k & 4 ? 1.0f : -1.0f};
        float dn = (near.x - eye.x) * (near.x - eye.x) + (near.y - eye.y) * (near.y - eye.y) +
                   (near.z - eye.z) * (near.z - eye.z);
        float dp = (p.x - eye.x) * (p.x - eye.x) + (p.y - eye.y) * (p.y - eye.y) + (p.z - eye.z) * (p.z - eye.z);
        if (k == 0 || dp < dn)
            near = p;
    }
    double least = 255;
    lr_image img = {0};
    if (render(ctx, sc, &img)) {
        for (int e = 0; e < 3; e++) {
            lr_vec3 mid = near;
            (&mid.x)[e] = 0; /* halfway along the edge from `near` */
            lr_vec3 q = lr_camera3d_project(&cam, mid);
            int cx = (int)(W / 2.0 + q.x * K), cy = (int)(H / 2.0 - q.y * K);
            for (int j = cy - 2; j <= cy + 2; j++)
                for (int i = cx - 2; i <= cx + 2; i++)
                    least = fmin(least, lrt_pixel(&img, i, j)[1]);
        }
    }
    lr_image_free(&img);
    lr_scene_destroy(sc);
    return least;
}

/* An outline ramp does not reach past a sharp corner: beyond the right
 * vertex of a diamond, under half a pixel of ink in all. */
static double past_corner(lr_context *ctx)
{
    lr_scene *sc = lr_scene_create();
    lr_scene_set_background(sc, lr_rgba(0, 0, 0, 1));
    lr_mesh *m = lr_mesh_create();
    lr_vec3 pts[4] = {{0, -1.5f, 0}, {1, 0, 0}, {-1, 0, 0}, {0, 1.5f, 0}};
    LRT_CHECK_OK(lr_mesh_add_grid(m, pts, 1, 1, &white, 0.0f, white));
    lr_mesh_set_lit(m, false);
    add_mesh(sc, m);
    double ink = 0;
    lr_image img = {0};
    if (render(ctx, sc, &img)) {
        int vx = (int)(W / 2.0 + K); /* the vertex is on this column's left edge */
        for (int j = H / 2 - 6; j < H / 2 + 6; j++)
            for (int i = vx; i < vx + 6; i++)
                ink += lrt_pixel(&img, i, j)[1] / 255.0;
    }
    lr_image_free(&img);
    lr_scene_destroy(sc);
    return ink;
}

static void test_creases_and_corners(lr_context *ctx)
{
    double seam = crease_min(ctx, false), welded = crease_min(ctx, true);
    LRT_CHECK_MSG(welded >= 250, "welded crease: %g", welded);
    LRT_CHECK_MSG(seam < 240, "unwelded crease: %g (the check would not see a seam)", seam);
    double past = past_corner(ctx);
    LRT_CHECK_MSG(past < 0.1, "ink past the corner: %g", past);
}

static void test_api(void)
{
    lr_scene *sc = lr_scene_create();
    lr_camera3d bad = lr_camera3d_default();
    bad.zoom = 0;
    LRT_CHECK_STATUS(lr_scene_set_camera3d(sc, &bad), LR_ERR_INVALID_ARG);
    bad = lr_camera3d_default();
    bad.focal_distance = NAN;
    LRT_CHECK_STATUS(lr_scene_set_camera3d(sc, &bad), LR_ERR_INVALID_ARG);
    LRT_CHECK_NEAR(lr_scene_get_camera3d(sc).zoom, 1.0, 0);
    lr_mesh *m = lr_mesh_create();
    lr_vec3 p[3] = {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}};
    uint32_t first = 7, bad_idx[3] = {0, 1, 3}, idx[3] = {0, 1, 2};
    LRT_CHECK_OK(lr_mesh_add_vertices(m, p, NULL, 3, &first));
    LRT_CHECK(first == 0);
    LRT_CHECK_STATUS(lr_mesh_add_triangles(m, bad_idx, 1, &white), LR_ERR_INVALID_ARG);
    LRT_CHECK_OK(lr_mesh_add_triangles(m, idx, 1, &white));
    LRT_CHECK_STATUS(lr_mesh_add_polyline(m, p, 1, 0.1f, white), LR_ERR_INVALID_ARG);
    LRT_CHECK_STATUS(lr_mesh_add_dot(m, p[0], -1, white), LR_ERR_INVALID_ARG);
    LRT_CHECK(lr_mesh_triangle_count(m) == 1 && lr_mesh_vertex_count(m) == 3);
    LRT_CHECK_STATUS(lr_mesh_weld(m, -1), LR_ERR_INVALID_ARG);
    LRT_CHECK_OK(lr_mesh_weld(m, 0));
    lr_mobject *mo = lr_mobject_create_mesh(m);
    const double nan_m[9] = {1, 0, 0, 0, NAN, 0, 0, 0, 1};
    LRT_CHECK(lr_anim_apply_matrix3(mo, nan_m, NULL) == NULL);
    lr_mobject *copy = lr_mobject_clone(mo);
    LRT_CHECK(copy && lr_mobject_get_kind(copy) == LR_MOBJECT_MESH && lr_mesh_triangle_count(lr_mobject_mesh(copy)) == 1);
    lr_rect r = lr_mobject_bounds(mo);
    LRT_CHECK(r.x0 == 0 && r.x1 == 1 && r.y0 == 0 && r.y1 == 1);
    lr_mobject_destroy(copy);
    lr_mobject_destroy(mo);
    lr_mesh_destroy(m);
    lr_scene_destroy(sc);
}

int main(void)
{
    test_api();
    lr_context *ctx = gt_context(W, H);
    if (!ctx)
        return 1;
    test_projection(ctx);
    test_silhouette(ctx);
    test_crossing(ctx);
    test_light(ctx);
    test_translucent(ctx);
    test_lines(ctx);
    test_grid_lines(ctx);
    test_with_2d(ctx);
    test_creases_and_corners(ctx);
    lr_context_destroy(ctx);
    return lrt_finish("test_gpu_3d");
}
