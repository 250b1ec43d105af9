/* sched_nodes.h: the scheduler's per-node state (sched_nodes.c): the packed node records its
 * filter and scores read, and the pods per ReplicaSet / service on each node and per zone,
 * kept sparse; for scheduler.c only. */
#ifndef DEPLOYSIM_SCHED_NODES_H
#define DEPLOYSIM_SCHED_NODES_H

#include "model.h"
#include "pod_side.h"

/* The scheduler's own state of a pod (sim_t.sched_pods; a new pod's reads as zeros). */
struct sched_pod {
    uint32_t serial;
    bool counted;  /* in its ReplicaSet's per-node spread counts (sched_nodes.c) */
    bool reported; /* its FailedScheduling event is written (scheduler.c: once a wait) */
};

/* Pod pi's entry for writing (NULL: out of memory), and for reading (NULL: zeros). */
static inline struct sched_pod *sched_pod(sim_t *s, int pi) {
    return pod_side_get((void **)&s->sched_pods, &s->sched_pod_cap, sizeof(struct sched_pod), s,
                        pi);
}
static inline const struct sched_pod *sched_pod_peek(const sim_t *s, int pi) {
    return pod_side_peek(s->sched_pods, s->sched_pod_cap, sizeof(struct sched_pod), s, pi);
}

/* NodeResourcesFit on a plain node (SCHED_NODE_PLAIN, of a pool with the pod's runtime): the
 * request fits the free room. The walk's fast path and the index's leaves both decide by it. */
static inline bool sched_plain_fits(const sched_node_t *h, int64_t cpu, int64_t mem) {
    return !(cpu > 0 && cpu > h->free_cpu) && !(mem > 0 && mem > h->free_mem);
}

/* The ReplicaSet's counted pods per node, in ascending node order (empty: none counted). */
const sched_rs_nodes_t *sched_rs_list(const sim_t *s, int ri);
/* The first entry of the list whose node is >= ni (l->len: none). */
int sched_rs_lower_bound(const sched_rs_nodes_t *l, int ni);
/* The ReplicaSet's counted pods per zone (NULL: no zones or none counted). */
const int *sched_rs_zone_row(const sim_t *s, int ri);
/* 1 + the index of the (cpu, memory) request in the memo classes (0: out of memory). */
uint32_t sched_class_of(sim_t *s, int64_t cpu, int64_t mem);

#endif
