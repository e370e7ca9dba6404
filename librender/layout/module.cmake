list(APPEND LR_SOURCES layout/report.c layout/spec_report.c)
list(APPEND LR_DEPS PkgConfig::CJSON)
