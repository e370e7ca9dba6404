#include <librender/lr_base.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <stb_image.h>
#include <stb_image_resize.h>
#include <stb_image_write.h>

#include "core/file.h"

lr_status lr_image_alloc(lr_image *img, int width, int height)
{
    if (!img || width <= 0 || height <= 0 || width > LR_IMAGE_MAX_SIDE || height > LR_IMAGE_MAX_SIDE)
        return LR_ERR_INVALID_ARG;
    size_t stride = (size_t)width * 4u;
    uint8_t *pixels = calloc((size_t)height, stride);
    if (!pixels)
        return LR_ERR_NOMEM;
    free(img->pixels);
    img->pixels = pixels;
    img->width = width;
    img->height = height;
    img->stride = (int)stride;
    return LR_OK;
}

void lr_image_free(lr_image *img)
{
    if (!img)
        return;
    free(img->pixels);
    *img = (lr_image){0};
}

typedef struct png_sink {
    FILE *f;
    int error; /* the first errno of a failed write, 0 while all is well */
} png_sink;

static void png_sink_write(void *context, void *data, int size)
{
    png_sink *s = context;
    if (s->error || size <= 0)
        return;
    errno = 0;
    if (fwrite(data, 1, (size_t)size, s->f) != (size_t)size)
        s->error = errno ? errno : EIO;
}

lr_status lr_image_write_png(const lr_image *img, const char *path, lr_error *err)
{
    if (!img || !img->pixels || !path)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_image_write_png: no image or path");
    /* Written beside the target and renamed, so a reader never sees half a PNG. */
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    snprintf(tmp, n, "%s.part%d", path, (int)getpid() % 100000);
    /* stbi_write_png ignores failed writes (a full disk would leave a cut
     * PNG that the rename then publishes), so the bytes go through our own
     * checked fwrite, and fclose's verdict counts too. */
    png_sink sink = {fopen(tmp, "wb"), 0};
    if (!sink.f) {
        int e = errno;
        free(tmp);
        return lr_error_set(err, LR_ERR_IO, "%s: cannot write PNG (%s)", path, strerror(e));
    }
    int encoded = stbi_write_png_to_func(png_sink_write, &sink, img->width, img->height, 4, img->pixels, img->stride);
    if (!sink.error && fflush(sink.f) != 0)
        sink.error = errno ? errno : EIO;
    if (fclose(sink.f) != 0 && !sink.error)
        sink.error = errno ? errno : EIO;
    if (!encoded || sink.error) {
        remove(tmp);
        free(tmp);
        return lr_error_set(err, LR_ERR_IO, "%s: cannot write PNG (%s)", path,
                            sink.error ? strerror(sink.error) : "encoder failed");
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        free(tmp);
        return lr_error_set(err, LR_ERR_IO, "%s: cannot write PNG (%s)", path, strerror(e));
    }
    free(tmp);
    return LR_OK;
}

/* Opens `path` (a regular file only) and reads its header: *f is left at
 * the start of the file. */
static lr_status image_open(const char *path, FILE **f, int *w, int *h, lr_error *err)
{
    lr_status s = lr_file_open_regular(path, f, NULL, err);
    if (s != LR_OK)
        return s;
    int comp;
    if (!stbi_info_from_file(*f, w, h, &comp)) {
        fclose(*f);
        *f = NULL;
        return lr_error_set(err, LR_ERR_IMAGE, "%s: not a PNG or JPEG image (%s)", path, stbi_failure_reason());
    }
    if (*w <= 0 || *h <= 0 || *w > LR_IMAGE_MAX_SIDE || *h > LR_IMAGE_MAX_SIDE ||
        (int64_t)*w * *h > LR_IMAGE_MAX_PIXELS) {
        fclose(*f);
        *f = NULL;
        return lr_error_set(err, LR_ERR_LIMIT,
                            "%s: the image is %dx%d, more than the limit of %d pixels a side and %d Mi pixels in all",
                            path, *w, *h, LR_IMAGE_MAX_SIDE, LR_IMAGE_MAX_PIXELS >> 20);
    }
    return LR_OK;
}

lr_status lr_image_info(const char *path, int *width, int *height, lr_error *err)
{
    if (!path || !width || !height)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_image_info: no path or size");
    FILE *f;
    lr_status s = image_open(path, &f, width, height, err);
    if (s == LR_OK)
        fclose(f);
    return s;
}

lr_status lr_image_load(lr_image *img, const char *path, lr_error *err)
{
    if (!img || !path)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_image_load: no image or path");
    FILE *f;
    int w, h, comp;
    lr_status s = image_open(path, &f, &w, &h, err);
    if (s != LR_OK)
        return s;
    unsigned char *data = stbi_load_from_file(f, &w, &h, &comp, 4);
    fclose(f);
    if (!data)
        return lr_error_set(err, LR_ERR_IMAGE, "%s: cannot decode image (%s)", path, stbi_failure_reason());
    free(img->pixels);
    img->pixels = data; /* stb uses malloc, so lr_image_free's free() matches */
    img->width = w;
    img->height = h;
    img->stride = w * 4;
    return LR_OK;
}

lr_status lr_image_resize(const lr_image *src, int width, int height, lr_image *out, lr_error *err)
{
    if (!src || !src->pixels || !out || out == src)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_image_resize: no image");
    lr_image dst = {0};
    if (lr_image_alloc(&dst, width, height) != LR_OK)
        return lr_error_set(err, width > 0 && height > 0 ? LR_ERR_NOMEM : LR_ERR_INVALID_ARG,
                            "cannot resize a %dx%d image to %dx%d", src->width, src->height, width, height);
    /* Straight (not premultiplied) alpha: stb weights colour by alpha, so
     * transparent pixels do not bleed their colour into the edges. */
    if (!stbir_resize_uint8_srgb(src->pixels, src->width, src->height, src->stride, dst.pixels, width, height,
                                 dst.stride, 4, 3, 0)) {
        lr_image_free(&dst);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory resizing a %dx%d image", src->width, src->height);
    }
    lr_image_free(out);
    *out = dst;
    return LR_OK;
}
