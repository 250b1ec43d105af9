/* traffic: the request model against queueing theory. One pod with c workers, exponential
 * service and Poisson arrivals is an M/M/c queue, so the simulated latencies must match
 * the closed forms (M/M/1 mean and p99; Erlang C for M/M/10). */
#include "test_util.h"

#include <stdlib.h>
#include <string.h>

#include "fluid_queue.h"
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

/* The Service's balancing across four single-worker pods (mu 100/s each) at lambda 240/s.
 * random (kube-proxy iptables mode: a uniform random endpoint per connection) thins the
 * Poisson arrivals into four Poisson streams of 60/s: four M/M/1 queues, mean sojourn
 * 1/(mu - 60) = 25 ms, p99 ln(100)/40 s. round-robin (IPVS rr) and least-request (Envoy's
 * LEAST_REQUEST: the less busy of two random endpoints, "power of two choices") both do
 * better, and no dispatcher beats one shared queue (M/M/4, Erlang C). */
static void test_load_balancing_modes(void **state) {
    (void)state;
    static const char *const modes[] = {"random", "round-robin", "least-request"};
    double mean[3];
    for (int i = 0; i < 3; i++) {
        char buf[1024];
        snprintf(buf, sizeof buf,
                 "{\"name\": \"lb\", \"seed\": 11, \"duration\": \"1500s\","
                 " \"metrics\": {\"interval\": \"10s\", \"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1, \"cpu\": \"8\","
                 " \"memory\": \"16Gi\"}]},"
                 " \"services\": [{\"name\": \"q\", \"replicas\": 4, \"capacityRps\": 100,"
                 " \"concurrency\": 1, \"queueLimit\": 100000, \"loadBalancing\": \"%s\","
                 " \"traffic\": {\"rps\": 240}}]}",
                 modes[i]);
        scenario_t *sc;
        sim_t *s = run_text(buf, &sc);
        sim_summary_t m;
        assert_true(sim_summary(s, 0, &m));
        assert_int_equal(m.failed, 0);
        mean[i] = m.mean_ms;
        if (i == 0) {
            double want_p99 = log(100.0) / 40.0 * 1000.0;
            assert_near(m.mean_ms, 25.0, 0.04 * 25.0);
            assert_near(m.p99_ms, want_p99, 0.06 * want_p99);
        }
        sim_destroy(s);
        scenario_free(sc);
    }
    double C = erlang_c(4, 2.4), shared = (C / (400.0 - 240.0) + 1 / 100.0) * 1000.0;
    print_message("mean sojourn: random %.2f ms, round-robin %.2f, least-request %.2f, "
                  "one queue %.2f\n",
                  mean[0], mean[1], mean[2], shared);
    assert_true(mean[1] < mean[0] * 0.9);
    assert_true(mean[2] < mean[0] * 0.9);
    assert_true(mean[1] > shared && mean[2] > shared);
}

/* The fluid model splits a service's traffic the way its router does: a canary with traffic
 * routing sends exactly setWeight % to the canary (argo rollout/trafficrouting: the Ingress
 * weight, not the pod ratio), and blue-green sends everything to the active ReplicaSet and
 * nothing to the preview until promotion (argo rollout/bluegreen.go). */
static void test_fluid_routes(void **state) {
    (void)state;
    static const char *const strategies[] = {
        "{\"type\": \"Canary\", \"canary\": {\"trafficRouting\": {\"ingress\": \"shop\"},"
        " \"steps\": [{\"setWeight\": 30}, {\"pause\": {}}]}}",
        "{\"type\": \"BlueGreen\", \"blueGreen\": {\"autoPromotionEnabled\": false}}",
    };
    for (int k = 0; k < 2; k++) {
        char buf[2048];
        snprintf(buf, sizeof buf,
                 "{\"name\": \"routes\", \"seed\": 5, \"duration\": \"90s\", \"fidelity\": "
                 "\"fluid\", \"metrics\": {\"interval\": \"1s\", \"pods\": false},"
                 " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 4, \"cpu\": \"8\","
                 " \"memory\": \"16Gi\"}]},"
                 " \"ingresses\": [{\"name\": \"shop\", \"rules\": [{\"host\": \"shop\","
                 " \"service\": \"web\"}]}],"
                 " \"services\": [{\"name\": \"web\", \"replicas\": 10, \"capacityRps\": 200,"
                 " \"concurrency\": 4, \"startup\": \"2s\", \"version\": \"v1\","
                 " \"versions\": {\"v2\": {}}, \"strategy\": %s, \"traffic\": {\"rps\": 1000}}],"
                 " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\": \"web\","
                 " \"version\": \"v2\"}]}",
                 strategies[k]);
        scenario_t *sc;
        sim_t *s = run_text(buf, &sc);
        const sim_sample_t *rows;
        int n = sim_samples(s, 0, &rows);
        assert_true(n >= 85);
        const sim_sample_t *at = &rows[60]; /* the second at 61 s: the update is paused */
        double v1 = at->version_served_rps[0], v2 = at->version_served_rps[1];
        if (k == 0) {
            assert_near(v2, 300, 1e-6);
            assert_near(v1, 700, 1e-6);
        } else {
            assert_near(v2, 0, 1e-9);
            assert_near(v1, 1000, 1e-6);
        }
        sim_destroy(s);
        scenario_free(sc);
    }
}

/* ---- traffic.trace ---- */

/* A trace scenario as if it were in tests/scenarios/ (the trace path is relative to it). */
static sim_t *run_trace(const char *trace, const char *extra, const char *duration, const char *fid,
                        scenario_t **sc_out) {
    char json[1024];
    snprintf(json, sizeof json,
             "{\"name\": \"trace\", \"duration\": \"%s\", \"fidelity\": \"%s\","
             " \"metrics\": {\"interval\": \"1h\", \"pods\": false},"
             " \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]},"
             " \"services\": [{\"name\": \"web\", \"replicas\": 0,"
             " \"traffic\": {\"trace\": {\"file\": \"../traces/%s\"%s}}}]}",
             duration, fid, trace, extra);
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    if (scenario_load_text(json, "tests/scenarios/trace.json", NULL, 0, &sc, &d) != 0) {
        for (int i = 0; i < d.count; i++)
            fprintf(stderr, "%s\n", d.items[i]);
        fail_msg("trace scenario did not load");
    }
    diag_free(&d);
    sim_options_t o = {0};
    sim_t *s = sim_create(sc, &o, &d);
    assert_non_null(s);
    assert_int_equal(sim_run(s), 0);
    *sc_out = sc;
    return s;
}

/* The integral of tests/traces/diurnal.csv (1-minute samples, linear between them) over
 * [from, to] seconds from its first sample, read here independently of the loader. */
static double diurnal_integral(double from, double to) {
    FILE *f = fopen("tests/traces/diurnal.csv", "r");
    assert_non_null(f);
    char line[128];
    double prev = -1, sum = 0, t = -60;
    while (fgets(line, sizeof line, f)) {
        const char *c = strchr(line, ',');
        if (!c || line[0] == 't') continue;
        double r = strtod(c + 1, NULL);
        t += 60;
        double a = fmax(t - 60, from), b = fmin(t, to);
        if (prev >= 0 && b > a) {
            double ra = prev + (r - prev) * (a - (t - 60)) / 60;
            double rb = prev + (r - prev) * (b - (t - 60)) / 60;
            sum += (ra + rb) / 2 * (b - a);
        }
        prev = r;
    }
    fclose(f);
    return sum;
}

/* A day of a diurnal series (5.5 million arrivals, thinned against the series): the count
 * is within 1 % of the rate's integral (the Poisson sd is 0.04 %: 4 sd is asserted), fluid
 * fidelity integrates the same function (within a request), and the same series as a
 * Prometheus range query gives the very same arrivals. */
static void test_trace_arrivals_follow_integral(void **state) {
    (void)state;
    double want = diurnal_integral(0, 86400);
    scenario_t *sc, *sc2, *sc3;
    sim_t *s = run_trace("diurnal.csv", "", "24h", "requests", &sc);
    sim_summary_t m, m2, m3;
    assert_true(sim_summary(s, 0, &m));
    print_message("trace: %llu arrivals, integral %.1f (%+.4f %%)\n",
                  (unsigned long long)m.requests, want, 100 * ((double)m.requests - want) / want);
    assert_near((double)m.requests, want, 0.01 * want);
    assert_near((double)m.requests, want, 4 * sqrt(want));
    sim_t *s2 = run_trace("diurnal-prometheus.json", "", "24h", "requests", &sc2);
    assert_true(sim_summary(s2, 0, &m2));
    assert_int_equal(m.requests, m2.requests);
    assert_int_equal(sc->services[0].pattern_count, sc2->services[0].pattern_count);
    assert_memory_equal(sc->services[0].pattern, sc2->services[0].pattern,
                        sizeof(traffic_point_t) * (size_t)sc->services[0].pattern_count);
    sim_t *s3 = run_trace("diurnal.csv", "", "24h", "fluid", &sc3);
    assert_true(sim_summary(s3, 0, &m3));
    assert_near((double)m3.requests, want, 1.0);
    sim_destroy(s);
    sim_destroy(s2);
    sim_destroy(s3);
    scenario_free(sc);
    scenario_free(sc2);
    scenario_free(sc3);
}

/* scale multiplies every rate; offset starts the run that far into the trace (here at
 * 12:00:30, half-way between two samples: the start rate is their mean). */
static void test_trace_scale_offset(void **state) {
    (void)state;
    scenario_t *sc;
    sim_t *s =
        run_trace("diurnal.csv", ", \"scale\": 0.5, \"offset\": \"12h30s\"", "6h", "fluid", &sc);
    const service_spec_t *sv = &sc->services[0];
    /* 12:00 and 12:01 in diurnal.csv */
    assert_near(sv->rps, (97.525 + 96.413) / 2 * 0.5, 1e-9);
    assert_int_equal(sv->pattern[0].at, 0);
    assert_int_equal(sv->pattern[0].ramp, 30 * SIM_SEC);
    assert_int_equal(sv->pattern[1].at, 30 * SIM_SEC);
    sim_summary_t m;
    assert_true(sim_summary(s, 0, &m));
    double want = 0.5 * diurnal_integral(12 * 3600 + 30, 18 * 3600 + 30);
    assert_near((double)m.requests, want, 1.0);
    sim_destroy(s);
    scenario_free(sc);
}

/* Per-request routing under a router, in the random and least-request modes: a canary at
 * setWeight 20 behind an Ingress gets 20 % of the requests whatever its pod count (one pod of
 * five here: argo rollout/trafficrouting sets the nginx canary-weight, the balancing mode
 * only picks a pod inside each side), and a blue-green preview gets none before promotion
 * (rollout/bluegreen.go: the active Service selects the active ReplicaSet only). Over 50 s at
 * 300 req/s the canary share's standard deviation is sqrt(0.2 x 0.8 / 15000) = 0.33 %. */
static void test_routed_modes(void **state) {
    (void)state;
    static const char *const modes[] = {"random", "least-request"};
    static const char *const strategies[] = {
        "{\"type\": \"Canary\", \"canary\": {\"trafficRouting\": {\"ingress\": \"shop\"},"
        " \"steps\": [{\"setWeight\": 20}, {\"pause\": {}}]}}",
        "{\"type\": \"BlueGreen\", \"blueGreen\": {\"autoPromotionEnabled\": false}}",
    };
    for (int m = 0; m < 2; m++)
        for (int k = 0; k < 2; k++) {
            char buf[2048];
            snprintf(
                buf, sizeof buf,
                "{\"name\": \"routed\", \"seed\": 9, \"duration\": \"90s\","
                " \"metrics\": {\"interval\": \"1s\", \"pods\": false},"
                " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 4, \"cpu\": \"8\","
                " \"memory\": \"16Gi\"}]},"
                " \"ingresses\": [{\"name\": \"shop\", \"rules\": [{\"host\": \"shop\","
                " \"service\": \"web\"}]}],"
                " \"services\": [{\"name\": \"web\", \"replicas\": 5, \"capacityRps\": 200,"
                " \"concurrency\": 4, \"startup\": \"2s\", \"version\": \"v1\","
                " \"loadBalancing\": \"%s\", \"versions\": {\"v2\": {}}, \"strategy\": %s,"
                " \"traffic\": {\"rps\": 300}}],"
                " \"events\": [{\"at\": \"10s\", \"action\": \"deploy\", \"service\": \"web\","
                " \"version\": \"v2\"}]}",
                modes[m], strategies[k]);
            scenario_t *sc;
            sim_t *s = run_text(buf, &sc);
            const sim_sample_t *rows;
            int n = sim_samples(s, 0, &rows);
            assert_true(n >= 89);
            double v1 = 0, v2 = 0;
            for (int i = 39; i < 89; i++)
                v1 += rows[i].version_served_rps[0], v2 += rows[i].version_served_rps[1];
            if (k == 0)
                assert_near(v2 / (v1 + v2), 0.2, 0.015);
            else
                assert_near(v2, 0, 1e-9);
            sim_destroy(s);
            scenario_free(sc);
        }
}

/* ---- fluid_queue: the stationary tables against closed forms ---- */

/* M/M/1 (one worker, Poisson arrivals: order 1): the sojourn time is exponential of rate
 * mu (1 - rho), so in units of the mean service time its mean is 1 / (1 - rho) and its
 * quantile at p is -ln(1 - p) / (1 - rho) (Kleinrock, Queueing Systems vol. 1, eq. 3.25;
 * the same holds for G/M/1 with Erlang(1) arrivals). Every load in thousandths, 0 to 0.999,
 * is asked twice: the cache hands back the same table (it grows from 256 slots to 2,048 on
 * the way), and round-robin orders outside 1..64 are clamped to 1 and 64. */
static void test_fluid_mm1_tables(void **state) {
    (void)state;
    const char *json = "{\"name\": \"q\", \"duration\": \"1m\", \"fidelity\": \"fluid\","
                       " \"cluster\": {\"nodePools\": [{\"name\": \"n\"}]},"
                       " \"services\": [{\"name\": \"web\"}]}";
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    assert_int_equal(scenario_load_text(json, "q.json", NULL, 0, &sc, &d), 0);
    sim_options_t o = {0};
    sim_t *s = sim_create(sc, &o, &d);
    assert_non_null(s);
    const double *first[1000];
    for (int r = 0; r < 1000; r++) {
        const double *q = fluid_queue_stationary(s, 1, r, 1);
        assert_non_null(q);
        first[r] = q;
        double rho = r / 1000.0, mean = 1 / (1 - rho);
        assert_near(q[FLUID_POINTS], mean, 1e-6 * mean);
        for (int k = 0; k < FLUID_POINTS; k += 5) {
            double want = -log(1 - fluid_knots[k]) * mean;
            assert_near(q[k], want, 1e-3 * want + 1e-9);
        }
    }
    for (int r = 0; r < 1000; r++)
        assert_ptr_equal(fluid_queue_stationary(s, 1, r, 1), first[r]);
    assert_ptr_equal(fluid_queue_stationary(s, 1, 500, 0), first[500]);
    assert_ptr_equal(fluid_queue_stationary(s, 2, 500, 200), fluid_queue_stationary(s, 2, 500, 64));
    sim_destroy(s);
    scenario_free(sc);
    diag_free(&d);
}

/* ---- traffic entering at an Ingress with a shape ---- */

#define RAMP_PATTERN                                                                               \
    "\"pattern\": [{\"at\": \"10s\", \"rps\": %g, \"ramp\": \"20s\"}, {\"at\": \"40s\", "          \
    "\"rps\": %g}]"

/* Three services (web, api, admin) behind rules "/" -> web and "/api" -> api; `traffic` is
 * either the Ingress's (a ramp 100 -> 400 req/s, then a step to 200, shared by three classes
 * of path) or each service's own. `api_rule` false deletes the "/api" rule. */
static const char *ramp_scenario(char *buf, size_t n, bool at_ingress, bool api_rule) {
    char web[256], api[256], ing[1024];
    snprintf(web, sizeof web, ", \"traffic\": {\"rps\": 50, " RAMP_PATTERN "}", 200.0, 100.0);
    snprintf(api, sizeof api, ", \"traffic\": {\"rps\": 50, " RAMP_PATTERN "}", 200.0, 100.0);
    snprintf(ing, sizeof ing,
             ", \"traffic\": {\"rps\": 100, " RAMP_PATTERN
             ", \"requests\": [{\"path\": \"/index.html\", \"share\": 0.5}, {\"path\": "
             "\"/api/a\", \"share\": 0.25}, {\"path\": \"/api/b\", \"share\": 0.25}]}",
             400.0, 200.0);
    snprintf(buf, n,
             "{\"name\": \"ramp\", \"seed\": 3, \"duration\": \"60s\", \"metrics\": {\"interval\":"
             " \"10s\", \"pods\": false}, \"cluster\": {\"nodePools\": [{\"name\": \"n\", "
             "\"count\": 2, \"cpu\": \"16\", \"memory\": \"32Gi\"}]}, \"services\": ["
             "{\"name\": \"web\", \"replicas\": 4, \"capacityRps\": 200, \"concurrency\": 8%s},"
             " {\"name\": \"api\", \"replicas\": 4, \"capacityRps\": 200, \"concurrency\": 8%s},"
             " {\"name\": \"admin\", \"replicas\": 1, \"capacityRps\": 200}],"
             " \"ingresses\": [{\"name\": \"shop\", \"rules\": [{\"path\": \"/\", \"service\": "
             "\"web\"}%s, {\"path\": \"/admin\", \"service\": \"admin\"}]%s}]}",
             at_ingress ? "" : web, at_ingress ? "" : api,
             api_rule ? ", {\"path\": \"/api\", \"service\": \"api\"}" : "", at_ingress ? ing : "");
    return buf;
}

/* An Ingress's ramp split by its rules is the services' own ramps: each routed service plays
 * its share of every point (the rate is linear in the points), so the arrivals are the very
 * same as with the equivalent per-service traffic; the count follows the rate's integral
 * (100 x 10 s + 250 x 20 s + 400 x 10 s + 200 x 20 s = 14,000 requests in all, closed form).
 * Deleting the "/api" rule sends /api/a and /api/b to "/" (networking.k8s.io/v1 Prefix: the
 * longest matching path wins): web then plays the whole ramp and api gets nothing. */
static void test_ingress_ramp_matches_services(void **state) {
    (void)state;
    static char a[4096], b[4096];
    scenario_t *sca, *scb;
    sim_t *sa = run_text(ramp_scenario(a, sizeof a, true, true), &sca);
    sim_t *sb = run_text(ramp_scenario(b, sizeof b, false, true), &scb);
    for (int i = 0; i < 3; i++) {
        const service_spec_t *x = &sca->services[i], *y = &scb->services[i];
        assert_near(x->rps, y->rps, 0);
        assert_int_equal(x->pattern_count, y->pattern_count);
        if (x->pattern_count)
            assert_memory_equal(x->pattern, y->pattern,
                                sizeof(traffic_point_t) * (size_t)x->pattern_count);
        sim_summary_t ma, mb;
        assert_true(sim_summary(sa, i, &ma));
        assert_true(sim_summary(sb, i, &mb));
        assert_int_equal(ma.requests, mb.requests);
        assert_int_equal(ma.failed, mb.failed);
    }
    const traffic_shape_t *t = &sca->ingresses[0].traffic;
    assert_near(scenario_traffic_integral(t, 60 * SIM_SEC), 14000, 1e-6);
    assert_near(scenario_traffic_integral(t, 20 * SIM_SEC), 1000 + 175 * 10, 1e-6);
    sim_summary_t web, api;
    assert_true(sim_summary(sa, 0, &web));
    assert_true(sim_summary(sa, 1, &api));
    /* 7,000 expected each: Poisson sd 84, 4 sd asserted */
    assert_near((double)web.requests, 7000, 4 * sqrt(7000));
    assert_near((double)api.requests, 7000, 4 * sqrt(7000));
    sim_destroy(sa);
    sim_destroy(sb);
    scenario_free(sca);
    scenario_free(scb);
    /* without the /api rule */
    sa = run_text(ramp_scenario(a, sizeof a, true, false), &sca);
    assert_near(sca->services[0].rps, 100, 0);
    assert_near(sca->services[0].pattern[0].rps, 400, 0);
    assert_near(sca->services[1].rps, 0, 0);
    assert_int_equal(sca->services[1].pattern_count, 0);
    assert_true(sim_summary(sa, 0, &web));
    assert_true(sim_summary(sa, 1, &api));
    assert_near((double)web.requests, 14000, 4 * sqrt(14000));
    assert_int_equal(api.requests, 0);
    sim_destroy(sa);
    scenario_free(sca);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mm1),
        cmocka_unit_test(test_load_balancing_modes),
        cmocka_unit_test(test_fluid_routes),
        cmocka_unit_test(test_routed_modes),
        cmocka_unit_test(test_mm10_erlang_c),
        cmocka_unit_test(test_fluid_matches),
        cmocka_unit_test(test_round_robin_e4m1),
        cmocka_unit_test(test_no_endpoint_fails),
        cmocka_unit_test(test_arrival_counts_exact),
        cmocka_unit_test(test_tiny_rate),
        cmocka_unit_test(test_latency_after_50_days),
        cmocka_unit_test(test_trace_arrivals_follow_integral),
        cmocka_unit_test(test_trace_scale_offset),
        cmocka_unit_test(test_fluid_mm1_tables),
        cmocka_unit_test(test_ingress_ramp_matches_services),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
