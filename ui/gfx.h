/* gfx: the drawing primitives SDL's renderer lacks (thick and dashed lines, rounded boxes,
 * arcs, discs, triangles), scan-converted into rectangles and drawn with one
 * SDL_RenderFillRects per shape. The rectangles go through one growable buffer, so
 * steady-state frames allocate nothing. */
#ifndef DEPLOYSIM_UI_GFX_H
#define DEPLOYSIM_UI_GFX_H

#include <SDL.h>

#include "layout.h"

void gfx_fill(SDL_Renderer *r, ui_rect_t rc, SDL_Color c);
/* An outline `t` pixels thick, inside the rectangle. */
void gfx_frame(SDL_Renderer *r, ui_rect_t rc, int t, SDL_Color c);
/* A dashed outline: dashes of `dash` pixels, equal gaps. */
void gfx_dashed_frame(SDL_Renderer *r, ui_rect_t rc, int t, int dash, SDL_Color c);
/* A filled box with rounded corners of `radius`. */
void gfx_round_fill(SDL_Renderer *r, ui_rect_t rc, int radius, SDL_Color c);
/* A rounded outline `t` thick (drawn as a filled ring). */
void gfx_round_frame(SDL_Renderer *r, ui_rect_t rc, int radius, int t, SDL_Color c);
/* A line `w` pixels wide. */
void gfx_line(SDL_Renderer *r, float x0, float y0, float x1, float y1, float w, SDL_Color c);
/* A polyline through n points (xy pairs); dash > 0 draws it dashed. */
void gfx_polyline(SDL_Renderer *r, const float *xy, int n, float w, float dash, SDL_Color c);
/* A ring segment from angle a0 to a1 (radians, 0 = up, clockwise). */
void gfx_arc(SDL_Renderer *r, float cx, float cy, float radius, float thick, float a0, float a1,
             SDL_Color c);
void gfx_disc(SDL_Renderer *r, float cx, float cy, float radius, SDL_Color c);
void gfx_triangle(SDL_Renderer *r, float x0, float y0, float x1, float y1, float x2, float y2,
                  SDL_Color c);
/* A rectangle kept back and drawn with the others of its colour by gfx_batch_flush: a
 * thousand small pod tiles of two colours then cost a few hundred calls, not a thousand. */
void gfx_batch_fill(SDL_Renderer *r, ui_rect_t rc, SDL_Color c);
void gfx_batch_flush(SDL_Renderer *r);
/* Frees the buffers (at exit). */
void gfx_shutdown(void);

#endif
