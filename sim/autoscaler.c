/* autoscaler: the cluster autoscaler (kubernetes/autoscaler, cluster-autoscaler) over the node
 * pools that have `autoscaling`. Every 10 s it looks at the Pending pods: those no existing or
 * coming node can take make a pool grow by as many nodes as binpacking them needs (up to its
 * max; expander random). And it looks for unneeded nodes: Ready, requests under the pool's
 * scaleDownUtilizationThreshold, every pod placeable elsewhere and evictable under its
 * PodDisruptionBudget; one unneeded for scaleDownUnneededTime (and no scale-up for 10 min) is
 * drained and removed, never below the pool's min (ca_scale_down.c). Defaults are
 * cluster-autoscaler's flags (ca_state.h, with the state both files share). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoscaler.h"
#include "autoscaler_fit.h"
#include "ca_expander.h"
#include "ca_scale_down.h"
#include "ca_state.h"
#include "clone.h"
#include "drain.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "nodes.h"
#include "pod_side.h"
#include "preemption.h"
#include "rng.h"
#include "scheduler.h"

/* Why a pool cannot take a pod (NotTriggerScaleUp), in the wording of the autoscaler. */
enum { WHY_HELPED, WHY_MAX, WHY_SELECTOR, WHY_CPU, WHY_MEMORY, WHY_CPU_MEMORY, WHY_NONE };

/* Resizes *p to n elements (at least one) of `elem` bytes; false, *p unchanged, when out of
 * memory. */
bool ca_grow(void *p, size_t elem, int n) {
    void **slot = p;
    void *q = realloc(*slot, elem * (size_t)(n > 0 ? n : 1));
    if (!q) return false;
    *slot = q;
    return true;
}

static int ensure_nodes(ca_t *ca, int n) {
    if (n <= ca->node_cap) return 0;
    int ncap = ca->node_cap ? ca->node_cap : 16;
    while (ncap < n)
        ncap *= 2;
    if (!ca_grow(&ca->unneeded_since, sizeof *ca->unneeded_since, ncap) ||
        !ca_grow(&ca->free_cpu, sizeof *ca->free_cpu, ncap) ||
        !ca_grow(&ca->free_mem, sizeof *ca->free_mem, ncap) ||
        !ca_grow(&ca->gone, sizeof *ca->gone, ncap) ||
        !ca_grow(&ca->usable, sizeof *ca->usable, ncap) ||
        !ca_grow(&ca->cand, sizeof *ca->cand, ncap) ||
        !ca_grow(&ca->recheck_at, sizeof *ca->recheck_at, ncap) || !ca_grow(&ca->rank, 1, ncap))
        return -1;
    for (int i = ca->node_cap; i < ncap; i++) {
        ca->unneeded_since[i] = -1;
        ca->recheck_at[i] = -1;
    }
    ca->node_cap = ncap;
    return 0;
}

static int ensure_pending(ca_t *ca, int n, int pools) {
    if (n <= ca->pending_cap) return 0;
    int ncap = ca->pending_cap ? ca->pending_cap : 64;
    while (ncap < n)
        ncap *= 2;
    if (!ca_grow(&ca->pending, sizeof *ca->pending, ncap) ||
        !ca_grow(&ca->score, sizeof *ca->score, ncap) ||
        !ca_grow(&ca->order, sizeof *ca->order, ncap) || !ca_grow(&ca->why, 1, ncap * pools) ||
        !ca_grow(&ca->bin_cpu, sizeof *ca->bin_cpu, ncap) ||
        !ca_grow(&ca->bin_mem, sizeof *ca->bin_mem, ncap))
        return -1;
    ca->pending_cap = ncap;
    return 0;
}

void ca_init(sim_t *s) {
    bool any = false;
    for (int p = 0; p < s->sc->pool_count; p++)
        any |= s->sc->pools[p].autoscaling;
    if (!any) return;
    ca_t *ca = calloc(1, sizeof *ca);
    if (!ca) return;
    ca->rng = rng_stream(s->seed, "autoscaler", "cluster");
    ca->budget =
        calloc((size_t)(s->sc->service_count > 0 ? s->sc->service_count : 1), sizeof *ca->budget);
    ca->pool_needed = calloc((size_t)s->sc->pool_count, sizeof *ca->pool_needed);
    ca->pool_size = calloc((size_t)s->sc->pool_count, sizeof *ca->pool_size);
    /* the autoscaler has run long before time 0: no cooldown at the start */
    ca->last_scale_up = ca->last_delete = ca->last_failure = -3600 * SIM_SEC;
    if (!ca->rng || !ca->budget || !ca->pool_needed || !ca->pool_size ||
        ca_expander_init(&ca->exp, s->sc) != 0 || ensure_nodes(ca, s->node_count) != 0) {
        s->ca = ca;
        ca_free(s);
        return;
    }
    s->ca = ca;
    engine_schedule(s->eng, CA_SCAN_INTERVAL, EV_CA_SCAN, 0, 0);
}

void ca_free(sim_t *s) {
    ca_t *ca = s->ca;
    if (!ca) return;
    if (ca->rng) gsl_rng_free(ca->rng);
    ca_expander_free(&ca->exp);
    free(ca->unneeded_since);
    free(ca->recheck_at);
    free(ca->rank);
    free(ca->free_cpu);
    free(ca->free_mem);
    free(ca->gone);
    free(ca->usable);
    ca_fit_free(&ca->fit);
    free(ca->cand);
    free(ca->pending);
    free(ca->order);
    free(ca->score);
    free(ca->why);
    free(ca->bin_cpu);
    free(ca->bin_mem);
    free(ca->budget);
    free(ca->undo);
    free(ca->pool_needed);
    free(ca->pool_size);
    free(ca->pods);
    free(ca);
    s->ca = NULL;
}

/* ---- helpers ---- */

/* The pool's runtime, taints and labels admit the pod (k8s: the autoscaler runs the
 * scheduler's filters on a template node of the group). */
static bool runtime_fits(const sim_t *s, const pod_t *p, int pool) {
    return sched_admits(s, p, pool, NULL);
}

/* Nodes of a pool that exist (the node group's current size). */
static int pool_size(const sim_t *s, int pool, bool count_deleting) {
    int n = 0;
    for (int i = 0; i < s->node_count; i++) {
        const node_t *nd = &s->nodes[i];
        if (nd->pool == pool && !nd->removed && (count_deleting || !nd->ca_deleting)) n++;
    }
    return n;
}

double ca_utilization(const sim_t *s, const node_t *n, double *cpu, double *mem) {
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    *cpu = (double)n->cpu_alloc / (double)ps->cpu;
    *mem = (double)n->mem_alloc / (double)ps->memory;
    return *cpu > *mem ? *cpu : *mem;
}

/* Node i of the snapshot can take the pod (its requests cpu, mem). */
static bool fits_at(const sim_t *s, const ca_t *ca, const pod_t *p, int i, int except,
                    bool upcoming, int64_t cpu, int64_t mem) {
    const node_t *n = &s->nodes[i];
    if (i == except || ca->gone[i] || n->removed || n->failed || n->not_ready || n->cordoned)
        return false;
    if (n->provisioning && !upcoming) return false;
    if (!sched_admits(s, p, n->pool, n)) return false;
    return ca->free_cpu[i] >= cpu && ca->free_mem[i] >= mem;
}

/* First node (in index order) of the snapshot with room for the pod, or -1. The tree visits
 * only the nodes with room, in index order, so the first of them that passes the whole rule
 * is the one the linear search finds. */
int ca_first_fit(sim_t *s, ca_t *ca, const pod_t *p, int except, bool upcoming) {
    int64_t cpu = pod_cpu_charge(s, p), mem = pod_mem_charge(s, p);
    if (!ca->fit_ok) {
        for (int i = 0; i < s->node_count; i++)
            if (fits_at(s, ca, p, i, except, upcoming, cpu, mem)) return i;
        return -1;
    }
    for (int i = ca_fit_next(&ca->fit, 0, cpu, mem); i >= 0;
         i = ca_fit_next(&ca->fit, i + 1, cpu, mem))
        if (fits_at(s, ca, p, i, except, upcoming, cpu, mem)) return i;
    return -1;
}

/* The simulation puts (a pod of) cpu, mem on node i, or takes it off with negative ones. */
void ca_room_take(ca_t *ca, int i, int64_t cpu, int64_t mem) {
    ca->free_cpu[i] -= cpu;
    ca->free_mem[i] -= mem;
    if (ca->fit_ok && ca->usable[i] && !ca->gone[i])
        ca_fit_set(&ca->fit, i, ca->free_cpu[i], ca->free_mem[i]);
}

/* The simulation removes node i: no pod goes there any more. */
void ca_node_gone(ca_t *ca, int i) {
    ca->gone[i] = true;
    if (ca->fit_ok) ca_fit_set(&ca->fit, i, CA_FIT_NONE, CA_FIT_NONE);
}

/* A pod whose requests are at least those of a shape that fit nowhere earlier in this scan
 * fits nowhere either: the snapshot's free room only shrinks during a scale-up scan. Pods of
 * one ReplicaSet share a shape, so a thousand Pending pods cost one scan over the nodes. */
static bool fits_nowhere(const sim_t *s, const ca_t *ca, const pod_t *p) {
    int64_t cpu = pod_cpu_charge(s, p), mem = pod_mem_charge(s, p);
    int rt = (int)s->sc->services[p->service].runtime;
    for (int k = 0; k < ca->failed_count; k++)
        if (ca->failed_runtime[k] == rt && cpu >= ca->failed_cpu[k] && mem >= ca->failed_mem[k])
            return true;
    return false;
}

static void remember_failed(const sim_t *s, ca_t *ca, const pod_t *p) {
    if (ca->failed_count == CA_MAX_FAILED_SHAPES) return; /* only a shortcut: scan instead */
    int k = ca->failed_count++;
    ca->failed_cpu[k] = pod_cpu_charge(s, p);
    ca->failed_mem[k] = pod_mem_charge(s, p);
    ca->failed_runtime[k] = (int)s->sc->services[p->service].runtime;
}

void ca_snapshot(sim_t *s, ca_t *ca) {
    for (int i = 0; i < s->node_count; i++) {
        const pool_spec_t *ps = &s->sc->pools[s->nodes[i].pool];
        ca->free_cpu[i] = ps->cpu - s->nodes[i].cpu_alloc;
        ca->free_mem[i] = ps->memory - s->nodes[i].mem_alloc;
        ca->gone[i] = false;
        const node_t *n = &s->nodes[i];
        ca->usable[i] = !(n->removed || n->failed || n->not_ready || n->cordoned);
    }
    ca->fit_ok = ca_fit_build(&ca->fit, s->node_count, ca->free_cpu, ca->free_mem, ca->usable) == 0;
}

/* ---- scale-up ---- */

static const char *const why_text[] = {"",
                                       "max node group size reached",
                                       "node(s) didn't match Pod's node affinity/selector",
                                       "Insufficient cpu",
                                       "Insufficient memory",
                                       "Insufficient cpu, Insufficient memory"};

/* The binpacking estimator for one pool: new nodes, first fit, pods in decreasing order of
 * their share of a node; no more nodes than the pool's max allows. Fills why[k * pools + pool]
 * and returns the nodes needed. */
static int binpack(sim_t *s, ca_t *ca, int count, int pool, int room) {
    const pool_spec_t *ps = &s->sc->pools[pool];
    int pools = s->sc->pool_count;
    int *order = ca->order;
    int m = 0;
    for (int k = 0; k < count; k++) {
        const pod_t *p = &s->pods[ca->pending[k]];
        int64_t cpu = pod_cpu_charge(s, p), mem = pod_mem_charge(s, p);
        unsigned char w = WHY_HELPED;
        if (!runtime_fits(s, p, pool))
            w = WHY_SELECTOR;
        else if (cpu > ps->cpu && mem > ps->memory)
            w = WHY_CPU_MEMORY;
        else if (cpu > ps->cpu)
            w = WHY_CPU;
        else if (mem > ps->memory)
            w = WHY_MEMORY;
        else if (room <= 0)
            w = WHY_MAX;
        ca->why[k * pools + pool] = w;
        if (w != WHY_HELPED) continue;
        ca->score[k] = (double)cpu / (double)ps->cpu + (double)mem / (double)ps->memory;
        /* insertion into `order` by decreasing score, stable */
        int j = m++;
        while (j > 0 && ca->score[order[j - 1]] < ca->score[k]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
    int bins = 0;
    for (int o = 0; o < m; o++) {
        int k = order[o];
        const pod_t *p = &s->pods[ca->pending[k]];
        int64_t cpu = pod_cpu_charge(s, p), mem = pod_mem_charge(s, p);
        int b = 0;
        while (b < bins && !(ca->bin_cpu[b] >= cpu && ca->bin_mem[b] >= mem))
            b++;
        if (b == bins) {
            if (bins == room) {
                ca->why[k * pools + pool] = WHY_MAX;
                continue;
            }
            ca->bin_cpu[bins] = ps->cpu;
            ca->bin_mem[bins] = ps->memory;
            bins++;
        }
        ca->bin_cpu[b] -= cpu;
        ca->bin_mem[b] -= mem;
    }
    return bins;
}

static void not_triggered(sim_t *s, ca_t *ca, int k) {
    pod_t *p = &s->pods[ca->pending[k]];
    struct ca_pod *cp =
        pod_side_get((void **)&ca->pods, &ca->pod_cap, sizeof *cp, s, ca->pending[k]);
    if (!cp || cp->reported) return; /* Kubernetes repeats it every loop; we write it once */
    int pools = s->sc->pool_count;
    int counts[WHY_NONE] = {0};
    for (int pool = 0; pool < pools; pool++)
        if (s->sc->pools[pool].autoscaling) counts[ca->why[k * pools + pool]]++;
    char msg[256];
    size_t len = (size_t)snprintf(msg, sizeof msg, "pod didn't trigger scale-up:");
    const char *sep = " ";
    /* reasons in alphabetical order, as the autoscaler sorts them */
    static const int order[] = {WHY_CPU, WHY_CPU_MEMORY, WHY_MEMORY, WHY_MAX, WHY_SELECTOR};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        int w = order[i];
        if (!counts[w] || len >= sizeof msg) continue;
        len +=
            (size_t)snprintf(msg + len, sizeof msg - len, "%s%d %s", sep, counts[w], why_text[w]);
        sep = ", ";
    }
    char obj[96];
    snprintf(obj, sizeof obj, "Pod/%s", p->name);
    model_event(s, "Normal", "NotTriggerScaleUp", obj, "%s", msg);
    cp->reported = true;
}

/* The expander: of the nopt pools that can help (needed > 0), the one to grow. random: one
 * at random (expander/random); priority: the highest-priority ones first
 * (expander/priority/priority.go, ca_expander.c), then one of them at random. Writes the
 * decision's explanation to how. */
static int expand(sim_t *s, ca_t *ca, const int *needed, int nopt, char *how, size_t hn) {
    int pools = s->sc->pool_count, *opt = malloc(sizeof *opt * (size_t)pools * 2);
    const char **names = malloc(sizeof *names * (size_t)pools);
    if (!opt || !names) {
        free(opt);
        free(names);
        return -1;
    }
    int n = 0, *keep = opt + pools;
    for (int pool = 0; pool < pools; pool++)
        if (needed[pool] > 0) names[n] = s->sc->pools[pool].name, opt[n++] = pool;
    int m = n;
    for (int i = 0; i < n; i++)
        keep[i] = i;
    if (s->sc->ca_expander == CA_EXPANDER_PRIORITY) {
        int best;
        m = ca_expander_priority(&ca->exp, names, n, keep, &best);
        if (best == INT_MIN)
            snprintf(how, hn,
                     "; expander priority: no priority matches a pool that can help, "
                     "random among all");
        else
            snprintf(how, hn,
                     "; expander priority: %d of %d pools that can help have the "
                     "highest matching priority %d",
                     m, nopt, best);
    } else if (nopt > 1) {
        snprintf(how, hn, "; expander random picked this pool");
    }
    unsigned long pick = m > 1 ? gsl_rng_uniform_int(ca->rng, (unsigned long)m) : 0;
    int chosen = opt[keep[pick]];
    free(opt);
    free(names);
    return chosen;
}

/* Scale-up, step 1: the Pending pods that no existing or coming node can take, into
 * ca->pending; returns their number. */
static int filter_pending(sim_t *s, ca_t *ca) {
    int count = 0;
    for (int pi = s->pending_head; pi >= 0; pi = s->pods[pi].pend_next)
        count++;
    if (count == 0 || ensure_pending(ca, count, s->sc->pool_count) != 0) return 0;
    ca_snapshot(s, ca);
    ca->failed_count = 0;
    int left = 0;
    for (int pi = s->pending_head; pi >= 0; pi = s->pods[pi].pend_next) {
        const pod_t *p = &s->pods[pi];
        if (p->node >= 0 || p->phase != POD_PENDING) continue;
        /* k8s cluster-autoscaler: core/utils FilterOutExpendableAndSplit — a pod below
         * --expendable-pods-priority-cutoff (-10) never asks for a node; a pod nominated to
         * a node waits there for its preemption (added to the snapshot on that node) */
        if (prio_of(s, p) < CA_EXPENDABLE_CUTOFF) continue;
        if (p->nominated && !s->nodes[p->nominated - 1].removed) {
            ca_room_take(ca, p->nominated - 1, pod_cpu_charge(s, p), pod_mem_charge(s, p));
            continue;
        }
        int ni = fits_nowhere(s, ca, p) ? -1 : ca_first_fit(s, ca, p, -1, true);
        if (ni < 0) remember_failed(s, ca, p);
        if (ni >= 0) {
            ca_room_take(ca, ni, pod_cpu_charge(s, p), pod_mem_charge(s, p));
            continue;
        }
        ca->pending[left++] = pi;
    }
    return left;
}

/* Step 2: one option per pool (the nodes its binpacking needs); the expander picks one
 * (expand). Returns the pool, -1 = none; the expander's explanation goes to how. */
static int choose_pool(sim_t *s, ca_t *ca, int left, char *how, size_t hn) {
    int pools = s->sc->pool_count;
    int *needed = ca->pool_needed, *sizes = ca->pool_size;
    int nopt = 0, chosen = -1;
    for (int pool = 0; pool < pools; pool++) {
        const pool_spec_t *ps = &s->sc->pools[pool];
        needed[pool] = 0;
        if (!ps->autoscaling) continue;
        sizes[pool] = pool_size(s, pool, true);
        needed[pool] = binpack(s, ca, left, pool, ps->autoscaling_max - sizes[pool]);
        if (needed[pool] > 0) nopt++;
    }
    if (nopt > 0) chosen = expand(s, ca, needed, nopt, how, hn);
    return chosen;
}

/* Step 3: the chosen pool grows; its events and the decision. Returns -1 when the autoscaler's
 * per-node arrays could not follow (out of memory). */
static int grow_pool(sim_t *s, ca_t *ca, int left, int chosen, const char *how) {
    int pools = s->sc->pool_count;
    const int *needed = ca->pool_needed;
    const pool_spec_t *ps = &s->sc->pools[chosen];
    int from = ca->pool_size[chosen], to = from + needed[chosen];
    int helped = 0;
    for (int k = 0; k < left; k++)
        if (ca->why[k * pools + chosen] == WHY_HELPED) helped++;
    for (int i = 0; i < needed[chosen]; i++)
        if (node_add(s, chosen, true) < 0) break;
    if (ensure_nodes(ca, s->node_count) != 0) return -1;
    for (int k = 0; k < left; k++) {
        if (ca->why[k * pools + chosen] != WHY_HELPED) continue;
        char obj[96];
        snprintf(obj, sizeof obj, "Pod/%s", s->pods[ca->pending[k]].name);
        sim_ref_t ref = SIM_REF_NONE;
        ref.kind = SIM_EVK_NODES_UP, ref.pool = chosen, ref.from = from, ref.to = to;
        model_event_ref(s, ref, "Normal", "TriggeredScaleUp", obj,
                        "pod triggered scale-up: [{%s %d->%d (max: %d)}]", ps->name, from, to,
                        ps->autoscaling_max);
    }
    model_event(s, "Normal", "ScaledUpGroup", CA_STATUS,
                "Scale-up: setting group %s size to %d instead of %d (max: %d)", ps->name, to, from,
                ps->autoscaling_max);
    char obj[80], dec[128];
    snprintf(obj, sizeof obj, "NodePool/%s", ps->name);
    snprintf(dec, sizeof dec, "scale up %s %d -> %d", ps->name, from, to);
    model_decision(s, "cluster-autoscaler", obj, dec,
                   "%d Pending pod%s fit no existing or coming node; binpacked onto empty %s "
                   "nodes (%.2f CPU, %.0f MiB each) they need %d node%s (max %d)%s; ready "
                   "after the pool's provisioning time",
                   helped, helped == 1 ? "" : "s", ps->name, (double)ps->cpu / 1000.0,
                   (double)ps->memory / (1024.0 * 1024.0), needed[chosen],
                   needed[chosen] == 1 ? "" : "s", ps->autoscaling_max, how);
    ca->last_scale_up = model_now(s);
    return 0;
}

static bool scale_up(sim_t *s, ca_t *ca) {
    int left = filter_pending(s, ca);
    if (left == 0) return false;
    char how[160] = "";
    int chosen = choose_pool(s, ca, left, how, sizeof how);
    if (chosen >= 0 && grow_pool(s, ca, left, chosen, how) != 0) return true;
    /* step 4: NotTriggerScaleUp for each pod no autoscaled pool could help */
    int pools = s->sc->pool_count;
    for (int k = 0; k < left; k++) {
        bool helpable = false;
        for (int pool = 0; pool < pools; pool++)
            if (s->sc->pools[pool].autoscaling && ca->why[k * pools + pool] == WHY_HELPED)
                helpable = true;
        if (!helpable) not_triggered(s, ca, k);
    }
    return chosen >= 0;
}

sim_time_t ca_unneeded_since(const sim_t *s, int ni) {
    const ca_t *ca = s->ca;
    if (!ca || ni < 0 || ni >= ca->node_cap || !ca->unneeded_since) return -1;
    return ca->unneeded_since[ni];
}

/* k8s: cluster-autoscaler core/scaledown/planner: scale-down is skipped while
 * lastScaleUpTime + ScaleDownDelayAfterAdd (and the delete/failure delays) is in the future. */
bool ca_view(const sim_t *s, sim_ca_view_t *out) {
    const ca_t *ca = s->ca;
    if (!ca) return false;
    sim_time_t now = model_now(s);
    sim_time_t up = ca->last_scale_up + CA_DELAY_AFTER_ADD;
    sim_time_t all = up;
    if (ca->last_delete + CA_DELAY_AFTER_DELETE > all)
        all = ca->last_delete + CA_DELAY_AFTER_DELETE;
    if (ca->last_failure + CA_DELAY_AFTER_FAILURE > all)
        all = ca->last_failure + CA_DELAY_AFTER_FAILURE;
    out->scale_up_until = up > now ? up : -1;
    out->cooldown_until = all > now ? all : -1;
    out->last_scale_up = ca->last_scale_up >= 0 ? ca->last_scale_up : -1;
    return true;
}

void ca_node_drained(sim_t *s, int ni) {
    ca_t *ca = s->ca;
    node_t *n = &s->nodes[ni];
    n->ca_deleting = false;
    node_remove(s, ni);
    sim_ref_t ref = SIM_REF_NONE;
    ref.kind = SIM_EVK_NODE_REMOVED, ref.node = ni, ref.pool = n->pool;
    model_event_ref(s, ref, "Normal", "ScaleDown", n->name, "node removed by cluster autoscaler");
    if (ca) {
        ca->last_delete = model_now(s);
        ca->unneeded_since[ni] = -1;
    }
}

/* ---- the loop ---- */

/* Nodes of an autoscaling pool not Ready within max-node-provision-time are given up. */
static void give_up_provisioning(sim_t *s) {
    sim_time_t now = model_now(s);
    for (int i = 0; i < s->node_count; i++) {
        node_t *n = &s->nodes[i];
        if (n->removed || !n->provisioning || !s->sc->pools[n->pool].autoscaling) continue;
        if (now - n->provision_start <= CA_MAX_NODE_PROVISION) continue;
        char obj[96];
        snprintf(obj, sizeof obj, "Node/%s", n->name);
        model_event(s, "Warning", "ScaleUpTimedOut", obj,
                    "Nodes added to group %s failed to register within 15m0s",
                    s->sc->pools[n->pool].name);
        node_remove(s, i);
    }
}

void ca_scan(sim_t *s) {
    ca_t *ca = s->ca;
    if (!ca) return;
    sim_time_t now = model_now(s);
    if (ensure_nodes(ca, s->node_count) == 0) {
        give_up_provisioning(s);
        if (!scale_up(s, ca)) ca_scale_down(s, ca); /* no scale-down in a loop that scaled up */
    }
    if (now + CA_SCAN_INTERVAL <= s->sc->duration)
        engine_schedule(s->eng, now + CA_SCAN_INTERVAL, EV_CA_SCAN, 0, 0);
}

/* ---- sim_clone ---- */

/* Every array at its capacity: the scratch too, so the copy's growth code finds what it
 * assumes. The expander's compiled regexps are compiled again (regex_t cannot be copied). */
void ca_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c) {
    const ca_t *ca = src->ca;
    dst->ca = NULL;
    if (!ca) return;
    ca_t *n = clone_dup(c, ca, 1, 1, sizeof *ca);
    if (!n) return;
    size_t nodes = (size_t)ca->node_cap, pend = (size_t)ca->pending_cap;
    size_t pools = (size_t)src->sc->pool_count;
    size_t svcs = (size_t)(src->sc->service_count > 0 ? src->sc->service_count : 1);
    n->rng = clone_rng(c, ca->rng);
    n->exp = (ca_expander_t){0};
    if (ca_expander_init(&n->exp, src->sc) != 0) c->failed = true;
    n->unneeded_since = clone_dup(c, ca->unneeded_since, nodes, nodes, sizeof *ca->unneeded_since);
    n->recheck_at = clone_dup(c, ca->recheck_at, nodes, nodes, sizeof *ca->recheck_at);
    n->rank = clone_dup(c, ca->rank, nodes, nodes, 1);
    n->free_cpu = clone_dup(c, ca->free_cpu, nodes, nodes, sizeof *ca->free_cpu);
    n->free_mem = clone_dup(c, ca->free_mem, nodes, nodes, sizeof *ca->free_mem);
    n->gone = clone_dup(c, ca->gone, nodes, nodes, sizeof *ca->gone);
    n->usable = clone_dup(c, ca->usable, nodes, nodes, sizeof *ca->usable);
    n->cand = clone_dup(c, ca->cand, nodes, nodes, sizeof *ca->cand);
    size_t leaves = 2 * (size_t)ca->fit.cap;
    n->fit.cpu = clone_dup(c, ca->fit.cpu, leaves, leaves, sizeof *ca->fit.cpu);
    n->fit.mem = clone_dup(c, ca->fit.mem, leaves, leaves, sizeof *ca->fit.mem);
    if (!n->fit.cpu || !n->fit.mem) n->fit.cap = 0;
    n->pending = clone_dup(c, ca->pending, pend, pend, sizeof *ca->pending);
    n->order = clone_dup(c, ca->order, pend, pend, sizeof *ca->order);
    n->score = clone_dup(c, ca->score, pend, pend, sizeof *ca->score);
    n->why = clone_dup(c, ca->why, pend * pools, pend * pools, 1);
    n->bin_cpu = clone_dup(c, ca->bin_cpu, pend, pend, sizeof *ca->bin_cpu);
    n->bin_mem = clone_dup(c, ca->bin_mem, pend, pend, sizeof *ca->bin_mem);
    n->budget = clone_dup(c, ca->budget, svcs, svcs, sizeof *ca->budget);
    n->undo = clone_dup(c, ca->undo, (size_t)ca->undo_cap, (size_t)ca->undo_cap, sizeof *ca->undo);
    n->pool_needed = clone_dup(c, ca->pool_needed, pools, pools, sizeof *ca->pool_needed);
    n->pool_size = clone_dup(c, ca->pool_size, pools, pools, sizeof *ca->pool_size);
    n->pods = clone_dup(c, ca->pods, (size_t)ca->pod_cap, (size_t)ca->pod_cap, sizeof *ca->pods);
    if (!n->pods) n->pod_cap = 0;
    dst->ca = n;
}
