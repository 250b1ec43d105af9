/* fluid_queue: the queueing formulas behind `"fidelity": "fluid"` (fluid.c books the rates).
 *
 * Steady state: a pod is a GI/M/c queue (c workers, exponential service of rate mu each). With
 * round-robin over n endpoints a pod receives every n-th request of a Poisson stream, so its
 * inter-arrival times are Erlang(n) — far more regular than Poisson once n > 1, which keeps
 * queues short (Kleinrock, Queueing Systems vol. 1, section 6.4, G/M/m). The waiting time of
 * G/M/c is exponential with rate c mu (1 - sigma) given that the request waits, where sigma
 * is the root in (0, 1) of sigma = A*(c mu (1 - sigma)), A* the Laplace transform of the
 * inter-arrival time: for Erlang(n) of rate n lambda, A*(s) = (n lambda / (n lambda + s))^n.
 * The probability of waiting is Erlang C scaled by sigma / rho, which is exact for c = 1
 * (G/M/1: sigma) and for Poisson arrivals (sigma = rho: Erlang C).
 *
 * Behind a backlog of b waiting requests (all workers busy) a request waits for b + 1
 * departures of the c workers, Erlang(b + 1, c mu), then is served, Exp(mu): the sum is
 * fitted by a gamma distribution of the same mean and variance, whose quantiles come from the
 * Wilson-Hilferty cube-root normal approximation. */
#include <math.h>
#include <stdlib.h>

#include "clone.h"
#include "fluid_queue.h"
#include "kernel.h"

/* Knots are dense around p50, p95 and p99 so those percentiles read back within a bucket
 * width; the mass between two knots sits at the upper knot's quantile, and the last 0.05 %
 * at q(0.99975). */
const double fluid_knots[FLUID_POINTS] = {
    0.02,  0.04,  0.06,  0.08,  0.10,  0.12,  0.14,  0.16,  0.18,  0.20,   0.22,   0.24,  0.26,
    0.28,  0.30,  0.32,  0.34,  0.36,  0.38,  0.40,  0.42,  0.44,  0.46,   0.48,   0.495, 0.498,
    0.499, 0.500, 0.501, 0.502, 0.505, 0.52,  0.54,  0.56,  0.58,  0.60,   0.62,   0.64,  0.66,
    0.68,  0.70,  0.72,  0.74,  0.76,  0.78,  0.80,  0.82,  0.84,  0.86,   0.88,   0.90,  0.91,
    0.92,  0.93,  0.94,  0.945, 0.948, 0.949, 0.950, 0.951, 0.952, 0.955,  0.96,   0.97,  0.98,
    0.985, 0.988, 0.989, 0.990, 0.991, 0.992, 0.995, 0.998, 0.999, 0.9995, 0.99975};

/* The standard normal quantile at each knot (Python's statistics.NormalDist().inv_cdf). */
static const double knot_z[FLUID_POINTS] = {
    -2.053749, -1.750686, -1.554774, -1.405072, -1.281552, -1.174987, -1.080319, -0.994458,
    -0.915365, -0.841621, -0.772193, -0.706303, -0.643345, -0.582842, -0.524401, -0.467699,
    -0.412463, -0.358459, -0.305481, -0.253347, -0.201893, -0.150969, -0.100434, -0.050154,
    -0.012533, -0.005013, -0.002507, 0.000000,  0.002507,  0.005013,  0.012533,  0.050154,
    0.100434,  0.150969,  0.201893,  0.253347,  0.305481,  0.358459,  0.412463,  0.467699,
    0.524401,  0.582842,  0.643345,  0.706303,  0.772193,  0.841621,  0.915365,  0.994458,
    1.080319,  1.174987,  1.281552,  1.340755,  1.405072,  1.475791,  1.554774,  1.598193,
    1.625763,  1.635234,  1.644854,  1.654628,  1.664563,  1.695398,  1.750686,  1.880794,
    2.053749,  2.170090,  2.257129,  2.290368,  2.326348,  2.365618,  2.408916,  2.575829,
    2.878162,  3.090232,  3.290527,  3.480756};

/* P(all c workers busy) in an M/M/c queue with offered load a = lambda/mu (< c), by the
 * numerically stable Erlang B recursion. */
static double erlang_c(int c, double a) {
    double b = 1;
    for (int k = 1; k <= c; k++)
        b = a * b / (k + a * b);
    double rho = a / c;
    return b / (1 - rho * (1 - b));
}

/* The G/M/c root sigma for Erlang(n) inter-arrival times at load rho: bisection on
 * f(x) = (n rho / (n rho + 1 - x))^n - x, positive below the root and negative between it and
 * 1 (f is convex with roots sigma and 1). */
static double gm_sigma(int n, double rho) {
    if (n <= 1 || rho <= 0) return rho;
    double lo = 0, hi = rho;
    for (int i = 0; i < 60; i++) {
        double mid = (lo + hi) / 2;
        if (pow(n * rho / (n * rho + 1 - mid), n) > mid)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

/* P(sojourn > t): no wait with 1 - C, else an Exp(theta) wait plus Exp(mu) service. */
static double sojourn_tail(double t, double C, double mu, double theta) {
    double both = fabs(theta - mu) < 1e-9 * mu
                      ? exp(-mu * t) * (1 + mu * t)
                      : (mu * exp(-theta * t) - theta * exp(-mu * t)) / (mu - theta);
    return (1 - C) * exp(-mu * t) + C * both;
}

/* Fills q[k] with the sojourn quantile at knot k in units of 1/mu (the distribution scaled by
 * mu depends only on c, rho and n), and q[FLUID_POINTS] with the mean. rho < 1. */
static void sojourn_quantiles(int c, double rho, int n, double *q) {
    const double mu = 1.0;
    double sigma = gm_sigma(n, rho);
    double C = rho > 0 ? erlang_c(c, rho * c) * sigma / rho : 0;
    double theta = c * mu * (1 - sigma);
    double slow = theta < mu ? theta : mu;
    double lo = 0;
    for (int k = 0; k < FLUID_POINTS; k++) {
        double p = 1.0 - fluid_knots[k]; /* tail probability; knots rise, so lo only grows */
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

void fluid_queue_backlog(double backlog, int c, double cap, double *q) {
    if (backlog < 0) backlog = 0;
    double mean = ((backlog + 1) + c) / cap;
    double var = ((backlog + 1) + (double)c * c) / (cap * cap);
    double k = mean * mean / var, h = 1 / (9 * k), r = sqrt(h);
    for (int i = 0; i < FLUID_POINTS; i++) {
        double b = 1 - h + knot_z[i] * r;
        q[i] = b > 0 ? mean * b * b * b * SIM_SEC : 0;
    }
    q[FLUID_POINTS] = mean * SIM_SEC;
}

/* The density ~ e^(a x) on [0, K], a = ln rho; the forms avoid e^(aK) overflowing. */
double fluid_queue_near_mean(double rho, double K) {
    double a = log(rho);
    if (fabs(a * K) < 1e-6) return K / 2;
    if (a > 0) return K / (1 - exp(-a * K)) - 1 / a;
    return -K * exp(a * K) / (1 - exp(a * K)) - 1 / a;
}

double fluid_queue_near_quantile(double rho, double K, double u) {
    double a = log(rho);
    if (fabs(a * K) < 1e-6) return u * K;
    if (a > 0) return K + log(u + (1 - u) * exp(-a * K)) / a;
    return log(1 + u * (exp(a * K) - 1)) / a;
}

double fluid_queue_near_loss(double rho, double K) {
    if (fabs(rho - 1) < 1e-9) return 1 / (K + 1);
    if (rho > 1) return (1 - 1 / rho) / (1 - pow(rho, -K - 1));
    return pow(rho, K) * (1 - rho) / (1 - pow(rho, K + 1));
}

/* A cache of normalized quantile tables keyed by (workers, round-robin order, load in
 * thousandths): loads are quantized so a ramp reuses tables, and services with the same shape
 * share them. Open addressing; the table only grows (a run meets a bounded set of keys). */
typedef struct {
    int key, rho; /* key = workers * 128 + order; rho in thousandths, 0..999 */
    double *q;
} cache_entry_t;

typedef struct {
    cache_entry_t *e;
    size_t cap, used;
} fluid_cache_t;

static size_t slot_of(int key, int rho, size_t cap) {
    return ((size_t)key * 1000003u + (size_t)rho) & (cap - 1);
}

static bool cache_grow(fluid_cache_t *fc) {
    size_t ncap = fc->cap ? fc->cap * 2 : 256;
    cache_entry_t *n = calloc(ncap, sizeof *n);
    if (!n) return false;
    for (size_t i = 0; i < fc->cap; i++) {
        if (!fc->e[i].q) continue;
        size_t h = slot_of(fc->e[i].key, fc->e[i].rho, ncap);
        while (n[h].q)
            h = (h + 1) & (ncap - 1);
        n[h] = fc->e[i];
    }
    free(fc->e);
    fc->e = n;
    fc->cap = ncap;
    return true;
}

const double *fluid_queue_stationary(sim_t *s, int c, int rho_milli, int order) {
    fluid_cache_t *fc = s->fluid_cache;
    if (!fc) {
        fc = calloc(1, sizeof *fc);
        if (!fc) return NULL;
        s->fluid_cache = fc;
    }
    if (fc->used * 2 >= fc->cap && !cache_grow(fc)) return NULL;
    if (order < 1) order = 1;
    if (order > FLUID_RR_MAX) order = FLUID_RR_MAX;
    int key = c * 128 + order;
    size_t h = slot_of(key, rho_milli, fc->cap);
    while (fc->e[h].q) {
        if (fc->e[h].key == key && fc->e[h].rho == rho_milli) return fc->e[h].q;
        h = (h + 1) & (fc->cap - 1);
    }
    double *q = malloc(sizeof *q * (FLUID_POINTS + 1));
    if (!q) return NULL;
    sojourn_quantiles(c, rho_milli / 1000.0, order, q);
    fc->e[h] = (cache_entry_t){key, rho_milli, q};
    fc->used++;
    return q;
}

void fluid_queue_free(sim_t *s) {
    fluid_cache_t *fc = s->fluid_cache;
    if (!fc) return;
    for (size_t i = 0; i < fc->cap; i++)
        free(fc->e[i].q);
    free(fc->e);
    free(fc);
    s->fluid_cache = NULL;
}

/* ---- sim_clone ---- */

/* The tables are copied at the same slots, and each ReplicaSet's fl_quantiles (a pointer into
 * the cache) is pointed at the copy of its table. */
void fluid_queue_clone(sim_t *dst, const sim_t *src, clone_ctx_t *c) {
    const fluid_cache_t *fc = src->fluid_cache;
    dst->fluid_cache = NULL;
    if (!fc) return;
    fluid_cache_t *n = clone_dup(c, fc, 1, 1, sizeof *fc);
    if (!n) return;
    n->e = clone_dup(c, fc->e, fc->cap, fc->cap, sizeof *fc->e);
    if (!n->e) n->cap = n->used = 0;
    for (size_t i = 0; i < n->cap; i++)
        if (fc->e[i].q)
            n->e[i].q =
                clone_dup(c, fc->e[i].q, FLUID_POINTS + 1, FLUID_POINTS + 1, sizeof(double));
    dst->fluid_cache = n;
    for (int r = 0; dst->rs && r < src->rs_count; r++) {
        const double *q = src->rs[r].fl_quantiles;
        dst->rs[r].fl_quantiles = NULL;
        for (size_t i = 0; q && i < n->cap; i++)
            if (fc->e[i].q == q) dst->rs[r].fl_quantiles = n->e[i].q;
    }
}
