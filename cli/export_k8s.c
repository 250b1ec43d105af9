/* export_k8s: a scenario service as the Kubernetes objects it stands for: a Deployment
 * (RollingUpdate, Recreate) or an Argo Rollout (Canary, BlueGreen), its Service, and its
 * HorizontalPodAutoscaler and PodDisruptionBudget when it has them. Durations become the
 * integer seconds the API takes (rounded up). The keys Kubernetes has no field for (traffic,
 * capacity, start-up, versions...) ride in the annotation IMPORT_ANNOTATION, so that
 * `deploysim import` of an export gives back the same scenario. */
#include "export_k8s.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "import.h"
#include "quantity.h"

/* The service keys that are Kubernetes fields (everything else goes into the annotation). */
static const char *const k8s_keys[] = {"name",
                                       "namespace",
                                       "replicas",
                                       "minReadySeconds",
                                       "progressDeadlineSeconds",
                                       "revisionHistoryLimit",
                                       "strategy",
                                       "hpa",
                                       "podDisruptionBudget",
                                       "resources",
                                       "readinessProbe",
                                       "livenessProbe",
                                       "startupProbe",
                                       "terminationGracePeriodSeconds",
                                       "preStop",
                                       "nodeSelector",
                                       "tolerations",
                                       "affinity",
                                       "topologySpreadConstraints",
                                       "priorityClassName",
                                       NULL};

static bool is_k8s_key(const char *k) {
    for (int i = 0; k8s_keys[i]; i++)
        if (strcmp(k, k8s_keys[i]) == 0) return true;
    return false;
}

/* A scenario duration (seconds, or a string with units) as whole seconds, rounded up. */
bool export_seconds(const cJSON *v, double *out) {
    if (cJSON_IsNumber(v)) {
        *out = ceil(v->valuedouble);
        return true;
    }
    sim_time_t us;
    char err[100];
    if (!cJSON_IsString(v) || quantity_parse_duration(v->valuestring, &us, err, sizeof err))
        return false;
    *out = ceil((double)us / 1e6);
    return true;
}

static void add_seconds(cJSON *dst, const char *dkey, const cJSON *src, const char *skey) {
    double s;
    if (export_seconds(import_get(src, skey), &s)) cJSON_AddNumberToObject(dst, dkey, s);
}

void export_copy(cJSON *dst, const char *key, const cJSON *src) {
    const cJSON *v = import_get(src, key);
    if (v) cJSON_AddItemToObject(dst, key, cJSON_Duplicate(v, 1));
}

cJSON *export_app_labels(const char *name) {
    cJSON *l = cJSON_CreateObject();
    cJSON_AddStringToObject(l, "app", name);
    return l;
}

cJSON *export_object(const char *api, const char *kind, const char *name, const char *ns) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "apiVersion", api);
    cJSON_AddStringToObject(o, "kind", kind);
    cJSON *m = cJSON_AddObjectToObject(o, "metadata");
    cJSON_AddStringToObject(m, "name", name);
    cJSON_AddStringToObject(m, "namespace", ns);
    return o;
}

static void probe(cJSON *c, const cJSON *svc, const char *key) {
    const cJSON *p = import_get(svc, key);
    if (!cJSON_IsObject(p)) return;
    cJSON *o = cJSON_AddObjectToObject(c, key);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "tcpSocket"), "port", "http");
    static const char *const secs[] = {"initialDelaySeconds", "periodSeconds", "timeoutSeconds",
                                       NULL};
    for (int i = 0; secs[i]; i++)
        add_seconds(o, secs[i], p, secs[i]);
    export_copy(o, "successThreshold", p);
    export_copy(o, "failureThreshold", p);
}

static cJSON *container(const cJSON *svc, const char *name) {
    cJSON *c = cJSON_CreateObject();
    cJSON_AddStringToObject(c, "name", "app");
    const cJSON *img = import_get(import_get(svc, "image"), "name");
    const cJSON *ver = import_get(svc, "version");
    char ref[400];
    snprintf(ref, sizeof ref, "%s:%s", name, cJSON_IsString(ver) ? ver->valuestring : "v1");
    cJSON_AddStringToObject(c, "image", cJSON_IsString(img) ? img->valuestring : ref);
    cJSON *port = cJSON_CreateObject();
    cJSON_AddStringToObject(port, "name", "http");
    cJSON_AddNumberToObject(port, "containerPort", 8080);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "ports"), port);
    const cJSON *res = import_get(svc, "resources");
    if (cJSON_IsObject(res) && res->child) {
        cJSON *req = cJSON_AddObjectToObject(cJSON_AddObjectToObject(c, "resources"), "requests");
        export_copy(req, "cpu", res);
        export_copy(req, "memory", res);
    }
    probe(c, svc, "readinessProbe");
    probe(c, svc, "livenessProbe");
    probe(c, svc, "startupProbe");
    double s;
    if (export_seconds(import_get(svc, "preStop"), &s) && s > 0) {
        cJSON *pre = cJSON_AddObjectToObject(cJSON_AddObjectToObject(c, "lifecycle"), "preStop");
        cJSON_AddNumberToObject(cJSON_AddObjectToObject(pre, "sleep"), "seconds", s);
    }
    return c;
}

static cJSON *tolerations(const cJSON *ts) {
    cJSON *out = cJSON_Duplicate(ts, 1);
    for (cJSON *t = out->child; t; t = t->next) {
        double s;
        if (export_seconds(import_get(t, "tolerationSeconds"), &s))
            cJSON_SetNumberValue(import_get(t, "tolerationSeconds"), s);
    }
    return out;
}

static cJSON *pod_template(const cJSON *svc, const char *name) {
    cJSON *t = cJSON_CreateObject();
    cJSON_AddItemToObject(cJSON_AddObjectToObject(t, "metadata"), "labels",
                          export_app_labels(name));
    cJSON *ps = cJSON_AddObjectToObject(t, "spec");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(ps, "containers"), container(svc, name));
    add_seconds(ps, "terminationGracePeriodSeconds", svc, "terminationGracePeriodSeconds");
    export_copy(ps, "nodeSelector", svc);
    if (cJSON_IsArray(import_get(svc, "tolerations")))
        cJSON_AddItemToObject(ps, "tolerations", tolerations(import_get(svc, "tolerations")));
    export_copy(ps, "affinity", svc);
    export_copy(ps, "priorityClassName", svc);
    const cJSON *tsc = import_get(svc, "topologySpreadConstraints");
    if (cJSON_IsArray(tsc)) {
        cJSON *arr = cJSON_Duplicate(tsc, 1);
        for (cJSON *c = arr->child; c; c = c->next) {
            cJSON_DeleteItemFromObjectCaseSensitive(c, "labelSelector");
            cJSON_AddItemToObject(cJSON_AddObjectToObject(c, "labelSelector"), "matchLabels",
                                  export_app_labels(name));
        }
        cJSON_AddItemToObject(ps, "topologySpreadConstraints", arr);
    }
    return t;
}

/* The annotation: every scenario key without a Kubernetes field, plus the version and the
 * image (the container's image may be made up), and a strategy Argo cannot say alone. */
static char *annotation(const cJSON *svc, bool strategy_too) {
    cJSON *a = cJSON_CreateObject();
    for (const cJSON *c = svc->child; c; c = c->next)
        if (!is_k8s_key(c->string)) cJSON_AddItemToObject(a, c->string, cJSON_Duplicate(c, 1));
    if (!import_get(svc, "image")) cJSON_AddNullToObject(a, "image");
    if (!import_get(svc, "version")) cJSON_AddStringToObject(a, "version", "v1");
    if (strategy_too) export_copy(a, "strategy", svc);
    char *s = cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    return s;
}

cJSON *export_service(const cJSON *svc, FILE *log) {
    const char *name = import_get(svc, "name")->valuestring;
    const cJSON *nsv = import_get(svc, "namespace");
    const char *ns = cJSON_IsString(nsv) ? nsv->valuestring : "default";
    const cJSON *st = import_get(svc, "strategy");
    const cJSON *type = import_get(st, "type");
    const char *t = cJSON_IsString(type) ? type->valuestring : "RollingUpdate";
    bool argo = strcmp(t, "Canary") == 0 || strcmp(t, "BlueGreen") == 0;
    cJSON *objs = cJSON_CreateArray();
    cJSON *w = export_object(argo ? "argoproj.io/v1alpha1" : "apps/v1",
                             argo ? "Rollout" : "Deployment", name, ns);
    cJSON *meta = import_get(w, "metadata");
    cJSON_AddItemToObject(meta, "labels", export_app_labels(name));
    cJSON *spec = cJSON_AddObjectToObject(w, "spec");
    export_copy(spec, "replicas", svc);
    add_seconds(spec, "minReadySeconds", svc, "minReadySeconds");
    add_seconds(spec, "progressDeadlineSeconds", svc, "progressDeadlineSeconds");
    export_copy(spec, "revisionHistoryLimit", svc);
    cJSON_AddItemToObject(cJSON_AddObjectToObject(spec, "selector"), "matchLabels",
                          export_app_labels(name));
    bool lossy = false;
    if (st) {
        cJSON *s = argo ? export_argo_strategy(st, name, &lossy, objs, ns) : cJSON_Duplicate(st, 1);
        if (s) cJSON_AddItemToObject(spec, "strategy", s);
    }
    cJSON_AddItemToObject(spec, "template", pod_template(svc, name));
    char *ann = annotation(svc, lossy);
    cJSON_AddStringToObject(cJSON_AddObjectToObject(meta, "annotations"), IMPORT_ANNOTATION,
                            ann ? ann : "{}");
    cJSON_free(ann);
    if (lossy)
        fprintf(log,
                "export: %s/%s: canary analysis needs an AnalysisTemplate: not written "
                "(kept in the annotation " IMPORT_ANNOTATION ")\n",
                ns, name);
    cJSON_InsertItemInArray(objs, 0, w);
    cJSON_AddItemToArray(objs, export_k8s_service(name, name, ns));
    if (import_get(svc, "hpa"))
        cJSON_AddItemToArray(objs, export_hpa(import_get(svc, "hpa"), name, ns, argo));
    if (import_get(svc, "podDisruptionBudget"))
        cJSON_AddItemToArray(objs, export_pdb(import_get(svc, "podDisruptionBudget"), name, ns));
    return objs;
}
