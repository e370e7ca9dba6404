/* Hostile PostScript for the layer tests (test_tex_layers.c,
 * test_tex_sandbox.c): what one `tex` object could do through
 * \special{ps: ...} before the layers, made into documents and formulas.
 * File names are PostScript hex strings, so no % reaches TeX. */
#ifndef C2V_TEX_HOSTILE_H
#define C2V_TEX_HOSTILE_H

#include "lrtest.h"
#include "tex/tex_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* <hex of s> into out. */
static inline void ps_hex(const char *s, char *out, size_t size)
{
    size_t used = (size_t)snprintf(out, size, "<");
    for (const unsigned char *p = (const unsigned char *)s; *p && used + 3 < size; p++)
        used += (size_t)snprintf(out + used, size - used, "%02x", *p);
    snprintf(out + used, size - used, ">");
}

typedef enum exploit { EXPLOIT_PIPE, EXPLOIT_WRITE, EXPLOIT_READ } exploit;

/* The PostScript of each exploit: run `touch target` through %pipe%;
 * write a file at the absolute path `target`; read the file `target` and
 * draw one bar per byte, as tall as the byte's value. */
static inline void exploit_ps(exploit e, const char *target, char *out, size_t size)
{
    char name[1200], hex[2600];
    if (e == EXPLOIT_PIPE)
        snprintf(name, sizeof name, "%%pipe%%touch %s", target);
    else
        snprintf(name, sizeof name, "%s", target);
    ps_hex(name, hex, sizeof hex);
    if (e == EXPLOIT_PIPE)
        snprintf(out, size, "%s (w) file closefile", hex);
    else if (e == EXPLOIT_WRITE)
        snprintf(out, size, "%s (w) file dup (pwned) writestring closefile", hex);
    else
        snprintf(out, size,
                 "/s %s (r) file 64 string readstring pop def 0 1 s length 1 sub { /i exch def newpath i 4 mul 0 "
                 "moveto 3 0 rlineto 0 s i get 10 div rlineto -3 0 rlineto closepath fill } for",
                 hex);
}

/* A whole document whose page is an x and the special. */
static inline void exploit_document(exploit e, const char *target, char *out, size_t size)
{
    char ps[3000];
    exploit_ps(e, target, ps, sizeof ps);
    snprintf(out, size, "\\documentclass{article}\\pagestyle{empty}\\begin{document}x\\special{ps: %s}\\end{document}\n",
             ps);
}

/* How many <path elements an SVG has: each bar a read exploit draws is
 * one. */
static inline size_t count_paths(const char *svg)
{
    size_t n = 0;
    for (const char *p = svg; p && (p = strstr(p, "<path")) != NULL; p++)
        n++;
    return n;
}

static inline bool file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static inline void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

#endif
