list(APPEND LR_SOURCES audio/pcm.c audio/tts.c audio/tts_espeak.c audio/tts_command.c audio/subtitles.c)
list(APPEND LR_DEPS PkgConfig::ESPEAK PkgConfig::SWRESAMPLE PkgConfig::EBUR128)
