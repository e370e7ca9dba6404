list(APPEND LR_SOURCES spec/expr.c spec/expr_glsl.c spec/layout.c spec/errors.c spec/load.c spec/vocab.c spec/exprs.c spec/schema.c spec/reference.c spec/validate.c spec/build.c spec/build_objects.c spec/build_fields.c spec/build_maps.c spec/build_marks.c spec/build_charts.c spec/build_code.c spec/build_axes.c spec/build_three_d.c spec/build_flat3d.c spec/build_function_image.c spec/live.c spec/tex_parts.c spec/graph_names.c spec/build_graph.c)
list(APPEND LR_DEPS PkgConfig::CJSON)
list(APPEND LR_SOURCES spec/timing.c)
list(APPEND LR_SOURCES spec/build_boolops.c)
