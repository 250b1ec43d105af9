/* kubelet: the computed start-up sequence (readiness at the first passing probe) and the edge
 * where the probe passes at the very instant the container starts (found by the fuzzer: the
 * pod must become Ready once, not start over and over). */
#include "test_util.h"

#include <string.h>

#include "sim_run_util.h"

static void test_probe_passes_as_container_starts(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"zero\", \"duration\": \"30s\", \"coldStart\": true, \"metrics\": {\"pods\": false},"
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
    const char *json =
        "{\"name\": \"probe\", \"duration\": \"30s\", \"coldStart\": true, \"metrics\": {\"pods\": false},"
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe_passes_as_container_starts),
        cmocka_unit_test(test_ready_at_first_passing_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
