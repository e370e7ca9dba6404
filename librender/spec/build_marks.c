/* Marks fitted to an object, a part of one or two points: the brace
 * (Manim's Brace and BraceBetweenPoints) and, from version 2, Manim's shape
 * matchers: SurroundingRectangle, BackgroundRectangle, Underline, Cross.
 * Each reads its target's exact bounds as they are when it is built; the
 * validator makes a mark an object rebuilt per frame when its target is
 * rebuilt or an animation moves it (DEP_MOVES), so it follows. */
#include "spec/build_internal.h"

/* Exact bounds of what `ref` names (an object, or the mobjects of its
 * part), mapped from scene space by `frame`; empty when it names nothing. */
static lr_rect target_bounds(bctx *c, const char *ref, lr_affine frame)
{
    lr_mobject *parts[64];
    size_t n = build_targets_of(c, ref, parts, 64);
    lr_rect r = lr_rect_empty();
    for (size_t i = 0; i < n; i++) {
        lr_affine to = parts[i]->parent ? lr_affine_then(lr_mobject_world_transform(parts[i]->parent), frame) : frame;
        r = lr_rect_union(r, lr_mobject_bounds_under(parts[i], to));
    }
    return r;
}

static lr_status empty_mark(bctx *c, const char *what, lr_mobject **out)
{
    *out = lr_mobject_create_group();
    return *out ? LR_OK : build_fail(c, what, LR_ERR_NOMEM, "out of memory");
}

/* ---- braces ---- */

#define BRACE_HALF_SAMPLES 40

/* The outline of a curly brace spanning x in [0, w] below y = 0, its point
 * at (w / 2, -h): a filled shape, as Manim's Brace (a tapered glyph, not a
 * stroked curve). Each half's centre line (an end curling down into a bar,
 * the bar, a bend into the point) is sampled and offset to both sides by a
 * thickness that is zero at the ends and the point and `thick` in between;
 * the point is reached at 45 degrees so the two sides meet without
 * crossing. */
static lr_status add_brace_outline(lr_path *p, float w, float h, float thick)
{
    float q = fminf(h, w * 0.25f), k = q * 0.35f;
    lr_vec2 hook[4] = {{0, 0}, {0, -h * 0.5f}, {q * 0.5f, -h * 0.5f}, {q, -h * 0.5f}};
    lr_vec2 bend[4] = {{w * 0.5f - q, -h * 0.5f}, {w * 0.5f - q * 0.45f, -h * 0.5f}, {w * 0.5f - k, -h + k},
                       {w * 0.5f, -h}};
    /* the left half: hook, bar, bend */
    lr_vec2 half[BRACE_HALF_SAMPLES + 1];
    int n = 0, nh = BRACE_HALF_SAMPLES * 3 / 8, nb = BRACE_HALF_SAMPLES / 4;
    for (int i = 0; i < nh; i++)
        half[n++] = lr_cubic_point(hook, (float)i / (float)nh);
    for (int i = 0; i < nb; i++) {
        float t = (float)i / (float)nb;
        half[n++] = (lr_vec2){q + (w * 0.5f - 2 * q) * t, -h * 0.5f};
    }
    int nc = BRACE_HALF_SAMPLES - n;
    for (int i = 0; i <= nc; i++)
        half[n++] = lr_cubic_point(bend, (float)i / (float)nc);
    /* the whole centre line, left end to right end through the point */
    int m = 2 * n - 1;
    lr_vec2 c[2 * BRACE_HALF_SAMPLES + 1];
    float u[2 * BRACE_HALF_SAMPLES + 1]; /* 0 at the ends, 1 at the point, by length */
    float len[BRACE_HALF_SAMPLES + 1];
    len[0] = 0;
    for (int i = 1; i < n; i++)
        len[i] = len[i - 1] + hypotf(half[i].x - half[i - 1].x, half[i].y - half[i - 1].y);
    for (int i = 0; i < n; i++) {
        c[i] = half[i];
        c[m - 1 - i] = (lr_vec2){w - half[i].x, half[i].y};
        u[i] = u[m - 1 - i] = len[n - 1] > 0 ? len[i] / len[n - 1] : 0;
    }
    lr_vec2 outline[4 * BRACE_HALF_SAMPLES + 2];
    for (int i = 0; i < m; i++) {
        lr_vec2 a = c[i > 0 ? i - 1 : i], b = c[i < m - 1 ? i + 1 : i];
        float dx = b.x - a.x, dy = b.y - a.y, dl = hypotf(dx, dy);
        lr_vec2 nrm = dl > 0 ? (lr_vec2){-dy / dl, dx / dl} : (lr_vec2){0, 1};
        float t = thick * 0.5f * sqrtf(fmaxf(0.0f, sinf(3.14159265f * fminf(fmaxf(u[i], 0), 1))));
        outline[i] = (lr_vec2){c[i].x + nrm.x * t, c[i].y + nrm.y * t};
        outline[2 * m - 1 - i] = (lr_vec2){c[i].x - nrm.x * t, c[i].y - nrm.y * t};
    }
    return lr_path_add_polygon(p, outline, (uint32_t)(2 * m));
}


/* A direction's name or vector [x, y]; `fallback` when there is none. */
static lr_vec2 direction_of(const cJSON *v, lr_vec2 fallback)
{
    if (cJSON_IsArray(v) && cJSON_GetArraySize(v) == 2)
        return (lr_vec2){(float)v->child->valuedouble, (float)v->child->next->valuedouble};
    static const struct {
        const char *name;
        lr_vec2 d;
    } names[] = {{"right", {1, 0}}, {"left", {-1, 0}}, {"up", {0, 1}}, {"down", {0, -1}}};
    for (size_t i = 0; cJSON_IsString(v) && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(v->valuestring, names[i].name) == 0)
            return names[i].d;
    return fallback;
}

/* A brace hangs from the side of its target that `direction` points to,
 * as Manim's Brace: in the frame where the direction is "down" it spans the
 * target's width there, `buff` below it. Between two points the target is
 * the segment A-B, and the default direction is Manim's (dy, -dx), the
 * right of A to B. */
static lr_status build_brace(bctx *c, const cJSON *o, lr_mobject **out)
{
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(o, "points");
    lr_vec2 a = {0, 0}, z = {0, 0};
    if (cJSON_GetArraySize(pts) == 2) {
        a = build_point(c, pts->child);
        z = build_point(c, pts->child->next);
    }
    lr_vec2 d = direction_of(cJSON_GetObjectItemCaseSensitive(o, "direction"),
                             pts ? (lr_vec2){z.y - a.y, a.x - z.x} : (lr_vec2){0, -1});
    float len = hypotf(d.x, d.y);
    d = len > 1e-9f ? (lr_vec2){d.x / len, d.y / len} : (lr_vec2){0, -1};
    /* Along the brace: the perpendicular that points right (or up), so
     * that a brace on any side runs from its left (or lower) end. */
    lr_vec2 u = {-d.y, d.x};
    if (u.x < -1e-6f || (fabsf(u.x) <= 1e-6f && u.y < 0))
        u = (lr_vec2){-u.x, -u.y};
    /* scene -> (along u, along d) */
    lr_affine frame = {u.x, d.x, u.y, d.y, 0, 0};
    lr_rect r;
    if (pts) {
        r = lr_rect_union(lr_rect_transform((lr_rect){a.x, a.y, a.x, a.y}, frame),
                          lr_rect_transform((lr_rect){z.x, z.y, z.x, z.y}, frame));
    } else {
        r = target_bounds(c, str_or(o, "target", ""), frame);
        if (lr_rect_is_empty(r))
            r = lr_rect_transform((lr_rect){-0.5f, -0.5f, 0.5f, 0.5f}, frame);
    }
    float buff = (float)build_num(c, o, "buff", 0.1);
    float w = r.x1 - r.x0, h = 0.2f;
    lr_path p = {0};
    lr_status s = add_brace_outline(&p, w, h, (float)build_num(c, o, "stroke_width", 5) / 100.0f);
    if (s != LR_OK) {
        lr_path_free(&p);
        return build_fail(c, "brace", s, "could not build the brace");
    }
    /* Local frame: the brace hangs below y = 0 from x = 0 to w; x runs
     * along u from the target's extent, -y along d from buff past it. */
    lr_vec2 origin = {r.x0 * u.x + (r.y1 + buff) * d.x, r.x0 * u.y + (r.y1 + buff) * d.y};
    lr_affine m = {u.x, u.y, -d.x, -d.y, origin.x, origin.y};
    lr_path_transform(&p, m);
    lr_mobject *bm = NULL;
    s = build_path_mobject(c, o, &p, true, &bm);
    if (s != LR_OK)
        return s;
    /* The outline is the shape: no stroke around it. */
    lr_style bs = lr_mobject_get_style(bm);
    bs.stroke.a = 0;
    bs.stroke_width = 0;
    lr_mobject_set_style(bm, bs);
    lr_mobject *g = lr_mobject_create_group();
    if (!g || lr_mobject_add_child(g, bm) != LR_OK) {
        lr_mobject_destroy(bm);
        lr_mobject_destroy(g);
        return build_fail(c, "brace", LR_ERR_NOMEM, "out of memory");
    }
    const char *label = str_or(o, "label", NULL);
    if (label) {
        lr_mobject *t = NULL;
        s = build_tex(c, label, 40, build_style(c, o, false).stroke, NULL, &t);
        if (s != LR_OK) {
            lr_mobject_destroy(g);
            return s;
        }
        /* Beyond the tip along d, by half the label's extent that way. */
        lr_rect tb = lr_mobject_bounds(t);
        float reach = (tb.x1 - tb.x0) * 0.5f * fabsf(d.x) + (tb.y1 - tb.y0) * 0.5f * fabsf(d.y);
        lr_vec2 tip = lr_affine_apply(m, (lr_vec2){w * 0.5f, -h - 0.15f});
        move_center_to(t, (lr_vec2){tip.x + reach * d.x, tip.y + reach * d.y});
        if (lr_mobject_add_child(g, t) != LR_OK) {
            lr_mobject_destroy(t);
            lr_mobject_destroy(g);
            return build_fail(c, "brace", LR_ERR_NOMEM, "out of memory");
        }
    }
    *out = g;
    return LR_OK;
}

/* ---- Manim's shape matchers (version 2) ---- */

/* Whether the object sets its own stroke colour. */
static bool own_stroke(const cJSON *o)
{
    return cJSON_GetObjectItemCaseSensitive(o, "color") || cJSON_GetObjectItemCaseSensitive(o, "stroke_color");
}

/* SurroundingRectangle (YELLOW, buff 0.1) and BackgroundRectangle (the
 * background colour at 0.75, no stroke, buff 0): a rounded rectangle on the
 * target's bounding box grown by buff. */
static lr_status build_rectangle_mark(bctx *c, const cJSON *o, bool background, lr_mobject **out)
{
    const char *what = background ? "background_rectangle" : "surrounding_rectangle";
    lr_rect r = target_bounds(c, str_or(o, "target", ""), lr_affine_identity());
    if (lr_rect_is_empty(r))
        return empty_mark(c, what, out);
    float buff = (float)build_num(c, o, "buff", background ? 0 : 0.1);
    lr_path p = {0};
    lr_status s = lr_path_add_rounded_rect(&p, rect_center(r), r.x1 - r.x0 + 2 * buff, r.y1 - r.y0 + 2 * buff,
                                           (float)build_num(c, o, "corner_radius", 0));
    if (s != LR_OK) {
        lr_path_free(&p);
        return build_fail(c, what, s, "could not build the rectangle");
    }
    lr_style st = build_style(c, o, false);
    if (background) {
        lr_color fill = c->spec->meta.background;
        if (!color_of(o, "fill_color", &fill))
            color_of(o, "color", &fill);
        fill.a = (float)build_num(c, o, "fill_opacity", 0.75);
        st.fill = fill;
        if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
            st.stroke_width = 0;
    } else if (!own_stroke(o)) {
        lr_color_parse("YELLOW", &st.stroke);
    }
    *out = lr_mobject_create_path(&p, st);
    lr_path_free(&p);
    return *out ? LR_OK : build_fail(c, what, LR_ERR_NOMEM, "out of memory");
}

/* Underline: the bounding box's width, buff below it. */
static lr_status build_underline(bctx *c, const cJSON *o, lr_mobject **out)
{
    lr_rect r = target_bounds(c, str_or(o, "target", ""), lr_affine_identity());
    if (lr_rect_is_empty(r))
        return empty_mark(c, "underline", out);
    float y = r.y0 - (float)build_num(c, o, "buff", 0.1);
    lr_path p = {0};
    lr_status s = lr_path_add_line(&p, (lr_vec2){r.x0, y}, (lr_vec2){r.x1, y});
    if (s != LR_OK) {
        lr_path_free(&p);
        return build_fail(c, "underline", s, "could not build the line");
    }
    return build_path_mobject(c, o, &p, false, out);
}

/* Cross: the two diagonals of the bounding box scaled by scale_factor about
 * its centre, top-left to bottom-right first, each its own line (a VGroup
 * in Manim), RED, stroke 6. */
static lr_status build_cross(bctx *c, const cJSON *o, lr_mobject **out)
{
    lr_rect r = target_bounds(c, str_or(o, "target", ""), lr_affine_identity());
    if (lr_rect_is_empty(r))
        return empty_mark(c, "cross", out);
    float k = (float)build_num(c, o, "scale_factor", 1);
    lr_vec2 m = rect_center(r);
    float hw = (r.x1 - r.x0) * 0.5f * k, hh = (r.y1 - r.y0) * 0.5f * k;
    lr_style st = build_style(c, o, false);
    if (!own_stroke(o))
        lr_color_parse("RED", &st.stroke);
    if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
        st.stroke_width = 0.06f;
    const lr_vec2 ends[2][2] = {{{m.x - hw, m.y + hh}, {m.x + hw, m.y - hh}}, {{m.x + hw, m.y + hh}, {m.x - hw, m.y - hh}}};
    lr_mobject *g = lr_mobject_create_group();
    lr_status s = g ? LR_OK : LR_ERR_NOMEM;
    for (int i = 0; i < 2 && s == LR_OK; i++) {
        lr_path p = {0};
        s = lr_path_add_line(&p, ends[i][0], ends[i][1]);
        lr_mobject *line = s == LR_OK ? lr_mobject_create_path(&p, st) : NULL;
        lr_path_free(&p);
        if (s == LR_OK && (!line || lr_mobject_add_child(g, line) != LR_OK)) {
            lr_mobject_destroy(line);
            s = LR_ERR_NOMEM;
        }
    }
    if (s != LR_OK) {
        lr_mobject_destroy(g);
        return build_fail(c, "cross", s, "could not build the cross");
    }
    *out = g;
    return LR_OK;
}

lr_status build_mark(bctx *c, const cJSON *o, const char *type, lr_mobject **out)
{
    if (strcmp(type, "surrounding_rectangle") == 0 || strcmp(type, "background_rectangle") == 0)
        return build_rectangle_mark(c, o, type[0] == 'b', out);
    if (strcmp(type, "underline") == 0)
        return build_underline(c, o, out);
    if (strcmp(type, "cross") == 0)
        return build_cross(c, o, out);
    return build_brace(c, o, out);
}

bool build_is_mark(const char *type)
{
    static const char *const marks[] = {"brace", "surrounding_rectangle", "background_rectangle", "underline", "cross"};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (strcmp(type, marks[i]) == 0)
            return true;
    return false;
}

/* The mobject of the scene root's that holds m (m itself at the top). */
static lr_mobject *top_of(lr_mobject *root, lr_mobject *m)
{
    while (m && m->parent && m->parent != root)
        m = m->parent;
    return m && m->parent == root ? m : NULL;
}

/* What a background rectangle or a function image is drawn just below: the
 * rectangle's target, the plane or axes the image is on; NULL for others. */
static const char *drawn_under(const bobj *b)
{
    if (strcmp(b->type, "background_rectangle") == 0)
        return str_or(b->json, "target", NULL);
    if (strcmp(b->type, "function_image") == 0)
        return str_or(b->json, "plane", str_or(b->json, "in", NULL));
    return NULL;
}

/* A background rectangle at the top level is drawn just below what holds
 * its target, as Manim's add_background_rectangle puts it first in the
 * label: above what came before (the grid a label stands on), below the
 * target, whatever order they were declared in (a mark comes after its
 * target). Its z_index is the target's unless it gives one. A function
 * image on a plane or axes is their background the same way: their grid
 * and ticks are drawn over its colours. */
void build_order_marks(bctx *c)
{
    lr_mobject *root = lr_scene_root(c->scene);
    for (size_t i = 0; i < c->nobjs; i++) {
        bobj *b = &c->objs[i];
        const char *under = b->json && !b->in_group ? drawn_under(b) : NULL;
        if (!under)
            continue;
        lr_mobject *parts[1];
        lr_mobject *holder = build_targets_of(c, under, parts, 1) ? top_of(root, parts[0]) : NULL;
        size_t at = root->nchildren, from = root->nchildren;
        for (size_t k = 0; k < root->nchildren; k++) {
            if (root->children[k] == holder)
                at = k;
            if (root->children[k] == b->m)
                from = k;
        }
        if (!holder || holder == b->m || from == root->nchildren || at > from)
            continue;
        memmove(root->children + at + 1, root->children + at, (from - at) * sizeof *root->children);
        root->children[at] = b->m;
        if (!cJSON_GetObjectItemCaseSensitive(b->json, "z_index"))
            lr_mobject_set_z_index(b->m, lr_mobject_get_z_index(holder));
    }
}
