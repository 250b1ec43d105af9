/* strategy_canary: Argo Rollouts' canary (rollout/canary.go, trafficrouting.go). Steps
 * setWeight / pause / analysis; without a traffic router the weight is approximated by pod
 * counts (rollout_canary_basic_counts) and the Service sends traffic to every ready pod;
 * with an Ingress the canary gets ceil(weight x replicas / 100) pods, the stable stays full
 * and the Ingress splits requests by the exact weight. One sync = one reconcile of
 * rolloutCanary: traffic, analysis, ReplicaSets (a sync that scaled stops there), pause
 * step, status (promotion, abort, step completion). */
#include <stdio.h>
#include <string.h>

#include "deployment.h"
#include "kernel.h"
#include "strategy_argo.h"

typedef struct {
    const strategy_spec_t *st;
    int n;              /* steps */
    bool tr;            /* trafficRouting.ingress */
    int surge, unavail; /* maxSurge / maxUnavailable resolved against replicas */
    int new_rs, stable_rs;
    int others[ARGO_MAX_RS]; /* neither new nor stable, newest first */
    int other_count;
    bool pause_added; /* a pause condition was added in this sync */
    bool dynamic;     /* dynamicStableScale (traffic-routed only) */
    int prev_weight;  /* status.canary.weights at the start of this reconcile, -1 = none */
    rollout_canary_scale_t scale; /* the setCanaryScale step in force, when has_scale */
    bool has_scale;
} canary_t;

static rollout_rs_t as_math(const rs_t *rs) {
    rollout_rs_t m = {rs->desired, rs->available, rs->annotated, rs->ann_desired, rs->ann_max};
    return m;
}

static void fmt_iop(char *buf, size_t n, int_or_pct_t v) {
    if (v.percent)
        snprintf(buf, n, "%d%%", v.value);
    else
        snprintf(buf, n, "%d", v.value);
}

static void context(const sim_t *s, const service_t *sv, canary_t *c) {
    memset(c, 0, sizeof *c);
    c->st = &sv->spec->strategy;
    c->n = c->st->step_count;
    c->tr = c->st->traffic_router_ingress >= 0;
    c->surge = rollout_max_surge(true, c->st->max_surge, c->st->max_unavailable, sv->replicas);
    c->unavail =
        rollout_max_unavailable(true, c->st->max_surge, c->st->max_unavailable, sv->replicas);
    c->new_rs = sv->new_rs;
    c->stable_rs = sv->argo.stable_rs;
    c->other_count = argo_others(s, sv, c->new_rs, c->stable_rs, c->others);
    c->dynamic = c->tr && c->st->dynamic_stable_scale;
    c->prev_weight = sv->argo.weight;
    /* UseSetCanaryScale reads the last setCanaryScale at or before the current step */
    for (int i = sv->step < c->n ? sv->step : -1; i >= 0; i--) {
        const canary_step_t *st = &c->st->steps[i];
        if (st->kind != CANARY_STEP_SET_CANARY_SCALE) continue;
        c->scale = (rollout_canary_scale_t){st->scale_replicas, st->scale_weight,
                                            st->match_traffic_weight};
        c->has_scale = true;
        break;
    }
}

/* The rollout_canary_t of a traffic-routed canary now. */
static rollout_canary_t traffic_routed(const service_t *sv, const canary_t *c) {
    rollout_canary_t rc = {
        .replicas = sv->replicas,
        .steps = c->st->steps,
        .step_count = c->n,
        .current_step = sv->step,
        .promote_full = sv->argo.promote_full,
        .stable_is_current = c->stable_rs < 0 || c->stable_rs == c->new_rs,
        .abort = sv->aborted,
        .traffic_routing = true,
        .dynamic_stable_scale = c->dynamic,
        .abort_delay_zero = c->st->abort_scale_down_delay <= 0,
        .max_weight = ROLLOUT_MAX_WEIGHT,
        .canary_scale = c->has_scale ? &c->scale : NULL,
        .abort_delay_explicit =
            c->st->abort_scale_down_delay_set && c->st->abort_scale_down_delay > 0,
    };
    return rc;
}

/* argo: GetCurrentSetWeight — 0 when aborted, 100 with no current step, else the last
 * setWeight at or before the current step. */
int argo_canary_step_weight(const service_t *sv) {
    const strategy_spec_t *st = &sv->spec->strategy;
    if (sv->aborted) return 0;
    if (st->step_count == 0 || sv->step >= st->step_count) return 100;
    for (int i = sv->step; i >= 0; i--)
        if (st->steps[i].kind == CANARY_STEP_SET_WEIGHT) return st->steps[i].weight;
    return 0;
}

/* The canary and stable counts the controller drives toward now, given the canary weight the
 * router has (status.canary.weights; -1: none), which only dynamicStableScale reads. */
static void counts_w(const sim_t *s, const service_t *sv, const canary_t *c, int weight,
                     int *canary, int *stable) {
    const rs_t *nrs = &s->rs[c->new_rs];
    if (c->tr) {
        rollout_canary_t rc = traffic_routed(sv, c);
        rollout_weights_t w = {weight, ROLLOUT_MAX_WEIGHT - weight};
        rollout_rs_t nm = as_math(nrs), sm = {0};
        if (c->stable_rs >= 0) sm = as_math(&s->rs[c->stable_rs]);
        rollout_canary_traffic_routed_counts(&rc, weight >= 0 ? &w : NULL, &nm,
                                             c->stable_rs >= 0 ? &sm : NULL, canary, stable);
        return;
    }
    rollout_rs_t nm = as_math(nrs), sm = {0};
    const rollout_rs_t *sp = &nm; /* no separate stable: the new one is driven to replicas */
    if (c->stable_rs >= 0 && c->stable_rs != c->new_rs) {
        sm = as_math(&s->rs[c->stable_rs]);
        sp = &sm;
    }
    rollout_rs_t older[ARGO_MAX_RS];
    for (int i = 0; i < c->other_count; i++)
        older[i] = as_math(&s->rs[c->others[i]]);
    rollout_canary_basic_counts(sv->replicas, argo_canary_step_weight(sv), c->surge, c->unavail,
                                &nm, sp, older, c->other_count, canary, stable);
}

static void counts(const sim_t *s, const service_t *sv, const canary_t *c, int *canary,
                   int *stable) {
    counts_w(s, sv, c, sv->argo.weight, canary, stable);
}

/* The arithmetic behind the counts, for decisions.csv. */
static void explain(const sim_t *s, const service_t *sv, const canary_t *c, char *buf, size_t n) {
    int w = argo_canary_step_weight(sv);
    char ms[16], mu[16];
    fmt_iop(ms, sizeof ms, c->st->max_surge);
    fmt_iop(mu, sizeof mu, c->st->max_unavailable);
    if (c->stable_rs == c->new_rs) {
        snprintf(buf, n, "%s is stable: it gets all %d replicas", s->rs[c->new_rs].name,
                 sv->replicas);
    } else if (c->tr && (c->dynamic || (c->has_scale && !c->scale.match_traffic_weight))) {
        int ca, stb, fixed;
        rollout_canary_t rc = traffic_routed(sv, c);
        int dw = rollout_canary_weight(&rc, &fixed);
        counts_w(s, sv, c, c->prev_weight, &ca, &stb);
        if (fixed >= 0 || (c->has_scale && rc.canary_scale && !sv->aborted))
            snprintf(buf, n, "setCanaryScale: canary %d pods (%s), %s %d", ca,
                     fixed >= 0 ? "replicas" : "weight of spec.replicas",
                     c->dynamic ? "stable" : "stable stays at", stb);
        else
            snprintf(buf, n,
                     "%sdynamicStableScale, weight %d: canary ceil(%d x %d / 100) = %d pods, "
                     "stable max(ceil(%d x %d / 100), the share of the weight it still has) = %d",
                     sv->aborted ? "aborted, " : "", dw, dw, sv->replicas, ca, 100 - dw,
                     sv->replicas, stb);
    } else if (c->tr) {
        int k = rollout_traffic_weight_to_replicas(sv->replicas, w, ROLLOUT_MAX_WEIGHT);
        snprintf(buf, n,
                 "%ssetWeight %d: canary ceil(%d x %d / 100) = %d pods, stable stays at %d "
                 "(Ingress: the weight is exact, the pods only have to carry it)",
                 sv->aborted ? "aborted, " : "", w, w, sv->replicas, k, sv->replicas);
    } else {
        int ca, stb;
        rollout_approximate_weighted_counts(sv->replicas, w, ROLLOUT_MAX_WEIGHT, c->surge, &ca,
                                            &stb);
        snprintf(buf, n,
                 "%ssetWeight %d: canary %d / stable %d of %d (replica approximation, maxSurge "
                 "%s = %d, maxUnavailable %s = %d: at most %d pods, at least %d available)",
                 sv->aborted ? "aborted, " : "", w, ca, stb, ca + stb, ms, c->surge, mu, c->unavail,
                 sv->replicas + c->surge, sv->replicas - c->unavail);
    }
}

/* argo: AtDesiredReplicaCountsForCanary. */
static bool at_desired(const sim_t *s, const service_t *sv, const canary_t *c) {
    int dc, ds;
    counts(s, sv, c, &dc, &ds);
    const rs_t *nrs = &s->rs[c->new_rs];
    if (nrs->desired != dc || nrs->available != dc) return false; /* all desired available */
    if (c->stable_rs < 0) return false;
    const rs_t *st = &s->rs[c->stable_rs];
    /* only without dynamicStableScale is the stable checked */
    if (!c->dynamic && (st->desired != ds || st->active != ds)) return false;
    if (!c->tr) /* a basic canary's older ReplicaSets serve traffic: they must be gone */
        for (int i = 0; i < c->other_count; i++)
            if (s->rs[c->others[i]].available) return false;
    return true;
}

static void step_string(const canary_step_t *st, char *buf, size_t n) {
    char d[20];
    switch (st->kind) {
    case CANARY_STEP_SET_WEIGHT:
        snprintf(buf, n, "setWeight: %d", st->weight);
        break;
    case CANARY_STEP_PAUSE:
        if (st->duration < 0) {
            snprintf(buf, n, "pause");
        } else {
            argo_fmt_duration(d, sizeof d, st->duration);
            snprintf(buf, n, "pause: %s", d);
        }
        break;
    case CANARY_STEP_ANALYSIS:
        snprintf(buf, n, "analysis");
        break;
    case CANARY_STEP_SET_CANARY_SCALE: /* argo CanaryStepString */
        if (st->scale_weight >= 0)
            snprintf(buf, n, "setCanaryScale{weight: %d}", st->scale_weight);
        else if (st->match_traffic_weight)
            snprintf(buf, n, "setCanaryScale{matchTrafficWeight: true}");
        else
            snprintf(buf, n, "setCanaryScale{replicas: %d}", st->scale_replicas);
        break;
    }
}

/* A decision row when a step begins: what the step will do, with its arithmetic. */
static void step_decision(sim_t *s, service_t *sv, const canary_t *c) {
    if (sv->step >= c->n) return;
    const canary_step_t *st = &c->st->steps[sv->step];
    char obj[96], dec[80], what[48], why[256];
    argo_object(sv, obj, sizeof obj);
    step_string(st, what, sizeof what);
    snprintf(dec, sizeof dec, "step %d/%d: %s", sv->step + 1, c->n, what);
    switch (st->kind) {
    case CANARY_STEP_SET_WEIGHT:
    case CANARY_STEP_SET_CANARY_SCALE:
        explain(s, sv, c, why, sizeof why);
        break;
    case CANARY_STEP_PAUSE:
        if (st->duration < 0)
            snprintf(why, sizeof why, "waits for a promote (or resume) action");
        else
            snprintf(why, sizeof why, "waits %s, then goes on", what + 7);
        break;
    case CANARY_STEP_ANALYSIS:
        if ((st->has_analysis ? &st->analysis : &c->st->analysis)->count > 0)
            snprintf(why, sizeof why, "a step AnalysisRun%s: done after %d successful measurements",
                     st->has_analysis ? " with the step's own thresholds" : "",
                     (st->has_analysis ? &st->analysis : &c->st->analysis)->count);
        else
            snprintf(why, sizeof why,
                     "a step AnalysisRun without count measures until promote (Argo: it never "
                     "completes by itself)");
        break;
    }
    model_decision(s, "rollout", obj, dec, "%s", why);
}

/* ---- traffic (reconcileTrafficRouting) ---- */

static void set_route(service_t *sv, const canary_t *c) {
    sv->route = ROUTE_WEIGHTED;
    sv->route_rs[0] = c->stable_rs;
    sv->route_rs[1] = c->stable_rs == c->new_rs ? -1 : c->new_rs;
    sv->route_weight = sv->argo.weight < 0 ? 0 : sv->argo.weight;
}

/* argo calculateDesiredWeightOnAbortOrStableRollback: 0 at once, or with dynamicStableScale
 * the weight steps down only as the stable's available pods can take it back. */
static int abort_weight(const sim_t *s, const service_t *sv, const canary_t *c) {
    if (!c->dynamic || c->stable_rs < 0 || sv->replicas == 0) return 0;
    rollout_canary_t rc = traffic_routed(sv, c);
    rollout_rs_t nm = as_math(&s->rs[c->new_rs]), sm = as_math(&s->rs[c->stable_rs]);
    int fixed, want = rollout_canary_desired_weight(&rc, &nm, &sm, &fixed);
    int stable_share = ROLLOUT_MAX_WEIGHT * sm.available / sv->replicas;
    int expected = ROLLOUT_MAX_WEIGHT - stable_share;
    if (expected < 0) expected = 0;
    if (sv->argo.weight < 0) return expected > want ? expected : want;
    int current = sv->argo.weight;
    if (want <= 0) return expected < current ? expected : current;
    if (stable_share < ROLLOUT_MAX_WEIGHT - want) return current; /* the stable still scales up */
    return want < current ? want : current;
}

static void reconcile_weight(sim_t *s, service_t *sv, const canary_t *c) {
    const rs_t *nrs = &s->rs[c->new_rs];
    int desired = 0;
    const char *why = "";
    if (c->stable_rs == c->new_rs) {
        why = "fully promoted: the stable Service selects the new pods";
    } else if (sv->aborted) {
        desired = abort_weight(s, sv, c);
        why = c->dynamic ? "aborted with dynamicStableScale: traffic back to stable as fast as "
                           "its available pods can carry it"
                         : "aborted: all traffic back to stable";
    } else if (nrs->available == 0) {
        why = "the canary has no available pod: never weight to it";
    } else if (sv->argo.promote_full && c->dynamic) {
        desired = ROLLOUT_MAX_WEIGHT * nrs->available / sv->replicas;
        why = "promote --full with dynamicStableScale: the canary's available share";
    } else if (sv->argo.promote_full) {
        desired = sv->argo.weight < 0 ? 0 : sv->argo.weight;
        why = "promote --full: the weight holds until the canary is fully available";
    } else if (c->n > 0) {
        if (!at_desired(s, sv, c)) {
            for (int i = sv->step - 1; i >= 0; i--)
                if (c->st->steps[i].kind == CANARY_STEP_SET_WEIGHT) {
                    desired = c->st->steps[i].weight;
                    break;
                }
            why = "pods not yet at the step's counts: the previous setWeight holds";
        } else if (sv->step != c->n) {
            desired = argo_canary_step_weight(sv);
            why = "pods at the step's counts: the step's setWeight";
        } else {
            desired = 100;
            why = "all steps done: every request to the canary before it becomes stable";
        }
    }
    /* argo: checkReplicasAvailable — the stable must be able to carry its share */
    if (c->stable_rs >= 0) {
        int need = (100 - desired) * sv->replicas / 100;
        if (s->rs[c->stable_rs].available < need) return;
    }
    if (desired != sv->argo.weight) {
        char obj[96];
        argo_object(sv, obj, sizeof obj);
        if (sv->argo.weight < 0)
            model_event(s, "Normal", "TrafficWeightUpdated", obj, "Traffic weight updated to %d",
                        desired);
        else
            model_event(s, "Normal", "TrafficWeightUpdated", obj,
                        "Traffic weight updated from %d to %d", sv->argo.weight, desired);
        model_decision(s, "rollout", obj, "ingress weight",
                       "%d%% of requests to the canary, %d%% to stable: %s", desired, 100 - desired,
                       why);
        sv->argo.weight = desired;
    }
    set_route(sv, c);
}

/* ---- ReplicaSets (reconcileCanaryReplicaSets) ---- */

/* argo: scaleDownOldReplicaSetsForCanary — unhealthy pods first, then within the
 * availability budget; with a router, the previous stable waits for its scale-down delay. */
static bool scale_down_others(sim_t *s, service_t *sv, const canary_t *c) {
    int idx[ARGO_MAX_RS], n = 0;
    for (int i = 0; i < c->other_count; i++)
        if (s->rs[c->others[i]].desired > 0) idx[n++] = c->others[i];
    if (n == 0) return false;
    int total = 0;
    /* cleanupUnhealthyReplicas: oldest (creation) first */
    for (int pass = n - 1; pass >= 0; pass--) {
        int best = -1;
        for (int i = 0; i < n; i++) {
            int ri = idx[i];
            const rs_t *rs = &s->rs[ri];
            if (rs->desired == 0 || rs->desired == rs->available) continue;
            if (best < 0 || ri < best) best = ri;
        }
        if (best < 0) break;
        const rs_t *rs = &s->rs[best];
        int down = rs->desired - rs->available;
        char why[160];
        snprintf(why, sizeof why, "old ReplicaSet: its %d unavailable pods go first", down);
        argo_scale(s, sv, best, rs->available, why);
        total += down;
    }
    int available = 0;
    for (int i = 0; i < sv->rs_count; i++)
        available += s->rs[sv->rs[i]].available;
    int min_available = sv->replicas - c->unavail;
    int budget = available - min_available;
    if (budget <= 0) return total > 0;
    bool promoted = c->stable_rs == c->new_rs;
    int annotated = 0;
    for (int i = 0; i < n; i++) {
        int ri = idx[i];
        const rs_t *rs = &s->rs[ri];
        /* argo isReplicaSetReferenced: the canary Service still selects the intermediate
         * ReplicaSet of an interrupted update until the new one has an available pod */
        if (c->tr && ri == sv->argo.canary_svc_rs) continue;
        if (budget <= 0) break;
        if (rs->desired == 0) continue;
        int want = 0;
        char why[256];
        if (!c->tr) {
            if (rs->desired > budget) want = rs->desired - budget;
            snprintf(why, sizeof why,
                     "old ReplicaSet: %d available, minAvailable %d - %d = %d, so up to %d pods "
                     "may go",
                     available, sv->replicas, c->unavail, min_available, budget);
        } else if ((promoted || argo_deadline(sv, ri) >= 0) && c->dynamic) {
            snprintf(why, sizeof why,
                     "previous stable with dynamicStableScale: no traffic left, scaled to 0 now");
        } else if (promoted || argo_deadline(sv, ri) >= 0) {
            want = argo_delay_helper(s, sv, ri, c->st->scale_down_delay, rs->desired, &annotated);
            snprintf(why, sizeof why,
                     want > 0 ? "previous stable: kept until its scale-down delay passes"
                              : "previous stable: its scale-down delay has passed");
        } else {
            snprintf(why, sizeof why,
                     "intermediate ReplicaSet of an interrupted update: no traffic goes to it");
        }
        if (rs->desired == want) continue;
        int down = rs->desired - want;
        argo_scale(s, sv, ri, want, why);
        budget -= down;
        total += down;
    }
    return total > 0;
}

static bool reconcile_replicasets(sim_t *s, service_t *sv, const canary_t *c) {
    if (sv->argo.spec_paused || (sv->argo.pause & ARGO_PAUSE_INCONCLUSIVE)) return false;
    /* removeScaleDownDeadlines: the new and stable ReplicaSets are not going away */
    if (!argo_abort_delays(sv)) argo_clear_deadline(sv, c->new_rs);
    if (c->stable_rs >= 0) argo_clear_deadline(sv, c->stable_rs);
    /* the stable from the weights the reconcile started with (reconcileCanaryStableReplicaSet
     * reads rollout.Status, so it lags a weight change by a reconcile), the canary from the
     * weights just set (NewRSNewReplicas reads newStatus) */
    int dc, ds, unused;
    counts_w(s, sv, c, c->prev_weight, &unused, &ds);
    counts(s, sv, c, &dc, &unused);
    char why[256];
    explain(s, sv, c, why, sizeof why);
    if (c->stable_rs >= 0 && c->stable_rs != c->new_rs && argo_scale(s, sv, c->stable_rs, ds, why))
        return true;
    int count = dc;
    if (!argo_hold_new_on_abort(s, sv, &count) && argo_scale(s, sv, c->new_rs, count, why))
        return true;
    return scale_down_others(s, sv, c);
}

/* argo: reconcileCanaryPause — at a pause step, the controller pauses the rollout once. */
static void reconcile_pause(sim_t *s, service_t *sv, canary_t *c) {
    if (sv->argo.spec_paused || sv->argo.promote_full || c->n == 0 || sv->step >= c->n) return;
    const canary_step_t *st = &c->st->steps[sv->step];
    if (st->kind != CANARY_STEP_PAUSE) return;
    if ((sv->argo.pause & ARGO_PAUSE_CANARY_STEP) || sv->argo.controller_pause) return;
    argo_pause_add(s, sv, ARGO_PAUSE_CANARY_STEP);
    c->pause_added = true;
    if (st->duration >= 0)
        argo_timer(s, sv, model_now(s) + st->duration, ARGO_TIMER_PAUSE, 0, sv->strategy_gen);
}

/* ---- status (syncRolloutStatusCanary) ---- */

static bool completed_step(const sim_t *s, const service_t *sv, const canary_t *c) {
    /* an inconclusive analysis pauses the rollout: no step advances until promote/resume */
    if (sv->argo.spec_paused || (sv->argo.pause & ARGO_PAUSE_INCONCLUSIVE) || sv->step >= c->n)
        return false;
    const canary_step_t *st = &c->st->steps[sv->step];
    switch (st->kind) {
    case CANARY_STEP_PAUSE: /* argo: CompletedCanaryPauseStep */
        if (sv->argo.controller_pause && !sv->argo.pause)
            return true; /* a promote removed the condition */
        return st->duration >= 0 && (sv->argo.pause & ARGO_PAUSE_CANARY_STEP) && !c->pause_added &&
               model_now(s) >= sv->argo.pause_start[0] + st->duration;
    case CANARY_STEP_SET_WEIGHT:
    case CANARY_STEP_SET_CANARY_SCALE: /* completedCurrentCanaryStep */
        return at_desired(s, sv, c);
    case CANARY_STEP_ANALYSIS:
        return argo_step_analysis_successful(sv);
    }
    return false;
}

/* argo: shouldFullPromote for a canary. */
static const char *full_promote_reason(const sim_t *s, const service_t *sv, const canary_t *c,
                                       char *buf, size_t n) {
    if (sv->aborted || c->stable_rs < 0) return NULL;
    if (s->rs[c->new_rs].available < sv->replicas) return NULL;
    if (sv->argo.promote_full) return "Full promotion requested";
    if (c->stable_rs == c->new_rs) return "Fast rollback";
    if (c->n == 0 || sv->step == c->n) {
        snprintf(buf, n, "Completed all %d canary steps", c->n);
        return buf;
    }
    return NULL;
}

static void sync_status(sim_t *s, service_t *sv, canary_t *c) {
    char reason[64];
    const char *why = full_promote_reason(s, sv, c, reason, sizeof reason);
    if (why) {
        argo_promote_stable(s, sv, why);
        return;
    }
    if (sv->aborted) {
        sv->step = c->stable_rs == c->new_rs ? c->n : 0;
        return;
    }
    if (!completed_step(s, sv, c)) return;
    char what[48];
    step_string(&c->st->steps[sv->step], what, sizeof what);
    sv->step++;
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    model_event(s, "Normal", "RolloutStepCompleted", obj, "Rollout step %d/%d completed (%s)",
                sv->step, c->n, what);
    argo_pause_remove(s, sv, ARGO_PAUSE_CANARY_STEP);
    step_decision(s, sv, c);
    deploy_request_sync(s, sv->index);
}

/* argo reconcileStableAndCanaryService / ensureSVCTargets: the canary Service follows the new
 * ReplicaSet once it has an available pod (IsReplicaSetPartiallyAvailable); an abort points
 * it back to the stable. The model has no Service object for it, only its selector. */
static void reconcile_canary_service(const sim_t *s, service_t *sv, const canary_t *c) {
    if (sv->aborted && c->stable_rs >= 0)
        sv->argo.canary_svc_rs = c->stable_rs;
    else if (s->rs[c->new_rs].available > 0 || c->stable_rs == c->new_rs)
        sv->argo.canary_svc_rs = c->new_rs;
}

void argo_canary_sync(sim_t *s, service_t *sv) {
    canary_t c;
    context(s, sv, &c);
    reconcile_canary_service(s, sv, &c);
    if (c.tr)
        reconcile_weight(s, sv, &c);
    else
        sv->route = ROUTE_ALL;
    bool paused = argo_analysis_reconcile(s, sv);
    /* argo rolloutCanary: an inconclusive pause ends the reconcile; an abort decided by the
     * analysis already applies to the ReplicaSets of this reconcile (pauseContext.IsAborted),
     * and the traffic follows in the next one, as reconcileTrafficRouting ran before */
    if (!paused && !reconcile_replicasets(s, sv, &c)) reconcile_pause(s, sv, &c);
    sync_status(s, sv, &c);
}

/* The decision row of the first step of a new update. */
void argo_canary_start(sim_t *s, service_t *sv) {
    canary_t c;
    context(s, sv, &c);
    step_decision(s, sv, &c);
}

/* argo: CalculateRolloutPhase (utils/rollout/rolloututil.go) is Healthy for a canary once
 * every step ran and the new ReplicaSet is stable, with all replicas updated and available.
 * Only a basic canary also waits for the old pods to be gone ("old replicas are pending
 * termination"): with a traffic router the previous stable keeps its pods for
 * scaleDownDelaySeconds, and the phase is Healthy meanwhile. */
bool argo_canary_healthy(const sim_t *s, const service_t *sv) {
    const strategy_spec_t *st = &sv->spec->strategy;
    if (st->step_count > 0 && sv->step != st->step_count) return false;
    if (sv->argo.stable_rs != sv->new_rs) return false;
    int active = 0, available = 0;
    for (int i = 0; i < sv->rs_count; i++) {
        active += s->rs[sv->rs[i]].active;
        available += s->rs[sv->rs[i]].available;
    }
    int updated = s->rs[sv->new_rs].active;
    if (updated < sv->replicas || available < updated) return false;
    return st->traffic_router_ingress >= 0 || active <= updated;
}

/* kubectl argo rollouts promote (without --full): clear the pause conditions, or, when
 * none, skip the current step. */
void argo_canary_promote_action(sim_t *s, service_t *sv) {
    const strategy_spec_t *st = &sv->spec->strategy;
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    if ((sv->argo.pause & ARGO_PAUSE_INCONCLUSIVE) && sv->argo.controller_pause &&
        argo_step_analysis_inconclusive(sv)) {
        sv->argo.pause = 0;
        if (sv->step < st->step_count) sv->step++;
        model_decision(s, "rollout", obj, "promote",
                       "inconclusive step analysis: pause cleared and the analysis step skipped");
    } else if (sv->argo.pause) {
        sv->argo.pause = 0;
        model_decision(s, "rollout", obj, "promote",
                       "pause conditions cleared: the rollout goes on");
    } else if (sv->step < st->step_count) {
        char what[48];
        step_string(&st->steps[sv->step], what, sizeof what);
        sv->step++;
        model_decision(s, "rollout", obj, "promote", "step %d/%d (%s) skipped", sv->step,
                       st->step_count, what);
        canary_t c;
        context(s, sv, &c);
        step_decision(s, sv, &c);
    } else {
        model_decision(s, "rollout", obj, "promote", "no step left: the rollout completes");
    }
}
