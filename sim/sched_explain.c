/* sched_explain: the FailedScheduling message (k8s: FitError.Error(), framework/types.go)
 * and the filter verdicts preemption.c and the tests ask for, from node_fit's typed result. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "sched_filter.h"
#include "sched_nodes.h"
#include "scheduler.h"

/* ---- FailedScheduling ---- */

typedef struct {
    char text[112]; /* the reason */
    int count;      /* nodes */
} reason_t;

#define MAX_REASONS 16

/* count nodes with the reason text */
static void reason_add(reason_t *r, int *n, const char *text, int count) {
    for (int i = 0; i < *n; i++)
        if (strcmp(r[i].text, text) == 0) {
            r[i].count += count;
            return;
        }
    if (*n == MAX_REASONS) { /* never in practice: counted with the last one */
        r[*n - 1].count += count;
        return;
    }
    snprintf(r[*n].text, sizeof r[*n].text, "%s", text);
    r[(*n)++].count = count;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp((const char *)a, (const char *)b);
}

/* k8s: FitError.Error(), framework/types.go — "N reason" per distinct reason, sorted as
 * strings (sort.Strings: "10 x" before "2 y"), joined by ", ". Appends to buf. */
static void append_histogram(char *buf, size_t size, const reason_t *r, int n) {
    char items[MAX_REASONS][128];
    for (int i = 0; i < n; i++)
        snprintf(items[i], sizeof items[i], "%d %s", r[i].count, r[i].text);
    qsort(items, (size_t)n, sizeof items[0], cmp_str);
    size_t len = strlen(buf);
    for (int i = 0; i < n && len < size; i++) {
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : " ", items[i]);
    }
}

/* The filter's reasons for a node that does not fit (one, or two for NodeResourcesFit), and
 * whether preemption could help (the failure is Unschedulable, not ...AndUnresolvable). */
static bool fit_resolvable(fit_t f, const fit_detail_t *d) {
    return f == FIT_SPREAD || f == FIT_POD_ANTI || f == FIT_EXISTING_ANTI ||
           (f == FIT_RESOURCES && !d->unresolvable);
}

static int fit_reasons(const node_t *n, fit_t f, const fit_detail_t *d, char text[2][112],
                       bool *resolvable) {
    *resolvable = fit_resolvable(f, d);
    switch (f) {
    case FIT_OK:
    case FIT_ABSENT:
        return 0;
    case FIT_UNSCHEDULABLE:
        snprintf(text[0], 112, "node(s) were unschedulable");
        return 1;
    case FIT_TAINT: /* k8s ≤ 1.34: tainttoleration.go ErrReasonNotMatch with the taint */
        snprintf(text[0], 112, "node(s) had untolerated taint {%s: %s}", n->taints[d->taint].key,
                 n->taints[d->taint].value);
        return 1;
    case FIT_SPREAD: /* k8s: podtopologyspread ErrReasonConstraintsNotMatch (Unschedulable) */
        snprintf(text[0], 112, "node(s) didn't match pod topology spread constraints");
        return 1;
    case FIT_SPREAD_LABEL: /* ErrReasonNodeLabelNotMatch (UnschedulableAndUnresolvable) */
        snprintf(text[0], 112,
                 "node(s) didn't match pod topology spread constraints (missing required label)");
        return 1;
    case FIT_UNREACHABLE:
        snprintf(text[0], 112, "node(s) had untolerated taint {node.kubernetes.io/unreachable: }");
        return 1;
    case FIT_CA_TAINT:
        /* the taint's value is the Unix time it was added; the model's clock starts at 0 */
        snprintf(text[0], 112,
                 "node(s) had untolerated taint {ToBeDeletedByClusterAutoscaler: %lld}",
                 (long long)(n->drain_since / SIM_SEC));
        return 1;
    case FIT_AFFINITY:
        snprintf(text[0], 112, "node(s) didn't match Pod's node affinity/selector");
        return 1;
    case FIT_POD_AFFINITY: /* k8s: interpodaffinity (UnschedulableAndUnresolvable) */
        snprintf(text[0], 112, "node(s) didn't match pod affinity rules");
        return 1;
    case FIT_POD_ANTI: /* (Unschedulable: preemption could remove the pods) */
        snprintf(text[0], 112, "node(s) didn't match pod anti-affinity rules");
        return 1;
    case FIT_EXISTING_ANTI:
        snprintf(text[0], 112, "node(s) didn't satisfy existing pods anti-affinity rules");
        return 1;
    case FIT_RESOURCES: {
        int k = 0;
        if (d->cpu) snprintf(text[k++], 112, "Insufficient cpu");
        if (d->memory) snprintf(text[k++], 112, "Insufficient memory");
        return k;
    }
    }
    return 0;
}

/* The default profile's Filter verdict for the pod on the node (PreFilter state computed now):
 * "" when it fits, else the first reason as FailedScheduling words it. For the tests. */
const char *sched_filter_reason(sim_t *s, int pi, int ni, char *buf, size_t size) {
    const pod_t *p = &s->pods[pi];
    spread_state_t st;
    spread_prefilter(s, p->service, &st);
    fit_detail_t d = {0};
    fit_t f = node_fit(s, &s->nodes[ni], p, pod_cpu_charge(s, p), pod_mem_charge(s, p), &st, &d);
    char text[2][112];
    bool resolvable;
    snprintf(buf, size, "%s", fit_reasons(&s->nodes[ni], f, &d, text, &resolvable) ? text[0] : "");
    return buf;
}

/* A node's filter failure into the typed histogram (sim.h sim_unfit_t). */
static void unfit_count(int unfit[SIM_UNFIT_KINDS], fit_t f, const fit_detail_t *d) {
    switch (f) {
    case FIT_OK:
    case FIT_ABSENT:
        return;
    case FIT_RESOURCES:
        unfit[SIM_UNFIT_CPU] += d->cpu != 0;
        unfit[SIM_UNFIT_MEMORY] += d->memory != 0;
        return;
    case FIT_TAINT:
    case FIT_CA_TAINT:
        unfit[SIM_UNFIT_TAINT]++;
        return;
    case FIT_UNREACHABLE:
        unfit[SIM_UNFIT_NOT_READY]++;
        return;
    case FIT_UNSCHEDULABLE:
        unfit[SIM_UNFIT_UNSCHEDULABLE]++;
        return;
    case FIT_SPREAD:
    case FIT_SPREAD_LABEL:
        unfit[SIM_UNFIT_SPREAD]++;
        return;
    case FIT_AFFINITY:
    case FIT_POD_AFFINITY:
    case FIT_POD_ANTI:
    case FIT_EXISTING_ANTI:
        unfit[SIM_UNFIT_AFFINITY]++;
        return;
    }
}

/* preemption.c's dry run (SelectVictimsOnNode): the filters on the node with cpu_free/mem_free
 * of its pods' requests taken off (PodTopologySpread and InterPodAffinity still count the
 * victims: upstream's RemovePod extensions are not modelled). */
int sched_preempt_verdict(sim_t *s, int pi, int ni, int64_t cpu_free, int64_t mem_free,
                          char text[2][112], int *nreasons) {
    const pod_t *p = &s->pods[pi];
    node_t *n = &s->nodes[ni];
    spread_state_t st;
    spread_prefilter(s, p->service, &st);
    fit_detail_t d = {0};
    n->cpu_alloc -= cpu_free;
    n->mem_alloc -= mem_free;
    fit_t f = node_fit(s, n, p, pod_cpu_charge(s, p), pod_mem_charge(s, p), &st, &d);
    n->cpu_alloc += cpu_free;
    n->mem_alloc += mem_free;
    *nreasons = 0;
    if (f == FIT_ABSENT) return -1;
    if (f == FIT_OK) return 0;
    bool resolvable = false;
    *nreasons = fit_reasons(n, f, &d, text, &resolvable);
    return resolvable ? 1 : 2;
}

/* One reason of the histogram, typed: the filter's verdict and what its words depend on (which
 * resource, which of the node's taints, the autoscaler taint's time), so that the walk over
 * the nodes compares integers and formats each distinct reason once. */
typedef struct {
    fit_t kind;
    int64_t sub;
    const node_t *n; /* the first node with it (FIT_TAINT: whose taint `sub`) */
    int count;
} reason_key_t;

#define MAX_KEYS 64

typedef struct {
    reason_key_t k[MAX_KEYS];
    int n;
    int last; /* the key the previous node counted to: most nodes fail as their neighbour */
} reason_keys_t;

static bool key_is(const reason_key_t *k, fit_t f, int64_t sub, const node_t *node) {
    if (k->kind != f) return false;
    if (f != FIT_TAINT) return k->sub == sub;
    const node_taint_t *a = &k->n->taints[k->sub], *b = &node->taints[sub];
    return !strcmp(a->key, b->key) && !strcmp(a->value, b->value);
}

static void key_add(reason_keys_t *ks, fit_t f, int64_t sub, const node_t *node) {
    if (ks->n > 0 && key_is(&ks->k[ks->last], f, sub, node)) {
        ks->k[ks->last].count++;
        return;
    }
    for (int i = 0; i < ks->n; i++)
        if (key_is(&ks->k[i], f, sub, node)) {
            ks->k[i].count++;
            ks->last = i;
            return;
        }
    if (ks->n == MAX_KEYS) { /* never in practice: counted with the last one */
        ks->k[ks->n - 1].count++;
        return;
    }
    ks->last = ks->n;
    ks->k[ks->n++] = (reason_key_t){f, sub, node, 1};
}

/* The typed reasons in their words, merged by text in order of first appearance: the same
 * histogram as adding each node's words one by one. */
static int keys_to_reasons(const reason_keys_t *ks, reason_t *r) {
    const reason_key_t *k = ks->k;
    int nr = 0, nk = ks->n;
    for (int i = 0; i < nk; i++) {
        fit_detail_t d = {0};
        d.cpu = k[i].kind == FIT_RESOURCES && k[i].sub == 0;
        d.memory = k[i].kind == FIT_RESOURCES && k[i].sub == 1;
        d.taint = k[i].kind == FIT_TAINT ? (int)k[i].sub : 0;
        char text[2][112];
        bool resolvable;
        if (fit_reasons(k[i].n, k[i].kind, &d, text, &resolvable) > 0)
            reason_add(r, &nr, text[0], k[i].count);
    }
    return nr;
}

/* node_fit's verdict on a plain node (registered, schedulable, untainted, Ready, no pod
 * nominated to it) for a pod whose other filters are PreFilter's zone verdict at most: from
 * the packed record, as scheduler.c's filter reads it. */
static fit_t plain_fit(const sim_t *s, const sched_node_t *h, const pod_t *p, int64_t cpu,
                       int64_t mem, const spread_state_t *st, fit_detail_t *d) {
    const pool_spec_t *ps = &s->sc->pools[h->pool];
    if (ps->runtime != s->sc->services[p->service].runtime) return FIT_AFFINITY;
    d->cpu = cpu > 0 && cpu > h->free_cpu;
    d->memory = mem > 0 && mem > h->free_mem;
    d->unresolvable = (d->cpu && cpu > ps->cpu) || (d->memory && mem > ps->memory);
    if (d->cpu || d->memory) return FIT_RESOURCES;
    if (st->count > 0 && !st->zone_pass[h->zone + 1])
        return h->zone < 0 ? FIT_SPREAD_LABEL : FIT_SPREAD;
    return FIT_OK;
}

/* The filters' verdicts over every node: the reasons' histogram into why (after its prefix),
 * the typed one into unfit, and how many nodes preemption could (pre[1]) or could not help. */
static void unfit_histogram(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem,
                            const spread_state_t *st, char *why, size_t size,
                            int unfit[SIM_UNFIT_KINDS], int pre[2]) {
    reason_keys_t ks;
    ks.n = ks.last = 0;
    pre[0] = pre[1] = 0;
    bool plain = (st->count == 0 || (st->zone_filter && st->zone_only)) && !st->pod_affinity &&
                 !st->affinity;
    for (int i = 0; i < s->node_count; i++) {
        const node_t *n = &s->nodes[i];
        const sched_node_t *h = &s->sched_nodes[i];
        fit_detail_t d = {0};
        fit_t f = plain && h->blocked == SCHED_NODE_PLAIN && !(s->prio && n->nominated)
                      ? plain_fit(s, h, p, cpu, mem, st, &d)
                      : node_fit(s, n, p, cpu, mem, st, &d);
        if (f == FIT_OK || f == FIT_ABSENT) continue;
        if (f == FIT_RESOURCES) {
            if (d.cpu) key_add(&ks, f, 0, n);
            if (d.memory) key_add(&ks, f, 1, n);
        } else {
            int64_t sub = f == FIT_TAINT      ? d.taint
                          : f == FIT_CA_TAINT ? n->drain_since / SIM_SEC
                                              : 0;
            key_add(&ks, f, sub, n);
        }
        unfit_count(unfit, f, &d);
        pre[fit_resolvable(f, &d)]++;
    }
    reason_t r[MAX_REASONS];
    int nr = keys_to_reasons(&ks, r);
    append_histogram(why, size, r, nr);
}

/* Whether the verdicts depend only on the nodes, the pod's service and requests, and the zone
 * verdicts: no pod counts per node (hostname spread, pod affinity) are read. */
static bool memo_able(const spread_state_t *st) {
    return (st->count == 0 || (st->zone_filter && st->zone_only)) && !st->pod_affinity;
}

static size_t zone_pass_size(const sim_t *s, const spread_state_t *st) {
    static_assert(sizeof s->sched_why.zone_pass == ZONE_PASS_MAX + 1, "sched_why.zone_pass");
    return st->count > 0 ? (size_t)s->sc->zone_count + 1 : 0;
}

/* Whom node_fit judges alike: the pods of one service; those of services that tolerate no
 * taint and ask for no node (their filters differ only by runtime and the zone verdicts, both
 * compared too), alike across services (-1 - runtime). */
static int memo_who(const sim_t *s, const pod_t *p, const spread_state_t *st) {
    const placement_spec_t *pl = st->pl;
    if (pl->toleration_count == 0 && !st->affinity)
        return -1 - (int)s->sc->services[p->service].runtime;
    return p->service;
}

static bool memo_valid(const sim_t *s, const struct sched_why *m, const pod_t *p, int64_t cpu,
                       int64_t mem, int present, const spread_state_t *st) {
    return m->gen == s->sched_gen + 1 && memo_able(st) && m->nodes_changed == s->nodes_changed &&
           m->who == memo_who(s, p, st) && m->cpu == cpu && m->mem == mem &&
           m->present == present && m->zone_bytes == zone_pass_size(s, st) &&
           memcmp(m->zone_pass, st->zone_pass, m->zone_bytes) == 0;
}

/* The FailedScheduling message: the filters' reasons over every node, then (k8s ≥ 1.24) the
 * DefaultPreemption PostFilter's: a node whose failure preemption could resolve (only
 * NodeResourcesFit's Unschedulable) has no victim, since every pod has priority 0 — "No
 * preemption victims found for incoming pod"; the others "Preemption is not helpful for
 * scheduling" (k8s: preemption.go, default_preemption.go SelectVictimsOnNode).
 * Without priorities and per-node pod counts the message depends only on the pod's service and
 * requests, the zone verdicts and the nodes: the pods of a ReplicaSet that fail together reuse
 * it while no node changed in a way the filters see (sched_gen). */
void sched_failed_scheduling(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int present,
                             const spread_state_t *st, const char *post) {
    /* the same histogram typed, for the dashboard's Why panel */
    sim_ref_t ref = SIM_REF_NONE;
    ref.kind = SIM_EVK_FAILED_SCHEDULING, ref.service = p->service, ref.from = present;
    if (present == 0) { /* k8s: schedule_one.go ErrNoNodesAvailable, no preemption */
        model_event_ref(s, ref, "Warning", "FailedScheduling", p->name,
                        "no nodes available to schedule pods");
        return;
    }
    struct sched_why *m = &s->sched_why;
    if (!post && memo_valid(s, m, p, cpu, mem, present, st)) {
        memcpy(ref.unfit, m->unfit, sizeof ref.unfit);
        model_event_ref(s, ref, "Warning", "FailedScheduling", p->name, "%s", m->text);
        return;
    }
    char *why = m->text;
    size_t size = sizeof m->text;
    int pre[2];
    snprintf(why, size, "0/%d nodes are available:", present);
    unfit_histogram(s, p, cpu, mem, st, why, size, ref.unfit, pre);
    size_t len = strlen(why);
    m->gen = 0;
    if (post) { /* priorities in play: preemption.c's PostFilter message ("" if it nominated) */
        if (len < size) snprintf(why + len, size - len, ".%s%s", *post ? " " : "", post);
        model_event(s, "Warning", "FailedScheduling", p->name, "%s", why);
        return;
    }
    if (len < size)
        snprintf(why + len, size - len, ". preemption: 0/%d nodes are available:", present);
    reason_t r[2];
    int nr = 0;
    static const char *const words[2] = {"Preemption is not helpful for scheduling",
                                         "No preemption victims found for incoming pod"};
    for (int i = 0; i < 2; i++)
        if (pre[i] > 0) {
            snprintf(r[nr].text, sizeof r[nr].text, "%s", words[i]);
            r[nr++].count = pre[i];
        }
    append_histogram(why, size, r, nr);
    len = strlen(why);
    if (len < size) snprintf(why + len, size - len, ".");
    model_event_ref(s, ref, "Warning", "FailedScheduling", p->name, "%s", why);
    if (memo_able(st)) {
        m->gen = s->sched_gen + 1, m->nodes_changed = s->nodes_changed;
        m->who = memo_who(s, p, st), m->cpu = cpu, m->mem = mem, m->present = present;
        m->zone_bytes = zone_pass_size(s, st);
        memcpy(m->zone_pass, st->zone_pass, m->zone_bytes);
        memcpy(m->unfit, ref.unfit, sizeof m->unfit);
    }
}
