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
    for (int i = 0; i < NDRAW; i++)
        inc[i] = 1 + (sim_time_t)gsl_ran_exponential(r, 1e6);
    for (uint32_t i = 0; i < pending; i++)
        engine_schedule(e, inc[i % NDRAW] * (i % 97 + 1), 1, i, 0);
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

/* The baseline the engine must beat at 1M pending: a plain binary heap whose entries carry
 * the event (time, insertion sequence, kind, two arguments), no handles, no cancellation. */
typedef struct {
    sim_time_t time;
    uint64_t seq;
    uint32_t kind, a;
    uint64_t b;
} plain_ev_t;

static inline bool plain_less(const plain_ev_t *x, const plain_ev_t *y) {
    return x->time != y->time ? x->time < y->time : x->seq < y->seq;
}

static void plain_push(plain_ev_t *h, uint32_t *n, plain_ev_t ev) {
    uint32_t pos = (*n)++;
    while (pos > 0) {
        uint32_t parent = (pos - 1) / 2;
        if (!plain_less(&ev, &h[parent])) break;
        h[pos] = h[parent];
        pos = parent;
    }
    h[pos] = ev;
}

static plain_ev_t plain_pop(plain_ev_t *h, uint32_t *n) {
    plain_ev_t top = h[0], last = h[--(*n)];
    uint32_t pos = 0;
    for (;;) {
        uint32_t c = 2 * pos + 1;
        if (c >= *n) break;
        if (c + 1 < *n && plain_less(&h[c + 1], &h[c])) c++;
        if (!plain_less(&h[c], &last)) break;
        h[pos] = h[c];
        pos = c;
    }
    h[pos] = last;
    return top;
}

static void hold_plain(uint32_t pending, uint64_t ops) {
    plain_ev_t *h = malloc(sizeof *h * (size_t)(pending + 1));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(r, 1);
    enum { NDRAW = 1 << 16 };
    sim_time_t *inc = malloc(sizeof *inc * NDRAW);
    for (int i = 0; i < NDRAW; i++)
        inc[i] = 1 + (sim_time_t)gsl_ran_exponential(r, 1e6);
    uint32_t n = 0;
    uint64_t seq = 0;
    for (uint32_t i = 0; i < pending; i++)
        plain_push(h, &n, (plain_ev_t){inc[i % NDRAW] * (i % 97 + 1), seq++, 1, i, 0});
    double t0 = seconds();
    for (uint64_t i = 0; i < ops; i++) {
        plain_ev_t ev = plain_pop(h, &n);
        plain_push(h, &n, (plain_ev_t){ev.time + inc[i & (NDRAW - 1)], seq++, 1, ev.a, 0});
    }
    double dt = seconds() - t0;
    printf("plain binary heap,  %7u pending: %6.1f M events/s (baseline)\n", pending,
           (double)ops / dt / 1e6);
    free(inc);
    gsl_rng_free(r);
    free(h);
}

static void requests(void) {
    const char *json = "{\"name\": \"M/M/10\", \"seed\": 1, \"duration\": \"4000s\","
                       " \"metrics\": {\"interval\": \"10s\", \"pods\": false},"
                       " \"cluster\": {\"nodePools\": [{\"name\": \"n\", \"count\": 1, \"cpu\": "
                       "\"8\", \"memory\": \"16Gi\"}]},"
                       " \"services\": [{\"name\": \"q\", \"replicas\": 1, \"capacityRps\": 1000, "
                       "\"concurrency\": 10,"
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
    printf("request model, M/M/10 at rho 0.9: %.2f M requests/s (%llu requests, %llu events in "
           "%.2f s)\n",
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
    hold_plain(1000, 20000000);
    hold_plain(100000, 20000000);
    hold_plain(1000000, 10000000);
    requests();
    return 0;
}
