/* Shaders embedded at build time from shaders/ (cmake/embed_shaders.cmake). */
#ifndef LR_GPU_SHADER_SOURCE_H
#define LR_GPU_SHADER_SOURCE_H

/* The source of shaders/<name> ("fill/stencil.vert"), or NULL. */
const char *lr_shader_source(const char *name);

#endif
