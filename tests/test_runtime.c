/* runtimes: start-up distributions, density (the scheduler charges each runtime's overhead),
 * and image pulls cached per node. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "rng.h"
#include "sim_run_util.h"

/* The mean of 10,000 sampled start times of each runtime is within 2 % of its mean. */
static void test_start_means(void **state) {
    (void)state;
    for (int r = 0; r < RUNTIME_COUNT; r++) {
        runtime_spec_t rt = runtime_default((runtime_kind_t)r);
        gsl_rng *g = rng_stream(1, RNG_STARTUP, runtime_name((runtime_kind_t)r));
        double sum = 0;
        for (int i = 0; i < 10000; i++)
            sum += (double)dist_sample(&rt.start, g);
        double mean = sum / 10000;
        print_message("%s start: sampled mean %.3f s, configured %.3f s\n",
                      runtime_name((runtime_kind_t)r), mean / SIM_SEC,
                      dist_mean(&rt.start) / SIM_SEC);
        assert_near(mean, dist_mean(&rt.start), 0.02 * dist_mean(&rt.start));
        gsl_rng_free(g);
    }
}

/* One 8 GiB node, pods requesting 256 MiB (CPU plentiful): containers add a few MiB each,
 * a VM adds its guest OS, so exactly floor(8 GiB / (256 MiB + overhead)) fit. */
static int pods_that_fit(const char *runtime) {
    char json[1024];
    snprintf(json, sizeof json,
             "{\"name\": \"density\", \"duration\": \"1s\", \"metrics\": {\"pods\": false},"
             " \"cluster\": {\"nodePools\": [{\"name\": \"hosts\", \"count\": 1, \"cpu\": \"64\","
             " \"memory\": \"8Gi\", \"runtime\": \"%s\"}]},"
             " \"services\": [{\"name\": \"app\", \"runtime\": \"%s\", \"replicas\": 60,"
             " \"resources\": {\"cpu\": \"100m\", \"memory\": \"256Mi\"}}]}",
             runtime, runtime);
    run_t r = run_create(json, NULL);
    sim_t *s = r.s;
    const scenario_t *sc = r.sc;
    sim_node_view_t nv;
    assert_true(sim_node_view(s, 0, &nv));
    int placed = nv.pod_count;
    /* what nodes.csv reports includes the overhead */
    runtime_spec_t rt = sc->runtimes[sc->pools[0].runtime];
    assert_near(nv.memory_allocated, placed * (256.0 + (double)rt.memory_overhead / (1 << 20)),
                1e-6);
    run_free(&r);
    return placed;
}

static void test_density_by_overhead(void **state) {
    (void)state;
    int containers = pods_that_fit("container");
    int vms = pods_that_fit("vm");
    runtime_spec_t c = runtime_default(RUNTIME_CONTAINER), v = runtime_default(RUNTIME_VM);
    long long node = 8LL << 30, req = 256LL << 20;
    print_message("8 GiB node: %d containers, %d VMs\n", containers, vms);
    assert_int_equal(containers, (int)(node / (req + c.memory_overhead)));
    assert_int_equal(vms, (int)(node / (req + v.memory_overhead)));
    assert_true(vms < containers);
}

/* Cold start of three pods on one node: the image is pulled once; the pods that wait for the
 * same image share the pull, and a pod started later on that node skips it. */
static void test_pull_once_per_node(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"pulls\", \"duration\": \"60s\", \"coldStart\": true, \"metrics\": {\"pods\": "
        "false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1, \"pullBandwidth\": "
        "\"10Mi\"}]},"
        " \"services\": [{\"name\": \"web\", \"replicas\": 3, \"image\": {\"name\": \"shop/web\", "
        "\"size\": \"100Mi\"}}],"
        " \"events\": [{\"at\": \"40s\", \"action\": \"killPod\", \"service\": \"web\"}]}";
    run_t r = run_create(json, NULL);
    sim_t *s = r.s;
    sim_run(s);
    int pulling = 0, pulled = 0, present = 0;
    double pulled_at = -1;
    for (int i = 0; i < sim_event_count(s); i++) {
        sim_event_view_t e;
        sim_event_get(s, i, &e);
        if (strcmp(e.reason, "Pulling") == 0) pulling++;
        if (strcmp(e.reason, "Pulled") == 0 && strstr(e.message, "Successfully")) {
            pulled++;
            pulled_at = (double)e.time / SIM_SEC;
        }
        if (strcmp(e.reason, "Pulled") == 0 && strstr(e.message, "already present")) present++;
    }
    /* 100 MiB at 10 MiB/s: every pod of the first three is pulled at 10 s, by one pull */
    assert_near(pulled_at, 10.0, 1e-9);
    assert_int_equal(pulled, 3);
    assert_int_equal(pulling, 3);
    assert_int_equal(present, 1); /* the replacement after killPod skips the pull */
    run_free(&r);
}

/* A bare server of 2 cores runs a (1 core) and b (1 core); a's v2 needs 2 cores. The in-place
 * update stops a's v1 process (1 core free) and must not start v2 there: like the scheduler
 * (k8s noderesources/fit.go fitsRequest) it never allocates more than the server has. The v2
 * process waits Pending, with a Warning saying why. Checked at every second of the run. */
static void test_bare_respects_capacity(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"bare\", \"duration\": \"30s\","
        " \"cluster\": {\"nodePools\": [{\"name\": \"srv\", \"count\": 1, \"cpu\": \"2\","
        " \"memory\": \"8Gi\", \"runtime\": \"bare\"}]},"
        " \"services\": [{\"name\": \"a\", \"runtime\": \"bare\", \"resources\": {\"cpu\": \"1\"},"
        " \"versions\": {\"v2\": {\"resources\": {\"cpu\": \"2\"}}}},"
        " {\"name\": \"b\", \"runtime\": \"bare\", \"resources\": {\"cpu\": \"1\"}}],"
        " \"events\": [{\"at\": \"5s\", \"action\": \"deploy\", \"service\": \"a\", \"version\": "
        "\"v2\"}]}";
    run_t r = run_create(json, NULL);
    sim_node_view_t nv;
    for (int t = 1; t <= 30; t++) {
        assert_int_equal(sim_run_until(r.s, t * SIM_SEC), 0);
        assert_true(sim_node_view(r.s, 0, &nv));
        assert_true(nv.cpu_allocated <= nv.cpu_capacity + 1e-9);
    }
    /* b keeps its core; a's v1 is gone and v2 does not fit */
    assert_near(nv.cpu_allocated, 1.0, 1e-9);
    assert_int_equal(nv.pod_count, 1);
    uint32_t ids[4];
    assert_int_equal(sim_unscheduled_pods(r.s, ids, 4), 1);
    assert_true(event_find(r.s, 0, "OutOfResources", "Service/a", "do not fit on srv-1", NULL) >=
                0);
    run_free(&r);
}

/* Bare metal shares the libraries of a server: web v2 installs openssl 3.0 and api v1, which
 * needs 1.1, breaks (DependencyConflict, its requests fail); rolling web back reinstalls 1.1
 * and api works again (DependenciesSatisfied), without a restart. */
static void test_bare_dependency_restored(void **state) {
    (void)state;
    run_t r = run_whole(
        "{\"name\": \"deps\", \"seed\": 1, \"duration\": \"4m\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"server\", \"count\": 1, \"cpu\": \"8\","
        " \"memory\": \"16Gi\", \"runtime\": \"bare\"}]},"
        " \"services\": [{\"name\": \"web\", \"runtime\": \"bare\", \"replicas\": 1,"
        " \"resources\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}, \"startup\": \"5s\","
        " \"dependencies\": {\"openssl\": \"1.1\"}, \"versions\": {\"v2\": {\"dependencies\":"
        " {\"openssl\": \"3.0\"}}}, \"traffic\": {\"rps\": 10}},"
        " {\"name\": \"api\", \"runtime\": \"bare\", \"replicas\": 1,"
        " \"resources\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}, \"startup\": \"5s\","
        " \"dependencies\": {\"openssl\": \"1.1\"}, \"traffic\": {\"rps\": 10}}],"
        " \"events\": [{\"at\": \"1m\", \"action\": \"deploy\", \"service\": \"web\", \"version\":"
        " \"v2\"}, {\"at\": \"2m\", \"action\": \"rollback\", \"service\": \"web\"}]}");
    sim_event_view_t broke = {0}, back = {0};
    assert_true(event_find(r.s, 0, "DependencyConflict", "api",
                           "needs openssl 1.1, but installing web replaced it with openssl 3.0",
                           &broke) >= 0);
    assert_true(broke.time >= 60 * SIM_SEC && broke.time < 120 * SIM_SEC);
    assert_true(event_find(r.s, 0, "DependenciesSatisfied", "api",
                           "finds every library it needs again", &back) >= 0);
    assert_true(back.time >= 120 * SIM_SEC);
    const sim_sample_t *rows;
    int n = sim_samples(r.s, 1, &rows);
    double failed_during = 0, failed_after = 0;
    for (int i = 0; i < n; i++) {
        if (rows[i].time > broke.time + SIM_SEC && rows[i].time <= back.time)
            failed_during += rows[i].failed_rps;
        if (rows[i].time > back.time + SIM_SEC) failed_after += rows[i].failed_rps;
    }
    assert_true(failed_during > 0);
    assert_near(failed_after, 0, 1e-9);
    run_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_start_means),
        cmocka_unit_test(test_density_by_overhead),
        cmocka_unit_test(test_pull_once_per_node),
        cmocka_unit_test(test_bare_respects_capacity),
        cmocka_unit_test(test_bare_dependency_restored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
