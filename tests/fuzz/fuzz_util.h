/* Shared by the fuzz harnesses: the libFuzzer entry point and a helper that
 * turns the raw input into a NUL-terminated string (most of our parsers take
 * C strings; an embedded NUL just ends the text early, as it would for a
 * caller). */
#ifndef C2V_FUZZ_UTIL_H
#define C2V_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        if (size)
            memcpy(s, data, size);
        s[size] = 0;
    }
    return s;
}

#endif
