/* scenario_events: timed actions, random faults, lesson notes (with translations) and the
 * dashboard's `ui` block. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "loader.h"

/* the keys each action takes besides `at` and `action`: required, then optional */
static const struct {
    const char *const *required, *const *optional;
} ACTION_KEYS[ACTION_COUNT] = {
    [ACTION_DEPLOY] = {KEYS("service", "version"), NULL},
    [ACTION_ROLLBACK] = {KEYS("service"), NULL},
    [ACTION_PAUSE] = {KEYS("service"), NULL},
    [ACTION_RESUME] = {KEYS("service"), NULL},
    [ACTION_PROMOTE] = {KEYS("service"), KEYS("full")},
    [ACTION_ABORT] = {KEYS("service"), NULL},
    [ACTION_SCALE] = {KEYS("service", "replicas"), NULL},
    [ACTION_SET_TRAFFIC] = {KEYS("service", "rps"), KEYS("ramp")},
    [ACTION_FAIL_NODE] = {KEYS("node"), NULL},
    [ACTION_REPAIR_NODE] = {KEYS("node"), NULL},
    [ACTION_CORDON_NODE] = {KEYS("node"), NULL},
    [ACTION_UNCORDON_NODE] = {KEYS("node"), NULL},
    [ACTION_DRAIN_NODE] = {KEYS("node"), NULL},
    [ACTION_ADD_NODE] = {KEYS("pool"), NULL},
    [ACTION_KILL_POD] = {NULL, KEYS("pod", "service")}, /* exactly one of them */
    [ACTION_RESTART] = {KEYS("service"), NULL},
    [ACTION_FAIL_ZONE] = {KEYS("zone"), NULL},
    [ACTION_REPAIR_ZONE] = {KEYS("zone"), NULL},
    [ACTION_TAINT] = {KEYS("node", "key", "effect"), KEYS("value")},
    [ACTION_UNTAINT] = {KEYS("node", "key"), KEYS("effect")},
    [ACTION_RETRY] = {KEYS("service"), NULL},
    [ACTION_PATCH] = {KEYS("service", "spec"), NULL},
};
static const char *const FAULT_KEYS[] = {"type",       "pool", "service", "mtbf",
                                         "repairTime", "zone", NULL};
static const char *const EVENT_KEYS[] = {"at",   "action", "service", "version", "replicas", "rps",
                                         "ramp", "node",   "pool",    "pod",     "full",     "zone",
                                         "key",  "value",  "effect",  "spec",    NULL};
/* ---- events, faults, notes ----------------------------------------------------------- */

/* "workers-3" -> pool and 0-based node index. `adds` counts the addNode events of each
 * pool before this event: they create POOL-(count+1), ... */
static void resolve_node(ld_t *ld, const char *path, const char *name, const int *adds,
                         action_t *a) {
    const scenario_t *sc = ld->sc;
    int best = -1;
    long n = 0;
    for (int i = 0; i < sc->pool_count; i++) {
        const char *pn = sc->pools[i].name;
        size_t len = pn ? strlen(pn) : 0;
        if (!pn || strncmp(name, pn, len) || name[len] != '-') continue;
        const char *num = name + len + 1;
        if (!*num || strspn(num, "0123456789") != strlen(num) || strlen(num) > 9) continue;
        if (best < 0 || len > strlen(sc->pools[best].name)) best = i, n = strtol(num, NULL, 10);
    }
    if (best >= 0) {
        const pool_spec_t *p = &sc->pools[best];
        int have = p->count + adds[best];
        if (n >= 1 && n <= have) {
            a->pool = best;
            a->node = (int)n - 1;
            return;
        }
        char extra[64] = "";
        if (adds[best])
            snprintf(extra, sizeof extra, ", counting %d addNode event%s before it", adds[best],
                     adds[best] == 1 ? "" : "s");
        if (have == 0)
            ld_err_at(ld, path, "node", "unknown node \"%s\" (pool %s has no nodes%s)", name,
                      p->name, extra);
        else if (have == 1)
            ld_err_at(ld, path, "node", "unknown node \"%s\" (pool %s has one node, %s-1%s)", name,
                      p->name, p->name, extra);
        else
            ld_err_at(ld, path, "node", "unknown node \"%s\" (pool %s has nodes %s-1..%s-%d%s)",
                      name, p->name, p->name, p->name, have, extra);
        return;
    }
    char list[512] = "";
    size_t o = 0;
    for (int i = 0; i < sc->pool_count && o < sizeof list; i++) {
        const pool_spec_t *p = &sc->pools[i];
        if (!p->name) continue;
        int w = p->count > 1
                    ? snprintf(list + o, sizeof list - o, "%s%s-1..%s-%d", i ? ", " : "", p->name,
                               p->name, p->count)
                    : snprintf(list + o, sizeof list - o, "%s%s-1", i ? ", " : "", p->name);
        if (w > 0) o += (size_t)w;
    }
    ld_err_at(ld, path, "node", "unknown node \"%s\" (nodes are named POOL-N: %s)", name, list);
}

/* killPod by name: pods are SERVICE-HASH-XXXXX, so the longest service name that prefixes
 * it names the service. */
static void resolve_pod(ld_t *ld, const char *path, const char *pod, action_t *a) {
    const scenario_t *sc = ld->sc;
    size_t best_len = 0;
    for (int i = 0; i < sc->service_count; i++) {
        const char *sn = sc->services[i].name;
        size_t len = sn ? strlen(sn) : 0;
        if (sn && len > best_len && !strncmp(pod, sn, len) && pod[len] == '-')
            best_len = len, a->service = i;
    }
    if (a->service < 0)
        ld_err_at(ld, path, "pod",
                  "unknown pod \"%s\" (pods are named SERVICE-HASH-XXXXX, e.g. web-7d4b9c8f6-x2k9q;"
                  " or give \"service\" to kill one of its pods)",
                  pod);
}

/* failZone / repairZone {zone}; taint {node, key, value, effect}; untaint {node, key, effect}
 * like `kubectl taint nodes NODE key[=value]:EFFECT[-]`. */
static void load_zone_taint_action(ld_t *ld, const cJSON *o, const char *path, action_t *a) {
    const char *zone;
    if ((a->action == ACTION_FAIL_ZONE || a->action == ACTION_REPAIR_ZONE) &&
        ld_get_string(ld, o, path, "zone", &zone, true)) {
        for (int i = 0; i < ld->sc->zone_count; i++)
            if (!strcmp(ld->sc->zones[i], zone)) a->zone = i;
        if (a->zone < 0)
            ld_err_unknown(ld, path, "zone", "zone", "zones of the node pools", zone,
                           (const char **)ld->sc->zones, ld->sc->zone_count);
    }
    if (a->action != ACTION_TAINT && a->action != ACTION_UNTAINT) return;
    ld_get_strdup(ld, o, path, "key", &a->taint.key, true);
    a->taint.value = ld_strdup(ld, "");
    ld_get_strdup(ld, o, path, "value", &a->taint.value, false);
    int e = ld_get_enum_n(ld, o, path, "effect", taint_effect_names, 3, "taint effect");
    if (e >= 0) a->taint.effect = (taint_effect_t)e;
    a->untaint_effect = ld_member(o, "effect") ? e : -1;
}

static void load_event(ld_t *ld, const cJSON *o, const char *path, action_t *a,
                       const char **node_name) {
    *a = (action_t){.action = ACTION_DEPLOY,
                    .service = -1,
                    .version = -1,
                    .pool = -1,
                    .node = -1,
                    .zone = -1,
                    .untaint_effect = -1};
    if (!cJSON_IsObject(o)) {
        ld_err_type(ld, path, NULL, "an object", o);
        return;
    }
    ld_require(ld, o, path, "at");
    ld_get_duration(ld, o, path, "at", &a->at, false);
    int act = ld_require(ld, o, path, "action")
                  ? ld_get_enum_n(ld, o, path, "action", action_names, ACTION_COUNT, "action")
                  : -1;
    if (act < 0) {
        ld_check_object(ld, o, path, EVENT_KEYS);
        return;
    }
    a->action = (action_kind_t)act;
    const char *const *req = ACTION_KEYS[act].required, *const *opt = ACTION_KEYS[act].optional;
    const char *const *lists[4] = {KEYS("at", "action"), NULL, NULL, NULL};
    int nlists = 1;
    if (req) lists[nlists++] = req;
    if (opt) lists[nlists++] = opt;
    char takes[128], takes2[64], msg[256];
    ld_join(req ? req : opt, -1, takes, sizeof takes);
    if (req && opt)
        snprintf(takes + strlen(takes), sizeof takes - strlen(takes), ", %s",
                 ld_join(opt, -1, takes2, sizeof takes2));
    snprintf(msg, sizeof msg, "not a key of action \"%s\" (it takes %s)", action_names[act], takes);
    ld_check_object_ex(ld, o, path, lists, EVENT_KEYS, msg);
    for (int i = 0; req && req[i]; i++)
        ld_require(ld, o, path, req[i]);
    if (a->action == ACTION_KILL_POD && !ld_member(o, "pod") == !ld_member(o, "service"))
        ld_err_at(ld, path, NULL, "killPod needs exactly one of pod, service");

    if (ld_member(o, "service") && (req ? ld_in_list(req, "service") : ld_in_list(opt, "service")))
        a->service = ld_get_service_ref(ld, o, path, "service");
    const char *ver;
    if (a->action == ACTION_DEPLOY && a->service >= 0 &&
        ld_get_string(ld, o, path, "version", &ver, true)) {
        const service_spec_t *s = &ld->sc->services[a->service];
        for (int v = 0; v < s->version_count && a->version < 0; v++)
            if (s->versions[v].name && !strcmp(s->versions[v].name, ver)) a->version = v;
        if (a->version < 0) {
            char what[160];
            snprintf(what, sizeof what, "versions of service %s", s->name);
            const char **names =
                ld_collect_names(s->versions, s->version_count, sizeof(version_spec_t),
                                 offsetof(version_spec_t, name));
            ld_err_unknown(ld, path, "version", "version", what, ver, names, s->version_count);
            free(names);
        }
    }
    if (a->action == ACTION_SCALE)
        ld_get_int(ld, o, path, "replicas", &a->replicas, 0, SCN_MAX_REPLICAS);
    if (a->action == ACTION_PROMOTE) ld_get_bool(ld, o, path, "full", &a->full);
    if (a->action == ACTION_SET_TRAFFIC) {
        ld_get_rps(ld, o, path, "rps", &a->rps);
        ld_get_duration(ld, o, path, "ramp", &a->ramp, false);
    }
    if (a->action == ACTION_ADD_NODE) a->pool = ld_get_pool_ref(ld, o, path, "pool");
    const char *pod;
    if (a->action == ACTION_KILL_POD && ld_get_string(ld, o, path, "pod", &pod, true)) {
        a->pod = ld_strdup(ld, pod);
        resolve_pod(ld, path, pod, a);
    }
    if ((act >= ACTION_FAIL_NODE && act <= ACTION_DRAIN_NODE) || act == ACTION_TAINT ||
        act == ACTION_UNTAINT)
        ld_get_string(ld, o, path, "node", node_name, true);
    load_zone_taint_action(ld, o, path, a);
}

void ld_load_events(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *arr = ld_get_array(ld, root, "", "events");
    sc->events = ld_array_items(ld, arr, sizeof *sc->events, &sc->event_count);
    int n = sc->event_count;
    const char **nodes = ld_calloc(ld, (size_t)n, sizeof *nodes);
    int *adds = ld_calloc(ld, (size_t)sc->pool_count + 1, sizeof *adds);
    if (!n || !nodes || !adds) goto out;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++)
        load_event(ld, o, ld_pidx("events", i).s, &sc->events[i], &nodes[i]);
    /* node names, once every addNode is known: POOL-N exists if N <= count + addNodes before */
    for (i = 0; i < n; i++) {
        if (!nodes[i]) continue;
        memset(adds, 0, sizeof *adds * (size_t)sc->pool_count);
        for (int j = 0; j < n; j++) {
            const action_t *e = &sc->events[j];
            if (e->action == ACTION_ADD_NODE && e->pool >= 0 &&
                (e->at < sc->events[i].at || (e->at == sc->events[i].at && j < i)))
                adds[e->pool]++;
        }
        resolve_node(ld, ld_pidx("events", i).s, nodes[i], adds, &sc->events[i]);
    }
    ld_compose_patches(ld, arr);
    ld_sort_by_at(sc->events, n, sizeof *sc->events, offsetof(action_t, at));
out:
    free(nodes);
    free(adds);
}

void ld_load_faults(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *arr = ld_get_array(ld, root, "", "faults");
    sc->faults = ld_array_items(ld, arr, sizeof *sc->faults, &sc->fault_count);
    if (!sc->faults) return;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        path_t path = ld_pidx("faults", i);
        fault_spec_t *f = &sc->faults[i];
        f->pool = f->service = f->zone = -1;
        if (!cJSON_IsObject(o)) {
            ld_err_type(ld, path.s, NULL, "an object", o);
            continue;
        }
        int type = ld_require(ld, o, path.s, "type")
                       ? ld_get_enum(ld, o, path.s, "type",
                                     KEYS("nodeFailure", "podCrash", "zoneFailure"), "fault type")
                       : -1;
        if (type < 0) {
            ld_check_object(ld, o, path.s, FAULT_KEYS);
            continue;
        }
        f->type = type == 0 ? FAULT_NODE_FAILURE : type == 1 ? FAULT_POD_CRASH : FAULT_ZONE_FAILURE;
        const char *const *keys = type == 0   ? KEYS("type", "pool", "mtbf", "repairTime")
                                  : type == 1 ? KEYS("type", "service", "mtbf")
                                              : KEYS("type", "zone", "mtbf", "repairTime");
        const char *const *lists[] = {keys, NULL};
        ld_check_object_ex(
            ld, o, path.s, lists, FAULT_KEYS,
            type == 0   ? "not a key of a nodeFailure (it takes pool, mtbf, repairTime)"
            : type == 1 ? "not a key of a podCrash (it takes service, mtbf)"
                        : "not a key of a zoneFailure (it takes zone, mtbf, repairTime)");
        ld_require(ld, o, path.s, "mtbf");
        ld_get_dist(ld, o, path.s, "mtbf", &f->mtbf, true);
        if (type == 0) {
            if (ld_require(ld, o, path.s, "pool")) f->pool = ld_get_pool_ref(ld, o, path.s, "pool");
            f->has_repair_time = ld_get_dist(ld, o, path.s, "repairTime", &f->repair_time, false);
        } else if (type == 1 && ld_require(ld, o, path.s, "service")) {
            f->service = ld_get_service_ref(ld, o, path.s, "service");
        } else if (type == 2) { /* a zone outage: every node of the zone at once */
            const char *zone;
            if (ld_require(ld, o, path.s, "zone") &&
                ld_get_string(ld, o, path.s, "zone", &zone, true)) {
                for (int z = 0; z < sc->zone_count; z++)
                    if (!strcmp(sc->zones[z], zone)) f->zone = z;
                if (f->zone < 0)
                    ld_err_unknown(ld, path.s, "zone", "zone", "zones of the node pools", zone,
                                   (const char **)sc->zones, sc->zone_count);
            }
            f->has_repair_time = ld_get_dist(ld, o, path.s, "repairTime", &f->repair_time, false);
        }
    }
}

bool scenario_lang_valid(const char *s) {
    size_t n = strlen(s), i = 0;
    if (n == 0 || n > 15) return false;
    while (i < n && islower((unsigned char)s[i]))
        i++;
    if (i < 2 || i > 3) return false;
    while (i < n) { /* -subtag */
        if (s[i++] != '-') return false;
        size_t k = 0;
        while (i < n && isalnum((unsigned char)s[i]))
            i++, k++;
        if (k < 2 || k > 8) return false;
    }
    return true;
}

const char *scenario_note_text(const note_t *n, const char *lang) {
    for (int i = 0; lang && i < n->translation_count; i++)
        if (strcmp(n->translations[i].lang, lang) == 0) return n->translations[i].text;
    return n->text;
}

bool scenario_has_lang(const scenario_t *sc, const char *lang) {
    if (!lang || strcmp(lang, "en") == 0) return true;
    for (int i = 0; i < sc->note_count; i++)
        if (scenario_note_text(&sc->notes[i], lang) != sc->notes[i].text) return true;
    return false;
}

/* `text`: a string (English), or an object of language tag -> string that has "en". */
static void load_note_text(ld_t *ld, const cJSON *o, const char *path, note_t *n) {
    const cJSON *j = ld_member(o, "text");
    if (j && !cJSON_IsObject(j) && !cJSON_IsString(j)) {
        ld_err_type(ld, path, "text",
                    "a string, or an object of translations ({\"en\": ..., \"ko\": ...})", j);
        return;
    }
    if (!j || !cJSON_IsObject(j)) {
        ld_get_strdup(ld, o, path, "text", &n->text, false);
        return;
    }
    path_t tp = ld_pkey(path, "text");
    ld_check_object(ld, j, tp.s, NULL); /* each language once */
    int count = cJSON_GetArraySize(j);
    n->translations = ld_calloc(ld, (size_t)count, sizeof *n->translations);
    for (const cJSON *tr = j->child; tr; tr = tr->next) {
        const char *tag = tr->string;
        bool dup = false;
        for (const cJSON *e = j->child; e != tr && !dup; e = e->next)
            dup = !strcmp(e->string, tag);
        if (dup) continue; /* reported above */
        /* country codes written for languages: Korea is KR, the Korean language ko */
        static const char *const wrong[][2] = {{"kr", "ko"}, {"jp", "ja"}, {"cn", "zh"},
                                               {"ua", "uk"}, {"gr", "el"}, {"dk", "da"}};
        const char *hint = NULL;
        for (size_t k = 0; k < sizeof wrong / sizeof wrong[0]; k++)
            if (strcasecmp(tag, wrong[k][0]) == 0) hint = wrong[k][1];
        if (hint || !scenario_lang_valid(tag)) {
            if (hint)
                ld_err_at(ld, tp.s, tag, "a country code, not a language (did you mean \"%s\"?)",
                          hint);
            else
                ld_err_at(ld, tp.s, tag,
                          "not a language tag (expected an ISO 639 code such as \"en\", \"ko\", "
                          "\"pt-BR\")");
            continue;
        }
        if (strcmp(tag, "en") == 0) {
            ld_get_strdup(ld, j, tp.s, "en", &n->text, false);
        } else if (n->translations) {
            note_translation_t *t = &n->translations[n->translation_count];
            if (!ld_get_strdup(ld, j, tp.s, tag, &t->text, false)) continue;
            snprintf(t->lang, sizeof t->lang, "%s", tag);
            n->translation_count++;
        }
    }
    if (!ld_member(j, "en"))
        ld_err_at(ld, tp.s, NULL,
                  "needs \"en\": the caption shown when there is no translation into the language "
                  "asked for");
}

void ld_load_notes(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *arr = ld_get_array(ld, root, "", "notes");
    sc->notes = ld_array_items(ld, arr, sizeof *sc->notes, &sc->note_count);
    if (!sc->notes) return;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        path_t path = ld_pidx("notes", i);
        sc->notes[i].service = -1;
        if (!ld_check_object(ld, o, path.s, KEYS("at", "text", "service"))) continue;
        ld_require(ld, o, path.s, "at");
        ld_require(ld, o, path.s, "text");
        ld_get_duration(ld, o, path.s, "at", &sc->notes[i].at, false);
        load_note_text(ld, o, path.s, &sc->notes[i]);
        if (ld_member(o, "service"))
            sc->notes[i].service = ld_get_service_ref(ld, o, path.s, "service");
    }
    ld_sort_by_at(sc->notes, sc->note_count, sizeof *sc->notes, offsetof(note_t, at));
}

/* ---- ui: what the dashboard shows first ----------------------------------------------- */

const char *const scenario_ui_chart_names[SCENARIO_UI_CHARTS] = {
    "requests", "pods", "errors", "latency", "nodes", "cpu", "weight"};

void ld_load_ui(ld_t *ld, const cJSON *root) {
    ui_spec_t *ui = &ld->sc->ui;
    const cJSON *u = ld_member(root, "ui");
    if (!u || !ld_check_object(ld, u, "ui", KEYS("focus", "charts"))) return;
    const cJSON *focus = ld_get_array(ld, u, "ui", "focus");
    int i = 0;
    for (const cJSON *f = focus ? focus->child : NULL; f; f = f->next, i++) {
        path_t p = ld_pidx("ui.focus", i);
        if (!cJSON_IsString(f) || !f->valuestring[0]) {
            ld_err_type(ld, p.s, NULL, "a service name (\"name\" or \"namespace/name\")", f);
            continue;
        }
        int svc = ld_resolve_service(ld, p.s, NULL, f->valuestring);
        if (svc < 0) continue;
        if (ui->focus_count == SCENARIO_UI_MAX_FOCUS)
            ld_err_at(ld, p.s, NULL, "at most %d services can be in focus", SCENARIO_UI_MAX_FOCUS);
        else
            ui->focus[ui->focus_count++] = svc;
    }
    const cJSON *charts = ld_get_array(ld, u, "ui", "charts");
    i = 0;
    for (const cJSON *c = charts ? charts->child : NULL; c; c = c->next, i++) {
        path_t p = ld_pidx("ui.charts", i);
        int k = -1;
        for (int j = 0; cJSON_IsString(c) && j < SCENARIO_UI_CHARTS; j++)
            if (!strcmp(c->valuestring, scenario_ui_chart_names[j])) k = j;
        if (k < 0) {
            char list[256];
            ld_err_at(ld, p.s, NULL, "expected a chart name (%s)",
                      ld_join(scenario_ui_chart_names, SCENARIO_UI_CHARTS, list, sizeof list));
            continue;
        }
        bool dup = false;
        for (int j = 0; j < ui->chart_count; j++)
            dup = dup || ui->charts[j] == k;
        if (dup)
            ld_err_at(ld, p.s, NULL, "chart \"%s\" is listed twice", c->valuestring);
        else
            ui->charts[ui->chart_count++] = k;
    }
}
