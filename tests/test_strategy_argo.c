/* strategy_argo: Canary and BlueGreen (Argo Rollouts) through the sim API — the replica counts
 * of setWeight steps with and without an Ingress, pause steps, the analysis aborting a bad
 * version and traffic going back to stable, blue-green's switch without failed requests
 * and its scale-down delay, and the promote / abort / pause / resume / deploy / rollback
 * actions. Each scenario simulates at most a few minutes. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "sim.h"

/* ---- a small harness ---- */

typedef struct {
    scenario_t *sc;
    sim_t *s;
} run_t;

/* A service of `replicas` pods (4 s to start, readiness probe every 1 s) at 300 req/s on
 * three nodes, with STRATEGY (the JSON of "strategy"), versions v2 (VERSIONS: v2's keys) and
 * v3, an Ingress "shop" routing to it, and EVENTS. */
static run_t start_ex(int replicas, const char *extra, const char *strategy, const char *v2,
                      const char *events, double rps);
static const char *traffic_extra = ""; /* more keys of "traffic" (", \"preview\": ...") */

static run_t start(int replicas, const char *strategy, const char *v2, const char *events,
                   double rps) {
    return start_ex(replicas, "", strategy, v2, events, rps);
}

/* The same with EXTRA: more keys of the service (", \"progressDeadlineSeconds\": 20"). */
static run_t start_ex(int replicas, const char *extra, const char *strategy, const char *v2,
                      const char *events, double rps) {
    char json[4096];
    snprintf(json, sizeof json,
             "{\"name\": \"argo\", \"seed\": 3, \"duration\": \"5m\","
             " \"metrics\": {\"interval\": \"1s\", \"pods\": false},"
             " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 3, \"cpu\": \"8\","
             " \"memory\": \"16Gi\"}]},"
             " \"ingresses\": [{\"name\": \"shop\", \"rules\": [{\"host\": \"shop\", \"service\": "
             "\"web\"}]}],"
             " \"services\": [{\"name\": \"web\", \"replicas\": %d%s, \"capacityRps\": 100,"
             " \"concurrency\": 4, \"startup\": \"4s\","
             " \"readinessProbe\": {\"initialDelaySeconds\": 1, \"periodSeconds\": 1},"
             " \"preStop\": \"1s\", \"version\": \"v1\", \"versions\": {\"v2\": %s, \"v3\": {}},"
             " \"strategy\": %s, \"traffic\": {\"rps\": %g%s}}],"
             " \"events\": [%s]}",
             replicas, extra, v2, strategy, rps, traffic_extra, events);
    run_t r = {0};
    diag_t d;
    diag_init(&d);
    if (scenario_load_text(json, "argo.json", NULL, 0, &r.sc, &d) != 0) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        fail_msg("scenario did not load");
    }
    sim_options_t o = {.history_events = 20000};
    r.s = sim_create(r.sc, &o, &d);
    diag_free(&d);
    assert_non_null(r.s);
    return r;
}

static void stop(run_t *r) {
    sim_destroy(r->s);
    scenario_free(r->sc);
}

static void until(run_t *r, double seconds) {
    assert_int_equal(sim_run_until(r->s, (sim_time_t)(seconds * SIM_SEC)), 0);
}

static int act(run_t *r, action_kind_t kind, int version) {
    action_t a = {.action = kind, .service = 0, .version = version};
    char err[256];
    return sim_inject(r->s, &a, err, sizeof err);
}

/* The view of version `v` ("v1", "v2", "v3"); zeroes when it has no pods. */
static sim_version_view_t version(const run_t *r, const char *v, sim_service_view_t *out) {
    sim_service_view_t view;
    assert_true(sim_service_view(r->s, 0, &view));
    if (out) *out = view;
    sim_version_view_t none = {0};
    for (int i = 0; i < view.version_count; i++)
        if (!strcmp(view.versions[i].name, v)) return view.versions[i];
    return none;
}

static const char *status(const run_t *r) {
    sim_service_view_t view;
    assert_true(sim_service_view(r->s, 0, &view));
    return view.status;
}

/* Time of the first event with `reason` whose message contains `text` (NULL: any), or -1. */
static double event_time(const run_t *r, const char *reason, const char *text) {
    for (int i = 0; i < sim_event_count(r->s); i++) {
        sim_event_view_t e;
        sim_event_get(r->s, i, &e);
        if (!strcmp(e.reason, reason) && (!text || strstr(e.message, text)))
            return (double)e.time / SIM_SEC;
    }
    return -1;
}

static int event_count_of(const run_t *r, const char *reason) {
    int n = 0;
    for (int i = 0; i < sim_event_count(r->s); i++) {
        sim_event_view_t e;
        sim_event_get(r->s, i, &e);
        n += !strcmp(e.reason, reason);
    }
    return n;
}

static const char *event_message(const run_t *r, const char *reason) {
    for (int i = 0; i < sim_event_count(r->s); i++) {
        sim_event_view_t e;
        sim_event_get(r->s, i, &e);
        if (!strcmp(e.reason, reason)) return e.message;
    }
    return NULL;
}

/* Failed requests in the samples with time in (from, to]. */
static double failed_between(const run_t *r, double from, double to) {
    const sim_sample_t *rows;
    int n = sim_samples(r->s, 0, &rows);
    double failed = 0;
    for (int i = 0; i < n; i++) {
        double t = (double)rows[i].time / SIM_SEC;
        if (t > from && t <= to) failed += rows[i].failed_rps; /* 1 s samples */
    }
    return failed;
}

#define DEPLOY(t, v)                                                                               \
    "{\"at\": \"" t "\", \"action\": \"deploy\", \"service\": \"web\", \"version\": \"" v "\"}"
#define CANARY(extra, steps) "{\"type\": \"Canary\", \"canary\": {\"steps\": " steps extra "}}"
#define ANALYSIS(interval)                                                                         \
    ", \"analysis\": {\"interval\": \"" interval "\", \"maxErrorRate\": 0.05}"
#define INGRESS ", \"trafficRouting\": {\"ingress\": \"shop\"}"

/* ---- canary replica counts ---- */

/* One row per first setWeight: the counts once the step is reached, 10 replicas, maxSurge
 * and maxUnavailable 25% (3 and 2). */
static const struct {
    int weight;
    bool ingress;
    int canary, stable;
} weight_rows[] = {
    {10, false, 1, 9},  /* 1 of 10 is exact */
    {20, false, 2, 8},  /* 2 of 10 */
    {25, false, 3, 8},  /* 2.5 ties on 10 pods; 3 of 11 (surge) is closest to 25% */
    {33, false, 3, 7},  /* 3 of 10 (30%) beats 4 of 11 (36%) */
    {50, false, 5, 5},  /* half */
    {95, false, 10, 1}, /* 9.5 ties on 10 pods, 10 of 10 leaves no stable: 10 of 11 (surge) */
    {5, true, 1, 10},   /* Ingress: ceil(5 x 10 / 100) = 1, stable stays 10 */
    {33, true, 4, 10},  /* ceil(3.3) = 4 */
    {50, true, 5, 10},  /* 5 */
};

static void test_canary_weight_counts(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof weight_rows / sizeof weight_rows[0]; i++) {
        char strategy[512];
        snprintf(strategy, sizeof strategy,
                 "{\"type\": \"Canary\", \"canary\": {\"steps\": [{\"setWeight\": %d}, "
                 "{\"pause\": {}}]%s}}",
                 weight_rows[i].weight, weight_rows[i].ingress ? INGRESS : "");
        run_t r = start(10, strategy, "{}", DEPLOY("10s", "v2"), 300);
        until(&r, 45);
        sim_version_view_t v1 = version(&r, "v1", NULL), v2 = version(&r, "v2", NULL);
        if (v2.desired != weight_rows[i].canary || v1.desired != weight_rows[i].stable)
            fail_msg("setWeight %d%s: canary %d / stable %d, expected %d / %d",
                     weight_rows[i].weight, weight_rows[i].ingress ? " (Ingress)" : "", v2.desired,
                     v1.desired, weight_rows[i].canary, weight_rows[i].stable);
        assert_int_equal(v2.available, weight_rows[i].canary);
        assert_string_equal(status(&r), "Paused"); /* at the untimed pause */
        if (weight_rows[i].ingress)                /* the Ingress splits by the exact weight */
            assert_near(v2.weight, weight_rows[i].weight / 100.0, 1e-9);
        stop(&r);
    }
}

/* Steps go one by one; an untimed pause waits for promote; surge and availability bounds hold
 * all along; after the last step the canary becomes stable. */
static void test_canary_steps_and_promote(void **state) {
    (void)state;
    run_t r = start(
        10,
        CANARY("", "[{\"setWeight\": 20}, {\"pause\": {}}, {\"setWeight\": 50}, {\"pause\": {}}]"),
        "{}", DEPLOY("10s", "v2"), 300);
    sim_service_view_t view;
    until(&r, 5);
    version(&r, "v1", &view);
    assert_string_equal(view.strategy, "Canary");
    assert_string_equal(view.status, "Complete");
    assert_int_equal(view.canary_step, -1);
    until(&r, 40);
    sim_version_view_t v2 = version(&r, "v2", &view);
    assert_int_equal(v2.desired, 2);
    assert_int_equal(view.canary_step, 1);
    assert_string_equal(view.status, "Paused");
    assert_true(
        event_time(&r, "RolloutStepCompleted", "Rollout step 1/4 completed (setWeight: 20)") > 10);
    assert_true(event_time(&r, "RolloutPaused", "Rollout is paused (CanaryPauseStep)") > 10);
    until(&r, 70); /* still paused: no timer ends an untimed pause */
    assert_int_equal(version(&r, "v2", NULL).desired, 2);
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), 0);
    until(&r, 100);
    v2 = version(&r, "v2", &view);
    assert_int_equal(v2.desired, 5);
    assert_int_equal(version(&r, "v1", NULL).desired, 5);
    assert_int_equal(view.canary_step, 3);
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), 0);
    until(&r, 140);
    v2 = version(&r, "v2", &view);
    assert_int_equal(v2.available, 10);
    assert_int_equal(version(&r, "v1", NULL).total, 0);
    assert_string_equal(view.status, "Complete");
    assert_true(event_time(&r, "RolloutCompleted", "Completed all 4 canary steps") > 70);
    const char *scaled = event_message(&r, "ScalingReplicaSet");
    assert_non_null(scaled);
    assert_non_null(strstr(scaled, "ReplicaSet web-"));
    assert_non_null(strstr(scaled, "(revision "));
    sim_summary_t m;
    sim_summary(r.s, 0, &m);
    assert_true(m.min_available >= 8); /* replicas - maxUnavailable */
    assert_int_equal(m.failed, 0);
    const sim_sample_t *rows; /* desired pods stay within replicas + maxSurge */
    int n = sim_samples(r.s, 0, &rows);
    for (int i = 0; i < n; i++)
        assert_true(rows[i].version_desired[0] + rows[i].version_desired[1] <= 13);
    stop(&r);
}

/* A timed pause ends exactly `duration` after it began. */
static void test_timed_pause(void **state) {
    (void)state;
    run_t r = start(4,
                    CANARY("", "[{\"setWeight\": 25}, {\"pause\": {\"duration\": \"20s\"}}, "
                               "{\"setWeight\": 50}, {\"pause\": {}}]"),
                    "{}", DEPLOY("10s", "v2"), 100);
    until(&r, 90);
    double paused = event_time(&r, "RolloutPaused", NULL);
    double done = event_time(&r, "RolloutStepCompleted", "2/4 completed (pause: 20s)");
    assert_true(paused > 10);
    assert_near(done, paused + 20, 1e-6);
    assert_true(event_time(&r, "RolloutResumed", "Rollout is resumed") >= done);
    stop(&r);
}

/* ---- analysis ---- */

static void test_analysis_aborts_bad_canary(void **state) {
    (void)state;
    run_t r = start(10, CANARY(ANALYSIS("20s"), "[{\"setWeight\": 10}, {\"pause\": {}}]"),
                    "{\"errorRate\": 0.3}", DEPLOY("10s", "v2"), 300);
    until(&r, 29);
    assert_string_equal(status(&r), "Paused");
    until(&r, 31);
    assert_string_equal(status(&r), "Degraded");
    assert_near(event_time(&r, "RolloutAborted", NULL), 30, 1e-6); /* 10 s + one interval */
    assert_string_equal(event_message(&r, "RolloutAborted"),
                        "Rollout aborted update to revision 2: Background analysis phase "
                        "error/failed: Metric \"error-rate\" assessed Failed due to failed (1) > "
                        "failureLimit (0)");
    assert_true(event_time(&r, "AnalysisRunFailed", "Background Analysis Run 'web-") > 0);
    until(&r, 60);
    sim_version_view_t v1 = version(&r, "v1", NULL), v2 = version(&r, "v2", NULL);
    assert_int_equal(v2.total, 0);
    assert_int_equal(v1.available, 10);
    assert_near(v1.weight, 1.0, 1e-9);
    assert_true(failed_between(&r, 10, 31) > 0);
    assert_near(failed_between(&r, 45, 60), 0, 1e-9); /* every request on v1 again */
    assert_string_equal(status(&r), "Degraded");
    stop(&r);
}

/* With an Ingress the weight drops to 0 at the abort; the canary pod stays for
 * abortScaleDownDelaySeconds (30 s) once the stable is fully available. */
static void test_ingress_abort_scale_down_delay(void **state) {
    (void)state;
    run_t r = start(10, CANARY(ANALYSIS("20s") INGRESS, "[{\"setWeight\": 10}, {\"pause\": {}}]"),
                    "{\"errorRate\": 0.3}", DEPLOY("10s", "v2"), 300);
    until(&r, 25);
    sim_version_view_t v1 = version(&r, "v1", NULL), v2 = version(&r, "v2", NULL);
    assert_near(v2.weight, 0.10, 1e-9);
    assert_int_equal(v1.desired, 10);
    until(&r, 30.5);
    v1 = version(&r, "v1", NULL);
    v2 = version(&r, "v2", NULL);
    assert_string_equal(status(&r), "Degraded");
    assert_near(v2.weight, 0, 1e-9);
    assert_near(v1.weight, 1, 1e-9);
    assert_int_equal(v2.desired, 1);
    until(&r, 59.9);
    assert_int_equal(version(&r, "v2", NULL).desired, 1);
    until(&r, 60.1);
    assert_int_equal(version(&r, "v2", NULL).desired, 0);
    assert_near(failed_between(&r, 31, 60), 0, 1e-9);
    stop(&r);
}

/* No canary request in an interval is Inconclusive: past inconclusiveLimit the rollout
 * pauses; resume starts a new AnalysisRun. */
static void test_inconclusive_pauses(void **state) {
    (void)state;
    run_t r = start(4,
                    CANARY(", \"analysis\": {\"interval\": \"10s\", \"maxP99\": \"1s\"}",
                           "[{\"setWeight\": 50}, {\"pause\": {}}]"),
                    "{}", DEPLOY("5s", "v2"), 0);
    until(&r, 16);
    assert_string_equal(status(&r), "Paused");
    assert_near(event_time(&r, "AnalysisRunInconclusive", NULL), 15, 1e-6); /* 5 s + 10 s */
    assert_near(event_time(&r, "MetricInconclusive", "'p99-latency'"), 15, 1e-6);
    until(&r, 40); /* paused: nothing goes on */
    sim_service_view_t view;
    version(&r, "v2", &view);
    assert_int_equal(view.canary_step, 1);
    assert_string_equal(view.status, "Paused");
    assert_int_equal(act(&r, ACTION_RESUME, 0), 0); /* clears every pause condition */
    until(&r, 41);
    assert_true(event_time(&r, "AnalysisRunRunning", ".1' Status New: 'Running'") >= 40);
    until(&r, 50);
    assert_true(event_time(&r, "RolloutCompleted", NULL) >= 40);
    stop(&r);
}

/* An analysis step: its own AnalysisRun, named rollout-hash-revision-stepIndex as Argo names
 * step runs (argo rollout/analysis.go), starts when the step is reached and the rollout stays
 * at the step until it is Successful: count 2 every 10 s from 10 s is 20 s and 30 s. */
static void test_step_analysis(void **state) {
    (void)state;
    run_t r = start(4,
                    CANARY(", \"analysis\": {\"interval\": \"10s\", \"maxErrorRate\": 0.05, "
                           "\"count\": 2}",
                           "[{\"setWeight\": 50}, {\"analysis\": {}}, {\"setWeight\": 75}]"),
                    "{}", DEPLOY("5s", "v2"), 300);
    until(&r, 29);
    sim_service_view_t view;
    version(&r, "v2", &view);
    assert_int_equal(view.canary_step, 1); /* still at the analysis step */
    until(&r, 60);
    /* web-HASH-2-1: revision 2, step index 1 */
    assert_near(event_time(&r, "AnalysisRunRunning", "-2-1' Status New: 'Running'"), 10, 1e-6);
    assert_near(event_time(&r, "AnalysisRunSuccessful", "Step Analysis Run 'web-"), 30, 1e-6);
    assert_near(event_time(&r, "RolloutStepCompleted", "step 2/3 completed (analysis)"), 30, 1e-6);
    assert_true(event_time(&r, "RolloutStepCompleted", "step 3/3") >= 30);
    assert_true(event_time(&r, "RolloutCompleted", NULL) > 30);
    stop(&r);
}

/* Without traffic the analysis step is Inconclusive and the rollout pauses; `promote` then
 * clears the pause and skips the analysis step, as kubectl argo rollouts promote does for an
 * inconclusive step (argo pkg/kubectl-argo-rollouts/cmd/promote/promote.go). */
static void test_step_analysis_inconclusive_promote(void **state) {
    (void)state;
    run_t r = start(4,
                    CANARY(", \"analysis\": {\"interval\": \"10s\", \"maxErrorRate\": 0.05, "
                           "\"count\": 2}",
                           "[{\"setWeight\": 50}, {\"analysis\": {}}, {\"setWeight\": 75}]"),
                    "{}", DEPLOY("5s", "v2"), 0);
    until(&r, 59);
    assert_string_equal(status(&r), "Paused");
    assert_true(event_time(&r, "MetricInconclusive", NULL) > 0);
    assert_true(event_time(&r, "RolloutCompleted", NULL) < 0);
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), 0);
    until(&r, 60);
    bool skipped = false;
    for (int i = 0; i < sim_decision_count(r.s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r.s, i, &d);
        skipped |= !strcmp(d.decision, "promote") && strstr(d.explanation, "analysis step skipped");
    }
    assert_true(skipped);
    until(&r, 120);
    assert_true(event_time(&r, "RolloutCompleted", NULL) >= 59);
    assert_int_equal(version(&r, "v1", NULL).total, 0);
    stop(&r);
}

/* ---- actions ---- */

static void test_canary_actions(void **state) {
    (void)state;
    run_t r = start(
        10,
        CANARY("", "[{\"setWeight\": 20}, {\"pause\": {}}, {\"setWeight\": 60}, {\"pause\": {}}]"),
        "{}", DEPLOY("10s", "v2"), 300);
    until(&r, 30);
    /* spec.paused on top of the pause step; resume clears both (like promote at a pause) */
    assert_int_equal(act(&r, ACTION_PAUSE, 0), 0);
    until(&r, 50);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(version(&r, "v2", NULL).desired, 2);
    assert_int_equal(act(&r, ACTION_RESUME, 0), 0);
    until(&r, 70);
    sim_service_view_t view;
    assert_int_equal(version(&r, "v2", &view).desired, 6);
    assert_int_equal(view.canary_step, 3);
    assert_string_equal(view.status, "Paused"); /* the second pause step */
    /* abort: back to stable; promote and a second abort are refused */
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    until(&r, 100);
    assert_string_equal(status(&r), "Degraded");
    assert_int_equal(version(&r, "v2", NULL).total, 0);
    assert_int_equal(version(&r, "v1", NULL).available, 10);
    assert_string_equal(event_message(&r, "RolloutAborted"),
                        "Rollout aborted update to revision 2");
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), -1);
    assert_int_equal(act(&r, ACTION_ABORT, 0), -1);
    /* a new deploy starts a new update from the first step */
    assert_int_equal(act(&r, ACTION_DEPLOY, 2), 0);
    until(&r, 120);
    assert_int_equal(version(&r, "v3", &view).desired, 2);
    assert_string_equal(view.status, "Paused");
    assert_int_equal(view.canary_step, 1);
    /* v3 in progress, v2 deployed again mid-update: v3 becomes an intermediate ReplicaSet */
    assert_int_equal(act(&r, ACTION_DEPLOY, 1), 0);
    until(&r, 150);
    assert_int_equal(version(&r, "v3", NULL).total, 0);
    assert_int_equal(version(&r, "v2", NULL).desired, 2);
    stop(&r);
}

/* promote without a pause condition skips the current step (kubectl argo rollouts promote). */
static void test_promote_skips_step(void **state) {
    (void)state;
    run_t r = start(10, CANARY("", "[{\"setWeight\": 20}, {\"setWeight\": 40}, {\"pause\": {}}]"),
                    "{}", DEPLOY("10s", "v2"), 300);
    until(&r, 11); /* setWeight 20: its pods are still starting */
    sim_service_view_t view;
    version(&r, "v2", &view);
    assert_int_equal(view.canary_step, 0);
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), 0);
    until(&r, 40);
    assert_int_equal(version(&r, "v2", &view).desired, 4);
    assert_int_equal(view.canary_step, 2);
    assert_true(event_time(&r, "RolloutStepCompleted", "(setWeight: 20)") < 0); /* skipped */
    assert_true(event_time(&r, "RolloutStepCompleted", "2/3 completed (setWeight: 40)") > 11);
    stop(&r);
}

static void test_rollback_to_stable_skips_steps(void **state) {
    (void)state;
    run_t r = start(10, CANARY(ANALYSIS("30s"), "[{\"setWeight\": 30}, {\"pause\": {}}]"), "{}",
                    DEPLOY("10s", "v2"), 300);
    until(&r, 30);
    assert_int_equal(version(&r, "v2", NULL).desired, 3);
    action_t a = {.action = ACTION_ROLLBACK, .service = 0};
    char err[256];
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), 0);
    until(&r, 31);
    assert_true(event_time(&r, "SkipSteps", "Rollback to stable ReplicaSets") > 0);
    until(&r, 60);
    sim_service_view_t view;
    assert_int_equal(version(&r, "v2", &view).total, 0);
    assert_int_equal(version(&r, "v1", NULL).available, 10);
    assert_string_equal(view.status, "Complete");
    assert_true(event_time(&r, "AnalysisRunSuccessful", NULL) > 0); /* terminated by the rollback */
    assert_true(event_time(&r, "RolloutAborted", NULL) < 0);
    stop(&r);
}

/* `resume` during a timed pause step: spec.paused = false does not touch the step's
 * PauseCondition, so the step still ends at its start + duration (argo
 * rollout/pause.go CompletedCanaryPauseStep: pauseCondition.StartTime + duration), neither
 * sooner (resume is no promote) nor later (the pause on top of it ended first). */
static void test_resume_keeps_timed_pause(void **state) {
    (void)state;
    run_t r = start(4, CANARY("", "[{\"setWeight\": 50}, {\"pause\": {\"duration\": \"30s\"}}]"),
                    "{}", DEPLOY("10s", "v2"), 100);
    double paused = -1;
    for (double t = 10; t < 40 && paused < 0; t += 0.5) {
        until(&r, t);
        paused = event_time(&r, "RolloutPaused", NULL);
    }
    assert_true(paused > 10);
    until(&r, paused + 2);
    assert_int_equal(act(&r, ACTION_PAUSE, 0), 0);
    until(&r, paused + 5);
    assert_int_equal(act(&r, ACTION_RESUME, 0), 0);
    until(&r, paused + 29.5);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(version(&r, "v2", NULL).desired, 2);
    until(&r, paused + 31);
    assert_near(event_time(&r, "RolloutResumed", NULL), paused + 30, 1e-6);
    assert_int_equal(version(&r, "v2", NULL).desired, 4);
    stop(&r);
    /* blue-green with autoPromotionSeconds 20: its pause is timed too (rollout/bluegreen.go
     * autoPromotionSeconds counts from the PauseCondition's start): the switch comes 20 s
     * after the pause began, a resume 5 s in notwithstanding */
    r = start(4, "{\"type\": \"BlueGreen\", \"blueGreen\": {\"autoPromotionSeconds\": 20}}", "{}",
              DEPLOY("10s", "v2"), 100);
    paused = -1;
    for (double t = 10; t < 40 && paused < 0; t += 0.5) {
        until(&r, t);
        paused = event_time(&r, "RolloutPaused", NULL);
    }
    assert_true(paused > 10);
    until(&r, paused + 5);
    assert_int_equal(act(&r, ACTION_RESUME, 0), 0);
    until(&r, paused + 19.5);
    assert_true(event_time(&r, "SwitchService", "service 'web' ") < 0);
    until(&r, paused + 21);
    assert_near(event_time(&r, "SwitchService", "service 'web' "), paused + 20, 1e-6);
    stop(&r);
}

/* ---- blue-green ---- */

static void test_bluegreen_switch(void **state) {
    (void)state;
    run_t r = start(6,
                    "{\"type\": \"BlueGreen\", \"blueGreen\": {\"autoPromotionSeconds\": 5,"
                    " \"scaleDownDelaySeconds\": 30}}",
                    "{}", DEPLOY("10s", "v2"), 300);
    /* preview: v2 pods become ready but get no traffic */
    bool seen_ready_preview = false;
    for (double t = 11; t < 40; t += 0.5) {
        until(&r, t);
        sim_version_view_t v2 = version(&r, "v2", NULL);
        if (event_time(&r, "SwitchService", "service 'web' ") >= 0) break;
        if (v2.ready > 0) {
            seen_ready_preview = true;
            assert_near(v2.weight, 0, 1e-9);
            assert_int_equal(version(&r, "v1", NULL).desired, 6);
        }
    }
    assert_true(seen_ready_preview);
    double sw = event_time(&r, "SwitchService", "service 'web' ");
    assert_true(sw > 10);
    assert_true(event_time(&r, "SwitchService", "service 'web-preview'") <= 10.0 + 1e-9);
    assert_near(event_time(&r, "RolloutCompleted", "Completed blue-green update"), sw, 1e-9);
    until(&r, sw + 0.001);
    assert_near(version(&r, "v2", NULL).weight, 1, 1e-9);
    assert_near(version(&r, "v1", NULL).weight, 0, 1e-9);
    until(&r, sw + 29.9);
    assert_int_equal(version(&r, "v1", NULL).desired, 6); /* kept for scaleDownDelaySeconds */
    until(&r, sw + 30.1);
    assert_int_equal(version(&r, "v1", NULL).desired, 0);
    until(&r, sw + 60);
    assert_near(failed_between(&r, 0, sw + 60), 0, 1e-9);
    sim_summary_t m;
    sim_summary(r.s, 0, &m);
    assert_int_equal(m.failed, 0);
    assert_string_equal(status(&r), "Complete");
    stop(&r);
}

static void test_bluegreen_manual_promote_and_preview_count(void **state) {
    (void)state;
    run_t r = start(6,
                    "{\"type\": \"BlueGreen\", \"blueGreen\": {\"autoPromotionEnabled\": false,"
                    " \"previewReplicaCount\": 2}}",
                    "{}", DEPLOY("10s", "v2"), 300);
    sim_service_view_t view;
    until(&r, 5);
    version(&r, "v1", &view);
    assert_string_equal(view.strategy, "BlueGreen");
    assert_string_equal(view.status, "Complete");
    assert_int_equal(view.canary_step, -1);
    until(&r, 40);
    sim_version_view_t v2 = version(&r, "v2", &view);
    assert_int_equal(v2.desired, 2);
    assert_int_equal(v2.available, 2);
    assert_near(v2.weight, 0, 1e-9);
    assert_string_equal(view.status, "Paused");
    assert_true(event_time(&r, "RolloutPaused", "(BlueGreenPause)") > 10);
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), 0);
    until(&r, 41);
    assert_int_equal(version(&r, "v2", NULL).desired, 6); /* full size before the switch */
    assert_near(version(&r, "v2", NULL).weight, 0, 1e-9);
    until(&r, 70);
    v2 = version(&r, "v2", &view);
    assert_near(v2.weight, 1, 1e-9);
    assert_string_equal(view.status, "Complete");
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), -1); /* nothing left to promote */
    stop(&r);
}

static void test_bluegreen_abort(void **state) {
    (void)state;
    run_t r =
        start(6, "{\"type\": \"BlueGreen\", \"blueGreen\": {\"autoPromotionEnabled\": false}}",
              "{}", DEPLOY("10s", "v2"), 300);
    until(&r, 30);
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    until(&r, 59);
    assert_int_equal(version(&r, "v2", NULL).desired, 6);
    assert_near(version(&r, "v1", NULL).weight, 1, 1e-9);
    until(&r, 61);
    assert_int_equal(version(&r, "v2", NULL).desired, 0);
    assert_string_equal(status(&r), "Degraded");
    stop(&r);
}

static void test_wrong_strategy_and_determinism(void **state) {
    (void)state;
    run_t r = start(3, "{\"type\": \"RollingUpdate\"}", "{}", DEPLOY("10s", "v2"), 100);
    until(&r, 20);
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), -1);
    assert_int_equal(act(&r, ACTION_ABORT, 0), -1);
    stop(&r);
    sim_summary_t m[2];
    for (int i = 0; i < 2; i++) {
        run_t k = start(10, CANARY(ANALYSIS("20s"), "[{\"setWeight\": 10}, {\"pause\": {}}]"),
                        "{\"errorRate\": 0.3}", DEPLOY("10s", "v2"), 300);
        until(&k, 60);
        sim_summary(k.s, 0, &m[i]);
        stop(&k);
    }
    assert_int_equal(m[0].failed, m[1].failed);
    assert_int_equal(m[0].requests, m[1].requests);
}

/* Regression (review): a pod of the previous stable killed during its scale-down delay after
 * a traffic-routed canary promoted. Argo keeps the ReplicaSet at its own (cleaned-up) size until
 * the delay passes; the model used to resize it back to spec.replicas and loop at that instant. */
static void test_kill_old_stable_during_scale_down_delay(void **state) {
    (void)state;
    run_t r = start(
        4,
        "{\"type\": \"Canary\", \"canary\": {\"steps\": [{\"setWeight\": 50},"
        " {\"pause\": {\"duration\": \"20s\"}}], \"trafficRouting\": {\"ingress\": \"shop\"}}}",
        "{}",
        "{\"at\": \"10s\", \"action\": \"deploy\", \"service\": \"web\", \"version\": \"v2\"}",
        200);
    until(&r, 45);
    sim_version_view_t v1 = version(&r, "v1", NULL);
    assert_true(v1.desired > 0); /* promoted, v1 held for scaleDownDelaySeconds */
    action_t kill = {.action = ACTION_KILL_POD, .service = 0};
    /* kill one v1 pod: the default victim choice may pick v2, so kill by name */
    uint32_t ids[64];
    int n = 0;
    for (int ni = 0; ni < sim_node_count(r.s); ni++)
        n += sim_node_pods(r.s, ni, ids + n, 64 - n);
    for (int i = 0; i < n; i++) {
        sim_pod_view_t pv;
        if (sim_pod_view(r.s, ids[i], &pv) && pv.version == 0 && pv.state == SIM_POD_READY) {
            kill.pod = (char *)pv.name;
            break;
        }
    }
    assert_non_null(kill.pod);
    char err[256];
    assert_int_equal(sim_inject(r.s, &kill, err, sizeof err), 0);
    uint64_t before = sim_events_processed(r.s);
    until(&r, 46);
    assert_true(sim_events_processed(r.s) - before < 100000); /* no endless loop */
    v1 = version(&r, "v1", NULL);
    assert_int_equal(v1.desired, 3); /* kept at its own size, not resized to spec.replicas */
    until(&r, 120);
    v1 = version(&r, "v1", NULL);
    assert_int_equal(v1.desired, 0);
    stop(&r);
}

/* ---- fidelity against Argo's own tests (issue 19) ---- */

/* The reasons of the events on Rollout/web from time `from` on, comma-separated. */
static void rollout_reasons(const run_t *r, double from, char *buf, size_t n) {
    buf[0] = '\0';
    size_t len = 0;
    for (int i = 0; i < sim_event_count(r->s); i++) {
        sim_event_view_t e;
        sim_event_get(r->s, i, &e);
        if ((double)e.time / SIM_SEC < from - 1e-9 || strcmp(e.object, "Rollout/web") != 0)
            continue;
        int k = snprintf(buf + len, n - len, "%s%s", len ? "," : "", e.reason);
        if (k < 0 || (size_t)k >= n - len) fail_msg("event list too long");
        len += (size_t)k;
    }
}

static double decision_time(const run_t *r, const char *decision) {
    for (int i = 0; i < sim_decision_count(r->s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r->s, i, &d);
        if (!strcmp(d.decision, decision)) return (double)d.time / SIM_SEC;
    }
    return -1;
}

/* A traffic-routed canary is Healthy once its last step completed and the new ReplicaSet is
 * stable, while the previous stable still runs out its scaleDownDelaySeconds: argo
 * utils/rollout/rolloututil.go CalculateRolloutPhase checks "old replicas are pending
 * termination" only for a basic canary, and test/e2e/canary_test.go
 * TestCanaryScaleDownDelayWithProgressDeadline expects the Rollout to stay Healthy past
 * progressDeadlineSeconds while the old ReplicaSet waits for its scale-down deadline. */
static void test_traffic_routed_canary_healthy_at_promotion(void **state) {
    (void)state;
    const char *strategy =
        CANARY(INGRESS, "[{\"setWeight\": 50}, {\"pause\": {\"duration\": \"20s\"}}]");
    run_t r =
        start_ex(4, ", \"progressDeadlineSeconds\": 10", strategy, "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 120);
    double done = event_time(&r, "RolloutCompleted", "Completed all 2 canary steps");
    assert_true(done > 30);
    assert_near(decision_time(&r, "rollout complete"), done, 1e-9);
    sim_summary_t m;
    sim_summary(r.s, 0, &m);
    assert_near(m.rollout_s, done - 10, 1e-6); /* deploy to promotion, not to the scale-down */
    /* the previous stable kept its 4 pods for scaleDownDelaySeconds (30 s) after promotion */
    double down = event_time(&r, "ScalingReplicaSet", "(revision 1) from 4 to 0");
    assert_near(down, done + 30, 1e-6);
    /* progressDeadlineSeconds 10 < the 30 s delay: no timeout of a completed rollout */
    assert_true(event_time(&r, "ProgressDeadlineExceeded", NULL) < 0);
    stop(&r);
    /* Healthy (Complete) in the view while v1 still has its pods */
    r = start(4, strategy, "{}", DEPLOY("10s", "v2"), 200);
    until(&r, done + 1);
    assert_string_equal(status(&r), "Complete");
    assert_int_equal(version(&r, "v1", NULL).desired, 4);
    stop(&r);
}

/* A Rollout that stalls, times out (Degraded), is promoted and stalls again is Degraded again:
 * argo rollout/sync.go calculateRolloutConditions sets Progressing=True (ReplicaSetUpdated)
 * on progress (RolloutProgressing: a step index change counts) and RolloutTimedOut measures
 * progressDeadlineSeconds from that condition's lastUpdateTime; test/e2e/canary_test.go
 * TestCanaryProgressDeadlineExceededWithPause goes Degraded, then Healthy, then Degraded
 * again after a promote. v2's pods take 45 s to start: each setWeight step stalls. */
static void test_rollout_degraded_again_after_promote(void **state) {
    (void)state;
    run_t r = start_ex(4, ", \"progressDeadlineSeconds\": 20",
                       CANARY("", "[{\"setWeight\": 25}, {\"setWeight\": 50}, {\"pause\": {}}]"),
                       "{\"startup\": \"45s\"}", DEPLOY("10s", "v2"), 200);
    until(&r, 30.5);
    assert_string_equal(status(&r), "Progressing");
    until(&r, 31.5); /* requeue: whole seconds of lastUpdateTime + deadline + 1 s */
    assert_string_equal(status(&r), "Degraded");
    assert_near(event_time(&r, "ProgressDeadlineExceeded", NULL), 31, 1e-9);
    until(&r, 40);
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), 0); /* skips setWeight 25 */
    until(&r, 40.5);
    assert_string_equal(status(&r), "Progressing");
    assert_near(event_time(&r, "ReplicaSetUpdated", "is progressing."), 40, 1e-9);
    /* the first canary pod is available at ~56 s (progress: the stable goes 3 -> 2); the
     * second one stalls, and the deadline counts from that progress */
    until(&r, 60);
    double moved = event_time(&r, "ScalingReplicaSet", "(revision 1) from 3 to 2");
    assert_true(moved > 50 && moved < 60);
    double again = floor(moved) + 21;
    until(&r, again - 0.5);
    assert_string_equal(status(&r), "Progressing");
    until(&r, again + 0.5);
    assert_string_equal(status(&r), "Degraded");
    assert_int_equal(event_count_of(&r, "ProgressDeadlineExceeded"), 2);
    assert_near(event_time(&r, "ProgressDeadlineExceeded", "timed out"), 31, 1e-9);
    stop(&r);
}

/* The same stall under spec.paused (kubectl argo rollouts pause at 15 s): argo
 * rollout/sync.go calculateRolloutConditions times out only a Rollout that is not paused
 * (and requeueStuckRollout skips a paused one), so no ProgressDeadlineExceeded at 31 s nor
 * later while it stays paused. */
static void test_rollout_paused_no_deadline(void **state) {
    (void)state;
    run_t r = start_ex(4, ", \"progressDeadlineSeconds\": 20",
                       CANARY("", "[{\"setWeight\": 25}, {\"setWeight\": 50}, {\"pause\": {}}]"),
                       "{\"startup\": \"45s\"}", DEPLOY("10s", "v2"), 200);
    until(&r, 15);
    assert_int_equal(act(&r, ACTION_PAUSE, 0), 0);
    until(&r, 50);
    assert_string_equal(status(&r), "Paused");
    assert_true(event_time(&r, "ProgressDeadlineExceeded", NULL) < 0);
    stop(&r);
}

/* An analysis step longer than progressDeadlineSeconds (3 measurements 10 s apart against a
 * 10 s deadline) does not time the Rollout out: argo rollout/sync.go isIndefiniteStep (an
 * Analysis, Experiment or Pause step) keeps calculateRolloutConditions from checking it. */
static void test_analysis_step_no_deadline(void **state) {
    (void)state;
    run_t r = start_ex(4, ", \"progressDeadlineSeconds\": 10",
                       CANARY("", "[{\"setWeight\": 25}, {\"analysis\": {\"interval\": \"10s\","
                                  " \"count\": 3, \"maxErrorRate\": 0.05}}]"),
                       "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 90);
    assert_string_equal(status(&r), "Complete");
    assert_int_equal(event_count_of(&r, "AnalysisRunSuccessful"), 1);
    assert_true(event_time(&r, "AnalysisRunSuccessful", NULL) >= 40); /* 3 x 10 s after 10 s */
    assert_true(event_time(&r, "ProgressDeadlineExceeded", NULL) < 0);
    stop(&r);
}

/* An interrupted traffic-routed update: v3 deployed while v2 (the canary) serves its weight.
 * Argo keeps v2 while the canary Service still selects it, until v3 has an available pod
 * (rollout/canary_test.go TestCanaryDontScaleDownOldRsDuringInterruptedUpdate and
 * TestCanaryScaleDownOldRsDuringInterruptedUpdate; rollout/replicaset.go
 * isReplicaSetReferenced, rollout/service.go ensureSVCTargets). */
static void test_interrupted_traffic_routed_canary_keeps_intermediate(void **state) {
    (void)state;
    run_t r = start(4, CANARY(INGRESS, "[{\"setWeight\": 50}, {\"pause\": {}}]"), "{}",
                    DEPLOY("10s", "v2") ", " DEPLOY("40s", "v3"), 200);
    until(&r, 39);
    assert_int_equal(version(&r, "v2", NULL).available, 2);
    double v3_ready = -1;
    for (double t = 40.5; t < 70; t += 0.5) {
        until(&r, t);
        sim_version_view_t v2 = version(&r, "v2", NULL), v3 = version(&r, "v3", NULL);
        if (v3.available > 0) {
            v3_ready = t;
            break;
        }
        assert_int_equal(v2.desired, 2); /* still referenced: kept */
    }
    assert_true(v3_ready > 40);
    /* scaled down in the sync where v3's first pod became available */
    double down = event_time(&r, "ScalingReplicaSet", "(revision 2) from 2 to 0");
    assert_true(down > v3_ready - 0.5 && down <= v3_ready);
    until(&r, 90);
    assert_int_equal(version(&r, "v2", NULL).total, 0);
    assert_int_equal(version(&r, "v3", NULL).desired, 2);
    stop(&r);
}

/* Event order of an abort and of a completion, as argo test/e2e/functional_test.go
 * TestRolloutAbortRetryPromote lists them: one replica, setWeight 50 then a timed pause
 * (30 s here rather than 3 s, so that the abort lands in it). The canary's scale-down comes
 * before RolloutAborted (calculateRolloutConditions writes it when the status is persisted),
 * and on completion the old ReplicaSet is scaled down before RolloutCompleted. */
static void test_rollout_event_order(void **state) {
    (void)state;
    const char *strategy =
        CANARY("", "[{\"setWeight\": 50}, {\"pause\": {\"duration\": \"30s\"}}]");
    char got[1024];
    run_t r = start(1, strategy, "{}", DEPLOY("10s", "v2"), 50);
    until(&r, 25);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    until(&r, 40);
    assert_string_equal(status(&r), "Degraded");
    rollout_reasons(&r, 0, got, sizeof got);
    assert_string_equal(got, "RolloutUpdated,NewReplicaSetCreated,RolloutNotCompleted,"
                             "ScalingReplicaSet,RolloutStepCompleted,RolloutPaused,"
                             "ScalingReplicaSet,RolloutAborted");
    assert_string_equal(event_message(&r, "RolloutAborted"),
                        "Rollout aborted update to revision 2");
    stop(&r);
    r = start(1, strategy, "{}", DEPLOY("10s", "v2"), 50);
    until(&r, 80);
    rollout_reasons(&r, 0, got, sizeof got);
    assert_string_equal(got, "RolloutUpdated,NewReplicaSetCreated,RolloutNotCompleted,"
                             "ScalingReplicaSet,RolloutStepCompleted,RolloutPaused,"
                             "RolloutStepCompleted,RolloutResumed,ScalingReplicaSet,"
                             "RolloutCompleted");
    assert_string_equal(status(&r), "Complete");
    stop(&r);
}

/* Blue-green without a previewService: no SwitchService for a preview, and the event list of
 * argo test/e2e/functional_test.go TestBlueGreenUpdate (its rollout-bluegreen.yaml names only
 * an activeService): RolloutUpdated, NewReplicaSetCreated, RolloutNotCompleted,
 * ScalingReplicaSet, SwitchService, RolloutCompleted. With a previewService its switch comes
 * right after the new ReplicaSet exists (rollout/bluegreen.go reconcilePreviewService). */
static void test_bluegreen_preview_service_optional(void **state) {
    (void)state;
    char got[1024];
    run_t r = start(3, "{\"type\": \"BlueGreen\", \"blueGreen\": {\"scaleDownDelaySeconds\": 10}}",
                    "{}", DEPLOY("10s", "v2"), 100);
    until(&r, 20);
    double sw = event_time(&r, "SwitchService", NULL);
    assert_true(sw > 10);
    until(&r, sw + 5);
    assert_string_equal(status(&r), "Complete");
    assert_int_equal(version(&r, "v1", NULL).desired, 3); /* ExpectReplicaCounts(3, 6, ...) */
    rollout_reasons(&r, 0, got, sizeof got);
    assert_string_equal(got, "RolloutUpdated,NewReplicaSetCreated,RolloutNotCompleted,"
                             "ScalingReplicaSet,SwitchService,RolloutCompleted");
    assert_non_null(strstr(event_message(&r, "SwitchService"), "service 'web' from"));
    stop(&r);
    r = start(3,
              "{\"type\": \"BlueGreen\", \"blueGreen\": {\"scaleDownDelaySeconds\": 10,"
              " \"previewService\": \"web-preview\"}}",
              "{}", DEPLOY("10s", "v2"), 100);
    until(&r, sw + 5);
    rollout_reasons(&r, 0, got, sizeof got);
    assert_string_equal(got, "RolloutUpdated,NewReplicaSetCreated,RolloutNotCompleted,"
                             "SwitchService,ScalingReplicaSet,SwitchService,RolloutCompleted");
    assert_true(event_time(&r, "SwitchService", "service 'web-preview'") <= 10 + 1e-9);
    stop(&r);
}

/* promote --full, after argo test/e2e/functional_test.go TestCanaryPromoteFull: at a timed
 * pause (24 h here too) a full promotion skips every remaining step and the analysis; after an
 * abort it lifts the abort and completes ("Full promotion requested", sync.go
 * shouldFullPromote; no new AnalysisRun, reconcileAnalysisRuns cancels on promoteFull). */
static void test_canary_promote_full(void **state) {
    (void)state;
    const char *strategy =
        CANARY(ANALYSIS("30s"), "[{\"setWeight\": 20}, {\"pause\": {\"duration\": "
                                "\"24h\"}}, {\"setWeight\": 50}, {\"pause\": {}}]");
    run_t r = start(10, strategy, "{}", DEPLOY("10s", "v2"), 300);
    until(&r, 30);
    assert_string_equal(status(&r), "Paused");
    action_t full = {.action = ACTION_PROMOTE, .service = 0, .full = true};
    char err[256];
    assert_int_equal(sim_inject(r.s, &full, err, sizeof err), 0);
    until(&r, 60);
    sim_service_view_t view;
    assert_int_equal(version(&r, "v2", &view).available, 10);
    assert_int_equal(version(&r, "v1", NULL).total, 0);
    assert_string_equal(view.status, "Complete");
    double done = event_time(&r, "RolloutCompleted", "Full promotion requested");
    assert_true(done > 30 && done < 60);
    assert_true(event_time(&r, "RolloutStepCompleted", "(setWeight: 50)") < 0); /* skipped */
    assert_int_equal(event_count_of(&r, "AnalysisRunRunning"), 1);              /* no new run */
    assert_true(event_time(&r, "AnalysisRunSuccessful", NULL) >= 30);           /* terminated */
    stop(&r);
    /* after an abort: Degraded, then promote --full completes the update anyway */
    r = start(10, strategy, "{}", DEPLOY("10s", "v2"), 300);
    until(&r, 30);
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    until(&r, 31);
    assert_string_equal(status(&r), "Degraded");
    assert_int_equal(act(&r, ACTION_PROMOTE, 0), -1); /* a plain promote is refused */
    assert_int_equal(sim_inject(r.s, &full, err, sizeof err), 0);
    until(&r, 80);
    assert_string_equal(status(&r), "Complete");
    assert_int_equal(version(&r, "v2", NULL).available, 10);
    assert_true(event_time(&r, "RolloutCompleted", "Full promotion requested") > 31);
    assert_int_equal(sim_inject(r.s, &full, err, sizeof err), -1); /* nothing left */
    stop(&r);
}

/* argo test/e2e/bluegreen_test.go TestBlueGreenPreviewReplicaCountPromoteFull: 2 replicas,
 * previewReplicaCount 1, no auto-promotion, progressDeadlineSeconds 1. Paused longer than the
 * deadline is not Degraded (sync.go checkPausedConditions: RolloutPaused replaces a timed-out
 * Progressing condition, and no timeout while paused); counts while paused: 3 pods, 1
 * updated; promote --full ignores previewReplicaCount and the pause: Healthy with 4 pods (the
 * old ReplicaSet waits for its scale-down delay) and 2 updated. */
static void test_bluegreen_promote_full_preview_count(void **state) {
    (void)state;
    run_t r = start_ex(2, ", \"progressDeadlineSeconds\": 1",
                       "{\"type\": \"BlueGreen\", \"blueGreen\": {\"previewReplicaCount\": 1,"
                       " \"autoPromotionEnabled\": false}}",
                       "{}", DEPLOY("10s", "v2"), 100);
    until(&r, 40);
    sim_service_view_t view;
    sim_version_view_t v2 = version(&r, "v2", &view);
    assert_string_equal(view.status, "Paused"); /* a pause replaced any timed-out condition */
    assert_int_equal(view.total, 3);
    assert_int_equal(v2.total, 1);
    assert_int_equal(v2.available, 1);
    action_t full = {.action = ACTION_PROMOTE, .service = 0, .full = true};
    char err[256];
    assert_int_equal(sim_inject(r.s, &full, err, sizeof err), 0);
    until(&r, 55);
    v2 = version(&r, "v2", &view);
    assert_string_equal(view.status, "Complete");
    assert_int_equal(view.total, 4);
    assert_int_equal(v2.available, 2);
    assert_near(v2.weight, 1, 1e-9);
    assert_true(event_time(&r, "RolloutCompleted", "Full promotion requested") > 40);
    stop(&r);
}

/* restart (kubectl argo rollouts restart: spec.restartAt), after argo test/e2e
 * functional_test.go TestRolloutRestart: 4 replicas, maxUnavailable 75%, paused at setWeight
 * 25 (1 canary, 3 stable); the pod restarter (rollout/restart.go) evicts
 * available - (max(replicas, Σ desired) - max(maxUnavailable, 1)) = 4 - (4 - 3) = 3 pods at
 * at once, in name order, and no new ReplicaSet: 2 s later 4 pods, 1 ready.
 * With maxUnavailable 0 one pod at a time (restart_test.go TestRestartMaxUnavailable). */
static void test_rollout_restart(void **state) {
    (void)state;
    run_t r = start(4,
                    "{\"type\": \"Canary\", \"canary\": {\"maxUnavailable\": \"75%\", \"steps\":"
                    " [{\"setWeight\": 25}, {\"pause\": {}}]}}",
                    "{}", DEPLOY("10s", "v2"), 100);
    until(&r, 30);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(version(&r, "v2", NULL).available, 1);
    assert_int_equal(act(&r, ACTION_RESTART, 0), 0);
    until(&r, 32);
    sim_service_view_t view;
    sim_version_view_t v1 = version(&r, "v1", &view), v2 = version(&r, "v2", NULL);
    assert_int_equal(v1.desired + v2.desired, 4); /* no new ReplicaSet, same counts */
    assert_int_equal(view.ready, 1);
    assert_int_equal(view.available, 1);
    int evicted = 0;
    for (int i = 0; i < sim_decision_count(r.s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r.s, i, &d);
        evicted += !strcmp(d.decision, "restart pod");
    }
    assert_int_equal(evicted, 3);
    until(&r, 90);
    assert_int_equal(version(&r, "v1", &view).available + version(&r, "v2", NULL).available, 4);
    assert_string_equal(view.status, "Paused"); /* still at its pause step */
    stop(&r);
    /* maxUnavailable 0: one at a time, each after its replacement is available */
    r = start(4,
              "{\"type\": \"Canary\", \"canary\": {\"maxUnavailable\": 0, \"steps\":"
              " [{\"setWeight\": 25}, {\"pause\": {}}]}}",
              "{}", "", 100);
    until(&r, 20);
    assert_int_equal(act(&r, ACTION_RESTART, 0), 0);
    until(&r, 21);
    assert_int_equal(version(&r, "v1", &view).available, 3);
    assert_string_equal(view.status, "Progressing"); /* "rollout is restarting" */
    until(&r, 120);
    assert_int_equal(version(&r, "v1", &view).available, 4);
    assert_string_equal(view.status, "Complete");
    const sim_sample_t *rows;
    int n = sim_samples(r.s, 0, &rows);
    for (int i = 0; i < n; i++)
        if (rows[i].time > 20 * SIM_SEC) assert_true(rows[i].available >= 3);
    stop(&r);
}

/* restart of a blue-green Rollout: rollout/restart.go takes maxUnavailable from the strategy
 * (utils/replicaset MaxUnavailable: blue-green's default 25%, rounded down), so 4 replicas
 * give floor(4 x 25%) = 1 and an effective minimum of max(4, 4) - max(1, 1) = 3: one pod
 * evicted at a time, each once its replacement is available; never fewer than 3 available. */
static void test_rollout_restart_blue_green(void **state) {
    (void)state;
    run_t r = start(4, "{\"type\": \"BlueGreen\", \"blueGreen\": {}}", "{}", "", 100);
    until(&r, 20);
    assert_int_equal(act(&r, ACTION_RESTART, 0), 0);
    until(&r, 21);
    sim_service_view_t view;
    assert_int_equal(version(&r, "v1", &view).available, 3);
    int evicted = 0;
    for (int i = 0; i < sim_decision_count(r.s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r.s, i, &d);
        evicted += !strcmp(d.decision, "restart pod");
    }
    assert_int_equal(evicted, 1);
    until(&r, 120);
    assert_int_equal(version(&r, "v1", &view).available, 4);
    evicted = 0;
    for (int i = 0; i < sim_decision_count(r.s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r.s, i, &d);
        evicted += !strcmp(d.decision, "restart pod");
    }
    assert_int_equal(evicted, 4);
    const sim_sample_t *rows;
    int n = sim_samples(r.s, 0, &rows);
    for (int i = 0; i < n; i++)
        if (rows[i].time > 20 * SIM_SEC) assert_true(rows[i].available >= 3);
    stop(&r);
}

/* ---- setCanaryScale, dynamicStableScale, scale-down limits, progressDeadlineAbort, retry ---- */

static void expect_pods(const run_t *r, int canary, int stable) {
    sim_version_view_t v1 = version(r, "v1", NULL), v2 = version(r, "v2", NULL);
    assert_int_equal(v2.desired, canary);
    assert_int_equal(v2.available, canary);
    assert_int_equal(v1.desired, stable);
    assert_int_equal(v1.available, stable);
}

static int promote(run_t *r) {
    return act(r, ACTION_PROMOTE, 0);
}

/* argo test/e2e/canary_test.go TestCanarySetCanaryScale, step by step with its expected
 * canary/stable pod counts (ExpectCanaryStablePodCount), 4 replicas behind a traffic router:
 * pause (0, 4); setCanaryScale weight 25 (1, 4); setWeight 50 under that scale: still (1, 4)
 * (UseSetCanaryScale walks back to the last setCanaryScale); replicas 3 (3, 4);
 * matchTrafficWeight: back to the weight, ceil(50% x 4) = 2 (2, 4); done (4, 4), the old stable
 * waiting for its scaleDownDelaySeconds. utils/replicaset/canary.go UseSetCanaryScale,
 * GetCanaryReplicasOrWeight, CalculateReplicaCountsForTrafficRoutedCanary. */
static void test_set_canary_scale(void **state) {
    (void)state;
    const char *steps =
        "[{\"pause\": {}}, {\"setCanaryScale\": {\"weight\": 25}},"
        " {\"pause\": {\"duration\": \"100s\"}}, {\"setWeight\": 50},"
        " {\"pause\": {\"duration\": \"10s\"}}, {\"setCanaryScale\": {\"replicas\": 3}},"
        " {\"pause\": {}}, {\"setCanaryScale\": {\"matchTrafficWeight\": true}},"
        " {\"pause\": {\"duration\": \"5s\"}}]";
    char strategy[1024];
    snprintf(strategy, sizeof strategy, CANARY(INGRESS, "%s"), steps);
    run_t r = start(4, strategy, "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 20);
    assert_string_equal(status(&r), "Paused");
    expect_pods(&r, 0, 4); /* step 0 */
    assert_int_equal(promote(&r), 0);
    until(&r, 35);
    expect_pods(&r, 1, 4); /* step 2: ceil(25% x 4) */
    assert_near(event_time(&r, "RolloutStepCompleted", "(setCanaryScale{weight: 25})"), 25, 1e-9);
    assert_int_equal(promote(&r), 0);
    until(&r, 40);
    expect_pods(&r, 1, 4); /* step 4: setWeight 50 leaves the scale in force */
    assert_near(event_time(&r, "TrafficWeightUpdated", "from 0 to 50"), 35, 1e-9);
    assert_int_equal(promote(&r), 0);
    until(&r, 55);
    expect_pods(&r, 3, 4); /* step 6 */
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(promote(&r), 0);
    until(&r, 58);
    expect_pods(&r, 2, 4); /* step 8: the setWeight's ceil(50% x 4) */
    assert_near(
        event_time(&r, "RolloutStepCompleted", "(setCanaryScale{matchTrafficWeight: true})"), 55,
        1e-9); /* 3 -> 2 needs no new pod: the step completes at once */
    assert_int_equal(promote(&r), 0);
    until(&r, 70);
    assert_string_equal(status(&r), "Complete");
    expect_pods(&r, 4, 4);
    stop(&r);
}

/* argo test/e2e/canary_test.go TestCanaryDynamicStableScale: 4 replicas, dynamicStableScale,
 * setWeight 25 / pause / setWeight 75 / pause. The stable shrinks as its weight falls (3 + 1,
 * then 1 + 3: CalculateReplicaCountsForTrafficRoutedCanary, stable = max(ceil((100 - weight) x
 * 4 / 100), its actual weight's share)). On abort the stable comes back one step at a time
 * (GetDesiredCanaryWeight walks the steps backwards; calculateDesiredWeightOnAbortOrStable
 * Rollback moves the weight only as the stable's available pods can carry it): the e2e test
 * waits for the state (canary 1, stable 4) on the way, and ends with (0, 4). No
 * abortScaleDownDelaySeconds wait (shouldDelayScaleDownOnAbort is false without an explicit
 * one), and availability never drops below the 4 pods the traffic needs minus one. */
static void test_dynamic_stable_scale(void **state) {
    (void)state;
    const char *strategy =
        "{\"type\": \"Canary\", \"canary\": {\"dynamicStableScale\": true" INGRESS
        ", \"steps\": [{\"setWeight\": 25}, {\"pause\": {}}, {\"setWeight\": 75}, {\"pause\": "
        "{}}]}}";
    run_t r = start(4, strategy, "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 30);
    assert_string_equal(status(&r), "Paused");
    expect_pods(&r, 1, 3);
    assert_int_equal(promote(&r), 0);
    until(&r, 50);
    expect_pods(&r, 3, 1);
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    bool waypoint = false;
    for (double t = 50.5; t <= 90; t += 0.5) {
        until(&r, t);
        sim_version_view_t v1 = version(&r, "v1", NULL), v2 = version(&r, "v2", NULL);
        if (v1.desired == 4 && v2.desired == 1) waypoint = true;
        assert_true(v1.available + v2.available >= 3);
    }
    assert_true(waypoint);
    expect_pods(&r, 0, 4);
    assert_string_equal(status(&r), "Degraded");
    /* the weight went 75 -> 25 -> 0, not 75 -> 0 at once */
    double w25 = event_time(&r, "TrafficWeightUpdated", "from 75 to 25");
    double w0 = event_time(&r, "TrafficWeightUpdated", "from 25 to 0");
    assert_true(w25 > 50 && w0 > w25);
    stop(&r);
    /* completion: the previous stable goes to 0 with the promotion, no scaleDownDelaySeconds */
    r = start(4, strategy, "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 30);
    assert_int_equal(promote(&r), 0);
    until(&r, 50);
    assert_int_equal(promote(&r), 0);
    until(&r, 70);
    double done = event_time(&r, "RolloutCompleted", NULL);
    assert_true(done > 50);
    assert_near(event_time(&r, "ScalingReplicaSet", "(revision 1) from 1 to 0"), done, 1e-9);
    expect_pods(&r, 4, 0);
    stop(&r);
}

/* argo test/e2e/canary_test.go TestCanaryScaleDownDelay: 1 replica, traffic-routed, no steps,
 * scaleDownDelayRevisionLimit 1 (scaleDownDelaySeconds 30 by default). After revision 2 the
 * previous stable keeps its pod with a deadline; after revision 3 it is scaled down at once
 * (the limit), revision 2 keeps its pod; going back to revision 2's template (revision 4):
 * revision 1 0, revision 4 1, revision 3 1 (rollout/replicaset.go scaleDownDelayHelper,
 * rollout/bluegreen.go GetScaleDownRevisionLimit). */
static void test_canary_scale_down_delay_revision_limit(void **state) {
    (void)state;
    run_t r = start(
        1, "{\"type\": \"Canary\", \"canary\": {\"scaleDownDelayRevisionLimit\": 1" INGRESS "}}",
        "{}", DEPLOY("10s", "v2") ", " DEPLOY("25s", "v3") ", " DEPLOY("40s", "v2"), 50);
    until(&r, 24);
    assert_int_equal(version(&r, "v1", NULL).desired, 1); /* deadline 30 s ahead */
    until(&r, 35);
    assert_int_equal(version(&r, "v1", NULL).desired, 0); /* before its own deadline */
    assert_int_equal(version(&r, "v2", NULL).desired, 1);
    until(&r, 50);
    assert_int_equal(version(&r, "v1", NULL).desired, 0);
    assert_int_equal(version(&r, "v2", NULL).desired, 1);
    assert_int_equal(version(&r, "v3", NULL).desired, 1);
    assert_string_equal(status(&r), "Complete");
    stop(&r);
}

/* argo test/e2e/functional_test.go TestBlueGreenScaleDownDelay: 1 replica,
 * scaleDownDelaySeconds one day, scaleDownDelayRevisionLimit 2; after three updates revisions
 * 4, 3 and 2 have a pod and revision 1 none (ExpectReplicaCounts(1, 3, 1, 1, 1)); with limit 1
 * (the test patches it down) revision 2 goes too (1, 2, 1, 1, 1). v4 is a fourth version. */
static void test_bluegreen_scale_down_delay_revision_limit(void **state) {
    (void)state;
    const char *events = DEPLOY("10s", "v2") ", " DEPLOY("40s", "v4") ", " DEPLOY("70s", "v3");
    for (int limit = 2; limit >= 1; limit--) {
        char strategy[256];
        snprintf(strategy, sizeof strategy,
                 "{\"type\": \"BlueGreen\", \"blueGreen\": {\"scaleDownDelaySeconds\": \"24h\","
                 " \"scaleDownDelayRevisionLimit\": %d}}",
                 limit);
        run_t r = start(1, strategy, "{}, \"v4\": {}", events, 50);
        until(&r, 100);
        sim_service_view_t view;
        assert_int_equal(version(&r, "v3", &view).desired, 1);
        assert_string_equal(view.status, "Complete");
        assert_int_equal(version(&r, "v4", NULL).desired, 1);
        assert_int_equal(version(&r, "v2", NULL).desired, limit == 2 ? 1 : 0);
        assert_int_equal(version(&r, "v1", NULL).desired, 0);
        assert_int_equal(view.total, limit == 2 ? 3 : 2);
        stop(&r);
    }
}

/* argo test/e2e/functional_test.go TestBlueGreenExceedProgressDeadlineAbort: 1 replica,
 * abortScaleDownDelaySeconds 2, progressDeadlineSeconds 1, a new version that never becomes
 * ready. progressDeadlineAbort false: Degraded, and 3 s later the new pod is still there,
 * not aborted; true: Degraded and aborted (rollout/sync.go evaluateProgressDeadlineAbort, a
 * Warning RolloutAborted with the timeout message), and 3 s later the preview has no pod. */
static void test_progress_deadline_abort(void **state) {
    (void)state;
    for (int abort_on = 0; abort_on <= 1; abort_on++) {
        char extra[128];
        snprintf(extra, sizeof extra,
                 ", \"progressDeadlineSeconds\": 1, \"progressDeadlineAbort\": %s",
                 abort_on ? "true" : "false");
        run_t r = start_ex(1, extra,
                           "{\"type\": \"BlueGreen\", \"blueGreen\": "
                           "{\"abortScaleDownDelaySeconds\": 2}}",
                           "{\"startup\": \"1h\"}", DEPLOY("10s", "v2"), 50);
        until(&r, 20);
        assert_string_equal(status(&r), "Degraded");
        double t = event_time(&r, "ProgressDeadlineExceeded", NULL);
        assert_true(t > 10 && t < 14);
        until(&r, t + 3);
        assert_int_equal(version(&r, "v2", NULL).total, abort_on ? 0 : 1);
        double aborted = event_time(&r, "RolloutAborted", "has timed out progressing.");
        if (abort_on)
            assert_near(aborted, t, 1e-9);
        else
            assert_true(aborted < 0);
        assert_int_equal(version(&r, "v1", NULL).available, 1);
        stop(&r);
    }
}

/* argo test/e2e/functional_test.go TestRolloutAbortRetryPromote: one replica, setWeight 50
 * then a timed pause (30 s here rather than 3 s so that the abort lands in it); abort, then
 * retry (kubectl argo rollouts retry: status.abort = false): Paused again with one pod of
 * each revision, then Healthy with revision 1 at 0, and the whole event list as upstream's. */
static void test_rollout_abort_retry_promote(void **state) {
    (void)state;
    run_t r = start(1, CANARY("", "[{\"setWeight\": 50}, {\"pause\": {\"duration\": \"30s\"}}]"),
                    "{}", DEPLOY("10s", "v2"), 50);
    until(&r, 20);
    assert_int_equal(act(&r, ACTION_RETRY, 0), -1); /* not aborted */
    until(&r, 25);
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    until(&r, 30);
    assert_string_equal(status(&r), "Degraded");
    assert_int_equal(act(&r, ACTION_RETRY, 0), 0);
    until(&r, 40);
    assert_string_equal(status(&r), "Paused");
    expect_pods(&r, 1, 1);
    until(&r, 80);
    assert_string_equal(status(&r), "Complete");
    expect_pods(&r, 1, 0);
    char got[1024];
    rollout_reasons(&r, 0, got, sizeof got);
    assert_string_equal(got, "RolloutUpdated,NewReplicaSetCreated,RolloutNotCompleted,"
                             "ScalingReplicaSet,RolloutStepCompleted,RolloutPaused,"
                             "ScalingReplicaSet,RolloutAborted,"
                             "ScalingReplicaSet,RolloutStepCompleted,RolloutPaused,"
                             "RolloutStepCompleted,RolloutResumed,ScalingReplicaSet,"
                             "RolloutCompleted");
    stop(&r);
    /* with a background analysis the retry creates a new run (needsNewAnalysisRun: abortedAt
     * still set); its name is taken by the terminated one, so it gets utils/analysis/helpers.go
     * CreateWithCollisionCounter's suffix ".1" */
    r = start(
        1, CANARY(ANALYSIS("10s"), "[{\"setWeight\": 50}, {\"pause\": {\"duration\": \"30s\"}}]"),
        "{}", DEPLOY("10s", "v2"), 50);
    until(&r, 25);
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    until(&r, 30);
    assert_int_equal(act(&r, ACTION_RETRY, 0), 0);
    until(&r, 31);
    assert_int_equal(event_count_of(&r, "AnalysisRunRunning"), 2);
    const char *first = NULL, *second = NULL;
    for (int i = 0; i < sim_event_count(r.s); i++) {
        sim_event_view_t e;
        sim_event_get(r.s, i, &e);
        if (strcmp(e.reason, "AnalysisRunRunning")) continue;
        if (!first)
            first = e.message;
        else
            second = e.message;
    }
    assert_non_null(strstr(first, "-2' Status New"));
    assert_non_null(strstr(second, "-2.1' Status New"));
    /* a second abort and retry: both names are taken, the counter goes on to ".2" */
    until(&r, 35);
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    until(&r, 40);
    assert_int_equal(act(&r, ACTION_RETRY, 0), 0);
    until(&r, 41);
    assert_int_equal(event_count_of(&r, "AnalysisRunRunning"), 3);
    const char *third = NULL;
    for (int i = 0; i < sim_event_count(r.s); i++) {
        sim_event_view_t e;
        sim_event_get(r.s, i, &e);
        if (!strcmp(e.reason, "AnalysisRunRunning")) third = e.message;
    }
    assert_non_null(strstr(third, "-2.2' Status New"));
    stop(&r);
}

static int events_with(const run_t *r, const char *reason, const char *text) {
    int n = 0;
    for (int i = 0; i < sim_event_count(r->s); i++) {
        sim_event_view_t e;
        sim_event_get(r->s, i, &e);
        n += !strcmp(e.reason, reason) && (!text || strstr(e.message, text));
    }
    return n;
}

/* argo test/e2e/analysis_test.go TestCanaryInlineAnalysis (rollout-inline-analysis.yaml):
 * setWeight 10, analysis, pause, analysis, analysis, with no canary.analysis: each analysis
 * step runs its own AnalysisRun with its own keys (rollout/analysis.go
 * reconcileStepBasedAnalysisRun creates it from step.Analysis), and no background run
 * (reconcileBackgroundAnalysisRun: none without canary.analysis). Paused after the first
 * step run: 1 run; Healthy after a promote: 3. A failing step run aborts with
 * "Step-based analysis phase error/failed". */
static void test_step_analysis_own_keys(void **state) {
    (void)state;
    const char *strategy =
        CANARY("", "[{\"setWeight\": 10}, {\"analysis\": {\"interval\": \"5s\", \"count\": 2,"
                   " \"maxErrorRate\": 0.05}}, {\"pause\": {}}, {\"analysis\": {\"interval\": "
                   "\"5s\", \"count\": 1, \"maxErrorRate\": 0.05}}, {\"analysis\": {\"interval\": "
                   "\"5s\", \"count\": 1, \"maxP99\": \"2s\"}}]");
    run_t r = start(4, strategy, "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 40);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(events_with(&r, "AnalysisRunRunning", NULL), 1);
    assert_int_equal(events_with(&r, "AnalysisRunSuccessful", "Step Analysis Run"), 1);
    assert_int_equal(promote(&r), 0);
    until(&r, 90);
    assert_string_equal(status(&r), "Complete");
    assert_int_equal(events_with(&r, "AnalysisRunRunning", NULL), 3);
    assert_int_equal(events_with(&r, "AnalysisRunRunning", "Background"), 0);
    stop(&r);
    /* the step's own threshold fails a v2 with 20 % errors */
    r = start(4, strategy, "{\"errorRate\": 0.2}", DEPLOY("10s", "v2"), 200);
    until(&r, 40);
    assert_string_equal(status(&r), "Degraded");
    assert_non_null(
        strstr(event_message(&r, "RolloutAborted"), "Step-based analysis phase error/failed"));
    stop(&r);
}

/* canary.analysis.startingStep (utils/replicaset/canary.go BeforeStartingStep): no
 * background run before the current step index reaches it. argo test/e2e
 * functional_test.go TestCanaryPromoteFull: startingStep 4 is never reached, so after a
 * step analysis and promote --full there is one AnalysisRun in all. */
static void test_analysis_starting_step(void **state) {
    (void)state;
    run_t r = start(4,
                    "{\"type\": \"Canary\", \"canary\": {\"analysis\": {\"interval\": \"5s\","
                    " \"maxErrorRate\": 0.05, \"startingStep\": 2}, \"steps\": [{\"setWeight\": "
                    "25}, {\"pause\": {\"duration\": \"20s\"}}, {\"setWeight\": 50}, {\"pause\": "
                    "{}}]}}",
                    "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 60);
    double step2 = event_time(&r, "RolloutStepCompleted", "step 2/4");
    double bg = event_time(&r, "AnalysisRunRunning", "Background");
    assert_true(step2 > 10);
    assert_near(bg, step2, 1e-9); /* the run starts in the reconcile that reached step 2 */
    stop(&r);
    r = start(4,
              "{\"type\": \"Canary\", \"canary\": {\"analysis\": {\"interval\": \"5s\","
              " \"maxErrorRate\": 0.05, \"startingStep\": 4}, \"steps\": [{\"pause\": "
              "{\"duration\": \"24h\"}}, {\"analysis\": {\"interval\": \"1h\", \"maxErrorRate\": "
              "0.05}}, {\"pause\": {}}, {\"analysis\": {}}]}}",
              "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 20);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(promote(&r), 0); /* to the step analysis (1 h interval: still running) */
    until(&r, 25);
    assert_string_equal(status(&r), "Progressing");
    assert_int_equal(promote(&r), 0); /* skips it: the pause */
    until(&r, 30);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    until(&r, 31);
    action_t full = {.action = ACTION_PROMOTE, .service = 0, .full = true};
    char err[256];
    assert_int_equal(sim_inject(r.s, &full, err, sizeof err), 0);
    until(&r, 80);
    assert_string_equal(status(&r), "Complete");
    assert_int_equal(events_with(&r, "AnalysisRunRunning", NULL), 1); /* ExpectAnalysisRunCount */
    assert_int_equal(events_with(&r, "AnalysisRunRunning", "Background"), 0);
    stop(&r);
}

/* argo test/e2e/analysis_test.go TestBlueGreenPostPromotionFail: previewService, no
 * auto-promotion, a postPromotionAnalysis that fails. Paused with active = stable = v1; after
 * the promote the active Service selects v2 while v1 stays stable (shouldFullPromote waits for
 * the run); the run fails and the Rollout is Degraded with active back on v1 (rollout/analysis.go
 * reconcilePostPromotionAnalysisRun, setPauseOrAbortForBlueGreen: "Blue/green post-promotion
 * analysis phase error/failed"), one AnalysisRun. A v2 that passes: stable once the run is
 * Successful, and only then "Completed blue-green update". */
static void test_bluegreen_post_promotion_analysis(void **state) {
    (void)state;
    const char *strategy =
        "{\"type\": \"BlueGreen\", \"blueGreen\": {\"previewService\": \"web-preview\","
        " \"autoPromotionEnabled\": false, \"postPromotionAnalysis\": {\"interval\": \"5s\","
        " \"count\": 2, \"maxErrorRate\": 0.05}}}";
    run_t r = start(3, strategy, "{\"errorRate\": 0.3}", DEPLOY("10s", "v2"), 150);
    until(&r, 20);
    assert_string_equal(status(&r), "Paused");
    assert_near(version(&r, "v1", NULL).weight, 1, 1e-9); /* active: v1 */
    assert_int_equal(promote(&r), 0);
    until(&r, 22);
    assert_near(version(&r, "v2", NULL).weight, 1, 1e-9);      /* active: v2 */
    assert_true(event_time(&r, "RolloutCompleted", NULL) < 0); /* v1 still stable */
    assert_int_equal(event_count_of(&r, "AnalysisRunRunning"), 1);
    assert_non_null(
        strstr(event_message(&r, "AnalysisRunRunning"), "PostPromotion Analysis Run 'web-"));
    until(&r, 40);
    assert_string_equal(status(&r), "Degraded");
    assert_near(version(&r, "v1", NULL).weight, 1, 1e-9); /* active back on v1 */
    assert_non_null(strstr(event_message(&r, "RolloutAborted"),
                           "Blue/green post-promotion analysis phase error/failed"));
    assert_int_equal(event_count_of(&r, "AnalysisRunRunning"), 1);
    assert_int_equal(version(&r, "v1", NULL).available, 3);
    stop(&r);
    /* a v2 that passes: promoted to stable after count (2) measurements of 5 s */
    r = start(3, strategy, "{}", DEPLOY("10s", "v2"), 150);
    until(&r, 20);
    assert_int_equal(promote(&r), 0);
    until(&r, 60);
    assert_string_equal(status(&r), "Complete");
    double ok = event_time(&r, "AnalysisRunSuccessful", "PostPromotion");
    assert_near(ok, 30, 1e-9);
    assert_near(event_time(&r, "RolloutCompleted", "Completed blue-green update"), ok, 1e-9);
    stop(&r);
}

static int act_err(run_t *r, action_kind_t kind, char *err, size_t n) {
    action_t a = {.action = kind, .service = 0};
    err[0] = 0;
    return sim_inject(r->s, &a, err, n);
}

/* What kubectl argo rollouts refuses before an update or after an abort, with its reason
 * (argo-rollouts pkg/kubectl-argo-rollouts/cmd/promote/promote.go, abort/abort.go,
 * retry/retry.go patch a Rollout the controller then ignores; the model says why):
 * no update to promote, abort or retry on a Rollout at its stable revision; promote after an
 * abort does not resume it (rollout/sync.go: status.abort stays until retry or a new
 * deploy); a second abort is refused. spec.paused without an update can be promoted (it
 * clears spec.paused, promote.go unpauses). A BlueGreen promote before the preview is
 * available has nothing to promote yet (bluegreen.go: the pause condition comes once the
 * new ReplicaSet is available). */
static void test_refused_rollout_actions(void **state) {
    (void)state;
    char err[256];
    run_t r = start(4, CANARY("", "[{\"setWeight\": 50}, {\"pause\": {}}]"), "{}", "", 100);
    until(&r, 10);
    assert_int_equal(act_err(&r, ACTION_PROMOTE, err, sizeof err), -1);
    assert_string_equal(err, "web: no update in progress to promote");
    assert_int_equal(act_err(&r, ACTION_ABORT, err, sizeof err), -1);
    assert_string_equal(err, "web: no update in progress to abort");
    assert_int_equal(act_err(&r, ACTION_RETRY, err, sizeof err), -1);
    assert_string_equal(err, "web: nothing to retry (the rollout is not aborted)");
    /* spec.paused at the stable revision: promote clears it */
    assert_int_equal(act_err(&r, ACTION_PAUSE, err, sizeof err), 0);
    until(&r, 11);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(act_err(&r, ACTION_PROMOTE, err, sizeof err), 0);
    until(&r, 12);
    assert_string_equal(status(&r), "Complete");
    /* an update, aborted: promote and a second abort are refused */
    assert_int_equal(act(&r, ACTION_DEPLOY, 1), 0);
    until(&r, 30);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(act_err(&r, ACTION_ABORT, err, sizeof err), 0);
    until(&r, 31);
    assert_int_equal(act_err(&r, ACTION_PROMOTE, err, sizeof err), -1);
    assert_string_equal(err, "web: the update to revision 2 was aborted; promote does not resume "
                             "it (deploy or rollback)");
    assert_int_equal(act_err(&r, ACTION_ABORT, err, sizeof err), -1);
    assert_string_equal(err, "web: the update to revision 2 is already aborted");
    stop(&r);

    /* BlueGreen: promote while the preview's pods start is a no-op decision */
    r = start(4, "{\"type\": \"BlueGreen\", \"blueGreen\": {\"autoPromotionEnabled\": false}}",
              "{}", DEPLOY("10s", "v2"), 100);
    until(&r, 11);
    assert_int_equal(act_err(&r, ACTION_PROMOTE, err, sizeof err), 0);
    assert_true(decision_time(&r, "promote") >= 11);
    for (int i = 0; i < sim_decision_count(r.s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r.s, i, &d);
        if (!strcmp(d.decision, "promote"))
            assert_non_null(strstr(d.explanation, "nothing to promote yet"));
    }
    assert_near(version(&r, "v1", NULL).weight, 1, 1e-9); /* the active Service did not move */
    until(&r, 40);
    assert_string_equal(status(&r), "Paused"); /* now paused for promotion */
    assert_near(version(&r, "v1", NULL).weight, 1, 1e-9);
    stop(&r);
}

/* The p99-latency metric of a background analysis (the model's stand-in for a Prometheus
 * histogram_quantile query, argo metricproviders): a canary whose p99 over the interval is
 * above maxP99 fails the run and aborts the update (failureLimit 0: argo
 * analysis/analysis.go assessMetricStatus, "failed (1) > failureLimit (0)"); one within it
 * lets the rollout complete. */
static void test_analysis_p99(void **state) {
    (void)state;
#define P99_ANALYSIS ", \"analysis\": {\"interval\": \"10s\", \"maxP99\": \"1s\"}"
    run_t r = start(
        4, CANARY(P99_ANALYSIS, "[{\"setWeight\": 50}, {\"pause\": {\"duration\": \"30s\"}}]"),
        "{\"capacityRps\": 2}", DEPLOY("10s", "v2"), 40);
    until(&r, 40);
    assert_string_equal(status(&r), "Degraded");
    const char *msg = event_message(&r, "RolloutAborted");
    assert_non_null(msg);
    assert_non_null(strstr(msg, "Metric \"p99-latency\" assessed Failed due to failed (1) > "
                                "failureLimit (0)"));
    stop(&r);
    r = start(4,
              CANARY(P99_ANALYSIS, "[{\"setWeight\": 50}, {\"pause\": {\"duration\": \"30s\"}}]"),
              "{}", DEPLOY("10s", "v2"), 40);
    until(&r, 90);
    assert_int_equal(event_count_of(&r, "RolloutAborted"), 0);
    assert_true(event_time(&r, "RolloutCompleted", NULL) > 40);
    int ok = 0;
    for (int i = 0; i < sim_decision_count(r.s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r.s, i, &d);
        if (strstr(d.explanation, "p99 ") && strstr(d.explanation, "<= 1000.0 ms: Successful"))
            ok++;
    }
    assert_true(ok >= 2); /* measured every 10 s while the canary runs */
    stop(&r);
#undef P99_ANALYSIS
}

/* argo test/e2e/analysis_test.go TestBlueGreenPrePromotionFail: replicas 2,
 * previewReplicaCount 1, abortScaleDownDelaySeconds 0, a prePromotionAnalysis that fails:
 * Degraded with stable = active = revision 1 and the preview on revision 2, which keeps its
 * pod (0 leaves it up), one AnalysisRun (rollout/analysis.go reconcilePrePromotionAnalysisRun,
 * setPauseOrAbortForBlueGreen: "Blue/green pre-promotion analysis phase error/failed"). The
 * preview is measured on traffic.preview's test requests only: v2 fails 30% of them while no
 * user request reaches it. A v2 that passes: the switch waits for the run's success
 * (rollout/service.go reconcileActiveService: CompletedBlueGreenPause &&
 * completedPrePromotionAnalysis) and then autoPromotionSeconds (rollout/analysis_test.go
 * TestRolloutPrePromotionAnalysisHonorAutoPromotionSeconds: the BlueGreenPause begins once
 * the run is Successful). */
static void test_bluegreen_pre_promotion_analysis(void **state) {
    (void)state;
    traffic_extra = ", \"preview\": {\"rps\": 20}";
    const char *fail =
        "{\"type\": \"BlueGreen\", \"blueGreen\": {\"previewService\": \"web-preview\","
        " \"previewReplicaCount\": 1, \"abortScaleDownDelaySeconds\": 0,"
        " \"prePromotionAnalysis\": {\"interval\": \"5s\", \"count\": 2, \"maxErrorRate\": 0.05}}}";
    run_t r = start(2, fail, "{\"errorRate\": 0.3}", DEPLOY("10s", "v2"), 150);
    until(&r, 60);
    assert_string_equal(status(&r), "Degraded");
    assert_near(version(&r, "v1", NULL).weight, 1, 1e-9);   /* active never left v1 */
    assert_int_equal(version(&r, "v2", NULL).available, 1); /* the preview keeps its pod */
    assert_true(event_time(&r, "SwitchService", "service 'web' from") < 0);
    assert_true(event_time(&r, "SwitchService", "service 'web-preview' from") > 0);
    assert_int_equal(event_count_of(&r, "AnalysisRunRunning"), 1);
    assert_non_null(
        strstr(event_message(&r, "AnalysisRunRunning"), "PrePromotion Analysis Run 'web-"));
    assert_non_null(strstr(event_message(&r, "RolloutAborted"),
                           "Blue/green pre-promotion analysis phase error/failed"));
    assert_near(failed_between(&r, 0, 60), 0, 1e-9); /* no user request saw v2 */
    stop(&r);
    /* passes: two measurements of 5 s after the preview is saturated, then 5 s of pause */
    const char *pass =
        "{\"type\": \"BlueGreen\", \"blueGreen\": {\"previewService\": \"web-preview\","
        " \"autoPromotionSeconds\": 5,"
        " \"prePromotionAnalysis\": {\"interval\": \"5s\", \"count\": 2, \"maxErrorRate\": 0.05}}}";
    r = start(3, pass, "{}", DEPLOY("10s", "v2"), 150);
    until(&r, 60);
    assert_string_equal(status(&r), "Complete");
    double started = event_time(&r, "AnalysisRunRunning", "PrePromotion");
    double ok = event_time(&r, "AnalysisRunSuccessful", "PrePromotion");
    assert_true(started > 10);
    assert_near(ok, started + 10, 1e-9);
    assert_near(event_time(&r, "RolloutPaused", "BlueGreenPause"), ok, 1e-9);
    assert_near(event_time(&r, "SwitchService", "service 'web' from"), ok + 5, 1e-9);
    stop(&r);
    traffic_extra = "";
}

/* Two metrics in one measurement: a canary that fails every request (errorRate 1) has an
 * error rate of 1 (Failed) and no served request for a p99 (Inconclusive). The measurement is
 * Failed (argo analysis/analysis.go: a Failed metric outranks an Inconclusive one in
 * analysisStatusOrder), the run Failed with the first failed metric's message, and the update
 * aborts ("Step-based" for an analysis step: rollout/analysis.go). */
static void test_analysis_failed_outranks_inconclusive(void **state) {
    (void)state;
    run_t r = start(4,
                    CANARY("", "[{\"setWeight\": 50}, {\"analysis\": {\"interval\": \"10s\", "
                               "\"count\": 2, \"maxErrorRate\": 0.05, \"maxP99\": \"1s\"}}]"),
                    "{\"errorRate\": 1}", DEPLOY("10s", "v2"), 40);
    until(&r, 60);
    assert_string_equal(status(&r), "Degraded");
    const char *msg = event_message(&r, "RolloutAborted");
    assert_non_null(msg);
    assert_non_null(strstr(msg, "Step-based analysis phase error/failed: Metric \"error-rate\" "
                                "assessed Failed due to failed (1) > failureLimit (0)"));
    assert_int_equal(event_count_of(&r, "MetricFailed"), 1);
    int found = 0;
    for (int i = 0; i < sim_decision_count(r.s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r.s, i, &d);
        if (!strcmp(d.decision, "measurement 1: Failed") &&
            strstr(d.explanation, "error rate 1.000") &&
            strstr(d.explanation, "no v2 request served: Inconclusive"))
            found++;
    }
    assert_int_equal(found, 1);
    stop(&r);
}

/* dynamicStableScale with an explicit abortScaleDownDelaySeconds (argo
 * rollout/replicaset.go shouldDelayScaleDownOnAbort: HasExplicitAbortScaleDownDelay turns the
 * delay back on): on abort the stable grows back to 4 while the canary is not drained step by
 * step (test_dynamic_stable_scale passes through canary 1, stable 4) -- it keeps its 3 pods
 * until the stable is fully available, then abortScaleDownDelaySeconds (20 s) more, and goes
 * to 0. */
static void test_dynamic_stable_scale_explicit_abort_delay(void **state) {
    (void)state;
    const char *strategy =
        "{\"type\": \"Canary\", \"canary\": {\"dynamicStableScale\": true, "
        "\"abortScaleDownDelaySeconds\": 20" INGRESS
        ", \"steps\": [{\"setWeight\": 25}, {\"pause\": {}}, {\"setWeight\": 75}, {\"pause\": "
        "{}}]}}";
    run_t r = start(4, strategy, "{}", DEPLOY("10s", "v2"), 200);
    until(&r, 30);
    assert_int_equal(promote(&r), 0);
    until(&r, 50);
    expect_pods(&r, 3, 1);
    assert_int_equal(act(&r, ACTION_ABORT, 0), 0);
    double full = -1; /* when the stable had its 4 available pods again */
    for (double t = 50.5; t <= 100; t += 0.5) {
        until(&r, t);
        sim_version_view_t v1 = version(&r, "v1", NULL), v2 = version(&r, "v2", NULL);
        if (full < 0 && v1.available == 4) full = t;
        if (full < 0 || t < full + 19.5) assert_int_equal(v2.desired, 3); /* not drained */
    }
    assert_true(full > 50);
    expect_pods(&r, 0, 4);
    double down = event_time(&r, "ScalingReplicaSet", "(revision 2) from 3 to 0");
    assert_true(down >= full + 19.5 && down <= full + 21);
    stop(&r);
}

static int restarts(const run_t *r) {
    int n = 0;
    for (int i = 0; i < sim_decision_count(r->s); i++) {
        sim_decision_view_t d;
        sim_decision_get(r->s, i, &d);
        n += !strcmp(d.decision, "restart pod");
    }
    return n;
}

/* test_rollout_restart's first case under a PodDisruptionBudget of maxUnavailable 1: the pod
 * restarter evicts through the Eviction API (rollout/restart.go), which refuses with 429 once
 * the budget is spent (disruptionsAllowed = 4 healthy - 3 desired = 1): one pod goes, the
 * others wait for its replacement; in the end all four are restarted. A restart or promote of
 * a plain Deployment is refused: they are Rollout actions. */
static void test_rollout_restart_under_pdb(void **state) {
    (void)state;
    run_t r = start_ex(4, ", \"podDisruptionBudget\": {\"maxUnavailable\": 1}",
                       "{\"type\": \"Canary\", \"canary\": {\"maxUnavailable\": \"75%\", "
                       "\"steps\": [{\"setWeight\": 25}, {\"pause\": {}}]}}",
                       "{}", DEPLOY("10s", "v2"), 100);
    until(&r, 30);
    assert_int_equal(act(&r, ACTION_RESTART, 0), 0);
    until(&r, 32);
    assert_int_equal(restarts(&r), 1);
    until(&r, 150);
    assert_int_equal(restarts(&r), 4);
    sim_service_view_t view;
    assert_int_equal(version(&r, "v1", &view).available + version(&r, "v2", NULL).available, 4);
    stop(&r);
    r = start(2, "{\"type\": \"RollingUpdate\"}", "{}", "", 10);
    until(&r, 5);
    action_t a = {.action = ACTION_PROMOTE, .service = 0};
    char err[256] = "";
    assert_int_equal(sim_inject(r.s, &a, err, sizeof err), -1);
    assert_string_equal(err, "web: promote needs a Canary or BlueGreen strategy");
    stop(&r);
}

/* argo rollout/sync.go checkPausedConditions (via calculateRolloutConditions): a Rollout
 * whose update timed out (ProgressDeadlineExceeded, progressDeadlineAbort false: Degraded) and
 * is then paused gets the Progressing condition RolloutPaused ("Rollout is paused") in place
 * of the timeout -- a Deployment would keep ProgressDeadlineExceeded -- and its status is
 * Paused, not Degraded, while spec.paused holds. */
static void test_pause_replaces_timed_out_condition(void **state) {
    (void)state;
    run_t r = start_ex(1, ", \"progressDeadlineSeconds\": 1",
                       "{\"type\": \"BlueGreen\", \"blueGreen\": {}}", "{\"startup\": \"1h\"}",
                       DEPLOY("10s", "v2"), 50);
    until(&r, 20);
    assert_string_equal(status(&r), "Degraded");
    assert_true(event_time(&r, "ProgressDeadlineExceeded", NULL) > 10);
    assert_true(event_time(&r, "RolloutPaused", NULL) < 0);
    assert_int_equal(act(&r, ACTION_PAUSE, 0), 0);
    until(&r, 22);
    assert_near(event_time(&r, "RolloutPaused", "Rollout is paused"), 20, 1e-9);
    assert_string_equal(status(&r), "Paused");
    stop(&r);
}

/* A basic canary (no traffic router) interrupted by a third version: argo
 * replicaset.go AtDesiredReplicaCountsForCanary requires the older ReplicaSets of a basic
 * canary to have no available pod before a step is done (they take traffic by pod count), so
 * the rollout reaches its pause for v3 only once v2's pods are gone, never while one of them
 * still serves. */
static void test_basic_canary_waits_for_older_rs(void **state) {
    (void)state;
    run_t r = start(4, CANARY("", "[{\"setWeight\": 50}, {\"pause\": {}}]"), "{}",
                    DEPLOY("10s", "v2") ", " DEPLOY("30s", "v3"), 100);
    until(&r, 29);
    assert_string_equal(status(&r), "Paused");
    assert_int_equal(version(&r, "v2", NULL).available, 2);
    double paused_again = -1;
    for (double t = 30.5; t <= 120 && paused_again < 0; t += 0.5) {
        until(&r, t);
        if (!strcmp(status(&r), "Paused")) {
            paused_again = t;
            assert_int_equal(version(&r, "v2", NULL).available, 0);
            assert_int_equal(version(&r, "v3", NULL).available, 2);
        }
    }
    assert_true(paused_again > 30);
    stop(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canary_weight_counts),
        cmocka_unit_test(test_kill_old_stable_during_scale_down_delay),
        cmocka_unit_test(test_canary_steps_and_promote),
        cmocka_unit_test(test_timed_pause),
        cmocka_unit_test(test_analysis_aborts_bad_canary),
        cmocka_unit_test(test_step_analysis),
        cmocka_unit_test(test_step_analysis_inconclusive_promote),
        cmocka_unit_test(test_ingress_abort_scale_down_delay),
        cmocka_unit_test(test_inconclusive_pauses),
        cmocka_unit_test(test_canary_actions),
        cmocka_unit_test(test_resume_keeps_timed_pause),
        cmocka_unit_test(test_promote_skips_step),
        cmocka_unit_test(test_rollback_to_stable_skips_steps),
        cmocka_unit_test(test_bluegreen_switch),
        cmocka_unit_test(test_bluegreen_manual_promote_and_preview_count),
        cmocka_unit_test(test_bluegreen_abort),
        cmocka_unit_test(test_wrong_strategy_and_determinism),
        cmocka_unit_test(test_traffic_routed_canary_healthy_at_promotion),
        cmocka_unit_test(test_rollout_degraded_again_after_promote),
        cmocka_unit_test(test_rollout_paused_no_deadline),
        cmocka_unit_test(test_analysis_step_no_deadline),
        cmocka_unit_test(test_interrupted_traffic_routed_canary_keeps_intermediate),
        cmocka_unit_test(test_rollout_event_order),
        cmocka_unit_test(test_bluegreen_preview_service_optional),
        cmocka_unit_test(test_canary_promote_full),
        cmocka_unit_test(test_bluegreen_promote_full_preview_count),
        cmocka_unit_test(test_rollout_restart),
        cmocka_unit_test(test_rollout_restart_blue_green),
        cmocka_unit_test(test_set_canary_scale),
        cmocka_unit_test(test_dynamic_stable_scale),
        cmocka_unit_test(test_canary_scale_down_delay_revision_limit),
        cmocka_unit_test(test_bluegreen_scale_down_delay_revision_limit),
        cmocka_unit_test(test_progress_deadline_abort),
        cmocka_unit_test(test_rollout_abort_retry_promote),
        cmocka_unit_test(test_step_analysis_own_keys),
        cmocka_unit_test(test_analysis_starting_step),
        cmocka_unit_test(test_bluegreen_post_promotion_analysis),
        cmocka_unit_test(test_refused_rollout_actions),
        cmocka_unit_test(test_analysis_p99),
        cmocka_unit_test(test_bluegreen_pre_promotion_analysis),
        cmocka_unit_test(test_analysis_failed_outranks_inconclusive),
        cmocka_unit_test(test_dynamic_stable_scale_explicit_abort_delay),
        cmocka_unit_test(test_rollout_restart_under_pdb),
        cmocka_unit_test(test_pause_replaces_timed_out_condition),
        cmocka_unit_test(test_basic_canary_waits_for_older_rs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
