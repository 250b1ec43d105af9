/* kubelet.h: the kubelet (kubelet.c): a pod's life on its node, start-up to deletion; it declares
 * the pod_* functions. */
#ifndef DEPLOYSIM_KUBELET_H
#define DEPLOYSIM_KUBELET_H

#include "model.h"

const version_spec_t *pod_version(const sim_t *s, const pod_t *p);
int pod_create(sim_t *s, int rs);
void pod_bind(sim_t *s, int pod, int node);          /* the scheduler placed it */
void pod_delete(sim_t *s, int pod, const char *why); /* graceful deletion */
void pod_handle_event(sim_t *s, const engine_event_t *ev);
void pod_place_steady(sim_t *s, int pod, int node); /* time 0: already Ready */
void pod_set_ready(sim_t *s, int pod, bool ready);
void pod_min_ready_changed(sim_t *s, int pod); /* its ReplicaSet's minReadySeconds moved */
void pod_report(sim_t *s, int pod);            /* write a pods.csv row if changed */
void pod_node_lost(sim_t *s, int pod);         /* its node went NotReady */
void pod_crash(sim_t *s, int pod);
int64_t pod_cpu_charge(const sim_t *s, const pod_t *p);
int64_t pod_mem_charge(const sim_t *s, const pod_t *p);
void pod_free_slot(sim_t *s, int pod);
/* metadata.uid: a UUID derived from the pod's name and namespace (stable across runs) */
void pod_uid(const pod_t *p, const char *ns, char out[37]);
void pod_pull_done(sim_t *s, int pod, bool pulled_now);
void pod_drained(sim_t *s, int pod);
void pod_node_repaired(sim_t *s, int pod, bool fresh_machine);

#endif
