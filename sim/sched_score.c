/* sched_score: the default profile's Score plugins and selectHost (k8s:
 * pkg/scheduler/framework/plugins, schedule_one.go prioritizeNodes/selectHost): NodeResourcesFit
 * (LeastAllocated) ×1, BalancedAllocation ×1, PodTopologySpread ×2, ImageLocality ×1 and, when
 * anything prefers, TaintToleration ×3, NodeAffinity ×2, InterPodAffinity ×2. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "sched_filter.h"
#include "sched_nodes.h"
#include "scheduler.h"

#define MB (1024LL * 1024LL)

/* ---- scores (k8s: pkg/scheduler/framework/plugins) ---- */

/* k8s: noderesources/least_allocated.go leastRequestedScore, weights cpu 1, memory 1 */
static int64_t least_requested(int64_t req, int64_t cap) {
    if (cap == 0 || req > cap) return 0;
    return (cap - req) * MAX_NODE_SCORE / cap;
}

int64_t sched_score_least_allocated(int64_t cpu_req, int64_t cpu_cap, int64_t mem_req,
                                    int64_t mem_cap) {
    int64_t score = 0, weights = 0;
    if (cpu_cap > 0) score += least_requested(cpu_req, cpu_cap), weights++;
    if (mem_cap > 0) score += least_requested(mem_req, mem_cap), weights++;
    return weights ? score / weights : 0;
}

/* k8s: noderesources/balanced_allocation.go balancedResourceScorer: two resources, so the
 * standard deviation is |fcpu - fmem| / 2; fractions capped at 1. */
int64_t sched_score_balanced(int64_t cpu_req, int64_t cpu_cap, int64_t mem_req, int64_t mem_cap) {
    double f[2];
    int n = 0;
    if (cpu_cap > 0) f[n++] = fmin((double)cpu_req / (double)cpu_cap, 1.0);
    if (mem_cap > 0) f[n++] = fmin((double)mem_req / (double)mem_cap, 1.0);
    double std = n == 2 ? fabs((f[0] - f[1]) / 2) : 0;
    return (int64_t)((1 - std) * (double)MAX_NODE_SCORE);
}

/* k8s: imagelocality/image_locality.go: the image's size scaled by the share of nodes that
 * have it (scaledImageScore), then mapped from [23 MB, 1000 MB] (one container) to 0..100. */
int64_t sched_score_image(int64_t size, int nodes_with_image, int total_nodes) {
    const int64_t min = 23 * MB, max = 1000 * MB;
    int64_t sum = 0;
    if (nodes_with_image > 0 && total_nodes > 0) {
        double spread = (double)nodes_with_image / (double)total_nodes;
        sum = (int64_t)((double)size * spread);
    }
    if (sum < min) sum = min;
    if (sum > max) sum = max;
    return MAX_NODE_SCORE * (sum - min) / (max - min);
}

/* k8s: podtopologyspread/scoring.go Score for the system default hostname constraint
 * (maxSkew 3): round(count × ln(feasible nodes + 2) + maxSkew − 1). The default zone
 * constraint scores nothing: the model's nodes have no zone label. */
static inline int64_t spread_raw_w(int matching_pods, double weight) {
    return (int64_t)floor((double)matching_pods * weight + (3 - 1) + 0.5); /* round: x >= 0 */
}

int64_t sched_spread_raw(int matching_pods, int feasible_nodes) {
    return spread_raw_w(matching_pods, log((double)(feasible_nodes + 2)));
}

/* k8s: podtopologyspread/scoring.go NormalizeScore */
int64_t sched_spread_normalize(int64_t raw, int64_t min_raw, int64_t max_raw) {
    if (max_raw == 0) return MAX_NODE_SCORE;
    return MAX_NODE_SCORE * (max_raw + min_raw - raw) / max_raw;
}

/* The index of the pod's image (name:tag) in the world's image table, -1 if never pulled:
 * looked up once per scheduling attempt, not per node scored. */
int sched_pod_image(const sim_t *s, const pod_t *p) {
    const version_spec_t *v = pod_version(s, p);
    if (!v->image_name || v->image_size <= 0) return -1;
    char key[256];
    snprintf(key, sizeof key, "%s:%s", v->image_name, v->name);
    for (int i = 0; i < s->image_count; i++)
        if (strcmp(s->images[i].name, key) == 0) return i;
    return -1;
}

static bool node_has(const node_t *n, int image) {
    for (int i = 0; i < n->image_count; i++)
        if (n->images[i].image == image) return n->images[i].present;
    return false;
}

/* PodTopologySpread's PreScore state: the system default constraints (hostname maxSkew 3,
 * zone maxSkew 5, both ScheduleAnyway; k8s: apis/config/v1/defaults.go, counted over the pod's
 * ReplicaSet: the merged selectors of its Service and ReplicaSet) when the pod has no
 * constraints, else its ScheduleAnyway constraints over the service's pods, nodes lacking one
 * of their keys being ignored (requireAllTopologies). */
typedef struct {
    bool system_default;
    bool zoned; /* some node has a zone */
    int soft;   /* explicit: ScheduleAnyway constraints */
    const spread_constraint_t *c[MAX_HARD_SPREAD];
    double w_host, w_zone;       /* topologyNormalizingWeight */
    const sched_rs_nodes_t *row; /* system default: the ReplicaSet's counts per node */
    const int *zrow;             /* and per zone */
    const int *zone_pods;        /* explicit: the service's pods per zone (PreFilter's) */
} spread_score_t;

static void spread_prescore(sim_t *s, const pod_t *p, int nf, spread_score_t *sp) {
    const placement_spec_t *pl = &s->sc->services[p->service].placement;
    sp->system_default = pl->spread_count == 0;
    sp->zoned = s->sc->zone_count > 0;
    sp->soft = 0;
    sp->row = sched_rs_list(s, p->rs);
    sp->zrow = sched_rs_zone_row(s, p->rs);
    for (int i = 0; i < pl->spread_count && sp->soft < MAX_HARD_SPREAD; i++)
        if (!pl->spread[i].do_not_schedule) sp->c[sp->soft++] = &pl->spread[i];
    bool need_zone = s->sc->zone_count > 0 && sp->system_default;
    for (int i = 0; i < sp->soft; i++)
        need_zone |= sp->c[i]->key == TOPO_ZONE;
    int hosts = nf, zones = 0;
    if (need_zone) {
        /* distinct zones among the feasible (not ignored) nodes; with the system default a
         * node without the label is in the domain "" */
        unsigned char seen[256 + 1] = {0};
        unsigned char *big = NULL, *mark = seen;
        if (s->sc->zone_count > 256) mark = big = calloc((size_t)s->sc->zone_count + 1, 1);
        hosts = 0;
        for (int i = 0; mark && i < nf; i++) {
            int z = s->sched_nodes[s->sched_feasible[i]].zone;
            if (z < 0 && !sp->system_default) continue; /* ignored */
            hosts++;
            if (!mark[z + 1]) mark[z + 1] = 1, zones++;
        }
        free(big);
    }
    sp->w_host = sched_topology_weight(hosts);
    sp->w_zone = sched_topology_weight(zones);
}

static int64_t spread_raw_explicit(sim_t *s, const pod_t *p, int ni, const spread_score_t *sp);

double sched_spread_score_for_count(int count, int max_skew, double weight) {
    return (double)count * weight + (double)(max_skew - 1);
}

double sched_topology_weight(int size) {
    return log((double)(size + 2));
}

/* The node's raw PodTopologySpread score (scoreForCount summed, rounded), -1 when ignored;
 * `row`: the ReplicaSet's counted pods on the node (for the system default constraints). */
static inline int64_t spread_raw(sim_t *s, const pod_t *p, int ni, int row,
                                 const spread_score_t *sp) {
    if (!sp->system_default) return spread_raw_explicit(s, p, ni, sp);
    int z = sp->zoned ? s->sched_nodes[ni].zone : -1;
    return sched_spread_default_raw(row, z >= 0 && sp->zrow ? sp->zrow[z] : 0, z >= 0, sp->w_host,
                                    sp->w_zone);
}

static int64_t spread_raw_explicit(sim_t *s, const pod_t *p, int ni, const spread_score_t *sp) {
    const node_t *n = &s->nodes[ni];
    if (sp->soft == 0) return -1; /* PreScore Skip: no soft constraint */
    double score = 0;
    for (int i = 0; i < sp->soft; i++) {
        const spread_constraint_t *c = sp->c[i];
        int cnt;
        if (c->key == TOPO_ZONE) {
            if (n->zone < 0) return -1;
            cnt = sp->zone_pods ? sp->zone_pods[n->zone]
                                : sched_service_zone_pods(s, p->service, n->zone);
        } else {
            cnt = sched_service_node_pods(s, p->service, ni);
        }
        score += sched_spread_score_for_count(cnt, c->max_skew,
                                              c->key == TOPO_ZONE ? sp->w_zone : sp->w_host);
    }
    return (int64_t)(score + 0.5); /* score >= 0 */
}

/* ---- one scheduling attempt ---- */

/* NodeResourcesFit (LeastAllocated) + BalancedAllocation for the pod on the node: the same
 * for every pod of one request class until the node's requests change, so kept in the
 * node's record. */
int64_t sched_resource_score(const sim_t *s, int ni, int64_t cpu, int64_t mem) {
    const sched_node_t *h = &s->sched_nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[h->pool];
    int64_t rc = ps->cpu - h->free_cpu + cpu, rm = ps->memory - h->free_mem + mem;
    int64_t fit = sched_score_least_allocated(rc, ps->cpu, rm, ps->memory);
    /* k8s: BalancedAllocation skips best-effort pods (no requests at all) */
    int64_t balanced = cpu == 0 && mem == 0 ? 0 : sched_score_balanced(rc, ps->cpu, rm, ps->memory);
    return fit + balanced;
}

static inline int64_t resource_scores(sim_t *s, int ni, int64_t cpu, int64_t mem, uint32_t cls) {
    sched_node_t *h = &s->sched_nodes[ni];
    if (cls && h->memo_class == cls) return h->memo_score;
    h->memo_class = cls;
    h->memo_score = (int32_t)sched_resource_score(s, ni, cpu, mem);
    return h->memo_score;
}

/* The scores the default profile adds only when some node or the pod has preferences:
 * TaintToleration's PreferNoSchedule counts, NodeAffinity's preferred terms and
 * InterPodAffinity, their maxima over the feasible nodes. */
typedef struct {
    bool on;
    int taint_max, pref_max;
    int64_t ipa_min, ipa_max;
} prefs_t;

static void prefs_prescore(sim_t *s, const pod_t *p, int nf, prefs_t *pf) {
    const placement_spec_t *pl = &s->sc->services[p->service].placement;
    pf->taint_max = pf->pref_max = 0;
    pf->ipa_min = INT64_MAX, pf->ipa_max = INT64_MIN;
    pf->on = s->prefer_taints > 0 || pl->preferred_count > 0 || s->sc->pod_affinity;
    for (int i = 0; pf->on && i < nf; i++) {
        const node_t *n = &s->nodes[s->sched_feasible[i]];
        if (s->prefer_taints > 0) {
            int c = sched_prefer_no_schedule_count(n->taints, n->taint_count, pl->tolerations,
                                                   pl->toleration_count);
            if (c > pf->taint_max) pf->taint_max = c;
        }
        if (pl->preferred_count > 0) {
            int w = sched_preferred_score(s, n, pl);
            if (w > pf->pref_max) pf->pref_max = w;
        }
        if (s->sc->pod_affinity) {
            int64_t a = pod_affinity_raw(s, n, p->service);
            if (a < pf->ipa_min) pf->ipa_min = a;
            if (a > pf->ipa_max) pf->ipa_max = a;
        }
    }
}

/* TaintToleration ×3, NodeAffinity ×2 and InterPodAffinity ×2 (default weights, k8s:
 * apis/config/v1/default_plugins.go) for one node; the same for every node when no node has a
 * PreferNoSchedule taint and the pod prefers nothing, so left out then. */
static int64_t prefs_score(sim_t *s, const pod_t *p, const node_t *n, const prefs_t *pf) {
    const placement_spec_t *pl = &s->sc->services[p->service].placement;
    int64_t sc = 0;
    if (pf->taint_max > 0)
        sc += 3 * (MAX_NODE_SCORE - MAX_NODE_SCORE *
                                        sched_prefer_no_schedule_count(n->taints, n->taint_count,
                                                                       pl->tolerations,
                                                                       pl->toleration_count) /
                                        pf->taint_max);
    if (pf->pref_max > 0)
        sc += 2 * (MAX_NODE_SCORE * sched_preferred_score(s, n, pl) / pf->pref_max);
    if (s->sc->pod_affinity && pf->ipa_max > pf->ipa_min)
        sc += 2 * sched_pod_affinity_normalize(pod_affinity_raw(s, n, p->service), pf->ipa_min,
                                               pf->ipa_max);
    return sc;
}

/* gsl_rng_uniform_int(r, n) == 0, drawing exactly as it does (GSL rng.h: scale = range / n,
 * draws of k = (x - min) / scale until k < n) with one division per call instead of two:
 * k >= n is x - min >= n × scale and k == 0 is x - min < scale. Ties are every node of a
 * uniform cluster, so this is the hot path of selectHost. */
static inline bool tie_wins(const gsl_rng *r, unsigned long n) {
    unsigned long offset = r->type->min, scale = (r->type->max - offset) / n, x;
    do
        x = gsl_rng_get(r) - offset;
    while (x >= n * scale);
    return x < scale;
}

/* k8s: schedule_one.go selectHost: among the nodes with the best score, each equally likely.
 * Upstream samples the reservoir (a draw per tied node, as sched_score_nodes does below
 * sched_index_min nodes); one draw of the winner's rank among the tied nodes, in the order the
 * filter found them (ring order from the start index), is the same distribution at one draw
 * per pod, and lets the index (sched_index.c) find the winner without visiting every tied
 * node. */
int sched_pick_tie(sim_t *s, int ties) {
    return ties > 1 ? (int)gsl_rng_uniform_int(s->rng_sched, (unsigned long)ties) : 0;
}

/* Score the feasible nodes and pick the best (k8s: schedule_one.go prioritizeNodes, then
 * selectHost: ties broken on the scheduling stream by reservoir sampling in a cluster below
 * sched_index_min nodes, else by one draw, sched_pick_tie). */
int sched_score_nodes(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int nf, int present,
                      const spread_state_t *st) {
    spread_score_t sp;
    spread_prescore(s, p, nf, &sp);
    sp.zone_pods = st->zone_pods;
    int64_t spread_min = INT64_MAX, spread_max = 0, *raws = s->sched_raw;
    /* the feasible nodes come in ring order (ascending, then from 0 once): the ReplicaSet's
     * sorted counts are read alongside */
    const struct sched_rs_entry *e = sp.row->e;
    int len = sp.row->len, at = nf > 0 ? sched_rs_lower_bound(sp.row, s->sched_feasible[0]) : 0;
    for (int i = 0; i < nf; i++) {
        int ni = s->sched_feasible[i];
        if (i > 0 && ni < s->sched_feasible[i - 1]) at = 0; /* wrapped past the last node */
        while (at < len && e[at].node < ni)
            at++;
        int row = at < len && e[at].node == ni ? e[at].count : 0;
        int64_t raw = raws[i] = spread_raw(s, p, ni, row, &sp);
        if (raw >= 0 && raw < spread_min) spread_min = raw;
        if (raw > spread_max) spread_max = raw;
    }
    /* NormalizeScore of every raw score in [min, max], looked up rather than divided per node
     * when the range is small (it is: counts of one ReplicaSet's pods) */
    int64_t norm[64];
    bool table = spread_min != INT64_MAX && spread_max - spread_min < 64;
    for (int64_t r = spread_min; table && r <= spread_max; r++)
        norm[r - spread_min] = sched_spread_normalize(r, spread_min, spread_max);
    prefs_t pf;
    prefs_prescore(s, p, nf, &pf);
    int image = sched_pod_image(s, p);
    int64_t image_size = pod_version(s, p)->image_size;
    uint32_t cls = sched_class_of(s, cpu, mem);
    int64_t best_score = -1;
    int ties = 0, best = -1;
    bool reservoir = s->node_count < s->sched_index_min;
    for (int i = 0; i < nf; i++) {
        int ni = s->sched_feasible[i];
        int64_t raw = raws[i];
        int64_t spread = raw < 0 ? 0
                         : table ? norm[raw - spread_min]
                                 : sched_spread_normalize(raw, spread_min, spread_max);
        int64_t sc = resource_scores(s, ni, cpu, mem, cls) + 2 * spread;
        if (image >= 0 && node_has(&s->nodes[ni], image))
            sc += sched_score_image(image_size, s->images[image].nodes, present);
        if (pf.on) sc += prefs_score(s, p, &s->nodes[ni], &pf);
        raws[i] = sc;
        if (sc > best_score) {
            best = ni;
            best_score = sc;
            ties = 1;
        } else if (sc == best_score) {
            ties++; /* the reservoir: every top node so far equally likely */
            if (reservoir && tie_wins(s->rng_sched, (unsigned long)ties)) best = ni;
        }
    }
    if (reservoir) return best;
    for (int i = 0, rank = sched_pick_tie(s, ties);; i++)
        if (raws[i] == best_score && rank-- == 0) return s->sched_feasible[i];
}
