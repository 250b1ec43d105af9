/* ca_scale_down: the cluster autoscaler's scale-down (kubernetes/autoscaler,
 * cluster-autoscaler/core/scaledown), split out of autoscaler.c, whose state (ca_state.h) and
 * snapshot it uses. A node is unneeded when it is Ready in an autoscaling pool above its min
 * size (the candidates' pre-filter), its requests are under the pool's
 * scaleDownUtilizationThreshold, and every pod on it fits elsewhere under its
 * PodDisruptionBudget; one unneeded for scaleDownUnneededTime (and outside the cooldowns)
 * is removed: empty ones at once, busy ones drained, never below the pool's min. */
#include <stdio.h>

#include "autoscaler.h"
#include "ca_scale_down.h"
#include "ca_state.h"
#include "drain.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "nodes.h"

/* k8s: drain.IsPodLongTerminating: its deletionTimestamp (the deletion + the grace period)
 * plus the grace period plus 30 s has passed. */
static bool long_terminating(const sim_t *s, const pod_t *p) {
    if (p->phase != POD_TERMINATING) return false;
    sim_time_t grace = pod_version(s, p)->termination_grace_period;
    return model_now(s) > p->phase_since + 2 * grace + 30 * SIM_SEC;
}

/* A pod removing the node would have to place elsewhere (k8s: simulator.GetPodsToMove, whose
 * drainability rules skip only long-terminating pods here). */
static bool to_move(const sim_t *s, const pod_t *p) {
    return p->phase != POD_DELETED && !long_terminating(s, p);
}

/* A node with no pod to move is empty (stops at the first such pod: a scan asks this of
 * every node, and a pod is a cache miss). */
static bool node_empty(const sim_t *s, const node_t *n) {
    for (int pi = n->head; pi >= 0; pi = s->pods[pi].node_next)
        if (to_move(s, &s->pods[pi])) return false;
    return true;
}

/* k8s: processors/nodes/pre_filtering_processor.go GetScaleDownCandidates: a node whose node
 * group's target size is at or below its min size ("Skipping %s - node group min size
 * reached") is no scale-down candidate: it is not simulated and so never unneeded. The target
 * size (utils.GetNodeGroupSizeMap, NodeGroup.TargetSize) counts the nodes being provisioned
 * and those being drained (the cloud deletion comes after the drain); it is taken once per
 * scan, before the simulation, as upstream. Nodes of pools without autoscaling are no
 * candidates either (no node group); eligible() would refuse them anyway. Fills ca->rank with
 * RANK_SKIPPED for the nodes left out. */
#define RANK_SKIPPED 3
static void pre_filter(sim_t *s, ca_t *ca) {
    int *target = ca->pool_needed; /* scratch per pool (scale-up's, unused here) */
    for (int p = 0; p < s->sc->pool_count; p++)
        target[p] = 0;
    for (int i = 0; i < s->node_count; i++)
        if (!s->nodes[i].removed) target[s->nodes[i].pool]++;
    for (int i = 0; i < s->node_count; i++) {
        const pool_spec_t *ps = &s->sc->pools[s->nodes[i].pool];
        bool candidate = ps->autoscaling && !s->nodes[i].removed &&
                         target[s->nodes[i].pool] > ps->autoscaling_min;
        ca->rank[i] = candidate ? 0 : RANK_SKIPPED;
    }
}

/* The order the nodes are simulated in: empty nodes first, then the nodes unneeded at the
 * previous scan, then the rest, each in index order (k8s: main.go's
 * ScaleDownCandidatesSortingProcessor with EmptySorting, then PreviousCandidates). Emptying a
 * node is free, so an empty node is found unneeded before a busy one would take its place.
 * The nodes pre_filter left out are not ordered: they are no candidates. */
static int candidate_order(sim_t *s, ca_t *ca) {
    for (int i = 0; i < s->node_count; i++) {
        if (ca->rank[i] == RANK_SKIPPED) continue;
        /* node_empty nearly always stops at the node's first pod: fetch it a few nodes ahead */
        if (i + 8 < s->node_count && s->nodes[i + 8].head >= 0)
            __builtin_prefetch(&s->pods[s->nodes[i + 8].head].phase);
        bool empty = node_empty(s, &s->nodes[i]);
        bool previous = ca->unneeded_since[i] >= 0;
        ca->rank[i] = empty ? 0 : previous ? 1 : 2;
    }
    int n = 0;
    for (int pass = 0; pass < 3; pass++)
        for (int i = 0; i < s->node_count; i++)
            if (ca->rank[i] == pass) ca->cand[n++] = i;
    return n;
}

/* k8s: planner.go unneededNodesLimit: with N = --max-scale-down-parallelism, finding more than
 * the unneeded nodes already known + 2N (and never more than N x scaleDownUnneededTime / scan
 * interval + N) is a waste of time: no more can be removed before the next scans. */
static int unneeded_limit(const sim_t *s, const ca_t *ca) {
    const int n = CA_MAX_SCALE_DOWN_PARALLELISM;
    sim_time_t u = 0;
    for (int p = 0; p < s->sc->pool_count; p++)
        if (s->sc->pools[p].autoscaling && s->sc->pools[p].scale_down_unneeded_time > u)
            u = s->sc->pools[p].scale_down_unneeded_time;
    if (u < CA_SCAN_INTERVAL) u = CA_SCAN_INTERVAL;
    int64_t upper = (int64_t)n * (u / CA_SCAN_INTERVAL) + n;
    int64_t limit = (int64_t)ca->unneeded_count + 2 * n;
    return (int)(upper < limit ? upper : limit);
}

/* A node is unneeded when it is Ready in an autoscaling pool, its requests are under the
 * threshold, and every pod on it fits on the other nodes (after the pods of the nodes found
 * unneeded before it, which are taken out of the snapshot) within its budget's disruptions. */
typedef enum { NODE_INELIGIBLE, NODE_UNREMOVABLE, NODE_UNNEEDED } removal_t;

/* k8s: eligibility.go FilterOutUnremovable: Ready in an autoscaling pool, requests under the
 * threshold. */
static bool eligible(const sim_t *s, const node_t *n) {
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    if (!ps->autoscaling || n->removed || n->provisioning || n->failed || n->not_ready ||
        n->cordoned)
        return false;
    double cpu, mem;
    return ca_utilization(s, n, &cpu, &mem) < ps->scale_down_utilization_threshold;
}

/* eligible, then simulator/cluster.go SimulateNodeRemoval (the pods must move). */
static removal_t unneeded(sim_t *s, ca_t *ca, int ni) {
    node_t *n = &s->nodes[ni];
    if (!eligible(s, n)) return NODE_INELIGIBLE;
    for (int pi = n->head; pi >= 0; pi = s->pods[pi].node_next) {
        const pod_t *p = &s->pods[pi];
        if (!to_move(s, p)) continue;
        if (ca->budget[p->service] < 0)
            ca->budget[p->service] = pdb_disruptions_allowed(s, p->service);
    }
    /* move the pods, undoing everything if one of them does not fit or the budget is spent */
    if (n->pod_count > ca->undo_cap) {
        if (!ca_grow(&ca->undo, sizeof *ca->undo, n->pod_count)) return NODE_UNREMOVABLE;
        ca->undo_cap = n->pod_count;
    }
    int moved = 0;
    bool ok = true;
    for (int pi = n->head; pi >= 0 && ok; pi = s->pods[pi].node_next) {
        const pod_t *p = &s->pods[pi];
        if (!to_move(s, p)) continue;
        /* a pod already being deleted needs a place but no disruption of its budget */
        bool evict = p->phase != POD_TERMINATING;
        int dest = !evict || ca->budget[p->service] > 0 ? ca_first_fit(s, ca, p, ni, false) : -1;
        if (dest < 0) {
            ok = false;
            break;
        }
        if (evict) ca->budget[p->service]--;
        ca_room_take(ca, dest, pod_cpu_charge(s, p), pod_mem_charge(s, p));
        ca->undo[moved++] = dest;
    }
    if (ok) {
        ca_node_gone(ca, ni);
        return NODE_UNNEEDED;
    }
    int k = 0;
    for (int pi = n->head; pi >= 0 && k < moved; pi = s->pods[pi].node_next) {
        const pod_t *p = &s->pods[pi];
        if (!to_move(s, p)) continue;
        int dest = ca->undo[k++];
        if (p->phase != POD_TERMINATING) ca->budget[p->service]++;
        ca_room_take(ca, dest, -pod_cpu_charge(s, p), -pod_mem_charge(s, p));
    }
    return NODE_UNREMOVABLE;
}

/* `keeps`: the nodes its pool keeps after the removal. */
static void explain_removal(sim_t *s, int ni, const char *how, int keeps) {
    node_t *n = &s->nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    double cpu, mem;
    double u = ca_utilization(s, n, &cpu, &mem);
    char dec[96];
    snprintf(dec, sizeof dec, "scale down %s (%s)", n->name, how);
    model_decision(s, "cluster-autoscaler", n->name, dec,
                   "requests max(cpu %.0f%%, memory %.0f%%) = %.0f%% < threshold %.0f%% for "
                   "scaleDownUnneededTime %.0f s; its %d pod%s fit on other nodes; pool %s keeps "
                   "%d >= min %d",
                   cpu * 100, mem * 100, u * 100, ps->scale_down_utilization_threshold * 100,
                   (double)ps->scale_down_unneeded_time / SIM_SEC, n->pod_count,
                   n->pod_count == 1 ? "" : "s", ps->name, keeps, ps->autoscaling_min);
}

/* Scale-down, step 1: the nodes being deleted: a dead one goes now, a drain refused for too
 * long is given up. Returns whether one is still draining. */
static bool check_draining(sim_t *s, ca_t *ca) {
    sim_time_t now = model_now(s);
    bool draining = false;
    for (int i = 0; i < s->node_count; i++) {
        node_t *n = &s->nodes[i];
        if (!n->ca_deleting) continue;
        if (n->failed) { /* it died while draining: delete it now, its pods with it */
            ca_node_drained(s, i);
            continue;
        }
        if (n->drain_refused_since >= 0 && now - n->drain_refused_since > CA_MAX_POD_EVICTION) {
            node_drain_abort(s, i);
            model_event(s, "Warning", "ScaleDownFailed", n->name,
                        "failed to drain the node, aborting ScaleDown");
            ca->last_failure = now;
            ca->unneeded_since[i] = -1;
            continue;
        }
        draining = true;
    }
    return draining;
}

/* The pods of the next candidates to simulate, on their way to the cache. A node's pods are a
 * list (node_next) spread over the pod table, and a simulation reads them one cache miss after
 * the other: with every node under the threshold, hundreds of nodes are simulated at each scan
 * (make bench: HPA at scale, 585 nodes of 15 pods every 10 s). Walking the lists of several
 * nodes in step keeps several misses in flight. Reads only: the simulation is unchanged. */
#define WARM_NODES 8
static void warm_pods(const sim_t *s, const ca_t *ca, int from, int cands, sim_time_t now) {
    int cur[WARM_NODES], live = 0;
    for (int k = from; k < cands && k < from + WARM_NODES; k++) {
        const node_t *n = &s->nodes[ca->cand[k]];
        if (now >= ca->recheck_at[ca->cand[k]] && n->head >= 0 && eligible(s, n))
            cur[live++] = n->head;
    }
    while (live > 0) {
        for (int j = 0; j < live;) {
            const pod_t *p = &s->pods[cur[j]];
            __builtin_prefetch(&p->service); /* to_move, the budget and the fit read these */
            __builtin_prefetch(&p->phase);
            cur[j] = p->node_next;
            if (cur[j] < 0)
                cur[j] = cur[--live]; /* this list is done */
            else
                j++;
        }
    }
}

/* Step 2: which nodes are unneeded now; their clocks start or stop. */
static void find_unneeded(sim_t *s, ca_t *ca) {
    sim_time_t now = model_now(s);
    ca_snapshot(s, ca);
    for (int i = 0; i < s->sc->service_count; i++)
        ca->budget[i] = -1;
    pre_filter(s, ca);
    for (int i = 0; i < s->node_count; i++)
        if (ca->rank[i] == RANK_SKIPPED) ca->unneeded_since[i] = -1; /* no candidate */
    int cands = candidate_order(s, ca);
    int limit = unneeded_limit(s, ca), found = 0;
    for (int k = 0; k < cands; k++) {
        int i = ca->cand[k];
        if (k % WARM_NODES == 0 && found < limit) warm_pods(s, ca, k, cands, now);
        /* k8s: a node found unremovable in a simulation is not simulated again before
         * --unremovable-node-recheck-timeout (unremovable.Nodes.IsRecent); past the limit
         * the remaining nodes are not simulated and not unneeded (unneeded.Nodes.Update
         * keeps only the nodes found this time) */
        removal_t r = NODE_INELIGIBLE;
        if (found < limit && now >= ca->recheck_at[i]) r = unneeded(s, ca, i);
        if (r == NODE_UNNEEDED) {
            found++;
            if (ca->unneeded_since[i] < 0) ca->unneeded_since[i] = now;
        } else {
            ca->unneeded_since[i] = -1;
            if (r == NODE_UNREMOVABLE) ca->recheck_at[i] = now + CA_UNREMOVABLE_RECHECK;
        }
    }
    ca->unneeded_count = found;
}

/* Step 3: k8s unneeded/nodes.go RemovableAt: the empty nodes first, then those to drain; each
 * one taken counts against its node group's min size, so an empty node goes before a busy
 * one. Empty nodes are deleted at once, in bulk, without evictions. */
static void remove_unneeded(sim_t *s, ca_t *ca, bool draining) {
    sim_time_t now = model_now(s);
    int empty_removed = 0;
    /* the pools' sizes (not counting nodes being deleted), kept up to date below: one pass
     * over the nodes, not one per removal */
    int *live = ca->pool_size;
    for (int p = 0; p < s->sc->pool_count; p++)
        live[p] = 0;
    for (int i = 0; i < s->node_count; i++)
        if (!s->nodes[i].removed && !s->nodes[i].ca_deleting) live[s->nodes[i].pool]++;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < s->node_count; i++) {
            node_t *n = &s->nodes[i];
            const pool_spec_t *ps = &s->sc->pools[n->pool];
            /* k8s: removable once unneeded for more than scaleDownUnneededTime
             * (`!since.Add(unneededTime).Before(now)` keeps it) */
            if (ca->unneeded_since[i] < 0 ||
                now - ca->unneeded_since[i] <= ps->scale_down_unneeded_time)
                continue;
            bool empty = node_empty(s, n);
            if (empty != (pass == 0)) continue;
            if (live[n->pool] - 1 < ps->autoscaling_min) continue;
            if (empty) {
                if (empty_removed == CA_MAX_EMPTY_BULK) continue;
                empty_removed++;
                model_event(s, "Normal", "ScaleDown", n->name,
                            "marked the node as toBeDeleted/unschedulable");
                explain_removal(s, i, "empty", live[n->pool] - 1);
                live[n->pool]--;
                ca_node_drained(s, i);
            } else if (!draining) {
                draining = true; /* one drain at a time (--max-drain-parallelism 1) */
                model_event(s, "Normal", "ScaleDown", n->name,
                            "marked the node as toBeDeleted/unschedulable");
                explain_removal(s, i, "drain", live[n->pool] - 1);
                live[n->pool]--;
                ca->unneeded_since[i] = -1;
                node_drain_start(s, i, true);
            }
        }
    }
}

void ca_scale_down(sim_t *s, ca_t *ca) {
    sim_time_t now = model_now(s);
    bool draining = check_draining(s, ca);
    find_unneeded(s, ca);
    if (now < ca->last_scale_up + CA_DELAY_AFTER_ADD ||
        now < ca->last_delete + CA_DELAY_AFTER_DELETE ||
        now < ca->last_failure + CA_DELAY_AFTER_FAILURE)
        return; /* cooldown: the unneeded clocks run, nothing is removed */
    remove_unneeded(s, ca, draining);
}
