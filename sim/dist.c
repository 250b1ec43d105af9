/* dist: sampling. Lognormal and Weibull are given by their mean (and sd or shape), which is
 * what a user knows; the GSL parameters are derived here. */
#include "dist.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>

dist_t dist_constant(int64_t us) {
    dist_t d = {DIST_CONSTANT, (double)us, 0, 0, 0, 0};
    return d;
}

dist_t dist_exponential(int64_t mean_us) {
    dist_t d = {DIST_EXPONENTIAL, (double)mean_us, 0, 0, 0, 0};
    return d;
}

static double sample_raw(const dist_t *d, gsl_rng *r) {
    switch (d->kind) {
    case DIST_CONSTANT:
        return d->mean;
    case DIST_EXPONENTIAL:
        return gsl_ran_exponential(r, d->mean);
    case DIST_NORMAL:
        /* truncated at 0 by resampling, with a bound so a silly sd cannot loop forever */
        for (int i = 0; i < 64; i++) {
            double x = d->mean + gsl_ran_gaussian_ziggurat(r, d->sd);
            if (x >= 0) return x;
        }
        return 0;
    case DIST_LOGNORMAL: {
        if (d->mean <= 0) return 0;
        double cv2 = (d->sd / d->mean) * (d->sd / d->mean);
        double sigma2 = log1p(cv2);
        double mu = log(d->mean) - sigma2 / 2;
        return gsl_ran_lognormal(r, mu, sqrt(sigma2));
    }
    case DIST_UNIFORM:
        return gsl_ran_flat(r, d->min, d->max);
    case DIST_WEIBULL: {
        double k = d->shape > 0 ? d->shape : 1;
        double scale = d->mean / gsl_sf_gamma(1 + 1 / k);
        return gsl_ran_weibull(r, scale, k);
    }
    }
    return d->mean;
}

int64_t dist_sample(const dist_t *d, gsl_rng *r) {
    double x = sample_raw(d, r);
    if (!(x > 0)) return 0;
    if (x > 9.0e18) return INT64_MAX / 4;
    return (int64_t)llround(x);
}

double dist_mean(const dist_t *d) {
    if (d->kind == DIST_UNIFORM) return (d->min + d->max) / 2;
    return d->mean;
}

const char *dist_kind_name(dist_kind_t k) {
    static const char *const names[] = {"constant",  "exponential", "normal",
                                        "lognormal", "uniform",     "weibull"};
    return names[k];
}
