list(APPEND LR_SOURCES video/video.c)
list(APPEND LR_SOURCES video/narrate.c)
list(APPEND LR_SOURCES video/output.c)
list(APPEND LR_SOURCES video/clip_cache.c)
