/* spot: Spot interruptions through sim.h. A notice cordons and drains the node (the
 * node-termination handler), the instance is gone when the notice ends: the cloud node
 * lifecycle controller deletes the Node ("Deleting node ... because it does not exist in the
 * cloud provider", kubernetes staging/src/k8s.io/cloud-provider/controllers/nodelifecycle/
 * node_lifecycle_controller.go) and a fixed-size node group starts a replacement instance. */
#include "test_util.h"

#include <stdio.h>
#include <string.h>

#include "sim_run_util.h"

/* Listed interruptions at 30, 40 and 50 s on a fixed pool of two spot nodes (notice 30 s):
 * each takes the first node that is up and not noticed yet, so the third finds none; spot-2
 * was drained by hand before its notice, which does not drain it again. Each instance goes
 * 30 s after its notice, a replacement is provisioned (60 s) and the evicted pods run again. */
static void test_listed_interruptions(void **state) {
    (void)state;
    run_t r = run_create(
        "{\"name\": \"spot\", \"duration\": \"4m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": ["
        "{\"name\": \"spot\", \"count\": 2, \"cpu\": \"2\", \"memory\": \"4Gi\","
        " \"provisioningTime\": \"60s\", \"capacityType\": \"spot\", \"spot\": {\"notice\": "
        "\"30s\","
        " \"interruptions\": [{\"at\": \"30s\"}, {\"at\": \"40s\"}, {\"at\": \"50s\"}]}},"
        "{\"name\": \"ondemand\", \"count\": 1, \"cpu\": \"2\", \"memory\": \"4Gi\"}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 3, \"resources\": {\"cpu\": \"200m\"},"
        " \"traffic\": {\"rps\": 30}}],"
        " \"events\": [{\"at\": \"35s\", \"action\": \"drainNode\", \"node\": \"spot-2\"}]}",
        NULL);
    assert_int_equal(sim_run(r.s), 0);
    sim_event_view_t e;
    assert_int_equal(event_count(r.s, "SpotInterruption", NULL, NULL), 2);
    assert_true(event_find(r.s, 0, "SpotInterruption", "Node/spot-1",
                           "the instance is terminated at 60 s", &e) >= 0);
    assert_true(e.time == 30 * SIM_SEC);
    assert_true(event_find(r.s, 0, "SpotInterruption", "Node/spot-2",
                           "the instance is terminated at 70 s", &e) >= 0);
    assert_true(e.time == 40 * SIM_SEC);
    assert_true(event_find(r.s, 0, "DeletingNode", "Node/spot-1",
                           "Deleting node spot-1 because it does not exist in the cloud provider",
                           &e) >= 0);
    assert_true(e.time == 60 * SIM_SEC);
    assert_true(event_find(r.s, 0, "DeletingNode", "Node/spot-2", NULL, &e) >= 0);
    assert_true(e.time == 70 * SIM_SEC);
    /* one drain each: the manual one of spot-2 is not started again by its notice */
    assert_int_equal(event_count(r.s, "NodeNotSchedulable", "spot-2", NULL), 1);
    /* the replacements: spot-3 and spot-4, Ready 60 s after they were started */
    assert_true(event_find(r.s, 0, "NodeReady", "Node/spot-3", NULL, &e) >= 0);
    assert_true(e.time == 120 * SIM_SEC);
    assert_true(event_find(r.s, 0, "NodeReady", "Node/spot-4", NULL, &e) >= 0);
    assert_true(e.time == 130 * SIM_SEC);
    assert_int_equal(node_by_name(r.s, "spot-5"), -1); /* the third notice found no node */
    sim_service_view_t v;
    assert_true(sim_service_view(r.s, 0, &v));
    assert_int_equal(v.ready, 3);
    run_free(&r);
}

/* Random notices (interruptionMtbf 60 s) and a listed one (10 s) on the same pool of two spot
 * nodes for 3 minutes: an instance gets one notice in its life (EC2 sends a single
 * interruption notice, then reclaims it), so a random notice that comes due for a node already
 * noticed, or already gone, does nothing; a listed interruption takes a node not noticed yet;
 * every noticed node is deleted 30 s after its notice and the fixed pool refills. */
static void test_one_notice_per_instance(void **state) {
    (void)state;
    run_t r = run_create(
        "{\"name\": \"spot\", \"duration\": \"3m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"spot\", \"count\": 2, \"cpu\": \"2\","
        " \"memory\": \"4Gi\", \"provisioningTime\": \"20s\", \"capacityType\": \"spot\","
        " \"spot\": {\"notice\": \"30s\", \"interruptionMtbf\": \"60s\", \"interruptions\":"
        " [{\"at\": \"10s\"}]}}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 2, \"resources\": {\"cpu\": \"200m\"},"
        " \"traffic\": {\"rps\": 10}}]}",
        NULL);
    assert_int_equal(sim_run(r.s), 0);
    int notices = 0;
    for (int i = 0; i < sim_event_count(r.s); i++) {
        sim_event_view_t e;
        if (!sim_event_get(r.s, i, &e) || strcmp(e.reason, "SpotInterruption")) continue;
        notices++;
        /* one notice per node */
        assert_int_equal(event_count(r.s, "SpotInterruption", e.object, NULL), 1);
        /* deleted at the end of its notice, if the run lasts that long */
        if (e.time + 30 * SIM_SEC <= 180 * SIM_SEC) {
            sim_event_view_t d;
            assert_true(event_find(r.s, 0, "DeletingNode", e.object, NULL, &d) >= 0);
            assert_true(d.time == e.time + 30 * SIM_SEC);
        }
    }
    assert_true(notices >= 2);
    /* the listed interruption at 10 s noticed a node */
    sim_event_view_t l;
    int k = event_find(r.s, 0, "SpotInterruption", NULL, "terminated at 40 s", &l);
    assert_true(k >= 0 && l.time == 10 * SIM_SEC);
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_listed_interruptions),
        cmocka_unit_test(test_one_notice_per_instance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
