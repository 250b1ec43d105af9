/* faults: the random pod crashes of a scenario's `faults` (podCrash). Every running container
 * of the service gets its own time to crash, drawn from `mtbf` (an exponential of that mean,
 * or the fault's distribution) on the service's failures stream when the container starts; a
 * crash restarts the container in place under CrashLoopBackOff (kubelet.c). With n containers
 * running and an exponential mtbf that is a Poisson process of rate n / mtbf, whatever n does.
 * Node failures are per node and live in nodes.c. A zoneFailure takes every node of a zone
 * down at once after a time drawn from its `mtbf` (the fault's own stream), and back after
 * `repairTime` (then the next outage is drawn); without repairTime the zone stays down until a
 * repairZone action. */
#include <stdio.h>
#include <stdlib.h>

#include "dist.h"
#include "faults.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "nodes.h"
#include "rng.h"
#include "spot.h"

/* EV_FAULT_POD: a = fault index, b = pod << 32 | the pod's generation when its container
 * started (any later phase change — a crash, a deletion — makes the timer stale). */
static void schedule_crash(sim_t *s, int f, int pi) {
    const pod_t *p = &s->pods[pi];
    sim_time_t t = dist_sample(&s->sc->faults[f].mtbf, s->services[p->service].rng_failures);
    engine_schedule(s->eng, model_now(s) + (t > 0 ? t : 1), EV_FAULT_POD, (uint32_t)f,
                    ((uint64_t)(uint32_t)pi << 32) | p->gen);
}

void faults_pod_running(sim_t *s, int pi) {
    for (int f = 0; f < s->sc->fault_count; f++) {
        const fault_spec_t *fs = &s->sc->faults[f];
        if (fs->type == FAULT_POD_CRASH && fs->service == s->pods[pi].service)
            schedule_crash(s, f, pi);
    }
}

static void schedule_zone_outage(sim_t *s, int f) {
    sim_time_t t = dist_sample(&s->sc->faults[f].mtbf, s->rng_zone_faults[f]);
    engine_schedule(s->eng, model_now(s) + (t > 0 ? t : 1), EV_FAULT_ZONE, (uint32_t)f, 0);
}

static void zone_fault(sim_t *s, int f, bool back) {
    const fault_spec_t *fs = &s->sc->faults[f];
    const char *zone = s->sc->zones[fs->zone];
    char why[96], obj[96];
    snprintf(why, sizeof why, "zoneFailure %s", zone);
    snprintf(obj, sizeof obj, LABEL_ZONE "=%s", zone); /* the nodes, by their label */
    int changed = node_zone_set(s, fs->zone, !back, why);
    if (changed > 0 && back)
        model_decision(s, "faults", obj, "zone back",
                       "zoneFailure of %s: repaired after repairTime; %d node(s)", zone, changed);
    else if (changed > 0)
        model_decision(s, "faults", obj, "zone down",
                       "zoneFailure of %s: every node stops heartbeating (mean time between "
                       "outages %.0f s); %d node(s)",
                       zone, dist_mean(&fs->mtbf) / SIM_SEC, changed);
    if (back) {
        schedule_zone_outage(s, f);
    } else if (fs->has_repair_time) {
        sim_time_t t = dist_sample(&fs->repair_time, s->rng_zone_faults[f]);
        engine_schedule(s->eng, model_now(s) + t, EV_FAULT_ZONE, (uint32_t)f, 1);
    }
}

/* Time 0: the containers of the steady state are running (a cold start's get their timers as
 * they start); the first zone outages are drawn. */
void faults_init(sim_t *s) {
    for (int f = 0; f < s->sc->fault_count; f++) {
        const fault_spec_t *fs = &s->sc->faults[f];
        if (fs->type == FAULT_ZONE_FAILURE) {
            if (!s->rng_zone_faults)
                s->rng_zone_faults = calloc((size_t)s->sc->fault_count, sizeof *s->rng_zone_faults);
            if (!s->rng_zone_faults) return;
            char entity[160];
            snprintf(entity, sizeof entity, "zone:%s", s->sc->zones[fs->zone]);
            s->rng_zone_faults[f] = rng_stream(s->seed, RNG_FAILURES, entity);
            if (s->rng_zone_faults[f]) schedule_zone_outage(s, f);
            continue;
        }
        if (fs->type != FAULT_POD_CRASH) continue;
        const service_t *sv = &s->services[fs->service];
        for (int k = 0; k < sv->rs_count; k++)
            for (int pi = s->rs[sv->rs[k]].head; pi >= 0; pi = s->pods[pi].rs_next)
                if (s->pods[pi].phase == POD_RUNNING) schedule_crash(s, f, pi);
    }
}

/* ---- node failures (nodeFailure faults) ---- */

/* Each nodeFailure fault of the node's pool gives it a time to failure from the pool's
 * failures stream: an exponential of mean `mtbf` (or the fault's distribution), drawn when
 * the node becomes Ready and again after each repair. */
void faults_node_ready(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    spot_node_ready(s, ni); /* a spot node's interruption is drawn from its own stream */
    for (int f = 0; f < s->sc->fault_count; f++) {
        const fault_spec_t *fs = &s->sc->faults[f];
        if (fs->type != FAULT_NODE_FAILURE || fs->pool != n->pool) continue;
        sim_time_t t = dist_sample(&fs->mtbf, s->rng_pool_failures[n->pool]);
        engine_schedule(s->eng, model_now(s) + t, EV_FAULT_NODE, (uint32_t)f,
                        ((uint64_t)n->gen << 32) | (uint32_t)ni);
    }
}

static void fault_node(sim_t *s, int f, int ni, uint32_t gen) {
    node_t *n = &s->nodes[ni];
    if (n->gen != gen || n->failed || n->removed || n->provisioning) return;
    node_fail(s, ni, "random failure");
    const fault_spec_t *fs = &s->sc->faults[f];
    if (fs->has_repair_time) {
        sim_time_t t = dist_sample(&fs->repair_time, s->rng_pool_failures[n->pool]);
        engine_schedule(s->eng, model_now(s) + t, EV_FAULT_REPAIR, (uint32_t)ni, n->gen);
    }
}

void faults_handle_event(sim_t *s, const engine_event_t *ev) {
    int f = (int)ev->a;
    if (ev->kind == EV_FAULT_NODE) {
        fault_node(s, f, (int)(uint32_t)ev->b, (uint32_t)(ev->b >> 32));
        return;
    }
    if (ev->kind == EV_FAULT_ZONE) {
        zone_fault(s, f, ev->b != 0);
        return;
    }
    int pi = (int)(uint32_t)(ev->b >> 32);
    if (pi >= s->pod_used) return;
    pod_t *p = &s->pods[pi];
    if (!p->used || p->gen != (uint32_t)ev->b) return;
    if (p->phase != POD_RUNNING && p->phase != POD_STARTING) return;
    if (p->node < 0 || s->nodes[p->node].failed) return;
    char obj[96];
    snprintf(obj, sizeof obj, "Pod/%s", p->name);
    model_decision(s, "faults", obj, "container crash",
                   "podCrash fault of %s: the container exited (mean time between failures "
                   "%.0f s per container); the kubelet restarts it in place",
                   s->sc->services[p->service].name, dist_mean(&s->sc->faults[f].mtbf) / SIM_SEC);
    pod_crash(s, pi);
}
