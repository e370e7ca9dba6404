/* Glyph paths for a 200-word lecture (text) and for 20 formulas (LaTeX),
 * cold and cached. Run by hand: ./bench_text [repeats]
 *
 * text cold:   a new lr_text_context (fontconfig + font loading included),
 *              then the lecture once: every outline read from FreeType.
 * text cached: the same context again: every outline from the cache.
 * tex cold:    20 formulas into an empty cache directory (20 latex +
 *              dvisvgm runs).
 * tex cached:  the same 20 formulas from a new context on that directory
 *              (no process started).
 * tex batch:   the 20 formulas cold through lr_tex_create_batch (one TeX
 *              run, 20 pages).
 * spec:        a spec section holding the 20 formulas as "tex" objects,
 *              built cold (empty cache directory) and again warm: what
 *              lr_spec_build_section costs, TeX runs counted. */
#include <librender.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

static const char lecture[] =
    "The Pythagorean theorem says that in a right triangle the square on the hypotenuse\n"
    "equals the sum of the squares on the other two sides. Take a triangle with legs a and b\n"
    "and hypotenuse c. Place four copies of it inside a square whose side is a plus b.\n"
    "The copies leave a tilted square in the middle, and its side is exactly c. Now slide\n"
    "the triangles around without turning them: they fill the same big square again, but\n"
    "this time the empty space is made of two squares, one with side a and one with side b.\n"
    "The empty area did not change, because the triangles only moved. So the area c squared\n"
    "must equal a squared plus b squared. This is one of more than three hundred known\n"
    "proofs. Euclid gave another, using similar triangles and the altitude on the hypotenuse;\n"
    "Chinese mathematicians called the result the Gougu theorem. Why does it matter?\n"
    "Distance in the plane is built on it: the distance\n"
    "between two points is the square root of the sum of the squared differences of their\n"
    "coordinates. In three dimensions we apply it twice, and in any number of dimensions the\n"
    "same rule holds.";

static const char *const formulas[20] = {
    "a^2 + b^2 = c^2",
    "\\frac{a}{b} + \\frac{c}{d} = \\frac{ad + bc}{bd}",
    "\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}",
    "\\int_0^1 x^2\\,dx = \\frac{1}{3}",
    "e^{i\\pi} + 1 = 0",
    "\\sqrt{a^2 + b^2}",
    "\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1",
    "\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}",
    "\\det A = ad - bc",
    "f'(x) = \\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}",
    "\\nabla \\cdot \\mathbf{E} = \\frac{\\rho}{\\varepsilon_0}",
    "\\binom{n}{k} = \\frac{n!}{k!(n-k)!}",
    "\\forall \\varepsilon > 0\\ \\exists \\delta > 0",
    "x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}",
    "\\prod_{p} \\frac{1}{1 - p^{-s}} = \\zeta(s)",
    "\\sin^2\\theta + \\cos^2\\theta = 1",
    "\\mathbb{R}^n \\to \\mathbb{R}^m",
    "\\oint_C \\mathbf{F} \\cdot d\\mathbf{r}",
    "\\hat{f}(\\xi) = \\int f(x) e^{-2\\pi i x \\xi}\\,dx",
    "\\bm{v} = \\alpha \\bm{u} + \\beta \\bm{w}",
};

static size_t count_paths(const lr_mobject *m)
{
    return lr_mobject_child_count(m);
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[1400];
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%.1000s/%.255s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static int bench_text_part(int repeats)
{
    size_t words = 1;
    for (const char *p = lecture; *p; p++)
        words += (*p == ' ' || *p == '\n');
    lr_text_style style = lr_text_style_default();
    double best_cold = 1e30, best_warm = 1e30, best_ctx = 1e30;
    size_t glyphs = 0;
    for (int r = 0; r < repeats; r++) {
        lr_error err;
        double t0 = now_ms();
        lr_text_context *ctx = NULL;
        if (lr_text_context_create(&ctx, &err) != LR_OK) {
            fprintf(stderr, "text context: %s\n", err.message);
            return 1;
        }
        double t1 = now_ms();
        lr_mobject *m = NULL;
        if (lr_text_create(ctx, lecture, &style, &m, &err) != LR_OK) {
            fprintf(stderr, "text: %s\n", err.message);
            lr_text_context_destroy(ctx);
            return 1;
        }
        double t2 = now_ms();
        glyphs = count_paths(m);
        lr_mobject_destroy(m);
        double t3 = now_ms();
        lr_text_create(ctx, lecture, &style, &m, &err);
        double t4 = now_ms();
        lr_mobject_destroy(m);
        lr_text_context_destroy(ctx);
        best_ctx = t1 - t0 < best_ctx ? t1 - t0 : best_ctx;
        best_cold = t2 - t1 < best_cold ? t2 - t1 : best_cold;
        best_warm = t4 - t3 < best_warm ? t4 - t3 : best_warm;
    }
    printf("text: %zu words, %zu glyph paths (best of %d)\n", words, glyphs, repeats);
    printf("  context create (fontconfig)  %8.2f ms\n", best_ctx);
    printf("  lecture, cold outline cache  %8.2f ms\n", best_cold);
    printf("  lecture, warm outline cache  %8.2f ms  (%.2f us per glyph)\n", best_warm,
           glyphs ? best_warm * 1e3 / (double)glyphs : 0.0);
    return 0;
}

static int bench_tex_part(void)
{
    char dir[] = "/tmp/c2v-bench-tex-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = dir;
    double times[2] = {0, 0};
    size_t glyphs = 0;
    uint64_t runs[2] = {0, 0};
    for (int pass = 0; pass < 2; pass++) {
        lr_tex_context *ctx = NULL;
        lr_error err;
        if (lr_tex_context_create(&ctx, &cfg, &err) != LR_OK) {
            fprintf(stderr, "tex context: %s\n", err.message);
            remove_dir(dir);
            return 1;
        }
        double t0 = now_ms();
        glyphs = 0;
        for (int i = 0; i < 20; i++) {
            lr_mobject *m = NULL;
            if (lr_tex_create(ctx, formulas[i], NULL, &m, &err) != LR_OK) {
                fprintf(stderr, "formula %d: %s\n", i, err.message);
                lr_tex_context_destroy(ctx);
                remove_dir(dir);
                return 1;
            }
            glyphs += count_paths(m);
            lr_mobject_destroy(m);
        }
        times[pass] = now_ms() - t0;
        runs[pass] = lr_tex_context_stats(ctx).tex_runs;
        lr_tex_context_destroy(ctx);
    }
    remove_dir(dir);

    /* The same 20 formulas cold again, as one batch: one TeX run. */
    char dir2[] = "/tmp/c2v-bench-tex-XXXXXX";
    double batch_ms = -1;
    uint64_t batch_runs = 0;
    if (mkdtemp(dir2)) {
        cfg.cache_dir = dir2;
        lr_tex_context *ctx = NULL;
        lr_error err;
        lr_mobject *outs[20];
        if (lr_tex_context_create(&ctx, &cfg, &err) == LR_OK) {
            double t0 = now_ms();
            if (lr_tex_create_batch(ctx, formulas, 20, NULL, outs, &err) == LR_OK) {
                batch_ms = now_ms() - t0;
                for (int i = 0; i < 20; i++)
                    lr_mobject_destroy(outs[i]);
            } else {
                fprintf(stderr, "batch: %s\n", err.message);
            }
            batch_runs = lr_tex_context_stats(ctx).tex_runs;
            lr_tex_context_destroy(ctx);
        }
        remove_dir(dir2);
    }
    printf("tex: 20 formulas, %zu glyph paths\n", glyphs);
    printf("  cold (%llu TeX runs)          %8.1f ms  (%.1f ms per formula)\n", (unsigned long long)runs[0], times[0],
           times[0] / 20);
    printf("  cached (%llu TeX runs)         %8.2f ms  (%.3f ms per formula)\n", (unsigned long long)runs[1],
           times[1], times[1] / 20);
    printf("  cold as one batch (%llu run)   %8.1f ms  (%.1f ms per formula)\n", (unsigned long long)batch_runs,
           batch_ms, batch_ms / 20);
    return 0;
}

/* Every Adwaita icon through the SVG loader (parse + paths), if installed. */
static void bench_svg_part(void)
{
    static const char *const dirs[] = {"actions", "apps", "categories", "devices", "emblems", "mimetypes",
                                       "places", "status", "legacy"};
    int files = 0;
    size_t shapes = 0;
    double t0 = now_ms();
    for (size_t d = 0; d < sizeof dirs / sizeof dirs[0]; d++) {
        char dir[256];
        snprintf(dir, sizeof dir, "/usr/share/icons/Adwaita/scalable/%s", dirs[d]);
        DIR *h = opendir(dir);
        if (!h)
            continue;
        struct dirent *e;
        while ((e = readdir(h)) != NULL) {
            size_t n = strlen(e->d_name);
            if (n < 5 || strcmp(e->d_name + n - 4, ".svg") != 0)
                continue;
            char path[600];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            lr_mobject *m = NULL;
            if (lr_svg_load_file(path, NULL, &m, NULL, NULL) == LR_OK) {
                files++;
                shapes += lr_mobject_child_count(m);
            }
            lr_mobject_destroy(m);
        }
        closedir(h);
    }
    double t = now_ms() - t0;
    if (files > 0)
        printf("svg: %d Adwaita icons, %zu shapes in %.1f ms (%.3f ms per icon)\n", files, shapes, t, t / files);
}

/* The 20 formulas as the tex objects of one spec section, built cold and
 * warm through lr_spec_build_section. */
static int bench_spec_part(void)
{
    char json[16384];
    size_t at = (size_t)snprintf(json, sizeof json,
                                 "{\"version\": 1, \"sections\": [{\"id\": \"s\", \"title\": \"Formulas\", \"objects\": [");
    for (int i = 0; i < 20; i++) {
        at += (size_t)snprintf(json + at, sizeof json - at, "%s{\"id\": \"f%d\", \"type\": \"tex\", \"tex\": \"", i ? ", " : "",
                               i);
        for (const char *p = formulas[i]; *p && at < sizeof json - 8; p++) {
            if (*p == '\\' || *p == '"')
                json[at++] = '\\';
            json[at++] = *p;
        }
        at += (size_t)snprintf(json + at, sizeof json - at, "\", \"position\": [%d, %d]}", i % 5 - 2, i / 5 - 2);
    }
    snprintf(json + at, sizeof json - at, "], \"timeline\": [{\"wait\": 1}]}]}");
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    if (lr_spec_load_string(json, "bench.json", NULL, &spec, errs) != LR_OK) {
        fprintf(stderr, "spec: %s\n", lr_spec_errors_joined(errs));
        lr_spec_errors_destroy(errs);
        return 1;
    }
    lr_spec_errors_destroy(errs);
    char dir[] = "/tmp/c2v-bench-tex-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        lr_spec_destroy(spec);
        return 1;
    }
    lr_tex_config cfg = lr_tex_config_default();
    cfg.cache_dir = dir;
    double times[2] = {0, 0};
    uint64_t runs[2] = {0, 0};
    int rc = 0;
    for (int pass = 0; pass < 2 && rc == 0; pass++) {
        lr_tex_context *tex = NULL;
        lr_error err;
        if (lr_tex_context_create(&tex, &cfg, &err) != LR_OK) {
            fprintf(stderr, "tex context: %s\n", err.message);
            rc = 1;
            break;
        }
        lr_spec_set_contexts(spec, NULL, tex);
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        double t0 = now_ms();
        if (lr_spec_build_section(spec, 0, &scene, &tl, &err) != LR_OK) {
            fprintf(stderr, "build: %s\n", err.message);
            rc = 1;
        }
        times[pass] = now_ms() - t0;
        runs[pass] = lr_tex_context_stats(tex).tex_runs;
        lr_timeline_destroy(tl);
        lr_scene_destroy(scene);
        lr_tex_context_destroy(tex);
    }
    lr_spec_destroy(spec);
    remove_dir(dir);
    if (rc == 0) {
        printf("spec: a section with the 20 formulas as tex objects (lr_spec_build_section)\n");
        printf("  cold (%llu TeX runs)          %8.1f ms\n", (unsigned long long)runs[0], times[0]);
        printf("  warm (%llu TeX runs)          %8.2f ms\n", (unsigned long long)runs[1], times[1]);
    }
    return rc;
}

int main(int argc, char **argv)
{
    int repeats = argc > 1 ? atoi(argv[1]) : 5;
    if (repeats < 1)
        repeats = 1;
    int rc = bench_text_part(repeats);
    bench_svg_part();
    if (rc == 0)
        rc = bench_tex_part();
    if (rc == 0)
        rc = bench_spec_part();
    return rc;
}
