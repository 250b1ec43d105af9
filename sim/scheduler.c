/* scheduler: places Pending pods on nodes like kube-scheduler's default profile.
 * Filter in the default plugins' order (NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodeResourcesFit: requests + runtime overhead), stop after enough feasible nodes
 * (percentageOfNodesToScore), score with the plugins' integer formulas — NodeResourcesFit
 * (LeastAllocated) ×1, BalancedAllocation ×1, PodTopologySpread (system default constraints:
 * the pod's ReplicaSet over hostnames) ×2, ImageLocality ×1 — and break ties at random. The
 * per-node state it reads (packed node records, pods per ReplicaSet and service on each node)
 * is sched_nodes.c's. Structure of an attempt (sched_try): spread_prefilter
 * (sched_filter.c), filter_nodes, then sched_score_nodes (sched_score.c);
 * sched_failed_scheduling (sched_explain.c) when no node fits. */
#include <stdlib.h>

#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "preemption.h"
#include "sched_filter.h"
#include "sched_index.h"
#include "sched_nodes.h"
#include "scheduler.h"

/* ---- the Pending queue ---- */

void sched_enqueue(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    /* activeQ: by priority, then arrival (preemption.c); one priority: plain FIFO */
    int after = s->prio ? prio_queue_after(s, pi) : s->pending_tail;
    int before = after >= 0 ? s->pods[after].pend_next : s->pending_head;
    p->pend_next = before;
    p->pend_prev = after;
    if (after >= 0)
        s->pods[after].pend_next = pi;
    else
        s->pending_head = pi;
    if (before >= 0)
        s->pods[before].pend_prev = pi;
    else
        s->pending_tail = pi;
    p->queued = true;
    if (s->prio) prio_queue_linked(s, pi);
}

void sched_dequeue(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (p->nominated) prio_clear_nomination(s, pi);
    if (!p->queued) return;
    if (s->prio) prio_queue_unlinking(s, pi);
    if (p->pend_prev >= 0)
        s->pods[p->pend_prev].pend_next = p->pend_next;
    else
        s->pending_head = p->pend_next;
    if (p->pend_next >= 0)
        s->pods[p->pend_next].pend_prev = p->pend_prev;
    else
        s->pending_tail = p->pend_prev;
    p->pend_next = p->pend_prev = -1;
    p->queued = false;
}

/* k8s: numFeasibleNodesToFind, schedule_one.go (adaptive percentageOfNodesToScore) */
static int nodes_to_find(int all) {
    if (all < 100) return all;
    int pct = 50 - all / 125;
    if (pct < 5) pct = 5;
    int n = all * pct / 100;
    return n < 100 ? 100 : n;
}

/* k8s: schedule_one.go findNodesThatPassFilters: from where the previous search stopped
 * (nextStartNodeIndex), the first `want` feasible nodes in node order, into sched_feasible.
 * A node no pod fits (absent, cordoned, NotReady, being deleted) is passed over; a plain one
 * (present, schedulable, untainted, Ready) needs only the runtime and NodeResourcesFit when
 * the pod has no node affinity, hard spread other than on zones (a byte per zone, from
 * PreFilter) or pod affinity and no preemptor is nominated to the node (its requests count for
 * pods of lower priority): the same verdict as node_fit, from the packed record. */
static int filter_nodes(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem,
                        const spread_state_t *st, int want) {
    int all = s->node_count, nf = 0, visited = 0;
    if (all == 0) return 0;
    /* no zone passes the zone constraints: every node fails, and a full walk would end where
     * it began (nextStartNodeIndex + all) */
    if (st->zone_filter && !st->zone_any) return 0;
    int ni = s->sched_cursor % all;
    const scenario_t *sc = s->sc;
    /* hard spread on zones only: the per-zone verdict (zone_pass) */
    const unsigned char *zone_pass = st->count > 0 ? st->zone_pass + 1 : NULL;
    bool fast = (st->count == 0 || (st->zone_filter && st->zone_only)) && !st->pod_affinity &&
                !st->affinity && sc->pool_count <= 256;
    unsigned char pool_ok[256];
    for (int i = 0; fast && i < sc->pool_count; i++)
        pool_ok[i] = sc->pools[i].runtime == sc->services[p->service].runtime;
    const sched_node_t *h = s->sched_nodes;
    /* only preemption nominates (s->prio): without priorities the walk reads no node_t */
    bool nominations = s->prio != NULL;
    int *out = s->sched_feasible;
    for (; visited < all && nf < want; visited++) {
        bool ok;
        if (h[ni].blocked == SCHED_NODE_NEVER)
            ok = false;
        else if (fast && h[ni].blocked == SCHED_NODE_PLAIN &&
                 !(nominations && s->nodes[ni].nominated))
            ok = pool_ok[h[ni].pool] && sched_plain_fits(&h[ni], cpu, mem) &&
                 (!zone_pass || zone_pass[h[ni].zone]);
        else {
            fit_detail_t d;
            ok = node_fit(s, &s->nodes[ni], p, cpu, mem, st, &d) == FIT_OK;
        }
        if (ok) out[nf++] = ni;
        if (++ni == all) ni = 0;
    }
    s->sched_cursor = ni;
    return nf;
}

bool sched_try(sim_t *s, int pi, bool report) {
    pod_t *p = &s->pods[pi];
    if (p->node >= 0 || p->phase != POD_PENDING) return true;
    int64_t cpu = pod_cpu_charge(s, p), mem = pod_mem_charge(s, p);
    /* the nodes the scheduler lists: registered, not deleted (recounted only after a change) */
    if (s->present_at != s->nodes_changed + 1) {
        s->present = 0;
        for (int i = 0; i < s->node_count; i++)
            if (!s->nodes[i].removed && !s->nodes[i].provisioning) s->present++;
        s->present_at = s->nodes_changed + 1;
    }
    int present = s->present;
    spread_state_t st;
    spread_prefilter(s, p->service, &st);
    int want = nodes_to_find(present), best, nf;
    if (!sched_index_place(s, p, cpu, mem, want, &st, &best, &nf)) {
        nf = filter_nodes(s, p, cpu, mem, &st, want);
        best = nf > 0 ? sched_score_nodes(s, p, cpu, mem, nf, present, &st) : -1;
    }
    if (nf == 0) {
        const struct sched_pod *sp = sched_pod_peek(s, pi);
        bool tell = report && !(sp && sp->reported);
        char post[512] = "";
        if (s->prio && present > 0) preempt_post_filter(s, pi, tell, post, sizeof post);
        if (tell) {
            sched_failed_scheduling(s, p, cpu, mem, present, &st, s->prio ? post : NULL);
            struct sched_pod *w = sched_pod(s, pi);
            if (w) w->reported = true;
        }
        return false;
    }
    sched_dequeue(s, pi);
    const struct sched_pod *was = sched_pod_peek(s, pi);
    if (was && was->reported) sched_pod(s, pi)->reported = false; /* a later wait reports again */
    pod_bind(s, pi, best);
    return true;
}

void sched_retry(sim_t *s) {
    s->retry_scheduled = false;
    for (int pi = s->pending_head; pi >= 0;) {
        int next = s->pods[pi].pend_next;
        sched_try(s, pi, false);
        pi = next;
    }
}

/* Something freed room or added a node: retry the Pending pods once, after the current
 * event's other effects (the scheduler reacts to cluster events, not in the same step). */
void sched_cluster_changed(sim_t *s) {
    if (s->retry_scheduled || s->pending_head < 0) return;
    s->retry_scheduled = true;
    engine_schedule(s->eng, model_now(s), EV_SCHEDULE_RETRY, 0, 0);
}
