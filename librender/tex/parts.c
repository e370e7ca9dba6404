/* Formulas cut into parts, as Manim's MathTex cuts its tex_strings: at
 * {{ ... }} groups and at the substrings to isolate (lr_tex.h says the
 * rules). Where a cut may go comes from the formula filter's tokenizer
 * (lr_tex_mark_boundaries), so a part never starts inside a control
 * sequence's name, an environment's name or a colour's argument: the
 * document builder puts a colour-stack special at each cut, and a special
 * there would make TeX read something the filter did not see. */
#include "tex/tex_internal.h"

#include <stdlib.h>
#include <string.h>

/* Commands that take the next token as an argument (or a delimiter): a
 * part starting right after one would hand them a special instead. Sorted
 * by strcmp for bsearch (test_tex_parts checks the order). */
static const char *const takes_argument[] = {
    "Big", "Bigg", "Biggl", "Biggm", "Biggr", "Bigl", "Bigm", "Bigr", "acute", "bar", "begin", "big", "bigg",
    "biggl", "biggm", "biggr", "bigl", "bigm", "bigr", "binom", "bm", "boldsymbol", "boxed", "breve", "cancel",
    "cfrac", "check", "color", "dbinom", "dddot", "ddot", "dfrac", "dot", "emph", "end", "frac", "grave", "hat",
    "hphantom", "hspace", "kern", "left", "mathbb", "mathbf", "mathbin", "mathcal", "mathfrak", "mathit",
    "mathop", "mathord", "mathrel", "mathring", "mathrm", "mathsf", "mathtt", "mbox", "middle", "not",
    "operatorname", "overbrace", "overleftarrow", "overleftrightarrow", "overline", "overrightarrow", "overset",
    "phantom", "pmod", "right", "sideset", "smash", "sqrt", "stackrel", "substack", "tag", "tbinom", "text",
    "textbf", "textcolor", "textit", "textrm", "textsf", "texttt", "tfrac", "tilde", "underbrace",
    "underleftarrow", "underline", "underrightarrow", "underset", "vec", "vphantom", "widehat", "widetilde",
    "xleftarrow", "xrightarrow"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

bool lr_tex_parts_table_sorted(void)
{
    for (size_t i = 1; i < COUNT(takes_argument); i++)
        if (strcmp(takes_argument[i - 1], takes_argument[i]) >= 0)
            return false;
    return true;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether the token before byte `p` (spaces skipped) takes what follows as
 * its argument: ^, _ or a command of takes_argument. */
static bool after_argument_taker(const char *s, const bool *boundary, size_t p)
{
    size_t q = p;
    while (q > 0 && is_space(s[q - 1]))
        q--;
    if (q == 0)
        return false;
    char c = s[q - 1];
    if ((c == '^' || c == '_') && boundary[q - 1])
        return true;
    if (!is_letter(c))
        return false;
    size_t r = q - 1;
    while (r > 0 && is_letter(s[r - 1]))
        r--;
    if (r == 0 || s[r - 1] != '\\' || !boundary[r - 1] || q - r >= 32)
        return false; /* letters, not a control word's name */
    char name[32];
    memcpy(name, s + r, q - r);
    name[q - r] = '\0';
    return bsearch(name, takes_argument, COUNT(takes_argument), sizeof *takes_argument, cmp_name) != NULL;
}

typedef struct splitter {
    const char *s;
    const bool *boundary;
    const char *const *isolate;
    size_t nisolate;
    lr_tex_span *spans;
    size_t cap, count;
} splitter;

/* Records bytes [a, b) as a part, trimmed; blank ones are dropped. */
static void emit(splitter *sp, size_t a, size_t b)
{
    while (a < b && is_space(sp->s[a]))
        a++;
    while (b > a && is_space(sp->s[b - 1]))
        b--;
    if (a == b)
        return;
    if (sp->count < sp->cap)
        sp->spans[sp->count] = (lr_tex_span){a, b - a};
    sp->count++;
}

/* Cuts [a, b) at the occurrences of the isolated strings. */
static void isolate_in(splitter *sp, size_t a, size_t b)
{
    size_t pending = a;
    for (size_t p = a; p < b;) {
        size_t best = 0;
        if (sp->boundary[p] && !is_space(sp->s[p]) && !after_argument_taker(sp->s, sp->boundary, p))
            for (size_t k = 0; k < sp->nisolate; k++) {
                const char *t = sp->isolate[k];
                size_t n = t ? strlen(t) : 0;
                if (n > best && p + n <= b && memcmp(sp->s + p, t, n) == 0 && sp->boundary[p + n])
                    best = n;
            }
        if (best == 0) {
            p++;
            continue;
        }
        emit(sp, pending, p);
        emit(sp, p, p + best);
        p += best;
        pending = p;
    }
    emit(sp, pending, b);
}

/* Where the {{ group opened at `open` closes: the "}}" at its own depth,
 * or 0 when it does not. */
static size_t group_end(const char *s, size_t len, const bool *boundary, size_t open)
{
    int depth = 0;
    for (size_t i = open + 2; i < len; i++) {
        if (!boundary[i])
            continue; /* \{ and \} are characters, not braces */
        if (s[i] == '{') {
            depth++;
        } else if (s[i] == '}') {
            if (depth == 0 && i + 1 < len && s[i + 1] == '}')
                return i;
            if (--depth < 0)
                return 0;
        }
    }
    return 0;
}

size_t lr_tex_split(const char *source, const char *const *isolate, size_t nisolate, lr_tex_span *spans, size_t cap)
{
    if (!source)
        return 0;
    size_t len = strlen(source);
    bool *boundary = malloc(len + 1);
    if (!boundary)
        return 0;
    lr_tex_mark_boundaries(source, len, boundary);
    splitter sp = {source, boundary, isolate, nisolate, spans, spans ? cap : 0, 0};
    size_t from = 0;
    for (size_t i = 0; i + 1 < len; i++) {
        if (source[i] != '{' || source[i + 1] != '{' || !boundary[i] || (i > 0 && !is_space(source[i - 1])) ||
            after_argument_taker(source, boundary, i))
            continue;
        size_t close = group_end(source, len, boundary, i);
        if (close == 0)
            continue; /* not closed: ordinary braces */
        isolate_in(&sp, from, i);
        isolate_in(&sp, i + 2, close);
        from = close + 2;
        i = close + 1;
    }
    isolate_in(&sp, from, len);
    free(boundary);
    return sp.count;
}

size_t lr_tex_part_key(const char *tex, size_t len, char *out, size_t size)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = tex[i];
        if (is_space(c)) {
            /* One space stays between letters: "\alpha b" is not "\alphab". */
            size_t j = i;
            while (j < len && is_space(tex[j]))
                j++;
            bool between_letters = n > 0 && j < len && is_letter(tex[i - 1]) && is_letter(tex[j]);
            i = j - 1;
            if (!between_letters)
                continue;
            c = ' ';
        }
        if (out && n + 1 < size)
            out[n] = c;
        n++;
    }
    if (out && size)
        out[n < size ? n : size - 1] = '\0';
    return n;
}
