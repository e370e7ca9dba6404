/* Libraries opened when a feature first needs them instead of linked.
 *
 * Debian's libavfilter, GEOS, igraph and espeak-ng bring dozens of
 * libraries of their own; linked, every c2v-render run pays for binding
 * their symbols at start-up (tens of milliseconds on a 2-core machine)
 * whether or not the spec asks for a GIF, a boolean operation, a graph
 * layout or narration. A module lists
 * the functions it calls once, as X(name), and gets a table of them typed
 * from the library's own header:
 *
 *     #define GEOS_FUNCTIONS(X) X(GEOS_init_r) X(GEOSUnion_r)
 *     typedef struct geos_api {
 *         void *lib;
 *         GEOS_FUNCTIONS(LR_DYNLIB_MEMBER)
 *     } geos_api;
 *     #define GEOS_SYMBOL(name) LR_DYNLIB_SYMBOL(geos_api, name)
 *     static const lr_dynlib_symbol geos_symbols[] = {GEOS_FUNCTIONS(GEOS_SYMBOL)};
 *     ...
 *     geos_api fn;
 *     lr_status s = LR_DYNLIB_OPEN("libgeos_c.so.1", geos_symbols, &fn, "a boolean operation", err);
 *
 * The table belongs to its caller, opened and closed around one use. The
 * library is opened RTLD_NODELETE, so a second use finds it still mapped and
 * costs only the lookups. */
#ifndef LR_CORE_DYNLIB_H
#define LR_CORE_DYNLIB_H

#include <librender/lr_base.h>

#include <stddef.h>

typedef struct lr_dynlib_symbol {
    const char *name;
    size_t offset; /* of its pointer in the caller's table */
} lr_dynlib_symbol;

#define LR_DYNLIB_MEMBER(name) __typeof__(name) *name;
#define LR_DYNLIB_SYMBOL(table, name) {#name, offsetof(table, name)},
/* A version number from a header, as a string: "libfoo.so." LR_DYNLIB_STRINGIFY(FOO_MAJOR). */
#define LR_DYNLIB_STRINGIFY(x) LR_DYNLIB_STRINGIFY_(x)
#define LR_DYNLIB_STRINGIFY_(x) #x

/* Opens `soname` into *lib and fills `table` with the `n` symbols' addresses.
 * On failure *lib is NULL and the error names the library, what needs it
 * (`needed_for`, e.g. "a GIF") and the loader's reason or the missing symbol. */
lr_status lr_dynlib_open(const char *soname, const lr_dynlib_symbol *symbols, size_t n, void *table, void **lib,
                         const char *needed_for, lr_error *err);
/* lr_dynlib_open of a table whose `lib` member takes the handle, with every
 * symbol of the array `symbols`. */
#define LR_DYNLIB_OPEN(soname, symbols, table, needed_for, err)                                                    \
    lr_dynlib_open((soname), (symbols), sizeof(symbols) / sizeof *(symbols), (table), &(table)->lib, (needed_for),   \
                   (err))
/* Closes what lr_dynlib_open opened; NULL is ignored. */
void lr_dynlib_close(void *lib);

#endif
