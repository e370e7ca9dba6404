/* The preview: a global time line over the spec's sections, played against
 * the monotonic clock, keys and mouse, and hot reload by polling the files
 * the spec depends on. */
#include "preview/preview_internal.h"

#include <cjson/cJSON.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Above this, the window opens scaled down (the frame keeps its size). */
#define MAX_WINDOW_W 1280
#define MAX_WINDOW_H 720

lr_preview_options lr_preview_options_default(void)
{
    lr_preview_options o;
    memset(&o, 0, sizeof o);
    o.vsync = true;
    o.poll_interval_s = 0.25;
    return o;
}

float lr_preview_em_px(const lr_preview *pv)
{
    float em = (float)pv->height / 50.0f;
    return em > 11.0f ? em : 11.0f;
}

double lr_preview_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the time line ---------------------------------------------------------- */

int64_t lr_preview_total_frames(const lr_preview *pv) { return pv->section_start[pv->nsections]; }

size_t lr_preview_section_of(const lr_preview *pv, int64_t frame)
{
    size_t i = 0;
    while (i + 1 < pv->nsections && frame >= pv->section_start[i + 1])
        i++;
    return i;
}

static int64_t frame_at(const lr_preview *pv, double t)
{
    int64_t total = lr_preview_total_frames(pv);
    int64_t f = (int64_t)floor(t * pv->fps + 1e-6);
    if (f < 0)
        f = 0;
    if (f > total - 1)
        f = total - 1;
    return f;
}

/* The sections of `spec` as frame ranges, in a new array. */
static int64_t *section_frames(const lr_spec *spec, int fps, size_t *count)
{
    size_t n = lr_spec_section_count(spec);
    int64_t *start = malloc((n + 1) * sizeof *start);
    if (!start)
        return NULL;
    start[0] = 0;
    for (size_t i = 0; i < n; i++)
        start[i + 1] = start[i] + lr_frame_count(lr_spec_section_duration(spec, i), fps);
    *count = n;
    return start;
}

static void set_frame(lr_preview *pv, int64_t f)
{
    int64_t total = lr_preview_total_frames(pv);
    if (f < 0)
        f = 0;
    if (f > total - 1)
        f = total - 1;
    pv->t = (double)f / pv->fps;
}

/* ---- messages ------------------------------------------------------------------ */

static void clear_errors(lr_preview *pv)
{
    for (size_t i = 0; i < pv->nerrors; i++)
        free(pv->errors[i]);
    free(pv->errors);
    pv->errors = NULL;
    pv->nerrors = 0;
    pv->overlays &= ~(unsigned)LR_PREVIEW_OVERLAY_ERRORS;
    pv->overlay_dirty = true;
}

static void add_error(lr_preview *pv, const char *msg)
{
    char **grown = realloc(pv->errors, (pv->nerrors + 1) * sizeof *grown);
    if (!grown)
        return;
    pv->errors = grown;
    pv->errors[pv->nerrors] = strdup(msg);
    if (pv->errors[pv->nerrors])
        pv->nerrors++;
    pv->overlays |= LR_PREVIEW_OVERLAY_ERRORS;
    pv->overlay_dirty = true;
    if (!pv->opt.quiet)
        fprintf(stderr, "preview: %s\n", msg);
}

/* ---- watched files ----------------------------------------------------------- */

static void stamp(lr_watch_file *w)
{
    struct stat st;
    w->exists = stat(w->path, &st) == 0;
    if (w->exists) {
        w->mtime = st.st_mtim;
        w->size = st.st_size;
        w->inode = st.st_ino;
    }
}

static bool stamp_changed(lr_watch_file *w)
{
    lr_watch_file now = *w;
    stamp(&now);
    bool changed = now.exists != w->exists ||
                   (now.exists && (now.mtime.tv_sec != w->mtime.tv_sec || now.mtime.tv_nsec != w->mtime.tv_nsec ||
                                   now.size != w->size || now.inode != w->inode));
    *w = now;
    return changed;
}

static void watch_free(lr_preview *pv)
{
    for (size_t i = 0; i < pv->nwatch; i++)
        free(pv->watch[i].path);
    free(pv->watch);
    pv->watch = NULL;
    pv->nwatch = 0;
}

static void watch_add(lr_preview *pv, const char *dir, const char *name)
{
    size_t len = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
    char *path = malloc(len);
    if (!path)
        return;
    if (dir && name[0] != '/')
        snprintf(path, len, "%s/%s", dir, name);
    else
        snprintf(path, len, "%s", name);
    for (size_t i = 0; i < pv->nwatch; i++) {
        if (strcmp(pv->watch[i].path, path) == 0) {
            free(path);
            return;
        }
    }
    lr_watch_file *grown = realloc(pv->watch, (pv->nwatch + 1) * sizeof *grown);
    if (!grown) {
        free(path);
        return;
    }
    pv->watch = grown;
    memset(&pv->watch[pv->nwatch], 0, sizeof pv->watch[pv->nwatch]);
    pv->watch[pv->nwatch].path = path;
    stamp(&pv->watch[pv->nwatch]);
    pv->nwatch++;
}

/* Every "file" member anywhere in the document names an asset (svg,
 * image): the spec's own list of what it reads. */
static void collect_assets(lr_preview *pv, const cJSON *node, const char *dir)
{
    for (const cJSON *c = node ? node->child : NULL; c; c = c->next) {
        if (cJSON_IsString(c) && c->string && strcmp(c->string, "file") == 0 && c->valuestring[0])
            watch_add(pv, dir, c->valuestring);
        else if (cJSON_IsObject(c) || cJSON_IsArray(c))
            collect_assets(pv, c, dir);
    }
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
        if (len + 1 == cap) {
            char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf)
        buf[len] = '\0';
    return buf;
}

static void watch_rebuild(lr_preview *pv)
{
    watch_free(pv);
    watch_add(pv, NULL, pv->spec_path);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", pv->spec_path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    char *text = read_text(pv->spec_path);
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    collect_assets(pv, doc, dir);
    cJSON_Delete(doc);
    free(text);
}

/* ---- sections and reload ------------------------------------------------------- */

static void drop_section(lr_preview *pv)
{
    lr_timeline_destroy(pv->timeline);
    lr_scene_destroy(pv->scene);
    pv->timeline = NULL;
    pv->scene = NULL;
    pv->built = (size_t)-1;
}

static lr_status load_spec(const char *path, lr_spec **out, lr_preview *pv, lr_error *err)
{
    lr_spec_errors *errs = lr_spec_errors_create();
    if (!errs)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    lr_status s = lr_spec_load_file(path, out, errs);
    if (s != LR_OK) {
        size_t n = lr_spec_errors_count(errs);
        if (pv) {
            for (size_t i = 0; i < n; i++)
                add_error(pv, lr_spec_errors_message(errs, i));
            if (n == 0)
                add_error(pv, lr_strerror(s));
        }
        lr_error_set(err, s, "%s", n ? lr_spec_errors_joined(errs) : lr_strerror(s));
    }
    lr_spec_errors_destroy(errs);
    return s;
}

/* Reads the spec again; on any failure the last good one stays. */
static void reload(lr_preview *pv)
{
    lr_spec *spec = NULL;
    lr_error err;
    clear_errors(pv);
    if (load_spec(pv->spec_path, &spec, pv, &err) != LR_OK) {
        watch_rebuild(pv);
        return;
    }
    lr_spec_meta meta = lr_spec_get_meta(spec);
    int fps = pv->opt.fps > 0 ? pv->opt.fps : meta.fps;
    size_t n = 0;
    int64_t *starts = section_frames(spec, fps, &n);
    lr_scene *scene = NULL;
    lr_timeline *tl = NULL;
    lr_status s = starts ? LR_OK : LR_ERR_NOMEM;
    size_t index = 0;
    if (s == LR_OK) {
        /* The section now on screen is built before anything is replaced:
         * a formula that no longer compiles must not blank the window. */
        int64_t f = (int64_t)floor(pv->t * fps + 1e-6);
        for (index = 0; index + 1 < n && f >= starts[index + 1]; index++)
            ;
        s = lr_spec_build_section(spec, index, &scene, &tl, &err);
        if (s != LR_OK) {
            char msg[sizeof err.message + 64];
            snprintf(msg, sizeof msg, "section \"%s\": %s", lr_spec_section_id(spec, index), err.message);
            add_error(pv, msg);
        }
    } else {
        add_error(pv, "out of memory");
    }
    if (s != LR_OK) {
        free(starts);
        lr_spec_destroy(spec);
        watch_rebuild(pv);
        return;
    }
    drop_section(pv); /* timelines go before the spec they were built from */
    lr_spec_destroy(pv->spec);
    free(pv->section_start);
    pv->spec = spec;
    pv->fps = fps;
    pv->orientation = meta.orientation;
    pv->section_start = starts;
    pv->nsections = n;
    pv->scene = scene;
    pv->timeline = tl;
    pv->built = index;
    set_frame(pv, frame_at(pv, pv->t));
    pv->frame_dirty = true;
    pv->overlay_dirty = true;
    pv->reloads++;
    watch_rebuild(pv);
    if (!pv->opt.quiet)
        fprintf(stderr, "preview: reloaded %s (%zu section%s, %.2f s)\n", pv->spec_path, n, n == 1 ? "" : "s",
                lr_spec_duration(spec));
}

static void poll_files(lr_preview *pv)
{
    bool changed = false;
    for (size_t i = 0; i < pv->nwatch; i++)
        if (stamp_changed(&pv->watch[i]))
            changed = true;
    if (changed)
        reload(pv);
}

/* ---- input ------------------------------------------------------------------------ */

static void save_current(lr_preview *pv)
{
    char path[4400];
    const char *base = strrchr(pv->spec_path, '/');
    base = base ? base + 1 : pv->spec_path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    snprintf(path, sizeof path, "%s/%.*s-%05lld.png", pv->save_dir ? pv->save_dir : ".", (int)(len > 200 ? 200 : len),
             base, (long long)lr_preview_frame(pv));
    lr_error err;
    if (lr_preview_save_frame(pv, path, &err) == LR_OK) {
        pv->saves++;
        if (!pv->opt.quiet)
            fprintf(stderr, "preview: saved %s\n", path);
    } else {
        add_error(pv, err.message);
    }
}

static void toggle(lr_preview *pv, unsigned flag)
{
    pv->overlays ^= flag;
    pv->overlay_dirty = true;
}

void lr_preview_press(lr_preview *pv, lr_preview_key key, int mods)
{
    int64_t f = lr_preview_frame(pv);
    size_t sec = lr_preview_section_of(pv, f);
    bool shift = (mods & LR_PREVIEW_MOD_SHIFT) != 0;
    switch (key) {
    case LR_PREVIEW_KEY_SPACE:
        if (pv->paused && f >= lr_preview_total_frames(pv) - 1)
            set_frame(pv, 0);
        pv->paused = !pv->paused;
        pv->last_clock = lr_preview_clock();
        break;
    case LR_PREVIEW_KEY_LEFT:
    case LR_PREVIEW_KEY_RIGHT: {
        bool right = key == LR_PREVIEW_KEY_RIGHT;
        if (shift) {
            if (right && sec + 1 < pv->nsections)
                set_frame(pv, pv->section_start[sec + 1]);
            else if (!right)
                set_frame(pv, pv->section_start[sec > 0 ? sec - 1 : 0]);
        } else {
            pv->paused = true;
            set_frame(pv, f + (right ? 1 : -1));
        }
        break;
    }
    case LR_PREVIEW_KEY_HOME: set_frame(pv, 0); break;
    case LR_PREVIEW_KEY_END: set_frame(pv, lr_preview_total_frames(pv) - 1); break;
    case LR_PREVIEW_KEY_G: toggle(pv, LR_PREVIEW_OVERLAY_GRID); break;
    case LR_PREVIEW_KEY_B: toggle(pv, LR_PREVIEW_OVERLAY_BOXES); break;
    case LR_PREVIEW_KEY_H: toggle(pv, LR_PREVIEW_OVERLAY_HELP); break;
    case LR_PREVIEW_KEY_S: save_current(pv); break;
    case LR_PREVIEW_KEY_Q:
    case LR_PREVIEW_KEY_ESCAPE: pv->quit = true; break;
    }
    pv->overlay_dirty = true;
}

static void on_key(GLFWwindow *w, int key, int scancode, int action, int mods)
{
    (void)scancode;
    lr_preview *pv = glfwGetWindowUserPointer(w);
    if (action == GLFW_RELEASE)
        return;
    lr_preview_key k;
    switch (key) {
    case GLFW_KEY_SPACE: k = LR_PREVIEW_KEY_SPACE; break;
    case GLFW_KEY_LEFT: k = LR_PREVIEW_KEY_LEFT; break;
    case GLFW_KEY_RIGHT: k = LR_PREVIEW_KEY_RIGHT; break;
    case GLFW_KEY_HOME: k = LR_PREVIEW_KEY_HOME; break;
    case GLFW_KEY_END: k = LR_PREVIEW_KEY_END; break;
    case GLFW_KEY_ESCAPE: k = LR_PREVIEW_KEY_ESCAPE; break;
    case GLFW_KEY_G: k = LR_PREVIEW_KEY_G; break;
    case GLFW_KEY_B: k = LR_PREVIEW_KEY_B; break;
    case GLFW_KEY_H: k = LR_PREVIEW_KEY_H; break;
    case GLFW_KEY_S: k = LR_PREVIEW_KEY_S; break;
    case GLFW_KEY_Q: k = LR_PREVIEW_KEY_Q; break;
    default: return;
    }
    /* Holding an arrow steps frames; holding a toggle must not flicker. */
    if (action == GLFW_REPEAT && k != LR_PREVIEW_KEY_LEFT && k != LR_PREVIEW_KEY_RIGHT)
        return;
    lr_preview_press(pv, k, (mods & GLFW_MOD_SHIFT) ? LR_PREVIEW_MOD_SHIFT : 0);
}

/* The cursor in framebuffer pixels (HiDPI: window units differ). */
static void cursor_fb(lr_preview *pv, double *x, double *y)
{
    int ww, wh, fw, fh;
    glfwGetWindowSize(pv->ctx->window, &ww, &wh);
    glfwGetFramebufferSize(pv->ctx->window, &fw, &fh);
    glfwGetCursorPos(pv->ctx->window, x, y);
    if (ww > 0 && wh > 0) {
        *x *= (double)fw / ww;
        *y *= (double)fh / wh;
    }
}

static void update_cursor(lr_preview *pv)
{
    double x, y;
    cursor_fb(pv, &x, &y);
    int vx, vy, vw, vh;
    lr_present_viewport(pv, &vx, &vy, &vw, &vh);
    /* Frame pixels to window pixels. */
    double k = (double)vh / pv->height, em = lr_preview_em_px(pv) * k;
    bool in_strip = x >= vx && x < vx + vw && y >= vy + vh - LR_SCRUB_EMS * em && y < vy + vh;
    if (pv->dragging) {
        double pad = em;
        double frac = (x - vx - pad) / (vw - 2 * pad);
        frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
        set_frame(pv, (int64_t)floor(frac * (double)(lr_preview_total_frames(pv) - 1) + 0.5));
    }
    bool shown = in_strip || pv->dragging;
    if (shown != pv->cursor_in_strip || pv->dragging) {
        pv->cursor_in_strip = shown;
        if (shown)
            pv->overlays |= LR_PREVIEW_OVERLAY_SCRUB;
        else
            pv->overlays &= ~(unsigned)LR_PREVIEW_OVERLAY_SCRUB;
        pv->overlay_dirty = true;
    }
}

static void on_cursor(GLFWwindow *w, double x, double y)
{
    (void)x;
    (void)y;
    update_cursor(glfwGetWindowUserPointer(w));
}

static void on_mouse(GLFWwindow *w, int button, int action, int mods)
{
    (void)mods;
    lr_preview *pv = glfwGetWindowUserPointer(w);
    if (button != GLFW_MOUSE_BUTTON_LEFT)
        return;
    if (action == GLFW_PRESS && pv->cursor_in_strip) {
        pv->dragging = true;
        pv->paused = true;
    } else if (action == GLFW_RELEASE) {
        pv->dragging = false;
    }
    update_cursor(pv);
}

/* ---- life cycle -------------------------------------------------------------------- */

lr_status lr_preview_create(const char *spec_path, const lr_preview_options *opt, lr_preview **out, lr_error *err)
{
    if (!spec_path || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_preview_create: spec_path and out must not be NULL");
    *out = NULL;
    lr_preview *pv = calloc(1, sizeof *pv);
    if (!pv)
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory for the preview");
    pv->opt = opt ? *opt : lr_preview_options_default();
    if (pv->opt.poll_interval_s <= 0)
        pv->opt.poll_interval_s = 0.25;
    pv->built = (size_t)-1;
    pv->drawn_frame = -1;
    pv->spec_path = strdup(spec_path);
    pv->save_dir = strdup(pv->opt.save_dir ? pv->opt.save_dir : ".");
    pv->opt.save_dir = NULL; /* the copy above is the one used */
    lr_status s = pv->spec_path && pv->save_dir ? LR_OK : lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    if (s == LR_OK)
        s = load_spec(spec_path, &pv->spec, NULL, err);
    if (s == LR_OK) {
        lr_spec_meta meta = lr_spec_get_meta(pv->spec);
        pv->width = pv->opt.width > 0 ? pv->opt.width : meta.width;
        pv->height = pv->opt.height > 0 ? pv->opt.height : meta.height;
        pv->fps = pv->opt.fps > 0 ? pv->opt.fps : meta.fps;
        pv->orientation = meta.orientation;
        if (pv->width <= 0 || pv->height <= 0 || pv->fps <= 0 || pv->fps > 240)
            s = lr_error_set(err, LR_ERR_INVALID_ARG, "invalid preview size %dx%d at %d fps", pv->width, pv->height,
                             pv->fps);
    }
    if (s == LR_OK) {
        pv->section_start = section_frames(pv->spec, pv->fps, &pv->nsections);
        if (!pv->section_start)
            s = lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    }
    if (s == LR_OK)
        s = lr_text_context_create(&pv->text, err);
    if (s == LR_OK) {
        char title[300];
        snprintf(title, sizeof title, "c2v preview: %s", spec_path);
        lr_context_desc desc = lr_context_desc_default(pv->width, pv->height);
        desc.backend = LR_BACKEND_GLFW;
        desc.samples = pv->opt.samples;
        desc.visible = true;
        desc.title = title;
        s = lr_context_create(&desc, &pv->ctx, err);
    }
    if (s == LR_OK)
        s = lr_present_init(pv, err);
    if (s == LR_OK) {
        GLFWwindow *w = pv->ctx->window;
        int ww = pv->opt.window_width, wh = pv->opt.window_height;
        if (ww <= 0 || wh <= 0) {
            double k = fmin(1.0, fmin((double)MAX_WINDOW_W / pv->width, (double)MAX_WINDOW_H / pv->height));
            ww = (int)(pv->width * k + 0.5);
            wh = (int)(pv->height * k + 0.5);
        }
        glfwSetWindowSize(w, ww, wh);
        glfwSetWindowUserPointer(w, pv);
        glfwSetKeyCallback(w, on_key);
        glfwSetCursorPosCallback(w, on_cursor);
        glfwSetMouseButtonCallback(w, on_mouse);
        glfwSwapInterval(pv->opt.vsync ? 1 : 0);
        pv->paused = pv->opt.start_paused;
        pv->last_clock = pv->fps_window_start = pv->last_title = lr_preview_clock();
        pv->last_poll = pv->last_clock;
        watch_rebuild(pv);
    }
    if (s != LR_OK) {
        lr_preview_destroy(pv);
        return s;
    }
    *out = pv;
    return LR_OK;
}

void lr_preview_destroy(lr_preview *pv)
{
    if (!pv)
        return;
    drop_section(pv);
    lr_scene_destroy(pv->overlay_scene);
    lr_present_destroy(pv);
    lr_context_destroy(pv->ctx);
    lr_text_context_destroy(pv->text);
    lr_spec_destroy(pv->spec);
    free(pv->section_start);
    for (size_t i = 0; i < pv->nerrors; i++)
        free(pv->errors[i]);
    free(pv->errors);
    watch_free(pv);
    free(pv->spec_path);
    free(pv->save_dir);
    free(pv);
}

static void update_title(lr_preview *pv, double now)
{
    if (now - pv->fps_window_start >= 0.5) {
        pv->measured_fps = pv->fps_window_frames / (now - pv->fps_window_start);
        pv->fps_window_start = now;
        pv->fps_window_frames = 0;
    }
    if (now - pv->last_title < 0.25)
        return;
    pv->last_title = now;
    size_t sec = lr_preview_section_of(pv, lr_preview_frame(pv));
    const char *base = strrchr(pv->spec_path, '/');
    char title[512];
    snprintf(title, sizeof title, "%s | section %zu/%zu %s | %.2f / %.2f s | %.1f fps%s%s",
             base ? base + 1 : pv->spec_path, sec + 1, pv->nsections, lr_spec_section_id(pv->spec, sec), pv->t,
             lr_preview_duration(pv), pv->measured_fps, pv->paused ? " | paused" : "",
             pv->nerrors ? " | ERRORS" : "");
    glfwSetWindowTitle(pv->ctx->window, title);
}

/* Draws frame f into the scene texture. */
static lr_status draw_frame(lr_preview *pv, int64_t f, lr_error *err)
{
    size_t sec = lr_preview_section_of(pv, f);
    lr_status s = LR_OK;
    if (sec != pv->built) {
        drop_section(pv);
        lr_error berr;
        /* A section that does not build is shown as an error, like a bad
         * reload, not returned: the other sections still play. */
        if (lr_spec_build_section(pv->spec, sec, &pv->scene, &pv->timeline, &berr) != LR_OK) {
            pv->scene = NULL;
            pv->timeline = NULL;
            char msg[sizeof berr.message + 64];
            snprintf(msg, sizeof msg, "section \"%s\": %s", lr_spec_section_id(pv->spec, sec), berr.message);
            add_error(pv, msg);
        }
        pv->built = sec; /* also when it failed: retried after a reload, not every frame */
    }
    GladGLContext *gl = &pv->ctx->gl;
    if (!pv->scene) {
        gl->BindFramebuffer(GL_FRAMEBUFFER, pv->present.scene_fbo);
        gl->ClearColor(0, 0, 0, 1);
        gl->Clear(GL_COLOR_BUFFER_BIT);
        gl->BindFramebuffer(GL_FRAMEBUFFER, pv->ctx->fbo);
        return LR_OK;
    }
    s = lr_timeline_seek_frame(pv->timeline, f - pv->section_start[sec], pv->fps, err);
    if (s == LR_OK)
        s = lr_context_draw(pv->ctx, pv->scene, err);
    if (s == LR_OK)
        s = lr_present_grab(pv, false, err);
    return s;
}

lr_status lr_preview_step(lr_preview *pv, lr_error *err)
{
    if (!pv)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_preview_step: no preview");
    lr_preview_make_current(pv);
    glfwPollEvents();
    if (glfwWindowShouldClose(pv->ctx->window))
        pv->quit = true;
    double now = lr_preview_clock();
    double dt = now - pv->last_clock;
    pv->last_clock = now;
    if (!pv->paused && !pv->dragging) {
        pv->t += dt;
        int64_t total = lr_preview_total_frames(pv);
        if (pv->t * pv->fps >= (double)total) {
            /* Stop on the last frame: a lesson is watched once, not looped. */
            set_frame(pv, total - 1);
            pv->paused = true;
        }
    }
    if (now - pv->last_poll >= pv->opt.poll_interval_s) {
        pv->last_poll = now;
        poll_files(pv);
    }
    int64_t f = lr_preview_frame(pv);
    lr_status s = LR_OK;
    if (f != pv->drawn_frame || pv->frame_dirty) {
        s = draw_frame(pv, f, err);
        if (s != LR_OK)
            return s;
        pv->drawn_frame = f;
        pv->frame_dirty = false;
        pv->frames_drawn++;
        pv->fps_window_frames++;
        if (pv->overlays & (LR_PREVIEW_OVERLAY_BOXES | LR_PREVIEW_OVERLAY_SCRUB))
            pv->overlay_dirty = true;
    }
    if (pv->overlay_dirty) {
        pv->overlay_dirty = false;
        s = lr_preview_overlay_build(pv, err);
        if (s == LR_OK && pv->overlay_scene) {
            s = lr_context_draw(pv->ctx, pv->overlay_scene, err);
            if (s == LR_OK)
                s = lr_present_grab(pv, true, err);
        }
        pv->overlay_present = s == LR_OK && pv->overlay_scene != NULL;
        if (s != LR_OK)
            return s;
    }
    lr_present_compose(pv);
    glfwSwapBuffers(pv->ctx->window);
    update_title(pv, now);
    return LR_OK;
}

bool lr_preview_should_close(const lr_preview *pv) { return !pv || pv->quit; }

lr_status lr_preview_run(lr_preview *pv, lr_error *err)
{
    while (!lr_preview_should_close(pv)) {
        lr_status s = lr_preview_step(pv, err);
        if (s != LR_OK)
            return s;
        /* Sleep until something can change: the next frame when playing, a
         * file poll when paused; any input wakes it at once. */
        double wait = pv->opt.poll_interval_s;
        if (!pv->paused) {
            double next = (double)(lr_preview_frame(pv) + 1) / pv->fps - pv->t;
            wait = next < wait ? next : wait;
        }
        if (wait > 0.0005)
            glfwWaitEventsTimeout(wait);
    }
    return LR_OK;
}

lr_status lr_preview_run_file(const char *spec_path, const lr_preview_options *opt, lr_error *err)
{
    lr_preview *pv;
    lr_status s = lr_preview_create(spec_path, opt, &pv, err);
    if (s != LR_OK)
        return s;
    s = lr_preview_run(pv, err);
    lr_preview_destroy(pv);
    return s;
}

/* ---- queries ------------------------------------------------------------------------ */

unsigned lr_preview_overlays(const lr_preview *pv) { return pv->overlays; }

void lr_preview_seek(lr_preview *pv, double t)
{
    if (!isfinite(t))
        return;
    set_frame(pv, frame_at(pv, t));
    pv->overlay_dirty = true;
}

double lr_preview_time(const lr_preview *pv) { return pv->t; }
double lr_preview_duration(const lr_preview *pv) { return (double)lr_preview_total_frames(pv) / pv->fps; }
int64_t lr_preview_frame(const lr_preview *pv) { return frame_at(pv, pv->t); }
int lr_preview_fps(const lr_preview *pv) { return pv->fps; }
size_t lr_preview_section(const lr_preview *pv) { return lr_preview_section_of(pv, lr_preview_frame(pv)); }

void lr_preview_set_paused(lr_preview *pv, bool paused)
{
    pv->paused = paused;
    pv->last_clock = lr_preview_clock();
}

bool lr_preview_paused(const lr_preview *pv) { return pv->paused; }
double lr_preview_measured_fps(const lr_preview *pv) { return pv->measured_fps; }
unsigned lr_preview_reload_count(const lr_preview *pv) { return pv->reloads; }
size_t lr_preview_error_count(const lr_preview *pv) { return pv->nerrors; }

const char *lr_preview_error_message(const lr_preview *pv, size_t index)
{
    return index < pv->nerrors ? pv->errors[index] : NULL;
}

lr_status lr_preview_frame_image(lr_preview *pv, lr_image *out, lr_error *err)
{
    if (!pv || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_preview_frame_image: no preview or image");
    return lr_present_read_scene(pv, out, err);
}

lr_status lr_preview_save_frame(lr_preview *pv, const char *path, lr_error *err)
{
    lr_image img = {0};
    lr_status s = lr_preview_frame_image(pv, &img, err);
    if (s == LR_OK)
        s = lr_image_write_png(&img, path, err);
    lr_image_free(&img);
    return s;
}

lr_status lr_preview_capture(lr_preview *pv, lr_image *out, lr_error *err)
{
    if (!pv || !out)
        return lr_error_set(err, LR_ERR_INVALID_ARG, "lr_preview_capture: no preview or image");
    return lr_present_read_window(pv, out, err);
}

void lr_preview_viewport(const lr_preview *pv, int *x, int *y, int *width, int *height)
{
    int vx, vy, vw, vh;
    lr_present_viewport(pv, &vx, &vy, &vw, &vh);
    if (x)
        *x = vx;
    if (y)
        *y = vy;
    if (width)
        *width = vw;
    if (height)
        *height = vh;
}
