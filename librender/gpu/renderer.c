/* The path renderer: stencil-then-cover fills with an analytic fringe, and
 * strokes built from exact distances to quadratic segments. See
 * docs/rendering.md for the design, and shaders/edge/common.glsl for how
 * the depth buffer picks nearest edges and largest coverages. */
#include "gpu/gpu_internal.h"
#include "gpu/shader_source.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Cubics are split into quadratics within this many pixels. */
#define LR_QUAD_TOLERANCE_PX 0.1f
/* Depth slots: each depth-tested pass uses values below every earlier pass. */
#define LR_DEPTH_SLOT (4096.0 / 16777215.0)
#define LR_DEPTH_SLOTS 4000u

/* Records name their path as kind + (path << LR_RECORD_PATH_SHIFT) in a
 * float, exact below 2^24. */
#define LR_MAX_FRAME_PATHS (1u << (24 - LR_RECORD_PATH_SHIFT))
/* Paths a batch may hold: bounds the overlap tests that admit a path. */
#define LR_BATCH_MAX_PATHS 256u

/* ---- programs ------------------------------------------------------------ */

/* The numbers the shaders share with this library (record kinds, how a
 * record names its path, the path table's layout, function images' array
 * sizes), defined once in gpu_internal.h and scene_internal.h and given to
 * every shader as #defines. */
static void shader_defines(char *buf, size_t size)
{
    snprintf(buf, size,
             "#define LR_KIND_SEGMENT %d\n#define LR_KIND_JOIN_BEVEL %d\n#define LR_KIND_JOIN_MITER %d\n"
             "#define LR_KIND_CAP_ROUND %d\n#define LR_KIND_CAP_SQUARE %d\n#define LR_RECORD_PATH_SHIFT %d\n"
             "#define LR_PATH_TEXELS %d\n#define LR_PATH_FILL_COLOR %d\n#define LR_PATH_STROKE_COLOR %d\n"
             "#define LR_PATH_STYLE %d\n#define LR_PATH_FILL_BOX %d\n#define LR_PATH_STROKE_BOX %d\n"
             "#define LR_FN_MAX_VARS %d\n#define LR_FN_MAX_STOPS %d\n#line 2\n",
             KIND_SEGMENT, KIND_JOIN_BEVEL, KIND_JOIN_MITER, KIND_CAP_ROUND, KIND_CAP_SQUARE, LR_RECORD_PATH_SHIFT,
             LR_PATH_TEXELS, LR_PATH_FILL_COLOR, LR_PATH_STROKE_COLOR, LR_PATH_STYLE, LR_PATH_FILL_BOX,
             LR_PATH_STROKE_BOX, LR_IMAGE_FN_MAX_VARS, LR_IMAGE_FN_MAX_STOPS);
}

/* Compiles the concatenation of shaders/<names[0]>, shaders/<names[1]>, ...
 * (and `generated`, when not NULL, before the last file). The first file's
 * first line is its #version line; shader_defines go right after it
 * (#line 2 keeps the compiler's line numbers the file's). */
static lr_status compile_shader(GladGLContext *gl, GLenum type, const char *const *names, int n, const char *generated,
                                GLuint *out, lr_error *err)
{
    enum { MAX_FILES = 4 };
    const char *src[MAX_FILES + 3];
    GLint len[MAX_FILES + 3];
    char defines[640];
    if (n > MAX_FILES)
        n = MAX_FILES;
    for (int i = 0; i < n; i++) {
        src[i + 2] = lr_shader_source(names[i]);
        len[i + 2] = -1;
        if (!src[i + 2])
            return lr_error_set(err, LR_ERR_GL, "shader shaders/%s is not embedded in the library", names[i]);
    }
    int nsrc = n + 2;
    if (generated && n > 1) {
        src[nsrc] = src[nsrc - 1];
        src[nsrc - 1] = generated;
        len[nsrc++] = -1;
    }
    const char *version_end = strchr(src[2], '\n');
    if (strncmp(src[2], "#version", 8) != 0 || !version_end)
        return lr_error_set(err, LR_ERR_GL, "shaders/%s must begin with its #version line", names[0]);
    shader_defines(defines, sizeof defines);
    src[0] = src[2];
    len[0] = (GLint)(version_end + 1 - src[2]);
    src[1] = defines;
    len[1] = -1;
    src[2] = version_end + 1;
    GLuint sh = gl->CreateShader(type);
    gl->ShaderSource(sh, nsrc, src, len);
    gl->CompileShader(sh);
    GLint ok = 0;
    gl->GetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[768];
        gl->GetShaderInfoLog(sh, sizeof log, NULL, log);
        gl->DeleteShader(sh);
        return lr_error_set(err, LR_ERR_GL, "shaders/%s does not compile: %s", names[n - 1], log);
    }
    *out = sh;
    return LR_OK;
}

/* A program from a vertex shader and a fragment shader made of `nfs` files
 * (and `generated`, see compile_shader). */
static lr_status link_program(GladGLContext *gl, const char *vs_name, const char *const *fs_names, int nfs,
                              const char *generated, GLuint *out, lr_error *err)
{
    GLuint vs = 0, fs = 0;
    lr_status s = compile_shader(gl, GL_VERTEX_SHADER, &vs_name, 1, NULL, &vs, err);
    if (s != LR_OK)
        return s;
    s = compile_shader(gl, GL_FRAGMENT_SHADER, fs_names, nfs, generated, &fs, err);
    if (s != LR_OK) {
        gl->DeleteShader(vs);
        return s;
    }
    GLuint p = gl->CreateProgram();
    gl->AttachShader(p, vs);
    gl->AttachShader(p, fs);
    gl->BindFragDataLocation(p, 0, "o_color");
    gl->LinkProgram(p);
    gl->DeleteShader(vs);
    gl->DeleteShader(fs);
    GLint ok = 0;
    gl->GetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[768];
        gl->GetProgramInfoLog(p, sizeof log, NULL, log);
        gl->DeleteProgram(p);
        return lr_error_set(err, LR_ERR_GL, "shaders/%s + shaders/%s do not link: %s", vs_name, fs_names[nfs - 1],
                            log);
    }
    *out = p;
    return LR_OK;
}

static lr_status link_simple_program(GladGLContext *gl, const char *vs_name, const char *fs_name, GLuint *out,
                                     lr_error *err)
{
    return link_program(gl, vs_name, &fs_name, 1, NULL, out, err);
}

lr_status lr_gpu_program_link(GladGLContext *gl, const char *vs_name, const char *const *fs_names, int nfs, GLuint *out,
                              lr_error *err)
{
    return link_program(gl, vs_name, fs_names, nfs, NULL, out, err);
}

lr_status lr_gpu_program_link_generated(GladGLContext *gl, const char *vs_name, const char *const *fs_names, int nfs,
                                        const char *generated, GLuint *out, lr_error *err)
{
    return link_program(gl, vs_name, fs_names, nfs, generated, out, err);
}

static lr_status link_edge_program(GladGLContext *gl, const char *fs_name, bool lines, lr_gpu_edge_program *e,
                                   lr_error *err)
{
    const char *parts[3] = {lines ? "edge/lines.glsl" : "edge/curves.glsl", "edge/common.glsl", fs_name};
    lr_status s = link_program(gl, "edge/edge.vert", parts, 3, NULL, &e->id, err);
    if (s != LR_OK)
        return s;
    e->records = gl->GetUniformLocation(e->id, "u_records");
    e->paths = gl->GetUniformLocation(e->id, "u_paths");
    e->first = gl->GetUniformLocation(e->id, "u_first");
    e->role = gl->GetUniformLocation(e->id, "u_role");
    e->viewport = gl->GetUniformLocation(e->id, "u_viewport");
    e->expand = gl->GetUniformLocation(e->id, "u_expand");
    e->depth_base = gl->GetUniformLocation(e->id, "u_depth_base");
    e->depth_scale = gl->GetUniformLocation(e->id, "u_depth_scale");
    e->sign = gl->GetUniformLocation(e->id, "u_sign");
    gl->UseProgram(e->id);
    gl->Uniform1i(e->records, LR_UNIT_RECORDS);
    gl->Uniform1i(e->paths, LR_UNIT_PATHS);
    gl->Uniform1i(e->role, strcmp(fs_name, "edge/fringe.frag") == 0 ? LR_PATH_FILL_COLOR : LR_PATH_STROKE_COLOR);
    return LR_OK;
}

lr_status lr_gpu_renderer_init(lr_context *ctx, lr_error *err)
{
    GladGLContext *gl = &ctx->gl;
    lr_gpu_programs *P = &ctx->prog;
    lr_status s = link_simple_program(gl, "fill/stencil.vert", "fill/stencil.frag", &P->stencil, err);
    if (s == LR_OK)
        s = link_simple_program(gl, "fill/cover.vert", "fill/cover.frag", &P->cover, err);
    if (s == LR_OK)
        s = link_simple_program(gl, "image/image.vert", "image/image.frag", &P->image, err);
    for (int lines = 0; lines < 2 && s == LR_OK; lines++) {
        s = link_edge_program(gl, "edge/fringe.frag", lines, &P->fringe[lines], err);
        if (s == LR_OK)
            s = link_edge_program(gl, "edge/segment.frag", lines, &P->segment[lines], err);
    }
    if (s == LR_OK)
        s = link_edge_program(gl, "edge/piece.frag", false, &P->piece, err);
    if (s != LR_OK)
        return s;

    P->st_quads = gl->GetUniformLocation(P->stencil, "u_records");
    P->st_paths = gl->GetUniformLocation(P->stencil, "u_paths");
    P->st_first = gl->GetUniformLocation(P->stencil, "u_first");
    P->st_viewport = gl->GetUniformLocation(P->stencil, "u_viewport");
    P->cv_paths = gl->GetUniformLocation(P->cover, "u_paths");
    P->cv_first_path = gl->GetUniformLocation(P->cover, "u_first_path");
    P->cv_box = gl->GetUniformLocation(P->cover, "u_box");
    P->cv_viewport = gl->GetUniformLocation(P->cover, "u_viewport");
    P->im_corners = gl->GetUniformLocation(P->image, "u_corners");
    P->im_viewport = gl->GetUniformLocation(P->image, "u_viewport");
    P->im_tex = gl->GetUniformLocation(P->image, "u_tex");
    P->im_opacity = gl->GetUniformLocation(P->image, "u_opacity");

    gl->GenVertexArrays(1, &ctx->vao);
    gl->BindVertexArray(ctx->vao);
    gl->GenBuffers(1, &ctx->record_buffer);
    gl->GenTextures(1, &ctx->record_texture);
    gl->BindBuffer(GL_TEXTURE_BUFFER, ctx->record_buffer);
    ctx->record_buffer_size = 64 * sizeof(lr_gpu_record);
    gl->BufferData(GL_TEXTURE_BUFFER, (GLsizeiptr)ctx->record_buffer_size, NULL, GL_STREAM_DRAW);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_RECORDS);
    gl->BindTexture(GL_TEXTURE_BUFFER, ctx->record_texture);
    gl->TexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, ctx->record_buffer);
    gl->GenBuffers(1, &ctx->path_buffer);
    gl->GenTextures(1, &ctx->path_texture);
    gl->BindBuffer(GL_TEXTURE_BUFFER, ctx->path_buffer);
    ctx->path_buffer_size = 64 * LR_PATH_TEXELS * 4 * sizeof(float);
    gl->BufferData(GL_TEXTURE_BUFFER, (GLsizeiptr)ctx->path_buffer_size, NULL, GL_STREAM_DRAW);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_PATHS);
    gl->BindTexture(GL_TEXTURE_BUFFER, ctx->path_texture);
    gl->TexBuffer(GL_TEXTURE_BUFFER, GL_RGBA32F, ctx->path_buffer);
    gl->ActiveTexture(GL_TEXTURE0);

    gl->UseProgram(P->stencil);
    gl->Uniform1i(P->st_quads, LR_UNIT_RECORDS);
    gl->Uniform1i(P->st_paths, LR_UNIT_PATHS);
    gl->UseProgram(P->cover);
    gl->Uniform1i(P->cv_paths, LR_UNIT_PATHS);
    gl->UseProgram(P->image);
    gl->Uniform1i(P->im_tex, LR_UNIT_IMAGE);
    gl->UseProgram(0);

    GLenum e = gl->GetError();
    if (e != GL_NO_ERROR)
        return lr_error_set(err, LR_ERR_GL, "setting up the path renderer failed (GL error 0x%x)", (unsigned)e);
    return LR_OK;
}

void lr_gpu_renderer_destroy(lr_context *ctx)
{
    GladGLContext *gl = &ctx->gl;
    if (gl->DeleteProgram) {
        gl->DeleteProgram(ctx->prog.stencil);
        for (int i = 0; i < 2; i++) {
            gl->DeleteProgram(ctx->prog.fringe[i].id);
            gl->DeleteProgram(ctx->prog.segment[i].id);
        }
        gl->DeleteProgram(ctx->prog.piece.id);
        gl->DeleteProgram(ctx->prog.cover);
        gl->DeleteProgram(ctx->prog.image);
        gl->DeleteTextures(1, &ctx->record_texture);
        gl->DeleteBuffers(1, &ctx->record_buffer);
        gl->DeleteTextures(1, &ctx->path_texture);
        gl->DeleteBuffers(1, &ctx->path_buffer);
        gl->DeleteVertexArrays(1, &ctx->vao);
        for (size_t i = 0; i < ctx->ncache; i++)
            gl->DeleteTextures(1, &ctx->cache[i].texture);
    }
    free(ctx->records);
    free(ctx->pieces);
    free(ctx->paths);
    free(ctx->batches);
    free(ctx->ordered);
    free(ctx->path_table);
    free(ctx->images);
    free(ctx->quads);
    free(ctx->subpath_quads);
    free(ctx->points);
    free(ctx->cache);
    lr_draw_list_free(&ctx->draw_list);
    lr_gpu_layer_destroy(ctx);
    lr_gpu_3d_destroy(ctx);
    lr_gpu_fn_destroy(ctx);
}

/* ---- growable arrays ------------------------------------------------------- */

bool lr_gpu_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(*arr, n * elem);
    if (!p)
        return false;
    *arr = p;
    *cap = n;
    return true;
}

static bool grow32(void **arr, uint32_t *cap, size_t need, size_t elem)
{
    size_t c = *cap;
    if (need > UINT32_MAX || !lr_gpu_grow(arr, &c, need, elem))
        return false;
    *cap = (uint32_t)c;
    return true;
}

static lr_gpu_record *push_record(lr_context *ctx)
{
    if (!lr_gpu_grow((void **)&ctx->records, &ctx->cap_records, ctx->nrecords + 1, sizeof *ctx->records))
        return NULL;
    return &ctx->records[ctx->nrecords++];
}

static bool push_segment(lr_context *ctx, const lr_quad *q, int flags)
{
    lr_gpu_record *r = push_record(ctx);
    if (!r)
        return false;
    *r = (lr_gpu_record){{q->p0.x, q->p0.y, q->c.x, q->c.y}, {q->p1.x, q->p1.y, (float)KIND_SEGMENT, (float)flags}};
    return true;
}

/* Joins and caps are kept apart while a path is built, then appended after
 * its segments: they are drawn by another program. */
static bool push_piece(lr_context *ctx, lr_vec2 v, lr_vec2 a, lr_vec2 b, int kind, float extra)
{
    if (!lr_gpu_grow((void **)&ctx->pieces, &ctx->cap_pieces, ctx->npieces + 1, sizeof *ctx->pieces))
        return false;
    lr_gpu_record *r = &ctx->pieces[ctx->npieces++];
    *r = (lr_gpu_record){{v.x, v.y, a.x, a.y}, {b.x, b.y, (float)kind, extra}};
    return true;
}

/* ---- building a frame --------------------------------------------------- */

static lr_vec2 sub2(lr_vec2 a, lr_vec2 b) { return (lr_vec2){a.x - b.x, a.y - b.y}; }
static float dot2(lr_vec2 a, lr_vec2 b) { return a.x * b.x + a.y * b.y; }

static bool normalize2(lr_vec2 *v)
{
    float l = sqrtf(dot2(*v, *v));
    if (!(l > 1e-6f))
        return false;
    v->x /= l;
    v->y /= l;
    return true;
}

static bool quad_is_point(const lr_quad *q)
{
    const float eps = 1e-4f;
    return fabsf(q->p0.x - q->p1.x) < eps && fabsf(q->p0.y - q->p1.y) < eps && fabsf(q->p0.x - q->c.x) < eps &&
           fabsf(q->p0.y - q->c.y) < eps;
}

/* Unit directions of travel at the start and end of a quadratic. */
static lr_vec2 quad_start_dir(const lr_quad *q)
{
    lr_vec2 d = sub2(q->c, q->p0);
    if (!normalize2(&d)) {
        d = sub2(q->p1, q->p0);
        if (!normalize2(&d))
            d = (lr_vec2){1.0f, 0.0f};
    }
    return d;
}

static lr_vec2 quad_end_dir(const lr_quad *q)
{
    lr_vec2 d = sub2(q->p1, q->c);
    if (!normalize2(&d)) {
        d = sub2(q->p1, q->p0);
        if (!normalize2(&d))
            d = (lr_vec2){1.0f, 0.0f};
    }
    return d;
}

/* How a segment ends (two bits per end in its record's flags). */
enum { END_HARD = 0, END_BUTT = 1, END_ROUND = 2 };

/* Whether the joint between directions a (in) and b (out) is drawn by the
 * segments' own round ends: the union of the segments' neighbourhoods is
 * exactly a round join, and it is what a vertex where the tangent barely
 * turns (inside a split cubic, on a smooth path) looks like. */
static bool joint_is_round(lr_vec2 a, lr_vec2 b, const lr_style *st)
{
    return st->join == LR_JOIN_ROUND || dot2(a, b) > 0.9998f;
}

static bool push_join(lr_context *ctx, lr_vec2 v, lr_vec2 a, lr_vec2 b, const lr_style *st)
{
    float c = dot2(a, b);
    if (st->join == LR_JOIN_MITER) {
        float half_cos = sqrtf(fmaxf((1.0f + c) * 0.5f, 0.0f));
        float limit = st->miter_limit > 0.0f ? st->miter_limit : 4.0f;
        if (half_cos > 1e-6f && 1.0f / half_cos <= limit)
            return push_piece(ctx, v, a, b, KIND_JOIN_MITER, 1.0f / half_cos);
    }
    return push_piece(ctx, v, a, b, KIND_JOIN_BEVEL, 1.0f);
}

/* Appends the stroke pieces of one subpath made of quads[0, n). */
static bool build_stroke_subpath(lr_context *ctx, const lr_quad *quads, uint32_t n, bool closed, lr_vec2 start,
                                 const lr_style *st)
{
    /* Zero-length pieces have no direction to join: skip them. */
    uint32_t first = UINT32_MAX, last = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (!quad_is_point(&quads[i])) {
            if (first == UINT32_MAX)
                first = i;
            last = i;
        }
    }
    if (first == UINT32_MAX) {
        /* A lone point: a dot under round or square caps. */
        if (st->cap == LR_CAP_BUTT)
            return true;
        return push_piece(ctx, start, (lr_vec2){1.0f, 0.0f}, (lr_vec2){0, 0},
                          st->cap == LR_CAP_ROUND ? KIND_CAP_ROUND : KIND_CAP_SQUARE, 0.0f);
    }
    int cap_end = st->cap == LR_CAP_ROUND ? END_ROUND : END_BUTT;
    const lr_quad *q0 = &quads[first], *qn = &quads[last];
    /* The ends of the subpath: a joint when closed, else caps. */
    int wrap = cap_end;
    if (closed) {
        lr_vec2 a = quad_end_dir(qn), b = quad_start_dir(q0);
        wrap = joint_is_round(a, b, st) ? END_ROUND : END_HARD;
        if (wrap == END_HARD && !push_join(ctx, q0->p0, a, b, st))
            return false;
    }
    int start_type = wrap;
    const lr_quad *prev = NULL;
    for (uint32_t i = first; i <= last; i++) {
        const lr_quad *q = &quads[i];
        if (quad_is_point(q))
            continue;
        if (prev) {
            lr_vec2 a = quad_end_dir(prev), b = quad_start_dir(q);
            int type = joint_is_round(a, b, st) ? END_ROUND : END_HARD;
            if (!push_segment(ctx, prev, start_type | (type << 2)))
                return false;
            if (type == END_HARD && !push_join(ctx, q->p0, a, b, st))
                return false;
            start_type = type;
        }
        prev = q;
    }
    if (!push_segment(ctx, prev, start_type | (wrap << 2)))
        return false;
    if (closed || st->cap != LR_CAP_SQUARE)
        return true;
    lr_vec2 d0 = quad_start_dir(q0), d1 = quad_end_dir(qn);
    return push_piece(ctx, q0->p0, (lr_vec2){-d0.x, -d0.y}, (lr_vec2){0, 0}, KIND_CAP_SQUARE, 0.0f) &&
           push_piece(ctx, qn->p1, d1, (lr_vec2){0, 0}, KIND_CAP_SQUARE, 0.0f);
}

static void premultiply(const lr_color *c, float opacity, float out[4])
{
    float a = c->a * opacity;
    out[0] = c->r * a;
    out[1] = c->g * a;
    out[2] = c->b * a;
    out[3] = a;
}

static bool box_visible(const float box[4], int w, int h)
{
    return box[2] >= 0.0f && box[3] >= 0.0f && box[0] <= (float)w && box[1] <= (float)h;
}

/* out = a ∪ b, where a missing box adds nothing (all zero when both are). */
static void box_union(float out[4], const float *a, const float *b)
{
    if (!a || !b) {
        const float *one = a ? a : b;
        if (one)
            memcpy(out, one, 4 * sizeof *out);
        else
            memset(out, 0, 4 * sizeof *out);
        return;
    }
    float u[4] = {fminf(a[0], b[0]), fminf(a[1], b[1]), fmaxf(a[2], b[2]), fmaxf(a[3], b[3])};
    memcpy(out, u, sizeof u);
}

static bool boxes_meet(const float a[4], const float b[4])
{
    return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/* Whether a quadratic record is straight: its control point on the chord
 * and between the ends (the curve then traces the chord, if at uneven
 * speed), within 1/100 px. Straight records get cheaper shaders. */
static bool record_is_line(const lr_gpu_record *r)
{
    double ax = r->a[0], ay = r->a[1], cx = r->a[2] - ax, cy = r->a[3] - ay;
    double dx = r->b[0] - ax, dy = r->b[1] - ay;
    double len2 = dx * dx + dy * dy;
    if (len2 < 1e-12)
        return cx * cx + cy * cy < 1e-4;
    double cross = cx * dy - cy * dx, along = cx * dx + cy * dy;
    return cross * cross < 1e-4 * len2 && along >= 0.0 && along <= len2;
}

/* Moves the straight records of r[0, n) to the front; returns their count. */
static uint32_t partition_lines(lr_gpu_record *r, uint32_t n)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (record_is_line(&r[i])) {
            lr_gpu_record t = r[k];
            r[k++] = r[i];
            r[i] = t;
        }
    }
    return k;
}

/* Signed area (positive counter-clockwise) enclosed by a closed run of
 * quadratic records: the polygon of their end points plus, per quadratic,
 * 2/3 of its hull triangle. */
static double subpath_area(const lr_gpu_record *r, size_t n)
{
    double area = 0.0;
    for (size_t i = 0; i < n; i++) {
        const float *a = r[i].a, *b = r[i].b;
        area += 0.5 * ((double)a[0] * b[1] - (double)b[0] * a[1]);
        area += (1.0 / 3.0) * ((double)(a[2] - a[0]) * (b[1] - a[1]) - (double)(a[3] - a[1]) * (b[0] - a[0]));
    }
    return area;
}

/* At least the area a subpath's fill covers, whatever the windings of its
 * loops: each record's triangle from the subpath's first point, and the
 * sliver between its chord and its curve, counted without sign (the winding
 * at a point is the sum of those pieces' signed indicators, so the filled
 * area is at most the sum of their areas). The signed area is no measure of
 * ink: the two loops of a figure eight cancel in it. A shape collapsed to a
 * line has none, every piece being flat on the line through the first
 * point. */
static double subpath_ink(const lr_gpu_record *r, size_t n)
{
    double ink = 0.0;
    double ox = n ? r[0].a[0] : 0.0, oy = n ? r[0].a[1] : 0.0;
    for (size_t i = 0; i < n; i++) {
        const float *a = r[i].a, *b = r[i].b;
        ink += 0.5 * fabs((a[0] - ox) * (b[1] - oy) - (b[0] - ox) * (a[1] - oy));
        ink += (1.0 / 3.0) * fabs((double)(a[2] - a[0]) * (b[1] - a[1]) - (double)(a[3] - a[1]) * (b[0] - a[0]));
    }
    return ink;
}

/* The blossom of a quadratic: its control points between parameters. */
static lr_vec2 quad_blossom(const lr_quad *q, float u, float v)
{
    float w0 = (1.0f - u) * (1.0f - v), w1 = (1.0f - u) * v + u * (1.0f - v), w2 = u * v;
    return (lr_vec2){w0 * q->p0.x + w1 * q->c.x + w2 * q->p1.x, w0 * q->p0.y + w1 * q->c.y + w2 * q->p1.y};
}

/* How many equal pieces keep each piece of q turning by at most ~40
 * degrees: the shaders find closest points by Newton steps, which need
 * gently turning pieces (see shaders/edge/edge.frag). */
static uint32_t quad_pieces(const lr_quad *q)
{
    lr_vec2 u = sub2(q->c, q->p0), v = sub2(q->p1, q->c);
    float lu = dot2(u, u), lv = dot2(v, v);
    if (!(lu > 1e-12f) || !(lv > 1e-12f))
        return 1;
    float cosang = dot2(u, v) / sqrtf(lu * lv);
    if (cosang > 0.766f) /* cos 40 degrees */
        return 1;
    if (cosang > 0.0f) /* up to 90 */
        return 3;
    if (cosang > -0.766f) /* up to 140 */
        return 4;
    return 6;
}

/* Splits the quads [base, *count) in place where they turn sharply. */
static bool split_sharp_quads(lr_context *ctx, uint32_t base, uint32_t *count)
{
    uint32_t extra = 0;
    for (uint32_t i = base; i < *count; i++)
        extra += quad_pieces(&ctx->quads[i]) - 1;
    if (extra == 0)
        return true;
    if (!grow32((void **)&ctx->quads, &ctx->cap_quads, (size_t)*count + extra, sizeof *ctx->quads))
        return false;
    /* Back to front: pieces never overwrite quads not yet read. */
    uint32_t dst = *count + extra;
    for (uint32_t i = *count; i-- > base;) {
        lr_quad q = ctx->quads[i];
        uint32_t n = quad_pieces(&q);
        for (uint32_t k = n; k-- > 0;) {
            float t0 = (float)k / (float)n, t1 = (float)(k + 1) / (float)n;
            lr_quad piece = {quad_blossom(&q, t0, t0), quad_blossom(&q, t0, t1), quad_blossom(&q, t1, t1)};
            if (k == 0)
                piece.p0 = q.p0;
            if (k + 1 == n)
                piece.p1 = q.p1;
            ctx->quads[--dst] = piece;
        }
    }
    *count += extra;
    return true;
}

static lr_status build_path(lr_context *ctx, const lr_draw_item *item, lr_affine to_px, float px_per_unit)
{
    const lr_mobject *m = item->mobject;
    const lr_path *path = &m->path;
    const lr_style *st = &m->style;
    bool want_fill = st->fill.a > 0.0f && path->nsubpaths > 0;
    bool want_stroke = st->stroke.a > 0.0f && st->stroke_width > 0.0f && path->nsubpaths > 0;
    if (!want_fill && !want_stroke)
        return LR_OK;

    /* Control points are mapped to pixels here (an affine map of a Bezier
     * curve is the curve of the mapped points); the curves themselves are
     * only split, never flattened. */
    lr_affine t = lr_affine_then(item->transform, to_px);
    if (!grow32((void **)&ctx->points, &ctx->cap_points, path->npoints, sizeof *ctx->points))
        return LR_ERR_NOMEM;
    lr_rect box = lr_rect_empty();
    for (uint32_t i = 0; i < path->npoints; i++) {
        ctx->points[i] = lr_affine_apply(t, path->points[i]);
        box = lr_rect_add_point(box, ctx->points[i]);
    }
    if (!isfinite(box.x0) || !isfinite(box.y0) || !isfinite(box.x1) || !isfinite(box.y1))
        return LR_OK; /* a degenerate transform: nothing sensible to draw */

    /* Quadratics of every subpath, plus (for fills) the closing line of
     * open subpaths, which fills imply. */
    uint32_t nq = 0;
    if (!grow32((void **)&ctx->subpath_quads, &ctx->cap_subpath_quads, (size_t)path->nsubpaths * 2u,
                sizeof *ctx->subpath_quads))
        return LR_ERR_NOMEM;
    for (uint32_t s = 0; s < path->nsubpaths; s++) {
        const lr_subpath *sp = &path->subpaths[s];
        ctx->subpath_quads[2 * s] = nq;
        if ((size_t)sp->first + 3u * (size_t)sp->ncurves >= (size_t)path->npoints) {
            ctx->subpath_quads[2 * s + 1] = nq; /* malformed: skip */
            continue;
        }
        for (uint32_t c = 0; c < sp->ncurves; c++) {
            const lr_vec2 *cub = &ctx->points[sp->first + 3u * c];
            uint32_t k = lr_cubic_quad_count(cub, LR_QUAD_TOLERANCE_PX);
            if (!grow32((void **)&ctx->quads, &ctx->cap_quads, (size_t)nq + k, sizeof *ctx->quads))
                return LR_ERR_NOMEM;
            uint32_t base = nq;
            lr_cubic_to_quads(cub, LR_QUAD_TOLERANCE_PX, ctx->quads, &nq, ctx->cap_quads);
            if (!split_sharp_quads(ctx, base, &nq))
                return LR_ERR_NOMEM;
        }
        ctx->subpath_quads[2 * s + 1] = nq;
    }

    lr_gpu_path gp;
    memset(&gp, 0, sizeof gp);
    gp.image = -1;
    gp.fill_rule = st->fill_rule;
    gp.pivot[0] = ctx->points[0].x;
    gp.pivot[1] = ctx->points[0].y;
    gp.fill_box[0] = box.x0 - 2.0f;
    gp.fill_box[1] = box.y0 - 2.0f;
    gp.fill_box[2] = box.x1 + 2.0f;
    gp.fill_box[3] = box.y1 + 2.0f;

    if (want_fill && box_visible(gp.fill_box, ctx->width, ctx->height)) {
        gp.fill_first = (uint32_t)ctx->nrecords;
        double area = 0.0, ink = 0.0;
        for (uint32_t s = 0; s < path->nsubpaths; s++) {
            uint32_t q0 = ctx->subpath_quads[2 * s], q1 = ctx->subpath_quads[2 * s + 1];
            if (q0 == q1)
                continue;
            size_t sub_first = ctx->nrecords;
            for (uint32_t i = q0; i < q1; i++)
                if (!push_segment(ctx, &ctx->quads[i], 0))
                    return LR_ERR_NOMEM;
            lr_vec2 a = ctx->quads[q1 - 1].p1, b = ctx->quads[q0].p0;
            if (a.x != b.x || a.y != b.y) {
                lr_quad line = {a, {(a.x + b.x) * 0.5f, (a.y + b.y) * 0.5f}, b};
                if (!push_segment(ctx, &line, 0))
                    return LR_ERR_NOMEM;
            }
            area += subpath_area(ctx->records + sub_first, ctx->nrecords - sub_first);
            ink += subpath_ink(ctx->records + sub_first, ctx->nrecords - sub_first);
        }
        gp.fill_count = (uint32_t)ctx->nrecords - gp.fill_first;
        /* Less than half a pixel of area in all (a shape collapsed to a line
         * or a point, as in the first frame of a growing animation): drawing
         * nothing is closer than the edge ramp, which would show a faint line
         * along edges that enclose nothing. */
        if (ink < 0.5) {
            ctx->nrecords = gp.fill_first;
            gp.fill_count = 0;
        }
        gp.fill_lines = partition_lines(ctx->records + gp.fill_first, gp.fill_count);
        /* The sign of the enclosed area tells which winding (+1 or -1) the
         * boundary pixels of a nonzero fill have. */
        gp.winding = area < 0.0 ? -1 : 1;
        premultiply(&st->fill, item->opacity, gp.fill_color);
    }

    if (want_stroke) {
        float hw = st->stroke_width * px_per_unit * 0.5f;
        float alpha_scale = 1.0f;
        /* Below a pixel wide, a stroke is drawn one pixel wide and fainter:
         * coverage, not width, is what the eye sees at that size. */
        if (hw < 0.5f) {
            alpha_scale = hw / 0.5f;
            hw = 0.5f;
        }
        float reach = hw * fmaxf(st->miter_limit, 1.5f) + 2.0f;
        float sbox[4] = {box.x0 - reach, box.y0 - reach, box.x1 + reach, box.y1 + reach};
        if (box_visible(sbox, ctx->width, ctx->height)) {
            gp.stroke_first = (uint32_t)ctx->nrecords;
            ctx->npieces = 0;
            for (uint32_t s = 0; s < path->nsubpaths; s++) {
                const lr_subpath *sp = &path->subpaths[s];
                uint32_t q0 = ctx->subpath_quads[2 * s], q1 = ctx->subpath_quads[2 * s + 1];
                if (sp->first >= path->npoints)
                    continue;
                if (!build_stroke_subpath(ctx, ctx->quads + q0, q1 - q0, sp->closed, ctx->points[sp->first], st))
                    return LR_ERR_NOMEM;
            }
            gp.stroke_count = (uint32_t)ctx->nrecords - gp.stroke_first;
            gp.stroke_lines = partition_lines(ctx->records + gp.stroke_first, gp.stroke_count);
            gp.piece_count = (uint32_t)ctx->npieces;
            if (!lr_gpu_grow((void **)&ctx->records, &ctx->cap_records, ctx->nrecords + ctx->npieces, sizeof *ctx->records))
                return LR_ERR_NOMEM;
            if (ctx->npieces)
                memcpy(ctx->records + ctx->nrecords, ctx->pieces, ctx->npieces * sizeof *ctx->pieces);
            ctx->nrecords += ctx->npieces;
            memcpy(gp.stroke_box, sbox, sizeof sbox);
            gp.stroke_half_width = hw;
            premultiply(&st->stroke, item->opacity * alpha_scale, gp.stroke_color);
        }
    }
    /* An opaque stroke at least two pixels wide hides the fill's edge ramp
     * completely (it covers everything within half a pixel of the outline at
     * full coverage), so the fill needs no antialiasing: skipping it saves
     * three of the fill's five passes in the common Manim style. Open
     * subpaths are filled up to an edge the stroke does not draw. */
    gp.fringe = true;
    if (gp.fill_count && gp.stroke_count && gp.stroke_color[3] >= 1.0f && gp.stroke_half_width >= 1.0f) {
        bool all_closed = true;
        for (uint32_t s = 0; s < path->nsubpaths && all_closed; s++)
            all_closed = path->subpaths[s].closed || path->subpaths[s].ncurves == 0;
        gp.fringe = !all_closed;
    }
    if (gp.fill_count == 0 && gp.stroke_count == 0 && gp.piece_count == 0)
        return LR_OK;
    if (gp.fill_count == 0)
        memset(gp.fill_box, 0, sizeof gp.fill_box); /* no cover rectangle */
    box_union(gp.box, gp.fill_count ? gp.fill_box : NULL, gp.stroke_count || gp.piece_count ? gp.stroke_box : NULL);
    float body_reach = gp.stroke_count || gp.piece_count ? gp.stroke_half_width * fmaxf(st->miter_limit, 1.0f) : 0.0f;
    float body[4] = {box.x0 - body_reach, box.y0 - body_reach, box.x1 + body_reach, box.y1 + body_reach};
    memcpy(gp.body, body, sizeof body);
    if (ctx->npaths >= LR_MAX_FRAME_PATHS)
        return LR_ERR_LIMIT;
    if (!lr_gpu_grow((void **)&ctx->paths, &ctx->cap_paths, ctx->npaths + 1, sizeof *ctx->paths))
        return LR_ERR_NOMEM;
    ctx->paths[ctx->npaths++] = gp;
    return LR_OK;
}

/* Finds or uploads the texture of an image mobject. */
static lr_status image_texture(lr_context *ctx, const lr_mobject *m, GLuint *out)
{
    GladGLContext *gl = &ctx->gl;
    const lr_image *img = &m->image;
    for (size_t i = 0; i < ctx->ncache; i++) {
        lr_gpu_image_cache *c = &ctx->cache[i];
        if (c->mobject == (const void *)m && c->version == m->image_version && c->pixels == (const void *)img->pixels &&
            c->width == img->width && c->height == img->height) {
            c->used = true;
            *out = c->texture;
            return LR_OK;
        }
    }
    if (!lr_gpu_grow((void **)&ctx->cache, &ctx->cap_cache, ctx->ncache + 1, sizeof *ctx->cache))
        return LR_ERR_NOMEM;
    /* Premultiplied texels, rows packed. */
    size_t n = (size_t)img->width * (size_t)img->height;
    uint8_t *px = malloc(n * 4u);
    if (!px)
        return LR_ERR_NOMEM;
    for (int y = 0; y < img->height; y++) {
        const uint8_t *src = img->pixels + (size_t)y * (size_t)img->stride;
        uint8_t *dst = px + (size_t)y * (size_t)img->width * 4u;
        for (int x = 0; x < img->width; x++) {
            unsigned a = src[4 * x + 3];
            for (int c = 0; c < 3; c++)
                dst[4 * x + c] = (uint8_t)((src[4 * x + c] * a + 127u) / 255u);
            dst[4 * x + 3] = (uint8_t)a;
        }
    }
    GLuint tex = 0;
    gl->GenTextures(1, &tex);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_IMAGE);
    gl->BindTexture(GL_TEXTURE_2D, tex);
    gl->PixelStorei(GL_UNPACK_ALIGNMENT, 4);
    gl->TexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, img->width, img->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, px);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    gl->TexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    gl->ActiveTexture(GL_TEXTURE0);
    free(px);
    ctx->cache[ctx->ncache++] = (lr_gpu_image_cache){m, img->pixels, m->image_version, img->width, img->height, tex, true};
    *out = tex;
    return LR_OK;
}

/* An image from its pixels (a texture), or one the GPU computes
 * (m->image_fn: function_image.c). */
static lr_status build_image(lr_context *ctx, const lr_draw_item *item, lr_affine to_px, lr_error *err)
{
    const lr_mobject *m = item->mobject;
    if (!m->image_fn && (!m->image.pixels || m->image.width < 1 || m->image.height < 1))
        return LR_OK;
    lr_gpu_image_draw d;
    memset(&d, 0, sizeof d); /* function images' draws are compared byte for byte */
    lr_affine t = lr_affine_then(item->transform, to_px);
    lr_rect r = m->image_rect;
    lr_vec2 c[4] = {{r.x0, r.y0}, {r.x1, r.y0}, {r.x0, r.y1}, {r.x1, r.y1}};
    for (int i = 0; i < 4; i++) {
        lr_vec2 p = lr_affine_apply(t, c[i]);
        d.corners[2 * i] = p.x;
        d.corners[2 * i + 1] = p.y;
    }
    d.opacity = item->opacity;
    lr_status s;
    if (m->image_fn) {
        float ax = d.corners[2] - d.corners[0], ay = d.corners[3] - d.corners[1];
        float bx = d.corners[4] - d.corners[0], by = d.corners[5] - d.corners[1];
        if (!(fabsf(ax * by - ay * bx) > 1e-6f) || !(d.opacity > 0.0f))
            return LR_OK; /* flat, not finite, or transparent: no pixel */
        s = lr_gpu_fn_prepare(ctx, m->image_fn, &d, err);
    } else {
        s = image_texture(ctx, m, &d.texture);
    }
    if (s != LR_OK)
        return s;
    if (!lr_gpu_grow((void **)&ctx->images, &ctx->cap_images, ctx->nimages + 1, sizeof *ctx->images) ||
        !lr_gpu_grow((void **)&ctx->paths, &ctx->cap_paths, ctx->npaths + 1, sizeof *ctx->paths))
        return LR_ERR_NOMEM;
    lr_gpu_path gp;
    memset(&gp, 0, sizeof gp);
    gp.image = (int)ctx->nimages;
    ctx->images[ctx->nimages++] = d;
    ctx->paths[ctx->npaths++] = gp;
    return LR_OK;
}

/* Where the 3D layer, in which every mesh of the frame is drawn (mesh3d.c),
 * goes in the drawing order: before the first item that is a mesh or has a
 * z-index at least the lowest mesh's. With z-indices left at 0 that is
 * first, so that what is drawn as a 2D path in a frame with meshes (fixed in
 * the frame: titles, labels, the lecture lines) lies on top, as Manim's
 * ThreeDCamera draws every mobject that is not shaded in 3D after those
 * that are; a 2D backdrop goes below with a lower z-index. SIZE_MAX: no
 * mesh. */
static size_t layer_3d_at(const lr_draw_list *list)
{
    float z = INFINITY;
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i].kind == LR_MOBJECT_MESH && list->items[i].mobject->mesh)
            z = fminf(z, list->items[i].mobject->z_index);
    if (z == INFINITY)
        return SIZE_MAX;
    size_t i = 0;
    while (list->items[i].kind != LR_MOBJECT_MESH && list->items[i].mobject->z_index < z)
        i++;
    return i;
}

static lr_status add_3d_layer(lr_context *ctx, lr_error *err)
{
    if (!lr_gpu_grow((void **)&ctx->paths, &ctx->cap_paths, ctx->npaths + 1, sizeof *ctx->paths))
        return lr_error_set(err, LR_ERR_NOMEM, "out of memory");
    lr_gpu_path gp;
    memset(&gp, 0, sizeof gp);
    gp.image = LR_GPU_LAYER_3D;
    ctx->paths[ctx->npaths++] = gp;
    return LR_OK;
}

/* Drops cached textures of images that were not drawn this frame. */
static void trim_cache(lr_context *ctx)
{
    size_t k = 0;
    for (size_t i = 0; i < ctx->ncache; i++) {
        if (ctx->cache[i].used) {
            ctx->cache[i].used = false;
            ctx->cache[k++] = ctx->cache[i];
        } else {
            ctx->gl.DeleteTextures(1, &ctx->cache[i].texture);
        }
    }
    ctx->ncache = k;
}

/* ---- batches ---------------------------------------------------------------
 * A path takes up to 15 draws, each with its own shader state, which a
 * software rasteriser re-validates (and llvmpipe copies) on every change; so
 * consecutive paths are drawn together: each pass becomes one draw over the
 * records of every path of a batch (docs/rendering.md, "Batches").
 * Within a batch every fill is drawn before every stroke and the paths share
 * depth slots, so a path joins a batch only if it cannot tell: its box meets
 * no other path's box in the batch, or the paths it meets look the same and
 * either are opaque or only their antialiased rims can meet. The union of
 * alike shapes drawn once is then what drawing them one by one gives, less
 * the conflation seam where they touch: the glyphs of a line of text, dimmed
 * or not. Translucent alike shapes that overlap (a Venn diagram) stay apart,
 * and a fill under its own stroke never overlaps another path of its batch. */

static bool path_has_stroke(const lr_gpu_path *p)
{
    return p->stroke_count || p->piece_count;
}

/* A fill or a stroke but not both, drawn identically, and opaque or apart
 * but for their rims. */
static bool paths_merge(const lr_gpu_path *a, const lr_gpu_path *b)
{
    bool a_fill = a->fill_count > 0, b_fill = b->fill_count > 0;
    if (a_fill == path_has_stroke(a) || b_fill == path_has_stroke(b) || a_fill != b_fill)
        return false;
    bool alike = a_fill ? a->fill_rule == LR_FILL_NONZERO && b->fill_rule == LR_FILL_NONZERO &&
                              a->fringe == b->fringe && a->winding == b->winding &&
                              memcmp(a->fill_color, b->fill_color, sizeof a->fill_color) == 0
                        : a->stroke_half_width == b->stroke_half_width &&
                              memcmp(a->stroke_color, b->stroke_color, sizeof a->stroke_color) == 0;
    float alpha = a_fill ? a->fill_color[3] : a->stroke_color[3];
    return alike && (alpha >= 1.0f || !boxes_meet(a->body, b->body));
}

static bool batch_accepts(const lr_context *ctx, const lr_gpu_batch *b, const lr_gpu_path *p)
{
    const lr_gpu_path *first = &ctx->paths[b->first_path];
    if (p->image != LR_GPU_PATH || first->image != LR_GPU_PATH || b->path_count >= LR_BATCH_MAX_PATHS)
        return false;
    if (p->fill_count && b->has_fill && p->fill_rule != b->fill_rule)
        return false; /* one stencil setup per pass */
    if (!boxes_meet(p->box, b->box))
        return true;
    for (uint32_t i = b->first_path; i < b->first_path + b->path_count; i++) {
        const lr_gpu_path *q = &ctx->paths[i];
        if (boxes_meet(p->box, q->box) && !paths_merge(p, q))
            return false;
    }
    return true;
}

/* A batch also ends below the paths that are changing (layer.c,
 * lr_gpu_layer_breaks): the paths under them then fill batches of their
 * own, which the kept layer can hold. Joined with the paths above, a title
 * beside a shape being drawn would be drawn again at every frame with it:
 * on bench/vs_manim's scene (title, shapes, formula, axes) nothing was
 * reused before its last step. Both kinds of context (and the tests that
 * compare them) break the same way. */
static lr_status plan_batches(lr_context *ctx)
{
    const size_t *breaks;
    size_t nbreaks = lr_gpu_layer_breaks(ctx, &breaks), next = 0;
    ctx->nbatches = 0;
    for (size_t i = 0; i < ctx->npaths; i++) {
        const lr_gpu_path *p = &ctx->paths[i];
        lr_gpu_batch *b = ctx->nbatches ? &ctx->batches[ctx->nbatches - 1] : NULL;
        bool at_break = next < nbreaks && breaks[next] == i;
        next += at_break;
        if (!b || at_break || !batch_accepts(ctx, b, p)) {
            if (!lr_gpu_grow((void **)&ctx->batches, &ctx->cap_batches, ctx->nbatches + 1, sizeof *ctx->batches))
                return LR_ERR_NOMEM;
            b = &ctx->batches[ctx->nbatches++];
            memset(b, 0, sizeof *b);
            b->first_path = (uint32_t)i;
            memcpy(b->box, p->box, sizeof b->box);
        }
        b->path_count++;
        box_union(b->box, b->box, p->box);
        if (p->fill_count) {
            b->has_fill = true;
            b->fill_rule = p->fill_rule;
            if (p->fringe && p->fill_rule == LR_FILL_NONZERO)
                b->windings |= p->winding > 0 ? 1u : 2u;
        }
    }
    return LR_OK;
}

/* Appends records [first, first + count) of the build order to the ordered
 * buffer, each naming its path. */
static void order_records(lr_context *ctx, uint32_t first, uint32_t count, uint32_t path)
{
    lr_gpu_record *dst = ctx->ordered + ctx->nordered;
    const lr_gpu_record *src = ctx->records + first;
    float tag = (float)(path << LR_RECORD_PATH_SHIFT);
    for (uint32_t i = 0; i < count; i++) {
        dst[i] = src[i];
        dst[i].b[2] += tag;
    }
    ctx->nordered += count;
}

/* Lays the records out per batch and pass (the ranges in each batch) and
 * fills the path table. */
static lr_status order_batches(lr_context *ctx)
{
    if (!lr_gpu_grow((void **)&ctx->ordered, &ctx->cap_ordered, ctx->nrecords, sizeof *ctx->ordered) ||
        !lr_gpu_grow((void **)&ctx->path_table, &ctx->cap_path_table, ctx->npaths * LR_PATH_TEXELS, sizeof *ctx->path_table))
        return LR_ERR_NOMEM;
    ctx->nordered = 0;
    for (size_t i = 0; i < ctx->npaths; i++) {
        const lr_gpu_path *p = &ctx->paths[i];
        float(*t)[4] = ctx->path_table + i * LR_PATH_TEXELS;
        memcpy(t[LR_PATH_FILL_COLOR], p->fill_color, sizeof t[0]);
        memcpy(t[LR_PATH_STROKE_COLOR], p->stroke_color, sizeof t[0]);
        float style[4] = {p->pivot[0], p->pivot[1], p->stroke_half_width,
                          p->fill_rule == LR_FILL_NONZERO ? (float)p->winding : 0.0f};
        memcpy(t[LR_PATH_STYLE], style, sizeof t[0]);
        memcpy(t[LR_PATH_FILL_BOX], p->fill_box, sizeof t[0]);
        memcpy(t[LR_PATH_STROKE_BOX], p->stroke_box, sizeof t[0]);
    }
    for (size_t k = 0; k < ctx->nbatches; k++) {
        lr_gpu_batch *b = &ctx->batches[k];
        uint32_t end = b->first_path + b->path_count;
        lr_gpu_path *P = ctx->paths;
        /* Fills: those without a fringe, then the fringe's straight records,
         * then its curved ones; the stencil pass takes them all. */
        b->fill_first = (uint32_t)ctx->nordered;
        for (uint32_t i = b->first_path; i < end; i++)
            if (!P[i].fringe)
                order_records(ctx, P[i].fill_first, P[i].fill_count, i);
        b->fringe_first = (uint32_t)ctx->nordered;
        for (uint32_t i = b->first_path; i < end; i++)
            if (P[i].fringe)
                order_records(ctx, P[i].fill_first, P[i].fill_lines, i);
        b->fringe_lines = (uint32_t)ctx->nordered - b->fringe_first;
        for (uint32_t i = b->first_path; i < end; i++)
            if (P[i].fringe)
                order_records(ctx, P[i].fill_first + P[i].fill_lines, P[i].fill_count - P[i].fill_lines, i);
        b->fringe_count = (uint32_t)ctx->nordered - b->fringe_first;
        b->fill_count = (uint32_t)ctx->nordered - b->fill_first;
        /* Strokes: straight segments, curved ones, then joins and caps. */
        b->stroke_first = (uint32_t)ctx->nordered;
        for (uint32_t i = b->first_path; i < end; i++)
            order_records(ctx, P[i].stroke_first, P[i].stroke_lines, i);
        b->stroke_lines = (uint32_t)ctx->nordered - b->stroke_first;
        for (uint32_t i = b->first_path; i < end; i++)
            order_records(ctx, P[i].stroke_first + P[i].stroke_lines, P[i].stroke_count - P[i].stroke_lines, i);
        b->stroke_count = (uint32_t)ctx->nordered - b->stroke_first;
        for (uint32_t i = b->first_path; i < end; i++)
            order_records(ctx, P[i].stroke_first + P[i].stroke_count, P[i].piece_count, i);
        b->piece_count = (uint32_t)ctx->nordered - b->stroke_first - b->stroke_count;
    }
    return LR_OK;
}

/* ---- drawing ---------------------------------------------------------------- */

static void next_depth_slot(lr_context *ctx, float *base, float *scale)
{
    if (ctx->depth_slot >= LR_DEPTH_SLOTS) {
        ctx->gl.DepthMask(GL_TRUE);
        ctx->gl.Clear(GL_DEPTH_BUFFER_BIT);
        ctx->depth_slot = 0;
    }
    ctx->depth_slot++;
    *base = (float)(1.0 - (double)ctx->depth_slot * LR_DEPTH_SLOT);
    *scale = (float)(0.9 * LR_DEPTH_SLOT);
}

/* One rectangle per path of the batch, from the path table (`box`:
 * LR_PATH_FILL_BOX or LR_PATH_STROKE_BOX), with the stencil and colour
 * state already set. */
static void draw_boxes(lr_context *ctx, const lr_gpu_batch *b, int box)
{
    GladGLContext *gl = &ctx->gl;
    gl->UseProgram(ctx->prog.cover);
    gl->Uniform1i(ctx->prog.cv_first_path, (GLint)b->first_path);
    gl->Uniform1i(ctx->prog.cv_box, box);
    gl->DrawArrays(GL_TRIANGLES, 0, 6 * (GLsizei)b->path_count);
    ctx->timing.draw_calls++;
}

/* The last pass of a fill: the interior at full coverage, and the stencil
 * reset to 0 over each path's box. */
static void draw_cover(lr_context *ctx, const lr_gpu_batch *b)
{
    GladGLContext *gl = &ctx->gl;
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->Disable(GL_DEPTH_TEST);
    gl->Enable(GL_STENCIL_TEST);
    gl->StencilMask(0xFF);
    gl->StencilFunc(GL_NOTEQUAL, 0, 0x7F);
    gl->StencilOp(GL_ZERO, GL_ZERO, GL_ZERO);
    draw_boxes(ctx, b, LR_PATH_FILL_BOX);
}

/* Edge records [first, first + count) through one edge program. `sign`
 * is the fringe programs' (which side of the edge gets coverage); the
 * stroke programs have no u_sign, and GL ignores location -1. */
static void edge_pass(lr_context *ctx, const lr_gpu_edge_program *E, uint32_t first, uint32_t count, float base,
                      float scale, float sign)
{
    if (count == 0)
        return;
    GladGLContext *gl = &ctx->gl;
    gl->UseProgram(E->id);
    gl->Uniform1i(E->first, (GLint)first);
    gl->Uniform1f(E->depth_base, base);
    gl->Uniform1f(E->depth_scale, scale);
    gl->Uniform1f(E->sign, sign);
    gl->DrawArrays(GL_TRIANGLES, 0, 6 * (GLsizei)count);
    ctx->timing.draw_calls++;
}

/* One pass of the fills' fringe: curved edges, then straight ones. */
static void fringe_pass(lr_context *ctx, const lr_gpu_batch *b, float sign, float base, float scale)
{
    const lr_gpu_programs *P = &ctx->prog;
    edge_pass(ctx, &P->fringe[0], b->fringe_first + b->fringe_lines, b->fringe_count - b->fringe_lines, base, scale,
              sign);
    edge_pass(ctx, &P->fringe[1], b->fringe_first, b->fringe_lines, base, scale, sign);
}

static void draw_fill(lr_context *ctx, const lr_gpu_batch *b)
{
    GladGLContext *gl = &ctx->gl;
    const lr_gpu_programs *P = &ctx->prog;

    /* 1. Winding numbers into the stencil (low 7 bits; bit 0 for even-odd). */
    gl->ColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
    gl->Disable(GL_DEPTH_TEST);
    gl->Enable(GL_STENCIL_TEST);
    gl->StencilFunc(GL_ALWAYS, 0, 0xFF);
    if (b->fill_rule == LR_FILL_EVENODD) {
        gl->StencilMask(0x01);
        gl->StencilOp(GL_KEEP, GL_KEEP, GL_INVERT);
    } else {
        gl->StencilMask(0x7F);
        gl->StencilOpSeparate(GL_FRONT, GL_KEEP, GL_KEEP, GL_INCR_WRAP);
        gl->StencilOpSeparate(GL_BACK, GL_KEEP, GL_KEEP, GL_DECR_WRAP);
    }
    gl->UseProgram(P->stencil);
    gl->Uniform1i(P->st_first, (GLint)b->fill_first);
    gl->DrawArrays(GL_TRIANGLES, 0, 6 * (GLsizei)b->fill_count);
    ctx->timing.draw_calls++;

    if (b->fringe_count) {
        /* 2. The fringe: the distance to the nearest edge into the depth. */
        float base, scale;
        next_depth_slot(ctx, &base, &scale);
        gl->Disable(GL_STENCIL_TEST);
        gl->Enable(GL_DEPTH_TEST);
        gl->DepthFunc(GL_LESS);
        gl->DepthMask(GL_TRUE);
        fringe_pass(ctx, b, -1.0f, base, scale);

        /* 3. Fringe pixels outside the fill: coverage 0.5 - d, once per
         *    pixel (the nearest edge wins the depth test, bit 7 marks it). */
        gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
        gl->DepthFunc(GL_EQUAL);
        gl->DepthMask(GL_FALSE);
        gl->Enable(GL_STENCIL_TEST);
        gl->StencilFunc(GL_EQUAL, 0, 0xFF);
        gl->StencilMask(0x80);
        gl->StencilOp(GL_KEEP, GL_KEEP, GL_INVERT);
        fringe_pass(ctx, b, -1.0f, base, scale);

        /* 4. Fringe pixels inside, of the winding the boundary has: coverage
         *    0.5 + d; the stencil becomes 0 so that the cover pass skips
         *    them. Under nonzero that winding is +1 for paths whose area is
         *    counter-clockwise, -1 otherwise, one pass for each sign the
         *    batch has. A path having both (a figure eight) gets only its
         *    dominant sign's: there, the inner half of the other sign's ramp
         *    is drawn at full coverage. */
        gl->StencilMask(0xFF);
        gl->StencilOp(GL_KEEP, GL_KEEP, GL_ZERO);
        unsigned windings = b->fill_rule == LR_FILL_EVENODD ? 1u : b->windings;
        for (unsigned sign = 1; sign <= 2; sign++) {
            if (!(windings & sign))
                continue;
            gl->StencilFunc(GL_EQUAL, sign == 1 ? 1 : 0x7F, 0xFF);
            fringe_pass(ctx, b, 1.0f, base, scale);
        }
    }
    draw_cover(ctx, b);
}

static void stroke_passes(lr_context *ctx, const lr_gpu_batch *b, float base, float scale)
{
    const lr_gpu_programs *P = &ctx->prog;
    edge_pass(ctx, &P->segment[1], b->stroke_first, b->stroke_lines, base, scale, 0.0f);
    edge_pass(ctx, &P->segment[0], b->stroke_first + b->stroke_lines, b->stroke_count - b->stroke_lines, base, scale,
              0.0f);
    edge_pass(ctx, &P->piece, b->stroke_first + b->stroke_count, b->piece_count, base, scale, 0.0f);
}

static void draw_stroke(lr_context *ctx, const lr_gpu_batch *b)
{
    GladGLContext *gl = &ctx->gl;
    float base, scale;
    next_depth_slot(ctx, &base, &scale);

    /* 1. The largest coverage any piece gives each pixel, into the depth. */
    gl->ColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
    gl->Disable(GL_STENCIL_TEST);
    gl->Enable(GL_DEPTH_TEST);
    gl->DepthFunc(GL_LESS);
    gl->DepthMask(GL_TRUE);
    stroke_passes(ctx, b, base, scale);

    /* 2. Blend that coverage once per pixel: overlapping pieces at joints
     *    and crossings do not darken a translucent stroke. */
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->DepthFunc(GL_EQUAL);
    gl->DepthMask(GL_FALSE);
    gl->Enable(GL_STENCIL_TEST);
    gl->StencilFunc(GL_EQUAL, 0, 0xFF);
    gl->StencilMask(0xFF);
    gl->StencilOp(GL_KEEP, GL_KEEP, GL_INVERT);
    stroke_passes(ctx, b, base, scale);

    /* 3. Reset the marks over each stroke's box: one rectangle costs less
     *    than the pieces' triangles again on a rasteriser like llvmpipe. */
    gl->ColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
    gl->Disable(GL_DEPTH_TEST);
    gl->StencilFunc(GL_ALWAYS, 0, 0xFF);
    gl->StencilOp(GL_ZERO, GL_ZERO, GL_ZERO);
    draw_boxes(ctx, b, LR_PATH_STROKE_BOX);
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
}

static void draw_image(lr_context *ctx, const lr_gpu_image_draw *d)
{
    if (d->fn.program) {
        lr_gpu_fn_draw_image(ctx, d);
        return;
    }
    GladGLContext *gl = &ctx->gl;
    gl->Disable(GL_DEPTH_TEST);
    gl->Disable(GL_STENCIL_TEST);
    gl->ColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    gl->UseProgram(ctx->prog.image);
    gl->Uniform2fv(ctx->prog.im_corners, 4, d->corners);
    gl->Uniform1f(ctx->prog.im_opacity, d->opacity);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_IMAGE);
    gl->BindTexture(GL_TEXTURE_2D, d->texture);
    gl->ActiveTexture(GL_TEXTURE0);
    gl->DrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    ctx->timing.draw_calls += 1;
}

/* Orphaning: the driver hands out fresh storage instead of waiting for the
 * previous frame's draws to finish reading the old one. */
static void upload_buffer(GladGLContext *gl, GLuint buffer, size_t *size, const void *data, size_t bytes)
{
    gl->BindBuffer(GL_TEXTURE_BUFFER, buffer);
    while (*size < bytes)
        *size *= 2;
    gl->BufferData(GL_TEXTURE_BUFFER, (GLsizeiptr)*size, NULL, GL_STREAM_DRAW);
    if (bytes)
        gl->BufferSubData(GL_TEXTURE_BUFFER, 0, (GLsizeiptr)bytes, data);
}

lr_status lr_gpu_render_scene(lr_context *ctx, const lr_scene *scene, lr_error *err)
{
    GladGLContext *gl = &ctx->gl;
    double t0 = lr_gpu_now_ms();
    memset(&ctx->timing, 0, sizeof ctx->timing);
    ctx->nrecords = ctx->npaths = ctx->nimages = 0;

    lr_status s = lr_scene_collect(scene, &ctx->draw_list);
    if (s != LR_OK)
        return lr_error_set(err, s, "collecting the scene's draw list failed");
    lr_gpu_3d_begin(ctx);
    size_t layer_at = layer_3d_at(&ctx->draw_list);
    bool any_3d = false;

    /* Manim's camera: frame_height units tall, centred on the camera, y up;
     * GL window coordinates are y up too. */
    float fh = scene->frame_height > 0.0f ? scene->frame_height : 8.0f;
    float k = (float)ctx->height / fh;
    lr_affine to_px = {k, 0.0f, 0.0f, k, (float)ctx->width * 0.5f - scene->camera_center.x * k,
                       (float)ctx->height * 0.5f - scene->camera_center.y * k};

    for (size_t i = 0; i < ctx->draw_list.count && s == LR_OK; i++) {
        const lr_draw_item *item = &ctx->draw_list.items[i];
        if (i == layer_at && (s = add_3d_layer(ctx, err)) != LR_OK)
            return s;
        if (item->kind == LR_MOBJECT_PATH)
            s = build_path(ctx, item, to_px, k);
        else if (item->kind == LR_MOBJECT_IMAGE)
            s = build_image(ctx, item, to_px, err);
        else if (item->kind == LR_MOBJECT_MESH && item->mobject->mesh && (s = lr_gpu_3d_add(ctx, item, err)) != LR_OK)
            return s;
    }
    if (s == LR_OK && layer_at != SIZE_MAX) {
        s = lr_gpu_3d_build(ctx, scene, &any_3d);
        if (s == LR_ERR_LIMIT)
            return lr_error_set(err, s, "a frame may draw at most 4194304 triangles and as many 3D line pieces");
    }
    if (s == LR_OK)
        s = plan_batches(ctx);
    if (s == LR_OK)
        s = order_batches(ctx);
    if (s == LR_ERR_GL)
        return s; /* a function image's program: err says why */
    if (s == LR_ERR_LIMIT)
        return lr_error_set(err, LR_ERR_LIMIT, "a frame may draw at most %u paths", LR_MAX_FRAME_PATHS);
    if (s != LR_OK)
        return lr_error_set(err, s, "building the frame's GPU buffers failed (%zu draw items)", ctx->draw_list.count);
    double t1 = lr_gpu_now_ms();
    lr_color bg = scene->background;
    if (lr_gpu_layer_unchanged(ctx, bg)) {
        /* The framebuffer holds this very frame: nothing to upload or draw. */
        for (size_t i = 0; i < ctx->nbatches; i++)
            ctx->timing.reused_paths += ctx->batches[i].path_count;
        ctx->timing.unchanged = true;
        lr_gpu_layer_end(ctx, bg);
        trim_cache(ctx);
        ctx->timing.build_ms = lr_gpu_now_ms() - t0;
        ctx->timing.quads = (uint32_t)ctx->nrecords;
        return LR_OK;
    }

    upload_buffer(gl, ctx->record_buffer, &ctx->record_buffer_size, ctx->ordered,
                  ctx->nordered * sizeof *ctx->ordered);
    upload_buffer(gl, ctx->path_buffer, &ctx->path_buffer_size, ctx->path_table,
                  ctx->npaths * LR_PATH_TEXELS * sizeof *ctx->path_table);
    double t2 = lr_gpu_now_ms();

    gl->BindFramebuffer(GL_FRAMEBUFFER, ctx->fbo);
    gl->Viewport(0, 0, ctx->width, ctx->height);
    gl->BindVertexArray(ctx->vao);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_PATHS);
    gl->BindTexture(GL_TEXTURE_BUFFER, ctx->path_texture);
    gl->ActiveTexture(GL_TEXTURE0 + LR_UNIT_RECORDS);
    gl->BindTexture(GL_TEXTURE_BUFFER, ctx->record_texture);
    ctx->background_translucent = bg.a < 1.0f;
    gl->Disable(GL_CULL_FACE);
    gl->Disable(GL_SCISSOR_TEST); /* before the layer's blits, which it would clip */
    uint32_t keep_at;
    uint32_t first_batch = lr_gpu_layer_begin(ctx, bg, &keep_at);
    gl->Enable(GL_BLEND);
    gl->BlendEquation(GL_FUNC_ADD);
    gl->BlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);

    float vp[2] = {(float)ctx->width, (float)ctx->height};
    gl->UseProgram(ctx->prog.stencil);
    gl->Uniform2fv(ctx->prog.st_viewport, 1, vp);
    const lr_gpu_edge_program *edges[5] = {&ctx->prog.fringe[0], &ctx->prog.fringe[1], &ctx->prog.segment[0],
                                           &ctx->prog.segment[1], &ctx->prog.piece};
    for (int i = 0; i < 5; i++) {
        gl->UseProgram(edges[i]->id);
        gl->Uniform2fv(edges[i]->viewport, 1, vp);
        gl->Uniform1f(edges[i]->expand, ctx->samples > 1 ? 1.25f : 0.625f);
    }
    gl->UseProgram(ctx->prog.cover);
    gl->Uniform2fv(ctx->prog.cv_viewport, 1, vp);
    gl->UseProgram(ctx->prog.image);
    gl->Uniform2fv(ctx->prog.im_viewport, 1, vp);

    for (size_t i = first_batch; i < ctx->nbatches; i++) {
        const lr_gpu_batch *b = &ctx->batches[i];
        const lr_gpu_path *first = &ctx->paths[b->first_path];
        if (first->image >= 0) {
            draw_image(ctx, &ctx->images[first->image]);
        } else if (first->image == LR_GPU_LAYER_3D) {
            if (any_3d && (s = lr_gpu_3d_draw(ctx, err)) != LR_OK)
                return s;
        } else {
            ctx->timing.paths += b->path_count;
            if (b->fill_count)
                draw_fill(ctx, b);
            if (b->stroke_count || b->piece_count)
                draw_stroke(ctx, b);
        }
        if (i + 1 == keep_at)
            lr_gpu_layer_keep(ctx, keep_at);
    }
    gl->Disable(GL_STENCIL_TEST);
    gl->Disable(GL_DEPTH_TEST);
    lr_gpu_layer_end(ctx, bg);
    trim_cache(ctx);
    lr_gpu_fn_end_frame(ctx);
    if (ctx->timing_enabled)
        gl->Finish();
    double t3 = lr_gpu_now_ms();
    ctx->timing.build_ms = t1 - t0;
    ctx->timing.upload_ms = t2 - t1;
    ctx->timing.draw_ms = t3 - t2;
    ctx->timing.quads = (uint32_t)ctx->nrecords;
    return LR_OK;
}
