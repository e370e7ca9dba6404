/* Building a validated section: the teaching layout (title, lecture lines),
 * every object as mobjects, placement on the anchor grid, and the timeline.
 * The validator has checked every field, type and reference, so this file
 * reads the JSON without re-checking; what can still fail is the outside
 * world (fonts, LaTeX, asset files) and memory. The shapes of the object
 * types are in build_objects.c, what changes per frame in live.c. */
#include "spec/build_internal.h"

#include <librender/lr_svg.h>

static lr_status build_object(bctx *c, const cJSON *o, lr_mobject **out);

/* Finds `o` in `list` (the array under `key`), appending ".key[i]" to the
 * path at buf[at] on the way down to it. */
static bool find_path(const cJSON *list, const char *key, const cJSON *o, char *buf, size_t size, size_t at, int depth)
{
    size_t i = 0;
    for (const cJSON *e = cJSON_IsArray(list) ? list->child : NULL; e; e = e->next, i++) {
        int n = snprintf(buf + at, size - at, ".%s[%zu]", key, i);
        if (n < 0 || (size_t)n >= size - at)
            break;
        if (e == o || (depth < SPEC_MAX_DEPTH && cJSON_IsObject(e) &&
                       find_path(cJSON_GetObjectItemCaseSensitive(e, "children"), "children", o, buf, size,
                                 at + (size_t)n, depth + 1)))
            return true;
    }
    buf[at] = 0;
    return false;
}

/* The JSON path of object `o` ("sections[0].objects[2].children[1]"), or
 * of the section when `o` is NULL. */
static void object_path(const bctx *c, const cJSON *o, char *buf, size_t size)
{
    int n = snprintf(buf, size, "sections[%zu]", c->index);
    if (o && n > 0 && (size_t)n < size)
        find_path(cJSON_GetObjectItemCaseSensitive(c->sec->json, "objects"), "objects", o, buf, size, (size_t)n, 0);
}

/* "spec.json: sections[0].objects[2]: what: detail", the path being that of
 * the object being built (the section's outside objects). `what` is left
 * out when the detail already begins with it (a file's path, "tex: "). */
lr_status build_fail(bctx *c, const char *what, lr_status status, const char *detail)
{
    char path[300];
    object_path(c, c->cur, path, sizeof path);
    size_t wl = what ? strlen(what) : 0;
    bool said = wl == 0 || (strncmp(detail, what, wl) == 0 && detail[wl] == ':');
    return lr_error_set(c->err, status, "%s: %s: %s%s%s", c->spec->name, path, said ? "" : what, said ? "" : ": ",
                        detail);
}

/* The same for one field of the object: "spec.json: sections[0].objects[2].file: detail". */
lr_status build_fail_field(bctx *c, const char *field, lr_status status, const char *detail)
{
    char path[300];
    object_path(c, c->cur, path, sizeof path);
    return lr_error_set(c->err, status, "%s: %s.%s: %s", c->spec->name, path, field, detail);
}


bobj *build_find(bctx *c, const char *id)
{
    for (size_t i = 0; i < c->nobjs; i++)
        if (strcmp(c->objs[i].id, id) == 0)
            return &c->objs[i];
    return NULL;
}

static lr_status build_group(bctx *c, const cJSON *o, lr_mobject **out)
{
    lr_mobject *g = lr_mobject_create_group();
    if (!g)
        return build_fail(c, "group", LR_ERR_NOMEM, "out of memory");
    const cJSON *children = cJSON_GetObjectItemCaseSensitive(o, "children");
    lr_status s = LR_OK;
    for (const cJSON *e = children ? children->child : NULL; e && s == LR_OK; e = e->next) {
        lr_mobject *child = NULL;
        if (cJSON_IsString(e)) {
            bobj *b = build_find(c, e->valuestring);
            if (b && !b->in_group)
                child = b->m;
        } else {
            s = build_object(c, e, &child);
            if (s == LR_OK)
                c->objs[c->nobjs - 1].in_group = true;
        }
        if (s == LR_OK && child && lr_mobject_add_child(g, child) != LR_OK)
            s = build_fail(c, "group", LR_ERR_NOMEM, "out of memory");
    }
    /* Mark the children taken by id only once the group stands, so that a
     * failure leaves them to the caller's clean-up. */
    for (const cJSON *e = children ? children->child : NULL; s == LR_OK && e; e = e->next) {
        bobj *b = cJSON_IsString(e) ? build_find(c, e->valuestring) : NULL;
        if (b)
            b->in_group = true;
    }
    const char *arrange = str_or(o, "arrange", NULL);
    if (s == LR_OK && arrange && lr_mobject_child_count(g) > 0) {
        lr_rect before = lr_mobject_bounds(g);
        float buff = (float)build_num(c, o, "buff", 0.25);
        bool horizontal = strcmp(arrange, "right") == 0 || strcmp(arrange, "left") == 0;
        float sign = strcmp(arrange, "left") == 0 || strcmp(arrange, "down") == 0 ? -1.0f : 1.0f;
        float cursor = 0;
        for (size_t i = 0; i < lr_mobject_child_count(g); i++) {
            lr_mobject *ch = lr_mobject_child(g, i);
            lr_rect b = lr_mobject_bounds(ch);
            if (lr_rect_is_empty(b))
                continue;
            float size = horizontal ? b.x1 - b.x0 : b.y1 - b.y0;
            float mid = cursor + sign * size * 0.5f;
            move_center_to(ch, horizontal ? (lr_vec2){mid, 0} : (lr_vec2){0, mid});
            cursor += sign * (size + buff);
        }
        if (!lr_rect_is_empty(before))
            move_center_to(g, rect_center(before));
    }
    if (s != LR_OK) {
        /* Children taken by id belong to their registry entries, which the
         * caller cleans up: detach them (through the internal view, since a
         * loose group has no scene to remove from) before destroying the
         * group with its inline children. */
        size_t keep = 0;
        for (size_t i = 0; i < g->nchildren; i++) {
            lr_mobject *ch = g->children[i];
            bool by_id = false;
            for (size_t k = 0; k < c->nobjs; k++)
                by_id |= c->objs[k].m == ch && !c->objs[k].in_group;
            if (by_id)
                ch->parent = NULL;
            else
                g->children[keep++] = ch;
        }
        g->nchildren = keep;
        lr_mobject_destroy(g);
        return s;
    }
    *out = g;
    return LR_OK;
}

static void build_place(bctx *c, const cJSON *o, lr_mobject *m)
{
    /* A number_line's own rotation turns its line, not its numbers. */
    bool own_rotation = strcmp(str_or(o, "type", ""), "number_line") == 0 ||
                        (build_flat_in_3d(c, o) && cJSON_GetObjectItemCaseSensitive(o, "rotation_axis"));
    double sc = build_num(c, o, "scale", 1), rot = own_rotation ? 0 : build_num(c, o, "rotation", 0);
    if (sc != 1 || rot != 0)
        scale_about_center(m, (float)sc, (float)(rot * DEG));
    lr_rect box;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "at")) &&
        lr_layout_anchor_rect(c->orientation, v->valuestring, &box, NULL) == LR_OK) {
        move_center_to(m, rect_center(box));
    } else if ((v = cJSON_GetObjectItemCaseSensitive(o, "area")) && cJSON_GetArraySize(v) == 2 &&
               lr_layout_area_rect(c->orientation, v->child->valuestring, v->child->next->valuestring, &box, NULL) ==
                   LR_OK) {
        lr_rect b = lr_mobject_bounds(m);
        if (!lr_rect_is_empty(b)) {
            float w = b.x1 - b.x0, h = b.y1 - b.y0;
            float s = 1e9f;
            if (w > 1e-6f)
                s = fminf(s, 0.9f * (box.x1 - box.x0) / w);
            if (h > 1e-6f)
                s = fminf(s, 0.9f * (box.y1 - box.y0) / h);
            if (s < 1e8f)
                scale_about_center(m, s, 0);
        }
        move_center_to(m, rect_center(box));
    } else if ((v = cJSON_GetObjectItemCaseSensitive(o, "position"))) {
        move_center_to(m, build_vec(c, o, "position", (lr_vec2){0, 0}));
    } else if ((v = cJSON_GetObjectItemCaseSensitive(o, "next_to"))) {
        const bobj *t = build_find(c, str_or(v, "id", ""));
        lr_rect b = lr_mobject_bounds(m);
        if (t && !lr_rect_is_empty(b)) {
            lr_rect tb = world_bounds(t->m);
            const char *dir = str_or(v, "direction", "right");
            float buff = (float)build_num(c, v, "buff", 0.25);
            float w = (b.x1 - b.x0) * 0.5f, h = (b.y1 - b.y0) * 0.5f;
            lr_vec2 tc = rect_center(tb), at = tc;
            if (strcmp(dir, "right") == 0)
                at.x = tb.x1 + buff + w;
            else if (strcmp(dir, "left") == 0)
                at.x = tb.x0 - buff - w;
            else if (strcmp(dir, "up") == 0)
                at.y = tb.y1 + buff + h;
            else
                at.y = tb.y0 - buff - h;
            move_center_to(m, at);
        }
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(o, "align_to"))) {
        const bobj *t = build_find(c, str_or(v, "id", ""));
        lr_rect b = lr_mobject_bounds(m);
        if (t && !lr_rect_is_empty(b)) {
            lr_rect tb = world_bounds(t->m);
            const char *edge = str_or(v, "edge", "left");
            float dx = 0, dy = 0;
            if (strcmp(edge, "left") == 0)
                dx = tb.x0 - b.x0;
            else if (strcmp(edge, "right") == 0)
                dx = tb.x1 - b.x1;
            else if (strcmp(edge, "up") == 0)
                dy = tb.y1 - b.y1;
            else
                dy = tb.y0 - b.y0;
            transform_by(m, lr_affine_translate(dx, dy));
        }
    }
}

static void set_ends(bobj *b, lr_vec2 start, lr_vec2 end)
{
    b->p0 = start;
    b->p1 = end;
    b->has_ends = true;
}

/* Makes b findable by the queries of later expressions. */
static void register_name(bctx *c, bobj *b)
{
    b->name = -1;
    for (size_t i = 0; i < c->sec->nnames; i++)
        if (strcmp(c->sec->names[i].id, b->id) == 0) {
            b->name = (int)i;
            c->named[i] = b;
            return;
        }
}

/* The object's shape, from its fields evaluated now, before placement:
 * what build_object wraps and places, and what an updater rebuilds at
 * every frame. b is its registry entry (axes keep their coordinate map,
 * line-likes their ends). */
lr_status build_content(bctx *c, const cJSON *o, bobj *b, lr_mobject **out)
{
    const char *type = str_or(o, "type", "");
    const char *id = str_or(o, "id", "");
    lr_path p = {0};
    lr_status s = LR_OK;
    lr_mobject *m = NULL;
    lr_color color = lr_rgba(1, 1, 1, 1);
    color_of(o, "color", &color);
    float font_size = (float)build_num(c, o, "font_size", 48);
    *out = NULL;
    if (build_in_3d(c, o))
        return build_3d_content(c, o, b, out);

    if (strcmp(type, "line") == 0) {
        set_ends(b, build_vec(c, o, "start", (lr_vec2){-1, 0}), build_vec(c, o, "end", (lr_vec2){1, 0}));
        s = lr_path_add_line(&p, b->p0, b->p1);
    } else if (strcmp(type, "dashed_line") == 0) {
        float dash = (float)build_num(c, o, "dash_length", 0.05);
        set_ends(b, build_vec(c, o, "start", (lr_vec2){-1, 0}), build_vec(c, o, "end", (lr_vec2){1, 0}));
        s = lr_path_add_dashed_line(&p, b->p0, b->p1, dash, dash);
    } else if (strcmp(type, "polyline") == 0 || strcmp(type, "polygon") == 0) {
        const cJSON *pts = cJSON_GetObjectItemCaseSensitive(o, "points");
        uint32_t n = (uint32_t)cJSON_GetArraySize(pts);
        lr_vec2 *v = malloc(sizeof *v * (n ? n : 1));
        if (!v)
            s = LR_ERR_NOMEM;
        uint32_t i = 0;
        for (const cJSON *e = pts ? pts->child : NULL; v && e && i < n; e = e->next)
            v[i++] = build_in_axes(c, o, "points", build_point(c, e));
        if (s == LR_OK)
            s = type[4] == 'g' ? lr_path_add_polygon(&p, v, n) : lr_path_add_polyline(&p, v, n, false);
        free(v);
    } else if (strcmp(type, "regular_polygon") == 0) {
        int n = (int)build_num(c, o, "n", 6);
        s = lr_path_add_regular_polygon(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "radius", 1), (uint32_t)n,
                                        (float)(90 * DEG));
    } else if (strcmp(type, "star") == 0) {
        s = lr_path_add_star(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "outer_radius", 1),
                             (float)build_num(c, o, "inner_radius", 0.382), (uint32_t)build_num(c, o, "n", 5), (float)(90 * DEG));
    } else if (strcmp(type, "rectangle") == 0) {
        s = lr_path_add_rect(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "width", 4), (float)build_num(c, o, "height", 2));
    } else if (strcmp(type, "square") == 0) {
        float side = (float)build_num(c, o, "side_length", 2);
        s = lr_path_add_rect(&p, (lr_vec2){0, 0}, side, side);
    } else if (strcmp(type, "rounded_rectangle") == 0) {
        s = lr_path_add_rounded_rect(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "width", 4), (float)build_num(c, o, "height", 2),
                                     (float)build_num(c, o, "corner_radius", 0.5));
    } else if (strcmp(type, "circle") == 0) {
        s = lr_path_add_circle(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "radius", 1));
    } else if (strcmp(type, "ellipse") == 0) {
        s = lr_path_add_ellipse(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "width", 2) * 0.5f,
                                (float)build_num(c, o, "height", 1) * 0.5f);
    } else if (strcmp(type, "arc") == 0) {
        s = lr_path_add_arc(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "radius", 1), (float)(build_num(c, o, "start_angle", 0) * DEG),
                            (float)(build_num(c, o, "angle", 90) * DEG));
    } else if (strcmp(type, "annulus") == 0) {
        s = lr_path_add_annulus(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "inner_radius", 1),
                                (float)build_num(c, o, "outer_radius", 2));
    } else if (strcmp(type, "sector") == 0) {
        s = lr_path_add_sector(&p, (lr_vec2){0, 0}, (float)build_num(c, o, "inner_radius", 0),
                               (float)build_num(c, o, "outer_radius", 1), (float)(build_num(c, o, "start_angle", 0) * DEG),
                               (float)(build_num(c, o, "angle", 90) * DEG));
    } else if (strcmp(type, "dot") == 0) {
        s = lr_path_add_circle(&p, build_vec(c, o, "point", (lr_vec2){0, 0}), (float)build_num(c, o, "radius", 0.08));
    } else if (strcmp(type, "arrow") == 0 || strcmp(type, "double_arrow") == 0 || strcmp(type, "vector") == 0) {
        set_ends(b, build_vec(c, o, "start", (lr_vec2){0, 0}), build_vec(c, o, "end", (lr_vec2){1, 0}));
        s = build_arrow(&p, b->p0, b->p1, (float)build_num(c, o, "tip_length", 0.35), type[0] == 'd');
    } else if (strcmp(type, "text") == 0) {
        s = build_text_styled(c, str_or(o, "text", ""), font_size, color, o, &m);
    } else if (strcmp(type, "tex") == 0) {
        s = build_tex_object(c, o, font_size, color, &m);
    } else if (strcmp(type, "decimal") == 0) {
        /* Rebuilt per frame (a value that is an expression), it keeps its
         * first parameters' block. */
        bool fresh = !b->decimal;
        spec_decimal *d = fresh ? calloc(1, sizeof *d) : b->decimal;
        s = d ? build_text(c, "0", font_size, color, &m) : LR_ERR_NOMEM;
        if (s == LR_OK) {
            lr_mobject_destroy(m);
            m = NULL;
            d->text = c->spec->res->text;
            d->font_size = font_size;
            d->decimals = (int)build_num(c, o, "decimals", 2);
            d->color = color;
            if (fresh) {
                d->next = c->spec->res->decimals;
                c->spec->res->decimals = d;
            }
            b->decimal = d;
            b->value = build_num(c, o, "value", 0);
            lr_mobject *digits = build_decimal_make(b->value, d);
            m = lr_mobject_create_group();
            if (!digits || !m || lr_mobject_add_child(m, digits) != LR_OK) {
                lr_mobject_destroy(digits);
                lr_mobject_destroy(m);
                m = NULL;
                s = build_fail(c, id, LR_ERR_FONT, "could not build the number");
            }
        } else if (fresh) {
            free(d);
        }
    } else if (strcmp(type, "axes") == 0 || strcmp(type, "number_plane") == 0 || strcmp(type, "complex_plane") == 0) {
        s = build_axes(c, o, b, type[0] != 'a', &m);
    } else if (strcmp(type, "i_hat") == 0 || strcmp(type, "j_hat") == 0) {
        /* Manim's LinearTransformationScene basis: from the plane's origin
         * to (1, 0) or (0, 1) of it, GREEN and RED, 6 wide; the plane's
         * transform comes with "plane" (build_place_content). */
        set_ends(b, (lr_vec2){0, 0}, type[0] == 'i' ? (lr_vec2){1, 0} : (lr_vec2){0, 1});
        s = build_arrow(&p, b->p0, b->p1, 0.25f, false);
    } else if (strcmp(type, "function_graph") == 0 || strcmp(type, "parametric_curve") == 0) {
        s = build_curve(c, o, type[0] == 'p', &m);
    } else if (vocab_is_boolean(type)) {
        s = build_boolean(c, o, type, &p);
    } else if (build_is_mark(type)) {
        s = build_mark(c, o, type, &m);
    } else if (strcmp(type, "angle") == 0) {
        s = build_angle(c, o, &m);
    } else if (strcmp(type, "matrix") == 0) {
        s = build_matrix(c, o, b, &m);
    } else if (strcmp(type, "bar_chart") == 0) {
        s = build_bar_chart(c, o, b, &m);
    } else if (strcmp(type, "table") == 0 || strcmp(type, "math_table") == 0) {
        s = build_table(c, o, b, type[0] == 'm', &m);
    } else if (strcmp(type, "graph") == 0 || strcmp(type, "digraph") == 0) {
        s = build_graph(c, o, b, &m);
    } else if (strcmp(type, "code") == 0) {
        s = build_code(c, o, b, &m);
    } else if (strcmp(type, "vector_field") == 0) {
        s = build_vector_field(c, o, &m);
    } else if (strcmp(type, "stream_lines") == 0) {
        s = build_stream_lines(c, o, b, &m);
    } else if (strcmp(type, "traced_path") == 0) {
        s = build_trace(c, o, b, &m);
    } else if (strcmp(type, "tangent_line") == 0) {
        s = build_tangent(c, o, &m);
    } else if (strcmp(type, "area_under_curve") == 0) {
        s = build_area(c, o, &m);
    } else if (strcmp(type, "svg") == 0 || strcmp(type, "image") == 0) {
        s = build_asset(c, o, type[0] == 's', &m);
    } else if (strcmp(type, "number_line") == 0) {
        s = build_number_line(c, o, b, &m);
    } else if (strcmp(type, "pointer") == 0) {
        s = build_pointer(c, o, b, &m);
    } else if (strcmp(type, "vertical_line") == 0 || strcmp(type, "horizontal_line") == 0 ||
               strcmp(type, "lines_to_point") == 0) {
        s = build_axis_line(c, o, b, &m);
    } else if (strcmp(type, "graph_label") == 0) {
        s = build_graph_label(c, o, &m);
    } else if (strcmp(type, "line_graph") == 0) {
        s = build_line_graph(c, o, &m);
    } else if (strcmp(type, "riemann_rectangles") == 0) {
        s = build_riemann(c, o, &m);
    } else if (strcmp(type, "function_image") == 0) {
        s = build_function_image(c, o, &m);
    } else {
        s = build_fail(c, id, LR_ERR_UNSUPPORTED, "unknown object type");
    }
    bool is_path = p.npoints > 0 || (!m && s == LR_OK);
    if (s == LR_OK && is_path) {
        bool filled = strcmp(type, "dot") == 0;
        s = build_path_mobject(c, o, &p, filled, &m);
        bool basis = strcmp(type, "i_hat") == 0 || strcmp(type, "j_hat") == 0;
        if (s == LR_OK && basis) {
            /* Manim's X_COLOR and Y_COLOR, basis_vector_stroke_width 6. */
            lr_style st = lr_mobject_get_style(m);
            if (!cJSON_GetObjectItemCaseSensitive(o, "color") && !cJSON_GetObjectItemCaseSensitive(o, "stroke_color"))
                lr_color_parse(type[0] == 'i' ? "GREEN_C" : "RED_C", &st.stroke);
            if (!cJSON_GetObjectItemCaseSensitive(o, "stroke_width"))
                st.stroke_width = 0.06f;
            lr_mobject_set_style(m, st);
        }
        if (s == LR_OK && (strcmp(type, "arrow") == 0 || strcmp(type, "double_arrow") == 0 ||
                           strcmp(type, "vector") == 0 || basis)) {
            /* The tips are filled in the stroke's colour. */
            lr_style st = lr_mobject_get_style(m);
            if (!cJSON_GetObjectItemCaseSensitive(o, "fill_color")) {
                st.fill = st.stroke;
                lr_mobject_set_style(m, st);
            }
        }
    } else {
        lr_path_free(&p);
    }
    if (s != LR_OK) {
        lr_mobject_destroy(m);
        if (c->err && c->err->status == LR_OK)
            build_fail(c, id, s, "could not build the object");
        /* Name the object when the message does not (a TeX error, say), so
         * whoever repairs the spec knows which one. */
        char quoted[SPEC_MAX_ID + 3], field[SPEC_MAX_ID + 5];
        snprintf(quoted, sizeof quoted, "\"%s\"", id);
        snprintf(field, sizeof field, ": %s: ", id);
        if (c->err && id[0] && c->err->message[0] && !strstr(c->err->message, quoted) &&
            !strstr(c->err->message, field)) {
            size_t l = strlen(c->err->message);
            if (l + strlen(quoted) + 12 < sizeof c->err->message)
                snprintf(c->err->message + l, sizeof c->err->message - l, " (object %s)", quoted);
        }
        return c->err ? c->err->status : s;
    }
    *out = m;
    return LR_OK;
}

/* Placement, opacity and drawing order of a shape built by build_content. */
void build_place_content(bctx *c, const cJSON *o, lr_mobject *m)
{
    const char *type = str_or(o, "type", "");
    const vocab_type *vt = vocab_find_type(type);
    if (vt && (vt->flags & VT_PLACED) && !(strcmp(type, "parametric_curve") == 0 && cJSON_GetObjectItemCaseSensitive(o, "axes")))
        build_place(c, o, m);
    double sc = build_num(c, o, "scale", 1), rot = build_num(c, o, "rotation", 0);
    if (vt && (vt->flags & VT_3D) && (sc != 1 || rot != 0))
        scale_about_center(m, (float)sc, (float)(rot * DEG)); /* about the z axis through its centre */
    /* On a plane (version 2): its points are the plane's coordinates, and
     * it goes where the plane and its matrix take them. */
    const bobj *plane = build_find(c, str_or(o, "plane", ""));
    if (plane && plane->is_axes && plane->m)
        transform_by(m, lr_affine_then(axes_affine(&plane->axes), lr_mobject_world_transform(shape_of(plane))));
    if (cJSON_GetObjectItemCaseSensitive(o, "opacity"))
        lr_mobject_set_opacity(m, (float)build_num(c, o, "opacity", 1));
    lr_mobject_set_z_index(m, (float)build_num(c, o, "z_index", 0));
}

static const spec_name *name_of(const bctx *c, const char *id)
{
    for (size_t i = 0; i < c->sec->nnames; i++)
        if (strcmp(c->sec->names[i].id, id) == 0)
            return &c->sec->names[i];
    return NULL;
}

/* Builds one object, places it and registers it. An object that changes
 * (SN_DYNAMIC) stands in a container group that its updater refills at
 * every frame (build_live_update). */
static lr_status build_object_as(bctx *c, const cJSON *o, const char *type, const char *id, lr_mobject **out);

static lr_status build_object(bctx *c, const cJSON *o, lr_mobject **out)
{
    const char *type = str_or(o, "type", "");
    const char *id = str_or(o, "id", "");
    const cJSON *outer = c->cur;
    c->cur = o;
    lr_status s = build_object_as(c, o, type, id, out);
    c->cur = outer;
    return s;
}

/* What build_object does, with c->cur set to `o`. */
static lr_status build_object_as(bctx *c, const cJSON *o, const char *type, const char *id, lr_mobject **out)
{
    if (c->nobjs >= sizeof c->objs / sizeof c->objs[0])
        return build_fail(c, id, LR_ERR_LIMIT, "too many objects");
    bobj *b = &c->objs[c->nobjs];
    memset(b, 0, sizeof *b);
    b->id = id;
    b->type = type;
    b->json = o;
    b->shown_at = -1;
    lr_status s;
    lr_mobject *m = NULL;
    if (strcmp(type, "group") == 0) {
        s = build_group(c, o, &m);
        b = &c->objs[c->nobjs]; /* children took slots; this one is next */
        memset(b, 0, sizeof *b);
        b->id = id;
        b->type = type;
        b->json = o;
        b->shown_at = -1;
        if (s != LR_OK)
            return s;
    } else {
        s = build_content(c, o, b, &m);
        /* Checking: the failure is listed and an empty group stands in, so
         * that the objects after it (and the steps naming it) are checked. */
        if (s != LR_OK && c->check && s != LR_ERR_NOMEM && c->err && (m = lr_mobject_create_group())) {
            char path[300];
            object_path(c, o, path, sizeof path);
            spec_errors_add_message(c->check, path, c->err->message);
            c->err->status = s = LR_OK;
        }
        if (s != LR_OK)
            return s;
    }
    const spec_name *nm = name_of(c, id);
    lr_mobject *shown = m;
    if (nm && (nm->flags & SN_DYNAMIC) && c->nlive < c->cap_live) {
        live_obj *lo = &c->live[c->nlive];
        *lo = (live_obj){c, c->nobjs, NULL};
        if (nm->flags & SN_FOLLOWS)
            lo->base = lr_mobject_clone(m);
        shown = lr_mobject_create_group();
        if (!shown || ((nm->flags & SN_FOLLOWS) && !lo->base) || lr_mobject_add_child(shown, m) != LR_OK) {
            lr_mobject_destroy(shown);
            lr_mobject_destroy(m);
            lr_mobject_destroy(lo->base);
            return build_fail(c, id, LR_ERR_NOMEM, "out of memory");
        }
        c->nlive++;
        b->live = true;
    }
    if (lr_mobject_set_id(shown, id) != LR_OK) {
        lr_mobject_destroy(shown);
        return build_fail(c, id, LR_ERR_NOMEM, "out of memory");
    }
    /* A flat mesh in 3D takes the shape's place (in a changing object's
     * container, or as the object itself), so the shape leaves it first. */
    bool wrapped = shown != m, replaced = build_flat_in_3d(c, o);
    if (replaced && wrapped) {
        shown->nchildren = 0;
        m->parent = NULL;
    }
    lr_status fs = build_place_shape(c, o, &m);
    if (fs == LR_OK && replaced && (wrapped ? lr_mobject_add_child(shown, m) : lr_mobject_set_id(m, id)) != LR_OK)
        fs = build_fail(c, id, LR_ERR_NOMEM, "out of memory");
    if (fs != LR_OK) { /* only the flat mesh fails, when m has left shown */
        lr_mobject_destroy(m);
        if (wrapped)
            lr_mobject_destroy(shown);
        return fs;
    }
    if (replaced && !wrapped)
        shown = m;
    if (shown != m)
        lr_mobject_set_z_index(shown, lr_mobject_get_z_index(m));
    b->m = shown;
    register_name(c, b);
    c->nobjs++;
    *out = shown;
    return LR_OK;
}

/* ---- teaching layout ---- */

static const lr_color dim_line = {1, 1, 1, 1};
#define LINE_DIM_OPACITY 0.45f

static lr_status fit_text_into(bctx *c, const char *text, float font_size, lr_rect box, bool left, const char *id,
                               lr_mobject **out)
{
    lr_mobject *m = NULL;
    lr_status s = build_text(c, text[0] ? text : " ", font_size, dim_line, &m);
    if (s != LR_OK)
        return s;
    lr_rect b = lr_mobject_bounds(m);
    if (!lr_rect_is_empty(b)) {
        float w = b.x1 - b.x0, h = b.y1 - b.y0;
        float sc = 1;
        if (w > box.x1 - box.x0)
            sc = (box.x1 - box.x0) / w;
        if (h * sc > (box.y1 - box.y0) * 0.8f)
            sc = (box.y1 - box.y0) * 0.8f / h;
        if (sc < 1)
            scale_about_center(m, sc, 0);
        b = lr_mobject_bounds(m);
        float cx = left ? box.x0 + (b.x1 - b.x0) * 0.5f : (box.x0 + box.x1) * 0.5f;
        move_center_to(m, (lr_vec2){cx, (box.y0 + box.y1) * 0.5f});
    }
    if (lr_mobject_set_id(m, id) != LR_OK || lr_scene_add(c->scene, m) != LR_OK) {
        lr_mobject_destroy(m);
        return build_fail(c, id, LR_ERR_NOMEM, "out of memory");
    }
    *out = m;
    return LR_OK;
}

static lr_status build_layout(bctx *c)
{
    lr_layout l = lr_layout_get(c->orientation);
    lr_mobject *title = NULL;
    bool portrait = c->orientation == LR_PORTRAIT;
    lr_status s = fit_text_into(c, c->sec->title ? c->sec->title : "", portrait ? 34 : 44, l.title, false, "title",
                                &title);
    static const char *const ids[LR_LAYOUT_MAX_LINES] = {"line0", "line1", "line2", "line3", "line4", "line5"};
    for (size_t i = 0; s == LR_OK && i < c->sec->nlines; i++) {
        lr_rect box = lr_layout_line_rect(c->orientation, (int)i);
        s = fit_text_into(c, c->sec->lines[i].text, portrait ? 22 : 30, box, true, ids[i], &c->lines[i]);
        if (s == LR_OK)
            lr_mobject_set_opacity(c->lines[i], LINE_DIM_OPACITY);
    }
    for (size_t i = 0; s == LR_OK && i < c->sec->nlines; i++) {
        bobj *b = &c->objs[c->nobjs++];
        memset(b, 0, sizeof *b);
        b->id = ids[i];
        b->type = "text";
        b->m = c->lines[i];
        register_name(c, b);
    }
    if (s == LR_OK) {
        bobj *b = &c->objs[c->nobjs++];
        memset(b, 0, sizeof *b);
        b->id = "title";
        b->type = "text";
        b->m = title;
        register_name(c, b);
    }
    return s;
}

/* ---- timeline ---- */

static lr_status highlight(bctx *c, int line)
{
    if (line < 0 || (size_t)line >= c->sec->nlines || line == c->current_line)
        return LR_OK;
    lr_mobject_props props = {0};
    lr_status s = LR_OK;
    if (c->current_line >= 0) {
        props.mask = LR_PROP_OPACITY | LR_PROP_FILL;
        props.opacity = LINE_DIM_OPACITY;
        props.fill = dim_line;
        s = lr_timeline_set(c->tl, c->lines[c->current_line], &props, c->err);
    }
    if (s == LR_OK) {
        props.mask = LR_PROP_OPACITY | LR_PROP_FILL;
        props.opacity = 1;
        lr_color_parse("YELLOW", &props.fill);
        s = lr_timeline_set(c->tl, c->lines[line], &props, c->err);
    }
    c->current_line = line;
    return s;
}

static lr_mobject *target_of(bctx *c, const cJSON *a, const char *key)
{
    lr_mobject *m = NULL;
    return build_targets_of(c, str_or(a, key, ""), &m, 1) ? m : NULL;
}

static lr_anim *compile_anim(bctx *c, const cJSON *a, double inherited, lr_status *st);
static void time_anim(bctx *c, lr_anim *r, const cJSON *a, double inherited);

/* `inherited`: the run_time (already fitted to narration) of children that
 * set none, when the composite's duration comes from its children (some
 * set their own, version 2); 0 when the composite is scaled as a whole. */
static lr_anim *compile_composite(bctx *c, const cJSON *a, const char *name, double inherited, lr_status *st)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(a, "animations");
    size_t n = (size_t)cJSON_GetArraySize(list);
    lr_anim **anims = calloc(n ? n : 1, sizeof *anims);
    if (!anims) {
        *st = LR_ERR_NOMEM;
        return NULL;
    }
    size_t k = 0;
    for (const cJSON *e = list ? list->child : NULL; e && *st == LR_OK; e = e->next) {
        anims[k] = compile_anim(c, e, inherited, st);
        if (anims[k])
            time_anim(c, anims[k++], e, inherited);
    }
    lr_anim *g = NULL;
    if (*st == LR_OK) {
        if (strcmp(name, "Succession") == 0)
            g = lr_anim_succession(anims, k);
        else if (strcmp(name, "LaggedStart") == 0)
            g = lr_anim_lagged_start(anims, k, build_num(c, a, "lag_ratio", 0.05));
        else
            g = lr_anim_group(anims, k, build_num(c, a, "lag_ratio", 0));
        k = 0; /* the group took them, even on failure */
    }
    for (size_t i = 0; i < k; i++)
        lr_anim_destroy(anims[i]);
    free(anims);
    return g;
}

/* The run time of an animation compiled with `inherited` (see
 * compile_composite): its own (version 2), else its children's layout, else
 * `inherited`; 0 leaves the constructor's own (a child of a composite that
 * is scaled as a whole). Durations follow spec_anim_seconds, so the
 * timeline lasts what the validator counted. */
static void time_anim(bctx *c, lr_anim *r, const cJSON *a, double inherited)
{
    const cJSON *rt = cJSON_GetObjectItemCaseSensitive(a, "run_time");
    if (cJSON_IsNumber(rt))
        lr_anim_set_run_time(r, rt->valuedouble * c->step_scale, NULL);
    else if (inherited > 0 && !spec_anims_set_run_time(cJSON_GetObjectItemCaseSensitive(a, "animations")))
        lr_anim_set_run_time(r, inherited, NULL);
}

/* A formula's parts named by eq.part(i) or eq.part(TeX): the groups
 * build_tex_object made, or the formula itself when it is built whole. */
static size_t tex_parts_of(bctx *c, const bobj *b, lr_mobject *shape, const vocab_part_ref *pr, lr_mobject **out,
                           size_t cap)
{
    lr_tex_span spans[SPEC_MAX_TEX_PARTS];
    size_t n = build_tex_parts(c, b->json, spans);
    const char *src = str_or(b->json, "tex", "");
    if (n == 0 || shape->nchildren != n) { /* whole: its one part */
        bool whole = pr->by_tex ? spec_tex_same_part(src, strlen(src), pr->tex, strlen(pr->tex)) : pr->args[0] == 0;
        if (!whole || cap == 0)
            return 0;
        out[0] = shape;
        return 1;
    }
    if (!pr->by_tex) {
        if ((size_t)pr->args[0] >= n || cap == 0)
            return 0;
        out[0] = shape->children[pr->args[0]];
        return 1;
    }
    size_t idx[SPEC_MAX_TEX_PARTS];
    size_t k = spec_tex_parts_named(src, spans, n, pr->tex, idx, SPEC_MAX_TEX_PARTS);
    size_t m = 0;
    for (size_t i = 0; i < k && m < cap && i < SPEC_MAX_TEX_PARTS; i++)
        out[m++] = shape->children[idx[i]];
    return m;
}

/* The parts of a formula as TransformMatchingTex matches them (keys in
 * keys[i], KEY_MAX bytes each), after key_map renames the source's. */
#define KEY_MAX 256
static size_t matching_parts(bctx *c, const char *id, const cJSON *key_map, lr_anim_part *parts, char (*keys)[KEY_MAX])
{
    bobj *b = build_find(c, id);
    lr_mobject *shape = b && b->m ? (b->live && b->m->nchildren == 1 ? b->m->children[0] : b->m) : NULL;
    if (!shape)
        return 0;
    const char *src = str_or(b->json, "tex", "");
    lr_tex_span spans[SPEC_MAX_TEX_PARTS];
    size_t n = build_tex_parts(c, b->json, spans);
    if (n == 0 || shape->nchildren != n) {
        spans[0] = (lr_tex_span){0, strlen(src)};
        n = 1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *tex = src + spans[i].start;
        size_t len = spans[i].len;
        for (const cJSON *e = key_map ? key_map->child : NULL; e; e = e->next)
            if (cJSON_IsString(e) && spec_tex_same_part(tex, len, e->string, strlen(e->string))) {
                tex = e->valuestring;
                len = strlen(tex);
                break;
            }
        lr_tex_part_key(tex, len, keys[i], KEY_MAX);
        parts[i] = (lr_anim_part){n == 1 ? shape : shape->children[i], keys[i]};
    }
    return n;
}

static lr_anim *transform_matching_tex(bctx *c, const cJSON *a, lr_mobject *m)
{
    lr_anim_part sp[SPEC_MAX_TEX_PARTS], tp[SPEC_MAX_TEX_PARTS];
    char (*keys)[KEY_MAX] = malloc(2 * SPEC_MAX_TEX_PARTS * KEY_MAX);
    if (!keys)
        return NULL;
    size_t ns = matching_parts(c, str_or(a, "target", ""), cJSON_GetObjectItemCaseSensitive(a, "key_map"), sp, keys);
    size_t nt = matching_parts(c, str_or(a, "to", ""), NULL, tp, keys + SPEC_MAX_TEX_PARTS);
    lr_mobject *to = target_of(c, a, "to");
    lr_anim *r = ns && nt && to ? lr_anim_transform_matching_parts(m, sp, ns, to, tp, nt,
                                                                  bool_or(a, "transform_mismatches", false))
                                : NULL;
    free(keys);
    return r;
}

/* The mobjects a target names: the object, or (version 2) its part's. */
size_t build_targets_of(bctx *c, const char *ref, lr_mobject **out, size_t cap)
{
    vocab_part_ref pr;
    if (!vocab_part_parse(ref, &pr)) {
        bobj *b = build_find(c, ref);
        if (!b || !b->m || cap == 0)
            return 0;
        out[0] = b->m;
        return 1;
    }
    bobj *b = build_find(c, pr.id);
    lr_mobject *shape = b && b->m ? (b->live && b->m->nchildren == 1 ? b->m->children[0] : b->m) : NULL;
    if (shape && strcmp(b->type, "tex") == 0)
        return tex_parts_of(c, b, shape, &pr, out, cap);
    if (shape && (strcmp(b->type, "graph") == 0 || strcmp(b->type, "digraph") == 0))
        return build_graph_parts(b, &pr, out, cap);
    if (shape && strcmp(b->type, "code") == 0)
        return build_code_parts(shape, &pr, out, cap);
    if (shape && strcmp(b->type, "matrix") != 0)
        return build_chart_parts(b, shape, &pr, out, cap);
    if (!shape || shape->nchildren < 2)
        return 0;
    lr_mobject *entries = shape->children[0];
    size_t n = 0;
    if (strcmp(pr.name, "entries") == 0 || strcmp(pr.name, "brackets") == 0) {
        out[n++] = pr.name[0] == 'e' ? entries : shape->children[1];
    } else {
        for (int i = 0; i < b->rows; i++)
            for (int j = 0; j < b->cols; j++) {
                bool in = strcmp(pr.name, "row") == 0      ? i == pr.args[0]
                          : strcmp(pr.name, "column") == 0 ? j == pr.args[0]
                                                           : i == pr.args[0] && j == pr.args[1];
                size_t k = (size_t)(i * b->cols + j);
                if (in && n < cap && k < entries->nchildren)
                    out[n++] = entries->children[k];
            }
    }
    return n;
}

static lr_anim *compile_on(bctx *c, const cJSON *a, lr_mobject *m, double inherited, lr_status *st);

static lr_anim *compile_anim(bctx *c, const cJSON *a, double inherited, lr_status *st)
{
    lr_mobject *parts[64];
    size_t n = build_targets_of(c, str_or(a, "target", ""), parts, 64);
    if (n <= 1)
        return compile_on(c, a, n ? parts[0] : NULL, inherited, st);
    /* A part of several mobjects (a matrix's row): the animation on each,
     * together. */
    lr_anim *each[64];
    size_t k = 0;
    for (size_t i = 0; i < n && *st == LR_OK; i++)
        if ((each[k] = compile_on(c, a, parts[i], inherited, st)) != NULL)
            k++;
    if (*st != LR_OK) {
        for (size_t i = 0; i < k; i++)
            lr_anim_destroy(each[i]);
        return NULL;
    }
    return lr_anim_group(each, k, 0);
}

static lr_anim *compile_on(bctx *c, const cJSON *a, lr_mobject *m, double inherited, lr_status *st)
{
    const char *name = str_or(a, "anim", "");
    lr_color color, yellow;
    lr_color_parse("YELLOW", &yellow);
    if (!color_of(a, "color", &color))
        color = yellow;
    lr_anim *r = NULL;
    if (strcmp(name, "AnimationGroup") == 0 || strcmp(name, "Succession") == 0 || strcmp(name, "LaggedStart") == 0)
        r = compile_composite(c, a, name,
                              spec_anims_set_run_time(cJSON_GetObjectItemCaseSensitive(a, "animations")) ? inherited
                                                                                                          : 0,
                              st);
    else if (strcmp(name, "SetValue") == 0) {
        const spec_name *n = name_of(c, str_or(a, "target", ""));
        if (n && n->value >= 0)
            r = lr_anim_set_value(c->tl, (size_t)n->value, build_num(c, a, "value", 0));
    } else if (strcmp(name, "Wait") == 0)
        r = lr_anim_wait(inherited > 0 ? inherited : 1.0);
    else if (strcmp(name, "ChangeBarValues") == 0)
        r = build_change_bar_values(c, a, st);
    else if (strcmp(name, "MoveCamera") == 0) {
        lr_vec2 center = build_vec(c, a, "center", c->camera_center);
        float h = (float)build_num(c, a, "height", c->camera_height);
        c->camera_center = center;
        c->camera_height = h;
        r = build_camera_turn(c, a, lr_anim_camera_move(center, h));
    } else if (!m)
        r = NULL;
    else if (strcmp(name, "Create") == 0)
        r = lr_anim_create(m);
    else if (strcmp(name, "Uncreate") == 0)
        r = lr_anim_uncreate(m);
    else if (strcmp(name, "Write") == 0)
        r = lr_anim_write(m);
    else if (strcmp(name, "DrawBorderThenFill") == 0)
        r = lr_anim_draw_border_then_fill(m);
    else if (strcmp(name, "FadeIn") == 0)
        r = lr_anim_fade_in(m, build_vec(c, a, "shift", (lr_vec2){0, 0}), (float)build_num(c, a, "scale", 1));
    else if (strcmp(name, "FadeOut") == 0)
        r = lr_anim_fade_out(m, build_vec(c, a, "shift", (lr_vec2){0, 0}), (float)build_num(c, a, "scale", 1));
    else if (strcmp(name, "GrowFromCenter") == 0)
        r = lr_anim_grow_from_center(m);
    else if (strcmp(name, "GrowFromPoint") == 0)
        r = lr_anim_grow_from_point(m, build_vec(c, a, "point", (lr_vec2){0, 0}));
    else if (strcmp(name, "GrowArrow") == 0) {
        r = build_grow_arrow3(c, a, m);
        if (!r)
            r = lr_anim_grow_arrow(m);
    }
    else if (strcmp(name, "SpinInFromNothing") == 0)
        r = lr_anim_spin_in_from_nothing(m, (float)(90 * DEG));
    else if (strcmp(name, "Transform") == 0)
        r = lr_anim_transform(m, target_of(c, a, "to"));
    else if (strcmp(name, "ReplacementTransform") == 0)
        r = lr_anim_replacement_transform(m, target_of(c, a, "to"));
    else if (strcmp(name, "TransformMatchingShapes") == 0)
        r = lr_anim_transform_matching_shapes(m, target_of(c, a, "to"));
    else if (strcmp(name, "TransformMatchingTex") == 0)
        r = transform_matching_tex(c, a, m);
    else if (strcmp(name, "MoveTo") == 0) {
        lr_vec2 p = build_vec(c, a, "position", (lr_vec2){0, 0});
        lr_rect box;
        const char *at = str_or(a, "at", NULL);
        if (at && lr_layout_anchor_rect(c->orientation, at, &box, NULL) == LR_OK)
            p = rect_center(box);
        r = lr_anim_move_to(m, p);
    } else if (strcmp(name, "Shift") == 0)
        r = lr_anim_shift(m, build_vec(c, a, "by", (lr_vec2){0, 0}));
    else if (strcmp(name, "Scale") == 0) {
        lr_vec2 about = build_vec(c, a, "about_point", (lr_vec2){0, 0});
        r = lr_anim_scale(m, (float)build_num(c, a, "factor", 1),
                          cJSON_GetObjectItemCaseSensitive(a, "about_point") ? &about : NULL);
    } else if (strcmp(name, "Rotate") == 0 || strcmp(name, "Rotating") == 0) {
        lr_vec2 about = build_vec(c, a, "about_point", (lr_vec2){0, 0});
        bool steady = strcmp(name, "Rotating") == 0;
        r = lr_anim_rotate(m, (float)(build_num(c, a, "degrees", steady ? 360 : 0) * DEG),
                           cJSON_GetObjectItemCaseSensitive(a, "about_point") ? &about : NULL);
        /* Manim's Rotating turns at a steady pace: rate linear. */
        if (r && steady)
            lr_anim_set_rate_func(r, LR_RATE_LINEAR, NULL);
    }
    else if (vocab_is_map(name))
        r = build_map_anim(c, a, m, st);
    else if (strcmp(name, "ChangeColor") == 0)
        r = lr_anim_change_color(m, color, LR_COLOR_BOTH);
    else if (strcmp(name, "Indicate") == 0)
        r = lr_anim_indicate(m, (float)build_num(c, a, "scale_factor", 1.2), color);
    else if (strcmp(name, "Circumscribe") == 0)
        r = lr_anim_circumscribe(m, color, 0.1f);
    else if (strcmp(name, "Flash") == 0)
        r = lr_anim_flash(m, (lr_vec2){0, 0}, color);
    else if (strcmp(name, "FocusOn") == 0)
        r = lr_anim_focus_on(m, (lr_vec2){0, 0});
    else if (strcmp(name, "Wiggle") == 0)
        r = lr_anim_wiggle(m);
    else if (strcmp(name, "MoveAlongPath") == 0) {
        lr_mobject *pm = target_of(c, a, "path");
        lr_path path = {0};
        const lr_path *src = pm ? lr_mobject_path_const(pm) : NULL;
        if (src && lr_path_append(&path, src, NULL) == LR_OK) {
            lr_path_transform(&path, lr_mobject_world_transform(pm));
            r = lr_anim_move_along_path(m, &path);
        }
        lr_path_free(&path);
    } else if (strcmp(name, "ChangeDecimalToValue") == 0) {
        bobj *b = build_find(c, str_or(a, "target", ""));
        double to = build_num(c, a, "value", 0);
        if (b && b->decimal) {
            r = lr_anim_change_decimal(m, build_decimal_make, b->decimal, b->value, to);
            b->value = to;
        }
    }
    if (!r && *st == LR_OK)
        *st = lr_error_set(c->err, LR_ERR_INVALID_ARG, "%s: sections[%zu] (%s): could not create the animation %s",
                           c->spec->name, c->index, c->sec->id, name);
    if (r) {
        lr_rate_func f;
        const char *rate = str_or(a, "rate_func", NULL);
        if (rate && lr_rate_func_parse(rate, &f))
            lr_anim_set_rate_func(r, f, NULL);
        if (build_watch_anim(c, r, a) != LR_OK && *st == LR_OK)
            *st = build_fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
    }
    return r;
}

/* When an object first comes on screen (a traced path starts tracing then). */
static void note_shown(bctx *c, const char *id, double t)
{
    bobj *b = build_find(c, id);
    if (b && b->shown_at < 0)
        b->shown_at = t;
}

static lr_status compile_step(bctx *c, const cJSON *step)
{
    const cJSON *line = cJSON_GetObjectItemCaseSensitive(step, "line");
    lr_status s = LR_OK;
    if (cJSON_IsNumber(line))
        s = highlight(c, (int)line->valuedouble);
    if (s != LR_OK)
        return s;
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(step, "play"))) {
        size_t n = (size_t)cJSON_GetArraySize(v);
        lr_anim **anims = calloc(n ? n : 1, sizeof *anims);
        if (!anims)
            return build_fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
        double run_time = build_num(c, step, "run_time", 1.0) * c->step_scale;
        const char *rate = str_or(step, "rate_func", NULL);
        lr_rate_func f = LR_RATE_DEFAULT;
        if (rate)
            lr_rate_func_parse(rate, &f);
        const cJSON *lag = cJSON_GetObjectItemCaseSensitive(step, "lag_ratio");
        size_t k = 0;
        for (const cJSON *e = v->child; e && s == LR_OK; e = e->next) {
            lr_anim *an = compile_anim(c, e, run_time, &s);
            if (!an)
                break;
            time_anim(c, an, e, run_time);
            if (rate && !cJSON_GetObjectItemCaseSensitive(e, "rate_func"))
                lr_anim_set_rate_func(an, f, NULL);
            if (cJSON_IsNumber(lag))
                lr_anim_set_lag_ratio(an, lag->valuedouble, NULL);
            double delay = build_num(c, e, "delay", 0) * c->step_scale;
            if (delay > 0) {
                /* Manim's Succession(Wait(delay), anim). */
                lr_anim *pair[2] = {lr_anim_wait(delay), an};
                an = pair[0] ? lr_anim_succession(pair, 2) : NULL;
                if (!pair[0])
                    lr_anim_destroy(pair[1]);
                if (!an) {
                    s = build_fail(c, "timeline", LR_ERR_NOMEM, "out of memory");
                    break;
                }
            }
            const vocab_anim *va = vocab_find_anim(str_or(e, "anim", ""));
            if (va && (va->role == VR_INTRO || va->role == VR_REPLACE))
                note_shown(c, str_or(e, va->role == VR_INTRO ? "target" : "to", ""),
                           lr_timeline_duration(c->tl) + delay);
            if (strcmp(str_or(e, "anim", ""), "MoveCamera") == 0) {
                lr_rate_func cr = LR_RATE_DEFAULT;
                if (!lr_rate_func_parse(str_or(e, "rate_func", ""), &cr))
                    cr = f;
                s = build_note_camera_move(c, e, lr_timeline_duration(c->tl) + delay, lr_anim_get_run_time(an) - delay, cr);
            }
            anims[k++] = an;
        }
        if (s == LR_OK) {
            s = lr_timeline_play(c->tl, anims, k, c->err); /* takes the animations, even on failure */
        } else {
            for (size_t i = 0; i < k; i++)
                lr_anim_destroy(anims[i]);
        }
        free(anims);
        return s;
    }
    if ((v = cJSON_GetObjectItemCaseSensitive(step, "wait")))
        return lr_timeline_wait(c->tl, v->valuedouble * c->step_scale, c->err);
    if ((v = cJSON_GetObjectItemCaseSensitive(step, "highlight_line")))
        return highlight(c, (int)v->valuedouble);
    if (cJSON_GetObjectItemCaseSensitive(step, "ambient_rotation"))
        return build_ambient_rotation(c, step);
    bool add = (v = cJSON_GetObjectItemCaseSensitive(step, "add")) != NULL;
    if (!add)
        v = cJSON_GetObjectItemCaseSensitive(step, "remove");
    for (const cJSON *e = v ? v->child : NULL; e && s == LR_OK; e = e->next) {
        bobj *b = build_find(c, e->valuestring);
        if (add)
            note_shown(c, e->valuestring, lr_timeline_duration(c->tl));
        if (b)
            s = add ? lr_timeline_add(c->tl, b->m, c->err) : lr_timeline_remove(c->tl, b->m, c->err);
    }
    return s;
}

/* ---- formulas, compiled together ---- */

#define TEX_PRE_MAX (3 * SPEC_MAX_OBJECTS)

static bool has_number_cell(const cJSON *o)
{
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "entries");
    for (const cJSON *row = rows ? rows->child : NULL; row; row = row->next)
        for (const cJSON *e = row->child; e; e = e->next)
            if (cJSON_IsNumber(e))
                return true;
    return false;
}

/* Every formula the section's objects will ask build_tex for, with the
 * same size, colour and colour map: tex objects, axes labels and brace
 * labels, inline group children included. */
static void collect_tex(bctx *c, const cJSON *objects, int depth)
{
    for (const cJSON *o = objects ? objects->child : NULL; o && depth <= SPEC_MAX_DEPTH; o = o->next) {
        if (!cJSON_IsObject(o))
            continue;
        const char *type = str_or(o, "type", "");
        lr_color color = lr_rgba(1, 1, 1, 1);
        color_of(o, "color", &color);
        lr_color label = build_style(c, o, false).stroke;
        label.a = 1;
        tex_pre want[2];
        int n = 0;
        if (strcmp(type, "tex") == 0) {
            lr_tex_span spans[SPEC_MAX_TEX_PARTS];
            want[n++] = (tex_pre){str_or(o, "tex", ""), (float)build_num(c, o, "font_size", 48), color,
                                  cJSON_GetObjectItemCaseSensitive(o, "tex_to_color_map"), NULL,
                                  build_tex_parts(c, o, spans) ? o : NULL};
        } else if (strcmp(type, "axes") == 0) {
            for (int axis = 0; axis < 2; axis++) {
                const char *l = str_or(o, axis ? "y_label" : "x_label", NULL);
                if (l)
                    want[n++] = (tex_pre){l, 36, label, NULL, NULL, NULL};
            }
        } else if (strcmp(type, "brace") == 0 || strcmp(type, "angle") == 0) {
            const char *l = str_or(o, "label", NULL);
            if (l)
                want[n++] = type[0] == 'b' ? (tex_pre){l, 40, build_style(c, o, false).stroke, NULL, NULL, NULL}
                                           : (tex_pre){l, ANGLE_LABEL_SIZE, label, NULL, NULL, NULL};
        } else if (strcmp(type, "matrix") == 0) {
            /* its LaTeX entries (numbers compile with the matrix, build_tex_many) */
            const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "entries");
            for (const cJSON *row = rows ? rows->child : NULL; row; row = row->next)
                for (const cJSON *e = row->child; e && c->npre < TEX_PRE_MAX; e = e->next)
                    if (cJSON_IsString(e))
                        c->pre[c->npre++] = (tex_pre){e->valuestring, (float)build_num(c, o, "font_size", 48), color,
                                                      NULL, NULL, NULL};
        } else if (strcmp(type, "math_table") == 0 && !has_number_cell(o)) {
            /* its LaTeX entries and labels (as build_table asks for them);
             * one with numbers compiles them all in a run of its own */
            static const char *const lists[] = {"row_labels", "col_labels"};
            float size = (float)build_num(c, o, "font_size", 48);
            const cJSON *rows = cJSON_GetObjectItemCaseSensitive(o, "entries");
            for (const cJSON *row = rows ? rows->child : NULL; row; row = row->next)
                for (const cJSON *e = row->child; e && c->npre < TEX_PRE_MAX; e = e->next)
                    if (cJSON_IsString(e))
                        c->pre[c->npre++] = (tex_pre){e->valuestring, size, color, NULL, NULL, NULL};
            for (int k = 0; k < 2; k++) {
                const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, lists[k]);
                for (const cJSON *e = l ? l->child : NULL; e && c->npre < TEX_PRE_MAX; e = e->next)
                    if (cJSON_IsString(e))
                        c->pre[c->npre++] = (tex_pre){e->valuestring, size, color, NULL, NULL, NULL};
            }
            const char *corner = str_or(o, "top_left_entry", NULL);
            if (corner && cJSON_GetObjectItemCaseSensitive(o, "row_labels") && cJSON_GetObjectItemCaseSensitive(o, "col_labels"))
                want[n++] = (tex_pre){corner, size, color, NULL, NULL, NULL};
        } else if (build_axes_label_of(c, o, &want[n])) {
            n++;
        } else if (strcmp(type, "group") == 0) {
            collect_tex(c, cJSON_GetObjectItemCaseSensitive(o, "children"), depth + 1);
        }
        for (int i = 0; i < n && c->npre < TEX_PRE_MAX; i++)
            c->pre[c->npre++] = want[i];
    }
}

/* One TeX run for all the section's formulas not in the cache, instead of
 * one per formula (a run costs 0.3 s or more, a page more little). When
 * the run fails, nothing is kept: each object then compiles its own
 * formula and the error names it. */
void build_prefetch_tex(bctx *c, const cJSON *objects)
{
    c->pre = calloc(TEX_PRE_MAX, sizeof *c->pre);
    if (!c->pre)
        return;
    collect_tex(c, objects, 0);
    if (c->npre < 2 || build_ensure_tex(c) != LR_OK) {
        c->npre = 0;
        if (c->err)
            c->err->status = LR_OK; /* build_ensure_tex's error comes again from the object */
        return;
    }
    lr_tex_request *reqs = calloc(c->npre, sizeof *reqs);
    lr_tex_style *styles = calloc(c->npre, sizeof *styles);
    lr_tex_color *colors = calloc(c->npre * TEX_MAX_COLORS, sizeof *colors);
    lr_mobject **outs = calloc(c->npre, sizeof *outs);
    lr_tex_span *spans = NULL; /* SPEC_MAX_TEX_PARTS for each formula in parts */
    size_t nparted = 0;
    for (size_t i = 0; i < c->npre; i++)
        nparted += c->pre[i].obj != NULL;
    if (nparted)
        spans = calloc(nparted * SPEC_MAX_TEX_PARTS, sizeof *spans);
    bool ok = reqs && styles && colors && outs && (spans || !nparted);
    for (size_t i = 0, k = 0; ok && i < c->npre; i++) {
        styles[i] = build_tex_style(c->pre[i].font_size, c->pre[i].color, c->pre[i].map, colors + i * TEX_MAX_COLORS);
        if (c->pre[i].obj) {
            styles[i].parts = spans + k * SPEC_MAX_TEX_PARTS;
            styles[i].nparts = build_tex_parts(c, c->pre[i].obj, spans + k++ * SPEC_MAX_TEX_PARTS);
        }
        reqs[i] = (lr_tex_request){.source = c->pre[i].src, .style = &styles[i]};
    }
    lr_error e = {0};
    if (ok && lr_tex_create_many(c->spec->res->tex, reqs, c->npre, outs, &e) == LR_OK) {
        for (size_t i = 0; i < c->npre; i++)
            c->pre[i].m = outs[i];
    } else {
        c->npre = 0;
    }
    free(reqs);
    free(styles);
    free(colors);
    free(outs);
    free(spans);
}

static void release_prefetched(bctx *c)
{
    for (size_t i = 0; i < c->npre; i++)
        lr_mobject_destroy(c->pre[i].m);
    free(c->pre);
    c->pre = NULL;
    c->npre = 0;
}

lr_status lr_spec_build_section(const lr_spec *spec, size_t index, lr_scene **scene, lr_timeline **timeline,
                                lr_error *err)
{
    return lr_spec_build_section_timed(spec, index, NULL, scene, timeline, err);
}

/* Builds the section into a new scene and timeline; *out is the state its
 * updaters read (the caller keeps or frees it). A shadow build only serves
 * build_sample_traces. */
lr_status build_section(const lr_spec *spec, size_t index, const lr_section_timing *timing, bool shadow,
                        lr_spec_errors *check, bctx **out, lr_scene **scene, lr_timeline **timeline, lr_error *err)
{
    bctx *c = calloc(1, sizeof *c);
    if (!c)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    c->shadow = shadow;
    c->check = check;
    c->spec = spec;
    c->sec = &spec->sections[index];
    c->index = index;
    c->orientation = spec->meta.orientation;
    c->err = err;
    c->current_line = -1;
    c->camera_height = 8;
    c->camera = cJSON_GetObjectItemCaseSensitive(c->sec->json, "camera");
    /* The scene as built is the section's start: time 0, values as declared. */
    c->live_time = NAN;
    for (size_t i = 0; i < c->sec->nnames; i++) {
        if (c->sec->names[i].value >= 0)
            c->vars[SPEC_SLOT_VALUES + c->sec->names[i].value] = build_num(c, c->sec->names[i].json, "value", 0);
        c->cap_live += (c->sec->names[i].flags & SN_DYNAMIC) != 0;
    }
    /* Updaters keep pointers into it: sized once. */
    c->live = c->cap_live ? calloc(c->cap_live, sizeof *c->live) : NULL;
    c->scene = lr_scene_create();
    lr_status s = c->scene && (c->live || !c->cap_live) ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK) {
        lr_scene_set_background(c->scene, spec->meta.background);
        s = build_layout(c);
    }
    const cJSON *objects = cJSON_GetObjectItemCaseSensitive(c->sec->json, "objects");
    if (s == LR_OK) {
        build_prefetch_tex(c, objects);
        build_collect_images(c, objects, 0);
    }
    for (const cJSON *o = objects ? objects->child : NULL; o && s == LR_OK; o = o->next) {
        lr_mobject *m = NULL;
        if (strcmp(str_or(o, "type", ""), "value") != 0) /* never drawn: the timeline holds it */
            s = build_object(c, o, &m);
    }
    /* Top-level objects join the scene hidden; the timeline shows them. */
    for (size_t i = 0; i < c->nobjs && s == LR_OK; i++) {
        bobj *b = &c->objs[i];
        if (b->json && !b->in_group) {
            lr_mobject_set_visible(b->m, false);
            if (lr_scene_add(c->scene, b->m) != LR_OK)
                s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
            else
                b->in_scene = true;
        }
    }
    if (s == LR_OK) {
        build_order_marks(c);
        c->tl = lr_timeline_create(c->scene);
        if (!c->tl)
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    if (s == LR_OK)
        s = build_add_graph_updaters(c);
    if (s == LR_OK)
        s = build_add_values_and_updaters(c);
    if (s == LR_OK)
        s = build_camera_start(c);
    /* ---- narration timing: steps fitted to speech (timing.c) ---- */
    lr_section_timing fitted;
    spec_timing_plan plan = {0};
    double expected = c->sec->duration;
    if (s == LR_OK && timing) {
        fitted = *timing;
        s = spec_timing_plan_make(spec, index, &fitted, &plan, err);
        expected = fitted.duration;
    }
    size_t k = 0;
    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(c->sec->json, "timeline");
    for (const cJSON *e = steps ? steps->child : NULL; e && s == LR_OK; e = e->next, k++) {
        c->step_scale = plan.scale && k < plan.nsteps ? plan.scale[k] : 1.0;
        if (plan.wait_before && k <= plan.nsteps && plan.wait_before[k] > 0)
            s = lr_timeline_wait(c->tl, plan.wait_before[k], err);
        if (s == LR_OK)
            s = compile_step(c, e);
    }
    if (s == LR_OK && plan.wait_before && k <= plan.nsteps && plan.wait_before[k] > 0)
        s = lr_timeline_wait(c->tl, plan.wait_before[k], err);
    /* After the objects' updaters, so that it reads where they are at t. */
    if (s == LR_OK && c->camera_follows)
        s = lr_timeline_add_updater(c->tl, NULL, build_follow_camera, c, err);
    if (s == LR_OK)
        s = build_camera_finish(c);
    spec_timing_plan_free(&plan);
    /* ---- end narration timing ---- */
    if (s == LR_OK && fabs(lr_timeline_duration(c->tl) - expected) > (timing ? 1e-6 : 1e-9))
        s = lr_error_set(err, LR_ERR_INVALID_ARG, "%s: sections[%zu] (%s): the timeline lasts %g s, the spec says %g s",
                         spec->name, index, c->sec->id, lr_timeline_duration(c->tl), expected);
    if (s != LR_OK) {
        /* Objects not yet handed to the scene (or to a group in it). */
        for (size_t i = 0; i < c->nobjs; i++)
            if (c->objs[i].json && !c->objs[i].in_group && !c->objs[i].in_scene)
                lr_mobject_destroy(c->objs[i].m);
        lr_timeline_destroy(c->tl);
        lr_scene_destroy(c->scene);
        release_prefetched(c);
        build_free_live(c);
        return s;
    }
    *scene = c->scene;
    *timeline = c->tl;
    release_prefetched(c);
    *out = c;
    return LR_OK;
}

lr_status lr_spec_build_section_timed(const lr_spec *spec, size_t index, const lr_section_timing *timing,
                                      lr_scene **scene, lr_timeline **timeline, lr_error *err)
{
    if (!spec || !scene || !timeline || index >= spec->nsections)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_spec_build_section: no such section %zu", index);
    *scene = NULL;
    *timeline = NULL;
    lr_error local = {0};
    if (!err)
        err = &local;
    err->status = LR_OK;
    bctx *c = NULL;
    lr_status s = build_section(spec, index, timing, false, NULL, &c, scene, timeline, err);
    if (s == LR_OK)
        s = build_sample_traces(c, timing, err);
    if (s != LR_OK) {
        if (c) {
            lr_timeline_destroy(*timeline);
            lr_scene_destroy(*scene);
            build_free_live(c);
            *scene = NULL;
            *timeline = NULL;
        }
        return s;
    }
    if (c->nlive > 0 || c->live_anims || c->map_jobs || c->bar_jobs || c->camera_follows || c->camera_turns ||
        c->graph_updaters) {
        /* The timeline's updaters read this state while it seeks: it stays
         * with the spec, which must outlive the timeline anyway. */
        c->err = NULL;
        c->next_live = spec->res->live;
        spec->res->live = c;
        spec->res->release = build_release;
    } else {
        build_free_live(c);
    }
    return LR_OK;
}

lr_status lr_spec_check(const lr_spec *spec, lr_spec_errors *errs)
{
    if (!spec)
        return LR_ERR_INVALID_ARG;
    lr_spec_errors *list = errs ? errs : lr_spec_errors_create();
    if (!list)
        return LR_ERR_NOMEM;
    size_t before = lr_spec_errors_count(list);
    lr_status s = LR_OK;
    for (size_t i = 0; i < spec->nsections && s != LR_ERR_NOMEM; i++) {
        lr_scene *scene = NULL;
        lr_timeline *tl = NULL;
        lr_error err = {0};
        bctx *c = NULL;
        s = build_section(spec, i, NULL, false, list, &c, &scene, &tl, &err);
        if (s != LR_OK) {
            char path[32];
            snprintf(path, sizeof path, "sections[%zu]", i);
            spec_errors_add_message(list, path, err.message[0] ? err.message : lr_strerror(s));
        } else {
            lr_timeline_destroy(tl);
            lr_scene_destroy(scene);
            build_free_live(c);
        }
    }
    size_t found = lr_spec_errors_count(list) - before;
    if (list != errs)
        lr_spec_errors_destroy(list);
    return s == LR_ERR_NOMEM ? s : found ? LR_ERR_SPEC : LR_OK;
}
