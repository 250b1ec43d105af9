/* scenario: the validated, defaulted contents of a scenario file as plain data.
 * The loader (scenario.c) turns JSON into this; the model only reads it. Every key of
 * DESIGN.md's table is here with its default already applied. Times are microseconds,
 * CPU is millicores, memory and sizes are bytes. */
#ifndef DEPLOYSIM_SCENARIO_H
#define DEPLOYSIM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "dist.h"
#include "engine.h"

typedef struct cJSON cJSON;

/* The ranges the model honours (README "Ranges of numeric keys", schema.json): the loader
 * rejects a value outside them with its path and the range. Inside them no arithmetic of the
 * model overflows: times are int64 microseconds and every sum or product of these stays far
 * below 2^63 (and counts below 2^31). */
#define SCN_MAX_DURATION (3650LL * 86400 * 1000000) /* any time or duration: 10 years, in us */
#define SCN_MAX_REPLICAS 100000     /* replicas, HPA bounds, scale, surge/unavailable counts */
#define SCN_MAX_NODES 10000         /* nodes of one pool, autoscaling min/max */
#define SCN_MAX_PERCENT 10000       /* "25%" values, targetCPUUtilizationPercentage */
#define SCN_MAX_COUNT 100000        /* thresholds, limits, analysis counts */
#define SCN_MAX_CONCURRENCY 10000
#define SCN_MAX_QUEUE 1000000
#define SCN_MAX_CPU 1000000000LL    /* millicores: a million cores */
#define SCN_MAX_BYTES (1LL << 50)   /* memory and overheads: 1Pi */
#define SCN_MAX_IMAGE (1LL << 40)   /* image size: 1Ti */
#define SCN_MIN_BANDWIDTH 1024.0    /* pullBandwidth, bytes per second: 1Ki ... */
#define SCN_MAX_BANDWIDTH 1125899906842624.0 /* ... 1Pi */
#define SCN_MAX_RPS_REQUESTS 1e6    /* fidelity "requests": every request is an event */
#define SCN_MAX_RPS 1e12            /* fidelity "fluid" */
#define SCN_MIN_CAPACITY_RPS 1e-6   /* per pod: a mean service time that fits in the clock ... */
#define SCN_MAX_CAPACITY_RPS 1e6    /* ... and of at least 1 us per worker */
#define SCN_MAX_PRICE 1e6           /* pricePerHour */
#define SCN_MIN_SHAPE 0.01          /* Weibull shape: Gamma(1 + 1/shape) stays finite */
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
    dist_t start;           /* runtime start (container ~1 s, VM boot, process start) */
    int64_t memory_overhead; /* bytes charged per pod on top of its request */
    int64_t cpu_overhead;    /* millicores charged per pod on top of its request */
    double price_per_hour;   /* default price of a node of a pool of this runtime */
} runtime_spec_t;

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
    char *name; /* the version label, "v1" */
    char *image_name; /* NULL: no image to pull */
    int64_t image_size; /* bytes */
    int64_t cpu, memory; /* requests: millicores, bytes */
    double capacity_rps;
    int concurrency;
    int queue_limit;
    service_time_kind_t service_time;
    dist_t startup;
    probe_spec_t readiness_probe;
    sim_time_t termination_grace_period;
    sim_time_t pre_stop;
    double error_rate;
    sim_time_t latency; /* added to every request */
    bool has_crash_after;
    dist_t crash_after;
    dependency_t *dependencies;
    int dependency_count;
} version_spec_t;

typedef enum {
    STRATEGY_ROLLING_UPDATE,
    STRATEGY_RECREATE,
    STRATEGY_CANARY,
    STRATEGY_BLUE_GREEN
} strategy_kind_t;

typedef enum { CANARY_STEP_SET_WEIGHT, CANARY_STEP_PAUSE, CANARY_STEP_ANALYSIS } canary_step_kind_t;

typedef struct {
    canary_step_kind_t kind;
    int weight;          /* setWeight: 0..100 */
    sim_time_t duration; /* pause: -1 = until promote/resume */
} canary_step_t;

typedef struct {
    bool enabled;
    sim_time_t interval; /* 30 s */
    int count;           /* 0 = until the rollout ends */
    bool has_max_error_rate;
    double max_error_rate;
    bool has_max_p99;
    sim_time_t max_p99;
    int failure_limit;      /* 0 */
    int inconclusive_limit; /* 0 */
} analysis_spec_t;

typedef struct {
    strategy_kind_t type;
    int_or_pct_t max_surge, max_unavailable; /* defaults 25% / 25% */
    /* Canary */
    canary_step_t *steps;
    int step_count;
    analysis_spec_t analysis;
    int traffic_router_ingress; /* index into ingresses, -1 = none */
    sim_time_t abort_scale_down_delay; /* 30 s */
    /* BlueGreen */
    bool auto_promotion_enabled; /* true */
    sim_time_t auto_promotion_seconds; /* -1 = unset */
    sim_time_t scale_down_delay;       /* 30 s */
    int preview_replica_count;         /* -1 = unset (full size) */
} strategy_spec_t;

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

typedef struct {
    bool enabled;
    int min_replicas; /* 1 */
    int max_replicas;
    int target_cpu_utilization; /* percent, 80 */
    bool has_behavior; /* false: the legacy rules of SEMANTICS.md */
    hpa_rules_t scale_up, scale_down; /* with defaults filled in when has_behavior */
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

typedef struct {
    char *name;
    char *namespace_;
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
    double rps;
    traffic_point_t *pattern;
    int pattern_count;
    int ingress; /* index of the Ingress whose rules route to it, -1 = none */
} service_spec_t;

typedef struct {
    char *host;
    char *path;
    int service; /* index */
} ingress_rule_t;

typedef struct {
    char *name;
    ingress_rule_t *rules;
    int rule_count;
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
} action_t;

typedef enum { FAULT_NODE_FAILURE, FAULT_POD_CRASH } fault_kind_t;

typedef struct {
    fault_kind_t type;
    int pool;    /* nodeFailure */
    int service; /* podCrash */
    dist_t mtbf; /* a duration string means the mean of an exponential */
    dist_t repair_time;
    bool has_repair_time;
} fault_spec_t;

typedef struct {
    sim_time_t at;
    char *text;
} note_t;

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
    sim_time_t node_monitor_grace_period; /* 50 s */
    sim_time_t toleration_seconds;        /* 300 s */
    sim_time_t hpa_sync_period;           /* 15 s */
    sim_time_t endpoint_propagation_delay; /* 0 s */

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

    cJSON *json; /* the effective document (after --set), kept for explain and --record */
} scenario_t;

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

/* Sets the value at a JSON path (`services[0].strategy.rollingUpdate.maxSurge`), creating
 * objects on the way; VALUE is parsed as JSON, else taken as a string. 0 = ok, else `err`. */
int scenario_json_set(cJSON *root, const char *path, const char *value, char *err, size_t n);

const char *runtime_name(runtime_kind_t r);
/* The defaults of each runtime before a scenario's `runtimes` overrides (README cites them). */
runtime_spec_t runtime_default(runtime_kind_t r);

#endif
