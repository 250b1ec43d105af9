/* dist: the edges of sampling — a normal whose mass lies below 0 gives 0 after its bounded
 * resampling, a lognormal of mean 0 gives 0, a Weibull without a shape is the exponential
 * (shape 1: scale = mean / Gamma(2) = mean), and a value beyond int64 range is capped. */
#include "test_util.h"

#include <gsl/gsl_rng.h>

#include "dist.h"

static void test_edges(void **state) {
    (void)state;
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(g, 1);
    /* mean -1 s, sd 1 us: every draw is negative; the 64 tries give up at 0 */
    dist_t below = {DIST_NORMAL, -1e6, 1, 0, 0, 0};
    assert_int_equal(dist_sample(&below, g), 0);
    dist_t zero = {DIST_LOGNORMAL, 0, 1e6, 0, 0, 0};
    assert_int_equal(dist_sample(&zero, g), 0);
    dist_t huge = dist_constant(0);
    huge.mean = 1e19; /* beyond int64: capped, so sums of a few stay in range */
    assert_int_equal(dist_sample(&huge, g), INT64_MAX / 4);
    /* Weibull, shape unset: k = 1, the exponential of that mean (sd = mean) */
    dist_t w = {DIST_WEIBULL, 1e6, 0, 0, 0, 0};
    double sum = 0, sq = 0;
    const int n = 40000;
    for (int i = 0; i < n; i++) {
        double x = (double)dist_sample(&w, g);
        sum += x;
        sq += x * x;
    }
    double mean = sum / n, sd = sqrt(sq / n - mean * mean);
    assert_near(mean, 1e6, 0.02e6); /* se 1e6 / 200 = 0.5 % */
    assert_near(sd, 1e6, 0.03e6);
    assert_string_equal(dist_kind_name(DIST_WEIBULL), "weibull");
    gsl_rng_free(g);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
