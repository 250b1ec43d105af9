/* hpa: the HorizontalPodAutoscaler of each service that has one, and the metrics pipeline it
 * reads. metrics-server scrapes every pod's CPU every 15 s; every cluster.hpaSyncPeriod the
 * HPA lists the pods of its Deployment (every ReplicaSet, old and new), turns them into what
 * Kubernetes' replica calculator sees and runs hpa_math.c on them: the calculator, then the
 * legacy limits or the behavior block. A rescale sets the Deployment's spec.replicas and lets
 * the deployment controller do the rest (proportional scaling mid-rollout included). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "deployment.h"
#include "drain.h"
#include "fluid.h"
#include "hpa.h"
#include "hpa_math.h"
#include "hpa_metrics.h"
#include "hpa_steady.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "nodes.h"
#include "traffic.h"

typedef struct {
    char object[96];          /* "HorizontalPodAutoscaler/web" */
    hpa_rec_log_t recs;       /* recommendations (stabilization) */
    hpa_event_log_t up, down; /* scale events (behavior policies) */
    bool initialized;         /* the first sync recorded the initial recommendation */
    int last_error;           /* the metrics error last reported, HPA_MATH_OK when none */
    sim_time_t last_scrape;
    hpa_pod_sample_t *samples; /* scratch: one per pod of the target */
    int cap;
    int recommended; /* the last sync's recommendation from the metric, -1 (the views') */
} hpa_t;

/* ---- the metrics pipeline ---------------------------------------------------------------- */

static bool container_up(const sim_t *s, const pod_t *p) {
    if (p->node < 0 || s->nodes[p->node].failed) return false; /* no kubelet to scrape */
    switch (p->phase) {
    case POD_RUNNING:
    case POD_TERMINATING:
        return true;
    case POD_STARTING:
        return model_now(s) >= p->container_start;
    default:
        return false;
    }
}

/* One scrape of one pod (metrics-server storage/pod.go): the kubelet reports a cumulative CPU
 * point for a running container. A sample is the rate between this point and the previous
 * one of the same container, or, for a container that started 10-15 s before the scrape, the
 * rate since its start. So a new container has its first sample 10-30 s after it starts, and
 * a restarted one loses its sample until then. */
static void scrape_pod(sim_t *s, pod_t *p, int pi) {
    sim_time_t now = model_now(s);
    p->has_metric = false;
    if (!container_up(s, p)) {
        p->metric_point = false;
        return;
    }
    double cpu = traffic_pod_busy(s, pi);
    sim_time_t age = now - p->container_start;
    double used = -1;
    sim_time_t window = 0;
    if (age > 0 && age < METRIC_RESOLUTION && age >= FRESH_CONTAINER_MIN) {
        used = cpu - p->cpu_at_start;
        window = age;
    } else if (p->metric_point && p->container_start < p->window_start && now > p->window_start) {
        used = cpu - p->window_mark;
        window = now - p->window_start;
    }
    if (used >= 0) {
        p->has_metric = true;
        p->metric_time = now;
        p->metric_window = window;
        p->metric_milli = hpa_usage_milli(used, window, p->concurrency, pod_version(s, p)->cpu);
    }
    if (s->services[p->service].spec->hpa.metric_count)
        hpa_metrics_scrape_pod(s, p, pi, used >= 0, window);
    p->metric_point = true;
    p->window_mark = cpu;
    p->window_start = now;
}

/* The ReplicaSets whose pods the HPA's target selects: every one, except that an Argo
 * blue-green Rollout publishes the active ReplicaSet's selector (status.selector), so the
 * preview's pods are not counted. */
static bool hpa_counts_rs(const service_t *sv, int ri) {
    if (!(strategy_type_flags(sv->spec->strategy.type) & STRATEGY_F_PREVIEW) ||
        sv->argo.active_rs < 0)
        return true;
    return ri == sv->argo.active_rs;
}

/* The cache lines of a pod that scrape_pod and pod_sample read: the fields they use sit in
 * the first 160 bytes of the record (model.h), and these addresses are less than a cache
 * line apart, so that every line of that range is on its way. */
static inline void prefetch_pod(const sim_t *s, int pi) {
    const pod_t *p = &s->pods[pi];
    __builtin_prefetch(&p->service);
    __builtin_prefetch(&p->busy_integral);
    __builtin_prefetch(&p->window_start);
    __builtin_prefetch(&p->ready_transition);
}

/* ---- one sync ------------------------------------------------------------------------------- */

/* What the replica calculator sees of a pod: its phase as Kubernetes has it, deletion, the
 * Ready condition (a pod on a node has one; its lastTransitionTime is the start until it
 * first changes), status.startTime, the latest sample and the CPU request. */
static void pod_sample(const sim_t *s, const pod_t *p, hpa_pod_sample_t *o) {
    memset(o, 0, sizeof *o);
    o->phase = pod_k8s_pending(s, p) ? HPA_POD_PENDING : HPA_POD_RUNNING;
    o->deleting = p->phase == POD_TERMINATING || p->phase == POD_DELETED;
    bool on_node = p->node >= 0 && p->phase != POD_PENDING;
    o->has_ready_condition = on_node;
    o->ready = p->ready;
    o->has_start_time = on_node;
    o->start_time = p->start_time;
    o->ready_transition = p->ready_transition > p->start_time ? p->ready_transition : p->start_time;
    o->has_metric = p->has_metric;
    o->metric_time = p->metric_time;
    o->metric_window = p->metric_window;
    o->cpu_usage_milli = p->metric_milli;
    o->cpu_request_milli = pod_version(s, p)->cpu;
    /* only autoscaling/v2 metrics[] read the memory and per-pod custom values (retarget) */
    if (s->services[p->service].spec->hpa.metric_count) hpa_metrics_fill_sample(s, p, o);
}

/* Room in h->samples for every pod of the target; false when out of memory. */
static bool reserve_samples(hpa_t *h, const sim_t *s, const service_t *sv) {
    int n = 0;
    for (int k = 0; k < sv->rs_count; k++)
        n += s->rs[sv->rs[k]].pod_count;
    if (n <= h->cap) return true;
    int ncap = h->cap ? h->cap : 16;
    while (ncap < n)
        ncap *= 2;
    hpa_pod_sample_t *a = realloc(h->samples, sizeof *a * (size_t)ncap);
    if (!a) return false;
    h->samples = a;
    h->cap = ncap;
    return true;
}

/* Where gather puts what it reads of each pod: into the CPU calculator (`pass`, for
 * targetCPUUtilizationPercentage: no array, each pod's record read once; make bench: HPA at
 * scale), into `samples` (metrics[] run the calculator once per metric), or nowhere (a scrape
 * alone). */
typedef struct {
    hpa_cpu_pass_t *pass;
    const hpa_replica_params_t *prm;
    hpa_pod_sample_t *samples;
    int n; /* pods read */
} reader_t;

static void read_pod(const sim_t *s, reader_t *r, const pod_t *p) {
    if (r->pass) {
        hpa_pod_sample_t o;
        pod_sample(s, p, &o);
        hpa_math_cpu_add(r->pass, &o, r->prm);
    } else if (r->samples) {
        pod_sample(s, p, &r->samples[r->n]);
    }
    r->n++;
}

/* Every pod of the ReplicaSet, from its members array: at thousands of pods per service, a
 * read's time was the memory latency of following the ReplicaSet's list from pod to pod. The
 * records of the pods a few places ahead, and their nodes, are already on their way to the
 * cache. A pod's scrape reads and writes only that pod, and the calculator only sums over the
 * pods, in integers: the order of the pods does not matter. */
#define SCRAPE_AHEAD 8
static void read_members(sim_t *s, int rsi, bool scrape_now, reader_t *r) {
    const rs_t *rs = &s->rs[rsi];
    const int *m = rs->members;
    int count = rs->pod_count;
    for (int i = 0; i < count && i < SCRAPE_AHEAD; i++)
        prefetch_pod(s, m[i]);
    for (int i = 0; i < count; i++) {
        if (i + SCRAPE_AHEAD < count) prefetch_pod(s, m[i + SCRAPE_AHEAD]);
        pod_t *p = &s->pods[m[i]];
        if (scrape_now) {
            if (i + SCRAPE_AHEAD / 2 < count) {
                int nd = s->pods[m[i + SCRAPE_AHEAD / 2]].node;
                if (nd >= 0) __builtin_prefetch(&s->nodes[nd].failed);
            }
            scrape_pod(s, p, m[i]);
        }
        read_pod(s, r, p);
    }
}

/* The ReplicaSet's pods when the service counts its steady pods (hpa_steady.c): the steady
 * ones as one sum, the listed ones one by one; a listed pod that has just become steady
 * leaves the list. */
static void read_counted(sim_t *s, int rsi, bool scrape_now, reader_t *r) {
    if (scrape_now) hpa_steady_scrape(s, rsi);
    rs_t *rs = &s->rs[rsi];
    if (!s->services[rs->service].hpa_steady_on) { /* the scrape ran out of memory */
        read_members(s, rsi, scrape_now, r);
        return;
    }
    int steady = rs->hpa_steady; /* before this scrape: those entering now are read below */
    struct hpa_listed *l = rs->hpa_list;
    int w = 0, count = rs->hpa_list_count;
    for (int i = 0; i < count && i < SCRAPE_AHEAD; i++)
        prefetch_pod(s, l[i].pod);
    for (int i = 0; i < count; i++) {
        if (i + SCRAPE_AHEAD < count) prefetch_pod(s, l[i + SCRAPE_AHEAD].pod);
        struct hpa_listed e = l[i];
        if (!hpa_steady_listed(s, e)) continue;
        pod_t *p = &s->pods[e.pod];
        if (scrape_now) scrape_pod(s, p, e.pod);
        read_pod(s, r, p);
        if (scrape_now && hpa_steady_may_enter(s, rsi, p))
            hpa_steady_enter(s, e.pod);
        else
            l[w++] = e;
    }
    rs->hpa_list_count = w;
    if (steady > 0 && r->pass) {
        const version_spec_t *v = &s->sc->services[rs->service].versions[rs->version];
        hpa_math_cpu_add_ready(r->pass, steady, rs->hpa_milli, v->cpu);
    }
    r->n += steady;
}

/* What the replica calculator sees of the target's pods, into `r`. With `scrape_now`, each
 * pod is scraped just before it is read, in the same pass over the pods (a sync at a scrape's
 * instant runs right after the scrape, and a pod's scrape touches only that pod, so this is
 * the same as a scrape of them all then a sync). */
static void gather(sim_t *s, int svc, bool scrape_now, reader_t *r) {
    hpa_t *h = s->services[svc].hpa;
    service_t *sv = &s->services[svc];
    if (scrape_now) {
        h->last_scrape = model_now(s);
        fluid_advance(s);
    }
    for (int k = 0; k < sv->rs_count; k++) {
        if (!hpa_counts_rs(sv, sv->rs[k])) continue;
        if (sv->hpa_steady_on)
            read_counted(s, sv->rs[k], scrape_now, r);
        else
            read_members(s, sv->rs[k], scrape_now, r);
    }
}

/* metrics-server's scrape of every pod of the target, every 15 s. */
static void scrape(sim_t *s, int svc) {
    reader_t r = {NULL, NULL, NULL, 0};
    gather(s, svc, true, &r);
}

/* The normalization's part of an explanation: what held or limited the recommendation. */
static void explain_normalization(char *buf, size_t n, const hpa_spec_t *spec, int current,
                                  int metric, const hpa_normalized_t *nr) {
    size_t len = 0;
    buf[0] = '\0';
#define PUT(...)                                                                                   \
    do {                                                                                           \
        if (len < n) len += (size_t)snprintf(buf + len, n - len, __VA_ARGS__);                     \
    } while (0)
    if (!spec->has_behavior) {
        if (nr->stabilized != metric)
            PUT("; highest recommendation of the last 300 s: %d", nr->stabilized);
    } else if (nr->able_to_scale == HPA_REASON_SCALE_UP_STABILIZED) {
        PUT("; lowest recommendation of the scale-up window (%.0f s): %d",
            (double)spec->scale_up.stabilization_window / SIM_SEC, nr->stabilized);
    } else if (nr->able_to_scale == HPA_REASON_SCALE_DOWN_STABILIZED) {
        PUT("; highest recommendation of the scale-down window (%.0f s): %d",
            (double)spec->scale_down.stabilization_window / SIM_SEC, nr->stabilized);
    }
    switch (nr->scaling_limited) {
    case HPA_REASON_TOO_FEW_REPLICAS:
        PUT("; raised to minReplicas %d", spec->min_replicas);
        break;
    case HPA_REASON_TOO_MANY_REPLICAS:
        PUT("; capped at maxReplicas %d", spec->max_replicas);
        break;
    case HPA_REASON_SCALE_UP_LIMIT:
        if (spec->has_behavior)
            PUT("; scale-up policies allow at most %d now", nr->replicas);
        else
            PUT("; scale-up limit max(2 × %d, 4) = %d", current, nr->replicas);
        break;
    case HPA_REASON_SCALE_DOWN_LIMIT:
        PUT("; scale-down policies allow no fewer than %d now", nr->replicas);
        break;
    default:
        break;
    }
#undef PUT
}

static void report_error(sim_t *s, hpa_t *h, int status) {
    if (status == h->last_error) return; /* Kubernetes repeats it every sync; we write it once */
    h->last_error = status;
    if (status == HPA_MATH_OK) return;
    const char *msg = hpa_math_status_message(status);
    model_event(s, "Warning", "FailedGetResourceMetric", h->object,
                "failed to get cpu utilization: %s", msg);
    model_event(s, "Warning", "FailedComputeMetricsReplicas", h->object,
                "invalid metrics (1 invalid out of 1), first error is: failed to get cpu "
                "utilization: %s",
                msg);
    model_decision(s, "hpa", h->object, "no metric", "%s: the replica count stays as it is", msg);
}

/* The CPU utilization of targetCPUUtilizationPercentage (no metrics[]): gathers the pods
 * (scraping them first with `scrape_now`), the recommendation into *metric and its arithmetic
 * into why; false when the metrics fail. */
static bool cpu_recommend(sim_t *s, int svc, bool scrape_now, int current, int *metric, char *why,
                          size_t wn) {
    hpa_t *h = s->services[svc].hpa;
    const hpa_spec_t *spec = &s->services[svc].spec->hpa;
    hpa_replica_params_t prm = {
        .group = {model_now(s), HPA_CPU_INITIALIZATION_PERIOD, HPA_INITIAL_READINESS_DELAY, false},
        .current_replicas = current,
        .target_utilization = spec->target_cpu_utilization,
        .scale_up_tolerance = HPA_DEFAULT_TOLERANCE,
        .scale_down_tolerance = HPA_DEFAULT_TOLERANCE,
        .unmatched_metrics = 0,
    };
    hpa_cpu_pass_t pass;
    hpa_math_cpu_begin(&pass, &prm);
    reader_t rd = {&pass, &prm, NULL, 0};
    gather(s, svc, scrape_now, &rd);
    hpa_replica_result_t r;
    int rc = hpa_math_cpu_finish(&pass, &prm, &r);
    report_error(s, h, rc);
    if (rc != HPA_MATH_OK) return false;
    *metric = r.replicas;
    hpa_math_explain(why, wn, &prm, &r);
    return true;
}

/* The recommendation of autoscaling/v2 metrics[] (hpa_metrics.c) over the target's pods'
 * samples; false when the metrics fail or there is no memory for the samples. */
static bool metrics_recommend(sim_t *s, int svc, bool scrape_now, int current, int *metric,
                              int *which, char *why, size_t wn) {
    hpa_t *h = s->services[svc].hpa;
    if (!reserve_samples(h, s, &s->services[svc])) {
        if (scrape_now) scrape(s, svc); /* metrics-server scrapes all the same */
        return false;
    }
    reader_t r = {NULL, NULL, h->samples, 0};
    gather(s, svc, scrape_now, &r);
    return hpa_metrics_recommend(s, svc, h->samples, r.n, current, h->object, &h->last_error,
                                 metric, which, why, wn) == HPA_MATH_OK;
}

/* reconcileAutoscaler (horizontal.go) for one HPA; `scrape_now`: metrics-server scrapes the
 * pods first, at this same instant. */
static void sync(sim_t *s, int svc, bool scrape_now) {
    service_t *sv = &s->services[svc];
    hpa_t *h = sv->hpa;
    const hpa_spec_t *spec = &sv->spec->hpa;
    sim_time_t now = model_now(s);
    int current = sv->replicas;
    bool reads_metrics = !(current == 0 && spec->min_replicas != 0) &&
                         current <= spec->max_replicas && current >= spec->min_replicas;
    if (scrape_now && !reads_metrics) scrape(s, svc); /* else gather scrapes */
    if (!h->initialized) {                            /* recordInitialRecommendation */
        hpa_math_rec_log_init(&h->recs, now, current);
        h->initialized = true;
    }
    if (current == 0 && spec->min_replicas != 0) return; /* autoscaling disabled */
    int desired, metric = current, which = -1;
    char why[512];
    if (!reads_metrics) {
        desired = current > spec->max_replicas ? spec->max_replicas : spec->min_replicas;
        snprintf(why, sizeof why,
                 "replicas %d outside [minReplicas %d, maxReplicas %d]: set to %d "
                 "without reading any metric",
                 current, spec->min_replicas, spec->max_replicas, desired);
    } else {
        if (spec->metric_count) { /* autoscaling/v2 metrics[] */
            if (!metrics_recommend(s, svc, scrape_now, current, &metric, &which, why, sizeof why))
                return;
        } else if (!cpu_recommend(s, svc, scrape_now, current, &metric, why, sizeof why)) {
            return;
        }
        h->recommended = metric;
        hpa_normalized_t nr =
            spec->has_behavior ? hpa_math_normalize_behavior(&h->recs, &h->up, &h->down, now, spec,
                                                             current, metric)
                               : hpa_math_normalize_legacy(&h->recs, now, current, metric,
                                                           spec->min_replicas, spec->max_replicas);
        desired = nr.replicas;
        size_t len = strlen(why);
        explain_normalization(why + len, sizeof why - len, spec, current, metric, &nr);
    }
    const char *reason =
        hpa_math_rescale_reason(current, spec->min_replicas, spec->max_replicas, metric);
    char above[160];
    if (which >= 0 && metric > current && current >= spec->min_replicas &&
        current <= spec->max_replicas) { /* a v2 metric names itself */
        hpa_metrics_above_reason(&spec->metrics[which], above, sizeof above);
        reason = above;
    }
    char dec[96];
    if (desired == current) {
        if (metric != current) { /* held back: no event in Kubernetes, but worth a line */
            snprintf(dec, sizeof dec, "keep %d (recommended %d)", current, metric);
            sim_ref_t ref = SIM_REF_NONE;
            ref.kind = SIM_EVK_HOLD, ref.service = svc, ref.from = current, ref.to = metric;
            model_decision_ref(s, ref, "hpa", h->object, dec, "%s", why);
        }
        return;
    }
    sv->replicas = desired;
    char msg[256];
    hpa_math_event_message(msg, sizeof msg, desired, reason);
    sim_ref_t ref = SIM_REF_NONE;
    ref.kind = SIM_EVK_RESCALE, ref.service = svc, ref.from = current, ref.to = desired;
    model_event_ref(s, ref, "Normal", "SuccessfulRescale", h->object, "%s", msg);
    snprintf(dec, sizeof dec, "scale %d -> %d", current, desired);
    model_decision_ref(s, ref, "hpa", h->object, dec, "%s", why);
    if (spec->has_behavior) { /* storeScaleEvent: only with a behavior block */
        if (desired > current)
            hpa_math_store_scale_event(&h->up, now, &spec->scale_up, desired - current);
        else
            hpa_math_store_scale_event(&h->down, now, &spec->scale_down, current - desired);
    }
    deploy_request_sync(s, svc);
}

/* ---- the view -------------------------------------------------------------------------- */

/* The scale-down window's clock: the replica count stays while a recommendation of at least
 * that many is younger than the window (stabilizeRecommendation keeps the highest of them), so
 * the first scale-down can come at the next sync after the last such one has aged out. */
bool hpa_view(const sim_t *s, int svc, sim_hpa_view_t *out) {
    if (svc < 0 || svc >= s->sc->service_count || !s->services[svc].hpa) return false;
    const service_t *sv = &s->services[svc];
    const hpa_t *h = sv->hpa;
    const hpa_spec_t *spec = &sv->spec->hpa;
    out->replicas = sv->replicas;
    out->recommended = h->recommended;
    out->min_replicas = spec->min_replicas;
    out->max_replicas = spec->max_replicas;
    out->window = spec->has_behavior ? spec->scale_down.stabilization_window
                                     : HPA_DOWNSCALE_STABILIZATION_WINDOW;
    out->scale_down_at = -1;
    if (h->recommended < 0 || h->recommended >= sv->replicas || out->window <= 0) return true;
    for (int i = 0; i < h->recs.count; i++) {
        const hpa_recommendation_t *r = &h->recs.items[i];
        if (r->replicas >= sv->replicas && r->time + out->window > out->scale_down_at)
            out->scale_down_at = r->time + out->window;
    }
    if (out->scale_down_at <= model_now(s)) out->scale_down_at = -1;
    return true;
}

/* ---- life cycle --------------------------------------------------------------------------- */

static sim_time_t longest_period(const hpa_rules_t *r) {
    sim_time_t t = 0;
    for (int i = 0; i < r->policy_count; i++)
        if (r->policies[i].period > t) t = r->policies[i].period;
    return t;
}

/* Logs hold what one window or period can contain, plus room: they never fill. */
static int log_capacity(sim_time_t span, sim_time_t period) {
    sim_time_t n = span / (period > 0 ? period : SIM_SEC) + 4;
    return n > 100000 ? 100000 : (int)n;
}

static hpa_t *hpa_create(sim_t *s, const service_spec_t *spec) {
    hpa_t *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    snprintf(h->object, sizeof h->object, "HorizontalPodAutoscaler/%s", spec->name);
    h->last_scrape = -1;
    h->recommended = -1;
    sim_time_t period = s->sc->hpa_sync_period;
    sim_time_t window = HPA_DOWNSCALE_STABILIZATION_WINDOW;
    if (spec->hpa.has_behavior) {
        window = spec->hpa.scale_up.stabilization_window;
        if (spec->hpa.scale_down.stabilization_window > window)
            window = spec->hpa.scale_down.stabilization_window;
    }
    h->recs.capacity = log_capacity(window, period);
    h->up.capacity = log_capacity(longest_period(&spec->hpa.scale_up), period);
    h->down.capacity = log_capacity(longest_period(&spec->hpa.scale_down), period);
    h->recs.items = calloc((size_t)h->recs.capacity, sizeof *h->recs.items);
    h->up.items = calloc((size_t)h->up.capacity, sizeof *h->up.items);
    h->down.items = calloc((size_t)h->down.capacity, sizeof *h->down.items);
    if (!h->recs.items || !h->up.items || !h->down.items) {
        free(h->recs.items);
        free(h->up.items);
        free(h->down.items);
        free(h);
        return NULL;
    }
    return h;
}

/* Scrapes run every 15 s from time 0, syncs every hpaSyncPeriod from one period on; a sync at
 * a scrape's instant reads that scrape. */
void hpa_init(sim_t *s) {
    for (int i = 0; i < s->sc->service_count; i++) {
        service_t *sv = &s->services[i];
        if (!sv->spec->hpa.enabled) continue;
        sv->hpa = hpa_create(s, sv->spec);
        if (!sv->hpa) continue;
        hpa_steady_init(s, i);
        engine_schedule(s->eng, 0, EV_HPA_WINDOW, (uint32_t)i, 0);
        engine_schedule(s->eng, s->sc->hpa_sync_period, EV_HPA_SYNC, (uint32_t)i, 0);
    }
}

void hpa_handle_event(sim_t *s, const engine_event_t *ev) {
    int svc = (int)ev->a;
    hpa_t *h = s->services[svc].hpa;
    if (!h) return;
    sim_time_t now = model_now(s);
    if (ev->kind == EV_HPA_WINDOW) {
        if (h->last_scrape != now) scrape(s, svc);
        if (now + METRIC_RESOLUTION <= s->sc->duration)
            engine_schedule(s->eng, now + METRIC_RESOLUTION, EV_HPA_WINDOW, (uint32_t)svc, 0);
    } else if (ev->kind == EV_HPA_SYNC) {
        sync(s, svc, now % METRIC_RESOLUTION == 0 && h->last_scrape != now);
        if (now + s->sc->hpa_sync_period <= s->sc->duration)
            engine_schedule(s->eng, now + s->sc->hpa_sync_period, EV_HPA_SYNC, (uint32_t)svc, 0);
    }
}

void hpa_free(sim_t *s) {
    hpa_metrics_free(s);
    for (int i = 0; s->services && i < s->sc->service_count; i++) {
        hpa_t *h = s->services[i].hpa;
        if (!h) continue;
        free(h->recs.items);
        free(h->up.items);
        free(h->down.items);
        free(h->samples);
        free(h);
        s->services[i].hpa = NULL;
    }
}

/* ---- sim_clone ---- */

void hpa_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c) {
    for (int i = 0; dst->services && i < src->sc->service_count; i++) {
        const hpa_t *h = src->services[i].hpa;
        dst->services[i].hpa = NULL;
        if (!h) continue;
        hpa_t *n = clone_dup(c, h, 1, 1, sizeof *h);
        if (!n) continue;
        n->recs.items = clone_dup(c, h->recs.items, (size_t)h->recs.capacity,
                                  (size_t)h->recs.capacity, sizeof *h->recs.items);
        n->up.items = clone_dup(c, h->up.items, (size_t)h->up.capacity, (size_t)h->up.capacity,
                                sizeof *h->up.items);
        n->down.items = clone_dup(c, h->down.items, (size_t)h->down.capacity,
                                  (size_t)h->down.capacity, sizeof *h->down.items);
        n->samples = clone_dup(c, h->samples, (size_t)h->cap, (size_t)h->cap, sizeof *h->samples);
        dst->services[i].hpa = n;
    }
}
