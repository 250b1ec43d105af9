/* fluid.h: fluid traffic (fluid.c): rates through M/M/c per ReplicaSet instead of requests;
 * fluid_*. */
#ifndef DEPLOYSIM_FLUID_H
#define DEPLOYSIM_FLUID_H

#include "model.h"

void fluid_init(sim_t *s);
void fluid_advance(sim_t *s);             /* brings traffic up to now; idempotent */
void fluid_pod_update(sim_t *s, int pod); /* after a change of whether the pod serves */
void fluid_free(sim_t *s);
void fluid_handle_tick(sim_t *s, const engine_event_t *ev);

#endif
