/* session: scenario + sim + the user's actions; checkpoints and deterministic jumps; --record. */
#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- checkpoints ---- */

static void checkpoints_drop_if(session_t *s, bool (*drop)(const session_t *, int)) {
    int k = 0;
    for (int i = 0; i < s->cp_count; i++) {
        if (drop(s, i)) {
            sim_destroy(s->cps[i].sim);
            s->cp_bytes -= s->cps[i].bytes;
        } else {
            s->cps[k++] = s->cps[i];
        }
    }
    s->cp_count = k;
}

static bool any(const session_t *s, int i) {
    (void)s, (void)i;
    return true;
}
/* after the current time: the user changed what happens from now on */
static bool after_now(const session_t *s, int i) {
    return s->cps[i].at > sim_now(s->sim);
}
/* holds a user action: the user's actions were forgotten */
static bool with_actions(const session_t *s, int i) {
    return s->cps[i].next_act > 0;
}
/* Over the memory cap: drops the checkpoint (never time 0's) whose neighbours are closest, so
 * that no jump replays much more than the others. Closest in work: a replay costs per event
 * (a rollout of thousands of pods has many) and per simulated second (metrics samples, fluid
 * ticks read every pod), so the distance is the sum of both shares of the run so far. */
static void checkpoint_thin(session_t *s) {
    int drop = s->cp_count - 1;
    const session_checkpoint_t *last = &s->cps[s->cp_count - 1];
    double per_event = 1.0 / (double)(last->events + 1), per_us = 1.0 / (double)(last->at + 1);
    double gap = 1e300;
    for (int i = 1; i + 1 < s->cp_count; i++) {
        const session_checkpoint_t *a = &s->cps[i - 1], *b = &s->cps[i + 1];
        double d = (double)(b->events - a->events) * per_event + (double)(b->at - a->at) * per_us;
        if (d < gap) {
            gap = d;
            drop = i;
        }
    }
    sim_destroy(s->cps[drop].sim);
    s->cp_bytes -= s->cps[drop].bytes;
    memmove(&s->cps[drop], &s->cps[drop + 1], sizeof *s->cps * (size_t)(s->cp_count - drop - 1));
    s->cp_count--;
}

/* A copy of the run as it is now, kept in time order (the first at a time wins: the run
 * passes the same times again after a jump back). Out of memory: no checkpoint, nothing lost
 * but speed. */
static void checkpoint_take(session_t *s) {
    sim_time_t now = sim_now(s->sim);
    int pos = s->cp_count;
    while (pos > 0 && s->cps[pos - 1].at > now)
        pos--;
    if (pos > 0 && s->cps[pos - 1].at == now) return;
    if (s->cp_count == s->cp_cap) {
        int ncap = s->cp_cap ? s->cp_cap * 2 : 16;
        session_checkpoint_t *n = realloc(s->cps, sizeof *n * (size_t)ncap);
        if (!n) return;
        s->cps = n;
        s->cp_cap = ncap;
    }
    diag_t d;
    diag_init(&d);
    size_t bytes = 0;
    sim_t *copy = sim_clone(s->sim, NULL, &bytes, &d);
    diag_free(&d);
    if (!copy) return;
    memmove(&s->cps[pos + 1], &s->cps[pos], sizeof *s->cps * (size_t)(s->cp_count - pos));
    s->cps[pos] = (session_checkpoint_t){copy, now, sim_events_processed(copy), s->next_act, bytes};
    s->cp_count++;
    s->cp_bytes += bytes;
    while (s->cp_bytes > s->cp_limit && s->cp_count > 1)
        checkpoint_thin(s);
}

/* The latest checkpoint at or before t, -1 when none. */
static int checkpoint_before(const session_t *s, sim_time_t t) {
    int best = -1;
    for (int i = 0; i < s->cp_count && s->cps[i].at <= t; i++)
        best = i;
    return best;
}

/* The run becomes a copy of checkpoint i; -1 (the run unchanged) when out of memory. */
static int checkpoint_restore(session_t *s, int i, diag_t *diag) {
    sim_t *copy = sim_clone(s->cps[i].sim, NULL, NULL, diag);
    if (!copy) return -1;
    sim_destroy(s->sim);
    s->sim = copy;
    s->swaps++;
    s->next_act = s->cps[i].next_act;
    return 0;
}

/* ---- the run ---- */

static int create_sim(session_t *s, diag_t *diag) {
    /* a deep history, so a Warning is still there to pin after a flood of Normal events */
    sim_options_t opt = {.seed = s->sc->seed, .outdir = NULL, .history_events = 4000};
    checkpoints_drop_if(s, any);
    s->cp_every = (sim_time_t)SESSION_CHECKPOINT_EVERY * SIM_SEC;
    s->sim = sim_create(s->sc, &opt, diag);
    s->swaps++;
    s->next_act = 0;
    if (!s->sim) return -1;
    checkpoint_take(s);
    return 0;
}

int session_open(session_t *s, const char *file, diag_t *diag) {
    memset(s, 0, sizeof *s);
    s->file = file;
    s->cp_limit = SESSION_CHECKPOINT_BYTES;
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
    checkpoints_drop_if(s, any);
    free(s->cps);
    if (s->sim) sim_destroy(s->sim);
    drop_actions_from(s, 0);
    free(s->acts);
    if (s->sc) scenario_free(s->sc);
    memset(s, 0, sizeof *s);
}

int session_restart(session_t *s, bool forget, diag_t *diag) {
    if (forget) {
        drop_actions_from(s, 0);
        checkpoints_drop_if(s, with_actions);
    }
    if (s->cp_count > 0 && s->cps[0].at == 0 && checkpoint_restore(s, 0, diag) == 0) return 0;
    if (s->sim) sim_destroy(s->sim);
    s->sim = NULL;
    return create_sim(s, diag);
}

/* Runs forward to t, injecting the user's actions that fall in between at their times and
 * taking a checkpoint at each multiple of the spacing it reaches. */
static void run_forward(session_t *s, sim_time_t t) {
    char err[128];
    for (;;) {
        sim_time_t now = sim_now(s->sim), stop = t;
        sim_time_t mark = (now / s->cp_every + 1) * s->cp_every;
        if (s->next_act < s->act_count && s->acts[s->next_act].at < stop)
            stop = s->acts[s->next_act].at;
        if (mark < stop) stop = mark;
        if (sim_run_until(s->sim, stop) != 0 || sim_now(s->sim) < stop) return; /* stalled */
        while (s->next_act < s->act_count && s->acts[s->next_act].at <= stop) {
            const action_t *a = &s->acts[s->next_act++];
            sim_inject(s->sim, a, err, sizeof err); /* it succeeded the first time: same run */
        }
        if (stop == mark) checkpoint_take(s);
        if (stop >= t) return;
    }
}

int session_seek(session_t *s, sim_time_t t, diag_t *diag) {
    if (t < 0) t = 0;
    if (t > sim_duration(s->sim)) t = sim_duration(s->sim);
    int cp = checkpoint_before(s, t);
    bool back = t < sim_now(s->sim);
    if ((back || (cp >= 0 && s->cps[cp].at > sim_now(s->sim))) &&
        (cp < 0 || checkpoint_restore(s, cp, diag) != 0)) {
        if (!back) { /* out of memory for the copy: onwards from now */
            diag_clear(diag);
        } else if (session_restart(s, false, diag) != 0) {
            return -1;
        }
    }
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
    checkpoints_drop_if(s, after_now);
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
