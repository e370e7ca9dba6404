/* The scene spec loader and validator: any text, never a crash. A spec that
 * loads is walked through every accessor, the way c2v-render reads it. */
#include "fuzz_util.h"

#include "librender/lr_spec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *json = fuzz_cstring(data, size);
    if (!json)
        return 0;
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    if (lr_spec_load_string(json, "fuzz.json", ".", &spec, errs) == LR_OK) {
        lr_spec_meta m = lr_spec_get_meta(spec);
        (void)m;
        (void)lr_spec_duration(spec);
        for (size_t i = 0; i < lr_spec_section_count(spec); i++) {
            (void)lr_spec_section_id(spec, i);
            (void)lr_spec_section_title(spec, i);
            (void)lr_spec_section_duration(spec, i);
            for (size_t l = 0; l < lr_spec_section_line_count(spec, i); l++) {
                (void)lr_spec_section_line(spec, i, l);
                (void)lr_spec_section_narration(spec, i, l);
            }
            for (size_t o = 0; o < lr_spec_section_object_count(spec, i); o++) {
                (void)lr_spec_section_object_id(spec, i, o);
                (void)lr_spec_section_object_type(spec, i, o);
                (void)lr_spec_section_object_top_level(spec, i, o);
            }
        }
        lr_spec_destroy(spec);
    } else {
        for (size_t i = 0; i < lr_spec_errors_count(errs); i++) {
            (void)lr_spec_errors_message(errs, i);
            (void)lr_spec_errors_path(errs, i);
        }
        (void)lr_spec_errors_joined(errs);
    }
    lr_spec_errors_destroy(errs);
    free(json);
    return 0;
}
