/* scenario_service: a service's keys — pod template and versions, strategy, HPA, traffic,
 * PodDisruptionBudget — with their defaults. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"
#include "strategy_info.h"

static const char *const SERVICE_KEYS[] = {"name",
                                           "namespace",
                                           "runtime",
                                           "replicas",
                                           "minReadySeconds",
                                           "progressDeadlineSeconds",
                                           "revisionHistoryLimit",
                                           "loadBalancing",
                                           "version",
                                           "versions",
                                           "strategy",
                                           "hpa",
                                           "podDisruptionBudget",
                                           "traffic",
                                           "nodeSelector",
                                           "tolerations",
                                           "affinity",
                                           "topologySpreadConstraints",
                                           "slo",
                                           "progressDeadlineAbort",
                                           "priorityClassName",
                                           NULL};
/* the pod template: valid on a service and in versions.NAME */
static const char *const TEMPLATE_KEYS[] = {"image",
                                            "resources",
                                            "capacityRps",
                                            "concurrency",
                                            "queueLimit",
                                            "serviceTime",
                                            "startup",
                                            "readinessProbe",
                                            "terminationGracePeriodSeconds",
                                            "preStop",
                                            "dependencies",
                                            "errorRate",
                                            "latency",
                                            "crashAfter",
                                            "livenessProbe",
                                            "startupProbe",
                                            "hangAfter",
                                            "unreadyAfter",
                                            "memoryWorkingSet",
                                            "memoryPerRequest",
                                            NULL};
/* ---- pod templates and versions -------------------------------------------------------- */

static void template_defaults(version_spec_t *v) {
    memset(v, 0, sizeof *v);
    v->cpu = 100;
    v->memory = 128LL << 20;
    v->capacity_rps = 100;
    v->concurrency = 4;
    v->queue_limit = 1000;
    v->service_time = SERVICE_TIME_EXPONENTIAL;
    v->startup = dist_constant(5 * SIM_SEC);
    v->termination_grace_period = 30 * SIM_SEC;
}

void ld_version_free(version_spec_t *v) {
    free(v->name);
    free(v->image_name);
    for (int i = 0; i < v->dependency_count; i++) {
        free(v->dependencies[i].name);
        free(v->dependencies[i].version);
    }
    free(v->dependencies);
    memset(v, 0, sizeof *v);
}

static void version_copy(ld_t *ld, version_spec_t *dst, const version_spec_t *src) {
    *dst = *src;
    dst->name = ld_strdup(ld, src->name);
    dst->image_name = ld_strdup(ld, src->image_name);
    dst->dependencies = ld_calloc(ld, (size_t)src->dependency_count, sizeof(dependency_t));
    dst->dependency_count = dst->dependencies ? src->dependency_count : 0;
    for (int i = 0; i < dst->dependency_count; i++) {
        dst->dependencies[i].name = ld_strdup(ld, src->dependencies[i].name);
        dst->dependencies[i].version = ld_strdup(ld, src->dependencies[i].version);
    }
}

/* `dependencies`: name -> version string, merged over what the template already has. */
static void load_dependencies(ld_t *ld, const cJSON *deps, const char *path, version_spec_t *v) {
    if (!ld_check_object(ld, deps, path, NULL)) return;
    for (const cJSON *c = deps->child; c; c = c->next) {
        const char *ver;
        if (!ld_get_string(ld, deps, path, c->string, &ver, true)) continue;
        int i = 0;
        while (i < v->dependency_count && (!v->dependencies[i].name || /* out of memory */
                                           strcmp(v->dependencies[i].name, c->string)))
            i++;
        if (i == v->dependency_count) {
            dependency_t *n = realloc(v->dependencies, sizeof *n * (size_t)(i + 1));
            if (!n) {
                ld_err_at(ld, "", NULL, "out of memory");
                return;
            }
            v->dependencies = n;
            n[i].name = ld_strdup(ld, c->string);
            n[i].version = NULL;
            v->dependency_count++;
        }
        free(v->dependencies[i].version);
        v->dependencies[i].version = ld_strdup(ld, ver);
    }
}

static void load_probe(ld_t *ld, const cJSON *o, const char *path, probe_spec_t *pr) {
    const char *const keys[] = {"initialDelaySeconds", "periodSeconds",    "timeoutSeconds",
                                "successThreshold",    "failureThreshold", NULL};
    if (!ld_check_object(ld, o, path, keys)) return;
    if (!pr->enabled) /* k8s defaults: 0 / 10 / 1 / 1 / 3 */
        *pr = (probe_spec_t){true, 0, 10 * SIM_SEC, 1 * SIM_SEC, 1, 3};
    ld_get_duration(ld, o, path, "initialDelaySeconds", &pr->initial_delay, false);
    ld_get_duration(ld, o, path, "periodSeconds", &pr->period, true);
    ld_get_duration(ld, o, path, "timeoutSeconds", &pr->timeout, true);
    ld_get_int(ld, o, path, "successThreshold", &pr->success_threshold, 1, SCN_MAX_COUNT);
    ld_get_int(ld, o, path, "failureThreshold", &pr->failure_threshold, 1, SCN_MAX_COUNT);
}

/* livenessProbe / startupProbe: k8s validateProbe wants successThreshold 1 for them. */
static void load_restart_probe(ld_t *ld, const cJSON *o, const char *path, const char *key,
                               probe_spec_t *pr) {
    const cJSON *probe = ld_member(o, key);
    if (!probe) return;
    path_t p = ld_pkey(path, key);
    load_probe(ld, probe, p.s, pr);
    if (pr->enabled && pr->success_threshold != 1)
        ld_err_at(ld, p.s, "successThreshold", "must be 1 for a %s", key);
}

/* Applies the pod-template keys present in o over v (a service, or a version on top of
 * its service). */
static void load_template(ld_t *ld, const cJSON *o, const char *path, version_spec_t *v) {
    const cJSON *img = ld_member(o, "image");
    if (img) {
        path_t p = ld_pkey(path, "image");
        if (ld_check_object(ld, img, p.s, KEYS("name", "size"))) {
            if (!v->image_name) { /* a first image needs both; an override either */
                ld_require(ld, img, p.s, "name");
                ld_require(ld, img, p.s, "size");
            }
            ld_get_strdup(ld, img, p.s, "name", &v->image_name, true);
            ld_get_quantity(ld, img, p.s, "size", Q_BYTES, SCN_MAX_IMAGE, &v->image_size);
        }
    }
    const cJSON *res = ld_member(o, "resources");
    if (res) {
        path_t p = ld_pkey(path, "resources");
        if (ld_check_object(ld, res, p.s, KEYS("cpu", "memory"))) {
            ld_get_quantity(ld, res, p.s, "cpu", Q_CPU, SCN_MAX_CPU, &v->cpu);
            ld_get_quantity(ld, res, p.s, "memory", Q_BYTES, SCN_MAX_BYTES, &v->memory);
        }
    }
    ld_get_quantity(ld, o, path, "memoryWorkingSet", Q_BYTES, SCN_MAX_BYTES,
                    &v->memory_working_set);
    ld_get_quantity(ld, o, path, "memoryPerRequest", Q_BYTES, SCN_MAX_BYTES,
                    &v->memory_per_request);
    ld_get_number(ld, o, path, "capacityRps", &v->capacity_rps, R_CAPACITY);
    ld_get_int(ld, o, path, "concurrency", &v->concurrency, 1, SCN_MAX_CONCURRENCY);
    ld_get_int(ld, o, path, "queueLimit", &v->queue_limit, 0, SCN_MAX_QUEUE);
    int st =
        ld_get_enum(ld, o, path, "serviceTime", KEYS("exponential", "constant"), "service time");
    if (st >= 0) v->service_time = (service_time_kind_t)st;
    ld_get_dist(ld, o, path, "startup", &v->startup, false);
    const cJSON *probe = ld_member(o, "readinessProbe");
    if (probe) {
        path_t p = ld_pkey(path, "readinessProbe");
        load_probe(ld, probe, p.s, &v->readiness_probe);
    }
    load_restart_probe(ld, o, path, "livenessProbe", &v->liveness_probe);
    load_restart_probe(ld, o, path, "startupProbe", &v->startup_probe);
    ld_get_duration(ld, o, path, "terminationGracePeriodSeconds", &v->termination_grace_period,
                    false);
    ld_get_duration(ld, o, path, "preStop", &v->pre_stop, false);
    const cJSON *deps = ld_member(o, "dependencies");
    if (deps) {
        path_t p = ld_pkey(path, "dependencies");
        load_dependencies(ld, deps, p.s, v);
    }
    ld_get_number(ld, o, path, "errorRate", &v->error_rate, R_FRACTION);
    ld_get_duration(ld, o, path, "latency", &v->latency, false);
    if (ld_get_dist(ld, o, path, "crashAfter", &v->crash_after, false)) v->has_crash_after = true;
    if (ld_get_dist(ld, o, path, "hangAfter", &v->hang_after, false)) v->has_hang_after = true;
    if (ld_get_dist(ld, o, path, "unreadyAfter", &v->unready_after, false))
        v->has_unready_after = true;
}

/* versions[0] is the service's own `version` (with versions[that name] if declared), then
 * the other declared versions in file order: each a copy of the service's template with
 * its overrides on top. */
static void load_versions(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s,
                          const version_spec_t *base) {
    const char *own = "v1";
    if (ld_get_string(ld, o, path, "version", &own, true))
        ld_check_label(ld, path, "version", "version", own);
    const cJSON *vs = ld_member(o, "versions");
    path_t vp = ld_pkey(path, "versions");
    int declared = 0;
    const cJSON *own_entry = NULL;
    if (vs && ld_check_object(ld, vs, vp.s, NULL))
        for (const cJSON *c = vs->child; c; c = c->next) {
            declared++;
            if (!strcmp(c->string, own) && !own_entry) own_entry = c;
        }
    int n = 1 + declared - (own_entry != NULL);
    s->versions = ld_calloc(ld, (size_t)n, sizeof *s->versions);
    if (!s->versions) return;
    const char *const *lists[] = {TEMPLATE_KEYS, NULL};
    for (int k = 0; k < n; k++) {
        /* k == 0: the own version; then the declared ones in file order, skipping it */
        const cJSON *entry = own_entry;
        if (k > 0) {
            int seen = 0;
            for (entry = vs->child; entry; entry = entry->next)
                if (entry != own_entry && ++seen == k) break;
        }
        version_spec_t *v = &s->versions[k];
        version_copy(ld, v, base);
        s->version_count = k + 1;
        free(v->name);
        v->name = ld_strdup(ld, k == 0 ? own : entry->string);
        if (!entry) continue;
        path_t p = ld_pkey(vp.s, entry->string);
        if (!entry->string[0])
            ld_err_at(ld, vp.s, NULL, "a version needs a name (got \"\")");
        else if (entry != own_entry)
            ld_check_label(ld, vp.s, entry->string, "version", entry->string);
        if (ld_check_object_ex(ld, entry, p.s, lists, SERVICE_KEYS,
                               "a key of the service, not of a version"))
            load_template(ld, entry, p.s, v);
    }
}

/* A live patch of the pod template (spec.template): a new version, a copy of version `from`
 * with the template keys of o on top, appended to the service's versions (so every per-version
 * table is sized for it from the start). Its name is template.version, else FROM-patchN.
 * Returns its index, or -1. */
int ld_patch_template(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s, int from,
                      int nth) {
    static const char *const own[] = {"version", NULL};
    const char *const *lists[] = {TEMPLATE_KEYS, own, NULL};
    const char *k8s = ld_member(o, "spec") ? "spec" : ld_member(o, "metadata") ? "metadata" : NULL;
    if (k8s) { /* a PodTemplateSpec as kubectl would send it */
        ld_err_at(ld, path, k8s,
                  "write the template in the scenario's own keys, as on a service or a "
                  "version (image.name, resources, readinessProbe, ...; version names it)");
        return -1;
    }
    if (!ld_check_object_ex(ld, o, path, lists, SERVICE_KEYS,
                            "a key of the service spec, not of its pod template"))
        return -1;
    char name[64];
    const char *given = NULL;
    if (ld_get_string(ld, o, path, "version", &given, true))
        ld_check_label(ld, path, "version", "version", given);
    snprintf(name, sizeof name, "%.40s-patch%d", s->versions[from].name, nth);
    if (!given) given = name;
    for (int i = 0; i < s->version_count; i++)
        if (!strcmp(s->versions[i].name, given)) {
            ld_err_at(ld, path, "version",
                      "\"%s\" is a version already: a patch makes a new template (use the "
                      "deploy action to roll out %s)",
                      given, given);
            return -1;
        }
    version_spec_t *n = realloc(s->versions, sizeof *n * (size_t)(s->version_count + 1));
    if (!n) {
        ld_err_at(ld, "", NULL, "out of memory");
        return -1;
    }
    s->versions = n;
    int k = s->version_count++;
    version_copy(ld, &n[k], &n[from]);
    free(n[k].name);
    n[k].name = ld_strdup(ld, given);
    load_template(ld, o, path, &n[k]);
    return k;
}

/* ---- strategy ------------------------------------------------------------------------ */

/* maxSurge / maxUnavailable: k8s ValidateRollingUpdateDeployment. */
static void load_fenceposts(ld_t *ld, const cJSON *o, const char *path, strategy_spec_t *st) {
    ld_get_int_or_pct(ld, o, path, "maxSurge", &st->max_surge);
    ld_get_int_or_pct(ld, o, path, "maxUnavailable", &st->max_unavailable);
    if (st->max_unavailable.percent && st->max_unavailable.value > 100)
        ld_err_at(ld, path, "maxUnavailable", "must not be greater than 100%%");
    else if (st->max_surge.value == 0 && st->max_unavailable.value == 0)
        ld_err_at(ld, path, "maxUnavailable", "may not be 0 when maxSurge is 0");
}

static void analysis_defaults(analysis_spec_t *a) {
    memset(a, 0, sizeof *a);
    a->interval = 30 * SIM_SEC;
    a->consecutive_error_limit = 4;
}

/* canary.analysis (background: startingStep too) or an analysis step's own keys */
static void load_analysis(ld_t *ld, const cJSON *o, const char *path, analysis_spec_t *a,
                          bool background) {
    static const char *const step_keys[] = {"interval",
                                            "count",
                                            "maxErrorRate",
                                            "maxP99",
                                            "failureLimit",
                                            "inconclusiveLimit",
                                            "consecutiveErrorLimit",
                                            NULL};
    static const char *const background_keys[] = {"interval",
                                                  "count",
                                                  "maxErrorRate",
                                                  "maxP99",
                                                  "failureLimit",
                                                  "inconclusiveLimit",
                                                  "consecutiveErrorLimit",
                                                  "startingStep",
                                                  NULL};
    if (!ld_check_object(ld, o, path, background ? background_keys : step_keys)) return;
    a->enabled = true;
    ld_get_int(ld, o, path, "consecutiveErrorLimit", &a->consecutive_error_limit, 0, SCN_MAX_COUNT);
    if (background) ld_get_int(ld, o, path, "startingStep", &a->starting_step, 0, SCN_MAX_COUNT);
    ld_get_duration(ld, o, path, "interval", &a->interval, true);
    ld_get_int(ld, o, path, "count", &a->count, 0, SCN_MAX_COUNT);
    a->has_max_error_rate =
        ld_get_number(ld, o, path, "maxErrorRate", &a->max_error_rate, R_FRACTION);
    a->has_max_p99 = ld_get_duration(ld, o, path, "maxP99", &a->max_p99, true);
    ld_get_int(ld, o, path, "failureLimit", &a->failure_limit, 0, SCN_MAX_COUNT);
    ld_get_int(ld, o, path, "inconclusiveLimit", &a->inconclusive_limit, 0, SCN_MAX_COUNT);
    if (!ld_member(o, "maxErrorRate") && !ld_member(o, "maxP99"))
        ld_err_at(ld, path, NULL, "needs maxErrorRate or maxP99 (what the analysis measures)");
}

/* argo SetCanaryScale: replicas (wins when both are set, GetCanaryReplicasOrWeight), weight,
 * or matchTrafficWeight (back to the setWeight's count). */
static void load_canary_scale(ld_t *ld, const cJSON *o, const char *path, canary_step_t *step) {
    step->kind = CANARY_STEP_SET_CANARY_SCALE;
    if (!ld_check_object(ld, o, path, KEYS("weight", "replicas", "matchTrafficWeight"))) return;
    ld_get_int(ld, o, path, "weight", &step->scale_weight, 0, 100);
    ld_get_int(ld, o, path, "replicas", &step->scale_replicas, 0, SCN_MAX_REPLICAS);
    ld_get_bool(ld, o, path, "matchTrafficWeight", &step->match_traffic_weight);
    if (!o->child)
        ld_err_at(ld, path, NULL, "needs weight, replicas or matchTrafficWeight (it is empty)");
}

static void load_steps(ld_t *ld, const cJSON *steps, const char *path, strategy_spec_t *st) {
    if (!cJSON_IsArray(steps)) {
        ld_err_type(ld, path, NULL, "an array of steps", steps);
        return;
    }
    st->steps = ld_array_items(ld, steps, sizeof *st->steps, &st->step_count);
    if (!st->steps) return;
    int i = 0;
    for (const cJSON *s = steps->child; s; s = s->next, i++) {
        path_t p = ld_pidx(path, i);
        canary_step_t *step = &st->steps[i];
        step->kind = CANARY_STEP_PAUSE;
        step->duration = -1;
        step->scale_replicas = step->scale_weight = -1;
        if (!ld_check_object(ld, s, p.s, KEYS("setWeight", "pause", "analysis", "setCanaryScale")))
            continue;
        if (cJSON_GetArraySize(s) != 1) {
            ld_err_at(ld, p.s, NULL,
                      "a step has exactly one of setWeight, pause, analysis, setCanaryScale");
            continue;
        }
        if (ld_member(s, "setWeight")) {
            step->kind = CANARY_STEP_SET_WEIGHT;
            ld_get_int(ld, s, p.s, "setWeight", &step->weight, 0, 100);
        } else if (ld_member(s, "pause")) {
            path_t pp = ld_pkey(p.s, "pause");
            if (ld_check_object(ld, ld_member(s, "pause"), pp.s, KEYS("duration")))
                ld_get_duration(ld, ld_member(s, "pause"), pp.s, "duration", &step->duration,
                                false);
        } else if (ld_member(s, "setCanaryScale")) {
            load_canary_scale(ld, ld_member(s, "setCanaryScale"), ld_pkey(p.s, "setCanaryScale").s,
                              step);
        } else if (ld_member(s, "analysis")) {
            path_t pa = ld_pkey(p.s, "analysis");
            const cJSON *a = ld_member(s, "analysis");
            step->kind = CANARY_STEP_ANALYSIS;
            /* an analysis step with keys measures by them; {} runs canary.analysis's */
            analysis_defaults(&step->analysis);
            if (!cJSON_IsObject(a))
                ld_err_type(ld, pa.s, NULL, "an object ({})", a);
            else if (a->child) {
                load_analysis(ld, a, pa.s, &step->analysis, false);
                step->has_analysis = true;
            }
        }
    }
}

/* scaleDownDelayRevisionLimit: how many old ReplicaSets may wait for their scale-down deadline
 * (argo GetScaleDownRevisionLimit; unset: no limit). Argo's validation refuses one above
 * revisionHistoryLimit (ScaleDownLimitLargerThanRevisionLimit). */
static void load_revision_limit(ld_t *ld, const cJSON *o, const char *path, strategy_spec_t *st,
                                int history_limit) {
    if (ld_get_int(ld, o, path, "scaleDownDelayRevisionLimit", &st->scale_down_delay_revision_limit,
                   0, SCN_MAX_COUNT) &&
        st->scale_down_delay_revision_limit > history_limit)
        ld_err_at(ld, path, "scaleDownDelayRevisionLimit",
                  "may not be greater than revisionHistoryLimit (%d)", history_limit);
}

/* The canary's delays, with argo validation.go's rules: scaleDownDelaySeconds and
 * dynamicStableScale need trafficRouting (InvalidCanaryScaleDownDelay,
 * InvalidCanaryDynamicStableScale) and exclude each other. */
static void load_canary_delays(ld_t *ld, const cJSON *c, const char *path, strategy_spec_t *st) {
    st->abort_scale_down_delay_set = ld_get_duration(ld, c, path, "abortScaleDownDelaySeconds",
                                                     &st->abort_scale_down_delay, false);
    bool delay =
        ld_get_duration(ld, c, path, "scaleDownDelaySeconds", &st->scale_down_delay, false);
    ld_get_bool(ld, c, path, "dynamicStableScale", &st->dynamic_stable_scale);
    load_revision_limit(ld, c, path, st, SCN_MAX_COUNT);
    bool tr = ld_member(c, "trafficRouting") != NULL;
    if (delay && !tr)
        ld_err_at(ld, path, "scaleDownDelaySeconds", "can only be used with trafficRouting");
    if (st->dynamic_stable_scale && !tr)
        ld_err_at(ld, path, "dynamicStableScale", "can only be used with trafficRouting");
    else if (st->dynamic_stable_scale && delay)
        ld_err_at(ld, path, "dynamicStableScale", "cannot be used with scaleDownDelaySeconds");
    for (int i = 0; i < st->step_count && !tr; i++)
        if (st->steps[i].kind == CANARY_STEP_SET_CANARY_SCALE) {
            path_t ps = ld_pidx(ld_pkey(path, "steps").s, i);
            ld_err_at(ld, ps.s, "setCanaryScale", "requires trafficRouting to be set");
            break;
        }
}

/* The loader's part of the strategy table (sim/strategies.def): name, sub-object, flags, and the
 * function below that reads the sub-object's keys. */
#define STRATEGY(kind, name, key, flags, load, ...) [kind] = {name, key, flags, load},
static const strategy_info_t STRATEGY_INFO[STRATEGY_KIND_COUNT] = {
#include "strategies.def"
};
#undef STRATEGY

const strategy_info_t *strategy_info(strategy_kind_t k) {
    return &STRATEGY_INFO[k];
}

const char *strategy_type_name(strategy_kind_t k) {
    return STRATEGY_INFO[k].name;
}

unsigned strategy_type_flags(strategy_kind_t k) {
    return STRATEGY_INFO[k].flags;
}

/* The sub-objects' loaders. */
void ld_strategy_rolling_update(ld_t *ld, const cJSON *ru, const char *path, service_spec_t *svc,
                                int service_index) {
    (void)service_index;
    if (ld_check_object(ld, ru, path, KEYS("maxSurge", "maxUnavailable")))
        load_fenceposts(ld, ru, path, &svc->strategy);
}

void ld_strategy_canary(ld_t *ld, const cJSON *c, const char *path, service_spec_t *svc,
                        int service_index) {
    strategy_spec_t *st = &svc->strategy;
    if (!ld_check_object(ld, c, path,
                         KEYS("steps", "analysis", "maxSurge", "maxUnavailable", "trafficRouting",
                              "abortScaleDownDelaySeconds", "scaleDownDelaySeconds",
                              "scaleDownDelayRevisionLimit", "dynamicStableScale")))
        return;
    load_fenceposts(ld, c, path, st);
    if (ld_member(c, "steps")) {
        path_t ps = ld_pkey(path, "steps");
        load_steps(ld, ld_member(c, "steps"), ps.s, st);
    }
    const cJSON *a = ld_member(c, "analysis");
    path_t pa = ld_pkey(path, "analysis");
    if (a) load_analysis(ld, a, pa.s, &st->analysis, true);
    for (int i = 0; i < st->step_count; i++)
        if (st->steps[i].kind == CANARY_STEP_ANALYSIS && !st->steps[i].has_analysis && !a) {
            path_t ps = ld_pidx(ld_pkey(path, "steps").s, i);
            ld_err_at(ld, ps.s, "analysis",
                      "needs canary.analysis (its thresholds) or keys of its own");
        }
    const cJSON *tr = ld_member(c, "trafficRouting");
    path_t pt = ld_pkey(path, "trafficRouting");
    if (tr && ld_check_object(ld, tr, pt.s, KEYS("ingress")) &&
        ld_require(ld, tr, pt.s, "ingress")) {
        const char *name;
        if (ld_get_string(ld, tr, pt.s, "ingress", &name, true))
            ld->routing[service_index] = ld_member(tr, "ingress");
    }
    load_canary_delays(ld, c, path, st);
}

void ld_strategy_blue_green(ld_t *ld, const cJSON *bg, const char *path, service_spec_t *svc,
                            int service_index) {
    (void)service_index;
    strategy_spec_t *st = &svc->strategy;
    if (!ld_check_object(ld, bg, path,
                         KEYS("autoPromotionEnabled", "autoPromotionSeconds",
                              "scaleDownDelaySeconds", "previewReplicaCount", "previewService",
                              "abortScaleDownDelaySeconds", "scaleDownDelayRevisionLimit",
                              "postPromotionAnalysis", "prePromotionAnalysis")))
        return;
    ld_get_bool(ld, bg, path, "autoPromotionEnabled", &st->auto_promotion_enabled);
    ld_get_duration(ld, bg, path, "autoPromotionSeconds", &st->auto_promotion_seconds, false);
    ld_get_duration(ld, bg, path, "scaleDownDelaySeconds", &st->scale_down_delay, false);
    st->abort_scale_down_delay_set = ld_get_duration(ld, bg, path, "abortScaleDownDelaySeconds",
                                                     &st->abort_scale_down_delay, false);
    load_revision_limit(ld, bg, path, st, svc->revision_history_limit);
    const cJSON *post = ld_member(bg, "postPromotionAnalysis");
    if (post)
        load_analysis(ld, post, ld_pkey(path, "postPromotionAnalysis").s, &st->post_promotion,
                      false);
    const cJSON *pre = ld_member(bg, "prePromotionAnalysis");
    if (pre)
        load_analysis(ld, pre, ld_pkey(path, "prePromotionAnalysis").s, &st->pre_promotion, false);
    ld_get_int(ld, bg, path, "previewReplicaCount", &st->preview_replica_count, 1,
               SCN_MAX_REPLICAS);
    if (ld_member(bg, "previewService"))
        ld_get_strdup(ld, bg, path, "previewService", &st->preview_service, true);
}

/* spec.strategy: "type" and one sub-object per strategy, read in the table's order. */
static void load_strategy(ld_t *ld, const cJSON *o, const char *path, service_spec_t *svc,
                          int service_index) {
    strategy_spec_t *st = &svc->strategy;
    const char *types[STRATEGY_KIND_COUNT + 1], *keys[STRATEGY_KIND_COUNT + 2];
    int nkeys = 0;
    keys[nkeys++] = "type";
    for (int t = 0; t < STRATEGY_KIND_COUNT; t++) {
        types[t] = strategy_info((strategy_kind_t)t)->name;
        if (strategy_info((strategy_kind_t)t)->key)
            keys[nkeys++] = strategy_info((strategy_kind_t)t)->key;
    }
    types[STRATEGY_KIND_COUNT] = NULL;
    keys[nkeys] = NULL;
    if (!ld_check_object(ld, o, path, keys)) return;
    int type = ld_get_enum(ld, o, path, "type", types, "strategy type");
    if (type >= 0) st->type = (strategy_kind_t)type;
    /* each sub-object belongs to one type (k8s: "may not be specified when strategy type is
     * Recreate") */
    for (int t = 0; t < STRATEGY_KIND_COUNT; t++) {
        const char *key = strategy_info((strategy_kind_t)t)->key;
        if (key && ld_member(o, key) && type >= 0 && t != type)
            ld_err_at(ld, path, key, "only valid with \"type\": \"%s\" (the type is %s)", types[t],
                      types[type]);
    }
    for (int t = 0; t < STRATEGY_KIND_COUNT; t++) {
        const strategy_info_t *in = strategy_info((strategy_kind_t)t);
        if (!in->key || !ld_member(o, in->key)) continue;
        path_t p = ld_pkey(path, in->key);
        in->load(ld, ld_member(o, in->key), p.s, svc, service_index);
    }
}

/* ---- services ------------------------------------------------------------------------ */

static int by_at(const void *a, const void *b, size_t at_offset) {
    sim_time_t x = *(const sim_time_t *)((const char *)a + at_offset);
    sim_time_t y = *(const sim_time_t *)((const char *)b + at_offset);
    return (x > y) - (x < y);
}

/* Stable insertion sort by a sim_time_t field (inputs are nearly always sorted already). */
void ld_sort_by_at(void *base, int n, size_t size, size_t at_offset) {
    char tmp[256];
    char *a = base;
    if (size > sizeof tmp) return;
    for (int i = 1; i < n; i++) {
        int j = i;
        while (j > 0 && by_at(a + (size_t)(j - 1) * size, a + (size_t)i * size, at_offset) > 0)
            j--;
        if (j == i) continue;
        memcpy(tmp, a + (size_t)i * size, size);
        memmove(a + (size_t)(j + 1) * size, a + (size_t)j * size, (size_t)(i - j) * size);
        memcpy(a + (size_t)j * size, tmp, size);
    }
}

static void load_traffic(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s) {
    if (!ld_check_object(ld, o, path, KEYS("rps", "pattern", "preview", "trace"))) return;
    const cJSON *pv = ld_member(o, "preview"); /* smoke traffic to the preview Service */
    path_t pvp = ld_pkey(path, "preview");
    if (pv && ld_check_object(ld, pv, pvp.s, KEYS("rps")) && ld_require(ld, pv, pvp.s, "rps"))
        ld_get_number(ld, pv, pvp.s, "rps", &s->preview_rps, (range_t){0, 10000});
    traffic_shape_t t = {0};
    ld_load_shape(ld, o, path, &t);
    s->rps = t.rps;
    s->pattern = t.pattern;
    s->pattern_count = t.pattern_count;
    s->trace = t.trace;
}

/* prePromotionAnalysis measures the preview before any user request reaches it: only the
 * smoke traffic of traffic.preview does, and only its error rate (the test requests are not
 * queued through the pods, so they have no latency to judge). */
static void check_pre_promotion(ld_t *ld, const cJSON *o, const char *path,
                                const service_spec_t *s) {
    const analysis_spec_t *a = &s->strategy.pre_promotion;
    if (s->preview_rps > 0 &&
        (s->strategy.type != STRATEGY_BLUE_GREEN || !s->strategy.preview_service))
        ld_err_at(ld, ld_pkey(ld_pkey(path, "traffic").s, "preview").s, NULL,
                  "smoke traffic goes to the preview Service: needs a BlueGreen strategy with "
                  "blueGreen.previewService");
    if (!a->enabled) return;
    path_t sp =
        ld_pkey(ld_pkey(ld_pkey(path, "strategy").s, "blueGreen").s, "prePromotionAnalysis");
    if (a->has_max_p99)
        ld_err_at(ld, sp.s, "maxP99",
                  "the preview's test traffic measures the error rate only (use maxErrorRate)");
    if (!a->has_max_error_rate)
        ld_err_at(ld, sp.s, NULL, "needs maxErrorRate (what the preview's test traffic measures)");
    if (s->preview_rps <= 0)
        ld_err_at(ld, sp.s, NULL,
                  "the preview gets no user traffic: give smoke traffic to measure, "
                  "traffic.preview {\"rps\": N}%s",
                  ld_member(o, "traffic") ? "" : " (this service has no traffic)");
}

static void load_pdb(ld_t *ld, const cJSON *o, const char *path, pdb_spec_t *pdb) {
    if (!ld_check_object(ld, o, path, KEYS("minAvailable", "maxUnavailable"))) return;
    if (!ld_member(o, "minAvailable") == !ld_member(o, "maxUnavailable")) {
        ld_err_at(ld, path, NULL, "needs exactly one of minAvailable, maxUnavailable");
        return;
    }
    const char *key = ld_member(o, "minAvailable") ? "minAvailable" : "maxUnavailable";
    if (!ld_get_int_or_pct(ld, o, path, key, &pdb->value)) return;
    pdb->kind = key[1] == 'i' ? PDB_MIN_AVAILABLE : PDB_MAX_UNAVAILABLE;
    if (pdb->value.percent && pdb->value.value > 100)
        ld_err_at(ld, path, key, "must not be greater than 100%%");
}

static void service_defaults(service_spec_t *s) {
    s->runtime = RUNTIME_CONTAINER;
    s->replicas = 1;
    s->progress_deadline = 600 * SIM_SEC;
    s->revision_history_limit = 10;
    s->load_balancing = LB_ROUND_ROBIN;
    s->ingress = -1;
    strategy_spec_t *st = &s->strategy;
    st->type = STRATEGY_ROLLING_UPDATE;
    st->max_surge = st->max_unavailable = (int_or_pct_t){true, true, 25};
    analysis_defaults(&st->analysis);
    analysis_defaults(&st->post_promotion);
    st->traffic_router_ingress = -1;
    st->abort_scale_down_delay = 30 * SIM_SEC;
    st->auto_promotion_enabled = true;
    st->auto_promotion_seconds = -1;
    st->scale_down_delay = 30 * SIM_SEC;
    st->preview_replica_count = -1;
    st->scale_down_delay_revision_limit = -1;
    s->hpa.min_replicas = 1;
    s->hpa.target_cpu_utilization = 80;
    s->pdb.kind = PDB_NONE;
}

void ld_load_service(ld_t *ld, const cJSON *o, const char *path, int index) {
    service_spec_t *s = &ld->sc->services[index];
    service_defaults(s);
    const char *const *lists[] = {SERVICE_KEYS, TEMPLATE_KEYS, NULL};
    if (!ld_check_object_ex(ld, o, path, lists, NULL, NULL)) return;
    ld_require(ld, o, path, "name");
    if (ld_get_strdup(ld, o, path, "name", &s->name, true))
        ld_check_label(ld, path, "name", "service name", s->name);
    s->namespace_ = ld_strdup(ld, "default");
    if (ld_get_strdup(ld, o, path, "namespace", &s->namespace_, true))
        ld_check_label(ld, path, "namespace", "namespace", s->namespace_);
    if (s->name && s->namespace_) {
        bool plain = strcmp(s->namespace_, "default") == 0;
        size_t n = strlen(s->namespace_) + strlen(s->name) + 2;
        s->qualified = ld_calloc(ld, n, 1);
        if (s->qualified)
            snprintf(s->qualified, n, "%s%s%s", plain ? "" : s->namespace_, plain ? "" : "/",
                     s->name);
    }
    int rt = ld_get_enum(ld, o, path, "runtime", RUNTIME_NAMES, "runtime");
    if (rt >= 0) s->runtime = (runtime_kind_t)rt;
    ld_get_int(ld, o, path, "replicas", &s->replicas, 0, SCN_MAX_REPLICAS);
    ld_get_duration(ld, o, path, "minReadySeconds", &s->min_ready, false);
    if (ld_get_duration(ld, o, path, "progressDeadlineSeconds", &s->progress_deadline, true) &&
        s->progress_deadline <= s->min_ready)
        ld_err_at(ld, path, "progressDeadlineSeconds", "must be greater than minReadySeconds");
    ld_get_int(ld, o, path, "revisionHistoryLimit", &s->revision_history_limit, 0, SCN_MAX_COUNT);
    int lb = ld_get_enum(ld, o, path, "loadBalancing",
                         KEYS("round-robin", "random", "least-request"), "load balancing");
    if (lb >= 0) s->load_balancing = (lb_kind_t)lb;

    version_spec_t base;
    template_defaults(&base);
    load_template(ld, o, path, &base);
    load_versions(ld, o, path, s, &base);
    ld_version_free(&base);

    path_t p = ld_pkey(path, "strategy");
    if (ld_member(o, "strategy")) load_strategy(ld, ld_member(o, "strategy"), p.s, s, index);
    /* a Rollout's spec.progressDeadlineAbort: abort when the progress deadline passes */
    if (ld_get_bool(ld, o, path, "progressDeadlineAbort", &s->strategy.progress_deadline_abort) &&
        s->strategy.progress_deadline_abort &&
        !(strategy_type_flags(s->strategy.type) & STRATEGY_F_ROLLOUT))
        ld_err_at(ld, path, "progressDeadlineAbort",
                  "is a Rollout key: needs a Canary or BlueGreen strategy");
    p = ld_pkey(path, "hpa");
    if (ld_member(o, "hpa")) ld_load_hpa(ld, ld_member(o, "hpa"), p.s, s);
    if (s->hpa.enabled && s->version_count > 0 && s->versions[0].cpu == 0)
        ld_err_at(ld, p.s, NULL, "needs a CPU request (resources.cpu is 0)");
    p = ld_pkey(path, "podDisruptionBudget");
    if (ld_member(o, "podDisruptionBudget"))
        load_pdb(ld, ld_member(o, "podDisruptionBudget"), p.s, &s->pdb);
    p = ld_pkey(path, "traffic");
    if (ld_member(o, "traffic")) load_traffic(ld, ld_member(o, "traffic"), p.s, s);
    ld_load_placement(ld, o, path, &s->placement, s->name);
    ld_load_slo(ld, ld_member(o, "slo"), ld_pkey(path, "slo").s, &s->slo);
    check_pre_promotion(ld, o, path, s);
}
