/* draw_cluster.h: private to the cluster view (draw_cluster.c lays out; draw_node.c, draw_pod.c
 * and draw_strip.c draw the parts). Not part of the public ui.h surface. */
#ifndef DEPLOYSIM_UI_DRAW_CLUSTER_H
#define DEPLOYSIM_UI_DRAW_CLUSTER_H

#include "ui.h"

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
