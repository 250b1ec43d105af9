/* slo.h: service level objectives (slo.c): the error budget a run consumes and its peak burn
 * rates, from the service's samples. */
#ifndef DEPLOYSIM_SLO_H
#define DEPLOYSIM_SLO_H

#include "model.h"

/* Fills out's budget and burn fields (-1 without the objective) from the samples so far. */
void slo_summary(const sim_t *s, int service, sim_summary_t *out);

#endif
