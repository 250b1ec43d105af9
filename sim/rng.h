/* rng: the run's random streams. Every random number comes from a GSL generator derived
 * from (seed, concern, entity), so adding a service shifts no other entity's numbers and two
 * scenarios that differ only in strategy see the same arrivals (common random numbers). */
#ifndef DEPLOYSIM_RNG_H
#define DEPLOYSIM_RNG_H

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>

/* The concerns of docs/MODEL.md#randomness; the string is part of the stream's identity. */
#define RNG_ARRIVALS "arrivals"
#define RNG_SERVICE "service"   /* service times and error draws of a service's requests */
#define RNG_ROUTING "routing"   /* load-balancer choices */
#define RNG_STARTUP "startup"   /* app start-up and runtime start of a service's pods */
#define RNG_FAILURES "failures" /* node failures and repairs of a pool, pod crashes */
#define RNG_SCHEDULING "scheduling"
#define RNG_NAMES "names" /* pod name suffixes */
#define RNG_PROVISION "provisioning"

/* The 32-bit seed GSL's generator is set from (the generators use only 32 bits). */
unsigned long rng_derive_seed(uint64_t seed, const char *concern, const char *entity);
/* A new generator (taus2: fast, simulation quality); NULL when out of memory. */
gsl_rng *rng_stream(uint64_t seed, const char *concern, const char *entity);
/* The stream of a namespaced object (a service): the entity is "namespace/name", so shop/web
 * and blog/web draw different numbers. */
gsl_rng *rng_stream_ns(uint64_t seed, const char *concern, const char *namespace_,
                       const char *name);

/* gsl_ran_exponential(r, mean), the same number bit for bit (GSL's randist/exponential.c
 * computes exactly this), inline: one call fewer per arrival. */
static inline double rng_exponential(gsl_rng *r, double mean) {
    return -mean * log1p(-gsl_rng_uniform(r));
}

/* (int64_t)gsl_ran_exponential(r, mean), the same number bit for bit, drawing the same one
 * uniform, several times faster (libm's log1p only for draws next to an integer). */
int64_t rng_exponential_floor(gsl_rng *r, double mean);

#endif
