# Every dependency comes from a Debian 12 package, found through pkg-config.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
# <PREFIX>_SONAME: the soname of the first library pkg-config named for
# <PREFIX>, for a library librender opens at run time (core/dynlib.h).
function(c2v_soname prefix)
  list(GET ${prefix}_LINK_LIBRARIES 0 file)
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p ${file} OUTPUT_VARIABLE dump)
  if(NOT dump MATCHES "SONAME +([^ \n]+)")
    message(FATAL_ERROR "no soname in ${file}")
  endif()
  set(${prefix}_SONAME ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()

pkg_check_modules(EGL REQUIRED IMPORTED_TARGET egl)
pkg_check_modules(GLFW REQUIRED IMPORTED_TARGET glfw3)
pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
pkg_check_modules(HARFBUZZ REQUIRED IMPORTED_TARGET harfbuzz)
pkg_check_modules(FONTCONFIG REQUIRED IMPORTED_TARGET fontconfig)
# Bidirectional text (librender/text): levels and mirroring by FriBidi.
pkg_check_modules(FRIBIDI REQUIRED IMPORTED_TARGET fribidi)
pkg_check_modules(EXPAT REQUIRED IMPORTED_TARGET expat)
# Boolean operations on shapes (librender/geometry/boolean.c): GEOS's C API.
pkg_check_modules(GEOS REQUIRED IMPORTED_TARGET geos)
# 2D objects placed in 3D (librender/scene/mesh_flat.c): fills triangulated by GLU's tessellator.
pkg_check_modules(GLU REQUIRED IMPORTED_TARGET glu)
pkg_check_modules(CJSON REQUIRED IMPORTED_TARGET libcjson)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(AVCODEC REQUIRED IMPORTED_TARGET libavcodec)
pkg_check_modules(AVFORMAT REQUIRED IMPORTED_TARGET libavformat)
pkg_check_modules(AVUTIL REQUIRED IMPORTED_TARGET libavutil)
pkg_check_modules(SWSCALE REQUIRED IMPORTED_TARGET libswscale)
# GIF palettes (librender/encode/gif.c): palettegen and paletteuse.
pkg_check_modules(AVFILTER REQUIRED IMPORTED_TARGET libavfilter)
pkg_check_modules(STB REQUIRED IMPORTED_TARGET stb)
# Graph layouts (librender/graph): Fruchterman-Reingold, Kamada-Kawai, Reingold-Tilford, Sugiyama.
pkg_check_modules(IGRAPH REQUIRED IMPORTED_TARGET igraph)
c2v_soname(IGRAPH)
find_library(MATH_LIB m REQUIRED)
# Narration (librender/audio): speech, resampling, loudness.
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
c2v_soname(ESPEAK)
pkg_check_modules(SWRESAMPLE REQUIRED IMPORTED_TARGET libswresample)
pkg_check_modules(EBUR128 REQUIRED IMPORTED_TARGET libebur128)
