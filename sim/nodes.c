/* nodes: node pools and the node lifecycle controller: heartbeats (lease renewals every 10 s;
 * a failed node stops them and is NotReady at the first 5 s monitor check after the grace
 * period), taints and taint-based eviction after tolerationSeconds, repairs, cordon, zones,
 * node removal. Image pulls are in images.c, drains and PodDisruptionBudgets in drain.c, the
 * random node failures in faults.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoscaler.h"
#include "bare.h"
#include "drain.h"
#include "faults.h"
#include "images.h"
#include "kernel.h"
#include "kubelet.h"
#include "metrics.h"
#include "model.h"
#include "nodes.h"
#include "notify.h"
#include "rng.h"
#include "scheduler.h"

#define NODE_MONITOR_PERIOD (5 * SIM_SEC) /* k8s: --node-monitor-period */
/* k8s: the kubelet renews its node Lease every 10 s (nodeLeaseRenewIntervalFraction 0.25 of
 * the 40 s lease); the renewals are the heartbeats the node lifecycle controller watches.
 * Renewals are modelled every 10 s exactly from the moment the kubelet became Ready (the
 * kubelet adds up to 4% jitter). */
#define LEASE_RENEW (10 * SIM_SEC)

static sim_node_state_t node_state_now(const node_t *n) {
    if (n->removed) return SIM_NODE_REMOVED;
    if (n->provisioning) return SIM_NODE_PROVISIONING;
    if (n->not_ready) return SIM_NODE_NOT_READY;
    /* the autoscaler's ToBeDeletedByClusterAutoscaler taint is not spec.unschedulable */
    if (n->cordoned && !n->ca_deleting) return SIM_NODE_SCHEDULING_DISABLED;
    return SIM_NODE_READY;
}

void node_report(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    sim_node_state_t st = node_state_now(n);
    if (st != n->state) {
        n->state = st;
        n->state_since = model_now(s);
    }
    if (n->dirty) return;
    if (metrics_mark_dirty(&s->dirty_nodes, &s->dirty_node_count, &s->dirty_node_cap, ni) == 0)
        n->dirty = true;
}

static void start_provisioning(sim_t *s, int ni);
static void taint_check(sim_t *s, int ni);

/* ---- taints (k8s: `kubectl taint`; the node lifecycle controller's own taints, unreachable
 * and the autoscaler's, are the node's flags) ---- */

static int node_taint_add(sim_t *s, int ni, const char *key, const char *value,
                          taint_effect_t effect) {
    node_t *n = &s->nodes[ni];
    if (n->taint_count == n->taint_cap) {
        int ncap = n->taint_cap ? n->taint_cap * 2 : 2;
        node_taint_t *t = realloc(n->taints, sizeof *t * (size_t)ncap);
        if (!t) return -1;
        n->taints = t;
        n->taint_cap = ncap;
    }
    n->taints[n->taint_count++] = (node_taint_t){key, value ? value : "", effect};
    if (effect == TAINT_PREFER_NO_SCHEDULE) s->prefer_taints++;
    node_changed(s, ni, NODE_CHG_SCHED);
    return 0;
}

static void node_taint_remove(sim_t *s, node_t *n, int i) {
    if (n->taints[i].effect == TAINT_PREFER_NO_SCHEDULE) s->prefer_taints--;
    memmove(&n->taints[i], &n->taints[i + 1], sizeof *n->taints * (size_t)(n->taint_count - i - 1));
    n->taint_count--;
    node_changed(s, (int)(n - s->nodes), NODE_CHG_SCHED);
}

int node_add(sim_t *s, int pool, bool provisioning) {
    if (s->node_count == s->node_cap) {
        int ncap = s->node_cap ? s->node_cap * 2 : 16;
        node_t *n = realloc(s->nodes, sizeof *n * (size_t)ncap);
        if (!n) return -1;
        s->nodes = n;
        s->node_cap = ncap;
    }
    if (sched_nodes_grow(s, s->node_count + 1) != 0) return -1;
    int ni = s->node_count++;
    node_t *n = &s->nodes[ni];
    memset(n, 0, sizeof *n);
    const pool_spec_t *ps = &s->sc->pools[pool];
    n->pool = pool;
    n->index = s->pool_next_index[pool]++;
    snprintf(n->name, sizeof n->name, "%s-%d", ps->name, n->index + 1);
    n->head = -1;
    n->gen = 1;
    n->reported_state = SIM_NODE_STATE_COUNT;
    n->reported_pods = -1;
    n->provisioning = provisioning;
    s->nodes_changed++;
    n->state = node_state_now(n);
    n->heartbeat_since = model_now(s);
    n->drain_refused_since = -1;
    /* managed node groups spread a multi-zone pool's nodes over its zones in turn */
    n->zone = ps->zone_count > 0 ? ps->zones[n->index % ps->zone_count] : -1;
    node_changed(s, ni, NODE_CHG_SCHED);
    for (int t = 0; t < ps->taint_count; t++)
        if (node_taint_add(s, ni, ps->taints[t].key, ps->taints[t].value, ps->taints[t].effect) !=
            0)
            return -1;
    metrics_cost_advance(s);
    s->nodes_up += 1;
    s->price_up += ps->price_per_hour;
    if (provisioning) start_provisioning(s, ni);
    node_changed(s, ni, NODE_CHG_REPORT);
    if (!provisioning) faults_node_ready(s, ni);
    return ni;
}

int nodes_init(sim_t *s) {
    int np = s->sc->pool_count;
    s->pool_next_index = calloc((size_t)np, sizeof *s->pool_next_index);
    s->rng_pool_failures = calloc((size_t)np, sizeof *s->rng_pool_failures);
    s->rng_pool_provision = calloc((size_t)np, sizeof *s->rng_pool_provision);
    if (!s->pool_next_index || !s->rng_pool_failures || !s->rng_pool_provision) return -1;
    for (int p = 0; p < np; p++) {
        s->rng_pool_failures[p] = rng_stream(s->seed, RNG_FAILURES, s->sc->pools[p].name);
        s->rng_pool_provision[p] = rng_stream(s->seed, RNG_PROVISION, s->sc->pools[p].name);
        if (!s->rng_pool_failures[p] || !s->rng_pool_provision[p]) return -1;
    }
    for (int p = 0; p < np; p++)
        for (int i = 0; i < s->sc->pools[p].count; i++)
            if (node_add(s, p, false) < 0) return -1;
    return 0;
}

void node_pod_attach(sim_t *s, int ni, int pi) {
    node_t *n = &s->nodes[ni];
    pod_t *p = &s->pods[pi];
    p->node = ni;
    p->node_prev = -1;
    p->node_next = n->head;
    if (n->head >= 0) s->pods[n->head].node_prev = pi;
    n->head = pi;
    n->pod_count++;
    n->cpu_alloc += pod_cpu_charge(s, p);
    n->mem_alloc += pod_mem_charge(s, p);
    sched_pod_attached(s, pi, ni);
    if (s->steady_init) images_steady(s, ni, pi); /* time 0: it has run here for long */
    node_changed(s, ni, NODE_CHG_REPORT);
    /* a pod that tolerates the node's NoExecute taints for a while: the taint manager times it
     * (in the next step: the pod is still being bound) */
    for (int t = 0; t < n->taint_count; t++)
        if (n->taints[t].effect == TAINT_NO_EXECUTE) {
            engine_schedule(s->eng, model_now(s), EV_NODE_EVICT, (uint32_t)ni, ++n->taint_gen);
            break;
        }
}

void node_pod_detach(sim_t *s, int ni, int pi) {
    node_t *n = &s->nodes[ni];
    pod_t *p = &s->pods[pi];
    if (p->node_prev >= 0)
        s->pods[p->node_prev].node_next = p->node_next;
    else
        n->head = p->node_next;
    if (p->node_next >= 0) s->pods[p->node_next].node_prev = p->node_prev;
    p->node_next = p->node_prev = -1;
    n->pod_count--;
    n->cpu_alloc -= pod_cpu_charge(s, p);
    n->mem_alloc -= pod_mem_charge(s, p);
    sched_pod_detached(s, pi, ni);
    node_changed(s, ni, NODE_CHG_REPORT);
}

/* ---- failures and repairs ---- */

/* When the node lifecycle controller marks a node that failed at `failed_at` NotReady. The
 * last heartbeat is the last lease renewal at or before the failure; the controller stamps a
 * node's probeTimestamp when a monitor pass (every 5 s) sees a renewal, and marks it
 * NotReady (Ready=Unknown) at the first pass strictly after probeTimestamp + grace period
 * (k8s: node_lifecycle_controller.go tryUpdateNodeHealth, `now.After(probe + grace)`). Passes
 * run every 5 s from time 0. `*last_heartbeat` gets the renewal. */
static sim_time_t not_ready_time(const sim_t *s, const node_t *n, sim_time_t failed_at,
                                 sim_time_t *last_heartbeat) {
    sim_time_t hb = n->heartbeat_since;
    if (failed_at > hb) hb += (failed_at - hb) / LEASE_RENEW * LEASE_RENEW;
    *last_heartbeat = hb;
    sim_time_t seen = (hb + NODE_MONITOR_PERIOD - 1) / NODE_MONITOR_PERIOD * NODE_MONITOR_PERIOD;
    sim_time_t deadline = seen + s->sc->node_monitor_grace_period;
    return (deadline / NODE_MONITOR_PERIOD + 1) * NODE_MONITOR_PERIOD;
}

void node_fail(sim_t *s, int ni, const char *why) {
    node_t *n = &s->nodes[ni];
    if (n->failed || n->removed) return;
    n->failed = true;
    n->failed_at = model_now(s);
    n->gen++;
    model_event(s, "Warning", "NodeFailed", n->name, "Node %s stopped responding (%s)", n->name,
                why);
    /* the machine is gone: requests in its pods fail now; Kubernetes notices later */
    for (int pi = n->head; pi >= 0; pi = s->pods[pi].node_next) {
        s->pods[pi].app_up = false;
        pod_changed(s, pi, POD_CHG_KILLED);
    }
    if (n->provisioning) return; /* never registered: nothing to notice */
    n->not_ready_at = not_ready_time(s, n, n->failed_at, &n->last_heartbeat);
    engine_schedule(s->eng, n->not_ready_at, EV_NODE_MONITOR, (uint32_t)ni, n->gen);
}

static void node_not_ready(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    n->not_ready = true;
    node_changed(s, ni, NODE_CHG_SCHED);
    sim_time_t hb;
    not_ready_time(s, n, n->failed_at, &hb);
    model_event(s, "Normal", "NodeNotReady", n->name, "Node %s status is now: NodeNotReady",
                n->name);
    model_decision(s, "node-lifecycle", n->name, "NotReady, taint unreachable",
                   "last heartbeat (lease renewal) at %.0f s; at this 5 s monitor pass no "
                   "heartbeat seen for more than nodeMonitorGracePeriod %.0f s; pods evicted "
                   "after tolerationSeconds %.0f s",
                   (double)hb / SIM_SEC, (double)s->sc->node_monitor_grace_period / SIM_SEC,
                   (double)s->sc->toleration_seconds / SIM_SEC);
    for (int pi = n->head; pi >= 0; pi = s->pods[pi].node_next)
        pod_node_lost(s, pi);
    node_changed(s, ni, NODE_CHG_REPORT);
    /* k8s: the NoExecute taint is added now; each pod's toleration (300 s) runs from it */
    taint_check(s, ni);
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    if (ps->repair_auto) {
        sim_time_t t = dist_sample(&ps->provisioning_time, s->rng_pool_provision[n->pool]);
        engine_schedule(s->eng, model_now(s) + t, EV_FAULT_REPAIR, (uint32_t)ni,
                        ((uint64_t)1 << 32) | n->gen);
        model_decision(s, "node-repair", n->name, "replace",
                       "pool %s has repair: auto; a replacement machine is ready after the "
                       "pool's provisioning time, %.0f s",
                       ps->name, (double)t / SIM_SEC);
    }
}

/* The toleration time of the pod for the node's NoExecute taints, as the taint manager
 * computes it (k8s: tainteviction/taint_eviction.go processPodOnNode, getMinTolerationTime):
 * -1 no NoExecute taint or tolerated forever, 0 a taint not tolerated (evict now), else the
 * least tolerationSeconds of the tolerations used. The node lifecycle controller's
 * `node.kubernetes.io/unreachable:NoExecute` counts when the node is NotReady; pods that do not
 * tolerate it get 300 s (the cluster's tolerationSeconds) from the DefaultTolerationSeconds
 * admission plugin (plugin/pkg/admission/defaulttolerationseconds). */
static sim_time_t pod_toleration_time(const sim_t *s, const node_t *n, const pod_t *p) {
    const placement_spec_t *pl = &s->sc->services[p->service].placement;
    static const char *const UNREACHABLE = "node.kubernetes.io/unreachable";
    int taints = 0;
    sim_time_t min = INT64_MAX;
    bool limited = false;
    for (int i = 0; i <= n->taint_count; i++) {
        const char *key, *value = "";
        if (i < n->taint_count) {
            if (n->taints[i].effect != TAINT_NO_EXECUTE) continue;
            key = n->taints[i].key, value = n->taints[i].value;
        } else if (n->not_ready) {
            key = UNREACHABLE;
        } else {
            break;
        }
        taints++;
        const toleration_t *used = NULL;
        for (int k = 0; k < pl->toleration_count && !used; k++)
            if (sched_tolerates(&pl->tolerations[k], key, value, TAINT_NO_EXECUTE))
                used = &pl->tolerations[k];
        if (!used && key == UNREACHABLE) { /* the admission plugin's default toleration */
            limited = true;
            if (s->sc->toleration_seconds < min) min = s->sc->toleration_seconds;
            continue;
        }
        if (!used) return 0;
        if (used->has_seconds) {
            limited = true;
            if (used->seconds < min) min = used->seconds;
        }
    }
    if (taints == 0 || !limited) return -1;
    return min > 0 ? min : 0;
}

static void taint_evict(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    p->evict_timer = false;
    sim_ref_t ref = SIM_REF_NONE;
    ref.kind = SIM_EVK_EVICTION, ref.service = p->service, ref.node = p->node;
    model_event_ref(s, ref, "Normal", "TaintManagerEviction", p->name,
                    "Marking for deletion Pod %s/%s", s->sc->services[p->service].namespace_,
                    p->name);
    pod_delete(s, pi, "evicted");
}

/* The taint manager looks at every pod of the node: evicts those whose toleration has run
 * out (or that tolerate a NoExecute taint not at all), starts the timers of the others (a
 * timer once started keeps its time, as the manager keeps a scheduled eviction), cancels
 * timers when the taints are gone, and wakes up again at the next eviction. */
static void taint_check(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    n->taint_gen++;
    if (n->removed) return;
    sim_time_t now = model_now(s), next = INT64_MAX;
    for (int pi = n->head; pi >= 0;) {
        int next_pod = s->pods[pi].node_next;
        pod_t *p = &s->pods[pi];
        /* no taint manager on bare metal: processes wait for their server */
        if (p->phase == POD_TERMINATING || p->phase == POD_DELETED || bare_service(s, p->service)) {
            pi = next_pod;
            continue;
        }
        sim_time_t t = pod_toleration_time(s, n, p);
        if (t < 0) {
            p->evict_timer = false;
        } else {
            if (!p->evict_timer) p->evict_timer = true, p->evict_at = now + t;
            if (p->evict_at <= now)
                taint_evict(s, pi);
            else if (p->evict_at < next)
                next = p->evict_at;
        }
        pi = next_pod;
    }
    if (next < INT64_MAX) engine_schedule(s->eng, next, EV_NODE_EVICT, (uint32_t)ni, n->taint_gen);
}

/* A node finished provisioning (or re-provisioning): the kubelet registers and is Ready. */
static void node_ready(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    n->provisioning = false;
    node_changed(s, ni, NODE_CHG_SCHED);
    s->nodes_changed++;
    n->heartbeat_since = model_now(s);
    model_event(s, "Normal", "NodeReady", n->name, "Node %s status is now: NodeReady", n->name);
    node_changed(s, ni, NODE_CHG_REPORT | NODE_CHG_RETRY);
    faults_node_ready(s, ni);
}

static void start_provisioning(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    sim_time_t t = dist_sample(&ps->provisioning_time, s->rng_pool_provision[n->pool]);
    n->provisioning = true;
    node_changed(s, ni, NODE_CHG_SCHED);
    s->nodes_changed++;
    n->provision_start = model_now(s);
    n->provision_end = model_now(s) + t;
    engine_schedule(s->eng, n->provision_end, EV_NODE_PROVISIONED, (uint32_t)ni, n->gen);
}

static void repair_node(sim_t *s, int ni, bool fresh_machine) {
    node_t *n = &s->nodes[ni];
    if (!n->failed || n->removed) return;
    n->failed = false;
    n->gen++;
    if (n->provisioning) { /* it failed while provisioning: provisioning starts over */
        model_event(s, "Normal", "NodeRepaired", n->name, "Node %s is being provisioned again",
                    n->name);
        start_provisioning(s, ni);
        return;
    }
    bool was_not_ready = n->not_ready;
    n->not_ready = false;
    node_changed(s, ni, NODE_CHG_SCHED);
    n->heartbeat_since = model_now(s);
    if (fresh_machine) images_node_gone(s, ni); /* a new machine has no images */
    images_restart_pulls(s, ni);
    if (was_not_ready)
        model_event(s, "Normal", "NodeReady", n->name, "Node %s status is now: NodeReady", n->name);
    else
        model_event(s, "Normal", "NodeRepaired", n->name, "Node %s is back", n->name);
    for (int pi = n->head; pi >= 0;) {
        int next = s->pods[pi].node_next;
        pod_node_repaired(s, pi, fresh_machine);
        pi = next;
    }
    if (was_not_ready) taint_check(s, ni); /* the unreachable taint is gone */
    node_changed(s, ni, NODE_CHG_REPORT | NODE_CHG_RETRY);
    faults_node_ready(s, ni);
    if (n->draining) engine_schedule(s->eng, model_now(s), EV_DRAIN_TICK, (uint32_t)ni, n->gen);
}

/* The node object is deleted (the autoscaler removed it, or gave up on its provisioning):
 * pods still bound to it are deleted with it (the pod garbage collector), node-hours stop. */
void node_remove(sim_t *s, int ni) {
    node_t *n = &s->nodes[ni];
    if (n->removed) return;
    for (int pi = n->head; pi >= 0;) {
        int next = s->pods[pi].node_next;
        pod_node_repaired(s, pi, true); /* fresh machine: every pod finishes deleting */
        pi = next;
    }
    metrics_cost_advance(s);
    s->nodes_up -= 1;
    s->price_up -= s->sc->pools[n->pool].price_per_hour;
    images_node_gone(s, ni); /* no longer a Node the scheduler lists */
    n->removed = true;
    s->nodes_changed++;
    n->draining = false;
    n->gen++; /* cancels its timers */
    node_changed(s, ni, NODE_CHG_SCHED | NODE_CHG_REPORT | NODE_CHG_RETRY);
}

/* ---- events and actions ---- */

void node_handle_event(sim_t *s, const engine_event_t *ev) {
    int ni = (int)ev->a;
    switch (ev->kind) {
    case EV_PULL_DONE:
        if (s->nodes[ni].gen == (uint32_t)(ev->b >> 32) && !s->nodes[ni].failed)
            images_pull_done(s, ni, (int)(uint32_t)ev->b);
        break;
    case EV_NODE_MONITOR:
        if (s->nodes[ni].gen == (uint32_t)ev->b && s->nodes[ni].failed) node_not_ready(s, ni);
        break;
    case EV_NODE_EVICT:
        if (s->nodes[ni].taint_gen == (uint32_t)ev->b) taint_check(s, ni);
        break;
    case EV_NODE_PROVISIONED: {
        node_t *n = &s->nodes[ni];
        if (n->gen != (uint32_t)ev->b || !n->provisioning || n->failed || n->removed) break;
        node_ready(s, ni);
        break;
    }
    case EV_FAULT_REPAIR:
        if (s->nodes[ni].gen == (uint32_t)ev->b) repair_node(s, ni, (ev->b >> 32) != 0);
        break;
    case EV_DRAIN_TICK:
        drain_step(s, ni, (uint32_t)ev->b);
        break;
    }
}

/* failZone / repairZone: every node of the zone stops (or resumes) heartbeating at once, as
 * when a zone loses power or network. */
int node_zone_set(sim_t *s, int zone, bool fail, const char *why) {
    int changed = 0;
    for (int ni = 0; ni < s->node_count; ni++) {
        node_t *n = &s->nodes[ni];
        if (n->zone != zone || n->removed) continue;
        if (fail && !n->failed) {
            node_fail(s, ni, why);
            changed++;
        } else if (!fail && n->failed) {
            repair_node(s, ni, false);
            changed++;
        }
    }
    return changed;
}

static int zone_action(sim_t *s, const action_t *a, char *err, size_t errlen) {
    char why[96];
    snprintf(why, sizeof why, "failZone %s", s->sc->zones[a->zone]);
    int changed = node_zone_set(s, a->zone, a->action == ACTION_FAIL_ZONE, why);
    if (changed == 0) {
        snprintf(err, errlen, "zone %s has no node %s", s->sc->zones[a->zone],
                 a->action == ACTION_FAIL_ZONE ? "that is up" : "that has failed");
        return -1;
    }
    char obj[96];
    snprintf(obj, sizeof obj, LABEL_ZONE "=%s", s->sc->zones[a->zone]);
    model_decision(s, "faults", obj, a->action == ACTION_FAIL_ZONE ? "zone down" : "zone back",
                   "%s %s: %d node(s) of the zone", action_names[a->action], s->sc->zones[a->zone],
                   changed);
    return 0;
}

/* kubectl taint nodes NODE key=value:EFFECT (and key[:EFFECT]- to remove). */
static int taint_action(sim_t *s, int ni, const action_t *a, char *err, size_t errlen) {
    node_t *n = &s->nodes[ni];
    const taint_spec_t *t = &a->taint;
    if (a->action == ACTION_TAINT) {
        for (int i = 0; i < n->taint_count; i++)
            if (!strcmp(n->taints[i].key, t->key) && n->taints[i].effect == t->effect) {
                snprintf(err, errlen, "node %s already has a taint with key (%s) and effect (%s)",
                         n->name, t->key, taint_effect_names[t->effect]);
                return -1;
            }
        if (node_taint_add(s, ni, t->key, t->value, t->effect) != 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        model_event(s, "Normal", "Taint", n->name, "Node %s tainted %s=%s:%s", n->name, t->key,
                    t->value, taint_effect_names[t->effect]);
    } else {
        int removed = 0;
        for (int i = n->taint_count - 1; i >= 0; i--)
            if (!strcmp(n->taints[i].key, t->key) &&
                (a->untaint_effect < 0 || (int)n->taints[i].effect == a->untaint_effect)) {
                node_taint_remove(s, n, i);
                removed++;
            }
        if (!removed) {
            snprintf(err, errlen, "taint \"%s\" not found on node %s", t->key, n->name);
            return -1;
        }
        model_event(s, "Normal", "Untaint", n->name, "Node %s untainted %s", n->name, t->key);
        node_changed(s, ni, NODE_CHG_RETRY);
    }
    taint_check(s, ni);
    node_changed(s, ni, NODE_CHG_REPORT);
    return 0;
}

int node_action(sim_t *s, const action_t *a, char *err, size_t errlen) {
    if (a->action == ACTION_FAIL_ZONE || a->action == ACTION_REPAIR_ZONE)
        return zone_action(s, a, err, errlen);
    if (a->action == ACTION_ADD_NODE) {
        int ni = node_add(s, a->pool, true);
        if (ni < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        model_event(s, "Normal", "RegisteredNode", s->nodes[ni].name,
                    "Node %s is being provisioned", s->nodes[ni].name);
        return 0;
    }
    int ni = -1;
    for (int i = 0; i < s->node_count; i++)
        if (s->nodes[i].pool == a->pool && s->nodes[i].index == a->node) ni = i;
    if (ni < 0 || s->nodes[ni].removed) {
        snprintf(err, errlen, "no node %s-%d", s->sc->pools[a->pool].name, a->node + 1);
        return -1;
    }
    node_t *n = &s->nodes[ni];
    switch (a->action) {
    case ACTION_TAINT:
    case ACTION_UNTAINT:
        return taint_action(s, ni, a, err, errlen);
    case ACTION_FAIL_NODE:
        if (n->failed) {
            snprintf(err, errlen, "node %s has already failed", n->name);
            return -1;
        }
        node_fail(s, ni, "failNode");
        break;
    case ACTION_REPAIR_NODE:
        if (!n->failed) {
            snprintf(err, errlen, "node %s has not failed", n->name);
            return -1;
        }
        repair_node(s, ni, false);
        break;
    case ACTION_CORDON_NODE:
        if (!n->cordoned || n->ca_deleting)
            model_event(s, "Normal", "NodeNotSchedulable", n->name,
                        "Node %s status is now: NodeNotSchedulable", n->name);
        n->cordoned = true;
        if (n->ca_deleting) { /* a person took the node over: the autoscaler lets it be */
            n->ca_deleting = false;
            n->draining = false;
        }
        node_changed(s, ni, NODE_CHG_SCHED | NODE_CHG_REPORT);
        break;
    case ACTION_UNCORDON_NODE:
        if (n->ca_deleting) {
            snprintf(err, errlen, "node %s is being removed by the cluster autoscaler", n->name);
            return -1;
        }
        if (n->cordoned)
            model_event(s, "Normal", "NodeSchedulable", n->name,
                        "Node %s status is now: NodeSchedulable", n->name);
        n->cordoned = false;
        n->draining = false;
        node_changed(s, ni, NODE_CHG_SCHED | NODE_CHG_REPORT | NODE_CHG_RETRY);
        break;
    case ACTION_DRAIN_NODE:
        if (n->ca_deleting) {
            snprintf(err, errlen, "node %s is being removed by the cluster autoscaler", n->name);
            return -1;
        }
        node_drain_start(s, ni, false);
        break;
    default:
        snprintf(err, errlen, "not a node action");
        return -1;
    }
    return 0;
}
