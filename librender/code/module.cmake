list(APPEND LR_SOURCES code/code.c)
list(APPEND LR_DEPS PkgConfig::EXPAT)
