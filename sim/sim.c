/* sim: the public API over the model. Creates the world at time 0 (steady state or cold
 * start), runs the event loop that dispatches each event kind to its controller, applies
 * actions, keeps the recent history the dashboard shows, and answers the views. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "rng.h"

const char *const sim_pod_state_names[SIM_POD_STATE_COUNT] = {
    "Pending",  "Pulling",     "Starting", "Ready",
    "NotReady", "Terminating", "Deleted",  "CrashLoopBackOff"};
const char *const sim_node_state_names[SIM_NODE_STATE_COUNT] = {"Provisioning", "Ready", "NotReady",
                                                                "SchedulingDisabled", "Removed"};

void metrics_event_row(sim_t *s, const event_rec_t *e);
void metrics_decision_row(sim_t *s, const decision_rec_t *d);
int metrics_close_files(sim_t *s);
void hpa_init(sim_t *s);
void hpa_handle_event(sim_t *s, const engine_event_t *ev);
void hpa_free(sim_t *s);
void faults_init(sim_t *s);
void faults_handle_event(sim_t *s, const engine_event_t *ev);
void strategy_argo_timer(sim_t *s, const engine_event_t *ev);
void fluid_handle_tick(sim_t *s, const engine_event_t *ev);

sim_time_t model_now(const sim_t *s) {
    return engine_now(s->eng);
}

static void copy_str(char *dst, size_t n, const char *src) {
    snprintf(dst, n, "%s", src ? src : "");
}

/* The kind of an event whose reason alone says what it is (the others are set by the caller). */
static sim_event_kind_t event_kind(const char *type, const char *reason) {
    if (strcmp(reason, "RolloutAborted") == 0) return SIM_EVK_ROLLOUT_ABORTED;
    if (strcmp(reason, "ProgressDeadlineExceeded") == 0) return SIM_EVK_DEADLINE;
    if (strcmp(reason, "TaintManagerEviction") == 0) return SIM_EVK_EVICTION;
    /* the node's own event; its pods get a Warning of the same reason */
    if (strcmp(reason, "NodeNotReady") == 0 && strcmp(type, "Normal") == 0)
        return SIM_EVK_NODE_NOT_READY;
    return SIM_EVK_OTHER;
}

static void event_record(sim_t *s, sim_ref_t ref, const char *type, const char *reason,
                         const char *object, const char *fmt, va_list ap) {
    if (s->steady_init) return; /* a steady state's history happened before time 0 */
    event_rec_t *e = &s->ev_ring[(s->ev_start + s->ev_count) % s->ev_cap];
    if (s->ev_count == s->ev_cap)
        s->ev_start = (s->ev_start + 1) % s->ev_cap;
    else
        s->ev_count++;
    e->time = model_now(s);
    e->ref = ref;
    if (ref.kind == SIM_EVK_OTHER) e->ref.kind = event_kind(type, reason);
    copy_str(e->type, sizeof e->type, type);
    copy_str(e->reason, sizeof e->reason, reason);
    /* objects are Kind/name; a bare name is a Pod, Node or ReplicaSet by its reason */
    if (strchr(object, '/')) {
        copy_str(e->object, sizeof e->object, object);
    } else {
        const char *kind = "Pod";
        if (strncmp(reason, "Node", 4) == 0 || strcmp(reason, "RegisteredNode") == 0 ||
            strcmp(reason, "ScaleDown") == 0)
            kind = "Node";
        else if (strncmp(reason, "Successful", 10) == 0)
            kind = "ReplicaSet";
        snprintf(e->object, sizeof e->object, "%s/%s", kind, object);
    }
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    metrics_event_row(s, e);
}

void model_event_ref(sim_t *s, sim_ref_t ref, const char *type, const char *reason,
                     const char *object, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    event_record(s, ref, type, reason, object, fmt, ap);
    va_end(ap);
}

static void decision_record(sim_t *s, sim_ref_t ref, const char *controller, const char *object,
                            const char *decision, const char *fmt, va_list ap) {
    decision_rec_t *d = &s->dec_ring[(s->dec_start + s->dec_count) % s->dec_cap];
    if (s->dec_count == s->dec_cap)
        s->dec_start = (s->dec_start + 1) % s->dec_cap;
    else
        s->dec_count++;
    d->time = model_now(s);
    d->ref = ref;
    copy_str(d->controller, sizeof d->controller, controller);
    if (strchr(object, '/'))
        copy_str(d->object, sizeof d->object, object);
    else
        snprintf(d->object, sizeof d->object, "Node/%s", object);
    copy_str(d->decision, sizeof d->decision, decision);
    vsnprintf(d->explanation, sizeof d->explanation, fmt, ap);
    metrics_decision_row(s, d);
}

void model_decision_ref(sim_t *s, sim_ref_t ref, const char *controller, const char *object,
                        const char *decision, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    decision_record(s, ref, controller, object, decision, fmt, ap);
    va_end(ap);
}

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
    if (services_init(s) != 0 || nodes_init(s) != 0 || place_initial_pods(s) != 0 ||
        traffic_init(s) != 0) {
        diag_add(diag, "out of memory while building the cluster");
        sim_destroy(s);
        return NULL;
    }
    metrics_flush_instant(s);
    fluid_init(s);
    hpa_init(s);
    faults_init(s);
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

void sim_destroy(sim_t *s) {
    if (!s) return;
    metrics_close_files(s);
    hpa_free(s);
    for (int i = 0; s->services && i < s->sc->service_count; i++) {
        service_t *sv = &s->services[i];
        gsl_rng *r[] = {sv->rng_arrivals, sv->rng_service, sv->rng_routing,
                        sv->rng_startup,  sv->rng_names,   sv->rng_failures};
        for (size_t k = 0; k < sizeof r / sizeof r[0]; k++)
            if (r[k]) gsl_rng_free(r[k]);
        free(sv->rs);
        free(sv->samples);
    }
    free(s->services);
    for (int i = 0; i < s->rs_count; i++)
        free(s->rs[i].endpoints);
    fluid_free(s);
    free(s->rs);
    for (int i = 0; i < s->pod_used; i++)
        free(s->pods[i].queue);
    free(s->pods);
    free(s->pod_free);
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
        if (s->rng_pool_provision[p]) gsl_rng_free(s->rng_pool_provision[p]);
    }
    free(s->rng_pool_failures);
    free(s->rng_pool_provision);
    free(s->pool_next_index);
    free(s->spread);
    free(s->sched_feasible);
    free(s->sched_zone);
    free(s->sched_zone_scratch);
    for (int i = 0; s->rng_zone_faults && i < s->sc->fault_count; i++)
        if (s->rng_zone_faults[i]) gsl_rng_free(s->rng_zone_faults[i]);
    free(s->rng_zone_faults);
    for (int i = 0; s->sched_topo && i < s->sc->service_count; i++)
        free(s->sched_topo[i].zone_ok);
    free(s->sched_topo);
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

static void dispatch(sim_t *s, const engine_event_t *ev) {
    switch (ev->kind) {
    case EV_ARRIVAL:
    case EV_COMPLETE:
    case EV_TRAFFIC_CHANGE:
        traffic_handle_event(s, ev);
        break;
    case EV_POD_STAGE:
    case EV_POD_AVAILABLE:
    case EV_POD_APP_UP:
    case EV_POD_CRASH:
    case EV_POD_TERM_SIGNAL:
    case EV_POD_KILL:
    case EV_POD_PROBE_FAIL:
        pod_handle_event(s, ev);
        break;
    case EV_ENDPOINT_GONE:
        rs_endpoint_gone(s, (int)ev->a, (uint32_t)ev->b);
        break;
    case EV_DEPLOY_SYNC:
    case EV_PROGRESS_CHECK:
        deploy_handle_event(s, ev);
        break;
    case EV_SCHEDULE_RETRY:
        sched_retry(s);
        break;
    case EV_PULL_DONE:
    case EV_NODE_MONITOR:
    case EV_NODE_EVICT:
    case EV_NODE_PROVISIONED:
    case EV_FAULT_NODE:
    case EV_FAULT_REPAIR:
    case EV_DRAIN_TICK:
        node_handle_event(s, ev);
        break;
    case EV_FAULT_POD:
    case EV_FAULT_ZONE:
        faults_handle_event(s, ev);
        break;
    case EV_HPA_SYNC:
    case EV_HPA_WINDOW:
    case EV_CA_SCAN:
        hpa_handle_event(s, ev);
        break;
    case EV_STRATEGY_TIMER:
        strategy_argo_timer(s, ev);
        break;
    case EV_FLUID_TICK:
        fluid_handle_tick(s, ev);
        break;
    case EV_SAMPLE:
        fluid_advance(s);
        metrics_sample(s);
        if (model_now(s) + s->interval <= s->sc->duration)
            engine_schedule(s->eng, model_now(s) + s->interval, EV_SAMPLE, 0, 0);
        break;
    case EV_ACTION: {
        char err[256];
        apply_action(s, &s->sc->events[ev->a], err, sizeof err);
        break;
    }
    }
}

/* Events at one instant beyond which the model is taken to be stuck in a loop of its
 * controllers (a bug): far above what a cold start of 150,000 pods needs at time 0. */
#define STALL_EVENTS 2000000ull

int sim_run_until(sim_t *s, sim_time_t t) {
    if (s->stalled) return -1;
    if (t > s->sc->duration) t = s->sc->duration;
    engine_event_t ev;
    bool fluid = s->sc->fidelity == FIDELITY_FLUID;
    while (engine_next(s->eng, t, &ev)) {
        if (ev.time != s->instant) {
            s->instant = ev.time;
            s->instant_events = 0;
        } else if (++s->instant_events > STALL_EVENTS) {
            snprintf(s->error, sizeof s->error,
                     "the model made no progress at t = %.6f s: %llu events at that instant (a "
                     "controller loop; please report it with the scenario)",
                     (double)ev.time / SIM_SEC, (unsigned long long)s->instant_events);
            s->stalled = true;
            return -1;
        }
        /* fluid: the traffic since the last event is booked with the state it had then */
        if (fluid && ev.time > s->fluid_last) fluid_advance(s);
        dispatch(s, &ev);
        /* the instant is over when the next event is later: write its change rows */
        if ((s->dirty_rs_count || s->dirty_node_count) && engine_peek_time(s->eng) > ev.time)
            metrics_flush_instant(s);
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

const char *sim_error(const sim_t *s) {
    return s->error;
}
sim_time_t sim_now(const sim_t *s) {
    return engine_now(s->eng);
}
sim_time_t sim_duration(const sim_t *s) {
    return s->sc->duration;
}
bool sim_done(const sim_t *s) {
    return s->finished || engine_now(s->eng) >= s->sc->duration;
}
const scenario_t *sim_scenario(const sim_t *s) {
    return s->sc;
}
uint64_t sim_events_processed(const sim_t *s) {
    return engine_popped(s->eng);
}

/* ---- views ---- */

int sim_node_count(const sim_t *s) {
    return s->node_count;
}

bool sim_node_view(const sim_t *s, int ni, sim_node_view_t *out) {
    if (ni < 0 || ni >= s->node_count) return false;
    const node_t *n = &s->nodes[ni];
    const pool_spec_t *ps = &s->sc->pools[n->pool];
    out->name = n->name;
    out->pool = n->pool;
    out->state = n->state;
    out->failed = n->failed;
    out->cordoned = n->cordoned;
    out->provision_progress = 1;
    if (n->provisioning && n->provision_end > n->provision_start)
        out->provision_progress = (double)(model_now(s) - n->provision_start) /
                                  (double)(n->provision_end - n->provision_start);
    out->cpu_capacity = (double)ps->cpu / 1000.0;
    out->cpu_allocated = (double)n->cpu_alloc / 1000.0;
    out->memory_capacity = (double)ps->memory / (1024.0 * 1024.0);
    out->memory_allocated = (double)n->mem_alloc / (1024.0 * 1024.0);
    out->pod_count = n->pod_count;
    out->zone = n->zone >= 0 ? s->sc->zones[n->zone] : NULL;
    out->taint_count = n->taint_count;
    return true;
}

int sim_node_pods(const sim_t *s, int ni, uint32_t *ids, int max) {
    if (ni < 0 || ni >= s->node_count) return 0;
    /* the node's list is newest first; report oldest first so tiles keep their places */
    int n = 0;
    int last = -1;
    for (int pi = s->nodes[ni].head; pi >= 0; pi = s->pods[pi].node_next)
        last = pi;
    for (int pi = last; pi >= 0 && n < max; pi = s->pods[pi].node_prev)
        ids[n++] = (uint32_t)pi;
    return n;
}

int sim_unscheduled_pods(const sim_t *s, uint32_t *ids, int max) {
    int n = 0;
    for (int pi = s->pending_head; pi >= 0 && n < max; pi = s->pods[pi].pend_next)
        ids[n++] = (uint32_t)pi;
    return n;
}

bool sim_pod_view(const sim_t *s, uint32_t id, sim_pod_view_t *out) {
    if (id >= (uint32_t)s->pod_used) return false;
    const pod_t *p = &s->pods[id];
    if (!p->used || p->phase == POD_DELETED) return false;
    out->id = id;
    out->name = p->name;
    out->service = p->service;
    out->version = p->version;
    out->revision = s->rs[p->rs].revision;
    out->node = p->node;
    out->state = p->shown < SIM_POD_STATE_COUNT ? p->shown : SIM_POD_PENDING;
    out->since = p->phase_since;
    out->restarts = p->restarts;
    out->backoff_until = p->backoff_until;
    out->serving = p->endpoint && !p->ep_leaving;
    out->ip = p->ip;
    out->in_flight = p->busy + p->q_len;
    out->progress = 0;
    sim_time_t now = model_now(s);
    if ((p->phase == POD_PULLING || p->phase == POD_STARTING) && p->stage_end > p->stage_start) {
        double f = (double)(now - p->stage_start) / (double)(p->stage_end - p->stage_start);
        out->progress = f < 0 ? 0 : f > 1 ? 1 : f;
    }
    return true;
}

int sim_service_count(const sim_t *s) {
    return s->sc->service_count;
}

bool sim_service_view(const sim_t *s, int si, sim_service_view_t *out) {
    if (si < 0 || si >= s->sc->service_count) return false;
    const service_t *sv = &s->services[si];
    memset(out, 0, sizeof *out);
    out->name = sv->spec->name;
    out->namespace_ = sv->spec->namespace_;
    out->cluster_ip =
        (10u << 24) | (96u << 16) | ((uint32_t)(si / 250) << 8) | (uint32_t)(10 + si % 250);
    out->strategy = strategy_name(sv->spec->strategy.type);
    out->status = sv->aborted  ? "Degraded"
                  : sv->paused ? "Paused"
                  : sv->deadline_exceeded
                      ? (sv->spec->strategy.type == STRATEGY_CANARY ||
                                 sv->spec->strategy.type == STRATEGY_BLUE_GREEN
                             ? "Degraded" /* argo CalculateRolloutPhase: TimedOut is Degraded */
                             : "ProgressDeadlineExceeded")
                  : sv->complete ? "Complete"
                                 : "Progressing";
    out->replicas = sv->replicas;
    out->offered_rps = traffic_rate_now(s, si);
    out->canary_step = sv->spec->strategy.type == STRATEGY_CANARY && !sv->complete ? sv->step : -1;
    out->canary_steps = sv->spec->strategy.step_count;
    int eps = 0;
    for (int k = 0; k < sv->rs_count; k++)
        eps += s->rs[sv->rs[k]].ep_count;
    for (int k = 0; k < sv->rs_count; k++) {
        const rs_t *rs = &s->rs[sv->rs[k]];
        out->ready += rs->ready;
        out->available += rs->available;
        out->total += rs->pod_count;
        if (rs->pod_count == 0 && rs->desired == 0 && sv->rs[k] != sv->new_rs) continue;
        int slot = -1;
        for (int j = 0; j < out->version_count; j++)
            if (out->version_index[j] == rs->version) slot = j;
        if (slot < 0) {
            if (out->version_count == SIM_MAX_VERSIONS) continue;
            slot = out->version_count++;
            out->version_index[slot] = rs->version;
            out->versions[slot].name = sv->spec->versions[rs->version].name;
        }
        sim_version_view_t *v = &out->versions[slot];
        v->desired += rs->desired;
        v->ready += rs->ready;
        v->available += rs->available;
        v->total += rs->pod_count;
        switch (sv->route) {
        case ROUTE_ALL:
            v->weight += eps ? (double)rs->ep_count / eps : 0;
            break;
        case ROUTE_ACTIVE:
            if (sv->rs[k] == sv->route_rs[0]) v->weight = 1;
            break;
        case ROUTE_WEIGHTED:
            if (sv->rs[k] == sv->route_rs[1])
                v->weight = sv->route_weight / 100.0;
            else if (sv->rs[k] == sv->route_rs[0])
                v->weight = 1 - sv->route_weight / 100.0;
            break;
        }
    }
    return true;
}

int sim_samples(const sim_t *s, int service, const sim_sample_t **rows) {
    if (service < 0 || service >= s->sc->service_count) return 0;
    *rows = s->services[service].samples;
    return s->services[service].sample_count;
}

int sim_cluster_samples(const sim_t *s, const sim_cluster_sample_t **rows) {
    *rows = s->csamples;
    return s->csample_count;
}

int sim_event_count(const sim_t *s) {
    return s->ev_count;
}

bool sim_event_get(const sim_t *s, int i, sim_event_view_t *out) {
    if (i < 0 || i >= s->ev_count) return false;
    const event_rec_t *e = &s->ev_ring[(s->ev_start + i) % s->ev_cap];
    out->time = e->time;
    out->type = e->type;
    out->reason = e->reason;
    out->object = e->object;
    out->message = e->message;
    out->ref = e->ref;
    return true;
}

int sim_decision_count(const sim_t *s) {
    return s->dec_count;
}

bool sim_decision_get(const sim_t *s, int i, sim_decision_view_t *out) {
    if (i < 0 || i >= s->dec_count) return false;
    const decision_rec_t *d = &s->dec_ring[(s->dec_start + i) % s->dec_cap];
    out->time = d->time;
    out->controller = d->controller;
    out->object = d->object;
    out->decision = d->decision;
    out->explanation = d->explanation;
    out->ref = d->ref;
    return true;
}

int sim_action_count(const sim_t *s) {
    return s->action_count;
}

bool sim_action_get(const sim_t *s, int i, sim_action_view_t *out) {
    if (i < 0 || i >= s->action_count) return false;
    out->time = s->actions[i].time;
    out->action = s->actions[i].action;
    out->action.pod = s->actions[i].pod[0] ? (char *)s->actions[i].pod : NULL;
    out->text = s->actions[i].text;
    return true;
}

const char *sim_caption(const sim_t *s) {
    return sim_caption_lang(s, NULL);
}

const char *sim_caption_lang(const sim_t *s, const char *lang) {
    const char *cap = NULL;
    for (int i = 0; i < s->sc->note_count; i++)
        if (s->sc->notes[i].at <= model_now(s)) cap = scenario_note_text(&s->sc->notes[i], lang);
    return cap;
}

void sim_format_ip(uint32_t ip, char buf[16]) {
    snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}
