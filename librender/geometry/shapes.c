/* Shape mobjects: the path builders of path_shapes.c wrapped with a style. */
#include <math.h>

#include <librender/lr_shapes.h>

#include "geometry/geometry_internal.h"

lr_style lr_shape_style_filled(lr_color fill)
{
    lr_style s = lr_style_default();
    s.fill = fill;
    s.stroke.a = 0;
    s.stroke_width = 0;
    return s;
}

lr_arrow_opts lr_arrow_opts_default(void)
{
    return (lr_arrow_opts){LR_ARROW_TIP_LENGTH, LR_ARROW_TIP_LENGTH, LR_ARROW_BUFF, 0.25f, 0.05f};
}

static const char *status_why(lr_status s)
{
    switch (s) {
    case LR_ERR_INVALID_ARG:
        return "a coordinate or size is NaN, infinite or negative, or too few vertices";
    case LR_ERR_LIMIT:
        return "more than 10000 vertices or dashes, or an arc of too many turns";
    default:
        return lr_strerror(s);
    }
}

/* Wraps `path` (freed here) in a path mobject. */
static lr_mobject *finish(const char *what, lr_path *path, lr_status s, lr_style style, lr_error *err)
{
    lr_mobject *m = NULL;
    if (s == LR_OK) {
        m = lr_mobject_create_path(path, style);
        if (!m)
            s = LR_ERR_NOMEM;
    }
    lr_path_free(path);
    if (s != LR_OK)
        lr_error_set(err, s, "%s: %s", what, status_why(s));
    return m;
}

lr_mobject *lr_shape_line(lr_vec2 a, lr_vec2 b, lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("line", &p, lr_path_add_line(&p, a, b), style, err);
}

lr_mobject *lr_shape_polyline(const lr_vec2 *pts, uint32_t n, lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("polyline", &p, lr_path_add_polyline(&p, pts, n, false), style, err);
}

lr_mobject *lr_shape_polygon(const lr_vec2 *pts, uint32_t n, lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("polygon", &p, lr_path_add_polygon(&p, pts, n), style, err);
}

lr_mobject *lr_shape_regular_polygon(lr_vec2 center, float radius, uint32_t n, float start_angle, lr_style style,
                                     lr_error *err)
{
    lr_path p = {0};
    return finish("regular polygon", &p, lr_path_add_regular_polygon(&p, center, radius, n, start_angle), style,
                  err);
}

lr_mobject *lr_shape_star(lr_vec2 center, float outer_radius, float inner_radius, uint32_t points,
                          float start_angle, lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("star", &p, lr_path_add_star(&p, center, outer_radius, inner_radius, points, start_angle), style,
                  err);
}

lr_mobject *lr_shape_rectangle(lr_vec2 center, float width, float height, lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("rectangle", &p, lr_path_add_rect(&p, center, width, height), style, err);
}

lr_mobject *lr_shape_rounded_rectangle(lr_vec2 center, float width, float height, float corner_radius,
                                       lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("rounded rectangle", &p, lr_path_add_rounded_rect(&p, center, width, height, corner_radius),
                  style, err);
}

lr_mobject *lr_shape_circle(lr_vec2 center, float radius, lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("circle", &p, lr_path_add_circle(&p, center, radius), style, err);
}

lr_mobject *lr_shape_ellipse(lr_vec2 center, float rx, float ry, lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("ellipse", &p, lr_path_add_ellipse(&p, center, rx, ry), style, err);
}

lr_mobject *lr_shape_arc(lr_vec2 center, float radius, float start_angle, float sweep, lr_style style,
                         lr_error *err)
{
    lr_path p = {0};
    return finish("arc", &p, lr_path_add_arc(&p, center, radius, start_angle, sweep), style, err);
}

lr_mobject *lr_shape_annulus(lr_vec2 center, float inner_radius, float outer_radius, lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("annulus", &p, lr_path_add_annulus(&p, center, inner_radius, outer_radius), style, err);
}

lr_mobject *lr_shape_sector(lr_vec2 center, float inner_radius, float outer_radius, float start_angle, float sweep,
                            lr_style style, lr_error *err)
{
    lr_path p = {0};
    return finish("sector", &p, lr_path_add_sector(&p, center, inner_radius, outer_radius, start_angle, sweep),
                  style, err);
}

lr_mobject *lr_shape_dot(lr_vec2 center, float radius, lr_style style, lr_error *err)
{
    lr_path p = {0};
    if (!isnan(radius) && radius <= 0)
        radius = LR_DOT_RADIUS;
    return finish("dot", &p, lr_path_add_circle(&p, center, radius), style, err);
}

lr_mobject *lr_shape_dashed_line(lr_vec2 a, lr_vec2 b, float dash, float gap, lr_style style, lr_error *err)
{
    lr_path p = {0};
    if (!isnan(dash) && dash <= 0)
        dash = LR_DASH_LENGTH;
    if (!isnan(gap) && gap < 0)
        gap = dash;
    return finish("dashed line", &p, lr_path_add_dashed_line(&p, a, b, dash, gap), style, err);
}

static bool opts_ok(const lr_arrow_opts *o)
{
    return isfinite(o->tip_length) && o->tip_length >= 0 && isfinite(o->tip_width) && o->tip_width >= 0 &&
           isfinite(o->buff) && o->buff >= 0 && isfinite(o->max_tip_ratio) && o->max_tip_ratio >= 0 &&
           isfinite(o->max_stroke_ratio) && o->max_stroke_ratio >= 0;
}

static lr_status add_child_path(lr_mobject *group, const lr_path *p, lr_style style)
{
    lr_mobject *m = lr_mobject_create_path(p, style);
    if (!m)
        return LR_ERR_NOMEM;
    lr_status s = lr_mobject_add_child(group, m);
    if (s != LR_OK)
        lr_mobject_destroy(m);
    return s;
}

/* Manim's Arrow: trim `buff` off both ends, shrink the tip to at most
 * max_tip_ratio of what is left (keeping its proportions), thin the stroke
 * of short arrows, and end the shaft at the tip's base. */
static lr_mobject *make_arrow(const char *what, lr_vec2 start, lr_vec2 end, const lr_arrow_opts *opts, bool both,
                              lr_style style, lr_error *err)
{
    lr_arrow_opts o = opts ? *opts : lr_arrow_opts_default();
    if (!lr_geom_finite2(start) || !lr_geom_finite2(end) || !opts_ok(&o)) {
        lr_error_set(err, LR_ERR_INVALID_ARG, "%s: %s", what, status_why(LR_ERR_INVALID_ARG));
        return NULL;
    }
    double dx = (double)end.x - start.x, dy = (double)end.y - start.y;
    double len = hypot(dx, dy);
    if (!isfinite(len)) {
        lr_error_set(err, LR_ERR_INVALID_ARG, "%s: the arrow is too long", what);
        return NULL;
    }
    double ux = len > 0 ? dx / len : 1, uy = len > 0 ? dy / len : 0;
    double buff = fmin(o.buff, 0.5 * len);
    lr_vec2 a = {(float)(start.x + ux * buff), (float)(start.y + uy * buff)};
    lr_vec2 b = {(float)(end.x - ux * buff), (float)(end.y - uy * buff)};
    double inner = len - 2 * buff;
    double tip = fmin(o.tip_length, o.max_tip_ratio * inner);
    double width = o.tip_length > 0 ? o.tip_width * tip / o.tip_length : 0;
    lr_style shaft_style = style;
    shaft_style.fill.a = 0; /* a line encloses nothing */
    if (shaft_style.stroke_width > o.max_stroke_ratio * inner)
        shaft_style.stroke_width = (float)(o.max_stroke_ratio * inner);
    lr_style tip_style = lr_shape_style_filled(style.stroke);

    lr_mobject *group = lr_mobject_create_group();
    lr_path p = {0};
    lr_status s = group ? LR_OK : LR_ERR_NOMEM;
    lr_vec2 sa = both ? (lr_vec2){(float)(a.x + ux * tip), (float)(a.y + uy * tip)} : a;
    lr_vec2 sb = {(float)(b.x - ux * tip), (float)(b.y - uy * tip)};
    if (s == LR_OK)
        s = lr_path_add_line(&p, sa, sb);
    if (s == LR_OK)
        s = add_child_path(group, &p, shaft_style);
    if (s == LR_OK && tip > 0) {
        lr_path_clear(&p);
        s = lr_path_add_arrow_tip(&p, b, (lr_vec2){(float)ux, (float)uy}, (float)tip, (float)width);
        if (s == LR_OK)
            s = add_child_path(group, &p, tip_style);
        if (s == LR_OK && both) {
            lr_path_clear(&p);
            s = lr_path_add_arrow_tip(&p, a, (lr_vec2){(float)-ux, (float)-uy}, (float)tip, (float)width);
            if (s == LR_OK)
                s = add_child_path(group, &p, tip_style);
        }
    }
    lr_path_free(&p);
    if (s != LR_OK) {
        lr_mobject_destroy(group);
        lr_error_set(err, s, "%s: %s", what, status_why(s));
        return NULL;
    }
    return group;
}

lr_mobject *lr_shape_arrow(lr_vec2 start, lr_vec2 end, const lr_arrow_opts *opts, lr_style style, lr_error *err)
{
    return make_arrow("arrow", start, end, opts, false, style, err);
}

lr_mobject *lr_shape_double_arrow(lr_vec2 start, lr_vec2 end, const lr_arrow_opts *opts, lr_style style,
                                  lr_error *err)
{
    return make_arrow("double arrow", start, end, opts, true, style, err);
}

lr_mobject *lr_shape_vector(lr_vec2 direction, lr_style style, lr_error *err)
{
    lr_arrow_opts o = lr_arrow_opts_default();
    o.buff = 0;
    return make_arrow("vector", (lr_vec2){0, 0}, direction, &o, false, style, err);
}
