/* The bottom of the frame that did not change since the previous one.
 *
 * From one frame of an animation to the next, most paths stay as they were:
 * the text already written, the axes, the shapes already drawn; what moves
 * is usually what was added last, on top. Each frame is compared with the
 * previous one batch by batch from the bottom, and the colour after the
 * longest run of identical batches is kept in a framebuffer of its own. A
 * frame whose bottom batches are those same ones starts from a copy of it
 * and draws only the batches above.
 *
 * The frame is the one a full redraw gives, bit for bit: the batches kept
 * were drawn from the same records, path table and state, and nothing but
 * the colour passes from one batch to the next. Each depth-tested pass
 * writes values below those of every earlier pass, so what earlier batches
 * (of this frame or of frames before) left in the depth buffer never
 * decides a test (a cleared buffer decides it the same way), and every
 * batch leaves the stencil at 0; the depth a pass writes orders candidates
 * the same whatever its slot (slot_depth in shaders/edge/common.glsl). So
 * neither buffer is cleared from one frame to the next: on llvmpipe those
 * clears cost more than drawing a frame's moving part (1080p: 1.3 of the
 * 3 CPU ms of a frame drawing one dot).
 * Image batches end the run (their texture may change under the same id),
 * except function images (function_image.c), whose draw is their program
 * and uniforms, compared like records: one that reads time changes at
 * every frame, one that does not stays in the layer.
 * A frame whose batches are all the previous frame's (and no image but
 * function images that read nothing that moved) is not drawn at all: the
 * framebuffer still holds it (lr_gpu_layer_unchanged,
 * lr_frame_timing.unchanged), and a video sends the frame before again.
 * tests/gpu/test_gpu_layer.c compares against full redraws. */
#include "gpu/gpu_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void swap_size(size_t *a, size_t *b)
{
    size_t t = *a;
    *a = *b;
    *b = t;
}

void lr_gpu_layer_destroy(lr_context *ctx)
{
    lr_gpu_layer *L = &ctx->layer;
    GladGLContext *gl = &ctx->gl;
    if (gl->DeleteFramebuffers) {
        gl->DeleteFramebuffers(1, &L->fbo);
        gl->DeleteRenderbuffers(1, &L->color_rb);
    }
    free(L->batches);
    free(L->ordered);
    free(L->path_table);
    free(L->images);
    free(L->paths);
    free(L->records);
    free(L->ages);
    memset(L, 0, sizeof *L);
}

static bool layer_fits(const lr_context *ctx)
{
    const lr_gpu_layer *L = &ctx->layer;
    return L->fbo && L->width == ctx->width && L->height == ctx->height && L->samples == ctx->samples;
}

/* The colour target, the frame's size, format and sample count. */
static bool layer_target(lr_context *ctx)
{
    lr_gpu_layer *L = &ctx->layer;
    if (layer_fits(ctx))
        return true;
    GladGLContext *gl = &ctx->gl;
    gl->DeleteFramebuffers(1, &L->fbo);
    gl->DeleteRenderbuffers(1, &L->color_rb);
    L->fbo = L->color_rb = 0;
    L->kept = 0;
    gl->GenRenderbuffers(1, &L->color_rb);
    gl->BindRenderbuffer(GL_RENDERBUFFER, L->color_rb);
    if (ctx->samples > 1)
        gl->RenderbufferStorageMultisample(GL_RENDERBUFFER, ctx->samples, GL_RGBA8, ctx->width, ctx->height);
    else
        gl->RenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, ctx->width, ctx->height);
    gl->GenFramebuffers(1, &L->fbo);
    gl->BindFramebuffer(GL_FRAMEBUFFER, L->fbo);
    gl->FramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, L->color_rb);
    bool ok = gl->CheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE;
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    if (!ok) {
        gl->DeleteFramebuffers(1, &L->fbo);
        gl->DeleteRenderbuffers(1, &L->color_rb);
        L->fbo = L->color_rb = 0;
        return false; /* then every frame is drawn whole */
    }
    L->width = ctx->width;
    L->height = ctx->height;
    L->samples = ctx->samples;
    return true;
}

static uint32_t batch_end(const lr_gpu_batch *b)
{
    return b->stroke_first + b->stroke_count + b->piece_count;
}

/* ctx->images[i] is drawn as the previous frame's image i was (texture,
 * corners, opacity, program and uniforms). */
static bool image_draw_same(const lr_context *ctx, int i)
{
    const lr_gpu_layer *L = &ctx->layer;
    return i >= 0 && (size_t)i < ctx->nimages && (size_t)i < L->nimages &&
           memcmp(&ctx->images[i], &L->images[i], sizeof ctx->images[i]) == 0;
}

/* Whether the image batch drawing ctx->images[i] is the previous frame's:
 * a function image with the same program and uniforms. Every batch below
 * was the same, and each image is a batch of its own, so the previous
 * frame's image i is the one it drew there. */
static bool same_image(const lr_context *ctx, int i)
{
    return i >= 0 && (size_t)i < ctx->nimages && ctx->images[i].fn.program && image_draw_same(ctx, i);
}

/* How many batches, from the bottom, this frame has in common with the
 * previous one: same batch, records and path table rows. */
static uint32_t same_batches(const lr_context *ctx, lr_color background)
{
    const lr_gpu_layer *L = &ctx->layer;
    if (!L->has_previous || memcmp(&background, &L->background, sizeof background) != 0)
        return 0;
    size_t n = ctx->nbatches < L->nbatches ? ctx->nbatches : L->nbatches;
    uint32_t same = 0;
    for (size_t k = 0; k < n; k++) {
        const lr_gpu_batch *a = &ctx->batches[k], *b = &L->batches[k];
        int image = ctx->paths[a->first_path].image;
        if (memcmp(a, b, sizeof *a) != 0 || (image != LR_GPU_PATH && !(image >= 0 && same_image(ctx, image))))
            break;
        size_t rows = (size_t)a->path_count * LR_PATH_TEXELS;
        if (memcmp(ctx->ordered + a->fill_first, L->ordered + a->fill_first,
                   (batch_end(a) - a->fill_first) * sizeof *ctx->ordered) != 0 ||
            memcmp(ctx->path_table + (size_t)a->first_path * LR_PATH_TEXELS,
                   L->path_table + (size_t)a->first_path * LR_PATH_TEXELS, rows * sizeof *ctx->path_table) != 0)
            break;
        same = (uint32_t)k + 1;
    }
    return same;
}

/* Field by field up to the padding after `fringe`, which struct copies
 * need not keep. */
static bool path_same(const lr_gpu_path *a, const lr_gpu_path *b)
{
    return memcmp(a, b, offsetof(lr_gpu_path, fringe)) == 0 && a->fringe == b->fringe &&
           memcmp(&a->winding, &b->winding, sizeof *a - offsetof(lr_gpu_path, winding)) == 0;
}

/* Records [first, first + n) of this frame and the previous one (a frame
 * of meshes alone has none at all). */
static bool records_same(const lr_context *ctx, size_t first, size_t n)
{
    return n == 0 || memcmp(ctx->records + first, ctx->layer.records + first, n * sizeof *ctx->records) == 0;
}

static bool path_unchanged(const lr_context *ctx, size_t i)
{
    const lr_gpu_layer *L = &ctx->layer;
    if (i >= L->npaths)
        return false;
    const lr_gpu_path *a = &ctx->paths[i], *b = &L->paths[i];
    if (!path_same(a, b))
        return false;
    if (a->image >= 0)
        return image_draw_same(ctx, a->image);
    return records_same(ctx, a->fill_first, a->fill_count) &&
           records_same(ctx, a->stroke_first, (size_t)a->stroke_count + a->piece_count);
}

/* A path counts as changing until it has been the same for this many
 * frames. The lowest break then stays under an animation whose parts
 * settle one by one (a Write: each glyph done in turn) instead of
 * climbing with them; once they have all settled it moves up. */
#define SETTLED 16u

/* Batches break below the first path that is changing, and where they
 * broke in the frames before, below it: when the change moves up (the
 * next step of a lesson animates what lies above), the batches under the
 * old break stay what they were, and so stay in the kept layer, instead
 * of a bottom batch that grew, which would draw the whole frame. A change
 * below a break takes the breaks above it away (what is above is drawn
 * anyway); past LR_GPU_BREAKS the highest old one goes. */
size_t lr_gpu_layer_breaks(lr_context *ctx, const size_t **breaks)
{
    lr_gpu_layer *L = &ctx->layer;
    *breaks = L->breaks;
    if (!lr_gpu_grow((void **)&L->ages, &L->cap_ages, ctx->npaths, sizeof *L->ages)) {
        L->unsettled = ctx->npaths;
        return L->nbreaks = 0;
    }
    size_t first = ctx->npaths;
    bool changed = ctx->npaths != L->npaths;
    for (size_t i = 0; i < ctx->npaths; i++) {
        bool same = path_unchanged(ctx, i);
        uint32_t age = same ? L->ages[i] : 0;
        L->ages[i] = age < SETTLED ? age + 1 : SETTLED;
        changed |= !same;
        if (L->ages[i] < SETTLED && first == ctx->npaths)
            first = i;
    }
    /* The layer is kept below the break, where there is one; with every
     * path changing (the first frames of a scene) it is kept wherever two
     * frames agree, as before there were breaks. */
    L->unsettled = first > 0 ? first : ctx->npaths;
    /* A frame with nothing new keeps the batches it had, so that it is
     * found unchanged (lr_gpu_layer_unchanged) and not drawn; the breaks
     * move with the next change. */
    if (!changed)
        return L->nbreaks;
    size_t n = 0;
    while (n < L->nbreaks && L->breaks[n] < first)
        n++;
    if (first > 0 && first < ctx->npaths) {
        if (n == LR_GPU_BREAKS)
            n--;
        L->breaks[n++] = first;
    }
    return L->nbreaks = n;
}

bool lr_gpu_layer_unchanged(const lr_context *ctx, lr_color background)
{
    const lr_gpu_layer *L = &ctx->layer;
    /* After a frame that stopped half-drawn the framebuffer holds that,
     * not the frame the arrays describe. */
    return !ctx->full_redraw && !ctx->frame_unfinished && L->has_previous && ctx->nbatches == L->nbatches &&
           same_batches(ctx, background) == ctx->nbatches &&
           (ctx->nbatches > 0 || memcmp(&background, &L->background, sizeof background) == 0);
}

static void blit(GladGLContext *gl, GLuint from, GLuint to, int w, int h)
{
    gl->BindFramebuffer(GL_READ_FRAMEBUFFER, from);
    gl->BindFramebuffer(GL_DRAW_FRAMEBUFFER, to);
    gl->BlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
}

uint32_t lr_gpu_layer_begin(lr_context *ctx, lr_color background, uint32_t *keep_at)
{
    lr_gpu_layer *L = &ctx->layer;
    GladGLContext *gl = &ctx->gl;
    uint32_t same = ctx->full_redraw ? 0 : same_batches(ctx, background);
    uint32_t first = 0;
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->DepthMask(GL_TRUE);
    gl->StencilMask(0xFF);
    gl->ClearDepth(1.0);
    gl->ClearStencil(0);
    /* A layer made for another frame size holds nothing of this one. */
    if (L->kept > 0 && L->kept <= same && layer_fits(ctx)) {
        blit(gl, L->fbo, ctx->fbo, ctx->width, ctx->height);
        gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
        first = L->kept;
    } else {
        gl->ClearColor(background.r * background.a, background.g * background.a, background.b * background.a,
                       background.a);
        gl->Clear(GL_COLOR_BUFFER_BIT);
        L->kept = 0;
    }
    /* Depth and stencil are as a finished frame leaves them (see the top),
     * unless the last frame stopped half-drawn (an error), which may have
     * left marks in the stencil. */
    if (ctx->frame_unfinished) {
        gl->Clear(GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
        ctx->depth_slot = 0;
    }
    ctx->frame_unfinished = true;
    /* Kept only up to the paths still changing: a batch over them that
     * happens to be the same twice is likely not the third time, and a
     * layer holding it would then serve nothing. */
    uint32_t settled = same;
    while (settled > 0 && ctx->batches[settled - 1].first_path + ctx->batches[settled - 1].path_count > L->unsettled)
        settled--;
    *keep_at = settled > first ? settled : 0;
    for (uint32_t k = 0; k < first; k++)
        ctx->timing.reused_paths += ctx->batches[k].path_count;
    return first;
}

void lr_gpu_layer_keep(lr_context *ctx, uint32_t batches)
{
    lr_gpu_layer *L = &ctx->layer;
    if (!layer_target(ctx))
        return;
    blit(&ctx->gl, ctx->fbo, L->fbo, ctx->width, ctx->height);
    ctx->gl.BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    L->kept = batches;
}

void lr_gpu_layer_end(lr_context *ctx, lr_color background)
{
    lr_gpu_layer *L = &ctx->layer;
    /* This frame becomes the previous one: the arrays change hands, and the
     * next frame refills the older ones. */
    lr_gpu_batch *batches = ctx->batches;
    ctx->batches = L->batches;
    L->batches = batches;
    swap_size(&ctx->cap_batches, &L->cap_batches);
    swap_size(&ctx->nbatches, &L->nbatches);
    lr_gpu_record *ordered = ctx->ordered;
    ctx->ordered = L->ordered;
    L->ordered = ordered;
    swap_size(&ctx->cap_ordered, &L->cap_ordered);
    float(*table)[4] = ctx->path_table;
    ctx->path_table = L->path_table;
    L->path_table = table;
    swap_size(&ctx->cap_path_table, &L->cap_path_table);
    lr_gpu_image_draw *images = ctx->images;
    ctx->images = L->images;
    L->images = images;
    swap_size(&ctx->cap_images, &L->cap_images);
    swap_size(&ctx->nimages, &L->nimages);
    lr_gpu_path *paths = ctx->paths;
    ctx->paths = L->paths;
    L->paths = paths;
    swap_size(&ctx->cap_paths, &L->cap_paths);
    L->npaths = ctx->npaths;
    lr_gpu_record *records = ctx->records;
    ctx->records = L->records;
    L->records = records;
    swap_size(&ctx->cap_records, &L->cap_records);
    L->background = background;
    L->has_previous = !ctx->full_redraw;
    ctx->frame_unfinished = false;
}
