/* The scheduler: the default profile's integer scores against hand-computed values
 * (NodeResourcesFit LeastAllocated, BalancedAllocation, ImageLocality, PodTopologySpread and
 * its normalization), then whole runs: a rollout spreads a ReplicaSet over the nodes even
 * when an older version piles on some of them, Terminating pods are not counted, time-0
 * images are present on their nodes, and the FailedScheduling message's wording and order. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "sim_run_util.h"

#define MIB (1024LL * 1024LL)
#define GIB (1024LL * MIB)

/* ---- scores ------------------------------------------------------------------------------ */

typedef struct {
    const char *name;
    int64_t cpu_req, cpu_cap, mem_req, mem_cap;
    int64_t fit, balanced;
} resource_case_t;

static void test_resource_scores(void **state) {
    (void)state;
    static const resource_case_t cases[] = {
        /* 25% of each: (3000·100/4000 + 6·100/8) / 2 = 75; fractions equal: 100 */
        {"quarter of both", 1000, 4000, 2 * GIB, 8 * GIB, 75, 100},
        /* cpu 2500·100/4000 = 62 (62.5), memory 7·100/8 = 87 (87.5): (62 + 87) / 2 = 74;
         * |0.375 − 0.125| / 2 = 0.125: 87.5 → 87 */
        {"integer division per resource", 1500, 4000, 1 * GIB, 8 * GIB, 74, 87},
        /* cpu over capacity scores 0, memory unused 100: 50; cpu fraction capped at 1:
         * |1 − 0| / 2 = 0.5: 50 */
        {"over capacity", 5000, 4000, 0, 8 * GIB, 50, 50},
        /* |0.5 − 0.25| / 2 = 0.125: 87; (50 + 75) / 2 = 62 (62.5) */
        {"half cpu, quarter memory", 2000, 4000, 2 * GIB, 8 * GIB, 62, 87},
        /* empty node except the pod: 3900·100/4000 = 97 (97.5), 100 − 1.5625 = 98 (98.4375) */
        {"almost empty", 100, 4000, 128 * MIB, 8 * GIB, 97, 99},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const resource_case_t *c = &cases[i];
        int64_t fit = sched_score_least_allocated(c->cpu_req, c->cpu_cap, c->mem_req, c->mem_cap);
        int64_t bal = sched_score_balanced(c->cpu_req, c->cpu_cap, c->mem_req, c->mem_cap);
        if (fit != c->fit || bal != c->balanced)
            fail_msg("%s: fit %lld (want %lld), balanced %lld (want %lld)", c->name, (long long)fit,
                     (long long)c->fit, (long long)bal, (long long)c->balanced);
    }
}

static void test_image_score(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int64_t size;
        int with, total;
        int64_t want;
    } cases[] = {
        /* 180 MiB on 1 node of 3: 60 MiB; (60 − 23)·100 / (1000 − 23) = 3 (3.79) */
        {"one of three", 180 * MIB, 1, 3, 3},
        /* 180 MiB everywhere: (180 − 23)·100 / 977 = 16 (16.07) */
        {"everywhere", 180 * MIB, 3, 3, 16},
        /* 500 MiB on half: 250 MiB: 227·100 / 977 = 23 (23.23) */
        {"half the nodes", 500 * MIB, 2, 4, 23},
        /* above 1000 MiB: capped, 100 */
        {"huge", 2000 * MIB, 3, 3, 100},
        /* under 23 MiB: 0 */
        {"small", 20 * MIB, 3, 3, 0},
        /* 900 MiB on 1 node of 100: 9 MiB, under the threshold: 0 */
        {"rare", 900 * MIB, 1, 100, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t got = sched_score_image(cases[i].size, cases[i].with, cases[i].total);
        if (got != cases[i].want)
            fail_msg("%s: %lld, want %lld", cases[i].name, (long long)got,
                     (long long)cases[i].want);
    }
}

static void test_spread_scores(void **state) {
    (void)state;
    /* round(count · ln(feasible + 2) + maxSkew − 1), maxSkew 3 */
    static const struct {
        int count, feasible;
        int64_t want;
    } raw[] = {
        {0, 3, 2},   /* 2 */
        {1, 3, 4},   /* ln 5 = 1.609 + 2 = 3.61 */
        {2, 3, 5},   /* 3.219 + 2 = 5.22 */
        {3, 3, 7},   /* 4.828 + 2 = 6.83 */
        {1, 100, 7}, /* ln 102 = 4.625 + 2 = 6.62 */
        {4, 1, 6},   /* ln 3 = 1.0986 · 4 = 4.39 + 2 = 6.39 */
    };
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        int64_t got = sched_spread_raw(raw[i].count, raw[i].feasible);
        if (got != raw[i].want)
            fail_msg("raw(%d, %d) = %lld, want %lld", raw[i].count, raw[i].feasible, (long long)got,
                     (long long)raw[i].want);
    }
    /* 100 · (max + min − s) / max: raws 2, 4, 5 → 100, 60, 40 */
    assert_int_equal(sched_spread_normalize(2, 2, 5), 100);
    assert_int_equal(sched_spread_normalize(4, 2, 5), 60);
    assert_int_equal(sched_spread_normalize(5, 2, 5), 40);
    /* raws 4 and 7: 100 · 4 / 7 = 57 (57.1) for the busier node */
    assert_int_equal(sched_spread_normalize(7, 4, 7), 57);
    assert_int_equal(sched_spread_normalize(4, 4, 7), 100);
    /* every node equal: 100 · min / max = 100 */
    assert_int_equal(sched_spread_normalize(2, 2, 2), 100);
    assert_int_equal(sched_spread_normalize(0, 0, 0), 100);
}

/* ---- whole runs --------------------------------------------------------------------------- */

#define CLUSTER(nodes, extra)                                                                      \
    "\"cluster\": {\"nodeMonitorGracePeriod\": \"10s\", \"tolerationSeconds\": 10" extra           \
    ", \"nodePools\": [{\"name\": \"workers\", \"count\": " nodes ", \"cpu\": \"4\","              \
    " \"memory\": \"8Gi\", \"repair\": \"manual\"}]}"

/* Live pods (not Terminating or Deleted) of the version on each node. */
static void count_version(sim_t *s, int version, int *per_node, int nodes) {
    for (int ni = 0; ni < nodes; ni++) {
        uint32_t ids[256];
        int n = sim_node_pods(s, ni, ids, 256);
        per_node[ni] = 0;
        for (int k = 0; k < n; k++) {
            sim_pod_view_t pv;
            assert_true(sim_pod_view(s, ids[k], &pv));
            if (pv.version == version && pv.state != SIM_POD_TERMINATING &&
                pv.state != SIM_POD_DELETED)
                per_node[ni]++;
        }
    }
}

/* The reviewer's reproduction: workers-3 fails at 5 s (NotReady at 20 s, its two pods evicted
 * at 30 s and replaced on workers-1 and -2: 3/3/0), is repaired at 60 s and empty; v2 is
 * deployed at 90 s. Counting the whole service, the new pods piled onto workers-3; counting
 * the new ReplicaSet, as PodTopologySpread's default constraints do, they spread 2/2/2. */
static void test_rollout_spreads_replicaset(void **state) {
    (void)state;
    for (int seed = 1; seed <= 5; seed++) {
        char json[2048];
        snprintf(
            json, sizeof json,
            "{\"name\": \"spread\", \"seed\": %d, \"duration\": \"5m\", \"metrics\": "
            "{\"pods\": false}, " CLUSTER(
                "3",
                "") ","
                    " \"services\": [{\"name\": \"web\", \"replicas\": 6,"
                    " \"image\": {\"name\": \"shop/web\", \"size\": \"180Mi\"},"
                    " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"},"
                    " \"readinessProbe\": {\"initialDelaySeconds\": 2, \"periodSeconds\": 2},"
                    " \"versions\": {\"v2\": {}}, \"traffic\": {\"rps\": 100}}],"
                    " \"events\": [{\"at\": \"5s\", \"action\": \"failNode\", \"node\": "
                    "\"workers-3\"},"
                    " {\"at\": \"60s\", \"action\": \"repairNode\", \"node\": \"workers-3\"},"
                    " {\"at\": \"90s\", \"action\": \"deploy\", \"service\": \"web\", \"version\": "
                    "\"v2\"}]}",
            seed);
        run_t r = run_create(json, NULL);
        sim_run_until(r.s, 89 * SIM_SEC);
        int before[3];
        count_version(r.s, 0, before, 3);
        assert_int_equal(before[2], 0); /* the piling-up situation: 3/3/0 */
        assert_int_equal(before[0] + before[1], 6);
        assert_int_equal(sim_run(r.s), 0);
        int after[3];
        count_version(r.s, 1, after, 3);
        for (int ni = 0; ni < 3; ni++)
            if (after[ni] < 1 || after[ni] > 3)
                fail_msg("seed %d: v2 pods per node %d/%d/%d, want 2/2/2 within 1", seed, after[0],
                         after[1], after[2]);
        assert_int_equal(after[0] + after[1] + after[2], 6);
        run_free(&r);
    }
}

/* The node holding the pod of the ReplicaSet that is being deleted: PodTopologySpread stops
 * counting it at once (deletionTimestamp), so the replacement goes back there even though the
 * Terminating pod (a 60 s preStop) still holds its resources. */
static void test_terminating_not_counted(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"term\", \"duration\": \"2m\", \"metrics\": {\"pods\": false}, " CLUSTER(
            "3", "") ", \"services\": [{\"name\": \"web\", \"replicas\": 6, \"preStop\": \"60s\","
                     " \"terminationGracePeriodSeconds\": 90,"
                     " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"}}]}";
    run_t r = run_create(json, NULL);
    sim_run_until(r.s, SIM_SEC);
    sim_t *s = r.s;
    int victim = -1;
    for (int pi = 0; pi < s->pod_used && victim < 0; pi++)
        if (s->pods[pi].used && s->pods[pi].node == 1) victim = pi;
    assert_true(victim >= 0);
    const rs_t *rs = &s->rs[s->pods[victim].rs];
    assert_true(rs->sched_row > 0);
    const int *row =
        &s->spread[(size_t)(s->sc->service_count + rs->sched_row - 1) * (size_t)s->spread_cap];
    assert_int_equal(row[0] + row[1] + row[2], 6);
    int on_node = row[1];
    /* kubelet.c's hook, which pod_delete calls when it sets the deletion (before the
     * ReplicaSet, told at once, creates and places the replacement); a second call changes
     * nothing */
    sched_pod_terminating(s, victim);
    assert_int_equal(row[1], on_node - 1);
    pod_delete(s, victim, "test");
    sched_pod_terminating(s, victim);
    sim_run_until(s, 2 * SIM_SEC);
    /* the replacement: the only live pod created after time 0 */
    int placed = -1;
    for (int pi = 0; pi < s->pod_used; pi++)
        if (s->pods[pi].used && s->pods[pi].created > 0 && s->pods[pi].phase != POD_TERMINATING)
            placed = s->pods[pi].node;
    assert_int_equal(placed, 1);
    row = &s->spread[(size_t)(s->sc->service_count + rs->sched_row - 1) * (size_t)s->spread_cap];
    assert_int_equal(row[0] + row[1] + row[2], 6);
    /* the Terminating pod leaves its node later without being uncounted twice */
    sim_run_until(s, 100 * SIM_SEC);
    row = &s->spread[(size_t)(s->sc->service_count + rs->sched_row - 1) * (size_t)s->spread_cap];
    assert_int_equal(row[0] + row[1] + row[2], 6);
    assert_int_equal(rs->sched_pods, 6);
    run_free(&r);
}

/* The per-ReplicaSet counts stay equal to the pods they stand for through rollouts, a node
 * failure, nodes added (past the 16 columns first allocated), a scale-down and history
 * cleanup: rows are taken and released as ReplicaSets gain
 * and lose their pods, and a released row is all zeros (but for its free-list link). */
static void check_counts(sim_t *s) {
    int svc_rows = s->sc->service_count > 0 ? s->sc->service_count : 1;
    for (int ri = 0; ri < s->rs_count; ri++) {
        const rs_t *rs = &s->rs[ri];
        int counted = 0;
        for (int pi = 0; pi < s->pod_used; pi++) {
            const pod_t *p = &s->pods[pi];
            if (!p->used || p->rs != ri || !p->sched_counted) continue;
            assert_true(p->node >= 0 && p->phase != POD_DELETED);
            counted++;
        }
        assert_int_equal(rs->sched_pods, counted);
        if (rs->sched_row == 0) {
            assert_int_equal(counted, 0);
            continue;
        }
        const int *row = &s->spread[(size_t)(svc_rows + rs->sched_row - 1) * (size_t)s->spread_cap];
        int sum = 0;
        for (int ni = 0; ni < s->node_count; ni++) {
            int here = 0;
            for (int pi = 0; pi < s->pod_used; pi++)
                if (s->pods[pi].used && s->pods[pi].rs == ri && s->pods[pi].sched_counted &&
                    s->pods[pi].node == ni)
                    here++;
            assert_int_equal(row[ni], here);
            sum += row[ni];
        }
        assert_int_equal(sum, counted);
    }
    for (int r = s->sched_free_row; r > 0;) {
        const int *row = &s->spread[(size_t)(svc_rows + r - 1) * (size_t)s->spread_cap];
        for (int ni = 1; ni < s->spread_cap; ni++)
            assert_int_equal(row[ni], 0);
        r = row[0];
    }
}

static void test_counts_consistent(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"churn\", \"duration\": \"12m\", \"metrics\": {\"pods\": false}, " CLUSTER(
            "15",
            "") ", \"services\": [{\"name\": \"web\", \"replicas\": 8, \"revisionHistoryLimit\": 1,"
                " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"},"
                " \"readinessProbe\": {\"initialDelaySeconds\": 2, \"periodSeconds\": 2},"
                " \"versions\": {\"v2\": {}, \"v3\": {}}},"
                " {\"name\": \"api\", \"replicas\": 3, \"preStop\": \"20s\","
                " \"resources\": {\"cpu\": \"500m\", \"memory\": \"512Mi\"}, \"versions\": "
                "{\"v2\": {}}}],"
                " \"events\": [{\"at\": \"30s\", \"action\": \"deploy\", \"service\": \"web\", "
                "\"version\": \"v2\"},"
                " {\"at\": \"40s\", \"action\": \"failNode\", \"node\": \"workers-2\"},"
                " {\"at\": \"50s\", \"action\": \"addNode\", \"pool\": \"workers\"},"
                " {\"at\": \"50s\", \"action\": \"addNode\", \"pool\": \"workers\"},"
                " {\"at\": \"2m\", \"action\": \"deploy\", \"service\": \"api\", \"version\": "
                "\"v2\"},"
                " {\"at\": \"3m\", \"action\": \"repairNode\", \"node\": \"workers-2\"},"
                " {\"at\": \"4m\", \"action\": \"deploy\", \"service\": \"web\", \"version\": "
                "\"v3\"},"
                " {\"at\": \"6m\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 2},"
                " {\"at\": \"7m\", \"action\": \"deploy\", \"service\": \"web\", \"version\": "
                "\"v1\"},"
                " {\"at\": \"9m\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": "
                "40}]}";
    run_t r = run_create(json, NULL);
    for (int t = 5; t <= 720; t += 5) {
        sim_run_until(r.s, (sim_time_t)t * SIM_SEC);
        check_counts(r.s);
    }
    run_free(&r);
}

/* DESIGN: at time 0 of a steady state the pods run "with their images present": a pod that
 * replaces one of them does not pull, and ImageLocality counts every node. */
static void test_steady_state_images_present(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"img\", \"duration\": \"1m\", \"metrics\": {\"pods\": false}, " CLUSTER(
            "3",
            "") ", \"services\": [{\"name\": \"web\", \"replicas\": 6,"
                " \"image\": {\"name\": \"shop/web\", \"size\": \"180Mi\"},"
                " \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"}}],"
                " \"events\": [{\"at\": \"10s\", \"action\": \"killPod\", \"service\": \"web\"}]}";
    run_t r = run_create(json, NULL);
    assert_int_equal(r.s->image_count, 1);
    assert_int_equal(r.s->images[0].nodes, 3);
    assert_int_equal(sim_run(r.s), 0);
    assert_int_equal(event_count(r.s, "Pulling", NULL, NULL), 0);
    assert_int_equal(event_count(r.s, "Pulled", NULL, "already present on machine"), 1);
    run_free(&r);
}

/* FitError.Error(): "N reason" per reason, sorted as strings; a node counts under its first
 * failing filter (cordon before taint); then the preemption PostFilter's message. */
static void test_failed_scheduling_message(void **state) {
    (void)state;
    /* workers-1 NotReady at 20 s (grace 10 s; pods stay: tolerationSeconds 300), the others
     * full (3 × 1200m of 4 CPUs); a 4th replica at 30 s fits nowhere */
    const char *json =
        "{\"name\": \"fail\", \"duration\": \"1m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodeMonitorGracePeriod\": \"10s\", \"nodePools\": [{\"name\": "
        "\"workers\", \"count\": 3, \"cpu\": \"4\", \"memory\": \"8Gi\"}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 9, \"resources\": {\"cpu\": "
        "\"1200m\"}}],"
        " \"events\": [{\"at\": \"5s\", \"action\": \"failNode\", \"node\": \"workers-1\"},"
        " {\"at\": \"30s\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 10}]}";
    run_t r = run_whole(json);
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "FailedScheduling", NULL, NULL, &e) >= 0);
    assert_string_equal(e.message,
                        "0/3 nodes are available: 1 node(s) had untolerated taint "
                        "{node.kubernetes.io/unreachable: }, 2 Insufficient cpu. preemption: 0/3 "
                        "nodes are available: 1 Preemption is not helpful for scheduling, 2 No "
                        "preemption victims found for incoming pod.");
    run_free(&r);

    /* 12 nodes: 2 cordoned (one of them also NotReady: cordon is checked first), 10 full.
     * sort.Strings puts "10 …" before "2 …". */
    char big[2048];
    snprintf(big, sizeof big,
             "{\"name\": \"sorted\", \"duration\": \"1m\", \"metrics\": {\"pods\": false},"
             " \"cluster\": {\"nodeMonitorGracePeriod\": \"10s\", \"nodePools\": [{\"name\": "
             "\"workers\", \"count\": 12, \"cpu\": \"2\", \"memory\": \"8Gi\"}]},"
             " \"services\": [{\"name\": \"web\", \"replicas\": 12, \"resources\": {\"cpu\": "
             "\"1500m\"}}],"
             " \"events\": [{\"at\": \"1s\", \"action\": \"cordonNode\", \"node\": \"workers-1\"},"
             " {\"at\": \"1s\", \"action\": \"cordonNode\", \"node\": \"workers-2\"},"
             " {\"at\": \"2s\", \"action\": \"failNode\", \"node\": \"workers-2\"},"
             " {\"at\": \"30s\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 13}]}");
    r = run_whole(big);
    assert_true(event_find(r.s, 0, "FailedScheduling", NULL, NULL, &e) >= 0);
    assert_string_equal(e.message,
                        "0/12 nodes are available: 10 Insufficient cpu, 2 node(s) were "
                        "unschedulable. preemption: 0/12 nodes are available: 10 No preemption "
                        "victims found for incoming pod, 2 Preemption is not helpful for "
                        "scheduling.");
    run_free(&r);

    /* more than a whole node: Insufficient cpu, and preemption cannot help (k8s ≥ 1.34) */
    const char *huge =
        "{\"name\": \"huge\", \"duration\": \"10s\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": \"2\","
        " \"memory\": \"4Gi\"}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 1, \"resources\": {\"cpu\": \"3\","
        " \"memory\": \"5Gi\"}}], \"coldStart\": true}";
    r = run_whole(huge);
    assert_true(event_find(r.s, 0, "FailedScheduling", NULL, NULL, &e) >= 0);
    assert_string_equal(e.message,
                        "0/2 nodes are available: 2 Insufficient cpu, 2 Insufficient memory. "
                        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for "
                        "scheduling.");
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resource_scores),
        cmocka_unit_test(test_image_score),
        cmocka_unit_test(test_spread_scores),
        cmocka_unit_test(test_rollout_spreads_replicaset),
        cmocka_unit_test(test_terminating_not_counted),
        cmocka_unit_test(test_counts_consistent),
        cmocka_unit_test(test_steady_state_images_present),
        cmocka_unit_test(test_failed_scheduling_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
