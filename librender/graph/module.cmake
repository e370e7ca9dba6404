list(APPEND LR_SOURCES graph/layout.c)
# igraph is opened by layout.c when a layout needs it (core/dynlib.h).
list(APPEND LR_HEADER_DEPS PkgConfig::IGRAPH)
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/layout.c PROPERTIES
  COMPILE_DEFINITIONS LR_IGRAPH_LIBRARY="${IGRAPH_SONAME}")
