#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent_internal.h"

static const char *const status_names[] = {
    "success",
    "out of memory",
    "invalid argument",
    "input/output error",
    "configuration error",
    "network error",
    "timed out",
    "authentication failed",
    "rate limited",
    "server error",
    "HTTP error",
    "malformed provider response",
    "no valid JSON in reply",
    "size limit exceeded",
    "no recording for this request",
    "cancelled",
};

const char *c2v_strerror(c2v_status status)
{
    if ((unsigned)status < sizeof status_names / sizeof status_names[0])
        return status_names[status];
    return "unknown status";
}

c2v_status c2v_error_set(c2v_error *err, c2v_status status, const char *fmt, ...)
{
    if (err) {
        err->status = status;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return status;
}

void c2v_redact(char *text, const char *secret)
{
    /* Short secrets would match ordinary words; real keys are far longer. */
    if (!text || !secret || strlen(secret) < 4)
        return;
    size_t n = strlen(secret);
    char *p;
    while ((p = strstr(text, secret)) != NULL) {
        memcpy(p, "***", 3);
        memmove(p + 3, p + n, strlen(p + n) + 1);
    }
}

bool c2v_buf_append(c2v_buf *b, const void *data, size_t n)
{
    if (b->overflow)
        return false;
    if (b->limit && b->len + n > b->limit) {
        b->overflow = true;
        return false;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p)
            return false;
        b->data = p;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

bool c2v_buf_appendf(c2v_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return false;
    if ((size_t)n < sizeof small)
        return c2v_buf_append(b, small, (size_t)n);
    char *big = malloc((size_t)n + 1);
    if (!big)
        return false;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    bool ok = c2v_buf_append(b, big, (size_t)n);
    free(big);
    return ok;
}

void c2v_buf_free(c2v_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *c2v_base64_encode(const unsigned char *data, size_t size)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (size > ((size_t)-1 / 4) * 3 - 3)
        return NULL;
    size_t out_len = (size + 2) / 3 * 4;
    char *out = malloc(out_len + 1);
    if (!out)
        return NULL;
    size_t i = 0, o = 0;
    for (; i + 2 < size; i += 3) {
        uint32_t v = (uint32_t)data[i] << 16 | (uint32_t)data[i + 1] << 8 | data[i + 2];
        out[o++] = tab[v >> 18 & 63];
        out[o++] = tab[v >> 12 & 63];
        out[o++] = tab[v >> 6 & 63];
        out[o++] = tab[v & 63];
    }
    if (i < size) {
        uint32_t v = (uint32_t)data[i] << 16 | (i + 1 < size ? (uint32_t)data[i + 1] << 8 : 0);
        out[o++] = tab[v >> 18 & 63];
        out[o++] = tab[v >> 12 & 63];
        out[o++] = i + 1 < size ? tab[v >> 6 & 63] : '=';
        out[o++] = '=';
    }
    out[o] = '\0';
    return out;
}

uint64_t c2v_fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

double c2v_now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void c2v_sleep_ms(long ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

char *c2v_strdup(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

c2v_status c2v_file_read(const char *path, size_t max_bytes, char **data, size_t *size, c2v_error *err)
{
    *data = NULL;
    if (size)
        *size = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return c2v_error_set(err, C2V_ERR_IO, "%s: %s", path, strerror(errno));
    c2v_buf b = {0};
    b.limit = max_bytes;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (!c2v_buf_append(&b, chunk, n)) {
            bool over = b.overflow;
            fclose(f);
            c2v_buf_free(&b);
            if (over)
                return c2v_error_set(err, C2V_ERR_LIMIT, "%s: larger than %zu bytes", path, max_bytes);
            return c2v_error_set(err, C2V_ERR_NOMEM, "%s: out of memory", path);
        }
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        c2v_buf_free(&b);
        return c2v_error_set(err, C2V_ERR_IO, "%s: read error", path);
    }
    if (!b.data && !c2v_buf_append(&b, "", 0))
        return c2v_error_set(err, C2V_ERR_NOMEM, "%s: out of memory", path);
    *data = b.data;
    if (size)
        *size = b.len;
    return C2V_OK;
}

c2v_status c2v_file_write(const char *path, const void *data, size_t size, c2v_error *err)
{
    c2v_buf tmp = {0};
    if (!path || !c2v_buf_appendf(&tmp, "%s.part-%ld", path, (long)getpid()))
        return c2v_error_set(err, C2V_ERR_NOMEM, "out of memory");
    FILE *f = fopen(tmp.data, "wb");
    if (!f) {
        c2v_status st = c2v_error_set(err, C2V_ERR_IO, "%s: %s", tmp.data, strerror(errno));
        c2v_buf_free(&tmp);
        return st;
    }
    bool bad = size && fwrite(data, 1, size, f) != size;
    bad = fclose(f) != 0 || bad;
    if (bad || rename(tmp.data, path) != 0) {
        c2v_status st = c2v_error_set(err, C2V_ERR_IO, "%s: could not write: %s", path, strerror(errno));
        remove(tmp.data);
        c2v_buf_free(&tmp);
        return st;
    }
    c2v_buf_free(&tmp);
    return C2V_OK;
}
