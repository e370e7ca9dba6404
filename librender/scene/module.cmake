list(APPEND LR_SOURCES scene/mobject.c scene/draw_list.c scene/mesh.c)
