#include "core/dynlib.h"

#include <dlfcn.h>
#include <string.h>

lr_status lr_dynlib_open(const char *soname, const lr_dynlib_symbol *symbols, size_t n, void *table, void **lib,
                         const char *needed_for, lr_error *err)
{
    *lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!*lib)
        return lr_error_set(err, LR_ERR_UNSUPPORTED, "%s needs %s, which cannot be opened: %s", needed_for, soname,
                            dlerror());
    for (size_t i = 0; i < n; i++) {
        void *address = dlsym(*lib, symbols[i].name);
        if (!address) {
            dlclose(*lib);
            *lib = NULL;
            return lr_error_set(err, LR_ERR_UNSUPPORTED, "%s needs %s from %s, which has none", needed_for,
                                symbols[i].name, soname);
        }
        /* POSIX lets a data pointer hold a function's address; the slot is
         * the function pointer the header's prototype gives. */
        memcpy((char *)table + symbols[i].offset, &address, sizeof address);
    }
    return LR_OK;
}

void lr_dynlib_close(void *lib)
{
    if (lib)
        dlclose(lib);
}
