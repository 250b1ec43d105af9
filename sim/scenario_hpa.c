/* scenario_hpa: a service's `hpa` — its bounds, CPU target and `behavior` rules with the
 * autoscaling/v2 defaults — and its autoscaling/v2 `metrics[]` (Resource, Pods, Object,
 * External) with the targets Kubernetes' validation allows for each
 * (pkg/apis/autoscaling/validation), and the model's step series for Object and External
 * metrics. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

/* The largest metric value, in thousandths: a billion units. */
#define MAX_METRIC_MILLI (1000000000LL * 1000)

static const char *const METRIC_TYPES[] = {"Resource", "Pods", "Object", "External", NULL};
static const char *const MEMBER[] = {"resource", "pods", "object", "external"};
static const char *const TARGET_TYPES[] = {"Utilization", "AverageValue", "Value", NULL};
/* what the traffic model supplies as per-pod custom metrics (a Pods metric's metric.name) */
static const char *const POD_METRICS[] = {"requests_per_second", "requests_in_flight", NULL};

/* A generic value ("30", "500m", 2.5) in thousandths: a CPU quantity is exactly that. */
static bool get_milli(ld_t *ld, const cJSON *o, const char *path, const char *key, int64_t *out) {
    return ld_get_quantity(ld, o, path, key, Q_CPU, MAX_METRIC_MILLI, out);
}

/* target: {type, averageUtilization | averageValue | value}; `allowed` is a mask of
 * 1 << hpa_target_kind_t. */
static void load_target(ld_t *ld, const cJSON *m, const char *path, hpa_metric_spec_t *ms,
                        unsigned allowed) {
    if (!ld_require(ld, m, path, "target")) return;
    const cJSON *t = ld_member(m, "target");
    path_t p = ld_pkey(path, "target");
    if (!ld_check_object(ld, t, p.s, KEYS("type", "averageUtilization", "averageValue", "value")))
        return;
    if (!ld_require(ld, t, p.s, "type")) return;
    int k = ld_get_enum(ld, t, p.s, "type", TARGET_TYPES, "target type");
    if (k < 0) return;
    if (!(allowed & (1u << k))) {
        char list[96];
        int n = 0;
        const char *names[3];
        for (int i = 0; i < 3; i++)
            if (allowed & (1u << i)) names[n++] = TARGET_TYPES[i];
        ld_err_at(ld, p.s, "type", "%s is not a target for this metric (use %s)", TARGET_TYPES[k],
                  ld_join(names, n, list, sizeof list));
        return;
    }
    ms->target = (hpa_target_kind_t)k;
    static const char *const field[] = {"averageUtilization", "averageValue", "value"};
    for (int i = 0; i < 3; i++)
        if (i != k && ld_member(t, field[i]))
            ld_err_at(ld, p.s, field[i], "not valid with type %s (use %s)", TARGET_TYPES[k],
                      field[k]);
    if (!ld_require(ld, t, p.s, field[k])) return;
    bool ok;
    if (k == HPA_TARGET_UTILIZATION) {
        ld_get_int(ld, t, p.s, field[k], &ms->utilization, 1, SCN_MAX_PERCENT);
        return;
    } else if (ms->kind == HPA_METRIC_RESOURCE && ms->resource == HPA_RESOURCE_MEMORY) {
        int64_t bytes = 0;
        ok = ld_get_quantity(ld, t, p.s, field[k], Q_BYTES, SCN_MAX_BYTES, &bytes);
        ms->milli = bytes; /* memory compares bytes (hpa_pod_sample_t) */
    } else {
        ok = get_milli(ld, t, p.s, field[k], &ms->milli);
    }
    if (ok && ms->milli <= 0) ld_err_at(ld, p.s, field[k], "must be greater than 0");
}

/* series: [{at, value}, ...], a step function sorted by `at`; before the first point the
 * first value holds. */
static void load_series(ld_t *ld, const cJSON *m, const char *path, hpa_metric_spec_t *ms) {
    if (!ld_require(ld, m, path, "series")) return;
    const cJSON *a = ld_get_array(ld, m, path, "series");
    if (!a) return;
    int n = cJSON_GetArraySize(a);
    if (n == 0) {
        ld_err_at(ld, path, "series", "needs at least one point {\"at\": \"0s\", \"value\": N}");
        return;
    }
    ms->series = ld_calloc(ld, (size_t)n, sizeof *ms->series);
    if (!ms->series) return;
    ms->series_count = n;
    for (int i = 0; i < n; i++) {
        const cJSON *pt = cJSON_GetArrayItem(a, i);
        path_t pp = ld_pidx(ld_pkey(path, "series").s, i);
        if (!ld_check_object(ld, pt, pp.s, KEYS("at", "value"))) continue;
        ld_require(ld, pt, pp.s, "at");
        ld_get_duration(ld, pt, pp.s, "at", &ms->series[i].at, false);
        ld_require(ld, pt, pp.s, "value");
        get_milli(ld, pt, pp.s, "value", &ms->series[i].milli);
        if (i > 0 && ms->series[i].at <= ms->series[i - 1].at)
            ld_err_at(ld, pp.s, "at", "must be later than the previous point's");
    }
}

/* metric: {name}: a Pods metric's name must be one the model supplies. */
static void load_metric_name(ld_t *ld, const cJSON *m, const char *path, hpa_metric_spec_t *ms) {
    if (!ld_require(ld, m, path, "metric")) return;
    const cJSON *id = ld_member(m, "metric");
    path_t p = ld_pkey(path, "metric");
    if (!ld_check_object(ld, id, p.s, KEYS("name")) || !ld_require(ld, id, p.s, "name")) return;
    if (ms->kind == HPA_METRIC_PODS) {
        int k = ld_get_enum(ld, id, p.s, "name", POD_METRICS, "per-pod metric of the model");
        if (k >= 0) ms->pod_metric = (hpa_pod_metric_t)k;
    }
    ld_get_strdup(ld, id, p.s, "name", &ms->name, true);
}

static void load_metric(ld_t *ld, const cJSON *o, const char *path, hpa_metric_spec_t *ms) {
    if (!ld_check_object(ld, o, path, KEYS("type", "resource", "pods", "object", "external")) ||
        !ld_require(ld, o, path, "type"))
        return;
    int k = ld_get_enum(ld, o, path, "type", METRIC_TYPES, "metric type");
    if (k < 0) return;
    ms->kind = (hpa_metric_kind_t)k;
    for (int i = 0; i < 4; i++)
        if (i != k && ld_member(o, MEMBER[i]))
            ld_err_at(ld, path, MEMBER[i], "not valid with type %s (use %s)", METRIC_TYPES[k],
                      MEMBER[k]);
    if (!ld_require(ld, o, path, MEMBER[k])) return;
    const cJSON *m = ld_member(o, MEMBER[k]);
    path_t p = ld_pkey(path, MEMBER[k]);
    const unsigned U = 1u << HPA_TARGET_UTILIZATION, A = 1u << HPA_TARGET_AVERAGE_VALUE,
                   V = 1u << HPA_TARGET_VALUE;
    switch (ms->kind) {
    case HPA_METRIC_RESOURCE: {
        if (!ld_check_object(ld, m, p.s, KEYS("name", "target")) || !ld_require(ld, m, p.s, "name"))
            return;
        int r = ld_get_enum(ld, m, p.s, "name", KEYS("cpu", "memory"), "resource");
        if (r < 0) return;
        ms->resource = (hpa_resource_t)r;
        load_target(ld, m, p.s, ms, U | A);
        break;
    }
    case HPA_METRIC_PODS:
        if (!ld_check_object(ld, m, p.s, KEYS("metric", "target"))) return;
        load_metric_name(ld, m, p.s, ms);
        load_target(ld, m, p.s, ms, A);
        break;
    case HPA_METRIC_OBJECT:
    case HPA_METRIC_EXTERNAL: {
        bool obj = ms->kind == HPA_METRIC_OBJECT;
        if (!ld_check_object(ld, m, p.s,
                             obj ? KEYS("describedObject", "metric", "target", "series")
                                 : KEYS("metric", "target", "series")))
            return;
        if (obj && ld_require(ld, m, p.s, "describedObject")) {
            path_t pd = ld_pkey(p.s, "describedObject");
            const cJSON *d = ld_member(m, "describedObject");
            if (ld_check_object(ld, d, pd.s, KEYS("apiVersion", "kind", "name"))) {
                const char *str;
                ld_require(ld, d, pd.s, "kind");
                ld_require(ld, d, pd.s, "name");
                ld_get_strdup(ld, d, pd.s, "kind", &ms->described_kind, true);
                ld_get_string(ld, d, pd.s, "name", &str, true);
                ld_get_string(ld, d, pd.s, "apiVersion", &str, true);
            }
        }
        load_metric_name(ld, m, p.s, ms);
        load_target(ld, m, p.s, ms, A | V);
        load_series(ld, m, p.s, ms);
        break;
    }
    }
}

void ld_load_hpa_metrics(ld_t *ld, const cJSON *o, const char *path, hpa_spec_t *h) {
    const cJSON *a = ld_get_array(ld, o, path, "metrics");
    if (!a) return;
    path_t p = ld_pkey(path, "metrics");
    int n = cJSON_GetArraySize(a);
    if (n == 0) {
        ld_err_at(ld, path, "metrics",
                  "needs at least one metric (or leave it out: CPU at "
                  "targetCPUUtilizationPercentage)");
        return;
    }
    if (ld_member(o, "targetCPUUtilizationPercentage"))
        ld_err_at(ld, path, "targetCPUUtilizationPercentage",
                  "not valid with metrics[] (use a Resource cpu metric with a Utilization "
                  "target)");
    h->metrics = ld_calloc(ld, (size_t)n, sizeof *h->metrics);
    if (!h->metrics) return;
    h->metric_count = n;
    for (int i = 0; i < n; i++)
        load_metric(ld, cJSON_GetArrayItem(a, i), ld_pidx(p.s, i).s, &h->metrics[i]);
}

void ld_hpa_metrics_free(hpa_spec_t *h) {
    for (int i = 0; i < h->metric_count; i++) {
        free(h->metrics[i].name);
        free(h->metrics[i].described_kind);
        free(h->metrics[i].series);
    }
    free(h->metrics);
    h->metrics = NULL;
    h->metric_count = 0;
}

/* ---- the HPA object: bounds, CPU target and behavior ---- */

/* k8s defaults of autoscaling/v2 behavior (GenerateHPAScaleUpRules / ScaleDownRules). */
static bool hpa_default_rules(ld_t *ld, hpa_rules_t *r, bool up) {
    r->stabilization_window = up ? 0 : 300 * SIM_SEC;
    r->select_policy = HPA_SELECT_MAX;
    r->policy_count = up ? 2 : 1;
    r->policies = ld_calloc(ld, (size_t)r->policy_count, sizeof *r->policies);
    if (!r->policies) return r->policy_count = 0, false;
    if (up) r->policies[0] = (hpa_policy_t){HPA_POLICY_PODS, 4, 15 * SIM_SEC};
    r->policies[up ? 1 : 0] = (hpa_policy_t){HPA_POLICY_PERCENT, 100, 15 * SIM_SEC};
    return true;
}

static void load_rules(ld_t *ld, const cJSON *o, const char *path, hpa_rules_t *r) {
    if (!ld_check_object(ld, o, path,
                         KEYS("stabilizationWindowSeconds", "selectPolicy", "policies")))
        return;
    if (ld_get_duration(ld, o, path, "stabilizationWindowSeconds", &r->stabilization_window,
                        false) &&
        r->stabilization_window > 3600 * SIM_SEC)
        ld_err_at(ld, path, "stabilizationWindowSeconds", "must be at most 3600 seconds");
    int sel =
        ld_get_enum(ld, o, path, "selectPolicy", KEYS("Max", "Min", "Disabled"), "selectPolicy");
    if (sel >= 0) r->select_policy = (hpa_select_t)sel;
    const cJSON *pol = ld_member(o, "policies");
    if (!pol) return;
    path_t pp = ld_pkey(path, "policies");
    if (!cJSON_IsArray(pol) || cJSON_GetArraySize(pol) == 0) {
        if (cJSON_IsArray(pol))
            ld_err_at(ld, pp.s, NULL, "must have at least one policy");
        else
            ld_err_type(ld, pp.s, NULL, "an array of policies", pol);
        return;
    }
    free(r->policies);
    r->policies = ld_array_items(ld, pol, sizeof *r->policies, &r->policy_count);
    if (!r->policies) return;
    int i = 0;
    for (const cJSON *c = pol->child; c; c = c->next, i++) {
        path_t p = ld_pidx(pp.s, i);
        hpa_policy_t *hp = &r->policies[i];
        if (!ld_check_object(ld, c, p.s, KEYS("type", "value", "periodSeconds"))) continue;
        ld_require(ld, c, p.s, "type");
        ld_require(ld, c, p.s, "value");
        ld_require(ld, c, p.s, "periodSeconds");
        int t = ld_get_enum(ld, c, p.s, "type", KEYS("Pods", "Percent"), "policy type");
        if (t >= 0) hp->type = t == 0 ? HPA_POLICY_PODS : HPA_POLICY_PERCENT;
        ld_get_int(ld, c, p.s, "value", &hp->value, 1,
                   t == 1 ? SCN_MAX_PERCENT : SCN_MAX_REPLICAS); /* Percent, Pods */
        if (ld_get_duration(ld, c, p.s, "periodSeconds", &hp->period, true) &&
            hp->period > 1800 * SIM_SEC)
            ld_err_at(ld, p.s, "periodSeconds", "must be at most 1800 seconds");
    }
}

void ld_load_hpa(ld_t *ld, const cJSON *o, const char *path, service_spec_t *s) {
    hpa_spec_t *h = &s->hpa;
    if (!ld_check_object(ld, o, path,
                         KEYS("minReplicas", "maxReplicas", "targetCPUUtilizationPercentage",
                              "metrics", "behavior")))
        return;
    h->enabled = true;
    ld_get_int(ld, o, path, "minReplicas", &h->min_replicas, 1, SCN_MAX_REPLICAS);
    if (ld_require(ld, o, path, "maxReplicas") &&
        ld_get_int(ld, o, path, "maxReplicas", &h->max_replicas, 1, SCN_MAX_REPLICAS) &&
        h->max_replicas < h->min_replicas)
        ld_err_at(ld, path, "maxReplicas", "must be greater than or equal to minReplicas (%d)",
                  h->min_replicas);
    ld_get_int(ld, o, path, "targetCPUUtilizationPercentage", &h->target_cpu_utilization, 1,
               SCN_MAX_PERCENT);
    if (ld_member(o, "metrics")) ld_load_hpa_metrics(ld, o, path, h);
    const cJSON *b = ld_member(o, "behavior");
    path_t pb = ld_pkey(path, "behavior");
    if (!b || !ld_check_object(ld, b, pb.s, KEYS("scaleUp", "scaleDown"))) return;
    h->has_behavior = true;
    hpa_default_rules(ld, &h->scale_up, true);
    hpa_default_rules(ld, &h->scale_down, false);
    path_t p = ld_pkey(pb.s, "scaleUp");
    if (ld_member(b, "scaleUp")) load_rules(ld, ld_member(b, "scaleUp"), p.s, &h->scale_up);
    p = ld_pkey(pb.s, "scaleDown");
    if (ld_member(b, "scaleDown")) load_rules(ld, ld_member(b, "scaleDown"), p.s, &h->scale_down);
}
