/* Internal state of the GPU backend: the context object and the renderer
 * that lives inside it. */
#ifndef LR_GPU_INTERNAL_H
#define LR_GPU_INTERNAL_H

#include <librender/lr_context.h>

#include "scene/scene_internal.h"

#include <EGL/egl.h>
#include <glad/gl.h>

typedef struct GLFWwindow GLFWwindow;

/* One record of the edge buffer (two RGBA32F texels): a quadratic segment,
 * a join or a cap, in pixel coordinates. Layout documented in
 * shaders/edge/edge.vert. */
typedef struct lr_gpu_record {
    float a[4];
    float b[4];
} lr_gpu_record;

/* Texture units, one per use, so that no pass unbinds another's texture. */
enum {
    LR_UNIT_RECORDS = 0, /* edge records (buffer texture) */
    LR_UNIT_IMAGE = 1,   /* the image being drawn */
    LR_UNIT_FRAME = 2,   /* the finished frame, read by the YUV pass */
    LR_UNIT_PATHS = 3,   /* the path table (buffer texture) */
};

/* Record kinds (shaders/edge/edge.vert). 1 is free: round joins are drawn
 * by the segments' own round ends. A record stores its kind plus its path
 * shifted by LR_RECORD_PATH_SHIFT. */
enum { KIND_SEGMENT = 0, KIND_JOIN_BEVEL = 2, KIND_JOIN_MITER, KIND_CAP_ROUND, KIND_CAP_SQUARE };
enum { LR_RECORD_PATH_SHIFT = 3 };

/* The path table: LR_PATH_TEXELS RGBA32F texels per path, in this order.
 * The shaders get these numbers, and the two above, as #defines of the same
 * names (renderer.c, shader_defines). */
enum {
    LR_PATH_FILL_COLOR = 0,
    LR_PATH_STROKE_COLOR = 1,
    LR_PATH_STYLE = 2, /* pivot x, pivot y, stroke half width, boundary winding */
    LR_PATH_FILL_BOX = 3,
    LR_PATH_STROKE_BOX = 4,
    LR_PATH_TEXELS = 5,
};

/* What to draw for one path item of the frame, as ranges of records. */
typedef struct lr_gpu_path {
    uint32_t fill_first, fill_count;     /* quadratics of the fill, straight ones first */
    uint32_t fill_lines;                 /* how many are straight */
    uint32_t stroke_first, stroke_count; /* segments, straight ones first */
    uint32_t stroke_lines;
    uint32_t piece_count;                /* joins and caps, after the segments */
    float fill_color[4];                 /* premultiplied, opacity applied */
    float stroke_color[4];
    float stroke_half_width; /* pixels */
    float pivot[2];          /* fan apex of the stencil pass */
    float fill_box[4];       /* pixel box covering every fill fragment: x0 y0 x1 y1 */
    float stroke_box[4];     /* same for the stroke */
    lr_fill_rule fill_rule;
    bool fringe; /* antialias the fill's edges (not when an opaque stroke hides them) */
    int winding; /* +1 or -1: the winding of the fill's boundary pixels (nonzero) */
    int image; /* >= 0: this entry draws frame image `image` instead of a path; LR_GPU_LAYER_3D: the 3D layer */
    float box[4];  /* every pixel the path touches: the union of the boxes above it has */
    float body[4]; /* the shape without its antialiasing: control points, stroke half width or miter added */
} lr_gpu_path;

/* lr_gpu_path.image of a path, and of the entry that draws the 3D layer
 * (every mesh of the frame, at the place of the first one). */
enum { LR_GPU_PATH = -1, LR_GPU_LAYER_3D = -2 };

/* Paths drawn by the same draw calls (renderer.c, "Batches"): each pass of
 * the fill and of the stroke is one draw over the records of every path in
 * the batch, laid out contiguously per pass in the ordered record buffer.
 * Records carry their path's index, which finds colour, width, pivot and
 * boxes in the path table. */
typedef struct lr_gpu_batch {
    uint32_t first_path, path_count; /* a run of ctx->paths, in drawing order */
    uint32_t fill_first, fill_count; /* every fill record: the stencil pass */
    uint32_t fringe_first, fringe_lines, fringe_count; /* the antialiased ones, straight first */
    uint32_t stroke_first, stroke_lines, stroke_count; /* segments, straight first */
    uint32_t piece_count;                              /* joins and caps, after the segments */
    lr_fill_rule fill_rule;                            /* of every fill in the batch */
    unsigned windings; /* boundary windings of its antialiased nonzero fills: 1 for +1, 2 for -1 */
    float box[4];   /* union of the paths' boxes */
    bool has_fill;  /* a path of the batch has fill records */
} lr_gpu_batch;

typedef struct lr_gpu_image_cache {
    const void *mobject; /* identity only: never dereferenced */
    const void *pixels;
    uint32_t version;
    int width, height;
    GLuint texture;
    bool used; /* touched this frame: unused entries are dropped after it */
} lr_gpu_image_cache;

/* A function image's program and uniforms (function_image.c): all a draw
 * of it depends on, so that the kept layer compares two frames' byte for
 * byte (the struct is zeroed before it is filled). */
typedef struct lr_gpu_fn_draw {
    uint64_t program; /* serial of its entry in lr_gpu_fn_cache; 0: not a function image */
    float domain[4];
    float vars[LR_IMAGE_FN_MAX_VARS];
    float stops[LR_IMAGE_FN_MAX_STOPS][4];
    float range[2];
    int nstops;
    int contours;
} lr_gpu_fn_draw;

typedef struct lr_gpu_image_draw {
    GLuint texture;   /* 0 for a function image */
    float corners[8]; /* pixel coordinates: (x0,y0) (x1,y0) (x0,y1) (x1,y1) of the image rect, mapped */
    float opacity;
    lr_gpu_fn_draw fn;
} lr_gpu_image_draw;

/* A program of function images, compiled from one lr_fn text. */
typedef struct lr_gpu_fn_program {
    char *source; /* the generated part (defines, mode, lr_fn): the cache key */
    GLuint id;
    uint64_t serial;  /* unique in the context, never reused */
    uint64_t used_at; /* the frame that last drew it */
    GLint corners, viewport, grow, domain, vars, opacity, stops, nstops, range, contours;
} lr_gpu_fn_program;

typedef struct lr_gpu_fn_cache {
    lr_gpu_fn_program *items;
    size_t count, cap;
    uint64_t serial, frame;
} lr_gpu_fn_cache;

/* A program drawing edge records (shaders/edge/edge.vert). */
typedef struct lr_gpu_edge_program {
    GLuint id;
    GLint records, paths, first, role, viewport, expand, depth_base, depth_scale;
    GLint sign; /* fringe only */
} lr_gpu_edge_program;

typedef struct lr_gpu_programs {
    GLuint stencil, cover, image;
    lr_gpu_edge_program fringe[2], segment[2]; /* [1]: for straight records */
    lr_gpu_edge_program piece;
    /* uniform locations */
    GLint st_quads, st_paths, st_first, st_viewport;
    GLint cv_paths, cv_first_path, cv_box, cv_viewport;
    GLint im_corners, im_viewport, im_tex, im_opacity;
} lr_gpu_programs;

/* The 3D layer (mesh3d.c): every mesh of a frame, drawn depth-tested into
 * a target of its own and laid over the frame in one piece. */
typedef struct lr_gpu_3d lr_gpu_3d;

/* Breaks between batches that the kept layer keeps in place (layer.c). */
#define LR_GPU_BREAKS 4

/* The unchanged bottom of the previous frame (layer.c). */
typedef struct lr_gpu_layer {
    GLuint fbo, color_rb;        /* colour only: the frame's format and samples */
    int width, height, samples;  /* of that target when made */
    uint32_t kept;               /* it holds the previous frame after this many batches; 0: nothing */
    bool has_previous;
    lr_color background;         /* the previous frame's, and its arrays: */
    lr_gpu_batch *batches;
    size_t nbatches, cap_batches;
    lr_gpu_record *ordered;
    size_t cap_ordered;
    float (*path_table)[4];
    size_t cap_path_table;
    lr_gpu_image_draw *images; /* its images: function images' batches are compared */
    size_t nimages, cap_images;
    lr_gpu_path *paths; /* its paths, and their records in build order (lr_gpu_layer_breaks) */
    size_t npaths, cap_paths;
    lr_gpu_record *records;
    size_t cap_records;
    uint32_t *ages; /* per path index: frames it has been the same (SETTLED at most, layer.c) */
    size_t cap_ages;
    size_t breaks[LR_GPU_BREAKS]; /* where the last frame's batches broke, ascending (lr_gpu_layer_breaks) */
    size_t nbreaks;
    size_t unsettled; /* this frame's first path still changing, if not the first: the layer is kept below it */
} lr_gpu_layer;

struct lr_context {
    lr_backend backend;
    int width, height, samples;
    char renderer[256];
    char version[256];

    /* EGL backends */
    EGLDisplay dpy;
    EGLContext egl_ctx;
    /* GLFW backend */
    GLFWwindow *window;

    GladGLContext gl;

    /* Offscreen frame: the framebuffer drawn into, and, with MSAA, the
     * single-sampled one it is resolved into for readback. */
    GLuint fbo, color_rb, depth_rb; /* color_rb: MSAA only */
    GLuint resolve_fbo;
    GLuint frame_tex; /* single-sampled colour: fbo's attachment, or resolve_fbo's with MSAA */

    /* The YUV pass (yuv.c), made on first use: the finished frame as
     * planar 4:2:0 bytes in an R8 target of width x height*3/2. */
    GLuint yuv_prog[2], yuv_fbo, yuv_tex; /* [1]: straightens alpha first */
    GLint yuv_u_frame[2], yuv_u_size[2], yuv_u_nv12[2];
    int yuv_width, yuv_height;

    lr_gpu_programs prog;
    GLuint vao;
    GLuint record_buffer, record_texture;
    size_t record_buffer_size; /* bytes allocated on the GPU */
    GLuint path_buffer, path_texture; /* the path table (renderer.c, LR_PATH_TEXELS per path) */
    size_t path_buffer_size;

    /* Per-frame CPU arrays, kept between frames to avoid reallocating. */
    lr_gpu_record *records;
    size_t nrecords, cap_records;
    lr_gpu_record *pieces; /* one path's joins and caps, before joining `records` */
    size_t npieces, cap_pieces;
    lr_gpu_path *paths;
    size_t npaths, cap_paths;
    lr_gpu_batch *batches;
    size_t nbatches, cap_batches;
    lr_gpu_record *ordered; /* `records` regrouped per batch and pass: what the GPU reads */
    size_t nordered, cap_ordered;
    float (*path_table)[4]; /* LR_PATH_TEXELS RGBA texels per path */
    size_t cap_path_table;  /* texels */
    lr_gpu_image_draw *images;
    size_t nimages, cap_images;
    lr_quad *quads; /* one path's quadratics, pixel space */
    uint32_t cap_quads;
    uint32_t *subpath_quads; /* one path's subpaths: index of the first quad, and one past the last */
    uint32_t cap_subpath_quads;
    lr_vec2 *points; /* one path's points, pixel space */
    uint32_t cap_points;
    uint32_t depth_slot; /* the last depth slot taken (see shaders/edge/common.glsl); goes on over frames */
    bool frame_unfinished; /* a frame began drawing and did not reach lr_gpu_layer_end */
    lr_draw_list draw_list;

    lr_gpu_image_cache *cache;
    size_t ncache, cap_cache;

    lr_gpu_layer layer;
    lr_gpu_3d *three_d; /* made on the first frame with meshes */
    lr_gpu_fn_cache fn; /* function images' programs (function_image.c) */
    bool full_redraw; /* lr_context_desc.full_redraw */

    bool background_translucent;
    bool timing_enabled;
    lr_frame_timing timing;
};

/* Makes ctx's GL context current on this thread (cheap when it already is). */
void lr_gpu_make_current(lr_context *ctx);

/* renderer.c */
lr_status lr_gpu_renderer_init(lr_context *ctx, lr_error *err);
void lr_gpu_renderer_destroy(lr_context *ctx);
lr_status lr_gpu_render_scene(lr_context *ctx, const lr_scene *scene, lr_error *err);

/* layer.c. Begin: clears the frame, or starts it from the kept bottom
 * layer when this frame's first batches are the ones it holds; returns the
 * first batch left to draw, and in *keep_at the batch count after which
 * lr_gpu_layer_keep should be called (0: none). End: after the last batch,
 * this frame becomes the one the next is compared with. */
uint32_t lr_gpu_layer_begin(lr_context *ctx, lr_color background, uint32_t *keep_at);
/* True when this frame's batches, records, path table and background are
 * the previous frame's, which the framebuffer still holds: then it need not
 * be drawn (the caller still ends it with lr_gpu_layer_end). */
bool lr_gpu_layer_unchanged(const lr_context *ctx, lr_color background);
/* Where this frame's batches must break (paths built, not yet batched):
 * path indices, ascending, at most LR_GPU_BREAKS; *breaks points into the
 * layer and stays valid until the next call. */
size_t lr_gpu_layer_breaks(lr_context *ctx, const size_t **breaks);
void lr_gpu_layer_keep(lr_context *ctx, uint32_t batches);
void lr_gpu_layer_end(lr_context *ctx, lr_color background);
void lr_gpu_layer_destroy(lr_context *ctx);

/* mesh3d.c. Begin: a frame starts (no meshes yet). Add: one mesh item of
 * the draw list, in drawing order. Build: lays the frame's 3D pieces out
 * for the GPU (after every add; false when there is nothing to draw).
 * Draw: renders them and lays the layer over ctx->fbo, leaving the state
 * the path passes expect (their VAO, blending, no depth or stencil test). */
void lr_gpu_3d_begin(lr_context *ctx);
lr_status lr_gpu_3d_add(lr_context *ctx, const lr_draw_item *item, lr_error *err);
lr_status lr_gpu_3d_build(lr_context *ctx, const lr_scene *scene, bool *any);
lr_status lr_gpu_3d_draw(lr_context *ctx, lr_error *err);
void lr_gpu_3d_destroy(lr_context *ctx);

/* function_image.c. Prepare: the program of fn (compiled on first use,
 * then found by its text) and the uniforms, into d->fn. Draw: one draw of
 * it, blending as the path passes do. End of a frame: programs the frame
 * did not use are deleted while the cache holds more than it keeps. */
lr_status lr_gpu_fn_prepare(lr_context *ctx, const lr_image_fn *fn, lr_gpu_image_draw *d, lr_error *err);
void lr_gpu_fn_draw_image(lr_context *ctx, const lr_gpu_image_draw *d);
void lr_gpu_fn_end_frame(lr_context *ctx);
void lr_gpu_fn_destroy(lr_context *ctx);

double lr_gpu_now_ms(void);
/* Room for `need` elements in *arr (capacity *cap, doubled as needed);
 * false, *arr untouched, when memory runs out. */
bool lr_gpu_grow(void **arr, size_t *cap, size_t need, size_t elem);
/* Binds the finished frame as GL_READ_FRAMEBUFFER, resolving the
 * multisampled target into the single-sample one first when there is one. */
void lr_gpu_bind_frame_for_read(lr_context *ctx);

/* yuv.c: converts the last drawn frame to 4:2:0 BT.709 limited range (the
 * bytes librender/encode/convert.c computes) in the R8 target, and leaves
 * that target bound for reading: rows 0..h-1 Y, then h/2 rows of chroma, U
 * in the left half and V in the right (nv12: U and V interleaved). Width and
 * height must be even. */
lr_status lr_gpu_yuv_convert(lr_context *ctx, bool nv12, lr_error *err);
void lr_gpu_yuv_destroy(lr_context *ctx);

/* renderer.c: a program from files under shaders/: a vertex shader and a
 * fragment shader made of `nfs` parts (the first holds #version). */
lr_status lr_gpu_program_link(GladGLContext *gl, const char *vs_name, const char *const *fs_names, int nfs, GLuint *out,
                              lr_error *err);
/* The same with `generated` (text made at run time) between the fragment
 * shader's last two files. */
lr_status lr_gpu_program_link_generated(GladGLContext *gl, const char *vs_name, const char *const *fs_names, int nfs,
                                        const char *generated, GLuint *out, lr_error *err);

/* Premultiplied RGBA rows to straight alpha, in place. */
void lr_gpu_unpremultiply(uint8_t *pixels, int width, int height, ptrdiff_t stride);

#endif
