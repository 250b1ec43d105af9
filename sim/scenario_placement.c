/* scenario_placement: node labels and taints on pools, and what a pod asks of its node
 * (nodeSelector, affinity, tolerations, topology spread, pod (anti-)affinity). */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

/* ---- placement: node labels and taints, what a pod asks of its node ------------------- */

/* The zone's index in sc->zones, added on first sight; -1 when out of memory. */
static int zone_index(ld_t *ld, const char *name) {
    scenario_t *sc = ld->sc;
    for (int i = 0; i < sc->zone_count; i++)
        if (!strcmp(sc->zones[i], name)) return i;
    char **n = realloc(sc->zones, sizeof *n * (size_t)(sc->zone_count + 1));
    if (!n) {
        ld_err_at(ld, "", NULL, "out of memory"); /* else the pool loads without its zone */
        return -1;
    }
    sc->zones = n;
    char *dup = ld_strdup(ld, name);
    if (!dup) return -1;
    sc->zones[sc->zone_count] = dup;
    return sc->zone_count++;
}

/* A map of label keys to string values ({"disktype": "ssd"}). */
static void load_labels(ld_t *ld, const cJSON *o, const char *path, const char *key, label_t **out,
                        int *count) {
    const cJSON *m = ld_member(o, key);
    if (!m) return;
    path_t p = ld_pkey(path, key);
    if (!ld_check_object(ld, m, p.s, NULL)) return;
    *out = ld_array_items(ld, m, sizeof **out, count);
    int i = 0;
    for (const cJSON *c = m->child; c && *out; c = c->next, i++) {
        if (!c->string[0]) ld_err_at(ld, p.s, NULL, "a label key must not be empty");
        if (!strcmp(c->string, LABEL_ZONE) || !strcmp(c->string, LABEL_HOSTNAME) ||
            !strcmp(c->string, LABEL_INSTANCE_TYPE))
            if (!strcmp(key, "labels"))
                ld_err_at(ld, p.s, c->string,
                          "set by the pool's zone, the node's name or "
                          "instanceType, not as a label");
        (*out)[i].key = ld_strdup(ld, c->string);
        ld_get_strdup(ld, m, p.s, c->string, &(*out)[i].value, false);
    }
}

static void load_taint(ld_t *ld, const cJSON *o, const char *path, taint_spec_t *t) {
    if (!ld_check_object(ld, o, path, KEYS("key", "value", "effect"))) return;
    ld_require(ld, o, path, "key");
    ld_require(ld, o, path, "effect");
    ld_get_strdup(ld, o, path, "key", &t->key, true);
    t->value = ld_strdup(ld, "");
    ld_get_strdup(ld, o, path, "value", &t->value, false);
    int e = ld_get_enum_n(ld, o, path, "effect", taint_effect_names, 3, "taint effect");
    if (e >= 0) t->effect = (taint_effect_t)e;
}

void ld_load_pool_placement(ld_t *ld, const cJSON *o, const char *path, pool_spec_t *p) {
    const char *zone;
    if (ld_member(o, "zone") && ld_member(o, "zones"))
        ld_err_at(ld, path, "zones", "give zone or zones, not both");
    if (ld_get_string(ld, o, path, "zone", &zone, true)) {
        p->zones = ld_calloc(ld, 1, sizeof *p->zones);
        if (p->zones) p->zones[0] = zone_index(ld, zone), p->zone_count = 1;
    }
    const cJSON *zs = ld_get_array(ld, o, path, "zones");
    if (zs && !ld_member(o, "zone")) {
        path_t pz = ld_pkey(path, "zones");
        if (!zs->child) ld_err_at(ld, path, "zones", "must not be empty");
        p->zones = ld_array_items(ld, zs, sizeof *p->zones, &p->zone_count);
        int i = 0;
        for (const cJSON *c = zs->child; c && p->zones; c = c->next, i++) {
            if (!cJSON_IsString(c) || !c->valuestring[0]) {
                ld_err_type(ld, ld_pidx(pz.s, i).s, NULL, "a zone name", c);
                continue;
            }
            p->zones[i] = zone_index(ld, c->valuestring);
        }
    }
    load_labels(ld, o, path, "labels", &p->labels, &p->label_count);
    const cJSON *ts = ld_get_array(ld, o, path, "taints");
    p->taints = ld_array_items(ld, ts, sizeof *p->taints, &p->taint_count);
    int i = 0;
    for (const cJSON *c = ts ? ts->child : NULL; c && p->taints; c = c->next, i++)
        load_taint(ld, c, ld_pidx(ld_pkey(path, "taints").s, i).s, &p->taints[i]);
    ld_get_strdup(ld, o, path, "instanceType", &p->instance_type, true);
}

static const char *const SELECTOR_OPS[] = {"In", "NotIn", "Exists", "DoesNotExist",
                                           "Gt", "Lt",    NULL};

/* A nodeSelectorTerm; k8s: validation.ValidateNodeSelectorRequirement (values for In/NotIn,
 * none for Exists/DoesNotExist, one integer for Gt/Lt). */
static void load_term(ld_t *ld, const cJSON *o, const char *path, node_term_t *t) {
    if (!ld_check_object(ld, o, path, KEYS("matchExpressions"))) return;
    const cJSON *es = ld_get_array(ld, o, path, "matchExpressions");
    t->exprs = ld_array_items(ld, es, sizeof *t->exprs, &t->expr_count);
    path_t pe = ld_pkey(path, "matchExpressions");
    int i = 0;
    for (const cJSON *c = es ? es->child : NULL; c && t->exprs; c = c->next, i++) {
        path_t p = ld_pidx(pe.s, i);
        match_expr_t *e = &t->exprs[i];
        if (!ld_check_object(ld, c, p.s, KEYS("key", "operator", "values"))) continue;
        ld_require(ld, c, p.s, "key");
        ld_require(ld, c, p.s, "operator");
        ld_get_strdup(ld, c, p.s, "key", &e->key, true);
        int op = ld_get_enum(ld, c, p.s, "operator", SELECTOR_OPS, "operator");
        if (op < 0) continue;
        e->op = (selector_op_t)op;
        const cJSON *vs = ld_get_array(ld, c, p.s, "values");
        int n = vs ? cJSON_GetArraySize(vs) : 0;
        if ((e->op == SEL_IN || e->op == SEL_NOT_IN) && n == 0)
            ld_err_at(ld, p.s, "values", "must be non-empty for operator %s", SELECTOR_OPS[op]);
        if ((e->op == SEL_EXISTS || e->op == SEL_DOES_NOT_EXIST) && n > 0)
            ld_err_at(ld, p.s, "values", "must be empty for operator %s", SELECTOR_OPS[op]);
        if ((e->op == SEL_GT || e->op == SEL_LT) && n != 1)
            ld_err_at(ld, p.s, "values", "must have one integer for operator %s", SELECTOR_OPS[op]);
        e->values = ld_array_items(ld, vs, sizeof *e->values, &e->value_count);
        int k = 0;
        for (const cJSON *v = vs ? vs->child : NULL; v && e->values; v = v->next, k++) {
            char *end = NULL;
            if (!cJSON_IsString(v)) {
                ld_err_type(ld, ld_pidx(ld_pkey(p.s, "values").s, k).s, NULL, "a string", v);
                continue;
            }
            if ((e->op == SEL_GT || e->op == SEL_LT) &&
                (strtoll(v->valuestring, &end, 10), !v->valuestring[0] || *end))
                ld_err_at(ld, ld_pidx(ld_pkey(p.s, "values").s, k).s, NULL, "must be an integer");
            e->values[k] = ld_strdup(ld, v->valuestring);
        }
    }
}

static void load_node_affinity(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl) {
    static const char *const REQ = "requiredDuringSchedulingIgnoredDuringExecution";
    static const char *const PREF = "preferredDuringSchedulingIgnoredDuringExecution";
    if (!ld_check_object(ld, o, path, KEYS(REQ, PREF))) return;
    const cJSON *req = ld_member(o, REQ);
    path_t pr = ld_pkey(path, REQ);
    if (req && ld_check_object(ld, req, pr.s, KEYS("nodeSelectorTerms")) &&
        ld_require(ld, req, pr.s, "nodeSelectorTerms")) {
        const cJSON *ts = ld_get_array(ld, req, pr.s, "nodeSelectorTerms");
        if (ts && !ts->child) ld_err_at(ld, pr.s, "nodeSelectorTerms", "must not be empty");
        pl->required = ld_array_items(ld, ts, sizeof *pl->required, &pl->required_count);
        path_t pt = ld_pkey(pr.s, "nodeSelectorTerms");
        int i = 0;
        for (const cJSON *c = ts ? ts->child : NULL; c && pl->required; c = c->next, i++)
            load_term(ld, c, ld_pidx(pt.s, i).s, &pl->required[i]);
    }
    const cJSON *pf = ld_get_array(ld, o, path, PREF);
    pl->preferred = ld_array_items(ld, pf, sizeof *pl->preferred, &pl->preferred_count);
    path_t pp = ld_pkey(path, PREF);
    int i = 0;
    for (const cJSON *c = pf ? pf->child : NULL; c && pl->preferred; c = c->next, i++) {
        path_t p = ld_pidx(pp.s, i);
        preferred_term_t *t = &pl->preferred[i];
        if (!ld_check_object(ld, c, p.s, KEYS("weight", "preference"))) continue;
        ld_require(ld, c, p.s, "weight");
        ld_get_int(ld, c, p.s, "weight", &t->weight, 1, 100);
        if (ld_require(ld, c, p.s, "preference"))
            load_term(ld, ld_member(c, "preference"), ld_pkey(p.s, "preference").s, &t->term);
    }
}

static void load_tolerations(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl) {
    const cJSON *ts = ld_get_array(ld, o, path, "tolerations");
    pl->tolerations = ld_array_items(ld, ts, sizeof *pl->tolerations, &pl->toleration_count);
    path_t pt = ld_pkey(path, "tolerations");
    int i = 0;
    for (const cJSON *c = ts ? ts->child : NULL; c && pl->tolerations; c = c->next, i++) {
        path_t p = ld_pidx(pt.s, i);
        toleration_t *t = &pl->tolerations[i];
        t->effect = -1;
        t->key = ld_strdup(ld, "");
        t->value = ld_strdup(ld, "");
        if (!ld_check_object(ld, c, p.s,
                             KEYS("key", "operator", "value", "effect", "tolerationSeconds")))
            continue;
        ld_get_strdup(ld, c, p.s, "key", &t->key, false);
        t->exists = ld_get_enum(ld, c, p.s, "operator", KEYS("Equal", "Exists"), "operator") == 1;
        ld_get_strdup(ld, c, p.s, "value", &t->value, false);
        int e = ld_get_enum_n(ld, c, p.s, "effect", taint_effect_names, 3, "taint effect");
        if (e >= 0) t->effect = e;
        /* k8s: validation.ValidateTolerations */
        if (t->exists && t->value && t->value[0])
            ld_err_at(ld, p.s, "value", "must be empty when operator is Exists");
        if (t->key && !t->key[0] && !t->exists)
            ld_err_at(ld, p.s, "operator", "must be Exists when key is empty");
        int secs;
        if (ld_get_int(ld, c, p.s, "tolerationSeconds", &secs, 0,
                       (int)(SCN_MAX_DURATION / SIM_SEC))) {
            if (t->effect != TAINT_NO_EXECUTE)
                ld_err_at(ld, p.s, "tolerationSeconds", "only with effect NoExecute");
            t->has_seconds = true;
            t->seconds = (sim_time_t)secs * SIM_SEC;
        }
    }
}

/* topologySpreadConstraints; the labelSelector is the service's own pods (app=NAME). */
static void load_spread(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl,
                        const char *service) {
    const cJSON *cs = ld_get_array(ld, o, path, "topologySpreadConstraints");
    pl->spread = ld_array_items(ld, cs, sizeof *pl->spread, &pl->spread_count);
    path_t pc = ld_pkey(path, "topologySpreadConstraints");
    int i = 0;
    for (const cJSON *c = cs ? cs->child : NULL; c && pl->spread; c = c->next, i++) {
        path_t p = ld_pidx(pc.s, i);
        spread_constraint_t *t = &pl->spread[i];
        if (!ld_check_object(ld, c, p.s,
                             KEYS("maxSkew", "topologyKey", "whenUnsatisfiable", "minDomains",
                                  "labelSelector", "nodeAffinityPolicy", "nodeTaintsPolicy")))
            continue;
        ld_require(ld, c, p.s, "maxSkew");
        ld_require(ld, c, p.s, "topologyKey");
        ld_require(ld, c, p.s, "whenUnsatisfiable");
        ld_get_int(ld, c, p.s, "maxSkew", &t->max_skew, 1, SCN_MAX_REPLICAS);
        int k = ld_get_enum(ld, c, p.s, "topologyKey", KEYS(LABEL_HOSTNAME, LABEL_ZONE),
                            "topology key");
        if (k >= 0) t->key = (topology_key_t)k;
        t->do_not_schedule =
            ld_get_enum(ld, c, p.s, "whenUnsatisfiable", KEYS("DoNotSchedule", "ScheduleAnyway"),
                        "whenUnsatisfiable") == 0;
        if (ld_get_int(ld, c, p.s, "minDomains", &t->min_domains, 1, SCN_MAX_COUNT) &&
            !t->do_not_schedule)
            ld_err_at(ld, p.s, "minDomains", "only with whenUnsatisfiable DoNotSchedule");
        ld_get_enum(ld, c, p.s, "nodeAffinityPolicy", KEYS("Honor"),
                    "nodeAffinityPolicy (the model has the default, Honor)");
        ld_get_enum(ld, c, p.s, "nodeTaintsPolicy", KEYS("Ignore"),
                    "nodeTaintsPolicy (the model has the default, Ignore)");
        const cJSON *sel = ld_member(c, "labelSelector");
        path_t ps = ld_pkey(p.s, "labelSelector");
        if (sel && ld_check_object(ld, sel, ps.s, KEYS("matchLabels"))) {
            const cJSON *ml = ld_member(sel, "matchLabels");
            path_t pm = ld_pkey(ps.s, "matchLabels");
            /* the model's pods carry app=SERVICE only: no other selector can be counted */
            if (ml && ld_check_object(ld, ml, pm.s, KEYS("app")) &&
                (!cJSON_IsString(ld_member(ml, "app")) || !service ||
                 strcmp(ld_member(ml, "app")->valuestring, service)))
                ld_err_at(ld, pm.s, "app",
                          "must be the service's own name (%s): the model counts "
                          "the service's pods",
                          service ? service : "?");
        }
    }
}

/* One podAffinityTerm: {labelSelector: {matchLabels: {app: NAME}}, topologyKey}. */
static void load_pod_term(ld_t *ld, const cJSON *o, const char *path, pod_term_t *t) {
    t->service = -1;
    if (!ld_check_object(ld, o, path, KEYS("labelSelector", "topologyKey"))) return;
    ld_require(ld, o, path, "labelSelector");
    ld_require(ld, o, path, "topologyKey");
    int k =
        ld_get_enum(ld, o, path, "topologyKey", KEYS(LABEL_HOSTNAME, LABEL_ZONE), "topology key");
    if (k >= 0) t->key = (topology_key_t)k;
    const cJSON *sel = ld_member(o, "labelSelector");
    path_t ps = ld_pkey(path, "labelSelector");
    if (!sel || !ld_check_object(ld, sel, ps.s, KEYS("matchLabels")) ||
        !ld_require(ld, sel, ps.s, "matchLabels"))
        return;
    path_t pm = ld_pkey(ps.s, "matchLabels");
    const cJSON *ml = ld_member(sel, "matchLabels");
    /* the model's pods carry one label, app=SERVICE */
    if (ld_check_object(ld, ml, pm.s, KEYS("app")) && ld_require(ld, ml, pm.s, "app"))
        ld_get_strdup(ld, ml, pm.s, "app", &t->app, true);
}

static void load_pod_affinity(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl,
                              bool anti) {
    static const char *const REQ = "requiredDuringSchedulingIgnoredDuringExecution";
    static const char *const PREF = "preferredDuringSchedulingIgnoredDuringExecution";
    if (!ld_check_object(ld, o, path, KEYS(REQ, PREF))) return;
    int kr = anti ? POD_ANTI_REQ : POD_AFFINITY_REQ, kp = anti ? POD_ANTI_PREF : POD_AFFINITY_PREF;
    const cJSON *req = ld_get_array(ld, o, path, REQ);
    pl->pod_terms[kr] = ld_array_items(ld, req, sizeof(pod_term_t), &pl->pod_term_count[kr]);
    int i = 0;
    for (const cJSON *c = req ? req->child : NULL; c && pl->pod_terms[kr]; c = c->next, i++)
        load_pod_term(ld, c, ld_pidx(ld_pkey(path, REQ).s, i).s, &pl->pod_terms[kr][i]);
    const cJSON *pref = ld_get_array(ld, o, path, PREF);
    pl->pod_terms[kp] = ld_array_items(ld, pref, sizeof(pod_term_t), &pl->pod_term_count[kp]);
    i = 0;
    for (const cJSON *c = pref ? pref->child : NULL; c && pl->pod_terms[kp]; c = c->next, i++) {
        path_t p = ld_pidx(ld_pkey(path, PREF).s, i);
        pod_term_t *t = &pl->pod_terms[kp][i];
        t->service = -1;
        if (!ld_check_object(ld, c, p.s, KEYS("weight", "podAffinityTerm"))) continue;
        ld_require(ld, c, p.s, "weight");
        ld_get_int(ld, c, p.s, "weight", &t->weight, 1, 100);
        if (ld_require(ld, c, p.s, "podAffinityTerm"))
            load_pod_term(ld, ld_member(c, "podAffinityTerm"), ld_pkey(p.s, "podAffinityTerm").s,
                          t);
    }
}

/* The pod terms' app labels name services of the same namespace (after every service is
 * loaded: a term may name a later one). */
void ld_resolve_pod_terms(ld_t *ld) {
    scenario_t *sc = ld->sc;
    static const char *const kinds[] = {
        "podAffinity.requiredDuringSchedulingIgnoredDuringExecution",
        "podAffinity.preferredDuringSchedulingIgnoredDuringExecution",
        "podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution",
        "podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution"};
    for (int i = 0; i < sc->service_count; i++) {
        service_spec_t *s = &sc->services[i];
        for (int k = 0; k < POD_TERM_KINDS; k++)
            for (int t = 0; t < s->placement.pod_term_count[k]; t++) {
                pod_term_t *pt = &s->placement.pod_terms[k][t];
                sc->pod_affinity = true;
                for (int j = 0; j < sc->service_count && pt->app; j++)
                    if (sc->services[j].name && !strcmp(sc->services[j].name, pt->app) &&
                        sc->services[j].namespace_ && s->namespace_ &&
                        !strcmp(sc->services[j].namespace_, s->namespace_))
                        pt->service = j;
                if (pt->app && pt->service < 0) {
                    char path[256];
                    snprintf(path, sizeof path, "services[%d].affinity.%s[%d]", i, kinds[k], t);
                    ld_err_at(ld, path, "labelSelector",
                              "app \"%s\" is no service of namespace %s (the model's pods carry "
                              "app=SERVICE)",
                              pt->app, s->namespace_ ? s->namespace_ : "?");
                }
            }
    }
}

void ld_load_placement(ld_t *ld, const cJSON *o, const char *path, placement_spec_t *pl,
                       const char *service) {
    load_labels(ld, o, path, "nodeSelector", &pl->node_selector, &pl->node_selector_count);
    load_tolerations(ld, o, path, pl);
    const cJSON *a = ld_member(o, "affinity");
    path_t pa = ld_pkey(path, "affinity");
    if (a && ld_check_object(ld, a, pa.s, KEYS("nodeAffinity", "podAffinity", "podAntiAffinity"))) {
        if (ld_member(a, "nodeAffinity"))
            load_node_affinity(ld, ld_member(a, "nodeAffinity"), ld_pkey(pa.s, "nodeAffinity").s,
                               pl);
        if (ld_member(a, "podAffinity"))
            load_pod_affinity(ld, ld_member(a, "podAffinity"), ld_pkey(pa.s, "podAffinity").s, pl,
                              false);
        if (ld_member(a, "podAntiAffinity"))
            load_pod_affinity(ld, ld_member(a, "podAntiAffinity"),
                              ld_pkey(pa.s, "podAntiAffinity").s, pl, true);
    }
    load_spread(ld, o, path, pl, service);
    ld_get_strdup(ld, o, path, "priorityClassName", &pl->priority_class, true);
}

static void term_free(node_term_t *t) {
    for (int i = 0; i < t->expr_count; i++) {
        free(t->exprs[i].key);
        for (int k = 0; k < t->exprs[i].value_count; k++)
            free(t->exprs[i].values[k]);
        free(t->exprs[i].values);
    }
    free(t->exprs);
}

static void labels_free(label_t *l, int n) {
    for (int i = 0; i < n; i++)
        free(l[i].key), free(l[i].value);
    free(l);
}

void ld_placement_free(placement_spec_t *pl) {
    free(pl->priority_class);
    labels_free(pl->node_selector, pl->node_selector_count);
    for (int i = 0; i < pl->required_count; i++)
        term_free(&pl->required[i]);
    free(pl->required);
    for (int i = 0; i < pl->preferred_count; i++)
        term_free(&pl->preferred[i].term);
    free(pl->preferred);
    for (int i = 0; i < pl->toleration_count; i++)
        free(pl->tolerations[i].key), free(pl->tolerations[i].value);
    free(pl->tolerations);
    free(pl->spread);
    for (int k = 0; k < POD_TERM_KINDS; k++) {
        for (int t = 0; t < pl->pod_term_count[k]; t++)
            free(pl->pod_terms[k][t].app);
        free(pl->pod_terms[k]);
    }
}

void ld_pool_placement_free(pool_spec_t *p) {
    free(p->zones);
    labels_free(p->labels, p->label_count);
    for (int i = 0; i < p->taint_count; i++)
        free(p->taints[i].key), free(p->taints[i].value);
    free(p->taints);
    free(p->instance_type);
}

/* ---- priority classes (k8s: scheduling/v1 PriorityClass, plugin/pkg/admission/priority) ---- */

/* The built-in classes every cluster has (k8s: pkg/apis/scheduling/types.go
 * SystemClusterCritical / SystemNodeCritical); a service may name them. */
static const priority_class_t system_classes[] = {
    {"system-cluster-critical", 2000000000, false, false},
    {"system-node-critical", 2000001000, false, false},
};

#define HIGHEST_USER_PRIORITY 1000000000 /* k8s: HighestUserDefinablePriority */

static void load_priority_class(ld_t *ld, const cJSON *o, const char *path, priority_class_t *c) {
    if (!ld_check_object(ld, o, path,
                         KEYS("name", "value", "preemptionPolicy", "globalDefault", "description")))
        return;
    ld_require(ld, o, path, "name");
    ld_require(ld, o, path, "value");
    ld_get_strdup(ld, o, path, "name", &c->name, true);
    ld_check_label(ld, path, "name", "priority class name", c->name);
    /* k8s: validation.ValidatePriorityClass: "system-" is reserved for the built-in classes */
    if (c->name && !strncmp(c->name, "system-", 7))
        ld_err_at(ld, path, "name",
                  "\"%s\": the prefix \"system-\" is reserved for the built-in classes "
                  "system-cluster-critical and system-node-critical (name them in "
                  "priorityClassName without declaring them)",
                  c->name);
    ld_get_int(ld, o, path, "value", &c->value, INT32_MIN, HIGHEST_USER_PRIORITY);
    int pol = ld_get_enum(ld, o, path, "preemptionPolicy", KEYS("PreemptLowerPriority", "Never"),
                          "preemption policy");
    c->preempt_never = pol == 1;
    ld_get_bool(ld, o, path, "globalDefault", &c->global_default);
    const char *desc = NULL;
    ld_get_string(ld, o, path, "description", &desc, false);
}

void ld_load_priority_classes(ld_t *ld, const cJSON *root) {
    scenario_t *sc = ld->sc;
    const cJSON *a = ld_get_array(ld, root, "", "priorityClasses");
    if (!a) return;
    sc->priority_classes =
        ld_array_items(ld, a, sizeof *sc->priority_classes, &sc->priority_class_count);
    int defaults = 0;
    for (int i = 0; i < sc->priority_class_count; i++) {
        path_t p = ld_pidx("priorityClasses", i);
        priority_class_t *c = &sc->priority_classes[i];
        load_priority_class(ld, cJSON_GetArrayItem(a, i), p.s, c);
        for (int j = 0; j < i && c->name; j++)
            if (sc->priority_classes[j].name && !strcmp(sc->priority_classes[j].name, c->name))
                ld_err_at(ld, p.s, "name", "duplicate priority class \"%s\"", c->name);
        /* k8s: admission priority.go: only one PriorityClass can be marked globalDefault */
        if (c->global_default && defaults++)
            ld_err_at(ld, p.s, "globalDefault",
                      "only one priority class may be the global default (%s is already)",
                      sc->priority_classes[0].global_default ? sc->priority_classes[0].name
                                                             : "an earlier one");
    }
}

static const priority_class_t *find_class(const scenario_t *sc, const char *name) {
    for (int i = 0; i < sc->priority_class_count; i++)
        if (sc->priority_classes[i].name && !strcmp(sc->priority_classes[i].name, name))
            return &sc->priority_classes[i];
    for (size_t i = 0; i < sizeof system_classes / sizeof system_classes[0]; i++)
        if (!strcmp(system_classes[i].name, name)) return &system_classes[i];
    return NULL;
}

/* Every service's priority, as the Priority admission plugin sets spec.priority and
 * spec.preemptionPolicy: the named class, else the globalDefault class, else 0 and
 * PreemptLowerPriority (k8s: plugin/pkg/admission/priority/admission.go). */
void ld_resolve_priorities(ld_t *ld) {
    scenario_t *sc = ld->sc;
    const priority_class_t *def = NULL;
    for (int i = 0; i < sc->priority_class_count; i++)
        if (sc->priority_classes[i].global_default) def = &sc->priority_classes[i];
    for (int i = 0; i < sc->service_count; i++) {
        placement_spec_t *pl = &sc->services[i].placement;
        const priority_class_t *c = def;
        if (pl->priority_class) {
            c = find_class(sc, pl->priority_class);
            if (!c) {
                int n = sc->priority_class_count + 2;
                const char **names = malloc(sizeof *names * (size_t)(n + 1));
                if (!names) continue;
                for (int k = 0; k < sc->priority_class_count; k++)
                    names[k] = sc->priority_classes[k].name ? sc->priority_classes[k].name : "";
                names[n - 2] = system_classes[0].name;
                names[n - 1] = system_classes[1].name;
                names[n] = NULL;
                path_t p = ld_pidx("services", i);
                ld_err_unknown(ld, p.s, "priorityClassName", "priority class", "priority classes",
                               pl->priority_class, names, n);
                free(names);
                continue;
            }
        }
        pl->priority = c ? c->value : 0;
        pl->preempt_never = c ? c->preempt_never : false;
    }
}
