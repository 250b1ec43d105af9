/* rng: stream derivation. FNV-1a over the concern and entity names, mixed with the seed by
 * splitmix64's finalizer; the generator itself is GSL's taus2. */
#include "rng.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

static uint64_t fnv1a(uint64_t h, const char *s) {
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 0x100000001b3ull;
    }
    h ^= 0xff; /* a separator, so ("ab","c") and ("a","bc") differ */
    h *= 0x100000001b3ull;
    return h;
}

static uint64_t mix64(uint64_t z) {
    z += 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

unsigned long rng_derive_seed(uint64_t seed, const char *concern, const char *entity) {
    uint64_t h = fnv1a(fnv1a(0xcbf29ce484222325ull, concern), entity);
    uint64_t z = mix64(h ^ mix64(seed));
    uint32_t s = (uint32_t)(z ^ (z >> 32));
    return s ? s : 0x6d2b79f5u; /* taus2 maps 0 to its default seed: avoid a shared one */
}

gsl_rng *rng_stream(uint64_t seed, const char *concern, const char *entity) {
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (r) gsl_rng_set(r, rng_derive_seed(seed, concern, entity));
    return r;
}

gsl_rng *rng_stream_ns(uint64_t seed, const char *concern, const char *namespace_,
                       const char *name) {
    /* names are DNS-1123 labels (scenario.c): they hold no '/', so the key is unambiguous */
    char entity[160];
    if (snprintf(entity, sizeof entity, "%s/%s", namespace_, name) >= (int)sizeof entity)
        return NULL;
    return rng_stream(seed, concern, entity);
}

/* ---- floor(gsl_ran_exponential(r, mean)), exactly, mostly without libm ----
 * GSL draws u = k / 2^32 and returns -mean * log1p(-u). The request model keeps only whole
 * microseconds of a service time, so a log accurate to ~1e-14 decides the floor unless the
 * draw lies within 1e-12 relative of an integer; then (about once in 10^7 draws at a 10 ms
 * mean) it asks libm, as GSL does. The result is the same number as before, bit for bit, on
 * any machine. Why: glibc's log1p was a quarter of the request model's time (make bench).
 * The log: 1 - u = 2^e * f, f in [1, 2); log f = -log(inv[i]) + log1p(f * inv[i] - 1), inv[i]
 * ~ 1 / (centre of f's 1/256 interval), so |r| < 1/500 and a degree-4 series (evaluated as two
 * short chains: latency, not operations, is what it costs) is within 1e-14; the table is
 * built once from libm's log (its error, 1e-16, is part of the margin). */
#define LOG_TABLE_BITS 8
#define LOG_TABLE_SIZE (1 << LOG_TABLE_BITS)

static double log_inv[LOG_TABLE_SIZE], log_neg[LOG_TABLE_SIZE];
static pthread_once_t log_once = PTHREAD_ONCE_INIT;
static atomic_int log_ready;

static void log_table_init(void) {
    for (int i = 0; i < LOG_TABLE_SIZE; i++) {
        double centre = 1.0 + ((double)i + 0.5) / LOG_TABLE_SIZE;
        log_inv[i] = 1.0 / centre;
        log_neg[i] = -log(log_inv[i]);
    }
    atomic_store_explicit(&log_ready, 1, memory_order_release);
}

/* log(v) for a normal v > 0, absolute error below 1e-14 for |log v| < 40 */
static inline double fast_log(double v) {
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int e = (int)(bits >> 52) - 1023;
    uint64_t mant = bits & ((1ull << 52) - 1);
    int i = (int)(mant >> (52 - LOG_TABLE_BITS));
    uint64_t fbits = mant | (1023ull << 52);
    double f;
    memcpy(&f, &fbits, sizeof f);
    double r = f * log_inv[i] - 1.0;
    double r2 = r * r;
    double p = r + r2 * ((-0.5 + r * (1.0 / 3)) + r2 * -0.25);
    return ((double)e * 0.69314718055994530942 + log_neg[i]) + p;
}

int64_t rng_exponential_floor(gsl_rng *r, double mean) {
    double u = gsl_rng_uniform(r);
    if (mean > 0 && mean < 1e12) {
        if (!atomic_load_explicit(&log_ready, memory_order_acquire))
            pthread_once(&log_once, log_table_init);
        double x = -mean * fast_log(1.0 - u); /* 1 - u is exact: u has 32 bits */
        /* the fast log's error, libm's (1 ulp) and the roundings of both products */
        double margin = mean * 1e-12 + x * 1e-15;
        /* both ends non-negative and below 2^53: truncation is floor */
        if (x - margin >= 0) {
            int64_t lo = (int64_t)(x - margin);
            if (lo == (int64_t)(x + margin)) return lo;
        }
    }
    return (int64_t)(-mean * log1p(-u)); /* as gsl_ran_exponential computes it */
}
