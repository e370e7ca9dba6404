list(APPEND LR_SOURCES gpu/context.c gpu/renderer.c gpu/quads.c gpu/readback.c gpu/yuv.c gpu/layer.c gpu/mesh3d.c gpu/function_image.c)
list(APPEND LR_DEPS PkgConfig::EGL PkgConfig::GLFW)
