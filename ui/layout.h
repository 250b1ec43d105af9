/* layout: the dashboard's geometry as pure functions of the window size, the font scale,
 * the number of scenarios and a few content counts. Nothing here draws or touches SDL, so
 * every rectangle is unit-tested (tests/test_ui_layout.c) and clicks are hit-tested on the
 * same numbers the renderer used. */
#ifndef DEPLOYSIM_UI_LAYOUT_H
#define DEPLOYSIM_UI_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MAX_PANES 3
#define LAYOUT_MAX_CHARTS 6
#define LAYOUT_MAX_SERVICE_LINES 3
#define LAYOUT_MIN_TEXT_PX 12

typedef struct {
    int x, y, w, h;
} ui_rect_t;

typedef struct {
    int w, h;          /* window size in pixels */
    double font_scale; /* --font-scale; 0 means 1 */
    int scenarios;     /* 1 = the full dashboard, 2..3 = comparison */
    int service_lines; /* services listed in each pane's Service strip (1..3) */
    int caption_lines; /* lines the longest caption needs (2..4); 0 means 2 */
} layout_params_t;

/* One scenario's part of the screen. */
typedef struct {
    ui_rect_t area;    /* the whole pane */
    ui_rect_t title;   /* comparison: the scenario's name; h = 0 with one scenario */
    ui_rect_t cluster; /* pools, node cards, pending pods */
    ui_rect_t service; /* Service / Ingress strip under the cluster */
    ui_rect_t charts;  /* the chart column (union of chart[]) */
    ui_rect_t chart[LAYOUT_MAX_CHARTS];
    int chart_count;     /* how many charts fit, most important first */
    ui_rect_t decisions; /* "why": the controllers' arithmetic */
    ui_rect_t events;    /* kubectl get events */
} layout_pane_t;

typedef struct {
    int w, h;
    /* type sizes in pixels (never below LAYOUT_MIN_TEXT_PX) */
    int text_px, small_px, caption_px, title_px;
    int pad, gap;
    int service_line_h; /* one service in a Service strip */
    ui_rect_t toolbar;
    ui_rect_t btn_play, btn_step, btn_slower, speed, btn_faster, clock, timebar, name, btn_help;
    layout_pane_t pane[LAYOUT_MAX_PANES];
    int pane_count;
    ui_rect_t caption;
    ui_rect_t strip; /* comparison figures; h = 0 with one scenario */
    ui_rect_t help;  /* the help overlay (drawn over everything) */
    ui_rect_t toast; /* transient messages (drawn over the panes) */
} layout_t;

/* Line height for a font size. */
int layout_line(int px);

/* Fills `out` for the parameters (scenarios clamped to 1..LAYOUT_MAX_PANES). */
void layout_compute(const layout_params_t *p, layout_t *out);
/* Restacks the chart column: n charts (fewer, taller ones when a scenario's `ui.charts` wants
 * fewer than fit; n outside 1..chart_count keeps the count), the first `extra_first` pixels
 * taller than the others (its label lane). */
void layout_restack_charts(layout_pane_t *p, int n, int gap, int extra_first);

/* ---- inside a pane's cluster rectangle ---- */

typedef struct {
    ui_rect_t pools;   /* one line per pool */
    ui_rect_t grid;    /* node cards */
    ui_rect_t traffic; /* Service -> Ready pods picture under the cards; h = 0 when none */
    ui_rect_t pending; /* unscheduled pods; h = 0 when there are none */
    ui_rect_t legend;  /* what the tile shapes mean; h = 0 when the panel is short */
    ui_rect_t tree;    /* Namespaces > Deployments > ReplicaSets; h = 0 when none */
    bool tree_full;    /* the tree with names and revisions, under the traffic picture */
} cluster_layout_t;

/* Clusters up to this many nodes get the traffic picture (when their tiles stay readable). */
#define LAYOUT_TRAFFIC_MAX_NODES 16

void layout_cluster(ui_rect_t cluster, int pools, bool pending, int small_px,
                    cluster_layout_t *out);

typedef enum {
    CARD_MINIMAL, /* a state strip and tiles only (hundreds of nodes) */
    CARD_COMPACT, /* name and thin cpu/mem bars */
    CARD_FULL     /* name, state, runtime, cpu and memory bars with percentages */
} card_detail_t;

typedef struct {
    ui_rect_t area;
    int count, cols, rows;
    int card_w, card_h, gap;
    card_detail_t detail;
    int inset;    /* card padding */
    int header_h; /* card top to the first row of tiles */
    int tile;     /* tile edge in pixels; 0 = too many pods: draw per-node aggregates */
    int tile_gap;
    int tiles_per_row, tile_rows; /* tile capacity of a card = tiles_per_row * tile_rows */
} node_grid_t;

/* Fits `nodes` cards holding up to `pods_per_node` tiles each into `area`, choosing the
 * richest card detail and the largest tiles that fit. The cards are top-aligned (and
 * centred across) in `area`; g->area is the part they use. */
void layout_node_grid(ui_rect_t area, int nodes, int pods_per_node, int text_px, int small_px,
                      node_grid_t *g);
/* The node grid of a cluster panel laid out by layout_cluster, and under it the traffic
 * picture of `services` Services (0: none): when the cluster is small enough and its tiles
 * stay readable, cl->grid shrinks to the cards' part and cl->traffic gets the rest of the
 * panel under them; else cl->traffic.h = 0. */
void layout_cluster_grid(cluster_layout_t *cl, int nodes, int pods_per_node, int services,
                         int text_px, int small_px, node_grid_t *g);
/* The object tree's band (Namespaces, Deployments, ReplicaSets with their pods) for a
 * cluster laid out by layout_cluster and layout_cluster_grid: the full tree (names,
 * revisions, pods) from the bottom of the traffic band when it keeps room for its lines; else
 * one line from the bottom of the grid, the grid laid out again (g) around it. Small clusters
 * only (up to LAYOUT_TRAFFIC_MAX_NODES nodes), `services` > 0. */
void layout_cluster_tree(cluster_layout_t *cl, int nodes, int pods_per_node, int services,
                         int text_px, int small_px, node_grid_t *g);
/* The full tree's and the one-line tree's heights. */
int layout_tree_full_h(int small_px);
int layout_tree_line_h(int small_px);
/* Column `i` of `n` (a Service box's, and its Deployment's under it) across a band. */
ui_rect_t layout_column(ui_rect_t band, int n, int i, int text_px);
/* Service box `i` of `services` at the bottom of the traffic band, side by side. */
ui_rect_t layout_traffic_box(ui_rect_t traffic, int services, int i, int text_px, int small_px);
ui_rect_t layout_card_rect(const node_grid_t *g, int i);
/* The rectangle of tile `slot` inside a card (row-major). */
ui_rect_t layout_tile_rect(const node_grid_t *g, ui_rect_t card, int slot);
/* Card index at a point, or -1. */
int layout_card_at(const node_grid_t *g, int x, int y);
/* Tile slot at a point inside card `card`, or -1. */
int layout_tile_at(const node_grid_t *g, ui_rect_t card, int x, int y);

/* ---- hit testing of the fixed parts ---- */

typedef enum {
    HIT_NONE,
    HIT_PLAY,
    HIT_STEP,
    HIT_SLOWER,
    HIT_FASTER,
    HIT_TIMEBAR, /* frac: 0..1 along the bar */
    HIT_HELP,
    HIT_CLUSTER, /* pane */
    HIT_SERVICE, /* pane, line */
    HIT_OTHER    /* inside the window, on nothing clickable */
} hit_kind_t;

typedef struct {
    hit_kind_t kind;
    int pane, line;
    double frac;
} hit_t;

hit_t layout_hit(const layout_t *l, int x, int y);
/* Position along the time bar (0..1, clamped), for drags that leave the bar. */
double layout_timebar_frac(const layout_t *l, int x);

bool rect_contains(ui_rect_t r, int x, int y);
bool rect_overlaps(ui_rect_t a, ui_rect_t b);
bool rect_inside(ui_rect_t inner, ui_rect_t outer);
ui_rect_t rect_inset(ui_rect_t r, int dx, int dy);

#endif
