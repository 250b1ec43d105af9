/* draw_charts.h: private to the charts (draw_charts.c: data, axes, series and the chart itself;
 * chart_legend.c: the legend; chart_markers.c: the marker label lane and action markers). */
#ifndef DEPLOYSIM_UI_DRAW_CHARTS_H
#define DEPLOYSIM_UI_DRAW_CHARTS_H

#include "ui.h"

typedef struct {
    ui_rect_t plot;
    chart_window_t w;
    int i0, i1; /* service rows in the window: [i0, i1) */
    int c0, c1; /* cluster rows in the window */
} frame_t;

/* x of simulated time t in the plot. */
static inline float x_of(const frame_t *f, sim_time_t t) {
    double span = (double)(f->w.t1 - f->w.t0);
    return (float)(f->plot.x + (span > 0 ? (t - f->w.t0) / span : 0) * (f->plot.w - 1));
}

typedef struct {
    const char *label;
    SDL_Color c;
    bool dashed;
} legend_t;

/* The label lane: rows between the title and the plot where marker labels go, so a label
 * never covers a plotted series. Labels stack in its rows; one that finds no room is counted
 * and the lane ends with "+N", so none disappears silently. */
#define LANE_ROWS 3
#define LANE_SPANS 48
typedef struct {
    ui_rect_t r; /* the lane; h = 0: this chart has no labels */
    int rows, lh;
    int right; /* labels end before this x; "+N" goes after it */
    int x0[LANE_ROWS][LANE_SPANS], x1[LANE_ROWS][LANE_SPANS];
    int n[LANE_ROWS];
    int dropped;
    const char *chart; /* the chart's id in the scene */
} lane_t;

/* chart_legend.c */
const char *chart_rate(double v, char *buf, size_t n);
int chart_legend_width(const ui_draw_t *d, const legend_t *items, int n);
int chart_draw_legend(const ui_draw_t *d, const legend_t *items, int n, int right, int y,
                      int min_x);
int chart_legend_lines(const ui_draw_t *d, const legend_t *items, int n, int width);
void chart_draw_legend_lines(const ui_draw_t *d, const legend_t *items, int n, int x0, int width,
                             int y);

/* chart_markers.c */
void chart_lane_finish(const ui_draw_t *d, lane_t *ln);
void chart_draw_markers(const ui_draw_t *d, const pane_t *p, const frame_t *f, lane_t *ln);
void chart_draw_ctl_markers(const ui_draw_t *d, const pane_t *p, const frame_t *f, int service,
                            lane_t *ln);

#endif
