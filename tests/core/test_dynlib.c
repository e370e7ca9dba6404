/* core/dynlib: libraries opened when a feature first needs them. The
 * program starts without libavfilter, GEOS, igraph and espeak-ng mapped (linking one
 * again would cost every run its start-up), and each comes in with the
 * feature that uses it; a library or symbol that is not there is an error
 * naming it and what needed it. */
#define _GNU_SOURCE
#include <link.h>
#include <math.h>
#include <string.h>

#include "core/dynlib.h"
#include "graph/graph_layout.h"
#include "lrtest.h"
#include <librender/lr_audio.h>
#include <librender/lr_boolean.h>

static int find_loaded(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    const char *want = data;
    return info->dlpi_name && strstr(info->dlpi_name, want) ? 1 : 0;
}

static bool loaded(const char *soname_prefix)
{
    return dl_iterate_phdr(find_loaded, (void *)soname_prefix) != 0;
}

/* A table as a module declares one, over libm. */
#define MATH_FUNCTIONS(X) X(cos) X(sqrt)
typedef struct math_api {
    void *lib;
    MATH_FUNCTIONS(LR_DYNLIB_MEMBER)
} math_api;
#define MATH_SYMBOL(name) LR_DYNLIB_SYMBOL(math_api, name)

static void test_open(void)
{
    static const lr_dynlib_symbol symbols[] = {MATH_FUNCTIONS(MATH_SYMBOL)};
    math_api m = {0};
    lr_error err = {0};
    LRT_CHECK_OK(LR_DYNLIB_OPEN("libm.so.6", symbols, &m, "a test", &err));
    LRT_CHECK(m.lib && m.cos && m.sqrt);
    if (m.cos && m.sqrt) {
        LRT_CHECK_NEAR(m.cos(0.0), 1.0, 1e-12);
        LRT_CHECK_NEAR(m.sqrt(2.0), sqrt(2.0), 1e-12);
    }
    lr_dynlib_close(m.lib);

    /* No such library: the soname, what needed it and the loader's reason. */
    m.lib = &m;
    LRT_CHECK_STATUS(LR_DYNLIB_OPEN("libc2v-nothing.so.9", symbols, &m, "a spinning teapot", &err), LR_ERR_UNSUPPORTED);
    LRT_CHECK(m.lib == NULL);
    LRT_CHECK_MSG(strstr(err.message, "libc2v-nothing.so.9") && strstr(err.message, "a spinning teapot"), "%s",
                  err.message);

    /* A symbol the library lacks: named, and nothing left open. */
    static const lr_dynlib_symbol wrong[] = {{"cos", offsetof(math_api, cos)},
                                             {"c2v_no_such", offsetof(math_api, sqrt)}};
    m.lib = &m;
    LRT_CHECK_STATUS(LR_DYNLIB_OPEN("libm.so.6", wrong, &m, "a test", &err), LR_ERR_UNSUPPORTED);
    LRT_CHECK(m.lib == NULL);
    LRT_CHECK_MSG(strstr(err.message, "c2v_no_such") && strstr(err.message, "libm.so.6"), "%s", err.message);
}

static void test_opened_on_use(void)
{
    LRT_CHECK_MSG(!loaded("libavfilter.so"), "libavfilter is mapped at start-up: linked again?");
    LRT_CHECK_MSG(!loaded("libgeos_c.so"), "GEOS is mapped at start-up: linked again?");
    LRT_CHECK_MSG(!loaded("libigraph.so"), "igraph is mapped at start-up: linked again?");
    LRT_CHECK_MSG(!loaded("libespeak-ng.so"), "espeak-ng is mapped at start-up: linked again?");

    /* A union of two overlapping squares: GEOS comes in, the area is 7. */
    lr_path a = {0}, b = {0}, out = {0};
    LRT_CHECK_OK(lr_path_add_rect(&a, (lr_vec2){0, 0}, 2, 2));
    LRT_CHECK_OK(lr_path_add_rect(&b, (lr_vec2){1, 1}, 2, 2));
    lr_boolean_path pa = {&a, LR_FILL_NONZERO, lr_affine_identity()}, pb = {&b, LR_FILL_NONZERO, lr_affine_identity()};
    lr_error err = {0};
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_UNION, &pa, 1, &pb, 1, 0.01f, &err));
    LRT_CHECK(out.npoints > 0);
    LRT_CHECK(loaded("libgeos_c.so"));
    /* Twice: the library stays mapped between uses (RTLD_NODELETE). */
    lr_path_free(&out);
    LRT_CHECK_OK(lr_path_boolean(&out, LR_BOOLEAN_INTERSECTION, &pa, 1, &pb, 1, 0.01f, &err));
    LRT_CHECK(out.npoints > 0);
    lr_path_free(&out);
    lr_path_free(&a);
    lr_path_free(&b);

    /* A spring layout of a triangle: igraph comes in, three distinct points. */
    const int edges[3][2] = {{0, 1}, {1, 2}, {2, 0}};
    graph_layout_in in = {.kind = GRAPH_LAYOUT_SPRING, .nvertices = 3, .edges = edges, .nedges = 3, .scale = 2,
                          .seed = 1, .iterations = 50};
    double pos[3][2];
    LRT_CHECK_OK(graph_layout(&in, pos, &err));
    LRT_CHECK(hypot(pos[0][0] - pos[1][0], pos[0][1] - pos[1][1]) > 0.1);
    LRT_CHECK(loaded("libigraph.so"));

    /* A line spoken: espeak-ng comes in, some samples come out. */
    lr_tts_desc desc = lr_tts_desc_default();
    lr_tts *tts = NULL;
    LRT_CHECK_OK(lr_tts_create(&desc, &tts, &err));
    lr_pcm pcm = {0};
    if (tts) {
        LRT_CHECK_OK(lr_tts_synthesize(tts, "Hello.", &pcm, &err));
        LRT_CHECK(pcm.count > 1000 && pcm.rate > 0);
        lr_pcm_free(&pcm);
        lr_tts_destroy(tts);
    }
    LRT_CHECK(loaded("libespeak-ng.so"));
}

int main(void)
{
    test_opened_on_use(); /* first: nothing of the features used yet */
    test_open();
    return lrt_finish("core_dynlib");
}
