/* kubelet: the computed start-up sequence (readiness at the first passing probe), the edge
 * where the probe passes at the very instant the container starts (found by the fuzzer: the
 * pod must become Ready once, not start over and over), and liveness / startup probes with
 * the hangAfter and unreadyAfter misbehaviours. */
#include "test_util.h"

#include <string.h>

#include "sim_run_util.h"

static void test_probe_passes_as_container_starts(void **state) {
    (void)state;
    const char *json = "{\"name\": \"zero\", \"duration\": \"30s\", \"coldStart\": true, "
                       "\"metrics\": {\"pods\": false},"
                       " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1}]},"
                       " \"services\": [{\"name\": \"web\", \"replicas\": 2, \"startup\": \"0s\","
                       " \"readinessProbe\": {\"initialDelaySeconds\": 0, \"periodSeconds\": 2}}]}";
    run_t r = run_create(json, NULL);
    sim_run_until(r.s, 30 * SIM_SEC);
    assert_int_equal(event_count(r.s, "Started", NULL, NULL), 2); /* once per pod, not a loop */
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.ready, 2);
    run_free(&r);
}

/* container starts at 1 s (runtime), app up at 1 + 7 = 8 s, probes at 1 + 3 + 2k: 4, 6, 8 ->
 * Ready at 8 s; the probes at 4 and 6 s fail (Unhealthy). */
static void test_ready_at_first_passing_probe(void **state) {
    (void)state;
    const char *json = "{\"name\": \"probe\", \"duration\": \"30s\", \"coldStart\": true, "
                       "\"metrics\": {\"pods\": false},"
                       " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1}]},"
                       " \"services\": [{\"name\": \"web\", \"replicas\": 1, \"startup\": \"7s\","
                       " \"readinessProbe\": {\"initialDelaySeconds\": 3, \"periodSeconds\": 2}}]}";
    run_t r = run_create(json, NULL);
    sim_run_until(r.s, 7999999);
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.ready, 0);
    sim_run_until(r.s, 8 * SIM_SEC);
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.ready, 1);
    assert_int_equal(event_count(r.s, "Unhealthy", NULL, NULL), 2);
    run_free(&r);
}

/* One pod (cold start: its container starts at 1 s), app up 5 s later, probes as given. */
static run_t one_pod(const char *keys, const char *duration) {
    char json[2048];
    snprintf(json, sizeof json,
             "{\"name\": \"probes\", \"duration\": \"%s\", \"coldStart\": true,"
             " \"metrics\": {\"pods\": false},"
             " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1}]},"
             " \"services\": [{\"name\": \"web\", \"replicas\": 1%s, \"traffic\": {\"rps\": 10}}]}",
             duration, keys);
    run_t r = run_create(json, NULL);
    assert_int_equal(sim_run(r.s), 0);
    return r;
}

static double event_at(const run_t *r, const char *reason, const char *message) {
    sim_event_view_t e;
    return event_find(r->s, 0, reason, NULL, message, &e) >= 0 ? secs(e.time) : -1;
}

/* livenessProbe restarts a hung app (pkg/kubelet/prober/worker.go doProbe: failureThreshold
 * results in a row flip the result to Failure; kuberuntime_manager.go computePodActions kills
 * the container "failed liveness probe, will be restarted"). The container starts at 1 s, the
 * app is up at 6 s and hangs at 1 + 40 = 41 s. Readiness every 2 s: Ready at 7 s; the ticks at
 * 41, 43, 45 s time out (timeoutSeconds 1) and the third, reported at 46 s, makes it NotReady.
 * Liveness every 10 s: 41, 51, 61 s time out; the kubelet restarts it at 62 s. */
static void test_liveness_restarts_hung_app(void **state) {
    (void)state;
    run_t r = one_pod(", \"startup\": \"5s\", \"hangAfter\": \"40s\","
                      " \"readinessProbe\": {\"periodSeconds\": 2},"
                      " \"livenessProbe\": {\"periodSeconds\": 10, \"failureThreshold\": 3}",
                      "90s");
    assert_near(event_at(&r, "Unhealthy", "Liveness probe failed: context deadline"), 42, 1e-9);
    sim_decision_view_t d = {0};
    assert_true(decision_find(r.s, 0, "kubelet", "NotReady", NULL, &d) >= 0);
    assert_near(secs(d.time), 46, 1e-9);
    assert_near(event_at(&r, "Killing", "Container web failed liveness probe, will be restarted"),
                62, 1e-9);
    /* the tick at 1 s failed (app not up), the one at 11 s passed: not in a row with 41 s;
     * the new container's first tick, at 63 s, fails too (its app is up at 68 s) */
    assert_int_equal(event_count(r.s, "Unhealthy", NULL, "Liveness probe failed"), 5);
    assert_int_equal(event_count(r.s, "Killing", NULL, NULL), 1);
    assert_int_equal(event_count(r.s, "Started", NULL, NULL), 2); /* restarted once, at once */
    uint32_t id;
    assert_int_equal(sim_node_pods(r.s, 0, &id, 1), 1);
    sim_pod_view_t pv;
    assert_true(sim_pod_view(r.s, id, &pv));
    assert_int_equal(pv.restarts, 1);
    assert_int_equal(pv.state, SIM_POD_READY); /* the new container: up at 68 s, Ready at 69 s */
    sim_summary_t m;
    sim_summary(r.s, 0, &m);
    assert_true(m.failed > 0); /* requests between the hang and NotReady failed */
    run_free(&r);
}

/* An app that hangs before it is up (hangAfter 5 s < startup 10 s) never comes up: it is
 * never Ready, and the livenessProbe (every 10 s from the container start at 1 s, failure
 * threshold 3) fails at 1 s (connection refused, the app is not listening), then times out
 * at 11 and 21 s (timeoutSeconds 1): the third failure in a row, at 22 s, restarts it
 * (prober/worker.go doProbe, kuberuntime_manager.go computePodActions). */
static void test_hang_before_app_up(void **state) {
    (void)state;
    run_t r = one_pod(", \"startup\": \"10s\", \"hangAfter\": \"5s\","
                      " \"readinessProbe\": {\"periodSeconds\": 2},"
                      " \"livenessProbe\": {\"periodSeconds\": 10, \"failureThreshold\": 3}",
                      "21s");
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.ready, 0);
    assert_true(event_find(r.s, 0, "Unhealthy", NULL, "Readiness probe failed", NULL) >= 0);
    assert_int_equal(event_count(r.s, "Killing", NULL, NULL), 0);
    run_free(&r);
    r = one_pod(", \"startup\": \"10s\", \"hangAfter\": \"5s\","
                " \"readinessProbe\": {\"periodSeconds\": 2},"
                " \"livenessProbe\": {\"periodSeconds\": 10, \"failureThreshold\": 3}",
                "25s");
    assert_near(event_at(&r, "Killing", "Container web failed liveness probe, will be restarted"),
                22, 1e-9);
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.ready, 0);
    run_free(&r);
}

/* A slow app (up 50 s after its container starts) under a livenessProbe that gives up after
 * 3 x 5 s is killed before it is up, every time; a startupProbe holds liveness and readiness
 * back until it succeeds (prober/worker.go: no liveness or readiness result before the
 * container is started), here at its first tick after the app is up: 1 + 50 = 51 s. */
static void test_startup_probe_protects_slow_start(void **state) {
    (void)state;
    run_t r = one_pod(", \"startup\": \"50s\", \"readinessProbe\": {\"periodSeconds\": 5},"
                      " \"livenessProbe\": {\"periodSeconds\": 5, \"failureThreshold\": 3}",
                      "3m");
    /* ticks at 1, 6, 11 s fail: killed at 11 s, and again and again (CrashLoopBackOff) */
    assert_near(event_at(&r, "Killing", "failed liveness probe"), 11, 1e-9);
    assert_true(event_count(r.s, "Killing", NULL, "failed liveness probe") >= 4);
    assert_true(event_count(r.s, "BackOff", NULL, NULL) >= 3);
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.ready, 0);
    run_free(&r);
    r = one_pod(", \"startup\": \"50s\", \"readinessProbe\": {\"periodSeconds\": 5},"
                " \"livenessProbe\": {\"periodSeconds\": 5, \"failureThreshold\": 3},"
                " \"startupProbe\": {\"periodSeconds\": 5, \"failureThreshold\": 24}",
                "3m");
    assert_int_equal(event_count(r.s, "Killing", NULL, NULL), 0);
    assert_int_equal(event_count(r.s, "Unhealthy", NULL, "Liveness probe failed"), 0);
    assert_int_equal(event_count(r.s, "Unhealthy", NULL, "Readiness probe failed"), 0);
    /* startup ticks at 1, 6, ..., 46 s fail (10 of them); 51 s passes */
    assert_int_equal(event_count(r.s, "Unhealthy", NULL, "Startup probe failed"), 10);
    sim_sample_t const *rows;
    int n = sim_samples(r.s, 0, &rows);
    double ready_at = -1;
    for (int i = 0; i < n && ready_at < 0; i++)
        if (rows[i].ready > 0) ready_at = secs(rows[i].time);
    assert_near(ready_at, 51, 1e-9); /* readiness tick at 51 s, the first after the start */
    run_free(&r);
    /* a startupProbe that gives up too early restarts the container ("failed startup probe") */
    r = one_pod(", \"startup\": \"50s\", \"startupProbe\": {\"periodSeconds\": 5,"
                " \"failureThreshold\": 2}",
                "40s");
    assert_near(event_at(&r, "Killing", "Container web failed startup probe, will be restarted"), 6,
                1e-9);
    run_free(&r);
}

/* unreadyAfter: only readiness fails (HTTP 503): the pod leaves the endpoints after
 * failureThreshold failures but is not restarted, since its liveness still passes. */
static void test_unready_after(void **state) {
    (void)state;
    run_t r = one_pod(", \"startup\": \"5s\", \"unreadyAfter\": \"20s\","
                      " \"readinessProbe\": {\"periodSeconds\": 2, \"failureThreshold\": 2},"
                      " \"livenessProbe\": {\"periodSeconds\": 10}",
                      "60s");
    /* container at 1 s: ticks at 21 and 23 s fail (at once: the app answers 503) */
    assert_near(event_at(&r, "Unhealthy",
                         "Readiness probe failed: HTTP probe failed with "
                         "statuscode: 503"),
                21, 1e-9);
    sim_decision_view_t d = {0};
    assert_true(decision_find(r.s, 0, "kubelet", "NotReady", NULL, &d) >= 0);
    assert_near(secs(d.time), 23, 1e-9);
    assert_int_equal(event_count(r.s, "Killing", NULL, NULL), 0);
    run_free(&r);
}

/* k8s validateProbe: successThreshold must be 1 for liveness and startup probes. */
static void test_restart_probe_success_threshold(void **state) {
    (void)state;
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    const char *json = "{\"name\": \"x\", \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]},"
                       " \"services\": [{\"name\": \"web\", \"livenessProbe\":"
                       " {\"successThreshold\": 2}}]}";
    assert_int_not_equal(scenario_load_text(json, "x.json", NULL, 0, &sc, &d), 0);
    assert_true(d.count >= 1);
    assert_non_null(strstr(d.items[0], "services[0].livenessProbe.successThreshold: must be 1"));
    diag_free(&d);
}

/* minReadySeconds: a pod is available once Ready for minReadySeconds, and the controllers
 * see it minReadySeconds + 1 s after it turned Ready (podutil.IsPodAvailable in
 * pkg/api/v1/pod/util.go, and the requeue after minReadySeconds in
 * pkg/controller/replicaset/replica_set.go). Without it, Ready is available at once; when the
 * pod stops being Ready it stops being available with it. */
static void test_min_ready_seconds(void **state) {
    (void)state;
    for (int min_ready = 0; min_ready <= 10; min_ready += 10) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"name\": \"minready\", \"duration\": \"90s\", \"coldStart\": true,"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1}]},"
                 " \"services\": [{\"name\": \"web\", \"replicas\": 1, \"minReadySeconds\": %d,"
                 " \"startup\": \"5s\", \"unreadyAfter\": \"40s\","
                 " \"readinessProbe\": {\"periodSeconds\": 1, \"failureThreshold\": 1},"
                 " \"traffic\": {\"rps\": 10}}]}",
                 min_ready);
        run_t r = run_create(json, NULL);
        double ready_at = -1, available_at = -1, unavailable_at = -1;
        for (sim_time_t t = 0; t <= 90 * SIM_SEC; t += 10 * SIM_MS) {
            assert_int_equal(sim_run_until(r.s, t), 0);
            sim_service_view_t v;
            assert_true(sim_service_view(r.s, 0, &v));
            assert_true(v.available <= v.ready); /* never available without Ready */
            if (v.ready == 1 && ready_at < 0) ready_at = secs(t);
            if (v.available == 1 && available_at < 0) available_at = secs(t);
            if (available_at >= 0 && v.available == 0 && unavailable_at < 0)
                unavailable_at = secs(t);
        }
        assert_true(ready_at > 0);
        assert_near(available_at - ready_at, min_ready ? min_ready + 1 : 0, 1e-9);
        assert_true(unavailable_at > available_at);
        run_free(&r);
    }
}

/* kuberuntime_container.go killContainer: a preStop hook runs for at most the grace period,
 * then SIGTERM, then what is left of the grace period but at least minimumGracePeriodInSeconds
 * (2 s) before SIGKILL. The pod serves one request at a time for 1000 s on average and always
 * has one, so it never drains by itself: its SIGKILL is when it disappears. Scaled to 0 at 10 s:
 * preStop 10 s with a 3 s grace period: the hook is cut at 13 s, SIGKILL at 15 s (not at 13 s);
 * preStop 1 s with a grace period of 30 s: SIGKILL at 40 s; no preStop and a grace period of
 * 1 s: 2 s. */
static void test_kill_minimum_grace(void **state) {
    (void)state;
    static const struct {
        const char *keys;
        double gone;
    } cases[] = {{", \"preStop\": \"10s\", \"terminationGracePeriodSeconds\": 3", 15},
                 {", \"preStop\": \"1s\", \"terminationGracePeriodSeconds\": 30", 40},
                 {", \"terminationGracePeriodSeconds\": 1", 12}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"name\": \"grace\", \"duration\": \"60s\", \"metrics\": {\"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1}]},"
                 " \"services\": [{\"name\": \"web\", \"replicas\": 1, \"concurrency\": 1,"
                 " \"capacityRps\": 0.001, \"queueLimit\": 100, \"traffic\": {\"rps\": 5}%s}]}",
                 cases[i].keys);
        run_t r = run_create(json, NULL);
        assert_int_equal(sim_run_until(r.s, 10 * SIM_SEC), 0);
        char err[256];
        action_t a = {.action = ACTION_SCALE, .service = 0, .replicas = 0};
        assert_int_equal(sim_inject(r.s, &a, err, sizeof err), 0);
        sim_time_t gone = (sim_time_t)(cases[i].gone * SIM_SEC);
        sim_service_view_t v;
        assert_int_equal(sim_run_until(r.s, gone - 1), 0);
        assert_true(sim_service_view(r.s, 0, &v));
        assert_int_equal(v.total, 1);
        assert_int_equal(sim_run_until(r.s, gone), 0);
        assert_true(sim_service_view(r.s, 0, &v));
        assert_int_equal(v.total, 0);
        run_free(&r);
    }
}

/* A patch of minReadySeconds re-judges Ready pods (k8s deployment_util.go IsPodAvailable:
 * available once Ready for minReadySeconds, LastTransitionTime + minReadySeconds before now;
 * the Deployment controller copies the new value into its ReplicaSets). Two pods Ready at
 * about 3 s: raised to 60 at 20 s they are no longer available -- they have not been Ready
 * for 60 s -- until 60 s after they became Ready; lowered to 0 at 90 s they stay available. */
static void test_min_ready_patch(void **state) {
    (void)state;
    run_t r = run_whole(
        "{\"name\": \"mr\", \"duration\": \"100s\", \"metrics\": {\"interval\": \"1s\", "
        "\"pods\": false}, \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
        "[{\"name\": \"web\", \"replicas\": 2, \"startup\": \"2s\", \"readinessProbe\": "
        "{\"initialDelaySeconds\": 1, \"periodSeconds\": 1}}], \"events\": [{\"at\": \"20s\", "
        "\"action\": \"patch\", \"service\": \"web\", \"spec\": {\"minReadySeconds\": 60}}, "
        "{\"at\": \"90s\", \"action\": \"patch\", \"service\": \"web\", \"spec\": "
        "{\"minReadySeconds\": 0}}]}");
    const sim_sample_t *rows;
    int n = sim_samples(r.s, 0, &rows);
    assert_int_equal(n, 100);
    sim_time_t ready = -1, back = -1;
    for (int i = 0; i < n; i++) {
        sim_time_t t = rows[i].time;
        if (ready < 0 && rows[i].ready == 2) ready = t;
        if (t >= 20 * SIM_SEC && back < 0 && rows[i].available == 2) back = t;
        if (t >= 20 * SIM_SEC && back < 0) assert_int_equal(rows[i].available, 0);
        if (back >= 0) assert_int_equal(rows[i].available, 2);
    }
    assert_true(ready > 0 && ready <= 5 * SIM_SEC);
    /* sampled every second: Ready somewhere in (ready - 1 s, ready], available 60 s later */
    assert_true(back > ready + 59 * SIM_SEC && back <= ready + 62 * SIM_SEC);
    run_free(&r);
}

/* The same during a rollout (maxSurge 1 of 2, maxUnavailable 0): minReadySeconds patched to
 * 5 while the first v2 pod starts, then to 8 while an old pod stops (preStop 20 s) and the
 * second v2 pod starts. Each v2 pod counts as available minReadySeconds after it is Ready, with
 * the value in force then, and only then does the Deployment scale the old ReplicaSet down
 * (pkg/controller/deployment/rolling.go reconcileOldReplicaSets: old pods go as new ones become
 * available). */
static void test_min_ready_patch_mid_rollout(void **state) {
    (void)state;
    run_t r = run_whole(
        "{\"name\": \"mr\", \"duration\": \"80s\", \"metrics\": {\"interval\": \"1s\", "
        "\"pods\": false}, \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
        "[{\"name\": \"web\", \"replicas\": 2, \"startup\": \"2s\", \"preStop\": \"20s\", "
        "\"readinessProbe\": {\"initialDelaySeconds\": 1, \"periodSeconds\": 1}, \"versions\": "
        "{\"v2\": {\"startup\": \"20s\"}}}], \"events\": [{\"at\": \"10s\", \"action\": "
        "\"deploy\", \"service\": \"web\", \"version\": \"v2\"}, {\"at\": \"15s\", \"action\": "
        "\"patch\", \"service\": \"web\", \"spec\": {\"minReadySeconds\": 5}}, {\"at\": \"40s\", "
        "\"action\": \"patch\", \"service\": \"web\", \"spec\": {\"minReadySeconds\": 8}}]}");
    const sim_sample_t *rows;
    int n = sim_samples(r.s, 0, &rows);
    sim_time_t ready3[2] = {-1, -1}; /* when 3 pods were Ready: each v2 pod's Ready time */
    int k = 0;
    for (int i = 1; i < n && k < 2; i++)
        if (rows[i].ready == 3 && rows[i - 1].ready != 3) ready3[k++] = rows[i].time;
    assert_int_equal(k, 2);
    sim_event_view_t d1 = {0}, d2 = {0};
    assert_true(event_find(r.s, 0, "ScalingReplicaSet", NULL, "from 2 to 1", &d1) >= 0);
    assert_true(event_find(r.s, 0, "ScalingReplicaSet", NULL, "from 1 to 0", &d2) >= 0);
    assert_true(d1.time >= ready3[0] + 5 * SIM_SEC && d1.time <= ready3[0] + 7 * SIM_SEC);
    assert_true(d2.time >= ready3[1] + 8 * SIM_SEC && d2.time <= ready3[1] + 10 * SIM_SEC);
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_minimum_grace),
        cmocka_unit_test(test_probe_passes_as_container_starts),
        cmocka_unit_test(test_ready_at_first_passing_probe),
        cmocka_unit_test(test_liveness_restarts_hung_app),
        cmocka_unit_test(test_hang_before_app_up),
        cmocka_unit_test(test_startup_probe_protects_slow_start),
        cmocka_unit_test(test_unready_after),
        cmocka_unit_test(test_restart_probe_success_threshold),
        cmocka_unit_test(test_min_ready_seconds),
        cmocka_unit_test(test_min_ready_patch),
        cmocka_unit_test(test_min_ready_patch_mid_rollout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
