/* session: scenario + sim + the user's actions; deterministic jumps; --record. */
#include "session.h"

#include <cJSON.h>
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

static const char *service_name(const scenario_t *sc, int i) {
    return i >= 0 && i < sc->service_count ? sc->services[i].name : "?";
}

static bool is_node_action(action_kind_t k) {
    return k == ACTION_FAIL_NODE || k == ACTION_REPAIR_NODE || k == ACTION_CORDON_NODE ||
           k == ACTION_UNCORDON_NODE || k == ACTION_DRAIN_NODE;
}

/* The version a deploy names, or "?" */
static const char *version_name(const scenario_t *sc, const action_t *a) {
    if (a->service < 0 || a->service >= sc->service_count) return "?";
    const service_spec_t *sp = &sc->services[a->service];
    return a->version >= 0 && a->version < sp->version_count ? sp->versions[a->version].name : "?";
}

static void node_name(const scenario_t *sc, const action_t *a, char *buf, size_t n) {
    const char *pool = a->pool >= 0 && a->pool < sc->pool_count ? sc->pools[a->pool].name : "?";
    snprintf(buf, n, "%s-%d", pool, a->node + 1);
}

static cJSON *action_json(const scenario_t *sc, const action_t *a, sim_time_t at) {
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddNumberToObject(o, "at", (double)at / SIM_SEC);
    cJSON_AddStringToObject(o, "action", action_names[a->action]);
    char node[96];
    if (is_node_action(a->action)) {
        node_name(sc, a, node, sizeof node);
        cJSON_AddStringToObject(o, "node", node);
        return o;
    }
    switch (a->action) {
    case ACTION_ADD_NODE:
        if (a->pool >= 0 && a->pool < sc->pool_count)
            cJSON_AddStringToObject(o, "pool", sc->pools[a->pool].name);
        return o;
    case ACTION_KILL_POD:
        if (a->pod) {
            cJSON_AddStringToObject(o, "pod", a->pod);
            return o;
        }
        break;
    default:
        break;
    }
    cJSON_AddStringToObject(o, "service", service_name(sc, a->service));
    if (a->action == ACTION_DEPLOY) cJSON_AddStringToObject(o, "version", version_name(sc, a));
    if (a->action == ACTION_SCALE) cJSON_AddNumberToObject(o, "replicas", a->replicas);
    if (a->action == ACTION_PROMOTE && a->full) cJSON_AddBoolToObject(o, "full", true);
    if (a->action == ACTION_SET_TRAFFIC) {
        cJSON_AddNumberToObject(o, "rps", a->rps);
        cJSON_AddNumberToObject(o, "ramp", (double)a->ramp / SIM_SEC);
    }
    return o;
}

int session_write_record(const session_t *s, const char *path, char *err, size_t errlen) {
    const scenario_t *sc = s->sc;
    cJSON *doc = sc->json ? cJSON_Duplicate(sc->json, 1) : cJSON_CreateObject();
    cJSON *events = cJSON_CreateArray();
    if (!doc || !events) {
        cJSON_Delete(doc);
        cJSON_Delete(events);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    sim_time_t now = sim_now(s->sim);
    int n = sim_action_count(s->sim);
    for (int i = 0; i < n; i++) {
        sim_action_view_t v;
        if (sim_action_get(s->sim, i, &v))
            cJSON_AddItemToArray(events, action_json(sc, &v.action, v.time));
    }
    /* Still to come: the scenario's own events and the user's kept actions, merged by time. */
    int i = 0, j = s->next_act;
    while (i < sc->event_count && sc->events[i].at <= now)
        i++;
    while (i < sc->event_count || j < s->act_count) {
        bool take_scenario =
            j >= s->act_count || (i < sc->event_count && sc->events[i].at <= s->acts[j].at);
        const action_t *a = take_scenario ? &sc->events[i++] : &s->acts[j++];
        cJSON_AddItemToArray(events, action_json(sc, a, a->at));
    }
    if (cJSON_GetObjectItemCaseSensitive(doc, "events"))
        cJSON_ReplaceItemInObjectCaseSensitive(doc, "events", events);
    else
        cJSON_AddItemToObject(doc, "events", events);
    char *text = cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    FILE *f = fopen(path, "w");
    int rc = 0;
    if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0) rc = -1;
    if (f && fclose(f) != 0) rc = -1;
    if (rc) snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
    free(text);
    return rc;
}
