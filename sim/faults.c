/* faults: random pod crashes of a scenario's `faults` (podCrash). Each pod of the service
 * crashes after an exponential time with mean `mtbf`; with n running pods that is one
 * Poisson process of rate n / mtbf, drawn from the service's failures stream. Node failures
 * are per node and live in nodes.c. */
#include "model.h"

static int running_pods(sim_t *s, int service, int pick) {
    service_t *sv = &s->services[service];
    int count = 0;
    for (int k = 0; k < sv->rs_count; k++)
        for (int pi = s->rs[sv->rs[k]].head; pi >= 0; pi = s->pods[pi].rs_next) {
            const pod_t *p = &s->pods[pi];
            if (p->phase != POD_RUNNING || p->node < 0 || s->nodes[p->node].failed) continue;
            if (count == pick) return pi;
            count++;
        }
    return pick < 0 ? count : -1;
}

static void schedule_next(sim_t *s, int f) {
    const fault_spec_t *fs = &s->sc->faults[f];
    service_t *sv = &s->services[fs->service];
    int n = running_pods(s, fs->service, -1);
    sim_time_t t = dist_sample(&fs->mtbf, sv->rng_failures);
    if (n > 1) t /= n;
    engine_schedule(s->eng, model_now(s) + (t > 0 ? t : 1), EV_FAULT_POD, (uint32_t)f, 0);
}

void faults_init(sim_t *s);
void faults_init(sim_t *s) {
    for (int f = 0; f < s->sc->fault_count; f++)
        if (s->sc->faults[f].type == FAULT_POD_CRASH) schedule_next(s, f);
}

void faults_handle_event(sim_t *s, const engine_event_t *ev);
void faults_handle_event(sim_t *s, const engine_event_t *ev) {
    int f = (int)ev->a;
    const fault_spec_t *fs = &s->sc->faults[f];
    service_t *sv = &s->services[fs->service];
    int n = running_pods(s, fs->service, -1);
    if (n > 0) {
        int pi = running_pods(s, fs->service, (int)gsl_rng_uniform_int(sv->rng_failures, (unsigned long)n));
        if (pi >= 0) pod_crash(s, pi);
    }
    schedule_next(s, f);
}
