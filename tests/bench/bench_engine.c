/* bench_engine: the engine's hold model (pop the earliest event, schedule one later by an
 * exponential increment) at 1k, 100k and 1M pending events, and the request model's
 * requests per second on an M/M/10 queue. Prints one line per figure; `make bench` runs it. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "engine.h"
#include "sim.h"

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void hold(uint32_t pending, uint64_t ops) {
    engine_t *e = engine_create(pending);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 1);
    /* pre-drawn increments so the figure measures the queue, not the generator */
    enum { NDRAW = 1 << 16 };
    sim_time_t *inc = malloc(sizeof *inc * NDRAW);
    for (int i = 0; i < NDRAW; i++) inc[i] = 1 + (sim_time_t)gsl_ran_exponential(r, 1e6);
    for (uint32_t i = 0; i < pending; i++) engine_schedule(e, inc[i % NDRAW] * (i % 97 + 1), 1, i, 0);
    engine_event_t ev;
    double t0 = seconds();
    for (uint64_t i = 0; i < ops; i++) {
        engine_next(e, SIM_TIME_MAX, &ev);
        engine_schedule(e, ev.time + inc[i & (NDRAW - 1)], 1, ev.a, 0);
    }
    double dt = seconds() - t0;
    printf("engine hold model, %7u pending: %6.1f M events/s (%llu pops + schedules in %.2f s)\n",
           pending, (double)ops / dt / 1e6, (unsigned long long)ops, dt);
    free(inc);
    gsl_rng_free(r);
    engine_destroy(e);
}

static void requests(void) {
    const char *json =
        "{\"name\": \"M/M/10\", \"seed\": 1, \"duration\": \"4000s\","
        " \"metrics\": {\"interval\": \"10s\", \"pods\": false},"
        " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1, \"cpu\": \"8\", \"memory\": \"16Gi\"}]},"
        " \"services\": [{\"name\": \"q\", \"replicas\": 1, \"capacityRps\": 1000, \"concurrency\": 10,"
        " \"queueLimit\": 100000, \"traffic\": {\"rps\": 900}}]}";
    diag_t d;
    diag_init(&d);
    scenario_t *sc = NULL;
    if (scenario_load_text(json, "bench", NULL, 0, &sc, &d) != 0) {
        fprintf(stderr, "bench scenario did not load\n");
        exit(1);
    }
    sim_options_t o = {0};
    double t0 = seconds();
    sim_t *s = sim_create(sc, &o, &d);
    sim_run(s);
    double dt = seconds() - t0;
    sim_summary_t m;
    sim_summary(s, 0, &m);
    printf("request model, M/M/10 at rho 0.9: %.2f M requests/s (%llu requests, %llu events in %.2f s)\n",
           (double)m.requests / dt / 1e6, (unsigned long long)m.requests,
           (unsigned long long)sim_events_processed(s), dt);
    sim_destroy(s);
    scenario_free(sc);
    diag_free(&d);
}

int main(void) {
    hold(1000, 20000000);
    hold(100000, 20000000);
    hold(1000000, 10000000);
    requests();
    return 0;
}
