#include <librender/lr_base.h>

#include <float.h>
#include <math.h>

lr_affine lr_affine_identity(void) { return (lr_affine){1, 0, 0, 1, 0, 0}; }
lr_affine lr_affine_translate(float tx, float ty) { return (lr_affine){1, 0, 0, 1, tx, ty}; }
lr_affine lr_affine_scale(float sx, float sy) { return (lr_affine){sx, 0, 0, sy, 0, 0}; }

lr_affine lr_affine_rotate(float radians)
{
    float c = cosf(radians), s = sinf(radians);
    return (lr_affine){c, s, -s, c, 0, 0};
}

lr_affine lr_affine_then(lr_affine m, lr_affine n)
{
    /* n * m as matrices: apply m first. */
    return (lr_affine){
        n.a * m.a + n.c * m.b,       n.b * m.a + n.d * m.b,       n.a * m.c + n.c * m.d,
        n.b * m.c + n.d * m.d,       n.a * m.e + n.c * m.f + n.e, n.b * m.e + n.d * m.f + n.f,
    };
}

lr_vec2 lr_affine_apply(lr_affine m, lr_vec2 p) { return (lr_vec2){m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f}; }

bool lr_affine_invert(lr_affine m, lr_affine *out)
{
    double det = (double)m.a * m.d - (double)m.b * m.c;
    if (fabs(det) < 1e-20)
        return false;
    double inv = 1.0 / det;
    lr_affine r;
    r.a = (float)(m.d * inv);
    r.b = (float)(-m.b * inv);
    r.c = (float)(-m.c * inv);
    r.d = (float)(m.a * inv);
    r.e = (float)(((double)m.c * m.f - (double)m.d * m.e) * inv);
    r.f = (float)(((double)m.b * m.e - (double)m.a * m.f) * inv);
    *out = r;
    return true;
}

lr_rect lr_rect_empty(void) { return (lr_rect){FLT_MAX, FLT_MAX, -FLT_MAX, -FLT_MAX}; }
bool lr_rect_is_empty(lr_rect r) { return r.x0 > r.x1 || r.y0 > r.y1; }

lr_rect lr_rect_union(lr_rect a, lr_rect b)
{
    if (lr_rect_is_empty(a))
        return b;
    if (lr_rect_is_empty(b))
        return a;
    return (lr_rect){fminf(a.x0, b.x0), fminf(a.y0, b.y0), fmaxf(a.x1, b.x1), fmaxf(a.y1, b.y1)};
}

lr_rect lr_rect_intersect(lr_rect a, lr_rect b)
{
    lr_rect r = {fmaxf(a.x0, b.x0), fmaxf(a.y0, b.y0), fminf(a.x1, b.x1), fminf(a.y1, b.y1)};
    return lr_rect_is_empty(r) ? lr_rect_empty() : r;
}

lr_rect lr_rect_add_point(lr_rect r, lr_vec2 p)
{
    return (lr_rect){fminf(r.x0, p.x), fminf(r.y0, p.y), fmaxf(r.x1, p.x), fmaxf(r.y1, p.y)};
}

float lr_rect_area(lr_rect r) { return lr_rect_is_empty(r) ? 0.0f : (r.x1 - r.x0) * (r.y1 - r.y0); }

lr_rect lr_rect_transform(lr_rect r, lr_affine m)
{
    if (lr_rect_is_empty(r))
        return r;
    lr_rect out = lr_rect_empty();
    out = lr_rect_add_point(out, lr_affine_apply(m, (lr_vec2){r.x0, r.y0}));
    out = lr_rect_add_point(out, lr_affine_apply(m, (lr_vec2){r.x1, r.y0}));
    out = lr_rect_add_point(out, lr_affine_apply(m, (lr_vec2){r.x0, r.y1}));
    out = lr_rect_add_point(out, lr_affine_apply(m, (lr_vec2){r.x1, r.y1}));
    return out;
}
