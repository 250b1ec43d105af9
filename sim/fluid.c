/* fluid: the traffic model of `"fidelity": "fluid"`, for runs too large for one event per
 * request (thousands of nodes, a simulated hour). Each tick (and at every event that changes
 * the routing), every service's offered rate is split over its endpoints exactly as the router
 * splits requests (per ReplicaSet by routing mode, evenly within one). A pod is a queue with
 * `concurrency` workers: below its capacity and with no backlog it is in steady state
 * (fluid_queue.c: G/M/c with the regular arrivals round-robin gives); above capacity, or
 * while a backlog drains, the backlog is carried over time as a fluid (it grows at rate
 * minus capacity and drains at capacity minus rate; near capacity it rises to and is held at
 * its M/M/c/K level, beyond which requests are rejected), and each request's latency is its
 * wait behind the backlog it finds. Pods of a
 * ReplicaSet that share a backlog form a group (a pod that becomes Ready while the others have
 * a queue starts empty), so the arithmetic runs per group of a ReplicaSet, never per pod. A
 * pod killed with a backlog fails the requests it held; one terminated gracefully serves
 * them. What the model leaves out (README): which pods of a group a request picks, and
 * least-request's preference for short queues (treated as round-robin). */
#include <math.h>
#include <stdlib.h>

#include "fluid.h"
#include "fluid_queue.h"
#include "kernel.h"
#include "metrics.h"
#include "model.h"
#include "traffic.h"

#define FLUID_TICK SIM_SEC
#define BACKLOG_STEPS 4 /* latency samples over a stretch where the backlog moves */
#define NEAR_RHO 0.97   /* load from which a backlog is held at its M/M/c/K level */
#define NEAR_STRATA 8   /* latency samples over that level's distribution */

void fluid_free(sim_t *s) {
    fluid_queue_free(s);
}

/* Shares of the service's traffic per ReplicaSet, as route() in traffic.c would split it. */
static double rs_share(const sim_t *s, const service_t *sv, int ri, int total_eps) {
    const rs_t *rs = &s->rs[ri];
    switch (sv->route) {
    case ROUTE_ALL:
        return total_eps ? (double)rs->ep_count / total_eps : 0;
    case ROUTE_ACTIVE:
        return ri == sv->route_rs[0] ? 1 : 0;
    case ROUTE_WEIGHTED:
        if (ri == sv->route_rs[1]) return sv->route_weight / 100.0;
        if (ri == sv->route_rs[0]) return 1 - sv->route_weight / 100.0;
        return 0;
    }
    return 0;
}

static bool pod_serves(const sim_t *s, const pod_t *p) {
    return p->endpoint && !p->sigterm && p->app_up && !p->dep_broken && p->phase != POD_DELETED &&
           p->node >= 0 && !s->nodes[p->node].failed;
}

static void add_failed(service_t *sv, int version, double n) {
    sv->fl_failed += n;
    sv->win.failed += n;
    if (version >= 0 && version < SIM_MAX_VERSIONS) sv->vwin[version].failed += n;
}

/* ---- queue groups ---- */

/* The group a serving pod belongs to: its id's slot, or the base group once its own group was
 * merged into it. */
static fluid_group_t *group_of(rs_t *rs, uint32_t id) {
    for (int g = 1; g < FLUID_GROUPS; g++)
        if (rs->fl_groups[g].n > 0 && rs->fl_groups[g].id == id) return &rs->fl_groups[g];
    return &rs->fl_groups[0];
}

/* A pod that starts serving has an empty queue: it joins a group without a backlog, else a
 * new group, else (all slots taken) the group with the smallest backlog. Returns its id. */
static uint32_t group_join(rs_t *rs) {
    fluid_group_t *gs = rs->fl_groups;
    if (gs[0].n == 0) gs[0].q = 0;
    for (int g = 0; g < FLUID_GROUPS; g++)
        if ((g == 0 || gs[g].n > 0) && gs[g].q <= 0) {
            gs[g].n++;
            return gs[g].id;
        }
    int best = 0;
    for (int g = 1; g < FLUID_GROUPS; g++) {
        if (gs[g].n == 0) {
            if (++rs->fl_group_ids == 0) rs->fl_group_ids = 1; /* 0 names the base group */
            gs[g] = (fluid_group_t){1, rs->fl_group_ids, 0};
            return gs[g].id;
        }
        if (gs[g].q < gs[best].q) best = g;
    }
    gs[best].n++;
    return gs[best].id;
}

/* Groups whose backlogs met (both drained, or both at queueLimit) become one: the base group
 * absorbs them, and an empty base group takes over another group. */
static void groups_merge(rs_t *rs) {
    fluid_group_t *gs = rs->fl_groups;
    for (int g = 1; g < FLUID_GROUPS; g++) {
        if (gs[g].n == 0) continue;
        if (gs[0].n == 0) {
            gs[0].n = gs[g].n;
            gs[0].q = gs[g].q;
            gs[g].n = 0;
        } else if (fabs(gs[g].q - gs[0].q) < 1e-9) {
            gs[0].n += gs[g].n;
            gs[g].n = 0;
        }
    }
}

/* Keeps each ReplicaSet's count of serving endpoints and their queue groups, and folds a
 * pod's share of the ReplicaSet's busy time into its own when it stops serving: per-tick work
 * stays per ReplicaSet, never per pod. A pod that stops serving because it died (not a
 * SIGTERM, nor only out of the endpoints) fails the backlog it held. */
void fluid_pod_update(sim_t *s, int pi) {
    if (s->sc->fidelity != FIDELITY_FLUID) return;
    pod_t *p = &s->pods[pi];
    rs_t *rs = &s->rs[p->rs];
    bool serving = p->used && pod_serves(s, p);
    if (serving == p->fl_serving) return;
    metrics_util_touch(s, pi);
    if (p->fl_serving) {
        p->busy_integral += rs->fl_busy - p->fl_mark;
        p->routed += rs->fl_routed - p->fl_routed_mark;
        rs->fl_good--;
        fluid_group_t *g = group_of(rs, p->fl_group);
        double held = g->q;
        if (--g->n == 0) g->q = 0;
        bool died = !p->used || !p->app_up || p->phase == POD_DELETED || p->node < 0 ||
                    s->nodes[p->node].failed;
        if (died && held > 0) {
            service_t *sv = &s->services[p->service];
            add_failed(sv, p->version, held);
            sv->fl_served -= held; /* booked as served when they arrived */
            sv->win.served -= held;
            if (p->version < SIM_MAX_VERSIONS) sv->vwin[p->version].served -= held;
        }
    } else {
        p->fl_mark = rs->fl_busy;
        p->fl_routed_mark = rs->fl_routed;
        rs->fl_good++;
        p->fl_group = group_join(rs);
    }
    p->fl_serving = serving;
}

/* ---- booking ---- */

/* Spreads `n` served requests over the knots: the count up to knot k is
 * floor(knots[k] n + u), the rest goes to the last point, so the total is exactly n. The
 * offset u in [0, 1) moves from booking to booking, so that over many small bookings each
 * knot gets its share: a fixed rounding would put the top 1/n of every booking of n requests
 * at the last knots (80 requests a second would read p99 at q(0.995)). */
static void add_latencies(service_t *sv, int version, const double *q, double scale, uint64_t n,
                          sim_time_t extra, double u) {
    uint64_t prev = 0;
    for (int k = 0; k < FLUID_POINTS; k++) {
        /* floor(x) as a conversion: x >= 0 (a knot, n and u are), which truncates the same */
        uint64_t upto = k == FLUID_POINTS - 1 ? n : (uint64_t)(fluid_knots[k] * (double)n + u);
        if (upto > n) upto = n;
        if (upto < prev) upto = prev;
        uint32_t cnt = (uint32_t)(upto - prev);
        prev = upto;
        if (!cnt) continue;
        uint32_t b = hist_bucket_of((uint64_t)(q[k] * scale) + (uint64_t)extra);
        hist_add_bucket(&sv->win.lat, b, cnt);
        if (version < SIM_MAX_VERSIONS) hist_add_bucket(&sv->vwin[version].lat, b, cnt);
    }
}

/* Books `accepted` requests taken by pods of one version whose sojourn quantiles are q x scale
 * microseconds: a version's errorRate fails its share, the rest are served. Whole requests go
 * into the histograms; the fraction carries in fl_served. */
static void book(service_t *sv, int version, const version_spec_t *v, double accepted,
                 const double *q, double scale) {
    if (accepted <= 0) return;
    double errors = accepted * v->error_rate;
    if (errors > 0) add_failed(sv, version, errors);
    double served = accepted - errors;
    sv->lat_sum_ms += served * (q[FLUID_POINTS] * scale + (double)v->latency) / 1000.0;
    double before = sv->fl_served;
    sv->fl_served += served;
    double whole = floor(sv->fl_served) - floor(before);
    sv->win.served += served;
    if (version < SIM_MAX_VERSIONS) sv->vwin[version].served += served;
    /* the offset: the golden-ratio sequence over the requests served so far */
    double u = fmod(floor(before) * 0.6180339887498949, 1.0);
    if (whole > 0) add_latencies(sv, version, q, scale, (uint64_t)whole, v->latency, u);
}

/* What one ReplicaSet's pods see this tick: rate per pod, capacity, workers, round-robin. */
typedef struct {
    service_t *sv;
    const version_spec_t *v;
    int version, c, order;
    double lam, cap, dt;
} flow_t;

/* Steady state for `dt` seconds of n pods without a backlog, below capacity. Returns the
 * share of the workers busy. */
static double steady(sim_t *s, rs_t *rs, const flow_t *f, int n, double dt) {
    double rho = f->lam / f->cap;
    int rho_milli = (int)lround(rho * 1000);
    if (rho_milli > 999) rho_milli = 999;
    if (rs->fl_c != f->c * 128 + f->order || rs->fl_rho != rho_milli) {
        rs->fl_quantiles = fluid_queue_stationary(s, f->c, rho_milli, f->order);
        rs->fl_c = f->c * 128 + f->order;
        rs->fl_rho = rho_milli;
    }
    if (!rs->fl_quantiles) return rho;
    book(f->sv, f->version, f->v, f->lam * n * dt, rs->fl_quantiles, SIM_SEC * f->c / f->cap);
    return rho;
}

/* `accepted` requests arriving while each pod's backlog moves linearly from b0 to b1. */
static void behind_backlog(const flow_t *f, double b0, double b1, double accepted) {
    double q[FLUID_POINTS + 1];
    int steps = b0 == b1 ? 1 : BACKLOG_STEPS;
    for (int i = 0; i < steps; i++) {
        fluid_queue_backlog(b0 + (b1 - b0) * (i + 0.5) / steps, f->c, f->cap, q);
        book(f->sv, f->version, f->v, accepted / steps, q, 1);
    }
}

/* At about the capacity with a backlog at least the stationary one, the queue wanders over
 * its range as M/M/c/K's does (uniform at rho = 1) and rejects when it finds it full: the
 * accepted requests are booked at NEAR_STRATA quantiles of the waiting count. */
static void near_capacity(const flow_t *f, fluid_group_t *g, double dt) {
    double rho = f->lam / f->cap, limit = f->v->queue_limit;
    double arrivals = f->lam * dt * g->n;
    double loss = fluid_queue_near_loss(rho, limit);
    add_failed(f->sv, f->version, arrivals * loss);
    double q[FLUID_POINTS + 1];
    for (int i = 0; i < NEAR_STRATA; i++) {
        double b = fluid_queue_near_quantile(rho, limit, (i + 0.5) / NEAR_STRATA);
        fluid_queue_backlog(b, f->c, f->cap, q);
        book(f->sv, f->version, f->v, arrivals * (1 - loss) / NEAR_STRATA, q, 1);
    }
    g->q = fluid_queue_near_mean(rho, limit);
}

/* Carries one group's backlog over the tick. Below NEAR_RHO a backlog drains at capacity -
 * rate, then the pods are in steady state. From NEAR_RHO up the backlog rises to its
 * stationary M/M/c/K level, at rate - capacity or, when that is small, at the pace of the
 * queue's diffusion (its slowest mode relaxes in 2 K^2 / (pi^2 (rate + capacity)) seconds),
 * and is held there. Returns the time-averaged share of the workers busy. */
static double group_step(sim_t *s, rs_t *rs, const flow_t *f, fluid_group_t *g) {
    double dt = f->dt, n = g->n, limit = f->v->queue_limit;
    double rho = f->lam / f->cap, busy = rho < 1 ? rho : 1;
    if (rho < NEAR_RHO) {
        if (g->q <= 0) return steady(s, rs, f, g->n, dt);
        double drain = f->cap - f->lam;
        double t1 = g->q / drain;
        if (t1 >= dt) {
            behind_backlog(f, g->q, g->q - drain * dt, f->lam * dt * n);
            g->q -= drain * dt;
            return 1;
        }
        behind_backlog(f, g->q, 0, f->lam * t1 * n);
        g->q = 0;
        flow_t rest = *f;
        rest.dt = dt - t1;
        return (t1 + steady(s, rs, &rest, g->n, dt - t1) * (dt - t1)) / dt;
    }
    double near = fluid_queue_near_mean(rho, limit);
    if (g->q >= near) {
        near_capacity(f, g, dt);
        return busy;
    }
    const double pi = 3.14159265358979323846;
    double tau = 2 * limit * limit / (pi * pi * (f->lam / f->order + f->cap));
    double rate = (near - g->q) / tau;
    if (f->lam - f->cap > rate) rate = f->lam - f->cap;
    double t1 = (near - g->q) / rate;
    if (t1 > dt) t1 = dt;
    double b1 = g->q + rate * t1;
    behind_backlog(f, g->q, b1, f->lam * t1 * n);
    g->q = b1;
    if (dt > t1) near_capacity(f, g, dt - t1);
    return busy;
}

static void advance_rs(sim_t *s, service_t *sv, int ri, double lambda_rs, double dt_s, int order) {
    rs_t *rs = &s->rs[ri];
    const version_spec_t *v = &sv->spec->versions[rs->version];
    int good = rs->fl_good;
    double per_pod = lambda_rs / rs->ep_count;
    int bad = rs->ep_count - good;
    if (rs->version < SIM_MAX_VERSIONS) sv->vwin[rs->version].offered += lambda_rs * dt_s;
    if (bad) add_failed(sv, rs->version, per_pod * bad * dt_s);
    if (!good || per_pod <= 0) return;
    rs->fl_routed += per_pod * dt_s;
    flow_t f = {sv, v, rs->version, v->concurrency, order, per_pod, v->capacity_rps, dt_s};
    double busy = 0;
    for (int g = 0; g < FLUID_GROUPS; g++)
        if (rs->fl_groups[g].n > 0)
            busy += group_step(s, rs, &f, &rs->fl_groups[g]) * rs->fl_groups[g].n;
    groups_merge(rs);
    /* CPU: the busy share of the workers, averaged over the serving pods */
    rs->fl_busy += busy / good * f.c * dt_s * SIM_SEC;
}

/* How regular a pod's arrivals are: round-robin over n endpoints sends it every n-th request
 * (least-request is taken as round-robin); a random split keeps them Poisson. */
static int rr_order(const service_t *sv, const rs_t *rs, int total_eps) {
    if (sv->spec->load_balancing == LB_RANDOM) return 1;
    int n = sv->route == ROUTE_ALL ? total_eps : rs->ep_count;
    return n < 1 ? 1 : n > FLUID_RR_MAX ? FLUID_RR_MAX : n;
}

void fluid_advance(sim_t *s) {
    if (s->sc->fidelity != FIDELITY_FLUID) return;
    sim_time_t now = model_now(s);
    double dt_s = (double)(now - s->fluid_last) / SIM_SEC;
    if (dt_s <= 0) return;
    for (int i = 0; i < s->sc->service_count; i++) {
        service_t *sv = &s->services[i];
        double rate_now = traffic_rate_now(s, i);
        double lambda = (sv->fl_last_rate + rate_now) / 2; /* trapezoid over the tick */
        sv->fl_last_rate = rate_now;
        double offered = lambda * dt_s;
        sv->fl_requests += offered;
        sv->win.offered += offered;
        int total = 0;
        for (int k = 0; k < sv->rs_count; k++)
            total += s->rs[sv->rs[k]].ep_count;
        double routed = 0;
        for (int k = 0; k < sv->rs_count; k++) {
            int ri = sv->rs[k];
            double share = rs_share(s, sv, ri, total);
            if (share <= 0 || s->rs[ri].ep_count == 0) continue;
            routed += share;
            advance_rs(s, sv, ri, lambda * share, dt_s, rr_order(sv, &s->rs[ri], total));
        }
        if (routed < 1) add_failed(sv, -1, offered * (1 - routed)); /* no endpoint */
        sv->requests = (uint64_t)llround(sv->fl_requests);
        sv->served = (uint64_t)sv->fl_served;
        sv->failed = (uint64_t)llround(sv->fl_failed);
    }
    s->fluid_last = now;
}

void fluid_init(sim_t *s) {
    if (s->sc->fidelity != FIDELITY_FLUID) return;
    for (int i = 0; i < s->sc->service_count; i++)
        s->services[i].fl_last_rate = traffic_rate_now(s, i);
    sim_time_t tick = s->interval < FLUID_TICK ? s->interval : FLUID_TICK;
    engine_schedule(s->eng, tick, EV_FLUID_TICK, (uint32_t)tick, 0);
}

void fluid_handle_tick(sim_t *s, const engine_event_t *ev) {
    fluid_advance(s);
    sim_time_t tick = (sim_time_t)ev->a;
    if (model_now(s) + tick <= s->sc->duration)
        engine_schedule(s->eng, model_now(s) + tick, EV_FLUID_TICK, ev->a, 0);
}
