list(APPEND LR_SOURCES anim/rate.c anim/anim.c anim/timeline.c)
