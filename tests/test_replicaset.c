/* The ReplicaSet controller (replicaset.c) end to end: self-healing replaces a pod that stops
 * being active in the same instant and says why in the decisions, and a scale-down deletes
 * pods in the order of upstream's ActivePodsWithRanks (k8s: pkg/controller/controller_utils.go,
 * pkg/controller/replicaset/replica_set.go getPodsToDelete): unscheduled pods before
 * scheduled ones. */
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_run_util.h"

static run_t run_web(const char *service_keys, const char *events, const char *duration) {
    char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"name\": \"rs\", \"seed\": 1, \"duration\": \"%s\","
             " \"metrics\": {\"interval\": \"1s\", \"pods\": false},"
             " \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": 2, \"cpu\": \"2\","
             " \"memory\": \"4Gi\"}]},"
             " \"services\": [{\"name\": \"web\", \"capacityRps\": 100, \"concurrency\": 4,"
             " \"startup\": \"5s\", %s}], \"events\": [%s]}",
             duration, service_keys, events);
    return run_whole(buf);
}

/* killPod at 30 s: the ReplicaSet creates the replacement at 30 s and the decision says
 * 3 of 4 exist; the typed fields say the same. */
static void test_replaces_killed_pod(void **state) {
    (void)state;
    run_t r = run_web("\"replicas\": 4, \"resources\": {\"cpu\": \"200m\", \"memory\": \"128Mi\"}",
                      "{\"at\": \"30s\", \"action\": \"killPod\", \"service\": \"web\"}", "2m");
    sim_decision_view_t d;
    assert_true(decision_find(r.s, 0, "replicaset", "create 1 pod", "3 of spec.replicas 4", &d) >=
                0);
    assert_true(d.time == 30 * SIM_SEC);
    assert_int_equal(d.ref.kind, SIM_EVK_REPLACE);
    assert_int_equal(d.ref.service, 0);
    assert_int_equal(d.ref.from, 3);
    assert_int_equal(d.ref.to, 4);
    sim_event_view_t e;
    assert_true(event_find(r.s, 0, "SuccessfulCreate", "ReplicaSet/web", NULL, &e) >= 0);
    /* the time-0 pods are placed before the history starts: the first create is the
     * replacement's */
    assert_true(e.time == 30 * SIM_SEC);
    /* one replacement, not more */
    assert_int_equal(decision_find(r.s, 0, "replicaset", "create 2", NULL, NULL), -1);
    run_free(&r);
}

/* Six pods of 1 CPU on two 2-CPU nodes: four run, two stay Pending. Scaling to 4 deletes the
 * two Pending ones (unassigned first): no running pod is deleted and nothing is Pending. */
static void test_scale_down_deletes_unscheduled_first(void **state) {
    (void)state;
    run_t r = run_web(
        "\"replicas\": 6, \"resources\": {\"cpu\": \"1\", \"memory\": \"128Mi\"}",
        "{\"at\": \"30s\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 4}", "1m");
    uint32_t ids[16];
    assert_int_equal(sim_unscheduled_pods(r.s, ids, 16), 0);
    int running = 0;
    for (int n = 0; n < sim_node_count(r.s); n++) {
        int k = sim_node_pods(r.s, n, ids, 16);
        for (int i = 0; i < k; i++) {
            sim_pod_view_t p;
            assert_true(sim_pod_view(r.s, ids[i], &p));
            assert_int_not_equal(p.state, SIM_POD_TERMINATING);
            running += p.state == SIM_POD_READY;
        }
    }
    assert_int_equal(running, 4);
    /* exactly two deletions, both of pods that never had a node */
    assert_int_equal(event_count(r.s, "SuccessfulDelete", "ReplicaSet/web", NULL), 2);
    assert_int_equal(event_count(r.s, "Killing", NULL, NULL), 0);
    run_free(&r);
}

/* Endpoints: a deleted pod leaves them at once, but the routers see it
 * endpointPropagationDelay later (kube-proxy and ingress controllers apply EndpointSlice
 * changes asynchronously: pkg/proxy/endpointslicecache.go); requests they route to it after
 * its SIGTERM fail. A preStop hook delays the SIGTERM (pkg/kubelet/kuberuntime/
 * kuberuntime_container.go executePreStopHook), so a preStop at least as long as the delay
 * loses nothing: the classic "sleep in preStop". Round-robin over 4 pods at 400 req/s sends
 * the killed pod 100 req/s, so max(0, delay - preStop) seconds lose 100 requests each. */
static void test_endpoint_propagation_delay(void **state) {
    (void)state;
    static const struct {
        const char *delay, *pre_stop;
        double lost;
    } rows[] = {
        {"0s", "0s", 0},   /* routers see the removal at once */
        {"2s", "0s", 200}, /* 2 s of the killed pod's share */
        {"2s", "1s", 100}, /* the preStop covers half of it */
        {"2s", "5s", 0},   /* preStop longer than the delay: nothing lost */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char json[1024];
        snprintf(json, sizeof json,
                 "{\"name\": \"ep\", \"duration\": \"60s\", \"metrics\": {\"pods\": false},"
                 " \"cluster\": {\"endpointPropagationDelay\": \"%s\", \"nodePools\":"
                 " [{\"name\": \"w\", \"count\": 1, \"cpu\": \"8\"}]},"
                 " \"services\": [{\"name\": \"web\", \"replicas\": 4, \"capacityRps\": 1000,"
                 " \"preStop\": \"%s\", \"readinessProbe\": {\"periodSeconds\": 1},"
                 " \"traffic\": {\"rps\": 400}}],"
                 " \"events\": [{\"at\": \"30s\", \"action\": \"killPod\", \"service\": \"web\"}]}",
                 rows[i].delay, rows[i].pre_stop);
        run_t r = run_whole(json);
        sim_summary_t m;
        assert_true(sim_summary(r.s, 0, &m));
        /* Poisson arrivals over round-robin: within 5 % (and 3 requests) of the closed form */
        assert_near((double)m.failed, rows[i].lost, rows[i].lost * 0.05 + 3);
        run_free(&r);
    }
}

/* Ten Ready pods; two are killed (30 s, 40 s) and replaced; scaling to 8 at 2 m deletes two
 * of ten, the replacements: among Ready pods on equally loaded nodes, Ready for a shorter time
 * goes first (k8s: controller_utils.go ActivePodsWithRanks, podReadyTime). Two of ten takes
 * the bounded selection in replicaset.c, not the full sort. */
static void test_scale_down_deletes_shortest_ready_first(void **state) {
    (void)state;
    run_t r =
        run_web("\"replicas\": 10, \"resources\": {\"cpu\": \"100m\", \"memory\": \"64Mi\"}",
                "{\"at\": \"30s\", \"action\": \"killPod\", \"service\": \"web\"},"
                " {\"at\": \"40s\", \"action\": \"killPod\", \"service\": \"web\"},"
                " {\"at\": \"2m\", \"action\": \"scale\", \"service\": \"web\", \"replicas\": 8}",
                "3m");
    sim_event_view_t c1, c2, d1, d2;
    /* the run starts in steady state: the only creations are the two replacements */
    int i1 = event_find(r.s, 0, "SuccessfulCreate", "ReplicaSet/web", NULL, &c1);
    int i2 = event_find(r.s, i1 + 1, "SuccessfulCreate", "ReplicaSet/web", NULL, &c2);
    assert_true(i1 >= 0 && i2 >= 0);
    assert_int_equal(event_find(r.s, i2 + 1, "SuccessfulCreate", "ReplicaSet/web", NULL, NULL), -1);
    int j1 = event_find(r.s, 0, "SuccessfulDelete", "ReplicaSet/web", NULL, &d1);
    int j2 = event_find(r.s, j1 + 1, "SuccessfulDelete", "ReplicaSet/web", NULL, &d2);
    assert_true(j1 >= 0 && j2 >= 0);
    assert_int_equal(event_find(r.s, j2 + 1, "SuccessfulDelete", "ReplicaSet/web", NULL, NULL), -1);
    /* "Created pod: X" and "Deleted pod: X": the later replacement (Ready for less time) first */
    assert_string_equal(d1.message + strlen("Deleted pod: "), c2.message + strlen("Created pod: "));
    assert_string_equal(d2.message + strlen("Deleted pod: "), c1.message + strlen("Created pod: "));
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replaces_killed_pod),
        cmocka_unit_test(test_scale_down_deletes_unscheduled_first),
        cmocka_unit_test(test_endpoint_propagation_delay),
        cmocka_unit_test(test_scale_down_deletes_shortest_ready_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
