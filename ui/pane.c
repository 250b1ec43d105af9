/* pane: one scenario's session and the per-frame snapshot of its views. Buffers grow to the
 * largest cluster seen and are then reused, so steady-state frames allocate nothing. */
#include "ui.h"

#include <stdlib.h>
#include <string.h>

#include "axis.h"

int pane_init(pane_t *p, const char *file, char label, diag_t *diag) {
    memset(p, 0, sizeof *p);
    p->label = label;
    if (session_open(&p->ses, file, diag) != 0) return -1;
    p->anim = anim_create();
    if (!p->anim) {
        session_close(&p->ses);
        diag_add(diag, "out of memory");
        return -1;
    }
    return 0;
}

void pane_free(pane_t *p) {
    session_close(&p->ses);
    anim_destroy(p->anim);
    free(p->nodes);
    free(p->node_first);
    free(p->node_pods);
    free(p->card_node);
    free(p->pod_ids);
    free(p->pods);
    memset(p, 0, sizeof *p);
}

/* The capacity to grow to: doubling from 64 until `need` fits. */
static int next_cap(int cap, int need) {
    int n = cap ? cap : 64;
    while (n < need)
        n *= 2;
    return n;
}

/* realloc to n elements; on failure *ptr is kept (and still valid). */
#define RESIZE(ptr, n)                                                                             \
    do {                                                                                           \
        void *q_ = realloc((ptr), (size_t)(n) * sizeof *(ptr));                                    \
        if (!q_) return false;                                                                     \
        (ptr) = q_;                                                                                \
    } while (0)

static bool grow_nodes(pane_t *p, int need) {
    if (need <= p->node_cap) return true;
    int n = next_cap(p->node_cap, need);
    RESIZE(p->nodes, n);
    RESIZE(p->node_first, n);
    RESIZE(p->node_pods, n);
    RESIZE(p->card_node, n);
    p->node_cap = n;
    return true;
}

static bool grow_pods(pane_t *p, int need) {
    if (need <= p->pod_cap) return true;
    int n = next_cap(p->pod_cap, need);
    RESIZE(p->pod_ids, n);
    RESIZE(p->pods, n);
    p->pod_cap = n;
    return true;
}

/* Appends the pods the sim lists (for a node, or unscheduled when node < 0) to the snapshot.
 * Returns how many. */
static int take_pods(pane_t *p, const sim_t *s, int node) {
    for (;;) {
        int room = p->pod_cap - p->pod_count;
        uint32_t *ids = p->pod_ids + p->pod_count;
        int n = node >= 0 ? sim_node_pods(s, node, ids, room) : sim_unscheduled_pods(s, ids, room);
        if (n < room) { /* n == room may mean the list was cut short */
            int kept = 0;
            for (int i = 0; i < n; i++)
                if (sim_pod_view(s, ids[i], &p->pods[p->pod_count + kept])) {
                    ids[kept] = ids[i];
                    kept++;
                }
            p->pod_count += kept;
            return kept;
        }
        /* the buffer was full: grow and ask again */
        if (!grow_pods(p, p->pod_count + (n > room ? n : room) + 64)) return 0;
    }
}

/* Pods of one node grouped by service (stable), so a shared node reads team by team. */
static void group_by_service(pane_t *p, int first, int n) {
    for (int i = first + 1; i < first + n; i++) {
        sim_pod_view_t v = p->pods[i];
        uint32_t id = p->pod_ids[i];
        int j = i;
        for (; j > first && p->pods[j - 1].service > v.service; j--) {
            p->pods[j] = p->pods[j - 1];
            p->pod_ids[j] = p->pod_ids[j - 1];
        }
        p->pods[j] = v;
        p->pod_ids[j] = id;
    }
}

void pane_snapshot(pane_t *p) {
    const sim_t *s = p->ses.sim;
    int nn = sim_node_count(s);
    if (!grow_nodes(p, nn)) nn = p->node_cap;
    p->node_count = 0;
    p->card_count = 0;
    p->pod_count = 0;
    int most = 0;
    for (int i = 0; i < nn; i++) {
        sim_node_view_t *v = &p->nodes[p->node_count];
        if (!sim_node_view(s, i, v)) continue;
        int idx = p->node_count++;
        p->node_first[idx] = p->pod_count;
        p->node_pods[idx] = take_pods(p, s, i);
        if (p->ses.sc->service_count > 1)
            group_by_service(p, p->node_first[idx], p->node_pods[idx]);
        if (p->node_pods[idx] > most) most = p->node_pods[idx];
        if (v->state != SIM_NODE_REMOVED) p->card_node[p->card_count++] = idx;
    }
    p->pending_first = p->pod_count;
    p->pending_count = take_pods(p, s, -1);
    if (most > p->pods_hint) p->pods_hint = most;
    int ns = sim_service_count(s);
    p->svc_count = 0;
    for (int i = 0; i < ns && p->svc_count < LAYOUT_MAX_SERVICE_LINES; i++)
        if (sim_service_view(s, i, &p->svc[p->svc_count])) p->svc_count++;
}

int pane_hit(const pane_t *p, int x, int y, int *node, int *pod) {
    int card = layout_card_at(&p->grid, x, y);
    if (card < 0 || card >= p->card_count) return 0;
    int n = p->card_node[card];
    *node = n;
    ui_rect_t cr = layout_card_rect(&p->grid, card);
    int slot = layout_tile_at(&p->grid, cr, x, y);
    if (slot >= 0 && slot < p->node_pods[n]) {
        *pod = p->node_first[n] + slot;
        return 2;
    }
    return 1;
}

void ui_format_time(sim_time_t t, char *buf, size_t n) {
    axis_format_time(t, buf, n);
}

SDL_Color ui_text_on(SDL_Color f) {
    /* relative luminance (sRGB approximation) */
    double l = 0.2126 * f.r + 0.7152 * f.g + 0.0722 * f.b;
    SDL_Color dark = {0x10, 0x14, 0x18, 255}, light = {255, 255, 255, 255};
    return l > 150 ? dark : light;
}

const char *const chart_file_names[CHART_KINDS] = {"requests", "pods",  "errors",
                                                   "latency",  "nodes", "cpu"};

int chart_order(const scenario_t *sc, int service, chart_kind_t out[CHART_KINDS]) {
    bool hpa = service >= 0 && service < sc->service_count && sc->services[service].hpa.enabled;
    static const chart_kind_t plain[CHART_KINDS] = {CHART_REQUESTS, CHART_PODS,  CHART_ERRORS,
                                                    CHART_LATENCY,  CHART_NODES, CHART_CPU};
    static const chart_kind_t scaled[CHART_KINDS] = {CHART_REQUESTS, CHART_PODS,    CHART_CPU,
                                                     CHART_ERRORS,   CHART_LATENCY, CHART_NODES};
    memcpy(out, hpa ? scaled : plain, sizeof plain);
    return CHART_KINDS;
}

chart_window_t chart_window_at(sim_time_t now, sim_time_t duration) {
    const sim_time_t span = 10 * 60 * SIM_SEC;
    chart_window_t w = {0, duration > 0 ? duration : span, now};
    if (duration > span) {
        /* Keep "now" at 80 % of the window once it gets there. */
        sim_time_t t0 = now - span * 4 / 5;
        if (t0 < 0) t0 = 0;
        if (t0 > duration - span) t0 = duration - span;
        w.t0 = t0;
        w.t1 = t0 + span;
    }
    return w;
}
