#include <librender/lr_base.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Manim's palette (plain names are the _C shades), then a few CSS names an
 * LLM is likely to write. */
static const struct {
    const char *name;
    uint32_t rgb;
} named_colors[] = {
    {"WHITE", 0xFFFFFF},     {"BLACK", 0x000000},     {"GRAY_A", 0xDDDDDD},    {"GRAY_B", 0xBBBBBB},
    {"GRAY_C", 0x888888},    {"GRAY_D", 0x444444},    {"GRAY_E", 0x222222},    {"GREY_A", 0xDDDDDD},
    {"GREY_B", 0xBBBBBB},    {"GREY_C", 0x888888},    {"GREY_D", 0x444444},    {"GREY_E", 0x222222},
    {"GRAY", 0x888888},      {"GREY", 0x888888},      {"LIGHTER_GRAY", 0xDDDDDD}, {"LIGHT_GRAY", 0xBBBBBB},
    {"DARK_GRAY", 0x444444}, {"DARKER_GRAY", 0x222222}, {"LIGHTER_GREY", 0xDDDDDD}, {"LIGHT_GREY", 0xBBBBBB},
    {"DARK_GREY", 0x444444}, {"DARKER_GREY", 0x222222}, {"BLUE_A", 0xC7E9F1},  {"BLUE_B", 0x9CDCEB},
    {"BLUE_C", 0x58C4DD},    {"BLUE_D", 0x29ABCA},    {"BLUE_E", 0x236B8E},    {"BLUE", 0x58C4DD},
    {"DARK_BLUE", 0x236B8E}, {"TEAL_A", 0xACEAD7},    {"TEAL_B", 0x76DDC0},    {"TEAL_C", 0x5CD0B3},
    {"TEAL_D", 0x55C1A7},    {"TEAL_E", 0x49A88F},    {"TEAL", 0x5CD0B3},      {"GREEN_A", 0xC9E2AE},
    {"GREEN_B", 0xA6CF8C},   {"GREEN_C", 0x83C167},   {"GREEN_D", 0x77B05D},   {"GREEN_E", 0x699C52},
    {"GREEN", 0x83C167},     {"YELLOW_A", 0xFFF1B6},  {"YELLOW_B", 0xFFEA94},  {"YELLOW_C", 0xFFFF00},
    {"YELLOW_D", 0xF4D345},  {"YELLOW_E", 0xE8C11C},  {"YELLOW", 0xFFFF00},    {"GOLD_A", 0xF7C797},
    {"GOLD_B", 0xF9B775},    {"GOLD_C", 0xF0AC5F},    {"GOLD_D", 0xE1A158},    {"GOLD_E", 0xC78D46},
    {"GOLD", 0xF0AC5F},      {"RED_A", 0xF7A1A3},     {"RED_B", 0xFF8080},     {"RED_C", 0xFC6255},
    {"RED_D", 0xE65A4C},     {"RED_E", 0xCF5044},     {"RED", 0xFC6255},       {"MAROON_A", 0xECABC1},
    {"MAROON_B", 0xEC92AB},  {"MAROON_C", 0xC55F73},  {"MAROON_D", 0xA24D61},  {"MAROON_E", 0x94424F},
    {"MAROON", 0xC55F73},    {"PURPLE_A", 0xCAA3E8},  {"PURPLE_B", 0xB189C6},  {"PURPLE_C", 0x9A72AC},
    {"PURPLE_D", 0x715582},  {"PURPLE_E", 0x644172},  {"PURPLE", 0x9A72AC},    {"PINK", 0xD147BD},
    {"LIGHT_PINK", 0xDC75CD}, {"ORANGE", 0xFF862F},   {"LIGHT_BROWN", 0xCD853F}, {"DARK_BROWN", 0x8B4513},
    {"GRAY_BROWN", 0x736357}, {"GREY_BROWN", 0x736357}, {"PURE_RED", 0xFF0000}, {"PURE_GREEN", 0x00FF00},
    {"PURE_BLUE", 0x0000FF}, {"CYAN", 0x00FFFF},      {"MAGENTA", 0xFF00FF},   {"NAVY", 0x000080},
    {"LIME", 0x00FF00},      {"SILVER", 0xC0C0C0},    {"BROWN", 0x8B4513},     {"VIOLET", 0xEE82EE},
    {"INDIGO", 0x4B0082},
};

lr_color lr_rgba(float r, float g, float b, float a) { return (lr_color){r, g, b, a}; }

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

static bool parse_hex(const char *h, lr_color *out)
{
    size_t n = strlen(h);
    int v[8];
    for (size_t i = 0; i < n; i++)
        if (i >= 8 || (v[i] = hex_value(h[i])) < 0)
            return false;
    switch (n) {
    case 3:
    case 4:
        out->r = (float)(v[0] * 17) / 255.0f;
        out->g = (float)(v[1] * 17) / 255.0f;
        out->b = (float)(v[2] * 17) / 255.0f;
        out->a = n == 4 ? (float)(v[3] * 17) / 255.0f : 1.0f;
        return true;
    case 6:
    case 8:
        out->r = (float)(v[0] * 16 + v[1]) / 255.0f;
        out->g = (float)(v[2] * 16 + v[3]) / 255.0f;
        out->b = (float)(v[4] * 16 + v[5]) / 255.0f;
        out->a = n == 8 ? (float)(v[6] * 16 + v[7]) / 255.0f : 1.0f;
        return true;
    default:
        return false;
    }
}

const char *lr_color_name(size_t index)
{
    return index < sizeof named_colors / sizeof named_colors[0] ? named_colors[index].name : NULL;
}

bool lr_color_parse(const char *text, lr_color *out)
{
    if (!text || !out)
        return false;
    if (text[0] == '#')
        return parse_hex(text + 1, out);
    if (strcasecmp(text, "none") == 0 || strcasecmp(text, "transparent") == 0) {
        *out = (lr_color){0, 0, 0, 0};
        return true;
    }
    for (size_t i = 0; i < sizeof named_colors / sizeof named_colors[0]; i++) {
        if (strcasecmp(text, named_colors[i].name) == 0) {
            uint32_t rgb = named_colors[i].rgb;
            *out = (lr_color){(float)((rgb >> 16) & 0xFF) / 255.0f, (float)((rgb >> 8) & 0xFF) / 255.0f,
                              (float)(rgb & 0xFF) / 255.0f, 1.0f};
            return true;
        }
    }
    return false;
}
