/* Function images: images whose pixels the GPU computes from a function of
 * the point (the spec's function_image; see docs/rendering.md, "Function
 * images"). The fragment shader is shaders/image/function.glsl (the
 * operations' helpers), then the generated part (a few defines, the mode
 * and lr_fn, which librender/spec/expr_glsl.c wrote from an expression),
 * then shaders/image/function.frag (colouring and the edge's coverage).
 * A program is compiled the first time its generated part is drawn and
 * found by that text afterwards, so an image rebuilt at every frame (its
 * expression reads time) compiles once: only its uniforms change. */
#include "gpu/gpu_internal.h"

#include "core/grow.h"

#include <stdlib.h>
#include <string.h>

/* Programs kept while unused: compiling one costs tens of milliseconds on
 * llvmpipe, so a section switching between a few functions keeps them all. */
#define LR_FN_CACHE_KEEP 32

static const char *const fragment_files[] = {"image/function.glsl", "image/function.frag"};

/* The generated part of fn's fragment shader, between the two files: what
 * it is compiled from and found by. */
static char *generated_source(const lr_image_fn *fn)
{
    const char *mode = fn->mode == LR_IMAGE_FN_DOMAIN ? "#define LR_FN_COMPLEX 1\n" : "";
    size_t n = strlen(mode), len = strlen(fn->glsl);
    char *s = malloc(n + len + 1);
    if (!s)
        return NULL;
    memcpy(s, mode, n);
    memcpy(s + n, fn->glsl, len + 1);
    return s;
}

static lr_status compile(lr_context *ctx, char *source, lr_gpu_fn_program *p, lr_error *err)
{
    GladGLContext *gl = &ctx->gl;
    lr_error mine = {0};
    GLuint id = 0;
    lr_status s = lr_gpu_program_link_generated(gl, "image/function.vert", fragment_files, 2, source, &id, &mine);
    if (s != LR_OK)
        return lr_error_set(err, LR_ERR_GL, "a function image's shader: %s", mine.message);
    memset(p, 0, sizeof *p);
    p->source = source;
    p->id = id;
    p->serial = ++ctx->fn.serial;
    p->corners = gl->GetUniformLocation(id, "u_corners");
    p->viewport = gl->GetUniformLocation(id, "u_viewport");
    p->grow = gl->GetUniformLocation(id, "u_grow");
    p->domain = gl->GetUniformLocation(id, "u_domain");
    p->vars = gl->GetUniformLocation(id, "u_vars");
    p->opacity = gl->GetUniformLocation(id, "u_opacity");
    p->stops = gl->GetUniformLocation(id, "u_stops");
    p->nstops = gl->GetUniformLocation(id, "u_nstops");
    p->range = gl->GetUniformLocation(id, "u_range");
    p->contours = gl->GetUniformLocation(id, "u_contours");
    return LR_OK;
}

static lr_gpu_fn_program *find_serial(lr_context *ctx, uint64_t serial)
{
    for (size_t i = 0; i < ctx->fn.count; i++)
        if (ctx->fn.items[i].serial == serial)
            return &ctx->fn.items[i];
    return NULL;
}

lr_status lr_gpu_fn_prepare(lr_context *ctx, const lr_image_fn *fn, lr_gpu_image_draw *d, lr_error *err)
{
    lr_gpu_fn_cache *C = &ctx->fn;
    char *source = generated_source(fn);
    if (!source)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    lr_gpu_fn_program *p = NULL;
    for (size_t i = 0; i < C->count && !p; i++)
        if (strcmp(C->items[i].source, source) == 0)
            p = &C->items[i];
    if (p) {
        free(source);
    } else {
        lr_gpu_fn_program *items = lr_grow(C->items, &C->cap, C->count, sizeof *C->items, 4);
        if (!items) {
            free(source);
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
        }
        C->items = items;
        lr_status s = compile(ctx, source, &C->items[C->count], err);
        if (s != LR_OK) {
            free(source);
            return s;
        }
        p = &C->items[C->count++];
    }
    p->used_at = C->frame;
    lr_gpu_fn_draw *f = &d->fn;
    f->program = p->serial;
    memcpy(f->domain, fn->domain, sizeof f->domain);
    int nvars = fn->nvars < 0 ? 0 : fn->nvars > LR_IMAGE_FN_MAX_VARS ? LR_IMAGE_FN_MAX_VARS : fn->nvars;
    memcpy(f->vars, fn->vars, (size_t)nvars * sizeof f->vars[0]);
    f->nstops = fn->nstops < 1 ? 1 : fn->nstops > LR_IMAGE_FN_MAX_STOPS ? LR_IMAGE_FN_MAX_STOPS : fn->nstops;
    for (int i = 0; i < f->nstops; i++) {
        lr_color c = fn->nstops < 1 ? (lr_color){1, 1, 1, 1} : fn->stops[i];
        f->stops[i][0] = c.r;
        f->stops[i][1] = c.g;
        f->stops[i][2] = c.b;
        f->stops[i][3] = c.a;
    }
    f->range[0] = fn->lo;
    f->range[1] = fn->hi;
    f->contours = fn->contours ? 1 : 0;
    return LR_OK;
}

void lr_gpu_fn_draw_image(lr_context *ctx, const lr_gpu_image_draw *d)
{
    const lr_gpu_fn_program *p = find_serial(ctx, d->fn.program);
    if (!p)
        return; /* prepared this frame, so never: the cache is trimmed after drawing */
    GladGLContext *gl = &ctx->gl;
    const lr_gpu_fn_draw *f = &d->fn;
    gl->Disable(GL_DEPTH_TEST);
    gl->Disable(GL_STENCIL_TEST);
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->UseProgram(p->id);
    float vp[2] = {(float)ctx->width, (float)ctx->height};
    gl->Uniform2fv(p->corners, 4, d->corners);
    gl->Uniform2fv(p->viewport, 1, vp);
    /* The rim a fill's fringe covers: pixel centres within it get coverage. */
    gl->Uniform1f(p->grow, ctx->samples > 1 ? 1.25f : 0.625f);
    gl->Uniform4fv(p->domain, 1, f->domain);
    gl->Uniform1fv(p->vars, LR_IMAGE_FN_MAX_VARS, f->vars);
    gl->Uniform1f(p->opacity, d->opacity);
    gl->Uniform4fv(p->stops, f->nstops, &f->stops[0][0]);
    gl->Uniform1i(p->nstops, f->nstops);
    gl->Uniform2fv(p->range, 1, f->range);
    gl->Uniform1i(p->contours, f->contours);
    gl->DrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    ctx->timing.draw_calls += 1;
}

void lr_gpu_fn_end_frame(lr_context *ctx)
{
    lr_gpu_fn_cache *C = &ctx->fn;
    size_t k = 0;
    for (size_t i = 0; i < C->count; i++) {
        lr_gpu_fn_program *p = &C->items[i];
        if (C->count - (i - k) > LR_FN_CACHE_KEEP && p->used_at != C->frame) {
            ctx->gl.DeleteProgram(p->id);
            free(p->source);
            continue;
        }
        C->items[k++] = *p;
    }
    C->count = k;
    C->frame++;
}

void lr_gpu_fn_destroy(lr_context *ctx)
{
    lr_gpu_fn_cache *C = &ctx->fn;
    for (size_t i = 0; i < C->count; i++) {
        if (ctx->gl.DeleteProgram)
            ctx->gl.DeleteProgram(C->items[i].id);
        free(C->items[i].source);
    }
    free(C->items);
    memset(C, 0, sizeof *C);
}
