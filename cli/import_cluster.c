/* import_cluster: Node objects into node pools, one per (instance type, zone) pair, each
 * node's capacity its status.allocatable (what the scheduler fits pods into); taints of the
 * pool's first node. Without nodes the cluster is assumed: 4-CPU, 16Gi nodes, as many as
 * hold every pod's requests at 2/3 utilization, at least 3. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "quantity.h"

static const char *label_of(const cJSON *node, const char *key) {
    const cJSON *v = import_get(import_get(import_get(node, "metadata"), "labels"), key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static cJSON *pool_for(cJSON *pools, const char *name) {
    for (cJSON *p = pools->child; p; p = p->next)
        if (strcmp(import_get(p, "name")->valuestring, name) == 0) return p;
    return NULL;
}

static void new_pool(import_t *im, cJSON *pools, const cJSON *node, const char *name,
                     const char *type, const char *zone) {
    cJSON *p = cJSON_CreateObject();
    cJSON_AddStringToObject(p, "name", name);
    cJSON_AddNumberToObject(p, "count", 0);
    const cJSON *alloc = import_get(import_get(node, "status"), "allocatable");
    static const char *const res[] = {"cpu", "memory", NULL};
    for (int i = 0; res[i]; i++) {
        const cJSON *v = import_get(alloc, res[i]);
        if (v && (cJSON_IsString(v) || cJSON_IsNumber(v)))
            cJSON_AddItemToObject(p, res[i], cJSON_Duplicate(v, 1));
        else
            import_warn(im, node, "status.allocatable", "no %s: the pool's default", res[i]);
    }
    if (zone) cJSON_AddStringToObject(p, "zone", zone);
    if (type) cJSON_AddStringToObject(p, "instanceType", type);
    const cJSON *taints = import_get(import_get(node, "spec"), "taints");
    if (cJSON_IsArray(taints) && taints->child) {
        cJSON *out = cJSON_AddArrayToObject(p, "taints");
        for (const cJSON *t = taints->child; t; t = t->next) {
            cJSON *o = cJSON_CreateObject();
            static const char *const keys[] = {"key", "value", "effect", NULL};
            for (int k = 0; keys[k]; k++) {
                const cJSON *v = import_get(t, keys[k]);
                if (cJSON_IsString(v)) cJSON_AddStringToObject(o, keys[k], v->valuestring);
            }
            cJSON_AddItemToArray(out, o);
        }
    }
    cJSON_AddItemToArray(pools, p);
}

static int node_pools(import_t *im, cJSON *pools) {
    int nodes = 0;
    for (const cJSON *o = im->objects->child; o; o = o->next) {
        if (strcmp(import_kind(o), "Node") != 0) continue;
        nodes++;
        const char *type = label_of(o, "node.kubernetes.io/instance-type");
        const char *zone = label_of(o, "topology.kubernetes.io/zone");
        char raw[200], name[64];
        snprintf(raw, sizeof raw, "%s%s%s", type ? type : "nodes", zone ? "-" : "",
                 zone ? zone : "");
        import_label(raw, name, sizeof name);
        cJSON *p = pool_for(pools, name);
        if (!p) {
            new_pool(im, pools, o, name, type, zone);
            p = pool_for(pools, name);
        }
        cJSON_SetNumberValue(import_get(p, "count"), import_get(p, "count")->valuedouble + 1);
    }
    return nodes;
}

/* Σ replicas × requests (the scenario's defaults, 100m and 128Mi, where none is given). */
static void total_requests(const import_t *im, double *cpu_m, double *mem) {
    *cpu_m = 0;
    *mem = 0;
    for (const cJSON *s = im->services->child; s; s = s->next) {
        const cJSON *rep = import_get(s, "replicas");
        double n = cJSON_IsNumber(rep) ? rep->valuedouble : 1;
        const cJSON *r = import_get(s, "resources");
        const cJSON *c = import_get(r, "cpu"), *m = import_get(r, "memory");
        int64_t cm = 100, mb = 128LL << 20;
        char err[100];
        if (cJSON_IsString(c)) quantity_parse_cpu(c->valuestring, &cm, err, sizeof err);
        if (cJSON_IsString(m)) quantity_parse_bytes(m->valuestring, &mb, err, sizeof err);
        *cpu_m += n * (double)cm;
        *mem += n * (double)mb;
    }
}

/* The runtimes the services ask for ("container" when none says), in first-seen order. */
static int runtimes(const import_t *im, const char *out[3]) {
    int n = 0;
    for (const cJSON *s = im->services->child; s; s = s->next) {
        const cJSON *r = import_get(s, "runtime");
        const char *rt = cJSON_IsString(r) ? r->valuestring : "container";
        bool seen = false;
        for (int i = 0; i < n; i++)
            seen |= strcmp(out[i], rt) == 0;
        if (!seen && n < 3) out[n++] = rt;
    }
    return n;
}

void import_cluster(import_t *im) {
    cJSON *cluster = cJSON_AddObjectToObject(im->scenario, "cluster");
    cJSON *pools = cJSON_AddArrayToObject(cluster, "nodePools");
    if (node_pools(im, pools) > 0) return;
    double cpu_m, mem;
    total_requests(im, &cpu_m, &mem);
    double need = fmax(cpu_m / (4000.0 * 2 / 3), mem / (16.0 * (1 << 30) * 2 / 3));
    int count = (int)fmax(3, ceil(need));
    const char *rts[3];
    int nrt = runtimes(im, rts);
    for (int i = 0; i < nrt; i++) {
        cJSON *p = cJSON_CreateObject();
        char name[40];
        snprintf(name, sizeof name, "%s%s", strcmp(rts[i], "container") ? "nodes-" : "nodes",
                 strcmp(rts[i], "container") ? rts[i] : "");
        cJSON_AddStringToObject(p, "name", name);
        cJSON_AddNumberToObject(p, "count", count);
        cJSON_AddStringToObject(p, "cpu", "4");
        cJSON_AddStringToObject(p, "memory", "16Gi");
        if (strcmp(rts[i], "container")) cJSON_AddStringToObject(p, "runtime", rts[i]);
        cJSON_AddItemToArray(pools, p);
    }
    import_assume(im,
                  "cluster of %d nodes of 4 CPU and 16Gi%s (the pods' requests at 2/3 "
                  "utilization, at least 3) — no Node given; set with --set "
                  "cluster.nodePools[0].count=... or import `kubectl get nodes -o yaml`",
                  count, nrt > 1 ? " per runtime" : "");
}
