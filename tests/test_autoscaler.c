/* The cluster autoscaler's scale-down order: empty nodes are simulated first and removed
 * first (in bulk, without evictions), so a busy node is not drained while an empty one of
 * the same pool is unneeded too; and a node goes only once unneeded for more than
 * scaleDownUnneededTime. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_run_util.h"

/* Two nodes, min 1; eight pods (four per node, 25% used: both could go) scaled to one at
 * 3 min. Whichever node keeps the last pod, the other one is empty: it is the one removed,
 * and no pod is evicted. Before, the first node in index order was drained even when it held
 * the last pod. */
static void test_empty_node_removed_first(void **state) {
    (void)state;
    for (int seed = 1; seed <= 6; seed++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"name\": \"empty\", \"seed\": %d, \"duration\": \"20m\","
                 " \"metrics\": {\"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": "
                 "\"4\", \"memory\": \"8Gi\", \"autoscaling\": {\"min\": 1, \"max\": 5}}]},"
                 " \"services\": [{\"name\": \"web\", \"replicas\": 8,"
                 " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"},"
                 " \"traffic\": {\"rps\": 100}}],"
                 " \"events\": [{\"at\": \"3m\", \"action\": \"scale\", \"service\": \"web\","
                 " \"replicas\": 1}]}",
                 seed);
        run_t r = run_create(json, NULL);
        sim_run_until(r.s, 200 * SIM_SEC); /* scaled down: the last pod's node is known */
        int keeper = -1;
        for (int ni = 0; ni < 2; ni++) {
            sim_node_view_t nv;
            assert_true(sim_node_view(r.s, ni, &nv));
            uint32_t ids[16];
            int n = sim_node_pods(r.s, ni, ids, 16);
            for (int k = 0; k < n; k++) {
                sim_pod_view_t pv;
                assert_true(sim_pod_view(r.s, ids[k], &pv));
                if (pv.state != SIM_POD_TERMINATING && pv.state != SIM_POD_DELETED) keeper = ni;
            }
        }
        assert_true(keeper >= 0);
        assert_int_equal(sim_run(r.s), 0);
        char want[64];
        snprintf(want, sizeof want, "workers-%d", 2 - keeper); /* the other node */
        sim_event_view_t e;
        if (event_find(r.s, 0, "ScaleDown", want, "node removed by cluster autoscaler", &e) < 0)
            fail_msg("seed %d: %s (empty) was not removed", seed, want);
        assert_int_equal(event_count(r.s, "ScaleDown", NULL, "node removed by cluster autoscaler"),
                         1);
        assert_int_equal(event_count(r.s, "ScaleDown", NULL, "deleting pod for node scale down"),
                         0);
        assert_true(decision_find(r.s, 0, "cluster-autoscaler", "(empty)", NULL, NULL) >= 0);
        run_free(&r);
    }
}

/* k8s: unneeded/nodes.go, `!since.Add(unneededTime).Before(now)`: unneeded since the scan at
 * 10 s, a node is removable only after 610 s, at the scan at 620 s. */
static void test_unneeded_strictly_longer(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"idle\", \"duration\": \"15m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": \"4\","
        " \"memory\": \"8Gi\", \"autoscaling\": {\"min\": 1, \"max\": 5}}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 1,"
        " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"}}]}";
    run_t r = run_whole(json);
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "ScaleDown", NULL, "node removed by cluster autoscaler", &e) >=
                0);
    assert_true(e.time == 620 * SIM_SEC);
    run_free(&r);
    /* scaleDownUnneededTime 5 s, shorter than the 10 s scan interval: unneeded since 10 s,
     * removable at the next scan, 20 s (10 + 5 < 20) */
    const char *quick =
        "{\"name\": \"idle\", \"duration\": \"1m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": \"4\","
        " \"memory\": \"8Gi\", \"autoscaling\": {\"min\": 1, \"max\": 5,"
        " \"scaleDownUnneededTime\": \"5s\"}}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 1,"
        " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"}}]}";
    r = run_whole(quick);
    assert_true(event_find(r.s, 0, "ScaleDown", NULL, "node removed by cluster autoscaler", &e) >=
                0);
    assert_true(e.time == 20 * SIM_SEC);
    run_free(&r);
}

/* The node views' unneeded clock in L5: at 25:00 the emptied nodes are unneeded; each is
 * removable once unneeded for more than scaleDownUnneededTime (10 min; k8s cluster-autoscaler
 * core/scaledown/unneeded/nodes.go RemovableAt), so the first removal comes at the first scan
 * (10 s) after the earliest remove_at, and no node goes before it. */
static void test_view_unneeded_clock(void **state) {
    (void)state;
    scenario_t *sc = NULL;
    diag_t d;
    diag_init(&d);
    assert_int_equal(scenario_load_file("scenarios/autoscaling.json", NULL, 0, &sc, &d), 0);
    diag_free(&d);
    sim_options_t o = {0, NULL, RUN_HISTORY};
    sim_t *s = sim_create(sc, &o, &d);
    assert_non_null(s);
    assert_int_equal(sim_run_until(s, 1500 * SIM_SEC), 0);
    sim_time_t first = -1;
    int unneeded = 0;
    for (int i = 0; i < sim_node_count(s); i++) {
        sim_node_view_t v;
        assert_true(sim_node_view(s, i, &v));
        if (v.remove_at < 0) continue;
        unneeded++;
        assert_int_equal(v.remove_at - v.unneeded_since, 600 * SIM_SEC);
        if (first < 0 || v.remove_at < first) first = v.remove_at;
    }
    assert_true(unneeded > 0);
    assert_true(first > 1500 * SIM_SEC);
    assert_int_equal(sim_run(s), 0);
    sim_time_t removed = -1;
    for (int i = 0; i < sim_event_count(s) && removed < 0; i++) {
        sim_event_view_t e;
        if (sim_event_get(s, i, &e) && e.ref.kind == SIM_EVK_NODE_REMOVED) removed = e.time;
    }
    /* marked for deletion at the scan, removed once drained (seconds later) */
    assert_true(removed >= first);
    assert_true(removed - first <= 20 * SIM_SEC);
    sim_destroy(s);
    scenario_free(sc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_unneeded_clock),
        cmocka_unit_test(test_empty_node_removed_first),
        cmocka_unit_test(test_unneeded_strictly_longer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
