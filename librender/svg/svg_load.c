/* SVG documents: expat builds a small element tree (so that <use> can point
 * forward into <defs>), then a walk with an inherited style turns each shape
 * into a path mobject. */
#include "svg/svg_internal.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "core/file.h"

#define SVG_DEFAULT_MAX_BYTES ((size_t)8 << 20)
#define SVG_DEFAULT_MAX_ELEMENTS 100000u
#define SVG_DEFAULT_MAX_DEPTH 64u
#define SVG_DEFAULT_MAX_COMMANDS 1000000u
#define SVG_MAX_USE_DEPTH 16
#define SVG_MAX_WARNINGS 32

typedef struct svg_node {
    char *name;             /* local name, prefix stripped */
    char **attrs;           /* name, value, name, value, ..., NULL */
    struct svg_node *first_child, *last_child, *next;
    unsigned line;
} svg_node;

typedef struct svg_doc {
    XML_Parser parser;
    svg_node *root;
    svg_node *stack[256];
    uint32_t depth;
    uint32_t elements;
    uint32_t max_elements, max_depth;
    /* Elements with an id, sorted by it, so <use> costs a binary search
     * rather than a walk of the document. */
    struct svg_id { const char *id; struct svg_node *node; size_t order; } *ids;
    size_t nids;
    lr_status status;
    char message[512];
} svg_doc;

typedef enum paint_kind { PAINT_NONE, PAINT_COLOR, PAINT_CURRENT } paint_kind;

typedef struct svg_paint {
    paint_kind kind;
    lr_color color;
} svg_paint;

typedef struct svg_state {
    lr_affine ctm;
    svg_paint fill, stroke;
    lr_color color; /* the 'color' property, for currentColor */
    float stroke_width, fill_opacity, stroke_opacity, opacity, miter;
    lr_fill_rule rule;
    lr_line_join join;
    lr_line_cap cap;
    float vw, vh; /* viewport, for percentages */
} svg_state;

typedef struct svg_ctx {
    const lr_svg_options *opt;
    svg_doc *doc;
    lr_mobject *group;
    lr_svg_warnings *warnings;
    uint32_t commands;
    uint64_t visits, max_visits; /* <use> can multiply a document exponentially */
    int use_depth;
    lr_error *err;
} svg_ctx;

/* ---- tree building ------------------------------------------------------ */

static void node_free(svg_node *n)
{
    while (n) {
        svg_node *next = n->next;
        node_free(n->first_child);
        if (n->attrs) {
            for (char **a = n->attrs; *a; a++)
                free(*a);
            free(n->attrs);
        }
        free(n->name);
        free(n);
        n = next;
    }
}

static void doc_fail(svg_doc *doc, lr_status st, const char *msg)
{
    if (doc->status == LR_OK) {
        doc->status = st;
        snprintf(doc->message, sizeof doc->message, "%s at line %lu", msg,
                 (unsigned long)XML_GetCurrentLineNumber(doc->parser));
    }
    XML_StopParser(doc->parser, XML_FALSE);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    svg_doc *doc = ud;
    if (doc->status != LR_OK)
        return;
    if (++doc->elements > doc->max_elements) {
        doc_fail(doc, LR_ERR_LIMIT, "too many elements");
        return;
    }
    if (doc->depth >= doc->max_depth || doc->depth >= 256) {
        doc_fail(doc, LR_ERR_LIMIT, "elements nested too deeply");
        return;
    }
    svg_node *n = calloc(1, sizeof *n);
    if (!n) {
        doc_fail(doc, LR_ERR_NOMEM, "out of memory");
        return;
    }
    const char *colon = strrchr(name, ':');
    n->name = strdup(colon ? colon + 1 : name);
    n->line = (unsigned)XML_GetCurrentLineNumber(doc->parser);
    size_t na = 0;
    while (atts[na])
        na++;
    n->attrs = calloc(na + 1, sizeof *n->attrs);
    bool ok = n->name && n->attrs;
    for (size_t i = 0; ok && i < na; i++)
        ok = (n->attrs[i] = strdup(atts[i])) != NULL;
    if (doc->depth == 0) {
        if (doc->root) {
            node_free(n);
            doc_fail(doc, LR_ERR_SVG, "more than one root element");
            return;
        }
        doc->root = n;
    } else {
        svg_node *parent = doc->stack[doc->depth - 1];
        if (parent->last_child)
            parent->last_child->next = n;
        else
            parent->first_child = n;
        parent->last_child = n;
    }
    doc->stack[doc->depth++] = n;
    if (!ok)
        doc_fail(doc, LR_ERR_NOMEM, "out of memory");
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    svg_doc *doc = ud;
    (void)name;
    if (doc->depth > 0)
        doc->depth--;
}

/* Entities are the classic way to make a small file expand without bound;
 * SVG icons never need them. */
static void XMLCALL on_entity_decl(void *ud, const XML_Char *entityName, int is_parameter_entity,
                                   const XML_Char *value, int value_length, const XML_Char *base,
                                   const XML_Char *systemId, const XML_Char *publicId,
                                   const XML_Char *notationName)
{
    svg_doc *doc = ud;
    doc_fail(doc, LR_ERR_SVG, "entity declarations are not allowed");
}

static const char *attr(const svg_node *n, const char *name)
{
    for (char **a = n->attrs; a && a[0] && a[1]; a += 2)
        if (strcmp(a[0], name) == 0)
            return a[1];
    return NULL;
}

static const char *attr_href(const svg_node *n)
{
    const char *h = attr(n, "xlink:href");
    if (!h)
        h = attr(n, "href");
    if (!h) {
        /* Any prefix bound to the xlink namespace. */
        for (char **a = n->attrs; a && a[0] && a[1]; a += 2) {
            const char *c = strchr(a[0], ':');
            if (c && strcmp(c + 1, "href") == 0)
                return a[1];
        }
    }
    return h;
}

static int id_cmp(const void *a, const void *b)
{
    const struct svg_id *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    /* Duplicate ids: the first in document order wins, as browsers do. */
    return c ? c : (x->order < y->order ? -1 : x->order > y->order);
}

static void collect_ids(svg_doc *doc, svg_node *n)
{
    for (; n; n = n->next) {
        const char *v = attr(n, "id");
        if (v) {
            doc->ids[doc->nids].id = v;
            doc->ids[doc->nids].node = n;
            doc->ids[doc->nids].order = doc->nids;
            doc->nids++;
        }
        collect_ids(doc, n->first_child);
    }
}

static bool index_ids(svg_doc *doc)
{
    doc->ids = malloc(((size_t)doc->elements + 1) * sizeof *doc->ids);
    if (!doc->ids)
        return false;
    doc->nids = 0;
    collect_ids(doc, doc->root);
    qsort(doc->ids, doc->nids, sizeof *doc->ids, id_cmp);
    return true;
}

static svg_node *find_id(svg_doc *doc, const char *id)
{
    size_t lo = 0, hi = doc->nids;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(doc->ids[mid].id, id);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < doc->nids && strcmp(doc->ids[lo].id, id) == 0 ? doc->ids[lo].node : NULL;
}

/* ---- warnings ----------------------------------------------------------- */

static void warn(svg_ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void warn(svg_ctx *c, const char *fmt, ...)
{
    lr_svg_warnings *w = c->warnings;
    if (!w || w->count >= SVG_MAX_WARNINGS)
        return;
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    for (size_t i = 0; i < w->count; i++)
        if (strcmp(w->messages[i], buf) == 0)
            return;
    char **grown = realloc(w->messages, (w->count + 1) * sizeof *grown);
    if (!grown)
        return;
    w->messages = grown;
    char *m = strdup(buf);
    if (m)
        w->messages[w->count++] = m;
}

void lr_svg_warnings_free(lr_svg_warnings *warnings)
{
    if (!warnings)
        return;
    for (size_t i = 0; i < warnings->count; i++)
        free(warnings->messages[i]);
    free(warnings->messages);
    warnings->messages = NULL;
    warnings->count = 0;
}

/* ---- values ------------------------------------------------------------- */

static const struct {
    const char *name;
    uint32_t rgb;
} css_colors[] = {
    {"black", 0x000000},  {"silver", 0xC0C0C0},  {"gray", 0x808080},    {"grey", 0x808080},
    {"white", 0xFFFFFF},  {"maroon", 0x800000},  {"red", 0xFF0000},     {"purple", 0x800080},
    {"fuchsia", 0xFF00FF}, {"magenta", 0xFF00FF}, {"green", 0x008000},  {"lime", 0x00FF00},
    {"olive", 0x808000},  {"yellow", 0xFFFF00},  {"navy", 0x000080},    {"blue", 0x0000FF},
    {"teal", 0x008080},   {"aqua", 0x00FFFF},    {"cyan", 0x00FFFF},    {"orange", 0xFFA500},
    {"pink", 0xFFC0CB},   {"brown", 0xA52A2A},   {"gold", 0xFFD700},    {"darkgray", 0xA9A9A9},
    {"darkgrey", 0xA9A9A9}, {"lightgray", 0xD3D3D3}, {"lightgrey", 0xD3D3D3}, {"darkred", 0x8B0000},
    {"darkgreen", 0x006400}, {"darkblue", 0x00008B}, {"orchid", 0xDA70D6}, {"violet", 0xEE82EE},
    {"indigo", 0x4B0082}, {"crimson", 0xDC143C},  {"tomato", 0xFF6347},  {"coral", 0xFF7F50},
    {"salmon", 0xFA8072}, {"khaki", 0xF0E68C},   {"steelblue", 0x4682B4}, {"skyblue", 0x87CEEB},
    {"dimgray", 0x696969}, {"dimgrey", 0x696969}, {"whitesmoke", 0xF5F5F5}, {"gainsboro", 0xDCDCDC},
};

static bool parse_color(const char *s, lr_color *out)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char buf[64];
    size_t n = 0;
    while (s[n] && n < sizeof buf - 1)
        n++;
    memcpy(buf, s, n);
    buf[n] = '\0';
    while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\n'))
        buf[--n] = '\0';
    if (strncasecmp(buf, "rgb(", 4) == 0 || strncasecmp(buf, "rgba(", 5) == 0) {
        const char *p = strchr(buf, '(') + 1;
        double v[4] = {0, 0, 0, 1};
        int k = 0;
        for (; k < 4; k++) {
            if (!lr_svg_scan_number(&p, &v[k]))
                break;
            while (*p == ' ')
                p++;
            if (*p == '%') {
                v[k] = v[k] * (k == 3 ? 0.01 : 2.55);
                p++;
            }
        }
        if (k < 3)
            return false;
        for (int i = 0; i < 3; i++)
            v[i] = v[i] < 0 ? 0 : v[i] > 255 ? 255 : v[i];
        *out = lr_rgba((float)(v[0] / 255.0), (float)(v[1] / 255.0), (float)(v[2] / 255.0),
                       (float)(v[3] < 0 ? 0 : v[3] > 1 ? 1 : v[3]));
        return true;
    }
    if (buf[0] == '#') {
        size_t len = strlen(buf + 1);
        if (len == 3 || len == 6 || len == 8 || len == 4) {
            if (len == 4) { /* #rgba: expand so lr_color_parse sees #rrggbbaa */
                char e[10] = "#";
                for (int i = 0; i < 4; i++) {
                    e[1 + 2 * i] = buf[1 + i];
                    e[2 + 2 * i] = buf[1 + i];
                }
                e[9] = '\0';
                return lr_color_parse(e, out);
            }
            return lr_color_parse(buf, out);
        }
        return false;
    }
    for (size_t i = 0; i < sizeof css_colors / sizeof css_colors[0]; i++)
        if (strcasecmp(buf, css_colors[i].name) == 0) {
            uint32_t c = css_colors[i].rgb;
            *out = lr_rgba((float)((c >> 16) & 255) / 255.0f, (float)((c >> 8) & 255) / 255.0f,
                           (float)(c & 255) / 255.0f, 1.0f);
            return true;
        }
    return false;
}

/* A length in user units; percentages are of `ref`. */
static bool parse_length(const char *s, float ref, float *out)
{
    if (!s)
        return false;
    double v;
    const char *p = s;
    if (!lr_svg_scan_number(&p, &v))
        return false;
    while (*p == ' ')
        p++;
    double k = 1.0;
    if (*p == '%')
        k = ref / 100.0;
    else if (strncmp(p, "pt", 2) == 0)
        k = 96.0 / 72.0;
    else if (strncmp(p, "pc", 2) == 0)
        k = 16.0;
    else if (strncmp(p, "mm", 2) == 0)
        k = 96.0 / 25.4;
    else if (strncmp(p, "cm", 2) == 0)
        k = 96.0 / 2.54;
    else if (strncmp(p, "in", 2) == 0)
        k = 96.0;
    else if (strncmp(p, "em", 2) == 0)
        k = 16.0;
    else if (strncmp(p, "ex", 2) == 0)
        k = 8.0;
    *out = (float)(v * k);
    return true;
}

static float len_attr(const svg_node *n, const char *name, float ref, float dflt)
{
    float v;
    return parse_length(attr(n, name), ref, &v) ? v : dflt;
}

static float clamp01(float v)
{
    return v < 0 ? 0 : v > 1 ? 1 : v;
}

static void set_paint(svg_ctx *c, svg_doc *doc, svg_paint *paint, const char *value, const char *prop)
{
    while (*value == ' ')
        value++;
    if (strcmp(value, "none") == 0 || strcmp(value, "transparent") == 0) {
        paint->kind = PAINT_NONE;
    } else if (strcasecmp(value, "currentColor") == 0) {
        paint->kind = PAINT_CURRENT;
    } else if (strncmp(value, "url(", 4) == 0) {
        /* Gradients and patterns: use the fallback colour after url(...),
         * else the referenced gradient's first stop, else leave unpainted. */
        const char *close = strchr(value, ')');
        lr_color col;
        if (close && parse_color(close + 1, &col)) {
            paint->kind = PAINT_COLOR;
            paint->color = col;
            warn(c, "%s %s: paint servers are not supported; used the fallback colour", prop, value);
            return;
        }
        char id[128] = {0};
        const char *hash = strchr(value, '#');
        if (hash && close && close > hash) {
            size_t len = (size_t)(close - hash - 1);
            if (len >= sizeof id)
                len = sizeof id - 1;
            memcpy(id, hash + 1, len);
        }
        svg_node *g = id[0] ? find_id(doc, id) : NULL;
        for (int hops = 0; g && !g->first_child && hops < 4; hops++) {
            const char *h = attr_href(g); /* gradients may inherit stops via href */
            g = (h && h[0] == '#') ? find_id(doc, h + 1) : NULL;
        }
        if (g) {
            for (svg_node *s = g->first_child; s; s = s->next) {
                if (strcmp(s->name, "stop") != 0)
                    continue;
                const char *sc = attr(s, "stop-color");
                const char *style = attr(s, "style");
                char buf[64];
                if (style && (style = strstr(style, "stop-color")) != NULL) {
                    const char *v = strchr(style, ':');
                    if (v) {
                        size_t k = 0;
                        v++;
                        while (v[k] && v[k] != ';' && k < sizeof buf - 1) {
                            buf[k] = v[k];
                            k++;
                        }
                        buf[k] = '\0';
                        sc = buf;
                    }
                }
                if (sc && parse_color(sc, &col)) {
                    paint->kind = PAINT_COLOR;
                    paint->color = col;
                    warn(c, "%s %s: gradients are not supported; painted with the first stop's colour", prop,
                         value);
                    return;
                }
                break;
            }
        }
        warn(c, "%s %s: paint servers are not supported; left unpainted", prop, value);
        paint->kind = PAINT_NONE;
    } else {
        lr_color col;
        if (parse_color(value, &col)) {
            paint->kind = PAINT_COLOR;
            paint->color = col;
        } else {
            warn(c, "%s: unknown colour \"%.40s\" ignored", prop, value);
        }
    }
}

static float parse_opacity(const char *v)
{
    double d;
    const char *p = v;
    if (!lr_svg_scan_number(&p, &d))
        return 1.0f;
    while (*p == ' ')
        p++;
    if (*p == '%')
        d /= 100.0;
    return clamp01((float)d);
}

/* One presentation property, from an attribute or a style declaration. */
static void apply_property(svg_ctx *c, svg_state *st, const char *name, const char *value)
{
    if (strcmp(name, "fill") == 0) {
        set_paint(c, c->doc, &st->fill, value, "fill");
    } else if (strcmp(name, "stroke") == 0) {
        set_paint(c, c->doc, &st->stroke, value, "stroke");
    } else if (strcmp(name, "color") == 0) {
        lr_color col;
        if (parse_color(value, &col))
            st->color = col;
    } else if (strcmp(name, "stroke-width") == 0) {
        float w;
        if (parse_length(value, sqrtf((st->vw * st->vw + st->vh * st->vh) / 2.0f), &w) && w >= 0)
            st->stroke_width = w;
    } else if (strcmp(name, "fill-opacity") == 0) {
        st->fill_opacity = parse_opacity(value);
    } else if (strcmp(name, "stroke-opacity") == 0) {
        st->stroke_opacity = parse_opacity(value);
    } else if (strcmp(name, "opacity") == 0) {
        st->opacity *= parse_opacity(value);
    } else if (strcmp(name, "fill-rule") == 0) {
        st->rule = strstr(value, "evenodd") ? LR_FILL_EVENODD : LR_FILL_NONZERO;
    } else if (strcmp(name, "stroke-linejoin") == 0) {
        st->join = strstr(value, "round") ? LR_JOIN_ROUND : strstr(value, "bevel") ? LR_JOIN_BEVEL : LR_JOIN_MITER;
    } else if (strcmp(name, "stroke-linecap") == 0) {
        st->cap = strstr(value, "round") ? LR_CAP_ROUND : strstr(value, "square") ? LR_CAP_SQUARE : LR_CAP_BUTT;
    } else if (strcmp(name, "stroke-miterlimit") == 0) {
        double m;
        const char *p = value;
        if (lr_svg_scan_number(&p, &m) && m >= 1.0)
            st->miter = (float)m;
    } else if (strcmp(name, "filter") == 0 || strcmp(name, "mask") == 0 || strcmp(name, "clip-path") == 0) {
        if (strcmp(value, "none") != 0)
            warn(c, "%s is not supported; ignored", name);
    }
}

/* Applies presentation attributes, then style="" (which wins). Returns
 * false when the element is not displayed. */
static bool apply_style(svg_ctx *c, const svg_node *n, svg_state *st)
{
    bool shown = true;
    for (char **a = n->attrs; a && a[0] && a[1]; a += 2) {
        if (strcmp(a[0], "display") == 0 && strcmp(a[1], "none") == 0)
            shown = false;
        else if (strcmp(a[0], "visibility") == 0 && strcmp(a[1], "visible") != 0)
            shown = false;
        else
            apply_property(c, st, a[0], a[1]);
    }
    const char *style = attr(n, "style");
    if (style) {
        const char *p = style;
        while (*p) {
            const char *semi = strchr(p, ';');
            size_t len = semi ? (size_t)(semi - p) : strlen(p);
            char decl[256];
            if (len < sizeof decl) {
                memcpy(decl, p, len);
                decl[len] = '\0';
                char *colon = strchr(decl, ':');
                if (colon) {
                    *colon = '\0';
                    char *name = decl, *value = colon + 1;
                    while (*name == ' ' || *name == '\t' || *name == '\n')
                        name++;
                    char *e = colon;
                    while (e > name && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
                        *--e = '\0';
                    while (*value == ' ' || *value == '\t' || *value == '\n')
                        value++;
                    char *imp = strstr(value, "!important");
                    if (imp)
                        *imp = '\0';
                    size_t vl = strlen(value);
                    while (vl > 0 && (value[vl - 1] == ' ' || value[vl - 1] == '\t' || value[vl - 1] == '\n'))
                        value[--vl] = '\0';
                    if (strcmp(name, "display") == 0 && strcmp(value, "none") == 0)
                        shown = false;
                    else if (strcmp(name, "visibility") == 0 && strcmp(value, "visible") != 0)
                        shown = false;
                    else
                        apply_property(c, st, name, value);
                }
            }
            if (!semi)
                break;
            p = semi + 1;
        }
    }
    return shown;
}

/* ---- shapes ------------------------------------------------------------- */

static lr_status read_points(svg_ctx *c, const svg_node *n, lr_path *path, bool closed)
{
    const char *p = attr(n, "points");
    if (!p)
        return LR_OK;
    double x, y;
    bool first = true;
    lr_status st = LR_OK;
    while (st == LR_OK && lr_svg_scan_number(&p, &x)) {
        if (!lr_svg_scan_number(&p, &y))
            break; /* an odd coordinate is dropped, as the spec says */
        if (++c->commands > c->opt->max_path_commands)
            return lr_error_set(c->err, LR_ERR_LIMIT, "SVG line %u: more than %u path commands", n->line,
                                c->opt->max_path_commands);
        lr_vec2 v = {(float)x, (float)y};
        st = first ? lr_path_move_to(path, v) : lr_path_line_to(path, v);
        first = false;
    }
    if (st == LR_OK && closed && !first)
        st = lr_path_close(path);
    return st;
}

static lr_status ellipse_path(lr_path *path, float cx, float cy, float rx, float ry)
{
    lr_status st = lr_path_move_to(path, (lr_vec2){cx + rx, cy});
    if (st == LR_OK)
        st = lr_svg_arc_to(path, cx + rx, cy, rx, ry, 0, false, true, cx - rx, cy);
    if (st == LR_OK)
        st = lr_svg_arc_to(path, cx - rx, cy, rx, ry, 0, false, true, cx + rx, cy);
    if (st == LR_OK)
        st = lr_path_close(path);
    return st;
}

static lr_status shape_path(svg_ctx *c, const svg_node *n, const svg_state *s, lr_path *path)
{
    const char *name = n->name;
    if (strcmp(name, "path") == 0) {
        const char *d = attr(n, "d");
        if (!d)
            return LR_OK;
        lr_error perr;
        lr_status st = lr_svg_path_parse_limited(d, path, c->opt->max_path_commands, &c->commands, &perr);
        if (st == LR_ERR_SVG) {
            /* The spec renders the path up to the first error. */
            warn(c, "line %u: %s; drawn up to the error", n->line, perr.message);
            return LR_OK;
        }
        if (st != LR_OK)
            return lr_error_set(c->err, st, "SVG line %u: %s", n->line, perr.message);
        return LR_OK;
    }
    if (strcmp(name, "rect") == 0) {
        float x = len_attr(n, "x", s->vw, 0), y = len_attr(n, "y", s->vh, 0);
        float w = len_attr(n, "width", s->vw, 0), h = len_attr(n, "height", s->vh, 0);
        if (w <= 0 || h <= 0)
            return LR_OK;
        float rx = -1, ry = -1;
        parse_length(attr(n, "rx"), s->vw, &rx);
        parse_length(attr(n, "ry"), s->vh, &ry);
        if (rx < 0 && ry >= 0)
            rx = ry;
        if (ry < 0 && rx >= 0)
            ry = rx;
        if (rx < 0)
            rx = ry = 0;
        if (rx > w / 2)
            rx = w / 2;
        if (ry > h / 2)
            ry = h / 2;
        lr_status st;
        if (rx <= 0 || ry <= 0) {
            lr_vec2 pts[4] = {{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}};
            return lr_path_add_polygon(path, pts, 4);
        }
        st = lr_path_move_to(path, (lr_vec2){x + rx, y});
        if (st == LR_OK)
            st = lr_path_line_to(path, (lr_vec2){x + w - rx, y});
        if (st == LR_OK)
            st = lr_svg_arc_to(path, x + w - rx, y, rx, ry, 0, false, true, x + w, y + ry);
        if (st == LR_OK)
            st = lr_path_line_to(path, (lr_vec2){x + w, y + h - ry});
        if (st == LR_OK)
            st = lr_svg_arc_to(path, x + w, y + h - ry, rx, ry, 0, false, true, x + w - rx, y + h);
        if (st == LR_OK)
            st = lr_path_line_to(path, (lr_vec2){x + rx, y + h});
        if (st == LR_OK)
            st = lr_svg_arc_to(path, x + rx, y + h, rx, ry, 0, false, true, x, y + h - ry);
        if (st == LR_OK)
            st = lr_path_line_to(path, (lr_vec2){x, y + ry});
        if (st == LR_OK)
            st = lr_svg_arc_to(path, x, y + ry, rx, ry, 0, false, true, x + rx, y);
        if (st == LR_OK)
            st = lr_path_close(path);
        return st;
    }
    if (strcmp(name, "circle") == 0) {
        float r = len_attr(n, "r", sqrtf((s->vw * s->vw + s->vh * s->vh) / 2.0f), 0);
        if (r <= 0)
            return LR_OK;
        return ellipse_path(path, len_attr(n, "cx", s->vw, 0), len_attr(n, "cy", s->vh, 0), r, r);
    }
    if (strcmp(name, "ellipse") == 0) {
        float rx = len_attr(n, "rx", s->vw, -1), ry = len_attr(n, "ry", s->vh, -1);
        if (rx < 0)
            rx = ry; /* SVG 2: "auto" takes the other radius */
        if (ry < 0)
            ry = rx;
        if (rx <= 0 || ry <= 0)
            return LR_OK;
        return ellipse_path(path, len_attr(n, "cx", s->vw, 0), len_attr(n, "cy", s->vh, 0), rx, ry);
    }
    if (strcmp(name, "line") == 0) {
        lr_vec2 a = {len_attr(n, "x1", s->vw, 0), len_attr(n, "y1", s->vh, 0)};
        lr_vec2 b = {len_attr(n, "x2", s->vw, 0), len_attr(n, "y2", s->vh, 0)};
        return lr_path_add_line(path, a, b);
    }
    if (strcmp(name, "polyline") == 0)
        return read_points(c, n, path, false);
    if (strcmp(name, "polygon") == 0)
        return read_points(c, n, path, true);
    return LR_OK;
}

static lr_color paint_color(const svg_paint *p, const svg_state *s, float opacity)
{
    lr_color col = p->kind == PAINT_CURRENT ? s->color : p->color;
    if (p->kind == PAINT_NONE)
        col.a = 0;
    else
        col.a *= opacity;
    return col;
}

static lr_status emit_shape(svg_ctx *c, const svg_node *n, const svg_state *s)
{
    lr_path path = {0};
    lr_status st = shape_path(c, n, s, &path);
    if (st != LR_OK || path.nsubpaths == 0) {
        lr_path_free(&path);
        return st;
    }
    lr_path_transform(&path, s->ctm);
    for (uint32_t i = 0; i < path.npoints; i++)
        if (!isfinite(path.points[i].x) || !isfinite(path.points[i].y)) {
            warn(c, "line %u: <%s> has coordinates out of range; skipped", n->line, n->name);
            lr_path_free(&path);
            return LR_OK;
        }
    lr_style style = lr_style_default();
    style.fill = paint_color(&s->fill, s, s->fill_opacity * s->opacity);
    style.stroke = paint_color(&s->stroke, s, s->stroke_opacity * s->opacity);
    /* Widths follow the transform's mean scale, as points do. */
    float det = fabsf(s->ctm.a * s->ctm.d - s->ctm.b * s->ctm.c);
    style.stroke_width = s->stroke.kind == PAINT_NONE ? 0.0f : s->stroke_width * sqrtf(det);
    style.join = s->join;
    style.cap = s->cap;
    style.fill_rule = s->rule;
    style.miter_limit = s->miter;
    lr_mobject *m = lr_mobject_create_path(&path, style);
    lr_path_free(&path);
    if (!m)
        return lr_error_set(c->err, LR_ERR_NOMEM, "out of memory building SVG shapes");
    st = lr_mobject_add_child(c->group, m);
    if (st != LR_OK) {
        lr_mobject_destroy(m);
        return lr_error_set(c->err, st, "out of memory building SVG shapes");
    }
    return LR_OK;
}

/* ---- the walk ----------------------------------------------------------- */

static lr_status walk(svg_ctx *c, const svg_node *n, const svg_state *parent, int depth);

static lr_status walk_children(svg_ctx *c, const svg_node *n, const svg_state *s, int depth)
{
    for (const svg_node *k = n->first_child; k; k = k->next) {
        lr_status st = walk(c, k, s, depth + 1);
        if (st != LR_OK)
            return st;
    }
    return LR_OK;
}

static bool is_shape(const char *name)
{
    return strcmp(name, "path") == 0 || strcmp(name, "rect") == 0 || strcmp(name, "circle") == 0 ||
           strcmp(name, "ellipse") == 0 || strcmp(name, "line") == 0 || strcmp(name, "polyline") == 0 ||
           strcmp(name, "polygon") == 0;
}

/* The viewBox-to-viewport map of an <svg> element (xMidYMid meet unless
 * preserveAspectRatio says "none"). */
static lr_affine viewbox_map(const svg_node *n, float *vw, float *vh)
{
    const char *vb = attr(n, "viewBox");
    double v[4];
    const char *p = vb;
    bool have_vb = vb && lr_svg_scan_number(&p, &v[0]) && lr_svg_scan_number(&p, &v[1]) &&
                   lr_svg_scan_number(&p, &v[2]) && lr_svg_scan_number(&p, &v[3]) && v[2] > 0 && v[3] > 0;
    float w = len_attr(n, "width", have_vb ? (float)v[2] : 100.0f, -1);
    float h = len_attr(n, "height", have_vb ? (float)v[3] : 100.0f, -1);
    const char *pct_w = attr(n, "width"), *pct_h = attr(n, "height");
    if (pct_w && strchr(pct_w, '%'))
        w = -1;
    if (pct_h && strchr(pct_h, '%'))
        h = -1;
    if (!have_vb) {
        *vw = w > 0 ? w : 100.0f;
        *vh = h > 0 ? h : 100.0f;
        return lr_affine_identity();
    }
    *vw = (float)v[2];
    *vh = (float)v[3];
    if (w <= 0 && h <= 0)
        return lr_affine_translate((float)-v[0], (float)-v[1]);
    if (w <= 0)
        w = h * (float)(v[2] / v[3]);
    if (h <= 0)
        h = w * (float)(v[3] / v[2]);
    float sx = w / (float)v[2], sy = h / (float)v[3];
    const char *par = attr(n, "preserveAspectRatio");
    float tx = 0, ty = 0;
    if (!(par && strstr(par, "none"))) {
        float s = sx < sy ? sx : sy;
        tx = (w - s * (float)v[2]) / 2;
        ty = (h - s * (float)v[3]) / 2;
        sx = sy = s;
    }
    return (lr_affine){sx, 0, 0, sy, tx - sx * (float)v[0], ty - sy * (float)v[1]};
}

static lr_status walk(svg_ctx *c, const svg_node *n, const svg_state *parent, int depth)
{
    const char *name = n->name;
    if (++c->visits > c->max_visits)
        return lr_error_set(c->err, LR_ERR_LIMIT, "SVG line %u: <use> references expand to more than %llu elements",
                            n->line, (unsigned long long)c->max_visits);
    if (strcmp(name, "defs") == 0 || strcmp(name, "symbol") == 0 || strcmp(name, "title") == 0 ||
        strcmp(name, "desc") == 0 || strcmp(name, "metadata") == 0 || strcmp(name, "stop") == 0 ||
        strcmp(name, "linearGradient") == 0 || strcmp(name, "radialGradient") == 0 ||
        strcmp(name, "clipPath") == 0 || strcmp(name, "mask") == 0 || strcmp(name, "pattern") == 0 ||
        strcmp(name, "marker") == 0 || strcmp(name, "filter") == 0 || strcmp(name, "namedview") == 0 ||
        strcmp(name, "RDF") == 0 || strcmp(name, "Work") == 0)
        return LR_OK; /* not drawn where they stand; used through references */

    bool group = strcmp(name, "g") == 0 || strcmp(name, "a") == 0 || strcmp(name, "switch") == 0 ||
                 strcmp(name, "svg") == 0;
    bool use = strcmp(name, "use") == 0;
    if (!group && !use && !is_shape(name)) {
        if (strcmp(name, "text") == 0 || strcmp(name, "image") == 0 || strcmp(name, "style") == 0 ||
            strcmp(name, "foreignObject") == 0 || strcmp(name, "script") == 0)
            warn(c, "<%s> is not supported; skipped", name);
        else
            warn(c, "unknown element <%s> skipped", name);
        return LR_OK;
    }

    svg_state s = *parent;
    /* Opacity is not inherited: each element starts from its parent's
     * accumulated value and multiplies its own in. */
    if (!apply_style(c, n, &s))
        return LR_OK;
    const char *tr = attr(n, "transform");
    if (tr) {
        lr_affine t;
        lr_error terr;
        if (lr_svg_parse_transform(tr, &t, &terr) == LR_OK)
            s.ctm = lr_affine_then(t, s.ctm);
        else
            warn(c, "line %u: %s; ignored", n->line, terr.message);
    }

    if (strcmp(name, "svg") == 0) {
        lr_affine vb = viewbox_map(n, &s.vw, &s.vh);
        if (depth > 0) {
            lr_affine at = lr_affine_translate(len_attr(n, "x", parent->vw, 0), len_attr(n, "y", parent->vh, 0));
            vb = lr_affine_then(vb, at);
        }
        s.ctm = lr_affine_then(vb, s.ctm);
        return walk_children(c, n, &s, depth);
    }
    if (group)
        return walk_children(c, n, &s, depth);
    if (use) {
        const char *href = attr_href(n);
        if (!href || href[0] != '#') {
            warn(c, "line %u: <use> without a local reference skipped", n->line);
            return LR_OK;
        }
        svg_node *target = find_id(c->doc, href + 1);
        if (!target) {
            warn(c, "line %u: <use> of missing \"%.60s\" skipped", n->line, href);
            return LR_OK;
        }
        if (c->use_depth >= SVG_MAX_USE_DEPTH)
            return lr_error_set(c->err, LR_ERR_LIMIT, "SVG line %u: <use> references nested more than %d deep",
                                n->line, SVG_MAX_USE_DEPTH);
        lr_affine at = lr_affine_translate(len_attr(n, "x", parent->vw, 0), len_attr(n, "y", parent->vh, 0));
        s.ctm = lr_affine_then(at, s.ctm);
        c->use_depth++;
        lr_status st;
        if (strcmp(target->name, "symbol") == 0)
            st = walk_children(c, target, &s, depth);
        else
            st = walk(c, target, &s, depth + 1);
        c->use_depth--;
        return st;
    }
    return emit_shape(c, n, &s);
}

/* ---- entry points ------------------------------------------------------- */

lr_svg_options lr_svg_options_default(void)
{
    lr_svg_options o;
    memset(&o, 0, sizeof o);
    o.height = 2.0f;
    o.scale = 1.0f;
    o.center = true;
    o.current_color = lr_rgba(0, 0, 0, 1);
    o.default_fill = lr_rgba(0, 0, 0, 1);
    return o;
}

static lr_status parse_doc(svg_doc *doc, const char *data, size_t size, lr_error *err)
{
    doc->parser = XML_ParserCreate(NULL);
    if (!doc->parser)
        return lr_error_set(err, LR_ERR_NOMEM, "cannot create an XML parser");
    XML_SetUserData(doc->parser, doc);
    XML_SetElementHandler(doc->parser, on_start, on_end);
    XML_SetEntityDeclHandler(doc->parser, on_entity_decl);
    XML_SetParamEntityParsing(doc->parser, XML_PARAM_ENTITY_PARSING_NEVER);
    enum XML_Status xs = XML_Parse(doc->parser, data, (int)size, XML_TRUE);
    lr_status st = LR_OK;
    if (doc->status != LR_OK) {
        st = lr_error_set(err, doc->status, "SVG: %s", doc->message);
    } else if (xs != XML_STATUS_OK) {
        st = lr_error_set(err, LR_ERR_SVG, "SVG: malformed XML at line %lu, column %lu: %s",
                          (unsigned long)XML_GetCurrentLineNumber(doc->parser),
                          (unsigned long)XML_GetCurrentColumnNumber(doc->parser),
                          XML_ErrorString(XML_GetErrorCode(doc->parser)));
    } else if (!doc->root || strcmp(doc->root->name, "svg") != 0) {
        st = lr_error_set(err, LR_ERR_SVG, "SVG: the root element is <%s>, expected <svg>",
                          doc->root ? doc->root->name : "(none)");
    }
    XML_ParserFree(doc->parser);
    doc->parser = NULL;
    return st;
}

lr_status lr_svg_load_memory(const char *data, size_t size, const lr_svg_options *options, lr_mobject **out,
                             lr_svg_warnings *warnings, lr_error *err)
{
    if (!data || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_svg_load_memory: NULL argument");
    *out = NULL;
    if (warnings) {
        warnings->messages = NULL;
        warnings->count = 0;
    }
    lr_svg_options opt = options ? *options : lr_svg_options_default();
    if (!opt.max_bytes)
        opt.max_bytes = SVG_DEFAULT_MAX_BYTES;
    if (!opt.max_elements)
        opt.max_elements = SVG_DEFAULT_MAX_ELEMENTS;
    if (!opt.max_depth)
        opt.max_depth = SVG_DEFAULT_MAX_DEPTH;
    if (!opt.max_path_commands)
        opt.max_path_commands = SVG_DEFAULT_MAX_COMMANDS;
    if (size > opt.max_bytes || size > (size_t)INT32_MAX)
        return lr_error_set(err, LR_ERR_LIMIT, "SVG: document of %zu bytes exceeds the limit of %zu", size,
                            opt.max_bytes);

    svg_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.max_elements = opt.max_elements;
    doc.max_depth = opt.max_depth;
    lr_status st = parse_doc(&doc, data, size, err);
    if (st != LR_OK) {
        node_free(doc.root);
        return st;
    }

    svg_ctx c = {&opt, &doc, lr_mobject_create_group(), warnings, 0, 0, 2 * (uint64_t)opt.max_elements + 10000, 0, err};
    if (!c.group || !index_ids(&doc)) {
        lr_mobject_destroy(c.group);
        node_free(doc.root);
        free(doc.ids);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    svg_state s;
    memset(&s, 0, sizeof s);
    s.ctm = lr_affine_identity();
    s.fill.kind = PAINT_COLOR;
    s.fill.color = opt.default_fill;
    s.stroke.kind = PAINT_NONE;
    s.color = opt.current_color;
    s.stroke_width = 1.0f;
    s.fill_opacity = s.stroke_opacity = s.opacity = 1.0f;
    s.miter = 4.0f;
    s.vw = s.vh = 100.0f;
    st = walk(&c, doc.root, &s, 0);
    node_free(doc.root);
    free(doc.ids);
    if (st != LR_OK) {
        lr_mobject_destroy(c.group);
        if (warnings)
            lr_svg_warnings_free(warnings);
        return st;
    }

    /* Scene space: y up, then the requested size and placement. */
    lr_rect b = lr_rect_empty();
    size_t nchild = lr_mobject_child_count(c.group);
    for (size_t i = 0; i < nchild; i++)
        b = lr_rect_union(b, lr_path_bounds(lr_mobject_path_const(lr_mobject_child(c.group, i))));
    float k = opt.scale;
    if (opt.height > 0 && !lr_rect_is_empty(b)) {
        float h = b.y1 - b.y0;
        if (h <= 0)
            h = b.x1 - b.x0;
        k = h > 0 ? opt.height / h : 1.0f;
    }
    lr_affine m = {k, 0, 0, -k, 0, 0};
    if (opt.center && !lr_rect_is_empty(b)) {
        m.e = -k * (b.x0 + b.x1) / 2;
        m.f = k * (b.y0 + b.y1) / 2;
    }
    for (size_t i = 0; i < nchild; i++) {
        lr_mobject *ch = lr_mobject_child(c.group, i);
        lr_path_transform(lr_mobject_path(ch), m);
        lr_style style = lr_mobject_get_style(ch);
        style.stroke_width *= fabsf(k);
        lr_mobject_set_style(ch, style);
    }
    *out = c.group;
    return LR_OK;
}

lr_status lr_svg_load_file(const char *path, const lr_svg_options *options, lr_mobject **out,
                           lr_svg_warnings *warnings, lr_error *err)
{
    if (!path || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_svg_load_file: NULL argument");
    size_t max = options && options->max_bytes ? options->max_bytes : SVG_DEFAULT_MAX_BYTES;
    FILE *f;
    struct stat sb;
    lr_status opened = lr_file_open_regular(path, &f, &sb, err);
    if (opened != LR_OK)
        return opened;
    if ((uint64_t)sb.st_size > (uint64_t)max) {
        fclose(f);
        return lr_error_set(err, LR_ERR_LIMIT, "SVG file %s has %lld bytes, more than the limit of %zu", path,
                            (long long)sb.st_size, max);
    }
    size_t size = (size_t)sb.st_size;
    char *buf = malloc(size + 1);
    if (!buf) {
        fclose(f);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory reading %s", path);
    }
    size_t got = fread(buf, 1, size, f);
    fclose(f);
    if (got != size) {
        free(buf);
        return lr_error_set(err, LR_ERR_IO, "cannot read SVG file %s", path);
    }
    lr_status st = lr_svg_load_memory(buf, size, options, out, warnings, err);
    free(buf);
    if (st != LR_OK && err && strncmp(err->message, "SVG", 3) == 0) {
        char tmp[sizeof err->message];
        snprintf(tmp, sizeof tmp, "%.300s: %.700s", path, err->message);
        memcpy(err->message, tmp, sizeof tmp);
    }
    return st;
}
