/* spot: a node pool of spot capacity. The cloud takes an instance back with a notice (EC2's
 * two-minute Spot Instance interruption notice); a termination handler (aws-node-termination-
 * handler, Karpenter) cordons the node and drains it through the Eviction API, so
 * PodDisruptionBudgets are respected as far as the notice allows; when the notice is over the
 * instance is gone and the cloud node lifecycle controller deletes the Node with whatever pods
 * are left (k8s: staging/src/k8s.io/cloud-provider/controllers/nodelifecycle/
 * node_lifecycle_controller.go). A pool without autoscaling gets a new instance (its node
 * group keeps its size); an autoscaled one waits for the cluster autoscaler. */
#include <stdio.h>
#include <stdlib.h>

#include "dist.h"
#include "drain.h"
#include "kernel.h"
#include "model.h"
#include "nodes.h"
#include "rng.h"
#include "spot.h"

int spot_init(sim_t *s) {
    const scenario_t *sc = s->sc;
    bool any = false;
    for (int p = 0; p < sc->pool_count; p++)
        any |= sc->pools[p].spot_random;
    if (any) {
        s->rng_spot = calloc((size_t)sc->pool_count, sizeof *s->rng_spot);
        if (!s->rng_spot) return -1;
        for (int p = 0; p < sc->pool_count; p++) {
            if (!sc->pools[p].spot_random) continue;
            char entity[96];
            snprintf(entity, sizeof entity, "spot:%s", sc->pools[p].name);
            if (!(s->rng_spot[p] = rng_stream(s->seed, RNG_FAILURES, entity))) return -1;
        }
        /* the nodes Ready at time 0 draw now (later ones when they become Ready) */
        for (int ni = 0; ni < s->node_count; ni++)
            if (!s->nodes[ni].provisioning && !s->nodes[ni].removed) spot_node_ready(s, ni);
    }
    for (int p = 0; p < sc->pool_count; p++)
        for (int i = 0; i < sc->pools[p].spot_at_count; i++)
            engine_schedule(s->eng, sc->pools[p].spot_at[i], EV_SPOT_AT, (uint32_t)p, (uint64_t)i);
    return 0;
}

void spot_free(sim_t *s) {
    for (int p = 0; s->rng_spot && p < s->sc->pool_count; p++)
        if (s->rng_spot[p]) gsl_rng_free(s->rng_spot[p]);
    free(s->rng_spot);
    s->rng_spot = NULL;
}

void spot_node_ready(sim_t *s, int ni) {
    const node_t *n = &s->nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    if (!ps->spot_random || !s->rng_spot || !s->rng_spot[n->pool] || n->spot_noticed) return;
    sim_time_t t = dist_sample(&ps->spot_mtbf, s->rng_spot[n->pool]);
    engine_schedule(s->eng, model_now(s) + (t > 0 ? t : 1), EV_SPOT_NOTICE, (uint32_t)ni, n->gen);
}

/* The notice: the handler taints (cordons) and drains the node; the instance goes at the end
 * of the notice. */
static void notice(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    if (n->removed || n->provisioning || n->spot_noticed) return;
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    sim_time_t end = model_now(s) + ps->spot_notice;
    n->spot_noticed = true;
    char obj[96];
    snprintf(obj, sizeof obj, "Node/%s", n->name);
    model_event(s, "Warning", "SpotInterruption", obj,
                "Spot Instance interruption notice: the instance is terminated at %.0f s",
                (double)end / SIM_SEC);
    model_decision(s, "node-termination-handler", obj, "cordon and drain",
                   "spot interruption notice (%.0f s): the node is cordoned and its pods are "
                   "evicted one by one as their PodDisruptionBudgets allow; whatever is still "
                   "there when the notice ends goes with the instance",
                   (double)ps->spot_notice / SIM_SEC);
    if (!n->draining) node_drain_start(s, ni, false);
    engine_schedule(s->eng, end, EV_SPOT_TERMINATE, (uint32_t)ni, n->gen);
}

/* The instance is gone: the Node and its pods are deleted; a fixed-size pool is refilled. */
static void terminate(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    if (n->removed) return;
    char obj[96];
    snprintf(obj, sizeof obj, "Node/%s", n->name);
    int left = 0;
    for (int pi = n->head; pi >= 0; pi = s->pods[pi].node_next)
        left += s->pods[pi].phase != POD_DELETED;
    model_event(s, "Normal", "DeletingNode", obj,
                "Deleting node %s because it does not exist in the cloud provider", n->name);
    int pool = n->pool;
    const pool_spec_t *ps = &s->sc->pools[pool];
    model_decision(s, "node-termination-handler", obj, "instance terminated",
                   "the spot notice is over: the instance is gone with %d pod%s still on it%s",
                   left, left == 1 ? "" : "s",
                   ps->autoscaling ? "; the cluster autoscaler replaces capacity"
                                   : "; the node group starts a replacement instance");
    node_remove(s, ni);
    if (!ps->autoscaling) node_add(s, pool, true);
}

/* A listed interruption takes the pool's first node that is up and not already noticed. */
static void listed(sim_t *s, int pool) {
    for (int ni = 0; ni < s->node_count; ni++) {
        const node_t *n = &s->nodes[ni];
        if (n->pool == pool && !n->removed && !n->provisioning && !n->spot_noticed) {
            notice(s, ni);
            return;
        }
    }
}

void spot_handle_event(sim_t *s, const engine_event_t *ev) {
    int a = (int)ev->a;
    switch (ev->kind) {
    case EV_SPOT_AT:
        listed(s, a);
        break;
    case EV_SPOT_NOTICE:
        if (s->nodes[a].gen == (uint32_t)ev->b) notice(s, a);
        break;
    case EV_SPOT_TERMINATE:
        if (s->nodes[a].gen == (uint32_t)ev->b) terminate(s, a);
        break;
    default:
        break;
    }
}
