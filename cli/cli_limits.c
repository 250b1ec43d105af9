/* cli_limits: what a run will need, estimated from the scenario before it starts, so that a
 * scenario too large for the machine is refused with the estimate and the key to change
 * instead of swapping or being killed hours later. The figures are upper bounds measured on
 * this model: about 1 KiB per pod slot (a pod, its ReplicaSet share, its metrics; the
 * 150,000-pod bench run peaks near 550 B per pod), 2 KiB per node, 16 bytes per request held
 * in a queue (an 8-byte arrival time in a vector that may double). */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "quantity.h"

#define BASE_BYTES (16.0 * 1024 * 1024)
#define POD_BYTES 1024.0
#define NODE_BYTES 2048.0
#define REQUEST_BYTES 16.0

void cli_estimate(const scenario_t *sc, cli_estimate_t *e) {
    memset(e, 0, sizeof *e);
    /* the key named is the largest contributor of the largest of the three terms */
    char key_nodes[160] = "", key_pods[160] = "", key_requests[160] = "";
    double worst_nodes = -1, worst_pods = -1, worst_requests = -1;
    for (int p = 0; p < sc->pool_count; p++) {
        const pool_spec_t *pl = &sc->pools[p];
        double n =
            pl->autoscaling && pl->autoscaling_max > pl->count ? pl->autoscaling_max : pl->count;
        e->nodes += 2 * n; /* a repaired or replaced node is a new one */
        if (n > worst_nodes) {
            worst_nodes = n;
            snprintf(key_nodes, sizeof key_nodes, "cluster.nodePools[%d].%s", p,
                     pl->autoscaling && pl->autoscaling_max > pl->count ? "autoscaling.max"
                                                                        : "count");
        }
    }
    double seconds = (double)sc->duration / SIM_SEC;
    for (int i = 0; i < sc->service_count; i++) {
        const service_spec_t *s = &sc->services[i];
        double replicas = s->replicas;
        const char *which = "replicas";
        if (s->hpa.enabled && s->hpa.max_replicas > replicas) {
            replicas = s->hpa.max_replicas;
            which = "hpa.maxReplicas";
        }
        for (int k = 0; k < sc->event_count; k++)
            if (sc->events[k].action == ACTION_SCALE && sc->events[k].service == i &&
                sc->events[k].replicas > replicas) {
                replicas = sc->events[k].replicas;
                which = "events[].replicas";
            }
        double pods = 2 * replicas; /* a rollout's surge, pods still terminating */
        e->pods += pods;
        if (pods > worst_pods) {
            worst_pods = pods;
            snprintf(key_pods, sizeof key_pods, "services[%d].%s", i, which);
        }
        if (sc->fidelity == FIDELITY_FLUID) continue;
        double slots = 0, rps = s->rps;
        for (int v = 0; v < s->version_count; v++) {
            double q = (double)s->versions[v].concurrency + s->versions[v].queue_limit;
            if (q > slots) slots = q;
        }
        for (int k = 0; k < s->pattern_count; k++)
            if (s->pattern[k].rps > rps) rps = s->pattern[k].rps;
        for (int k = 0; k < sc->event_count; k++)
            if (sc->events[k].action == ACTION_SET_TRAFFIC && sc->events[k].service == i &&
                sc->events[k].rps > rps)
                rps = sc->events[k].rps;
        /* held at once: no more than the queues hold, nor than ever arrive */
        double held = fmin(pods * slots, rps * seconds);
        e->requests += held;
        if (held > worst_requests) {
            worst_requests = held;
            snprintf(key_requests, sizeof key_requests,
                     "services[%d].queueLimit (or its traffic.rps)", i);
        }
    }
    double tn = e->nodes * NODE_BYTES, tp = e->pods * POD_BYTES, tr = e->requests * REQUEST_BYTES;
    snprintf(e->key, sizeof e->key, "%s",
             tr >= tp && tr >= tn ? key_requests
             : tp >= tn           ? key_pods
                                  : key_nodes);
    e->bytes =
        BASE_BYTES + e->pods * POD_BYTES + e->nodes * NODE_BYTES + e->requests * REQUEST_BYTES;
}

double cli_default_max_memory(void) {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || size <= 0) return INFINITY;
    return 0.75 * (double)pages * (double)size;
}

int cli_parse_memory(const char *s, double *out) {
    int64_t b;
    char err[256];
    if (quantity_parse_bytes(s, &b, err, sizeof err) != 0 || b <= 0) return -1;
    *out = (double)b;
    return 0;
}

int cli_check_memory(const char *cmd, const char *file, const scenario_t *sc, int concurrent,
                     const cli_opts_t *o) {
    cli_estimate_t e;
    cli_estimate(sc, &e);
    double limit = o->max_memory > 0 ? o->max_memory : cli_default_max_memory();
    double need = e.bytes * (concurrent > 1 ? concurrent : 1);
    if (need <= limit) return 0;
    char each[96] = "";
    if (concurrent > 1)
        snprintf(each, sizeof each, "%d runs at once, each about %.0f MiB: ", concurrent,
                 e.bytes / 1048576);
    fprintf(stderr,
            "deploysim %s: %s: this %s needs about %.0f MiB (%s%.0f pods, %.0f nodes, %.3g "
            "requests held at most), more than the %.0f MiB of --max-memory%s; make %s smaller%s, "
            "or give --max-memory more\n",
            cmd, cli_scenario_name(file), concurrent > 1 ? "batch" : "run", need / 1048576, each,
            e.pods, e.nodes, e.requests, limit / 1048576,
            o->max_memory > 0 ? "" : " (its default: 75% of this machine's memory)", e.key,
            concurrent > 1 ? ", run fewer at once (-j)" : "");
    return -1;
}
