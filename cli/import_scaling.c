/* import_scaling: a HorizontalPodAutoscaler (autoscaling/v2, v1) and a PodDisruptionBudget
 * (policy/v1) onto the service they name or select. An HPA without metrics targets 80 %
 * CPU, as the HPA controller defaults it (pkg/apis/autoscaling/v2/defaults.go in
 * kubernetes/kubernetes); only CPU utilization is modelled. */
#include <cjson/cJSON.h>
#include <string.h>

#include "import.h"

static void behavior_rules(import_t *im, const cJSON *obj, const cJSON *r, const char *dir,
                           cJSON *out) {
    if (!cJSON_IsObject(r)) return;
    cJSON *o = cJSON_AddObjectToObject(out, dir);
    import_copy_int(o, "stabilizationWindowSeconds", r, "stabilizationWindowSeconds");
    const cJSON *sp = import_get(r, "selectPolicy");
    if (cJSON_IsString(sp)) cJSON_AddStringToObject(o, "selectPolicy", sp->valuestring);
    const cJSON *ps = import_get(r, "policies");
    if (cJSON_IsArray(ps)) {
        cJSON *arr = cJSON_AddArrayToObject(o, "policies");
        for (const cJSON *p = ps->child; p; p = p->next) {
            cJSON *q = cJSON_CreateObject();
            const cJSON *t = import_get(p, "type");
            if (cJSON_IsString(t)) cJSON_AddStringToObject(q, "type", t->valuestring);
            import_copy_int(q, "value", p, "value");
            import_copy_int(q, "periodSeconds", p, "periodSeconds");
            cJSON_AddItemToArray(arr, q);
        }
    }
    char path[80];
    snprintf(path, sizeof path, "spec.behavior.%s", dir);
    import_unknown(
        im, obj, r, path,
        (const char *const[]){"stabilizationWindowSeconds", "selectPolicy", "policies", NULL},
        NULL);
}

/* Whether the model has a v2 metric: Resource cpu or memory, Pods requests_per_second or
 * requests_in_flight (the traffic model's). */
static bool modelled_metric(const cJSON *m) {
    const cJSON *type = import_get(m, "type");
    if (!cJSON_IsString(type)) return false;
    if (strcmp(type->valuestring, "Resource") == 0) {
        const cJSON *name = import_get(import_get(m, "resource"), "name");
        return cJSON_IsString(name) &&
               (strcmp(name->valuestring, "cpu") == 0 || strcmp(name->valuestring, "memory") == 0);
    }
    if (strcmp(type->valuestring, "Pods") == 0) {
        const cJSON *name = import_get(import_get(import_get(m, "pods"), "metric"), "name");
        return cJSON_IsString(name) && (strcmp(name->valuestring, "requests_per_second") == 0 ||
                                        strcmp(name->valuestring, "requests_in_flight") == 0);
    }
    return false;
}

/* The CPU utilization target when the v2 metrics are exactly that one (the scenario's short
 * form); -1 otherwise. */
static int cpu_only_target(const cJSON *metrics) {
    const cJSON *m = metrics ? metrics->child : NULL;
    if (!m || m->next) return -1;
    const cJSON *res = import_get(m, "resource");
    const cJSON *name = import_get(res, "name");
    const cJSON *target = import_get(res, "target");
    const cJSON *ttype = import_get(target, "type");
    const cJSON *u = import_get(target, "averageUtilization");
    const cJSON *type = import_get(m, "type");
    if (cJSON_IsString(type) && strcmp(type->valuestring, "Resource") == 0 &&
        cJSON_IsString(name) && strcmp(name->valuestring, "cpu") == 0 &&
        (!ttype || (cJSON_IsString(ttype) && strcmp(ttype->valuestring, "Utilization") == 0)) &&
        cJSON_IsNumber(u))
        return u->valueint;
    return -1;
}

/* The v2 metrics the model has, copied as they are (the scenario takes upstream's shape); the
 * others are named in a warning. */
static cJSON *modelled_metrics(import_t *im, const cJSON *obj, const cJSON *metrics) {
    cJSON *out = cJSON_CreateArray();
    int i = 0;
    for (const cJSON *m = metrics ? metrics->child : NULL; m; m = m->next, i++) {
        if (modelled_metric(m)) {
            cJSON_AddItemToArray(out, cJSON_Duplicate(m, true));
            continue;
        }
        char path[60];
        snprintf(path, sizeof path, "spec.metrics[%d]", i);
        import_warn(im, obj, path,
                    "not modelled (Resource cpu/memory and Pods requests_per_second / "
                    "requests_in_flight are)");
    }
    return out;
}

void import_hpa(import_t *im, const cJSON *obj) {
    const cJSON *spec = import_get(obj, "spec");
    const cJSON *ref = import_get(spec, "scaleTargetRef");
    const cJSON *name = import_get(ref, "name");
    cJSON *svc =
        cJSON_IsString(name) ? import_service(im, import_ns(obj), name->valuestring, NULL) : NULL;
    if (!svc) {
        import_warn(im, obj, "spec.scaleTargetRef",
                    "names no imported Deployment or Rollout: "
                    "skipped");
        return;
    }
    cJSON *h = cJSON_CreateObject();
    if (!import_copy_int(h, "minReplicas", spec, "minReplicas"))
        cJSON_AddNumberToObject(h, "minReplicas", 1);
    import_copy_int(h, "maxReplicas", spec, "maxReplicas");
    const cJSON *v1 = import_get(spec, "targetCPUUtilizationPercentage");
    const cJSON *metrics = import_get(spec, "metrics");
    int target = cJSON_IsNumber(v1) ? v1->valueint : cpu_only_target(metrics);
    if (target < 0 && !metrics) target = 80;
    if (target >= 0) {
        cJSON_AddNumberToObject(h, "targetCPUUtilizationPercentage", target);
    } else {
        cJSON *kept = modelled_metrics(im, obj, metrics);
        if (cJSON_GetArraySize(kept) > 0)
            cJSON_AddItemToObject(h, "metrics", kept);
        else
            cJSON_Delete(kept);
    }
    const cJSON *b = import_get(spec, "behavior");
    if (b) {
        cJSON *ob = cJSON_AddObjectToObject(h, "behavior");
        behavior_rules(im, obj, import_get(b, "scaleUp"), "scaleUp", ob);
        behavior_rules(im, obj, import_get(b, "scaleDown"), "scaleDown", ob);
    }
    cJSON_DeleteItemFromObjectCaseSensitive(svc, "hpa");
    cJSON_AddItemToObject(svc, "hpa", h);
    import_unknown(im, obj, spec, "spec",
                   (const char *const[]){"minReplicas", "maxReplicas", "metrics", "behavior",
                                         "targetCPUUtilizationPercentage", "scaleTargetRef", NULL},
                   NULL);
}

void import_pdb(import_t *im, const cJSON *obj) {
    const cJSON *spec = import_get(obj, "spec");
    const cJSON *ml = import_get(import_get(spec, "selector"), "matchLabels");
    cJSON *svc = import_service_selected(im, import_ns(obj), ml, NULL);
    if (!svc) {
        import_warn(im, obj, "spec.selector", "selects no imported pods: skipped");
        return;
    }
    cJSON *p = cJSON_CreateObject();
    if (!import_copy_intstr(p, "minAvailable", spec, "minAvailable"))
        import_copy_intstr(p, "maxUnavailable", spec, "maxUnavailable");
    cJSON_DeleteItemFromObjectCaseSensitive(svc, "podDisruptionBudget");
    cJSON_AddItemToObject(svc, "podDisruptionBudget", p);
    import_unknown(im, obj, spec, "spec",
                   (const char *const[]){"minAvailable", "maxUnavailable", "selector", NULL}, NULL);
}

void import_priority_class(import_t *im, const cJSON *obj) {
    cJSON *pcs = import_get(im->scenario, "priorityClasses");
    if (!pcs) pcs = cJSON_AddArrayToObject(im->scenario, "priorityClasses");
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "name", import_name(obj));
    import_copy_int(p, "value", obj, "value");
    const char *const strings[] = {"preemptionPolicy", "description"};
    for (size_t i = 0; i < 2; i++) {
        const cJSON *v = import_get(obj, strings[i]);
        if (cJSON_IsString(v)) cJSON_AddStringToObject(p, strings[i], v->valuestring);
    }
    const cJSON *g = import_get(obj, "globalDefault");
    if (cJSON_IsBool(g)) cJSON_AddBoolToObject(p, "globalDefault", cJSON_IsTrue(g));
    cJSON_AddItemToArray(pcs, p);
    import_unknown(im, obj, obj, "",
                   (const char *const[]){"apiVersion", "kind", "metadata", "value",
                                         "preemptionPolicy", "description", "globalDefault", NULL},
                   NULL);
}
