/* preemption.h: pod priority and preemption (preemption.c): the scheduling queue's priority
 * order, nominated pods, and the DefaultPreemption PostFilter; prio_* and preempt_*. */
#ifndef DEPLOYSIM_PREEMPTION_H
#define DEPLOYSIM_PREEMPTION_H

#include "model.h"

/* Sets up the priority levels when services differ in priority (s->prio stays NULL when every
 * pod has the same priority: the queue is then plain FIFO). 0 ok, -1 out of memory. */
int prio_init(sim_t *s);
void prio_free(sim_t *s);
/* spec.priority of the pod (its service's priorityClassName, resolved by the loader). */
int prio_of(const sim_t *s, const pod_t *p);

/* The activeQ order (k8s: pkg/scheduler/backend/queue/scheduling_queue.go, queuesort
 * PrioritySort.Less: higher priority first, then earlier queue timestamp). With s->prio set:
 * the pod after which a new pod is linked (-1: at the head); then prio_queue_linked once it
 * is in, and prio_queue_unlinking before it leaves. */
int prio_queue_after(const sim_t *s, int pod);
void prio_queue_linked(sim_t *s, int pod);
void prio_queue_unlinking(sim_t *s, int pod);

/* The requests of the pods nominated to the node whose priority is at least the pod's
 * (k8s: framework/runtime addGENominatedPods: the filters see them as if running there). */
void prio_nominated_load(const sim_t *s, const node_t *n, const pod_t *p, int64_t *cpu,
                         int64_t *mem);
/* The pod leaves the queue (bound or deleted): status.nominatedNodeName is cleared. */
void prio_clear_nomination(sim_t *s, int pod);

/* k8s: defaultpreemption PostFilter after a failed attempt (Evaluator.Preempt, preemption.go).
 * Returns true when victims were chosen: they are deleted gracefully and the pod is nominated
 * to their node. `msg` gets the PostFilter's status message, "preemption: ..." or "" (when it
 * nominated); with want_msg false it may stay unset when nothing could be preempted. */
bool preempt_post_filter(sim_t *s, int pod, bool want_msg, char *msg, size_t size);

/* ---- the pure parts, for the tests ---- */

/* k8s: util.MoreImportantPod: higher priority, then the earlier status.startTime. */
bool preempt_more_important(int prio_a, sim_time_t start_a, int prio_b, sim_time_t start_b);

/* A candidate node's victims, as pickOneNodeForPreemption reads them. */
typedef struct {
    int node;
    int pdb_violations;
    int victims;
    int highest;         /* the highest victim priority */
    int64_t sum;         /* sum of (priority + 2^31) over the victims */
    sim_time_t earliest; /* the earliest start time among the highest-priority victims */
} preempt_candidate_t;

/* k8s: preemption.go pickOneNodeForPreemption: fewest PDB violations, then the lowest highest
 * victim priority, the smallest sum of priorities, the fewest victims, the latest start of the
 * highest-priority victims, then the first. Returns the index into c. */
int preempt_pick(const preempt_candidate_t *c, int n);

/* k8s: defaultpreemption calculateNumCandidates (minCandidateNodesPercentage 10,
 * minCandidateNodesAbsolute 100). */
int preempt_num_candidates(int nodes);

/* Whether the scheduler preempted pod pi: its DisruptionTarget condition
 * PreemptionByScheduler (kept by preemption.c for the pod's life). */
bool preempt_victim(const sim_t *s, int pi);
/* Sets or clears that condition (the scheduler sets it on each victim it deletes). */
void preempt_mark(sim_t *s, int pi, bool victim);

#endif
