/* What the spec tests share: a spec loaded from text (or refused, with
 * the error a test expects at a JSON path), its first section built and
 * seeked, and the points and boxes of what it drew, in scene space.
 * Failures are LRT checks, so a test reads as its expectations. */
#ifndef SPEC_CHECK_H
#define SPEC_CHECK_H

#include "lrtest.h"
#include "scene/scene_internal.h"

/* The name specs are loaded under: messages read "test.json: PATH: ...". */
#define SPEC_CHECK_FILE "test.json"

/* Specs may be written with ' for " to stay readable: a text that starts
 * with {' (which no JSON does) has every ' turned into " before loading. */

/* The spec, checked to load. */
lr_spec *spec_check_load(const char *json);
/* The joined messages of a spec checked not to load (malloc'd; NULL if it
 * loaded). */
char *spec_check_errors(const char *json);
/* Checks that json fails to load with an error at `path` (the whole path
 * or its end: "objects[2].in") whose message holds `words`. */
void spec_check_error(const char *json, const char *path, const char *words);

/* Section 0 of spec, checked to build. */
bool spec_check_build(lr_spec *spec, lr_scene **scene, lr_timeline **tl);
void spec_check_seek(lr_timeline *tl, double t);

/* A spec with its first section built, for tests that hold all three. */
typedef struct spec_built {
    lr_spec *spec;
    lr_scene *scene;
    lr_timeline *tl;
} spec_built;

/* Loads and builds json (false, checked, if either fails). */
bool spec_built_open(const char *json, spec_built *b);
void spec_built_close(spec_built *b);

/* The points of every path under m, in scene space, appended to pts[n..cap). */
size_t spec_scene_points(const lr_mobject *m, lr_vec2 *pts, size_t n, size_t cap);
/* m's bounds in scene space. */
lr_rect spec_world_box(const lr_mobject *m);
/* The centre of object id's bounds in scene space (checked to exist). */
lr_vec2 spec_center_of(lr_scene *scene, const char *id);

#endif
