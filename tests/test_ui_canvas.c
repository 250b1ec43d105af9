/* ui canvas: a frame drawn again only in the tiles whose commands changed has, pixel for pixel,
 * the picture of drawing every command on a cleared screen (what the dashboard did before the
 * canvas). Two software renderers over memory surfaces (no display) draw the same random
 * scenes, one through the canvas frame after frame, the other at once; the scenes change the
 * way the dashboard's do (a rectangle moves by a fraction of a pixel, a translucent colour
 * fades, two commands swap places, a texture is drawn into again, a part of one is copied,
 * one is destroyed while a copy of it is recorded, the background changes), and every frame
 * the surfaces must match. */
#include "test_util.h"

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "canvas.h"

#define W 300
#define H 200
#define ITEMS 60
#define TEXTURES 4
#define TEX_W 40
#define TEX_H 14

typedef struct {
    SDL_Surface *s;
    SDL_Renderer *r;
    SDL_Texture *tex[TEXTURES];
} screen_t;

typedef struct {
    bool copy;
    SDL_FRect f; /* a fill */
    SDL_Color c;
    int tex; /* a copy: which texture, where, its alpha */
    SDL_Rect dst;
    bool part; /* a copy of the part src (a block of node cards) */
    SDL_Rect src;
} item_t;

typedef struct {
    screen_t a, b; /* a: through the canvas; b: every command at once */
    canvas_t *cv;
    uint64_t serial[TEXTURES];
    item_t it[ITEMS];
    int n;
    SDL_Color bg;
    uint32_t rng;
} world_t;

static uint32_t rnd(world_t *w, uint32_t n) {
    w->rng = w->rng * 1664525u + 1013904223u;
    return (w->rng >> 8) % n;
}

/* Texture k's pixels, the same on both screens: text-like, each pixel its own alpha. */
static void paint_texture(world_t *w, int k) {
    uint32_t px[TEX_W * TEX_H];
    for (int i = 0; i < TEX_W * TEX_H; i++)
        px[i] = rnd(w, 256) << 24 | rnd(w, 0x1000000);
    SDL_UpdateTexture(w->a.tex[k], NULL, px, TEX_W * 4);
    SDL_UpdateTexture(w->b.tex[k], NULL, px, TEX_W * 4);
    w->serial[k] = canvas_serial();
}

static void screen_open(screen_t *s) {
    s->s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s->s);
    s->r = SDL_CreateSoftwareRenderer(s->s);
    assert_non_null(s->r);
    for (int k = 0; k < TEXTURES; k++) {
        s->tex[k] = SDL_CreateTexture(s->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                                      TEX_W, TEX_H);
        assert_non_null(s->tex[k]);
        /* the last one as a node card group: copied without blending */
        SDL_SetTextureBlendMode(s->tex[k],
                                k == TEXTURES - 1 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    }
}

static void screen_close(screen_t *s) {
    SDL_DestroyRenderer(s->r); /* its textures with it */
    SDL_FreeSurface(s->s);
}

static item_t random_item(world_t *w) {
    item_t it = {0};
    it.copy = rnd(w, 4) == 0;
    it.c = (SDL_Color){(Uint8)rnd(w, 256), (Uint8)rnd(w, 256), (Uint8)rnd(w, 256),
                       (Uint8)(rnd(w, 3) == 0 ? 255 : rnd(w, 256))};
    if (it.copy) {
        it.tex = (int)rnd(w, TEXTURES);
        it.dst = (SDL_Rect){(int)rnd(w, W + 40) - 20, (int)rnd(w, H + 20) - 10, TEX_W, TEX_H};
        if (rnd(w, 2)) {
            it.part = true;
            it.src = (SDL_Rect){(int)rnd(w, TEX_W / 2), (int)rnd(w, TEX_H / 2), 0, 0};
            it.src.w = 1 + (int)rnd(w, (uint32_t)(TEX_W - it.src.x));
            it.src.h = 1 + (int)rnd(w, (uint32_t)(TEX_H - it.src.y));
            it.dst.w = it.src.w;
            it.dst.h = it.src.h;
        }
    } else { /* fractions of a pixel, thin spans, some off the screen */
        it.f =
            (SDL_FRect){(float)rnd(w, (W + 40) * 4) / 4 - 20, (float)rnd(w, (H + 40) * 4) / 4 - 20,
                        (float)rnd(w, 90 * 4) / 4, (float)rnd(w, 3) == 0 ? 1 : (float)rnd(w, 60)};
    }
    return it;
}

static void draw_items(world_t *w, screen_t *s) {
    for (int i = 0; i < w->n; i++) {
        const item_t *it = &w->it[i];
        if (it->copy && it->part)
            canvas_copy_part(s->r, s->tex[it->tex], w->serial[it->tex], it->src, it->dst);
        else if (it->copy)
            canvas_copy(s->r, s->tex[it->tex], w->serial[it->tex], it->dst, it->c.a);
        else
            canvas_fill(s->r, &it->f, 1, it->c);
    }
}

/* One frame on both screens; the pixels must match. */
static void frame(world_t *w, int no) {
    canvas_begin(w->cv, w->a.r, w->bg);
    draw_items(w, &w->a);
    canvas_end(w->cv);
    SDL_RenderFlush(w->a.r);
    SDL_SetRenderDrawColor(w->b.r, w->bg.r, w->bg.g, w->bg.b, 255);
    SDL_RenderClear(w->b.r);
    draw_items(w, &w->b); /* no canvas recording: drawn at once */
    SDL_RenderFlush(w->b.r);
    long bad = 0;
    for (int y = 0; y < H; y++)
        bad += memcmp((uint8_t *)w->a.s->pixels + y * w->a.s->pitch,
                      (uint8_t *)w->b.s->pixels + y * w->b.s->pitch, W * 4) != 0;
    if (bad) fail_msg("frame %d: %ld rows differ from drawing everything", no, bad);
}

static void world_open(world_t *w, uint32_t seed) {
    memset(w, 0, sizeof *w);
    w->rng = seed;
    screen_open(&w->a);
    screen_open(&w->b);
    w->cv = canvas_create();
    assert_non_null(w->cv);
    for (int k = 0; k < TEXTURES; k++)
        paint_texture(w, k);
    w->n = ITEMS;
    for (int i = 0; i < w->n; i++)
        w->it[i] = random_item(w);
    w->bg = (SDL_Color){240, 240, 236, 255};
}

static void world_close(world_t *w) {
    canvas_destroy(w->cv);
    screen_close(&w->a);
    screen_close(&w->b);
}

/* One change as the dashboard makes them between frames. */
static void mutate(world_t *w) {
    item_t *it = &w->it[rnd(w, (uint32_t)w->n)];
    switch (rnd(w, 8)) {
    case 0: /* moves by a fraction of a pixel (a time line), or a pixel */
        it->f.x += (float)(rnd(w, 9)) / 4 - 1;
        it->dst.y += (int)rnd(w, 3) - 1;
        break;
    case 1: /* fades */
        it->c.a = (Uint8)rnd(w, 256);
        break;
    case 2: { /* two commands swap places: same set, another order */
        item_t *o = &w->it[rnd(w, (uint32_t)w->n)], t = *it;
        *it = *o;
        *o = t;
        break;
    }
    case 3: /* a texture drawn into again */
        paint_texture(w, (int)rnd(w, TEXTURES));
        break;
    case 4: /* one command less, or one more */
        if (w->n > 1 && rnd(w, 2)) {
            *it = w->it[--w->n];
        } else if (w->n < ITEMS) {
            w->it[w->n++] = random_item(w);
        }
        break;
    case 5: /* grows: a bar */
        it->f.w += (float)rnd(w, 5);
        break;
    case 6: /* another colour */
        it->c.r ^= 0x40;
        break;
    default: /* nothing this time: a paused frame */
        break;
    }
}

static void random_frames_match_drawing_everything(void **state) {
    (void)state;
    for (uint32_t seed = 1; seed <= 6; seed++) {
        world_t w;
        world_open(&w, seed);
        for (int f = 0; f < 150; f++) {
            int changes = (int)rnd(&w, 4);
            for (int k = 0; k < changes; k++)
                mutate(&w);
            if (f == 70) w.bg = (SDL_Color){30, 30, 34, 255}; /* the dark theme */
            frame(&w, f);
        }
        canvas_stats_t st = canvas_stats(w.cv);
        assert_int_equal(st.frames, 150);
        /* most frames changed a few tiles (a quarter changed nothing): drawn in part */
        assert_true(st.frames_partial > 60);
        assert_true(st.tiles_drawn < 0.5 * st.tiles_total);
        world_close(&w);
    }
}

/* A frame with nothing changed draws no tile; a frame after canvas_invalidate draws every one
 * (the window's surface may have been made again). */
static void unchanged_frame_draws_nothing_invalidated_draws_all(void **state) {
    (void)state;
    world_t w;
    world_open(&w, 42);
    frame(&w, 0);
    canvas_stats_t s0 = canvas_stats(w.cv);
    assert_true(s0.tiles_drawn == s0.tiles_total); /* the first frame: everything */
    frame(&w, 1);
    canvas_stats_t s1 = canvas_stats(w.cv);
    assert_true(s1.tiles_drawn == s0.tiles_drawn);
    /* the screen loses its pixels behind the canvas's back: only invalidate brings them back */
    SDL_SetRenderDrawColor(w.a.r, 0, 0, 0, 255);
    SDL_RenderClear(w.a.r);
    canvas_invalidate(w.cv);
    frame(&w, 2);
    canvas_stats_t s2 = canvas_stats(w.cv);
    assert_true(s2.tiles_drawn - s1.tiles_drawn == s2.tiles_total - s1.tiles_total);
    world_close(&w);
}

/* A texture destroyed while a copy of it is recorded (the text cache evicting a string drawn
 * earlier in the frame) is drawn at the end of the frame, then destroyed. */
static void texture_destroyed_during_frame_is_still_drawn(void **state) {
    (void)state;
    world_t w;
    world_open(&w, 7);
    w.n = 0;
    frame(&w, 0);
    SDL_Texture *t =
        SDL_CreateTexture(w.a.r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, TEX_W, TEX_H);
    assert_non_null(t);
    uint32_t px[TEX_W * TEX_H];
    for (int i = 0; i < TEX_W * TEX_H; i++)
        px[i] = 0xFF102030u;
    SDL_UpdateTexture(t, NULL, px, TEX_W * 4);
    canvas_begin(w.cv, w.a.r, w.bg);
    canvas_copy(w.a.r, t, canvas_serial(), (SDL_Rect){50, 60, TEX_W, TEX_H}, 255);
    canvas_destroy_texture(t);
    canvas_end(w.cv);
    SDL_RenderFlush(w.a.r);
    const uint32_t *row = (const uint32_t *)((const uint8_t *)w.a.s->pixels + 65 * w.a.s->pitch);
    assert_int_equal(row[60] & 0xFFFFFF, 0x102030);
    assert_int_equal(row[20] & 0xFFFFFF, 0xF0F0EC); /* the background beside it */
    world_close(&w);
}

/* Drawing into a texture (a node card group) is never recorded: it happens at once. */
static void drawing_into_a_texture_is_not_recorded(void **state) {
    (void)state;
    world_t w;
    world_open(&w, 9);
    w.n = 0;
    frame(&w, 0);
    SDL_Texture *t =
        SDL_CreateTexture(w.a.r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, TEX_W, TEX_H);
    assert_non_null(t);
    canvas_begin(w.cv, w.a.r, w.bg);
    SDL_SetRenderTarget(w.a.r, t);
    SDL_FRect all = {0, 0, TEX_W, TEX_H};
    canvas_fill(w.a.r, &all, 1, (SDL_Color){200, 10, 10, 255});
    SDL_SetRenderTarget(w.a.r, NULL);
    canvas_copy(w.a.r, t, canvas_serial(), (SDL_Rect){10, 10, TEX_W, TEX_H}, 255);
    canvas_end(w.cv);
    SDL_RenderFlush(w.a.r);
    const uint32_t *row = (const uint32_t *)((const uint8_t *)w.a.s->pixels + 15 * w.a.s->pitch);
    assert_int_equal(row[20] & 0xFFFFFF, 0xC80A0A);
    SDL_DestroyTexture(t);
    world_close(&w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(random_frames_match_drawing_everything),
        cmocka_unit_test(unchanged_frame_draws_nothing_invalidated_draws_all),
        cmocka_unit_test(texture_destroyed_during_frame_is_still_drawn),
        cmocka_unit_test(drawing_into_a_texture_is_not_recorded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
