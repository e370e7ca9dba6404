/* GPU path renderer throughput: 200 mixed filled and stroked mobjects
 * (circles, stars, polygons, rounded rects, arcs, curves) at 1920x1080,
 * drawn and read back N times. Prints the mean milliseconds per stage.
 *
 *   bench_render [frames=60] [width=1920] [height=1080] [samples=0]
 */
#include <librender.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define PI_F 3.14159265f

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* A small deterministic generator, so that every run draws the same scene. */
static float rnd(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return (float)(*state >> 8) / 16777216.0f;
}

/* Arc as cubics of at most 90 degrees. */
static void arc(lr_path *p, lr_vec2 c, float r, float a0, float sweep, bool move)
{
    int n = (int)ceilf(fabsf(sweep) / (PI_F / 2.0f));
    if (n < 1)
        n = 1;
    float step = sweep / (float)n, k = 4.0f / 3.0f * tanf(step / 4.0f);
    if (move)
        lr_path_move_to(p, (lr_vec2){c.x + r * cosf(a0), c.y + r * sinf(a0)});
    for (int i = 0; i < n; i++) {
        float a = a0 + step * (float)i, b = a + step;
        lr_vec2 p0 = {c.x + r * cosf(a), c.y + r * sinf(a)}, p3 = {c.x + r * cosf(b), c.y + r * sinf(b)};
        lr_vec2 c1 = {p0.x - k * r * sinf(a), p0.y + k * r * cosf(a)};
        lr_vec2 c2 = {p3.x + k * r * sinf(b), p3.y - k * r * cosf(b)};
        lr_path_cubic_to(p, c1, c2, p3);
    }
}

static void make_shape(lr_path *p, int kind, lr_vec2 c, float s, uint32_t *rng)
{
    switch (kind) {
    case 0: /* circle */
        arc(p, c, s, 0.0f, 2.0f * PI_F, true);
        lr_path_close(p);
        break;
    case 1: { /* star */
        int n = 5 + (int)(rnd(rng) * 3.0f);
        for (int i = 0; i < 2 * n; i++) {
            float a = PI_F * (float)i / (float)n, r = (i & 1) ? s * 0.45f : s;
            lr_vec2 v = {c.x + r * cosf(a), c.y + r * sinf(a)};
            if (i == 0)
                lr_path_move_to(p, v);
            else
                lr_path_line_to(p, v);
        }
        lr_path_close(p);
        break;
    }
    case 2: { /* regular polygon */
        int n = 3 + (int)(rnd(rng) * 5.0f);
        for (int i = 0; i < n; i++) {
            float a = 2.0f * PI_F * (float)i / (float)n + 0.3f;
            lr_vec2 v = {c.x + s * cosf(a), c.y + s * sinf(a)};
            if (i == 0)
                lr_path_move_to(p, v);
            else
                lr_path_line_to(p, v);
        }
        lr_path_close(p);
        break;
    }
    case 3: { /* rounded rect */
        float w = s * 1.6f, h = s, r = s * 0.25f;
        lr_path_move_to(p, (lr_vec2){c.x - w / 2 + r, c.y - h / 2});
        lr_path_line_to(p, (lr_vec2){c.x + w / 2 - r, c.y - h / 2});
        arc(p, (lr_vec2){c.x + w / 2 - r, c.y - h / 2 + r}, r, -PI_F / 2, PI_F / 2, false);
        lr_path_line_to(p, (lr_vec2){c.x + w / 2, c.y + h / 2 - r});
        arc(p, (lr_vec2){c.x + w / 2 - r, c.y + h / 2 - r}, r, 0.0f, PI_F / 2, false);
        lr_path_line_to(p, (lr_vec2){c.x - w / 2 + r, c.y + h / 2});
        arc(p, (lr_vec2){c.x - w / 2 + r, c.y + h / 2 - r}, r, PI_F / 2, PI_F / 2, false);
        lr_path_line_to(p, (lr_vec2){c.x - w / 2, c.y - h / 2 + r});
        arc(p, (lr_vec2){c.x - w / 2 + r, c.y - h / 2 + r}, r, PI_F, PI_F / 2, false);
        lr_path_close(p);
        break;
    }
    case 4: /* open arc */
        arc(p, c, s, rnd(rng) * 6.0f, 1.0f + rnd(rng) * 4.0f, true);
        break;
    default: /* wavy open curve */
        lr_path_move_to(p, (lr_vec2){c.x - s, c.y});
        for (int i = 0; i < 3; i++) {
            float x = c.x - s + (float)i * s * 2.0f / 3.0f, d = s * 2.0f / 3.0f;
            lr_path_cubic_to(p, (lr_vec2){x + d / 3, c.y + s * 0.6f}, (lr_vec2){x + 2 * d / 3, c.y - s * 0.6f},
                             (lr_vec2){x + d, c.y});
        }
        break;
    }
}

int main(int argc, char **argv)
{
    int frames = argc > 1 ? atoi(argv[1]) : 60;
    int width = argc > 2 ? atoi(argv[2]) : 1920;
    int height = argc > 3 ? atoi(argv[3]) : 1080;
    lr_context_desc desc = lr_context_desc_default(width, height);
    desc.samples = argc > 4 ? atoi(argv[4]) : 0;
    lr_context *ctx = NULL;
    lr_error err;
    if (lr_context_create(&desc, &ctx, &err) != LR_OK) {
        fprintf(stderr, "bench_render: %s\n", err.message);
        return 1;
    }

    lr_scene *scene = lr_scene_create();
    lr_scene_set_background(scene, lr_rgba(0.07f, 0.07f, 0.09f, 1.0f));
    uint32_t rng = 12345u;
    lr_mobject *objs[200];
    for (int i = 0; i < 200; i++) {
        lr_path p = {0};
        int kind = i % 6;
        lr_vec2 c = {(rnd(&rng) - 0.5f) * 13.0f, (rnd(&rng) - 0.5f) * 7.0f};
        make_shape(&p, kind, c, 0.2f + rnd(&rng) * 0.8f, &rng);
        lr_style st = lr_style_default();
        if (kind < 4) {
            st.fill = lr_rgba(rnd(&rng), rnd(&rng), rnd(&rng), 0.5f + 0.5f * rnd(&rng));
            st.fill_rule = (i & 8) ? LR_FILL_EVENODD : LR_FILL_NONZERO;
        }
        st.stroke = lr_rgba(rnd(&rng), rnd(&rng), rnd(&rng), 1.0f);
        st.stroke_width = 0.02f + 0.06f * rnd(&rng);
        st.join = (lr_line_join)(i % 3);
        st.cap = (lr_line_cap)((i / 3) % 3);
        objs[i] = lr_mobject_create_path(&p, st);
        lr_scene_add(scene, objs[i]);
        lr_path_free(&p);
    }

    lr_image img = {0};
    lr_context_enable_timing(ctx, true);
    for (int i = 0; i < 3; i++) /* warm-up: shader JIT, buffer growth */
        lr_context_render(ctx, scene, &img, NULL);
    double build = 0, upload = 0, draw = 0, read = 0;
    lr_frame_timing t = {0};
    double t0 = now_ms();
    for (int f = 0; f < frames; f++) {
        /* Move things a little, as an animation would. */
        for (int i = 0; i < 200; i++)
            lr_mobject_set_transform(objs[i], lr_affine_rotate(0.01f * (float)f * (float)((i % 5) - 2)));
        if (lr_context_render(ctx, scene, &img, &err) != LR_OK) {
            fprintf(stderr, "bench_render: %s\n", err.message);
            return 1;
        }
        t = lr_context_last_timing(ctx);
        build += t.build_ms;
        upload += t.upload_ms;
        draw += t.draw_ms;
        read += t.read_ms;
    }
    double total = now_ms() - t0;
    double n = frames > 0 ? (double)frames : 1.0;
    printf("bench_render: %s, %dx%d, %d samples, %d frames\n", lr_context_renderer(ctx), width, height,
           lr_context_samples(ctx), frames);
    printf("  paths %u, edge records %u, draw calls %u per frame\n", t.paths, t.quads, t.draw_calls);
    printf("  build %.2f ms, upload %.2f ms, draw %.2f ms, readback %.2f ms\n", build / n, upload / n, draw / n,
           read / n);
    printf("  total %.2f ms per frame = %.1f frames/s\n", total / n, 1000.0 * n / total);

    /* Without waiting for the GPU after drawing (timing off): the throughput
     * an encoder loop sees. */
    lr_context_enable_timing(ctx, false);
    t0 = now_ms();
    for (int f = 0; f < frames; f++)
        lr_context_render(ctx, scene, &img, NULL);
    total = now_ms() - t0;
    printf("  timing off: %.2f ms per frame = %.1f frames/s\n", total / n, 1000.0 * n / total);
    if (argc > 5)
        lr_image_write_png(&img, argv[5], NULL);
    lr_image_free(&img);
    lr_scene_destroy(scene);
    lr_context_destroy(ctx);
    return 0;
}
