list(APPEND LR_SOURCES anim/rate.c anim/anim.c anim/anim_mesh.c anim/timeline.c)
