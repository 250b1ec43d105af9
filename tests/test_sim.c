/* sim.c and the loader when memory runs out: every allocation of loading a scenario and of
 * creating its run is made to fail in turn (the link wraps malloc, calloc, realloc and strdup,
 * see the Makefile), and each must end in an error the caller sees -- "out of memory" in the
 * diagnostics and a NULL run or a non-zero status -- never a crash, a half-built run handed
 * back, or (under `make test SANITIZE=1`) a leak. Library code never exits (CONTRIBUTING.md). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_util.h"

#include "scenario.h"
#include "sim.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t m);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t m);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);

static long fail_at = -1; /* the index of the allocation to fail, -1: none */
static long count;        /* allocations seen since arm() */
static bool failed;       /* whether the armed allocation was reached */

static bool fail_now(void) {
    if (fail_at < 0) return false;
    if (count++ != fail_at) return false;
    failed = true;
    return true;
}
void *__wrap_malloc(size_t n) {
    return fail_now() ? NULL : __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t m) {
    return fail_now() ? NULL : __real_calloc(n, m);
}
void *__wrap_realloc(void *p, size_t n) {
    return fail_now() ? NULL : __real_realloc(p, n);
}
char *__wrap_strdup(const char *s) {
    return fail_now() ? NULL : __real_strdup(s);
}

static void arm(long k) {
    fail_at = k;
    count = 0;
    failed = false;
}

static bool diag_has(const diag_t *d, const char *part) {
    for (int i = 0; i < d->count; i++)
        if (strstr(d->items[i], part)) return true;
    return false;
}

static char *read_text(const char *path) {
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = __real_malloc((size_t)n + 1);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Fails allocation 0, 1, 2, ... of loading `file` until loading no longer reaches the failing
 * one; each failed load reports "out of memory" and hands back no scenario. Returns how many
 * allocations a successful load makes. */
static long loader_fails_cleanly(const char *file) {
    char *text = read_text(file);
    long k = 0;
    for (;; k++) {
        diag_t d;
        diag_init(&d);
        scenario_t *sc = NULL;
        arm(k);
        int rc = scenario_load_text(text, file, NULL, 0, &sc, &d);
        fail_at = -1;
        if (!failed) {
            if (rc != 0) fail_msg("%s: %s", file, d.count ? d.items[0] : "no message");
            scenario_free(sc);
            diag_free(&d);
            break;
        }
        if (rc == 0) fail_msg("%s: allocation %ld failed but the load succeeded", file, k);
        assert_null(sc);
        if (!diag_has(&d, "out of memory"))
            fail_msg("%s: allocation %ld failed without \"out of memory\" (%s)", file, k,
                     d.count ? d.items[0] : "no message");
        diag_free(&d);
    }
    free(text);
    return k;
}

/* The same for sim_create on a loaded scenario (the run's own allocations: engine, rings,
 * services, nodes, pods, traffic), then the run goes on without failures to its end. */
static long create_fails_cleanly(const char *file) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    assert_int_equal(scenario_load_file(file, NULL, 0, &sc, &d), 0);
    long k = 0;
    for (;; k++) {
        sim_options_t o = {
            .seed = 0, .outdir = NULL, .history_events = 100, .placement = SIM_PLACE_DEFAULT};
        diag_free(&d);
        diag_init(&d);
        arm(k);
        sim_t *s = sim_create(sc, &o, &d);
        fail_at = -1;
        if (!failed) {
            assert_non_null(s);
            sim_destroy(s);
            break;
        }
        if (s) { /* a failure it tolerates (a CSV row not marked): the run must still go on */
            sim_run_until(s, 20 * SIM_SEC);
            sim_destroy(s);
            continue;
        }
        if (!diag_has(&d, "out of memory"))
            fail_msg("%s: sim_create allocation %ld failed without \"out of memory\" (%s)", file, k,
                     d.count ? d.items[0] : "no message");
    }
    diag_free(&d);
    scenario_free(sc);
    return k;
}

/* Every lesson and test scenario but the largest (hyperscale.json builds thousands of nodes
 * once per allocation of sim_create); the runs only the first few, whose steady states
 * allocate least. */
static const char *const files[] = {
    "scenarios/autoscaling.json",
    "scenarios/blue-green.json",
    "scenarios/canary-ingress.json",
    "scenarios/canary.json",
    "scenarios/cluster-tour.json",
    "scenarios/container.json",
    "scenarios/graceful-shutdown.json",
    "scenarios/hpa-rps.json",
    "scenarios/ingress.json",
    "scenarios/liveness.json",
    "scenarios/local-conflict-containers.json",
    "scenarios/local-conflict.json",
    "scenarios/maintenance-drain.json",
    "scenarios/no-readiness-probe.json",
    "scenarios/node-failure.json",
    "scenarios/priority.json",
    "scenarios/progress-deadline.json",
    "scenarios/readiness-probe.json",
    "scenarios/recorded-session.json",
    "scenarios/recreate.json",
    "scenarios/rolling-update-bad.json",
    "scenarios/rolling-update.json",
    "scenarios/self-healing.json",
    "scenarios/service.json",
    "scenarios/spot-on-demand.json",
    "scenarios/spot.json",
    "scenarios/vm.json",
    "scenarios/zone-outage-no-spread.json",
    "scenarios/zone-outage.json",
    "tests/scenarios/canary-scale.json",
    "tests/scenarios/post-promotion.json",
    "tests/scenarios/promote-full.json",
    "tests/scenarios/restart.json",
    "tests/scenarios/rollout-limits.json",
    "tests/scenarios/step-analysis.json",
    "tests/scenarios/two-namespaces.json",
};

static void test_loader_out_of_memory(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        assert_true(loader_fails_cleanly(files[i]) > 10);
}

static void test_create_out_of_memory(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        assert_true(create_fails_cleanly(files[i]) > 10);
}

/* Allocations during a run (the event heap, pod slots, dirty rows, endpoint lists, the
 * autoscaler's and HPA's scratch) failing one at a time: the run ends (with or without an
 * error status) and is destroyed without a crash or a leak. */
static void run_fails_cleanly(const char *file, sim_time_t until) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    assert_int_equal(scenario_load_file(file, NULL, 0, &sc, &d), 0);
    long k = 0;
    for (;; k += 1 + k / 4) { /* every early allocation, then a thinning sample */
        sim_options_t o = {
            .seed = 0, .outdir = NULL, .history_events = 100, .placement = SIM_PLACE_DEFAULT};
        sim_t *s = sim_create(sc, &o, &d);
        assert_non_null(s);
        arm(k);
        int rc = sim_run_until(s, until);
        fail_at = -1;
        assert_true(rc == 0 || rc == -1);
        sim_destroy(s);
        if (!failed) break;
    }
    assert_true(k > 0); /* the run did allocate */
    diag_free(&d);
    scenario_free(sc);
}

static void test_run_out_of_memory(void **state) {
    (void)state;
    static const char *const runs[] = {
        "scenarios/autoscaling.json",  "scenarios/canary-ingress.json",
        "scenarios/cluster-tour.json", "scenarios/hpa-rps.json",
        "scenarios/priority.json",     "scenarios/spot.json",
        "scenarios/node-failure.json", "scenarios/blue-green.json",
    };
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++)
        run_fails_cleanly(runs[i], 120 * SIM_SEC);
}

/* ---- actions (sim_inject) and their text ---- */

static const char *const KILL_SCENARIO =
    "{\"name\": \"kill\", \"duration\": \"60s\", \"cluster\": {\"nodePools\": [{\"name\": "
    "\"w\", \"count\": 2, \"zone\": \"a\"}]}, \"services\": [{\"name\": \"web\", \"replicas\": 2, "
    "\"terminationGracePeriodSeconds\": 30, \"preStop\": \"10s\"}, {\"name\": \"idle\", "
    "\"replicas\": 0}]}";

static scenario_t *load(const char *json) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    assert_int_equal(scenario_load_text(json, "t.json", NULL, 0, &sc, &d), 0);
    diag_free(&d);
    return sc;
}

/* killPod: by name (kubectl delete pod NAME) or a pod of the service; the API refuses a name
 * that does not exist (NotFound), and a pod already being deleted is not deleted again (its
 * deletionTimestamp stays, pkg/registry/core/pod: graceful deletion only shortens); a
 * service without pods has none to kill. A refused action is kept with an ActionFailed
 * event naming it; a finished run takes no action. */
static void test_kill_pod_actions(void **state) {
    (void)state;
    scenario_t *sc = load(KILL_SCENARIO);
    diag_t d;
    diag_init(&d);
    sim_t *s = sim_create(sc, NULL, &d); /* no options: the scenario's seed, 500 kept events */
    assert_non_null(s);
    assert_int_equal(sim_run_until(s, 5 * SIM_SEC), 0);
    sim_pod_view_t pv;
    assert_true(sim_pod_view(s, 1, &pv));
    char name[64], err[256];
    snprintf(name, sizeof name, "%s", pv.name);
    action_t a = {.action = ACTION_KILL_POD, .service = -1, .pod = name};
    assert_int_equal(sim_inject(s, &a, err, sizeof err), 0);
    assert_int_equal(sim_run_until(s, 6 * SIM_SEC), 0);
    assert_true(sim_pod_view(s, 1, &pv));
    assert_int_equal(pv.state, SIM_POD_TERMINATING); /* preStop 10 s: still terminating */
    assert_int_equal(sim_inject(s, &a, err, sizeof err), -1);
    char want[128];
    snprintf(want, sizeof want, "pod %s is already terminating", name);
    assert_string_equal(err, want);
    action_t nope = {.action = ACTION_KILL_POD, .service = -1, .pod = "web-0-nope"};
    assert_int_equal(sim_inject(s, &nope, err, sizeof err), -1);
    assert_string_equal(err, "no pod named web-0-nope");
    action_t idle = {.action = ACTION_KILL_POD, .service = 1};
    assert_int_equal(sim_inject(s, &idle, err, sizeof err), -1);
    assert_string_equal(err, "idle has no pod to kill");
    /* every action is kept, the refused ones with an event */
    assert_int_equal(sim_action_count(s), 4);
    sim_action_view_t av;
    assert_true(sim_action_get(s, 2, &av));
    assert_string_equal(av.text, "killPod web-0-nope");
    int refused = 0;
    for (int i = 0; i < sim_event_count(s); i++) {
        sim_event_view_t e;
        assert_true(sim_event_get(s, i, &e));
        if (!strcmp(e.reason, "ActionFailed")) {
            refused++;
            if (refused == 2)
                assert_string_equal(e.message, "killPod web-0-nope: no pod named web-0-nope");
        }
    }
    assert_int_equal(refused, 3);
    assert_int_equal(sim_run(s), 0);
    assert_true(sim_done(s));
    assert_int_equal(sim_finish(s), 0); /* twice: nothing more to write */
    action_t scale = {.action = ACTION_SCALE, .service = 0, .replicas = 3};
    assert_int_equal(sim_inject(s, &scale, err, sizeof err), -1);
    assert_string_equal(err, "the run has finished");
    sim_destroy(s);
    diag_free(&d);
    scenario_free(sc);
}

/* The one-line text of every action (the dashboard's action list, ActionFailed events), and
 * "?" for an index that names nothing rather than reading past an array. */
static void test_action_text(void **state) {
    (void)state;
    scenario_t *sc = load(KILL_SCENARIO);
    static const struct {
        action_t a;
        const char *want;
    } rows[] = {
        {{.action = ACTION_DEPLOY, .service = 0, .version = 0}, "deploy web v1"},
        {{.action = ACTION_DEPLOY, .service = 0, .version = 5}, "deploy web ?"},
        {{.action = ACTION_DEPLOY, .service = 7, .version = 0}, "deploy ? ?"},
        {{.action = ACTION_SCALE, .service = 0, .replicas = 4}, "scale web to 4"},
        {{.action = ACTION_SET_TRAFFIC, .service = 1, .rps = 12.4}, "traffic idle 12 req/s"},
        {{.action = ACTION_FAIL_NODE, .pool = 0, .node = 1}, "failNode w-2"},
        {{.action = ACTION_DRAIN_NODE, .pool = 3, .node = 0}, "drainNode ?-1"},
        {{.action = ACTION_ADD_NODE, .pool = 0}, "addNode w"},
        {{.action = ACTION_KILL_POD, .service = 0}, "killPod web"},
        {{.action = ACTION_FAIL_ZONE, .zone = 0}, "failZone a"},
        {{.action = ACTION_REPAIR_ZONE, .zone = 2}, "repairZone ?"},
        {{.action = ACTION_TAINT, .pool = 0, .node = 0, .taint = {.key = "gpu"}}, "taint w-1 gpu"},
        {{.action = ACTION_UNTAINT, .pool = 0, .node = 1}, "untaint w-2 ?"},
        {{.action = ACTION_PROMOTE, .service = -1}, "promote ?"},
        {{.action = ACTION_COUNT, .service = 0}, "? web"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char buf[128];
        sim_action_text(sc, &rows[i].a, buf, sizeof buf);
        if (strcmp(buf, rows[i].want))
            fail_msg("row %zu: \"%s\", expected \"%s\"", i, buf, rows[i].want);
    }
    scenario_free(sc);
}

/* The run's outputs: a directory that cannot be made (a path under a regular file), or a CSV
 * that cannot be opened, fails sim_create with the path and the reason, before anything runs. */
static void test_output_directory_error(void **state) {
    (void)state;
    scenario_t *sc = load(KILL_SCENARIO);
    diag_t d;
    diag_init(&d);
    sim_options_t o = {.seed = 0,
                       .outdir = "/dev/null/out",
                       .history_events = 100,
                       .placement = SIM_PLACE_DEFAULT};
    assert_null(sim_create(sc, &o, &d));
    assert_int_equal(d.count, 1);
    assert_string_equal(d.items[0], "/dev/null/out: cannot create directory: Not a directory");
    diag_free(&d);
    /* a CSV that cannot be opened (a directory of its name is in the way) */
    char dir[] = "/tmp/deploysim-test-out-XXXXXX", csv[128];
    assert_non_null(mkdtemp(dir));
    snprintf(csv, sizeof csv, "%s/events.csv", dir);
    assert_int_equal(mkdir(csv, 0700), 0);
    diag_init(&d);
    o.outdir = dir;
    assert_null(sim_create(sc, &o, &d));
    assert_int_equal(d.count, 1);
    char want[256];
    snprintf(want, sizeof want, "%s: Is a directory", csv);
    assert_string_equal(d.items[0], want);
    diag_free(&d);
    static const char *const csvs[] = {"timeseries.csv", "versions.csv", "replicasets.csv",
                                       "pods.csv",       "nodes.csv",    "decisions.csv",
                                       "summary.csv",    "zones.csv"};
    for (size_t i = 0; i < sizeof csvs / sizeof *csvs; i++) {
        snprintf(want, sizeof want, "%s/%s", dir, csvs[i]);
        unlink(want); /* the ones opened before the failure */
    }
    assert_int_equal(rmdir(csv), 0);
    /* each of the other CSVs in the way in turn: the same refusal, naming that file */
    static const char *const others[] = {"timeseries.csv", "versions.csv",  "replicasets.csv",
                                         "nodes.csv",      "decisions.csv", "summary.csv"};
    for (size_t k = 0; k < sizeof others / sizeof *others; k++) {
        snprintf(csv, sizeof csv, "%s/%s", dir, others[k]);
        assert_int_equal(mkdir(csv, 0700), 0);
        diag_init(&d);
        assert_null(sim_create(sc, &o, &d));
        assert_int_equal(d.count, 1);
        snprintf(want, sizeof want, "%s: Is a directory", csv);
        assert_string_equal(d.items[0], want);
        diag_free(&d);
        for (size_t i = 0; i < sizeof csvs / sizeof *csvs; i++) {
            snprintf(want, sizeof want, "%s/%s", dir, csvs[i]);
            unlink(want);
        }
        snprintf(want, sizeof want, "%s/events.csv", dir);
        unlink(want);
        assert_int_equal(rmdir(csv), 0);
    }
    assert_int_equal(rmdir(dir), 0);
    scenario_free(sc);
}

/* sim_options_t.seed overrides the scenario's seed (deploysim run --seed): a run with option
 * seed 7 is the run of the same scenario with "seed": 7, request for request; a different
 * seed gives other arrivals. */
static void test_seed_option(void **state) {
    (void)state;
    static const char *const base =
        "{\"name\": \"seed\", \"seed\": %d, \"duration\": \"30s\", \"cluster\": {\"nodePools\":"
        " [{\"name\": \"w\"}]}, \"services\": [{\"name\": \"web\", \"replicas\": 2,"
        " \"traffic\": {\"rps\": 50}}]}";
    sim_summary_t m[3];
    for (int k = 0; k < 3; k++) {
        char json[512];
        snprintf(json, sizeof json, base, k == 1 ? 7 : 1);
        scenario_t *sc = load(json);
        diag_t d;
        diag_init(&d);
        sim_options_t o = {.seed = k == 0 ? 7 : 0,
                           .outdir = NULL,
                           .history_events = 100,
                           .placement = SIM_PLACE_DEFAULT};
        sim_t *s = sim_create(sc, &o, &d);
        assert_non_null(s);
        assert_int_equal(sim_run(s), 0);
        assert_true(sim_summary(s, 0, &m[k]));
        sim_destroy(s);
        diag_free(&d);
        scenario_free(sc);
    }
    assert_int_equal(m[0].requests, m[1].requests); /* option 7 == "seed": 7 */
    assert_near(m[0].mean_ms, m[1].mean_ms, 0);
    assert_true(m[0].requests != m[2].requests); /* seed 1: other arrivals */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loader_out_of_memory), cmocka_unit_test(test_create_out_of_memory),
        cmocka_unit_test(test_run_out_of_memory),    cmocka_unit_test(test_kill_pod_actions),
        cmocka_unit_test(test_action_text),          cmocka_unit_test(test_output_directory_error),
        cmocka_unit_test(test_seed_option),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
