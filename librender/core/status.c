#include <librender/lr_base.h>

#include <stdarg.h>
#include <stdio.h>

const char *lr_strerror(lr_status status)
{
    switch (status) {
    case LR_OK: return "success";
    case LR_ERR_NOMEM: return "out of memory";
    case LR_ERR_INVALID_ARG: return "invalid argument";
    case LR_ERR_IO: return "input/output error";
    case LR_ERR_NO_CONTEXT: return "no OpenGL 3.3 core context could be created";
    case LR_ERR_GL: return "OpenGL error";
    case LR_ERR_SPEC: return "invalid scene spec";
    case LR_ERR_ENCODER: return "video encoder error";
    case LR_ERR_FONT: return "font error";
    case LR_ERR_TEX: return "LaTeX error";
    case LR_ERR_SVG: return "invalid SVG";
    case LR_ERR_IMAGE: return "image decoding error";
    case LR_ERR_LIMIT: return "resource limit exceeded";
    case LR_ERR_UNSUPPORTED: return "not supported";
    case LR_ERR_CANCELLED: return "cancelled";
    }
    return "unknown status";
}

lr_status lr_error_set(lr_error *err, lr_status status, const char *fmt, ...)
{
    if (err) {
        err->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

const char *lr_version(void)
{
    return LR_VERSION_STRING;
}
