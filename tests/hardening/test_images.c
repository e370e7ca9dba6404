/* Image assets cannot take the machine's memory (docs/hardening.md): an
 * image past 64 Mi pixels is refused from its header, before anything is
 * decoded; a section decodes each file once, however many objects show it;
 * each object keeps its pixels scaled down to what the frame can show; the
 * pixels a section decodes, and those its objects keep, stay within 64 Mi
 * each. Memory is measured: every build runs in a child process, and its
 * peak resident size (ru_maxrss) must stay under a bound that the old code
 * (each object decoding its own full copy) went far past. The PNGs are
 * written here: small ones with stb_image_write, the huge black ones by
 * hand (a deflate stream of matches), so that a 16384x16384 PNG takes
 * 1.7 MB and no memory to make. */
#include "lrtest.h"

#include "scene/scene_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stb_image_write.h>

/* ---- a black greyscale PNG of any size, written without its pixels ---- */

typedef struct bits {
    uint8_t *data;
    size_t len, cap;
    unsigned acc, n; /* bits not yet stored, least significant first */
} bits;

static void put_byte(bits *b, uint8_t v)
{
    if (b->len == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 1 << 16;
        b->data = realloc(b->data, b->cap);
        if (!b->data)
            abort();
    }
    b->data[b->len++] = v;
}

/* `count` bits of `value`, least significant first (deflate's order for
 * header fields and extra bits). */
static void put_bits(bits *b, unsigned value, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        b->acc |= ((value >> i) & 1u) << b->n;
        if (++b->n == 8) {
            put_byte(b, (uint8_t)b->acc);
            b->acc = b->n = 0;
        }
    }
}

/* A Huffman code: its most significant bit goes first. */
static void put_code(bits *b, unsigned code, unsigned len)
{
    for (unsigned i = len; i-- > 0;)
        put_bits(b, (code >> i) & 1u, 1);
}

static void put_be32(bits *b, uint32_t v)
{
    for (int s = 24; s >= 0; s -= 8)
        put_byte(b, (uint8_t)(v >> s));
}

static uint32_t crc32_of(const uint8_t *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return ~c;
}

static void chunk(bits *png, const char *type, const bits *body)
{
    put_be32(png, (uint32_t)body->len);
    size_t start = png->len;
    for (int i = 0; i < 4; i++)
        put_byte(png, (uint8_t)type[i]);
    for (size_t i = 0; i < body->len; i++)
        put_byte(png, body->data[i]);
    put_be32(png, crc32_of(png->data + start, png->len - start));
}

/* Every byte of the image data is 0 (filter "none", black): one literal,
 * then (length 258, distance 1) matches, 13 bits each in deflate's fixed
 * codes. */
static void write_black_png(const char *path, uint32_t w, uint32_t h)
{
    bits z = {0};
    put_byte(&z, 0x78);
    put_byte(&z, 0x01);
    put_bits(&z, 1, 1); /* the final block */
    put_bits(&z, 1, 2); /* fixed codes */
    uint64_t total = (uint64_t)h * (w + 1), left = total - 1;
    put_code(&z, 0x30, 8); /* literal 0 */
    for (; left >= 258; left -= 258) {
        put_code(&z, 0xC5, 8); /* length code 285: 258 */
        put_code(&z, 0, 5);    /* distance code 0: 1 */
    }
    for (; left > 0; left--)
        put_code(&z, 0x30, 8);
    put_code(&z, 0, 7); /* end of block */
    if (z.n)
        put_bits(&z, 0, 8 - z.n);
    put_be32(&z, (uint32_t)((total % 65521u) << 16 | 1u)); /* Adler-32 of zeros: a = 1, b = n */

    bits ihdr = {0}, png = {0}, none = {0};
    put_be32(&ihdr, w);
    put_be32(&ihdr, h);
    put_byte(&ihdr, 8); /* bit depth */
    put_byte(&ihdr, 0); /* greyscale */
    put_byte(&ihdr, 0);
    put_byte(&ihdr, 0);
    put_byte(&ihdr, 0);
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    for (int i = 0; i < 8; i++)
        put_byte(&png, sig[i]);
    chunk(&png, "IHDR", &ihdr);
    chunk(&png, "IDAT", &z);
    chunk(&png, "IEND", &none);
    FILE *f = fopen(path, "wb");
    LRT_CHECK_MSG(f && fwrite(png.data, 1, png.len, f) == png.len && fclose(f) == 0, "cannot write %s", path);
    free(z.data);
    free(ihdr.data);
    free(png.data);
}

/* ---- builds in a child, measured ---- */

typedef struct outcome {
    lr_status status;
    char message[1024];
    long peak_kib; /* the child's ru_maxrss */
    int width, height; /* of the first image object, when it built */
} outcome;

static const char *head = "{\"version\":1,\"meta\":{\"title\":\"images\",\"quality\":\"l\"},\"sections\":[{\"id\":\"a\","
                          "\"title\":\"t\",\"objects\":[";

/* Builds section 0 of a spec whose objects are `objects` (JSON text, ids
 * o0, o1, ...) in a child process. */
static outcome build_measured(const char *objects, int count)
{
    char json[8192];
    int at = snprintf(json, sizeof json, "%s%s],\"timeline\":[{\"add\":[", head, objects);
    for (int i = 0; i < count; i++)
        at += snprintf(json + at, sizeof json - (size_t)at, "%s\"o%d\"", i ? "," : "", i);
    snprintf(json + at, sizeof json - (size_t)at, "]},{\"wait\":1}]}]}");
    outcome r = {LR_ERR_IO, "the child did not report", 0, 0, 0};
    int fds[2];
    if (pipe(fds) != 0)
        return r;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        outcome mine = {0};
        lr_spec_errors *errs = lr_spec_errors_create();
        lr_spec *spec = NULL;
        mine.status = lr_spec_load_string(json, "images.json", ".", &spec, errs);
        snprintf(mine.message, sizeof mine.message, "%s", lr_spec_errors_joined(errs));
        if (mine.status == LR_OK) {
            lr_scene *scene = NULL;
            lr_timeline *tl = NULL;
            lr_error err = {0};
            mine.status = lr_spec_build_section(spec, 0, &scene, &tl, &err);
            snprintf(mine.message, sizeof mine.message, "%s", err.message);
            const lr_mobject *m = scene ? lr_scene_find(scene, "o0") : NULL;
            if (m && m->kind == LR_MOBJECT_IMAGE) {
                mine.width = m->image.width;
                mine.height = m->image.height;
            }
            lr_timeline_destroy(tl);
            lr_scene_destroy(scene);
        }
        lr_spec_destroy(spec);
        lr_spec_errors_destroy(errs);
        ssize_t w = write(fds[1], &mine, sizeof mine);
        _exit(w == (ssize_t)sizeof mine ? 0 : 1);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        return r;
    }
    outcome got;
    bool reported = read(fds[0], &got, sizeof got) == (ssize_t)sizeof got;
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) == pid && reported) {
        r = got;
        r.peak_kib = ru.ru_maxrss;
    }
    printf("%d image object(s): %s, peak %ld KiB\n", count, lr_strerror(r.status), r.peak_kib);
    return r;
}

static void image_objects(char *buf, size_t size, const char *const *files, int n, const char *extra)
{
    size_t at = 0;
    for (int i = 0; i < n; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s{\"id\":\"o%d\",\"type\":\"image\",\"file\":\"%s\"%s}",
                               i ? "," : "", i, files[i], extra);
}

/* Sanitizers keep freed memory in quarantine and shadow what is used. */
#if defined(__SANITIZE_ADDRESS__)
#define SLACK_KIB (300 * 1024L)
#else
#define SLACK_KIB 0L
#endif
#define MIB (1024L)

int main(void)
{
    /* 1. 16384 x 16384 (the side limit): 268 Mi pixels, a 1 GiB decode;
     *    refused from the header. */
    write_black_png("huge.png", 16384, 16384);
    int w = 0, h = 0;
    lr_error err = {0};
    LRT_CHECK_STATUS(lr_image_info("huge.png", &w, &h, &err), LR_ERR_LIMIT);
    LRT_CHECK_MSG(strstr(err.message, "huge.png: the image is 16384x16384, more than the limit") &&
                      strstr(err.message, "64 Mi pixels"),
                  "%s", err.message);
    const char *one[] = {"huge.png"};
    char objs[4096];
    image_objects(objs, sizeof objs, one, 1, "");
    outcome r = build_measured(objs, 1);
    LRT_CHECK_STATUS(r.status, LR_ERR_LIMIT);
    LRT_CHECK_MSG(strstr(r.message, "images.json: sections[0].objects[0].file: ") == r.message, "%s", r.message);
    LRT_CHECK_MSG(r.peak_kib < 100 * MIB + SLACK_KIB, "refused 16384^2 image: peak %ld KiB", r.peak_kib);

    /* 2. A file just inside the limits decodes (and really is black). */
    write_black_png("6000.png", 6000, 6000);
    lr_image img = {0};
    LRT_CHECK_OK(lr_image_load(&img, "6000.png", &err));
    LRT_CHECK(img.width == 6000 && img.height == 6000 && img.pixels && img.pixels[4 * 3000 * 6000 + 4 * 3000] == 0 &&
              img.pixels[4 * 3000 * 6000 + 4 * 3000 + 3] == 255);
    lr_image_free(&img);

    /* 3. Three objects show that 34 Mi-pixel file: it is decoded once (three
     *    decodes would pass the section's 64 Mi), and each object keeps it
     *    at twice what a 4K frame shows of it: 2 units high by default, so
     *    2 x 2 x 2160 / 8 = 1080 pixels a side, not 6000. */
    const char *same[] = {"6000.png", "6000.png", "6000.png"};
    image_objects(objs, sizeof objs, same, 3, "");
    r = build_measured(objs, 3);
    LRT_CHECK_MSG(r.status == LR_OK, "%s", r.message);
    LRT_CHECK_MSG(r.width == 1080 && r.height == 1080, "kept %dx%d", r.width, r.height);
    /* One decode (6000^2 RGBA is 137 MiB, with stb's greyscale buffer
     * 172 MiB) and the kept copies; each object decoding its own full copy
     * kept 412 MiB and peaked past 550. */
    LRT_CHECK_MSG(r.peak_kib < 300 * MIB + SLACK_KIB, "3 objects of one 6000^2 file: peak %ld KiB", r.peak_kib);

    /* 4. Three different files of 24 Mi pixels each: the third would bring
     *    what the section decodes past 64 Mi, and is refused before it is
     *    decoded; two are fine. */
    write_black_png("a.png", 5000, 5000);
    write_black_png("b.png", 5000, 5000);
    write_black_png("c.png", 5000, 5000);
    const char *three[] = {"a.png", "b.png", "c.png"};
    image_objects(objs, sizeof objs, three, 3, "");
    r = build_measured(objs, 3);
    LRT_CHECK_STATUS(r.status, LR_ERR_LIMIT);
    LRT_CHECK_MSG(strstr(r.message, "images.json: sections[0].objects[2].file: ") == r.message &&
                      strstr(r.message, "71.5 Mi pixels, more than the limit of 64 Mi"),
                  "%s", r.message);
    LRT_CHECK_MSG(r.peak_kib < 300 * MIB + SLACK_KIB, "three 5000^2 files: peak %ld KiB", r.peak_kib);
    image_objects(objs, sizeof objs, three, 2, "");
    r = build_measured(objs, 2);
    LRT_CHECK_MSG(r.status == LR_OK, "%s", r.message);

    /* 5. What the objects keep is bounded too: a 4000x2250 image shown
     *    frame-wide is kept at the 4K frame's 3840x2160 (7.9 Mi pixels);
     *    nine such objects would keep 71 Mi. */
    write_black_png("wide.png", 4000, 2250);
    const char *wide[9];
    for (int i = 0; i < 9; i++)
        wide[i] = "wide.png";
    image_objects(objs, sizeof objs, wide, 9, ",\"width\":14.2");
    r = build_measured(objs, 9);
    LRT_CHECK_STATUS(r.status, LR_ERR_LIMIT);
    LRT_CHECK_MSG(strstr(r.message, "images.json: sections[0].objects[8].file: ") == r.message &&
                      strstr(r.message, "keep 71.2 Mi pixels, more than the limit of 64 Mi"),
                  "%s", r.message);
    image_objects(objs, sizeof objs, wide, 8, ",\"width\":14.2");
    r = build_measured(objs, 8);
    LRT_CHECK_MSG(r.status == LR_OK && r.width == 3840 && r.height == 2160, "%s (kept %dx%d)", r.message, r.width,
                  r.height);

    /* 6. Scaling down keeps the picture: a 2000x1000 image, red on the
     *    left, blue on the right, half transparent at the top; shown 1 unit
     *    wide, it is kept at 540x270, the colours where they were and no
     *    colour bleeding from the transparent half into its edge. */
    lr_image pic = {0};
    LRT_CHECK_OK(lr_image_alloc(&pic, 2000, 1000));
    for (int y = 0; y < 1000; y++)
        for (int x = 0; x < 2000; x++) {
            uint8_t *p = pic.pixels + (size_t)y * (size_t)pic.stride + 4u * (size_t)x;
            p[0] = x < 1000 ? 255 : 0;
            p[2] = x < 1000 ? 0 : 255;
            p[3] = y < 500 ? 0 : 255;
        }
    LRT_CHECK(stbi_write_png("pic.png", 2000, 1000, 4, pic.pixels, pic.stride) != 0);
    lr_image small = {0};
    LRT_CHECK_OK(lr_image_resize(&pic, 540, 270, &small, &err));
    const uint8_t *left = small.pixels + 200u * (size_t)small.stride + 4u * 100u;
    const uint8_t *right = small.pixels + 200u * (size_t)small.stride + 4u * 440u;
    const uint8_t *top = small.pixels + 20u * (size_t)small.stride + 4u * 100u;
    LRT_CHECK_MSG(left[0] > 250 && left[2] < 5 && left[3] > 250, "left %d %d %d %d", left[0], left[1], left[2], left[3]);
    LRT_CHECK_MSG(right[0] < 5 && right[2] > 250 && right[3] > 250, "right %d %d %d", right[0], right[1], right[2]);
    LRT_CHECK_MSG(top[3] < 5, "top alpha %d", top[3]);
    lr_image_free(&small);
    lr_image_free(&pic);
    const char *pics[] = {"pic.png"};
    image_objects(objs, sizeof objs, pics, 1, ",\"width\":1");
    r = build_measured(objs, 1);
    LRT_CHECK_MSG(r.status == LR_OK && r.width == 540 && r.height == 270, "%s (kept %dx%d)", r.message, r.width,
                  r.height);

    for (const char *const *f = (const char *const[]){"huge.png", "6000.png", "a.png", "b.png", "c.png", "wide.png",
                                                      "pic.png", NULL};
         *f; f++)
        remove(*f);
    return lrt_finish("hardening_images");
}
