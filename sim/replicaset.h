/* replicaset.h: the ReplicaSet controller (replicaset.c): pods to match desired, the endpoints of
 * Ready pods; rs_*. */
#ifndef DEPLOYSIM_REPLICASET_H
#define DEPLOYSIM_REPLICASET_H

#include "model.h"

int rs_create(sim_t *s, int service, int version);
/* A template with kubectl's restartedAt annotation `at`: another pod-template hash. */
void rs_set_restarted(sim_t *s, int rs, int restart, sim_time_t at);
void rs_scale(sim_t *s, int rs, int desired);
void rs_reconcile(sim_t *s, int rs);
void rs_pod_changed(sim_t *s, int pod); /* recount after a pod's state changed */
void rs_report(sim_t *s, int rs);
void rs_endpoint_add(sim_t *s, int pod);
void rs_endpoint_remove(sim_t *s, int pod);
void rs_endpoint_gone(sim_t *s, int pod, uint32_t ep_gen);

#endif
