/* Asynchronous readback through a ring of pixel buffer objects. glReadPixels
 * into a bound GL_PIXEL_PACK_BUFFER only queues the copy; a fence placed
 * after it tells when the buffer may be mapped. Mapping the oldest of three
 * leaves two frames of work in flight, so drawing and copying overlap. */
#include "gpu/gpu_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEPTH_DEFAULT 3
#define DEPTH_MIN 2
#define DEPTH_MAX 16
/* How long one wait on a fence may block before we look again: waits are
 * normally far shorter; a driver that never signals ends in an error. */
#define FENCE_WAIT_NS 1000000000ull
#define FENCE_WAIT_TRIES 30

/* How long lr_readback_begin and destroy wait for a lent buffer to come
 * back before they give up (an encoder gives it back within a frame's
 * conversion; one that failed gives back everything it holds). */
#define LOAN_WAIT_S 60

typedef struct rb_slot {
    GLuint pbo;
    GLsync fence;
    int64_t index;
    bool translucent; /* premultiplied colour with alpha below 1: unpremultiply when mapped */
    bool lent;        /* under loan_lock: mapped and lent out (lr_readback_lend) */
    bool mapped;      /* still mapped after a loan: unmapped by the ring's thread when it reuses the slot */
    struct lr_readback *rb;
} rb_slot;

struct lr_readback {
    lr_context *ctx;
    lr_readback_format format;
    int width, height;
    size_t bytes;
    rb_slot *slots;
    int depth;
    int head, count; /* head: the oldest pending slot */
    int64_t next_index;
    bool mapped;
    bool mapped_pbo; /* the view points into the mapped PBO, not into `scratch` */
    uint8_t *scratch;
    pthread_mutex_t loan_lock;
    pthread_cond_t given_back;
};

lr_status lr_readback_create(lr_context *ctx, int depth, lr_readback_format format, lr_readback **out,
                             lr_error *err)
{
    if (!ctx || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_readback_create: ctx and out must not be NULL");
    *out = NULL;
    if (format != LR_READBACK_RGBA && format != LR_READBACK_YUV420P && format != LR_READBACK_NV12)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_readback_create: unknown format %d", (int)format);
    if (format != LR_READBACK_RGBA && (ctx->width % 2 || ctx->height % 2))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "YUV 4:2:0 readback needs an even frame size, not %dx%d",
                            ctx->width, ctx->height);
    lr_readback *rb = calloc(1, sizeof *rb);
    if (!rb)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory for the readback ring");
    rb->ctx = ctx;
    rb->depth = depth == 0 ? DEPTH_DEFAULT : depth < DEPTH_MIN ? DEPTH_MIN : depth > DEPTH_MAX ? DEPTH_MAX : depth;
    rb->width = ctx->width;
    rb->height = ctx->height;
    rb->format = format;
    rb->bytes = (size_t)rb->width * (size_t)rb->height;
    rb->bytes = format == LR_READBACK_RGBA ? rb->bytes * 4u : rb->bytes + rb->bytes / 2u;
    rb->slots = calloc((size_t)rb->depth, sizeof *rb->slots);
    if (!rb->slots) {
        free(rb);
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory for the readback ring");
    }
    pthread_mutex_init(&rb->loan_lock, NULL);
    pthread_cond_init(&rb->given_back, NULL);
    for (int i = 0; i < rb->depth; i++)
        rb->slots[i].rb = rb;
    lr_gpu_make_current(ctx);
    GladGLContext *gl = &ctx->gl;
    while (gl->GetError() != GL_NO_ERROR) {
    }
    for (int i = 0; i < rb->depth; i++) {
        gl->GenBuffers(1, &rb->slots[i].pbo);
        gl->BindBuffer(GL_PIXEL_PACK_BUFFER, rb->slots[i].pbo);
        /* STREAM_READ: written by the GPU once, read by us once. */
        gl->BufferData(GL_PIXEL_PACK_BUFFER, (GLsizeiptr)rb->bytes, NULL, GL_STREAM_READ);
    }
    gl->BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    GLenum e = gl->GetError();
    if (e != GL_NO_ERROR) {
        lr_readback_destroy(rb);
        return lr_error_set(err, e == GL_OUT_OF_MEMORY ? LR_ERR_NOMEM : LR_ERR_GL,
                            "cannot allocate %d pixel buffers of %dx%d (GL error 0x%x)", rb->depth, ctx->width,
                            ctx->height, (unsigned)e);
    }
    *out = rb;
    return LR_OK;
}

static void slot_forget(GladGLContext *gl, rb_slot *slot)
{
    if (slot->fence) {
        gl->DeleteSync(slot->fence);
        slot->fence = NULL;
    }
}

/* Waits until `slot` is not lent any more (false: it was not given back in
 * time), then unmaps it if a loan left it mapped. On the ring's thread. */
static bool slot_reclaim(lr_readback *rb, rb_slot *slot)
{
    pthread_mutex_lock(&rb->loan_lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += LOAN_WAIT_S;
    int r = 0;
    while (slot->lent && r == 0)
        r = pthread_cond_timedwait(&rb->given_back, &rb->loan_lock, &until);
    bool back = !slot->lent;
    pthread_mutex_unlock(&rb->loan_lock);
    if (back && slot->mapped) {
        GladGLContext *gl = &rb->ctx->gl;
        gl->BindBuffer(GL_PIXEL_PACK_BUFFER, slot->pbo);
        gl->UnmapBuffer(GL_PIXEL_PACK_BUFFER);
        gl->BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
        slot->mapped = false;
    }
    return back;
}

void lr_readback_reset(lr_readback *rb)
{
    if (!rb)
        return;
    if (rb->mapped)
        lr_readback_release(rb);
    lr_gpu_make_current(rb->ctx);
    /* Lent buffers stay lent (their reader may be at them now): the ring
     * takes them back when it comes round to them. */
    for (int i = 0; i < rb->depth; i++)
        slot_forget(&rb->ctx->gl, &rb->slots[i]);
    rb->head = rb->count = 0;
}

void lr_readback_destroy(lr_readback *rb)
{
    if (!rb)
        return;
    lr_readback_reset(rb);
    GladGLContext *gl = &rb->ctx->gl;
    for (int i = 0; i < rb->depth; i++) {
        /* A buffer not given back in time is left to leak rather than
         * deleted under its reader. */
        if (!slot_reclaim(rb, &rb->slots[i]))
            continue;
        if (rb->slots[i].pbo)
            gl->DeleteBuffers(1, &rb->slots[i].pbo);
    }
    pthread_cond_destroy(&rb->given_back);
    pthread_mutex_destroy(&rb->loan_lock);
    free(rb->slots);
    free(rb->scratch);
    free(rb);
}

void *lr_readback_lend(lr_readback *rb)
{
    if (!rb || !rb->mapped || !rb->mapped_pbo)
        return NULL;
    rb_slot *slot = &rb->slots[rb->head];
    pthread_mutex_lock(&rb->loan_lock);
    slot->lent = true;
    pthread_mutex_unlock(&rb->loan_lock);
    slot->mapped = true;
    rb->mapped = rb->mapped_pbo = false;
    rb->head = (rb->head + 1) % rb->depth;
    rb->count--;
    return slot;
}

void lr_readback_give_back(void *loan)
{
    rb_slot *slot = loan;
    if (!slot)
        return;
    lr_readback *rb = slot->rb;
    pthread_mutex_lock(&rb->loan_lock);
    slot->lent = false;
    pthread_cond_broadcast(&rb->given_back);
    pthread_mutex_unlock(&rb->loan_lock);
}

int lr_readback_pending(const lr_readback *rb) { return rb ? rb->count : 0; }
bool lr_readback_full(const lr_readback *rb) { return rb && rb->count == rb->depth; }

lr_status lr_readback_begin(lr_readback *rb, lr_error *err)
{
    if (!rb)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_readback_begin: no ring");
    lr_context *ctx = rb->ctx;
    if (rb->count == rb->depth)
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "readback ring full (%d frames pending): map and release the oldest first", rb->count);
    if (ctx->width != rb->width || ctx->height != rb->height)
        return lr_error_set(err, LR_ERR_INVALID_ARG,
                            "the context was resized to %dx%d after the %dx%d readback ring was created", ctx->width,
                            ctx->height, rb->width, rb->height);
    double t0 = lr_gpu_now_ms();
    lr_gpu_make_current(ctx);
    GladGLContext *gl = &ctx->gl;
    int w = rb->width, h = rb->height;
    rb_slot *slot = &rb->slots[(rb->head + rb->count) % rb->depth];
    if (!slot_reclaim(rb, slot))
        return lr_error_set(err, LR_ERR_INVALID_ARG, "the readback buffer lent with frame %lld was not given back in %d s",
                            (long long)slot->index, LOAN_WAIT_S);
    if (rb->format != LR_READBACK_RGBA) {
        lr_status s = lr_gpu_yuv_convert(ctx, rb->format == LR_READBACK_NV12, err);
        if (s != LR_OK)
            return s;
        gl->BindBuffer(GL_PIXEL_PACK_BUFFER, slot->pbo);
        gl->PixelStorei(GL_PACK_ALIGNMENT, 1); /* rows of w bytes, w not a multiple of 4 (854) */
        gl->ReadPixels(0, 0, w, h + h / 2, GL_RED, GL_UNSIGNED_BYTE, (void *)0);
    } else {
        lr_gpu_bind_frame_for_read(ctx);
        gl->BindBuffer(GL_PIXEL_PACK_BUFFER, slot->pbo);
        gl->PixelStorei(GL_PACK_ALIGNMENT, 4);
        gl->ReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, (void *)0);
    }
    gl->BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    slot->fence = gl->FenceSync(GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
    /* Without a flush the copy may sit in the command queue until the map. */
    gl->Flush();
    if (!slot->fence)
        return lr_error_set(err, LR_ERR_GL, "glFenceSync failed after the readback of frame %lld",
                            (long long)rb->next_index);
    slot->index = rb->next_index++;
    slot->translucent = ctx->background_translucent;
    rb->count++;
    ctx->timing.read_ms = lr_gpu_now_ms() - t0;
    return LR_OK;
}

lr_status lr_readback_map(lr_readback *rb, lr_frame_view *out, lr_error *err)
{
    if (!rb || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_readback_map: no ring or no view");
    if (rb->mapped)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_readback_map: frame %lld is still mapped: release it first",
                            (long long)rb->slots[rb->head].index);
    if (rb->count == 0)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_readback_map: no frame pending (call lr_readback_begin)");
    lr_gpu_make_current(rb->ctx);
    GladGLContext *gl = &rb->ctx->gl;
    rb_slot *slot = &rb->slots[rb->head];
    GLenum r = GL_TIMEOUT_EXPIRED;
    for (int i = 0; i < FENCE_WAIT_TRIES && r == GL_TIMEOUT_EXPIRED; i++)
        r = gl->ClientWaitSync(slot->fence, GL_SYNC_FLUSH_COMMANDS_BIT, FENCE_WAIT_NS);
    if (r != GL_ALREADY_SIGNALED && r != GL_CONDITION_SATISFIED)
        return lr_error_set(err, LR_ERR_GL, "readback of frame %lld never completed (%s)", (long long)slot->index,
                            r == GL_TIMEOUT_EXPIRED ? "timed out" : "glClientWaitSync failed");
    slot_forget(gl, slot);
    gl->BindBuffer(GL_PIXEL_PACK_BUFFER, slot->pbo);
    const uint8_t *p = gl->MapBufferRange(GL_PIXEL_PACK_BUFFER, 0, (GLsizeiptr)rb->bytes, GL_MAP_READ_BIT);
    if (!p) {
        gl->BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
        return lr_error_set(err, LR_ERR_GL, "cannot map the pixel buffer of frame %lld (GL error 0x%x)",
                            (long long)slot->index, (unsigned)gl->GetError());
    }
    size_t row = (size_t)rb->width * 4u;
    memset(out, 0, sizeof *out);
    out->format = rb->format;
    out->width = rb->width;
    out->height = rb->height;
    out->index = slot->index;
    if (rb->format != LR_READBACK_RGBA) {
        /* The pass wrote the planes in reading order (see shaders/yuv/yuv.frag);
         * chroma rows are w bytes apart whatever their width. */
        size_t w = (size_t)rb->width, luma = w * (size_t)rb->height;
        out->planes[0] = p;
        out->planes[1] = p + luma;
        out->planes[2] = rb->format == LR_READBACK_YUV420P ? p + luma + w / 2 : NULL;
        out->strides[0] = out->strides[1] = rb->width;
        out->strides[2] = rb->format == LR_READBACK_YUV420P ? rb->width : 0;
        out->pixels = p;
        out->stride = rb->width;
        rb->mapped_pbo = true;
    } else if (slot->translucent) {
        /* Rare (a see-through background): straighten alpha in a copy, since
         * the mapped buffer is read-only. The copy is top-down already. */
        if (!rb->scratch && !(rb->scratch = malloc(rb->bytes))) {
            gl->UnmapBuffer(GL_PIXEL_PACK_BUFFER);
            gl->BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory for a %dx%d frame", rb->width, rb->height);
        }
        for (int y = 0; y < rb->height; y++)
            memcpy(rb->scratch + (size_t)y * row, p + (size_t)(rb->height - 1 - y) * row, row);
        gl->UnmapBuffer(GL_PIXEL_PACK_BUFFER);
        lr_gpu_unpremultiply(rb->scratch, rb->width, rb->height, (ptrdiff_t)row);
        out->pixels = rb->scratch;
        out->stride = (int)row;
        out->planes[0] = out->pixels;
        out->strides[0] = out->stride;
        rb->mapped_pbo = false;
    } else {
        out->pixels = p + (size_t)(rb->height - 1) * row;
        out->stride = -(int)row;
        out->planes[0] = out->pixels;
        out->strides[0] = out->stride;
        rb->mapped_pbo = true;
    }
    gl->BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    rb->mapped = true;
    return LR_OK;
}

void lr_readback_release(lr_readback *rb)
{
    if (!rb || !rb->mapped)
        return;
    if (rb->mapped_pbo) {
        lr_gpu_make_current(rb->ctx);
        GladGLContext *gl = &rb->ctx->gl;
        gl->BindBuffer(GL_PIXEL_PACK_BUFFER, rb->slots[rb->head].pbo);
        gl->UnmapBuffer(GL_PIXEL_PACK_BUFFER);
        gl->BindBuffer(GL_PIXEL_PACK_BUFFER, 0);
    }
    rb->mapped = rb->mapped_pbo = false;
    rb->head = (rb->head + 1) % rb->depth;
    rb->count--;
}
