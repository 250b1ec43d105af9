/* pane: one scenario's session and the per-frame snapshot of its views. Buffers grow to the
 * largest cluster seen and are then reused, so steady-state frames allocate nothing. */
#include "ui.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axis.h"

int pane_init(pane_t *p, const char *file, char label, diag_t *diag) {
    memset(p, 0, sizeof *p);
    p->label = label;
    p->pool_filter = -1;
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
    free(p->node_seq);
    free(p->node_room);
    free(p->node_live);
    free(p->card_raw);
    free(p->node_gen);
    card_cache_free(p->cards);
    memset(p, 0, sizeof *p);
}

/* The next pod from it->node on (node_count: the pending ones), or -1 at the end. */
static int pods_from(const pane_t *p, pane_pod_it_t *it) {
    for (; it->node <= p->node_count; it->node++) {
        if (it->k < 0) {
            bool pend = it->node == p->node_count;
            it->k = pend ? p->pending_first : p->node_first[it->node];
            it->end = it->k + (pend ? p->pending_count : p->node_pods[it->node]);
        }
        if (it->k < it->end) return it->k++;
        it->k = -1;
    }
    return -1;
}

int pane_pods_begin(const pane_t *p, pane_pod_it_t *it) {
    *it = (pane_pod_it_t){0, -1, 0};
    return pods_from(p, it);
}

int pane_pods_next(const pane_t *p, pane_pod_it_t *it) {
    return pods_from(p, it);
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
    RESIZE(p->node_seq, n);
    RESIZE(p->node_room, n);
    RESIZE(p->node_live, n);
    RESIZE(p->card_raw, n);
    RESIZE(p->node_gen, n);
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

/* Appends the unscheduled pods to the snapshot. Returns how many. */
static int take_pending(pane_t *p, const sim_t *s) {
    for (;;) {
        int room = p->pod_cap - p->pod_count;
        uint32_t *ids = p->pod_ids + p->pod_count;
        int n = sim_unscheduled_pods(s, ids, room);
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
        if (!grow_pods(p, p->pod_count + room + 64)) return 0;
    }
}

/* A node's gone pods (deleted, the routers still send to them) among the run's. */
static int gone_on(int node, const int *gone_node, int gone_n) {
    int k = 0;
    for (int i = 0; i < gone_n; i++)
        k += gone_node[i] == node;
    return k;
}

static bool moves_with_clock(sim_pod_state_t st) {
    return st == SIM_POD_PULLING || st == SIM_POD_STARTING;
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

/* Card order for the groups: by pool, then zone (by name), then as the sim lists them. */
static const pane_t *sort_pane;
static int card_cmp(const void *a, const void *b) {
    const sim_node_view_t *x = &sort_pane->nodes[*(const int *)a];
    const sim_node_view_t *y = &sort_pane->nodes[*(const int *)b];
    if (x->pool != y->pool) return x->pool < y->pool ? -1 : 1;
    int z = strcmp(x->zone ? x->zone : "", y->zone ? y->zone : "");
    if (z) return z;
    return *(const int *)a < *(const int *)b ? -1 : *(const int *)a > *(const int *)b;
}

/* Many cards: sorted and cut into groups by pool and zone (by pool alone when that makes too
 * many groups); few cards: one grid. */
static void make_groups(pane_t *p) {
    p->group_count = 0;
    if (p->card_count <= PANE_GROUP_MIN_NODES) return;
    sort_pane = p;
    qsort(p->card_node, (size_t)p->card_count, sizeof *p->card_node, card_cmp);
    for (int by_zone = 1; by_zone >= 0; by_zone--) {
        int g = 0;
        bool fits = true;
        for (int c = 0; c < p->card_count && fits; c++) {
            const sim_node_view_t *n = &p->nodes[p->card_node[c]];
            const char *zone = by_zone ? n->zone : NULL;
            if (g > 0 && p->groups[g - 1].pool == n->pool &&
                (p->groups[g - 1].zone == zone ||
                 (zone && p->groups[g - 1].zone && !strcmp(p->groups[g - 1].zone, zone)))) {
                p->groups[g - 1].count++;
                continue;
            }
            if (g == PANE_MAX_GROUPS) {
                fits = false;
                break;
            }
            p->groups[g].pool = n->pool;
            p->groups[g].zone = zone;
            p->groups[g].first = c;
            p->groups[g].count = 1;
            g++;
        }
        if (fits) {
            p->group_count = g > 1 || p->pool_filter >= 0 ? g : 0;
            return;
        }
    }
}

int pane_next_pool(const pane_t *p) {
    const scenario_t *sc = p->ses.sc;
    for (int k = p->pool_filter + 1; k < sc->pool_count; k++)
        for (int i = 0; i < p->node_count; i++)
            if (p->nodes[i].pool == k && p->nodes[i].state != SIM_NODE_REMOVED) return k;
    return -1;
}

ui_rect_t pane_card_rect(const pane_t *p, int card, const node_grid_t **grid) {
    for (int g = 0; g < p->group_count; g++)
        if (card >= p->groups[g].first && card < p->groups[g].first + p->groups[g].count) {
            if (grid) *grid = &p->groups[g].grid;
            return layout_card_rect(&p->groups[g].grid, card - p->groups[g].first);
        }
    if (grid) *grid = &p->grid;
    return layout_card_rect(&p->grid, card);
}

/* Node ni's pods, then its gone ones, into its place pods[node_first[ni] ..] (room for them
 * was checked), grouped by service. */
static void read_node_pods(pane_t *p, const sim_t *s, int ni, const uint32_t *gone,
                           const int *gone_node, int gone_n) {
    int first = p->node_first[ni];
    uint32_t *ids = p->pod_ids + first;
    sim_pod_view_t *v = p->pods + first;
    int n = sim_node_pods(s, ni, ids, p->node_room[ni]), kept = 0;
    for (int i = 0; i < n; i++)
        if (sim_pod_view(s, ids[i], &v[kept])) ids[kept++] = ids[i];
    for (int i = 0; i < gone_n && kept < p->node_room[ni]; i++)
        if (gone_node[i] == ni && sim_pod_view(s, gone[i], &v[kept])) ids[kept++] = gone[i];
    p->node_pods[ni] = kept;
    if (p->ses.sc->service_count > 1) group_by_service(p, first, kept);
    int live = 0;
    for (int i = 0; i < kept; i++)
        live += moves_with_clock(v[i].state);
    p->node_live[ni] = live;
    p->node_gen[ni] = ++p->gen_next;
}

/* Each node's place in pods[]: room for its pods now and a quarter more, so that a rollout
 * moves none of them for a while. False when out of memory (no pod is then shown). */
static bool place_nodes(pane_t *p, int nn, const int *gone_node, int gone_n) {
    int at = 0;
    for (int i = 0; i < nn; i++) {
        int need = p->nodes[i].pod_count + gone_on(i, gone_node, gone_n);
        p->node_first[i] = at;
        p->node_room[i] = need + need / 4 + 4;
        at += p->node_room[i];
        p->node_seq[i] = UINT64_MAX; /* read them */
    }
    if (grow_pods(p, at + 64)) return true;
    for (int i = 0; i < nn; i++)
        p->node_first[i] = p->node_room[i] = 0;
    return false;
}

/* The cards (nodes not Removed, of the pool filtered on), and their groups when they changed:
 * the sort by pool and zone is not redone every frame. */
static void take_cards(pane_t *p, bool full) {
    bool same = !full && p->snap_filter == p->pool_filter;
    int cc = 0;
    for (int i = 0; i < p->node_count; i++) {
        const sim_node_view_t *v = &p->nodes[i];
        if (v->state == SIM_NODE_REMOVED || (p->pool_filter >= 0 && v->pool != p->pool_filter))
            continue;
        if (cc >= p->card_raw_count || p->card_raw[cc] != i) same = false;
        p->card_raw[cc++] = i;
    }
    if (cc != p->card_raw_count) same = false;
    p->card_raw_count = cc;
    p->snap_filter = p->pool_filter;
    if (same) { /* drawing may have fallen back to one grid: the groups again */
        p->group_count = p->groups_made;
        return;
    }
    memcpy(p->card_node, p->card_raw, sizeof *p->card_node * (size_t)cc);
    p->card_count = cc;
    make_groups(p);
    p->groups_made = p->group_count;
}

void pane_snapshot(pane_t *p) {
    const sim_t *s = p->ses.sim;
    int nn = sim_node_count(s);
    if (!grow_nodes(p, nn)) nn = p->node_cap;
    /* another run, or nodes gone from the list: everything is read again */
    bool full = !p->snap_valid || p->snap_swaps != p->ses.swaps || nn != p->node_count;
    enum { GONE_MAX = 64 }; /* a propagation delay's worth of deletions; more are not drawn */
    uint32_t gone[GONE_MAX];
    int gone_node[GONE_MAX];
    int gone_n = sim_gone_pods(s, gone, gone_node, GONE_MAX);
    int read = 0;
    for (; read < nn; read++)
        if (!sim_node_view(s, read, &p->nodes[read])) break;
    nn = read;
    /* a node with a gone pod, in this frame or the last, is read again */
    for (int i = 0; !full && i < p->gone_count; i++)
        if (p->gone_nodes[i] >= 0 && p->gone_nodes[i] < nn)
            p->node_seq[p->gone_nodes[i]] = UINT64_MAX;
    for (int i = 0; !full && i < gone_n; i++)
        if (gone_node[i] >= 0 && gone_node[i] < nn) p->node_seq[gone_node[i]] = UINT64_MAX;
    memcpy(p->gone_nodes, gone_node, sizeof gone_node[0] * (size_t)gone_n);
    p->gone_count = gone_n;
    bool fits = !full;
    for (int i = 0; i < nn && fits; i++)
        if (p->node_seq[i] != sim_node_pods_seq(s, i) &&
            p->nodes[i].pod_count + gone_on(i, gone_node, gone_n) > p->node_room[i])
            fits = false;
    if (!fits && !place_nodes(p, nn, gone_node, gone_n)) gone_n = 0;
    p->node_count = nn;
    int most = 0;
    for (int i = 0; i < nn; i++) {
        uint64_t seq = sim_node_pods_seq(s, i);
        if (seq != p->node_seq[i]) {
            read_node_pods(p, s, i, gone, gone_node, gone_n);
            p->node_seq[i] = seq;
        } else if (p->node_live[i] > 0) { /* the same pods: their progress moves on */
            for (int k = p->node_first[i]; k < p->node_first[i] + p->node_pods[i]; k++)
                if (moves_with_clock(p->pods[k].state)) sim_pod_view(s, p->pod_ids[k], &p->pods[k]);
        }
        if (p->node_pods[i] > most) most = p->node_pods[i];
    }
    take_cards(p, full);
    p->pending_first = p->pod_count = nn > 0 ? p->node_first[nn - 1] + p->node_room[nn - 1] : 0;
    p->pending_count = take_pending(p, s);
    if (most > p->pods_hint) p->pods_hint = most;
    p->snap_swaps = p->ses.swaps;
    p->snap_valid = true;
    int ns = sim_service_count(s);
    p->svc_count = 0;
    for (int i = 0; i < ns && p->svc_count < LAYOUT_MAX_SERVICE_LINES; i++)
        if (sim_service_view(s, i, &p->svc[p->svc_count])) p->svc_count++;
    pane_collect_marks(p);
}

/* ---- the event log's rows ---- */

bool event_is_warning(const sim_event_view_t *ev) {
    return ev->type && strcmp(ev->type, "Normal") != 0;
}

bool event_is_startup_probe(const sim_event_view_t *ev) {
    return ev->ref.kind == SIM_EVK_STARTING_PROBE;
}

static bool same_event(const sim_event_view_t *a, const sim_event_view_t *b) {
    return strcmp(a->reason, b->reason) == 0 && strcmp(a->object, b->object) == 0 &&
           strcmp(a->message, b->message) == 0 && strcmp(a->type, b->type) == 0;
}

/* The latest events for `rows` lines as kubectl lists them: the repeats of one object, reason
 * and message fold into one line (its last time, and how many). Fills out[] oldest first and
 * *first with the oldest event the lines cover. */
static int latest_rows(const sim_t *s, int rows, event_row_t *out, int *first) {
    int n = sim_event_count(s), k = 0, i = n - 1;
    for (; i >= 0; i--) {
        sim_event_view_t ev;
        if (!sim_event_get(s, i, &ev)) continue;
        int j = 0;
        for (; j < k; j++) {
            sim_event_view_t o;
            if (sim_event_get(s, out[j].index, &o) && same_event(&o, &ev)) break;
        }
        if (j < k) {
            out[j].times++;
            continue;
        }
        if (k == rows) break;
        out[k++] = (event_row_t){i, false, 1};
    }
    *first = i + 1;
    for (int a = 0, b = k - 1; a < b; a++, b--) {
        event_row_t t = out[a];
        out[a] = out[b];
        out[b] = t;
    }
    return k;
}

int event_rows(const sim_t *s, int rows, event_row_t *out) {
    if (rows > EVENT_ROWS_MAX) rows = EVENT_ROWS_MAX;
    if (rows <= 0) return 0;
    int n = sim_event_count(s);
    event_row_t tail[EVENT_ROWS_MAX];
    int nt = 0, tail_for = -1; /* the tail's lines are for rows - tail_for */
    sim_time_t now = sim_now(s);
    /* The latest Warnings stay pinned at the top (one per reason, with how many there were)
     * once newer Normal events would push them out: "the rollout was aborted" must not
     * scroll away under seven Pulled and Started of the same second. */
    int pin_max = rows >= 9 ? 3 : rows >= 5 ? 2 : rows >= 3 ? 1 : 0;
    int pin[3], pin_times[3], np = 0;
    for (int guard = 0; guard < 4; guard++) {
        int first;
        nt = latest_rows(s, rows - np, tail, &first);
        tail_for = np;
        int k = 0;
        /* readiness probes failing while a pod starts are routine: other reasons first */
        for (int pass = 0; pass < 2; pass++)
            for (int i = first - 1; i >= 0 && k < pin_max; i--) {
                sim_event_view_t ev;
                if (!sim_event_get(s, i, &ev)) continue;
                if (now - ev.time > EVENT_PIN_FOR) break; /* older ones are history */
                if (!event_is_warning(&ev) || event_is_startup_probe(&ev)) continue;
                if ((strcmp(ev.reason, "Unhealthy") == 0) != (pass == 1)) continue;
                bool dup = false; /* a reason already pinned, or still in the latest lines */
                for (int j = 0; j < k && !dup; j++) {
                    sim_event_view_t o;
                    dup = sim_event_get(s, pin[j], &o) && strcmp(o.reason, ev.reason) == 0;
                }
                for (int j = first; j < n && !dup; j++) {
                    sim_event_view_t o;
                    dup = sim_event_get(s, j, &o) && event_is_warning(&o) &&
                          strcmp(o.reason, ev.reason) == 0;
                }
                if (!dup) pin[k++] = i;
            }
        for (int a = 1; a < k; a++) /* newest first, as the scan found them */
            for (int b = a; b > 0 && pin[b] > pin[b - 1]; b--) {
                int t = pin[b];
                pin[b] = pin[b - 1];
                pin[b - 1] = t;
            }
        if (k == np) break;
        np = k;
    }
    for (int j = 0; j < np; j++) { /* how many of that reason the history holds */
        sim_event_view_t ev;
        pin_times[j] = 0;
        if (!sim_event_get(s, pin[j], &ev)) continue;
        for (int i = 0; i < n; i++) {
            sim_event_view_t o;
            if (sim_event_get(s, i, &o) && event_is_warning(&o) && strcmp(o.reason, ev.reason) == 0)
                pin_times[j]++;
        }
    }
    /* the rows: pinned Warnings (oldest first), then the latest events */
    int ns = 0;
    for (int j = np - 1; j >= 0; j--)
        out[ns++] = (event_row_t){pin[j], true, pin_times[j]};
    if (tail_for != np) { /* the loop stopped before it settled */
        int first;
        nt = latest_rows(s, rows - np, tail, &first);
    }
    for (int i = 0; i < nt && ns < rows; i++)
        out[ns++] = tail[i];
    return ns;
}

/* ---- controller marks ---- */

bool mark_is_failure(mark_kind_t k) {
    return k == MARK_ABORT || k == MARK_DEADLINE || k == MARK_CONFLICT || k == MARK_NOT_READY;
}

/* The service an object "Kind/name" names, or -1. */
static int object_service(const scenario_t *sc, const char *object) {
    const char *slash = object ? strrchr(object, '/') : NULL;
    const char *name = slash ? slash + 1 : object;
    for (int i = 0; name && i < sc->service_count; i++)
        if (strcmp(sc->services[i].name, name) == 0) return i;
    return -1;
}

static void copy_name(char *dst, size_t n, const char *src) {
    const char *slash = src ? strrchr(src, '/') : NULL;
    snprintf(dst, n, "%s", slash ? slash + 1 : src ? src : "");
}

static void add_mark(pane_t *p, const ctl_mark_t *m) {
    ctl_mark_t *last = p->mark_count ? &p->marks[p->mark_count - 1] : NULL;
    /* one marker per instant for what happens to many pods at once */
    if (last && last->time == m->time && last->kind == m->kind && last->service == m->service) {
        switch (m->kind) {
        case MARK_EVICT:
        case MARK_NODE_REMOVED:
            last->to += m->to;
            return;
        case MARK_NODES_UP:
        case MARK_CONFLICT:
        case MARK_ABORT:
            return;
        default:
            break;
        }
    }
    if (p->mark_count == PANE_MAX_MARKS) { /* keep the latest */
        memmove(p->marks, p->marks + 1, sizeof p->marks[0] * (PANE_MAX_MARKS - 1));
        p->mark_count--;
    }
    p->marks[p->mark_count++] = *m;
}

/* An event as a mark; false when it is not one. Only the event's typed fields are read
 * (sim_ref_t), never its message: rewording a message cannot remove a marker. */
static bool event_mark(const scenario_t *sc, const sim_event_view_t *ev, ctl_mark_t *m) {
    memset(m, 0, sizeof *m);
    m->time = ev->time;
    m->service = -1;
    const sim_ref_t *r = &ev->ref;
    switch (r->kind) {
    case SIM_EVK_ROLLOUT_ABORTED:
        m->kind = MARK_ABORT;
        m->service = object_service(sc, ev->object);
        break;
    case SIM_EVK_DEADLINE:
        m->kind = MARK_DEADLINE;
        m->service = object_service(sc, ev->object);
        break;
    case SIM_EVK_DEP_CONFLICT: /* the service that breaks */
        m->kind = MARK_CONFLICT;
        if (r->service >= 0 && r->service < sc->service_count)
            copy_name(m->name, sizeof m->name, sc->services[r->service].name);
        break;
    case SIM_EVK_NODE_NOT_READY:
        m->kind = MARK_NOT_READY;
        copy_name(m->name, sizeof m->name, ev->object);
        break;
    case SIM_EVK_EVICTION:
        m->kind = MARK_EVICT;
        m->to = 1;
        break;
    case SIM_EVK_NODES_UP:
        m->kind = MARK_NODES_UP;
        m->from = r->from;
        m->to = r->to;
        if (r->pool >= 0 && r->pool < sc->pool_count)
            copy_name(m->name, sizeof m->name, sc->pools[r->pool].name);
        break;
    case SIM_EVK_NODE_REMOVED:
        m->kind = MARK_NODE_REMOVED;
        m->to = 1;
        copy_name(m->name, sizeof m->name, ev->object);
        break;
    default:
        return false;
    }
    return true;
}

/* A decision as a mark: the HPA's rescale from -> to (its SuccessfulRescale event says only
 * the new size). */
static bool decision_mark(const scenario_t *sc, const sim_decision_view_t *dv, ctl_mark_t *m) {
    memset(m, 0, sizeof *m);
    if (dv->ref.kind != SIM_EVK_RESCALE) return false;
    m->time = dv->time;
    m->kind = MARK_HPA;
    m->from = dv->ref.from;
    m->to = dv->ref.to;
    m->service = dv->ref.service;
    if (m->service >= 0 && m->service < sc->service_count)
        copy_name(m->name, sizeof m->name, sc->services[m->service].name);
    return true;
}

void pane_collect_marks(pane_t *p) {
    const sim_t *s = p->ses.sim;
    const scenario_t *sc = p->ses.sc;
    /* the histories only grow while events are processed or actions applied: a frame of a
     * paused run does not walk them again */
    uint64_t key[6] = {p->ses.swaps,
                       sim_events_processed(s),
                       (uint64_t)sim_now(s),
                       (uint64_t)sim_event_count(s),
                       (uint64_t)sim_decision_count(s),
                       (uint64_t)sim_action_count(s)};
    if (p->marks_valid && memcmp(key, p->marks_key, sizeof key) == 0) return;
    memcpy(p->marks_key, key, sizeof key);
    p->marks_valid = true;
    p->mark_count = 0;
    int ne = sim_event_count(s), nd = sim_decision_count(s);
    int i = 0, k = 0;
    /* both histories are in time order: merge them */
    while (i < ne || k < nd) {
        sim_event_view_t ev;
        sim_decision_view_t dv;
        bool have_e = i < ne && sim_event_get(s, i, &ev);
        bool have_d = k < nd && sim_decision_get(s, k, &dv);
        if (!have_e && i < ne) {
            i++;
            continue;
        }
        if (!have_d && k < nd) {
            k++;
            continue;
        }
        ctl_mark_t m;
        if (have_e && (!have_d || ev.time <= dv.time)) {
            i++;
            if (event_mark(sc, &ev, &m)) add_mark(p, &m);
        } else {
            k++;
            if (decision_mark(sc, &dv, &m)) add_mark(p, &m);
        }
    }
}

/* Marks of several kinds: both kinds ("HPA 9→12 · nodes 2→3"); with more, the most telling
 * kind (a failure first) and how many others. */
static void mixed_mark_label(const ctl_mark_t *m, int n, char *buf, size_t len) {
    int best = 0, other = -1;
    for (int i = 1; i < n; i++)
        if (mark_is_failure(m[i].kind) && !mark_is_failure(m[best].kind)) best = i;
    for (int i = 0; i < n; i++)
        if (m[i].kind != m[best].kind) {
            if (other >= 0 && m[i].kind != m[other].kind) {
                other = -2; /* a third kind */
                break;
            }
            if (other < 0) other = i;
        }
    /* the marks of one kind, kept in order, label as a run */
    ctl_mark_t a[PANE_MAX_MARKS] = {0}, b[PANE_MAX_MARKS] = {0}; /* zeros: -O1 sees no write */
    int na = 0, nb = 0;
    for (int i = 0; i < n && i < PANE_MAX_MARKS; i++) {
        if (m[i].kind == m[best].kind)
            a[na++] = m[i];
        else if (other >= 0 && m[i].kind == m[other].kind)
            b[nb++] = m[i];
    }
    char one[96], two[96];
    mark_label(a, na, one, sizeof one);
    if (other >= 0) {
        mark_label(b, nb, two, sizeof two);
        snprintf(buf, len, "%s \xC2\xB7 %s", one, two);
    } else {
        snprintf(buf, len, "%s +%d more", one, n - na);
    }
}

void mark_label(const ctl_mark_t *m, int n, char *buf, size_t len) {
    if (n <= 0) {
        snprintf(buf, len, "?");
        return;
    }
    bool same = true;
    int total = 0;
    for (int i = 0; i < n; i++) {
        same = same && m[i].kind == m[0].kind;
        total += m[i].to;
    }
    if (!same) {
        mixed_mark_label(m, n, buf, len);
        return;
    }
    const ctl_mark_t *a = &m[0], *z = &m[n - 1];
    switch (a->kind) {
    case MARK_ABORT:
        snprintf(buf, len, "abort");
        break;
    case MARK_DEADLINE:
        snprintf(buf, len, "deadline exceeded");
        break;
    case MARK_CONFLICT:
        snprintf(buf, len, "%s%sconflict", a->name, a->name[0] ? " " : "");
        break;
    case MARK_NOT_READY:
        if (n == 1)
            snprintf(buf, len, "%s NotReady", a->name);
        else
            snprintf(buf, len, "%d nodes NotReady", n);
        break;
    case MARK_EVICT:
        snprintf(buf, len, "%d pod%s evicted", total, total == 1 ? "" : "s");
        break;
    case MARK_NODES_UP:
        if (a->from >= 0 && z->to >= 0)
            snprintf(buf, len, "nodes %d\xE2\x86\x92%d", a->from, z->to);
        else
            snprintf(buf, len, "node scale-up");
        break;
    case MARK_NODE_REMOVED:
        if (total == 1)
            snprintf(buf, len, "%s removed", a->name);
        else
            snprintf(buf, len, "%d nodes removed", total);
        break;
    case MARK_HPA:
        snprintf(buf, len, "HPA %d\xE2\x86\x92%d", a->from, z->to);
        break;
    default:
        snprintf(buf, len, "?");
        break;
    }
}

int pane_hit(const pane_t *p, int x, int y, int *node, int *pod) {
    if (p->zones) return 0;
    const node_grid_t *g = &p->grid;
    int card = layout_card_at(g, x, y);
    for (int k = 0; k < p->group_count && card < 0; k++) {
        card = layout_card_at(&p->groups[k].grid, x, y);
        if (card >= p->groups[k].count) card = -1;
        if (card >= 0) {
            g = &p->groups[k].grid;
            card += p->groups[k].first;
        }
    }
    if (card < 0 || card >= p->card_count) return 0;
    int n = p->card_node[card];
    *node = n;
    ui_rect_t cr = pane_card_rect(p, card, NULL);
    int slot = layout_tile_at(g, cr, x, y);
    if (slot >= 0 && slot < p->node_pods[n]) {
        *pod = p->node_first[n] + slot;
        return 2;
    }
    return 1;
}

void ui_format_wait(sim_time_t t, char *buf, size_t n) {
    long long sec = (long long)((t + SIM_SEC - 1) / SIM_SEC);
    if (sec < 0) sec = 0;
    if (sec >= 60)
        snprintf(buf, n, "%lld:%02lld", sec / 60, sec % 60);
    else
        snprintf(buf, n, "%lld s", sec);
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

/* ui.charts names them with the scenario's list, index for index */
_Static_assert(CHART_KINDS == SCENARIO_UI_CHARTS, "chart kinds and ui.charts names differ");
const char *const chart_file_names[CHART_KINDS] = {"requests", "pods", "errors", "latency",
                                                   "nodes",    "cpu",  "weight"};

int chart_order(const scenario_t *sc, int service, chart_kind_t out[CHART_KINDS]) {
    /* the scenario's `ui.charts`, when it names them (same names, same order of kinds) */
    if (sc->ui.chart_count > 0) {
        for (int i = 0; i < sc->ui.chart_count; i++)
            out[i] = (chart_kind_t)sc->ui.charts[i];
        return sc->ui.chart_count;
    }
    bool hpa = service >= 0 && service < sc->service_count && sc->services[service].hpa.enabled;
    /* a canary's lesson is its own error rate and its weight: they come right after the
     * requests; other strategies have no weight chart */
    bool canary = service >= 0 && service < sc->service_count &&
                  (strategy_type_flags(sc->services[service].strategy.type) & STRATEGY_F_WEIGHT);
    /* a version that fails requests (a bad release): its own error rate is the lesson, so it
     * comes right after the requests — at 720p with the projector's font scale only two or
     * three charts fit */
    bool failing = false;
    if (service >= 0 && service < sc->service_count)
        for (int v = 0; v < sc->services[service].version_count; v++)
            if (sc->services[service].versions[v].error_rate > 0) failing = true;
    static const chart_kind_t plain[] = {CHART_REQUESTS, CHART_PODS,  CHART_ERRORS,
                                         CHART_LATENCY,  CHART_NODES, CHART_CPU};
    static const chart_kind_t scaled[] = {CHART_REQUESTS, CHART_PODS,    CHART_CPU,
                                          CHART_ERRORS,   CHART_LATENCY, CHART_NODES};
    static const chart_kind_t failing_plain[] = {CHART_REQUESTS, CHART_ERRORS, CHART_PODS,
                                                 CHART_LATENCY,  CHART_NODES,  CHART_CPU};
    static const chart_kind_t failing_scaled[] = {CHART_REQUESTS, CHART_ERRORS,  CHART_PODS,
                                                  CHART_CPU,      CHART_LATENCY, CHART_NODES};
    static const chart_kind_t canary_plain[] = {CHART_REQUESTS, CHART_ERRORS,  CHART_WEIGHT,
                                                CHART_PODS,     CHART_LATENCY, CHART_NODES,
                                                CHART_CPU};
    static const chart_kind_t canary_scaled[] = {CHART_REQUESTS, CHART_ERRORS, CHART_WEIGHT,
                                                 CHART_PODS,     CHART_CPU,    CHART_LATENCY,
                                                 CHART_NODES};
    if (canary) {
        memcpy(out, hpa ? canary_scaled : canary_plain, sizeof canary_plain);
        return CHART_KINDS;
    }
    if (failing)
        memcpy(out, hpa ? failing_scaled : failing_plain, sizeof plain);
    else
        memcpy(out, hpa ? scaled : plain, sizeof plain);
    return CHART_KINDS - 1;
}

/* Zoom levels in seconds, widest first; 0 is the whole run. A 9 s outage is a sliver of a
 * 10-minute axis and a third of a 30-second one. */
static const int zoom_levels_s[] = {0, 600, 300, 120, 60, CHART_ZOOM_MIN_S};
#define ZOOM_LEVELS (int)(sizeof zoom_levels_s / sizeof zoom_levels_s[0])

sim_time_t chart_zoom_step(sim_time_t zoom, sim_time_t duration, int dir) {
    int at = 0; /* the level at or just wider than `zoom` */
    for (int i = 1; i < ZOOM_LEVELS; i++)
        if (zoom > 0 && zoom <= zoom_levels_s[i] * SIM_SEC) at = i;
    for (int i = at + dir; i >= 0 && i < ZOOM_LEVELS; i += dir) {
        sim_time_t z = (sim_time_t)zoom_levels_s[i] * SIM_SEC;
        if (i == 0 || z < duration) return z; /* a window as long as the run is the run */
    }
    return zoom;
}

chart_window_t chart_window_at(sim_time_t now, sim_time_t duration, sim_time_t zoom) {
    sim_time_t span = 10 * 60 * SIM_SEC;
    if (zoom > 0 && zoom < duration)
        span = zoom;
    else if (zoom > 0)
        zoom = 0;
    chart_window_t w = {0, duration > 0 ? duration : span, now};
    if (zoom > 0) { /* now at 3/4 of the window: what just happened, and room for what comes */
        sim_time_t t0 = now - span * 3 / 4;
        if (t0 < 0) t0 = 0;
        if (t0 > duration - span) t0 = duration - span;
        w.t0 = t0;
        w.t1 = t0 + span;
        return w;
    }
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
