/* drain: PodDisruptionBudgets and node drains (kubectl drain, and the cluster autoscaler's
 * before it removes a node): one eviction at a time through the Eviction API's budget check,
 * a refused eviction retried every 5 s. Split out of nodes.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoscaler.h"
#include "drain.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "nodes.h"
#include "notify.h"

#define DRAIN_RETRY (5 * SIM_SEC) /* kubectl drain retries a refused eviction every 5 s */

/* k8s: a pod whose phase is Pending (not yet running a container: Pending, pulling, the
 * runtime starting) — the Eviction API lets it go without consulting any budget. */
bool pod_k8s_pending(const sim_t *s, const pod_t *p) {
    return p->phase == POD_PENDING || p->phase == POD_PULLING ||
           (p->phase == POD_STARTING && model_now(s) < p->container_start);
}

/* The budget's desiredHealthy, or -1 when the service has none (k8s: disruption.go). The
 * expected count is the Deployment's replicas; percentages round up; never below 0. */
static int pdb_desired_healthy(sim_t *s, int service) {
    const service_spec_t *spec = &s->sc->services[service];
    if (spec->pdb.kind == PDB_NONE) return -1;
    int expected = s->services[service].replicas;
    const int_or_pct_t v = spec->pdb.value;
    int val = v.percent ? (v.value * expected + 99) / 100 : v.value;
    int desired = spec->pdb.kind == PDB_MIN_AVAILABLE ? val : expected - val;
    return desired < 0 ? 0 : desired;
}

static int pdb_current_healthy(sim_t *s, int service) {
    const service_t *sv = &s->services[service];
    int healthy = 0; /* Ready pods not being deleted */
    for (int i = 0; i < sv->rs_count; i++)
        healthy += s->rs[sv->rs[i]].ready;
    return healthy;
}

/* status.disruptionsAllowed = currentHealthy - desiredHealthy (at least 0); INT32_MAX when
 * the service has no budget. */
int pdb_disruptions_allowed(sim_t *s, int service) {
    int desired = pdb_desired_healthy(s, service);
    if (desired < 0) return INT32_MAX;
    int allowed = pdb_current_healthy(s, service) - desired;
    return allowed > 0 && s->services[service].replicas > 0 ? allowed : 0;
}

/* Would the Eviction API evict this pod now? A Pending pod always; a Ready pod when the
 * budget allows a disruption; a running pod that is not Ready when the application is not
 * disrupted (currentHealthy >= desiredHealthy: unhealthyPodEvictionPolicy IfHealthyBudget,
 * the default). */
bool pdb_eviction_allowed(sim_t *s, int pi) {
    const pod_t *p = &s->pods[pi];
    if (s->sc->services[p->service].pdb.kind == PDB_NONE || pod_k8s_pending(s, p)) return true;
    if (p->ready) return pdb_disruptions_allowed(s, p->service) > 0;
    return pdb_current_healthy(s, p->service) >= pdb_desired_healthy(s, p->service);
}

/* One pass of a drain: evict every pod the budgets allow; retry the others every 5 s; once
 * the node holds no pod (the evicted ones have finished terminating) the drain is over, and a
 * node drained by the autoscaler is handed back to it for removal. */
void drain_step(sim_t *s, int ni, uint32_t gen) {
    node_t *n = &s->nodes[ni];
    if (n->gen != gen || !n->draining || n->removed) return;
    bool refused = false;
    for (int pi = n->head; pi >= 0;) {
        int next = s->pods[pi].node_next;
        pod_t *p = &s->pods[pi];
        if (p->phase != POD_TERMINATING && p->phase != POD_DELETED) {
            const service_spec_t *svc = &s->sc->services[p->service];
            char obj[96], budget[160];
            snprintf(obj, sizeof obj, "Pod/%s", p->name);
            if (svc->pdb.kind == PDB_NONE)
                snprintf(budget, sizeof budget, "%s has no PodDisruptionBudget", svc->name);
            else
                snprintf(budget, sizeof budget,
                         "PodDisruptionBudget of %s: %d healthy, %d desired healthy", svc->name,
                         pdb_current_healthy(s, p->service), pdb_desired_healthy(s, p->service));
            bool ok = pdb_eviction_allowed(s, pi);
            if (ok && n->ca_deleting) {
                model_event(s, "Normal", "ScaleDown", obj, "deleting pod for node scale down");
            } else if (ok) { /* an Eviction API call: Kubernetes records no event of its own */
                model_decision(s, "drain", obj, "evict", "kubectl drain %s: eviction accepted (%s)",
                               n->name, budget);
            } else {
                refused = true;
                model_decision(s, "drain", obj, "eviction refused",
                               "Cannot evict pod as it would violate the pod's disruption "
                               "budget (%s); retry in 5 s",
                               budget);
            }
            if (ok) pod_delete(s, pi, "drain");
        }
        pi = next;
    }
    if (!refused)
        n->drain_refused_since = -1;
    else if (n->drain_refused_since < 0)
        n->drain_refused_since = model_now(s);
    if (n->pod_count > 0) {
        engine_schedule(s->eng, model_now(s) + DRAIN_RETRY, EV_DRAIN_TICK, (uint32_t)ni, n->gen);
        return;
    }
    n->draining = false;
    if (n->ca_deleting) ca_node_drained(s, ni);
}

/* Cordons the node and evicts its pods, like `kubectl drain` or, for the autoscaler, its
 * ToBeDeletedByClusterAutoscaler taint and evictions. */
void node_drain_start(sim_t *s, int ni, bool for_autoscaler) {
    node_t *n = &s->nodes[ni];
    if (!n->cordoned && !for_autoscaler)
        model_event(s, "Normal", "NodeNotSchedulable", n->name,
                    "Node %s status is now: NodeNotSchedulable", n->name);
    n->cordoned = true;
    n->draining = true;
    n->drain_since = model_now(s);
    n->drain_refused_since = -1;
    if (for_autoscaler) n->ca_deleting = true;
    node_changed(s, ni, NODE_CHG_SCHED | NODE_CHG_REPORT);
    drain_step(s, ni, n->gen);
}

/* The autoscaler gives up a removal: the taint goes, the node takes pods again. */
void node_drain_abort(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    n->ca_deleting = false;
    n->cordoned = false;
    n->draining = false;
    n->drain_refused_since = -1;
    node_changed(s, ni, NODE_CHG_SCHED | NODE_CHG_REPORT | NODE_CHG_RETRY);
}
