list(APPEND LR_SOURCES preview/preview.c preview/overlay.c preview/present.c)
list(APPEND LR_DEPS PkgConfig::GLFW PkgConfig::CJSON)
