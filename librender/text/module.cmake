list(APPEND LR_SOURCES text/text.c)
list(APPEND LR_DEPS PkgConfig::FREETYPE PkgConfig::HARFBUZZ PkgConfig::FONTCONFIG PkgConfig::FRIBIDI)
