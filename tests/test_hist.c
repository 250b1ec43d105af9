/* hist: the latency histogram's edges — an empty histogram, quantiles outside 0..1 clamped to
 * the extremes, interpolation within a bucket (values below 64 us have buckets 1 us wide, so
 * one sample of 10 us spans [10, 11)), clearing a fresh, a used and an already cleared
 * histogram, merges and adds of nothing, and several quantiles in one walk. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "hist.h"

static hist_t *fresh(void) {
    hist_t *h = calloc(1, sizeof *h); /* a zeroed histogram, as calloc'd services hold them */
    assert_non_null(h);
    return h;
}

static void test_empty(void **state) {
    (void)state;
    hist_t *h = fresh();
    assert_true(hist_quantile(h, 0.5) == -1);
    assert_true(hist_count_above(h, 0) == 0);
    hist_clear(h); /* a zeroed histogram: lo == hi == 0 */
    assert_int_equal(h->total, 0);
    assert_int_equal(h->lo, HIST_BUCKETS);
    hist_clear(h); /* already cleared: lo > hi */
    assert_true(hist_quantile(h, 0.5) == -1);
    free(h);
}

static void test_quantile_clamped(void **state) {
    (void)state;
    hist_t *h = fresh();
    hist_clear(h);
    hist_add(h, 10);
    assert_true(hist_quantile(h, 0.5) == 10.5); /* halfway through [10, 11) */
    assert_true(hist_quantile(h, 0) == 10);
    assert_true(hist_quantile(h, -1) == 10); /* below 0: the lowest value */
    assert_true(hist_quantile(h, 1) == 11);
    assert_true(hist_quantile(h, 2) == 11); /* above 1: the highest */
    /* nothing added or merged: unchanged */
    hist_add_n(h, 20, 0);
    hist_t *empty = fresh();
    hist_clear(empty);
    hist_merge(h, empty);
    assert_int_equal(h->total, 1);
    assert_true(hist_quantile(h, 1) == 11);
    /* a used histogram clears to empty */
    hist_clear(h);
    assert_int_equal(h->total, 0);
    assert_int_equal(h->counts[10], 0);
    assert_true(hist_quantile(h, 0.5) == -1);
    free(empty);
    free(h);
}

/* hist_quantiles gives each quantile bit for bit as hist_quantile does (metrics.c's p50, p95
 * and p99 in one walk): on a spread of latencies with empty buckets between, with ranks that
 * fall in one bucket, at the clamped ends, and on an empty histogram. */
static void test_quantiles_one_walk(void **state) {
    (void)state;
    hist_t *h = fresh();
    hist_clear(h);
    static const double qs[] = {-1, 0, 0.25, 0.5, 0.5, 0.95, 0.99, 0.999, 1, 2};
    enum { N = sizeof qs / sizeof qs[0] };
    double out[N];
    hist_quantiles(h, qs, N, out);
    for (int k = 0; k < N; k++)
        assert_true(out[k] == -1);
    hist_add_n(h, 10, 3);
    hist_add_n(h, 900, 5);
    hist_add_n(h, 123456, 1);
    hist_add_n(h, 7000000, 91);
    hist_quantiles(h, qs, N, out);
    for (int k = 0; k < N; k++)
        assert_true(out[k] == hist_quantile(h, qs[k]));
    free(h);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_quantile_clamped),
        cmocka_unit_test(test_quantiles_one_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
