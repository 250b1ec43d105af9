/* scheduler: places Pending pods on nodes like kube-scheduler's default profile.
 * Filter (schedulable, untainted, room for requests + runtime overhead), stop after enough
 * feasible nodes (percentageOfNodesToScore), score NodeResourcesFit (least allocated) ×1,
 * BalancedAllocation ×1, PodTopologySpread ×2, ImageLocality ×1, break ties at random. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* The index of the pod's image (name:tag) in the world's image table, -1 if never pulled:
 * looked up once per scheduling attempt, not per node scored. */
static int pod_image_index(const sim_t *s, const pod_t *p) {
    const version_spec_t *v = pod_version(s, p);
    if (!v->image_name) return -1;
    char key[256];
    snprintf(key, sizeof key, "%s:%s", v->image_name, v->name);
    for (int i = 0; i < s->image_count; i++)
        if (strcmp(s->images[i].name, key) == 0) return i;
    return -1;
}

static bool node_has(const node_t *n, int image) {
    for (int i = 0; i < n->image_count; i++)
        if (n->images[i].image == image) return n->images[i].present;
    return false;
}

void sched_spread_add(sim_t *s, int service, int node, int delta) {
    int *c = &s->spread[service * s->spread_cap + node];
    service_t *sv = &s->services[service];
    if (*c == 0 && delta > 0) sv->nodes_used++;
    *c += delta;
    if (*c == 0 && delta < 0) sv->nodes_used--;
    sv->placed += delta;
    /* density at the peak: how many of its pods a node holds */
    if (delta > 0 && sv->placed >= sv->peak_placed && sv->nodes_used > 0) {
        double ppn = (double)sv->placed / sv->nodes_used;
        if (sv->placed > sv->peak_placed || ppn > sv->peak_ppn) sv->peak_ppn = ppn;
        sv->peak_placed = sv->placed;
    }
}

void sched_enqueue(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    p->pend_next = -1;
    p->pend_prev = s->pending_tail;
    if (s->pending_tail >= 0) s->pods[s->pending_tail].pend_next = pi;
    else s->pending_head = pi;
    s->pending_tail = pi;
    p->queued = true;
}

void sched_dequeue(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (!p->queued) return;
    if (p->pend_prev >= 0) s->pods[p->pend_prev].pend_next = p->pend_next;
    else s->pending_head = p->pend_next;
    if (p->pend_next >= 0) s->pods[p->pend_next].pend_prev = p->pend_prev;
    else s->pending_tail = p->pend_prev;
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

typedef struct {
    int insufficient_cpu, insufficient_memory, unschedulable, not_ready, runtime;
    int absent; /* provisioning or removed: no Node object the scheduler could list */
} filter_stats_t;

static bool fits(const sim_t *s, const node_t *n, const pod_t *p, int64_t cpu, int64_t mem,
                 filter_stats_t *st) {
    if (n->removed || n->provisioning) {
        st->absent++;
        return false;
    }
    if (n->not_ready) {
        st->not_ready++;
        return false;
    }
    if (n->cordoned) {
        st->unschedulable++;
        return false;
    }
    if (s->sc->pools[n->pool].runtime != s->sc->services[p->service].runtime) {
        st->runtime++;
        return false;
    }
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    bool ok = true;
    if (n->cpu_alloc + cpu > ps->cpu) {
        st->insufficient_cpu++;
        ok = false;
    }
    if (n->mem_alloc + mem > ps->memory) {
        st->insufficient_memory++;
        ok = false;
    }
    return ok;
}

static double score_node(sim_t *s, int ni, const pod_t *p, int64_t cpu, int64_t mem, int max_spread,
                         int min_spread, int image_index) {
    const node_t *n = &s->nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    double fc = (double)(n->cpu_alloc + cpu) / (double)ps->cpu;
    double fm = (double)(n->mem_alloc + mem) / (double)ps->memory;
    /* NodeResourcesFit LeastAllocated: mean of free fractions, 0..100 */
    double fit = ((1 - fc) + (1 - fm)) / 2 * 100;
    /* BalancedAllocation: 1 - std dev of the two fractions = 1 - |fc - fm| / 2 */
    double balanced = (1 - fabs(fc - fm) / 2) * 100;
    /* PodTopologySpread (hostname, ScheduleAnyway): fewer pods of the service score higher */
    int cnt = s->spread[p->service * s->spread_cap + ni];
    double spread = max_spread == min_spread
                        ? 100
                        : 100.0 * (double)(max_spread - cnt) / (double)(max_spread - min_spread);
    /* ImageLocality: image already present, scaled between 23 MiB and 1000 MiB */
    double image = 0;
    const version_spec_t *v = pod_version(s, p);
    if (image_index >= 0 && node_has(n, image_index)) {
        double mb = (double)v->image_size / (1024.0 * 1024.0);
        image = mb <= 23 ? 0 : mb >= 1000 ? 100 : (mb - 23) / (1000 - 23) * 100;
    }
    return fit + balanced + 2 * spread + image;
}

bool sched_try(sim_t *s, int pi, bool report) {
    pod_t *p = &s->pods[pi];
    if (p->node >= 0 || p->phase != POD_PENDING) return true;
    int64_t cpu = pod_cpu_charge(s, p), mem = pod_mem_charge(s, p);
    int all = s->node_count;
    int want = nodes_to_find(all);
    filter_stats_t st = {0};
    int nf = 0;
    int start = all ? s->sched_cursor % all : 0;
    int visited = 0;
    for (; visited < all && nf < want; visited++) {
        int ni = (start + visited) % all;
        if (fits(s, &s->nodes[ni], p, cpu, mem, &st)) s->sched_feasible[nf++] = ni;
    }
    if (all) s->sched_cursor = (start + visited) % all;
    if (nf == 0) {
        if (report && !p->failed_scheduling_reported) {
            char why[256];
            int len = snprintf(why, sizeof why, "0/%d nodes are available:", all - st.absent);
            struct { int n; const char *what; } parts[] = {
                {st.insufficient_cpu, "Insufficient cpu"},
                {st.insufficient_memory, "Insufficient memory"},
                {st.not_ready, "node(s) had untolerated taint {node.kubernetes.io/unreachable: }"},
                {st.unschedulable, "node(s) were unschedulable"},
                {st.runtime, "node(s) didn't match Pod's node affinity/selector"},
            };
            const char *sep = " ";
            for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
                if (!parts[i].n || len >= (int)sizeof why) continue;
                len += snprintf(why + len, sizeof why - (size_t)len, "%s%d %s", sep, parts[i].n, parts[i].what);
                sep = ", ";
            }
            if (len < (int)sizeof why) snprintf(why + len, sizeof why - (size_t)len, ".");
            model_event(s, "Warning", "FailedScheduling", p->name, "%s", why);
            p->failed_scheduling_reported = true;
        }
        return false;
    }
    int maxc = 0, minc = INT32_MAX;
    for (int i = 0; i < nf; i++) {
        int c = s->spread[p->service * s->spread_cap + s->sched_feasible[i]];
        if (c > maxc) maxc = c;
        if (c < minc) minc = c;
    }
    int best = -1;
    double best_score = -1;
    int ties = 0;
    int image_index = pod_image_index(s, p);
    for (int i = 0; i < nf; i++) {
        int ni = s->sched_feasible[i];
        double sc = score_node(s, ni, p, cpu, mem, maxc, minc, image_index);
        if (best < 0 || sc > best_score + 1e-9) {
            best = ni;
            best_score = sc;
            ties = 1;
        } else if (fabs(sc - best_score) <= 1e-9) {
            /* reservoir sampling: every tied node equally likely (the scheduling stream) */
            ties++;
            if (gsl_rng_uniform_int(s->rng_sched, (unsigned long)ties) == 0) best = ni;
        }
    }
    sched_dequeue(s, pi);
    p->failed_scheduling_reported = false;
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
