/* hpa_steady (sim/hpa_steady.c): under fluid traffic the HPA counts the pods that served
 * through the whole of the last scrape's window as one sum per ReplicaSet instead of reading
 * each. What metrics-server would scrape and what the replica calculator sees (k8s:
 * pkg/controller/podautoscaler/replica_calculator.go GetResourceReplicas, groupPods) must not
 * change, so every output file of a run is byte-identical to a run whose HPA reads every pod
 * (sim_options_t.hpa_every_pod). Checked on the lessons with an HPA run under fluid traffic,
 * and on generated clusters where steady pods leave the count in every way a pod can change:
 * rollouts (RollingUpdate, Canary, BlueGreen, whose preview pods the HPA does not count),
 * crashes, liveness restarts, readiness failures, killed pods, node and zone failures, a
 * drain, the cluster autoscaler, traffic steps, and sync periods on and off the 15 s scrape
 * grid. Each check also asserts that the count was used, so it cannot pass by reading every
 * pod. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test_util.h"

#include "test_outputs.h"

#include "model.h"
#include "sim.h"

static uint64_t steady_reads(sim_t *s) {
    return s->hpa_steady_reads;
}

static uint64_t run(const scenario_t *sc, const char *dir, bool every_pod) {
    return run_probed(sc, check_options(sc, SIM_PLACE_DEFAULT, every_pod), dir, steady_reads);
}

/* Both runs write the same bytes; the reads the steady sums stood for. */
static uint64_t check(const scenario_t *sc, const char *what) {
    return assert_same_runs(sc, check_options(sc, SIM_PLACE_DEFAULT, true),
                            check_options(sc, SIM_PLACE_DEFAULT, false), steady_reads, what);
}

/* The lessons with an HPA, under fluid traffic (their own fidelity is the request model's,
 * whose pods each have their own CPU use: the count is not used there). */
static void test_lessons_read_the_same(void **state) {
    (void)state;
    const char *lessons[] = {"scenarios/autoscaling.json", "scenarios/container.json",
                             "scenarios/vm.json", "scenarios/hpa-rps.json"};
    uint64_t reads = 0;
    for (size_t i = 0; i < sizeof lessons / sizeof lessons[0]; i++) {
        scenario_t *sc = load_or_fail(lessons[i]);
        assert_true(sc->services[0].hpa.enabled);
        if (sc->fidelity != FIDELITY_FLUID) assert_int_equal(check(sc, lessons[i]), 0);
        sc->fidelity = FIDELITY_FLUID;
        reads += check(sc, lessons[i]);
        scenario_free(sc);
    }
    assert_true(reads > 1000);
}

/* A generated cluster: three zones and an autoscaled pool; four services with a CPU-target HPA
 * each, of every strategy, under traffic that rises and falls; crashes, hangs and readiness
 * failures in the second version; failures, a drain and killed pods. */
static char *generated(unsigned seed) {
    size_t cap = 16384, n = 0;
    char *j = malloc(cap);
    assert_non_null(j);
#define PUT(...) (n += (size_t)snprintf(j + n, cap - n, __VA_ARGS__), assert_true(n < cap))
    const char *sync[] = {"15s", "10s", "30s", "20s"};
    PUT("{\"name\": \"generated %u\", \"seed\": %u, \"duration\": \"30m\", \"fidelity\": "
        "\"fluid\", \"cluster\": {\"hpaSyncPeriod\": \"%s\", \"endpointPropagationDelay\": "
        "\"%s\", \"nodePools\": [{\"name\": \"w\", \"count\": %u, \"cpu\": \"4\", \"memory\": "
        "\"16Gi\", \"zones\": [\"a\", \"b\", \"c\"], \"autoscaling\": {\"min\": %u, \"max\": "
        "%u}}]}, \"services\": [",
        seed, seed, sync[seed % 4], seed % 2 ? "2s" : "0s", 12 + seed % 5, 12 + seed % 5,
        30 + seed % 5);
    const char *strategy[] = {
        "{\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": \"25%\"}}",
        "{\"type\": \"BlueGreen\", \"blueGreen\": {\"autoPromotionEnabled\": true, "
        "\"autoPromotionSeconds\": 60, \"scaleDownDelaySeconds\": 30, \"previewService\": "
        "\"p1\"}}",
        "{\"type\": \"Canary\", \"canary\": {\"steps\": [{\"setWeight\": 20}, {\"pause\": "
        "{\"duration\": \"2m\"}}, {\"setWeight\": 60}, {\"pause\": {\"duration\": \"2m\"}}]}}",
        "{\"type\": \"RollingUpdate\"}"};
    const char *v2[] = {"\"crashAfter\": {\"dist\": \"uniform\", \"min\": \"3m\", \"max\": "
                        "\"12m\"}",
                        "\"unreadyAfter\": {\"dist\": \"uniform\", \"min\": \"4m\", \"max\": "
                        "\"20m\"}",
                        "\"hangAfter\": {\"dist\": \"uniform\", \"min\": \"2m\", \"max\": "
                        "\"10m\"}, \"livenessProbe\": {\"periodSeconds\": 5, "
                        "\"failureThreshold\": 3}",
                        "\"capacityRps\": 80"};
    for (int i = 0; i < 4; i++)
        PUT("%s{\"name\": \"s%d\", \"replicas\": %u, \"strategy\": %s, \"resources\": {\"cpu\": "
            "\"%s\", \"memory\": \"256Mi\"}, \"capacityRps\": 100, \"concurrency\": 4, "
            "\"readinessProbe\": {\"periodSeconds\": 2}, \"hpa\": {\"minReplicas\": %u, "
            "\"maxReplicas\": %u, \"targetCPUUtilizationPercentage\": %u}, \"traffic\": "
            "{\"rps\": %u, \"pattern\": [{\"at\": \"6m\", \"rps\": %u, \"ramp\": \"1m\"}, "
            "{\"at\": \"20m\", \"rps\": %u, \"ramp\": \"30s\"}]}, \"versions\": {\"v2\": "
            "{%s}}}",
            i ? ", " : "", i, 4 + (seed + (unsigned)i) % 5, strategy[i], i % 2 ? "500m" : "250m",
            2 + (unsigned)i % 3, 24, 50 + 10 * ((seed + (unsigned)i) % 3), 300 + 50 * (unsigned)i,
            1200 + 150 * ((seed * 3 + (unsigned)i) % 4), 250, v2[i]);
    PUT("], \"events\": [");
    PUT("{\"at\": \"3m\", \"action\": \"deploy\", \"service\": \"s%u\", \"version\": \"v2\"}, ",
        seed % 4);
    PUT("{\"at\": \"4m\", \"action\": \"killPod\", \"service\": \"s%u\"}, ", (seed + 1) % 4);
    PUT("{\"at\": \"8m\", \"action\": \"deploy\", \"service\": \"s%u\", \"version\": \"v2\"}, ",
        (seed + 2) % 4);
    PUT("{\"at\": \"9m\", \"action\": \"failNode\", \"node\": \"w-%u\"}, ", seed % 7);
    PUT("{\"at\": \"10m\", \"action\": \"setTraffic\", \"service\": \"s3\", \"rps\": 900}, ");
    PUT("{\"at\": \"11m\", \"action\": \"drainNode\", \"node\": \"w-%u\"}, ", 7 + seed % 3);
    PUT("{\"at\": \"12m\", \"action\": \"failZone\", \"zone\": \"%c\"}, ", 'a' + (int)(seed % 3));
    PUT("{\"at\": \"14m\", \"action\": \"restart\", \"service\": \"s%u\"}, ", (seed + 3) % 4);
    PUT("{\"at\": \"15m\", \"action\": \"repairZone\", \"zone\": \"%c\"}, ", 'a' + (int)(seed % 3));
    PUT("{\"at\": \"16m\", \"action\": \"repairNode\", \"node\": \"w-%u\"}, ", seed % 7);
    PUT("{\"at\": \"17m\", \"action\": \"deploy\", \"service\": \"s%u\", \"version\": \"v2\"}, ",
        (seed + 1) % 4);
    PUT("{\"at\": \"22m\", \"action\": \"killPod\", \"service\": \"s%u\"}]}", (seed + 2) % 4);
#undef PUT
    return j;
}

static scenario_t *load_generated(unsigned seed) {
    char *json = generated(seed);
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    if (scenario_load_text(json, "generated.json", NULL, 0, &sc, &d) != 0)
        fail_msg("generated %u: %s", seed, d.count ? d.items[0] : "?");
    diag_free(&d);
    free(json);
    return sc;
}

static void test_generated_clusters_read_the_same(void **state) {
    (void)state;
    uint64_t reads = 0;
    for (unsigned seed = 1; seed <= 4; seed++) {
        scenario_t *sc = load_generated(seed);
        char what[64];
        snprintf(what, sizeof what, "generated cluster %u", seed);
        uint64_t r = check(sc, what);
        assert_true(r > 1000); /* every seed: the count stood for pod reads */
        reads += r;
        scenario_free(sc);
    }
    assert_true(reads > 10000);
}

/* The dashboard's checkpoints (sim_clone) copy the counts and the lists: a copy taken
 * halfway, when most pods are counted, and the original both run to the bytes of the run
 * never copied. */
static void test_copy_counts_the_same(void **state) {
    (void)state;
    scenario_t *sc = load_generated(2);
    char root[] = "/tmp/deploysim-steady-XXXXXX", ref[4200], orig[4200], copy[4200];
    assert_non_null(mkdtemp(root));
    snprintf(ref, sizeof ref, "%s/ref", root);
    snprintf(orig, sizeof orig, "%s/orig", root);
    snprintf(copy, sizeof copy, "%s/copy", root);
    assert_true(run(sc, ref, false) > 0);
    diag_t d;
    diag_init(&d);
    sim_options_t o = check_options(sc, SIM_PLACE_DEFAULT, false);
    o.outdir = orig;
    sim_t *s = sim_create(sc, &o, &d);
    assert_non_null(s);
    assert_int_equal(sim_run_until(s, sim_duration(s) / 2), 0);
    assert_true(s->hpa_steady_reads > 0);
    sim_t *c = sim_clone(s, copy, NULL, &d);
    assert_non_null(c);
    diag_free(&d);
    assert_int_equal(sim_run(s), 0);
    sim_destroy(s);
    assert_int_equal(sim_run(c), 0);
    sim_destroy(c);
    assert_same_outputs(ref, orig, "the original");
    assert_same_outputs(ref, copy, "the copy");
    remove_dir(ref);
    remove_dir(orig);
    remove_dir(copy);
    rmdir(root);
    scenario_free(sc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lessons_read_the_same),
        cmocka_unit_test(test_generated_clusters_read_the_same),
        cmocka_unit_test(test_copy_counts_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
