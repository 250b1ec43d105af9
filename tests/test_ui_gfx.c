/* ui gfx: lines as rendered pixels, on SDL's software renderer over a memory surface (no
 * display). A solid polyline covers every pixel column between its ends, also when its points
 * are closer than 2 px (a chart of many samples), and draws each column once, so a
 * translucent line has one even shade; a dashed line has gaps. */
#include "test_util.h"

#include <SDL.h>
#include <stdbool.h>
#include <string.h>

#include "gfx.h"

#define W 400
#define H 60

typedef struct {
    SDL_Surface *s;
    SDL_Renderer *r;
} canvas_t;

static canvas_t canvas(void) {
    canvas_t c;
    c.s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(c.s);
    c.r = SDL_CreateSoftwareRenderer(c.s);
    assert_non_null(c.r);
    SDL_SetRenderDrawColor(c.r, 255, 255, 255, 255);
    SDL_RenderClear(c.r);
    return c;
}

static void canvas_free(canvas_t *c) {
    SDL_DestroyRenderer(c->r);
    SDL_FreeSurface(c->s);
    gfx_shutdown();
}

static uint32_t pixel(const canvas_t *c, int x, int y) {
    return ((const uint32_t *)((const uint8_t *)c->s->pixels + y * c->s->pitch))[x] & 0xFFFFFF;
}

/* The darkest pixel of column x (0xFFFFFF: the column is blank). */
static uint32_t column_ink(const canvas_t *c, int x) {
    uint32_t best = 0xFFFFFF;
    for (int y = 0; y < H; y++) {
        uint32_t p = pixel(c, x, y);
        if ((p & 0xFF) < (best & 0xFF)) best = p;
    }
    return best;
}

/* A flat series, points `dx` apart, starting at x0 (a chart with many samples). */
static int flat_points(float *xy, float x0, float dx, float y, int n) {
    for (int i = 0; i < n; i++) {
        xy[2 * i] = x0 + dx * (float)i;
        xy[2 * i + 1] = y;
    }
    return n;
}

/* Every column from the first point to the last is drawn: the review saw a gap every
 * ~2 px when points were 1.5 px apart (columns at integer ends were skipped). */
static void solid_polyline_has_no_gaps(void **state) {
    (void)state;
    static const float spacings[] = {0.4f, 1.0f, 1.5f, 1.9f, 2.0f, 2.5f, 3.0f, 7.25f};
    for (size_t k = 0; k < sizeof spacings / sizeof spacings[0]; k++) {
        canvas_t c = canvas();
        float xy[2 * 1000];
        float dx = spacings[k];
        int n = flat_points(xy, 10.0f, dx, 30.5f, (int)((380 - 10) / dx));
        gfx_polyline(c.r, xy, n, 2.5f, 0, (SDL_Color){0, 0, 0, 255});
        int last = (int)ceilf(xy[2 * (n - 1)]) - 1;
        for (int x = 10; x <= last; x++)
            if (column_ink(&c, x) != 0)
                fail_msg("points %.2f px apart: column %d is not drawn (0x%06x)", dx, x,
                         (unsigned)column_ink(&c, x));
        canvas_free(&c);
    }
}

/* A translucent solid line is one shade: no column is drawn twice where segments meet. */
static void solid_polyline_draws_each_column_once(void **state) {
    (void)state;
    canvas_t c = canvas();
    float xy[2 * 1000];
    int n = flat_points(xy, 10.3f, 1.5f, 30.5f, 240);
    gfx_polyline(c.r, xy, n, 3, 0, (SDL_Color){0, 0, 0, 128});
    uint32_t shade = column_ink(&c, 20);
    assert_true(shade != 0xFFFFFF && shade != 0);
    int last = (int)ceilf(xy[2 * (n - 1)]) - 1;
    for (int x = 11; x <= last; x++)
        if (column_ink(&c, x) != shade)
            fail_msg("column %d is 0x%06x, the line elsewhere 0x%06x", x,
                     (unsigned)column_ink(&c, x), (unsigned)shade);
    canvas_free(&c);
}

/* A sloped polyline of close points stays connected: each column between the ends has ink,
 * and the ink climbs with the line. */
static void sloped_polyline_is_connected(void **state) {
    (void)state;
    canvas_t c = canvas();
    float xy[2 * 300];
    int n = 0;
    for (float x = 5; x < 390; x += 1.3f, n++) {
        xy[2 * n] = x;
        xy[2 * n + 1] = 50 - (x - 5) * 0.1f;
    }
    gfx_polyline(c.r, xy, n, 2, 0, (SDL_Color){0, 0, 0, 255});
    for (int x = 5; x < (int)xy[2 * (n - 1)]; x++)
        if (column_ink(&c, x) != 0) fail_msg("column %d of the sloped line is blank", x);
    canvas_free(&c);
}

/* A dashed line has blank columns (dashes of 6 px, gaps of 6 px): dashed and solid differ. */
static void dashed_polyline_has_gaps(void **state) {
    (void)state;
    canvas_t c = canvas();
    float xy[2 * 1000];
    int n = flat_points(xy, 10.0f, 1.5f, 30.5f, 240);
    gfx_polyline(c.r, xy, n, 2.5f, 6, (SDL_Color){0, 0, 0, 255});
    int blank = 0, inked = 0;
    for (int x = 10; x < 365; x++)
        *(column_ink(&c, x) == 0xFFFFFF ? &blank : &inked) += 1;
    /* half and half, within a column per dash */
    assert_true(blank > 355 / 2 - 40 && blank < 355 / 2 + 40);
    assert_true(inked > 355 / 2 - 40);
    canvas_free(&c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(solid_polyline_has_no_gaps),
        cmocka_unit_test(solid_polyline_draws_each_column_once),
        cmocka_unit_test(sloped_polyline_is_connected),
        cmocka_unit_test(dashed_polyline_has_gaps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
