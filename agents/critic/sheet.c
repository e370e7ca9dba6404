/* Contact sheets and in-memory PNG encoding for the Critic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image_write.h>

#include "critic_internal.h"

static void png_sink(void *ctx, void *data, int size)
{
    c2v_buf *b = ctx;
    if (size > 0)
        c2v_buf_append(b, data, (size_t)size);
}

/* Encodes `img` as PNG into a malloc'd buffer. */
c2v_status critic_png_encode(const lr_image *img, unsigned char **data, size_t *size, c2v_error *err)
{
    c2v_buf b = {0};
    *data = NULL;
    *size = 0;
    if (!img || !img->pixels || img->width <= 0 || img->height <= 0)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "critic: empty image");
    if (!stbi_write_png_to_func(png_sink, &b, img->width, img->height, 4, img->pixels, img->stride) || b.overflow ||
        !b.data) {
        c2v_buf_free(&b);
        return c2v_error_set(err, C2V_ERR_NOMEM, "critic: PNG encoding failed");
    }
    *data = (unsigned char *)b.data;
    *size = b.len;
    return C2V_OK;
}

c2v_status c2v_contact_sheet_write(const lr_image *images, size_t count, int thumb_width, const char *path,
                                   c2v_error *err)
{
    if (!images || !count || !path)
        return c2v_error_set(err, C2V_ERR_INVALID_ARG, "contact sheet: no images or no path");
    if (thumb_width <= 0)
        thumb_width = 320;
    int cols = 1;
    while ((size_t)(cols * cols) < count)
        cols++;
    int rows = (int)((count + (size_t)cols - 1) / (size_t)cols);
    /* Every thumbnail gets the first frame's aspect ratio. */
    int tw = thumb_width, th = (int)((long)thumb_width * images[0].height / (images[0].width > 0 ? images[0].width : 1));
    if (th < 1)
        th = 1;
    const int gap = 4;
    lr_image sheet = {0};
    if (lr_image_alloc(&sheet, cols * tw + (cols + 1) * gap, rows * th + (rows + 1) * gap) != LR_OK)
        return c2v_error_set(err, C2V_ERR_NOMEM, "contact sheet: out of memory");
    for (int y = 0; y < sheet.height; y++) {
        uint8_t *row = sheet.pixels + (size_t)y * (size_t)sheet.stride;
        for (int x = 0; x < sheet.width; x++) {
            row[4 * x] = row[4 * x + 1] = row[4 * x + 2] = 64;
            row[4 * x + 3] = 255;
        }
    }
    for (size_t i = 0; i < count; i++) {
        const lr_image *src = &images[i];
        if (!src->pixels || src->width <= 0 || src->height <= 0)
            continue;
        int ox = gap + (int)(i % (size_t)cols) * (tw + gap), oy = gap + (int)(i / (size_t)cols) * (th + gap);
        /* A box filter: each thumbnail pixel averages its source rectangle. */
        for (int y = 0; y < th; y++) {
            int sy0 = (int)((long)y * src->height / th), sy1 = (int)((long)(y + 1) * src->height / th);
            if (sy1 <= sy0)
                sy1 = sy0 + 1;
            for (int x = 0; x < tw; x++) {
                int sx0 = (int)((long)x * src->width / tw), sx1 = (int)((long)(x + 1) * src->width / tw);
                if (sx1 <= sx0)
                    sx1 = sx0 + 1;
                unsigned sum[4] = {0}, n = 0;
                for (int sy = sy0; sy < sy1 && sy < src->height; sy++)
                    for (int sx = sx0; sx < sx1 && sx < src->width; sx++, n++)
                        for (int c = 0; c < 4; c++)
                            sum[c] += src->pixels[(size_t)sy * (size_t)src->stride + (size_t)sx * 4 + (size_t)c];
                uint8_t *d = sheet.pixels + (size_t)(oy + y) * (size_t)sheet.stride + (size_t)(ox + x) * 4;
                for (int c = 0; c < 3; c++)
                    d[c] = (uint8_t)(n ? sum[c] / n : 0);
                d[3] = 255;
            }
        }
    }
    char tmp[4096];
    int n = snprintf(tmp, sizeof tmp, "%s.tmp", path);
    c2v_status st = C2V_OK;
    lr_error le = {0};
    if (n < 0 || (size_t)n >= sizeof tmp)
        st = c2v_error_set(err, C2V_ERR_INVALID_ARG, "contact sheet: path too long");
    else if (lr_image_write_png(&sheet, tmp, &le) != LR_OK)
        st = c2v_error_set(err, C2V_ERR_IO, "contact sheet %s: %s", path, le.message);
    else if (rename(tmp, path) != 0) {
        remove(tmp);
        st = c2v_error_set(err, C2V_ERR_IO, "contact sheet: cannot rename %s to %s", tmp, path);
    }
    lr_image_free(&sheet);
    return st;
}
