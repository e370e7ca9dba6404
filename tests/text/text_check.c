#include "text_check.h"

size_t text_check_shape(lr_text_context *ctx, const char *s, const lr_text_style *st, lr_text_glyph **glyphs)
{
    size_t n = 0;
    lr_error err = {0};
    lr_status status = lr_text_shape(ctx, s, st, glyphs, &n, &err);
    LRT_CHECK_MSG(status == LR_OK, "shape \"%s\": %s", s, err.message);
    return n;
}

lr_mobject *text_check_create(lr_text_context *ctx, const char *s, const lr_text_style *st)
{
    lr_mobject *m = NULL;
    lr_error err = {0};
    lr_status status = lr_text_create(ctx, s, st, &m, &err);
    LRT_CHECK_MSG(status == LR_OK, "text \"%s\": %s", s, err.message);
    return m;
}
