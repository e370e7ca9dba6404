/* Text: fontconfig finds faces, FriBidi gives each character its
 * bidirectional level, HarfBuzz shapes runs of one face and one level in
 * their direction, FreeType gives outlines in font units, which are cached
 * per (face, glyph) and scaled into scene units per use. Glyphs stay in
 * logical (reading) order; each line is placed in visual order: runs at
 * higher levels reversed (Unicode's rule L2), a right-to-left run's glyphs
 * as HarfBuzz placed them. */
#include <librender/lr_text.h>

#include "core/grow.h"
#include "core/log.h"
#include "text/text_internal.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_OUTLINE_H
#include <fribidi.h>
#include <hb.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How far a synthetic italic leans: x += k*y (about 11 degrees, as
 * FreeType's FT_GlyphSlot_Oblique). */
#define TEXT_OBLIQUE 0.2f
/* A synthetic bold grows outlines by em/24 (FreeType's
 * FT_GlyphSlot_Embolden) and widens advances as much. */
#define TEXT_EMBOLDEN_DIV 24
/* Marks an emboldened outline in the cache key's glyph half; glyph ids are
 * below 2^16. */
#define TEXT_BOLD_BIT 0x80000000u
/* Scene units per em per font_size point: Manim's 1/960 with a 10 pt em. */
#define TEXT_EM_PER_POINT (1.0f / 96.0f)

typedef struct text_face {
    char *file;
    int index;
    char *name;
    FT_Face ft;
    hb_font_t *hb;
    float upem;
    bool color; /* colour bitmaps, no outlines (CBDT/sbix: Noto Color Emoji) */
} text_face;

/* A resolved request (family, bold, italic): its face, whether italic
 * must be faked, and the fallbacks found so far for missing characters. */
typedef struct text_resolved {
    char *family;
    bool bold, italic;
    uint32_t face;
    bool oblique;
    uint32_t *fallbacks;
    uint32_t nfallbacks;
    /* Characters no installed font has, so they cost one fontconfig
     * search, not one per occurrence. */
    uint32_t *missing;
    uint32_t nmissing;
} text_resolved;

typedef struct glyph_slot {
    uint64_t key; /* (face + 1) << 32 | glyph: 0 marks an empty slot */
    lr_path path; /* font units, y up */
    lr_rect bounds; /* exact bounds of `path` (or the bitmap's box), computed once */
    lr_image bitmap; /* a colour face's glyph (straight RGBA), drawn in `bounds` */
} glyph_slot;

struct lr_text_context {
    FT_Library ft;
    FcConfig *fc;
    text_face *faces;
    uint32_t nfaces, cap_faces;
    text_resolved *resolved;
    uint32_t nresolved, cap_resolved;
    glyph_slot *slots;
    size_t nslots, used_slots;
    uint64_t hits, misses;
    bool warned_emoji; /* said once that no colour emoji font was found */
};

lr_text_style lr_text_style_default(void)
{
    lr_text_style s;
    memset(&s, 0, sizeof s);
    s.font_size = 48.0f;
    s.color = lr_rgba(1, 1, 1, 1);
    s.align = LR_TEXT_ALIGN_LEFT;
    s.line_spacing = 1.0f;
    return s;
}

lr_status lr_text_context_create(lr_text_context **out, lr_error *err)
{
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_text_context_create: out is NULL");
    *out = NULL;
    lr_text_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (FT_Init_FreeType(&ctx->ft) != 0) {
        free(ctx);
        return lr_error_set(err, LR_ERR_FONT, "FreeType could not be initialised");
    }
    /* A private configuration rather than fontconfig's global one, so the
     * context owns everything it uses. */
    ctx->fc = FcInitLoadConfigAndFonts();
    if (!ctx->fc) {
        FT_Done_FreeType(ctx->ft);
        free(ctx);
        return lr_error_set(err, LR_ERR_FONT, "fontconfig could not load its configuration");
    }
    *out = ctx;
    return LR_OK;
}

void lr_text_context_destroy(lr_text_context *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; i < ctx->nslots; i++)
        if (ctx->slots[i].key) {
            lr_path_free(&ctx->slots[i].path);
            lr_image_free(&ctx->slots[i].bitmap);
        }
    free(ctx->slots);
    for (uint32_t i = 0; i < ctx->nresolved; i++) {
        free(ctx->resolved[i].family);
        free(ctx->resolved[i].fallbacks);
        free(ctx->resolved[i].missing);
    }
    free(ctx->resolved);
    for (uint32_t i = 0; i < ctx->nfaces; i++) {
        hb_font_destroy(ctx->faces[i].hb);
        FT_Done_Face(ctx->faces[i].ft);
        free(ctx->faces[i].file);
        free(ctx->faces[i].name);
    }
    free(ctx->faces);
    FcConfigDestroy(ctx->fc);
    FT_Done_FreeType(ctx->ft);
    free(ctx);
}

lr_text_stats lr_text_context_stats(const lr_text_context *ctx)
{
    lr_text_stats s = {0, 0, 0};
    if (ctx) {
        s.glyph_hits = ctx->hits;
        s.glyph_misses = ctx->misses;
        s.faces = ctx->nfaces;
    }
    return s;
}

const char *lr_text_context_font_name(const lr_text_context *ctx, uint32_t font)
{
    if (!ctx || font >= ctx->nfaces)
        return NULL;
    return ctx->faces[font].name;
}

/* ---- faces -------------------------------------------------------------- */

static lr_status face_open(lr_text_context *ctx, const char *file, int index, uint32_t *out, lr_error *err)
{
    for (uint32_t i = 0; i < ctx->nfaces; i++)
        if (ctx->faces[i].index == index && strcmp(ctx->faces[i].file, file) == 0) {
            *out = i;
            return LR_OK;
        }
    if (ctx->nfaces == ctx->cap_faces) {
        uint32_t cap = ctx->cap_faces ? ctx->cap_faces * 2 : 4;
        text_face *f = realloc(ctx->faces, cap * sizeof *f);
        if (!f)
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        ctx->faces = f;
        ctx->cap_faces = cap;
    }
    text_face face;
    memset(&face, 0, sizeof face);
    face.index = index;
    if (FT_New_Face(ctx->ft, file, index, &face.ft) != 0)
        return lr_error_set(err, LR_ERR_FONT, "FreeType cannot open font %s (face %d)", file, index);
    /* Colour bitmaps are drawn as images; other bitmap fonts are refused. */
    face.color = FT_HAS_COLOR(face.ft) && FT_HAS_FIXED_SIZES(face.ft) && !FT_IS_SCALABLE(face.ft);
    if (!FT_IS_SCALABLE(face.ft) && !face.color) {
        FT_Done_Face(face.ft);
        return lr_error_set(err, LR_ERR_FONT, "font %s has no outlines", file);
    }
    hb_blob_t *blob = hb_blob_create_from_file(file);
    hb_face_t *hface = hb_face_create(blob, (unsigned)index);
    hb_blob_destroy(blob);
    bool hb_ok = hb_face_get_glyph_count(hface) > 0; /* an unreadable file gives an empty face */
    face.hb = hb_font_create(hface); /* scale defaults to units per em */
    face.upem = (float)(face.ft->units_per_EM ? face.ft->units_per_EM : hb_face_get_upem(hface));
    hb_face_destroy(hface);
    char name[256];
    snprintf(name, sizeof name, "%s %s", face.ft->family_name ? face.ft->family_name : "?",
             face.ft->style_name ? face.ft->style_name : "");
    face.file = strdup(file);
    face.name = strdup(name);
    if (!face.file || !face.name || face.upem <= 0 || !hb_ok) {
        free(face.file);
        free(face.name);
        hb_font_destroy(face.hb);
        FT_Done_Face(face.ft);
        return lr_error_set(err, LR_ERR_FONT, "cannot use font %s", file);
    }
    ctx->faces[ctx->nfaces] = face;
    *out = ctx->nfaces++;
    return LR_OK;
}

static const char *family_alias(const char *family)
{
    if (!family || strcmp(family, "sans") == 0 || strcmp(family, "sans-serif") == 0)
        return "DejaVu Sans,sans-serif";
    if (strcmp(family, "serif") == 0)
        return "DejaVu Serif,serif";
    if (strcmp(family, "mono") == 0 || strcmp(family, "monospace") == 0)
        return "DejaVu Sans Mono,monospace";
    return family;
}

static FcPattern *make_pattern(const char *family, bool bold, bool italic)
{
    FcPattern *pat = FcNameParse((const FcChar8 *)"");
    if (!pat)
        return NULL;
    /* Families are added one by one so names with spaces need no quoting. */
    const char *p = family;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char one[128];
        if (len > 0 && len < sizeof one) {
            memcpy(one, p, len);
            one[len] = '\0';
            FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)one);
        }
        if (!comma)
            break;
        p = comma + 1;
    }
    FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    return pat;
}

static lr_status resolve_style(lr_text_context *ctx, const lr_text_style *style, uint32_t *out, lr_error *err)
{
    const char *family = family_alias(style->family);
    for (uint32_t i = 0; i < ctx->nresolved; i++) {
        text_resolved *r = &ctx->resolved[i];
        if (r->bold == style->bold && r->italic == style->italic && strcmp(r->family, family) == 0) {
            *out = i;
            return LR_OK;
        }
    }
    FcPattern *pat = make_pattern(family, style->bold, style->italic);
    if (!pat)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    FcConfigSubstitute(ctx->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(ctx->fc, pat, &res);
    FcPatternDestroy(pat);
    FcChar8 *file = NULL;
    int index = 0;
    if (!match || FcPatternGetString(match, FC_FILE, 0, &file) != FcResultMatch) {
        if (match)
            FcPatternDestroy(match);
        return lr_error_set(err, LR_ERR_FONT, "fontconfig found no font for family \"%s\"", family);
    }
    FcPatternGetInteger(match, FC_INDEX, 0, &index);
    uint32_t face;
    lr_status st = face_open(ctx, (const char *)file, index, &face, err);
    FcPatternDestroy(match);
    if (st != LR_OK)
        return st;
    if (ctx->nresolved == ctx->cap_resolved) {
        uint32_t cap = ctx->cap_resolved ? ctx->cap_resolved * 2 : 4;
        text_resolved *r = realloc(ctx->resolved, cap * sizeof *r);
        if (!r)
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        ctx->resolved = r;
        ctx->cap_resolved = cap;
    }
    text_resolved *r = &ctx->resolved[ctx->nresolved];
    memset(r, 0, sizeof *r);
    r->family = strdup(family);
    if (!r->family)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    r->bold = style->bold;
    r->italic = style->italic;
    r->face = face;
    /* fontconfig reports a synthesised slant for upright-only families, so
     * ask the face itself whether it is italic. */
    r->oblique = style->italic && !(ctx->faces[face].ft->style_flags & FT_STYLE_FLAG_ITALIC);
    *out = ctx->nresolved++;
    return LR_OK;
}

static bool face_has(const text_face *f, uint32_t cp)
{
    return FT_Get_Char_Index(f->ft, cp) != 0;
}

/* Whether a bold request must be faked with this face: it has no bold
 * style of its own (an upright-only CJK font, say). */
static bool fakes_bold(const lr_text_context *ctx, uint32_t face, bool bold)
{
    return bold && !(ctx->faces[face].ft->style_flags & FT_STYLE_FLAG_BOLD);
}

static bool is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* Pictographs drawn as emoji by default (Emoji_Presentation, roughly: the
 * supplementary symbol blocks); a colour face is wanted for them. */
static bool is_emoji(uint32_t cp)
{
    return cp >= 0x1F000 && cp <= 0x1FAFF;
}

/* Whether `f` may draw `cp`: it has the character, and for an emoji it is
 * a colour face unless `any_emoji_face`. */
static bool face_fits(const text_face *f, uint32_t cp, bool any_emoji_face)
{
    return face_has(f, cp) && (any_emoji_face || !is_emoji(cp) || f->color);
}

/* The first font fontconfig sorts for the request that covers `cp` (and
 * fits: see face_fits), opened and remembered as a fallback; *out is left
 * alone when there is none. */
static lr_status fallback_search(lr_text_context *ctx, uint32_t ri, uint32_t cp, bool any_emoji_face, uint32_t *out,
                                 lr_error *err)
{
    text_resolved *r = &ctx->resolved[ri];
    FcPattern *pat = make_pattern(r->family, r->bold, r->italic);
    FcCharSet *cs = FcCharSetCreate();
    if (!pat || !cs) {
        if (pat)
            FcPatternDestroy(pat);
        if (cs)
            FcCharSetDestroy(cs);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    FcCharSetAddChar(cs, cp);
    FcPatternAddCharSet(pat, FC_CHARSET, cs);
    if (is_cjk(cp))
        FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"zh-cn");
    if (is_emoji(cp) && !any_emoji_face)
        FcPatternAddBool(pat, FC_COLOR, FcTrue);
    FcConfigSubstitute(ctx->fc, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcFontSet *set = FcFontSort(ctx->fc, pat, FcFalse, NULL, &res);
    FcPatternDestroy(pat);
    lr_status st = LR_OK;
    for (int i = 0; set && i < set->nfont; i++) {
        FcCharSet *fcs = NULL;
        FcChar8 *file = NULL;
        int index = 0;
        if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &fcs) != FcResultMatch || !FcCharSetHasChar(fcs, cp))
            continue;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index);
        uint32_t face;
        lr_error ferr;
        if (face_open(ctx, (const char *)file, index, &face, &ferr) != LR_OK)
            continue; /* an unusable font: try the next one */
        if (!face_fits(&ctx->faces[face], cp, any_emoji_face))
            continue;
        uint32_t *fb = realloc(r->fallbacks, (r->nfallbacks + 1) * sizeof *fb);
        if (!fb) {
            st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
            break;
        }
        r->fallbacks = fb;
        r->fallbacks[r->nfallbacks++] = face;
        *out = face;
        break;
    }
    if (set)
        FcFontSetDestroy(set);
    FcCharSetDestroy(cs);
    return st;
}

/* The face to draw `cp` with: the request's own, a fallback already found,
 * or the first font fontconfig sorts for the request that covers it; for
 * an emoji, a colour face before any other. */
static bool known_face_fits(lr_text_context *ctx, const text_resolved *r, uint32_t cp, bool any, uint32_t *out)
{
    if (face_fits(&ctx->faces[r->face], cp, any)) {
        *out = r->face;
        return true;
    }
    for (uint32_t i = 0; i < r->nfallbacks; i++)
        if (face_fits(&ctx->faces[r->fallbacks[i]], cp, any)) {
            *out = r->fallbacks[i];
            return true;
        }
    return false;
}

static lr_status face_for(lr_text_context *ctx, uint32_t ri, uint32_t cp, uint32_t *out, lr_error *err)
{
    text_resolved *r = &ctx->resolved[ri];
    *out = r->face;
    if (known_face_fits(ctx, r, cp, false, out))
        return LR_OK;
    for (uint32_t i = 0; i < r->nmissing; i++)
        if (r->missing[i] == cp) {
            if (is_emoji(cp)) /* no colour face has it: any face that has it */
                known_face_fits(ctx, r, cp, true, out);
            return LR_OK;
        }
    /* For an emoji, a colour face first; then any face that has it. */
    lr_status st = fallback_search(ctx, ri, cp, false, out, err);
    r = &ctx->resolved[ri];
    bool found = *out != r->face || face_fits(&ctx->faces[r->face], cp, false);
    if (st == LR_OK && !found && r->nmissing < 4096) {
        uint32_t *m = realloc(r->missing, (r->nmissing + 1) * sizeof *m);
        if (m) {
            r->missing = m;
            r->missing[r->nmissing++] = cp;
        }
    }
    if (st == LR_OK && !found && is_emoji(cp) && !known_face_fits(ctx, r, cp, true, out))
        st = fallback_search(ctx, ri, cp, true, out, err);
    return st; /* no font has it: the primary face draws its missing-glyph box */
}

/* An emoji drawn without a colour face (none is installed, or none has it):
 * said once per context, since it comes out as an outline or a box. */
static void warn_emoji(lr_text_context *ctx, uint32_t cp, uint32_t face)
{
    if (ctx->warned_emoji || ctx->faces[face].color)
        return;
    ctx->warned_emoji = true;
    bool has = face_has(&ctx->faces[face], cp);
    lr_log_printf(LR_LOG_WARNING, "librender",
                  "text: no colour emoji font has U+%04X (Debian: fonts-noto-color-emoji); it is drawn %s%s", cp,
                  has ? "in outline by " : "as a missing-glyph box", has ? ctx->faces[face].name : "");
}

/* ---- outlines ----------------------------------------------------------- */

typedef struct outline_sink {
    lr_path *path;
    bool open;
    lr_status status;
} outline_sink;

static lr_vec2 ftv(const FT_Vector *v)
{
    lr_vec2 p = {(float)v->x, (float)v->y};
    return p;
}

static int ol_move(const FT_Vector *to, void *user)
{
    outline_sink *s = user;
    if (s->open && s->status == LR_OK)
        s->status = lr_path_close(s->path);
    if (s->status == LR_OK)
        s->status = lr_path_move_to(s->path, ftv(to));
    s->open = true;
    return s->status == LR_OK ? 0 : 1;
}

static int ol_line(const FT_Vector *to, void *user)
{
    outline_sink *s = user;
    s->status = lr_path_line_to(s->path, ftv(to));
    return s->status == LR_OK ? 0 : 1;
}

static int ol_conic(const FT_Vector *c, const FT_Vector *to, void *user)
{
    outline_sink *s = user;
    s->status = lr_path_quad_to(s->path, ftv(c), ftv(to));
    return s->status == LR_OK ? 0 : 1;
}

static int ol_cubic(const FT_Vector *c1, const FT_Vector *c2, const FT_Vector *to, void *user)
{
    outline_sink *s = user;
    s->status = lr_path_cubic_to(s->path, ftv(c1), ftv(c2), ftv(to));
    return s->status == LR_OK ? 0 : 1;
}

static lr_status grow_slots(lr_text_context *ctx)
{
    size_t n = ctx->nslots ? ctx->nslots * 2 : 256;
    glyph_slot *slots = calloc(n, sizeof *slots);
    if (!slots)
        return LR_ERR_NOMEM;
    for (size_t i = 0; i < ctx->nslots; i++) {
        if (!ctx->slots[i].key)
            continue;
        size_t h = (size_t)((ctx->slots[i].key * 0x9E3779B97F4A7C15ull) >> 17) & (n - 1);
        while (slots[h].key)
            h = (h + 1) & (n - 1);
        slots[h] = ctx->slots[i];
    }
    free(ctx->slots);
    ctx->slots = slots;
    ctx->nslots = n;
    return LR_OK;
}

static const glyph_slot *slot_find(const lr_text_context *ctx, uint32_t face, uint32_t gid)
{
    uint64_t key = ((uint64_t)(face + 1) << 32) | gid;
    if (!ctx->nslots)
        return NULL;
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (ctx->nslots - 1);
    while (ctx->slots[h].key) {
        if (ctx->slots[h].key == key)
            return &ctx->slots[h];
        h = (h + 1) & (ctx->nslots - 1);
    }
    return NULL;
}

/* A colour face's glyph from its largest strike (frames are drawn larger
 * than any strike's pixels): FreeType's premultiplied BGRA made straight
 * RGBA, and its box in font units (empty for a blank glyph). */
static lr_status color_glyph(const text_face *f, uint32_t index, lr_image *out, lr_rect *box, lr_error *err)
{
    FT_Face ft = f->ft;
    int best = 0;
    for (int i = 1; i < ft->num_fixed_sizes; i++)
        if (ft->available_sizes[i].y_ppem > ft->available_sizes[best].y_ppem)
            best = i;
    if (FT_Select_Size(ft, best) != 0 || FT_Load_Glyph(ft, index, FT_LOAD_COLOR) != 0)
        return lr_error_set(err, LR_ERR_FONT, "cannot load colour glyph %u of %s", index, f->name);
    const FT_GlyphSlot g = ft->glyph;
    const FT_Bitmap *bm = &g->bitmap;
    if (g->format != FT_GLYPH_FORMAT_BITMAP || bm->pixel_mode != FT_PIXEL_MODE_BGRA || bm->width == 0 ||
        bm->rows == 0)
        return LR_OK;
    if (lr_image_alloc(out, (int)bm->width, (int)bm->rows) != LR_OK)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory for a %ux%u glyph", bm->width, bm->rows);
    for (unsigned y = 0; y < bm->rows; y++) {
        const uint8_t *src = bm->buffer + (ptrdiff_t)y * bm->pitch;
        uint8_t *dst = out->pixels + (size_t)y * (size_t)out->stride;
        for (unsigned x = 0; x < bm->width; x++, src += 4, dst += 4) {
            unsigned a = src[3];
            dst[0] = (uint8_t)(a ? (src[2] * 255u + a / 2) / a : 0);
            dst[1] = (uint8_t)(a ? (src[1] * 255u + a / 2) / a : 0);
            dst[2] = (uint8_t)(a ? (src[0] * 255u + a / 2) / a : 0);
            dst[3] = (uint8_t)a;
        }
    }
    float ppem = ft->size->metrics.y_ppem ? (float)ft->size->metrics.y_ppem : 1.0f;
    float fu = f->upem / ppem; /* font units a strike pixel */
    *box = (lr_rect){(float)g->bitmap_left * fu, (float)(g->bitmap_top - (int)bm->rows) * fu,
                     (float)(g->bitmap_left + (int)bm->width) * fu, (float)g->bitmap_top * fu};
    return LR_OK;
}

/* The outline of glyph `gid` of face `face`, in font units, from the cache
 * or FreeType (for a colour face, its bitmap). The context owns the
 * returned slot. */
static lr_status glyph_outline(lr_text_context *ctx, uint32_t face, uint32_t gid, const glyph_slot **out,
                               lr_error *err)
{
    uint64_t key = ((uint64_t)(face + 1) << 32) | gid;
    const glyph_slot *found = slot_find(ctx, face, gid);
    if (found) {
        ctx->hits++;
        *out = found;
        return LR_OK;
    }
    ctx->misses++;
    if ((ctx->used_slots + 1) * 10 > ctx->nslots * 7 && grow_slots(ctx) != LR_OK)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    lr_path path = {0};
    lr_image bitmap = {0};
    lr_rect box = lr_rect_empty();
    FT_Face ft = ctx->faces[face].ft;
    uint32_t index = gid & ~TEXT_BOLD_BIT;
    if (ctx->faces[face].color) {
        lr_status s = color_glyph(&ctx->faces[face], index, &bitmap, &box, err);
        if (s != LR_OK)
            return s;
    } else if (FT_Load_Glyph(ft, index, FT_LOAD_NO_SCALE | FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP) != 0) {
        return lr_error_set(err, LR_ERR_FONT, "cannot load glyph %u of %s", index, ctx->faces[face].name);
    }
    if (!ctx->faces[face].color && ft->glyph->format == FT_GLYPH_FORMAT_OUTLINE && ft->glyph->outline.n_points > 0) {
        if ((gid & TEXT_BOLD_BIT) &&
            FT_Outline_Embolden(&ft->glyph->outline, (FT_Pos)(ctx->faces[face].upem / TEXT_EMBOLDEN_DIV)) != 0)
            return lr_error_set(err, LR_ERR_FONT, "cannot embolden glyph %u of %s", index, ctx->faces[face].name);
        static const FT_Outline_Funcs funcs = {ol_move, ol_line, ol_conic, ol_cubic, 0, 0};
        outline_sink sink = {&path, false, LR_OK};
        FT_Error fe = FT_Outline_Decompose(&ft->glyph->outline, &funcs, &sink);
        if (sink.status == LR_OK && sink.open)
            sink.status = lr_path_close(&path);
        if (fe != 0 || sink.status != LR_OK) {
            lr_path_free(&path);
            return lr_error_set(err, sink.status != LR_OK ? sink.status : LR_ERR_FONT,
                                "cannot read the outline of glyph %u of %s", gid, ctx->faces[face].name);
        }
    }
    size_t h = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (ctx->nslots - 1);
    while (ctx->slots[h].key)
        h = (h + 1) & (ctx->nslots - 1);
    ctx->slots[h].key = key;
    ctx->slots[h].path = path;
    ctx->slots[h].bounds = bitmap.pixels ? box : lr_path_bounds(&path);
    ctx->slots[h].bitmap = bitmap;
    ctx->used_slots++;
    *out = &ctx->slots[h];
    return LR_OK;
}

/* ---- layout ------------------------------------------------------------- */

/* Decodes one UTF-8 sequence; returns its length, or 0 if invalid. */
static int utf8_next(const unsigned char *s, size_t avail, uint32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    int n = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || (size_t)n > avail)
        return 0;
    uint32_t v = c & (0x7F >> n);
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((n == 2 && v < 0x80) || (n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* Characters that must stay in the face of the character before them. */
static bool joins_previous(uint32_t cp)
{
    hb_unicode_general_category_t gc = hb_unicode_general_category(hb_unicode_funcs_get_default(), cp);
    return gc == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK ||
           gc == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK || gc == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK ||
           cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F);
}

/* Where a glyph sits in its run, for placing the line in visual order. */
typedef struct glyph_place {
    uint32_t run;  /* runs are numbered across the text */
    uint8_t level; /* the bidi level of its run: odd is right to left */
    float vpen;    /* its pen position in the run as shaped (visual order), from the run's start */
    float xoff;    /* the shaper's offset from that pen */
} glyph_place;

typedef struct layout {
    lr_text_glyph *glyphs;
    glyph_place *place; /* parallel to glyphs */
    size_t count, cap;
    bool oblique;
    bool bold; /* requested: faces without a bold style are emboldened */
    float scale; /* scene units per font unit of the primary face */
} layout;

static lr_status push_glyph(layout *L, lr_text_glyph g, glyph_place p)
{
    size_t cap = L->cap;
    glyph_place *place = lr_grow(L->place, &cap, L->count, sizeof *place, 64);
    if (!place)
        return LR_ERR_NOMEM;
    L->place = place;
    lr_text_glyph *glyphs = lr_grow(L->glyphs, &L->cap, L->count, sizeof *glyphs, 64);
    if (!glyphs)
        return LR_ERR_NOMEM;
    L->glyphs = glyphs;
    L->place[L->count] = p;
    L->glyphs[L->count++] = g;
    return LR_OK;
}

/* Shapes bytes [start, end), one face and one bidi level, and appends its
 * glyphs in logical order (HarfBuzz gives a right-to-left run's in visual
 * order: they are turned round, keeping where each was placed). */
static lr_status shape_run(lr_text_context *ctx, hb_buffer_t *buf, const char *text, size_t len, size_t start,
                           size_t end, uint32_t face, uint32_t run, uint8_t level, float em, uint32_t line,
                           float *pen, float baseline, layout *L, lr_error *err)
{
    text_face *f = &ctx->faces[face];
    float k = em / f->upem;
    hb_buffer_clear_contents(buf);
    /* The whole text goes in as context so shaping across run edges (Arabic
     * joining, marks) sees its neighbours. */
    hb_buffer_add_utf8(buf, text, (int)len, (unsigned)start, (int)(end - start));
    hb_buffer_guess_segment_properties(buf);
    hb_buffer_set_direction(buf, level & 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_shape(f->hb, buf, NULL, 0);
    unsigned n = 0;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    /* An emboldened glyph is wider by the growth of its outline. */
    float extra = fakes_bold(ctx, face, L->bold) ? f->upem / TEXT_EMBOLDEN_DIV * k : 0.0f;
    float run_start = *pen;
    size_t first = L->count;
    for (unsigned i = 0; i < n; i++) {
        lr_text_glyph g;
        g.glyph_id = info[i].codepoint;
        g.cluster = info[i].cluster;
        g.font = face;
        g.line = line;
        float xoff = (float)pos[i].x_offset * k;
        g.origin.x = *pen + xoff;
        g.origin.y = baseline + (float)pos[i].y_offset * k;
        g.advance = (float)pos[i].x_advance * k + (pos[i].x_advance ? extra : 0.0f);
        glyph_place p = {run, level, *pen - run_start, xoff};
        *pen += g.advance;
        if (push_glyph(L, g, p) != LR_OK)
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    if (level & 1) {
        for (size_t a = first, b = L->count; a + 1 < b; a++, b--) {
            lr_text_glyph tg = L->glyphs[a];
            L->glyphs[a] = L->glyphs[b - 1];
            L->glyphs[b - 1] = tg;
            glyph_place tp = L->place[a];
            L->place[a] = L->place[b - 1];
            L->place[b - 1] = tp;
        }
    }
    return LR_OK;
}

/* Places glyphs [start, end) of a line from x = left, in visual order: the
 * line's runs (cut where the line was broken) are ordered by rule L2 of
 * the bidirectional algorithm (from the highest level to the lowest odd
 * one, every stretch of runs at that level or above is reversed), and each
 * run's glyphs keep the places the shaper gave them within it. */
static lr_status place_visually(layout *L, size_t start, size_t end, float left)
{
    /* The runs of the line, in logical order. */
    size_t nruns = 0;
    for (size_t i = start; i < end; i++)
        nruns += i == start || L->place[i].run != L->place[i - 1].run;
    size_t *first = malloc((nruns + 1) * sizeof *first);
    if (!first)
        return LR_ERR_NOMEM;
    uint8_t top = 0, lowest_odd = 255;
    for (size_t i = start, r = 0; i < end; i++) {
        if (i == start || L->place[i].run != L->place[i - 1].run)
            first[r++] = i;
        uint8_t lv = L->place[i].level;
        top = lv > top ? lv : top;
        if ((lv & 1) && lv < lowest_odd)
            lowest_odd = lv;
    }
    first[nruns] = end;
    size_t *order = malloc((nruns ? nruns : 1) * sizeof *order);
    if (!order) {
        free(first);
        return LR_ERR_NOMEM;
    }
    for (size_t r = 0; r < nruns; r++)
        order[r] = r;
    for (int lv = top; lowest_odd != 255 && lv >= lowest_odd; lv--)
        for (size_t r = 0; r < nruns;) {
            if (L->place[first[order[r]]].level < lv) {
                r++;
                continue;
            }
            size_t e = r;
            while (e < nruns && L->place[first[order[e]]].level >= lv)
                e++;
            for (size_t a = r, b = e; a + 1 < b; a++, b--) {
                size_t t = order[a];
                order[a] = order[b - 1];
                order[b - 1] = t;
            }
            r = e;
        }
    float cursor = left;
    for (size_t r = 0; r < nruns; r++) {
        size_t a = first[order[r]], b = first[order[r] + 1];
        float low = INFINITY, width = 0;
        for (size_t i = a; i < b; i++) {
            low = L->place[i].vpen < low ? L->place[i].vpen : low;
            width += L->glyphs[i].advance;
        }
        for (size_t i = a; i < b; i++)
            L->glyphs[i].origin.x = cursor + (L->place[i].vpen - low) + L->place[i].xoff;
        cursor += width;
    }
    free(order);
    free(first);
    return LR_OK;
}

/* ---- line breaking -------------------------------------------------------- */

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x3000;
}

/* Kinsoku: closing punctuation never starts a line, opening punctuation
 * never ends one. */
static bool no_line_start(uint32_t cp)
{
    static const uint32_t set[] = {',', '.', '!', '?', ';', ':', ')', ']', '}', 0x3001, 0x3002, 0xFF0C,
                                   0xFF0E, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0xFF09, 0x300D, 0x300F, 0x300B,
                                   0x3009, 0x3011, 0x3015, 0x30FC, 0x2019, 0x201D, 0x2026};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == cp)
            return true;
    return false;
}

static bool no_line_end(uint32_t cp)
{
    static const uint32_t set[] = {'(', '[', '{', 0xFF08, 0x300C, 0x300E, 0x300A, 0x3008, 0x3010, 0x3014,
                                   0x2018, 0x201C};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == cp)
            return true;
    return false;
}

static uint32_t char_at(const char *text, size_t len, uint32_t cluster)
{
    uint32_t cp = 0;
    if (cluster >= len || utf8_next((const unsigned char *)text + cluster, len - cluster, &cp) == 0)
        return 0;
    return cp;
}

/* Places the glyphs [first, L->count) of one shaped line (pen from 0,
 * baseline 0) onto as many lines as `max_width` needs, from line *line on,
 * each aligned on its own width. */
static lr_status wrap_line(layout *L, size_t first, const char *text, size_t len, const lr_text_style *style,
                           float step, uint32_t *line)
{
    size_t n = L->count - first;
    if (n == 0) {
        (*line)++;
        return LR_OK;
    }
    lr_text_glyph *g = L->glyphs + first;
    /* pen[i]: where glyph i's advance starts; the shaper's offsets are the
     * difference to its origin, kept as they are. */
    float *pen = malloc((n + 1) * sizeof *pen);
    uint32_t *cp = malloc(n * sizeof *cp);
    if (!pen || !cp) {
        free(pen);
        free(cp);
        return LR_ERR_NOMEM;
    }
    pen[0] = 0;
    for (size_t i = 0; i < n; i++) {
        pen[i + 1] = pen[i] + g[i].advance;
        cp[i] = char_at(text, len, g[i].cluster);
    }
    float max_w = style->max_width > 0 ? style->max_width : INFINITY;
    size_t start = 0;
    while (start < n) {
        /* The longest run of glyphs from `start` that fits, ending at a
         * break opportunity; a single unbreakable word if none fits. */
        size_t end = n, last_break = 0;
        for (size_t i = start; i < n; i++) {
            if (i > start && g[i].cluster != g[i - 1].cluster) {
                bool after_space = is_space(cp[i - 1]) && !is_space(cp[i]);
                bool cjk = (is_cjk(cp[i]) || is_cjk(cp[i - 1])) && !is_space(cp[i]) && !is_space(cp[i - 1]) &&
                           !no_line_start(cp[i]) && !no_line_end(cp[i - 1]);
                if (after_space || cjk)
                    last_break = i;
            }
            if (is_space(cp[i]))
                continue; /* spaces hang past the edge */
            if (pen[i + 1] - pen[start] > max_w && last_break > start) {
                end = last_break;
                break;
            }
        }
        size_t ink_end = end;
        while (ink_end > start && is_space(cp[ink_end - 1]))
            ink_end--;
        float width = pen[ink_end] - pen[start];
        float shift = style->align == LR_TEXT_ALIGN_RIGHT ? -width : style->align == LR_TEXT_ALIGN_CENTER ? -width / 2 : 0;
        float baseline = -(float)*line * step;
        for (size_t i = start; i < end; i++) {
            g[i].origin.y += baseline;
            g[i].line = *line;
        }
        if (place_visually(L, first + start, first + end, shift) != LR_OK) {
            free(pen);
            free(cp);
            return LR_ERR_NOMEM;
        }
        (*line)++;
        start = end;
    }
    free(pen);
    free(cp);
    return LR_OK;
}

/* The bidirectional level of each character of one line (UTF-8, `n`
 * bytes), by FriBidi with the paragraph's direction from its first strong
 * character (a line that starts in Hebrew reads right to left). Stops at
 * invalid UTF-8, which the caller reports. *levels is malloc'd. */
static lr_status line_levels(const unsigned char *s, size_t n, FriBidiLevel **levels, size_t *count)
{
    *levels = NULL;
    *count = 0;
    FriBidiChar *chars = malloc((n + 1) * sizeof *chars);
    FriBidiCharType *types = malloc((n + 1) * sizeof *types);
    FriBidiBracketType *brackets = malloc((n + 1) * sizeof *brackets);
    FriBidiLevel *lv = malloc((n + 1) * sizeof *lv);
    if (!chars || !types || !brackets || !lv) {
        free(chars);
        free(types);
        free(brackets);
        free(lv);
        return LR_ERR_NOMEM;
    }
    size_t m = 0;
    for (size_t j = 0; j < n;) {
        uint32_t cp;
        int len = utf8_next(s + j, n - j, &cp);
        if (len == 0)
            break;
        chars[m++] = cp;
        j += (size_t)len;
    }
    bool ok = true;
    if (m > 0) {
        fribidi_get_bidi_types(chars, (FriBidiStrIndex)m, types);
        fribidi_get_bracket_types(chars, (FriBidiStrIndex)m, types, brackets);
        FriBidiParType dir = FRIBIDI_PAR_ON;
        ok = fribidi_get_par_embedding_levels_ex(types, brackets, (FriBidiStrIndex)m, &dir, lv) != 0;
    }
    free(chars);
    free(types);
    free(brackets);
    if (!ok) {
        free(lv);
        return LR_ERR_NOMEM;
    }
    *levels = lv;
    *count = m;
    return LR_OK;
}

static lr_status do_layout(lr_text_context *ctx, const char *utf8, const lr_text_style *style, layout *L,
                           lr_error *err)
{
    memset(L, 0, sizeof *L);
    if (!ctx || !utf8 || !style)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "text: NULL context, string or style");
    if (!(style->font_size > 0) || !isfinite(style->font_size))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "text: font_size must be positive, got %g",
                            (double)style->font_size);
    if (!(style->max_width >= 0) || !isfinite(style->max_width))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "text: max_width must be 0 (no wrapping) or positive, got %g",
                            (double)style->max_width);
    uint32_t ri = 0;
    lr_status st = resolve_style(ctx, style, &ri, err);
    if (st != LR_OK)
        return st;
    text_resolved *r = &ctx->resolved[ri];
    L->oblique = r->oblique;
    L->bold = style->bold;
    float em = style->font_size * TEXT_EM_PER_POINT;
    const text_face *primary = &ctx->faces[r->face];
    L->scale = em / primary->upem;
    hb_font_extents_t ext;
    hb_font_get_h_extents(primary->hb, &ext);
    float line_h = (float)(ext.ascender - ext.descender + ext.line_gap) * L->scale;
    if (line_h <= 0)
        line_h = em * 1.2f;
    float spacing = style->line_spacing > 0 ? style->line_spacing : 1.0f;

    hb_buffer_t *buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(buf)) {
        hb_buffer_destroy(buf);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    size_t len = strlen(utf8);
    const unsigned char *s = (const unsigned char *)utf8;
    size_t i = 0;
    uint32_t line = 0, runs = 0;
    while (st == LR_OK && i <= len) {
        /* One line: [i, eol). */
        size_t eol = i;
        while (eol < len && s[eol] != '\n')
            eol++;
        size_t line_end = eol;
        if (line_end > i && s[line_end - 1] == '\r')
            line_end--;
        float pen = 0, baseline = 0; /* wrap_line moves each line down */
        size_t first_glyph = L->count;
        size_t run_start = i;
        uint32_t run_face = UINT32_MAX;
        uint8_t run_level = 0;
        size_t j = i, k = 0; /* byte, and character of the line */
        FriBidiLevel *levels = NULL;
        size_t nlevels = 0;
        if (line_levels(s + i, line_end - i, &levels, &nlevels) != LR_OK)
            st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        while (st == LR_OK && j < line_end) {
            uint32_t cp;
            int n = utf8_next(s + j, len - j, &cp);
            if (n == 0) {
                st = lr_error_set(err, LR_ERR_INVALID_ARG, "text: invalid UTF-8 at byte %zu", j);
                break;
            }
            uint32_t face = run_face;
            if (run_face == UINT32_MAX || !joins_previous(cp))
                st = face_for(ctx, ri, cp, &face, err);
            r = &ctx->resolved[ri]; /* face_for may have grown the array's contents */
            if (st != LR_OK)
                break;
            if (is_emoji(cp))
                warn_emoji(ctx, cp, face);
            uint8_t level = k < nlevels ? (uint8_t)levels[k] : 0;
            if (face != run_face || level != run_level) {
                if (run_face != UINT32_MAX && j > run_start)
                    st = shape_run(ctx, buf, utf8, len, run_start, j, run_face, runs++, run_level, em, line, &pen,
                                   baseline, L, err);
                run_start = j;
                run_face = face;
                run_level = level;
            }
            j += (size_t)n;
            k++;
        }
        free(levels);
        if (st == LR_OK && run_face != UINT32_MAX && line_end > run_start)
            st = shape_run(ctx, buf, utf8, len, run_start, line_end, run_face, runs++, run_level, em, line, &pen,
                           baseline, L, err);
        if (st == LR_OK && wrap_line(L, first_glyph, utf8, len, style, line_h * spacing, &line) != LR_OK)
            st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        i = eol + 1;
    }
    hb_buffer_destroy(buf);
    free(L->place); /* only the layout needs it */
    L->place = NULL;
    if (st != LR_OK) {
        free(L->glyphs);
        L->glyphs = NULL;
        L->count = 0;
    }
    return st;
}

lr_status lr_text_shape(lr_text_context *ctx, const char *utf8, const lr_text_style *style, lr_text_glyph **glyphs,
                        size_t *count, lr_error *err)
{
    if (!glyphs || !count)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_text_shape: NULL output");
    *glyphs = NULL;
    *count = 0;
    layout L;
    lr_status st = do_layout(ctx, utf8, style, &L, err);
    if (st != LR_OK)
        return st;
    *glyphs = L.glyphs;
    *count = L.count;
    return LR_OK;
}

/* The colour of each byte of the text, as an index: 0 is the style's
 * colour, k is spans[k-1]. */
static uint16_t *span_map(const char *utf8, size_t len, const lr_text_style *style)
{
    uint16_t *map = calloc(len + 1, sizeof *map);
    if (!map)
        return NULL;
    for (size_t k = 0; k < style->nspans && k < 65535; k++) {
        const lr_text_span *sp = &style->spans[k];
        if (sp->substring) {
            size_t sl = strlen(sp->substring);
            if (sl == 0)
                continue;
            for (const char *p = strstr(utf8, sp->substring); p; p = strstr(p + sl, sp->substring))
                for (size_t b = 0; b < sl; b++)
                    map[(size_t)(p - utf8) + b] = (uint16_t)(k + 1);
        } else {
            for (size_t b = sp->start; b < sp->end && b < len; b++)
                map[b] = (uint16_t)(k + 1);
        }
    }
    return map;
}

lr_status lr_text_create(lr_text_context *ctx, const char *utf8, const lr_text_style *style, lr_mobject **out,
                         lr_error *err)
{
    return lr_text_create_placed(ctx, utf8, style, out, NULL, err);
}

lr_status lr_text_create_placed(lr_text_context *ctx, const char *utf8, const lr_text_style *style,
                                lr_mobject **out, lr_text_placement *where, lr_error *err)
{
    if (!out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_text_create: out is NULL");
    *out = NULL;
    layout L;
    lr_status st = do_layout(ctx, utf8, style, &L, err);
    if (st != LR_OK)
        return st;
    size_t len = strlen(utf8);
    uint16_t *colors = span_map(utf8, len, style);
    lr_mobject *group = lr_mobject_create_group();
    if (!colors || !group) {
        st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* Pass 1 loads every outline (the table may grow, so no slot pointer
     * is kept) and measures the ink; pass 2 writes each glyph straight
     * into its mobject's path, centred, with no intermediate copy. */
    lr_rect bounds = lr_rect_empty();
    for (size_t i = 0; i < L.count && st == LR_OK; i++) {
        const lr_text_glyph *g = &L.glyphs[i];
        const glyph_slot *slot = NULL;
        st = glyph_outline(ctx, g->font, g->glyph_id | (fakes_bold(ctx, g->font, style->bold) ? TEXT_BOLD_BIT : 0),
                           &slot, err);
        if (st != LR_OK || (slot->path.nsubpaths == 0 && !slot->bitmap.pixels))
            continue;
        float k = style->font_size * TEXT_EM_PER_POINT / ctx->faces[g->font].upem;
        bool slant = L.oblique && !slot->bitmap.pixels;
        lr_affine m = {k, 0, slant ? k * TEXT_OBLIQUE : 0.0f, k, g->origin.x, g->origin.y};
        /* A scale and a shift map exact bounds to exact bounds; a shear
         * does not, so slanted glyphs are measured through the map. */
        lr_rect gb = slant ? lr_path_bounds_transformed(&slot->path, m) : lr_rect_transform(slot->bounds, m);
        bounds = lr_rect_union(bounds, gb);
    }
    if (st != LR_OK)
        goto done;
    float cx = lr_rect_is_empty(bounds) ? 0.0f : (bounds.x0 + bounds.x1) / 2;
    float cy = lr_rect_is_empty(bounds) ? 0.0f : (bounds.y0 + bounds.y1) / 2;
    if (where) {
        where->origin = (lr_vec2){-cx, -cy};
        where->pen_end = -cx;
        for (size_t i = 0; i < L.count; i++)
            where->pen_end = fmaxf(where->pen_end, L.glyphs[i].origin.x + L.glyphs[i].advance - cx);
    }
    for (size_t i = 0; i < L.count; i++) {
        const lr_text_glyph *g = &L.glyphs[i];
        const glyph_slot *slot =
            slot_find(ctx, g->font, g->glyph_id | (fakes_bold(ctx, g->font, style->bold) ? TEXT_BOLD_BIT : 0));
        if (!slot || (slot->path.nsubpaths == 0 && !slot->bitmap.pixels))
            continue;
        float k = style->font_size * TEXT_EM_PER_POINT / ctx->faces[g->font].upem;
        if (slot->bitmap.pixels) { /* a colour glyph: an image in its box, in its own colours */
            lr_affine mb = {k, 0, 0, k, g->origin.x - cx, g->origin.y - cy};
            lr_mobject *child = lr_mobject_create_image(&slot->bitmap, lr_rect_transform(slot->bounds, mb));
            if (!child || lr_mobject_add_child(group, child) != LR_OK) {
                lr_mobject_destroy(child);
                st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
                goto done;
            }
            continue;
        }
        lr_affine m = {k, 0, L.oblique ? k * TEXT_OBLIQUE : 0.0f, k, g->origin.x - cx, g->origin.y - cy};
        lr_style ps = lr_style_default();
        uint32_t cl = g->cluster;
        uint16_t ci = cl < len ? colors[cl] : 0;
        ps.fill = ci ? style->spans[ci - 1].color : style->color;
        ps.stroke = ps.fill;
        ps.stroke.a = 0;
        ps.stroke_width = 0;
        lr_mobject *child = lr_mobject_create_path(NULL, ps);
        if (!child || lr_path_append(lr_mobject_path(child), &slot->path, &m) != LR_OK ||
            lr_mobject_add_child(group, child) != LR_OK) {
            lr_mobject_destroy(child);
            st = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
            goto done;
        }
    }
    *out = group;
    group = NULL;
done:
    free(colors);
    free(L.glyphs);
    lr_mobject_destroy(group);
    return st;
}
