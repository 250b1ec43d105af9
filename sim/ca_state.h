/* ca_state.h: the cluster autoscaler's state (ca_t, behind sim_t.ca) and the helpers its two
 * files share: autoscaler.c (the scan, scale-up, the snapshot) and ca_scale_down.c. No other
 * file includes it. Defaults are cluster-autoscaler's flags. */
#ifndef DEPLOYSIM_CA_STATE_H
#define DEPLOYSIM_CA_STATE_H

#include <stddef.h>

#include "autoscaler_fit.h"
#include "ca_expander.h"
#include "model.h"

#define CA_SCAN_INTERVAL (10 * SIM_SEC)    /* --scan-interval */
#define CA_DELAY_AFTER_ADD (600 * SIM_SEC) /* --scale-down-delay-after-add */
#define CA_DELAY_AFTER_DELETE                                                                      \
    CA_SCAN_INTERVAL                           /* --scale-down-delay-after-delete (scan interval)  \
                                                */
#define CA_DELAY_AFTER_FAILURE (180 * SIM_SEC) /* --scale-down-delay-after-failure */
#define CA_MAX_NODE_PROVISION (900 * SIM_SEC)  /* --max-node-provision-time */
#define CA_MAX_POD_EVICTION (120 * SIM_SEC)    /* --max-pod-eviction-time */
#define CA_MAX_EMPTY_BULK 10                   /* --max-empty-bulk-delete */
#define CA_STATUS "ConfigMap/cluster-autoscaler-status"
#define CA_UNREMOVABLE_RECHECK (300 * SIM_SEC) /* --unremovable-node-recheck-timeout */
#define CA_MAX_SCALE_DOWN_PARALLELISM 10       /* --max-scale-down-parallelism */
#define CA_EXPENDABLE_CUTOFF (-10)             /* --expendable-pods-priority-cutoff */
#define CA_MAX_FAILED_SHAPES 16 /* request shapes remembered as fitting nowhere in one scan */

typedef struct ca {
    gsl_rng *rng;      /* expander random (and priority's random among ties) */
    ca_expander_t exp; /* expander priority */
    sim_time_t last_scale_up, last_delete, last_failure;
    sim_time_t *unneeded_since; /* per node, -1 when it is needed */
    sim_time_t *recheck_at;     /* per node: unremovable in a simulation, skipped until then */
    unsigned char *rank;        /* scratch per node: candidate order (0 empty, 1 previous, 2) */
    int unneeded_count;         /* nodes found unneeded at the last scan */
    /* scratch of one scale-up scan: request shapes no node had room for (free room only
     * shrinks during the scan, so a pod at least as large fits nowhere either) */
    int64_t failed_cpu[CA_MAX_FAILED_SHAPES], failed_mem[CA_MAX_FAILED_SHAPES];
    int failed_runtime[CA_MAX_FAILED_SHAPES];
    int failed_count;
    int64_t *free_cpu, *free_mem; /* scratch per node */
    bool *gone;                   /* scratch per node: removed in this simulation */
    bool *usable;                 /* scratch per node: Ready, schedulable, not removed */
    ca_fit_t fit;                 /* free_cpu/free_mem of the usable nodes not gone */
    bool fit_ok;                  /* the tree holds the snapshot (else: a linear search) */
    int node_cap;
    int *pending; /* scratch: pending pods no node can take */
    int *order;   /* scratch: those pods by decreasing size */
    double *score;
    unsigned char *why;         /* scratch: pending pod x pool */
    int64_t *bin_cpu, *bin_mem; /* scratch: new nodes of one binpacking */
    int pending_cap;
    int *budget; /* scratch per service: disruptions left in this simulation */
    int *undo;   /* scratch: where one node's pods were moved */
    int undo_cap;
    int *pool_needed, *pool_size; /* scratch per pool */
    int *cand;                    /* scratch per node: scale-down candidates in order */
    struct ca_pod *pods;          /* per pod (pod_side.h): NotTriggerScaleUp written for it */
    int pod_cap;
} ca_t;

struct ca_pod {
    uint32_t serial;
    bool reported;
};

/* Resizes *p to n elements (at least one) of `elem` bytes; false, *p unchanged, when out of
 * memory. */
bool ca_grow(void *p, size_t elem, int n);
/* The node's requests over its allocatable: max(cpu, memory), each also returned. */
double ca_utilization(const sim_t *s, const node_t *n, double *cpu, double *mem);
/* The simulation's snapshot of free room per node, at the start of a scale-up or scale-down. */
void ca_snapshot(sim_t *s, ca_t *ca);
/* First node (in index order) of the snapshot with room for the pod, or -1 (not `except`;
 * `upcoming`: provisioning nodes count). */
int ca_first_fit(sim_t *s, ca_t *ca, const pod_t *p, int except, bool upcoming);
/* The simulation puts (a pod of) cpu, mem on node i, or takes it off with negative ones. */
void ca_room_take(ca_t *ca, int i, int64_t cpu, int64_t mem);
/* The simulation removes node i: no pod goes there any more. */
void ca_node_gone(ca_t *ca, int i);

#endif
