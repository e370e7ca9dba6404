list(APPEND LR_SOURCES audio/pcm.c audio/tts.c audio/tts_espeak.c audio/tts_command.c audio/subtitles.c)
list(APPEND LR_DEPS PkgConfig::SWRESAMPLE PkgConfig::EBUR128)
# espeak-ng (and its audio-device libraries) is opened by tts_espeak.c when a
# narration is first spoken (core/dynlib.h).
list(APPEND LR_HEADER_DEPS PkgConfig::ESPEAK)
set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/tts_espeak.c PROPERTIES
  COMPILE_DEFINITIONS LR_ESPEAK_LIBRARY="${ESPEAK_SONAME}")
