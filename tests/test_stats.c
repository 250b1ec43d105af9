/* stats: mean, sample sd, t quantiles and 95% confidence intervals against values computed
 * independently of GSL (Python: the t density integrated with Simpson's rule and bisected
 * for the quantile; the quantiles agree with printed t tables). */
#include "test_util.h"

#include "stats.h"

/* t_{0.975, df} from the table / independent integration */
static const struct {
    int df;
    double t;
} t_table[] = {
    {1, 12.706204736}, /* the widest: two replications */
    {2, 4.302652730},  {4, 2.776445105}, {7, 2.364624252}, {9, 2.262157163}, /* ten replications */
    {19, 2.093024054}, /* twenty replications */
};

static void test_t_quantiles(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof t_table / sizeof t_table[0]; i++)
        assert_near(stats_t975(t_table[i].df), t_table[i].t, 1e-8);
    assert_true(isnan(stats_t975(0)));
}

/* one row per data set: values, then n, mean, sd and half-width computed by hand/Python */
static const struct {
    const char *name;
    double x[12];
    int n;
    int used;
    double mean, sd, half;
} ci_cases[] = {
    /* textbook: sd = sqrt(32/7) */
    {"eight values", {2, 4, 4, 4, 5, 5, 7, 9}, 8, 8, 5.0, 2.138089935299395, 1.7874879182362138},
    {"ten replications",
     {12.5, 13.1, 11.8, 12.9, 13.4, 12.2, 12.7, 13.0, 12.4, 12.8},
     10,
     10,
     12.68,
     0.4685675570881488,
     0.3351930378768124},
    /* a blank latency (NaN) is skipped: three values, df = 2 */
    {"NaN skipped", {1.0, NAN, 3.0, 5.0}, 4, 3, 3.0, 2.0, 4.968275423500367},
    /* no spread: the interval is a point */
    {"constant", {7, 7, 7, 7, 7}, 5, 5, 7.0, 0.0, 0.0},
};

static void test_ci95(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof ci_cases / sizeof ci_cases[0]; i++) {
        print_message("case: %s\n", ci_cases[i].name);
        stats_ci_t c = stats_ci95(ci_cases[i].x, ci_cases[i].n);
        assert_int_equal(c.n, ci_cases[i].used);
        assert_near(c.mean, ci_cases[i].mean, 1e-12);
        assert_near(stats_mean(ci_cases[i].x, ci_cases[i].n), ci_cases[i].mean, 1e-12);
        assert_near(c.sd, ci_cases[i].sd, 1e-12);
        assert_near(stats_sd(ci_cases[i].x, ci_cases[i].n), ci_cases[i].sd, 1e-12);
        assert_near(c.half, ci_cases[i].half, 1e-8);
    }
}

/* One replication (or none) has no interval: the CSV columns are blank. */
static void test_single_value(void **state) {
    (void)state;
    double one = 42.5;
    stats_ci_t c = stats_ci95(&one, 1);
    assert_int_equal(c.n, 1);
    assert_near(c.mean, 42.5, 0);
    assert_true(isnan(c.sd));
    assert_true(isnan(c.half));
    assert_true(isnan(stats_sd(&one, 1))); /* n - 1 = 0: no sample sd */
    c = stats_ci95(NULL, 0);
    assert_int_equal(c.n, 0);
    assert_true(isnan(c.mean));
    double nan1 = NAN;
    assert_true(isnan(stats_mean(&nan1, 1)));
}

/* The paired difference: b - a per replication. Both series vary a lot (sd ~14, half-width
 * ~10 each) but move together, so the difference 3 has a half-width of 0.58: the reason
 * compare pairs replications that share their seeds. */
static void test_paired(void **state) {
    (void)state;
    const double a[] = {100, 120, 90, 110, 105, 95, 130, 85, 115, 100};
    const double b[] = {103, 124, 92, 112, 108, 99, 133, 88, 117, 104};
    stats_ci_t d = stats_paired_ci95(a, b, 10);
    assert_int_equal(d.n, 10);
    assert_near(d.mean, 3.0, 1e-12);
    assert_near(d.sd, 0.816496580927726, 1e-12);
    assert_near(d.half, 0.5840864678680872, 1e-8);
    stats_ci_t ca = stats_ci95(a, 10), cb = stats_ci95(b, 10);
    assert_near(ca.half, 9.975175465512553, 1e-8);
    assert_near(cb.half, 9.992261133983147, 1e-8);
    assert_true(d.half < ca.half / 10);

    /* a pair with a missing value drops out as a pair */
    const double a2[] = {1, NAN, 3, 4};
    const double b2[] = {2, 5, NAN, 6};
    d = stats_paired_ci95(a2, b2, 4);
    assert_int_equal(d.n, 2);
    assert_near(d.mean, 1.5, 1e-12);
    /* differences 1 and 2: sd = sqrt(0.5), half = 12.706204736 * sqrt(0.5) / sqrt(2) */
    assert_near(d.half, 12.706204736 * 0.5, 1e-8);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_t_quantiles),
        cmocka_unit_test(test_ci95),
        cmocka_unit_test(test_single_value),
        cmocka_unit_test(test_paired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
