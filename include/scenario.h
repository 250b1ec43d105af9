/* scenario: the validated, defaulted contents of a scenario file as plain data.
 * The loader (scenario.c) turns JSON into this; the model only reads it. Every scenario key
 * (schema/schema.json; docs/MODEL.md#defaults) is here with its default already applied.
 * Times are microseconds, CPU is millicores, memory and sizes are bytes. */
#ifndef DEPLOYSIM_SCENARIO_H
#define DEPLOYSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "dist.h"
#include "sim_time.h"

typedef struct cJSON cJSON;

/* The ranges the model honours (README "Ranges of numeric keys", schema.json): the loader
 * rejects a value outside them with its path and the range. Inside them no arithmetic of the
 * model overflows: times are int64 microseconds and every sum or product of these stays far
 * below 2^63 (and counts below 2^31). */
#define SCN_MAX_DURATION (3650LL * 86400 * 1000000) /* any time or duration: 10 years, in us */
#define SCN_MAX_REPLICAS 100000 /* replicas, HPA bounds, scale, surge/unavailable counts */
#define SCN_MAX_NODES 100000    /* nodes of one pool, autoscaling min/max */
#define SCN_MAX_PERCENT 10000   /* "25%" values, targetCPUUtilizationPercentage */
#define SCN_MAX_COUNT 100000    /* thresholds, limits, analysis counts */
#define SCN_MAX_CONCURRENCY 10000
#define SCN_MAX_QUEUE 1000000
#define SCN_MAX_CPU 1000000000LL             /* millicores: a million cores */
#define SCN_MAX_BYTES (1LL << 50)            /* memory and overheads: 1Pi */
#define SCN_MAX_IMAGE (1LL << 40)            /* image size: 1Ti */
#define SCN_MIN_BANDWIDTH 1024.0             /* pullBandwidth, bytes per second: 1Ki ... */
#define SCN_MAX_BANDWIDTH 1125899906842624.0 /* ... 1Pi */
#define SCN_MAX_RPS_REQUESTS 1e6             /* fidelity "requests": every request is an event */
#define SCN_MAX_RPS 1e12                     /* fidelity "fluid" */
#define SCN_MIN_CAPACITY_RPS 1e-6 /* per pod: a mean service time that fits in the clock ... */
#define SCN_MAX_CAPACITY_RPS 1e6  /* ... and of at least 1 us per worker */
#define SCN_MAX_PRICE 1e6         /* pricePerHour */
#define SCN_MAX_TRACE_SCALE 1e6   /* traffic.trace.scale */
#define SCN_MIN_SLO_WINDOW (60LL * 1000000)          /* slo.window: a minute ... */
#define SCN_MAX_SLO_WINDOW (366LL * 86400 * 1000000) /* ... to a year */
#define SCN_MIN_SHAPE 0.01 /* Weibull shape: Gamma(1 + 1/shape) stays finite */
#define SCN_MAX_SHAPE 100.0

typedef enum { RUNTIME_CONTAINER, RUNTIME_VM, RUNTIME_BARE, RUNTIME_COUNT } runtime_kind_t;
typedef enum { FIDELITY_REQUESTS, FIDELITY_FLUID } fidelity_t;
typedef enum { LB_ROUND_ROBIN, LB_RANDOM, LB_LEAST_REQUEST } lb_kind_t;
typedef enum { SERVICE_TIME_EXPONENTIAL, SERVICE_TIME_CONSTANT } service_time_kind_t;

/* An IntOrString of Kubernetes: 3 or "25%". */
typedef struct {
    bool set;
    bool percent;
    int value;
} int_or_pct_t;

typedef struct {
    dist_t start;            /* runtime start (container ~1 s, VM boot, process start) */
    int64_t memory_overhead; /* bytes charged per pod on top of its request */
    int64_t cpu_overhead;    /* millicores charged per pod on top of its request */
    double price_per_hour;   /* default price of a node of a pool of this runtime */
} runtime_spec_t;

/* ---- placement (k8s: core/v1 Taint, Toleration, NodeSelectorRequirement,
 * TopologySpreadConstraint) ---- */
/* Well-known node labels (k8s: api/core/v1 well_known_labels.go). */
#define LABEL_ZONE "topology.kubernetes.io/zone"
#define LABEL_HOSTNAME "kubernetes.io/hostname"
#define LABEL_INSTANCE_TYPE "node.kubernetes.io/instance-type"

typedef enum { TAINT_NO_SCHEDULE, TAINT_PREFER_NO_SCHEDULE, TAINT_NO_EXECUTE } taint_effect_t;

/* The effects by their Kubernetes names, indexed by taint_effect_t. */
extern const char *const taint_effect_names[3];

typedef struct {
    char *key, *value; /* value "" when none */
} label_t;

typedef struct {
    char *key, *value;
    taint_effect_t effect;
} taint_spec_t;

typedef struct {
    char *key;   /* "" with Exists: every taint */
    bool exists; /* operator Exists (else Equal) */
    char *value;
    int effect; /* taint_effect_t, -1 = every effect */
    bool has_seconds;
    sim_time_t seconds; /* tolerationSeconds (NoExecute): <= 0 evicts at once */
} toleration_t;

typedef enum { SEL_IN, SEL_NOT_IN, SEL_EXISTS, SEL_DOES_NOT_EXIST, SEL_GT, SEL_LT } selector_op_t;

typedef struct {
    char *key;
    selector_op_t op;
    char **values;
    int value_count;
} match_expr_t;

typedef struct { /* a nodeSelectorTerm: its matchExpressions ANDed */
    match_expr_t *exprs;
    int expr_count;
} node_term_t;

typedef struct {
    int weight; /* 1..100 */
    node_term_t term;
} preferred_term_t;

/* The topology keys a spread constraint may name. */
typedef enum { TOPO_HOSTNAME, TOPO_ZONE } topology_key_t;

typedef struct {
    int max_skew;
    topology_key_t key;
    bool do_not_schedule; /* whenUnsatisfiable DoNotSchedule (else ScheduleAnyway) */
    int min_domains;      /* 0 = unset (1) */
} spread_constraint_t;

/* A podAffinity / podAntiAffinity term: the pods of one service (labelSelector app=NAME, in
 * the service's namespace) counted per topology domain. */
typedef struct {
    char *app;   /* the selector's app label, as written */
    int service; /* resolved: index of the service with that name, -1 none */
    topology_key_t key;
    int weight; /* preferred terms: 1..100 */
} pod_term_t;

enum { POD_AFFINITY_REQ, POD_AFFINITY_PREF, POD_ANTI_REQ, POD_ANTI_PREF, POD_TERM_KINDS };

/* What a service's pod template asks of its node. All empty: any node of its runtime. */
typedef struct {
    label_t *node_selector;
    int node_selector_count;
    node_term_t *required; /* requiredDuringScheduling...nodeSelectorTerms, ORed; 0 = none */
    int required_count;
    preferred_term_t *preferred;
    int preferred_count;
    toleration_t *tolerations;
    int toleration_count;
    spread_constraint_t *spread; /* 0: the scheduler's system default constraints */
    int spread_count;
    pod_term_t *pod_terms[POD_TERM_KINDS]; /* affinity.podAffinity / podAntiAffinity */
    int pod_term_count[POD_TERM_KINDS];
    /* priorityClassName, resolved as the Priority admission plugin does: the class's value
     * and preemptionPolicy; none named: the globalDefault class, else 0 and
     * PreemptLowerPriority */
    char *priority_class; /* as written, NULL */
    int priority;
    bool preempt_never; /* preemptionPolicy: Never */
} placement_spec_t;

/* A PriorityClass (k8s: scheduling/v1). */
typedef struct {
    char *name;
    int value; /* user classes: -2147483648..1000000000 */
    bool preempt_never;
    bool global_default;
} priority_class_t;

typedef struct {
    char *name;
    int count;
    int64_t cpu;    /* millicores */
    int64_t memory; /* bytes */
    runtime_kind_t runtime;
    double price_per_hour;
    double pull_bandwidth; /* bytes per second */
    bool repair_auto;
    dist_t provisioning_time;
    bool autoscaling;
    int autoscaling_min, autoscaling_max;
    double scale_down_utilization_threshold;
    sim_time_t scale_down_unneeded_time;
    int *zones;      /* indices into scenario_t.zones: node k of the pool is in zones[k % n] */
    int zone_count;  /* 0: its nodes have no zone label */
    label_t *labels; /* extra node labels */
    int label_count;
    taint_spec_t *taints;
    int taint_count;
    char *instance_type; /* label node.kubernetes.io/instance-type, NULL = none */
    /* capacityType spot (spot.c): interruptions with a notice, then the instance is gone */
    bool spot;
    bool spot_random; /* spot.interruptionMtbf given: per node, drawn when it is Ready */
    dist_t spot_mtbf;
    sim_time_t *spot_at; /* spot.interruptions[].at, sorted: the pool's first live node */
    int spot_at_count;
    sim_time_t spot_notice; /* spot.notice: 2 min, like EC2's interruption notice */
} pool_spec_t;

typedef struct {
    bool enabled;
    sim_time_t initial_delay, period, timeout;
    int success_threshold, failure_threshold;
} probe_spec_t;

typedef struct {
    char *name;
    char *version;
} dependency_t;

/* Everything that makes a pod: the service's keys merged with one version's overrides. */
typedef struct {
    char *name;          /* the version label, "v1" */
    char *image_name;    /* NULL: no image to pull */
    int64_t image_size;  /* bytes */
    int64_t cpu, memory; /* requests: millicores, bytes */
    double capacity_rps;
    int concurrency;
    int queue_limit;
    service_time_kind_t service_time;
    dist_t startup;
    probe_spec_t readiness_probe;
    probe_spec_t liveness_probe, startup_probe; /* enabled = false: none */
    sim_time_t termination_grace_period;
    sim_time_t pre_stop;
    double error_rate;
    sim_time_t latency; /* added to every request */
    bool has_crash_after;
    dist_t crash_after;
    /* misbehaviour for the probes, after the container started: the app stops answering
     * every probe and request (hangAfter), or only its readiness fails (unreadyAfter) */
    bool has_hang_after, has_unready_after;
    dist_t hang_after, unready_after;
    dependency_t *dependencies;
    int dependency_count;
    /* the memory model (metrics-server's working set): a base per pod plus a share per
     * request in flight (docs/MODEL.md#hpa-metrics) */
    int64_t memory_working_set, memory_per_request; /* bytes */
} version_spec_t;

/* A strategy is a value here, its fields in strategy_spec_t, and its row in the strategy table
 * (sim/strategies.def: name, scenario keys, flags, controller hooks). */
typedef enum {
    STRATEGY_ROLLING_UPDATE,
    STRATEGY_RECREATE,
    STRATEGY_CANARY,
    STRATEGY_BLUE_GREEN,
    STRATEGY_KIND_COUNT
} strategy_kind_t;

/* What a strategy is, for whoever must treat kinds differently (strategy_type_flags). */
enum {
    STRATEGY_F_SURGE = 1u << 0, /* new and old pods overlap: maxSurge / maxUnavailable apply */
    STRATEGY_F_ROLLOUT =
        1u << 1,                /* an Argo Rollout: promote, abort, retry, progressDeadlineAbort */
    STRATEGY_F_STEPS = 1u << 2, /* canary steps: a current step to show */
    STRATEGY_F_PREVIEW = 1u << 3, /* a preview ReplicaSet the HPA does not count */
    /* the new version takes a share of the requests by a weight: the dashboard charts the
     * weight, and its analysis measures the new version's share */
    STRATEGY_F_WEIGHT = 1u << 4,
};
const char *strategy_type_name(strategy_kind_t k); /* spec.strategy.type: "RollingUpdate" */
unsigned strategy_type_flags(strategy_kind_t k);   /* STRATEGY_F_* */

typedef struct {
    bool enabled;
    sim_time_t interval; /* 30 s */
    int count;           /* 0 = until the rollout ends */
    bool has_max_error_rate;
    double max_error_rate;
    bool has_max_p99;
    sim_time_t max_p99;
    int failure_limit;           /* 0 */
    int inconclusive_limit;      /* 0 */
    int consecutive_error_limit; /* 4 (argo DefaultConsecutiveErrorLimit) */
    int starting_step;           /* canary.analysis.startingStep: 0 = from the first step */
} analysis_spec_t;

typedef enum {
    CANARY_STEP_SET_WEIGHT,
    CANARY_STEP_PAUSE,
    CANARY_STEP_ANALYSIS,
    CANARY_STEP_SET_CANARY_SCALE
} canary_step_kind_t;

typedef struct {
    canary_step_kind_t kind;
    int weight;          /* setWeight: 0..100 */
    sim_time_t duration; /* pause: -1 = until promote/resume */
    /* setCanaryScale: replicas or weight (-1 = unset), or matchTrafficWeight */
    int scale_replicas, scale_weight;
    bool match_traffic_weight;
    /* analysis: its own keys (has_analysis), else canary.analysis's */
    bool has_analysis;
    analysis_spec_t analysis;
} canary_step_t;

typedef struct {
    strategy_kind_t type;
    int_or_pct_t max_surge, max_unavailable; /* defaults 25% / 25% */
    /* Canary */
    canary_step_t *steps;
    int step_count;
    analysis_spec_t analysis;
    int traffic_router_ingress;          /* index into ingresses, -1 = none */
    sim_time_t abort_scale_down_delay;   /* 30 s (canary or blueGreen) */
    bool abort_scale_down_delay_set;     /* given explicitly (HasExplicitAbortScaleDownDelay) */
    bool dynamic_stable_scale;           /* canary.dynamicStableScale: false */
    int scale_down_delay_revision_limit; /* -1 = unset (no limit) */
    bool progress_deadline_abort;        /* the Rollout's spec.progressDeadlineAbort: false */
    /* BlueGreen */
    bool auto_promotion_enabled;       /* true */
    sim_time_t auto_promotion_seconds; /* -1 = unset */
    sim_time_t scale_down_delay;       /* 30 s (blueGreen, or a traffic-routed canary) */
    int preview_replica_count;         /* -1 = unset (full size) */
    char *preview_service;             /* blueGreen.previewService, NULL = none */
    analysis_spec_t post_promotion;    /* blueGreen.postPromotionAnalysis (enabled: given) */
    analysis_spec_t pre_promotion;     /* blueGreen.prePromotionAnalysis (enabled: given) */
} strategy_spec_t;

/* The new pods sit behind a preview Service of their own before they take requests (a
 * strategy with a preview ReplicaSet, and blueGreen.previewService set). */
static inline bool strategy_has_preview_service(const strategy_spec_t *st) {
    return (strategy_type_flags(st->type) & STRATEGY_F_PREVIEW) && st->preview_service;
}

typedef enum { HPA_POLICY_PODS, HPA_POLICY_PERCENT } hpa_policy_kind_t;
typedef enum { HPA_SELECT_MAX, HPA_SELECT_MIN, HPA_SELECT_DISABLED } hpa_select_t;

typedef struct {
    hpa_policy_kind_t type;
    int value;
    sim_time_t period;
} hpa_policy_t;

typedef struct {
    sim_time_t stabilization_window;
    hpa_select_t select_policy;
    hpa_policy_t *policies;
    int policy_count;
} hpa_rules_t;

/* autoscaling/v2 metrics[] (docs/MODEL.md#hpa-metrics). */
typedef enum {
    HPA_METRIC_RESOURCE,
    HPA_METRIC_PODS,
    HPA_METRIC_OBJECT,
    HPA_METRIC_EXTERNAL
} hpa_metric_kind_t;
typedef enum {
    HPA_TARGET_UTILIZATION,
    HPA_TARGET_AVERAGE_VALUE,
    HPA_TARGET_VALUE
} hpa_target_kind_t;
typedef enum { HPA_RESOURCE_CPU, HPA_RESOURCE_MEMORY } hpa_resource_t;
/* the per-pod metrics the traffic model supplies to a Pods metric */
typedef enum { HPA_POD_METRIC_RPS, HPA_POD_METRIC_IN_FLIGHT } hpa_pod_metric_t;

typedef struct {
    sim_time_t at;
    int64_t milli; /* the value from `at` on, in thousandths */
} hpa_series_point_t;

typedef struct {
    hpa_metric_kind_t kind;
    hpa_resource_t resource;     /* Resource */
    hpa_pod_metric_t pod_metric; /* Pods */
    char *name;                  /* Object/External: metric.name (Pods: the supplied name) */
    char *described_kind;        /* Object: describedObject.kind */
    hpa_target_kind_t target;
    int utilization; /* averageUtilization, percent */
    int64_t milli; /* averageValue or value, in thousandths (Quantity.MilliValue); memory: bytes */
    hpa_series_point_t *series; /* Object/External: a step series, sorted by `at` */
    int series_count;
} hpa_metric_spec_t;

typedef struct {
    bool enabled;
    int min_replicas; /* 1 */
    int max_replicas;
    int target_cpu_utilization;       /* percent, 80 */
    bool has_behavior;                /* false: the legacy rules (docs/MODEL.md#hpa) */
    hpa_rules_t scale_up, scale_down; /* with defaults filled in when has_behavior */
    hpa_metric_spec_t *metrics;       /* metrics[]; none: CPU at target_cpu_utilization */
    int metric_count;
} hpa_spec_t;

typedef enum { PDB_NONE, PDB_MIN_AVAILABLE, PDB_MAX_UNAVAILABLE } pdb_kind_t;

typedef struct {
    pdb_kind_t kind;
    int_or_pct_t value;
} pdb_spec_t;

typedef struct {
    sim_time_t at;
    double rps;
    sim_time_t ramp;
} traffic_point_t;

/* A rate over time as `traffic` gives it (a service's, or an Ingress's total): `rps` at time
 * 0, then each point moves the rate linearly to its rps over its ramp (a point that starts
 * mid-ramp ramps from the rate reached); `trace` becomes such points when it loads. */
typedef struct {
    double rps;
    traffic_point_t *pattern;
    int pattern_count;
    char *trace; /* the trace file read, or NULL */
} traffic_shape_t;

/* A service level objective (the SRE workbook's): the share of requests that must succeed,
 * and/or the share that must be served within a latency threshold, over a window. The run
 * reports the error budget it consumes and its peak burn rates. Targets are fractions (0.999);
 * 0 = no such objective. */
typedef struct {
    bool enabled;
    double availability;          /* "99.9%": requests served (not failed) */
    double latency;               /* "99%": served requests within latency_threshold */
    sim_time_t latency_threshold; /* "300ms" */
    sim_time_t window;            /* "30d": the period the budget is for */
} slo_spec_t;

typedef struct service_spec {
    char *name;
    char *namespace_;
    char *qualified; /* "namespace/name", or the name alone in the default namespace: how
                        the files that gather services (compare, sweep) tell them apart */
    runtime_kind_t runtime;
    int replicas;
    version_spec_t *versions; /* [0] is the initial `version`, then `versions` in file order */
    int version_count;
    sim_time_t min_ready; /* minReadySeconds */
    sim_time_t progress_deadline;
    int revision_history_limit; /* 10 */
    lb_kind_t load_balancing;
    strategy_spec_t strategy;
    hpa_spec_t hpa;
    pdb_spec_t pdb;
    slo_spec_t slo;
    double rps;
    double preview_rps;       /* traffic.preview.rps: smoke traffic to the preview Service */
    traffic_point_t *pattern; /* `pattern`, or the segments of `trace` (linear ramps) */
    int pattern_count;
    char *trace;      /* traffic.trace: the file read (relative to the working folder), or NULL */
    int ingress;      /* index of the Ingress whose rules route to it, -1 = none */
    bool ingress_fed; /* its rps is the traffic Ingresses route to it (ingresses[].traffic) */
    placement_spec_t placement;
} service_spec_t;

typedef struct {
    char *host; /* "" = any host; "*.example.com" = one label before example.com */
    char *path;
    bool exact;  /* pathType Exact (else Prefix: element-wise, the longest match wins) */
    int service; /* index */
    /* `canary`: an nginx canary Ingress on the same host and path (annotations
     * nginx.ingress.kubernetes.io/canary, canary-weight) sends this share of the requests the
     * rule takes to another service */
    int canary_service; /* index, -1 = none */
    int canary_weight;  /* percent, 0..100 */
} ingress_rule_t;

/* A class of requests entering at an Ingress (`ingress.traffic.requests[]`): where it goes
 * is decided by the rules when the scenario loads (networking.k8s.io/v1 semantics). */
typedef struct {
    char *host;
    char *path;
    double share; /* its share of the Ingress's traffic, 0 = a rate of its own */
    double rps;   /* its rate at time 0: share × traffic.rps, or its own rate */
    int rule;     /* the rule that matched, -1 = none (defaultBackend or 404) */
    int service;  /* where it goes, -1 = nowhere: 404 */
} ingress_request_t;

typedef struct {
    char *name;
    ingress_rule_t *rules;
    int rule_count;
    int default_backend;         /* spec.defaultBackend: a service index, -1 = none (404) */
    ingress_request_t *requests; /* `traffic.requests`, NULL = no traffic enters here */
    int request_count;
    traffic_shape_t traffic; /* traffic.rps / pattern / trace: the total that shares divide */
    double unmatched_rps;    /* requests no rule and no defaultBackend takes: answered 404 */
    double unmatched_share;  /* the same as a share of `traffic` (0 with per-class rates) */
} ingress_spec_t;

typedef enum {
    ACTION_DEPLOY,
    ACTION_ROLLBACK,
    ACTION_PAUSE,
    ACTION_RESUME,
    ACTION_PROMOTE,
    ACTION_ABORT,
    ACTION_SCALE,
    ACTION_SET_TRAFFIC,
    ACTION_FAIL_NODE,
    ACTION_REPAIR_NODE,
    ACTION_CORDON_NODE,
    ACTION_UNCORDON_NODE,
    ACTION_DRAIN_NODE,
    ACTION_ADD_NODE,
    ACTION_KILL_POD,
    ACTION_RESTART,
    ACTION_FAIL_ZONE,
    ACTION_REPAIR_ZONE,
    ACTION_TAINT,
    ACTION_UNTAINT,
    ACTION_RETRY,
    ACTION_PATCH,
    ACTION_COUNT
} action_kind_t;

/* The JSON names of the actions, indexed by action_kind_t ("deploy", "failNode", ...). */
extern const char *const action_names[ACTION_COUNT];

typedef struct {
    sim_time_t at;
    action_kind_t action;
    int service;  /* index, -1 when the action has none */
    int version;  /* deploy: index into the service's versions */
    int pool;     /* addNode; for node actions the node's pool */
    int node;     /* node actions: 0-based index of POOL-N within its pool (N - 1) */
    char *pod;    /* killPod by name, or NULL (then a pod of `service`) */
    int replicas; /* scale */
    double rps;   /* setTraffic */
    sim_time_t ramp;
    bool full; /* promote: Argo's promote --full (skip every remaining step and analysis) */
    int zone;  /* failZone, repairZone: index into scenario_t.zones */
    taint_spec_t taint; /* taint; untaint (its value unused; effect -1: every effect) */
    int untaint_effect;
    /* patch: the service's spec with this and every earlier patch merged (a shallow copy
     * sharing the service's arrays), `replicas` (-1: unchanged) and the patch as JSON text */
    struct service_spec *patch;
    char *patch_text;
} action_t;

typedef enum { FAULT_NODE_FAILURE, FAULT_POD_CRASH, FAULT_ZONE_FAILURE } fault_kind_t;

typedef struct {
    fault_kind_t type;
    int pool;    /* nodeFailure */
    int service; /* podCrash */
    int zone;    /* zoneFailure: index into scenario_t.zones */
    dist_t mtbf; /* a duration string means the mean of an exponential */
    dist_t repair_time;
    bool has_repair_time;
} fault_spec_t;

/* A caption in one more language: `"text": {"en": "...", "ko": "..."}`. */
typedef struct {
    char lang[16]; /* a language tag: "ko", "pt-BR" */
    char *text;
} note_translation_t;

typedef struct {
    sim_time_t at;
    /* English: the plain string, or the object's "en" */
    char *text;
    /* the object's other languages, in file order */
    note_translation_t *translations;
    int translation_count;
    /* `service`: the service the caption is about (index), which the dashboard charts while
     * the caption is on screen unless the user chose one; -1: none named */
    int service;
} note_t;

/* `ui`: what the dashboard shows first; checked here, ignored by the simulator. */
#define SCENARIO_UI_MAX_FOCUS 8
#define SCENARIO_UI_CHARTS 7
/* The chart names `ui.charts` takes, in the dashboard's chart order. */
extern const char *const scenario_ui_chart_names[SCENARIO_UI_CHARTS];
typedef struct {
    int focus[SCENARIO_UI_MAX_FOCUS]; /* service indices, the first charted first */
    int focus_count;                  /* 0: the dashboard chooses */
    int charts[SCENARIO_UI_CHARTS];   /* indices into scenario_ui_chart_names, in order */
    int chart_count;                  /* 0: every chart that fits */
} ui_spec_t;

typedef struct {
    char *path; /* the file it came from, for messages */
    char *name;
    char *description;
    uint64_t seed;
    sim_time_t duration;
    bool cold_start;
    fidelity_t fidelity;
    sim_time_t metrics_interval;
    bool metrics_pods;

    pool_spec_t *pools;
    int pool_count;
    char **zones; /* the zones named by the pools, in order of first appearance */
    int zone_count;
    bool pod_affinity;                  /* some service has podAffinity / podAntiAffinity terms */
    priority_class_t *priority_classes; /* `priorityClasses`, in file order */
    int priority_class_count;
    sim_time_t node_monitor_grace_period;  /* 50 s */
    sim_time_t toleration_seconds;         /* 300 s */
    sim_time_t hpa_sync_period;            /* 15 s */
    sim_time_t endpoint_propagation_delay; /* 0 s */
    /* cluster.autoscaler: --expander (random, priority) and the priority expander's ConfigMap
     * `priorities` (priority -> node-group name regexps), one entry per regexp */
    enum { CA_EXPANDER_RANDOM, CA_EXPANDER_PRIORITY } ca_expander;
    struct ca_priority {
        int priority;
        char *regex; /* POSIX extended, matched anywhere in the node group's name */
    } * ca_priorities;
    int ca_priority_count;

    runtime_spec_t runtimes[RUNTIME_COUNT]; /* defaults, overridden by `runtimes` */

    service_spec_t *services;
    int service_count;
    ingress_spec_t *ingresses;
    int ingress_count;
    action_t *events; /* sorted by `at`, stable */
    int event_count;
    fault_spec_t *faults;
    int fault_count;
    note_t *notes;
    int note_count;
    ui_spec_t ui;

    cJSON *json; /* the effective document (after --set), kept for explain and --record */
} scenario_t;

/* A note's text in `lang` ("ko"), or its English text when it has no such translation (or
 * lang is NULL or "en"). */
const char *scenario_note_text(const note_t *n, const char *lang);
/* Whether some note has a translation into `lang`. */
bool scenario_has_lang(const scenario_t *sc, const char *lang);
/* Whether s is a language tag as notes take them: 2-3 lowercase letters, then optional
 * subtags of 2-8 letters or digits ("ko", "zh-Hant", "pt-BR"), at most 15 characters. */
bool scenario_lang_valid(const char *s);

/* One `--set PATH=VALUE` (or a point of a sweep's `--vary`). */
typedef struct {
    const char *path;
    const char *value; /* JSON text, or a bare string */
} scenario_set_t;

/* Loads, applies the sets, validates and fills defaults. On error returns nonzero, *out is
 * NULL and `diag` holds every error of the file (`FILE: PATH: message`). */
int scenario_load_file(const char *file, const scenario_set_t *sets, int set_count,
                       scenario_t **out, diag_t *diag);
/* The same from text already in memory; `file` is only used in messages. */
int scenario_load_text(const char *text, const char *file, const scenario_set_t *sets,
                       int set_count, scenario_t **out, diag_t *diag);
void scenario_free(scenario_t *sc);
/* The expected number of requests a traffic shape offers in [0, end): its integral. */
double scenario_traffic_integral(const traffic_shape_t *t, sim_time_t end);

/* Sets the value at a JSON path (`services[0].strategy.rollingUpdate.maxSurge`), creating
 * objects on the way; VALUE is parsed as JSON, else taken as a string. 0 = ok, else `err`. */
int scenario_json_set(cJSON *root, const char *path, const char *value, char *err, size_t n);

/* Writes the scenario as JSON (its effective document, after --set) with `events` replaced
 * by actions[i] at times[i] (the dashboard's --record). 0, or -1 with the reason in err. */
int scenario_write_with_events(const scenario_t *sc, const action_t *actions,
                               const sim_time_t *times, int n, const char *path, char *err,
                               size_t errlen);

const char *runtime_name(runtime_kind_t r);
/* The defaults of each runtime before a scenario's `runtimes` overrides (README cites them). */
runtime_spec_t runtime_default(runtime_kind_t r);

#endif
