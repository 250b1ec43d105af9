/* export_objects: the objects around a workload: the Argo strategy (with the Services Argo
 * requires: activeService for blue-green, canaryService/stableService for a canary behind an
 * nginx Ingress), the Service, the HorizontalPodAutoscaler (autoscaling/v2), the
 * PodDisruptionBudget (policy/v1), the Ingresses (networking.k8s.io/v1) and Namespaces. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "export_k8s.h"
#include "import.h"

static void add_seconds(cJSON *dst, const char *key, const cJSON *src) {
    double s;
    if (export_seconds(import_get(src, key), &s)) cJSON_AddNumberToObject(dst, key, s);
}

static cJSON *canary(const cJSON *c, const char *name, bool *lossy, cJSON *objs, const char *ns) {
    cJSON *o = cJSON_CreateObject();
    const cJSON *ing = import_get(import_get(c, "trafficRouting"), "ingress");
    if (cJSON_IsString(ing)) {
        char canary_name[80];
        snprintf(canary_name, sizeof canary_name, "%.56s-canary", name);
        cJSON_AddStringToObject(o, "canaryService", canary_name);
        cJSON_AddStringToObject(o, "stableService", name);
        cJSON_AddItemToArray(objs, export_k8s_service(canary_name, name, ns));
    }
    cJSON *steps = cJSON_AddArrayToObject(o, "steps");
    const cJSON *ss = import_get(c, "steps");
    for (const cJSON *s = ss ? ss->child : NULL; s; s = s->next) {
        const cJSON *p = import_get(s, "pause");
        cJSON *step = cJSON_CreateObject();
        if (import_get(s, "setWeight"))
            export_copy(step, "setWeight", s);
        else if (p) {
            cJSON *pause = cJSON_AddObjectToObject(step, "pause");
            double sec;
            if (export_seconds(import_get(p, "duration"), &sec))
                cJSON_AddNumberToObject(pause, "duration", sec);
        } else {
            *lossy = true; /* an analysis step */
            cJSON_Delete(step);
            continue;
        }
        cJSON_AddItemToArray(steps, step);
    }
    if (import_get(c, "analysis")) *lossy = true;
    export_copy(o, "maxSurge", c);
    export_copy(o, "maxUnavailable", c);
    if (cJSON_IsString(ing))
        cJSON_AddStringToObject(
            cJSON_AddObjectToObject(cJSON_AddObjectToObject(o, "trafficRouting"), "nginx"),
            "stableIngress", ing->valuestring);
    add_seconds(o, "abortScaleDownDelaySeconds", c);
    return o;
}

static cJSON *bluegreen(const cJSON *b, const char *name, cJSON *objs, const char *ns) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "activeService", name);
    const cJSON *pv = import_get(b, "previewService");
    if (cJSON_IsString(pv)) {
        cJSON_AddStringToObject(o, "previewService", pv->valuestring);
        cJSON_AddItemToArray(objs, export_k8s_service(pv->valuestring, name, ns));
    }
    export_copy(o, "autoPromotionEnabled", b);
    add_seconds(o, "autoPromotionSeconds", b);
    add_seconds(o, "scaleDownDelaySeconds", b);
    export_copy(o, "previewReplicaCount", b);
    return o;
}

cJSON *export_argo_strategy(const cJSON *st, const char *name, bool *lossy, cJSON *objs,
                            const char *ns) {
    cJSON *s = cJSON_CreateObject();
    const cJSON *type = import_get(st, "type");
    if (strcmp(type->valuestring, "BlueGreen") == 0)
        cJSON_AddItemToObject(s, "blueGreen",
                              bluegreen(import_get(st, "blueGreen"), name, objs, ns));
    else
        cJSON_AddItemToObject(s, "canary", canary(import_get(st, "canary"), name, lossy, objs, ns));
    return s;
}

cJSON *export_k8s_service(const char *svc_name, const char *app, const char *ns) {
    cJSON *o = export_object("v1", "Service", svc_name, ns);
    cJSON *spec = cJSON_AddObjectToObject(o, "spec");
    cJSON_AddItemToObject(spec, "selector", export_app_labels(app));
    cJSON *port = cJSON_CreateObject();
    cJSON_AddStringToObject(port, "name", "http");
    cJSON_AddNumberToObject(port, "port", 80);
    cJSON_AddStringToObject(port, "targetPort", "http");
    cJSON_AddItemToArray(cJSON_AddArrayToObject(spec, "ports"), port);
    return o;
}

static cJSON *behavior(const cJSON *b) {
    cJSON *o = cJSON_CreateObject();
    static const char *const dirs[] = {"scaleUp", "scaleDown", NULL};
    for (int d = 0; dirs[d]; d++) {
        const cJSON *r = import_get(b, dirs[d]);
        if (!r) continue;
        cJSON *out = cJSON_AddObjectToObject(o, dirs[d]);
        add_seconds(out, "stabilizationWindowSeconds", r);
        export_copy(out, "selectPolicy", r);
        const cJSON *ps = import_get(r, "policies");
        if (!cJSON_IsArray(ps)) continue;
        cJSON *arr = cJSON_AddArrayToObject(out, "policies");
        for (const cJSON *p = ps->child; p; p = p->next) {
            cJSON *q = cJSON_CreateObject();
            export_copy(q, "type", p);
            export_copy(q, "value", p);
            add_seconds(q, "periodSeconds", p);
            cJSON_AddItemToArray(arr, q);
        }
    }
    return o;
}

cJSON *export_hpa(const cJSON *h, const char *name, const char *ns, bool rollout) {
    cJSON *o = export_object("autoscaling/v2", "HorizontalPodAutoscaler", name, ns);
    cJSON *spec = cJSON_AddObjectToObject(o, "spec");
    cJSON *ref = cJSON_AddObjectToObject(spec, "scaleTargetRef");
    cJSON_AddStringToObject(ref, "apiVersion", rollout ? "argoproj.io/v1alpha1" : "apps/v1");
    cJSON_AddStringToObject(ref, "kind", rollout ? "Rollout" : "Deployment");
    cJSON_AddStringToObject(ref, "name", name);
    export_copy(spec, "minReplicas", h);
    export_copy(spec, "maxReplicas", h);
    const cJSON *given = import_get(h, "metrics");
    if (given) { /* upstream's v2 shape already; `series` (External/Object values) is ours */
        cJSON *metrics = cJSON_Duplicate(given, true);
        for (cJSON *m = metrics ? metrics->child : NULL; m; m = m->next) {
            cJSON_DeleteItemFromObjectCaseSensitive(import_get(m, "object"), "series");
            cJSON_DeleteItemFromObjectCaseSensitive(import_get(m, "external"), "series");
        }
        cJSON_AddItemToObject(spec, "metrics", metrics);
        if (import_get(h, "behavior"))
            cJSON_AddItemToObject(spec, "behavior", behavior(import_get(h, "behavior")));
        return o;
    }
    const cJSON *t = import_get(h, "targetCPUUtilizationPercentage");
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "type", "Resource");
    cJSON *res = cJSON_AddObjectToObject(m, "resource");
    cJSON_AddStringToObject(res, "name", "cpu");
    cJSON *target = cJSON_AddObjectToObject(res, "target");
    cJSON_AddStringToObject(target, "type", "Utilization");
    cJSON_AddNumberToObject(target, "averageUtilization", cJSON_IsNumber(t) ? t->valuedouble : 80);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(spec, "metrics"), m);
    if (import_get(h, "behavior"))
        cJSON_AddItemToObject(spec, "behavior", behavior(import_get(h, "behavior")));
    return o;
}

cJSON *export_pdb(const cJSON *p, const char *name, const char *ns) {
    cJSON *o = export_object("policy/v1", "PodDisruptionBudget", name, ns);
    cJSON *spec = cJSON_AddObjectToObject(o, "spec");
    export_copy(spec, "minAvailable", p);
    export_copy(spec, "maxUnavailable", p);
    cJSON_AddItemToObject(cJSON_AddObjectToObject(spec, "selector"), "matchLabels",
                          export_app_labels(name));
    return o;
}

/* The namespace and name of a rule's service reference ("NAME" or "NAMESPACE/NAME"). */
static void resolve(const cJSON *scenario, const char *ref, char *ns, char *name, size_t n) {
    const char *slash = strchr(ref, '/');
    if (slash) {
        snprintf(ns, n, "%.*s", (int)(slash - ref), ref);
        snprintf(name, n, "%s", slash + 1);
        return;
    }
    snprintf(name, n, "%s", ref);
    snprintf(ns, n, "default");
    const cJSON *ss = import_get(scenario, "services");
    for (const cJSON *s = ss ? ss->child : NULL; s; s = s->next) {
        const cJSON *nm = import_get(s, "name"), *nsv = import_get(s, "namespace");
        if (cJSON_IsString(nm) && strcmp(nm->valuestring, ref) == 0 && cJSON_IsString(nsv)) {
            snprintf(ns, n, "%s", nsv->valuestring);
            return;
        }
    }
}

static cJSON *ingress_for(cJSON *out, const char *name, const char *ns) {
    for (cJSON *o = out->child; o; o = o->next)
        if (strcmp(import_name(o), name) == 0 && strcmp(import_ns(o), ns) == 0) return o;
    cJSON *o = export_object("networking.k8s.io/v1", "Ingress", name, ns);
    cJSON_AddArrayToObject(cJSON_AddObjectToObject(o, "spec"), "rules");
    cJSON_AddItemToArray(out, o);
    return o;
}

static cJSON *rule_for(cJSON *rules, const char *host) {
    for (cJSON *r = rules->child; r; r = r->next) {
        const cJSON *h = import_get(r, "host");
        if ((!h && !*host) || (h && strcmp(h->valuestring, host) == 0)) return r;
    }
    cJSON *r = cJSON_CreateObject();
    if (*host) cJSON_AddStringToObject(r, "host", host);
    cJSON_AddArrayToObject(cJSON_AddObjectToObject(r, "http"), "paths");
    cJSON_AddItemToArray(rules, r);
    return r;
}

static void add_backend(cJSON *o, const char *name) {
    cJSON *svc = cJSON_AddObjectToObject(cJSON_AddObjectToObject(o, "defaultBackend"), "service");
    cJSON_AddStringToObject(svc, "name", name);
    cJSON_AddNumberToObject(cJSON_AddObjectToObject(svc, "port"), "number", 80);
}

/* spec.defaultBackend, on the Ingress object of the backend's namespace (a backend is a
 * Service of the Ingress's own namespace). Traffic entering at the Ingress has no
 * Kubernetes field: it stays in the scenario. */
static void export_default_backend(const cJSON *scenario, const cJSON *ing, cJSON *out,
                                   const char *iname) {
    const cJSON *db = import_get(ing, "defaultBackend");
    if (!cJSON_IsString(db)) return;
    char ns[256], name[256];
    resolve(scenario, db->valuestring, ns, name, sizeof ns);
    cJSON *o = ingress_for(out, iname, ns);
    add_backend(import_get(o, "spec"), name);
}

/* The traffic entering at the Ingress rides in an annotation of each of its objects (import
 * takes the first). */
static void export_traffic(const cJSON *ing, cJSON *out, const char *iname) {
    const cJSON *t = import_get(ing, "traffic");
    if (!t) return;
    char *text = cJSON_PrintUnformatted(t);
    for (cJSON *o = out->child; o && text; o = o->next) {
        if (strcmp(import_name(o), iname) != 0) continue;
        cJSON *meta = import_get(o, "metadata");
        cJSON *ann = import_get(meta, "annotations");
        if (!ann) ann = cJSON_AddObjectToObject(meta, "annotations");
        cJSON_AddStringToObject(ann, IMPORT_INGRESS_TRAFFIC, text);
    }
    cJSON_free(text);
}

/* A path of Ingress `iname` in the namespace of the service `ref` it routes to. */
static cJSON *add_path(const cJSON *scenario, cJSON *out, const char *iname, const cJSON *r,
                       const char *ref) {
    char ns[256], name[256];
    resolve(scenario, ref, ns, name, sizeof ns);
    const cJSON *h = import_get(r, "host"), *p = import_get(r, "path");
    const cJSON *pt = import_get(r, "pathType");
    cJSON *o = ingress_for(out, iname, ns);
    cJSON *rule = rule_for(import_get(import_get(o, "spec"), "rules"),
                           cJSON_IsString(h) ? h->valuestring : "");
    cJSON *path = cJSON_CreateObject();
    cJSON_AddStringToObject(path, "path", cJSON_IsString(p) ? p->valuestring : "/");
    cJSON_AddStringToObject(path, "pathType", cJSON_IsString(pt) ? pt->valuestring : "Prefix");
    cJSON *svc = cJSON_AddObjectToObject(cJSON_AddObjectToObject(path, "backend"), "service");
    cJSON_AddStringToObject(svc, "name", name);
    cJSON_AddNumberToObject(cJSON_AddObjectToObject(svc, "port"), "number", 80);
    cJSON_AddItemToArray(import_get(import_get(rule, "http"), "paths"), path);
    return o;
}

/* A rule's canary is an nginx canary Ingress with the same host and path (ingress-nginx
 * annotations canary and canary-weight), one per weight. */
static void export_canary(const cJSON *scenario, cJSON *out, const char *iname, const cJSON *r) {
    const cJSON *c = import_get(r, "canary");
    const cJSON *svc = import_get(c, "service"), *w = import_get(c, "weight");
    if (!cJSON_IsString(svc) || !cJSON_IsNumber(w)) return;
    char cname[300], weight[16];
    snprintf(cname, sizeof cname, "%s-canary-%d", iname, w->valueint);
    snprintf(weight, sizeof weight, "%d", w->valueint);
    cJSON *o = add_path(scenario, out, cname, r, svc->valuestring);
    cJSON *meta = import_get(o, "metadata");
    if (import_get(meta, "annotations")) return;
    cJSON *ann = cJSON_AddObjectToObject(meta, "annotations");
    cJSON_AddStringToObject(ann, IMPORT_NGINX_CANARY, "true");
    cJSON_AddStringToObject(ann, IMPORT_NGINX_WEIGHT, weight);
}

cJSON *export_ingresses(const cJSON *scenario) {
    cJSON *out = cJSON_CreateArray();
    const cJSON *ings = import_get(scenario, "ingresses");
    for (const cJSON *ing = ings ? ings->child : NULL; ing; ing = ing->next) {
        const char *iname = import_get(ing, "name")->valuestring;
        const cJSON *rules = import_get(ing, "rules");
        for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next)
            add_path(scenario, out, iname, r, import_get(r, "service")->valuestring);
        for (const cJSON *r = rules ? rules->child : NULL; r; r = r->next)
            export_canary(scenario, out, iname, r);
        export_default_backend(scenario, ing, out, iname);
        export_traffic(ing, out, iname);
    }
    return out;
}

cJSON *export_namespaces(const cJSON *scenario) {
    cJSON *out = cJSON_CreateArray();
    const cJSON *ss = import_get(scenario, "services");
    for (const cJSON *s = ss ? ss->child : NULL; s; s = s->next) {
        const cJSON *nsv = import_get(s, "namespace");
        if (!cJSON_IsString(nsv) || strcmp(nsv->valuestring, "default") == 0) continue;
        bool seen = false;
        for (const cJSON *o = out->child; o; o = o->next)
            if (strcmp(import_name(o), nsv->valuestring) == 0) seen = true;
        if (seen) continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "apiVersion", "v1");
        cJSON_AddStringToObject(o, "kind", "Namespace");
        cJSON_AddStringToObject(cJSON_AddObjectToObject(o, "metadata"), "name", nsv->valuestring);
        cJSON_AddItemToArray(out, o);
    }
    /* PriorityClasses (scheduling.k8s.io/v1), cluster-scoped like Namespaces */
    const cJSON *pcs = import_get(scenario, "priorityClasses");
    for (const cJSON *pc = pcs ? pcs->child : NULL; pc; pc = pc->next) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "apiVersion", "scheduling.k8s.io/v1");
        cJSON_AddStringToObject(o, "kind", "PriorityClass");
        export_copy(cJSON_AddObjectToObject(o, "metadata"), "name", pc);
        export_copy(o, "value", pc);
        export_copy(o, "preemptionPolicy", pc);
        export_copy(o, "globalDefault", pc);
        export_copy(o, "description", pc);
        cJSON_AddItemToArray(out, o);
    }
    return out;
}
