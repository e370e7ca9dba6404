list(APPEND LR_SOURCES encode/mux.c encode/convert.c encode/encoder.c encode/concat.c)
list(APPEND LR_SOURCES encode/audio_encode.c encode/log.c encode/gif.c)
list(APPEND LR_DEPS PkgConfig::AVCODEC PkgConfig::AVFORMAT PkgConfig::AVUTIL PkgConfig::SWSCALE)
# libavfilter is opened by gif.c when a GIF is written, not linked (see
# core/dynlib.h): only its headers are needed here.
list(APPEND LR_HEADER_DEPS PkgConfig::AVFILTER)
# The RGBA -> YUV loop is what -O3's vectoriser is for (see convert.c).
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/convert.c PROPERTIES COMPILE_OPTIONS "-O3")
