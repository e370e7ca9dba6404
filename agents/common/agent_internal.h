/* Helpers shared by the agent's modules; not part of the public API. */
#ifndef C2V_AGENT_INTERNAL_H
#define C2V_AGENT_INTERNAL_H

#include "c2v_llm.h"

/* A growable byte buffer, always NUL-terminated once anything was added. */
typedef struct c2v_buf {
    char *data;
    size_t len, cap;
    size_t limit; /* 0 = no limit; appends past it fail */
    bool overflow;
} c2v_buf;

bool c2v_buf_append(c2v_buf *b, const void *data, size_t n);
bool c2v_buf_appendf(c2v_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void c2v_buf_free(c2v_buf *b);

/* Standard base64 with padding; returns a malloc'd string or NULL. */
char *c2v_base64_encode(const unsigned char *data, size_t size);
/* FNV-1a 64-bit, chainable through `h` (start with C2V_FNV_INIT). */
#define C2V_FNV_INIT 0xcbf29ce484222325ull
uint64_t c2v_fnv1a(uint64_t h, const void *data, size_t n);

double c2v_now_seconds(void);
void c2v_sleep_ms(long ms);
char *c2v_strdup(const char *s);

#endif
