/* probes: the kubelet's probes (pkg/kubelet/prober), split out of kubelet.c, whose per-pod state
 * (kubelet_pod.h) they share.
 * Each probe ticks at container start + initialDelaySeconds + k x periodSeconds. Liveness and
 * readiness wait for the startup probe's success (worker.go: no result before the container
 * is started). A probe fails while the app is not up yet (connection refused, at once) and,
 * once the app hangs, after timeoutSeconds (readiness also once unreadyAfter has passed).
 * Only the failing ticks are events: failureThreshold of them in a row restart the container
 * (liveness, startup) or take the Ready pod out of the endpoints (readiness). */
#include <stdio.h>
#include <string.h>

#include "kernel.h"
#include "kubelet.h"
#include "kubelet_pod.h"
#include "model.h"
#include "notify.h"
#include "probes.h"

enum { PROBE_READINESS, PROBE_LIVENESS, PROBE_STARTUP, PROBE_HANG };

static const probe_spec_t *probe_of(const version_spec_t *v, int k) {
    return k == PROBE_READINESS  ? &v->readiness_probe
           : k == PROBE_LIVENESS ? &v->liveness_probe
                                 : &v->startup_probe;
}

static const char *const probe_names[] = {"Readiness", "Liveness", "Startup"};

/* The first tick of probe pr at or after t. */
static sim_time_t probe_tick_at(const probe_spec_t *pr, sim_time_t container_start, sim_time_t t) {
    sim_time_t first = container_start + pr->initial_delay;
    if (t <= first) return first;
    if (t >= PROBE_NEVER) return PROBE_NEVER;
    return first + (t - first + pr->period - 1) / pr->period * pr->period;
}

/* When the probe's answers turn bad for good: the hang, or (readiness) unreadyAfter. */
static sim_time_t probe_bad_from(const kubelet_pod_t *c, int k) {
    return k == PROBE_READINESS && c->unready_at < c->hang_at ? c->unready_at : c->hang_at;
}

static bool probe_fails_at(const kubelet_pod_t *c, int k, sim_time_t t) {
    return t < c->app_up_at || t >= probe_bad_from(c, k);
}

/* The next failing tick of probe k at or after `from`, or PROBE_NEVER. */
static sim_time_t probe_next_fail(const sim_t *s, const pod_t *p, int k, sim_time_t from) {
    const kubelet_pod_t *c = kp(s, (int)(p - s->pods));
    const probe_spec_t *pr = probe_of(pod_version(s, p), k);
    if (!pr->enabled) return PROBE_NEVER;
    if (k != PROBE_STARTUP && from < c->started_at) from = c->started_at;
    sim_time_t t = probe_tick_at(pr, p->container_start, from);
    if (t < PROBE_NEVER && !probe_fails_at(c, k, t))
        t = probe_tick_at(pr, p->container_start, probe_bad_from(c, k));
    if (k == PROBE_STARTUP && t >= c->started_at) return PROBE_NEVER; /* it succeeded */
    return t;
}

/* A failing tick is reported at once while the app is not up (connection refused), after
 * timeoutSeconds once it hangs. */
static void probe_schedule(sim_t *s, int pi, int k, sim_time_t tick) {
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    if (tick >= PROBE_NEVER) return;
    sim_time_t at = tick;
    if (tick >= c->hang_at) at += probe_of(pod_version(s, p), k)->timeout;
    c->probe_last[k] = tick; /* the tick this report belongs to */
    engine_schedule(s->eng, at, EV_POD_PROBE_FAIL, (uint32_t)pi, (uint64_t)k << 32 | p->gen);
}

/* The probe timeline of a container that runs from container_start with its app up at
 * app_up_at: startupProbe's success, the app's hang and unreadiness, the first failing tick of
 * each probe. Returns when the pod turns Ready by its probes (PROBE_NEVER: never). */
sim_time_t probes_arm(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    const version_spec_t *v = pod_version(s, p);
    service_t *sv = &s->services[p->service];
    sim_time_t cs = p->container_start;
    c->hang_at = c->unready_at = PROBE_NEVER;
    sim_time_t base = cs > 0 ? cs : 0; /* time 0 is the start of a steady-state container */
    if (v->has_hang_after) c->hang_at = base + dist_sample(&v->hang_after, sv->rng_startup);
    if (v->has_unready_after)
        c->unready_at = base + dist_sample(&v->unready_after, sv->rng_startup);
    if (c->hang_at <= c->app_up_at) c->app_up_at = PROBE_NEVER; /* hung before it came up */
    for (int k = 0; k < 3; k++)
        c->probe_fails[k] = 0;
    /* startupProbe: succeeds at its first tick after the app is up, unless failureThreshold
     * failures came first */
    c->started_at = cs;
    const probe_spec_t *st = &v->startup_probe;
    if (st->enabled) {
        sim_time_t t = probe_tick_at(st, cs, c->app_up_at);
        sim_time_t failures =
            t >= PROBE_NEVER ? PROBE_NEVER : (t - cs - st->initial_delay) / st->period;
        c->started_at = t < c->hang_at && failures < st->failure_threshold ? t : PROBE_NEVER;
    }
    sim_time_t ready = PROBE_NEVER;
    const probe_spec_t *rp = &v->readiness_probe;
    sim_time_t up = c->app_up_at > c->started_at ? c->app_up_at : c->started_at;
    if (rp->enabled && up < PROBE_NEVER) {
        ready = probe_tick_at(rp, cs, up) + (sim_time_t)(rp->success_threshold - 1) * rp->period;
        if (ready >= probe_bad_from(c, PROBE_READINESS)) ready = PROBE_NEVER;
    } else if (!rp->enabled) {
        ready = c->started_at; /* no readiness probe: Ready once started */
    }
    return ready;
}

void probes_schedule_failures(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    for (int k = 0; k < 3; k++)
        probe_schedule(s, pi, k, probe_next_fail(s, p, k, p->container_start));
    if (c->hang_at < PROBE_NEVER)
        engine_schedule(s->eng, c->hang_at, EV_POD_PROBE_FAIL, (uint32_t)pi,
                        (uint64_t)PROBE_HANG << 32 | p->gen);
}

static void probe_failed(sim_t *s, int pi, int k) {
    pod_t *p = &s->pods[pi];
    kubelet_pod_t *c = kp(s, pi);
    const version_spec_t *v = pod_version(s, p);
    const probe_spec_t *pr = probe_of(v, k);
    const char *name = s->sc->services[p->service].name;
    sim_time_t tick = c->probe_last[k];
    /* failures in a row: a passing tick between two failing ones resets the count */
    bool consecutive = c->probe_fails[k] > 0 && tick - c->probe_prev_fail[k] == pr->period;
    c->probe_fails[k] = consecutive ? c->probe_fails[k] + 1 : 1;
    c->probe_prev_fail[k] = tick;
    if (tick < c->app_up_at && tick < c->hang_at) {
        sim_ref_t ref = SIM_REF_NONE;
        ref.kind = SIM_EVK_STARTING_PROBE, ref.service = p->service;
        model_event_ref(s, ref, "Warning", "Unhealthy", p->name,
                        "%s probe failed: connection refused (the app is still starting)",
                        probe_names[k]);
    } else if (tick >= c->hang_at) {
        char d[32];
        go_duration(pr->timeout, d, sizeof d);
        model_event(s, "Warning", "Unhealthy", p->name,
                    "%s probe failed: context deadline exceeded (no answer within "
                    "timeoutSeconds %s: the app hangs)",
                    probe_names[k], d);
    } else {
        model_event(s, "Warning", "Unhealthy", p->name,
                    "%s probe failed: HTTP probe failed with statuscode: 503", probe_names[k]);
    }
    char obj[96];
    snprintf(obj, sizeof obj, "Pod/%s", p->name);
    if (c->probe_fails[k] >= pr->failure_threshold && k != PROBE_READINESS) {
        const char *what = k == PROBE_LIVENESS ? "liveness" : "startup";
        model_event(s, "Normal", "Killing", p->name,
                    "Container %s failed %s probe, will be restarted", name, what);
        model_decision(s, "kubelet", obj,
                       k == PROBE_LIVENESS ? "liveness restart" : "startup restart",
                       "%d %s probe failures in a row = failureThreshold %d (every %.0f s): the "
                       "container is killed and restarted (restart %d)",
                       c->probe_fails[k], what, pr->failure_threshold, (double)pr->period / SIM_SEC,
                       p->restarts + 1);
        pod_crash(s, pi); /* a new container: its own probe timeline */
        return;
    }
    if (k == PROBE_READINESS && c->probe_fails[k] >= pr->failure_threshold && p->ready) {
        model_decision(s, "kubelet", obj, "NotReady",
                       "%d readiness probe failures in a row = failureThreshold %d: Ready=False, "
                       "the pod leaves the Service's endpoints (the container keeps running)",
                       c->probe_fails[k], pr->failure_threshold);
        pod_set_ready(s, pi, false);
    }
    probe_schedule(s, pi, k, probe_next_fail(s, p, k, tick + 1));
}

/* The app stops answering: requests it holds and every later one fail. */
static void app_hangs(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    char obj[96];
    snprintf(obj, sizeof obj, "Pod/%s", p->name);
    model_decision(s, "kubelet", obj, "app hangs",
                   "hangAfter: the app stops answering requests and probes; %s",
                   pod_version(s, p)->liveness_probe.enabled
                       ? "the liveness probe will restart it"
                       : "no livenessProbe: nothing restarts it");
    p->app_up = false;
    pod_changed(s, pi, POD_CHG_KILLED);
}

void probes_handle_event(sim_t *s, int pi, int k) {
    if (k == PROBE_HANG)
        app_hangs(s, pi);
    else
        probe_failed(s, pi, k);
}
