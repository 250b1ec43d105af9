/* scenario: turns a scenario file into scenario_t. Every key is checked against the keys
 * valid at its place, every default (schema/schema.json, docs/MODEL.md#defaults) is filled in, and
 * every error of the file is collected (never only the first) as `FILE: JSON.PATH: message`.
 * This file holds the top of the document and the public entry points; the sections live in
 * scenario_values.c (typed members and messages), scenario_service.c, scenario_placement.c,
 * scenario_cluster.c, scenario_events.c and scenario_json.c (syntax errors, --set); they share
 * the private sim/loader.h. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

#define MAX_SEED 9007199254740992.0 /* 2^53: larger integers do not survive JSON numbers */

static const char *const TOP_KEYS[] = {
    "$schema",  "name",    "description", "seed",     "duration",        "coldStart",
    "fidelity", "metrics", "cluster",     "services", "ingresses",       "runtimes",
    "events",   "faults",  "notes",       "ui",       "priorityClasses", NULL};
/* ---- the document -------------------------------------------------------------------- */

static void load_top(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    sc->description = ld_strdup(ld, "");
    sc->seed = 1;
    sc->duration = 600 * SIM_SEC;
    sc->fidelity = FIDELITY_REQUESTS;
    sc->metrics_interval = 1 * SIM_SEC;
    sc->metrics_pods = true;
    ld_check_object(ld, root, "", TOP_KEYS);
    ld_require(ld, root, "", "name");
    ld_get_strdup(ld, root, "", "name", &sc->name, true);
    ld_get_strdup(ld, root, "", "description", &sc->description, false);
    const cJSON *seed = ld_member(root, "seed");
    if (seed) {
        if (!cJSON_IsNumber(seed) || seed->valuedouble != floor(seed->valuedouble) ||
            seed->valuedouble < 0 || seed->valuedouble > MAX_SEED)
            ld_err_type(ld, "", "seed", "an integer from 0 to 2^53", seed);
        else
            sc->seed = (uint64_t)seed->valuedouble;
    }
    ld_get_duration(ld, root, "", "duration", &sc->duration, true);
    ld_get_bool(ld, root, "", "coldStart", &sc->cold_start);
    int fid = ld_get_enum(ld, root, "", "fidelity", KEYS("requests", "fluid"), "fidelity");
    if (fid >= 0) sc->fidelity = (fidelity_t)fid;
    const cJSON *m = ld_member(root, "metrics");
    if (m && ld_check_object(ld, m, "metrics", KEYS("interval", "pods"))) {
        ld_get_duration(ld, m, "metrics", "interval", &sc->metrics_interval, true);
        ld_get_bool(ld, m, "metrics", "pods", &sc->metrics_pods);
    }
}

static void load_document(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    load_top(ld, root);
    ld_load_runtimes(ld, root);
    ld_load_cluster(ld, root);
    ld_load_priority_classes(ld, root);
    const cJSON *svcs = ld_get_array(ld, root, "", "services");
    sc->services = ld_array_items(ld, svcs, sizeof *sc->services, &sc->service_count);
    ld->routing = ld_calloc(ld, (size_t)sc->service_count, sizeof *ld->routing);
    ld->shaped_by = ld_calloc(ld, (size_t)sc->service_count, sizeof *ld->shaped_by);
    if (sc->service_count && (!ld->routing || !ld->shaped_by)) sc->service_count = 0;
    for (int k = 0; k < sc->service_count; k++)
        ld->shaped_by[k] = -1;
    int i = 0;
    for (const cJSON *o = sc->service_count ? svcs->child : NULL; o; o = o->next, i++)
        ld_load_service(ld, o, ld_pidx("services", i).s, i);
    ld_load_ingresses(ld, root);
    ld_check_services(ld);
    ld_resolve_pod_terms(ld);
    ld_resolve_priorities(ld);
    ld_load_events(ld, root);
    ld_load_faults(ld, root);
    ld_load_notes(ld, root);
    ld_load_ui(ld, root);
}

/* ---- loading and freeing ------------------------------------------------------------- */

int scenario_load_text(const char *text, const char *file, const scenario_set_t *sets,
                       int set_count, scenario_t **out, diag_t *diag) {
    *out = NULL;
    ld_t ld = {file ? file : "<scenario>", diag, 0, NULL, NULL, NULL};
    cJSON *root = ld_parse_json(&ld, text);
    if (!root) return -1;
    for (int i = 0; i < set_count; i++) {
        char err[512];
        if (scenario_json_set(root, sets[i].path, sets[i].value, err, sizeof err))
            ld_err_at(&ld, sets[i].path, NULL, "--set: %s", err);
    }
    scenario_t *sc = calloc(1, sizeof *sc);
    if (!sc) {
        cJSON_Delete(root);
        ld_err_at(&ld, "", NULL, "out of memory");
        return -1;
    }
    sc->json = root;
    sc->path = ld_strdup(&ld, ld.file);
    ld.sc = sc;
    if (!cJSON_IsObject(root))
        ld_err_type(&ld, "", NULL, "a JSON object at the top of the file", root);
    else
        load_document(&ld, root);
    free(ld.routing);
    free(ld.shaped_by);
    if (ld.errors) {
        scenario_free(sc);
        return -1;
    }
    *out = sc;
    return 0;
}

int scenario_load_file(const char *file, const scenario_set_t *sets, int set_count,
                       scenario_t **out, diag_t *diag) {
    *out = NULL;
    FILE *f = fopen(file, "rb");
    if (!f) {
        diag_add(diag, "%s: cannot open: %s", file, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    while (buf) {
        len += fread(buf + len, 1, cap - len - 1, f);
        if (len < cap - 1) break;
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) free(buf);
        buf = bigger;
        cap *= 2;
    }
    bool failed = ferror(f);
    fclose(f);
    if (!buf || failed) {
        diag_add(diag, "%s: cannot read%s", file, buf ? "" : ": out of memory");
        free(buf);
        return -1;
    }
    buf[len] = 0;
    if (memchr(buf, 0, len)) {
        diag_add(diag, "%s: not a text file (it contains a NUL byte)", file);
        free(buf);
        return -1;
    }
    int rc = scenario_load_text(buf, file, sets, set_count, out, diag);
    free(buf);
    return rc;
}

static void rules_free(hpa_rules_t *r) {
    free(r->policies);
}

void scenario_free(scenario_t *sc) {
    if (!sc) return;
    free(sc->path);
    free(sc->name);
    free(sc->description);
    for (int i = 0; i < sc->pool_count; i++) {
        free(sc->pools[i].name);
        free(sc->pools[i].spot_at);
        ld_pool_placement_free(&sc->pools[i]);
    }
    free(sc->pools);
    for (int i = 0; i < sc->ca_priority_count; i++)
        free(sc->ca_priorities[i].regex);
    free(sc->ca_priorities);
    for (int i = 0; i < sc->zone_count; i++)
        free(sc->zones[i]);
    free(sc->zones);
    for (int i = 0; i < sc->priority_class_count; i++)
        free(sc->priority_classes[i].name);
    free(sc->priority_classes);
    for (int i = 0; i < sc->service_count; i++) {
        service_spec_t *s = &sc->services[i];
        free(s->name);
        free(s->namespace_);
        free(s->qualified);
        for (int v = 0; v < s->version_count; v++)
            ld_version_free(&s->versions[v]);
        free(s->versions);
        free(s->strategy.steps);
        free(s->strategy.preview_service);
        rules_free(&s->hpa.scale_up);
        rules_free(&s->hpa.scale_down);
        ld_hpa_metrics_free(&s->hpa);
        free(s->pattern);
        free(s->trace);
        ld_placement_free(&s->placement);
    }
    free(sc->services);
    for (int i = 0; i < sc->ingress_count; i++) {
        for (int r = 0; r < sc->ingresses[i].rule_count; r++) {
            free(sc->ingresses[i].rules[r].host);
            free(sc->ingresses[i].rules[r].path);
        }
        for (int r = 0; r < sc->ingresses[i].request_count; r++) {
            free(sc->ingresses[i].requests[r].host);
            free(sc->ingresses[i].requests[r].path);
        }
        free(sc->ingresses[i].requests);
        free(sc->ingresses[i].traffic.pattern);
        free(sc->ingresses[i].traffic.trace);
        free(sc->ingresses[i].rules);
        free(sc->ingresses[i].name);
    }
    free(sc->ingresses);
    for (int i = 0; i < sc->event_count; i++) {
        free(sc->events[i].pod);
        free(sc->events[i].taint.key);
        free(sc->events[i].taint.value);
        free(sc->events[i].patch); /* a shallow copy: its arrays are the service's */
        free(sc->events[i].patch_text);
    }
    free(sc->events);
    free(sc->faults);
    for (int i = 0; i < sc->note_count; i++) {
        free(sc->notes[i].text);
        for (int k = 0; k < sc->notes[i].translation_count; k++)
            free(sc->notes[i].translations[k].text);
        free(sc->notes[i].translations);
    }
    free(sc->notes);
    cJSON_Delete(sc->json);
    free(sc);
}
