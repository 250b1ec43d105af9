/* sched_nodes: the scheduler's per-node state, kept in step with the cluster as pods bind and
 * leave and nodes change, so that one scheduling attempt costs a walk over packed records:
 *   - sched_nodes[]: per node the free CPU and memory, pool, zone, and whether a flag or
 *     taint needs the full filter (sched_node_changed, called by whoever changes a node);
 *   - sched_rs[rs]: the nodes holding pods of the ReplicaSet that PodTopologySpread counts
 *     (not Terminating), with their counts, in ascending node order: the scores read it
 *     alongside their walk (nodes in ring order), a lookup is a binary search, and placing
 *     pods of many ReplicaSets in turn costs nothing extra (memory in proportion to the pods,
 *     not to ReplicaSets × nodes);
 *   - sched_counts: per (service, node) the pods bound there (the pods-per-node statistic);
 *   - sched_zone: per ReplicaSet and zone the counted pods. */
#include <stdlib.h>
#include <string.h>

#include "counts.h"
#include "kernel.h"
#include "sched_index.h"
#include "sched_nodes.h"
#include "scheduler.h"

#define SERVICE_ROW(service) ((uint32_t)1 << 31 | (uint32_t)(service))

/* The node table grows to `nodes`: the packed records and the scratch. */
int sched_nodes_grow(sim_t *s, int nodes) {
    if (nodes <= s->sched_cap) return 0;
    int ncap = s->sched_cap ? s->sched_cap : 16;
    while (ncap < nodes)
        ncap *= 2;
    int *f = realloc(s->sched_feasible, sizeof *f * (size_t)ncap);
    if (!f) return -1;
    s->sched_feasible = f;
    int64_t *r = realloc(s->sched_raw, sizeof *r * ((size_t)ncap + 1)); /* + 1: sched_index.c */
    if (!r) return -1;
    s->sched_raw = r;
    sched_node_t *h = realloc(s->sched_nodes, sizeof *h * (size_t)ncap);
    if (!h) return -1;
    memset(&h[s->sched_cap], 0, sizeof *h * (size_t)(ncap - s->sched_cap));
    s->sched_nodes = h;
    s->sched_cap = ncap;
    return 0;
}

/* The node's packed record from node_t: call after any change of its flags, taints or
 * requests (and when it is added). */
void sched_node_changed(sim_t *s, int ni) {
    const node_t *n = &s->nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    sched_node_t *h = &s->sched_nodes[ni];
    /* node_fit turns every pod away from an absent, cordoned, NotReady or autoscaler-deleted
     * node, whatever the pod tolerates; a taint depends on the pod's tolerations */
    uint8_t blocked = n->removed || n->provisioning || n->cordoned || n->ca_deleting || n->not_ready
                          ? SCHED_NODE_NEVER
                      : n->taint_count > 0 ? SCHED_NODE_TAINTED
                                           : SCHED_NODE_PLAIN;
    /* what node_fit's verdict on a blocked node depends on (its requests do not count) */
    uint8_t sig = (uint8_t)(n->removed | n->provisioning << 1 | n->cordoned << 2 |
                            n->ca_deleting << 3 | n->not_ready << 4 | (n->taint_count & 7) << 5);
    if (!(blocked == SCHED_NODE_NEVER && h->blocked == SCHED_NODE_NEVER && h->sig == sig))
        s->sched_gen++;
    s->sched_tainted += (blocked == SCHED_NODE_TAINTED) - (h->blocked == SCHED_NODE_TAINTED);
    h->free_cpu = ps->cpu - n->cpu_alloc;
    h->free_mem = ps->memory - n->mem_alloc;
    h->pool = n->pool;
    h->zone = (int16_t)n->zone;
    h->blocked = blocked;
    h->sig = sig;
    h->memo_class = 0;
    h->memo_score = 0;
    if (s->sched_ix_count > 0) sched_index_node_changed(s, ni);
}

uint32_t sched_class_of(sim_t *s, int64_t cpu, int64_t mem) {
    for (uint32_t i = 0; i < s->sched_class_count; i++)
        if (s->sched_classes[i][0] == cpu && s->sched_classes[i][1] == mem) return i + 1;
    int64_t(*c)[2] = realloc(s->sched_classes, sizeof *c * (s->sched_class_count + 1));
    if (!c) return 0;
    s->sched_classes = c;
    c[s->sched_class_count][0] = cpu;
    c[s->sched_class_count][1] = mem;
    return ++s->sched_class_count;
}

/* ---- per ReplicaSet and zone ---- */

const int *sched_rs_zone_row(const sim_t *s, int ri) {
    if (!s->sched_zone || ri >= s->sched_zone_rows || s->rs[ri].sched_pods == 0) return NULL;
    return &s->sched_zone[(size_t)ri * (size_t)s->sc->zone_count];
}

/* Room for the ReplicaSet's list and zone counts (ReplicaSets only ever get added). */
static int rs_rows_grow(sim_t *s, int ri) {
    if (ri < s->sched_zone_rows) return 0;
    int rows = s->sched_zone_rows ? s->sched_zone_rows : 8;
    while (rows <= ri)
        rows *= 2;
    sched_rs_nodes_t *l = realloc(s->sched_rs, sizeof *l * (size_t)rows);
    if (!l) return -1;
    memset(&l[s->sched_zone_rows], 0, sizeof *l * (size_t)(rows - s->sched_zone_rows));
    s->sched_rs = l;
    int zones = s->sc->zone_count;
    if (zones > 0) {
        int *z = realloc(s->sched_zone, sizeof *z * (size_t)rows * (size_t)zones);
        if (!z) return -1;
        memset(&z[(size_t)s->sched_zone_rows * (size_t)zones], 0,
               sizeof *z * (size_t)(rows - s->sched_zone_rows) * (size_t)zones);
        s->sched_zone = z;
    }
    s->sched_zone_rows = rows;
    return 0;
}

/* ---- per ReplicaSet and node ---- */

/* The first entry of the list whose node is >= ni (len: none). */
int sched_rs_lower_bound(const sched_rs_nodes_t *l, int ni) {
    int lo = 0, hi = l->len;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (l->e[mid].node < ni)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

const sched_rs_nodes_t *sched_rs_list(const sim_t *s, int ri) {
    static const sched_rs_nodes_t none = {0};
    if (ri >= s->sched_zone_rows || s->rs[ri].sched_pods == 0) return &none;
    return &s->sched_rs[ri];
}

int sched_rs_node_pods(const sim_t *s, int ri, int ni) {
    const sched_rs_nodes_t *l = sched_rs_list(s, ri);
    int at = sched_rs_lower_bound(l, ni);
    return at < l->len && l->e[at].node == ni ? l->e[at].count : 0;
}

/* Adds delta (+1 or -1) to the ReplicaSet's pods on the node; false when out of memory. A
 * new node's entry is inserted in order, an emptied one removed: a move of the entries after
 * it (a ReplicaSet of 20,000 pods moves 80 KB at most, against a hash map's random reads on
 * every scored node). */
static bool rs_count(sim_t *s, const pod_t *p, int ni, int delta) {
    int ri = p->rs;
    if (rs_rows_grow(s, ri) != 0) return false;
    sched_rs_nodes_t *l = &s->sched_rs[ri];
    int at = sched_rs_lower_bound(l, ni);
    if (at == l->len || l->e[at].node != ni) { /* a new node for the ReplicaSet */
        if (delta < 0) return false;
        if (l->len == l->cap) {
            int ncap = l->cap ? l->cap * 2 : 4;
            struct sched_rs_entry *e = realloc(l->e, sizeof *e * (size_t)ncap);
            if (!e) return false;
            l->e = e;
            l->cap = ncap;
        }
        memmove(&l->e[at + 1], &l->e[at], sizeof *l->e * (size_t)(l->len - at));
        l->e[at].node = ni;
        l->e[at].count = 0;
        l->len++;
    }
    l->e[at].count += delta;
    if (l->e[at].count == 0) {
        l->len--;
        memmove(&l->e[at], &l->e[at + 1], sizeof *l->e * (size_t)(l->len - at));
    }
    if (s->sched_zone && s->nodes[ni].zone >= 0)
        s->sched_zone[(size_t)ri * (size_t)s->sc->zone_count + (size_t)s->nodes[ni].zone] += delta;
    s->rs[ri].sched_pods += delta;
    return true;
}

static void uncount(sim_t *s, pod_t *p, int ni) {
    const struct sched_pod *sp = sched_pod_peek(s, (int)(p - s->pods));
    if (!sp || !sp->counted) return;
    sched_pod(s, (int)(p - s->pods))->counted = false; /* the entry exists: peek found it */
    rs_count(s, p, ni, -1);
}

/* The pods-per-node statistic of the service: every pod bound to a node counts. */
static void service_count(sim_t *s, int service, int ni, int delta) {
    int c = count_map_add(&s->sched_counts, SERVICE_ROW(service), ni, delta);
    if (c < 0) return;
    service_t *sv = &s->services[service];
    if (c == 1 && delta > 0) sv->nodes_used++;
    if (c == 0 && delta < 0) sv->nodes_used--;
    sv->placed += delta;
    /* density at the peak: how many of its pods a node holds */
    if (delta > 0 && sv->placed >= sv->peak_placed && sv->nodes_used > 0) {
        double ppn = (double)sv->placed / sv->nodes_used;
        if (sv->placed > sv->peak_placed || ppn > sv->peak_ppn) sv->peak_ppn = ppn;
        sv->peak_placed = sv->placed;
    }
}

void sched_pod_attached(sim_t *s, int pi, int ni) {
    pod_t *p = &s->pods[pi];
    sched_node_changed(s, ni);
    service_count(s, p->service, ni, 1);
    const struct sched_pod *sp = sched_pod_peek(s, pi);
    if ((sp && sp->counted) || p->phase == POD_TERMINATING || p->phase == POD_DELETED) return;
    /* k8s: InterPodAffinity registers for pod additions: a pod may now attract others */
    if (s->sc->pod_affinity && !s->steady_init) sched_cluster_changed(s);
    struct sched_pod *w = sched_pod(s, pi);
    if (w && rs_count(s, p, ni, 1)) w->counted = true;
}

void sched_pod_detached(sim_t *s, int pi, int ni) {
    pod_t *p = &s->pods[pi];
    sched_node_changed(s, ni);
    service_count(s, p->service, ni, -1);
    uncount(s, p, ni);
}

/* k8s: PodTopologySpread skips pods with a deletionTimestamp (common.go
 * countPodsMatchSelector, "Bypass terminating Pod"). */
void sched_pod_terminating(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->node >= 0) uncount(s, p, p->node);
}

/* The service's pods (every ReplicaSet, Terminating excluded): the constraint's labelSelector,
 * app=SERVICE. */
int sched_service_node_pods(const sim_t *s, int service, int ni) {
    const service_t *sv = &s->services[service];
    int n = 0;
    for (int k = 0; k < sv->rs_count; k++)
        n += sched_rs_node_pods(s, sv->rs[k], ni);
    return n;
}

int sched_service_zone_pods(const sim_t *s, int service, int zone) {
    const service_t *sv = &s->services[service];
    int n = 0;
    for (int k = 0; k < sv->rs_count; k++) {
        const int *z = sched_rs_zone_row(s, sv->rs[k]);
        if (z) n += z[zone];
    }
    return n;
}
