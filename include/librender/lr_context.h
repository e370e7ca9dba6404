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
    /* GLFW backend only: */
    bool visible;      /* show the window (false: a hidden window as a context carrier) */
    const char *title; /* window title */
} lr_context_desc;

LR_API lr_context_desc lr_context_desc_default(int width, int height);

typedef struct lr_context lr_context;

LR_API lr_status lr_context_create(const lr_context_desc *desc, lr_context **out, lr_error *err);
LR_API void lr_context_destroy(lr_context *ctx);

/* Which backend runs, and the GL_RENDERER / GL_VERSION strings. */
LR_API lr_backend lr_context_backend(const lr_context *ctx);
LR_API const char *lr_context_renderer(const lr_context *ctx);
LR_API const char *lr_context_gl_version(const lr_context *ctx);
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
    uint32_t paths, quads, draw_calls;
} lr_frame_timing;

LR_API void lr_context_enable_timing(lr_context *ctx, bool enable);
LR_API lr_frame_timing lr_context_last_timing(const lr_context *ctx);

#ifdef __cplusplus
}
#endif
#endif
