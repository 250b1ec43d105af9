/* sim: the one surface the CLI, the dashboard and the end-to-end tests use.
 * Load a scenario (scenario.h), create a run, advance it, inject actions, read views,
 * write outputs. Views are read-only snapshots; nothing outside sim/ changes model state
 * except through sim_inject, so every user action has a time and can be replayed. */
#ifndef DEPLOYSIM_SIM_H
#define DEPLOYSIM_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "scenario.h"
#include "sim_time.h"

typedef struct sim sim_t;

typedef struct {
    uint64_t seed;      /* the run's seed (CLI --seed; else the scenario's) */
    const char *outdir; /* NULL: write no CSV files */
    int history_events; /* events/decisions kept in memory for views (default 500) */
    /* How the scheduler finds a node, for checks (SIM_PLACE_DEFAULT in every other use):
     * from 1,000 nodes it draws once among the best nodes and places the common pod through an
     * index over the nodes; SIM_PLACE_WALK and SIM_PLACE_INDEX do so at any size, the first
     * always walking the nodes — both give the same placements. */
    int placement;
    /* For checks: the HPA reads every pod of its target at every scrape and sync. Otherwise,
     * with fluid traffic, the pods that served through the last scrape's window count as one
     * sum per ReplicaSet (hpa_steady.c); both give the same outputs. */
    bool hpa_every_pod;
} sim_options_t;

enum { SIM_PLACE_DEFAULT, SIM_PLACE_WALK, SIM_PLACE_INDEX };

/* Creates a run of `sc` at time 0 (steady state, or cold start). `sc` must outlive the
 * run. Returns NULL and fills `diag` on failure (cannot open outputs, out of memory). */
sim_t *sim_create(const scenario_t *sc, const sim_options_t *opt, diag_t *diag);
void sim_destroy(sim_t *s);

/* A deep copy of a run at its current time (the dashboard's checkpoints): advancing the copy
 * and the original gives each exactly what the original alone would have given. It shares
 * only the scenario. `outdir`: NULL, the copy writes no files; else the copy's CSVs go there,
 * starting with what the original has written so far (a different directory than the
 * original's). *bytes (when not NULL) gets the memory the copy allocated. Returns NULL and
 * fills `diag` when out of memory or an output cannot be written. */
sim_t *sim_clone(const sim_t *s, const char *outdir, size_t *bytes, diag_t *diag);

/* Runs every event up to and including time t (clamped to the duration). Returns 0, or -1
 * when an output could not be written (diag via sim_error). */
int sim_run_until(sim_t *s, sim_time_t t);
/* Runs to the scenario's duration, flushes and closes the outputs. */
int sim_run(sim_t *s);
/* Finishes the run early: writes the summary and closes outputs (sim_run calls it). */
int sim_finish(sim_t *s);
const char *sim_error(const sim_t *s);

sim_time_t sim_now(const sim_t *s);
sim_time_t sim_duration(const sim_t *s);
bool sim_done(const sim_t *s);
const scenario_t *sim_scenario(const sim_t *s);
uint64_t sim_events_processed(const sim_t *s);

/* Applies an action now (its `at` is ignored and set to now). Names are resolved here:
 * `service`, `pool` and `node` are indices as in scenario.h. Returns 0, or -1 with a
 * message in err (unknown pod, nothing to roll back, ...). The action is logged. */
int sim_inject(sim_t *s, const action_t *a, char *err, size_t errlen);

/* ---- views ---- */

typedef enum {
    SIM_POD_PENDING,
    SIM_POD_PULLING,
    SIM_POD_STARTING,
    SIM_POD_READY,
    SIM_POD_NOT_READY,
    SIM_POD_TERMINATING,
    SIM_POD_DELETED,
    SIM_POD_CRASH_LOOP,
    SIM_POD_STATE_COUNT
} sim_pod_state_t;
extern const char *const sim_pod_state_names[SIM_POD_STATE_COUNT];

typedef enum {
    SIM_NODE_PROVISIONING,
    SIM_NODE_READY,
    SIM_NODE_NOT_READY,
    SIM_NODE_SCHEDULING_DISABLED,
    SIM_NODE_REMOVED,
    SIM_NODE_STATE_COUNT
} sim_node_state_t;
extern const char *const sim_node_state_names[SIM_NODE_STATE_COUNT];

typedef struct {
    const char *name;       /* "workers-2" */
    int pool;               /* index into the scenario's pools */
    sim_node_state_t state; /* what Kubernetes reports */
    bool failed;            /* heartbeats stopped (may still report Ready for the grace period) */
    bool cordoned;
    double provision_progress;                /* 0..1 while Provisioning */
    double cpu_capacity, cpu_allocated;       /* cores, allocation includes runtime overhead */
    double memory_capacity, memory_allocated; /* MiB */
    int pod_count;
    const char *zone; /* topology.kubernetes.io/zone, NULL when the pool has none */
    int taint_count;  /* spec.taints from the pool and taint actions (the dashboard's badge) */
    /* the clocks a lesson waits on (-1: none): a failed node's last heartbeat and when it will
     * be NotReady (before it is); when the taint manager evicts the first of its pods */
    sim_time_t last_heartbeat, not_ready_at, evict_at;
    /* the cluster autoscaler's clock (-1: none): since when it finds the node unneeded, and
     * when scaleDownUnneededTime will have passed (it is removed at its first scan after) */
    sim_time_t unneeded_since, remove_at;
} sim_node_view_t;

typedef struct {
    uint32_t id;      /* stable for the pod's life; reused after deletion */
    const char *name; /* "web-7d4b9c8f6-x2k9q" */
    int service;      /* index into the scenario's services */
    int version;      /* index into that service's versions */
    int revision;
    int node; /* index for sim_node_view, -1 when unscheduled */
    sim_pod_state_t state;
    double progress;  /* 0..1 through Pulling or Starting */
    sim_time_t since; /* when it entered this state */
    int restarts;
    sim_time_t backoff_until; /* CrashLoopBackOff: when the next restart comes */
    bool serving;             /* in the Service's endpoints */
    bool routed;              /* the routers send it requests: in the endpoints, or just removed
                                 and the removal not yet propagated */
    /* the routers still send it requests (its endpoint's removal has not reached them yet)
     * but it refuses every one: SIGTERM, the app not up, a dead node, or the pod already
     * gone (a "gone" pod: state Terminating, listed by sim_gone_pods) */
    bool refusing;
    uint32_t ip;   /* host order, 0 before it starts */
    int in_flight; /* requests held (in service + queued) */
} sim_pod_view_t;

int sim_node_count(const sim_t *s);
bool sim_node_view(const sim_t *s, int node, sim_node_view_t *out);
/* Fills up to max pod ids of the pods on a node (in a stable order); returns the count. */
int sim_node_pods(const sim_t *s, int node, uint32_t *ids, int max);
/* Pods not on any node (Pending, unscheduled). */
int sim_unscheduled_pods(const sim_t *s, uint32_t *ids, int max);
bool sim_pod_view(const sim_t *s, uint32_t id, sim_pod_view_t *out);
/* What changed, for a dashboard that copies only that: a number that grows whenever the
 * node's list of pods (sim_node_pods) or what sim_pod_view says of one of them may have
 * changed. An equal number means the last answers still hold, except a pod's `progress` and
 * `in_flight`, which move with the clock and with every request (read them again for the
 * pods Pulling or Starting). Out of range: sim_view_seq. */
uint64_t sim_node_pods_seq(const sim_t *s, int node);
/* The latest of those numbers over the whole run (unscheduled pods included): equal, and
 * nothing any view of a pod shows has changed. */
uint64_t sim_view_seq(const sim_t *s);
/* Pods already deleted that the routers still send requests to (for the propagation delay of
 * the endpoints' removal: each of those requests fails), with the node each ran on; few. */
int sim_gone_pods(const sim_t *s, uint32_t *ids, int *nodes, int max);

typedef struct {
    const char *name;
    int desired, ready, available, total; /* total: every pod that exists */
    double weight;                        /* share of the service's traffic now, 0..1 */
} sim_version_view_t;

#define SIM_MAX_VERSIONS 8

typedef struct {
    const char *name, *namespace_;
    uint32_t cluster_ip;
    const char *strategy; /* "RollingUpdate", ... */
    const char *status;   /* "Complete", "Progressing", "Paused", "Degraded", ... */
    int replicas;         /* the Deployment's spec.replicas (HPA-adjusted) */
    int ready, available, total;
    double offered_rps; /* the current arrival rate */
    int version_count;  /* versions with pods or traffic, newest last */
    sim_version_view_t versions[SIM_MAX_VERSIONS];
    int version_index[SIM_MAX_VERSIONS]; /* index into the scenario's versions */
    int canary_step;                     /* -1 when not a canary rollout */
    int canary_steps;
} sim_service_view_t;

int sim_service_count(const sim_t *s);
bool sim_service_view(const sim_t *s, int service, sim_service_view_t *out);

/* One ReplicaSet of a service's Deployment (or Rollout): what `kubectl get rs` lists. */
typedef struct {
    const char *name; /* "web-5664fb88bb" */
    const char *hash; /* pod-template-hash, "5664fb88bb" */
    int revision;     /* deployment.kubernetes.io/revision (pods carry it too) */
    int version;      /* index into the service's versions */
    int desired, ready, available, total; /* total: terminating pods too */
    int active;   /* status.replicas: pods not terminating (kubectl's CURRENT) */
    bool current; /* the ReplicaSet of the current template */
} sim_replicaset_view_t;

/* The service's ReplicaSets, oldest first; k in [0, count). False for one deleted by the
 * history limit. */
int sim_replicaset_count(const sim_t *s, int service);
bool sim_replicaset_view(const sim_t *s, int service, int k, sim_replicaset_view_t *out);

/* The cluster autoscaler's scale-down cooldown: after a scale-up it removes no node for
 * --scale-down-delay-after-add (10 min), after a delete or a failed one for their delays.
 * Times are -1 when they do not apply (no scale-up yet, the cooldown is over). */
typedef struct {
    sim_time_t last_scale_up;  /* when it last added nodes */
    sim_time_t scale_up_until; /* the end of the post-scale-up cooldown, while it runs */
    sim_time_t cooldown_until; /* the end of every cooldown (the latest of the three) */
} sim_ca_view_t;

/* False when no pool autoscales. */
bool sim_ca_view(const sim_t *s, sim_ca_view_t *out);

/* A service's HorizontalPodAutoscaler: the size it keeps, what the metric recommends, and
 * the scale-down stabilization window's clock. */
typedef struct {
    int replicas;    /* spec.replicas now */
    int recommended; /* the last sync's recommendation from the metric (-1: none) */
    int min_replicas, max_replicas;
    sim_time_t window;        /* scale-down stabilization window */
    sim_time_t scale_down_at; /* held by the window: when the last recommendation of at
                               * least `replicas` leaves it, so a sync may scale down (-1) */
} sim_hpa_view_t;

/* False when the service has no HPA. */
bool sim_hpa_view(const sim_t *s, int service, sim_hpa_view_t *out);

/* One metrics interval of one service, as in timeseries.csv (+ per-version counts). */
typedef struct {
    sim_time_t time;
    double offered_rps, served_rps, failed_rps, error_rate;
    double p50_ms, p95_ms, p99_ms; /* negative when the interval served nothing */
    int desired, ready, available, total_pods;
    double cpu_util;
    int version_desired[SIM_MAX_VERSIONS], version_ready[SIM_MAX_VERSIONS];
    double version_served_rps[SIM_MAX_VERSIONS], version_failed_rps[SIM_MAX_VERSIONS];
    double slow_rps; /* served slower than the SLO's latency threshold; -1 without one */
} sim_sample_t;

/* One metrics interval of the whole cluster. */
typedef struct {
    sim_time_t time;
    int nodes_ready, nodes_total;
    double cost;          /* so far, dollars */
    double cost_per_hour; /* now */
} sim_cluster_sample_t;

/* The samples so far (pointers valid until the next sim_run_until). */
int sim_samples(const sim_t *s, int service, const sim_sample_t **rows);
int sim_cluster_samples(const sim_t *s, const sim_cluster_sample_t **rows);

/* What an event or decision is about, as typed fields beside its text: the dashboard reads
 * these, never the message (rewording a message must not change the picture). Indices are
 * -1 and counts are -1 when they do not apply. */
typedef enum {
    SIM_EVK_OTHER,            /* nothing the dashboard marks */
    SIM_EVK_ROLLOUT_ABORTED,  /* RolloutAborted */
    SIM_EVK_DEADLINE,         /* ProgressDeadlineExceeded */
    SIM_EVK_DEP_CONFLICT,     /* DependencyConflict: `service` breaks */
    SIM_EVK_NODE_NOT_READY,   /* the node's own NodeNotReady (its pods get Warnings) */
    SIM_EVK_EVICTION,         /* TaintManagerEviction */
    SIM_EVK_NODES_UP,         /* TriggeredScaleUp: `pool` from -> to nodes */
    SIM_EVK_NODE_REMOVED,     /* the cluster autoscaler removed `node` */
    SIM_EVK_RESCALE,          /* HPA: `service` from -> to replicas (event and decision) */
    SIM_EVK_HOLD,             /* HPA held its size against the recommendation (decision) */
    SIM_EVK_REPLACE,          /* a ReplicaSet replaces pods that stopped: from -> to pods */
    SIM_EVK_STARTING_PROBE,   /* Unhealthy while the app is still starting: expected, quiet */
    SIM_EVK_FAILED_SCHEDULING /* FailedScheduling of a pod of `service`: `from` nodes, unfit[] */
} sim_event_kind_t;

/* Why nodes did not fit a pod (the scheduler's filters, grouped as a class hears them). */
typedef enum {
    SIM_UNFIT_CPU,           /* Insufficient cpu */
    SIM_UNFIT_MEMORY,        /* Insufficient memory */
    SIM_UNFIT_TAINT,         /* an untolerated taint (the cluster autoscaler's too) */
    SIM_UNFIT_NOT_READY,     /* the unreachable taint of a NotReady node */
    SIM_UNFIT_UNSCHEDULABLE, /* cordoned */
    SIM_UNFIT_AFFINITY,      /* node selector/affinity, pod (anti-)affinity */
    SIM_UNFIT_SPREAD,        /* topology spread constraints */
    SIM_UNFIT_KINDS
} sim_unfit_t;

typedef struct {
    sim_event_kind_t kind;
    int service;  /* index into the scenario's services */
    int node;     /* index into sim_node_get's nodes */
    int pool;     /* index into the scenario's node pools */
    int from, to; /* replicas or nodes before and after (HPA rescale, cluster scale-up) */
    int unfit[SIM_UNFIT_KINDS]; /* FailedScheduling: nodes per reason (one node may count twice:
                                 * cpu and memory), `from` nodes in the cluster */
} sim_ref_t;

typedef struct {
    sim_time_t time;
    const char *type; /* "Normal", "Warning", "Condition" */
    const char *reason, *object, *message;
    sim_ref_t ref;
} sim_event_view_t;

typedef struct {
    sim_time_t time;
    const char *controller, *object, *decision, *explanation;
    sim_ref_t ref;
} sim_decision_view_t;

typedef struct {
    sim_time_t time;
    action_t action;
    const char *text; /* "deploy web v2", "failNode workers-2" */
} sim_action_view_t;

/* The most recent history (up to history_events), oldest first; i in [0, count). */
int sim_event_count(const sim_t *s);
bool sim_event_get(const sim_t *s, int i, sim_event_view_t *out);
int sim_decision_count(const sim_t *s);
bool sim_decision_get(const sim_t *s, int i, sim_decision_view_t *out);
/* Every action applied so far (scenario events and injected ones), oldest first. */
int sim_action_count(const sim_t *s);
bool sim_action_get(const sim_t *s, int i, sim_action_view_t *out);

/* An action in words: "deploy web v2", "failNode workers-2" (names checked, "?" if unknown). */
void sim_action_text(const scenario_t *sc, const action_t *a, char *buf, size_t n);

/* The caption active at the current time (the latest note with at <= now), or NULL. */
const char *sim_caption(const sim_t *s);
/* The same in a language ("ko"); English where a note has no translation into it. */
const char *sim_caption_lang(const sim_t *s, const char *lang);
/* The service that caption is about (its note's `service`), or -1 when it names none. */
int sim_caption_service(const sim_t *s);

/* ---- results ---- */

typedef struct {
    const char *service;
    const char *namespace_; /* the service's namespace */
    uint64_t requests, served, failed;
    double availability, mean_ms, p50_ms, p99_ms; /* latencies negative when none served */
    double downtime_s, rollout_s;
    int max_pods, min_available;
    double node_hours, cost;
    /* appended after the contract's columns */
    double scale_s;       /* time from each increase of replicas until that many were Ready */
    double pods_per_node; /* at the peak of placed pods: pods / nodes holding them */
    /* the SLO (services[].slo), each -1 without its objective: the share of the window's
     * error budget this run consumed (1 = all of it), and the peak multiwindow burn rates of
     * the SRE workbook (min of the 1 h and 5 m burn rates; of 6 h and 30 m) */
    double budget_used, burn_1h_5m, burn_6h_30m;
    double latency_budget_used, latency_burn_1h_5m, latency_burn_6h_30m;
} sim_summary_t;

/* The summary of a service so far (final after sim_run). */
bool sim_summary(const sim_t *s, int service, sim_summary_t *out);

/* Creates a directory and its parents (like mkdir -p); 0 = ok, else errno says why. */
int sim_mkdir_p(const char *dir);

/* Formats an IPv4 address. */
void sim_format_ip(uint32_t ip, char buf[16]);

#endif
