/* scheduler.h: the scheduler (scheduler.c, and its per-node state in sched_nodes.c): the
 * Pending queue, filters and scores as kube-scheduler's default profile, and the per-node pod
 * counts it keeps; sched_* (node_label reads a node's labels for its plugins). */
#ifndef DEPLOYSIM_SCHEDULER_H
#define DEPLOYSIM_SCHEDULER_H

#include "model.h"

/* From this many nodes selectHost draws once among the tied nodes instead of once per tied
 * node (the same distribution, sched_score.c sched_pick_tie) and placement may use the index
 * over the nodes (sched_index.c): below it, every lesson keeps its placements. */
#define SCHED_INDEX_MIN_NODES 1000

void sched_enqueue(sim_t *s, int pod);
void sched_dequeue(sim_t *s, int pod);
bool sched_try(sim_t *s, int pod, bool report);
void sched_cluster_changed(sim_t *s);
void sched_retry(sim_t *s);
/* nodes.c calls these: the node table grows; a pod was bound to / left a node */
int sched_nodes_grow(sim_t *s, int nodes);
/* Whoever changes a node's flags (removed, provisioning, cordoned, ca_deleting, not_ready),
 * taints or requests calls this after (sched_nodes.c keeps the filter's packed copy). */
void sched_node_changed(sim_t *s, int node);
/* The ReplicaSet's pods on the node that PodTopologySpread counts (not Terminating). */
int sched_rs_node_pods(const sim_t *s, int rs, int node);
void sched_pod_attached(sim_t *s, int pod, int node);
void sched_pod_detached(sim_t *s, int pod, int node);
/* kubelet.c calls this when a pod starts Terminating (deletionTimestamp set):
 * PodTopologySpread stops counting it. */
void sched_pod_terminating(sim_t *s, int pod);
/* The default profile's scores, as kube-scheduler computes them (integers 0..100), exposed
 * for the tests. Requests include the pod being placed. */
int64_t sched_score_least_allocated(int64_t cpu_req, int64_t cpu_cap, int64_t mem_req,
                                    int64_t mem_cap);
int64_t sched_score_balanced(int64_t cpu_req, int64_t cpu_cap, int64_t mem_req, int64_t mem_cap);
int64_t sched_score_image(int64_t size, int nodes_with_image, int total_nodes);
int64_t sched_spread_raw(int matching_pods, int feasible_nodes);
int64_t sched_spread_normalize(int64_t raw, int64_t min_raw, int64_t max_raw);
/* Placement plugins (k8s: nodeaffinity, tainttoleration, podtopologyspread), for the tests. */
const char *node_label(const sim_t *s, const node_t *n, const char *key);
bool sched_match_expr(const match_expr_t *e, const char *label_value);
bool sched_match_term(const sim_t *s, const node_t *n, const node_term_t *t);
bool sched_node_affinity_match(const sim_t *s, const node_t *n, const placement_spec_t *pl);
int sched_preferred_score(const sim_t *s, const node_t *n, const placement_spec_t *pl);
bool sched_tolerates(const toleration_t *t, const char *key, const char *value,
                     taint_effect_t effect);
/* The first NoSchedule/NoExecute taint the tolerations do not tolerate, -1 if none. */
int sched_untolerated_taint(const node_taint_t *taints, int n, const toleration_t *tol,
                            int tol_count);
int sched_prefer_no_schedule_count(const node_taint_t *taints, int n, const toleration_t *tol,
                                   int tol_count);
/* k8s: helper.DefaultNormalizeScore over scores[0..n) in place (reverse: 100 - x). */
void sched_default_normalize(int64_t *scores, int n, bool reverse);
/* k8s: podtopologyspread Filter: may a pod go to a domain holding `count` matching pods, when
 * the least loaded eligible domain holds `min` and `domains` domains are eligible? */
bool sched_spread_fits(int count, int min, int domains, const spread_constraint_t *c);
/* The scheduler's view of a service's pods on a node / in a zone (not Terminating). */
int sched_service_node_pods(const sim_t *s, int service, int node);
int sched_service_zone_pods(const sim_t *s, int service, int zone);
const char *sched_filter_reason(sim_t *s, int pod, int node, char *buf, size_t size);
/* For preemption.c: the Filter verdict on the node with cpu_free/mem_free of requests removed
 * (the victims): 0 fits, 1 Unschedulable, 2 UnschedulableAndUnresolvable, -1 not in the
 * snapshot; text[0..*nreasons) the reasons as FailedScheduling words them. */
int sched_preempt_verdict(sim_t *s, int pod, int node, int64_t cpu_free, int64_t mem_free,
                          char text[2][112], int *nreasons);
/* TaintToleration and NodeAffinity on a node of the pool (NULL: the pool's next node), for
 * the cluster autoscaler's simulations. */
bool sched_admits(const sim_t *s, const pod_t *p, int pool, const node_t *n);
/* k8s: podtopologyspread scoring.go scoreForCount and topologyNormalizingWeight */
double sched_spread_score_for_count(int count, int max_skew, double weight);
double sched_topology_weight(int size);
int64_t sched_pod_affinity_normalize(int64_t score, int64_t min, int64_t max);

#endif
