/* sched_explain: the FailedScheduling message (k8s: FitError.Error(), framework/types.go)
 * and the filter verdicts preemption.c and the tests ask for, from node_fit's typed result. */
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

static void reason_add(reason_t *r, int *n, const char *text) {
    for (int i = 0; i < *n; i++)
        if (strcmp(r[i].text, text) == 0) {
            r[i].count++;
            return;
        }
    if (*n == MAX_REASONS) { /* never in practice: counted with the last one */
        r[*n - 1].count++;
        return;
    }
    snprintf(r[*n].text, sizeof r[*n].text, "%s", text);
    r[(*n)++].count = 1;
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
static int fit_reasons(const node_t *n, fit_t f, const fit_detail_t *d, char text[2][112],
                       bool *resolvable) {
    *resolvable = false;
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
        *resolvable = true;
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
        *resolvable = true;
        return 1;
    case FIT_EXISTING_ANTI:
        snprintf(text[0], 112, "node(s) didn't satisfy existing pods anti-affinity rules");
        *resolvable = true;
        return 1;
    case FIT_RESOURCES: {
        int k = 0;
        if (d->cpu) snprintf(text[k++], 112, "Insufficient cpu");
        if (d->memory) snprintf(text[k++], 112, "Insufficient memory");
        *resolvable = !d->unresolvable;
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

/* The FailedScheduling message: the filters' reasons over every node, then (k8s ≥ 1.24) the
 * DefaultPreemption PostFilter's: a node whose failure preemption could resolve (only
 * NodeResourcesFit's Unschedulable) has no victim, since every pod has priority 0 — "No
 * preemption victims found for incoming pod"; the others "Preemption is not helpful for
 * scheduling" (k8s: preemption.go, default_preemption.go SelectVictimsOnNode). */
void sched_failed_scheduling(sim_t *s, const pod_t *p, int64_t cpu, int64_t mem, int present,
                             const spread_state_t *st, const char *post) {
    char why[1024];
    /* the same histogram typed, for the dashboard's Why panel */
    sim_ref_t ref = SIM_REF_NONE;
    ref.kind = SIM_EVK_FAILED_SCHEDULING, ref.service = p->service, ref.from = present;
    if (present == 0) { /* k8s: schedule_one.go ErrNoNodesAvailable, no preemption */
        model_event_ref(s, ref, "Warning", "FailedScheduling", p->name,
                        "no nodes available to schedule pods");
        return;
    }
    reason_t r[MAX_REASONS], pre[2];
    int nr = 0, npre = 0;
    for (int i = 0; i < s->node_count; i++) {
        const node_t *n = &s->nodes[i];
        fit_detail_t d = {0};
        fit_t f = node_fit(s, n, p, cpu, mem, st, &d);
        if (f == FIT_OK || f == FIT_ABSENT) continue;
        char text[2][112];
        bool resolvable = false;
        int k = fit_reasons(n, f, &d, text, &resolvable);
        for (int j = 0; j < k; j++)
            reason_add(r, &nr, text[j]);
        unfit_count(ref.unfit, f, &d);
        reason_add(pre, &npre,
                   resolvable ? "No preemption victims found for incoming pod"
                              : "Preemption is not helpful for scheduling");
    }
    snprintf(why, sizeof why, "0/%d nodes are available:", present);
    append_histogram(why, sizeof why, r, nr);
    size_t len = strlen(why);
    if (post) { /* priorities in play: preemption.c's PostFilter message ("" if it nominated) */
        if (len < sizeof why)
            snprintf(why + len, sizeof why - len, ".%s%s", *post ? " " : "", post);
        model_event(s, "Warning", "FailedScheduling", p->name, "%s", why);
        return;
    }
    if (len < sizeof why)
        snprintf(why + len, sizeof why - len, ". preemption: 0/%d nodes are available:", present);
    append_histogram(why, sizeof why, pre, npre);
    len = strlen(why);
    if (len < sizeof why) snprintf(why + len, sizeof why - len, ".");
    model_event_ref(s, ref, "Warning", "FailedScheduling", p->name, "%s", why);
}
