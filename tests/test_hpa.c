/* The HPA controller end to end (hpa.c over hpa_math.c, whose arithmetic test_hpa_math.c checks
 * against the upstream vectors): what a whole run does with syncs every 15 s, metrics-server's
 * samples, stabilization, the legacy limits, the behavior block, [min, max], and the
 * Deployment's proportional scaling when the HPA resizes it mid-rollout. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- autoscaling/v2 metrics[] ---------------------------------------------------------- */

#define CPU50                                                                                      \
    "{\"type\": \"Resource\", \"resource\": {\"name\": \"cpu\", \"target\": "                      \
    "{\"type\": \"Utilization\", \"averageUtilization\": 50}}}"

/* A Pods metric from the traffic model: 400 req/s over 4 pods is about 100 per pod against an
 * averageValue of 50: ratio about 2, ceil(2 x 4) = 8 (GetMetricReplicas; the legacy limit
 * max(2 x 4, 4) = 8 allows it), and the reason names the metric as horizontal.go does. */
static void test_v2_pods_requests_per_second(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 4, \"hpa\": {\"maxReplicas\": 20, \"metrics\": [{\"type\": "
                      "\"Pods\", \"pods\": {\"metric\": {\"name\": \"requests_per_second\"}, "
                      "\"target\": {\"type\": \"AverageValue\", \"averageValue\": 50}}}]},"
                      " \"traffic\": {\"rps\": 400}",
                      "\"duration\": \"20s\",");
    sim_event_view_t up;
    assert_true(event_find(r.s, 0, "SuccessfulRescale", "HorizontalPodAutoscaler/web",
                           "New size: 8; reason: pods metric requests_per_second above target",
                           &up) >= 0);
    assert_true(up.time == 15 * SIM_SEC);
    sim_decision_view_t d = {0};
    assert_true(decision_find(r.s, 0, "hpa", "scale 4 -> 8", "requests_per_second", &d) >= 0);
    double per_pod = 0;
    assert_int_equal(sscanf(strstr(d.explanation, "requests_per_second ") + 20, "%lf", &per_pod),
                     1);
    assert_true(per_pod > 90 && per_pod < 110);
    run_free(&r);
}

/* The memory model: without traffic each pod's working set is its memoryWorkingSet, 64Mi of a
 * 128Mi request = 50%; a 25% Utilization target doubles 4 pods to 8, and an AverageValue of
 * 32Mi does the same (GetResourceReplicas / GetRawResourceReplicas on memory). */
static void test_v2_memory_working_set(void **state) {
    (void)state;
    static const char *const targets[] = {
        "{\"type\": \"Utilization\", \"averageUtilization\": 25}",
        "{\"type\": \"AverageValue\", \"averageValue\": \"32Mi\"}",
    };
    static const char *const reasons[] = {
        "New size: 8; reason: memory resource utilization (percentage of request) above target",
        "New size: 8; reason: memory resource above target",
    };
    for (int i = 0; i < 2; i++) {
        char keys[512];
        snprintf(keys, sizeof keys,
                 "\"replicas\": 4, \"memoryWorkingSet\": \"64Mi\", \"memoryPerRequest\": \"1Mi\","
                 " \"hpa\": {\"maxReplicas\": 20, \"metrics\": [{\"type\": \"Resource\", "
                 "\"resource\": {\"name\": \"memory\", \"target\": %s}}]}",
                 targets[i]);
        run_t r = run_hpa(keys, "\"duration\": \"20s\",");
        sim_event_view_t up;
        assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL, reasons[i], &up) >= 0);
        assert_true(up.time == 15 * SIM_SEC);
        assert_true(decision_find(r.s, 0, "hpa", "scale 4 -> 8",
                                  i == 0 ? "memory 50% of request (target 25%) → 8"
                                         : "memory 64.0Mi per pod over 4 pods (target 32.0Mi) → 8",
                                  NULL) >= 0);
        run_free(&r);
    }
}

/* Several metrics: each proposes, the largest wins (computeReplicasForMetrics). CPU is idle
 * (proposes 0), an External series at 1200 with an AverageValue of 100 proposes
 * ceil(1200 / 100) = 12 (GetExternalPerPodMetricReplicas); the behavior block lets 4 go to
 * 12 in one sync. Before 30 s the series says 200: ceil(200 / 100) = 2, held by the
 * scale-down stabilization (the first sync keeps 4). */
static void test_v2_largest_of_several(void **state) {
    (void)state;
    run_t r =
        run_hpa("\"replicas\": 4, \"hpa\": {\"maxReplicas\": 20, \"metrics\": [" CPU50
                ", {\"type\": \"External\", \"external\": {\"metric\": {\"name\": \"queue\"}, "
                "\"target\": {\"type\": \"AverageValue\", \"averageValue\": 100}, \"series\": "
                "[{\"at\": \"0s\", \"value\": 200}, {\"at\": \"30s\", \"value\": 1200}]}}],"
                " \"behavior\": {\"scaleUp\": {\"policies\": [{\"type\": \"Pods\", \"value\": 20,"
                " \"periodSeconds\": 15}]}}}",
                "\"duration\": \"40s\",");
    sim_event_view_t up;
    assert_true(event_find(r.s, 0, "SuccessfulRescale", "HorizontalPodAutoscaler/web",
                           "New size: 12; reason: external metric queue(nil) above target",
                           &up) >= 0);
    assert_true(up.time == 30 * SIM_SEC);
    assert_int_equal(event_count(r.s, "SuccessfulRescale", NULL, NULL), 1);
    assert_true(decision_find(r.s, 0, "hpa", "scale 4 -> 12",
                              "queue 1200 at 100 per pod → 12; the largest: 12", NULL) >= 0);
    run_free(&r);
}

/* One metric invalid out of two (cold start: no CPU sample of the unready pods at 15 s).
 * horizontal.go computeReplicasForMetrics ignores the invalid one only when the valid ones
 * scale up: an External series of 1200 at 100 per pod proposes 12 and the HPA goes 2 -> 12
 * at its first sync, with no FailedComputeMetricsReplicas; a series of 100 proposes 1 < 2,
 * so the count stays and the error names the first invalid metric, "(1 invalid out of 2)". */
static void test_v2_one_invalid_of_two(void **state) {
    (void)state;
    static const int values[] = {1200, 100};
    for (int i = 0; i < 2; i++) {
        char keys[1024];
        snprintf(keys, sizeof keys,
                 "\"replicas\": 2, \"hpa\": {\"maxReplicas\": 20, \"metrics\": [" CPU50
                 ", {\"type\": \"External\", \"external\": {\"metric\": {\"name\": \"queue\"}, "
                 "\"target\": {\"type\": \"AverageValue\", \"averageValue\": 100}, \"series\": "
                 "[{\"at\": \"0s\", \"value\": %d}]}}],"
                 " \"behavior\": {\"scaleUp\": {\"policies\": [{\"type\": \"Pods\", \"value\": 20,"
                 " \"periodSeconds\": 15}]}}}, \"traffic\": {\"rps\": 160}",
                 values[i]);
        run_t r = run_hpa(keys, "\"duration\": \"20s\", \"coldStart\": true,");
        sim_event_view_t e;
        if (i == 0) {
            assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL,
                                   "New size: 12; reason: external metric queue(nil) above target",
                                   &e) >= 0);
            assert_true(e.time == 15 * SIM_SEC);
            assert_int_equal(event_count(r.s, "FailedComputeMetricsReplicas", NULL, NULL), 0);
        } else {
            assert_true(event_find(r.s, 0, "FailedComputeMetricsReplicas", NULL,
                                   "invalid metrics (1 invalid out of 2), first error is: "
                                   "failed to get cpu",
                                   &e) >= 0);
            assert_true(e.time == 15 * SIM_SEC);
            assert_int_equal(event_count(r.s, "SuccessfulRescale", NULL, NULL), 0);
        }
        run_free(&r);
    }
}

/* The views' scale-down clock (sim_hpa_view) in L5: traffic falls at 12:00; at 14:00 the HPA
 * keeps 16 replicas though its metric recommends 3, because a recommendation of 16 is younger
 * than the 5-minute window (k8s pkg/controller/podautoscaler/horizontal.go,
 * stabilizeRecommendation keeps the highest recommendation of the window); it scales down at
 * its first sync (15 s period) once that recommendation has left the window, not before. */
static void test_view_scale_down_clock(void **state) {
    (void)state;
    scenario_t *sc = NULL;
    diag_t d;
    diag_init(&d);
    assert_int_equal(scenario_load_file("scenarios/autoscaling.json", NULL, 0, &sc, &d), 0);
    diag_free(&d);
    sim_options_t o = {
        .seed = 0, .outdir = NULL, .history_events = RUN_HISTORY, .placement = SIM_PLACE_DEFAULT};
    sim_t *s = sim_create(sc, &o, &d);
    assert_non_null(s);
    assert_int_equal(sim_run_until(s, 840 * SIM_SEC), 0);
    sim_hpa_view_t h;
    assert_true(sim_hpa_view(s, 0, &h));
    assert_int_equal(h.replicas, 16);
    assert_int_equal(h.recommended, 3);
    assert_int_equal(h.window, 300 * SIM_SEC);
    sim_time_t at = h.scale_down_at;
    assert_true(at > 840 * SIM_SEC && at <= 840 * SIM_SEC + h.window);
    assert_int_equal(sim_run(s), 0);
    sim_time_t first = -1;
    for (int i = 0; i < sim_event_count(s) && first < 0; i++) {
        sim_event_view_t e;
        if (sim_event_get(s, i, &e) && e.ref.kind == SIM_EVK_RESCALE && e.ref.to < e.ref.from &&
            e.time > 840 * SIM_SEC)
            first = e.time;
    }
    assert_true(first >= at);
    assert_true(first - at <= 15 * SIM_SEC);
    assert_false(sim_hpa_view(s, 1, &h)); /* no such service */
    sim_destroy(s);
    scenario_free(sc);
}

/* horizontal.go reconcileAutoscaler: replicas below minReplicas are raised to it without
 * reading a metric ("Current number of replicas below Spec.MinReplicas"), and a target
 * scaled to 0 while minReplicas is not 0 disables autoscaling ("scaling is disabled since
 * the replica count of the target is zero"): the HPA leaves it at 0 under any load. */
static void test_below_min_and_disabled_at_zero(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 1, \"hpa\": {\"minReplicas\": 3, \"maxReplicas\": 5},"
                      " \"traffic\": {\"rps\": 0}",
                      "\"duration\": \"20s\",");
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL,
                           "New size: 3; reason: Current number of replicas below Spec.MinReplicas",
                           &e) >= 0);
    assert_true(e.time == 15 * SIM_SEC);
    run_free(&r);
    r = run_hpa("\"replicas\": 2, \"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 5},"
                " \"traffic\": {\"rps\": 400}",
                "\"duration\": \"3m\", \"events\": [{\"at\": \"5s\", \"action\": \"scale\","
                " \"service\": \"web\", \"replicas\": 0}],");
    assert_int_equal(event_count(r.s, "SuccessfulRescale", NULL, NULL), 0);
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.replicas, 0);
    run_free(&r);
}

/* An Object metric with a Value target: the usage ratio times the ready pods
 * (replica_calculator.go GetObjectMetricReplicas: ceil(400 / 100 x 2) = 8); the event names
 * the object's kind (horizontal.go: "Ingress metric requests above target"). Without a
 * behavior block the legacy limit max(2 x 2, 4) = 4 holds the first step, 8 comes at the
 * next sync. */
static void test_v2_object_value_target(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 2, \"hpa\": {\"maxReplicas\": 20, \"metrics\": ["
                      "{\"type\": \"Object\", \"object\": {\"describedObject\": {\"apiVersion\": "
                      "\"networking.k8s.io/v1\", \"kind\": \"Ingress\", \"name\": \"main\"}, "
                      "\"metric\": {\"name\": \"requests\"}, \"target\": {\"type\": \"Value\", "
                      "\"value\": 100}, \"series\": [{\"at\": \"0s\", \"value\": 400}]}}]}",
                      "\"duration\": \"40s\",");
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "SuccessfulRescale", "HorizontalPodAutoscaler/web",
                           "New size: 4; reason: Ingress metric requests above target", &e) >= 0);
    assert_true(e.time == 15 * SIM_SEC);
    assert_true(decision_find(r.s, 0, "hpa", "scale 2 -> 4",
                              "requests 400 of target 100, 2 ready pods → 8", NULL) >= 0);
    assert_true(event_find(r.s, 0, "SuccessfulRescale", "HorizontalPodAutoscaler/web",
                           "New size: 8; reason: Ingress metric requests above target", &e) >= 0);
    assert_true(e.time == 30 * SIM_SEC);
    run_free(&r);
}

/* k8s: horizontal.go convertDesiredReplicasWithRules: a recommendation under minReplicas is
 * raised to it (condition ScalingLimited, reason TooFewReplicas). The run of
 * test_settles_then_scales_down with minReplicas 3: 80 req/s recommends 2 (ceil(0.8 x 2)),
 * so after the 300 s window the HPA scales 8 -> 3, not 2, says why, and stays at 3. */
static void test_raised_to_min_replicas(void **state) {
    (void)state;
    run_t r = run_hpa("\"replicas\": 4, \"hpa\": {\"minReplicas\": 3, \"maxReplicas\": 20,"
                      " \"targetCPUUtilizationPercentage\": 50},"
                      " \"traffic\": {\"rps\": 400, \"pattern\": [{\"at\": \"5m\", \"rps\": 80}]}",
                      "\"duration\": \"20m\",");
    assert_int_equal(event_count(r.s, "SuccessfulRescale", NULL, NULL), 2);
    sim_event_view_t down = {0};
    assert_true(event_find(r.s, 0, "SuccessfulRescale", "HorizontalPodAutoscaler/web",
                           "New size: 3; reason: All metrics below target", &down) >= 0);
    assert_true(down.time >= 600 * SIM_SEC && down.time <= 630 * SIM_SEC);
    assert_true(decision_find(r.s, 0, "hpa", "scale 8 -> 3", "; raised to minReplicas 3", NULL) >=
                0);
    run_free(&r);
}

/* The view's scale-down clock at its edges (sim_hpa_view): before the first sync there is no
 * recommendation, so no clock; with a behavior whose scaleDown window is 0 s there is none
 * either (horizontal.go stabilizeRecommendationWithBehaviors keeps nothing); with a 30 s
 * window and a policy of 1 pod per 60 s (calculateScaleDownLimitWithBehaviors) the window
 * passes before the policy allows the next step: the clock then says "due" (-1) although the
 * recommendation is still below the replicas, and the next step comes at the policy's period. */
static void test_view_scale_down_edges(void **state) {
    (void)state;
    for (int window = 0; window <= 30; window += 30) {
        char buf[2048];
        snprintf(buf, sizeof buf,
                 "{\"name\": \"hpa\", \"seed\": 1, \"duration\": \"5m\","
                 " \"metrics\": {\"interval\": \"1s\", \"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": "
                 "\"8\", \"memory\": \"16Gi\"}]},"
                 " \"services\": [{\"name\": \"web\", \"capacityRps\": 100, \"concurrency\": 4,"
                 " \"resources\": {\"cpu\": \"200m\", \"memory\": \"128Mi\"}, \"startup\": \"5s\","
                 " \"readinessProbe\": {\"initialDelaySeconds\": 2, \"periodSeconds\": 2},"
                 " \"replicas\": 8, \"hpa\": {\"maxReplicas\": 10,"
                 " \"targetCPUUtilizationPercentage\": 50, \"behavior\": {\"scaleDown\":"
                 " {\"stabilizationWindowSeconds\": %d, \"policies\": [{\"type\": \"Pods\","
                 " \"value\": 1, \"periodSeconds\": 60}]}}}, \"traffic\": {\"rps\": 10}}]}",
                 window);
        run_t r = run_create(buf, NULL);
        sim_hpa_view_t h;
        assert_true(sim_hpa_view(r.s, 0, &h));
        assert_int_equal(h.recommended, -1);
        assert_true(h.scale_down_at == -1);
        assert_true(h.window == window * SIM_SEC);
        int due_held = 0;
        for (int t = 16; t <= 240; t += 15) {
            assert_int_equal(sim_run_until(r.s, t * SIM_SEC), 0);
            assert_true(sim_hpa_view(r.s, 0, &h));
            if (h.recommended < 0 || h.recommended >= h.replicas) continue;
            if (window == 0) assert_true(h.scale_down_at == -1);
            if (window > 0 && h.scale_down_at == -1) due_held++;
            if (h.scale_down_at >= 0) assert_true(h.scale_down_at > t * SIM_SEC);
        }
        if (window > 0) assert_true(due_held > 0);
        assert_int_equal(sim_run(r.s), 0);
        /* window 0: 8 -> 7 at the first sync; window 30: the first recommendation (8, at
         * 15 s) holds while it is After(now - 30 s), so the first step comes at 45 s */
        sim_event_view_t e = {0};
        assert_true(event_find(r.s, 0, "SuccessfulRescale", NULL, "New size: 7;", &e) >= 0);
        assert_true(e.time == (window == 0 ? 15 : 45) * SIM_SEC);
        run_free(&r);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_scale_down_clock),
        cmocka_unit_test(test_settles_then_scales_down),
        cmocka_unit_test(test_legacy_scale_up_limit),
        cmocka_unit_test(test_clamps_to_bounds),
        cmocka_unit_test(test_below_min_and_disabled_at_zero),
        cmocka_unit_test(test_behavior_policies),
        cmocka_unit_test(test_behavior_scale_down_limit_and_up_window),
        cmocka_unit_test(test_tolerance_holds),
        cmocka_unit_test(test_cold_start_unready),
        cmocka_unit_test(test_mid_rollout),
        cmocka_unit_test(test_v2_pods_requests_per_second),
        cmocka_unit_test(test_v2_memory_working_set),
        cmocka_unit_test(test_v2_largest_of_several),
        cmocka_unit_test(test_v2_one_invalid_of_two),
        cmocka_unit_test(test_v2_object_value_target),
        cmocka_unit_test(test_raised_to_min_replicas),
        cmocka_unit_test(test_view_scale_down_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
