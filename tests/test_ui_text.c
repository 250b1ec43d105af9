/* ui text: a Korean caption is drawn through the per-character font fallback (DejaVu has no
 * Hangul; fontconfig finds Noto Sans CJK from fonts-noto-cjk), with no character drawn as a
 * box, real and distinct glyphs on screen, and English text drawn exactly as before. Rendered
 * offscreen into a software surface: no display needed. */
#include "test_util.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <string.h>

#include "text.h"

#define W 900
#define H 200

static SDL_Surface *surf;
static SDL_Renderer *ren;
static text_t *txt;

static int setup(void **state) {
    (void)state;
    SDL_setenv("SDL_VIDEODRIVER", "offscreen", 1);
    if (SDL_Init(SDL_INIT_VIDEO) != 0 || TTF_Init() != 0) return -1;
    surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    char err[512];
    txt = ren ? text_create(ren, err, sizeof err) : NULL;
    if (!txt) print_error("%s\n", ren ? err : SDL_GetError());
    return txt ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    text_destroy(txt);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    TTF_Quit();
    SDL_Quit();
    return 0;
}

static void clear(void) {
    SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
    SDL_RenderClear(ren);
}

/* Pixels of the surface that are not the white background, and a hash of them. */
static int inked(uint64_t *hash) {
    SDL_RenderFlush(ren);
    int n = 0;
    uint64_t h = 1469598103934665603ULL;
    for (int y = 0; y < H; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)surf->pixels + y * surf->pitch);
        for (int x = 0; x < W; x++)
            if ((row[x] & 0xFFFFFF) != 0xFFFFFF) {
                n++;
                h = (h ^ (uint64_t)(x * 7919 + y) ^ row[x]) * 1099511628211ULL;
            }
    }
    if (hash) *hash = h;
    return n;
}

static const SDL_Color ink = {0x1B, 0x1F, 0x24, 255};

/* "Six v1 pods serve 300 requests per second." in Korean, with Latin letters and digits
 * mixed in, as the lessons' captions are. */
static const char korean[] = "\xec\x97\xac\xec\x84\xaf \xea\xb0\x9c\xec\x9d\x98 v1 "
                             "\xed\x8c\x8c\xeb\x93\x9c\xea\xb0\x80 \xec\xb4\x88\xeb\x8b\xb9 300"
                             "\xea\xb0\x9c\xec\x9d\x98 \xec\x9a\x94\xec\xb2\xad\xec\x9d\x84 "
                             "\xec\xb2\x98\xeb\xa6\xac\xed\x95\xa9\xeb\x8b\x88\xeb\x8b\xa4.";

static void test_korean_caption_drawn(void **state) {
    (void)state;
    assert_int_equal(text_count_missing(txt, korean, FONT_REGULAR), 0);
    assert_int_equal(text_count_missing(txt, korean, FONT_BOLD), 0);
    text_missing_reset(txt);
    clear();
    int w = text_draw(txt, korean, 28, FONT_REGULAR, ink, 10, 10, ALIGN_LEFT, 0);
    assert_int_equal(text_missing_glyphs(txt), 0);
    /* 20 Hangul syllables of about one em each, plus "v1", "300", spaces and a full stop */
    assert_in_range(w, 20 * 28 * 8 / 10, 20 * 28 + 400);
    assert_int_equal(text_width(txt, korean, 28, FONT_REGULAR), w);
    int n = inked(NULL);
    if (n < 3000) fail_msg("only %d pixels inked for a 28 px Korean line", n);

    /* Boxes would all look alike: two different syllables must draw different pixels. */
    uint64_t ga, na;
    clear();
    text_draw(txt, "\xea\xb0\x80", 40, FONT_REGULAR, ink, 10, 10, ALIGN_LEFT, 0); /* 가 */
    assert_true(inked(&ga) > 100);
    clear();
    text_draw(txt, "\xeb\x82\x98", 40, FONT_REGULAR, ink, 10, 10, ALIGN_LEFT, 0); /* 나 */
    assert_true(inked(&na) > 100);
    assert_true(ga != na);
}

static void test_korean_wraps_and_cuts(void **state) {
    (void)state;
    text_missing_reset(txt);
    clear();
    /* narrower than the line: two lines, each at least as tall as a DejaVu line */
    int h = text_draw_wrapped(txt, korean, 28, FONT_REGULAR, ink, 10, 10, 380, 3);
    assert_true(h >= 2 * text_height(txt, 28) - 4);
    assert_int_equal(text_missing_glyphs(txt), 0);
    /* a width limit cuts it with an ellipsis that fits */
    clear();
    int w = text_draw(txt, korean, 28, FONT_BOLD, ink, 10, 10, ALIGN_LEFT, 200);
    assert_true(w > 100 && w <= 200);
    assert_true(inked(NULL) > 500);
}

static void test_missing_counted(void **state) {
    (void)state;
    /* U+10FFFD (private use, plane 16): no font has it, it is drawn as one box */
    const char *s = "ok \xf4\x8f\xbf\xbd ok";
    assert_int_equal(text_count_missing(txt, s, FONT_REGULAR), 1);
    text_missing_reset(txt);
    clear();
    text_draw(txt, s, 20, FONT_REGULAR, ink, 10, 10, ALIGN_LEFT, 0);
    text_draw(txt, s, 20, FONT_REGULAR, ink, 10, 40, ALIGN_LEFT, 0); /* cached: still counted */
    assert_int_equal(text_missing_glyphs(txt), 2);
    /* measuring or an invisible draw is not drawing */
    text_missing_reset(txt);
    text_width(txt, s, 20, FONT_REGULAR);
    text_draw_wrapped(txt, s, 20, FONT_REGULAR, (SDL_Color){0, 0, 0, 0}, 10, 10, 300, 2);
    assert_int_equal(text_missing_glyphs(txt), 0);
    /* plain English has nothing missing and draws in DejaVu, as before the fallback */
    assert_int_equal(
        text_count_missing(txt, "maxSurge 25% of 6 = 2 \xe2\x80\xa6 \xc3\x97", FONT_BOLD), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_korean_caption_drawn),
        cmocka_unit_test(test_korean_wraps_and_cuts),
        cmocka_unit_test(test_missing_counted),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
