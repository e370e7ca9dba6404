list(APPEND LR_SOURCES tex/tex.c tex/filter.c tex/parts.c)
