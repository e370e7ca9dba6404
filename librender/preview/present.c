/* The window side of the preview: the rendered frame and the overlay are
 * copied out of the context's offscreen framebuffer into two textures, then
 * drawn as letterboxed quads into the window. The offscreen frame itself is
 * untouched by the window's size, so it stays the headless render's pixels. */
#include "preview/preview_internal.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <stdlib.h>
#include <string.h>

void lr_preview_make_current(lr_preview *pv)
{
    /* Unconditionally: another GL context (a headless EGL render in the same
     * thread) may have been made current behind GLFW's back, and GLFW's own
     * record of the current window would not know. */
    glfwMakeContextCurrent(pv->ctx->window);
}

static lr_status make_target(GladGLContext *gl, GLuint *fbo, GLuint *tex, int w, int h, lr_error *err)
{
    gl->GenTextures(1, tex);
    gl->BindTexture(GL_TEXTURE_2D, *tex);
    gl->TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    gl->GenFramebuffers(1, fbo);
    gl->BindFramebuffer(GL_FRAMEBUFFER, *fbo);
    gl->FramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, *tex, 0);
    GLenum st = gl->CheckFramebufferStatus(GL_FRAMEBUFFER);
    gl->ClearColor(0, 0, 0, 0);
    gl->Clear(GL_COLOR_BUFFER_BIT);
    if (st != GL_FRAMEBUFFER_COMPLETE)
        return lr_error_set(err, LR_ERR_GL, "preview texture framebuffer %dx%d is incomplete (0x%x)", w, h,
                            (unsigned)st);
    return LR_OK;
}

lr_status lr_present_init(lr_preview *pv, lr_error *err)
{
    lr_present *p = &pv->present;
    lr_preview_make_current(pv);
    GladGLContext *gl = &pv->ctx->gl;
    p->tex_width = pv->width;
    p->tex_height = pv->height;
    lr_status s = make_target(gl, &p->scene_fbo, &p->scene_tex, pv->width, pv->height, err);
    if (s == LR_OK)
        s = make_target(gl, &p->overlay_fbo, &p->overlay_tex, pv->width, pv->height, err);
    if (s != LR_OK)
        return s;
    /* A textured quad is all the compositing needs (shaders/preview/). */
    static const char *const frag[] = {"preview/quad.frag"};
    s = lr_gpu_program_link(gl, "preview/quad.vert", frag, 1, &p->program, err);
    if (s != LR_OK)
        return s;
    p->u_rect = gl->GetUniformLocation(p->program, "u_rect");
    p->u_tex = gl->GetUniformLocation(p->program, "u_tex");
    gl->GenVertexArrays(1, &p->vao);
    return LR_OK;
}

void lr_present_destroy(lr_preview *pv)
{
    lr_present *p = &pv->present;
    if (!pv->ctx)
        return;
    lr_preview_make_current(pv);
    GladGLContext *gl = &pv->ctx->gl;
    GLuint fbos[2] = {p->scene_fbo, p->overlay_fbo};
    GLuint texs[2] = {p->scene_tex, p->overlay_tex};
    gl->DeleteFramebuffers(2, fbos);
    gl->DeleteTextures(2, texs);
    if (p->program)
        gl->DeleteProgram(p->program);
    if (p->vao)
        gl->DeleteVertexArrays(1, &p->vao);
    memset(p, 0, sizeof *p);
}

lr_status lr_present_grab(lr_preview *pv, bool overlay, lr_error *err)
{
    lr_context *ctx = pv->ctx;
    GladGLContext *gl = &ctx->gl;
    int w = pv->present.tex_width, h = pv->present.tex_height;
    /* A blit from the multisampled frame also resolves it. */
    gl->BindFramebuffer(GL_READ_FRAMEBUFFER, ctx->fbo);
    gl->BindFramebuffer(GL_DRAW_FRAMEBUFFER, overlay ? pv->present.overlay_fbo : pv->present.scene_fbo);
    gl->BlitFramebuffer(0, 0, w, h, 0, 0, w, h, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    GLenum e = gl->GetError();
    if (e != GL_NO_ERROR)
        return lr_error_set(err, LR_ERR_GL, "copying the frame into the preview texture failed (GL error 0x%x)",
                            (unsigned)e);
    return LR_OK;
}

void lr_present_clear_overlay(lr_preview *pv)
{
    GladGLContext *gl = &pv->ctx->gl;
    gl->BindFramebuffer(GL_FRAMEBUFFER, pv->present.overlay_fbo);
    gl->ClearColor(0, 0, 0, 0);
    gl->Clear(GL_COLOR_BUFFER_BIT);
    gl->BindFramebuffer(GL_FRAMEBUFFER, pv->ctx->fbo);
}

static void framebuffer_size(const lr_preview *pv, int *fw, int *fh)
{
    glfwGetFramebufferSize(pv->ctx->window, fw, fh);
    if (*fw < 1)
        *fw = 1;
    if (*fh < 1)
        *fh = 1;
}

void lr_present_viewport(const lr_preview *pv, int *x, int *y, int *w, int *h)
{
    int fw, fh;
    framebuffer_size(pv, &fw, &fh);
    double sx = (double)fw / pv->width, sy = (double)fh / pv->height;
    double k = sx < sy ? sx : sy;
    int vw = (int)(pv->width * k + 0.5), vh = (int)(pv->height * k + 0.5);
    if (vw < 1)
        vw = 1;
    if (vh < 1)
        vh = 1;
    *x = (fw - vw) / 2;
    *y = (fh - vh) / 2;
    *w = vw;
    *h = vh;
}

void lr_present_compose(lr_preview *pv)
{
    lr_present *p = &pv->present;
    GladGLContext *gl = &pv->ctx->gl;
    int fw, fh, x, y, w, h;
    framebuffer_size(pv, &fw, &fh);
    lr_present_viewport(pv, &x, &y, &w, &h);
    gl->BindFramebuffer(GL_FRAMEBUFFER, 0);
    gl->Disable(GL_DEPTH_TEST);
    gl->Disable(GL_STENCIL_TEST);
    gl->Disable(GL_SCISSOR_TEST);
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->Viewport(0, 0, fw, fh);
    /* The letterbox bars: a grey distinct from any black background. */
    gl->ClearColor(0.12f, 0.12f, 0.12f, 1.0f);
    gl->Clear(GL_COLOR_BUFFER_BIT);
    gl->Viewport(x, fh - y - h, w, h);
    gl->UseProgram(p->program);
    gl->BindVertexArray(p->vao);
    gl->ActiveTexture(GL_TEXTURE0);
    gl->Uniform1i(p->u_tex, 0);
    gl->Uniform4f(p->u_rect, -1.0f, -1.0f, 1.0f, 1.0f);
    gl->Disable(GL_BLEND);
    gl->BindTexture(GL_TEXTURE_2D, p->scene_tex);
    gl->DrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    if (pv->overlay_present) {
        /* The overlay holds premultiplied colour over a transparent clear. */
        gl->Enable(GL_BLEND);
        gl->BlendEquation(GL_FUNC_ADD);
        gl->BlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        gl->BindTexture(GL_TEXTURE_2D, p->overlay_tex);
        gl->DrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    }
    gl->BindTexture(GL_TEXTURE_2D, 0);
    gl->BindVertexArray(0);
    gl->UseProgram(0);
    gl->Viewport(0, 0, pv->ctx->width, pv->ctx->height);
}

static lr_status read_rows(GladGLContext *gl, int w, int h, lr_image *out, lr_error *err)
{
    if (!out->pixels || out->width != w || out->height != h || out->stride != w * 4) {
        lr_image_free(out);
        if (lr_image_alloc(out, w, h) != LR_OK)
            return lr_error_set(err, LR_ERR_NOMEM, "out of memory for a %dx%d image", w, h);
    }
    gl->PixelStorei(GL_PACK_ALIGNMENT, 4);
    gl->ReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, out->pixels);
    GLenum e = gl->GetError();
    if (e != GL_NO_ERROR)
        return lr_error_set(err, LR_ERR_GL, "reading the preview back failed (GL error 0x%x)", (unsigned)e);
    /* GL rows run bottom-up; lr_image rows top-down. */
    size_t row = (size_t)w * 4u;
    for (int y = 0; y < h / 2; y++) {
        uint8_t *a = out->pixels + (size_t)y * row, *b = out->pixels + (size_t)(h - 1 - y) * row;
        for (size_t i = 0; i < row; i++) {
            uint8_t t = a[i];
            a[i] = b[i];
            b[i] = t;
        }
    }
    return LR_OK;
}

lr_status lr_present_read_scene(lr_preview *pv, lr_image *out, lr_error *err)
{
    lr_preview_make_current(pv);
    GladGLContext *gl = &pv->ctx->gl;
    gl->BindFramebuffer(GL_READ_FRAMEBUFFER, pv->present.scene_fbo);
    lr_status s = read_rows(gl, pv->present.tex_width, pv->present.tex_height, out, err);
    gl->BindFramebuffer(GL_FRAMEBUFFER, pv->ctx->fbo);
    if (s != LR_OK || !pv->scene || lr_scene_get_background(pv->scene).a >= 1.0f)
        return s;
    /* As lr_context_read: the frame is premultiplied, lr_image straight. */
    lr_gpu_unpremultiply(out->pixels, out->width, out->height, out->stride);
    return LR_OK;
}

lr_status lr_present_read_window(lr_preview *pv, lr_image *out, lr_error *err)
{
    lr_preview_make_current(pv);
    GladGLContext *gl = &pv->ctx->gl;
    int fw, fh;
    framebuffer_size(pv, &fw, &fh);
    lr_present_compose(pv);
    gl->BindFramebuffer(GL_READ_FRAMEBUFFER, 0);
    gl->ReadBuffer(GL_BACK);
    lr_status s = read_rows(gl, fw, fh, out, err);
    gl->BindFramebuffer(GL_FRAMEBUFFER, pv->ctx->fbo);
    if (s == LR_OK)
        for (size_t i = 3; i < (size_t)out->stride * (size_t)out->height; i += 4)
            out->pixels[i] = 255; /* the window may have no alpha channel */
    return s;
}
