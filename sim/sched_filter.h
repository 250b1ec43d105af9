/* sched_filter.h: what the scheduler's files share inside sim/ (scheduler.c, sched_filter.c,
 * sched_score.c, sched_explain.c): the Filter verdict types, the PreFilter state of one
 * attempt, and the steps sched_try chains. Not for other modules (they use scheduler.h). */
#ifndef DEPLOYSIM_SCHED_FILTER_H
#define DEPLOYSIM_SCHED_FILTER_H

#include "model.h"

#define MAX_NODE_SCORE 100 /* k8s: framework.MaxNodeScore */

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
#define ZONE_PASS_MAX 256
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
    /* the zone constraints' verdict per zone, computed once per attempt (upstream PreFilter's
     * TpPairToMatchNum makes Filter a lookup): zone_pass[1 + zone], [0] a node without the
     * label; valid when zone_filter (some constraint is on zones, at most ZONE_PASS_MAX
     * zones). zone_only: every hard constraint is on zones, so zone_pass is the whole verdict
     * of PodTopologySpread; zone_any: some zone passes (none: no node can fit) */
    bool zone_filter, zone_only, zone_any;
    unsigned char zone_pass[ZONE_PASS_MAX + 1];
} spread_state_t;

/* PreFilter for the pod's service (sched_filter.c). */
void spread_prefilter(sim_t *s, int service, spread_state_t *st);
/* The Filter plugins in the default profile's order for the pod on the node. */
fit_t node_fit(const sim_t *s, const node_t *n, const pod_t *p, int64_t cpu, int64_t mem,
               const spread_state_t *st, fit_detail_t *d);
/* k8s: interpodaffinity/scoring.go: the raw score of the node for a pod of the service. */
int64_t pod_affinity_raw(const sim_t *s, const node_t *n, int service);
/* Score the feasible nodes s->sched_feasible[0..nf) and pick one (sched_score.c). */
int sched_score_nodes(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int nf, int present,
                      const spread_state_t *st);
/* PodTopologySpread's raw score for the system default constraints (k8s:
 * podtopologyspread/scoring.go scoreForCount: hostname maxSkew 3 with `row` of the ReplicaSet's
 * pods on the node, zone maxSkew 5 with `zone_pods` in its zone when the node has one), weights
 * topologyNormalizingWeight, rounded (score >= 0: truncation is floor, no libm call). */
static inline int64_t sched_spread_default_raw(int row, int zone_pods, bool zoned, double w_host,
                                               double w_zone) {
    double score = (double)row * w_host + (3 - 1);
    if (zoned) score += (double)zone_pods * w_zone + (5 - 1);
    return (int64_t)(score + 0.5);
}
/* NodeResourcesFit (LeastAllocated) + BalancedAllocation of the pod's request on the node. */
int64_t sched_resource_score(const sim_t *s, int ni, int64_t cpu, int64_t mem);
/* The index of the pod's image in s->images, -1: none or never pulled. */
int sched_pod_image(const sim_t *s, const pod_t *p);
/* selectHost's draw: the rank, in the order found, of the tied node that wins (0..ties). */
int sched_pick_tie(sim_t *s, int ties);
/* The FailedScheduling event for a pod no node fits (sched_explain.c); post: preemption.c's
 * PostFilter message when priorities are in play, else NULL. */
void sched_failed_scheduling(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int present,
                             const spread_state_t *st, const char *post);

#endif
