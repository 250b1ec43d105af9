/* drain.h: PodDisruptionBudgets and node drains (drain.c); node_drain_*, pdb_*, and
 * pod_k8s_pending (the Eviction API's "Pending" that needs no budget). */
#ifndef DEPLOYSIM_DRAIN_H
#define DEPLOYSIM_DRAIN_H

#include "model.h"

void node_drain_start(sim_t *s, int node, bool for_autoscaler);
void node_drain_abort(sim_t *s, int node);
int pdb_disruptions_allowed(sim_t *s, int service);
bool pdb_eviction_allowed(sim_t *s, int pod);
bool pod_k8s_pending(const sim_t *s, const pod_t *p); /* phase Pending in Kubernetes' terms */
/* EV_DRAIN_TICK: the next eviction of the drain (gen: the node's drain generation). */
void drain_step(sim_t *s, int node, uint32_t gen);

#endif
