/* session: scenario + sim + the user's actions; deterministic jumps; --record. */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int create_sim(session_t *s, diag_t *diag) {
    /* a deep history, so a Warning is still there to pin after a flood of Normal events */
    sim_options_t opt = {.seed = s->sc->seed, .outdir = NULL, .history_events = 4000};
    s->sim = sim_create(s->sc, &opt, diag);
    s->next_act = 0;
    return s->sim ? 0 : -1;
}

int session_open(session_t *s, const char *file, diag_t *diag) {
    memset(s, 0, sizeof *s);
    s->file = file;
    if (scenario_load_file(file, NULL, 0, &s->sc, diag) != 0) return -1;
    if (create_sim(s, diag) != 0) {
        scenario_free(s->sc);
        s->sc = NULL;
        return -1;
    }
    return 0;
}

static void drop_actions_from(session_t *s, int from) {
    for (int i = from; i < s->act_count; i++)
        free(s->acts[i].pod);
    if (from < s->act_count) s->act_count = from;
}

void session_close(session_t *s) {
    if (s->sim) sim_destroy(s->sim);
    drop_actions_from(s, 0);
    free(s->acts);
    if (s->sc) scenario_free(s->sc);
    memset(s, 0, sizeof *s);
}

int session_restart(session_t *s, bool forget, diag_t *diag) {
    if (forget) drop_actions_from(s, 0);
    if (s->sim) sim_destroy(s->sim);
    s->sim = NULL;
    return create_sim(s, diag);
}

/* Runs forward to t, injecting the user's actions that fall in between at their times. */
static void run_forward(session_t *s, sim_time_t t) {
    char err[128];
    while (s->next_act < s->act_count && s->acts[s->next_act].at <= t) {
        const action_t *a = &s->acts[s->next_act++];
        sim_run_until(s->sim, a->at);
        sim_inject(s->sim, a, err, sizeof err); /* it succeeded the first time: same run */
    }
    sim_run_until(s->sim, t);
}

int session_seek(session_t *s, sim_time_t t, diag_t *diag) {
    if (t < 0) t = 0;
    if (t > sim_duration(s->sim)) t = sim_duration(s->sim);
    if (t < sim_now(s->sim) && session_restart(s, false, diag) != 0) return -1;
    run_forward(s, t);
    return 0;
}

int session_inject(session_t *s, const action_t *a, char *err, size_t errlen) {
    action_t copy = *a;
    copy.at = sim_now(s->sim);
    copy.pod = NULL;
    if (a->pod && !(copy.pod = strdup(a->pod))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (sim_inject(s->sim, &copy, err, errlen) != 0) {
        free(copy.pod);
        return -1;
    }
    drop_actions_from(s, s->next_act);
    if (s->act_count == s->act_cap) {
        int ncap = s->act_cap ? s->act_cap * 2 : 16;
        action_t *n = realloc(s->acts, sizeof *n * (size_t)ncap);
        if (!n) {
            free(copy.pod);
            return 0; /* applied, but cannot be replayed after a jump */
        }
        s->acts = n;
        s->act_cap = ncap;
    }
    s->acts[s->act_count++] = copy;
    s->next_act = s->act_count;
    return 0;
}

/* ---- words and JSON ---- */

int session_write_record(const session_t *s, const char *path, char *err, size_t errlen) {
    const scenario_t *sc = s->sc;
    sim_time_t now = sim_now(s->sim);
    int n = sim_action_count(s->sim);
    /* what happened, then what is still to come: the scenario's own events and the user's
     * kept actions, merged by time */
    int cap = n + sc->event_count + s->act_count + 1;
    action_t *acts = malloc(sizeof *acts * (size_t)cap);
    sim_time_t *times = malloc(sizeof *times * (size_t)cap);
    if (!acts || !times) {
        free(acts);
        free(times);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
        sim_action_view_t v;
        if (!sim_action_get(s->sim, i, &v)) continue;
        acts[k] = v.action;
        times[k++] = v.time;
    }
    int i = 0, j = s->next_act;
    while (i < sc->event_count && sc->events[i].at <= now)
        i++;
    while (i < sc->event_count || j < s->act_count) {
        bool take_scenario =
            j >= s->act_count || (i < sc->event_count && sc->events[i].at <= s->acts[j].at);
        const action_t *a = take_scenario ? &sc->events[i++] : &s->acts[j++];
        acts[k] = *a;
        times[k++] = a->at;
    }
    int rc = scenario_write_with_events(sc, acts, times, k, path, err, errlen);
    free(acts);
    free(times);
    return rc;
}
