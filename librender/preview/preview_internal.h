/* Internal state of the preview window, shared by its three parts:
 * preview.c (time, keys, reload), overlay.c (the overlay scene) and
 * present.c (putting frames on the window). */
#ifndef LR_PREVIEW_INTERNAL_H
#define LR_PREVIEW_INTERNAL_H

#include <librender/lr_anim.h>
#include <librender/lr_context.h>
#include <librender/lr_layout.h>
#include <librender/lr_preview.h>
#include <librender/lr_spec.h>
#include <librender/lr_text.h>

#include "gpu/gpu_internal.h"

#include <sys/types.h>
#include <time.h>

/* A file whose change triggers a reload. */
typedef struct lr_watch_file {
    char *path;
    bool exists;
    struct timespec mtime;
    off_t size;
    ino_t inode;
} lr_watch_file;

/* GL objects of the window side: the frame and the overlay as textures,
 * and the program that draws them as quads into the default framebuffer. */
typedef struct lr_present {
    GLuint scene_fbo, scene_tex;
    GLuint overlay_fbo, overlay_tex;
    int tex_width, tex_height;
    GLuint program, vao;
    GLint u_rect, u_tex;
} lr_present;

struct lr_preview {
    lr_preview_options opt;
    char *spec_path;
    char *save_dir;

    lr_spec *spec; /* the last good spec */
    int width, height, fps;
    lr_orientation orientation;

    /* sections on the global frame line */
    size_t nsections;
    int64_t *section_start; /* nsections + 1 entries; the last is the total */

    /* the built section */
    size_t built; /* index, or (size_t)-1 */
    lr_scene *scene;
    lr_timeline *timeline;

    /* time */
    double t; /* global seconds */
    bool paused;
    double last_clock;
    int64_t drawn_frame; /* frame in scene_tex; -1: none */
    bool frame_dirty;    /* redraw even if the frame index is the same (reload) */
    unsigned frames_drawn;
    double fps_window_start;
    unsigned fps_window_frames;
    double measured_fps;
    double last_title;

    /* overlays */
    unsigned overlays;
    bool overlay_dirty;
    bool overlay_present; /* overlay_tex holds something to draw */
    lr_scene *overlay_scene;
    lr_text_context *text;
    bool dragging;
    bool cursor_in_strip;

    /* reload */
    lr_watch_file *watch;
    size_t nwatch;
    double last_poll;
    unsigned reloads;
    char **errors;
    size_t nerrors;

    bool quit;
    unsigned saves;

    lr_context *ctx;
    lr_present present;
};

double lr_preview_clock(void);
/* The overlay's text size in frame pixels: readable at small frames,
 * proportional at large ones. The scrub bar is LR_SCRUB_EMS of them high,
 * and its track leaves one of them free at each end. */
float lr_preview_em_px(const lr_preview *pv);
#define LR_SCRUB_EMS 2.4f
int64_t lr_preview_total_frames(const lr_preview *pv);
size_t lr_preview_section_of(const lr_preview *pv, int64_t frame);

/* overlay.c: rebuilds pv->overlay_scene for the current state. */
lr_status lr_preview_overlay_build(lr_preview *pv, lr_error *err);

/* present.c */
void lr_preview_make_current(lr_preview *pv);
lr_status lr_present_init(lr_preview *pv, lr_error *err);
void lr_present_destroy(lr_preview *pv);
/* Copies the context's offscreen frame into the scene (or overlay) texture. */
lr_status lr_present_grab(lr_preview *pv, bool overlay, lr_error *err);
/* Clears the overlay texture to transparent. */
void lr_present_clear_overlay(lr_preview *pv);
/* Draws both textures, letterboxed, into the window's back buffer. */
void lr_present_compose(lr_preview *pv);
/* The letterbox rectangle in framebuffer pixels, y down. */
void lr_present_viewport(const lr_preview *pv, int *x, int *y, int *w, int *h);
lr_status lr_present_read_scene(lr_preview *pv, lr_image *out, lr_error *err);
lr_status lr_present_read_window(lr_preview *pv, lr_image *out, lr_error *err);

#endif
