/* Output folders of two runs compared file by file (tests of outputs that must not change:
 * test_clone, test_sched_index). */
#ifndef DEPLOYSIM_TEST_OUTPUTS_H
#define DEPLOYSIM_TEST_OUTPUTS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_util.h"

#include "model.h"
#include "scenario.h"
#include "sim.h"

static inline char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The first line where two files differ, for the failure message. */
static inline int first_diff_line(const char *a, size_t na, const char *b, size_t nb) {
    int line = 1;
    for (size_t i = 0; i < na && i < nb && a[i] == b[i]; i++)
        line += a[i] == '\n';
    return line;
}

/* Every file of `ref` exists in `dir` with the same bytes, and `dir` has no other. */
static inline void assert_same_outputs(const char *ref, const char *dir, const char *what) {
    DIR *d = opendir(ref);
    assert_non_null(d);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char pa[8400], pb[8400];
        int la = snprintf(pa, sizeof pa, "%s/%s", ref, e->d_name),
            lb = snprintf(pb, sizeof pb, "%s/%s", dir, e->d_name);
        if (la < 0 || lb < 0 || (size_t)la >= sizeof pa || (size_t)lb >= sizeof pb)
            fail_msg("%s: path too long", what);
        size_t na = 0, nb = 0;
        char *a = read_all(pa, &na), *b = read_all(pb, &nb);
        if (!a || !b || na != nb || memcmp(a, b, na) != 0)
            fail_msg("%s: %s differs from the reference run (%zu vs %zu bytes, line %d)", what,
                     e->d_name, na, nb, a && b ? first_diff_line(a, na, b, nb) : 0);
        free(a);
        free(b);
        files++;
    }
    closedir(d);
    assert_true(files >= 7); /* timeseries, versions, replicasets, nodes, events, ... */
    int others = 0;
    assert_non_null(d = opendir(dir));
    while ((e = readdir(d)) != NULL)
        others += e->d_name[0] != '.';
    closedir(d);
    assert_int_equal(others, files);
}

static inline void remove_dir(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char p[8400];
        int lp = snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        if (lp < 0 || (size_t)lp >= sizeof p) continue;
        unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

/* The scenario file, loaded or the test fails. */
static inline scenario_t *load_or_fail(const char *file) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    if (scenario_load_file(file, NULL, 0, &sc, &d) != 0) fail_msg("%s did not load", file);
    diag_free(&d);
    return sc;
}

/* The options of a checked run: the scenario's seed, 500 events kept, the paths given. */
static inline sim_options_t check_options(const scenario_t *sc, int placement, bool every_pod) {
    sim_options_t o = {.seed = sc->seed, .history_events = 500, .placement = placement};
    o.hpa_every_pod = every_pod;
    return o;
}

/* One run of sc with options o into dir (o.outdir is set to it); what `probe` reads of the
 * finished run (a counter that shows which path the run took). */
static inline uint64_t run_probed(const scenario_t *sc, sim_options_t o, const char *dir,
                                  uint64_t (*probe)(sim_t *)) {
    diag_t d;
    diag_init(&d);
    o.outdir = dir;
    sim_t *s = sim_create(sc, &o, &d);
    diag_free(&d);
    assert_non_null(s);
    assert_int_equal(sim_run(s), 0);
    uint64_t v = probe(s);
    sim_destroy(s);
    return v;
}

/* Two runs of sc, with the reference options and with the options under test, write the same
 * bytes; the reference run's probe must read 0 (it took the reference path); returns the
 * other's (tests of a faster path that must not change outputs: test_sched_index,
 * test_hpa_steady). */
static inline uint64_t assert_same_runs(const scenario_t *sc, sim_options_t ref,
                                        sim_options_t tried, uint64_t (*probe)(sim_t *),
                                        const char *what) {
    char root[] = "/tmp/deploysim-same-XXXXXX", a[4200], b[4200];
    assert_non_null(mkdtemp(root));
    snprintf(a, sizeof a, "%s/ref", root);
    snprintf(b, sizeof b, "%s/tried", root);
    assert_int_equal(run_probed(sc, ref, a, probe), 0);
    uint64_t v = run_probed(sc, tried, b, probe);
    assert_same_outputs(a, b, what);
    remove_dir(a);
    remove_dir(b);
    rmdir(root);
    return v;
}

#endif
