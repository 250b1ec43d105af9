/* spot.h: spot capacity (spot.c): interruption notices, the drain they start, and the end of
 * the instance; spot_*. */
#ifndef DEPLOYSIM_SPOT_H
#define DEPLOYSIM_SPOT_H

#include "model.h"

/* Time 0: the listed interruptions are scheduled. 0 ok, -1 out of memory. */
int spot_init(sim_t *s);
void spot_free(sim_t *s);
/* A node became Ready: a spot pool with interruptionMtbf draws its time to interruption. */
void spot_node_ready(sim_t *s, int node);
void spot_handle_event(sim_t *s, const engine_event_t *ev);

#endif
