/* function_image (version 2): an image whose pixels the GPU computes from
 * an expression, f(z) domain-coloured or a number along a gradient. The
 * expression the validator compiled becomes GLSL (expr_glsl.c) and the
 * mobject carries that text, the region its pixels stand for and the
 * uniforms: time and the values it reads, as they are when it is built.
 * An expression that reads them makes the object one of those rebuilt at
 * every frame (live.c), which here costs a copy of the text and a few
 * numbers: the renderer finds the program it compiled for the same text,
 * and the pixels change with the uniforms alone. */
#include "spec/build_internal.h"

_Static_assert(EXPR_GLSL_MAX_VARS == LR_IMAGE_FN_MAX_VARS, "the GPU's u_vars hold what expr_to_glsl reads");

/* Manim's DEFAULT_SCALAR_FIELD_COLORS, as a vector field's. */
static const char *const default_colors[] = {"BLUE_E", "GREEN", "YELLOW", "RED"};

lr_status build_function_image(bctx *c, const cJSON *o, lr_mobject **out)
{
    const cJSON *jf = cJSON_GetObjectItemCaseSensitive(o, "f");
    const cJSON *v = jf ? jf : cJSON_GetObjectItemCaseSensitive(o, "expr");
    const spec_expr *e = v ? spec_exprs_find(&c->sec->exprs, v) : NULL;
    if (!e)
        return build_fail(c, "function_image", LR_ERR_INVALID_ARG, "its expression was not compiled");
    expr_glsl g;
    lr_error gerr = {0};
    if (expr_to_glsl(e->expr, SPEC_SLOT_LOCAL, &g, &gerr) != LR_OK)
        return build_fail(c, "function_image", gerr.status, gerr.message);

    lr_image_fn fn;
    memset(&fn, 0, sizeof fn);
    fn.glsl = g.text;
    fn.mode = jf ? LR_IMAGE_FN_DOMAIN : LR_IMAGE_FN_GRADIENT;
    fn.nvars = g.nvars;
    for (int j = 0; j < g.nvars; j++)
        fn.vars[j] = (float)c->vars[g.slots[j]];
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(o, "colors");
    for (const cJSON *k = list ? list->child : NULL; k && fn.nstops < LR_IMAGE_FN_MAX_STOPS; k = k->next)
        if (cJSON_IsString(k) && lr_color_parse(k->valuestring, &fn.stops[fn.nstops]))
            fn.nstops++;
    if (fn.nstops < 2) {
        fn.nstops = 0;
        for (size_t i = 0; i < sizeof default_colors / sizeof default_colors[0]; i++)
            lr_color_parse(default_colors[i], &fn.stops[fn.nstops++]);
    }
    fn.lo = (float)build_num(c, o, "min_color_value", 0);
    fn.hi = (float)build_num(c, o, "max_color_value", 1);
    fn.contours = bool_or(o, "contours", false);

    /* The region: in the coordinates of the plane or axes it is on (their
     * ranges by default), else in the scene's (the frame by default). */
    const bobj *plane = build_find(c, str_or(o, "plane", ""));
    const bobj *axes = build_find(c, str_or(o, "in", ""));
    const bobj *on = plane && plane->is_axes ? plane : axes && axes->is_axes ? axes : NULL;
    lr_layout frame = lr_layout_get(c->orientation);
    float hw = frame.frame_width * 0.5f, hh = frame.frame_height * 0.5f;
    double xr[3], yr[3];
    build_range(c, o, "x_range", on ? on->axes.x0 : -hw, on ? on->axes.x1 : hw, 0, xr);
    build_range(c, o, "y_range", on ? on->axes.y0 : -hh, on ? on->axes.y1 : hh, 0, yr);
    fn.domain[0] = (float)xr[0];
    fn.domain[1] = (float)yr[0];
    fn.domain[2] = (float)xr[1];
    fn.domain[3] = (float)yr[1];
    lr_rect rect = {fn.domain[0], fn.domain[1], fn.domain[2], fn.domain[3]};
    lr_mobject *m = lr_mobject_create_image_fn(&fn, rect);
    free(g.text);
    if (!m)
        return build_fail(c, "function_image", LR_ERR_NOMEM, "out of memory");
    /* Its rectangle is in the plane's coordinates: "plane" maps it as it
     * maps any shape on a plane (build_place_content), "in" here, its
     * corners where c2p puts them (a curve on axes is placed so too). */
    if (axes && axes->is_axes && !plane && axes->m)
        lr_mobject_set_transform(m, lr_affine_then(axes_affine(&axes->axes), lr_mobject_world_transform(shape_of(axes))));
    *out = m;
    return LR_OK;
}
