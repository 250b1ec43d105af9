/* deployment: the Deployment controller of each service. Like Kubernetes it reconciles on
 * every change of its ReplicaSets: one step per sync (a sync that scaled the new ReplicaSet
 * ends there), RollingUpdate and Recreate by the arithmetic of rollout_math.c, proportional
 * scaling when replicas change mid-rollout, revision history, rollback, pause, progress
 * deadline. Canary and BlueGreen (Argo Rollouts) live in their own files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bare.h"
#include "deployment.h"
#include "kernel.h"
#include "kubelet.h"
#include "model.h"
#include "notify.h"
#include "replicaset.h"
#include "rollout_math.h"
#include "strategy.h"
#include "strategy_argo.h"

/* The hooks of each strategy: their part of the strategy table (sim/strategies.def). */
#define STRATEGY(kind, name, key, flags, load, ...) [kind] = {__VA_ARGS__},
static const strategy_def_t STRATEGIES[STRATEGY_KIND_COUNT] = {
#include "strategies.def"
};
#undef STRATEGY

static const strategy_def_t *def_of(const service_spec_t *spec) {
    return &STRATEGIES[spec->strategy.type];
}

/* Every kind but Recreate overlaps old and new pods by maxSurge / maxUnavailable. */
static bool is_rolling(const service_spec_t *spec) {
    return (strategy_type_flags(spec->strategy.type) & STRATEGY_F_SURGE) != 0;
}

/* Canary and BlueGreen services are Argo Rollouts (strategy_argo.c): the object is a Rollout. */
static bool is_argo(const service_spec_t *spec) {
    return (strategy_type_flags(spec->strategy.type) & STRATEGY_F_ROLLOUT) != 0;
}

static void object_name(const service_t *sv, char *buf, size_t n) {
    snprintf(buf, n, "%s/%s", is_argo(sv->spec) ? "Rollout" : "Deployment", sv->spec->name);
}

static void fenceposts(const service_t *sv, int *surge, int *unavailable) {
    const strategy_spec_t *st = &sv->spec->strategy;
    if (!is_rolling(sv->spec)) {
        *surge = 0;
        *unavailable = 0;
        return;
    }
    rollout_resolve_fenceposts(st->max_surge, st->max_unavailable, sv->replicas, surge,
                               unavailable);
}

/* Scales a ReplicaSet on behalf of the Deployment, with Kubernetes' event wording. */
static void scale_rs(sim_t *s, int service, int ri, int to, const char *why) {
    service_t *sv = &s->services[service];
    rs_t *rs = &s->rs[ri];
    int from = rs->desired;
    if (from == to) return;
    int surge, unavail;
    fenceposts(sv, &surge, &unavail);
    rs->ann_desired = sv->replicas;
    rs->ann_max = sv->replicas + surge;
    rs->annotated = true;
    char obj[96];
    snprintf(obj, sizeof obj, "Deployment/%s", sv->spec->name);
    model_event(s, "Normal", "ScalingReplicaSet", obj, "Scaled %s replica set %s from %d to %d",
                to > from ? "up" : "down", rs->name, from, to);
    char dec[192];
    snprintf(dec, sizeof dec, "scale %s (%s) %d -> %d", rs->name,
             sv->spec->versions[rs->version].name, from, to);
    model_decision(s, "deployment", obj, dec, "%s", why);
    rs_scale(s, ri, to);
}

static rollout_rs_t as_math(const rs_t *rs) {
    rollout_rs_t m = {rs->desired, rs->available, rs->annotated, rs->ann_desired, rs->ann_max};
    return m;
}

/* Old ReplicaSets in creation order (oldest first), those with pods or a desired count. */
static int old_sets(sim_t *s, service_t *sv, int *idx) {
    int n = 0;
    for (int i = 0; i < sv->rs_count; i++) {
        int ri = sv->rs[i];
        if (ri == sv->new_rs) continue;
        if (s->rs[ri].desired > 0 || s->rs[ri].pod_count > 0) idx[n++] = ri;
    }
    /* oldest first by creation (k8s ReplicaSetsByCreationTimestamp; a rollback gives an old
     * ReplicaSet a new revision but not a new creation time). ReplicaSets are created in
     * index order. */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && idx[j] < idx[j - 1]; j--) {
            int t = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = t;
        }
    return n;
}

static rollout_status_t status_of(sim_t *s, service_t *sv) {
    rollout_status_t st = {0, 0, 0, 0};
    for (int i = 0; i < sv->rs_count; i++) {
        const rs_t *rs = &s->rs[sv->rs[i]];
        st.replicas += rs->active;
        st.ready += rs->ready;
        st.available += rs->available;
        if (sv->rs[i] == sv->new_rs) st.updated = rs->active;
    }
    return st;
}

/* Proportional scaling (k8s sync.go scale()): when replicas change mid-rollout, spread the
 * difference over the active ReplicaSets by their size. Returns true when it scaled. */
static bool proportional(sim_t *s, service_t *sv) {
    int idx[64], n = 0;
    rollout_rs_t m[64];
    int new_index = -1;
    for (int i = 0; i < sv->rs_count && n < 64; i++) {
        int ri = sv->rs[i];
        if (s->rs[ri].desired <= 0 && ri != sv->new_rs) continue;
        if (ri == sv->new_rs) new_index = n;
        idx[n] = ri;
        m[n] = as_math(&s->rs[ri]);
        n++;
    }
    if (!rollout_is_scaling_event(m, n, sv->replicas)) return false;
    int surge, unavail;
    fenceposts(sv, &surge, &unavail);
    int out[64];
    rollout_status_t st = status_of(s, sv);
    if (rollout_proportional_scale(m, n, new_index, is_rolling(sv->spec), sv->replicas, surge,
                                   st.replicas, out) == 0)
        return false; /* it returns how many ReplicaSets change */
    bool changed = false;
    char why[160];
    int active = 0;
    for (int i = 0; i < n; i++)
        active += m[i].desired > 0;
    if (active <= 1) /* k8s: scale() gives the one active ReplicaSet the whole count */
        snprintf(why, sizeof why,
                 "replicas changed to %d: the only active ReplicaSet is scaled "
                 "to it",
                 sv->replicas);
    else
        snprintf(why, sizeof why,
                 "replicas changed to %d mid-rollout: replicas + maxSurge %d "
                 "spread over the active ReplicaSets in proportion to their size",
                 sv->replicas, surge);
    for (int i = 0; i < n; i++)
        if (out[i] != s->rs[idx[i]].desired) {
            scale_rs(s, sv->index, idx[i], out[i], why);
            changed = true;
        } else {
            rs_t *rs = &s->rs[idx[i]];
            rs->ann_desired = sv->replicas;
            rs->ann_max = sv->replicas + surge;
            rs->annotated = true;
        }
    return changed;
}

/* k8s cleanupDeployment: once a rollout is complete, old ReplicaSets with no pods beyond
 * revisionHistoryLimit are deleted, oldest revision first; a rollback can only go back to
 * a ReplicaSet that is still there. */
static void cleanup_history(sim_t *s, service_t *sv) {
    int limit = sv->spec->revision_history_limit;
    for (;;) {
        int cleanable = 0, oldest = -1, oldest_k = -1;
        for (int k = 0; k < sv->rs_count; k++) {
            int ri = sv->rs[k];
            const rs_t *rs = &s->rs[ri];
            if (ri == sv->new_rs || rs->desired != 0 || rs->pod_count != 0) continue;
            cleanable++;
            if (oldest < 0 || rs->revision < s->rs[oldest].revision) {
                oldest = ri;
                oldest_k = k;
            }
        }
        if (cleanable <= limit || oldest < 0) return;
        char obj[80];
        snprintf(obj, sizeof obj, "Deployment/%s", sv->spec->name);
        model_decision(s, "deployment", obj, "history cleanup",
                       "deleted ReplicaSet %s (revision %d): %d old ReplicaSets without pods > "
                       "revisionHistoryLimit %d",
                       s->rs[oldest].name, s->rs[oldest].revision, cleanable, limit);
        s->rs[oldest].alive = false;
        memmove(&sv->rs[oldest_k], &sv->rs[oldest_k + 1],
                sizeof sv->rs[0] * (size_t)(sv->rs_count - oldest_k - 1));
        sv->rs_count--;
    }
}

static void check_complete(sim_t *s, service_t *sv) {
    if (sv->new_rs < 0) return;
    rollout_status_t st = status_of(s, sv);
    bool done = rollout_deployment_complete(sv->replicas, st);
    if (done && sv->rollout_start >= 0) {
        double secs = (double)(model_now(s) - sv->rollout_start) / SIM_SEC;
        sv->rollout_total += secs;
        sv->rollout_start = -1;
        char obj[80];
        snprintf(obj, sizeof obj, "Deployment/%s", sv->spec->name);
        model_decision(s, "deployment", obj, "rollout complete",
                       "%s has %d updated, %d available of %d replicas after %.1f s",
                       s->rs[sv->new_rs].name, st.updated, st.available, sv->replicas, secs);
    }
    sv->complete = done;
    if (done) cleanup_history(s, sv);
}

/* metav1.Time is serialized with whole seconds: conditions keep times truncated. */
static sim_time_t whole_seconds(sim_time_t t) {
    return t - t % SIM_SEC;
}

/* The Progressing condition going back to True after ProgressDeadlineExceeded (a condition,
 * not an event: events.csv shows it with type Condition, like the timeout). */
static void progressing_again(sim_t *s, service_t *sv, const char *reason, const char *fmt) {
    if (!sv->deadline_exceeded) return;
    sv->deadline_exceeded = false;
    char obj[80], msg[160];
    object_name(sv, obj, sizeof obj);
    snprintf(msg, sizeof msg, fmt, s->rs[sv->new_rs].name);
    model_event(s, "Condition", reason, obj, "%s", msg);
    sv->rearmed = !sv->complete;
    if (sv->complete)
        model_decision(s, "deployment", obj, "Progressing=True",
                       "%s after ProgressDeadlineExceeded: every replica updated and available",
                       reason);
    else
        model_decision(s, "deployment", obj, "Progressing=True",
                       "%s after ProgressDeadlineExceeded: progress again, so a new stall times "
                       "out progressDeadlineSeconds %.0f s after this",
                       reason, (double)sv->spec->progress_deadline / SIM_SEC);
}

/* Progress: any of updated, ready or available up, or old replicas down (Argo: also a step,
 * the stable ReplicaSet or a Service selector changing). k8s syncRolloutStatus: progress
 * sets Progressing=True again (ReplicaSetUpdated), even after ProgressDeadlineExceeded, and
 * its lastUpdateTime restarts the deadline; a complete rollout is NewReplicaSetAvailable. */
static void track_progress(sim_t *s, service_t *sv) {
    rollout_status_t st = status_of(s, sv);
    const strategy_def_t *d = def_of(sv->spec);
    bool argo = is_argo(sv->spec);
    bool moved = rollout_deployment_progressing(sv->last_status, st);
    if (d->progressed && d->progressed(s, sv)) moved = true;
    if (moved || sv->complete) {
        sv->last_progress = model_now(s);
        if (sv->progress_timer) engine_cancel(s->eng, sv->progress_timer);
        sv->progress_timer = 0;
        if (sv->complete && sv->rearmed && !sv->deadline_exceeded) {
            /* the condition's last change after a timeout: ReplicaSetUpdated becomes
             * NewReplicaSetAvailable at completion (progress.go syncRolloutStatus) */
            sv->deadline_exceeded = true;
            progressing_again(s, sv, "NewReplicaSetAvailable",
                              "ReplicaSet \"%s\" has successfully progressed.");
        } else if (sv->complete) {
            progressing_again(s, sv, "NewReplicaSetAvailable",
                              "ReplicaSet \"%s\" has successfully progressed.");
        } else if (sv->rollout_start >= 0)
            progressing_again(s, sv, "ReplicaSetUpdated", "ReplicaSet \"%s\" is progressing.");
    }
    sv->last_status = st;
    /* argo checkPausedConditions: a pause replaces a timed-out Progressing condition with
     * RolloutPaused (a Deployment keeps ProgressDeadlineExceeded while paused) */
    if (argo && sv->deadline_exceeded && sv->paused && !sv->aborted) {
        sv->deadline_exceeded = false;
        char obj[80];
        object_name(sv, obj, sizeof obj);
        model_event(s, "Condition", "RolloutPaused", obj, "Rollout is paused");
    }
    if (!sv->complete && sv->rollout_start >= 0 && !sv->deadline_exceeded && !sv->progress_timer &&
        !sv->paused && !sv->aborted && !(d->deadline_held && d->deadline_held(s, sv))) {
        /* k8s: timed out when lastUpdateTime + progressDeadlineSeconds is strictly before now */
        /* k8s requeueStuckDeployment: the condition's lastUpdateTime has whole seconds, and the
         * check is requeued one second after the deadline */
        sv->progress_timer = engine_schedule_timer(
            s->eng, whole_seconds(sv->last_progress) + sv->spec->progress_deadline + SIM_SEC,
            EV_PROGRESS_CHECK, (uint32_t)sv->index, 0);
    }
}

static void progress_check(sim_t *s, service_t *sv) {
    sv->progress_timer = 0;
    if (sv->complete || sv->rollout_start < 0 || sv->deadline_exceeded || sv->paused || sv->aborted)
        return;
    const strategy_def_t *d = def_of(sv->spec);
    if (d->deadline_held && d->deadline_held(s, sv)) return;
    if (!rollout_deployment_timed_out(sv->spec->progress_deadline, ROLLOUT_PROGRESS_OTHER,
                                      whole_seconds(sv->last_progress), model_now(s))) {
        track_progress(s, sv);
        return;
    }
    sv->deadline_exceeded = true;
    char obj[80];
    object_name(sv, obj, sizeof obj);
    model_event(s, "Condition", "ProgressDeadlineExceeded", obj,
                "ReplicaSet \"%s\" has timed out progressing.", s->rs[sv->new_rs].name);
    model_decision(s, "deployment", obj, "Progressing=False",
                   "no progress for more than progressDeadlineSeconds %.0f s; %s",
                   (double)sv->spec->progress_deadline / SIM_SEC,
                   sv->spec->strategy.progress_deadline_abort
                       ? "progressDeadlineAbort: the Rollout aborts"
                       : "nothing rolls back by itself");
    if (d->deadline_exceeded) d->deadline_exceeded(s, sv->index); /* progressDeadlineAbort */
}

static void sync_rolling(sim_t *s, service_t *sv) {
    int surge, unavail;
    fenceposts(sv, &surge, &unavail);
    rs_t *nrs = &s->rs[sv->new_rs];
    int old[64];
    int n = old_sets(s, sv, old);
    int all_desired = nrs->desired;
    for (int i = 0; i < n; i++)
        all_desired += s->rs[old[i]].desired;
    int new_count;
    if (rollout_reconcile_new_rs(sv->replicas, surge, all_desired, nrs->desired, &new_count)) {
        char why[256];
        char fp[160];
        rollout_explain_fenceposts(fp, sizeof fp, sv->spec->strategy.max_surge,
                                   sv->spec->strategy.max_unavailable, sv->replicas);
        if (new_count > nrs->desired)
            snprintf(why, sizeof why,
                     "%s; maxTotal %d + %d = %d, all desired %d: grow by min(%d, %d)", fp,
                     sv->replicas, surge, sv->replicas + surge, all_desired,
                     sv->replicas + surge - all_desired, sv->replicas - nrs->desired);
        else
            snprintf(why, sizeof why, "%s; new ReplicaSet above replicas %d: scale down to it", fp,
                     sv->replicas);
        scale_rs(s, sv->index, sv->new_rs, new_count, why);
        return; /* k8s: a sync that scaled up ends there */
    }
    if (n == 0) return;
    rollout_rs_t m[64];
    for (int i = 0; i < n; i++)
        m[i] = as_math(&s->rs[old[i]]);
    int out[64];
    rollout_reconcile_old(m, n, nrs->desired, nrs->available, sv->replicas, unavail, out);
    int min_avail = sv->replicas - unavail;
    for (int i = 0; i < n; i++) {
        rs_t *rs = &s->rs[old[i]];
        if (out[i] == rs->desired) continue;
        char why[256];
        snprintf(why, sizeof why,
                 "maxUnavailable %d: minAvailable %d - %d = %d; new %s has %d available of %d; "
                 "unhealthy old pods go first, then available ones oldest ReplicaSet first",
                 unavail, sv->replicas, unavail, min_avail, nrs->name, nrs->available,
                 nrs->desired);
        scale_rs(s, sv->index, old[i], out[i], why);
    }
}

static void sync_recreate(sim_t *s, service_t *sv) {
    int old[64];
    int n = old_sets(s, sv, old);
    bool scaled = false;
    for (int i = 0; i < n; i++)
        if (s->rs[old[i]].desired > 0) {
            scale_rs(s, sv->index, old[i], 0, "Recreate: every old ReplicaSet to 0 first");
            scaled = true;
        }
    if (scaled) return;
    /* k8s: only when no old pod is left in a non-terminal phase (Terminating counts) */
    for (int i = 0; i < n; i++)
        if (s->rs[old[i]].pod_count > 0) return;
    rs_t *nrs = &s->rs[sv->new_rs];
    if (nrs->desired != sv->replicas)
        scale_rs(s, sv->index, sv->new_rs, sv->replicas,
                 "Recreate: all old pods are gone, so the new ReplicaSet gets every replica");
}

/* Time to scale: from a rise of spec.replicas (HPA or scale) until that many pods are Ready. */
static void track_scaling(sim_t *s, service_t *sv) {
    if (sv->replicas > sv->last_replicas && sv->scaling_since < 0) sv->scaling_since = model_now(s);
    sv->last_replicas = sv->replicas;
    if (sv->scaling_since < 0) return;
    int ready = 0;
    for (int i = 0; i < sv->rs_count; i++)
        ready += s->rs[sv->rs[i]].ready;
    if (ready >= sv->replicas) {
        sv->scale_total += (double)(model_now(s) - sv->scaling_since) / SIM_SEC;
        sv->scaling_since = -1;
    }
}

void deploy_sync(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    sv->sync_pending = false;
    if (sv->new_rs < 0) return;
    track_scaling(s, sv);
    if (sv->spec->runtime == RUNTIME_BARE) {
        bare_sync(s, service); /* no Deployment on bare metal: updated in place */
        return;
    }
    def_of(sv->spec)->sync(s, service); /* keeps sv->complete (and an Argo rollout's time) */
    track_progress(s, sv);
}

/* The table's sync of RollingUpdate: proportional scaling first, then one rollout step. */
void deploy_sync_rolling_update(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (!proportional(s, sv) && !sv->paused) {
        bool rollout = false;
        for (int i = 0; i < sv->rs_count; i++)
            if (sv->rs[i] != sv->new_rs && s->rs[sv->rs[i]].pod_count > 0) rollout = true;
        if (rollout || s->rs[sv->new_rs].desired != sv->replicas) sync_rolling(s, sv);
    }
    check_complete(s, sv);
}

/* The table's sync of Recreate. */
void deploy_sync_recreate(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (!proportional(s, sv) && !sv->paused) sync_recreate(s, sv);
    check_complete(s, sv);
}

void deploy_request_sync(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (sv->sync_pending) return;
    sv->sync_pending = true;
    engine_schedule(s->eng, model_now(s), EV_DEPLOY_SYNC, (uint32_t)service, 0);
}

void deploy_init(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    sv->new_rs = -1;
    sv->rollout_start = -1;
    sv->replicas = sv->spec->replicas;
    sv->last_replicas = sv->replicas;
    sv->scaling_since = -1;
    sv->current_version = 0;
    sv->previous_version = -1;
    int ri = rs_create(s, service, 0);
    if (ri < 0) return;
    sv->new_rs = ri;
    s->rs[ri].desired = sv->replicas;
    s->rs[ri].annotated = true;
    s->rs[ri].ann_desired = sv->replicas;
    int surge, unavail;
    fenceposts(sv, &surge, &unavail);
    s->rs[ri].ann_max = sv->replicas + surge;
    sv->complete = true;
}

/* Makes `version` the Deployment's template: reuses the ReplicaSet of an identical template
 * (giving it the next revision, as Kubernetes does) or creates one. */
static int set_template(sim_t *s, service_t *sv, int version) {
    int found = -1;
    for (int i = 0; i < sv->rs_count; i++)
        if (s->rs[sv->rs[i]].version == version && s->rs[sv->rs[i]].restart == sv->restart_gen)
            found = sv->rs[i];
    if (found >= 0) {
        s->rs[found].revision = ++sv->revision_counter;
        view_touch_all(s);   /* its pods' views carry the revision */
        rs_report(s, found); /* the revision moved: replicasets.csv shows it */
    } else {
        found = rs_create(s, sv->index, version);
        if (found < 0) return -1;
        rs_set_restarted(s, found, sv->restart_gen, sv->restarted_at);
    }
    sv->previous_version = sv->current_version;
    sv->current_version = version;
    sv->new_rs = found;
    sv->complete = false;
    sv->deadline_exceeded = false;
    sv->rearmed = false;
    if (sv->rollout_start < 0) sv->rollout_start = model_now(s);
    sv->last_progress = model_now(s);
    return 0;
}

/* ---- actions: each a step of its own; the object name is "Deployment/web" or "Rollout/web" */

/* A new template: the strategy rolls it out. */
static int action_deploy(sim_t *s, service_t *sv, const action_t *a, const char *obj, char *err,
                         size_t errlen) {
    if (a->version == sv->current_version) {
        snprintf(err, errlen, "%s already runs %s", sv->spec->name,
                 sv->spec->versions[a->version].name);
        return -1;
    }
    if (set_template(s, sv, a->version) != 0) return -1;
    model_decision(s, "deployment", obj, "new revision",
                   "template %s -> revision %d (ReplicaSet %s), strategy %s",
                   sv->spec->versions[a->version].name, s->rs[sv->new_rs].revision,
                   s->rs[sv->new_rs].name, strategy_type_name(sv->spec->strategy.type));
    if (def_of(sv->spec)->start) def_of(sv->spec)->start(s, a->service);
    return 0;
}

/* kubectl rollout undo: the ReplicaSet with the highest revision below the current. */
static int action_rollback(sim_t *s, service_t *sv, const action_t *a, const char *obj, char *err,
                           size_t errlen) {
    int best = -1;
    for (int i = 0; i < sv->rs_count; i++) {
        int ri = sv->rs[i];
        if (ri == sv->new_rs) continue;
        if (best < 0 || s->rs[ri].revision > s->rs[best].revision) best = ri;
    }
    if (best < 0) {
        snprintf(err, errlen, "%s has no previous revision to roll back to", sv->spec->name);
        return -1;
    }
    int version = s->rs[best].version;
    /* the whole template comes back, its restartedAt annotation too */
    sv->restart_gen = s->rs[best].restart;
    sv->restarted_at = s->rs[best].restarted_at;
    /* kubectl rollout undo patches the template back (apps/v1 records no event) */
    model_decision(s, "deployment", obj, "rollback",
                   "kubectl rollout undo: the template of revision %d (%s) becomes the newest "
                   "revision",
                   s->rs[best].revision, sv->spec->versions[version].name);
    if (set_template(s, sv, version) != 0) return -1;
    if (def_of(sv->spec)->start) def_of(sv->spec)->start(s, a->service);
    return 0;
}

static void action_pause(sim_t *s, service_t *sv, const char *obj) {
    sv->paused = true;
    if (sv->progress_timer) engine_cancel(s->eng, sv->progress_timer);
    sv->progress_timer = 0;
    model_decision(s, "deployment", obj, "paused",
                   "spec.paused = true: no rollout step until resume");
}

/* kubectl rollout restart: the annotation kubectl.kubernetes.io/restartedAt in the pod template
 * makes a new template, so a new ReplicaSet rolled out by the strategy. */
static int action_restart(sim_t *s, service_t *sv, const char *obj, char *err, size_t errlen) {
    if (sv->paused) { /* kubectl objectrestarter.go refuses it */
        snprintf(err, errlen,
                 "%s: can't restart paused deployment (run rollout resume "
                 "first)",
                 sv->spec->name);
        return -1;
    }
    sv->restart_gen++;
    sv->restarted_at = model_now(s);
    if (set_template(s, sv, sv->current_version) != 0) return -1;
    model_decision(s, "deployment", obj, "restart",
                   "kubectl rollout restart: the template gets restartedAt = %.3f s, so "
                   "revision %d (ReplicaSet %s, still %s) replaces every pod by the %s rules",
                   (double)model_now(s) / SIM_SEC, s->rs[sv->new_rs].revision,
                   s->rs[sv->new_rs].name, sv->spec->versions[sv->current_version].name,
                   strategy_type_name(sv->spec->strategy.type));
    return 0;
}

/* An action the strategy takes itself (promote, abort, retry; a Rollout's pause and restart). */
static int action_of_strategy(sim_t *s, service_t *sv, const action_t *a, char *err,
                              size_t errlen) {
    if (!def_of(sv->spec)->action) {
        snprintf(err, errlen, "%s: %s needs a Canary or BlueGreen strategy", sv->spec->name,
                 action_names[a->action]);
        return -1;
    }
    return def_of(sv->spec)->action(s, a, err, errlen);
}

/* sync.go getNewReplicaSet: the new ReplicaSet takes the Deployment's minReadySeconds (old
 * ones keep theirs), and its pods' availability is judged again with it. */
static void patch_min_ready(sim_t *s, service_t *sv) {
    if (sv->new_rs < 0) return;
    rs_t *rs = &s->rs[sv->new_rs];
    if (rs->min_ready == sv->spec->min_ready) return;
    rs->min_ready = sv->spec->min_ready;
    for (int j = 0; j < s->rs[sv->new_rs].pod_count; j++)
        pod_min_ready_changed(s, s->rs[sv->new_rs].members[j]);
}

/* A patch that changed the pod template: getNewReplicaSet finds no ReplicaSet with the new
 * pod-template-hash, so it creates one (revision max + 1) and the strategy rolls it out. */
static int deploy_template_patched(sim_t *s, service_t *sv, int version, const char *obj) {
    if (set_template(s, sv, version) != 0) return -1;
    model_decision(s, "deployment", obj, "new revision",
                   "the patch changed the pod template: %s -> revision %d (ReplicaSet %s), "
                   "strategy %s",
                   sv->spec->versions[version].name, s->rs[sv->new_rs].revision,
                   s->rs[sv->new_rs].name, strategy_type_name(sv->spec->strategy.type));
    if (def_of(sv->spec)->start) def_of(sv->spec)->start(s, sv->index);
    return 0;
}

/* The spec's changes: spec.replicas (kubectl scale) and kubectl patch's merged spec. */
static int action_spec(sim_t *s, service_t *sv, const action_t *a, const char *obj, char *err,
                       size_t errlen) {
    if (a->action == ACTION_SCALE) {
        if (a->replicas < 0) {
            snprintf(err, errlen, "replicas must be >= 0");
            return -1;
        }
        sv->replicas = a->replicas;
        model_decision(s, "deployment", obj, "scale", "spec.replicas = %d", a->replicas);
        return 0;
    }
    /* kubectl patch: the merged spec; a new size is a scaling event */
    if (!a->patch) {
        snprintf(err, errlen, "patch: no merged spec (a patch comes from a scenario)");
        return -1;
    }
    sv->spec = a->patch;
    if (a->replicas >= 0) sv->replicas = a->replicas;
    model_decision(s, "deployment", obj, "patch", "kubectl patch: %s", a->patch_text);
    if (a->version >= 0) /* a new pod template: a new revision, as a deploy of it */
        return deploy_template_patched(s, sv, a->version, obj);
    patch_min_ready(s, sv);
    return 0;
}

int deploy_action(sim_t *s, const action_t *a, char *err, size_t errlen) {
    service_t *sv = &s->services[a->service];
    char obj[80];
    object_name(sv, obj, sizeof obj);
    bool own = def_of(sv->spec)->action != NULL; /* the strategy pauses and restarts itself */
    int rc;
    switch (a->action) {
    case ACTION_DEPLOY:
        rc = action_deploy(s, sv, a, obj, err, errlen);
        break;
    case ACTION_ROLLBACK:
        rc = action_rollback(s, sv, a, obj, err, errlen);
        break;
    case ACTION_PAUSE: /* a Rollout's spec.paused sits beside its pause conditions */
        rc = own ? action_of_strategy(s, sv, a, err, errlen) : (action_pause(s, sv, obj), 0);
        break;
    case ACTION_RESUME:
        sv->paused = false;
        sv->last_progress = model_now(s);
        if (def_of(sv->spec)->resume) def_of(sv->spec)->resume(s, a->service);
        rc = 0;
        break;
    case ACTION_SCALE:
    case ACTION_PATCH:
        rc = action_spec(s, sv, a, obj, err, errlen);
        break;
    case ACTION_PROMOTE:
    case ACTION_ABORT:
    case ACTION_RETRY:
        rc = action_of_strategy(s, sv, a, err, errlen);
        break;
    case ACTION_RESTART:
        if (sv->spec->runtime == RUNTIME_BARE) {
            snprintf(err, errlen,
                     "%s runs on bare metal: no Deployment to restart (killPod "
                     "restarts one process)",
                     sv->spec->name);
            return -1;
        }
        /* Argo's pod restarter makes no new ReplicaSet */
        rc = own ? action_of_strategy(s, sv, a, err, errlen)
                 : action_restart(s, sv, obj, err, errlen);
        break;
    default:
        snprintf(err, errlen, "not a deployment action");
        return -1;
    }
    if (rc != 0) return -1;
    deploy_request_sync(s, a->service);
    return 0;
}

void deploy_handle_event(sim_t *s, const engine_event_t *ev) {
    service_t *sv = &s->services[ev->a];
    if (ev->kind == EV_DEPLOY_SYNC)
        deploy_sync(s, (int)ev->a);
    else if (ev->kind == EV_PROGRESS_CHECK)
        progress_check(s, sv);
}
