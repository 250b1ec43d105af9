/* strategy_argo: internal interface of the Argo Rollouts controllers (Canary, BlueGreen and
 * their AnalysisRuns), shared by strategy_argo.c, strategy_canary.c, strategy_bluegreen.c and
 * strategy_analysis.c. The state lives in service_t.argo (model.h); the deployment
 * controller calls the strategy_argo_* entry points declared here. */
#ifndef DEPLOYSIM_STRATEGY_ARGO_H
#define DEPLOYSIM_STRATEGY_ARGO_H

#include <stdbool.h>
#include <stddef.h>

#include "model.h"

/* status.pauseConditions[].reason */
enum { ARGO_PAUSE_CANARY_STEP = 1, ARGO_PAUSE_INCONCLUSIVE = 2, ARGO_PAUSE_BLUE_GREEN = 4 };
enum { ARGO_RUN_BACKGROUND, ARGO_RUN_STEP };
enum { ARGO_RUN_PRE = 0, ARGO_RUN_POST = 1 }; /* blue-green: [0] pre-, [1] post-promotion */
/* EV_STRATEGY_TIMER kinds: b = kind << 40 | run << 32 | generation */
enum { ARGO_TIMER_WAKE, ARGO_TIMER_PAUSE, ARGO_TIMER_MEASURE, ARGO_TIMER_TAP };

#define ARGO_MAX_RS 64

/* ---- strategy_argo.c: shared by both strategies ---- */
bool argo_is(const service_spec_t *spec);
void argo_object(const service_t *sv, char *buf, size_t n); /* "Rollout/web" */
void argo_timer(sim_t *s, const service_t *sv, sim_time_t at, int kind, int run, uint32_t gen);
/* scaleReplicaSetAndRecordEvent: Argo's event wording and a decision with `why`. */
bool argo_scale(sim_t *s, service_t *sv, int ri, int to, const char *why);
/* The ReplicaSets that are neither `a` nor `b` and still have pods or a desired count, newest
 * revision first. */
int argo_others(const sim_t *s, const service_t *sv, int a, int b, int *out);
sim_time_t argo_deadline(const service_t *sv, int ri); /* scale-down-deadline, -1 = none */
void argo_set_deadline(sim_t *s, service_t *sv, int ri, sim_time_t at);
void argo_clear_deadline(service_t *sv, int ri);
/* scaleDownDelayHelper: the count an old ReplicaSet keeps while its scale-down delay runs. */
int argo_delay_helper(sim_t *s, service_t *sv, int ri, sim_time_t delay, int keep, int *annotated);
/* reconcileNewReplicaSet's abort branch: true when the new ReplicaSet is held at its size
 * (abortScaleDownDelaySeconds not yet over); else *count is what it is scaled to. */
bool argo_hold_new_on_abort(sim_t *s, service_t *sv, int *count);
bool argo_abort_delays(const service_t *sv); /* shouldDelayScaleDownOnAbort */
void argo_pause_add(sim_t *s, service_t *sv, unsigned reason);
void argo_pause_remove(sim_t *s, service_t *sv, unsigned reason);
void argo_abort(sim_t *s, service_t *sv, const char *message);
void argo_promote_stable(sim_t *s, service_t *sv, const char *reason);
bool argo_fast_rollback(const sim_t *s, const service_t *sv);
void argo_fmt_duration(char *buf, size_t n, sim_time_t t);

/* ---- strategy_canary.c ---- */
void argo_canary_sync(sim_t *s, service_t *sv);
int argo_canary_step_weight(const service_t *sv); /* GetCurrentSetWeight */
bool argo_canary_healthy(const sim_t *s, const service_t *sv);
void argo_canary_promote_action(sim_t *s, service_t *sv);
void argo_canary_start(sim_t *s, service_t *sv); /* the first step's decision */

/* ---- strategy_bluegreen.c ---- */
void argo_bluegreen_sync(sim_t *s, service_t *sv);
bool argo_bluegreen_healthy(const sim_t *s, const service_t *sv);

/* ---- strategy_analysis.c ---- */
/* reconcileAnalysisRuns: starts, keeps or cancels the background and step runs and acts on
 * their phase (Inconclusive pauses, Failed/Error aborts). Returns true when it added a pause. */
bool argo_analysis_reconcile(sim_t *s, service_t *sv);
void argo_analysis_cancel(sim_t *s, service_t *sv, int run); /* terminate one run */
void argo_analysis_cancel_all(sim_t *s, service_t *sv);
void argo_analysis_timer(sim_t *s, service_t *sv, int kind, int run, uint32_t gen);
bool argo_step_analysis_successful(const service_t *sv);
bool argo_step_analysis_inconclusive(const service_t *sv);
/* blue-green: the post-promotion run (reconcilePostPromotionAnalysisRun) and whether it lets
 * the new ReplicaSet become stable */
void argo_analysis_reconcile_bluegreen(sim_t *s, service_t *sv);
bool argo_post_promotion_done(const service_t *sv);
/* completedPrePromotionAnalysis: none configured, or this update's run is Successful */
bool argo_pre_promotion_done(const service_t *sv);

/* Entry points of strategy_argo.c for the deployment controller and the kernel. */
void strategy_argo_sync(sim_t *s, int service);
void strategy_argo_start(sim_t *s, int service);
void strategy_argo_resume(sim_t *s, int service);
int strategy_argo_action(sim_t *s, const action_t *a, char *err, size_t n);
/* RolloutProgressing's strategy-specific progress since the previous call (step index, stable
 * ReplicaSet, Service selectors). */
bool strategy_argo_progressed(sim_t *s, service_t *sv);
/* True while Argo would not time a Rollout out: an indefinite step (pause, analysis) or a
 * pause condition, or an old ReplicaSet waiting for its scale-down deadline. */
bool strategy_argo_deadline_held(const sim_t *s, const service_t *sv);
void strategy_argo_timer(sim_t *s, const engine_event_t *ev);
/* The progress deadline passed (ProgressDeadlineExceeded): progressDeadlineAbort aborts. */
void strategy_argo_deadline_exceeded(sim_t *s, int service);

#endif
