/* The scheduler: the default profile's integer scores against hand-computed values
 * (NodeResourcesFit LeastAllocated, BalancedAllocation, ImageLocality, PodTopologySpread and
 * its normalization), then whole runs: a rollout spreads a ReplicaSet over the nodes even
 * when an older version piles on some of them, Terminating pods are not counted, time-0
 * images are present on their nodes, and the FailedScheduling message's wording and order. */
#include "test_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counts.h"
#include "kubelet.h"
#include "model.h"
#include "nodes.h"
#include "sched_nodes.h"
#include "scheduler.h"
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
    int ri = s->pods[victim].rs;
    const rs_t *rs = &s->rs[ri];
#define ROW_SUM                                                                                    \
    (sched_rs_node_pods(s, ri, 0) + sched_rs_node_pods(s, ri, 1) + sched_rs_node_pods(s, ri, 2))
    assert_int_equal(ROW_SUM, 6);
    int on_node = sched_rs_node_pods(s, ri, 1);
    /* kubelet.c's hook, which pod_delete calls when it sets the deletion (before the
     * ReplicaSet, told at once, creates and places the replacement); a second call changes
     * nothing */
    sched_pod_terminating(s, victim);
    assert_int_equal(sched_rs_node_pods(s, ri, 1), on_node - 1);
    pod_delete(s, victim, "test");
    sched_pod_terminating(s, victim);
    sim_run_until(s, 2 * SIM_SEC);
    /* the replacement: the only live pod created after time 0 */
    int placed = -1;
    for (int pi = 0; pi < s->pod_used; pi++)
        if (s->pods[pi].used && s->pods[pi].created > 0 && s->pods[pi].phase != POD_TERMINATING)
            placed = s->pods[pi].node;
    assert_int_equal(placed, 1);
    assert_int_equal(ROW_SUM, 6);
    /* the Terminating pod leaves its node later without being uncounted twice */
    sim_run_until(s, 100 * SIM_SEC);
    assert_int_equal(ROW_SUM, 6);
#undef ROW_SUM
    assert_int_equal(rs->sched_pods, 6);
    run_free(&r);
}

/* The per-ReplicaSet counts stay equal to the pods they stand for through rollouts, a node
 * failure, nodes added (past the 16 first allocated), a scale-down and history cleanup, both
 * in the sparse map and in the dense copy of the ReplicaSet being placed; and the packed node
 * records the filter reads agree with the nodes. */
static void check_counts(sim_t *s) {
    for (int ri = 0; ri < s->rs_count; ri++) {
        const rs_t *rs = &s->rs[ri];
        int counted = 0;
        for (int pi = 0; pi < s->pod_used; pi++) {
            const pod_t *p = &s->pods[pi];
            const struct sched_pod *sp = sched_pod_peek(s, pi);
            if (!p->used || p->rs != ri || !sp || !sp->counted) continue;
            assert_true(p->node >= 0 && p->phase != POD_DELETED);
            counted++;
        }
        assert_int_equal(rs->sched_pods, counted);
        int sum = 0;
        for (int ni = 0; ni < s->node_count; ni++) {
            int here = 0;
            for (int pi = 0; pi < s->pod_used; pi++)
                if (s->pods[pi].used && s->pods[pi].rs == ri && sched_pod_peek(s, pi) &&
                    sched_pod_peek(s, pi)->counted && s->pods[pi].node == ni)
                    here++;
            assert_int_equal(sched_rs_node_pods(s, ri, ni), here);
            sum += here;
        }
        assert_int_equal(sum, counted);
        if (ri < s->sched_zone_rows) { /* exactly the nodes with a count, ascending */
            const sched_rs_nodes_t *l = &s->sched_rs[ri];
            int listed = 0;
            for (int i = 0; i < l->len; i++) {
                assert_true(l->e[i].count > 0);
                if (i > 0) assert_true(l->e[i].node > l->e[i - 1].node);
                listed += l->e[i].count;
            }
            assert_int_equal(listed, counted);
        }
    }
    for (int ni = 0; ni < s->node_count; ni++) {
        const node_t *n = &s->nodes[ni];
        const sched_node_t *h = &s->sched_nodes[ni];
        assert_int_equal(h->free_cpu, s->sc->pools[n->pool].cpu - n->cpu_alloc);
        assert_int_equal(h->free_mem, s->sc->pools[n->pool].memory - n->mem_alloc);
        assert_int_equal(h->zone, n->zone);
        bool never = n->removed || n->provisioning || n->cordoned || n->ca_deleting || n->not_ready;
        assert_int_equal(h->blocked, never                ? SCHED_NODE_NEVER
                                     : n->taint_count > 0 ? SCHED_NODE_TAINTED
                                                          : SCHED_NODE_PLAIN);
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
/* The event's typed histogram (what the dashboard's Why panel reads) says what its message
 * says: `nodes` in the cluster and per reason as many nodes as the message counts. */
static void check_unfit(const sim_event_view_t *e, int nodes, const int want[SIM_UNFIT_KINDS]) {
    assert_int_equal(e->ref.kind, SIM_EVK_FAILED_SCHEDULING);
    assert_int_equal(e->ref.service, 0);
    assert_int_equal(e->ref.from, nodes);
    for (int k = 0; k < SIM_UNFIT_KINDS; k++)
        if (e->ref.unfit[k] != want[k])
            fail_msg("unfit[%d] = %d, the message counts %d", k, e->ref.unfit[k], want[k]);
}

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
    check_unfit(&e, 3, (int[SIM_UNFIT_KINDS]){[SIM_UNFIT_NOT_READY] = 1, [SIM_UNFIT_CPU] = 2});
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
    check_unfit(&e, 12,
                (int[SIM_UNFIT_KINDS]){[SIM_UNFIT_CPU] = 10, [SIM_UNFIT_UNSCHEDULABLE] = 2});
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
    check_unfit(&e, 2, (int[SIM_UNFIT_KINDS]){[SIM_UNFIT_CPU] = 2, [SIM_UNFIT_MEMORY] = 2});
    run_free(&r);
}

/* Pods that fail one after another each get the message their own filters give (k8s:
 * FitError.Error() from that attempt's diagnosis), though the scheduler reuses the words of
 * the previous pod while nothing it judges changed: gpu's pod, which tolerates the taint of
 * g-1 (1 CPU), counts that node short of cpu between pods of web and api, which do not; a
 * cordon shows in the next pod's message. web's two pods fill w-1 and w-2 (1500m of 2 CPUs). */
static void test_failed_scheduling_burst(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"burst\", \"duration\": \"1m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, \"cpu\": \"2\"},"
        " {\"name\": \"g\", \"count\": 1, \"cpu\": \"1\", \"taints\": [{\"key\": \"dedicated\","
        " \"value\": \"gpu\", \"effect\": \"NoSchedule\"}]}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 2, \"resources\": {\"cpu\": \"1500m\"}},"
        " {\"name\": \"gpu\", \"replicas\": 0, \"resources\": {\"cpu\": \"1500m\"},"
        " \"tolerations\": [{\"key\": \"dedicated\", \"operator\": \"Equal\", \"value\": \"gpu\","
        " \"effect\": \"NoSchedule\"}]},"
        " {\"name\": \"api\", \"replicas\": 0, \"resources\": {\"cpu\": \"1500m\"}}],"
        " \"events\": [{\"at\": \"30s\", \"action\": \"scale\", \"service\": \"web\", "
        "\"replicas\": 4},"
        " {\"at\": \"30s\", \"action\": \"scale\", \"service\": \"gpu\", \"replicas\": 1},"
        " {\"at\": \"30s\", \"action\": \"scale\", \"service\": \"api\", \"replicas\": 1},"
        " {\"at\": \"40s\", \"action\": \"cordonNode\", \"node\": \"w-1\"},"
        " {\"at\": \"40s\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 5}]}";
    run_t r = run_whole(json);
#define TAINTED_FULL                                                                               \
    "0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 "                \
    "Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for "      \
    "scheduling, 2 No preemption victims found for incoming pod."
    static const char *const want[][2] = {
        {"web", TAINTED_FULL},
        {"web", TAINTED_FULL},
        {"gpu", "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are "
                "available: 1 Preemption is not helpful for scheduling, 2 No preemption victims "
                "found for incoming pod."},
        {"api", TAINTED_FULL},
        {"web", "0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint "
                "{dedicated: gpu}, 1 node(s) were unschedulable. preemption: 0/3 nodes are "
                "available: 1 No preemption victims found for incoming pod, 2 Preemption is not "
                "helpful for scheduling."},
    };
#undef TAINTED_FULL
    int at = 0;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        sim_event_view_t e = {0};
        at = event_find(r.s, at, "FailedScheduling", NULL, NULL, &e);
        assert_true(at >= 0);
        assert_true(contains(e.object, want[i][0]));
        assert_string_equal(e.message, want[i][1]);
        at++;
    }
    assert_int_equal(event_find(r.s, at, "FailedScheduling", NULL, NULL, NULL), -1);
    run_free(&r);
}

/* ---- placement plugins, ported from upstream's unit tests ----------------------------------
 * k8s pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go,
 * nodeaffinity/node_affinity_test.go, podtopologyspread/{filtering,scoring}_test.go and
 * test/integration/scheduler/filters (minDomains). Each row names the upstream case. */

/* A node of a hand-made world: its pool carries the labels "k=v,k2=v2" (a value may be
 * empty). The world is static: the plugins only read labels through node_label. */
#define FAKE_MAX 8
static label_t fake_labels[FAKE_MAX][6];
static pool_spec_t fake_pools[FAKE_MAX];
static char fake_text[FAKE_MAX][128];
static scenario_t fake_sc;
static sim_t fake_sim;
static node_t fake_nodes[FAKE_MAX];

static const node_t *fake_node(int i, const char *name, const char *labels) {
    memset(&fake_pools[i], 0, sizeof fake_pools[i]);
    memset(&fake_nodes[i], 0, sizeof fake_nodes[i]);
    snprintf(fake_text[i], sizeof fake_text[i], "%s", labels);
    int n = 0;
    for (char *save = NULL, *kv = strtok_r(fake_text[i], ",", &save); kv && n < 6;
         kv = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(kv, '=');
        *eq = 0;
        fake_labels[i][n++] = (label_t){kv, eq + 1};
    }
    fake_pools[i].labels = fake_labels[i];
    fake_pools[i].label_count = n;
    fake_sc.pools = fake_pools;
    fake_sc.pool_count = FAKE_MAX;
    fake_sim.sc = &fake_sc;
    fake_nodes[i].pool = i;
    fake_nodes[i].zone = -1;
    snprintf(fake_nodes[i].name, sizeof fake_nodes[i].name, "%s", name);
    return &fake_nodes[i];
}

/* "key Op v1|v2" → one requirement (static storage, `slot` picks it). */
static match_expr_t fake_exprs[8];
static char fake_expr_text[8][96];
static char *fake_values[8][4];

static match_expr_t fake_expr(int slot, const char *text) {
    static const char *const ops[] = {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"};
    snprintf(fake_expr_text[slot], sizeof fake_expr_text[slot], "%s", text);
    char *save = NULL;
    char *key = strtok_r(fake_expr_text[slot], " ", &save);
    char *op = strtok_r(NULL, " ", &save);
    char *vals = strtok_r(NULL, "", &save);
    match_expr_t e = {key, SEL_IN, fake_values[slot], 0};
    for (int k = 0; k < 6; k++)
        if (!strcmp(op, ops[k])) e.op = (selector_op_t)k;
    for (char *s2 = NULL, *v = vals ? strtok_r(vals, "|", &s2) : NULL; v && e.value_count < 4;
         v = strtok_r(NULL, "|", &s2))
        fake_values[slot][e.value_count++] = v;
    return e;
}

static void test_taint_toleration(void **state) {
    (void)state;
    /* TestTaintTolerationFilter */
    static const struct {
        const char *name;
        toleration_t tol[2];
        int ntol;
        node_taint_t taints[2];
        int ntaints;
        bool fits;
    } filter[] = {
        {"A pod having no tolerations can't be scheduled onto a node with nonempty taints",
         {{0}},
         0,
         {{"dedicated", "user1", TAINT_NO_SCHEDULE}},
         1,
         false},
        {"A pod which can be scheduled on a dedicated node assigned to user1 with effect "
         "NoSchedule",
         {{"dedicated", false, "user1", TAINT_NO_SCHEDULE, false, 0}},
         1,
         {{"dedicated", "user1", TAINT_NO_SCHEDULE}},
         1,
         true},
        {"A pod which can't be scheduled on a dedicated node assigned to user2 with effect "
         "NoSchedule",
         {{"dedicated", false, "user2", TAINT_NO_SCHEDULE, false, 0}},
         1,
         {{"dedicated", "user1", TAINT_NO_SCHEDULE}},
         1,
         false},
        {"A pod can be scheduled onto the node, with a toleration uses operator Exists that "
         "tolerates the taints on the node",
         {{"foo", true, "", TAINT_NO_SCHEDULE, false, 0}},
         1,
         {{"foo", "bar", TAINT_NO_SCHEDULE}},
         1,
         true},
        {"A pod has multiple tolerations, node has multiple taints, all the taints are tolerated",
         {{"dedicated", false, "user2", TAINT_NO_SCHEDULE, false, 0},
          {"foo", true, "", TAINT_NO_SCHEDULE, false, 0}},
         2,
         {{"dedicated", "user2", TAINT_NO_SCHEDULE}, {"foo", "bar", TAINT_NO_SCHEDULE}},
         2,
         true},
        {"A pod has a toleration that keys and values match the taint on the node, but (non-empty) "
         "effect doesn't match",
         {{"foo", false, "bar", TAINT_PREFER_NO_SCHEDULE, false, 0}},
         1,
         {{"foo", "bar", TAINT_NO_SCHEDULE}},
         1,
         false},
        {"The pod has a toleration that keys and values match the taint on the node, the effect of "
         "toleration is empty, and the effect of taint is NoSchedule",
         {{"foo", false, "bar", -1, false, 0}},
         1,
         {{"foo", "bar", TAINT_NO_SCHEDULE}},
         1,
         true},
        {"The pod has a toleration that key and value don't match the taint on the node, but the "
         "effect of taint on node is PreferNoSchedule",
         {{"dedicated", false, "user2", TAINT_NO_SCHEDULE, false, 0}},
         1,
         {{"dedicated", "user1", TAINT_PREFER_NO_SCHEDULE}},
         1,
         true},
        {"The pod has no toleration, but the effect of taint on node is PreferNoSchedule",
         {{0}},
         0,
         {{"dedicated", "user1", TAINT_PREFER_NO_SCHEDULE}},
         1,
         true},
    };
    for (size_t i = 0; i < sizeof filter / sizeof filter[0]; i++) {
        int got = sched_untolerated_taint(filter[i].taints, filter[i].ntaints, filter[i].tol,
                                          filter[i].ntol);
        if ((got < 0) != filter[i].fits) fail_msg("%s: untolerated taint %d", filter[i].name, got);
    }
    /* NoExecute counts in the filter like NoSchedule (FindMatchingUntoleratedTaint) */
    node_taint_t gpu = {"dedicated", "gpu", TAINT_NO_EXECUTE};
    assert_int_equal(sched_untolerated_taint(&gpu, 1, NULL, 0), 0);

    /* TestTaintTolerationScore: the count of intolerable PreferNoSchedule taints, normalized
     * reversed (DefaultNormalizeScore(MaxNodeScore, true)) */
    static const struct {
        const char *name;
        toleration_t tol[2];
        int ntol;
        node_taint_t taints[3][2];
        int ntaints[3];
        int nodes;
        int64_t want[3];
    } score[] = {
        {"node with taints tolerated by the pod, gets a higher score than those node with "
         "intolerable taints",
         {{"foo", false, "bar", TAINT_PREFER_NO_SCHEDULE, false, 0}},
         1,
         {{{"foo", "bar", TAINT_PREFER_NO_SCHEDULE}}, {{"foo", "blah", TAINT_PREFER_NO_SCHEDULE}}},
         {1, 1},
         2,
         {100, 0}},
        {"the nodes that all of their taints are tolerated by the pod, get the same score, no "
         "matter how many tolerable taints a node has",
         {{"cpu-type", false, "arm64", TAINT_PREFER_NO_SCHEDULE, false, 0},
          {"disk-type", false, "ssd", TAINT_PREFER_NO_SCHEDULE, false, 0}},
         2,
         {{{0}},
          {{"cpu-type", "arm64", TAINT_PREFER_NO_SCHEDULE}},
          {{"cpu-type", "arm64", TAINT_PREFER_NO_SCHEDULE},
           {"disk-type", "ssd", TAINT_PREFER_NO_SCHEDULE}}},
         {0, 1, 2},
         3,
         {100, 100, 100}},
        {"the more intolerable taints a node has, the lower score it gets.",
         {{"foo", false, "bar", TAINT_PREFER_NO_SCHEDULE, false, 0}},
         1,
         {{{0}},
          {{"cpu-type", "arm64", TAINT_PREFER_NO_SCHEDULE}},
          {{"cpu-type", "arm64", TAINT_PREFER_NO_SCHEDULE},
           {"disk-type", "ssd", TAINT_PREFER_NO_SCHEDULE}}},
         {0, 1, 2},
         3,
         {100, 50, 0}},
        {"only taints and tolerations that have effect PreferNoSchedule are checked by "
         "taints-tolerations priority function",
         {{"cpu-type", false, "arm64", TAINT_NO_SCHEDULE, false, 0},
          {"disk-type", false, "ssd", TAINT_NO_SCHEDULE, false, 0}},
         2,
         {{{0}},
          {{"cpu-type", "arm64", TAINT_NO_SCHEDULE}},
          {{"cpu-type", "arm64", TAINT_PREFER_NO_SCHEDULE},
           {"disk-type", "ssd", TAINT_PREFER_NO_SCHEDULE}}},
         {0, 1, 2},
         3,
         {100, 100, 0}},
        {"Default behaviour No taints and tolerations, lands on node with no taints",
         {{0}},
         0,
         {{{0}}, {{"cpu-type", "arm64", TAINT_PREFER_NO_SCHEDULE}}},
         {0, 1},
         2,
         {100, 0}},
    };
    for (size_t i = 0; i < sizeof score / sizeof score[0]; i++) {
        int64_t got[3];
        for (int k = 0; k < score[i].nodes; k++)
            got[k] = sched_prefer_no_schedule_count(score[i].taints[k], score[i].ntaints[k],
                                                    score[i].tol, score[i].ntol);
        sched_default_normalize(got, score[i].nodes, true);
        for (int k = 0; k < score[i].nodes; k++)
            if (got[k] != score[i].want[k])
                fail_msg("%s: node %d scores %lld, want %lld", score[i].name, k, (long long)got[k],
                         (long long)score[i].want[k]);
    }
}

static void test_node_affinity(void **state) {
    (void)state;
    /* TestNodeAffinity (Filter): nodeSelector "k=v,...", required terms "expr; expr" ANDed
     * within a term, terms separated by " || " (ORed) */
    static const struct {
        const char *name, *selector, *terms, *labels;
        bool fits;
    } filter[] = {
        {"missing labels", "foo=bar", NULL, "", false},
        {"same labels", "foo=bar", NULL, "foo=bar", true},
        {"node labels are superset", "foo=bar", NULL, "foo=bar,baz=blah", true},
        {"node labels are subset", "foo=bar,baz=blah", NULL, "foo=bar", false},
        {"Pod with matchExpressions using In operator that matches the existing node", NULL,
         "foo In bar|value2", "foo=bar", true},
        {"Pod with matchExpressions using Gt operator that matches the existing node", NULL,
         "kernel-version Gt 0204", "kernel-version=0206", true},
        {"Pod with matchExpressions using NotIn operator that matches the existing node", NULL,
         "mem-type NotIn DDR|DDR2", "mem-type=DDR3", true},
        {"Pod with matchExpressions using Exists operator that matches the existing node", NULL,
         "GPU Exists", "GPU=NVIDIA-GRID-K1", true},
        {"Pod with affinity that don't match node's labels won't schedule onto the node", NULL,
         "foo In value1|value2", "foo=bar", false},
        {"Pod with empty MatchExpressions is not a valid value will match no objects", NULL, "",
         "foo=bar", false},
        {"Pod with no Affinity will schedule onto a node", NULL, NULL, "foo=bar", true},
        {"Pod with multiple matchExpressions ANDed that matches the existing node", NULL,
         "GPU Exists; GPU NotIn AMD|INTER", "GPU=NVIDIA-GRID-K1", true},
        {"Pod with multiple matchExpressions ANDed that doesn't match the existing node", NULL,
         "GPU Exists; GPU In AMD|INTER", "GPU=NVIDIA-GRID-K1", false},
        {"Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels", NULL,
         "foo In bar|value2 || diffkey In wrong|value2", "foo=bar", true},
        {"Pod with an Affinity and a PodSpec.NodeSelector both are satisfied", "foo=bar",
         "foo Exists", "foo=bar", true},
        {"Pod with an Affinity matches node's labels but the PodSpec.NodeSelector is not "
         "satisfied",
         "foo=bar", "foo Exists", "foo=barrrrrr", false},
        {"Pod with an invalid value in Affinity term won't be scheduled onto the node", NULL,
         "foo NotIn invalid value: ___@#$%^", "foo=bar", false},
    };
    for (size_t i = 0; i < sizeof filter / sizeof filter[0]; i++) {
        const node_t *n = fake_node(0, "node1", filter[i].labels);
        placement_spec_t pl = {0};
        label_t sel[4];
        char selbuf[128];
        if (filter[i].selector) {
            snprintf(selbuf, sizeof selbuf, "%s", filter[i].selector);
            for (char *save = NULL, *kv = strtok_r(selbuf, ",", &save); kv;
                 kv = strtok_r(NULL, ",", &save)) {
                char *eq = strchr(kv, '=');
                *eq = 0;
                sel[pl.node_selector_count++] = (label_t){kv, eq + 1};
            }
            pl.node_selector = sel;
        }
        node_term_t terms[2] = {{0}};
        char termbuf[160];
        int slot = 0;
        if (filter[i].terms) {
            snprintf(termbuf, sizeof termbuf, "%s", filter[i].terms);
            char *rest = termbuf;
            pl.required = terms;
            pl.required_count = 1;
            char * or = strstr(rest, " || ");
            if (or) * or = 0, pl.required_count = 2;
            for (int t = 0; t < pl.required_count; t++) {
                char *text = t == 0 ? rest : or +4;
                terms[t].exprs = &fake_exprs[slot];
                for (char *save = NULL, *ex = strtok_r(text, ";", &save); ex;
                     ex = strtok_r(NULL, ";", &save)) {
                    while (*ex == ' ')
                        ex++;
                    fake_exprs[slot] = fake_expr(slot, ex);
                    slot++;
                    terms[t].expr_count++;
                }
            }
        }
        if (sched_node_affinity_match(&fake_sim, n, &pl) != filter[i].fits)
            fail_msg("%s: fits %d", filter[i].name, !filter[i].fits);
    }

    /* TestNodeAffinityPriority: the weights of matching preferred terms, normalized
     * (DefaultNormalizeScore(MaxNodeScore, false)) */
    preferred_term_t affinity1[1], affinity2[3];
    fake_exprs[0] = fake_expr(0, "foo In bar");
    affinity1[0] = (preferred_term_t){2, {&fake_exprs[0], 1}};
    fake_exprs[1] = fake_expr(1, "foo In bar");
    fake_exprs[2] = fake_expr(2, "key In value");
    fake_exprs[3] = fake_expr(3, "foo In bar");
    fake_exprs[4] = fake_expr(4, "key In value");
    fake_exprs[5] = fake_expr(5, "az In az1");
    affinity2[0] = (preferred_term_t){2, {&fake_exprs[1], 1}};
    affinity2[1] = (preferred_term_t){4, {&fake_exprs[2], 1}};
    affinity2[2] = (preferred_term_t){5, {&fake_exprs[3], 3}};
    static const char *const label1 = "foo=bar", *const label2 = "key=value",
                             *const label3 = "az=az1", *const label4 = "abc=az11,def=az22",
                             *const label5 = "foo=bar,key=value,az=az1";
    static const struct {
        const char *name;
        int affinity; /* 0 none, 1, 2 */
        const char *labels[3];
        int64_t want[3];
    } score[] = {
        {"all nodes are same priority as NodeAffinity is nil",
         0,
         {label1, label2, label3},
         {0, 0, 0}},
        {"no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' "
         "priority is zero",
         1,
         {label4, label2, label3},
         {0, 0, 0}},
        {"only node1 matches the preferred scheduling requirements of pod",
         1,
         {label1, label2, label3},
         {100, 0, 0}},
        {"all nodes matches the preferred scheduling requirements of pod but with different "
         "priorities",
         2,
         {label1, label5, label2},
         {18, 100, 36}},
    };
    for (size_t i = 0; i < sizeof score / sizeof score[0]; i++) {
        placement_spec_t pl = {0};
        if (score[i].affinity == 1) pl.preferred = affinity1, pl.preferred_count = 1;
        if (score[i].affinity == 2) pl.preferred = affinity2, pl.preferred_count = 3;
        int64_t got[3];
        for (int k = 0; k < 3; k++)
            got[k] = sched_preferred_score(&fake_sim, fake_node(k, "n", score[i].labels[k]), &pl);
        sched_default_normalize(got, 3, false);
        for (int k = 0; k < 3; k++)
            if (got[k] != score[i].want[k])
                fail_msg("%s: node %d scores %lld, want %lld", score[i].name, k, (long long)got[k],
                         (long long)score[i].want[k]);
    }
}

/* PodTopologySpread Filter on the real scheduler state: one node per pool ("a-1", "b-1", ...)
 * in the given zones ("" none), the service's pods bound as the counts say (`term` of them
 * Terminating), then the Filter verdict of one more pod on each node. */
typedef struct {
    const char *name;
    const char *constraint; /* the service's topologySpreadConstraints, JSON */
    const char *extra;      /* more service keys, JSON ("" none) */
    const char *zones[4];
    int pods[4], term[4];
    const char *want; /* per node: 'y' fits, 'n' skew, 'l' missing label, 'a' affinity */
} spread_case_t;

static void run_spread_case(const spread_case_t *c) {
    char json[2048], pools[512] = "";
    static const char *const names[] = {"a", "b", "x", "y"};
    size_t len = 0;
    for (int i = 0; i < 4; i++)
        len += (size_t)snprintf(pools + len, sizeof pools - len,
                                "%s{\"name\": \"%s\", \"cpu\": \"64\", \"memory\": \"64Gi\"%s%s%s}",
                                i ? ", " : "", names[i], c->zones[i][0] ? ", \"zone\": \"" : "",
                                c->zones[i], c->zones[i][0] ? "\"" : "");
    snprintf(json, sizeof json,
             "{\"name\": \"spread\", \"duration\": \"1s\", \"metrics\": {\"pods\": false},"
             " \"cluster\": {\"nodePools\": [%s]},"
             " \"services\": [{\"name\": \"web\", \"replicas\": 0,"
             " \"topologySpreadConstraints\": [%s]%s}]}",
             pools, c->constraint, c->extra);
    run_t r = run_create(json, NULL);
    sim_t *s = r.s;
    int rs = s->services[0].new_rs;
    assert_true(rs >= 0);
    for (int ni = 0; ni < 4; ni++)
        for (int k = 0; k < c->pods[ni]; k++) {
            int pi = pod_create(s, rs);
            node_pod_attach(s, ni, pi);
            if (k < c->term[ni]) sched_pod_terminating(s, pi);
        }
    int incoming = pod_create(s, rs);
    for (int ni = 0; ni < 4; ni++) {
        char buf[160];
        const char *why = sched_filter_reason(s, incoming, ni, buf, sizeof buf);
        char got = !why[0]                                 ? 'y'
                   : strstr(why, "missing required label") ? 'l'
                   : strstr(why, "spread")                 ? 'n'
                   : strstr(why, "affinity")               ? 'a'
                                                           : '?';
        if (got != c->want[ni])
            fail_msg("%s: node %s got '%c' (%s), want '%c'", c->name, names[ni], got, why,
                     c->want[ni]);
    }
    run_free(&r);
}

#define ZONE_1                                                                                     \
    "{\"maxSkew\": 1, \"topologyKey\": \"topology.kubernetes.io/zone\", \"whenUnsatisfiable\": "   \
    "\"DoNotSchedule\"}"
#define HOST_1                                                                                     \
    "{\"maxSkew\": 1, \"topologyKey\": \"kubernetes.io/hostname\", \"whenUnsatisfiable\": "        \
    "\"DoNotSchedule\"}"
#define HOST_2                                                                                     \
    "{\"maxSkew\": 2, \"topologyKey\": \"kubernetes.io/hostname\", \"whenUnsatisfiable\": "        \
    "\"DoNotSchedule\"}"

static void test_spread_filter(void **state) {
    (void)state;
    /* TestSingleConstraint / TestMultipleConstraints (filtering_test.go); nodes a, b in zone1
     * and x, y in zone2. Left out: namespaces, selectors that do not match the pod itself,
     * other topology keys (the model's pods carry app=SERVICE, its nodes two topology labels) */
    static const spread_case_t cases[] = {
        {"no existing pods", ZONE_1, "", {"zone1", "zone1", "zone2", "zone2"}, {0}, {0}, "yyyy"},
        {"pods spread across zones as 3/3, all nodes fit",
         ZONE_1,
         "",
         {"zone1", "zone1", "zone2", "zone2"},
         {2, 1, 0, 3},
         {0},
         "yyyy"},
        {"pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
         ZONE_1,
         "",
         {"zone1", "", "zone2", "zone2"},
         {1, 1, 1, 1},
         {0},
         "ylnn"},
        /* adapted from "pod cannot be scheduled as all nodes don't have label 'rack'" */
        {"pod cannot be scheduled as all nodes don't have the zone label",
         ZONE_1,
         "",
         {"", "", "", ""},
         {0},
         {0},
         "llll"},
        {"pods spread across nodes as 2/1/0/3, only node-x fits",
         HOST_1,
         "",
         {"zone1", "zone1", "zone2", "zone2"},
         {2, 1, 0, 3},
         {0},
         "nnyn"},
        {"pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit",
         HOST_2,
         "",
         {"zone1", "zone1", "zone2", "zone2"},
         {2, 1, 0, 3},
         {0},
         "nyyn"},
        /* node-b and node-x fail NodeAffinity first, as in a real run */
        {"incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits",
         HOST_1,
         ", \"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\":"
         " {\"nodeSelectorTerms\": [{\"matchExpressions\": [{\"key\": \"kubernetes.io/hostname\","
         " \"operator\": \"In\", \"values\": [\"a-1\", \"y-1\"]}]}]}}}",
         {"zone1", "zone1", "zone2", "zone2"},
         {2, 1, 0, 3},
         {0},
         "yaan"},
        {"terminating Pods should be excluded",
         HOST_1,
         "",
         {"", "", "", ""},
         {1, 1, 1, 1},
         {1, 0, 0, 0},
         "ynnn"},
        /* TestMultipleConstraints: zone allows any node, hostname only node-x */
        {"two Constraints on zone and node, spreads = [3/3, 2/1/0/3]",
         ZONE_1 ", " HOST_1,
         "",
         {"zone1", "zone1", "zone2", "zone2"},
         {2, 1, 0, 3},
         {0},
         "nnyn"},
        /* test/integration/scheduler/filters: minDomains 4 > 3 domains: the global minimum is
         * 0, so only the node with 1 pod keeps the skew within 2 (node a is the excluded
         * "node-0") */
        {"pods spread across nodes as 2/2/1, maxSkew is 2, and the number of domains < "
         "minDomains, then the third node fits",
         "{\"maxSkew\": 2, \"topologyKey\": \"kubernetes.io/hostname\", \"whenUnsatisfiable\":"
         " \"DoNotSchedule\", \"minDomains\": 4}",
         ", \"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\":"
         " {\"nodeSelectorTerms\": [{\"matchExpressions\": [{\"key\": \"kubernetes.io/hostname\","
         " \"operator\": \"NotIn\", \"values\": [\"a-1\"]}]}]}}}",
         {"", "", "", ""},
         {0, 2, 2, 1},
         {0},
         "anny"},
        /* the same without minDomains: the minimum is 1, every node fits maxSkew 2 */
        {"pods spread across nodes as 2/2/1, maxSkew is 2, no minDomains: all fit",
         HOST_2,
         ", \"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\":"
         " {\"nodeSelectorTerms\": [{\"matchExpressions\": [{\"key\": \"kubernetes.io/hostname\","
         " \"operator\": \"NotIn\", \"values\": [\"a-1\"]}]}]}}}",
         {"", "", "", ""},
         {0, 2, 2, 1},
         {0},
         "ayyy"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_spread_case(&cases[i]);
}

/* TestPodTopologySpreadScore (scoring_test.go): raw = round(Σ count·ln(size + 2) + maxSkew −
 * 1) per candidate node, then 100·(max + min − raw)/max; a node without the key scores 0. */
static void test_spread_score(void **state) {
    (void)state;
    static const struct {
        const char *name;
        int nodes, constraints;
        int max_skew[2];
        int size[2];     /* topology size of each constraint (candidates, or their zones) */
        int count[4][2]; /* matching pods in the node's domain, -1: lacks the key */
        int64_t want[4];
    } cases[] = {
        {"one constraint on node, all 4 nodes are candidates",
         4,
         1,
         {1},
         {4},
         {{2}, {1}, {0}, {3}},
         {20, 60, 100, 0}},
        {"one constraint on node, all 4 nodes are candidates, maxSkew=2",
         4,
         1,
         {2},
         {4},
         {{2}, {1}, {0}, {3}},
         {33, 66, 100, 16}},
        {"one constraint on node, all 4 nodes are candidates, maxSkew=3",
         4,
         1,
         {3},
         {4},
         {{4}, {3}, {2}, {1}},
         {44, 66, 77, 100}},
        {"one constraint on node, 3 out of 4 nodes are candidates",
         3,
         1,
         {1},
         {3},
         {{4}, {2}, {1}},
         {33, 83, 100}},
        {"one constraint on node, 3 out of 4 nodes are candidates, one node doesn't match "
         "topology key",
         3,
         1,
         {1},
         {2},
         {{4}, {-1}, {1}},
         {16, 0, 100}},
        {"one constraint on zone, 3 out of 4 nodes are candidates",
         3,
         1,
         {1},
         {2},
         {{6}, {6}, {4}},
         {75, 75, 100}},
        {"two Constraints on zone and node, 2 out of 4 nodes are candidates",
         2,
         2,
         {1, 1},
         {2, 2},
         {{3, 2}, {6, 2}},
         {100, 63}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t raw[4], min = INT64_MAX, max = 0;
        for (int k = 0; k < cases[i].nodes; k++) {
            double sc = 0;
            raw[k] = 0;
            for (int c = 0; c < cases[i].constraints; c++) {
                if (cases[i].count[k][c] < 0) {
                    raw[k] = -1;
                    break;
                }
                sc += sched_spread_score_for_count(cases[i].count[k][c], cases[i].max_skew[c],
                                                   sched_topology_weight(cases[i].size[c]));
            }
            if (raw[k] < 0) continue;
            raw[k] = (int64_t)floor(sc + 0.5);
            if (raw[k] < min) min = raw[k];
            if (raw[k] > max) max = raw[k];
        }
        for (int k = 0; k < cases[i].nodes; k++) {
            int64_t got = raw[k] < 0 ? 0 : sched_spread_normalize(raw[k], min, max);
            if (got != cases[i].want[k])
                fail_msg("%s: node %d scores %lld, want %lld", cases[i].name, k, (long long)got,
                         (long long)cases[i].want[k]);
        }
    }
    /* "system defaulting, nodes don't have zone, pods match service": 4/3/2/1 on the hostname
     * default (maxSkew 3) gives the maxSkew=3 scores */
    int64_t r[4] = {sched_spread_raw(4, 4), sched_spread_raw(3, 4), sched_spread_raw(2, 4),
                    sched_spread_raw(1, 4)};
    assert_int_equal(sched_spread_normalize(r[0], r[3], r[0]), 44);
    assert_int_equal(sched_spread_normalize(r[1], r[3], r[0]), 66);
    assert_int_equal(sched_spread_normalize(r[2], r[3], r[0]), 77);
    assert_int_equal(sched_spread_normalize(r[3], r[3], r[0]), 100);
}

/* A whole run: nine pods over three zones whose zone b has the roomiest nodes. With a
 * DoNotSchedule zone constraint they go 3/3/3; a tenth pod at maxSkew 1 still fits, and with
 * zone b failed (a NotReady domain still counts: nodeTaintsPolicy Ignore) the FailedScheduling
 * message names the spread constraint and the unreachable taint. */
static void test_zone_spread_run(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"zones\", \"duration\": \"3m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodeMonitorGracePeriod\": \"10s\", \"nodePools\": ["
        " {\"name\": \"a\", \"zone\": \"a\", \"count\": 1, \"cpu\": \"4\"},"
        " {\"name\": \"b\", \"zone\": \"b\", \"count\": 2, \"cpu\": \"16\"},"
        " {\"name\": \"c\", \"zone\": \"c\", \"count\": 1, \"cpu\": \"4\"}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 9, \"resources\": {\"cpu\": \"500m\"},"
        " \"topologySpreadConstraints\": [" ZONE_1 "]}],"
        " \"events\": [{\"at\": \"10s\", \"action\": \"failZone\", \"zone\": \"b\"},"
        " {\"at\": \"1m\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 12}]}";
    run_t r = run_create(json, NULL);
    sim_t *s = r.s;
    int zone_pods[3];
    for (int z = 0; z < 3; z++)
        zone_pods[z] = sched_service_zone_pods(s, 0, z);
    assert_int_equal(zone_pods[0], 3);
    assert_int_equal(zone_pods[1], 3);
    assert_int_equal(zone_pods[2], 3);
    assert_int_equal(sim_run(s), 0);
    /* at 1 m zone b (3 pods, not yet evicted) is a domain: a and c may hold 4 each, so of the 3
     * new pods 2 are placed and 1 waits */
    sim_event_view_t e;
    assert_true(event_find(s, 0, "FailedScheduling", NULL, NULL, &e) >= 0);
    assert_string_equal(e.message,
                        "0/4 nodes are available: 2 node(s) didn't match pod topology spread "
                        "constraints, 2 node(s) had untolerated taint "
                        "{node.kubernetes.io/unreachable: }. preemption: 0/4 nodes are "
                        "available: 2 No preemption victims found for incoming pod, 2 "
                        "Preemption is not helpful for scheduling.");
    assert_int_equal(sched_service_zone_pods(s, 0, 0), 4);
    assert_int_equal(sched_service_zone_pods(s, 0, 2), 4);
    run_free(&r);
}

/* InterPodAffinity Filter on the real scheduler state (k8s: interpodaffinity/filtering_test.go
 * TestRequiredAffinitySingleNode / TestRequiredAffinityMultipleNodes): nodes a-1, b-1, x-1 in
 * the given zones; services web (the incoming pod's) and db, with their pods bound as given. */
typedef struct {
    const char *name;
    const char *web, *db; /* each service's extra keys, JSON */
    const char *zones[3];
    int db_pods[3], web_pods[3];
    const char *want; /* per node: 'y' fits, 'a' affinity, 'n' anti-affinity, 'e' existing anti */
} ipa_case_t;

static void run_ipa_case(const ipa_case_t *c) {
    char json[2048], pools[512] = "";
    static const char *const names[] = {"a", "b", "x"};
    size_t len = 0;
    for (int i = 0; i < 3; i++)
        len += (size_t)snprintf(pools + len, sizeof pools - len,
                                "%s{\"name\": \"%s\", \"cpu\": \"64\", \"memory\": \"64Gi\"%s%s%s}",
                                i ? ", " : "", names[i], c->zones[i][0] ? ", \"zone\": \"" : "",
                                c->zones[i], c->zones[i][0] ? "\"" : "");
    snprintf(json, sizeof json,
             "{\"name\": \"ipa\", \"duration\": \"1s\", \"metrics\": {\"pods\": false},"
             " \"cluster\": {\"nodePools\": [%s]},"
             " \"services\": [{\"name\": \"web\", \"replicas\": 0%s},"
             " {\"name\": \"db\", \"replicas\": 0%s}]}",
             pools, c->web, c->db);
    run_t r = run_create(json, NULL);
    sim_t *s = r.s;
    for (int ni = 0; ni < 3; ni++) {
        for (int k = 0; k < c->db_pods[ni]; k++)
            node_pod_attach(s, ni, pod_create(s, s->services[1].new_rs));
        for (int k = 0; k < c->web_pods[ni]; k++)
            node_pod_attach(s, ni, pod_create(s, s->services[0].new_rs));
    }
    int incoming = pod_create(s, s->services[0].new_rs);
    for (int ni = 0; ni < 3; ni++) {
        char buf[160];
        const char *why = sched_filter_reason(s, incoming, ni, buf, sizeof buf);
        char got = !why[0]                                  ? 'y'
                   : strstr(why, "existing pods anti")      ? 'e'
                   : strstr(why, "pod anti-affinity rules") ? 'n'
                   : strstr(why, "pod affinity rules")      ? 'a'
                                                            : '?';
        if (got != c->want[ni])
            fail_msg("%s: node %s got '%c' (%s), want '%c'", c->name, names[ni], got, why,
                     c->want[ni]);
    }
    run_free(&r);
}

#define POD_TERM(kind, app, key)                                                                   \
    ", \"affinity\": {\"" kind "\": {\"requiredDuringSchedulingIgnoredDuringExecution\": [{"       \
    "\"labelSelector\": {\"matchLabels\": {\"app\": \"" app "\"}}, \"topologyKey\": \"" key        \
    "\"}]}}"
#define ZONE_KEY "topology.kubernetes.io/zone"
#define HOST_KEY "kubernetes.io/hostname"

static void test_inter_pod_affinity(void **state) {
    (void)state;
    static const ipa_case_t cases[] = {
        {"A pod that has no required pod affinity scheduling rules can schedule onto a node with "
         "no existing pods",
         "",
         "",
         {"z1", "z1", "z2"},
         {0},
         {0},
         "yyy"},
        {"satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In "
         "operator that matches the existing pod",
         /* over hostnames: only the node holding the db pod */
         POD_TERM("podAffinity", "db", HOST_KEY),
         "",
         {"z1", "z1", "z2"},
         {1, 0, 0},
         {0},
         "yaa"},
        {"A pod can be scheduled onto all the nodes that have the same topology key & label value "
         "with one of them has an existing pod that matches the affinity rules",
         POD_TERM("podAffinity", "db", ZONE_KEY),
         "",
         {"z1", "z1", "z2"},
         {1, 0, 0},
         {0},
         "yya"},
        {"Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing "
         "pod",
         POD_TERM("podAffinity", "db", ZONE_KEY),
         "",
         {"z1", "z1", "z2"},
         {0},
         {1, 0, 0},
         "aaa"},
        {"The first pod of the collection can only be scheduled on nodes labelled with the "
         "requested topology keys",
         POD_TERM("podAffinity", "web", ZONE_KEY),
         "",
         {"", "", ""},
         {0},
         {0},
         "aaa"},
        /* and where the nodes have the key, the first pod of a self-attracting group fits */
        {"the first pod of a group with affinity to itself fits a node with the key",
         POD_TERM("podAffinity", "web", ZONE_KEY),
         "",
         {"z1", "", "z2"},
         {0},
         {0},
         "yay"},
        {"NodeA and nodeB have same topologyKey and label value. NodeA has an existing pod that "
         "matches the inter pod affinity rule. The pod can not be scheduled onto nodeA and nodeB.",
         POD_TERM("podAntiAffinity", "db", ZONE_KEY),
         "",
         {"z1", "z1", "z2"},
         {1, 0, 0},
         {0},
         "nny"},
        {"satisfies the PodAntiAffinity with existing pod but doesn't satisfy PodAntiAffinity "
         "symmetry with incoming pod",
         "",
         POD_TERM("podAntiAffinity", "web", HOST_KEY),
         {"z1", "z1", "z2"},
         {1, 0, 0},
         {0},
         "eyy"},
        /* anti-affinity to its own pods over hostnames: one replica per node */
        {"replicas spread one per node by anti-affinity to themselves",
         POD_TERM("podAntiAffinity", "web", HOST_KEY),
         "",
         {"z1", "z1", "z2"},
         {0},
         {1, 0, 1},
         "nyn"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_ipa_case(&cases[i]);
    /* NormalizeScore: 100·(s − min)/(max − min), truncated; all equal: 0 */
    assert_int_equal(sched_pod_affinity_normalize(-5, -5, 10), 0);
    assert_int_equal(sched_pod_affinity_normalize(0, -5, 10), 33);
    assert_int_equal(sched_pod_affinity_normalize(10, -5, 10), 100);
    assert_int_equal(sched_pod_affinity_normalize(3, 3, 3), 0);
}

/* Soft preferences in a whole run, with resources equal everywhere: a preferred node
 * affinity (weight 100 for disk=ssd) puts every db pod on the ssd node (NodeAffinity's Score,
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go), and a PreferNoSchedule
 * taint keeps the pods that do not tolerate it off the spot node while untainted nodes have
 * room (TaintToleration's Score, plugins/tainttoleration/taint_toleration.go). */
static void test_soft_preferences_run(void **state) {
    (void)state;
    run_t r = run_create(
        "{\"name\": \"soft\", \"duration\": \"30s\", \"cluster\": {\"nodePools\": ["
        " {\"name\": \"plain\", \"count\": 1, \"cpu\": \"16\", \"memory\": \"32Gi\"},"
        " {\"name\": \"ssd\", \"count\": 1, \"cpu\": \"16\", \"memory\": \"32Gi\","
        "  \"labels\": {\"disk\": \"ssd\"}},"
        " {\"name\": \"spot\", \"count\": 1, \"cpu\": \"16\", \"memory\": \"32Gi\","
        "  \"taints\": [{\"key\": \"spot\", \"value\": \"true\", \"effect\": "
        "\"PreferNoSchedule\"}]}]},"
        " \"services\": ["
        " {\"name\": \"db\", \"replicas\": 4, \"resources\": {\"cpu\": \"100m\", \"memory\":"
        "  \"128Mi\"}, \"affinity\": {\"nodeAffinity\": "
        "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 100, "
        "\"preference\": {\"matchExpressions\": [{\"key\": \"disk\", \"operator\": \"In\", "
        "\"values\": [\"ssd\"]}]}}]}}},"
        " {\"name\": \"web\", \"replicas\": 6, \"resources\": {\"cpu\": \"100m\", \"memory\":"
        "  \"128Mi\"}}]}",
        NULL);
    assert_int_equal(sim_run(r.s), 0);
    int on[2][3] = {{0}}; /* [service][node: plain-1, ssd-1, spot-1] */
    static const char *const nodes[] = {"plain-1", "ssd-1", "spot-1"};
    for (int k = 0; k < 3; k++) {
        int ni = node_by_name(r.s, nodes[k]);
        assert_true(ni >= 0);
        uint32_t ids[32];
        int n = sim_node_pods(r.s, ni, ids, 32);
        for (int j = 0; j < n; j++) {
            sim_pod_view_t p;
            assert_true(sim_pod_view(r.s, ids[j], &p));
            on[p.service][k]++;
        }
    }
    assert_int_equal(on[0][1], 4); /* every db pod on ssd-1 */
    assert_int_equal(on[0][0] + on[0][2], 0);
    assert_int_equal(on[1][2], 0); /* no web pod on the PreferNoSchedule node */
    assert_int_equal(on[1][0] + on[1][1], 6);
    run_free(&r);
}

/* A NodeSelectorRequirement against one node label value (NULL: the node lacks the label).
 * Rows from kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go
 * (TestSelectorMatches: "x>1", "x<1" on integer labels; TestRequirementConstructor: Gt/Lt take
 * exactly one value, In/NotIn values must be label values) and
 * staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go (TestIsValidLabelValue:
 * its good and bad values). An invalid requirement matches nothing: nodeaffinity drops it. */
static void test_match_expr_table(void **state) {
    (void)state;
    static const char *const long63 =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static const char *const long64 =
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    struct {
        selector_op_t op;
        const char *values[2];
        int value_count;
        const char *label; /* the node's value, NULL: no such label */
        bool match;
    } rows[] = {
        /* Gt / Lt (selector_test.go: "x>1" matches x=2, not x=1; "x<1" matches x=0) */
        {SEL_GT, {"1"}, 1, "2", true},
        {SEL_GT, {"1"}, 1, "1", false},
        {SEL_LT, {"1"}, 1, "0", true},
        {SEL_LT, {"1"}, 1, "1", false},
        {SEL_GT, {"-5"}, 1, "-4", true},
        {SEL_GT, {"1"}, 1, NULL, false},     /* a missing label never compares */
        {SEL_GT, {"1"}, 1, "2a", false},     /* a label that is no integer */
        {SEL_LT, {"9"}, 1, "", false},       /* an empty label is no integer either */
        {SEL_GT, {"1", "2"}, 2, "3", false}, /* Gt takes exactly one value */
        {SEL_LT, {NULL}, 0, "0", false},     /* ... and not none */
        /* Exists / DoesNotExist */
        {SEL_EXISTS, {NULL}, 0, "", true},
        {SEL_EXISTS, {NULL}, 0, NULL, false},
        {SEL_DOES_NOT_EXIST, {NULL}, 0, NULL, true},
        {SEL_DOES_NOT_EXIST, {NULL}, 0, "x", false},
        /* In / NotIn; NotIn matches a node without the label */
        {SEL_IN, {"a", "b"}, 2, "b", true},
        {SEL_IN, {"a", "b"}, 2, "c", false},
        {SEL_IN, {"a"}, 1, NULL, false},
        {SEL_NOT_IN, {"a"}, 1, NULL, true},
        {SEL_NOT_IN, {"a"}, 1, "a", false},
        /* TestIsValidLabelValue's good values are accepted ... */
        {SEL_IN, {"now-with-dashes"}, 1, "now-with-dashes", true},
        {SEL_IN, {"1-starts-with-num"}, 1, "1-starts-with-num", true},
        {SEL_IN, {"end_with.num-1"}, 1, "end_with.num-1", true},
        {SEL_IN, {""}, 1, "", true},
        {SEL_IN, {NULL}, 1, NULL, false}, /* (row filled below: 63 characters) */
        /* ... and its bad values make the requirement match nothing, NotIn included */
        {SEL_IN, {"nospecialchars%^=@"}, 1, "nospecialchars%^=@", false},
        {SEL_IN, {"-starts-with-dash"}, 1, "-starts-with-dash", false},
        {SEL_IN, {"ends-with-dash-"}, 1, "ends-with-dash-", false},
        {SEL_IN, {".starts.with.dot"}, 1, ".starts.with.dot", false},
        {SEL_NOT_IN, {"ends.with.dot."}, 1, "other", false},
        {SEL_NOT_IN, {"Tama-nui-te-r\xc4\x81"}, 1, "other", false},
        {SEL_NOT_IN, {NULL}, 1, "other", false}, /* (row filled below: 64 characters) */
    };
    size_t n = sizeof rows / sizeof *rows;
    rows[n - 8].values[0] = rows[n - 8].label = long63;
    rows[n - 8].match = true;
    rows[n - 1].values[0] = long64;
    for (size_t i = 0; i < n; i++) {
        match_expr_t e = {"k", rows[i].op, (char **)rows[i].values, rows[i].value_count};
        if (sched_match_expr(&e, rows[i].label) != rows[i].match)
            fail_msg("row %zu (op %d, value %s, label %s): expected %s", i, (int)rows[i].op,
                     rows[i].value_count ? rows[i].values[0] : "-",
                     rows[i].label ? rows[i].label : "(none)", rows[i].match ? "match" : "none");
    }
}

/* An explicit ScheduleAnyway constraint on the zone requires the label
 * (pkg/scheduler/framework/plugins/podtopologyspread/scoring.go: requireAllTopologies for explicit
 * constraints; a node without the key is an IgnoredNode and NormalizeScore gives it 0), while the
 * system default constraints (hostname maxSkew 3, zone maxSkew 5) do not ignore it but add no zone
 * term for it. Two identical nodes, one without a zone: with the constraint both pods go to the
 * zoned node (the only scored one: 100 x weight 2); with the defaults both go to the unzoned one
 * (raw 2, then round(1 x ln 4 + 2) = 3, against 2 + 0 + 4 = 6 on the zoned node: lower is better).
 */
static void test_explicit_soft_spread_ignores_unlabelled_nodes(void **state) {
    (void)state;
    for (int explicit_ = 0; explicit_ <= 1; explicit_++)
        for (int seed = 1; seed <= 4; seed++) {
            char json[1536];
            snprintf(json, sizeof json,
                     "{\"name\": \"soft\", \"seed\": %d, \"duration\": \"10s\","
                     " \"metrics\": {\"pods\": false},"
                     " \"cluster\": {\"nodePools\": [{\"name\": \"plain\", \"count\": 1, \"cpu\": "
                     "\"4\", \"memory\": \"8Gi\"}, {\"name\": \"zoned\", \"count\": 1, \"cpu\": "
                     "\"4\", \"memory\": \"8Gi\", \"zone\": \"z\"}]},"
                     " \"services\": [{\"name\": \"web\", \"replicas\": 2,"
                     " \"resources\": {\"cpu\": \"100m\", \"memory\": \"64Mi\"}%s}]}",
                     seed,
                     explicit_ ? ", \"topologySpreadConstraints\": [{\"maxSkew\": 1,"
                                 " \"topologyKey\": \"topology.kubernetes.io/zone\","
                                 " \"whenUnsatisfiable\": \"ScheduleAnyway\"}]"
                               : "");
            run_t r = run_create(json, NULL);
            assert_int_equal(sim_run_until(r.s, SIM_SEC), 0);
            sim_node_view_t plain, zoned;
            assert_true(sim_node_view(r.s, node_by_name(r.s, "plain-1"), &plain));
            assert_true(sim_node_view(r.s, node_by_name(r.s, "zoned-1"), &zoned));
            if (explicit_) {
                assert_int_equal(zoned.pod_count, 2);
                assert_int_equal(plain.pod_count, 0);
            } else {
                assert_int_equal(zoned.pod_count, 0);
                assert_int_equal(plain.pod_count, 2);
            }
            run_free(&r);
        }
}

/* Preferred inter-pod (anti-)affinity in a whole run (interpodaffinity/scoring.go: each
 * preferred term adds its weight for every matching pod in the node's topology domain, anti
 * terms subtract; NormalizeScore maps to 0..100 and the plugin weighs 2). db's single pod is
 * placed first; web pods with a preferred podAffinity (weight 100) to db over hostnames all
 * join it, though the emptier node scores better on resources; with a preferred
 * podAntiAffinity instead, none does. */
static void test_preferred_pod_affinity_run(void **state) {
    (void)state;
    for (int anti = 0; anti <= 1; anti++) {
        char json[1536];
        snprintf(json, sizeof json,
                 "{\"name\": \"ipa\", \"duration\": \"10s\", \"metrics\": {\"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, \"cpu\": \"16\","
                 " \"memory\": \"32Gi\"}]},"
                 " \"services\": [{\"name\": \"db\", \"replicas\": 1, \"resources\": {\"cpu\": "
                 "\"2\", \"memory\": \"1Gi\"}},"
                 " {\"name\": \"web\", \"replicas\": 3, \"resources\": {\"cpu\": \"100m\","
                 " \"memory\": \"128Mi\"}, \"affinity\": {\"%s\": "
                 "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 100,"
                 " \"podAffinityTerm\": {\"labelSelector\": {\"matchLabels\": {\"app\": \"db\"}},"
                 " \"topologyKey\": \"kubernetes.io/hostname\"}}]}}}]}",
                 anti ? "podAntiAffinity" : "podAffinity");
        run_t r = run_create(json, NULL);
        assert_int_equal(sim_run_until(r.s, SIM_SEC), 0);
        int db_node = -1, with_db = 0;
        for (int ni = 0; ni < 2; ni++) {
            uint32_t ids[8];
            int n = sim_node_pods(r.s, ni, ids, 8);
            for (int j = 0; j < n; j++) {
                sim_pod_view_t p;
                assert_true(sim_pod_view(r.s, ids[j], &p));
                if (p.service == 0) db_node = ni;
            }
        }
        assert_true(db_node >= 0);
        uint32_t ids[8];
        int n = sim_node_pods(r.s, db_node, ids, 8);
        for (int j = 0; j < n; j++) {
            sim_pod_view_t p;
            assert_true(sim_pod_view(r.s, ids[j], &p));
            with_db += p.service == 1;
        }
        assert_int_equal(with_db, anti ? 0 : 3);
        run_free(&r);
    }
}

/* The cluster autoscaler's ToBeDeletedByClusterAutoscaler taint in a FailedScheduling message
 * (k8s: cluster-autoscaler utils/taints/taints.go MarkToBeDeleted: key
 * ToBeDeletedByClusterAutoscaler, value the Unix time it was added, effect NoSchedule; the
 * scheduler's tainttoleration.go ErrReasonNotMatch "node(s) had untolerated taint {%s: %s}").
 * Two nodes of 2 CPUs, services a and b with one pod of 500m each (one per node, by
 * LeastAllocated) that take 60 s to stop (preStop). w-1 is unneeded (25 %) and drained at time
 * T; while its pod stops, a pod of 1500m is created: w-2 (1000m free) has too little CPU and
 * w-1 carries the taint, whose value is T in seconds (the model's clock starts at 0). */
static const char *ca_taint_json =
    "{\"name\": \"ca-taint\", \"duration\": \"5m\", \"metrics\": {\"pods\": false},"
    " \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 2, \"cpu\": \"2\", \"memory\": "
    "\"4Gi\", \"autoscaling\": {\"min\": 1, \"max\": 2, \"scaleDownUnneededTime\": \"5s\"}}]},"
    " \"services\": ["
    "{\"name\": \"a\", \"replicas\": 1, \"preStop\": \"60s\", \"terminationGracePeriodSeconds\": "
    "90, \"resources\": {\"cpu\": \"500m\", \"memory\": \"256Mi\"}},"
    "{\"name\": \"b\", \"replicas\": 1, \"preStop\": \"60s\", \"terminationGracePeriodSeconds\": "
    "90, \"resources\": {\"cpu\": \"500m\", \"memory\": \"256Mi\"}},"
    "{\"name\": \"batch\", \"replicas\": 0, \"resources\": {\"cpu\": \"1500m\", \"memory\": "
    "\"256Mi\"}}]}";

static void test_ca_taint_reason(void **state) {
    (void)state;
    run_t r = run_whole(ca_taint_json);
    sim_event_view_t e = {0};
    assert_true(event_find(r.s, 0, "ScaleDown", NULL,
                           "marked the node as toBeDeleted/unschedulable", &e) >= 0);
    sim_time_t t = e.time;
    run_free(&r);
    r = run_create(ca_taint_json, NULL);
    assert_int_equal(sim_run_until(r.s, t), 0);
    char err[256];
    action_t scale = {.action = ACTION_SCALE, .service = 2, .replicas = 1};
    assert_int_equal(sim_inject(r.s, &scale, err, sizeof err), 0);
    assert_int_equal(sim_run_until(r.s, t + SIM_SEC), 0);
    char want[160];
    snprintf(want, sizeof want,
             "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint "
             "{ToBeDeletedByClusterAutoscaler: %lld}.",
             (long long)(t / SIM_SEC));
    if (event_find(r.s, 0, "FailedScheduling", NULL, want, NULL) < 0) {
        for (int i = 0; i < sim_event_count(r.s); i++) {
            sim_event_view_t v;
            if (sim_event_get(r.s, i, &v) && !strcmp(v.reason, "FailedScheduling"))
                print_error("%s\n", v.message);
        }
        fail_msg("no FailedScheduling with \"%s\"", want);
    }
    run_free(&r);
}

/* Resources a node does not have: k8s noderesources/resource_allocation.go score() skips a
 * resource whose allocatable is 0, so LeastAllocated averages the others (leastResourceScorer:
 * 0 when no resource is left) and BalancedAllocation with one fraction has no deviation
 * (balancedResourceScorer: 100); a request above capacity scores 0 (leastRequestedScore). */
static void test_scores_without_a_resource(void **state) {
    (void)state;
    static const resource_case_t cases[] = {
        /* no CPU on the node: memory alone, 6 Gi free of 8: 75; one fraction: 100 */
        {"no cpu capacity", 1000, 0, 2 * GIB, 8 * GIB, 75, 100},
        /* no memory: cpu alone, 3000 free of 4000: 75 */
        {"no memory capacity", 1000, 4000, 2 * GIB, 0, 75, 100},
        /* neither: nothing to score */
        {"no capacity at all", 1000, 0, 2 * GIB, 0, 0, 100},
        /* cpu requested beyond capacity: 0 for cpu, memory half free 50: (0 + 50) / 2 = 25;
         * fractions 1 (capped) and 0.5: 1 - 0.25 = 75 */
        {"over capacity", 5000, 4000, 4 * GIB, 8 * GIB, 25, 75},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const resource_case_t *c = &cases[k];
        int64_t fit = sched_score_least_allocated(c->cpu_req, c->cpu_cap, c->mem_req, c->mem_cap);
        int64_t bal = sched_score_balanced(c->cpu_req, c->cpu_cap, c->mem_req, c->mem_cap);
        if (fit != c->fit || bal != c->balanced)
            fail_msg("%s: fit %lld (want %lld), balanced %lld (want %lld)", c->name, (long long)fit,
                     (long long)c->fit, (long long)bal, (long long)c->balanced);
    }
    /* ImageLocality for an image no node has (image_locality.go sumImageScores: no
     * ImageStates entry, sum 0, below the 23 MB threshold): 0, as with no node at all */
    assert_int_equal(sched_score_image(900 * MIB, 0, 3), 0);
    assert_int_equal(sched_score_image(900 * MIB, 1, 0), 0);
    /* podtopologyspread NormalizeScore with every raw score 0: 100 for all */
    assert_int_equal(sched_spread_normalize(0, 0, 0), 100);
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
        cmocka_unit_test(test_failed_scheduling_burst),
        cmocka_unit_test(test_taint_toleration),
        cmocka_unit_test(test_node_affinity),
        cmocka_unit_test(test_spread_filter),
        cmocka_unit_test(test_spread_score),
        cmocka_unit_test(test_zone_spread_run),
        cmocka_unit_test(test_inter_pod_affinity),
        cmocka_unit_test(test_soft_preferences_run),
        cmocka_unit_test(test_match_expr_table),
        cmocka_unit_test(test_explicit_soft_spread_ignores_unlabelled_nodes),
        cmocka_unit_test(test_preferred_pod_affinity_run),
        cmocka_unit_test(test_ca_taint_reason),
        cmocka_unit_test(test_scores_without_a_resource),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
