/* sched_filter: the default profile's Filter plugins for one pod on one node (node_fit) and
 * their PreFilter state (spread_prefilter: PodTopologySpread's DoNotSchedule minima and
 * domains, InterPodAffinity's terms), plus InterPodAffinity's raw score, which reads the same
 * per-domain counts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "preemption.h"
#include "sched_filter.h"
#include "sched_nodes.h"
#include "scheduler.h"

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
int64_t pod_affinity_raw(const sim_t *s, const node_t *n, int service) {
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

/* The zone constraints' verdict for each zone, from the per-zone counts PreFilter summed: the
 * filter's per-node work for them is one byte read. */
static void zone_verdicts(const sim_t *s, spread_state_t *st) {
    int zones = s->sc->zone_count;
    st->zone_filter = false;
    st->zone_only = true;
    st->zone_any = true;
    if (st->count == 0 || !st->zone_pods || zones > ZONE_PASS_MAX) return;
    memset(st->zone_pass, 1, (size_t)zones + 1);
    for (int i = 0; i < st->count; i++) {
        const spread_constraint_t *c = st->c[i];
        if (c->key != TOPO_ZONE) {
            st->zone_only = false;
            continue;
        }
        st->zone_filter = true;
        st->zone_pass[0] = 0; /* FIT_SPREAD_LABEL */
        for (int z = 0; z < zones; z++)
            if (!sched_spread_fits(st->zone_pods[z], st->min[i], st->domains[i], c))
                st->zone_pass[z + 1] = 0;
    }
    st->zone_any = false;
    for (int z = 0; z < zones; z++)
        st->zone_any |= st->zone_pass[z + 1] != 0;
}

void spread_prefilter(sim_t *s, int service, spread_state_t *st) {
    st->count = 0;
    st->zone_filter = false;
    st->zone_only = st->zone_any = true;
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
    zone_verdicts(s, st);
}

fit_t node_fit(const sim_t *s, const node_t *n, const pod_t *p, int64_t cpu, int64_t mem,
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
