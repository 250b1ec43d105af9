/* scenario_ingress: traffic that enters at an Ingress (`ingresses[].traffic`) and the rules
 * that route it. Requests are given as classes of host and path (a share of a total rate, or
 * a rate each); each class is matched against the Ingress's rules once, when the scenario
 * loads, and its rate is added to the service the matching rule names — so deleting a rule
 * moves requests to a shorter prefix, to the defaultBackend, or to 404.
 *
 * Matching follows networking.k8s.io/v1 (kubernetes/kubernetes
 * staging/src/k8s.io/api/networking/v1/types.go, IngressRule.Host and HTTPIngressPath): a
 * precise host equals the Host header; a wildcard `*.example.com` matches one DNS label in
 * front of example.com (not example.com itself, not a.b.example.com); Prefix paths match
 * element-wise by `/` with a trailing `/` ignored (`/foo` matches `/foo/bar`, not `/foobar`);
 * Exact paths match the whole path; the longest matching path wins, and Exact before Prefix
 * at equal length. Which host's rules apply is the most specific host that matches (precise,
 * then wildcard, then rules without a host), as ingress-nginx's server blocks choose
 * (server_name: exact name, then wildcard, then the default server); a host whose rules match
 * no path goes to the defaultBackend, not to another host's rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "loader.h"

/* 0: no match; 1: rules without a host; 2: wildcard; 3: the precise host. */
static int host_level(const char *rule, const char *host) {
    if (!*rule) return 1;
    if (rule[0] == '*' && rule[1] == '.') {
        const char *dot = strchr(host, '.');
        return dot && dot != host && strcmp(dot + 1, rule + 2) == 0 ? 2 : 0;
    }
    return strcmp(rule, host) == 0 ? 3 : 0;
}

/* The length of the matched path (Prefix: without a trailing `/`), or -1. */
static int path_match(const ingress_rule_t *r, const char *path) {
    size_t n = strlen(r->path);
    if (r->exact) return strcmp(r->path, path) == 0 ? (int)n : -1;
    while (n > 0 && r->path[n - 1] == '/')
        n--;
    if (strncmp(r->path, path, n) != 0) return -1;
    return path[n] == '\0' || path[n] == '/' ? (int)n : -1;
}

int ld_ingress_match(const ingress_spec_t *ing, const char *host, const char *path) {
    int level = 0;
    for (int i = 0; i < ing->rule_count; i++) {
        int l = host_level(ing->rules[i].host, host);
        if (l > level) level = l;
    }
    int best = -1, best_len = -1;
    for (int i = 0; i < ing->rule_count && level > 0; i++) {
        const ingress_rule_t *r = &ing->rules[i];
        if (host_level(r->host, host) != level) continue;
        int len = path_match(r, path);
        bool better =
            len > best_len || (len == best_len && len >= 0 && r->exact && !ing->rules[best].exact);
        if (better) best = i, best_len = len;
    }
    return best;
}

static void load_request(ld_t *ld, const cJSON *c, const char *path, ingress_request_t *rq,
                         bool shares) {
    rq->service = -1;
    rq->rule = -1;
    rq->host = ld_strdup(ld, "");
    rq->path = ld_strdup(ld, "/");
    if (!ld_check_object(ld, c, path, KEYS("host", "path", "share", "rps"))) return;
    ld_get_strdup(ld, c, path, "host", &rq->host, false);
    if (ld_get_strdup(ld, c, path, "path", &rq->path, true) && rq->path[0] != '/')
        ld_err_at(ld, path, "path", "must start with \"/\" (got \"%s\")", rq->path);
    const char *key = shares ? "share" : "rps";
    if (ld_member(c, shares ? "rps" : "share"))
        ld_err_at(ld, path, shares ? "rps" : "share",
                  shares ? "give a share of the Ingress's traffic (rps, pattern or trace; or "
                           "leave those out and give each class its own rps)"
                         : "a share needs traffic.rps, pattern or trace: the total it is a share "
                           "of");
    if (ld_require(ld, c, path, key)) {
        if (shares)
            ld_get_number(ld, c, path, key, &rq->share, R_FRACTION);
        else
            ld_get_rps(ld, c, path, key, &rq->rps);
    }
}

/* Adds `share` of the Ingress's traffic shape plus a constant `rps` to a service. The shape
 * is linear in its points (traffic.c ramps linearly between them), so c + k·shape is the
 * same points with rates c + k·rate: a routed service plays exactly the share of the total.
 * Two different shapes would not add up to points of that kind: one shaped Ingress per
 * service (ld->shaped_by remembers which). */
static bool feed(ld_t *ld, const char *path, int ingress, service_spec_t *s, int si, double share,
                 double rps) {
    const traffic_shape_t *t = &ld->sc->ingresses[ingress].traffic;
    bool shaped = share > 0 && t->pattern_count > 0;
    if (shaped && ld->shaped_by[si] >= 0 && ld->shaped_by[si] != ingress) {
        ld_err_at(ld, path, NULL,
                  "routes to service \"%s\", which ingress \"%s\" already feeds with a pattern "
                  "or trace: one shaped Ingress per service (give one of them a constant rps)",
                  s->name ? s->name : "?", ld->sc->ingresses[ld->shaped_by[si]].name);
        return false;
    }
    if (shaped && !s->pattern) {
        s->pattern = ld_calloc(ld, (size_t)t->pattern_count, sizeof *s->pattern);
        if (!s->pattern) return false;
        for (int k = 0; k < t->pattern_count; k++)
            s->pattern[k] = (traffic_point_t){t->pattern[k].at, s->rps, t->pattern[k].ramp};
        s->pattern_count = t->pattern_count;
        if (t->trace) s->trace = ld_strdup(ld, t->trace);
        ld->shaped_by[si] = ingress;
    }
    double add0 = share * t->rps + rps;
    s->rps += add0;
    for (int k = 0; k < s->pattern_count; k++)
        s->pattern[k].rps += shaped ? share * t->pattern[k].rps + rps : add0;
    return true;
}

/* The highest rate a service's traffic reaches. */
static double peak_rps(const service_spec_t *s) {
    double peak = s->rps;
    for (int k = 0; k < s->pattern_count; k++)
        peak = fmax(peak, s->pattern[k].rps);
    return peak;
}

/* Sends `part` of a class (its share, or its own rate) to service si. */
static void route_to(ld_t *ld, const char *path, const char *pk, int index, int si, double part,
                     bool shares) {
    scenario_t *sc = ld->sc;
    service_spec_t *s = &sc->services[si];
    /* one source of traffic per service: a rate from the service and from an Ingress
     * would be two answers to one question */
    if (!s->ingress_fed && (s->pattern_count > 0 || s->trace || s->rps > 0)) {
        ld_err_at(ld, pk, NULL,
                  "routes to service \"%s\", which has traffic of its own: remove its "
                  "`traffic` (an Ingress's traffic replaces it)",
                  s->name ? s->name : "?");
        return;
    }
    s->ingress_fed = true;
    if (!feed(ld, pk, index, s, si, shares ? part : 0, shares ? 0 : part)) return;
    double max = sc->fidelity == FIDELITY_FLUID ? SCN_MAX_RPS : SCN_MAX_RPS_REQUESTS;
    if (peak_rps(s) > max)
        ld_err_at(ld, path, "traffic",
                  "routes %.15g req/s to service \"%s\": at most %.0f with this fidelity",
                  peak_rps(s), s->name ? s->name : "?", max);
}

/* Adds each class's rate to the service its rule (or the defaultBackend) routes it to; a
 * rule's canary takes its weight of the class (ingress-nginx picks the canary backend for
 * that share of the requests the location gets). */
static void route_requests(ld_t *ld, const char *path, int index, bool shares) {
    ingress_spec_t *ing = &ld->sc->ingresses[index];
    for (int k = 0; k < ing->request_count; k++) {
        ingress_request_t *rq = &ing->requests[k];
        path_t pk = ld_pidx(ld_pkey(path, "traffic.requests").s, k);
        rq->rule = ld_ingress_match(ing, rq->host, rq->path);
        rq->service = rq->rule >= 0 ? ing->rules[rq->rule].service : ing->default_backend;
        if (rq->service < 0) {
            ing->unmatched_rps += rq->rps;
            ing->unmatched_share += rq->share;
            continue;
        }
        double part = shares ? rq->share : rq->rps;
        const ingress_rule_t *r = rq->rule >= 0 ? &ing->rules[rq->rule] : NULL;
        if (r && r->canary_service >= 0 && r->canary_weight > 0) {
            double w = r->canary_weight / 100.0;
            route_to(ld, path, pk.s, index, r->canary_service, part * w, shares);
            part *= 1 - w;
        }
        if (part > 0 || !r || r->canary_weight < 100)
            route_to(ld, path, pk.s, index, rq->service, part, shares);
    }
}

void ld_load_ingress_canary(ld_t *ld, const cJSON *rule, const char *path, ingress_rule_t *r) {
    const cJSON *c = ld_member(rule, "canary");
    path_t pc = ld_pkey(path, "canary");
    if (!c || !ld_check_object(ld, c, pc.s, KEYS("service", "weight"))) return;
    ld_require(ld, c, pc.s, "service");
    ld_require(ld, c, pc.s, "weight");
    ld_get_int(ld, c, pc.s, "weight", &r->canary_weight, 0, 100);
    if (ld_member(c, "service")) r->canary_service = ld_get_service_ref(ld, c, pc.s, "service");
}

void ld_load_ingress_routing(ld_t *ld, const cJSON *o, const char *path, int index) {
    ingress_spec_t *ing = &ld->sc->ingresses[index];
    if (!cJSON_IsObject(o)) return;
    if (ld_member(o, "defaultBackend"))
        ing->default_backend = ld_get_service_ref(ld, o, path, "defaultBackend");
    const cJSON *t = ld_member(o, "traffic");
    path_t pt = ld_pkey(path, "traffic");
    for (int k = 0; k < ing->rule_count && !t; k++)
        if (ing->rules[k].canary_service >= 0)
            ld_err_at(ld, ld_pidx(ld_pkey(path, "rules").s, k).s, "canary",
                      "splits the traffic entering at the Ingress: give the Ingress `traffic` "
                      "(with services' own traffic, a canary weight would change nothing)");
    if (!t || !ld_check_object(ld, t, pt.s, KEYS("rps", "pattern", "trace", "requests"))) return;
    /* a total (rate, pattern or trace, as a service's traffic takes them) that the classes
     * share, or no total and a constant rate per class */
    bool shares = ld_member(t, "rps") || ld_member(t, "pattern") || ld_member(t, "trace");
    ld_load_shape(ld, t, pt.s, &ing->traffic);
    ld_require(ld, t, pt.s, "requests");
    const cJSON *arr = ld_get_array(ld, t, pt.s, "requests");
    ing->requests = ld_array_items(ld, arr, sizeof *ing->requests, &ing->request_count);
    if (!ing->requests) return;
    path_t pr = ld_pkey(pt.s, "requests");
    int k = 0;
    double sum = 0;
    for (const cJSON *c = arr->child; c; c = c->next, k++) {
        load_request(ld, c, ld_pidx(pr.s, k).s, &ing->requests[k], shares);
        sum += ing->requests[k].share;
    }
    if (shares && fabs(sum - 1) > 1e-9)
        ld_err_at(ld, pt.s, "requests", "shares add up to %.15g: they must add up to 1", sum);
    for (k = 0; k < ing->request_count && shares; k++)
        ing->requests[k].rps = ing->requests[k].share * ing->traffic.rps;
    route_requests(ld, path, index, shares);
}
