list(APPEND LR_SOURCES svg/svg_path.c svg/svg_load.c)
list(APPEND LR_DEPS PkgConfig::EXPAT)
