/* preemption: pod priority as kube-scheduler uses it. The scheduling queue pops higher
 * priorities first; a pod that fits nowhere runs the DefaultPreemption PostFilter: on the
 * nodes where evicting lower-priority pods would make room it picks the fewest, least
 * important victims (PodDisruptionBudgets respected where possible), deletes them gracefully
 * and nominates itself to the node (status.nominatedNodeName); the filters then count it on
 * that node for pods of no higher priority, so the room it waits for is not taken.
 * k8s: pkg/scheduler/framework/plugins/defaultpreemption/default_preemption.go,
 * pkg/scheduler/framework/preemption/preemption.go, pkg/scheduler/util/utils.go. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "drain.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "pod_side.h"
#include "preemption.h"
#include "scheduler.h"

typedef struct {
    int levels;     /* distinct priorities among the services */
    int *value;     /* per level, highest first */
    int *svc_level; /* per service */
    int *tail;      /* per level: the queue's last pod of that level, -1 */
    int lowest;     /* the lowest priority of any service */
    /* per pod (pod_side.h): the DisruptionTarget condition PreemptionByScheduler */
    struct prio_pod {
        uint32_t serial;
        bool preempted;
    } * pods;
    int pod_cap;
} prio_t;

void preempt_mark(sim_t *s, int pi, bool victim) {
    prio_t *pr = s->prio;
    struct prio_pod *m =
        pr ? pod_side_get((void **)&pr->pods, &pr->pod_cap, sizeof *m, s, pi) : NULL;
    if (m) m->preempted = victim; /* out of memory: the condition is not kept */
}

bool preempt_victim(const sim_t *s, int pi) {
    const prio_t *pr = s->prio;
    const struct prio_pod *m = pr ? pod_side_peek(pr->pods, pr->pod_cap, sizeof *m, s, pi) : NULL;
    return m && m->preempted;
}

int prio_of(const sim_t *s, const pod_t *p) {
    return s->sc->services[p->service].placement.priority;
}

static int cmp_desc(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x < y) - (x > y);
}

int prio_init(sim_t *s) {
    int n = s->sc->service_count;
    if (n == 0) return 0;
    int *v = malloc(sizeof *v * (size_t)n);
    if (!v) return -1;
    for (int i = 0; i < n; i++)
        v[i] = s->sc->services[i].placement.priority;
    qsort(v, (size_t)n, sizeof *v, cmp_desc);
    int levels = 0;
    for (int i = 0; i < n; i++)
        if (i == 0 || v[i] != v[levels - 1]) v[levels++] = v[i];
    if (levels == 1) { /* one priority: FIFO, no preemption possible */
        free(v);
        return 0;
    }
    prio_t *pr = calloc(1, sizeof *pr);
    int *svc = malloc(sizeof *svc * (size_t)n), *tail = malloc(sizeof *tail * (size_t)levels);
    if (!pr || !svc || !tail) {
        free(pr), free(svc), free(tail), free(v);
        return -1;
    }
    for (int i = 0; i < n; i++)
        for (int l = 0; l < levels; l++)
            if (v[l] == s->sc->services[i].placement.priority) svc[i] = l;
    for (int l = 0; l < levels; l++)
        tail[l] = -1;
    *pr = (prio_t){
        .levels = levels, .value = v, .svc_level = svc, .tail = tail, .lowest = v[levels - 1]};
    s->prio = pr;
    return 0;
}

void prio_free(sim_t *s) {
    prio_t *pr = s->prio;
    if (!pr) return;
    free(pr->value), free(pr->svc_level), free(pr->tail), free(pr->pods);
    free(pr);
    s->prio = NULL;
}

/* ---- the queue ---- */

static int level_of(const sim_t *s, int pi) {
    return ((const prio_t *)s->prio)->svc_level[s->pods[pi].service];
}

int prio_queue_after(const sim_t *s, int pi) {
    const prio_t *pr = s->prio;
    /* behind the last pod of its priority or, if none waits, of the nearest higher one */
    for (int l = level_of(s, pi); l >= 0; l--)
        if (pr->tail[l] >= 0) return pr->tail[l];
    return -1;
}

void prio_queue_linked(sim_t *s, int pi) {
    ((prio_t *)s->prio)->tail[level_of(s, pi)] = pi;
}

void prio_queue_unlinking(sim_t *s, int pi) {
    prio_t *pr = s->prio;
    int l = level_of(s, pi), prev = s->pods[pi].pend_prev;
    if (pr->tail[l] == pi) pr->tail[l] = prev >= 0 && level_of(s, prev) == l ? prev : -1;
}

/* ---- nominated pods ---- */

void prio_nominated_load(const sim_t *s, const node_t *n, const pod_t *p, int64_t *cpu,
                         int64_t *mem) {
    int prio = prio_of(s, p);
    for (int k = n->nominated; k; k = s->pods[k - 1].nom_next) {
        const pod_t *q = &s->pods[k - 1];
        if (q == p || prio_of(s, q) < prio) continue;
        *cpu += pod_cpu_charge(s, q);
        *mem += pod_mem_charge(s, q);
    }
}

void prio_clear_nomination(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    if (!p->nominated) return;
    node_t *n = &s->nodes[p->nominated - 1];
    for (int *link = &n->nominated; *link; link = &s->pods[*link - 1].nom_next)
        if (*link == pi + 1) {
            *link = p->nom_next;
            break;
        }
    p->nominated = p->nom_next = 0;
}

static void nominate(sim_t *s, int pi, int ni) {
    prio_clear_nomination(s, pi);
    pod_t *p = &s->pods[pi];
    p->nominated = ni + 1;
    p->nom_next = s->nodes[ni].nominated;
    s->nodes[ni].nominated = pi + 1;
}

/* ---- the pure parts ---- */

bool preempt_more_important(int prio_a, sim_time_t start_a, int prio_b, sim_time_t start_b) {
    if (prio_a != prio_b) return prio_a > prio_b;
    return start_a < start_b;
}

int preempt_num_candidates(int nodes) {
    int n = nodes * 10 / 100;
    if (n < 100) n = 100;
    return n > nodes ? nodes : n;
}

/* One ordering criterion of pickOneNodeForPreemption: the score (higher wins) of c. */
static int64_t pick_score(const preempt_candidate_t *c, int f) {
    switch (f) {
    case 0:
        return -(int64_t)c->pdb_violations;
    case 1:
        return -(int64_t)c->highest;
    case 2:
        return -c->sum;
    case 3:
        return -(int64_t)c->victims;
    default:
        return c->earliest;
    }
}

int preempt_pick(const preempt_candidate_t *c, int n) {
    if (n <= 0) return -1;
    int *keep = malloc(sizeof *keep * (size_t)n), kept = n;
    if (!keep) return 0;
    for (int i = 0; i < n; i++)
        keep[i] = i;
    for (int f = 0; f < 5 && kept > 1; f++) {
        int64_t best = INT64_MIN;
        for (int i = 0; i < kept; i++)
            if (pick_score(&c[keep[i]], f) > best) best = pick_score(&c[keep[i]], f);
        int m = 0;
        for (int i = 0; i < kept; i++)
            if (pick_score(&c[keep[i]], f) == best) keep[m++] = keep[i];
        kept = m;
    }
    int r = keep[0]; /* still tied: the first */
    free(keep);
    return r;
}

/* ---- SelectVictimsOnNode ---- */

typedef struct {
    int *pods; /* potential victims, then the victims */
    int cap;
} scratch_t;

/* MoreImportantPod, ties by pod index (upstream's sort.Slice leaves them unordered). */
static bool before(const sim_t *s, int a, int b) {
    const pod_t *x = &s->pods[a], *y = &s->pods[b];
    int px = prio_of(s, x), py = prio_of(s, y);
    if (preempt_more_important(px, x->start_time, py, y->start_time)) return true;
    if (preempt_more_important(py, y->start_time, px, x->start_time)) return false;
    return a < b;
}

/* Most important first; a node's pods are few, so an insertion sort (no global context). */
static void sort_importance(const sim_t *s, int *v, int n) {
    for (int i = 1; i < n; i++) {
        int x = v[i], j = i;
        for (; j > 0 && before(s, x, v[j - 1]); j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* k8s: filterPodsWithPDBViolation: going down the sorted pods, each takes one of its
 * budget's disruptionsAllowed; a pod past the budget would violate it. */
static bool *pdb_violating(sim_t *s, const int *v, int n) {
    bool *viol = calloc((size_t)n + 1, sizeof *viol);
    int *svc = malloc(sizeof *svc * ((size_t)n + 1)),
        *left = malloc(sizeof *left * ((size_t)n + 1));
    int budgets = 0;
    for (int i = 0; viol && svc && left && i < n; i++) {
        int sv = s->pods[v[i]].service;
        if (s->sc->services[sv].pdb.kind == PDB_NONE) continue;
        int b = 0;
        while (b < budgets && svc[b] != sv)
            b++;
        if (b == budgets) svc[budgets] = sv, left[budgets++] = pdb_disruptions_allowed(s, sv);
        viol[i] = --left[b] < 0;
    }
    free(svc), free(left);
    return viol;
}

/* The victims on node ni for the pod (into sc->pods, most important first), with the node's
 * candidate record; else the node's status: 2 UnschedulableAndUnresolvable ("No preemption
 * victims found for incoming pod"), 1 Unschedulable (the reasons in text). */
static int select_victims(sim_t *s, int pi, int ni, scratch_t *sc, preempt_candidate_t *cand,
                          char text[2][112], int *nreasons) {
    const node_t *n = &s->nodes[ni];
    int prio = prio_of(s, &s->pods[pi]), np = 0;
    int64_t cpu = 0, mem = 0;
    for (int q = n->head; q >= 0; q = s->pods[q].node_next) {
        const pod_t *v = &s->pods[q];
        if (v->phase == POD_DELETED || prio_of(s, v) >= prio) continue;
        if (np == sc->cap) {
            int cap = sc->cap ? sc->cap * 2 : 64, *g = realloc(sc->pods, sizeof *g * (size_t)cap);
            if (!g) return 2;
            sc->pods = g, sc->cap = cap;
        }
        sc->pods[np++] = q;
        cpu += pod_cpu_charge(s, v), mem += pod_mem_charge(s, v);
    }
    *nreasons = 0;
    if (np == 0) {
        snprintf(text[0], 112, "No preemption victims found for incoming pod");
        *nreasons = 1;
        return 2;
    }
    int r = sched_preempt_verdict(s, pi, ni, cpu, mem, text, nreasons);
    if (r != 0) return r < 0 ? 2 : r;
    sort_importance(s, sc->pods, np);
    bool *viol = pdb_violating(s, sc->pods, np);
    if (!viol) return 2;
    /* reprieve: the violating pods first, then the others, most important first */
    int nv = 0, violations = 0;
    int *victims = malloc(sizeof *victims * (size_t)np);
    for (int pass = 0; victims && pass < 2; pass++)
        for (int i = 0; i < np; i++) {
            if (viol[i] != (pass == 0)) continue;
            const pod_t *v = &s->pods[sc->pods[i]];
            int64_t c = pod_cpu_charge(s, v), m = pod_mem_charge(s, v);
            char t[2][112];
            int k;
            if (sched_preempt_verdict(s, pi, ni, cpu - c, mem - m, t, &k) == 0) {
                cpu -= c, mem -= m; /* it stays */
                continue;
            }
            victims[nv++] = sc->pods[i];
            violations += pass == 0;
        }
    free(viol);
    if (!victims) return 2;
    sort_importance(s, victims, nv);
    memcpy(sc->pods, victims, sizeof *victims * (size_t)nv);
    free(victims);
    *cand = (preempt_candidate_t){ni, violations, nv, 0, 0, 0};
    cand->highest = prio_of(s, &s->pods[sc->pods[0]]);
    cand->earliest = INT64_MAX;
    for (int i = 0; i < nv; i++) {
        const pod_t *v = &s->pods[sc->pods[i]];
        cand->sum += (int64_t)prio_of(s, v) + 2147483648LL;
        if (prio_of(s, v) == cand->highest && v->start_time < cand->earliest)
            cand->earliest = v->start_time;
    }
    return 0;
}

/* ---- the PostFilter ---- */

/* k8s: PodEligibleToPreemptOthers: not with preemptionPolicy Never, nor while pods it
 * preempted on its nominated node are still terminating (unless that node no longer fits it
 * at all). "" when eligible, else the reason. */
static const char *eligible(sim_t *s, int pi) {
    const pod_t *p = &s->pods[pi];
    if (s->sc->services[p->service].placement.preempt_never)
        return "not eligible due to preemptionPolicy=Never.";
    if (!p->nominated) return "";
    int ni = p->nominated - 1;
    char text[2][112];
    int k;
    if (sched_preempt_verdict(s, pi, ni, 0, 0, text, &k) != 1) return "";
    int prio = prio_of(s, p);
    for (int q = s->nodes[ni].head; q >= 0; q = s->pods[q].node_next)
        if (preempt_victim(s, q) && s->pods[q].phase == POD_TERMINATING &&
            prio_of(s, &s->pods[q]) < prio)
            return "not eligible due to a terminating pod on the nominated node.";
    return "";
}

typedef struct {
    char text[112];
    int count;
} pf_item_t;

static void pf_hist_add(pf_item_t *h, int *n, const char *text) {
    for (int i = 0; i < *n; i++)
        if (!strcmp(h[i].text, text)) {
            h[i].count++;
            return;
        }
    if (*n == 8) return;
    snprintf(h[*n].text, sizeof h[*n].text, "%s", text);
    h[(*n)++].count = 1;
}

static int cmp_item(const void *a, const void *b) {
    return strcmp((const char *)a, (const char *)b);
}

/* k8s: FitError.Error() of the dry run: "preemption: 0/N nodes are available: ..." with the
 * reasons sorted as strings (the nodes left out: "Preemption is not helpful for scheduling"). */
static void fit_error(char *msg, size_t size, int present, const pf_item_t *h, int n) {
    char items[8][128];
    for (int i = 0; i < n; i++)
        snprintf(items[i], sizeof items[i], "%d %.111s", h[i].count, h[i].text);
    qsort(items, (size_t)n, sizeof items[0], cmp_item);
    size_t len = (size_t)snprintf(msg, size, "preemption: 0/%d nodes are available:", present);
    for (int i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(msg + len, size - len, "%s%s", i ? ", " : " ", items[i]);
    if (len < size) snprintf(msg + len, size - len, ".");
}

/* k8s: prepareCandidate: the victims get the DisruptionTarget condition, a Preempted event
 * and a graceful deletion; lower-priority pods nominated to the node lose their nomination. */
static void prepare(sim_t *s, int pi, const preempt_candidate_t *c, const int *victims) {
    pod_t *p = &s->pods[pi];
    const node_t *n = &s->nodes[c->node];
    char uid[37], obj[96];
    pod_uid(p, s->sc->services[p->service].namespace_, uid);
    for (int i = 0; i < c->victims; i++) {
        pod_t *v = &s->pods[victims[i]];
        if (v->phase == POD_TERMINATING) continue; /* its deletion has begun */
        preempt_mark(s, victims[i], true);
        snprintf(obj, sizeof obj, "Pod/%s", v->name);
        model_event(s, "Normal", "Preempted", obj, "Preempted by pod %s on node %s", uid, n->name);
        pod_delete(s, victims[i], "preempted");
    }
    int prio = prio_of(s, p);
    for (int k = s->nodes[c->node].nominated; k;) {
        int next = s->pods[k - 1].nom_next;
        if (prio_of(s, &s->pods[k - 1]) < prio) prio_clear_nomination(s, k - 1);
        k = next;
    }
    nominate(s, pi, c->node);
    snprintf(obj, sizeof obj, "Pod/%s", p->name);
    char dec[160];
    snprintf(dec, sizeof dec, "preempt %d pod%s on %s", c->victims, c->victims == 1 ? "" : "s",
             n->name);
    model_decision(s, "scheduler", obj, dec,
                   "priority %d fits no node; evicting lower-priority pods makes room on %s "
                   "(%d PodDisruptionBudget violation%s, highest victim priority %d, %d "
                   "victim%s): nominatedNodeName %s, it waits for them to terminate",
                   prio, n->name, c->pdb_violations, c->pdb_violations == 1 ? "" : "s", c->highest,
                   c->victims, c->victims == 1 ? "" : "s", n->name);
}

bool preempt_post_filter(sim_t *s, int pi, bool want_msg, char *msg, size_t size) {
    const prio_t *pr = s->prio;
    const pod_t *p = &s->pods[pi];
    const char *why = eligible(s, pi);
    if (*why) {
        snprintf(msg, size, "preemption: %s", why);
        return false;
    }
    /* no lower priority anywhere: only the message can come out of it */
    if (prio_of(s, p) <= pr->lowest && !want_msg) return false;
    pf_item_t h[8];
    int nh = 0, present = 0, npot = 0;
    int *pot = malloc(sizeof *pot * ((size_t)s->node_count + 1));
    if (!pot) return false;
    for (int ni = 0; ni < s->node_count; ni++) {
        char text[2][112];
        int k, r = sched_preempt_verdict(s, pi, ni, 0, 0, text, &k);
        if (r < 0) continue;
        present++;
        if (r == 1)
            pot[npot++] = ni; /* Unschedulable: removing pods may help */
        else if (r == 2)
            pf_hist_add(h, &nh, "Preemption is not helpful for scheduling");
    }
    /* k8s: DryRunPreemption from a random offset until enough candidates, at least one of
     * them violating no budget */
    int want = preempt_num_candidates(npot);
    int offset = npot > 1 ? (int)gsl_rng_uniform_int(s->rng_sched, (unsigned long)npot) : 0;
    preempt_candidate_t *cand = malloc(sizeof *cand * ((size_t)npot + 1));
    int **vict = calloc((size_t)npot + 1, sizeof *vict);
    int nc = 0, nonviol = 0;
    scratch_t sc = {NULL, 0};
    for (int i = 0; cand && vict && i < npot && !(nonviol > 0 && nc >= want); i++) {
        int ni = pot[(offset + i) % npot];
        char text[2][112];
        int k = 0;
        int r = select_victims(s, pi, ni, &sc, &cand[nc], text, &k);
        if (r != 0) {
            for (int j = 0; j < k; j++)
                pf_hist_add(h, &nh, text[j]);
            continue;
        }
        vict[nc] = malloc(sizeof **vict * (size_t)cand[nc].victims);
        if (!vict[nc]) continue;
        memcpy(vict[nc], sc.pods, sizeof **vict * (size_t)cand[nc].victims);
        nonviol += cand[nc].pdb_violations == 0;
        nc++;
    }
    /* candidates: those violating no budget first, then the others (k8s: DryRunPreemption) */
    int best = -1;
    if (nc > 0) {
        preempt_candidate_t *ord = malloc(sizeof *ord * (size_t)nc);
        int *map = malloc(sizeof *map * (size_t)nc), m = 0;
        for (int pass = 0; ord && map && pass < 2; pass++)
            for (int i = 0; i < nc; i++)
                if ((cand[i].pdb_violations == 0) == (pass == 0)) ord[m] = cand[i], map[m++] = i;
        if (ord && map) best = map[preempt_pick(ord, m)];
        free(ord), free(map);
    }
    if (best >= 0) {
        prepare(s, pi, &cand[best], vict[best]);
        msg[0] = 0;
    } else {
        fit_error(msg, size, present, h, nh);
    }
    for (int i = 0; vict && i < nc; i++)
        free(vict[i]);
    free(vict), free(cand), free(pot), free(sc.pods);
    return best >= 0;
}

/* ---- sim_clone ---- */

void prio_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c) {
    const prio_t *pr = src->prio;
    dst->prio = NULL;
    if (!pr) return;
    prio_t *n = clone_dup(c, pr, 1, 1, sizeof *pr);
    if (!n) return;
    size_t levels = (size_t)pr->levels, svcs = (size_t)src->sc->service_count;
    /* prio_init keeps its sorted array of every service's priority: service_count entries */
    n->value = clone_dup(c, pr->value, svcs, svcs, sizeof *pr->value);
    n->svc_level = clone_dup(c, pr->svc_level, svcs, svcs, sizeof *pr->svc_level);
    n->tail = clone_dup(c, pr->tail, levels, levels, sizeof *pr->tail);
    n->pods = clone_dup(c, pr->pods, (size_t)pr->pod_cap, (size_t)pr->pod_cap, sizeof *pr->pods);
    if (!n->pods) n->pod_cap = 0;
    dst->prio = n;
}
