/* rollout_math: the integer arithmetic of the deployment controllers, exactly as Kubernetes
 * (pkg/controller/deployment: rolling.go, sync.go, progress.go, util/deployment_util.go) and
 * Argo Rollouts (utils/replicaset/canary.go, replicaset.go, analysis/analysis.go) do it.
 * Pure functions over caller-owned values: no allocation, no model state. The Deployment,
 * canary and analysis controllers call them; tests/test_rollout_math.c checks them against
 * the upstream test vectors. Each function is documented at its definition. */
#ifndef DEPLOYSIM_ROLLOUT_MATH_H
#define DEPLOYSIM_ROLLOUT_MATH_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"
#include "sim_time.h"

/* ---- maxSurge / maxUnavailable ----------------------------------------------------------- */

/* An int_or_pct_t with `set` and a negative value is invalid (Kubernetes validation rejects
 * negatives; rollout_parse_int_or_pct leaves value -1 on a string that is not "N%"). */
int int_or_pct_resolve(int_or_pct_t v, int total, bool round_up);
int rollout_parse_int_or_pct(const char *text, int_or_pct_t *out);
int rollout_resolve_fenceposts(int_or_pct_t max_surge, int_or_pct_t max_unavailable, int replicas,
                               int *surge, int *unavailable);
int rollout_max_surge(bool rolling_update, int_or_pct_t max_surge, int_or_pct_t max_unavailable,
                      int replicas);
int rollout_max_unavailable(bool rolling_update, int_or_pct_t max_surge,
                            int_or_pct_t max_unavailable, int replicas);
int rollout_explain_fenceposts(char *buf, size_t size, int_or_pct_t max_surge,
                               int_or_pct_t max_unavailable, int replicas);

/* ---- RollingUpdate and Recreate ---------------------------------------------------------- */

/* One ReplicaSet as the controllers' arithmetic sees it. The annotations are the ones
 * scaleReplicaSet writes on every scale (desired = spec.replicas of the Deployment, max =
 * replicas + maxSurge); a zeroed struct is an RS without them. */
typedef struct {
    int desired;     /* spec.replicas */
    int available;   /* status.availableReplicas */
    bool annotated;  /* carries deployment.kubernetes.io/desired-replicas and max-replicas */
    int ann_desired; /* deployment.kubernetes.io/desired-replicas */
    int ann_max;     /* deployment.kubernetes.io/max-replicas */
} rollout_rs_t;

int rollout_new_rs_new_replicas(bool recreate, int replicas, int surge, int all_desired,
                                int new_desired);
bool rollout_reconcile_new_rs(int replicas, int surge, int all_desired, int new_desired,
                              int *new_count);
int rollout_cleanup_unhealthy(const rollout_rs_t *old, int n, int max_cleanup, int *out);
int rollout_scale_down_old(const rollout_rs_t *old, int n, int new_available, int min_available,
                           int *out);
int rollout_reconcile_old(const rollout_rs_t *old, int n, int new_desired, int new_available,
                          int replicas, int max_unavailable, int *out);
bool rollout_is_scaling_event(const rollout_rs_t *rs, int n, int replicas);
int rollout_proportional_scale(const rollout_rs_t *rs, int n, int new_index, bool rolling_update,
                               int replicas, int max_surge, int status_replicas, int *out);

/* ---- progress ---------------------------------------------------------------------------- */

typedef struct {
    int replicas;  /* status.replicas: pods of all ReplicaSets */
    int updated;   /* status.updatedReplicas: pods of the new ReplicaSet */
    int ready;     /* status.readyReplicas */
    int available; /* status.availableReplicas */
} rollout_status_t;

/* The reason of the Deployment's Progressing condition, as DeploymentTimedOut reads it. */
typedef enum {
    ROLLOUT_PROGRESS_NONE,             /* no Progressing condition */
    ROLLOUT_PROGRESS_OTHER,            /* NewReplicaSetCreated, ReplicaSetUpdated, ... */
    ROLLOUT_PROGRESS_NEW_RS_AVAILABLE, /* NewReplicaSetAvailable: complete, never times out */
    ROLLOUT_PROGRESS_TIMED_OUT         /* ProgressDeadlineExceeded: stays timed out */
} rollout_progress_reason_t;

bool rollout_deployment_progressing(rollout_status_t before, rollout_status_t after);
bool rollout_deployment_complete(int replicas, rollout_status_t status);
bool rollout_deployment_timed_out(sim_time_t deadline, rollout_progress_reason_t reason,
                                  sim_time_t last_update, sim_time_t now);

/* ---- Argo Rollouts canary ---------------------------------------------------------------- */

#define ROLLOUT_MAX_WEIGHT 100 /* trafficRouting.maxTrafficWeight unset */

/* A setCanaryScale step (traffic routing only). */
typedef struct {
    int replicas; /* -1 = unset */
    int weight;   /* -1 = unset */
    bool match_traffic_weight;
} rollout_canary_scale_t;

/* What GetCanaryReplicasOrWeight and the traffic-routed count read of a Rollout. */
typedef struct {
    int replicas;               /* spec.replicas */
    const canary_step_t *steps; /* spec.strategy.canary.steps */
    int step_count;
    int current_step;          /* status.currentStepIndex; step_count = all done */
    bool promote_full;         /* status.promoteFull */
    bool stable_is_current;    /* status.stableRS empty or == currentPodHash */
    bool abort;                /* status.abort */
    bool traffic_routing;      /* spec.strategy.canary.trafficRouting set */
    bool dynamic_stable_scale; /* spec.strategy.canary.dynamicStableScale */
    bool abort_delay_zero;     /* abortScaleDownDelaySeconds: 0 (keep the canary on abort) */
    int min_pods_per_rs;       /* minPodsPerReplicaSet, 0 = unset */
    int max_weight;            /* ROLLOUT_MAX_WEIGHT */
    const rollout_canary_scale_t *canary_scale; /* setCanaryScale in force, NULL = none */
    bool abort_delay_explicit;                  /* HasExplicitAbortScaleDownDelay: set and not 0 */
} rollout_canary_t;

/* status.canary.weights: the weights last set on the traffic router. */
typedef struct {
    int canary, stable;
} rollout_weights_t;

int rollout_traffic_weight_to_replicas(int replicas, int weight, int max_weight);
void rollout_approximate_weighted_counts(int replicas, int weight, int max_weight, int max_surge,
                                         int *canary, int *stable);
int rollout_canary_weight(const rollout_canary_t *c, int *fixed_replicas);
int rollout_canary_desired_weight(const rollout_canary_t *c, const rollout_rs_t *new_rs,
                                  const rollout_rs_t *stable_rs, int *fixed_replicas);
void rollout_canary_basic_counts(int replicas, int weight, int max_surge, int max_unavailable,
                                 const rollout_rs_t *new_rs, const rollout_rs_t *stable_rs,
                                 const rollout_rs_t *older, int older_count, int *canary,
                                 int *stable);
void rollout_canary_traffic_routed_counts(const rollout_canary_t *c,
                                          const rollout_weights_t *actual,
                                          const rollout_rs_t *new_rs, const rollout_rs_t *stable_rs,
                                          int *canary, int *stable);

/* ---- Argo Rollouts analysis -------------------------------------------------------------- */

#define ROLLOUT_ANALYSIS_CONSECUTIVE_ERROR_LIMIT 4

typedef enum {
    ROLLOUT_ANALYSIS_PENDING,
    ROLLOUT_ANALYSIS_RUNNING,
    ROLLOUT_ANALYSIS_SUCCESSFUL,
    ROLLOUT_ANALYSIS_FAILED,
    ROLLOUT_ANALYSIS_INCONCLUSIVE,
    ROLLOUT_ANALYSIS_ERROR
} rollout_analysis_phase_t;

typedef struct {
    int count; /* 0 = unset */
    bool has_interval;
    int failure_limit;           /* 0; negative = unlimited */
    int inconclusive_limit;      /* 0 */
    int consecutive_error_limit; /* ROLLOUT_ANALYSIS_CONSECUTIVE_ERROR_LIMIT */
} rollout_analysis_limits_t;

typedef struct {
    int measurements;    /* taken so far, the last possibly still in flight */
    bool last_in_flight; /* the last measurement has no result yet */
    int successful, failed, inconclusive, error;
    int consecutive_error;
} rollout_analysis_counts_t;

rollout_analysis_phase_t rollout_analysis_assess(const rollout_analysis_limits_t *limits,
                                                 const rollout_analysis_counts_t *counts,
                                                 bool terminating, char *msg, size_t msg_size);
const char *rollout_analysis_phase_name(rollout_analysis_phase_t phase);

#endif
