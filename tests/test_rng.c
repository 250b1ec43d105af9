/* rng: stream derivation and the exact floor of an exponential draw. */
#include "test_util.h"

#include <gsl/gsl_randist.h>
#include <stdlib.h>

#include "rng.h"

/* rng_exponential_floor must give (int64_t)gsl_ran_exponential bit for bit (it replaces it
 * in the request model's service times, and tests/golden holds the outputs): two generators
 * with one seed, one drawing each way, over means from 0.3 us to 1e9 us — small means put
 * many draws next to an integer, where the fast log must hand over to libm. */
static void test_exponential_floor_matches_gsl(void **state) {
    (void)state;
    /* 0 and 1e13: outside the fast path's range, libm's log1p directly */
    const double means[] = {0.3, 1.0, 2.5, 37.0, 1000.0, 10000.0, 33333.3, 1e6, 1e9, 0.0, 1e13};
    for (size_t m = 0; m < sizeof means / sizeof means[0]; m++) {
        gsl_rng *a = rng_stream(7, "service", "x"), *b = rng_stream(7, "service", "x");
        for (int i = 0; i < 400000; i++) {
            int64_t want = (int64_t)gsl_ran_exponential(a, means[m]);
            int64_t got = rng_exponential_floor(b, means[m]);
            if (got != want)
                fail_msg("mean %g draw %d: %lld, GSL %lld", means[m], i, (long long)got,
                         (long long)want);
        }
        gsl_rng_free(a);
        gsl_rng_free(b);
    }
}

/* Every 32-bit uniform near the ends of the range, where log(1 - u) is 0 or -22.18. */
static void test_exponential_floor_extremes(void **state) {
    (void)state;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    for (unsigned long seed = 1; seed < 20000; seed++) {
        gsl_rng_set(r, seed);
        double u = gsl_rng_uniform(r);
        gsl_rng_set(r, seed);
        int64_t got = rng_exponential_floor(r, 10000.0);
        assert_int_equal(got, (int64_t)(-10000.0 * log1p(-u)));
    }
    gsl_rng_free(r);
}

/* Streams are a function of (seed, concern, entity) only; 0 never becomes a seed. */
static void test_derive_seed(void **state) {
    (void)state;
    assert_int_equal(rng_derive_seed(1, "arrivals", "a/b"), rng_derive_seed(1, "arrivals", "a/b"));
    assert_true(rng_derive_seed(1, "arrivals", "a/b") != rng_derive_seed(2, "arrivals", "a/b"));
    assert_true(rng_derive_seed(1, "ab", "c") != rng_derive_seed(1, "a", "bc"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exponential_floor_matches_gsl),
        cmocka_unit_test(test_exponential_floor_extremes),
        cmocka_unit_test(test_derive_seed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
