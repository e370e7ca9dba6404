#include "spec_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads text (dequoted if it starts with {'), its errors in errs. */
static lr_status load(const char *text, lr_spec **spec, lr_spec_errors *errs)
{
    char *json = strdup(text);
    if (json && strncmp(json, "{'", 2) == 0)
        for (char *p = json; *p; p++)
            if (*p == '\'')
                *p = '"';
    lr_status s = json ? lr_spec_load_string(json, SPEC_CHECK_FILE, NULL, spec, errs) : LR_ERR_NOMEM;
    free(json);
    return s;
}

lr_spec *spec_check_load(const char *json)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = load(json, &spec, errs);
    LRT_CHECK_MSG(s == LR_OK, "%s", lr_spec_errors_joined(errs));
    lr_spec_errors_destroy(errs);
    return spec;
}

char *spec_check_errors(const char *json)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    lr_spec *spec = NULL;
    lr_status s = load(json, &spec, errs);
    LRT_CHECK_MSG(s != LR_OK, "loaded: %s", json);
    char *msg = s != LR_OK ? strdup(lr_spec_errors_joined(errs)) : NULL;
    lr_spec_destroy(spec);
    lr_spec_errors_destroy(errs);
    return msg;
}

void spec_check_error(const char *json, const char *path, const char *words)
{
    char *msg = spec_check_errors(json);
    if (!msg)
        return;
    /* The path ends where its message starts: "objects[2]" is not found in
     * an error at "objects[2].target". */
    char where[256];
    snprintf(where, sizeof where, "%s: ", path);
    const char *at = strstr(msg, where);
    LRT_CHECK_MSG(at != NULL, "no error at %s in: %s", path, msg);
    LRT_CHECK_MSG(at && strstr(at, words) != NULL, "no \"%s\" at %s in: %s", words, path, msg);
    free(msg);
}

bool spec_check_build(lr_spec *spec, lr_scene **scene, lr_timeline **tl)
{
    lr_error err = {0};
    lr_status s = spec ? lr_spec_build_section(spec, 0, scene, tl, &err) : LR_ERR_INVALID_ARG;
    LRT_CHECK_MSG(s == LR_OK, "build: %s", spec ? err.message : "no spec");
    return s == LR_OK;
}

void spec_check_seek(lr_timeline *tl, double t)
{
    lr_error err = {0};
    LRT_CHECK_MSG(lr_timeline_seek(tl, t, &err) == LR_OK, "seek %g: %s", t, err.message);
}

bool spec_built_open(const char *json, spec_built *b)
{
    memset(b, 0, sizeof *b);
    b->spec = spec_check_load(json);
    return b->spec && spec_check_build(b->spec, &b->scene, &b->tl);
}

void spec_built_close(spec_built *b)
{
    lr_timeline_destroy(b->tl);
    lr_scene_destroy(b->scene);
    lr_spec_destroy(b->spec);
    memset(b, 0, sizeof *b);
}

size_t spec_scene_points(const lr_mobject *m, lr_vec2 *pts, size_t n, size_t cap)
{
    if (m->kind == LR_MOBJECT_PATH) {
        lr_affine w = lr_mobject_world_transform(m);
        for (uint32_t i = 0; i < m->path.npoints && n < cap; i++)
            pts[n++] = lr_affine_apply(w, m->path.points[i]);
    }
    for (size_t i = 0; i < m->nchildren; i++)
        n = spec_scene_points(m->children[i], pts, n, cap);
    return n;
}

lr_rect spec_world_box(const lr_mobject *m)
{
    return lr_rect_transform(lr_mobject_bounds(m), m->parent ? lr_mobject_world_transform(m->parent)
                                                             : lr_affine_identity());
}

lr_vec2 spec_center_of(lr_scene *scene, const char *id)
{
    lr_mobject *m = lr_scene_find(scene, id);
    LRT_CHECK_MSG(m != NULL, "no object %s", id);
    lr_rect r = m ? spec_world_box(m) : lr_rect_empty();
    return (lr_vec2){(r.x0 + r.x1) * 0.5f, (r.y0 + r.y1) * 0.5f};
}
