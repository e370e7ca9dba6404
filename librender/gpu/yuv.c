/* The YUV pass: the finished frame, converted to planar 4:2:0 on the GPU
 * (shaders/yuv/), so that readback moves 1.5 bytes a pixel instead of 4 and
 * no CPU thread converts colours. */
#include "gpu/gpu_internal.h"

void lr_gpu_yuv_destroy(lr_context *ctx)
{
    GladGLContext *gl = &ctx->gl;
    for (int i = 0; i < 2; i++)
        if (ctx->yuv_prog[i])
            gl->DeleteProgram(ctx->yuv_prog[i]);
    if (ctx->yuv_fbo)
        gl->DeleteFramebuffers(1, &ctx->yuv_fbo);
    if (ctx->yuv_tex)
        gl->DeleteTextures(1, &ctx->yuv_tex);
    ctx->yuv_prog[0] = ctx->yuv_prog[1] = ctx->yuv_fbo = ctx->yuv_tex = 0;
    ctx->yuv_width = ctx->yuv_height = 0;
}

static lr_status yuv_target(lr_context *ctx, int variant, lr_error *err)
{
    GladGLContext *gl = &ctx->gl;
    if (!ctx->yuv_prog[variant]) {
        const char *parts[2] = {variant ? "yuv/straight.glsl" : "yuv/opaque.glsl", "yuv/yuv.frag"};
        GLuint p = 0;
        lr_status s = lr_gpu_program_link(gl, "yuv/yuv.vert", parts, 2, &p, err);
        if (s != LR_OK)
            return s;
        ctx->yuv_prog[variant] = p;
        ctx->yuv_u_frame[variant] = gl->GetUniformLocation(p, "u_frame");
        ctx->yuv_u_size[variant] = gl->GetUniformLocation(p, "u_size");
        ctx->yuv_u_nv12[variant] = gl->GetUniformLocation(p, "u_nv12");
    }
    if (ctx->yuv_fbo && ctx->yuv_width == ctx->width && ctx->yuv_height == ctx->height)
        return LR_OK;
    if (ctx->yuv_fbo) {
        gl->DeleteFramebuffers(1, &ctx->yuv_fbo);
        gl->DeleteTextures(1, &ctx->yuv_tex);
        ctx->yuv_fbo = ctx->yuv_tex = 0;
    }
    int w = ctx->width, h = ctx->height + ctx->height / 2;
    gl->GenTextures(1, &ctx->yuv_tex);
    gl->BindTexture(GL_TEXTURE_2D, ctx->yuv_tex);
    gl->TexImage2D(GL_TEXTURE_2D, 0, GL_R8, w, h, 0, GL_RED, GL_UNSIGNED_BYTE, NULL);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    gl->BindTexture(GL_TEXTURE_2D, 0);
    gl->GenFramebuffers(1, &ctx->yuv_fbo);
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->yuv_fbo);
    gl->FramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, ctx->yuv_tex, 0);
    GLenum st = gl->CheckFramebufferStatus(GL_FRAMEBUFFER);
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    if (st != GL_FRAMEBUFFER_COMPLETE) {
        lr_gpu_yuv_destroy(ctx);
        return lr_error_set(err, LR_ERR_GL, "YUV target %dx%d (R8) is incomplete (0x%x)", w, h, (unsigned)st);
    }
    ctx->yuv_width = ctx->width;
    ctx->yuv_height = ctx->height;
    return LR_OK;
}

lr_status lr_gpu_yuv_convert(lr_context *ctx, bool nv12, lr_error *err)
{
    if (ctx->width % 2 || ctx->height % 2)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "YUV 4:2:0 readback needs an even frame size, not %dx%d",
                            ctx->width, ctx->height);
    int variant = ctx->background_translucent ? 1 : 0;
    lr_status s = yuv_target(ctx, variant, err);
    if (s != LR_OK)
        return s;
    GladGLContext *gl = &ctx->gl;
    int w = ctx->width, h = ctx->height;
    if (ctx->samples > 1)
        lr_gpu_bind_frame_for_read(ctx); /* the pass samples the resolved texture */
    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->yuv_fbo);
    gl->Viewport(0, 0, w, h + h / 2);
    gl->Disable(GL_BLEND);
    gl->Disable(GL_DEPTH_TEST);
    gl->Disable(GL_STENCIL_TEST);
    gl->Disable(GL_SCISSOR_TEST);
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->UseProgram(ctx->yuv_prog[variant]);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_FRAME);
    gl->BindTexture(GL_TEXTURE_2D, ctx->frame_tex);
    gl->Uniform1i(ctx->yuv_u_frame[variant], LR_UNIT_FRAME);
    gl->Uniform2i(ctx->yuv_u_size[variant], w, h);
    gl->Uniform1i(ctx->yuv_u_nv12[variant], nv12 ? 1 : 0);
    gl->BindVertexArray(ctx->vao);
    gl->DrawArrays(GL_TRIANGLES, 0, 3);
    /* The frame texture must not stay bound while the next frame renders
     * into it (a feedback loop for drivers that check). */
    gl->BindTexture(GL_TEXTURE_2D, 0);
    gl->ActiveTexture(GL_TEXTURE0);
    gl->UseProgram(0);
    gl->BindFramebuffer(GL_DRAW_FRAMEBUFFER, ctx->fbo);
    gl->BindFramebuffer(GL_READ_FRAMEBUFFER, ctx->yuv_fbo);
    gl->Viewport(0, 0, w, h);
    return LR_OK;
}
