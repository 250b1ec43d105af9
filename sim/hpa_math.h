/* hpa_math: the Horizontal Pod Autoscaler's arithmetic, exactly as Kubernetes does it
 * (pkg/controller/podautoscaler: replica_calculator.go, horizontal.go). Pure functions over
 * caller-owned arrays: no allocation, no model state. The HPA controller (hpa.c) calls them
 * every sync; tests/test_hpa_math.c checks them against the upstream test vectors. */
#ifndef DEPLOYSIM_HPA_MATH_H
#define DEPLOYSIM_HPA_MATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"
#include "scenario.h"

/* Kubernetes' defaults (kube-controller-manager flags; docs/MODEL.md#defaults). */
#define HPA_DEFAULT_TOLERANCE 0.1
#define HPA_CPU_INITIALIZATION_PERIOD (300 * SIM_SEC)
#define HPA_INITIAL_READINESS_DELAY (30 * SIM_SEC)
#define HPA_DOWNSCALE_STABILIZATION_WINDOW (300 * SIM_SEC)
/* Without spec.behavior a sync may scale up to max(2 x current, 4). */
#define HPA_SCALE_UP_LIMIT_FACTOR 2.0
#define HPA_SCALE_UP_LIMIT_MINIMUM 4.0

/* Go's zero time (0001-01-01): long before any simulated instant, with room to add a
 * window to it without overflow. */
#define HPA_TIME_ZERO (INT64_MIN / 4)

/* ---- the replica calculator ---------------------------------------------------------- */

/* Every phase other than Pending and Failed (Running, Succeeded, Unknown) is treated alike
 * by groupPods, so the model needs only these three. */
typedef enum { HPA_POD_PENDING, HPA_POD_RUNNING, HPA_POD_FAILED } hpa_pod_phase_t;

/* What the HPA sees of one pod of its target at a sync. */
typedef struct {
    hpa_pod_phase_t phase;
    bool deleting;               /* deletionTimestamp set (Terminating) */
    bool has_ready_condition;    /* the Ready condition exists */
    bool ready;                  /* its status: true = True, false = False */
    sim_time_t ready_transition; /* its lastTransitionTime */
    bool has_start_time;         /* status.startTime set */
    sim_time_t start_time;
    bool has_metric;           /* the metrics API returned a sample for the pod */
    sim_time_t metric_time;    /* the sample's timestamp */
    sim_time_t metric_window;  /* and window */
    int64_t cpu_usage_milli;   /* the sample: millicores */
    int64_t cpu_request_milli; /* <= 0: no CPU request */
    /* autoscaling/v2 metrics of the same scrape (hpa_metrics.c): the memory working set and
     * request in bytes (Kubernetes compares milli-bytes: the same ratios, and no overflow
     * here), and the model's per-pod metrics in thousandths (hpa_pod_metric_t: requests per
     * second, requests in flight) */
    int64_t memory_bytes, memory_request_bytes;
    int64_t custom_milli[2];
} hpa_pod_sample_t;

/* groupPods' classes. Ignored pods count nowhere; unready pods count as 0% on a scale-up
 * and not at all on a scale-down; missing pods are filled in by the direction. */
typedef enum { HPA_POD_READY, HPA_POD_UNREADY, HPA_POD_MISSING, HPA_POD_IGNORED } hpa_pod_class_t;

typedef struct {
    int ready, unready, missing, ignored;
} hpa_pod_groups_t;

typedef struct {
    sim_time_t now;
    sim_time_t cpu_initialization_period; /* HPA_CPU_INITIALIZATION_PERIOD */
    sim_time_t initial_readiness_delay;   /* HPA_INITIAL_READINESS_DELAY */
    bool not_cpu; /* a metric other than CPU: groupPods applies its readiness rules to CPU only */
} hpa_group_params_t;

typedef struct {
    hpa_group_params_t group;
    int current_replicas;
    int target_utilization;      /* percent of request */
    double scale_up_tolerance;   /* HPA_DEFAULT_TOLERANCE */
    double scale_down_tolerance; /* HPA_DEFAULT_TOLERANCE */
    /* Samples the metrics API returned for pods that are not in the list (a pod already
     * gone). Kubernetes keeps them in len(metrics); the model normally passes 0. */
    int unmatched_metrics;
} hpa_replica_params_t;

typedef enum {
    HPA_MATH_OK = 0,
    HPA_MATH_ERR_NO_PODS,          /* the target has no pods */
    HPA_MATH_ERR_NO_METRICS,       /* the metrics API returned nothing at all */
    HPA_MATH_ERR_NO_READY_METRICS, /* no sample left once unready and ignored pods go */
    HPA_MATH_ERR_MISSING_REQUEST,  /* a pod has no CPU request */
    HPA_MATH_ERR_NO_MATCH,         /* no sample belongs to a pod with a request */
} hpa_math_status_t;

/* Which rule of GetResourceReplicas decided the count (for explanations). */
typedef enum {
    HPA_PATH_WITHIN_TOLERANCE, /* no unready/missing pod to fill in; ratio within tolerance */
    HPA_PATH_SCALED,           /* ... outside it: ceil(ratio x ready) */
    HPA_PATH_REFILLED_WITHIN,  /* after filling in, the ratio is within tolerance */
    HPA_PATH_REFILLED_FLIPPED, /* after filling in, the ratio changes direction */
    HPA_PATH_REFILLED_AGAINST, /* ceil(new ratio x pods) moves against the direction */
    HPA_PATH_REFILLED_SCALED,  /* ceil(new ratio x pods) */
} hpa_replica_path_t;

typedef struct {
    int replicas;              /* the recommendation (before normalization) */
    int utilization;           /* floor(100 x used / requested) over ready pods, percent */
    int64_t raw_average_milli; /* used / number of ready pods, millicores */
    double ratio;              /* utilization / target */
    double new_ratio;          /* after filling in unready/missing pods (= ratio if none) */
    int pods_counted;          /* pods behind `replicas`: ready, or len(metrics) refilled */
    int filled_unready;        /* unready pods counted at 0% */
    int filled_missing;        /* missing pods filled in */
    int missing_fill_percent;  /* ... at this percent of their request: 0 or max(100, target) */
    hpa_pod_groups_t groups;
    hpa_replica_path_t path;
    int bad_pod; /* HPA_MATH_ERR_MISSING_REQUEST: the pod's index, else -1 */
} hpa_replica_result_t;

hpa_pod_class_t hpa_math_classify_pod(const hpa_pod_sample_t *pod, const hpa_group_params_t *p);
hpa_pod_groups_t hpa_math_group_pods(const hpa_pod_sample_t *pods, int n,
                                     const hpa_group_params_t *p, hpa_pod_class_t *classes);
bool hpa_math_within_tolerance(double ratio, double scale_up_tolerance,
                               double scale_down_tolerance);
int hpa_math_replicas(const hpa_pod_sample_t *pods, int n, const hpa_replica_params_t *p,
                      hpa_replica_result_t *out);
/* hpa_math_replicas one pod at a time: begin, add every pod in the list's order, then finish
 * gives what hpa_math_replicas gives for the same array. Each pod is classified once, and a
 * caller with thousands of pods (hpa.c) needs no array of samples (make bench: HPA at scale). */
typedef struct {
    int n, sampled;          /* pods added, of them with a sample */
    hpa_pod_groups_t groups; /* groupPods' counts */
    int bad_pod;             /* the first pod without a CPU request, -1 */
    int fill_pct;            /* what a missing pod is filled in at on a scale-down */
    /* the sums over the groups: the ready pods' usage and requests, the requests of unready
     * and missing pods, and the missing pods' usage at fill_pct */
    int64_t used, requested, unready_req, missing_req, missing_full;
} hpa_cpu_pass_t;
void hpa_math_cpu_begin(hpa_cpu_pass_t *a, const hpa_replica_params_t *p);
void hpa_math_cpu_add(hpa_cpu_pass_t *a, const hpa_pod_sample_t *pod,
                      const hpa_replica_params_t *p);
/* `count` pods alike, Ready past cpuInitializationPeriod with a sample (hpa_steady.c). */
void hpa_math_cpu_add_ready(hpa_cpu_pass_t *a, int count, int64_t usage_milli,
                            int64_t request_milli);
int hpa_math_cpu_finish(const hpa_cpu_pass_t *a, const hpa_replica_params_t *p,
                        hpa_replica_result_t *out);
const char *hpa_math_status_message(int status);

/* autoscaling/v2 (replica_calculator.go): calcPlainMetricReplicas over the samples'
 * cpu_usage_milli as plain values against target_milli (AverageValue of a Resource, Pods);
 * getUsageRatioReplicaCount (Object/External Value: the usage over the target times the
 * Ready pods); the per-pod form (Object/External AverageValue: the usage over the target). */
int hpa_math_plain_replicas(const hpa_pod_sample_t *pods, int n, const hpa_replica_params_t *p,
                            int64_t target_milli, hpa_replica_result_t *out);
int hpa_math_value_replicas(int current, int ready_pods, int64_t usage_milli, int64_t target_milli,
                            const hpa_replica_params_t *p);
int hpa_math_per_pod_replicas(int status_replicas, int64_t usage_milli, int64_t target_milli,
                              const hpa_replica_params_t *p);
int hpa_math_ready_pods(const hpa_pod_sample_t *pods, int n);

/* ---- normalization: stabilization, rate limits, [min, max] ---------------------------- */

/* Conditions of the HPA's status (AbleToScale and ScalingLimited reasons). */
typedef enum {
    HPA_REASON_READY_FOR_NEW_SCALE,
    HPA_REASON_SCALE_UP_STABILIZED,
    HPA_REASON_SCALE_DOWN_STABILIZED,
    HPA_REASON_DESIRED_WITHIN_RANGE,
    HPA_REASON_SCALE_UP_LIMIT,
    HPA_REASON_SCALE_DOWN_LIMIT,
    HPA_REASON_TOO_MANY_REPLICAS,
    HPA_REASON_TOO_FEW_REPLICAS,
    HPA_REASON_COUNT
} hpa_reason_t;

const char *hpa_math_reason_name(hpa_reason_t r);    /* "ScaleUpLimit" */
const char *hpa_math_reason_message(hpa_reason_t r); /* Kubernetes' condition message */

/* The recommendation history of one HPA (horizontal.go: a.recommendations[key]). */
typedef struct {
    sim_time_t time;
    int replicas;
} hpa_recommendation_t;

typedef struct {
    hpa_recommendation_t *items;
    int count, capacity;
} hpa_rec_log_t;

/* Scale events of one direction (a.scaleUpEvents / a.scaleDownEvents); `change` > 0. */
typedef struct {
    sim_time_t time;
    int change;
} hpa_scale_event_t;

typedef struct {
    hpa_scale_event_t *items;
    int count, capacity;
} hpa_event_log_t;

typedef struct {
    int replicas;                 /* what to set spec.replicas to */
    int stabilized;               /* the recommendation after stabilization */
    hpa_reason_t able_to_scale;   /* ReadyForNewScale / ScaleUpStabilized / ScaleDownStabilized */
    hpa_reason_t scaling_limited; /* DesiredWithinRange / ScaleUpLimit / ... / TooFewReplicas */
    bool limited;                 /* ScalingLimited status: replicas != stabilized */
} hpa_normalized_t;

void hpa_math_rec_log_init(hpa_rec_log_t *log, sim_time_t now, int current_replicas);
int hpa_math_stabilize_legacy(hpa_rec_log_t *log, sim_time_t now, sim_time_t window, int desired);
int hpa_math_convert_with_rules(int current, int desired, int min_replicas, int max_replicas,
                                double scale_up_factor, double scale_up_minimum,
                                hpa_reason_t *reason);
hpa_normalized_t hpa_math_normalize_legacy(hpa_rec_log_t *log, sim_time_t now, int current,
                                           int desired, int min_replicas, int max_replicas);

int hpa_math_stabilize_behavior(hpa_rec_log_t *log, sim_time_t now, sim_time_t up_window,
                                sim_time_t down_window, int current, int desired,
                                hpa_reason_t *reason);
int hpa_math_scale_up_limit(int current, const hpa_event_log_t *up, const hpa_event_log_t *down,
                            const hpa_rules_t *rules, sim_time_t now);
int hpa_math_scale_down_limit(int current, const hpa_event_log_t *up, const hpa_event_log_t *down,
                              const hpa_rules_t *rules, sim_time_t now);
int hpa_math_convert_with_behavior_rate(int current, int desired, int min_replicas,
                                        int max_replicas, const hpa_rules_t *scale_up,
                                        const hpa_rules_t *scale_down, const hpa_event_log_t *up,
                                        const hpa_event_log_t *down, sim_time_t now,
                                        hpa_reason_t *reason);
hpa_normalized_t hpa_math_normalize_behavior(hpa_rec_log_t *log, const hpa_event_log_t *up,
                                             const hpa_event_log_t *down, sim_time_t now,
                                             const hpa_spec_t *spec, int current, int desired);
void hpa_math_store_scale_event(hpa_event_log_t *log, sim_time_t now, const hpa_rules_t *rules,
                                int change);

/* ---- words ------------------------------------------------------------------------------ */

const char *hpa_math_rescale_reason(int current, int min_replicas, int max_replicas,
                                    int metric_desired);
int hpa_math_event_message(char *buf, size_t n, int new_size, const char *reason);
int hpa_math_explain(char *buf, size_t n, const hpa_replica_params_t *p,
                     const hpa_replica_result_t *r);

#endif
