/* traffic: request-level load. Poisson arrivals at each service's current rate (thinning
 * over linear ramps), routing through the Service to the endpoints the routers see
 * (round-robin, random, or least-request = power of two choices; weighted splits for canary
 * and blue-green), per-pod FIFO queues with `concurrency` workers, a version's errorRate and
 * latency. The hot path allocates nothing and formats no strings. */
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fluid.h"
#include "kernel.h"
#include "kubelet.h"
#include "metrics.h"
#include "model.h"
#include "rng.h"
#include "traffic.h"

/* A request in flight is packed into 64 bits: arrival time (42 bits of microseconds: 50
 * days, modulo: latencies stay exact in longer runs), whether it will fail (errorRate), and the
 * pod's traffic generation (21 bits) so a completion for a pod that was killed meanwhile is
 * recognised and dropped. */
#define REQ_TIME_BITS 42
#define REQ_TIME_MASK ((1ull << REQ_TIME_BITS) - 1)
#define REQ_ERR_BIT (1ull << REQ_TIME_BITS)
#define REQ_GEN_SHIFT (REQ_TIME_BITS + 1)
#define REQ_GEN_MASK ((1ull << (64 - REQ_GEN_SHIFT)) - 1)

static inline uint64_t req_pack(sim_time_t arrival, bool err, uint32_t tgen) {
    return ((uint64_t)arrival & REQ_TIME_MASK) | (err ? REQ_ERR_BIT : 0) |
           (((uint64_t)tgen & REQ_GEN_MASK) << REQ_GEN_SHIFT);
}

/* ---- arrival rate ---- */

double traffic_rate_now(const sim_t *s, int service) {
    const service_t *sv = &s->services[service];
    sim_time_t now = model_now(s);
    if (now >= sv->ramp_end || sv->ramp_end <= sv->ramp_start) return sv->rate_to;
    if (now <= sv->ramp_start) return sv->rate_from;
    double f = (double)(now - sv->ramp_start) / (double)(sv->ramp_end - sv->ramp_start);
    return sv->rate_from + (sv->rate_to - sv->rate_from) * f;
}

static void downtime_update(sim_t *s, service_t *sv);

/* Arrival times are exact: the event runs at the whole microsecond and the fraction is
 * carried to the next gap (arrival_frac), so rounding neither adds nor drops requests at any
 * rate (several arrivals may share a microsecond). `carry` is false when the draw starts
 * afresh at now (a rate change: Poisson arrivals are memoryless). */
#define ARRIVAL_HORIZON 1e17 /* microseconds (3,000 years): a later arrival never comes */

static void schedule_arrival_from(sim_t *s, int service, bool carry) {
    service_t *sv = &s->services[service];
    sv->arrival_gen++; /* voids the pending arrival, if any */
    if (!carry) sv->arrival_frac = 0;
    if (s->sc->fidelity == FIDELITY_FLUID) return; /* fluid.c accounts traffic as rates */
    sim_time_t now = model_now(s);
    double lmax = sv->rate_to;
    bool ramping = now < sv->ramp_end;
    if (ramping && sv->rate_from > lmax) lmax = sv->rate_from;
    if (!(lmax > 0)) return;
    /* thinning (Lewis-Shedler): candidates at the peak rate of this segment */
    sim_time_t t = now;
    double frac = sv->arrival_frac;
    for (;;) {
        double gap = rng_exponential(sv->rng_arrivals, 1.0 / lmax) * SIM_SEC + frac;
        /* a rate so small that the next arrival lies beyond any run (5e-324 req/s) */
        if (!(gap < ARRIVAL_HORIZON)) return;
        sim_time_t whole = (sim_time_t)gap;
        frac = gap - (double)whole;
        t += whole;
        if (ramping && t >= sv->ramp_end) {
            /* past the ramp: the boundary event redraws at the new rate (memoryless) */
            return;
        }
        if (!ramping) break;
        double f = ((double)(t - sv->ramp_start) + frac) / (double)(sv->ramp_end - sv->ramp_start);
        double lt = sv->rate_from + (sv->rate_to - sv->rate_from) * f;
        if (gsl_rng_uniform(sv->rng_arrivals) * lmax <= lt) break;
    }
    sv->arrival_frac = frac;
    engine_schedule(s->eng, t, EV_ARRIVAL, (uint32_t)service, sv->arrival_gen);
}

static void schedule_arrival(sim_t *s, int service) {
    schedule_arrival_from(s, service, false);
}

/* The next arrival after one, inline: at a steady rate (no ramp) it is one draw, the same
 * numbers as schedule_arrival_from's, without its ramp and fluid branches and a call (an
 * arrival event exists only in the request fidelity). */
static inline void schedule_next_arrival(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    sim_time_t now = model_now(s);
    double rate = sv->rate_to;
    if (now < sv->ramp_end || !(rate > 0)) {
        schedule_arrival_from(s, service, true);
        return;
    }
    sv->arrival_gen++;
    double gap = rng_exponential(sv->rng_arrivals, 1.0 / rate) * SIM_SEC + sv->arrival_frac;
    if (!(gap < ARRIVAL_HORIZON)) return; /* as schedule_arrival_from: never comes */
    sim_time_t whole = (sim_time_t)gap;
    sv->arrival_frac = gap - (double)whole;
    engine_schedule(s->eng, now + whole, EV_ARRIVAL, (uint32_t)service, sv->arrival_gen);
}

void traffic_set_rate(sim_t *s, int service, double rps, sim_time_t ramp) {
    service_t *sv = &s->services[service];
    sim_time_t now = model_now(s);
    fluid_advance(s); /* the old rate applies up to now */
    downtime_update(s, sv);
    sv->rate_from = traffic_rate_now(s, service);
    sv->rate_to = rps < 0 ? 0 : rps;
    sv->ramp_start = now;
    sv->ramp_end = now + (ramp > 0 ? ramp : 0);
    if (ramp > 0) engine_schedule(s->eng, sv->ramp_end, EV_TRAFFIC_CHANGE, (uint32_t)service, 1);
    schedule_arrival(s, service);
    downtime_update(s, sv);
}

static void next_pattern_point(sim_t *s, int service) {
    service_t *sv = &s->services[service];
    if (sv->pattern_next < sv->spec->pattern_count)
        engine_schedule(s->eng, sv->spec->pattern[sv->pattern_next].at, EV_TRAFFIC_CHANGE,
                        (uint32_t)service, 0);
}

int traffic_init(sim_t *s) {
    for (int i = 0; i < s->sc->service_count; i++) {
        service_t *sv = &s->services[i];
        const service_spec_t *spec = sv->spec;
        for (int v = 0; v < spec->version_count && v < SIM_MAX_VERSIONS; v++) {
            const version_spec_t *vs = &spec->versions[v];
            sv->service_time_mean_us[v] =
                vs->capacity_rps > 0 ? (double)vs->concurrency / vs->capacity_rps * SIM_SEC : 0;
        }
        sv->no_endpoint_since = -1;
        sv->rate_from = sv->rate_to = spec->rps;
        sv->ramp_start = sv->ramp_end = 0;
        sv->route = ROUTE_ALL;
        sv->route_rs[0] = sv->route_rs[1] = -1;
        next_pattern_point(s, i);
        schedule_arrival(s, i);
        downtime_update(s, sv);
    }
    return 0;
}

/* ---- routing ---- */

static int pick_in_rs(sim_t *s, service_t *sv, rs_t *rs) {
    int n = rs->ep_count;
    if (n == 0) return -1;
    switch (sv->spec->load_balancing) {
    case LB_ROUND_ROBIN:
        if (rs->rr >= n) rs->rr = 0;
        return rs->endpoints[rs->rr++];
    case LB_RANDOM:
        return rs->endpoints[gsl_rng_uniform_int(sv->rng_routing, (unsigned long)n)];
    case LB_LEAST_REQUEST: {
        int a = rs->endpoints[gsl_rng_uniform_int(sv->rng_routing, (unsigned long)n)];
        if (n == 1) return a;
        int b = rs->endpoints[gsl_rng_uniform_int(sv->rng_routing, (unsigned long)n)];
        const pod_t *pa = &s->pods[a], *pb = &s->pods[b];
        return pb->busy + pb->q_len < pa->busy + pa->q_len ? b : a;
    }
    }
    return -1;
}

/* All endpoints of the service as one list: pick a ReplicaSet in proportion to its
 * endpoints, which for round-robin walks them in turn. */
static int pick_all(sim_t *s, service_t *sv) {
    int total = 0;
    for (int i = 0; i < sv->rs_count; i++)
        total += s->rs[sv->rs[i]].ep_count;
    if (total == 0) return -1;
    unsigned long k;
    if (sv->spec->load_balancing == LB_ROUND_ROBIN) {
        if (sv->rr_all >= total) sv->rr_all = 0;
        k = (unsigned long)sv->rr_all++;
        for (int i = 0; i < sv->rs_count; i++) {
            rs_t *rs = &s->rs[sv->rs[i]];
            if (k < (unsigned long)rs->ep_count) return rs->endpoints[k];
            k -= (unsigned long)rs->ep_count;
        }
        return -1;
    }
    k = gsl_rng_uniform_int(sv->rng_routing, (unsigned long)total);
    for (int i = 0; i < sv->rs_count; i++) {
        rs_t *rs = &s->rs[sv->rs[i]];
        if (k < (unsigned long)rs->ep_count) {
            if (sv->spec->load_balancing == LB_RANDOM) return rs->endpoints[k];
            return pick_in_rs(s, sv, rs);
        }
        k -= (unsigned long)rs->ep_count;
    }
    return -1;
}

static int route(sim_t *s, service_t *sv) {
    switch (sv->route) {
    case ROUTE_ALL:
        return pick_all(s, sv);
    case ROUTE_ACTIVE:
        return sv->route_rs[0] >= 0 ? pick_in_rs(s, sv, &s->rs[sv->route_rs[0]]) : -1;
    case ROUTE_WEIGHTED: {
        int which = 0;
        if (sv->route_weight >= 100)
            which = 1;
        else if (sv->route_weight > 0 &&
                 gsl_rng_uniform(sv->rng_routing) * 100.0 < (double)sv->route_weight)
            which = 1;
        int ri = sv->route_rs[which];
        return ri >= 0 ? pick_in_rs(s, sv, &s->rs[ri]) : -1;
    }
    }
    return -1;
}

/* ---- pods ---- */

/* Requests routed to a pod so far, in either fidelity. */
double traffic_pod_routed(const sim_t *s, int pi) {
    const pod_t *p = &s->pods[pi];
    return p->routed + (p->fl_serving ? s->rs[p->rs].fl_routed - p->fl_routed_mark : 0);
}

/* Requests a pod holds now: in service and queued (fluid: its busy workers on average since
 * `since`, given its busy worker-us then). */
double traffic_pod_in_flight(const sim_t *s, int pi, double busy_then, sim_time_t since) {
    const pod_t *p = &s->pods[pi];
    if (s->sc->fidelity != FIDELITY_FLUID) return (double)(p->busy + p->q_len);
    sim_time_t w = model_now(s) - since;
    return w > 0 ? (traffic_pod_busy(s, pi) - busy_then) / (double)w : 0;
}

/* Worker-microseconds a pod has been busy up to now (its CPU use), in either fidelity. */
double traffic_pod_busy(const sim_t *s, int pi) {
    return traffic_pod_busy_then(s, pi, model_now(s), s->rs[s->pods[pi].rs].fl_busy);
}

/* What traffic_pod_busy read at `then`, when its ReplicaSet's fl_busy was `fl_busy_then`, for a
 * pod whose accounting has not moved since (the same operations, so the same bits). */
double traffic_pod_busy_then(const sim_t *s, int pi, sim_time_t then, double fl_busy_then) {
    const pod_t *p = &s->pods[pi];
    double busy = p->busy_integral + (double)p->busy * (double)(then - p->busy_since);
    if (p->fl_serving) busy += fl_busy_then - p->fl_mark;
    return busy;
}

static inline void busy_change(sim_t *s, pod_t *p, int delta) {
    sim_time_t now = model_now(s);
    p->busy_integral += (double)p->busy * (double)(now - p->busy_since);
    p->busy_since = now;
    p->busy += delta;
}

static inline sim_time_t service_time(service_t *sv, int version) {
    double mean = sv->service_time_mean_us[version];
    /* only whole microseconds are kept: rng_exponential_floor gives exactly
     * (sim_time_t)gsl_ran_exponential(rng, mean) without libm's log1p in nearly every draw */
    sim_time_t t = sv->spec->versions[version].service_time == SERVICE_TIME_CONSTANT
                       ? (sim_time_t)mean
                       : rng_exponential_floor(sv->rng_service, mean);
    return t < 1 ? 1 : t;
}

static void fail_now(sim_t *s, service_t *sv, int version) {
    sv->failed++;
    sv->win.failed++;
    if (version >= 0 && version < SIM_MAX_VERSIONS) sv->vwin[version].failed++;
}

static inline void start_request(sim_t *s, int pi, uint64_t req) {
    pod_t *p = &s->pods[pi];
    service_t *sv = &s->services[p->service];
    sim_time_t st = service_time(sv, p->version);
    engine_schedule(s->eng, model_now(s) + st, EV_COMPLETE, (uint32_t)pi, req);
}

static bool queue_push(pod_t *p, uint64_t req) {
    if (p->q_len >= p->queue_limit) return false;
    if (p->q_len == p->q_cap) {
        /* grow the ring (rare: amortized, never beyond queueLimit) */
        int ncap = p->q_cap ? p->q_cap * 2 : 16;
        if (ncap > p->queue_limit) ncap = p->queue_limit;
        uint64_t *n = malloc(sizeof *n * (size_t)ncap);
        if (!n) return false;
        for (int i = 0; i < p->q_len; i++)
            n[i] = p->queue[(p->q_head + i) % p->q_cap];
        free(p->queue);
        p->queue = n;
        p->q_cap = ncap;
        p->q_head = 0;
    }
    int tail = p->q_head + p->q_len; /* < 2 q_cap: a compare, not a division */
    p->queue[tail >= p->q_cap ? tail - p->q_cap : tail] = req;
    p->q_len++;
    return true;
}

static void arrival(sim_t *s, int service, uint64_t gen) {
    service_t *sv = &s->services[service];
    if (gen != sv->arrival_gen) return; /* voided by a rate change */
    schedule_next_arrival(s, service);
    sv->requests++;
    sv->win.offered++;
    int pi = route(s, sv);
    if (pi < 0) {
        fail_now(s, sv, -1);
        return;
    }
    pod_t *p = &s->pods[pi];
    p->routed++; /* the requests-per-second metric counts what the pod was sent */
    if (p->version < SIM_MAX_VERSIONS) sv->vwin[p->version].offered++;
    /* a pod past SIGTERM, on a dead node, or whose app is not up yet refuses the request */
    if (p->sigterm || !p->app_up || p->dep_broken || p->phase == POD_DELETED || p->node < 0 ||
        s->nodes[p->node].failed) {
        fail_now(s, sv, p->version);
        return;
    }
    double er = sv->spec->versions[p->version].error_rate;
    bool err = er > 0 && gsl_rng_uniform(sv->rng_service) < er;
    uint64_t req = req_pack(model_now(s), err, p->tgen);
    if (p->busy < p->concurrency) {
        busy_change(s, p, 1);
        start_request(s, pi, req);
    } else if (!queue_push(p, req)) {
        fail_now(s, sv, p->version); /* queue full: rejected */
    }
}

static void complete(sim_t *s, int pi, uint64_t req) {
    pod_t *p = &s->pods[pi];
    if (!p->used || ((req >> REQ_GEN_SHIFT) & REQ_GEN_MASK) != (p->tgen & REQ_GEN_MASK)) return;
    service_t *sv = &s->services[p->service];
    const version_spec_t *v = &sv->spec->versions[p->version];
    if (req & REQ_ERR_BIT) {
        fail_now(s, sv, p->version);
    } else {
        /* the arrival time is kept modulo 2^42 us: the difference is exact for any request
         * that waited less than 50 days, however long the run (runs may last 10 years) */
        sim_time_t lat = (sim_time_t)(((uint64_t)model_now(s) - req) & REQ_TIME_MASK) + v->latency;
        metrics_record(s, p->service, p->version, lat);
    }
    if (p->q_len > 0) {
        uint64_t next = p->queue[p->q_head];
        p->q_head = p->q_head + 1 == p->q_cap ? 0 : p->q_head + 1;
        p->q_len--;
        start_request(s, pi, next);
    } else {
        busy_change(s, p, -1);
        if (p->sigterm && p->busy == 0) pod_drained(s, pi);
    }
}

/* SIGTERM (kill = false): stop taking requests, keep the ones held. SIGKILL or a crash
 * (kill = true): every held request fails now. */
void traffic_pod_stopped(sim_t *s, int pi, bool kill) {
    pod_t *p = &s->pods[pi];
    if (!kill) return;
    service_t *sv = &s->services[p->service];
    int held = p->busy + p->q_len;
    for (int i = 0; i < held; i++)
        fail_now(s, sv, p->version);
    if (p->busy) busy_change(s, p, -p->busy);
    p->q_len = 0;
    p->q_head = 0;
    p->tgen++;
}

void traffic_pod_free(sim_t *s, int pi) {
    pod_t *p = &s->pods[pi];
    p->q_len = 0;
    p->q_head = 0;
    /* the ring is kept with the slot and reused by the next pod in it */
}

/* ---- downtime: traffic but no endpoint ---- */

static int endpoints_of(const sim_t *s, const service_t *sv) {
    int n = 0;
    for (int i = 0; i < sv->rs_count; i++)
        n += s->rs[sv->rs[i]].ep_count;
    return n;
}

static void downtime_update(sim_t *s, service_t *sv) {
    sim_time_t now = model_now(s);
    if (sv->no_endpoint_since >= 0) {
        sv->downtime_s += (double)(now - sv->no_endpoint_since) / SIM_SEC;
        sv->no_endpoint_since = -1;
    }
    if (traffic_rate_now(s, sv->index) > 0 && endpoints_of(s, sv) == 0) sv->no_endpoint_since = now;
}

void traffic_endpoints_changed(sim_t *s, int service) {
    downtime_update(s, &s->services[service]);
}

void traffic_downtime_flush(sim_t *s, int service) {
    downtime_update(s, &s->services[service]);
}

void traffic_handle_event(sim_t *s, const engine_event_t *ev) {
    switch (ev->kind) {
    case EV_ARRIVAL:
        arrival(s, (int)ev->a, ev->b);
        break;
    case EV_COMPLETE:
        complete(s, (int)ev->a, ev->b);
        break;
    case EV_TRAFFIC_CHANGE: {
        service_t *sv = &s->services[ev->a];
        if (ev->b == 1) {
            if (model_now(s) == sv->ramp_end) schedule_arrival(s, (int)ev->a);
            downtime_update(s, sv);
            break;
        }
        const traffic_point_t *tp = &sv->spec->pattern[sv->pattern_next++];
        traffic_set_rate(s, (int)ev->a, tp->rps, tp->ramp);
        next_pattern_point(s, (int)ev->a);
        break;
    }
    }
}
