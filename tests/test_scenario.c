/* scenario loader: defaults of a minimal scenario, versions merged over their service,
 * distributions, strategies and HPA defaults, --set, references, and the invalid corpus in
 * tests/invalid (each file's expected messages listed in tests/invalid/expected.txt). */
#include "test_util.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scenario.h"

#define INVALID_DIR "tests/invalid"

/* Loads `text`; fails the test with every message when it does not load. */
static scenario_t *load_ok(const char *text, const scenario_set_t *sets, int nsets) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    int rc = scenario_load_text(text, "t.json", sets, nsets, &sc, &d);
    if (rc != 0) {
        for (int i = 0; i < d.count; i++)
            print_error("%s\n", d.items[i]);
        diag_free(&d);
        fail_msg("scenario did not load");
    }
    assert_int_equal(d.count, 0);
    diag_free(&d);
    assert_non_null(sc);
    return sc;
}

/* Loads `text`, expects failure, returns the messages joined by newlines (free it). */
static char *load_fail(const char *text) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = (scenario_t *)1;
    assert_int_not_equal(scenario_load_text(text, "t.json", NULL, 0, &sc, &d), 0);
    assert_null(sc);
    assert_true(d.count > 0);
    size_t len = 1;
    for (int i = 0; i < d.count; i++)
        len += strlen(d.items[i]) + 1;
    char *all = calloc(1, len);
    for (int i = 0; i < d.count; i++)
        strcat(strcat(all, d.items[i]), "\n");
    diag_free(&d);
    return all;
}

static void expect_error(const char *text, const char *substring) {
    char *all = load_fail(text);
    if (!strstr(all, substring)) fail_msg("expected \"%s\" among:\n%s", substring, all);
    free(all);
}

#define MINIMAL                                                                                    \
    "{\"name\": \"minimal\", \"cluster\": {\"nodePools\": [{\"name\": \"workers\"}]},"             \
    " \"services\": [{\"name\": \"web\"}]}"

static void test_minimal_defaults(void **state) {
    (void)state;
    scenario_t *sc = load_ok(MINIMAL, NULL, 0);
    assert_string_equal(sc->name, "minimal");
    assert_string_equal(sc->description, "");
    assert_string_equal(sc->path, "t.json");
    assert_int_equal(sc->seed, 1);
    assert_int_equal(sc->duration, 600 * SIM_SEC);
    assert_false(sc->cold_start);
    assert_int_equal(sc->fidelity, FIDELITY_REQUESTS);
    assert_int_equal(sc->metrics_interval, SIM_SEC);
    assert_true(sc->metrics_pods);
    assert_int_equal(sc->node_monitor_grace_period, 50 * SIM_SEC);
    assert_int_equal(sc->toleration_seconds, 300 * SIM_SEC);
    assert_int_equal(sc->hpa_sync_period, 15 * SIM_SEC);
    assert_int_equal(sc->endpoint_propagation_delay, 0);
    assert_int_equal(sc->ingress_count, 0);
    assert_int_equal(sc->event_count, 0);
    assert_int_equal(sc->fault_count, 0);
    assert_int_equal(sc->note_count, 0);
    assert_non_null(sc->json);

    assert_int_equal(sc->pool_count, 1);
    const pool_spec_t *p = &sc->pools[0];
    assert_string_equal(p->name, "workers");
    assert_int_equal(p->count, 1);
    assert_int_equal(p->cpu, 4000);
    assert_int_equal(p->memory, 16LL << 30);
    assert_int_equal(p->runtime, RUNTIME_CONTAINER);
    assert_near(p->price_per_hour, 0, 0);
    assert_near(p->pull_bandwidth, 100.0 * 1024 * 1024, 0);
    assert_false(p->repair_auto);
    assert_int_equal(p->provisioning_time.kind, DIST_CONSTANT);
    assert_near(p->provisioning_time.mean, 90 * SIM_SEC, 0);
    assert_false(p->autoscaling);

    assert_int_equal(sc->service_count, 1);
    const service_spec_t *s = &sc->services[0];
    assert_string_equal(s->name, "web");
    assert_string_equal(s->namespace_, "default");
    assert_int_equal(s->runtime, RUNTIME_CONTAINER);
    assert_int_equal(s->replicas, 1);
    assert_int_equal(s->min_ready, 0);
    assert_int_equal(s->progress_deadline, 600 * SIM_SEC);
    assert_int_equal(s->revision_history_limit, 10);
    assert_int_equal(s->load_balancing, LB_ROUND_ROBIN);
    assert_int_equal(s->ingress, -1);
    assert_near(s->rps, 0, 0);
    assert_int_equal(s->pattern_count, 0);
    assert_false(s->hpa.enabled);
    assert_int_equal(s->pdb.kind, PDB_NONE);

    const strategy_spec_t *st = &s->strategy;
    assert_int_equal(st->type, STRATEGY_ROLLING_UPDATE);
    assert_true(st->max_surge.percent);
    assert_int_equal(st->max_surge.value, 25);
    assert_true(st->max_unavailable.percent);
    assert_int_equal(st->max_unavailable.value, 25);
    assert_int_equal(st->step_count, 0);
    assert_false(st->analysis.enabled);
    assert_int_equal(st->traffic_router_ingress, -1);
    assert_int_equal(st->abort_scale_down_delay, 30 * SIM_SEC);
    assert_true(st->auto_promotion_enabled);
    assert_int_equal(st->auto_promotion_seconds, -1);
    assert_int_equal(st->scale_down_delay, 30 * SIM_SEC);
    assert_int_equal(st->preview_replica_count, -1);

    assert_int_equal(s->version_count, 1);
    const version_spec_t *v = &s->versions[0];
    assert_string_equal(v->name, "v1");
    assert_null(v->image_name);
    assert_int_equal(v->cpu, 100);
    assert_int_equal(v->memory, 128LL << 20);
    assert_near(v->capacity_rps, 100, 0);
    assert_int_equal(v->concurrency, 4);
    assert_int_equal(v->queue_limit, 1000);
    assert_int_equal(v->service_time, SERVICE_TIME_EXPONENTIAL);
    assert_int_equal(v->startup.kind, DIST_CONSTANT);
    assert_near(v->startup.mean, 5 * SIM_SEC, 0);
    assert_false(v->readiness_probe.enabled);
    assert_int_equal(v->termination_grace_period, 30 * SIM_SEC);
    assert_int_equal(v->pre_stop, 0);
    assert_near(v->error_rate, 0, 0);
    assert_int_equal(v->latency, 0);
    assert_false(v->has_crash_after);
    assert_int_equal(v->dependency_count, 0);

    for (int r = 0; r < RUNTIME_COUNT; r++) {
        runtime_spec_t want = runtime_default((runtime_kind_t)r);
        assert_int_equal(sc->runtimes[r].memory_overhead, want.memory_overhead);
        assert_int_equal(sc->runtimes[r].cpu_overhead, want.cpu_overhead);
        assert_near(sc->runtimes[r].start.mean, want.start.mean, 0);
    }
    scenario_free(sc);
}

static void test_runtime_defaults(void **state) {
    (void)state;
    runtime_spec_t c = runtime_default(RUNTIME_CONTAINER), vm = runtime_default(RUNTIME_VM),
                   bare = runtime_default(RUNTIME_BARE);
    assert_int_equal(c.start.kind, DIST_CONSTANT);
    assert_near(c.start.mean, SIM_SEC, 0);
    assert_int_equal(c.memory_overhead, 8LL << 20);
    assert_int_equal(c.cpu_overhead, 0);
    assert_int_equal(vm.start.kind, DIST_LOGNORMAL);
    assert_near(vm.start.mean, 40 * SIM_SEC, 0);
    assert_near(vm.start.sd, 10 * SIM_SEC, 0);
    assert_int_equal(vm.memory_overhead, 512LL << 20);
    assert_int_equal(vm.cpu_overhead, 100);
    assert_int_equal(bare.start.kind, DIST_CONSTANT);
    assert_near(bare.start.mean, 500 * SIM_MS, 0);
    assert_int_equal(bare.memory_overhead, 0);
    assert_int_equal(bare.cpu_overhead, 0);
    assert_near(c.price_per_hour + vm.price_per_hour + bare.price_per_hour, 0, 0);
    assert_string_equal(runtime_name(RUNTIME_CONTAINER), "container");
    assert_string_equal(runtime_name(RUNTIME_VM), "vm");
    assert_string_equal(runtime_name(RUNTIME_BARE), "bare");
    assert_string_equal(action_names[ACTION_DEPLOY], "deploy");
    assert_string_equal(action_names[ACTION_SET_TRAFFIC], "setTraffic");
    assert_string_equal(action_names[ACTION_KILL_POD], "killPod");
}

static void test_pools_and_runtimes(void **state) {
    (void)state;
    scenario_t *sc = load_ok(
        "{\"name\": \"pools\", \"runtimes\": {\"vm\": {\"start\": \"20s\", \"memoryOverhead\": "
        "\"1Gi\", \"cpuOverhead\": \"200m\", \"pricePerHour\": 0.5}},"
        " \"cluster\": {\"nodeMonitorGracePeriod\": \"40s\", \"tolerationSeconds\": 60,"
        "  \"hpaSyncPeriod\": \"30s\", \"endpointPropagationDelay\": \"2s\", \"nodePools\": ["
        "  {\"name\": \"hosts\", \"runtime\": \"vm\", \"count\": 2, \"cpu\": 32, \"memory\": "
        "\"128Gi\"},"
        "  {\"name\": \"metal\", \"runtime\": \"bare\", \"pricePerHour\": 1.25, "
        "\"pullBandwidth\": \"1Gi/s\", \"repair\": \"auto\"},"
        "  {\"name\": \"workers\", \"count\": 3, \"provisioningTime\": {\"dist\": \"uniform\", "
        "\"min\": \"60s\", \"max\": \"2m\"}, \"pullBandwidth\": 1000000,"
        "   \"autoscaling\": {\"max\": 10, \"scaleDownUtilizationThreshold\": 0.4, "
        "\"scaleDownUnneededTime\": \"5m\"}}]}}",
        NULL, 0);
    assert_int_equal(sc->node_monitor_grace_period, 40 * SIM_SEC);
    assert_int_equal(sc->toleration_seconds, 60 * SIM_SEC);
    assert_int_equal(sc->hpa_sync_period, 30 * SIM_SEC);
    assert_int_equal(sc->endpoint_propagation_delay, 2 * SIM_SEC);
    const runtime_spec_t *vm = &sc->runtimes[RUNTIME_VM];
    assert_int_equal(vm->start.kind, DIST_CONSTANT);
    assert_near(vm->start.mean, 20 * SIM_SEC, 0);
    assert_int_equal(vm->memory_overhead, 1LL << 30);
    assert_int_equal(vm->cpu_overhead, 200);
    /* a pool without pricePerHour takes its runtime's */
    assert_near(sc->pools[0].price_per_hour, 0.5, 0);
    assert_int_equal(sc->pools[0].cpu, 32000);
    assert_int_equal(sc->pools[0].memory, 128LL << 30);
    assert_near(sc->pools[0].provisioning_time.mean, 180 * SIM_SEC, 0); /* vm: 3m */
    assert_near(sc->pools[1].price_per_hour, 1.25, 0);
    assert_near(sc->pools[1].pull_bandwidth, 1024.0 * 1024 * 1024, 0);
    assert_true(sc->pools[1].repair_auto);
    assert_near(sc->pools[1].provisioning_time.mean, 600 * SIM_SEC, 0); /* bare: 10m */
    const pool_spec_t *w = &sc->pools[2];
    assert_int_equal(w->provisioning_time.kind, DIST_UNIFORM);
    assert_near(w->provisioning_time.min, 60 * SIM_SEC, 0);
    assert_near(w->provisioning_time.max, 120 * SIM_SEC, 0);
    assert_near(w->pull_bandwidth, 1e6, 0);
    assert_true(w->autoscaling);
    assert_int_equal(w->autoscaling_min, 3); /* defaults to count */
    assert_int_equal(w->autoscaling_max, 10);
    assert_near(w->scale_down_utilization_threshold, 0.4, 0);
    assert_int_equal(w->scale_down_unneeded_time, 300 * SIM_SEC);
    assert_int_equal(sc->service_count, 0);
    scenario_free(sc);
}

static void test_versions_merge(void **state) {
    (void)state;
    scenario_t *sc =
        load_ok("{\"name\": \"versions\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]},"
                " \"services\": [{\"name\": \"web\", \"version\": \"v2\","
                "  \"image\": {\"name\": \"shop/web:2\", \"size\": \"180Mi\"},"
                "  \"resources\": {\"cpu\": \"250m\", \"memory\": \"256Mi\"}, \"capacityRps\": 50,"
                "  \"readinessProbe\": {\"initialDelaySeconds\": 2, \"periodSeconds\": 2},"
                "  \"dependencies\": {\"libssl\": \"1.1\", \"glibc\": \"2.36\"},"
                "  \"versions\": {"
                "   \"v3\": {\"resources\": {\"cpu\": \"500m\"}, \"errorRate\": 0.4, \"latency\": "
                "\"50ms\", \"dependencies\": {\"libssl\": \"3.0\"}, \"image\": {\"name\": "
                "\"shop/web:3\"}, \"crashAfter\": \"2m\"},"
                "   \"v2\": {\"concurrency\": 8, \"readinessProbe\": {\"failureThreshold\": 5}},"
                "   \"v1\": {\"serviceTime\": \"constant\", \"startup\": 3}}}]}",
                NULL, 0);
    const service_spec_t *s = &sc->services[0];
    assert_int_equal(s->version_count, 3);
    /* [0] is the own version with its declared overrides; then v3, v1 in file order */
    const version_spec_t *v2 = &s->versions[0], *v3 = &s->versions[1], *v1 = &s->versions[2];
    assert_string_equal(v2->name, "v2");
    assert_string_equal(v3->name, "v3");
    assert_string_equal(v1->name, "v1");
    assert_int_equal(v2->concurrency, 8);
    assert_int_equal(v3->concurrency, 4);
    assert_true(v2->readiness_probe.enabled);
    assert_int_equal(v2->readiness_probe.initial_delay, 2 * SIM_SEC);
    assert_int_equal(v2->readiness_probe.period, 2 * SIM_SEC);
    assert_int_equal(v2->readiness_probe.timeout, 1 * SIM_SEC);
    assert_int_equal(v2->readiness_probe.success_threshold, 1);
    assert_int_equal(v2->readiness_probe.failure_threshold, 5);
    assert_int_equal(v3->readiness_probe.failure_threshold, 3);
    /* v3: cpu overridden, memory kept; image name overridden, size kept */
    assert_int_equal(v3->cpu, 500);
    assert_int_equal(v3->memory, 256LL << 20);
    assert_int_equal(v2->cpu, 250);
    assert_string_equal(v3->image_name, "shop/web:3");
    assert_int_equal(v3->image_size, 180LL << 20);
    assert_string_equal(v2->image_name, "shop/web:2");
    assert_near(v3->error_rate, 0.4, 0);
    assert_near(v2->error_rate, 0, 0);
    assert_int_equal(v3->latency, 50 * SIM_MS);
    assert_true(v3->has_crash_after);
    assert_int_equal(v3->crash_after.kind, DIST_CONSTANT);
    assert_near(v3->crash_after.mean, 120 * SIM_SEC, 0);
    assert_false(v2->has_crash_after);
    assert_near(v1->capacity_rps, 50, 0);
    assert_int_equal(v1->service_time, SERVICE_TIME_CONSTANT);
    assert_near(v1->startup.mean, 3 * SIM_SEC, 0);
    assert_int_equal(v2->service_time, SERVICE_TIME_EXPONENTIAL);
    /* dependencies merge by name */
    assert_int_equal(v3->dependency_count, 2);
    assert_string_equal(v3->dependencies[0].name, "libssl");
    assert_string_equal(v3->dependencies[0].version, "3.0");
    assert_string_equal(v3->dependencies[1].name, "glibc");
    assert_string_equal(v3->dependencies[1].version, "2.36");
    assert_string_equal(v2->dependencies[0].version, "1.1");
    scenario_free(sc);
}

static void test_distributions(void **state) {
    (void)state;
    scenario_t *sc = load_ok(
        "{\"name\": \"dists\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]},"
        " \"services\": [{\"name\": \"web\", \"startup\": {\"dist\": \"lognormal\", \"mean\": "
        "\"4s\", \"sd\": \"1s\"},"
        "  \"versions\": {\"a\": {\"startup\": {\"dist\": \"normal\", \"mean\": 10, \"sd\": "
        "\"500ms\"}},"
        "                \"b\": {\"startup\": {\"dist\": \"weibull\", \"mean\": \"3s\", \"shape\": "
        "1.5}},"
        "                \"c\": {\"startup\": {\"dist\": \"exponential\", \"mean\": \"2s\"}},"
        "                \"d\": {\"startup\": {\"dist\": \"constant\", \"mean\": \"1m\"}},"
        "                \"e\": {\"startup\": \"250ms\"}}}],"
        " \"faults\": [{\"type\": \"podCrash\", \"service\": \"web\", \"mtbf\": \"1h\"},"
        "   {\"type\": \"nodeFailure\", \"pool\": \"w\", \"mtbf\": {\"dist\": \"weibull\", "
        "\"mean\": \"2h\", \"shape\": 0.8}, \"repairTime\": {\"dist\": \"uniform\", \"min\": "
        "\"5m\", \"max\": \"15m\"}}]}",
        NULL, 0);
    const version_spec_t *v = sc->services[0].versions;
    assert_int_equal(v[0].startup.kind, DIST_LOGNORMAL);
    assert_near(v[0].startup.mean, 4 * SIM_SEC, 0);
    assert_near(v[0].startup.sd, 1 * SIM_SEC, 0);
    assert_int_equal(v[1].startup.kind, DIST_NORMAL);
    assert_near(v[1].startup.mean, 10 * SIM_SEC, 0);
    assert_near(v[1].startup.sd, 500 * SIM_MS, 0);
    assert_int_equal(v[2].startup.kind, DIST_WEIBULL);
    assert_near(v[2].startup.shape, 1.5, 0);
    assert_int_equal(v[3].startup.kind, DIST_EXPONENTIAL);
    assert_near(v[3].startup.mean, 2 * SIM_SEC, 0);
    assert_int_equal(v[4].startup.kind, DIST_CONSTANT);
    assert_near(v[4].startup.mean, 60 * SIM_SEC, 0);
    assert_int_equal(v[5].startup.kind, DIST_CONSTANT);
    assert_near(v[5].startup.mean, 250 * SIM_MS, 0);
    /* an mtbf given as a duration is the mean of an exponential */
    assert_int_equal(sc->fault_count, 2);
    assert_int_equal(sc->faults[0].type, FAULT_POD_CRASH);
    assert_int_equal(sc->faults[0].service, 0);
    assert_int_equal(sc->faults[0].mtbf.kind, DIST_EXPONENTIAL);
    assert_near(sc->faults[0].mtbf.mean, 3600 * SIM_SEC, 0);
    assert_false(sc->faults[0].has_repair_time);
    assert_int_equal(sc->faults[1].type, FAULT_NODE_FAILURE);
    assert_int_equal(sc->faults[1].pool, 0);
    assert_int_equal(sc->faults[1].mtbf.kind, DIST_WEIBULL);
    assert_true(sc->faults[1].has_repair_time);
    assert_int_equal(sc->faults[1].repair_time.kind, DIST_UNIFORM);
    assert_near(sc->faults[1].repair_time.max, 900 * SIM_SEC, 0);
    scenario_free(sc);

    /* the parameters each distribution needs, and only those */
    static const struct {
        const char *dist, *want;
    } bad[] = {
        {"{\"dist\": \"lognormal\", \"mean\": \"4s\"}", "startup.sd: required key missing"},
        {"{\"dist\": \"exponential\", \"mean\": \"4s\", \"sd\": \"1s\"}",
         "startup.sd: not a parameter of a exponential distribution (it takes mean)"},
        {"{\"dist\": \"uniform\", \"min\": \"5s\", \"max\": \"1s\"}",
         "startup.max: must not be less than min (1s < 5s)"},
        {"{\"dist\": \"weibull\", \"mean\": \"4s\", \"shape\": 0}",
         "startup.shape: must be between 0.01 and 100 (got 0)"},
        {"{\"dist\": \"exponential\", \"mean\": 0}", "startup.mean: must be greater than 0"},
        {"{\"dist\": \"gamma\", \"mean\": \"1s\"}", "startup.dist: unknown distribution \"gamma\""},
        {"{\"mean\": \"1s\"}", "startup.dist: required key missing"},
        {"{\"dist\": \"normal\", \"mean\": \"1s\", \"sd\": \"1s\", \"mode\": 2}",
         "startup.mode: unknown key"},
        {"[1, 2]", "startup: expected a duration (\"5s\") or a distribution"},
        {"\"-1s\"", "startup: bad duration \"-1s\": must not be negative"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"name\": \"d\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]},"
                 " \"services\": [{\"name\": \"web\", \"startup\": %s}]}",
                 bad[i].dist);
        expect_error(text, bad[i].want);
    }
    expect_error("{\"name\": \"d\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]},"
                 " \"faults\": [{\"type\": \"nodeFailure\", \"pool\": \"w\", \"mtbf\": 0}]}",
                 "faults[0].mtbf: must be greater than 0");
}

static void test_strategies_and_hpa(void **state) {
    (void)state;
    scenario_t *sc = load_ok(
        "{\"name\": \"strategies\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]},"
        " \"ingresses\": [{\"name\": \"front\", \"rules\": [{\"host\": \"shop.example\", "
        "\"path\": \"/api\", \"service\": \"api\"}, {\"service\": \"web\"}]}],"
        " \"services\": ["
        "  {\"name\": \"web\", \"replicas\": 10, \"strategy\": {\"type\": \"Canary\", "
        "\"canary\": {"
        "    \"steps\": [{\"setWeight\": 10}, {\"pause\": {\"duration\": \"2m\"}}, {\"analysis\": "
        "{}}, {\"pause\": {}}],"
        "    \"analysis\": {\"maxErrorRate\": 0.05, \"maxP99\": \"500ms\", \"failureLimit\": 1},"
        "    \"maxSurge\": 2, \"maxUnavailable\": 0, \"trafficRouting\": {\"ingress\": "
        "\"front\"}}},"
        "   \"hpa\": {\"maxReplicas\": 30, \"behavior\": {\"scaleDown\": {\"selectPolicy\": "
        "\"Min\", \"policies\": [{\"type\": \"Pods\", \"value\": 1, \"periodSeconds\": 60}]}}}},"
        "  {\"name\": \"api\", \"strategy\": {\"type\": \"BlueGreen\", \"blueGreen\": "
        "{\"autoPromotionEnabled\": false, \"previewReplicaCount\": 1}},"
        "   \"hpa\": {\"minReplicas\": 2, \"maxReplicas\": 4, \"targetCPUUtilizationPercentage\": "
        "60},"
        "   \"podDisruptionBudget\": {\"minAvailable\": \"50%\"},"
        "   \"traffic\": {\"rps\": 300, \"pattern\": [{\"at\": \"6m\", \"rps\": 900, \"ramp\": "
        "\"30s\"}, {\"at\": \"2m\", \"rps\": 100}]}},"
        "  {\"name\": \"db\", \"strategy\": {\"type\": \"Recreate\"}, \"loadBalancing\": "
        "\"least-request\","
        "   \"podDisruptionBudget\": {\"maxUnavailable\": 1}}]}",
        NULL, 0);
    const service_spec_t *web = &sc->services[0], *api = &sc->services[1], *db = &sc->services[2];
    const strategy_spec_t *c = &web->strategy;
    assert_int_equal(c->type, STRATEGY_CANARY);
    assert_int_equal(c->step_count, 4);
    assert_int_equal(c->steps[0].kind, CANARY_STEP_SET_WEIGHT);
    assert_int_equal(c->steps[0].weight, 10);
    assert_int_equal(c->steps[1].kind, CANARY_STEP_PAUSE);
    assert_int_equal(c->steps[1].duration, 120 * SIM_SEC);
    assert_int_equal(c->steps[2].kind, CANARY_STEP_ANALYSIS);
    assert_int_equal(c->steps[3].kind, CANARY_STEP_PAUSE);
    assert_int_equal(c->steps[3].duration, -1);
    assert_true(c->analysis.enabled);
    assert_int_equal(c->analysis.interval, 30 * SIM_SEC);
    assert_int_equal(c->analysis.count, 0);
    assert_true(c->analysis.has_max_error_rate);
    assert_near(c->analysis.max_error_rate, 0.05, 0);
    assert_true(c->analysis.has_max_p99);
    assert_int_equal(c->analysis.max_p99, 500 * SIM_MS);
    assert_int_equal(c->analysis.failure_limit, 1);
    assert_int_equal(c->analysis.inconclusive_limit, 0);
    assert_false(c->max_surge.percent);
    assert_int_equal(c->max_surge.value, 2);
    assert_int_equal(c->max_unavailable.value, 0);
    assert_int_equal(c->traffic_router_ingress, 0);
    assert_int_equal(c->abort_scale_down_delay, 30 * SIM_SEC);
    /* service.ingress comes from the ingresses' rules */
    assert_int_equal(web->ingress, 0);
    assert_int_equal(api->ingress, 0);
    assert_int_equal(db->ingress, -1);
    assert_string_equal(sc->ingresses[0].rules[0].host, "shop.example");
    assert_string_equal(sc->ingresses[0].rules[0].path, "/api");
    assert_int_equal(sc->ingresses[0].rules[0].service, 1);
    assert_string_equal(sc->ingresses[0].rules[1].host, "");
    assert_string_equal(sc->ingresses[0].rules[1].path, "/");

    /* HPA with behavior: the unset side takes Kubernetes' defaults */
    const hpa_spec_t *h = &web->hpa;
    assert_true(h->enabled);
    assert_int_equal(h->min_replicas, 1);
    assert_int_equal(h->max_replicas, 30);
    assert_int_equal(h->target_cpu_utilization, 80);
    assert_true(h->has_behavior);
    assert_int_equal(h->scale_up.stabilization_window, 0);
    assert_int_equal(h->scale_up.select_policy, HPA_SELECT_MAX);
    assert_int_equal(h->scale_up.policy_count, 2);
    assert_int_equal(h->scale_up.policies[0].type, HPA_POLICY_PODS);
    assert_int_equal(h->scale_up.policies[0].value, 4);
    assert_int_equal(h->scale_up.policies[0].period, 15 * SIM_SEC);
    assert_int_equal(h->scale_up.policies[1].type, HPA_POLICY_PERCENT);
    assert_int_equal(h->scale_up.policies[1].value, 100);
    assert_int_equal(h->scale_up.policies[1].period, 15 * SIM_SEC);
    assert_int_equal(h->scale_down.stabilization_window, 300 * SIM_SEC);
    assert_int_equal(h->scale_down.select_policy, HPA_SELECT_MIN);
    assert_int_equal(h->scale_down.policy_count, 1);
    assert_int_equal(h->scale_down.policies[0].type, HPA_POLICY_PODS);
    assert_int_equal(h->scale_down.policies[0].value, 1);
    assert_int_equal(h->scale_down.policies[0].period, 60 * SIM_SEC);

    assert_int_equal(api->strategy.type, STRATEGY_BLUE_GREEN);
    assert_false(api->strategy.auto_promotion_enabled);
    assert_int_equal(api->strategy.preview_replica_count, 1);
    assert_int_equal(api->strategy.scale_down_delay, 30 * SIM_SEC);
    assert_true(api->hpa.enabled);
    assert_false(api->hpa.has_behavior);
    assert_int_equal(api->hpa.min_replicas, 2);
    assert_int_equal(api->hpa.target_cpu_utilization, 60);
    assert_int_equal(api->pdb.kind, PDB_MIN_AVAILABLE);
    assert_true(api->pdb.value.percent);
    assert_int_equal(api->pdb.value.value, 50);
    assert_near(api->rps, 300, 0);
    /* the pattern is sorted by `at` */
    assert_int_equal(api->pattern_count, 2);
    assert_int_equal(api->pattern[0].at, 120 * SIM_SEC);
    assert_int_equal(api->pattern[0].ramp, 0);
    assert_int_equal(api->pattern[1].at, 360 * SIM_SEC);
    assert_int_equal(api->pattern[1].ramp, 30 * SIM_SEC);

    assert_int_equal(db->strategy.type, STRATEGY_RECREATE);
    assert_int_equal(db->load_balancing, LB_LEAST_REQUEST);
    assert_int_equal(db->pdb.kind, PDB_MAX_UNAVAILABLE);
    assert_false(db->pdb.value.percent);
    assert_int_equal(db->pdb.value.value, 1);
    scenario_free(sc);
}

static void test_events(void **state) {
    (void)state;
    scenario_t *sc = load_ok(
        "{\"name\": \"events\", \"cluster\": {\"nodePools\": [{\"name\": \"workers\", \"count\": "
        "3}, {\"name\": \"workers-big\", \"count\": 12}]},"
        " \"services\": [{\"name\": \"web\", \"versions\": {\"v2\": {}}},"
        "                {\"name\": \"web\", \"namespace\": \"team-b\"}],"
        " \"events\": ["
        "  {\"at\": \"5m\", \"action\": \"failNode\", \"node\": \"workers-4\"},"
        "  {\"at\": \"1m\", \"action\": \"deploy\", \"service\": \"default/web\", \"version\": "
        "\"v2\"},"
        "  {\"at\": \"2m\", \"action\": \"addNode\", \"pool\": \"workers\"},"
        "  {\"at\": \"1m\", \"action\": \"scale\", \"service\": \"team-b/web\", \"replicas\": 5},"
        "  {\"at\": 90, \"action\": \"setTraffic\", \"service\": \"team-b/web\", \"rps\": 50, "
        "\"ramp\": \"10s\"},"
        "  {\"at\": \"3m\", \"action\": \"drainNode\", \"node\": \"workers-big-12\"},"
        "  {\"at\": \"4m\", \"action\": \"killPod\", \"pod\": \"web-7d4b9c8f6-x2k9q\"},"
        "  {\"at\": \"4m\", \"action\": \"killPod\", \"service\": \"team-b/web\"}],"
        " \"notes\": [{\"at\": \"2m\", \"text\": \"second\"}, {\"at\": \"1m\", \"text\": "
        "\"first\"}]}",
        NULL, 0);
    assert_int_equal(sc->event_count, 8);
    const action_t *e = sc->events;
    /* sorted by `at`, stable: the two 1m events keep their file order */
    assert_int_equal(e[0].action, ACTION_DEPLOY);
    assert_int_equal(e[0].at, 60 * SIM_SEC);
    assert_int_equal(e[0].service, 0);
    assert_int_equal(e[0].version, 1);
    assert_int_equal(e[1].action, ACTION_SCALE);
    assert_int_equal(e[1].service, 1);
    assert_int_equal(e[1].replicas, 5);
    assert_int_equal(e[2].action, ACTION_SET_TRAFFIC);
    assert_int_equal(e[2].at, 90 * SIM_SEC);
    assert_near(e[2].rps, 50, 0);
    assert_int_equal(e[2].ramp, 10 * SIM_SEC);
    assert_int_equal(e[3].action, ACTION_ADD_NODE);
    assert_int_equal(e[3].pool, 0);
    assert_int_equal(e[4].action, ACTION_DRAIN_NODE);
    assert_int_equal(e[4].pool, 1); /* the longest pool name that fits */
    assert_int_equal(e[4].node, 11);
    assert_int_equal(e[5].action, ACTION_KILL_POD);
    assert_string_equal(e[5].pod, "web-7d4b9c8f6-x2k9q");
    assert_int_equal(e[5].service, 0);
    assert_int_equal(e[6].action, ACTION_KILL_POD);
    assert_null(e[6].pod);
    assert_int_equal(e[6].service, 1);
    /* workers-4 exists by 5m: the addNode at 2m made it */
    assert_int_equal(e[7].action, ACTION_FAIL_NODE);
    assert_int_equal(e[7].pool, 0);
    assert_int_equal(e[7].node, 3);
    assert_string_equal(sc->notes[0].text, "first");
    assert_string_equal(sc->notes[1].text, "second");
    scenario_free(sc);

    /* before the addNode, workers-4 does not exist yet */
    expect_error("{\"name\": \"e\", \"cluster\": {\"nodePools\": [{\"name\": \"workers\", "
                 "\"count\": 3}]}, \"events\": [{\"at\": \"1m\", \"action\": \"failNode\", "
                 "\"node\": \"workers-4\"}, {\"at\": \"2m\", \"action\": \"addNode\", \"pool\": "
                 "\"workers\"}]}",
                 "events[0].node: unknown node \"workers-4\" (pool workers has nodes "
                 "workers-1..workers-3)");
    expect_error("{\"name\": \"e\", \"cluster\": {\"nodePools\": [{\"name\": \"workers\", "
                 "\"count\": 3}]}, \"events\": [{\"at\": \"1m\", \"action\": \"failNode\", "
                 "\"node\": \"db-1\"}]}",
                 "events[0].node: unknown node \"db-1\" (nodes are named POOL-N: "
                 "workers-1..workers-3)");
    expect_error("{\"name\": \"e\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, "
                 "\"events\": [{\"at\": \"1m\", \"action\": \"deploy\"}]}",
                 "events[0].service: required key missing");
    expect_error("{\"name\": \"e\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, "
                 "\"events\": [{\"action\": \"addNode\", \"pool\": \"w\"}]}",
                 "events[0].at: required key missing");
    expect_error("{\"name\": \"e\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, "
                 "\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": 1, \"action\": "
                 "\"killPod\", \"pod\": \"api-1-2\"}]}",
                 "events[0].pod: unknown pod \"api-1-2\"");
}

static void test_json_set(void **state) {
    (void)state;
    cJSON *root = cJSON_Parse("{\"services\": [{\"name\": \"web\", \"replicas\": 2}]}");
    char err[256];
    assert_int_equal(scenario_json_set(root, "services[0].replicas", "5", err, sizeof err), 0);
    assert_int_equal(scenario_json_set(root, "duration", "30s", err, sizeof err), 0);
    assert_int_equal(scenario_json_set(root, "services[0].strategy.rollingUpdate.maxSurge",
                                       "\"50%\"", err, sizeof err),
                     0);
    assert_int_equal(
        scenario_json_set(root, "services[0].versions.v2.errorRate", "0.25", err, sizeof err), 0);
    assert_int_equal(scenario_json_set(root, "coldStart", "true", err, sizeof err), 0);
    assert_int_equal(scenario_json_set(root, "services[1]", "{\"name\": \"api\"}", err, sizeof err),
                     0); /* appends */
    assert_int_equal(scenario_json_set(root, "events[0].at", "\"1m\"", err, sizeof err), 0);
    assert_int_equal(
        scenario_json_set(root, "services[0].hpa", "{\"maxReplicas\": 3}", err, sizeof err), 0);
    char *text = cJSON_PrintUnformatted(root);
    assert_string_equal(text,
                        "{\"services\":[{\"name\":\"web\",\"replicas\":5,\"strategy\":{"
                        "\"rollingUpdate\":{\"maxSurge\":\"50%\"}},\"versions\":{\"v2\":{"
                        "\"errorRate\":0.25}},\"hpa\":{\"maxReplicas\":3}},{\"name\":\"api\"}],"
                        "\"duration\":\"30s\",\"coldStart\":true,\"events\":[{\"at\":\"1m\"}]}");
    free(text);

    static const struct {
        const char *path, *want;
    } bad[] = {
        {"services[5].replicas", "index 5 is out of range (services has 2 elements)"},
        {"services.name", "services is not an object"},
        {"duration.x", "duration is not an object"},
        {"services[0][1]", "services[0] is not an array"},
        {"", "empty path"},
        {"a..b", "expected a key after '.'"},
        {"services[x]", "expected [N]"},
        {"services[0]x", "bad path"},
        {"a.", "expected a key after '.'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = 0;
        assert_int_not_equal(scenario_json_set(root, bad[i].path, "1", err, sizeof err), 0);
        if (!strstr(err, bad[i].want))
            fail_msg("set \"%s\": \"%s\" lacks \"%s\"", bad[i].path, err, bad[i].want);
    }
    assert_int_not_equal(scenario_json_set(root, "x[", "1", NULL, 0), 0); /* err may be NULL */
    static const struct {
        const char *path, *want;
    } bad2[] = {
        {"services[0", "bad path \"services[0\": expected [N] at \"[0\""},
        {"a.[0]", "expected a key after '.'"},
        {"[0]", "the document is not an array"},
        {"services[-1]", "expected [N] at \"[-1]\""},
    };
    for (size_t i = 0; i < sizeof bad2 / sizeof bad2[0]; i++) {
        assert_int_not_equal(scenario_json_set(root, bad2[i].path, "1", err, sizeof err), 0);
        if (!strstr(err, bad2[i].want))
            fail_msg("set \"%s\": \"%s\" lacks \"%s\"", bad2[i].path, err, bad2[i].want);
    }
    char long_key[300];
    memset(long_key, 'k', sizeof long_key - 1);
    long_key[sizeof long_key - 1] = 0;
    char big[1024]; /* the message quotes the path twice */
    assert_int_not_equal(scenario_json_set(root, long_key, "1", big, sizeof big), 0);
    assert_non_null(strstr(big, "expected a key at")); /* a key is at most 255 bytes */
    cJSON_Delete(root);
    /* what a path creates: an element appended as an object, nested arrays, a replaced element */
    root = cJSON_Parse("{\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": 1}]}");
    assert_int_equal(scenario_json_set(root, "services[1].name", "api", err, sizeof err), 0);
    assert_int_equal(scenario_json_set(root, "grid[0][0]", "7", err, sizeof err), 0);
    assert_int_equal(scenario_json_set(root, "events[0]", "{\"at\": 2}", err, sizeof err), 0);
    text = cJSON_PrintUnformatted(root);
    assert_string_equal(text, "{\"services\":[{\"name\":\"web\"},{\"name\":\"api\"}],"
                              "\"events\":[{\"at\":2}],\"grid\":[[7]]}");
    free(text);
    cJSON_Delete(root);
}

static void test_load_with_sets(void **state) {
    (void)state;
    scenario_set_t sets[] = {
        {"duration", "30s"},
        {"services[0].replicas", "7"},
        {"services[0].strategy.rollingUpdate.maxSurge", "50%"}, /* a bare string */
        {"services[0].versions.v2.errorRate", "0.5"},
        {"seed", "42"},
    };
    scenario_t *sc = load_ok(MINIMAL, sets, 5);
    assert_int_equal(sc->duration, 30 * SIM_SEC);
    assert_int_equal(sc->seed, 42);
    assert_int_equal(sc->services[0].replicas, 7);
    assert_true(sc->services[0].strategy.max_surge.percent);
    assert_int_equal(sc->services[0].strategy.max_surge.value, 50);
    assert_int_equal(sc->services[0].strategy.max_unavailable.value, 25);
    assert_int_equal(sc->services[0].version_count, 2);
    assert_near(sc->services[0].versions[1].error_rate, 0.5, 0);
    /* the effective document is kept */
    const cJSON *svc = cJSON_GetArrayItem(cJSON_GetObjectItem(sc->json, "services"), 0);
    assert_int_equal(cJSON_GetObjectItem(svc, "replicas")->valueint, 7);
    assert_string_equal(cJSON_GetObjectItem(sc->json, "duration")->valuestring, "30s");
    scenario_free(sc);

    /* a set that fails and a value that does not validate: both reported */
    scenario_set_t bad[] = {{"services[3].replicas", "1"}, {"services[0].replicas", "-1"}};
    diag_t d;
    diag_init(&d);
    scenario_t *out = NULL;
    assert_int_not_equal(scenario_load_text(MINIMAL, "s.json", bad, 2, &out, &d), 0);
    assert_null(out);
    assert_int_equal(d.count, 2);
    assert_non_null(strstr(d.items[0], "s.json: services[3].replicas: --set: index 3 is out of "
                                       "range"));
    assert_non_null(
        strstr(d.items[1], "s.json: services[0].replicas: must be between 0 and 100000 (got -"));
    diag_free(&d);
}

static void test_syntax_errors(void **state) {
    (void)state;
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"{\n  \"name\": \"x\",\n  \"cluster\": {\n",
         "t.json:3:15: unexpected end of file: 2 unclosed"},
        {"{\"name\": \"x\"", "t.json:1:13: unexpected end of file"},
        {"{\"name\": \"abc", "t.json:1:14: unexpected end of file inside a string"},
        {"{\"a\": [1, 2,]}", "t.json:1:12: trailing comma"},
        {"{\"a\": 1,}", "t.json:1:8: trailing comma"},
        {"{\"a\" 1}", "t.json:1:6: syntax error at '1'"},
        {"{\"a\": tru}", "t.json:1:7: unexpected \"tru\""},
        {"{\"a\": 1} x", "t.json:1:10: unexpected text after the end"},
        {"\xEF\xBB\xBF{\"a\": }", "t.json:1:7: syntax error at '}'"}, /* BOM skipped */
        {"{\n\t\"caf\xc3\xa9\": x}",
         "t.json:2:10: unexpected \"x\""}, /* columns count characters */
        {"   \n  ", "t.json:1:1: empty file"},
        /* single quotes, comments, a byte that is no JSON, an escaped quote in a key */
        {"{'a': 1}", "t.json:1:2: strings and keys need double quotes, not '"},
        {"{\"a\": 'x'}", "t.json:1:7: strings and keys need double quotes, not '"},
        {"{/* c */}", "t.json:1:2: comments are not allowed in JSON"},
        {"{// c\n}", "t.json:1:2: comments are not allowed in JSON"},
        {"{\"a\": 1 // c\n}", "t.json:1:9: comments are not allowed in JSON"},
        {"{\"a\": \xff}", "t.json:1:7: syntax error (unexpected byte 0xff)"},
        {"{\"a\\\"b\": x}", "t.json:1:10: unexpected \"x\""},
        {"{\"a\": [1, {\"b\": 2,}]}", "t.json:1:18: trailing comma (JSON allows none before '}')"},
        {"{\"a\": \"x\\", "t.json:1:10: unexpected end of file inside a string"},
        {"{\"a\": [[[[", "t.json:1:11: unexpected end of file: 5 unclosed '{' or '['"},
        {"[]", "t.json: expected a JSON object at the top of the file, got an array"},
        {"{}", "t.json: name: required key missing"},
        {"{}", "t.json: cluster.nodePools: required key missing"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, cases[i].want);
}

static void test_validation_rules(void **state) {
    (void)state;
#define SVC(json)                                                                                  \
    "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{"        \
    "\"name\": \"web\", " json "}]}"
    static const struct {
        const char *text, *want;
    } cases[] = {
        {SVC("\"strategy\": {\"rollingUpdate\": {\"maxSurge\": \"0%\", \"maxUnavailable\": 0}}"),
         "services[0].strategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0"},
        {SVC("\"strategy\": {\"type\": \"Canary\", \"canary\": {\"maxSurge\": 0, "
             "\"maxUnavailable\": 0}}"),
         "services[0].strategy.canary.maxUnavailable: may not be 0 when maxSurge is 0"},
        {SVC("\"strategy\": {\"rollingUpdate\": {\"maxSurge\": \"oops\"}}"),
         "maxSurge: expected an integer or a percentage (\"25%\"), got a string (\"oops\")"},
        {SVC("\"strategy\": {\"rollingUpdate\": {\"maxSurge\": \"-1%\"}}"),
         "maxSurge: must not be negative"},
        {SVC("\"strategy\": {\"type\": \"Rolling\"}"),
         "services[0].strategy.type: unknown strategy type \"Rolling\" (did you mean "
         "\"RollingUpdate\"?)"},
        {SVC("\"strategy\": {\"type\": \"Recreate\", \"rollingUpdate\": {}}"),
         "services[0].strategy.rollingUpdate: only valid with \"type\": \"RollingUpdate\""},
        {SVC("\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"setWeight\": 1, "
             "\"pause\": {}}]}}"),
         "services[0].strategy.canary.steps[0]: a step has exactly one of setWeight, pause"},
        {SVC("\"strategy\": {\"type\": \"Canary\", \"canary\": {\"analysis\": {\"interval\": "
             "\"1m\"}}}"),
         "services[0].strategy.canary.analysis: needs maxErrorRate or maxP99"},
        {SVC("\"hpa\": {\"maxReplicas\": 3}, \"resources\": {\"cpu\": 0}"),
         "services[0].hpa: needs a CPU request"},
        {SVC("\"minReadySeconds\": 30, \"progressDeadlineSeconds\": 20"),
         "services[0].progressDeadlineSeconds: must be greater than minReadySeconds"},
        {SVC("\"image\": {\"name\": \"x\"}"), "services[0].image.size: required key missing"},
        {SVC("\"versions\": {\"v2\": {\"image\": {\"name\": \"x\"}}}"),
         "services[0].versions.v2.image.size: required key missing"},
        {SVC("\"capacityRps\": 0"),
         "services[0].capacityRps: must be between 1e-06 and 1000000 (got 0)"},
        {SVC("\"concurrency\": 1.5"),
         "services[0].concurrency: expected an integer from 1 to 10000, got a number"},
        {SVC("\"podDisruptionBudget\": {\"maxUnavailable\": \"120%\"}"),
         "podDisruptionBudget.maxUnavailable: must not be greater than 100%"},
        {SVC("\"traffic\": {\"pattern\": [{\"rps\": 3}]}"),
         "services[0].traffic.pattern[0].at: required key missing"},
        {SVC("\"dependencies\": {\"libssl\": 3}"),
         "services[0].dependencies.libssl: expected a string, got a number (3)"},
        {SVC("\"Replicas\": 3"), "services[0].Replicas: unknown key (did you mean \"replicas\"?)"},
        {SVC("\"replicas\": 1, \"replicas\": 2"), "services[0].replicas: duplicate key"},
        {SVC("\"runtime\": \"docker\""), "services[0].runtime: unknown runtime \"docker\" (one of "
                                         "container, vm, bare)"},
        {SVC("\"hpa\": {\"maxReplicas\": 3, \"behavior\": {\"scaleUp\": "
             "{\"stabilizationWindowSeconds\": 4000}}}"),
         "stabilizationWindowSeconds: must be at most 3600 seconds"},
        {SVC("\"namespace\": \"\""), "services[0].namespace: must not be empty"},
        {"{\"name\": \"v\", \"seed\": -1, \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}}",
         "seed: expected an integer from 0 to 2^53"},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": []}}",
         "cluster.nodePools: needs at least one node pool"},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"count\": 2}]}}",
         "cluster.nodePools[0].name: required key missing"},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\", \"autoscaling\": "
         "{\"min\": 1}}]}}",
         "cluster.nodePools[0].autoscaling.max: required key missing"},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
         "[{}]}",
         "services[0].name: required key missing"},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"ingresses\": "
         "[{\"name\": \"a\"}, {\"name\": \"a\", \"rules\": [{\"service\": \"nope\", \"path\": "
         "\"x\"}]}]}",
         "ingresses[1].name: duplicate ingress \"a\" (also ingresses[0])"},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"ingresses\": "
         "[{\"name\": \"a\", \"rules\": [{\"service\": \"nope\", \"path\": \"x\"}]}]}",
         "ingresses[0].rules[0].path: must start with \"/\""},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"ingresses\": "
         "[{\"name\": \"a\", \"rules\": [{\"service\": \"nope\"}]}]}",
         "ingresses[0].rules[0].service: unknown service \"nope\" (there are no services)"},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"ingresses\": "
         "[{\"name\": \"a\"}], \"services\": [{\"name\": \"web\", \"strategy\": {\"type\": "
         "\"Canary\", \"canary\": {\"trafficRouting\": {\"ingress\": \"a\"}}}}]}",
         "trafficRouting.ingress: ingress \"a\" has no rule for service \"web\""},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"faults\": "
         "[{\"type\": \"podCrash\", \"service\": \"x\", \"mtbf\": \"1h\", \"pool\": \"w\"}]}",
         "faults[0].pool: not a key of a podCrash"},
        {"{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"notes\": "
         "[{\"at\": \"1m\"}]}",
         "notes[0].text: required key missing"},
        {"{\"name\": \"v\", \"metrics\": {\"interval\": 0}, \"cluster\": {\"nodePools\": "
         "[{\"name\": \"w\"}]}}",
         "metrics.interval: must be greater than 0"},
        {"{\"name\": \"v\", \"fidelity\": \"fluids\", \"cluster\": {\"nodePools\": [{\"name\": "
         "\"w\"}]}}",
         "fidelity: unknown fidelity \"fluids\" (did you mean \"fluid\"?)"},
        {"{\"name\": \"v\", \"runtimes\": {\"kvm\": {}}, \"cluster\": {\"nodePools\": "
         "[{\"name\": \"w\"}]}}",
         "runtimes.kvm: unknown key (did you mean \"vm\"?)"},
        {"{\"name\": \"v\", \"runtimes\": {\"docker\": {}}, \"cluster\": {\"nodePools\": "
         "[{\"name\": \"w\"}]}}",
         "runtimes.docker: unknown key (valid keys here: container, vm, bare)"},
    };
#undef SVC
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, cases[i].want);
}

/* Each key given a value of the wrong shape (not an object, not a list, not a string) or an
 * out-of-range entry in a nested list is refused with its full JSON path, the shape expected
 * and what was found, as kubectl's validation names the field (the loader goes on to report
 * every other error: the first one is checked here). */
static void test_shape_errors(void **state) {
    (void)state;
#define SVC(json)                                                                                  \
    "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{"        \
    "\"name\": \"web\", " json "}]}"
#define TOP(json) "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, " json "}"
#define POOL(json) "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\", " json "}]}}"
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* a boolean where a number goes */
        {SVC("\"replicas\": true"),
         "services[0].replicas: expected an integer from 0 to 100000, got true"},
        /* null where a number goes */
        {SVC("\"replicas\": null"),
         "services[0].replicas: expected an integer from 0 to 100000, got null"},
        /* an object where a number goes */
        {SVC("\"replicas\": {}"),
         "services[0].replicas: expected an integer from 0 to 100000, got an object"},
        /* a string where a number goes */
        {SVC("\"errorRate\": \"1%\""),
         "services[0].errorRate: expected a number, got a string (\"1%\")"},
        /* a boolean where a quantity goes */
        {SVC("\"resources\": {\"cpu\": true}"),
         "services[0].resources.cpu: expected a CPU quantity (\"250m\", \"2\" or 0.5), got true"},
        /* a version without a name */
        {SVC("\"versions\": {\"\": {}}"),
         "services[0].versions: a version needs a name (got \"\")"},
        /* canary steps not a list */
        {SVC("\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": 3}}"),
         "services[0].strategy.canary.steps: expected an array of steps, got a number (3)"},
        /* a canary step not an object */
        {SVC("\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [3]}}"),
         "services[0].strategy.canary.steps[0]: expected an object, got a number (3)"},
        /* an inline analysis step not an object */
        {SVC("\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"analysis\": 3}]}}"),
         "services[0].strategy.canary.steps[0].analysis: expected an object ({}), got a number "
         "(3)"},
        /* an inline analysis step with an unknown key (a step's analysis takes canary.analysis's
         * keys, argo's inline analysis) */
        {SVC("\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"analysis\": {\"x\": "
             "1}}]}}"),
         "services[0].strategy.canary.steps[0].analysis.x: unknown key (valid keys here: interval, "
         "count, maxErrorRate, maxP99, failureLimit, inconclusiveLimit, consecutiveErrorLimit)"},
        /* strategy not an object */
        {SVC("\"strategy\": \"Recreate\""),
         "services[0].strategy: expected an object, got a string (\"Recreate\")"},
        /* HPA not an object */
        {SVC("\"hpa\": 3"), "services[0].hpa: expected an object, got a number (3)"},
        /* HPA behavior not an object */
        {SVC("\"hpa\": {\"maxReplicas\": 3, \"behavior\": []}"),
         "services[0].hpa.behavior: expected an object, got an array"},
        /* HPA scaleUp not an object */
        {SVC("\"hpa\": {\"maxReplicas\": 3, \"behavior\": {\"scaleUp\": 3}}"),
         "services[0].hpa.behavior.scaleUp: expected an object, got a number (3)"},
        /* HPA policies not a list */
        {SVC("\"hpa\": {\"maxReplicas\": 3, \"behavior\": {\"scaleUp\": {\"policies\": 3}}}"),
         "services[0].hpa.behavior.scaleUp.policies: expected an array of policies, got a number "
         "(3)"},
        /* an HPA policy not an object */
        {SVC("\"hpa\": {\"maxReplicas\": 3, \"behavior\": {\"scaleUp\": {\"policies\": [3]}}}"),
         "services[0].hpa.behavior.scaleUp.policies[0]: expected an object, got a number (3)"},
        /* traffic not an object */
        {SVC("\"traffic\": 100"), "services[0].traffic: expected an object, got a number (100)"},
        /* a traffic pattern entry not an object */
        {SVC("\"traffic\": {\"pattern\": [100]}"),
         "services[0].traffic.pattern[0]: expected an object, got a number (100)"},
        /* PDB not an object */
        {SVC("\"podDisruptionBudget\": 1"),
         "services[0].podDisruptionBudget: expected an object, got a number (1)"},
        /* nodeSelector not an object */
        {SVC("\"nodeSelector\": \"a\""),
         "services[0].nodeSelector: expected an object, got a string (\"a\")"},
        /* an empty label key */
        {SVC("\"nodeSelector\": {\"\": \"a\"}"),
         "services[0].nodeSelector: a label key must not be empty"},
        /* a nodeSelectorTerm not an object */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": [3]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0]: expected an object, got a number (3)"},
        /* a matchExpression not an object */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [3]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0]: expected an object, got a number (3)"},
        /* Exists with values */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"Exists\", \"values\": "
             "[\"x\"]}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values: must be empty for operator Exists"},
        /* Gt with two values */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"Gt\", \"values\": [\"1\", "
             "\"2\"]}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values: must have one integer for operator Gt"},
        /* a selector value not a string */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"In\", \"values\": "
             "[1]}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values[0]: expected a string, got a number (1)"},
        /* a preferred term without weight */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"preference\": "
             "{\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"Exists\"}]}}]}}"),
         "services[0].affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
         "weight: required key missing"},
        /* a preferred term weight out of range */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 101, "
             "\"preference\": {}}]}}"),
         "services[0].affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
         "weight: must be between 1 and 100 (got 101)"},
        /* a preferred term not an object */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [3]}}"),
         "services[0].affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]: "
         "expected an object, got a number (3)"},
        /* a toleration not an object */
        {SVC("\"tolerations\": [3]"),
         "services[0].tolerations[0]: expected an object, got a number (3)"},
        /* a toleration with an empty key and Equal */
        {SVC("\"tolerations\": [{\"key\": \"\", \"operator\": \"Equal\", \"value\": \"x\"}]"),
         "services[0].tolerations[0].operator: must be Exists when key is empty"},
        /* a spread constraint not an object */
        {SVC("\"topologySpreadConstraints\": [3]"),
         "services[0].topologySpreadConstraints[0]: expected an object, got a number (3)"},
        /* a spread constraint selecting another app */
        {SVC("\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": "
             "\"topology.kubernetes.io/zone\", \"whenUnsatisfiable\": \"DoNotSchedule\", "
             "\"labelSelector\": {\"matchLabels\": {\"app\": \"other\"}}}]"),
         "services[0].topologySpreadConstraints[0].labelSelector.matchLabels.app: must be the "
         "service's own name (web): the model counts the service's pods"},
        /* a pod affinity term not an object */
        {SVC("\"affinity\": {\"podAntiAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": [3]}}"),
         "services[0].affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]: "
         "expected an object, got a number (3)"},
        /* a pod affinity term without labelSelector */
        {SVC("\"affinity\": {\"podAntiAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": [{\"topologyKey\": "
             "\"kubernetes.io/hostname\"}]}}"),
         "services[0].affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector: required key missing"},
        /* a preferred pod affinity term not an object */
        {SVC("\"affinity\": {\"podAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [3]}}"),
         "services[0].affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]: "
         "expected an object, got a number (3)"},
        /* a preferred pod affinity term without its term */
        {SVC("\"affinity\": {\"podAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 10}]}}"),
         "services[0].affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
         "podAffinityTerm: required key missing"},
        /* affinity not an object */
        {SVC("\"affinity\": 3"), "services[0].affinity: expected an object, got a number (3)"},
        /* an uniform MTBF that is 0 */
        {TOP("\"services\": [{\"name\": \"web\"}], \"faults\": [{\"type\": \"podCrash\", "
             "\"service\": \"web\", \"mtbf\": {\"dist\": \"uniform\", \"min\": \"0s\", \"max\": "
             "\"0s\"}}]"),
         "faults[0].mtbf.max: must be greater than 0"},
        /* a service not an object */
        {TOP("\"services\": [3]"), "services[0]: expected an object, got a number (3)"},
        /* runtimes not an object */
        {TOP("\"runtimes\": 3"), "runtimes: expected an object, got a number (3)"},
        /* a runtime not an object */
        {TOP("\"runtimes\": {\"vm\": 3}"), "runtimes.vm: expected an object, got a number (3)"},
        /* a pool not an object */
        {("{\"name\": \"v\", \"cluster\": {\"nodePools\": [3]}}"),
         "cluster.nodePools[0]: expected an object, got a number (3)"},
        /* pool autoscaling not an object */
        {POOL("\"autoscaling\": true"),
         "cluster.nodePools[0].autoscaling: expected an object, got true"},
        /* a pool count above its autoscaling max */
        {POOL("\"count\": 5, \"autoscaling\": {\"min\": 1, \"max\": 3}"),
         "cluster.nodePools[0].count: must be between autoscaling.min (1) and max (3)"},
        /* a zone name not a string */
        {POOL("\"zones\": [3]"),
         "cluster.nodePools[0].zones[0]: expected a zone name, got a number (3)"},
        /* a taint not an object */
        {POOL("\"taints\": [3]"),
         "cluster.nodePools[0].taints[0]: expected an object, got a number (3)"},
        /* cluster not an object */
        {("{\"name\": \"v\", \"cluster\": []}"), "cluster: expected an object, got an array"},
        /* an ingress not an object */
        {TOP("\"ingresses\": [3]"), "ingresses[0]: expected an object, got a number (3)"},
        /* an ingress rule not an object */
        {TOP("\"ingresses\": [{\"name\": \"a\", \"rules\": [3]}]"),
         "ingresses[0].rules[0]: expected an object, got a number (3)"},
        /* an event not an object */
        {TOP("\"events\": [3]"), "events[0]: expected an object, got a number (3)"},
        /* a fault not an object */
        {TOP("\"faults\": [3]"), "faults[0]: expected an object, got a number (3)"},
        /* an unknown fault type */
        {TOP("\"faults\": [{\"type\": \"nodeCrash\"}]"),
         "faults[0].type: unknown fault type \"nodeCrash\" (did you mean \"podCrash\"?)"},
        /* a zone outage of an unknown zone */
        {TOP("\"faults\": [{\"type\": \"zoneFailure\", \"zone\": \"mars\", \"mtbf\": \"1h\"}]"),
         "faults[0].zone: unknown zone \"mars\" (there are no zones of the node pools)"},
        /* a note not an object */
        {TOP("\"notes\": [3]"), "notes[0]: expected an object, got a number (3)"},
        /* ui not an object */
        {TOP("\"ui\": 3"), "ui: expected an object, got a number (3)"},
        /* a focus entry not a string */
        {TOP("\"services\": [{\"name\": \"web\"}], \"ui\": {\"focus\": [3]}"),
         "ui.focus[0]: expected a service name (\"name\" or \"namespace/name\"), got a number (3)"},
        /* nine services in focus */
        {TOP("\"services\": [{\"name\": \"web\"}], \"ui\": {\"focus\": "
             "[\"web\",\"web\",\"web\",\"web\",\"web\",\"web\",\"web\",\"web\",\"web\"]}"),
         "ui.focus[8]: at most 8 services can be in focus"},
        /* a chart not a string */
        {TOP("\"ui\": {\"charts\": [3]}"), "ui.charts[0]: expected a chart name (requests, pods, "
                                           "errors, latency, nodes, cpu, weight)"},
        /* a chart listed twice */
        {TOP("\"ui\": {\"charts\": [\"latency\", \"latency\"]}"),
         "ui.charts[1]: chart \"latency\" is listed twice"},
        /* metrics not an object */
        {TOP("\"metrics\": 3"), "metrics: expected an object, got a number (3)"},
        /* a seed that is not an integer */
        {TOP("\"seed\": 1.5"), "seed: expected an integer from 0 to 2^53, got a number (1.5)"},
    };
#undef SVC
#undef TOP
#undef POOL
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, cases[i].want);
}

/* HPA metrics and placement refused with the path of the wrong value and the rule it breaks.
 * The rules are upstream's validation: kubernetes/kubernetes
 * pkg/apis/autoscaling/validation/validation.go (validateMetricSpec, validateMetricTarget: one
 * target field, the type's own, positive), pkg/apis/core/validation/validation.go
 * (ValidateNodeSelectorRequirement: values for In/NotIn, none for Exists/DoesNotExist, one
 * integer for Gt/Lt; ValidateNodeSelector: at least one term; ValidatePreferredSchedulingTerms:
 * weight 1..100; ValidateTolerations; validateTopologySpreadConstraints / validateMinDomains),
 * plus the model's own limits (a series stands in for the metrics API, pods carry app=NAME). */
static void test_hpa_and_placement_errors(void **state) {
    (void)state;
#define SVC(json)                                                                                  \
    "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{"        \
    "\"name\": \"web\", " json "}]}"
#define POOL(json) "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\", " json "}]}}"
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* a metric without its target */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"name\": \"cpu\"}}]}"),
         "services[0].hpa.metrics[0].resource.target: required key missing"},
        /* an unknown key in a target */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"name\": \"cpu\", \"target\": {\"type\": \"Utilization\", \"x\": 1}}}]}"),
         "services[0].hpa.metrics[0].resource.target.x: unknown key (valid keys here: type, "
         "averageUtilization, averageValue, value)"},
        /* a target without its type */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"name\": \"cpu\", \"target\": {\"averageUtilization\": 50}}}]}"),
         "services[0].hpa.metrics[0].resource.target.type: required key missing"},
        /* an unknown target type */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"name\": \"cpu\", \"target\": {\"type\": \"Percent\"}}}]}"),
         "services[0].hpa.metrics[0].resource.target.type: unknown target type \"Percent\" (one of "
         "Utilization, AverageValue, Value)"},
        /* a second target field (validateMetricTarget: only the type's own) */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"name\": \"cpu\", \"target\": {\"type\": \"Utilization\", \"averageUtilization\": "
             "50, \"averageValue\": \"100m\"}}}]}"),
         "services[0].hpa.metrics[0].resource.target.averageValue: not valid with type Utilization "
         "(use averageUtilization)"},
        /* a Utilization target without averageUtilization */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"name\": \"cpu\", \"target\": {\"type\": \"Utilization\"}}}]}"),
         "services[0].hpa.metrics[0].resource.target.averageUtilization: required key missing"},
        /* a memory AverageValue of 0 (validateMetricTarget: must be positive) */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"name\": \"memory\", \"target\": {\"type\": \"AverageValue\", \"averageValue\": "
             "0}}}]}"),
         "services[0].hpa.metrics[0].resource.target.averageValue: must be greater than 0"},
        /* an External metric without its series (the model's stand-in for the metrics API) */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"external\": "
             "{\"metric\": {\"name\": \"q\"}, \"target\": {\"type\": \"Value\", \"value\": "
             "10}}}]}"),
         "services[0].hpa.metrics[0].external.series: required key missing"},
        /* a series not a list */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"external\": "
             "{\"metric\": {\"name\": \"q\"}, \"target\": {\"type\": \"Value\", \"value\": 10}, "
             "\"series\": 3}}]}"),
         "services[0].hpa.metrics[0].external.series: expected an array, got a number (3)"},
        /* an empty series */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"external\": "
             "{\"metric\": {\"name\": \"q\"}, \"target\": {\"type\": \"Value\", \"value\": 10}, "
             "\"series\": []}}]}"),
         "services[0].hpa.metrics[0].external.series: needs at least one point {\"at\": \"0s\", "
         "\"value\": N}"},
        /* an unknown key in a series point */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"external\": "
             "{\"metric\": {\"name\": \"q\"}, \"target\": {\"type\": \"Value\", \"value\": 10}, "
             "\"series\": [{\"at\": \"0s\", \"value\": 1, \"x\": 2}]}}]}"),
         "services[0].hpa.metrics[0].external.series[0].x: unknown key (valid keys here: at, "
         "value)"},
        /* an External metric without metric */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"external\": "
             "{\"target\": {\"type\": \"Value\", \"value\": 10}, \"series\": [{\"at\": \"0s\", "
             "\"value\": 1}]}}]}"),
         "services[0].hpa.metrics[0].external.metric: required key missing"},
        /* a metric identifier with an unknown key */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"external\": "
             "{\"metric\": {\"id\": \"q\"}, \"target\": {\"type\": \"Value\", \"value\": 10}, "
             "\"series\": [{\"at\": \"0s\", \"value\": 1}]}}]}"),
         "services[0].hpa.metrics[0].external.metric.id: unknown key (valid keys here: name)"},
        /* a metric identifier without a name */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"external\": "
             "{\"metric\": {}, \"target\": {\"type\": \"Value\", \"value\": 10}, \"series\": "
             "[{\"at\": \"0s\", \"value\": 1}]}}]}"),
         "services[0].hpa.metrics[0].external.metric.name: required key missing"},
        /* an unknown key in a metric */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"foo\": 1}]}"),
         "services[0].hpa.metrics[0].foo: unknown key (valid keys here: type, resource, pods, "
         "object, external)"},
        /* a metric without a type */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"external\": {}}]}"),
         "services[0].hpa.metrics[0].type: required key missing"},
        /* ContainerResource, which the model does not have */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"ContainerResource\"}]}"),
         "services[0].hpa.metrics[0].type: unknown metric type \"ContainerResource\" (one of "
         "Resource, Pods, Object, External)"},
        /* an unknown key in a Pods metric */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Pods\", \"pods\": "
             "{\"metric\": {\"name\": \"requests_per_second\"}, \"target\": {\"type\": "
             "\"AverageValue\", \"averageValue\": 10}, \"x\": 1}}]}"),
         "services[0].hpa.metrics[0].pods.x: unknown key (valid keys here: metric, target)"},
        /* an unknown key in a Resource metric */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"name\": \"cpu\", \"target\": {\"type\": \"Utilization\", \"averageUtilization\": "
             "50}, \"x\": 1}}]}"),
         "services[0].hpa.metrics[0].resource.x: unknown key (valid keys here: name, target)"},
        /* a Resource metric without a name */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Resource\", \"resource\": "
             "{\"target\": {\"type\": \"Utilization\", \"averageUtilization\": 50}}}]}"),
         "services[0].hpa.metrics[0].resource.name: required key missing"},
        /* describedObject in an External metric */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"External\", \"external\": "
             "{\"metric\": {\"name\": \"q\"}, \"target\": {\"type\": \"Value\", \"value\": 10}, "
             "\"series\": [{\"at\": \"0s\", \"value\": 1}], \"describedObject\": {}}}]}"),
         "services[0].hpa.metrics[0].external.describedObject: unknown key (valid keys here: "
         "metric, target, series)"},
        /* an Object metric without describedObject */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Object\", \"object\": "
             "{\"metric\": {\"name\": \"q\"}, \"target\": {\"type\": \"Value\", \"value\": 10}, "
             "\"series\": [{\"at\": \"0s\", \"value\": 1}]}}]}"),
         "services[0].hpa.metrics[0].object.describedObject: required key missing"},
        /* a describedObject not an object */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Object\", \"object\": "
             "{\"describedObject\": 3, \"metric\": {\"name\": \"q\"}, \"target\": {\"type\": "
             "\"Value\", \"value\": 10}, \"series\": [{\"at\": \"0s\", \"value\": 1}]}}]}"),
         "services[0].hpa.metrics[0].object.describedObject: expected an object, got a number (3)"},
        /* series points out of order */
        {SVC("\"hpa\": {\"maxReplicas\": 5, \"metrics\": [{\"type\": \"Object\", \"object\": "
             "{\"describedObject\": {\"kind\": \"Ingress\", \"name\": \"main\", \"apiVersion\": "
             "\"networking.k8s.io/v1\"}, \"metric\": {\"name\": \"q\"}, \"target\": {\"type\": "
             "\"Value\", \"value\": 10}, \"series\": [{\"at\": \"0s\", \"value\": 1}, {\"at\": "
             "\"0s\", \"value\": 2}]}}]}"),
         "services[0].hpa.metrics[0].object.series[1].at: must be later than the previous point's"},
        /* a nodeSelectorTerm with an unknown key */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchFields\": []}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchFields: unknown key (valid keys here: matchExpressions)"},
        /* an expression with an unknown key */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"k\", \"operator\": \"In\", \"values\": [\"a\"], "
             "\"x\": 1}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].x: unknown key (valid keys here: key, operator, "
         "values)"},
        /* an unknown operator (ValidateNodeSelectorRequirement) */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"k\", \"operator\": \"Has\"}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].operator: unknown operator \"Has\" (one of In, "
         "NotIn, Exists, DoesNotExist, Gt, Lt)"},
        /* In without values (ValidateNodeSelectorRequirement: must be non-empty) */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"k\", \"operator\": \"In\"}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values: must be non-empty for operator In"},
        /* Exists with values (ValidateNodeSelectorRequirement: must be empty) */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"k\", \"operator\": \"Exists\", \"values\": "
             "[\"a\"]}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values: must be empty for operator Exists"},
        /* Gt with two values (ValidateNodeSelectorRequirement: a single value) */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"k\", \"operator\": \"Gt\", \"values\": [\"1\", "
             "\"2\"]}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values: must have one integer for operator Gt"},
        /* Lt with a value that is no integer */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"k\", \"operator\": \"Lt\", \"values\": "
             "[\"1x\"]}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values[0]: must be an integer"},
        /* a value that is no string */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": "
             "[{\"matchExpressions\": [{\"key\": \"k\", \"operator\": \"In\", \"values\": "
             "[3]}]}]}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values[0]: expected a string, got a number (3)"},
        /* required node affinity with an unknown key */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"terms\": []}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.terms: "
         "unknown key (valid keys here: nodeSelectorTerms)"},
        /* required node affinity without nodeSelectorTerms */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms: required key missing"},
        /* no nodeSelectorTerms (ValidateNodeSelector: must have at least one) */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": {\"nodeSelectorTerms\": []}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms: must not be empty"},
        /* an unknown key in node affinity */
        {SVC("\"affinity\": {\"nodeAffinity\": {\"requiredDuringScheduling\": {}}}"),
         "services[0].affinity.nodeAffinity.requiredDuringScheduling: unknown key (did you mean "
         "\"requiredDuringSchedulingIgnoredDuringExecution\"?)"},
        /* a preferred term with an unknown key */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 1, "
             "\"preference\": {\"matchExpressions\": []}, \"x\": 1}]}}"),
         "services[0].affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].x: "
         "unknown key (valid keys here: weight, preference)"},
        /* a preferred term without a preference */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 1}]}}"),
         "services[0].affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
         "preference: required key missing"},
        /* a preferred weight above 100 (ValidatePreferredSchedulingTerms: 1 to 100) */
        {SVC("\"affinity\": {\"nodeAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 101, "
             "\"preference\": {\"matchExpressions\": [{\"key\": \"k\", \"operator\": "
             "\"Exists\"}]}}]}}"),
         "services[0].affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
         "weight: must be between 1 and 100 (got 101)"},
        /* a toleration with an unknown key */
        {SVC("\"tolerations\": [{\"key\": \"k\", \"operator\": \"Exists\", \"x\": 1}]"),
         "services[0].tolerations[0].x: unknown key (valid keys here: key, operator, value, "
         "effect, tolerationSeconds)"},
        /* a toleration with Exists and a value (ValidateTolerations) */
        {SVC("\"tolerations\": [{\"key\": \"k\", \"operator\": \"Exists\", \"value\": \"v\"}]"),
         "services[0].tolerations[0].value: must be empty when operator is Exists"},
        /* an empty key without Exists (ValidateTolerations) */
        {SVC("\"tolerations\": [{\"key\": \"\", \"operator\": \"Equal\"}]"),
         "services[0].tolerations[0].operator: must be Exists when key is empty"},
        /* tolerationSeconds without NoExecute (ValidateTolerations) */
        {SVC("\"tolerations\": [{\"key\": \"k\", \"operator\": \"Exists\", \"effect\": "
             "\"NoSchedule\", \"tolerationSeconds\": 5}]"),
         "services[0].tolerations[0].tolerationSeconds: only with effect NoExecute"},
        /* a spread constraint with an unknown key */
        {SVC("\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": "
             "\"kubernetes.io/hostname\", \"whenUnsatisfiable\": \"DoNotSchedule\", \"x\": 1}]"),
         "services[0].topologySpreadConstraints[0].x: unknown key (valid keys here: maxSkew, "
         "topologyKey, whenUnsatisfiable, minDomains, labelSelector, nodeAffinityPolicy, "
         "nodeTaintsPolicy)"},
        /* minDomains with ScheduleAnyway (validateMinDomains) */
        {SVC("\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": "
             "\"kubernetes.io/hostname\", \"whenUnsatisfiable\": \"ScheduleAnyway\", "
             "\"minDomains\": 2}]"),
         "services[0].topologySpreadConstraints[0].minDomains: only with whenUnsatisfiable "
         "DoNotSchedule"},
        /* a spread selector of another app */
        {SVC("\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": "
             "\"kubernetes.io/hostname\", \"whenUnsatisfiable\": \"DoNotSchedule\", "
             "\"labelSelector\": {\"matchLabels\": {\"app\": \"other\"}}}]"),
         "services[0].topologySpreadConstraints[0].labelSelector.matchLabels.app: must be the "
         "service's own name (web): the model counts the service's pods"},
        /* a spread selector app that is no string */
        {SVC("\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": "
             "\"kubernetes.io/hostname\", \"whenUnsatisfiable\": \"DoNotSchedule\", "
             "\"labelSelector\": {\"matchLabels\": {\"app\": 3}}}]"),
         "services[0].topologySpreadConstraints[0].labelSelector.matchLabels.app: must be the "
         "service's own name (web): the model counts the service's pods"},
        /* a spread selector with matchExpressions */
        {SVC("\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": "
             "\"kubernetes.io/hostname\", \"whenUnsatisfiable\": \"DoNotSchedule\", "
             "\"labelSelector\": {\"matchExpressions\": []}}]"),
         "services[0].topologySpreadConstraints[0].labelSelector.matchExpressions: unknown key "
         "(valid keys here: matchLabels)"},
        /* an unknown topology key */
        {SVC("\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": \"rack\", "
             "\"whenUnsatisfiable\": \"DoNotSchedule\"}]"),
         "services[0].topologySpreadConstraints[0].topologyKey: unknown topology key \"rack\" (one "
         "of kubernetes.io/hostname, topology.kubernetes.io/zone)"},
        /* a pod affinity term with an unknown key */
        {SVC("\"affinity\": {\"podAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
             "[{\"labelSelector\": {\"matchLabels\": {\"app\": \"web\"}}, \"topologyKey\": "
             "\"kubernetes.io/hostname\", \"namespaces\": []}]}}"),
         "services[0].affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "namespaces: unknown key (valid keys here: labelSelector, topologyKey)"},
        /* a pod affinity term without labelSelector */
        {SVC("\"affinity\": {\"podAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
             "[{\"topologyKey\": \"kubernetes.io/hostname\"}]}}"),
         "services[0].affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector: required key missing"},
        /* a pod affinity selector without matchLabels */
        {SVC("\"affinity\": {\"podAntiAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": [{\"labelSelector\": {}, "
             "\"topologyKey\": \"kubernetes.io/hostname\"}]}}"),
         "services[0].affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector.matchLabels: required key missing"},
        /* a pod affinity selector with another label */
        {SVC("\"affinity\": {\"podAntiAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": [{\"labelSelector\": "
             "{\"matchLabels\": {\"tier\": \"db\"}}, \"topologyKey\": "
             "\"kubernetes.io/hostname\"}]}}"),
         "services[0].affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector.matchLabels.tier: unknown key (valid keys here: app)"},
        /* a pod affinity selector without app */
        {SVC("\"affinity\": {\"podAntiAffinity\": "
             "{\"requiredDuringSchedulingIgnoredDuringExecution\": [{\"labelSelector\": "
             "{\"matchLabels\": {}}, \"topologyKey\": \"kubernetes.io/hostname\"}]}}"),
         "services[0].affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector.matchLabels.app: required key missing"},
        /* an unknown key in pod affinity */
        {SVC("\"affinity\": {\"podAffinity\": {\"required\": []}}"),
         "services[0].affinity.podAffinity.required: unknown key (did you mean "
         "\"requiredDuringSchedulingIgnoredDuringExecution\"?)"},
        /* a preferred pod term with an unknown key */
        {SVC("\"affinity\": {\"podAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 1, \"x\": 1}]}}"),
         "services[0].affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].x: "
         "unknown key (valid keys here: weight, podAffinityTerm)"},
        /* a preferred pod term without podAffinityTerm */
        {SVC("\"affinity\": {\"podAffinity\": "
             "{\"preferredDuringSchedulingIgnoredDuringExecution\": [{\"weight\": 1}]}}"),
         "services[0].affinity.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
         "podAffinityTerm: required key missing"},
        /* a pod term naming no service of the namespace */
        {SVC("\"affinity\": {\"podAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
             "[{\"labelSelector\": {\"matchLabels\": {\"app\": \"db\"}}, \"topologyKey\": "
             "\"kubernetes.io/hostname\"}]}}"),
         "services[0].affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector: app \"db\" is no service of namespace default (the model's pods carry "
         "app=SERVICE)"},
        /* an empty zones list */
        {POOL("\"zones\": []"), "cluster.nodePools[0].zones: must not be empty"},
        /* a zone that is no name */
        {POOL("\"zones\": [\"a\", 3]"),
         "cluster.nodePools[0].zones[1]: expected a zone name, got a number (3)"},
        /* zone and zones together */
        {POOL("\"zone\": \"a\", \"zones\": [\"b\"]"),
         "cluster.nodePools[0].zones: give zone or zones, not both"},
    };
#undef SVC
#undef POOL
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, cases[i].want);
}

/* Actions naming what does not exist, and SLOs out of range, refused with what does exist:
 * nodes are POOL-N (N from 1 to the pool's count plus the addNode events before the action,
 * the longest pool name that prefixes the node names its pool), pods SERVICE-HASH-XXXXX, an
 * objective strictly between 0 % and 100 %, a window from 1m to 366d. */
static void test_event_and_slo_errors(void **state) {
    (void)state;
#define DOC(json) "{\"name\": \"v\", " json "}"
#define TOP(json) "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, " json "}"
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* a node of a pool with one node */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 1}, {\"name\": \"x\", "
             "\"count\": 0}]}, \"events\": [{\"at\": \"10s\", \"action\": \"failNode\", \"node\": "
             "\"w-2\"}]"),
         "events[0].node: unknown node \"w-2\" (pool w has one node, w-1)"},
        /* a node of a pool with no nodes */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 0}]}, \"events\": "
             "[{\"at\": \"10s\", \"action\": \"failNode\", \"node\": \"w-1\"}]"),
         "events[0].node: unknown node \"w-1\" (pool w has no nodes)"},
        /* a node an earlier addNode creates is counted */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 1}]}, \"events\": "
             "[{\"at\": \"5s\", \"action\": \"addNode\", \"pool\": \"w\"}, {\"at\": \"10s\", "
             "\"action\": \"failNode\", \"node\": \"w-3\"}]"),
         "events[1].node: unknown node \"w-3\" (pool w has nodes w-1..w-2, counting 1 addNode "
         "event before it)"},
        /* a node of no pool, the pools' names listed */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 3}, {\"name\": \"gpu\", "
             "\"count\": 1}]}, \"events\": [{\"at\": \"10s\", \"action\": \"failNode\", \"node\": "
             "\"db-1\"}]"),
         "events[0].node: unknown node \"db-1\" (nodes are named POOL-N: w-1..w-3, gpu-1)"},
        /* the longest pool name that prefixes the node wins */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"count\": 3}, {\"name\": \"w-big\", "
             "\"count\": 1}]}, \"events\": [{\"at\": \"10s\", \"action\": \"failNode\", \"node\": "
             "\"w-big-2\"}]"),
         "events[0].node: unknown node \"w-big-2\" (pool w-big has one node, w-big-1)"},
        /* a zone no pool has */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"zone\": \"a\"}]}, \"events\": "
             "[{\"at\": \"10s\", \"action\": \"failZone\", \"zone\": \"b\"}]"),
         "events[0].zone: unknown zone \"b\" (did you mean \"a\"?)"},
        /* a node number beyond the pool (nodes are POOL-1..POOL-N) */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"failNode\", \"node\": \"w-99\"}]"),
         "events[0].node: unknown node \"w-99\" (pool w has one node, w-1)"},
        /* a node name without a number */
        {TOP("\"events\": [{\"at\": \"10s\", \"action\": \"failNode\", \"node\": \"w-x\"}]"),
         "events[0].node: unknown node \"w-x\" (nodes are named POOL-N: w-1)"},
        /* a pod of no service */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"killPod\", \"pod\": \"api-7d4b9c8f6-x2k9q\"}]"),
         "events[0].pod: unknown pod \"api-7d4b9c8f6-x2k9q\" (pods are named SERVICE-HASH-XXXXX, "
         "e.g. web-7d4b9c8f6-x2k9q; or give \"service\" to kill one of its pods)"},
        /* an SLO target above 100 % */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"availability\": \"100.5%\"}}]"),
         "services[0].slo.availability: 100.5% is out of range: an objective is above 0% and below "
         "100% (100% leaves no error budget)"},
        /* an SLO target that is no percentage */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"availability\": \"99.9\"}}]"),
         "services[0].slo.availability: expected a percentage (\"99.9%\"), got a string "
         "(\"99.9\")"},
        /* an SLO target of the wrong type */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"availability\": true}}]"),
         "services[0].slo.availability: expected a percentage (\"99.9%\"), got true"},
        /* an SLO without an objective */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"window\": \"7d\"}}]"),
         "services[0].slo: needs an objective: availability, latency or both"},
        /* an SLO latency without percent */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"latency\": {\"threshold\": "
             "\"200ms\"}}}]"),
         "services[0].slo.latency.percent: required key missing"},
        /* an SLO window beyond 366 days */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"availability\": 99.9, \"window\": "
             "\"400d\"}}]"),
         "services[0].slo.window: must be from 1m to 366d (a day is \"24h\" or 86400)"},
        /* an SLO window below a minute */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"availability\": 99.9, \"window\": "
             "\"30s\"}}]"),
         "services[0].slo.window: must be from 1m to 366d (a day is \"24h\" or 86400)"},
        /* an SLO with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"availability\": 99.9, \"budget\": "
             "1}}]"),
         "services[0].slo.budget: unknown key (valid keys here: availability, latency, window)"},
        /* an SLO latency with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"slo\": {\"latency\": {\"threshold\": \"200ms\", "
             "\"percent\": 99, \"x\": 1}}}]"),
         "services[0].slo.latency.x: unknown key (valid keys here: threshold, percent)"},
    };
#undef DOC
#undef TOP
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, cases[i].want);
}

/* The cluster's pools (spot settings, capacity types, runtimes), ingresses and the names that
 * refer to them, refused with what exists; a name is unique among its kind (and services
 * within their namespace, as Kubernetes objects are). */
static void test_cluster_and_ingress_errors(void **state) {
    (void)state;
#define DOC(json) "{\"name\": \"v\", " json "}"
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* spot settings on an on-demand pool */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"spot\": {\"notice\": \"30s\"}}]}"),
         "cluster.nodePools[0].spot: only with capacityType \"spot\" (on-demand nodes are not "
         "interrupted)"},
        /* spot settings with an unknown key */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"capacityType\": \"spot\", "
             "\"spot\": {\"warning\": \"30s\"}}]}"),
         "cluster.nodePools[0].spot.warning: unknown key (valid keys here: interruptionMtbf, "
         "interruptions, notice)"},
        /* an interruption that is no object */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"capacityType\": \"spot\", "
             "\"spot\": {\"interruptions\": [3]}}]}"),
         "cluster.nodePools[0].spot.interruptions[0]: expected an object, got a number (3)"},
        /* an interruption without its time */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"capacityType\": \"spot\", "
             "\"spot\": {\"interruptions\": [{}]}}]}"),
         "cluster.nodePools[0].spot.interruptions[0].at: required key missing"},
        /* an unknown capacity type */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\", \"capacityType\": \"reserved\"}]}"),
         "cluster.nodePools[0].capacityType: unknown capacity type \"reserved\" (one of on-demand, "
         "spot)"},
        /* no node pool */
        {DOC("\"cluster\": {\"nodePools\": []}"),
         "cluster.nodePools: needs at least one node pool"},
        /* two pools of one name */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}, {\"name\": \"w\"}]}"),
         "cluster.nodePools[1].name: duplicate node pool \"w\" (also cluster.nodePools[0])"},
        /* a runtime no pool provides, the pools listed */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}, {\"name\": \"v\", \"runtime\": "
             "\"vm\"}]}, \"services\": [{\"name\": \"web\", \"runtime\": \"bare\"}]"),
         "services[0].runtime: no node pool provides runtime \"bare\" (pools: w (container), v "
         "(vm))"},
        /* an ingress rule without a service */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": "
             "\"web\"}], \"ingresses\": [{\"name\": \"main\", \"rules\": [{\"host\": \"shop\"}]}]"),
         "ingresses[0].rules[0].service: required key missing"},
        /* an ingress rule naming no service */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": "
             "\"web\"}], \"ingresses\": [{\"name\": \"main\", \"rules\": [{\"service\": "
             "\"api\"}]}]"),
         "ingresses[0].rules[0].service: unknown service \"api\" (services: web)"},
        /* an ingress rule with an unknown key */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": "
             "\"web\"}], \"ingresses\": [{\"name\": \"main\", \"rules\": [{\"service\": \"web\", "
             "\"port\": 80}]}]"),
         "ingresses[0].rules[0].port: unknown key (valid keys here: host, path, pathType, "
         "service, canary)"},
        /* an ingress path not starting with / */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": "
             "\"web\"}], \"ingresses\": [{\"name\": \"main\", \"rules\": [{\"service\": \"web\", "
             "\"path\": \"api\"}]}]"),
         "ingresses[0].rules[0].path: must start with \"/\" (got \"api\")"},
        /* two ingresses of one name */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": "
             "\"web\"}], \"ingresses\": [{\"name\": \"main\", \"rules\": [{\"service\": "
             "\"web\"}]}, {\"name\": \"main\", \"rules\": []}]"),
         "ingresses[1].name: duplicate ingress \"main\" (also ingresses[0])"},
        /* an ingress with an unknown key */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"ingresses\": [{\"name\": "
             "\"main\", \"tls\": []}]"),
         "ingresses[0].tls: unknown key (valid keys here: name, rules, defaultBackend, traffic)"},
        /* trafficRouting naming no ingress */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": "
             "\"web\", \"strategy\": {\"type\": \"Canary\", \"canary\": {\"trafficRouting\": "
             "{\"ingress\": \"edge\"}, \"steps\": [{\"setWeight\": 10}]}}}], \"ingresses\": "
             "[{\"name\": \"main\", \"rules\": [{\"service\": \"web\"}]}]"),
         "services[0].strategy.canary.trafficRouting.ingress: unknown ingress \"edge\" (ingresses: "
         "main)"},
        /* a fault naming no pool */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"faults\": [{\"type\": "
             "\"nodeFailure\", \"pool\": \"x\", \"mtbf\": \"1h\"}]"),
         "faults[0].pool: unknown node pool \"x\" (did you mean \"w\"?)"},
        /* two services of one name in one namespace */
        {DOC("\"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": "
             "\"web\", \"namespace\": \"shop\"}, {\"name\": \"web\", \"namespace\": \"shop\"}]"),
         "services[1].name: duplicate service \"web\" in namespace \"shop\" (also services[0])"},
    };
#undef DOC
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, cases[i].want);
}

/* A service's template, strategy and HPA, and patch actions, refused with the path and the
 * rule: kubernetes/kubernetes pkg/apis/core/validation/validation.go validateProbe
 * (successThreshold 1 for liveness and startup probes), pkg/apis/apps/validation/validation.go
 * ValidateRollingUpdateDeployment (maxUnavailable at most 100 %, not both 0, checked on the
 * merged spec of a patch), argoproj/argo-rollouts pkg/apis/rollouts/validation/validation.go
 * (dynamicStableScale excludes scaleDownDelaySeconds); and what the model does not patch. */
static void test_service_and_patch_errors(void **state) {
    (void)state;
#define TOP(json) "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, " json "}"
    static const struct {
        const char *text, *want;
    } cases[] = {
        /* control characters of a name are escaped in the message: tab, CR, newline, DEL */
        {TOP("\"services\": [{\"name\": \"a\\tb\\rc\\nd\\u007fe\"}]"),
         "services[0].name: service name \"a\\tb\\rc\\nd\\x7fe\" is not a DNS-1123 label"},
        /* dependencies not an object */
        {TOP("\"services\": [{\"name\": \"web\", \"dependencies\": [\"libc\"]}]"),
         "services[0].dependencies: expected an object, got an array"},
        /* a probe with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"readinessProbe\": {\"path\": \"/healthz\"}}]"),
         "services[0].readinessProbe.path: unknown key (valid keys here: initialDelaySeconds, "
         "periodSeconds, timeoutSeconds, successThreshold, failureThreshold)"},
        /* a livenessProbe with successThreshold 2 (validateProbe: must be 1) */
        {TOP("\"services\": [{\"name\": \"web\", \"livenessProbe\": {\"successThreshold\": 2}}]"),
         "services[0].livenessProbe.successThreshold: must be 1 for a livenessProbe"},
        /* an image with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"image\": {\"name\": \"web\", \"tag\": "
             "\"v1\"}}]"),
         "services[0].image.tag: unknown key (valid keys here: name, size)"},
        /* resources with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"resources\": {\"cpu\": \"1\", \"gpu\": 1}}]"),
         "services[0].resources.gpu: unknown key (did you mean \"cpu\"?)"},
        /* versions not an object */
        {TOP("\"services\": [{\"name\": \"web\", \"versions\": [\"v2\"]}]"),
         "services[0].versions: expected an object, got an array"},
        /* a version with a key it cannot change */
        {TOP("\"services\": [{\"name\": \"web\", \"versions\": {\"v2\": {\"replicas\": 3}}}]"),
         "services[0].versions.v2.replicas: a key of the service, not of a version"},
        /* a canary step with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"strategy\": {\"type\": \"Canary\", \"canary\": "
             "{\"steps\": [{\"setWeight\": 10, \"x\": 1}]}}}]"),
         "services[0].strategy.canary.steps[0].x: unknown key (valid keys here: setWeight, pause, "
         "analysis, setCanaryScale)"},
        /* setCanaryScale with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"strategy\": {\"type\": \"Canary\", \"canary\": "
             "{\"trafficRouting\": {\"ingress\": \"main\"}, \"steps\": [{\"setCanaryScale\": "
             "{\"weight\": 10, \"x\": 1}}]}}}], \"ingresses\": [{\"name\": \"main\", \"rules\": "
             "[{\"service\": \"web\"}]}]"),
         "services[0].strategy.canary.steps[0].setCanaryScale.x: unknown key (valid keys here: "
         "weight, replicas, matchTrafficWeight)"},
        /* a pause with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"strategy\": {\"type\": \"Canary\", \"canary\": "
             "{\"steps\": [{\"pause\": {\"until\": \"1m\"}}]}}}]"),
         "services[0].strategy.canary.steps[0].pause.until: unknown key (valid keys here: "
         "duration)"},
        /* dynamicStableScale with scaleDownDelaySeconds (argo validation: mutually exclusive) */
        {TOP("\"services\": [{\"name\": \"web\", \"strategy\": {\"type\": \"Canary\", \"canary\": "
             "{\"trafficRouting\": {\"ingress\": \"main\"}, \"dynamicStableScale\": true, "
             "\"scaleDownDelaySeconds\": 30, \"steps\": [{\"setWeight\": 10}]}}}], \"ingresses\": "
             "[{\"name\": \"main\", \"rules\": [{\"service\": \"web\"}]}]"),
         "services[0].strategy.canary.dynamicStableScale: cannot be used with "
         "scaleDownDelaySeconds"},
        /* trafficRouting with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"strategy\": {\"type\": \"Canary\", \"canary\": "
             "{\"trafficRouting\": {\"nginx\": {}}, \"steps\": [{\"setWeight\": 10}]}}}]"),
         "services[0].strategy.canary.trafficRouting.nginx: unknown key (valid keys here: "
         "ingress)"},
        /* blueGreen with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\", \"strategy\": {\"type\": \"BlueGreen\", "
             "\"blueGreen\": {\"activeService\": \"web\"}}}]"),
         "services[0].strategy.blueGreen.activeService: unknown key (valid keys here: "
         "autoPromotionEnabled, autoPromotionSeconds, scaleDownDelaySeconds, previewReplicaCount, "
         "previewService, abortScaleDownDelaySeconds, scaleDownDelayRevisionLimit, "
         "postPromotionAnalysis, prePromotionAnalysis)"},
        /* progressDeadlineAbort on a Deployment */
        {TOP("\"services\": [{\"name\": \"web\", \"progressDeadlineAbort\": true}]"),
         "services[0].progressDeadlineAbort: is a Rollout key: needs a Canary or BlueGreen "
         "strategy"},
        /* an HPA without a CPU request */
        {TOP("\"services\": [{\"name\": \"web\", \"resources\": {\"cpu\": 0}, \"hpa\": "
             "{\"maxReplicas\": 4}}]"),
         "services[0].hpa: needs a CPU request (resources.cpu is 0)"},
        /* an HPA policy of an unknown type */
        {TOP("\"services\": [{\"name\": \"web\", \"hpa\": {\"maxReplicas\": 4, \"behavior\": "
             "{\"scaleUp\": {\"policies\": [{\"type\": \"Nodes\", \"value\": 1, \"periodSeconds\": "
             "15}]}}}}]"),
         "services[0].hpa.behavior.scaleUp.policies[0].type: unknown policy type \"Nodes\" (one of "
         "Pods, Percent)"},
        /* a patch spec that is no object */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": 3}]"),
         "events[0].spec: expected an object, got a number (3)"},
        /* a patch of the pod template written as a Kubernetes PodTemplateSpec */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": {\"template\": {\"spec\": {}}}}]"),
         "events[0].spec.template.spec: write the template in the scenario's own keys"},
        /* a patch of paused */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": {\"paused\": true}}]"),
         "events[0].spec.paused: use the pause and resume actions"},
        /* a patch with an unknown key */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": {\"selector\": {}}}]"),
         "events[0].spec.selector: unknown key (valid keys here: replicas, minReadySeconds, "
         "progressDeadlineSeconds, revisionHistoryLimit, strategy, template)"},
        /* a patch of the strategy type */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": {\"strategy\": {\"type\": "
             "\"Recreate\"}}}]"),
         "events[0].spec.strategy.type: changing the strategy type is not modelled (a patch keeps "
         "the strategy the service has)"},
        /* a patch strategy that is no object */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": {\"strategy\": 3}}]"),
         "events[0].spec.strategy: expected an object, got a number (3)"},
        /* a patch of another strategy's fenceposts */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": {\"strategy\": {\"canary\": {}}}}]"),
         "events[0].spec.strategy.canary: not patched by the model (a RollingUpdate strategy takes "
         "rollingUpdate.maxSurge and maxUnavailable)"},
        /* a patch of a Recreate strategy */
        {TOP("\"services\": [{\"name\": \"web\", \"strategy\": {\"type\": \"Recreate\"}}], "
             "\"events\": [{\"at\": \"10s\", \"action\": \"patch\", \"service\": \"web\", "
             "\"spec\": {\"strategy\": {\"rollingUpdate\": {}}}}]"),
         "events[0].spec.strategy.rollingUpdate: not patched by the model (a Recreate strategy has "
         "no fenceposts to patch)"},
        /* a patch with an unknown fencepost key */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": {\"strategy\": {\"rollingUpdate\": "
             "{\"maxSkew\": 1}}}}]"),
         "events[0].spec.strategy.rollingUpdate.maxSkew: unknown key (valid keys here: maxSurge, "
         "maxUnavailable)"},
        /* a patched maxUnavailable above 100% (ValidateRollingUpdateDeployment) */
        {TOP("\"services\": [{\"name\": \"web\"}], \"events\": [{\"at\": \"10s\", \"action\": "
             "\"patch\", \"service\": \"web\", \"spec\": {\"strategy\": {\"rollingUpdate\": "
             "{\"maxUnavailable\": \"150%\"}}}}]"),
         "events[0].spec.strategy.rollingUpdate.maxUnavailable: must not be greater than 100%"},
        /* a patch leaving maxSurge and maxUnavailable 0 after the merge */
        {TOP("\"services\": [{\"name\": \"web\", \"strategy\": {\"rollingUpdate\": {\"maxSurge\": "
             "0, \"maxUnavailable\": 1}}}], \"events\": [{\"at\": \"10s\", \"action\": \"patch\", "
             "\"service\": \"web\", \"spec\": {\"strategy\": {\"rollingUpdate\": "
             "{\"maxUnavailable\": 0}}}}]"),
         "events[0].spec.strategy.rollingUpdate.maxUnavailable: may not be 0 when maxSurge is 0 "
         "(after the merge with the current spec)"},
    };
#undef TOP
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_error(cases[i].text, cases[i].want);
}

/* --record to a file that cannot be written says which and why, and writes nothing else: a
 * directory that does not exist (ENOENT at fopen) and a full device (/dev/full: the buffered
 * text fails at fclose with ENOSPC). */
static void test_write_errors(void **state) {
    (void)state;
    scenario_t *sc = load_ok(MINIMAL, NULL, 0);
    char err[256];
    assert_int_equal(scenario_write_with_events(
                         sc, NULL, NULL, 0, "/nonexistent-deploysim-dir/rec.json", err, sizeof err),
                     -1);
    assert_string_equal(err, "cannot write /nonexistent-deploysim-dir/rec.json: No such file or "
                             "directory");
    if (access("/dev/full", W_OK) == 0) {
        assert_int_equal(
            scenario_write_with_events(sc, NULL, NULL, 0, "/dev/full", err, sizeof err), -1);
        assert_string_equal(err, "cannot write /dev/full: No space left on device");
    }
    scenario_free(sc);
}

/* A scenario file larger than the first 64 KiB read buffer loads whole (the buffer grows);
 * a directory opens but cannot be read (EISDIR): "cannot read". */
static void test_load_file_sizes(void **state) {
    (void)state;
    char path[] = "/tmp/deploysim-test-big-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(MINIMAL, f);
    for (int i = 0; i < 3000; i++) /* 3000 x 64 bytes of trailing whitespace: ~192 KiB */
        fputs("                                                               \n", f);
    fclose(f);
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    assert_int_equal(scenario_load_file(path, NULL, 0, &sc, &d), 0);
    unlink(path);
    assert_non_null(sc);
    assert_int_equal(sc->service_count, 1);
    scenario_free(sc);
    sc = NULL;
    assert_int_equal(scenario_load_file("/tmp", NULL, 0, &sc, &d), -1);
    assert_null(sc);
    assert_int_equal(d.count, 1);
    assert_string_equal(d.items[0], "/tmp: cannot read");
    diag_free(&d);
}

/* An action naming what the scenario does not have (the dashboard never records one; a
 * caller of the library could) is written with "?" for the missing name, never an index out
 * of range: the loader then refuses that file with the JSON path of the event. */
static void test_write_unknown_names(void **state) {
    (void)state;
    scenario_t *sc = load_ok(MINIMAL, NULL, 0);
    action_t acts[5];
    for (int i = 0; i < 5; i++)
        acts[i] = (action_t){
            .service = -1, .version = -1, .pool = -1, .node = -1, .zone = -1, .replicas = -1};
    acts[0].action = ACTION_DEPLOY, acts[0].service = 99, acts[0].version = 0;
    acts[1].action = ACTION_DEPLOY, acts[1].service = 0, acts[1].version = 99;
    acts[2].action = ACTION_FAIL_ZONE, acts[2].zone = 99;
    acts[3].action = ACTION_FAIL_NODE, acts[3].pool = 99, acts[3].node = 0;
    acts[4].action = ACTION_TAINT, acts[4].pool = 0, acts[4].node = 0;
    sim_time_t times[5] = {SIM_SEC, 2 * SIM_SEC, 3 * SIM_SEC, 4 * SIM_SEC, 5 * SIM_SEC};
    char path[] = "/tmp/deploysim-test-unk-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[256];
    assert_int_equal(scenario_write_with_events(sc, acts, times, 5, path, err, sizeof err), 0);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char text[8192];
    size_t n = fread(text, 1, sizeof text - 1, f);
    text[n] = 0;
    fclose(f);
    unlink(path);
    int q = 0;
    for (const char *p = text; (p = strstr(p, "\"?")) != NULL; p++)
        q++;
    /* service and version of the unknown service, the unknown version, zone, taint key */
    assert_int_equal(q, 6);                   /* five "?" and the node "?-1" */
    assert_non_null(strstr(text, "\"?-1\"")); /* failNode in an unknown pool: node "?-1" */
    assert_null(strstr(text, "(null)"));
    scenario_free(sc);
}

/* scenario_write_with_events (the dashboard's --record) writes every kind of action so that
 * the loader reads back the same action: a recorded session replays what was done. */
static void test_write_events_round_trip(void **state) {
    (void)state;
    scenario_t *sc = load_ok(
        "{\"name\": \"rec\", \"duration\": \"10m\", \"cluster\": {\"nodePools\": [{\"name\": "
        "\"w\", \"count\": 2, \"zones\": [\"a\"]}]},"
        " \"services\": [{\"name\": \"web\", \"versions\": {\"v1\": {}, \"v2\": {}},"
        "  \"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"setWeight\": 50},"
        "  {\"pause\": {}}]}}}, {\"name\": \"api\"}],"
        " \"events\": ["
        "  {\"at\": \"1s\", \"action\": \"deploy\", \"service\": \"web\", \"version\": \"v2\"},"
        "  {\"at\": \"2s\", \"action\": \"pause\", \"service\": \"web\"},"
        "  {\"at\": \"3s\", \"action\": \"resume\", \"service\": \"web\"},"
        "  {\"at\": \"4s\", \"action\": \"promote\", \"service\": \"web\", \"full\": true},"
        "  {\"at\": \"5s\", \"action\": \"abort\", \"service\": \"web\"},"
        "  {\"at\": \"6s\", \"action\": \"rollback\", \"service\": \"api\"},"
        "  {\"at\": \"7s\", \"action\": \"scale\", \"service\": \"api\", \"replicas\": 5},"
        "  {\"at\": \"8s\", \"action\": \"setTraffic\", \"service\": \"api\", \"rps\": 50,"
        "   \"ramp\": \"10s\"},"
        "  {\"at\": \"9s\", \"action\": \"failNode\", \"node\": \"w-1\"},"
        "  {\"at\": \"10s\", \"action\": \"repairNode\", \"node\": \"w-1\"},"
        "  {\"at\": \"11s\", \"action\": \"cordonNode\", \"node\": \"w-2\"},"
        "  {\"at\": \"12s\", \"action\": \"uncordonNode\", \"node\": \"w-2\"},"
        "  {\"at\": \"13s\", \"action\": \"drainNode\", \"node\": \"w-2\"},"
        "  {\"at\": \"14s\", \"action\": \"addNode\", \"pool\": \"w\"},"
        "  {\"at\": \"15s\", \"action\": \"killPod\", \"service\": \"api\"},"
        "  {\"at\": \"16s\", \"action\": \"restart\", \"service\": \"api\"},"
        "  {\"at\": \"17s\", \"action\": \"failZone\", \"zone\": \"a\"},"
        "  {\"at\": \"18s\", \"action\": \"repairZone\", \"zone\": \"a\"},"
        "  {\"at\": \"19s\", \"action\": \"taint\", \"node\": \"w-1\", \"key\": \"dedicated\","
        "   \"value\": \"gpu\", \"effect\": \"NoExecute\"},"
        "  {\"at\": \"20s\", \"action\": \"untaint\", \"node\": \"w-1\", \"key\": \"dedicated\","
        "   \"effect\": \"NoExecute\"},"
        "  {\"at\": \"21s\", \"action\": \"untaint\", \"node\": \"w-2\", \"key\": \"spot\"},"
        "  {\"at\": \"22s\", \"action\": \"retry\", \"service\": \"web\"},"
        "  {\"at\": \"23s\", \"action\": \"patch\", \"service\": \"api\","
        "   \"spec\": {\"replicas\": 4}}]}",
        NULL, 0);
    assert_int_equal(sc->event_count, ACTION_COUNT + 1); /* every kind, untaint twice */
    sim_time_t times[ACTION_COUNT + 1];
    for (int i = 0; i < sc->event_count; i++)
        times[i] = sc->events[i].at;
    char path[] = "/tmp/deploysim-test-rec-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    char err[256];
    assert_int_equal(
        scenario_write_with_events(sc, sc->events, times, sc->event_count, path, err, sizeof err),
        0);
    diag_t d;
    diag_init(&d);
    scenario_t *back = NULL;
    int rc = scenario_load_file(path, NULL, 0, &back, &d);
    for (int i = 0; i < d.count; i++)
        print_error("%s\n", d.items[i]);
    diag_free(&d);
    unlink(path);
    assert_int_equal(rc, 0);
    assert_int_equal(back->event_count, sc->event_count);
    for (int i = 0; i < sc->event_count; i++) {
        const action_t *a = &sc->events[i], *b = &back->events[i];
        print_message("%s\n", action_names[a->action]);
        assert_int_equal(b->at, a->at);
        assert_int_equal(b->action, a->action);
        assert_int_equal(b->service, a->service);
        assert_int_equal(b->version, a->version);
        assert_int_equal(b->pool, a->pool);
        assert_int_equal(b->node, a->node);
        assert_int_equal(b->replicas, a->replicas);
        assert_true(b->rps == a->rps && b->ramp == a->ramp && b->full == a->full);
        assert_int_equal(b->zone, a->zone);
        assert_int_equal(b->untaint_effect, a->untaint_effect);
        assert_true(!a->taint.key == !b->taint.key);
        if (a->taint.key) {
            assert_string_equal(b->taint.key, a->taint.key);
            assert_int_equal(b->taint.effect, a->taint.effect);
        }
        if (a->action == ACTION_TAINT) assert_string_equal(b->taint.value, a->taint.value);
    }
    scenario_free(back);
    scenario_free(sc);
}

/* The same scenario in every order of its keys gives the same errors: all, not the first. */
static void test_all_errors_reported(void **state) {
    (void)state;
    char *all = load_fail("{\"nam\": 1, \"duration\": \"x\", \"cluster\": {\"nodePools\": "
                          "[{\"name\": \"w\", \"cpu\": \"2Gi\"}]}, \"services\": [{\"name\": "
                          "\"web\", \"replicas\": -1, \"errorRate\": 2}]}");
    int lines = 0;
    for (const char *p = all; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 6);
    assert_non_null(strstr(all, "t.json: nam: unknown key (did you mean \"name\"?)"));
    assert_non_null(strstr(all, "t.json: name: required key missing"));
    assert_non_null(strstr(all, "t.json: duration: bad duration \"x\""));
    assert_non_null(strstr(all, "t.json: cluster.nodePools[0].cpu: bad cpu quantity \"2Gi\""));
    assert_non_null(
        strstr(all, "t.json: services[0].replicas: must be between 0 and 100000 (got -"));
    assert_non_null(strstr(all, "t.json: services[0].errorRate: must be between 0 and 1"));
    free(all);
}

static void test_missing_file(void **state) {
    (void)state;
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    assert_int_not_equal(scenario_load_file(INVALID_DIR "/no-such-file.json", NULL, 0, &sc, &d), 0);
    assert_null(sc);
    assert_int_equal(d.count, 1);
    assert_non_null(strstr(d.items[0], "no-such-file.json: cannot open"));
    diag_free(&d);
}

/* Every file of the invalid corpus fails through scenario_load_file with each expected
 * message, and every file there has at least one expectation. */
static void test_invalid_corpus(void **state) {
    (void)state;
    FILE *f = fopen(INVALID_DIR "/expected.txt", "r");
    assert_non_null(f);
    char line[1024], checked[128][128];
    int nchecked = 0, nlines = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        char *tab = strchr(line, '\t');
        if (!line[0] || line[0] == '#') continue;
        if (!tab) fail_msg("expected.txt: no tab in \"%s\"", line);
        *tab = 0;
        char path[1100];
        if (snprintf(path, sizeof path, INVALID_DIR "/%s", line) < 0) fail();
        diag_t d;
        diag_init(&d);
        scenario_t *sc = NULL;
        if (scenario_load_file(path, NULL, 0, &sc, &d) == 0) {
            scenario_free(sc);
            fail_msg("%s loaded without error", path);
        }
        assert_null(sc);
        bool found = false;
        for (int i = 0; i < d.count && !found; i++) {
            found = strstr(d.items[i], tab + 1) != NULL;
            /* every message names the file first */
            assert_int_equal(strncmp(d.items[i], path, strlen(path)), 0);
        }
        if (!found) {
            for (int i = 0; i < d.count; i++)
                print_error("  %s\n", d.items[i]);
            fail_msg("%s: no message contains \"%s\"", line, tab + 1);
        }
        diag_free(&d);
        nlines++;
        bool seen = false;
        for (int i = 0; i < nchecked; i++)
            seen |= !strcmp(checked[i], line);
        if (!seen && nchecked < 128 && strlen(line) < sizeof checked[0])
            strcpy(checked[nchecked++], line);
    }
    fclose(f);
    assert_true(nchecked >= 20);
    DIR *dir = opendir(INVALID_DIR);
    assert_non_null(dir);
    struct dirent *ent;
    while ((ent = readdir(dir))) {
        size_t len = strlen(ent->d_name);
        if (len < 5 || strcmp(ent->d_name + len - 5, ".json")) continue;
        bool seen = false;
        for (int i = 0; i < nchecked; i++)
            seen |= !strcmp(checked[i], ent->d_name);
        if (!seen) fail_msg("%s/%s has no line in expected.txt", INVALID_DIR, ent->d_name);
    }
    closedir(dir);
    print_message("%d expectations over %d files\n", nlines, nchecked);
}

/* notes[].text: a plain string is English; an object holds languages, "en" required, and a
 * language a note lacks falls back to its English text. */
#define NOTES(json)                                                                                \
    "{\"name\": \"n\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "          \
    "[{\"name\": \"web\"}], \"notes\": " json "}"

static void test_note_translations(void **state) {
    (void)state;
    scenario_t *sc =
        load_ok(NOTES("[{\"at\": \"10s\", \"text\": {\"en\": \"Ten pods.\", "
                      "\"ko\": \"\xed\x8c\x8c\xeb\x93\x9c \xec\x97\xb4 \xea\xb0\x9c.\"}},"
                      " {\"at\": 0, \"text\": \"Plain.\"}]"),
                NULL, 0);
    assert_int_equal(sc->note_count, 2);
    /* sorted by at: the plain one first */
    assert_string_equal(sc->notes[0].text, "Plain.");
    assert_int_equal(sc->notes[0].translation_count, 0);
    assert_string_equal(scenario_note_text(&sc->notes[0], "ko"), "Plain."); /* falls back */
    assert_string_equal(sc->notes[1].text, "Ten pods.");
    assert_string_equal(scenario_note_text(&sc->notes[1], "en"), "Ten pods.");
    assert_string_equal(scenario_note_text(&sc->notes[1], NULL), "Ten pods.");
    assert_string_equal(scenario_note_text(&sc->notes[1], "ko"),
                        "\xed\x8c\x8c\xeb\x93\x9c \xec\x97\xb4 \xea\xb0\x9c.");
    assert_string_equal(scenario_note_text(&sc->notes[1], "ja"), "Ten pods.");
    assert_true(scenario_has_lang(sc, "ko"));
    assert_false(scenario_has_lang(sc, "ja"));
    assert_true(scenario_has_lang(sc, "en"));
    scenario_free(sc);

    expect_error(NOTES("[{\"at\": 0, \"text\": {\"ko\": \"x\"}}]"),
                 "t.json: notes[0].text: needs \"en\"");
    expect_error(NOTES("[{\"at\": 0, \"text\": {\"en\": \"a\", \"kr\": \"x\"}}]"),
                 "t.json: notes[0].text.kr: a country code, not a language (did you mean \"ko\"?)");
    expect_error(NOTES("[{\"at\": 0, \"text\": {\"en\": \"a\", \"Korean\": \"x\"}}]"),
                 "t.json: notes[0].text.Korean: not a language tag");
    expect_error(NOTES("[{\"at\": 0, \"text\": {\"en\": \"a\", \"ko\": 3}}]"),
                 "t.json: notes[0].text.ko: expected a string, got a number (3)");
    expect_error(NOTES("[{\"at\": 0, \"text\": {\"en\": \"a\", \"ko\": \"b\", \"ko\": \"c\"}}]"),
                 "t.json: notes[0].text.ko: duplicate key");
    expect_error(NOTES("[{\"at\": 0, \"text\": [\"a\"]}]"),
                 "t.json: notes[0].text: expected a string, or an object of translations");

    /* language tags as --lang takes them */
    static const struct {
        const char *tag;
        bool ok;
    } tags[] = {{"en", true},  {"ko", true},      {"pt-BR", true}, {"zh-Hant", true},
                {"fil", true}, {"k", false},      {"KO", false},   {"ko-", false},
                {"", false},   {"korean", false}, {"ko-K", false}, {"en-verylongsub", false}};
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (scenario_lang_valid(tags[i].tag) != tags[i].ok)
            fail_msg("scenario_lang_valid(\"%s\") should be %d", tags[i].tag, tags[i].ok);
}

/* The lesson scenarios in scenarios/ all load (schema.json is not one). */
static void test_shipped_scenarios_load(void **state) {
    (void)state;
    DIR *dir = opendir("scenarios");
    if (!dir) return;
    struct dirent *ent;
    int failures = 0;
    while ((ent = readdir(dir))) {
        size_t len = strlen(ent->d_name);
        if (len < 5 || strcmp(ent->d_name + len - 5, ".json") ||
            !strcmp(ent->d_name, "schema.json"))
            continue;
        char path[512];
        snprintf(path, sizeof path, "scenarios/%s", ent->d_name);
        diag_t d;
        diag_init(&d);
        scenario_t *sc = NULL;
        if (scenario_load_file(path, NULL, 0, &sc, &d) != 0) {
            failures++;
            for (int i = 0; i < d.count; i++)
                print_error("%s\n", d.items[i]);
        }
        scenario_free(sc);
        diag_free(&d);
    }
    closedir(dir);
    assert_int_equal(failures, 0);
}

/* Names of services, namespaces, node pools and versions follow Kubernetes' DNS-1123 label
 * rule (apimachinery pkg/util/validation/validation.go IsDNS1123Label, its TestIsDNS1123Label
 * cases): hostile names are refused naming the rule, control characters escaped in the
 * message; the longest valid name (63 characters) loads whole. */
static void test_dns1123_names(void **state) {
    (void)state;
    static const char *const bad[] = {
        "Web",       /* uppercase */
        "a,b",       /* a comma would split a CSV field */
        "a\\\"b",    /* a quote */
        "a\\nb",     /* a newline */
        "a\\rb",     /* a carriage return */
        "a\\u001bb", /* an escape character */
        "shop/web",  /* a slash: namespace/name would be ambiguous */
        "-web",      /* a leading '-' */
        "web-",      /* a trailing '-' */
        "a.b",       /* a dot: a subdomain, not a label */
        "w\u00e9b",  /* non-ASCII */
        "a b",       /* a space */
        /* 64 characters */
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    };
    static const char *const fields[][2] = {
        {"{\"name\": \"n\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
         "[{\"name\": \"%s\"}]}",
         "t.json: services[0].name: service name \""},
        {"{\"name\": \"n\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
         "[{\"name\": \"web\", \"namespace\": \"%s\"}]}",
         "t.json: services[0].namespace: namespace \""},
        {"{\"name\": \"n\", \"cluster\": {\"nodePools\": [{\"name\": \"%s\"}]}, \"services\": "
         "[{\"name\": \"web\"}]}",
         "t.json: cluster.nodePools[0].name: node pool name \""},
        {"{\"name\": \"n\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
         "[{\"name\": \"web\", \"version\": \"%s\"}]}",
         "t.json: services[0].version: version \""},
        {"{\"name\": \"n\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
         "[{\"name\": \"web\", \"versions\": {\"%s\": {}}}]}",
         "t.json: services[0].versions."},
    };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++)
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            char text[1024];
            snprintf(text, sizeof text, fields[f][0], bad[i]);
            char *all = load_fail(text);
            if (!strstr(all, fields[f][1]) || !strstr(all, "is not a DNS-1123 label") ||
                !strstr(all, "at most 63 characters, lowercase letters, digits and '-', starting "
                             "and ending with a letter or digit"))
                fail_msg("name %s: expected the DNS-1123 rule at %s among:\n%s", bad[i],
                         fields[f][1], all);
            for (const char *c = all; *c; c++) /* one line per message, nothing raw */
                if ((unsigned char)*c < 0x20 && *c != '\n')
                    fail_msg("raw control byte in: %s", all);
            free(all);
        }
    char *nl = load_fail(
        "{\"name\": \"n\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
        "[{\"name\": \"a\\nb\\u001b\"}]}");
    assert_non_null(strstr(nl, "service name \"a\\nb\\x1b\" is not a DNS-1123 label"));
    free(nl);
    /* 63 characters, digits first, inner '-': valid, and kept whole */
    const char *name63 = "0123456789-abcdefghijklmnopqrstuvwxyz-0123456789-abcdefghijklmn";
    assert_int_equal(strlen(name63), 63);
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"n\", \"cluster\": {\"nodePools\": [{\"name\": \"%s\"}]}, \"services\": "
             "[{\"name\": \"%s\", \"namespace\": \"%s\", \"version\": \"%s\"}]}",
             name63, name63, name63, name63);
    scenario_t *sc = load_ok(text, NULL, 0);
    assert_string_equal(sc->services[0].name, name63);
    assert_string_equal(sc->services[0].namespace_, name63);
    assert_string_equal(sc->services[0].versions[0].name, name63);
    assert_string_equal(sc->pools[0].name, name63);
    scenario_free(sc);
}

/* JSON nested 1000 deep is valid JSON: beyond what cJSON parses (CJSON_NESTING_LIMIT) it gets
 * a message about the depth, not "syntax error"; one level less parses (and fails on keys). */
static void test_deep_nesting(void **state) {
    (void)state;
    for (int inner = 999; inner <= 1000; inner++) {
        size_t n = (size_t)inner * 2 + 16;
        char *text = malloc(n);
        assert_non_null(text);
        size_t o = (size_t)snprintf(text, n, "{\"a\": ");
        for (int i = 0; i < inner; i++)
            text[o++] = '[';
        for (int i = 0; i < inner; i++)
            text[o++] = ']';
        snprintf(text + o, n - o, "}");
        char *all = load_fail(text);
        if (inner == 999)
            assert_non_null(strstr(all, "t.json: a: unknown key"));
        else
            assert_non_null(strstr(all, "t.json:1:1006: nested deeper than 1000 levels"));
        assert_null(strstr(all, "syntax error"));
        free(all);
        free(text);
    }
}

/* ---- Ingress traffic: host/path routing ---- */

/* tests/scenarios/ingress-routing.json with rules deleted (indices, descending, -1 ends) and
 * an optional defaultBackend. */
static scenario_t *ingress_variant(const int *drop, const char *default_backend) {
    FILE *f = fopen("tests/scenarios/ingress-routing.json", "r");
    assert_non_null(f);
    static char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    cJSON *ing = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "ingresses"), 0);
    for (int i = 0; drop[i] >= 0; i++)
        cJSON_DeleteItemFromArray(cJSON_GetObjectItem(ing, "rules"), drop[i]);
    if (default_backend) cJSON_AddStringToObject(ing, "defaultBackend", default_backend);
    char *out = cJSON_Print(root);
    cJSON_Delete(root);
    scenario_t *sc = load_ok(out, NULL, 0);
    free(out);
    return sc;
}

static void assert_rates(const scenario_t *sc, const double want[5], double unmatched) {
    for (int i = 0; i < 5; i++)
        assert_near(sc->services[i].rps, want[i], 1e-9);
    assert_near(sc->ingresses[0].unmatched_rps, unmatched, 1e-9);
}

/* The rules decide where each class of requests goes (networking.k8s.io/v1,
 * staging/src/k8s.io/api/networking/v1/types.go HTTPIngressPath: Prefix is element-wise,
 * the longest path wins, Exact wins a tie; a wildcard host covers exactly one label), and
 * deleting a rule moves its requests: services are web, api, cart, landing, blog. */
static void test_ingress_routing(void **state) {
    (void)state;
    const int none[] = {-1};
    scenario_t *sc = ingress_variant(none, NULL);
    /* /api/cart Exact -> cart 100; /api/cart/items -> the /api prefix 200; /apiary is not
     * under /api -> web with /index.html 300; www.example.com -> *.example.com 100;
     * a.b.example.com: two labels, no rule -> 404 50; /blog/post and /blog on other hosts
     * -> the host-less /blog rule 250 */
    assert_rates(sc, (const double[]){300, 200, 100, 100, 250}, 50);
    assert_int_equal(sc->ingresses[0].requests[0].rule, 2);
    assert_int_equal(sc->ingresses[0].requests[1].rule, 1);
    assert_int_equal(sc->ingresses[0].requests[5].service, -1);
    scenario_free(sc);
    /* without the /api prefix rule, /api/cart/items falls to "/" (web); the Exact rule still
     * takes /api/cart */
    sc = ingress_variant((const int[]){1, -1}, NULL);
    assert_rates(sc, (const double[]){500, 0, 100, 100, 250}, 50);
    scenario_free(sc);
    /* without shop.example.com's "/", that host's other paths match nothing: 404, not
     * another host's rules; with a defaultBackend they go there */
    sc = ingress_variant((const int[]){0, -1}, NULL);
    assert_rates(sc, (const double[]){0, 200, 100, 100, 250}, 350);
    scenario_free(sc);
    sc = ingress_variant((const int[]){0, -1}, "web");
    assert_rates(sc, (const double[]){350, 200, 100, 100, 250}, 0);
    scenario_free(sc);
    /* without the wildcard, www.example.com has no host rule: the host-less rules apply, and
     * "/" is not under /blog */
    sc = ingress_variant((const int[]){3, -1}, NULL);
    assert_rates(sc, (const double[]){300, 200, 100, 0, 250}, 150);
    scenario_free(sc);
}

static void test_ingress_traffic_errors(void **state) {
    (void)state;
    char *e = load_fail(
        "{\"name\": \"x\", \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]}, \"services\": "
        "[{\"name\": \"web\", \"traffic\": {\"rps\": 5}}], \"ingresses\": [{\"name\": \"i\", "
        "\"rules\": [{\"path\": \"/\", \"pathType\": \"Regex\", \"service\": \"web\"}], "
        "\"traffic\": {\"rps\": 10, \"requests\": [{\"path\": \"/\", \"share\": 0.5}, "
        "{\"path\": \"/a\", \"rps\": 3}]}}]}");
    assert_non_null(strstr(e, "ingresses[0].rules[0].pathType: unknown path type"));
    assert_non_null(strstr(e, "ingresses[0].traffic.requests[1].rps: give a share"));
    assert_non_null(strstr(e, "ingresses[0].traffic.requests: shares add up to 0.5"));
    assert_non_null(strstr(e, "which has traffic of its own"));
    free(e);
}

/* ---- traffic.trace: the file's formats and their errors ---- */

/* Writes `len` bytes of `text` to DIR/NAME; returns the path (static buffer of the caller). */
static const char *trace_file(const char *dir, const char *name, const char *text, size_t len) {
    static char path[4][256];
    static int k;
    char *out = path[k++ % 4];
    snprintf(out, sizeof path[0], "%s/%s", dir, name);
    FILE *f = fopen(out, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return out;
}

/* A one-service scenario whose traffic is the trace at `path`. */
static const char *trace_doc(const char *path, const char *fidelity) {
    static char json[1024];
    snprintf(json, sizeof json,
             "{\"name\": \"trace\", \"duration\": \"72h\", \"fidelity\": \"%s\", \"cluster\": "
             "{\"nodePools\": [{\"name\": \"w\"}]}, \"services\": [{\"name\": \"web\", "
             "\"traffic\": {\"trace\": {\"file\": \"%s\"}}}]}",
             fidelity, path);
    return json;
}

#define TRACE_KEY "services[0].traffic.trace: %s"
static void expect_trace_error(const char *dir, const char *name, const char *text,
                               const char *want) {
    const char *path = trace_file(dir, name, text, strlen(text));
    char *all = load_fail(trace_doc(path, "requests"));
    char full[512]; /* `want` names the file with %s */
    snprintf(full, sizeof full, want, path);
    if (!strstr(all, full)) fail_msg("%s: expected \"%s\" among:\n%s", name, full, all);
    free(all);
}

/* RFC 3339 date-times as Go's time.Parse(time.RFC3339, ...) reads them (the format of
 * Prometheus' own API, prometheus/prometheus web/api/v1/api.go parseTime: a Unix time or RFC
 * 3339): a numeric offset is subtracted (09:00+09:00 is 00:00Z), `z` and a space for `T` are
 * accepted, and the leap day of 2028 exists (2028-02-29 to 03-01 is 86,400 s). Comments,
 * blank lines and a header are skipped; times are relative to the first sample. */
static void test_trace_rfc3339(void **state) {
    (void)state;
    char dir[] = "/tmp/deploysim-test-trace-XXXXXX";
    assert_non_null(mkdtemp(dir));
    const char *csv = "# requests per second, from the load balancer's log\n"
                      "\n"
                      "timestamp, rps\n"
                      "2026-12-01T09:00:00+09:00, 10\n"
                      "2026-12-01t00:01:00z,20\n"
                      "2026-11-30 19:02:30-05:00 , 40\n";
    const char *path = trace_file(dir, "tz.csv", csv, strlen(csv));
    scenario_t *sc = load_ok(trace_doc(path, "requests"), NULL, 0);
    const service_spec_t *s = &sc->services[0];
    assert_string_equal(s->trace, path);
    assert_near(s->rps, 10, 0);
    assert_int_equal(s->pattern_count, 2);
    assert_true(s->pattern[0].at == 0 && s->pattern[0].ramp == 60 * SIM_SEC);
    assert_near(s->pattern[0].rps, 20, 0);
    assert_true(s->pattern[1].at == 60 * SIM_SEC && s->pattern[1].ramp == 90 * SIM_SEC);
    assert_near(s->pattern[1].rps, 40, 0);
    scenario_free(sc);
    /* days_from_civil across February of a leap year; the first line is data, not a header */
    const char *leap = "2028-02-28T12:00:00Z,1\n2028-02-29T00:00:00Z,2\n2028-03-01T00:00:00Z,3\n";
    path = trace_file(dir, "leap.csv", leap, strlen(leap));
    sc = load_ok(trace_doc(path, "requests"), NULL, 0);
    s = &sc->services[0];
    assert_int_equal(s->pattern_count, 2);
    assert_true(s->pattern[0].ramp == 12 * 3600 * SIM_SEC);
    assert_true(s->pattern[1].at == 12 * 3600 * SIM_SEC && s->pattern[1].ramp == 86400 * SIM_SEC);
    scenario_free(sc);
    unlink(path);
    unlink(trace_file(dir, "tz.csv", "", 0));
    rmdir(dir);
}

/* Each malformed CSV line is reported as FILE:LINE with what it got: dates RFC 3339 refuses
 * (month 0 or 13, day 0 or 32, hour 24, minute 60, second 61 -- 60 is a leap second --, an
 * offset without its colon or minutes, text after the zone, no zone at all), times and rates
 * strtod reads but that are not finite or overflow, a negative or empty rate, a line without
 * a comma, a header that is not the first line, and a first field that is neither a time nor
 * a word. */
static void test_trace_csv_errors(void **state) {
    (void)state;
    char dir[] = "/tmp/deploysim-test-trace-XXXXXX";
    assert_non_null(mkdtemp(dir));
    static const struct {
        const char *line, *want;
    } cases[] = {
        {"2026-00-01T00:00:00Z,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-13-01T00:00:00Z,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-00T00:00:00Z,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-32T00:00:00Z,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-01T24:00:00Z,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-01T00:60:00Z,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-01T00:00:61Z,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-01T00:00:-1Z,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-01T00:00:00+0900,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-01T00:00:00+09:0,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-01T00:00:00Z UTC,1", "time: expected seconds or an RFC 3339 date-time"},
        {"2026-12-01T00:00:00,1", "time: expected seconds or an RFC 3339 date-time"},
        {"inf,1", "time: expected seconds or an RFC 3339 date-time"},
        {"1e999,1", "time: expected seconds or an RFC 3339 date-time"},
        {"60,-1", "rps: expected a number >= 0"},
        {"60,", "rps: expected a number >= 0"},
        {"60,1e999", "rps: expected a number >= 0"},
        {"60,nan", "rps: expected a number >= 0"},
        {"60 1", "expected \"time,rps\""},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[128], want[256];
        snprintf(text, sizeof text, "0,1\n%s\n100000,1\n", cases[k].line);
        snprintf(want, sizeof want, "%s:2: %s (got \"", TRACE_KEY, cases[k].want);
        expect_trace_error(dir, "bad.csv", text, want);
    }
    /* a first line whose first field is neither a time nor a word is no header; "inf" would be */
    expect_trace_error(dir, "bad.csv", "*,1\n", TRACE_KEY ":1: time: expected seconds");
    /* a header after the first sample is an error, not skipped */
    expect_trace_error(dir, "bad.csv", "0,1\ntime,rps\n", TRACE_KEY ":2: time: expected seconds");
    /* more than 20 errors: the first 20, then how many more */
    char many[1024] = "";
    for (int i = 0; i < 25; i++)
        strcat(many, "x;1\n");
    expect_trace_error(dir, "bad.csv", many, TRACE_KEY ":20: expected \"time,rps\" (got \"x;1\")");
    expect_trace_error(dir, "bad.csv", many, TRACE_KEY ": 5 more errors not shown");
    char *all = load_fail(trace_doc(trace_file(dir, "bad.csv", many, strlen(many)), "requests"));
    if (strstr(all, ":21:")) fail_msg("the 21st error was shown:\n%s", all);
    free(all);
    /* a file with only a header has no samples; a span over 10 years does not fit the clock;
     * a NUL byte is not text */
    expect_trace_error(dir, "empty.csv", "time,rps\n", "trace.file: \"%s\" has no samples");
    expect_trace_error(dir, "long.csv", "0,1\n400000000,1\n",
                       "trace.file: \"%s\" spans 400000000 s: at most 10 years (315360000 s)");
    const char nul[] = "0,1\n\0\n";
    const char *path = trace_file(dir, "nul.csv", nul, sizeof nul - 1);
    all = load_fail(trace_doc(path, "requests"));
    assert_non_null(strstr(all, "not a text file (it contains a NUL byte)"));
    free(all);
    /* fidelity fluid takes up to 1e12 req/s: above it, no hint to switch fidelity */
    path = trace_file(dir, "peak.csv", "0,2e12\n", 7);
    all = load_fail(trace_doc(path, "fluid"));
    if (!strstr(all, "peaks at 2000000000000 req/s (times scale): at most 1000000000000 with "
                     "fidelity \"fluid\"\n"))
        fail_msg("%s", all);
    free(all);
    static const char *const files[] = {"bad.csv", "empty.csv", "long.csv", "nul.csv", "peak.csv"};
    for (size_t k = 0; k < sizeof files / sizeof files[0]; k++) {
        char p[256];
        snprintf(p, sizeof p, "%s/%s", dir, files[k]);
        unlink(p);
    }
    rmdir(dir);
}

/* The JSON of a Prometheus range query (prometheus/prometheus web/api/v1/api.go: a response
 * {"status": "success"|"error", "data": {"resultType": "matrix", "result": [{"metric": ...,
 * "values": [[unix_time, "value"], ...]}]}}): an error response, another result type, no or
 * two series, values that are not pairs of a number and a string, times not increasing, and
 * more than 20 bad samples, each with its JSON path inside the file. A file named .json is
 * read as JSON whatever it starts with. */
static void test_trace_prometheus_errors(void **state) {
    (void)state;
    char dir[] = "/tmp/deploysim-test-trace-XXXXXX";
    assert_non_null(mkdtemp(dir));
#define SERIES(v)                                                                                  \
    "{\"status\": \"success\", \"data\": {\"resultType\": \"matrix\", \"result\": " v "}}"
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"{\"status\": \"error\", \"errorType\": \"bad_data\"}",
         ": status: the query did not succeed (got \"error\")"},
        {"[]", ": resultType: expected \"matrix\": the result of a range query "
               "(/api/v1/query_range) (got \"none\")"},
        {"{\"data\": {\"resultType\": \"vector\", \"result\": []}}",
         ": data.resultType: expected \"matrix\": the result of a range query "
         "(/api/v1/query_range) (got \"vector\")"},
        {SERIES("{}"), ": data.result: expected exactly one series: aggregate the query, e.g. "
                       "sum(rate(http_requests_total[1m]))"},
        {SERIES("[{\"values\": []}, {\"values\": []}]"),
         ": data.result: expected exactly one series"},
        {SERIES("[{\"values\": {}}]"),
         ": data.result[0].values: expected an array of [time, \"value\"] pairs"},
        {SERIES("[{\"values\": [1]}]"),
         ": data.result[0].values[0]: expected [time, \"value\"] (a number and a string)"},
        {SERIES("[{\"values\": [[1, \"2\", 3]]}]"),
         ": data.result[0].values[0]: expected [time, \"value\"] (a number and a string)"},
        {SERIES("[{\"values\": [[\"1\", \"2\"]]}]"),
         ": data.result[0].values[0]: expected [time, \"value\"] (a number and a string)"},
        {SERIES("[{\"values\": [[1, 2]]}]"),
         ": data.result[0].values[0]: expected [time, \"value\"] (a number and a string)"},
        {SERIES("[{\"values\": [[60, \"1\"], [60, \"2\"]]}]"),
         ": data.result[0].values[1][0]: times must increase"},
    };
#undef SERIES
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char want[512];
        snprintf(want, sizeof want, "%s%s", TRACE_KEY, cases[k].want);
        expect_trace_error(dir, "q.json", cases[k].text, want);
    }
    char many[2048] = "{\"data\": {\"resultType\": \"matrix\", \"result\": [{\"values\": [";
    for (int i = 0; i < 22; i++)
        strcat(many, i ? ", [1, 1]" : "[1, 1]");
    strcat(many, "]}]}}");
    expect_trace_error(dir, "q.json", many, TRACE_KEY ": 2 more errors not shown");
    char p[256];
    snprintf(p, sizeof p, "%s/q.json", dir);
    unlink(p);
    rmdir(dir);
}

/* The file itself: relative to the scenario's folder (none for "t.json": the working
 * folder), a directory or a file over 64 MiB cannot be read (a sparse file: nothing is
 * written). */
static void test_trace_file_errors(void **state) {
    (void)state;
    char dir[] = "/tmp/deploysim-test-trace-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *all = load_fail(trace_doc("no-such-trace.csv", "requests"));
    assert_non_null(strstr(all,
                           "services[0].traffic.trace.file: cannot open \"no-such-trace.csv\": "
                           "No such file or directory"));
    free(all);
    all = load_fail(trace_doc(dir, "requests"));
    char want[256];
    snprintf(want, sizeof want, "services[0].traffic.trace.file: cannot read \"%s\"", dir);
    if (!strstr(all, want)) fail_msg("expected \"%s\" among:\n%s", want, all);
    free(all);
    const char *big = trace_file(dir, "big.csv", "0,1\n", 4);
    assert_int_equal(truncate(big, (64L << 20) + 1), 0);
    all = load_fail(trace_doc(big, "requests"));
    snprintf(want, sizeof want, "cannot read \"%s\": larger than 64 MiB", big);
    if (!strstr(all, want)) fail_msg("expected \"%s\" among:\n%s", want, all);
    free(all);
    unlink(big);
    /* a file of any name that starts with '{' (after blanks) is a Prometheus response */
    const char *prom = "  \n{\"status\": \"error\"}";
    const char *txt = trace_file(dir, "q.txt", prom, strlen(prom));
    all = load_fail(trace_doc(txt, "requests"));
    snprintf(want, sizeof want, "%s: status: the query did not succeed (got \"error\")", txt);
    if (!strstr(all, want)) fail_msg("expected \"%s\" among:\n%s", want, all);
    free(all);
    unlink(txt);
    rmdir(dir);
    /* the key itself */
#define TRACE_SVC(t)                                                                               \
    "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "          \
    "[{\"name\": \"web\", \"traffic\": {\"trace\": " t "}}]}"
    expect_error(TRACE_SVC("5"), "services[0].traffic.trace: expected an object, got a number (5)");
    expect_error(TRACE_SVC("{\"file\": 3}"),
                 "services[0].traffic.trace.file: expected a string, got a number (3)");
    expect_error(TRACE_SVC("{\"file\": \"a.csv\", \"from\": 1}"),
                 "services[0].traffic.trace.from: unknown key");
#undef TRACE_SVC
}

/* Values of the wrong shape nested inside each block, every one refused with its JSON path
 * (exit 2 from the CLI): objects that are numbers, unknown keys, and the rules upstream
 * validates there -- k8s pkg/apis/core/validation (ValidateTolerations: "must be empty when
 * operator is Exists", an empty key needs Exists; ValidateNodeSelectorRequirement: no values
 * for Exists, one integer for Gt/Lt; validateProbe: successThreshold must be 1 for liveness
 * and startup probes), cluster-autoscaler expander/priority/priority.go (a priority is an
 * integer key, its value a list of regexps that compile), argo's
 * pkg/apis/rollouts/validation (steps and blueGreen keys), and smoke traffic to the
 * preview only with a BlueGreen previewService; then the seed (an integer 0..2^53), node
 * names (POOL-N, N >= 1) and pod names, faults, ui.focus and ui.charts, SLO percentages
 * (strictly between 0 % and 100 %: the SRE workbook's error budget), intOrString percentages
 * (apimachinery intstr: "25%", never negative) and names that are no DNS-1123 label
 * (IsDNS1123Label). `kind` says where the fragment goes: S a service, P the node pool, K
 * cluster, T the top level. */
static void test_nested_shape_errors(void **state) {
    (void)state;
    static const struct {
        char kind;
        const char *frag, *want;
    } cases[] = {
        {'S', "\"affinity\": {\"nodeAffinity\": {\"x\": 1}}",
         "services[0].affinity.nodeAffinity.x: unknown key (valid keys here: "
         "requiredDuringSchedulingIgnoredDuringExecution, "
         "preferredDuringSchedulingIgnoredDuringExecution)"},
        {'S',
         "\"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "5}}",
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution: "
         "expected an object, got a number (5)"},
        {'S',
         "\"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "{\"nodeSelectorTerms\": []}}}",
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms: must not be empty"},
        {'S',
         "\"affinity\": {\"nodeAffinity\": {\"preferredDuringSchedulingIgnoredDuringExecution\": "
         "[5]}}",
         "services[0].affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]: "
         "expected an object, got a number (5)"},
        {'S', "\"tolerations\": [5]",
         "services[0].tolerations[0]: expected an object, got a number (5)"},
        {'S', "\"tolerations\": [{\"key\": \"k\", \"operator\": \"Exists\", \"value\": \"v\"}]",
         "services[0].tolerations[0].value: must be empty when operator is Exists"},
        {'S', "\"tolerations\": [{\"operator\": \"Equal\", \"value\": \"v\"}]",
         "services[0].tolerations[0].operator: must be Exists when key is empty"},
        {'S',
         "\"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "{\"nodeSelectorTerms\": [{\"matchExpressions\": [{\"key\": \"k\", \"operator\": "
         "\"Exists\", \"values\": [\"a\"]}]}]}}}",
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values: must be empty for operator Exists"},
        {'S',
         "\"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "{\"nodeSelectorTerms\": [{\"matchExpressions\": [{\"key\": \"k\", \"operator\": \"Gt\", "
         "\"values\": [\"x\"]}]}]}}}",
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0].matchExpressions[0].values[0]: must be an integer"},
        {'P', "\"zones\": [\"a\", 3]",
         "cluster.nodePools[0].zones[1]: expected a zone name, got a number (3)"},
        {'P', "\"zones\": [\"\"]",
         "cluster.nodePools[0].zones[0]: expected a zone name, got a string (\"\")"},
        {'P', "\"labels\": 5", "cluster.nodePools[0].labels: expected an object, got a number (5)"},
        {'S', "\"affinity\": {\"podAffinity\": {\"x\": 1}}",
         "services[0].affinity.podAffinity.x: unknown key (valid keys here: "
         "requiredDuringSchedulingIgnoredDuringExecution, "
         "preferredDuringSchedulingIgnoredDuringExecution)"},
        {'S',
         "\"affinity\": {\"podAntiAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "[{\"topologyKey\": \"kubernetes.io/hostname\", \"labelSelector\": 5}]}}",
         "services[0].affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector: expected an object, got a number (5)"},
        {'S',
         "\"affinity\": {\"podAntiAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "[{\"topologyKey\": \"kubernetes.io/hostname\", \"labelSelector\": {\"matchLabels\": "
         "5}}]}}",
         "services[0].affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector.matchLabels: expected an object, got a number (5)"},
        {'S',
         "\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": "
         "\"kubernetes.io/hostname\", \"whenUnsatisfiable\": \"DoNotSchedule\", \"labelSelector\": "
         "5}]",
         "services[0].topologySpreadConstraints[0].labelSelector: expected an object, got a number "
         "(5)"},
        {'S',
         "\"topologySpreadConstraints\": [{\"maxSkew\": 1, \"topologyKey\": "
         "\"kubernetes.io/hostname\", \"whenUnsatisfiable\": \"DoNotSchedule\", \"labelSelector\": "
         "{\"matchLabels\": 5}}]",
         "services[0].topologySpreadConstraints[0].labelSelector.matchLabels: expected an object, "
         "got a number (5)"},
        {'T', "\"priorityClasses\": [{\"name\": \"hi\", \"value\": 5, \"x\": 1}]",
         "priorityClasses[0].x: unknown key (valid keys here: name, value, preemptionPolicy, "
         "globalDefault, description)"},
        {'S', "\"livenessProbe\": {\"successThreshold\": 2}",
         "services[0].livenessProbe.successThreshold: must be 1 for a livenessProbe"},
        {'S', "\"startupProbe\": {\"successThreshold\": 3}",
         "services[0].startupProbe.successThreshold: must be 1 for a startupProbe"},
        {'S', "\"image\": 5", "services[0].image: expected an object, got a number (5)"},
        {'S', "\"resources\": 5", "services[0].resources: expected an object, got a number (5)"},
        {'S', "\"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": 5}",
         "services[0].strategy.rollingUpdate: expected an object, got a number (5)"},
        {'S', "\"strategy\": {\"type\": \"Canary\", \"canary\": 5}",
         "services[0].strategy.canary: expected an object, got a number (5)"},
        {'S', "\"traffic\": {\"preview\": 5}",
         "services[0].traffic.preview: expected an object, got a number (5)"},
        {'S', "\"traffic\": {\"rps\": 5, \"preview\": {\"rps\": 1}}",
         "services[0].traffic.preview: smoke traffic goes to the preview Service: needs a "
         "BlueGreen strategy with blueGreen.previewService"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Resource\", "
         "\"resource\": {\"name\": \"cpu\", \"target\": {\"type\": \"Utilization\", "
         "\"averageUtilization\": 50, \"x\": 1}}}]}",
         "services[0].hpa.metrics[0].resource.target.x: unknown key (valid keys here: type, "
         "averageUtilization, averageValue, value)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Resource\", "
         "\"x\": 1}]}",
         "services[0].hpa.metrics[0].x: unknown key (valid keys here: type, resource, pods, "
         "object, external)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Pods\", "
         "\"pods\": 5}]}",
         "services[0].hpa.metrics[0].pods: expected an object, got a number (5)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Object\", "
         "\"object\": 5}]}",
         "services[0].hpa.metrics[0].object: expected an object, got a number (5)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"External\", "
         "\"external\": 5}]}",
         "services[0].hpa.metrics[0].external: expected an object, got a number (5)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Object\", "
         "\"object\": {\"metric\": {\"name\": \"q\"}, \"describedObject\": 5, \"target\": "
         "{\"type\": \"Value\", \"value\": \"1\"}}}]}",
         "services[0].hpa.metrics[0].object.describedObject: expected an object, got a number (5)"},
        {'P', "\"spot\": 5", "cluster.nodePools[0].spot: expected an object, got a number (5)"},
        {'S', "\"slo\": 5", "services[0].slo: expected an object, got a number (5)"},
        {'S', "\"slo\": {\"availability\": \"99%\", \"latency\": 5}",
         "services[0].slo.latency: expected an object, got a number (5)"},
        {'S', "\"slo\": {\"availability\": \"99%\", \"window\": \"0d\"}",
         "services[0].slo.window: must be from 1m to 366d (a day is \"24h\" or 86400)"},
        {'S', "\"slo\": {\"availability\": \"99%\", \"window\": \"1000d\"}",
         "services[0].slo.window: bad duration \"1000d\": use seconds (a number) or a string with "
         "units h, m, s, ms, us (\"1m30s\") (did you mean \"24000h\"?) (the range is 0 to 10 "
         "years, 315360000 s)"},
        {'S', "\"slo\": {\"availability\": \"99%\", \"window\": \"30x\"}",
         "services[0].slo.window: bad duration \"30x\": use seconds (a number) or a string with "
         "units h, m, s, ms, us (\"1m30s\") (the range is 0 to 10 years, 315360000 s)"},
        {'T',
         "\"events\": [{\"at\": \"1m\", \"action\": \"patch\", \"service\": \"web\", \"spec\": "
         "{\"strategy\": {\"rollingUpdate\": 5}}}]",
         "events[0].spec.strategy.rollingUpdate: expected an object, got a number (5)"},
        {'T',
         "\"events\": [{\"at\": \"1m\", \"action\": \"patch\", \"service\": \"web\", \"spec\": "
         "{\"x\": 1}}]",
         "events[0].spec.x: unknown key (valid keys here: replicas, minReadySeconds, "
         "progressDeadlineSeconds, revisionHistoryLimit, strategy, template)"},
        {'T', "\"events\": [{\"at\": \"1m\", \"action\": \"failZone\"}]",
         "events[0].zone: required key missing"},
        {'T',
         "\"events\": [{\"at\": \"1m\", \"action\": \"addNode\", \"service\": \"web\", \"pool\": "
         "\"w\"}]",
         "events[0].service: not a key of action \"addNode\" (it takes pool)"},
        {'T', "\"events\": [{\"at\": \"1m\", \"action\": \"killPod\"}]",
         "events[0]: killPod needs exactly one of pod, service"},
        {'K', "\"autoscaler\": {\"x\": 1}",
         "cluster.autoscaler.x: unknown key (valid keys here: expander, priorities)"},
        {'K', "\"autoscaler\": {\"expander\": \"random\", \"priorities\": {\"10\": [\"w\"]}}",
         "cluster.autoscaler.priorities: only read with \"expander\": \"priority\""},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": 5}",
         "cluster.autoscaler.priorities: expected an object, got a number (5)"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"x\": [\"w\"]}}",
         "cluster.autoscaler.priorities.x: a priority is an integer (got \"x\")"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"1.5\": [\"w\"]}}",
         "cluster.autoscaler.priorities.1.5: a priority is an integer (got \"1.5\")"},
        {'K',
         "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"2000000000\": [\"w\"]}}",
         "cluster.autoscaler.priorities.2000000000: a priority is an integer (got \"2000000000\")"},
        {'K',
         "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"-2000000000\": [\"w\"]}}",
         "cluster.autoscaler.priorities.-2000000000: a priority is an integer (got "
         "\"-2000000000\")"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"\": [\"w\"]}}",
         "cluster.autoscaler.priorities.: a priority is an integer (got \"\")"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"10\": []}}",
         "cluster.autoscaler.priorities.10: a non-empty list of node-group name regexps"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"10\": \"w\"}}",
         "cluster.autoscaler.priorities.10: a non-empty list of node-group name regexps"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"10\": [\"\"]}}",
         "cluster.autoscaler.priorities.10[0]: not a regular expression (POSIX extended)"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"10\": [3]}}",
         "cluster.autoscaler.priorities.10[0]: not a regular expression (POSIX extended)"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\", \"priorities\": {\"10\": [\"(\"]}}",
         "cluster.autoscaler.priorities.10[0]: not a regular expression (POSIX extended)"},
        {'K', "\"autoscaler\": {\"expander\": \"priority\"}",
         "cluster.autoscaler.priorities: the priority expander needs priorities ({\"PRIORITY\": "
         "[\"NODE-GROUP REGEXP\", ...]})"},
        {'S', "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"x\": 1}]}}",
         "services[0].strategy.canary.steps[0].x: unknown key (valid keys here: setWeight, pause, "
         "analysis, setCanaryScale)"},
        {'S',
         "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"setCanaryScale\": 5}]}}",
         "services[0].strategy.canary.steps[0].setCanaryScale: expected an object, got a number "
         "(5)"},
        {'S', "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"pause\": 5}]}}",
         "services[0].strategy.canary.steps[0].pause: expected an object, got a number (5)"},
        {'S', "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"trafficRouting\": 5}}",
         "services[0].strategy.canary.trafficRouting: expected an object, got a number (5)"},
        {'S',
         "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"trafficRouting\": {\"ingress\": 5}}}",
         "services[0].strategy.canary.trafficRouting.ingress: expected a string, got a number (5)"},
        {'S', "\"strategy\": {\"type\": \"BlueGreen\", \"blueGreen\": {\"x\": 1}}",
         "services[0].strategy.blueGreen.x: unknown key (valid keys here: autoPromotionEnabled, "
         "autoPromotionSeconds, scaleDownDelaySeconds, previewReplicaCount, previewService, "
         "abortScaleDownDelaySeconds, scaleDownDelayRevisionLimit, postPromotionAnalysis, "
         "prePromotionAnalysis)"},
        {'S',
         "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"setWeight\": 20}], "
         "\"analysis\": {\"templates\": []}}}",
         "services[0].strategy.canary.analysis.templates: unknown key (valid keys here: interval, "
         "count, maxErrorRate, maxP99, failureLimit, inconclusiveLimit, consecutiveErrorLimit, "
         "startingStep)"},
        {'S', "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [{\"analysis\": 5}]}}",
         "services[0].strategy.canary.steps[0].analysis: expected an object ({}), got a number "
         "(5)"},
        {'S', "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"background\": 5}}",
         "services[0].strategy.canary.background: unknown key (valid keys here: steps, analysis, "
         "maxSurge, maxUnavailable, trafficRouting, abortScaleDownDelaySeconds, "
         "scaleDownDelaySeconds, scaleDownDelayRevisionLimit, dynamicStableScale)"},
        {'T', "\"seed\": 1.5", "seed: expected an integer from 0 to 2^53, got a number (1.5)"},
        {'T', "\"seed\": -1", "seed: expected an integer from 0 to 2^53, got a number (-1)"},
        {'T', "\"seed\": \"x\"", "seed: expected an integer from 0 to 2^53, got a string (\"x\")"},
        {'T', "\"seed\": 1e20", "seed: expected an integer from 0 to 2^53, got a number (1e+20)"},
        {'T', "\"events\": [{\"at\": \"1m\", \"action\": \"failNode\", \"node\": \"w-\"}]",
         "events[0].node: unknown node \"w-\" (nodes are named POOL-N: w-1)"},
        {'T', "\"events\": [{\"at\": \"1m\", \"action\": \"failNode\", \"node\": \"w-x\"}]",
         "events[0].node: unknown node \"w-x\" (nodes are named POOL-N: w-1)"},
        {'T',
         "\"events\": [{\"at\": \"1m\", \"action\": \"failNode\", \"node\": \"w-1234567890\"}]",
         "events[0].node: unknown node \"w-1234567890\" (nodes are named POOL-N: w-1)"},
        {'T', "\"events\": [{\"at\": \"1m\", \"action\": \"failNode\", \"node\": \"w-0\"}]",
         "events[0].node: unknown node \"w-0\" (pool w has one node, w-1)"},
        {'T', "\"events\": [{\"at\": \"1m\", \"action\": \"killPod\", \"pod\": \"nothing-abc\"}]",
         "events[0].pod: unknown pod \"nothing-abc\" (pods are named SERVICE-HASH-XXXXX, e.g. "
         "web-7d4b9c8f6-x2k9q; or give \"service\" to kill one of its pods)"},
        {'T', "\"events\": [{\"at\": \"1m\", \"action\": \"killPod\", \"pod\": \"webx\"}]",
         "events[0].pod: unknown pod \"webx\" (pods are named SERVICE-HASH-XXXXX, e.g. "
         "web-7d4b9c8f6-x2k9q; or give \"service\" to kill one of its pods)"},
        {'T', "\"faults\": [{\"type\": \"podCrash\", \"mtbf\": \"1h\"}]",
         "faults[0].service: required key missing"},
        {'T', "\"faults\": [{\"type\": \"zoneFailure\", \"mtbf\": \"1h\"}]",
         "faults[0].zone: required key missing"},
        {'T', "\"faults\": [{\"type\": \"zoneFailure\", \"mtbf\": \"1h\", \"zone\": 3}]",
         "faults[0].zone: expected a string, got a number (3)"},
        {'T',
         "\"faults\": [{\"type\": \"podCrash\", \"mtbf\": \"1h\", \"service\": \"web\", \"zone\": "
         "\"a\"}]",
         "faults[0].zone: not a key of a podCrash (it takes service, mtbf)"},
        {'T', "\"ui\": {\"focus\": [\"\"]}",
         "ui.focus[0]: expected a service name (\"name\" or \"namespace/name\"), got a string "
         "(\"\")"},
        {'T', "\"ui\": {\"focus\": [3]}",
         "ui.focus[0]: expected a service name (\"name\" or \"namespace/name\"), got a number (3)"},
        {'T', "\"ui\": {\"charts\": [\"requests\", \"requests\"]}",
         "ui.charts[1]: chart \"requests\" is listed twice"},
        {'S', "\"version\": \"v1\", \"versions\": {\"v2\": {\"spec\": {\"x\": 1}}}",
         "services[0].versions.v2.spec: unknown key (valid keys here: image, resources, "
         "capacityRps, concurrency, queueLimit, serviceTime, startup, readinessProbe, "
         "terminationGracePeriodSeconds, preStop, dependencies, errorRate, latency, crashAfter, "
         "livenessProbe, startupProbe, hangAfter, unreadyAfter, memoryWorkingSet, "
         "memoryPerRequest)"},
        {'S', "\"version\": \"v1\", \"versions\": {\"v2\": {\"metadata\": {}}}",
         "services[0].versions.v2.metadata: unknown key (valid keys here: image, resources, "
         "capacityRps, concurrency, queueLimit, serviceTime, startup, readinessProbe, "
         "terminationGracePeriodSeconds, preStop, dependencies, errorRate, latency, crashAfter, "
         "livenessProbe, startupProbe, hangAfter, unreadyAfter, memoryWorkingSet, "
         "memoryPerRequest)"},
        {'S',
         "\"traffic\": {\"trace\": {\"file\": \"x.csv\"}, \"pattern\": [{\"at\": \"1m\", \"rps\": "
         "5}]}",
         "services[0].traffic.trace: replaces rps and pattern: give only one of them"},
        {'S',
         "\"traffic\": {\"rps\": 5, \"preview\": {\"rps\": 1}}, \"strategy\": {\"type\": "
         "\"BlueGreen\", \"blueGreen\": {}}",
         "services[0].traffic.preview: smoke traffic goes to the preview Service: needs a "
         "BlueGreen strategy with blueGreen.previewService"},
        {'S',
         "\"traffic\": {\"rps\": 5, \"preview\": {\"rps\": 1}}, \"strategy\": {\"type\": "
         "\"BlueGreen\", \"blueGreen\": {\"previewService\": \"p\", \"prePromotionAnalysis\": "
         "{\"maxP99\": \"1s\"}}}",
         "services[0].strategy.blueGreen.prePromotionAnalysis.maxP99: the preview's test traffic "
         "measures the error rate only (use maxErrorRate)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Resource\", "
         "\"resource\": {\"name\": \"memory\", \"target\": {\"type\": \"AverageValue\", "
         "\"averageValue\": \"x\"}}}]}",
         "services[0].hpa.metrics[0].resource.target.averageValue: bad quantity \"x\": expected a "
         "number of bytes with an optional suffix Ki, Mi, Gi, Ti, k, M, G, T (\"512Mi\") (the "
         "range is 0 to 1Pi)"},
        {'S', "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": []}",
         "services[0].hpa.metrics: needs at least one metric (or leave it out: CPU at "
         "targetCPUUtilizationPercentage)"},
        {'S', "\"slo\": {\"availability\": \"99\"}",
         "services[0].slo.availability: expected a percentage (\"99.9%\"), got a string (\"99\")"},
        {'S', "\"slo\": {\"availability\": \"100%\"}",
         "services[0].slo.availability: 100% is out of range: an objective is above 0% and below "
         "100% (100% leaves no error budget)"},
        {'S', "\"slo\": {\"availability\": \"0%\"}",
         "services[0].slo.availability: 0% is out of range: an objective is above 0% and below "
         "100% (100% leaves no error budget)"},
        {'S', "\"slo\": {\"availability\": \"x%\"}",
         "services[0].slo.availability: expected a percentage (\"99.9%\"), got a string (\"x%\")"},
        {'S', "\"slo\": {\"availability\": \"99%\", \"window\": \"d\"}",
         "services[0].slo.window: bad duration \"d\": use seconds (a number) or a string with "
         "units h, m, s, ms, us (\"1m30s\") (the range is 0 to 10 years, 315360000 s)"},
        {'S', "\"slo\": {\"availability\": \"99%\", \"window\": \"1234d\"}",
         "services[0].slo.window: bad duration \"1234d\": use seconds (a number) or a string with "
         "units h, m, s, ms, us (\"1m30s\") (did you mean \"29616h\"?) (the range is 0 to 10 "
         "years, 315360000 s)"},
        {'S', "\"slo\": {\"latency\": {\"threshold\": \"300ms\"}}",
         "services[0].slo.latency.percent: required key missing"},
        {'S', "\"slo\": {\"latency\": {\"percent\": \"99%\"}}",
         "services[0].slo.latency.threshold: required key missing"},
        {'S', "\"slo\": {\"latency\": {\"threshold\": \"300ms\", \"percent\": \"99%\", \"x\": 1}}",
         "services[0].slo.latency.x: unknown key (valid keys here: threshold, percent)"},
        {'S', "\"namespace\": \"Shop_1\"",
         "services[0].namespace: namespace \"Shop_1\" is not a DNS-1123 label: at most 63 "
         "characters, lowercase letters, digits and '-', starting and ending with a letter or "
         "digit (Kubernetes' IsDNS1123Label)"},
        {'S',
         "\"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": \"-5%\"}}",
         "services[0].strategy.rollingUpdate.maxSurge: must not be negative (the range is 0% to "
         "10000%; got \"-5%\")"},
        {'S',
         "\"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": \"5\"}}",
         "services[0].strategy.rollingUpdate.maxSurge: expected an integer or a percentage "
         "(\"25%\"), got a string (\"5\")"},
        {'S',
         "\"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": \"%\"}}",
         "services[0].strategy.rollingUpdate.maxSurge: expected an integer or a percentage "
         "(\"25%\"), got a string (\"%\")"},
        {'S',
         "\"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": true}}",
         "services[0].strategy.rollingUpdate.maxSurge: expected an integer or a percentage "
         "(\"25%\"), got true"},
        {'S',
         "\"strategy\": {\"type\": \"RollingUpdate\", \"rollingUpdate\": {\"maxSurge\": "
         "\"a-very-long-string-value-of-many-characters\"}}",
         "services[0].strategy.rollingUpdate.maxSurge: expected an integer or a percentage "
         "(\"25%\"), got a string (\"a-very-long-string-value...\")"},
        {'S',
         "\"strategy\": {\"type\": "
         "\"RollingUpdatexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}",
         "services[0].strategy.type: unknown strategy type "
         "\"RollingUpdatexxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" "
         "(did you mean \"RollingUpdate\"?)"},
        {'T',
         "\"faults\": [{\"type\": \"nodeFailure\", \"pool\": \"w\", \"mtbf\": {\"dist\": "
         "\"uniform\", \"min\": 0, \"max\": 0}}]",
         "faults[0].mtbf.max: must be greater than 0"},
        {'T',
         "\"faults\": [{\"type\": \"nodeFailure\", \"pool\": \"w\", \"mtbf\": {\"dist\": "
         "\"uniform\", \"min\": 0, \"max\": -1}}]",
         "faults[0].mtbf.max: bad duration -1: must not be negative (the range is 0 to 10 years, "
         "315360000 s)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Resource\", "
         "\"resource\": {\"name\": \"cpu\", \"target\": 5}}]}",
         "services[0].hpa.metrics[0].resource.target: expected an object, got a number (5)"},
        {'S', "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [5]}",
         "services[0].hpa.metrics[0]: expected an object, got a number (5)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Resource\", "
         "\"resource\": 5}]}",
         "services[0].hpa.metrics[0].resource: expected an object, got a number (5)"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Object\", "
         "\"object\": {\"metric\": {\"name\": \"q\"}, \"describedObject\": {}, \"target\": "
         "{\"type\": \"Value\", \"value\": \"1\"}, \"series\": [{\"at\": \"0s\", \"value\": "
         "\"1\"}]}}]}",
         "services[0].hpa.metrics[0].object.describedObject.kind: required key missing"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Object\", "
         "\"object\": {\"metric\": {\"name\": \"q\"}, \"describedObject\": {\"name\": \"x\"}, "
         "\"target\": {\"type\": \"Value\", \"value\": \"1\"}, \"series\": [5]}}]}",
         "services[0].hpa.metrics[0].object.describedObject.kind: required key missing"},
        {'S',
         "\"hpa\": {\"minReplicas\": 1, \"maxReplicas\": 3, \"metrics\": [{\"type\": \"Pods\", "
         "\"pods\": {\"metric\": 5, \"target\": {\"type\": \"AverageValue\", \"averageValue\": "
         "\"1\"}}}]}",
         "services[0].hpa.metrics[0].pods.metric: expected an object, got a number (5)"},
        {'T',
         "\"events\": [{\"at\": \"1m\", \"action\": \"patch\", \"service\": \"web\", \"spec\": 5}]",
         "events[0].spec: expected an object, got a number (5)"},
        {'T',
         "\"events\": [{\"at\": \"1m\", \"action\": \"patch\", \"service\": \"web\", \"spec\": "
         "{\"strategy\": {\"rollingUpdate\": {\"maxSurge\": 1}, \"canary\": {}}}}]",
         "events[0].spec.strategy.canary: not patched by the model (a RollingUpdate strategy takes "
         "rollingUpdate.maxSurge and maxUnavailable)"},
        {'S', "\"affinity\": {\"nodeAffinity\": 5}",
         "services[0].affinity.nodeAffinity: expected an object, got a number (5)"},
        {'S', "\"affinity\": {\"podAffinity\": 5}",
         "services[0].affinity.podAffinity: expected an object, got a number (5)"},
        {'T', "\"priorityClasses\": [5]",
         "priorityClasses[0]: expected an object, got a number (5)"},
        {'S', "\"version\": \"v1\", \"versions\": {\"v2\": 5}",
         "services[0].versions.v2: expected an object, got a number (5)"},
        {'S', "\"strategy\": {\"type\": \"Canary\", \"canary\": {\"steps\": [5]}}",
         "services[0].strategy.canary.steps[0]: expected an object, got a number (5)"},
        {'S', "\"strategy\": {\"type\": \"BlueGreen\", \"blueGreen\": 5}",
         "services[0].strategy.blueGreen: expected an object, got a number (5)"},
        {'S', "\"traffic\": {\"preview\": {}}",
         "services[0].traffic.preview.rps: required key missing"},
        {'K', "\"autoscaler\": 5", "cluster.autoscaler: expected an object, got a number (5)"},
        {'T', "\"faults\": [{\"type\": \"nodeFailure\", \"mtbf\": \"1h\"}]",
         "faults[0].pool: required key missing"},
        {'S',
         "\"affinity\": {\"podAntiAffinity\": "
         "{\"preferredDuringSchedulingIgnoredDuringExecution\": [5]}}",
         "services[0].affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]: "
         "expected an object, got a number (5)"},
        {'S',
         "\"affinity\": {\"podAntiAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "[5]}}",
         "services[0].affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]: "
         "expected an object, got a number (5)"},
        {'S',
         "\"affinity\": {\"podAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "[{\"topologyKey\": \"kubernetes.io/hostname\"}]}}",
         "services[0].affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector: required key missing"},
        {'S',
         "\"affinity\": {\"podAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "[{\"topologyKey\": \"rack\", \"labelSelector\": {\"matchLabels\": {\"app\": "
         "\"web\"}}}]}}",
         "services[0].affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "topologyKey: unknown topology key \"rack\" (one of kubernetes.io/hostname, "
         "topology.kubernetes.io/zone)"},
        {'S',
         "\"affinity\": {\"podAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "[{\"topologyKey\": \"kubernetes.io/hostname\", \"labelSelector\": {\"matchLabels\": "
         "{}}}]}}",
         "services[0].affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector.matchLabels.app: required key missing"},
        {'S',
         "\"affinity\": {\"podAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "[{\"topologyKey\": \"kubernetes.io/hostname\", \"labelSelector\": {\"matchLabels\": "
         "{\"app\": \"nothere\"}}}]}}",
         "services[0].affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]."
         "labelSelector: app \"nothere\" is no service of namespace default (the model's pods "
         "carry app=SERVICE)"},
        {'S',
         "\"affinity\": {\"nodeAffinity\": {\"preferredDuringSchedulingIgnoredDuringExecution\": "
         "[{\"weight\": 1}]}}",
         "services[0].affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]."
         "preference: required key missing"},
        {'S',
         "\"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "{\"nodeSelectorTerms\": [5]}}}",
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms[0]: expected an object, got a number (5)"},
        {'S',
         "\"affinity\": {\"nodeAffinity\": {\"requiredDuringSchedulingIgnoredDuringExecution\": "
         "{}}}",
         "services[0].affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution."
         "nodeSelectorTerms: required key missing"},
        {'S', "\"nodeSelector\": 5",
         "services[0].nodeSelector: expected an object, got a number (5)"},
        {'S', "\"nodeSelector\": {\"\": \"x\"}",
         "services[0].nodeSelector: a label key must not be empty"},
        {'P', "\"taints\": [5]",
         "cluster.nodePools[0].taints[0]: expected an object, got a number (5)"},
        {'P', "\"labels\": {\"kubernetes.io/hostname\": \"x\"}",
         "cluster.nodePools[0].labels.kubernetes.io/hostname: set by the pool's zone, the node's "
         "name or instanceType, not as a label"},
        {'S', "\"priorityClassName\": \"nothere\"",
         "services[0].priorityClassName: unknown priority class \"nothere\" (priority classes: "
         "system-cluster-critical, system-node-critical)"},
        {'T',
         "\"priorityClasses\": [{\"name\": \"a\", \"value\": 1, \"globalDefault\": true}, "
         "{\"name\": \"b\", \"value\": 2, \"globalDefault\": true}]",
         "priorityClasses[1].globalDefault: only one priority class may be the global default (a "
         "is already)"},
        {'S',
         "\"tolerations\": [{\"key\": \"k\", \"operator\": \"Exists\", \"effect\": \"NoSchedule\", "
         "\"tolerationSeconds\": 5}]",
         "services[0].tolerations[0].tolerationSeconds: only with effect NoExecute"},
        {'S', "\"capacityRps\": 1e999",
         "services[0].capacityRps: expected a number, got a number (inf)"},
        {'S', "\"replicas\": 1e999",
         "services[0].replicas: must be between 0 and 100000 (got inf)"},
        {'T',
         "\"faults\": [{\"type\": \"nodeFailure\", \"pool\": \"w\", \"mtbf\": {\"dist\": "
         "\"uniform\", \"min\": \"0s\", \"max\": \"0s\"}}]",
         "faults[0].mtbf.max: must be greater than 0"},
        {'T',
         "\"faults\": [{\"type\": \"nodeFailure\", \"pool\": \"w\", \"mtbf\": {\"dist\": "
         "\"exponential\", \"mean\": \"0s\"}}]",
         "faults[0].mtbf.mean: must be greater than 0"},
        {'T',
         "\"faults\": [{\"type\": \"nodeFailure\", \"pool\": \"w\", \"mtbf\": {\"dist\": "
         "\"uniform\", \"min\": \"5s\", \"max\": \"2s\"}}]",
         "faults[0].mtbf.max: must not be less than min (2s < 5s)"},
        {'P', "\"capacityType\": \"spot\", \"spot\": {\"interruptions\": [5]}",
         "cluster.nodePools[0].spot.interruptions[0]: expected an object, got a number (5)"},
        {'P', "\"capacityType\": \"spot\", \"spot\": {\"interruptions\": [{}]}",
         "cluster.nodePools[0].spot.interruptions[0].at: required key missing"},
        {'P', "\"capacityType\": \"spot\", \"spot\": {\"interruptions\": [{\"at\": \"soon\"}]}",
         "cluster.nodePools[0].spot.interruptions[0].at: bad duration \"soon\": use seconds (a "
         "number) or a string with units h, m, s, ms, us (\"1m30s\") (the range is 0 to 10 years, "
         "315360000 s)"},
        {'P', "\"spot\": {\"notice\": \"30s\"}",
         "cluster.nodePools[0].spot: only with capacityType \"spot\" (on-demand nodes are not "
         "interrupted)"},
        {'P', "\"capacityType\": \"reserved\"",
         "cluster.nodePools[0].capacityType: unknown capacity type \"reserved\" (one of on-demand, "
         "spot)"},
        {'P', "\"capacityType\": \"spot\", \"spot\": {\"interruptionMtbf\": \"0s\"}",
         "cluster.nodePools[0].spot.interruptionMtbf: must be greater than 0 (and at most 10 "
         "years)"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char doc[1024];
        char kind = cases[k].kind;
        const char *f = cases[k].frag;
        snprintf(doc, sizeof doc,
                 "{\"name\": \"v\", %s%s\"cluster\": {%s%s\"nodePools\": [{\"name\": \"w\"%s%s}]},"
                 " \"services\": [{\"name\": \"web\"%s%s}]}",
                 kind == 'T' ? f : "", kind == 'T' ? ", " : "", kind == 'K' ? f : "",
                 kind == 'K' ? ", " : "", kind == 'P' ? ", " : "", kind == 'P' ? f : "",
                 kind == 'S' ? ", " : "", kind == 'S' ? f : "");
        expect_error(doc, cases[k].want);
    }
    expect_error("{\"name\": \"v\", \"cluster\": {\"nodePools\": []}, \"services\": "
                 "[{\"name\": \"web\"}]}",
                 "cluster.nodePools: needs at least one node pool");
}

/* killPod by name: a pod's name is its ReplicaSet's, SERVICE-HASH, plus -XXXXX (k8s
 * pkg/controller/controller_utils.go: GenerateName of the ReplicaSet's name), so the service
 * is the longest service name the pod's name starts with, followed by '-': web-api-... is
 * web-api's even though it starts with "web-" too. */
static void test_kill_pod_by_name(void **state) {
    (void)state;
    scenario_t *sc = load_ok(
        "{\"name\": \"v\", \"cluster\": {\"nodePools\": [{\"name\": \"w\"}]}, \"services\": "
        "[{\"name\": \"web\"}, {\"name\": \"web-api\"}], \"events\": [{\"at\": \"1m\", "
        "\"action\": \"killPod\", \"pod\": \"web-api-7d4b9c8f6-x2k9q\"}, {\"at\": \"2m\", "
        "\"action\": \"killPod\", \"pod\": \"web-7d4b9c8f6-x2k9q\"}]}",
        NULL, 0);
    assert_int_equal(sc->event_count, 2);
    assert_int_equal(sc->events[0].service, 1);
    assert_string_equal(sc->events[0].pod, "web-api-7d4b9c8f6-x2k9q");
    assert_int_equal(sc->events[1].service, 0);
    scenario_free(sc);
}

/* An Ingress's traffic takes what a service's does (scenario_trace.c loads both): a trace
 * with scale and offset, shared by classes, gives each routed service its share of every
 * sample — the same points as the service's own trace at scale x share (x2 then x0.25 is
 * x0.5 exactly). */
#define SHAPE_TOP                                                                                  \
    "{\"name\": \"x\", \"duration\": \"6h\", \"cluster\": {\"nodePools\": [{\"name\": "            \
    "\"n\"}]}, \"services\": [{\"name\": \"web\"%s}, {\"name\": \"api\"}], \"ingresses\": "        \
    "[{\"name\": \"i\", \"rules\": [{\"path\": \"/\", \"service\": \"web\"}, {\"path\": "          \
    "\"/api\", \"service\": \"api\"}]%s}]}"
static void test_ingress_traffic_shapes(void **state) {
    (void)state;
    char text[2048];
    snprintf(text, sizeof text, SHAPE_TOP, "",
             ", \"traffic\": {\"trace\": {\"file\": \"tests/traces/diurnal.csv\", \"scale\": 2, "
             "\"offset\": \"1h30s\"}, \"requests\": [{\"path\": \"/\", \"share\": 0.25}, "
             "{\"path\": \"/api/x\", \"share\": 0.75}]}");
    scenario_t *sc = load_ok(text, NULL, 0);
    snprintf(text, sizeof text, SHAPE_TOP,
             ", \"traffic\": {\"trace\": {\"file\": \"tests/traces/diurnal.csv\", \"scale\": 0.5,"
             " \"offset\": \"1h30s\"}}",
             "");
    scenario_t *own = load_ok(text, NULL, 0);
    const service_spec_t *web = &sc->services[0], *want = &own->services[0];
    assert_int_equal(web->pattern_count, want->pattern_count);
    assert_true(web->pattern_count > 300); /* 6 h of 1-minute samples */
    assert_near(web->rps, want->rps, 0);
    assert_memory_equal(web->pattern, want->pattern,
                        sizeof(traffic_point_t) * (size_t)web->pattern_count);
    assert_string_equal(web->trace, "tests/traces/diurnal.csv");
    /* api: three times web's share at every point */
    for (int k = 0; k < web->pattern_count; k++)
        assert_near(sc->services[1].pattern[k].rps, 3 * web->pattern[k].rps, 1e-9);
    scenario_free(sc);
    scenario_free(own);
    /* errors: a class's own rps beside a pattern; a trace beside rps; a second shaped Ingress
     * feeding the same service */
    snprintf(text, sizeof text, SHAPE_TOP, "",
             ", \"traffic\": {\"pattern\": [{\"at\": \"1m\", \"rps\": 5}], \"requests\": "
             "[{\"path\": \"/\", \"rps\": 3}]}");
    char *e = load_fail(text);
    assert_non_null(strstr(e, "ingresses[0].traffic.requests[0].rps: give a share of the "
                              "Ingress's traffic (rps, pattern or trace"));
    free(e);
    snprintf(text, sizeof text, SHAPE_TOP, "",
             ", \"traffic\": {\"rps\": 4, \"trace\": {\"file\": \"tests/traces/diurnal.csv\"}, "
             "\"requests\": [{\"path\": \"/\", \"share\": 1}]}");
    e = load_fail(text);
    assert_non_null(strstr(e, "ingresses[0].traffic.trace: replaces rps and pattern"));
    free(e);
    e = load_fail(
        "{\"name\": \"x\", \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]}, \"services\": "
        "[{\"name\": \"web\"}], \"ingresses\": [{\"name\": \"a\", \"rules\": [{\"service\": "
        "\"web\"}], \"traffic\": {\"pattern\": [{\"at\": \"1m\", \"rps\": 5}], \"requests\": "
        "[{\"share\": 1}]}}, {\"name\": \"b\", \"rules\": [{\"service\": \"web\"}], \"traffic\":"
        " {\"pattern\": [{\"at\": \"2m\", \"rps\": 5}], \"requests\": [{\"share\": 1}]}}]}");
    assert_non_null(strstr(e, "ingresses[1].traffic.requests[0]: routes to service \"web\", "
                              "which ingress \"a\" already feeds with a pattern or trace"));
    free(e);
}

/* A rule's canary (an nginx canary Ingress on the same host and path: ingress-nginx
 * annotations canary, canary-weight) takes its weight of every class the rule takes, and
 * only of those: deleting the canary gives the rule's service the whole class back. */
static void test_ingress_canary_weight(void **state) {
    (void)state;
    const char *fmt =
        "{\"name\": \"x\", \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]}, \"services\": "
        "[{\"name\": \"web\"}, {\"name\": \"api\"}, {\"name\": \"web2\"}], \"ingresses\": "
        "[{\"name\": \"i\", \"rules\": [{\"path\": \"/\", \"service\": \"web\"%s}, {\"path\": "
        "\"/api\", \"service\": \"api\"}], \"traffic\": {\"rps\": 200, \"requests\": [{\"path\":"
        " \"/\", \"share\": 0.5}, {\"path\": \"/api\", \"share\": 0.5}]}}]}";
    char text[1024];
    snprintf(text, sizeof text, fmt, ", \"canary\": {\"service\": \"web2\", \"weight\": 10}");
    scenario_t *sc = load_ok(text, NULL, 0);
    assert_near(sc->services[0].rps, 90, 1e-9);
    assert_near(sc->services[1].rps, 100, 1e-9);
    assert_near(sc->services[2].rps, 10, 1e-9);
    assert_int_equal(sc->services[2].ingress, 0);
    scenario_free(sc);
    snprintf(text, sizeof text, fmt, "");
    sc = load_ok(text, NULL, 0);
    assert_near(sc->services[0].rps, 100, 1e-9);
    assert_near(sc->services[2].rps, 0, 1e-9);
    scenario_free(sc);
    snprintf(text, sizeof text, fmt, ", \"canary\": {\"service\": \"web2\", \"weight\": 101}");
    char *e = load_fail(text);
    assert_non_null(strstr(e, "ingresses[0].rules[0].canary.weight"));
    free(e);
    /* without traffic entering at the Ingress a weight would change nothing */
    e = load_fail(
        "{\"name\": \"x\", \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]}, "
        "\"services\": [{\"name\": \"web\"}, {\"name\": \"w2\"}], \"ingresses\": [{\"name\":"
        " \"i\", \"rules\": [{\"service\": \"web\", \"canary\": {\"service\": \"w2\", "
        "\"weight\": 5}}]}]}");
    assert_non_null(strstr(e, "ingresses[0].rules[0].canary: splits the traffic entering at the "
                              "Ingress"));
    free(e);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_minimal_defaults),
        cmocka_unit_test(test_runtime_defaults),
        cmocka_unit_test(test_pools_and_runtimes),
        cmocka_unit_test(test_versions_merge),
        cmocka_unit_test(test_distributions),
        cmocka_unit_test(test_strategies_and_hpa),
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_json_set),
        cmocka_unit_test(test_load_with_sets),
        cmocka_unit_test(test_syntax_errors),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_validation_rules),
        cmocka_unit_test(test_shape_errors),
        cmocka_unit_test(test_hpa_and_placement_errors),
        cmocka_unit_test(test_event_and_slo_errors),
        cmocka_unit_test(test_cluster_and_ingress_errors),
        cmocka_unit_test(test_service_and_patch_errors),
        cmocka_unit_test(test_write_events_round_trip),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_write_unknown_names),
        cmocka_unit_test(test_load_file_sizes),
        cmocka_unit_test(test_dns1123_names),
        cmocka_unit_test(test_all_errors_reported),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_invalid_corpus),
        cmocka_unit_test(test_shipped_scenarios_load),
        cmocka_unit_test(test_note_translations),
        cmocka_unit_test(test_ingress_routing),
        cmocka_unit_test(test_ingress_traffic_errors),
        cmocka_unit_test(test_trace_rfc3339),
        cmocka_unit_test(test_trace_csv_errors),
        cmocka_unit_test(test_trace_prometheus_errors),
        cmocka_unit_test(test_trace_file_errors),
        cmocka_unit_test(test_nested_shape_errors),
        cmocka_unit_test(test_kill_pod_by_name),
        cmocka_unit_test(test_ingress_traffic_shapes),
        cmocka_unit_test(test_ingress_canary_weight),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
