/* draw_cluster.h: private to the cluster view (draw_cluster.c lays out; draw_node.c, draw_pod.c
 * and draw_strip.c draw the parts). Not part of the public ui.h surface. */
#ifndef DEPLOYSIM_UI_DRAW_CLUSTER_H
#define DEPLOYSIM_UI_DRAW_CLUSTER_H

#include "ui.h"

/* A card's key in the pane's anim table (with its node's index). */
#define DRAW_KEY_CARD 0xC0DE000000000000ULL

/* The cards of many nodes, too small for tiles, from textures kept between frames
 * (draw_cards.c): places them (touching their animations) and draws only what changed. False
 * when they are to be drawn the usual way (a scene is recorded, tiles, no render target). */
bool draw_cards_cached(const ui_draw_t *d, pane_t *p);

/* Colour `c` faded by `a` (tiles and cards fade in/out through the anim table). */
static inline SDL_Color A(SDL_Color c, double a) {
    return theme_alpha(c, a);
}

/* "17 %", "<1 %": a share of a Service's requests (draw_pod.c; also the traffic lines). */
void format_share(double share, char *buf, size_t n);

/* Node cards (draw_node.c). */
void draw_card_frame(const ui_draw_t *d, const sim_node_view_t *n, ui_rect_t c,
                     const node_grid_t *g, double a);
void draw_card_header(const ui_draw_t *d, const pane_t *p, const sim_node_view_t *n, ui_rect_t c,
                      const node_grid_t *g, double a);
/* Per-node aggregate when tiles would be too small: one bar split by version. */
void draw_card_aggregate(const ui_draw_t *d, const pane_t *p, int ni, ui_rect_t c);
void draw_pools(const ui_draw_t *d, const pane_t *p, ui_rect_t r);
/* What the shapes mean, drawn with the tiles themselves. */
void draw_cluster_legend(const ui_draw_t *d, const pane_t *p, ui_rect_t r, int service);

#endif
