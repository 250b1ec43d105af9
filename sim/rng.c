/* rng: stream derivation. FNV-1a over the concern and entity names, mixed with the seed by
 * splitmix64's finalizer; the generator itself is GSL's taus2. */
#include "rng.h"

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
