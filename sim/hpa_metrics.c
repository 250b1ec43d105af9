/* hpa_metrics: an HPA's autoscaling/v2 metrics[]. The samples come from the model — memory as
 * a working set (memoryWorkingSet + memoryPerRequest x requests in flight at the scrape), the
 * per-pod custom metrics from the traffic model, Object/External values from the scenario's
 * series — and each metric runs the replica calculator's rule for its type and target
 * (pkg/controller/podautoscaler/replica_calculator.go); several metrics give the largest
 * proposal (horizontal.go computeReplicasForMetrics). */
#include "hpa_metrics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clone.h"
#include "kernel.h"
#include "kubelet.h"
#include "pod_side.h"
#include "traffic.h"

/* A pod's working set is capped at 1Ti, so that sums over many pods stay far from overflow. */
#define MAX_WORKING_SET 1099511627776.0

/* The metrics pipeline's own state of a pod (sim_t.hpa_pods, pod_side.h): requests routed to it
 * at the last scrape, and the autoscaling/v2 samples of that scrape (thousandths). */
struct hpa_pod {
    uint32_t serial;
    double routed_mark;
    int64_t memory_bytes, custom_milli[2];
};

void hpa_metrics_scrape_pod(sim_t *s, pod_t *p, int pi, bool sampled, sim_time_t window) {
    struct hpa_pod *m = pod_side_get((void **)&s->hpa_pods, &s->hpa_pod_cap, sizeof *m, s, pi);
    if (!m) return; /* out of memory: no v2 sample (reads as zeros) */
    double routed = traffic_pod_routed(s, pi);
    if (sampled && window > 0) {
        const version_spec_t *v = pod_version(s, p);
        double in_flight = traffic_pod_in_flight(s, pi, p->window_mark, p->window_start);
        double bytes = (double)v->memory_working_set + (double)v->memory_per_request * in_flight;
        m->memory_bytes = bytes < MAX_WORKING_SET ? (int64_t)bytes : (int64_t)MAX_WORKING_SET;
        double per_s = (routed - m->routed_mark) * SIM_SEC / (double)window;
        m->custom_milli[HPA_POD_METRIC_RPS] = (int64_t)floor(per_s * 1000);
        m->custom_milli[HPA_POD_METRIC_IN_FLIGHT] = (int64_t)floor(in_flight * 1000);
    }
    m->routed_mark = routed;
}

void hpa_metrics_fill_sample(const sim_t *s, const pod_t *p, hpa_pod_sample_t *o) {
    const struct hpa_pod *m =
        pod_side_peek(s->hpa_pods, s->hpa_pod_cap, sizeof *m, s, (int)(p - s->pods));
    o->memory_bytes = m ? m->memory_bytes : 0;
    o->memory_request_bytes = pod_version(s, p)->memory;
    o->custom_milli[0] = m ? m->custom_milli[0] : 0;
    o->custom_milli[1] = m ? m->custom_milli[1] : 0;
}

void hpa_metrics_free(sim_t *s) {
    free(s->hpa_pods);
    s->hpa_pods = NULL;
    s->hpa_pod_cap = 0;
}

int64_t hpa_metrics_series_at(const hpa_metric_spec_t *m, sim_time_t now) {
    int64_t v = m->series_count ? m->series[0].milli : 0;
    for (int i = 1; i < m->series_count && m->series[i].at <= now; i++)
        v = m->series[i].milli;
    return v;
}

/* ---- one metric ------------------------------------------------------------------------ */

static const char *metric_label(const hpa_metric_spec_t *m) {
    if (m->kind == HPA_METRIC_RESOURCE) return m->resource == HPA_RESOURCE_CPU ? "cpu" : "memory";
    return m->name ? m->name : "?";
}

/* A value as a person reads it: memory (bytes) in MiB, cpu in millicores, others from
 * thousandths. */
static void fmt_value(char *b, size_t n, const hpa_metric_spec_t *m, int64_t milli) {
    if (m->kind == HPA_METRIC_RESOURCE && m->resource == HPA_RESOURCE_MEMORY)
        snprintf(b, n, "%.1fMi", (double)milli / 1048576.0);
    else if (m->kind == HPA_METRIC_RESOURCE)
        snprintf(b, n, "%lldm", (long long)milli);
    else
        snprintf(b, n, "%.4g", (double)milli / 1000.0);
}

/* The samples with the metric's value (and, for memory, its request) in the CPU fields the
 * calculator reads. */
static void retarget(const hpa_metric_spec_t *m, const hpa_pod_sample_t *in, hpa_pod_sample_t *out,
                     int n) {
    memcpy(out, in, sizeof *out * (size_t)n);
    for (int i = 0; i < n; i++) {
        if (m->kind == HPA_METRIC_RESOURCE && m->resource == HPA_RESOURCE_MEMORY) {
            out[i].cpu_usage_milli = in[i].memory_bytes;
            out[i].cpu_request_milli = in[i].memory_request_bytes;
        } else if (m->kind == HPA_METRIC_PODS) {
            out[i].cpu_usage_milli = in[i].custom_milli[m->pod_metric];
        }
    }
}

/* computeReplicasForMetric for one metric: HPA_MATH_OK and the proposal, or an error. */
static int one_metric(const hpa_metric_spec_t *m, hpa_pod_sample_t *work, int n,
                      hpa_replica_params_t *prm, sim_time_t now, int *proposal, char *b,
                      size_t bn) {
    char cur[48], tgt[48];
    hpa_replica_result_t r;
    int rc = HPA_MATH_OK;
    prm->group.not_cpu = !(m->kind == HPA_METRIC_RESOURCE && m->resource == HPA_RESOURCE_CPU);
    if (m->kind == HPA_METRIC_OBJECT || m->kind == HPA_METRIC_EXTERNAL) {
        int64_t usage = hpa_metrics_series_at(m, now);
        fmt_value(cur, sizeof cur, m, usage);
        fmt_value(tgt, sizeof tgt, m, m->milli);
        if (m->target == HPA_TARGET_VALUE) {
            int ready = hpa_math_ready_pods(work, n);
            *proposal = hpa_math_value_replicas(prm->current_replicas, ready, usage, m->milli, prm);
            snprintf(b, bn, "%s %s of target %s, %d ready pod%s → %d", metric_label(m), cur, tgt,
                     ready, ready == 1 ? "" : "s", *proposal);
        } else {
            *proposal = hpa_math_per_pod_replicas(prm->current_replicas, usage, m->milli, prm);
            snprintf(b, bn, "%s %s at %s per pod → %d", metric_label(m), cur, tgt, *proposal);
        }
        return HPA_MATH_OK;
    }
    if (m->target == HPA_TARGET_UTILIZATION) {
        prm->target_utilization = m->utilization;
        rc = hpa_math_replicas(work, n, prm, &r);
        if (rc == HPA_MATH_OK)
            snprintf(b, bn, "%s %d%% of request (target %d%%) → %d", metric_label(m), r.utilization,
                     m->utilization, r.replicas);
    } else {
        rc = hpa_math_plain_replicas(work, n, prm, m->milli, &r);
        fmt_value(cur, sizeof cur, m, r.raw_average_milli);
        fmt_value(tgt, sizeof tgt, m, m->milli);
        if (rc == HPA_MATH_OK)
            snprintf(b, bn, "%s %s per pod over %d pod%s (target %s) → %d", metric_label(m), cur,
                     r.pods_counted, r.pods_counted == 1 ? "" : "s", tgt, r.replicas);
    }
    *proposal = r.replicas;
    return rc;
}

/* What Kubernetes reports for a metric it could not read: the event reason and the text. */
static void report(sim_t *s, const char *object, const hpa_metric_spec_t *m, int rc, int invalid,
                   int total) {
    static const char *const reasons[] = {"FailedGetResourceMetric", "FailedGetPodsMetric",
                                          "FailedGetObjectMetric", "FailedGetExternalMetric"};
    const char *msg = hpa_math_status_message(rc);
    model_event(s, "Warning", reasons[m->kind], object, "failed to get %s metric: %s",
                metric_label(m), msg);
    model_event(s, "Warning", "FailedComputeMetricsReplicas", object,
                "invalid metrics (%d invalid out of %d), first error is: failed to get %s "
                "metric: %s",
                invalid, total, metric_label(m), msg);
    model_decision(s, "hpa", object, "no metric", "%s: the replica count stays as it is", msg);
}

int hpa_metrics_recommend(sim_t *s, int svc, const hpa_pod_sample_t *pods, int n, int current,
                          const char *object, int *last_error, int *metric, int *which, char *why,
                          size_t wn) {
    const hpa_spec_t *spec = &s->services[svc].spec->hpa;
    hpa_pod_sample_t *work = malloc(sizeof *work * (size_t)(n > 0 ? n : 1));
    if (!work) return HPA_MATH_ERR_NO_METRICS;
    sim_time_t now = model_now(s);
    hpa_replica_params_t prm = {
        .group = {now, HPA_CPU_INITIALIZATION_PERIOD, HPA_INITIAL_READINESS_DELAY, false},
        .current_replicas = current,
        .scale_up_tolerance = HPA_DEFAULT_TOLERANCE,
        .scale_down_tolerance = HPA_DEFAULT_TOLERANCE,
    };
    *which = 0;
    int best = 0, invalid = 0, first_rc = HPA_MATH_OK, first_bad = -1;
    size_t len = 0;
    why[0] = '\0';
    for (int i = 0; i < spec->metric_count; i++) {
        const hpa_metric_spec_t *m = &spec->metrics[i];
        retarget(m, pods, work, n);
        char b[256];
        int proposal = current;
        int rc = one_metric(m, work, n, &prm, now, &proposal, b, sizeof b);
        if (rc != HPA_MATH_OK) {
            if (invalid++ == 0) first_rc = rc, first_bad = i;
            snprintf(b, sizeof b, "%s: %s", metric_label(m), hpa_math_status_message(rc));
        } else if (best == 0 || proposal > best) {
            best = proposal; /* the largest proposal wins */
            *which = i;
        }
        if (len < wn) len += (size_t)snprintf(why + len, wn - len, "%s%s", i ? "; " : "", b);
    }
    free(work);
    if (spec->metric_count > 1 && len < wn && invalid < spec->metric_count)
        len += (size_t)snprintf(why + len, wn - len, "; the largest: %d", best);
    /* all invalid, or some invalid and the valid ones would scale down: keep the count */
    int rc =
        invalid >= spec->metric_count || (invalid > 0 && best < current) ? first_rc : HPA_MATH_OK;
    if (rc != *last_error) {
        *last_error = rc;
        if (rc != HPA_MATH_OK)
            report(s, object, &spec->metrics[first_bad], rc, invalid, spec->metric_count);
    }
    *metric = best;
    return rc;
}

void hpa_metrics_above_reason(const hpa_metric_spec_t *m, char *buf, size_t n) {
    const char *res = m->resource == HPA_RESOURCE_CPU ? "cpu" : "memory";
    switch (m->kind) {
    case HPA_METRIC_RESOURCE:
        snprintf(buf, n, "%s resource%s above target", res,
                 m->target == HPA_TARGET_UTILIZATION ? " utilization (percentage of request)" : "");
        break;
    case HPA_METRIC_PODS:
        snprintf(buf, n, "pods metric %s above target", m->name);
        break;
    case HPA_METRIC_OBJECT:
        snprintf(buf, n, "%s metric %s above target", m->described_kind, m->name);
        break;
    case HPA_METRIC_EXTERNAL:
        snprintf(buf, n, "external metric %s(nil) above target", m->name);
        break;
    }
}

/* sim_clone: the metrics pipeline's per-pod table (clone.h). */
void hpa_metrics_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c) {
    dst->hpa_pods = clone_dup(c, src->hpa_pods, (size_t)src->hpa_pod_cap, (size_t)src->hpa_pod_cap,
                              sizeof *src->hpa_pods);
    if (!dst->hpa_pods) dst->hpa_pod_cap = 0;
}
