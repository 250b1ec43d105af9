/* Helpers for the tests that run whole scenarios through sim.h (test_hpa.c, test_nodes.c):
 * load a scenario from text, run it, and look things up in the events and decisions the run
 * keeps in memory. Include after test_util.h. */
#ifndef DEPLOYSIM_SIM_RUN_UTIL_H
#define DEPLOYSIM_SIM_RUN_UTIL_H

#include <stdbool.h>
#include <string.h>

#include "sim.h"

#define RUN_HISTORY 20000 /* events and decisions kept: every one of these tests' runs */

typedef struct {
    scenario_t *sc;
    sim_t *s;
} run_t;

/* Loads the scenario and creates the run (outputs to `outdir`, or none when NULL). */
static inline run_t run_create(const char *json, const char *outdir) {
    diag_t d;
    diag_init(&d);
    run_t r = {NULL, NULL};
    if (scenario_load_text(json, "test.json", NULL, 0, &r.sc, &d) != 0) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        diag_free(&d);
        fail_msg("scenario did not load");
    }
    sim_options_t o = {
        .seed = 0, .outdir = outdir, .history_events = RUN_HISTORY, .placement = SIM_PLACE_DEFAULT};
    r.s = sim_create(r.sc, &o, &d);
    if (!r.s) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        diag_free(&d);
        fail_msg("sim_create failed");
    }
    diag_free(&d);
    return r;
}

/* Loads the scenario and runs it to its end (no output files). */
static inline run_t run_whole(const char *json) {
    run_t r = run_create(json, NULL);
    assert_int_equal(sim_run(r.s), 0);
    return r;
}

static inline void run_free(run_t *r) {
    sim_destroy(r->s);
    scenario_free(r->sc);
}

static inline bool contains(const char *s, const char *part) {
    return !part || (s && strstr(s, part) != NULL);
}

/* The index of the first event from `from` on with this reason whose object and message
 * contain the given parts (NULL: any), or -1. */
static inline int event_find(const sim_t *s, int from, const char *reason, const char *object,
                             const char *message, sim_event_view_t *out) {
    int n = sim_event_count(s);
    for (int i = from < 0 ? 0 : from; i < n; i++) {
        sim_event_view_t e;
        sim_event_get(s, i, &e);
        if (strcmp(e.reason, reason) == 0 && contains(e.object, object) &&
            contains(e.message, message)) {
            if (out) *out = e;
            return i;
        }
    }
    return -1;
}

static inline int event_count(const sim_t *s, const char *reason, const char *object,
                              const char *message) {
    int count = 0;
    for (int i = event_find(s, 0, reason, object, message, NULL); i >= 0;
         i = event_find(s, i + 1, reason, object, message, NULL))
        count++;
    return count;
}

/* The first decision from `from` on by this controller whose decision and explanation contain
 * the given parts, or -1. */
static inline int decision_find(const sim_t *s, int from, const char *controller,
                                const char *decision, const char *explanation,
                                sim_decision_view_t *out) {
    int n = sim_decision_count(s);
    for (int i = from < 0 ? 0 : from; i < n; i++) {
        sim_decision_view_t d;
        sim_decision_get(s, i, &d);
        if (strcmp(d.controller, controller) == 0 && contains(d.decision, decision) &&
            contains(d.explanation, explanation)) {
            if (out) *out = d;
            return i;
        }
    }
    return -1;
}

static inline double secs(sim_time_t t) {
    return (double)t / SIM_SEC;
}

/* The node's index by name, or -1. */
static inline int node_by_name(const sim_t *s, const char *name) {
    for (int i = 0; i < sim_node_count(s); i++) {
        sim_node_view_t v;
        if (sim_node_view(s, i, &v) && strcmp(v.name, name) == 0) return i;
    }
    return -1;
}

#endif
