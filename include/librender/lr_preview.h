/* librender: the live preview window. It plays a scene spec in real time
 * in a GLFW window, with the same renderer that feeds the encoder, and
 * reloads the spec when it (or an asset it names) changes on disk.
 *
 *   lr_preview_options opt = lr_preview_options_default();
 *   lr_error err;
 *   if (lr_preview_run_file("lesson.json", &opt, &err) != LR_OK) puts(err.message);
 *
 * Or step it yourself (tests, embedding):
 *
 *   lr_preview *pv;
 *   lr_preview_create("lesson.json", &opt, &pv, &err);
 *   while (!lr_preview_should_close(pv))
 *       lr_preview_step(pv, &err);
 *   lr_preview_destroy(pv);
 *
 * Time is global over the sections, played one after another. The picture
 * shown at time t is the video's frame floor(t * fps) (sections last
 * ceil(duration * fps) frames, as in lr_video_render), so a paused preview
 * shows exactly the pixels of the headless render. When drawing is slower
 * than real time, frames are dropped to keep time.
 *
 * Keys: space pause/play; left/right one frame back/forward (pauses);
 * shift+left/right previous/next section; Home/End first/last frame;
 * g anchor grid; b bounding boxes (red where the layout report finds a
 * problem); s save the frame on screen as PNG; h help; q or Esc quit. Click
 * or drag in the bottom strip of the window to scrub. docs/preview.md has
 * the details.
 *
 * A preview needs a display (X11 or Wayland, Xvfb works) and is used from
 * the thread that created it. GLFW is process-wide: one preview at a time,
 * and no other GLFW context while it lives. With libglvnd, a headless (EGL)
 * render on the same thread needs glfwMakeContextCurrent(NULL) first; the
 * preview makes its context current again at each call.
 */
#ifndef LR_PREVIEW_H
#define LR_PREVIEW_H

#include "lr_base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lr_preview lr_preview;

typedef struct lr_preview_options {
    int width, height;            /* the rendered frame; 0: the spec's size */
    int fps;                      /* 0: the spec's */
    int samples;                  /* MSAA samples, 0: none (as lr_video_options) */
    int window_width, window_height; /* initial window size in screen units; 0: the frame fitted in 1280x720 */
    bool start_paused;
    bool vsync;                   /* glfwSwapInterval(1); default true */
    double poll_interval_s;       /* how often files are checked for changes; 0: 0.25 */
    const char *save_dir;         /* where `s` writes PNGs; NULL: the current folder */
    bool quiet;                   /* no messages on stderr (reloads, errors, saved files) */
} lr_preview_options;

LR_API lr_preview_options lr_preview_options_default(void);

/* Loads the spec and opens the window. An invalid spec fails here (the
 * messages are in err, one per line); later reloads keep the last good one. */
LR_API lr_status lr_preview_create(const char *spec_path, const lr_preview_options *opt, lr_preview **out,
                                   lr_error *err);
LR_API void lr_preview_destroy(lr_preview *pv);

/* One iteration: processes window events, reloads changed files, advances
 * time when playing, draws and presents one frame. */
LR_API lr_status lr_preview_step(lr_preview *pv, lr_error *err);
/* The window was closed, or q / Esc pressed. */
LR_API bool lr_preview_should_close(const lr_preview *pv);
/* Steps until the window closes, waiting for events while nothing moves. */
LR_API lr_status lr_preview_run(lr_preview *pv, lr_error *err);
/* Create, run, destroy: what `c2v-render --preview` calls. */
LR_API lr_status lr_preview_run_file(const char *spec_path, const lr_preview_options *opt, lr_error *err);

/* Keys, for lr_preview_key (the window's own keys go the same way). */
typedef enum lr_preview_key {
    LR_PREVIEW_KEY_SPACE = ' ',
    LR_PREVIEW_KEY_B = 'B',
    LR_PREVIEW_KEY_G = 'G',
    LR_PREVIEW_KEY_H = 'H',
    LR_PREVIEW_KEY_Q = 'Q',
    LR_PREVIEW_KEY_S = 'S',
    LR_PREVIEW_KEY_ESCAPE = 256,
    LR_PREVIEW_KEY_LEFT,
    LR_PREVIEW_KEY_RIGHT,
    LR_PREVIEW_KEY_HOME,
    LR_PREVIEW_KEY_END
} lr_preview_key;

enum { LR_PREVIEW_MOD_SHIFT = 1 };

/* Acts as if the key was pressed (mods: LR_PREVIEW_MOD_*). Takes effect at
 * once (s saves the frame drawn by the last step); the window changes at the
 * next step. */
LR_API void lr_preview_press(lr_preview *pv, lr_preview_key key, int mods);

/* Overlays shown (bit flags). */
enum {
    LR_PREVIEW_OVERLAY_GRID = 1,   /* anchor grid, labels, lecture column */
    LR_PREVIEW_OVERLAY_BOXES = 2,  /* bounding boxes and ids */
    LR_PREVIEW_OVERLAY_HELP = 4,   /* the list of keys */
    LR_PREVIEW_OVERLAY_ERRORS = 8, /* validation errors of the last reload */
    LR_PREVIEW_OVERLAY_SCRUB = 16  /* the scrub bar (cursor in the bottom strip, or dragging) */
};
LR_API unsigned lr_preview_overlays(const lr_preview *pv);

/* Global time in seconds (a frame start), clamped to the video. */
LR_API void lr_preview_seek(lr_preview *pv, double t);
LR_API double lr_preview_time(const lr_preview *pv);
LR_API double lr_preview_duration(const lr_preview *pv);
LR_API int64_t lr_preview_frame(const lr_preview *pv);
LR_API int lr_preview_fps(const lr_preview *pv);
LR_API size_t lr_preview_section(const lr_preview *pv);
LR_API void lr_preview_set_paused(lr_preview *pv, bool paused);
LR_API bool lr_preview_paused(const lr_preview *pv);
/* Frames drawn per second of wall time, over the last half second or so. */
LR_API double lr_preview_measured_fps(const lr_preview *pv);

/* Successful reloads so far, and the errors of the last failed one (0 once
 * a reload succeeds). Messages live until the next reload. */
LR_API unsigned lr_preview_reload_count(const lr_preview *pv);
LR_API size_t lr_preview_error_count(const lr_preview *pv);
LR_API const char *lr_preview_error_message(const lr_preview *pv, size_t index);

/* The frame last drawn, without overlays: the pixels of the headless
 * render at the same time (rows top to bottom, reallocated as needed). */
LR_API lr_status lr_preview_frame_image(lr_preview *pv, lr_image *out, lr_error *err);
/* Writes lr_preview_frame_image as a PNG (what `s` does, into save_dir). */
LR_API lr_status lr_preview_save_frame(lr_preview *pv, const char *path, lr_error *err);
/* What the window shows: the frame letterboxed with its overlays, at the
 * window's framebuffer size (rows top to bottom). */
LR_API lr_status lr_preview_capture(lr_preview *pv, lr_image *out, lr_error *err);
/* Where the frame sits in the window's framebuffer (pixels, y down). */
LR_API void lr_preview_viewport(const lr_preview *pv, int *x, int *y, int *width, int *height);

#ifdef __cplusplus
}
#endif
#endif
