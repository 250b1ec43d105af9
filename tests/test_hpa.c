/* The HPA controller end to end (hpa.c over hpa_math.c, whose arithmetic test_hpa_math.c checks
 * against the upstream vectors): what a whole run does with syncs every 15 s, metrics-server's
 * samples, stabilization, the legacy limits, the behavior block, [min, max], and the
 * Deployment's proportional scaling when the HPA resizes it mid-rollout. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>

#include "sim_run_util.h"

/* Runs one service `web` on two roomy nodes to the end: `service_keys` are added to the
 * service, `top_keys` (each followed by a comma) to the scenario. */
static run_t run_hpa(const char *service_keys, const char *top_keys) {
    char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"name\": \"hpa\", \"seed\": 1, %s"
             " \"metrics\": {\"interval\": \"1s\", \"pods\": false},"
             " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": \"8\","
             " \"memory\": \"16Gi\"}]},"
             " \"services\": [{\"name\": \"web\", \"capacityRps\": 100, \"concurrency\": 4,"
             " \"resources\": {\"cpu\": \"200m\", \"memory\": \"128Mi\"}, \"startup\": \"5s\","
             " \"readinessProbe\": {\"initialDelaySeconds\": 2, \"periodSeconds\": 2}, %s}]}",
             top_keys, service_keys);
    return run_whole(buf);
}

/* Acceptance: 4 replicas at 400 req/s (100% of their CPU) with a 50% target settle at 8; when
 * the traffic falls to 80 req/s the HPA keeps 8 for the 300 s stabilization window, then
 * scales to 2 (80 req/s is 40% of 2 pods: ratio 0.8, ceil(0.8 x 2) = 2) and stays. */
static void test_settles_then_scales_down(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 4, \"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 20,"
                      " \"targetCPUUtilizationPercentage\": 50},"
                      " \"traffic\": {\"rps\": 400, \"pattern\": [{\"at\": \"5m\", \"rps\": 80}]}",
                      "\"duration\": \"20m\",");
    assert_int_equal(event_count(r.s, "SuccessfulRescale", NULL, NULL), 2);
    sim_event_view_t up, down;
    assert_true(event_find(r.s, 0, "SuccessfulRescale", "HorizontalPodAutoscaler/web",
                           "New size: 8; reason: cpu resource utilization (percentage of request) "
                           "above target",
                           &up) >= 0);
    assert_true(event_find(r.s, 0, "SuccessfulRescale", "HorizontalPodAutoscaler/web",
                           "New size: 2; reason: All metrics below target", &down) >= 0);
    assert_true(up.time == 15 * SIM_SEC);
    /* the last sync that saw 400 req/s is at 300 s: no scale-down before 300 + 300 */
    assert_true(down.time >= 600 * SIM_SEC);
    assert_true(down.time <= 630 * SIM_SEC);
    /* the explanation carries the arithmetic */
    sim_decision_view_t d;
    assert_true(decision_find(r.s, 0, "hpa", "scale 4 -> 8", "ceil(", &d) >= 0);
    /* the typed fields the dashboard reads say the same as the text */
    assert_int_equal(d.ref.kind, SIM_EVK_RESCALE);
    assert_int_equal(d.ref.service, 0);
    assert_int_equal(d.ref.from, 4);
    assert_int_equal(d.ref.to, 8);
    assert_int_equal(up.ref.kind, SIM_EVK_RESCALE);
    assert_int_equal(up.ref.to, 8);
    assert_int_equal(down.ref.from, 8);
    assert_int_equal(down.ref.to, 2);
    sim_decision_view_t keep;
    assert_true(decision_find(r.s, 0, "hpa", "keep 8 (recommended 2)",
                              "highest recommendation of the last 300 s: 8", &keep) >= 0);
    assert_int_equal(keep.ref.kind, SIM_EVK_HOLD);
    assert_int_equal(keep.ref.from, 8);
    assert_int_equal(keep.ref.to, 2);
    const sim_sample_t *rows;
    int n = sim_samples(r.s, 0, &rows);
    assert_int_equal(n, 1200);
    for (int i = 0; i < n; i++) {
        sim_time_t t = rows[i].time;
        if (t > up.time && t < down.time) assert_int_equal(rows[i].desired, 8);
        if (t >= down.time) assert_int_equal(rows[i].desired, 2);
        if (t >= 60 * SIM_SEC && t <= 300 * SIM_SEC) assert_int_equal(rows[i].ready, 8);
        if (t >= down.time + 60 * SIM_SEC) assert_int_equal(rows[i].total_pods, 2);
    }
    run_free(&r);
}

/* Without behavior a sync scales up to at most max(2 x current, 4): 2 pods at ~95% of a 10%
 * target would want 19, the first sync gives 4. */
static void test_legacy_scale_up_limit(void **state) {
    (void)state;
    run_t r = run_hpa(
        "\"replicas\": 2, \"hpa\": {\"maxReplicas\": 30, \"targetCPUUtilizationPercentage\": 10},"
        " \"traffic\": {\"rps\": 190}",
        "\"duration\": \"20s\",");
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL, "New size: 4;", &e) >= 0);
    assert_true(e.time == 15 * SIM_SEC);
    assert_true(decision_find(r.s, 0, "hpa", "scale 2 -> 4", "scale-up limit max(2 × 2, 4) = 4",
                              NULL) >= 0);
    run_free(&r);
}

/* A count outside [min, max] is clamped at the first sync without reading a metric. */
static void test_clamps_to_bounds(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 10, \"hpa\": {\"minReplicas\": 2, \"maxReplicas\": 5},"
                      " \"traffic\": {\"rps\": 0}",
                      "\"duration\": \"20s\",");
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL,
                           "New size: 5; reason: Current number of replicas above Spec.MaxReplicas",
                           &e) >= 0);
    assert_true(e.time == 15 * SIM_SEC);
    run_free(&r);
}

/* behavior: scale-up by at most 1 pod per 60 s (the count at the start of the period plus
 * one); a scale event counts while it is strictly younger than the period, so the rescales
 * come at 15, 75, 135, 195 s. Scale-down without a window and 100% per 15 s: at once. */
static void test_behavior_policies(void **state) {
    (void)state;
    run_t r = run_hpa(
        "\"replicas\": 2, \"hpa\": {\"maxReplicas\": 10, \"targetCPUUtilizationPercentage\": 50,"
        " \"behavior\": {\"scaleUp\": {\"policies\": [{\"type\": \"Pods\", \"value\": 1,"
        " \"periodSeconds\": 60}]}, \"scaleDown\": {\"stabilizationWindowSeconds\": 0}}},"
        " \"traffic\": {\"rps\": 500, \"pattern\": [{\"at\": \"230s\", \"rps\": 10}]}",
        "\"duration\": \"5m\",");
    static const struct { int at, size; } want[] = {{15, 3}, {75, 4}, {135, 5}, {195, 6}};
    int from = 0;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char msg[64];
        snprintf(msg, sizeof msg, "New size: %d;", want[i].size);
        sim_event_view_t e;
        from = event_find(r.s, from, "SuccessfulRescale", NULL, msg, &e);
        assert_true(from >= 0);
        assert_true(e.time == want[i].at * SIM_SEC);
    }
    assert_true(decision_find(r.s, 0, "hpa", "scale 3 -> 4", "scale-up policies allow at most 4",
                              NULL) >= 0);
    /* 10 req/s on 6 pods: the first sync after the fall scales down (minReplicas 1) */
    sim_event_view_t e = {0};
    assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL, "All metrics below target", &e) >= 0);
    assert_true(e.time == 240 * SIM_SEC || e.time == 255 * SIM_SEC);
    run_free(&r);
}

/* A scale-down policy (1 pod per 60 s, no scale-down window) lets the HPA remove one pod a
 * minute however low the load: 8 -> 7 at the first sync, then one per period
 * (calculateScaleDownLimitWithBehaviors in pkg/controller/podautoscaler/horizontal.go). A
 * 60 s scale-up window then takes the lowest recommendation of the last 60 s
 * (stabilizeRecommendationWithBehaviors): when the load jumps at 200 s the HPA keeps 4 until
 * the low recommendations leave the window, and scales to 6, then 8. */
static void test_behavior_scale_down_limit_and_up_window(void **state) {
    (void)state;
    run_t r =
        run_hpa("\"replicas\": 8, \"hpa\": {\"maxReplicas\": 10,"
                " \"targetCPUUtilizationPercentage\": 50, \"behavior\": {\"scaleDown\":"
                " {\"stabilizationWindowSeconds\": 0, \"policies\": [{\"type\": \"Pods\","
                " \"value\": 1, \"periodSeconds\": 60}]},"
                " \"scaleUp\": {\"stabilizationWindowSeconds\": 60}}},"
                " \"traffic\": {\"rps\": 10, \"pattern\": [{\"at\": \"200s\", \"rps\": 700}]}",
                "\"duration\": \"5m\",");
    static const struct {
        int at, size;
    } want[] = {{15, 7}, {75, 6}, {135, 5}, {195, 4}, {255, 6}, {270, 8}};
    int from = 0;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        char msg[64];
        snprintf(msg, sizeof msg, "New size: %d;", want[i].size);
        sim_event_view_t e;
        from = event_find(r.s, from, "SuccessfulRescale", NULL, msg, &e);
        assert_true(from >= 0);
        assert_true(e.time == want[i].at * SIM_SEC);
    }
    assert_int_equal(event_count(r.s, "SuccessfulRescale", NULL, NULL), 6);
    sim_decision_view_t d;
    assert_true(decision_find(r.s, 0, "hpa", "scale 8 -> 7",
                              "scale-down policies allow no fewer than 7 now", &d) >= 0);
    assert_true(decision_find(r.s, 0, "hpa", "keep 4 (recommended 6)",
                              "lowest recommendation of the scale-up window (60 s): 4", &d) >= 0);
    assert_true(d.time == 210 * SIM_SEC);
    run_free(&r);
}

/* Load within the tolerance (4 pods at ~50% of a 50% target) never moves the count: the
 * measured CPU, over 15 s windows, stays within [0.9, 1.1] of the target. */
static void test_tolerance_holds(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 4, \"hpa\": {\"maxReplicas\": 10,"
                      " \"targetCPUUtilizationPercentage\": 50},"
                      " \"traffic\": {\"rps\": 200}",
                      "\"duration\": \"10m\",");
    assert_int_equal(event_count(r.s, "SuccessfulRescale", NULL, NULL), 0);
    run_free(&r);
}

/* A cold start: the containers start at ~1 s and pass the probe at ~7 s. At the 15 s sync the
 * only sample of each pod is metrics-server's first one, whose window began at the container's
 * start, before it was Ready: within the 300 s CPU initialization period such a pod is
 * unready, so no pod has a usable metric (FailedGetResourceMetric). At 30 s the samples cover
 * [15, 30] s, after readiness, and the HPA scales. */
static void test_cold_start_unready(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 2, \"hpa\": {\"maxReplicas\": 10,"
                      " \"targetCPUUtilizationPercentage\": 50},"
                      " \"traffic\": {\"rps\": 160}",
                      "\"duration\": \"40s\", \"coldStart\": true,");
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "FailedGetResourceMetric", "HorizontalPodAutoscaler/web",
                           "did not receive metrics for targeted pods (pods might be unready)",
                           &e) >= 0);
    assert_true(e.time == 15 * SIM_SEC);
    assert_true(event_find(r.s, 0, "FailedComputeMetricsReplicas", NULL, "invalid metrics", NULL) >=
                0);
    assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL, "above target", &e) >= 0);
    assert_true(e.time == 30 * SIM_SEC);
    run_free(&r);
}

/* The HPA resizes the Deployment mid-rollout (v2 pods take 40 s to start): the deployment
 * controller spreads each change over both ReplicaSets (proportional scaling), pods of both
 * versions count for the HPA, and the rollout still ends with every pod on v2, all Ready, as
 * many as the HPA asked for (400 req/s at a 50% target: at least 8). */
static void test_mid_rollout(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 4, \"versions\": {\"v2\": {\"startup\": \"40s\"}},"
                      " \"hpa\": {\"maxReplicas\": 20, \"targetCPUUtilizationPercentage\": 50},"
                      " \"traffic\": {\"rps\": 400}",
                      "\"duration\": \"5m\", \"events\": [{\"at\": \"10s\", \"action\": \"deploy\","
                      " \"service\": \"web\", \"version\": \"v2\"}],");
    sim_event_view_t up = {0};
    assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL, "above target", &up) >= 0);
    assert_true(up.time == 15 * SIM_SEC);
    sim_decision_view_t d = {0}, done = {0};
    assert_true(decision_find(r.s, 0, "deployment", NULL, "mid-rollout", &d) >= 0);
    assert_true(d.time == up.time);
    assert_true(decision_find(r.s, 0, "deployment", "rollout complete", NULL, &done) >= 0);
    assert_true(done.time > up.time);
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_true(v.replicas >= 8);
    assert_int_equal(v.version_count, 1);
    assert_string_equal(v.versions[0].name, "v2");
    assert_int_equal(v.versions[0].ready, v.replicas);
    assert_int_equal(v.total, v.replicas);
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_settles_then_scales_down),
        cmocka_unit_test(test_legacy_scale_up_limit),
        cmocka_unit_test(test_clamps_to_bounds),
        cmocka_unit_test(test_behavior_policies),
        cmocka_unit_test(test_behavior_scale_down_limit_and_up_window),
        cmocka_unit_test(test_tolerance_holds),
        cmocka_unit_test(test_cold_start_unready),
        cmocka_unit_test(test_mid_rollout),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
