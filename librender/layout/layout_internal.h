#ifndef LR_LAYOUT_INTERNAL_H
#define LR_LAYOUT_INTERNAL_H

#include <cjson/cJSON.h>
#include <librender/lr_layout.h>

/* The report as a cJSON object {"objects": [...], "problems": [...]}, or NULL
 * when memory runs out. */
cJSON *lr_layout_report_json_object(const lr_layout_report *report);

#endif
