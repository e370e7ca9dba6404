/* librender: the rendering context. One context owns one OpenGL 3.3 core
 * context (headless EGL or a GLFW window), the offscreen framebuffer that
 * frames are drawn into, and the GPU resources of the path renderer.
 *
 *   lr_context_desc desc = lr_context_desc_default(1920, 1080);
 *   lr_context *ctx;
 *   lr_error err;
 *   if (lr_context_create(&desc, &ctx, &err) != LR_OK) { puts(err.message); ... }
 *   lr_image img = {0};
 *   lr_context_render(ctx, scene, &img, &err);
 *   lr_image_write_png(&img, "frame.png", &err);
 *   lr_image_free(&img);
 *   lr_context_destroy(ctx);
 *
 * A context is used from one thread at a time: the thread that created it.
 */
#ifndef LR_CONTEXT_H
#define LR_CONTEXT_H

#include "lr_scene.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lr_backend {
    LR_BACKEND_AUTO = 0,        /* LR_BACKEND env var, else EGL device, then surfaceless */
    LR_BACKEND_EGL_DEVICE,      /* EGL_EXT_platform_device: a real GPU, no display */
    LR_BACKEND_EGL_SURFACELESS, /* EGL_MESA_platform_surfaceless: Mesa, llvmpipe too */
    LR_BACKEND_GLFW             /* a GLFW window (needs a display) */
} lr_backend;

/* "auto", "egl-device", "egl-surfaceless", "glfw" */
LR_API const char *lr_backend_name(lr_backend backend);
LR_API bool lr_backend_parse(const char *name, lr_backend *out);

typedef struct lr_context_desc {
    lr_backend backend;
    int width, height; /* the offscreen frame, in pixels */
    int samples;       /* MSAA samples; 0 or 1 for none (antialiasing does not need MSAA); clamped to the driver's maximum */
    /* Draw every path of every frame. By default a frame whose bottom
     * paths are those of the previous frame starts from a copy of them
     * and draws only the rest (the same pixels, bit for bit; see
     * lr_frame_timing.reused_paths). */
    bool full_redraw;
    /* GLFW backend only: */
    bool visible;      /* show the window (false: a hidden window as a context carrier) */
    const char *title; /* window title */
} lr_context_desc;

LR_API lr_context_desc lr_context_desc_default(int width, int height);

typedef struct lr_context lr_context;

LR_API lr_status lr_context_create(const lr_context_desc *desc, lr_context **out, lr_error *err);
LR_API void lr_context_destroy(lr_context *ctx);
/* A context is current on the thread that last used it. To hand it to
 * another thread, release it here first: the next call there makes it
 * current there (EGL contexts; a GLFW window's stays where it is). */
LR_API void lr_context_release_current(lr_context *ctx);

/* Which backend runs, and the GL_RENDERER / GL_VERSION strings. */
LR_API lr_backend lr_context_backend(const lr_context *ctx);
LR_API const char *lr_context_renderer(const lr_context *ctx);
LR_API const char *lr_context_gl_version(const lr_context *ctx);
/* True for a software rasteriser (Mesa llvmpipe, softpipe, swrast), where
 * the GPU is the CPU: work moved into shaders competes with every thread. */
LR_API bool lr_context_is_software(const lr_context *ctx);
/* The sample count actually used after clamping. */
LR_API int lr_context_samples(const lr_context *ctx);
LR_API void lr_context_size(const lr_context *ctx, int *width, int *height);
/* Changes the offscreen frame size (reallocates the framebuffer). */
LR_API lr_status lr_context_resize(lr_context *ctx, int width, int height, lr_error *err);

/* Draws the scene into the offscreen frame. */
LR_API lr_status lr_context_draw(lr_context *ctx, const lr_scene *scene, lr_error *err);
/* Reads the last drawn frame into `out` (allocated or reallocated to the frame
 * size, rows top to bottom). */
LR_API lr_status lr_context_read(lr_context *ctx, lr_image *out, lr_error *err);
/* lr_context_draw followed by lr_context_read. */
LR_API lr_status lr_context_render(lr_context *ctx, const lr_scene *scene, lr_image *out, lr_error *err);

/* Time spent in the stages of the last lr_context_draw / lr_context_read, in
 * milliseconds of wall time (the GPU work is waited for in `draw_ms` only when
 * the timing is enabled, since waiting costs throughput). */
typedef struct lr_frame_timing {
    double build_ms;  /* walking the scene, splitting curves, filling buffers */
    double upload_ms; /* buffer uploads */
    double draw_ms;   /* issuing draws (and, with timing enabled, finishing them) */
    double read_ms;   /* readback */
    uint32_t paths, quads, draw_calls; /* drawn */
    uint32_t reused_paths;             /* not drawn: copied from the previous frame's bottom layer */
    /* The frame is the one the context drew before, bit for bit (the same
     * batches, records, path table and background, no image): nothing was
     * drawn, the framebuffer still holds it. A video can send the frame
     * before again instead of reading this one back. */
    bool unchanged;
} lr_frame_timing;

LR_API void lr_context_enable_timing(lr_context *ctx, bool enable);
LR_API lr_frame_timing lr_context_last_timing(const lr_context *ctx);

/* ---- asynchronous readback ----------------------------------------------
 * A ring of pixel buffer objects, so that the GPU never waits on the CPU:
 * lr_readback_begin starts copying the frame just drawn into the next buffer
 * of the ring and returns at once, the next frame is drawn while that copy
 * runs, and lr_readback_map waits (on a fence) only for the oldest copy.
 * Frames come out in the order they went in, with the pixels lr_context_read
 * would give (straight alpha), but bottom-up in memory as GL writes them:
 * `pixels` points at the top image row and `stride` is negative, the layout
 * lr_encoder_push_rgba takes as it is, with no flip and no extra copy.
 *
 * A YUV ring converts each frame on the GPU first (shaders/yuv/: BT.709
 * limited range 4:2:0, the same bytes as the encoder's own converter) and
 * reads back 1.5 bytes a pixel instead of 4: the planes go to
 * lr_encoder_push_yuv, and no CPU thread converts colours.
 *
 *   lr_readback *rb;
 *   lr_readback_create(ctx, 0, LR_READBACK_RGBA, &rb, &err); // 0: 3 buffers
 *   for (each frame) {
 *       lr_context_draw(ctx, scene, &err);
 *       if (lr_readback_full(rb)) {                   // oldest frame out
 *           lr_frame_view v;
 *           lr_readback_map(rb, &v, &err);
 *           lr_encoder_push_rgba(enc, v.pixels, v.stride, &err);
 *           lr_readback_release(rb);
 *       }
 *       lr_readback_begin(rb, &err);                  // this frame in
 *   }
 *   while (lr_readback_pending(rb) > 0) { map, use, release }
 *   lr_readback_destroy(rb);
 *
 * A ring belongs to its context (destroy it first) and to the context's
 * frame size: after lr_context_resize, begin fails until the ring is
 * recreated. Used from the context's thread only (but lr_readback_give_back). */
typedef struct lr_readback lr_readback;

typedef enum lr_readback_format {
    LR_READBACK_RGBA = 0, /* 4 bytes a pixel, straight alpha, rows bottom-up (negative stride) */
    LR_READBACK_YUV420P,  /* planes Y, U, V (chroma halved both ways), rows top-down; even sizes only */
    LR_READBACK_NV12      /* planes Y and interleaved UV, rows top-down; even sizes only */
} lr_readback_format;

typedef struct lr_frame_view {
    lr_readback_format format;
    const uint8_t *pixels; /* RGBA: the top row of the image (= planes[0]) */
    int width, height;
    int stride;    /* RGBA: bytes from one row to the row below it; negative: rows bottom-up in memory */
    const uint8_t *planes[3]; /* YUV: Y, U, V (NV12: Y, UV); RGBA: planes[0] = pixels */
    int strides[3];
    int64_t index; /* 0 for the first frame begun on this ring, then 1, 2, ... */
} lr_frame_view;

/* `depth` buffers (0: 3; clamped to 2..16), each one frame in `format`;
 * lent frames (lr_readback_lend) hold theirs until given back. */
LR_API lr_status lr_readback_create(lr_context *ctx, int depth, lr_readback_format format, lr_readback **out,
                                    lr_error *err);
/* Drops pending frames; NULL is allowed. */
LR_API void lr_readback_destroy(lr_readback *rb);
/* Starts reading the last drawn frame into the next free buffer, without
 * waiting for it. LR_ERR_INVALID_ARG when the ring is full (map and release
 * the oldest first) or the context was resized. */
LR_API lr_status lr_readback_begin(lr_readback *rb, lr_error *err);
/* Frames begun and not yet released (a mapped frame counts until released). */
LR_API int lr_readback_pending(const lr_readback *rb);
LR_API bool lr_readback_full(const lr_readback *rb);
/* Waits for the oldest pending frame and maps it; the view stays valid until
 * lr_readback_release. One frame is mapped at a time. */
LR_API lr_status lr_readback_map(lr_readback *rb, lr_frame_view *out, lr_error *err);
/* Unmaps the frame lr_readback_map gave and frees its buffer for reuse. */
LR_API void lr_readback_release(lr_readback *rb);
/* Instead of releasing the mapped frame, lends it: the ring moves on as if
 * it had been released, but the buffer stays mapped and the view valid
 * until lr_readback_give_back(loan), which any thread may call (an encoder
 * thread that has read the pixels: lr_encoder_lend_rgba). lr_readback_begin
 * waits for a lent buffer it comes round to, then unmaps it on this thread;
 * destroy waits for every loan. NULL when the view is not the mapped buffer
 * itself (a see-through frame straightened in a copy): release it instead. */
LR_API void *lr_readback_lend(lr_readback *rb);
LR_API void lr_readback_give_back(void *loan);
/* Forgets every pending frame (after an error, to start again). */
LR_API void lr_readback_reset(lr_readback *rb);

#ifdef __cplusplus
}
#endif
#endif
