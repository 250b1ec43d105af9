/* fluid: the traffic model of `"fidelity": "fluid"`, for runs too large for one event per
 * request (thousands of nodes, a simulated hour). Each tick, every service's offered rate
 * is split over its endpoints exactly as the router splits requests (per ReplicaSet by
 * routing mode, evenly within one), and every pod is treated as an M/M/c queue in steady
 * state: Erlang C gives the share that waits and the sojourn-time distribution, a rate above
 * capacity is rejected (the queue is full), a version's errorRate fails its share. Pods of one
 * ReplicaSet see the same rate, so the queueing arithmetic runs once per ReplicaSet, not per
 * pod, and the sojourn quantiles are cached until the load changes. What the fluid model
 * leaves out (README): transients inside a tick, and queue build-up between ticks. */
#include <math.h>
#include <stdlib.h>

#include "fluid.h"
#include "kernel.h"
#include "model.h"
#include "traffic.h"

#define FLUID_TICK SIM_SEC

/* The sojourn-time distribution is put into the latency histograms as point masses at these
 * cumulative probabilities: the mass between two knots sits at the upper knot's quantile, so
 * the histogram's CDF passes through every knot. Knots are dense around p50, p95 and p99 so
 * those percentiles read back within a bucket width; the last 0.05 % sits at q(0.99975). */
static const double knots[] = {
    0.02,  0.04,  0.06,  0.08,  0.10,  0.12,  0.14,  0.16,  0.18,  0.20,   0.22,   0.24,  0.26,
    0.28,  0.30,  0.32,  0.34,  0.36,  0.38,  0.40,  0.42,  0.44,  0.46,   0.48,   0.495, 0.498,
    0.499, 0.500, 0.501, 0.502, 0.505, 0.52,  0.54,  0.56,  0.58,  0.60,   0.62,   0.64,  0.66,
    0.68,  0.70,  0.72,  0.74,  0.76,  0.78,  0.80,  0.82,  0.84,  0.86,   0.88,   0.90,  0.91,
    0.92,  0.93,  0.94,  0.945, 0.948, 0.949, 0.950, 0.951, 0.952, 0.955,  0.96,   0.97,  0.98,
    0.985, 0.988, 0.989, 0.990, 0.991, 0.992, 0.995, 0.998, 0.999, 0.9995, 0.99975};
#define FLUID_POINTS ((int)(sizeof knots / sizeof knots[0]))

/* P(an arrival waits) in an M/M/c queue with offered load a = lambda/mu (< c), by the
 * numerically stable Erlang B recursion. */
static double erlang_c(int c, double a) {
    double b = 1;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    double rho = a / c;
    return b / (1 - rho * (1 - b));
}

/* P(sojourn > t): no wait with 1 - C, else an Exp(theta) wait plus Exp(mu) service. */
static double sojourn_tail(double t, double C, double mu, double theta) {
    double both = fabs(theta - mu) < 1e-9 * mu
                      ? exp(-mu * t) * (1 + mu * t)
                      : (mu * exp(-theta * t) - theta * exp(-mu * t)) / (mu - theta);
    return (1 - C) * exp(-mu * t) + C * both;
}

/* Fills q[k] with the sojourn quantile at knots[k] in units of 1/mu (the distribution scaled
 * by mu depends only on c and rho), and q[FLUID_POINTS] with the mean. rho < 1. */
static void sojourn_quantiles(int c, double rho, double *q) {
    const double mu = 1.0;
    double lambda = rho * c * mu;
    double C = erlang_c(c, lambda / mu);
    double theta = c * mu - lambda;
    double slow = theta < mu ? theta : mu;
    double lo = 0;
    for (int k = 0; k < FLUID_POINTS; k++) {
        double p = 1.0 - knots[k]; /* tail probability; knots rise, so start from the last */
        double hi = 60.0 / slow;
        for (int i = 0; i < 40; i++) {
            double mid = (lo + hi) / 2;
            if (sojourn_tail(mid, C, mu, theta) > p)
                lo = mid;
            else
                hi = mid;
        }
        q[k] = (lo + hi) / 2;
    }
    q[FLUID_POINTS] = C / theta + 1 / mu;
}

/* A cache of normalized quantile tables keyed by (workers, load in thousandths): loads are
 * quantized so a ramp reuses tables, and services with the same shape share them. Open
 * addressing; the table only grows (a run meets a bounded set of (c, rho) pairs). */
typedef struct {
    int c, rho; /* rho in thousandths, 0..1000 (1000 = saturated) */
    double *q;
} cache_entry_t;

typedef struct {
    cache_entry_t *e;
    size_t cap, used;
} fluid_cache_t;

static const double *cached_quantiles(sim_t *s, int c, int rho_milli) {
    fluid_cache_t *fc = s->fluid_cache;
    if (!fc) {
        fc = calloc(1, sizeof *fc);
        if (!fc) return NULL;
        s->fluid_cache = fc;
    }
    if (fc->used * 2 >= fc->cap) {
        size_t ncap = fc->cap ? fc->cap * 2 : 256;
        cache_entry_t *n = calloc(ncap, sizeof *n);
        if (!n) return NULL;
        for (size_t i = 0; i < fc->cap; i++) {
            if (!fc->e[i].q) continue;
            size_t h = ((size_t)fc->e[i].c * 1000003u + (size_t)fc->e[i].rho) & (ncap - 1);
            while (n[h].q)
                h = (h + 1) & (ncap - 1);
            n[h] = fc->e[i];
        }
        free(fc->e);
        fc->e = n;
        fc->cap = ncap;
    }
    size_t h = ((size_t)c * 1000003u + (size_t)rho_milli) & (fc->cap - 1);
    while (fc->e[h].q) {
        if (fc->e[h].c == c && fc->e[h].rho == rho_milli) return fc->e[h].q;
        h = (h + 1) & (fc->cap - 1);
    }
    double *q = malloc(sizeof *q * (FLUID_POINTS + 1));
    if (!q) return NULL;
    sojourn_quantiles(c, rho_milli / 1000.0, q);
    fc->e[h] = (cache_entry_t){c, rho_milli, q};
    fc->used++;
    return q;
}

void fluid_free(sim_t *s) {
    fluid_cache_t *fc = s->fluid_cache;
    if (!fc) return;
    for (size_t i = 0; i < fc->cap; i++)
        free(fc->e[i].q);
    free(fc->e);
    free(fc);
    s->fluid_cache = NULL;
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

/* Keeps each ReplicaSet's count of serving endpoints, and folds a pod's share of the
 * ReplicaSet's busy time into its own when it stops serving: per-tick work stays per
 * ReplicaSet, never per pod. */
void fluid_pod_update(sim_t *s, int pi) {
    if (s->sc->fidelity != FIDELITY_FLUID) return;
    pod_t *p = &s->pods[pi];
    rs_t *rs = &s->rs[p->rs];
    bool serving = p->used && pod_serves(s, p);
    if (serving == p->fl_serving) return;
    if (p->fl_serving) {
        p->busy_integral += rs->fl_busy - p->fl_mark;
        p->routed += rs->fl_routed - p->fl_routed_mark;
        rs->fl_good--;
    } else {
        p->fl_mark = rs->fl_busy;
        p->fl_routed_mark = rs->fl_routed;
        rs->fl_good++;
    }
    p->fl_serving = serving;
}

static void add_failed(service_t *sv, int version, double n) {
    sv->fl_failed += n;
    sv->win.failed += n;
    if (version >= 0 && version < SIM_MAX_VERSIONS) sv->vwin[version].failed += n;
}

/* Spreads `n` served requests over the knots: the count up to knot k is round(knots[k] n),
 * the rest goes to the last point, so the total is exactly n. */
static void add_latencies(service_t *sv, int version, const double *q, double scale, uint64_t n,
                          sim_time_t extra) {
    uint64_t prev = 0;
    for (int k = 0; k < FLUID_POINTS; k++) {
        uint64_t upto = k == FLUID_POINTS - 1 ? n : (uint64_t)llround(knots[k] * (double)n);
        if (upto < prev) upto = prev;
        uint32_t cnt = (uint32_t)(upto - prev);
        prev = upto;
        if (!cnt) continue;
        uint64_t lat = (uint64_t)(q[k] * scale) + (uint64_t)extra;
        hist_add_n(&sv->win.lat, lat, cnt);
        if (version < SIM_MAX_VERSIONS) hist_add_n(&sv->vwin[version].lat, lat, cnt);
    }
}

static void advance_rs(sim_t *s, service_t *sv, int ri, double lambda_rs, double dt_s) {
    rs_t *rs = &s->rs[ri];
    const version_spec_t *v = &sv->spec->versions[rs->version];
    int good = rs->fl_good;
    double per_pod = lambda_rs / rs->ep_count;
    int bad = rs->ep_count - good;
    if (rs->version < SIM_MAX_VERSIONS) sv->vwin[rs->version].offered += lambda_rs * dt_s;
    if (bad) add_failed(sv, rs->version, per_pod * bad * dt_s);
    if (!good || per_pod <= 0) return;
    rs->fl_routed += per_pod * dt_s;
    int c = v->concurrency;
    double mu = v->capacity_rps / c; /* per worker */
    double rho = per_pod / v->capacity_rps;
    double served_rate = rho < 1 ? per_pod : v->capacity_rps;
    double rejected = (per_pod - served_rate) * good * dt_s;
    if (rejected > 0) add_failed(sv, rs->version, rejected);
    double served = served_rate * good * dt_s;
    double errors = served * v->error_rate;
    if (errors > 0) add_failed(sv, rs->version, errors);
    served -= errors;
    /* latency: M/M/c below saturation (tables in units of 1/mu, load to 0.001); at or
     * above it the queue is full and every request waits for the whole queue */
    int rho_milli = rho < 0.9995 ? (int)lround(rho * 1000) : 1000;
    if (rho_milli >= 1000) rho_milli = 1000;
    double scale = SIM_SEC / mu;
    double mean_us;
    const double *q = NULL;
    static const double full_q[FLUID_POINTS + 1] = {0};
    if (rho_milli < 1000) {
        if (rs->fl_c != c || rs->fl_rho != rho_milli) {
            rs->fl_quantiles = cached_quantiles(s, c, rho_milli);
            rs->fl_c = c;
            rs->fl_rho = rho_milli;
        }
        q = rs->fl_quantiles;
        if (!q) return;
        mean_us = q[FLUID_POINTS] * scale;
    } else {
        mean_us = ((double)v->queue_limit / v->capacity_rps + 1 / mu) * SIM_SEC;
        q = full_q;
        scale = 0;
    }
    sv->lat_sum_ms += served * (mean_us + (double)v->latency) / 1000.0;
    /* whole requests into the histograms; the fraction carries in fl_served */
    double before = sv->fl_served;
    sv->fl_served += served;
    uint64_t n = (uint64_t)sv->fl_served - (uint64_t)before;
    sv->win.served += served;
    if (rs->version < SIM_MAX_VERSIONS) sv->vwin[rs->version].served += served;
    add_latencies(sv, rs->version, q, scale, n,
                  rho_milli < 1000 ? v->latency : v->latency + (sim_time_t)mean_us);
    /* CPU: each serving pod keeps min(rho, 1) of its workers busy */
    double busy = (rho < 1 ? rho : 1) * c * dt_s * SIM_SEC;
    rs->fl_busy += busy;
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
            advance_rs(s, sv, ri, lambda * share, dt_s);
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
