/* autoscaler_fit: the cluster autoscaler's "first node in index order with room for a pod"
 * without visiting every node. A tree over the nodes keeps, per subtree, the largest free CPU
 * and the largest free memory of the nodes the simulation may use; a search skips every
 * subtree with too little of either, so it visits only nodes that do have room (in index
 * order), and the caller checks the rest of the rule there. */
#ifndef DEPLOYSIM_AUTOSCALER_FIT_H
#define DEPLOYSIM_AUTOSCALER_FIT_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int n, size;        /* nodes; leaves (a power of two >= n) */
    int64_t *cpu, *mem; /* 2 * size: the subtree maxima, leaf i at size + i */
    int cap;            /* leaves allocated */
} ca_fit_t;

/* A leaf value no request reaches: a node the simulation may not use. */
#define CA_FIT_NONE INT64_MIN

/* Builds the tree over free_cpu/free_mem[0..n), the nodes with use[i] false at CA_FIT_NONE;
 * -1 when out of memory. */
int ca_fit_build(ca_fit_t *t, int n, const int64_t *free_cpu, const int64_t *free_mem,
                 const bool *use);
/* Node i's free room is now (cpu, mem), or CA_FIT_NONE for both: no longer usable. */
void ca_fit_set(ca_fit_t *t, int i, int64_t cpu, int64_t mem);
/* The first node >= from whose room is at least (cpu, mem), or -1. */
int ca_fit_next(const ca_fit_t *t, int from, int64_t cpu, int64_t mem);
void ca_fit_free(ca_fit_t *t);

#endif
