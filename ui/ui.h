/* ui: what the drawing modules share — the draw context, a pane (one scenario on screen with
 * the snapshot of its views taken for this frame) and the drawing entry points. Internal to
 * ui/; app.c owns the instances. */
#ifndef DEPLOYSIM_UI_UI_H
#define DEPLOYSIM_UI_UI_H

#include <SDL.h>
#include <stdbool.h>

#include "anim.h"
#include "layout.h"
#include "scene.h"
#include "session.h"
#include "sim.h"
#include "text.h"
#include "theme.h"

/* Everything a drawing function needs besides the data it draws. */
typedef struct {
    SDL_Renderer *r;
    text_t *text;
    const theme_t *th;
    int text_px, small_px, caption_px, title_px, pad, gap;
    double now;       /* real time in seconds, for animations */
    bool settle;      /* draw animations at their end (screenshots, after a jump) */
    scene_t *scene;   /* --scene: what is drawn is recorded here; NULL: nothing is */
    const char *lang; /* --lang: the dashboard's own words too (i18n.h) */
} ui_draw_t;

/* Every string the drawing modules draw goes into the scene's texts[] (when one records):
 * text_draw and text_draw_wrapped are routed through these, which draw and record. Strings
 * recorded otherwise (marker labels, the caption) call text_draw_raw. */
void ui_text_record_into(scene_t *s);
int ui_text_draw(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x, int y,
                 text_align_t align, int max_w);
int ui_text_draw_wrapped(text_t *t, const char *s, int px, font_style_t st, SDL_Color c, int x,
                         int y, int wrap_w, int max_lines);
#define text_draw_raw(...) (text_draw)(__VA_ARGS__)
#define text_draw_wrapped_raw(...) (text_draw_wrapped)(__VA_ARGS__)
#define text_draw(...) ui_text_draw(__VA_ARGS__)
#define text_draw_wrapped(...) ui_text_draw_wrapped(__VA_ARGS__)

/* A key moment the controllers caused (not an action), marked on the charts in a smaller,
 * distinct style from the actions' markers and labelled in words. */
typedef enum {
    MARK_ABORT,        /* RolloutAborted: "abort" */
    MARK_DEADLINE,     /* ProgressDeadlineExceeded: "deadline exceeded" */
    MARK_CONFLICT,     /* DependencyConflict: "api conflict" */
    MARK_NOT_READY,    /* NodeNotReady: "workers-2 NotReady" */
    MARK_EVICT,        /* TaintManagerEviction, once per instant: "2 pods evicted" */
    MARK_NODES_UP,     /* TriggeredScaleUp, once per instant: "nodes 2→3" */
    MARK_NODE_REMOVED, /* ScaleDown (node removed): "workers-4 removed" */
    MARK_HPA,          /* SuccessfulRescale (its numbers from the HPA decision): "HPA 4→8" */
    MARK_KINDS
} mark_kind_t;

typedef struct {
    sim_time_t time;
    mark_kind_t kind;
    int service;   /* the service it concerns; -1 = the whole cluster (shown on every chart) */
    int from, to;  /* HPA replicas or pool nodes before and after; MARK_EVICT/REMOVED: count */
    char name[48]; /* the node or service named in the label */
} ctl_mark_t;

#define PANE_MAX_MARKS 128
/* More cards than this are grouped by pool (and zone, while the groups stay few). */
#define PANE_GROUP_MIN_NODES 48
#define PANE_MAX_GROUPS 8

/* Failure moments (drawn in vermillion). */
bool mark_is_failure(mark_kind_t k);
/* The words for `n` marks (time-ordered) merged into one marker. */
void mark_label(const ctl_mark_t *m, int n, char *buf, size_t len);

/* One line of the event log. */
typedef struct {
    int index;   /* for sim_event_get */
    bool pinned; /* a Warning kept at the top */
    int times;   /* how many events it stands for: pinned, the Warnings of its reason in the
                  * history; else the repeats of its object, reason and message */
} event_row_t;

#define EVENT_ROWS_MAX 64
#define EVENT_PIN_FOR (5 * 60 * SIM_SEC) /* a Warning stays pinned this long */

/* Warnings (and failed conditions) tell of failures. */
bool event_is_warning(const sim_event_view_t *ev);
/* A readiness probe that failed because the app was still starting: a Warning in Kubernetes,
 * but expected in every start-up, so drawn quietly and never pinned. */
bool event_is_startup_probe(const sim_event_view_t *ev);
/* The event log's lines for a panel of `rows` lines: the latest Warnings that newer events
 * pushed out stay pinned at the top for EVENT_PIN_FOR (one per reason, routine
 * readiness-probe failures last, oldest first; up to 3), then the latest events, repeats of
 * one object, reason and message folded into one line as kubectl does. Returns how many
 * were filled. */
int event_rows(const sim_t *s, int rows, event_row_t *out);

/* The textures of a pane's node cards (draw_cards.c). */
typedef struct card_cache card_cache_t;
void card_cache_free(card_cache_t *c);

/* One scenario on screen. The snapshot arrays are reused from frame to frame. */
typedef struct {
    session_t ses;
    char label; /* 'A', 'B', 'C' in a comparison */
    /* snapshot: read again each frame only where the sim says something changed
     * (sim_node_pods_seq); a node's pods stay in their place in pods[] from frame to frame */
    sim_node_view_t *nodes;      /* node_count views */
    int *node_first, *node_pods; /* each node's pods: pods[node_first[i] .. + node_pods[i]] */
    int *card_node;              /* card index -> node index (Removed nodes get no card) */
    int node_count, node_cap, card_count;
    uint32_t *pod_ids;
    sim_pod_view_t *pods;   /* the nodes' pods, each node's with room to grow, then the pending */
    int pod_count, pod_cap; /* pod_count: the extent used, up to the pending pods' end */
    int pending_first, pending_count; /* unscheduled pods, after the nodes' */
    /* what the snapshot was read from: the run (session swaps), per node its change number,
     * the room its pods have and how many of them move with the clock (Pulling, Starting) */
    uint64_t *node_seq;
    int *node_room, *node_live;
    uint32_t *node_gen; /* bumped each time a node's pods are read: what its card shows */
    uint32_t gen_next;
    card_cache_t *cards;
    int *card_raw; /* the cards before grouping: the groups are made again when they change */
    int card_raw_count, snap_filter, groups_made;
    unsigned snap_swaps;
    bool snap_valid;
    int gone_nodes[64], gone_count;                   /* the nodes of the last frame's gone pods */
    sim_service_view_t svc[LAYOUT_MAX_SERVICE_LINES]; /* the first services of the scenario */
    int svc_count;
    int pods_hint;                    /* most pods seen on one node: keeps the grid steady */
    ctl_mark_t marks[PANE_MAX_MARKS]; /* the latest controller marks, oldest first */
    int mark_count;
    uint64_t marks_key[6]; /* what the marks were collected from (pane_collect_marks) */
    bool marks_valid;
    /* many nodes: the cards grouped by pool and zone (card_node in that order), each group a
     * header and its own grid; pool_filter >= 0 shows one pool's cards only (key g) */
    int pool_filter;
    int group_count; /* 0: one grid */
    struct {
        int pool;
        const char *zone; /* NULL: the pool's nodes in every zone */
        int first, count; /* cards */
        ui_rect_t head;
        node_grid_t grid;
    } groups[PANE_MAX_GROUPS];
    /* geometry of the last frame, for hit tests */
    bool zones; /* the zone tiles instead of node cards (nothing to hit) */
    cluster_layout_t cl;
    node_grid_t grid;
    anim_t *anim;
} pane_t;

/* Every pod of the snapshot, node by node then the pending ones (pods[] has room between the
 * nodes' pods): for (int k = pane_pods_begin(p, &it); k >= 0; k = pane_pods_next(p, &it)). */
typedef struct {
    int node, k, end;
} pane_pod_it_t;
int pane_pods_begin(const pane_t *p, pane_pod_it_t *it);
int pane_pods_next(const pane_t *p, pane_pod_it_t *it);

int pane_init(pane_t *p, const char *file, char label, diag_t *diag);
void pane_free(pane_t *p);
/* Reads the views of p's sim into the snapshot (and the controller marks). */
void pane_snapshot(pane_t *p);
/* Fills p->marks from the sim's event and decision history (pane_snapshot calls it). */
void pane_collect_marks(pane_t *p);
/* What is under (x, y) in the cluster: a pod (returns 2, *pod set), a node card (1, *node
 * set) or nothing (0). Uses the geometry of the last frame drawn. */
int pane_hit(const pane_t *p, int x, int y, int *node, int *pod);
/* Card `card`'s rectangle in the last frame and the grid it is in (its group's). */
ui_rect_t pane_card_rect(const pane_t *p, int card, const node_grid_t **grid);
/* The next pool filter after p->pool_filter: each pool with nodes in turn, then all (-1). */
int pane_next_pool(const pane_t *p);

typedef enum {
    CHART_REQUESTS,
    CHART_PODS,
    CHART_ERRORS,
    CHART_LATENCY,
    CHART_NODES,
    CHART_CPU,
    CHART_WEIGHT, /* each version's share of the requests (a canary's weight as it is served) */
    CHART_KINDS
} chart_kind_t;
extern const char *const chart_file_names[CHART_KINDS];
/* The charts of a service, most important first (a pane shows as many as fit): the
 * scenario's `ui.charts` when it has them; else CPU comes third when an HPA scales the
 * service on it, last otherwise. Returns how many (CHART_KINDS without `ui.charts`). */
int chart_order(const scenario_t *sc, int service, chart_kind_t out[CHART_KINDS]);

/* The simulated time shown across a chart. */
typedef struct {
    sim_time_t t0, t1, now;
} chart_window_t;

/* Which time span charts show at `now` for a run of `duration`: the whole run (scrolling past
 * 10 minutes), or with `zoom` > 0 that long a window around now. */
chart_window_t chart_window_at(sim_time_t now, sim_time_t duration, sim_time_t zoom);
/* The next zoom level in (dir > 0) or out from `zoom` for a run of `duration`; 0: the run. */
sim_time_t chart_zoom_step(sim_time_t zoom, sim_time_t duration, int dir);
#define CHART_ZOOM_MIN_S 30

/* drawing (draw_*.c) */
void draw_panel(const ui_draw_t *d, ui_rect_t r);
/* `selected`: the service the charts and keys are on; its traffic lines are drawn strongest. */
void draw_cluster(const ui_draw_t *d, pane_t *p, ui_rect_t area, int selected);
/* One pod tile (draw_pod.c): `sc` NULL draws no label; `share` >= 0 is written on big
 * tiles; `ip_shown` (may be NULL) gets the IP as drawn. */
void draw_pod(const ui_draw_t *d, const scenario_t *sc, const sim_pod_view_t *pv, ui_rect_t t,
              double a, bool vm, SDL_Color bg, sim_time_t now, double share, char ip_shown[24]);
/* The object tree in p->cl.tree (draw_tree.c): Namespaces holding each Deployment and its
 * ReplicaSets with their pods, columns under the Service boxes of `band`'s traffic picture. */
void draw_tree(const ui_draw_t *d, const pane_t *p, ui_rect_t service_band, int columns);
/* Many nodes (p->group_count > 0): each group's header and grid in p->cl.grid (draw_groups.c);
 * the groups fall back to one grid (group_count 0) when the headers do not fit. */
void layout_groups(const ui_draw_t *d, pane_t *p);
/* Too many nodes for legible cards at this size (pixels per card): one tile per group (pool and
 * zone) with its nodes, pods and allocation instead (draw_zones.c), drawn in `area`. */
/* draw_slo.c: service `service`'s SLO budget used and peak burn rates (gauges with the SRE
 * workbook's 14.4 and 6 marked) right-aligned at `right` on a line at y, lh high, when it has
 * an slo and they fit in max_w; returns the width drawn (0: nothing). */
int draw_slo_badge(const ui_draw_t *d, const pane_t *p, int service, int right, int y, int lh,
                   int max_w);
/* The same figures as text for the comparison strip; false without an slo. */
bool slo_strip_values(const sim_summary_t *sm, char used[24], char fast[24], char slow[24],
                      bool *fast_hot, bool *slow_hot);
void slo_format_burn(double v, char *buf, size_t n);
bool zones_wanted(const ui_draw_t *d, const pane_t *p);
void draw_zones(const ui_draw_t *d, const pane_t *p, ui_rect_t area);
void draw_service_strip(const ui_draw_t *d, const pane_t *p, ui_rect_t area, int line_h,
                        int selected);
enum {
    CHART_MARKER_LABELS = 1, /* action markers labelled in words (the top chart of a column) */
    CHART_TIME_LABELS = 2,   /* m:ss under the plot (the bottom chart: they share the axis) */
    CHART_MEASURE = 4        /* draw nothing: only return the y axis maximum */
};
/* Draws a chart; its y axis reaches at least ymax_min (0: its own data decides), so charts
 * side by side can share one range. Returns the y axis maximum. */
double draw_chart(const ui_draw_t *d, const pane_t *p, chart_kind_t kind, int service,
                  ui_rect_t area, chart_window_t w, int flags, double ymax_min);
void draw_events(const ui_draw_t *d, const pane_t *p, ui_rect_t area);
void draw_decisions(const ui_draw_t *d, const pane_t *p, ui_rect_t area);
/* The Why panel's lines about now (draw_why.c), from y in the panel's inner rect `in`, text
 * after the time column `tw`; up to max_lines. Returns the y after them. */
int draw_why_now(const ui_draw_t *d, const pane_t *p, ui_rect_t in, int y, int tw, int max_lines);

/* The toolbar's inputs. */
typedef struct {
    bool playing;
    double speed;
    sim_time_t now, duration;
    const char *name;    /* the scenario, or "A vs B" */
    hit_kind_t hover;    /* the button under the mouse */
    const pane_t *marks; /* its actions are ticked on the time bar */
} toolbar_state_t;

void draw_toolbar(const ui_draw_t *d, const layout_t *l, const toolbar_state_t *ts);
void draw_pane_title(const ui_draw_t *d, const pane_t *p, ui_rect_t r);
void draw_caption(const ui_draw_t *d, ui_rect_t r, const char *text, double alpha);
void draw_strip(const ui_draw_t *d, ui_rect_t r, const pane_t *panes, int n);
void draw_help(const ui_draw_t *d, const layout_t *l);
void draw_toast(const ui_draw_t *d, ui_rect_t r, const char *msg, double alpha);
/* Frees the drawing modules' scratch buffers (at exit). */
void draw_charts_shutdown(void);
void draw_cluster_shutdown(void);

/* A "1:05" time label */
void ui_format_time(sim_time_t t, char *buf, size_t n);
/* A countdown or a wait, rounded up to the second: "1:05" from a minute on, else "35 s". */
void ui_format_wait(sim_time_t t, char *buf, size_t n);
/* Readable text colour on a fill. */
SDL_Color ui_text_on(SDL_Color fill);

#endif
