/* model: the world state shared by the controllers (internal to sim/, never included by the
 * CLI or UI): its structs and event kinds only, no functions (Lua's lstate.h role). Objects
 * live in arrays and refer to each other by index. Each controller file owns one concept and
 * one reconcile loop and declares its entry points in its own header (kubelet.h declares the
 * pod_* functions, scheduler.h sched_*, ...); kernel.h holds what they all share. */
#ifndef DEPLOYSIM_MODEL_H
#define DEPLOYSIM_MODEL_H

#include <gsl/gsl_rng.h>
#include <stdio.h>

#include "engine.h"
#include "hist.h"
#include "rollout_math.h"
#include "scenario.h"
#include "sim.h"

/* Event kinds of the model (engine_event_t.kind). a = object index, b = extra. */
enum {
    EV_ACTION = 1,       /* a = index into scenario events */
    EV_SAMPLE,           /* metrics interval boundary */
    EV_ARRIVAL,          /* a = service */
    EV_COMPLETE,         /* a = pod, b = packed request */
    EV_POD_STAGE,        /* a = pod, b = generation: the pod's next start-up stage */
    EV_POD_AVAILABLE,    /* a = pod, b = generation: minReadySeconds passed */
    EV_POD_APP_UP,       /* a = pod, b = generation: the app answers (no-probe case) */
    EV_POD_CRASH,        /* a = pod, b = generation */
    EV_POD_TERM_SIGNAL,  /* a = pod, b = generation: preStop done, SIGTERM */
    EV_POD_KILL,         /* a = pod, b = generation: grace period over, SIGKILL */
    EV_ENDPOINT_GONE,    /* a = pod, b = generation: routers see the removal */
    EV_PULL_DONE,        /* a = node, b = image index */
    EV_DEPLOY_SYNC,      /* a = service */
    EV_SCHEDULE_RETRY,   /* retry Pending pods after a cluster change */
    EV_TRAFFIC_CHANGE,   /* a = service: a pattern point starts */
    EV_NODE_MONITOR,     /* a = node, b = generation: grace period check */
    EV_NODE_EVICT,       /* a = node, b = generation: tolerationSeconds passed */
    EV_NODE_PROVISIONED, /* a = node, b = generation */
    EV_FAULT_NODE,       /* a = fault index, b = node: a random node failure */
    EV_FAULT_REPAIR,     /* a = node, b = generation */
    EV_FAULT_POD,        /* a = fault index: a random pod crash of a service */
    EV_PROGRESS_CHECK,   /* a = service: progress deadline check */
    EV_HPA_SYNC,         /* a = service */
    EV_HPA_WINDOW,       /* a = service: start of a metrics window */
    EV_CA_SCAN,          /* cluster autoscaler */
    EV_STRATEGY_TIMER,   /* a = service, b = generation: canary pause / blue-green timers */
    EV_DRAIN_TICK,       /* a = node, b = generation: kubectl drain retries evictions */
    EV_FLUID_TICK,       /* fluid fidelity: traffic advanced as rates */
    EV_POD_PROBE_FAIL,   /* a = pod, b = probe kind << 32 | generation: a probe fails, or
                            the app hangs (kubelet.c) */
    EV_FAULT_ZONE,       /* a = fault index, b = 0: the zone goes down, 1: it comes back */
    EV_SPOT_AT,          /* a = pool, b = index: a listed spot interruption (spot.c) */
    EV_SPOT_NOTICE,      /* a = node, b = generation: its spot interruption notice */
    EV_SPOT_TERMINATE,   /* a = node, b = generation: the notice is over, the instance goes */
    EV_COUNT
};

typedef enum {
    POD_PENDING,
    POD_PULLING,
    POD_STARTING, /* runtime start + app start-up, not Ready */
    POD_RUNNING,  /* Ready (or running without a probe) */
    POD_TERMINATING,
    POD_DELETED,
    POD_CRASH_LOOP
} pod_phase_t;

/* fluid.c: the serving pods of a ReplicaSet that share one queue backlog. A pod that starts
 * serving while the others have a backlog starts empty, so it forms its own group until the
 * backlogs meet; pods name their group by id, 0 being the base group in slot 0. */
#define FLUID_GROUPS 4
typedef struct {
    int n;       /* serving pods in the group */
    uint32_t id; /* slot 0 is always id 0 */
    double q;    /* requests queued per pod (waiting for a worker), above steady state */
} fluid_group_t;

typedef struct {
    uint32_t gen; /* bumped when the slot is reused or a timer must be invalidated */
    /* The fields read for thousands of pods per pass, together at the head so that a pass
     * touches one or two cache lines a pod: CPU accounting (traffic.c, fluid.c; metrics.c reads
     * it for every Ready pod at every sample of the request model) and every HPA scrape and sync
     * (hpa.c). The rest is ordered by size, without holes: pod_t is most of the memory of a
     * large cluster (2,000,000 pods; a byte a pod is 2 MB) */
    int busy;             /* workers in use */
    double busy_integral; /* worker-microseconds, for CPU */
    sim_time_t busy_since;
    double util_mark; /* cpu_util: busy worker-us at util_from (Ready since, or last sample) */
    sim_time_t util_from;
    double fl_mark;    /* fluid: the RS's fl_busy when it started serving */
    bool fl_serving;   /* fluid: counted in its RS's fl_good */
    bool metric_point; /* hpa.c: the last scrape left a cumulative point (window_mark) */
    bool has_metric;   /* hpa.c: the pod has a CPU sample (metric_*) */
    bool util_dirty;   /* fluid: in sim_t.util_dirty, util_mark/util_from are its own (metrics.c) */
    int concurrency;
    int rs;        /* its ReplicaSet (traffic_pod_busy reads its fl_busy) */
    int node_next; /* the next pod on the same node (the autoscaler walks these lists) */
    sim_time_t container_start;
    /* kubelet: the pod's busy worker-us when its current container started */
    double cpu_at_start;
    /* hpa.c: the metrics pipeline (metrics-server) — the cumulative point of the last scrape
     * is window_mark at window_start; the pod's latest CPU sample */
    double window_mark; /* busy_integral at the start of the HPA's metrics window */
    sim_time_t window_start;
    int64_t metric_milli;
    sim_time_t metric_time, metric_window;
    /* kubelet: status.startTime (bound to a node) and the Ready condition's
     * lastTransitionTime */
    sim_time_t start_time, ready_transition;
    sim_time_t created, phase_since, ready_since, stage_start, stage_end;
    sim_time_t backoff_until;
    /* traffic */
    uint64_t *queue; /* ring of packed requests */
    /* traffic.c / fluid.c: requests routed to the pod so far (fluid: while not serving); the
     * HPA's autoscaling/v2 samples are hpa_metrics.c's (sim_t.hpa_pods), the autoscaler's
     * NotTriggerScaleUp mark is autoscaler.c's */
    double routed, fl_routed_mark;
    sim_time_t evict_at; /* nodes.c: when the taint manager evicts it (evict_timer) */
    int service, version;
    int node; /* -1 unscheduled */
    pod_phase_t phase;
    sim_pod_state_t shown; /* last state written to pods.csv */
    uint32_t ep_gen;
    uint32_t ip;
    int restarts;
    int ep_index; /* position in its RS's endpoint array, -1 */
    int queue_limit;
    int q_head, q_len, q_cap;
    /* lists */
    int node_prev;            /* pods on the same node (node_next: above) */
    int rs_next, rs_prev;     /* pods of the same ReplicaSet */
    int rs_pos;               /* its place in the ReplicaSet's members */
    int pend_next, pend_prev; /* the scheduler's Pending queue */
    int pull_next;            /* the image it waits for while Pulling */
    uint32_t tgen;            /* traffic generation: bumped when held requests are failed */
    uint32_t fl_group;        /* fluid: the id of its queue group in its RS's fl_groups */
    uint32_t serial; /* creation number (1, 2, ...): a controller's own per-pod table, indexed
                      * like pods, tells by it that a slot holds a new pod (pod_side.h) */
    /* preemption.c: status.nominatedNodeName (1 + node, 0 none; the autoscaler and the filter
     * read it too) and the next pod nominated to that node (1 + pod, 0 none); its
     * DisruptionTarget condition is preemption.c's own (prio_t.pods) */
    int nominated, nom_next;
    int16_t counted_zone; /* the zone its availability was counted in (zone_avail.c) */
    bool used;
    bool ready; /* Ready condition */
    bool available;
    bool app_up;       /* the application answers requests */
    bool sigterm;      /* stopped taking requests */
    bool endpoint;     /* in the Service's endpoints (as the routers see them) */
    bool ep_leaving;   /* removed, but the routers see it until EV_ENDPOINT_GONE */
    bool free_pending; /* deleted; the slot is freed when the routers stop seeing it */
    bool counted_ready, counted_available, counted_active; /* what the RS counts hold */
    bool queued;                                           /* in the scheduler's Pending queue */
    bool dep_broken;  /* bare: a library it needs was replaced on its server */
    bool evict_timer; /* nodes.c: the taint manager will evict it at evict_at */
    bool hpa_steady;  /* hpa_steady.c: its scrape is its ReplicaSet's (its metric_* are stale) */
    /* the kubelet's own state of the pod's container (probes, back-off) is kubelet.c's:
     * sim_t.kubelet_pods */
    /* RS name + "-xxxxx", in sim_t.pod_names (kubelet.c): a name is as long as the scenario's
     * longest service name needs, not 81 bytes in every pod */
    const char *name;
} pod_t;

typedef struct {
    int service, version, revision;
    char name[80]; /* SERVICE-HASH: a 63-character service name + 11 */
    char hash[12];
    int desired;
    int active, ready, available; /* status: pods not terminating, Ready, available */
    int head;                     /* first pod, -1 */
    int pod_count;                /* every pod, terminating too */
    int *members;                 /* the same pods unordered (rs_pos in each), for scans */
    int member_cap;               /* that need no list order: read without chasing links */
    int *endpoints;               /* pods serving, as the routers see them */
    int ep_count, ep_cap;
    int rr;      /* round-robin cursor */
    bool alive;  /* false once deleted by history cleanup */
    int restart; /* its template's restartedAt annotation (0: none) */
    sim_time_t restarted_at;
    sim_time_t min_ready; /* spec.minReadySeconds: the Deployment's, set again on the new RS */
    bool annotated;       /* desired-replicas / max-replicas annotations */
    int ann_desired, ann_max;
    int reported[5];            /* last desired/active/ready/available/revision written */
    bool dirty;                 /* changed in this instant: a row is due */
    const double *fl_quantiles; /* fluid: sojourn quantiles in units of 1/mu, for (fl_c, fl_rho) */
    int fl_c, fl_rho;           /* fl_rho in thousandths; fl_c = 0: nothing cached */
    int fl_good;                /* fluid: endpoints that serve (app up, no SIGTERM, node alive) */
    double fl_busy;             /* fluid: worker-us one serving pod has accrued, cumulative */
    double fl_routed;           /* fluid: requests one serving pod was sent, cumulative */
    fluid_group_t fl_groups[FLUID_GROUPS]; /* fluid: serving pods by queue backlog */
    uint32_t fl_group_ids;                 /* fluid: the last group id given out */
    int sched_pods;                        /* scheduler.c: pods counted for PodTopologySpread */
    /* metrics.c, fluid: fl_busy at the last sample (every endpoint pod not in sim_t.util_dirty
     * has served since, so it used fl_busy - util_busy), and the sums over its pods in
     * util_dirty while a sample adds them up */
    double util_busy, util_used, util_req;
    int util_n, util_nserv;
    /* hpa_steady.c (fluid, an HPA on CPU): the pods that served through the whole of the last
     * scrape's window, past cpuInitializationPeriod, are counted, their scrape being the
     * ReplicaSet's; the HPA reads every other pod, listed, one by one */
    int hpa_steady;
    struct hpa_listed {
        int pod;
        uint32_t serial; /* the pod's, when listed: a reused slot is another pod */
    } * hpa_list;        /* a stale entry is dropped when read */
    int hpa_list_count, hpa_list_cap;
    bool hpa_point;                     /* its pods were scraped: hpa_scraped, hpa_fl_busy */
    sim_time_t hpa_scraped, hpa_window; /* the last scrape and its window (0: no sample) */
    double hpa_fl_busy;                 /* fl_busy at the last scrape */
    int64_t hpa_milli;                  /* a steady pod's CPU sample from it */
} rs_t;

typedef struct {
    int image;          /* index into the world's image table */
    sim_time_t done_at; /* 0 while not started; when present on the node */
    bool present;
    int waiters; /* first pod waiting for it, -1 */
} node_image_t;

/* A taint on a node (k8s: core/v1 Taint); the strings belong to the scenario. */
typedef struct {
    const char *key, *value;
    taint_effect_t effect;
} node_taint_t;

typedef struct {
    int pool, index; /* POOL-(index+1) */
    char name[80];   /* a 63-character pool name + "-10000" */
    uint32_t gen;
    sim_node_state_t state;
    bool failed, cordoned, provisioning, removed, not_ready, draining;
    /* next to the flags: the scheduler's filter reads them for every node it visits */
    int zone; /* label topology.kubernetes.io/zone: index into sc->zones, -1 */
    int taint_count;
    node_taint_t *taints; /* spec.taints: the pool's, then taint actions' (not the node
                           * lifecycle's and the autoscaler's, which the flags say) */
    const char **dep_name, **dep_version; /* bare servers: installed shared libraries */
    int dep_count, dep_cap;
    sim_time_t provision_start, provision_end, failed_at, state_since;
    int64_t cpu_alloc, mem_alloc;
    int pod_count;
    int head; /* pods on the node, -1 */
    node_image_t *images;
    int image_count, image_cap;
    int ip_next;
    sim_time_t pull_busy_until; /* pulls on a node share its bandwidth, one after another */
    int reported_pods;
    int64_t reported_cpu, reported_mem;
    sim_node_state_t reported_state;
    bool dirty;
    sim_time_t heartbeat_since; /* the kubelet renews its lease every 10 s from here */
    sim_time_t last_heartbeat;  /* failed: its last lease renewal (the views' countdown) */
    sim_time_t not_ready_at;    /* failed: when the node lifecycle controller marks it NotReady */
    bool ca_deleting;           /* tainted ToBeDeletedByClusterAutoscaler: drained, then removed */
    sim_time_t drain_since, drain_refused_since; /* drain started; evictions refused since (-1) */
    int taint_cap;
    uint32_t taint_gen; /* the taint manager's pending check on this node */
    int nominated;      /* preemption.c: 1 + first pod nominated to this node, 0 none */
    bool spot_noticed;  /* spot.c: its interruption notice has come */
    uint64_t view_seq;  /* sim_node_pods_seq: sim_t.view_seq when its pods' views last moved */
} node_t;

typedef struct {
    double offered, served, failed; /* counts in the current interval */
    hist_t lat;
} window_stats_t;

typedef enum { ROUTE_ALL, ROUTE_WEIGHTED, ROUTE_ACTIVE } route_mode_t;

/* counts.c: (row, node) -> count, only the pairs that hold something */
typedef struct {
    uint64_t *keys; /* (row + 1) << 32 | node; 0: empty */
    int32_t *vals;
    uint32_t cap, used;
} count_map_t;

/* sched_nodes.c: the nodes holding a ReplicaSet's counted pods and how many on each, in
 * ascending node order (the scores read it alongside their walk over the nodes) */
typedef struct {
    struct sched_rs_entry {
        int32_t node, count;
    } * e;
    int len, cap;
} sched_rs_nodes_t;

enum {
    SCHED_NODE_PLAIN,   /* registered, schedulable, untainted, Ready: runtime and resources */
    SCHED_NODE_TAINTED, /* tainted: the full filter (the pod's tolerations) */
    SCHED_NODE_NEVER    /* absent, cordoned, NotReady or being deleted: fits no pod */
};

/* scheduler.c: what the filter and the scores read of a node, packed and kept in step with
 * node_t (sched_node_changed), so that the per-node loop walks 32-byte records in order */
typedef struct {
    int64_t free_cpu, free_mem; /* the pool's allocatable minus the pods' requests */
    int32_t pool;
    int16_t zone;        /* -1: none */
    uint8_t blocked;     /* SCHED_NODE_*: whether the full filter must decide */
    uint8_t sig;         /* a blocked node's flags and taint count (sched_node_changed) */
    uint32_t memo_class; /* 1 + the request class whose fit + balanced score is memo_score */
    int32_t memo_score;
} sched_node_t;

/* One SLI's running sums for the SLO (slo.c), updated once per metrics sample: the run's
 * requests and bad ones, and per multiwindow pair (1 h / 5 m, 6 h / 30 m) the sums over the
 * samples in each window, the first sample inside each, and the peak burn so far. */
typedef struct {
    double n_long, bad_long, n_short, bad_short;
    int from_long, from_short;
    double peak;
} slo_pair_state_t;
typedef struct {
    double n_all, bad_all;
    slo_pair_state_t pair[2];
} slo_sli_state_t;

typedef struct {
    const service_spec_t *spec;
    int index;
    int replicas; /* Deployment spec.replicas (scale, HPA) */
    int *rs;      /* ReplicaSets, oldest revision first */
    int rs_count, rs_cap;
    int new_rs; /* the ReplicaSet of the current template, -1 */
    int revision_counter;
    int current_version; /* the template version index */
    int previous_version;
    bool paused;
    bool complete;
    bool sync_pending;
    sim_time_t rollout_start; /* -1 when no rollout in progress */
    double rollout_total;     /* seconds */
    sim_time_t last_progress;
    engine_handle_t progress_timer;
    bool deadline_exceeded;
    bool rearmed;    /* Progressing went True again after a timeout in this revision */
    int restart_gen; /* the template's kubectl restartedAt annotation (0: none) */
    sim_time_t restarted_at;
    /* traffic */
    double rate; /* current arrival rate per second */
    double rate_from, rate_to;
    sim_time_t ramp_start, ramp_end;
    int pattern_next;
    /* traffic.c: the pending arrival event carries this generation; bumping it voids the event
     * (cheaper than a cancellable timer on the hottest event of the request model) */
    uint32_t arrival_gen;
    double arrival_frac; /* traffic.c: the next arrival's part of a microsecond past its event */
    route_mode_t route;
    int route_rs[2];  /* weighted: [stable, canary]; active: [active, -] */
    int route_weight; /* canary share in percent */
    gsl_rng *rng_arrivals, *rng_service, *rng_routing, *rng_startup, *rng_names, *rng_failures;
    int rr_all; /* round-robin cursor over all endpoints */
    rollout_status_t last_status;
    double fl_requests, fl_served, fl_failed; /* fluid: fractional request counts */
    int bare_node, bare_count; /* bare: the server being updated in place, -1, and its processes */
    int last_replicas; /* spec.replicas at the previous sync: a rise starts the scale clock */
    sim_time_t scaling_since;            /* -1: not waiting for new replicas */
    double scale_total;                  /* seconds */
    int placed, nodes_used, peak_placed; /* pods on nodes, nodes holding any, the peak */
    double peak_ppn;
    bool bare_stopping; /* bare: its old processes are still stopping */
    double fl_last_rate;
    double service_time_mean_us[SIM_MAX_VERSIONS];
    /* metrics */
    window_stats_t win;
    window_stats_t vwin[SIM_MAX_VERSIONS];
    hist_t total_lat;
    uint64_t requests, served, failed;
    double lat_sum_ms;
    double downtime_s;
    sim_time_t no_endpoint_since; /* -1 when it has endpoints */
    int max_pods, min_available;
    int total_pods;
    sim_sample_t *samples;
    slo_sli_state_t slo[2]; /* availability, latency */
    int sample_count, sample_cap;
    /* strategy state (canary / blue-green) */
    int step;
    uint32_t strategy_gen;
    bool aborted;
    /* HPA */
    void *hpa;
    bool hpa_steady_on; /* hpa_steady.c counts its steady pods (fluid, CPU target) */
    /* Argo Rollouts status of a Canary or BlueGreen service (strategy_argo*.c own it) */
    struct {
        bool init;
        int stable_rs;             /* status.stableRS, -1 */
        int active_rs, preview_rs; /* blue-green: the active and preview Services' selectors */
        bool spec_paused;          /* spec.paused (the pause action) */
        unsigned pause;            /* status.pauseConditions: ARGO_PAUSE_* bits */
        sim_time_t pause_start[3]; /* start of each pause condition */
        bool controller_pause;     /* status.controllerPause */
        bool checkpoint;           /* status.blueGreen.scaleUpPreviewCheckPoint */
        int weight;                /* status.canary.weights.canary.weight (Ingress), -1 = none */
        int canary_svc_rs;         /* the canary Service's selector (traffic-routed canary) */
        bool abort_pending;        /* RolloutAborted is written when the status is persisted */
        bool promote_full;         /* status.promoteFull (promote --full) */
        sim_time_t restart_at;     /* spec.restartAt (restart action), -1: none pending */
        char abort_message[256];
        int prog_step, prog_stable, prog_active, prog_preview; /* RolloutProgressing's marks */
        int sd_rs[8]; /* ReplicaSets with a scale-down-deadline annotation */
        sim_time_t sd_at[8];
        int sd_count;
        struct argo_run {        /* AnalysisRuns: [0] background, [1] step */
            bool exists, active; /* created for this rollout; still measuring */
            int phase;           /* rollout_analysis_phase_t */
            uint32_t id, rollout_gen;
            int step;      /* a step run's step index */
            int again;     /* earlier runs of this kind in this update (name suffix) */
            char name[80]; /* base (< 64) + ".N" (< 16) */
            char message[160];
            rollout_analysis_counts_t metric[2]; /* error-rate, p99-latency */
            int metric_phase[2];
            window_stats_t snap; /* `cum` at the previous measurement */
        } run[2];
        window_stats_t cum; /* the canary version's requests since collection began */
        int cum_version;
        sim_time_t accounted; /* metrics windows up to here are in cum */
        bool collecting;
        uint32_t tap_gen, run_seq;
        gsl_rng *rng_preview; /* prePromotionAnalysis: the smoke requests' errors (lazily) */
    } argo;
} service_t;

typedef struct {
    char *name;
    int64_t size;
    int nodes; /* nodes of the cluster (not removed) where it is present */
} image_t;

typedef struct {
    sim_time_t time;
    char type[12];
    char reason[32];
    char object[96];
    char message[1024]; /* Kubernetes allows 1 KiB (FailedScheduling lists every reason) */
    sim_ref_t ref;
} event_rec_t;

typedef struct {
    sim_time_t time;
    char controller[24];
    char object[96];
    char decision[192]; /* "scale RS (VERSION) a -> b": two names of up to 80 and 63 */
    char explanation[256];
    sim_ref_t ref;
} decision_rec_t;

typedef struct {
    sim_time_t time;
    action_t action;
    char text[128];
    char pod[64]; /* killPod's pod name, owned here */
} action_rec_t;

typedef struct {
    FILE *timeseries, *versions, *replicasets, *pods, *nodes, *events, *decisions, *summary;
    FILE *zones;
} outputs_t;

/* zone_avail.c: one service's available pods in one zone, integrated over the run */
typedef struct {
    int avail, min, max;
    bool seen;           /* min/max taken after time 0 */
    sim_time_t mark, up; /* integrated up to mark; time with avail > 0 */
    double integral;     /* available pod-microseconds */
} zone_cell_t;

struct sim {
    const scenario_t *sc;
    uint64_t seed;
    engine_t *eng;
    diag_t errors;
    char error[1024];
    bool finished;

    node_t *nodes;
    int node_count, node_cap;
    pod_t *pods;
    struct kubelet_pod *kubelet_pods; /* kubelet.c's private per-pod state, parallel to pods */
    char *pod_names;                  /* kubelet.c: pod i's name at pod_name_len * i */
    size_t pod_name_len;              /* the longest pod name a service can have, + 1 */
    uint32_t pod_serial;              /* the last pod_t.serial given out */
    struct hpa_pod *hpa_pods; /* hpa_metrics.c's private per-pod state (hpa_pod_cap entries) */
    int hpa_pod_cap;
    int pod_cap, pod_used;
    int *pod_free;
    int pod_free_count;
    /* deleted pods the routers still send to (free_pending) and the node each ran on: few and
     * short-lived (the endpoints' propagation delay), for the dashboard's "gone" tiles */
    struct ghost_pod {
        int pod, node;
    } * ghosts;
    int ghost_count, ghost_cap;
    rs_t *rs;
    int rs_count, rs_cap;
    service_t *services;
    image_t *images;
    int image_count;
    int pending_head, pending_tail; /* Pending pods, FIFO */
    bool retry_scheduled;
    int sched_cursor; /* where the previous search stopped */
    /* from this many nodes (node_count) selectHost draws once per pod and the index
     * (sched_index.c) may place; SCHED_INDEX_MIN_NODES, lower in the tests */
    int sched_index_min;
    int sched_placement;          /* sim_options_t.placement: SIM_PLACE_* */
    bool hpa_every_pod;           /* sim_options_t.hpa_every_pod: no steady-pod sums */
    uint64_t hpa_steady_reads;    /* pods the HPA read through steady sums (for the tests) */
    struct sched_index *sched_ix; /* sched_index.c: a tree per request class, sched_ix_count */
    int sched_ix_count;
    uint64_t sched_ix_placed; /* attempts the index answered (for the tests) */
    int sched_tainted;        /* nodes whose taints the filter must check (SCHED_NODE_TAINTED) */
    int *sched_feasible;      /* scratch */
    int64_t *sched_raw;       /* scratch: the feasible nodes' raw PodTopologySpread scores */
    int sched_cap;            /* nodes allocated in sched_feasible, sched_raw and sched_nodes */
    sched_node_t *sched_nodes;
    /* per (service, node) the pods bound there, the pods-per-node statistic (rows
     * 1 << 31 | service) */
    count_map_t sched_counts;
    sched_rs_nodes_t *sched_rs; /* sched_zone_rows of them */
    int sched_zone_rows;
    uint32_t sched_class_count; /* distinct (cpu, memory) requests seen: memo classes */
    int64_t (*sched_classes)[2];
    gsl_rng *rng_sched;
    gsl_rng **rng_pool_failures; /* per pool */
    gsl_rng **rng_pool_provision;
    int *pool_next_index; /* next N for POOL-N */

    /* metrics */
    outputs_t out;
    sim_time_t interval;
    sim_time_t last_sample;
    sim_cluster_sample_t *csamples;
    int csample_count, csample_cap;
    double node_hours, cost;
    sim_time_t cost_mark;

    /* history for views */
    event_rec_t *ev_ring;
    int ev_cap, ev_start, ev_count;
    decision_rec_t *dec_ring;
    int dec_cap, dec_start, dec_count;
    action_rec_t *actions;
    int action_count, action_cap;
    int next_event;                              /* next scenario event to apply */
    bool steady_init;                            /* placing the time-0 pods: already running */
    double nodes_up, price_up;                   /* nodes that exist and their price per hour */
    int *dirty_rs, dirty_rs_count, dirty_rs_cap; /* rows due at the end of the instant */
    int *dirty_nodes, dirty_node_count, dirty_node_cap;
    /* metrics.c, fluid: pods whose CPU accounting changed since the last sample (cpu_util) */
    int *util_dirty, util_dirty_count, util_dirty_cap;
    sim_time_t fluid_last;   /* fluid: traffic accounted up to here */
    void *fluid_cache;       /* fluid: normalized sojourn quantiles by (workers, load) */
    sim_time_t instant;      /* the time of the last event, and how many events it had: */
    uint64_t instant_events; /* a stuck controller loop is stopped, not run forever */
    bool stalled;
    uint64_t nodes_changed; /* bumped when a node appears, finishes provisioning or goes */
    /* the views' "what changed" numbers (sim_node_pods_seq, notify.h view_touch_*): the last
     * one given out, and the one at which every pod's view moved (a ReplicaSet's revision) */
    uint64_t view_seq, view_all;
    uint64_t present_at;
    int present;     /* the scheduler's count of registered nodes, and when */
    void *ca;        /* cluster autoscaler state */
    int *sched_zone; /* sched_zone_rows rows of sc->zone_count: a ReplicaSet's pods per zone */
    gsl_rng **rng_zone_faults; /* faults.c: per fault, the zoneFailure's stream */
    zone_cell_t *zone_cells;   /* zone_avail.c: services x zones */
    int *sched_zone_scratch;   /* scheduler.c: the current pod's service's pods per zone */
    /* the scheduler's own per-pod state (sched_nodes.h, pod_side.h): sched_pod_cap entries */
    struct sched_pod *sched_pods;
    int sched_pod_cap;
    int prefer_taints;  /* PreferNoSchedule taints on nodes: TaintToleration scores when > 0 */
    struct sched_topo { /* per service, PodTopologySpread's domains as of nodes_changed */
        uint64_t at;    /* nodes_changed + 1 when computed, 0 never */
        int hosts;      /* nodes that match the pod's node affinity (hostname domains) */
        int zones;      /* zones holding such a node */
        unsigned char *zone_ok; /* per zone: holds such a node */
    } * sched_topo;
    void *prio; /* preemption.c: priority levels, the queue's per-level tails; NULL: one level */
    gsl_rng **rng_spot; /* spot.c: per pool, its interruption stream (NULL: no spot pool) */
    /* sched_nodes.c: bumped when a node changes in a way a filter's verdict could see (not
     * the requests on a node no pod fits) */
    uint64_t sched_gen;
    struct sched_why { /* sched_explain.c: the last FailedScheduling message and its inputs */
        uint64_t gen;  /* sched_gen + 1 when written, 0: none */
        uint64_t nodes_changed;
        int who; /* the service, or -1 - runtime for one that tolerates and selects nothing */
        int64_t cpu, mem;
        int present;
        size_t zone_bytes;            /* 0: no hard spread constraint */
        unsigned char zone_pass[257]; /* PreFilter's zone verdicts (sched_filter.h) */
        int unfit[SIM_UNFIT_KINDS];
        char text[1024];
    } sched_why;
};

#endif
