/* import_workload: a Deployment (apps/v1) or an Argo Rollout (argoproj.io/v1alpha1) becomes a
 * service: replicas, strategy and its parameters, minReadySeconds, progressDeadlineSeconds,
 * revisionHistoryLimit, and its pod template (import_pod.c). A Rollout with workloadRef
 * takes the referenced Deployment's template, and that Deployment is not a service of its
 * own (Argo scales it to zero: rollout/templateref.go in argoproj/argo-rollouts). */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

static const cJSON *find_object(const import_t *im, const char *kind, const char *ns,
                                const char *name) {
    for (const cJSON *o = im->objects->child; o; o = o->next)
        if (strcmp(import_kind(o), kind) == 0 && strcmp(import_ns(o), ns) == 0 &&
            strcmp(import_name(o), name) == 0)
            return o;
    return NULL;
}

/* The Rollout whose workloadRef names this Deployment, if any. */
static const cJSON *referenced_by(const import_t *im, const cJSON *dep) {
    for (const cJSON *o = im->objects->child; o; o = o->next) {
        if (strcmp(import_kind(o), "Rollout") != 0) continue;
        const cJSON *ref = import_get(import_get(o, "spec"), "workloadRef");
        const cJSON *n = import_get(ref, "name");
        if (cJSON_IsString(n) && strcmp(n->valuestring, import_name(dep)) == 0 &&
            strcmp(import_ns(o), import_ns(dep)) == 0)
            return o;
    }
    return NULL;
}

void import_workload_add(import_t *im, const cJSON *obj) {
    bool rollout = strcmp(import_kind(obj), "Rollout") == 0;
    const cJSON *spec = import_get(obj, "spec");
    const cJSON *tmpl = import_get(spec, "template");
    if (!rollout) {
        const cJSON *r = referenced_by(im, obj);
        if (r) {
            char id[300];
            fprintf(im->log, "%s: its template is used by Rollout %s/%s (workloadRef)\n",
                    import_id(obj, id, sizeof id), import_ns(r), import_name(r));
            return;
        }
    } else if (import_get(spec, "workloadRef")) {
        const cJSON *n = import_get(import_get(spec, "workloadRef"), "name");
        const cJSON *dep = cJSON_IsString(n)
                               ? find_object(im, "Deployment", import_ns(obj), n->valuestring)
                               : NULL;
        if (!dep) {
            import_warn(im, obj, "spec.workloadRef", "no Deployment of that name: skipped");
            return;
        }
        tmpl = import_get(import_get(dep, "spec"), "template");
    }
    const cJSON **o = realloc(im->wl_obj, (size_t)(im->wl_count + 1) * sizeof *o);
    if (o) im->wl_obj = o;
    const cJSON **t = realloc(im->wl_tmpl, (size_t)(im->wl_count + 1) * sizeof *t);
    if (t) im->wl_tmpl = t;
    bool *e = realloc(im->exported, (size_t)(im->wl_count + 1) * sizeof *e);
    if (e) im->exported = e;
    if (!o || !t || !e) return;
    im->wl_obj[im->wl_count] = obj;
    im->wl_tmpl[im->wl_count] = tmpl;
    im->exported[im->wl_count] = false;
    im->wl_count++;
    char label[64];
    cJSON *svc = cJSON_CreateObject();
    import_label(import_name(obj), label, sizeof label);
    cJSON_AddStringToObject(svc, "name", label);
    import_label(import_ns(obj), label, sizeof label);
    cJSON_AddStringToObject(svc, "namespace", label);
    cJSON_AddItemToArray(im->services, svc);
}

static void deployment_strategy(import_t *im, const cJSON *obj, const cJSON *st, cJSON *svc) {
    if (!st) return;
    cJSON *out = cJSON_AddObjectToObject(svc, "strategy");
    const cJSON *type = import_get(st, "type");
    const char *t = cJSON_IsString(type) ? type->valuestring : "RollingUpdate";
    cJSON_AddStringToObject(out, "type", t);
    const cJSON *ru = import_get(st, "rollingUpdate");
    if (ru && strcmp(t, "RollingUpdate") == 0) {
        cJSON *r = cJSON_AddObjectToObject(out, "rollingUpdate");
        import_copy_intstr(r, "maxSurge", ru, "maxSurge");
        import_copy_intstr(r, "maxUnavailable", ru, "maxUnavailable");
        import_unknown(im, obj, ru, "spec.strategy.rollingUpdate",
                       (const char *const[]){"maxSurge", "maxUnavailable", NULL}, NULL);
    }
    import_unknown(im, obj, st, "spec.strategy",
                   (const char *const[]){"type", "rollingUpdate", NULL}, NULL);
}

static void canary_steps(import_t *im, const cJSON *obj, const cJSON *steps, cJSON *out) {
    cJSON *arr = cJSON_AddArrayToObject(out, "steps");
    int i = 0;
    for (const cJSON *s = steps ? steps->child : NULL; s; s = s->next, i++) {
        char path[80];
        snprintf(path, sizeof path, "spec.strategy.canary.steps[%d]", i);
        cJSON *step = cJSON_CreateObject();
        const cJSON *p = import_get(s, "pause");
        if (import_copy_int(step, "setWeight", s, "setWeight")) {
        } else if (p) {
            cJSON *pause = cJSON_AddObjectToObject(step, "pause");
            const cJSON *d = import_get(p, "duration");
            if (d) cJSON_AddItemToObject(pause, "duration", cJSON_Duplicate(d, true));
        } else {
            import_unknown(im, obj, s, path, NULL, NULL);
            cJSON_Delete(step);
            continue;
        }
        cJSON_AddItemToArray(arr, step);
    }
}

static void rollout_canary(import_t *im, const cJSON *obj, const cJSON *c, cJSON *st) {
    cJSON_AddStringToObject(st, "type", "Canary");
    cJSON *out = cJSON_AddObjectToObject(st, "canary");
    canary_steps(im, obj, import_get(c, "steps"), out);
    import_copy_intstr(out, "maxSurge", c, "maxSurge");
    import_copy_intstr(out, "maxUnavailable", c, "maxUnavailable");
    const cJSON *tr = import_get(c, "trafficRouting");
    const cJSON *ing = import_get(import_get(tr, "nginx"), "stableIngress");
    if (cJSON_IsString(ing)) {
        char label[64];
        import_label(ing->valuestring, label, sizeof label);
        cJSON_AddStringToObject(cJSON_AddObjectToObject(out, "trafficRouting"), "ingress", label);
    } else if (tr) {
        import_warn(im, obj, "spec.strategy.canary.trafficRouting",
                    "only nginx.stableIngress is modelled");
    }
    import_copy_int(out, "abortScaleDownDelaySeconds", c, "abortScaleDownDelaySeconds");
    import_unknown(im, obj, c, "spec.strategy.canary",
                   (const char *const[]){"steps", "maxSurge", "maxUnavailable", "trafficRouting",
                                         "abortScaleDownDelaySeconds", NULL},
                   (const char *const[]){"canaryService", "stableService", NULL});
}

static void rollout_bluegreen(import_t *im, const cJSON *obj, const cJSON *b, cJSON *st) {
    cJSON_AddStringToObject(st, "type", "BlueGreen");
    cJSON *out = cJSON_AddObjectToObject(st, "blueGreen");
    const cJSON *ap = import_get(b, "autoPromotionEnabled");
    if (cJSON_IsBool(ap)) cJSON_AddBoolToObject(out, "autoPromotionEnabled", cJSON_IsTrue(ap));
    import_copy_int(out, "autoPromotionSeconds", b, "autoPromotionSeconds");
    import_copy_int(out, "scaleDownDelaySeconds", b, "scaleDownDelaySeconds");
    import_copy_int(out, "previewReplicaCount", b, "previewReplicaCount");
    const cJSON *pv = import_get(b, "previewService");
    if (cJSON_IsString(pv)) {
        char label[64];
        import_label(pv->valuestring, label, sizeof label);
        cJSON_AddStringToObject(out, "previewService", label);
    }
    import_unknown(im, obj, b, "spec.strategy.blueGreen",
                   (const char *const[]){"autoPromotionEnabled", "autoPromotionSeconds",
                                         "scaleDownDelaySeconds", "previewReplicaCount",
                                         "previewService", NULL},
                   (const char *const[]){"activeService", NULL});
}

static void rollout_strategy(import_t *im, const cJSON *obj, const cJSON *st, cJSON *svc) {
    cJSON *out = cJSON_AddObjectToObject(svc, "strategy");
    if (import_get(st, "blueGreen"))
        rollout_bluegreen(im, obj, import_get(st, "blueGreen"), out);
    else
        rollout_canary(im, obj, import_get(st, "canary"), out);
    import_unknown(im, obj, st, "spec.strategy", (const char *const[]){"canary", "blueGreen", NULL},
                   NULL);
}

/* The scenario's own keys that an export carried in an annotation (export_k8s.c). */
static void merge_annotation(import_t *im, int index, const cJSON *obj, cJSON *svc) {
    const cJSON *a =
        import_get(import_get(import_get(obj, "metadata"), "annotations"), IMPORT_ANNOTATION);
    if (!cJSON_IsString(a)) return;
    cJSON *extra = cJSON_Parse(a->valuestring);
    if (!cJSON_IsObject(extra)) {
        import_warn(im, obj, "metadata.annotations." IMPORT_ANNOTATION, "not a JSON object");
        cJSON_Delete(extra);
        return;
    }
    /* the annotation wins: it holds what the export had to make up a field for (the image,
     * the version, a strategy with an analysis); null means the scenario had no such key */
    im->exported[index] = true;
    for (cJSON *c = extra->child; c; c = c->next) {
        cJSON_DeleteItemFromObjectCaseSensitive(svc, c->string);
        if (!cJSON_IsNull(c)) cJSON_AddItemToObject(svc, c->string, cJSON_Duplicate(c, true));
    }
    cJSON_Delete(extra);
}

void import_workload(import_t *im, int index) {
    const cJSON *obj = im->wl_obj[index];
    cJSON *svc = cJSON_GetArrayItem(im->services, index);
    bool rollout = strcmp(import_kind(obj), "Rollout") == 0;
    const cJSON *spec = import_get(obj, "spec");
    /* Kubernetes defaults replicas to 1 (apps/v1 SetDefaults_Deployment) */
    if (!import_copy_int(svc, "replicas", spec, "replicas"))
        cJSON_AddNumberToObject(svc, "replicas", 1);
    import_copy_int(svc, "minReadySeconds", spec, "minReadySeconds");
    import_copy_int(svc, "progressDeadlineSeconds", spec, "progressDeadlineSeconds");
    import_copy_int(svc, "revisionHistoryLimit", spec, "revisionHistoryLimit");
    if (rollout)
        rollout_strategy(im, obj, import_get(spec, "strategy"), svc);
    else
        deployment_strategy(im, obj, import_get(spec, "strategy"), svc);
    if (im->wl_tmpl[index])
        import_pod_template(im, obj, im->wl_tmpl[index], "spec.template", svc);
    else
        import_warn(im, obj, "spec.template", "missing: the service has the defaults");
    merge_annotation(im, index, obj, svc);
    import_unknown(im, obj, spec, "spec",
                   (const char *const[]){"replicas", "minReadySeconds", "progressDeadlineSeconds",
                                         "revisionHistoryLimit", "strategy", "template",
                                         "workloadRef", NULL},
                   (const char *const[]){"selector", NULL});
}
