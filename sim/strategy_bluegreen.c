/* strategy_bluegreen: Argo Rollouts' blue-green (rollout/bluegreen.go, service.go). The new
 * ReplicaSet is scaled to full size (or previewReplicaCount) behind the preview Service,
 * which gets no traffic; once all its pods are available, promotion (automatic, after
 * autoPromotionSeconds, or a promote action) switches the active Service's selector at once;
 * the old ReplicaSet is scaled down scaleDownDelaySeconds later. A prePromotionAnalysis
 * (strategy_analysis.c) must succeed on the preview first: the pause and the switch wait for
 * it, and its failure aborts before the switch. */
#include <stdio.h>

#include "deployment.h"
#include "kernel.h"
#include "strategy_argo.h"

typedef struct {
    const strategy_spec_t *st;
    int new_rs, stable_rs;
    bool fast;        /* fast-tracked: back to stable, or to a ReplicaSet still in its delay */
    bool pause_added; /* the BlueGreenPause condition was added in this sync */
} bluegreen_t;

/* argo: NewRSNewReplicas for blue-green (previewReplicaCount until the checkpoint). */
static int new_target(const service_t *sv, const bluegreen_t *c) {
    if (c->st->preview_replica_count <= 0) return sv->replicas;
    if (sv->argo.active_rs < 0 || sv->argo.active_rs == c->new_rs) return sv->replicas;
    if (sv->argo.promote_full) return sv->replicas; /* previewReplicaCount ignored */
    bool not_paused = !sv->argo.spec_paused && sv->argo.pause == 0;
    if (not_paused && sv->argo.checkpoint) return sv->replicas;
    return c->st->preview_replica_count;
}

/* argo: ReadyForPause — the new ReplicaSet has all its desired pods available. */
static bool ready_for_pause(const sim_t *s, const service_t *sv, const bluegreen_t *c) {
    int t = new_target(sv, c);
    const rs_t *rs = &s->rs[c->new_rs];
    return rs->desired == t && rs->available == t;
}

static bool saturated(const sim_t *s, const service_t *sv, const bluegreen_t *c) {
    const rs_t *rs = &s->rs[c->new_rs];
    return rs->desired == sv->replicas && rs->available == sv->replicas;
}

/* argo isBlueGreenFastTracked (promote --full too) */
static bool fast_tracked(const service_t *sv, const bluegreen_t *c) {
    return c->fast || sv->argo.promote_full || sv->argo.active_rs < 0 ||
           sv->argo.active_rs == c->new_rs;
}

static sim_time_t auto_seconds(const bluegreen_t *c) {
    return c->st->auto_promotion_seconds > 0 ? c->st->auto_promotion_seconds : 0;
}

/* argo: CompletedBlueGreenPause. After a promote (controllerPause without the condition) it
 * counts as completed with autoPromotionSeconds too (Argo would wait for a pause that never
 * comes back; a model choice, see README). */
static bool completed_pause(const sim_t *s, const service_t *sv, const bluegreen_t *c) {
    if (c->pause_added) return false;
    if (sv->argo.checkpoint) return true;
    bool cond = sv->argo.pause & ARGO_PAUSE_BLUE_GREEN;
    if (c->st->auto_promotion_enabled) {
        sim_time_t secs = auto_seconds(c);
        if (secs == 0) return true;
        if (cond) return model_now(s) >= sv->argo.pause_start[2] + secs;
        return sv->argo.controller_pause;
    }
    return sv->argo.controller_pause && !cond;
}

/* svc: NULL for the active Service (named like the service), else the preview Service's name. */
static void switch_service(sim_t *s, service_t *sv, const char *svc, int *selector, int to,
                           const char *why) {
    if (*selector == to) return;
    char obj[96], name[80];
    argo_object(sv, obj, sizeof obj);
    snprintf(name, sizeof name, "%s", svc ? svc : sv->spec->name);
    model_event(s, "Normal", "SwitchService", obj,
                "Switched selector for service '%s' from '%s' to '%s'", name,
                *selector >= 0 ? s->rs[*selector].hash : "", to >= 0 ? s->rs[to].hash : "");
    model_decision(s, "rollout", obj, svc ? "preview service" : "active service",
                   "Service %s selects %s (%s) now: %s", name, to >= 0 ? s->rs[to].name : "-",
                   to >= 0 ? sv->spec->versions[s->rs[to].version].name : "-", why);
    *selector = to;
}

static void reconcile_replicasets(sim_t *s, service_t *sv, const bluegreen_t *c) {
    if (!argo_abort_delays(sv)) argo_clear_deadline(sv, c->new_rs);
    if (c->stable_rs >= 0) argo_clear_deadline(sv, c->stable_rs);
    char why[200];
    if (c->stable_rs >= 0 && c->stable_rs != c->new_rs) {
        snprintf(why, sizeof why, "the stable (active) ReplicaSet keeps all %d replicas",
                 sv->replicas);
        argo_scale(s, sv, c->stable_rs, sv->replicas, why);
    }
    int count = new_target(sv, c);
    if (!argo_hold_new_on_abort(s, sv, &count)) {
        if (count == 0)
            snprintf(why, sizeof why, "aborted: the preview is scaled down");
        else if (count < sv->replicas)
            snprintf(why, sizeof why, "previewReplicaCount %d until promotion", count);
        else
            snprintf(why, sizeof why, "the new ReplicaSet gets all %d replicas behind the preview",
                     count);
        argo_scale(s, sv, c->new_rs, count, why);
    }
    /* scaleDownOldReplicaSetsForBlueGreen: not referenced by a Service, after the delay */
    int others[ARGO_MAX_RS];
    int n = argo_others(s, sv, c->new_rs, c->stable_rs, others), annotated = 0;
    for (int i = 0; i < n; i++) {
        int ri = others[i];
        if (ri == sv->argo.active_rs || ri == sv->argo.preview_rs || s->rs[ri].desired == 0)
            continue;
        int want = argo_delay_helper(s, sv, ri, c->st->scale_down_delay, sv->replicas, &annotated);
        if (want != s->rs[ri].desired)
            argo_scale(s, sv, ri, want, "old ReplicaSet: its scale-down delay has passed");
    }
}

/* argo: reconcileBlueGreenPause. */
static void reconcile_pause(sim_t *s, service_t *sv, bluegreen_t *c) {
    if (sv->aborted || !ready_for_pause(s, sv, c) || sv->argo.spec_paused) return;
    if (fast_tracked(sv, c) || sv->argo.checkpoint ||
        !(!c->st->auto_promotion_enabled || auto_seconds(c) > 0)) {
        argo_pause_remove(s, sv, ARGO_PAUSE_BLUE_GREEN);
        return;
    }
    if (!argo_pre_promotion_done(sv)) return; /* "not ready for pause: prePromotionAnalysis" */
    if (sv->argo.pause & ARGO_PAUSE_BLUE_GREEN) {
        if (completed_pause(s, sv, c)) argo_pause_remove(s, sv, ARGO_PAUSE_BLUE_GREEN);
        return;
    }
    if (sv->argo.controller_pause) return; /* a promote cleared it */
    argo_pause_add(s, sv, ARGO_PAUSE_BLUE_GREEN);
    c->pause_added = true;
    char obj[96];
    argo_object(sv, obj, sizeof obj);
    if (c->st->auto_promotion_enabled) {
        char d[32];
        argo_fmt_duration(d, sizeof d, auto_seconds(c));
        argo_timer(s, sv, model_now(s) + auto_seconds(c), ARGO_TIMER_PAUSE, 0, sv->strategy_gen);
        model_decision(s, "rollout", obj, "BlueGreenPause",
                       "all %d preview pods available: promotion in autoPromotionSeconds %s",
                       s->rs[c->new_rs].available, d);
    } else {
        model_decision(s, "rollout", obj, "BlueGreenPause",
                       "all %d preview pods available; autoPromotionEnabled false: waits for a "
                       "promote action",
                       s->rs[c->new_rs].available);
    }
}

/* argo: reconcileActiveService — switch at once, only to a fully available ReplicaSet. */
static void reconcile_active(sim_t *s, service_t *sv, const bluegreen_t *c) {
    if (sv->argo.spec_paused) return;
    if (!ready_for_pause(s, sv, c) || !saturated(s, sv, c)) return;
    int target = sv->argo.active_rs;
    const char *why = "";
    if (fast_tracked(sv, c)) {
        target = c->new_rs;
        why = "fast-tracked (back to a ReplicaSet that is still up)";
    }
    if (completed_pause(s, sv, c) && argo_pre_promotion_done(sv)) {
        target = c->new_rs;
        why = sv->spec->strategy.pre_promotion.enabled
                  ? "its prePromotionAnalysis succeeded and promotion is due"
                  : "all its pods are available and promotion is due";
    }
    if (sv->aborted) {
        target = c->stable_rs;
        why = "aborted: back to stable";
    }
    switch_service(s, sv, NULL, &sv->argo.active_rs, target, why);
}

static void sync_status(sim_t *s, service_t *sv, const bluegreen_t *c) {
    const char *reason = NULL;
    if (sv->argo.active_rs == c->new_rs) {
        if (sv->argo.promote_full)
            reason = "Full promotion requested";
        else if (c->fast)
            reason = "Fast rollback";
        else if (!sv->aborted && argo_post_promotion_done(sv))
            reason = "Completed blue-green update";
    }
    if (reason) {
        argo_promote_stable(s, sv, reason);
        return;
    }
    /* calculateScaleUpPreviewCheckPoint: a one-way trip-wire */
    if (c->st->preview_replica_count > 0 && !sv->argo.checkpoint && completed_pause(s, sv, c) &&
        argo_pre_promotion_done(sv) && s->rs[c->new_rs].available == c->st->preview_replica_count) {
        sv->argo.checkpoint = true;
        deploy_request_sync(s, sv->index);
    }
}

void argo_bluegreen_sync(sim_t *s, service_t *sv) {
    bluegreen_t c = {&sv->spec->strategy, sv->new_rs, sv->argo.stable_rs, false, false};
    c.fast = argo_fast_rollback(s, sv); /* before the deadlines are removed below */
    /* argo reconcilePreviewService: only when spec.strategy.blueGreen.previewService names one */
    const char *preview = sv->spec->strategy.preview_service;
    if (!sv->argo.spec_paused && preview)
        switch_service(s, sv, preview, &sv->argo.preview_rs, c.new_rs,
                       "the preview Service always selects the newest template");
    reconcile_replicasets(s, sv, &c);
    reconcile_pause(s, sv, &c);
    reconcile_active(s, sv, &c);
    argo_analysis_reconcile_bluegreen(s, sv);
    sync_status(s, sv, &c);
    sv->route = ROUTE_ACTIVE;
    sv->route_rs[0] = sv->argo.active_rs;
    sv->route_rs[1] = -1;
    sv->route_weight = 0;
}

/* argo: RolloutHealthy for blue-green — the new ReplicaSet is stable (after a post-promotion
 * analysis, once it succeeded), the active Service (and the preview Service, when there is
 * one) selects it, and it has every replica updated and available. */
bool argo_bluegreen_healthy(const sim_t *s, const service_t *sv) {
    const rs_t *rs = &s->rs[sv->new_rs];
    bool preview = !sv->spec->strategy.preview_service || sv->argo.preview_rs == sv->new_rs;
    return sv->argo.active_rs == sv->new_rs && sv->argo.stable_rs == sv->new_rs && preview &&
           rs->active == sv->replicas && rs->available == sv->replicas;
}
