/* counts.h: a sparse map from (row, node) to a number (counts.c): the scheduler's pods per
 * ReplicaSet and per service on each node, with memory in proportion to the pairs that hold a
 * pod rather than to rows × nodes; count_map_*. */
#ifndef DEPLOYSIM_COUNTS_H
#define DEPLOYSIM_COUNTS_H

#include "model.h"

/* Adds delta to the count of (row, node); returns the new count, or -1 when out of memory
 * (nothing changed). A count that reaches 0 leaves the map. */
int count_map_add(count_map_t *m, uint32_t row, int node, int delta);
int count_map_get(const count_map_t *m, uint32_t row, int node);
/* The value of (row, node), NULL when absent; insert sets it (NULL: out of memory); the
 * pointers last until the next insert. */
int32_t *count_map_find(const count_map_t *m, uint32_t row, int node);
int32_t *count_map_insert(count_map_t *m, uint32_t row, int node, int32_t value);
void count_map_remove(count_map_t *m, uint32_t row, int node);
void count_map_free(count_map_t *m);

#endif
