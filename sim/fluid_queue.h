/* fluid_queue.h: the queueing formulas of the fluid traffic model (fluid_queue.c): a pod's
 * sojourn-time quantiles in steady state and behind a backlog; fluid_queue_*. */
#ifndef DEPLOYSIM_FLUID_QUEUE_H
#define DEPLOYSIM_FLUID_QUEUE_H

#include "model.h"

/* The sojourn distribution goes into the latency histograms as point masses at these
 * cumulative probabilities (fluid_knots[k]); a quantile table has FLUID_POINTS entries and
 * the mean after them. */
#define FLUID_POINTS 76
extern const double fluid_knots[FLUID_POINTS];

/* Largest round-robin order told apart: beyond it a pod's arrivals are as regular as 64's. */
#define FLUID_RR_MAX 64

/* Steady-state sojourn quantiles, in units of the mean service time, of a pod with c workers
 * at load rho_milli / 1000 (< 1) whose arrivals are every `order`-th of a Poisson stream
 * (round-robin over `order` endpoints; 1: a random split, Poisson). Cached per run; NULL when
 * out of memory. */
const double *fluid_queue_stationary(sim_t *s, int c, int rho_milli, int order);

/* Sojourn quantiles in microseconds (q[FLUID_POINTS]: the mean) of a request that finds
 * `backlog` requests waiting at a pod whose c workers, serving `cap` requests/s in all, are
 * busy. */
void fluid_queue_backlog(double backlog, int c, double cap, double *q);

/* Near capacity with a queue of limit K the backlog is stationary (M/M/c/K with all workers
 * busy): the waiting count is truncated geometric, P(j) ~ rho^j on 0..K, taken continuous.
 * Its mean, its quantile at u in (0, 1), and the share of arrivals that find it full. */
double fluid_queue_near_mean(double rho, double K);
double fluid_queue_near_quantile(double rho, double K, double u);
double fluid_queue_near_loss(double rho, double K);

void fluid_queue_free(sim_t *s);

#endif
