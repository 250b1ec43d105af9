/* scheduler: places Pending pods on nodes like kube-scheduler's default profile.
 * Filter in the default plugins' order (NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodeResourcesFit: requests + runtime overhead), stop after enough feasible nodes
 * (percentageOfNodesToScore), score with the plugins' integer formulas — NodeResourcesFit
 * (LeastAllocated) ×1, BalancedAllocation ×1, PodTopologySpread (system default constraints:
 * the pod's ReplicaSet over hostnames) ×2, ImageLocality ×1 — and break ties at random. The
 * per-node state it reads (packed node records, pods per ReplicaSet and service on each node)
 * is sched_nodes.c's. Structure of an attempt (sched_try): spread_prefilter, filter_nodes,
 * then score_nodes; failed_scheduling when no node fits. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "preemption.h"
#include "sched_nodes.h"
#include "scheduler.h"

#define MAX_NODE_SCORE 100 /* k8s: framework.MaxNodeScore */
#define MB (1024LL * 1024LL)

/* ---- the Pending queue ---- */

void sched_enqueue(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    /* activeQ: by priority, then arrival (preemption.c); one priority: plain FIFO */
    int after = s->prio ? prio_queue_after(s, pi) : s->pending_tail;
    int before = after >= 0 ? s->pods[after].pend_next : s->pending_head;
    p->pend_next = before;
    p->pend_prev = after;
    if (after >= 0)
        s->pods[after].pend_next = pi;
    else
        s->pending_head = pi;
    if (before >= 0)
        s->pods[before].pend_prev = pi;
    else
        s->pending_tail = pi;
    p->queued = true;
    if (s->prio) prio_queue_linked(s, pi);
}

void sched_dequeue(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->nominated) prio_clear_nomination(s, pi);
    if (!p->queued) return;
    if (s->prio) prio_queue_unlinking(s, pi);
    if (p->pend_prev >= 0)
        s->pods[p->pend_prev].pend_next = p->pend_next;
    else
        s->pending_head = p->pend_next;
    if (p->pend_next >= 0)
        s->pods[p->pend_next].pend_prev = p->pend_prev;
    else
        s->pending_tail = p->pend_prev;
    p->pend_next = p->pend_prev = -1;
    p->queued = false;
}

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
static int pod_image_index(const sim_t *s, const pod_t *p) {
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

/* ---- placement plugins (k8s: pkg/scheduler/framework/plugins/{nodeaffinity,
 * tainttoleration,podtopologyspread}) ---- */

/* The node's labels: kubernetes.io/hostname, topology.kubernetes.io/zone,
 * node.kubernetes.io/instance-type and the pool's `labels`; NULL when it has no such label. */
const char *node_label(const sim_t *s, const node_t *n, const char *key) {
    if (!strcmp(key, LABEL_HOSTNAME)) return n->name;
    if (!strcmp(key, LABEL_ZONE)) return n->zone >= 0 ? s->sc->zones[n->zone] : NULL;
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    if (!strcmp(key, LABEL_INSTANCE_TYPE)) return ps->instance_type;
    for (int i = 0; i < ps->label_count; i++)
        if (!strcmp(ps->labels[i].key, key)) return ps->labels[i].value;
    return NULL;
}

/* k8s: apimachinery labels.Requirement.Matches (a NodeSelectorRequirement as a selector):
 * NotIn and DoesNotExist match a missing label; Gt/Lt need the label to parse as an integer. */
/* k8s: apimachinery validation.IsValidLabelValue: at most 63 of [A-Za-z0-9-_.], beginning and
 * ending with an alphanumeric (or empty). */
static bool valid_label_value(const char *v) {
    size_t n = strlen(v);
    if (n == 0) return true;
    if (n > 63 || !isalnum((unsigned char)v[0]) || !isalnum((unsigned char)v[n - 1])) return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)v[i]) && v[i] != '-' && v[i] != '_' && v[i] != '.')
            return false;
    return true;
}

bool sched_match_expr(const match_expr_t *e, const char *v) {
    switch (e->op) {
    case SEL_IN:
    case SEL_NOT_IN: {
        /* a value that is no label value makes the requirement invalid: it matches nothing
         * (labels.NewRequirement fails, nodeaffinity drops the term) */
        for (int i = 0; i < e->value_count; i++)
            if (!valid_label_value(e->values[i])) return false;
        bool in = false;
        for (int i = 0; v && i < e->value_count && !in; i++)
            in = !strcmp(e->values[i], v);
        return e->op == SEL_IN ? in : !in;
    }
    case SEL_EXISTS:
        return v != NULL;
    case SEL_DOES_NOT_EXIST:
        return v == NULL;
    case SEL_GT:
    case SEL_LT: {
        if (!v || e->value_count != 1) return false;
        char *end;
        long long have = strtoll(v, &end, 10);
        if (!*v || *end) return false;
        long long want = strtoll(e->values[0], NULL, 10);
        return e->op == SEL_GT ? have > want : have < want;
    }
    }
    return false;
}

/* A nodeSelectorTerm: every expression matches; an empty term matches no node
 * (k8s: component-helpers nodeaffinity.go). */
bool sched_match_term(const sim_t *s, const node_t *n, const node_term_t *t) {
    if (t->expr_count == 0) return false;
    for (int i = 0; i < t->expr_count; i++)
        if (!sched_match_expr(&t->exprs[i], node_label(s, n, t->exprs[i].key))) return false;
    return true;
}

/* k8s: nodeaffinity.GetRequiredNodeAffinity(pod).Match: nodeSelector and any required term. */
bool sched_node_affinity_match(const sim_t *s, const node_t *n, const placement_spec_t *pl) {
    for (int i = 0; i < pl->node_selector_count; i++) {
        const char *v = node_label(s, n, pl->node_selector[i].key);
        if (!v || strcmp(v, pl->node_selector[i].value)) return false;
    }
    if (pl->required_count == 0) return true;
    for (int i = 0; i < pl->required_count; i++)
        if (sched_match_term(s, n, &pl->required[i])) return true;
    return false;
}

/* k8s: nodeaffinity Score: the weights of the preferred terms the node matches. */
int sched_preferred_score(const sim_t *s, const node_t *n, const placement_spec_t *pl) {
    int sum = 0;
    for (int i = 0; i < pl->preferred_count; i++)
        if (sched_match_term(s, n, &pl->preferred[i].term)) sum += pl->preferred[i].weight;
    return sum;
}

/* k8s: core/v1 Toleration.ToleratesTaint */
bool sched_tolerates(const toleration_t *t, const char *key, const char *value,
                     taint_effect_t effect) {
    if (t->effect >= 0 && t->effect != (int)effect) return false;
    if (t->key[0] && strcmp(t->key, key)) return false;
    return t->exists || !strcmp(t->value, value);
}

static bool tolerated(const node_taint_t *t, const toleration_t *tol, int n) {
    for (int i = 0; i < n; i++)
        if (sched_tolerates(&tol[i], t->key, t->value, t->effect)) return true;
    return false;
}

/* k8s: tainttoleration Filter (v1helper.FindMatchingUntoleratedTaint over NoSchedule and
 * NoExecute taints, in the node's order). */
int sched_untolerated_taint(const node_taint_t *taints, int n, const toleration_t *tol,
                            int tol_count) {
    for (int i = 0; i < n; i++)
        if (taints[i].effect != TAINT_PREFER_NO_SCHEDULE && !tolerated(&taints[i], tol, tol_count))
            return i;
    return -1;
}

/* k8s: tainttoleration countIntolerableTaintsPreferNoSchedule: only tolerations whose effect
 * is empty or PreferNoSchedule count. */
int sched_prefer_no_schedule_count(const node_taint_t *taints, int n, const toleration_t *tol,
                                   int tol_count) {
    int count = 0;
    for (int i = 0; i < n; i++) {
        if (taints[i].effect != TAINT_PREFER_NO_SCHEDULE) continue;
        bool ok = false;
        for (int k = 0; k < tol_count && !ok; k++)
            ok = (tol[k].effect < 0 || tol[k].effect == TAINT_PREFER_NO_SCHEDULE) &&
                 sched_tolerates(&tol[k], taints[i].key, taints[i].value, taints[i].effect);
        if (!ok) count++;
    }
    return count;
}

/* k8s: plugins/helper/normalize_score.go DefaultNormalizeScore */
void sched_default_normalize(int64_t *scores, int n, bool reverse) {
    int64_t max = 0;
    for (int i = 0; i < n; i++)
        if (scores[i] > max) max = scores[i];
    for (int i = 0; i < n; i++) {
        if (max == 0) {
            scores[i] = reverse ? MAX_NODE_SCORE : scores[i];
            continue;
        }
        int64_t v = MAX_NODE_SCORE * scores[i] / max;
        scores[i] = reverse ? MAX_NODE_SCORE - v : v;
    }
}

/* k8s: podtopologyspread/filtering.go Filter: skew = matching pods in the node's domain + 1
 * (the pod itself) - the global minimum, which is 0 while fewer domains than minDomains are
 * eligible (preFilterState.minMatchNum). */
bool sched_spread_fits(int count, int min, int domains, const spread_constraint_t *c) {
    if (c->min_domains > 0 && domains < c->min_domains) min = 0;
    return count + 1 - min <= c->max_skew;
}

static bool runtime_matches(const sim_t *s, const node_t *n, int service) {
    return s->sc->pools[n->pool].runtime == s->sc->services[service].runtime;
}

/* PodTopologySpread's domains for the service's pods (PreFilter): registered nodes that match
 * its node affinity (nodeAffinityPolicy Honor; taints are ignored: nodeTaintsPolicy Ignore,
 * so a NotReady zone is still a domain), recounted only after the node set changed. */
static const struct sched_topo *topo_domains(sim_t *s, int service) {
    if (!s->sched_topo) {
        s->sched_topo = calloc((size_t)s->sc->service_count, sizeof *s->sched_topo);
        if (!s->sched_topo) return NULL;
    }
    struct sched_topo *t = &s->sched_topo[service];
    if (t->at == s->nodes_changed + 1) return t;
    if (!t->zone_ok && s->sc->zone_count > 0) {
        t->zone_ok = calloc((size_t)s->sc->zone_count, 1);
        if (!t->zone_ok) return NULL;
    }
    if (t->zone_ok) memset(t->zone_ok, 0, (size_t)s->sc->zone_count);
    t->hosts = t->zones = 0;
    const placement_spec_t *pl = &s->sc->services[service].placement;
    for (int i = 0; i < s->node_count; i++) {
        const node_t *n = &s->nodes[i];
        if (n->removed || n->provisioning || !runtime_matches(s, n, service) ||
            !sched_node_affinity_match(s, n, pl))
            continue;
        t->hosts++;
        if (n->zone >= 0 && !t->zone_ok[n->zone]) t->zone_ok[n->zone] = 1, t->zones++;
    }
    t->at = s->nodes_changed + 1;
    return t;
}

/* The least matching pods in an eligible domain of the constraint (the critical path). */
static int spread_min(sim_t *s, int service, const spread_constraint_t *c,
                      const struct sched_topo *t) {
    int min = INT32_MAX;
    if (c->key == TOPO_ZONE) {
        for (int z = 0; z < s->sc->zone_count; z++)
            if (t->zone_ok[z]) {
                int v = sched_service_zone_pods(s, service, z);
                if (v < min) min = v;
            }
    } else {
        /* pods sit on nodes that match: fewer pods than nodes leaves a node with none */
        const service_t *sv = &s->services[service];
        int pods = 0;
        for (int k = 0; k < sv->rs_count; k++)
            pods += s->rs[sv->rs[k]].sched_pods;
        if (pods < t->hosts) return 0;
        const placement_spec_t *pl = &s->sc->services[service].placement;
        for (int i = 0; i < s->node_count && min > 0; i++) {
            const node_t *n = &s->nodes[i];
            if (n->removed || n->provisioning || !runtime_matches(s, n, service) ||
                !sched_node_affinity_match(s, n, pl))
                continue;
            int v = sched_service_node_pods(s, service, i);
            if (v < min) min = v;
        }
    }
    return min == INT32_MAX ? 0 : min;
}

/* TaintToleration and NodeAffinity for the pod on node `n` of `pool`, or, with n NULL, on the
 * pool's next node (its labels, zone and taints): the cluster autoscaler's template node. */
bool sched_admits(const sim_t *s, const pod_t *p, int pool, const node_t *n) {
    const pool_spec_t *ps = &s->sc->pools[pool];
    const placement_spec_t *pl = &s->sc->services[p->service].placement;
    if (ps->runtime != s->sc->services[p->service].runtime) return false;
    if (n) {
        if (n->taint_count > 0 &&
            sched_untolerated_taint(n->taints, n->taint_count, pl->tolerations,
                                    pl->toleration_count) >= 0)
            return false;
    } else {
        for (int i = 0; i < ps->taint_count; i++) {
            const taint_spec_t *t = &ps->taints[i];
            if (t->effect == TAINT_PREFER_NO_SCHEDULE) continue;
            bool ok = false;
            for (int k = 0; k < pl->toleration_count && !ok; k++)
                ok = sched_tolerates(&pl->tolerations[k], t->key, t->value, t->effect);
            if (!ok) return false;
        }
    }
    if (pl->node_selector_count == 0 && pl->required_count == 0) return true;
    if (n) return sched_node_affinity_match(s, n, pl);
    node_t t; /* the template: only its pool, name and zone are read */
    memset(&t, 0, sizeof t);
    int next = s->pool_next_index ? s->pool_next_index[pool] : 0;
    t.pool = pool;
    t.zone = ps->zone_count > 0 ? ps->zones[next % ps->zone_count] : -1;
    snprintf(t.name, sizeof t.name, "%s-%d", ps->name, next + 1);
    return sched_node_affinity_match(s, &t, pl);
}

/* ---- filter ---- */

/* k8s: numFeasibleNodesToFind, schedule_one.go (adaptive percentageOfNodesToScore) */
static int nodes_to_find(int all) {
    if (all < 100) return all;
    int pct = 50 - all / 125;
    if (pct < 5) pct = 5;
    int n = all * pct / 100;
    return n < 100 ? 100 : n;
}

/* Why a node fails the pod: the first failing filter in the default profile's order
 * (NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit);
 * NodeResourcesFit lists every insufficient resource. */
typedef enum {
    FIT_OK,
    FIT_ABSENT,        /* provisioning or removed: no Node object the scheduler lists */
    FIT_UNSCHEDULABLE, /* spec.unschedulable (cordon) */
    FIT_TAINT,         /* a taint of spec.taints the pod does not tolerate (detail: which) */
    FIT_UNREACHABLE,   /* taint node.kubernetes.io/unreachable:NoSchedule (NotReady) */
    FIT_CA_TAINT,      /* taint ToBeDeletedByClusterAutoscaler:NoSchedule */
    FIT_AFFINITY,      /* another runtime's pool: the node selector does not match */
    FIT_RESOURCES,
    FIT_SPREAD,       /* PodTopologySpread: the skew would pass maxSkew */
    FIT_SPREAD_LABEL, /* PodTopologySpread: the node lacks the topology key */
    FIT_POD_AFFINITY, /* InterPodAffinity: the pod's required podAffinity */
    FIT_POD_ANTI,     /* InterPodAffinity: the pod's required podAntiAffinity */
    FIT_EXISTING_ANTI /* InterPodAffinity: an existing pod's required podAntiAffinity */
} fit_t;

typedef struct {
    bool cpu, memory;  /* FIT_RESOURCES: which are insufficient */
    bool unresolvable; /* FIT_RESOURCES: the request exceeds the node's allocatable */
    int taint;         /* FIT_TAINT: index into the node's taints */
} fit_detail_t;

/* PodTopologySpread's PreFilter state for one attempt: the DoNotSchedule constraints and the
 * global minimum of each. */
#define MAX_HARD_SPREAD 8
typedef struct {
    const placement_spec_t *pl; /* the pod's */
    bool affinity;              /* it has a nodeSelector or required node affinity */
    int count;
    const spread_constraint_t *c[MAX_HARD_SPREAD];
    int min[MAX_HARD_SPREAD], domains[MAX_HARD_SPREAD];
    /* InterPodAffinity PreFilter: required anti-affinity terms of other services' pods that
     * select this pod (and those services), and whether the pod is the first of its own
     * affinity group (no pod matches its terms, it matches them itself) */
    bool pod_affinity;
    int exist_count;
    const pod_term_t *exist[MAX_HARD_SPREAD];
    int exist_service[MAX_HARD_SPREAD];
    bool affinity_first;
    const int *zone_pods; /* the service's pods per zone, when a constraint is on zones */
} spread_state_t;

/* The pods of the term's service in the node's domain; -1 when the node lacks the key. */
static int term_count(const sim_t *s, const pod_term_t *t, int service, const node_t *n) {
    if (t->key == TOPO_ZONE) return n->zone < 0 ? -1 : sched_service_zone_pods(s, service, n->zone);
    return sched_service_node_pods(s, service, (int)(n - s->nodes));
}

static int service_pods(const sim_t *s, int service) {
    const service_t *sv = &s->services[service];
    int n = 0;
    for (int k = 0; k < sv->rs_count; k++)
        n += s->rs[sv->rs[k]].sched_pods;
    return n;
}

/* k8s: interpodaffinity/filtering.go PreFilter */
static void pod_affinity_prefilter(sim_t *s, int service, spread_state_t *st) {
    st->pod_affinity = s->sc->pod_affinity;
    st->exist_count = 0;
    st->affinity_first = false;
    if (!st->pod_affinity) return;
    for (int y = 0; y < s->sc->service_count; y++) {
        const placement_spec_t *py = &s->sc->services[y].placement;
        for (int t = 0; t < py->pod_term_count[POD_ANTI_REQ]; t++)
            if (py->pod_terms[POD_ANTI_REQ][t].service == service &&
                st->exist_count < MAX_HARD_SPREAD) {
                st->exist[st->exist_count] = &py->pod_terms[POD_ANTI_REQ][t];
                st->exist_service[st->exist_count++] = y;
            }
    }
    /* "if the pod matches its own affinity terms and no pod matches them yet, let it in"
     * (satisfyPodAffinity): the first pod of a group that attracts itself */
    const placement_spec_t *pl = &s->sc->services[service].placement;
    int n = pl->pod_term_count[POD_AFFINITY_REQ];
    bool self = n > 0, none = true;
    for (int t = 0; t < n; t++) {
        const pod_term_t *pt = &pl->pod_terms[POD_AFFINITY_REQ][t];
        self &= pt->service == service;
        none &= service_pods(s, pt->service) == 0;
    }
    st->affinity_first = self && none;
}

/* k8s: interpodaffinity/filtering.go Filter: the pod's required affinity, its required
 * anti-affinity, then the existing pods' required anti-affinity. */
static fit_t pod_affinity_filter(const sim_t *s, const node_t *n, int service,
                                 const spread_state_t *st) {
    const placement_spec_t *pl = &s->sc->services[service].placement;
    /* every topology key must be on the node, even for the first pod of a group */
    for (int t = 0; t < pl->pod_term_count[POD_AFFINITY_REQ]; t++) {
        const pod_term_t *pt = &pl->pod_terms[POD_AFFINITY_REQ][t];
        int c = term_count(s, pt, pt->service, n);
        if (c < 0 || (c == 0 && !st->affinity_first)) return FIT_POD_AFFINITY;
    }
    for (int t = 0; t < pl->pod_term_count[POD_ANTI_REQ]; t++) {
        const pod_term_t *pt = &pl->pod_terms[POD_ANTI_REQ][t];
        if (term_count(s, pt, pt->service, n) > 0) return FIT_POD_ANTI;
    }
    for (int i = 0; i < st->exist_count; i++)
        if (term_count(s, st->exist[i], st->exist_service[i], n) > 0) return FIT_EXISTING_ANTI;
    return FIT_OK;
}

/* k8s: interpodaffinity/scoring.go: for the pods in the node's domain, + the weight of each
 * preferred affinity term of the pod that selects them, − that of each anti-affinity term;
 * and the same for the existing pods' preferred terms that select the pod (their required
 * affinity terms count hardPodAffinityWeight 1). */
static int64_t pod_affinity_raw(const sim_t *s, const node_t *n, int service) {
    const placement_spec_t *pl = &s->sc->services[service].placement;
    int64_t score = 0;
    static const int sign[POD_TERM_KINDS] = {0, 1, 0, -1};
    for (int k = POD_AFFINITY_PREF; k <= POD_ANTI_PREF; k += 2)
        for (int t = 0; t < pl->pod_term_count[k]; t++) {
            const pod_term_t *pt = &pl->pod_terms[k][t];
            int c = term_count(s, pt, pt->service, n);
            if (c > 0) score += sign[k] * pt->weight * c;
        }
    for (int y = 0; y < s->sc->service_count; y++) {
        const placement_spec_t *py = &s->sc->services[y].placement;
        for (int k = 0; k < POD_TERM_KINDS; k++) {
            if (k == POD_ANTI_REQ) continue;
            for (int t = 0; t < py->pod_term_count[k]; t++) {
                const pod_term_t *pt = &py->pod_terms[k][t];
                if (pt->service != service) continue;
                int c = term_count(s, pt, y, n);
                if (c <= 0) continue;
                score += (k == POD_AFFINITY_REQ ? 1 : sign[k] * pt->weight) * c;
            }
        }
    }
    return score;
}

/* k8s: interpodaffinity/scoring.go NormalizeScore */
int64_t sched_pod_affinity_normalize(int64_t score, int64_t min, int64_t max) {
    if (max - min <= 0) return 0;
    return (int64_t)((double)MAX_NODE_SCORE * ((double)(score - min) / (double)(max - min)));
}

static void spread_prefilter(sim_t *s, int service, spread_state_t *st) {
    st->count = 0;
    const placement_spec_t *pl = &s->sc->services[service].placement;
    st->pl = pl;
    st->affinity = pl->node_selector_count > 0 || pl->required_count > 0;
    /* the service's zone counts, summed over its ReplicaSets once per attempt (not per node) */
    st->zone_pods = NULL;
    for (int i = 0; i < pl->spread_count && !st->zone_pods; i++)
        if (pl->spread[i].key == TOPO_ZONE && s->sc->zone_count > 0) {
            if (!s->sched_zone_scratch)
                s->sched_zone_scratch = calloc((size_t)s->sc->zone_count, sizeof(int));
            if (!s->sched_zone_scratch) break;
            for (int z = 0; z < s->sc->zone_count; z++)
                s->sched_zone_scratch[z] = sched_service_zone_pods(s, service, z);
            st->zone_pods = s->sched_zone_scratch;
        }
    pod_affinity_prefilter(s, service, st);
    const struct sched_topo *t = NULL;
    for (int i = 0; i < pl->spread_count && st->count < MAX_HARD_SPREAD; i++) {
        const spread_constraint_t *c = &pl->spread[i];
        if (!c->do_not_schedule) continue;
        if (!t && !(t = topo_domains(s, service))) return;
        st->c[st->count] = c;
        st->domains[st->count] = c->key == TOPO_ZONE ? t->zones : t->hosts;
        st->min[st->count++] = spread_min(s, service, c, t);
    }
}

static fit_t node_fit(const sim_t *s, const node_t *n, const pod_t *p, int64_t cpu, int64_t mem,
                      const spread_state_t *st, fit_detail_t *d) {
    if (n->removed || n->provisioning) return FIT_ABSENT;
    /* the autoscaler's drain is a taint, not spec.unschedulable (nodes.c cordons for it) */
    if (n->cordoned && !n->ca_deleting) return FIT_UNSCHEDULABLE;
    const placement_spec_t *pl = st->pl;
    if (n->taint_count > 0 &&
        (d->taint = sched_untolerated_taint(n->taints, n->taint_count, pl->tolerations,
                                            pl->toleration_count)) >= 0)
        return FIT_TAINT;
    if (n->not_ready && n->ca_deleting)
        return n->drain_since < n->state_since ? FIT_CA_TAINT : FIT_UNREACHABLE;
    if (n->not_ready) return FIT_UNREACHABLE;
    if (n->ca_deleting) return FIT_CA_TAINT;
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    if (ps->runtime != s->sc->services[p->service].runtime) return FIT_AFFINITY;
    if (st->affinity && !sched_node_affinity_match(s, n, pl)) return FIT_AFFINITY;
    /* k8s: noderesources/fit.go fitsRequest: a zero request always fits */
    /* in locals first: reading back the bools just stored stalls the filter loop */
    int64_t nom_cpu = 0, nom_mem = 0; /* pods nominated here of at least its priority */
    if (n->nominated) prio_nominated_load(s, n, p, &nom_cpu, &nom_mem);
    bool short_cpu = cpu > 0 && cpu + nom_cpu > ps->cpu - n->cpu_alloc;
    bool short_mem = mem > 0 && mem + nom_mem > ps->memory - n->mem_alloc;
    d->cpu = short_cpu;
    d->memory = short_mem;
    /* k8s ≥ 1.34: more than the whole node is UnschedulableAndUnresolvable (preemption
     * cannot help) */
    d->unresolvable = (short_cpu && cpu > ps->cpu) || (short_mem && mem > ps->memory);
    if (short_cpu || short_mem) return FIT_RESOURCES;
    for (int i = 0; i < st->count; i++) {
        const spread_constraint_t *c = st->c[i];
        if (c->key == TOPO_ZONE && n->zone < 0) return FIT_SPREAD_LABEL;
        int count = c->key == TOPO_ZONE
                        ? st->zone_pods ? st->zone_pods[n->zone]
                                        : sched_service_zone_pods(s, p->service, n->zone)
                        : sched_service_node_pods(s, p->service, (int)(n - s->nodes));
        if (!sched_spread_fits(count, st->min[i], st->domains[i], c)) return FIT_SPREAD;
    }
    if (st->pod_affinity) return pod_affinity_filter(s, n, p->service, st);
    return FIT_OK;
}

/* ---- FailedScheduling ---- */

typedef struct {
    char text[112]; /* the reason */
    int count;      /* nodes */
} reason_t;

#define MAX_REASONS 16

static void reason_add(reason_t *r, int *n, const char *text) {
    for (int i = 0; i < *n; i++)
        if (strcmp(r[i].text, text) == 0) {
            r[i].count++;
            return;
        }
    if (*n == MAX_REASONS) { /* never in practice: counted with the last one */
        r[*n - 1].count++;
        return;
    }
    snprintf(r[*n].text, sizeof r[*n].text, "%s", text);
    r[(*n)++].count = 1;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp((const char *)a, (const char *)b);
}

/* k8s: FitError.Error(), framework/types.go — "N reason" per distinct reason, sorted as
 * strings (sort.Strings: "10 x" before "2 y"), joined by ", ". Appends to buf. */
static void append_histogram(char *buf, size_t size, const reason_t *r, int n) {
    char items[MAX_REASONS][128];
    for (int i = 0; i < n; i++)
        snprintf(items[i], sizeof items[i], "%d %s", r[i].count, r[i].text);
    qsort(items, (size_t)n, sizeof items[0], cmp_str);
    size_t len = strlen(buf);
    for (int i = 0; i < n && len < size; i++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : " ", items[i]);
    }
}

/* The filter's reasons for a node that does not fit (one, or two for NodeResourcesFit), and
 * whether preemption could help (the failure is Unschedulable, not ...AndUnresolvable). */
static int fit_reasons(const node_t *n, fit_t f, const fit_detail_t *d, char text[2][112],
                       bool *resolvable) {
    *resolvable = false;
    switch (f) {
    case FIT_OK:
    case FIT_ABSENT:
        return 0;
    case FIT_UNSCHEDULABLE:
        snprintf(text[0], 112, "node(s) were unschedulable");
        return 1;
    case FIT_TAINT: /* k8s ≤ 1.34: tainttoleration.go ErrReasonNotMatch with the taint */
        snprintf(text[0], 112, "node(s) had untolerated taint {%s: %s}", n->taints[d->taint].key,
                 n->taints[d->taint].value);
        return 1;
    case FIT_SPREAD: /* k8s: podtopologyspread ErrReasonConstraintsNotMatch (Unschedulable) */
        snprintf(text[0], 112, "node(s) didn't match pod topology spread constraints");
        *resolvable = true;
        return 1;
    case FIT_SPREAD_LABEL: /* ErrReasonNodeLabelNotMatch (UnschedulableAndUnresolvable) */
        snprintf(text[0], 112,
                 "node(s) didn't match pod topology spread constraints (missing required label)");
        return 1;
    case FIT_UNREACHABLE:
        snprintf(text[0], 112, "node(s) had untolerated taint {node.kubernetes.io/unreachable: }");
        return 1;
    case FIT_CA_TAINT:
        /* the taint's value is the Unix time it was added; the model's clock starts at 0 */
        snprintf(text[0], 112,
                 "node(s) had untolerated taint {ToBeDeletedByClusterAutoscaler: %lld}",
                 (long long)(n->drain_since / SIM_SEC));
        return 1;
    case FIT_AFFINITY:
        snprintf(text[0], 112, "node(s) didn't match Pod's node affinity/selector");
        return 1;
    case FIT_POD_AFFINITY: /* k8s: interpodaffinity (UnschedulableAndUnresolvable) */
        snprintf(text[0], 112, "node(s) didn't match pod affinity rules");
        return 1;
    case FIT_POD_ANTI: /* (Unschedulable: preemption could remove the pods) */
        snprintf(text[0], 112, "node(s) didn't match pod anti-affinity rules");
        *resolvable = true;
        return 1;
    case FIT_EXISTING_ANTI:
        snprintf(text[0], 112, "node(s) didn't satisfy existing pods anti-affinity rules");
        *resolvable = true;
        return 1;
    case FIT_RESOURCES: {
        int k = 0;
        if (d->cpu) snprintf(text[k++], 112, "Insufficient cpu");
        if (d->memory) snprintf(text[k++], 112, "Insufficient memory");
        *resolvable = !d->unresolvable;
        return k;
    }
    }
    return 0;
}

/* The default profile's Filter verdict for the pod on the node (PreFilter state computed now):
 * "" when it fits, else the first reason as FailedScheduling words it. For the tests. */
const char *sched_filter_reason(sim_t *s, int pi, int ni, char *buf, size_t size) {
    const pod_t *p = &s->pods[pi];
    spread_state_t st;
    spread_prefilter(s, p->service, &st);
    fit_detail_t d = {0};
    fit_t f = node_fit(s, &s->nodes[ni], p, pod_cpu_charge(s, p), pod_mem_charge(s, p), &st, &d);
    char text[2][112];
    bool resolvable;
    snprintf(buf, size, "%s", fit_reasons(&s->nodes[ni], f, &d, text, &resolvable) ? text[0] : "");
    return buf;
}

/* A node's filter failure into the typed histogram (sim.h sim_unfit_t). */
static void unfit_count(int unfit[SIM_UNFIT_KINDS], fit_t f, const fit_detail_t *d) {
    switch (f) {
    case FIT_OK:
    case FIT_ABSENT:
        return;
    case FIT_RESOURCES:
        unfit[SIM_UNFIT_CPU] += d->cpu != 0;
        unfit[SIM_UNFIT_MEMORY] += d->memory != 0;
        return;
    case FIT_TAINT:
    case FIT_CA_TAINT:
        unfit[SIM_UNFIT_TAINT]++;
        return;
    case FIT_UNREACHABLE:
        unfit[SIM_UNFIT_NOT_READY]++;
        return;
    case FIT_UNSCHEDULABLE:
        unfit[SIM_UNFIT_UNSCHEDULABLE]++;
        return;
    case FIT_SPREAD:
    case FIT_SPREAD_LABEL:
        unfit[SIM_UNFIT_SPREAD]++;
        return;
    case FIT_AFFINITY:
    case FIT_POD_AFFINITY:
    case FIT_POD_ANTI:
    case FIT_EXISTING_ANTI:
        unfit[SIM_UNFIT_AFFINITY]++;
        return;
    }
}

/* preemption.c's dry run (SelectVictimsOnNode): the filters on the node with cpu_free/mem_free
 * of its pods' requests taken off (PodTopologySpread and InterPodAffinity still count the
 * victims: upstream's RemovePod extensions are not modelled). */
int sched_preempt_verdict(sim_t *s, int pi, int ni, int64_t cpu_free, int64_t mem_free,
                          char text[2][112], int *nreasons) {
    const pod_t *p = &s->pods[pi];
    node_t *n = &s->nodes[ni];
    spread_state_t st;
    spread_prefilter(s, p->service, &st);
    fit_detail_t d = {0};
    n->cpu_alloc -= cpu_free;
    n->mem_alloc -= mem_free;
    fit_t f = node_fit(s, n, p, pod_cpu_charge(s, p), pod_mem_charge(s, p), &st, &d);
    n->cpu_alloc += cpu_free;
    n->mem_alloc += mem_free;
    *nreasons = 0;
    if (f == FIT_ABSENT) return -1;
    if (f == FIT_OK) return 0;
    bool resolvable = false;
    *nreasons = fit_reasons(n, f, &d, text, &resolvable);
    return resolvable ? 1 : 2;
}

/* The FailedScheduling message: the filters' reasons over every node, then (k8s ≥ 1.24) the
 * DefaultPreemption PostFilter's: a node whose failure preemption could resolve (only
 * NodeResourcesFit's Unschedulable) has no victim, since every pod has priority 0 — "No
 * preemption victims found for incoming pod"; the others "Preemption is not helpful for
 * scheduling" (k8s: preemption.go, default_preemption.go SelectVictimsOnNode). */
static void failed_scheduling(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int present,
                              const spread_state_t *st, const char *post) {
    char why[1024];
    /* the same histogram typed, for the dashboard's Why panel */
    sim_ref_t ref = SIM_REF_NONE;
    ref.kind = SIM_EVK_FAILED_SCHEDULING, ref.service = p->service, ref.from = present;
    if (present == 0) { /* k8s: schedule_one.go ErrNoNodesAvailable, no preemption */
        model_event_ref(s, ref, "Warning", "FailedScheduling", p->name,
                        "no nodes available to schedule pods");
        return;
    }
    reason_t r[MAX_REASONS], pre[2];
    int nr = 0, npre = 0;
    for (int i = 0; i < s->node_count; i++) {
        const node_t *n = &s->nodes[i];
        fit_detail_t d = {0};
        fit_t f = node_fit(s, n, p, cpu, mem, st, &d);
        if (f == FIT_OK || f == FIT_ABSENT) continue;
        char text[2][112];
        bool resolvable = false;
        int k = fit_reasons(n, f, &d, text, &resolvable);
        for (int j = 0; j < k; j++)
            reason_add(r, &nr, text[j]);
        unfit_count(ref.unfit, f, &d);
        reason_add(pre, &npre,
                   resolvable ? "No preemption victims found for incoming pod"
                              : "Preemption is not helpful for scheduling");
    }
    snprintf(why, sizeof why, "0/%d nodes are available:", present);
    append_histogram(why, sizeof why, r, nr);
    size_t len = strlen(why);
    if (post) { /* priorities in play: preemption.c's PostFilter message ("" if it nominated) */
        if (len < sizeof why)
            snprintf(why + len, sizeof why - len, ".%s%s", *post ? " " : "", post);
        model_event(s, "Warning", "FailedScheduling", p->name, "%s", why);
        return;
    }
    if (len < sizeof why)
        snprintf(why + len, sizeof why - len, ". preemption: 0/%d nodes are available:", present);
    append_histogram(why, sizeof why, pre, npre);
    len = strlen(why);
    if (len < sizeof why) snprintf(why + len, sizeof why - len, ".");
    model_event_ref(s, ref, "Warning", "FailedScheduling", p->name, "%s", why);
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
    double w_host, w_zone; /* topologyNormalizingWeight */
    const int *row, *zrow; /* system default: the ReplicaSet's counts */
    const int *zone_pods;  /* explicit: the service's pods per zone (PreFilter's) */
} spread_score_t;

static void spread_prescore(sim_t *s, const pod_t *p, int nf, spread_score_t *sp) {
    const placement_spec_t *pl = &s->sc->services[p->service].placement;
    sp->system_default = pl->spread_count == 0;
    sp->zoned = s->sc->zone_count > 0;
    sp->soft = 0;
    sp->row = NULL;
    if (sp->system_default) {
        sched_use_rs(s, p->rs);
        sp->row = s->sched_cur;
    }
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

/* The node's raw PodTopologySpread score (scoreForCount summed, rounded), -1 when ignored. */
static inline int64_t spread_raw(sim_t *s, const pod_t *p, int ni, const spread_score_t *sp) {
    if (!sp->system_default) return spread_raw_explicit(s, p, ni, sp);
    double score = (double)sp->row[ni] * sp->w_host + (3 - 1);
    int z = sp->zoned ? s->sched_nodes[ni].zone : -1;
    if (z >= 0) score += (double)(sp->zrow ? sp->zrow[z] : 0) * sp->w_zone + (5 - 1);
    return (int64_t)(score + 0.5); /* round: score >= 0, so truncating is floor (no libm call) */
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

/* k8s: schedule_one.go findNodesThatPassFilters: from where the previous search stopped
 * (nextStartNodeIndex), the first `want` feasible nodes in node order, into sched_feasible.
 * A node no pod fits (absent, cordoned, NotReady, being deleted) is passed over; a plain one
 * (present, schedulable, untainted, Ready) needs only the runtime and NodeResourcesFit when
 * the pod has no node affinity, hard spread or pod affinity and no preemptor is nominated to
 * the node (its requests count for pods of lower priority): the same verdict as node_fit,
 * from the packed record. */
static int filter_nodes(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem,
                        const spread_state_t *st, int want) {
    int all = s->node_count, nf = 0, visited = 0;
    if (all == 0) return 0;
    int ni = s->sched_cursor % all;
    const scenario_t *sc = s->sc;
    bool fast = st->count == 0 && !st->pod_affinity && !st->affinity && sc->pool_count <= 256;
    unsigned char pool_ok[256];
    for (int i = 0; fast && i < sc->pool_count; i++)
        pool_ok[i] = sc->pools[i].runtime == sc->services[p->service].runtime;
    const sched_node_t *h = s->sched_nodes;
    int *out = s->sched_feasible;
    for (; visited < all && nf < want; visited++) {
        bool ok;
        if (h[ni].blocked == SCHED_NODE_NEVER)
            ok = false;
        else if (fast && h[ni].blocked == SCHED_NODE_PLAIN && !s->nodes[ni].nominated)
            ok = pool_ok[h[ni].pool] && !(cpu > 0 && cpu > h[ni].free_cpu) &&
                 !(mem > 0 && mem > h[ni].free_mem);
        else {
            fit_detail_t d;
            ok = node_fit(s, &s->nodes[ni], p, cpu, mem, st, &d) == FIT_OK;
        }
        if (ok) out[nf++] = ni;
        if (++ni == all) ni = 0;
    }
    s->sched_cursor = ni;
    return nf;
}

/* NodeResourcesFit (LeastAllocated) + BalancedAllocation for the pod on the node: the same
 * for every pod of one request class until the node's requests change, so kept in the
 * node's record. */
static inline int64_t resource_scores(sim_t *s, int ni, int64_t cpu, int64_t mem, uint32_t cls) {
    sched_node_t *h = &s->sched_nodes[ni];
    if (cls && h->memo_class == cls) return h->memo_score;
    const pool_spec_t *ps = &s->sc->pools[h->pool];
    int64_t rc = ps->cpu - h->free_cpu + cpu, rm = ps->memory - h->free_mem + mem;
    int64_t fit = sched_score_least_allocated(rc, ps->cpu, rm, ps->memory);
    /* k8s: BalancedAllocation skips best-effort pods (no requests at all) */
    int64_t balanced = cpu == 0 && mem == 0 ? 0 : sched_score_balanced(rc, ps->cpu, rm, ps->memory);
    h->memo_class = cls;
    h->memo_score = (int32_t)(fit + balanced);
    return fit + balanced;
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

/* Score the feasible nodes and pick the best (k8s: schedule_one.go prioritizeNodes, then
 * selectHost: ties broken by reservoir sampling on the scheduling stream). */
static int score_nodes(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int nf, int present,
                       const spread_state_t *st) {
    spread_score_t sp;
    spread_prescore(s, p, nf, &sp);
    sp.zone_pods = st->zone_pods;
    int64_t spread_min = INT64_MAX, spread_max = 0, *raws = s->sched_raw;
    for (int i = 0; i < nf; i++) {
        int64_t raw = raws[i] = spread_raw(s, p, s->sched_feasible[i], &sp);
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
    int image = pod_image_index(s, p);
    int64_t image_size = pod_version(s, p)->image_size;
    uint32_t cls = sched_class_of(s, cpu, mem);
    int best = -1;
    int64_t best_score = -1;
    int ties = 0;
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
        if (sc > best_score) {
            best = ni;
            best_score = sc;
            ties = 1;
        } else if (sc == best_score) {
            /* every top node equally likely */
            ties++;
            if (tie_wins(s->rng_sched, (unsigned long)ties)) best = ni;
        }
    }
    return best;
}

bool sched_try(sim_t *s, int pi, bool report) {
    pod_t *p = &s->pods[pi];
    if (p->node >= 0 || p->phase != POD_PENDING) return true;
    int64_t cpu = pod_cpu_charge(s, p), mem = pod_mem_charge(s, p);
    /* the nodes the scheduler lists: registered, not deleted (recounted only after a change) */
    if (s->present_at != s->nodes_changed + 1) {
        s->present = 0;
        for (int i = 0; i < s->node_count; i++)
            if (!s->nodes[i].removed && !s->nodes[i].provisioning) s->present++;
        s->present_at = s->nodes_changed + 1;
    }
    int present = s->present;
    spread_state_t st;
    spread_prefilter(s, p->service, &st);
    int nf = filter_nodes(s, p, cpu, mem, &st, nodes_to_find(present));
    if (nf == 0) {
        bool tell = report && !p->failed_scheduling_reported;
        char post[512] = "";
        if (s->prio && present > 0) preempt_post_filter(s, pi, tell, post, sizeof post);
        if (tell) {
            failed_scheduling(s, p, cpu, mem, present, &st, s->prio ? post : NULL);
            p->failed_scheduling_reported = true;
        }
        return false;
    }
    int best = score_nodes(s, p, cpu, mem, nf, present, &st);
    sched_dequeue(s, pi);
    p->failed_scheduling_reported = false;
    pod_bind(s, pi, best);
    return true;
}

void sched_retry(sim_t *s) {
    s->retry_scheduled = false;
    for (int pi = s->pending_head; pi >= 0;) {
        int next = s->pods[pi].pend_next;
        sched_try(s, pi, false);
        pi = next;
    }
}

/* Something freed room or added a node: retry the Pending pods once, after the current
 * event's other effects (the scheduler reacts to cluster events, not in the same step). */
void sched_cluster_changed(sim_t *s) {
    if (s->retry_scheduled || s->pending_head < 0) return;
    s->retry_scheduled = true;
    engine_schedule(s->eng, model_now(s), EV_SCHEDULE_RETRY, 0, 0);
}
