/* Loading a spec: reading the file, parsing JSON (with line:column for syntax
 * errors), validating, and the accessors of a loaded spec. */
#include "spec/spec_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The whole video, all sections together: 50 sections of 10 minutes each
 * would pass the per-section limits yet make an 8-hour render. */
#define SPEC_MAX_TOTAL_TIME 7200.0 /* seconds */

/* Where cJSON stopped, as a 1-based line and column (columns count bytes). */
static void offset_to_line_col(const char *json, size_t offset, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < offset && json[i]; i++) {
        if (json[i] == '\n') {
            l++;
            c = 1;
        } else {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

void lr_spec_destroy(lr_spec *spec)
{
    if (!spec)
        return;
    cJSON_Delete(spec->root);
    free(spec->name);
    free(spec->asset_dir);
    for (size_t i = 0; spec->sections && i < spec->nsections; i++) {
        free(spec->sections[i].objects);
        free(spec->sections[i].names);
        spec_exprs_free(&spec->sections[i].exprs);
    }
    free(spec->sections);
    spec_resources_free(spec->res);
    free(spec);
}

lr_status lr_spec_load_string(const char *json, const char *name, const char *asset_dir, lr_spec **out,
                              lr_spec_errors *errs)
{
    if (!out)
        return LR_ERR_INVALID_ARG;
    *out = NULL;
    if (!name)
        name = "spec";
    if (!json) {
        spec_errors_add(errs, name, "", "no JSON text given");
        return LR_ERR_INVALID_ARG;
    }
    size_t len = strnlen(json, SPEC_MAX_FILE_BYTES + 1);
    if (len > SPEC_MAX_FILE_BYTES) {
        spec_errors_add(errs, name, "", "the spec is larger than %u bytes", SPEC_MAX_FILE_BYTES);
        return LR_ERR_LIMIT;
    }
    const char *end = NULL;
    /* The length includes the terminating NUL so that cJSON can insist on
     * it: text after the document is an error, not silently ignored. */
    cJSON *root = cJSON_ParseWithLengthOpts(json, len + 1, &end, true);
    if (!root) {
        size_t offset = end && end >= json ? (size_t)(end - json) : 0;
        if (offset > len)
            offset = len;
        /* cJSON stops after the whitespace that follows the last good token;
         * point at that token's end instead, where a person would look. */
        while (offset > 0 && offset < len && (json[offset] == ' ' || json[offset] == '\t') &&
               json[offset - 1] != '\n')
            offset--;
        /* Failing on the last character means the text stopped mid-value. */
        size_t last = len;
        while (last > 0 && (json[last - 1] == ' ' || json[last - 1] == '\n' || json[last - 1] == '\r' ||
                            json[last - 1] == '\t'))
            last--;
        if (last == 0 || offset + 1 >= last)
            offset = len;
        int line, col;
        offset_to_line_col(json, offset, &line, &col);
        char near[24] = {0};
        size_t k = 0;
        for (size_t i = offset; i < len && k < 16 && json[i] != '\n'; i++)
            near[k++] = (json[i] >= 32 && json[i] < 127) ? json[i] : '?';
        if (offset >= len)
            spec_errors_add(errs, name, "", "%d:%d: malformed JSON: the text ends too early (a missing \"}\", \"]\" or \"\"\"?)",
                            line, col);
        else
            spec_errors_add(errs, name, "", "%d:%d: malformed JSON near \"%s\"", line, col, near);
        return LR_ERR_SPEC;
    }
    lr_spec *spec = calloc(1, sizeof *spec);
    if (!spec) {
        cJSON_Delete(root);
        return LR_ERR_NOMEM;
    }
    spec->root = root;
    spec->res = calloc(1, sizeof *spec->res);
    spec->name = strdup(name);
    spec->asset_dir = strdup(asset_dir && asset_dir[0] ? asset_dir : ".");
    if (!spec->name || !spec->asset_dir || !spec->res) {
        lr_spec_destroy(spec);
        return LR_ERR_NOMEM;
    }
    /* Validate into a private list when the caller gave none: the count is
     * what decides success. */
    lr_spec_errors *list = errs ? errs : lr_spec_errors_create();
    if (!list) {
        lr_spec_destroy(spec);
        return LR_ERR_NOMEM;
    }
    size_t before = lr_spec_errors_count(list);
    spec_validate(spec, list);
    if (lr_spec_errors_count(list) == before && lr_spec_duration(spec) > SPEC_MAX_TOTAL_TIME)
        spec_errors_add(list, name, "sections", "the video lasts %g s in all, more than the limit of %g s",
                        lr_spec_duration(spec), SPEC_MAX_TOTAL_TIME);
    size_t found = lr_spec_errors_count(list) - before;
    if (list != errs)
        lr_spec_errors_destroy(list);
    if (found) {
        lr_spec_destroy(spec);
        return LR_ERR_SPEC;
    }
    *out = spec;
    return LR_OK;
}

lr_status lr_spec_load_file(const char *path, lr_spec **out, lr_spec_errors *errs)
{
    if (!out)
        return LR_ERR_INVALID_ARG;
    *out = NULL;
    if (!path)
        return LR_ERR_INVALID_ARG;
    const char *name = base_name(path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        spec_errors_add(errs, name, "", "cannot open %s: %s", path, strerror(errno));
        return LR_ERR_IO;
    }
    char *buf = malloc(SPEC_MAX_FILE_BYTES + 1);
    if (!buf) {
        fclose(f);
        return LR_ERR_NOMEM;
    }
    size_t n = fread(buf, 1, SPEC_MAX_FILE_BYTES + 1, f);
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        spec_errors_add(errs, name, "", "cannot read %s", path);
        return LR_ERR_IO;
    }
    if (n > SPEC_MAX_FILE_BYTES) {
        free(buf);
        spec_errors_add(errs, name, "", "the spec is larger than %u bytes", SPEC_MAX_FILE_BYTES);
        return LR_ERR_LIMIT;
    }
    buf[n] = 0;
    if (memchr(buf, 0, n)) {
        free(buf);
        spec_errors_add(errs, name, "", "the file contains a NUL byte: not a JSON text file");
        return LR_ERR_SPEC;
    }
    /* The asset folder is the spec's own folder. */
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (slash) {
        size_t dl = (size_t)(slash - path);
        if (dl == 0)
            dl = 1; /* "/x.json" -> "/" */
        if (dl >= sizeof dir) {
            free(buf);
            spec_errors_add(errs, name, "", "the path %.64s... is too long", path);
            return LR_ERR_LIMIT;
        }
        memcpy(dir, path, dl);
        dir[dl] = 0;
    } else {
        strcpy(dir, ".");
    }
    lr_status s = lr_spec_load_string(buf, name, dir, out, errs);
    free(buf);
    return s;
}

bool spec_asset_path(const char *asset_dir, const char *rel, char *out, size_t size, const char **why)
{
    if (!rel || !rel[0]) {
        *why = "the path is empty";
        return false;
    }
    if (rel[0] == '/' || rel[0] == '\\' || rel[0] == '~' || strchr(rel, ':')) {
        *why = "absolute paths are not allowed; give a path relative to the asset folder";
        return false;
    }
    if (strchr(rel, '\\')) {
        *why = "use \"/\" to separate folders";
        return false;
    }
    /* Refuse any ".." component, wherever it is: a path that climbs out and
     * back in is never needed, and refusing it keeps the rule obvious. */
    const char *p = rel;
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.') {
            *why = "\"..\" is not allowed: assets must stay inside the asset folder";
            return false;
        }
        p += n;
        if (*p == '/')
            p++;
    }
    int w = snprintf(out, size, "%s/%s", asset_dir, rel);
    if (w < 0 || (size_t)w >= size) {
        *why = "the path is too long";
        return false;
    }
    return true;
}

/* ---- accessors ---- */

lr_spec_meta lr_spec_get_meta(const lr_spec *spec)
{
    lr_spec_meta m = {0};
    if (spec)
        m = spec->meta;
    return m;
}

size_t lr_spec_section_count(const lr_spec *spec)
{
    return spec ? spec->nsections : 0;
}

static const spec_section *section_at(const lr_spec *spec, size_t index)
{
    return spec && index < spec->nsections ? &spec->sections[index] : NULL;
}

const char *lr_spec_section_id(const lr_spec *spec, size_t index)
{
    const spec_section *s = section_at(spec, index);
    return s ? s->id : NULL;
}

lr_status lr_spec_section_find(const lr_spec *spec, const char *id, size_t *index, lr_error *err)
{
    size_t n = lr_spec_section_count(spec);
    for (size_t i = 0; id && i < n; i++) {
        if (strcmp(lr_spec_section_id(spec, i), id) == 0) {
            if (index)
                *index = i;
            return LR_OK;
        }
    }
    char known[512] = "";
    for (size_t i = 0; i < n; i++) {
        size_t used = strlen(known);
        snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "", lr_spec_section_id(spec, i));
    }
    return lr_error_set(err, LR_ERR_INVALID_ARG, "no section \"%s\" (sections: %s)", id ? id : "", known);
}

const char *lr_spec_section_title(const lr_spec *spec, size_t index)
{
    const spec_section *s = section_at(spec, index);
    return s ? s->title : NULL;
}

size_t lr_spec_section_line_count(const lr_spec *spec, size_t index)
{
    const spec_section *s = section_at(spec, index);
    return s ? s->nlines : 0;
}

const char *lr_spec_section_line(const lr_spec *spec, size_t index, size_t line)
{
    const spec_section *s = section_at(spec, index);
    return s && line < s->nlines ? s->lines[line].text : NULL;
}

const char *lr_spec_section_narration(const lr_spec *spec, size_t index, size_t line)
{
    const spec_section *s = section_at(spec, index);
    return s && line < s->nlines ? s->lines[line].narration : NULL;
}

double lr_spec_section_duration(const lr_spec *spec, size_t index)
{
    const spec_section *s = section_at(spec, index);
    return s ? s->duration : 0.0;
}

double lr_spec_duration(const lr_spec *spec)
{
    double d = 0.0;
    for (size_t i = 0; spec && i < spec->nsections; i++)
        d += spec->sections[i].duration;
    return d;
}

const char *lr_spec_asset_dir(const lr_spec *spec)
{
    return spec ? spec->asset_dir : NULL;
}

size_t lr_spec_section_object_count(const lr_spec *spec, size_t index)
{
    const spec_section *s = section_at(spec, index);
    return s ? s->nobjects : 0;
}

const char *lr_spec_section_object_id(const lr_spec *spec, size_t index, size_t object)
{
    const spec_section *s = section_at(spec, index);
    return s && object < s->nobjects ? s->objects[object].id : NULL;
}

const char *lr_spec_section_object_type(const lr_spec *spec, size_t index, size_t object)
{
    const spec_section *s = section_at(spec, index);
    return s && object < s->nobjects ? s->objects[object].type : NULL;
}

bool lr_spec_section_object_top_level(const lr_spec *spec, size_t index, size_t object)
{
    const spec_section *s = section_at(spec, index);
    return s && object < s->nobjects ? s->objects[object].top_level : false;
}

const char *lr_spec_section_object_attached(const lr_spec *spec, size_t index, size_t object)
{
    const spec_section *s = section_at(spec, index);
    return s && object < s->nobjects ? s->objects[object].attached : NULL;
}

void lr_spec_set_contexts(lr_spec *spec, lr_text_context *text, lr_tex_context *tex)
{
    if (!spec || !spec->res)
        return;
    if (text)
        spec->res->text = text;
    if (tex)
        spec->res->tex = tex;
}

void spec_lend_code_context(lr_spec *spec, struct lr_code_context *code)
{
    if (spec && spec->res && code)
        spec->res->code = code;
}

void spec_resources_free(spec_resources *res)
{
    if (!res)
        return;
    if (res->release)
        res->release(res);
    while (res->decimals) {
        spec_decimal *d = res->decimals->next;
        free(res->decimals);
        res->decimals = d;
    }
    free(res);
}
