/* axis: round numbers for chart axes. Values step by 1-2-5 × 10^k; time steps by round
 * seconds and minutes, labelled m:ss. Pure functions, unit-tested. */
#ifndef DEPLOYSIM_UI_AXIS_H
#define DEPLOYSIM_UI_AXIS_H

#include <stddef.h>

#include "sim_time.h"

/* The smallest 1-2-5 step giving at most `max_ticks` intervals over [0, range]. */
double axis_step(double range, int max_ticks);
/* The smallest axis maximum >= v (and >= floor_max) that is a whole number, at most
 * max_ticks, of 1-2-5 steps; the step goes to *step_out when not NULL. */
double axis_max(double v, double floor_max, int max_ticks, double *step_out);
/* A round time step (1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 6, 12 h) giving
 * at most max_ticks intervals over `span`. */
sim_time_t axis_time_step(sim_time_t span, int max_ticks);
/* "m:ss" ("h:mm:ss" from one hour); negative times get a minus sign. */
void axis_format_time(sim_time_t t, char *buf, size_t n);
/* A tick label with as many decimals as the step needs ("0.5", "20", "1.5k" from 10 000). */
void axis_format_value(double v, double step, char *buf, size_t n);

#endif
