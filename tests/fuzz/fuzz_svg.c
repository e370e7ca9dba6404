/* The SVG importer: a whole document through lr_svg_load_memory, and the
 * same bytes as path data and as a transform list (the two mini-languages
 * inside attributes). */
#include "fuzz_util.h"

#include "librender/lr_svg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    lr_svg_options opt = lr_svg_options_default();
    /* Smaller caps than the defaults keep each run fast; the caps themselves
     * are what is being exercised. */
    opt.max_bytes = 1 << 20;
    opt.max_elements = 20000;
    opt.max_path_commands = 100000;
    lr_mobject *m = NULL;
    lr_svg_warnings w = {0};
    lr_error err = {0};
    if (lr_svg_load_memory((const char *)data, size, &opt, &m, &w, &err) == LR_OK)
        lr_mobject_destroy(m);
    lr_svg_warnings_free(&w);

    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    lr_path p = {0};
    (void)lr_svg_parse_path_data(text, &p, &err);
    lr_path_free(&p);
    lr_affine a;
    (void)lr_svg_parse_transform(text, &a, &err);
    free(text);
    return 0;
}
