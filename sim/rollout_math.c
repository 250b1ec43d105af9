/* rollout_math: the integer arithmetic of Kubernetes' Deployment controller and of Argo
 * Rollouts' canary and analysis controllers, as pure functions (see rollout_math.h). Names
 * in the comments are the upstream functions each one follows; the upstream code is the
 * reference for every branch, including the odd ones. */
#include "rollout_math.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

static int min_int(int a, int b) {
    return a < b ? a : b;
}
static int max_int(int a, int b) {
    return a > b ? a : b;
}

/* Floor and ceiling of a / b for b > 0, also for negative a. */
static int64_t floor_div(int64_t a, int64_t b) {
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}
static int64_t ceil_div(int64_t a, int64_t b) {
    return -floor_div(-a, b);
}

static int clamp_int(int64_t v) {
    return v > INT_MAX ? INT_MAX : v < INT_MIN ? INT_MIN : (int)v;
}

/* ---- maxSurge / maxUnavailable ----------------------------------------------------------- */

/* An IntOrString resolved against `total`: an integer as is, a percentage `value`% of total
 * rounded up or down; unset is 0 (intstr.ValueOrDefault(.., 0)). Kubernetes computes
 * ceil/floor(float64(value) * total / 100) (intstr.GetScaledValueFromIntOrPercent); for
 * int32 operands that float quotient is never rounded across an integer, so exact integer
 * arithmetic gives the same numbers. */
int int_or_pct_resolve(int_or_pct_t v, int total, bool round_up) {
    if (!v.set) return 0;
    if (!v.percent) return v.value;
    int64_t scaled = (int64_t)v.value * total;
    return clamp_int(round_up ? ceil_div(scaled, 100) : floor_div(scaled, 100));
}

static bool int_or_pct_valid(int_or_pct_t v) {
    return !v.set || v.value >= 0;
}

/* Parses the string form of an IntOrString as intstr does: it must end in '%' and the rest
 * must be a decimal integer (Go's Atoi: optional sign, digits). Returns 0 and a percentage,
 * or -1 and an invalid value ({set, percent, -1}) that rollout_resolve_fenceposts rejects:
 * "oops" is an error upstream too (TestResolveFenceposts). Plain integers are JSON numbers
 * and never reach this function. */
int rollout_parse_int_or_pct(const char *text, int_or_pct_t *out) {
    *out = (int_or_pct_t){.set = true, .percent = true, .value = -1};
    const char *p = text;
    bool negative = false;
    if (*p == '+' || *p == '-') negative = *p++ == '-';
    if (*p < '0' || *p > '9') return -1;
    int64_t v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (*p - '0');
        if (v > INT_MAX) return -1;
    }
    if (p[0] != '%' || p[1] != '\0') return -1;
    out->value = negative ? -(int)v : (int)v;
    return 0;
}

/* ResolveFenceposts (deployment_util.go; Argo's resolveFenceposts is the same): maxSurge
 * rounds up, maxUnavailable down; if both resolve to 0, maxUnavailable becomes 1 ("surge
 * might not work due to quota"). Returns 0, or -1 with 0/0 when a value is invalid.
 * maxUnavailable is not clamped here: rollout_max_unavailable does that. */
int rollout_resolve_fenceposts(int_or_pct_t max_surge, int_or_pct_t max_unavailable, int replicas,
                               int *surge, int *unavailable) {
    *surge = 0;
    *unavailable = 0;
    if (!int_or_pct_valid(max_surge) || !int_or_pct_valid(max_unavailable)) return -1;
    int s = int_or_pct_resolve(max_surge, replicas, true);
    int u = int_or_pct_resolve(max_unavailable, replicas, false);
    if (s == 0 && u == 0) u = 1;
    *surge = s;
    *unavailable = u;
    return 0;
}

/* MaxSurge (deployment_util.go): 0 unless RollingUpdate (for Argo: a canary). */
int rollout_max_surge(bool rolling_update, int_or_pct_t max_surge, int_or_pct_t max_unavailable,
                      int replicas) {
    int s, u;
    if (!rolling_update) return 0;
    rollout_resolve_fenceposts(max_surge, max_unavailable, replicas, &s, &u);
    return s;
}

/* MaxUnavailable (deployment_util.go; Argo replicaset.go for a canary): 0 for Recreate or 0
 * replicas, else the resolved value clamped to replicas. */
int rollout_max_unavailable(bool rolling_update, int_or_pct_t max_surge,
                            int_or_pct_t max_unavailable, int replicas) {
    int s, u;
    if (!rolling_update || replicas == 0) return 0;
    rollout_resolve_fenceposts(max_surge, max_unavailable, replicas, &s, &u);
    return min_int(u, replicas);
}

/* Appends to buf like snprintf, keeping *len the length the whole text would have. */
static void append(char *buf, size_t size, size_t *len, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    size_t room = *len < size ? size - *len : 0;
    int n = vsnprintf(room ? buf + *len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0) *len += (size_t)n;
}

static void explain_one(char *buf, size_t size, size_t *len, const char *name, int_or_pct_t v,
                        int replicas, int resolved, bool round_up) {
    if (!v.set)
        append(buf, size, len, "%s unset = 0", name);
    else if (v.percent)
        append(buf, size, len, "%s %d%% of %d = %d (rounded %s)", name, v.value, replicas, resolved,
               round_up ? "up" : "down");
    else
        append(buf, size, len, "%s %d", name, v.value);
}

/* Writes, for the dashboard, how the fenceposts of a RollingUpdate resolve, e.g.
 * "maxSurge 25% of 10 = 3 (rounded up), maxUnavailable 25% of 10 = 2 (rounded down)",
 * with the two corrections Kubernetes applies spelled out (both 0 -> maxUnavailable 1;
 * maxUnavailable above replicas -> replicas). Returns the length of the whole text, like
 * snprintf; the text is cut to fit `size` and always terminated when size > 0. */
int rollout_explain_fenceposts(char *buf, size_t size, int_or_pct_t max_surge,
                               int_or_pct_t max_unavailable, int replicas) {
    size_t len = 0;
    int s, u;
    if (size > 0) buf[0] = '\0';
    if (rollout_resolve_fenceposts(max_surge, max_unavailable, replicas, &s, &u) != 0) {
        append(buf, size, &len, "invalid maxSurge/maxUnavailable");
        return (int)len;
    }
    int u_raw = int_or_pct_resolve(max_unavailable, replicas, false);
    explain_one(buf, size, &len, "maxSurge", max_surge, replicas, s, true);
    append(buf, size, &len, ", ");
    explain_one(buf, size, &len, "maxUnavailable", max_unavailable, replicas, u_raw, false);
    if (u != u_raw) append(buf, size, &len, ", raised to 1 because both are 0");
    int clamped = rollout_max_unavailable(true, max_surge, max_unavailable, replicas);
    if (clamped != u) append(buf, size, &len, ", capped at %d replicas", clamped);
    return (int)len;
}

/* ---- RollingUpdate and Recreate ---------------------------------------------------------- */

/* NewRSNewReplicas (deployment_util.go): Recreate -> replicas. RollingUpdate: with
 * maxTotal = replicas + surge and all_desired = sum of spec.replicas of every ReplicaSet
 * (the new one included), the new RS grows by min(maxTotal - all_desired, replicas -
 * new_desired), or not at all when the total is reached. */
int rollout_new_rs_new_replicas(bool recreate, int replicas, int surge, int all_desired,
                                int new_desired) {
    if (recreate) return replicas;
    int max_total = replicas + surge;
    if (all_desired >= max_total) return new_desired;
    return new_desired + min_int(max_total - all_desired, replicas - new_desired);
}

/* reconcileNewReplicaSet (rolling.go): the new RS at `replicas` needs nothing; above it, it
 * is scaled down to replicas; below, NewRSNewReplicas. Returns whether its size changes
 * (the sync then ends: old ReplicaSets are scaled down on the next one). */
bool rollout_reconcile_new_rs(int replicas, int surge, int all_desired, int new_desired,
                              int *new_count) {
    *new_count = new_desired;
    if (new_desired == replicas) return false;
    if (new_desired > replicas)
        *new_count = replicas;
    else
        *new_count = rollout_new_rs_new_replicas(false, replicas, surge, all_desired, new_desired);
    return *new_count != new_desired;
}

/* cleanupUnhealthyReplicas (rolling.go): old ReplicaSets, oldest first, each lose
 * min(budget left, desired - available) pods, the budget being max_cleanup; out[i] gets
 * their new desired counts. Returns the total scaled down. */
int rollout_cleanup_unhealthy(const rollout_rs_t *old, int n, int max_cleanup, int *out) {
    int total = 0;
    for (int i = 0; i < n; i++)
        out[i] = old[i].desired;
    for (int i = 0; i < n && total < max_cleanup; i++) {
        if (old[i].desired == 0 || old[i].desired == old[i].available) continue;
        int down = min_int(max_cleanup - total, old[i].desired - old[i].available);
        out[i] = old[i].desired - down;
        total += down;
    }
    return total;
}

/* The loop of scaleDownOldReplicaSetsForRollingUpdate on desired counts already in
 * desired[]: oldest first, each RS by at most its size, allAvailable - minAvailable in all. */
static int scale_down_available(int *desired, int n, int all_available, int min_available) {
    if (all_available <= min_available) return 0;
    int budget = all_available - min_available, total = 0;
    for (int i = 0; i < n && total < budget; i++) {
        if (desired[i] == 0) continue;
        int down = min_int(desired[i], budget - total);
        desired[i] -= down;
        total += down;
    }
    return total;
}

/* scaleDownOldReplicaSetsForRollingUpdate (rolling.go): available old pods go, oldest RS
 * first, while all available pods (the old ones given plus new_available) stay above
 * min_available = replicas - maxUnavailable. out[i] gets the new desired counts. Returns
 * the total scaled down. */
int rollout_scale_down_old(const rollout_rs_t *old, int n, int new_available, int min_available,
                           int *out) {
    int all_available = new_available;
    for (int i = 0; i < n; i++) {
        out[i] = old[i].desired;
        all_available += old[i].available;
    }
    return scale_down_available(out, n, all_available, min_available);
}

/* reconcileOldReplicaSets (rolling.go). old[] are every old ReplicaSet, oldest first;
 * those at 0 take no part (FilterActiveReplicaSets). maxScaledDown = all desired -
 * minAvailable - (new desired - new available); if > 0, cleanupUnhealthyReplicas within it,
 * then scaleDownOldReplicaSetsForRollingUpdate (not bounded by maxScaledDown; it counts the
 * available pods of the active old ReplicaSets and the new one). out[i] gets the new desired
 * counts; returns the total scaled down (0: nothing to do). */
int rollout_reconcile_old(const rollout_rs_t *old, int n, int new_desired, int new_available,
                          int replicas, int max_unavailable, int *out) {
    int old_desired = 0, all_available = new_available;
    for (int i = 0; i < n; i++) {
        out[i] = old[i].desired;
        old_desired += old[i].desired;
        if (old[i].desired > 0) all_available += old[i].available;
    }
    if (old_desired == 0) return 0;
    int min_available = replicas - max_unavailable;
    int max_scaled_down = old_desired + new_desired - min_available - (new_desired - new_available);
    if (max_scaled_down <= 0) return 0;
    int cleaned = rollout_cleanup_unhealthy(old, n, max_scaled_down, out);
    return cleaned + scale_down_available(out, n, all_available, min_available);
}

/* isScalingEvent (sync.go): an active ReplicaSet's desired-replicas annotation differs from
 * the Deployment's replicas (ReplicaSets without the annotation are passed over). */
bool rollout_is_scaling_event(const rollout_rs_t *rs, int n, int replicas) {
    for (int i = 0; i < n; i++)
        if (rs[i].desired > 0 && rs[i].annotated && rs[i].ann_desired != replicas) return true;
    return false;
}

/* getReplicaSetFraction (deployment_util.go): how many pods the RS gains (or loses) if it
 * keeps its share of the Deployment's new maximum replicas + maxSurge. The base is its
 * max-replicas annotation; without one (or 0) the Deployment's status.replicas, and 0 when
 * that is 0 too. Rounding is Go's math.Round (half away from zero), done exactly. */
static int rs_fraction(const rollout_rs_t *rs, int replicas, int max_surge, int status_replicas) {
    if (replicas == 0) return -rs->desired;
    int base = rs->annotated ? rs->ann_max : 0;
    if (base == 0) base = status_replicas;
    if (base == 0) return 0;
    int64_t num = (int64_t)rs->desired * (replicas + max_surge);
    return clamp_int((2 * num + base) / (2 * (int64_t)base)) - rs->desired;
}

/* The order scale() sorts active ReplicaSets in: larger first; among equal sizes newer
 * first when scaling up (ReplicaSetsBySizeNewer), older first when scaling down
 * (ReplicaSetsBySizeOlder). Index order is creation order. True if a comes before b. */
static bool scale_before(const rollout_rs_t *rs, int a, int b, bool up) {
    if (rs[a].desired != rs[b].desired) return rs[a].desired > rs[b].desired;
    return up ? a > b : a < b;
}

/* The active ReplicaSet that comes next after `prev` (-1: the first) in scale order, or -1.
 * A selection instead of a sort keeps this allocation-free; n is a handful. */
static int scale_next(const rollout_rs_t *rs, int n, int prev, bool up) {
    int best = -1;
    for (int i = 0; i < n; i++) {
        if (rs[i].desired <= 0 || i == prev) continue;
        if (prev >= 0 && !scale_before(rs, prev, i, up)) continue;
        if (best < 0 || scale_before(rs, i, best, up)) best = i;
    }
    return best;
}

/* scale() (sync.go), run on a scaling event or while paused. rs[] holds every ReplicaSet
 * in creation order (oldest first), new_index the new one or -1; status_replicas is the
 * Deployment's status.replicas (getReplicaSetFraction's fallback when an RS has no
 * max-replicas annotation: the model annotates every RS it scales, as Kubernetes does, so
 * the fallback only matters for ReplicaSets never scaled by the controller).
 *  - at most one active (desired > 0) RS: it, or else the new one, or else the newest,
 *    goes to `replicas` (FindActiveOrLatest);
 *  - a saturated new RS (desired, annotation and available all == replicas): every active
 *    old one goes to 0;
 *  - RollingUpdate: replicas + maxSurge - sum(desired) is spread over the active ones
 *    (GetReplicaSetProportion, in scale order), the rounding leftover to the first, never
 *    below 0.
 * out[i] gets every new desired count. Returns how many ReplicaSets change size; the caller
 * then writes the annotations (replicas, replicas + maxSurge) on every active RS, as
 * scaleReplicaSet does even when the size does not change. */
int rollout_proportional_scale(const rollout_rs_t *rs, int n, int new_index, bool rolling_update,
                               int replicas, int max_surge, int status_replicas, int *out) {
    int active = 0, only = -1, sum = 0, changed = 0;
    for (int i = 0; i < n; i++) {
        out[i] = rs[i].desired;
        if (rs[i].desired > 0) {
            active++;
            only = i;
            sum += rs[i].desired;
        }
    }
    if (n == 0) return 0;
    if (active <= 1) {
        int target = active == 1 ? only : new_index;
        for (int i = n - 1; target < 0 && i >= 0; i--)
            if (i != new_index) target = i;
        out[target] = replicas;
        return rs[target].desired != replicas;
    }
    if (new_index >= 0) {
        const rollout_rs_t *nrs = &rs[new_index];
        if (nrs->desired == replicas && nrs->annotated && nrs->ann_desired == replicas &&
            nrs->available == replicas) {
            for (int i = 0; i < n; i++) {
                if (i != new_index && rs[i].desired > 0) {
                    out[i] = 0;
                    changed++;
                }
            }
            return changed;
        }
    }
    if (!rolling_update) return 0;
    int to_add = (replicas > 0 ? replicas + max_surge : 0) - sum;
    if (to_add == 0) return 0;
    bool up = to_add > 0;
    int added = 0, first = scale_next(rs, n, -1, up);
    for (int i = first; i >= 0; i = scale_next(rs, n, i, up)) {
        int proportion = 0;
        if (to_add != added) {
            int fraction = rs_fraction(&rs[i], replicas, max_surge, status_replicas);
            int allowed = to_add - added;
            proportion = up ? min_int(fraction, allowed) : max_int(fraction, allowed);
        }
        out[i] = rs[i].desired + proportion;
        added += proportion;
    }
    out[first] = max_int(0, out[first] + to_add - added);
    for (int i = 0; i < n; i++)
        changed += out[i] != rs[i].desired;
    return changed;
}

/* ---- progress ---------------------------------------------------------------------------- */

/* DeploymentProgressing (deployment_util.go): more updated pods, fewer old pods (replicas -
 * updated), more ready or more available pods than at the previous status. */
bool rollout_deployment_progressing(rollout_status_t before, rollout_status_t after) {
    return after.updated > before.updated ||
           after.replicas - after.updated < before.replicas - before.updated ||
           after.ready > before.ready || after.available > before.available;
}

/* DeploymentComplete (deployment_util.go): updated, total and available pods all equal
 * replicas. (Upstream also wants observedGeneration >= generation; the model's controller
 * always acts on the generation it observes.) */
bool rollout_deployment_complete(int replicas, rollout_status_t status) {
    return status.updated == replicas && status.replicas == replicas &&
           status.available == replicas;
}

/* DeploymentTimedOut (deployment_util.go). deadline is progressDeadlineSeconds as time, < 0
 * for unset; unset or math.MaxInt32 s never times out, nor does a Deployment without a
 * Progressing condition or whose reason is NewReplicaSetAvailable; reason
 * ProgressDeadlineExceeded stays timed out; otherwise the condition's lastUpdateTime +
 * deadline must be strictly before now. */
bool rollout_deployment_timed_out(sim_time_t deadline, rollout_progress_reason_t reason,
                                  sim_time_t last_update, sim_time_t now) {
    if (deadline < 0 || deadline >= (sim_time_t)INT32_MAX * SIM_SEC) return false;
    switch (reason) {
    case ROLLOUT_PROGRESS_NONE:
    case ROLLOUT_PROGRESS_NEW_RS_AVAILABLE:
        return false;
    case ROLLOUT_PROGRESS_TIMED_OUT:
        return true;
    case ROLLOUT_PROGRESS_OTHER:
        break;
    }
    return last_update + deadline < now;
}

/* ---- Argo Rollouts canary ---------------------------------------------------------------- */

/* trafficWeightToReplicas (canary.go): ceil(weight * replicas / maxWeight), computed in
 * float64 as Argo does (the product does not overflow int32 for maxWeight 10^8). */
int rollout_traffic_weight_to_replicas(int replicas, int weight, int max_weight) {
    return (int)ceil((double)weight * (double)replicas / (double)max_weight);
}

/* floorCeilingTied (canary.go): the floor and ceiling canary counts over `total` pods are
 * equally far from the weight. Argo's float64 expression, kept so ties match. */
static bool floor_ceiling_tied(int weight, int total, int max_weight) {
    double whole;
    return modf((double)total * ((double)weight / (double)max_weight), &whole) == 0.5;
}

/* weightDelta (canary.go): how far `canary` of `total` pods is from the weight. */
static double weight_delta(int weight, int canary, int total, int max_weight) {
    return fabs((double)canary * max_weight / (double)total - (double)weight);
}

/* approximateWeightedCanaryStableReplicaCounts (canary.go): among the ceiling and floor
 * canary counts over replicas and, when maxSurge > 0, replicas + 1 pods, the split whose
 * canary share is closest to the weight; the first candidate wins ties (the ceiling), and
 * for a weight of 1-99% over two or more pods (surge included) neither side is 0. */
void rollout_approximate_weighted_counts(int replicas, int weight, int max_weight, int max_surge,
                                         int *canary, int *stable) {
    *canary = 0;
    *stable = 0;
    if (replicas == 0) return;
    double scaled = (double)((int64_t)replicas * weight) / (double)max_weight;
    int ceil_count = (int)ceil(scaled), floor_count = (int)floor(scaled);
    bool zero_allowed = weight == max_weight || weight == 0 || (replicas == 1 && max_surge == 0);
    struct {
        int canary, total;
    } opt[4];
    int n = 0;
    if (ceil_count < replicas || zero_allowed)
        opt[n].canary = ceil_count, opt[n++].total = replicas;
    if (!floor_ceiling_tied(weight, replicas, max_weight) && (floor_count != 0 || zero_allowed))
        opt[n].canary = floor_count, opt[n++].total = replicas;
    if (max_surge > 0) {
        opt[n].canary = ceil_count, opt[n++].total = replicas + 1;
        if (!floor_ceiling_tied(weight, replicas + 1, max_weight) &&
            (floor_count != 0 || zero_allowed))
            opt[n].canary = floor_count, opt[n++].total = replicas + 1;
    }
    if (n == 0) { /* "should not get here" upstream */
        *stable = replicas;
        return;
    }
    int best = 0;
    double best_delta = weight_delta(weight, opt[0].canary, opt[0].total, max_weight);
    for (int i = 1; i < n; i++) {
        double d = weight_delta(weight, opt[i].canary, opt[i].total, max_weight);
        if (d < best_delta) {
            best = i;
            best_delta = d;
        }
    }
    *canary = opt[best].canary;
    *stable = opt[best].total - opt[best].canary;
}

/* GetCurrentSetWeight (canary.go): 0 when aborted; 100 with no current step (no steps, or
 * all done); else the last setWeight at or before the current step, or 0. */
static int current_set_weight(const rollout_canary_t *c) {
    if (c->abort) return 0;
    if (c->step_count == 0 || c->current_step >= c->step_count) return c->max_weight;
    for (int i = c->current_step; i >= 0; i--)
        if (c->steps[i].kind == CANARY_STEP_SET_WEIGHT) return c->steps[i].weight;
    return 0;
}

/* UseSetCanaryScale (canary.go): only with traffic routing, not after an abort unless
 * abortScaleDownDelaySeconds is 0, not without a current step, not with matchTrafficWeight. */
static const rollout_canary_scale_t *use_canary_scale(const rollout_canary_t *c) {
    if (!c->traffic_routing || (c->abort && !c->abort_delay_zero)) return NULL;
    if (c->step_count == 0 || c->current_step >= c->step_count) return NULL;
    if (c->canary_scale == NULL || c->canary_scale->match_traffic_weight) return NULL;
    return c->canary_scale;
}

/* GetCanaryReplicasOrWeight (canary.go): the weight the canary should have now; when a
 * setCanaryScale fixes a pod count, *fixed_replicas gets it (else -1) and the weight is 0.
 * promoteFull, or no stable RS distinct from the current template, means 100. */
static int desired_weight(const rollout_canary_t *c, const rollout_rs_t *new_rs,
                          const rollout_rs_t *stable_rs, int *fixed);

int rollout_canary_weight(const rollout_canary_t *c, int *fixed_replicas) {
    return desired_weight(c, NULL, NULL, fixed_replicas);
}

int rollout_canary_desired_weight(const rollout_canary_t *c, const rollout_rs_t *new_rs,
                                  const rollout_rs_t *stable_rs, int *fixed_replicas) {
    return desired_weight(c, new_rs, stable_rs, fixed_replicas);
}

/* GetReplicasForScaleDown (canary.go): the pods of an RS that count as available for the
 * scale-down budget; an RS already shrinking counts its desired size, and one whose
 * availability may be ignored (the side we drain) counts all its desired pods. */
static int replicas_for_scale_down(const rollout_rs_t *rs, bool ignore_availability) {
    if (rs == NULL) return 0;
    if (rs->desired < rs->available || ignore_availability) return rs->desired;
    return rs->available;
}

/* calculateScaleDownReplicaCount (canary.go). */
static int scale_down_count(const rollout_rs_t *drain, int desired, int scale_down, int count) {
    if (drain != NULL && drain->desired > desired)
        return max_int(desired, drain->desired - scale_down);
    return count;
}

/* adjustReplicaWithinLimits (canary.go): after draining one side, take back from the other
 * side what would exceed maxSurge, but not so much that availability drops below
 * minAvailable; then trim the drained side to the surge limit. */
static void adjust_within_limits(const rollout_rs_t *drain, const rollout_rs_t *adjust,
                                 int *drain_count, int *adjust_count, int max_allowed,
                                 int min_available) {
    int over = max_int(0, *adjust_count + *drain_count - max_allowed);
    int total_available = 0;
    if (drain != NULL) total_available += min_int(drain->available, *drain_count);
    if (adjust == NULL) return;
    *adjust_count -= over;
    total_available += min_int(adjust->available, *adjust_count);
    int extra_available = max_int(0, adjust->available - *adjust_count);
    int need_available = max_int(0, min_available - total_available);
    *adjust_count += min_int(extra_available, need_available);
    over = max_int(0, *adjust_count + *drain_count - max_allowed);
    *drain_count -= over;
}

/* CalculateReplicaCountsForBasicCanary (canary.go): the canary (new) and stable counts
 * without a traffic router. Targets come from rollout_approximate_weighted_counts; stable
 * is topped up before the canary within replicas + maxSurge; while older ReplicaSets have
 * pods nothing is scaled down; then the side moving away from its target is drained while
 * availability stays >= replicas - maxUnavailable. stable_rs == new_rs (same pointer) or
 * NULL means no separate stable RS: the new one is driven to replicas. older[] are the other
 * ReplicaSets. max_surge/max_unavailable are rollout_max_surge/unavailable(true, ...). */
void rollout_canary_basic_counts(int replicas, int weight, int max_surge, int max_unavailable,
                                 const rollout_rs_t *new_rs, const rollout_rs_t *stable_rs,
                                 const rollout_rs_t *older, int older_count, int *canary,
                                 int *stable) {
    int want_new, want_stable;
    rollout_approximate_weighted_counts(replicas, weight, ROLLOUT_MAX_WEIGHT, max_surge, &want_new,
                                        &want_stable);
    int new_count = new_rs != NULL ? new_rs->desired : 0, stable_count = 0;
    bool scale_stable = stable_rs != NULL && stable_rs != new_rs;
    if (scale_stable) {
        stable_count = stable_rs->desired;
    } else {
        want_new = replicas;
        want_stable = 0;
    }
    int max_allowed = replicas + max_surge, older_desired = 0;
    for (int i = 0; i < older_count; i++)
        older_desired += older[i].desired;
    int total = older_desired + new_count + (scale_stable ? stable_rs->desired : 0);
    int scale_up = max_allowed - total;
    if (scale_stable && stable_rs->desired < want_stable && scale_up > 0) {
        if (stable_rs->desired + scale_up < want_stable) {
            stable_count = stable_rs->desired + scale_up;
            scale_up = 0;
        } else {
            stable_count = want_stable;
            scale_up -= want_stable - stable_rs->desired;
        }
    }
    if (new_rs != NULL && new_rs->desired < want_new && scale_up > 0)
        new_count = min_int(new_rs->desired + scale_up, want_new);
    *canary = new_count;
    *stable = stable_count;
    if (older_desired > 0) /* older ReplicaSets are scaled down first */
        return;
    int min_available = replicas - max_unavailable;
    bool increasing = new_rs == NULL || want_new >= new_rs->desired;
    int to_scale_down = replicas_for_scale_down(new_rs, !increasing) +
                        replicas_for_scale_down(stable_rs, increasing);
    if (to_scale_down <= min_available) return;
    int scale_down = to_scale_down - min_available;
    if (!increasing) {
        new_count = scale_down_count(new_rs, want_new, scale_down, new_count);
        adjust_within_limits(new_rs, stable_rs, &new_count, &stable_count, max_allowed,
                             min_available);
    } else if (scale_stable) {
        stable_count = scale_down_count(stable_rs, want_stable, scale_down, stable_count);
        adjust_within_limits(stable_rs, new_rs, &stable_count, &new_count, max_allowed,
                             min_available);
    }
    *canary = new_count;
    *stable = stable_count;
}

/* CheckMinPodsPerReplicaSet (canary.go): a non-zero count is raised to minPodsPerReplicaSet
 * with traffic routing; the floor is capped at spec.replicas (argo-rollouts #4570). */
static int min_pods(const rollout_canary_t *c, int count) {
    if (count == 0 || c->min_pods_per_rs <= 0 || !c->traffic_routing) return count;
    return max_int(count, min_int(c->min_pods_per_rs, c->replicas));
}

/* GetDesiredCanaryWeight (canary.go) on an abort with dynamicStableScale: the stable comes back
 * one setWeight step at a time, so that an abort late in the steps does not surge the stable
 * to 100 % at once. The canary still holds max(replicas - stable available, canary available)
 * pods (only the first term with an explicit abortScaleDownDelaySeconds, which keeps the canary
 * at full size until its deadline and must not hold the weight up); walking the steps from
 * the last, the first setWeight needing fewer canary pods than that is the weight; none: 0. */
static int abort_dynamic_weight(const rollout_canary_t *c, const rollout_rs_t *new_rs,
                                const rollout_rs_t *stable_rs) {
    int held = c->replicas - stable_rs->available;
    if (!c->abort_delay_explicit) held = max_int(held, new_rs->available);
    for (int i = c->step_count - 1; i >= 0; i--) {
        if (c->steps[i].kind != CANARY_STEP_SET_WEIGHT) continue;
        int w = c->steps[i].weight;
        if (rollout_traffic_weight_to_replicas(c->replicas, w, c->max_weight) < held) return w;
    }
    return 0;
}

/* GetCanaryReplicasOrWeight with the ReplicaSets (NULL: unknown, as the upstream unit tests
 * pass them). */
static int desired_weight(const rollout_canary_t *c, const rollout_rs_t *new_rs,
                          const rollout_rs_t *stable_rs, int *fixed) {
    *fixed = -1;
    if (c->promote_full || c->stable_is_current) return c->max_weight;
    const rollout_canary_scale_t *scs = use_canary_scale(c);
    if (scs != NULL && scs->replicas >= 0) {
        *fixed = scs->replicas;
        return 0;
    }
    if (scs != NULL && scs->weight >= 0) return scs->weight;
    if (c->abort && c->dynamic_stable_scale && new_rs != NULL && stable_rs != NULL)
        return abort_dynamic_weight(c, new_rs, stable_rs);
    return current_set_weight(c);
}

/* CalculateReplicaCountsForTrafficRoutedCanary (canary.go): canary = setCanaryScale.replicas
 * or ceil(weight x replicas / maxWeight) (min pods applied); the stable stays at replicas.
 * With dynamicStableScale the stable is max(its share of the desired weight, its share of
 * the actual stable weight), and on abort the canary keeps max(its count, its share of the
 * actual canary weight). actual may be NULL (no weights recorded yet); new_rs/stable_rs are
 * only read on a dynamic abort and may be NULL. */
void rollout_canary_traffic_routed_counts(const rollout_canary_t *c,
                                          const rollout_weights_t *actual,
                                          const rollout_rs_t *new_rs, const rollout_rs_t *stable_rs,
                                          int *canary, int *stable) {
    int fixed, weight = desired_weight(c, new_rs, stable_rs, &fixed);
    int canary_count =
        fixed >= 0
            ? fixed
            : min_pods(c, rollout_traffic_weight_to_replicas(c->replicas, weight, c->max_weight));
    if (!c->dynamic_stable_scale) {
        *canary = canary_count;
        *stable = c->replicas;
        return;
    }
    int stable_count =
        rollout_traffic_weight_to_replicas(c->replicas, c->max_weight - weight, c->max_weight);
    if (actual != NULL) {
        stable_count =
            max_int(stable_count,
                    rollout_traffic_weight_to_replicas(c->replicas, actual->stable, c->max_weight));
        if (c->abort)
            canary_count = max_int(canary_count, rollout_traffic_weight_to_replicas(
                                                     c->replicas, actual->canary, c->max_weight));
    }
    *canary = min_pods(c, canary_count);
    *stable = min_pods(c, stable_count);
}

/* ---- Argo Rollouts analysis -------------------------------------------------------------- */

/* The message of an assessment, if the caller wants one (msg may be NULL). */
static void set_message(char *msg, size_t size, const char *fmt, ...) {
    va_list ap;
    if (msg == NULL || size == 0) return;
    va_start(ap, fmt);
    vsnprintf(msg, size, fmt, ap);
    va_end(ap);
}

/* assessMetricStatus (analysis/analysis.go) for a metric whose result is not completed yet
 * (a completed result keeps its phase: the caller stops assessing it). No measurement:
 * Pending, or Successful when the run is terminating. Last measurement in flight: Running.
 * Then failed > failureLimit (a negative limit never fails) -> Failed, inconclusive >
 * inconclusiveLimit -> Inconclusive, consecutive errors > their limit -> Error, the last of
 * these winning (assessMetricFailureInconclusiveOrError), with its message in msg (may be
 * NULL). Else the effective count reached (count, or 1 when neither count nor interval is
 * set) -> Successful; else Successful if terminating, Running if not. */
rollout_analysis_phase_t rollout_analysis_assess(const rollout_analysis_limits_t *limits,
                                                 const rollout_analysis_counts_t *counts,
                                                 bool terminating, char *msg, size_t msg_size) {
    rollout_analysis_phase_t phase = ROLLOUT_ANALYSIS_RUNNING;
    bool judged = false;
    if (msg != NULL && msg_size > 0) msg[0] = '\0';
    if (counts->measurements == 0)
        return terminating ? ROLLOUT_ANALYSIS_SUCCESSFUL : ROLLOUT_ANALYSIS_PENDING;
    if (counts->last_in_flight) return ROLLOUT_ANALYSIS_RUNNING;
    if (limits->failure_limit >= 0 && counts->failed > limits->failure_limit) {
        phase = ROLLOUT_ANALYSIS_FAILED;
        judged = true;
        set_message(msg, msg_size, "failed (%d) > failureLimit (%d)", counts->failed,
                    limits->failure_limit);
    }
    if (counts->inconclusive > limits->inconclusive_limit) {
        phase = ROLLOUT_ANALYSIS_INCONCLUSIVE;
        judged = true;
        set_message(msg, msg_size, "inconclusive (%d) > inconclusiveLimit (%d)",
                    counts->inconclusive, limits->inconclusive_limit);
    }
    if (counts->consecutive_error > limits->consecutive_error_limit) {
        phase = ROLLOUT_ANALYSIS_ERROR;
        judged = true;
        set_message(msg, msg_size, "consecutiveErrors (%d) > consecutiveErrorLimit (%d)",
                    counts->consecutive_error, limits->consecutive_error_limit);
    }
    if (judged) return phase;
    int effective = limits->count > 0 ? limits->count : limits->has_interval ? 0 : 1;
    if (effective > 0 && counts->measurements >= effective) return ROLLOUT_ANALYSIS_SUCCESSFUL;
    return terminating ? ROLLOUT_ANALYSIS_SUCCESSFUL : ROLLOUT_ANALYSIS_RUNNING;
}

/* The phase as Argo spells it ("Successful", ...). */
const char *rollout_analysis_phase_name(rollout_analysis_phase_t phase) {
    static const char *const names[] = {"Pending", "Running",      "Successful",
                                        "Failed",  "Inconclusive", "Error"};
    return (unsigned)phase < sizeof names / sizeof names[0] ? names[phase] : "?";
}
