/* canvas: the software renderer's frame drawn again only where it changed.
 *
 * Between canvas_begin and canvas_end, every rectangle fill (gfx.c) and texture copy (text.c,
 * draw_cards.c) aimed at the screen is recorded instead of drawn. The screen is cut into
 * tiles, and each tile gets a hash of the ordered list of commands that touch it. canvas_end
 * draws again only the tiles whose hash differs from the last frame's: clipped to them, the
 * background first, then every command touching them in the frame's order. A pixel depends
 * only on the commands covering it, in order, and a clipped fill or unscaled copy sets each
 * pixel as the unclipped one does, so the screen ends with the pixels drawing everything gives.
 *
 * Only with the software renderer: its screen is a surface that keeps its pixels from one
 * frame to the next (an accelerated renderer's back buffer does not), and it rasterizes on the
 * CPU, where drawing less is what makes a frame cheaper. With any other renderer, or with
 * DEPLOYSIM_UI_CANVAS=0, every call draws at once as before. DEPLOYSIM_UI_CANVAS=check draws
 * each frame both ways and counts the pixels that differ (tests/e2e/ui_canvas.sh). */
#ifndef DEPLOYSIM_UI_CANVAS_H
#define DEPLOYSIM_UI_CANVAS_H

#include <SDL.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct canvas canvas_t;

/* NULL when out of memory (every frame is then drawn at once). */
canvas_t *canvas_create(void);
void canvas_destroy(canvas_t *c);
/* The frame on r's screen starts on `bg`: recorded when r is the software renderer, else r is
 * cleared at once. */
void canvas_begin(canvas_t *c, SDL_Renderer *r, SDL_Color bg);
/* Draws the tiles that changed (or every tile) and ends the recording. */
void canvas_end(canvas_t *c);
/* The screen's pixels may be lost (a window event, a renderer reset): the next frame draws
 * every tile. NULL is ignored. */
void canvas_invalidate(canvas_t *c);

/* What the drawing modules call instead of SDL. Rectangles filled in one colour, the blend
 * mode from its alpha (opaque: none); nothing for alpha 0. */
void canvas_fill(SDL_Renderer *r, const SDL_FRect *rects, int n, SDL_Color c);
/* The whole texture copied unscaled to dst with alpha modulation `alpha`. `serial` names its
 * pixels: a texture drawn into again takes a new canvas_serial(). */
void canvas_copy(SDL_Renderer *r, SDL_Texture *t, uint64_t serial, SDL_Rect dst, Uint8 alpha);
/* Part src of t to dst of the same size (alpha 255): a texture whose parts change apart (the
 * node cards) is copied part by part, each named by its own serial, so a change draws again
 * only the tiles under its part. */
void canvas_copy_part(SDL_Renderer *r, SDL_Texture *t, uint64_t serial, SDL_Rect src, SDL_Rect dst);
uint64_t canvas_serial(void);
/* Whether what is drawn on r now is recorded (else it is drawn at once). */
bool canvas_recording(SDL_Renderer *r);
/* Destroys t, after the frame being recorded when one is (a recorded copy may still use it). */
void canvas_destroy_texture(SDL_Texture *t);

/* Counts since canvas_create: frames ended, the tiles drawn again over all tiles of those
 * frames, and (DEPLOYSIM_UI_CANVAS=check) the frames checked and pixels that differed. */
typedef struct {
    long frames, frames_partial, checked, bad_pixels;
    double tiles_drawn, tiles_total;
} canvas_stats_t;
canvas_stats_t canvas_stats(const canvas_t *c);

#endif
