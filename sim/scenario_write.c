/* scenario_write: a scenario written back as JSON with a new list of timed actions (the
 * dashboard's --record): the loader's module owns the JSON, so cJSON stays out of ui/. The
 * document is the effective one (after --set), with `events` replaced. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

static const char *service_name(const scenario_t *sc, int i) {
    return i >= 0 && i < sc->service_count ? sc->services[i].name : "?";
}

static bool is_node_action(action_kind_t k) {
    return k == ACTION_FAIL_NODE || k == ACTION_REPAIR_NODE || k == ACTION_CORDON_NODE ||
           k == ACTION_UNCORDON_NODE || k == ACTION_DRAIN_NODE || k == ACTION_TAINT ||
           k == ACTION_UNTAINT;
}

/* taint: key, value, effect; untaint: key and, when one was named, the effect */
static void add_taint(cJSON *o, const action_t *a) {
    cJSON_AddStringToObject(o, "key", a->taint.key ? a->taint.key : "?");
    int effect = a->action == ACTION_TAINT ? (int)a->taint.effect : a->untaint_effect;
    if (a->action == ACTION_TAINT && a->taint.value && a->taint.value[0])
        cJSON_AddStringToObject(o, "value", a->taint.value);
    if (effect >= 0) cJSON_AddStringToObject(o, "effect", taint_effect_names[effect]);
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
        if (a->action == ACTION_TAINT || a->action == ACTION_UNTAINT) add_taint(o, a);
        return o;
    }
    switch (a->action) {
    case ACTION_ADD_NODE:
        if (a->pool >= 0 && a->pool < sc->pool_count)
            cJSON_AddStringToObject(o, "pool", sc->pools[a->pool].name);
        return o;
    case ACTION_FAIL_ZONE:
    case ACTION_REPAIR_ZONE:
        cJSON_AddStringToObject(
            o, "zone", a->zone >= 0 && a->zone < sc->zone_count ? sc->zones[a->zone] : "?");
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
    if (a->action == ACTION_PATCH && a->patch_text) {
        cJSON *spec = cJSON_Parse(a->patch_text);
        if (spec) cJSON_AddItemToObject(o, "spec", spec);
    }
    if (a->action == ACTION_PROMOTE && a->full) cJSON_AddBoolToObject(o, "full", true);
    if (a->action == ACTION_SET_TRAFFIC) {
        cJSON_AddNumberToObject(o, "rps", a->rps);
        cJSON_AddNumberToObject(o, "ramp", (double)a->ramp / SIM_SEC);
    }
    return o;
}

int scenario_write_with_events(const scenario_t *sc, const action_t *actions,
                               const sim_time_t *times, int n, const char *path, char *err,
                               size_t errlen) {
    cJSON *doc = sc->json ? cJSON_Duplicate(sc->json, 1) : cJSON_CreateObject();
    cJSON *events = cJSON_CreateArray();
    if (!doc || !events) {
        cJSON_Delete(doc);
        cJSON_Delete(events);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(events, action_json(sc, &actions[i], times[i]));
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
