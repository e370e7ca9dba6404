list(APPEND LR_SOURCES encode/mux.c encode/convert.c encode/encoder.c encode/concat.c)
list(APPEND LR_SOURCES encode/audio_encode.c)
list(APPEND LR_DEPS PkgConfig::AVCODEC PkgConfig::AVFORMAT PkgConfig::AVUTIL PkgConfig::SWSCALE)
