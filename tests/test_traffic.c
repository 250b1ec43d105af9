/* traffic: the request model against queueing theory. One pod with c workers, exponential
 * service and Poisson arrivals is an M/M/c queue, so the simulated latencies must match
 * the closed forms (M/M/1 mean and p99; Erlang C for M/M/10). */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "sim.h"

static sim_t *run_text(const char *json, scenario_t **sc_out) {
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    if (scenario_load_text(json, "test.json", NULL, 0, &sc, &d) != 0) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        fail_msg("scenario did not load");
    }
    diag_free(&d);
    sim_options_t o = {0};
    sim_t *s = sim_create(sc, &o, &d);
    assert_non_null(s);
    assert_int_equal(sim_run(s), 0);
    *sc_out = sc;
    return s;
}

static const char *fidelity = "requests";

static const char *mm_scenario(char *buf, size_t n, int concurrency, double capacity, double rps,
                               const char *duration) {
    snprintf(buf, n,
             "{\"name\": \"queue\", \"seed\": 7, \"duration\": \"%s\", \"fidelity\": \"%s\","
             " \"metrics\": {\"interval\": \"10s\", \"pods\": false},"
             " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1, \"cpu\": \"8\", "
             "\"memory\": \"16Gi\"}]},"
             " \"services\": [{\"name\": \"q\", \"replicas\": 1, \"capacityRps\": %g, "
             "\"concurrency\": %d,"
             " \"queueLimit\": 100000, \"traffic\": {\"rps\": %g}}]}",
             duration, fidelity, capacity, concurrency, rps);
    return buf;
}

/* M/M/1, lambda 50/s, mu 100/s: sojourn ~ Exp(mu - lambda), mean 20 ms, p99 ln(100)/50 s. */
static void test_mm1(void **state) {
    (void)state;
    char buf[1024];
    scenario_t *sc;
    sim_t *s = run_text(mm_scenario(buf, sizeof buf, 1, 100, 50, "4000s"), &sc);
    sim_summary_t m;
    assert_true(sim_summary(s, 0, &m));
    assert_true(m.served > 190000);
    assert_int_equal(m.failed, 0);
    double want_mean = 20.0, want_p99 = log(100.0) / 50.0 * 1000.0;
    assert_near(m.mean_ms, want_mean, 0.03 * want_mean);
    assert_near(m.p99_ms, want_p99, 0.05 * want_p99);
    sim_destroy(s);
    scenario_free(sc);
}

/* Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = l/mu. */
static double erlang_c(int c, double a) {
    double term = 1, sum = 1; /* a^k / k! for k = 0 */
    for (int k = 1; k < c; k++) {
        term *= a / k;
        sum += term;
    }
    double last = term * a / c; /* a^c / c! */
    double rho = a / c;
    double top = last / (1 - rho);
    return top / (sum + top);
}

/* P(sojourn > t) for M/M/c: no wait with 1 - C, else Exp(theta) wait plus Exp(mu) service. */
static double sojourn_tail(double t, double C, double mu, double theta) {
    double both = fabs(theta - mu) < 1e-9
                      ? exp(-mu * t) * (1 + mu * t)
                      : (mu * exp(-theta * t) - theta * exp(-mu * t)) / (mu - theta);
    return (1 - C) * exp(-mu * t) + C * both;
}

/* M/M/10 at lambda 900/s, mu 100/s per worker (rho 0.9). */
static void test_mm10_erlang_c(void **state) {
    (void)state;
    char buf[1024];
    scenario_t *sc;
    sim_t *s = run_text(mm_scenario(buf, sizeof buf, 10, 1000, 900, "8000s"), &sc);
    sim_summary_t m;
    assert_true(sim_summary(s, 0, &m));
    const int c = 10;
    const double lambda = 900, mu = 100;
    double C = erlang_c(c, lambda / mu);
    double theta = c * mu - lambda;
    double want_mean = (C / theta + 1 / mu) * 1000.0;
    double lo = 0, hi = 1;
    for (int i = 0; i < 200; i++) {
        double mid = (lo + hi) / 2;
        if (sojourn_tail(mid, C, mu, theta) > 0.01)
            lo = mid;
        else
            hi = mid;
    }
    double want_p99 = lo * 1000.0;
    print_message("M/M/10: Erlang C %.4f, mean %.3f ms (want %.3f), p99 %.3f ms (want %.3f)\n", C,
                  m.mean_ms, want_mean, m.p99_ms, want_p99);
    assert_near(m.mean_ms, want_mean, 0.03 * want_mean);
    assert_near(m.p99_ms, want_p99, 0.05 * want_p99);
    sim_destroy(s);
    scenario_free(sc);
}

/* The fluid model computes the same queue from the closed forms: it must agree too. */
static void test_fluid_matches(void **state) {
    fidelity = "fluid";
    test_mm1(state);
    test_mm10_erlang_c(state);
    fidelity = "requests";
}

/* Round-robin over 4 pods of one worker each, 280 req/s at 100 req/s per pod: each pod gets
 * every 4th request of a Poisson stream, Erlang(4) inter-arrival times, so it is an E4/M/1
 * queue, not M/M/1. G/M/1 (Kleinrock, Queueing Systems vol. 1, section 6.4): the sojourn is
 * Exp(mu (1 - sigma)), sigma the root in (0, 1) of sigma = (4 lambda / (4 lambda + mu (1 -
 * sigma)))^4; here sigma = 0.553, mean 22.4 ms (M/M/1 would say 33.3 ms). Both fidelities. */
static void round_robin_e4m1(const char *fid) {
    char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"name\": \"rr\", \"seed\": 3, \"duration\": \"1000s\", \"fidelity\": \"%s\","
             " \"metrics\": {\"interval\": \"10s\", \"pods\": false},"
             " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1, \"cpu\": \"8\", "
             "\"memory\": \"16Gi\"}]},"
             " \"services\": [{\"name\": \"q\", \"replicas\": 4, \"capacityRps\": 100, "
             "\"concurrency\": 1, \"queueLimit\": 100000, \"traffic\": {\"rps\": 280}}]}",
             fid);
    scenario_t *sc;
    sim_t *s = run_text(buf, &sc);
    sim_summary_t m;
    assert_true(sim_summary(s, 0, &m));
    const double lambda = 70, mu = 100;
    double lo = 0, hi = lambda / mu; /* f(x) - x > 0 below the root */
    for (int i = 0; i < 100; i++) {
        double mid = (lo + hi) / 2;
        if (pow(4 * lambda / (4 * lambda + mu * (1 - mid)), 4) > mid)
            lo = mid;
        else
            hi = mid;
    }
    double rate = mu * (1 - lo);
    double want_mean = 1000.0 / rate, want_p99 = log(100.0) / rate * 1000.0;
    print_message("E4/M/1 (%s): sigma %.4f, mean %.3f ms (want %.3f), p99 %.3f ms (want %.3f)\n",
                  fid, lo, m.mean_ms, want_mean, m.p99_ms, want_p99);
    assert_near(m.mean_ms, want_mean, 0.03 * want_mean);
    assert_near(m.p99_ms, want_p99, 0.05 * want_p99);
    sim_destroy(s);
    scenario_free(sc);
}

static void test_round_robin_e4m1(void **state) {
    (void)state;
    round_robin_e4m1("requests");
    round_robin_e4m1("fluid");
}

/* No endpoint at all: every request fails, and the time counts as downtime. */
static void test_no_endpoint_fails(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"none\", \"duration\": \"10s\", \"metrics\": {\"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1, \"cpu\": \"1\", "
        "\"memory\": \"1Gi\"}]},"
        " \"services\": [{\"name\": \"big\", \"replicas\": 1, \"resources\": {\"cpu\": \"2\"},"
        " \"traffic\": {\"rps\": 100}}]}";
    scenario_t *sc;
    sim_t *s = run_text(json, &sc);
    sim_summary_t m;
    assert_true(sim_summary(s, 0, &m));
    assert_true(m.requests > 800);
    assert_int_equal(m.served, 0);
    assert_int_equal(m.failed, m.requests);
    assert_near(m.downtime_s, 10.0, 0.001);
    sim_destroy(s);
    scenario_free(sc);
}

/* Poisson arrivals at rate r for T seconds number r*T on average. Arrival times used to be cut
 * to whole microseconds (10^5 req/s gave 4 % too many, 10^6 was a hard cap); the fraction of a
 * microsecond is now carried, so at every rate up to the requests fidelity's limit the count is
 * within 0.5 % of r*T (about 400,000 arrivals per rate: the Poisson sd is 0.16 %). No pod
 * serves (replicas 0), so each arrival is one event that fails at once. */
static void test_arrival_counts_exact(void **state) {
    (void)state;
    const double rates[] = {1, 10, 1e3, 3e4, 1e5, 3e5, 1e6};
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
        double secs = 4e5 / rates[i];
        char json[1024];
        snprintf(
            json, sizeof json,
            "{\"name\": \"arrivals\", \"duration\": %.6f, \"metrics\": {\"interval\": %.6f,"
            " \"pods\": false}, \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]},"
            " \"services\": [{\"name\": \"web\", \"replicas\": 0, \"traffic\": {\"rps\": %.17g}}]}",
            secs, secs / 4, rates[i]);
        scenario_t *sc;
        sim_t *s = run_text(json, &sc);
        sim_summary_t m;
        assert_true(sim_summary(s, 0, &m));
        double expected = rates[i] * secs;
        print_message("%g req/s for %g s: %llu arrivals, expected %.0f (%+.3f %%)\n", rates[i],
                      secs, (unsigned long long)m.requests, expected,
                      100 * ((double)m.requests - expected) / expected);
        assert_near((double)m.requests, expected, 0.005 * expected);
        sim_destroy(s);
        scenario_free(sc);
    }
}

/* A rate of 5e-324 req/s means no arrival in any run: the next arrival lies beyond the clock
 * (it used to become an event at a negative time, looping at one instant). */
static void test_tiny_rate(void **state) {
    (void)state;
    const char *json = "{\"name\": \"tiny\", \"duration\": \"10s\", \"metrics\": {\"pods\": false},"
                       " \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]},"
                       " \"services\": [{\"name\": \"web\", \"traffic\": {\"rps\": 5e-324,"
                       " \"pattern\": [{\"at\": \"5s\", \"rps\": 5e-324, \"ramp\": \"2s\"}]}}]}";
    scenario_t *sc;
    sim_t *s = run_text(json, &sc);
    sim_summary_t m;
    assert_true(sim_summary(s, 0, &m));
    assert_int_equal(m.requests, 0);
    sim_destroy(s);
    scenario_free(sc);
}

/* A request's arrival time is packed modulo 2^42 us (50.9 days): its latency is still exact
 * in a run of 1500 hours (it was off by 2^42 us once the clock passed 50.9 days). */
static void test_latency_after_50_days(void **state) {
    (void)state;
    const char *json =
        "{\"name\": \"long\", \"duration\": \"1500h\", \"metrics\": {\"interval\": \"100h\","
        " \"pods\": false}, \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]},"
        " \"services\": [{\"name\": \"web\", \"traffic\": {\"rps\": 0.01}}]}";
    scenario_t *sc;
    sim_t *s = run_text(json, &sc);
    sim_summary_t m;
    assert_true(sim_summary(s, 0, &m));
    assert_true(m.requests > 50000);
    /* one pod, 100 req/s capacity, 0.01 req/s: latency is the service time (mean 40 ms) */
    assert_true(m.p99_ms > 0 && m.p99_ms < 1000);
    assert_near(m.mean_ms, 40.0, 2.0);
    sim_destroy(s);
    scenario_free(sc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mm1),
        cmocka_unit_test(test_mm10_erlang_c),
        cmocka_unit_test(test_fluid_matches),
        cmocka_unit_test(test_round_robin_e4m1),
        cmocka_unit_test(test_no_endpoint_fails),
        cmocka_unit_test(test_arrival_counts_exact),
        cmocka_unit_test(test_tiny_rate),
        cmocka_unit_test(test_latency_after_50_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
