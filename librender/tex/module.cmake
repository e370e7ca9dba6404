list(APPEND LR_SOURCES tex/tex.c)
