/* The spec builder behind the validator: a spec that loads becomes scenes
 * and timelines (every section), and each timeline is sought to its start,
 * a few moments inside and its end. This is where "validated, yet not what
 * the builder expects" would show. Sections with LaTeX or code are skipped
 * (each formula is a LaTeX run, each listing a Python run, far too slow for
 * fuzzing); svg and image objects
 * name files that do not exist and fail cleanly. One text context serves
 * every input, so fonts load once. */
#include "fuzz_util.h"

#include <string.h>

#include "librender/lr_spec.h"

static lr_text_context *shared_text(void)
{
    static lr_text_context *text;
    static bool tried;
    if (!tried) {
        tried = true;
        lr_error err = {0};
        if (lr_text_context_create(&text, &err) != LR_OK)
            text = NULL;
    }
    return text;
}

static bool section_runs_programs(const lr_spec *spec, size_t i)
{
    for (size_t o = 0; o < lr_spec_section_object_count(spec, i); o++) {
        const char *type = lr_spec_section_object_type(spec, i, o);
        if (strcmp(type, "tex") == 0 || strcmp(type, "code") == 0)
            return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *json = fuzz_cstring(data, size);
    if (!json)
        return 0;
    lr_spec *spec = NULL;
    if (lr_spec_load_string(json, "fuzz.json", "/nonexistent-fuzz-assets", &spec, NULL) == LR_OK) {
        lr_spec_set_contexts(spec, shared_text(), NULL);
        for (size_t i = 0; i < lr_spec_section_count(spec); i++) {
            if (section_runs_programs(spec, i))
                continue;
            lr_scene *scene = NULL;
            lr_timeline *tl = NULL;
            lr_error err = {0};
            if (lr_spec_build_section(spec, i, &scene, &tl, &err) != LR_OK)
                continue;
            double d = lr_timeline_duration(tl);
            const double at[] = {0.0, d * 0.25, d * 0.5, d * 0.999, d, 0.0};
            for (size_t k = 0; k < sizeof at / sizeof at[0]; k++)
                (void)lr_timeline_seek(tl, at[k], &err);
            lr_timeline_destroy(tl);
            lr_scene_destroy(scene);
        }
        lr_spec_destroy(spec);
    }
    free(json);
    return 0;
}
