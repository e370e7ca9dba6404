list(APPEND LR_SOURCES graph/layout.c)
list(APPEND LR_DEPS PkgConfig::IGRAPH)
