/* sim: the top floor of the public API (sim.h). Creates the world at time 0 (steady state or
 * cold start), applies actions (the scenario's and injected ones), and runs the event loop,
 * handing every other event to the kernel (kernel.c), which dispatches it to its controller.
 * The views are in views.c. Nothing below calls back up into this file. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoscaler.h"
#include "bare.h"
#include "counts.h"
#include "deployment.h"
#include "faults.h"
#include "fluid.h"
#include "hpa.h"
#include "kernel.h"
#include "kubelet.h"
#include "metrics.h"
#include "model.h"
#include "nodes.h"
#include "preemption.h"
#include "replicaset.h"
#include "rng.h"
#include "sched_index.h"
#include "scheduler.h"
#include "spot.h"
#include "traffic.h"
#include "zone_avail.h"

const char *const sim_pod_state_names[SIM_POD_STATE_COUNT] = {
    "Pending",  "Pulling",     "Starting", "Ready",
    "NotReady", "Terminating", "Deleted",  "CrashLoopBackOff"};
const char *const sim_node_state_names[SIM_NODE_STATE_COUNT] = {"Provisioning", "Ready", "NotReady",
                                                                "SchedulingDisabled", "Removed"};

/* ---- creation ---- */

static int place_initial_pods(sim_t *s) {
    /* Steady state: the scheduler places every pod, which is already running and Ready.
     * Services are placed in file order, round by round, so no service gets all the room. */
    int max_rep = 0;
    for (int i = 0; i < s->sc->service_count; i++)
        if (s->services[i].replicas > max_rep) max_rep = s->services[i].replicas;
    s->steady_init = !s->sc->cold_start;
    for (int r = 0; r < max_rep; r++) {
        for (int i = 0; i < s->sc->service_count; i++) {
            service_t *sv = &s->services[i];
            if (r >= sv->replicas) continue;
            int ri = sv->new_rs;
            int pi = pod_create(s, ri);
            if (pi < 0) return -1;
            model_event(s, "Normal", "SuccessfulCreate", s->rs[ri].name, "Created pod: %s",
                        s->pods[pi].name);
            pod_report(s, pi);
            sched_enqueue(s, pi);
            sched_try(s, pi, true);
        }
    }
    /* pods placed later in the loop may attract earlier ones (podAffinity): one more pass */
    if (s->sc->pod_affinity) sched_retry(s);
    s->steady_init = false;
    for (int pi = 0; pi < s->pod_used; pi++)
        if (s->pods[pi].used) metrics_pod_row(s, pi, s->pods[pi].shown);
    for (int i = 0; i < s->rs_count; i++)
        rs_report(s, i);
    metrics_flush_instant(s);
    return 0;
}

static int services_init(sim_t *s) {
    int n = s->sc->service_count;
    s->services = calloc((size_t)(n > 0 ? n : 1), sizeof *s->services);
    if (!s->services) return -1;
    for (int i = 0; i < n; i++) {
        service_t *sv = &s->services[i];
        const service_spec_t *spec = &s->sc->services[i];
        sv->spec = spec;
        sv->index = i;
        sv->rng_arrivals = rng_stream_ns(s->seed, RNG_ARRIVALS, spec->namespace_, spec->name);
        sv->rng_service = rng_stream_ns(s->seed, RNG_SERVICE, spec->namespace_, spec->name);
        sv->rng_routing = rng_stream_ns(s->seed, RNG_ROUTING, spec->namespace_, spec->name);
        sv->rng_startup = rng_stream_ns(s->seed, RNG_STARTUP, spec->namespace_, spec->name);
        sv->rng_names = rng_stream_ns(s->seed, RNG_NAMES, spec->namespace_, spec->name);
        sv->rng_failures = rng_stream_ns(s->seed, RNG_FAILURES, spec->namespace_, spec->name);
        if (!sv->rng_arrivals || !sv->rng_service || !sv->rng_routing || !sv->rng_startup ||
            !sv->rng_names || !sv->rng_failures)
            return -1;
        hist_clear(&sv->win.lat);
        hist_clear(&sv->total_lat);
        for (int v = 0; v < SIM_MAX_VERSIONS; v++)
            hist_clear(&sv->vwin[v].lat);
        deploy_init(s, i);
        if (sv->new_rs < 0) return -1; /* its ReplicaSet: out of memory */
        sv->bare_node = -1;
        sv->min_available = 1 << 30;
    }
    return 0;
}

sim_t *sim_create(const scenario_t *sc, const sim_options_t *opt, diag_t *diag) {
    sim_t *s = calloc(1, sizeof *s);
    if (!s) {
        diag_add(diag, "out of memory");
        return NULL;
    }
    s->sc = sc;
    s->seed = opt && opt->seed ? opt->seed : sc->seed;
    s->pending_head = s->pending_tail = -1;
    s->eng = engine_create(1024);
    int hist = opt && opt->history_events > 0 ? opt->history_events : 500;
    s->ev_cap = s->dec_cap = hist;
    s->ev_ring = calloc((size_t)hist, sizeof *s->ev_ring);
    s->dec_ring = calloc((size_t)hist, sizeof *s->dec_ring);
    s->rng_sched = rng_stream(s->seed, RNG_SCHEDULING, "cluster");
    s->sched_placement = opt ? opt->placement : SIM_PLACE_DEFAULT;
    s->hpa_every_pod = opt && opt->hpa_every_pod;
    s->sched_index_min = s->sched_placement == SIM_PLACE_DEFAULT ? SCHED_INDEX_MIN_NODES : 0;
    s->interval = sc->metrics_interval > 0 ? sc->metrics_interval : SIM_SEC;
    if (!s->eng || !s->ev_ring || !s->dec_ring || !s->rng_sched) {
        diag_add(diag, "out of memory");
        sim_destroy(s);
        return NULL;
    }
    if (opt && opt->outdir && metrics_open(s, opt->outdir) != 0) {
        diag_add(diag, "%s", s->error);
        sim_destroy(s);
        return NULL;
    }
    if (services_init(s) != 0 || nodes_init(s) != 0 || prio_init(s) != 0 ||
        zone_avail_init(s) != 0 || place_initial_pods(s) != 0 || traffic_init(s) != 0) {
        diag_add(diag, "out of memory while building the cluster");
        sim_destroy(s);
        return NULL;
    }
    metrics_flush_instant(s);
    fluid_init(s);
    hpa_init(s);
    ca_init(s); /* after the HPAs: the order of time-0 timers is part of the outputs */
    faults_init(s);
    if (spot_init(s) != 0) {
        diag_add(diag, "out of memory while building the cluster");
        sim_destroy(s);
        return NULL;
    }
    for (int i = 0; i < sc->service_count; i++) {
        service_t *sv = &s->services[i];
        sv->max_pods = sv->total_pods;
        sv->min_available = 0;
        for (int k = 0; k < sv->rs_count; k++)
            sv->min_available += s->rs[sv->rs[k]].available;
    }
    for (int i = 0; i < sc->event_count; i++)
        engine_schedule(s->eng, sc->events[i].at, EV_ACTION, (uint32_t)i, 0);
    engine_schedule(s->eng, s->interval, EV_SAMPLE, 0, 0);
    return s;
}

/* The pod table and what sits beside it (same index). */
static void pods_free(sim_t *s) {
    for (int i = 0; i < s->pod_used; i++)
        free(s->pods[i].queue);
    free(s->pods);
    free(s->kubelet_pods);
    free(s->pod_names);
    free(s->pod_free);
    free(s->ghosts);
    free(s->util_dirty);
}

void sim_destroy(sim_t *s) {
    if (!s) return;
    metrics_close_files(s);
    hpa_free(s);
    ca_free(s);
    zone_avail_free(s);
    for (int i = 0; s->services && i < s->sc->service_count; i++) {
        service_t *sv = &s->services[i];
        gsl_rng *r[] = {sv->rng_arrivals, sv->rng_service,  sv->rng_routing,     sv->rng_startup,
                        sv->rng_names,    sv->rng_failures, sv->argo.rng_preview};
        for (size_t k = 0; k < sizeof r / sizeof r[0]; k++)
            if (r[k]) gsl_rng_free(r[k]);
        free(sv->rs);
        free(sv->samples);
    }
    free(s->services);
    for (int i = 0; i < s->rs_count; i++) {
        free(s->rs[i].endpoints);
        free(s->rs[i].members);
        free(s->rs[i].hpa_list);
    }
    fluid_free(s);
    free(s->rs);
    pods_free(s);
    for (int i = 0; i < s->node_count; i++) {
        free(s->nodes[i].images);
        free(s->nodes[i].dep_name);
        free(s->nodes[i].dep_version);
        free(s->nodes[i].taints);
    }
    free(s->nodes);
    for (int i = 0; i < s->image_count; i++)
        free(s->images[i].name);
    free(s->images);
    for (int p = 0; s->rng_pool_failures && p < s->sc->pool_count; p++) {
        if (s->rng_pool_failures[p]) gsl_rng_free(s->rng_pool_failures[p]);
        if (s->rng_pool_provision && s->rng_pool_provision[p])
            gsl_rng_free(s->rng_pool_provision[p]);
    }
    free(s->rng_pool_failures);
    free(s->rng_pool_provision);
    free(s->pool_next_index);
    count_map_free(&s->sched_counts);
    for (int i = 0; s->sched_rs && i < s->sched_zone_rows; i++) {
        free(s->sched_rs[i].e);
    }
    free(s->sched_rs);
    free(s->sched_nodes);
    free(s->sched_classes);
    sched_index_free(s);
    free(s->sched_feasible);
    free(s->sched_raw);
    free(s->sched_zone);
    free(s->sched_zone_scratch);
    free(s->sched_pods);
    for (int i = 0; s->rng_zone_faults && i < s->sc->fault_count; i++)
        if (s->rng_zone_faults[i]) gsl_rng_free(s->rng_zone_faults[i]);
    free(s->rng_zone_faults);
    for (int i = 0; s->sched_topo && i < s->sc->service_count; i++)
        free(s->sched_topo[i].zone_ok);
    free(s->sched_topo);
    prio_free(s);
    spot_free(s);
    if (s->rng_sched) gsl_rng_free(s->rng_sched);
    free(s->csamples);
    free(s->ev_ring);
    free(s->dec_ring);
    free(s->actions);
    free(s->dirty_rs);
    free(s->dirty_nodes);
    diag_free(&s->errors);
    engine_destroy(s->eng);
    free(s);
}

/* ---- actions ---- */

static const char *service_name(const scenario_t *sc, int i) {
    return i >= 0 && i < sc->service_count ? sc->services[i].name : "?";
}

static const char *pool_name(const scenario_t *sc, int i) {
    return i >= 0 && i < sc->pool_count ? sc->pools[i].name : "?";
}

void sim_action_text(const scenario_t *sc, const action_t *a, char *buf, size_t n) {
    const char *name = a->action < ACTION_COUNT ? action_names[a->action] : "?";
    const char *svc = service_name(sc, a->service);
    const char *pool = pool_name(sc, a->pool);
    switch (a->action) {
    case ACTION_DEPLOY: {
        const char *v = "?";
        if (a->service >= 0 && a->service < sc->service_count && a->version >= 0 &&
            a->version < sc->services[a->service].version_count)
            v = sc->services[a->service].versions[a->version].name;
        snprintf(buf, n, "deploy %s %s", svc, v);
        break;
    }
    case ACTION_SCALE:
        snprintf(buf, n, "scale %s to %d", svc, a->replicas);
        break;
    case ACTION_SET_TRAFFIC:
        snprintf(buf, n, "traffic %s %.0f req/s", svc, a->rps);
        break;
    case ACTION_FAIL_NODE:
    case ACTION_REPAIR_NODE:
    case ACTION_CORDON_NODE:
    case ACTION_UNCORDON_NODE:
    case ACTION_DRAIN_NODE:
        snprintf(buf, n, "%s %s-%d", name, pool, a->node + 1);
        break;
    case ACTION_ADD_NODE:
        snprintf(buf, n, "addNode %s", pool);
        break;
    case ACTION_KILL_POD:
        snprintf(buf, n, "killPod %s", a->pod ? a->pod : svc);
        break;
    case ACTION_FAIL_ZONE:
    case ACTION_REPAIR_ZONE:
        snprintf(buf, n, "%s %s", name,
                 a->zone >= 0 && a->zone < sc->zone_count ? sc->zones[a->zone] : "?");
        break;
    case ACTION_TAINT:
    case ACTION_UNTAINT:
        snprintf(buf, n, "%s %s-%d %s", name, pool, a->node + 1, a->taint.key ? a->taint.key : "?");
        break;
    default:
        snprintf(buf, n, "%s %s", name, svc);
    }
}

static int kill_pod(sim_t *s, const action_t *a, char *err, size_t errlen) {
    int victim = -1;
    if (a->pod) {
        for (int i = 0; i < s->pod_used; i++)
            if (s->pods[i].used && s->pods[i].phase != POD_DELETED &&
                strcmp(s->pods[i].name, a->pod) == 0)
                victim = i;
        if (victim < 0) {
            snprintf(err, errlen, "no pod named %s", a->pod);
            return -1;
        }
    } else {
        /* one running pod of the service, chosen by the service's failures stream */
        service_t *sv = &s->services[a->service];
        int count = 0;
        for (int k = 0; k < sv->rs_count; k++)
            for (int pi = s->rs[sv->rs[k]].head; pi >= 0; pi = s->pods[pi].rs_next)
                if (s->pods[pi].counted_active) count++;
        if (count == 0) {
            snprintf(err, errlen, "%s has no pod to kill", sv->spec->name);
            return -1;
        }
        int pick = (int)gsl_rng_uniform_int(sv->rng_failures, (unsigned long)count);
        for (int k = 0; k < sv->rs_count && victim < 0; k++)
            for (int pi = s->rs[sv->rs[k]].head; pi >= 0; pi = s->pods[pi].rs_next)
                if (s->pods[pi].counted_active && pick-- == 0) {
                    victim = pi;
                    break;
                }
    }
    pod_t *p = &s->pods[victim];
    if (p->phase == POD_TERMINATING) {
        snprintf(err, errlen, "pod %s is already terminating", p->name);
        return -1;
    }
    if (bare_service(s, p->service)) return bare_kill(s, victim);
    pod_delete(s, victim, "killPod");
    return 0;
}

static int apply_action(sim_t *s, const action_t *a, char *err, size_t errlen) {
    int rc;
    switch (a->action) {
    case ACTION_DEPLOY:
    case ACTION_ROLLBACK:
    case ACTION_PAUSE:
    case ACTION_RESUME:
    case ACTION_PROMOTE:
    case ACTION_ABORT:
    case ACTION_SCALE:
    case ACTION_RESTART:
    case ACTION_RETRY:
    case ACTION_PATCH:
        rc = deploy_action(s, a, err, errlen);
        break;
    case ACTION_SET_TRAFFIC:
        traffic_set_rate(s, a->service, a->rps, a->ramp);
        rc = 0;
        break;
    case ACTION_KILL_POD:
        rc = kill_pod(s, a, err, errlen);
        break;
    default:
        rc = node_action(s, a, err, errlen);
    }
    if (s->action_count == s->action_cap) {
        int ncap = s->action_cap ? s->action_cap * 2 : 16;
        action_rec_t *n = realloc(s->actions, sizeof *n * (size_t)ncap);
        if (!n) return rc;
        s->actions = n;
        s->action_cap = ncap;
    }
    action_rec_t *r = &s->actions[s->action_count++];
    r->time = model_now(s);
    r->action = *a;
    r->action.at = r->time;
    snprintf(r->pod, sizeof r->pod, "%s", a->pod ? a->pod : "");
    r->action.pod = NULL; /* points into r->pod when read (the array may move) */
    sim_action_text(s->sc, a, r->text, sizeof r->text);
    if (rc != 0) {
        char obj[96];
        snprintf(obj, sizeof obj, "Scenario/%s", s->sc->name);
        model_event(s, "Warning", "ActionFailed", obj, "%s: %s", r->text, err);
    }
    return rc;
}

int sim_inject(sim_t *s, const action_t *a, char *err, size_t errlen) {
    if (s->finished) {
        snprintf(err, errlen, "the run has finished");
        return -1;
    }
    fluid_advance(s);
    return apply_action(s, a, err, errlen);
}

/* ---- the event loop ---- */

/* Events at one instant beyond which the model is taken to be stuck in a loop of its
 * controllers (a bug): far above what a cold start of 150,000 pods needs at time 0, and 64 per
 * pod slot and node above that — a zone outage of 130,000 nodes evicts 1.3 million pods in
 * one instant, each a handful of events (eviction, deletion, a replacement, its attempts). */
#define STALL_EVENTS 2000000ull
#define STALL_EVENTS_PER_OBJECT 64ull

static bool stalled_at_instant(const sim_t *s) {
    if (s->instant_events <= STALL_EVENTS) return false;
    uint64_t objects = (uint64_t)s->pod_used + (uint64_t)s->node_count;
    return s->instant_events > STALL_EVENTS_PER_OBJECT * objects;
}

/* ---- the run loop and its hooks ----------------------------------------------------------
 * The loop is three named steps around each event (as a server loop has its before-sleep
 * hook): before_event, the event itself, after_event. Work that belongs to a moment of the
 * loop goes into its hook, not inline. */

/* Before an event: the stall guard (a controller loop that makes no progress), then the fluid
 * model books the traffic since the last event with the state it had then. False: stalled. */
static bool before_event(sim_t *s, const engine_event_t *ev) {
    if (ev->time != s->instant) {
        s->instant = ev->time;
        s->instant_events = 0;
    } else if (++s->instant_events > STALL_EVENTS && stalled_at_instant(s)) {
        snprintf(s->error, sizeof s->error,
                 "the model made no progress at t = %.6f s: %llu events at that instant (a "
                 "controller loop; please report it with the scenario)",
                 (double)ev->time / SIM_SEC, (unsigned long long)s->instant_events);
        s->stalled = true;
        return false;
    }
    if (s->sc->fidelity == FIDELITY_FLUID && ev->time > s->fluid_last) fluid_advance(s);
    return true;
}

/* The event: actions are the top floor's; the rest the model's. */
static void handle_event(sim_t *s, const engine_event_t *ev) {
    if (ev->kind == EV_ACTION) {
        char err[256];
        apply_action(s, &s->sc->events[ev->a], err, sizeof err);
    } else {
        model_dispatch(s, ev);
    }
}

/* After an event: when the instant is over (the next event is later), its change rows. */
static void after_event(sim_t *s, const engine_event_t *ev) {
    if ((s->dirty_rs_count || s->dirty_node_count) && engine_peek_time(s->eng) > ev->time)
        metrics_flush_instant(s);
}

int sim_run_until(sim_t *s, sim_time_t t) {
    if (s->stalled) return -1;
    if (t > s->sc->duration) t = s->sc->duration;
    engine_event_t ev;
    while (engine_next(s->eng, t, &ev)) {
        if (!before_event(s, &ev)) return -1;
        handle_event(s, &ev);
        after_event(s, &ev);
    }
    metrics_flush_instant(s);
    engine_advance(s->eng, t);
    return 0;
}

int sim_finish(sim_t *s) {
    if (s->finished) return 0;
    fluid_advance(s);
    if (model_now(s) > s->last_sample) metrics_sample(s);
    metrics_write_summary(s);
    s->finished = true;
    return metrics_close_files(s);
}

int sim_run(sim_t *s) {
    if (sim_run_until(s, s->sc->duration) != 0) {
        metrics_close_files(s);
        s->finished = true;
        return -1;
    }
    return sim_finish(s);
}
