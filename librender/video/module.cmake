list(APPEND LR_SOURCES video/video.c)
