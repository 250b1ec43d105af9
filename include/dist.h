/* dist: the distributions a scenario can name (start-up, provisioning, crashAfter, mtbf,
 * repairTime, a runtime's start), sampled through GSL. Parameters are in microseconds. */
#ifndef DEPLOYSIM_DIST_H
#define DEPLOYSIM_DIST_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

typedef enum {
    DIST_CONSTANT,
    DIST_EXPONENTIAL,
    DIST_NORMAL,
    DIST_LOGNORMAL,
    DIST_UNIFORM,
    DIST_WEIBULL
} dist_kind_t;

typedef struct {
    dist_kind_t kind;
    double mean, sd, min, max, shape; /* microseconds, except shape */
} dist_t;

dist_t dist_constant(int64_t us);
dist_t dist_exponential(int64_t mean_us);
/* A sample in microseconds, never negative (a normal is truncated at 0 by resampling). */
int64_t dist_sample(const dist_t *d, gsl_rng *r);
/* The distribution's mean in microseconds (for explanations and tests). */
double dist_mean(const dist_t *d);
const char *dist_kind_name(dist_kind_t k);

#endif
