/* sim_clone (sim/clone.c): a copy of a run taken at any time, run to the end, writes exactly
 * the bytes of every CSV that the run never copied writes, and so does the original it was
 * copied from. The reference is the uncopied run itself (deploysim run of the same scenario and
 * seed): the engine is deterministic, so any field the copy forgets or shares shows up as a
 * difference in some file of some lesson. Every lesson in scenarios/ and the dashboard's bench
 * scenarios (tests/bench/ui-*.json) are covered, so a new lesson is too. Run under the
 * sanitizers (make test SANITIZE=1), a pointer left shared is a double free. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_outputs.h"
#include "test_util.h"

#include "sim.h"

#define CLONES 2
#define MAX_FILES 256

static sim_t *create(const scenario_t *sc, const char *outdir) {
    diag_t d;
    diag_init(&d);
    sim_options_t o = {
        .seed = sc->seed, .outdir = outdir, .history_events = 4000, .placement = SIM_PLACE_DEFAULT};
    sim_t *s = sim_create(sc, &o, &d);
    diag_free(&d);
    assert_non_null(s);
    return s;
}

static sim_t *copy_of(const sim_t *s, const char *outdir) {
    diag_t d;
    diag_init(&d);
    size_t bytes = 0;
    sim_t *c = sim_clone(s, outdir, &bytes, &d);
    diag_free(&d);
    assert_non_null(c);
    assert_true(bytes > 0);
    assert_int_equal(sim_now(c), sim_now(s));
    assert_int_equal(sim_events_processed(c), sim_events_processed(s));
    return c;
}

/* The scenario run once whole (the reference), then once more with a copy taken at time 0
 * (the dashboard's first checkpoint, right after sim_create) and, halfway, a copy of that copy
 * (a checkpoint restored and checkpointed again): the original and both copies run to the
 * end. */
static void check_scenario(const char *file) {
    scenario_t *sc = load_or_fail(file);
    char root[] = "/tmp/deploysim-clone-XXXXXX";
    assert_non_null(mkdtemp(root));
    char ref[4200], orig[4200], cl[CLONES][4200];
    snprintf(ref, sizeof ref, "%s/ref", root);
    snprintf(orig, sizeof orig, "%s/orig", root);
    for (int k = 0; k < CLONES; k++)
        snprintf(cl[k], sizeof cl[k], "%s/clone%d", root, k);
    sim_t *r = create(sc, ref);
    assert_int_equal(sim_run(r), 0);
    sim_destroy(r);

    sim_t *s = create(sc, orig), *copies[CLONES];
    copies[0] = copy_of(s, cl[0]);
    assert_int_equal(sim_run(s), 0);
    sim_destroy(s);
    assert_same_outputs(ref, orig, file);
    assert_int_equal(sim_run_until(copies[0], sim_duration(copies[0]) / 2), 0);
    copies[1] = copy_of(copies[0], cl[1]);
    for (int k = 0; k < CLONES; k++) {
        assert_int_equal(sim_run(copies[k]), 0);
        sim_destroy(copies[k]);
        assert_same_outputs(ref, cl[k], file);
        remove_dir(cl[k]);
    }
    remove_dir(ref);
    remove_dir(orig);
    rmdir(root);
    scenario_free(sc);
}

/* Every *.json of a folder, but `skip` (a name part). */
static int check_folder(const char *dir, const char *prefix, const char *skip) {
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 5, ".json") != 0) continue;
        if (strncmp(e->d_name, prefix, strlen(prefix)) != 0) continue;
        if (skip && strstr(e->d_name, skip)) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        check_scenario(path);
        n++;
    }
    closedir(d);
    return n;
}

/* hyperscale.json (65,000 nodes) takes about a minute a run: too long for the suite; its
 * structures are the ones the smaller lessons exercise. */
static void test_every_lesson(void **state) {
    (void)state;
    assert_true(check_folder("scenarios", "", "hyperscale") >= 25);
}

static void test_dashboard_bench_scenarios(void **state) {
    (void)state;
    assert_int_equal(check_folder("tests/bench", "ui-", NULL), 2);
}

/* A copy without outputs (the dashboard's) shows what the original shows: the same views at
 * the same time after running both further. */
static void test_copy_without_outputs_has_same_views(void **state) {
    (void)state;
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    assert_int_equal(scenario_load_file("scenarios/rolling-update.json", NULL, 0, &sc, &d), 0);
    sim_t *s = create(sc, NULL);
    assert_int_equal(sim_run_until(s, 60 * SIM_SEC), 0);
    sim_t *c = sim_clone(s, NULL, NULL, &d);
    assert_non_null(c);
    assert_int_equal(sim_run_until(s, 150 * SIM_SEC), 0);
    assert_int_equal(sim_run_until(c, 150 * SIM_SEC), 0);
    assert_int_equal(sim_events_processed(c), sim_events_processed(s));
    assert_int_equal(sim_event_count(c), sim_event_count(s));
    for (int i = 0; i < sim_service_count(s); i++) {
        sim_service_view_t a, b;
        assert_true(sim_service_view(s, i, &a));
        assert_true(sim_service_view(c, i, &b));
        assert_int_equal(a.ready, b.ready);
        assert_int_equal(a.total, b.total);
        assert_string_equal(a.status, b.status);
        const sim_sample_t *ra, *rb;
        int na = sim_samples(s, i, &ra), nb = sim_samples(c, i, &rb);
        assert_int_equal(na, nb);
        assert_memory_equal(ra, rb, sizeof *ra * (size_t)na);
    }
    sim_destroy(s);
    sim_destroy(c);
    scenario_free(sc);
    diag_free(&d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_lesson),
        cmocka_unit_test(test_dashboard_bench_scenarios),
        cmocka_unit_test(test_copy_without_outputs_has_same_views),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
