/* nodes.h: node pools and the node lifecycle controller (nodes.c): heartbeats, taints and eviction,
 * repairs, cordon and drain with PodDisruptionBudgets, image pulls; node_*, pdb_*. */
#ifndef DEPLOYSIM_NODES_H
#define DEPLOYSIM_NODES_H

#include "model.h"

int nodes_init(sim_t *s);
int node_add(sim_t *s, int pool, bool provisioning);
void node_handle_event(sim_t *s, const engine_event_t *ev);
int node_action(sim_t *s, const action_t *a, char *err, size_t n);
/* Every node of the zone fails (fail) or is repaired; the number of nodes that changed. */
int node_zone_set(sim_t *s, int zone, bool fail, const char *why);
void node_pod_attach(sim_t *s, int node, int pod);
void node_pod_detach(sim_t *s, int node, int pod);
void node_report(sim_t *s, int node);
void node_remove(sim_t *s, int node);

/* The node stops heartbeating now (failNode, a random or a zone failure); Kubernetes notices
 * after the grace period. */
void node_fail(sim_t *s, int node, const char *why);

#endif
