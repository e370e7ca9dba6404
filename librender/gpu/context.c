/* GL contexts: headless EGL (device or Mesa surfaceless) or a GLFW window,
 * and the offscreen framebuffer that frames are drawn into. */
#include "gpu/gpu_internal.h"

#include <EGL/eglext.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double lr_gpu_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

const char *lr_backend_name(lr_backend backend)
{
    switch (backend) {
    case LR_BACKEND_AUTO: return "auto";
    case LR_BACKEND_EGL_DEVICE: return "egl-device";
    case LR_BACKEND_EGL_SURFACELESS: return "egl-surfaceless";
    case LR_BACKEND_GLFW: return "glfw";
    }
    return "unknown";
}

bool lr_backend_parse(const char *name, lr_backend *out)
{
    static const lr_backend all[] = {LR_BACKEND_AUTO, LR_BACKEND_EGL_DEVICE, LR_BACKEND_EGL_SURFACELESS,
                                     LR_BACKEND_GLFW};
    if (!name)
        return false;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if (strcmp(name, lr_backend_name(all[i])) == 0) {
            *out = all[i];
            return true;
        }
    }
    return false;
}

lr_context_desc lr_context_desc_default(int width, int height)
{
    lr_context_desc d;
    memset(&d, 0, sizeof d);
    d.backend = LR_BACKEND_AUTO;
    d.width = width;
    d.height = height;
    d.samples = 0;
    d.visible = false;
    d.title = "librender";
    return d;
}

static const char *egl_error_name(EGLint e)
{
    switch (e) {
    case EGL_SUCCESS: return "EGL_SUCCESS";
    case EGL_NOT_INITIALIZED: return "EGL_NOT_INITIALIZED";
    case EGL_BAD_ACCESS: return "EGL_BAD_ACCESS";
    case EGL_BAD_ALLOC: return "EGL_BAD_ALLOC";
    case EGL_BAD_ATTRIBUTE: return "EGL_BAD_ATTRIBUTE";
    case EGL_BAD_CONFIG: return "EGL_BAD_CONFIG";
    case EGL_BAD_CONTEXT: return "EGL_BAD_CONTEXT";
    case EGL_BAD_DISPLAY: return "EGL_BAD_DISPLAY";
    case EGL_BAD_MATCH: return "EGL_BAD_MATCH";
    case EGL_BAD_PARAMETER: return "EGL_BAD_PARAMETER";
    default: return "EGL error";
    }
}

static bool has_extension(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* Creates a GL 3.3 core context on an initialised display, current with no
 * surface. On failure writes why into `why` and terminates the display. */
static bool egl_create_on_display(lr_context *ctx, EGLDisplay dpy, char *why, size_t why_size)
{
    EGLint major = 0, minor = 0;
    /* A display is shared by every context on the same device: terminate
     * it on failure only if this call initialised it. */
    bool was_initialized = eglQueryString(dpy, EGL_VERSION) != NULL;
    (void)eglGetError(); /* the query above sets EGL_NOT_INITIALIZED */
    if (!eglInitialize(dpy, &major, &minor)) {
        snprintf(why, why_size, "eglInitialize failed (%s)", egl_error_name(eglGetError()));
        return false;
    }
    const char *exts = eglQueryString(dpy, EGL_EXTENSIONS);
    if (!has_extension(exts, "EGL_KHR_surfaceless_context")) {
        snprintf(why, why_size, "the display lacks EGL_KHR_surfaceless_context");
        if (!was_initialized)
            eglTerminate(dpy);
        return false;
    }
    if (!eglBindAPI(EGL_OPENGL_API)) {
        snprintf(why, why_size, "eglBindAPI(EGL_OPENGL_API) failed (%s)", egl_error_name(eglGetError()));
        if (!was_initialized)
            eglTerminate(dpy);
        return false;
    }
    EGLConfig config = NULL;
    EGLint nconfig = 0;
    const EGLint config_attrs[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
    if (!eglChooseConfig(dpy, config_attrs, &config, 1, &nconfig) || nconfig < 1) {
        if (!has_extension(exts, "EGL_KHR_no_config_context")) {
            snprintf(why, why_size, "no EGL config renders desktop OpenGL");
            if (!was_initialized)
            if (!was_initialized)
                eglTerminate(dpy);
            return false;
        }
        config = (EGLConfig)0; /* EGL_NO_CONFIG_KHR */
    }
    const EGLint ctx_attrs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3,
                                EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    EGLContext ec = eglCreateContext(dpy, config, EGL_NO_CONTEXT, ctx_attrs);
    if (ec == EGL_NO_CONTEXT) {
        snprintf(why, why_size, "eglCreateContext(OpenGL 3.3 core) failed (%s)", egl_error_name(eglGetError()));
        if (!was_initialized)
            eglTerminate(dpy);
        return false;
    }
    if (!eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ec)) {
        snprintf(why, why_size, "eglMakeCurrent failed (%s)", egl_error_name(eglGetError()));
        eglDestroyContext(dpy, ec);
        if (!was_initialized)
            eglTerminate(dpy);
        return false;
    }
    if (!gladLoadGLContext(&ctx->gl, (GLADloadfunc)eglGetProcAddress)) {
        snprintf(why, why_size, "could not load OpenGL 3.3 functions");
        eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(dpy, ec);
        if (!was_initialized)
            eglTerminate(dpy);
        return false;
    }
    ctx->dpy = dpy;
    ctx->egl_ctx = ec;
    return true;
}

static bool try_egl_device(lr_context *ctx, char *why, size_t why_size)
{
    const char *client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    /* NVIDIA's driver advertises enumeration through EGL_EXT_device_base, the
     * older extension that bundles device enumeration and query. */
    bool enumerate = has_extension(client, "EGL_EXT_device_enumeration") || has_extension(client, "EGL_EXT_device_base");
    if (!has_extension(client, "EGL_EXT_platform_device") || !enumerate) {
        snprintf(why, why_size, "EGL lacks %s", enumerate ? "EGL_EXT_platform_device"
                                                          : "EGL_EXT_device_enumeration and EGL_EXT_device_base");
        return false;
    }
    PFNEGLQUERYDEVICESEXTPROC query_devices = (PFNEGLQUERYDEVICESEXTPROC)eglGetProcAddress("eglQueryDevicesEXT");
    PFNEGLQUERYDEVICESTRINGEXTPROC query_string =
        (PFNEGLQUERYDEVICESTRINGEXTPROC)eglGetProcAddress("eglQueryDeviceStringEXT");
    PFNEGLGETPLATFORMDISPLAYEXTPROC get_display =
        (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
    if (!query_devices || !query_string || !get_display) {
        snprintf(why, why_size, "EGL device functions are missing");
        return false;
    }
    EGLDeviceEXT devices[16];
    EGLint ndev = 0;
    if (!query_devices(16, devices, &ndev) || ndev < 1) {
        snprintf(why, why_size, "no EGL device found");
        return false;
    }
    /* A real GPU: software devices (llvmpipe) are what surfaceless is for. */
    size_t used = 0;
    why[0] = '\0';
    for (EGLint i = 0; i < ndev; i++) {
        const char *dexts = query_string(devices[i], EGL_EXTENSIONS);
        if (has_extension(dexts, "EGL_MESA_device_software")) {
            used += (size_t)snprintf(why + used, used < why_size ? why_size - used : 0,
                                     "%sdevice %d is software", used ? "; " : "", (int)i);
            continue;
        }
        EGLDisplay dpy = get_display(EGL_PLATFORM_DEVICE_EXT, devices[i], NULL);
        if (dpy == EGL_NO_DISPLAY) {
            used += (size_t)snprintf(why + used, used < why_size ? why_size - used : 0,
                                     "%sdevice %d: no display", used ? "; " : "", (int)i);
            continue;
        }
        char sub[256];
        if (egl_create_on_display(ctx, dpy, sub, sizeof sub))
            return true;
        used += (size_t)snprintf(why + used, used < why_size ? why_size - used : 0, "%sdevice %d: %s",
                                 used ? "; " : "", (int)i, sub);
    }
    if (used == 0)
        snprintf(why, why_size, "no usable EGL device");
    return false;
}

static bool try_egl_surfaceless(lr_context *ctx, char *why, size_t why_size)
{
    const char *client = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    if (!has_extension(client, "EGL_MESA_platform_surfaceless")) {
        snprintf(why, why_size, "EGL lacks EGL_MESA_platform_surfaceless");
        return false;
    }
    PFNEGLGETPLATFORMDISPLAYEXTPROC get_display =
        (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
    if (!get_display) {
        snprintf(why, why_size, "eglGetPlatformDisplayEXT is missing");
        return false;
    }
    EGLDisplay dpy = get_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
    if (dpy == EGL_NO_DISPLAY) {
        snprintf(why, why_size, "no surfaceless display (%s)", egl_error_name(eglGetError()));
        return false;
    }
    return egl_create_on_display(ctx, dpy, why, why_size);
}

static bool try_glfw(lr_context *ctx, const lr_context_desc *desc, char *why, size_t why_size)
{
    if (!glfwInit()) {
        const char *msg = NULL;
        glfwGetError(&msg);
        snprintf(why, why_size, "glfwInit failed: %s", msg ? msg : "no display?");
        return false;
    }
    glfwDefaultWindowHints();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, desc->visible ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow *w = glfwCreateWindow(desc->width, desc->height, desc->title ? desc->title : "librender", NULL, NULL);
    if (!w) {
        const char *msg = NULL;
        glfwGetError(&msg);
        snprintf(why, why_size, "glfwCreateWindow(OpenGL 3.3 core) failed: %s", msg ? msg : "unknown");
        glfwTerminate();
        return false;
    }
    glfwMakeContextCurrent(w);
    if (!gladLoadGLContext(&ctx->gl, (GLADloadfunc)glfwGetProcAddress)) {
        snprintf(why, why_size, "could not load OpenGL 3.3 functions");
        glfwDestroyWindow(w);
        glfwTerminate();
        return false;
    }
    ctx->window = w;
    return true;
}

void lr_gpu_make_current(lr_context *ctx)
{
    if (ctx->window) {
        if (glfwGetCurrentContext() != ctx->window)
            glfwMakeContextCurrent(ctx->window);
    } else if (eglGetCurrentContext() != ctx->egl_ctx) {
        eglMakeCurrent(ctx->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx->egl_ctx);
    }
}

static void destroy_framebuffers(lr_context *ctx)
{
    GladGLContext *gl = &ctx->gl;
    lr_gpu_yuv_destroy(ctx);
    GLuint fbos[2] = {ctx->fbo, ctx->resolve_fbo};
    GLuint rbs[2] = {ctx->color_rb, ctx->depth_rb};
    gl->DeleteFramebuffers(2, fbos);
    gl->DeleteRenderbuffers(2, rbs);
    gl->DeleteTextures(1, &ctx->frame_tex);
    ctx->fbo = ctx->resolve_fbo = 0;
    ctx->color_rb = ctx->depth_rb = ctx->frame_tex = 0;
}

/* A single-sampled RGBA8 texture the size of the frame: the colour target
 * without MSAA, the resolve target with it. A texture rather than a
 * renderbuffer so that the YUV pass can sample the finished frame. */
static GLuint frame_texture_new(GladGLContext *gl, int w, int h)
{
    GLuint t = 0;
    gl->GenTextures(1, &t);
    gl->BindTexture(GL_TEXTURE_2D, t);
    gl->TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, 0);
    gl->BindTexture(GL_TEXTURE_2D, 0);
    return t;
}

static lr_status create_framebuffers(lr_context *ctx, lr_error *err)
{
    GladGLContext *gl = &ctx->gl;
    int w = ctx->width, h = ctx->height, s = ctx->samples;
    gl->GenFramebuffers(1, &ctx->fbo);
    gl->GenRenderbuffers(1, &ctx->depth_rb);
    ctx->frame_tex = frame_texture_new(gl, w, h);
    if (s > 1) {
        gl->GenRenderbuffers(1, &ctx->color_rb);
        gl->BindRenderbuffer(GL_RENDERBUFFER, ctx->color_rb);
        gl->RenderbufferStorageMultisample(GL_RENDERBUFFER, s, GL_RGBA8, w, h);
    }
    gl->BindRenderbuffer(GL_RENDERBUFFER, ctx->depth_rb);
    if (s > 1)
        gl->RenderbufferStorageMultisample(GL_RENDERBUFFER, s, GL_DEPTH24_STENCIL8, w, h);
    else
        gl->RenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, w, h);
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    if (s > 1)
        gl->FramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, ctx->color_rb);
    else
        gl->FramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, ctx->frame_tex, 0);
    gl->FramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, ctx->depth_rb);
    GLenum st = gl->CheckFramebufferStatus(GL_FRAMEBUFFER);
    if (st != GL_FRAMEBUFFER_COMPLETE) {
        destroy_framebuffers(ctx);
        return lr_error_set(err, LR_ERR_GL, "offscreen framebuffer %dx%d (%d samples) is incomplete (0x%x)", w, h, s,
                            (unsigned)st);
    }
    if (s > 1) {
        gl->GenFramebuffers(1, &ctx->resolve_fbo);
        gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->resolve_fbo);
        gl->FramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, ctx->frame_tex, 0);
        st = gl->CheckFramebufferStatus(GL_FRAMEBUFFER);
        if (st != GL_FRAMEBUFFER_COMPLETE) {
            destroy_framebuffers(ctx);
            return lr_error_set(err, LR_ERR_GL, "resolve framebuffer %dx%d is incomplete (0x%x)", w, h, (unsigned)st);
        }
    }
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    gl->Viewport(0, 0, w, h);
    /* Frames are drawn on these depth and stencil buffers as they are left
     * (layer.c), so this clear must reach them: a frame ends with depth
     * writes off. */
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->DepthMask(GL_TRUE);
    gl->StencilMask(0xFF);
    gl->ClearColor(0, 0, 0, 0);
    gl->ClearDepth(1.0);
    gl->ClearStencil(0);
    gl->Clear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);
    return LR_OK;
}

/* Sizes beyond this are almost certainly a mistake (and exceed common
 * GL_MAX_RENDERBUFFER_SIZE values). */
#define LR_MAX_FRAME_SIZE 16384

static lr_status check_size(int width, int height, lr_error *err)
{
    if (width < 1 || height < 1 || width > LR_MAX_FRAME_SIZE || height > LR_MAX_FRAME_SIZE)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "frame size %dx%d: expected 1..%d pixels each way", width,
                            height, LR_MAX_FRAME_SIZE);
    return LR_OK;
}

static void release_gl_context(lr_context *ctx)
{
    if (ctx->window) {
        glfwDestroyWindow(ctx->window);
        /* GLFW is a process-wide library: one GLFW context at a time. */
        glfwTerminate();
        ctx->window = NULL;
    }
    if (ctx->egl_ctx) {
        if (eglGetCurrentContext() == ctx->egl_ctx)
            eglMakeCurrent(ctx->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(ctx->dpy, ctx->egl_ctx);
        /* Not eglTerminate: displays are shared per device within the
         * process, and terminating would break other contexts on it. */
        ctx->egl_ctx = NULL;
    }
}

lr_status lr_context_create(const lr_context_desc *desc, lr_context **out, lr_error *err)
{
    if (!desc || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_context_create: desc and out must not be NULL");
    *out = NULL;
    lr_status s = check_size(desc->width, desc->height, err);
    if (s != LR_OK)
        return s;

    lr_backend want = desc->backend;
    if (want == LR_BACKEND_AUTO) {
        const char *env = getenv("LR_BACKEND");
        if (env && *env && !lr_backend_parse(env, &want))
            return lr_error_set(err, LR_ERR_INVALID_ARG,
                                "LR_BACKEND=\"%s\": expected auto, egl-device, egl-surfaceless or glfw", env);
    }
    lr_backend order[2];
    int norder = 0;
    if (want == LR_BACKEND_AUTO) {
        order[norder++] = LR_BACKEND_EGL_DEVICE;
        order[norder++] = LR_BACKEND_EGL_SURFACELESS;
    } else {
        order[norder++] = want;
    }

    lr_context *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory for the context");
    char tried[900] = "";
    size_t used = 0;
    bool ok = false;
    for (int i = 0; i < norder && !ok; i++) {
        char why[400] = "";
        switch (order[i]) {
        case LR_BACKEND_EGL_DEVICE: ok = try_egl_device(ctx, why, sizeof why); break;
        case LR_BACKEND_EGL_SURFACELESS: ok = try_egl_surfaceless(ctx, why, sizeof why); break;
        case LR_BACKEND_GLFW: ok = try_glfw(ctx, desc, why, sizeof why); break;
        case LR_BACKEND_AUTO: break;
        }
        if (ok)
            ctx->backend = order[i];
        else if (used < sizeof tried)
            used += (size_t)snprintf(tried + used, sizeof tried - used, "%s%s: %s", used ? "; " : "",
                                     lr_backend_name(order[i]), why);
    }
    if (!ok) {
        free(ctx);
        return lr_error_set(err, LR_ERR_NO_CONTEXT, "no OpenGL 3.3 core context: %s", tried);
    }

    GladGLContext *gl = &ctx->gl;
    snprintf(ctx->renderer, sizeof ctx->renderer, "%s", (const char *)gl->GetString(GL_RENDERER));
    snprintf(ctx->version, sizeof ctx->version, "%s", (const char *)gl->GetString(GL_VERSION));
    ctx->width = desc->width;
    ctx->height = desc->height;
    GLint max_samples = 1;
    gl->GetIntegerv(GL_MAX_SAMPLES, &max_samples);
    ctx->samples = desc->samples > 1 ? desc->samples : 1;
    ctx->full_redraw = desc->full_redraw;
    if (ctx->samples > max_samples)
        ctx->samples = max_samples > 1 ? max_samples : 1;

    s = create_framebuffers(ctx, err);
    if (s == LR_OK)
        s = lr_gpu_renderer_init(ctx, err);
    if (s != LR_OK) {
        lr_context_destroy(ctx);
        return s;
    }
    *out = ctx;
    return LR_OK;
}

void lr_context_destroy(lr_context *ctx)
{
    if (!ctx)
        return;
    lr_gpu_make_current(ctx);
    lr_gpu_renderer_destroy(ctx);
    destroy_framebuffers(ctx);
    release_gl_context(ctx);
    free(ctx);
}

void lr_context_release_current(lr_context *ctx)
{
    if (ctx && ctx->egl_ctx && eglGetCurrentContext() == ctx->egl_ctx)
        eglMakeCurrent(ctx->dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
}

lr_backend lr_context_backend(const lr_context *ctx) { return ctx->backend; }
const char *lr_context_renderer(const lr_context *ctx) { return ctx->renderer; }
const char *lr_context_gl_version(const lr_context *ctx) { return ctx->version; }
int lr_context_samples(const lr_context *ctx) { return ctx->samples; }

bool lr_context_is_software(const lr_context *ctx)
{
    return strstr(ctx->renderer, "llvmpipe") || strstr(ctx->renderer, "softpipe") ||
           strstr(ctx->renderer, "Software Rasterizer") || strstr(ctx->renderer, "swrast");
}

void lr_context_size(const lr_context *ctx, int *width, int *height)
{
    if (width)
        *width = ctx->width;
    if (height)
        *height = ctx->height;
}

lr_status lr_context_resize(lr_context *ctx, int width, int height, lr_error *err)
{
    lr_status s = check_size(width, height, err);
    if (s != LR_OK)
        return s;
    if (width == ctx->width && height == ctx->height)
        return LR_OK;
    lr_gpu_make_current(ctx);
    destroy_framebuffers(ctx);
    ctx->layer.has_previous = false; /* the new framebuffer holds no frame */
    ctx->width = width;
    ctx->height = height;
    if (ctx->window)
        glfwSetWindowSize(ctx->window, width, height);
    return create_framebuffers(ctx, err);
}

lr_status lr_context_draw(lr_context *ctx, const lr_scene *scene, lr_error *err)
{
    if (!ctx || !scene)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_context_draw: ctx and scene must not be NULL");
    lr_gpu_make_current(ctx);
    return lr_gpu_render_scene(ctx, scene, err);
}

void lr_gpu_unpremultiply(uint8_t *pixels, int width, int height, ptrdiff_t stride)
{
    for (int y = 0; y < height; y++) {
        uint8_t *p = pixels + (ptrdiff_t)y * stride;
        for (int x = 0; x < width; x++, p += 4) {
            unsigned a = p[3];
            if (a == 0 || a == 255)
                continue;
            for (int c = 0; c < 3; c++) {
                unsigned v = (p[c] * 255u + a / 2u) / a;
                p[c] = (uint8_t)(v > 255u ? 255u : v);
            }
        }
    }
}

void lr_gpu_bind_frame_for_read(lr_context *ctx)
{
    GladGLContext *gl = &ctx->gl;
    int w = ctx->width, h = ctx->height;
    gl->BindFramebuffer(GL_READ_FRAMEBUFFER, ctx->fbo);
    if (ctx->samples > 1) {
        gl->BindFramebuffer(GL_DRAW_FRAMEBUFFER, ctx->resolve_fbo);
        gl->BlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
        gl->BindFramebuffer(GL_READ_FRAMEBUFFER, ctx->resolve_fbo);
    }
}

lr_status lr_context_read(lr_context *ctx, lr_image *out, lr_error *err)
{
    if (!ctx || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_context_read: ctx and out must not be NULL");
    lr_gpu_make_current(ctx);
    double t0 = lr_gpu_now_ms();
    int w = ctx->width, h = ctx->height;
    if (!out->pixels || out->width != w || out->height != h || out->stride != w * 4) {
        lr_image_free(out);
        if (lr_image_alloc(out, w, h) != LR_OK)
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory for a %dx%d image", w, h);
    }
    GladGLContext *gl = &ctx->gl;
    lr_gpu_bind_frame_for_read(ctx);
    gl->PixelStorei(GL_PACK_ALIGNMENT, 4);
    gl->ReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, out->pixels);
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);

    /* GL rows run bottom-up; lr_image rows top-down. */
    size_t row = (size_t)w * 4u;
    uint8_t *tmp = malloc(row);
    if (!tmp)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    for (int y = 0; y < h / 2; y++) {
        uint8_t *a = out->pixels + (size_t)y * (size_t)out->stride;
        uint8_t *b = out->pixels + (size_t)(h - 1 - y) * (size_t)out->stride;
        memcpy(tmp, a, row);
        memcpy(a, b, row);
        memcpy(b, tmp, row);
    }
    free(tmp);
    /* The frame holds premultiplied colour; lr_image is straight alpha.
     * Only a translucent background can leave alpha below 255. */
    if (ctx->background_translucent)
        lr_gpu_unpremultiply(out->pixels, w, h, out->stride);
    ctx->timing.read_ms = lr_gpu_now_ms() - t0;
    return LR_OK;
}

lr_status lr_context_render(lr_context *ctx, const lr_scene *scene, lr_image *out, lr_error *err)
{
    lr_status s = lr_context_draw(ctx, scene, err);
    if (s != LR_OK)
        return s;
    return lr_context_read(ctx, out, err);
}

void lr_context_enable_timing(lr_context *ctx, bool enable) { ctx->timing_enabled = enable; }
lr_frame_timing lr_context_last_timing(const lr_context *ctx) { return ctx->timing; }
