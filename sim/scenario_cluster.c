/* scenario_cluster: runtimes, node pools, ingresses, name lookups and the checks across
 * services. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

/* ---- the model's defaults -------------------------------------------------------------
 * Runtimes: the model's defaults, overridable per scenario under `runtimes`; README gives
 * the published measurement behind each number. */
#define CONTAINER_START (1 * SIM_SEC)         /* create + start of a container */
#define CONTAINER_MEMORY_OVERHEAD (8LL << 20) /* shim and runtime, per pod */
#define VM_BOOT_MEAN (40 * SIM_SEC)           /* boot of a guest OS */
#define VM_BOOT_SD (10 * SIM_SEC)
#define VM_MEMORY_OVERHEAD (512LL << 20) /* the guest OS of every VM */
#define VM_CPU_OVERHEAD 100              /* millicores: the hypervisor's share */
#define BARE_START (500 * SIM_MS)        /* a process starting */

/* Node provisioning. DESIGN gives container pools 90 s and vm pools 3 m; it gives none for
 * bare pools: reinstalling a physical server (PXE boot, OS install) takes far longer than a
 * cloud VM, and 10 m is our pick, not a measurement. */
#define PROVISION_CONTAINER (90 * SIM_SEC)
#define PROVISION_VM (180 * SIM_SEC)
#define PROVISION_BARE (600 * SIM_SEC)

const char *const action_names[ACTION_COUNT] = {
    "deploy",    "rollback",   "pause",    "resume",     "promote",    "abort",
    "scale",     "setTraffic", "failNode", "repairNode", "cordonNode", "uncordonNode",
    "drainNode", "addNode",    "killPod",  "restart",    "failZone",   "repairZone",
    "taint",     "untaint",    "retry",    "patch"};

const char *const taint_effect_names[3] = {"NoSchedule", "PreferNoSchedule", "NoExecute"};

const char *const RUNTIME_NAMES[] = {"container", "vm", "bare", NULL};

const char *runtime_name(runtime_kind_t r) {
    return r >= 0 && r < RUNTIME_COUNT ? RUNTIME_NAMES[r] : "?";
}

runtime_spec_t runtime_default(runtime_kind_t r) {
    runtime_spec_t s = {dist_constant(CONTAINER_START), CONTAINER_MEMORY_OVERHEAD, 0, 0};
    if (r == RUNTIME_VM) {
        s.start = (dist_t){DIST_LOGNORMAL, (double)VM_BOOT_MEAN, (double)VM_BOOT_SD, 0, 0, 0};
        s.memory_overhead = VM_MEMORY_OVERHEAD;
        s.cpu_overhead = VM_CPU_OVERHEAD;
    } else if (r == RUNTIME_BARE) {
        s.start = dist_constant(BARE_START);
        s.memory_overhead = 0;
    }
    return s; /* price 0: the pool's pricePerHour is used */
}

/* ---- name lookups -------------------------------------------------------------------- */

/* A service by "name" (unique across namespaces) or "namespace/name"; -1 with an error. */
int ld_resolve_service(ld_t *ld, const char *path, const char *key, const char *ref) {
    const scenario_t *sc = ld->sc;
    const char *slash = strchr(ref, '/');
    int found = -1, matches = 0;
    for (int i = 0; i < sc->service_count; i++) {
        const service_spec_t *s = &sc->services[i];
        if (!s->name || !s->namespace_) continue;
        if (slash ? (strlen(s->namespace_) == (size_t)(slash - ref) &&
                     !strncmp(s->namespace_, ref, (size_t)(slash - ref)) &&
                     !strcmp(s->name, slash + 1))
                  : !strcmp(s->name, ref)) {
            if (found < 0) found = i;
            matches++;
        }
    }
    if (matches == 1) return found;
    if (matches > 1) {
        ld_err_at(ld, path, key,
                  "ambiguous service \"%s\": %d namespaces have one (write \"%s/%s\")", ref,
                  matches, sc->services[found].namespace_, ref);
        return -1;
    }
    const char **names = ld_collect_names(sc->services, sc->service_count, sizeof(service_spec_t),
                                          offsetof(service_spec_t, name));
    ld_err_unknown(ld, path, key, "service", "services", ref, names, sc->service_count);
    free(names);
    return -1;
}

/* A string member naming a service: its index, or -1. */
int ld_get_service_ref(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    const char *ref;
    if (!ld_get_string(ld, o, path, key, &ref, true)) return -1;
    return ld_resolve_service(ld, path, key, ref);
}

int ld_get_pool_ref(ld_t *ld, const cJSON *o, const char *path, const char *key) {
    const char *ref;
    if (!ld_get_string(ld, o, path, key, &ref, true)) return -1;
    const scenario_t *sc = ld->sc;
    for (int i = 0; i < sc->pool_count; i++)
        if (sc->pools[i].name && !strcmp(sc->pools[i].name, ref)) return i;
    const char **names = ld_collect_names(sc->pools, sc->pool_count, sizeof(pool_spec_t),
                                          offsetof(pool_spec_t, name));
    ld_err_unknown(ld, path, key, "node pool", "node pools", ref, names, sc->pool_count);
    free(names);
    return -1;
}

/* Reports the second and later uses of a name (`what` "service" etc.); `scope` optionally
 * narrows uniqueness to a namespace. */
static void check_unique(ld_t *ld, const char *array_path, const void *base, int n, size_t stride,
                         size_t name_off, ptrdiff_t scope_off, const char *what) {
    for (int i = 0; i < n; i++) {
        const char *ni = *(char *const *)((const char *)base + (size_t)i * stride + name_off);
        const char *si =
            scope_off < 0
                ? NULL
                : *(char *const *)((const char *)base + (size_t)i * stride + (size_t)scope_off);
        for (int j = 0; ni && j < i; j++) {
            const char *nj = *(char *const *)((const char *)base + (size_t)j * stride + name_off);
            const char *sj =
                scope_off < 0
                    ? NULL
                    : *(char *const *)((const char *)base + (size_t)j * stride + (size_t)scope_off);
            if (!nj || strcmp(ni, nj) || (si && sj && strcmp(si, sj))) continue;
            path_t p = ld_pidx(array_path, i);
            if (si)
                ld_err_at(ld, p.s, "name", "duplicate %s \"%s\" in namespace \"%s\" (also %s[%d])",
                          what, ni, si, array_path, j);
            else
                ld_err_at(ld, p.s, "name", "duplicate %s \"%s\" (also %s[%d])", what, ni,
                          array_path, j);
            break;
        }
    }
}

/* ---- cluster ------------------------------------------------------------------------- */

void ld_load_runtimes(ld_t *ld, const cJSON *root) {
    for (int r = 0; r < RUNTIME_COUNT; r++)
        ld->sc->runtimes[r] = runtime_default(r);
    const cJSON *rts = ld_member(root, "runtimes");
    if (!rts || !ld_check_object(ld, rts, "runtimes", RUNTIME_NAMES)) return;
    for (int r = 0; r < RUNTIME_COUNT; r++) {
        const cJSON *o = ld_member(rts, RUNTIME_NAMES[r]);
        path_t p = ld_pkey("runtimes", RUNTIME_NAMES[r]);
        runtime_spec_t *spec = &ld->sc->runtimes[r];
        if (!o || !ld_check_object(ld, o, p.s,
                                   KEYS("start", "memoryOverhead", "cpuOverhead", "pricePerHour")))
            continue;
        ld_get_dist(ld, o, p.s, "start", &spec->start, false);
        ld_get_quantity(ld, o, p.s, "memoryOverhead", Q_BYTES, SCN_MAX_BYTES,
                        &spec->memory_overhead);
        ld_get_quantity(ld, o, p.s, "cpuOverhead", Q_CPU, SCN_MAX_CPU, &spec->cpu_overhead);
        ld_get_number(ld, o, p.s, "pricePerHour", &spec->price_per_hour, R_PRICE);
    }
}

/* capacityType and spot: {interruptionMtbf, interruptions: [{at}], notice}. */
static void load_spot(ld_t *ld, const cJSON *o, const char *path, pool_spec_t *p) {
    p->spot_notice = 120 * SIM_SEC;
    int ct = ld_get_enum(ld, o, path, "capacityType", KEYS("on-demand", "spot"), "capacity type");
    p->spot = ct == 1;
    const cJSON *sp = ld_member(o, "spot");
    path_t ps = ld_pkey(path, "spot");
    if (!sp || !ld_check_object(ld, sp, ps.s, KEYS("interruptionMtbf", "interruptions", "notice")))
        return;
    if (!p->spot)
        ld_err_at(ld, path, "spot",
                  "only with capacityType \"spot\" (on-demand nodes are not "
                  "interrupted)");
    p->spot_random = ld_get_dist(ld, sp, ps.s, "interruptionMtbf", &p->spot_mtbf, true);
    ld_get_duration(ld, sp, ps.s, "notice", &p->spot_notice, false);
    const cJSON *a = ld_get_array(ld, sp, ps.s, "interruptions");
    int n = a ? cJSON_GetArraySize(a) : 0;
    if (n == 0) return;
    p->spot_at = ld_calloc(ld, (size_t)n, sizeof *p->spot_at);
    for (int i = 0; p->spot_at && i < n; i++) {
        path_t pi = ld_pidx(ld_pkey(ps.s, "interruptions").s, i);
        const cJSON *it = cJSON_GetArrayItem(a, i);
        if (!ld_check_object(ld, it, pi.s, KEYS("at")) || !ld_require(ld, it, pi.s, "at")) continue;
        if (ld_get_duration(ld, it, pi.s, "at", &p->spot_at[p->spot_at_count], false))
            p->spot_at_count++;
    }
    ld_sort_by_at(p->spot_at, p->spot_at_count, sizeof *p->spot_at, 0);
}

static void load_pool(ld_t *ld, const cJSON *o, const char *path, pool_spec_t *p) {
    p->count = 1;
    p->cpu = 4000;
    p->memory = 16LL << 30;
    p->runtime = RUNTIME_CONTAINER;
    p->pull_bandwidth = (double)(100LL << 20);
    p->scale_down_utilization_threshold = 0.5;
    p->scale_down_unneeded_time = 600 * SIM_SEC;
    if (!ld_check_object(ld, o, path,
                         KEYS("name", "count", "cpu", "memory", "runtime", "pricePerHour",
                              "pullBandwidth", "repair", "provisioningTime", "autoscaling", "zone",
                              "zones", "labels", "taints", "instanceType", "capacityType", "spot")))
        return;
    ld_load_pool_placement(ld, o, path, p);
    ld_require(ld, o, path, "name");
    if (ld_get_strdup(ld, o, path, "name", &p->name, true))
        ld_check_label(ld, path, "name", "node pool name", p->name);
    ld_get_int(ld, o, path, "count", &p->count, 0, SCN_MAX_NODES);
    if (ld_get_quantity(ld, o, path, "cpu", Q_CPU, SCN_MAX_CPU, &p->cpu) && p->cpu == 0)
        ld_err_at(ld, path, "cpu", "must be greater than 0");
    if (ld_get_quantity(ld, o, path, "memory", Q_BYTES, SCN_MAX_BYTES, &p->memory) &&
        p->memory == 0)
        ld_err_at(ld, path, "memory", "must be greater than 0");
    int rt = ld_get_enum(ld, o, path, "runtime", RUNTIME_NAMES, "runtime");
    if (rt >= 0) p->runtime = (runtime_kind_t)rt;
    p->price_per_hour = ld->sc->runtimes[p->runtime].price_per_hour;
    ld_get_number(ld, o, path, "pricePerHour", &p->price_per_hour, R_PRICE);
    int64_t bw;
    if (ld_get_quantity(ld, o, path, "pullBandwidth", Q_RATE, (int64_t)SCN_MAX_BANDWIDTH, &bw)) {
        if ((double)bw < SCN_MIN_BANDWIDTH)
            ld_err_at(ld, path, "pullBandwidth",
                      "%lld bytes per second is too small (the range is 1Ki to 1Pi per second)",
                      (long long)bw);
        else
            p->pull_bandwidth = (double)bw;
    }
    int rep = ld_get_enum(ld, o, path, "repair", KEYS("manual", "auto"), "repair mode");
    p->repair_auto = rep == 1;
    p->provisioning_time = dist_constant(p->runtime == RUNTIME_VM     ? PROVISION_VM
                                         : p->runtime == RUNTIME_BARE ? PROVISION_BARE
                                                                      : PROVISION_CONTAINER);
    ld_get_dist(ld, o, path, "provisioningTime", &p->provisioning_time, false);
    load_spot(ld, o, path, p);
    const cJSON *as = ld_member(o, "autoscaling");
    path_t pa = ld_pkey(path, "autoscaling");
    if (!as || !ld_check_object(
                   ld, as, pa.s,
                   KEYS("min", "max", "scaleDownUtilizationThreshold", "scaleDownUnneededTime")))
        return;
    /* min defaults to the declared count: the autoscaler never removes what the file asks
     * for unless told it may */
    p->autoscaling = true;
    p->autoscaling_min = p->count;
    ld_get_int(ld, as, pa.s, "min", &p->autoscaling_min, 0, SCN_MAX_NODES);
    if (ld_require(ld, as, pa.s, "max") &&
        ld_get_int(ld, as, pa.s, "max", &p->autoscaling_max, 0, SCN_MAX_NODES)) {
        if (p->autoscaling_max < p->autoscaling_min)
            ld_err_at(ld, pa.s, "max", "must be greater than or equal to min (%d)",
                      p->autoscaling_min);
        else if (p->count < p->autoscaling_min || p->count > p->autoscaling_max)
            ld_err_at(ld, path, "count", "must be between autoscaling.min (%d) and max (%d)",
                      p->autoscaling_min, p->autoscaling_max);
    }
    ld_get_number(ld, as, pa.s, "scaleDownUtilizationThreshold",
                  &p->scale_down_utilization_threshold, R_FRACTION);
    ld_get_duration(ld, as, pa.s, "scaleDownUnneededTime", &p->scale_down_unneeded_time, false);
}

/* cluster.autoscaler: the cluster autoscaler's --expander, and for `priority` the
 * `priorities` of its cluster-autoscaler-priority-expander ConfigMap (expander/priority:
 * priority -> regexps of node-group names), written as {"50": ["spot"], "10": [".*"]}. */
static void load_ca_expander(ld_t *ld, const cJSON *o, const char *path) {
    scenario_t *sc = ld->sc;
    if (!o || !ld_check_object(ld, o, path, KEYS("expander", "priorities"))) return;
    int e = ld_get_enum(ld, o, path, "expander", KEYS("random", "priority"), "expander");
    if (e >= 0) sc->ca_expander = e == 1 ? CA_EXPANDER_PRIORITY : CA_EXPANDER_RANDOM;
    const cJSON *pr = ld_member(o, "priorities");
    if (!pr) {
        if (sc->ca_expander == CA_EXPANDER_PRIORITY)
            ld_err_at(ld, path, "priorities",
                      "the priority expander needs priorities ({\"PRIORITY\": [\"NODE-GROUP "
                      "REGEXP\", ...]})");
        return;
    }
    path_t pp = ld_pkey(path, "priorities");
    if (sc->ca_expander != CA_EXPANDER_PRIORITY) {
        ld_err_at(ld, path, "priorities", "only read with \"expander\": \"priority\"");
        return;
    }
    if (!ld_check_object(ld, pr, pp.s, NULL)) return;
    int n = 0;
    for (const cJSON *c = pr->child; c; c = c->next)
        n += cJSON_IsArray(c) ? cJSON_GetArraySize(c) : 0;
    sc->ca_priorities = ld_calloc(ld, (size_t)n + 1, sizeof *sc->ca_priorities);
    if (!sc->ca_priorities) return;
    for (const cJSON *c = pr->child; c; c = c->next) {
        char *end = NULL;
        long v = strtol(c->string, &end, 10);
        if (!c->string[0] || *end || v < -1000000000L || v > 1000000000L) {
            ld_err_at(ld, pp.s, c->string, "a priority is an integer (got \"%s\")", c->string);
            continue;
        }
        path_t p = ld_pkey(pp.s, c->string);
        if (!cJSON_IsArray(c) || !c->child) {
            ld_err_at(ld, pp.s, c->string, "a non-empty list of node-group name regexps");
            continue;
        }
        int i = 0;
        for (const cJSON *r = c->child; r; r = r->next, i++) {
            path_t ri = ld_pidx(p.s, i);
            regex_t re;
            if (!cJSON_IsString(r) || !r->valuestring[0] ||
                regcomp(&re, r->valuestring, REG_EXTENDED | REG_NOSUB) != 0) {
                ld_err_at(ld, ri.s, NULL, "not a regular expression (POSIX extended)");
                continue;
            }
            regfree(&re);
            struct ca_priority *e2 = &sc->ca_priorities[sc->ca_priority_count++];
            e2->priority = (int)v;
            e2->regex = ld_strdup(ld, r->valuestring);
        }
    }
}

void ld_load_cluster(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    sc->node_monitor_grace_period = 50 * SIM_SEC;
    sc->toleration_seconds = 300 * SIM_SEC;
    sc->hpa_sync_period = 15 * SIM_SEC;
    sc->endpoint_propagation_delay = 0;
    const cJSON *c = ld_member(root, "cluster");
    if (c && !ld_check_object(ld, c, "cluster",
                              KEYS("nodePools", "nodeMonitorGracePeriod", "tolerationSeconds",
                                   "hpaSyncPeriod", "endpointPropagationDelay", "autoscaler")))
        return;
    load_ca_expander(ld, ld_member(c, "autoscaler"), "cluster.autoscaler");
    ld_get_duration(ld, c, "cluster", "nodeMonitorGracePeriod", &sc->node_monitor_grace_period,
                    true);
    ld_get_duration(ld, c, "cluster", "tolerationSeconds", &sc->toleration_seconds, false);
    ld_get_duration(ld, c, "cluster", "hpaSyncPeriod", &sc->hpa_sync_period, true);
    ld_get_duration(ld, c, "cluster", "endpointPropagationDelay", &sc->endpoint_propagation_delay,
                    false);
    if (!ld_require(ld, c, "cluster", "nodePools")) return;
    const cJSON *pools = ld_get_array(ld, c, "cluster", "nodePools");
    if (pools && !pools->child)
        ld_err_at(ld, "cluster", "nodePools", "needs at least one node pool");
    sc->pools = ld_array_items(ld, pools, sizeof *sc->pools, &sc->pool_count);
    if (!sc->pools) return;
    int i = 0;
    for (const cJSON *p = pools->child; p; p = p->next, i++)
        load_pool(ld, p, ld_pidx("cluster.nodePools", i).s, &sc->pools[i]);
    check_unique(ld, "cluster.nodePools", sc->pools, sc->pool_count, sizeof *sc->pools,
                 offsetof(pool_spec_t, name), -1, "node pool");
}

/* ---- ingresses ----------------------------------------------------------------------- */

void ld_load_ingresses(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *arr = ld_get_array(ld, root, "", "ingresses");
    sc->ingresses = ld_array_items(ld, arr, sizeof *sc->ingresses, &sc->ingress_count);
    if (!sc->ingresses) return;
    int i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++) {
        path_t path = ld_pidx("ingresses", i);
        ingress_spec_t *ing = &sc->ingresses[i];
        ing->default_backend = -1;
        if (!ld_check_object(ld, o, path.s, KEYS("name", "rules", "defaultBackend", "traffic")))
            continue;
        ld_require(ld, o, path.s, "name");
        ld_get_strdup(ld, o, path.s, "name", &ing->name, true);
        const cJSON *rules = ld_get_array(ld, o, path.s, "rules");
        ing->rules = ld_array_items(ld, rules, sizeof *ing->rules, &ing->rule_count);
        if (!ing->rules) continue;
        path_t pr = ld_pkey(path.s, "rules");
        int k = 0;
        for (const cJSON *r = rules->child; r; r = r->next, k++) {
            path_t p = ld_pidx(pr.s, k);
            ingress_rule_t *rule = &ing->rules[k];
            rule->host = ld_strdup(ld, "");
            rule->path = ld_strdup(ld, "/");
            rule->service = -1;
            rule->canary_service = -1;
            if (!ld_check_object(ld, r, p.s, KEYS("host", "path", "pathType", "service", "canary")))
                continue;
            ld_load_ingress_canary(ld, r, p.s, rule);
            ld_get_strdup(ld, r, p.s, "host", &rule->host, false);
            int pt = ld_get_enum(ld, r, p.s, "pathType",
                                 KEYS("Prefix", "Exact", "ImplementationSpecific"), "path type");
            rule->exact = pt == 1;
            if (ld_get_strdup(ld, r, p.s, "path", &rule->path, true) && rule->path[0] != '/')
                ld_err_at(ld, p.s, "path", "must start with \"/\" (got \"%s\")", rule->path);
            if (ld_require(ld, r, p.s, "service"))
                rule->service = ld_get_service_ref(ld, r, p.s, "service");
            if (rule->service >= 0 && sc->services[rule->service].ingress < 0)
                sc->services[rule->service].ingress = i;
            if (rule->canary_service >= 0 && sc->services[rule->canary_service].ingress < 0)
                sc->services[rule->canary_service].ingress = i;
        }
    }
    i = 0;
    for (const cJSON *o = arr->child; o; o = o->next, i++)
        ld_load_ingress_routing(ld, o, ld_pidx("ingresses", i).s, i);
    check_unique(ld, "ingresses", sc->ingresses, sc->ingress_count, sizeof *sc->ingresses,
                 offsetof(ingress_spec_t, name), -1, "ingress");
}

/* Cross-references that need every service, pool and ingress loaded. */
void ld_check_services(ld_t *ld) {
    scenario_t *sc = ld->sc;
    for (int i = 0; i < sc->service_count; i++) {
        service_spec_t *s = &sc->services[i];
        path_t path = ld_pidx("services", i);
        bool provided = false;
        for (int k = 0; k < sc->pool_count; k++)
            provided |= sc->pools[k].runtime == s->runtime;
        if (!provided && sc->pool_count > 0) {
            char list[512] = "";
            size_t o = 0;
            for (int k = 0; k < sc->pool_count && o < sizeof list; k++) {
                int w = snprintf(list + o, sizeof list - o, "%s%s (%s)", k ? ", " : "",
                                 sc->pools[k].name ? sc->pools[k].name : "?",
                                 runtime_name(sc->pools[k].runtime));
                if (w > 0) o += (size_t)w;
            }
            ld_err_at(ld, path.s, "runtime", "no node pool provides runtime \"%s\" (pools: %s)",
                      runtime_name(s->runtime), list);
        }
        const cJSON *ref = ld->routing[i];
        if (!ref) continue;
        path_t rp = ld_pkey(path.s, "strategy.canary.trafficRouting");
        int found = -1;
        for (int k = 0; k < sc->ingress_count && found < 0; k++)
            if (sc->ingresses[k].name && !strcmp(sc->ingresses[k].name, ref->valuestring))
                found = k;
        if (found < 0) {
            const char **names =
                ld_collect_names(sc->ingresses, sc->ingress_count, sizeof(ingress_spec_t),
                                 offsetof(ingress_spec_t, name));
            ld_err_unknown(ld, rp.s, "ingress", "ingress", "ingresses", ref->valuestring, names,
                           sc->ingress_count);
            free(names);
            continue;
        }
        bool routes = false;
        for (int r = 0; r < sc->ingresses[found].rule_count; r++)
            routes |= sc->ingresses[found].rules[r].service == i;
        if (!routes)
            ld_err_at(ld, rp.s, "ingress", "ingress \"%s\" has no rule for service \"%s\"",
                      ref->valuestring, s->name ? s->name : "?");
        s->strategy.traffic_router_ingress = found;
    }
    check_unique(ld, "services", sc->services, sc->service_count, sizeof *sc->services,
                 offsetof(service_spec_t, name), (ptrdiff_t)offsetof(service_spec_t, namespace_),
                 "service");
}
