/* sim.c and the loader when memory runs out: every allocation of loading a scenario and of
 * creating its run is made to fail in turn (the link wraps malloc, calloc, realloc and strdup,
 * see the Makefile), and each must end in an error the caller sees -- "out of memory" in the
 * diagnostics and a NULL run or a non-zero status -- never a crash, a half-built run handed
 * back, or (under `make test SANITIZE=1`) a leak. Library code never exits (CONTRIBUTING.md). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
        sim_options_t o = {0, NULL, 100};
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
        sim_options_t o = {0, NULL, 100};
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

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loader_out_of_memory),
        cmocka_unit_test(test_create_out_of_memory),
        cmocka_unit_test(test_run_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
