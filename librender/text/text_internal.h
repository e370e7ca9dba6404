/* Internal to librender: text placed by its baseline rather than centred. */
#ifndef LR_TEXT_INTERNAL_H
#define LR_TEXT_INTERNAL_H

#include <librender/lr_text.h>

/* Where lr_text_create put the layout: the origin (the first line's
 * baseline at x = 0) in the result's coordinates, and the furthest pen
 * position (the end of the longest line, trailing spaces included). */
typedef struct lr_text_placement {
    lr_vec2 origin;
    float pen_end;
} lr_text_placement;

/* lr_text_create, telling where it placed the layout (`where` may be
 * NULL), so that a caller that sets lines on baselines of its own (a code
 * listing) can undo the centring. */
lr_status lr_text_create_placed(lr_text_context *ctx, const char *utf8, const lr_text_style *style,
                                lr_mobject **out, lr_text_placement *where, lr_error *err);

#endif
