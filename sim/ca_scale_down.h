/* ca_scale_down.h: the cluster autoscaler's scale-down (ca_scale_down.c): which nodes are
 * unneeded, and their removal. */
#ifndef DEPLOYSIM_CA_SCALE_DOWN_H
#define DEPLOYSIM_CA_SCALE_DOWN_H

#include "model.h"

struct ca;

/* One scan's scale-down: the drains under way, the unneeded nodes' clocks, and (outside the
 * cooldowns) the removal of the nodes unneeded for long enough. */
void ca_scale_down(sim_t *s, struct ca *ca);

#endif
