/* views.c, the public API's read-only answers (sim.h): what a run holds, in range, and
 * false or 0 for an index out of range -- the dashboard asks by index every frame and must
 * not read past an array when a node or ReplicaSet is gone. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "sim_run_util.h"

/* One 2-CPU node, five 500m pods: the scheduler places four (NodeResourcesFit: 4 x 500m =
 * 2 CPU, pkg/scheduler/framework/plugins/noderesources/fit.go) and one stays Pending. */
static const char *const SCENARIO =
    "{\"name\": \"views\", \"duration\": \"60s\", \"cluster\": {\"nodePools\": [{\"name\": "
    "\"w\", \"count\": 1, \"cpu\": \"2\", \"memory\": \"4Gi\"}]}, \"services\": [{\"name\": "
    "\"web\", \"replicas\": 5, \"resources\": {\"cpu\": \"500m\", \"memory\": \"128Mi\"}, "
    "\"traffic\": {\"rps\": 5}}]}";

static void test_views_in_range(void **state) {
    (void)state;
    run_t r = run_create(SCENARIO, NULL);
    assert_false(sim_done(r.s));
    assert_int_equal(sim_run_until(r.s, 30 * SIM_SEC), 0);
    assert_false(sim_done(r.s));

    assert_int_equal(sim_node_count(r.s), 1);
    sim_node_view_t nv;
    assert_true(sim_node_view(r.s, 0, &nv));
    assert_string_equal(nv.name, "w-1");
    assert_near(nv.cpu_allocated, 2.0, 1e-9);
    assert_near(nv.cpu_capacity, 2.0, 1e-9);
    assert_int_equal(nv.pod_count, 4);
    assert_null(nv.zone);
    assert_int_equal(nv.evict_at, -1); /* no NoExecute taint: no eviction time */

    uint32_t all[8], some[8];
    assert_int_equal(sim_node_pods(r.s, 0, all, 8), 4);
    /* a smaller buffer keeps the oldest pods, oldest first: a prefix of the whole list */
    assert_int_equal(sim_node_pods(r.s, 0, some, 3), 3);
    assert_memory_equal(some, all, 3 * sizeof *all);
    assert_int_equal(sim_node_pods(r.s, 0, some, 1), 1);
    assert_int_equal(some[0], all[0]);
    assert_int_equal(sim_node_pods(r.s, 0, some, 0), 0);

    uint32_t pending[8];
    assert_int_equal(sim_unscheduled_pods(r.s, pending, 8), 1);
    assert_int_equal(sim_unscheduled_pods(r.s, pending, 0), 0);
    sim_pod_view_t pv;
    assert_true(sim_pod_view(r.s, pending[0], &pv));
    assert_int_equal(pv.node, -1);
    assert_int_equal(pv.state, SIM_POD_PENDING);
    assert_false(pv.serving);
    for (int i = 0; i < 4; i++) {
        assert_true(sim_pod_view(r.s, all[i], &pv));
        assert_int_equal(pv.node, 0);
        assert_int_equal(pv.service, 0);
        assert_int_equal(pv.revision, 1);
    }

    sim_service_view_t sv;
    assert_true(sim_service_view(r.s, 0, &sv));
    assert_int_equal(sv.replicas, 5);
    assert_int_equal(sv.total, 5);
    assert_int_equal(sv.canary_step, -1);
    assert_int_equal(sim_replicaset_count(r.s, 0), 1);
    sim_replicaset_view_t rv;
    assert_true(sim_replicaset_view(r.s, 0, 0, &rv));
    assert_int_equal(rv.desired, 5);
    assert_int_equal(rv.total, 5);
    assert_true(rv.current);
    sim_hpa_view_t hv;
    assert_false(sim_hpa_view(r.s, 0, &hv)); /* the service has no HPA */

    assert_int_equal(sim_run_until(r.s, sim_duration(r.s)), 0);
    assert_true(sim_done(r.s)); /* at its duration, before sim_finish */
    run_free(&r);
}

static void test_views_out_of_range(void **state) {
    (void)state;
    run_t r = run_create(SCENARIO, NULL);
    assert_int_equal(sim_run_until(r.s, 10 * SIM_SEC), 0);
    sim_node_view_t nv;
    assert_false(sim_node_view(r.s, -1, &nv));
    assert_false(sim_node_view(r.s, 1, &nv));
    uint32_t ids[4];
    assert_int_equal(sim_node_pods(r.s, -1, ids, 4), 0);
    assert_int_equal(sim_node_pods(r.s, 1, ids, 4), 0);
    sim_pod_view_t pv;
    assert_false(sim_pod_view(r.s, 5, &pv)); /* five pods: ids 0..4 */
    assert_false(sim_pod_view(r.s, UINT32_MAX, &pv));
    sim_service_view_t sv;
    assert_false(sim_service_view(r.s, -1, &sv));
    assert_false(sim_service_view(r.s, 1, &sv));
    assert_int_equal(sim_replicaset_count(r.s, -1), 0);
    assert_int_equal(sim_replicaset_count(r.s, 1), 0);
    sim_replicaset_view_t rv;
    assert_false(sim_replicaset_view(r.s, -1, 0, &rv));
    assert_false(sim_replicaset_view(r.s, 1, 0, &rv));
    assert_false(sim_replicaset_view(r.s, 0, -1, &rv));
    assert_false(sim_replicaset_view(r.s, 0, 1, &rv));
    sim_hpa_view_t hv;
    assert_false(sim_hpa_view(r.s, -1, &hv));
    assert_false(sim_hpa_view(r.s, 1, &hv));
    sim_summary_t sum;
    assert_false(sim_summary(r.s, -1, &sum));
    assert_false(sim_summary(r.s, 1, &sum));
    const sim_sample_t *rows;
    assert_int_equal(sim_samples(r.s, -1, &rows), 0);
    assert_int_equal(sim_samples(r.s, 1, &rows), 0);
    assert_true(sim_samples(r.s, 0, &rows) >= 10); /* a sample a second */
    sim_event_view_t ev;
    assert_false(sim_event_get(r.s, -1, &ev));
    assert_false(sim_event_get(r.s, sim_event_count(r.s), &ev));
    sim_decision_view_t dv;
    assert_false(sim_decision_get(r.s, -1, &dv));
    assert_false(sim_decision_get(r.s, sim_decision_count(r.s), &dv));
    sim_action_view_t av;
    assert_int_equal(sim_action_count(r.s), 0);
    assert_false(sim_action_get(r.s, -1, &av));
    assert_false(sim_action_get(r.s, 0, &av));
    run_free(&r);
}

/* A pod deleted at once (no preStop: SIGTERM, the app exits, the pod is gone) stays in what
 * the routers see for endpointPropagationDelay (the time the endpoints' removal takes to reach
 * them: kube-proxy reprograms only when the EndpointSlice update arrives,
 * pkg/proxy/endpointslicecache.go): listed
 * by sim_gone_pods with its node, routed and refusing -- every request sent to it fails --
 * until the delay has passed. */
static void test_gone_pods(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"gone\", \"duration\": \"60s\", \"cluster\": {\"nodePools\": [{\"name\": "
        "\"w\", \"count\": 1, \"cpu\": \"4\", \"memory\": \"8Gi\"}], \"endpointPropagationDelay\": "
        "\"3s\"}, \"services\": [{\"name\": \"web\", \"replicas\": 3, \"traffic\": {\"rps\": "
        "30}}], "
        "\"events\": [{\"at\": \"10s\", \"action\": \"killPod\", \"service\": \"web\"}]}";
    run_t r = run_create(json, NULL);
    uint32_t ids[8];
    int nodes[8];
    assert_int_equal(sim_run_until(r.s, 9 * SIM_SEC), 0);
    assert_int_equal(sim_gone_pods(r.s, ids, nodes, 8), 0);
    assert_int_equal(sim_run_until(r.s, 11 * SIM_SEC), 0);
    assert_int_equal(sim_gone_pods(r.s, ids, nodes, 8), 1);
    assert_int_equal(nodes[0], 0);
    sim_pod_view_t pv;
    assert_true(sim_pod_view(r.s, ids[0], &pv));
    assert_true(pv.routed);
    assert_true(pv.refusing);
    assert_false(pv.serving);
    assert_int_equal(pv.state, SIM_POD_TERMINATING);
    assert_int_equal(sim_gone_pods(r.s, ids, nodes, 0), 0); /* max 0: nothing written */
    assert_int_equal(sim_run_until(r.s, 14 * SIM_SEC), 0);  /* 3 s later the routers know */
    assert_int_equal(sim_gone_pods(r.s, ids, nodes, 8), 0);
    run_free(&r);
}

/* sim_node_pods_seq, what the dashboard reads again: two nodes of 3 pods serving requests,
 * then one pod killed at 10 s. While nothing happens to a pod (requests come and go, the clock
 * moves) neither number moves; the kill moves its node's number and the run's, not the other
 * node's; the replacement the ReplicaSet creates (replica_set.go manageReplicas) is Pending,
 * then bound to a node, which moves that node's number again when it is placed. */
static void test_node_pods_seq(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"seq\", \"duration\": \"60s\", \"cluster\": {\"nodePools\": [{\"name\": "
        "\"w\", \"count\": 2, \"cpu\": \"4\", \"memory\": \"8Gi\"}]}, \"services\": [{\"name\": "
        "\"web\", \"replicas\": 6, \"resources\": {\"cpu\": \"500m\", \"memory\": \"128Mi\"}, "
        "\"traffic\": {\"rps\": 30}}], "
        "\"events\": [{\"at\": \"10s\", \"action\": \"killPod\", \"service\": \"web\"}]}";
    run_t r = run_create(json, NULL);
    assert_int_equal(sim_run_until(r.s, 5 * SIM_SEC), 0);
    uint64_t a0 = sim_node_pods_seq(r.s, 0), b0 = sim_node_pods_seq(r.s, 1);
    uint64_t all0 = sim_view_seq(r.s);
    assert_true(a0 <= all0 && b0 <= all0);
    assert_int_equal(sim_node_pods_seq(r.s, 2), all0); /* out of range: the run's */
    assert_int_equal(sim_node_pods_seq(r.s, -1), all0);
    assert_int_equal(sim_run_until(r.s, 9 * SIM_SEC), 0); /* 120 requests later */
    assert_int_equal(sim_node_pods_seq(r.s, 0), a0);
    assert_int_equal(sim_node_pods_seq(r.s, 1), b0);
    assert_int_equal(sim_view_seq(r.s), all0);
    uint32_t before[2][8];
    int nb[2] = {sim_node_pods(r.s, 0, before[0], 8), sim_node_pods(r.s, 1, before[1], 8)};
    assert_int_equal(nb[0] + nb[1], 6);
    assert_int_equal(sim_run_until(r.s, 10 * SIM_SEC + 1), 0);
    assert_true(sim_view_seq(r.s) > all0);
    /* the killed pod's node moved; a node whose pods' views are all as before did not */
    int moved = 0;
    for (int n = 0; n < 2; n++) {
        uint64_t was = n == 0 ? a0 : b0;
        uint32_t now[8];
        int k = sim_node_pods(r.s, n, now, 8);
        bool same = k == nb[n] && memcmp(now, before[n], sizeof *now * (size_t)k) == 0;
        for (int i = 0; same && i < k; i++) {
            sim_pod_view_t pv;
            same = sim_pod_view(r.s, now[i], &pv) && pv.state == SIM_POD_READY;
        }
        if (!same) {
            assert_true(sim_node_pods_seq(r.s, n) > was);
            moved++;
        } else {
            assert_int_equal(sim_node_pods_seq(r.s, n), was);
        }
    }
    assert_true(moved >= 1);
    run_free(&r);
}

/* sim_summary in the middle of a metrics interval (the dashboard asks every frame): its p50
 * and p99 include the requests of the open window, asking twice gives the same answer, and
 * asking changes nothing -- the run's final summary is the same as a run never asked (the
 * window's counts are merged for the answer, then taken out again). */
static void test_summary_mid_window(void **state) {
    (void)state;
    const char *json = "{\"name\": \"mid\", \"duration\": \"60s\", \"metrics\": {\"interval\": "
                       "\"10s\", \"pods\": false}, \"cluster\": {\"nodePools\": [{\"name\": "
                       "\"w\"}]}, \"services\": [{\"name\": \"web\", \"replicas\": 2, "
                       "\"traffic\": {\"rps\": 50}}]}";
    run_t quiet = run_whole(json);
    sim_summary_t want;
    assert_true(sim_summary(quiet.s, 0, &want));
    run_free(&quiet);
    run_t r = run_create(json, NULL);
    sim_summary_t a, b;
    for (int t = 5; t < 60; t += 10) { /* half way through each 10 s window */
        assert_int_equal(sim_run_until(r.s, t * SIM_SEC), 0);
        assert_true(sim_summary(r.s, 0, &a));
        assert_true(sim_summary(r.s, 0, &b));
        assert_true(a.served > 0 && a.p50_ms > 0 && a.p99_ms >= a.p50_ms);
        assert_memory_equal(&a, &b, sizeof a);
    }
    assert_int_equal(sim_run(r.s), 0);
    assert_true(sim_summary(r.s, 0, &a));
    assert_true(a.requests == want.requests && a.served == want.served);
    assert_near(a.p50_ms, want.p50_ms, 0);
    assert_near(a.p99_ms, want.p99_ms, 0);
    assert_near(a.mean_ms, want.mean_ms, 0);
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_views_in_range), cmocka_unit_test(test_views_out_of_range),
        cmocka_unit_test(test_gone_pods),      cmocka_unit_test(test_summary_mid_window),
        cmocka_unit_test(test_node_pods_seq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
