/* slo.h: service level objectives (slo.c): the error budget a run consumes and its peak burn
 * rates, from the service's samples. */
#ifndef DEPLOYSIM_SLO_H
#define DEPLOYSIM_SLO_H

#include "model.h"

/* Fills out's budget and burn fields (-1 without the objective) from the service's samples so
 * far (`rows`, `count`: what sim_samples answers; the caller hands them over so that this file
 * calls nothing of the model). */
void slo_summary(const slo_spec_t *slo, const sim_sample_t *rows, int count, sim_summary_t *out);

#endif
