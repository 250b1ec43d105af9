/* sched_index.h: placement by an index over the nodes (sched_index.c) for the common pod —
 * no node or pod affinity, no hard spread, no preferences, no image on any node, no taints and
 * no priorities in the cluster — with the same result as the filter walk and the scores
 * (scheduler.c, sched_score.c) at a cost that does not grow with the nodes scored; for
 * scheduler.c and sched_nodes.c only. */
#ifndef DEPLOYSIM_SCHED_INDEX_H
#define DEPLOYSIM_SCHED_INDEX_H

#include "model.h"
#include "sched_filter.h"

/* Request classes (CPU, memory, runtime) with a tree; pods of other classes walk. */
#define SCHED_INDEX_CLASSES 4
/* Zone slots: a node without a zone, then each zone (at most 3 zones, as most regions). */
#define SCHED_INDEX_SLOTS 4
/* Best scores kept per slot: the ReplicaSet's own nodes may hold the best few alone. */
#define SCHED_INDEX_TOP 4

/* A segment of the nodes in node order, for one request class: how many fit the class, and per
 * zone slot the SCHED_INDEX_TOP best NodeResourcesFit + BalancedAllocation scores among them,
 * distinct and descending (-1: fewer), with how many nodes have each. */
typedef struct {
    uint32_t feasible, fs[SCHED_INDEX_SLOTS]; /* all, and per slot */
    int16_t v[SCHED_INDEX_SLOTS][SCHED_INDEX_TOP];
    uint32_t c[SCHED_INDEX_SLOTS][SCHED_INDEX_TOP];
} sched_ix_node_t;

struct sched_index {
    int64_t cpu, mem;
    runtime_kind_t runtime;
    int leaves;         /* a power of two >= the nodes when built */
    sched_ix_node_t *t; /* t[1] the root, t[leaves + i] node i; NULL: to be built */
    int16_t *leaf;      /* per node: its score × 8 + its slot, -1 when it does not fit: the
                         * same as its leaf, 2 bytes a node, for reading the ReplicaSet's nodes */
    /* sched_index.c's scratch per B node cell (count, leaf): the window's B nodes (all zero
     * between placements), their weight in the tie pick, and the cells present */
    uint32_t *hist;
    int8_t *weight;
    uint16_t *cells;
};

/* Places the pod when the index applies (with the system default spread, or with hard zone
 * constraints only, whose verdict per zone filters the slots and which score nothing): true, *node
 * the chosen node (-1: none fits) and *nf the nodes found feasible (up to `want`), the start index
 * moved as the walk moves it. False: the caller walks (nothing changed). */
bool sched_index_place(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int want,
                       const spread_state_t *st, int *node, int *nf);
/* sched_node_changed calls this after updating the node's packed record. */
void sched_index_node_changed(sim_t *s, int ni);
void sched_index_free(sim_t *s);
/* For the tests: every class's tree, kept up to date node by node, equals one built afresh from
 * the nodes, and the scratch histogram is all zero between placements. */
bool sched_index_consistent(sim_t *s);

#endif
