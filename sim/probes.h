/* probes.h: the kubelet's probes (probes.c): a container's startup, readiness and liveness
 * probe timeline, its failing ticks as events, and the app's hang; probe_* / probes_*. */
#ifndef DEPLOYSIM_PROBES_H
#define DEPLOYSIM_PROBES_H

#include "model.h"

/* A new container's probe timeline (startupProbe's success, the app's hang and unreadiness);
 * returns when the pod turns Ready by its probes (PROBE_NEVER: never). */
sim_time_t probes_arm(sim_t *s, int pod);
/* Schedules each probe's first failing tick, and the hang. */
void probes_schedule_failures(sim_t *s, int pod);
/* EV_POD_PROBE_FAIL: probe `k` failed a tick, or (PROBE_HANG) the app stops answering. */
void probes_handle_event(sim_t *s, int pod, int k);

#endif
