/* explain: what a scenario means once defaults are filled in, in words a student reads. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rollout_math.h"

static double secs(sim_time_t t) {
    return (double)t / SIM_SEC;
}

static int explain_usage(FILE *f) {
    fputs("usage: deploysim explain SCENARIO.json\n"
          "Prints the scenario with every default filled in and the arithmetic the\n"
          "controllers will use (fenceposts, probe timing, node-failure timeline).\n"
          "SCENARIO.json - reads standard input; --set PATH=VALUE applies as for run.\n",
          f);
    return f == stdout ? 0 : 2;
}

/* The cluster: the timings every controller shares, then each node pool. */
static void explain_cluster(const scenario_t *sc) {
    printf("\ncluster: node monitor grace %.0f s, tolerationSeconds %.0f s, HPA sync %.0f s, "
           "endpoint propagation %.3f s\n",
           secs(sc->node_monitor_grace_period), secs(sc->toleration_seconds),
           secs(sc->hpa_sync_period), secs(sc->endpoint_propagation_delay));
    for (int i = 0; i < sc->pool_count; i++) {
        const pool_spec_t *p = &sc->pools[i];
        printf("  pool %s: %d x (%.3g cpu, %.0f MiB) %s nodes, $%.3f/h each, repair %s", p->name,
               p->count, (double)p->cpu / 1000, (double)p->memory / (1 << 20),
               runtime_name(p->runtime), p->price_per_hour, p->repair_auto ? "auto" : "manual");
        if (p->autoscaling) printf(", autoscaling %d..%d", p->autoscaling_min, p->autoscaling_max);
        printf("\n");
    }
}

/* A version's pod template: capacity, resources, start-up, probes, how it misbehaves. */
static void explain_version(const version_spec_t *vs) {
    printf("  version %s: %.0f req/s per pod (%d workers, queue %d), errorRate %.3g, "
           "request %.3g cpu / %.0f MiB, start-up mean %.1f s",
           vs->name, vs->capacity_rps, vs->concurrency, vs->queue_limit, vs->error_rate,
           (double)vs->cpu / 1000, (double)vs->memory / (1 << 20),
           dist_mean(&vs->startup) / SIM_SEC);
    if (vs->readiness_probe.enabled)
        printf(", readinessProbe every %.0f s after %.0f s", secs(vs->readiness_probe.period),
               secs(vs->readiness_probe.initial_delay));
    /* the kubelet restarts the container after failureThreshold failures in a row */
    const probe_spec_t *rp[2] = {&vs->liveness_probe, &vs->startup_probe};
    for (int k = 0; k < 2; k++)
        if (rp[k]->enabled)
            printf(", %s every %.0f s after %.0f s (restart after %d failures, %.0f s "
                   "timeout)",
                   k ? "startupProbe" : "livenessProbe", secs(rp[k]->period),
                   secs(rp[k]->initial_delay), rp[k]->failure_threshold, secs(rp[k]->timeout));
    if (vs->has_hang_after)
        printf(", hangs %.1f s (mean) after it starts", dist_mean(&vs->hang_after) / SIM_SEC);
    if (vs->has_unready_after)
        printf(", readiness fails %.1f s (mean) after it starts",
               dist_mean(&vs->unready_after) / SIM_SEC);
    printf("\n");
}

/* A service: replicas, strategy and its fenceposts, each version, traffic, HPA. */
static void explain_service(const service_spec_t *s) {
    printf("\nservice %s/%s: %d replicas of %s (%s runtime), %s\n", s->namespace_, s->name,
           s->replicas, s->versions[0].name, runtime_name(s->runtime),
           strategy_type_name(s->strategy.type));
    if (strategy_type_flags(s->strategy.type) & STRATEGY_F_SURGE) {
        char buf[256];
        rollout_explain_fenceposts(buf, sizeof buf, s->strategy.max_surge,
                                   s->strategy.max_unavailable, s->replicas);
        printf("  %s\n", buf);
    }
    for (int v = 0; v < s->version_count; v++)
        explain_version(&s->versions[v]);
    printf("  traffic %.0f req/s", s->rps);
    if (s->trace) {
        double peak = s->rps;
        for (int k = 0; k < s->pattern_count; k++)
            peak = s->pattern[k].rps > peak ? s->pattern[k].rps : peak;
        printf(" at the start, from the trace %s: %d segments (linear), peak %.0f req/s\n",
               s->trace, s->pattern_count, peak);
    }
    for (int k = 0; k < s->pattern_count && !s->trace; k++)
        printf(", at %.0f s -> %.0f req/s over %.0f s", secs(s->pattern[k].at), s->pattern[k].rps,
               secs(s->pattern[k].ramp));
    if (!s->trace) printf("\n");
    if (s->hpa.enabled)
        printf("  HPA %d..%d replicas at %d%% CPU\n", s->hpa.min_replicas, s->hpa.max_replicas,
               s->hpa.target_cpu_utilization);
}

/* One scheduled action, in words. */
static void explain_action(const scenario_t *sc, const action_t *a) {
    printf("  %7.1f s  %s", secs(a->at), action_names[a->action]);
    if (a->service >= 0) printf(" %s", sc->services[a->service].name);
    if (a->action == ACTION_DEPLOY)
        printf(" %s", sc->services[a->service].versions[a->version].name);
    if ((a->action >= ACTION_FAIL_NODE && a->action <= ACTION_DRAIN_NODE) ||
        a->action == ACTION_TAINT || a->action == ACTION_UNTAINT)
        printf(" %s-%d", sc->pools[a->pool].name, a->node + 1);
    if (a->action == ACTION_FAIL_ZONE || a->action == ACTION_REPAIR_ZONE)
        printf(" %s", sc->zones[a->zone]);
    if (a->action == ACTION_TAINT)
        printf(" %s=%s:%s", a->taint.key, a->taint.value, taint_effect_names[a->taint.effect]);
    if (a->action == ACTION_UNTAINT) printf(" %s-", a->taint.key);
    printf("\n");
}

/* An Ingress's traffic: where each class of requests goes by the rules. */
static void explain_ingress(const scenario_t *sc, const ingress_spec_t *ing) {
    if (!ing->request_count) return;
    printf("\ningress %s: traffic by host and path", ing->name);
    if (ing->traffic.pattern_count > 0)
        printf(" (rates at the start; %s of %d points)",
               ing->traffic.trace ? "a trace" : "a pattern", ing->traffic.pattern_count);
    printf("\n");
    for (int k = 0; k < ing->request_count; k++) {
        const ingress_request_t *rq = &ing->requests[k];
        printf("  %s%s  %.15g req/s -> ", rq->host[0] ? rq->host : "(any host)", rq->path, rq->rps);
        if (rq->rule >= 0) {
            const ingress_rule_t *r = &ing->rules[rq->rule];
            printf("%s (rule %d: %s%s %s)", sc->services[rq->service].name, rq->rule,
                   r->host[0] ? r->host : "", r->path, r->exact ? "Exact" : "Prefix");
            if (r->canary_service >= 0)
                printf(", %d%% of it to %s (canary)", r->canary_weight,
                       sc->services[r->canary_service].name);
            printf("\n");
        } else if (rq->service >= 0) {
            printf("%s (no rule: defaultBackend)\n", sc->services[rq->service].name);
        } else {
            printf("404 (no rule, no defaultBackend)\n");
        }
    }
}

int cli_explain(int argc, char **argv) {
    cli_opts_t o = {0};
    int rc = cli_parse(argc, argv, "explain", CLI_OPT_SET, &o, explain_usage);
    if (rc < 0 && o.nargs != 1) rc = explain_usage(stderr);
    scenario_t *sc = rc < 0 ? cli_load(o.args[0], &o) : NULL;
    free(o.args);
    if (rc >= 0) return rc;
    if (!sc) return 2;
    printf("%s\n", sc->name);
    if (sc->description && sc->description[0]) printf("  %s\n", sc->description);
    printf("seed %llu, duration %.0f s, metrics every %.3f s, %s start, %s traffic\n",
           (unsigned long long)sc->seed, secs(sc->duration), secs(sc->metrics_interval),
           sc->cold_start ? "cold" : "steady-state",
           sc->fidelity == FIDELITY_FLUID ? "fluid" : "request-level");
    explain_cluster(sc);
    for (int i = 0; i < sc->service_count; i++)
        explain_service(&sc->services[i]);
    for (int i = 0; i < sc->ingress_count; i++)
        explain_ingress(sc, &sc->ingresses[i]);
    if (sc->event_count) printf("\nevents:\n");
    for (int i = 0; i < sc->event_count; i++)
        explain_action(sc, &sc->events[i]);
    scenario_free(sc);
    return 0;
}
