/* notify.c: the one notification path. pod_changed() and node_changed() pass a state change on
 * to the observers in a fixed order, so that a transition names what changed and never which
 * controllers to call (docs/ARCHITECTURE.md, "How a state change reaches its observers"). */
#include "notify.h"

#include "faults.h"
#include "fluid.h"
#include "hpa_steady.h"
#include "kubelet.h"
#include "nodes.h"
#include "replicaset.h"
#include "scheduler.h"
#include "traffic.h"

/* The order, and why:
 * 0. the HPA's steady pods (hpa_steady.c): a steady pod takes back its own scrape fields
 *    while its CPU accounting is still the one the scrape read;
 * 1. the scheduler's counts: a Terminating pod no longer counts for spreading before anything
 *    below can create and place its replacement;
 * 2. the Service endpoints: they decide whether the pod serves;
 * 3. the fluid serving count: folds the pod's share of its ReplicaSet's busy time while the
 *    pod still counts as serving or not, before traffic or counts move;
 * 4. request-level traffic: held requests fail (kill) or drain (SIGTERM); the queue is dropped
 *    with the slot;
 * 5. the downtime clock, after the endpoints moved;
 * 6. faults: a crash time for a container that started;
 * 7. the ReplicaSet counts, which may create a replacement pod (the pod table may move) and
 *    queue a Deployment sync: everything about this pod is settled before;
 * 8. the pods.csv row, last, so that it shows the final state of the instant's change. */
void pod_changed(sim_t *s, int pi, unsigned what) {
    hpa_steady_touch(s, pi); /* first: the pod's accounting is still the one its scrape read */
    view_touch_pod(s, pi);
    if (what & POD_CHG_TERMINATING) sched_pod_terminating(s, pi);
    if (what & POD_CHG_READY) {
        const pod_t *p = &s->pods[pi];
        if (!p->ready)
            rs_endpoint_remove(s, pi);
        else if (!p->sigterm)
            rs_endpoint_add(s, pi);
    }
    if (what &
        (POD_CHG_SERVING | POD_CHG_STOPPED | POD_CHG_KILLED | POD_CHG_FREED | POD_CHG_ENDPOINT))
        fluid_pod_update(s, pi);
    if (what & (POD_CHG_STOPPED | POD_CHG_KILLED))
        traffic_pod_stopped(s, pi, (what & POD_CHG_KILLED) != 0);
    if (what & POD_CHG_FREED) traffic_pod_free(s, pi);
    if (what & POD_CHG_ENDPOINT) traffic_endpoints_changed(s, s->pods[pi].service);
    if (what & POD_CHG_RUNNING) faults_pod_running(s, pi);
    if (what & POD_CHG_COUNTS) rs_pod_changed(s, pi);
    if (what & POD_CHG_REPORT) pod_report(s, pi);
}

/* The order: the scheduler's record first (the row and a retry read the node as it is now),
 * the nodes.csv row, then the retry, which runs as its own event later in the instant. */
void node_changed(sim_t *s, int ni, unsigned what) {
    view_touch_node(s, ni);
    if (what & NODE_CHG_SCHED) sched_node_changed(s, ni);
    if (what & NODE_CHG_REPORT) node_report(s, ni);
    if (what & NODE_CHG_RETRY) sched_cluster_changed(s);
}
