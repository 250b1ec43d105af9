/* The cluster autoscaler's scale-down order: empty nodes are simulated first and removed
 * first (in bulk, without evictions), so a busy node is not drained while an empty one of
 * the same pool is unneeded too; and a node goes only once unneeded for more than
 * scaleDownUnneededTime. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ca_expander.h"
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
    sim_options_t o = {
        .seed = 0, .outdir = NULL, .history_events = RUN_HISTORY, .placement = SIM_PLACE_DEFAULT};
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

/* The priority expander's filter against cluster-autoscaler/expander/priority/priority_test.go:
 * its ConfigMaps (`config`, `wildcardMatchConfig`, `notMatchingConfig`, `oneEntryConfig`) and
 * node groups my-asg.t2.micro, my-asg.t2.large, my-asg.t3.large, my-asg.m4.4xlarge. Left out:
 * the ConfigMap reload tests (HandlesConfigUpdate, SkipsBadChangeConfig: a scenario's
 * priorities do not change during a run) and the warning events. */
static const struct ca_priority cfg_config[] = {{5, ".*t2\\.micro.*"},
                                                {10, ".*t2\\.large.*"},
                                                {10, ".*t3\\.large.*"},
                                                {50, ".*m4\\.4xlarge.*"}};
static const struct ca_priority cfg_wildcard[] = {{5, ".*"}, {10, ".t2\\.large.*"}};
static const struct ca_priority cfg_not_matching[] = {{5, ".*t\\.micro.*"}, {10, ".*t\\.large.*"}};
static const struct ca_priority cfg_one_entry[] = {{10, ".*t2\\.large.*"}};
enum { T2MICRO, T2LARGE, T3LARGE, M44XL };
static const char *const group_names[] = {"my-asg.t2.micro", "my-asg.t2.large", "my-asg.t3.large",
                                          "my-asg.m4.4xlarge"};
static const struct {
    const char *name; /* the upstream test */
    const struct ca_priority *cfg;
    int cfg_count;
    int options[4], n;
    int want[4], m;
} expander_rows[] = {
    {"CorrecltyFiltersSingleMatchingOptionOutOfOne", cfg_config, 4, {T2LARGE}, 1, {T2LARGE}, 1},
    {"CorrecltyFiltersSingleMatchingOptionOutOfMany",
     cfg_config,
     4,
     {T2LARGE, M44XL},
     2,
     {M44XL},
     1},
    {"FiltersToHigherPriorityMatch", cfg_wildcard, 2, {T2LARGE, T2MICRO}, 2, {T2LARGE}, 1},
    {"CorrecltyFiltersTwoMatchingOptionsOutOfMany",
     cfg_config,
     4,
     {T2LARGE, T3LARGE, T2MICRO},
     3,
     {T2LARGE, T3LARGE},
     2},
    {"CorrecltyFallsBackToAllWhenNoMatches",
     cfg_config,
     4,
     {T2LARGE, T3LARGE},
     2,
     {T2LARGE, T3LARGE},
     2},
    /* notMatchingConfig: no group matches at all -> every group (the random fallback) */
    {"notMatchingConfig fallback",
     cfg_not_matching,
     2,
     {T2LARGE, T3LARGE},
     2,
     {T2LARGE, T3LARGE},
     2},
    /* HandlesConfigUpdate's first step: oneEntryConfig keeps only t2.large */
    {"HandlesConfigUpdate (oneEntryConfig)",
     cfg_one_entry,
     1,
     {T2LARGE, T3LARGE, M44XL},
     3,
     {T2LARGE},
     1},
};

static void test_priority_expander_filter(void **state) {
    (void)state;
    for (size_t k = 0; k < sizeof expander_rows / sizeof expander_rows[0]; k++) {
        scenario_t sc = {0};
        sc.ca_expander = CA_EXPANDER_PRIORITY;
        struct ca_priority cfg[4];
        for (int i = 0; i < expander_rows[k].cfg_count; i++)
            cfg[i] = expander_rows[k].cfg[i];
        sc.ca_priorities = cfg;
        sc.ca_priority_count = expander_rows[k].cfg_count;
        ca_expander_t e;
        assert_int_equal(ca_expander_init(&e, &sc), 0);
        const char *names[4];
        for (int i = 0; i < expander_rows[k].n; i++)
            names[i] = group_names[expander_rows[k].options[i]];
        int out[4];
        int m = ca_expander_priority(&e, names, expander_rows[k].n, out, NULL);
        if (m != expander_rows[k].m) fail_msg("%s: %d options kept", expander_rows[k].name, m);
        for (int i = 0; i < m; i++)
            if (expander_rows[k].options[out[i]] != expander_rows[k].want[i])
                fail_msg("%s: option %d is %s", expander_rows[k].name, i,
                         group_names[expander_rows[k].options[out[i]]]);
        ca_expander_free(&e);
    }
}

/* Spot first, on-demand as the fallback (the priority expander's documented use, readme.md of
 * expander/priority): pods that fit neither pool's existing nodes; both pools can help. With
 * priorities {50: spot, 10: on-demand} the spot pool grows for every seed until its max, then
 * the on-demand pool does; the random expander picks on-demand for some seeds. */
static void test_priority_expander_spot_first(void **state) {
    (void)state;
    int random_ondemand = 0;
    for (int seed = 1; seed <= 8; seed++) {
        for (int prio = 0; prio < 2; prio++) {
            char json[2048];
            snprintf(json, sizeof json,
                     "{\"name\": \"expander\", \"seed\": %d, \"duration\": \"4m\","
                     " \"metrics\": {\"pods\": false},"
                     " \"cluster\": {%s\"nodePools\": ["
                     "{\"name\": \"spot-a\", \"count\": 1, \"cpu\": \"2\", \"memory\": \"4Gi\","
                     " \"provisioningTime\": \"30s\", \"autoscaling\": {\"min\": 1, \"max\": 2}},"
                     "{\"name\": \"on-demand\", \"count\": 0, \"cpu\": \"2\", \"memory\": "
                     "\"4Gi\", \"provisioningTime\": \"30s\", \"autoscaling\": {\"min\": 0, "
                     "\"max\": 3}}]},"
                     " \"services\": [{\"name\": \"web\", \"replicas\": 2,"
                     " \"resources\": {\"cpu\": \"900m\", \"memory\": \"256Mi\"}}],"
                     " \"events\": [{\"at\": \"10s\", \"action\": \"scale\", \"service\": "
                     "\"web\", \"replicas\": 6}]}",
                     seed,
                     prio ? "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": "
                            "{\"50\": [\"^spot-\"], \"10\": [\"on-demand\"]}}, "
                          : "");
            run_t r = run_create(json, NULL);
            assert_int_equal(sim_run(r.s), 0);
            sim_event_view_t first = {0};
            assert_true(event_find(r.s, 0, "ScaledUpGroup", NULL, NULL, &first) >= 0);
            if (prio) {
                /* 4 Pending pods of 900m: spot-a 1 -> 2 (its max) takes 2, on-demand the rest */
                assert_non_null(strstr(first.message, "group spot-a size to 2 instead of 1"));
                assert_true(event_find(r.s, 0, "ScaledUpGroup", NULL,
                                       "group on-demand size to 1 instead of 0", NULL) >= 0);
                assert_true(decision_find(r.s, 0, "cluster-autoscaler", "scale up spot-a",
                                          "highest matching priority 50", NULL) >= 0);
            } else if (strstr(first.message, "group on-demand")) {
                random_ondemand++;
            }
            run_free(&r);
        }
    }
    assert_true(random_ondemand > 0); /* without priorities the choice is random */
}

/* Scale-down cooldowns as sim_ca_view reports them (k8s cluster-autoscaler
 * core/static_autoscaler.go isScaleDownInCooldown, with the defaults of main.go:
 * --scale-down-delay-after-add 10m, --scale-down-delay-after-delete the scan interval 10 s).
 * One node of 2 CPUs; 6 pods of 900m at 10 s -> a scale-up at time T: until T + 600 s no node
 * goes; back to 2 pods at 12 min, an added node is unneeded and removed at time D: the
 * cooldown then ends at D + 10 s, the post-scale-up one having ended long before. */
static const char *cooldown_json =
    "{\"name\": \"cooldown\", \"duration\": \"40m\", \"metrics\": {\"pods\": false},"
    " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 1, \"cpu\": \"2\", \"memory\": "
    "\"4Gi\", \"provisioningTime\": \"30s\", \"autoscaling\": {\"min\": 1, \"max\": 4}}]},"
    " \"services\": [{\"name\": \"web\", \"replicas\": 2,"
    " \"resources\": {\"cpu\": \"900m\", \"memory\": \"256Mi\"}}],"
    " \"events\": [{\"at\": \"10s\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 6},"
    " {\"at\": \"12m\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 2}]}";

static void test_cooldown_view(void **state) {
    (void)state;
    run_t r = run_create(cooldown_json, NULL);
    assert_int_equal(sim_run_until(r.s, 60 * SIM_SEC), 0);
    sim_event_view_t e = {0};
    assert_true(event_find(r.s, 0, "ScaledUpGroup", NULL, NULL, &e) >= 0);
    sim_time_t up = e.time;
    sim_ca_view_t v;
    assert_true(sim_ca_view(r.s, &v));
    assert_true(v.last_scale_up == up);
    assert_true(v.scale_up_until == up + 600 * SIM_SEC);
    assert_true(v.cooldown_until == up + 600 * SIM_SEC);
    /* past the delay: no cooldown left, the last scale-up still known */
    assert_int_equal(sim_run_until(r.s, up + 601 * SIM_SEC), 0);
    assert_true(sim_ca_view(r.s, &v));
    assert_true(v.last_scale_up == up && v.scale_up_until == -1 && v.cooldown_until == -1);
    assert_int_equal(sim_run(r.s), 0);
    int k = event_find(r.s, 0, "ScaleDown", NULL, "node removed by cluster autoscaler", &e);
    assert_true(k >= 0);
    sim_time_t removed = e.time;
    assert_true(removed > up + 600 * SIM_SEC);
    run_free(&r);
    /* the same run (same seed), stopped at the removal */
    r = run_create(cooldown_json, NULL);
    assert_int_equal(sim_run_until(r.s, removed), 0);
    assert_true(sim_ca_view(r.s, &v));
    assert_true(v.scale_up_until == -1);
    assert_true(v.cooldown_until == removed + 10 * SIM_SEC);
    run_free(&r);
    /* no autoscaling pool: no view */
    r = run_create("{\"name\": \"fixed\", \"duration\": \"1m\", \"cluster\": {\"nodePools\": "
                   "[{\"name\": \"w\"}]}, \"services\": [{\"name\": \"web\"}]}",
                   NULL);
    assert_false(sim_ca_view(r.s, &v));
    run_free(&r);
}

/* A PodDisruptionBudget bounds what a node's removal may evict all at once (k8s
 * cluster-autoscaler simulator/cluster.go SimulateNodeRemoval with
 * simulator/drainability/rules/pdb: RemainingPdbTracker.CanRemovePods refuses more pods of a
 * budget than its disruptionsAllowed). Node w-1 (autoscaling, min 0) holds both pods of web
 * (100m each, far under the 50 % threshold); a fixed node added at 5 s has room for both.
 * maxUnavailable 1: moving the first pod spends the budget, the second cannot move, so w-1 is
 * never removed (unremovable, rechecked every 5 min). maxUnavailable 2, or no budget: w-1 is
 * removed once unneeded for 10 min, its two pods evicted. */
static void test_pdb_blocks_removal(void **state) {
    (void)state;
    static const char *const pdbs[] = {"\"podDisruptionBudget\": {\"maxUnavailable\": 1}, ",
                                       "\"podDisruptionBudget\": {\"maxUnavailable\": 2}, ", ""};
    for (int k = 0; k < 3; k++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"name\": \"pdb\", \"duration\": \"20m\", \"metrics\": {\"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 1, \"cpu\": \"4\","
                 " \"memory\": \"8Gi\", \"autoscaling\": {\"min\": 0, \"max\": 2}},"
                 " {\"name\": \"fixed\", \"count\": 0, \"cpu\": \"4\", \"memory\": \"8Gi\"}]},"
                 " \"services\": [{\"name\": \"web\", \"replicas\": 2, %s"
                 "\"resources\": {\"cpu\": \"100m\", \"memory\": \"128Mi\"}}],"
                 " \"events\": [{\"at\": \"5s\", \"action\": \"addNode\", \"pool\": \"fixed\"}]}",
                 pdbs[k]);
        run_t r = run_whole(json);
        int removed = event_count(r.s, "ScaleDown", "w-1", "node removed by cluster autoscaler");
        int evicted = event_count(r.s, "ScaleDown", NULL, "deleting pod for node scale down");
        if (k == 0) {
            assert_int_equal(removed, 0);
            assert_int_equal(evicted, 0);
        } else {
            assert_int_equal(removed, 1);
            assert_int_equal(evicted, 2);
        }
        run_free(&r);
    }
}

/* The unneeded clocks running (sim_node_view's unneeded_since) at the current time. */
static int unneeded_nodes(const sim_t *s) {
    int n = 0;
    for (int i = 0; i < sim_node_count(s); i++) {
        sim_node_view_t v;
        assert_true(sim_node_view(s, i, &v));
        if (v.unneeded_since >= 0) n++;
    }
    return n;
}

/* k8s cluster-autoscaler processors/nodes/pre_filtering_processor.go GetScaleDownCandidates
 * (and its test TestPreFilteringScaleDownNodeProcessor_GetScaleDownCandidateNodes): a node
 * whose node group's target size is <= its min size is no scale-down candidate ("node group
 * min size reached"), so it is never unneeded. One pod of 250m on a pool of 4-CPU nodes: the
 * other nodes are empty. Pool of 2, min 2: no node is ever unneeded or removed. Pool of 3,
 * min 2: both empty nodes are unneeded from the scan at 10 s; at 620 s one goes (the other
 * would take the pool below its min, unneeded/nodes.go RemovableAt); from then on the pool is
 * at its min: no clock runs and nothing more goes. */
static void test_min_size_no_candidates(void **state) {
    (void)state;
    for (int count = 2; count <= 3; count++) {
        char json[1024];
        snprintf(
            json, sizeof json,
            "{\"name\": \"min\", \"duration\": \"30m\", \"metrics\": {\"pods\": false},"
            " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": %d,"
            " \"cpu\": \"4\", \"memory\": \"8Gi\", \"autoscaling\": {\"min\": 2, \"max\": 5}}]},"
            " \"services\": [{\"name\": \"web\", \"replicas\": 1,"
            " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"}}]}",
            count);
        run_t r = run_create(json, NULL);
        for (sim_time_t t = 15 * SIM_SEC; t < 30 * 60 * SIM_SEC; t += 60 * SIM_SEC) {
            assert_int_equal(sim_run_until(r.s, t), 0);
            int want = count == 2 || t > 620 * SIM_SEC ? 0 : 2;
            if (unneeded_nodes(r.s) != want)
                fail_msg("pool of %d at %.0f s: %d unneeded, want %d", count, secs(t),
                         unneeded_nodes(r.s), want);
        }
        assert_int_equal(sim_run(r.s), 0);
        int removed = event_count(r.s, "ScaleDown", NULL, "node removed by cluster autoscaler");
        assert_int_equal(removed, count - 2);
        sim_event_view_t e;
        if (count == 3) {
            assert_true(event_find(r.s, 0, "ScaleDown", NULL, "node removed by cluster autoscaler",
                                   &e) >= 0);
            assert_true(e.time == 620 * SIM_SEC);
        }
        run_free(&r);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view_unneeded_clock),
        cmocka_unit_test(test_empty_node_removed_first),
        cmocka_unit_test(test_unneeded_strictly_longer),
        cmocka_unit_test(test_priority_expander_filter),
        cmocka_unit_test(test_priority_expander_spot_first),
        cmocka_unit_test(test_cooldown_view),
        cmocka_unit_test(test_pdb_blocks_removal),
        cmocka_unit_test(test_min_size_no_candidates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
