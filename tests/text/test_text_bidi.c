/* Bidirectional text inside a line: a Hebrew word in a Latin line comes out
 * right to left (its first letter rightmost), between the Latin words on
 * either side, its letters where the word alone would put them; a line that
 * starts in Hebrew reads right to left as a whole; digits inside Hebrew stay
 * left to right; Arabic too. Glyphs stay in reading order (Write draws the
 * word from its first letter). Checked on glyph positions. */
#include "lrtest.h"

#include <stdlib.h>
#include <string.h>

#define SHALOM "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d" /* ש ל ו ם: 2 bytes each */

typedef struct shaped {
    lr_text_glyph *g;
    size_t n;
} shaped;

static shaped shape(lr_text_context *tc, const char *s)
{
    lr_text_style st = lr_text_style_default();
    shaped r = {0};
    lr_error err = {0};
    LRT_CHECK_MSG(lr_text_shape(tc, s, &st, &r.g, &r.n, &err) == LR_OK, "\"%s\": %s", s, err.message);
    return r;
}

/* The glyph of the character at byte `cluster`, or -1. */
static long at(const shaped *s, uint32_t cluster)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->g[i].cluster == cluster)
            return (long)i;
    return -1;
}

static float x_of(const shaped *s, uint32_t cluster)
{
    long i = at(s, cluster);
    return i < 0 ? NAN : s->g[i].origin.x;
}

int main(void)
{
    lr_text_context *tc = NULL;
    lr_error err = {0};
    if (lr_text_context_create(&tc, &err) != LR_OK) {
        LRT_CHECK_MSG(0, "%s", err.message);
        return lrt_finish("text_bidi");
    }

    /* "abc שלום def": bytes 0-3 "abc ", the word at 4, 6, 8, 10, " def" at 12. */
    shaped mixed = shape(tc, "abc " SHALOM " def");
    float c = x_of(&mixed, 2), shin = x_of(&mixed, 4), lamed = x_of(&mixed, 6), vav = x_of(&mixed, 8),
          mem = x_of(&mixed, 10), d = x_of(&mixed, 13);
    LRT_CHECK_MSG(shin > lamed && lamed > vav && vav > mem, "Hebrew letters at x %.3f %.3f %.3f %.3f (first to last)",
                  shin, lamed, vav, mem);
    LRT_CHECK_MSG(c < mem && shin < d, "the word (%.3f..%.3f) is not between \"c\" (%.3f) and \"d\" (%.3f)", mem, shin,
                  c, d);
    LRT_CHECK(at(&mixed, 4) < at(&mixed, 10)); /* reading order kept in the glyph list */

    /* The word alone, shaped right to left as its own line: the same
     * spacing between its letters. */
    shaped alone = shape(tc, SHALOM);
    for (uint32_t b = 0; b < 8; b += 2) {
        float in_line = x_of(&mixed, 4 + b) - x_of(&mixed, 10), by_itself = x_of(&alone, b) - x_of(&alone, 6);
        LRT_CHECK_NEAR(in_line, by_itself, 1e-4);
    }
    LRT_CHECK_MSG(x_of(&alone, 0) > x_of(&alone, 6), "the word alone is not right to left");

    /* A line that starts in Hebrew reads right to left: "שלום abc" puts
     * "abc" on the left, itself left to right. */
    shaped rtl = shape(tc, SHALOM " abc");
    float a = x_of(&rtl, 9), b = x_of(&rtl, 10), cc = x_of(&rtl, 11);
    LRT_CHECK_MSG(a < b && b < cc, "abc at %.3f %.3f %.3f", a, b, cc);
    LRT_CHECK_MSG(cc < x_of(&rtl, 6), "\"abc\" (up to %.3f) is not left of the Hebrew word (from %.3f)", cc,
                  x_of(&rtl, 6));

    /* Digits in Hebrew: "שלום 123" keeps 1 2 3 left to right, left of the word. */
    shaped digits = shape(tc, SHALOM " 123");
    float one = x_of(&digits, 9), two = x_of(&digits, 10), three = x_of(&digits, 11);
    LRT_CHECK_MSG(one < two && two < three && three < x_of(&digits, 6), "digits at %.3f %.3f %.3f", one, two, three);

    /* Arabic in a Latin line: مرحبا (2 bytes a letter), first letter rightmost. */
    shaped arabic = shape(tc, "x \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7 y");
    LRT_CHECK_MSG(x_of(&arabic, 2) > x_of(&arabic, 10), "Arabic word at %.3f .. %.3f", x_of(&arabic, 2),
                  x_of(&arabic, 10));
    LRT_CHECK(x_of(&arabic, 0) < x_of(&arabic, 10) && x_of(&arabic, 2) < x_of(&arabic, 13));

    /* Plain Latin is unchanged: pen positions only grow. */
    shaped latin = shape(tc, "Hello, world");
    for (size_t i = 1; i < latin.n; i++)
        LRT_CHECK(latin.g[i].origin.x >= latin.g[i - 1].origin.x);

    free(mixed.g);
    free(alone.g);
    free(rtl.g);
    free(digits.g);
    free(arabic.g);
    free(latin.g);
    lr_text_context_destroy(tc);
    return lrt_finish("text_bidi");
}
