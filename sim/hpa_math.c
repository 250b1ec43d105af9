/* hpa_math: the HPA's arithmetic, rule for rule as kube-controller-manager computes it.
 * The replica calculator follows pkg/controller/podautoscaler/replica_calculator.go
 * (GetResourceReplicas, groupPods) and metrics/utilization.go; normalization follows
 * horizontal.go. Every comparison keeps Go's strictness (time.After / time.Before are strict)
 * and every rounding keeps Go's conversions (int32(float64) truncates toward zero). */
#include "hpa_math.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Go converts a float64 to int32 by truncation; clamp first so C's cast stays defined. */
static int to_int(double x) {
    if (!(x > (double)INT_MIN)) return INT_MIN;
    if (x >= (double)INT_MAX) return INT_MAX;
    return (int)x;
}

static int imin(int a, int b) {
    return a <= b ? a : b;
}
static int imax(int a, int b) {
    return a >= b ? a : b;
}

/* ---- the replica calculator ---------------------------------------------------------- */

/* One pod's class, groupPods' loop body (replica_calculator.go). Deleted and Failed pods are
 * ignored; Pending pods are unready; a pod without a sample is missing. For CPU, a pod without
 * a Ready condition or start time is unready; within cpuInitializationPeriod of its start it
 * is unready when Ready=False or when its sample's window began before the last readiness
 * change (the sample may include start-up CPU); after that, only when Ready=False and it has
 * never been ready (the condition last changed within initialReadinessDelay of the start). */
hpa_pod_class_t hpa_math_classify_pod(const hpa_pod_sample_t *pod, const hpa_group_params_t *p) {
    if (pod->deleting || pod->phase == HPA_POD_FAILED) return HPA_POD_IGNORED;
    if (pod->phase == HPA_POD_PENDING) return HPA_POD_UNREADY;
    if (!pod->has_metric) return HPA_POD_MISSING;
    if (p->not_cpu) return HPA_POD_READY;
    if (!pod->has_ready_condition || !pod->has_start_time) return HPA_POD_UNREADY;
    bool unready;
    if (pod->start_time + p->cpu_initialization_period > p->now) {
        unready = !pod->ready || pod->metric_time < pod->ready_transition + pod->metric_window;
    } else {
        unready =
            !pod->ready && pod->start_time + p->initial_readiness_delay > pod->ready_transition;
    }
    return unready ? HPA_POD_UNREADY : HPA_POD_READY;
}

/* groupPods: classifies every pod (into `classes` when not NULL) and returns the counts. */
hpa_pod_groups_t hpa_math_group_pods(const hpa_pod_sample_t *pods, int n,
                                     const hpa_group_params_t *p, hpa_pod_class_t *classes) {
    hpa_pod_groups_t g = {0, 0, 0, 0};
    for (int i = 0; i < n; i++) {
        hpa_pod_class_t c = hpa_math_classify_pod(&pods[i], p);
        if (classes) classes[i] = c;
        switch (c) {
        case HPA_POD_READY:
            g.ready++;
            break;
        case HPA_POD_UNREADY:
            g.unready++;
            break;
        case HPA_POD_MISSING:
            g.missing++;
            break;
        case HPA_POD_IGNORED:
            g.ignored++;
            break;
        }
    }
    return g;
}

/* Tolerances.isWithin: inclusive at both ends, each side with its own tolerance. */
bool hpa_math_within_tolerance(double ratio, double scale_up_tolerance,
                               double scale_down_tolerance) {
    return (1.0 - scale_down_tolerance) <= ratio && ratio <= (1.0 + scale_up_tolerance);
}

/* GetResourceUtilizationRatio's percentage: integer division, as metrics/utilization.go. */
static int utilization_of(int64_t used, int64_t requested) {
    int64_t pct = used * 100 / requested;
    return pct > INT_MAX ? INT_MAX : (int)pct;
}

/* The second pass of replica_calculator.go (after missing and unready pods are filled in):
 * within tolerance, or a fill that flips the direction, or a count that would move against
 * the first pass, keeps the current size; otherwise ceil(new ratio x pods counted). */
static int refilled_decision(hpa_replica_result_t *out, double ratio, double new_ratio, int counted,
                             int current, double up_tol, double down_tol) {
    if (hpa_math_within_tolerance(new_ratio, up_tol, down_tol)) {
        out->path = HPA_PATH_REFILLED_WITHIN;
        return HPA_MATH_OK;
    }
    if ((ratio < 1.0 && new_ratio > 1.0) || (ratio > 1.0 && new_ratio < 1.0)) {
        out->path = HPA_PATH_REFILLED_FLIPPED;
        return HPA_MATH_OK;
    }
    int replicas = to_int(ceil(new_ratio * (double)counted));
    if ((new_ratio < 1.0 && replicas > current) || (new_ratio > 1.0 && replicas < current)) {
        /* more pods than replicas (a surge pod without a sample) can turn a scale-down
         * into ceil(...) > current: keep the count */
        out->path = HPA_PATH_REFILLED_AGAINST;
        return HPA_MATH_OK;
    }
    out->path = HPA_PATH_REFILLED_SCALED;
    out->replicas = replicas;
    return HPA_MATH_OK;
}

void hpa_math_cpu_begin(hpa_cpu_pass_t *a, const hpa_replica_params_t *p) {
    memset(a, 0, sizeof *a);
    a->bad_pod = -1;
    a->fill_pct = p->target_utilization > 100 ? p->target_utilization : 100;
}

/* groupPods' class of the pod and the first pass's sums by class; also what the checks before
 * them need (has the pod a sample, a request). The sums are only read when every pod has a
 * request (hpa_math_cpu_finish), as Kubernetes only sums then. */
void hpa_math_cpu_add(hpa_cpu_pass_t *a, const hpa_pod_sample_t *pod,
                      const hpa_replica_params_t *p) {
    if (pod->has_metric) a->sampled++;
    if (pod->cpu_request_milli <= 0 && a->bad_pod < 0) a->bad_pod = a->n;
    a->n++;
    switch (hpa_math_classify_pod(pod, &p->group)) {
    case HPA_POD_READY:
        a->groups.ready++;
        a->used += pod->cpu_usage_milli;
        a->requested += pod->cpu_request_milli;
        break;
    case HPA_POD_UNREADY:
        a->groups.unready++;
        a->unready_req += pod->cpu_request_milli;
        break;
    case HPA_POD_MISSING:
        a->groups.missing++;
        a->missing_req += pod->cpu_request_milli;
        /* per pod, integer: requests[pod] * fallbackUtilization / 100 */
        a->missing_full += pod->cpu_request_milli * a->fill_pct / 100;
        break;
    case HPA_POD_IGNORED:
        a->groups.ignored++;
        break;
    }
}

/* `count` pods alike: Ready past cpuInitializationPeriod, each with a sample of `usage_milli`
 * and a request of `request_milli` (> 0). What as many hpa_math_cpu_add calls add. */
void hpa_math_cpu_add_ready(hpa_cpu_pass_t *a, int count, int64_t usage_milli,
                            int64_t request_milli) {
    a->sampled += count;
    a->n += count;
    a->groups.ready += count;
    a->used += usage_milli * count;
    a->requested += request_milli * count;
}

/* GetResourceReplicas for CPU utilization. The first pass counts ready pods only:
 * utilization = floor(100 x used / requested), ratio = utilization / target. Without an
 * unready pod on a scale-up and without a missing pod, the count is kept within tolerance and
 * is ceil(ratio x ready) outside it. Otherwise the pass is redone with the unready pods at 0%
 * (scale-up only) and the missing pods at 0% (scale-up) or max(100%, target) (scale-down):
 * the count is kept if the new ratio is within tolerance, changes direction, or if
 * ceil(new ratio x pods counted) would move against it. Returns HPA_MATH_OK or an error
 * status (hpa_math_status_message); `out` is filled either way as far as the rules got. */
int hpa_math_cpu_finish(const hpa_cpu_pass_t *a, const hpa_replica_params_t *p,
                        hpa_replica_result_t *out) {
    memset(out, 0, sizeof *out);
    out->bad_pod = -1;
    out->replicas = p->current_replicas;

    /* The metrics client fails first when the API returned no sample at all. */
    if (a->sampled + p->unmatched_metrics == 0) return HPA_MATH_ERR_NO_METRICS;
    if (a->n == 0) return HPA_MATH_ERR_NO_PODS;

    out->groups = a->groups;
    const hpa_pod_groups_t *g = &out->groups;
    /* Samples of ignored and unready pods are dropped; strangers' samples stay. */
    if (g->ready + p->unmatched_metrics == 0) return HPA_MATH_ERR_NO_READY_METRICS;
    /* calculateRequests covers every listed pod, ignored ones included. */
    if (a->bad_pod >= 0) {
        out->bad_pod = a->bad_pod;
        return HPA_MATH_ERR_MISSING_REQUEST;
    }

    int64_t used = a->used, requested = a->requested;
    /* Samples of pods not in the list have no request and drop out of the sums here. */
    if (requested == 0) return HPA_MATH_ERR_NO_MATCH;

    out->utilization = utilization_of(used, requested);
    out->raw_average_milli = used / g->ready;
    out->ratio = (double)out->utilization / (double)p->target_utilization;
    out->new_ratio = out->ratio;
    out->pods_counted = g->ready;
    double ratio = out->ratio;
    double up_tol = p->scale_up_tolerance, down_tol = p->scale_down_tolerance;

    bool scale_up_with_unready = g->unready > 0 && ratio > 1.0;
    if (!scale_up_with_unready && g->missing == 0) {
        if (hpa_math_within_tolerance(ratio, up_tol, down_tol)) {
            out->path = HPA_PATH_WITHIN_TOLERANCE;
            return HPA_MATH_OK;
        }
        out->path = HPA_PATH_SCALED;
        out->replicas = to_int(ceil(ratio * (double)g->ready));
        return HPA_MATH_OK;
    }

    /* len(metrics) for the second pass: ready samples, strangers, and what is filled in. */
    int counted = g->ready + p->unmatched_metrics;
    if (g->missing > 0 && ratio != 1.0) {
        /* exactly 1.0 fills nothing: neither branch of the Go code applies */
        if (ratio < 1.0) {
            used += a->missing_full;
            out->missing_fill_percent = a->fill_pct;
        }
        requested += a->missing_req;
        counted += g->missing;
        out->filled_missing = g->missing;
    }
    if (scale_up_with_unready) {
        requested += a->unready_req;
        counted += g->unready;
        out->filled_unready = g->unready;
    }
    double new_ratio = (double)utilization_of(used, requested) / (double)p->target_utilization;
    out->new_ratio = new_ratio;
    out->pods_counted = counted;
    return refilled_decision(out, ratio, new_ratio, counted, p->current_replicas, up_tol, down_tol);
}

int hpa_math_replicas(const hpa_pod_sample_t *pods, int n, const hpa_replica_params_t *p,
                      hpa_replica_result_t *out) {
    hpa_cpu_pass_t a;
    hpa_math_cpu_begin(&a, p);
    for (int i = 0; i < n; i++)
        hpa_math_cpu_add(&a, &pods[i], p);
    return hpa_math_cpu_finish(&a, p, out);
}

/* GetMetricUtilizationRatio: the plain average, integer division, over the target. */
static double plain_ratio(int64_t total, int count, int64_t target, int64_t *average) {
    *average = count ? total / count : 0;
    return (double)*average / (double)target;
}

/* calcPlainMetricReplicas: as hpa_math_replicas, with plain values. Pending pods (and, for
 * CPU, unready ones) count at 0 on a scale-up; missing pods at 0 on a scale-up (or at a ratio
 * of exactly 1) and at the target on a scale-down; then the same checks as the utilization
 * form (within tolerance, direction flipped, ceil(...) against the direction). */
int hpa_math_plain_replicas(const hpa_pod_sample_t *pods, int n, const hpa_replica_params_t *p,
                            int64_t target_milli, hpa_replica_result_t *out) {
    memset(out, 0, sizeof *out);
    out->bad_pod = -1;
    out->replicas = p->current_replicas;
    int sampled = 0;
    for (int i = 0; i < n; i++)
        if (pods[i].has_metric) sampled++;
    if (sampled == 0) return HPA_MATH_ERR_NO_METRICS;
    if (n == 0) return HPA_MATH_ERR_NO_PODS;
    hpa_pod_class_t cls;
    int64_t total = 0;
    hpa_pod_groups_t *g = &out->groups;
    for (int i = 0; i < n; i++) {
        cls = hpa_math_classify_pod(&pods[i], &p->group);
        g->ready += cls == HPA_POD_READY;
        g->unready += cls == HPA_POD_UNREADY;
        g->missing += cls == HPA_POD_MISSING;
        g->ignored += cls == HPA_POD_IGNORED;
        if (cls == HPA_POD_READY) total += pods[i].cpu_usage_milli;
    }
    if (g->ready == 0) return HPA_MATH_ERR_NO_READY_METRICS;
    double ratio = plain_ratio(total, g->ready, target_milli, &out->raw_average_milli);
    out->ratio = out->new_ratio = ratio;
    out->pods_counted = g->ready;
    bool rebalance = g->unready > 0 && ratio > 1.0;
    if (!rebalance && g->missing == 0) {
        if (hpa_math_within_tolerance(ratio, p->scale_up_tolerance, p->scale_down_tolerance)) {
            out->path = HPA_PATH_WITHIN_TOLERANCE;
            return HPA_MATH_OK;
        }
        out->path = HPA_PATH_SCALED;
        out->replicas = to_int(ceil(ratio * (double)g->ready));
        return HPA_MATH_OK;
    }
    int counted = g->ready;
    if (g->missing > 0) {
        if (ratio < 1.0) total += target_milli * g->missing;
        counted += g->missing;
        out->filled_missing = g->missing;
    }
    if (rebalance) {
        counted += g->unready;
        out->filled_unready = g->unready;
    }
    int64_t avg;
    double new_ratio = plain_ratio(total, counted, target_milli, &avg);
    out->new_ratio = new_ratio;
    out->pods_counted = counted;
    return refilled_decision(out, ratio, new_ratio, counted, p->current_replicas,
                             p->scale_up_tolerance, p->scale_down_tolerance);
}

/* getReadyPodsCount: phase Running and Ready (a terminating pod counts). */
int hpa_math_ready_pods(const hpa_pod_sample_t *pods, int n) {
    int ready = 0;
    for (int i = 0; i < n; i++)
        ready += pods[i].phase == HPA_POD_RUNNING && pods[i].has_ready_condition && pods[i].ready;
    return ready;
}

/* getUsageRatioReplicaCount: within tolerance keep current, else ceil(ratio x Ready pods);
 * from 0 replicas, ceil(ratio). */
int hpa_math_value_replicas(int current, int ready_pods, int64_t usage_milli, int64_t target_milli,
                            const hpa_replica_params_t *p) {
    double ratio = (double)usage_milli / (double)target_milli;
    if (current == 0) return to_int(ceil(ratio));
    if (hpa_math_within_tolerance(ratio, p->scale_up_tolerance, p->scale_down_tolerance))
        return current;
    return to_int(ceil(ratio * (double)ready_pods));
}

/* GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas: the ratio is the usage
 * over target x statusReplicas; outside tolerance, ceil(usage / target). */
int hpa_math_per_pod_replicas(int status_replicas, int64_t usage_milli, int64_t target_milli,
                              const hpa_replica_params_t *p) {
    double ratio = (double)usage_milli / ((double)target_milli * (double)status_replicas);
    if (status_replicas > 0 &&
        hpa_math_within_tolerance(ratio, p->scale_up_tolerance, p->scale_down_tolerance))
        return status_replicas;
    return to_int(ceil((double)usage_milli / (double)target_milli));
}

/* The error text Kubernetes reports (FailedGetResourceMetric) for a status of
 * hpa_math_replicas. */
const char *hpa_math_status_message(int status) {
    switch (status) {
    case HPA_MATH_OK:
        return "ok";
    case HPA_MATH_ERR_NO_PODS:
        return "no pods returned by selector while calculating replica count";
    case HPA_MATH_ERR_NO_METRICS:
        return "unable to get metrics for resource cpu: no metrics returned from resource "
               "metrics API";
    case HPA_MATH_ERR_NO_READY_METRICS:
        return "did not receive metrics for targeted pods (pods might be unready)";
    case HPA_MATH_ERR_MISSING_REQUEST:
        return "missing request for cpu";
    case HPA_MATH_ERR_NO_MATCH:
        return "no metrics returned matched known pods";
    default:
        return "unknown error";
    }
}

/* ---- normalization ----------------------------------------------------------------------- */

static const char *const reason_names[HPA_REASON_COUNT] = {
    "ReadyForNewScale", "ScaleUpStabilized", "ScaleDownStabilized", "DesiredWithinRange",
    "ScaleUpLimit",     "ScaleDownLimit",    "TooManyReplicas",     "TooFewReplicas",
};

static const char *const reason_messages[HPA_REASON_COUNT] = {
    "recommended size matches current size",
    "recent recommendations were lower than current one, applying the lowest recent "
    "recommendation",
    "recent recommendations were higher than current one, applying the highest recent "
    "recommendation",
    "the desired count is within the acceptable range",
    "the desired replica count is increasing faster than the maximum scale rate",
    "the desired replica count is decreasing faster than the maximum scale rate",
    "the desired replica count is more than the maximum replica count",
    "the desired replica count is less than the minimum replica count",
};

/* The condition reason as Kubernetes spells it ("ScaleUpLimit"). */
const char *hpa_math_reason_name(hpa_reason_t r) {
    return (unsigned)r < HPA_REASON_COUNT ? reason_names[r] : "Unknown";
}

/* The condition message Kubernetes writes beside the reason. */
const char *hpa_math_reason_message(hpa_reason_t r) {
    return (unsigned)r < HPA_REASON_COUNT ? reason_messages[r] : "";
}

/* recordInitialRecommendation: the first sync of an HPA seeds its history with the current
 * count, so a new HPA does not scale down below it for one stabilization window. */
void hpa_math_rec_log_init(hpa_rec_log_t *log, sim_time_t now, int current_replicas) {
    log->count = 0;
    if (log->capacity > 0) log->items[log->count++] = (hpa_recommendation_t){now, current_replicas};
}

/* Both logs keep the time first, so one slot rule serves both. */
_Static_assert(offsetof(hpa_recommendation_t, time) == 0, "time first");
_Static_assert(offsetof(hpa_scale_event_t, time) == 0, "time first");

static sim_time_t time_at(const void *items, size_t stride, int i) {
    sim_time_t t;
    memcpy(&t, (const char *)items + stride * (size_t)i, sizeof t);
    return t;
}

/* Where a log writes its next entry: over `old` (>= 0: an entry Kubernetes reuses because it
 * fell out of every window), else at the end (== count), else, the log being full, over its
 * oldest entry: Kubernetes' slices grow without bound and ours cannot. Sized for window /
 * sync period + 2 entries, a log never fills. -1 when there is no room at all. */
static int log_slot(const void *items, size_t stride, int count, int capacity, int old) {
    if (old >= 0) return old;
    if (count < capacity) return count;
    if (count == 0) return -1;
    int oldest = 0;
    for (int i = 1; i < count; i++)
        if (time_at(items, stride, i) < time_at(items, stride, oldest)) oldest = i;
    return oldest;
}

static void rec_log_put(hpa_rec_log_t *log, int old, hpa_recommendation_t rec) {
    int i = log_slot(log->items, sizeof *log->items, log->count, log->capacity, old);
    if (i < 0) return;
    if (i == log->count) log->count++;
    log->items[i] = rec;
}

/* stabilizeRecommendation (no spec.behavior): the highest of the new recommendation and every
 * recommendation not older than the window (an entry exactly at the cutoff still counts);
 * the last entry, in log order, older than the window is overwritten with the new
 * recommendation, else it is appended. */
int hpa_math_stabilize_legacy(hpa_rec_log_t *log, sim_time_t now, sim_time_t window, int desired) {
    int highest = desired, old = -1;
    sim_time_t cutoff = now - window;
    for (int i = 0; i < log->count; i++) {
        if (log->items[i].time < cutoff)
            old = i;
        else if (log->items[i].replicas > highest)
            highest = log->items[i].replicas;
    }
    rec_log_put(log, old, (hpa_recommendation_t){now, desired});
    return highest;
}

/* calculateScaleUpLimit: max(factor x current, minimum), truncated. */
static int legacy_scale_up_limit(int current, double factor, double minimum) {
    return to_int(fmax(factor * (double)current, minimum));
}

/* The tighter of maxReplicas and a scale-up limit, with the reason to give if it binds: the
 * limit is named only when strictly below maxReplicas (both convert functions). */
static int upper_bound(int max_replicas, int limit, hpa_reason_t *why) {
    *why = max_replicas > limit ? HPA_REASON_SCALE_UP_LIMIT : HPA_REASON_TOO_MANY_REPLICAS;
    return imin(max_replicas, limit);
}

/* convertDesiredReplicasWithRules (no spec.behavior): clamp to [min, min(max, scale-up
 * limit)], the limit being max(2 x current, 4) in production (factor and minimum are
 * arguments because the upstream tests use 8). */
int hpa_math_convert_with_rules(int current, int desired, int min_replicas, int max_replicas,
                                double scale_up_factor, double scale_up_minimum,
                                hpa_reason_t *reason) {
    hpa_reason_t over;
    int maximum = upper_bound(
        max_replicas, legacy_scale_up_limit(current, scale_up_factor, scale_up_minimum), &over);
    if (desired < min_replicas) {
        *reason = HPA_REASON_TOO_FEW_REPLICAS;
        return min_replicas;
    }
    if (desired > maximum) {
        *reason = over;
        return maximum;
    }
    *reason = HPA_REASON_DESIRED_WITHIN_RANGE;
    return desired;
}

/* normalizeDesiredReplicas: the whole no-behavior path of one sync, with the conditions. */
hpa_normalized_t hpa_math_normalize_legacy(hpa_rec_log_t *log, sim_time_t now, int current,
                                           int desired, int min_replicas, int max_replicas) {
    hpa_normalized_t r;
    r.stabilized = hpa_math_stabilize_legacy(log, now, HPA_DOWNSCALE_STABILIZATION_WINDOW, desired);
    r.able_to_scale =
        r.stabilized != desired ? HPA_REASON_SCALE_DOWN_STABILIZED : HPA_REASON_READY_FOR_NEW_SCALE;
    r.replicas = hpa_math_convert_with_rules(current, r.stabilized, min_replicas, max_replicas,
                                             HPA_SCALE_UP_LIMIT_FACTOR, HPA_SCALE_UP_LIMIT_MINIMUM,
                                             &r.scaling_limited);
    r.limited = r.replicas != r.stabilized;
    return r;
}

/* stabilizeRecommendationWithBehaviors: the count is held between the lowest recommendation
 * younger than the scale-up window and the highest younger than the scale-down window (the
 * new one included in both; "younger" is strict, so a window of 0 excludes every stored
 * entry): current raised to the first, then lowered to the second. The last entry older than
 * both windows is overwritten with the new recommendation, else it is appended. `reason`
 * gets the AbleToScale reason: ReadyForNewScale when nothing changed, else Scale{Up,Down}
 * Stabilized by the direction of the recommendation. */
int hpa_math_stabilize_behavior(hpa_rec_log_t *log, sim_time_t now, sim_time_t up_window,
                                sim_time_t down_window, int current, int desired,
                                hpa_reason_t *reason) {
    int up = desired, down = desired, old = -1;
    sim_time_t up_cutoff = now - up_window, down_cutoff = now - down_window;
    for (int i = 0; i < log->count; i++) {
        const hpa_recommendation_t *rec = &log->items[i];
        if (rec->time > up_cutoff) up = imin(up, rec->replicas);
        if (rec->time > down_cutoff) down = imax(down, rec->replicas);
        if (rec->time < up_cutoff && rec->time < down_cutoff) old = i;
    }
    int recommendation = current;
    if (recommendation < up) recommendation = up;
    if (recommendation > down) recommendation = down;
    rec_log_put(log, old, (hpa_recommendation_t){now, desired});
    if (reason) {
        if (recommendation == desired)
            *reason = HPA_REASON_READY_FOR_NEW_SCALE;
        else
            *reason = desired >= current ? HPA_REASON_SCALE_UP_STABILIZED
                                         : HPA_REASON_SCALE_DOWN_STABILIZED;
    }
    return recommendation;
}

/* getReplicasChangePerPeriod: the replicas changed by events strictly younger than period. */
static int change_in_period(const hpa_event_log_t *log, sim_time_t period, sim_time_t now) {
    int sum = 0;
    if (!log) return 0;
    sim_time_t cutoff = now - period;
    for (int i = 0; i < log->count; i++)
        if (log->items[i].time > cutoff) sum += log->items[i].change;
    return sum;
}

/* The count at the start of a policy's period: current minus what was added in it plus what
 * was removed in it. */
static int period_start(int current, const hpa_event_log_t *up, const hpa_event_log_t *down,
                        sim_time_t period, sim_time_t now) {
    return current - change_in_period(up, period, now) + change_in_period(down, period, now);
}

/* calculateScaleUpLimitWithScalingRules and calculateScaleDownLimitWithBehaviors, which differ
 * only in direction. Per policy, the count at the start of its period plus (up) or minus
 * (down) Pods, or times (1 +/- Percent/100), rounded up for a scale-up so a small percentage
 * still adds a pod, truncated for a scale-down. Max picks the largest change (the highest
 * count up, the lowest down), Min the smallest; Disabled returns current. With no policy the
 * result stays at INT_MIN / INT_MAX, as in Go. */
static int rate_limit(int current, const hpa_event_log_t *up, const hpa_event_log_t *down,
                      const hpa_rules_t *rules, sim_time_t now, bool scale_up) {
    if (rules->select_policy == HPA_SELECT_DISABLED) return current;
    bool highest = (rules->select_policy == HPA_SELECT_MAX) == scale_up;
    int result = highest ? INT_MIN : INT_MAX;
    for (int i = 0; i < rules->policy_count; i++) {
        const hpa_policy_t *pol = &rules->policies[i];
        int start = period_start(current, up, down, pol->period, now);
        int proposed;
        if (pol->type == HPA_POLICY_PODS)
            proposed = scale_up ? start + pol->value : start - pol->value;
        else if (scale_up)
            proposed = to_int(ceil((double)start * (1.0 + (double)pol->value / 100.0)));
        else
            proposed = to_int((double)start * (1.0 - (double)pol->value / 100.0));
        result = highest ? imax(result, proposed) : imin(result, proposed);
    }
    return result;
}

/* The highest count a scale-up may reach now (calculateScaleUpLimitWithScalingRules). */
int hpa_math_scale_up_limit(int current, const hpa_event_log_t *up, const hpa_event_log_t *down,
                            const hpa_rules_t *rules, sim_time_t now) {
    return rate_limit(current, up, down, rules, now, true);
}

/* The lowest count a scale-down may reach now (calculateScaleDownLimitWithBehaviors). */
int hpa_math_scale_down_limit(int current, const hpa_event_log_t *up, const hpa_event_log_t *down,
                              const hpa_rules_t *rules, sim_time_t now) {
    return rate_limit(current, up, down, rules, now, false);
}

/* convertDesiredReplicasWithBehaviorRate: a scale-up is capped by the scale-up limit (never
 * below current) and maxReplicas, a scale-down floored by the scale-down limit (never above
 * current) and minReplicas; an unchanged count passes as it is. */
int hpa_math_convert_with_behavior_rate(int current, int desired, int min_replicas,
                                        int max_replicas, const hpa_rules_t *scale_up,
                                        const hpa_rules_t *scale_down, const hpa_event_log_t *up,
                                        const hpa_event_log_t *down, sim_time_t now,
                                        hpa_reason_t *reason) {
    if (desired > current) {
        /* a limit below current (events not yet aged out) holds the count */
        int limit = imax(hpa_math_scale_up_limit(current, up, down, scale_up, now), current);
        hpa_reason_t why;
        int maximum = upper_bound(max_replicas, limit, &why);
        if (desired > maximum) {
            *reason = why;
            return maximum;
        }
    } else if (desired < current) {
        /* a limit above current (events not yet aged out) holds the count */
        int limit = imin(hpa_math_scale_down_limit(current, up, down, scale_down, now), current);
        int minimum = min_replicas;
        hpa_reason_t why = HPA_REASON_TOO_FEW_REPLICAS;
        if (minimum < limit) {
            minimum = limit;
            why = HPA_REASON_SCALE_DOWN_LIMIT;
        }
        if (desired < minimum) {
            *reason = why;
            return minimum;
        }
    }
    *reason = HPA_REASON_DESIRED_WITHIN_RANGE;
    return desired;
}

/* normalizeDesiredReplicasWithBehaviors: stabilization, then the rate limits and
 * [minReplicas, maxReplicas], with the conditions. `spec` has its defaults filled in. */
hpa_normalized_t hpa_math_normalize_behavior(hpa_rec_log_t *log, const hpa_event_log_t *up,
                                             const hpa_event_log_t *down, sim_time_t now,
                                             const hpa_spec_t *spec, int current, int desired) {
    hpa_normalized_t r;
    r.stabilized = hpa_math_stabilize_behavior(log, now, spec->scale_up.stabilization_window,
                                               spec->scale_down.stabilization_window, current,
                                               desired, &r.able_to_scale);
    r.replicas = hpa_math_convert_with_behavior_rate(
        current, r.stabilized, spec->min_replicas, spec->max_replicas, &spec->scale_up,
        &spec->scale_down, up, down, now, &r.scaling_limited);
    r.limited = r.replicas != r.stabilized;
    return r;
}

/* storeScaleEvent for one direction: `log` is the scale-up log for a scale-up (change =
 * new - previous) or the scale-down log for a scale-down (change = previous - new), `rules`
 * that direction's rules. Kubernetes stores events only for an HPA with spec.behavior and
 * only after a rescale. An event older than the longest policy period of the direction is
 * outdated and the last such one is overwritten, else the event is appended (a full log
 * overwrites its oldest event). Outdated events still count in the other direction's
 * periods until overwritten, as upstream. */
void hpa_math_store_scale_event(hpa_event_log_t *log, sim_time_t now, const hpa_rules_t *rules,
                                int change) {
    sim_time_t longest = 0;
    for (int i = 0; i < rules->policy_count; i++)
        if (rules->policies[i].period > longest) longest = rules->policies[i].period;
    sim_time_t cutoff = now - longest;
    int old = -1;
    for (int i = 0; i < log->count; i++)
        if (log->items[i].time < cutoff) old = i;
    int i = log_slot(log->items, sizeof *log->items, log->count, log->capacity, old);
    if (i < 0) return;
    if (i == log->count) log->count++;
    log->items[i] = (hpa_scale_event_t){now, change};
}

/* ---- words ------------------------------------------------------------------------------ */

/* reconcileAutoscaler's rescaleReason. NULL when autoscaling is disabled (the target has 0
 * replicas and minReplicas is not 0: Kubernetes leaves it alone). A count outside
 * [min, max] is set to the bound without any metric; otherwise the reason compares the
 * metric's recommendation (before normalization) with the current count, "" when equal. */
const char *hpa_math_rescale_reason(int current, int min_replicas, int max_replicas,
                                    int metric_desired) {
    if (current == 0 && min_replicas != 0) return NULL;
    if (current > max_replicas) return "Current number of replicas above Spec.MaxReplicas";
    if (current < min_replicas) return "Current number of replicas below Spec.MinReplicas";
    if (metric_desired > current)
        return "cpu resource utilization (percentage of request) above target";
    if (metric_desired < current) return "All metrics below target";
    return "";
}

/* The SuccessfulRescale event's message: "New size: 7; reason: ...". Returns snprintf's. */
int hpa_math_event_message(char *buf, size_t n, int new_size, const char *reason) {
    return snprintf(buf, n, "New size: %d; reason: %s", new_size, reason ? reason : "");
}

typedef struct {
    char *buf;
    size_t n, len; /* len: what the whole text needs, as snprintf counts */
} text_t;

static void put(text_t *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    size_t room = t->len < t->n ? t->n - t->len : 0;
    int k = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
    if (k > 0) t->len += (size_t)k;
}

static const char *plural(int k) {
    return k == 1 ? "" : "s";
}

/* A person's account of one successful hpa_math_replicas decision (for the explain view and
 * the events log), e.g. "utilization 92% of target 60% (ratio 1.53); 4 ready pods → ceil(1.53 ×
 * 4) = 7". Ratios are printed to two places; the decision used them unrounded. Returns the
 * length of the whole text, as snprintf. */
int hpa_math_explain(char *buf, size_t n, const hpa_replica_params_t *p,
                     const hpa_replica_result_t *r) {
    text_t t = {buf, n, 0};
    if (n) buf[0] = '\0';
    put(&t, "utilization %d%% of target %d%% (ratio %.2f)", r->utilization, p->target_utilization,
        r->ratio);
    switch (r->path) {
    case HPA_PATH_WITHIN_TOLERANCE:
        put(&t, " is within tolerance [%.2f, %.2f]: keep %d", 1.0 - p->scale_down_tolerance,
            1.0 + p->scale_up_tolerance, r->replicas);
        return (int)t.len;
    case HPA_PATH_SCALED:
        put(&t, "; %d ready pod%s → ceil(%.2f × %d) = %d", r->groups.ready, plural(r->groups.ready),
            r->ratio, r->groups.ready, r->replicas);
        return (int)t.len;
    default:
        break;
    }
    put(&t, " over %d ready pod%s; ", r->groups.ready, plural(r->groups.ready));
    if (r->filled_unready)
        put(&t, "counting %d unready pod%s at 0%%", r->filled_unready, plural(r->filled_unready));
    if (r->filled_unready && r->filled_missing) put(&t, " and ");
    if (r->filled_missing)
        put(&t, "%s%d missing pod%s at %d%%", r->filled_unready ? "" : "counting ",
            r->filled_missing, plural(r->filled_missing), r->missing_fill_percent);
    if (!r->filled_unready && !r->filled_missing) put(&t, "filling in no pod");
    put(&t, ": ratio %.2f over %d pod%s", r->new_ratio, r->pods_counted, plural(r->pods_counted));
    int proposed = to_int(ceil(r->new_ratio * (double)r->pods_counted));
    switch (r->path) {
    case HPA_PATH_REFILLED_WITHIN:
        put(&t, " is within tolerance: keep %d", r->replicas);
        break;
    case HPA_PATH_REFILLED_FLIPPED:
        put(&t, " reverses the direction: keep %d", r->replicas);
        break;
    case HPA_PATH_REFILLED_AGAINST:
        put(&t, " → ceil(%.2f × %d) = %d would move against the direction: keep %d", r->new_ratio,
            r->pods_counted, proposed, r->replicas);
        break;
    default:
        put(&t, " → ceil(%.2f × %d) = %d", r->new_ratio, r->pods_counted, r->replicas);
        break;
    }
    return (int)t.len;
}
