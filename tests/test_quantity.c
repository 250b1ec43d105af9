/* quantity: table-driven cases for CPU, memory, rates and durations (values, rounding,
 * refusals and their hints), formatting, and a seeded format/parse round trip. */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "quantity.h"

/* One row: input, expected value, or (err != NULL) a substring of the expected message. */
typedef struct {
    const char *in;
    int64_t want;
    const char *err;
} str_case_t;

typedef struct {
    double in;
    int64_t want;
    const char *err;
} num_case_t;

typedef int (*parse_fn)(const char *, int64_t *, char *, size_t);
typedef int (*number_fn)(double, int64_t *, char *, size_t);

static void run_str_cases(const char *what, parse_fn fn, const str_case_t *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const str_case_t *c = &cases[i];
        int64_t got = -12345;
        char err[256] = "";
        int rc = fn(c->in, &got, err, sizeof err);
        if (c->err) {
            if (rc == 0)
                fail_msg("%s(\"%s\") = %lld, expected an error", what, c->in, (long long)got);
            if (got != -12345) fail_msg("%s(\"%s\") wrote *out on error", what, c->in);
            if (!strstr(err, c->err))
                fail_msg("%s(\"%s\"): message \"%s\" lacks \"%s\"", what, c->in, err, c->err);
        } else {
            if (rc != 0) fail_msg("%s(\"%s\") failed: %s", what, c->in, err);
            if (got != c->want)
                fail_msg("%s(\"%s\") = %lld, expected %lld", what, c->in, (long long)got,
                         (long long)c->want);
        }
    }
}

static void run_num_cases(const char *what, number_fn fn, const num_case_t *cases, size_t n) {
    for (size_t i = 0; i < n; i++) {
        const num_case_t *c = &cases[i];
        int64_t got = -12345;
        char err[256] = "";
        int rc = fn(c->in, &got, err, sizeof err);
        if (c->err) {
            if (rc == 0)
                fail_msg("%s(%.17g) = %lld, expected an error", what, c->in, (long long)got);
            if (!strstr(err, c->err))
                fail_msg("%s(%.17g): message \"%s\" lacks \"%s\"", what, c->in, err, c->err);
        } else {
            if (rc != 0) fail_msg("%s(%.17g) failed: %s", what, c->in, err);
            if (got != c->want)
                fail_msg("%s(%.17g) = %lld, expected %lld", what, c->in, (long long)got,
                         (long long)c->want);
        }
    }
}

#define RUN(fn, table) run_str_cases(#fn, fn, table, sizeof table / sizeof table[0])
#define RUN_NUM(fn, table) run_num_cases(#fn, fn, table, sizeof table / sizeof table[0])

#define KI 1024LL
#define MI (1024LL * 1024)
#define GI (1024LL * 1024 * 1024)
#define TI (GI * 1024)

static void test_cpu(void **state) {
    (void)state;
    static const str_case_t cases[] = {
        {"250m", 250, NULL}, /* millicores */
        {"2", 2000, NULL},   /* whole cores */
        {"1.5", 1500, NULL}, /* fractional cores */
        {"0.5", 500, NULL},
        {"0.1", 100, NULL}, /* exact: no 100.00000000000001 */
        {"0.25", 250, NULL},
        {"100m", 100, NULL},
        {"1000m", 1000, NULL},
        {"3m", 3, NULL},
        {"0", 0, NULL},
        {"0m", 0, NULL},
        {"+1", 1000, NULL},
        {"1e-1", 100, NULL},    /* decimal exponent */
        {"1e3", 1000000, NULL}, /* 1000 cores */
        {"0.0005", 1, NULL},    /* k8s: a fraction of a millicore rounds up */
        {"2.0001", 2001, NULL},
        {"0.5m", 1, NULL},
        {"64", 64000, NULL},
        {"2Gi", 0, "use cores (\"2\", \"0.5\") or millicores (\"250m\")"},
        {"500M", 0, "did you mean \"500m\"?"},
        {"-1", 0, "must not be negative"},
        {"-250m", 0, "must not be negative"},
        {"abc", 0, "bad cpu quantity \"abc\""},
        {"", 0, "bad cpu quantity \"\""},
        {"m", 0, "bad cpu quantity"},
        {"1.5.2", 0, "bad cpu quantity"},
        {"250 m", 0, "bad cpu quantity"},
        {"2 cores", 0, "bad cpu quantity"},
        {"99999999999999999999", 0, "out of range"},
        {"1e30", 0, "out of range"},
        /* MilliValue() rounds up to a whole millicore (resource.Quantity ScaledValue(Milli)) */
        {"1e-20", 1, NULL},
        {"10e-21", 1, NULL}, /* a zero digit dropped first: still up */
        {"0.0001", 1, NULL},
        {"1.0005", 1001, NULL},
        {"-0", 0, NULL}, /* zero with a sign is zero */
    };
    RUN(quantity_parse_cpu, cases);
}

static void test_cpu_numbers(void **state) {
    (void)state;
    static const num_case_t cases[] = {
        {0.5, 500, NULL},           {2, 2000, NULL},
        {0.1, 100, NULL},           {0.001, 1, NULL},
        {1.5, 1500, NULL},          {0, 0, NULL},
        {0.3, 300, NULL},           {0.0001, 1, NULL},
        {96, 96000, NULL},          {-1, 0, "must not be negative"},
        {1e300, 0, "out of range"},
    };
    RUN_NUM(quantity_cpu_from_number, cases);
}

static void test_bytes(void **state) {
    (void)state;
    static const str_case_t cases[] = {
        {"512Mi", 512 * MI, NULL},
        {"8Gi", 8 * GI, NULL},
        {"1G", 1000000000, NULL},
        {"180Mi", 180 * MI, NULL},
        {"100k", 100000, NULL},
        {"1Ki", KI, NULL},
        {"2Ti", 2 * TI, NULL},
        {"1Pi", 1LL << 50, NULL},
        {"1Ei", 1LL << 60, NULL},
        {"7Ei", 7LL << 60, NULL},
        {"1E", 1000000000000000000LL, NULL}, /* exa, not an exponent */
        {"1.5Gi", 1610612736, NULL},
        {"0.1G", 100000000, NULL},  /* exact */
        {"129e6", 129000000, NULL}, /* decimal exponent */
        {"1e3", 1000, NULL},
        {"1000", 1000, NULL},
        {"0", 0, NULL},
        {"0.5", 1, NULL}, /* a fraction of a byte rounds up */
        {"1.0000001Ki", 1025, NULL},
        {"12345678901234", 12345678901234LL, NULL},
        {"16Gi", 16 * GI, NULL},
        {"2Gb", 0,
         "bad quantity \"2Gb\": use a suffix Ki, Mi, Gi, Ti, k, M, G, T (did you mean \"2Gi\"?)"},
        {"2GB", 0, "(did you mean \"2Gi\"?)"},
        {"2gib", 0, "(did you mean \"2Gi\"?)"},
        {"512mb", 0, "(did you mean \"512Mi\"?)"},
        {"100kb", 0, "(did you mean \"100Ki\"?)"},
        {"1 Gi", 0, "(did you mean \"1Gi\"?)"},
        {"100b", 0, "(did you mean \"100\"?)"},
        {"512m", 0, "\"m\" means a thousandth of a byte"},
        {"512m", 0, "(did you mean \"512Mi\"?)"},
        {"-1Mi", 0, "bad quantity \"-1Mi\": must not be negative"},
        {"-5", 0, "must not be negative"},
        {"abc", 0, "bad quantity \"abc\": expected a number"},
        {"", 0, "bad quantity \"\""},
        {"Mi", 0, "expected a number"},
        {"1Zi", 0, "use a suffix"},
        {"8Ei", 0, "out of range"},
        {"100000000000Ti", 0, "out of range"},
        {"1e40", 0, "out of range"},
        /* apimachinery resource.Quantity.Value() rounds a fraction of a byte up, however small
         * (quantity_test.go TestQuantityValue... "1e-3" -> 1); trailing zeros of a long
         * fraction are exact */
        {"1e-20", 1, NULL},
        {"0.0000000000000000000000000000001Ki", 1, NULL},
        {"1.000000000000000000000000", 1, NULL},
        {"9223372036854775807", INT64_MAX, NULL}, /* the largest int64 */
        {"9223372036854775808", 0, "out of range"},
        {"123456789012345678901234567890", 0, "out of range"},
        /* hints: a valid suffix after a space keeps its meaning (k is 1000, not Ki) */
        {"1 k", 0, "(did you mean \"1k\"?)"},
        {"1 M", 0, "(did you mean \"1M\"?)"},
        {"100bytes", 0, "(did you mean \"100\"?)"},
        {"5 ", 0, "(did you mean \"5\"?)"},
        {"2Pb", 0, "(did you mean \"2Pi\"?)"},
        {"2Eib", 0, "(did you mean \"2Ei\"?)"},
        {"2Gx", 0, "bad quantity \"2Gx\": use a suffix Ki, Mi, Gi, Ti, k, M, G, T"},
    };
    RUN(quantity_parse_bytes, cases);
    int64_t v;
    char err[256];
    assert_int_not_equal(quantity_parse_bytes("2Gx", &v, err, sizeof err), 0);
    assert_null(strstr(err, "did you mean")); /* no guess for an unknown letter after G */
}

static void test_bytes_numbers(void **state) {
    (void)state;
    static const num_case_t cases[] = {
        {1024, 1024, NULL},
        {0, 0, NULL},
        {1.5, 2, NULL},
        {536870912, 536870912, NULL},
        {1e9, 1000000000, NULL},
        {-1, 0, "must not be negative"},
        {1e20, 0, "out of range"},
    };
    RUN_NUM(quantity_bytes_from_number, cases);
}

static void test_rate(void **state) {
    (void)state;
    static const struct {
        const char *in;
        double want;
        const char *err;
    } cases[] = {
        {"100Mi", 100.0 * MI, NULL},
        {"100Mi/s", 100.0 * MI, NULL},
        {"1G/s", 1e9, NULL},
        {"1000", 1000, NULL},
        {"5", 5, NULL}, /* shorter than "/s" */
        {"100Mb/s", 0, "(did you mean \"100Mi\"?)"},
        {"100Mb/s", 0, "bytes per second"},
        {"-1Mi/s", 0, "must not be negative"},
        {"fast", 0, "bad quantity \"fast\""},
        {"/s", 0, "bad quantity \"\": expected a number"},
        {"100Mi/s/s", 0, "bad quantity \"100Mi/s\""}, /* one /s only */
        {"1111111111111111111111111111111111111111111111111111111111111111111111", 0, "too long"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = -1;
        char err[256] = "";
        int rc = quantity_parse_rate(cases[i].in, &got, err, sizeof err);
        if (cases[i].err) {
            assert_int_not_equal(rc, 0);
            if (!strstr(err, cases[i].err))
                fail_msg("rate \"%s\": \"%s\" lacks \"%s\"", cases[i].in, err, cases[i].err);
        } else {
            assert_int_equal(rc, 0);
            assert_near(got, cases[i].want, 0);
        }
    }
}

static void test_durations(void **state) {
    (void)state;
    static const str_case_t cases[] = {
        {"500ms", 500000, NULL},
        {"30s", 30000000, NULL},
        {"5m", 300000000, NULL},
        {"2h", 7200000000LL, NULL},
        {"1m30s", 90000000, NULL},
        {"250us", 250, NULL},
        {"3\xc2\xb5s", 3, NULL}, /* micro sign */
        {"3\xce\xbcs", 3, NULL}, /* Greek mu */
        {"1.5h", 5400000000LL, NULL},
        {"1.5s", 1500000, NULL},
        {"0.5ms", 500, NULL},
        {"0", 0, NULL},
        {"0s", 0, NULL},
        {"+5s", 5000000, NULL},
        {"1h2m3s4ms5us", 3723004005LL, NULL},
        {"100ns", 0, NULL}, /* rounds to the nearest microsecond */
        {"1500ns", 2, NULL},
        /* Go time.ParseDuration keeps a long fraction's value: 500 ms */
        {"0.500000000000000000000s", 500000, NULL},
        {"0.1s", 100000, NULL},
        {"10m0s", 600000000, NULL},
        {"-5s", 0, "bad duration \"-5s\": must not be negative"},
        {"5", 0, "(did you mean \"5s\"?)"},
        {"5min", 0, "(did you mean \"5m\"?)"},
        {"5 minutes", 0, "(did you mean \"5m\"?)"},
        {"2 hours", 0, "(did you mean \"2h\"?)"},
        {"10sec", 0, "(did you mean \"10s\"?)"},
        {"1m 30s", 0, "(did you mean \"1m30s\"?)"},
        {"2d", 0, "(did you mean \"48h\"?)"},
        {" 5s", 0, "(did you mean \"5s\"?)"},
        {"abc", 0, "bad duration \"abc\": use seconds"},
        {"", 0, "bad duration \"\""},
        {"5x", 0, "bad duration"},
        {"1h-5m", 0, "bad duration"},
        {"s", 0, "bad duration"},
        {"1e3s", 0, "bad duration"},
        {"99999999999h", 0, "out of range"},
        {"1m+5s", 0, "bad duration"}, /* Go's ParseDuration takes a sign only in front */
        {"1.5 min", 0, "(did you mean \"1.5m\"?)"},
        {"3 days", 0, "(did you mean \"72h\"?)"},
        {"5 sec ", 0, "(did you mean \"5s\"?)"},
        {"5 minutes 30 seconds 10 ms 200 us", 0, "(did you mean \"5m30s10ms200us\"?)"},
    };
    RUN(quantity_parse_duration, cases);
    /* no guess: an unknown word, a bare number after a unit, a fraction of a day, more days
     * than a guess spells out, a guess that is out of range itself, a guess too long */
    static const char *const no_hint[] = {
        "5 abcdefghijklmnopqrst",
        "1m 30",
        "1.5d",
        "1234567d",
        "99999999999 hours",
        "1000 ms 1000 ms 1000 ms 1000 ms 1000 ms 1000 ms 1000 ms 1000 ms 1000 ms 1000 ms 1000 ms"};
    for (size_t i = 0; i < sizeof no_hint / sizeof no_hint[0]; i++) {
        int64_t v;
        char err[512];
        assert_int_not_equal(quantity_parse_duration(no_hint[i], &v, err, sizeof err), 0);
        if (strstr(err, "did you mean")) fail_msg("\"%s\": unexpected guess: %s", no_hint[i], err);
    }
}

static void test_duration_seconds(void **state) {
    (void)state;
    static const num_case_t cases[] = {
        {30, 30000000, NULL},
        {0.5, 500000, NULL},
        {0.1, 100000, NULL},
        {0, 0, NULL},
        {1e-7, 0, NULL},
        {1.0000005, 1000001, NULL}, /* half a microsecond rounds up */
        /* far below a microsecond: nearest, not up (time.Duration(seconds * 1e6 us) rounds
         * to 0), whether the digits dropped are below or at half */
        {4e-20, 0, NULL},
        {5e-20, 0, NULL},
        {600, 600000000, NULL},
        {-1, 0, "must not be negative"},
        {1e300, 0, "out of range"},
    };
    RUN_NUM(quantity_duration_from_seconds, cases);
}

static void test_errors_leave_output_and_accept_null_err(void **state) {
    (void)state;
    int64_t v = 7;
    assert_int_not_equal(quantity_parse_bytes("2Gb", &v, NULL, 0), 0);
    assert_int_not_equal(quantity_parse_duration("xx", &v, NULL, 0), 0);
    assert_int_not_equal(quantity_parse_cpu("-1", &v, NULL, 0), 0);
    assert_int_equal(v, 7);
    char tiny[8];
    assert_int_not_equal(quantity_parse_bytes("2Gb", &v, tiny, sizeof tiny), 0);
    assert_int_equal(strlen(tiny), sizeof tiny - 1); /* truncated, still terminated */
}

static void test_format(void **state) {
    (void)state;
    char buf[64];
    static const struct {
        int64_t v;
        const char *want;
    } cpu[] = {{250, "250m"}, {2000, "2"}, {1500, "1500m"}, {0, "0"}},
      bytes[] = {{512 * MI, "512Mi"}, {1000000000, "1G"}, {1000, "1k"},
                 {1023, "1023"},      {0, "0"},           {8 * GI, "8Gi"},
                 {1536, "1536"},      {2048000, "2000Ki"}},
      dur[] = {{90000000, "1m30s"},  {500000, "500ms"},
               {1500000, "1.5s"},    {0, "0s"},
               {250, "250us"},       {1500, "1.5ms"},
               {7200000000LL, "2h"}, {3600000001LL, "1h0.000001s"},
               {30000000, "30s"},    {-2000000, "-2s"}};
    for (size_t i = 0; i < sizeof cpu / sizeof cpu[0]; i++)
        assert_string_equal(quantity_format_cpu(cpu[i].v, buf, sizeof buf), cpu[i].want);
    for (size_t i = 0; i < sizeof bytes / sizeof bytes[0]; i++)
        assert_string_equal(quantity_format_bytes(bytes[i].v, buf, sizeof buf), bytes[i].want);
    for (size_t i = 0; i < sizeof dur / sizeof dur[0]; i++)
        assert_string_equal(quantity_format_duration(dur[i].v, buf, sizeof buf), dur[i].want);
}

/* Property: whatever is formatted parses back to the same value (seeded, reproducible). */
static void test_round_trip(void **state) {
    (void)state;
    uint64_t x = 0x9E3779B97F4A7C15ULL; /* seed */
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17; /* xorshift64 */
        int64_t v = (int64_t)(x >> (1 + x % 40));
        char buf[64];
        int64_t back = -1;
        assert_int_equal(
            quantity_parse_duration(quantity_format_duration(v, buf, sizeof buf), &back, NULL, 0),
            0);
        if (back != v)
            fail_msg("duration %lld -> \"%s\" -> %lld", (long long)v, buf, (long long)back);
        assert_int_equal(
            quantity_parse_bytes(quantity_format_bytes(v, buf, sizeof buf), &back, NULL, 0), 0);
        if (back != v) fail_msg("bytes %lld -> \"%s\" -> %lld", (long long)v, buf, (long long)back);
        int64_t m = v % 10000000;
        assert_int_equal(
            quantity_parse_cpu(quantity_format_cpu(m, buf, sizeof buf), &back, NULL, 0), 0);
        if (back != m) fail_msg("cpu %lld -> \"%s\" -> %lld", (long long)m, buf, (long long)back);
    }
}

/* More of the hints after a wrong unit, each checked to parse to what was meant: byte words
 * and B/b suffixes ("100B", "7bytes", "3Mib", "1.5Tb", "5 kb"), a number followed only by
 * spaces, and no hint when the suffix is not a unit ("2 Gx"); durations written in words
 * ("90 secs", "5 hours 3 minutes", whole days as hours), none for a fraction of a day or for
 * weeks. A hint may repeat a unit: Go's time.ParseDuration (the format of Kubernetes' and
 * Argo's durations) sums "24h2h" to 26 h, and so does quantity_parse_duration. */
static void test_more_hints(void **state) {
    (void)state;
    static const struct {
        char kind;             /* b: bytes, d: duration */
        const char *in, *hint; /* hint NULL: no "did you mean" */
    } cases[] = {
        {'b', "100B", "100"},    {'b', "100 bytes", "100"},
        {'b', "7bytes", "7"},    {'b', "3Mib", "3Mi"},
        {'b', "1.5Tb", "1.5Ti"}, {'b', "5 kb", "5Ki"},
        {'b', "100 ", "100"},    {'b', "2 Gx", NULL},
        {'d', "90 secs", "90s"}, {'d', "5 hours 3 minutes", "5h3m"},
        {'d', "2 days", "48h"},  {'d', "1 day 2 hours", "24h2h"},
        {'d', "1.5 days", NULL}, {'d', "3 weeks", NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char err[256] = "";
        int64_t v = 0;
        sim_time_t us = 0;
        int rc = cases[k].kind == 'b' ? quantity_parse_bytes(cases[k].in, &v, err, sizeof err)
                                      : quantity_parse_duration(cases[k].in, &us, err, sizeof err);
        assert_int_equal(rc, -1);
        const char *dym = strstr(err, "(did you mean \"");
        if (!cases[k].hint) {
            if (dym) fail_msg("%s: unexpected hint in %s", cases[k].in, err);
            continue;
        }
        char want[64];
        snprintf(want, sizeof want, "(did you mean \"%s\"?)", cases[k].hint);
        if (!dym || strcmp(dym, want)) fail_msg("%s: expected %s in %s", cases[k].in, want, err);
        /* the hint itself parses */
        rc = cases[k].kind == 'b' ? quantity_parse_bytes(cases[k].hint, &v, err, sizeof err)
                                  : quantity_parse_duration(cases[k].hint, &us, err, sizeof err);
        assert_int_equal(rc, 0);
    }
    sim_time_t us = 0;
    assert_int_equal(quantity_parse_duration("24h2h", &us, NULL, 0), 0);
    assert_true(us == 26 * 3600 * SIM_SEC);
    assert_int_equal(quantity_parse_duration("5h3m", &us, NULL, 0), 0);
    assert_true(us == (5 * 3600 + 3 * 60) * SIM_SEC);
    /* the most negative duration prints as its magnitude (saturated) with a sign */
    char buf[64];
    assert_string_equal(quantity_format_duration(INT64_MIN, buf, sizeof buf),
                        "-2562047788h54.775807s");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cpu),
        cmocka_unit_test(test_cpu_numbers),
        cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_bytes_numbers),
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_duration_seconds),
        cmocka_unit_test(test_errors_leave_output_and_accept_null_err),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_more_hints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
