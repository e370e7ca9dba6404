list(APPEND LR_SOURCES geometry/path.c geometry/path_shapes.c geometry/path_measure.c geometry/path_edit.c
     geometry/path_map.c geometry/shapes.c geometry/boolean.c)
list(APPEND LR_DEPS PkgConfig::GEOS)
