/* kernel: what every controller shares, below the public API. The clock (model_now), the
 * history of events and decisions the views and the CSVs read (model_event_ref,
 * model_decision_ref, with their typed fields), and the dispatch of each event kind to the
 * controller that owns it. sim.c (the top floor) creates the world, applies actions and runs
 * the loop; it calls down into here, never the other way. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "autoscaler.h"
#include "deployment.h"
#include "faults.h"
#include "fluid.h"
#include "hpa.h"
#include "kernel.h"
#include "kubelet.h"
#include "metrics.h"
#include "nodes.h"
#include "replicaset.h"
#include "scheduler.h"
#include "spot.h"
#include "strategy_argo.h"
#include "traffic.h"

/* snprintf(dst, n, "%s", src) without stdio: every event copies three strings */
static void copy_str(char *dst, size_t n, const char *src) {
    size_t len = src ? strnlen(src, n - 1) : 0;
    memcpy(dst, src ? src : "", len);
    dst[len] = 0;
}

/* snprintf(dst, n, "%s/%s", kind, name) without stdio */
static void copy_kind_name(char *dst, size_t n, const char *kind, const char *name) {
    size_t k = strnlen(kind, n - 1);
    memcpy(dst, kind, k);
    if (k + 1 < n) dst[k++] = '/';
    size_t len = strnlen(name, n - 1 - k);
    memcpy(dst + k, name, len);
    dst[k + len] = 0;
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

/* The slot a history ring of `cap` records takes next: once full, the oldest goes. */
static int ring_push(int *start, int *count, int cap) {
    int slot = (*start + *count) % cap;
    if (*count == cap)
        *start = (*start + 1) % cap;
    else
        (*count)++;
    return slot;
}

static void event_record(sim_t *s, sim_ref_t ref, const char *type, const char *reason,
                         const char *object, const char *fmt, va_list ap) {
    if (s->steady_init) return; /* a steady state's history happened before time 0 */
    event_rec_t *e = &s->ev_ring[ring_push(&s->ev_start, &s->ev_count, s->ev_cap)];
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
        copy_kind_name(e->object, sizeof e->object, kind, object);
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
    decision_rec_t *d = &s->dec_ring[ring_push(&s->dec_start, &s->dec_count, s->dec_cap)];
    d->time = model_now(s);
    d->ref = ref;
    copy_str(d->controller, sizeof d->controller, controller);
    if (strchr(object, '/'))
        copy_str(d->object, sizeof d->object, object);
    else
        copy_kind_name(d->object, sizeof d->object, "Node", object);
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

void model_dispatch(sim_t *s, const engine_event_t *ev) {
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
    case EV_FAULT_REPAIR:
    case EV_DRAIN_TICK:
        node_handle_event(s, ev);
        break;
    case EV_FAULT_NODE:
    case EV_FAULT_POD:
    case EV_FAULT_ZONE:
        faults_handle_event(s, ev);
        break;
    case EV_SPOT_AT:
    case EV_SPOT_NOTICE:
    case EV_SPOT_TERMINATE:
        spot_handle_event(s, ev);
        break;
    case EV_HPA_SYNC:
    case EV_HPA_WINDOW:
        hpa_handle_event(s, ev);
        break;
    case EV_CA_SCAN:
        ca_scan(s);
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
    case EV_ACTION: /* the top floor's (sim.c): it applies actions before they get here */
        break;
    }
}
