/* autoscaler.h: the cluster autoscaler (autoscaler.c); ca_*. */
#ifndef DEPLOYSIM_AUTOSCALER_H
#define DEPLOYSIM_AUTOSCALER_H

#include "model.h"

void ca_init(sim_t *s);
void ca_free(sim_t *s);
void ca_scan(sim_t *s);
void ca_node_drained(sim_t *s, int node); /* a node drained for removal has no pod left */
/* Since when the last scan found the node unneeded, -1 (the node views' clock). */
sim_time_t ca_unneeded_since(const sim_t *s, int node);
/* The scale-down cooldown (sim_ca_view): false without an autoscaler. */
bool ca_view(const sim_t *s, sim_ca_view_t *out);

#endif
