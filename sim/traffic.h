/* traffic.h: request-level traffic (traffic.c): arrivals, load balancing, queues, latencies;
 * traffic_*. */
#ifndef DEPLOYSIM_TRAFFIC_H
#define DEPLOYSIM_TRAFFIC_H

#include "model.h"

int traffic_init(sim_t *s);
void traffic_handle_event(sim_t *s, const engine_event_t *ev);
void traffic_set_rate(sim_t *s, int service, double rps, sim_time_t ramp);
void traffic_pod_stopped(sim_t *s, int pod, bool kill); /* SIGTERM or SIGKILL: fail/flush */
void traffic_pod_free(sim_t *s, int pod);
void traffic_endpoints_changed(sim_t *s, int service);
double traffic_rate_now(const sim_t *s, int service);
/* A pod's busy worker-microseconds so far (its CPU use), in either fidelity. */
double traffic_pod_busy(const sim_t *s, int pod);
double traffic_pod_busy_then(const sim_t *s, int pod, sim_time_t then, double fl_busy_then);
double traffic_pod_routed(const sim_t *s, int pod);
double traffic_pod_in_flight(const sim_t *s, int pod, double busy_then, sim_time_t since);
void traffic_downtime_flush(sim_t *s, int service);

#endif
