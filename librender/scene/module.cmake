list(APPEND LR_SOURCES scene/mobject.c scene/draw_list.c scene/mesh.c scene/mesh_flat.c)
list(APPEND LR_DEPS PkgConfig::GLU)
