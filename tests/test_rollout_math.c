/* rollout_math: every deployment.* and argo.* case of tests/vectors/k8s-vectors.json (read
 * at test time, dispatched on `rule`, counted per rule), then hand-written rows for the
 * fenceposts, scale-up, scale-down and proportional-scaling arithmetic. */
#include "test_util.h"

#include <cJSON.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "rollout_math.h"

#define VECTORS "tests/vectors/k8s-vectors.json"

static cJSON *vectors;

/* ---- reading the vectors ----------------------------------------------------------------- */

static const cJSON *get(const cJSON *o, const char *key) {
    return cJSON_GetObjectItemCaseSensitive(o, key);
}

static bool null_or_missing(const cJSON *o, const char *key) {
    const cJSON *v = get(o, key);
    return v == NULL || cJSON_IsNull(v);
}

static int num(const cJSON *o, const char *key, int fallback) {
    const cJSON *v = get(o, key);
    return cJSON_IsNumber(v) ? v->valueint : fallback;
}

static bool flag(const cJSON *o, const char *key) {
    return cJSON_IsTrue(get(o, key));
}

static const char *str(const cJSON *o, const char *key) {
    const cJSON *v = get(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A number is an integer IntOrString, a string goes through the parser (an invalid one
 * stays invalid); null or missing is unset unless `zero_if_missing` (Argo's Go tables leave
 * the zero IntOrString, int 0, in fields they omit). */
static int_or_pct_t iop(const cJSON *o, const char *key, bool zero_if_missing) {
    const cJSON *v = get(o, key);
    int_or_pct_t r = {0};
    if (cJSON_IsNumber(v))
        r = (int_or_pct_t){.set = true, .value = v->valueint};
    else if (cJSON_IsString(v))
        rollout_parse_int_or_pct(v->valuestring, &r);
    else if (zero_if_missing)
        r = (int_or_pct_t){.set = true, .value = 0};
    return r;
}

/* Table rows: a ReplicaSet without and with the controller's annotations. */
/* clang-format off */
#define RS(d, a) {.desired = (d), .available = (a)}
#define RSA(d, a, ad, am) \
    {.desired = (d), .available = (a), .annotated = true, .ann_desired = (ad), .ann_max = (am)}
/* clang-format on */

static rollout_rs_t rs_of(int desired, int available) {
    return (rollout_rs_t){.desired = desired, .available = available};
}

/* ---- checking ---------------------------------------------------------------------------- */

/* Mismatches of one case, appended as "what: got X, want Y; ". */
typedef struct {
    char text[512];
    size_t len;
} why_t;

static void why_add(why_t *w, const char *what, long long got, long long want) {
    if (got == want || w->len >= sizeof w->text) return;
    int n = snprintf(w->text + w->len, sizeof w->text - w->len, "%s: got %lld, want %lld; ", what,
                     got, want);
    if (n > 0) w->len += (size_t)n;
}

static void check_int(why_t *w, const cJSON *expected, const char *key, int got) {
    if (!null_or_missing(expected, key)) why_add(w, key, got, num(expected, key, 0));
}

static void check_bool(why_t *w, const cJSON *expected, const char *key, bool got) {
    if (!null_or_missing(expected, key)) why_add(w, key, got, flag(expected, key));
}

static void check_str(why_t *w, const cJSON *expected, const char *key, const char *got) {
    const char *want = str(expected, key);
    if (want != NULL && strcmp(got, want) != 0 && w->len < sizeof w->text) {
        int n = snprintf(w->text + w->len, sizeof w->text - w->len, "%s: got \"%s\", want \"%s\"; ",
                         key, got, want);
        if (n > 0) w->len += (size_t)n;
    }
}

/* ---- one runner per rule ----------------------------------------------------------------- */

typedef void (*run_fn)(const char *rule, const cJSON *in, const cJSON *out, why_t *w);

static void run_resolve_fenceposts(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int surge, unavailable;
    int rc =
        rollout_resolve_fenceposts(iop(in, "maxSurge", false), iop(in, "maxUnavailable", false),
                                   num(in, "desired", 0), &surge, &unavailable);
    check_int(w, out, "surge", surge);
    check_int(w, out, "unavailable", unavailable);
    check_bool(w, out, "error", rc != 0);
}

static bool is_recreate(const cJSON *in) {
    const char *s = str(in, "strategy");
    return s != NULL && strcmp(s, "Recreate") == 0;
}

static void run_max_unavailable(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int got = rollout_max_unavailable(!is_recreate(in), iop(in, "maxSurge", false),
                                      iop(in, "maxUnavailable", false), num(in, "replicas", 0));
    check_int(w, out, "maxUnavailable", got);
}

static void run_new_rs_new_replicas(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int replicas = num(in, "deploymentReplicas", 0), all = 0;
    const cJSON *rs;
    cJSON_ArrayForEach(rs, get(in, "allRSsSpecReplicas")) all += rs->valueint;
    int surge = rollout_max_surge(true, iop(in, "maxSurge", false),
                                  iop(in, "maxUnavailable", false), replicas);
    int got = rollout_new_rs_new_replicas(is_recreate(in), replicas, surge, all,
                                          num(in, "newRSReplicas", 0));
    check_int(w, out, "newReplicas", got);
}

static void run_complete(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    rollout_status_t st = {.replicas = num(in, "statusReplicas", 0),
                           .updated = num(in, "updatedReplicas", 0),
                           .available = num(in, "availableReplicas", 0)};
    check_bool(w, out, "complete", rollout_deployment_complete(num(in, "replicas", 0), st));
}

static rollout_status_t status_of(const cJSON *o) {
    return (rollout_status_t){.replicas = num(o, "replicas", 0),
                              .updated = num(o, "updatedReplicas", 0),
                              .ready = num(o, "readyReplicas", 0),
                              .available = num(o, "availableReplicas", 0)};
}

static void run_progressing(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    bool got = rollout_deployment_progressing(status_of(get(in, "old")), status_of(get(in, "new")));
    check_bool(w, out, "progressing", got);
}

static void run_timed_out(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    const char *reason = str(in, "progressingConditionReason");
    rollout_progress_reason_t r = ROLLOUT_PROGRESS_OTHER;
    if (reason != NULL && strcmp(reason, "NewReplicaSetAvailable") == 0)
        r = ROLLOUT_PROGRESS_NEW_RS_AVAILABLE;
    else if (reason != NULL && strcmp(reason, "ProgressDeadlineExceeded") == 0)
        r = ROLLOUT_PROGRESS_TIMED_OUT;
    sim_time_t deadline = null_or_missing(in, "progressDeadlineSeconds")
                              ? -1
                              : num(in, "progressDeadlineSeconds", 0) * SIM_SEC;
    bool got =
        rollout_deployment_timed_out(deadline, r, num(in, "lastUpdateTimeSeconds", 0) * SIM_SEC,
                                     num(in, "nowSeconds", 0) * SIM_SEC);
    check_bool(w, out, "timedOut", got);
}

static void run_reconcile_new(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int replicas = num(in, "deploymentReplicas", 0), old = num(in, "oldReplicas", 0);
    int new_desired = num(in, "newReplicas", 0), count;
    int surge = rollout_max_surge(true, iop(in, "maxSurge", false),
                                  iop(in, "maxUnavailable", false), replicas);
    bool scaled = rollout_reconcile_new_rs(replicas, surge, old + new_desired, new_desired, &count);
    check_bool(w, out, "scaleExpected", scaled);
    check_bool(w, out, "expectedScaleErr", false);
    if (scaled) check_int(w, out, "expectedNewReplicas", count);
}

/* The rolling_test.go tables' Deployment (replicas, resolved maxUnavailable) and its one
 * old ReplicaSet. */
static rollout_rs_t old_rs_of(const cJSON *in, int *replicas, int *max_unavailable) {
    *replicas = num(in, "deploymentReplicas", 0);
    *max_unavailable = rollout_max_unavailable(true, iop(in, "maxSurge", false),
                                               iop(in, "maxUnavailable", false), *replicas);
    return rs_of(num(in, "oldReplicas", 0), num(in, "oldAvailableReplicas", 0));
}

static void run_reconcile_old(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int replicas, mu, result;
    rollout_rs_t old = old_rs_of(in, &replicas, &mu);
    int total = rollout_reconcile_old(&old, 1, num(in, "newReplicas", 0),
                                      num(in, "newAvailableReplicas", 0), replicas, mu, &result);
    check_bool(w, out, "scaleExpected", total > 0);
    check_int(w, out, "expectedOldReplicas", result);
}

static void run_cleanup(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int result;
    rollout_rs_t old = rs_of(num(in, "oldReplicas", 0), num(in, "oldAvailableReplicas", 0));
    int total = rollout_cleanup_unhealthy(&old, 1, num(in, "maxCleanupCount", 0), &result);
    check_int(w, out, "cleanupCount", total);
}

static void run_scale_down_old(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int replicas, mu, result;
    rollout_rs_t old = old_rs_of(in, &replicas, &mu);
    /* allRSs = oldRSs here: no new ReplicaSet contributes available pods */
    int total = rollout_scale_down_old(&old, 1, 0, replicas - mu, &result);
    check_bool(w, out, "scaleExpected", total > 0);
    check_int(w, out, "expectedOldReplicas", result);
}

/* The Argo Rollout of a case: steps (or a lone setWeight), status and strategy flags. */
typedef struct {
    canary_step_t steps[8];
    rollout_canary_scale_t scale;
    rollout_canary_t c;
} canary_case_t;

static void canary_of(const cJSON *in, bool traffic_routing, bool dynamic, canary_case_t *k) {
    memset(k, 0, sizeof *k);
    rollout_canary_t *c = &k->c;
    c->replicas = num(in, "rolloutSpecReplicas", 0);
    c->max_weight = ROLLOUT_MAX_WEIGHT;
    c->steps = k->steps;
    const cJSON *steps = get(in, "steps"), *step;
    if (cJSON_IsArray(steps)) {
        cJSON_ArrayForEach(step, steps) {
            if (c->step_count == (int)(sizeof k->steps / sizeof k->steps[0])) break;
            canary_step_t *s = &k->steps[c->step_count++];
            s->kind =
                null_or_missing(step, "setWeight") ? CANARY_STEP_PAUSE : CANARY_STEP_SET_WEIGHT;
            s->weight = num(step, "setWeight", 0);
            const cJSON *scs = get(step, "setCanaryScale");
            if (cJSON_IsObject(scs)) { /* the in-force one: the last at or before step 0 */
                k->scale = (rollout_canary_scale_t){.replicas = num(scs, "replicas", -1),
                                                    .weight = num(scs, "weight", -1),
                                                    .match_traffic_weight =
                                                        flag(scs, "matchTrafficWeight")};
                if (c->step_count == 1) c->canary_scale = &k->scale;
            }
        }
    } else if (!null_or_missing(in, "setWeight")) {
        k->steps[0] =
            (canary_step_t){.kind = CANARY_STEP_SET_WEIGHT, .weight = num(in, "setWeight", 0)};
        c->step_count = 1;
    }
    c->current_step = num(in, "currentStepIndex", 0);
    const cJSON *status = get(in, "status");
    if (cJSON_IsObject(status)) {
        const char *stable = str(status, "stableRS"), *current = str(status, "currentPodHash");
        c->stable_is_current = stable == NULL || stable[0] == '\0' ||
                               (current != NULL && strcmp(stable, current) == 0);
    }
    c->promote_full = flag(in, "promoteFull");
    c->abort = flag(in, "statusAbort");
    c->traffic_routing = traffic_routing;
    c->dynamic_stable_scale = dynamic;
    c->abort_delay_zero = !null_or_missing(in, "abortScaleDownDelaySeconds") &&
                          num(in, "abortScaleDownDelaySeconds", 0) == 0;
    c->min_pods_per_rs = num(in, "minPodsPerReplicaSet", 0);
}

/* The new (canary) and stable ReplicaSets of a case, in any of the tables' three shapes.
 * The stable pointer equals the new one when the two have the same name. */
static void rs_pair_of(const cJSON *in, rollout_rs_t *new_buf, rollout_rs_t *stable_buf,
                       const rollout_rs_t **new_rs, const rollout_rs_t **stable_rs) {
    *new_rs = *stable_rs = NULL;
    if (!null_or_missing(in, "stableSpecReplicas")) {
        *new_buf = rs_of(num(in, "canarySpecReplicas", 0), num(in, "canaryAvailableReplicas", 0));
        *stable_buf =
            rs_of(num(in, "stableSpecReplicas", 0), num(in, "stableAvailableReplicas", 0));
        *new_rs = new_buf;
        *stable_rs = stable_buf;
        return;
    }
    const cJSON *n = get(in, "newRS");
    if (!cJSON_IsObject(n)) n = get(in, "canaryRS");
    const cJSON *s = get(in, "stableRS");
    if (cJSON_IsObject(n)) {
        *new_buf = rs_of(num(n, "specReplicas", 0), num(n, "availableReplicas", 0));
        *new_rs = new_buf;
    }
    if (cJSON_IsObject(s)) {
        const char *sn = str(s, "name"), *nn = cJSON_IsObject(n) ? str(n, "name") : NULL;
        if (sn != NULL && nn != NULL && strcmp(sn, nn) == 0) {
            *stable_rs = *new_rs;
        } else {
            *stable_buf = rs_of(num(s, "specReplicas", 0), num(s, "availableReplicas", 0));
            *stable_rs = stable_buf;
        }
    }
}

static void run_basic_canary(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    canary_case_t k;
    canary_of(in, false, false, &k);
    int fixed, weight = rollout_canary_weight(&k.c, &fixed), canary, stable;
    int_or_pct_t ms = iop(in, "maxSurge", true), mu = iop(in, "maxUnavailable", true);
    int surge = rollout_max_surge(true, ms, mu, k.c.replicas);
    int unavailable = rollout_max_unavailable(true, ms, mu, k.c.replicas);
    rollout_rs_t nb, sb, older[4];
    const rollout_rs_t *new_rs, *stable_rs;
    rs_pair_of(in, &nb, &sb, &new_rs, &stable_rs);
    int n_older = 0;
    const cJSON *o = get(in, "olderRS"), *other;
    if (cJSON_IsObject(o))
        older[n_older++] = rs_of(num(o, "specReplicas", 0), num(o, "availableReplicas", 0));
    cJSON_ArrayForEach(other, get(in, "otherRSs")) {
        if (n_older < 4)
            older[n_older++] =
                rs_of(num(other, "specReplicas", 0), num(other, "availableReplicas", 0));
    }
    rollout_canary_basic_counts(k.c.replicas, weight, surge, unavailable, new_rs, stable_rs, older,
                                n_older, &canary, &stable);
    check_int(w, out, "canaryReplicas", canary);
    check_int(w, out, "stableReplicas", stable);
}

static void run_traffic_canary(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    bool dynamic = strstr(rule, "dynamicStableScale: true") != NULL;
    canary_case_t k;
    canary_of(in, true, dynamic, &k);
    rollout_rs_t nb, sb;
    const rollout_rs_t *new_rs, *stable_rs;
    rs_pair_of(in, &nb, &sb, &new_rs, &stable_rs);
    const cJSON *tw = get(in, "trafficWeights");
    rollout_weights_t weights = {num(tw, "canary", 0), num(tw, "stable", 0)};
    int canary, stable;
    rollout_canary_traffic_routed_counts(&k.c, cJSON_IsObject(tw) ? &weights : NULL, new_rs,
                                         stable_rs, &canary, &stable);
    check_int(w, out, "canaryReplicas", canary);
    check_int(w, out, "stableReplicas", stable);
}

static void run_approximate(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int canary, stable;
    rollout_approximate_weighted_counts(num(in, "replicas", 0), num(in, "weight", 0),
                                        num(in, "maxWeight", 0), num(in, "maxSurge", 0), &canary,
                                        &stable);
    check_int(w, out, "canary", canary);
    check_int(w, out, "stable", stable);
}

static void run_weight_to_replicas(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    int got = rollout_traffic_weight_to_replicas(num(in, "replicas", 0), num(in, "weight", 0),
                                                 num(in, "maxWeight", 0));
    check_int(w, out, "replicas", got);
}

static void run_analysis(const char *rule, const cJSON *in, const cJSON *out, why_t *w) {
    (void)rule;
    const cJSON *m = get(in, "metric"), *r = get(in, "result");
    rollout_analysis_limits_t limits = {
        .count = num(m, "count", 0),
        .has_interval = !null_or_missing(m, "interval"),
        .failure_limit = num(m, "failureLimit", 0),
        .inconclusive_limit = num(m, "inconclusiveLimit", 0),
        .consecutive_error_limit =
            num(m, "consecutiveErrorLimit", ROLLOUT_ANALYSIS_CONSECUTIVE_ERROR_LIMIT)};
    const char *last = str(r, "lastMeasurementPhase");
    int taken = num(r, "count", 0);
    if (last != NULL && taken == 0)
        taken = 1; /* a last measurement exists, the table just omits the count */
    rollout_analysis_counts_t counts = {
        .measurements = num(r, "measurements", taken),
        .last_in_flight =
            last != NULL && (strcmp(last, "Running") == 0 || strcmp(last, "Pending") == 0),
        .successful = num(r, "successful", 0),
        .failed = num(r, "failed", 0),
        .inconclusive = num(r, "inconclusive", 0),
        .error = num(r, "error", 0),
        .consecutive_error = num(r, "consecutiveError", 0)};
    char msg[128];
    rollout_analysis_phase_t phase =
        rollout_analysis_assess(&limits, &counts, flag(in, "terminating"), msg, sizeof msg);
    check_str(w, out, "phase", rollout_analysis_phase_name(phase));
    check_str(w, out, "message", msg);
}

/* ---- the rule table, the skips, the loop ------------------------------------------------- */

typedef struct {
    const char *rule; /* matches a vector rule equal to it or followed by " (" */
    int present;      /* cases of this rule in the vectors file */
    run_fn run;
} rule_t;

static const rule_t rules[] = {
    {"deployment.ResolveFenceposts", 7, run_resolve_fenceposts},
    {"deployment.MaxUnavailable", 8, run_max_unavailable},
    {"deployment.NewRSNewReplicas", 3, run_new_rs_new_replicas},
    {"deployment.DeploymentComplete", 6, run_complete},
    {"deployment.DeploymentProgressing", 7, run_progressing},
    {"deployment.DeploymentTimedOut", 5, run_timed_out},
    {"deployment.reconcileNewReplicaSet", 13, run_reconcile_new},
    {"deployment.reconcileOldReplicaSets", 5, run_reconcile_old},
    {"deployment.cleanupUnhealthyReplicas", 4, run_cleanup},
    {"deployment.scaleDownOldReplicaSetsForRollingUpdate", 5, run_scale_down_old},
    {"argo.CalculateReplicaCountsForBasicCanary", 36, run_basic_canary},
    /* the more specific name first: it is also a prefix match of the one after */
    {"argo.CalculateReplicaCountsForTrafficRoutedCanary (dynamicStableScale: true)", 8,
     run_traffic_canary},
    {"argo.CalculateReplicaCountsForTrafficRoutedCanary", 8, run_traffic_canary},
    {"argo.approximateWeightedCanaryStableReplicaCounts", 57, run_approximate},
    {"argo.trafficWeightToReplicas", 7, run_weight_to_replicas},
    {"argo.analysis.assessMetricStatus", 19, run_analysis},
};
#define RULE_COUNT (int)(sizeof rules / sizeof rules[0])

typedef struct {
    const char *rule, *case_name, *reason;
} skip_t;

/* Every case deliberately not run, and why. */
#define POD_REPLACEMENT                                                                            \
    "needs podReplacementPolicy TerminationComplete (DeploymentPodReplacementPolicy, an alpha "    \
    "feature gate off by default): the model counts no terminating pods in the surge budget"
static const skip_t skips[] = {
    {"deployment.reconcileNewReplicaSet",
     "should scale up according to the terminating pods with TerminationComplete policy",
     POD_REPLACEMENT},
    {"deployment.reconcileNewReplicaSet",
     "should scale up according to the terminating pods with TerminationComplete policy and "
     "unsynced new RS",
     POD_REPLACEMENT},
    {"deployment.reconcileNewReplicaSet",
     "should error when scaling up according to the terminating pods with TerminationComplete "
     "policy and broken new RS (unknown terminatingReplicas)",
     POD_REPLACEMENT},
    {"deployment.reconcileNewReplicaSet",
     "should scale up according to the status pods with TerminationComplete policy",
     POD_REPLACEMENT},
    {"deployment.reconcileNewReplicaSet",
     "should scale up according to the maxSurge and terminating and status pods with "
     "TerminationComplete policy",
     POD_REPLACEMENT},
    {"deployment.reconcileNewReplicaSet",
     "should not scale up according to the maxSurge due to terminating pods with "
     "TerminationComplete policy",
     POD_REPLACEMENT},
};
#define SKIP_COUNT (int)(sizeof skips / sizeof skips[0])

/* The rule-table entry of a vector's rule, or -1. */
static int rule_index(const char *rule) {
    for (int i = 0; i < RULE_COUNT; i++) {
        size_t n = strlen(rules[i].rule);
        if (strncmp(rule, rules[i].rule, n) == 0 &&
            (rule[n] == '\0' || strncmp(rule + n, " (", 2) == 0))
            return i;
    }
    return -1;
}

static const skip_t *skip_of(const char *rule, const cJSON *in) {
    const char *name = str(in, "case");
    for (int i = 0; name != NULL && i < SKIP_COUNT; i++)
        if (strncmp(rule, skips[i].rule, strlen(skips[i].rule)) == 0 &&
            strcmp(name, skips[i].case_name) == 0)
            return &skips[i];
    return NULL;
}

static int skips_listed(int rule) {
    int n = 0;
    for (int i = 0; i < SKIP_COUNT; i++)
        n += rule_index(skips[i].rule) == rule;
    return n;
}

/* Runs every vector of the rules whose names start with `prefix`; each rule must have its
 * expected number of cases, run all but its listed skips, and pass them all. */
static void run_vectors(const char *prefix) {
    int present[RULE_COUNT] = {0}, ran[RULE_COUNT] = {0}, skipped[RULE_COUNT] = {0};
    int failed = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, vectors) {
        const char *rule = str(v, "rule");
        int r = rule != NULL ? rule_index(rule) : -1;
        if (r < 0 || strncmp(rules[r].rule, prefix, strlen(prefix)) != 0) continue;
        present[r]++;
        const cJSON *in = get(v, "inputs"), *out = get(v, "expected");
        const skip_t *s = skip_of(rule, in);
        if (s != NULL) {
            skipped[r]++;
            print_message("skip  %s \"%s\": %s\n", rules[r].rule, s->case_name, s->reason);
            continue;
        }
        why_t w = {.len = 0};
        rules[r].run(rule, in, out, &w);
        ran[r]++;
        if (w.len > 0) {
            failed++;
            char *inputs = cJSON_PrintUnformatted(in);
            print_error("FAIL  %s %s\n      %s\n", rules[r].rule, inputs, w.text);
            free(inputs);
        }
    }
    for (int r = 0; r < RULE_COUNT; r++) {
        if (strncmp(rules[r].rule, prefix, strlen(prefix)) != 0) continue;
        print_message("%-75s %3d run, %d skipped\n", rules[r].rule, ran[r], skipped[r]);
        assert_int_equal(present[r], rules[r].present);
        assert_int_equal(skipped[r], skips_listed(r));
        assert_int_equal(ran[r], rules[r].present - skips_listed(r));
    }
    assert_int_equal(failed, 0);
}

static void test_vectors_deployment(void **state) {
    (void)state;
    run_vectors("deployment.");
}

static void test_vectors_argo_canary(void **state) {
    (void)state;
    run_vectors("argo.CalculateReplicaCounts");
    run_vectors("argo.approximate");
    run_vectors("argo.trafficWeight");
}

static void test_vectors_argo_analysis(void **state) {
    (void)state;
    run_vectors("argo.analysis.");
}

/* Every deployment.* and argo.* rule of the file is one this test knows. */
static void test_vectors_all_rules_known(void **state) {
    (void)state;
    int mine = 0;
    const cJSON *v;
    cJSON_ArrayForEach(v, vectors) {
        const char *rule = str(v, "rule");
        assert_non_null(rule);
        if (strncmp(rule, "deployment.", 11) != 0 && strncmp(rule, "argo.", 5) != 0) continue;
        if (rule_index(rule) < 0) fail_msg("unknown rule %s", rule);
        mine++;
    }
    assert_int_equal(mine, 198);
}

/* ---- hand-written rows: fenceposts ------------------------------------------------------- */

/* IntOrString initializers for the static tables, and as values for calls. */
/* clang-format off */
#define PCT_(v) {.set = true, .percent = true, .value = (v)}
#define INT_(v) {.set = true, .value = (v)}
#define UNSET_ {.set = false}
/* clang-format on */
#define PCT(v) ((int_or_pct_t)PCT_(v))
#define UNSET ((int_or_pct_t)UNSET_)

static void test_fenceposts_table(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int_or_pct_t surge, unavailable;
        int replicas;
        int want_surge, want_resolved, want_max_unavailable;
    } rows[] = {
        /* the defaults: 25% up is 3, 25% down is 2 */
        {"defaults of 10", PCT_(25), PCT_(25), 10, 3, 2, 2},
        /* one replica: surge rounds up to 1, unavailable down to 0 */
        {"defaults of 1", PCT_(25), PCT_(25), 1, 1, 0, 0},
        /* 0 replicas: both 0 -> unavailable 1, but MaxUnavailable of 0 replicas is 0 */
        {"defaults of 0", PCT_(25), PCT_(25), 0, 0, 1, 0},
        /* plain integers are taken as they are */
        {"integers 2/1", INT_(2), INT_(1), 10, 2, 1, 1},
        /* both literally 0 (rejected by validation) still resolve to unavailable 1 */
        {"integers 0/0", INT_(0), INT_(0), 5, 0, 1, 1},
        /* 10% of 5 floors to 0: both 0 -> unavailable 1 */
        {"surge 0%, unavailable 10% of 5", PCT_(0), PCT_(10), 5, 0, 1, 1},
        /* surge only: nothing may be unavailable */
        {"surge 1, unavailable 0", INT_(1), INT_(0), 3, 1, 0, 0},
        /* 100% unavailable: the whole Deployment may go */
        {"unavailable 100% of 4", PCT_(25), PCT_(100), 4, 1, 4, 4},
        /* an integer above replicas is capped by MaxUnavailable, not by ResolveFenceposts */
        {"unavailable 10 of 3", PCT_(25), INT_(10), 3, 1, 10, 3},
        /* 33% of 3 = 0.99: up to 1, down to 0 */
        {"33% of 3", PCT_(33), PCT_(33), 3, 1, 0, 0},
        /* unset fields count as 0 */
        {"both unset", UNSET_, UNSET_, 4, 0, 1, 1},
        /* half of one replica */
        {"50%/50% of 1", PCT_(50), PCT_(50), 1, 1, 0, 0},
        /* exact halves: 10% of 25 = 2.5 */
        {"10% of 25", PCT_(10), PCT_(10), 25, 3, 2, 2},
        /* upstream's comment: 2 desired, unavailable 1%, surge 0% -> old(-1), new(+1) */
        {"surge 0%, unavailable 1% of 2", PCT_(0), PCT_(1), 2, 0, 1, 1},
        /* surge 100% doubles the Deployment */
        {"surge 100% of 7", PCT_(100), INT_(0), 7, 7, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int s, u;
        print_message("fenceposts: %s\n", rows[i].name);
        assert_int_equal(rollout_resolve_fenceposts(rows[i].surge, rows[i].unavailable,
                                                    rows[i].replicas, &s, &u),
                         0);
        assert_int_equal(s, rows[i].want_surge);
        assert_int_equal(u, rows[i].want_resolved);
        assert_int_equal(
            rollout_max_surge(true, rows[i].surge, rows[i].unavailable, rows[i].replicas),
            rows[i].want_surge);
        assert_int_equal(
            rollout_max_unavailable(true, rows[i].surge, rows[i].unavailable, rows[i].replicas),
            rows[i].want_max_unavailable);
        /* Recreate has neither */
        assert_int_equal(rollout_max_surge(false, rows[i].surge, rows[i].unavailable, 9), 0);
        assert_int_equal(rollout_max_unavailable(false, rows[i].surge, rows[i].unavailable, 9), 0);
    }
}

static void test_parse_int_or_pct(void **state) {
    (void)state;
    int_or_pct_t v;
    assert_int_equal(rollout_parse_int_or_pct("25%", &v), 0);
    assert_true(v.set && v.percent && v.value == 25);
    assert_int_equal(rollout_parse_int_or_pct("0%", &v), 0);
    assert_int_equal(v.value, 0);
    /* a string must be a percentage */
    assert_int_equal(rollout_parse_int_or_pct("25", &v), -1);
    assert_int_equal(rollout_parse_int_or_pct("%", &v), -1);
    assert_int_equal(rollout_parse_int_or_pct("25%%", &v), -1);
    assert_int_equal(rollout_parse_int_or_pct("", &v), -1);
    assert_int_equal(rollout_parse_int_or_pct("99999999999%", &v), -1);
    /* a failed parse leaves a value that resolving rejects with 0/0 */
    int s = 7, u = 7;
    assert_int_equal(rollout_resolve_fenceposts(v, PCT(25), 10, &s, &u), -1);
    assert_int_equal(s, 0);
    assert_int_equal(u, 0);
    /* Atoi takes a sign; a negative value parses and is then invalid */
    assert_int_equal(rollout_parse_int_or_pct("-5%", &v), 0);
    assert_int_equal(v.value, -5);
    assert_int_equal(rollout_parse_int_or_pct("+5%", &v), 0); /* Atoi("+5") = 5 */
    assert_int_equal(v.value, 5);
    assert_int_equal(rollout_parse_int_or_pct("2a%", &v), -1); /* Atoi("2a"): invalid syntax */
    assert_int_equal(rollout_resolve_fenceposts(PCT(25), v, 10, &s, &u), -1);
    /* resolving percentages directly, negative ones included */
    assert_int_equal(int_or_pct_resolve(PCT(25), 10, true), 3);
    assert_int_equal(int_or_pct_resolve(PCT(25), 10, false), 2);
    assert_int_equal(int_or_pct_resolve(PCT(-25), 10, true), -2);
    assert_int_equal(int_or_pct_resolve(PCT(-25), 10, false), -3);
    assert_int_equal(int_or_pct_resolve(UNSET, 10, true), 0);
}

static void test_explain_fenceposts(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int_or_pct_t surge, unavailable;
        int replicas;
        const char *want;
    } rows[] = {
        {"defaults of 10", PCT_(25), PCT_(25), 10,
         "maxSurge 25% of 10 = 3 (rounded up), maxUnavailable 25% of 10 = 2 (rounded down)"},
        {"integers", INT_(1), INT_(0), 4, "maxSurge 1, maxUnavailable 0"},
        {"both 0", PCT_(0), PCT_(0), 3,
         "maxSurge 0% of 3 = 0 (rounded up), maxUnavailable 0% of 3 = 0 (rounded down), raised "
         "to 1 because both are 0"},
        {"capped", PCT_(25), INT_(10), 3,
         "maxSurge 25% of 3 = 1 (rounded up), maxUnavailable 10, capped at 3 replicas"},
        {"unset", UNSET_, PCT_(50), 3,
         "maxSurge unset = 0, maxUnavailable 50% of 3 = 1 (rounded down)"},
        {"invalid", PCT_(25), PCT_(-1), 3, "invalid maxSurge/maxUnavailable"},
    };
    char buf[200];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        print_message("explain: %s\n", rows[i].name);
        int n = rollout_explain_fenceposts(buf, sizeof buf, rows[i].surge, rows[i].unavailable,
                                           rows[i].replicas);
        assert_string_equal(buf, rows[i].want);
        assert_int_equal(n, (int)strlen(rows[i].want));
    }
    /* a short buffer is cut and terminated; the return value is the whole length */
    char small[12];
    int n = rollout_explain_fenceposts(small, sizeof small, PCT(25), PCT(25), 10);
    assert_string_equal(small, "maxSurge 25");
    assert_int_equal(n, (int)strlen(rows[0].want));
    assert_int_equal(rollout_explain_fenceposts(NULL, 0, PCT(25), PCT(25), 10), n);
}

/* ---- hand-written rows: scale-up --------------------------------------------------------- */

static void test_scale_up_table(void **state) {
    (void)state;
    static const struct {
        const char *name;
        bool recreate;
        int replicas, surge, all_desired, new_desired, want;
    } rows[] = {
        /* first sync of a rollout: old 10 full, surge 3 -> new 3 */
        {"first step, surge 3", false, 10, 3, 10, 0, 3},
        /* surge 0: no room until old pods go */
        {"surge 0 waits for old pods", false, 10, 0, 10, 0, 0},
        /* old scaled down by 2 (surge 0, unavailable 2): new takes the 2 */
        {"surge 0 after scale-down", false, 10, 0, 8, 0, 2},
        /* near the end the new RS stops at replicas, not at replicas + surge */
        {"capped at replicas", false, 10, 5, 9, 8, 10},
        /* 1 replica with surge 1: the new pod starts beside the old */
        {"1 replica, surge 1", false, 1, 1, 1, 0, 1},
        /* 1 replica, surge 0 (unavailable 1): the old one goes first */
        {"1 replica, surge 0", false, 1, 0, 1, 0, 0},
        /* 0 replicas: nothing to create */
        {"0 replicas", false, 0, 0, 0, 0, 0},
        /* rollover: two old RSs already fill replicas + surge */
        {"rollover, total reached", false, 10, 3, 13, 0, 0},
        /* partly grown new RS keeps growing into the room left */
        {"partial room", false, 10, 2, 11, 4, 5},
        /* Recreate: the whole count at once (once the old pods are gone) */
        {"recreate", true, 4, 0, 4, 0, 4},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        print_message("scale-up: %s\n", rows[i].name);
        assert_int_equal(rollout_new_rs_new_replicas(rows[i].recreate, rows[i].replicas,
                                                     rows[i].surge, rows[i].all_desired,
                                                     rows[i].new_desired),
                         rows[i].want);
    }
    int count;
    /* a new RS above replicas (scaled down mid-rollout) goes to replicas */
    assert_true(rollout_reconcile_new_rs(5, 2, 8, 8, &count));
    assert_int_equal(count, 5);
    /* at replicas: nothing */
    assert_false(rollout_reconcile_new_rs(5, 2, 7, 5, &count));
    assert_int_equal(count, 5);
    /* no room: not scaled */
    assert_false(rollout_reconcile_new_rs(10, 0, 10, 0, &count));
    assert_int_equal(count, 0);
}

/* ---- hand-written rows: scale-down ------------------------------------------------------- */

static void test_scale_down_table(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int replicas, max_unavailable, n;
        rollout_rs_t old[3];
        int new_desired, new_available;
        int want[3], want_total;
    } rows[] = {
        /* maxUnavailable 0: old pods wait until new ones are available */
        {"unavailable 0, new not available", 10, 0, 1, {RS(10, 10)}, 3, 0, {10}, 0},
        /* ... and go as soon as they are */
        {"unavailable 0, new available", 10, 0, 1, {RS(10, 10)}, 3, 3, {7}, 3},
        /* unavailable new pods do not make room (rolling.go's "case 1") */
        {"unavailable new pods block", 10, 2, 1, {RS(8, 8)}, 4, 0, {8}, 0},
        /* several old RSs: the oldest drains first */
        {"oldest first", 10, 2, 2, {RS(3, 3), RS(5, 5)}, 4, 4, {0, 4}, 4},
        /* unhealthy old pods go first, oldest RS first, within maxScaledDown */
        {"unhealthy first", 10, 1, 2, {RS(4, 2), RS(6, 5)}, 2, 2, {2, 5}, 3},
        /* cleanup, then available pods down to minAvailable */
        {"cleanup then scale-down", 10, 3, 1, {RS(10, 9)}, 0, 0, {7}, 3},
        /* an old RS already at 0 takes no part */
        {"old RS at 0 skipped", 4, 1, 2, {RS(0, 0), RS(4, 4)}, 1, 1, {0, 2}, 2},
        /* 1 replica, surge 1, unavailable 0: the old pod goes once the new one is available */
        {"1 replica, new available", 1, 0, 1, {RS(1, 1)}, 1, 1, {0}, 1},
        {"1 replica, new not available", 1, 0, 1, {RS(1, 1)}, 1, 0, {1}, 0},
        /* nothing old left */
        {"no old pods", 3, 1, 1, {RS(0, 0)}, 3, 3, {0}, 0},
        /* three old RSs, budget spread oldest first */
        {"three old RSs", 6, 3, 3, {RS(1, 1), RS(2, 2), RS(3, 3)}, 2, 2, {0, 0, 1}, 5},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int out[3] = {-1, -1, -1};
        print_message("scale-down: %s\n", rows[i].name);
        int total = rollout_reconcile_old(rows[i].old, rows[i].n, rows[i].new_desired,
                                          rows[i].new_available, rows[i].replicas,
                                          rows[i].max_unavailable, out);
        assert_int_equal(total, rows[i].want_total);
        for (int k = 0; k < rows[i].n; k++)
            assert_int_equal(out[k], rows[i].want[k]);
    }
    /* the two steps alone */
    rollout_rs_t old[2] = {RS(5, 3), RS(4, 1)};
    int out[2];
    assert_int_equal(rollout_cleanup_unhealthy(old, 2, 3, out), 3);
    assert_int_equal(out[0], 3);
    assert_int_equal(out[1], 3);
    /* 4 old + 2 new available against minAvailable 3: 3 go, oldest RS first */
    assert_int_equal(rollout_scale_down_old(old, 2, 2, 3, out), 3);
    assert_int_equal(out[0], 2);
    assert_int_equal(out[1], 4);
}

/* ---- hand-written rows: proportional scaling --------------------------------------------- */

static void test_proportional_scaling(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int n;
        rollout_rs_t rs[3];
        int new_index;
        bool rolling;
        int replicas, surge, status_replicas;
        int want[3], want_changed;
    } rows[] = {
        /* Kubernetes docs' example: 10 -> 15 (surge 3) with old 8, new 5: +3 old, +2 new */
        {"docs: 10 to 15",
         2,
         {RSA(8, 8, 10, 13), RSA(5, 0, 10, 13)},
         1,
         true,
         15,
         3,
         13,
         {11, 7},
         2},
        /* back down: 10 -> 5 */
        {"10 to 5", 2, {RSA(8, 8, 10, 13), RSA(5, 0, 10, 13)}, 1, true, 5, 3, 13, {5, 3}, 2},
        /* no annotations: status.replicas (13) is the base instead */
        {"no annotations", 2, {RS(8, 8), RS(5, 0)}, 1, true, 15, 3, 13, {11, 7}, 2},
        /* rounding leftover (+1) to the first: equal sizes, newer first when scaling up */
        {"leftover up, newer first",
         3,
         {RSA(3, 3, 8, 9), RSA(3, 3, 8, 9), RSA(3, 0, 8, 9)},
         2,
         true,
         9,
         1,
         9,
         {3, 3, 4},
         1},
        /* ... older first when scaling down */
        {"leftover down, older first",
         3,
         {RSA(3, 3, 8, 9), RSA(3, 3, 8, 9), RSA(3, 0, 8, 9)},
         2,
         true,
         7,
         1,
         9,
         {2, 3, 3},
         1},
        /* one active RS: it goes straight to replicas */
        {"single active", 2, {RS(0, 0), RSA(5, 5, 5, 6)}, 1, true, 8, 1, 5, {0, 8}, 1},
        /* none active: the new RS */
        {"none active", 2, {RS(0, 0), RS(0, 0)}, 1, true, 3, 1, 0, {0, 3}, 1},
        /* none active, no new RS: the newest */
        {"none active, no new", 2, {RS(0, 0), RS(0, 0)}, -1, true, 3, 1, 0, {0, 3}, 1},
        /* saturated new RS: the old ones go to 0 */
        {"saturated new", 2, {RSA(2, 2, 5, 6), RSA(5, 5, 5, 6)}, 1, true, 5, 1, 7, {0, 5}, 1},
        /* Recreate with two active RSs: nothing proportional */
        {"recreate", 2, {RS(2, 2), RS(3, 0)}, 1, false, 6, 0, 5, {2, 3}, 0},
        /* k8s pkg/controller/deployment/sync_test.go TestScale "change both surge and size":
         * 10 (maxSurge 3) -> 50 (maxSurge 6), old 8 and new 5 annotated 10 / 13: each scales by
         * round(size x 56 / 13) (getReplicaSetFraction), 34 and 22 */
        {"change both surge and size",
         2,
         {RSA(8, 8, 10, 13), RSA(5, 0, 10, 13)},
         1,
         true,
         50,
         6,
         13,
         {34, 22},
         2},
        /* already at replicas + maxSurge: deploymentReplicasToAdd is 0, nothing changes */
        {"nothing to add",
         2,
         {RSA(8, 8, 10, 13), RSA(5, 0, 10, 13)},
         1,
         true,
         10,
         3,
         13,
         {8, 5},
         0},
        /* the new RS at spec.replicas but not all available is not saturated (IsSaturated):
         * proportional, 7 -> 6; each fraction rounds to 0, the leftover -1 goes to the first
         * of ReplicaSetsBySizeOlder, the largest */
        {"new at size, not saturated",
         2,
         {RSA(2, 2, 5, 6), RSA(5, 3, 5, 6)},
         1,
         true,
         5,
         1,
         7,
         {2, 4},
         1},
        /* scale to 0: every active RS to 0 */
        {"to zero", 2, {RSA(4, 4, 10, 12), RSA(6, 6, 10, 12)}, 1, true, 0, 0, 10, {0, 0}, 2},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int out[3] = {-1, -1, -1};
        print_message("proportional: %s\n", rows[i].name);
        int changed = rollout_proportional_scale(rows[i].rs, rows[i].n, rows[i].new_index,
                                                 rows[i].rolling, rows[i].replicas, rows[i].surge,
                                                 rows[i].status_replicas, out);
        for (int k = 0; k < rows[i].n; k++)
            assert_int_equal(out[k], rows[i].want[k]);
        assert_int_equal(changed, rows[i].want_changed);
    }
    rollout_rs_t rs[2] = {RSA(8, 8, 10, 13), RSA(5, 0, 10, 13)};
    assert_true(rollout_is_scaling_event(rs, 2, 15));
    assert_false(rollout_is_scaling_event(rs, 2, 10));
    rs[0].annotated = rs[1].annotated = false;
    assert_false(rollout_is_scaling_event(rs, 2, 15));
}

/* ---- hand-written rows: progress and analysis -------------------------------------------- */

static void test_timed_out_edges(void **state) {
    (void)state;
    sim_time_t d = 600 * SIM_SEC;
    /* strictly before: exactly at the deadline is not yet timed out */
    assert_false(rollout_deployment_timed_out(d, ROLLOUT_PROGRESS_OTHER, 0, d));
    assert_true(rollout_deployment_timed_out(d, ROLLOUT_PROGRESS_OTHER, 0, d + 1));
    assert_false(rollout_deployment_timed_out(d, ROLLOUT_PROGRESS_NONE, 0, 10 * d));
    assert_true(rollout_deployment_timed_out(d, ROLLOUT_PROGRESS_TIMED_OUT, 0, 0));
    assert_false(rollout_deployment_timed_out((sim_time_t)INT32_MAX * SIM_SEC,
                                              ROLLOUT_PROGRESS_OTHER, 0, SIM_TIME_MAX / 2));
}

static void test_analysis_model_defaults(void **state) {
    (void)state;
    /* the model's analysis: interval set, count 0 = until the rollout ends */
    rollout_analysis_limits_t lim = {
        .has_interval = true, .consecutive_error_limit = ROLLOUT_ANALYSIS_CONSECUTIVE_ERROR_LIMIT};
    rollout_analysis_counts_t c = {.measurements = 20, .successful = 20};
    assert_int_equal(rollout_analysis_assess(&lim, &c, false, NULL, 0), ROLLOUT_ANALYSIS_RUNNING);
    assert_int_equal(rollout_analysis_assess(&lim, &c, true, NULL, 0), ROLLOUT_ANALYSIS_SUCCESSFUL);
    /* failureLimit 0: the first failure fails it */
    c.failed = 1;
    char msg[64];
    assert_int_equal(rollout_analysis_assess(&lim, &c, false, msg, sizeof msg),
                     ROLLOUT_ANALYSIS_FAILED);
    assert_string_equal(msg, "failed (1) > failureLimit (0)");
    /* a negative failureLimit never fails */
    lim.failure_limit = -1;
    assert_int_equal(rollout_analysis_assess(&lim, &c, false, NULL, 0), ROLLOUT_ANALYSIS_RUNNING);
    /* a measurement in flight keeps it Running, whatever the counts */
    lim.failure_limit = 0;
    c.last_in_flight = true;
    assert_int_equal(rollout_analysis_assess(&lim, &c, false, NULL, 0), ROLLOUT_ANALYSIS_RUNNING);
    /* count reached -> Successful */
    c = (rollout_analysis_counts_t){.measurements = 3, .successful = 3};
    lim.count = 3;
    assert_int_equal(rollout_analysis_assess(&lim, &c, false, msg, sizeof msg),
                     ROLLOUT_ANALYSIS_SUCCESSFUL);
    assert_string_equal(msg, "");
    /* failed and inconclusive over their limits: the later check (Inconclusive) wins */
    c = (rollout_analysis_counts_t){.measurements = 3, .failed = 1, .inconclusive = 1};
    assert_int_equal(rollout_analysis_assess(&lim, &c, false, NULL, 0),
                     ROLLOUT_ANALYSIS_INCONCLUSIVE);
    assert_string_equal(rollout_analysis_phase_name(ROLLOUT_ANALYSIS_ERROR), "Error");
    assert_string_equal(rollout_analysis_phase_name((rollout_analysis_phase_t)99), "?");
    /* consecutive errors over consecutiveErrorLimit (4): Error; a zero-sized message buffer
     * is left alone */
    c = (rollout_analysis_counts_t){.measurements = 5, .error = 5, .consecutive_error = 5};
    lim.count = 0;
    msg[0] = 'x';
    assert_int_equal(rollout_analysis_assess(&lim, &c, false, msg, 0), ROLLOUT_ANALYSIS_ERROR);
    assert_int_equal(msg[0], 'x');
}

/* ---- main -------------------------------------------------------------------------------- */

static int load_vectors(void **state) {
    (void)state;
    FILE *f = fopen(VECTORS, "rb");
    if (f == NULL) {
        print_error("cannot open %s (run from the repository root)\n", VECTORS);
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    size_t got = text != NULL ? fread(text, 1, (size_t)size, f) : 0;
    fclose(f);
    if (text == NULL || got != (size_t)size) {
        free(text);
        return -1;
    }
    text[size] = '\0';
    vectors = cJSON_Parse(text);
    free(text);
    return cJSON_IsArray(vectors) ? 0 : -1;
}

static int free_vectors(void **state) {
    (void)state;
    cJSON_Delete(vectors);
    vectors = NULL;
    return 0;
}

/* argo utils/replicaset/canary_test.go TestGetDesiredCanaryWeightOnAbortWithScaleDownDelay:
 * 10 replicas, steps setWeight 10 / setWeight 50, dynamicStableScale, aborted, the canary with
 * 5 available; GetDesiredCanaryWeight by abortScaleDownDelaySeconds and stable availability
 * (an explicit delay stops the canary's size from holding the weight up, issue #4898). */
static void test_desired_canary_weight_on_abort(void **state) {
    (void)state;
    static const canary_step_t steps[] = {{.kind = CANARY_STEP_SET_WEIGHT, .weight = 10},
                                          {.kind = CANARY_STEP_SET_WEIGHT, .weight = 50}};
    static const struct {
        bool explicit_delay; /* abortScaleDownDelaySeconds set and not 0 */
        int stable_available, want;
    } rows[] = {
        {false, 9, 10}, /* no explicit delay: held up by the canary's size */
        {true, 5, 10},  /* explicit delay: steps down while the stable scales up */
        {true, 9, 0},   /* explicit delay: zero once the stable nearly covers replicas */
        {false, 9, 10}, /* explicit 0 (leave the canary up) counts as not explicit */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        rollout_canary_t c = {.replicas = 10,
                              .steps = steps,
                              .step_count = 2,
                              .current_step = 0,
                              .abort = true,
                              .traffic_routing = true,
                              .dynamic_stable_scale = true,
                              .max_weight = ROLLOUT_MAX_WEIGHT,
                              .abort_delay_explicit = rows[i].explicit_delay};
        rollout_rs_t canary = {5, 5, false, 0, 0};
        rollout_rs_t stable = {rows[i].stable_available, rows[i].stable_available, false, 0, 0};
        int fixed;
        assert_int_equal(rollout_canary_desired_weight(&c, &canary, &stable, &fixed), rows[i].want);
        assert_int_equal(fixed, -1);
        /* unknown ReplicaSets (the unit tests' nil): GetCurrentSetWeight, 0 when aborted */
        assert_int_equal(rollout_canary_weight(&c, &fixed), 0);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors_all_rules_known),
        cmocka_unit_test(test_vectors_deployment),
        cmocka_unit_test(test_vectors_argo_canary),
        cmocka_unit_test(test_vectors_argo_analysis),
        cmocka_unit_test(test_fenceposts_table),
        cmocka_unit_test(test_parse_int_or_pct),
        cmocka_unit_test(test_explain_fenceposts),
        cmocka_unit_test(test_scale_up_table),
        cmocka_unit_test(test_scale_down_table),
        cmocka_unit_test(test_proportional_scaling),
        cmocka_unit_test(test_timed_out_edges),
        cmocka_unit_test(test_analysis_model_defaults),
        cmocka_unit_test(test_desired_canary_weight_on_abort),
    };
    return cmocka_run_group_tests(tests, load_vectors, free_vectors);
}
