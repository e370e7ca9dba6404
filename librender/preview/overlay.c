/* The overlay scene: grid, boxes, help, errors and the scrub bar, built as
 * ordinary mobjects so that the one path renderer draws them too. It is in
 * frame coordinates (the default camera), whatever the lesson's camera does. */
#include "preview/preview_internal.h"

#include <librender/lr_shapes.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct overlay_builder {
    lr_preview *pv;
    lr_scene *scene;
    float fw, fh; /* frame size in units */
    float px;     /* one frame pixel in units: lines and text are sized in pixels */
    float em;     /* text size in units */
    lr_status status;
    lr_error *err;
} overlay_builder;

static lr_color rgba(float r, float g, float b, float a) { return lr_rgba(r, g, b, a); }

static void add(overlay_builder *b, lr_mobject *m)
{
    if (b->status != LR_OK) {
        lr_mobject_destroy(m);
        return;
    }
    if (!m) {
        b->status = lr_error_set(b->err, LR_ERR_NOMEM, "preview overlay: could not build a shape");
        return;
    }
    b->status = lr_scene_add(b->scene, m);
    if (b->status != LR_OK)
        lr_mobject_destroy(m);
}

static void add_box(overlay_builder *b, lr_rect r, lr_color stroke, float width, lr_color fill)
{
    if (lr_rect_is_empty(r) || b->status != LR_OK)
        return;
    lr_style st = lr_style_default();
    st.stroke = stroke;
    st.stroke_width = width;
    st.fill = fill;
    lr_vec2 c = {(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f};
    float w = r.x1 - r.x0, h = r.y1 - r.y0;
    add(b, lr_shape_rectangle(c, w > 1e-4f ? w : 1e-4f, h > 1e-4f ? h : 1e-4f, st, NULL));
}

/* Text whose top-left corner (of its ink) is at `at`, squeezed to at most
 * `max_w` wide and `max_h` high (0: no limit), so that it never leaves
 * the box it is written in. */
static void add_text_within(overlay_builder *b, const char *utf8, float ems, lr_color color, lr_vec2 at, float max_w,
                            float max_h)
{
    if (b->status != LR_OK || !utf8 || !*utf8)
        return;
    lr_text_style ts = lr_text_style_default();
    ts.font_size = ems * b->em * 96.0f; /* lr_text.h: the em is font_size / 96 units */
    ts.color = color;
    ts.family = "sans";
    lr_mobject *m = NULL;
    lr_error terr;
    lr_status s = lr_text_create(b->pv->text, utf8, &ts, &m, &terr);
    if (s != LR_OK) {
        /* A label that does not shape must not take the preview down. */
        return;
    }
    lr_rect bb = lr_mobject_bounds(m);
    if (!lr_rect_is_empty(bb)) {
        float w = bb.x1 - bb.x0, h = bb.y1 - bb.y0;
        float sx = max_w > 0 && w > max_w ? max_w / w : 1, sy = max_h > 0 && h > max_h ? max_h / h : 1;
        lr_affine a = lr_affine_then(lr_affine_translate(-bb.x0, -bb.y1), lr_affine_scale(sx, sy));
        lr_mobject_set_transform(m, lr_affine_then(a, lr_affine_translate(at.x, at.y)));
    }
    add(b, m);
}

static void add_text(overlay_builder *b, const char *utf8, float ems, lr_color color, lr_vec2 at)
{
    add_text_within(b, utf8, ems, color, at, 0, 0);
}

static void build_grid(overlay_builder *b)
{
    lr_orientation o = b->pv->orientation;
    lr_layout lay = lr_layout_get(o);
    lr_color line = rgba(0.35f, 0.75f, 1.0f, 0.7f), label = rgba(0.55f, 0.85f, 1.0f, 0.9f);
    lr_color none = rgba(0, 0, 0, 0);
    for (int r = 0; r < LR_LAYOUT_ROWS; r++) {
        for (int c = 0; c < LR_LAYOUT_COLS; c++) {
            char name[3] = {(char)('A' + r), (char)('1' + c), 0};
            lr_rect cell;
            if (lr_layout_anchor_rect(o, name, &cell, NULL) != LR_OK)
                continue;
            add_box(b, cell, line, b->px, none);
            add_text(b, name, 0.8f, label, (lr_vec2){cell.x0 + 0.3f * b->em, cell.y1 - 0.3f * b->em});
        }
    }
    lr_color lect = rgba(1.0f, 0.8f, 0.3f, 0.8f);
    add_box(b, lay.lecture, lect, 2 * b->px, none);
    for (int i = 0; i < LR_LAYOUT_MAX_LINES; i++)
        add_box(b, lr_layout_line_rect(o, i), rgba(1.0f, 0.8f, 0.3f, 0.35f), b->px, none);
    add_box(b, lay.title, rgba(0.6f, 1.0f, 0.6f, 0.8f), 2 * b->px, none);
}

static void build_boxes(overlay_builder *b)
{
    lr_preview *pv = b->pv;
    if (!pv->scene || pv->built == (size_t)-1)
        return;
    size_t cap = lr_spec_section_object_count(pv->spec, pv->built) + 1 + LR_LAYOUT_MAX_LINES;
    lr_layout_item *items = calloc(cap, sizeof *items);
    if (!items) {
        b->status = lr_error_set(b->err, LR_ERR_NOMEM, "out of memory for the layout report");
        return;
    }
    size_t n = lr_spec_layout_items(pv->spec, pv->built, pv->scene, items, cap);
    lr_layout_options lo = {pv->orientation, pv->width, pv->height, 0, 0};
    lr_layout_report rep = {0};
    lr_error rerr;
    if (lr_layout_report_compute(pv->scene, items, n, &lo, &rep, &rerr) == LR_OK) {
        lr_vec2 cam;
        float cam_h;
        lr_scene_get_camera(pv->scene, &cam, &cam_h);
        float k = cam_h > 0 ? 8.0f / cam_h : 1.0f;
        for (size_t i = 0; i < rep.nobjects; i++) {
            bool bad = false;
            for (size_t p = 0; p < rep.nproblems; p++)
                if (rep.problems[p].item == i ||
                    (rep.problems[p].kind == LR_PROBLEM_OVERLAP && rep.problems[p].other == i))
                    bad = true;
            lr_rect r = rep.objects[i].box;
            r = (lr_rect){(r.x0 - cam.x) * k, (r.y0 - cam.y) * k, (r.x1 - cam.x) * k, (r.y1 - cam.y) * k};
            lr_color c = bad ? rgba(1.0f, 0.15f, 0.15f, 1.0f) : rgba(0.2f, 1.0f, 0.6f, 0.9f);
            add_box(b, r, c, 2 * b->px, rgba(0, 0, 0, 0));
            add_text(b, rep.objects[i].id, 0.8f, c, (lr_vec2){r.x0, r.y1 + 1.1f * b->em});
        }
    }
    lr_layout_report_free(&rep);
    free(items);
}

static void build_help(overlay_builder *b)
{
    static const char *const lines[] = {
        "space   play / pause",
        "left / right   one frame back / forward",
        "shift + left / right   previous / next section",
        "Home / End   first / last frame",
        "g   anchor grid      b   bounding boxes",
        "s   save frame as PNG      h   this help",
        "q / Esc   quit      mouse in the bottom strip: scrub",
    };
    size_t n = sizeof lines / sizeof lines[0];
    float lh = 1.5f * b->em, w = 30.0f * b->em, h = lh * (float)n + b->em;
    if (w > b->fw - 2 * b->em)
        w = b->fw - 2 * b->em;
    lr_rect r = {-w / 2, -h / 2, w / 2, h / 2};
    add_box(b, r, rgba(1, 1, 1, 0.6f), b->px, rgba(0.05f, 0.05f, 0.08f, 0.85f));
    for (size_t i = 0; i < n; i++)
        add_text(b, lines[i], 1.0f, rgba(1, 1, 1, 1), (lr_vec2){r.x0 + b->em, r.y1 - 0.5f * b->em - lh * (float)i});
}

#define ERROR_LINES 8
#define ERROR_CHARS 110

/* Bytes of `msg` (`len` of them) that start the next line of at most
 * `room` characters (half an em each, about): up to the line end, at a
 * space when one is near the end, never inside a UTF-8 sequence. */
static int line_take(const char *msg, size_t len, int room)
{
    size_t eol = strcspn(msg, "\n");
    if (eol < len)
        len = eol;
    int take = len > (size_t)room ? room : (int)len;
    if ((size_t)take < len) {
        for (int k = take; k > room / 2; k--)
            if (msg[k] == ' ') {
                take = k + 1;
                break;
            }
        while (take > 1 && ((unsigned char)msg[take] & 0xC0) == 0x80)
            take--;
    }
    return take;
}

/* Messages (a LaTeX error has several lines: TeX's message, "l.N ...", the
 * rest of that line) are split at their line ends and wrapped at the
 * banner's width, a continuation marked, until ERROR_LINES lines are used
 * (the last then says how many were left out). Each line is then squeezed
 * into the banner if the shaper finds it wider than the estimate, so no
 * text is drawn outside the banner. */
static void build_errors(overlay_builder *b)
{
    lr_preview *pv = b->pv;
    int chars = (int)((b->fw - 1.0f * b->em) / (0.55f * b->em));
    if (chars > ERROR_CHARS)
        chars = ERROR_CHARS;
    if (chars < 12)
        chars = 12;
    float lh = 1.3f * b->em;
    /* At most the upper 45% of the frame, so the scene stays visible. */
    int max_lines = (int)(0.45f * b->fh / lh);
    if (max_lines > ERROR_LINES)
        max_lines = ERROR_LINES;
    if (max_lines < 2)
        max_lines = 2;
    char lines[ERROR_LINES][ERROR_CHARS + 8];
    snprintf(lines[0], sizeof lines[0], "%zu error%s: the window shows the last good spec", pv->nerrors,
             pv->nerrors == 1 ? "" : "s");
    int n = 1, left_out = 0;
    for (size_t i = 0; i < pv->nerrors; i++) {
        const char *msg = pv->errors[i];
        bool first = true; /* at the start of one of the message's own lines */
        while (*msg) {
            if (*msg == '\n') {
                msg++;
                first = true;
                continue;
            }
            /* Text is placed by its ink, so a continuation is marked, not indented. */
            int take = line_take(msg, strlen(msg), first ? chars : chars - 2);
            if (n < max_lines)
                snprintf(lines[n++], sizeof lines[0], "%s%.*s", first ? "" : "\u2026 ", take, msg);
            else
                left_out++;
            msg += take;
            first = false;
        }
    }
    if (left_out > 0) /* the last line gives way to the count */
        snprintf(lines[n - 1], sizeof lines[0], "\u2026 %d more lines (every error is on the terminal)",
                 left_out + 1);
    float h = lh * (float)n + 0.6f * b->em;
    lr_rect r = {-b->fw / 2, b->fh / 2 - h, b->fw / 2, b->fh / 2};
    add_box(b, r, rgba(1, 0.3f, 0.3f, 1), 2 * b->px, rgba(0.25f, 0.0f, 0.0f, 0.85f));
    lr_vec2 at = {r.x0 + 0.5f * b->em, r.y1 - 0.4f * b->em};
    float max_w = b->fw - 1.0f * b->em;
    for (int i = 0; i < n; i++, at.y -= lh)
        add_text_within(b, lines[i], 1.0f, i == 0 ? rgba(1, 0.85f, 0.3f, 1) : rgba(1, 0.8f, 0.8f, 1), at, max_w,
                        lh);
}

static void build_scrub(overlay_builder *b)
{
    lr_preview *pv = b->pv;
    int64_t total = lr_preview_total_frames(pv);
    float y0 = -b->fh / 2, h = LR_SCRUB_EMS * b->em, mid = y0 + h / 2, half = 0.25f * b->em;
    add_box(b, (lr_rect){-b->fw / 2, y0, b->fw / 2, y0 + h}, rgba(0, 0, 0, 0), 0, rgba(0, 0, 0, 0.6f));
    float x0 = -b->fw / 2 + b->em, x1 = b->fw / 2 - b->em;
    float frac = total > 1 ? (float)lr_preview_frame(pv) / (float)(total - 1) : 0.0f;
    add_box(b, (lr_rect){x0, mid - half, x1, mid + half}, rgba(0, 0, 0, 0), 0, rgba(1, 1, 1, 0.3f));
    if (frac > 0)
        add_box(b, (lr_rect){x0, mid - half, x0 + (x1 - x0) * frac, mid + half}, rgba(0, 0, 0, 0), 0,
                rgba(0.35f, 0.75f, 1.0f, 1.0f));
    for (size_t i = 1; i < pv->nsections; i++) {
        float x = x0 + (x1 - x0) * (float)pv->section_start[i] / (float)(total > 1 ? total - 1 : 1);
        add_box(b, (lr_rect){x - b->px, mid - 2 * half, x + b->px, mid + 2 * half}, rgba(0, 0, 0, 0), 0,
                rgba(1, 0.8f, 0.3f, 1));
    }
}

lr_status lr_preview_overlay_build(lr_preview *pv, lr_error *err)
{
    lr_scene_destroy(pv->overlay_scene);
    pv->overlay_scene = NULL;
    if (!pv->overlays)
        return LR_OK;
    lr_scene *scene = lr_scene_create();
    if (!scene)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory for the overlay scene");
    lr_scene_set_background(scene, lr_rgba(0, 0, 0, 0));
    float px = 8.0f / (float)pv->height;
    overlay_builder b = {pv, scene, px * (float)pv->width, 8.0f, px, px * lr_preview_em_px(pv), LR_OK, err};
    if (pv->overlays & LR_PREVIEW_OVERLAY_GRID)
        build_grid(&b);
    if (pv->overlays & LR_PREVIEW_OVERLAY_BOXES)
        build_boxes(&b);
    if (pv->overlays & LR_PREVIEW_OVERLAY_SCRUB)
        build_scrub(&b);
    if ((pv->overlays & LR_PREVIEW_OVERLAY_ERRORS) && pv->nerrors)
        build_errors(&b);
    if (pv->overlays & LR_PREVIEW_OVERLAY_HELP)
        build_help(&b);
    if (b.status != LR_OK) {
        lr_scene_destroy(scene);
        return b.status;
    }
    pv->overlay_scene = scene;
    return LR_OK;
}
