/* The LaTeX formula filter (layer 1, librender/tex/filter.c) for any input.
 *
 * Whenever lr_tex_forbidden accepts a formula, an independent reading of
 * it -- this file's own model of TeX's input processor (^^ decoding,
 * LaTeX's catcodes for every byte, line ends, comments, control words and
 * symbols, active characters, how \begin, \end and \color take their
 * arguments) -- must find only allowlisted control sequences, none of the
 * primitives that reach files, the shell or the reading itself, no
 * comment, parameter, active character but ~, invalid or ignored byte,
 * and only allowlisted environments and colour models. And wherever the
 * filter says a colour group may go, putting one there must leave TeX
 * reading the same control sequences plus the group's own. A violation
 * aborts, so libFuzzer reports it and the replay test fails. */
#include "fuzz_util.h"

#include <stdbool.h>
#include <stdio.h>

#include "tex/tex_internal.h"

/* What must never get through, whatever the allowlist says: written out
 * here, not taken from filter.c. */
static const char *const never[] = {
    "special", "csname", "endcsname", "catcode", "def", "edef", "gdef", "xdef", "let", "futurelet",
    "expandafter", "noexpand", "string", "lowercase", "uppercase", "detokenize", "unexpanded", "scantokens",
    "romannumeral", "number", "the", "meaning", "write", "immediate", "openout", "openin", "closeout", "closein",
    "read", "readline", "input", "endinput", "include", "usepackage", "RequirePackage", "documentclass",
    "newcommand", "renewcommand", "providecommand", "DeclareMathOperator", "DeclareRobustCommand", "begingroup",
    "endgroup", "global", "long", "outer", "aftergroup", "afterassignment", "everymath", "everypar",
    "everydisplay", "everyhbox", "everyvbox", "everyjob", "everycr", "everyeof", "output", "shipout", "lccode",
    "uccode", "sfcode", "mathcode", "delcode", "makeatletter", "makeatother", "char", "chardef", "mathchardef",
    "countdef", "dimendef", "skipdef", "toksdef", "toks", "count", "dimen", "skip", "setlength", "setcounter",
    "pagecolor", "definecolor", "label", "ref", "batchmode", "nonstopmode", "scrollmode", "errorstopmode",
    "errmessage", "message", "typeout", "jobname", "pdfprimitive", "primitive", "directlua", "UseName",
    "ifcsname", "ExplSyntaxOn", "endlinechar", "newlinechar", "escapechar", "par", "relax", "verb", "hbox",
    "vbox", "halign", "valign", "noalign", "openup", "endinput", "pdfshellescape", "ShellEscape", "newwrite",
    "newread", "IfFileExists", "InputIfFileExists", "font", "fontdimen", "hyphenation", "patterns", "dump",
    NULL};

typedef enum { T_CHAR, T_SPACE, T_CS, T_ACTIVE, T_PAR } tkind;

typedef struct ttok {
    tkind kind;
    char name[64]; /* T_CS: the name, cut at 63 */
    size_t name_len;
    unsigned char c; /* T_CHAR, T_ACTIVE */
    int cat;         /* T_CHAR: its category code */
    size_t start, end; /* where in the (undecoded) line it came from */
} ttok;

#define MAX_TOKENS 8192

typedef struct reading {
    ttok t[MAX_TOKENS];
    size_t n;
    bool bad; /* something LaTeX would read specially: a comment, an invalid or ignored byte, ^^ */
    const char *why;
} reading;

/* LaTeX's category codes in a document: \ { } $ & (end of line) # ^ _
 * (ignored) space letter other active comment invalid. Bytes from 0x80 up
 * are active (LaTeX's UTF-8 input), ^^L is active, most control bytes
 * invalid. */
static int catcode(unsigned char c)
{
    if (c == '\\')
        return 0;
    if (c == '{')
        return 1;
    if (c == '}')
        return 2;
    if (c == '$')
        return 3;
    if (c == '&')
        return 4;
    if (c == '\r')
        return 5;
    if (c == '#')
        return 6;
    if (c == '^')
        return 7;
    if (c == '_')
        return 8;
    if (c == 0)
        return 9;
    if (c == ' ' || c == '\t')
        return 10;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 11;
    if (c == '~' || c == 0x0c || c >= 0x80)
        return 13;
    if (c == '%')
        return 14;
    if (c < 0x20 || c == 0x7f)
        return 15;
    return 12;
}

static void push(reading *r, ttok t)
{
    if (r->n < MAX_TOKENS)
        r->t[r->n++] = t;
}

static void flag(reading *r, const char *why)
{
    if (!r->bad)
        r->why = why;
    r->bad = true;
}

/* One line, as TeX reads it: spaces at its end dropped, an end-of-line
 * character appended, ^^ sequences decoded (anywhere, even inside names),
 * then tokens formed in states N (new line), M (mid line), S (skipping
 * spaces). */
static void read_line(reading *r, const char *s, size_t n, size_t offset)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    unsigned char buf[4200];
    size_t map[4200];
    size_t m = 0;
    for (size_t i = 0; i < n && m + 2 < sizeof buf;) {
        unsigned char c = (unsigned char)s[i];
        if (catcode(c) == 7 && i + 1 < n && s[i + 1] == (char)c) {
            /* ^^ then two lowercase hex digits, or any character (the
             * end-of-line character when the line ends there) */
            flag(r, "^^ sequence");
            unsigned char x = i + 2 < n ? (unsigned char)s[i + 2] : '\r';
            unsigned char y = i + 3 < n ? (unsigned char)s[i + 3] : 0;
            bool hex_x = (x >= '0' && x <= '9') || (x >= 'a' && x <= 'f');
            bool hex_y = (y >= '0' && y <= '9') || (y >= 'a' && y <= 'f');
            map[m] = offset + i;
            if (hex_x && hex_y) {
                buf[m++] = (unsigned char)(((x <= '9' ? x - '0' : x - 'a' + 10) << 4) | (y <= '9' ? y - '0' : y - 'a' + 10));
                i += 4;
            } else {
                buf[m++] = (unsigned char)(x < 64 ? x + 64 : x - 64);
                i += 3;
            }
            continue;
        }
        map[m] = offset + i;
        buf[m++] = c;
        i++;
    }
    map[m] = offset + n;
    buf[m++] = '\r'; /* \endlinechar */
    enum { N, M, S } state = N;
    for (size_t i = 0; i < m;) {
        unsigned char c = buf[i];
        int cat = catcode(c);
        ttok t;
        memset(&t, 0, sizeof t);
        t.start = map[i];
        if (cat == 0) {
            size_t j = i + 1;
            t.kind = T_CS;
            if (j < m && catcode(buf[j]) == 11) {
                while (j < m && catcode(buf[j]) == 11) {
                    if (t.name_len < sizeof t.name - 1)
                        t.name[t.name_len] = (char)buf[j];
                    t.name_len++;
                    j++;
                }
                state = S;
            } else if (j < m) {
                t.name[0] = (char)buf[j];
                t.name_len = 1;
                state = catcode(buf[j]) == 10 ? S : M;
                j++;
            } else {
                t.name_len = 0; /* \ at the very end: the empty control sequence */
            }
            t.end = map[j < m ? j : m - 1];
            push(r, t);
            i = j;
            continue;
        }
        i++;
        if (cat == 5 && i < m)
            flag(r, "a carriage return inside a line");
        if (cat == 5) { /* end of line: the rest of the line is dropped */
            if (state == N) {
                t.kind = T_PAR;
                push(r, t);
            } else if (state == M) {
                t.kind = T_SPACE;
                push(r, t);
            }
            return;
        }
        if (cat == 9)
            flag(r, "an ignored byte");
        else if (cat == 14) {
            flag(r, "a comment");
            return;
        } else if (cat == 15)
            flag(r, "an invalid byte");
        else if (cat == 10) {
            if (state == M) {
                t.kind = T_SPACE;
                push(r, t);
            }
            if (state != N)
                state = S;
        } else if (cat == 13) {
            t.kind = T_ACTIVE;
            t.c = c;
            push(r, t);
            state = M;
        } else {
            t.kind = T_CHAR;
            t.c = c;
            t.cat = cat;
            push(r, t);
            state = M;
        }
    }
}

/* The whole formula, which the document puts on lines of its own. */
static void read_formula(reading *r, const char *s, size_t n)
{
    r->n = 0;
    r->bad = false;
    r->why = NULL;
    if (n == 0)
        return;
    size_t ls = 0;
    for (;;) {
        size_t le = ls;
        while (le < n && s[le] != '\n')
            le++;
        read_line(r, s + ls, le - ls, ls);
        if (le >= n)
            return;
        ls = le + 1;
    }
}

static void violation(const char *what, const char *src)
{
    fprintf(stderr, "fuzz_tex_filter: the filter accepted a formula with %s:\n%s\n", what, src);
    abort();
}

static bool is_cs(const ttok *t, const char *name)
{
    return t->kind == T_CS && t->name_len == strlen(name) && memcmp(t->name, name, t->name_len) == 0;
}

/* The environment name \begin/\end would read at token i: TeX's
 * undelimited argument (spaces skipped, one token or a braced group). */
static size_t argument(const reading *r, size_t i, char *name, size_t size, bool *plain)
{
    while (i < r->n && r->t[i].kind == T_SPACE)
        i++;
    *plain = false;
    name[0] = 0;
    if (i >= r->n)
        return i;
    if (!(r->t[i].kind == T_CHAR && r->t[i].cat == 1))
        return i + 1; /* a single token: not a braced name */
    size_t used = 0;
    int depth = 1;
    *plain = true;
    for (i++; i < r->n; i++) {
        const ttok *t = &r->t[i];
        if (t->kind == T_CHAR && t->cat == 1)
            depth++;
        if (t->kind == T_CHAR && t->cat == 2 && --depth == 0)
            return i + 1;
        if (t->kind != T_CHAR)
            *plain = false;
        if (used + 1 < size)
            name[used++] = (char)t->c;
        name[used] = 0;
    }
    *plain = false; /* never closed */
    return i;
}

static void check_reading(const reading *r, const char *src)
{
    if (r->bad)
        violation(r->why, src);
    for (size_t i = 0; i < r->n; i++) {
        const ttok *t = &r->t[i];
        if (t->kind == T_PAR)
            violation("an empty line (\\par)", src);
        if (t->kind == T_ACTIVE && t->c != '~')
            violation("an active character other than ~", src);
        if (t->kind == T_CHAR && t->cat == 6)
            violation("a macro parameter #", src);
        if (t->kind != T_CS)
            continue;
        if (t->name_len == 0 || t->name_len >= sizeof t->name)
            violation("an empty or very long control sequence", src);
        for (int k = 0; never[k]; k++)
            if (is_cs(t, never[k]))
                violation("a forbidden primitive", src);
        if (!lr_tex_allowed_command(t->name, t->name_len))
            violation("a control sequence off the allowlist", src);
        if (is_cs(t, "begin") || is_cs(t, "end")) {
            char name[64];
            bool plain;
            argument(r, i + 1, name, sizeof name, &plain);
            if (!plain || !lr_tex_allowed_environment(name, strlen(name)))
                violation("an environment off the allowlist", src);
        }
        if (is_cs(t, "color") || is_cs(t, "textcolor")) {
            size_t j = i + 1;
            while (j < r->n && r->t[j].kind == T_SPACE)
                j++;
            if (j < r->n && r->t[j].kind == T_CHAR && r->t[j].c == '[') {
                char model[16] = "";
                size_t used = 0;
                for (j++; j < r->n && !(r->t[j].kind == T_CHAR && r->t[j].c == ']'); j++) {
                    if (r->t[j].kind != T_CHAR)
                        violation("a control sequence in a colour model", src);
                    if (used + 1 < sizeof model)
                        model[used++] = (char)r->t[j].c;
                    model[used] = 0;
                }
                if (strcmp(model, "rgb") && strcmp(model, "cmyk") && strcmp(model, "gray") && strcmp(model, "named"))
                    violation("a colour model off the allowlist", src);
            }
        }
    }
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* The sorted control sequence names of a reading, each 64 bytes. */
static size_t names_of(const reading *r, char (*out)[64], size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n && n < max; i++)
        if (r->t[i].kind == T_CS)
            snprintf(out[n++], 64, "%.*s", (int)(r->t[i].name_len < 63 ? r->t[i].name_len : 63), r->t[i].name);
    qsort(out, n, 64, cmp_names);
    return n;
}

static reading a, b;
static char names_a[MAX_TOKENS + 3][64], names_b[MAX_TOKENS + 3][64];

/* A colour group where the filter allows one: TeX must read the same
 * control sequences as before, plus the group's. */
static void check_group(const char *src, size_t n, size_t from, size_t to)
{
    static const char open[] = "\\begingroup\\color[rgb]{1,0,0}", close[] = "\\endgroup ";
    char *doc = malloc(n + sizeof open + sizeof close);
    if (!doc)
        return;
    memcpy(doc, src, from);
    memcpy(doc + from, open, sizeof open - 1);
    memcpy(doc + from + sizeof open - 1, src + from, to - from);
    memcpy(doc + from + sizeof open - 1 + (to - from), close, sizeof close - 1);
    memcpy(doc + from + sizeof open - 1 + (to - from) + sizeof close - 1, src + to, n - to);
    size_t dn = n + sizeof open - 1 + sizeof close - 1;
    read_formula(&a, src, n);
    read_formula(&b, doc, dn);
    size_t na = names_of(&a, names_a, MAX_TOKENS);
    snprintf(names_a[na++], 64, "begingroup");
    snprintf(names_a[na++], 64, "color");
    snprintf(names_a[na++], 64, "endgroup");
    qsort(names_a, na, 64, cmp_names);
    size_t nb = names_of(&b, names_b, MAX_TOKENS + 3);
    bool same = na == nb && a.n < MAX_TOKENS && b.n < MAX_TOKENS;
    for (size_t i = 0; same && i < na; i++)
        same = strcmp(names_a[i], names_b[i]) == 0;
    if (!same && a.n < MAX_TOKENS - 8) {
        fprintf(stderr, "fuzz_tex_filter: a colour group at %zu..%zu changes what TeX reads:\n%s\n", from, to, doc);
        abort();
    }
    free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 4000)
        return 0; /* a spec's formula is at most 1000 characters */
    char *text = fuzz_cstring(data, size);
    if (!text)
        return 0;
    char why[600];
    memset(why, 'x', sizeof why);
    const char *r = lr_tex_forbidden(text, why, sizeof why);
    if (r && (r != why || strlen(why) >= sizeof why || why[0] == 0)) {
        fprintf(stderr, "fuzz_tex_filter: a refusal without a proper message\n");
        abort();
    }
    size_t n = strlen(text);
    if (!r) {
        read_formula(&a, text, n);
        check_reading(&a, text);
        bool *boundary = malloc(n + 1);
        if (boundary) {
            lr_tex_mark_boundaries(text, n, boundary);
            /* a few groups, placed by the input's own bytes */
            for (size_t k = 0; k < 4 && n > 0; k++) {
                size_t from = (size_t)(unsigned char)text[k % n] * 7 % (n + 1);
                size_t to = from + (size_t)(unsigned char)text[(k * 3 + 1) % n] % (n + 1 - from);
                if (boundary[from] && boundary[to])
                    check_group(text, n, from, to);
            }
            free(boundary);
        }
    }
    free(text);
    return 0;
}
