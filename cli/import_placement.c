/* import_placement: a pod spec's placement keys (nodeSelector, tolerations, affinity,
 * topologySpreadConstraints). The scenario names a group of pods by its service
 * (`matchLabels: {app: SERVICE}`), so a real label selector is resolved to the service whose
 * pod template it selects; one that selects no service here is dropped with a warning. */
#include <cjson/cJSON.h>
#include <string.h>

#include "import.h"

void import_placement(import_t *im, const cJSON *obj, const cJSON *ps, const char *path,
                      cJSON *svc);

static bool topology_ok(const cJSON *k) {
    return cJSON_IsString(k) && (strcmp(k->valuestring, "kubernetes.io/hostname") == 0 ||
                                 strcmp(k->valuestring, "topology.kubernetes.io/zone") == 0);
}

static void tolerations(import_t *im, const cJSON *obj, const cJSON *ts, const char *path,
                        cJSON *svc) {
    if (!cJSON_IsArray(ts)) return;
    static const char *const keys[] = {"key",    "operator",          "value",
                                       "effect", "tolerationSeconds", NULL};
    cJSON *out = cJSON_AddArrayToObject(svc, "tolerations");
    int i = 0;
    for (const cJSON *t = ts->child; t; t = t->next, i++) {
        cJSON *o = cJSON_CreateObject();
        for (int k = 0; keys[k]; k++) {
            const cJSON *v = import_get(t, keys[k]);
            if (v && !cJSON_IsNull(v)) cJSON_AddItemToObject(o, keys[k], cJSON_Duplicate(v, 1));
        }
        cJSON_AddItemToArray(out, o);
        char p[512];
        snprintf(p, sizeof p, "%.200s.tolerations[%d]", path, i);
        import_unknown(im, obj, t, p, keys, NULL);
    }
}

/* A pod (anti-)affinity term's selector as the scenario takes it; false to drop the term. */
static bool pod_term(import_t *im, const cJSON *obj, const cJSON *term, const char *path,
                     cJSON *out) {
    const cJSON *ml = import_get(import_get(term, "labelSelector"), "matchLabels");
    cJSON *target = import_service_selected(im, import_ns(obj), ml, NULL);
    if (!target || !topology_ok(import_get(term, "topologyKey"))) {
        import_warn(im, obj, path,
                    "not modelled (a selector of one imported service's pods, on hostname or "
                    "zone, is): dropped");
        return false;
    }
    cJSON *sel = cJSON_AddObjectToObject(out, "labelSelector");
    cJSON_AddItemToObject(cJSON_AddObjectToObject(sel, "matchLabels"), "app",
                          cJSON_Duplicate(import_get(target, "name"), 1));
    cJSON_AddItemToObject(out, "topologyKey", cJSON_Duplicate(import_get(term, "topologyKey"), 1));
    return true;
}

static void pod_affinity(import_t *im, const cJSON *obj, const cJSON *pa, const char *path,
                         cJSON *out) {
    const cJSON *req = import_get(pa, "requiredDuringSchedulingIgnoredDuringExecution");
    const cJSON *pref = import_get(pa, "preferredDuringSchedulingIgnoredDuringExecution");
    char p[512];
    int i = 0;
    if (cJSON_IsArray(req)) {
        cJSON *arr = cJSON_AddArrayToObject(out, "requiredDuringSchedulingIgnoredDuringExecution");
        for (const cJSON *t = req->child; t; t = t->next, i++) {
            snprintf(p, sizeof p, "%.200s.requiredDuringSchedulingIgnoredDuringExecution[%d]", path,
                     i);
            cJSON *o = cJSON_CreateObject();
            if (pod_term(im, obj, t, p, o))
                cJSON_AddItemToArray(arr, o);
            else
                cJSON_Delete(o);
        }
    }
    i = 0;
    if (cJSON_IsArray(pref)) {
        cJSON *arr = cJSON_AddArrayToObject(out, "preferredDuringSchedulingIgnoredDuringExecution");
        for (const cJSON *t = pref->child; t; t = t->next, i++) {
            snprintf(p, sizeof p, "%.200s.preferredDuringSchedulingIgnoredDuringExecution[%d]",
                     path, i);
            cJSON *o = cJSON_CreateObject();
            cJSON *term = cJSON_CreateObject();
            if (pod_term(im, obj, import_get(t, "podAffinityTerm"), p, term) &&
                import_copy_int(o, "weight", t, "weight")) {
                cJSON_AddItemToObject(o, "podAffinityTerm", term);
                cJSON_AddItemToArray(arr, o);
            } else {
                cJSON_Delete(term);
                cJSON_Delete(o);
            }
        }
    }
}

static void affinity(import_t *im, const cJSON *obj, const cJSON *a, const char *path, cJSON *svc) {
    if (!cJSON_IsObject(a)) return;
    cJSON *out = cJSON_AddObjectToObject(svc, "affinity");
    const cJSON *na = import_get(a, "nodeAffinity");
    if (na) cJSON_AddItemToObject(out, "nodeAffinity", cJSON_Duplicate(na, 1));
    static const char *const kinds[] = {"podAffinity", "podAntiAffinity", NULL};
    for (int k = 0; kinds[k]; k++) {
        const cJSON *pa = import_get(a, kinds[k]);
        if (!pa) continue;
        char p[512];
        snprintf(p, sizeof p, "%.200s.affinity.%s", path, kinds[k]);
        pod_affinity(im, obj, pa, p, cJSON_AddObjectToObject(out, kinds[k]));
    }
    char p[512];
    snprintf(p, sizeof p, "%.200s.affinity", path);
    import_unknown(im, obj, a, p,
                   (const char *const[]){"nodeAffinity", "podAffinity", "podAntiAffinity", NULL},
                   NULL);
}

static void spread(import_t *im, const cJSON *obj, const cJSON *ts, const char *path, cJSON *svc) {
    if (!cJSON_IsArray(ts)) return;
    cJSON *out = cJSON_AddArrayToObject(svc, "topologySpreadConstraints");
    int i = 0;
    for (const cJSON *t = ts->child; t; t = t->next, i++) {
        char p[512];
        snprintf(p, sizeof p, "%.200s.topologySpreadConstraints[%d]", path, i);
        if (!topology_ok(import_get(t, "topologyKey"))) {
            import_warn(im, obj, p, "topologyKey: only hostname and zone are modelled: dropped");
            continue;
        }
        cJSON *o = cJSON_CreateObject();
        import_copy_int(o, "maxSkew", t, "maxSkew");
        cJSON_AddItemToObject(o, "topologyKey", cJSON_Duplicate(import_get(t, "topologyKey"), 1));
        static const char *const strs[] = {"whenUnsatisfiable", "nodeAffinityPolicy",
                                           "nodeTaintsPolicy", NULL};
        for (int k = 0; strs[k]; k++) {
            const cJSON *v = import_get(t, strs[k]);
            if (cJSON_IsString(v)) cJSON_AddStringToObject(o, strs[k], v->valuestring);
        }
        import_copy_int(o, "minDomains", t, "minDomains");
        /* the model's constraint counts the service's own pods */
        cJSON *ml =
            cJSON_AddObjectToObject(cJSON_AddObjectToObject(o, "labelSelector"), "matchLabels");
        cJSON_AddItemToObject(ml, "app", cJSON_Duplicate(import_get(svc, "name"), 1));
        cJSON_AddItemToArray(out, o);
        import_unknown(im, obj, t, p,
                       (const char *const[]){"maxSkew", "topologyKey", "whenUnsatisfiable",
                                             "nodeAffinityPolicy", "nodeTaintsPolicy", "minDomains",
                                             "labelSelector", NULL},
                       NULL);
    }
}

void import_placement(import_t *im, const cJSON *obj, const cJSON *ps, const char *path,
                      cJSON *svc) {
    const cJSON *ns = import_get(ps, "nodeSelector");
    if (cJSON_IsObject(ns)) cJSON_AddItemToObject(svc, "nodeSelector", cJSON_Duplicate(ns, 1));
    tolerations(im, obj, import_get(ps, "tolerations"), path, svc);
    affinity(im, obj, import_get(ps, "affinity"), path, svc);
    spread(im, obj, import_get(ps, "topologySpreadConstraints"), path, svc);
}
