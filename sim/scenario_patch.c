/* scenario_patch: the `patch` action — `kubectl patch` (strategic merge) on a running
 * Deployment or Rollout spec. Patches are merged in time order at load time, each onto the
 * spec the previous one left, so the run only swaps a service's spec; fields the model does
 * not patch are refused with their path. A new pod template (spec.template) is a new version
 * of the service, which the run rolls out as a deploy of it (a new pod-template-hash). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

static const char *const PATCH_KEYS[] = {"replicas",
                                         "minReadySeconds",
                                         "progressDeadlineSeconds",
                                         "revisionHistoryLimit",
                                         "strategy",
                                         "template",
                                         NULL};

/* strategy: the fenceposts of the strategy the service already has; no change of type. */
static void patch_strategy(ld_t *ld, const cJSON *o, const char *path, service_spec_t *d) {
    static const char *const subs[] = {"rollingUpdate", NULL, "canary", NULL};
    static const char *const types[] = {"RollingUpdate", "Recreate", "Canary", "BlueGreen"};
    const char *mine = subs[d->strategy.type];
    if (!cJSON_IsObject(o)) {
        ld_err_type(ld, path, NULL, "an object", o);
        return;
    }
    if (ld_member(o, "type")) {
        ld_err_at(ld, path, "type",
                  "changing the strategy type is not modelled (a patch keeps "
                  "the strategy the service has)");
        return;
    }
    for (const cJSON *c = o->child; c; c = c->next) {
        if (mine && !strcmp(c->string, mine)) continue;
        if (mine)
            ld_err_at(ld, path, c->string,
                      "not patched by the model (a %s strategy takes %s.maxSurge and "
                      "maxUnavailable)",
                      types[d->strategy.type], mine);
        else
            ld_err_at(ld, path, c->string,
                      "not patched by the model (a %s strategy has no "
                      "fenceposts to patch)",
                      types[d->strategy.type]);
        return;
    }
    const cJSON *f = mine ? ld_member(o, mine) : NULL;
    if (!f) return;
    path_t p = ld_pkey(path, mine);
    if (!ld_check_object(ld, f, p.s, KEYS("maxSurge", "maxUnavailable"))) return;
    strategy_spec_t *st = &d->strategy;
    ld_get_int_or_pct(ld, f, p.s, "maxSurge", &st->max_surge);
    ld_get_int_or_pct(ld, f, p.s, "maxUnavailable", &st->max_unavailable);
    /* k8s ValidateRollingUpdateDeployment, on the merged result */
    if (st->max_unavailable.percent && st->max_unavailable.value > 100)
        ld_err_at(ld, p.s, "maxUnavailable", "must not be greater than 100%%");
    else if (st->max_surge.value == 0 && st->max_unavailable.value == 0)
        ld_err_at(ld, p.s, "maxUnavailable",
                  "may not be 0 when maxSurge is 0 (after the merge with the current spec)");
}

static void patch_spec(ld_t *ld, const cJSON *o, const char *path, service_spec_t *d,
                       int *replicas) {
    if (!cJSON_IsObject(o)) {
        ld_err_type(ld, path, NULL, "an object", o);
        return;
    }
    if (ld_member(o, "paused")) {
        ld_err_at(ld, path, "paused", "use the pause and resume actions");
        return;
    }
    if (!ld_check_object(ld, o, path, PATCH_KEYS)) return;
    if (ld_member(o, "replicas")) {
        ld_get_int(ld, o, path, "replicas", replicas, 0, SCN_MAX_REPLICAS);
        d->replicas = *replicas;
    }
    ld_get_duration(ld, o, path, "minReadySeconds", &d->min_ready, false);
    ld_get_duration(ld, o, path, "progressDeadlineSeconds", &d->progress_deadline, true);
    ld_get_int(ld, o, path, "revisionHistoryLimit", &d->revision_history_limit, 0, SCN_MAX_COUNT);
    if ((ld_member(o, "minReadySeconds") || ld_member(o, "progressDeadlineSeconds")) &&
        d->progress_deadline <= d->min_ready)
        ld_err_at(ld, path, "progressDeadlineSeconds",
                  "must be greater than minReadySeconds (after the merge with the current spec)");
    if (ld_member(o, "strategy")) {
        path_t p = ld_pkey(path, "strategy");
        patch_strategy(ld, ld_member(o, "strategy"), p.s, d);
    }
}

/* Template patches first, in time order (deploys included, for the template each one is
 * merged onto): each appends a version to its service, so the shallow copies below all
 * share the final versions array. An undo between them is not seen (the template is the
 * last deployed or patched one). */
static void compose_templates(ld_t *ld, const cJSON *arr, const int *order, int m, int *current) {
    scenario_t *sc = ld->sc;
    int nth = 0;
    for (int k = 0; k < m; k++) {
        action_t *a = &sc->events[order[k]];
        if (a->action == ACTION_DEPLOY) {
            if (a->version >= 0) current[a->service] = a->version;
            continue;
        }
        a->version = -1;
        const cJSON *spec = ld_member(cJSON_GetArrayItem(arr, order[k]), "spec");
        const cJSON *tpl = cJSON_IsObject(spec) ? ld_member(spec, "template") : NULL;
        if (!tpl) continue;
        path_t p = ld_pkey(ld_pkey(ld_pidx("events", order[k]).s, "spec").s, "template");
        a->version =
            ld_patch_template(ld, tpl, p.s, &sc->services[a->service], current[a->service], ++nth);
        if (a->version >= 0) current[a->service] = a->version;
    }
}

/* Merges every patch event onto its service's spec in time order (file order within an
 * instant, as the events run). */
void ld_compose_patches(ld_t *ld, const cJSON *arr) {
    scenario_t *sc = ld->sc;
    int n = sc->event_count;
    const service_spec_t **latest = ld_calloc(ld, (size_t)sc->service_count + 1, sizeof *latest);
    int *current = ld_calloc(ld, (size_t)sc->service_count + 1, sizeof *current);
    int *order = ld_calloc(ld, (size_t)n + 1, sizeof *order);
    if (!latest || !order || !current) goto out;
    int m = 0;
    for (int i = 0; i < n; i++)
        if ((sc->events[i].action == ACTION_PATCH || sc->events[i].action == ACTION_DEPLOY) &&
            sc->events[i].service >= 0)
            order[m++] = i;
    for (int i = 1; i < m; i++) /* stable: by time, then file order */
        for (int j = i; j > 0 && sc->events[order[j - 1]].at > sc->events[order[j]].at; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    compose_templates(ld, arr, order, m, current);
    for (int k = 0; k < m; k++) {
        action_t *a = &sc->events[order[k]];
        if (a->action != ACTION_PATCH) continue;
        const service_spec_t *base =
            latest[a->service] ? latest[a->service] : &sc->services[a->service];
        a->patch = ld_calloc(ld, 1, sizeof *a->patch);
        if (!a->patch) break;
        *a->patch = *base;
        /* the versions array may have grown after `base` was copied */
        a->patch->versions = sc->services[a->service].versions;
        a->patch->version_count = sc->services[a->service].version_count;
        const cJSON *spec = ld_member(cJSON_GetArrayItem(arr, order[k]), "spec");
        path_t p = ld_pkey(ld_pidx("events", order[k]).s, "spec");
        a->replicas = -1;
        patch_spec(ld, spec, p.s, a->patch, &a->replicas);
        a->patch_text = cJSON_PrintUnformatted(spec);
        latest[a->service] = a->patch;
    }
out:
    free(latest);
    free(current);
    free(order);
}
