/* import_net: a Service and an Ingress (networking.k8s.io/v1). A Service names the pods its
 * selector picks; an Ingress's host/path rules route to Services, so a rule's backend is
 * resolved through the Service's selector to the imported service. An nginx canary Ingress
 * (`nginx.ingress.kubernetes.io/canary: "true"`, its `canary-weight`) sends that share of
 * the requests of a host and path that another Ingress routes to its own backend: it becomes
 * the `canary` of that rule. */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"

static const cJSON *find_k8s_service(const import_t *im, const char *ns, const char *name) {
    for (const cJSON *o = im->objects->child; o; o = o->next)
        if (strcmp(import_kind(o), "Service") == 0 && strcmp(import_ns(o), ns) == 0 &&
            strcmp(import_name(o), name) == 0)
            return o;
    return NULL;
}

void import_k8s_service(import_t *im, const cJSON *obj) {
    const cJSON *spec = import_get(obj, "spec");
    const cJSON *sel = import_get(spec, "selector");
    if (!import_service_selected(im, import_ns(obj), sel, NULL))
        fprintf(im->log, "skipped: Service %s/%s selects no imported pods\n", import_ns(obj),
                import_name(obj));
    /* what `kubectl get -o yaml` fills in says nothing the model could use */
    const cJSON *aff = import_get(spec, "sessionAffinity");
    bool no_affinity = cJSON_IsString(aff) && strcmp(aff->valuestring, "None") == 0;
    import_unknown(im, obj, spec, "spec", (const char *const[]){"selector", NULL},
                   (const char *const[]){"ports", "type", "clusterIP", "clusterIPs", "ipFamilies",
                                         "ipFamilyPolicy", "internalTrafficPolicy",
                                         no_affinity ? "sessionAffinity" : "", NULL});
}

/* The imported service behind a backend's Service name, or NULL. */
static cJSON *backend_service(import_t *im, const cJSON *obj, const cJSON *backend) {
    const cJSON *n = import_get(import_get(backend, "service"), "name");
    if (!cJSON_IsString(n)) return NULL;
    const cJSON *ks = find_k8s_service(im, import_ns(obj), n->valuestring);
    if (ks)
        return import_service_selected(im, import_ns(obj),
                                       import_get(import_get(ks, "spec"), "selector"), NULL);
    /* no Service object given: a workload of that name */
    return import_service(im, import_ns(obj), n->valuestring, NULL);
}

/* A service by name, or namespace/name when the name is in several. */
static void add_service_ref(const import_t *im, cJSON *o, const char *key, const cJSON *svc) {
    const char *name = import_get(svc, "name")->valuestring;
    int same = 0;
    for (const cJSON *s = im->services->child; s; s = s->next)
        same += strcmp(import_get(s, "name")->valuestring, name) == 0;
    char ref[200];
    snprintf(ref, sizeof ref, "%s/%s", import_get(svc, "namespace")->valuestring, name);
    cJSON_AddStringToObject(o, key, same > 1 ? ref : name);
}

/* A rule with its host, path and pathType (Prefix, the scenario's default, is left out). */
static void add_rule(const import_t *im, cJSON *rules, const char *host, const char *path,
                     const char *path_type, const cJSON *svc) {
    cJSON *r = cJSON_CreateObject();
    if (host && *host) cJSON_AddStringToObject(r, "host", host);
    if (path && *path) cJSON_AddStringToObject(r, "path", path);
    if (path_type && strcmp(path_type, "Prefix") != 0)
        cJSON_AddStringToObject(r, "pathType", path_type);
    add_service_ref(im, r, "service", svc);
    cJSON_AddItemToArray(rules, r);
}

/* One path of an Ingress's rules, with the imported service its backend selects. */
typedef struct {
    const char *host, *path, *path_type; /* NULL when not given */
    cJSON *svc;
    char where[80]; /* spec.rules[i].http.paths[j], for messages */
} ing_path_t;

/* Calls fn for each path of the Ingress whose backend selects imported pods; the others are
 * named and dropped. */
static void each_path(import_t *im, const cJSON *obj,
                      void (*fn)(import_t *, const cJSON *, const ing_path_t *, void *),
                      void *ctx) {
    int i = 0;
    const cJSON *rs = import_get(import_get(obj, "spec"), "rules");
    for (const cJSON *r = rs ? rs->child : NULL; r; r = r->next, i++) {
        const cJSON *host = import_get(r, "host");
        const cJSON *paths = import_get(import_get(r, "http"), "paths");
        int j = 0;
        for (const cJSON *p = paths ? paths->child : NULL; p; p = p->next, j++) {
            const cJSON *path = import_get(p, "path"), *pt = import_get(p, "pathType");
            ing_path_t ip = {cJSON_IsString(host) ? host->valuestring : NULL,
                             cJSON_IsString(path) ? path->valuestring : NULL,
                             cJSON_IsString(pt) ? pt->valuestring : NULL,
                             backend_service(im, obj, import_get(p, "backend")),
                             {0}};
            snprintf(ip.where, sizeof ip.where, "spec.rules[%d].http.paths[%d]", i, j);
            if (ip.svc)
                fn(im, obj, &ip, ctx);
            else
                import_warn(im, obj, ip.where, "backend selects no imported pods: dropped");
        }
    }
}

static void rule_path(import_t *im, const cJSON *obj, const ing_path_t *ip, void *rules) {
    (void)obj;
    add_rule(im, rules, ip->host, ip->path, ip->path_type, ip->svc);
}

static bool is_canary(const cJSON *obj) {
    const cJSON *ann = import_get(import_get(obj, "metadata"), "annotations");
    const cJSON *canary = import_get(ann, IMPORT_NGINX_CANARY);
    return cJSON_IsString(canary) && strcmp(canary->valuestring, "true") == 0;
}

void import_ingress(import_t *im, const cJSON *obj) {
    const cJSON *ann = import_get(import_get(obj, "metadata"), "annotations");
    if (is_canary(obj)) return; /* import_canaries, once every rule is known */
    const cJSON *spec = import_get(obj, "spec");
    cJSON *ings = import_get(im->scenario, "ingresses");
    if (!ings) ings = cJSON_AddArrayToObject(im->scenario, "ingresses");
    char label[64];
    import_label(import_name(obj), label, sizeof label);
    /* Ingresses of one name in several namespaces are one scenario ingress */
    cJSON *ing = NULL;
    for (cJSON *i = ings->child; i; i = i->next)
        if (strcmp(import_get(i, "name")->valuestring, label) == 0) ing = i;
    if (!ing) {
        ing = cJSON_CreateObject();
        cJSON_AddStringToObject(ing, "name", label);
        cJSON_AddArrayToObject(ing, "rules");
        cJSON_AddItemToArray(ings, ing);
    }
    each_path(im, obj, rule_path, import_get(ing, "rules"));
    /* spec.defaultBackend: where requests no rule matches go (else 404) */
    const cJSON *def = import_get(spec, "defaultBackend");
    cJSON *svc = def ? backend_service(im, obj, def) : NULL;
    if (svc && !import_get(ing, "defaultBackend")) add_service_ref(im, ing, "defaultBackend", svc);
    /* an export's traffic entering at this Ingress (export_objects.c) */
    const cJSON *tr = import_get(ann, IMPORT_INGRESS_TRAFFIC);
    if (cJSON_IsString(tr) && !import_get(ing, "traffic")) {
        cJSON *t = cJSON_Parse(tr->valuestring);
        if (cJSON_IsObject(t)) {
            cJSON_AddItemToObject(ing, "traffic", t);
        } else {
            import_warn(im, obj, "metadata.annotations." IMPORT_INGRESS_TRAFFIC,
                        "not a JSON object: ignored");
            cJSON_Delete(t);
        }
    }
    import_unknown(im, obj, spec, "spec", (const char *const[]){"rules", "defaultBackend", NULL},
                   (const char *const[]){"ingressClassName", "tls", NULL});
}

/* The imported service a rule's `service` names (name, or namespace/name), and its index. */
static int service_index(const import_t *im, const char *ref) {
    int i = 0;
    for (const cJSON *s = im->services->child; s; s = s->next, i++) {
        const char *ns = import_get(s, "namespace")->valuestring;
        const char *name = import_get(s, "name")->valuestring;
        const char *slash = strchr(ref, '/');
        if (slash ? strncmp(ref, ns, (size_t)(slash - ref)) == 0 && ns[slash - ref] == '\0' &&
                        strcmp(slash + 1, name) == 0
                  : strcmp(ref, name) == 0)
            return i;
    }
    return -1;
}

/* The namespace/name of the first Ingress object imported as scenario ingress `label`. */
static void ingress_id(const import_t *im, const char *label, char *out, size_t n) {
    snprintf(out, n, "%s", label);
    for (const cJSON *o = im->objects->child; o; o = o->next) {
        char l[64];
        if (strcmp(import_kind(o), "Ingress") != 0) continue;
        import_label(import_name(o), l, sizeof l);
        if (strcmp(l, label) != 0) continue;
        snprintf(out, n, "%s/%s", import_ns(o), import_name(o));
        return;
    }
}

/* A request class that a rule takes: its own host (a wildcard's with a first label) and
 * path. */
static void add_class(cJSON *reqs, const cJSON *rule, double share) {
    cJSON *c = cJSON_CreateObject();
    const cJSON *host = import_get(rule, "host"), *path = import_get(rule, "path");
    if (cJSON_IsString(host)) {
        char h[300];
        bool wild = strncmp(host->valuestring, "*.", 2) == 0;
        snprintf(h, sizeof h, "%s%s", wild ? "www" : "", host->valuestring + (wild ? 1 : 0));
        cJSON_AddStringToObject(c, "host", h);
    }
    if (cJSON_IsString(path)) cJSON_AddStringToObject(c, "path", path->valuestring);
    cJSON_AddNumberToObject(c, "share", share);
    cJSON_AddItemToArray(reqs, c);
}

/* The weight of a canary Ingress in percent: canary-weight of canary-weight-total (100). */
static int canary_percent(import_t *im, const cJSON *obj) {
    const cJSON *ann = import_get(import_get(obj, "metadata"), "annotations");
    const cJSON *w = import_get(ann, IMPORT_NGINX_WEIGHT);
    const cJSON *t = import_get(ann, IMPORT_NGINX_WEIGHT_TOTAL);
    double weight = cJSON_IsString(w) ? atof(w->valuestring) : 0;
    double total = cJSON_IsString(t) ? atof(t->valuestring) : 100;
    if (!(total > 0)) total = 100;
    double pct = weight / total * 100;
    if (pct != (int)pct)
        import_warn(im, obj, "metadata.annotations." IMPORT_NGINX_WEIGHT,
                    "%g of %g is not a whole percent: rounded", weight, total);
    pct = pct < 0 ? 0 : pct > 100 ? 100 : pct;
    return (int)(pct + 0.5);
}

/* The scenario rule another Ingress has for this host and path, or NULL. */
static cJSON *primary_rule(const import_t *im, const char *host, const char *path) {
    const cJSON *ings = import_get(im->scenario, "ingresses");
    for (cJSON *ing = ings ? ings->child : NULL; ing; ing = ing->next)
        for (cJSON *r = import_get(ing, "rules")->child; r; r = r->next) {
            const cJSON *h = import_get(r, "host"), *p = import_get(r, "path");
            if (strcmp(cJSON_IsString(h) ? h->valuestring : "", host) == 0 &&
                strcmp(cJSON_IsString(p) ? p->valuestring : "", path) == 0)
                return r;
        }
    return NULL;
}

/* Each canary Ingress's paths become the `canary` of the rule of the same host and path
 * (ingress-nginx merges a canary into the main Ingress's location of that host and path;
 * what matches no such location is not served by the canary at all). */
static void canary_path(import_t *im, const cJSON *obj, const ing_path_t *ip, void *pct) {
    cJSON *rule = primary_rule(im, ip->host ? ip->host : "", ip->path ? ip->path : "");
    if (!rule || import_get(rule, "canary")) {
        import_warn(im, obj, ip->where, "%s: dropped",
                    !rule ? "no other Ingress has this host and path"
                          : "that host and path has a canary already");
        return;
    }
    cJSON *c = cJSON_AddObjectToObject(rule, "canary");
    add_service_ref(im, c, "service", ip->svc);
    cJSON_AddNumberToObject(c, "weight", *(int *)pct);
}

static void import_canaries(import_t *im) {
    for (const cJSON *obj = im->objects->child; obj; obj = obj->next) {
        if (strcmp(import_kind(obj), "Ingress") != 0 || !is_canary(obj)) continue;
        int pct = canary_percent(im, obj);
        each_path(im, obj, canary_path, &pct);
        const cJSON *ann = import_get(import_get(obj, "metadata"), "annotations");
        for (const cJSON *a = ann ? ann->child : NULL; a; a = a->next)
            if (strncmp(a->string, IMPORT_NGINX_CANARY "-by-", strlen(IMPORT_NGINX_CANARY) + 4) ==
                0)
                import_warn(im, obj, "metadata.annotations", "%s: not modelled (the weight is)",
                            a->string);
    }
}

/* Traffic enters where the manifests say it does: an Ingress with rules to imported services
 * gets the traffic (assumed, as a service's is) and the services it routes to get none of
 * their own, so the rules decide who gets what. An Ingress whose services came from an
 * export keeps what the export carried (their own traffic, or the Ingress's annotation). */
void import_ingress_traffic(import_t *im, bool *fed) {
    import_canaries(im);
    int index = 0;
    const cJSON *ings = import_get(im->scenario, "ingresses");
    for (cJSON *ing = ings ? ings->child : NULL; ing; ing = ing->next, index++) {
        const cJSON *rules = import_get(ing, "rules"), *def = import_get(ing, "defaultBackend");
        int n = cJSON_GetArraySize(rules), own = 0;
        bool hostless = false, skip = import_get(ing, "traffic") != NULL;
        for (const cJSON *r = rules->child; r; r = r->next) {
            int i = service_index(im, import_get(r, "service")->valuestring);
            skip |= i < 0 || im->exported[i];
            const cJSON *c = import_get(import_get(r, "canary"), "service");
            int ci = c ? service_index(im, c->valuestring) : 0;
            skip |= ci < 0 || (c && im->exported[ci]);
            hostless |= !import_get(r, "host");
        }
        if (def) { /* a class for the defaultBackend, when no host-less rule takes it */
            int i = service_index(im, def->valuestring);
            skip |= i < 0 || im->exported[i];
            own = !hostless;
        }
        if (skip || n + own == 0) continue;
        cJSON *t = cJSON_AddObjectToObject(ing, "traffic");
        cJSON_AddNumberToObject(t, "rps", 100);
        cJSON *reqs = cJSON_AddArrayToObject(t, "requests");
        for (const cJSON *r = rules->child; r; r = r->next) {
            add_class(reqs, r, 1.0 / (n + own));
            fed[service_index(im, import_get(r, "service")->valuestring)] = true;
            const cJSON *c = import_get(import_get(r, "canary"), "service");
            if (c) fed[service_index(im, c->valuestring)] = true;
        }
        if (own) {
            cJSON *c = cJSON_CreateObject();
            cJSON_AddNumberToObject(c, "share", 1.0 / (n + own));
            cJSON_AddItemToArray(reqs, c);
            fed[service_index(im, def->valuestring)] = true;
        }
        char id[300];
        ingress_id(im, import_get(ing, "name")->valuestring, id, sizeof id);
        import_assume(im,
                      "ingress %s traffic 100 req/s — no manifest says; set with --set "
                      "ingresses[%d].traffic.rps=...",
                      id, index);
        import_assume(im,
                      "ingress %s splits it equally over %d classes of host and path (one per "
                      "rule%s) — no manifest says; set with --set "
                      "ingresses[%d].traffic.requests[K].share=...",
                      id, n + own, own ? ", one for the defaultBackend" : "", index);
    }
}
