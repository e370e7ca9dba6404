/* Small helpers shared by the animation tests. */
#ifndef ANIM_UTIL_H
#define ANIM_UTIL_H

#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

static inline lr_mobject *make_rect(lr_vec2 c, float w, float h, lr_color stroke, lr_color fill)
{
    lr_path p = {0};
    lr_path_add_rect(&p, c, w, h);
    lr_style s = lr_style_default();
    s.stroke = stroke;
    s.fill = fill;
    lr_mobject *m = lr_mobject_create_path(&p, s);
    lr_path_free(&p);
    return m;
}

static inline lr_mobject *make_square(lr_vec2 c, float side)
{
    return make_rect(c, side, side, lr_rgba(1, 1, 1, 1), lr_rgba(1, 1, 1, 0));
}

static inline lr_mobject *make_circle(lr_vec2 c, float r)
{
    lr_path p = {0};
    lr_path_add_circle(&p, c, r);
    lr_mobject *m = lr_mobject_create_path(&p, lr_style_default());
    lr_path_free(&p);
    return m;
}

static inline float rect_w(lr_rect r) { return r.x1 - r.x0; }
static inline float rect_h(lr_rect r) { return r.y1 - r.y0; }
static inline float rect_cx(lr_rect r) { return (r.x0 + r.x1) * 0.5f; }
static inline float rect_cy(lr_rect r) { return (r.y0 + r.y1) * 0.5f; }

/* A ChangeDecimalToValue builder: a square of side v + 1. */
static inline lr_mobject *digits(double v, void *user)
{
    (void)user;
    return make_square((lr_vec2){0, 0}, (float)v + 1);
}

/* Bounds in scene space, whatever the parents' transforms. */
static inline lr_rect scene_bounds(const lr_mobject *m)
{
    return lr_mobject_bounds(m); /* the tests keep mobjects at the root */
}

/* Everything animations can change, flattened into floats, to compare two
 * states of a scene exactly. */
typedef struct state_buf {
    float *v;
    size_t n, cap;
} state_buf;

static inline void sb_push(state_buf *b, float x)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->v = realloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n++] = x;
}

static inline void sb_mobject(state_buf *b, const lr_mobject *m)
{
    lr_affine t = lr_mobject_get_transform(m);
    lr_style s = lr_mobject_get_style(m);
    float fs[] = {t.a, t.b, t.c, t.d, t.e, t.f, lr_mobject_get_opacity(m), lr_mobject_get_visible(m) ? 1.0f : 0.0f,
                  s.fill.r, s.fill.g, s.fill.b, s.fill.a, s.stroke.r, s.stroke.g, s.stroke.b, s.stroke.a,
                  s.stroke_width, lr_mobject_get_z_index(m), (float)lr_mobject_child_count(m)};
    for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
        sb_push(b, fs[i]);
    const lr_path *p = lr_mobject_path_const(m);
    if (p) {
        sb_push(b, (float)p->npoints);
        sb_push(b, (float)p->nsubpaths);
        for (uint32_t i = 0; i < p->npoints; i++) {
            sb_push(b, p->points[i].x);
            sb_push(b, p->points[i].y);
        }
    }
    for (size_t i = 0; i < lr_mobject_child_count(m); i++)
        sb_mobject(b, lr_mobject_child(m, i));
}

static inline state_buf scene_state(lr_scene *scene)
{
    state_buf b = {0};
    sb_mobject(&b, lr_scene_root(scene));
    lr_vec2 c;
    float h;
    lr_scene_get_camera(scene, &c, &h);
    sb_push(&b, c.x);
    sb_push(&b, c.y);
    sb_push(&b, h);
    return b;
}

static inline bool state_equal(const state_buf *a, const state_buf *b)
{
    return a->n == b->n && memcmp(a->v, b->v, a->n * sizeof *a->v) == 0;
}

static inline lr_anim *linear(lr_anim *a)
{
    lr_anim_set_rate_func(a, LR_RATE_LINEAR, NULL);
    return a;
}

#endif
