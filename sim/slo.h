/* slo.h: service level objectives (slo.c): the error budget a run consumes and its peak burn
 * rates, kept as running sums per service (model.h slo_sli_state_t)
 * that each metrics sample updates, so a summary (the dashboard asks every frame) only reads
 * them. */
#ifndef DEPLOYSIM_SLO_H
#define DEPLOYSIM_SLO_H

#include "model.h"

/* Adds the service's newest sample to its SLO sums (metrics_sample, once per sample). */
void slo_sample(sim_t *s, int service);
/* Fills out's budget and burn fields (-1 without the objective) from the samples so far. */
void slo_summary(const sim_t *s, int service, sim_summary_t *out);

#endif
