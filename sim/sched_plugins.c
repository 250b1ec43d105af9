/* sched_plugins: the placement plugins' predicates and normalisations that do not depend on
 * the scheduler's state (k8s: pkg/scheduler/framework/plugins/{nodeaffinity,tainttoleration,
 * podtopologyspread}, plugins/helper): node labels, selector matching, tolerations, and the
 * cluster autoscaler's template check (sched_admits). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "model.h"
#include "sched_filter.h"
#include "sched_nodes.h"
#include "scheduler.h"

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
