/* theme: the two colour sets and the version palette. */
#include "theme.h"

/* Okabe & Ito (2008), "Color Universal Design": blue, orange, bluish green, reddish purple,
 * sky blue, yellow. Vermillion (#D55E00) is left out on purpose: it means failure. */
static const SDL_Color palette[THEME_VERSION_COLORS] = {
    {0x00, 0x72, 0xB2, 255}, {0xE6, 0x9F, 0x00, 255}, {0x00, 0x9E, 0x73, 255},
    {0xCC, 0x79, 0xA7, 255}, {0x56, 0xB4, 0xE9, 255}, {0xF0, 0xE4, 0x42, 255},
};

static const theme_t light = {
    .name = "light",
    .dark = false,
    .bg = {0xEE, 0xF0, 0xF3, 255},
    .panel = {0xFF, 0xFF, 0xFF, 255},
    .border = {0xC9, 0xCE, 0xD6, 255},
    .ink = {0x1B, 0x1F, 0x24, 255},
    .ink_muted = {0x4A, 0x52, 0x5C, 255},
    .ink_faint = {0x6E, 0x76, 0x81, 255},
    .grid = {0xE3, 0xE6, 0xEA, 255},
    .card = {0xF7, 0xF8, 0xFA, 255},
    .card_down = {0xD5, 0xD7, 0xDB, 255},
    .track = {0xE1, 0xE4, 0xE8, 255},
    .cpu = {0x5B, 0x65, 0x72, 255},
    .mem = {0x97, 0x9F, 0xAA, 255},
    .button = {0x2B, 0x31, 0x38, 255},
    .button_ink = {0xFF, 0xFF, 0xFF, 255},
    .highlight = {0x1B, 0x1F, 0x24, 255},
    .backdrop = {0x10, 0x14, 0x18, 150},
    .failure = {0xD5, 0x5E, 0x00, 255},
};

static const theme_t dark = {
    .name = "dark",
    .dark = true,
    .bg = {0x12, 0x15, 0x19, 255},
    .panel = {0x1C, 0x20, 0x26, 255},
    .border = {0x39, 0x40, 0x4A, 255},
    .ink = {0xE8, 0xEA, 0xED, 255},
    .ink_muted = {0xB4, 0xBA, 0xC2, 255},
    .ink_faint = {0x8A, 0x92, 0x9C, 255},
    .grid = {0x2C, 0x32, 0x3A, 255},
    .card = {0x25, 0x2A, 0x31, 255},
    .card_down = {0x3A, 0x3D, 0x42, 255},
    .track = {0x33, 0x39, 0x41, 255},
    .cpu = {0xB8, 0xC0, 0xCA, 255},
    .mem = {0x7C, 0x86, 0x92, 255},
    .button = {0xDD, 0xE1, 0xE6, 255},
    .button_ink = {0x12, 0x15, 0x19, 255},
    .highlight = {0xFF, 0xFF, 0xFF, 255},
    .backdrop = {0x00, 0x00, 0x00, 170},
    .failure = {0xD5, 0x5E, 0x00, 255},
};

const theme_t *theme_get(const char *name) {
    if (!name || SDL_strcmp(name, "light") == 0) return &light;
    if (SDL_strcmp(name, "dark") == 0) return &dark;
    return NULL;
}

SDL_Color theme_version_color(int version) {
    if (version < 0) version = 0;
    return palette[version % THEME_VERSION_COLORS];
}

static Uint8 lerp8(Uint8 a, Uint8 b, double t) {
    double v = a + (b - a) * t;
    return (Uint8)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
}

SDL_Color theme_mix(SDL_Color a, SDL_Color b, double t) {
    SDL_Color c = {lerp8(a.r, b.r, t), lerp8(a.g, b.g, t), lerp8(a.b, b.b, t), lerp8(a.a, b.a, t)};
    return c;
}

SDL_Color theme_alpha(SDL_Color c, double a) {
    c.a = lerp8(0, c.a, a);
    return c;
}
