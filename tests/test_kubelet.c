/* kubelet: the computed start-up sequence (readiness at the first passing probe) and the edge
 * where the probe passes at the very instant the container starts (found by the fuzzer: the
 * pod must become Ready once, not start over and over). */
#include "test_util.h"

#include <string.h>

#include "sim.h"

static sim_t *run(const char *json, scenario_t **sc, sim_time_t until) {
    diag_t d;
    diag_init(&d);
    if (scenario_load_text(json, "kubelet.json", NULL, 0, sc, &d) != 0) {
        for (int i = 0; i < d.count; i++) fprintf(stderr, "%s\n", d.items[i]);
        fail_msg("scenario did not load");
    }
    sim_options_t o = {0, NULL, 5000};
    sim_t *s = sim_create(*sc, &o, &d);
    diag_free(&d);
    assert_non_null(s);
    sim_run_until(s, until);
    return s;
}

static int count_events(const sim_t *s, const char *reason) {
    int n = 0;
    for (int i = 0; i < sim_event_count(s); i++) {
        sim_event_view_t e;
        sim_event_get(s, i, &e);
        if (strcmp(e.reason, reason) == 0) n++;
    }
    return n;
}

static void test_probe_passes_as_container_starts(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"zero\", \"duration\": \"30s\", \"coldStart\": true, \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 2, \"startup\": \"0s\","
        " \"readinessProbe\": {\"initialDelaySeconds\": 0, \"periodSeconds\": 2}}]}";
    scenario_t *sc;
    sim_t *s = run(json, &sc, 30 * SIM_SEC);
    assert_int_equal(count_events(s, "Started"), 2); /* once per pod, not a loop */
    sim_service_view_t v;
    assert_true(sim_service_view(s, 0, &v));
    assert_int_equal(v.ready, 2);
    sim_destroy(s);
    scenario_free(sc);
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
    scenario_t *sc;
    sim_t *s = run(json, &sc, 7999999);
    sim_service_view_t v;
    assert_true(sim_service_view(s, 0, &v));
    assert_int_equal(v.ready, 0);
    sim_run_until(s, 8 * SIM_SEC);
    assert_true(sim_service_view(s, 0, &v));
    assert_int_equal(v.ready, 1);
    assert_int_equal(count_events(s, "Unhealthy"), 2);
    sim_destroy(s);
    scenario_free(sc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_probe_passes_as_container_starts),
        cmocka_unit_test(test_ready_at_first_passing_probe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
