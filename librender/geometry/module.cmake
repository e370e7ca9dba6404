list(APPEND LR_SOURCES geometry/path.c geometry/path_shapes.c geometry/path_measure.c geometry/path_edit.c
     geometry/path_map.c geometry/shapes.c geometry/boolean.c)
# GEOS is opened by boolean.c when an operation needs it (core/dynlib.h).
list(APPEND LR_HEADER_DEPS PkgConfig::GEOS)
