/* Vector fields and stream lines (Manim's ArrowVectorField, StreamLines):
 * the field's x and y components are expressions in x and y, evaluated at
 * each point of a grid (or along each integrated line). */
#include "spec/build_internal.h"

lr_status build_vector_field(bctx *c, const cJSON *o, lr_mobject **out)
{
    (void)o;
    *out = NULL;
    return build_fail(c, "vector_field", LR_ERR_UNSUPPORTED, "not built yet");
}

lr_status build_stream_lines(bctx *c, const cJSON *o, lr_mobject **out)
{
    (void)o;
    *out = NULL;
    return build_fail(c, "stream_lines", LR_ERR_UNSUPPORTED, "not built yet");
}
