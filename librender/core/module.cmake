list(APPEND LR_SOURCES core/status.c core/affine.c core/color.c core/image.c core/grow.c core/log.c core/file.c core/cache.c core/sandbox.c core/dynlib.c)
list(APPEND LR_DEPS PkgConfig::STB ${CMAKE_DL_LIBS})
