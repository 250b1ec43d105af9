/* libFuzzer target: a whole short run. Any bytes that load as a scenario run through sim.h to
 * their end (rollouts, faults, autoscalers, the request model), reading every view the
 * dashboard reads along the way and writing every CSV, then everything is freed. Where
 * fuzz_scenario.c hunts the loader, this one hunts the model: a crash, a leak, undefined
 * behaviour or a broken invariant below (abort) is a finding.
 *
 * Each input is kept short so that the fuzzer stays fast: scenarios with more nodes or pods
 * than a small cluster are skipped, the duration is cut so that no more than REQUEST_BUDGET
 * requests can arrive (through scenario_t's public duration, as `--set duration=` would),
 * and a run stops (sim_finish, which still writes the summary) after EVENT_BUDGET events. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_load.h"
#include "sim.h"

#define MAX_NODES 40
#define MAX_PODS 120
#define REQUEST_BUDGET 30000.0
#define EVENT_BUDGET 400000u
#define MAX_DURATION (15 * 60 * SIM_SEC)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

/* The CSVs of the last input go when the fuzzer exits. */
static void remove_outdir(void) {
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(dp)))
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    closedir(dp);
    rmdir(dir);
}

/* Every input writes its CSVs into one temporary directory (the writers are fuzzed too). */
static const char *outdir(void) {
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/deploysim-fuzz-run-XXXXXX");
        if (!mkdtemp(dir)) abort();
        atexit(remove_outdir);
    }
    return dir;
}

/* The largest replicas a service can ask for (HPA max, scale events), as cli_estimate does. */
static double max_replicas(const scenario_t *sc, int i) {
    const service_spec_t *s = &sc->services[i];
    double r = s->replicas;
    if (s->hpa.enabled && s->hpa.max_replicas > r) r = s->hpa.max_replicas;
    for (int k = 0; k < sc->event_count; k++)
        if (sc->events[k].action == ACTION_SCALE && sc->events[k].service == i &&
            sc->events[k].replicas > r)
            r = sc->events[k].replicas;
    return r;
}

static double max_rps(const scenario_t *sc, int i) {
    const service_spec_t *s = &sc->services[i];
    double rps = s->rps;
    for (int k = 0; k < s->pattern_count; k++)
        if (s->pattern[k].rps > rps) rps = s->pattern[k].rps;
    for (int k = 0; k < sc->event_count; k++)
        if (sc->events[k].action == ACTION_SET_TRAFFIC && sc->events[k].service == i &&
            sc->events[k].rps > rps)
            rps = sc->events[k].rps;
    return rps;
}

/* Skips what is not a short run and shortens the duration to the request budget. */
static bool make_short(scenario_t *sc) {
    double nodes = 0, pods = 0, rps = 0;
    for (int p = 0; p < sc->pool_count; p++) {
        const pool_spec_t *pl = &sc->pools[p];
        nodes +=
            pl->autoscaling && pl->autoscaling_max > pl->count ? pl->autoscaling_max : pl->count;
    }
    for (int i = 0; i < sc->service_count; i++) {
        pods += max_replicas(sc, i);
        if (sc->fidelity != FIDELITY_FLUID) rps += max_rps(sc, i);
    }
    if (nodes > MAX_NODES || pods > MAX_PODS) return false;
    if (sc->duration > MAX_DURATION) sc->duration = MAX_DURATION;
    if (rps > 0 && (double)sc->duration / SIM_SEC * rps > REQUEST_BUDGET)
        sc->duration = (sim_time_t)(REQUEST_BUDGET / rps * SIM_SEC);
    return sc->duration > 0;
}

/* What every view must hold, whatever the input: a broken one aborts (a finding). */
static void check_views(const sim_t *s) {
    for (int n = 0; n < sim_node_count(s); n++) {
        sim_node_view_t v;
        if (!sim_node_view(s, n, &v)) abort();
        if (v.cpu_allocated > v.cpu_capacity + 1e-9 && v.state != SIM_NODE_REMOVED) abort();
        if (v.memory_allocated > v.memory_capacity + 0.5 && v.state != SIM_NODE_REMOVED) abort();
        uint32_t ids[64];
        int k = sim_node_pods(s, n, ids, 64);
        for (int j = 0; j < k; j++) {
            sim_pod_view_t p;
            if (!sim_pod_view(s, ids[j], &p) || p.node != n) abort();
        }
    }
    for (int i = 0; i < sim_service_count(s); i++) {
        sim_service_view_t v;
        if (!sim_service_view(s, i, &v)) abort();
        if (v.ready > v.total || v.available > v.ready || v.version_count > SIM_MAX_VERSIONS)
            abort();
        const sim_sample_t *rows;
        int n = sim_samples(s, i, &rows);
        if (n > 0 && !(rows[n - 1].error_rate >= 0 && rows[n - 1].error_rate <= 1)) abort();
    }
    for (int i = 0; i < sim_event_count(s); i++) {
        sim_event_view_t e;
        if (!sim_event_get(s, i, &e) || !e.reason || !e.message) abort();
    }
    (void)sim_caption(s);
}

/* requests = served + failed + in flight: neither served nor failed can exceed requests. */
static void check_summaries(const sim_t *s) {
    for (int i = 0; i < sim_service_count(s); i++) {
        sim_summary_t m;
        if (!sim_summary(s, i, &m)) abort();
        if (m.served + m.failed > m.requests) abort();
        if (m.requests > 0 && !(m.availability >= 0 && m.availability <= 1)) abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = fuzz_load(data, size, &d);
    if (sc) {
        if (make_short(sc)) {
            /* half the inputs place through the index at every size (sched_index.c) */
            sim_options_t o = {.seed = 0,
                               .outdir = outdir(),
                               .history_events = 200,
                               .placement = size & 1 ? SIM_PLACE_INDEX : SIM_PLACE_DEFAULT};
            sim_t *s = sim_create(sc, &o, &d);
            if (s) {
                /* in steps of ten simulated seconds, as the dashboard advances */
                while (!sim_done(s) && sim_events_processed(s) < EVENT_BUDGET) {
                    if (sim_run_until(s, sim_now(s) + 10 * SIM_SEC) != 0) {
                        /* a stall is a controller loop (a bug); anything else is an output */
                        if (strstr(sim_error(s), "no progress")) abort();
                        break;
                    }
                    check_views(s);
                }
                if (sim_finish(s) == 0) check_summaries(s);
                sim_destroy(s);
            }
        }
        scenario_free(sc);
    }
    diag_free(&d);
    return 0;
}
