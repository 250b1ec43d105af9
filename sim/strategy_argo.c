/* strategy_argo: the Argo Rollouts controller's shared parts for Canary and BlueGreen
 * services — the entry points the Deployment controller calls (sync, start of an update,
 * actions, timers), scaling with Argo's event wording, pause conditions, abort, promotion to
 * stable, scale-down-deadline annotations. The strategies live in strategy_canary.c and
 * strategy_bluegreen.c, AnalysisRuns in strategy_analysis.c. Source: argo-rollouts
 * rollout/{sync,replicaset,pause,canary,bluegreen}.go. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deployment.h"
#include "drain.h"
#include "fluid.h"
#include "kernel.h"
#include "kubelet.h"
#include "nodes.h"
#include "replicaset.h"
#include "strategy_argo.h"

bool argo_is(const service_spec_t *spec) {
    return spec->strategy.type == STRATEGY_CANARY || spec->strategy.type == STRATEGY_BLUE_GREEN;
}

void argo_object(const service_t *sv, char *buf, size_t n) {
    snprintf(buf, n, "Rollout/%s", sv->spec->name);
}

/* "1m", "30s", "1m30s", "500ms": how the scenario would write it. */
void argo_fmt_duration(char *buf, size_t n, sim_time_t t) {
    if (t % SIM_SEC) {
        snprintf(buf, n, "%lldms", (long long)(t / SIM_MS));
        return;
    }
    long long sec = (long long)(t / SIM_SEC);
    if (sec >= 60 && sec % 60 == 0)
        snprintf(buf, n, "%lldm", sec / 60);
    else if (sec > 60)
        snprintf(buf, n, "%lldm%llds", sec / 60, sec % 60);
    else
        snprintf(buf, n, "%llds", sec);
}

void argo_timer(sim_t *s, const service_t *sv, sim_time_t at, int kind, int run, uint32_t gen) {
    uint64_t b = ((uint64_t)kind << 40) | ((uint64_t)(run & 0xff) << 32) | gen;
    engine_schedule(s->eng, at, EV_STRATEGY_TIMER, (uint32_t)sv->index, b);
}

/* ---- ReplicaSets ---- */

/* argo: scaleReplicaSet writes the replicas annotations and, when the size changes, the
 * event "Scaled up ReplicaSet NAME (revision N) from A to B" on the Rollout. */
bool argo_scale(sim_t *s, service_t *sv, int ri, int to, const char *why) {
    rs_t *rs = &s->rs[ri];
    const strategy_spec_t *st = &sv->spec->strategy;
    int surge = st->type == STRATEGY_CANARY
                    ? rollout_max_surge(true, st->max_surge, st->max_unavailable, sv->replicas)
                    : 0;
    rs->annotated = true;
    rs->ann_desired = sv->replicas;
    rs->ann_max = sv->replicas + surge;
    if (to < 0) to = 0;
    if (rs->desired == to) return false;
    int from = rs->desired;
    char obj[96], dec[192];
    argo_object(sv, obj, sizeof obj);
    model_event(s, "Normal", "ScalingReplicaSet", obj,
                "Scaled %s ReplicaSet %s (revision %d) from %d to %d", to > from ? "up" : "down",
                rs->name, rs->revision, from, to);
    snprintf(dec, sizeof dec, "scale %s (%s) %d -> %d", rs->name,
             sv->spec->versions[rs->version].name, from, to);
    model_decision(s, "rollout", obj, dec, "%s", why);
    /* argo: a full scale-down removes the scale-down-deadline, unless the abort delay holds it */
    if (to == 0 && !argo_abort_delays(sv)) argo_clear_deadline(sv, ri);
    rs_scale(s, ri, to);
    deploy_request_sync(s, sv->index); /* the ReplicaSet changed: the Rollout is requeued */
    return true;
}

int argo_others(const sim_t *s, const service_t *sv, int a, int b, int *out) {
    int n = 0;
    for (int i = 0; i < sv->rs_count && n < ARGO_MAX_RS; i++) {
        int ri = sv->rs[i];
        if (ri == a || ri == b) continue;
        if (s->rs[ri].desired > 0 || s->rs[ri].pod_count > 0) out[n++] = ri;
    }
    /* newest revision first (ReplicaSetsByRevisionNumber, reversed) */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && s->rs[out[j]].revision > s->rs[out[j - 1]].revision; j--) {
            int t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
    return n;
}

sim_time_t argo_deadline(const service_t *sv, int ri) {
    for (int i = 0; i < sv->argo.sd_count; i++)
        if (sv->argo.sd_rs[i] == ri) return sv->argo.sd_at[i];
    return -1;
}

void argo_clear_deadline(service_t *sv, int ri) {
    for (int i = 0; i < sv->argo.sd_count; i++)
        if (sv->argo.sd_rs[i] == ri) {
            sv->argo.sd_count--;
            sv->argo.sd_rs[i] = sv->argo.sd_rs[sv->argo.sd_count];
            sv->argo.sd_at[i] = sv->argo.sd_at[sv->argo.sd_count];
            return;
        }
}

/* The scale-down-deadline annotation; a timer requeues the Rollout when it passes. With no
 * room left for the annotation, the deadline is now. */
void argo_set_deadline(sim_t *s, service_t *sv, int ri, sim_time_t at) {
    argo_clear_deadline(sv, ri);
    int max = (int)(sizeof sv->argo.sd_rs / sizeof sv->argo.sd_rs[0]);
    if (sv->argo.sd_count == max)
        at = model_now(s);
    else {
        sv->argo.sd_rs[sv->argo.sd_count] = ri;
        sv->argo.sd_at[sv->argo.sd_count++] = at;
    }
    argo_timer(s, sv, at, ARGO_TIMER_WAKE, 0, 0);
}

/* argo: scaleDownDelayHelper: a scaled-up old ReplicaSet without a deadline gets one and keeps
 * its size; while the deadline is ahead it keeps `keep` (blue-green passes the rollout's
 * replicas, a canary the ReplicaSet's own current size, as Argo's
 * scaleDownOldReplicaSetsForCanary does); once it has passed, 0. `*annotated` counts the
 * ReplicaSets, newest first, that hold a deadline: past scaleDownDelayRevisionLimit the rest
 * go to 0 at once (GetScaleDownRevisionLimit). A delay of 0 scales down at once (model
 * choice). */
int argo_delay_helper(sim_t *s, service_t *sv, int ri, sim_time_t delay, int keep, int *annotated) {
    const rs_t *rs = &s->rs[ri];
    sim_time_t dl = argo_deadline(sv, ri);
    int limit = sv->spec->strategy.scale_down_delay_revision_limit;
    if (limit < 0) limit = ARGO_MAX_RS + 1; /* unset: math.MaxInt32 */
    if (dl >= 0) {
        if (++*annotated > limit) {
            char obj[96];
            argo_object(sv, obj, sizeof obj);
            model_decision(s, "rollout", obj, "scale-down delay revision limit",
                           "%s: %d older ReplicaSets already wait for their scale-down deadline "
                           "(scaleDownDelayRevisionLimit %d): scaled down now",
                           rs->name, *annotated - 1, limit);
            return 0;
        }
        return dl > model_now(s) ? keep : 0;
    }
    if (rs->desired > 0) {
        if (delay <= 0 || *annotated >= limit) return 0;
        ++*annotated;
        argo_set_deadline(s, sv, ri, model_now(s) + delay);
        char obj[96];
        argo_object(sv, obj, sizeof obj);
        char d[32];
        argo_fmt_duration(d, sizeof d, delay);
        model_decision(s, "rollout", obj, "scale-down delay",
                       "%s (%s) keeps its %d pods for scaleDownDelaySeconds %s after the switch, "
                       "then goes to 0 (in-flight requests and slow routers still reach it)",
                       rs->name, sv->spec->versions[rs->version].name, rs->desired, d);
        return rs->desired;
    }
    return 0;
}

/* argo: shouldDelayScaleDownOnAbort — aborted, a stable exists, blue-green or a canary with
 * a traffic router (a basic canary rolls back by the replica arithmetic instead). */
bool argo_abort_delays(const service_t *sv) {
    if (!sv->aborted || sv->argo.stable_rs < 0) return false;
    const strategy_spec_t *st = &sv->spec->strategy;
    if (st->type == STRATEGY_CANARY && st->traffic_router_ingress < 0) return false;
    /* dynamicStableScale drains the canary step by step, unless abortScaleDownDelaySeconds
     * was given explicitly (HasExplicitAbortScaleDownDelay) */
    if (st->type == STRATEGY_CANARY && st->dynamic_stable_scale &&
        !(st->abort_scale_down_delay_set && st->abort_scale_down_delay > 0))
        return false;
    return true;
}

bool argo_hold_new_on_abort(sim_t *s, service_t *sv, int *count) {
    if (!argo_abort_delays(sv)) return false;
    const strategy_spec_t *st = &sv->spec->strategy;
    /* abortScaleDownDelaySeconds: 0 leaves the canary/preview up indefinitely */
    if (st->abort_scale_down_delay <= 0) return true;
    int ri = sv->new_rs;
    sim_time_t dl = argo_deadline(sv, ri);
    if (dl >= 0) {
        if (dl > model_now(s)) return true;
        *count = 0;
        return false;
    }
    /* annotate only once the stable can take all the traffic */
    if (s->rs[sv->argo.stable_rs].available >= sv->replicas) {
        argo_set_deadline(s, sv, ri, model_now(s) + st->abort_scale_down_delay);
        char obj[96], d[32];
        argo_object(sv, obj, sizeof obj);
        argo_fmt_duration(d, sizeof d, st->abort_scale_down_delay);
        model_decision(s, "rollout", obj, "abort scale-down delay",
                       "stable %s has %d available of %d: %s (%s) is scaled to 0 after "
                       "abortScaleDownDelaySeconds %s",
                       s->rs[sv->argo.stable_rs].name, s->rs[sv->argo.stable_rs].available,
                       sv->replicas, s->rs[ri].name, sv->spec->versions[s->rs[ri].version].name, d);
    }
    return true;
}

/* ---- pause conditions, abort, promotion ---- */

static int pause_index(unsigned reason) {
    return reason == ARGO_PAUSE_CANARY_STEP ? 0 : reason == ARGO_PAUSE_INCONCLUSIVE ? 1 : 2;
}

static const char *pause_name(unsigned reason) {
    static const char *const names[] = {"CanaryPauseStep", "InconclusiveAnalysis",
                                        "BlueGreenPause"};
    return names[pause_index(reason)];
}

/* argo: AddPauseCondition + sendStateChangeEvents ("Rollout is paused (REASON)"). */
void argo_pause_add(sim_t *s, service_t *sv, unsigned reason) {
    /* argo: CalculatePauseStatus — an abort wins over any pause condition */
    if ((sv->argo.pause & reason) || sv->aborted) return;
    bool was = sv->argo.pause != 0;
    sv->argo.pause |= reason;
    sv->argo.pause_start[pause_index(reason)] = model_now(s);
    sv->argo.controller_pause = true;
    sv->paused = true;
    if (!was) {
        char obj[96];
        argo_object(sv, obj, sizeof obj);
        model_event(s, "Normal", "RolloutPaused", obj, "Rollout is paused (%s)",
                    pause_name(reason));
    }
    deploy_request_sync(s, sv->index);
}

/* The controller removes a pause condition ("Rollout is resumed" once none is left). */
void argo_pause_remove(sim_t *s, service_t *sv, unsigned reason) {
    if (!(sv->argo.pause & reason)) return;
    sv->argo.pause &= ~reason;
    if (sv->argo.pause == 0 && !sv->aborted) {
        char obj[96];
        argo_object(sv, obj, sizeof obj);
        model_event(s, "Normal", "RolloutResumed", obj, "Rollout is resumed");
    }
    deploy_request_sync(s, sv->index);
}

static int new_revision(const sim_t *s, const service_t *sv) {
    return sv->new_rs >= 0 ? s->rs[sv->new_rs].revision : 0;
}

/* argo: pauseContext.AddAbort. The Warning event RolloutAborted comes with the Progressing
 * condition, which calculateRolloutConditions sets when the reconcile persists the status:
 * after the ReplicaSets this reconcile scales (argo test/e2e TestRolloutAbortRetryPromote:
 * "ScalingReplicaSet", then "RolloutAborted"). argo_persist_abort writes it. */
void argo_abort(sim_t *s, service_t *sv, const char *message) {
    if (sv->aborted) return;
    sv->aborted = true;
    sv->strategy_gen++; /* a running pause timer belongs to the aborted update */
    sv->argo.pause = 0;
    sv->argo.controller_pause = false;
    sv->argo.checkpoint = false;
    argo_analysis_cancel_all(s, sv);
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    sv->argo.abort_pending = true;
    snprintf(sv->argo.abort_message, sizeof sv->argo.abort_message, "%s", message ? message : "");
    const strategy_spec_t *st = &sv->spec->strategy;
    const char *stable =
        sv->argo.stable_rs >= 0 ? sv->spec->versions[s->rs[sv->argo.stable_rs].version].name : "?";
    char d[32];
    argo_fmt_duration(d, sizeof d, st->abort_scale_down_delay);
    if (st->type == STRATEGY_BLUE_GREEN)
        model_decision(s, "rollout", obj, "abort",
                       "the active Service stays on stable %s; the preview ReplicaSet is scaled "
                       "down abortScaleDownDelaySeconds %s after the stable is fully available",
                       stable, d);
    else if (st->traffic_router_ingress >= 0 && !argo_abort_delays(sv))
        model_decision(s, "rollout", obj, "abort",
                       "dynamicStableScale: the stable %s comes back one setWeight step at a "
                       "time, the Ingress weight and the canary following as its pods become "
                       "available",
                       stable);
    else if (st->traffic_router_ingress >= 0)
        model_decision(s, "rollout", obj, "abort",
                       "Ingress weight 0: every request goes to stable %s at once; the canary is "
                       "scaled down abortScaleDownDelaySeconds %s after the stable is fully "
                       "available",
                       stable, d);
    else
        model_decision(s, "rollout", obj, "abort",
                       "setWeight 0: the stable %s is scaled back up within maxSurge and the "
                       "canary drained within maxUnavailable, by the same replica arithmetic",
                       stable);
    deploy_request_sync(s, sv->index);
}

/* The RolloutAborted event of an abort decided in this reconcile (calculateRolloutConditions). */
static void persist_abort(sim_t *s, service_t *sv) {
    if (!sv->argo.abort_pending) return;
    sv->argo.abort_pending = false;
    if (!sv->aborted) return;
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    int rev = new_revision(s, sv);
    if (sv->argo.abort_message[0])
        model_event(s, "Warning", "RolloutAborted", obj,
                    "Rollout aborted update to revision %d: %s", rev, sv->argo.abort_message);
    else
        model_event(s, "Warning", "RolloutAborted", obj, "Rollout aborted update to revision %d",
                    rev);
}

/* argo: promoteStable — the desired ReplicaSet becomes stable ("Rollout completed update to
 * revision N (HASH): REASON" when it changes); pauses and abort are cleared. */
void argo_promote_stable(sim_t *s, service_t *sv, const char *reason) {
    sv->argo.promote_full = false;
    sv->argo.pause = 0;
    sv->aborted = false;
    sv->argo.checkpoint = false;
    if (sv->spec->strategy.type == STRATEGY_CANARY) sv->step = sv->spec->strategy.step_count;
    argo_analysis_cancel_all(s, sv);
    if (sv->argo.stable_rs == sv->new_rs) return;
    sv->argo.stable_rs = sv->new_rs;
    const rs_t *rs = &s->rs[sv->new_rs];
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    model_event(s, "Normal", "RolloutCompleted", obj,
                "Rollout completed update to revision %d (%s): %s", rs->revision, rs->hash, reason);
    model_decision(s, "rollout", obj, "promoted", "%s: %s (%s) is the stable ReplicaSet now",
                   reason, rs->name, sv->spec->versions[rs->version].name);
    deploy_request_sync(s, sv->index);
}

/* argo: isFastRollback — back to the stable ReplicaSet, or (blue-green) to one still within
 * its scale-down delay. */
bool argo_fast_rollback(const sim_t *s, const service_t *sv) {
    if (sv->new_rs < 0 || sv->argo.stable_rs < 0) return false;
    if (sv->new_rs == sv->argo.stable_rs) return true;
    return sv->spec->strategy.type == STRATEGY_BLUE_GREEN &&
           argo_deadline(sv, sv->new_rs) > model_now(s);
}

/* ---- entry points ---- */

static void ensure_init(sim_t *s, service_t *sv) {
    (void)s;
    if (sv->argo.init) return;
    sv->argo.init = true;
    int first = sv->rs_count > 0 ? sv->rs[0] : -1; /* revision 1: the running template */
    sv->argo.stable_rs = sv->argo.active_rs = first;
    sv->argo.preview_rs = sv->spec->strategy.preview_service ? first : -1;
    sv->step = sv->spec->strategy.step_count; /* the initial deploy skipped its steps */
    sv->argo.weight = 0; /* set (to 0) when the Rollout was created, before time 0 */
    sv->argo.canary_svc_rs = first;
    sv->argo.restart_at = -1;
    sv->argo.prog_step = sv->step;
    sv->argo.prog_stable = sv->argo.prog_active = sv->argo.prog_preview = first;
    sv->argo.cum_version = -1;
    hist_clear(&sv->argo.cum.lat);
    for (int r = 0; r < 2; r++)
        hist_clear(&sv->argo.run[r].snap.lat);
}

/* ---- restart (rollout/restart.go RolloutPodRestarter) ---- */

#define ARGO_RESTART_CHECK (30 * SIM_SEC) /* restartPodCheckTime */

static const sim_t *restart_sim;
static int by_pod_name(const void *a, const void *b) {
    return strcmp(restart_sim->pods[*(const int *)a].name, restart_sim->pods[*(const int *)b].name);
}

/* Evicts the pods created before spec.restartAt, as many at a time as the availability allows:
 * canRestart = available - (max(replicas, Σ desired) - max(maxUnavailable, 1)), pods in name
 * order (the API's list order); a PodDisruptionBudget can refuse an eviction. Once every pod
 * is newer, status.restartedAt is set (here: restart_at = -1). Returns the pods evicted. */
static int restart_pods(sim_t *s, service_t *sv) {
    if (sv->argo.restart_at < 0 || model_now(s) <= sv->argo.restart_at) return 0;
    const strategy_spec_t *st = &sv->spec->strategy;
    int total = 0, available = 0, n = 0;
    for (int i = 0; i < sv->rs_count; i++) {
        const rs_t *rs = &s->rs[sv->rs[i]];
        total += rs->desired;
        for (int pi = rs->head; pi >= 0; pi = s->pods[pi].rs_next)
            n++;
    }
    int *pods = malloc(sizeof *pods * (size_t)(n ? n : 1));
    if (!pods) return 0;
    n = 0;
    for (int i = 0; i < sv->rs_count; i++)
        for (int pi = s->rs[sv->rs[i]].head; pi >= 0; pi = s->pods[pi].rs_next) {
            pods[n++] = pi;
            if (s->pods[pi].available && s->pods[pi].phase != POD_TERMINATING) available++;
        }
    restart_sim = s;
    qsort(pods, (size_t)n, sizeof *pods, by_pod_name);
    int unavail;
    if (st->type == STRATEGY_CANARY)
        unavail = rollout_max_unavailable(true, st->max_surge, st->max_unavailable, sv->replicas);
    else /* blue-green: its maxUnavailable (25%) rounded down */
        unavail = st->max_unavailable.percent ? sv->replicas * st->max_unavailable.value / 100
                                              : st->max_unavailable.value;
    if (unavail > sv->replicas) unavail = sv->replicas;
    int concurrent = unavail > 1 ? unavail : 1;
    int eff_min = (sv->replicas > total ? sv->replicas : total) - concurrent;
    int can = available - eff_min, needs = 0, restarted = 0;
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    for (int k = 0; k < n; k++) {
        pod_t *p = &s->pods[pods[k]];
        if (p->created >= sv->argo.restart_at) continue;
        needs++;
        if (can <= 0 || p->phase == POD_TERMINATING) continue;
        if (!pdb_eviction_allowed(s, pods[k])) continue; /* 429 TooManyRequests */
        model_decision(s, "rollout", obj, "restart pod",
                       "%s is older than restartAt: evicted (available %d, effective minimum "
                       "max(%d, %d) - max(maxUnavailable %d, 1) = %d)",
                       p->name, available, sv->replicas, total, unavail, eff_min);
        pod_delete(s, pods[k], "restart");
        can--;
        restarted++;
    }
    free(pods);
    if (needs - restarted > 0) {
        argo_timer(s, sv, model_now(s) + ARGO_RESTART_CHECK, ARGO_TIMER_WAKE, 0, 0);
    } else {
        sv->argo.restart_at = -1;
        model_decision(s, "rollout", obj, "restarted",
                       "every pod is newer than restartAt: status.restartedAt is set");
    }
    return restarted;
}

/* The Rollout's phase and the rollout time of the summary. Healthy as Argo's RolloutHealthy;
 * an aborted update's time ends once the stable serves alone again. */
static void finish_sync(sim_t *s, service_t *sv) {
    persist_abort(s, sv);
    if (sv->argo.pause == 0) sv->argo.controller_pause = false;
    sv->paused = sv->argo.spec_paused || sv->argo.pause != 0;
    bool canary = sv->spec->strategy.type == STRATEGY_CANARY;
    bool healthy = canary ? argo_canary_healthy(s, sv) : argo_bluegreen_healthy(s, sv);
    bool settled = false;
    if (sv->aborted && sv->argo.stable_rs >= 0) {
        const rs_t *st = &s->rs[sv->argo.stable_rs];
        const rs_t *nrs = &s->rs[sv->new_rs];
        settled = st->available >= sv->replicas &&
                  (nrs->pod_count == 0 || sv->spec->strategy.abort_scale_down_delay <= 0);
    }
    if ((healthy || settled) && sv->rollout_start >= 0) {
        double secs = (double)(model_now(s) - sv->rollout_start) / SIM_SEC;
        sv->rollout_total += secs;
        sv->rollout_start = -1;
        char obj[96];
        argo_object(sv, obj, sizeof obj);
        const rs_t *rs = &s->rs[healthy ? sv->new_rs : sv->argo.stable_rs];
        if (healthy)
            model_decision(s, "rollout", obj, "rollout complete",
                           "Healthy: %s has %d updated, %d available of %d replicas after %.1f s",
                           rs->name, rs->active, rs->available, sv->replicas, secs);
        else
            model_decision(s, "rollout", obj, "rollout aborted",
                           "Degraded: back on stable %s (%d available of %d) after %.1f s; deploy "
                           "or rollback to go on",
                           rs->name, rs->available, sv->replicas, secs);
    }
    /* argo CalculateRolloutPhase: Progressing while a restart is pending */
    sv->complete = healthy && sv->argo.restart_at < 0;
}

void strategy_argo_sync(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (!argo_is(sv->spec) || sv->new_rs < 0) return;
    ensure_init(s, sv);
    fluid_advance(s); /* the routing in force applies up to now */
    /* argo rolloutCanary: a reconcile that restarted pods ends there (the availability it
     * read is stale); blue-green goes on */
    if (restart_pods(s, sv) > 0 && sv->spec->strategy.type == STRATEGY_CANARY) return;
    if (sv->spec->strategy.type == STRATEGY_CANARY)
        argo_canary_sync(s, sv);
    else
        argo_bluegreen_sync(s, sv);
    finish_sync(s, sv);
}

/* A new template (deploy, rollback): argo resetRolloutStatus plus the events of
 * syncReplicaSetRevision / createDesiredReplicaSet. */
void strategy_argo_start(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (!argo_is(sv->spec) || sv->new_rs < 0) return;
    ensure_init(s, sv);
    const strategy_spec_t *st = &sv->spec->strategy;
    bool was_completed = false; /* status.stableRS == the previous template's hash */
    for (int i = 0; i < sv->rs_count; i++)
        if (s->rs[sv->rs[i]].version == sv->previous_version && sv->rs[i] == sv->argo.stable_rs)
            was_completed = true;
    sv->strategy_gen++;
    argo_analysis_cancel_all(s, sv);
    sv->argo.pause = 0;
    sv->argo.controller_pause = false;
    sv->argo.checkpoint = false;
    sv->argo.promote_full = false;
    sv->aborted = false;
    sv->step = 0;
    const rs_t *rs = &s->rs[sv->new_rs];
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    model_event(s, "Normal", "RolloutUpdated", obj, "Rollout updated to revision %d", rs->revision);
    if (rs->reported[0] < 0 && rs->pod_count == 0 && rs->desired == 0)
        model_event(s, "Normal", "NewReplicaSetCreated", obj, "Created ReplicaSet %s (revision %d)",
                    rs->name, rs->revision);
    bool to_stable = sv->new_rs == sv->argo.stable_rs;
    if (st->type == STRATEGY_CANARY && to_stable && st->step_count > 0) {
        model_event(s, "Normal", "SkipSteps", obj, "Rollback to stable ReplicaSets");
        sv->step = st->step_count;
    }
    if (was_completed && !to_stable)
        model_event(s, "Normal", "RolloutNotCompleted", obj,
                    "Rollout not completed, started update to revision %d (%s)", rs->revision,
                    rs->hash);
    const char *ver = sv->spec->versions[rs->version].name;
    if (to_stable)
        model_decision(s, "rollout", obj, "back to stable",
                       "%s (%s) is the stable ReplicaSet: no steps, no analysis (fast rollback)",
                       rs->name, ver);
    else if (st->type == STRATEGY_BLUE_GREEN)
        model_decision(
            s, "rollout", obj, "blue-green update",
            "%s (%s) is scaled to %d%s%s; the active "
            "Service %s switches to it once all its pods are available%s",
            rs->name, ver, st->preview_replica_count > 0 ? st->preview_replica_count : sv->replicas,
            st->preview_service ? " behind the preview Service " : " (no preview Service)",
            st->preview_service ? st->preview_service : "", sv->spec->name,
            !st->auto_promotion_enabled      ? " and a promote action comes"
            : st->auto_promotion_seconds > 0 ? " and autoPromotionSeconds have passed"
                                             : "");
    else {
        model_decision(s, "rollout", obj, "canary update", "%s (%s) goes through %d steps%s; %s",
                       rs->name, ver, st->step_count,
                       st->analysis.enabled ? " with a background analysis" : "",
                       st->traffic_router_ingress >= 0
                           ? "the Ingress splits the traffic by the exact weight"
                           : "no traffic router: the weight is approximated by pod counts");
        argo_canary_start(s, sv);
    }
}

void strategy_argo_resume(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (!argo_is(sv->spec)) return;
    ensure_init(s, sv);
    /* `resume` (ours, not Argo's): spec.paused = false, and it stands for promote on the
     * pauses that wait for one (an untimed pause step, an Inconclusive analysis, a blue-green
     * pause without autoPromotionSeconds). A timed pause keeps its condition and start time:
     * Argo's spec.paused never touches it, so resume never shortens or skips a step. */
    const strategy_spec_t *st = &sv->spec->strategy;
    int keep = 0;
    if (st->type == STRATEGY_CANARY && sv->step >= 0 && sv->step < st->step_count &&
        st->steps[sv->step].kind == CANARY_STEP_PAUSE && st->steps[sv->step].duration >= 0)
        keep |= ARGO_PAUSE_CANARY_STEP;
    if (st->type == STRATEGY_BLUE_GREEN && st->auto_promotion_seconds > 0)
        keep |= ARGO_PAUSE_BLUE_GREEN;
    sv->argo.spec_paused = false;
    sv->argo.pause &= (unsigned)keep;
    sv->paused = false;
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    model_decision(s, "rollout", obj, "resume",
                   keep ? "spec.paused = false; the timed pause goes on to its end"
                        : "spec.paused = false and the pause that waited for a promote cleared "
                          "(without skipping a step)");
}

static bool update_in_progress(const service_t *sv) {
    if (sv->new_rs != sv->argo.stable_rs) return true;
    return sv->spec->strategy.type == STRATEGY_BLUE_GREEN && sv->argo.active_rs != sv->new_rs;
}

/* kubectl argo rollouts promote --full: status.promoteFull. The controller then clears every
 * pause condition and the abort (syncRolloutStatus*), skips the remaining steps (a canary's
 * step index goes to the end), cancels the analyses (reconcileAnalysisRuns), ignores
 * previewReplicaCount and the blue-green pause (isBlueGreenFastTracked), and promotes once the
 * new ReplicaSet is fully available: "Full promotion requested". */
static int promote_full(sim_t *s, service_t *sv, char *err, size_t n) {
    if (!update_in_progress(sv)) {
        snprintf(err, n, "%s: no update in progress to promote", sv->spec->name);
        return -1;
    }
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    bool was_aborted = sv->aborted;
    sv->argo.promote_full = true;
    sv->argo.spec_paused = false;
    sv->argo.pause = 0;
    sv->argo.controller_pause = false;
    sv->aborted = false;
    sv->argo.abort_pending = false;
    sv->strategy_gen++; /* a running pause timer no longer matters */
    argo_analysis_cancel_all(s, sv);
    const strategy_spec_t *st = &sv->spec->strategy;
    if (st->type == STRATEGY_CANARY) sv->step = st->step_count;
    sv->paused = false;
    sv->last_progress = model_now(s);
    if (sv->rollout_start < 0) sv->rollout_start = model_now(s); /* an aborted update goes on */
    model_decision(s, "rollout", obj, "promote --full",
                   "%severy remaining step%s skipped: %s gets all %d replicas and becomes stable "
                   "once they are available",
                   was_aborted ? "the abort is lifted; " : "",
                   st->type == STRATEGY_CANARY ? ", pause and analysis"
                                               : ", the pause and the preview",
                   s->rs[sv->new_rs].name, sv->replicas);
    return 0;
}

/* kubectl argo rollouts retry rollout: the status patch {"status":{"abort":false}}. The
 * controller starts the update over from the step the abort left (0); the first reconcile
 * still sees status.abortedAt, so needsNewAnalysisRun creates new runs (rollout/analysis.go). */
static int retry(sim_t *s, service_t *sv, char *err, size_t n) {
    if (!sv->aborted) {
        snprintf(err, n, "%s: nothing to retry (the rollout is not aborted)", sv->spec->name);
        return -1;
    }
    if (!update_in_progress(sv)) {
        snprintf(err, n, "%s: no update in progress to retry", sv->spec->name);
        return -1;
    }
    sv->aborted = false;
    sv->argo.abort_pending = false;
    sv->argo.spec_paused = false;
    sv->paused = false;
    sv->strategy_gen++;
    sv->last_progress = model_now(s);
    if (sv->rollout_start < 0) sv->rollout_start = model_now(s); /* the update goes on */
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    if (sv->spec->strategy.type == STRATEGY_CANARY)
        model_decision(s, "rollout", obj, "retry",
                       "status.abort = false: the update to revision %d starts over at step %d/%d",
                       new_revision(s, sv), sv->step + 1, sv->spec->strategy.step_count);
    else
        model_decision(s, "rollout", obj, "retry",
                       "status.abort = false: %s is scaled up behind the preview again",
                       s->rs[sv->new_rs].name);
    if (sv->spec->strategy.type == STRATEGY_CANARY) argo_canary_start(s, sv);
    return 0;
}

/* argo evaluateProgressDeadlineAbort (rollout/sync.go): with spec.progressDeadlineAbort, an
 * update that times out is aborted, with a Warning RolloutAborted of the timeout message. */
void strategy_argo_deadline_exceeded(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (!argo_is(sv->spec) || !sv->spec->strategy.progress_deadline_abort || sv->aborted ||
        sv->new_rs < 0)
        return;
    char obj[96], msg[128];
    argo_object(sv, obj, sizeof obj);
    snprintf(msg, sizeof msg, "ReplicaSet \"%s\" has timed out progressing.",
             s->rs[sv->new_rs].name);
    model_event(s, "Warning", "RolloutAborted", obj, "%s", msg);
    argo_abort(s, sv, msg);
}

int strategy_argo_action(sim_t *s, const action_t *a, char *err, size_t n) {
    service_t *sv = &s->services[a->service];
    const char *name = sv->spec->name;
    if (!argo_is(sv->spec)) {
        snprintf(err, n, "%s: %s needs a Canary or BlueGreen strategy", name,
                 action_names[a->action]);
        return -1;
    }
    ensure_init(s, sv);
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    switch (a->action) {
    case ACTION_PAUSE:
        sv->argo.spec_paused = true;
        sv->paused = true;
        if (sv->progress_timer) engine_cancel(s->eng, sv->progress_timer);
        sv->progress_timer = 0;
        model_decision(s, "rollout", obj, "paused",
                       "spec.paused = true: no ReplicaSet is scaled and no step advances until "
                       "promote (or resume)");
        return 0;
    case ACTION_PROMOTE:
        if (a->full) return promote_full(s, sv, err, n);
        if (sv->aborted) {
            snprintf(err, n,
                     "%s: the update to revision %d was aborted; promote does not resume it "
                     "(deploy or rollback)",
                     name, new_revision(s, sv));
            return -1;
        }
        if (!update_in_progress(sv) && !sv->argo.spec_paused) {
            snprintf(err, n, "%s: no update in progress to promote", name);
            return -1;
        }
        sv->argo.spec_paused = false;
        sv->last_progress = model_now(s);
        if (sv->spec->strategy.type == STRATEGY_CANARY) {
            argo_canary_promote_action(s, sv);
        } else if (sv->argo.pause) {
            sv->argo.pause = 0; /* the controller sees controllerPause without a condition */
            model_decision(s, "rollout", obj, "promote",
                           "pause conditions cleared: the active Service switches to %s",
                           s->rs[sv->new_rs].name);
        } else {
            model_decision(s, "rollout", obj, "promote",
                           "nothing to promote yet: %s is not paused for promotion (its pods are "
                           "not all available yet)",
                           s->rs[sv->new_rs].name);
        }
        sv->paused = sv->argo.pause != 0;
        return 0;
    case ACTION_RESTART:
        /* kubectl argo rollouts restart: spec.restartAt = now; no new ReplicaSet */
        sv->argo.restart_at = model_now(s);
        model_decision(s, "rollout", obj, "restart",
                       "spec.restartAt = %.3f s: the pods created before are evicted a few at a "
                       "time (maxUnavailable), the ReplicaSets replace them",
                       (double)model_now(s) / SIM_SEC);
        argo_timer(s, sv, model_now(s) + 1, ARGO_TIMER_WAKE, 0, 0);
        return 0;
    case ACTION_RETRY:
        return retry(s, sv, err, n);
    case ACTION_ABORT:
        if (!update_in_progress(sv)) {
            snprintf(err, n, "%s: no update in progress to abort", name);
            return -1;
        }
        if (sv->aborted) {
            snprintf(err, n, "%s: the update to revision %d is already aborted", name,
                     new_revision(s, sv));
            return -1;
        }
        argo_abort(s, sv, NULL);
        return 0;
    default:
        snprintf(err, n, "%s: %s is not a rollout action", name, action_names[a->action]);
        return -1;
    }
}

bool strategy_argo_progressed(sim_t *s, service_t *sv) {
    if (!argo_is(sv->spec) || !sv->argo.init) return false;
    bool moved = sv->argo.prog_step != sv->step || sv->argo.prog_stable != sv->argo.stable_rs;
    if (sv->spec->strategy.type == STRATEGY_BLUE_GREEN) /* argo: activeSelectorChange etc. */
        moved = sv->argo.prog_active != sv->argo.active_rs ||
                sv->argo.prog_preview != sv->argo.preview_rs;
    sv->argo.prog_step = sv->step;
    sv->argo.prog_stable = sv->argo.stable_rs;
    sv->argo.prog_active = sv->argo.active_rs;
    sv->argo.prog_preview = sv->argo.preview_rs;
    return moved;
}

/* argo: requeueStuckRollout and calculateRolloutConditions time a Rollout out only when it is
 * not paused, not at an indefinite step (isIndefiniteStep: a pause or analysis step) and not
 * waiting for an old ReplicaSet's scale-down deadline (isWaitingForReplicaSetScaleDown). */
bool strategy_argo_deadline_held(const sim_t *s, const service_t *sv) {
    if (!argo_is(sv->spec)) return false;
    if (sv->paused || sv->argo.pause || sv->argo.spec_paused) return true;
    const strategy_spec_t *st = &sv->spec->strategy;
    if (st->type == STRATEGY_CANARY && sv->step >= 0 && sv->step < st->step_count &&
        st->steps[sv->step].kind != CANARY_STEP_SET_WEIGHT)
        return true;
    for (int i = 0; i < sv->argo.sd_count; i++) {
        int ri = sv->argo.sd_rs[i];
        if (ri != sv->new_rs && ri != sv->argo.stable_rs && s->rs[ri].alive) return true;
    }
    return false;
}

void strategy_argo_timer(sim_t *s, const engine_event_t *ev) {
    service_t *sv = &s->services[ev->a];
    int kind = (int)(ev->b >> 40);
    int run = (int)((ev->b >> 32) & 0xff);
    uint32_t gen = (uint32_t)ev->b;
    switch (kind) {
    case ARGO_TIMER_WAKE: /* a scale-down deadline or autoPromotionSeconds: requeue */
        deploy_request_sync(s, sv->index);
        break;
    case ARGO_TIMER_PAUSE:
        if (gen == sv->strategy_gen) deploy_request_sync(s, sv->index);
        break;
    default:
        argo_analysis_timer(s, sv, kind, run, gen);
    }
}
