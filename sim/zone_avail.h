/* zone_avail.h: each service's availability per zone over the run, for zones.csv
 * (zone_avail.c); zone_avail_*. */
#ifndef DEPLOYSIM_ZONE_AVAIL_H
#define DEPLOYSIM_ZONE_AVAIL_H

#include <stdio.h>

#include "model.h"

int zone_avail_init(sim_t *s); /* 0, or -1 when out of memory */
void zone_avail_free(sim_t *s);
/* A pod of the service started (+1) or stopped (-1) counting as available in its zone. */
void zone_avail_changed(sim_t *s, int service, int zone, int delta);
/* zones.csv: a row per (service, zone) at the end of the run. */
void zone_avail_write(sim_t *s, FILE *f);

#endif
