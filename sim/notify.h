/* notify.h: the one notification path (notify.c): a pod's or a node's state change is passed
 * on to the controllers that watch it, in one fixed order (docs/ARCHITECTURE.md, "How a state
 * change reaches its observers"). The caller changes the object's fields first, then says what
 * changed with a mask; only the observers of those bits run. */
#ifndef DEPLOYSIM_NOTIFY_H
#define DEPLOYSIM_NOTIFY_H

#include "model.h"

/* What changed about a pod. The bits are listed in the order their observers run. */
enum {
    POD_CHG_TERMINATING = 1u << 0, /* deletion began: the scheduler stops counting it (before
                                      the ReplicaSet places a replacement) */
    POD_CHG_READY = 1u << 1,       /* Ready flipped: the Service endpoints (add when Ready and
                                      not signalled, remove when not Ready) */
    POD_CHG_SERVING = 1u << 2,     /* app up/down, SIGTERM, dependencies, slot freed: the fluid
                                      model's serving count */
    POD_CHG_STOPPED = 1u << 3,     /* SIGTERM: request-level traffic stops routing to it */
    POD_CHG_KILLED = 1u << 4,      /* SIGKILL, a crash, a dead node: requests it holds fail */
    POD_CHG_FREED = 1u << 5,       /* its slot is freed: its request queue is dropped */
    POD_CHG_ENDPOINT = 1u << 6,    /* it joined or left the endpoints (replicaset.c): serving
                                      count, then the service's downtime clock */
    POD_CHG_RUNNING = 1u << 7,     /* its container started: faults draw its crash time */
    POD_CHG_COUNTS = 1u << 8,      /* phase/Ready/available: the ReplicaSet's status counts
                                      (availability metric, self-healing, Deployment sync) */
    POD_CHG_REPORT = 1u << 9,      /* its pods.csv row, if its state word changed */
};

/* What changed about a node. */
enum {
    NODE_CHG_SCHED = 1u << 0,  /* flags, taints or allocation: the scheduler's node record */
    NODE_CHG_REPORT = 1u << 1, /* its state word or allocation: a nodes.csv row at the end of
                                  the instant */
    NODE_CHG_RETRY = 1u << 2,  /* room may have appeared: the scheduler retries Pending pods
                                  (an EV_SCHEDULE_RETRY at this instant) */
};

/* Runs the observers of `what` for pod `pod`. The pod table may move inside (the ReplicaSet
 * may create a replacement under POD_CHG_COUNTS): re-read pod pointers after the call. */
void pod_changed(sim_t *s, int pod, unsigned what);
void node_changed(sim_t *s, int node, unsigned what);

/* The dashboard redraws only what moved (sim_node_pods_seq): a change to what sim_pod_view
 * shows of a pod, or to a node's list of pods, marks the pod's node (or, unscheduled, only
 * the run's counter). pod_changed, node_changed and the node lists mark by themselves; the
 * writes that reach no observer (an IP, a back-off, a restart count) mark here. */
static inline void view_touch_node(sim_t *s, int node) {
    s->view_seq++;
    if (node >= 0) s->nodes[node].view_seq = s->view_seq;
}
static inline void view_touch_pod(sim_t *s, int pod) {
    view_touch_node(s, s->pods[pod].node);
}
/* Every pod's view moved (a ReplicaSet's revision changed): rare, so all are read again. */
static inline void view_touch_all(sim_t *s) {
    s->view_all = ++s->view_seq;
}

#endif
