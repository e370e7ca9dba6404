/* Shaping and building text in the text tests: a failure is a failed check
 * that names the string, and the caller goes on with what came back. */
#ifndef C2V_TESTS_TEXT_CHECK_H
#define C2V_TESTS_TEXT_CHECK_H

#include "lrtest.h"

size_t text_check_shape(lr_text_context *ctx, const char *s, const lr_text_style *st, lr_text_glyph **glyphs);
lr_mobject *text_check_create(lr_text_context *ctx, const char *s, const lr_text_style *st);

#endif
